from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    Avenant,
    ChronologyError,
    Decision,
    Interlocutor,
    InvalidTransitionError,
    InvalidValueError,
    NaiveDatetimeError,
    Reason,
    WorkingCalendar,
    amend,
)
from caf_contract import parameters as parameters_module
from caf_contract._time import PARIS
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.incidents import (
    Contact,
    Direction,
    Incident,
    Reminder,
    RequestStatus,
    RequestType,
    answer,
    check_request,
    close,
    may_remind,
    record_reminder,
    request_status,
    request_type,
)
from caf_contract.parties import is_placeholder
from tests import strategies as cst
from tests.expect import Refusal, paris
from tests.strategies import incidents as ist

if TYPE_CHECKING:
    from collections.abc import Callable


ADMIN = Interlocutor(role="administrateur principal", name="Léa Bernard", email="lbernard@ccas.fr")
CONTRACT = attrs.evolve(
    tarn_et_garonne_template(),
    interlocutors=attrs.evolve(tarn_et_garonne_template().interlocutors, partner=(ADMIN,)),
)
GOOD = Incident(
    kind="incident",
    subject="Accès impossible au service CDAP",
    body="Depuis lundi 8 h, la connexion échoue avec l'erreur 403 pour tous nos agents.",
    contact=Contact(
        name="Léa Bernard", function="Gestionnaire des habilitations", email="lbernard@ccas.fr"
    ),
    sent_to="portail-partenaires@caf82.caf.fr",
    sent_at=paris(2026, 11, 23, 10, 0),
)
CENTRE = "portail-partenaires@caf82.caf.fr"

# --- validation (Art. 3, 3.2): worked examples


def test_a_complete_request_from_an_annex_1_interlocutor_passes() -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf : type de sollicitation […] ; description sommaire dans l'objet du
    message ; description détaillée dans le corps du message ; précisions concernant
    l'interlocuteur (nom, fonction, contact, interlocuteur identifié en annexe 1) »
    (Art. 3.2).
    """
    decision = check_request(GOOD, CONTRACT)
    assert decision, decision
    assert [str(reason) for reason in decision.reasons] == [
        (
            "Art. 3.2 — demande complète : type, objet, description, interlocuteur identifié "
            "en annexe 1, adressée au bon destinataire"
        )
    ]


def test_an_interlocutor_who_writes_from_his_annex_1_address_is_known_by_it() -> None:
    """« interlocuteur identifié en annexe 1 » (Art. 3.2): identified by the address
    annexe 1 gives him.
    """
    # A nickname does not matter when the e-mail is the one of annexe 1.
    contact = Contact(name="L. Bernard", function="Gestionnaire", email="LBernard@ccas.fr")
    assert check_request(attrs.evolve(GOOD, contact=contact), CONTRACT)


@pytest.mark.parametrize("email", [None, "", "  ", "Adresse mél"])
def test_an_interlocutor_who_gives_a_phone_and_no_email_is_found_by_name(
    email: str | None,
) -> None:
    """« précisions concernant l'interlocuteur (nom, fonction, contact, interlocuteur
    identifié en annexe 1) » (Art. 3.2): a phone is a contact; without an e-mail, the
    name identifies him.
    """
    contact = Contact(
        name="  léa   BERNARD ", function="Gestionnaire", email=email, phone="05 63 00 00 00"
    )
    decision = check_request(attrs.evolve(GOOD, contact=contact), CONTRACT)
    assert decision, decision


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"kind": None},
            (
                "Art. 3.2 — type de sollicitation non précisé "
                "(incident, demande d'intervention, autre)"
            ),
        ),
        ({"subject": ""}, "Art. 3.2 — description sommaire absente de l'objet du message"),
        ({"body": "  \n"}, "Art. 3.2 — description détaillée absente du corps du message"),
        (
            {"contact": Contact(name="Léa Bernard", email="lbernard@ccas.fr")},
            "Art. 3.2 — fonction de l'interlocuteur non précisée",
        ),
        (
            {"contact": Contact(name="Léa Bernard", function="Gestionnaire")},
            "Art. 3.2 — coordonnées de l'interlocuteur (mél ou téléphone) non précisées",
        ),
        (
            # Nobody named and the template's « Adresse mél »: a missing name, no stranger.
            {
                "contact": Contact(
                    name="Prénom NOM",
                    function="Gestionnaire",
                    email="Adresse mél",
                    phone="05 63 00 00 00",
                )
            },
            "Art. 3.2 — nom de l'interlocuteur non précisé",
        ),
        (
            {
                "contact": Contact(
                    name="Paul Intrus", function="Agent d'accueil", email="paul@ccas.fr"
                )
            },
            (
                "Art. 3 — « paul@ccas.fr » n'est pas un interlocuteur du partenaire identifié "
                "en annexe 1 : seules les structures de support identifiées peuvent saisir "
                "le centre de services"
            ),
        ),
        (
            {"sent_to": "contact@caf.fr"},
            (
                "Art. 3.2 — envoyée à « contact@caf.fr » ; attendu : l'adresse du centre de "
                "services de la Caf, portail-partenaires@caf82.caf.fr"
            ),
        ),
        (
            {"sent_to": None},
            (
                "Art. 3.2 — destinataire non précisé ; attendu : l'adresse du centre de "
                "services de la Caf, portail-partenaires@caf82.caf.fr"
            ),
        ),
        (
            {"contact": Contact(function="Gestionnaire", email="lbernard@ccas.fr")},
            "Art. 3.2 — nom de l'interlocuteur non précisé",
        ),
        (
            # The template's « Prénom NOM » is no name: nobody to look up in annexe 1.
            {"contact": Contact(name="Prénom NOM", function="Gestionnaire", phone="05 63")},
            "Art. 3.2 — nom de l'interlocuteur non précisé",
        ),
        (
            # Without an e-mail, the stranger is named by his name.
            {"contact": Contact(name="Paul Intrus", function="Accueil", phone="05 63")},
            (
                "Art. 3 — « Paul Intrus » n'est pas un interlocuteur du partenaire identifié "
                "en annexe 1 : seules les structures de support identifiées peuvent saisir "
                "le centre de services"
            ),
        ),
        (
            # The e-mail decides, not a name borrowed from annexe 1.
            {"contact": Contact(name="Léa Bernard", function="Accueil", email="paul@ccas.fr")},
            (
                "Art. 3 — « paul@ccas.fr » n'est pas un interlocuteur du partenaire identifié "
                "en annexe 1 : seules les structures de support identifiées peuvent saisir "
                "le centre de services"
            ),
        ),
        (
            {"reminders": [Reminder(at=paris(2026, 12, 1, 9, 0), sent_to="contact@caf.fr")]},
            (
                "Art. 3.3 — relance n° 1 du 01/12/2026 à 09:00, heure de Paris : envoyée à "
                "« contact@caf.fr » ; attendu : l'adresse du centre de services de la Caf, "
                "portail-partenaires@caf82.caf.fr"
            ),
        ),
        (
            {"reminders": [Reminder(at=paris(2026, 12, 1, 9, 0))]},
            (
                "Art. 3.3 — relance n° 1 du 01/12/2026 à 09:00, heure de Paris : destinataire "
                "non précisé ; attendu : l'adresse du centre de services de la Caf, "
                "portail-partenaires@caf82.caf.fr"
            ),
        ),
        (
            # The template's « Adresse mél » is no address.
            {
                "reminders": [
                    Reminder(at=paris(2026, 12, 1, 9, 0), sent_to=CENTRE),
                    Reminder(at=paris(2026, 12, 2, 9, 0), sent_to="Adresse mél"),
                ]
            },
            (
                "Art. 3.3 — relance n° 2 du 02/12/2026 à 09:00, heure de Paris : destinataire "
                "non précisé ; attendu : l'adresse du centre de services de la Caf, "
                "portail-partenaires@caf82.caf.fr"
            ),
        ),
    ],
)
def test_each_missing_or_wrong_element_is_named(change: dict[str, Any], expected: str) -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf » (Art. 3.2); « seules habilitées à contacter le Centre de services
    Caf » (Art. 3); « une relance peut être adressée au centre de services Caf »
    (Art. 3.3): each element missing or wrong is named, once.
    """
    decision = check_request(attrs.evolve(GOOD, **change), CONTRACT)
    assert [str(reason) for reason in decision.reasons] == [expected]


def test_a_known_contact_is_found_by_name_when_no_email_is_given() -> None:
    """« précisions concernant l'interlocuteur (nom, fonction, contact, interlocuteur
    identifié en annexe 1) » (Art. 3.2).
    """
    by_phone = Contact(name="léa  BERNARD", function="Gestionnaire", phone="05 63 00 00 00")
    assert check_request(attrs.evolve(GOOD, contact=by_phone), CONTRACT)


def test_the_template_has_no_interlocutor_to_write_from() -> None:
    """« les structures de support utilisateur du partenaire, seules habilitées à
    contacter le Centre de services Caf » (Art. 3): the template's annexe 1 names
    nobody (every line « Prénom NOM »), so nobody may write yet.
    """
    decision = check_request(GOOD, tarn_et_garonne_template())
    assert [reason.article for reason in decision.reasons] == [Article.ART_3]


# --- validation: the contract as it stood when the request, and each reminder, was sent

SUCCESSOR = Interlocutor(
    role="administrateur principal", name="Inès Garnier", email="igarnier@ccas.fr"
)
ADMIN_REPLACED = amend(
    CONTRACT,
    Avenant(
        title="Avenant n° 1 : nouvelle gestionnaire des habilitations",
        caf_signed_on=date(2026, 12, 9),
        partner_signed_on=date(2026, 12, 10),
    ),
    interlocutors=attrs.evolve(CONTRACT.interlocutors, partner=(SUCCESSOR,)),
)
NEW_CENTRE = "centre-services@caf82.caf.fr"
CENTRE_MOVED = amend(
    CONTRACT,
    Avenant(
        title="Avenant n° 1 : nouvelle adresse du centre de services",
        caf_signed_on=date(2026, 12, 2),
        partner_signed_on=date(2026, 12, 2),
    ),
    caf=attrs.evolve(CONTRACT.caf, service_centre_email=NEW_CENTRE),
)


def not_in_annex_1(who: str) -> str:
    return (
        f"Art. 3 — « {who} » n'est pas un interlocuteur du partenaire identifié en annexe 1 : "
        "seules les structures de support identifiées peuvent saisir le centre de services"
    )


def to_the_centre(reminder: str, sent_to: str, centre: str) -> str:
    return (
        f"Art. 3.3 — relance n° {reminder} : envoyée à « {sent_to} » ; attendu : l'adresse du "
        f"centre de services de la Caf, {centre}"
    )


def test_a_saisine_is_judged_on_the_contract_as_it_stood_when_it_was_sent() -> None:
    """« précisions concernant l'interlocuteur (nom, fonction, contact, interlocuteur
    identifié en annexe 1) » (Art. 3.2): identified in annexe 1 as it stood when the
    request was sent. An avenant that later replaces the gestionnaire des habilitations
    (Art. 6) does not make his earlier saisine incomplete, nor does it let his successor
    write before it takes effect.
    """
    assert check_request(GOOD, ADMIN_REPLACED), "sent 23/11, before the avenant"
    after = attrs.evolve(GOOD, sent_at=paris(2026, 12, 10, 9, 0))
    assert [str(r) for r in check_request(after, ADMIN_REPLACED).reasons] == [
        not_in_annex_1("lbernard@ccas.fr")
    ]
    by_the_successor = attrs.evolve(
        GOOD, contact=attrs.evolve(Contact.of(SUCCESSOR), function="Gestionnaire")
    )
    assert [str(r) for r in check_request(by_the_successor, ADMIN_REPLACED).reasons] == [
        not_in_annex_1("igarnier@ccas.fr")
    ]
    assert check_request(attrs.evolve(by_the_successor, sent_at=after.sent_at), ADMIN_REPLACED)


def test_a_draft_is_judged_on_the_contract_as_given() -> None:
    """« interlocuteur identifié en annexe 1 » (Art. 3.2): a request not sent yet will be
    sent under the contract as it is now.
    """
    draft = attrs.evolve(GOOD, sent_at=None)
    assert [str(r) for r in check_request(draft, ADMIN_REPLACED).reasons] == [
        not_in_annex_1("lbernard@ccas.fr")
    ]
    assert [str(r) for r in check_request(draft, CENTRE_MOVED).reasons] == [
        (
            "Art. 3.2 — envoyée à « portail-partenaires@caf82.caf.fr » ; attendu : l'adresse "
            f"du centre de services de la Caf, {NEW_CENTRE}"
        )
    ]


def test_each_reminder_goes_to_the_centre_as_the_contract_stood_when_it_was_sent() -> None:
    """« une relance peut être adressée au centre de services Caf » (Art. 3.3): to the
    centre's address of the day of the reminder; the request itself, to the address of
    the day it was sent (« Le centre de services est accessible par messagerie à
    l'adresse suivante », Art. 3.2).
    """
    reminded = attrs.evolve(
        GOOD,
        reminders=[
            Reminder(at=paris(2026, 12, 1, 9, 0), sent_to=CENTRE),  # before the avenant
            Reminder(at=paris(2026, 12, 3, 9, 0), sent_to=CENTRE),  # after it: astray
            Reminder(at=paris(2026, 12, 4, 9, 0), sent_to=NEW_CENTRE),
        ],
    )
    assert [str(r) for r in check_request(reminded, CENTRE_MOVED).reasons] == [
        to_the_centre("2 du 03/12/2026 à 09:00, heure de Paris", CENTRE, NEW_CENTRE)
    ]
    early = attrs.evolve(
        GOOD, reminders=[Reminder(at=paris(2026, 12, 1, 9, 0), sent_to=NEW_CENTRE)]
    )
    assert [str(r) for r in check_request(early, CENTRE_MOVED).reasons] == [
        to_the_centre("1 du 01/12/2026 à 09:00, heure de Paris", NEW_CENTRE, CENTRE)
    ]


FROM_THE_CAF = attrs.evolve(
    GOOD,
    direction=Direction.CAF_TO_PARTNER,
    contact=Contact(
        name="Administrateurs du centre de services",
        function="Centre de services",
        email="portail-partenaires@caf82.caf.fr",
    ),
    sent_to="lbernard@ccas.fr",
)
NO_SAISINE = (
    "Art. 3.2 — message de la Caf au partenaire : ce n'est pas une saisine du centre de "
    "services, la liste des informations à fournir ne s'y applique pas"
)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({}, id="as written"),
        pytest.param(
            {
                "kind": None,
                "subject": "",
                "body": "",
                "contact": Contact(),
                "sent_to": None,
                "reminders": [Reminder(at=paris(2026, 12, 1), sent_to="ailleurs@exemple.fr")],
            },
            id="nothing given, reminded elsewhere",
        ),
        pytest.param(
            {"contact": Contact(name="Agent Caf", function="Accueil", email="x@caf82.caf.fr")},
            id="an agent not in annexe 1",
        ),
    ],
)
def test_a_message_from_the_caf_is_no_saisine(change: dict[str, Any]) -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf » (Art. 3.2): the Caf writing to the partner does not seize its own
    centre; nor does Art. 3 (« seules habilitées à contacter le Centre de services
    Caf ») bind it.
    """
    decision = check_request(attrs.evolve(FROM_THE_CAF, **change), CONTRACT)
    assert decision.allowed
    assert [str(reason) for reason in decision.reasons] == [NO_SAISINE]
    assert decision.remarks == ()


LABELLED_FROM_THE_CAF = (
    "Art. 3.2 — message marqué « Caf vers partenaire » mais adressé au centre de services "
    "de la Caf : c'est une saisine du centre, tenue aux articles 3 et 3.2"
)


@pytest.mark.parametrize(
    ("incident", "reasons"),
    [
        pytest.param(
            attrs.evolve(FROM_THE_CAF, sent_to=CENTRE),
            [not_in_annex_1("portail-partenaires@caf82.caf.fr")],
            id="the centre writing to itself",
        ),
        pytest.param(
            attrs.evolve(FROM_THE_CAF, sent_to=" Portail-Partenaires@CAF82.caf.fr "),
            [not_in_annex_1("portail-partenaires@caf82.caf.fr")],
            id="its address however written",
        ),
        pytest.param(
            attrs.evolve(GOOD, direction=Direction.CAF_TO_PARTNER),
            [str(reason) for reason in check_request(GOOD, CONTRACT).reasons],
            id="a complete saisine of the partner, mislabelled",
        ),
        pytest.param(
            attrs.evolve(
                FROM_THE_CAF,
                sent_to=CENTRE,
                body="",
                contact=Contact(),
                reminders=[Reminder(at=paris(2026, 12, 1), sent_to="ailleurs@exemple.fr")],
            ),
            [
                "Art. 3.2 — description détaillée absente du corps du message",
                "Art. 3.2 — nom de l'interlocuteur non précisé",
                "Art. 3.2 — fonction de l'interlocuteur non précisée",
                "Art. 3.2 — coordonnées de l'interlocuteur (mél ou téléphone) non précisées",
                to_the_centre("1 du 01/12/2026 à 00:00, heure de Paris", "ailleurs@exemple.fr", CENTRE),
            ],
            id="every saisine check applies, reminders included",
        ),
    ],
)  # fmt: skip
def test_what_is_sent_to_the_centres_address_is_a_saisine_whatever_its_label(
    incident: Incident, reasons: list[str]
) -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf » (Art. 3.2) and « seules habilitées à contacter le Centre de services
    Caf » (Art. 3): a message sent to the centre's address seizes the centre, whatever
    direction it is labelled with; it is held to every check of a saisine, and a remark
    says why.
    """
    decision = check_request(incident, CONTRACT)
    assert [str(reason) for reason in decision.reasons] == reasons
    assert [str(remark) for remark in decision.remarks] == [LABELLED_FROM_THE_CAF]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("incident", RequestType.INCIDENT),
        ("  INCIDENT ", RequestType.INCIDENT),
        ("anomalie", RequestType.INCIDENT),
        ("demande d’intervention", RequestType.INTERVENTION),
        ("demande   d'intervention", RequestType.INTERVENTION),
        ("intervention", RequestType.INTERVENTION),
        ("demande_intervention", RequestType.INTERVENTION),
        ("autre", RequestType.OTHER),
        ("other", RequestType.OTHER),
        ("plainte", None),
        ("demande d'information", None),
    ],
)
def test_request_types(text: str, kind: RequestType | None) -> None:
    """« type de sollicitation (incident, demande d'intervention…) » (Art. 3.2): the
    types the article names, and « autre », are recognised however written; any other
    type is none of the known ones (still accepted: the list is open).
    """
    assert request_type(text) == kind


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("incident", "incident"),
        ("  Incident\t", "incident"),
        ("ANOMALIE", "incident"),
        ("Demande d’intervention", "demande d'intervention"),
        (" demande  D'INTERVENTION ", "demande d'intervention"),
        ("intervention", "demande d'intervention"),
        ("Other", "autre"),
        (" Demande d'information ", "Demande d'information"),
        ("réclamation  urgente", "réclamation  urgente"),
        ("", None),
        (" \u00a0\n", None),
        (None, None),
    ],
)
def test_a_known_type_is_kept_in_its_canonical_text_any_other_as_written(
    written: str | None, kept: str | None
) -> None:
    """« type de sollicitation (incident, demande d'intervention…) » (Art. 3.2): the
    known types are recognised however written; any other is kept, stripped.
    """
    assert Incident(kind=written).kind == kept


@pytest.mark.parametrize(
    ("kind", "remarks"),
    [
        pytest.param("incident", [], id="named by the article"),
        pytest.param("autre", [], id="known"),
        pytest.param(
            "demande d'information",
            [
                "Art. 3.2 — type de sollicitation « demande d'information » : accepté, la liste de l'article est ouverte ; types qu'il nomme : incident, demande d'intervention"
            ],
            id="another type",
        ),
    ],
)
def test_any_type_is_accepted_one_the_article_does_not_name_is_a_remark(
    kind: str, remarks: list[str]
) -> None:
    """« type de sollicitation (incident, demande d'intervention…) » (Art. 3.2): the
    « … » leaves the list open.
    """
    decision = check_request(attrs.evolve(GOOD, kind=kind), CONTRACT)
    assert decision.allowed
    assert [str(remark) for remark in decision.remarks] == remarks


def test_a_request_without_a_type_is_still_refused() -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf : type de sollicitation (incident, demande d'intervention…) » (Art. 3.2).
    """
    for blank in (None, "", "  "):
        decision = check_request(attrs.evolve(GOOD, kind=blank), CONTRACT)
        assert [str(reason) for reason in decision.reasons] == [
            "Art. 3.2 — type de sollicitation non précisé (incident, demande d'intervention, autre)"
        ]


def test_each_reminder_sent_elsewhere_than_to_the_centre_is_named_once() -> None:
    """« une relance peut être adressée au centre de services Caf » (Art. 3.3): a
    partner's reminder goes to the centre's address; each one sent elsewhere, or
    nowhere said, is named once, by its number and instant.
    """
    reminded = attrs.evolve(
        GOOD,
        reminders=[
            Reminder(at=paris(2026, 12, 3, 9, 0), sent_to="contact@caf.fr"),
            Reminder(at=paris(2026, 12, 1, 9, 0), sent_to=" Portail-Partenaires@CAF82.caf.fr "),
            Reminder(at=paris(2026, 12, 2, 9, 0), sent_to="contact@caf.fr"),
            Reminder(at=paris(2026, 12, 4, 9, 0)),
        ],
    )
    decision = check_request(reminded, CONTRACT)
    assert [str(reason) for reason in decision.reasons] == [
        "Art. 3.3 — relance n° 2 du 02/12/2026 à 09:00, heure de Paris : envoyée à « contact@caf.fr » ; attendu : l'adresse du centre de services de la Caf, portail-partenaires@caf82.caf.fr",
        "Art. 3.3 — relance n° 3 du 03/12/2026 à 09:00, heure de Paris : envoyée à « contact@caf.fr » ; attendu : l'adresse du centre de services de la Caf, portail-partenaires@caf82.caf.fr",
        "Art. 3.3 — relance n° 4 du 04/12/2026 à 09:00, heure de Paris : destinataire non précisé ; attendu : l'adresse du centre de services de la Caf, portail-partenaires@caf82.caf.fr",
    ]


def test_reminders_are_recorded_with_their_address_and_kept_in_order() -> None:
    """« une relance peut être adressée au centre de services Caf » (Art. 3.3)."""
    second = record_reminder(GOOD, paris(2026, 12, 2, 9, 0), sent_to="contact@caf.fr")
    both = record_reminder(second, paris(2026, 12, 1, 9, 0), sent_to=CENTRE)
    assert both.reminders == (
        Reminder(at=paris(2026, 12, 1, 9, 0), sent_to=CENTRE),
        Reminder(at=paris(2026, 12, 2, 9, 0), sent_to="contact@caf.fr"),
    )
    assert second.reminders == (Reminder(at=paris(2026, 12, 2, 9, 0), sent_to="contact@caf.fr"),)
    assert record_reminder(GOOD, paris(2026, 12, 1), sent_to=None).reminders[0].sent_to is None
    # Kept in UTC, as every instant of a request; the same instant in any zone is equal.
    assert both.reminders[0].at.tzinfo is UTC
    # Same instant, other addresses: ordered by address, none first, whatever the input.
    at = paris(2026, 12, 1)
    tied = [Reminder(at=at, sent_to="b@x.fr"), Reminder(at=at), Reminder(at=at, sent_to="a@x.fr")]
    assert attrs.evolve(GOOD, reminders=tied) == attrs.evolve(GOOD, reminders=tied[::-1])
    assert [r.sent_to for r in attrs.evolve(GOOD, reminders=tied).reminders] == [
        None,
        "a@x.fr",
        "b@x.fr",
    ]


# --- validation: properties


# Worked examples, tried first: a wrong check then fails at once, without the long
# shrinking of generated contracts.
EVERYTHING_MISSING = ist.BrokenRequest(
    CONTRACT,
    frozenset(
        {
            "kind_missing",
            "subject_blank",
            "body_blank",
            "name_missing",
            "function_missing",
            "details_missing",
            "destination_missing",
        }
    ),
    Incident(subject=" ", contact=Contact(name="Prénom NOM", function="")),
)
A_STRANGER_KNOWN_BY_NAME = ist.BrokenRequest(
    CONTRACT,
    frozenset({"stranger", "destination_wrong", "reminder_wrong"}),
    attrs.evolve(
        GOOD,
        kind="plainte",  # a type the article does not name: a remark, no finding
        contact=Contact(name="Inconnu Dupuis", function="Accueil", phone="05 63 00 00 00"),
        sent_to="contact@caf.fr",
        reminders=[Reminder(at=paris(2026, 12, 1), sent_to="contact@caf.fr")],
    ),
)
A_NAMELESS_INTERLOCUTOR_KNOWN_BY_EMAIL = ist.BrokenRequest(
    CONTRACT,
    frozenset({"name_missing", "reminder_missing"}),
    attrs.evolve(
        GOOD,
        contact=Contact(function="Gestionnaire", email="lbernard@ccas.fr"),
        reminders=[
            Reminder(at=paris(2026, 12, 1), sent_to=CENTRE),
            Reminder(at=paris(2026, 11, 23, 10, 0)),
        ],
    ),
)

# How each fault shows: (article, a test on the message). The destination of the
# request and those of its reminders are told apart by « relance n° ».
SIGNATURES: dict[str, tuple[Article, Callable[[str], bool]]] = {
    "kind_missing": (Article.ART_3_2, lambda m: m.startswith("type de sollicitation non précisé")),
    "subject_blank": (Article.ART_3_2, lambda m: m.startswith("description sommaire absente")),
    "body_blank": (Article.ART_3_2, lambda m: m.startswith("description détaillée absente")),
    "name_missing": (Article.ART_3_2, lambda m: m == "nom de l'interlocuteur non précisé"),
    "function_missing": (
        Article.ART_3_2,
        lambda m: m == "fonction de l'interlocuteur non précisée",
    ),
    "details_missing": (Article.ART_3_2, lambda m: m.startswith("coordonnées de l'interlocuteur")),
    "stranger": (Article.ART_3, lambda m: "n'est pas un interlocuteur du partenaire" in m),
    "destination_missing": (Article.ART_3_2, lambda m: m.startswith("destinataire non précisé")),
    "destination_wrong": (Article.ART_3_2, lambda m: m.startswith("envoyée à « contact@caf.fr »")),
    "reminder_missing": (
        Article.ART_3_3,
        lambda m: m.startswith("relance n° ") and " : destinataire non précisé ; " in m,
    ),
    "reminder_wrong": (
        Article.ART_3_3,
        lambda m: m.startswith("relance n° ") and " : envoyée à « " in m,
    ),
}


@given(ist.broken_requests())
@example(EVERYTHING_MISSING)
@example(A_STRANGER_KNOWN_BY_NAME)
@example(A_NAMELESS_INTERLOCUTOR_KNOWN_BY_EMAIL)
def test_each_broken_element_is_reported_exactly_once_whatever_else_is_wrong(
    case: ist.BrokenRequest,
) -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf » (Art. 3.2); « seules habilitées à contacter le Centre de services
    Caf » (Art. 3); « une relance peut être adressée au centre de services Caf »
    (Art. 3.3).
    """
    contract, broken, incident = case
    reasons = check_request(incident, contract).reasons
    assert set(SIGNATURES) == set(ist.BREAKABLE)
    # A contact with neither name nor e-mail cannot be looked up in annexe 1 (the
    # strategy may drop the e-mail of a contact who gives a phone number).
    expected = set(broken)
    if "name_missing" in broken and is_placeholder(incident.contact.email):
        expected.discard("stranger")
    for fault, (article, signature) in SIGNATURES.items():
        found = [reason for reason in reasons if signature(reason.message)]
        assert len(found) == (1 if fault in expected else 0), (fault, reasons)
        assert all(reason.article is article for reason in found)
    if not expected:
        assert len(reasons) == 1  # the allowance
        assert reasons[0].message.startswith("demande complète")
    else:
        assert len(reasons) == len(expected)


@given(st.data(), ist.request_kinds())
def test_any_non_blank_type_is_accepted(data: st.DataObject, kind: str) -> None:
    """« type de sollicitation (incident, demande d'intervention…) » (Art. 3.2): the
    list is open, any type given will do.
    """
    contract = data.draw(cst.contracts())
    incident = attrs.evolve(data.draw(ist.incidents(contract=contract)), kind=kind)
    assert incident.kind is not None
    assert incident.kind == (known if (known := request_type(kind)) else kind.strip())
    messages = [reason.message for reason in check_request(incident, contract).reasons]
    assert not any("type de sollicitation" in message for message in messages)


@given(st.data())
def test_a_message_from_the_caf_is_never_refused_for_the_content_of_a_saisine(
    data: st.DataObject,
) -> None:
    """« Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf » (Art. 3.2): a message from the Caf to the partner is no saisine.
    """
    contract = data.draw(cst.contracts(complete=data.draw(st.booleans())))
    broken = data.draw(st.frozensets(st.sampled_from(ist.BREAKABLE)))
    incident = data.draw(
        ist.incidents(contract=contract, broken=broken, direction=Direction.CAF_TO_PARTNER)
    )
    decision = check_request(incident, contract)
    assert decision == Decision.allow(
        Reason(Article.ART_3_2, NO_SAISINE.removeprefix("Art. 3.2 — "))
    )


@given(st.data())
def test_a_message_from_the_caf_to_the_centres_address_is_judged_as_a_saisine(
    data: st.DataObject,
) -> None:
    """« lors de toute saisine du Centre de services Caf » (Art. 3.2): a message sent to
    the centre's address is judged as the same message from the partner would be, the
    label noted in a remark.
    """
    contract = data.draw(cst.contracts(complete=data.draw(st.booleans())))
    broken = data.draw(st.frozensets(st.sampled_from(ist.BREAKABLE)))
    written = data.draw(
        ist.incidents(contract=contract, broken=broken, direction=Direction.CAF_TO_PARTNER)
    )
    centre = contract.caf.service_centre_email
    to_centre = attrs.evolve(written, sent_to=data.draw(ist.centre_addresses(centre)))
    from_partner = attrs.evolve(to_centre, direction=Direction.PARTNER_TO_CAF)
    decision = check_request(to_centre, contract)
    expected = check_request(from_partner, contract)
    assert (decision.allowed, decision.reasons) == (expected.allowed, expected.reasons)
    assert [str(remark) for remark in decision.remarks] == [
        LABELLED_FROM_THE_CAF,
        *(str(remark) for remark in expected.remarks),
    ]


@given(st.data())
def test_a_reminder_to_any_address_but_the_centres_is_one_finding(data: st.DataObject) -> None:
    """« une relance peut être adressée au centre de services Caf » (Art. 3.3)."""
    contract = data.draw(cst.contracts())
    incident = data.draw(ist.incidents(contract=contract))
    assert incident.sent_at is not None
    centre = contract.caf.service_centre_email
    address = data.draw(st.one_of(ist.other_addresses(centre), ist.missing_addresses()))
    at = data.draw(ist.reminders(after=incident.sent_at, to=st.just(address))).at
    assert check_request(incident, contract)
    decision = check_request(record_reminder(incident, at, sent_to=address), contract)
    assert not decision
    [finding] = decision.reasons
    assert finding.article is Article.ART_3_3
    assert finding.message.startswith("relance n° ")
    assert finding.message.endswith(
        f" ; attendu : l'adresse du centre de services de la Caf, {centre}"
    )


# --- construction


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sent_at", datetime(2026, 11, 23, 10, 0)),  # noqa: DTZ001
        ("answered_at", datetime(2026, 11, 24, 10, 0)),  # noqa: DTZ001
    ],
)
def test_naive_datetimes_are_refused(field: str, value: Any) -> None:
    with pytest.raises(NaiveDatetimeError, match=field):
        attrs.evolve(GOOD, **{field: value})
    with pytest.raises(NaiveDatetimeError, match="Reminder.at"):
        Reminder(at=value, sent_to=CENTRE)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", 3),
        ("subject", None),
        ("body", b"octets"),
        ("contact", "Léa"),
        ("urgent", "oui"),
        ("recipient_urgent", 1),
        ("direction", "diagonale"),
        ("reminders", "hier"),
        ("reminders", [paris(2026, 12, 1)]),
        ("sent_to", ["a@b.fr"]),
    ],
)
def test_wrong_types_are_refused(field: str, value: Any) -> None:
    with pytest.raises(InvalidValueError, match=f"Incident.{field}|{field}"):
        attrs.evolve(GOOD, **{field: value})


def test_the_contact_of_an_interlocutor_copies_all_his_details() -> None:
    person = attrs.evolve(ADMIN, function="Gestionnaire", phone="05 63 00 00 00")
    assert Contact.of(person) == Contact(
        name="Léa Bernard",
        function="Gestionnaire",
        email="lbernard@ccas.fr",
        phone="05 63 00 00 00",
    )


# --- malformed input: the error says where, what was received and what is expected

NAIVE = datetime(2026, 11, 24, 10, 0)  # noqa: DTZ001
NAIVE_PROBLEM = "date et heure sans fuseau horaire"
NAIVE_EXPECTED = (
    "un instant avec son décalage horaire (tzinfo), par exemple 2026-11-23T10:00:00+01:00"
)
NAIVE_MESSAGE = f"{NAIVE_PROBLEM} (2026-11-24 10:00) ; attendu : {NAIVE_EXPECTED}."
A_CALENDAR = WorkingCalendar()
UNSENT = "une demande envoyée (sent_at) avant toute suite"


@pytest.mark.parametrize(
    ("call", "refusal"),
    [
        pytest.param(
            lambda: Incident(kind=3),  # type: ignore[arg-type]
            Refusal(
                "Incident.kind",
                3,
                "valeur invalide",
                "un texte ou None",
                "Incident.kind : valeur invalide (3) ; attendu : un texte ou None.",
            ),
            id="kind",
        ),
        pytest.param(
            lambda: Incident(sent_to=["a@b.fr"]),  # type: ignore[arg-type]
            Refusal(
                "Incident.sent_to",
                ["a@b.fr"],
                "valeur invalide",
                "un texte ou None",
                "Incident.sent_to : valeur invalide (['a@b.fr']) ; attendu : un texte ou None.",
            ),
            id="sent_to",
        ),
        pytest.param(
            lambda: Contact(email=3),  # type: ignore[arg-type]
            Refusal(
                "Contact.email",
                3,
                "valeur invalide",
                "un texte ou None",
                "Contact.email : valeur invalide (3) ; attendu : un texte ou None.",
            ),
            id="contact-email",
        ),
        pytest.param(
            lambda: Incident(direction="diagonale"),
            Refusal(
                "Incident.direction",
                "diagonale",
                "valeur invalide",
                "une valeur parmi 'partenaire vers Caf', 'Caf vers partenaire'",
                (
                    "Incident.direction : valeur invalide ('diagonale') ; attendu : une valeur "
                    "parmi 'partenaire vers Caf', 'Caf vers partenaire'."
                ),
            ),
            id="direction",
        ),
        pytest.param(
            lambda: Incident(reminders="hier"),
            Refusal(
                "Incident.reminders",
                "hier",
                "valeur invalide",
                "une suite de Reminder(at=..., sent_to=...)",
                (
                    "Incident.reminders : valeur invalide ('hier') ; attendu : une suite de "
                    "Reminder(at=..., sent_to=...)."
                ),
            ),
            id="reminders-not-a-sequence",
        ),
        pytest.param(
            # A bare instant says nothing of where the reminder went (Art. 3.3).
            lambda: Incident(reminders=[paris(2026, 11, 24)]),
            Refusal(
                "Incident.reminders",
                paris(2026, 11, 24),
                "instant seul, sans l'adresse de la relance",
                "Reminder(at=..., sent_to=...)",
                (
                    "Incident.reminders : instant seul, sans l'adresse de la relance "
                    "(24/11/2026 à 00:00, heure de Paris) ; attendu : Reminder(at=..., sent_to=...)."
                ),
            ),
            id="reminders-item",
        ),
        pytest.param(
            lambda: Reminder(at=NAIVE, sent_to=CENTRE),
            Refusal(
                "Reminder.at",
                NAIVE,
                NAIVE_PROBLEM,
                NAIVE_EXPECTED,
                f"Reminder.at : {NAIVE_MESSAGE}",
            ),
            id="reminder-naive",
        ),
        pytest.param(
            lambda: Reminder(at="01/12/2026", sent_to=CENTRE),  # type: ignore[arg-type]
            Refusal(
                "Reminder.at",
                "01/12/2026",
                "valeur invalide",
                "un datetime avec fuseau horaire",
                "Reminder.at : valeur invalide ('01/12/2026') ; attendu : un datetime avec fuseau horaire.",
            ),
            id="reminder-at",
        ),
        pytest.param(
            lambda: Reminder(at=paris(2026, 12, 1), sent_to=["a@b.fr"]),  # type: ignore[arg-type]
            Refusal(
                "Reminder.sent_to",
                ["a@b.fr"],
                "valeur invalide",
                "un texte ou None",
                "Reminder.sent_to : valeur invalide (['a@b.fr']) ; attendu : un texte ou None.",
            ),
            id="reminder-sent_to",
        ),
        pytest.param(
            lambda: Incident(reminders=[Reminder(at=paris(2026, 11, 24), sent_to=CENTRE)]),
            Refusal(
                "Incident.reminders[0].at",
                paris(2026, 11, 24),
                "demande non envoyée",
                UNSENT,
                (
                    "Incident.reminders[0].at : demande non envoyée (24/11/2026 à 00:00, heure "
                    f"de Paris) ; attendu : {UNSENT}."
                ),
            ),
            id="reminder-unsent",
        ),
        pytest.param(
            lambda: Incident(answered_at=paris(2026, 11, 24)),
            Refusal(
                "Incident.answered_at",
                paris(2026, 11, 24),
                "demande non envoyée",
                UNSENT,
                (
                    "Incident.answered_at : demande non envoyée (24/11/2026 à 00:00, heure de "
                    f"Paris) ; attendu : {UNSENT}."
                ),
            ),
            id="answered-unsent",
        ),
        pytest.param(
            lambda: Incident(closed_at=paris(2026, 11, 24)),
            Refusal(
                "Incident.closed_at",
                paris(2026, 11, 24),
                "demande non envoyée",
                UNSENT,
                (
                    "Incident.closed_at : demande non envoyée (24/11/2026 à 00:00, heure de "
                    f"Paris) ; attendu : {UNSENT}."
                ),
            ),
            id="closed-unsent",
        ),
    ],
)
def test_a_malformed_request_is_refused_with_what_is_expected(
    call: Callable[[], object], refusal: Refusal
) -> None:
    assert Refusal.raised_by(call) == refusal


@pytest.mark.parametrize(
    ("call", "refusal"),
    [
        pytest.param(
            lambda: request_type(3),  # type: ignore[arg-type]
            Refusal(
                "text",
                3,
                "valeur invalide",
                "un type de sollicitation en texte",
                "text : valeur invalide (3) ; attendu : un type de sollicitation en texte.",
            ),
            id="request_type",
        ),
        pytest.param(
            lambda: check_request("mail", CONTRACT),  # type: ignore[arg-type]
            Refusal(
                "incident",
                "mail",
                "valeur invalide",
                "Incident(...)",
                "incident : valeur invalide ('mail') ; attendu : Incident(...).",
            ),
            id="check_request-incident",
        ),
        pytest.param(
            lambda: check_request(GOOD, "contrat"),  # type: ignore[arg-type]
            Refusal(
                "contract",
                "contrat",
                "valeur invalide",
                "Contract(...)",
                "contract : valeur invalide ('contrat') ; attendu : Contract(...).",
            ),
            id="check_request-contract",
        ),
        pytest.param(
            lambda: request_status(GOOD, NAIVE),
            Refusal("at", NAIVE, NAIVE_PROBLEM, NAIVE_EXPECTED, f"at : {NAIVE_MESSAGE}"),
            id="request_status-naive",
        ),
        pytest.param(
            lambda: may_remind(GOOD, NAIVE),
            Refusal("now", NAIVE, NAIVE_PROBLEM, NAIVE_EXPECTED, f"now : {NAIVE_MESSAGE}"),
            id="may_remind-naive",
        ),
        pytest.param(
            lambda: may_remind(GOOD, paris(2026, 12, 1), contract="57"),  # type: ignore[arg-type]
            Refusal(
                "contract",
                "57",
                "valeur invalide",
                "Contract(...) ou None",
                "contract : valeur invalide ('57') ; attendu : Contract(...) ou None.",
            ),
            id="may_remind-contract",
        ),
        pytest.param(
            lambda: may_remind(GOOD, paris(2026, 12, 1), contract=CONTRACT, calendar=A_CALENDAR),
            Refusal(
                "calendar",
                A_CALENDAR,
                "calendrier donné en plus du contrat",
                "le contrat ou un calendrier, pas les deux",
                (
                    "calendar : calendrier donné en plus du contrat (jours ouvrés de France "
                    "métropolitaine) ; attendu : le contrat ou un calendrier, pas les deux."
                ),
            ),
            id="may_remind-both-calendars",
        ),
        pytest.param(
            lambda: may_remind(
                GOOD, paris(2026, 12, 1), contract=CONTRACT, calendar=WorkingCalendar("57")
            ),
            Refusal(
                "calendar",
                WorkingCalendar("57"),
                "calendrier donné en plus du contrat",
                "le contrat ou un calendrier, pas les deux",
                (
                    "calendar : calendrier donné en plus du contrat (jours ouvrés du "
                    "département 57) ; attendu : le contrat ou un calendrier, pas les deux."
                ),
            ),
            id="may_remind-both-calendars-moselle",
        ),
        pytest.param(
            lambda: may_remind(
                GOOD,
                paris(2026, 12, 1),
                contract=CONTRACT,
                calendar=WorkingCalendar(
                    pentecost_monday_worked=True,
                    extra_closures=[date(2026, 12, 24), date(2026, 12, 31)],
                ),
            ),
            Refusal(
                "calendar",
                WorkingCalendar(
                    pentecost_monday_worked=True,
                    extra_closures=[date(2026, 12, 24), date(2026, 12, 31)],
                ),
                "calendrier donné en plus du contrat",
                "le contrat ou un calendrier, pas les deux",
                (
                    "calendar : calendrier donné en plus du contrat (jours ouvrés de France "
                    "métropolitaine, lundi de Pentecôte travaillé, 2 jours de fermeture en "
                    "plus) ; attendu : le contrat ou un calendrier, pas les deux."
                ),
            ),
            id="may_remind-both-calendars-with-options",
        ),
        pytest.param(
            lambda: may_remind(GOOD, paris(2026, 12, 1), contract=CONTRACT, calendar="57"),  # type: ignore[arg-type]
            Refusal(
                "calendar",
                "57",
                "valeur invalide",
                "WorkingCalendar(...) ou None",
                "calendar : valeur invalide ('57') ; attendu : WorkingCalendar(...) ou None.",
            ),
            id="may_remind-contract-and-no-calendar",
        ),
        pytest.param(
            lambda: record_reminder(GOOD, NAIVE, sent_to=CENTRE),
            Refusal("at", NAIVE, NAIVE_PROBLEM, NAIVE_EXPECTED, f"at : {NAIVE_MESSAGE}"),
            id="record_reminder-naive",
        ),
        pytest.param(
            lambda: record_reminder(GOOD, paris(2026, 12, 1), sent_to=3),  # type: ignore[arg-type]
            Refusal(
                "sent_to",
                3,
                "valeur invalide",
                "une adresse mél (texte) ou None",
                "sent_to : valeur invalide (3) ; attendu : une adresse mél (texte) ou None.",
            ),
            id="record_reminder-sent_to",
        ),
        pytest.param(
            lambda: answer(GOOD, NAIVE),
            Refusal("at", NAIVE, NAIVE_PROBLEM, NAIVE_EXPECTED, f"at : {NAIVE_MESSAGE}"),
            id="answer-naive",
        ),
        pytest.param(
            lambda: close(GOOD, NAIVE),
            Refusal("at", NAIVE, NAIVE_PROBLEM, NAIVE_EXPECTED, f"at : {NAIVE_MESSAGE}"),
            id="close-naive",
        ),
    ],
)
def test_a_function_given_what_it_cannot_read_says_what_it_expects(
    call: Callable[[], object], refusal: Refusal
) -> None:
    assert Refusal.raised_by(call) == refusal


@pytest.mark.parametrize(
    ("closures", "said"),
    [(1, "1 jour de fermeture en plus"), (2, "2 jours de fermeture en plus")],
)
def test_a_calendar_is_said_with_its_closures_counted(closures: int, said: str) -> None:
    days = [date(2026, 12, 24), date(2026, 12, 31)][:closures]
    calendar = WorkingCalendar(extra_closures=days)
    with pytest.raises(InvalidValueError) as refused:
        may_remind(GOOD, paris(2026, 12, 1), contract=CONTRACT, calendar=calendar)
    assert refused.value.shown == f"jours ouvrés de France métropolitaine, {said}"


PYTHON_REPRS = ("datetime.", "WorkingCalendar(", "ZoneInfo(", "tzinfo=", "None")


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: Incident(answered_at=paris(2026, 11, 24)), id="answer of a draft"),
        pytest.param(lambda: Incident(closed_at=paris(2026, 11, 24)), id="closing of a draft"),
        pytest.param(lambda: Incident(reminders=[paris(2026, 11, 24)]), id="a bare instant"),
        pytest.param(
            lambda: Incident(reminders=[datetime(2026, 11, 24, 9, 0)]),  # noqa: DTZ001
            id="a bare naive instant",
        ),
        pytest.param(
            lambda: may_remind(GOOD, paris(2026, 12, 1), contract=CONTRACT, calendar=A_CALENDAR),
            id="two calendars",
        ),
    ],
)
def test_messages_say_instants_and_calendars_in_french(call: Callable[[], object]) -> None:
    """SPEC: « Decision reasons and error messages are written in French (the users'
    language) »: an instant as French write it, a calendar in words, never a Python
    repr; the error keeps the value itself and pickles with its message.
    """
    with pytest.raises(InvalidValueError) as refused:
        call()
    error = refused.value
    message = str(error)
    assert not [shown for shown in PYTHON_REPRS if shown in message], message
    assert message.endswith(f" ; attendu : {error.expected}.")
    if isinstance(error.value, WorkingCalendar):
        return  # a WorkingCalendar itself does not pickle (its holiday table holds a lock)
    again = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own error, just made
    assert (str(again), again.field, again.value) == (message, error.field, error.value)


@pytest.mark.parametrize(
    ("change", "earlier", "later", "field", "message"),
    [
        pytest.param(
            {"answered_at": paris(2026, 11, 22)},
            ("Incident.sent_at", paris(2026, 11, 23, 10, 0)),
            ("Incident.answered_at", paris(2026, 11, 22)),
            "Incident.answered_at",
            (
                "Art. 3.3 — Incident.answered_at (2026-11-22 00:00+01:00) précède "
                "Incident.sent_at (2026-11-23 10:00+01:00) ; attendu : une date égale ou "
                "postérieure au 2026-11-23 10:00+01:00."
            ),
            id="answered-before-sent",
        ),
        pytest.param(
            {"closed_at": paris(2026, 11, 23, 9, 59)},
            ("Incident.sent_at", paris(2026, 11, 23, 10, 0)),
            ("Incident.closed_at", paris(2026, 11, 23, 9, 59)),
            "Incident.closed_at",
            (
                "Art. 3.3 — Incident.closed_at (2026-11-23 09:59+01:00) précède "
                "Incident.sent_at (2026-11-23 10:00+01:00) ; attendu : une date égale ou "
                "postérieure au 2026-11-23 10:00+01:00."
            ),
            id="closed-before-sent",
        ),
        pytest.param(
            # Kept sorted: the early reminder is the first, whatever its place when given.
            {
                "reminders": (
                    Reminder(at=paris(2026, 12, 1), sent_to=CENTRE),
                    Reminder(at=paris(2026, 11, 1), sent_to=CENTRE),
                )
            },
            ("Incident.sent_at", paris(2026, 11, 23, 10, 0)),
            ("Incident.reminders[0].at", paris(2026, 11, 1)),
            "Incident.reminders",
            (
                "Art. 3.3 — Incident.reminders[0].at (2026-11-01 00:00+01:00) précède "
                "Incident.sent_at (2026-11-23 10:00+01:00) ; attendu : une date égale ou "
                "postérieure au 2026-11-23 10:00+01:00."
            ),
            id="reminder-before-sent",
        ),
        pytest.param(
            {"answered_at": paris(2026, 11, 25), "closed_at": paris(2026, 11, 24)},
            ("Incident.answered_at", paris(2026, 11, 25)),
            ("Incident.closed_at", paris(2026, 11, 24)),
            "Incident.closed_at",
            (
                "Art. 3.3 — Incident.closed_at (2026-11-24 00:00+01:00) précède "
                "Incident.answered_at (2026-11-25 00:00+01:00) ; attendu : une date égale ou "
                "postérieure au 2026-11-25 00:00+01:00."
            ),
            id="closed-before-answered",
        ),
    ],
)
def test_dates_out_of_order_name_both_dates(
    change: dict[str, Any],
    earlier: tuple[str, datetime],
    later: tuple[str, datetime],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ChronologyError) as refused:
        attrs.evolve(GOOD, **change)
    error = refused.value
    assert (error.earlier_field, error.earlier) == earlier
    assert (error.later_field, error.later) == later
    assert (error.field, error.article, error.strictly) == (field, Article.ART_3_3, False)
    assert str(error) == message


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            {"reminders": (Reminder(at=paris(2026, 11, 23, 10, 0), sent_to=CENTRE),)},
            id="reminder-as-sent",
        ),
        pytest.param({"answered_at": GOOD.sent_at}, id="answered-as-sent"),
        pytest.param({"closed_at": GOOD.sent_at}, id="closed-as-sent"),
        pytest.param(
            {"answered_at": paris(2026, 11, 24), "closed_at": paris(2026, 11, 24)},
            id="closed-as-answered",
        ),
    ],
)
def test_what_follows_a_request_may_happen_at_the_same_instant(change: dict[str, Any]) -> None:
    incident = attrs.evolve(GOOD, **change)
    assert {name: getattr(incident, name) for name in change} == change


# --- tracking (Art. 3.3)


def test_the_life_of_a_request() -> None:
    """« En absence de réponse du centre de services Caf ou du partenaire dans un délai
    de 5 jours ouvrés […], une relance peut être adressée au centre de services Caf »
    (Art. 3.3): sent, reminded, answered, closed, each a new value.
    """
    draft = attrs.evolve(GOOD, sent_at=None)
    assert request_status(draft, paris(2026, 11, 23, 11, 0)) is RequestStatus.DRAFT
    assert request_status(GOOD, paris(2026, 11, 23, 9, 0)) is RequestStatus.DRAFT
    assert request_status(GOOD, paris(2026, 11, 23, 10, 0)) is RequestStatus.SENT
    assert not may_remind(GOOD, paris(2026, 11, 30, 23, 59))
    assert may_remind(GOOD, paris(2026, 12, 1, 0, 0))
    reminded = record_reminder(GOOD, paris(2026, 12, 1, 9, 0), sent_to=CENTRE)
    assert request_status(reminded, paris(2026, 12, 1, 9, 0)) is RequestStatus.REMINDED
    answered = answer(reminded, paris(2026, 12, 2, 14, 0))
    assert request_status(answered, paris(2026, 12, 2, 14, 0)) is RequestStatus.ANSWERED
    assert not may_remind(answered, paris(2026, 12, 3, 9, 0))
    closed = close(answered, paris(2026, 12, 3, 9, 0))
    assert request_status(closed, paris(2026, 12, 3, 9, 0)) is RequestStatus.CLOSED
    assert request_status(closed, paris(2026, 12, 2, 15, 0)) is RequestStatus.ANSWERED
    # Nothing was mutated on the way.
    assert GOOD.reminders == ()
    assert reminded.answered_at is None


def test_reminders_count_on_the_cafs_calendar_and_urgency_is_at_once() -> None:
    """« dans un délai de 5 jours ouvrés ou en présence d'une situation jugée urgente par
    l'une ou l'autre des parties » (Art. 3.3): working days of the Caf's calendar;
    urgent, at once.
    """
    sent = attrs.evolve(GOOD, sent_at=paris(2026, 3, 30, 9, 0))
    assert may_remind(sent, paris(2026, 4, 8, 0, 0))
    assert not may_remind(sent, paris(2026, 4, 8, 0, 0), calendar=WorkingCalendar("57"))
    urgent = attrs.evolve(sent, urgent=True)
    assert may_remind(urgent, paris(2026, 3, 30, 9, 5), calendar=WorkingCalendar("57"))


def test_the_contract_gives_its_cafs_calendar() -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3): the working days of the
    contract's Caf, whose department decides the holidays.
    """
    # Sent Monday 30/03/2026 in Moselle: Good Friday 03/04 and Easter Monday 06/04
    # are off, so the 5th working day is 08/04 and reminders wait until 09/04.
    sent = attrs.evolve(GOOD, sent_at=paris(2026, 3, 30, 9, 0))
    metz = attrs.evolve(CONTRACT, caf=attrs.evolve(CONTRACT.caf, department="57"))
    assert not may_remind(sent, paris(2026, 4, 8, 23, 59), contract=metz)
    assert may_remind(sent, paris(2026, 4, 9, 0, 0), contract=metz)
    assert may_remind(sent, paris(2026, 4, 8, 0, 0), contract=CONTRACT)  # Tarn-et-Garonne
    with pytest.raises(InvalidValueError, match="le contrat ou un calendrier, pas les deux"):
        may_remind(sent, paris(2026, 4, 9), contract=metz, calendar=WorkingCalendar("57"))
    with pytest.raises(InvalidValueError, match="contract"):
        may_remind(sent, paris(2026, 4, 9), contract="57")  # type: ignore[arg-type]


SENT = GOOD.sent_at
DELAY_NOT_OVER = (
    "Art. 3.3 — délai de 5 jours ouvrés non écoulé : relance possible à partir du "
    "01/12/2026 à 00:00 (heure de Paris), ou dès maintenant si la situation est jugée urgente"
)
DELAY_OVER = (
    "Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
    "01/12/2026 à 00:00 (heure de Paris)"
)
CLOSED = "Art. 3.3 — demande close : plus de relance"
UNSENT_REMINDER = "Art. 3.3 — demande non envoyée : rien à relancer"


@pytest.mark.parametrize(
    ("incident", "now", "allowed", "reasons"),
    [
        pytest.param(
            attrs.evolve(GOOD, sent_at=None),
            paris(2026, 12, 5),
            False,
            [UNSENT_REMINDER],
            id="draft",
        ),
        pytest.param(
            GOOD, paris(2026, 11, 23, 9, 59), False, [UNSENT_REMINDER], id="before-sending"
        ),
        pytest.param(GOOD, SENT, False, [DELAY_NOT_OVER], id="at-sending"),
        pytest.param(
            attrs.evolve(GOOD, urgent=True),
            SENT,
            True,
            [
                "Art. 3.3 — situation jugée urgente par le partenaire : relance possible sans attendre"
            ],
            id="urgent-at-sending",
        ),
        pytest.param(GOOD, paris(2026, 12, 1), True, [DELAY_OVER], id="delay-over"),
        pytest.param(
            attrs.evolve(GOOD, closed_at=paris(2026, 12, 5)),
            paris(2026, 12, 4, 23, 59),
            True,
            [DELAY_OVER],
            id="before-closing",
        ),
        pytest.param(
            attrs.evolve(GOOD, closed_at=paris(2026, 12, 5)),
            paris(2026, 12, 5),
            False,
            [CLOSED],
            id="at-closing",
        ),
        pytest.param(
            attrs.evolve(GOOD, closed_at=paris(2026, 11, 24)),
            paris(2026, 11, 24),
            False,
            [CLOSED, DELAY_NOT_OVER],
            id="closed-before-the-delay",
        ),
    ],
)
def test_may_remind_says_why(
    incident: Incident, now: datetime, allowed: bool, reasons: list[str]
) -> None:
    """« En absence de réponse du centre de services Caf ou du partenaire dans un délai
    de 5 jours ouvrés ou en présence d'une situation jugée urgente par l'une ou l'autre
    des parties, une relance peut être adressée au centre de services Caf » (Art. 3.3):
    a draft has nothing to remind, a closed request no longer; each reason is said.
    """
    decision = may_remind(incident, now)
    assert bool(decision) is allowed
    assert [str(reason) for reason in decision.reasons] == reasons


@pytest.mark.parametrize(
    ("direction", "urgent", "recipient_urgent", "judged_by"),
    [
        (Direction.PARTNER_TO_CAF, True, False, "le partenaire"),
        (Direction.PARTNER_TO_CAF, False, True, "la Caf"),
        (Direction.PARTNER_TO_CAF, True, True, "les deux parties"),
        (Direction.CAF_TO_PARTNER, True, False, "la Caf"),
        (Direction.CAF_TO_PARTNER, False, True, "le partenaire"),
        (Direction.CAF_TO_PARTNER, True, True, "les deux parties"),
    ],
)
def test_urgency_judged_by_either_party_allows_a_reminder_at_once_and_says_whose(
    direction: Direction, urgent: bool, recipient_urgent: bool, judged_by: str
) -> None:
    """« en présence d'une situation jugée urgente par l'une ou l'autre des parties, une
    relance peut être adressée » (Art. 3.3).
    """
    incident = attrs.evolve(
        GOOD, direction=direction, urgent=urgent, recipient_urgent=recipient_urgent
    )
    assert may_remind(incident, paris(2026, 11, 23, 10, 0)) == Decision.allow(
        Reason(
            Article.ART_3_3,
            f"situation jugée urgente par {judged_by} : relance possible sans attendre",
        )
    )
    answered = answer(incident, paris(2026, 11, 23, 11, 0))
    assert [str(r) for r in may_remind(answered, paris(2026, 11, 23, 11, 0)).reasons] == [
        "Art. 3.3 — une réponse est arrivée le 23/11/2026 à 11:00 : plus de relance"
    ]


@pytest.mark.parametrize(
    ("urgent", "recipient_urgent", "judged_by"),
    [(True, False, "le partenaire"), (False, True, "la Caf")],
)
def test_an_urgent_request_sent_late_in_2100_may_be_reminded_at_once(
    urgent: bool, recipient_urgent: bool, judged_by: str
) -> None:
    """« ou en présence d'une situation jugée urgente par l'une ou l'autre des parties, une
    relance peut être adressée au centre de services Caf » (Art. 3.3): the delay, whose
    5th working day would fall in 2101 (a year the holiday data does not cover), is
    irrelevant and not counted.
    """
    incident = attrs.evolve(
        GOOD,
        sent_at=paris(2100, 12, 28, 10, 0),
        urgent=urgent,
        recipient_urgent=recipient_urgent,
    )
    assert may_remind(incident, paris(2100, 12, 28, 11, 0), contract=CONTRACT) == Decision.allow(
        Reason(
            Article.ART_3_3,
            f"situation jugée urgente par {judged_by} : relance possible sans attendre",
        )
    )


@given(
    cst.aware_datetimes(),
    st.integers(0, 30 * 24 * 60),
    st.sampled_from([(True, False), (False, True), (True, True)]),
    st.sampled_from(Direction),
    st.one_of(st.none(), st.integers(0, 30 * 24 * 60)),
)
def test_urgency_judged_by_either_party_allows_at_once_unless_answered(
    sent: datetime,
    minutes: int,
    judgements: tuple[bool, bool],
    direction: Direction,
    answered_after: int | None,
) -> None:
    """« ou en présence d'une situation jugée urgente par l'une ou l'autre des parties »
    (Art. 3.3): from the very instant of sending, until an answer comes.
    """
    urgent, recipient_urgent = judgements
    incident = attrs.evolve(
        GOOD, sent_at=sent, direction=direction, urgent=urgent, recipient_urgent=recipient_urgent
    )
    if answered_after is not None:
        incident = answer(incident, sent.astimezone(UTC) + timedelta(minutes=answered_after))
    now = sent.astimezone(UTC) + timedelta(minutes=minutes)
    decision = may_remind(incident, now)
    answered = incident.answered_at is not None and incident.answered_at <= now
    assert bool(decision) is not answered
    if decision:
        assert decision.reasons[0].message.startswith("situation jugée urgente par ")


@given(
    cst.aware_datetimes(),
    st.integers(0, 30 * 24 * 60),
    st.integers(0, 30 * 24 * 60),
    st.booleans(),
    st.booleans(),
)
def test_may_remind_is_monotonic_in_now_until_answered(
    sent: datetime, first: int, second: int, urgent: bool, recipient_urgent: bool
) -> None:
    """« En absence de réponse […] dans un délai de 5 jours ouvrés ou en présence d'une
    situation jugée urgente par l'une ou l'autre des parties, une relance peut être
    adressée » (Art. 3.3): once allowed, a reminder stays allowed later, until an
    answer comes (« en absence de réponse »).
    """
    incident = attrs.evolve(GOOD, sent_at=sent, urgent=urgent, recipient_urgent=recipient_urgent)
    now = sent.astimezone(UTC) + timedelta(minutes=first)
    later = now + timedelta(minutes=second)
    if may_remind(incident, now):
        assert may_remind(incident, later)
        answered = answer(incident, later)
        assert not may_remind(answered, later)


@given(cst.aware_datetimes(), st.integers(-1000, 30 * 24 * 60))
def test_status_follows_the_instants(sent: datetime, minutes: int) -> None:
    """« En absence de réponse […] dans un délai de 5 jours ouvrés » (Art. 3.3): the
    delay runs from the sending; before it, the request is a draft.
    """
    incident = attrs.evolve(GOOD, sent_at=sent)
    at = sent.astimezone(UTC) + timedelta(minutes=minutes)
    expected = RequestStatus.DRAFT if at < sent else RequestStatus.SENT
    assert request_status(incident, at.astimezone(UTC)) is expected


@pytest.mark.parametrize(
    "at",
    [
        datetime(1, 1, 1, tzinfo=PARIS),  # 00:09:21 ahead of UTC (LMT): before year 1 in UTC
        datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-3))),  # after 9999
    ],
)
def test_instants_outside_what_utc_can_hold_are_refused(at: datetime) -> None:
    with pytest.raises(InvalidValueError, match="at : instant hors de la plage représentable"):
        record_reminder(GOOD, at, sent_to=CENTRE)
    with pytest.raises(
        InvalidValueError, match="Incident.sent_at : instant hors de la plage représentable"
    ):
        attrs.evolve(GOOD, sent_at=at)


def test_an_instant_with_no_paris_time_is_shown_as_given() -> None:
    # 01/01/0001 à 00:00 at Réunion has no Paris time (found by the fuzz tests).
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    at = datetime(1, 1, 1, tzinfo=ZoneInfo("Indian/Reunion"))
    with pytest.raises(InvalidValueError, match=r"01/01/0001 à 00:00 \(UTC\+03:41\)"):
        Incident(reminders=[at])


def test_the_known_types_are_the_parameter_of_the_template() -> None:
    """« -type de sollicitation (incident, demande d'intervention…) » (Art. 3.2): the enum
    says the current template's types, as the parameter the rules read does."""
    from caf_contract.parameters import current  # noqa: PLC0415

    assert [canonical for canonical, _ in current().request_types.value] == [
        member.value for member in RequestType
    ]


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        pytest.param(
            lambda: answer(answer(GOOD, paris(2026, 11, 24, 9, 30)), paris(2026, 11, 25)),
            "Incident.answered_at",
            (
                "Art. 3.3 — la demande : « réponse le 25/11/2026 à 00:00, heure de Paris » "
                "impossible depuis l'état « répondue le 24/11/2026 à 09:30, heure de Paris »."
            ),
            id="answered twice",
        ),
        pytest.param(
            lambda: close(close(GOOD, paris(2026, 11, 24)), paris(2026, 11, 25)),
            "Incident.closed_at",
            (
                "Art. 3.3 — la demande : « clôture le 25/11/2026 à 00:00, heure de Paris » "
                "impossible depuis l'état « close le 24/11/2026 à 00:00, heure de Paris »."
            ),
            id="closed twice",
        ),
        pytest.param(
            lambda: record_reminder(Incident(), paris(2026, 11, 23, 10, 0), sent_to="x"),
            "Incident.reminders",
            (
                "Art. 3.3 — la demande : « relance le 23/11/2026 à 10:00, heure de Paris » "
                "impossible depuis l'état « brouillon »."
            ),
            id="reminder of a draft",
        ),
        pytest.param(
            lambda: answer(Incident(), paris(2026, 11, 23, 10, 0)),
            "Incident.answered_at",
            (
                "Art. 3.3 — la demande : « réponse le 23/11/2026 à 10:00, heure de Paris » "
                "impossible depuis l'état « brouillon »."
            ),
            id="answer of a draft",
        ),
        pytest.param(
            lambda: close(Incident(), paris(2026, 11, 23, 10, 0)),
            "Incident.closed_at",
            (
                "Art. 3.3 — la demande : « clôture le 23/11/2026 à 10:00, heure de Paris » "
                "impossible depuis l'état « brouillon »."
            ),
            id="closing of a draft",
        ),
        pytest.param(
            lambda: answer(close(GOOD, paris(2026, 11, 24, 10)), paris(2026, 11, 25, 10)),
            "Incident.answered_at",
            (
                "Art. 3.3 — la demande : « réponse le 25/11/2026 à 10:00, heure de Paris » "
                "impossible depuis l'état « close le 24/11/2026 à 10:00, heure de Paris »."
            ),
            id="answer after closing",
        ),
    ],
)
def test_a_follow_up_out_of_turn_is_a_transition_refused_like_every_other(
    call: Callable[[], object], field: str, message: str
) -> None:
    """Issue 13: « A transition that is not allowed raises InvalidTransitionError
    everywhere »: a request answered or closed twice, as an habilitation reinstated
    twice; the error says where, in French, and pickles with its fields.
    """
    with pytest.raises(InvalidTransitionError) as refused:
        call()
    error = refused.value
    assert (str(error), error.field, error.article) == (message, field, Article.ART_3_3)
    again = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own error, just made
    assert (str(again), again.field, again.state, again.event) == (
        message,
        field,
        error.state,
        error.event,
    )


def test_an_answer_recorded_late_but_dated_before_the_closing_is_kept() -> None:
    """Only an answer *after* the closing is out of turn: one dated before it and
    recorded later is what happened."""
    closed = close(GOOD, paris(2026, 11, 24, 10))
    answered = answer(closed, paris(2026, 11, 24, 9))
    assert (answered.answered_at, answered.closed_at) == (
        paris(2026, 11, 24, 9),
        paris(2026, 11, 24, 10),
    )
    assert answer(closed, paris(2026, 11, 24, 10)).answered_at == paris(2026, 11, 24, 10)


# --- what mutation testing found unpinned: each message and limit, word for word


def test_a_reminder_left_without_address_comes_first_among_the_addressed_ones_of_its_instant() -> (
    None
):
    """A total order of the reminders (Art. 3.3): at one instant, none, then a blank
    address, then the addresses as written, whatever their case."""
    at = paris(2026, 12, 1)
    tied = [
        Reminder(at=at, sent_to="Portail-Partenaires@CAF82.caf.fr"),
        Reminder(at=at, sent_to=""),
        Reminder(at=at),
    ]
    assert [r.sent_to for r in attrs.evolve(GOOD, reminders=tied).reminders] == [
        None,
        "",
        "Portail-Partenaires@CAF82.caf.fr",
    ]


class _NoOffset(tzinfo):
    """A zone that gives no offset: its instants are as naive as those without zone."""

    def utcoffset(self, dt: datetime | None) -> None:
        del dt

    def dst(self, dt: datetime | None) -> None:
        del dt

    def tzname(self, dt: datetime | None) -> None:
        del dt


def test_a_bare_instant_in_a_zone_without_offset_is_said_to_have_no_zone() -> None:
    at = datetime(2026, 11, 24, 10, 0, tzinfo=_NoOffset())
    assert Refusal.raised_by(lambda: Incident(reminders=[at])) == Refusal(
        "Incident.reminders",
        at,
        "instant seul, sans l'adresse de la relance",
        "Reminder(at=..., sent_to=...)",
        (
            "Incident.reminders : instant seul, sans l'adresse de la relance "
            "(24/11/2026 à 10:00, sans fuseau horaire) ; attendu : Reminder(at=..., sent_to=...)."
        ),
    )


def _a_later_template(
    monkeypatch: pytest.MonkeyPatch, name: str, value: object, wording: str
) -> None:
    """A template version of 01/01/2030 changing the parameter ``name``, known from then."""
    later_day = date(2030, 1, 1)
    base = next(parameter for parameter in parameters_module.VALUES if parameter.name == name)
    changed = attrs.evolve(base, value=value, wording=wording, valid_from=later_day)
    later = parameters_module.at(later_day, values=(*parameters_module.VALUES, changed))
    in_force = parameters_module.current()
    monkeypatch.setattr(parameters_module, "_CHANGES", [parameters_module.TEMPLATE_2024, later_day])
    monkeypatch.setattr(parameters_module, "_SETS", [in_force, later])


def test_a_request_is_remarked_with_the_types_of_its_contracts_template_not_the_latests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """« type de sollicitation (incident, demande d'intervention…) » (Art. 3.2) as the
    contract's template (« maj 19/01/2024 ») writes it, whatever a later one adds."""
    _a_later_template(
        monkeypatch,
        "request_types",
        (
            *parameters_module.current().request_types.value,
            ("demande d'information", ("demande d'information",)),
        ),
        "incident, demande d'intervention, demande d'information",
    )
    assert request_type("demande d'information") == "demande d'information"
    decision = check_request(attrs.evolve(GOOD, kind="demande d'information"), CONTRACT)
    assert decision
    assert [str(remark) for remark in decision.remarks] == [
        (
            "Art. 3.2 — type de sollicitation « demande d'information » : accepté, la liste de "
            "l'article est ouverte ; types qu'il nomme : incident, demande d'intervention"
        )
    ]


def test_a_reminder_waits_the_delay_of_its_contracts_template_not_the_one_of_its_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3), as the contract's template says,
    even when a later template, in force on the day of sending, says otherwise."""
    _a_later_template(monkeypatch, "reminder_delay", 10, "10 jours ouvrés")
    sent = paris(2030, 3, 4, 10, 0)  # a Monday
    request = attrs.evolve(GOOD, sent_at=sent)
    decision = may_remind(request, paris(2030, 3, 12), contract=CONTRACT)
    assert [str(reason) for reason in decision.reasons] == [
        (
            "Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
            "12/03/2030 à 00:00 (heure de Paris)"
        )
    ]
    assert not may_remind(request, paris(2030, 3, 12))  # without the contract: the day's


def test_parameters_given_with_a_contract_are_the_ones_a_reminder_waits_for() -> None:
    """The delay of Art. 3.3 given as a parameter prevails over the contract's template."""
    in_force = parameters_module.current()
    three = attrs.evolve(
        in_force,
        reminder_delay=attrs.evolve(in_force.reminder_delay, value=3, wording="3 jours ouvrés"),
    )
    decision = may_remind(GOOD, paris(2026, 11, 27), contract=CONTRACT, parameters=three)
    assert [str(reason) for reason in decision.reasons] == [
        (
            "Art. 3.3 — sans réponse après 3 jours ouvrés : relance possible depuis le "
            "27/11/2026 à 00:00 (heure de Paris)"
        )
    ]
