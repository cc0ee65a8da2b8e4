"""Availability of « Mon Compte Partenaire », planned stops and the Caf's office hours (Art. 4).

    « "Mon Compte Partenaire" est disponible 24 heures / 24 et 7 jours sur 7 (hors
    opérations de maintenance nationale). La Caf n'assure pas d'astreinte en dehors de
    ses heures habituelles de bureaux et peut planifier des opérations diverses qui
    peuvent entraîner un arrêt de service. Pour tout arrêt des services planifiés par la
    Caf, le Centre de services Caf informera le responsable services du partenaire de
    tout arrêt des services dès connaissance de l'information. » (Art. 4)

- :class:`MaintenanceWindow` and :class:`Schedule`: stops, national or planned by the
  Caf, as half-open intervals ``[start, end)``; :func:`is_available` is false exactly
  inside them.
- :func:`check_announcement`: a stop the Caf planned and knew of at ``t`` must be
  announced from ``t``; an announcement later than that is a breach.
- :class:`OfficeHours` and :func:`caf_on_duty`: the office hours are data the caller
  supplies for its Caf (none is invented here); outside them, or on a day off of the
  Caf's calendar, nobody is on duty.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, Final

import attrs

from caf_contract._time import PARIS, aware, instant, optional_instant
from caf_contract._validate import (
    field_name,
    instance_of,
    is_aware,
    optional_aware,
    parse_enum,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar
from caf_contract.decision import Decision, Reason
from caf_contract.errors import ChronologyError, InvalidValueError, OverlappingWindowsError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "MaintenanceWindow",
    "OfficeHours",
    "Schedule",
    "StopKind",
    "caf_on_duty",
    "check_announcement",
    "is_available",
]


class StopKind(enum.StrEnum):
    """Why the service stops."""

    NATIONAL_MAINTENANCE = "maintenance nationale"
    PLANNED_BY_CAF = "arrêt planifié par la Caf"


def _kind(value: StopKind | str) -> StopKind:
    return parse_enum(StopKind, value, "MaintenanceWindow.kind")


def _paris(instant: datetime, *, seconds: bool = False) -> str:
    return f"{instant.astimezone(PARIS):%d/%m/%Y %H:%M{':%S' if seconds else ''}}"


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


@attrs.frozen(kw_only=True)
class MaintenanceWindow:
    """A stop of the service, ``[start, end)``.

    Attributes:
        start: the first instant of the stop (aware).
        end: the first instant the service is back (aware, after ``start``).
        kind: national maintenance or a stop planned by the Caf.
        known_at: when the Caf learnt of the stop (for the announcement rule).
        announced_at: when the partner's *responsable services* was told, if he was.
        description: what the stop is for.
    """

    start: datetime = attrs.field(converter=instant, validator=is_aware)
    end: datetime = attrs.field(converter=instant, validator=[is_aware, _end_after_start])
    kind: StopKind = attrs.field(default=StopKind.PLANNED_BY_CAF, converter=_kind)
    known_at: datetime | None = attrs.field(
        default=None, converter=optional_instant, validator=optional_aware
    )
    announced_at: datetime | None = attrs.field(
        default=None, converter=optional_instant, validator=optional_aware
    )
    description: str = attrs.field(default="", validator=instance_of(str, "un texte"))

    def contains(self, at: datetime) -> bool:
        """Whether the service is stopped at ``at``."""
        return self.start <= aware(at, "at") < self.end

    def __str__(self) -> str:
        what = f" ({self.description})" if self.description.strip() else ""
        return f"{self.kind} du {_paris(self.start)} au {_paris(self.end)}{what}"


def _windows(value: Iterable[MaintenanceWindow]) -> tuple[MaintenanceWindow, ...]:
    given = tuple_of(value, MaintenanceWindow, "Schedule.windows", "MaintenanceWindow(...)")
    windows = sorted(given, key=lambda window: window.start)
    for earlier, later in itertools.pairwise(windows):
        if later.start < earlier.end:
            index = next(number for number, window in enumerate(given) if window is later)
            raise OverlappingWindowsError(earlier, later, field=f"Schedule.windows[{index}]")
    return tuple(windows)


@attrs.frozen
class Schedule:
    """Stops of the service, sorted by start, none overlapping another.

    Raises:
        OverlappingWindowsError: two windows overlap (``[a, b)`` and ``[b, c)`` do not).
    """

    windows: tuple[MaintenanceWindow, ...] = attrs.field(converter=_windows)
    _starts: tuple[datetime, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(window.start for window in self.windows))

    def window_at(self, at: datetime) -> MaintenanceWindow | None:
        """The stop in progress at ``at``, if any (a binary search)."""
        moment = aware(at, "at")
        index = bisect.bisect_right(self._starts, moment) - 1
        if index >= 0 and moment < self.windows[index].end:
            return self.windows[index]
        return None


def is_available(at: datetime, windows: Schedule | Iterable[MaintenanceWindow]) -> Decision:
    """Whether « Mon Compte Partenaire » is available at ``at`` (Art. 4).

    Available 24 hours a day, 7 days a week, except inside a stop. Build a
    :class:`Schedule` once to ask many times.

    >>> from datetime import datetime
    >>> from caf_contract._time import PARIS
    >>> stop = MaintenanceWindow(start=datetime(2026, 12, 5, 8, 0, tzinfo=PARIS),
    ...                          end=datetime(2026, 12, 5, 12, 0, tzinfo=PARIS),
    ...                          description="montée de version")
    >>> print(is_available(datetime(2026, 12, 5, 9, 0, tzinfo=PARIS), [stop]))
    refusé
    - Art. 4 — service arrêté : arrêt planifié par la Caf du 05/12/2026 08:00 au 05/12/2026
      12:00 (montée de version)
    >>> bool(is_available(datetime(2026, 12, 5, 12, 0, tzinfo=PARIS), [stop]))
    True
    """
    schedule = windows if isinstance(windows, Schedule) else Schedule(windows)
    window = schedule.window_at(at)
    if window is None:
        return Decision.allow(
            Reason(
                Article.ART_4, "service disponible (24 heures sur 24, 7 jours sur 7, hors arrêts)"
            )
        )
    return Decision.deny(Reason(Article.ART_4, f"service arrêté : {window}"))


def check_announcement(window: MaintenanceWindow, *, now: datetime) -> Decision:
    """Whether the Caf has kept its duty to announce ``window`` so far (Art. 4).

    A stop planned by the Caf, known at ``t``, must be announced to the partner's
    *responsable services* from ``t``: an announcement later than ``t``, or none by
    ``now`` once ``t`` has come, is a breach. National maintenance is outside that
    duty.

    Raises:
        InvalidValueError: a stop planned by the Caf without ``known_at``: the rule
            cannot be judged without it.
    """
    if not isinstance(window, MaintenanceWindow):
        raise InvalidValueError("window", window, "une MaintenanceWindow(...)")
    moment = aware(now, "now")
    art = Article.ART_4
    if window.kind is StopKind.NATIONAL_MAINTENANCE:
        return Decision.allow(
            Reason(
                art,
                "maintenance nationale : l'obligation d'information vise les arrêts "
                "planifiés par la Caf",
            )
        )
    known = window.known_at
    if known is None:
        raise InvalidValueError(
            "MaintenanceWindow.known_at",
            None,
            "l'instant où la Caf a eu connaissance de l'arrêt",
            problem="connaissance de l'arrêt non datée",
            article=art,
        )
    if moment < known:
        return Decision.allow(Reason(art, f"arrêt pas encore connu de la Caf le {_paris(moment)}"))
    announced = window.announced_at
    if announced is not None and announced <= moment:
        if announced > known:
            # Late by less than a minute is late all the same: then show the seconds.
            precise = _paris(known) == _paris(announced)
            return Decision.deny(
                Reason(
                    art,
                    f"arrêt connu le {_paris(known, seconds=precise)} mais annoncé le "
                    f"{_paris(announced, seconds=precise)} seulement ; attendu : dès "
                    "connaissance de l'information",
                )
            )
        return Decision.allow(
            Reason(art, f"arrêt annoncé le {_paris(announced)}, dès sa connaissance")
        )
    return Decision.deny(
        Reason(
            art,
            f"arrêt connu depuis le {_paris(known)} et toujours pas annoncé au responsable "
            "services du partenaire",
        )
    )


# --- office hours

_DAY_NAMES: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_HOUR = re.compile(r"([01][0-9]|2[0-3])[:h]([0-5][0-9])")

Interval = tuple[time, time]


def _clock(value: object, field: str) -> time:
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidValueError(field, value, "une heure de Paris sans fuseau (time(8, 30))")
        return value
    if isinstance(value, str):
        match = _HOUR.fullmatch(value.strip())
        if match:
            return time(int(match[1]), int(match[2]))
    raise InvalidValueError(field, value, "une heure : time(8, 30) ou « 08:30 »")


def _weekday(value: object) -> int:
    if type(value) is int and 0 <= value <= 6:
        return value
    if isinstance(value, str) and value.strip().casefold() in _DAY_NAMES:
        return _DAY_NAMES.index(value.strip().casefold())
    raise InvalidValueError(
        "OfficeHours", value, "un jour : 0 (lundi) à 6 (dimanche), ou son nom (« lundi »)"
    )


def _week(
    value: Mapping[int | str, Iterable[tuple[time | str, time | str]]],
) -> tuple[tuple[Interval, ...], ...]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("OfficeHours", value, "un dictionnaire {jour: [(début, fin), ...]}")
    days: list[list[Interval]] = [[] for _ in _DAY_NAMES]
    for key, intervals in value.items():
        day = _weekday(key)
        field = f"OfficeHours[{_DAY_NAMES[day]}]"
        for interval in tuple_of(intervals, object, field, "paires (début, fin)"):
            if not isinstance(interval, tuple | list) or len(interval) != 2:
                raise InvalidValueError(field, interval, "une paire (début, fin)")
            start, end = _clock(interval[0], field), _clock(interval[1], field)
            if end <= start:
                raise InvalidValueError(
                    field, interval, "une fin après le début", problem="plage vide ou inversée"
                )
            days[day].append((start, end))
    for day, intervals in enumerate(days):
        intervals.sort()
        for (_, earlier_end), (later_start, _) in itertools.pairwise(intervals):
            if later_start < earlier_end:
                raise InvalidValueError(
                    f"OfficeHours[{_DAY_NAMES[day]}]",
                    intervals,
                    "des plages disjointes",
                    problem="plages qui se chevauchent",
                )
    return tuple(tuple(intervals) for intervals in days)


@attrs.frozen
class OfficeHours:
    """The Caf's usual office hours (Art. 4), Paris wall-clock time, per weekday.

    Data the caller supplies for its Caf: the contract states none.

    >>> hours = OfficeHours({"lundi": [("08:30", "12:00"), ("13:30", "16:30")]})
    >>> hours.on(0)
    ((datetime.time(8, 30), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(16, 30)))
    """

    weekly: tuple[tuple[Interval, ...], ...] = attrs.field(converter=_week)

    def on(self, weekday: int) -> tuple[Interval, ...]:
        """The intervals of ``weekday`` (0 is Monday)."""
        return self.weekly[_weekday(weekday)]

    def covers(self, wall_clock: datetime) -> bool:
        """Whether a Paris wall-clock moment falls in an interval of its weekday."""
        moment = wall_clock.time()
        return any(start <= moment < end for start, end in self.weekly[wall_clock.weekday()])


def caf_on_duty(at: datetime, *, office_hours: OfficeHours, calendar: WorkingCalendar) -> Decision:
    """Whether anyone is on duty at the Caf at ``at`` (Art. 4: no on-call service).

    On duty exactly within ``office_hours`` (Paris time) on a working day of the
    Caf's ``calendar`` (pass ``contract.calendar``).
    """
    if not isinstance(office_hours, OfficeHours):
        raise InvalidValueError("office_hours", office_hours, "des OfficeHours(...)")
    if not isinstance(calendar, WorkingCalendar):
        raise InvalidValueError("calendar", calendar, "un WorkingCalendar")
    local = aware(at, "at").astimezone(PARIS)
    art = Article.ART_4
    failures: Sequence[Reason] = []
    if not calendar.is_working_day(local.date()):
        failures = [
            Reason(art, f"le {local:%d/%m/%Y} n'est pas un jour ouvré de la Caf : pas d'astreinte")
        ]
    elif not office_hours.covers(local):
        failures = [
            Reason(
                art, f"{local:%H:%M} est hors des heures habituelles de bureau : pas d'astreinte"
            )
        ]
    return Decision.from_failures(
        failures,
        otherwise=Reason(art, f"heures de bureau ({local:%d/%m/%Y %H:%M}, heure de Paris)"),
    )
