"""Loading a dossier against ``json.loads`` of the same text, and the memory of a big check.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_load.py                            # 1,000, 10,000, 100,000
    python benchmarks/bench_load.py --sizes 1000 --kinds traces --rss-records 0

For each kind of record a dossier grows by (``tests/growth.py``: habilitations, roles,
requests, traces) and each size, the script writes the dossier as JSON text, then
times side by side, in turns, ``json.loads(text)`` (the floor: the text parsed into
dicts), ``loads(Dossier, text)`` (parsed, then loaded into value objects) and
``parse_dossier(text)`` (what ``read_dossier`` does: records loaded one at a time as
they are parsed), and prints the µs per record and the ratio to ``json.loads``; the
best of ``--rounds`` rounds, the garbage collector on, as in use.

Then, for ``--rss-records`` records of each of ``--rss-kinds``, it writes the file and
runs, each in a fresh process, ``read_dossier`` alone and ``caf-contract check`` (its
report sent to /dev/null), and prints the peak resident memory of each process (its
``VmHWM``: Linux only). ``--sizes`` with no size skips the timings.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the dossiers of tests/growth.py

from tests.growth import KINDS

from caf_contract.dossier import Dossier
from caf_contract.files import parse_dossier
from caf_contract.serialization import dumps, loads

# Run in a fresh process: the peak resident memory of reading, or checking, one file.
_PEAK = """
import contextlib, os, sys
from caf_contract.cli import main
from caf_contract.files import read_dossier
with open(os.devnull, "w") as out, contextlib.redirect_stdout(out):
    if sys.argv[1] == "check":
        main(["check", sys.argv[2]])
    else:
        read_dossier(sys.argv[2])
# VmHWM, not getrusage: Linux carries ru_maxrss over from the parent through fork and
# exec, and the parent holds the dossiers it wrote.
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def _best(function: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _timings(sizes: list[int], kinds: list[str], rounds: int) -> None:
    print(
        f"{'kind':<14}{'records':>9}{'json.loads':>12}{'loads':>9}{'ratio':>7}"
        f"{'parse_dossier':>15}{'ratio':>7}   (µs per record)"
    )
    for kind in kinds:
        for size in sizes:
            text = dumps(KINDS[kind](size), indent=None)
            cases = {
                "json": lambda text=text: json.loads(text),
                "loads": lambda text=text: loads(Dossier, text),
                "stream": lambda text=text: parse_dossier(text),
            }
            best = dict.fromkeys(cases, float("inf"))
            for _ in range(rounds):  # in turns: a drift of the machine hits every case
                for name, case in cases.items():
                    best[name] = min(best[name], _best(case, 1))
            floor = best["json"]
            print(
                f"{kind:<14}{size:>9,}{floor / size * 1e6:>12.2f}"
                f"{best['loads'] / size * 1e6:>9.2f}{best['loads'] / floor:>6.1f}×"
                f"{best['stream'] / size * 1e6:>15.2f}{best['stream'] / floor:>6.1f}×"
            )


def _peak_mib(what: str, path: Path) -> float:
    done = subprocess.run(  # noqa: S603  # our own interpreter and script
        [sys.executable, "-c", _PEAK, what, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    return int(done.stdout.split()[-1]) / 1024  # in KiB


def _memory(records: int, kinds: list[str]) -> None:
    print(
        f"\n{'kind':<14}{'records':>9}{'file MiB':>10}{'read_dossier':>14}{'check':>9}   (peak MiB)"
    )
    with tempfile.TemporaryDirectory() as directory:
        for kind in kinds:
            path = Path(directory) / f"{kind}.json"
            path.write_text(dumps(KINDS[kind](records), indent=None), encoding="utf-8")
            size = path.stat().st_size / 2**20
            read = _peak_mib("read", path)
            checked = _peak_mib("check", path)
            print(f"{kind:<14}{records:>9,}{size:>10.0f}{read:>14.0f}{checked:>9.0f}")
            path.unlink()


def main() -> None:
    """Print the loading table, then the memory table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=list(KINDS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rss-records", type=int, default=300_000)
    parser.add_argument(
        "--rss-kinds",
        nargs="+",
        choices=sorted(KINDS),
        # Roles are left out by default: their check is quadratic in the number of
        # roles on this branch (issue 16 treats it apart).
        default=["traces", "requests", "habilitations"],
    )
    options = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        if options.sizes:
            _timings(options.sizes, options.kinds, options.rounds)
        if options.rss_records:
            _memory(options.rss_records, options.rss_kinds)


if __name__ == "__main__":
    main()
