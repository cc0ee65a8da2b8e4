from __future__ import annotations

import copy
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caf_contract
from caf_contract import (
    Article,
    Avenant,
    BrowserPolicy,
    Bulletin,
    ChronologyError,
    Contract,
    HabilitationQuota,
    Interlocutor,
    Interlocutors,
    InvalidEmailError,
    InvalidSiren,
    InvalidValueError,
    Partner,
    Role,
    Subcontractor,
    UnsignedAvenantError,
    WorkingCalendar,
    amend,
    check_contract,
    may_connect,
    may_open_service,
    parameters,
)
from caf_contract.contract import UNCHANGED, ContractParts
from caf_contract.errors import LoadError
from caf_contract.examples import TARN_ET_GARONNE, tarn_et_garonne_template
from caf_contract.serialization import loads
from tests import strategies as cst
from tests.expect import assert_refused, refusal

PUBLIC_NAMES = {name: getattr(caf_contract, name) for name in caf_contract.__all__}

if TYPE_CHECKING:
    from collections.abc import Callable


def template_contract() -> Contract:
    return tarn_et_garonne_template()


def who(number: int, role: str) -> str:
    return f"de l'interlocuteur n° {number} du partenaire ({role})"


def test_the_published_template_is_reported_incomplete_every_placeholder_named() -> None:
    decision = check_contract(template_contract())
    assert not decision
    assert [str(reason) for reason in decision.reasons] == [
        "Préambule — nom du partenaire non renseigné (« NOM STRUCTURE »)",
        "Préambule — adresse du siège du partenaire non renseignée (« Dont le siège est situé »)",
        "Préambule — représentant du partenaire non renseigné (« son Directeur / sa directrice »)",
        "Préambule — numéro de SIREN du partenaire non renseigné (« Numéro de SIREN : »)",
        "Art. 1 — date de signature de la convention d'accès non renseignée (« 00/00/0000 »)",
        "Art. 6 — signataire du partenaire non renseigné (« Prénom NOM et signature »)",
        (
            "Art. 6 — l'article 6 engage « CCAS de Montauban », "
            "qui n'est pas le partenaire du contrat (« NOM STRUCTURE »)"
        ),
        *[
            line
            for number, role in enumerate(
                (
                    "direction",
                    "administrateur_principal",
                    "administrateur_delegue",
                    "responsable_securite",
                    "referent_informatique_libertes",
                ),
                start=1,
            )
            for line in (
                f"Annexe 1 — nom {who(number, role)} non renseigné (« Prénom NOM »)",
                f"Annexe 1 — adresse mél {who(number, role)} non renseignée (« Adresse mél »)",
            )
        ],
        "Annexe 2 — aucun bulletin d'adhésion annexé : le contrat n'ouvre aucun service (Art. 1)",
    ]
    # The template itself is dated 05/11/2020 on a template of 19/01/2024: a remark.
    assert [str(remark) for remark in decision.remarks] == [
        (
            "Préambule — signé le 05/11/2020 sur un modèle mis à jour le 19/01/2024 : "
            "la date de signature est sans doute celle d'un ancien exemplaire"
        )
    ]


def literal_template() -> Contract:
    """The template as a form would give it: every blank and placeholder written out."""
    template = template_contract()
    return attrs.evolve(
        template,
        partner=attrs.evolve(template.partner, siren=""),
        interlocutors=attrs.evolve(
            template.interlocutors,
            partner=tuple(
                Interlocutor(role=person.role, name="Prénom NOM", email=email)
                for person, email in zip(
                    template.interlocutors.partner,
                    ["Adresse mél", "", "  ", "ADRESSE MÉL", "Adresse  mél"],
                    strict=True,
                )
            ),
        ),
    )


def test_the_template_written_out_literally_is_checked_like_the_template() -> None:
    # An empty SIREN and « Adresse mél » are missing values, named by the check.
    literal = literal_template()
    assert literal == template_contract()
    messages = [str(reason) for reason in check_contract(literal).reasons]
    assert messages == [str(reason) for reason in check_contract(template_contract()).reasons]
    assert "Préambule — numéro de SIREN du partenaire non renseigné (« Numéro de SIREN : »)" in (
        messages
    )
    assert sum("(« Adresse mél »)" in message for message in messages) == 5


def test_a_real_malformed_siren_or_email_is_still_refused() -> None:
    template = template_contract()
    with pytest.raises(InvalidSiren):
        attrs.evolve(template.partner, siren="130 005 48")
    with pytest.raises(InvalidEmailError, match="Interlocutor.email"):
        Interlocutor(role="direction", name="Prénom NOM", email="Adresse mél : jean@ccas")


def filled_in(contract: Contract) -> Contract:
    """The template filled in for an invented partner."""
    people = [
        Interlocutor(role=person.role, name=name, email=f"{login}@ccas-lafrancaise.fr")
        for person, (name, login) in zip(
            contract.interlocutors.partner,
            [
                ("Camille Martin", "cmartin"),
                ("Léa Bernard", "lbernard"),
                ("Hugo Petit", "hpetit"),
                ("Chloé Durand", "cdurand"),
                ("Nadia Roux", "nroux"),
            ],
            strict=True,
        )
    ]
    bulletin = Bulletin(
        service="CDAP",
        roles=(Role(name="consultation", scopes={"dossier"}, purpose="instruction des aides"),),
        quotas=(HabilitationQuota(service="CDAP", maximum=4),),
        delegation_depth=2,
        signed_on=date(2024, 3, 1),
    )
    return attrs.evolve(
        contract,
        partner=Partner(
            name="CCAS de Lafrançaise",
            address="Place de la République, 82130 Lafrançaise",
            representative="Camille Martin",
            siren="130 005 481",
        ),
        convention_signed_on=date(2024, 2, 1),
        signed_on=date(2024, 3, 1),
        informatique_libertes_completed_on=date(2024, 1, 5),
        partner_signatory="Camille Martin",
        partner_named_in_article_6="CCAS de Lafrançaise",
        interlocutors=attrs.evolve(contract.interlocutors, partner=tuple(people)),
        bulletins=(bulletin,),
    )


def test_the_filled_in_template_is_complete_and_says_what_was_checked() -> None:
    decision = check_contract(filled_in(template_contract()))
    assert decision, decision
    assert decision.articles == (
        Article.PREAMBULE,
        Article.ART_1,
        Article.ART_6,
        Article.ANNEXE_1,
        Article.ANNEXE_2,
    )
    assert "SIREN 130005481" in str(decision)
    assert "convention d'accès signée le 01/02/2024" in str(decision)


@given(cst.contracts())
def test_complete_contracts_pass_the_check(contract: Contract) -> None:
    assert check_contract(contract)


@given(cst.contracts(complete=False))
def test_each_problem_is_reported_exactly_once(contract: Contract) -> None:
    decision = check_contract(contract)
    # An allowance says what was checked (the SIREN among it): only findings count here.
    messages = [] if decision else [reason.message for reason in decision.reasons]
    assert len(messages) == len(set(messages))
    expected_partner_names = sum(p.name == "Prénom NOM" for p in contract.interlocutors.partner)
    about_people = [m for m in messages if "interlocuteur" in m]
    assert sum("(« Prénom NOM »)" in m for m in about_people) == expected_partner_names
    expected_emails = sum(p.email is None for p in contract.interlocutors.partner)
    assert sum("(« Adresse mél »)" in m for m in about_people) == expected_emails
    assert any("SIREN" in m for m in messages) == (contract.partner.siren is None)
    assert any("convention d'accès" in m for m in messages) == (
        contract.convention_signed_on is None
    )
    if decision:
        assert contract.partner.siren is not None


def test_check_refuses_what_is_not_a_contract() -> None:
    with pytest.raises(InvalidValueError, match="attendu : Contract"):
        check_contract("contrat.pdf")  # type: ignore[arg-type]


# --- construction


def test_a_convention_signed_after_the_contract_is_refused() -> None:
    with pytest.raises(
        ChronologyError,
        match=r"^Art\. 1 — la signature du contrat de service \(01/01/2024\) précède",
    ):
        Contract(
            caf=TARN_ET_GARONNE,
            partner=Partner(name="CCAS"),
            convention_signed_on=date(2024, 2, 1),
            signed_on=date(2024, 1, 1),
        )


def test_two_bulletins_for_one_service_are_refused() -> None:
    bulletin = Bulletin(service="CDAP", roles=(Role(name="r", scopes={"s"}, purpose="p"),))
    with pytest.raises(InvalidValueError, match="service ouvert par deux bulletins"):
        Contract(caf=TARN_ET_GARONNE, partner=Partner(name="CCAS"), bulletins=(bulletin, bulletin))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("caf", "Caf 82"),
        ("partner", None),
        ("interlocutors", ()),
        ("bulletins", "CDAP"),
        ("avenants", [1]),
        ("signed_on", "2024-01-01"),
        ("partner_signatory", 3),
    ],
)
def test_wrong_types_are_refused_with_the_field_named(field: str, value: object) -> None:
    arguments: dict[str, object] = {
        "caf": TARN_ET_GARONNE,
        "partner": Partner(name="CCAS"),
        field: value,
    }
    with pytest.raises(
        InvalidValueError,
        match=field if field not in {"bulletins", "avenants"} else field.capitalize()[:-1],
    ):
        Contract(**arguments)  # type: ignore[arg-type]


def test_the_calendar_of_a_contract_is_its_cafs() -> None:
    contract = attrs.evolve(template_contract(), caf=attrs.evolve(TARN_ET_GARONNE, department="57"))
    assert contract.calendar == WorkingCalendar(department="57")


# --- avenants Art. 6

SIGNED = filled_in(template_contract())

SECOND_BULLETIN = Bulletin(
    service="AFAS",
    roles=(Role(name="consultation", scopes={"dossier"}, purpose="accompagnement social"),),
    signed_on=date(2024, 3, 4),
)
AVENANT_1 = Avenant(
    title="Avenant 1", caf_signed_on=date(2024, 6, 1), partner_signed_on=date(2024, 6, 3)
)
AVENANT_2 = Avenant(
    title="Avenant 2", caf_signed_on=date(2024, 9, 2), partner_signed_on=date(2024, 9, 2)
)


def test_amending_changes_exactly_the_parts_named() -> None:
    caf = attrs.evolve(TARN_ET_GARONNE, name="Caf du Tarn-et-Garonne", address="Montauban")
    partner = attrs.evolve(SIGNED.partner, name="CCAS de Montauban")
    interlocutors = Interlocutors(partner=SIGNED.interlocutors.partner[:3])
    bulletins = (SECOND_BULLETIN,)
    subcontractors = (
        Subcontractor(name="Infogérance Sud", siren="732829320", since=date(2024, 6, 3)),
    )
    amended = amend(
        SIGNED,
        AVENANT_1,
        caf=caf,
        partner=partner,
        interlocutors=interlocutors,
        bulletins=bulletins,
        subcontractors=subcontractors,
    )
    replaced = ContractParts(
        caf=SIGNED.caf,
        partner=SIGNED.partner,
        interlocutors=SIGNED.interlocutors,
        bulletins=SIGNED.bulletins,
        subcontractors=(),
    )
    assert amended == attrs.evolve(
        SIGNED,
        caf=caf,
        partner=partner,
        interlocutors=interlocutors,
        bulletins=bulletins,
        subcontractors=subcontractors,
        avenants=(attrs.evolve(AVENANT_1, replaced=replaced),),
    )
    assert amend(SIGNED, AVENANT_1) == attrs.evolve(SIGNED, avenants=(AVENANT_1,))


def test_the_contract_as_it_stood_on_a_day_undoes_the_later_avenants() -> None:
    """« Toute modification à ce contrat devra faire l'objet d'un avenant » (Art. 6).

    Each avenant keeps what it replaced: the contract can be read on any day.
    """
    first = amend(SIGNED, AVENANT_1, bulletins=(*SIGNED.bulletins, SECOND_BULLETIN))
    second = amend(first, AVENANT_2, partner=attrs.evolve(SIGNED.partner, address="Ailleurs"))
    assert second.as_of(date(2024, 9, 2)) == second
    assert second.as_of(date(2024, 9, 1)) == first
    assert second.as_of(date(2024, 6, 3)) == first  # in force on the day of its 2nd signature
    assert second.as_of(date(2024, 6, 2)) == SIGNED
    assert second.as_of(date(2020, 1, 1)) == SIGNED  # before the signature: as signed
    assert second.as_of(datetime(2024, 6, 2, 22, 30, tzinfo=UTC)) == first  # 03/06 in Paris
    with pytest.raises(InvalidValueError, match="day"):
        second.as_of("2024-06-03")  # type: ignore[arg-type]


@given(cst.contracts(), st.data())
def test_amending_then_reading_the_eve_gives_the_contract_back(
    contract: Contract, data: st.DataObject
) -> None:
    assert contract.signed_on is not None
    start = contract.avenants[-1].effective_on if contract.avenants else contract.signed_on
    assert start is not None
    avenant = data.draw(cst.avenants(after=start + timedelta(days=1)))
    assert avenant.effective_on is not None
    changes = data.draw(cst.contract_parts())
    kept = contract.partner.siren
    parts = {
        "caf": None
        if changes.caf is None
        else attrs.evolve(changes.caf, department=contract.caf.department),
        "partner": None if changes.partner is None else attrs.evolve(changes.partner, siren=kept),
        "interlocutors": changes.interlocutors,
        "bulletins": changes.bulletins,
        "subcontractors": None
        if changes.subcontractors is None
        else tuple(s for s in changes.subcontractors if s.siren != kept),
    }
    changed = {k: v for k, v in parts.items() if v is not None}
    amended = amend(contract, avenant, **changed)  # type: ignore[arg-type]
    assert amended.as_of(avenant.effective_on - timedelta(days=1)) == contract
    assert amended.as_of(avenant.effective_on) == amended


@pytest.mark.parametrize(
    ("changes", "field", "value", "problem"),
    [
        pytest.param(
            {"caf": attrs.evolve(TARN_ET_GARONNE, department="57")},
            "Contract.avenants[0].replaced.caf.department",
            "82",
            "avenant qui change la Caf (82 → 57)",
            id="another Caf",
        ),
        pytest.param(
            {"partner": attrs.evolve(filled_in(template_contract()).partner, siren="356000000")},
            "Contract.avenants[0].replaced.partner.siren",
            "130005481",
            "avenant qui change le partenaire (130005481 → 356000000)",
            id="another partner",
        ),
        pytest.param(
            {"partner": attrs.evolve(filled_in(template_contract()).partner, siren=None)},
            "Contract.avenants[0].replaced.partner.siren",
            "130005481",
            "avenant qui change le partenaire (130005481 → SIREN non renseigné)",
            id="the partner's SIREN removed",
        ),
    ],
)
def test_an_avenant_never_changes_the_parties(
    changes: dict[str, Any], field: str, value: str, problem: str
) -> None:
    """« Les deux parties, la Caf de Tarn-et-Garonne et [le partenaire], s'engagent […].
    Toute modification à ce contrat devra faire l'objet d'un avenant » (Art. 6): an
    avenant changes the contract, not who is bound by it.
    """
    error = refusal(lambda: amend(SIGNED, AVENANT_1, **changes), InvalidValueError)
    assert isinstance(error, InvalidValueError)
    assert (error.field, error.value, error.problem, error.article) == (
        field,
        value,
        problem,
        Article.ART_6,
    )
    assert str(error).endswith(
        "attendu : les mêmes parties : un avenant change le contrat, pas la Caf (son "
        "département) ni le partenaire (son SIREN) ; un changement de partie est un nouveau "
        "contrat."
    )


def test_an_avenant_may_fill_in_a_siren_left_blank_and_change_names() -> None:
    blank = attrs.evolve(SIGNED, partner=attrs.evolve(SIGNED.partner, siren=None))
    filled = amend(blank, AVENANT_1, partner=SIGNED.partner)
    assert filled.partner.siren == SIGNED.partner.siren
    renamed = amend(SIGNED, AVENANT_1, caf=attrs.evolve(SIGNED.caf, name="Caf 82"))
    assert renamed.caf.name == "Caf 82"


def test_amend_records_the_replaced_parts_itself() -> None:
    recorded = attrs.evolve(AVENANT_1, replaced=ContractParts(bulletins=()))
    with pytest.raises(InvalidValueError, match="parties remplacées déjà renseignées"):
        amend(SIGNED, recorded)


@given(cst.contracts(), st.data())
def test_amending_never_changes_the_original_and_keeps_every_earlier_avenant(
    contract: Contract, data: st.DataObject
) -> None:
    before = copy.deepcopy(contract)
    assert contract.signed_on is not None
    start = contract.avenants[-1].effective_on if contract.avenants else contract.signed_on
    assert start is not None
    avenant = data.draw(cst.avenants(after=start))
    new_partner = attrs.evolve(data.draw(cst.partners()), siren=contract.partner.siren)
    amended = amend(contract, avenant, partner=new_partner)
    assert contract == before
    assert amended.avenants == (
        *contract.avenants,
        attrs.evolve(avenant, replaced=ContractParts(partner=contract.partner)),
    )
    assert amended.partner == new_partner
    assert (amended.caf, amended.bulletins, amended.interlocutors) == (
        contract.caf,
        contract.bulletins,
        contract.interlocutors,
    )
    assert (amended.signed_on, amended.convention_signed_on) == (
        contract.signed_on,
        contract.convention_signed_on,
    )


@given(cst.contracts(), st.data())
def test_a_one_sided_or_unsigned_avenant_is_refused(
    contract: Contract, data: st.DataObject
) -> None:
    assert contract.signed_on is not None
    avenant = data.draw(cst.avenants(after=contract.signed_on, signed=False))
    with pytest.raises(
        UnsignedAvenantError, match=r"^Art\. 6 — l'avenant .* n'est pas signé par"
    ) as caught:
        amend(contract, avenant, bulletins=())
    assert caught.value.missing == avenant.missing_signatures


def test_a_draft_contract_cannot_be_amended() -> None:
    draft = attrs.evolve(template_contract(), signed_on=None)
    avenant = Avenant(
        title="Avenant 1", caf_signed_on=date(2024, 6, 1), partner_signed_on=date(2024, 6, 3)
    )
    with pytest.raises(InvalidValueError, match="avenant à un contrat non signé"):
        amend(draft, avenant)


def test_amend_checks_its_arguments() -> None:
    avenant = Avenant(
        title="Avenant 1", caf_signed_on=date(2024, 6, 1), partner_signed_on=date(2024, 6, 3)
    )
    with pytest.raises(InvalidValueError, match="attendu : Contract"):
        amend("contrat", avenant)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="attendu : Avenant"):
        amend(SIGNED, "avenant")  # type: ignore[arg-type]
    assert avenant.effective_on == date(2024, 6, 3)
    assert attrs.evolve(avenant, partner_signed_on=None).effective_on is None
    assert amend(SIGNED, avenant).avenants == (avenant,)


def test_the_unchanged_marker_reads_as_its_name() -> None:
    # It shows in the signatures and reprs of Avenant: « UNCHANGED », not an enum repr.
    assert repr(UNCHANGED) == "UNCHANGED"


# --- opening a service Art. 2.1


def test_a_service_opens_when_every_signature_and_the_formalities_are_there() -> None:
    """« L'ouverture du ou des service(s) est soumise au respect des formalités
    informatiques et libertés par le partenaire pour son propre traitement et à la
    signature de la convention, du contrat de services et du (des) bulletin(s)
    d'adhésion. » (Art. 2.1)
    """
    decision = may_open_service(SIGNED, "CDAP", as_of=date(2024, 3, 1))
    assert decision
    assert decision.articles == (Article.ART_2_1,)


NO_FORMALITIES = (
    "formalités informatique et libertés du partenaire pour son propre traitement non accomplies"
)


def test_every_missing_condition_is_listed() -> None:
    draft = attrs.evolve(
        SIGNED,
        convention_signed_on=None,
        signed_on=None,
        avenants=(),
        informatique_libertes_completed_on=None,
    )
    decision = may_open_service(draft, "AFAS", as_of=date(2024, 3, 1))
    assert [reason.message for reason in decision.reasons] == [
        "la convention d'accès non signée ; attendu : signée au plus tard le 01/03/2024",
        "le contrat de service non signé ; attendu : signé au plus tard le 01/03/2024",
        "aucun bulletin d'adhésion pour le service « AFAS »",
        NO_FORMALITIES,
    ]


def test_signatures_after_the_day_asked_do_not_count_yet() -> None:
    late = attrs.evolve(SIGNED, informatique_libertes_completed_on=date(2024, 2, 20))
    decision = may_open_service(late, "CDAP", as_of=date(2024, 2, 15))
    assert [reason.message for reason in decision.reasons] == [
        (
            "le contrat de service signé le 01/03/2024 seulement ; attendu : signé au plus tard le "
            "15/02/2024"
        ),
        (
            "le bulletin d'adhésion du service « CDAP » signé le 01/03/2024 seulement ; attendu : "
            "signé au plus tard le 15/02/2024"
        ),
        NO_FORMALITIES,
    ]


def test_an_unsigned_bulletin_opens_nothing() -> None:
    bulletin = attrs.evolve(SIGNED.bulletins[0], signed_on=None)
    contract = attrs.evolve(SIGNED, bulletins=(bulletin,))
    decision = may_open_service(contract, "CDAP", as_of=date(2025, 1, 1))
    assert [r.message for r in decision.reasons] == [
        (
            "le bulletin d'adhésion du service « CDAP » non signé ; attendu : signé au plus tard "
            "le 01/01/2025"
        )
    ]


def test_a_service_without_quota_does_not_open() -> None:
    """« la Caf détermine obligatoirement et pour chaque service (et chaque rôle si
    besoin) le nombre maximal d'habilitations qui peuvent être créées par le
    partenaire » (Art. 2.2): no maximum set, no service: deny by default.
    """
    bulletin = attrs.evolve(SIGNED.bulletins[0], quotas=())
    decision = may_open_service(
        attrs.evolve(SIGNED, bulletins=(bulletin,)), "CDAP", as_of=date(2025, 1, 1)
    )
    assert [str(r) for r in decision.reasons] == [
        (
            "Art. 2.2 — aucun nombre maximal d'habilitations fixé par la Caf pour le service "
            "« CDAP » : service non ouvert"
        )
    ]


def test_a_template_with_only_its_dates_filled_opens_nothing() -> None:
    """« Le présent contrat est signé entre : […] NOM STRUCTURE […] Numéro de SIREN : »
    (préambule): a contract whose partner is not identified binds nobody, whatever
    its dates say.
    """
    template = attrs.evolve(
        template_contract(),
        convention_signed_on=date(2020, 11, 1),
        informatique_libertes_completed_on=date(2020, 11, 1),
        bulletins=SIGNED.bulletins,
        template_version=None,
    )
    decision = may_open_service(template, "CDAP", as_of=date(2025, 1, 1))
    assert [str(r) for r in decision.reasons] == [
        "Préambule — partenaire non identifié : nom « NOM STRUCTURE »",
        "Préambule — partenaire non identifié : SIREN non renseigné",
        (
            "Art. 6 — contrat signé pour le partenaire par « Prénom NOM et signature » : "
            "signataire non identifié"
        ),
    ]


@given(cst.contracts(), st.data(), cst.placeholders())
def test_a_placeholder_in_the_partners_identity_closes_every_service(
    contract: Contract, data: st.DataObject, placeholder: str
) -> None:
    where = data.draw(st.sampled_from(["name", "siren", "signatory"]))
    if where == "name":
        broken = attrs.evolve(contract, partner=attrs.evolve(contract.partner, name=placeholder))
    elif where == "siren":
        broken = attrs.evolve(contract, partner=attrs.evolve(contract.partner, siren=" "))
    else:
        broken = attrs.evolve(contract, partner_signatory=placeholder)
    day = data.draw(cst.days(date(2012, 1, 1), date(2035, 1, 1)))
    for service in broken.services:
        assert not may_open_service(broken, service, as_of=day)


@given(cst.contracts(), st.data())
def test_opening_is_monotonic_in_time(contract: Contract, data: st.DataObject) -> None:
    service = data.draw(st.sampled_from(contract.services))
    day = data.draw(cst.days(date(2012, 1, 1), date(2035, 1, 1)))
    later = day + timedelta(days=data.draw(st.integers(0, 5000)))
    done = data.draw(st.one_of(st.none(), cst.days(date(2012, 1, 1), date(2035, 1, 1))))
    contract = attrs.evolve(contract, informatique_libertes_completed_on=done)
    if may_open_service(contract, service, as_of=day):
        assert may_open_service(contract, service, as_of=later)


# --- browsers Art. 2.1

POLICY = BrowserPolicy({"Firefox": "128", "chrome": "130.0.2"})


@pytest.mark.parametrize(
    ("browser", "version", "allowed"),
    [
        ("firefox", "128", True),
        ("FIREFOX", "129.0.1", True),
        ("Firefox", "115.12", False),
        ("chrome", "130.0.1", False),
        ("chrome", "130.0.2", True),
        ("chrome", "131", True),
        ("Internet Explorer", "11", False),
    ],
)
def test_browser_policy_is_data_and_unknown_browsers_are_refused(
    browser: str, version: str, allowed: bool
) -> None:
    decision = may_connect(POLICY, browser=browser, version=version)
    assert bool(decision) is allowed
    assert decision.articles == (Article.ART_2_1,)


@pytest.mark.parametrize(("browser", "version"), [("firefox", "v128"), ("", "1"), ("firefox", 128)])
def test_malformed_browser_questions_are_refused(browser: object, version: object) -> None:
    with pytest.raises(InvalidValueError):
        may_connect(POLICY, browser=browser, version=version)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="BrowserPolicy"):
        may_connect({"firefox": "1"}, browser="firefox", version="1")  # type: ignore[arg-type]


def test_the_minimum_of_a_browser_is_asked_by_name() -> None:
    assert POLICY.minimum(" FireFox ") == (128,)
    assert POLICY.minimum("edge") is None
    assert BrowserPolicy({"chrome": "130.0.2", "firefox": "128"}) == POLICY
    for browser in (3, None, b"firefox", " "):
        with pytest.raises(
            InvalidValueError, match=r"^browser : .* attendu : un nom de navigateur"
        ):
            POLICY.minimum(browser)  # type: ignore[arg-type]


# --- what each call says, word for word: the messages are part of the promise


def changed(*, partner: dict[str, Any] | None = None, **fields: Any) -> Contract:
    """The signed contract with some fields changed (``partner``: fields of the partner)."""
    if partner is not None:
        fields["partner"] = attrs.evolve(SIGNED.partner, **partner)
    return attrs.evolve(SIGNED, **fields)


def with_people(*, caf: int, partner: int) -> Contract:
    """The signed contract with one interlocutor per side (by index) not filled in.

    The Caf's is left blank, the partner's keeps the template's « Prénom NOM » as typed.
    """

    def unfilled(
        people: tuple[Interlocutor, ...], index: int, name: str
    ) -> tuple[Interlocutor, ...]:
        return tuple(
            attrs.evolve(person, name=name, email=None) if number == index else person
            for number, person in enumerate(people)
        )

    people = SIGNED.interlocutors
    return changed(
        interlocutors=Interlocutors(
            caf=unfilled(people.caf, caf, " "),
            partner=unfilled(people.partner, partner, "prénom  nom"),
        )
    )


@pytest.mark.parametrize(
    ("contract", "reasons"),
    [
        pytest.param(
            changed(partner={"name": " "}, partner_named_in_article_6=None),
            ["Préambule — nom du partenaire non renseigné (« NOM STRUCTURE »)"],
            id="blank partner name: the template's placeholder is shown",
        ),
        pytest.param(
            changed(
                partner={"name": "Nom structure"}, partner_named_in_article_6=" nom  STRUCTURE"
            ),
            ["Préambule — nom du partenaire non renseigné (« Nom structure »)"],
            id="placeholder written otherwise: shown as written, Art. 6 ignores case and spaces",
        ),
        pytest.param(
            changed(partner={"address": None}),
            [
                (
                    "Préambule — adresse du siège du partenaire non renseignée "
                    "(« Dont le siège est situé »)"
                )
            ],
            id="no address",
        ),
        pytest.param(
            changed(partner={"representative": None}),
            [
                (
                    "Préambule — représentant du partenaire non renseigné "
                    "(« son Directeur / sa directrice »)"
                )
            ],
            id="no representative",
        ),
        pytest.param(
            changed(partner={"representative": "La Directrice / Le Directeur"}),
            [
                (
                    "Préambule — représentant du partenaire non renseigné "
                    "(« La Directrice / Le Directeur »)"
                )
            ],
            id="representative left as another placeholder",
        ),
        pytest.param(
            changed(partner={"siren": None}),
            ["Préambule — numéro de SIREN du partenaire non renseigné (« Numéro de SIREN : »)"],
            id="no SIREN",
        ),
        pytest.param(
            changed(convention_signed_on=None),
            ["Art. 1 — date de signature de la convention d'accès non renseignée (« 00/00/0000 »)"],
            id="no convention date",
        ),
        pytest.param(
            changed(signed_on=None),
            ["Art. 6 — date de signature du contrat non renseignée (« Fait à …, le »)"],
            id="no signature date",
        ),
        pytest.param(
            changed(partner_signatory=None),
            ["Art. 6 — signataire du partenaire non renseigné (« Prénom NOM et signature »)"],
            id="no signatory",
        ),
        pytest.param(
            changed(partner_signatory="PRÉNOM NOM ET SIGNATURE"),
            ["Art. 6 — signataire du partenaire non renseigné (« PRÉNOM NOM ET SIGNATURE »)"],
            id="signatory placeholder in capitals",
        ),
        pytest.param(
            changed(partner_named_in_article_6="CCAS de Montauban"),
            [
                (
                    "Art. 6 — l'article 6 engage « CCAS de Montauban », "
                    "qui n'est pas le partenaire du contrat (« CCAS de Lafrançaise »)"
                )
            ],
            id="Art. 6 names another partner",
        ),
        pytest.param(
            changed(interlocutors=Interlocutors(caf=SIGNED.interlocutors.caf)),
            [
                "Annexe 1 — interlocuteur du partenaire manquant : la direction",
                "Annexe 1 — interlocuteur du partenaire manquant : l'administrateur principal",
                "Annexe 1 — interlocuteur du partenaire manquant : l'administrateur délégué",
            ],
            id="no partner interlocutor",
        ),
        pytest.param(
            with_people(caf=1, partner=2),
            [
                (
                    "Annexe 1 — nom de l'interlocuteur n° 2 de la Caf (centre_de_services) "
                    "non renseigné (« Prénom NOM »)"
                ),
                (
                    "Annexe 1 — adresse mél de l'interlocuteur n° 2 de la Caf (centre_de_services) "
                    "non renseignée (« Adresse mél »)"
                ),
                (
                    "Annexe 1 — nom de l'interlocuteur n° 3 du partenaire (administrateur_delegue) "
                    "non renseigné (« prénom  nom »)"
                ),
                (
                    "Annexe 1 — adresse mél de l'interlocuteur n° 3 du partenaire "
                    "(administrateur_delegue) non renseignée (« Adresse mél »)"
                ),
            ],
            id="interlocutors left blank, numbered as listed on each side",
        ),
        pytest.param(
            changed(bulletins=()),
            [
                (
                    "Annexe 2 — aucun bulletin d'adhésion annexé : "
                    "le contrat n'ouvre aucun service (Art. 1)"
                )
            ],
            id="no bulletin",
        ),
    ],
)
def test_each_problem_of_the_check_is_named_in_its_words(
    contract: Contract, reasons: list[str]
) -> None:
    decision = check_contract(contract)
    assert not decision
    assert [str(reason) for reason in decision.reasons] == reasons


@pytest.mark.parametrize(
    ("contract", "art_6", "annex_2"),
    [
        pytest.param(
            SIGNED,
            "Art. 6 — signé le 01/03/2024 ; 0 avenant signé par les deux parties",
            "Annexe 2 — 1 bulletin d'adhésion : CDAP",
            id="as signed",
        ),
        pytest.param(
            # Signed the very day of the template's update, convention the same day.
            changed(
                convention_signed_on=date(2024, 3, 1),
                template_version=date(2024, 3, 1),
                bulletins=(*SIGNED.bulletins, SECOND_BULLETIN),
                avenants=(AVENANT_1, AVENANT_2),
            ),
            "Art. 6 — signé le 01/03/2024 ; 2 avenants signés par les deux parties",
            "Annexe 2 — 2 bulletins d'adhésion : CDAP, AFAS",
            id="on the limits, with avenants and two services",
        ),
    ],
)
def test_a_complete_contract_is_allowed_saying_what_was_checked(
    contract: Contract, art_6: str, annex_2: str
) -> None:
    decision = check_contract(contract)
    assert decision
    assert [str(reason) for reason in decision.reasons] == [
        (
            "Préambule — parties identifiées : Caf de Tarn-et-Garonne et CCAS de Lafrançaise "
            "(SIREN 130005481)"
        ),
        (
            f"Art. 1 — pris en application de la convention d'accès signée le "
            f"{contract.convention_signed_on:%d/%m/%Y}"
        ),
        art_6,
        (
            "Annexe 1 — interlocuteurs renseignés : direction, administrateur principal, "
            "administrateur délégué"
        ),
        annex_2,
    ]


def same_fields(error: InvalidValueError) -> InvalidValueError:
    """A new error from the structured fields of ``error``: its message must be the same."""
    return InvalidValueError(
        error.field,
        error.value,
        error.expected,
        problem=error.problem,
        article=error.article,
        shown_as=error.shown,
    )


def draft(**fields: Any) -> Contract:
    """A contract for the ``CCAS`` with ``fields`` given as they are, right or wrong."""
    return Contract(caf=TARN_ET_GARONNE, partner=Partner(name="CCAS"), **fields)


@pytest.mark.parametrize(
    ("call", "message", "field", "value"),
    [
        pytest.param(
            lambda: Contract(caf="Caf 82", partner=Partner(name="CCAS")),  # type: ignore[arg-type]
            "Contract.caf : valeur invalide ('Caf 82') ; attendu : Caf(...).",
            "Contract.caf",
            "Caf 82",
            id="Contract.caf",
        ),
        pytest.param(
            lambda: draft(bulletins="CDAP"),
            "Contract.bulletins : valeur invalide ('CDAP') ; attendu : une suite de Bulletin(...).",
            "Contract.bulletins",
            "CDAP",
            id="Contract.bulletins, a text",
        ),
        pytest.param(
            lambda: draft(bulletins=[SECOND_BULLETIN, 1]),
            "Contract.bulletins : élément invalide (1) ; attendu : Bulletin(...).",
            "Contract.bulletins",
            1,
            id="Contract.bulletins, an item",
        ),
        pytest.param(
            lambda: draft(avenants="Avenant 1"),
            "Contract.avenants : valeur invalide ('Avenant 1') ; "
            "attendu : une suite de Avenant(...).",
            "Contract.avenants",
            "Avenant 1",
            id="Contract.avenants, a text",
        ),
        pytest.param(
            lambda: draft(avenants=[1]),
            "Contract.avenants : élément invalide (1) ; attendu : Avenant(...).",
            "Contract.avenants",
            1,
            id="Contract.avenants, an item",
        ),
        pytest.param(
            lambda: draft(bulletins=(SIGNED.bulletins[0], SECOND_BULLETIN, SIGNED.bulletins[0])),
            "Annexe 2 — Contract.bulletins[2].service : service ouvert par deux bulletins "
            "('CDAP') ; attendu : un bulletin d'adhésion par service.",
            "Contract.bulletins[2].service",
            "CDAP",
            id="two bulletins for one service",
        ),
        pytest.param(
            lambda: draft(subcontractors="Infogérance Sud"),
            "Contract.subcontractors : valeur invalide ('Infogérance Sud') ; "
            "attendu : une suite de Subcontractor(...).",
            "Contract.subcontractors",
            "Infogérance Sud",
            id="Contract.subcontractors, a text",
        ),
        pytest.param(
            lambda: draft(subcontractors=[1]),
            "Contract.subcontractors : élément invalide (1) ; attendu : Subcontractor(...).",
            "Contract.subcontractors",
            1,
            id="Contract.subcontractors, an item",
        ),
        pytest.param(
            lambda: draft(
                subcontractors=[
                    Subcontractor(name="Infogérance Sud", siren="732829320", since=date(2024, 1, 1))
                ]
                * 2
            ),
            "Art. 2.1 — Contract.subcontractors[1].siren : sous-traitant déclaré deux fois "
            "('732829320') ; attendu : un SIREN par sous-traitant, autre que celui du partenaire.",
            "Contract.subcontractors[1].siren",
            "732829320",
            id="one sub-contractor declared twice",
        ),
        pytest.param(
            lambda: draft(avenants=(AVENANT_1,)),
            "Art. 6 — Contract.avenants[0] : avenant à un contrat non signé ('Avenant 1') ; "
            "attendu : un contrat signé avant tout avenant.",
            "Contract.avenants[0]",
            "Avenant 1",
            id="avenant to an unsigned contract",
        ),
        pytest.param(
            lambda: check_contract("contrat.pdf"),  # type: ignore[arg-type]
            "contract : valeur invalide ('contrat.pdf') ; attendu : Contract(...).",
            "contract",
            "contrat.pdf",
            id="check_contract(contract)",
        ),
        pytest.param(
            lambda: amend("contrat.pdf", AVENANT_1),  # type: ignore[arg-type]
            "contract : valeur invalide ('contrat.pdf') ; attendu : Contract(...).",
            "contract",
            "contrat.pdf",
            id="amend(contract)",
        ),
        pytest.param(
            lambda: amend(SIGNED, "Avenant 1"),  # type: ignore[arg-type]
            "avenant : valeur invalide ('Avenant 1') ; attendu : Avenant(...).",
            "avenant",
            "Avenant 1",
            id="amend(avenant)",
        ),
    ],
)
def test_malformed_contracts_and_arguments_are_refused_in_words(
    call: Callable[[], object], message: str, field: str, value: object
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        call()
    error = caught.value
    assert str(error) == message
    assert (error.field, error.value) == (field, value)
    assert str(same_fields(error)) == message


@pytest.mark.parametrize(
    ("call", "message", "field"),
    [
        pytest.param(
            lambda: draft(convention_signed_on=date(2024, 3, 2), signed_on=date(2024, 3, 1)),
            "Art. 1 — la signature du contrat de service (01/03/2024) précède la signature de "
            "la convention d'accès (02/03/2024) ; attendu : une date égale ou postérieure au "
            "02/03/2024.",
            "Contract.convention_signed_on",
            id="convention signed the day after the contract",
        ),
        pytest.param(
            lambda: amend(
                SIGNED,
                Avenant(
                    title="Avenant 0",
                    caf_signed_on=date(2024, 2, 1),
                    partner_signed_on=date(2024, 2, 29),
                ),
            ),
            "Art. 6 — l'entrée en vigueur de l'avenant « Avenant 0 » (29/02/2024) précède "
            "la signature du contrat (01/03/2024) ; attendu : une date égale ou postérieure "
            "au 01/03/2024.",
            "Contract.avenants[0].partner_signed_on",
            id="avenant before the contract, the partner signing last",
        ),
        pytest.param(
            lambda: amend(
                SIGNED,
                Avenant(
                    title="Avenant 0",
                    caf_signed_on=date(2024, 2, 29),
                    partner_signed_on=date(2024, 2, 29),
                ),
            ),
            "Art. 6 — l'entrée en vigueur de l'avenant « Avenant 0 » (29/02/2024) précède "
            "la signature du contrat (01/03/2024) ; attendu : une date égale ou postérieure "
            "au 01/03/2024.",
            "Contract.avenants[0].caf_signed_on",
            id="avenant before the contract, both signing the same day",
        ),
        pytest.param(
            lambda: amend(
                amend(SIGNED, AVENANT_1),
                Avenant(
                    title="Avenant 2",
                    caf_signed_on=date(2024, 6, 2),
                    partner_signed_on=date(2024, 5, 2),
                ),
            ),
            "Art. 6 — l'entrée en vigueur de l'avenant « Avenant 2 » (02/06/2024) précède "
            "l'entrée en vigueur de l'avenant « Avenant 1 » (03/06/2024) ; attendu : une date "
            "égale ou postérieure au 03/06/2024.",
            "Contract.avenants[1].caf_signed_on",
            id="avenant before the previous one, the Caf signing last",
        ),
    ],
)
def test_dates_out_of_order_are_refused_in_words(
    call: Callable[[], object], message: str, field: str
) -> None:
    with pytest.raises(ChronologyError) as caught:
        call()
    error = caught.value
    assert str(error) == message
    assert error.field == field
    assert error.strictly is False
    rebuilt = ChronologyError(
        error.earlier_field,
        error.earlier,
        error.later_field,
        error.later,
        article=error.article,
    )
    assert str(rebuilt) == message


@pytest.mark.parametrize(
    ("avenant", "message", "field", "missing"),
    [
        pytest.param(
            Avenant(title="Avenant 1"),
            "Art. 6 — l'avenant « Avenant 1 » n'est pas signé par la Caf ni par le partenaire ; "
            "attendu : un avenant signé par les deux parties.",
            "Contract.avenants[0]",
            ("la Caf", "le partenaire"),
            id="no signature",
        ),
        pytest.param(
            Avenant(title="Avenant 1", caf_signed_on=date(2024, 6, 1)),
            "Art. 6 — l'avenant « Avenant 1 » n'est pas signé par le partenaire ; "
            "attendu : un avenant signé par les deux parties.",
            "Contract.avenants[0].partner_signed_on",
            ("le partenaire",),
            id="signed by the Caf only",
        ),
        pytest.param(
            Avenant(title="Avenant 1", partner_signed_on=date(2024, 6, 1)),
            "Art. 6 — l'avenant « Avenant 1 » n'est pas signé par la Caf ; "
            "attendu : un avenant signé par les deux parties.",
            "Contract.avenants[0].caf_signed_on",
            ("la Caf",),
            id="signed by the partner only",
        ),
    ],
)
def test_a_one_sided_avenant_is_refused_naming_the_missing_signature(
    avenant: Avenant, message: str, field: str, missing: tuple[str, ...]
) -> None:
    with pytest.raises(UnsignedAvenantError) as caught:
        amend(SIGNED, avenant)
    error = caught.value
    assert str(error) == message
    assert (error.field, error.missing, error.title) == (field, missing, "Avenant 1")
    assert avenant.missing_signatures == missing
    assert avenant.effective_on is None


@pytest.mark.parametrize(
    "avenants",
    [
        pytest.param((AVENANT_1,), id="after the signature"),
        pytest.param(
            (
                Avenant(
                    title="Avenant 0",
                    caf_signed_on=date(2024, 2, 1),
                    partner_signed_on=SIGNED.signed_on,
                ),
            ),
            id="in force the day the contract is signed",
        ),
        pytest.param(
            (
                AVENANT_1,
                Avenant(
                    title="Avenant 2",
                    caf_signed_on=date(2024, 6, 3),
                    partner_signed_on=date(2024, 5, 2),
                ),
            ),
            id="in force the day the previous one is",
        ),
    ],
)
def test_avenants_in_force_on_the_limit_are_accepted(avenants: tuple[Avenant, ...]) -> None:
    amended = SIGNED
    for avenant in avenants:
        amended = amend(amended, avenant)
    assert amended.avenants == avenants


# --- opening a service, word for word


OPENABLE = (
    "Art. 2.1 — service « CDAP » ouvrable : convention, contrat et bulletin signés, "
    "partenaire identifié, quota fixé par la Caf, formalités informatique et libertés "
    "accomplies"
)


@pytest.mark.parametrize(
    ("as_of", "completed_on", "reasons"),
    [
        pytest.param(date(2024, 3, 1), date(2024, 3, 1), [OPENABLE], id="all on the day asked"),
        pytest.param(
            datetime(2024, 2, 29, 23, 30, tzinfo=UTC),
            date(2024, 3, 1),
            [OPENABLE],
            id="instants read in Paris: already 01/03/2024",
        ),
        pytest.param(
            date(2024, 3, 1),
            date(2024, 3, 2),
            [f"Art. 2.1 — {NO_FORMALITIES}"],
            id="formalities the day after",
        ),
        pytest.param(
            datetime(2024, 2, 29, 22, 30, tzinfo=UTC),
            None,
            [
                (
                    "Art. 2.1 — le contrat de service signé le 01/03/2024 seulement ; attendu : signé "
                    "au plus tard le 29/02/2024"
                ),
                (
                    "Art. 2.1 — le bulletin d'adhésion du service « CDAP » signé le 01/03/2024 "
                    "seulement ; attendu : signé au plus tard le 29/02/2024"
                ),
                f"Art. 2.1 — {NO_FORMALITIES}",
            ],
            id="the eve in Paris, no formalities",
        ),
    ],
)
def test_opening_a_service_is_decided_on_the_paris_day(
    as_of: date, completed_on: date | None, reasons: list[str]
) -> None:
    contract = attrs.evolve(SIGNED, informatique_libertes_completed_on=completed_on)
    decision = may_open_service(contract, "CDAP", as_of=as_of)
    assert [str(reason) for reason in decision.reasons] == reasons
    assert bool(decision) is (reasons == [OPENABLE])


@pytest.mark.parametrize(
    ("arguments", "message", "field", "value"),
    [
        pytest.param(
            {"contract": "contrat.pdf"},
            "contract : valeur invalide ('contrat.pdf') ; attendu : Contract(...).",
            "contract",
            "contrat.pdf",
            id="contract",
        ),
        pytest.param(
            {"service": " "},
            "service : valeur invalide (' ') ; attendu : le nom d'un service.",
            "service",
            " ",
            id="service",
        ),
        pytest.param(
            {"as_of": "01/03/2024"},
            "as_of : valeur invalide ('01/03/2024') ; "
            "attendu : une date ou un datetime avec fuseau horaire.",
            "as_of",
            "01/03/2024",
            id="as_of",
        ),
    ],
)
def test_malformed_opening_questions_are_refused_in_words(
    arguments: dict[str, object], message: str, field: str, value: object
) -> None:
    question: dict[str, object] = {"contract": SIGNED, "service": "CDAP", "as_of": date(2024, 3, 1)}
    with pytest.raises(InvalidValueError) as caught:
        may_open_service(**question | arguments)  # type: ignore[arg-type]
    error = caught.value
    assert str(error) == message
    assert (error.field, error.value) == (field, value)
    assert str(same_fields(error)) == message


# --- one security contact Art. 5.1


def test_two_security_contacts_of_one_side_are_a_finding() -> None:
    """« Le responsable sécurité du partenaire, interlocuteur unique de la Caf, est chargé
    des relations avec le responsable sécurité de la Caf » (Art. 5.1).
    """
    security = [
        Interlocutor(role="responsable sécurité", name=name, email=f"{login}@ccas.fr")
        for name, login in (("Chloé Durand", "cdurand"), ("Yanis Morel", "ymorel"))
    ]
    people = SIGNED.interlocutors
    two = changed(interlocutors=attrs.evolve(people, partner=(*people.partner[:3], *security)))
    decision = check_contract(two)
    assert [str(r) for r in decision.reasons] == [
        (
            "Art. 5.1 — 2 responsables sécurité du partenaire (Chloé Durand, Yanis Morel) ; "
            "attendu : un interlocuteur unique"
        )
    ]
    on_the_caf_side = changed(interlocutors=attrs.evolve(people, caf=(*people.caf, *security)))
    assert [str(r) for r in check_contract(on_the_caf_side).reasons] == [
        (
            "Art. 5.1 — 2 responsables sécurité de la Caf (Chloé Durand, Yanis Morel) ; "
            "attendu : un interlocuteur unique"
        )
    ]
    assert check_contract(
        changed(interlocutors=attrs.evolve(people, partner=(*people.partner[:3], security[0])))
    )


@given(cst.contracts(), st.integers(2, 4))
def test_more_than_one_security_contact_is_always_one_finding(
    contract: Contract, count: int
) -> None:
    extra = tuple(
        Interlocutor(role="responsable_securite", name=f"Personne {n}") for n in range(count)
    )
    others = tuple(
        p for p in contract.interlocutors.partner if p.role.value != "responsable_securite"
    )
    crowded = attrs.evolve(
        contract, interlocutors=attrs.evolve(contract.interlocutors, partner=(*others, *extra))
    )
    decision = check_contract(crowded)
    assert sum(reason.article is Article.ART_5_1 for reason in decision.reasons) == 1


def test_a_contract_signed_before_its_template_is_remarked_not_refused() -> None:
    """The template itself is dated « le 05/11/2020 » on a text « maj 19/01/2024 »: the
    date is likely that of an older copy, worth a look, not a fault."""
    decision = check_contract(changed(template_version=date(2024, 3, 2)))
    assert decision
    assert [str(r) for r in decision.remarks] == [
        (
            "Préambule — signé le 01/03/2024 sur un modèle mis à jour le 02/03/2024 : "
            "la date de signature est sans doute celle d'un ancien exemplaire"
        ),
        (
            "Préambule — modèle mis à jour le 02/03/2024 inconnu de cette bibliothèque : "
            "contrat lu avec les chiffres du modèle du 19/01/2024"
        ),
    ]
    assert check_contract(SIGNED).remarks == ()


def test_a_template_version_no_known_template_bears_is_read_with_the_one_in_force() -> None:
    """Issue 13: ``Contract.template_version`` selects the parameters; a version this
    library does not know is read with the template in force that day, and said."""
    unknown = changed(template_version=date(2023, 6, 1))
    assert unknown.parameters is parameters.at(date(2023, 6, 1))
    assert [str(r) for r in check_contract(unknown).remarks] == [
        (
            "Préambule — modèle mis à jour le 01/06/2023 inconnu de cette bibliothèque : "
            "contrat lu avec les chiffres du modèle du 19/01/2024"
        )
    ]
    undeclared = changed(template_version=None)
    assert undeclared.parameters is parameters.at(undeclared.signed_on or date.max)
    assert check_contract(undeclared).remarks == ()


# --- sub-contractors Art. 2.1


def test_a_sub_contractor_is_declared_once_and_is_not_the_partner() -> None:
    hired = Subcontractor(name="Infogérance Sud", siren="732829320", since=date(2024, 1, 1))
    assert changed(subcontractors=(hired,)).employs(hired.siren, date(2024, 1, 1)) == hired
    assert changed(subcontractors=(hired,)).employs(hired.siren, date(2023, 12, 31)) is None
    assert SIGNED.partner.siren is not None
    assert SIGNED.employs(SIGNED.partner.siren, date(2000, 1, 1)) == SIGNED.partner
    with pytest.raises(InvalidValueError, match=r"subcontractors\[1\]\.siren"):
        changed(subcontractors=(hired, hired))
    itself = attrs.evolve(hired, siren=SIGNED.partner.siren)
    with pytest.raises(InvalidValueError, match="sous-traitant déclaré deux fois"):
        changed(subcontractors=(itself,))


# --- browsers, word for word

LONG_VERSION = "9" * 5000  # more digits than Python turns into an int by default


def test_a_version_of_5000_digits_is_refused_as_too_long_wherever_it_comes() -> None:
    too_long = re.escape("numéro de version trop long (une partie de 5000 chiffres)")
    with pytest.raises(LoadError, match=rf"^minimum_versions\['firefox'\] : {too_long}"):
        loads(BrowserPolicy, f'{{"firefox": "{LONG_VERSION}"}}')
    with pytest.raises(InvalidValueError, match=rf"^version : {too_long}"):
        may_connect(POLICY, browser="firefox", version=LONG_VERSION)
    with pytest.raises(InvalidValueError, match=rf"^version : {too_long}"):
        may_connect(POLICY, browser="firefox", version=f"1.{LONG_VERSION}.2")


@given(st.lists(st.integers(0, 10**18 - 2), min_size=1, max_size=4), st.booleans())
def test_versions_of_up_to_18_digits_a_part_are_compared_as_numbers(
    parts: list[int], padded: bool
) -> None:
    written = ".".join(f"{part:018d}" if padded else str(part) for part in parts)
    policy = BrowserPolicy({"firefox": written})
    assert policy.minimum("firefox") == tuple(parts)
    assert may_connect(policy, browser="firefox", version=written)
    newer = ".".join(map(str, [*parts[:-1], parts[-1] + 1]))
    assert may_connect(policy, browser="firefox", version=newer)


def test_a_policy_prints_as_its_constructor_reads_it() -> None:
    assert repr(POLICY) == "BrowserPolicy({'chrome': '130.0.2', 'firefox': '128'})"
    assert eval(repr(POLICY), PUBLIC_NAMES) == POLICY  # noqa: S307  # repr is eval-able


@given(cst.browser_policies())
def test_every_policy_prints_as_its_constructor_reads_it(policy: BrowserPolicy) -> None:
    assert eval(repr(policy), PUBLIC_NAMES) == policy  # noqa: S307  # repr is eval-able


@pytest.mark.parametrize(
    ("browser", "version", "reason"),
    [
        ("Firefox", "128", "Art. 2.1 — Firefox 128 répond à la politique (≥ 128)"),
        ("firefox", "128.0", "Art. 2.1 — firefox 128.0 répond à la politique (≥ 128)"),
        (
            "Firefox",
            "127.9",
            "Art. 2.1 — Firefox 127.9 est obsolète : version 128 au moins attendue",
        ),
        ("chrome", "130.0.2", "Art. 2.1 — chrome 130.0.2 répond à la politique (≥ 130.0.2)"),
        (
            "chrome",
            "130",
            "Art. 2.1 — chrome 130 est obsolète : version 130.0.2 au moins attendue",
        ),
        ("edge", "120", "Art. 2.1 — edge 120 répond à la politique (≥ 120.0)"),
        (
            "Edge",
            "119.99",
            "Art. 2.1 — Edge 119.99 est obsolète : version 120.0 au moins attendue",
        ),
        (
            "Internet Explorer",
            "11",
            (
                "Art. 2.1 — navigateur « Internet Explorer » absent de la politique : "
                "considéré obsolète"
            ),
        ),
    ],
)
def test_browser_decisions_say_what_is_expected(browser: str, version: str, reason: str) -> None:
    policy = BrowserPolicy({"Firefox": "128", "chrome": "130.0.2", " Edge": "120.0"})
    decision = may_connect(policy, browser=browser, version=version)
    assert [str(r) for r in decision.reasons] == [reason]
    assert bool(decision) is ("répond à la politique" in reason)


@pytest.mark.parametrize(
    ("call", "message", "field", "value"),
    [
        pytest.param(
            lambda: BrowserPolicy({}),
            "BrowserPolicy.minimum_versions : valeur invalide ({}) ; "
            "attendu : un dictionnaire non vide {navigateur: version minimale}.",
            "BrowserPolicy.minimum_versions",
            {},
            id="empty policy",
        ),
        pytest.param(
            lambda: BrowserPolicy(["firefox"]),  # type: ignore[arg-type]
            "BrowserPolicy.minimum_versions : valeur invalide (['firefox']) ; "
            "attendu : un dictionnaire {navigateur: version minimale}.",
            "BrowserPolicy.minimum_versions",
            ["firefox"],
            id="not a mapping",
        ),
        pytest.param(
            lambda: BrowserPolicy({" ": "1"}),
            "BrowserPolicy.minimum_versions : valeur invalide (' ') ; "
            "attendu : un nom de navigateur.",
            "BrowserPolicy.minimum_versions",
            " ",
            id="blank browser name",
        ),
        pytest.param(
            lambda: BrowserPolicy({"firefox": "dernière"}),
            "BrowserPolicy.minimum_versions['firefox'] : valeur invalide ('dernière') ; "
            "attendu : un numéro de version comme « 128 » ou « 128.0.2 ».",
            "BrowserPolicy.minimum_versions['firefox']",
            "dernière",
            id="minimum not a version",
        ),
        pytest.param(
            lambda: BrowserPolicy({"Firefox": "128", "firefox ": "115"}),
            "BrowserPolicy.minimum_versions['firefox '] : navigateur nommé deux fois "
            "('firefox ') ; attendu : un seul minimum par navigateur (casse et espaces ignorés).",
            "BrowserPolicy.minimum_versions['firefox ']",
            "firefox ",
            id="one browser named twice",
        ),
        pytest.param(
            lambda: may_connect({"firefox": "1"}, browser="firefox", version="1"),  # type: ignore[arg-type]
            "policy : valeur invalide ({'firefox': '1'}) ; attendu : BrowserPolicy(...).",
            "policy",
            {"firefox": "1"},
            id="policy",
        ),
        pytest.param(
            lambda: may_connect(POLICY, browser="", version="1"),
            "browser : valeur invalide ('') ; attendu : un nom de navigateur.",
            "browser",
            "",
            id="browser",
        ),
        pytest.param(
            lambda: may_connect(POLICY, browser=None, version=128),  # type: ignore[arg-type]
            "browser : valeur invalide (None) ; attendu : un nom de navigateur.",
            "browser",
            None,
            id="browser and version both wrong: the browser is named first",
        ),
        pytest.param(
            lambda: BrowserPolicy({"firefox": LONG_VERSION}),
            "BrowserPolicy.minimum_versions['firefox'] : numéro de version trop long (une "
            "partie de 5000 chiffres) ; attendu : des nombres d'au plus 18 chiffres séparés "
            "par des points, comme « 128 » ou « 128.0.2 ».",
            "BrowserPolicy.minimum_versions['firefox']",
            LONG_VERSION,
            id="minimum of 5000 digits",
        ),
        pytest.param(
            lambda: may_connect(POLICY, browser="firefox", version=f"128.{'0' * 19}"),
            "version : numéro de version trop long (une partie de 19 chiffres) ; attendu : des "
            "nombres d'au plus 18 chiffres séparés par des points, comme « 128 » ou « 128.0.2 ».",
            "version",
            f"128.{'0' * 19}",
            id="version with a part of 19 digits",
        ),
        pytest.param(
            lambda: may_connect(POLICY, browser="firefox", version="v128"),
            "version : valeur invalide ('v128') ; "
            "attendu : un numéro de version comme « 128 » ou « 128.0.2 ».",
            "version",
            "v128",
            id="version",
        ),
    ],
)
def test_malformed_policies_and_questions_are_refused_in_words(
    call: Callable[[], object], message: str, field: str, value: object
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        call()
    error = caught.value
    assert str(error) == message
    assert (error.field, error.value) == (field, value)
    assert str(same_fields(error)) == message


# --- in a notebook


def html_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return (
        "<table><caption>Contrat de service « Mon Compte Partenaire »</caption>"
        f"<tbody>{cells}</tbody></table>"
    )


@pytest.mark.parametrize(
    ("contract", "rendered"),
    [
        pytest.param(
            changed(bulletins=(*SIGNED.bulletins, SECOND_BULLETIN), avenants=(AVENANT_1,)),
            html_table(
                [
                    ("Caf", "Caf de Tarn-et-Garonne (82)"),
                    ("Partenaire", "CCAS de Lafrançaise"),
                    ("SIREN", "130005481"),
                    ("Convention d&#x27;accès signée le", "01/02/2024"),
                    ("Contrat signé le", "01/03/2024"),
                    ("Services (bulletins)", "CDAP, AFAS"),
                    ("Avenants", "1"),
                    ("Centre de services", "portail-partenaires@caf82.caf.fr"),
                ]
            ),
            id="signed",
        ),
        pytest.param(
            attrs.evolve(tarn_et_garonne_template(), signed_on=None),
            html_table(
                [
                    ("Caf", "Caf de Tarn-et-Garonne (82)"),
                    ("Partenaire", "NOM STRUCTURE"),
                    ("SIREN", "—"),
                    ("Convention d&#x27;accès signée le", "—"),
                    ("Contrat signé le", "—"),
                    ("Services (bulletins)", "—"),
                    ("Avenants", "0"),
                    ("Centre de services", "portail-partenaires@caf82.caf.fr"),
                ]
            ),
            id="the template, undated",
        ),
    ],
)
def test_a_contract_renders_as_a_table_in_a_notebook(contract: Contract, rendered: str) -> None:
    # The content and its structure; the styles (left alignment) are tests/test_html.py's.
    assert re.sub(r' style="[^"]*"', "", contract._repr_html_()) == rendered


def test_who_a_siren_is_may_be_asked_with_any_day_and_any_spelling() -> None:
    hired = Subcontractor(name="Infogérance Sud", siren="732829320", since=date(2024, 1, 1))
    contract = changed(subcontractors=(hired,))
    assert contract.employs("732 829 320", datetime(2023, 12, 31, 23, 30, tzinfo=UTC)) == hired
    assert contract.employs("130005481", date(2000, 1, 1)) == contract.partner
    with pytest.raises(InvalidValueError, match="day"):
        contract.employs("732829320", "2024-01-01")  # type: ignore[arg-type]


@given(cst.placeholders())
def test_a_sub_contractor_named_by_a_placeholder_is_declared_by_nobody(placeholder: str) -> None:
    """« ses personnels ou ses sous-traitants » (Art. 2.1): a sub-contractor the contract
    names « NOM STRUCTURE » is none."""
    nameless = Subcontractor(name=placeholder, siren="732829320", since=date(2024, 1, 1))
    contract = changed(subcontractors=(nameless,))
    assert contract.employs("732829320", date(2025, 1, 1)) is None
    assert [reason.article for reason in check_contract(contract).reasons] == [Article.ART_2_1]


def test_one_security_contact_listed_twice_is_one_and_a_blank_line_is_nobody() -> None:
    """« Le responsable sécurité du partenaire, interlocuteur unique de la Caf » (Art. 5.1)
    counts people, not lines."""
    people = SIGNED.interlocutors
    chloe = Interlocutor(role="responsable sécurité", name="Chloé Durand", email="cd@ccas.fr")
    twice = (
        chloe,
        Interlocutor(role="responsable informatique", name="C. Durand", email="CD@ccas.fr"),
    )
    blank = (chloe, Interlocutor(role="responsable sécurité", name="Prénom NOM"))
    for extra in (twice, blank):
        contract = changed(
            interlocutors=attrs.evolve(people, partner=(*people.partner[:3], *extra))
        )
        assert not [r for r in check_contract(contract).reasons if r.article is Article.ART_5_1]


# --- what mutation testing found unpinned: each message and limit, word for word


@pytest.mark.parametrize(
    ("partner_name", "signatory", "reasons"),
    [
        pytest.param(
            " ",
            None,
            [
                "Préambule — partenaire non identifié : nom « NOM STRUCTURE »",
                (
                    "Art. 6 — contrat signé pour le partenaire par « Prénom NOM et signature » : "
                    "signataire non identifié"
                ),
            ],
            id="left blank: the template's placeholders are shown",
        ),
        pytest.param(
            "nom  Structure",
            "prénom nom",
            [
                "Préambule — partenaire non identifié : nom « nom  Structure »",
                (
                    "Art. 6 — contrat signé pour le partenaire par « prénom nom » : "
                    "signataire non identifié"
                ),
            ],
            id="placeholders written otherwise: shown as written",
        ),
    ],
)
def test_a_service_is_not_opened_to_a_partner_named_by_the_template_saying_what_was_written(
    partner_name: str, signatory: str | None, reasons: list[str]
) -> None:
    """« Le présent contrat est signé entre : […] NOM STRUCTURE » and « Prénom NOM et
    signature » (préambule, Art. 6): the opening (Art. 2.1) names what was left there."""
    contract = changed(partner={"name": partner_name}, partner_signatory=signatory)
    decision = may_open_service(contract, "CDAP", as_of=date(2024, 3, 1))
    assert not decision
    assert [str(reason) for reason in decision.reasons] == reasons


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: SIGNED.as_of("2024-06-03"), id="as_of"),  # type: ignore[arg-type]
        pytest.param(
            lambda: SIGNED.employs("130005481", "2024-06-03"),  # type: ignore[arg-type]
            id="employs",
        ),
    ],
)
def test_the_day_a_contract_is_read_on_is_refused_in_words_when_it_is_no_day(
    call: Callable[[], object],
) -> None:
    assert_refused(
        call,
        InvalidValueError,
        "day : valeur invalide ('2024-06-03') ; "
        "attendu : une date ou un datetime avec fuseau horaire.",
        {"field": "day", "value": "2024-06-03", "article": None},
    )


def test_a_contract_signed_the_very_day_of_its_template_update_is_not_remarked() -> None:
    """Only a signature *older* than the template's update (« maj … ») is worth a remark."""
    decision = check_contract(changed(template_version=date(2024, 3, 1)))
    assert decision
    assert [str(r) for r in decision.remarks] == [
        (
            "Préambule — modèle mis à jour le 01/03/2024 inconnu de cette bibliothèque : "
            "contrat lu avec les chiffres du modèle du 19/01/2024"
        )
    ]


def test_a_blank_security_contact_line_does_not_hide_the_ones_after_it() -> None:
    """« Le responsable sécurité du partenaire, interlocuteur unique de la Caf » (Art. 5.1):
    a line left as the template's « Prénom NOM » is skipped, the people after it counted."""
    people = SIGNED.interlocutors
    blank = Interlocutor(role="responsable sécurité", name="Prénom NOM")
    security = (
        Interlocutor(role="responsable sécurité", name="Chloé Durand", email="cd@ccas.fr"),
        Interlocutor(role="responsable sécurité", name="Yanis Morel", email="ym@ccas.fr"),
    )
    contract = changed(
        interlocutors=attrs.evolve(people, partner=(*people.partner[:3], blank, *security))
    )
    who = "de l'interlocuteur n° 4 du partenaire (responsable_securite)"
    assert [str(r) for r in check_contract(contract).reasons] == [
        (
            "Art. 5.1 — 2 responsables sécurité du partenaire (Chloé Durand, Yanis Morel) ; "
            "attendu : un interlocuteur unique"
        ),
        f"Annexe 1 — nom {who} non renseigné (« Prénom NOM »)",
        f"Annexe 1 — adresse mél {who} non renseignée (« Adresse mél »)",
    ]


@pytest.mark.parametrize(
    "again",
    [
        pytest.param(
            Interlocutor(role="responsable sécurité", name="C. Durand", email="CD@ccas.fr"),
            id="same address, another spelling of the name: named as first listed",
        ),
        pytest.param(
            Interlocutor(
                role="responsable sécurité", name="Chloé Durand", email="chloe.durand@ccas.fr"
            ),
            id="same name, another address: one person",
        ),
    ],
)
def test_a_security_contact_listed_twice_is_counted_and_named_once(again: Interlocutor) -> None:
    """Art. 5.1 counts people, not lines: a second line of the same person (by address,
    or by name) neither adds a contact nor renames the first."""
    people = SIGNED.interlocutors
    chloe = Interlocutor(role="responsable sécurité", name="Chloé Durand", email="cd@ccas.fr")
    yanis = Interlocutor(role="responsable sécurité", name="Yanis Morel", email="ym@ccas.fr")
    contract = changed(
        interlocutors=attrs.evolve(people, partner=(*people.partner[:3], chloe, again, yanis))
    )
    assert [str(r) for r in check_contract(contract).reasons] == [
        (
            "Art. 5.1 — 2 responsables sécurité du partenaire (Chloé Durand, Yanis Morel) ; "
            "attendu : un interlocuteur unique"
        )
    ]


def test_a_sub_contractor_named_by_the_template_is_named_by_its_number_and_as_written() -> None:
    """« ses personnels ou ses sous-traitants » (Art. 2.1): a sub-contractor left as
    « NOM STRUCTURE » is numbered as listed (from 1) and shown as written."""
    declared = Subcontractor(name="Infogérance Sud", siren="732829320", since=date(2024, 1, 1))
    nameless = Subcontractor(name="Nom  Structure", siren="356000000", since=date(2024, 1, 1))
    decision = check_contract(changed(subcontractors=(declared, nameless)))
    assert [str(r) for r in decision.reasons] == [
        (
            "Art. 2.1 — nom du sous-traitant n° 2 (SIREN 356000000) non renseigné "
            "(« Nom  Structure ») : ses personnels ne peuvent être habilités"
        )
    ]
