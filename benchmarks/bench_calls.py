"""One call at a time: the calendar and the reminder against their floors, side by side.

Run (outside the test suite)::

    python benchmarks/bench_calls.py                 # 10,000 dates, 31 rounds
    python benchmarks/bench_calls.py --dates 5000 --rounds 5

Every case answers the same questions on the same random days (2000–2040, seeded),
as dates and as aware datetimes (random instants of those days, in Paris time and in
UTC), in plain loops that discard the answers. The cases run round-robin and the
median of the rounds is kept, so that a machine busy for a moment penalises every
case alike, and the best round beside it (on a machine shared with other jobs, the
least disturbed); figures are ns per call, ratios are measured in this one run.

- The floor: the same algorithm written inline in the loop over two Python lists
  (cumulative counts and working days as ``date`` objects), the tables the library
  held before it made them compact; then the same inline over the compact tables
  (``array`` of ordinals, each answer made a ``date`` by ``date.fromordinal``).
- ``WorkingCalendar(department="57")`` for a department already seen.
- Memory of a table over 1803–2100 (metropolitan, jours ouvrés), measured with
  ``tracemalloc``: the table alone, and the holiday data beside it.
- Rebuilds: a walk of one date a year from 2095 down to 1803, then up from 1803 to
  2100, counting calls to the table builder, and the time of each walk against the
  time of building the whole range at once.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from array import array
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from caf_contract import WorkingCalendar, reminder_allowed_from
from caf_contract import calendar as calendar_module
from caf_contract._time import PARIS
from caf_contract.calendar import clear_caches

Case = Callable[[], object]
FIRST, LAST = 1803, 2100

CALL = "floor: a method call that does nothing"

FLOOR = "floor add: inline, two list indexes"
COMPACT_FLOOR = "floor add: inline, compact arrays + fromordinal"
BETWEEN_FLOOR = "floor between: inline, two list indexes"
ADD = "add_working_days(date, 5)"
ADD_PARIS = "add_working_days(Paris datetime, 5)"
ADD_UTC = "add_working_days(UTC datetime, 5)"
BETWEEN = "working_days_between(date, date)"
REMINDER = "reminder_allowed_from(date)"
REMINDER_PARIS = "reminder_allowed_from(Paris datetime)"
REMINDER_UTC = "reminder_allowed_from(UTC datetime)"
RATIOS = (
    (ADD, FLOOR),
    (ADD, COMPACT_FLOOR),
    (BETWEEN, BETWEEN_FLOOR),
    (REMINDER, ADD),
    (REMINDER_PARIS, ADD_PARIS),
    (REMINDER_PARIS, ADD),
    (REMINDER_UTC, ADD_UTC),
    (REMINDER_UTC, ADD),
)


def _run(cases: dict[str, Case], rounds: int, calls: int) -> dict[str, tuple[float, float]]:
    """ns per call of each case: the median of the rounds, and the best round."""
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            started = time.perf_counter_ns()
            case()
            timings[name].append((time.perf_counter_ns() - started) / calls)
    return {name: (statistics.median(values), min(values)) for name, values in timings.items()}


class _Nothing:
    __slots__ = ()

    def call(self, day: date, n: int) -> date:  # noqa: ARG002  # the shape of the call measured
        return day


def _lists(calendar: WorkingCalendar) -> tuple[int, int, list[int], list[date]]:
    """The floor's tables, as the library held them before: two Python lists."""
    days = [
        date(FIRST, 1, 1) + timedelta(days=k)
        for k in range((date(LAST + 1, 1, 1) - date(FIRST, 1, 1)).days)
    ]
    cumulative: list[int] = []
    working: list[date] = []
    for day in days:
        if calendar.is_working_day(day):
            working.append(day)
        cumulative.append(len(working))
    return days[0].toordinal(), len(days), cumulative, working


def calls(count: int, rounds: int, seed: int) -> dict[str, tuple[float, float]]:  # noqa: C901, PLR0915  # one script, read top down
    rng = random.Random(seed)
    days = [date(2000, 1, 1) + timedelta(days=rng.randrange(41 * 365)) for _ in range(count)]
    ends = [day + timedelta(days=rng.randrange(91)) for day in days]
    pairs = list(zip(days, ends, strict=True))
    in_paris = [
        datetime.combine(day, clock(rng.randrange(24), rng.randrange(60)), tzinfo=PARIS)
        for day in days
    ]
    in_utc = [moment.astimezone(UTC) for moment in in_paris]

    calendar = WorkingCalendar()
    calendar.working_days_between(date(FIRST, 1, 1), date(LAST, 12, 31))  # the whole range
    base, size, cumulative, working = _lists(calendar)
    compact_cumulative = array("i", cumulative)
    compact_working = array("i", [day.toordinal() for day in working])
    day_of = date.fromordinal

    # Correctness first: every floor gives the library's answers.
    expected = [calendar.add_working_days(day, 5) for day in days]
    if (
        [working[cumulative[day.toordinal() - base] + 4] for day in days] != expected
        or [day_of(compact_working[compact_cumulative[day.toordinal() - base] + 4]) for day in days]
        != expected
        or [calendar.add_working_days(moment, 5) for moment in in_utc]
        != [calendar.add_working_days(moment.astimezone(PARIS).date(), 5) for moment in in_utc]
        or [calendar.working_days_between(start, end) for start, end in pairs]
        != [
            cumulative[end.toordinal() - base] - cumulative[start.toordinal() - base]
            for start, end in pairs
        ]
    ):
        print("a floor disagrees with the library: figures void")
        raise SystemExit(1)

    add = calendar.add_working_days
    between = calendar.working_days_between
    reminder = reminder_allowed_from

    nothing = _Nothing().call

    def floor_call() -> None:
        for day in days:
            nothing(day, 5)

    def floor_add() -> None:
        for day in days:
            working[cumulative[day.toordinal() - base] + 5 - 1]

    def floor_add_checked() -> None:
        n = 5
        for day in days:
            index = day.toordinal() - base
            if 0 <= index < size and n > 0:
                position = cumulative[index] + n - 1
                if position < len(working):
                    working[position]

    def floor_add_compact() -> None:
        for day in days:
            day_of(compact_working[compact_cumulative[day.toordinal() - base] + 5 - 1])

    def add_dates() -> None:
        for day in days:
            add(day, 5)

    def add_paris() -> None:
        for moment in in_paris:
            add(moment, 5)

    def add_utc() -> None:
        for moment in in_utc:
            add(moment, 5)

    def floor_between() -> None:
        for start, end in pairs:
            cumulative[end.toordinal() - base] - cumulative[start.toordinal() - base]

    def between_dates() -> None:
        for start, end in pairs:
            between(start, end)

    def reminder_dates() -> None:
        for day in days:
            reminder(day)

    def reminder_paris() -> None:
        for moment in in_paris:
            reminder(moment)

    def reminder_utc() -> None:
        for moment in in_utc:
            reminder(moment)

    def construct() -> None:
        for _ in days:
            WorkingCalendar(department="57")

    WorkingCalendar(department="57")  # seen once
    cases: dict[str, Case] = {
        CALL: floor_call,
        FLOOR: floor_add,
        "floor add: inline, two list indexes, checks": floor_add_checked,
        COMPACT_FLOOR: floor_add_compact,
        ADD: add_dates,
        ADD_PARIS: add_paris,
        ADD_UTC: add_utc,
        BETWEEN_FLOOR: floor_between,
        BETWEEN: between_dates,
        REMINDER: reminder_dates,
        REMINDER_PARIS: reminder_paris,
        REMINDER_UTC: reminder_utc,
        'WorkingCalendar(department="57"), seen': construct,
    }
    return _run(cases, rounds, count)


def memory() -> dict[str, float]:
    """Bytes held by one table over 1803–2100, and by the holiday data it was built from."""
    clear_caches()
    calendar = WorkingCalendar()
    calendar.is_working_day(date(2026, 1, 1))  # imports holidays: not counted
    clear_caches()
    calendar = WorkingCalendar()
    table = calendar._table  # noqa: SLF001  # what is measured
    tracemalloc.start()
    table.book.cover(FIRST, LAST)
    book = tracemalloc.get_traced_memory()[0]
    table.cover(FIRST, LAST)
    whole = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return {"holiday data (MB)": book / 1e6, "table (MB)": (whole - book) / 1e6}


def walks() -> dict[str, float]:
    """Rebuilds and time of walks one date a year, against building the range at once."""
    build = calendar_module._build  # noqa: SLF001  # counted
    builds: list[int] = []

    def counted(*args: object) -> object:
        builds.append(1)
        return build(*args)  # type: ignore[arg-type]

    results: dict[str, float] = {}
    calendar_module._build = counted  # type: ignore[assignment]  # noqa: SLF001
    try:
        for name, years in (
            ("2095 → 1803", range(2095, FIRST - 1, -1)),
            ("1803 → 2100", range(FIRST, LAST + 1)),
        ):
            clear_caches()
            WorkingCalendar().is_working_day(date(2026, 1, 1))  # holidays imported: not counted
            clear_caches()
            calendar = WorkingCalendar()
            builds.clear()
            started = time.perf_counter()
            for year in years:
                calendar.is_working_day(date(year, 6, 15))
            results[f"walk {name}: rebuilds"] = len(builds)
            results[f"walk {name}: ms"] = (time.perf_counter() - started) * 1000
        clear_caches()
        calendar = WorkingCalendar()
        started = time.perf_counter()
        calendar.working_days_between(date(FIRST, 1, 1), date(LAST, 12, 31))
        results["built at once 1803–2100: ms"] = (time.perf_counter() - started) * 1000
    finally:
        calendar_module._build = build  # noqa: SLF001
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--seed", type=int, default=20261124)
    options = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]}, {options.dates} dates, {options.rounds} rounds")
    results = calls(options.dates, options.rounds, options.seed)
    floor, add = results[FLOOR][0], results[ADD][0]
    print(f"\n{'ns per call':<50} {'median':>7} {'× floor':>8} {'× add':>7} {'best':>6}")
    for name, (value, best) in results.items():
        print(
            f"{name:<50} {value:>7,.0f} {value / floor:>7.2f}× {value / add:>6.2f}× {best:>6,.0f}"
        )
    print("\nratios the issue asks for (target ≤ 1.5), of the medians (of the best rounds):")
    for numerator, denominator in RATIOS:
        (top, best_top), (bottom, best_bottom) = results[numerator], results[denominator]
        print(f"  {numerator} / {denominator}: {top / bottom:.2f} ({best_top / best_bottom:.2f})")
    print()
    for name, value in {**memory(), **walks()}.items():
        print(f"{name:<50} {value:>10,.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
