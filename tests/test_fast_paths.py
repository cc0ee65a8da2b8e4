"""The fast paths of issue 16 are taken by the common calls, and answer as the rules do.

Each public call has a fast path (a lookup in a compact table, a cached verdict or
midnight) and a slow path that checks every argument and answers plainly. A test of
answers alone cannot tell them apart: the slow path gives the same answer, slower.
These tests make the slow path fail, or count the work done, to show that the common
calls never reach it, and compare every fast answer with a plain oracle.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from caf_contract import (
    CafContractError,
    DayKind,
    UnsupportedYearError,
    WorkingCalendar,
    habilitation_purge_plan,
    may_purge_habilitation,
    may_purge_trace,
    reminder_allowed_from,
    trace_purge_plan,
    trace_retention_cutoff,
)
from caf_contract import calendar as calendar_module
from caf_contract import escalation as escalation_module
from caf_contract import retention as retention_module
from caf_contract._time import PARIS, next_day, paris_day, start_of_paris_day
from caf_contract.parameters import at as parameters_at
from tests import strategies as cst

# --- the calendar

# Every test below asks within these days; the warm-up covers them (and margins).
FIRST, LAST = date(2000, 1, 1), date(2040, 12, 31)


def _warm(calendar: WorkingCalendar) -> None:
    calendar.working_days_between(FIRST - timedelta(days=400), LAST + timedelta(days=400))


@contextmanager
def _slow_paths_refused() -> Iterator[None]:
    def refuse(*_: object, **__: object) -> Any:
        raise AssertionError("le chemin lent a été pris")  # pragma: no cover  # the failure

    with (
        mock.patch.object(WorkingCalendar, "_slow_is_working_day", refuse),
        mock.patch.object(WorkingCalendar, "_slow_add_working_days", refuse),
        mock.patch.object(WorkingCalendar, "_slow_working_days_between", refuse),
    ):
        yield


def _oracle_working(calendar: WorkingCalendar, day: date) -> bool:
    weekdays = 5 if calendar.kind is DayKind.OUVRES else 6
    return (
        day.weekday() < weekdays
        and day not in calendar.holidays(day.year)
        and day not in calendar.extra_closures
    )


def _oracle_add(calendar: WorkingCalendar, day: date, n: int) -> date:
    if n == 0:
        while not _oracle_working(calendar, day):
            day += timedelta(days=1)
        return day
    step = timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        left -= _oracle_working(calendar, day)
    return day


def _oracle_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    low, high = sorted((start, end))
    count = sum(
        _oracle_working(calendar, low + timedelta(days=k)) for k in range(1, (high - low).days + 1)
    )
    return count if end >= start else -count


def _instant(day: date, zone: Any, hour: int) -> datetime:  # any tzinfo
    """An aware instant whose Paris day is ``day``, written in ``zone``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS).astimezone(zone)


@given(
    calendar=cst.calendars(),
    day=cst.days(FIRST, LAST),
    n=st.integers(-30, 30),
    width=st.integers(-60, 60),
    zone=cst.zones(),
    hour=st.integers(0, 23),
)
def test_dates_and_aware_datetimes_inside_the_table_never_take_the_slow_path(  # noqa: PLR0917
    calendar: WorkingCalendar, day: date, n: int, width: int, zone: Any, hour: int
) -> None:
    _warm(calendar)
    other = day + timedelta(days=width)
    instant, other_instant = _instant(day, zone, hour), _instant(other, zone, hour)
    with _slow_paths_refused():
        assert calendar.is_working_day(day) == _oracle_working(calendar, day)
        assert calendar.is_working_day(instant) == _oracle_working(calendar, day)
        assert calendar.add_working_days(day, n) == _oracle_add(calendar, day, n)
        assert calendar.add_working_days(instant, n) == _oracle_add(calendar, day, n)
        expected = _oracle_between(calendar, day, other)
        assert calendar.working_days_between(day, other) == expected
        assert calendar.working_days_between(instant, other_instant) == expected


class _Day(date):
    """A date of one's own: the fast path does not know it, the rules still do."""


class _Moment(datetime):
    """A datetime of one's own (as pandas' Timestamp is)."""


@given(calendar=cst.calendars(), day=cst.days(FIRST, LAST), n=st.integers(-10, 10))
def test_subclasses_of_date_and_datetime_are_answered_as_plain_ones(
    calendar: WorkingCalendar, day: date, n: int
) -> None:
    own = _Day(day.year, day.month, day.day)
    moment = _Moment(day.year, day.month, day.day, 12, tzinfo=PARIS)
    later = day + timedelta(days=17)
    own_later = _Day(later.year, later.month, later.day)
    for given_day in (own, moment):
        assert calendar.is_working_day(given_day) == calendar.is_working_day(day)
        assert calendar.add_working_days(given_day, n) == calendar.add_working_days(day, n)
    between = calendar.working_days_between(day, later)
    assert calendar.working_days_between(day, own_later) == between
    assert calendar.working_days_between(own, later) == between
    assert calendar.working_days_between(moment, own_later) == between


@given(
    calendar=cst.calendars(),
    n=st.integers(-2, 40),
    where=st.sampled_from([0, 1, -2, -1]) | st.none(),
    offset=st.integers(0, 2**20),
)
def test_the_working_day_ordinal_is_the_tables_answer_or_zero_beyond_it(
    calendar: WorkingCalendar, n: int, where: int | None, offset: int
) -> None:
    _warm(calendar)
    base, size, *_ = calendar._table.state  # the table read as the rule reads it
    # Where in the table, drawn apart from its size (other tests may have grown it):
    # its first days, its last day (-2), the day after it (-1), or anywhere.
    index = offset % (size + 1) if where is None else where % (size + 1)
    assert _ordinal_from_the_table(calendar, base + index, n) == _tables_answer(
        calendar, base + index, n
    )


@pytest.mark.parametrize("n", [-1, 0, 1, 2])
def test_the_working_day_ordinal_at_both_ends_of_the_table(n: int) -> None:
    calendar = WorkingCalendar("57")
    _warm(calendar)
    base, size, *_ = calendar._table.state
    for ordinal in (base, base + size - 1):
        assert _ordinal_from_the_table(calendar, ordinal, n) == _tables_answer(
            calendar, ordinal, n
        ), (ordinal, n)


def _ordinal_from_the_table(calendar: WorkingCalendar, ordinal: int, n: int) -> int:
    return calendar_module._working_day_ordinal(calendar, ordinal, n)


def _tables_answer(calendar: WorkingCalendar, ordinal: int, n: int) -> int:
    """What ``_working_day_ordinal`` must say: the answer if the table holds it, else 0."""
    base, size, *_ = calendar._table.state
    if n < 0 or not base <= ordinal < base + size:
        return 0
    try:
        answer = calendar.add_working_days(date.fromordinal(ordinal), n).toordinal()
    except UnsupportedYearError:  # beyond the holiday data: beyond the table too
        return 0
    return answer if answer < base + size else 0


@given(closed=cst.days(date(1990, 1, 1), date(2060, 12, 31)), years=st.integers(-20, 20))
@example(closed=date(2026, 3, 2), years=5)  # the closure in the first year of the table
@example(closed=date(2026, 3, 2), years=-15)  # and in its last
def test_a_closure_in_the_first_or_last_year_of_a_table_is_closed(closed: date, years: int) -> None:
    calendar_module.clear_caches()  # a table built for this example, around the day asked
    calendar = WorkingCalendar(extra_closures={closed})
    calendar.is_working_day(closed + timedelta(days=365 * years))
    assert not calendar.is_working_day(closed)


def test_a_calendar_asked_for_again_is_not_built_again() -> None:
    closures = (date(2026, 12, 24), date(2026, 12, 31))
    arguments: list[tuple[tuple[object, ...], dict[str, object]]] = [
        ((), {}),
        (("57",), {}),
        ((), {"department": "974"}),
        ((), {"kind": DayKind.OUVRABLES}),
        ((), {"kind": "ouvrables"}),
        (("2A",), {"pentecost_monday_worked": True}),
        ((), {"extra_closures": closures}),
        ((), {"extra_closures": frozenset(closures)}),
    ]
    first = [WorkingCalendar(*args, **kwargs) for args, kwargs in arguments]  # type: ignore[arg-type]

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("calendrier reconstruit")  # pragma: no cover  # the failure

    with mock.patch.object(WorkingCalendar, "__attrs_init__", refuse):
        again = [WorkingCalendar(*args, **kwargs) for args, kwargs in arguments]  # type: ignore[arg-type]
    assert all(one is other for one, other in zip(first, again, strict=True))


@pytest.mark.parametrize("kind", [0, 1, True, False, 0.0])
def test_a_kind_equal_to_an_interning_key_is_still_refused(kind: object) -> None:
    WorkingCalendar(), WorkingCalendar(kind=DayKind.OUVRABLES)  # both interned
    with pytest.raises(CafContractError):
        WorkingCalendar(kind=kind)  # type: ignore[arg-type]


def test_a_calendar_pickles_as_its_parameters() -> None:
    calendar = WorkingCalendar("57", extra_closures={date(2026, 12, 24)})
    rebuild, arguments = calendar.__reduce__()
    assert rebuild is calendar_module._rebuilt
    assert arguments == ("57", False, (date(2026, 12, 24),), "ouvrés")
    assert pickle.loads(pickle.dumps(calendar)) is calendar  # noqa: S301  # our own bytes


# --- the reminder


@contextmanager
def _plain_reminder_refused() -> Iterator[None]:
    def refuse(*_: object, **__: object) -> Any:
        raise AssertionError("la règle écrite en clair a été prise")  # pragma: no cover

    with mock.patch.object(escalation_module, "_reminder_allowed_from", refuse):
        yield


@given(
    calendar=st.none() | cst.calendars(),
    day=cst.days(FIRST, LAST),
    zone=cst.zones(),
    hour=st.integers(0, 23),
    given_parameters=st.booleans(),
)
def test_the_reminder_of_a_date_or_an_aware_datetime_is_read_from_the_table(
    calendar: WorkingCalendar | None, day: date, zone: Any, hour: int, given_parameters: bool
) -> None:
    # The default calendar is the module's own (the one built before any clear_caches).
    chosen = calendar or escalation_module._METROPOLITAN
    _warm(chosen)
    parameters = parameters_at(day) if given_parameters else None
    delay = parameters_at(day).reminder_delay.value
    expected = start_of_paris_day(next_day(_oracle_add(chosen, day, delay)))
    with _plain_reminder_refused():
        assert reminder_allowed_from(day, calendar, parameters=parameters) == expected
        instant = _instant(day, zone, hour)
        assert reminder_allowed_from(instant, calendar, parameters=parameters) == expected


def test_the_midnight_of_a_deadline_is_built_once() -> None:
    built: list[date] = []

    def counted(day: date) -> datetime:
        built.append(day)
        return start_of_paris_day(day)

    sent = date(2031, 6, 2)
    # An empty cache of midnights: the one filled by earlier tests (in this process, or
    # in the one it was forked from, as a mutation run forks) would answer alone.
    empty = [None] * len(escalation_module._ANSWERED)
    with mock.patch.object(escalation_module, "_ANSWERED", empty):
        reminder_allowed_from(sent)  # the table extended to 2031, if need be
        with mock.patch.object(escalation_module, "start_of_paris_day", counted):
            answers = [
                reminder_allowed_from(sent),
                reminder_allowed_from(datetime(2031, 6, 2, 9, tzinfo=PARIS)),
                reminder_allowed_from(datetime(2031, 6, 2, 18, tzinfo=UTC)),
            ]
    assert answers[0] == datetime(2031, 6, 10, tzinfo=PARIS)  # Lundi de Pentecôte on 9 June
    assert answers[1] is answers[0]
    assert answers[2] is answers[0]
    assert len(built) <= 1


# --- the purge plans


@contextmanager
def _counting(module: object, name: str) -> Iterator[list[object]]:
    calls: list[object] = []
    original: Callable[..., object] = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return original(*args, **kwargs)

    with mock.patch.object(module, name, counted):
        yield calls


def _utc_traces_in_hours(hours: list[datetime], per_hour: int) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(at=hour + timedelta(minutes=7 * k + 1, seconds=k + 1, microseconds=k + 1))
        for hour in hours
        for k in range(per_hour)
    ]


def test_utc_traces_of_one_hour_share_one_reading_of_their_paris_day() -> None:
    hours = [
        datetime(2026, 1, 14, 22, tzinfo=UTC),  # 23:00 in Paris: the day's last hour
        datetime(2026, 1, 14, 23, tzinfo=UTC),  # 00:00 in Paris: the next day's first
        datetime(2026, 7, 3, 21, tzinfo=UTC),
        datetime(2026, 7, 3, 22, tzinfo=UTC),
    ]
    traces = _utc_traces_in_hours(hours, per_hour=8)
    as_of = date(2026, 9, 15)
    with _counting(retention_module, "paris_day") as calls:
        plan = list(trace_purge_plan(traces, as_of))
    # One reading per hour (the other calls read as_of, a date, once per day judged).
    assert len([call for call in calls if isinstance(call, datetime)]) == len(hours)
    for item in plan:
        assert item.purge == bool(may_purge_trace(item.record.at, as_of))


def test_an_hour_of_another_zone_is_not_taken_for_the_same_utc_hour() -> None:
    as_of = date(2026, 9, 15)
    last = trace_retention_cutoff(as_of)
    # The same wall clock, 23:30 on the last purgeable day: in Paris, that day; in New
    # York, the next Paris day, not purgeable.
    wall = datetime(last.year, last.month, last.day, 23, 30)  # noqa: DTZ001  # zoned below
    records = [
        SimpleNamespace(at=wall.replace(tzinfo=ZoneInfo("America/New_York"))),
        SimpleNamespace(at=wall.replace(tzinfo=PARIS)),
        SimpleNamespace(at=wall.replace(tzinfo=timezone(timedelta(hours=-5)))),
        SimpleNamespace(at=wall.replace(tzinfo=UTC)),
    ]
    assert [item.purge for item in trace_purge_plan(records, as_of)] == [
        bool(may_purge_trace(record.at, as_of)) for record in records
    ]
    assert [item.purge for item in trace_purge_plan(records, as_of)][:2] == [False, True]


@given(days_apart=st.integers(1, 60), hour=st.integers(1, 20))
@example(days_apart=24, hour=10)  # day + 24 at hour - 1: the same number, were hours / 24
def test_utc_hours_of_different_days_keep_their_own_verdicts(days_apart: int, hour: int) -> None:
    as_of = date(2026, 9, 15)
    last = trace_retention_cutoff(as_of)
    first = datetime(last.year, last.month, last.day, hour, tzinfo=UTC)
    later = first + timedelta(days=days_apart, hours=-1)
    plan = list(trace_purge_plan([SimpleNamespace(at=first), SimpleNamespace(at=later)], as_of))
    assert [item.purge for item in plan] == [True, False]


def test_each_paris_day_of_a_plan_is_judged_once() -> None:
    days = [date(2026, 1, 5), date(2026, 3, 9), date(2026, 8, 20)]
    traces = [SimpleNamespace(at=day) for day in days for _ in range(5)]
    with _counting(retention_module, "_purge_date") as calls:
        items = list(trace_purge_plan(traces, date(2026, 9, 15)))
    assert sorted(calls) == days  # type: ignore[type-var]  # dates
    assert [item.purge for item in items] == [True] * 5 + [True] * 5 + [False] * 5
    records = [SimpleNamespace(devalidated_on=day) for day in days for _ in range(3)]
    with _counting(retention_module, "_purge_date") as calls:
        list(habilitation_purge_plan(records, date(2031, 6, 1)))
    assert sorted(calls) == days  # type: ignore[type-var]


def test_a_plan_remembers_a_bounded_number_of_days() -> None:
    memo = {key: key for key in range(retention_module._MEMO_SIZE)}
    retention_module._remember(memo, -1, -1)
    assert len(memo) <= retention_module._MEMO_SIZE
    assert memo[-1] == -1


def test_a_habilitation_plan_reads_the_day_with_the_callers_getter() -> None:
    records: list[dict[str, date | None]] = [
        {"fin": date(2020, 1, 6)},
        {"fin": None},
        {"fin": date(2026, 11, 2)},
    ]
    as_of = date(2026, 11, 29)
    plan = list(habilitation_purge_plan(records, as_of, devalidated_on=lambda row: row["fin"]))
    assert [item.record for item in plan] == records
    assert [item.purge for item in plan] == [True, False, False]
    assert plan[0].purge == bool(may_purge_habilitation(date(2020, 1, 6), as_of))
    assert plan[1].purge_on is None


def test_the_paris_day_reader_is_the_one_the_plans_count() -> None:
    """The counting tests above patch ``retention.paris_day``: it is the shared one."""
    assert getattr(retention_module, "paris_day") is paris_day  # noqa: B009  # not exported
