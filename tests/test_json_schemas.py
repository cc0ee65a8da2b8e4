"""The published JSON Schemas (issue 18, point 4): generated, checked in, and true to the data."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Decision, Reason
from caf_contract.errors import InvalidValueError, LoadError
from caf_contract.files import EXAMPLES, example_dossier, parse_dossier
from caf_contract.json_schemas import JSON_SCHEMAS, json_schema
from caf_contract.records import dossier_records
from caf_contract.serialization import to_data
from caf_contract.template import template_text
from tests import strategies as cst
from tests.audit_example import followed_up
from tests.schema_check import as_json, assert_valid, errors, validator
from tests.strategies.dossiers import dossiers
from tests.toml_text import native_data, toml_text

ROOT = Path(__file__).resolve().parents[1]


def _generator() -> Any:  # the script, loaded as a module
    spec = importlib.util.spec_from_file_location(
        "json_schemas_script", ROOT / "scripts" / "json_schemas.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- generated and checked in


def test_the_schemas_checked_in_are_those_the_classes_give() -> None:
    """A class changed without its schema: run ``python scripts/json_schemas.py``."""
    for name, text in _generator().texts().items():
        shipped = resources.files("caf_contract").joinpath("schemas", name)
        assert shipped.read_text(encoding="utf-8") == text, name


def test_the_generator_checks_and_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = _generator()
    assert generator.main(["--check"]) == 0
    assert generator.main(["--check", "--directory", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        "dossier.schema.json, decision.schema.json, decision-record.schema.json, "
        "check-output.schema.json: out of date; run python scripts/json_schemas.py\n"
    )
    assert list(tmp_path.iterdir()) == []  # --check writes nothing
    assert generator.main(["--directory", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(JSON_SCHEMAS.values())
    stale = tmp_path / "decision.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("minItems", "maxItems"), "utf-8")
    assert generator.main(["--check", "--directory", str(tmp_path)]) == 1
    assert capsys.readouterr().out.endswith(
        "decision.schema.json: out of date; run python scripts/json_schemas.py\n"
    )
    assert generator.main(["--directory", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "decision.schema.json: written\n"


@pytest.mark.parametrize("name", sorted(JSON_SCHEMAS))
def test_each_schema_is_a_2020_12_schema_with_its_id(name: str) -> None:
    schema = json_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:caf-contract:schema:{name}"
    validator(name)  # checks the schema against the metaschema


def test_a_schema_is_read_by_its_name() -> None:
    assert json_schema("decision") == json_schema("decision")
    assert json_schema("decision") is not json_schema("decision")  # a new dict each time
    with pytest.raises(InvalidValueError, match=r"^name : valeur invalide \('regles'\) ;"):
        json_schema("regles")


def test_the_package_validates_nothing_itself() -> None:
    """jsonschema is a test dependency: the package, its records and its CLI never import it."""
    code = (
        "import sys, caf_contract, caf_contract.json_schemas, caf_contract.records, "
        "caf_contract.cli\n"
        "caf_contract.json_schema('dossier')\n"
        "assert 'jsonschema' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


# --- the dossier: every example, in JSON and in TOML


def _bundled(name: str) -> Any:  # plain data
    text = resources.files("caf_contract").joinpath("data", EXAMPLES[name]).read_text("utf-8")
    return json.loads(text)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_bundled_examples_are_valid_dossiers(name: str) -> None:
    data = _bundled(name)
    assert_valid("dossier", data)
    as_toml = tomllib.loads(toml_text(native_data(example_dossier(name))))
    assert_valid("dossier", as_json(as_toml))


@pytest.mark.parametrize("syntax", ["json", "toml"])
def test_the_template_to_fill_is_a_valid_dossier(syntax: str) -> None:
    text = template_text(syntax)  # type: ignore[arg-type]
    data = json.loads(text) if syntax == "json" else as_json(tomllib.loads(text))
    assert_valid("dossier", data)


def test_the_template_shown_in_the_docs_is_a_valid_dossier() -> None:
    text = (ROOT / "docs" / "dossier-modele.toml").read_text(encoding="utf-8")
    assert_valid("dossier", as_json(tomllib.loads(text)))


def test_a_contract_alone_is_a_valid_dossier_file() -> None:
    assert_valid("dossier", _bundled("conforme")["contract"])


@given(dossiers(complete=False))
def test_every_dossier_the_library_writes_is_valid(dossier: Any) -> None:
    assert_valid("dossier", to_data(dossier))


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda data: data["contract"]["partner"].update(sirne="123456782"),
            "contract/partner",
            "Additional properties are not allowed ('sirne' was unexpected)",
        ),
        (
            lambda data: data["habilitations"][0].update(state="actif"),
            "habilitations/0/state",
            "'actif' is not one of ['active', 'suspendue', 'dévalidée']",
        ),
        (
            lambda data: data["habilitations"][0].update(granted_at="2024-03-04T09:00:00"),
            "habilitations/0/granted_at",
            "'2024-03-04T09:00:00' does not match",
        ),
        (
            lambda data: data["contract"]["bulletins"][1]["quotas"][0].update(maximum="3"),
            "contract/bulletins/1/quotas/0/maximum",
            "'3' is not of type 'integer'",
        ),
        (
            lambda data: data["contract"]["partner"].update(siren="12345678A"),
            "contract/partner/siren",
            "'12345678A' is not valid under any of the given schemas",
        ),
        (
            lambda data: data["contract"].pop("caf"),
            "contract",
            "'caf' is a required property",
        ),
    ],
)
def test_what_the_loader_refuses_the_schema_refuses_too(
    change: Any, path: str, message: str
) -> None:
    data = _bundled("conforme")
    change(data)
    found = errors("dossier", data)
    assert found, data
    assert any(error.startswith(f"{path}: ") and message in error for error in found), found
    with pytest.raises(LoadError):
        parse_dossier(json.dumps(data))


def test_a_role_is_written_by_its_value_or_by_a_name_the_loader_knows() -> None:
    data = _bundled("conforme")
    data["contract"]["interlocutors"]["partner"][0]["role"] = "dpo"
    assert_valid("dossier", data)
    parse_dossier(json.dumps(data))


# --- what the library writes


@given(cst.decisions())
def test_every_decision_is_valid(decision: Decision) -> None:
    assert_valid("decision", decision.to_dict())


def test_a_decision_cites_at_least_one_reason_and_may_say_what_would_allow() -> None:
    assert errors("decision", {"allowed": True, "reasons": [], "remarks": []}) == [
        "reasons: [] should be non-empty"
    ]
    reason = Reason("3.3", "délai non écoulé").to_dict()
    remedy = {"kind": "attendre", "text": "attendre le 01/12/2026 à 00:00"}
    with_remedy = {**reason, "remedy": {**remedy, "until": "2026-12-01T00:00:00+01:00"}}
    assert_valid("decision", {"allowed": False, "reasons": [with_remedy], "remarks": []})
    assert errors(
        "decision", {"allowed": False, "reasons": [{**reason, "remedy": "attendre"}], "remarks": []}
    ) == ["reasons/0/remedy: 'attendre' is not valid under any of the given schemas"]
    added = {"allowed": True, "reasons": [reason], "remarks": [], "deadline": {}}
    assert_valid("decision", added)  # a key added by a later version: allowed


def test_every_record_of_a_dossier_is_valid() -> None:
    for dossier in (example_dossier(), example_dossier("defauts"), followed_up()):
        for record in dossier_records(dossier):
            assert_valid("decision-record", json.loads(record.to_json()))


def test_a_record_of_another_version_is_refused() -> None:
    line = json.loads(dossier_records(example_dossier())[0].to_json())
    line["schema_version"] = 2
    assert errors("decision-record", line) == ["schema_version: 1 was expected"]
    del line["inputs_digest"]
    line["schema_version"] = 1
    assert errors("decision-record", line) == [": 'inputs_digest' is a required property"]


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_check_json_is_valid(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    from caf_contract.cli import main  # noqa: PLC0415  # the command line, as users run it

    main(["check", "--example", example, "--json"])
    output = json.loads(capsys.readouterr().out)
    assert_valid("check-output", output)
    output["results"][0].pop("subject")
    assert errors("check-output", output) == ["results/0: 'subject' is a required property"]


@given(st.sampled_from(sorted(JSON_SCHEMAS)))
def test_every_schema_names_its_keys_in_its_own_defs(name: str) -> None:
    text = json.dumps(json_schema(name))
    schema = json_schema(name)
    for reference in {part.split('"')[0] for part in text.split('"$ref": "#/$defs/')[1:]}:
        assert reference in schema["$defs"], reference


@given(st.lists(cst.remedies(), min_size=1, max_size=3))
def test_every_remedy_is_valid_where_a_reason_carries_it(remedies: list[Any]) -> None:
    """Review of issue 18: the Remedy of the schema asked for fields no remedy writes,
    and a reason's remedy was any object."""
    decision = Decision.deny(*(Reason("3.3", "refusé", remedy=remedy) for remedy in remedies))
    assert_valid("decision", decision.to_dict())
    junk = decision.to_dict()
    junk["reasons"][0]["remedy"] = {"foo": 1}
    assert errors("decision", junk)
