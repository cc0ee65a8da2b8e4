"""TOML text for the tests: the standard library reads TOML (``tomllib``) but writes none.

:func:`toml_text` writes plain data as TOML, every table inline, keys quoted, and
``None`` left out (TOML has no null: a missing key loads as the field's default).
:func:`native_data` is :func:`~caf_contract.serialization.to_data` keeping dates,
instants and times as they are, so that :func:`toml_text` writes them unquoted, as
TOML's own dates (``signed_on = 2024-03-01``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import attrs

from caf_contract import BrowserPolicy, OfficeHours, Siren
from caf_contract.serialization import to_data

# Values that to_data writes in a form of their own, not field by field.
_SPECIAL_FORMS = frozenset({BrowserPolicy, OfficeHours, Siren})

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}


def _string(text: str) -> str:
    def escape(character: str) -> str:
        if character in _ESCAPES:
            return _ESCAPES[character]
        if ord(character) < 0x20 or ord(character) == 0x7F:  # TOML wants control characters escaped
            return f"\\u{ord(character):04x}"
        return character

    return '"' + "".join(map(escape, text)) + '"'


def _table(data: Mapping[Any, object]) -> str:
    pairs = (
        f"{_string(str(key))} = {_value(item)}" for key, item in data.items() if item is not None
    )
    return "{" + ", ".join(pairs) + "}"


def _value(data: object) -> str:  # noqa: PLR0911  # one form per kind of value
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float):  # TOML writes infinities as inf, and has no nan
        return repr(data) if math.isfinite(data) else ("inf" if data > 0 else "-inf")
    if isinstance(data, str):
        return _string(data)
    if isinstance(data, datetime | date | time):
        return data.isoformat()
    if isinstance(data, Mapping):
        return _table(data)
    if isinstance(data, list | tuple):
        return "[" + ", ".join(_value(item) for item in data) + "]"
    message = f"no TOML form for {data!r}"
    raise TypeError(message)


def toml_text(data: Mapping[str, object]) -> str:
    """``data`` (a table: TOML text is one) as TOML text."""
    return "".join(
        f"{_string(key)} = {_value(item)}\n" for key, item in data.items() if item is not None
    )


def native_data(value: object) -> Any:
    """``to_data(value)``, with dates, instants and times left as Python values."""
    if isinstance(value, datetime | date | time):
        return value
    kind = type(value)
    if attrs.has(kind) and kind not in _SPECIAL_FORMS:
        return {
            field.alias: native_data(getattr(value, field.name))
            for field in attrs.fields(kind)
            if field.init
        }
    if isinstance(value, tuple | list | frozenset | set):
        return [native_data(item) for item in value]
    return to_data(value)
