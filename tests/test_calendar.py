from __future__ import annotations

import copy
import math
import os
import pickle
import subprocess
import sys
from array import array
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs
import holidays
import numpy as np
import pytest
from dateutil.easter import easter
from hypothesis import assume, given
from hypothesis import strategies as st
from workalendar.europe import France, FranceAlsaceMoselle

from caf_contract import (
    Article,
    CafContractError,
    CalendarDay,
    DayKind,
    InvalidValueError,
    NaiveDatetimeError,
    UnknownDepartmentError,
    UnsupportedYearError,
    WorkingCalendar,
)
from caf_contract import calendar as calendar_module
from caf_contract.calendar import clear_caches, holiday_subdivision
from tests import strategies as cst

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.article("3.3")  # the working days that Art. 3.3's delay counts


PARIS = WorkingCalendar()
PARIS_TIME = ZoneInfo("Europe/Paris")
METZ = WorkingCalendar(department="57")
STRASBOURG = WorkingCalendar(department="67")
SAINT_DENIS = WorkingCalendar(department="974")

# --- worked examples


@pytest.mark.parametrize(
    ("calendar", "start", "n", "expected", "why"),
    [
        (PARIS, date(2025, 12, 24), 1, date(2025, 12, 26), "Noël is off; 26/12 is worked in Paris"),
        (METZ, date(2025, 12, 24), 1, date(2025, 12, 29), "Moselle: 25 and 26/12 are off"),
        (STRASBOURG, date(2025, 12, 24), 1, date(2025, 12, 29), "Alsace: 25 and 26/12 are off"),
        (PARIS, date(2026, 12, 31), 1, date(2027, 1, 4), "1 January 2027 is a Friday"),
        (PARIS, date(2026, 4, 2), 1, date(2026, 4, 3), "Good Friday is worked in Paris"),
        (METZ, date(2026, 4, 2), 1, date(2026, 4, 7), "Moselle: Good Friday and Easter Monday off"),
        (PARIS, date(2026, 4, 2), 2, date(2026, 4, 7), "Easter Monday off everywhere"),
        (PARIS, date(2026, 5, 13), 1, date(2026, 5, 15), "Ascension, Thursday 14/05/2026"),
        (
            PARIS,
            date(2026, 5, 22),
            1,
            date(2026, 5, 26),
            "Lundi de Pentecôte 25/05/2026 off by default",
        ),
        (
            WorkingCalendar(pentecost_monday_worked=True),
            date(2026, 5, 22),
            1,
            date(2026, 5, 25),
            "solidarity day: Pentecost Monday worked",
        ),
        (
            PARIS,
            date(2006, 6, 2),
            1,
            date(2006, 6, 5),
            "2006: the package treats Pentecost Monday as worked",
        ),
        (SAINT_DENIS, date(2027, 12, 17), 1, date(2027, 12, 21), "La Réunion: 20 December off"),
        (PARIS, date(2027, 12, 17), 1, date(2027, 12, 20), "20 December is worked in Paris"),
        (
            PARIS,
            date(2026, 11, 28),
            0,
            date(2026, 11, 30),
            "n = 0 from a Saturday: next working day",
        ),
        (PARIS, date(2026, 11, 30), 0, date(2026, 11, 30), "n = 0 from a working day: itself"),
        (PARIS, date(2026, 11, 30), -1, date(2026, 11, 27), "n < 0 counts backwards"),
        (PARIS, date(2026, 11, 29), -1, date(2026, 11, 27), "backwards from a Sunday"),
        (PARIS, date(2027, 1, 4), -1, date(2026, 12, 31), "backwards over New Year"),
        (
            WorkingCalendar(kind=DayKind.OUVRABLES),
            date(2026, 11, 27),
            1,
            date(2026, 11, 28),
            "jours ouvrables: Saturday counts",
        ),
        (
            WorkingCalendar(extra_closures=[date(2026, 11, 30)]),
            date(2026, 11, 27),
            1,
            date(2026, 12, 1),
            "an extra closure day is skipped",
        ),
    ],
)
def test_worked_examples(
    calendar: WorkingCalendar, start: date, n: int, expected: date, why: str
) -> None:
    assert calendar.add_working_days(start, n) == expected, why
    if n > 0:
        assert calendar.working_days_between(start, expected) == n


def test_guyane_keeps_10_june_2019_when_pentecost_monday_is_worked() -> None:
    # In 2019 Pentecost Monday fell on 10 June, Guyane's abolition day: still off.
    cayenne = WorkingCalendar(department="973", pentecost_monday_worked=True)
    assert not cayenne.is_working_day(date(2019, 6, 10))
    assert WorkingCalendar(pentecost_monday_worked=True).is_working_day(date(2019, 6, 10))
    assert not WorkingCalendar().is_working_day(date(2019, 6, 10))


def test_holiday_names_are_french_whatever_the_locale() -> None:
    assert METZ.holidays(2026)[date(2026, 12, 26)] == "Saint-Étienne"
    assert "Lundi de Pentecôte" in PARIS.holidays(2026).values()
    assert (
        "Lundi de Pentecôte"
        not in WorkingCalendar(pentecost_monday_worked=True).holidays(2026).values()
    )
    assert list(PARIS.holidays(2026)) == sorted(PARIS.holidays(2026))


@pytest.mark.parametrize(
    ("department", "subdivision"),
    [
        (None, None),
        ("82", None),
        ("2A", None),
        ("57", "57"),
        ("67", "6AE"),
        ("68", "6AE"),
        ("2B", None),
        ("971", "971"),
        ("974", "974"),
        ("975", "PM"),
        ("976", "976"),
    ],
)
def test_departments_map_to_the_holidays_subdivisions(
    department: str | None, subdivision: str | None
) -> None:
    assert holiday_subdivision(department) == subdivision


def test_saint_pierre_et_miquelon_and_corsica_keep_the_metropolitan_days() -> None:
    for department in ("975", "2A", "2B"):
        assert WorkingCalendar(department).holidays(2026) == PARIS.holidays(2026)
    assert not WorkingCalendar("975").is_working_day(date(2026, 7, 14))


def test_working_days_between_counts_the_half_open_interval() -> None:
    assert PARIS.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert PARIS.working_days_between(date(2026, 11, 23), date(2026, 11, 24)) == 1
    assert PARIS.working_days_between(date(2026, 11, 24), date(2026, 11, 23)) == -1
    assert PARIS.working_days_between(date(2026, 11, 27), date(2026, 11, 29)) == 0


# --- oracle numpy and invariants

WEEKMASK = {DayKind.OUVRES: "1111100", DayKind.OUVRABLES: "1111110"}


@cache
def _days_off(department: str | None, pentecost_monday_worked: bool) -> tuple[date, ...]:
    """The holidays, read from the holidays package directly (not through our tables)."""
    data = holidays.country_holidays(
        "FR", subdiv=holiday_subdivision(department), years=range(1994, 2057), language="fr"
    )
    days_off = set(data)
    if pentecost_monday_worked:
        for year in range(1994, 2057):
            monday = easter(year) + timedelta(days=50)
            if len(data.get_list(monday)) == 1:  # Pentecost Monday alone that day
                days_off.discard(monday)
    return tuple(sorted(days_off))


def _numpy_calendar(calendar: WorkingCalendar) -> np.busdaycalendar:
    days_off = [
        *_days_off(calendar.department, calendar.pentecost_monday_worked),
        *calendar.extra_closures,
    ]
    return np.busdaycalendar(
        weekmask=WEEKMASK[calendar.kind], holidays=np.array(days_off, dtype="datetime64[D]")
    )


def _as_date(value: np.datetime64) -> date:
    result = value.astype("datetime64[D]").item()
    assert isinstance(result, date)
    return result


@given(cst.calendars(), cst.days(), st.integers(-60, 60))
def test_add_working_days_agrees_with_numpy(calendar: WorkingCalendar, day: date, n: int) -> None:
    oracle = _numpy_calendar(calendar)
    # n > 0: roll back then add (the n-th strictly after); n <= 0: roll forward then add.
    start = np.datetime64(day)
    if n > 0:
        expected = _as_date(np.busday_offset(start, n, roll="backward", busdaycal=oracle))
    else:
        expected = _as_date(np.busday_offset(start, n, roll="forward", busdaycal=oracle))
    assert calendar.add_working_days(day, n) == expected


@given(cst.calendars(), cst.days(), cst.days())
def test_working_days_between_agrees_with_numpy(
    calendar: WorkingCalendar, start: date, end: date
) -> None:
    oracle = _numpy_calendar(calendar)
    low, high = sorted((start, end))
    # busday_count counts [begin, end); ours is (start, end], negated when end < start.
    count = int(
        np.busday_count(
            np.datetime64(low + timedelta(1)), np.datetime64(high + timedelta(1)), busdaycal=oracle
        )
    )
    expected = count if start <= end else -count
    assert calendar.working_days_between(start, end) == expected


@given(cst.calendars(), cst.days(), st.integers(1, 400))
def test_counting_back_what_was_added_gives_n(calendar: WorkingCalendar, day: date, n: int) -> None:
    later = calendar.add_working_days(day, n)
    assert calendar.working_days_between(day, later) == n
    assert calendar.is_working_day(later)
    assert calendar.working_days_between(later, day) == -n
    earlier = calendar.add_working_days(day, -n)
    assert calendar.is_working_day(earlier)
    # (earlier, day] holds the n - 1 working days between them, and day if it is one.
    assert calendar.working_days_between(earlier, day) == n - 1 + calendar.is_working_day(day)


@given(cst.calendars(), cst.days(), st.integers(0, 30))
def test_adding_is_monotonic_and_lands_on_working_days(
    calendar: WorkingCalendar, day: date, n: int
) -> None:
    here = calendar.add_working_days(day, n)
    there = calendar.add_working_days(day, n + 1)
    assert day <= here <= there
    # n = 0 from a day off and n = 1 both give the next working day.
    assert here < there or (n == 0 and not calendar.is_working_day(day))
    assert calendar.is_working_day(here)
    assert calendar.add_working_days(day, 0) == (
        day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)
    )


@given(cst.calendars(), cst.days(), cst.days(), cst.days())
def test_counts_add_up(calendar: WorkingCalendar, a: date, b: date, c: date) -> None:
    between = calendar.working_days_between
    assert between(a, b) + between(b, c) == between(a, c)


# --- holiday data against workalendar


@given(
    cst.days(),
    st.sampled_from(
        [(None, France()), ("57", FranceAlsaceMoselle()), ("68", FranceAlsaceMoselle())]
    ),
)
def test_holiday_data_agrees_with_workalendar(day: date, case: tuple[str | None, France]) -> None:
    department, oracle = case
    # workalendar keeps Pentecost Monday off in 2005-2007; the holidays package (our
    # reference, per SPEC) treats it as the journée de solidarité then.
    whit_monday = oracle.get_variable_days(day.year)
    assume(
        not (
            2005 <= day.year <= 2007 and any(d == day and "Whit" in name for d, name in whit_monday)
        )
    )
    assert WorkingCalendar(department).is_working_day(day) == oracle.is_working_day(day)


# --- time zones and bad input


def test_an_aware_datetime_is_read_as_its_paris_day() -> None:
    late_sunday_utc = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # Monday 00:30 in Paris
    assert PARIS.add_working_days(late_sunday_utc, 0) == date(2026, 11, 23)
    assert PARIS.is_working_day(late_sunday_utc)
    assert PARIS.working_days_between(late_sunday_utc, date(2026, 11, 24)) == 1


@pytest.mark.parametrize("n", [0, 5, -5])
def test_a_datetime_is_answered_when_the_table_already_reaches_the_last_supported_year(
    n: int,
) -> None:
    # Regression (found by the mutation run's test reordering): once a table held
    # the last year the holiday data covers, a datetime inside it was refused as
    # « année 2101 non couverte », as if its answer lay beyond the table.
    calendar = WorkingCalendar()
    calendar.is_working_day(date(2099, 6, 1))  # the table now ends in 2100
    calendar.is_working_day(date(2030, 6, 1))  # and starts before 2030
    monday_utc = datetime(2030, 6, 3, 10, 0, tzinfo=UTC)
    assert calendar.add_working_days(monday_utc, n) == calendar.add_working_days(
        date(2030, 6, 3), n
    )


@given(
    calendar=cst.calendars(),
    earlier=st.lists(
        st.one_of(  # near both ends of the holiday data, and anywhere
            cst.days(date(1803, 1, 1), date(1830, 12, 31)),
            cst.days(date(2075, 1, 1), date(2100, 12, 31)),
            cst.days(),
        ),
        max_size=3,
    ),
    moment=cst.aware_datetimes(),
    n=st.integers(-60, 60),
)
def test_answers_do_not_depend_on_what_was_asked_before(
    calendar: WorkingCalendar, earlier: list[date], moment: datetime, n: int
) -> None:
    for day in earlier:  # grow the table anywhere, up to the ends of the holiday data
        calendar.is_working_day(day)
    answers = (
        calendar.is_working_day(moment),
        calendar.add_working_days(moment, n),
        calendar.working_days_between(moment, date(2026, 1, 1)),
    )
    clear_caches()
    assert answers == (
        calendar.is_working_day(moment),
        calendar.add_working_days(moment, n),
        calendar.working_days_between(moment, date(2026, 1, 1)),
    )


@given(cst.naive_datetimes())
def test_naive_datetimes_are_refused(moment: datetime) -> None:
    with pytest.raises(NaiveDatetimeError, match="day : date et heure sans fuseau horaire"):
        PARIS.add_working_days(moment, 1)
    with pytest.raises(NaiveDatetimeError):
        PARIS.is_working_day(moment)
    with pytest.raises(NaiveDatetimeError, match="end"):
        PARIS.working_days_between(date(2026, 1, 1), moment)


@given(cst.not_dates())
def test_non_dates_are_refused(value: object) -> None:
    with pytest.raises(
        InvalidValueError, match="attendu : une date ou un datetime avec fuseau horaire"
    ):
        PARIS.add_working_days(value, 1)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="start"):
        PARIS.working_days_between(value, date(2026, 1, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [1.0, True, "5", None])
def test_non_integer_counts_are_refused(n: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        PARIS.add_working_days(date(2026, 1, 5), n)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value, caught.value.expected) == (
        "n",
        n,
        "un nombre entier de jours (int)",
    )


DATE_EXPECTED = "une date ou un datetime avec fuseau horaire"
NAIVE = datetime(2026, 1, 2)  # noqa: DTZ001  # refused on purpose
TEXT: Any = "2026-01-02"  # refused on purpose: typed Any, as from an untyped caller


@pytest.mark.parametrize(
    ("call", "field", "value", "expected"),
    [
        (lambda: PARIS.is_working_day(TEXT), "day", TEXT, DATE_EXPECTED),
        (lambda: PARIS.is_working_day(NAIVE), "day", NAIVE, None),
        (lambda: PARIS.add_working_days(NAIVE, 1), "day", NAIVE, None),
        (lambda: PARIS.working_days_between(TEXT, date(2026, 1, 2)), "start", TEXT, DATE_EXPECTED),
        (lambda: PARIS.working_days_between(date(2026, 1, 2), TEXT), "end", TEXT, DATE_EXPECTED),
        (lambda: PARIS.working_days_between(date(2026, 1, 2), NAIVE), "end", NAIVE, None),
        (lambda: PARIS.holidays(TEXT), "year", TEXT, "une année (int), par exemple 2026"),
        (
            lambda: WorkingCalendar(extra_closures=TEXT),
            "WorkingCalendar.extra_closures",
            TEXT,
            "une suite de dates (datetime.date)",
        ),
        (
            lambda: WorkingCalendar(extra_closures=[TEXT]),
            "WorkingCalendar.extra_closures",
            TEXT,
            "dates (datetime.date)",
        ),
        (
            lambda: WorkingCalendar(extra_closures=[datetime(2026, 1, 2, tzinfo=UTC)]),
            "WorkingCalendar.extra_closures",
            datetime(2026, 1, 2, tzinfo=UTC),
            "une date (datetime.date), sans heure",
        ),
        (
            lambda: WorkingCalendar(kind="ouvrables!"),
            "WorkingCalendar.kind",
            "ouvrables!",
            "une valeur parmi 'ouvrés', 'ouvrables'",
        ),
    ],
)
def test_errors_name_the_argument_that_was_wrong(
    call: object, field: str, value: object, expected: str | None
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        call()  # type: ignore[operator]
    assert (caught.value.field, caught.value.value) == (field, value)
    if expected is None:  # a naive datetime: its own error, its own expectation
        assert isinstance(caught.value, NaiveDatetimeError)
    else:
        assert caught.value.expected == expected


@pytest.mark.parametrize("number", [57, np.int64(57), 57.0])
def test_a_department_read_as_a_number_is_explained_and_interning_still_holds(
    number: object,
) -> None:
    """Issue 17, point 3: ``pandas.read_csv`` gives ``57`` (``numpy.int64``, or ``57.0``
    beside an empty cell) for the code « 57 »."""
    with pytest.raises(UnknownDepartmentError) as caught:
        WorkingCalendar(number)  # type: ignore[arg-type]
    assert str(caught.value) == (
        'department : département inconnu (57) ; attendu : un code de département en texte ("57").'
    ).replace("(57)", f"({caught.value.shown})")
    assert WorkingCalendar("57") is WorkingCalendar("57")
    assert WorkingCalendar("57") == WorkingCalendar(" 57 ")


HUGE: Any = 10**5000  # over the 4,300-digit limit for printing an int; Any: from an untyped caller


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: PARIS.holidays(HUGE), "year"),
        (lambda: PARIS.holidays(-HUGE), "year"),
        (lambda: PARIS.add_working_days(date(2026, 1, 1), HUGE), "n"),
        (lambda: PARIS.add_working_days(date(2026, 1, 1), -HUGE), "n"),
        (lambda: PARIS.add_working_days(HUGE, 1), "day"),
        (lambda: PARIS.is_working_day(HUGE), "day"),
        (lambda: PARIS.working_days_between(date(2026, 1, 1), HUGE), "end"),
        (lambda: WorkingCalendar(HUGE), "department"),
        (lambda: WorkingCalendar(pentecost_monday_worked=HUGE), "pentecost_monday_worked"),
        (lambda: WorkingCalendar(extra_closures=[HUGE]), "extra_closures"),
        (lambda: WorkingCalendar(kind=HUGE), "kind"),
    ],
)
def test_huge_integers_are_refused_with_a_message_of_bounded_length(
    call: Callable[[], object], field: str
) -> None:
    # Issue 14, point 6: formatting such a number raised ValueError inside the error.
    with pytest.raises(CafContractError) as caught:
        call()
    message = str(caught.value)
    assert field in message
    assert "un entier de 5001 chiffres" in message
    assert len(message) < 300


@pytest.mark.parametrize("year", [10**17, -(10**17)])
def test_a_whole_year_far_outside_the_holiday_data_is_refused_as_unsupported(year: int) -> None:
    with pytest.raises(UnsupportedYearError) as caught:
        PARIS.holidays(year)
    assert caught.value.year == year


def test_messages_about_years_below_1000_show_them_in_full() -> None:
    # Issue 14, point 10: no « 01/01/7 ». A day is shown padded, a year as the number it is.
    with pytest.raises(NaiveDatetimeError, match="0007-01-01"):
        PARIS.add_working_days(datetime(7, 1, 1), 1)  # noqa: DTZ001  # refused on purpose
    with pytest.raises(UnsupportedYearError, match="année 7 non couverte"):
        PARIS.add_working_days(date(7, 1, 1), 1)


@given(cst.unknown_department_codes().filter(lambda code: code is not None))
def test_unknown_departments_are_refused(code: object) -> None:
    with pytest.raises(UnknownDepartmentError, match="département inconnu"):
        WorkingCalendar(department=code)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda: PARIS.add_working_days(date(2100, 12, 31), 1), 2101),
        (lambda: PARIS.add_working_days(date(1803, 1, 3), -5), 1802),
        (lambda: PARIS.is_working_day(date(2101, 1, 3)), 2101),
        (lambda: PARIS.is_working_day(date(1, 1, 1)), 1),
        (lambda: PARIS.add_working_days(date(9999, 12, 31), 0), 9999),
        (lambda: PARIS.working_days_between(date(2026, 1, 1), date(2200, 1, 1)), 2200),
        (lambda: PARIS.add_working_days(date(2026, 1, 1), 100_000), 2101),
        (lambda: PARIS.add_working_days(date(2026, 1, 1), -100_000), 1802),
        (lambda: PARIS.holidays(2101), 2101),
    ],
)
def test_years_the_holiday_data_does_not_cover_are_refused(call: object, year: int) -> None:
    with pytest.raises(UnsupportedYearError) as caught:
        call()  # type: ignore[operator]
    assert (caught.value.year, caught.value.first, caught.value.last) == (year, 1803, 2100)
    assert str(caught.value) == (
        f"Art. 3.3 — année {year} non couverte par les jours fériés connus ; "
        "attendu : une date entre 1803 et 2100."
    )


@pytest.mark.parametrize(
    ("call", "year"),
    [
        (lambda calendar: calendar.holidays(2150), 2150),
        # A table around 2100 reaches 2101, the first year without holiday data.
        (lambda calendar: calendar.is_working_day(date(2100, 6, 1)), 2101),
    ],
)
def test_a_year_the_holiday_data_claims_but_leaves_empty_is_refused(
    monkeypatch: pytest.MonkeyPatch, call: object, year: int
) -> None:
    # The package answers silently with no holiday for a year it does not cover:
    # should it claim more years than it has data for, those are refused all the same.
    monkeypatch.setattr(calendar_module, "_supported_years", lambda: (1803, 2200))
    with pytest.raises(UnsupportedYearError) as caught:
        call(WorkingCalendar())  # type: ignore[operator]
    assert (caught.value.year, caught.value.first, caught.value.last) == (year, 1803, 2200)
    assert caught.value.article is Article.ART_3_3
    assert str(caught.value) == (
        f"Art. 3.3 — année {year} non couverte par les jours fériés connus ; "
        "attendu : une date entre 1803 et 2200."
    )


def test_the_whole_supported_range_is_reachable() -> None:
    assert PARIS.add_working_days(date(2026, 1, 1), 15_000) < date(2100, 1, 1)
    assert PARIS.add_working_days(date(2026, 1, 1), -50_000) > date(1803, 1, 1)
    assert PARIS.working_days_between(date(1803, 1, 1), date(2100, 12, 31)) > 70_000


@pytest.mark.parametrize(
    ("n", "expected", "years"),
    [(5000, date(2045, 10, 26), (2021, 2067)), (-5000, date(2006, 3, 6), (1995, 2041))],
)
def test_a_long_jump_extends_the_table_by_whole_years(
    n: int, expected: date, years: tuple[int, int]
) -> None:
    # Beyond the first table (2021-2041) but short of the ends of the holiday data.
    assert PARIS.add_working_days(date(2026, 1, 1), n) == expected
    # At once by enough years for the answer: |n| // 200 + 1 (here 26), at least 15.
    assert PARIS._table.years == years


# --- the ends of a table: each fast path checks that its look-ups stay inside


def _table_over(first: int, last: int) -> WorkingCalendar:
    """A fresh Paris calendar whose table holds exactly the years ``first`` to ``last``."""
    calendar = WorkingCalendar()
    calendar._table.cover(first, last)
    assert calendar._table.years == (first, last)
    return calendar


# 2022 starts and ends on a Saturday: first working day Monday 3/01, last Friday 30/12;
# 1/01/2023 is a Sunday (and a holiday), 2/01/2023 a Monday.
AROUND_THE_ENDS_OF_2022 = [
    ("is_working_day", (date(2022, 1, 1),), False),  # the table's first day
    ("is_working_day", (date(2022, 12, 31),), False),  # its last day
    ("is_working_day", (date(2023, 1, 1),), False),  # the day after it
    ("is_working_day", (date(2023, 1, 2),), True),
    ("add_working_days", (date(2022, 1, 1), 1), date(2022, 1, 3)),
    ("add_working_days", (date(2022, 1, 1), 0), date(2022, 1, 3)),
    ("add_working_days", (date(2022, 1, 1), -1), date(2021, 12, 31)),
    ("add_working_days", (date(2022, 1, 4), -1), date(2022, 1, 3)),  # the first working day
    ("add_working_days", (date(2022, 12, 30), 0), date(2022, 12, 30)),  # the last working day
    ("add_working_days", (date(2022, 12, 30), 1), date(2023, 1, 2)),
    ("add_working_days", (date(2022, 12, 31), 0), date(2023, 1, 2)),  # off, after the last
    ("add_working_days", (date(2022, 12, 31), -1), date(2022, 12, 30)),
    ("add_working_days", (date(2023, 1, 1), 1), date(2023, 1, 2)),
    ("add_working_days", (date(2023, 1, 1), -1), date(2022, 12, 30)),
    ("working_days_between", (date(2022, 1, 1), date(2022, 12, 31)), 253),
    ("working_days_between", (date(2022, 1, 4), date(2022, 1, 1)), -2),
    ("working_days_between", (date(2022, 12, 29), date(2023, 1, 1)), 1),
    ("working_days_between", (date(2023, 1, 1), date(2022, 12, 29)), -1),
    ("working_days_between", (date(2023, 1, 1), date(2023, 1, 2)), 1),
]


@pytest.mark.parametrize(("method", "args", "expected"), AROUND_THE_ENDS_OF_2022)
def test_answers_at_the_ends_of_a_table(
    method: str, args: tuple[date, ...], expected: object
) -> None:
    calendar = _table_over(2022, 2022)
    assert getattr(calendar, method)(*args) == expected


# The holiday data starts in 1803 (no Jour de l'an then): Saturday 1/01, first working
# days Monday 3/01 and Tuesday 4/01. A table that starts there cannot grow backwards.
AT_THE_START_OF_THE_HOLIDAY_DATA = [
    ("is_working_day", (date(1803, 1, 1),), False),
    ("add_working_days", (date(1803, 1, 1), 1), date(1803, 1, 3)),
    ("add_working_days", (date(1803, 1, 1), 0), date(1803, 1, 3)),
    ("add_working_days", (date(1803, 1, 4), -1), date(1803, 1, 3)),
    ("working_days_between", (date(1803, 1, 1), date(1803, 1, 4)), 2),
    ("working_days_between", (date(1803, 1, 4), date(1803, 1, 1)), -2),
]


@pytest.mark.parametrize(("method", "args", "expected"), AT_THE_START_OF_THE_HOLIDAY_DATA)
def test_answers_on_the_first_days_of_the_holiday_data(
    method: str, args: tuple[date, ...], expected: object
) -> None:
    calendar = _table_over(1803, 1803)
    assert getattr(calendar, method)(*args) == expected


@pytest.mark.parametrize(
    ("first", "last", "call", "year"),
    [
        (1803, 1803, lambda calendar: calendar.add_working_days(date(1803, 1, 3), -1), 1802),
        (2100, 2100, lambda calendar: calendar.add_working_days(date(2100, 12, 31), 1), 2101),
        (2100, 2100, lambda calendar: calendar.is_working_day(date(2101, 1, 1)), 2101),
    ],
)
def test_beyond_the_ends_of_the_holiday_data_from_a_table_that_holds_them(
    first: int, last: int, call: object, year: int
) -> None:
    calendar = _table_over(first, last)
    with pytest.raises(UnsupportedYearError) as caught:
        call(calendar)  # type: ignore[operator]
    assert (caught.value.year, caught.value.first, caught.value.last) == (year, 1803, 2100)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"pentecost_monday_worked": 1}, "True ou False"),
        ({"extra_closures": "2026-01-02"}, "une suite de dates"),
        ({"extra_closures": [datetime(2026, 1, 2, tzinfo=UTC)]}, "sans heure"),
        ({"kind": "ouvrables!"}, "WorkingCalendar.kind"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidValueError, match=match):
        WorkingCalendar(**options)  # type: ignore[arg-type]


# --- laziness and values


def test_importing_builds_no_table_and_loads_no_holiday_data() -> None:
    code = (
        "import sys, caf_contract\n"
        "c = caf_contract.WorkingCalendar(department='57')\n"
        "assert 'holidays' not in sys.modules, 'holidays imported eagerly'\n"
        "c.is_working_day(__import__('datetime').date(2026, 1, 1))\n"
        "assert 'holidays' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def test_calendars_are_values() -> None:
    assert WorkingCalendar("57") == WorkingCalendar(department="57")
    assert hash(WorkingCalendar("57")) == hash(WorkingCalendar(department="57"))
    assert WorkingCalendar("57") != WorkingCalendar("67")
    assert WorkingCalendar(kind="ouvrables").kind is DayKind.OUVRABLES
    assert "department='57'" in repr(WorkingCalendar("57"))


def test_equal_calendars_share_one_table_and_one_holiday_book() -> None:
    assert WorkingCalendar("57")._table is WorkingCalendar(department="57")._table
    assert WorkingCalendar("67")._table is WorkingCalendar("68")._table  # both Alsace (6AE)
    ouvrables = WorkingCalendar("67", kind=DayKind.OUVRABLES)
    assert ouvrables._table is not WorkingCalendar("67")._table
    assert ouvrables._table.book is WorkingCalendar("68")._table.book


def test_a_table_is_not_rebuilt_for_a_question_it_already_covers() -> None:
    calendar = WorkingCalendar()
    calendar.is_working_day(date(2026, 6, 1))
    table = calendar._table
    state = table.state
    calendar._cover(date(2026, 6, 1))  # what the slow path asks: its year, with margins
    table.cover(*table.years)
    assert table.state is state


def test_a_table_extended_on_both_sides_keeps_every_year_it_held() -> None:
    table = _table_over(2026, 2026)._table  # a table of one year
    table.cover(2030, 2031)
    assert table.years == (2026, 2031)
    table.cover(2020, 2020)
    assert table.years == (2020, 2031)
    base, size, *_ = table.state
    assert date.fromordinal(base) == date(2020, 1, 1)
    assert date.fromordinal(base + size - 1) == date(2031, 12, 31)


# --- compact tables, grown geometrically (issue 16)


@given(cst.calendars(), st.integers(1995, 2055))
def test_a_table_holds_the_working_days_of_the_holiday_data(
    calendar: WorkingCalendar, year: int
) -> None:
    calendar.is_working_day(date(year, 7, 1))
    base, size, cumulative, working, count, flags = calendar._table.state
    days_off = {*_days_off(calendar.department, calendar.pentecost_monday_worked)}
    days_off |= calendar.extra_closures
    workdays = 5 if calendar.kind is DayKind.OUVRES else 6
    first = date(year, 1, 1).toordinal() - base
    for index in range(first, first + (date(year + 1, 1, 1) - date(year, 1, 1)).days):
        day = date.fromordinal(base + index)
        expected = day.weekday() < workdays and day not in days_off
        assert flags[index] == expected, day
        assert cumulative[index] - (cumulative[index - 1] if index else 0) == expected, day
        if expected:
            assert working[cumulative[index] - 1] == base + index, day
    assert count == len(working) == cumulative[size - 1]


def test_a_table_of_1803_to_2100_takes_less_than_a_megabyte() -> None:
    for calendar in (WorkingCalendar(), WorkingCalendar("974", kind=DayKind.OUVRABLES)):
        calendar.working_days_between(date(1803, 1, 1), date(2100, 12, 31))
        _, size, cumulative, working, _, flags = calendar._table.state
        assert size == (date(2101, 1, 1) - date(1803, 1, 1)).days
        # Arrays of machine integers and bytes: no Python object per day.
        assert (type(cumulative), type(working), type(flags)) == (array, array, bytes)
        assert sys.getsizeof(cumulative) + sys.getsizeof(working) + sys.getsizeof(flags) < 10**6


def _counting_builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The years of every table built from now on."""
    builds: list[tuple[int, int]] = []
    build = calendar_module._build

    def counted(first: int, last: int, *args: Any) -> Any:
        builds.append((first, last))
        return build(first, last, *args)

    monkeypatch.setattr(calendar_module, "_build", counted)
    return builds


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        # Each extension doubles the years held: 6, then 11, 22, 44, 88, 176, all 298.
        (
            range(2095, 1802, -1),
            [(2090, 2100), (2079, 2100), (2057, 2100), (2013, 2100), (1925, 2100), (1803, 2100)],
        ),
        (
            range(1803, 2101),
            [(1803, 1818), (1803, 1834), (1803, 1866), (1803, 1930), (1803, 2058), (1803, 2100)],
        ),
    ],
    ids=["2095 down to 1803", "1803 up to 2100"],
)
def test_a_walk_over_the_years_rebuilds_the_table_a_few_times(
    monkeypatch: pytest.MonkeyPatch, years: range, expected: list[tuple[int, int]]
) -> None:
    # Issue 16: a table grew by 5 years at a time, rebuilt whole each time: walking a
    # date a year from 2095 down to 1803 rebuilt it 49 times.
    builds = _counting_builds(monkeypatch)
    calendar = WorkingCalendar()
    for year in years:
        assert calendar.is_working_day(date(year, 6, 15)) == (date(year, 6, 15).weekday() < 5)
    assert builds == expected


@given(st.lists(st.integers(1803, 2100), min_size=1, max_size=60))
def test_any_walk_rebuilds_the_table_a_logarithmic_number_of_times(years: list[int]) -> None:
    clear_caches()
    builds: list[tuple[int, int]] = []
    build = calendar_module._build

    def counted(first: int, last: int, *args: Any) -> Any:
        builds.append((first, last))
        return build(first, last, *args)

    calendar_module._build = counted  # type: ignore[assignment]
    try:
        calendar = WorkingCalendar()
        for year in years:
            calendar.is_working_day(date(year, 1, 1))
    finally:
        calendar_module._build = build
    # The first table holds 6 years at least (2095-2100); each rebuild doubles the
    # years held, or reaches an end of the holiday data (twice at most), up to 298.
    assert len(builds) <= 1 + math.ceil(math.log2(298 / 6)) + 2
    for (first, last), (new_first, new_last) in pairwise(builds):
        doubled = new_last - new_first + 1 >= 2 * (last - first + 1)
        assert doubled or new_first == 1803 or new_last == 2100


# --- interned calendars (issue 16)


def test_a_calendar_asked_for_again_is_the_one_built_before() -> None:
    metz = WorkingCalendar("57")
    assert WorkingCalendar("57") is metz
    assert WorkingCalendar(department="57") is metz
    assert WorkingCalendar(" 57 ") is metz  # converted to the same value
    assert WorkingCalendar("2a") is WorkingCalendar("2A")
    assert WorkingCalendar(kind="ouvrables") is WorkingCalendar(kind=DayKind.OUVRABLES)
    days = [date(2026, 11, 30), date(2026, 12, 1)]
    closed = WorkingCalendar(extra_closures=days)
    assert WorkingCalendar(extra_closures=tuple(reversed(days))) is closed
    assert WorkingCalendar(extra_closures=frozenset(days)) is closed
    assert WorkingCalendar(extra_closures=[*days, days[0]]) is closed
    assert WorkingCalendar("57", pentecost_monday_worked=True) is not metz


@given(cst.calendars())
def test_equal_calendars_are_one_calendar(calendar: WorkingCalendar) -> None:
    again = WorkingCalendar(
        calendar.department.lower() if calendar.department else None,
        pentecost_monday_worked=calendar.pentecost_monday_worked,
        extra_closures=sorted(calendar.extra_closures),
        kind=calendar.kind.value,
    )
    assert again is calendar
    assert (
        WorkingCalendar(
            calendar.department,
            pentecost_monday_worked=calendar.pentecost_monday_worked,
            extra_closures=calendar.extra_closures,
            kind=calendar.kind,
        )
        is calendar
    )


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"pentecost_monday_worked": 1}, "True ou False"),  # 1 == True as a key
        ({"pentecost_monday_worked": 0}, "True ou False"),
        ({"kind": "ouvrés!"}, "WorkingCalendar.kind"),
        ({"department": "99"}, "99"),
        ({"extra_closures": (datetime(2026, 1, 2, tzinfo=UTC),)}, "sans heure"),
    ],
)
def test_what_is_refused_stays_refused_once_an_equal_key_is_interned(
    options: dict[str, object], match: str
) -> None:
    WorkingCalendar(pentecost_monday_worked=True)
    WorkingCalendar(pentecost_monday_worked=False)
    WorkingCalendar(extra_closures=(date(2026, 1, 2),))
    with pytest.raises(CafContractError, match=match):
        WorkingCalendar(**options)  # type: ignore[arg-type]


def test_a_subclass_is_built_not_interned() -> None:
    class Mine(WorkingCalendar):
        pass

    mine = Mine("57")
    assert type(mine) is Mine
    assert Mine("57") is not mine
    assert type(WorkingCalendar("57")) is WorkingCalendar
    assert mine.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_calendars_stay_interned_within_a_bounded_dictionary() -> None:
    days = [date(2026, 1, 1) + timedelta(days=k) for k in range(1500)]
    calendars = [WorkingCalendar(extra_closures=[day]) for day in days]
    assert len(calendar_module._INTERNED) <= calendar_module._INTERNED_AT_MOST
    # Forgotten or not, each is still the calendar of its value; the latest are interned.
    assert [WorkingCalendar(extra_closures=[day]) for day in days] == calendars
    latest = WorkingCalendar(extra_closures=[days[-1]])
    assert WorkingCalendar(extra_closures=[days[-1]]) is latest


def test_a_calendar_built_after_a_clear_is_a_new_one_with_a_new_table() -> None:
    metz = WorkingCalendar("57")
    clear_caches()
    again = WorkingCalendar("57")
    assert again is not metz
    assert again == metz
    assert again._table is not metz._table


def test_a_calendar_whose_table_a_clear_forgot_while_it_was_built_is_not_interned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another thread's clear_caches, landing between the registration of the table
    # and the interning: interned, the calendar would keep a table no longer registered.
    registered = calendar_module._registered

    def clearing_after(registry: dict[Any, Any], key: Any, factory: Any) -> Any:
        found = registered(registry, key, factory)
        if registry is calendar_module._TABLES:
            clear_caches()
        return found

    monkeypatch.setattr(calendar_module, "_registered", clearing_after)
    metz = WorkingCalendar("57")
    monkeypatch.undo()
    assert WorkingCalendar("57") is not metz
    assert WorkingCalendar("57") is WorkingCalendar("57")
    assert metz.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


# --- aware datetimes, read as their Paris day on the fast path (issue 16)


@given(
    cst.calendars(),
    st.one_of(
        cst.aware_datetimes(),
        cst.days()
        .map(lambda day: datetime.combine(day, time(0), tzinfo=PARIS_TIME))
        .flatmap(cst.instants_around),
    ),
    st.integers(-60, 60),
    cst.days(),
)
def test_an_aware_datetime_is_answered_as_its_paris_day(
    calendar: WorkingCalendar, moment: datetime, n: int, other: date
) -> None:
    day = moment.astimezone(PARIS_TIME).date()
    clear_caches()  # from empty tables: the slow path first, then the fast one
    for _ in range(2):
        assert calendar.is_working_day(moment) == calendar.is_working_day(day)
        assert calendar.add_working_days(moment, n) == calendar.add_working_days(day, n)
        assert calendar.working_days_between(moment, other) == calendar.working_days_between(
            day, other
        )
        assert calendar.working_days_between(other, moment) == calendar.working_days_between(
            other, day
        )


def test_clearing_the_caches_forgets_and_rebuilds_tables() -> None:
    calendar = WorkingCalendar("57")
    assert calendar.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    clear_caches()
    assert calendar.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert WorkingCalendar("57").add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_clearing_reaches_calendars_built_before_an_earlier_clear() -> None:
    # Module-level calendars (PARIS above, the library's own default) outlive many
    # clears: each clear must empty their table too, or it hides a wrong one.
    calendar = WorkingCalendar("68")
    calendar.is_working_day(date(2026, 1, 2))
    clear_caches()
    WorkingCalendar("68").is_working_day(date(2026, 1, 2))
    calendar.is_working_day(date(2026, 1, 2))
    clear_caches()
    assert calendar._table.state[1] == 0  # emptied: no day held
    assert calendar._table.years == (0, -1)
    assert not calendar._table.book.years
    # Built after the clear: a new table, and the old one still answers right.
    fresh = WorkingCalendar("68")
    assert fresh._table is not calendar._table
    # Good Friday and Easter Monday are off in Alsace.
    assert fresh.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert calendar.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(20_000, date(1978, 12, 27)), (-20_000, date(1822, 1, 10))],  # as numpy counts them
)
def test_a_clear_landing_inside_the_slow_path_changes_no_answer(
    monkeypatch: pytest.MonkeyPatch, n: int, expected: date
) -> None:
    # Issue 14, point 8: clear_caches() in another thread, landing in the slow path
    # between its look at the table and its read of the years the table held, made
    # this call fail with « année 0 » (n > 0) or « année 1802 » (n < 0). The slow path
    # asks for the supported years right there: clear then, once, as that thread did.
    calendar = WorkingCalendar()
    calendar.is_working_day(date(1900, 1, 1))  # a table of 1895-1915: the answer is beyond
    supported_years = calendar_module._supported_years
    clears: list[None] = []

    def clearing_once() -> tuple[int, int]:
        if not clears:
            clears.append(None)
            clear_caches()
        return supported_years()

    monkeypatch.setattr(calendar_module, "_supported_years", clearing_once)
    assert calendar.add_working_days(date(1900, 1, 1), n) == expected
    assert clears


# --- pickling and copying: a calendar travels as its parameters (issue 14, point 7)


def _pickled(protocol: int) -> Callable[[WorkingCalendar], WorkingCalendar]:
    def round_trip(calendar: WorkingCalendar) -> WorkingCalendar:
        restored = pickle.loads(pickle.dumps(calendar, protocol=protocol))  # noqa: S301  # ours
        assert isinstance(restored, WorkingCalendar)
        return restored

    return round_trip


ROUND_TRIPS: dict[str, Callable[[WorkingCalendar], WorkingCalendar]] = {
    **{f"pickle protocol {n}": _pickled(n) for n in range(pickle.HIGHEST_PROTOCOL + 1)},
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
}


@pytest.mark.parametrize("round_trip", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_a_calendar_pickled_or_copied_is_an_equal_value(
    round_trip: Callable[[WorkingCalendar], WorkingCalendar],
) -> None:
    calendar = WorkingCalendar(
        "67",
        pentecost_monday_worked=True,
        extra_closures=[date(2026, 11, 28), date(2026, 11, 30)],
        kind=DayKind.OUVRABLES,
    )
    calendar.is_working_day(date(2026, 6, 1))  # a filled table, and its locks
    restored = round_trip(calendar)
    assert restored == calendar
    assert hash(restored) == hash(calendar)
    assert repr(restored) == repr(calendar)
    assert restored.kind is DayKind.OUVRABLES
    assert restored.add_working_days(date(2026, 11, 27), 1) == date(2026, 12, 1)


def test_a_pickled_calendar_carries_its_parameters_not_its_tables() -> None:
    calendar = WorkingCalendar("57")
    calendar.working_days_between(date(1803, 1, 1), date(2100, 12, 31))  # every year filled
    data = pickle.dumps(calendar)
    assert len(data) < 500  # the tables alone would take megabytes
    # In this process it finds the table of its equals; in a worker process (here: after
    # a clear, as in a fresh interpreter) it starts empty and fills on first use.
    assert pickle.loads(data)._table is calendar._table  # noqa: S301  # ours
    clear_caches()
    restored = pickle.loads(data)  # noqa: S301  # ours
    assert restored._table is not calendar._table
    assert restored._table.state[1] == 0  # no day held
    assert restored.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_equal_calendars_pickle_to_the_same_bytes_in_every_process() -> None:
    # A cache keyed by the pickled bytes (Dask tokens) must see one calendar, not
    # several; a set of dates is iterated in an order that changes with the hash seed.
    code = (
        "import pickle, datetime, caf_contract\n"
        "days = [datetime.date(2026, 11, day) for day in range(1, 31)]\n"
        "print(pickle.dumps(caf_contract.WorkingCalendar(extra_closures=days)).hex())\n"
    )
    printed = {
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(printed) == 1


@given(
    cst.calendars(),
    cst.days(),
    cst.days(),
    st.integers(-400, 400),
    st.sampled_from(sorted(ROUND_TRIPS)),
)
def test_a_calendar_answers_alike_after_a_round_trip_into_a_fresh_process(
    calendar: WorkingCalendar, day: date, other: date, n: int, round_trip: str
) -> None:
    def answers(calendar: WorkingCalendar) -> tuple[object, ...]:
        return (
            calendar.is_working_day(day),
            calendar.add_working_days(day, n),
            calendar.working_days_between(day, other),
        )

    expected = answers(calendar)
    clear_caches()  # what a worker process starts from: no table at all
    restored = ROUND_TRIPS[round_trip](calendar)
    assert restored == calendar
    assert hash(restored) == hash(calendar)
    assert answers(restored) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: PARIS.add_working_days(date(2100, 12, 31), 1),
        lambda: PARIS.holidays(10**5000),
        lambda: PARIS.add_working_days(datetime(2026, 1, 2), 1),  # noqa: DTZ001  # refused
        # An unpicklable value in the error: pickled as its printed form.
        lambda: WorkingCalendar(extra_closures=[(c for c in "1")]),  # type: ignore[list-item]
    ],
)
def test_the_calendar_errors_pickle_with_their_fields_and_message(
    call: Callable[[], object],
) -> None:
    with pytest.raises(CafContractError) as caught:
        call()
    clone = pickle.loads(pickle.dumps(caught.value))  # noqa: S301  # ours
    assert type(clone) is type(caught.value)
    assert str(clone) == str(caught.value)


@attrs.frozen
class Named(WorkingCalendar):
    """A subclass of one's own, with a field of its own (module level: it pickles)."""

    label: str = ""


class Plain(WorkingCalendar):
    """A subclass of one's own, no more."""


def test_a_subclass_of_ones_own_is_built_pickled_and_evolved_as_itself() -> None:
    """Issue 16 review: interning made an attrs subclass with fields of its own fail
    (``__new__`` refused its keyword)."""
    named: Any = Named  # its __init__ takes the label: the type checker reads __new__
    for make in (lambda: named("57", label="Metz"), lambda: Plain("57")):
        calendar = make()
        assert calendar == make()
        assert calendar is not make()  # a subclass is never interned
        copied = pickle.loads(pickle.dumps(calendar))  # noqa: S301  # our own bytes
        assert (type(copied), copied) == (type(calendar), calendar)
        assert attrs.evolve(calendar, department="67").department == "67"
        assert calendar.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Moselle
    assert named("57", label="Metz").label == "Metz"


# --- the calendar as a table, for SQL engines (issue 15, point 2)


def _every_day(first_year: int, last_year: int) -> list[date]:
    first, last = date(first_year, 1, 1).toordinal(), date(last_year, 12, 31).toordinal()
    return [date.fromordinal(ordinal) for ordinal in range(first, last + 1)]


def _holiday_column(calendar: WorkingCalendar, day: date) -> str | None:
    named = calendar.holidays(day.year).get(day)
    if named is None and day in calendar.extra_closures:
        return "Fermeture de la Caf"
    return named


@given(cst.calendars(), cst.year_spans())
def test_a_table_holds_every_day_once_as_the_calendar_answers_it(
    calendar: WorkingCalendar, span: tuple[int, int]
) -> None:
    rows = calendar.table(*span)
    assert [row.day for row in rows] == _every_day(*span)
    assert [row.working for row in rows] == [calendar.is_working_day(row.day) for row in rows]
    assert [row.rank for row in rows] == list(accumulate(row.working for row in rows))
    assert [row.holiday for row in rows] == [_holiday_column(calendar, row.day) for row in rows]
    assert all(type(row) is CalendarDay and type(row.rank) is int for row in rows)


@given(cst.calendars(), cst.year_spans(max_length=4), st.data())
def test_ranks_count_working_days_as_the_calendar_does(
    calendar: WorkingCalendar, span: tuple[int, int], data: st.DataObject
) -> None:
    """The property SQL engines rely on: the n-th working day after d has rank rank(d) + n."""
    rows = calendar.table(*span)
    by_day = {row.day: row for row in rows}
    by_rank = {row.rank: row.day for row in rows if row.working}
    days = st.dates(rows[0].day, rows[-1].day)
    start, end, n = data.draw(days), data.draw(days), data.draw(st.integers(1, 600))
    assert by_day[end].rank - by_day[start].rank == calendar.working_days_between(start, end)
    answer = calendar.add_working_days(start, n)
    if answer <= rows[-1].day:
        assert by_rank[by_day[start].rank + n] == answer
    else:  # beyond the table: no working day has that rank
        assert by_day[start].rank + n not in by_rank


def _row(day: date, rank: int, holiday: str | None = None, *, working: bool = False) -> CalendarDay:
    return CalendarDay(day=day, working=working, rank=rank, holiday=holiday)


# Ranks counted by numpy.busday_count from 01/01/2026, the calendar's days off given.
BRIDGE = WorkingCalendar(extra_closures=[date(2026, 5, 15), date(2026, 5, 14)])


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (METZ, _row(date(2026, 4, 3), 65, "Vendredi saint")),
        (PARIS, _row(date(2026, 4, 3), 66, working=True)),
        (PARIS, _row(date(2026, 4, 4), 66)),  # Saturday
        (PARIS, _row(date(2026, 7, 14), 132, "Fête nationale")),
        (SAINT_DENIS, _row(date(2026, 12, 20), 244, "Abolition de l'esclavage")),  # a Sunday
        (WorkingCalendar(pentecost_monday_worked=True), _row(date(2026, 5, 25), 98, working=True)),
        (BRIDGE, _row(date(2026, 5, 15), 91, "Fermeture de la Caf")),  # after Ascension
        (BRIDGE, _row(date(2026, 5, 14), 91, "Ascension")),  # a closure on a holiday
        (
            WorkingCalendar(extra_closures=[date(2026, 5, 16)]),
            _row(date(2026, 5, 16), 92, "Fermeture de la Caf"),
        ),
    ],
)
def test_worked_examples_of_a_table(calendar: WorkingCalendar, expected: CalendarDay) -> None:
    rows = calendar.table(2026, 2026)
    assert rows[expected.day.toordinal() - date(2026, 1, 1).toordinal()] == expected


def test_a_table_counts_its_ranks_from_its_own_first_day() -> None:
    wide, narrow = PARIS.table(2025, 2027), PARIS.table(2026, 2026)
    offset = wide[len(PARIS.table(2025, 2025)) - 1].rank
    inside = [row for row in wide if row.day.year == 2026]
    assert [row._replace(rank=row.rank - offset) for row in inside] == list(narrow)


def test_a_table_reaches_both_ends_of_the_holiday_data() -> None:
    rows = PARIS.table(1803, 2100)
    assert (rows[0].day, rows[-1].day) == (date(1803, 1, 1), date(2100, 12, 31))
    assert rows[-1].rank == PARIS.working_days_between(date(1803, 1, 1), date(2100, 12, 31)) + (
        PARIS.is_working_day(date(1803, 1, 1))
    )


def test_a_table_is_read_again_when_a_clear_empties_it_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cover = calendar_module._Table.cover
    calls: list[tuple[int, int]] = []

    def cover_then_cleared(table: Any, first: int, last: int) -> None:
        calls.append((first, last))
        cover(table, first, last)
        if len(calls) == 1:  # another thread's clear_caches, just after the extension
            table.reset()

    monkeypatch.setattr(calendar_module._Table, "cover", cover_then_cleared)
    assert WorkingCalendar("972").table(2026, 2026) == (WorkingCalendar("972").table(2026, 2026))
    assert calls[:2] == [(2026, 2026), (2026, 2026)]


@pytest.mark.parametrize(
    ("first_year", "last_year", "error", "message"),
    [
        (
            "2026",
            2026,
            InvalidValueError,
            "first_year : valeur invalide ('2026') ; attendu : une année (int), par exemple 2026.",
        ),
        (
            2026,
            2026.0,
            InvalidValueError,
            "last_year : valeur invalide (2026.0) ; attendu : une année (int), par exemple 2026.",
        ),
        (
            True,
            2026,
            InvalidValueError,
            "first_year : valeur invalide (True) ; attendu : une année (int), par exemple 2026.",
        ),
        (
            2027,
            2026,
            InvalidValueError,
            "last_year : dernière année avant la première (2026) ; attendu : une année égale ou postérieure à first_year (2027).",
        ),
        (
            1802,
            2026,
            UnsupportedYearError,
            "Art. 3.3 — année 1802 non couverte par les jours fériés connus ; attendu : une date entre 1803 et 2100.",
        ),
        (
            2026,
            2101,
            UnsupportedYearError,
            "Art. 3.3 — année 2101 non couverte par les jours fériés connus ; attendu : une date entre 1803 et 2100.",
        ),
        (
            -(10**17),
            2026,
            UnsupportedYearError,
            "Art. 3.3 — année -100000000000000000 non couverte par les jours fériés connus ; attendu : une date entre 1803 et 2100.",
        ),
    ],
)
def test_a_table_of_bad_years_is_refused(
    first_year: object, last_year: object, error: type[CafContractError], message: str
) -> None:
    with pytest.raises(error) as caught:
        PARIS.table(first_year, last_year)  # type: ignore[arg-type]
    assert str(caught.value) == message
