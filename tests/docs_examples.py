"""The examples of the docs, the README and the docstrings, as Sybil collects them.

``conftest.py`` hands them to pytest example by example; ``tests/test_docs_pages.py``
runs each page whole.
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE
ROOT = Path(__file__).resolve().parents[1]

MARKDOWN = Sybil(
    name="markdown",
    parsers=[PythonCodeBlockParser(doctest_optionflags=FLAGS), SkipParser()],
    path=str(ROOT),
    patterns=["README.md", "docs/*.md"],
)
"""The ``python`` blocks of the README and of the docs pages."""

DOCSTRINGS = Sybil(
    name="docstrings",
    parsers=[DocTestParser(optionflags=FLAGS)],
    path=str(ROOT / "src"),
    patterns=["*.py"],
)
"""The ``>>>`` examples of the docstrings of ``src/``."""
