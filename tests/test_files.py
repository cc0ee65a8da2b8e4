"""caf_contract.files: a JSON dossier read record by record gives what reading it whole gives."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import _stream, files
from caf_contract.dossier import Dossier
from caf_contract.errors import InvalidValueError, Key, LoadError
from caf_contract.files import example_dossier, parse_dossier, read_dossier
from caf_contract.serialization import dumps, to_data
from tests import serialization_oracle as oracle
from tests.strategies import dossiers as dst
from tests.strategies import plain as pst


def _outcome(read: object, *arguments: object) -> object:
    """What reading gives: the dossier, or the error's type and message."""
    assert callable(read)
    try:
        return read(*arguments)
    except LoadError as error:
        return (type(error), str(error), error.path)


def _written(text: str, directory: Path) -> Path:
    path = directory / "dossier.json"
    path.write_bytes(text.encode("utf-8"))
    return path


def _both_ways(text: str, directory: Path, piece: int) -> tuple[object, object, object]:
    """``text`` read from a string, from a file in pieces of ``piece`` characters, and whole."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_stream, "CHUNK", piece)
        from_text = _outcome(parse_dossier, text)
        from_file = _outcome(read_dossier, _written(text, directory))
    return from_text, from_file, _outcome(oracle.parse_dossier, text)


def _place(outcome: object) -> object:
    """An outcome without the error's words: the oracle says them in Python's terms."""
    if isinstance(outcome, tuple):
        kind, _, path = outcome
        return kind, tuple("<clé>" if isinstance(step, Key) else step for step in path)
    return outcome


TEXTS = st.tuples(dst.dossiers(), st.sampled_from([None, 0, 2]), st.booleans()).map(
    lambda drawn: ("\ufeff" if drawn[2] else "") + dumps(drawn[0], indent=drawn[1])
)


@given(TEXTS, st.integers(1, 64))
def test_a_dossier_read_record_by_record_is_the_one_read_whole(text: str, piece: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        from_text, from_file, whole = _both_ways(text, Path(directory), piece)
    assert isinstance(whole, Dossier)
    assert from_text == from_file == whole


@given(
    st.one_of(
        TEXTS.flatmap(pst.damaged_texts),
        dst.dossiers().map(to_data).flatmap(pst.damaged_data).map(json.dumps),
    ),
    st.integers(1, 64),
)
def test_a_faulty_dossier_is_refused_in_the_words_of_the_whole_read(text: str, piece: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        from_text, from_file, whole = _both_ways(text, Path(directory), piece)
    assert from_text == from_file
    assert _place(from_text) == _place(whole)


@pytest.mark.parametrize(
    ("before", "after", "key"),
    [
        ('"traces": [', '"traces": [], "traces": [', "traces"),  # in the dossier
        ('"user": ', '"user": "x", "user": ', "user"),  # in a record
    ],
)
@pytest.mark.parametrize("piece", [7, 2**20])
def test_a_key_given_twice_is_refused_however_the_file_is_read(
    tmp_path: Path, before: str, after: str, key: str, piece: int
) -> None:
    """Issue 14 review: a key given twice was kept once, silently, and the check changed."""
    text = dumps(example_dossier(), indent=None)
    assert before in text
    text = text.replace(before, after, 1)
    expected = (
        LoadError,
        (
            f"(racine) : JSON invalide : clé en double « {key} » dans un même objet ; "
            "attendu : chaque clé une seule fois par objet"
        ),
        (),
    )
    from_text, from_file, whole = _both_ways(text, tmp_path, piece)
    assert from_text == from_file == expected
    assert _place(whole) == _place(expected)


def test_a_bare_contract_and_a_dossier_with_its_delegation_read_as_before(tmp_path: Path) -> None:
    dossier = example_dossier()
    bare = dumps(dossier.contract)
    assert _both_ways(bare, tmp_path, 16)[:2] == (Dossier(contract=dossier.contract),) * 2
    plain = to_data(dossier)
    text = json.dumps({"delegation": plain["delegation"], "contract": plain["contract"]})
    assert _both_ways(text, tmp_path, 16) == (Dossier(contract=dossier.contract),) * 3


def test_a_plain_dossier_is_never_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = dumps(example_dossier())
    path = _written(text, tmp_path)

    def whole(*arguments: object, **options: object) -> object:
        raise AssertionError(arguments, options)

    monkeypatch.setattr(files, "parse", whole)
    assert read_dossier(path) == parse_dossier(text) == example_dossier()
    with pytest.raises(AssertionError):  # a faulty one is: it says what is wrong
        read_dossier(_written(text.replace('"CDAP"', '"CDAP', 1), tmp_path))


def test_a_file_that_grows_past_the_limit_while_read_is_read_whole(tmp_path: Path) -> None:
    path = _written(dumps(example_dossier()), tmp_path)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        source = files._decoded(descriptor, max_bytes=10)
        with pytest.raises(_stream.UnstreamableError):
            source(100)
    finally:
        os.close(descriptor)


def test_a_text_that_is_no_string_is_refused_as_before() -> None:
    with pytest.raises(InvalidValueError, match="^text : "):
        parse_dossier(b"{}")  # type: ignore[arg-type]
