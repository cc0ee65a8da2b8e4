from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any, Literal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    Avenant,
    BrowserPolicy,
    Bulletin,
    Contract,
    Decision,
    HabilitationQuota,
    InvalidValueError,
    LoadError,
    MaintenanceWindow,
    Reason,
    Role,
    Schedule,
    Siren,
    Trace,
    WorkingCalendar,
)
from caf_contract.dossier import Dossier
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.files import example_dossier
from caf_contract.habilitations import Delegation
from caf_contract.serialization import dumps, from_data, loads, to_data
from tests import strategies as cst
from tests.strategies import incidents as ist

# Every value object strategy: dump then load gives an equal object.
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "contract (complete)": cst.contracts(),
    "contract (draft)": cst.contracts(complete=False),
    "bulletin": cst.bulletins(),
    "role": cst.roles(),
    "interlocutors": cst.interlocutor_sets(complete=False),
    "interlocutor": cst.interlocutors(complete=False),
    "partner": cst.partners(complete=False),
    "caf": cst.cafs(),
    "avenant": cst.avenants(after=date(2024, 1, 1), signed=False),
    "calendar": cst.calendars(),
    "incident": cst.contracts().flatmap(lambda c: ist.incidents(contract=c)),
    "maintenance window": ist.maintenance_windows(),
    "schedule": ist.window_lists().map(Schedule),
    "office hours": ist.office_hours(),
    "siren holder": cst.sirens().map(
        lambda s: attrs.evolve(tarn_et_garonne_template().partner, siren=s)
    ),
}


@pytest.mark.parametrize("name", sorted(VALUES))
@given(data=st.data())
def test_dump_then_load_gives_an_equal_object(name: str, data: st.DataObject) -> None:
    value = data.draw(VALUES[name])
    plain = to_data(value)
    text = json.dumps(plain, ensure_ascii=False)  # JSON-ready: nothing but plain data
    assert from_data(type(value), json.loads(text)) == value
    assert loads(type(value), dumps(value)) == value


@given(
    st.booleans(),
    st.lists(st.builds(Reason, st.sampled_from(Article), st.just("motif")), min_size=1),
)
def test_decisions_round_trip(allowed: bool, reasons: list[Reason]) -> None:
    decision = Decision(allowed=allowed, reasons=reasons)
    assert from_data(Decision, to_data(decision)) == decision


def test_special_forms() -> None:
    policy = BrowserPolicy({"firefox": "128.0.1"})
    assert to_data(policy) == {"firefox": "128.0.1"}
    assert from_data(BrowserPolicy, {"firefox": "128.0.1"}) == policy
    calendar = WorkingCalendar("57", extra_closures=[date(2026, 12, 24)])
    assert to_data(calendar) == {
        "department": "57",
        "pentecost_monday_worked": False,
        "extra_closures": ["2026-12-24"],
        "kind": "ouvrés",
    }
    assert to_data({"siren": Siren("130005481")}) == {"siren": "130005481"}
    with pytest.raises(InvalidValueError, match="to_data"):
        to_data(object())
    with pytest.raises(InvalidValueError, match="kind"):
        from_data(dict, {})


def test_the_template_round_trips_through_toml_shaped_data() -> None:
    template = tarn_et_garonne_template()
    assert from_data(Contract, to_data(template)) == template


def _contract_data() -> dict[str, Any]:
    role = Role(name="consultation", scopes={"dossier"}, purpose="instruction")
    template = tarn_et_garonne_template()
    bulletins = tuple(
        Bulletin(
            service=service,
            roles=(role,),
            quotas=(HabilitationQuota(service=service, maximum=1),),
        )
        for service in ("CDAP", "AFAS")
    )
    data: dict[str, Any] = to_data(attrs.evolve(template, bulletins=bulletins))
    return data


_MISSING = object()


def _change(data: dict[str, Any], path: str, value: object) -> None:
    """Set (or, with _MISSING, remove) the value at ``a.b[1].c`` in ``data``."""
    *parents, last = re.findall(r"[^.\[\]]+", path)
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _MISSING:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(
    ("where", "value", "path", "problem"),
    [
        ("bulletins[1].quotas[0].maximum", 0, None, "quota nul"),
        ("bulletins[1].quotas[0].maximum", "3", None, "entier"),
        ("bulletins[1].quotas[0].service", _MISSING, None, "manquant"),
        ("bulletins[0].colour", "red", None, "champ inconnu"),
        ("partner.siren", "130005482", None, "Luhn"),
        ("signed_on", "05/11/2020", None, "ISO 8601"),
        ("signed_on", 20201105, None, "texte"),
        ("interlocutors.caf[0].role", "stagiaire", None, "inconnue"),
        ("interlocutors.caf[0].email", "x", None, "mél mal formée"),
        ("bulletins", {"CDAP": 1}, None, "une liste"),
        ("caf", None, None, "un objet (dictionnaire) attendu, reçu None"),
        ("caf.department", "99", None, "département inconnu"),
        ("convention_signed_on", "2024-06-01", None, "précède"),
        ("bulletins[0].delegation_depth", True, None, "entier"),
        ("bulletins[1].quotas[0].role", "pilotage", None, "rôle inconnu du bulletin"),
        ("bulletins[1].quotas[0].service", "CDAP", None, "quota d'un autre service"),
        (
            "bulletins[0].quotas",
            [{"service": "CDAP", "maximum": 1}, {"service": "CDAP", "maximum": 2}],
            "bulletins[0].quotas[1].role",
            "quota fixé deux fois",
        ),
        (
            "bulletins[0].roles",
            [{"name": "r", "scopes": ["dossier"], "purpose": "p"}] * 2,
            "bulletins[0].roles[1].name",
            "rôle défini deux fois",
        ),
        ("bulletins[1].service", "CDAP", "bulletins[1].quotas[0].service", "autre service"),
        ("interlocutors.partner[0].role", "centre_de_services", None, "rôle réservé à la Caf"),
        (
            "avenants",
            [{"title": "Avenant 1", "caf_signed_on": "2021-01-04"}],
            "avenants[0].partner_signed_on",
            "l'avenant 'Avenant 1' n'est pas signé par le partenaire",
        ),
        (
            "avenants",
            [{"title": "Avenant 1", "partner_signed_on": "2021-01-04"}],
            "avenants[0].caf_signed_on",
            "n'est pas signé par la Caf",
        ),
        ("avenants", [{"title": "Avenant 1"}], "avenants[0]", "ni par le partenaire"),
        (
            "avenants",
            [
                {"title": "A1", "caf_signed_on": "2021-01-04", "partner_signed_on": "2021-01-05"},
                {"title": "A2", "caf_signed_on": "2020-12-01", "partner_signed_on": "2020-11-30"},
            ],
            "avenants[1].caf_signed_on",
            "précède l'entrée en vigueur de l'avenant 'A1'",
        ),
    ],
)
def test_errors_name_the_faulty_field(
    where: str, value: object, path: str | None, problem: str
) -> None:
    data = _contract_data()
    _change(data, where, value)
    with pytest.raises(LoadError) as caught:
        from_data(Contract, data)
    expected = path or where
    assert caught.value.path == expected
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{expected} : ")


def test_two_bulletins_for_one_service_name_the_second() -> None:
    data = _contract_data()
    data["bulletins"][1] = data["bulletins"][0]
    with pytest.raises(LoadError, match="service ouvert par deux bulletins") as caught:
        from_data(Contract, data)
    assert caught.value.path == "bulletins[1].service"


@pytest.mark.parametrize(
    ("where", "value", "path", "problem"),
    [
        ("requests[0].answered_at", "2026-11-22T09:00:00+00:00", None, "précède Incident.sent_at"),
        ("requests[0].closed_at", "2026-11-24T09:00:00+00:00", None, "précède"),
        ("requests[0].reminders", ["2026-11-22T09:00:00+00:00"], None, "précède"),
        ("habilitations[2].history[0].at", "2024-03-01T08:00:00+00:00", None, "précède"),
        ("habilitations[3].state", "active", None, "« dévalidée » exactement quand"),
        ("traces[0].partner", "123", None, "SIREN"),
    ],
)
def test_errors_in_a_dossier_name_the_faulty_field(
    where: str, value: object, path: str | None, problem: str
) -> None:
    data: dict[str, Any] = to_data(example_dossier())
    _change(data, where, value)
    with pytest.raises(LoadError) as caught:
        from_data(Dossier, data)
    assert caught.value.path == (path or where)
    assert problem in str(caught.value)


def _window(start: str, end: str) -> dict[str, str]:
    return {"start": f"2026-11-{start}:00+00:00", "end": f"2026-11-{end}:00+00:00"}


@pytest.mark.parametrize(
    ("kind", "data", "path", "problem"),
    [
        (MaintenanceWindow, _window("23T10:00", "23T10:00"), "end", "ne suit pas"),
        (
            Schedule,
            {"windows": [_window("23T10:00", "23T12:00"), _window("23T11:00", "23T13:00")]},
            "windows[1]",
            "se chevauchent",
        ),
        (
            Schedule,
            {"windows": [_window("23T11:00", "23T13:00"), _window("23T10:00", "23T12:00")]},
            "windows[0]",
            "se chevauchent",
        ),
        (
            Delegation,
            {
                "history": [
                    {
                        "kind": "délégation rendue",
                        "by": "Caf",
                        "at": "2026-11-23T10:00:00Z",
                        "reason": "r",
                    }
                ]
            },
            "history[0].kind",
            "impossible depuis l'état « en place »",
        ),
        (
            Delegation,
            {
                "history": [
                    {
                        "kind": "suspension à titre conservatoire",
                        "by": "Caf",
                        "at": "2026-11-23T10:00:00Z",
                        "reason": "r",
                    }
                ]
            },
            "history[0].kind",
            "des actions sur la délégation",
        ),
        (
            Delegation,
            {
                "history": [
                    {
                        "kind": "délégation supprimée",
                        "by": "Caf",
                        "at": "2026-11-23T10:00:00Z",
                        "reason": "r",
                    },
                    {
                        "kind": "délégation rendue",
                        "by": "Caf",
                        "at": "2026-11-22T10:00:00Z",
                        "reason": "r",
                    },
                ]
            },
            "history[1].at",
            "précède",
        ),
    ],
)
def test_cross_field_errors_name_the_later_field(
    kind: type[Any], data: dict[str, Any], path: str, problem: str
) -> None:
    with pytest.raises(LoadError) as caught:
        from_data(kind, data)
    assert caught.value.path == path
    assert problem in str(caught.value)


def test_unknown_keys_are_shown_as_reprs_and_the_message_stays_on_one_line() -> None:
    data = _contract_data()
    data["bulletins"][0]["cou\nleur"] = "bleu"
    with pytest.raises(LoadError) as caught:
        from_data(Contract, data)
    assert caught.value.path == "bulletins[0]['cou\\nleur']"
    assert "\n" not in str(caught.value)
    data = _contract_data()
    data["bulletins"][0]["couleur"] = "bleu"
    with pytest.raises(LoadError) as caught:
        from_data(Contract, data)
    assert caught.value.path == "bulletins[0].couleur"


@pytest.mark.parametrize(
    ("text", "problem"),
    [("{", "JSON invalide, ligne 1"), ("[]", "un objet"), ('{"caf": 3}', "caf")],
)
def test_malformed_json_is_refused_in_one_line(text: str, problem: str) -> None:
    with pytest.raises(LoadError, match=problem) as caught:
        loads(Contract, text)
    assert "\n" not in str(caught.value)


def test_toml_is_read_too() -> None:
    text = 'service = "CDAP"\nmaximum = 4\n'
    assert loads(HabilitationQuota, text, format="toml") == HabilitationQuota(
        service="CDAP", maximum=4
    )
    with pytest.raises(LoadError, match="TOML invalide"):
        loads(HabilitationQuota, "service = ", format="toml")


_DEEP = 100_000  # far past the interpreter's recursion limit
_DIGITS = "9" * 5_000  # past int()'s 4300-digit limit


@pytest.mark.parametrize(
    ("text", "syntax", "problem"),
    [
        ("[" * _DEEP + "]" * _DEEP, "json", "JSON invalide : imbrication trop profonde"),
        ('{"a": ' + "[" * _DEEP + "]" * _DEEP + "}", "json", "imbrication trop profonde"),
        (_DIGITS, "json", "JSON invalide : nombre entier de plus de 4300 chiffres"),
        ('{"maximum": ' + _DIGITS + "}", "json", "nombre entier de plus de 4300 chiffres"),
        ("a = " + "[" * _DEEP + "]" * _DEEP, "toml", "TOML invalide : imbrication trop profonde"),
        ("maximum = " + _DIGITS, "toml", "TOML invalide : nombre entier de plus de 4300 chiffres"),
    ],
)
def test_text_that_python_cannot_parse_is_a_load_error(
    text: str, syntax: Literal["json", "toml"], problem: str
) -> None:
    with pytest.raises(LoadError) as caught:
        loads(HabilitationQuota, text, format=syntax)
    assert caught.value.path == "(racine)"
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_any_other_failure_of_the_parser_is_a_load_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(text: str) -> object:
        raise ValueError(text)

    monkeypatch.setattr(json, "loads", fail)
    with pytest.raises(LoadError, match=r"^\(racine\) : JSON invalide : texte illisible"):
        loads(HabilitationQuota, "{}")


_TRACE = 'user = "agent1"\npartner = "123456782"\naction = "consultation dossier"\n'


def test_toml_dates_and_instants_may_be_written_unquoted() -> None:
    text = 'title = "Avenant 1"\ncaf_signed_on = 2024-03-01\npartner_signed_on = "2024-03-04"\n'
    assert loads(Avenant, text, format="toml") == Avenant(
        title="Avenant 1", caf_signed_on=date(2024, 3, 1), partner_signed_on=date(2024, 3, 4)
    )
    for at in ("2026-11-23T10:00:00+01:00", "2026-11-23 09:00:00Z", '"2026-11-23T10:00+01:00"'):
        trace = loads(Trace, f"{_TRACE}at = {at}\n", format="toml")
        assert trace.at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


_AVENANT = 'title = "Avenant 1"\n'


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param(
            f"{_TRACE}at = 2026-11-23T10:00:00\n",
            "at : datetime sans fuseau horaire (naïf)",
            id="local date-time for an instant",
        ),
        pytest.param(
            f"{_TRACE}at = 2026-11-23\n",
            "at : un instant ISO 8601 avec son décalage (texte « 2026-11-23T10:00:00+01:00 » "
            "ou date-heure TOML) attendu, reçu la date 2026-11-23",
            id="date for an instant",
        ),
        pytest.param(
            f"{_TRACE}at = 10:00:00\n",
            "at : un instant ISO 8601 avec son décalage",
            id="time for an instant",
        ),
        pytest.param(
            f"{_AVENANT}caf_signed_on = 2024-03-01T10:00:00+01:00\n",
            "caf_signed_on : une date ISO 8601 (texte « 2026-11-23 » ou date TOML) attendue, "
            "reçu la date-heure 2024-03-01T10:00:00+01:00",
            id="offset date-time for a date",
        ),
        pytest.param(
            f"{_AVENANT}caf_signed_on = 2024-03-01T10:00:00\n",
            "caf_signed_on : une date ISO 8601",
            id="local date-time for a date",
        ),
        pytest.param(
            f"{_AVENANT}caf_signed_on = 10:00:00\n",
            "caf_signed_on : une date ISO 8601 (texte « 2026-11-23 » ou date TOML) attendue, "
            "reçu l'heure 10:00:00",
            id="time for a date",
        ),
    ],
)
def test_toml_dates_of_the_wrong_kind_are_refused(text: str, problem: str) -> None:
    kind: type[Trace | Avenant] = Trace if text.startswith(_TRACE) else Avenant
    with pytest.raises(LoadError) as caught:
        loads(kind, text, format="toml")
    assert str(caught.value).startswith(problem)
