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
import itertools
import json
import math
import re
import sys
import threading
import tomllib
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, Final, Literal, TypeVar, cast

import attrs

from caf_contract._file_terms import (
    did_you_mean,
    in_file_terms,
    naive_instant,
    of_object,
    received,
)
from caf_contract._format import shown, typed
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


_DUMPERS: dict[type[Any], Callable[[Any], Any]] = {
    BrowserPolicy: _dump_policy,
    OfficeHours: _dump_hours,
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


def dumps(
    value: object,
    *,
    format: Literal["json", "toml"] = "json",  # noqa: A002  # as loads names it
    indent: int | None = 2,
) -> str:
    """``value`` as JSON text (UTF-8 characters kept as they are), or as TOML text.

    In TOML, fields set to ``None`` are left out (TOML has no null: a missing key
    loads as the field's default), and dates and instants are written as ISO 8601
    texts, as in JSON. ``indent`` concerns JSON only.

    >>> from caf_contract import HabilitationQuota
    >>> print(dumps(HabilitationQuota(service="CDAP", maximum=3), format="toml"), end="")
    service = "CDAP"
    maximum = 3

    Raises:
        InvalidValueError: ``value`` holds what the format cannot (see :func:`to_data`);
            in TOML, a value that is no table of fields, or a text holding a lone
            surrogate (half of a UTF-16 pair, which TOML cannot write).
    """
    if format not in ("json", "toml"):  # a tuple: a junk format need not be hashable
        raise InvalidValueError("format", format, "« json » ou « toml »")
    if indent is not None:
        whole_number(indent, "indent", expected="un nombre d'espaces (int) ou None")
    data = to_data(value)
    try:
        if format == "toml":
            return _toml_text(data, source=value)
        return json.dumps(data, ensure_ascii=False, indent=indent)
    except RecursionError:  # the encoder nests deeper than the plain data did
        raise _too_deep(value) from None


# --- TOML text
#
# Our own writer rather than tomli-w: ``caf-contract init`` writes a French comment
# above each field (what to write, the article, the date format), which tomli-w
# cannot, and the dossier needs only a small part of TOML (tables, arrays of tables,
# texts, integers, booleans, lists). Tables come as [headers] and lists of tables as
# [[headers]], so that a dossier reads as a form; a list holding lists (office hours)
# is written inline.

Notes = Mapping[str, str]
"""French comments by field path, list indices left out (``contract.partner.siren``)."""

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str, source: object) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    parts: list[str] = []
    for character in text:
        code = ord(character)
        if character in _TOML_ESCAPES:
            parts.append(_TOML_ESCAPES[character])
        elif code < 0x20 or code == 0x7F:  # TOML forbids them raw
            parts.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            raise InvalidValueError(
                "value",
                source,
                "des textes sans demi-caractère isolé (TOML n'écrit que des caractères "
                "Unicode entiers ; JSON l'écrit en \\ud800)",
                problem="demi-caractère UTF-16 isolé dans un texte",
                shown_as=f"U+{code:04X} dans {shown(text)}",
            )
        else:
            parts.append(character)
    return '"' + "".join(parts) + '"'


def _toml_key(key: str, source: object) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key, source)


def _is_table(data: object) -> bool:
    return isinstance(data, dict)


def _is_table_list(data: object) -> bool:
    return isinstance(data, list) and bool(data) and all(map(_is_table, data))


def _inline(data: object, source: object) -> str:
    if data is None:
        raise InvalidValueError(
            "value",
            source,
            "des listes sans valeur nulle (TOML n'a pas de null)",
            problem="null dans une liste",
        )
    if data is True or data is False:
        return "true" if data else "false"
    if isinstance(data, int | float):
        return repr(data)  # to_data refused what TOML cannot hold (NaN, infinities)
    if isinstance(data, str):
        return _toml_string(data, source)
    if isinstance(data, list):
        return "[" + ", ".join(_inline(item, source) for item in data) + "]"
    pairs = (
        f"{_toml_key(key, source)} = {_inline(item, source)}"
        for key, item in cast("dict[str, object]", data).items()
        if item is not None
    )
    return "{" + ", ".join(pairs) + "}"


def _toml_text(data: object, *, notes: Notes | None = None, source: object = None) -> str:
    """Plain ``data`` (a table, as :func:`to_data` makes) as TOML text.

    ``notes`` gives the comment written above each field, by its path (list indices
    left out); ``source`` is what an error shows.

    Raises:
        InvalidValueError: ``data`` is no table, or holds a lone surrogate.
    """
    if not _is_table(data):
        raise InvalidValueError(
            "value",
            source if source is not None else data,
            "un objet à champs (un texte TOML est une table)",
            problem="pas une table TOML",
        )
    lines: list[str] = []
    _toml_table(cast("dict[str, object]", data), (), lines, notes or {}, source)
    return "".join(line + "\n" for line in lines).lstrip("\n")


def _toml_note(lines: list[str], notes: Notes, path: tuple[str, ...]) -> None:
    note = notes.get(".".join(path))
    if note:
        lines.extend(f"# {line}".rstrip() for line in note.splitlines())


def _toml_table(
    table: dict[str, object],
    path: tuple[str, ...],
    lines: list[str],
    notes: Notes,
    source: object,
) -> None:
    """The fields of ``table`` under its header (written by the caller): plain ones first.

    TOML wants a table's own keys before its sub-tables' headers.
    """
    nested = [(key, item) for key, item in table.items() if _is_table(item) or _is_table_list(item)]
    for key, item in table.items():
        if item is None:  # TOML has no null: the key is left out, its note kept for the reader
            if (*path, key) != () and ".".join((*path, key)) in notes:
                _toml_note(lines, notes, (*path, key))
                lines.append(f"# {_toml_key(key, source)} = …  (non renseigné : ôter le « # »)")
            continue
        if _is_table(item) or _is_table_list(item):
            continue
        _toml_note(lines, notes, (*path, key))
        lines.append(f"{_toml_key(key, source)} = {_inline(item, source)}")
    for key, item in nested:
        inner = (*path, key)
        header = ".".join(_toml_key(step, source) for step in inner)
        items = item if isinstance(item, list) else [item]
        for entry in items:
            lines.append("")
            _toml_note(lines, notes, inner)
            lines.append(f"[[{header}]]" if isinstance(item, list) else f"[{header}]")
            _toml_table(cast("dict[str, object]", entry), inner, lines, notes, source)


# --- from plain data
#
# Each type is read by a loader built once, on its first use, from its type hints (as
# cattrs structures attrs classes): an attrs class's loader knows beforehand its
# fields' loaders, their keys in the data and which are required, so a record costs a
# lookup and a call per field, then the constructor. A loader takes the data alone:
# the path of a faulty value is gathered only on failure, each level adding its step
# as the error passes through, and from_data makes it a LoadError.
#
# One load shares what repeats across its records (a memo, dropped with the load):
# equal texts are kept once, and so are equal SIRENs, scope sets and values of plain
# fields (the people who act, contacts): read once, they are also built once. Values
# are immutable, so sharing changes nothing but time and memory; each memo stops
# growing at _MEMO_LIMIT entries (texts that never repeat, such as ids, would
# otherwise fill it for nothing).

_Memo = defaultdict[int, dict[Any, Any]]
"""What one load shares: for each memo slot (a loader that shares), its values by key."""

Load = Callable[[object, _Memo], Any]
"""A loader: the value that plain data describes; raises :class:`_DataError`."""

_MEMO_LIMIT: Final = 2**14
_SLOTS = itertools.count()


class _DataError(Exception):
    """A fault in the data, its path gathered innermost first as it passes up (never escapes).

    Attributes:
        problem: what is wrong, and what is expected (the message after the path).
        steps: the path to the faulty value, innermost first.
        cause: the constructor's error it comes from, if any.
    """

    def __init__(
        self, problem: str, *steps: str | int, cause: CafContractError | None = None
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.steps: list[str | int] = list(steps)
        self.cause = cause

    def at(self, path: Location) -> LoadError:
        """The :class:`LoadError` it makes under ``path``."""
        return LoadError((*path, *reversed(self.steps)), self.problem)


_LOADED: dict[object, Load] = {}
"""The loader of each type hint met so far."""


def _loader(hint: Any) -> Load:  # noqa: ANN401  # any type hint
    """The loader of ``hint``, built on first use."""
    try:
        return _LOADED[hint]
    except KeyError:
        pass
    except TypeError:  # an unhashable hint (a Literal of a list): built each time
        return _compile(hint)
    return _LOADED.setdefault(hint, _compile(hint))


def _compile(hint: Any) -> Load:  # noqa: ANN401, PLR0911  # any type hint; one return per kind
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _union_loader(typing.get_args(hint))
    if origin in {tuple, frozenset}:
        return _sequence_loader(origin, typing.get_args(hint))
    if not isinstance(hint, type):
        return _as_given  # Any, Literal…: the constructor checks
    if hint in _LOADERS:
        return _LOADERS[hint]
    if hint in _SCALARS:
        return _SCALARS[hint]
    if issubclass(hint, enum.Enum):
        return _enum_loader(hint)
    if hint is Siren:
        return _siren_loader()
    if attrs.has(hint):
        return _attrs_loader(hint)
    return _as_given


def _as_given(data: object, memo: _Memo) -> object:
    del memo
    return data


def _relocated(error: CafContractError, aliases: Mapping[str, str], owner: str) -> _DataError:
    """A constructor's ``error``, at its field's key in the data when it names one of ``owner``."""
    head = error.path[0] if error.path else None
    if error.owner in {None, owner} and isinstance(head, str) and head in aliases:
        return _DataError(
            in_file_terms(error), *reversed(error.path[1:]), aliases[head], cause=error
        )
    # Raised by the value at this very path (a SIREN, an office week): the path says where.
    return _DataError(in_file_terms(error), cause=error)


def _init_aliases(kind: type[Any]) -> dict[str, str]:
    """The data key of each field of ``kind`` given to its constructor (the attrs ``alias``)."""
    return {item.name: item.alias for item in attrs.fields(kind) if item.init}


def _maker(kind: type[T]) -> Callable[[object], T]:
    """``kind(data)``, its own errors located at their field's key."""
    aliases = _init_aliases(kind) if attrs.has(kind) else {}
    owner = kind.__name__

    def make(data: object) -> T:
        try:
            return kind(data)  # type: ignore[call-arg]  # the classes of one argument
        except LoadError:
            raise
        except CafContractError as error:
            raise _relocated(error, aliases, owner) from error

    return make


def _mapping_loader(kind: type[T]) -> Load:
    """A value stored as a mapping its constructor takes whole (``BrowserPolicy``…)."""
    make = _maker(kind)

    def load(data: object, memo: _Memo) -> T:
        del memo
        if not isinstance(data, Mapping):
            raise _DataError(f"un objet (dictionnaire) attendu, reçu {received(data)}")
        return make(data)

    return load


_LOADERS: dict[type[Any], Load] = {
    BrowserPolicy: _mapping_loader(BrowserPolicy),
    OfficeHours: _mapping_loader(OfficeHours),
}


def _siren_loader() -> Load:
    """A SIREN from its text, each text read once per load."""
    make = _maker(Siren)
    slot = next(_SLOTS)

    def load(data: object, memo: _Memo) -> Siren:
        if type(data) is not str:
            return make(data)
        seen = memo[slot]
        siren: Siren | None = seen.get(data)
        if siren is None:
            siren = make(data)
            if len(seen) < _MEMO_LIMIT:
                seen[data] = siren
        return siren

    return load


def _attrs_loader(kind: type[Any]) -> Load:
    """The loader of the attrs class ``kind``, built once.

    A class met again while its own fields are resolved (a recursive type) is read
    through a forwarder to the loader being built.
    """
    try:
        return _LOADED[kind]
    except KeyError:
        pass
    with _BUILDING:  # one build at a time; a loader found half-built waits for it
        found = _LOADED.get(kind)
        if found is not None:
            return found
        built: list[Load] = []

        def forward(data: object, memo: _Memo) -> Any:  # noqa: ANN401
            if not built:  # another thread is building it: wait for the build to end
                with _BUILDING:
                    pass
            return built[0](data, memo)

        before = set(_LOADED)
        _LOADED[kind] = forward
        try:
            load = _compile_attrs(kind)
        except BaseException:  # unresolvable hints: nothing half-built stays
            for hint in set(_LOADED) - before:
                del _LOADED[hint]
            raise
        built.append(load)
        _LOADED[kind] = load
        return load


_BUILDING: Final = threading.RLock()
"""Held while loaders are built: a recursive type's loader is published before it is
complete (its own fields refer to it), and another thread meeting it must wait."""


def _is_plain(hint: Any) -> bool:  # noqa: ANN401  # any type hint
    """Whether values of ``hint`` are written as one text, number or flag (or null)."""
    if typing.get_origin(hint) in {typing.Union, types.UnionType}:
        return all(_is_plain(argument) for argument in typing.get_args(hint))
    return hint in {str, int, bool, type(None), Siren} or (
        isinstance(hint, type) and issubclass(hint, enum.Enum)
    )


class _Layout(typing.NamedTuple):
    """How an attrs class is written in the data: its keys, their hints, which are required."""

    fields: tuple[tuple[str, Any, bool], ...]
    """Each key (the field's alias), its type hint, and whether it must be given."""
    aliases: dict[str, str]
    owner: str
    known: frozenset[str]
    """The keys, to tell an unknown one."""

    def unknown(self, key: object) -> _DataError:
        """The fault of ``key``, which is no key of the class.

        A text key is shown as a field (``a.b``), or in brackets between quotes when
        it is no name (``a[« x y »]``, shortened, a line break escaped: it cannot
        break the message or hide where it starts); any other key as the file would
        write it.
        """
        step = key if isinstance(key, str) and key.isidentifier() else Key(received(key))
        known = [alias for alias, _, _ in self.fields]
        return _DataError(
            f"champ inconnu {of_object(self.owner)}{did_you_mean(key, known)} ; "
            f"attendus : {', '.join(known)}",
            step,
        )

    def missing(self) -> _DataError:
        return _DataError(f"champ obligatoire {of_object(self.owner)} manquant")


_LAYOUTS: dict[type[Any], _Layout] = {}


def _layout(kind: type[Any]) -> _Layout:
    """How ``kind`` is written in the data, worked out once per class."""
    found = _LAYOUTS.get(kind)
    if found is None:
        found = _LAYOUTS.setdefault(kind, _new_layout(kind))
    return found


def _new_layout(kind: type[Any]) -> _Layout:
    fields = [field for field in attrs.fields(kind) if field.init]
    hints = typing.get_type_hints(kind)
    return _Layout(
        tuple((field.alias, hints[field.name], field.default is attrs.NOTHING) for field in fields),
        _init_aliases(kind),
        kind.__name__,
        frozenset(field.alias for field in fields),
    )


def _compile_attrs(kind: type[Any]) -> Load:  # noqa: C901  # the loader is one closure
    layout = _layout(kind)
    plan = tuple((alias, _loader(hint), required) for alias, hint, required in layout.fields)
    known, aliases, owner = layout.known, layout.aliases, layout.owner
    # A value of plain fields only (a person, a contact) is read once per load for
    # each way it is written, as long as it is written in texts and nulls.
    shared = all(_is_plain(hint) for _, hint, _ in layout.fields)
    slot = next(_SLOTS)

    def build(data: Mapping[Any, Any], memo: _Memo) -> Any:  # noqa: ANN401  # an instance of kind
        if not known.issuperset(data):
            raise layout.unknown(min((key for key in data if key not in known), key=str))
        values: dict[str, Any] = {}
        alias = ""
        try:
            for alias, load_field, required in plan:
                if alias in data:
                    values[alias] = load_field(data[alias], memo)
                elif required:
                    raise layout.missing()
        except _DataError as error:
            error.steps.append(alias)
            raise
        try:
            return kind(**values)
        except LoadError:
            raise
        except CafContractError as error:
            raise _relocated(error, aliases, owner) from error

    def load(data: object, memo: _Memo) -> Any:  # noqa: ANN401  # an instance of kind
        if type(data) is not dict:
            if not isinstance(data, Mapping):
                raise _DataError(f"un objet (dictionnaire) attendu, reçu {received(data)}")
            return build(data, memo)
        if not shared or not all(type(item) in _TEXT_OR_NULL for item in data.values()):
            return build(data, memo)
        key = tuple(data.items())
        seen = memo[slot]
        value = seen.get(key)
        if value is None:
            value = build(data, memo)
            if len(seen) < _MEMO_LIMIT:
                seen[key] = value
        return value

    return load


# Equal values of these types are the same value: a key of the memo (1 == True is no).
_TEXT_OR_NULL: Final = frozenset({str, type(None)})


def _plain(kind: type[Any], expected: str) -> Load:
    def load(data: object, memo: _Memo) -> Any:  # noqa: ANN401
        del memo
        # bool is an int in Python, not in the data: 1 is no boolean, True no number.
        if type(data) is kind:
            return data
        raise _DataError(f"{expected} attendu, reçu {received(data)}")

    return load


_TEXTS = next(_SLOTS)


def _load_text(data: object, memo: _Memo) -> str:
    if type(data) is not str:  # a subclass of str is taken as given, never shared
        if isinstance(data, str):
            return data
        raise _DataError(f"un texte attendu, reçu {received(data)}")
    seen = memo[_TEXTS]
    text: str | None = seen.get(data)
    if text is None:
        if len(seen) < _MEMO_LIMIT:
            seen[data] = data
        return data
    return text


_TEMPORAL_EXPECTED = {
    date: "une date ISO 8601 (texte « 2026-11-23 » ou date TOML) attendue",
    datetime: "un instant ISO 8601 avec son décalage "
    "(texte « 2026-11-23T10:00:00+01:00 » ou date-heure TOML) attendu",
    time: "une heure ISO 8601 (texte « 10:00 » ou heure TOML) attendue",
}


def _iso(kind: type[date | time]) -> Load:
    parse_iso = kind.fromisoformat

    def load(data: object, memo: _Memo) -> Any:  # noqa: ANN401
        del memo
        value = data
        if isinstance(data, str):
            try:  # noqa: SIM105  # contextlib.suppress costs more, once per value
                value = parse_iso(data)
            except ValueError:  # the same words as for a value of another kind
                pass
        # TOML writes dates, date-times and times unquoted: tomllib gives them as
        # Python values, taken as they are when of the kind expected (a datetime is
        # no date here). An instant without offset (a TOML local date-time) is refused
        # here, with the other faults of its record, rather than by the value.
        if isinstance(value, kind) and (kind is not date or not isinstance(value, datetime)):
            if kind is datetime and value.tzinfo is None:  # type: ignore[union-attr]
                raise _DataError(naive_instant(received(data)))
            return value
        raise _DataError(f"{_TEMPORAL_EXPECTED[kind]}, reçu {received(data)}")

    return load


_SCALARS: dict[type[Any], Load] = {
    bool: _plain(bool, "true ou false"),
    int: _plain(int, "un nombre entier"),
    str: _load_text,
    date: _iso(date),
    datetime: _iso(datetime),
    time: _iso(time),
}


def _load_article(data: object, memo: _Memo) -> Article:
    # Read as Reason reads it: « Art. 3.3 » is 3.3.
    del memo
    try:
        return Article.parse(data)
    except CafContractError as error:
        raise _DataError(error.detail, cause=error) from error


def _enum_loader(kind: type[enum.Enum]) -> Load:
    if kind is Article:
        return _load_article
    members = kind._value2member_map_  # where kind(value) looks first
    accepted = ", ".join(typed(str(member.value)) for member in kind)

    def load(data: object, memo: _Memo) -> enum.Enum:
        del memo
        try:
            member = members.get(data)
        except TypeError:  # a list or an object: kind(data) says it is no member
            member = None
        if member is not None:
            return member
        try:
            return kind(data)
        except ValueError:
            raise _DataError(f"valeur inconnue ({received(data)}) ; attendu : {accepted}") from None

    return load


_NULL_REFUSED = "null refusé ; attendu : une valeur"


def _union_loader(arguments: tuple[Any, ...]) -> Load:
    nullable = type(None) in arguments
    options = [argument for argument in arguments if argument is not type(None)]
    if len(options) != 1:
        # A union of several types (none in the value objects today) is left to the
        # constructor, which checks its own input.
        def load_any(data: object, memo: _Memo) -> object:
            del memo
            if data is None and not nullable:
                raise _DataError(_NULL_REFUSED)
            return data

        return load_any
    load_option = _loader(options[0])
    blank_siren = options[0] is Siren

    def load(data: object, memo: _Memo) -> Any:  # noqa: ANN401
        if data is None:
            if nullable:
                return None
            raise _DataError(_NULL_REFUSED)
        if blank_siren and _blank_siren(Siren, data):
            # The template's empty SIREN: the value object says what a blank means
            # there (a Partner reads it as not given).
            return data
        return load_option(data, memo)

    return load


def _sequence_loader(origin: type[Any], arguments: tuple[Any, ...]) -> Load:
    def refused(data: object) -> _DataError:
        return _DataError(f"une liste attendue, reçu {received(data)}")

    if origin is tuple and not (len(arguments) == 2 and arguments[1] is Ellipsis):

        def load_fixed(data: object, memo: _Memo) -> tuple[Any, ...]:
            del memo
            if not isinstance(data, list):
                raise refused(data)
            return tuple(data)  # fixed-length tuples: the constructor checks them

        return load_fixed
    load_item = _loader(arguments[0])
    # A set of texts (data scopes) is kept once per load, as texts are.
    shared = origin is frozenset and arguments[0] is str
    slot = next(_SLOTS)

    def load(data: object, memo: _Memo) -> Any:  # noqa: ANN401
        if not isinstance(data, list):
            raise refused(data)
        items: list[Any] = []
        append = items.append
        index = 0
        try:
            for index, item in enumerate(data):  # noqa: B007  # index: where it failed
                append(load_item(item, memo))
        except _DataError as error:
            error.steps.append(index)
            raise
        if origin is tuple:
            return tuple(items)
        return _kept(memo[slot], frozenset(items)) if shared else frozenset(items)

    return load


def _kept(seen: dict[Any, Any], value: T) -> T:
    """The value equal to ``value`` kept in ``seen``, or ``value``, kept if there is room."""
    kept: T | None = seen.get(value)
    if kept is not None:
        return kept
    if len(seen) < _MEMO_LIMIT:
        seen[value] = value
    return value


def _memo() -> _Memo:
    """An empty memo, for one load."""
    return defaultdict(dict)


def from_data(kind: type[T], data: object) -> T:
    """The value object of type ``kind`` that ``data`` describes (inverse of :func:`to_data`).

    Raises:
        LoadError: a field is missing, unknown, of the wrong type, or refused by the
            value object; its ``path`` says which (``bulletins[1].quotas[0].maximum``).
    """
    return _reader(kind)(data)


def _reader(kind: type[T]) -> Callable[[object], T]:
    """:func:`from_data` for ``kind``, over many values sharing one memo (records of a stream).

    Raises:
        InvalidValueError: ``kind`` is no value class.
    """
    if not isinstance(kind, type):
        raise InvalidValueError("kind", kind, "une classe de valeur de caf_contract")
    load: Load
    if kind is Siren or kind in _LOADERS:  # stored in a form of their own (a SIREN as text)
        load = _loader(kind)
    elif attrs.has(kind):
        load = _attrs_loader(kind)
    else:
        raise InvalidValueError("kind", kind, "une classe de valeur de caf_contract")
    memo = _memo()

    def read(data: object) -> T:
        try:
            value: T = load(data, memo)
        except _DataError as error:
            raise _every_fault(kind, data, error) from error.cause
        return value

    return read


# --- every fault of the data at once
#
# Loading stops at the first fault: that keeps it fast. Once one is found, the data
# is walked again, field by field, to find them all, so that one run of `check` lists
# every mistake of a file. Each value is judged by its own loader; a value whose
# fields are all fine is then built whole, which is where its constructor's checks
# across fields (an answer before its request) are met.

_MAX_FAULTS: Final = 100
"""How many faults an error lists; beyond, it says how many more there are."""


class _Faults:
    """The faults found in one walk: the first ones kept, all of them counted."""

    __slots__ = ("count", "kept")

    def __init__(self) -> None:
        self.kept: list[LoadError] = []
        self.count = 0

    def add(self, error: LoadError) -> None:
        self.count += 1
        if len(self.kept) < _MAX_FAULTS:
            self.kept.append(error)


def _every_fault(kind: type[Any], data: object, first: _DataError) -> LoadError:
    """The error that lists every fault of ``data``, the one ``first`` found first."""
    faults = _Faults()
    try:
        _collect(kind, data, (), faults)
    except RecursionError:  # data nested deeper than the walk can go: the first one
        faults = _Faults()
    if not faults.kept:  # pragma: no cover  # the walk meets what the load met
        return first.at(())
    return LoadError.listing(faults.kept, count=faults.count)


_FAILED: Final = object()
"""What :func:`_collect` gives for a value with faults: no value."""


def _collect(hint: Any, data: object, path: Location, faults: _Faults) -> object:  # noqa: ANN401  # any type hint
    """Every fault of ``data`` read as ``hint`` at ``path``, added to ``faults``.

    Returns the value read, or :data:`_FAILED` when it has a fault: a value whose
    parts all read is built from them, not read again (each level read again read
    its whole subtree: a faulty dossier took six times a good one's load).
    """
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = [argument for argument in typing.get_args(hint) if argument is not type(None)]
        if len(options) == 1 and data is not None and not _blank_siren(options[0], data):
            return _collect(options[0], data, path, faults)
    elif origin in {tuple, frozenset} and isinstance(data, list):
        arguments = typing.get_args(hint)
        if origin is frozenset or (len(arguments) == 2 and arguments[1] is Ellipsis):
            items = [
                _collect(arguments[0], item, (*path, index), faults)
                for index, item in enumerate(data)
            ]
            if any(item is _FAILED for item in items):
                return _FAILED
            return tuple(items) if origin is tuple else frozenset(items)
    elif (
        isinstance(hint, type)
        and attrs.has(hint)
        and hint not in _LOADERS
        and hint is not Siren
        and isinstance(data, Mapping)
    ):
        return _collect_fields(hint, data, path, faults)
    try:
        return _loader(hint)(data, _memo())
    except _DataError as error:
        faults.add(error.at(path))
        return _FAILED


def _collect_fields(
    kind: type[Any], data: Mapping[Any, Any], path: Location, faults: _Faults
) -> object:
    """:func:`_collect` for a value object: each field's faults, then the value's own checks."""
    before = faults.count
    layout = _layout(kind)
    known = layout.known
    for key in sorted((key for key in data if key not in known), key=str):
        faults.add(layout.unknown(key).at(path))
    values: dict[str, object] = {}
    for alias, field_hint, required in layout.fields:
        if alias in data:
            values[alias] = _collect(field_hint, data[alias], (*path, alias), faults)
        elif required:
            faults.add(layout.missing().at((*path, alias)))
    if faults.count > before:
        return _FAILED
    try:
        return kind(**values)
    except LoadError:
        raise
    except CafContractError as error:  # the value's own checks, as the loader relocates them
        faults.add(_relocated(error, layout.aliases, layout.owner).at(path))
        return _FAILED


def _blank_siren(hint: Any, data: object) -> bool:  # noqa: ANN401  # any type hint
    """The template's empty SIREN, which the value object reads as not given."""
    return hint is Siren and isinstance(data, str) and not data.strip()


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
            f"JSON invalide : clé en double {received(error.key)} dans un même objet ; "
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
