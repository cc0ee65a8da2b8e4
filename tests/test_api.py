"""The names ``caf_contract`` itself promises (SPEC, issue 7), and what importing it costs."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import caf_contract

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
]


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
