"""caf_contract.sql: the calendar as tables, and its queries run in DuckDB against the scalar rules.

The same queries run in a real PostgreSQL server in tests/test_sql_postgres.py (marker
``postgres``); what both share is in tests/sql_engines.py.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    DEPARTMENT_CODES,
    InvalidValueError,
    UnknownDepartmentError,
    UnsupportedYearError,
    WorkingCalendar,
    holiday_subdivision,
    parameters,
    reminder_allowed_from,
    sql,
)
from tests import strategies as cst
from tests.sql_engines import (
    AMBIGUOUS_MIDNIGHTS,
    FIRST_YEAR,
    LAST_YEAR,
    SESSION_ZONES,
    Row,
    check_cutoffs,
    check_habilitation_purges,
    check_midnights,
    check_paris_days,
    check_reminders,
    check_trace_purges,
    cutoff_days,
    generated_devalidations,
    generated_requests,
    generated_traces,
)

ROOT = Path(__file__).resolve().parents[1]
QUERIES = (
    "CREATE_TABLES",
    "REMINDER_QUERY",
    "TRACE_PURGE_QUERY",
    "HABILITATION_PURGE_QUERY",
    "TRACE_CUTOFF_QUERY",
    "HABILITATION_CUTOFF_QUERY",
)

# --- DuckDB, as tests/sql_engines.Engine

_ARROW_TYPES = {
    "INTEGER": pa.int32(),
    "TEXT": pa.string(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
}


def _arrow_value(value: object) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


class DuckDB:
    """An in-memory DuckDB database; tables are loaded through Arrow."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def run(self, query: str, parameters: Sequence[object] = ()) -> list[Row]:
        return self.connection.execute(query, list(parameters)).fetchall()

    def script(self, statements: str) -> None:
        self.connection.execute(statements)

    def load(self, table: str, columns: str, rows: Sequence[Row]) -> None:
        names, types = zip(*(column.split() for column in columns.split(",")), strict=True)
        arrays = [
            pa.array([_arrow_value(row[place]) for row in rows], _ARROW_TYPES[kind])
            for place, kind in enumerate(types)
        ]
        self.connection.register("loaded", pa.Table.from_arrays(arrays, names=list(names)))
        # The table's name is the test's own, never data.
        self.connection.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM loaded")  # noqa: S608
        self.connection.unregister("loaded")

    def set_time_zone(self, zone: str) -> None:
        self.connection.execute(f"SET TimeZone = '{zone}'")


@pytest.fixture(scope="module")
def duck() -> Iterator[DuckDB]:
    """DuckDB with the national calendars of every supported year, as docs/bulk.md loads them.

    The session's time zone is not Paris's: the answers must not depend on it.
    """
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'America/Los_Angeles'")
    connection.execute(sql.CREATE_TABLES)
    connection.register("calendar_rows", sql.calendar_table(FIRST_YEAR, LAST_YEAR))
    connection.register("department_rows", sql.department_table())
    connection.execute("INSERT INTO caf_calendar SELECT * FROM calendar_rows")
    connection.execute("INSERT INTO caf_department SELECT * FROM department_rows")
    yield DuckDB(connection)
    connection.close()


# --- the tables


def test_every_department_has_a_calendar_of_the_national_set() -> None:
    rows = sql.department_rows()
    assert [row.department for row in rows] == sorted(DEPARTMENT_CODES)
    assert {row.calendar for row in rows} == set(sql.national_calendars())
    assert {row.department for row in rows if row.calendar == "alsace-moselle"} == {
        "57",
        "67",
        "68",
    }
    overseas = {row.department: row.calendar for row in rows if row.department >= "971"}
    assert overseas == {code: code for code in ("971", "972", "973", "974", "975", "976")}
    assert dict(rows)["2A"] == dict(rows)["75"] == "metropole"


def test_departments_share_a_calendar_only_where_their_holidays_are_the_same() -> None:
    national = sql.national_calendars()
    for code in DEPARTMENT_CODES:
        key = sql.calendar_key(code)
        if key != "alsace-moselle":  # the same holiday subdivision: the very same table
            assert holiday_subdivision(code) == holiday_subdivision(national[key].department)
    # Moselle and Alsace are two subdivisions of the holidays package, with the same
    # days in every year it covers: should that change, they need two calendars.
    moselle = national["alsace-moselle"].table(FIRST_YEAR, LAST_YEAR)
    for alsace in ("67", "68"):
        assert WorkingCalendar(alsace).table(FIRST_YEAR, LAST_YEAR) == moselle


@pytest.mark.parametrize(
    ("department", "key"),
    [("57", "alsace-moselle"), (" 2b ", "metropole"), ("975", "975"), ("01", "metropole")],
)
def test_calendar_keys(department: str, key: str) -> None:
    assert sql.calendar_key(department) == key


def test_an_unknown_department_has_no_calendar() -> None:
    with pytest.raises(UnknownDepartmentError):
        sql.calendar_key("99")


@given(cst.year_spans(max_length=2), cst.calendars())
def test_calendar_rows_are_each_calendars_table_after_its_key(
    span: tuple[int, int], calendar: WorkingCalendar
) -> None:
    rows = sql.calendar_rows(*span, calendars={"mine": calendar, "metropole": WorkingCalendar()})
    days = len(calendar.table(*span))
    assert rows[:days] == tuple(sql.CalendarRow("mine", *day) for day in calendar.table(*span))
    assert rows[days:] == tuple(
        sql.CalendarRow("metropole", *day) for day in WorkingCalendar().table(*span)
    )


def test_calendar_rows_of_the_national_calendars() -> None:
    rows = sql.calendar_rows(2026, 2027)
    assert len(rows) == 730 * 8
    assert [row.calendar for row in rows[::730]] == list(sql.national_calendars())
    assert rows[365 * 2 + 92] == sql.CalendarRow(  # 03/04/2026 in Alsace-Moselle
        calendar="alsace-moselle",
        day=date(2026, 4, 3),
        working=False,
        rank=65,
        holiday="Vendredi saint",
    )


@given(cst.year_spans(max_length=2), st.booleans())
def test_calendar_table_holds_calendar_rows_typed(span: tuple[int, int], national: bool) -> None:
    calendars = None if national else {"974": WorkingCalendar("974", kind="ouvrables")}
    table = sql.calendar_table(*span, calendars=calendars)
    assert table.schema.names == ["calendar", "day", "working", "rank", "holiday"]
    assert [str(kind) for kind in table.schema.types] == [
        "string",
        "date32[day]",
        "bool",
        "int32",
        "string",
    ]
    assert [tuple(row.values()) for row in table.to_pylist()] == list(
        sql.calendar_rows(*span, calendars=calendars)
    )


def test_department_table_holds_department_rows() -> None:
    table = sql.department_table()
    assert [tuple(row.values()) for row in table.to_pylist()] == list(sql.department_rows())
    assert table.schema.names == ["department", "calendar"]


def test_no_calendar_gives_no_row_but_the_years_are_checked() -> None:
    assert sql.calendar_rows(2026, 2026, calendars={}) == ()
    assert sql.calendar_table(2026, 2026, calendars={}).num_rows == 0
    with pytest.raises(UnsupportedYearError):
        sql.calendar_rows(2026, 2101, calendars={})


@pytest.mark.parametrize(
    ("calendars", "message"),
    [
        (
            ["metropole"],
            (
                "calendars : valeur invalide (['metropole']) ; attendu : un dictionnaire "
                '{clé : WorkingCalendar}, par exemple {"metropole": WorkingCalendar()}, ou None '
                "pour les calendriers nationaux."
            ),
        ),
        (
            {"": WorkingCalendar()},
            "calendars : clé invalide ('') ; attendu : une clé de calendrier en texte non vide.",
        ),
        (
            {57: WorkingCalendar()},
            "calendars : clé invalide (57) ; attendu : une clé de calendrier en texte non vide.",
        ),
        (
            {"57": "57"},
            "calendars[57] : calendrier invalide ('57') ; attendu : un WorkingCalendar.",
        ),
    ],
)
def test_bad_calendars_are_refused(calendars: object, message: str) -> None:
    for make in (sql.calendar_rows, sql.calendar_table):
        with pytest.raises(InvalidValueError) as caught:
            make(2026, 2026, calendars=calendars)  # type: ignore[arg-type]
        assert str(caught.value) == message


def test_bad_years_are_refused_as_by_the_calendar() -> None:
    with pytest.raises(InvalidValueError, match="^last_year : dernière année avant la première"):
        sql.calendar_rows(2027, 2026)
    with pytest.raises(UnsupportedYearError, match="année 2101 non couverte"):
        sql.calendar_table(2100, 2101)


def test_without_pyarrow_the_arrow_forms_say_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what an absent package does
    makers: list[tuple[Callable[[], object], str]] = [
        (lambda: sql.calendar_table(2026, 2026), "calendar_rows()"),
        (sql.department_table, "department_rows()"),
    ]
    for make, instead in makers:
        with pytest.raises(ModuleNotFoundError) as caught:
            make()
        assert caught.value.name == "pyarrow"
        assert str(caught.value).startswith("pyarrow n'est pas installé : ")
        assert str(caught.value).endswith(
            "; attendu : pyarrow installé (pip install pyarrow), "
            f"ou bien {instead}, qui donne des tuples sans pyarrow."
        )
    assert len(sql.calendar_rows(2026, 2026)) == 365 * 8  # the tuples need no pyarrow


# --- the SQL: one text, shown by the docs as it is run


def _written(name: str) -> str:
    """The constant ``name`` as docs/bulk.md shows it: the lines of sql.py after its first line."""
    lines = (ROOT / "src" / "caf_contract" / "sql.py").read_text(encoding="utf-8").splitlines()
    start = lines.index(f'{name}: Final[str] = """\\') + 1
    end = next(place for place in range(start, len(lines)) if '"""' in lines[place])
    return "".join(line + "\n" for line in lines[start:end])


@pytest.mark.parametrize("name", QUERIES)
def test_the_docs_show_each_query_as_it_is_run(name: str) -> None:
    assert _written(name) == getattr(sql, name)
    page = (ROOT / "docs" / "bulk.md").read_text(encoding="utf-8")
    assert f':start-after: \'{name}: Final[str] = """\\\'\n:end-before: \'"""\'' in page


def test_every_query_is_known_here() -> None:
    module = ast.parse((ROOT / "src" / "caf_contract" / "sql.py").read_text(encoding="utf-8"))
    constants = {
        node.target.id
        for node in module.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    assert {name for name in constants if name.isupper() and not name.startswith("_")} == set(
        QUERIES
    )


def test_the_reminder_query_counts_the_delay_of_the_contract() -> None:
    delay = parameters.current().reminder_delay.value
    assert re.findall(r"rank \+ (\d+)", sql.REMINDER_QUERY) == [str(delay)]


# --- the queries in DuckDB, every row against the scalar rules


@given(st.lists(st.tuples(cst.department_codes(), cst.paris_instants()), min_size=1, max_size=40))
def test_reminders_in_duckdb_are_the_rule(duck: DuckDB, drawn: list[tuple[str, datetime]]) -> None:
    check_reminders(duck, [(number, *request) for number, request in enumerate(drawn)])


def test_thousands_of_reminders_in_duckdb_are_the_rule_whatever_the_session_zone(
    duck: DuckDB,
) -> None:
    requests = generated_requests(5_000, seed=15)
    try:
        for zone in SESSION_ZONES:
            duck.set_time_zone(zone)
            check_reminders(duck, requests)
    finally:
        duck.set_time_zone("America/Los_Angeles")


@pytest.mark.parametrize(
    ("sent_at", "department", "expected"),
    [
        # Monday 23/11/2026 10:00 in Paris: Tuesday 01/12 (README).
        ("2026-11-23T09:00:00+00:00", "82", "2026-12-01T00:00:00+01:00"),
        # 23:30 UTC on Sunday is Monday in Paris: the same.
        ("2026-11-22T23:30:00+00:00", "82", "2026-12-01T00:00:00+01:00"),
        # Good Friday and Easter Monday are off in Moselle, Good Friday only there.
        ("2026-04-02T10:00:00+02:00", "57", "2026-04-14T00:00:00+02:00"),
        ("2026-04-02T10:00:00+02:00", "75", "2026-04-11T00:00:00+02:00"),
        # 20/12, abolition of slavery in Réunion: a Sunday in 2026, Monday in 2027.
        ("2027-12-15T10:00:00+01:00", "974", "2027-12-24T00:00:00+01:00"),
        ("2027-12-15T10:00:00+01:00", "75", "2027-12-23T00:00:00+01:00"),
        # Beyond the holiday data: NULL, where the rule raises.
        ("2100-12-28T10:00:00+01:00", "75", None),
        ("1802-12-31T12:00:00+00:00", "75", None),
    ],
)
def test_worked_examples_of_the_reminder_query(
    duck: DuckDB, sent_at: str, department: str, expected: str | None
) -> None:
    duck.load(
        "requests",
        "id INTEGER, department TEXT, sent_at TIMESTAMPTZ",
        [(1, department, datetime.fromisoformat(sent_at))],
    )
    [(number, answer)] = duck.run(sql.REMINDER_QUERY)
    assert number == 1
    assert answer == (None if expected is None else datetime.fromisoformat(expected))
    check_reminders(duck, [(1, department, datetime.fromisoformat(sent_at))])


def test_an_unknown_department_is_answered_null(duck: DuckDB) -> None:
    duck.load(
        "requests",
        "id INTEGER, department TEXT, sent_at TIMESTAMPTZ",
        [(7, "99", datetime(2026, 11, 23, 9, tzinfo=UTC))],
    )
    assert duck.run(sql.REMINDER_QUERY) == [(7, None)]


@given(
    st.lists(cst.paris_instants(), min_size=1, max_size=40),
    st.one_of(cst.month_ends(1803, 2100), st.dates(date(1803, 1, 1), date(2100, 12, 31))),
)
def test_trace_purges_in_duckdb_are_the_rule(
    duck: DuckDB, instants: list[datetime], as_of: date
) -> None:
    check_trace_purges(duck, list(enumerate(instants)), as_of)


@given(
    st.lists(
        st.one_of(
            st.none(), cst.month_ends(1803, 2100), st.dates(date(1803, 1, 1), date(2100, 12, 31))
        ),
        min_size=1,
        max_size=40,
    ),
    st.one_of(cst.month_ends(1803, 2100), st.dates(date(1803, 1, 1), date(2100, 12, 31))),
)
def test_habilitation_purges_in_duckdb_are_the_rule(
    duck: DuckDB, days: list[date | None], as_of: date
) -> None:
    check_habilitation_purges(duck, list(enumerate(days)), as_of)


# Python reads the zones of its tz database (tzdata, or the system's); DuckDB those of
# ICU. They agree on every change of Paris's offset but the first in old releases:
# tzdata 2020.1 (the lower bound, run alone in .ci/run's minimum-versions step) ends
# Paris Mean Time at 00:01 local on 11/03/1911, later ones at 00:00. Where Python's
# data is that old, the tests that compare instants around 1911 with DuckDB stand aside.
OLD_ZONE_DATA = datetime(1911, 3, 10, 23, 51, tzinfo=UTC).astimezone(
    cst.PARIS
).utcoffset() != timedelta(0)
_SAME_ZONE_DATA = pytest.mark.skipif(
    OLD_ZONE_DATA,
    reason="les données de fuseaux de Python (tzdata 2020.1) et de DuckDB diffèrent en 1911",
)


@_SAME_ZONE_DATA
@pytest.mark.parametrize("as_of", [date(2027, 2, 28), date(2026, 8, 31), date(2024, 2, 29)])
def test_thousands_of_purges_in_duckdb_are_the_rule(duck: DuckDB, as_of: date) -> None:
    check_trace_purges(duck, generated_traces(3_000, seed=as_of.toordinal()), as_of)
    check_habilitation_purges(duck, generated_devalidations(3_000, seed=as_of.toordinal()), as_of)


@pytest.mark.parametrize(
    ("query", "made", "as_of", "expected"),
    [
        # 31/08 + 6 months is 28/02: purgeable on 28/02, where the month clips.
        (
            sql.TRACE_PURGE_QUERY,
            "2026-08-31T21:59:59+00:00",
            date(2027, 2, 28),
            [date(2027, 2, 28), True],
        ),
        # 22:00 UTC on 31/08 is 01/09 in Paris: 01/03.
        (
            sql.TRACE_PURGE_QUERY,
            "2026-08-31T22:00:00+00:00",
            date(2027, 2, 28),
            [date(2027, 3, 1), False],
        ),
        (
            sql.TRACE_PURGE_QUERY,
            "2027-08-29T12:00:00+02:00",
            date(2028, 2, 29),
            [date(2028, 2, 29), True],
        ),
        # 29/02 + 6 years is 28/02.
        (
            sql.HABILITATION_PURGE_QUERY,
            date(2024, 2, 29),
            date(2030, 2, 28),
            [date(2030, 2, 28), True],
        ),
        (
            sql.HABILITATION_PURGE_QUERY,
            date(2024, 3, 1),
            date(2030, 2, 28),
            [date(2030, 3, 1), False],
        ),
        (sql.HABILITATION_PURGE_QUERY, None, date(2030, 2, 28), [None, False]),
    ],
)
def test_the_engines_clip_month_ends_as_the_library_does(
    duck: DuckDB, query: str, made: object, as_of: date, expected: list[object]
) -> None:
    if query is sql.TRACE_PURGE_QUERY:
        duck.load(
            "traces", "id INTEGER, made_at TIMESTAMPTZ", [(1, datetime.fromisoformat(str(made)))]
        )
    else:
        duck.load("habilitations", "id INTEGER, devalidated_on DATE", [(1, made)])
    [(number, *answer)] = duck.run(query, [as_of])
    assert (number, answer) == (1, expected)


@pytest.mark.parametrize(
    ("as_of", "last_trace_day", "first_kept", "last_devalidation_day"),
    [
        (date(2027, 2, 28), date(2026, 8, 31), "2026-09-01T00:00:00+02:00", date(2021, 2, 28)),
        (date(2030, 2, 28), date(2029, 8, 31), "2029-09-01T00:00:00+02:00", date(2024, 2, 29)),
        (date(2026, 10, 25), date(2026, 4, 25), "2026-04-26T00:00:00+02:00", date(2020, 10, 25)),
    ],
)
def test_worked_examples_of_the_cutoff_queries(
    duck: DuckDB, as_of: date, last_trace_day: date, first_kept: str, last_devalidation_day: date
) -> None:
    assert duck.run(sql.TRACE_CUTOFF_QUERY, [as_of]) == [
        (last_trace_day, datetime.fromisoformat(first_kept))
    ]
    assert duck.run(sql.HABILITATION_CUTOFF_QUERY, [as_of]) == [(last_devalidation_day,)]


def test_cutoffs_in_duckdb_are_the_library_s(duck: DuckDB) -> None:
    check_cutoffs(duck, cutoff_days(seed=15, count=200))


@_SAME_ZONE_DATA
def test_duckdb_reads_the_paris_day_of_an_instant_as_the_library(duck: DuckDB) -> None:
    """At every change of the Paris offset since 1803, to the microsecond."""
    shifts = [timedelta(microseconds=n) for n in (0, 1, -1)] + [
        timedelta(hours=n) for n in (1, -1, 2, -2)
    ]
    changes = cst.paris_offset_changes()
    assert len(changes) > 150
    check_paris_days(duck, [at + shift for at in changes for shift in shifts])


@_SAME_ZONE_DATA
def test_duckdb_starts_every_paris_day_as_the_library(duck: DuckDB) -> None:
    """Where 00:00 came twice, DuckDB reads it as the second: the queries take the first."""
    second = check_midnights(duck, date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    assert second == list(AMBIGUOUS_MIDNIGHTS)


@pytest.mark.parametrize("name", ["REMINDER_QUERY", "TRACE_CUTOFF_QUERY"])
def test_the_queries_take_the_first_instant_of_a_day_as_the_tests_do(name: str) -> None:
    query = " ".join(getattr(sql, name).split())
    assert (
        "CASE WHEN CAST((midnight - INTERVAL '1 hour') AT TIME ZONE 'Europe/Paris' AS DATE) = "
        in query
    )
    assert "THEN midnight - INTERVAL '1 hour' ELSE midnight END" in query


def test_reminders_counted_in_jours_ouvrables_may_end_on_an_ambiguous_sunday() -> None:
    """A calendar of Monday–Saturday: the day after the delay may be a Sunday, 26/09/1976."""
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'Asia/Tokyo'")
    engine = DuckDB(connection)
    engine.script(sql.CREATE_TABLES)
    ouvrables = WorkingCalendar(kind="ouvrables")
    rows = sql.calendar_rows(1940, 1980, calendars={"metropole": ouvrables})
    engine.load(
        "caf_calendar", "calendar TEXT, day DATE, working BOOLEAN, rank INTEGER, holiday TEXT", rows
    )
    engine.load("caf_department", "department TEXT, calendar TEXT", sql.department_rows())
    sent = [
        datetime(1976, 9, 20, 10, tzinfo=cst.PARIS) + timedelta(hours=hours)
        for hours in range(-72, 72, 5)
    ] + [datetime(1944, 10, 2, 10, tzinfo=cst.PARIS)]
    requests = [(number, "75", at) for number, at in enumerate(sent)]
    engine.load("requests", "id INTEGER, department TEXT, sent_at TIMESTAMPTZ", requests)
    answered: dict[int, datetime] = dict(engine.run(sql.REMINDER_QUERY))
    for number, _, at in requests:
        assert answered[number] == reminder_allowed_from(at, ouvrables).astimezone(UTC), at
    assert datetime(1976, 9, 25, 22, tzinfo=UTC) in answered.values()  # the first 00:00
    assert datetime(1944, 10, 7, 22, tzinfo=UTC) in answered.values()
    connection.close()


def test_docs_and_tests_load_the_same_tables(duck: DuckDB) -> None:
    counted = duck.run("SELECT calendar, COUNT(*), MAX(rank) FROM caf_calendar GROUP BY calendar")
    days = (date(LAST_YEAR + 1, 1, 1) - date(FIRST_YEAR, 1, 1)).days
    assert {key: count for key, count, _ in counted} == dict.fromkeys(
        sql.national_calendars(), days
    )
    assert duck.run("SELECT COUNT(*) FROM caf_department") == [(len(DEPARTMENT_CODES),)]
