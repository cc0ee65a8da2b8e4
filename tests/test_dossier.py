from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Avenant,
    Contract,
    HabilitationQuota,
    InvalidValueError,
    amend,
    check_contract,
    check_request,
)
from caf_contract._time import PARIS
from caf_contract.dossier import Dossier, check_dossier
from caf_contract.files import example_dossier
from caf_contract.habilitations import CafAction, Delegation, Habilitation
from caf_contract.parties import Actor
from tests import strategies as cst
from tests.strategies import dossiers as dst
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


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="attendu : Dossier"):
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
        attrs.evolve(second, id="x2", role="pilotage", granted_by=PRINCIPAL),
        attrs.evolve(second, id="x3", scopes={"rsa"}, granted_by=PRINCIPAL),
        attrs.evolve(
            second,
            id="x4",
            role="consultation",
            scopes={"dossier", "ressources"},
            granted_by=PRINCIPAL,
        ),
    )
    crowded = tuple(attrs.evolve(second, id=f"c{n}", granted_by=PRINCIPAL) for n in range(6))
    results = dict(check_dossier(attrs.evolve(dossier, habilitations=wrong + crowded)))
    assert [str(r) for r in results["habilitations"].reasons] == [
        "Art. 2.2 — habilitation « x2 » : rôle « pilotage » inconnu du bulletin du service « CDAP » ; attendu : « consultation » ou « instruction »",
        "Art. 2.2 — habilitation « x3 » : périmètre « rsa » déclaré par aucun rôle du bulletin du service « CDAP » ; attendu : « dossier », « paiements », « quotient_familial » ou « ressources »",
        "Art. 2.2 — habilitation « x4 » : moindre affectation : le périmètre « ressources » dépasse le rôle « consultation » (finalité : information des familles accueillies)",
        (
            "Art. 2.1 — habilitation « x1 » accordée alors que le service « RSA » n'était pas "
            "ouvert : aucun bulletin d'adhésion pour le service « RSA »"
        ),
        "Art. 2.2 — quota du service « CDAP » dépassé : 9 habilitations sur 6 ; habilitations accordées au-delà : « c3 », « c4 », « c5 »",
    ]


PRINCIPAL = Actor.partner("123456782", "lbernard@coteaux-exemple.fr")
CAF = Actor.caf("82", "Centre de services de la Caf")


def _checked_habilitations(dossier: Dossier) -> list[str]:
    return [str(reason) for reason in dict(check_dossier(dossier))["habilitations"].reasons]


def test_each_grant_is_judged_against_the_contract_as_it_stood_then() -> None:
    """Issue 12, point 11: « check each habilitation of the dossier against the contract
    as it stood at the grant's instant (avenants included) ». The AFAS service was
    opened by the avenant of 05/09/2024 (Art. 6): a grant the day before opened nothing.
    """
    dossier = example_dossier()
    afas = dossier.habilitations[4]
    early = attrs.evolve(afas, granted_at=datetime(2024, 9, 4, 17, tzinfo=PARIS))
    assert _checked_habilitations(attrs.evolve(dossier, habilitations=(early,))) == [
        (
            "Art. 2.1 — habilitation « hab-005 » : « animation1 » est employé par la structure de "
            "SIREN 412345670, ni le partenaire ni un sous-traitant déclaré ; attendu : le SIREN du "
            "partenaire (123456782) ou d'un sous-traitant déclaré au contrat"
        ),
        (
            "Art. 2.1 — habilitation « hab-005 » accordée alors que le service « AFAS » n'était pas "
            "ouvert : aucun bulletin d'adhésion pour le service « AFAS »"
        ),
    ]
    on_the_day = attrs.evolve(afas, granted_at=datetime(2024, 9, 5, 9, tzinfo=PARIS))
    assert dict(check_dossier(attrs.evolve(dossier, habilitations=(on_the_day,))))["habilitations"]


def test_a_grant_by_someone_not_designated_is_a_finding() -> None:
    """« Le gestionnaire des habilitations du partenaire veille à l'attribution des accès »
    (Art. 2.2): a grant by someone annexe 1 does not designate, who holds no active
    administrator habilitation, is flagged; so is one by a placeholder."""
    dossier = example_dossier()
    stranger = attrs.evolve(
        dossier.habilitations[1], granted_by=Actor.partner("123456782", "Prénom NOM")
    )
    late = attrs.evolve(
        dossier.habilitations[1], id="hab-009", granted_at=datetime(2024, 3, 4, 8, tzinfo=PARIS)
    )
    reasons = _checked_habilitations(
        attrs.evolve(dossier, habilitations=(dossier.habilitations[0], stranger, late))
    )
    assert reasons == [
        (
            "Art. 2.2 — habilitation « hab-009 » : « hpetit » n'est ni l'administrateur principal ni "
            "l'administrateur délégué du partenaire (annexe 1), ni titulaire d'une habilitation "
            "active d'administrateur pour « CDAP »"
        ),
        (
            "Art. 2.2 — habilitation « hab-002 » : « Prénom NOM » ne désigne personne (texte du "
            "modèle laissé tel quel) ; attendu : le nom ou l'adresse mél d'une personne"
        ),
    ]


def test_powers_exercised_by_the_wrong_actor_are_findings() -> None:
    """« la Caf peut suspendre à tout moment l'habilitation à titre conservatoire […],
    voire supprimer la délégation » (Art. 2.2): not the partner."""
    dossier = example_dossier()
    suspended = dossier.habilitations[2]
    by_partner = attrs.evolve(
        suspended, history=(attrs.evolve(suspended.history[0], by=PRINCIPAL),)
    )
    withdrawn = Delegation(
        history=(
            CafAction(
                kind="délégation supprimée",
                by=Actor.caf("31", "Agent de la Caf 31"),
                at=datetime(2026, 1, 5, tzinfo=PARIS),
                reason="contrôle",
            ),
        )
    )
    changed = attrs.evolve(
        dossier,
        habilitations=(*dossier.habilitations[:2], by_partner, *dossier.habilitations[3:]),
        delegation=withdrawn,
    )
    assert _checked_habilitations(changed) == [
        (
            "Art. 2.2 — habilitation « hab-003 » : « suspension à titre conservatoire » est un "
            "pouvoir de la Caf contractante (Caf 82) : lbernard@coteaux-exemple.fr (partenaire, "
            "SIREN 123456782) ne peut l'exercer"
        ),
        (
            "Art. 2.2 — délégation : « délégation supprimée » est un pouvoir de la Caf contractante "
            "(Caf 82) : Agent de la Caf 31 (Caf 31) ne peut l'exercer"
        ),
    ]


def test_grants_after_a_withdrawal_of_the_delegation_are_findings() -> None:
    dossier = example_dossier()
    withdrawn = Delegation(
        history=(
            CafAction(
                kind="délégation supprimée",
                by=CAF,
                at=datetime(2024, 3, 5, 8, tzinfo=PARIS),
                reason="contrôle",
            ),
            CafAction(
                kind="délégation rendue",
                by=CAF,
                at=datetime(2024, 3, 6, 8, tzinfo=PARIS),
                reason="plan d'action",
            ),
        )
    )
    reasons = _checked_habilitations(attrs.evolve(dossier, delegation=withdrawn))
    taken = (
        "la Caf a repris la main sur la gestion des habilitations : délégation supprimée le "
        "05/03/2024 à 08:00 par Centre de services de la Caf (Caf 82) (contrôle)"
    )
    assert reasons == [
        f"Art. 2.2 — habilitation « hab-002 » : {taken}",
        f"Art. 2.2 — habilitation « hab-003 » : {taken}",
    ]


@given(dst.dossiers())
def test_a_dossier_check_never_raises_and_answers_per_subject(dossier: Dossier) -> None:
    results = check_dossier(dossier)
    assert results[0][0] == "contrat"
    assert all(decision.reasons for _, decision in results)


def test_traces_outside_sessions_are_findings() -> None:
    dossier = example_dossier()
    stray = attrs.evolve(dossier.traces[1], session=None)
    results = dict(check_dossier(attrs.evolve(dossier, traces=(*dossier.traces, stray))))
    assert not results["traces"]
    assert "hors de toute session" in str(results["traces"])


def test_the_example_with_faults_has_one_finding_per_fault() -> None:
    results = dict(check_dossier(example_dossier("defauts")))
    denied = {subject: decision for subject, decision in results.items() if not decision}
    assert {subject: len(decision.reasons) for subject, decision in denied.items()} == {
        "contrat": 1,
        "habilitations": 4,
        "lecteur des traces n° 2": 1,
    }
    assert [reason.article.value for d in denied.values() for reason in d.reasons] == [
        "5.1",
        "2.2",
        "2.1",
        "2.2",
        "2.1",
        "5.3.3",
    ]
    assert [str(remark) for remark in results["traces"].remarks] == [
        (
            "Art. 5.3.1 — session « S-2026-11-24-01 » de accueil1, ouverte le 24/11/2026 "
            "à 08:50:00, sans déconnexion dans les traces : session en cours, ou déconnexion non "
            "tracée"
        )
    ]


def test_each_reader_of_the_traces_is_checked_against_the_contract() -> None:
    """« L'accès aux données de traçabilité est limité au personnel de la Caf et de la
    Cnaf spécifiquement habilité » (Art. 5.3.3): the Caf of the contract."""
    readers = example_dossier("defauts").trace_readers
    results = dict(check_dossier(attrs.evolve(example_dossier(), trace_readers=readers)))
    assert bool(results["lecteur des traces n° 1"]) is True
    assert bool(results["lecteur des traces n° 2"]) is False


def test_an_unknown_example_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="un exemple parmi : conforme, defauts"):
        example_dossier("modèle")


# --- the review of issue 12: what happened, and what counts


def _withdrawn_on(day: int, *, by: Actor = CAF) -> CafAction:
    return CafAction(
        kind="délégation supprimée",
        by=by,
        at=datetime(2026, 1, day, 9, tzinfo=PARIS),
        reason="manquements",
    )


def _late_grant(ident: str, granted_by: Actor = PRINCIPAL) -> Habilitation:
    return attrs.evolve(
        example_dossier().habilitations[2],
        id=ident,
        user=f"agent-{ident}",
        granted_by=granted_by,
        granted_at=datetime(2026, 2, 1, 9, tzinfo=PARIS),
        state="active",
        history=(),
    )


def test_a_withdrawal_in_the_partners_name_blocks_nothing_and_is_a_finding() -> None:
    """« la Caf peut […] supprimer la délégation d'habilitations » (Art. 2.2): not the partner."""
    dossier = example_dossier()
    bogus = Delegation(history=(_withdrawn_on(10, by=PRINCIPAL),))
    changed = attrs.evolve(
        dossier, habilitations=(*dossier.habilitations, _late_grant("h9")), delegation=bogus
    )
    assert _checked_habilitations(changed) == [
        (
            "Art. 2.2 — délégation : « délégation supprimée » est un pouvoir de la Caf contractante "
            "(Caf 82) : lbernard@coteaux-exemple.fr (partenaire, SIREN 123456782) ne peut l'exercer"
        )
    ]


def test_a_restoration_in_the_partners_name_does_not_end_the_cafs_withdrawal() -> None:
    dossier = example_dossier()
    restored_by_partner = CafAction(
        kind="délégation rendue",
        by=PRINCIPAL,
        at=datetime(2026, 1, 11, 9, tzinfo=PARIS),
        reason="fin",
    )
    changed = attrs.evolve(
        dossier,
        habilitations=(*dossier.habilitations, _late_grant("h9")),
        delegation=Delegation(history=(_withdrawn_on(10), restored_by_partner)),
    )
    reasons = _checked_habilitations(changed)
    assert len(reasons) == 2
    assert reasons[0].startswith(
        "Art. 2.2 — habilitation « h9 » : la Caf a repris la main sur la gestion des habilitations"
    )
    assert reasons[1].startswith("Art. 2.2 — délégation : « délégation rendue » est un pouvoir")


def test_once_the_caf_took_the_management_back_its_own_grants_are_no_finding() -> None:
    """« […] et reprendre la main sur la gestion des habilitations du partenaire » (Art. 2.2)."""
    dossier = example_dossier()
    changed = attrs.evolve(
        dossier,
        habilitations=(*dossier.habilitations, _late_grant("caf1", granted_by=CAF)),
        delegation=Delegation(history=(_withdrawn_on(10),)),
    )
    assert dict(check_dossier(changed))["habilitations"]


def test_a_suspension_in_the_partners_name_takes_no_right_away() -> None:
    dossier = example_dossier()
    sub_admin = dossier.habilitations[0]  # hpetit, level 2, grants hab-002 on 05/03/2024
    bogus = attrs.evolve(
        sub_admin,
        state="suspendue",
        history=(
            CafAction(
                kind="suspension à titre conservatoire",
                by=PRINCIPAL,
                at=datetime(2024, 3, 4, 18, tzinfo=PARIS),
                reason="x",
            ),
        ),
    )
    changed = attrs.evolve(dossier, habilitations=(bogus, *dossier.habilitations[1:]))
    assert _checked_habilitations(changed) == [
        (
            "Art. 2.2 — habilitation « hab-001 » : « suspension à titre conservatoire » est un "
            "pouvoir de la Caf contractante (Caf 82) : lbernard@coteaux-exemple.fr (partenaire, "
            "SIREN 123456782) ne peut l'exercer"
        )
    ]


def test_staff_of_a_sub_contractor_removed_by_avenant_are_a_finding() -> None:
    """« ses personnels ou ses sous-traitants » (Art. 2.1), as the contract stands today."""
    dossier = example_dossier()
    removed = amend(
        dossier.contract,
        Avenant(
            title="Avenant n° 2", caf_signed_on=date(2025, 1, 6), partner_signed_on=date(2025, 1, 6)
        ),
        subcontractors=(),
    )
    assert _checked_habilitations(attrs.evolve(dossier, contract=removed)) == [
        (
            "Art. 2.1 — habilitation « hab-005 » : « animation1 » est employé par la structure de "
            "SIREN 412345670, qui n'est plus ni le partenaire ni un sous-traitant déclaré au contrat "
            "en vigueur ; attendu : la dévalidation de l'habilitation"
        )
    ]


def test_grants_before_and_on_the_day_of_an_avenant_read_the_contract_of_their_day() -> None:
    """An avenant binds from the day of its second signature (Art. 6)."""
    dossier = example_dossier()
    afas = dossier.habilitations[4]
    on_the_eve = attrs.evolve(afas, id="eve", granted_at=datetime(2024, 9, 4, 23, tzinfo=PARIS))
    on_the_day = attrs.evolve(afas, id="day", granted_at=datetime(2024, 9, 5, 0, tzinfo=PARIS))
    reasons = _checked_habilitations(attrs.evolve(dossier, habilitations=(on_the_eve, on_the_day)))
    assert [reason for reason in reasons if "« day »" in reason] == []
    assert any("« eve »" in reason for reason in reasons)


def test_a_quota_exceeded_at_a_grant_is_one_finding_not_two() -> None:
    dossier = example_dossier()
    extra = tuple(_late_grant(f"x{n}") for n in range(4))
    reasons = _checked_habilitations(
        attrs.evolve(dossier, habilitations=(*dossier.habilitations, *extra))
    )
    assert reasons == [
        (
            "Art. 2.2 — quota du service « CDAP » dépassé : 7 habilitations sur 6 ; habilitation "
            "accordée au-delà : « x3 »"
        )
    ]


@given(cst.contracts(), st.data())
def test_one_result_per_subject_and_the_same_decisions_as_the_rules(
    contract: Contract, data: st.DataObject
) -> None:
    requests = data.draw(st.lists(ist.incidents(contract=contract), max_size=3))
    results = check_dossier(Dossier(contract=contract, requests=requests))
    assert list(results) == [
        ("contrat", check_contract(contract)),
        *(
            (f"saisine n° {number}", check_request(request, contract))
            for number, request in enumerate(requests, start=1)
        ),
    ]


def test_what_an_avenant_changed_later_is_judged_as_the_contract_stands_today() -> None:
    """An avenant that closes a service or lowers a quota (Art. 6, Art. 2.2) leaves
    habilitations granted before it beyond the contract as it stands: each is a finding."""
    dossier = example_dossier()
    cdap = dossier.contract.bulletins[0]
    tighter = attrs.evolve(cdap, quotas=(HabilitationQuota(service="CDAP", maximum=2),))
    later = amend(
        dossier.contract,
        Avenant(
            title="Avenant n° 2", caf_signed_on=date(2025, 1, 6), partner_signed_on=date(2025, 1, 6)
        ),
        bulletins=(tighter,),
    )
    assert _checked_habilitations(attrs.evolve(dossier, contract=later)) == [
        (
            "Art. 2.2 — habilitation « hab-005 » : aucun bulletin d'adhésion pour « AFAS » au "
            "contrat en vigueur ; attendu : la dévalidation de l'habilitation"
        ),
        (
            "Art. 2.2 — quota du service « CDAP » dépassé : 3 habilitations sur 2 ; au-delà, la "
            "plus récemment accordée : « hab-003 »"
        ),
    ]


def test_a_quota_lowered_later_names_the_habilitations_granted_last_beyond_it() -> None:
    """Issue 17, point 3: « quota … dépassé : 4 habilitations sur 2 », naming the
    habilitations over it: the ones granted last, whatever their order in the file."""
    dossier = example_dossier()
    cdap = dossier.contract.bulletins[0]
    tighter = attrs.evolve(cdap, quotas=(HabilitationQuota(service="CDAP", maximum=1),))
    later = amend(
        dossier.contract,
        Avenant(
            title="Avenant n° 2", caf_signed_on=date(2025, 1, 6), partner_signed_on=date(2025, 1, 6)
        ),
        bulletins=(tighter, *dossier.contract.bulletins[1:]),
    )
    first, second, third, *others = dossier.habilitations
    earlier = attrs.evolve(third, granted_at=datetime(2024, 3, 4, 10, tzinfo=PARIS))
    reasons = _checked_habilitations(
        attrs.evolve(dossier, contract=later, habilitations=(first, second, earlier, *others))
    )
    assert reasons == [
        (
            "Art. 2.2 — quota du service « CDAP » dépassé : 3 habilitations sur 1 ; au-delà, les "
            "plus récemment accordées : « hab-003 », « hab-002 »"
        ),
    ]


def test_a_second_withdrawal_after_a_restoration_in_the_partners_name_changes_nothing() -> None:
    dossier = example_dossier()
    restored_by_partner = CafAction(
        kind="délégation rendue",
        by=PRINCIPAL,
        at=datetime(2026, 1, 11, 9, tzinfo=PARIS),
        reason="x",
    )
    again = _withdrawn_on(12)
    changed = attrs.evolve(
        dossier,
        habilitations=(*dossier.habilitations, _late_grant("h9")),
        delegation=Delegation(history=(_withdrawn_on(10), restored_by_partner, again)),
    )
    reasons = _checked_habilitations(changed)
    assert "délégation supprimée le 10/01/2026" in reasons[0]  # still the first one


@pytest.mark.parametrize(
    ("kept", "said"), [(1, "1 habilitation accordée"), (2, "2 habilitations accordées")]
)
def test_the_habilitations_that_pass_are_counted_with_real_plurals(kept: int, said: str) -> None:
    dossier = example_dossier()
    decision = dict(
        check_dossier(attrs.evolve(dossier, habilitations=dossier.habilitations[:kept]))
    )["habilitations"]
    assert decision
    assert decision.reasons[0].message.startswith(f"{said} par des administrateurs désignés")


@pytest.mark.parametrize(("count", "others"), [(6, "et 1 autre"), (7, "et 2 autres")])
def test_a_long_list_of_habilitations_names_five_and_counts_the_others(
    count: int, others: str
) -> None:
    dossier = example_dossier()
    first = dossier.habilitations[0]
    closed = tuple(attrs.evolve(first, id=f"x{n}", service="RSA") for n in range(1, count + 1))
    assert _checked_habilitations(attrs.evolve(dossier, habilitations=closed)) == [
        (
            f"Art. 2.1 — habilitations « x1 », « x2 », « x3 », « x4 », « x5 » {others} accordées "
            "alors que le service « RSA » n'était pas ouvert : aucun bulletin d'adhésion pour le "
            "service « RSA »"
        )
    ]
