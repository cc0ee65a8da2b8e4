"""Loading and checking dossiers of 1,000 to 1,000,000 records: time per record, peak memory.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_scaling.py                         # 1k, 10k, 100k, 1M; every kind
    python benchmarks/bench_scaling.py --sizes 1000 10000 --kinds traces
    python benchmarks/bench_scaling.py --chart docs/images/scaling.png

For each kind of record a dossier grows by (habilitations on a few roles, roles each
with its own habilitation, requests to the service centre, traces in sessions:
``tests/growth.py``), the script writes the dossier as a JSON file, then, in a fresh
interpreter, times :func:`~caf_contract.files.read_dossier` (reading, parsing, building
the value objects) and :func:`~caf_contract.check_dossier` (after checking the bundled
example once, so that imports and holiday tables are not counted), and reads the
process's peak resident memory (about 20 Mio of it is the interpreter and the
library). Flat lines of time per record mean no path grows faster than the records;
memory grows with the records, as it must: the whole dossier is held. The figures are
printed, kept as JSON beside the chart, and drawn with matplotlib.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the dossiers of tests/growth.py

from tests.growth import KINDS

from caf_contract import dumps

# Run in a fresh interpreter per dossier: the peak memory is that one dossier's.
_MEASURE = """
import json, resource, sys, time
from caf_contract import check_dossier
from caf_contract.files import read_dossier
from caf_contract.files import example_dossier
path, size = sys.argv[1], int(sys.argv[2])
check_dossier(example_dossier())  # one-time costs first: imports, holiday tables
started = time.perf_counter()
dossier = read_dossier(path, max_bytes=2**40)
loaded = time.perf_counter()
check_dossier(dossier)
checked = time.perf_counter()
try:  # Linux: the high-water mark of this process's own memory (ru_maxrss may count
    # the parent's, inherited at fork)
    status = open("/proc/self/status", encoding="ascii").read()
    peak_kib = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "load_us": (loaded - started) / size * 1e6,
    "check_us": (checked - loaded) / size * 1e6,
    "peak_mb": peak_kib / 1024,
}))
"""


def measure(kind: str, size: int, folder: Path) -> dict[str, float]:
    """Load and check time per record (µs) and peak memory (MiB) of one dossier."""
    path = folder / f"{kind}-{size}.json"
    path.write_text(dumps(KINDS[kind](size), indent=None), encoding="utf-8")
    try:
        done = subprocess.run(  # noqa: S603  # this interpreter, our own script
            [sys.executable, "-c", _MEASURE, str(path), str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        megabytes = path.stat().st_size / 2**20
        path.unlink()
    figures: dict[str, float] = json.loads(done.stdout)
    figures["file_mb"] = megabytes
    return figures


def draw(results: dict[str, dict[int, dict[str, float]]], chart: Path) -> None:
    """Three panels (load, check, peak memory) against the number of records, log scales."""
    import matplotlib as mpl  # noqa: PLC0415  # only when a chart is asked for

    mpl.use("Agg")
    from matplotlib import pyplot as plt  # noqa: PLC0415

    panels = [
        ("load_us", "chargement (µs par enregistrement)"),
        ("check_us", "contrôle (µs par enregistrement)"),
        ("peak_mb", "mémoire maximale (Mio)"),
    ]
    figure, axes = plt.subplots(1, len(panels), figsize=(13, 4), constrained_layout=True)
    for axis, (key, title) in zip(axes, panels, strict=True):
        for kind, by_size in results.items():
            sizes = sorted(by_size)
            axis.plot(sizes, [by_size[size][key] for size in sizes], marker="o", label=kind)
        axis.set_xscale("log")
        if key == "peak_mb":
            axis.set_yscale("log")
            axis.yaxis.set_major_formatter(mpl.ticker.ScalarFormatter())
        else:
            axis.set_ylim(bottom=0)
        axis.set_title(title)
        axis.set_xlabel("enregistrements dans le dossier")
        axis.grid(visible=True, which="both", alpha=0.3)
    axes[0].legend()
    chart.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(chart, dpi=110)


def main() -> None:
    """Measure each kind and size, print the table, and draw the chart if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=list(KINDS))
    parser.add_argument("--chart", type=Path, help="where to draw the chart (PNG)")
    options = parser.parse_args()
    results: dict[str, dict[int, dict[str, float]]] = {}
    print(
        f"{'kind':<14}{'records':>10}{'file Mio':>10}{'load µs/rec':>13}"
        f"{'check µs/rec':>14}{'peak Mio':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for kind in options.kinds:
            for size in options.sizes:
                figures = measure(kind, size, Path(folder))
                results.setdefault(kind, {})[size] = figures
                print(
                    f"{kind:<14}{size:>10,}{figures['file_mb']:>10.1f}"
                    f"{figures['load_us']:>13.1f}{figures['check_us']:>14.1f}"
                    f"{figures['peak_mb']:>10.0f}",
                    flush=True,
                )
    if options.chart is not None:
        draw(results, options.chart)
        options.chart.with_suffix(".json").write_text(
            json.dumps(results, indent=1) + "\n", encoding="utf-8"
        )
        print(f"chart: {options.chart}")


if __name__ == "__main__":
    main()
