"""Replay the corpus of once-failing inputs (tests/corpus): an answer or our error."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from caf_contract import CafContractError
from caf_contract.cli import main
from tests.corpus import CALLS, FILES, Case


@pytest.mark.parametrize("case", CALLS.values(), ids=list(CALLS))
def test_an_input_that_once_failed_is_now_refused_in_words_or_answered_right(
    case: Case,
) -> None:
    if case.refused:
        with pytest.raises(CafContractError):
            case.call()
        return
    answer = case.call()
    expected = case.expected
    assert expected(answer) if callable(expected) else answer == expected


@pytest.mark.parametrize("path", sorted(FILES.iterdir()), ids=lambda path: path.name)
def test_a_file_that_once_failed_the_command_line_is_now_checked(path: Path) -> None:
    """A lone surrogate once crashed the output (UnicodeEncodeError); a byte order
    mark made the file « syntaxe invalide »."""
    written = io.BytesIO()
    output = io.TextIOWrapper(written, encoding="utf-8")  # strict, as a terminal's
    errors = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(errors):
        code = main(["check", str(path)])
    output.flush()
    assert code in {0, 1}, errors.getvalue()
    assert written.getvalue().decode("utf-8")  # something written, and valid UTF-8
