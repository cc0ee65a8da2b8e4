"""Each page of the docs, and the README, run top to bottom as one test.

The regular run also checks them example by example (``conftest.py``), which says
precisely which example broke. This form is what the mutation run needs
(``scripts/mutation.sh``): for each mutant, mutmut runs only the tests that reached
the mutated code, and an example taken alone, without the examples before it on its
page, fails for want of its names.
"""

from __future__ import annotations

import contextlib
import unittest
from pathlib import Path

import pytest

from tests.docs_examples import MARKDOWN, ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_page_is_found() -> None:
    assert {"README.md", "quickstart.md", "escalation.md", "traceability.md"} <= {
        page.name for page in PAGES
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_page_runs_top_to_bottom(page: Path) -> None:
    for example in MARKDOWN.parse(page):
        # An example skipped for want of an optional package (pandas) skips alone.
        with contextlib.suppress(unittest.SkipTest):
            example.evaluate()
