"""Whole columns: caf_contract.bulk against the scalar loop, numpy's busday_offset and polars.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_bulk.py                          # 1,000,000 requests, 10,000,000 traces
    python benchmarks/bench_bulk.py --requests 200000 --traces 1000000 --rounds 3

1. ``--requests`` aware request instants (seeded, uniform over 2020–2030, a pandas
   Series in Europe/Paris time, as a store returns them), each with a department drawn
   from all of them, give their Art. 3.3 reminder instant:

   - ``caf_contract.bulk.reminder_allowed_from`` with the department column, on the
     pandas Series (departments as pandas's default text, and as a category) and on
     the same instants as numpy UTC ``datetime64[us]`` (departments as numpy text);
   - the same for one department (Moselle), to compare a column of departments with one;
   - the scalar rule in a Python loop, at its best: Python datetimes and each row's
     calendar built beforehand, untimed (on a sample of ``--sample`` rows, scaled);
   - the best pandas + ``numpy.busday_offset`` recipe, written correctly: the Paris day
     first, ``roll="backward"``, 5 business days with each calendar's holidays, the
     day after at 00:00 Paris; one group per calendar;
   - polars: the same recipe with ``dt.add_business_days``.

   Every answer is checked equal to the bulk one (the scalar loop on its sample), or
   the figures are void. Median of ``--rounds`` rounds, run round-robin.
2. Retention: ``--traces`` trace instants (numpy UTC ``datetime64[us]``) flagged
   purgeable on one ``as_of`` by ``caf_contract.bulk.trace_purgeable``, against a bare
   numpy comparison with a limit computed by hand.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import polars as pl

from caf_contract import WorkingCalendar, bulk, reminder_allowed_from
from caf_contract.calendar import holiday_subdivision
from caf_contract.parties import DEPARTMENT_CODES

START, END = datetime(2020, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)
DELAY = 5


def requests(count: int, seed: int) -> tuple[pd.Series, np.ndarray, pd.Series]:
    rng = np.random.default_rng(seed)
    seconds = rng.integers(int(START.timestamp()), int(END.timestamp()), count)
    utc = seconds.astype("datetime64[s]").astype("datetime64[us]")
    paris = pd.Series(pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert("Europe/Paris"))
    codes = np.array(sorted(DEPARTMENT_CODES))
    departments = pd.Series(codes[rng.integers(0, len(codes), count)])
    return paris, utc, departments


def _holidays(code: str) -> np.ndarray:
    calendar = WorkingCalendar(department=code)
    days = [day for year in range(START.year - 1, END.year + 2) for day in calendar.holidays(year)]
    return np.array(sorted(days), dtype="datetime64[D]")


def numpy_recipe(sent: pd.Series, departments: pd.Series) -> pd.Series:
    """pandas for the time zone, numpy's busday_offset per calendar: the correct recipe."""
    days = (
        sent.dt.tz_convert("Europe/Paris").dt.tz_localize(None).to_numpy().astype("datetime64[D]")
    )
    keys = departments.map(lambda code: holiday_subdivision(code) or "").to_numpy()
    last = np.empty(len(days), dtype="datetime64[D]")
    for key in np.unique(keys):
        rows = keys == key
        code = next(
            code for code in sorted(DEPARTMENT_CODES) if (holiday_subdivision(code) or "") == key
        )
        last[rows] = np.busday_offset(days[rows], DELAY, roll="backward", holidays=_holidays(code))
    midnight = pd.DatetimeIndex(last + np.timedelta64(1, "D")).tz_localize("Europe/Paris")
    return pd.Series(midnight, index=sent.index)


def polars_recipe(sent: pl.Series, departments: pl.Series) -> pl.Series:
    """polars: the Paris day, add_business_days per calendar, the next day at 00:00 Paris."""
    frame = pl.DataFrame({"sent": sent, "department": departments}).with_row_index("row")
    frame = frame.with_columns(
        day=pl.col("sent").dt.convert_time_zone("Europe/Paris").dt.date(),
        key=pl.col("department").map_elements(
            lambda code: holiday_subdivision(code) or "", return_dtype=pl.Utf8
        ),
    )
    parts = []
    for (key,), group in frame.group_by("key"):
        code = next(
            code for code in sorted(DEPARTMENT_CODES) if (holiday_subdivision(code) or "") == key
        )
        holidays = [date.fromisoformat(str(day)) for day in _holidays(code)]
        parts.append(
            group.with_columns(
                last=pl.col("day").dt.add_business_days(DELAY, holidays=holidays, roll="backward")
            )
        )
    joined = pl.concat(parts).sort("row")
    return joined.select(
        (pl.col("last") + pl.duration(days=1))
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone("Europe/Paris")
    )["last"]


def scalar_loop(sent: list[datetime], calendars: list[WorkingCalendar]) -> list[datetime]:
    """The rule row by row, at its best: Python datetimes and each row's calendar at hand."""
    return [
        reminder_allowed_from(at, calendar) for at, calendar in zip(sent, calendars, strict=True)
    ]


def _median(case: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        case()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def reminders(count: int, sample: int, rounds: int, seed: int) -> None:
    sent, utc, departments = requests(count, seed)
    sent_polars = pl.Series("sent", utc).dt.replace_time_zone("UTC")
    departments_polars = pl.Series("department", departments.to_numpy())
    departments_numpy = departments.to_numpy().astype("U3")
    departments_category = departments.astype("category")

    ours = bulk.reminder_allowed_from(sent, department=departments)
    ours_utc = ours.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().astype("datetime64[us]")
    checks = {
        "numpy UTC input": bulk.reminder_allowed_from(utc, department=departments_numpy),
        "category": bulk.reminder_allowed_from(sent, department=departments_category)
        .dt.tz_convert("UTC")
        .dt.tz_localize(None)
        .to_numpy()
        .astype("datetime64[us]"),
        "numpy recipe": numpy_recipe(sent, departments)
        .dt.tz_convert("UTC")
        .dt.tz_localize(None)
        .to_numpy()
        .astype("datetime64[us]"),
        "polars recipe": polars_recipe(sent_polars, departments_polars)
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        .to_numpy()
        .astype("datetime64[us]"),
    }
    for name, answer in checks.items():
        if not np.array_equal(np.asarray(answer).astype("datetime64[us]"), ours_utc):
            print(f"{name} disagrees with caf_contract.bulk: figures void")
            raise SystemExit(1)
    picked = sent.iloc[:sample]
    # Outside the timing: the instants as Python datetimes, each department's calendar
    # built once (the loop is measured at its best, not with conversions it need not do).
    picked_sent = list(picked.dt.to_pydatetime())
    by_code = {code: WorkingCalendar(department=code) for code in sorted(DEPARTMENT_CODES)}
    picked_calendars = [by_code[code] for code in departments.iloc[:sample]]
    loop_answer = scalar_loop(picked_sent, picked_calendars)
    if [at.astimezone(UTC).replace(tzinfo=None) for at in loop_answer] != [
        datetime.fromisoformat(str(value)) for value in ours_utc[:sample].astype("datetime64[s]")
    ]:
        print("the scalar loop disagrees with caf_contract.bulk: figures void")
        raise SystemExit(1)

    cases: dict[str, Callable[[], object]] = {
        "bulk, pandas Series, department column": lambda: bulk.reminder_allowed_from(
            sent, department=departments
        ),
        "bulk, pandas Series, department column (category)": lambda: bulk.reminder_allowed_from(
            sent, department=departments_category
        ),
        "bulk, numpy UTC, department column": lambda: bulk.reminder_allowed_from(
            utc, department=departments_numpy
        ),
        "bulk, pandas Series, one department": lambda: bulk.reminder_allowed_from(
            sent, department="57"
        ),
        "bulk, numpy UTC, one department": lambda: bulk.reminder_allowed_from(utc, department="57"),
        "pandas + numpy.busday_offset recipe": lambda: numpy_recipe(sent, departments),
        "polars add_business_days recipe": lambda: polars_recipe(sent_polars, departments_polars),
    }
    medians = {name: _median(case, rounds) for name, case in cases.items()}
    loop = _median(lambda: scalar_loop(picked_sent, picked_calendars), rounds)
    medians["scalar rule in a Python loop (scaled)"] = loop * count / sample
    reference = medians["bulk, pandas Series, department column"]
    print(f"\n{count:,} reminder instants, all departments (median of {rounds}):\n")
    print("| approach | ms | ns/row | × bulk (pandas, column) |\n|---|---:|---:|---:|")
    for name, seconds in medians.items():
        row = f"{seconds * 1e3:,.1f} | {seconds * 1e9 / count:,.1f} | {seconds / reference:.2f}"
        print(f"| {name} | {row} |")
    by_kind = {
        f"{kind}{form}": medians[f"bulk, {kind}, department column{form}"]
        / medians[f"bulk, {kind}, one department"]
        for kind, form in (
            ("pandas Series", ""),
            ("pandas Series", " (category)"),
            ("numpy UTC", ""),
        )
    }
    print(
        "\ncolumn of departments / one department: "
        + ", ".join(f"{kind} {ratio:.2f}" for kind, ratio in by_kind.items())
    )
    loop = medians["scalar rule in a Python loop (scaled)"]
    print(
        "scalar loop / bulk: "
        + ", ".join(
            f"{name.removeprefix('bulk, ')} {loop / seconds:.0f}×"
            for name, seconds in medians.items()
            if name.startswith("bulk")
        )
    )


def retention(count: int, rounds: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    seconds = rng.integers(
        int(datetime(2025, 9, 1, tzinfo=UTC).timestamp()),
        int(datetime(2027, 3, 1, tzinfo=UTC).timestamp()),
        count,
    )
    made = seconds.astype("datetime64[s]").astype("datetime64[us]")
    as_of = date(2027, 2, 28)
    limit = np.datetime64("2026-08-31T22:00:00", "us")  # by hand: 01/09/2026 00:00 Paris
    if not np.array_equal(bulk.trace_purgeable(made, as_of), made < limit):
        print("the bare comparison disagrees with caf_contract.bulk: figures void")
        raise SystemExit(1)
    ours = _median(lambda: bulk.trace_purgeable(made, as_of), rounds)
    bare = _median(lambda: made < limit, rounds)
    print(f"\n{count:,} trace instants flagged purgeable on {as_of} (median of {rounds}):\n")
    print("| approach | ms | ns/row |\n|---|---:|---:|")
    print(f"| bulk.trace_purgeable | {ours * 1e3:,.1f} | {ours * 1e9 / count:.2f} |")
    print(f"| bare numpy comparison | {bare * 1e3:,.1f} | {bare * 1e9 / count:.2f} |")
    print(f"\nbulk / bare: {ours / bare:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="rows of the scalar loop")
    parser.add_argument("--traces", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    reminders(arguments.requests, arguments.sample, arguments.rounds, arguments.seed)
    retention(arguments.traces, arguments.rounds, arguments.seed)


if __name__ == "__main__":
    main()
