"""caf_contract._stream: a JSON object read piece by piece gives what json.loads gives."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import _stream
from caf_contract._stream import UnstreamableError, read_object
from tests.strategies import plain as pst


def _pieces(text: str, size: int) -> Callable[[int], str]:
    """``text`` given ``size`` characters at a time, whatever is asked."""
    pieces = iter([text[start : start + size] for start in range(0, len(text), size)])
    return lambda _asked: next(pieces, "")


def _tagged(element: object) -> object:
    return ("read", element)


def _read(text: str, size: int) -> dict[str, object]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_stream, "CHUNK", size)
        return read_object(_pieces(text, size), {"items": _tagged, "more": _tagged})


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object as json.loads reads it, but a key given twice is no JSON the library reads."""
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(keys)
    return dict(pairs)


def _expected(text: str) -> dict[str, object]:
    """What json.loads gives, the arrays of ``items`` and ``more`` read through ``_tagged``."""
    data = json.loads(text, object_pairs_hook=_unique)
    assert isinstance(data, dict)
    for key in ("items", "more"):
        if isinstance(data.get(key), list):
            data[key] = tuple(_tagged(element) for element in data[key])
    return data


OBJECTS = st.dictionaries(
    st.sampled_from(["items", "more", "other", 'é \\ "q"']),
    st.one_of(st.lists(pst.JUNK, max_size=4), pst.JUNK),
    max_size=4,
)


@given(OBJECTS, st.sampled_from([None, 0, 1, 3]), st.integers(1, 9))
def test_an_object_read_in_pieces_is_what_json_loads_gives(
    data: dict[str, object], indent: int | None, size: int
) -> None:
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    assert _read(text, size) == _expected(text)


@given(OBJECTS.map(json.dumps).flatmap(pst.damaged_texts), st.integers(1, 9))
def test_text_that_is_no_plain_object_is_refused_or_read_as_json_loads_reads_it(
    text: str, size: int
) -> None:
    try:
        expected = _expected(text)
    except (ValueError, AssertionError):  # no JSON, or no object
        with pytest.raises(UnstreamableError):
            _read(text, size)
    else:
        assert _read(text, size) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"items": [12345678, -1.5e3]}', {"items": (("read", 12345678), ("read", -1500.0))}),
        ('{"items": {"a": [1]}, "other": [1, 2]}', {"items": {"a": [1]}, "other": [1, 2]}),
        ("{ }", {}),
    ],
)
@pytest.mark.parametrize("size", [1, 2, 5, 1000])
def test_numbers_cut_by_a_piece_read_as_json_loads_reads_them(
    text: str, expected: dict[str, object], size: int
) -> None:
    assert _read(text, size) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[1]",
        '{"items": [1,]}',
        '{"items": [1 2]}',
        '{"items": [1}',
        '{"a" 1}',
        '{"a": 1 "b": 2}',
        '{"a": 1,}',
        "{1: 2}",
        '{"a": 1} x',
        # A key given twice (json.loads keeps the last, silently): the whole read refuses it.
        ' {"items": [] , "items": [ 7 ] } \n',
        '{"items": [{"a": 1, "a": 2}]}',
        '{"other": {"b": [{"c": 1, "c": 1}]}}',
        '{"a": [' + "[" * 100_000 + "]" * 100_000 + "]}",  # nested past the recursion limit
    ],
)
def test_anything_but_one_plain_object_is_refused(text: str) -> None:
    with pytest.raises(UnstreamableError):
        _read(text, 3)


def test_each_element_is_read_before_the_next_piece_of_text_is() -> None:
    text = json.dumps({"items": list(range(50))})
    asked: list[int] = []
    seen: list[tuple[object, int]] = []
    source = _pieces(text, 10)

    def counted(size: int) -> str:
        asked.append(size)
        return source(size)

    def element(value: object) -> object:
        seen.append((value, len(asked)))
        return value

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_stream, "CHUNK", 10)
        assert read_object(counted, {"items": element}) == {"items": tuple(range(50))}
    assert seen[0] == (0, 2)  # the first element, once two pieces of the text were read
    assert len(asked) > seen[0][1] + 10


def test_a_source_that_gives_less_than_asked_is_read_in_few_parses() -> None:
    """A pipe or a socket gives what it has: one character at a time, here. The reader
    asks again until it has a chunk, so a long value is parsed a few times, not once
    per piece (the nested text took 51 s in pieces of three characters)."""
    text = '{"a": [' + "[" * 20_000 + "]" * 20_000 + "]}"
    parses: list[int] = []
    decode = _stream._DECODER.raw_decode

    def counted(buffer: str, position: int = 0) -> tuple[object, int]:
        parses.append(position)
        return decode(buffer, position)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_stream._DECODER, "raw_decode", counted)
        with pytest.raises(UnstreamableError):
            _read(text, 1)
    assert len(parses) < 40
