"""The names ``caf_contract`` itself promises (SPEC, issue 7), and what importing it costs."""

from __future__ import annotations

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
