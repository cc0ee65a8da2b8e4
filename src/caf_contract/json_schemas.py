"""The published JSON Schemas (2020-12) of the files and outputs, shipped in the package.

Four schemas, in ``caf_contract/schemas/``, generated from the attrs classes by
``python scripts/json_schemas.py`` (a test fails when they drift from the classes):

- ``dossier``: the file a partner fills (``caf-contract init`` writes one), JSON or
  TOML (a TOML file once its dates are written as ISO 8601 texts): a dossier, or a
  contract alone; unknown keys refused, as the loader refuses them;
- ``decision``: :meth:`~caf_contract.decision.Decision.to_dict`;
- ``decision-record``: a line of a decision log,
  :meth:`~caf_contract.records.DecisionRecord.to_json`;
- ``check-output``: what ``caf-contract check --json`` prints.

The outputs' schemas let keys be added (a reader ignores those it does not know); a
reason may carry a ``remedy`` object (what would allow).

>>> schema = json_schema("decision")
>>> schema["$schema"], sorted(schema["$defs"])
('https://json-schema.org/draft/2020-12/schema', ['Decision', 'Reason', 'Remedy'])

This module only reads the files bundled with the package; validating against them
takes a JSON Schema library (``jsonschema``), which the package does not need.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from caf_contract._bundled import named_text

__all__ = ["JSON_SCHEMAS", "json_schema"]

JSON_SCHEMAS: Final[Mapping[str, str]] = {
    "dossier": "dossier.schema.json",
    "decision": "decision.schema.json",
    "decision-record": "decision-record.schema.json",
    "check-output": "check-output.schema.json",
}
"""Each published schema's name and its file in ``caf_contract/schemas``."""


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (a key of :data:`JSON_SCHEMAS`), as a new dict at each call.

    Raises:
        InvalidValueError: no schema has that name.
    """
    schema: dict[str, Any] = json.loads(named_text(JSON_SCHEMAS, name, "schemas", "un schéma"))
    return schema
