"""Run every example of the docs, the README and the docstrings; clear caches between tests."""

from __future__ import annotations

import pytest
from tests.docs_examples import DOCSTRINGS, MARKDOWN

from caf_contract.calendar import clear_caches

pytest_collect_file = (MARKDOWN + DOCSTRINGS).pytest()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # A table filled by an earlier test would hide a wrong table from this one.
    del item
    clear_caches()
