"""Plain data (dicts, JSON, TOML) to and from every value object: an adapter at the edge.

:func:`to_data` turns a value object into plain, JSON-ready data (dicts, lists, strings,
numbers, booleans); :func:`from_data` builds the value object back, through its own
constructor, so that every rule of the value holds. An error names the faulty field by
its path in the data (``bulletins[1].quotas[0].maximum``). :func:`dumps` and
:func:`loads` do the same with JSON or TOML text. Nothing here reads a file.

Hand-written rather than cattrs: the value objects validate in their constructors, so
the walk is thin (about as long as cattrs' configuration would be); it adds no runtime
dependency; and its errors are ours (French, with the field path) rather than
exception groups to translate.

>>> from datetime import date
>>> from caf_contract import HabilitationQuota
>>> to_data(HabilitationQuota(service="CDAP", maximum=3))
{'service': 'CDAP', 'role': None, 'maximum': 3}
>>> from_data(HabilitationQuota, {"service": "CDAP", "maximum": 0})
Traceback (most recent call last):
...
caf_contract.errors.LoadError: maximum : Art. 2.2 — quota nul, négatif ou non entier (0) ;
attendu : un nombre maximal d'habilitations entier, au moins 1.
"""

from __future__ import annotations

import enum
import json
import math
import re
import sys
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, Literal, TypeVar

import attrs

from caf_contract._format import shown
from caf_contract._validate import accepts, whole_number
from caf_contract.articles import Article
from caf_contract.availability import OfficeHours, _written_week
from caf_contract.contract import BrowserPolicy
from caf_contract.errors import CafContractError, InvalidValueError, Key, LoadError, Location
from caf_contract.parties import Siren

__all__ = ["dumps", "from_data", "loads", "parse", "to_data"]

T = TypeVar("T")


# --- special cases: values whose stored form differs from what their constructor takes


def _dump_policy(policy: BrowserPolicy) -> dict[str, str]:
    return {name: ".".join(map(str, version)) for name, version in policy.minimum_versions}


def _dump_hours(hours: OfficeHours) -> dict[str, list[list[str]]]:
    # As the constructor reads them, seconds kept: {"lundi": [["08:30", "12:00"]]}.
    written = _written_week(hours)
    return {day: [list(interval) for interval in intervals] for day, intervals in written.items()}


def _load_mapping(kind: type[T]) -> Callable[[object, Location], T]:
    def load(data: object, path: Location) -> T:
        if not isinstance(data, Mapping):
            raise LoadError(path, f"un objet (dictionnaire) attendu, reçu {shown(data)}")
        return _construct(kind, (data,), {}, path)

    return load


_DUMPERS: dict[type[Any], Callable[[Any], Any]] = {
    BrowserPolicy: _dump_policy,
    OfficeHours: _dump_hours,
}
_LOADERS: dict[type[Any], Callable[[object, Location], Any]] = {
    BrowserPolicy: _load_mapping(BrowserPolicy),
    OfficeHours: _load_mapping(OfficeHours),
}


# --- to plain data


def to_data(value: object) -> Any:  # noqa: ANN401  # plain data
    """``value`` as plain, JSON-ready data.

    Dates and instants become ISO 8601 text (instants keep their offset), enums their
    value, tuples and sets lists (sets sorted), value objects dicts of their fields.

    Raises:
        InvalidValueError: ``value`` holds what JSON cannot (NaN, an integer too long to
            write, two keys written alike, data nested too deep or holding itself).
    """
    try:
        return _to_data(value)
    except RecursionError:  # one level of Python recursion per level of nesting
        raise _too_deep(value) from None


def _too_deep(value: object) -> InvalidValueError:
    return InvalidValueError(
        "value",
        value,
        "des données imbriquées sur quelques centaines de niveaux au plus, "
        "aucune ne se contenant elle-même",
        problem="imbrication trop profonde",
        shown_as="données imbriquées",
    )


def _to_data(value: object) -> Any:  # noqa: ANN401, PLR0911  # plain data; one return per kind
    kind = type(value)
    if kind in _DUMPERS:
        return _DUMPERS[kind](value)
    if isinstance(value, enum.Enum):
        return _to_data(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return _scalar(value)
    if isinstance(value, Siren):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if attrs.has(kind):
        return {
            field.alias: _to_data(getattr(value, field.name))
            for field in attrs.fields(kind)
            if field.init
        }
    if isinstance(value, frozenset | set):
        return sorted((_to_data(item) for item in value), key=json.dumps)
    if isinstance(value, tuple | list):
        return [_to_data(item) for item in value]
    if isinstance(value, Mapping):
        return _plain_mapping(value)
    raise InvalidValueError("value", value, "un objet de caf_contract ou une donnée simple")


def _scalar(value: bool | float | str | None) -> bool | float | str | None:  # noqa: FBT001
    """``value``, refused when JSON cannot hold it: NaN, infinities, integers too long to write."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValueError(
            "value",
            value,
            "un nombre fini (JSON n'écrit ni NaN ni l'infini)",
            problem="nombre non fini",
        )
    limit = sys.get_int_max_str_digits()  # 0: no limit
    # 10**limit has more than 3 * limit bits: only huge numbers pay for the comparison.
    if (
        isinstance(value, int)
        and limit
        and value.bit_length() > 3 * limit
        and abs(value) >= 10**limit
    ):
        raise InvalidValueError(
            "value",
            value,
            f"un nombre entier d'au plus {limit} chiffres (ce que Python écrit et relit en texte)",
            problem="nombre entier trop long",
        )
    return value


def _plain_mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    """``value`` with text keys, as JSON has them; two keys written alike are refused."""
    plain: dict[str, Any] = {}
    for key, item in value.items():
        written = str(_scalar(key) if isinstance(key, int) else key)
        if written in plain:
            raise InvalidValueError(
                "value",
                value,
                "des clés distinctes une fois écrites en texte (les clés JSON sont des textes)",
                problem="clé en double une fois écrite en texte",
                shown_as=f"« {written} »",
            )
        plain[written] = _to_data(item)
    return plain


def dumps(value: object, *, indent: int | None = 2) -> str:
    """``value`` as JSON text (UTF-8 characters kept as they are)."""
    if indent is not None:
        whole_number(indent, "indent", expected="un nombre d'espaces (int) ou None")
    data = to_data(value)
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent)
    except RecursionError:  # the encoder nests deeper than the plain data did
        raise _too_deep(value) from None


# --- from plain data


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


def _load_attrs(kind: type[Any], data: object, path: Location) -> Any:  # noqa: ANN401
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
    def load(data: object, path: Location) -> Any:  # noqa: ANN401
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
    def load(data: object, path: Location) -> Any:  # noqa: ANN401
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


def _load_union(arguments: tuple[Any, ...], data: object, path: Location) -> Any:  # noqa: ANN401
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


def _load_sequence(origin: Any, arguments: tuple[Any, ...], data: object, path: Location) -> Any:  # noqa: ANN401
    if not isinstance(data, list):
        raise LoadError(path, f"une liste attendue, reçu {shown(data)}")
    if origin is tuple and not (len(arguments) == 2 and arguments[1] is Ellipsis):
        return tuple(data)  # fixed-length tuples: the constructor checks them
    items = [_load(arguments[0], element, (*path, index)) for index, element in enumerate(data)]
    return tuple(items) if origin is tuple else frozenset(items)


def _load(hint: Any, data: object, path: Location) -> Any:  # noqa: ANN401, PLR0911  # one return per kind
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


def loads(kind: type[T], text: str, *, format: Literal["json", "toml"] = "json") -> T:  # noqa: A002
    """The value object of type ``kind`` described by JSON or TOML ``text``.

    Raises:
        LoadError: the text does not parse, or describes no valid value.
    """
    return from_data(kind, parse(text, format=format))


@accepts(text=(str, "un texte JSON ou TOML"))
def parse(text: str, *, format: Literal["json", "toml"] = "json") -> object:  # noqa: A002
    """The plain data of JSON or TOML ``text``; a byte order mark at its start is skipped.

    Raises:
        LoadError: the text does not parse.
    """
    if format not in ("json", "toml"):  # a tuple: a junk format need not be hashable
        raise InvalidValueError("format", format, "« json » ou « toml »")
    # Windows Notepad starts a UTF-8 file with U+FEFF; neither parser takes it, and
    # it means nothing: skip one (RFC 8259 § 8.1 lets a JSON parser ignore it).
    text = text.removeprefix("\ufeff")
    try:
        data: object = (
            json.loads(text, object_pairs_hook=_unique_keys)
            if format == "json"
            else tomllib.loads(text)
        )
    except _DuplicateKeyError as error:
        # JSON leaves duplicate keys to the reader; Python's keeps the last one, which
        # would silently drop a part of the dossier (TOML refuses them itself).
        raise LoadError(
            (),
            f"JSON invalide : clé en double {shown(error.key)} dans un même objet ; "
            "attendu : chaque clé une seule fois par objet",
        ) from None
    except json.JSONDecodeError as error:
        raise LoadError(
            (),
            f"JSON invalide, ligne {error.lineno} colonne {error.colno} : "
            f"{_in_french(error.msg, _JSON_PROBLEMS)}",
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise LoadError((), _toml_problem(str(error))) from error
    except RecursionError:  # the parsers recurse once per level of nesting
        raise LoadError(
            (),
            f"{format.upper()} invalide : imbrication trop profonde ; attendu : des listes "
            "et des objets imbriqués sur quelques dizaines de niveaux au plus",
        ) from None
    except ValueError as error:
        raise LoadError((), _unparsable(format.upper(), error)) from error
    return data


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The object of ``pairs``, refused when a key comes twice."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:  # pragma: no branch  # a key comes twice: the loop finds it
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return found


# What the decoders say, in French: each message is matched on its beginning (some
# end with the character at fault, or a key); an unknown one is « syntaxe invalide ».
_JSON_PROBLEMS = (
    ("Expecting value", "valeur attendue"),
    ("Expecting property name", "nom de champ entre guillemets doubles attendu"),
    ("Expecting ':'", "« : » attendu"),
    ("Expecting ','", "« , » attendu"),
    ("Unterminated string", "texte sans guillemet fermant"),
    ("Invalid control character", "caractère de contrôle dans un texte (à écrire \\n, \\t…)"),
    ("Invalid \\uXXXX escape", "séquence \\uXXXX invalide"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("Extra data", "données en trop après la valeur"),
    ("Illegal trailing comma", "virgule en trop avant la fin"),
)
_TOML_PROBLEMS = (
    ("Invalid statement", "instruction invalide"),
    ("Expected newline or end of document", "fin de ligne attendue après une instruction"),
    ("Cannot declare", "table déclarée deux fois"),
    ("Cannot overwrite a value", "valeur déjà définie"),
    ("Cannot mutate immutable namespace", "table déjà close, qui ne peut plus changer"),
    ("Cannot redefine namespace", "table redéfinie"),
    ("Duplicate inline table key", "clé en double dans une table en ligne"),
    ("Invalid initial character for a key", "clé invalide"),
    ("Expected '=' after a key", "« = » attendu après une clé"),
    ("Expected ']]'", "« ]] » attendu"),
    ("Expected ']'", "« ] » attendu"),
    ("Unclosed array", "liste non fermée"),
    ("Unclosed inline table", "table en ligne non fermée"),
    ("Invalid value", "valeur invalide"),
    ("Invalid date or datetime", "date ou date-heure invalide"),
    ("Invalid hex value", "valeur hexadécimale invalide"),
    ("Unterminated string", "texte sans guillemet fermant"),
    ("Illegal character", "caractère interdit dans un texte"),
    ("Found invalid character", "caractère invalide"),
    ("Unescaped '\\'", "« \\ » non échappé dans un texte"),
    ("Escaped character is not a Unicode scalar value", "caractère échappé hors d'Unicode"),
)
_TOML_WHERE = re.compile(
    r"(?P<message>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)",
    re.DOTALL,
)


def _in_french(message: str, problems: tuple[tuple[str, str], ...]) -> str:
    return next(
        (french for english, french in problems if message.startswith(english)),
        "syntaxe invalide",
    )


def _toml_problem(message: str) -> str:
    """A tomllib error (« Invalid value (at line 1, column 11) ») in French, place kept."""
    where = _TOML_WHERE.fullmatch(message)
    if where is None:
        return f"TOML invalide : {_in_french(message, _TOML_PROBLEMS)}"
    place = (
        f"ligne {where['line']} colonne {where['column']}"
        if where["line"] is not None
        else "en fin de document"
    )
    return f"TOML invalide, {place} : {_in_french(where['message'], _TOML_PROBLEMS)}"


def _unparsable(language: str, error: ValueError) -> str:
    """What to say of a parser's ``ValueError`` that is no syntax error."""
    if "digits" in str(error):  # int() refuses long literals (CVE-2020-10735)
        limit = sys.get_int_max_str_digits()
        return (
            f"{language} invalide : nombre entier de plus de {limit} chiffres ; "
            f"attendu : un nombre d'au plus {limit} chiffres"
        )
    return f"{language} invalide : texte illisible ; attendu : un texte {language}"
