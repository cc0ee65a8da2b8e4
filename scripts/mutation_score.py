"""Print the mutation score of each mutated module, from mutmut's results in mutants/.

Run by scripts/mutation.sh after ``mutmut run``; alone: ``python scripts/mutation_score.py``.
Score = killed / (killed + survived + timeout + suspicious); mutants not checked yet are
counted apart, so a partial run says so.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

_KILLED = {1, 3, 37}  # a failing test, pytest's internal error, the type checker
_SURVIVED = {0}
_NOT_CHECKED = {None, 2}  # never run, or interrupted


def main() -> int:
    """Print one line per module and the total; exit 1 when nothing was found."""
    metas = sorted(Path("mutants/src").rglob("*.py.meta"))
    if not metas:
        print("no mutmut results in mutants/: run scripts/mutation.sh first", file=sys.stderr)
        return 1
    total: Counter[str] = Counter()
    print(
        f"{'module':<34} {'killed':>7} {'survived':>9} {'other':>6} {'unchecked':>10} {'score':>7}"
    )
    for meta in metas:
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].values()
        counts: Counter[str] = Counter(
            "killed"
            if code in _KILLED
            else "survived"
            if code in _SURVIVED
            else "unchecked"
            if code in _NOT_CHECKED
            else "other"  # timeout, segfault, suspicious: counted against the score
            for code in codes
        )
        if not codes:
            continue
        total.update(counts)
        _line(meta.name.removesuffix(".py.meta"), counts)
    _line("TOTAL", total)
    return 0


def _line(name: str, counts: Counter[str]) -> None:
    checked = counts["killed"] + counts["survived"] + counts["other"]
    score = f"{100 * counts['killed'] / checked:6.1f}%" if checked else "     —"
    figures = (counts["killed"], counts["survived"], counts["other"], counts["unchecked"])
    print(f"{name:<34} {' '.join(f'{f:>9}' for f in figures)} {score:>9}")


if __name__ == "__main__":
    raise SystemExit(main())
