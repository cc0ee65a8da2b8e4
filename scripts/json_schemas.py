"""Write the JSON Schemas (2020-12) of src/caf_contract/schemas/ from the attrs classes.

Run: python scripts/json_schemas.py (rewrites the files); python scripts/json_schemas.py
--check exits 1, naming them, when the files checked in differ from what the classes
give (tests/test_json_schemas.py runs it in-process: a class changed without its
schema fails the tests). The schemas are data, not prose: edit the classes (or the
few choices below), then run the script.

How a class becomes a schema: an attrs class is an object of its fields (under their
``alias``, the key its loader reads), each field of the kind its type hint names,
reached through ``$ref`` to ``$defs``. A dossier is what a partner writes: a field
without a default is required, and an unknown key is refused
(``additionalProperties: false``), as the loader refuses it. A decision, a record and
``check --json`` are what the library writes: every field is required but those
whose default is ``None`` (written only when present, as a reason's ``remedy``), and
other keys are allowed (``additionalProperties`` left open): a minor version may add
one, and a reader ignores the keys it does not know.
"""

from __future__ import annotations

import argparse
import enum
import json
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Final

import attrs

from caf_contract.cli import JSON_SCHEMA_VERSION
from caf_contract.contract import Contract
from caf_contract.decision import Decision, Reason
from caf_contract.dossier import Dossier
from caf_contract.json_schemas import JSON_SCHEMAS
from caf_contract.parameters import Parameter, ParameterSet
from caf_contract.parties import _ROLE_ALIASES, InterlocutorRole, Siren
from caf_contract.records import RECORD_VERSION, DecisionRecord
from caf_contract.remedy import Remedy
from caf_contract.template import FIELD_NOTES

DIRECTORY: Final = Path(__file__).resolve().parents[1] / "src" / "caf_contract" / "schemas"
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

# Texts as the loader reads them: the forms the library writes, and those users write.
DAY: Final = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "Date ISO 8601 : 2026-11-23.",
}
INSTANT: Final = {
    "type": "string",
    "pattern": (
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?"
        "(Z|[+-][0-9]{2}:[0-9]{2})$"
    ),
    "description": "Instant ISO 8601 avec son décalage horaire : 2026-11-23T10:00:00+01:00 "
    "(un instant sans décalage est refusé).",
}
CLOCK: Final = {
    "type": "string",
    "pattern": "^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
    "description": "Heure ISO 8601 : 10:00.",
}
SIREN: Final = {
    "type": "string",
    "pattern": "^[ \u00a0\u202f]*([0-9][ \u00a0\u202f]*){9}$",
    "description": "SIREN : 9 chiffres (espaces permis entre les groupes), clé de Luhn valide "
    "(que le schéma ne vérifie pas), autre que 000000000.",
}
BLANK: Final = {
    "type": "string",
    "pattern": "^\\s*$",
    "description": "Vide : le SIREN du modèle, pas encore renseigné.",
}
REMEDY: Final = {
    "type": "object",
    "description": "Ce qui permettrait (issue 18) : un texte en français et des données "
    "structurées ; ouvert, sa forme étant celle qu'écrit la bibliothèque qui l'a produit.",
}

SCALARS: Final[Mapping[object, Mapping[str, Any]]] = {
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    str: {"type": "string"},
    datetime: INSTANT,
    date: DAY,
    time: CLOCK,
    Siren: SIREN,
}

# Enumerations read by alias as well as by value (InterlocutorRole._missing_).
ALIASES: Final[Mapping[type[enum.Enum], Sequence[str]]] = {InterlocutorRole: sorted(_ROLE_ALIASES)}

# What a validator refuses beyond the field's type: a decision cites at least one reason.
REFINEMENTS: Final[Mapping[tuple[type[Any], str], Mapping[str, Any]]] = {
    (Decision, "reasons"): {"minItems": 1},
    (Reason, "message"): {"minLength": 1},
}

RECORD_NOTES: Final = {
    "schema_version": "Version de cette structure : 1 aujourd'hui.",
    "rule": "La règle qui a décidé : check_contract, check_dossier, check_request, "
    "check_sessions, may_read_traces, may_remind…",
    "subject": "Ce sur quoi porte la décision, comme check le nomme (« saisine n° 2 », "
    "« saisine n° 2, relance n° 1 ») ; null pour une règle appelée seule.",
    "decision": "La décision.",
    "articles": "Les articles qu'elle cite.",
    "inputs_digest": "« sha256: » et l'empreinte SHA-256 du JSON canonique des entrées de la "
    "règle (clés triées, sans espaces, UTF-8).",
    "now": "L'instant auquel la règle a décidé, si elle en prend un.",
    "as_of": "Le jour pour lequel la règle a décidé, si elle en prend un.",
    "library_version": "La version de caf-contract qui a décidé.",
    "template_version": "La date de mise à jour du modèle du contrat (2024-01-19).",
    "holidays_version": "La version du paquet holidays, dont les jours ouvrés lisent les fériés.",
    "parameters": "Les paramètres du contrat en vigueur : pour chacun, sa valeur, sa "
    "formulation, son article et le jour depuis lequel il vaut.",
}

CHECK_NOTES: Final = {
    "schema_version": "Version de cette structure : 1 aujourd'hui ; elle augmente quand un "
    "champ change de sens ou disparaît, jamais quand un champ s'ajoute.",
    "valid": "true quand le dossier est conforme : aucun constat (code de sortie 0).",
    "findings": "Le nombre de constats : les motifs des décisions de refus.",
    "remarks": "Le nombre de remarques (à regarder, jamais une faute).",
    "results": "Un objet par contrôle, dans l'ordre du rapport en texte.",
    "subject": "Ce qui a été contrôlé : contrat, habilitations, saisine n° 1, traces, "
    "lecteur des traces n° 1…",
}


class _Walker:
    """The schemas of type hints, the attrs classes among them gathered in ``$defs``."""

    def __init__(self, *, written_by_users: bool) -> None:
        self.written_by_users = written_by_users
        self.defs: dict[str, dict[str, Any]] = {}

    def hint(self, hint: Any, path: str = "") -> dict[str, Any]:  # noqa: ANN401, PLR0911  # any hint, one return per kind
        origin = typing.get_origin(hint)
        if origin is typing.Union or origin is types.UnionType:
            return self._union(typing.get_args(hint), path)
        if origin in {tuple, frozenset}:
            return {"type": "array", "items": self.hint(typing.get_args(hint)[0], path)}
        if origin is not None and issubclass(origin, Mapping):
            return {"type": "object"}
        if hint is Any:
            return {}
        if hint in SCALARS:
            return dict(SCALARS[hint])
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            values = [member.value for member in hint]
            if self.written_by_users:
                values += [alias for alias in ALIASES.get(hint, ()) if alias not in values]
            return {"enum": values}
        if isinstance(hint, type) and attrs.has(hint):
            return self.kind(hint, path)
        message = f"no schema for the type hint {hint!r}"
        raise TypeError(message)

    def _union(self, arguments: tuple[Any, ...], path: str) -> dict[str, Any]:
        options = [argument for argument in arguments if argument is not type(None)]
        schemas = [self.hint(option, path) for option in options]
        if self.written_by_users and Siren in options:
            schemas.append(dict(BLANK))  # the template's empty SIREN: read as none
        if type(None) in arguments:
            schemas.append({"type": "null"})
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}

    def kind(self, kind: type[Any], path: str = "") -> dict[str, Any]:
        """A ``$ref`` to the schema of the attrs class ``kind``, made on first meeting."""
        name = kind.__name__
        if name not in self.defs:
            self.defs[name] = {}  # a class met again within its own fields: a $ref
            self.defs[name] = self._object(kind, path)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, kind: type[Any], path: str) -> dict[str, Any]:
        hints = typing.get_type_hints(kind)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(kind):
            if not field.init:
                continue
            where = f"{path}.{field.alias}" if path else field.alias
            described = {
                **self.hint(hints[field.name], where),
                **REFINEMENTS.get((kind, field.name), {}),
            }
            note = FIELD_NOTES.get(where) if self.written_by_users else None
            if note:
                described = {"description": note, **described}
            properties[field.alias] = described
            if self.written_by_users:
                optional = field.default is not attrs.NOTHING
            else:
                optional = field.default is None
            if not optional:
                required.append(field.alias)
        if kind is Reason:  # issue 18: a failing reason may say what would allow
            required = [name for name in required if name != "remedy"]
        if kind is Remedy:  # its text, written from its data; each kind has its own fields
            properties["text"] = {"type": "string", "description": REMEDY["description"]}
            required = ["kind", "text"]
        schema: dict[str, Any] = {"title": kind.__name__, "type": "object"}
        schema["properties"] = properties
        schema["required"] = required
        if self.written_by_users:
            schema["additionalProperties"] = False
        return schema


def _root(name: str, title: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": f"urn:caf-contract:schema:{name}",
        "title": title,
        "description": description,
        **body,
    }


def dossier_schema() -> dict[str, Any]:
    """The file a partner fills (``caf-contract init`` writes one): a dossier or a bare contract."""
    walker = _Walker(written_by_users=True)
    dossier = walker.kind(Dossier)
    contract = walker.kind(Contract, "contract")
    return _root(
        "dossier",
        "Dossier « Mon Compte Partenaire »",
        "Le dossier d'un partenaire, tel que caf-contract check le lit (JSON, ou TOML une fois "
        "ses dates écrites en texte ISO 8601) : le contrat de service et les registres tenus à "
        "côté ; ou un contrat seul (un objet sans clé contract). Le schéma ne vérifie pas "
        "tout ce que vérifie la lecture "
        "(clé de Luhn d'un SIREN, dates dans l'ordre…) ; il accepte ce qu'elle accepte, sinon "
        "quelques écritures tolérées des dates (2026-11-23T10:00+0100), des rôles (casse, "
        "accents).",
        # if / then / else rather than anyOf: a validator then says what is wrong where,
        # not only that the file matches neither form.
        {
            "if": {"type": "object", "required": ["contract"]},
            "then": dossier,
            "else": contract,
            "$defs": walker.defs,
        },
    )


def decision_schema() -> dict[str, Any]:
    """What :meth:`Decision.to_dict` writes."""
    walker = _Walker(written_by_users=False)
    root = walker.kind(Decision)
    return _root(
        "decision",
        "Décision",
        "Une décision d'une règle du contrat (Decision.to_dict) : autorisée ou non, et chaque "
        "motif avec son article. D'autres clés peuvent s'ajouter : un lecteur ignore celles "
        "qu'il ne connaît pas.",
        {**root, "$defs": walker.defs},
    )


def record_schema() -> dict[str, Any]:
    """What :meth:`DecisionRecord.to_json` writes: one line of a decision log."""
    walker = _Walker(written_by_users=False)
    walker.kind(DecisionRecord)
    record = walker.defs["DecisionRecord"]
    record["properties"] = {
        "schema_version": {"const": RECORD_VERSION},
        **record["properties"],
        "parameters": _parameters_schema(),
    }
    record["required"] = ["schema_version", *record["required"]]
    for name, note in RECORD_NOTES.items():
        record["properties"][name] = {"description": note, **record["properties"][name]}
    return _root(
        "decision-record",
        "Enregistrement d'une décision",
        "Une ligne d'un journal de décisions (DecisionRecord.to_json, caf-contract check --log) : "
        "la décision, la règle, ses articles, l'empreinte de ses entrées, l'instant ou le jour, "
        "les versions et les paramètres en vigueur.",
        {"$ref": "#/$defs/DecisionRecord", "$defs": walker.defs},
    )


def _parameters_schema() -> dict[str, Any]:
    """The parameters in force, one object per field of :class:`ParameterSet`."""
    walker = _Walker(written_by_users=False)
    hints = typing.get_type_hints(Parameter)
    parameter = {
        "type": "object",
        "properties": {
            "value": {},
            "wording": walker.hint(hints["wording"]),
            "article": walker.hint(hints["article"]),
            "valid_from": walker.hint(hints["valid_from"]),
        },
        "required": ["value", "wording", "article", "valid_from"],
    }
    names = [field.name for field in attrs.fields(ParameterSet)]
    return {
        "type": "object",
        "properties": dict.fromkeys(names, parameter),
        "required": names,
    }


def check_output_schema() -> dict[str, Any]:
    """What ``caf-contract check --json`` prints."""
    walker = _Walker(written_by_users=False)
    decision = walker.kind(Decision)
    counts = {"type": "integer", "minimum": 0}
    properties: dict[str, dict[str, Any]] = {
        "schema_version": {"const": JSON_SCHEMA_VERSION},
        "valid": {"type": "boolean"},
        "findings": counts,
        "remarks": counts,
        "results": {
            "type": "array",
            "items": {
                "allOf": [
                    decision,
                    {"properties": {"subject": {"type": "string"}}, "required": ["subject"]},
                ]
            },
        },
    }
    properties = {
        name: {"description": CHECK_NOTES[name], **schema} for name, schema in properties.items()
    }
    return _root(
        "check-output",
        "Sortie de caf-contract check --json",
        "Le verdict d'un dossier : un objet par contrôle, chacun une décision et son sujet.",
        {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "$defs": walker.defs,
        },
    )


SCHEMAS: Final = {
    "dossier": dossier_schema,
    "decision": decision_schema,
    "decision-record": record_schema,
    "check-output": check_output_schema,
}


def texts() -> dict[str, str]:
    """Each schema file's name and text, as the classes give them today."""
    if sorted(SCHEMAS) != sorted(JSON_SCHEMAS):
        message = "caf_contract.json_schemas.JSON_SCHEMAS and this script name other schemas"
        raise RuntimeError(message)
    return {
        JSON_SCHEMAS[name]: json.dumps(make(), ensure_ascii=False, indent=2) + "\n"
        for name, make in SCHEMAS.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schemas, or with ``--check`` say which differ (exit 1); 0 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument("--directory", type=Path, default=DIRECTORY, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    directory: Path = options.directory
    stale = []
    for name, text in texts().items():
        file = directory / name
        written = file.read_text(encoding="utf-8") if file.exists() else None
        if written == text:
            continue
        stale.append(name)
        if not options.check:
            file.write_text(text, encoding="utf-8")
    if options.check and stale:
        print(f"{', '.join(stale)}: out of date; run python scripts/json_schemas.py")
        return 1
    for name in stale:
        print(f"{name}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
