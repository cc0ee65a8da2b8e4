"""Deadlines that show their count: each day counted or skipped, and why (Art. 3.3, 5.3.2).

A rule answers a day (:func:`~caf_contract.escalation.reminder_allowed_from`,
:func:`~caf_contract.retention.trace_purge_date`); an ``explain_*`` function answers the
same day as a :class:`Deadline` that shows how it was reached, to hand to a partner or
to an auditor:

- a count of working days (Art. 3.3) lists every day from the day after the start to
  the last day of the delay: each working day with its rank (« 1er jour ouvré » …
  « 5e jour ouvré »), each other day with why it does not count (« samedi »,
  « dimanche », the holiday's name as :meth:`WorkingCalendar.holidays
  <caf_contract.calendar.WorkingCalendar.holidays>` gives it, « fermeture de la Caf »);
  the day of the start does not count (Code de procédure civile, art. 641);
- a period of months or years (Art. 5.3.2) shows its arithmetic,
  « 31/08/2026 + 6 mois = 28/02/2027 (fin de mois) ».

Each explanation's :attr:`~Deadline.result` is, by construction and by test, what the
rule it explains returns. ``str()`` says it in French, a notebook draws it as a strip
of days (``_repr_html_``), :meth:`~Deadline.to_dict` gives its plain data.

>>> from datetime import datetime
>>> from caf_contract._time import PARIS
>>> deadline = explain_reminder(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS))
>>> print(deadline)
Art. 3.3 — relance possible à partir du mardi 01/12/2026 à 00:00 (heure de Paris)
Envoi le lundi 23/11/2026 à 10:00 (heure de Paris).
Délai de 5 jours ouvrés (France métropolitaine) :
- mardi 24/11/2026 : 1er jour ouvré
- mercredi 25/11/2026 : 2e jour ouvré
- jeudi 26/11/2026 : 3e jour ouvré
- vendredi 27/11/2026 : 4e jour ouvré
- samedi 28/11/2026 : non compté (samedi)
- dimanche 29/11/2026 : non compté (dimanche)
- lundi 30/11/2026 : 5e jour ouvré
Le jour de l'envoi ne compte pas, et le délai expire à la fin de son dernier jour (Code de
procédure civile, art. 641 et 642) : la relance est possible dès 00:00, heure de Paris, le
lendemain.
>>> deadline.result.isoformat()
'2026-12-01T00:00:00+01:00'
"""

from __future__ import annotations

import contextlib
import enum
from datetime import date, datetime, timedelta
from typing import Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from caf_contract._deadline_html import deadline_html
from caf_contract._format import PARIS, counted, day_text, moment_text, weekday_text
from caf_contract._html import Html, Shown
from caf_contract._time import aware, next_day, paris_day, start_of_paris_day
from caf_contract._validate import (
    accepts,
    instance_of,
    integer,
    is_aware,
    is_bool,
    is_day,
    non_blank,
    optional,
    parse_enum,
    tuple_of,
    whole_number,
)
from caf_contract.articles import Article
from caf_contract.calendar import DayKind, WorkingCalendar
from caf_contract.errors import InvalidValueError
from caf_contract.parameters import Parameter, ParameterSet, resolve

__all__ = [
    "DayStatus",
    "Deadline",
    "DeadlineDay",
    "DeadlineKind",
    "explain_add_working_days",
    "explain_habilitation_purge_date",
    "explain_reminder",
    "explain_trace_purge_date",
]

CLOSURE: Final = "fermeture de la Caf"
"""Why a closure day of the Caf (``WorkingCalendar(extra_closures=…)``) does not count."""

_METROPOLITAN: Final = WorkingCalendar()
_ONE_DAY: Final = timedelta(days=1)


class DayStatus(enum.StrEnum):
    """How a day between the start and the end of a count of working days is treated."""

    COUNTED = "compté"
    """A working day: it counts, with its rank (« 3e jour ouvré »)."""
    WEEKEND = "week-end"
    """A Saturday or Sunday the calendar does not work (only Sunday for *jours ouvrables*)."""
    HOLIDAY = "férié"
    """A public holiday of the calendar's department, named (even on a weekend)."""
    CLOSURE = "fermeture"
    """A closure day of the Caf (:attr:`WorkingCalendar.extra_closures
    <caf_contract.calendar.WorkingCalendar.extra_closures>`), not a public holiday."""


class DeadlineKind(enum.StrEnum):
    """What a :class:`Deadline` explains: the rule whose answer it shows."""

    REMINDER = "relance"
    """:func:`~caf_contract.escalation.reminder_allowed_from` (Art. 3.3)."""
    WORKING_DAYS = "décompte de jours"
    """:meth:`WorkingCalendar.add_working_days
    <caf_contract.calendar.WorkingCalendar.add_working_days>`, n ≥ 1 (Art. 3.3)."""
    TRACE_PURGE = "purge d'une trace"
    """:func:`~caf_contract.retention.trace_purge_date` (Art. 5.3.2)."""
    HABILITATION_PURGE = "purge d'une habilitation"
    """:func:`~caf_contract.retention.habilitation_purge_date` (Art. 5.3.2)."""


_COUNTING: Final = frozenset({DeadlineKind.REMINDER, DeadlineKind.WORKING_DAYS})
_ARTICLES: Final = {
    DeadlineKind.REMINDER: Article.ART_3_3,
    DeadlineKind.WORKING_DAYS: Article.ART_3_3,
    DeadlineKind.TRACE_PURGE: Article.ART_5_3_2,
    DeadlineKind.HABILITATION_PURGE: Article.ART_5_3_2,
}
_CPC_641_642: Final = (
    "le délai expire à la fin de son dernier jour (Code de procédure civile, art. 641 et 642)"
)
_MONTHS_AND_YEARS: Final = (
    "les mois et les années se comptent de quantième à quantième, en jours calendaires de "
    "Paris ; quand le mois d'arrivée n'a pas ce quantième, le délai s'arrête au dernier jour "
    "de ce mois (fin de mois) ; la purge est possible dès ce jour"
)
_CONVENTIONS: Final = {
    DeadlineKind.REMINDER: f"le jour de l'envoi ne compte pas, et {_CPC_641_642} : la relance est "
    "possible dès 00:00, heure de Paris, le lendemain",
    DeadlineKind.WORKING_DAYS: f"le jour de départ ne compte pas, et {_CPC_641_642}",
    DeadlineKind.TRACE_PURGE: _MONTHS_AND_YEARS,
    DeadlineKind.HABILITATION_PURGE: _MONTHS_AND_YEARS,
}


def _ordinal(rank: int) -> str:
    """« 1er », « 2e », « 21e »: a rank as French abbreviate it."""
    return "1er" if rank == 1 else f"{rank}e"


def _unit(kind: DayKind) -> str:
    """« ouvré » or « ouvrable »: a day of the calendar's kind, singular."""
    return kind.value.removesuffix("s")


def _rank_label(rank: int, kind: DayKind) -> str:
    """« 1er jour ouvré », « 5e jour ouvrable »."""
    return f"{_ordinal(rank)} jour {_unit(kind)}"


def _status(value: DayStatus | str) -> DayStatus:
    return parse_enum(DayStatus, value, "DeadlineDay.status")


def _kind(value: DeadlineKind | str) -> DeadlineKind:
    return parse_enum(DeadlineKind, value, "Deadline.kind")


def _in_words(day: date) -> str:
    """« lundi 23/11/2026 »."""
    return f"{weekday_text(day)} {day_text(day)}"


@attrs.frozen(kw_only=True)
class DeadlineDay(Shown):
    """One day of a count of working days: counted with its rank, or skipped and why.

    Attributes:
        day: the calendar day.
        status: counted, or why not (:class:`DayStatus`).
        label: what the day is in the count, in French: « 1er jour ouvré » for a counted
            day; for a skipped one, why: its weekday (« samedi »), the holiday's name
            (« Lundi de Pâques »), or « fermeture de la Caf ».
        rank: the rank of a counted day (1 for the first); ``None`` for a skipped one.

    >>> from datetime import date
    >>> print(DeadlineDay(day=date(2026, 4, 6), status="férié", label="Lundi de Pâques"))
    lundi 06/04/2026 : non compté (Lundi de Pâques)
    """

    day: date = attrs.field(validator=is_day)
    status: DayStatus = attrs.field(converter=_status)
    label: str = attrs.field(validator=non_blank)
    rank: int | None = attrs.field(
        default=None,
        validator=optional(integer(minimum=1, expected="un rang entier, au moins 1, ou None")),
    )

    _html_caption = "Jour du délai"
    _html_fields = (("day", "Jour"), ("label", "Décompte"))
    _html_inline = True

    def __attrs_post_init__(self) -> None:
        counts = self.status is DayStatus.COUNTED
        if counts != (self.rank is not None):
            raise InvalidValueError(
                "DeadlineDay.rank",
                self.rank,
                "un rang pour un jour compté, None pour un jour qui ne compte pas",
            )
        expected: tuple[str, ...] | None = None
        if self.rank is not None:
            expected = tuple(_rank_label(self.rank, kind) for kind in DayKind)
        elif self.status is DayStatus.WEEKEND:
            if self.day.weekday() < 5:  # Saturday is 5
                raise InvalidValueError(
                    "DeadlineDay.day", self.day, "un samedi ou un dimanche pour un jour de week-end"
                )
            expected = (weekday_text(self.day),)
        elif self.status is DayStatus.CLOSURE:
            expected = (CLOSURE,)
        if expected is not None and self.label not in expected:
            said = " ou ".join(f"« {label} »" for label in expected)
            raise InvalidValueError("DeadlineDay.label", self.label, f"{said} ({self.status})")

    @property
    def counted(self) -> bool:
        """Whether the day counts."""
        return self.status is DayStatus.COUNTED

    @property
    def reason(self) -> str | None:
        """Why the day does not count (« samedi », « Vendredi saint »); ``None`` if it does."""
        return None if self.counted else self.label

    def __str__(self) -> str:
        said = self.label if self.counted else f"non compté ({self.label})"
        return f"{_in_words(self.day)} : {said}"

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the day in ISO 8601, its weekday, status, rank and label."""
        return {
            "day": self.day.isoformat(),
            "weekday": weekday_text(self.day),
            "status": self.status.value,
            "rank": self.rank,
            "label": self.label,
        }


def _days(value: tuple[DeadlineDay, ...]) -> tuple[DeadlineDay, ...]:
    return tuple_of(value, DeadlineDay, "Deadline.days", "DeadlineDay(...)")


_CALENDAR: Final = optional(instance_of(WorkingCalendar, "WorkingCalendar(...) ou None"))


@attrs.frozen(kw_only=True)
class Deadline(Shown):
    """How a rule reached its day: the start, each day counted or skipped, the result.

    Built by :func:`explain_reminder`, :func:`explain_add_working_days`,
    :func:`explain_trace_purge_date` and :func:`explain_habilitation_purge_date`;
    its :attr:`result` is what the rule explained returns.

    Attributes:
        kind: the rule explained (:class:`DeadlineKind`).
        start: the Paris day the delay runs from (the day of sending, of the trace, of
            the dévalidation); it does not count.
        start_instant: the instant given for it, in UTC, when one was given (not a day).
        delay: the delay, in French: « 5 jours ouvrés », « 6 mois », « 6 ans ».
        calendar: the working days counted; ``None`` for a period of months or years.
        days: for a count of working days, every day after :attr:`start` up to
            :attr:`end`, each counted or skipped (:class:`DeadlineDay`); empty for a
            period.
        end: the last day of the delay (the n-th working day), or, for a period, the
            day it lands on (the first day of the purge).
        month_end: the period landed on a day its month does not have (31/08 + 6 mois)
            and was brought back to that month's last day (28/02).
        instant: for a reminder, the first instant it is allowed: 00:00 Europe/Paris on
            the day after :attr:`end`; ``None`` otherwise.
    """

    kind: DeadlineKind = attrs.field(converter=_kind)
    start: date = attrs.field(validator=is_day)
    start_instant: datetime | None = attrs.field(default=None, validator=optional(is_aware))
    delay: str = attrs.field(validator=non_blank)
    calendar: WorkingCalendar | None = attrs.field(default=None, validator=_CALENDAR)
    days: tuple[DeadlineDay, ...] = attrs.field(default=(), converter=_days)
    end: date = attrs.field(validator=is_day)
    month_end: bool = attrs.field(default=False, validator=is_bool)
    instant: datetime | None = attrs.field(default=None, validator=optional(is_aware))

    _html_caption = "Délai"
    _html_fields = ()

    def __attrs_post_init__(self) -> None:
        field = "Deadline.start_instant"
        if self.start_instant is not None and paris_day(self.start_instant, field) != self.start:
            raise InvalidValueError(
                field,
                self.start_instant,
                f"un instant du {day_text(self.start)} à Paris (le jour de départ)",
            )
        if self.end <= self.start:
            raise InvalidValueError(
                "Deadline.end", self.end, f"un jour après le départ, le {day_text(self.start)}"
            )
        if self.kind in _COUNTING:
            self._check_count()
        else:
            self._check_period()
        if self.kind is DeadlineKind.REMINDER:
            allowed = start_of_paris_day(next_day(self.end, "Deadline.end"))
            if self.instant != allowed:
                raise InvalidValueError(
                    "Deadline.instant",
                    self.instant,
                    f"le lendemain du dernier jour du délai à 00:00, heure de Paris : "
                    f"{moment_text(allowed)}",
                )
        elif self.instant is not None:
            raise InvalidValueError(
                "Deadline.instant", self.instant, "None : seule une relance a un instant"
            )

    def _check_count(self) -> None:
        """A count of working days: every day from the day after the start to the end."""
        if self.calendar is None:
            raise InvalidValueError(
                "Deadline.calendar", None, "le calendrier des jours ouvrés comptés"
            )
        if self.month_end:
            raise InvalidValueError(
                "Deadline.month_end",
                self.month_end,
                "False : un décompte de jours n'a pas de fin de mois",
            )
        first = self.start.toordinal() + 1
        wanted = [date.fromordinal(ordinal) for ordinal in range(first, self.end.toordinal() + 1)]
        if [item.day for item in self.days] != wanted:
            raise InvalidValueError(
                "Deadline.days",
                self.days,
                f"chaque jour du {day_text(wanted[0])} au {day_text(self.end)}, dans l'ordre",
            )
        counted_days = [item for item in self.days if item.counted]
        if not self.days[-1].counted:
            raise InvalidValueError(
                "Deadline.days", self.days[-1], "un dernier jour compté : le délai finit sur lui"
            )
        unit = self.calendar.kind
        for rank, item in enumerate(counted_days, start=1):
            if item.label != _rank_label(rank, unit):
                raise InvalidValueError(
                    "Deadline.days",
                    item,
                    f"le « {_rank_label(rank, unit)} » ({rank} jours comptés avant lui et lui)",
                )

    def _check_period(self) -> None:
        if self.calendar is not None or self.days:
            raise InvalidValueError(
                "Deadline.days",
                self.days,
                "aucun jour ni calendrier : une durée en mois ou en années se compte au calendrier",
            )

    # --- what it says

    @property
    def article(self) -> Article:
        """The article of the rule explained: 3.3 (working days) or 5.3.2 (retention)."""
        return _ARTICLES[self.kind]

    @property
    def convention(self) -> str:
        """How the delay is counted, in French (the day of the start does not count…)."""
        return _CONVENTIONS[self.kind]

    @property
    def result(self) -> date:
        """What the rule explained returns: :attr:`instant` for a reminder, else :attr:`end`."""
        return self.end if self.instant is None else self.instant

    @property
    def counted(self) -> tuple[DeadlineDay, ...]:
        """The days counted, in order: as many as the delay's working days."""
        return tuple(item for item in self.days if item.counted)

    @property
    def skipped(self) -> tuple[DeadlineDay, ...]:
        """The days in between that do not count, each with its :attr:`~DeadlineDay.reason`."""
        return tuple(item for item in self.days if not item.counted)

    @property
    def headline(self) -> str:
        """The answer in one line, with its article (the first line of ``str()``)."""
        end = _in_words(self.end)
        if self.kind is DeadlineKind.REMINDER:
            assert self.instant is not None  # noqa: S101  # checked at construction
            outcome = (
                f"relance possible à partir du {weekday_text(self.end + _ONE_DAY)} "
                f"{moment_text(self.instant)} (heure de Paris)"
            )
        elif self.kind is DeadlineKind.WORKING_DAYS:
            assert self.calendar is not None  # noqa: S101  # checked at construction
            rank = _rank_label(len(self.counted), self.calendar.kind)
            outcome = f"{rank} après le {_in_words(self.start)} : {end}"
        elif self.kind is DeadlineKind.TRACE_PURGE:
            outcome = f"trace purgeable à partir du {end}"
        else:
            outcome = f"données de l'habilitation purgeables à partir du {end}"
        return f"{self.article.label} — {outcome}"

    @property
    def started(self) -> str:
        """The start in French: « lundi 23/11/2026 à 10:00 (heure de Paris) »."""
        if self.start_instant is None:
            return _in_words(self.start)
        return f"{weekday_text(self.start)} {moment_text(self.start_instant)} (heure de Paris)"

    @property
    def arithmetic(self) -> str:
        """A period's sum: « 31/08/2026 + 6 mois = 28/02/2027 (fin de mois) »; else ``""``."""
        if self.kind in _COUNTING:
            return ""
        note = " (fin de mois)" if self.month_end else ""
        return f"{day_text(self.start)} + {self.delay} = {day_text(self.end)}{note}"

    @property
    def where(self) -> str:
        """Whose working days are counted: « France métropolitaine », « département 57 »."""
        if self.calendar is None or self.calendar.department is None:
            return "France métropolitaine"
        return f"département {self.calendar.department}"

    def __str__(self) -> str:
        convention = self.convention[0].upper() + self.convention[1:]
        if self.kind not in _COUNTING:
            kept = (
                f"Trace du {self.started}, conservée {self.delay}."
                if self.kind is DeadlineKind.TRACE_PURGE
                else f"Habilitation dévalidée le {self.started}, ses données conservées "
                f"{self.delay}."
            )
            return "\n".join([self.headline, kept, f"{self.arithmetic}.", f"{convention}."])
        opening = "Envoi le" if self.kind is DeadlineKind.REMINDER else "Départ le"
        return "\n".join(
            [
                self.headline,
                f"{opening} {self.started}.",
                f"Délai de {self.delay} ({self.where}) :",
                *(f"- {item}" for item in self.days),
                f"{convention}.",
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data: days in ISO 8601, instants in Paris time, each day's kind.

        >>> from datetime import date
        >>> data = explain_trace_purge_date(date(2026, 8, 31)).to_dict()
        >>> data["start"], data["delay"], data["end"], data["month_end"], data["days"]
        ('2026-08-31', '6 mois', '2027-02-28', True, [])
        """
        calendar = self.calendar
        return {
            "kind": self.kind.value,
            "article": self.article.value,
            "start": self.start.isoformat(),
            "start_instant": _paris_iso(self.start_instant),
            "delay": self.delay,
            "calendar": None
            if calendar is None
            else {
                "department": calendar.department,
                "kind": calendar.kind.value,
                "pentecost_monday_worked": calendar.pentecost_monday_worked,
                "extra_closures": [day.isoformat() for day in sorted(calendar.extra_closures)],
            },
            "days": [item.to_dict() for item in self.days],
            "end": self.end.isoformat(),
            "month_end": self.month_end,
            "instant": _paris_iso(self.instant),
            "result": self.result.isoformat() if self.instant is None else _paris_iso(self.instant),
            "convention": self.convention,
            "headline": self.headline,
        }

    def _html_nested(self) -> Html:
        return deadline_html(self)

    def _repr_html_(self) -> str:
        return deadline_html(self)


def _paris_iso(instant: datetime | None) -> str | None:
    """An instant in ISO 8601, in Paris time (in its own zone at the ends of Python's dates)."""
    if instant is None:
        return None
    with contextlib.suppress(OverflowError):
        return instant.astimezone(PARIS).isoformat()
    return instant.isoformat()  # pragma: no cover  # a start that far has no deadline


# --- the explanations


def _count(start: date, n: int, calendar: WorkingCalendar) -> tuple[tuple[DeadlineDay, ...], date]:
    """Each day after ``start`` up to its n-th working day (n ≥ 1), and that day.

    The end is the calendar's own answer (:meth:`WorkingCalendar.add_working_days`); the
    days in between are read one by one, each skipped day named as the month grid
    names it: a holiday by its name, then a closure of the Caf, then the weekday.
    """
    end = calendar.add_working_days(start, n)
    names: dict[int, dict[date, str]] = {}
    days: list[DeadlineDay] = []
    rank = 0
    day = start
    while day < end:
        day += _ONE_DAY
        if calendar.is_working_day(day):
            rank += 1
            days.append(
                DeadlineDay(
                    day=day,
                    status=DayStatus.COUNTED,
                    label=_rank_label(rank, calendar.kind),
                    rank=rank,
                )
            )
            continue
        if day.year not in names:
            names[day.year] = calendar.holidays(day.year)
        holiday = names[day.year].get(day)
        if holiday is not None:
            days.append(DeadlineDay(day=day, status=DayStatus.HOLIDAY, label=holiday))
        elif day in calendar.extra_closures:
            days.append(DeadlineDay(day=day, status=DayStatus.CLOSURE, label=CLOSURE))
        else:
            days.append(DeadlineDay(day=day, status=DayStatus.WEEKEND, label=weekday_text(day)))
    return tuple(days), end


def _delay_text(n: int, calendar: WorkingCalendar) -> str:
    unit = _unit(calendar.kind)
    return counted(n, f"jour {unit}", f"jours {unit}s")


def _start(value: object, field: str) -> tuple[date, datetime | None]:
    """The Paris day of ``value``, and the instant in UTC when it is one."""
    day = paris_day(value, field)
    return day, aware(value, field) if isinstance(value, datetime) else None


@accepts(calendar=WorkingCalendar | None)
def explain_reminder(
    sent_at: datetime | date,
    calendar: WorkingCalendar | None = None,
    *,
    parameters: ParameterSet | None = None,
) -> Deadline:
    """How :func:`~caf_contract.escalation.reminder_allowed_from` counts its 5 working days.

    Same arguments, same answer: the explanation's :attr:`~Deadline.instant` (and
    :attr:`~Deadline.result`) is ``reminder_allowed_from(sent_at, calendar,
    parameters=parameters)``. A delay of 0 (a what-if: ``ParameterSet`` accepts it)
    counts no day and has nothing to show: it is refused.

    Raises:
        InvalidValueError: ``sent_at`` is no date nor aware datetime, or the delay in
            force is 0.
        NaiveDatetimeError: ``sent_at`` has no time zone.
        UnsupportedYearError: the delay ends in a year the holiday data does not cover.

    >>> from datetime import date
    >>> deadline = explain_reminder(date(2026, 4, 1), WorkingCalendar("57"))
    >>> [(item.day.day, item.reason) for item in deadline.skipped]
    [(3, 'Vendredi saint'), (4, 'samedi'), (5, 'dimanche'), (6, 'Lundi de Pâques')]
    """
    day, instant = _start(sent_at, "sent_at")
    delay: Parameter[int] = resolve(parameters, day).reminder_delay
    n = whole_number(
        delay.value,
        "parameters.reminder_delay",
        minimum=1,
        expected="un délai d'au moins 1 jour ouvré : un délai nul ne compte aucun jour à montrer",
        article=Article.ART_3_3,
    )
    chosen = _METROPOLITAN if calendar is None else calendar
    days, end = _count(day, n, chosen)
    return Deadline(
        kind=DeadlineKind.REMINDER,
        start=day,
        start_instant=instant,
        delay=_delay_text(n, chosen),
        calendar=chosen,
        days=days,
        end=end,
        instant=start_of_paris_day(next_day(end)),
    )


@accepts(calendar=WorkingCalendar | None)
def explain_add_working_days(
    day: date | datetime, n: int, calendar: WorkingCalendar | None = None
) -> Deadline:
    """How :meth:`WorkingCalendar.add_working_days` finds the n-th working day after ``day``.

    The explanation's :attr:`~Deadline.end` (and :attr:`~Deadline.result`) is
    ``calendar.add_working_days(day, n)``; metropolitan France when ``calendar`` is
    ``None``. Only ``n ≥ 1`` is a delay, which counts days after ``day``: ``n = 0``
    (``day`` itself, or the next working day) and ``n < 0`` (counting backwards) are
    refused.

    Raises:
        InvalidValueError: ``n`` is no whole number of at least 1, or ``day`` is no date
            nor aware datetime.
        UnsupportedYearError: the count reaches a year the holiday data does not cover.

    >>> from datetime import date
    >>> print(explain_add_working_days(date(2026, 12, 24), 1).headline)
    Art. 3.3 — 1er jour ouvré après le jeudi 24/12/2026 : lundi 28/12/2026
    """
    start, instant = _start(day, "day")
    count = whole_number(
        n,
        "n",
        minimum=1,
        expected="un nombre de jours ouvrés, entier, au moins 1 (un délai compte des jours "
        "après son départ)",
    )
    chosen = _METROPOLITAN if calendar is None else calendar
    days, end = _count(start, count, chosen)
    return Deadline(
        kind=DeadlineKind.WORKING_DAYS,
        start=start,
        start_instant=instant,
        delay=_delay_text(count, chosen),
        calendar=chosen,
        days=days,
        end=end,
    )


def _period_text(period: relativedelta, wording: str) -> str:
    """« 6 mois », « 6 ans », « 1 an, 2 mois et 3 jours »; the parameter's wording otherwise."""
    normal = period.normalized()
    if normal.hours or normal.minutes or normal.seconds or normal.microseconds:
        return wording
    parts = [
        counted(normal.years, "an") if normal.years else "",
        f"{normal.months} mois" if normal.months else "",
        counted(normal.days, "jour") if normal.days else "",
    ]
    said = [part for part in parts if part]
    if not said:  # pragma: no cover  # ParameterSet refuses a null period
        return wording
    return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} et {said[-1]}"


def _month_end(start: date, period: relativedelta) -> bool:
    """Whether ``start`` + the months and years of ``period`` falls on a day its month lacks.

    relativedelta adds years and months first, brought back to the month's last day,
    then the days: the day of the month changes exactly when it was brought back.
    """
    normal = period.normalized()
    landed: date = start + relativedelta(years=normal.years, months=normal.months)
    return landed.day != start.day


def _explained_period(
    kind: DeadlineKind, value: object, field: str, period: Parameter[relativedelta], end: date
) -> Deadline:
    start, instant = _start(value, field)
    return Deadline(
        kind=kind,
        start=start,
        start_instant=instant,
        delay=_period_text(period.value, period.wording),
        end=end,
        month_end=_month_end(start, period.value),
    )


def explain_trace_purge_date(
    at: datetime | date, *, parameters: ParameterSet | None = None
) -> Deadline:
    """How :func:`~caf_contract.retention.trace_purge_date` adds its 6 months (Art. 5.3.2).

    The explanation's :attr:`~Deadline.end` (and :attr:`~Deadline.result`) is
    ``trace_purge_date(at, parameters=parameters)``: the same errors, the same day.

    >>> from datetime import date
    >>> print(explain_trace_purge_date(date(2026, 8, 31)).arithmetic)
    31/08/2026 + 6 mois = 28/02/2027 (fin de mois)
    """
    from caf_contract.retention import trace_purge_date  # noqa: PLC0415  # retention → decision → here

    end = trace_purge_date(at, parameters=parameters)
    period = resolve(parameters, paris_day(at, "at")).trace_retention
    return _explained_period(DeadlineKind.TRACE_PURGE, at, "at", period, end)


def explain_habilitation_purge_date(
    devalidated_on: date | datetime, *, parameters: ParameterSet | None = None
) -> Deadline:
    """How :func:`~caf_contract.retention.habilitation_purge_date` adds its 6 years.

    The explanation's :attr:`~Deadline.end` (and :attr:`~Deadline.result`) is
    ``habilitation_purge_date(devalidated_on, parameters=parameters)``.

    >>> from datetime import date
    >>> print(explain_habilitation_purge_date(date(2024, 2, 29)).arithmetic)
    29/02/2024 + 6 ans = 28/02/2030 (fin de mois)
    """
    from caf_contract.retention import habilitation_purge_date  # noqa: PLC0415  # see above

    end = habilitation_purge_date(devalidated_on, parameters=parameters)
    period = resolve(parameters, paris_day(devalidated_on, "devalidated_on"))
    return _explained_period(
        DeadlineKind.HABILITATION_PURGE,
        devalidated_on,
        "devalidated_on",
        period.habilitation_retention,
        end,
    )
