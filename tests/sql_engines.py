"""What the DuckDB and PostgreSQL tests share: the engines behind one face, the data, the oracle.

Each engine loads the tables of :mod:`caf_contract.sql` and runs its queries; the checks
here compare every row they answer with the scalar rules of the library:
:func:`~caf_contract.escalation.reminder_allowed_from` with the department's calendar,
:func:`~caf_contract.retention.trace_purge_date`,
:func:`~caf_contract.retention.habilitation_purge_date` and the retention cutoffs.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from caf_contract import (
    UnsupportedYearError,
    WorkingCalendar,
    habilitation_purge_date,
    habilitation_retention_cutoff,
    reminder_allowed_from,
    sql,
    trace_purge_date,
    trace_retention_cutoff,
    trace_retention_cutoff_instant,
)
from caf_contract._time import start_of_paris_day
from caf_contract.parties import DEPARTMENT_CODES
from tests.strategies import PARIS, ZONES, paris_offset_changes

FIRST_YEAR, LAST_YEAR = 1803, 2100
"""The years of the holiday data: the calendar tables hold all of them."""

# Time zones a session may have, none of them Paris's: the answers must not move.
SESSION_ZONES = ("America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC")

Row = tuple[Any, ...]


class Engine(Protocol):
    """An SQL engine as the checks drive it."""

    def run(self, query: str, parameters: Sequence[object] = ()) -> list[Row]:
        """The rows ``query`` answers (``$1``… bound to ``parameters``)."""

    def script(self, statements: str) -> None:
        """Run statements, no parameter, nothing answered (:data:`caf_contract.sql.CREATE_TABLES`)."""

    def load(self, table: str, columns: str, rows: Sequence[Row]) -> None:
        """(Re)create ``table`` with ``columns`` (``"id INTEGER, at TIMESTAMPTZ"``), fill it."""

    def set_time_zone(self, zone: str) -> None:
        """Set the session's time zone."""


REQUESTS = "id INTEGER, department TEXT, sent_at TIMESTAMPTZ"
TRACES = "id INTEGER, made_at TIMESTAMPTZ"
HABILITATIONS = "id INTEGER, devalidated_on DATE"


# --- the oracle


def expected_reminder(department: str, sent_at: datetime) -> datetime | None:
    """The scalar rule; ``None`` (SQL's NULL) where the holiday data ends."""
    try:
        return reminder_allowed_from(sent_at, WorkingCalendar(department))
    except UnsupportedYearError:
        return None


def check_reminders(engine: Engine, requests: Sequence[tuple[int, str, datetime]]) -> int:
    """Run :data:`~caf_contract.sql.REMINDER_QUERY` over ``requests``; every row must agree.

    Returns how many rows were compared.
    """
    engine.load("requests", REQUESTS, requests)
    answered = dict(_pairs(engine.run(sql.REMINDER_QUERY)))
    assert len(answered) == len(requests)
    wrong = [
        (department, sent_at, answered[number], expected)
        for number, department, sent_at in requests
        if not _same_instant(answered[number], expected := expected_reminder(department, sent_at))
    ]
    assert not wrong, f"{len(wrong)} rows differ, the first: {wrong[:5]}"
    return len(requests)


def check_trace_purges(engine: Engine, traces: Sequence[tuple[int, datetime]], as_of: date) -> None:
    """:data:`~caf_contract.sql.TRACE_PURGE_QUERY` against :func:`trace_purge_date`."""
    engine.load("traces", TRACES, traces)
    answered = {number: rest for number, *rest in engine.run(sql.TRACE_PURGE_QUERY, [as_of])}
    assert len(answered) == len(traces)
    wrong = []
    for number, made_at in traces:
        purge_on = trace_purge_date(made_at)
        if answered[number] != [purge_on, purge_on <= as_of]:
            wrong.append((made_at, as_of, answered[number], purge_on))
    assert not wrong, f"{len(wrong)} rows differ, the first: {wrong[:5]}"


def check_habilitation_purges(
    engine: Engine, habilitations: Sequence[tuple[int, date | None]], as_of: date
) -> None:
    """:data:`~caf_contract.sql.HABILITATION_PURGE_QUERY` against :func:`habilitation_purge_date`."""
    engine.load("habilitations", HABILITATIONS, habilitations)
    answered = {number: rest for number, *rest in engine.run(sql.HABILITATION_PURGE_QUERY, [as_of])}
    assert len(answered) == len(habilitations)
    wrong = []
    for number, devalidated_on in habilitations:
        purge_on = None if devalidated_on is None else habilitation_purge_date(devalidated_on)
        expected = [purge_on, purge_on is not None and purge_on <= as_of]
        if answered[number] != expected:
            wrong.append((devalidated_on, as_of, answered[number], expected))
    assert not wrong, f"{len(wrong)} rows differ, the first: {wrong[:5]}"


def check_cutoffs(engine: Engine, days: Sequence[date]) -> None:
    """Both cutoff queries, for each day as ``as_of``, against the library's cutoffs."""
    wrong = []
    for as_of in days:
        [(last_trace_day, first_kept)] = engine.run(sql.TRACE_CUTOFF_QUERY, [as_of])
        [(last_devalidation_day,)] = engine.run(sql.HABILITATION_CUTOFF_QUERY, [as_of])
        if (
            last_trace_day != trace_retention_cutoff(as_of)
            or not _same_instant(first_kept, trace_retention_cutoff_instant(as_of))
            or last_devalidation_day != habilitation_retention_cutoff(as_of)
        ):
            wrong.append((as_of, last_trace_day, first_kept, last_devalidation_day))
    assert not wrong, f"{len(wrong)} days differ, the first: {wrong[:5]}"


PARIS_DAY_QUERY = """\
SELECT id, CAST(moment AT TIME ZONE 'Europe/Paris' AS DATE) AS paris_day FROM instants
"""
"""The Paris day of an instant, as the queries of :mod:`caf_contract.sql` take it."""

MIDNIGHT_QUERY = """\
SELECT
    id,
    CASE
        WHEN CAST((midnight - INTERVAL '1 hour') AT TIME ZONE 'Europe/Paris' AS DATE) = day
        THEN midnight - INTERVAL '1 hour'
        ELSE midnight
    END AS first_instant
FROM (
    SELECT id, day, CAST(day AS TIMESTAMP) AT TIME ZONE 'Europe/Paris' AS midnight FROM days
) AS midnights
"""
"""The first instant of a Paris day, as the queries of :mod:`caf_contract.sql` make it."""

ENGINE_MIDNIGHT_QUERY = """\
SELECT id, CAST(day AS TIMESTAMP) AT TIME ZONE 'Europe/Paris' AS midnight FROM days
"""
"""00:00 Europe/Paris of a day as the engine reads it: where it came twice, the second."""


def check_paris_days(engine: Engine, instants: Sequence[datetime]) -> None:
    """The engine's Paris day of each instant is the library's."""
    engine.load("instants", "id INTEGER, moment TIMESTAMPTZ", list(enumerate(instants)))
    answered = dict(_pairs(engine.run(PARIS_DAY_QUERY)))
    wrong = [
        (at, answered[number])
        for number, at in enumerate(instants)
        if answered[number] != at.astimezone(PARIS).date()
    ]
    assert not wrong, f"{len(wrong)} instants differ, the first: {wrong[:5]}"


# The Paris days that two instants start: 00:00 came twice (01:00 summer time went back).
AMBIGUOUS_MIDNIGHTS = (date(1944, 10, 8), date(1976, 9, 26))


def check_midnights(engine: Engine, first: date, last: date) -> list[date]:
    """The queries' first instant of every Paris day from ``first`` to ``last`` is the library's.

    Returns the days where the engine's own reading of 00:00 is the second of two.
    """
    days = [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
    engine.load("days", "id INTEGER, day DATE", list(enumerate(days)))
    answered = dict(_pairs(engine.run(MIDNIGHT_QUERY)))
    wrong = [
        (day, answered[number])
        for number, day in enumerate(days)
        if not _same_instant(answered[number], start_of_paris_day(day))
    ]
    assert not wrong, f"{len(wrong)} days differ, the first: {wrong[:5]}"
    plain = dict(_pairs(engine.run(ENGINE_MIDNIGHT_QUERY)))
    return [
        day
        for number, day in enumerate(days)
        if not _same_instant(plain[number], start_of_paris_day(day))
    ]


def _pairs(rows: list[Row]) -> list[tuple[Any, Any]]:
    return [(first, second) for first, second in rows]


def _same_instant(answered: object, expected: datetime | None) -> bool:
    """Equal as instants (``None`` with ``None``), whatever the zone each is written in.

    Compared in UTC: Python finds an ambiguous wall clock (00:00 on 26/09/1976 in Paris,
    fold 0) unequal to every datetime of another zone, the very same instant included.
    """
    if answered is None or expected is None:
        return answered is None and expected is None
    return (
        isinstance(answered, datetime)
        and answered.utcoffset() is not None
        and answered.astimezone(UTC) == expected.astimezone(UTC)
    )


# --- generated data, seeded: the same rows at every run


def _random_instant(rng: random.Random) -> datetime:
    """An instant where the Paris day is easily got wrong, in a zone drawn too."""
    first = datetime(FIRST_YEAR - 1, 12, 31, 12, tzinfo=UTC)
    span = (datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC) - first) // timedelta(seconds=1)
    kind = rng.randrange(6)
    if kind == 0:  # anywhere
        moment = first + timedelta(seconds=rng.randrange(span), microseconds=rng.randrange(10**6))
    elif kind == 1:  # late evening UTC: already the next day in Paris
        noon = first + timedelta(days=rng.randrange(span // 86400))
        moment = noon.replace(hour=rng.randrange(21, 24), minute=rng.randrange(60))
    elif kind in {2, 3}:  # around a Paris midnight: a month's end, or 29 February
        year, month = rng.randrange(FIRST_YEAR, LAST_YEAR + 1), rng.randrange(1, 13)
        if kind == 3:
            year, month = year - year % 4, 2  # 1900 and 2100 are no leap years: 28/02
        day = date(year, month, calendar.monthrange(year, month)[1])
        midnight = datetime.combine(day, time(0), tzinfo=PARIS) + timedelta(days=rng.randrange(2))
        moment = midnight + _near(rng)
    elif kind == 4:  # around a change of the Paris offset (DST, 1911, the war years)
        moment = rng.choice(paris_offset_changes()) + _near(rng)
    else:  # around a Paris midnight, any day
        day = date.fromordinal(date(FIRST_YEAR, 1, 1).toordinal() + rng.randrange(span // 86400))
        moment = datetime.combine(day, time(0), tzinfo=PARIS) + _near(rng)
    return moment.astimezone(rng.choice(ZONES))


def _near(rng: random.Random) -> timedelta:
    """None, a microsecond or a second either way, or up to three hours."""
    if rng.randrange(2):
        return rng.choice([timedelta(0), timedelta(microseconds=1), timedelta(seconds=1)]) * (
            rng.choice([-1, 1])
        )
    return timedelta(minutes=rng.randint(-180, 180), seconds=rng.randrange(60))


def generated_requests(count: int, *, seed: int) -> list[tuple[int, str, datetime]]:
    """``count`` requests (id, department, sent_at) over every department and supported year."""
    rng = random.Random(seed)  # noqa: S311  # test data, not secrets
    departments = sorted(DEPARTMENT_CODES)
    return [(number, rng.choice(departments), _random_instant(rng)) for number in range(count)]


def generated_traces(count: int, *, seed: int) -> list[tuple[int, datetime]]:
    """``count`` traces (id, made_at)."""
    rng = random.Random(seed)  # noqa: S311  # test data, not secrets
    return [(number, _random_instant(rng)) for number in range(count)]


def generated_devalidations(count: int, *, seed: int) -> list[tuple[int, date | None]]:
    """``count`` habilitations (id, devalidated_on), month ends and 29/02 often, some None."""
    rng = random.Random(seed)  # noqa: S311  # test data, not secrets
    rows: list[tuple[int, date | None]] = []
    for number in range(count):
        kind = rng.randrange(4)
        if kind == 0:
            rows.append((number, None))
            continue
        year, month = rng.randrange(FIRST_YEAR, LAST_YEAR + 1), rng.randrange(1, 13)
        last = calendar.monthrange(year, month)[1]
        day = last if kind == 1 else rng.randrange(1, last + 1)
        if kind == 2 and calendar.isleap(year):
            month, day = 2, 29
        rows.append((number, date(year, month, day)))
    return rows


def cutoff_days(*, seed: int, count: int) -> list[date]:
    """Every day of 2023 to 2025 (month ends, 29/02/2024), and ``count`` others.

    With those whose first instant kept starts an :data:`AMBIGUOUS_MIDNIGHTS` day.
    """
    rng = random.Random(seed)  # noqa: S311  # test data, not secrets
    every = [
        date.fromordinal(n)
        for n in range(date(2023, 1, 1).toordinal(), date(2025, 12, 31).toordinal() + 1)
    ]
    low, high = date(FIRST_YEAR, 1, 1).toordinal(), date(LAST_YEAR, 12, 31).toordinal()
    ambiguous = [date(1945, 4, 7), date(1945, 4, 8), date(1977, 3, 25), date(1977, 3, 26)]
    return every + ambiguous + [date.fromordinal(rng.randint(low, high)) for _ in range(count)]
