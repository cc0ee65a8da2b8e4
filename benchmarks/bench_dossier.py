"""How ``check_dossier`` scales: the cost per record, from 1,000 to 100,000 records.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_dossier.py                       # 1,000, 10,000, 100,000
    python benchmarks/bench_dossier.py --sizes 1000 10000 --kinds roles

For each kind of record a dossier grows by (habilitations on a few roles, roles each
with its own habilitation, requests to the service centre, traces in sessions), the
script builds dossiers of each size on the bundled example's contract and times,
separately, the construction of the dossier (validation included) and
``check_dossier``. A check in O(n log n) or better shows a flat cost per record: a
figure that grows ten times with a size ten times larger is a quadratic path.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the dossiers of tests/growth.py

from tests.growth import KINDS

from caf_contract import check_dossier


def main() -> None:
    """Print, for each kind and size, the µs per record to build and to check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=list(KINDS))
    options = parser.parse_args()
    print(f"{'kind':<14}{'records':>10}{'build µs/rec':>15}{'check µs/rec':>15}")
    for kind in options.kinds:
        for size in options.sizes:
            started = time.perf_counter()
            dossier = KINDS[kind](size)
            built = time.perf_counter()
            check_dossier(dossier)
            checked = time.perf_counter()
            print(
                f"{kind:<14}{size:>10,}{(built - started) / size * 1e6:>15.1f}"
                f"{(checked - built) / size * 1e6:>15.1f}"
            )


if __name__ == "__main__":
    main()
