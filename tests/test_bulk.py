"""caf_contract.bulk: every row equal to the scalar rule, for every kind of column."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    BadRowsError,
    CafContractError,
    InvalidValueError,
    NaiveDatetimeError,
    UnknownDepartmentError,
    WorkingCalendar,
    bulk,
    habilitation_purge_date,
    reminder_allowed_from,
    trace_purge_date,
    trace_retention_cutoff_instant,
)
from caf_contract import parameters as parameters_module
from caf_contract._bulk_time import (
    IRREGULAR,
    TURNING,
    _thresholds,
    clock,
    midnights,
    paris_days,
    paris_hours,
)
from caf_contract._columns import SHORT_TEXT_KEY_LIMIT, read_times, short_text_keys, text_key
from caf_contract._time import PARIS, paris_day, start_of_paris_day
from caf_contract.bulk import _calendars, _reminders_by_hour, _Rows
from caf_contract.calendar import clear_caches
from caf_contract.parameters import ParameterSet, current
from tests import strategies as cst
from tests.strategies import department_codes
from tests.strategies.columns import (
    FIRST_YEAR,
    KINDS,
    LAST_YEAR,
    UNITS,
    column,
    days_back,
    flags_back,
    instants_back,
    labels,
    labels_column,
    paris_changes,
    row_days,
    row_instants,
    short_texts,
)

ROWS = st.integers(1, 40)


def _calendar(label: str | None) -> WorkingCalendar | None:
    """The calendar of a department label as the scalar rules read it; None: refused."""
    try:
        return WorkingCalendar(department=label)
    except CafContractError:
        return None


def _scalar(rule: Any, *arguments: Any, **keywords: Any) -> Any:
    """The scalar rule's answer, or None where it refuses (a bad row)."""
    try:
        return rule(*arguments, **keywords)
    except CafContractError:
        return None


# --- the Paris clock


def test_the_offsets_are_those_of_zoneinfo_at_every_utc_midnight_and_noon() -> None:
    start = int(datetime(1800, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(2202, 1, 1, tzinfo=UTC).timestamp())
    seconds = np.arange(start, end, 43_200, dtype=np.int64)
    changes, offsets, _ = clock()
    found = offsets[np.searchsorted(changes, seconds, side="right")]
    expected = [
        int(datetime.fromtimestamp(second, UTC).astimezone(PARIS).utcoffset().total_seconds())  # type: ignore[union-attr]
        for second in seconds.tolist()
    ]
    assert found.tolist() == expected


def test_every_paris_midnight_is_start_of_paris_day() -> None:
    days = np.arange(date(FIRST_YEAR, 1, 1).toordinal(), date(LAST_YEAR + 1, 1, 1).toordinal() + 1)
    expected = [int(start_of_paris_day(date.fromordinal(day)).timestamp()) for day in days.tolist()]
    assert midnights(days.astype(np.int64)).tolist() == expected


def test_the_paris_day_around_every_change_of_offset() -> None:
    moments = [
        change + timedelta(seconds=step)
        for change in paris_changes()
        for step in (*range(-26 * 3600, 26 * 3600, 900), -1, 0, 1)
    ]
    seconds = np.array([int(moment.timestamp()) for moment in moments], dtype=np.int64)
    expected = [paris_day(moment, "m").toordinal() for moment in moments]
    assert paris_days(seconds).tolist() == expected


# --- the rules, row by row


@given(st.data(), ROWS, st.sampled_from(KINDS), st.sampled_from(UNITS), st.booleans())
def test_reminders_equal_the_scalar_rule_with_a_department_column(
    data: st.DataObject, size: int, kind: str, unit: str, plain: bool
) -> None:
    sent = data.draw(st.lists(st.one_of(st.none(), row_instants()), min_size=size, max_size=size))
    codes = data.draw(st.lists(labels(), min_size=size, max_size=size))
    expected = []
    for moment, code in zip(sent, codes, strict=True):
        calendar = _calendar(code) if code is not None else None
        expected.append(
            None
            if moment is None or calendar is None
            else _scalar(reminder_allowed_from, moment, calendar)
        )
    answer = bulk.reminder_allowed_from(
        column(sent, kind, unit),
        department=labels_column(codes, kind, plain=plain),
        errors="coerce",
    )
    assert instants_back(answer) == expected


@given(st.data(), ROWS, st.sampled_from(KINDS), department_codes())
def test_reminders_equal_the_scalar_rule_for_one_department(
    data: st.DataObject, size: int, kind: str, code: str
) -> None:
    sent = data.draw(st.lists(st.one_of(st.none(), row_instants()), min_size=size, max_size=size))
    calendar = WorkingCalendar(department=code)
    expected = [
        None if moment is None else _scalar(reminder_allowed_from, moment, calendar)
        for moment in sent
    ]
    answer = bulk.reminder_allowed_from(column(sent, kind), department=code, errors="coerce")
    assert instants_back(answer) == expected
    if all(moment is not None for moment in expected):
        plain = bulk.reminder_allowed_from(column(sent, kind), calendar=calendar)
        assert instants_back(plain) == expected


@given(st.data(), ROWS, st.sampled_from(KINDS))
def test_working_days_added_equal_the_scalar_rule(
    data: st.DataObject, size: int, kind: str
) -> None:
    days = data.draw(
        st.lists(
            st.one_of(st.none(), row_days(), row_instants()),
            min_size=size,
            max_size=size,
        )
    )
    days = [None if value is None else paris_day(value, "d") for value in days]
    steps = data.draw(
        st.lists(
            st.one_of(st.integers(-40, 40), st.integers(-100_000, 100_000)),
            min_size=size,
            max_size=size,
        )
    )
    codes = data.draw(st.lists(department_codes(), min_size=size, max_size=size))
    expected = [
        None
        if day is None
        else _scalar(WorkingCalendar(department=code).add_working_days, day, step)
        for day, step, code in zip(days, steps, codes, strict=True)
    ]
    answer = bulk.add_working_days(
        column(days, kind), np.array(steps), department=labels_column(codes, kind), errors="coerce"
    )
    assert days_back(answer) == expected


@given(st.data(), ROWS, st.sampled_from(KINDS))
def test_working_days_and_counts_equal_the_scalar_rule(
    data: st.DataObject, size: int, kind: str
) -> None:
    moments = data.draw(
        st.lists(st.one_of(st.none(), row_instants()), min_size=size, max_size=size)
    )
    ends = data.draw(st.lists(row_days(), min_size=size, max_size=size))
    codes = data.draw(st.lists(department_codes(), min_size=size, max_size=size))
    calendars = [WorkingCalendar(department=code) for code in codes]
    working = bulk.is_working_day(
        column(moments, kind), department=labels_column(codes, kind), errors="coerce"
    )
    counts = bulk.working_days_between(
        column(moments, kind),
        column(ends, kind),
        department=labels_column(codes, kind),
        errors="coerce",
    )
    assert flags_back(working) == [
        None if moment is None else _scalar(calendar.is_working_day, moment)
        for moment, calendar in zip(moments, calendars, strict=True)
    ]
    assert flags_back(counts) == [
        None if moment is None else _scalar(calendar.working_days_between, moment, end)
        for moment, end, calendar in zip(moments, ends, calendars, strict=True)
    ]


@given(st.data(), ROWS, st.sampled_from(KINDS), st.one_of(row_days(), row_instants()))
def test_retention_equals_the_scalar_rules(
    data: st.DataObject, size: int, kind: str, as_of: Any
) -> None:
    made = data.draw(
        st.lists(
            st.one_of(st.none(), row_instants(years=(1900, 2100))), min_size=size, max_size=size
        )
    )
    ended = data.draw(st.lists(st.one_of(st.none(), row_days()), min_size=size, max_size=size))
    day = paris_day(as_of, "as_of")
    assert days_back(bulk.trace_purge_date(column(made, kind))) == [
        None if at is None else trace_purge_date(at) for at in made
    ]
    assert flags_back(bulk.trace_purgeable(column(made, kind), as_of)) == [
        None if at is None else trace_purge_date(at) <= day for at in made
    ]
    assert flags_back(bulk.habilitation_purgeable(column(ended, kind), as_of)) == [
        False if end is None else habilitation_purge_date(end) <= day for end in ended
    ]


@given(
    st.sampled_from(KINDS),
    st.one_of(row_days(), row_instants()).filter(lambda day: 1900 < day.year < 2101),
)
def test_retention_at_the_edge_of_the_cutoff(kind: str, as_of: Any) -> None:
    edge = trace_retention_cutoff_instant(as_of).astimezone(UTC)  # seconds, not wall time
    made = [edge + timedelta(seconds=step) for step in (-86_400, -3_600, -1, 0, 1, 3_600)]
    expected = [trace_purge_date(at) <= paris_day(as_of, "as_of") for at in made]
    assert expected == [True, True, True, False, False, False]
    assert flags_back(bulk.trace_purgeable(column(made, kind), as_of)) == expected


@given(st.data(), ROWS)
def test_retention_with_a_column_of_as_of_days(data: st.DataObject, size: int) -> None:
    made = data.draw(st.lists(row_instants(years=(2000, 2030)), min_size=size, max_size=size))
    as_of = data.draw(
        st.lists(row_days().filter(lambda day: day.year < 2101), min_size=size, max_size=size)
    )
    answer = bulk.trace_purgeable(column(made, "numpy"), column(as_of, "numpy"))
    assert flags_back(answer) == [
        trace_purge_date(at) <= day for at, day in zip(made, as_of, strict=True)
    ]


# --- worked examples


def test_a_worked_example_in_pandas_keeps_the_index_and_name() -> None:
    pd = pytest.importorskip("pandas")
    sent = pd.Series(
        pd.to_datetime(["2026-11-23 10:00", "2026-04-02 12:00", None]).tz_localize("Europe/Paris"),
        index=["a", "b", "c"],
        name="envoi",
    )
    answer = bulk.reminder_allowed_from(
        sent, department=pd.Series(["82", "57", "974"], index=sent.index)
    )
    assert list(answer.index) == ["a", "b", "c"]
    assert answer.name == "envoi"
    assert answer.dtype == sent.dtype  # datetime64[…, Europe/Paris], in the unit given
    assert [str(value) for value in answer[:2]] == [
        "2026-12-01 00:00:00+01:00",
        "2026-04-14 00:00:00+02:00",
    ]
    assert answer.isna().tolist() == [False, False, True]


def test_days_come_back_as_days_and_instants_as_paris_time() -> None:
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    days = pa.array([date(2026, 12, 24)], type=pa.date32())
    assert bulk.add_working_days(days, 1).to_pylist() == [date(2026, 12, 28)]
    sent = pl.Series("envoi", [datetime(2026, 11, 23, 9, tzinfo=UTC)])
    answer = bulk.reminder_allowed_from(sent)
    assert answer.dtype == pl.Datetime("us", "Europe/Paris")
    assert answer.to_list() == [datetime(2026, 12, 1, tzinfo=PARIS)]


# --- what is refused


@pytest.mark.parametrize("kind", ["pandas", "polars", "arrow"])
def test_instants_without_a_time_zone_are_refused(kind: str) -> None:
    naive = np.array(["2026-11-23T10:00"], dtype="datetime64[us]")
    if kind == "pandas":
        pd = pytest.importorskip("pandas")
        value: Any = pd.Series(naive)
    elif kind == "polars":
        pl = pytest.importorskip("polars")
        value = pl.Series(naive)
    else:
        pa = pytest.importorskip("pyarrow")
        value = pa.array(naive)
    with pytest.raises(NaiveDatetimeError, match="sans fuseau horaire") as caught:
        bulk.reminder_allowed_from(value)
    assert "sent_at" in str(caught.value)


def test_a_bad_row_is_named_and_counted() -> None:
    sent = np.array(
        ["2026-11-23T09:00", "1700-01-01T00:00", "2150-01-01T00:00"], dtype="datetime64[s]"
    )
    with pytest.raises(BadRowsError) as caught:
        bulk.reminder_allowed_from(sent)
    error = caught.value
    assert (error.position, error.count) == (1, 2)
    assert str(error) == (
        "Art. 3.3 — sent_at : 2 lignes refusées ; la première, à la position 1 : jour en 1700, "
        "année non couverte par les jours fériés connus ; attendu : une date entre "
        f'{FIRST_YEAR} et {LAST_YEAR}. Avec errors="coerce", ces lignes donnent une valeur nulle.'
    )
    coerced = bulk.reminder_allowed_from(sent, errors="coerce")
    assert np.isnat(coerced).tolist() == [False, True, True]


def test_unknown_and_missing_departments_are_bad_rows() -> None:
    sent = np.array(["2026-11-23T09:00"] * 3, dtype="datetime64[s]")
    with pytest.raises(BadRowsError, match="position 1 : département inconnu") as caught:
        bulk.reminder_allowed_from(sent, department=np.array(["75", "99", None], dtype=object))
    assert caught.value.count == 2
    with pytest.raises(UnknownDepartmentError):
        bulk.reminder_allowed_from(sent, department="99")


def test_arguments_that_are_no_columns_are_refused() -> None:
    sent = np.array(["2026-11-23T09:00"], dtype="datetime64[s]")
    with pytest.raises(InvalidValueError, match='errors : .* attendu : "raise" ou "coerce"'):
        bulk.reminder_allowed_from(sent, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="deux calendriers"):
        bulk.reminder_allowed_from(sent, calendar=WorkingCalendar(), department="75")
    with pytest.raises(InvalidValueError, match="pas une colonne"):
        bulk.reminder_allowed_from([datetime(2026, 11, 23, tzinfo=UTC)])
    with pytest.raises(InvalidValueError, match="longueur différente"):
        bulk.add_working_days(sent, np.array([1, 2]))


def test_the_core_does_not_import_numpy_nor_bulk_the_data_frame_libraries() -> None:
    code = (
        "import sys, caf_contract; assert 'numpy' not in sys.modules;"
        "import numpy as np; from caf_contract import bulk;"
        "bulk.reminder_allowed_from(np.array(['2026-11-23T09:00'], dtype='datetime64[s]'));"
        "assert not {'pandas', 'polars', 'pyarrow'} & set(sys.modules), sys.modules.keys()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


# --- parameters


def test_each_row_counts_with_the_parameters_in_force_on_its_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    later = ParameterSet(
        **{
            **{field: getattr(current(), field) for field in _FIELDS},
            "reminder_delay": attrs_evolve(current().reminder_delay, 3),
        }
    )
    monkeypatch.setattr(parameters_module, "_SETS", [current(), later])
    monkeypatch.setattr(parameters_module, "_CHANGES", [date(2024, 1, 19), date(2027, 1, 1)])
    sent = [datetime(2026, 12, 30, 10, tzinfo=PARIS), datetime(2027, 1, 4, 10, tzinfo=PARIS)]
    answer = instants_back(bulk.reminder_allowed_from(column(sent, "numpy")))
    assert answer == [reminder_allowed_from(moment) for moment in sent]
    assert answer[1] == datetime(2027, 1, 7, 23, tzinfo=UTC)  # 3 working days, not 5


# --- every form of column


def test_numpy_units_and_forms() -> None:
    weeks = np.array(["2026-11-23"], dtype="datetime64[W]")  # a Thursday, in numpy's weeks
    assert bulk.is_working_day(weeks).tolist() == [True]
    minutes = np.array(["2026-11-23T09:00"], dtype="datetime64[m]")
    assert bulk.trace_purge_date(minutes).tolist() == [date(2027, 5, 23)]
    with pytest.raises(InvalidValueError, match="unité de temps non prise en charge"):
        bulk.is_working_day(np.array([1], dtype="datetime64[ps]"))
    with pytest.raises(InvalidValueError, match="unité inattendue"):
        bulk.is_working_day(np.array([1], dtype="datetime64[2D]"))
    with pytest.raises(InvalidValueError, match="pas une colonne"):
        bulk.is_working_day(np.zeros((2, 2), dtype="datetime64[D]"))
    with pytest.raises(InvalidValueError, match="type de colonne"):
        bulk.is_working_day(np.array([1, 2]))


def test_python_objects_in_a_column() -> None:
    values = np.array(
        [date(2026, 11, 23), None, float("nan"), datetime(2026, 11, 23, 23, 30, tzinfo=UTC)],
        dtype=object,
    )
    answer = bulk.add_working_days(values, 0)
    assert days_back(answer) == [date(2026, 11, 23), None, None, date(2026, 11, 24)]
    with pytest.raises(InvalidValueError, match=r"days\[0\]"):
        bulk.is_working_day(np.array(["2026-11-23"], dtype=object))
    with pytest.raises(NaiveDatetimeError):
        bulk.is_working_day(np.array([datetime(2026, 11, 23, 10)], dtype=object))  # noqa: DTZ001


def test_pandas_forms() -> None:
    pd = pytest.importorskip("pandas")
    index = pd.DatetimeIndex(["2026-11-23 10:00"], name="envoi").tz_localize("Europe/Paris")
    answer = bulk.reminder_allowed_from(index)
    assert isinstance(answer, pd.Index)
    assert answer.name == "envoi"
    days = bulk.add_working_days(pd.Series([date(2026, 12, 24), None]), 1)
    assert days.tolist() == [date(2026, 12, 28), None]
    with pytest.raises(InvalidValueError, match="type de colonne"):
        bulk.is_working_day(pd.Series([1, 2]))
    with pytest.raises(InvalidValueError, match="type"):
        bulk.is_working_day(pd.DataFrame({"a": [1]}))
    counts = bulk.working_days_between(
        pd.Series([date(2026, 11, 23)], index=["x"]), date(2026, 11, 30)
    )
    assert counts.tolist() == [5]
    assert str(counts.dtype) == "Int64"


def test_polars_and_arrow_forms() -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(InvalidValueError, match="type de colonne"):
        bulk.is_working_day(pl.Series([1, 2]))
    with pytest.raises(InvalidValueError, match="type"):
        bulk.is_working_day(pl.DataFrame({"a": [1]}))
    with pytest.raises(InvalidValueError, match="type de colonne"):
        bulk.is_working_day(pa.array([1, 2]))
    with pytest.raises(InvalidValueError, match="type"):
        bulk.is_working_day(pa.table({"a": [1]}))
    seconds = pl.Series([datetime(2026, 11, 23, 9, tzinfo=UTC)]).cast(pl.Datetime("ms", "UTC"))
    assert bulk.reminder_allowed_from(seconds).dtype == pl.Datetime("ms", "Europe/Paris")
    flags = bulk.is_working_day(pa.array([date(2026, 5, 14), None], type=pa.date64()))
    assert flags.to_pylist() == [False, None]
    counted = bulk.working_days_between(pl.Series([date(2026, 11, 23), None]), date(2026, 11, 30))
    assert counted.to_list() == [5, None]


def test_counts_of_working_days_in_every_form() -> None:
    pl = pytest.importorskip("polars")
    pd = pytest.importorskip("pandas")
    days = np.array(["2026-11-23", "2026-11-23", "2026-11-23"], dtype="datetime64[D]")
    expected = [date(2026, 11, 24), date(2026, 11, 30), date(2026, 11, 20)]
    for steps in (
        np.array([1, 5, -1]),
        np.array([1.0, 5.0, -1.0]),
        np.array([1, 5, -1], dtype=object),
        pd.Series([1, 5, -1]),
        pl.Series([1, 5, -1]),
    ):
        assert days_back(bulk.add_working_days(days, steps)) == expected
    with_null = bulk.add_working_days(days, np.array([1.0, np.nan, -1.0]))
    assert days_back(with_null) == [expected[0], None, expected[2]]
    for wrong, problem in (
        (np.array([1.5, 1, 1]), "nombres non entiers"),
        (np.array(["1", 1, 1], dtype=object), "nombres non entiers"),
        (np.array(["a", "b", "c"]), "type de colonne"),
        (True, "valeur invalide"),
        (1.0, "valeur invalide"),
    ):
        with pytest.raises(InvalidValueError, match=problem):
            bulk.add_working_days(days, wrong)


def test_labels_in_every_form() -> None:
    days = np.array(["2026-04-03"] * 4, dtype="datetime64[D]")
    expected = [True, False, False, True]
    for labels_given in (
        np.array(["75", "57", " 2a ", "974"]),  # wider than three characters
        np.array(["75", "57", "68", "97é"[:2] + "4"]),  # not ASCII? no: « 974 »
        np.array(["75", "57", "67", "974"], dtype=object),
    ):
        found = bulk.is_working_day(days, department=labels_given, errors="coerce")
        assert flags_back(found)[:2] == expected[:2]
    accents = np.array(["75", "57", "é", "974"])
    with pytest.raises(BadRowsError, match="position 2 : département inconnu"):
        bulk.is_working_day(days, department=accents)
    with pytest.raises(BadRowsError, match="département manquant"):
        bulk.is_working_day(days, department=np.array([None, None, None, None], dtype=object))


def test_instants_beyond_the_table_of_offsets_are_read_one_by_one() -> None:
    far = np.array(["2250-07-01T22:30", "1700-07-01T23:55", "NaT"], dtype="datetime64[s]")
    # 23:55 UTC is already 2 July in Paris's mean time (+0:09:21); 22:30 UTC, 2 July in summer.
    assert days_back(bulk.trace_purge_date(far)) == [date(2251, 1, 2), date(1701, 1, 2), None]
    assert days_back(bulk.trace_purge_date(far)) == [
        trace_purge_date(datetime(2250, 7, 1, 22, 30, tzinfo=UTC)),
        trace_purge_date(datetime(1700, 7, 1, 23, 55, tzinfo=UTC)),
        None,
    ]
    assert flags_back(bulk.trace_purgeable(far, date(1701, 1, 2))) == [False, True, None]
    assert flags_back(bulk.trace_purgeable(far, date(1650, 1, 1))) == [False, False, None]
    huge = np.array(["9999-12-31T23:30"], dtype="datetime64[s]")
    with pytest.raises(BadRowsError, match="instant hors des dates de Python"):
        bulk.trace_purge_date(huge)
    late = np.array(["9999-08-01"], dtype="datetime64[D]")
    with pytest.raises(BadRowsError, match="après le 31/12/9999"):
        bulk.trace_purge_date(late)


def test_a_period_with_hours_is_added_day_by_day() -> None:
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    odd = ParameterSet(
        **{
            **{field: getattr(current(), field) for field in _FIELDS},
            "trace_retention": attrs_evolve(
                current().trace_retention, relativedelta(months=6, hours=30)
            ),
        }
    )
    made = np.array(["2026-08-31", "2026-08-31", "9999-12-31"], dtype="datetime64[D]")
    answer = bulk.trace_purge_date(made, parameters=odd, errors="coerce")
    assert days_back(answer) == [date(2027, 3, 1), date(2027, 3, 1), None]


def test_retention_with_as_of_in_a_column_and_two_parameter_sets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    later = ParameterSet(
        **{
            **{field: getattr(current(), field) for field in _FIELDS},
            "trace_retention": attrs_evolve(current().trace_retention, relativedelta(months=3)),
        }
    )
    monkeypatch.setattr(parameters_module, "_SETS", [current(), later])
    monkeypatch.setattr(parameters_module, "_CHANGES", [date(2024, 1, 19), date(2027, 1, 1)])
    made = column([date(2026, 12, 31), date(2027, 1, 1), None], "numpy")
    as_of = column([date(2027, 5, 1), date(2027, 4, 1), date(2027, 4, 1)], "numpy")
    assert flags_back(bulk.trace_purgeable(made, as_of)) == [False, True, None]
    assert flags_back(bulk.trace_purgeable(made, date(2027, 7, 1))) == [True, True, None]
    assert days_back(bulk.trace_purge_date(made)) == [date(2027, 6, 30), date(2027, 4, 1), None]
    null_as_of = column([date(2027, 5, 1), None, None], "numpy")
    assert flags_back(bulk.habilitation_purgeable(made, null_as_of)) == [False, None, None]


def test_every_row_refused_still_answers_in_coerce_mode() -> None:
    sent = np.array(["2026-11-23T09:00", "NaT"], dtype="datetime64[s]")
    answer = bulk.reminder_allowed_from(
        sent, department=np.array(["99", None], dtype=object), errors="coerce"
    )
    assert np.isnat(answer).tolist() == [True, True]
    nothing = np.array(["NaT"], dtype="datetime64[D]")
    assert flags_back(bulk.is_working_day(nothing)) == [None]
    assert flags_back(bulk.working_days_between(nothing, nothing)) == [None]
    assert days_back(bulk.add_working_days(nothing, 1)) == [None]
    with pytest.raises(BadRowsError, match="hors des années couvertes"):
        bulk.add_working_days(np.array(["2100-12-30"], dtype="datetime64[D]"), 5)
    with pytest.raises(InvalidValueError, match="un WorkingCalendar ou None"):
        bulk.is_working_day(nothing, calendar="75")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="une date, un datetime avec fuseau ou une colonne"):
        bulk.working_days_between(nothing, "2026-11-23")
    with pytest.raises(InvalidValueError, match="longueur différente"):
        bulk.working_days_between(
            nothing, np.array(["2026-11-23", "2026-11-24"], dtype="datetime64[D]")
        )


_FIELDS = (
    "template_update",
    "reminder_delay",
    "trace_retention",
    "habilitation_retention",
    "request_types",
    "partner_roles",
    "placeholders",
)


def attrs_evolve(parameter: Any, value: Any) -> Any:
    import attrs  # noqa: PLC0415

    return attrs.evolve(parameter, value=value)


def test_edges_of_the_tables_and_of_python_dates() -> None:
    pa = pytest.importorskip("pyarrow")
    days = [date(1700, 3, 26), date(2300, 3, 26)]
    ordinals = np.array([day.toordinal() for day in days], dtype=np.int64)
    assert midnights(ordinals).tolist() == [
        int(start_of_paris_day(day).timestamp()) for day in days
    ]
    first = np.array(["0001-03-01"], dtype="datetime64[D]")
    assert flags_back(bulk.trace_purgeable(first, date(1, 5, 1))) == [False]
    start = date(2026, 11, 23)
    ends = np.array(["2026-11-30", "2026-11-16"], dtype="datetime64[D]")
    assert flags_back(bulk.working_days_between(start, ends)) == [5, -5]
    steps = pa.array([1, None])
    days_column = pa.array([date(2026, 12, 24), date(2026, 12, 24)], type=pa.date32())
    assert bulk.add_working_days(days_column, steps).to_pylist() == [date(2026, 12, 28), None]


# --- found by the outside review of issue 15


def test_pandas_columns_pair_by_position_and_another_index_is_refused() -> None:
    pd = pytest.importorskip("pandas")
    sent = pd.Series(pd.to_datetime(["2026-04-02 10:00"] * 2, utc=True), index=["S-1", "S-2"])
    shuffled = pd.Series({"S-2": "57", "S-1": "75"})
    with pytest.raises(InvalidValueError, match="department : index différent"):
        bulk.reminder_allowed_from(sent, department=shuffled)
    same = shuffled.reindex(sent.index)
    assert [str(day.date()) for day in bulk.reminder_allowed_from(sent, department=same)] == [
        "2026-04-11",
        "2026-04-14",
    ]
    with pytest.raises(InvalidValueError, match="n : index différent"):
        bulk.add_working_days(sent, pd.Series([1, 2], index=["a", "b"]))
    with pytest.raises(InvalidValueError, match="as_of : index différent"):
        bulk.trace_purgeable(sent, pd.Series(list(sent), index=["b", "a"]))
    with pytest.raises(InvalidValueError, match="end : index différent"):
        bulk.working_days_between(sent, pd.Series(list(sent), index=["b", "a"]))


def test_single_values_of_numpy_and_pandas_are_one_value_for_every_row() -> None:
    pd = pytest.importorskip("pandas")
    made = np.array(["2026-08-31T21:59"], dtype="datetime64[s]")
    for as_of in (
        pd.Timestamp("2027-02-28 12:00", tz="Europe/Paris"),
        np.datetime64("2027-02-28"),
        date(2027, 2, 28),
    ):
        assert flags_back(bulk.trace_purgeable(made, as_of)) == [True]
    with pytest.raises(InvalidValueError, match="valeur manquante"):
        bulk.trace_purgeable(made, np.datetime64("NaT", "D"))
    with pytest.raises(CafContractError):
        bulk.reminder_allowed_from(made, department=pd.NA)
    nulls = pd.Series([date(2026, 11, 23), pd.NA, pd.NaT, None], dtype=object)
    assert days_back(bulk.add_working_days(nulls, 1)) == [date(2026, 11, 24), None, None, None]


def test_counts_too_large_are_refused_not_wrapped() -> None:
    days = np.array(["2026-11-23"], dtype="datetime64[D]")
    with pytest.raises(InvalidValueError, match="nombre trop grand"):
        bulk.add_working_days(days, np.array([2**64 - 1], dtype=np.uint64))
    with pytest.raises(InvalidValueError, match="nombre trop grand"):
        bulk.add_working_days(days, 2**70)


def test_each_refusal_names_its_argument_and_value() -> None:
    far = np.array(["2026-11-23T09:00", "20000-01-01T00:00"], dtype="datetime64[s]")
    with pytest.raises(BadRowsError, match="position 1 : instant hors des dates de Python"):
        bulk.reminder_allowed_from(far)
    starts = np.array(["2026-11-23"], dtype="datetime64[D]")
    with pytest.raises(BadRowsError, match=r"^Art\. 3\.3 — end : 1 ligne refusée"):
        bulk.working_days_between(starts, np.array(["2101-01-06"], dtype="datetime64[D]"))
    with pytest.raises(BadRowsError, match="département inconnu \\(le nombre 57\\)"):
        bulk.is_working_day(starts, department=np.array([57]))


@given(st.data(), ROWS, cst.calendars(), st.integers(-30, 30))
def test_any_calendar_and_one_count_for_every_row(
    data: st.DataObject, size: int, calendar: WorkingCalendar, n: int
) -> None:
    days = data.draw(st.lists(row_days(), min_size=size, max_size=size))
    expected = [_scalar(calendar.add_working_days, day, n) for day in days]
    kind = data.draw(st.sampled_from(KINDS))
    answer = bulk.add_working_days(column(days, kind), n, calendar=calendar, errors="coerce")
    assert days_back(answer) == expected


# --- reminders by the hour, department codes by their bytes


def test_every_hour_has_its_paris_day_or_turns() -> None:
    hours = paris_hours(1800, 2201)
    start = int(datetime(1800, 1, 1, tzinfo=UTC).timestamp())
    seconds = start + np.arange(len(hours), dtype=np.int64) * 3600
    first, last = paris_days(seconds), paris_days(seconds + 3599)
    base = date(1800, 1, 1).toordinal()
    whole = hours != TURNING
    assert (hours[whole] == first[whole] - base).all()
    assert (first[whole] == last[whole]).all()
    # An hour turns when its first and last seconds are on two days, or when Paris's
    # day turns and turns back within it. A UTC day that turns twice (tzdata 2020.1's
    # 10/03/1911, at the lower bound) has all its hours read day by day.
    turning = np.flatnonzero(~whole)
    split = first[turning] != last[turning]
    first_day, thresholds = _thresholds()
    for position in turning[~split].tolist():
        if thresholds[int(seconds[position]) // 86_400 - first_day] == IRREGULAR:
            continue
        inside = paris_days(seconds[position] + np.arange(3600, dtype=np.int64))
        assert len(set(inside.tolist())) > 1
    # Since Paris Mean Time ended (11/03/1911), every day turns on the hour.
    ended = int(datetime(1911, 3, 11, 1, tzinfo=UTC).timestamp())
    assert (seconds[turning] < ended).all()
    assert len(turning) >= (date(1911, 3, 10) - date(1800, 1, 1)).days
    assert (
        paris_hours(2026, 2026).tolist()
        == hours[
            (date(2026, 1, 1).toordinal() - base) * 24 : (date(2027, 1, 1).toordinal() - base) * 24
        ]
        .__sub__(date(2026, 1, 1).toordinal() - base)
        .tolist()
    )


@st.composite
def _within(draw: st.DrawFn, first_year: int, last_year: int) -> datetime:
    """An instant of the years, anywhere or near a Paris midnight."""
    anywhere = draw(
        st.datetimes(
            datetime(first_year, 1, 1),  # noqa: DTZ001  # wall times of the zone drawn
            datetime(last_year, 12, 31, 22),  # noqa: DTZ001
            timezones=cst.zones(),
        )
    )
    day = draw(st.dates(date(first_year, 1, 2), date(last_year, 12, 30)))
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=PARIS) + timedelta(
        seconds=draw(st.integers(-2, 2))
    )
    return draw(st.sampled_from([anywhere, midnight])).replace(microsecond=0)


@given(
    st.data(),
    ROWS,
    st.sampled_from(KINDS),
    st.integers(1912, LAST_YEAR - 3),
    st.sampled_from(UNITS),
)
def test_reminders_read_by_the_hour_equal_the_scalar_rule(
    data: st.DataObject, size: int, kind: str, year: int, unit: str
) -> None:
    span = data.draw(st.integers(0, 2))
    sent = data.draw(
        st.lists(
            st.one_of(st.none(), _within(year, year + span)), min_size=size, max_size=size
        ).filter(lambda moments: any(moment is not None for moment in moments))
    )
    codes = data.draw(st.lists(department_codes(), min_size=size, max_size=size))
    delay = data.draw(st.integers(1, 30))
    chosen = ParameterSet(
        **{
            **{field: getattr(current(), field) for field in _FIELDS},
            "reminder_delay": attrs_evolve(current().reminder_delay, delay),
        }
    )
    department: object = labels_column(codes, kind) if data.draw(st.booleans()) else codes[0]
    times = read_times(column(sent, kind, unit), "sent_at")
    rows = _Rows("sent_at", size)
    calendars = _calendars(None, department, size, rows)
    by_hour = _reminders_by_hour(times, calendars, delay)
    assert by_hour is not None  # read by the hour, with no row read day by day
    expected = [
        None
        if moment is None
        else _scalar(
            reminder_allowed_from,
            moment,
            WorkingCalendar(department=code if department is not codes[0] else codes[0]),
            parameters=chosen,
        )
        for moment, code in zip(sent, codes, strict=True)
    ]
    answer = bulk.reminder_allowed_from(
        column(sent, kind, unit), department=department, parameters=chosen
    )
    assert instants_back(answer) == expected


@given(st.data(), ROWS, st.integers(FIRST_YEAR + 1, 1910), st.sampled_from(UNITS))
def test_reminders_before_1911_are_read_by_the_hour_unless_an_hour_turns(
    data: st.DataObject, size: int, year: int, unit: str
) -> None:
    # Paris Mean Time (+00:09:21): each day turns at 23:50:39 UTC, inside the hour 23.
    sent = data.draw(
        st.lists(
            st.datetimes(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59)).map(  # noqa: DTZ001
                lambda moment: moment.replace(microsecond=0, tzinfo=UTC)
            ),
            min_size=size,
            max_size=size,
        )
    )
    times = read_times(column(sent, "numpy", unit), "sent_at")
    calendars = _calendars(None, "57", size, _Rows("sent_at", size))
    by_hour = _reminders_by_hour(times, calendars, 5)
    calendar = WorkingCalendar(department="57")
    expected = [reminder_allowed_from(moment, calendar) for moment in sent]
    assert (by_hour is None) == any(moment.hour == 23 for moment in sent)
    if by_hour is not None:
        assert instants_back(by_hour.view(f"datetime64[{unit}]")) == expected
    assert (
        instants_back(bulk.reminder_allowed_from(column(sent, "numpy", unit), department="57"))
        == expected
    )


_TEXT_KINDS: Final = ("numpy", "arrow", "large-arrow", "chunked", "pandas-arrow")


def _texts(values: list[str], kind: str) -> Any:
    if kind == "numpy":
        return np.array(values, dtype=str)
    import pyarrow as pa  # noqa: PLC0415

    if kind == "pandas-arrow":
        import pandas as pd  # noqa: PLC0415

        return pd.Series(values, dtype=pd.StringDtype("pyarrow"))
    if kind == "chunked":
        whole = pa.array(["x", *values])
        middle = 1 + len(values) // 2
        return pa.chunked_array([whole[1:middle], whole[middle:]], type=whole.type)
    return pa.array(values, type=pa.large_string() if kind == "large-arrow" else pa.string())


@given(
    st.lists(
        st.one_of(department_codes(), short_texts()),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(_TEXT_KINDS),
)
def test_short_texts_are_read_by_their_bytes(values: list[str], kind: str) -> None:
    keys = short_text_keys(_texts(values, kind), len(values))
    encoded = [value.encode() for value in values]
    if kind == "numpy":
        readable = all(value.isascii() for value in values) and max(map(len, values)) <= 3
    else:
        readable = all(b"\x00" not in value for value in encoded)
    assert (keys is not None) == readable
    if keys is None:
        return
    for key, value in zip(keys.tolist(), encoded, strict=True):
        if 1 <= len(value) <= 3:
            assert key == int.from_bytes(value, "little") == text_key(value.decode())
        else:  # empty, or longer: a key no department code has
            assert key == 0 or key >= SHORT_TEXT_KEY_LIMIT


def test_a_nul_inside_or_after_a_code_is_not_that_code() -> None:
    import pyarrow as pa  # noqa: PLC0415

    sent = np.array(["2026-04-02T10:00"] * 3, dtype="datetime64[s]")
    for texts in (["57\x00", "57", "5\x007"], ["5\x007", "57", "57\x00"]):
        codes = pa.array(texts)
        assert short_text_keys(codes, 3) is None
        with pytest.raises(BadRowsError, match="position 0 : département inconnu") as caught:
            bulk.reminder_allowed_from(sent, department=codes)
        assert caught.value.count == 2
    other = np.array(["2026-04-02T10:00"], dtype="datetime64[s]")
    assert flags_back(bulk.is_working_day(other, department=pa.array(["57"]))) == [True]


def test_columns_read_by_their_labels_or_by_their_bytes() -> None:
    import pyarrow as pa  # noqa: PLC0415

    assert short_text_keys(pa.array([None], type=pa.string()), 1) is None
    assert short_text_keys(pa.array([1]), 1) is None
    assert short_text_keys(np.array(["57"]), 2) is None  # not the length asked
    assert short_text_keys(np.array([57]), 1) is None
    assert short_text_keys(pa.array([], type=pa.string()), 0) is None
    split = pa.chunked_array([pa.array([], type=pa.string()), pa.array(["57", "974"])])
    keys = short_text_keys(split, 2)
    assert keys is not None
    assert keys.tolist() == [text_key("57"), text_key("974")]
    nothing = np.array(["NaT", "NaT"], dtype="datetime64[s]")
    assert np.isnat(bulk.reminder_allowed_from(nothing, department=np.array(["57", "75"]))).all()


def test_department_codes_follow_the_calendars_after_the_caches_are_cleared() -> None:
    sent = np.array(["2026-04-02T10:00", "2026-04-02T10:00"], dtype="datetime64[s]")
    department = np.array(["57", "75"])
    before = bulk.reminder_allowed_from(sent, department=department)
    clear_caches()
    after = bulk.reminder_allowed_from(sent, department=department)
    assert after.tolist() == before.tolist()
    tables = _calendars(None, department, 2, _Rows("sent_at", 2)).tables
    assert WorkingCalendar(department="57")._table in tables  # the new ones


def test_categories_are_read_by_their_codes() -> None:
    import pandas as pd  # noqa: PLC0415

    days = np.array(["2026-04-03"] * 3, dtype="datetime64[D]")
    categories = pd.Series(["57", "75", None], dtype=pd.CategoricalDtype(["99", "75", "57"]))
    found = bulk.is_working_day(days, department=categories, errors="coerce")
    assert flags_back(found) == [False, True, None]
    found = bulk.is_working_day(days[:2], department=pd.CategoricalIndex(["57", "75"]))
    assert flags_back(found) == [False, True]


def test_an_answer_beyond_the_holiday_data_is_refused_whichever_way_it_is_read() -> None:
    late = np.array([f"{LAST_YEAR}-12-28T10:00", f"{LAST_YEAR}-06-01T10:00"], dtype="datetime64[s]")
    with pytest.raises(
        BadRowsError, match="position 0 : le jour ouvré cherché tombe hors"
    ) as caught:
        bulk.reminder_allowed_from(late, department="75")
    assert caught.value.count == 1
    coerced = bulk.reminder_allowed_from(late, department=np.array(["75", "974"]), errors="coerce")
    assert instants_back(coerced) == [
        None,
        reminder_allowed_from(datetime(LAST_YEAR, 6, 1, 10, tzinfo=UTC), WorkingCalendar("974")),
    ]


def test_department_arrays_of_other_shapes() -> None:
    sent = np.array(["2026-04-02T10:00"] * 3, dtype="datetime64[s]")
    strided = np.array([["57", "a"], ["75", "b"], ["974", "c"]])[:, 0]
    expected = [
        reminder_allowed_from(datetime(2026, 4, 2, 10, tzinfo=UTC), WorkingCalendar(code))
        for code in ("57", "75", "974")
    ]
    assert instants_back(bulk.reminder_allowed_from(sent, department=strided)) == expected
    assert (
        instants_back(
            bulk.reminder_allowed_from(
                sent, department=np.array(["57", "x", "75", "y", "974"])[::2]
            )
        )
        == expected
    )
    for wrong, shown_as in ((np.array([["57"], ["75"], ["974"]]), "2"), (np.array("57"), "0")):
        with pytest.raises(
            InvalidValueError,
            match=f"department : pas une colonne \\(tableau à {shown_as} dimensions\\)",
        ):
            bulk.reminder_allowed_from(sent, department=wrong)
    with pytest.raises(InvalidValueError, match=r"longueur différente \(1 ligne\) ; attendu : une"):
        bulk.reminder_allowed_from(sent, department=np.array(["57"]))


def test_a_calendar_built_before_the_holiday_data_changed_follows_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from caf_contract import calendar as calendar_module  # noqa: PLC0415

    moselle = WorkingCalendar(department="57")
    sent = np.array(["2026-06-01T10:00"], dtype="datetime64[s]")
    moment = datetime(2026, 6, 1, 10, tzinfo=UTC)
    before = bulk.reminder_allowed_from(sent, calendar=moselle)
    assert instants_back(before) == [reminder_allowed_from(moment, moselle)]
    original = calendar_module._holidays_of

    def with_a_closure(*arguments: Any, **keywords: Any) -> dict[int, dict[date, str]]:
        found = original(*arguments, **keywords)
        if 2026 in found:
            found[2026][date(2026, 6, 3)] = "Fermeture"
        return found

    monkeypatch.setattr(calendar_module, "_holidays_of", with_a_closure)
    clear_caches()
    try:
        after = bulk.reminder_allowed_from(sent, calendar=moselle)
        assert instants_back(after) == [reminder_allowed_from(moment, moselle)]
        assert instants_back(after) != instants_back(before)  # the day off counts
        days = np.array(["2026-06-03"], dtype="datetime64[D]")
        assert bulk.is_working_day(days, calendar=moselle).tolist() == [False]
    finally:
        monkeypatch.undo()
        clear_caches()


def test_labels_that_are_no_text_are_named_in_words() -> None:
    import pyarrow as pa  # noqa: PLC0415

    days = np.array(["2026-04-03"] * 2, dtype="datetime64[D]")
    with_null = pa.DictionaryArray.from_arrays(pa.array([0, 1]), pa.array(["57", None]))
    with pytest.raises(BadRowsError, match="position 1 : département manquant"):
        bulk.is_working_day(days, department=with_null)
    for labels_given, shown_as in (
        (np.array([date(2026, 1, 1), "57"], dtype=object), "la date 01/01/2026"),
        (np.array([True, "57"], dtype=object), "la valeur vrai"),
        (np.array([57.0, "57"], dtype=object), "le nombre 57.0"),
        (np.array([57, "57"], dtype=object), "le nombre 57"),
    ):
        with pytest.raises(BadRowsError, match=f"département inconnu \\({shown_as}\\)"):
            bulk.is_working_day(days, department=labels_given)


def test_one_delay_in_every_dated_set_is_read_by_the_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    same = ParameterSet(**{field: getattr(current(), field) for field in _FIELDS})
    monkeypatch.setattr(parameters_module, "_SETS", [current(), same])
    monkeypatch.setattr(parameters_module, "_CHANGES", [date(2024, 1, 19), date(2027, 1, 1)])
    assert bulk._one_value(None, bulk._reminder_delay) == current().reminder_delay.value
    sent = [datetime(2026, 12, 30, 10, tzinfo=PARIS), datetime(2027, 1, 4, 10, tzinfo=PARIS)]
    answer = instants_back(bulk.reminder_allowed_from(column(sent, "numpy")))
    assert answer == [reminder_allowed_from(moment) for moment in sent]
    other = ParameterSet(
        **{
            **{field: getattr(current(), field) for field in _FIELDS},
            "reminder_delay": attrs_evolve(current().reminder_delay, 3),
        }
    )
    monkeypatch.setattr(parameters_module, "_SETS", [current(), other])
    assert bulk._one_value(None, bulk._reminder_delay) is None


def test_hours_are_read_only_within_the_table_of_offsets() -> None:
    with pytest.raises(ValueError, match="hors de 1800–2201"):
        paris_hours(1799, 1800)


def test_codes_of_one_calendar_are_read_as_one_department() -> None:
    chosen = _calendars(None, np.array(["75", "01", "2A"]), 3, _Rows("days", 3))
    assert chosen.slots is None
    assert chosen.tables == (WorkingCalendar(department="75")._table,)


@given(
    st.data(),
    st.integers(22, 60),
    st.sampled_from(KINDS),
    st.dates(date(FIRST_YEAR + 1, 1, 1), date(LAST_YEAR - 1, 12, 1)),
)
def test_days_of_a_short_range_are_shifted_once_each(
    data: st.DataObject, size: int, kind: str, first: date
) -> None:
    # More rows than days in their range: each day + 6 months is computed once, then looked
    # up (month ends, 29 February, instants read by their hour on both sides).
    moments = st.builds(
        lambda day, seconds: (
            datetime.combine(day, datetime.min.time(), tzinfo=PARIS) + timedelta(seconds=seconds)
        ),
        st.dates(first, first + timedelta(days=20)),
        st.integers(-3600, 90_000),
    )
    rows = st.one_of(st.none(), moments) if data.draw(st.booleans()) else moments
    made = data.draw(st.lists(rows, min_size=size, max_size=size))
    days = [None if at is None else paris_day(at, "made_at") for at in made]
    assert days_back(bulk.trace_purge_date(column(made, kind))) == [
        None if at is None else trace_purge_date(at) for at in made
    ]
    assert days_back(bulk.trace_purge_date(column(days, "numpy"))) == [
        None if day is None else trace_purge_date(day) for day in days
    ]


def test_days_near_9999_shifted_once_each_are_refused_past_it() -> None:
    days = [date(9999, 6, 15) + timedelta(days=step % 30) for step in range(40)]
    expected = [_scalar(trace_purge_date, day) for day in days]
    assert None in expected
    assert expected[0] is not None
    answer = bulk.trace_purge_date(column(days, "numpy"), errors="coerce")
    assert days_back(answer) == expected
    with pytest.raises(BadRowsError, match="date de purge après le 31/12/9999"):
        bulk.trace_purge_date(column(days, "numpy"))


def test_rows_outside_python_dates_are_never_purgeable() -> None:
    made = np.array(
        ["9999-12-31T23:59:59", "-0100-01-01T00:00:00", "2026-01-01T10:00", "NaT"],
        dtype="datetime64[s]",
    )
    for as_of in (date(2100, 12, 31), np.array(["2100-12-31"] * 4, dtype="datetime64[D]")):
        assert flags_back(bulk.trace_purgeable(made, as_of, errors="coerce")) == [
            None,
            None,
            True,
            None,
        ]
        with pytest.raises(BadRowsError, match="position 0 : instant hors des dates de Python"):
            bulk.trace_purgeable(made, as_of)
    # With none before 1800, an instant after 9999 is not looked for: not purgeable.
    late = np.array(["9999-12-31T23:59:59", "2026-01-01T10:00"], dtype="datetime64[s]")
    for as_of in (date(2100, 12, 31), np.array(["2100-12-31"] * 2, dtype="datetime64[D]")):
        assert flags_back(bulk.trace_purgeable(late, as_of)) == [False, True]
    ended = np.array(["-0001-06-01", "2020-01-01", "NaT"], dtype="datetime64[D]")
    found = bulk.habilitation_purgeable(ended, date(2030, 1, 1), errors="coerce")
    assert flags_back(found) == [None, True, False]
    with pytest.raises(BadRowsError, match="position 0 : jour hors des dates de Python"):
        bulk.habilitation_purgeable(ended, date(2030, 1, 1))


def test_masked_arrays_are_read_with_their_masks() -> None:
    days = np.array(["2026-12-24", "2026-11-23", "2026-01-01"], dtype="datetime64[D]")
    ends = np.array(["2027-01-04", "NaT", "2026-01-10"], dtype="datetime64[D]")
    counts = bulk.working_days_between(days, ends)
    assert isinstance(counts, np.ma.MaskedArray)
    assert days_back(bulk.add_working_days(days, counts)) == [
        date(2027, 1, 4),
        None,
        date(2026, 1, 9),
    ]
    masked = np.ma.masked_array(days, [False, True, False])
    assert days_back(bulk.trace_purge_date(masked)) == [date(2027, 6, 24), None, date(2026, 7, 1)]
    assert flags_back(bulk.is_working_day(masked)) == [True, None, False]
    instants = np.ma.masked_array(days.astype("datetime64[s]"), [False, True, False])
    assert instants_back(bulk.reminder_allowed_from(instants))[1] is None
    codes = np.ma.masked_array(np.array(["57", "75", "974"]), [False, True, False])
    with pytest.raises(BadRowsError, match="position 1 : département manquant"):
        bulk.is_working_day(days, department=codes)
