"""The names ``caf_contract`` itself promises (SPEC, issue 7), and what importing it costs."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import caf_contract
from caf_contract import sql

PROMISED = [
    # SPEC, « Public names that others already call »
    "Contract",
    "Bulletin",
    "HabilitationQuota",
    "Habilitation",
    "Incident",
    "Trace",
    "CafContractError",
    "InvalidSiren",
    "NaiveDatetimeError",
    "Siren",
    "Decision",
    "Reason",
    "WorkingCalendar",
    "reminder_allowed_from",
    "may_send_reminder",
    "trace_purge_date",
    "habilitation_purge_date",
    "trace_retention_cutoff",
    # issue 7: dossiers, plain data and files
    "Dossier",
    "check_dossier",
    "to_data",
    "from_data",
    "dumps",
    "loads",
    "example_dossier",
    "read_dossier",
    "parse_dossier",
    # twins and helpers of exported names
    "trace_retention_cutoff_instant",
    "habilitation_retention_cutoff_instant",
    "is_placeholder",
    "department_code",
    # issue 17, point 6: the purge rules and every other public rule
    "RetentionCutoff",
    "PurgeItem",
    "trace_purge_plan",
    "habilitation_purge_plan",
    "may_purge_trace",
    "may_purge_habilitation",
    "may_add_habilitations",
    "check_quotas",
    "replay",
]

# Public names of a module deliberately left out of the package's namespace, each with
# why: it is reached through its module (``caf_contract.parameters.at``).
NOT_AT_THE_TOP = {
    ("cli", "main"): "the command-line adapter: nothing imports cli",
    ("cli", "run"): "the command-line adapter: nothing imports cli",
    ("calendar", "clear_caches"): "a test helper; « clear_caches » alone says not what it clears",
    ("files", "EXAMPLE"): "EXAMPLES['conforme'], under a name too bare for the package",
    ("ledger", "apply"): "one event folded: « apply » alone says nothing of the ledger",
    ("parameters", "VALUES"): "too bare a name: caf_contract.parameters.VALUES",
    ("parameters", "at"): "too bare a name: caf_contract.parameters.at(day)",
    ("parameters", "current"): "too bare a name: caf_contract.parameters.current()",
    ("serialization", "parse"): "JSON or TOML text to plain data; parse_dossier is the package's",
    (
        "template",
        "FIELD_NOTES",
    ): "the comments of the template, by field: read through template_text",
}
# caf_contract.sql, the tables and queries for SQL engines (issue 15), is reached as a
# module (caf_contract.sql.REMINDER_QUERY): its names speak of SQL in its context only.
NOT_AT_THE_TOP |= {
    ("sql", name): "an SQL engine's table or query: caf_contract.sql." + name
    for name in sql.__all__
}

# Modules whose names the package does not load: caf_contract.bulk needs numpy (an extra),
# and its functions bear the names of the scalar rules they apply to columns;
# caf_contract.spark works on Spark's DataFrames and Arrow's batches (the spark extra).
APART = {
    "bulk": "the rules over columns, with numpy: from caf_contract import bulk",
    "spark": "the rules' columns added to Spark DataFrames: from caf_contract import spark",
}

_PUBLIC_MODULES = sorted(
    module.name
    for module in pkgutil.iter_modules(caf_contract.__path__)
    if module.name[0] != "_" and module.name not in APART
)


@pytest.mark.parametrize("name", PROMISED)
def test_promised_names_are_exported(name: str) -> None:
    assert name in caf_contract.__all__
    value = getattr(caf_contract, name)
    assert value.__module__.startswith("caf_contract.")


def test_every_exported_name_exists() -> None:
    assert len(set(caf_contract.__all__)) == len(caf_contract.__all__)
    for name in caf_contract.__all__:
        assert hasattr(caf_contract, name), name


def test_importing_the_package_loads_no_holiday_data() -> None:
    code = "import sys, caf_contract\nassert 'holidays' not in sys.modules, sorted(sys.modules)\n"
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def test_importing_the_package_imports_no_rule_module() -> None:
    """Issue 16: ``import caf_contract`` cost more than ``import holidays``; each public
    name now loads its module on first use (PEP 562), and the package builds nothing."""
    code = (
        "import sys, caf_contract\n"
        "loaded = sorted(name for name in sys.modules if name.startswith('caf_contract.'))\n"
        "assert loaded == [], loaded\n"
        "assert 'attrs' not in sys.modules and 'attr' not in sys.modules\n"
        "caf_contract.Siren\n"
        "assert 'caf_contract.parties' in sys.modules and 'caf_contract.dossier' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def test_each_name_is_the_object_of_its_module_and_is_read_once() -> None:
    for name in caf_contract.__all__:
        value = getattr(caf_contract, name)
        module = sys.modules[f"caf_contract.{caf_contract._WHERE[name]}"]
        assert getattr(module, name) is value, name
        assert vars(caf_contract)[name] is value  # kept: the next read is a plain one
    assert set(caf_contract.__all__) == set(caf_contract._WHERE)
    assert set(caf_contract.__all__) <= set(dir(caf_contract))


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Contrat'") as caught:
        caf_contract.Contrat  # type: ignore[attr-defined]  # noqa: B018
    assert caught.value.name == "Contrat"
    with pytest.raises(ImportError):
        exec("from caf_contract import Contrat", {})  # noqa: S102


def test_each_module_of_the_package_is_reached_as_its_attribute() -> None:
    """Issue 16 review: with names loaded lazily, ``caf_contract.errors`` was no longer
    there until something else had imported the module."""
    code = (
        "import caf_contract\n"
        "assert caf_contract.ledger.__name__ == 'caf_contract.ledger'\n"
        "assert caf_contract.parameters.current().reminder_delay.value == 5\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


@pytest.mark.parametrize("module_name", _PUBLIC_MODULES)
def test_every_public_name_of_every_module_is_reached_from_the_package(module_name: str) -> None:
    """Issue 17, point 6: « RetentionCutoff, plan_trace_purge, trace_purgeable and every
    other public rule importable from caf_contract »."""
    module = importlib.import_module(f"caf_contract.{module_name}")
    for name in module.__all__:
        if (module_name, name) in NOT_AT_THE_TOP:
            assert name not in caf_contract.__all__, name
            continue
        assert caf_contract._WHERE.get(name) == module_name, name
        assert name in caf_contract.__all__, name
        assert getattr(caf_contract, name) is getattr(module, name), name


def test_the_names_left_out_are_public_names_of_their_module() -> None:
    for module_name, name in NOT_AT_THE_TOP:
        assert name in importlib.import_module(f"caf_contract.{module_name}").__all__


def test_type_checkers_see_the_names_the_package_loads() -> None:
    """The ``TYPE_CHECKING`` imports, ``_WHERE`` and ``__all__`` name the same things."""
    source = Path(caf_contract.__file__).read_text(encoding="utf-8")
    block = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    imported = {
        alias.name: (node.module or "").removeprefix("caf_contract.")
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == caf_contract._WHERE


def test_the_project_links_to_nothing_unpublished() -> None:
    """Issue 17, point 6: the Documentation link led to a site that was never published."""
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    assert "readthedocs" not in str(project.get("urls", {}))


def test_version_is_read_from_the_metadata_on_first_use_only() -> None:
    """Issue 17, point 4: one source (pyproject.toml), and ``import caf_contract`` kept cheap."""
    code = (
        "import sys, caf_contract; before = 'importlib.metadata' in sys.modules; "
        "print(before, caf_contract.__version__, '__version__' in dir(caf_contract))"
    )
    done = subprocess.run(  # noqa: S603  # this interpreter, a fixed program
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    installed = importlib.metadata.version("caf-contract")
    assert done.stdout.split() == ["False", installed, "True"]


def test_version_says_when_the_package_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", absent)
    monkeypatch.delitem(vars(caf_contract), "__version__", raising=False)
    assert caf_contract.__version__ == "0+inconnu"
    monkeypatch.delitem(vars(caf_contract), "__version__")
