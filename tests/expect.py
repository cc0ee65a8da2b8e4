"""Small helpers the test modules share to state what they expect."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

import pytest

from caf_contract import CafContractError, InvalidValueError
from caf_contract._time import PARIS

if TYPE_CHECKING:
    from collections.abc import Callable


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant given in Paris wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def refusal(call: Callable[[], object], error: type[CafContractError]) -> CafContractError:
    """The error ``call`` raises: exactly of type ``error``, not a subclass or a parent."""
    with pytest.raises(CafContractError) as caught:
        call()
    assert type(caught.value) is error
    return caught.value


def assert_refused(
    call: Callable[[], object],
    error: type[CafContractError],
    message: str,
    fields: dict[str, object],
) -> None:
    """``call`` raises exactly ``error``, saying ``message``, with these structured fields."""
    refused = refusal(call, error)
    assert str(refused) == message
    assert {name: getattr(refused, name) for name in fields} == fields


class Refusal(NamedTuple):
    """What an :class:`InvalidValueError` says: its structured fields and its message."""

    field: str
    value: object
    problem: str
    expected: str
    message: str

    @classmethod
    def of(cls, error: InvalidValueError) -> Refusal:
        """The fields and message of ``error``."""
        return cls(error.field, error.value, error.problem, error.expected, str(error))

    @classmethod
    def raised_by(cls, call: Callable[[], object]) -> Refusal:
        """What the :class:`InvalidValueError` ``call`` raises says."""
        with pytest.raises(InvalidValueError) as refused:
            call()
        return cls.of(refused.value)
