"""Decisions an auditor can replay: a :class:`DecisionRecord` per decision, one JSON line each.

A record keeps what a decision was and everything it rested on: the decision itself,
the rule that took it and the articles it cites, a digest of the rule's inputs (the
SHA-256 of their canonical JSON, :func:`canonical_json`), the instant ``now`` or the
day ``as_of`` it was taken for, the versions of the library and of the holiday data,
the contract's template version and the parameters in force. :meth:`DecisionRecord.to_json`
writes it on one line, for a JSON Lines decision log (as OPA's decision logs are);
:meth:`DecisionRecord.from_json` reads the line back.

:func:`dossier_records` records every decision ``caf-contract check`` takes on a dossier,
with the Art. 3.3 decision on each reminder its requests record; :func:`replay_decisions`
takes them again from a dossier, each at its own ``now``, and says which would now
differ (after an update of the holiday data, a change of parameters, an avenant).

Nothing here reads a file or the clock: the caller passes ``now`` / ``as_of`` and the
records, the command line (``check --log``, ``replay``) reads and writes the log.

>>> from datetime import datetime
>>> from caf_contract import Decision, Reason
>>> from caf_contract._time import PARIS
>>> decision = Decision.allow(Reason("3.3", "délai écoulé"))
>>> record = DecisionRecord.of(decision, rule="may_send_reminder",
...                            inputs={"sent_at": datetime(2026, 11, 23, 10, tzinfo=PARIS)},
...                            now=datetime(2026, 12, 1, 9, tzinfo=PARIS))
>>> record.inputs_digest
'sha256:69f55377bdc11d3b0b6a57922725133d08d6b6378b8c3cbfbf72a59a45b4da4e'
>>> DecisionRecord.from_json(record.to_json()) == record
True
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timezone
from typing import Any, Final, Self

import attrs
from dateutil.relativedelta import relativedelta

from caf_contract._format import counted, day_text, typed
from caf_contract._html import Shown
from caf_contract._time import PARIS, paris_day
from caf_contract._validate import (
    accepts,
    instance_of,
    is_aware,
    is_day,
    non_blank,
    optional,
    optional_text,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.contract import Contract
from caf_contract.decision import Decision
from caf_contract.dossier import Dossier, check_dossier
from caf_contract.errors import CafContractError, InvalidValueError, UnsupportedYearError
from caf_contract.incidents import may_remind
from caf_contract.parameters import ParameterSet, resolve
from caf_contract.serialization import to_data

__all__ = [
    "RECORD_VERSION",
    "REMINDER_RULE",
    "DecisionRecord",
    "Replayed",
    "canonical_json",
    "dossier_records",
    "inputs_digest",
    "parameters_data",
    "replay_decisions",
]

RECORD_VERSION: Final = 1
"""The version of a record's JSON form (its ``schema_version``): raised when a field
changes or goes, never when one is added (a reader ignores the keys it does not know)."""


# --- canonical JSON and the digest of the inputs

_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _escaped(text: str) -> str:
    r"""``text`` (JSON) with each lone surrogate escaped (``\udcff``): valid UTF-8, same meaning."""
    return _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def canonical_json(data: object) -> str:
    r"""The canonical JSON text of ``data``: one text for one value, whoever writes it.

    ``data`` is first made plain as :func:`~caf_contract.serialization.to_data` makes it
    (value objects as dicts of their fields, dates and instants in ISO 8601 with their
    offset, sets as sorted lists); then written with the keys of every object sorted by
    code point, no whitespace at all (``","`` and ``":"`` alone between items), every
    character as itself except those JSON must escape (``"``, ``\``, control
    characters, and a lone surrogate, written ``\udcff``), numbers as Python's
    :mod:`json` writes them, NaN and the infinities refused. Its UTF-8 bytes are what
    :func:`inputs_digest` hashes. (Close to RFC 8785, but not it: keys are sorted by
    code point, not by UTF-16 unit, and the numbers are Python's.)

    >>> print(canonical_json({"b": [2, 1], "a": "Épinal", "c": None}))
    {"a":"Épinal","b":[2,1],"c":null}

    Raises:
        InvalidValueError: ``data`` holds what JSON cannot (see ``to_data``).
    """
    text = json.dumps(
        to_data(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return _escaped(text)


def inputs_digest(inputs: Mapping[str, object]) -> str:
    """``sha256:`` and the hexadecimal SHA-256 of the UTF-8 :func:`canonical_json` of ``inputs``.

    ``inputs`` names each input of a rule (``{"contract": …, "request": …}``); equal
    inputs give the same digest, whatever the order of their keys.

    >>> inputs_digest({"a": 1}) == inputs_digest({"a": 1})
    True
    >>> inputs_digest({"a": 1})
    'sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862'
    """
    if not isinstance(inputs, Mapping):
        raise InvalidValueError(
            "inputs", inputs, "un dictionnaire des entrées de la règle, par nom"
        )
    return "sha256:" + hashlib.sha256(canonical_json(inputs).encode("utf-8")).hexdigest()


_DIGEST: Final = re.compile(r"sha256:[0-9a-f]{64}")


# --- the parameters in force, as plain data


def _duration(delta: relativedelta) -> str:
    """An ISO 8601 duration: ``P6M``, ``P6Y``, ``P1Y2M3DT4H``."""
    day_part = "".join(
        f"{getattr(delta, name)}{unit}"
        for name, unit in (("years", "Y"), ("months", "M"), ("days", "D"))
        if getattr(delta, name)
    )
    time_part = "".join(
        f"{getattr(delta, name)}{unit}"
        for name, unit in (("hours", "H"), ("minutes", "M"), ("seconds", "S"))
        if getattr(delta, name)
    )
    if not (day_part or time_part):
        return "P0D"
    return "P" + day_part + (f"T{time_part}" if time_part else "")


def _plain_value(value: object) -> object:
    if isinstance(value, relativedelta):
        return _duration(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted((_plain_value(item) for item in value), key=json.dumps)
    if isinstance(value, tuple | list):
        return [_plain_value(item) for item in value]
    return value


def parameters_data(parameters: ParameterSet) -> dict[str, dict[str, Any]]:
    """The parameters in force as plain data: for each, its value, wording, article and day.

    Durations as ISO 8601 (``P6M``), dates as ISO 8601, sets as sorted lists; the
    quotes and descriptions, which decide nothing, are left out.

    >>> from caf_contract.parameters import current
    >>> parameters_data(current())["trace_retention"]
    {'value': 'P6M', 'wording': 'six mois', 'article': '5.3.2', 'valid_from': '2024-01-19'}

    Raises:
        InvalidValueError: ``parameters`` is no :class:`~caf_contract.parameters.ParameterSet`.
    """
    if not isinstance(parameters, ParameterSet):
        raise InvalidValueError("parameters", parameters, "ParameterSet(...)")
    return {
        parameter.name: {
            "value": _plain_value(parameter.value),
            "wording": parameter.wording,
            "article": parameter.article.value,
            "valid_from": parameter.valid_from.isoformat(),
        }
        for parameter in parameters
    }


class _FrozenData(Mapping[str, Any]):
    """A JSON object made immutable (and hashable): read like a dict, compared to one."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]) -> None:
        self._items = {key: _frozen(item) for key, item in items.items()}

    def __getitem__(self, key: str) -> Any:  # noqa: ANN401  # JSON data
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        return self._items == other if isinstance(other, Mapping) else NotImplemented

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[type[_FrozenData], tuple[dict[str, Any]]]:
        return (type(self), (self._items,))


def _frozen(data: object) -> object:
    """Plain data made immutable: objects as :class:`_FrozenData`, lists as tuples."""
    if isinstance(data, Mapping):
        return _FrozenData(data)
    if isinstance(data, list | tuple):
        return tuple(_frozen(item) for item in data)
    return data


def _thawed(data: object) -> object:
    """:func:`_frozen` undone: dicts and lists, for JSON."""
    if isinstance(data, Mapping):
        return {key: _thawed(item) for key, item in data.items()}
    if isinstance(data, tuple):
        return [_thawed(item) for item in data]
    return data


def _is_plain(data: object) -> bool:
    """Whether ``data`` is JSON data: objects with text keys, lists, texts, numbers, flags, null."""
    if isinstance(data, Mapping):
        return all(isinstance(key, str) and _is_plain(item) for key, item in data.items())
    if isinstance(data, list | tuple):
        return all(_is_plain(item) for item in data)
    return data is None or isinstance(data, str | int | float | bool)


def _parameters(value: object) -> Mapping[str, Any]:
    if isinstance(value, ParameterSet):
        value = parameters_data(value)
    if not isinstance(value, Mapping) or not _is_plain(value):
        raise InvalidValueError(
            "DecisionRecord.parameters",
            value,
            "un ParameterSet, ou ses données simples (un objet JSON par paramètre)",
        )
    return _FrozenData(value)


def _articles(value: object) -> tuple[Article, ...]:
    items = tuple_of(value, str, "DecisionRecord.articles", "des articles du contrat (« 3.3 »)")
    return tuple(Article.parse(item) for item in items)


def _digest(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del instance, attribute
    if not isinstance(value, str) or not _DIGEST.fullmatch(value):
        raise InvalidValueError(
            "DecisionRecord.inputs_digest",
            value,
            "« sha256: » suivi de 64 chiffres hexadécimaux en minuscules",
        )


# --- the versions of what a decision rests on


def _library_version() -> str:
    import caf_contract  # noqa: PLC0415  # the package's version, read on first use

    return caf_contract.__version__


@functools.cache
def _holiday_data_version() -> str:
    """The version of the ``holidays`` package: the public holidays the calendars use."""
    from importlib import metadata  # noqa: PLC0415  # on first use only

    return metadata.version("holidays")


# --- the record


def _fixed_offset(value: datetime | None) -> datetime | None:
    """An aware instant with its offset as a fixed zone: what its ISO 8601 text reads back as.

    An instant of a zone with changes of offset (Europe/Paris) compares unequal to
    the same instant read back from its text when it falls in a fold or a gap of that
    zone (PEP 495): the record keeps the offset, not the zone.
    """
    if isinstance(value, datetime) and value.tzinfo is not None:
        offset = value.utcoffset()
        if offset is not None:
            return value.replace(tzinfo=timezone(offset), fold=0)
    return value


def _version_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    non_blank(instance, attribute, value)


@attrs.frozen(kw_only=True)
class DecisionRecord(Shown):
    """One decision as an auditor keeps it: what was decided, on what, under which versions.

    Build one with :meth:`of`, which reads the versions in use and digests the inputs;
    read one back with :meth:`from_json` (or :meth:`from_dict`).

    Attributes:
        rule: the name of the rule that decided (``"check_request"``, ``"may_remind"``).
        subject: what was decided about, as ``check`` names it (``"saisine n° 2"``),
            where the inputs are found again in the dossier; ``None`` for a rule
            called on its own.
        decision: the decision.
        articles: the articles it cites (:attr:`Decision.articles`).
        inputs_digest: ``sha256:`` and the SHA-256 of the canonical JSON of the rule's
            inputs (:func:`inputs_digest`); ``now`` and ``as_of`` are apart.
        now: the instant the rule decided at, if it takes one.
        as_of: the day the rule decided for, if it takes one.
        library_version: the version of caf-contract that decided.
        template_version: the update date of the contract's template version
            (``2024-01-19``), when a contract was involved and gives one.
        holidays_version: the version of the ``holidays`` package, whose data the
            working-day calendars read.
        parameters: the parameters in force, as plain data (:func:`parameters_data`),
            read-only (lists as tuples).
    """

    rule: str = attrs.field(validator=non_blank)
    subject: str | None = attrs.field(validator=optional_text)
    decision: Decision = attrs.field(validator=instance_of(Decision, "Decision(...)"))
    articles: tuple[Article, ...] = attrs.field(converter=_articles)
    inputs_digest: str = attrs.field(validator=_digest)
    now: datetime | None = attrs.field(converter=_fixed_offset, validator=optional(is_aware))
    as_of: date | None = attrs.field(validator=optional(is_day))
    library_version: str = attrs.field(validator=_version_text)
    template_version: date | None = attrs.field(validator=optional(is_day))
    holidays_version: str = attrs.field(validator=_version_text)
    parameters: Mapping[str, Any] = attrs.field(converter=_parameters)

    _html_caption = "Décision enregistrée"
    _html_fields = (
        ("rule", "Règle"),
        ("subject", "Sujet"),
        ("decision", "Décision"),
        ("now", "Instant"),
        ("as_of", "Jour"),
        ("inputs_digest", "Empreinte des entrées"),
        ("library_version", "Version de caf-contract"),
        ("template_version", "Version du modèle de contrat"),
        ("holidays_version", "Version des jours fériés"),
    )

    @classmethod
    def of(  # noqa: PLR0913  # a decision and all it rested on
        cls,
        decision: Decision,
        *,
        rule: str,
        inputs: Mapping[str, object],
        subject: str | None = None,
        now: datetime | None = None,
        as_of: date | None = None,
        contract: Contract | None = None,
        parameters: ParameterSet | None = None,
    ) -> Self:
        """The record of ``decision``, taken by ``rule`` on ``inputs`` at ``now`` / for ``as_of``.

        The versions are those in use: this library's and the ``holidays``
        package's. The template version is ``contract``'s; the parameters are
        ``parameters``, else ``contract``'s, else those in force on the day of
        ``as_of`` or ``now`` (the latest template's without either).

        Raises:
            InvalidValueError: ``decision`` is no :class:`Decision`, ``inputs`` holds
                what JSON cannot, ``now`` is naive, ``contract`` no :class:`Contract`.
        """
        if not isinstance(decision, Decision):
            raise InvalidValueError("decision", decision, "Decision(...)")
        if contract is not None and not isinstance(contract, Contract):
            raise InvalidValueError("contract", contract, "Contract(...) ou None")
        if parameters is None and contract is not None:
            parameters = contract.parameters
        if parameters is None:
            day = as_of if as_of is not None else None if now is None else paris_day(now, "now")
            parameters = resolve(None, day)
        return cls(
            rule=rule,
            subject=subject,
            decision=decision,
            articles=decision.articles,
            inputs_digest=inputs_digest(inputs),
            now=now,
            as_of=as_of,
            library_version=_library_version(),
            template_version=None if contract is None else contract.template_version,
            holidays_version=_holiday_data_version(),
            parameters=resolve(parameters),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form: JSON-ready, ``schema_version`` first."""
        return {
            "schema_version": RECORD_VERSION,
            "rule": self.rule,
            "subject": self.subject,
            "decision": self.decision.to_dict(),
            "articles": [article.value for article in self.articles],
            "inputs_digest": self.inputs_digest,
            "now": None if self.now is None else self.now.isoformat(),
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "library_version": self.library_version,
            "template_version": (
                None if self.template_version is None else self.template_version.isoformat()
            ),
            "holidays_version": self.holidays_version,
            "parameters": _thawed(self.parameters),
        }

    def to_json(self) -> str:
        r"""The record on one line of JSON (no line break in it), for a JSON Lines log.

        Characters as themselves (UTF-8), a lone surrogate escaped (``\udcff``).
        """
        return _escaped(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`; keys it does not know are ignored.

        Raises:
            InvalidValueError: ``data`` is no dict, is of another ``schema_version``,
                lacks a field or holds a malformed value there; the error names it
                (``DecisionRecord.now``, ``Decision.reasons[0].message``).
        """
        if not isinstance(data, Mapping):
            raise InvalidValueError("DecisionRecord", data, _RECORD_FORM)
        version = data.get("schema_version")
        if type(version) is not int or version != RECORD_VERSION:
            raise InvalidValueError(
                "DecisionRecord.schema_version",
                version,
                f"{RECORD_VERSION}, la version des enregistrements que lit cette bibliothèque",
                problem="version inconnue" if "schema_version" in data else "clé absente",
            )
        missing = [name for name in _FIELDS if name not in data]
        if missing:
            raise InvalidValueError(
                f"DecisionRecord.{missing[0]}", data, _RECORD_FORM, problem="clé absente"
            )
        decision = data["decision"]
        if not isinstance(decision, Mapping):
            raise InvalidValueError("DecisionRecord.decision", decision, "un objet Decision")
        return cls(
            rule=data["rule"],
            subject=data["subject"],
            decision=Decision.from_dict(decision),
            articles=_read_list(data["articles"], "articles"),
            inputs_digest=data["inputs_digest"],
            now=_read_iso(data["now"], "now", datetime),
            as_of=_read_iso(data["as_of"], "as_of", date),
            library_version=data["library_version"],
            template_version=_read_iso(data["template_version"], "template_version", date),
            holidays_version=data["holidays_version"],
            parameters=data["parameters"],
        )

    @classmethod
    def from_json(cls, line: str) -> Self:
        """The record written on ``line`` by :meth:`to_json`.

        Raises:
            InvalidValueError: ``line`` is no JSON object, or no record (see
                :meth:`from_dict`).
        """
        if not isinstance(line, str):
            raise InvalidValueError("line", line, "une ligne de texte JSON")
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidValueError(
                "line",
                line,
                _RECORD_FORM,
                problem=f"JSON illisible (colonne {error.colno} : {_json_problem(error.msg)})",
                shown_as=typed(line if len(line) <= _SHOWN else f"{line[:_SHOWN]}…"),
            ) from None
        return cls.from_dict(data)


_RECORD_FORM = "un objet JSON tel que DecisionRecord.to_json l'écrit"
_SHOWN: Final = 40  # characters of a line that does not read, shown in the error
_FIELDS: Final = tuple(field.name for field in attrs.fields(DecisionRecord))
_JSON_PROBLEMS: Final = {
    "Expecting value": "valeur attendue",
    "Extra data": "texte après la fin de l'objet",
    "Unterminated string starting at": "texte non terminé",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendu",
}


def _json_problem(message: str) -> str:
    """What :mod:`json` says is wrong, in French when it is one of the usual faults."""
    return _JSON_PROBLEMS.get(message, message)


def _read_list(value: object, key: str) -> object:
    if not isinstance(value, list):
        raise InvalidValueError(f"DecisionRecord.{key}", value, "une liste d'articles (« 3.3 »)")
    return value


def _read_iso(value: object, key: str, kind: type[date]) -> Any:  # noqa: ANN401  # date or datetime
    if value is None:
        return None
    expected = (
        "un instant ISO 8601 avec son décalage, ou null"
        if kind is datetime
        else "une date ISO 8601, ou null"
    )
    if not isinstance(value, str):
        raise InvalidValueError(f"DecisionRecord.{key}", value, expected)
    try:  # date.fromisoformat reads a date only, never a date and a time
        return kind.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(f"DecisionRecord.{key}", value, expected) from None


# --- the decisions of a dossier's check, recorded and replayed

_REQUEST: Final = re.compile(r"saisine n° ([1-9][0-9]*)")
_REMINDER: Final = re.compile(r"saisine n° ([1-9][0-9]*), relance n° ([1-9][0-9]*)")
_READER: Final = re.compile(r"lecteur des traces n° ([1-9][0-9]*)")

REMINDER_RULE: Final = "may_remind"
"""The rule of the Art. 3.3 decisions recorded beside the check's: may a reminder be sent."""


def _nth(items: tuple[Any, ...], number: str) -> Any:  # noqa: ANN401  # an item of a dossier
    """The ``number``-th item (from 1), ``None`` when there are fewer."""
    index = int(number) - 1
    return items[index] if index < len(items) else None


class _Inputs:
    """The inputs of each decision of a dossier, by its subject; the contract made plain once."""

    __slots__ = ("_contract", "dossier")

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self._contract: object = None

    @property
    def contract(self) -> object:
        if self._contract is None:
            self._contract = to_data(self.dossier.contract)
        return self._contract

    def checked(self, subject: str | None) -> tuple[str, dict[str, object]] | None:
        """The rule that decides ``subject`` in :func:`check_dossier`, and its inputs.

        ``None`` when the dossier has no such subject (a request it no longer holds).
        """
        dossier = self.dossier
        if subject == "contrat":
            return "check_contract", {"contract": self.contract}
        if subject == "habilitations":
            if not (dossier.habilitations or dossier.delegation.history):
                return None
            return "check_dossier", {
                "contract": self.contract,
                "habilitations": dossier.habilitations,
                "delegation": dossier.delegation,
            }
        if subject == "traces":
            return ("check_sessions", {"traces": dossier.traces}) if dossier.traces else None
        for pattern, rule, key, items in (
            (_REQUEST, "check_request", "request", dossier.requests),
            (_READER, "may_read_traces", "reader", dossier.trace_readers),
        ):
            found = pattern.fullmatch(subject or "")
            if found is not None:
                item = _nth(items, found[1])
                return None if item is None else (rule, {"contract": self.contract, key: item})
        return None

    def reminder(self, number: int, subject: str, now: datetime) -> DecisionRecord:
        """The Art. 3.3 decision on the ``number``-th request at ``now``, recorded."""
        contract = self.dossier.contract
        request = self.dossier.requests[number - 1]
        return DecisionRecord.of(
            may_remind(request, now, contract=contract),
            rule=REMINDER_RULE,
            inputs={"contract": self.contract, "request": request},
            subject=subject,
            now=now,
            contract=contract,
        )


@accepts(dossier=Dossier)
def dossier_records(dossier: Dossier) -> tuple[DecisionRecord, ...]:
    """Every decision ``caf-contract check`` takes on ``dossier``, recorded; and each reminder's.

    First, one record per decision of :func:`~caf_contract.dossier.check_dossier`,
    under its subject (« contrat », « saisine n° 2 »…), its rule named
    (``check_contract``, ``check_dossier`` for the habilitations, ``check_request``,
    ``check_sessions``, ``may_read_traces``). Then, after each request, one record per
    reminder it records: the Art. 3.3 decision whether a reminder could be sent at that
    instant (:func:`~caf_contract.incidents.may_remind`, on the working days of the
    contract's Caf), under the subject « saisine n° 2, relance n° 1 », its ``now``
    the reminder's instant, in Paris time. Those are the decisions that a change of
    the holiday data can turn: check does not judge them (Art. 3.2 binds a reminder's
    address, which it does judge; not its delay).

    >>> from caf_contract.files import example_dossier
    >>> for record in dossier_records(example_dossier())[:3]:
    ...     print(record.subject, record.rule)
    contrat check_contract
    habilitations check_dossier
    saisine n° 1 check_request

    Raises:
        InvalidValueError: a reminder falls in a year the holiday data do not cover
            (its field named: ``Dossier.requests[0].reminders[1].at``).
    """
    inputs = _Inputs(dossier)
    contract = dossier.contract
    records: list[DecisionRecord] = []
    for subject, decision in check_dossier(dossier):
        checked = inputs.checked(subject)
        if checked is None:  # pragma: no cover  # every subject of the check has its rule
            message = f"check_dossier subject {subject!r} has no rule"
            raise AssertionError(message)
        rule, given = checked
        records.append(
            DecisionRecord.of(decision, rule=rule, inputs=given, subject=subject, contract=contract)
        )
        found = _REQUEST.fullmatch(subject)
        if found is not None:
            records += _reminder_records(inputs, int(found[1]))
    return tuple(records)


def _reminder_records(inputs: _Inputs, number: int) -> list[DecisionRecord]:
    request = inputs.dossier.requests[number - 1]
    records = []
    for index, reminder in enumerate(request.reminders, start=1):
        try:
            records.append(
                inputs.reminder(
                    number,
                    f"saisine n° {number}, relance n° {index}",
                    reminder.at.astimezone(PARIS),
                )
            )
        except UnsupportedYearError as error:
            raise InvalidValueError(
                f"Dossier.requests[{number - 1}].reminders[{index - 1}].at",
                reminder.at,
                f"une saisine et sa relance entre {error.first} et {error.last}, années des "
                "jours fériés connus (le délai se compte en jours ouvrés)",
                problem=f"année {error.year} non couverte par les jours fériés connus",
                article=Article.ART_3_3,
                shown_as=reminder.at.isoformat(),
            ) from error
    return records


def _normal(decision: Decision) -> Decision:
    """``decision`` as its record reads it back: what a replay compares."""
    return Decision.from_dict(decision.to_dict())


def _day_or_none(day: date | None) -> str:
    return "aucune" if day is None else day_text(day)


def _same_problem(instance: Replayed, attribute: attrs.Attribute[Any], value: object) -> None:
    del attribute
    if (instance.replayed is None) == (value is None):
        raise InvalidValueError(
            "Replayed.problem",
            value,
            "un texte quand la décision n'a pu être reprise (replayed None), None sinon",
        )


@attrs.frozen(kw_only=True)
class Replayed(Shown):
    """A recorded decision taken again: the record, the new one, and what changed between.

    Attributes:
        record: the decision as recorded.
        replayed: the same rule on the same subject, now, at the record's own ``now`` /
            ``as_of``; ``None`` when it could not be taken again.
        problem: why it could not (the subject is no longer in the dossier…), in
            French; ``None`` when it was.
    """

    record: DecisionRecord = attrs.field(
        validator=instance_of(DecisionRecord, "DecisionRecord(...)")
    )
    replayed: DecisionRecord | None = attrs.field(
        validator=optional(instance_of(DecisionRecord, "DecisionRecord(...) ou None"))
    )
    problem: str | None = attrs.field(default=None, validator=[optional_text, _same_problem])

    _html_caption = "Décision rejouée"

    def _html_rows(self) -> list[tuple[str, object]]:
        return [
            ("Règle", self.record.rule),
            ("Sujet", self.record.subject),
            ("Décision enregistrée", self.record.decision),
            ("Décision rejouée", None if self.replayed is None else self.replayed.decision),
            ("Diffère", self.differs),
            ("Problème", self.problem),
        ]

    @property
    def differs(self) -> bool:
        """Whether the decision would now be another (or could not be taken again)."""
        return self.replayed is None or _normal(self.record.decision) != _normal(
            self.replayed.decision
        )

    @property
    def verdict_changed(self) -> bool:
        """Whether the answer itself turned (allowed ↔ refused), not only its reasons."""
        return self.replayed is not None and (
            self.record.decision.allowed != self.replayed.decision.allowed
        )

    @property
    def changes(self) -> tuple[str, ...]:
        """What changed since the record, in French: inputs, versions, parameters.

        Empty when nothing it keeps changed (or when the decision was not taken again).
        """
        before, after = self.record, self.replayed
        if after is None:
            return ()
        said = []
        if before.inputs_digest != after.inputs_digest:
            said.append("les entrées de la règle (le dossier a changé)")
        if before.library_version != after.library_version:
            said.append(f"caf-contract {before.library_version} → {after.library_version}")
        if before.holidays_version != after.holidays_version:
            said.append(
                f"les jours fériés (holidays {before.holidays_version} → {after.holidays_version})"
            )
        if before.template_version != after.template_version:
            said.append(
                f"la version du modèle de contrat ({_day_or_none(before.template_version)} → "
                f"{_day_or_none(after.template_version)})"
            )
        changed = [
            name
            for name in sorted({*before.parameters, *after.parameters})
            if before.parameters.get(name) != after.parameters.get(name)
        ]
        if changed:
            said.append(f"les paramètres du contrat ({', '.join(changed)})")
        return tuple(said)


@accepts(dossier=Dossier)
def replay_decisions(records: Iterable[DecisionRecord], dossier: Dossier) -> tuple[Replayed, ...]:
    """Each record's decision taken again from ``dossier``, at the record's own ``now``.

    A record of :func:`dossier_records` names its subject: the rule is applied again
    to what the dossier holds under that subject today (the contract with its
    avenants, the request, the reader…), with the holiday data, the parameters and
    the library in use now; a reminder's decision is taken at the record's ``now``.
    :attr:`Replayed.differs` says whether the answer changed, :attr:`Replayed.changes`
    what changed since. A subject the dossier no longer holds, or a rule that is not
    the check's, cannot be replayed: its :attr:`Replayed.problem` says why.

    >>> from caf_contract.files import example_dossier
    >>> records = dossier_records(example_dossier())
    >>> [replayed.differs for replayed in replay_decisions(records, example_dossier())]
    [False, False, False, False, False]

    Raises:
        InvalidValueError: ``records`` is no sequence of :class:`DecisionRecord`.
    """
    items = tuple_of(records, DecisionRecord, "records", "DecisionRecord(...)")
    inputs = _Inputs(dossier)
    checked: dict[str, Decision] | None = None
    replayed: list[Replayed] = []
    for record in items:
        if record.rule == REMINDER_RULE:
            replayed.append(_replay_reminder(record, inputs))
            continue
        found = inputs.checked(record.subject)
        if found is None or found[0] != record.rule:
            replayed.append(_unreplayable(record, found is None))
            continue
        if checked is None:  # the check, once, for every record that asks for one of its decisions
            checked = dict(check_dossier(dossier))
        rule, given = found
        again = DecisionRecord.of(
            checked[record.subject or ""],
            rule=rule,
            inputs=given,
            subject=record.subject,
            contract=dossier.contract,
        )
        replayed.append(Replayed(record=record, replayed=again))
    return tuple(replayed)


def _unreplayable(record: DecisionRecord, absent: bool) -> Replayed:  # noqa: FBT001
    subject = "aucun" if record.subject is None else f"« {record.subject} »"
    if absent and record.rule in _CHECK_RULES:
        problem = f"sujet {subject} absent du dossier"
    else:
        problem = (
            f"règle « {record.rule} » sur le sujet {subject} : pas une décision du contrôle "
            "d'un dossier"
        )
    return Replayed(record=record, replayed=None, problem=problem)


_CHECK_RULES: Final = frozenset(
    {"check_contract", "check_dossier", "check_request", "check_sessions", "may_read_traces"}
)


def _replay_reminder(record: DecisionRecord, inputs: _Inputs) -> Replayed:
    found = _REMINDER.fullmatch(record.subject or "")
    if found is None or record.now is None:
        return _unreplayable(record, absent=False)
    number = int(found[1])
    if number > len(inputs.dossier.requests):
        return Replayed(
            record=record,
            replayed=None,
            problem=f"sujet « {record.subject} » absent du dossier, qui compte "
            f"{counted(len(inputs.dossier.requests), 'saisine')}",
        )
    reminders = len(inputs.dossier.requests[number - 1].reminders)
    if int(found[2]) > reminders:  # the request is there, its reminder no longer
        return Replayed(
            record=record,
            replayed=None,
            problem=f"sujet « {record.subject} » absent du dossier : la saisine n° {number} "
            f"compte {counted(reminders, 'relance')}",
        )
    try:
        again = inputs.reminder(number, record.subject or "", record.now)
    except CafContractError as error:
        return Replayed(record=record, replayed=None, problem=f"la règle refuse l'entrée : {error}")
    return Replayed(record=record, replayed=again)
