from __future__ import annotations

import copy
from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    Avenant,
    BrowserPolicy,
    Bulletin,
    ChronologyError,
    Contract,
    HabilitationQuota,
    Interlocutor,
    InvalidEmailError,
    InvalidSiren,
    InvalidValueError,
    Partner,
    Role,
    UnsignedAvenantError,
    WorkingCalendar,
    amend,
    browser_allowed,
    check_contract,
    may_open_service,
)
from caf_contract.contract import UNCHANGED
from caf_contract.examples import TARN_ET_GARONNE, tarn_et_garonne_template
from tests import strategies as cst


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
        (
            "Préambule — signé le 05/11/2020 sur un modèle mis à jour le 19/01/2024 : "
            "la date de signature est sans doute celle d'un ancien exemplaire"
        ),
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
    messages = [reason.message for reason in decision.reasons]
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
    with pytest.raises(InvalidValueError, match="un Contract"):
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


@given(cst.contracts(), st.data())
def test_amending_never_changes_the_original_and_keeps_every_earlier_avenant(
    contract: Contract, data: st.DataObject
) -> None:
    before = copy.deepcopy(contract)
    assert contract.signed_on is not None
    start = contract.avenants[-1].effective_on if contract.avenants else contract.signed_on
    assert start is not None
    avenant = data.draw(cst.avenants(after=start))
    new_partner = data.draw(cst.partners())
    amended = amend(contract, avenant, partner=new_partner)
    assert contract == before
    assert amended.avenants == (*contract.avenants, avenant)
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


def test_the_error_names_the_missing_party() -> None:
    with pytest.raises(UnsignedAvenantError, match="n'est pas signé par le partenaire ; attendu"):
        amend(SIGNED, Avenant(title="Avenant 1", caf_signed_on=date(2024, 6, 1)))
    with pytest.raises(UnsignedAvenantError, match="par la Caf ni par le partenaire"):
        amend(SIGNED, Avenant(title="Avenant 1"))


def test_an_avenant_before_the_signature_or_the_previous_avenant_is_refused() -> None:
    early = Avenant(
        title="Avenant 0", caf_signed_on=date(2024, 2, 1), partner_signed_on=date(2024, 2, 2)
    )
    with pytest.raises(ChronologyError, match="^Art. 6"):
        amend(SIGNED, early)
    first = Avenant(
        title="Avenant 1", caf_signed_on=date(2024, 6, 1), partner_signed_on=date(2024, 6, 3)
    )
    second = Avenant(
        title="Avenant 2", caf_signed_on=date(2024, 5, 1), partner_signed_on=date(2024, 5, 2)
    )
    with pytest.raises(ChronologyError, match="Avenant 2"):
        amend(amend(SIGNED, first), second)


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
    with pytest.raises(InvalidValueError, match="un Contract"):
        amend("contrat", avenant)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="un Avenant"):
        amend(SIGNED, "avenant")  # type: ignore[arg-type]
    assert avenant.effective_on == date(2024, 6, 3)
    assert attrs.evolve(avenant, partner_signed_on=None).effective_on is None
    assert amend(SIGNED, avenant).avenants == (avenant,)


def test_the_unchanged_marker_reads_as_its_name() -> None:
    # It shows in the signatures and reprs of Avenant: « UNCHANGED », not an enum repr.
    assert repr(UNCHANGED) == "UNCHANGED"


# --- opening a service Art. 2.1


def test_a_service_opens_when_every_signature_and_the_formalities_are_there() -> None:
    decision = may_open_service(
        SIGNED, "CDAP", as_of=date(2024, 3, 1), informatique_libertes_completed_on=date(2024, 1, 5)
    )
    assert decision
    assert decision.articles == (Article.ART_2_1,)


NO_FORMALITIES = (
    "formalités informatique et libertés du partenaire pour son propre traitement non accomplies"
)


def test_every_missing_condition_is_listed() -> None:
    draft = attrs.evolve(SIGNED, convention_signed_on=None, signed_on=None, avenants=())
    decision = may_open_service(
        draft, "AFAS", as_of=date(2024, 3, 1), informatique_libertes_completed_on=None
    )
    assert [reason.message for reason in decision.reasons] == [
        "la convention d'accès non signé(e)",
        "le contrat de service non signé(e)",
        "aucun bulletin d'adhésion pour le service « AFAS »",
        NO_FORMALITIES,
    ]


def test_signatures_after_the_day_asked_do_not_count_yet() -> None:
    decision = may_open_service(
        SIGNED,
        "CDAP",
        as_of=date(2024, 2, 15),
        informatique_libertes_completed_on=date(2024, 2, 20),
    )
    assert [reason.message for reason in decision.reasons] == [
        "le contrat de service signé(e) le 01/03/2024 seulement",
        "le bulletin d'adhésion du service « CDAP » signé(e) le 01/03/2024 seulement",
        NO_FORMALITIES,
    ]


def test_an_unsigned_bulletin_opens_nothing() -> None:
    bulletin = attrs.evolve(SIGNED.bulletins[0], signed_on=None)
    contract = attrs.evolve(SIGNED, bulletins=(bulletin,))
    decision = may_open_service(
        contract,
        "CDAP",
        as_of=date(2025, 1, 1),
        informatique_libertes_completed_on=date(2024, 1, 1),
    )
    assert [r.message for r in decision.reasons] == [
        "le bulletin d'adhésion du service « CDAP » non signé(e)"
    ]


@given(cst.contracts(), st.data())
def test_opening_is_monotonic_in_time(contract: Contract, data: st.DataObject) -> None:
    service = data.draw(st.sampled_from(contract.services))
    day = data.draw(cst.days(date(2012, 1, 1), date(2035, 1, 1)))
    later = day + timedelta(days=data.draw(st.integers(0, 5000)))
    done = data.draw(st.one_of(st.none(), cst.days(date(2012, 1, 1), date(2035, 1, 1))))
    if may_open_service(contract, service, as_of=day, informatique_libertes_completed_on=done):
        assert may_open_service(
            contract, service, as_of=later, informatique_libertes_completed_on=done
        )


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
    decision = browser_allowed(POLICY, browser=browser, version=version)
    assert bool(decision) is allowed
    assert decision.articles == (Article.ART_2_1,)


@pytest.mark.parametrize("policy", [{}, {"firefox": "dernière"}, {"": "1"}, ["firefox"]])
def test_malformed_policies_are_refused(policy: object) -> None:
    with pytest.raises(InvalidValueError):
        BrowserPolicy(policy)  # type: ignore[arg-type]


@pytest.mark.parametrize(("browser", "version"), [("firefox", "v128"), ("", "1"), ("firefox", 128)])
def test_malformed_browser_questions_are_refused(browser: object, version: object) -> None:
    with pytest.raises(InvalidValueError):
        browser_allowed(POLICY, browser=browser, version=version)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="BrowserPolicy"):
        browser_allowed({"firefox": "1"}, browser="firefox", version="1")  # type: ignore[arg-type]


def test_the_minimum_of_a_browser_is_asked_by_name() -> None:
    assert POLICY.minimum(" FireFox ") == (128,)
    assert POLICY.minimum("edge") is None
    for browser in (3, None, b"firefox", " "):
        with pytest.raises(
            InvalidValueError, match=r"^browser : .* attendu : un nom de navigateur"
        ):
            POLICY.minimum(browser)  # type: ignore[arg-type]


def test_a_contract_renders_in_a_notebook() -> None:
    rendered = SIGNED._repr_html_()
    assert "<caption>Contrat de service « Mon Compte Partenaire »</caption>" in rendered
    assert "123456782" not in rendered
    assert "130005481" in rendered
    assert "<th>Convention d&#x27;accès signée le</th><td>01/02/2024</td>" in rendered
    assert "<td>—</td>" in tarn_et_garonne_template()._repr_html_()
