"""Retention at scale: classifying a million trace instants, and the cutoff in DuckDB.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_retention.py                       # 1,000,000 instants, 10,000,000 rows
    python benchmarks/bench_retention.py --instants 200000 --rows 1000000

1. The same instants (seeded, uniform over two years, UTC as a store returns them,
   then the same in Europe/Paris) are classified purgeable or not on one ``as_of``:
   through :class:`~caf_contract.retention.RetentionCutoff` (built once per
   ``as_of``), through the per-record rule :func:`~caf_contract.retention.may_purge_trace`
   (on a sample: it is slow by design), and by a bare comparison loop against an
   instant computed once by hand. Round-robin, median of the rounds, ns per instant.
2. DuckDB (embedded) holds ``--rows`` generated traces in a ``TIMESTAMPTZ`` column and
   runs ``SELECT count(*) … WHERE made_at < ?`` with the cutoff instant; its count is
   checked against numpy's on the same data.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import duckdb
import numpy as np

from caf_contract._time import PARIS
from caf_contract.articles import Article
from caf_contract.decision import Reason
from caf_contract.retention import (
    PurgeItem,
    RetentionCutoff,
    may_purge_trace,
    trace_purge_plan,
    trace_retention_cutoff_instant,
)

AS_OF = date(2027, 2, 28)  # a month end: the cutoff is 31/08/2026, not 28/08/2026


def _timed(case: Callable[[], object], count: int) -> float:
    started = time.perf_counter_ns()
    case()
    return (time.perf_counter_ns() - started) / count


def classify(count: int, rounds: int, seed: int) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 9, 1, tzinfo=UTC)
    span = int(timedelta(days=540).total_seconds())
    in_utc = [start + timedelta(seconds=rng.randrange(span)) for _ in range(count)]
    in_paris = [at.astimezone(PARIS) for at in in_utc]
    bare_limit_utc = datetime(2026, 8, 31, 22, 0, tzinfo=UTC)  # by hand: 01/09/2026 00:00 Paris
    bare_limit_paris = bare_limit_utc.astimezone(PARIS)
    cutoff_utc = RetentionCutoff(AS_OF, zone=UTC)
    cutoff_paris = RetentionCutoff(AS_OF, zone=PARIS)

    traces = [SimpleNamespace(at=at) for at in in_utc]
    reason = Reason(Article.ART_5_3_2, "trace")
    sample = in_utc[:2000]
    expected = [bool(may_purge_trace(at, AS_OF)) for at in sample]
    if (
        cutoff_utc.purgeable_flags(sample) != expected
        or [at < bare_limit_utc for at in sample] != expected
    ):
        print("the approaches disagree: figures void")
        raise SystemExit(1)

    cases: dict[str, tuple[Callable[[], object], int]] = {
        "bare loop, UTC instants vs a UTC limit": (
            lambda: [at < bare_limit_utc for at in in_utc],
            count,
        ),
        "RetentionCutoff.purgeable_flags, UTC instants": (
            lambda: cutoff_utc.purgeable_flags(in_utc),
            count,
        ),
        "bare loop, Paris instants vs a Paris limit": (
            lambda: [at < bare_limit_paris for at in in_paris],
            count,
        ),
        "RetentionCutoff.purgeable_flags, Paris instants": (
            lambda: cutoff_paris.purgeable_flags(in_paris),
            count,
        ),
        "bare loop, Paris instants vs a UTC limit (mixed zones)": (
            lambda: [at < bare_limit_utc for at in in_paris],
            count,
        ),
        "may_purge_trace per record (the Decision, sample)": (
            lambda: [may_purge_trace(at, AS_OF) for at in sample],
            len(sample),
        ),
        "trace_purge_plan, UTC traces (one PurgeItem each)": (
            lambda: _drain(trace_purge_plan(traces, AS_OF)),
            count,
        ),
        "floor of a plan: one PurgeItem per trace, nothing computed": (
            lambda: _drain(
                PurgeItem(trace, trace.at < bare_limit_utc, reason, None) for trace in traces
            ),
            count,
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (case, size) in cases.items():
            timings[name].append(_timed(case, size))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    base = medians["bare loop, UTC instants vs a UTC limit"]
    print(f"\nclassifying {count:,} instants on {AS_OF:%d/%m/%Y} (median of {rounds} rounds)")
    print(f"{'approach':<56} {'ns/instant':>11} {'× bare UTC':>11}")
    for name, value in medians.items():
        print(f"{name:<56} {value:>11,.1f} {value / base:>10.2f}×")


def _drain(items: Iterable[object]) -> None:
    for _ in items:
        pass


def store(rows: int, seed: int) -> None:
    cutoff = trace_retention_cutoff_instant(AS_OF)
    with duckdb.connect() as connection:
        connection.execute(f"SELECT setseed({(seed % 1000) / 1000})")
        started = time.perf_counter()
        connection.execute(
            "CREATE TABLE traces AS SELECT range AS id, TIMESTAMPTZ '2025-09-01 00:00:00+00' "
            "+ to_microseconds((random() * 46656000000000)::BIGINT) AS made_at FROM range(?)",
            [rows],
        )
        built = time.perf_counter() - started
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            (count,) = connection.execute(
                "SELECT count(*) FROM traces WHERE made_at < ?", [cutoff]
            ).fetchone()  # type: ignore[misc]
            runs.append(time.perf_counter() - started)
        micros = connection.execute("SELECT epoch_us(made_at) FROM traces").fetchnumpy()[
            "epoch_us(made_at)"
        ]
    limit = int(cutoff.timestamp() * 1_000_000)
    check = int(np.count_nonzero(micros < limit))
    status = "same count as numpy" if check == count else f"MISMATCH with numpy ({check})"
    print(f"\nDuckDB {duckdb.__version__}: {rows:,} rows built in {built:.2f} s")
    median_ms = statistics.median(runs) * 1000
    print(f"WHERE made_at < '{cutoff.isoformat()}': {count:,} purgeable rows, ", end="")
    print(f"median {median_ms:.1f} ms ({status})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instants", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261124)
    options = parser.parse_args(argv)
    classify(options.instants, options.rounds, options.seed)
    store(options.rows, options.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
