"""What importing the library costs, against ``import attrs``, measured side by side.

Run (outside the test suite)::

    python benchmarks/bench_import.py            # 21 fresh interpreters per case
    python benchmarks/bench_import.py --runs 51

Each case runs in a fresh interpreter (``python -X importtime -c …``), round-robin; the
figure is the cumulative import time of the statement's modules (microseconds, as
``-X importtime`` reports them), median over the runs. ``import caf_contract`` loads no
rule module (each public name loads its module on first use); the whole public API is
``from caf_contract import *``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys

CASES = {
    "import attrs": "import attrs",
    "import caf_contract": "import caf_contract",
    "from caf_contract import WorkingCalendar": "from caf_contract import WorkingCalendar",
    "from caf_contract import * (every public name)": "from caf_contract import *",
    "import holidays": "import holidays",
}
_LINE = re.compile(r"import time:\s+\d+ \|\s+(\d+) \|\s?(\s*)(\S+)")


def imported_microseconds(statement: str) -> int:
    """The cumulative time of the top-level modules ``statement`` imported, in µs."""
    done = subprocess.run(  # noqa: S603  # this interpreter, our statements
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    # What the interpreter imports anyway (site, encodings), subtracted.
    baseline = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        capture_output=True,
        text=True,
        check=True,
    )
    return _top_level(done.stderr) - _top_level(baseline.stderr)


def _top_level(report: str) -> int:
    total = 0
    for line in report.splitlines():
        found = _LINE.match(line)
        if found and not found[2]:  # not indented: imported by the statement itself
            total += int(found[1])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    times: dict[str, list[int]] = {name: [] for name in CASES}
    for _ in range(runs):
        for name, statement in CASES.items():
            times[name].append(imported_microseconds(statement))
    attrs_ms = statistics.median(times["import attrs"]) / 1000
    print(f"{'statement':<48} {'ms':>7} {'vs attrs':>9}")
    for name, values in times.items():
        median = statistics.median(values) / 1000
        print(f"{name:<48} {median:7.1f} {median / attrs_ms:8.2f}×")


if __name__ == "__main__":
    main()
