from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import importlib.metadata
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caf_contract
from caf_contract import cli
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar
from caf_contract.cli import _encodable, _usage_error, main
from caf_contract.deadline import explain_reminder
from caf_contract.dossier import check_dossier
from caf_contract.errors import InvalidValueError, LoadError
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.files import (
    EXAMPLE,
    MAX_DOSSIER_BYTES,
    example_dossier,
    parse_dossier,
    read_dossier,
)
from caf_contract.serialization import dumps, to_data
from caf_contract.template import dossier_template
from tests import strategies as cst
from tests.audit_example import closure_added, followed_up
from tests.schema_check import assert_valid
from tests.toml_text import native_data, toml_text

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    if argv[:1] == ("check",) and "--json" in argv and code in {0, 1}:
        assert_valid("check-output", json.loads(captured.out))  # issue 18: its published schema
    return code, captured.out, captured.err


def test_check_without_a_file_checks_the_bundled_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "check")
    assert (code, err) == (0, "")
    assert "Centre social des Coteaux (SIREN 123456782)" in out
    assert "contrat : autorisé" in out
    assert "- Annexe 2 — 2 bulletins d'adhésion : CDAP, AFAS" in out
    assert out.splitlines()[-1] == "Dossier conforme : 5 contrôles, aucun constat."


def test_the_example_with_faults_gives_one_finding_per_fault_each_citing_its_article(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 12: « a dossier with typical faults (unsigned bulletin, sub-administrator
    beyond the depth, outsider user, a partner-exercised suspension, two security
    contacts, a Caf 31 reader), […] giving one finding per fault, each citing its article »."""
    code, out, err = run(capsys, "check", "--example", "defauts")
    assert (code, err) == (1, "")
    findings = [line for line in out.splitlines() if line.startswith("  - ")]
    denied = [
        line
        for subject, decision in check_dossier(example_dossier("defauts"))
        if not decision
        for line in (f"  - {reason}" for reason in decision.reasons)
    ]
    assert denied == [
        "  - Art. 5.1 — 2 responsables sécurité du partenaire (Chloé Durand, Yanis Morel) ; attendu : un interlocuteur unique",
        "  - Art. 2.2 — habilitation « hab-007 » : profondeur de délégation dépassée : niveau 3 au-delà de la profondeur 2 fixée par la Caf pour « CDAP »",
        "  - Art. 2.1 — habilitation « hab-008 » : « benevole1 » est employé par la structure de SIREN 732829320, ni le partenaire ni un sous-traitant déclaré ; attendu : le SIREN du partenaire (123456782) ou d'un sous-traitant déclaré au contrat",
        "  - Art. 2.2 — habilitation « hab-003 » : « suspension à titre conservatoire » est un pouvoir de la Caf contractante (Caf 82) : lbernard@quercy-exemple.fr (partenaire, SIREN 123456782) ne peut l'exercer",
        "  - Art. 2.1 — habilitation « hab-006 » accordée alors que le service « TELEPROCEDURE » n'était pas ouvert : le bulletin d'adhésion du service « TELEPROCEDURE » non signé ; attendu : signé au plus tard le 13/01/2025",
        "  - Art. 5.3.3 — Agent de la Caf de la Haute-Garonne (Caf 31) : personnel d'une autre Caf que la Caf 82 du contrat ; il faut appartenir au personnel de la Caf 82 ou de la Cnaf",
    ]
    assert set(denied) <= set(findings)
    assert "  - remarque : Art. 5.3.1 — session « S-2026-11-24-01 » de accueil1" in out
    assert out.splitlines()[-1] == (
        "Dossier non conforme : 6 constats, 3 contrôles refusés sur 7, 1 remarque."
    )
    code, out, err = run(capsys, "check", "--example", "conforme")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "Dossier conforme : 5 contrôles, aucun constat."


def test_an_example_and_a_file_are_not_checked_together(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "check", "dossier.json", "--example", "defauts")
    assert (code, out) == (2, "")
    assert err == (
        "caf-contract : erreur : --example : valeur invalide (« defauts ») ; "
        "attendu : un fichier ou un exemple, pas les deux.\n"
    )


def test_the_template_has_findings_citing_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "modele.json"
    file.write_text(dumps(tarn_et_garonne_template()), encoding="utf-8")
    code, out, err = run(capsys, "check", str(file))
    assert (code, err) == (1, "")
    assert (
        "  - Art. 1 — date de signature de la convention d'accès non renseignée (« 00/00/0000 »)"
        in out
    )
    assert out.splitlines()[-1] == (
        "Dossier non conforme : 18 constats, 1 contrôle refusé sur 1, 1 remarque."
    )


def test_json_output_is_for_machines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "modele.json"
    file.write_text(dumps(tarn_et_garonne_template()), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(file), "--json")
    payload = json.loads(out)
    assert code == 1
    assert payload["valid"] is False
    assert (payload["findings"], payload["remarks"]) == (18, 1)
    assert payload["results"][0]["subject"] == "contrat"
    assert {reason["article"] for reason in payload["results"][0]["reasons"]} >= {
        "préambule",
        "1",
        "6",
    }
    code, out, _ = run(capsys, "check", "--json")
    assert (code, json.loads(out)["valid"]) == (0, True)


def _example_data() -> dict[str, object]:
    data: dict[str, object] = to_data(example_dossier())
    return data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{ pas du json", "(racine) : JSON invalide, ligne 1 colonne 3"),
        ("[" * 100_000 + "]" * 100_000, "(racine) : JSON invalide : imbrication trop profonde"),
        ("[" + "9" * 5_000 + "]", "(racine) : JSON invalide : nombre entier de plus de 4300"),
        ("[1, 2]", "(racine) : un objet (dictionnaire) attendu"),
        ("missing-field", "contract.caf.name : champ obligatoire de la Caf manquant"),
        (
            "wrong-type",
            "contract.bulletins[1].quotas[0].maximum : un nombre entier attendu, reçu « 3 »",
        ),
        (
            "bad-siren",
            "contract.partner.siren : Préambule — clé de contrôle (Luhn) invalide (« 123456783 »)",
        ),
        (
            "unknown-field",
            "contract.bulletins[0].couleur : champ inconnu du bulletin d'adhésion ; attendus",
        ),
        ("naive", "requests[0].sent_at : instant sans décalage horaire (« 2026-11-23T10:00:00 »)"),
    ],
)
def test_malformed_files_exit_2_with_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    data = _example_data()
    contract: dict[str, object] = data["contract"]  # type: ignore[assignment]
    if content == "missing-field":
        del contract["caf"]["name"]  # type: ignore[attr-defined]
    elif content == "wrong-type":
        contract["bulletins"][1]["quotas"][0]["maximum"] = "3"  # type: ignore[index]
    elif content == "bad-siren":
        contract["partner"]["siren"] = "123456783"  # type: ignore[index]
    elif content == "unknown-field":
        contract["bulletins"][0]["couleur"] = "bleu"  # type: ignore[index]
    elif content == "naive":
        data["requests"][0]["sent_at"] = "2026-11-23T10:00:00"  # type: ignore[index]
    text = content if content.startswith(("{", "[")) else json.dumps(data)
    file = tmp_path / "dossier.json"
    file.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", str(file))
    assert (code, out) == (2, "")
    assert err.startswith(f"caf-contract : erreur : {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_every_fault_of_a_file_is_listed_one_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data: dict[str, Any] = _example_data()
    contract = data["contract"]
    del contract["caf"]["name"]
    contract["partner"]["sirne"] = contract["partner"].pop("siren")
    data["requests"][0]["sent_at"] = "2026-11-23T10:00:00"
    file = tmp_path / "dossier.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "check", str(file))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "caf-contract : erreur : 3 erreurs :",
        "- contract.caf.name : champ obligatoire de la Caf manquant",
        (
            "- contract.partner.sirne : champ inconnu du partenaire (vouliez-vous dire « siren » ?) ; "
            "attendus : name, address, representative, siren"
        ),
        (
            "- requests[0].sent_at : instant sans décalage horaire (« 2026-11-23T10:00:00 ») ; "
            "attendu : l'instant avec son décalage, par exemple 2026-11-23T10:00:00+01:00 (heure "
            "de Paris en hiver) ou 2026-11-23T09:00:00Z (UTC)."
        ),
    ]


_ENGLISH = (
    "No such file",
    "Permission denied",
    "Is a directory",
    "Error",
    "codec",
    "embedded null",
    "usage",
    "invalid choice",
    "the following arguments",
    "unrecognized arguments",
    "expected one argument",
    "show this help",
)


def _bad_input(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``argv``, require exit code 2 and one line on stderr; return that line."""
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as exit_:  # argparse's own errors exit
        captured = capsys.readouterr()
        code, out, err = exit_.code, captured.out, captured.err  # type: ignore[assignment]
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("caf-contract : erreur : ")
    assert not any(english in err for english in _ENGLISH), err
    return err.removeprefix("caf-contract : erreur : ").rstrip("\n")


def test_a_missing_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    absent = tmp_path / "absent.json"
    assert _bad_input(capsys, "check", str(absent)) == (
        f"{absent} : fichier introuvable ; attendu : le chemin d'un fichier JSON ou TOML existant"
    )


def test_a_directory_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _bad_input(capsys, "check", str(tmp_path)) == (
        f"{tmp_path} : c'est un dossier ; attendu : un fichier JSON ou TOML"
    )


def test_an_unreadable_file_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod cannot hide a file from root, who runs the tests in some containers.
    def refuse(path: str, flags: int) -> int:
        del flags
        raise PermissionError(13, "Permission denied", path)

    file = tmp_path / "secret.json"
    monkeypatch.setattr(os, "open", refuse)
    assert _bad_input(capsys, "check", str(file)) == (
        f"{file} : lecture refusée (droits du fichier) ; attendu : un fichier lisible"
    )


def test_other_system_errors_are_named_by_their_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = tmp_path / ("x" * 300 + ".json")
    assert _bad_input(capsys, "check", str(long)) == (
        f"{long} : fichier illisible (erreur système ENAMETOOLONG) ; "
        "attendu : un fichier JSON ou TOML lisible"
    )


def test_a_file_that_is_not_utf_8_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "latin1.json"
    file.write_bytes('{"caf": "Caf de l\'Hérault"}'.encode("latin-1"))
    assert _bad_input(capsys, "check", str(file)) == (
        f"{file} : texte non encodé en UTF-8 (octet 0xe9 à la position 19) ; "
        "attendu : un fichier JSON ou TOML en UTF-8"
    )


def test_odd_paths_are_shown_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _bad_input(capsys, "check", "a\0b.json") == (
        "'a\\x00b.json' : chemin invalide (caractère nul) ; attendu : le chemin d'un fichier"
    )
    odd = tmp_path / "deux\nlignes.json"
    assert _bad_input(capsys, "check", str(odd)).startswith(f"{str(odd)!r} : fichier introuvable")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [],
            "COMMANDE : argument obligatoire manquant ; attendu : init, check, deadline, purge-cutoff, replay ou articles (voir caf-contract --help)",
        ),
        (
            ["frobnicate"],
            "COMMANDE : choix invalide « frobnicate » ; attendu : init, check, deadline, purge-cutoff, replay ou articles (voir caf-contract --help)",
        ),
        (
            ["deadline"],
            "ENVOI : argument obligatoire manquant (voir caf-contract deadline --help)",
        ),
        (
            ["check", "a.json", "b.json"],
            "« b.json » : argument en trop (voir caf-contract check --help)",
        ),
        (
            ["check", "a.json", "b.json", "c d.json"],
            "« b.json », « c d.json » : arguments en trop (voir caf-contract check --help)",
        ),
        (
            ["deadline", "2026-11-23", "-1"],
            "« -1 » : argument en trop (voir caf-contract deadline --help)",
        ),
        (
            ["check", "--colour"],
            (
                "--colour : option inconnue ; attendu : --example, --max-size, --json ou --log "
                "(voir caf-contract check --help)"
            ),
        ),
        (
            ["deadline", "2026-11-23", "extra", "--as-of=2027-02-28"],
            (
                "--as-of : option inconnue ; attendu : --department, --explain ou --json "
                "(voir caf-contract deadline --help)"
            ),
        ),
        (
            ["check", "--a\nb"],
            (
                "'--a\\nb' : option inconnue ; attendu : --example, --max-size, --json ou --log "
                "(voir caf-contract check --help)"
            ),
        ),
        (
            ["--colour", "check"],
            (
                "--colour : option inconnue ; attendu : --example, --max-size, --json ou --log "
                "(voir caf-contract check --help)"
            ),
        ),
        (
            ["--colour"],
            "--colour : option inconnue ; attendu : --version (voir caf-contract --help)",
        ),
        (
            ["purge-cutoff", "--as-of"],
            "--as-of : une valeur attendue (voir caf-contract purge-cutoff --help)",
        ),
        (
            ["check", "--json=oui"],
            "--json : cette option ne prend pas de valeur (« oui ») (voir caf-contract check --help)",
        ),
    ],
)
def test_usage_errors_are_said_in_french_on_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert _bad_input(capsys, *argv) == message


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["init", "--help"],
        ["check", "--help"],
        ["deadline", "-h"],
        ["purge-cutoff", "-h"],
        ["articles", "-h"],
    ],
)
def test_help_is_in_french(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : caf-contract")
    assert "affiche cette aide et quitte" in out
    assert not any(english in out for english in _ENGLISH), out
    assert "positional arguments" not in out


@pytest.mark.parametrize("dates", ["native", "quoted"])
def test_a_toml_dossier_is_checked_whether_its_dates_are_quoted_or_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dates: str
) -> None:
    example = example_dossier()
    data = native_data(example) if dates == "native" else to_data(example)
    file = tmp_path / "dossier.toml"
    file.write_text(toml_text(data), encoding="utf-8")
    assert ('"signed_on" = 2024-03-01' in file.read_text(encoding="utf-8")) == (dates == "native")
    assert read_dossier(file) == example
    code, out, err = run(capsys, "check", str(file))
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("aucun constat.")


def test_toml_dossiers_are_read(tmp_path: Path) -> None:
    file = tmp_path / "quota.toml"
    file.write_text('[contract]\nsigned_on = "2024-03-01"\n', encoding="utf-8")
    with pytest.raises(Exception, match="contract.caf : champ obligatoire"):
        read_dossier(file)
    assert parse_dossier(dumps(example_dossier())) == example_dossier()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["2026-11-23T10:00+01:00"],
            (
                "Art. 3.3 — relance possible à partir du mardi 01/12/2026 à 00:00 "
                "(heure de Paris), après 5 jours ouvrés (métropole)."
            ),
        ),
        (["2026-11-23"], "à partir du mardi 01/12/2026 à 00:00"),
        (["2026-03-30T09:00+02:00", "--department", "57"], "à partir du jeudi 09/04/2026 à 00:00"),
        (["2026-11-22T23:30Z"], "à partir du mardi 01/12/2026"),  # Monday 00:30 in Paris
    ],
)
def test_deadline(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str) -> None:
    code, out, err = run(capsys, "deadline", *argv)
    assert (code, err) == (0, "")
    assert expected in out


def test_deadline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "deadline", "2026-11-23T10:00+01:00", "--department", "974", "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "sent_at": "2026-11-23T10:00:00+01:00",
        "department": "974",
        "delay_working_days": 5,
        "reminder_allowed_from": "2026-12-01T00:00:00+01:00",
        "article": "3.3",
    }


def test_deadline_explain_prints_the_count(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 18, point 1: « caf-contract deadline --explain prints it »."""
    code, out, err = run(
        capsys, "deadline", "2026-04-01T09:30+02:00", "--department", "57", "--explain"
    )
    assert (code, err) == (0, "")
    explained = explain_reminder(
        datetime.fromisoformat("2026-04-01T09:30+02:00"), WorkingCalendar("57")
    )
    assert out == f"{explained}\n"
    assert out.splitlines()[:4] == [
        "Art. 3.3 — relance possible à partir du samedi 11/04/2026 à 00:00 (heure de Paris)",
        "Envoi le mercredi 01/04/2026 à 09:30 (heure de Paris).",
        "Délai de 5 jours ouvrés (département 57) :",
        "- jeudi 02/04/2026 : 1er jour ouvré",
    ]
    assert "- vendredi 03/04/2026 : non compté (Vendredi saint)" in out


def test_deadline_explain_json_adds_the_count_to_the_same_answer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, plain, _ = run(capsys, "deadline", "2026-11-23", "--json")
    code, out, err = run(capsys, "deadline", "2026-11-23", "--json", "--explain")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert payload.pop("explanation") == explain_reminder(date(2026, 11, 23)).to_dict()
    assert payload == json.loads(plain)


def test_deadline_explain_refuses_what_deadline_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["2100-12-31"], ["2026-11-23", "--department", "99"], ["2026-11-23T10:00"]):
        assert (
            run(capsys, "deadline", *argv, "--explain")[::2] == run(capsys, "deadline", *argv)[::2]
        )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["2026-11-23T10:00"], "ENVOI : date et heure sans fuseau horaire"),
        (["23/11/2026"], "ENVOI : valeur invalide (« 23/11/2026 ») ; attendu : une date ISO 8601"),
        (["2026-11-23", "--department", "99"], "--department : département inconnu (« 99 »)"),
        (
            ["2100-12-31"],
            (
                "ENVOI : Art. 3.3 — année 2101 non couverte par les jours fériés connus "
                "(« 2100-12-31 ») ; attendu : un envoi et sa relance entre 1803 et 2100."
            ),
        ),
    ],
)
def test_deadline_bad_input(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "deadline", *argv)
    assert (code, out) == (2, "")
    assert message in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert "caf-contract" in capsys.readouterr().out


def test_usage_errors_of_the_console_script_leave_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "caf_contract", "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("caf-contract : erreur : COMMANDE : choix invalide")
    assert done.stderr.count("\n") == 1


def test_python_dash_m_and_the_bundled_data_work_from_the_installed_package() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "caf_contract", "check", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["valid"] is True
    assert EXAMPLE.endswith(".json")


def test_run_is_the_console_script(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from caf_contract.cli import run as console_script  # noqa: PLC0415

    monkeypatch.setattr(sys, "argv", ["caf-contract", "deadline", "2026-11-23"])
    with pytest.raises(SystemExit) as caught:
        console_script()
    assert caught.value.code == 0
    assert "01/12/2026" in capsys.readouterr().out


def test_purge_cutoff(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "purge-cutoff", "--as-of", "2027-02-28")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Art. 5.3.2 — ce qui peut être purgé le dimanche 28/02/2027 :",
        (
            "  - les traces faites jusqu'au lundi 31/08/2026 inclus (avant le 01/09/2026 à "
            "00:00, heure de Paris), conservées six mois ;"
        ),
        (
            "  - les données des habilitations dévalidées jusqu'au dimanche 28/02/2021 inclus "
            "(avant le 01/03/2021 à 00:00, heure de Paris), conservées six ans après la "
            "dévalidation."
        ),
    ]
    code, out, _ = run(capsys, "purge-cutoff", "--as-of", "2027-02-28", "--json")
    assert json.loads(out)["traces"] == {
        "last_purgeable_day": "2026-08-31",
        "purge_before": "2026-09-01T00:00:00+02:00",
    }
    code, out, _ = run(capsys, "purge-cutoff")  # today, in Paris
    assert code == 0
    assert out.startswith("Art. 5.3.2 — ce qui peut être purgé le ")
    code, out, err = run(capsys, "purge-cutoff", "--as-of", "28/02/2027")
    assert (code, out) == (2, "")
    assert "--as-of : valeur invalide (« 28/02/2027 »)" in err


@pytest.mark.parametrize(
    ("english", "french"),
    [
        # Python 3.12.8 and later no longer quote the choices.
        (
            "argument COMMANDE: invalid choice: 'x' (choose from check, deadline, purge-cutoff)",
            "COMMANDE : choix invalide « x » ; attendu : check, deadline ou purge-cutoff",
        ),
        (
            "argument --kind: invalid choice: 'x' (choose from 'a')",
            "--kind : choix invalide « x » ; attendu : a",
        ),
        (
            "ambiguous option: --j could match --json, --jours",
            "--j : option ambiguë ; attendu : l'une de --json, --jours",
        ),
        ("argument --days: invalid int value: 'x'", "--days : valeur invalide"),
        ("argument --days: expected at most one argument", "--days : valeur invalide"),
        ("one of the arguments --a --b is required", "ligne de commande invalide"),
    ],
)
def test_every_argparse_message_has_a_french_form(english: str, french: str) -> None:
    assert _usage_error(english) == french


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["deadline", "0001-01-01T00:00+01:00"],
            "ENVOI : instant hors de la plage représentable (« 0001-01-01T00:00+01:00 »)",
        ),
        (
            ["deadline", "9999-12-31T23:59+00:00"],
            "ENVOI : instant hors de la plage représentable (« 9999-12-31T23:59+00:00 »)",
        ),
        (
            ["purge-cutoff", "--as-of", "0001-01-01"],
            "--as-of : Art. 5.3.2 — date hors de la plage représentable (« 0001-01-01 ») ; attendu : une date entre le 01/07/0001 et le 31/12/9999",
        ),
        (
            ["purge-cutoff", "--as-of", "0001-06-30"],
            "--as-of : Art. 5.3.2 — date hors de la plage représentable (« 0001-06-30 »)",
        ),
    ],
)
def test_dates_at_the_ends_of_pythons_range_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_the_last_purge_cutoff_python_can_name_is_answered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # On 31/12/9999 every cutoff is a representable day: no reason to refuse it.
    code, out, err = run(capsys, "purge-cutoff", "--as-of", "9999-12-31", "--json")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert payload["traces"] == {
        "last_purgeable_day": "9999-06-30",
        "purge_before": "9999-07-01T00:00:00+02:00",
    }
    assert payload["habilitations"]["last_purgeable_devalidation_day"] == "9993-12-31"


# --- issue 14, point 1: whatever the data and the stream, the output is written validly


def _stream(encoding: str) -> tuple[io.TextIOWrapper, io.BytesIO]:
    """A strict text stream over bytes, as ``sys.stdout`` is under ``PYTHONIOENCODING``."""
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="\n"), raw


def _dossier_named(tmp_path: Path, name: str) -> Path:
    data = _example_data()
    data["contract"]["partner"]["name"] = name  # type: ignore[index]
    file = tmp_path / "dossier.json"
    file.write_text(json.dumps(data), encoding="utf-8", errors="surrogatepass")
    return file


@pytest.mark.parametrize(
    ("name", "shown"),
    [("\ud800", "\\ud800"), ("\udcff", "\\udcff"), ("Crèche 😀 — \udcff", "Crèche 😀 — \\udcff")],
)
def test_a_lone_surrogate_in_the_data_is_written_escaped_in_valid_utf_8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, shown: str
) -> None:
    """Issue 14, point 1: « \\ud800 » crashed with a traceback; « \\udcff » wrote a raw 0xFF."""
    file = _dossier_named(tmp_path, name)
    stdout, raw = _stream("utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["check", str(file)]) == 1  # the partner named in Art. 6 is no longer it
    assert f"Caf de Tarn-et-Garonne — {shown} (SIREN 123456782)\n" in raw.getvalue().decode("utf-8")
    stdout, raw = _stream("utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["check", str(file), "--json"]) == 1
    payload = json.loads(raw.getvalue().decode("utf-8"))  # strict: valid UTF-8, valid JSON
    assert payload["results"][0]["reasons"][0]["message"].endswith(
        f"partenaire du contrat (« {name} »)"
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252", "utf-8"])
@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "--example", "defauts", "--json"],
        ["deadline", "2026-11-23T10:00+01:00"],
        ["deadline", "2026-11-23", "--json"],
        ["purge-cutoff", "--as-of", "2027-02-28"],
        ["articles"],
        ["articles", "--json"],
    ],
)
def test_every_output_is_written_in_the_encoding_of_its_stream(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
    argv: list[str],
) -> None:
    """Issue 14, point 1: « — » crashed under ``PYTHONIOENCODING=ascii`` or ``latin-1``."""
    expected_code, expected, _ = run(capsys, *argv)
    stdout, raw = _stream(encoding)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(argv) == expected_code
    written = raw.getvalue().decode(encoding)  # strict
    if "--json" in argv:  # the same document: JSON escapes what the stream cannot carry
        assert json.loads(written) == json.loads(expected)
    else:  # the same text, what the stream cannot carry written as \\uXXXX
        unescaped = written.encode("latin-1", "backslashreplace").decode("unicode_escape")
        assert unescaped == expected
    assert (written == expected) == _fits(expected, encoding)


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("argv", [["--help"], ["deadline", "--help"], ["--version"]])
def test_help_is_written_in_the_encoding_of_its_stream(
    monkeypatch: pytest.MonkeyPatch, encoding: str, argv: list[str]
) -> None:
    stdout, raw = _stream(encoding)
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    assert raw.getvalue().decode(encoding).startswith(("utilisation : ", "caf-contract "))


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_errors_are_written_in_the_encoding_of_their_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    stderr, raw = _stream(encoding)
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["check", str(tmp_path / "Crèche — 😀.json")]) == 2
    with pytest.raises(SystemExit):
        main(["frobnicate—"])
    lines = raw.getvalue().decode(encoding).splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "fichier introuvable ; attendu : le chemin d'un fichier JSON ou TOML existant"
    )
    assert lines[1].startswith("caf-contract : erreur : COMMANDE : choix invalide")


@given(cst.any_texts(), st.sampled_from(["ascii", "latin-1", "cp1252", "utf-8", "utf-16"]))
def test_what_a_stream_cannot_carry_is_escaped_so_that_json_keeps_its_meaning(
    text: str, encoding: str
) -> None:
    stream, _ = _stream(encoding)
    document = json.dumps({"name": text}, ensure_ascii=False)
    written = _encodable(document, stream)
    written.encode(encoding)  # strict: no error
    assert json.loads(written) == {"name": text}
    assert (written == document) == _fits(document, encoding)


class _Failing(io.TextIOWrapper):
    """A stdout whose writes fail as a closed pipe or a full disk make them fail."""

    def __init__(self, error: OSError) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8")
        self.error = error

    def write(self, text: str) -> int:
        del text
        raise self.error


@pytest.mark.parametrize(("argv", "code"), [(["check"], 0), (["check", "--example", "defauts"], 1)])
def test_a_reader_that_has_gone_ends_the_output_quietly_with_the_verdicts_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], code: int
) -> None:
    """Issue 14, point 1: ``caf-contract check | head -c1`` showed a BrokenPipeError."""
    monkeypatch.setattr(sys, "stdout", _Failing(BrokenPipeError(32, "Broken pipe")))
    assert main(argv) == code
    assert capsys.readouterr().err == ""


def test_a_full_disk_is_said_on_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14, point 1: ``caf-contract check > /dev/full`` ended in a traceback."""
    monkeypatch.setattr(sys, "stdout", _Failing(OSError(28, "No space left on device")))
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "caf-contract : erreur : sortie standard : écriture impossible (plus de place sur "
        "le périphérique, erreur système ENOSPC) ; attendu : une sortie où écrire le résultat\n"
    )


def test_a_closed_stdout_is_said_on_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14, point 1: ``caf-contract check >&-`` exited 0 and said nothing."""
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "caf-contract : erreur : sortie standard : fermée ; attendu : une sortie où écrire "
        "le résultat (un terminal, un fichier ou un tube)\n"
    )


@pytest.mark.parametrize(
    ("stdout", "problem"),
    [(_Failing(OSError(28, "No space left on device")), "écriture impossible"), (None, "fermée")],
)
def test_help_on_a_full_disk_or_a_closed_stdout_is_said_on_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stdout: _Failing | None,
    problem: str,
) -> None:
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"caf-contract : erreur : sortie standard : {problem}")
    assert err.count("\n") == 1


# --- issue 14, points 2, 9 and 10: only regular files, up to a size limit, from a path


@pytest.mark.parametrize("path", [None, 123, b"x.json", 1.5, ["x.json"]])
def test_read_dossier_refuses_what_is_no_path_with_our_error(path: object) -> None:
    """Issue 14, point 9: ``read_dossier(None)``, ``(123)``, ``(b"x.json")`` raised TypeError."""
    with pytest.raises(InvalidValueError) as caught:
        read_dossier(path)  # type: ignore[arg-type]
    assert str(caught.value).startswith("path : valeur invalide (")
    assert str(caught.value).endswith(
        "attendu : le chemin d'un fichier JSON ou TOML (str ou pathlib.Path)."
    )


def test_an_empty_path_is_said_to_be_empty(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 14, point 10: ``check ""`` said that "." is a directory."""
    assert _bad_input(capsys, "check", "") == (
        "«  » : chemin vide ; attendu : le chemin d'un fichier JSON ou TOML"
    )


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "tube.json"
    os.mkfifo(fifo)
    return fifo


def _loop(tmp_path: Path) -> Path:
    loop = tmp_path / "boucle.json"
    loop.symlink_to(loop)
    return loop


def _zero_in_disguise(tmp_path: Path) -> Path:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    return link


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and symlinks of POSIX")
@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda _: Path("/dev/zero"), "périphérique, pas un fichier ordinaire"),
        (lambda _: Path("/dev/full"), "périphérique, pas un fichier ordinaire"),
        (_zero_in_disguise, "périphérique, pas un fichier ordinaire"),
        (_fifo, "tube nommé (FIFO), pas un fichier ordinaire"),
        (lambda tmp_path: tmp_path, "c'est un dossier"),
        (_loop, "liens symboliques en boucle"),
    ],
)
def test_only_regular_files_are_read(
    tmp_path: Path, make: Callable[[Path], Path], problem: str
) -> None:
    """Issue 14, point 2: /dev/zero read until MemoryError, /dev/full spun, a FIFO blocked."""
    path = make(tmp_path)
    with pytest.raises(LoadError) as caught:
        read_dossier(path, max_bytes=1024)  # the limit alone would not stop a FIFO's wait
    assert caught.value.source == str(path)
    assert caught.value.problem.startswith(problem)
    assert "attendu : " in caught.value.problem


def _sparse(tmp_path: Path, size: int, name: str = "grand.json") -> Path:
    """A file of ``size`` bytes that takes no room: its length set, its content never written."""
    file = tmp_path / name
    with file.open("wb") as stream:
        stream.truncate(size)
    return file


@pytest.mark.parametrize(
    ("size", "limit", "said"),
    [
        (2_000, 1_000, "fichier de 2000 octets, au-delà de la limite de 1000 octets"),
        (2, 1, "fichier de 2 octets, au-delà de la limite de 1 octet"),
        (MAX_DOSSIER_BYTES + 1, None, "fichier de 256,1 Mio, au-delà de la limite de 256 Mio"),
        (300 * 2**20, None, "fichier de 300 Mio, au-delà de la limite de 256 Mio"),
    ],
)
def test_a_file_beyond_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, size: int, limit: int | None, said: str
) -> None:
    """Issue 14, point 2: a big dossier was read whatever its size."""
    file = _sparse(tmp_path, size)
    with pytest.raises(LoadError) as caught:
        read_dossier(file) if limit is None else read_dossier(file, max_bytes=limit)
    assert caught.value.problem.startswith(f"{said} ; attendu : un fichier de ")


def test_a_file_that_grows_while_it_is_read_stops_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _sparse(tmp_path, 5_000)
    real_fstat = os.fstat

    def stale(descriptor: int) -> os.stat_result:  # the size before the file grew
        status = real_fstat(descriptor)
        return os.stat_result((*status[:6], 10, *status[7:]))

    monkeypatch.setattr(os, "fstat", stale)
    with pytest.raises(LoadError) as caught:
        read_dossier(file, max_bytes=1_000)
    assert caught.value.problem.startswith(
        "fichier de plus de 1000 octets, au-delà de la limite de 1000 octets"
    )


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    text = dumps(example_dossier())
    file = tmp_path / "dossier.json"
    file.write_text(text, encoding="utf-8")
    assert read_dossier(file, max_bytes=len(text.encode())) == example_dossier()
    with pytest.raises(LoadError, match="au-delà de la limite"):
        read_dossier(file, max_bytes=len(text.encode()) - 1)


@pytest.mark.parametrize("limit", [0, -1, True, 1.5, "1024", 10**30])
def test_the_size_limit_is_a_whole_number_of_bytes(tmp_path: Path, limit: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^max_bytes : "):
        read_dossier(tmp_path / "x.json", max_bytes=limit)  # type: ignore[arg-type]


def test_the_command_line_says_how_to_raise_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = _sparse(tmp_path, 257 * 2**20)
    assert _bad_input(capsys, "check", str(huge)) == (
        f"{huge} : fichier de 257 Mio, au-delà de la limite de 256 Mio ; "
        "attendu : un fichier de 256 Mio au plus, ou --max-size pour relever la limite"
    )
    two = _sparse(tmp_path, 2 * 2**20, "deux.json")
    assert "au-delà de la limite de 1 Mio" in _bad_input(
        capsys, "check", str(two), "--max-size", "1"
    )
    assert _bad_input(capsys, "check", str(two), "--max-size", "3").startswith(
        "(racine) : JSON invalide"  # read, then refused for what it holds
    )


@pytest.mark.parametrize("value", ["0", "-1", "x", "1.5", "9" * 30])
def test_the_size_limit_option_is_a_whole_number_of_mebibytes(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert _bad_input(capsys, "check", "x.json", "--max-size", value) == (
        f"--max-size : valeur invalide (« {value} ») ; "
        "attendu : un nombre entier de Mio, au moins 1 (256 par défaut)."
    )


# --- issue 14, point 3: a byte order mark


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_file_starting_with_a_byte_order_mark_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """Issue 14, point 3: a file saved by Windows Notepad was « syntaxe invalide »."""
    example = example_dossier()
    text = dumps(example) if suffix == ".json" else toml_text(native_data(example))
    file = tmp_path / f"bloc-notes{suffix}"
    file.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert read_dossier(file) == example
    code, out, err = run(capsys, "check", str(file))
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("aucun constat.")


# --- issue 14, point 10: one name per argument


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["deadline"], "ENVOI"),
        (["deadline", "23/11/2026"], "ENVOI"),
        (["deadline", "2026-11-23T10:00"], "ENVOI"),
        (["deadline", "0001-01-01T00:00+01:00"], "ENVOI"),
        (["deadline", "9999-12-31T23:59+00:00"], "ENVOI"),
        (["deadline", "2026-11-23", "--department", "99"], "--department"),
        (["deadline", "2026-11-23", "--department"], "--department"),
        (["purge-cutoff", "--as-of", "28/02/2027"], "--as-of"),
        (["purge-cutoff", "--as-of", "0001-01-01"], "--as-of"),
        (["check", "--max-size", "0"], "--max-size"),
        (["check", "--example", "x"], "--example"),
    ],
)
def test_every_error_names_an_argument_as_the_usage_shows_it(
    capsys: pytest.CaptureFixture[str], argv: list[str], name: str
) -> None:
    """Issue 14, point 10: the sent-at argument was SENT_AT in some errors, sent_at in others."""
    message = _bad_input(capsys, *argv)
    assert re.match(rf"(Art\. [\d.]+ — )?{re.escape(name)} : ", message), message
    assert not re.search(r"sent_at|SENT_AT|as_of|(?<!-)\bdepartment\b", message), message
    assert "datetime." not in message  # what was typed, not a Python repr
    with pytest.raises(SystemExit):
        main([argv[0], "--help"])
    assert name in capsys.readouterr().out


# --- issue 14: the command line under hostile input and odd outputs, as a user runs it
#
# Each input file × each output, run as a subprocess with a timeout: an exit code of
# 0, 1 or 2 as the case asks, never a traceback, one line on stderr for an error.


def _regular(tmp_path: Path) -> Path:
    file = tmp_path / "defauts.json"
    file.write_text(dumps(example_dossier("defauts")), encoding="utf-8")
    return file


def _bytes(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        file = tmp_path / name
        file.write_bytes(content)
        return file

    return make


def _unreadable(tmp_path: Path) -> Path:
    file = _regular(tmp_path)
    file.chmod(0)
    return file


_MATRIX_INPUTS: dict[str, tuple[Callable[[Path], Path], int]] = {
    "regular": (_regular, 1),
    "empty": (_bytes("vide.json", b""), 2),
    "BOM": (_bytes("bom.json", b"\xef\xbb\xbf" + dumps(example_dossier()).encode()), 0),
    "lone surrogate": (lambda tmp_path: _dossier_named(tmp_path, "Crèche \udcff"), 1),
    "invalid UTF-8": (_bytes("latin1.toml", "caf = 'Hérault'".encode("latin-1")), 2),
    "binary": (_bytes("image.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 64), 2),
    "huge": (lambda tmp_path: _sparse(tmp_path, MAX_DOSSIER_BYTES + 1), 2),
    "directory": (lambda tmp_path: tmp_path, 2),
    "FIFO": (_fifo, 2),
    "/dev/zero": (lambda _: Path("/dev/zero"), 2),
    "symlink to /dev/zero": (_zero_in_disguise, 2),
    "symlink loop": (_loop, 2),
    "unreadable": (_unreadable, 2),
}

_OUTPUTS = ("normal", "closed pipe", "/dev/full", "ascii", "closed")
_TIMEOUT = 20  # seconds: a hang fails the case instead of the whole run


def _environment(**extra: str) -> dict[str, str]:
    """This process's environment, with the sources under test first on the path."""
    sources = str(Path(caf_contract.__file__).parents[1])
    path = os.pathsep.join(filter(None, [sources, os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def _run_into(output: str, *argv: str) -> tuple[int, bytes, str]:
    """Run ``caf-contract argv`` with its stdout as ``output`` says: code, stdout, stderr."""
    command = [sys.executable, "-m", "caf_contract", *argv]
    environment = _environment()
    with contextlib.ExitStack() as stack:
        stdout: int | IO[bytes] = subprocess.PIPE
        if output == "ascii":
            environment["PYTHONIOENCODING"] = "ascii"
        elif output == "closed":
            command = ["sh", "-c", 'exec "$@" >&-', "sh", *command]
        elif output == "/dev/full":
            stdout = stack.enter_context(Path("/dev/full").open("wb"))
        elif output == "closed pipe":
            reader, stdout = os.pipe()
            os.close(reader)  # the reader has gone before the first write
            stack.callback(os.close, stdout)
        try:
            done = subprocess.run(  # noqa: S603  # this interpreter, or sh running it
                command,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.PIPE,
                env=environment,
                timeout=_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:  # killed: this case fails, not the whole matrix
            return -1, b"", f"no answer within {_TIMEOUT} s\n"
    return done.returncode, done.stdout or b"", done.stderr.decode("utf-8")


def _expect(output: str, code: int, done: tuple[int, bytes, str]) -> None:
    returned, out, err = done
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err
    if code == 2 or output in {"/dev/full", "closed"}:
        assert returned == 2, (returned, err)
        assert err.count("\n") == 1, err
        assert err.startswith("caf-contract : erreur : "), err
        assert out == b""
        if code != 2:  # the output, not the input, was at fault: said so
            said = "écriture impossible" if output == "/dev/full" else "fermée"
            assert err.startswith(f"caf-contract : erreur : sortie standard : {said}"), err
        return
    assert (returned, err) == (code, "")
    if output != "closed pipe":
        text = out.decode("ascii" if output == "ascii" else "utf-8")  # strict: valid
        assert text.endswith("\n")  # whole: down to the verdict of the dossier
        assert text.splitlines()[-1].startswith(("Dossier conforme : ", "Dossier non conforme : "))


_MATRIX = [
    (name, output)
    for name in _MATRIX_INPUTS
    if name != "unreadable" or getattr(os, "geteuid", int)() != 0  # root reads it anyway
    for output in _OUTPUTS
    if output != "/dev/full" or Path("/dev/full").exists()
]


@pytest.fixture(scope="module")
def matrix(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[tuple[str, str], tuple[int, bytes, str]]]:
    """Every case of the matrix, run at once (one interpreter each, most of them waiting)."""
    paths = {
        name: make(tmp_path_factory.mktemp("entree"))
        for name, (make, _) in _MATRIX_INPUTS.items()
        if any(name == wanted for wanted, _ in _MATRIX)
    }
    with concurrent.futures.ThreadPoolExecutor(2 * (os.cpu_count() or 1)) as pool:
        runs = {
            (name, output): pool.submit(_run_into, output, "check", str(paths[name]))
            for name, output in _MATRIX
        }
        yield {case: run.result() for case, run in runs.items()}
    unreadable = paths.get("unreadable")
    if unreadable is not None:
        unreadable.chmod(0o600)  # so that pytest can remove it


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices, symlinks and sh of POSIX")
@pytest.mark.parametrize(("name", "output"), _MATRIX)
def test_every_input_meets_every_output_without_a_traceback_or_a_hang(
    matrix: dict[tuple[str, str], tuple[int, bytes, str]], name: str, output: str
) -> None:
    _expect(output, _MATRIX_INPUTS[name][1], matrix[name, output])


@pytest.mark.parametrize("piece", [1, 7, 100])
@pytest.mark.parametrize("argv", [["check", "--example", "defauts"], ["check", "--json"]])
def test_the_output_kept_in_pieces_is_written_whole_and_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, piece: int, argv: list[str]
) -> None:
    """Issue 16: the report is kept and written in pieces (a big one was copied whole)."""
    whole = run(capsys, *argv)
    monkeypatch.setattr(cli, "_PIECE", piece)
    assert run(capsys, *argv) == whole
    assert len(whole[1]) > 10 * piece


class _FillingUp(io.StringIO):
    """A stream that takes ``room`` writes, then says the disk is full."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, text: str) -> int:
        if self.room == 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= 1
        return super().write(text)


def test_a_disk_full_in_the_middle_of_a_long_report_is_said_once_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: a long report goes out in pieces; the first failing one ends it, in words."""
    whole = run(capsys, "check", "--example", "defauts")[1]
    monkeypatch.setattr(cli, "_PIECE", 50)
    full = _FillingUp(room=2)
    monkeypatch.setattr(sys, "stdout", full)
    monkeypatch.setattr(cli, "_silence", lambda _: None)  # no descriptor to redirect
    code = main(["check", "--example", "defauts"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "sortie standard : écriture impossible (plus de place sur le périphérique" in err
    assert whole.startswith(full.getvalue())
    assert 100 <= len(full.getvalue()) < len(whole) // 4  # two pieces went out, nothing after


# --- init: the dossier to fill, and a partner's round trip (issue 17, point 1)

_FILLED_PARTNER = {
    "name": "Centre social des Coteaux",
    "address": "12 rue des Vergers, 82000 Montauban",
    "representative": "Camille Martin",
    "siren": "123456782",
}


def _fill(data: dict[str, Any]) -> None:
    """What a partner's script does: every placeholder replaced by a value of its own."""
    people = to_data(example_dossier().contract.interlocutors.partner)
    contract = data["contract"]
    contract.update(
        convention_signed_on="2024-02-01",
        signed_on="2024-03-01",
        informatique_libertes_completed_on="2024-02-15",
        partner_signatory="Camille Martin",
        partner=_FILLED_PARTNER,
    )
    contract["interlocutors"]["partner"] = people
    contract["bulletins"][0]["signed_on"] = "2024-03-01"
    data["habilitations"][0]["granted_by"]["name"] = "lbernard@coteaux-exemple.fr"
    administrator = people[1]  # the administrateur principal writes to the service centre
    data["requests"][0]["contact"] = {k: v for k, v in administrator.items() if k != "role"}


@pytest.mark.parametrize("syntax", ["toml", "json"])
def test_a_partners_round_trip_init_fill_check_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, syntax: str
) -> None:
    path = tmp_path / f"mon-dossier.{syntax}"
    code, out, err = run(capsys, "init", str(path))
    assert (code, err) == (0, "")
    assert (
        out
        == f"Dossier à remplir écrit dans {path} ; une fois rempli : caf-contract check {path}\n"
    )

    code, out, err = run(capsys, "check", str(path))  # placeholders: findings, not load errors
    assert (code, err) == (1, "")
    assert "nom du partenaire non renseigné (« NOM STRUCTURE »)" in out

    read, write = (tomllib.loads, toml_text) if syntax == "toml" else (json.loads, json.dumps)
    data = read(path.read_text(encoding="utf-8"))
    _fill(data)  # one fault left: Art. 6 still names the template's « CCAS de Montauban »
    path.write_text(write(data), encoding="utf-8")
    code, out, err = run(capsys, "check", str(path), "--json")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert (report["valid"], report["findings"]) == (False, 1)
    assert "CCAS de Montauban" in json.dumps(report, ensure_ascii=False)

    data["contract"]["partner_named_in_article_6"] = "Centre social des Coteaux"
    path.write_text(write(data), encoding="utf-8")
    code, out, err = run(capsys, "check", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "Dossier conforme : 5 contrôles, aucun constat, 1 remarque."


@pytest.mark.parametrize(
    ("argv", "start"),
    [(["init"], "# Dossier « Mon Compte Partenaire »"), (["init", "--format", "json"], "{\n")],
)
def test_init_without_a_file_writes_to_stdout(
    capsys: pytest.CaptureFixture[str], argv: list[str], start: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    assert out.startswith(start)
    assert parse_dossier(out, format="json" if "json" in argv else "toml") == dossier_template()


def test_init_takes_the_format_of_the_files_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "init", str(tmp_path / "d.json"))[0] == 0
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["contract"]
    assert run(capsys, "init", "--format", "json", str(tmp_path / "d.txt"))[0] == 0
    assert json.loads((tmp_path / "d.txt").read_text(encoding="utf-8"))["contract"]
    assert run(capsys, "init", str(tmp_path / "d"))[0] == 0
    assert tomllib.loads((tmp_path / "d").read_text(encoding="utf-8"))["contract"]


def test_init_never_overwrites_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mon-dossier.toml"
    path.write_text("à garder", encoding="utf-8")
    code, out, err = run(capsys, "init", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"caf-contract : erreur : FICHIER : fichier déjà présent ({path}) ; attendu : le "
        "chemin d'un fichier qui n'existe pas encore (init n'écrase rien).\n"
    )
    assert path.read_text(encoding="utf-8") == "à garder"


@pytest.mark.parametrize(
    ("name", "argv", "message"),
    [
        (
            "absent/d.toml",
            [],
            "FICHIER : écriture impossible (erreur système ENOENT) ({path}) ; attendu : un chemin où écrire, dans un dossier existant et accessible.",
        ),
        (
            "d\x00.toml",
            [],
            "FICHIER : écriture impossible (caractère nul) ({path!r}) ; attendu : un chemin où écrire, dans un dossier existant et accessible.",
        ),
        (
            "d.toml",
            ["--format", "json"],
            "--format : format contraire à l'extension du fichier (« json ») ; attendu : le format de l'extension du fichier (.toml), que check lira ainsi.",
        ),
    ],
)
def test_init_says_why_it_cannot_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, argv: list[str], message: str
) -> None:
    path = f"{tmp_path}/{name}"
    code, out, err = run(capsys, "init", *argv, path)
    assert (code, out) == (2, "")
    assert err == f"caf-contract : erreur : {message.format(path=path)}\n"
    assert not Path(tmp_path / "d.toml").exists()


# --- machine output (issue 17, point 4)


def test_check_json_carries_its_schema_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["schema_version"] == cli.JSON_SCHEMA_VERSION == 1
    assert list(report) == ["schema_version", "valid", "findings", "remarks", "results"]


def test_version_comes_from_the_installed_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    installed = importlib.metadata.version("caf-contract")
    assert capsys.readouterr().out == f"caf-contract {installed}\n"
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    assert caf_contract.__version__ == installed == pyproject["project"]["version"]


# --- issue 17, point 3: the words of the command line


_COMMANDS = ("init", "check", "deadline", "purge-cutoff", "replay", "articles")


def _help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_every_value_in_the_help_is_named_in_french(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, point 3: « CLI metavars in French (ENVOI, DÉPARTEMENT, DATE) ». Unless
    told, argparse names a value after its option or parameter: DEPARTMENT, AS_OF, SENT_AT."""
    monkeypatch.setenv("COLUMNS", "200")  # each usage on one line
    named: set[tuple[str, str]] = set()
    for command in ("", *_COMMANDS):
        usage = _help_text(capsys, *command.split()).splitlines()[0]
        assert usage.startswith(f"utilisation : caf-contract {command}".rstrip())
        words = usage.removeprefix(f"utilisation : caf-contract {command}".rstrip())
        # An option in brackets, a required one with its value (--dossier FICHIER), a word.
        for part in re.findall(r"\[[^\]]*\]|-\S+(?: [^\s\[\]-]\S*)?|\S+", words):
            first, *rest = part.strip("[]").split()
            option, values = (first, rest) if first.startswith("-") else ("", [first])
            for value in values:
                if value != "..." and not value.startswith("{"):  # {toml,json}: the choices
                    named.add((value, option))
    assert named == {
        ("COMMANDE", ""),
        ("FICHIER", ""),
        ("MIO", "--max-size"),
        ("ENVOI", ""),
        ("DÉPARTEMENT", "--department"),
        ("DATE", "--as-of"),
        ("JOURNAL", "--log"),
        ("JOURNAL", ""),
        ("FICHIER", "--dossier"),
    }
    for value, option in named:  # never argparse's own name for it
        assert value != option.lstrip("-").upper().replace("-", "_")
        assert "_" not in value


def test_no_value_is_left_to_argparse_to_name() -> None:
    parser = cli._parser()
    assert sorted(parser.commands) == sorted(_COMMANDS)
    for each in (parser, *parser.commands.values()):
        for action in each._actions:
            if action.nargs != 0:  # it takes a value: a name of ours, or its choices
                assert action.metavar is not None or action.choices is not None, action


# Each argument of each command given a wrong value (or none): the name the help shows,
# then what is wrong, the value as typed between French quotes.
_BAD_ARGUMENTS: list[tuple[list[str], str, str | None]] = [
    ([], "COMMANDE", None),
    (["frobnicate"], "COMMANDE", "frobnicate"),
    (["--version=2"], "--version", "2"),
    (["init", "--format", "xml"], "--format", "xml"),
    (["init", "--format"], "--format", None),
    (["init", "--format", "json", "{tmp}/d.toml"], "--format", "json"),
    (["init", "{tmp}/present.toml"], "FICHIER", None),
    (["init", "{tmp}/absent/d.toml"], "FICHIER", None),
    (["check", "{tmp}/absent.json"], "{tmp}/absent.json", None),  # a file read: its path
    (["check", "--example", "foo"], "--example", "foo"),
    (["check", "--example"], "--example", None),
    (["check", "{tmp}/d.json", "--example", "defauts"], "--example", "defauts"),
    (["check", "--max-size", "0"], "--max-size", "0"),
    (["check", "--max-size", "1,5"], "--max-size", "1,5"),
    (["check", "--max-size"], "--max-size", None),
    (["check", "--json=oui"], "--json", "oui"),
    (["check", "--log"], "--log", None),
    (["check", "--log", "{tmp}/absent/d.jsonl"], "--log", None),
    (["check", "--log", "{tmp}"], "--log", None),
    (["deadline"], "ENVOI", None),
    (["deadline", "23/11/2026"], "ENVOI", "23/11/2026"),
    (["deadline", "2026-11-23T10:00"], "ENVOI", "2026-11-23T10:00"),
    (["deadline", "0001-01-01T00:00+01:00"], "ENVOI", "0001-01-01T00:00+01:00"),
    (["deadline", "2100-12-31"], "ENVOI", "2100-12-31"),
    (["deadline", "1802-12-31"], "ENVOI", "1802-12-31"),
    (["deadline", "2026-11-23", "--department", "99"], "--department", "99"),
    (["deadline", "2026-11-23", "--department", "1"], "--department", "1"),
    (["deadline", "2026-11-23", "--department", ""], "--department", ""),
    (["deadline", "2026-11-23", "--department"], "--department", None),
    (["deadline", "2026-11-23", "--json=1"], "--json", "1"),
    (["deadline", "2026-11-23", "--explain=oui"], "--explain", "oui"),
    (["purge-cutoff", "--as-of", "28/02/2027"], "--as-of", "28/02/2027"),
    (["purge-cutoff", "--as-of", "2027-02-28T10:00"], "--as-of", "2027-02-28T10:00"),
    (["purge-cutoff", "--as-of", "0001-01-01"], "--as-of", "0001-01-01"),
    (["purge-cutoff", "--as-of", "0001-06-30"], "--as-of", "0001-06-30"),
    (["purge-cutoff", "--as-of"], "--as-of", None),
    (["purge-cutoff", "--json=x"], "--json", "x"),
    (["replay", "--dossier", "{tmp}/present.toml"], "JOURNAL", None),
    (["replay", "{tmp}/absent.jsonl", "--dossier", "d.json"], "{tmp}/absent.jsonl", None),
    (["replay", "{tmp}/present.toml"], "--dossier", None),
    (["replay", "{tmp}/present.toml", "--dossier"], "--dossier", None),
    (["replay", "{tmp}/present.toml", "--dossier", "{tmp}/absent.json"], "{tmp}/absent.json", None),
    (["replay", "{tmp}/present.toml", "--dossier", "d.json", "--max-size", "0"], "--max-size", "0"),
    (["articles", "--json=oui"], "--json", "oui"),
]
_PYTHON_REPRS = ("datetime.", "date(", "None", "tzinfo", "ZoneInfo", "\\x", "Traceback")


@pytest.mark.parametrize(("argv", "name", "value"), _BAD_ARGUMENTS)
def test_an_error_on_the_command_line_starts_with_the_argument_it_is_about(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
    name: str,
    value: str | None,
) -> None:
    """Issue 17, point 3: « errors name the option (--department) »."""
    (tmp_path / "present.toml").write_text("", encoding="utf-8")
    argv = [argument.format(tmp=tmp_path) for argument in argv]
    message = _bad_input(capsys, *argv)
    assert message.startswith(f"{name.format(tmp=tmp_path)} : "), message
    assert not [shown for shown in _PYTHON_REPRS if shown in message], message
    if value is not None:  # as typed, between French quotes; never by its repr
        assert f"« {value} »" in message, message
        assert f"'{value}'" not in message, message


def test_the_table_of_bad_arguments_has_every_argument_of_every_command() -> None:
    parser = cli._parser()
    tried = {
        (
            argv[0] if argv and argv[0] in _COMMANDS else "",
            "FICHIER" if name.startswith("{tmp}") else name,  # a file read: said by its path
        )
        for argv, name, _ in _BAD_ARGUMENTS
    }
    for command, each in [("", parser), *parser.commands.items()]:
        for action in each._actions:
            if "--help" in action.option_strings:
                continue
            name = action.option_strings[-1] if action.option_strings else action.metavar
            assert (command, name) in tried, (command, name)


# --- the examples of docs/cli.md, as the commands print them


_PAGE = Path(__file__).parents[1] / "docs" / "cli.md"
# Examples the page shows with what it assumes: a file of its own, a shell redirection.
_NOT_RUN = {
    "check dossier.json",
    "check mon-dossier.toml",
    "check sauvegarde.json",
    # Run by test_the_replay_shown_in_the_cli_page_is_what_replay_prints, with their files.
    "check dossier.json --log decisions.jsonl",
    "replay decisions.jsonl --dossier dossier.json",
}


def _page_examples(*, everything: bool = False) -> list[tuple[str, str]]:
    """Each ``$ caf-contract …`` example of docs/cli.md shown with an output: (command, output).

    Those that assume a file of their own (``_NOT_RUN``) only with ``everything``.
    """
    examples = []
    for block in re.findall(r"```console\n(.*?)```", _PAGE.read_text(encoding="utf-8"), re.DOTALL):
        for command, output in re.findall(
            r"^\$ caf-contract (.*)\n((?:(?!\$ ).*\n)*)", block, re.MULTILINE
        ):
            if (
                output
                and (everything or command not in _NOT_RUN)
                and not re.search(r"[|<>&]", command)
            ):
                examples.append((command, output))
    return examples


def test_the_cli_page_has_examples_to_check() -> None:
    checked = [command for command, _ in _page_examples()]
    assert {"check", "check --example defauts", "purge-cutoff --as-of 2027-02-28"} <= set(checked)
    assert "articles" in checked
    assert {"deadline --help", "check --colour", "deadline 2100-12-31"} <= set(checked)


@pytest.mark.parametrize(
    ("command", "shown"), _page_examples(), ids=[command for command, _ in _page_examples()]
)
def test_the_cli_page_shows_what_the_commands_print(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    shown: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # absent.json is absent
    monkeypatch.setenv("COLUMNS", "80")  # the help as an 80-column terminal shows it
    with contextlib.suppress(SystemExit):  # argparse's own ends: help, usage errors
        main(shlex.split(command))
    captured = capsys.readouterr()
    # « … » on a line of its own stands for the lines the page leaves out.
    pattern = "".join(
        r"(?:.*\n)*?" if line.strip() == "…" else re.escape(line) + r"\n"
        for line in shown.splitlines()
    )
    assert re.fullmatch(pattern, captured.out + captured.err), captured.out + captured.err


# --- issue 18, point 5: every article, its rules, the tests citing it


def _shipped_counts() -> dict[str, Any]:
    data = Path(caf_contract.__file__).parent / "data" / "article_coverage.json"
    counts: dict[str, Any] = json.loads(data.read_text(encoding="utf-8"))
    return counts


def test_articles_lists_every_article_with_its_rules_its_tests_or_why_it_has_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "articles")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Article     Tests  Titre et règles"
    tests = _shipped_counts()["by_article"]
    rows = [line for line in lines if line[:1].strip()][1:-2]  # an article starts a line
    assert [row[:10].rstrip() for row in rows] == [article.label for article in Article]
    for row, article in zip(rows, Article, strict=True):
        assert row[10:17] == f"{tests[article.value]:>7}"
        assert row[19:] == article.title[: len(row) - 19]
    assert max(len(line) for line in lines) <= 80
    text = " ".join(out.split())
    assert "règles : access_request_route, may_read_traces" in text
    assert "aucune règle : l'article renvoie au guide utilisateur publié sur www.caf.fr" in text
    assert "hors règle : les autres vocations du guichet unique" in text
    assert lines[-2] == "21 articles et annexes : 17 appliqués par des règles, 4 sans règle."
    counts = _shipped_counts()
    assert lines[-1] == (
        f"Tests : ceux qui citent l'article ; {counts['citing']} sur {counts['tests']} en "
        "citent au moins un."
    )


def test_articles_json_carries_its_schema_version_and_the_whole_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "articles", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert list(report) == ["schema_version", "tests", "citing", "articles"]
    assert report["schema_version"] == cli.ARTICLES_SCHEMA_VERSION == 1
    counts = _shipped_counts()
    assert (report["tests"], report["citing"]) == (counts["tests"], counts["citing"])
    assert report["articles"] == [
        {
            "article": article.value,
            "label": article.label,
            "title": article.title,
            "rules": list(article.rules),
            "not_a_rule": article.not_a_rule,
            "tests": counts["by_article"][article.value],
        }
        for article in Article
    ]
    assert report["articles"][-1]["article"] == "annexe 2"


def test_articles_reads_the_counts_shipped_in_the_package() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "caf_contract", "articles", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env=_environment(),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["tests"] == _shipped_counts()["tests"]


# --- issue 18, point 3: the decision log, and its replay


def _followed_up_file(tmp_path: Path) -> Path:
    file = tmp_path / "dossier.json"
    file.write_text(dumps(followed_up()), encoding="utf-8")
    return file


def test_check_log_appends_one_line_per_decision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier, log = _followed_up_file(tmp_path), tmp_path / "decisions.jsonl"
    code, out, err = run(capsys, "check", str(dossier), "--log", str(log))
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        f"Journal : 12 décisions ajoutées à {log}, dont 4 délais de relance (Art. 3.3).",
        "Dossier conforme : 8 contrôles, aucun constat.",
    ]
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12
    for line in lines:
        assert_valid("decision-record", json.loads(line))
    assert [json.loads(line)["subject"] for line in lines[:4]] == [
        "contrat",
        "habilitations",
        "saisine n° 1",
        "saisine n° 2",
    ]
    code, out, _ = run(capsys, "check", str(dossier), "--log", str(log), "--json")
    assert code == 0
    assert json.loads(out)["valid"] is True  # stdout stays one JSON object
    assert log.read_text(encoding="utf-8").splitlines() == lines * 2  # appended, never replaced


def test_check_log_of_the_bundled_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "--example", "defauts", "--log", "d.jsonl")
    assert code == 1
    assert "Journal : 7 décisions ajoutées à d.jsonl." in out.splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices of POSIX")
@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda tmp: tmp, "écriture impossible (erreur système EISDIR)"),
        (lambda tmp: tmp / "absent" / "d.jsonl", "écriture impossible (erreur système ENOENT)"),
        (_fifo, "tube nommé (FIFO), pas un fichier ordinaire"),
        (lambda _: Path("/dev/null"), "périphérique, pas un fichier ordinaire"),
    ],
)
def test_a_log_that_cannot_be_written_is_bad_input_and_nothing_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, problem: str
) -> None:
    path = make(tmp_path)
    message = _bad_input(capsys, "check", "--log", str(path))
    assert message == (
        f"--log : {problem} ({path}) ; attendu : un fichier ordinaire où ajouter les décisions, "
        "dans un dossier existant et accessible."
    )


def test_replay_says_nothing_differs_on_the_same_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier, log = _followed_up_file(tmp_path), tmp_path / "decisions.jsonl"
    run(capsys, "check", str(dossier), "--log", str(log))
    assert run(capsys, "replay", str(log), "--dossier", str(dossier)) == (
        0,
        "Rejeu : 12 décisions rejouées, aucune ne diffère.\n",
        "",
    )


def test_replay_after_a_closure_day_reports_the_decisions_it_changes_with_both_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18, « Must show », from the command line."""
    dossier, log = _followed_up_file(tmp_path), tmp_path / "decisions.jsonl"
    run(capsys, "check", str(dossier), "--log", str(log))
    before = importlib.metadata.version("holidays")
    with closure_added(version="0.999"):
        code, out, err = run(capsys, "replay", str(log), "--dossier", str(dossier))
    assert (code, err) == (1, "")
    assert out == (
        "saisine n° 2, relance n° 1 (may_remind, au 02/12/2026 à 09:00, heure de Paris) : "
        "verdict changé\n"
        "  enregistrée : autorisé\n"
        "    - Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
        "02/12/2026 à 00:00 (heure de Paris)\n"
        "  rejouée : refusé\n"
        "    - Art. 3.3 — délai de 5 jours ouvrés non écoulé : relance possible à partir du "
        "03/12/2026 à 00:00 (heure de Paris), ou dès maintenant si la situation est jugée "
        "urgente\n"
        f"  changé depuis : les jours fériés (holidays {before} → 0.999)\n"
        "saisine n° 4, relance n° 1 (may_remind, au 10/12/2026 à 09:00, heure de Paris) : "
        "même verdict, motifs changés\n"
        "  enregistrée : autorisé\n"
        "    - Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
        "02/12/2026 à 00:00 (heure de Paris)\n"
        "  rejouée : autorisé\n"
        "    - Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
        "03/12/2026 à 00:00 (heure de Paris)\n"
        f"  changé depuis : les jours fériés (holidays {before} → 0.999)\n"
        "Rejeu : 12 décisions rejouées, 2 diffèrent.\n"
    )


def test_replay_says_what_it_cannot_replay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier, log = _followed_up_file(tmp_path), tmp_path / "decisions.jsonl"
    run(capsys, "check", str(dossier), "--log", str(log))
    smaller = tmp_path / "moins.json"
    smaller.write_text(dumps(example_dossier()), encoding="utf-8")
    code, out, _ = run(capsys, "replay", str(log), "--dossier", str(smaller))
    assert code == 1
    assert (
        "saisine n° 5 (check_request) : ne se rejoue pas\n"
        "  enregistrée : autorisé\n"
        "    - Art. 3.2 — demande complète : type, objet, description, interlocuteur identifié "
        "en annexe 1, adressée au bon destinataire\n"
        "  rejouée : sujet « saisine n° 5 » absent du dossier\n"
    ) in out
    assert "  changé depuis : rien de ce que garde l'enregistrement" not in out
    # The reminders' decisions of the request still there are taken again at their instants.
    assert out.splitlines()[-1] == "Rejeu : 12 décisions rejouées, 6 diffèrent."


def test_replay_of_an_empty_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "vide.jsonl"
    log.write_text("\n", encoding="utf-8")
    dossier = _followed_up_file(tmp_path)
    assert run(capsys, "replay", str(log), "--dossier", str(dossier)) == (
        0,
        "Rejeu : journal vide, aucune décision à rejouer.\n",
        "",
    )


def test_replay_says_a_change_nothing_in_the_record_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier, log = _followed_up_file(tmp_path), tmp_path / "decisions.jsonl"
    run(capsys, "check", str(dossier), "--log", str(log))
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace('"holidays_version":"', '"holidays_version":"x'), "utf-8")
    with closure_added(version=f"x{importlib.metadata.version('holidays')}"):
        code, out, _ = run(capsys, "replay", str(log), "--dossier", str(dossier))
    assert code == 1
    assert (
        out.count(
            "  changé depuis : rien de ce que garde l'enregistrement (entrées, versions, paramètres)\n"
        )
        == 2
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"{\n",
            "ligne 1 : line : JSON illisible (colonne 2 : nom de clé entre guillemets attendu)",
        ),
        (b"\n[]\n", "ligne 2 : DecisionRecord : valeur invalide ([])"),
        (b"\xff\n", "ligne 1 : texte non encodé en UTF-8 (octet 0xff à la position 0)"),
        (
            b'{"schema_version": 7}\n',
            (
                "ligne 1 : DecisionRecord.schema_version : version inconnue (7) ; attendu : 1, la "
                "version des enregistrements que lit cette bibliothèque."
            ),
        ),
    ],
)
def test_a_log_that_does_not_read_is_bad_input_said_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, problem: str
) -> None:
    log = tmp_path / "d.jsonl"
    log.write_bytes(content)
    message = _bad_input(capsys, "replay", str(log), "--dossier", str(_followed_up_file(tmp_path)))
    assert message.startswith(f"{log} : {problem}"), message


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices of POSIX")
@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda tmp: tmp / "absent.jsonl",
            "fichier introuvable ; attendu : le chemin d'un journal JSON Lines existant",
        ),
        (lambda tmp: tmp, "c'est un dossier ; attendu : un journal JSON Lines"),
        (
            _fifo,
            "tube nommé (FIFO), pas un fichier ordinaire ; attendu : un journal JSON Lines",
        ),
        (
            lambda _: Path("/dev/zero"),
            "périphérique, pas un fichier ordinaire ; attendu : un journal JSON Lines",
        ),
    ],
)
def test_only_a_regular_file_is_read_as_a_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, problem: str
) -> None:
    path = make(tmp_path)
    message = _bad_input(capsys, "replay", str(path), "--dossier", "d.json")
    assert message == f"{path} : {problem}"


def test_a_line_too_long_to_be_a_record_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_LINE_LIMIT", 10)
    log = tmp_path / "d.jsonl"
    log.write_text("\n" + "x" * 11 + "\n", encoding="utf-8")
    message = _bad_input(capsys, "replay", str(log), "--dossier", "d.json")
    assert message == f"{log} : ligne 2 : plus de 16 Mio ; attendu : un enregistrement par ligne"


def test_replay_reads_a_dossier_within_its_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "d.jsonl"
    log.write_text("", encoding="utf-8")
    big = _sparse(tmp_path, 2 * 2**20 + 1)
    message = _bad_input(capsys, "replay", str(log), "--dossier", str(big), "--max-size", "2")
    assert message.startswith(f"{big} : fichier de 2,1 Mio, au-delà de la limite de 2 Mio")
    assert message.endswith("ou --max-size pour relever la limite")


def test_the_replay_shown_in_the_cli_page_is_what_replay_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/cli.md shows a replay after an update of the holiday data: made here, and compared."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "caf_contract.records._holiday_data_version", lambda: "0.109"
    )  # the version the page shows
    _followed_up_file(tmp_path)
    shown = dict(_page_examples(everything=True))
    command = "check dossier.json --log decisions.jsonl"
    main(shlex.split(command))
    assert capsys.readouterr().out.splitlines()[-2:] == shown[command].splitlines()[-2:]
    command = "replay decisions.jsonl --dossier dossier.json"
    with closure_added(version="0.110"):
        main(shlex.split(command))
    assert capsys.readouterr().out == shown[command]


def test_a_log_that_fills_the_disk_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int, data: bytes) -> int:
        del descriptor, data
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    log = tmp_path / "d.jsonl"
    assert _bad_input(capsys, "check", "--log", str(log)).startswith(
        "--log : écriture impossible (plus de place sur le périphérique, erreur système ENOSPC)"
    )
    assert _bad_input(capsys, "check", "--log", "a\0b.jsonl").startswith(
        "--log : écriture impossible (caractère nul)"
    )


def test_a_log_that_fails_while_read_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class _Failing(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:
            del size
            raise OSError(errno.EIO, "Input/output error")

    def failing(descriptor: int, mode: str) -> _Failing:
        os.close(descriptor)
        assert mode == "rb"
        return _Failing()

    monkeypatch.setattr(cli, "open", failing, raising=False)
    log = tmp_path / "d.jsonl"
    log.write_text("", encoding="utf-8")
    assert _bad_input(capsys, "replay", str(log), "--dossier", "d.json") == (
        f"{log} : fichier illisible (erreur système EIO) ; attendu : un journal JSON Lines lisible"
    )


def test_replay_shows_the_remarks_and_the_day_a_decision_was_taken_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "d.jsonl"
    run(capsys, "check", "--example", "defauts", "--log", str(log))
    purge = caf_contract.DecisionRecord.of(
        caf_contract.may_purge_trace(date(2026, 1, 5), date(2026, 8, 1)),
        rule="may_purge_trace",
        inputs={"made": date(2026, 1, 5)},
        as_of=date(2026, 8, 1),
    )
    with log.open("a", encoding="utf-8") as file:
        file.write(purge.to_json() + "\n")
    code, out, _ = run(capsys, "replay", str(log), "--dossier", str(_followed_up_file(tmp_path)))
    assert code == 1
    assert "    - remarque : Art. 5.3.1 — session « S-2026-11-24-01 » de accueil1" in out
    assert (
        "sans sujet (may_purge_trace, pour le 01/08/2026) : ne se rejoue pas\n"
        "  enregistrée : autorisé\n"
    ) in out
    assert (
        "  rejouée : règle « may_purge_trace » sur le sujet aucun : pas une décision du "
        "contrôle d'un dossier\n"
    ) in out


def test_the_log_is_never_the_dossier_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Review of issue 18: check c.json --log c.json appended records to the dossier."""
    dossier = _followed_up_file(tmp_path)
    before = dossier.read_bytes()
    message = _bad_input(capsys, "check", str(dossier), "--log", str(dossier))
    assert message == (
        f"--log : c'est le dossier lui-même ({dossier}) ; attendu : un autre fichier que le "
        "dossier contrôlé."
    )
    assert dossier.read_bytes() == before


def test_a_log_whose_last_line_was_cut_gets_its_end_of_line_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier, log = _followed_up_file(tmp_path), tmp_path / "decisions.jsonl"
    run(capsys, "check", str(dossier), "--log", str(log))
    first = log.read_text(encoding="utf-8").splitlines()[0]
    log.write_text(first, encoding="utf-8")  # a line without its end
    run(capsys, "check", str(dossier), "--log", str(log))
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13
    assert lines[0] == first
    assert run(capsys, "replay", str(log), "--dossier", str(dossier))[0] == 0
