"""Replay the corpus of once-failing inputs (tests/corpus): an answer or our error."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest

from caf_contract import CafContractError
from tests.corpus import CALLS


@pytest.mark.parametrize("call", CALLS.values(), ids=list(CALLS))
def test_an_input_that_once_failed_now_answers_or_is_refused_in_words(
    call: Callable[[], object],
) -> None:
    with contextlib.suppress(CafContractError):
        call()
