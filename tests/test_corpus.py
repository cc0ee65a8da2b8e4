"""Replay the corpus of once-failing inputs (tests/corpus): an answer or our error."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from caf_contract import CafContractError
from caf_contract.cli import main
from tests.corpus import CALLS, FILES


@pytest.mark.parametrize("call", CALLS.values(), ids=list(CALLS))
def test_an_input_that_once_failed_now_answers_or_is_refused_in_words(
    call: Callable[[], object],
) -> None:
    with contextlib.suppress(CafContractError):
        call()


@pytest.mark.parametrize("path", sorted(FILES.iterdir()), ids=lambda path: path.name)
def test_a_file_that_once_failed_the_command_line_is_now_checked(path: Path) -> None:
    """A lone surrogate once crashed the output (UnicodeEncodeError); a byte order
    mark made the file « syntaxe invalide »."""
    output, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(errors):
        code = main(["check", str(path)])
    assert code in {0, 1}, errors.getvalue()
    assert "Traceback" not in errors.getvalue()
