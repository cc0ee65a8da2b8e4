"""Run every example of the docs, the README and the docstrings; clear caches between tests.

Tests that need a server or a cluster carry a marker (``postgres``, ``spark``);
pyproject.toml's ``addopts`` leaves them out of the regular run, and the run's end says
how many were left out and the command that runs them: never a silent skip.
"""

from __future__ import annotations

import pytest
from tests.docs_examples import DOCSTRINGS, MARKDOWN

from caf_contract.calendar import clear_caches

pytest_collect_file = (MARKDOWN + DOCSTRINGS).pytest()

# Each marker of the tests left out: what they need, and the command that runs them.
LEFT_OUT = {
    "postgres": (
        "PostgreSQL",
        "bash .ci/with-postgres .venv/bin/python -m pytest -m postgres --no-cov",
    ),
    "spark": ("Spark", ".venv/bin/python -m pytest -m spark --no-cov --numprocesses=0"),
}
_DESELECTED = pytest.StashKey[dict[str, int]]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # A table filled by an earlier test would hide a wrong table from this one.
    del item
    clear_caches()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_DESELECTED] = dict.fromkeys(LEFT_OUT, 0)


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        counts = item.config.stash[_DESELECTED]
        for marker in LEFT_OUT:
            if item.get_closest_marker(marker) is not None:
                counts[marker] += 1


# With pytest-xdist, each worker collects (and deselects) every test, the controller
# none: each worker hands its counts over at its end, and the controller keeps them (the
# same counts from every worker: the largest, not their sum).
def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # a worker
        output["caf_contract_deselected"] = session.config.stash[_DESELECTED]


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it runs
def pytest_testnodedown(node: object, error: object) -> None:
    del error
    output = getattr(node, "workeroutput", {})
    config = getattr(node, "config", None)
    if config is None:
        return
    kept = config.stash[_DESELECTED]
    for marker, count in output.get("caf_contract_deselected", {}).items():
        kept[marker] = max(kept.get(marker, 0), count)


@pytest.hookimpl(trylast=True)  # after the coverage report: the run's last lines
def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for marker, count in config.stash[_DESELECTED].items():
        if count:
            what, command = LEFT_OUT[marker]
            tests = "test laissé" if count == 1 else "tests laissés"
            terminalreporter.write_sep(
                "=", f"{count} {tests} de côté ({what}, marqueur {marker}) : {command}", yellow=True
            )
