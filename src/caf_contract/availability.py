"""Availability of « Mon Compte Partenaire », its stops and the Caf's office hours (Art. 4, 3.1).

    « Prévenir les utilisateurs de tout arrêt programmé. » (Art. 3.1, a mission of
    the centre de services Caf)

    « "Mon Compte Partenaire" est disponible 24 heures / 24 et 7 jours sur 7 (hors
    opérations de maintenance nationale). La Caf n'assure pas d'astreinte en dehors de
    ses heures habituelles de bureaux et peut planifier des opérations diverses qui
    peuvent entraîner un arrêt de service. Pour tout arrêt des services planifiés par la
    Caf, le Centre de services Caf informera le responsable services du partenaire de
    tout arrêt des services dès connaissance de l'information. » (Art. 4)

- :class:`MaintenanceWindow` and :class:`Schedule`: stops, national or planned by the
  Caf, as half-open intervals ``[start, end)``; :func:`check_availability` is false exactly
  inside them.
- :func:`check_announcement`: every programmed stop, national maintenance included, is
  announced to the users before it starts (Art. 3.1 « Prévenir les utilisateurs de
  tout arrêt programmé »); a stop the Caf planned and knew of at ``t`` is announced
  from ``t`` to the partner's *responsable services*, who is the partner's direction
  unless the contract names one (Art. 4).
- :class:`OfficeHours` and :func:`check_caf_on_duty`: the office hours are data the caller
  supplies for its Caf (none is invented here); outside them, or on a day off of the
  Caf's calendar, nobody is on duty.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Final

import attrs

from caf_contract._format import WEEKDAYS, clock_text, day_text, moment_text
from caf_contract._html import Shown
from caf_contract._time import PARIS, aware, instant, optional_instant
from caf_contract._validate import (
    accepts,
    field_name,
    instance_of,
    is_aware,
    non_blank,
    optional,
    parse_enum,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar
from caf_contract.contract import Contract
from caf_contract.decision import Decision, Reason
from caf_contract.errors import ChronologyError, InvalidValueError, OverlappingWindowsError
from caf_contract.parties import Interlocutor, InterlocutorRole, is_placeholder
from caf_contract.remedy import Remedy

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "MaintenanceWindow",
    "OfficeHours",
    "Schedule",
    "StopKind",
    "check_announcement",
    "check_availability",
    "check_caf_on_duty",
    "is_available",
]


class StopKind(enum.StrEnum):
    """Why the service stops."""

    NATIONAL_MAINTENANCE = "maintenance nationale"
    PLANNED_BY_CAF = "arrêt planifié par la Caf"


def _kind(value: StopKind | str) -> StopKind:
    return parse_enum(StopKind, value, "MaintenanceWindow.kind")


def _end_after_start(
    instance: MaintenanceWindow, attribute: attrs.Attribute[Any], value: datetime
) -> None:
    if value <= instance.start:
        raise ChronologyError(
            "le début de l'arrêt (MaintenanceWindow.start)",
            instance.start,
            field_name(instance, attribute),
            value,
            strictly=True,
            article=Article.ART_4,
        )


_ANNOUNCED_UNDER: Final = {"announced_at": Article.ART_4, "users_informed_at": Article.ART_3_1}
"""The article each announcement of a stop is made under: to the partner, to the users."""


def _not_before_known(
    instance: MaintenanceWindow, attribute: attrs.Attribute[Any], value: datetime | None
) -> None:
    """One cannot announce what one does not know yet (Art. 4, and 3.1 for the users)."""
    known = instance.known_at
    if value is not None and known is not None and value < known:
        raise ChronologyError(
            "la connaissance de l'arrêt (MaintenanceWindow.known_at)",
            known,
            field_name(instance, attribute),
            value,
            article=_ANNOUNCED_UNDER[attribute.name],
        )


def _recipient_dated(
    instance: MaintenanceWindow, attribute: attrs.Attribute[Any], value: str | None
) -> None:
    if value is not None and instance.announced_at is None:
        raise InvalidValueError(
            field_name(instance, attribute),
            value,
            "la date de l'annonce (MaintenanceWindow.announced_at) avec son destinataire",
            problem="destinataire d'une annonce non datée",
            article=Article.ART_4,
        )


@attrs.frozen(kw_only=True)
class MaintenanceWindow(Shown):
    """A stop of the service, ``[start, end)``, and how it was announced.

    Attributes:
        start: the first instant of the stop (aware).
        end: the first instant the service is back (aware, after ``start``).
        kind: national maintenance or a stop planned by the Caf.
        known_at: when the Caf learnt of the stop (Art. 4; required to judge a stop
            planned by the Caf).
        announced_at: when the centre de services announced the stop to the
            partner (Art. 4), if it did; not before ``known_at`` (one cannot
            announce what one does not know yet).
        announced_to: to whom that announcement went, as written: a name or an
            e-mail address (it should designate the partner's *responsable
            services*). Only with ``announced_at``.
        users_informed_at: when the users were told of the stop (Art. 3.1), if they
            were; not before ``known_at`` either.
        description: what the stop is for.

    Raises:
        ChronologyError: ``end`` is not after ``start``; or ``announced_at`` or
            ``users_informed_at`` is before ``known_at`` (the error names the field).
    """

    start: datetime = attrs.field(converter=instant, validator=is_aware)
    end: datetime = attrs.field(converter=instant, validator=[is_aware, _end_after_start])
    kind: StopKind = attrs.field(default=StopKind.PLANNED_BY_CAF, converter=_kind)
    known_at: datetime | None = attrs.field(
        default=None, converter=optional_instant, validator=optional(is_aware)
    )
    announced_at: datetime | None = attrs.field(
        default=None,
        converter=optional_instant,
        validator=[optional(is_aware), _not_before_known],
    )
    announced_to: str | None = attrs.field(
        default=None, validator=[optional(non_blank), _recipient_dated]
    )
    users_informed_at: datetime | None = attrs.field(
        default=None,
        converter=optional_instant,
        validator=[optional(is_aware), _not_before_known],
    )
    description: str = attrs.field(default="", validator=instance_of(str, "un texte"))

    _html_caption = "Arrêt du service"
    _html_fields = (
        ("kind", "Nature"),
        ("start", "Du"),
        ("end", "Au"),
        ("description", "Objet"),
        ("known_at", "Connu de la Caf le"),
        ("announced_at", "Annoncé le"),
        ("announced_to", "Annoncé à"),
        ("users_informed_at", "Utilisateurs informés le"),
    )
    _html_columns = ("kind", "start", "end", "description", "announced_at")

    def contains(self, at: datetime) -> bool:
        """Whether the service is stopped at ``at``."""
        return self.start <= aware(at, "at") < self.end

    def __str__(self) -> str:
        what = f" ({self.description})" if self.description.strip() else ""
        return f"{self.kind} du {moment_text(self.start)} au {moment_text(self.end)}{what}"


def _windows(value: Iterable[MaintenanceWindow]) -> tuple[MaintenanceWindow, ...]:
    given = tuple_of(value, MaintenanceWindow, "Schedule.windows", "MaintenanceWindow(...)")
    windows = sorted(given, key=lambda window: window.start)
    for earlier, later in itertools.pairwise(windows):
        if later.start < earlier.end:
            index = next(number for number, window in enumerate(given) if window is later)
            raise OverlappingWindowsError(
                earlier, later, article=Article.ART_4, field=f"Schedule.windows[{index}]"
            )
    return tuple(windows)


@attrs.frozen
class Schedule(Shown):
    """Stops of the service, sorted by start, none overlapping another.

    Raises:
        OverlappingWindowsError: two windows overlap (``[a, b)`` and ``[b, c)`` do not).
    """

    windows: tuple[MaintenanceWindow, ...] = attrs.field(converter=_windows)
    _starts: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)

    _html_caption = "Arrêts du service"
    _html_fields = (("windows", "Arrêts"),)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(window.start for window in self.windows))

    def window_at(self, at: datetime) -> MaintenanceWindow | None:
        """The stop in progress at ``at``, if any (a binary search)."""
        moment = aware(at, "at")
        index = bisect.bisect_right(self._starts, moment) - 1
        if index >= 0 and moment < self.windows[index].end:
            return self.windows[index]
        return None


def _schedule(windows: Schedule | Iterable[MaintenanceWindow]) -> Schedule:
    return windows if isinstance(windows, Schedule) else Schedule(windows)


def is_available(at: datetime, windows: Schedule | Iterable[MaintenanceWindow]) -> bool:
    """Whether « Mon Compte Partenaire » is available at ``at`` (Art. 4), as a bool.

    :func:`check_availability` says why.
    """
    return _schedule(windows).window_at(at) is None


def check_availability(at: datetime, windows: Schedule | Iterable[MaintenanceWindow]) -> Decision:
    """Whether « Mon Compte Partenaire » is available at ``at`` (Art. 4).

    Available 24 hours a day, 7 days a week, except inside a stop. Build a
    :class:`Schedule` once to ask many times.

    >>> from datetime import datetime
    >>> from caf_contract._time import PARIS
    >>> stop = MaintenanceWindow(start=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS),
    ...                          end=datetime(2026, 12, 5, 12, 0, tzinfo=PARIS),
    ...                          description="montée de version")
    >>> print(check_availability(datetime(2026, 12, 5, 9, 0, tzinfo=PARIS), [stop]))
    refusé
    - Art. 4 — service arrêté : arrêt planifié par la Caf du 05/12/2026 à 08:00 au 05/12/2026 à
      12:00 (montée de version)
    >>> bool(check_availability(datetime(2026, 12, 5, 12, 0, tzinfo=PARIS), [stop]))
    True
    """
    schedule = _schedule(windows)
    window = schedule.window_at(at)
    if window is None:
        return Decision.allow(
            Reason(
                Article.ART_4, "service disponible (24 heures sur 24, 7 jours sur 7, hors arrêts)"
            )
        )
    # The service is back at the end of the stop, unless another one starts right then.
    back, following = window.end, schedule.window_at(window.end)
    while following is not None:
        back, following = following.end, schedule.window_at(following.end)
    return Decision.deny(
        Reason(Article.ART_4, f"service arrêté : {window}", remedy=Remedy.wait(back))
    )


_NOT_THE_CAFS: Final = Decision.allow(
    Reason(
        Article.ART_4,
        "maintenance nationale : l'annonce au responsable services du partenaire vise les "
        "arrêts planifiés par la Caf",
    )
)


_USERS_EXPECTED: Final = "les prévenir de tout arrêt programmé, avant son début"


@accepts(window=MaintenanceWindow, contract=Contract)
def check_announcement(window: MaintenanceWindow, *, now: datetime, contract: Contract) -> Decision:
    """Whether the stop ``window`` has been announced as the contract wants, so far (Art. 3.1, 4).

    Two duties, each judged from the moment it is due; a duty not yet due is no
    breach, and the allowance says what remains to do:

    - Art. 3.1 « Prévenir les utilisateurs de tout arrêt programmé », for every stop,
      national maintenance included: the users are told strictly before ``start``.
      Before ``start``, users not yet told is no breach; from ``start`` on, users not
      told before it (never, or at or after ``start``) is a breach.
    - Art. 4 « Pour tout arrêt des services planifiés par la Caf, le Centre de
      services Caf informera le responsable services du partenaire de tout arrêt des
      services dès connaissance de l'information », for a stop planned by the Caf:
      due from ``known_at``, even long before ``start``. From then, no announcement
      by ``now`` is a breach, and so is an announcement later than ``known_at``. Once
      announced, ``announced_to`` must designate the partner's *responsable services*
      in the contract as it stood on the day of the announcement
      (:meth:`~caf_contract.contract.Contract.as_of`): annexe 1 has no line for him,
      so he is the partner's direction unless the contract names one
      (:meth:`~caf_contract.parties.Interlocutors.of_partner`). A template placeholder
      (``Prénom NOM``) designates nobody, and an announcement to nobody named is no
      announcement to him; a responsable services line left as the template
      (``Prénom NOM``, no e-mail) names nobody either, and the direction is told.

    A denial lists every failed duty; an allowance, the state of each duty.

    Raises:
        InvalidValueError: ``window`` or ``contract`` is of the wrong type; or a stop
            planned by the Caf has no ``known_at``: Art. 4 cannot be judged without it.
        NaiveDatetimeError: ``now`` has no time zone.

    >>> from caf_contract.files import example_dossier
    >>> from caf_contract._time import PARIS
    >>> stop = MaintenanceWindow(start=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS),
    ...                          end=datetime(2026, 12, 5, 12, 0, tzinfo=PARIS),
    ...                          known_at=datetime(2026, 11, 20, 15, 0, tzinfo=PARIS))
    >>> print(check_announcement(stop, now=datetime(2026, 11, 21, 9, 0, tzinfo=PARIS),
    ...                          contract=example_dossier().contract))
    refusé
    - Art. 4 — arrêt connu depuis le 20/11/2026 à 15:00 et toujours pas annoncé ; attendu :
      une annonce dès connaissance de l'information à Camille Martin
      <direction@coteaux-exemple.fr> (direction du partenaire, faute de responsable
      services nommé au contrat)
    """
    moment = aware(now, "now")
    duties = (
        _users_informed(window, moment),
        _NOT_THE_CAFS
        if window.kind is StopKind.NATIONAL_MAINTENANCE
        else _announced_to_partner(window, moment, contract),
    )
    failures = [reason for duty in duties if not duty for reason in duty.reasons]
    if failures:
        return Decision.deny(*failures)
    return Decision.allow(*(reason for duty in duties for reason in duty.reasons))


def _users_informed(window: MaintenanceWindow, moment: datetime) -> Decision:
    """Art. 3.1: the users are told of the stop strictly before it starts."""
    art = Article.ART_3_1
    start, informed = window.start, window.users_informed_at
    if informed is not None and informed <= moment:
        # Apart by less than a minute, the minutes read the same: then show the seconds.
        precise = informed != start and moment_text(informed) == moment_text(start)
        at, begins = moment_text(informed, seconds=precise), moment_text(start, seconds=precise)
        if informed < start:
            return Decision.allow(
                Reason(art, f"utilisateurs prévenus le {at}, avant le début de l'arrêt le {begins}")
            )
        return Decision.deny(
            Reason(
                art,
                f"utilisateurs prévenus le {at} seulement, pas avant le début de l'arrêt le "
                f"{begins} ; attendu : {_USERS_EXPECTED}",
            )
        )
    if moment < start:
        return Decision.allow(
            Reason(
                art,
                "utilisateurs pas encore prévenus : à faire avant le début de l'arrêt, le "
                f"{moment_text(start)}",
            )
        )
    return Decision.deny(
        Reason(
            art,
            f"arrêt commencé le {moment_text(start)} sans que les utilisateurs en aient été "
            f"prévenus ; attendu : {_USERS_EXPECTED}",
        )
    )


@attrs.frozen
class _ResponsableServices:
    """Who the partner's *responsable services* is in a contract (Art. 4, annexe 1)."""

    people: tuple[Interlocutor, ...]
    named: bool
    """Whether the contract names one; if not, the direction is he."""

    @classmethod
    def of(cls, contract: Contract) -> _ResponsableServices:
        """He whom ``contract`` names, else the partner's direction.

        A line left as the template (« Prénom NOM », no e-mail) names nobody: it
        does not stand in the way of the direction.
        """
        people = contract.interlocutors
        named = tuple(
            person
            for person in people.partner
            if person.role is InterlocutorRole.RESPONSABLE_SERVICES and not _names_nobody(person)
        )
        if named:
            return cls(named, named=True)
        return cls(people.of_partner(InterlocutorRole.DIRECTION), named=False)

    def designated_by(self, who: str) -> Interlocutor | None:
        return next((person for person in self.people if person.is_designated_by(who)), None)

    @property
    def role(self) -> str:
        """What the person told is to the partner, as a message says it."""
        if self.named:
            return "responsable services du partenaire"
        return "direction du partenaire, faute de responsable services nommé au contrat"

    def to_whom(self) -> str:
        """To whom the announcement goes: « à Camille Martin <…> (direction du partenaire…) »."""
        shown = [_shown(person) for person in self.people]
        known = [person for person in shown if person is not None]
        if known:
            return f"à {' ou '.join(known)} ({self.role})"
        whom = (
            "au responsable services du partenaire"
            if self.named
            else "à la direction du partenaire (faute de responsable services nommé au contrat)"
        )
        return f"{whom}, dont le contrat ne donne encore ni le nom ni l'adresse mél"


def _names_nobody(person: Interlocutor) -> bool:
    """Whether an annexe 1 line is still the template's: no name, no e-mail given."""
    return is_placeholder(person.name) and is_placeholder(person.email)


def _shown(person: Interlocutor) -> str | None:
    """A person as a message names them, or None when only placeholders are written."""
    if is_placeholder(person.name):
        return person.email
    name = " ".join(person.name.split())
    return f"{name} <{person.email}>" if person.email is not None else name


def _announced_to_partner(
    window: MaintenanceWindow, moment: datetime, contract: Contract
) -> Decision:
    """Art. 4: the responsable services is told of a stop the Caf planned, as soon as known."""
    art = Article.ART_4
    known = window.known_at
    if known is None:
        raise InvalidValueError(
            "MaintenanceWindow.known_at",
            None,
            "l'instant où la Caf a eu connaissance de l'arrêt",
            shown_as="aucune date",
            problem="connaissance de l'arrêt non datée",
            article=art,
        )
    if moment < known:
        return Decision.allow(
            Reason(art, f"arrêt pas encore connu de la Caf le {moment_text(moment)}")
        )
    announced = window.announced_at
    if announced is None or announced > moment:
        to_whom = _ResponsableServices.of(contract.as_of(moment)).to_whom()
        return Decision.deny(
            Reason(
                art,
                f"arrêt connu depuis le {moment_text(known)} et toujours pas annoncé ; attendu : "
                f"une annonce dès connaissance de l'information {to_whom}",
            )
        )
    failures: list[Reason] = []
    if announced > known:
        # Late by less than a minute is late all the same: then show the seconds.
        precise = moment_text(known) == moment_text(announced)
        failures.append(
            Reason(
                art,
                f"arrêt connu le {moment_text(known, seconds=precise)} mais annoncé le "
                f"{moment_text(announced, seconds=precise)} seulement ; attendu : dès "
                "connaissance de l'information",
            )
        )
    # Who the responsable services is, the day the announcement was made.
    responsable = _ResponsableServices.of(contract.as_of(announced))
    to = window.announced_to
    person = None if to is None else responsable.designated_by(to)
    if person is None:
        failures.append(Reason(art, _wrong_recipient(to, announced, responsable)))
    elif not failures:
        return Decision.allow(
            Reason(
                art,
                f"arrêt annoncé le {moment_text(announced)} à {_shown(person)} "
                f"({responsable.role}), dès sa connaissance",
            )
        )
    return Decision.deny(*failures)


def _wrong_recipient(to: str | None, announced: datetime, responsable: _ResponsableServices) -> str:
    expected = f"attendu : une annonce {responsable.to_whom()}"
    if to is None:
        return f"arrêt annoncé le {moment_text(announced)} sans destinataire indiqué ; {expected}"
    written = " ".join(to.split())
    if is_placeholder(to):
        return (
            f"arrêt annoncé à « {written} », texte du modèle qui ne désigne personne ; {expected}"
        )
    return (
        f"arrêt annoncé à « {written} », qui ne désigne pas le responsable services du "
        f"partenaire ; {expected}"
    )


# --- office hours

# « 08:30 », « 08h30 », and as ISO 8601 writes a time to the second or the microsecond.
_HOUR = re.compile(
    r"(?P<hour>[01][0-9]|2[0-3])(?:h(?P<h_minute>[0-5][0-9])"
    r"|:(?P<minute>[0-5][0-9])(?::(?P<second>[0-5][0-9])(?:\.(?P<micro>[0-9]{1,6}))?)?)"
)

Interval = tuple[time, time]


def _hours(interval: Interval) -> str:
    """A range of hours as French write it: « de 08:30 à 12:00 »."""
    start, end = interval
    return f"de {clock_text(start)} à {clock_text(end)}"


def _clock(value: object, field: str) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidValueError(
                field,
                value,
                "une heure de Paris sans fuseau (time(8, 30))",
                shown_as=f"{clock_text(value)}, fuseau {value.tzinfo}",
                problem="heure avec fuseau",
            )
        return value
    if isinstance(value, str):
        match = _HOUR.fullmatch(value.strip())
        if match:
            return time(
                int(match["hour"]),
                int(match["minute"] or match["h_minute"]),
                int(match["second"] or 0),
                int((match["micro"] or "0").ljust(6, "0")),
            )
    raise InvalidValueError(
        field, value, "une heure : time(8, 30) ou « 08:30 » (« 08:30:15 » avec les secondes)"
    )


def _written(clock: time) -> str:
    """A time as the constructor reads it back: « 08:30 », or to the second or microsecond."""
    if clock.second == clock.microsecond == 0:
        return clock_text(clock)
    return clock.isoformat()


def _weekday(value: object) -> int:
    if type(value) is int and 0 <= value <= 6:
        return value
    if isinstance(value, str) and value.strip().casefold() in WEEKDAYS:
        return WEEKDAYS.index(value.strip().casefold())
    raise InvalidValueError(
        "OfficeHours", value, "un jour : 0 (lundi) à 6 (dimanche), ou son nom (« lundi »)"
    )


def _week(
    value: Mapping[int | str, Iterable[tuple[time | str, time | str]]],
) -> tuple[tuple[Interval, ...], ...]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("OfficeHours", value, "un dictionnaire {jour: [(début, fin), ...]}")
    days: list[list[Interval]] = [[] for _ in WEEKDAYS]
    for key, intervals in value.items():
        day = _weekday(key)
        field = f"OfficeHours[{WEEKDAYS[day]}]"
        for interval in tuple_of(intervals, object, field, "paires (début, fin)"):
            if not isinstance(interval, tuple | list) or len(interval) != 2:
                raise InvalidValueError(field, interval, "une paire (début, fin)")
            start, end = _clock(interval[0], field), _clock(interval[1], field)
            if end <= start:
                raise InvalidValueError(
                    field,
                    interval,
                    "une fin après le début",
                    shown_as=_hours((start, end)),
                    problem="plage vide ou inversée",
                )
            days[day].append((start, end))
    for day, intervals in enumerate(days):
        intervals.sort()
        for earlier, later in itertools.pairwise(intervals):
            if later[0] < earlier[1]:
                raise InvalidValueError(
                    f"OfficeHours[{WEEKDAYS[day]}]",
                    intervals,
                    "des plages disjointes",
                    shown_as=f"{_hours(earlier)} et {_hours(later)}",
                    problem="plages qui se chevauchent",
                )
    return tuple(tuple(intervals) for intervals in days)


@attrs.frozen
class OfficeHours(Shown):
    """The Caf's usual office hours (Art. 4), Paris wall-clock time, per weekday.

    Data the caller supplies for its Caf: the contract states none.

    >>> hours = OfficeHours({"lundi": [("08:30", "12:00"), ("13:30", "16:30")]})
    >>> hours.on(0)
    ((datetime.time(8, 30), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(16, 30)))
    """

    weekly: tuple[tuple[Interval, ...], ...] = attrs.field(converter=_week)

    _html_caption = "Heures de bureau de la Caf (heure de Paris)"
    _html_fields = ()

    def _html_rows(self) -> list[tuple[str, object]]:
        return [
            (
                WEEKDAYS[day],
                ", ".join(f"{_written(start)}–{_written(end)}" for start, end in intervals)
                or "fermé",
            )
            for day, intervals in enumerate(self.weekly)
        ]

    def __repr__(self) -> str:
        # As the constructor reads it: OfficeHours({'lundi': [('08:30', '12:00')]}).
        return f"{type(self).__name__}({_written_week(self)!r})"

    def on(self, weekday: int) -> tuple[Interval, ...]:
        """The intervals of ``weekday`` (0 is Monday)."""
        return self.weekly[_weekday(weekday)]

    def covers(self, at: datetime) -> bool:
        """Whether the Paris wall clock of the instant ``at`` falls in an interval of its weekday.

        >>> from zoneinfo import ZoneInfo
        >>> hours = OfficeHours({"lundi": [("08:30", "12:00")]})
        >>> hours.covers(datetime(2026, 11, 23, 3, 0, tzinfo=ZoneInfo("America/New_York")))
        True

        Raises:
            NaiveDatetimeError: ``at`` has no time zone.
            InvalidValueError: ``at`` is no datetime (a day alone has no hour).
        """
        expected = (
            "un instant (datetime avec fuseau horaire), dont l'heure de Paris est comparée "
            "aux heures de bureau"
        )
        candidate: object = at  # typed as the parameter is; checked as the input may be
        if isinstance(candidate, date) and not isinstance(candidate, datetime):
            raise InvalidValueError(
                "at",
                candidate,
                expected,
                problem="date sans heure",
                shown_as=f"le {day_text(candidate)}",
            )
        if not isinstance(candidate, datetime):
            raise InvalidValueError("at", candidate, expected)
        local = aware(candidate, "at").astimezone(PARIS)
        moment = local.time()
        return any(start <= moment < end for start, end in self.weekly[local.weekday()])


def _written_week(hours: OfficeHours) -> dict[str, list[tuple[str, str]]]:
    """``hours`` as the constructor reads them: {« lundi »: [(« 08:30 », « 12:00 »)]}."""
    return {
        WEEKDAYS[day]: [(_written(start), _written(end)) for start, end in intervals]
        for day, intervals in enumerate(hours.weekly)
        if intervals
    }


@accepts(office_hours=OfficeHours, calendar=WorkingCalendar)
def check_caf_on_duty(
    at: datetime, *, office_hours: OfficeHours, calendar: WorkingCalendar
) -> Decision:
    """Whether anyone is on duty at the Caf at ``at`` (Art. 4: no on-call service).

    On duty exactly within ``office_hours`` (Paris time) on a working day of the
    Caf's ``calendar`` (pass ``contract.calendar``).
    """
    local = aware(at, "at").astimezone(PARIS)
    art = Article.ART_4
    failures: Sequence[Reason] = []
    if not calendar.is_working_day(local.date()):
        failures = [
            Reason(art, f"le {day_text(local)} n'est pas un jour ouvré de la Caf : pas d'astreinte")
        ]
    elif not office_hours.covers(local):
        failures = [
            Reason(
                art,
                f"{clock_text(local)} est hors des heures habituelles de bureau : pas d'astreinte",
            )
        ]
    return Decision.from_failures(
        failures,
        otherwise=Reason(art, f"heures de bureau ({moment_text(local)}, heure de Paris)"),
    )
