"""The dossier to fill (``caf-contract init``): it loads, and check names what is left to fill."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from caf_contract.dossier import Dossier, check_dossier
from caf_contract.files import parse_dossier
from caf_contract.serialization import to_data
from caf_contract.template import FIELD_NOTES, dossier_template, template_text


def _paths(data: object, path: str = "") -> set[str]:
    found = {path} if path else set()
    if isinstance(data, dict):
        for key, item in data.items():
            found |= _paths(item, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for item in data:
            found |= _paths(item, path)
    return found


def test_the_template_loads_in_toml_and_in_json_as_the_same_dossier() -> None:
    template = dossier_template()
    assert parse_dossier(template_text("toml"), format="toml") == template
    assert parse_dossier(template_text("json")) == template
    assert template_text() == template_text("toml")


def test_its_placeholders_are_findings_of_the_check_not_load_errors() -> None:
    results = dict(check_dossier(dossier_template()))
    contract = results["contrat"]
    assert not contract
    reasons = [str(reason) for reason in contract.reasons]
    assert "Préambule — nom du partenaire non renseigné (« NOM STRUCTURE »)" in reasons
    assert any("(« Adresse mél »)" in reason for reason in reasons)


def test_it_holds_one_example_record_of_each_list() -> None:
    template = dossier_template()
    lists = (template.habilitations, template.requests, template.traces, template.trace_readers)
    assert [len(records) for records in lists] == [1, 1, 1, 1]
    assert len(template.contract.bulletins) == 1


def test_every_field_of_the_toml_template_has_its_french_comment() -> None:
    everything = _paths(to_data(dossier_template()))
    assert everything - FIELD_NOTES.keys() == set()
    assert FIELD_NOTES.keys() - everything == set()  # no note for a field that is not there
    text = template_text()
    for line in text.splitlines():
        if line and not line.startswith(("#", "[")):
            key = line.split(" = ")[0]
            above = text.splitlines()[text.splitlines().index(line) - 1]
            assert above.startswith("# "), key


def test_date_fields_say_their_format() -> None:
    for path, note in FIELD_NOTES.items():
        if path.endswith(("_on", "_version")):
            assert "2026-11-23" in note, path
        if path.endswith(("_at", ".at")):
            assert "2026-11-23T10:00:00+01:00" in note, path


def test_the_json_template_is_plain_json() -> None:
    data = json.loads(template_text("json"))
    assert data == to_data(dossier_template())
    assert tomllib.loads(template_text("toml"))["contract"]["partner"]["name"] == "NOM STRUCTURE"
    assert isinstance(dossier_template(), Dossier)


def test_the_docs_show_the_template_as_init_writes_it() -> None:
    """docs/dossier.md includes docs/dossier-modele.toml: regenerate it with ``caf-contract init``."""
    shown = Path(__file__).parents[1] / "docs" / "dossier-modele.toml"
    assert shown.read_text(encoding="utf-8") == template_text()
