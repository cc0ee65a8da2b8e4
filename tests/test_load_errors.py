"""A file's mistakes, all at once and in the file's terms (issue 17, point 2).

A partner fixes a dossier from what ``caf-contract check`` says: every fault of the file
in one run, each at its place in the file, with values written as the file writes them
(never a Python ``repr``), the objects named in French, and the key meant when one is
misspelt.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import LoadError
from caf_contract._file_terms import _NAMES, object_name, received
from caf_contract.dossier import Dossier
from caf_contract.files import example_dossier, parse_dossier
from caf_contract.serialization import dumps, from_data, to_data
from tests.strategies import dossiers as dst
from tests.strategies import plain as pst

# What a message about a file must never show: Python's way of writing a value, or a
# class name where the French name belongs (« Caf » is French too).
PYTHON = re.compile(
    r"datetime\.|tzinfo=|ZoneInfo\(|\b(?:date|time|datetime)\(|object at 0x|\bNone\b|\bTrue\b"
    r"|[(\[]'|'[)\]]"  # a text between Python's quotes, in brackets: ('actif'), ['x y']
    r"|\bFalse\b|\b(?:" + "|".join(name for name in _NAMES if name != "Caf") + r")\b(?! n°)"
)

# Values a file can hold (TOML gives dates, date-times and times as such), each wrong
# somewhere in a dossier.
WRONG: list[object] = [
    datetime(2026, 11, 23, 10, 0),  # noqa: DTZ001  # a TOML local date-time
    datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    date(2026, 11, 23),
    time(10, 0),
    "2026-13-45",
    "2026-11-23T10:00",
    "2026-11-23",
    "x",
    "",
    1,
    1.5,
    True,
    None,
    [],
    [1],
    {},
    {"a": 1},
]


def _leaves(data: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every place in ``data``: its keys and indexes, containers included."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    if path:
        yield path


def _replaced(data: Any, path: tuple[str | int, ...], value: object) -> Any:
    changed = copy.deepcopy(data)
    place = changed
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return changed


def _python_in(message: str) -> list[str]:
    """What ``message`` shows Python's way, outside the values quoted « … » (the file's own)."""
    ours = re.sub(r"«[^»]*»", "«»", message)
    return [match.group(0) for match in PYTHON.finditer(ours)]


EXAMPLE = to_data(example_dossier())


def _kinds_of_place(data: object) -> list[tuple[str | int, ...]]:
    """One place of each kind: ``habilitations[3].user`` stands for every ``user`` of them."""
    first: dict[tuple[str | int, ...], tuple[str | int, ...]] = {}
    for path in _leaves(data):
        first.setdefault(tuple(-1 if isinstance(step, int) else step for step in path), path)
    return list(first.values())


def test_no_message_about_a_file_shows_a_python_repr() -> None:
    """Every kind of place of the example dossier, given every kind of wrong value: no repr."""
    leaks: dict[str, str] = {}
    for path in _kinds_of_place(EXAMPLE):
        for value in WRONG:
            try:
                from_data(Dossier, _replaced(EXAMPLE, path, value))
            except LoadError as error:
                for fault in error.errors:
                    if found := _python_in(str(fault)):
                        leaks[str(fault)] = ", ".join(found)
    assert not leaks, "\n".join(f"{found}: {message}" for message, found in leaks.items())


@given(dst.dossiers().map(to_data).flatmap(pst.damaged_data))
def test_no_message_about_damaged_data_shows_a_python_repr(data: object) -> None:
    try:
        from_data(Dossier, data)
    except LoadError as error:
        message = str(error)
    else:
        return
    assert not _python_in(message), message


def test_the_pattern_catches_what_the_issue_saw() -> None:
    """The check above is no test that cannot fail: it sees the message of the issue."""
    seen = (
        "(datetime.datetime(2026, 11, 23, 10, 0)) ; attendu : … par exemple "
        "datetime(…, tzinfo=ZoneInfo('Europe/Paris'))"
    )
    assert {"datetime.", "datetime(", "tzinfo=", "ZoneInfo("} <= set(_python_in(seen))
    assert _python_in("champ inconnu de Habilitation") == ["Habilitation"]
    assert _python_in("valeur inconnue ('actif')") == ["('", "')"]
    assert _python_in("contract.caf['nom de la caf']") == ["['", "']"]
    assert _python_in("champ inconnu de l'habilitation ; la Caf") == []
    assert _python_in("avenant à un contrat non signé (« Avenant 1, None »)") == []


def _template_with_mistakes() -> str:
    text = dumps(example_dossier(), format="toml")
    mistakes = [
        ('granted_at = "2024-03-04T08:00:00+00:00"', "granted_at = 2024-03-04T09:00:00"),
        ('state = "active"', 'state = "actif"'),
        ('siren = "', 'sirne = "'),
        ("urgent = false", 'urgent = "non"'),
    ]
    for before, after in mistakes:
        assert before in text, before
        text = text.replace(before, after, 1)
    return text


def test_every_mistake_of_a_file_is_listed_in_one_run() -> None:
    with pytest.raises(LoadError) as caught:
        parse_dossier(_template_with_mistakes(), format="toml")
    error = caught.value
    assert error.count == len(error.errors) == 4
    assert [fault.field for fault in error.errors] == [
        "contract.partner.sirne",
        "habilitations[0].granted_at",
        "habilitations[0].state",
        "requests[0].urgent",
    ]
    assert error.path == error.errors[0].path  # the first fault is the error's own place
    lines = str(error).splitlines()
    assert lines[0] == "4 erreurs :"
    assert lines[1:] == [f"- {fault}" for fault in error.errors]
    assert str(error.errors[0]) == (
        "contract.partner.sirne : champ inconnu du partenaire (vouliez-vous dire « siren » ?) ; "
        "attendus : name, address, representative, siren"
    )
    assert str(error.errors[1]) == (
        "habilitations[0].granted_at : instant sans décalage horaire (la date-heure "
        "2024-03-04T09:00:00) ; attendu : l'instant avec son décalage, par exemple "
        "2026-11-23T10:00:00+01:00 (heure de Paris en hiver) ou 2026-11-23T09:00:00Z (UTC)."
    )
    assert str(error.errors[2]) == (
        "habilitations[0].state : valeur inconnue (« actif ») ; attendu : « active », "
        "« suspendue », « dévalidée »"
    )
    assert str(error.errors[3]) == "requests[0].urgent : true ou false attendu, reçu « non »"


def test_beyond_a_hundred_faults_the_rest_are_counted() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["traces"] = [{**data["traces"][0], "at": "hier"} for _ in range(150)]
    with pytest.raises(LoadError) as caught:
        from_data(Dossier, data)
    error = caught.value
    assert error.count == 150
    assert len(error.errors) == 100
    assert [fault.path for fault in error.errors] == [("traces", n, "at") for n in range(100)]
    assert str(error).splitlines()[-1] == "- … et 50 de plus"


@given(data=st.data())
def test_each_wrong_value_is_one_fault_at_its_place(data: st.DataObject) -> None:
    """Values made wrong at several places of a dossier: one fault at each, no other."""
    places = [
        path
        for path in _leaves(EXAMPLE)
        if not isinstance(_at(EXAMPLE, path), dict | list) and path[-1] != "kind"
    ]
    chosen = data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=6, unique=True))
    damaged = EXAMPLE
    for path in chosen:
        damaged = _replaced(damaged, path, [[]])
    with pytest.raises(LoadError) as caught:
        from_data(Dossier, damaged)
    faults = caught.value.errors
    assert caught.value.count == len(chosen)
    for path in chosen:
        assert sum(fault.path[: len(path)] == path for fault in faults) == 1, path


def _at(data: Any, path: tuple[str | int, ...]) -> object:
    for step in path:
        data = data[step]
    return data


@pytest.mark.parametrize(
    ("key", "field"),
    [
        (
            "nom de la caf " * 8,
            "contract.caf[« nom de la caf nom de la caf nom de la caf nom de la caf nom… »]",
        ),
        ("\x00", "contract.caf[« \\x00 »]"),
        ("x y", "contract.caf[« x y »]"),
    ],
    ids=["long", "nul", "space"],
)
def test_a_key_that_is_no_name_is_shown_between_french_quotes(key: str, field: str) -> None:
    with pytest.raises(LoadError) as caught:
        from_data(Dossier, _replaced(EXAMPLE, ("contract", "caf", key), 1))
    assert caught.value.field == field
    assert not _python_in(str(caught.value))


def test_a_date_field_and_an_instant_field_each_say_what_they_take() -> None:
    """Issue 17: a date field offered a date-time form, then refused it."""
    for field, value in (("convention_signed_on", "2026-11-23T10:00:00+01:00"), ("signed_on", "x")):
        with pytest.raises(LoadError) as caught:
            from_data(Dossier, _replaced(EXAMPLE, ("contract", field), value))
        assert caught.value.problem.startswith(
            "une date ISO 8601 (texte « 2026-11-23 » ou date TOML) attendue, reçu « "
        )
        assert "T10:00" not in caught.value.problem.split("attendue")[0]
    with pytest.raises(LoadError) as caught:
        from_data(Dossier, _replaced(EXAMPLE, ("traces", 0, "at"), "x"))
    assert caught.value.problem == (
        "un instant ISO 8601 avec son décalage (texte « 2026-11-23T10:00:00+01:00 » ou "
        "date-heure TOML) attendu, reçu « x »"
    )


def test_every_class_a_file_holds_has_a_french_name() -> None:
    import attrs  # noqa: PLC0415  # only here

    import caf_contract  # noqa: PLC0415

    for name in caf_contract.__all__:
        value = getattr(caf_contract, name)
        if isinstance(value, type) and attrs.has(value):
            assert not object_name(name).startswith("l'objet"), name


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("agent 1", "« agent 1 »"),
        ("  ", "un texte vide"),
        (None, "null"),
        (False, "false"),
        (10**5000, "un entier de 5001 chiffres"),
        ([], "une liste vide"),
        ([1], "une liste de 1 élément"),
        ((1, 2), "un tuple de 2 éléments"),
        (float("nan"), "NaN"),
        (float("-inf"), "-Infinity"),
        ({"a": 1}, "un objet (dictionnaire)"),
        (time(10, 0), "l'heure 10:00:00"),
        (b"x", "une valeur de type bytes"),
    ],
    ids=lambda value: type(value).__name__,  # plain ids: mutmut passes them on a command line
)
def test_values_are_written_as_the_file_writes_them(value: object, written: str) -> None:
    assert received(value) == written
