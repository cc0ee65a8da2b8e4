"""Working-day arithmetic: caf_contract against workalendar, numpy and a holidays loop.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_calendar.py            # 20,000 dates, 7 rounds
    python benchmarks/bench_calendar.py --dates 5000 --rounds 3

Every approach answers the same questions on the same random dates (2000–2040,
seeded): ``add_working_days(d, 5)`` and the number of working days in ``(d, d + k]``
for k in 0–90. The cases run round-robin, and the median of the rounds is kept, so
that a machine busy for a moment penalises every case alike. Figures are ns per
call; ratios are against caf_contract's own call.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import holidays
import numpy as np
from workalendar.europe import France

from caf_contract import WorkingCalendar

Case = Callable[[], object]


def _time(case: Case) -> float:
    start = time.perf_counter_ns()
    case()
    return time.perf_counter_ns() - start


def _run(cases: dict[str, Case], rounds: int, calls: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            timings[name].append(_time(case) / calls)
    return {name: statistics.median(values) for name, values in timings.items()}


def _report(title: str, results: dict[str, float], reference: str) -> None:
    print(f"\n{title}")
    print(f"{'approach':<48} {'ns/call':>10} {'× ours':>10}")
    base = results[reference]
    for name, value in sorted(results.items(), key=lambda item: item[1]):
        print(f"{name:<48} {value:>10,.0f} {value / base:>9.1f}×")


def main(argv: list[str] | None = None) -> int:  # noqa: C901, PLR0915  # one script, read top down
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dates", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261124)
    options = parser.parse_args(argv)

    rng = random.Random(options.seed)
    first = date(2000, 1, 1)
    days = [first + timedelta(days=rng.randrange(0, 41 * 365)) for _ in range(options.dates)]
    spans = [day + timedelta(days=rng.randrange(0, 91)) for day in days]
    pairs = list(zip(days, spans, strict=True))
    count = len(days)

    # --- first use: import and table building (not in the per-call figures)
    started = time.perf_counter()
    ours = WorkingCalendar()
    ours.add_working_days(date(2020, 1, 1), 5)
    first_use_ms = (time.perf_counter() - started) * 1000
    ours.working_days_between(date(1999, 1, 1), date(2042, 1, 1))  # the whole range, warm

    off = holidays.country_holidays("FR", years=range(1999, 2043))
    off_days = frozenset(off)
    calendar = np.busdaycalendar(
        weekmask="1111100", holidays=np.array(sorted(off_days), dtype="datetime64[D]")
    )
    workalendar = France()
    days64 = np.array(days, dtype="datetime64[D]")
    starts64 = days64 + 1
    ends64 = np.array(spans, dtype="datetime64[D]") + 1
    one_day = timedelta(days=1)

    def loop_add(day: date, n: int) -> date:
        while n:
            day += one_day
            if day.weekday() < 5 and day not in off_days:
                n -= 1
        return day

    def loop_between(start: date, end: date) -> int:
        total, day = 0, start
        while day < end:
            day += one_day
            if day.weekday() < 5 and day not in off_days:
                total += 1
        return total

    # --- correctness first: every approach must give the same answers
    expected = [ours.add_working_days(day, 5) for day in days]
    numpy_answers = np.busday_offset(days64, 5, roll="backward", busdaycal=calendar).astype(object)
    if list(numpy_answers) != expected or [loop_add(day, 5) for day in days] != expected:
        print("numpy or the holidays loop disagrees with caf_contract: figures void")
        return 1
    workalendar_differences = sum(
        workalendar.add_working_days(day, 5) != answer
        for day, answer in zip(days, expected, strict=True)
    )

    add = ours.add_working_days
    wa_add = workalendar.add_working_days
    offset = np.busday_offset

    # Plain loops that discard the answer: the same loop overhead for every case.
    def ours_add() -> None:
        for day in days:
            add(day, 5)

    def numpy_add_dates() -> None:
        for day in days:
            offset(day, 5, roll="backward", busdaycal=calendar).item()

    def numpy_add_datetime64() -> None:
        for day in days64:
            offset(day, 5, roll="backward", busdaycal=calendar)

    def loop_add_all() -> None:
        for day in days:
            loop_add(day, 5)

    def workalendar_add() -> None:
        for day in days:
            wa_add(day, 5)

    add_cases: dict[str, Case] = {
        "caf_contract add_working_days": ours_add,
        "numpy busday_offset, scalar, date in and out": numpy_add_dates,
        "numpy busday_offset, scalar, datetime64": numpy_add_datetime64,
        "numpy busday_offset, vectorised (per date)": lambda: offset(
            days64, 5, roll="backward", busdaycal=calendar
        ),
        "holidays frozenset + day loop": loop_add_all,
        "workalendar add_working_days": workalendar_add,
    }

    between = ours.working_days_between
    count_days = np.busday_count
    wa_delta = workalendar.get_working_days_delta
    tenth = pairs[: max(count // 10, 1)]

    def ours_between() -> None:
        for start, end in pairs:
            between(start, end)

    def numpy_between_dates() -> None:
        for start, end in pairs:
            count_days(start + one_day, end + one_day, busdaycal=calendar)

    def loop_between_all() -> None:
        for start, end in pairs:
            loop_between(start, end)

    def workalendar_between() -> None:
        for start, end in tenth:
            wa_delta(start, end)

    between_cases: dict[str, Case] = {
        "caf_contract working_days_between": ours_between,
        "numpy busday_count, scalar, date in": numpy_between_dates,
        "numpy busday_count, vectorised (per pair)": lambda: count_days(
            starts64, ends64, busdaycal=calendar
        ),
        "holidays frozenset + day loop": loop_between_all,
        "workalendar get_working_days_delta": workalendar_between,
    }

    add_results = _run(add_cases, options.rounds, count)
    between_results = _run(between_cases, options.rounds, count)
    # workalendar's delta is run on a tenth of the pairs (it is slow): scale back per call.
    between_results["workalendar get_working_days_delta"] *= count / len(tenth)

    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "dates": count,
        "rounds": options.rounds,
        "first use (import holidays + build table), ms": round(first_use_ms, 1),
        "workalendar answers differing (Pentecost 2005-2007)": workalendar_differences,
    }
    for key, value in info.items():
        print(f"{key}: {value}")
    _report("add_working_days(d, 5)", add_results, "caf_contract add_working_days")
    _report("working days in (d, d + 0..90]", between_results, "caf_contract working_days_between")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
