"""How long traces and habilitation data are kept, exactly, one record or millions (Art. 5.3.2).

    « Les traces mentionnées à l'article 5.3.1 sont conservées pendant une durée de six
    mois. Les données liées aux habilitations sont conservées six ans après la
    dévalidation de l'habilitation. » (Art. 5.3.2)

Counted in Paris calendar days with ``dateutil.relativedelta`` month arithmetic:

- :func:`trace_purge_date`: the Paris day of the trace + 6 months; the trace may be
  purged on and after that day (31/08/2026 → 28/02/2027);
- :func:`habilitation_purge_date`: the day of the dévalidation + 6 years
  (29/02/2024 → 28/02/2030); an habilitation that is not dévalidée is never purgeable.

For bulk purges, :func:`trace_retention_cutoff` gives the latest Paris day D whose
records are purgeable on ``as_of`` — exactly equivalent to the per-record rule, month
ends included (on 28/02/2027 it is 31/08/2026, not 28/08/2026) — and
:func:`trace_retention_cutoff_instant` the first instant *not* purgeable, so that a
store can run ``WHERE at < :cutoff``. :class:`RetentionCutoff` classifies instants at
the speed of a bare comparison; :func:`trace_purge_plan` and
:func:`habilitation_purge_plan` stream a plan, record by record, in constant memory.

>>> from datetime import date
>>> trace_purge_date(date(2026, 8, 31)), trace_retention_cutoff(date(2027, 2, 28))
(datetime.date(2027, 2, 28), datetime.date(2026, 8, 31))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import Final, Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from caf_contract._format import day_text
from caf_contract._html import Shown
from caf_contract._time import (
    KNOWN_ZONES,
    PARIS,
    aware,
    paris_day,
    shifted,
    start_of_paris_day,
)
from caf_contract._validate import instance_of
from caf_contract.articles import Article
from caf_contract.decision import Decision, Reason
from caf_contract.errors import ChronologyError, InvalidValueError
from caf_contract.parameters import Parameter, ParameterSet, resolve
from caf_contract.remedy import Remedy

__all__ = [
    "PurgeItem",
    "RetentionCutoff",
    "habilitation_purge_date",
    "habilitation_purge_plan",
    "habilitation_retention_cutoff",
    "habilitation_retention_cutoff_instant",
    "may_purge_habilitation",
    "may_purge_trace",
    "trace_purge_date",
    "trace_purge_plan",
    "trace_retention_cutoff",
    "trace_retention_cutoff_instant",
]

ART: Final = Article.ART_5_3_2

Period = Parameter[relativedelta]
"""A retention period of :mod:`caf_contract.parameters`, with how messages say it."""

_ONE_DAY: Final = timedelta(days=1)
_A_DAY_IN_2000: Final = datetime(2000, 1, 1, tzinfo=UTC)

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


def _traces(parameters: ParameterSet | None, day: date) -> Period:
    # Given, or else in force on the rule's day (Art. 5.3.2 as the template then read).
    return resolve(parameters, day).trace_retention


def _habilitations(parameters: ParameterSet | None, day: date) -> Period:
    return resolve(parameters, day).habilitation_retention


def _purge_date(day: date, period: Period, field: str) -> date:
    what = f"la date de purge (+ {period.wording})"
    return shifted(day, period.value, field, what=what, article=ART)


def _purgeable_on(day: date, period: relativedelta, as_of: date) -> bool:
    try:
        purge: date = day + period
    except ValueError:  # after 31/12/9999, the last of Python's dates: after any as_of too
        return False
    return purge <= as_of


def _cutoff(as_of: date, period: Period) -> date:
    """The latest day D with D + period ≤ as_of.

    D ↦ D + period never decreases, so the days purgeable on ``as_of`` are exactly
    those up to one day D. ``as_of - period`` is a first guess, too early at month
    ends (28/02 - 6 months = 28/08, yet 29, 30 and 31/08 + 6 months are 28/02 too):
    step forward while the next day still qualifies (three steps at most).

    Raises:
        InvalidValueError: ``as_of - period`` is before 01/01/0001: no day can be
            purged yet (the cutoff would be before Python's first date).
    """
    what = f"as_of − {period.wording}"
    # A first guess never too late with months and years: (as_of - period) + period is
    # as_of, or a day before it clipped to a month end.
    candidate = shifted(as_of, -period.value, "as_of", what=what, article=ART)
    while _purgeable_on(candidate + _ONE_DAY, period.value, as_of):
        candidate += _ONE_DAY
    return candidate


def trace_purge_date(at: datetime | date, *, parameters: ParameterSet | None = None) -> date:
    """The first Paris day a trace made at ``at`` may be purged: its day + 6 months (Art. 5.3.2).

    >>> from datetime import datetime, timezone
    >>> trace_purge_date(datetime(2026, 8, 31, 22, 30, tzinfo=timezone.utc))  # 1 Sept. in Paris
    datetime.date(2027, 3, 1)
    """
    day = paris_day(at, "at")
    return _purge_date(day, _traces(parameters, day), "at")


def habilitation_purge_date(
    devalidated_on: date | datetime, *, parameters: ParameterSet | None = None
) -> date:
    """The first day the data of an habilitation dévalidée on ``devalidated_on`` may be purged.

    That day + 6 years (Art. 5.3.2): 29/02/2024 → 28/02/2030.
    """
    day = paris_day(devalidated_on, "devalidated_on")
    return _purge_date(day, _habilitations(parameters, day), "devalidated_on")


def trace_retention_cutoff(
    as_of: date | datetime, *, parameters: ParameterSet | None = None
) -> date:
    """The latest Paris day whose traces may be purged on ``as_of`` (Art. 5.3.2).

    For every day d: ``trace_purge_date(d) <= as_of`` exactly when ``d <= cutoff``.
    """
    day = paris_day(as_of, "as_of")
    return _cutoff(day, _traces(parameters, day))


def habilitation_retention_cutoff(
    as_of: date | datetime, *, parameters: ParameterSet | None = None
) -> date:
    """The latest dévalidation day whose habilitation data may be purged on ``as_of``."""
    day = paris_day(as_of, "as_of")
    return _cutoff(day, _habilitations(parameters, day))


def trace_retention_cutoff_instant(
    as_of: date | datetime, *, parameters: ParameterSet | None = None
) -> datetime:
    """The first instant whose traces are *not* purgeable on ``as_of``, aware.

    00:00 Europe/Paris on the day after :func:`trace_retention_cutoff`: a store runs
    ``DELETE … WHERE at < :cutoff``.

    >>> from datetime import date
    >>> trace_retention_cutoff_instant(date(2027, 2, 28)).isoformat()
    '2026-09-01T00:00:00+02:00'
    """
    return start_of_paris_day(trace_retention_cutoff(as_of, parameters=parameters) + _ONE_DAY)


def habilitation_retention_cutoff_instant(
    as_of: date | datetime, *, parameters: ParameterSet | None = None
) -> datetime:
    """The first dévalidation instant whose data are *not* purgeable on ``as_of``, aware."""
    cutoff = habilitation_retention_cutoff(as_of, parameters=parameters)
    return start_of_paris_day(cutoff + _ONE_DAY)


# --- one record: decisions


def _as_of_day(as_of: date | datetime, event: date, label: str) -> date:
    day = paris_day(as_of, "as_of")
    if day < event:
        raise ChronologyError(label, event, "as_of", day, article=ART)
    return day


def _purge_reason(what: str, purge_on: date, period: Period, *, purge: bool) -> Reason:
    """``what`` (« trace du 31/08/2026 ») purgeable from ``purge_on``, or kept until then.

    Kept, it carries its remedy: wait until 00:00, Paris time, on ``purge_on``.
    """
    if purge:
        return Reason(ART, f"{what} : purgeable depuis le {day_text(purge_on)}")
    kept_until = day_text(purge_on - _ONE_DAY)
    return Reason(
        ART,
        f"{what} : conservée {period.wording}, jusqu'au {kept_until} inclus",
        remedy=Remedy.wait(start_of_paris_day(purge_on)),
    )


def _trace_reason(made: date, purge_on: date, period: Period, *, purge: bool) -> Reason:
    return _purge_reason(f"trace du {day_text(made)}", purge_on, period, purge=purge)


def _habilitation_reason(ended: date, purge_on: date, period: Period, *, purge: bool) -> Reason:
    return _purge_reason(f"dévalidée le {day_text(ended)}", purge_on, period, purge=purge)


_NOT_DEVALIDATED: Final = Reason(
    ART, "habilitation non dévalidée : conservée (une suspension n'est pas une dévalidation)"
)


def may_purge_trace(
    at: datetime | date, as_of: date | datetime, *, parameters: ParameterSet | None = None
) -> Decision:
    """Whether a trace made at ``at`` may be purged on ``as_of`` (Art. 5.3.2).

    Raises:
        ChronologyError: ``as_of`` is before the trace.
    """
    made = paris_day(at, "at")
    day = _as_of_day(as_of, made, "la trace (at)")
    period = _traces(parameters, day)
    purge_on = _purge_date(made, period, "at")
    purge = purge_on <= day
    return Decision(allowed=purge, reasons=(_trace_reason(made, purge_on, period, purge=purge),))


def may_purge_habilitation(
    devalidated_on: date | datetime | None,
    as_of: date | datetime,
    *,
    parameters: ParameterSet | None = None,
) -> Decision:
    """Whether the data of an habilitation may be purged on ``as_of`` (Art. 5.3.2).

    ``None``: the habilitation is not dévalidée (active or suspended), and is never
    purgeable.

    Raises:
        ChronologyError: ``as_of`` is before the dévalidation.
    """
    if devalidated_on is None:
        paris_day(as_of, "as_of")
        return Decision.deny(_NOT_DEVALIDATED)
    ended = paris_day(devalidated_on, "devalidated_on")
    day = _as_of_day(as_of, ended, "la dévalidation (devalidated_on)")
    period = _habilitations(parameters, day)
    purge_on = _purge_date(ended, period, "devalidated_on")
    purge = purge_on <= day
    reason = _habilitation_reason(ended, purge_on, period, purge=purge)
    return Decision(allowed=purge, reasons=(reason,))


# --- millions of records


def _zone(value: tzinfo | None) -> tzinfo | None:
    candidate: object = value  # typed as the field is; checked as the input may be
    if candidate is not None and not isinstance(candidate, tzinfo):
        raise InvalidValueError(
            "zone", value, "un fuseau (tzinfo), par exemple ZoneInfo('Europe/Paris'), ou None"
        )
    if value is not None:
        try:
            _A_DAY_IN_2000.replace(tzinfo=value).utcoffset()
        except Exception:  # noqa: BLE001  # tzinfo() itself, or a tzinfo that fails
            raise InvalidValueError(
                "zone",
                value,
                "un fuseau (tzinfo) qui donne son décalage, de moins de 24 heures, par "
                "exemple ZoneInfo('Europe/Paris'), ou None",
                problem="fuseau sans décalage horaire utilisable",
                shown_as=type(value).__name__,
            ) from None
    return value


def _as_of(value: date | datetime) -> date:
    return paris_day(value, "as_of")


# Python keeps every UTC offset strictly within ± 24 hours, so two offsets of one zone
# differ by less than 48 hours: a wall-clock time 48 hours or more before (after) the
# cutoff's names an instant before (after) it, in any zone, gap or fold.
_WALL_CLOCK_MARGIN: Final = timedelta(hours=48)
# Within that margin the records' zone is read every 6 hours, either fold: a zone that
# never changes its offset twice within 6 hours (the tz database's closest changes are
# four days apart; tests/test_retention.py checks the installed one) then has no change
# there at all.
_PROBE_STEP: Final = timedelta(hours=6)
_PROBES: Final = range(-(_WALL_CLOCK_MARGIN // _PROBE_STEP), _WALL_CLOCK_MARGIN // _PROBE_STEP + 1)


def _steady(local: datetime) -> bool:
    """Whether ``local``'s zone has ``local``'s offset at every wall clock within 48 hours of it.

    Then comparing wall clocks there is comparing instants: a gap or a fold (where
    wall clocks and instants disagree) needs an offset change.
    """
    offset = local.utcoffset()
    for step in _PROBES:
        wall_clock = local + step * _PROBE_STEP
        for fold in (0, 1):
            if wall_clock.replace(fold=fold).utcoffset() != offset:
                return False
    return True


def _comparands(
    first_kept: datetime, zone: tzinfo | None
) -> tuple[datetime, datetime | None, datetime | None]:
    """What :meth:`RetentionCutoff.purgeable_flags` compares instants with: limit, low, high.

    An instant is purgeable when it is before ``first_kept``. Datetimes of one tzinfo
    object compare by wall clock (fast), of two by UTC (about 20 times slower). The
    limit is held in ``zone`` when no offset change of ``zone`` comes within 48 hours of
    it: ``at < limit``, exact and fast. Near a change (a gap or a fold, where wall clocks
    and instants disagree), ``low`` and ``high`` are the wall clocks 48 hours either
    side, and ``at < low or (at < high and at < limit)`` with the limit in UTC: the
    slow comparison only within those four days. Where the wall clocks would leave
    Python's dates, ``at < limit`` in UTC.
    """
    limit = first_kept.astimezone(UTC)
    if type(zone) not in KNOWN_ZONES:
        # Only the tz database's zones and fixed offsets change their offset as
        # _steady samples them (at most once in a few hours); any other tzinfo (one's
        # own, pytz, dateutil) is compared in UTC, exact at any speed.
        return limit, None, None
    try:
        local = limit.astimezone(zone)
        if _steady(local):
            return local, None, None
        return limit, local - _WALL_CLOCK_MARGIN, local + _WALL_CLOCK_MARGIN
    except (OverflowError, ValueError):  # ValueError: a zone without offset there
        return limit, None, None


@attrs.frozen
class RetentionCutoff(Shown):
    """The trace cutoff of one ``as_of``, built once, to classify many instants fast.

    ``zone`` is the zone of the records' datetimes (the very same tzinfo object):
    Python compares two datetimes of one tzinfo by their wall clocks, which is fast,
    and of two by UTC, about 20 times slower. The cutoff is held in ``zone``, its
    wall clock compared with the records', unless ``zone`` changes its offset within
    48 hours of it: there, in a gap or a fold, wall clocks and instants disagree, and
    the instants of those four days are compared in UTC. Exact in every zone, fast in
    all but a few days a year.

    >>> from datetime import date, datetime, timezone
    >>> cutoff = RetentionCutoff(date(2027, 2, 28), zone=timezone.utc)
    >>> cutoff.purgeable_flags([datetime(2026, 8, 31, 21, 59, tzinfo=timezone.utc),
    ...                         datetime(2026, 8, 31, 22, 0, tzinfo=timezone.utc)])
    [True, False]
    """

    as_of: date = attrs.field(converter=_as_of)
    zone: tzinfo | None = attrs.field(default=UTC, converter=_zone, kw_only=True)
    parameters: ParameterSet = attrs.field(
        default=attrs.Factory(lambda self: resolve(None, self.as_of), takes_self=True),
        validator=instance_of(ParameterSet, "ParameterSet(...)"),
        kw_only=True,
        repr=False,
    )
    last_purgeable_day: date = attrs.field(init=False)
    instant: datetime = attrs.field(init=False)
    _exact: datetime = attrs.field(init=False, repr=False, eq=False)
    _limit: datetime = attrs.field(init=False, repr=False, eq=False)
    _low: datetime | None = attrs.field(init=False, repr=False, eq=False)
    _high: datetime | None = attrs.field(init=False, repr=False, eq=False)

    _html_caption = "Limite de conservation des traces"
    _html_fields = (
        ("as_of", "Au"),
        ("last_purgeable_day", "Dernier jour de traces purgeables"),
        ("instant", "Traces conservées depuis le"),
        ("zone", "Fuseau des enregistrements"),
    )

    def __attrs_post_init__(self) -> None:
        last = _cutoff(self.as_of, self.parameters.trace_retention)
        first_kept = start_of_paris_day(last + _ONE_DAY)
        limit, low, high = _comparands(first_kept, self.zone)
        object.__setattr__(self, "last_purgeable_day", last)
        object.__setattr__(self, "instant", first_kept)
        object.__setattr__(self, "_exact", first_kept.astimezone(UTC))
        object.__setattr__(self, "_limit", limit)
        object.__setattr__(self, "_low", low)
        object.__setattr__(self, "_high", high)

    def is_purgeable(self, at: datetime) -> bool:
        """Whether a trace made at ``at`` may be purged on ``as_of``."""
        return aware(at, "at") < self._exact

    def purgeable_flags(self, instants: Iterable[datetime]) -> list[bool]:
        """:meth:`is_purgeable` for many instants, at the speed of a bare comparison loop.

        Raises:
            InvalidValueError: ``instants`` is not iterable.
            NaiveDatetimeError: an instant without time zone (the loop stops there).
        """
        items = (
            instants
            if isinstance(instants, list | tuple)
            else list(_records(instants, "instants", "un itérable de datetime avec fuseau horaire"))
        )
        limit, low, high = self._limit, self._low, self._high
        try:
            if low is None or high is None:
                return [at < limit for at in items]
            return [at < low or (at < high and at < limit) for at in items]
        except Exception:  # a comparison fails: an instant is no aware datetime, or
            # its tzinfo fails (a tzinfo of one's own may raise anything)
            for position, at in enumerate(items):  # say which one, and why
                aware(at, f"instants[{position}]")
            raise  # pragma: no cover  # every failure above comes from an instant


# --- streamed plans


@attrs.frozen
class PurgeItem(Shown, Generic[T]):
    """One record of a purge plan: purge it or keep it, why, and until when."""

    record: T
    purge: bool
    reason: Reason
    purge_on: date | None
    """The first day it may be purged (``None``: never, an habilitation not dévalidée)."""

    _html_caption = "Ligne d'un plan de purge"
    _html_fields = (
        ("record", "Enregistrement"),
        ("purge", "À purger"),
        ("purge_on", "Purgeable à partir du"),
        ("reason", "Motif"),
    )
    _html_columns = ("purge", "purge_on", "reason")


_AT: Final = attrgetter("at")
_DEVALIDATED_ON: Final = attrgetter("devalidated_on")


_RECORDS: Final = "un itérable d'enregistrements (liste, générateur, curseur…)"


def _records(value: Iterable[T], field: str, expected: str = _RECORDS) -> Iterator[T]:
    try:
        return iter(value)
    except TypeError:
        raise InvalidValueError(field, value, expected, article=ART) from None


def _getter(value: Callable[[T], object], field: str, what: str) -> None:
    if not callable(value):
        raise InvalidValueError(
            field,
            value,
            f"une fonction qui donne {what} d'un enregistrement (par défaut, son attribut {field})",
            article=ART,
        )


def _read(record: T, getter: Callable[[T], object], name: str, where: str) -> object:
    """What ``getter`` reads from ``record``: by default its attribute ``name``, refused if absent.

    A getter given by the caller is the caller's code: what it raises goes through.
    """
    if getter is not _AT and getter is not _DEVALIDATED_ON:
        return getter(record)
    try:
        return getter(record)
    except AttributeError:
        raise InvalidValueError(
            where,
            record,
            f"un enregistrement avec un attribut {name} (ou une fonction {name}=… qui le lit)",
            problem=f"enregistrement sans attribut {name}",
            article=ART,
        ) from None


def trace_purge_plan(
    traces: Iterable[T],
    as_of: date | datetime,
    *,
    at: Callable[[T], datetime | date] = _AT,
    parameters: ParameterSet | None = None,
) -> Iterator[PurgeItem[T]]:
    """A purge plan for ``traces`` on ``as_of``, one item per trace, streamed (Art. 5.3.2).

    Reads one record at a time and keeps nothing: constant memory over any number of
    records. ``at`` gives a record's instant (by default its ``at`` attribute).
    The arguments are checked at the call; each record when it is reached, errors
    naming it by its position (``traces[3].at``).

    Raises:
        InvalidValueError: ``as_of``, ``traces`` or ``at`` malformed (at the call); a
            record without an ``at``, or a bad value there (when it is reached).
        ChronologyError: a trace made after ``as_of`` (when it is reached).
    """
    day = paris_day(as_of, "as_of")
    period = _traces(parameters, day)
    last = _cutoff(day, period)
    records = _records(traces, "traces")
    _getter(at, "at", "l'instant")
    return _trace_plan(records, day, last, at, period)


def _trace_plan(
    records: Iterator[T],
    day: date,
    last: date,
    at: Callable[[T], datetime | date],
    period: Period,
) -> Iterator[PurgeItem[T]]:
    # Traces come by the million and fall on a few hundred days: each Paris day's
    # verdict (purge, reason, purge day) is worked out once and shared by the items of
    # that day (they are immutable); an instant in UTC, as most stores give them, finds
    # it by its UTC hour. Errors name the record that raised them.
    verdicts = _DayVerdicts(day, last, period, _trace_reason, "la trace")
    hours: dict[int, _Verdict] = {}
    default = at is _AT
    for position, record in enumerate(records):
        try:
            made_at = record.at if default else at(record)  # type: ignore[attr-defined]
        except AttributeError:
            if not default:
                raise  # the caller's getter: what it raises goes through
            made_at = _read(record, at, "at", f"traces[{position}].at")  # says which record
        utc = made_at if type(made_at) is datetime and made_at.tzinfo is UTC else None
        hour = None if utc is None else utc.toordinal() * 24 + utc.hour
        verdict = None if hour is None else hours.get(hour)
        if verdict is None:
            where = f"traces[{position}].at"
            verdict = verdicts.of(paris_day(made_at, where), where)
            if utc is not None and hour is not None and _whole_paris_day(utc):
                _remember(hours, hour, verdict)
        yield PurgeItem(record, verdict[0], verdict[1], verdict[2])


_Verdict = tuple[bool, Reason, date]


class _DayVerdicts:
    """Each Paris day's verdict in a plan (purge, reason, purge day), worked out once."""

    __slots__ = ("_as_of", "_known", "_last", "_period", "_reason", "_what")

    def __init__(
        self,
        as_of: date,
        last: date,
        period: Period,
        reason: Callable[..., Reason],
        what: str,
    ) -> None:
        self._as_of, self._last, self._period = as_of, last, period
        self._reason, self._what = reason, what
        self._known: dict[date, _Verdict] = {}

    def of(self, made: date, where: str) -> _Verdict:
        """The verdict of the records of day ``made``; ``where``: the record's path, for errors."""
        verdict = self._known.get(made)
        if verdict is None:
            _as_of_day(self._as_of, made, f"{self._what} ({where})")
            purge_on = _purge_date(made, self._period, where)
            purge = made <= self._last
            verdict = (purge, self._reason(made, purge_on, self._period, purge=purge), purge_on)
            _remember(self._known, made, verdict)
        return verdict


_MEMO_SIZE: Final = 65_536
"""How many days or hours a plan remembers: a bound on memory whatever the records."""


def _remember(memo: dict[K, V], key: K, value: V) -> None:
    """``memo[key] = value``, ``memo`` emptied first when full: memory stays bounded."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value


def _whole_paris_day(instant: datetime) -> bool:
    """Whether the UTC hour of ``instant`` lies within one Paris day.

    Paris has changed its offset on whole UTC hours since 1911; before, at Paris mean
    time (+00:09:21), a Paris midnight fell inside an hour, which then has two days.
    Asked once the instant's purge day is known: so never in the last months of
    Python's dates, where an hour's end could not be written.
    """
    start = instant.replace(minute=0, second=0, microsecond=0)
    end = start + _AN_HOUR_BUT_ONE_MICROSECOND
    return start.astimezone(PARIS).date() == end.astimezone(PARIS).date()


_AN_HOUR_BUT_ONE_MICROSECOND: Final = timedelta(hours=1, microseconds=-1)


def habilitation_purge_plan(
    records: Iterable[T],
    as_of: date | datetime,
    *,
    devalidated_on: Callable[[T], date | datetime | None] = _DEVALIDATED_ON,
    parameters: ParameterSet | None = None,
) -> Iterator[PurgeItem[T]]:
    """A purge plan for habilitation data on ``as_of``, streamed (Art. 5.3.2).

    ``devalidated_on`` gives a record's dévalidation day (by default its
    ``devalidated_on`` attribute, as :class:`~caf_contract.habilitations.Habilitation`
    has), ``None`` when it is not dévalidée: such a record is always kept.

    Raises:
        InvalidValueError: ``as_of``, ``records`` or ``devalidated_on`` malformed (at
            the call); a record without a ``devalidated_on``, or a bad value there
            (when it is reached: ``records[3].devalidated_on``).
        ChronologyError: a dévalidation after ``as_of`` (when it is reached).
    """
    day = paris_day(as_of, "as_of")
    period = _habilitations(parameters, day)
    last = _cutoff(day, period)
    iterator = _records(records, "records")
    _getter(devalidated_on, "devalidated_on", "le jour de dévalidation")
    return _habilitation_plan(iterator, day, last, devalidated_on, period)


def _habilitation_plan(
    records: Iterator[T],
    day: date,
    last: date,
    devalidated_on: Callable[[T], date | datetime | None],
    period: Period,
) -> Iterator[PurgeItem[T]]:
    verdicts = _DayVerdicts(day, last, period, _habilitation_reason, "la dévalidation")
    for position, record in enumerate(records):
        where = f"records[{position}].devalidated_on"
        ended_at = _read(record, devalidated_on, "devalidated_on", where)
        if ended_at is None:
            yield PurgeItem(record, False, _NOT_DEVALIDATED, None)  # noqa: FBT003
            continue
        verdict = verdicts.of(paris_day(ended_at, where), where)
        yield PurgeItem(record, verdict[0], verdict[1], verdict[2])
