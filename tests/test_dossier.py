from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Contract, InvalidValueError
from caf_contract.dossier import Dossier, check_dossier
from caf_contract.files import example_dossier
from tests import strategies as cst
from tests.strategies import incidents as ist


def test_the_bundled_example_passes_every_check() -> None:
    results = check_dossier(example_dossier())
    assert [subject for subject, _ in results] == [
        "contrat",
        "habilitations",
        "saisine n° 1",
        "saisine n° 2",
        "traces",
    ]
    assert all(decision for _, decision in results)


@given(cst.contracts(), st.data())
def test_one_result_per_subject_and_the_same_decisions_as_the_rules(
    contract: Contract, data: st.DataObject
) -> None:
    requests = data.draw(st.lists(ist.incidents(contract=contract), max_size=3))
    results = check_dossier(Dossier(contract=contract, requests=requests))
    assert len(results) == 1 + len(requests)
    assert results[0][0] == "contrat"


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="un Dossier"):
        check_dossier("dossier")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="Dossier.requests"):
        attrs.evolve(example_dossier(), requests=["mail"])
    with pytest.raises(InvalidValueError, match="Dossier.contract"):
        Dossier(contract="contrat")  # type: ignore[arg-type]


def test_habilitations_outside_their_bulletin_are_findings() -> None:
    dossier = example_dossier()
    first, second, *_ = dossier.habilitations
    wrong = (
        attrs.evolve(first, id="x1", service="RSA"),
        attrs.evolve(second, id="x2", role="pilotage"),
        attrs.evolve(second, id="x3", scopes={"rsa"}),
        attrs.evolve(second, id="x4", role="consultation", scopes={"dossier", "ressources"}),
    )
    crowded = tuple(attrs.evolve(second, id=f"c{n}") for n in range(6))
    results = dict(check_dossier(attrs.evolve(dossier, habilitations=wrong + crowded)))
    assert [r.message for r in results["habilitations"].reasons] == [
        "habilitation 'x1' : aucun bulletin pour « RSA »",
        "habilitation 'x2' : rôle inconnu du bulletin ('pilotage')",
        "habilitation 'x3' : périmètre de données déclaré nulle part ('rsa')",
        "habilitation 'x4' : moindre affectation : le périmètre « ressources » dépasse le rôle « consultation » (finalité : information des familles accueillies)",
        "quota du service « CDAP » atteint : 9 habilitation(s) sur 6",
    ]


def test_traces_outside_sessions_are_findings() -> None:
    dossier = example_dossier()
    stray = attrs.evolve(dossier.traces[1], session=None)
    results = dict(check_dossier(attrs.evolve(dossier, traces=(*dossier.traces, stray))))
    assert not results["traces"]
    assert "hors de toute session" in str(results["traces"])
