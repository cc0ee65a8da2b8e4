"""Strategies for plain data and JSON text that go wrong in one spot, for the loaders' error paths.

:func:`damaged_data` takes the plain data of a valid value (``to_data``) and changes
one spot anywhere in it, however deep (a value replaced by junk, a key removed or
added, an element removed, repeated or added); :func:`damaged_texts` does the same
to JSON text, one character at a time (cut short, a character removed or inserted).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

__all__ = ["JUNK", "damaged_data", "damaged_texts", "spots"]

JUNK = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.floats(allow_nan=False),
        st.sampled_from(["", " ", "x", "2026-11-23", "123456782", "partenaire", "Caf"]),
        st.text(max_size=8),
    ),
    lambda children: (
        st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=6), children, max_size=2)
    ),
    max_leaves=4,
)
"""Values plain data may hold (JSON's own), none of them large."""

Step = str | int


def spots(data: object, path: tuple[Step, ...] = ()) -> list[tuple[Step, ...]]:
    """The path of every value within ``data``, ``data`` itself first."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += spots(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += spots(value, (*path, index))
    return found


def _replaced(data: Any, path: tuple[Step, ...], change: Any) -> Any:
    """``data`` with the value at ``path`` made ``change(value)``; ``data`` itself untouched."""
    if not path:
        return change(data)
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _replaced(data[head], rest, change)}
    copy = list(data)
    copy[head] = _replaced(data[head], rest, change)  # type: ignore[index]
    return copy


@st.composite
def damaged_data(draw: st.DrawFn, data: object) -> object:
    """``data`` with one spot changed (or, now and then, unchanged)."""
    path = draw(st.sampled_from(spots(data)))
    junk = draw(JUNK)

    def change(value: Any) -> Any:
        options = ["replace", "keep"]
        if isinstance(value, dict):
            options += ["add key"] + (["remove key"] if value else [])
        if isinstance(value, list):
            options += ["append"] + (["remove", "repeat"] if value else [])
        match draw(st.sampled_from(options)):
            case "keep":
                return value
            case "add key":
                return {**value, draw(st.text(max_size=6)): junk}
            case "remove key":
                key = draw(st.sampled_from(sorted(value)))
                return {name: item for name, item in value.items() if name != key}
            case "append":
                return [*value, junk]
            case "remove" | "repeat" as what:
                index = draw(st.integers(0, len(value) - 1))
                kept = value[index:index] if what == "remove" else [value[index]] * 2
                return [*value[:index], *kept, *value[index + 1 :]]
            case _:
                return junk

    return _replaced(data, path, change)


@st.composite
def damaged_texts(draw: st.DrawFn, text: str) -> str:
    """``text`` cut short, or with one character removed or inserted (JSON's own, mostly)."""
    where = draw(st.integers(0, len(text)))
    match draw(st.sampled_from(["cut", "remove", "insert"])):
        case "cut":
            return text[:where]
        case "remove":
            return text[:where] + text[where + 1 :]
        case _:
            inserted: str = draw(st.sampled_from([*'{}[],:"0 \n\\', "\ufeff", "é", "-1e9"]))
            return text[:where] + inserted + text[where:]
