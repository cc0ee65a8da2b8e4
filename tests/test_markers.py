"""The tests that need a server: left out of the regular run, and said so; never skipped.

pyproject.toml's ``addopts`` deselects the markers ``postgres`` and ``spark``;
conftest.py names, at the end of the run, how many were left out and the command that
runs them. Asked for without their server, they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

from tests.docs_examples import ROOT

HOW_TO_RUN = "bash .ci/with-postgres .venv/bin/python -m pytest -m postgres --no-cov"


def _pytest(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # this interpreter, the project's own tests
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--no-cov", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


def test_the_markers_are_registered_and_left_out_by_default() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    pytest_options = options["pytest"]["ini_options"]
    registered = [marker.split(":")[0] for marker in pytest_options["markers"]]
    assert {"postgres", "spark"} <= set(registered)
    addopts = pytest_options["addopts"]
    assert addopts[addopts.index("-m") + 1] == "not postgres and not spark"


def test_the_regular_run_says_how_many_postgresql_tests_it_left_out_and_how_to_run_them() -> None:
    done = _pytest("tests/test_sql_postgres.py")
    assert done.returncode == 5, done.stdout + done.stderr  # nothing else was collected
    said = re.search(
        r"(\d+) tests laissés de côté \(PostgreSQL, marqueur postgres\) : (.*) =", done.stdout
    )
    assert said is not None, done.stdout
    assert int(said.group(1)) > 5
    assert said.group(2) == HOW_TO_RUN


def test_postgresql_tests_asked_for_without_a_server_fail_and_say_how_to_run_them() -> None:
    environment = {
        name: value for name, value in os.environ.items() if name != "CAF_CONTRACT_POSTGRES"
    }
    done = _pytest(
        "tests/test_sql_postgres.py", "-m", "postgres", "-k", "server_is", env=environment
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        "CAF_CONTRACT_POSTGRES n'est pas défini : les tests PostgreSQL demandent un serveur ; "
        f"attendu : {HOW_TO_RUN}"
    ) in done.stdout
    assert "1 error" in done.stdout
    assert "skipped" not in done.stdout
