from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import CafContractError, InvalidValueError, NaiveDatetimeError, WorkingCalendar
from caf_contract._time import (
    PARIS,
    aware,
    instant,
    next_day,
    paris_day,
    paris_ordinal,
    plain_day,
    shifted,
)
from caf_contract.articles import Article
from caf_contract.availability import MaintenanceWindow
from caf_contract.retention import trace_purge_date
from tests import strategies as cst

PLUS_ONE = timezone(timedelta(hours=1))
OUT_OF_RANGE = "instant hors de la plage représentable"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, 0, 0, tzinfo=PLUS_ONE),  # 31/12/0000 in UTC
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=1))),  # 10000 in UTC
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),  # 01/01/10000 in Paris
    ],
)
def test_instants_without_a_utc_or_a_paris_time_are_refused(moment: datetime) -> None:
    expected = (
        f"sent_at : {OUT_OF_RANGE} (.*) ; attendu : un instant compris, en UTC comme à "
        "l'heure de Paris, entre le 01/01/0001 00:00 et le 31/12/9999 23:59"
    )
    with pytest.raises(InvalidValueError, match=expected):
        aware(moment, "sent_at")
    with pytest.raises(InvalidValueError, match=OUT_OF_RANGE):
        paris_day(moment, "sent_at")
    with pytest.raises(InvalidValueError, match=f"MaintenanceWindow.start : {OUT_OF_RANGE}"):
        MaintenanceWindow(start=moment, end=datetime(2026, 1, 1, tzinfo=UTC))
    assert instant(moment) is moment  # left for the validator to refuse, naming the field


def test_the_last_representable_instants_are_accepted() -> None:
    assert paris_day(datetime(9999, 12, 31, 22, 59, tzinfo=UTC), "at") == date(9999, 12, 31)
    assert paris_day(datetime(1, 1, 1, 0, 0, tzinfo=UTC), "at") == date(1, 1, 1)
    assert aware(datetime(1, 1, 1, 1, 0, tzinfo=PLUS_ONE), "at") == datetime(1, 1, 1, tzinfo=UTC)


def test_days_whose_computed_date_leaves_pythons_dates_are_refused_with_the_accepted_range() -> (
    None
):
    with pytest.raises(
        InvalidValueError,
        match=r"^day : date hors de la plage représentable \(31/12/9999\) ; "
        r"attendu : une date entre le 01/01/0001 et le 30/12/9999, pour que le lendemain reste "
        r"entre le 01/01/0001 et le 31/12/9999 \(les limites des dates de Python\)\.$",
    ):
        next_day(date.max)
    with pytest.raises(
        InvalidValueError,
        match=r"^Art\. 5\.3\.2 — as_of : .* attendu : une date entre le 01/07/0001 et le 31/12/9999",
    ):
        shifted(
            date(1, 6, 30), -relativedelta(months=6), "as_of", what="…", article=Article.ART_5_3_2
        )
    assert next_day(date(9999, 12, 30)) == date.max


@given(cst.extreme_days())
def test_shifted_refuses_exactly_what_python_cannot_compute(day: date) -> None:
    for delta in (relativedelta(months=6), -relativedelta(years=6), timedelta(days=1)):
        try:
            expected = day + delta
        except (OverflowError, ValueError):
            with pytest.raises(InvalidValueError, match="date hors de la plage représentable"):
                shifted(day, delta, "day", what="…")
        else:
            assert shifted(day, delta, "day", what="…") == expected


# --- the Paris day of an instant, without a conversion (paris_ordinal)


@functools.cache
def _paris_changes() -> tuple[cst.OffsetChange, ...]:
    """Every change of the Paris offset from 1800 to 2200, read from the tz database."""
    start = datetime(1800, 1, 1, tzinfo=UTC)
    return tuple(cst.offset_changes(PARIS, start, (date(2201, 1, 1) - date(1800, 1, 1)).days))


def test_paris_is_never_behind_utc_nor_two_hours_ahead_from_1800_to_2200() -> None:
    # What paris_ordinal rests on for instants: before 22:00 UTC, the UTC date is Paris's.
    changes = _paris_changes()
    assert len(changes) > 300  # LMT, PMT, WET, the wars, every summer time since 1976
    offsets = {change.before for change in changes} | {change.after for change in changes}
    assert min(offsets) == timedelta(0)  # WET, 1911-1940
    assert max(offsets) == timedelta(hours=2)  # summer time


def test_no_change_of_the_paris_offset_moves_its_clocks_by_more_than_an_hour() -> None:
    # What paris_ordinal rests on for datetimes in Paris time: a wall clock from 01:00
    # to 22:59 that names no instant, or two, is read back (through UTC) on its date.
    changes = _paris_changes()
    assert max(abs(change.after - change.before) for change in changes) == timedelta(hours=1)
    for change in changes:
        for edge in change.wall_clocks:
            for wall in (edge, edge - timedelta(microseconds=1)):
                for fold in (0, 1):
                    moment = wall.replace(tzinfo=PARIS, fold=fold)
                    read_back = moment.astimezone(UTC).astimezone(PARIS).date()
                    assert read_back == wall.date() or wall.hour in {0, 23}, change


def _paris_wall_clocks_near_changes() -> st.SearchStrategy[datetime]:
    changes = st.deferred(lambda: st.sampled_from(_paris_changes()))
    return st.one_of(
        changes.flatmap(cst.wall_clocks_near),
        changes.flatmap(cst.instants_near_change),
    )


def _converted(value: object, field: str) -> object:
    """The Paris day as paris_day read it before its quick path: a conversion, or an error."""
    try:
        if isinstance(value, datetime):
            return aware(value, field).astimezone(PARIS).date()
        if isinstance(value, date):
            return date(value.year, value.month, value.day)
        raise InvalidValueError(field, value, "une date ou un datetime avec fuseau horaire")
    except CafContractError as error:
        return type(error), str(error)


MOMENTS = st.one_of(
    cst.aware_datetimes(),
    cst.aware_datetimes(datetime(1799, 12, 30), datetime(1800, 1, 2)),  # noqa: DTZ001
    cst.aware_datetimes(datetime(2200, 12, 30), datetime(2201, 1, 2)),  # noqa: DTZ001
    _paris_wall_clocks_near_changes(),
    cst.extreme_datetimes(),
    cst.naive_datetimes(),
)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 14/06/1916 23:00 WET became 15/06 00:00 WEST: 23:30 names no instant; read
        # with the offset before (fold 0) it is 00:30 on the 15th, with the one after
        # (fold 1) 22:30 UTC, 23:30 on the 14th, as a conversion through UTC reads it.
        (datetime(1916, 6, 14, 23, 30, tzinfo=PARIS), date(1916, 6, 15)),
        (datetime(1916, 6, 14, 23, 30, fold=1, tzinfo=PARIS), date(1916, 6, 14)),
        (datetime(1916, 6, 14, 22, 59, tzinfo=PARIS), date(1916, 6, 14)),
        (datetime(1916, 6, 15, 0, 30, tzinfo=PARIS), date(1916, 6, 15)),
        (datetime(2026, 6, 1, 21, 59, tzinfo=UTC), date(2026, 6, 1)),  # 23:59 in Paris
        (datetime(2026, 6, 1, 22, 0, tzinfo=UTC), date(2026, 6, 2)),
        (datetime(2026, 1, 1, 22, 59, tzinfo=UTC), date(2026, 1, 1)),  # 23:59 in Paris
        (datetime(2026, 1, 1, 23, 0, tzinfo=UTC), date(2026, 1, 2)),
    ],
)
def test_paris_ordinal_reads_a_wall_clock_as_the_instant_it_names(
    moment: datetime, expected: date
) -> None:
    assert paris_ordinal(moment) == expected.toordinal()
    assert paris_day(moment, "at") == expected


@given(MOMENTS)
def test_paris_ordinal_is_the_paris_day_of_the_instant_or_zero(moment: datetime) -> None:
    expected = _converted(moment, "at")
    if 1800 <= moment.year <= 2200 and isinstance(expected, date):
        assert paris_ordinal(moment) == expected.toordinal()
    else:  # naive, or outside the years checked above: paris_day decides
        assert paris_ordinal(moment) == 0


@given(st.one_of(MOMENTS, cst.days(), cst.extreme_days(), cst.not_dates()))
def test_paris_day_answers_and_refuses_as_the_conversion_does(value: object) -> None:
    try:
        got: object = paris_day(value, "sent_at")
    except CafContractError as error:
        got = type(error), str(error)
    assert got == _converted(value, "sent_at")


class NaTType(datetime):
    """A stand-in for pandas' ``NaT`` (pandas is no dependency): a ``datetime`` subclass
    of that name. The real one answers ``nan`` for its fields; nothing here reads them."""

    def __repr__(self) -> str:
        return "NaT"


def _missing_times() -> list[object]:
    times: list[object] = [NaTType(1970, 1, 1)]
    try:
        pd = importlib.import_module("pandas")  # installed or not: no dependency
    except ImportError:
        return times
    return [*times, pd.NaT]


@pytest.mark.parametrize("missing", _missing_times(), ids=lambda value: type(value).__module__)
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda value: aware(value, "at"), "at"),
        (lambda value: paris_day(value, "sent_at"), "sent_at"),
        (lambda value: plain_day(value, "signed_on"), "signed_on"),
        (trace_purge_date, "at"),
        (WorkingCalendar().is_working_day, "day"),
        (lambda value: MaintenanceWindow(start=value, end=value), "MaintenanceWindow.start"),
    ],
)
def test_a_missing_time_is_said_missing_not_naive(
    missing: object, call: Callable[[object], object], field: str
) -> None:
    """Issue 17, point 3: « a pandas NaT is « valeur manquante », not a naive datetime »:
    an empty cell of a data frame's date column."""
    with pytest.raises(InvalidValueError) as caught:
        call(missing)
    assert not isinstance(caught.value, NaiveDatetimeError)
    assert caught.value.problem == "valeur manquante"
    assert f"{field} : valeur manquante (NaT) ; attendu : " in str(caught.value)
