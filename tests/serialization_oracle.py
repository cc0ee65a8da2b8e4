"""The loader of caf_contract 0.1 before issue 16, kept as an oracle for the tests.

:mod:`caf_contract.serialization` now builds a loader once per type and gathers the
path of a fault only when it fails; this is the walk it replaced, copied as it was
(hints read per value, the path built at every step). The tests compare the two on
valid and on damaged data: the same values, the same errors at the same paths.
Never imported by the library.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

import attrs

from caf_contract._format import shown
from caf_contract.articles import Article
from caf_contract.availability import OfficeHours
from caf_contract.contract import BrowserPolicy, Contract
from caf_contract.dossier import Dossier
from caf_contract.errors import CafContractError, InvalidValueError, Key, LoadError, Location
from caf_contract.parties import Siren
from caf_contract.serialization import parse

__all__ = ["from_data", "parse_dossier"]

T = TypeVar("T")


def _load_mapping(kind: type[T]) -> Callable[[object, Location], T]:
    def load(data: object, path: Location) -> T:
        if not isinstance(data, Mapping):
            raise LoadError(path, f"un objet (dictionnaire) attendu, reçu {shown(data)}")
        return _construct(kind, (data,), {}, path)

    return load


_LOADERS: dict[type[Any], Callable[[object, Location], Any]] = {
    BrowserPolicy: _load_mapping(BrowserPolicy),
    OfficeHours: _load_mapping(OfficeHours),
}

_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(kind: type[Any]) -> dict[str, Any]:
    """The resolved field types of ``kind`` (resolved once: it walks the module)."""
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind)
    return _HINTS[kind]


def _at_key(path: Location, key: object) -> Location:
    """The path of a key as the data gives it.

    A text key is shown as a field (``a.b``), or in brackets by its ``repr`` when it
    is no name (``a['x y']``: a line break or spaces cannot break the message or hide
    where it starts); any other key by its ``repr``.
    """
    if isinstance(key, str) and key.isidentifier():
        return (*path, key)
    return (*path, Key(shown(key)))


_ALIASES: dict[type[Any], dict[str, str]] = {}


def _aliases(kind: type[Any]) -> dict[str, str]:
    """The data key of each field of ``kind`` (the attrs ``alias``)."""
    if kind not in _ALIASES:
        _ALIASES[kind] = {item.name: item.alias for item in attrs.fields(kind) if item.init}
    return _ALIASES[kind]


def _construct(kind: type[T], args: tuple[Any, ...], kwargs: dict[str, Any], path: Location) -> T:
    """``kind(*args, **kwargs)``, its own errors located at their field's path in the data."""
    try:
        return kind(*args, **kwargs)
    except LoadError:
        raise
    except CafContractError as error:
        aliases = _aliases(kind) if attrs.has(kind) else {}
        head = error.path[0] if error.path else None
        if error.owner in {None, kind.__name__} and isinstance(head, str) and head in aliases:
            where = (*path, aliases[head], *error.path[1:])
            raise LoadError(where, error.detail) from error
        raise LoadError(path, str(error)) from error


def _load_attrs(kind: type[Any], data: object, path: Location) -> Any:
    if not isinstance(data, Mapping):
        raise LoadError(path, f"un objet (dictionnaire) attendu, reçu {shown(data)}")
    fields = {field.alias: field for field in attrs.fields(kind) if field.init}
    unknown = sorted((key for key in data if key not in fields), key=str)
    if unknown:
        raise LoadError(
            _at_key(path, unknown[0]),
            f"champ inconnu de {kind.__name__} ; attendus : {', '.join(fields)}",
        )
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for alias, field in fields.items():
        if alias not in data:
            if field.default is attrs.NOTHING:
                raise LoadError((*path, alias), f"champ obligatoire de {kind.__name__} manquant")
            continue
        values[alias] = _load(hints[field.name], data[alias], (*path, alias))
    return _construct(kind, (), values, path)


def _plain(kind: type[Any], expected: str) -> Callable[[object, Location], Any]:
    def load(data: object, path: Location) -> Any:
        # bool is an int in Python, not in the data: 1 is no boolean, True no number.
        if type(data) is kind or (kind is str and isinstance(data, str)):
            return data
        raise LoadError(path, f"{expected} attendu, reçu {shown(data)}")

    return load


_TEMPORAL_EXPECTED = {
    date: "une date ISO 8601 (texte « 2026-11-23 » ou date TOML) attendue",
    datetime: "un instant ISO 8601 avec son décalage "
    "(texte « 2026-11-23T10:00:00+01:00 » ou date-heure TOML) attendu",
    time: "une heure ISO 8601 (texte « 10:00 » ou heure TOML) attendue",
}


def _temporal(data: object) -> str:
    """A received value, dates and times as TOML writes them."""
    if isinstance(data, datetime):
        return f"la date-heure {data.isoformat()}"
    if isinstance(data, date):
        return f"la date {data.isoformat()}"
    if isinstance(data, time):
        return f"l'heure {data.isoformat()}"
    return shown(data)


def _iso(kind: type[date | time]) -> Callable[[object, Location], Any]:
    def load(data: object, path: Location) -> Any:
        if isinstance(data, str):
            try:
                return kind.fromisoformat(data)
            except ValueError:
                raise LoadError(
                    path,
                    f"date ISO 8601 invalide {shown(data)} ; attendu : 2026-11-23 "
                    "ou 2026-11-23T10:00:00+01:00",
                ) from None
        # TOML writes dates, date-times and times unquoted: tomllib gives them as
        # Python values, taken as they are when of the kind expected (a datetime is
        # no date here). A local date-time (no offset) is naive: the value refuses it.
        if isinstance(data, kind) and (kind is not date or not isinstance(data, datetime)):
            return data
        raise LoadError(path, f"{_TEMPORAL_EXPECTED[kind]}, reçu {_temporal(data)}")

    return load


_SCALARS: dict[type[Any], Callable[[object, Location], Any]] = {
    bool: _plain(bool, "true ou false"),
    int: _plain(int, "un nombre entier"),
    str: _plain(str, "un texte"),
    date: _iso(date),
    datetime: _iso(datetime),
    time: _iso(time),
}


def _load_enum(kind: type[enum.Enum], data: object, path: Location) -> enum.Enum:
    if kind is Article:  # read as Reason reads it: « Art. 3.3 » is 3.3
        try:
            return Article.parse(data)
        except CafContractError as error:
            raise LoadError(path, error.detail) from error
    try:
        return kind(data)
    except ValueError:
        accepted = ", ".join(repr(member.value) for member in kind)
        raise LoadError(path, f"valeur inconnue {shown(data)} ; attendu : {accepted}") from None


def _load_union(arguments: tuple[Any, ...], data: object, path: Location) -> Any:
    if data is None and type(None) in arguments:
        return None
    options = [argument for argument in arguments if argument is not type(None)]
    if data is None:
        raise LoadError(path, "null refusé ; attendu : une valeur")
    if options == [Siren] and isinstance(data, str) and not data.strip():
        # The template's empty SIREN: the value object says what a blank means there
        # (a Partner reads it as not given).
        return data
    # A union of several types (none in the value objects today) is left to the
    # constructor, which checks its own input.
    return _load(options[0], data, path) if len(options) == 1 else data


def _load_sequence(origin: Any, arguments: tuple[Any, ...], data: object, path: Location) -> Any:
    if not isinstance(data, list):
        raise LoadError(path, f"une liste attendue, reçu {shown(data)}")
    if origin is tuple and not (len(arguments) == 2 and arguments[1] is Ellipsis):
        return tuple(data)  # fixed-length tuples: the constructor checks them
    items = [_load(arguments[0], element, (*path, index)) for index, element in enumerate(data)]
    return tuple(items) if origin is tuple else frozenset(items)


def _load(hint: Any, data: object, path: Location) -> Any:  # noqa: PLR0911  # one return per kind
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _load_union(typing.get_args(hint), data, path)
    if origin in {tuple, frozenset}:
        return _load_sequence(origin, typing.get_args(hint), data, path)
    if not isinstance(hint, type):
        return data  # Any, Literal…: the constructor checks
    if hint in _LOADERS:
        return _LOADERS[hint](data, path)
    if hint in _SCALARS:
        return _SCALARS[hint](data, path)
    if issubclass(hint, enum.Enum):
        return _load_enum(hint, data, path)
    if hint is Siren:
        return _construct(Siren, (data,), {}, path)
    if attrs.has(hint):
        return _load_attrs(hint, data, path)
    return data


def from_data(kind: type[T], data: object) -> T:
    """The value object of type ``kind`` that ``data`` describes (inverse of :func:`to_data`).

    Raises:
        LoadError: a field is missing, unknown, of the wrong type, or refused by the
            value object; its ``path`` says which (``bulletins[1].quotas[0].maximum``).
    """
    if not isinstance(kind, type):
        raise InvalidValueError("kind", kind, "une classe de valeur de caf_contract")
    if kind is Siren or kind in _LOADERS:  # stored in a form of their own (a SIREN as text)
        loaded: T = _load(kind, data, ())
        return loaded
    if not attrs.has(kind):
        raise InvalidValueError("kind", kind, "une classe de valeur de caf_contract")
    value: T = _load_attrs(kind, data, ())
    return value


def parse_dossier(text: str, *, format: typing.Literal["json", "toml"] = "json") -> Dossier:  # noqa: A002
    """:func:`caf_contract.files.parse_dossier` as it was: the text parsed whole."""
    data = parse(text, format=format)
    if isinstance(data, Mapping) and "caf" in data and "contract" not in data:
        return Dossier(contract=from_data(Contract, data))
    return from_data(Dossier, data)
