"""Validation against the published JSON Schemas, for the tests (``jsonschema``, test-only)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from jsonschema import Draft202012Validator

from caf_contract.json_schemas import json_schema


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """The validator of the schema ``name``, formats asserted (``"format": "date"``)."""
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, data: object) -> list[str]:
    """What the schema ``name`` finds wrong in ``data``: each error's path and message."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(name).iter_errors(data)
    ]


def assert_valid(name: str, data: object) -> None:
    """``data`` is valid against the schema ``name``."""
    found = errors(name, data)
    assert not found, found


def as_json(data: Any) -> Any:  # plain data
    """TOML data as its JSON form: dates, instants and times as ISO 8601 texts."""
    if isinstance(data, dict):
        return {key: as_json(item) for key, item in data.items()}
    if isinstance(data, list):
        return [as_json(item) for item in data]
    if isinstance(data, dt.date | dt.time):
        return data.isoformat()
    return data
