"""The queries of caf_contract.sql in a real PostgreSQL server, every row against the scalar rules.

Marked ``postgres``: the regular run leaves them out and says so at its end; run them
with a throwaway server (``.ci/run`` does, every time):

    bash .ci/with-postgres .venv/bin/python -m pytest -m postgres --no-cov

They need ``CAF_CONTRACT_POSTGRES`` (a libpq connection string, which
``.ci/with-postgres`` exports) and psycopg 3 (``pip install -e '.[postgres]'``): selected
without either, they fail; they never skip. Each run works in a schema of its own,
dropped at the end.
"""

from __future__ import annotations

import doctest
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from caf_contract import DEPARTMENT_CODES, sql
from tests import strategies as cst
from tests.docs_examples import FLAGS, ROOT
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

if TYPE_CHECKING:
    import psycopg

pytestmark = pytest.mark.postgres

DSN = "CAF_CONTRACT_POSTGRES"
REQUESTS = 100_000
HOW_TO_RUN = "bash .ci/with-postgres .venv/bin/python -m pytest -m postgres --no-cov"


class Postgres:
    """A psycopg 3 connection whose cursors take ``$1`` (``RawCursor``); tables load by COPY."""

    def __init__(self, connection: psycopg.Connection[Row]) -> None:
        self.connection = connection

    def run(self, query: str, parameters: Sequence[object] = ()) -> list[Row]:
        with self.connection.cursor() as cursor:
            cursor.execute(query, list(parameters) or None)
            return cursor.fetchall()

    def script(self, statements: str) -> None:
        self.connection.execute(statements)

    def load(self, table: str, columns: str, rows: Sequence[Row]) -> None:
        # The table and its columns are the tests' own, never data.
        self.connection.execute(f"DROP TABLE IF EXISTS {table}")
        self.connection.execute(f"CREATE TABLE {table} ({columns})")
        self.copy(table, rows)

    def copy(self, table: str, rows: Sequence[Row]) -> None:
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def set_time_zone(self, zone: str) -> None:
        self.run("SELECT set_config('TimeZone', $1, false)", [zone])


def _connect(dsn: str) -> psycopg.Connection[Row]:
    try:
        import psycopg  # noqa: PLC0415  # the extra postgres: only where these tests run
    except ImportError:
        pytest.fail(
            "psycopg n'est pas installé : ces tests en ont besoin ; "
            "attendu : .venv/bin/python -m pip install -e '.[postgres]'",
            pytrace=False,
        )
    return psycopg.connect(dsn, autocommit=True, cursor_factory=psycopg.RawCursor)


@pytest.fixture(scope="module")
def dsn() -> str:
    """The server's connection string; its absence fails the tests that were asked for."""
    found = os.environ.get(DSN, "")
    if not found.strip():
        pytest.fail(
            f"{DSN} n'est pas défini : les tests PostgreSQL demandent un serveur ; "
            f"attendu : {HOW_TO_RUN}",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="module")
def schema(dsn: str) -> Iterator[str]:
    """A schema of this run's own (the server may be a developer's), dropped at the end."""
    name = f"caf_contract_test_{secrets.token_hex(4)}"
    with _connect(dsn) as connection:
        connection.execute(f"CREATE SCHEMA {name}")
        try:
            yield name
        finally:
            connection.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(scope="module")
def postgres(dsn: str, schema: str) -> Iterator[Postgres]:
    """The national calendars of every supported year, loaded by COPY as docs/bulk.md does.

    The session's time zone is not Paris's: the answers must not depend on it.
    """
    with _connect(dsn) as connection:
        connection.execute(f"SET search_path TO {schema}")
        connection.execute("SET TimeZone TO 'America/Los_Angeles'")
        engine = Postgres(connection)
        engine.script(sql.CREATE_TABLES)
        engine.copy("caf_calendar", sql.calendar_rows(FIRST_YEAR, LAST_YEAR))
        engine.copy("caf_department", sql.department_rows())
        yield engine


def test_the_server_is_postgresql_15_on_a_unix_socket(postgres: Postgres) -> None:
    [(version,)] = postgres.run("SHOW server_version")
    assert version.split(".")[0] == "15"
    [(zone,)] = postgres.run("SHOW TimeZone")
    assert zone == "America/Los_Angeles"
    [(days, calendars)] = postgres.run(
        "SELECT COUNT(*), COUNT(DISTINCT calendar) FROM caf_calendar"
    )
    assert calendars == len(sql.national_calendars())
    assert days == calendars * (date(LAST_YEAR + 1, 1, 1) - date(FIRST_YEAR, 1, 1)).days


def test_100_000_reminders_in_postgresql_are_the_rule_whatever_the_session_zone(
    postgres: Postgres,
) -> None:
    requests = generated_requests(REQUESTS, seed=2026)
    assert {department for _, department, _ in requests} == DEPARTMENT_CODES
    try:
        for zone in SESSION_ZONES:
            postgres.set_time_zone(zone)
            assert check_reminders(postgres, requests) == REQUESTS
    finally:
        postgres.set_time_zone("America/Los_Angeles")


@pytest.mark.parametrize("as_of", [date(2027, 2, 28), date(2028, 2, 29), date(2026, 8, 31)])
def test_100_000_purges_in_postgresql_are_the_rule(postgres: Postgres, as_of: date) -> None:
    check_trace_purges(postgres, generated_traces(REQUESTS, seed=as_of.toordinal()), as_of)
    devalidations = generated_devalidations(REQUESTS, seed=as_of.toordinal())
    check_habilitation_purges(postgres, devalidations, as_of)


def test_cutoffs_in_postgresql_are_the_library_s(postgres: Postgres) -> None:
    check_cutoffs(postgres, cutoff_days(seed=2026, count=1_000))


def test_postgresql_reads_the_paris_day_of_an_instant_as_the_library(postgres: Postgres) -> None:
    shifts = [timedelta(microseconds=n) for n in (0, 1, -1)] + [
        timedelta(hours=n) for n in (1, -1, 2, -2)
    ]
    check_paris_days(
        postgres, [at + shift for at in cst.paris_offset_changes() for shift in shifts]
    )


def test_postgresql_starts_every_paris_day_as_the_library(postgres: Postgres) -> None:
    """Where 00:00 came twice, PostgreSQL reads it as the second: the queries take the first."""
    second = check_midnights(postgres, date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    assert second == list(AMBIGUOUS_MIDNIGHTS)


def test_the_postgresql_recipe_of_the_docs_runs_as_shown(dsn: str, schema: str) -> None:
    """docs/bulk.md's PostgreSQL example, in a schema of its own, against this server."""
    page = (ROOT / "docs" / "bulk.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(>>> import psycopg\n.*?)```", page, flags=re.DOTALL)
    assert len(blocks) == 1
    recipe_schema = f"{schema}_recipe"
    with _connect(dsn) as connection:
        connection.execute(f"CREATE SCHEMA {recipe_schema}")
    try:
        namespace: dict[str, Any] = {"dsn": f"{dsn} options='-c search_path={recipe_schema}'"}
        example = doctest.DocTestParser().get_doctest(
            blocks[0], namespace, "docs/bulk.md (PostgreSQL)", str(Path("docs/bulk.md")), 0
        )
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        runner.run(example)
        assert runner.failures == 0, "the PostgreSQL example of docs/bulk.md fails (see above)"
    finally:
        with _connect(dsn) as connection:
            connection.execute(f"DROP SCHEMA {recipe_schema} CASCADE")
