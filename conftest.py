"""Run every example of the docs, the README and the docstrings; clear caches between tests."""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

from caf_contract.calendar import clear_caches

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

_markdown = Sybil(
    name="markdown",
    parsers=[PythonCodeBlockParser(doctest_optionflags=_FLAGS), SkipParser()],
    patterns=["README.md", "docs/*.md"],
)
_docstrings = Sybil(
    name="docstrings",
    parsers=[DocTestParser(optionflags=_FLAGS)],
    path="src",
    patterns=["*.py"],
)

pytest_collect_file = (_markdown + _docstrings).pytest()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # A table filled by an earlier test would hide a wrong table from this one.
    del item
    clear_caches()
