from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    ChronologyError,
    Contract,
    Interlocutor,
    InvalidValueError,
    NaiveDatetimeError,
    WorkingCalendar,
)
from caf_contract._time import PARIS
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.incidents import (
    Contact,
    Direction,
    Incident,
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
from tests.strategies import incidents as ist


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


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

# --- validation (Art. 3, 3.2): worked examples


def test_a_complete_request_from_an_annex_1_interlocutor_passes() -> None:
    decision = check_request(GOOD, CONTRACT)
    assert decision, decision
    assert decision.articles == (Article.ART_3_2,)


@pytest.mark.parametrize("email", [None, "", "  ", "Adresse mél"])
def test_an_interlocutor_who_gives_a_phone_and_no_email_is_found_by_name(
    email: str | None,
) -> None:
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
        (
            {"kind": "réclamation"},
            (
                "Art. 3.2 — type de sollicitation inconnu « réclamation » ; attendu : incident, "
                "demande d'intervention ou autre"
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
    ],
)
def test_each_missing_or_wrong_element_is_named(change: dict[str, Any], expected: str) -> None:
    decision = check_request(attrs.evolve(GOOD, **change), CONTRACT)
    assert [str(reason) for reason in decision.reasons] == [expected]


def test_a_known_contact_is_found_by_name_when_no_email_is_given() -> None:
    by_phone = Contact(name="léa  BERNARD", function="Gestionnaire", phone="05 63 00 00 00")
    assert check_request(attrs.evolve(GOOD, contact=by_phone), CONTRACT)


def test_the_template_has_no_interlocutor_to_write_from() -> None:
    # In the published template, every partner interlocutor is still « Prénom NOM ».
    decision = check_request(GOOD, tarn_et_garonne_template())
    assert [reason.article for reason in decision.reasons] == [Article.ART_3]


def test_a_request_from_the_caf_goes_to_a_partner_interlocutor() -> None:
    from_caf = attrs.evolve(
        GOOD,
        direction=Direction.CAF_TO_PARTNER,
        contact=Contact(
            name="Administrateurs du centre de services",
            function="Centre de services",
            email="portail-partenaires@caf82.caf.fr",
        ),
        sent_to="lbernard@ccas.fr",
    )
    assert check_request(from_caf, CONTRACT)
    wrong = check_request(
        attrs.evolve(from_caf, sent_to="portail-partenaires@caf82.caf.fr"), CONTRACT
    )
    assert [r.message for r in wrong.reasons] == [
        (
            "envoyée à « portail-partenaires@caf82.caf.fr » ; attendu : l'adresse d'un "
            "interlocuteur du partenaire identifié en annexe 1"
        )
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("incident", RequestType.INCIDENT),
        ("  INCIDENT ", RequestType.INCIDENT),
        ("demande d’intervention", RequestType.INTERVENTION),
        ("intervention", RequestType.INTERVENTION),
        ("autre", RequestType.OTHER),
        ("plainte", None),
    ],
)
def test_request_types(text: str, kind: RequestType | None) -> None:
    assert request_type(text) is kind


# --- validation: properties


@given(cst.contracts(), st.frozensets(st.sampled_from(ist.BREAKABLE)), st.data())
def test_each_broken_element_is_reported_exactly_once_whatever_else_is_wrong(
    contract: Contract, broken: frozenset[str], data: st.DataObject
) -> None:
    # kind_missing / kind_unknown and the two destination faults exclude each other.
    broken = broken - {"kind_unknown"} if "kind_missing" in broken else broken
    broken = broken - {"destination_wrong"} if "destination_missing" in broken else broken
    incident = data.draw(ist.incidents(contract=contract, broken=broken))
    messages = [reason.message for reason in check_request(incident, contract).reasons]
    signatures = {
        "kind_missing": "type de sollicitation non précisé",
        "kind_unknown": "type de sollicitation inconnu",
        "subject_blank": "description sommaire absente",
        "body_blank": "description détaillée absente",
        "name_missing": "nom de l'interlocuteur non précisé",
        "function_missing": "fonction de l'interlocuteur non précisée",
        "details_missing": "coordonnées de l'interlocuteur",
        "stranger": "n'est pas un interlocuteur du partenaire",
        "destination_missing": "destinataire non précisé",
        "destination_wrong": "envoyée à « contact@caf.fr »",
    }
    # A contact with neither name nor e-mail cannot be looked up in annexe 1 (the
    # strategy may drop the e-mail of a contact who gives a phone number).
    expected = set(broken)
    if "name_missing" in broken and is_placeholder(incident.contact.email):
        expected.discard("stranger")
    for fault, signature in signatures.items():
        found = sum(signature in message for message in messages)
        assert found == (1 if fault in expected else 0), (fault, messages)
    if not expected:
        assert len(messages) == 1  # the allowance
        assert messages[0].startswith("demande complète")
    else:
        assert len(messages) == len(expected)


# --- construction


def test_dates_that_contradict_themselves_are_refused() -> None:
    with pytest.raises(ChronologyError, match=r"^Art\. 3\.3 — Incident\.answered_at"):
        attrs.evolve(GOOD, answered_at=paris(2026, 11, 22))
    with pytest.raises(ChronologyError, match="Incident.reminders"):
        attrs.evolve(GOOD, reminders=(paris(2026, 11, 1),))
    with pytest.raises(ChronologyError, match="Incident.closed_at"):
        attrs.evolve(GOOD, answered_at=paris(2026, 11, 25), closed_at=paris(2026, 11, 24))
    with pytest.raises(InvalidValueError, match="demande non envoyée"):
        attrs.evolve(GOOD, sent_at=None, answered_at=paris(2026, 11, 25))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sent_at", datetime(2026, 11, 23, 10, 0)),  # noqa: DTZ001
        ("answered_at", datetime(2026, 11, 24, 10, 0)),  # noqa: DTZ001
        ("reminders", [datetime(2026, 12, 2, 10, 0)]),  # noqa: DTZ001
    ],
)
def test_naive_datetimes_are_refused(field: str, value: Any) -> None:
    with pytest.raises(NaiveDatetimeError, match=field):
        attrs.evolve(GOOD, **{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", 3),
        ("subject", None),
        ("body", b"octets"),
        ("contact", "Léa"),
        ("urgent", "oui"),
        ("direction", "diagonale"),
        ("reminders", "hier"),
        ("sent_to", ["a@b.fr"]),
    ],
)
def test_wrong_types_are_refused(field: str, value: Any) -> None:
    with pytest.raises(InvalidValueError, match=f"Incident.{field}|{field}"):
        attrs.evolve(GOOD, **{field: value})


def test_contact_fields_are_texts() -> None:
    with pytest.raises(InvalidValueError, match="Contact.email"):
        Contact(email=3)  # type: ignore[arg-type]
    assert Contact.of(ADMIN).email == "lbernard@ccas.fr"


def test_check_request_refuses_what_it_cannot_read() -> None:
    with pytest.raises(InvalidValueError, match="un Incident"):
        check_request("mail", CONTRACT)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="un Contract"):
        check_request(GOOD, "contrat")  # type: ignore[arg-type]


# --- tracking (Art. 3.3)


def test_the_life_of_a_request() -> None:
    draft = attrs.evolve(GOOD, sent_at=None)
    assert request_status(draft, paris(2026, 11, 23, 11, 0)) is RequestStatus.DRAFT
    assert request_status(GOOD, paris(2026, 11, 23, 9, 0)) is RequestStatus.DRAFT
    assert request_status(GOOD, paris(2026, 11, 23, 10, 0)) is RequestStatus.SENT
    assert not may_remind(GOOD, paris(2026, 11, 30, 23, 59))
    assert may_remind(GOOD, paris(2026, 12, 1, 0, 0))
    reminded = record_reminder(GOOD, paris(2026, 12, 1, 9, 0))
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
    sent = attrs.evolve(GOOD, sent_at=paris(2026, 3, 30, 9, 0))
    assert may_remind(sent, paris(2026, 4, 8, 0, 0))
    assert not may_remind(sent, paris(2026, 4, 8, 0, 0), calendar=WorkingCalendar("57"))
    urgent = attrs.evolve(sent, urgent=True)
    assert may_remind(urgent, paris(2026, 3, 30, 9, 5), calendar=WorkingCalendar("57"))


def test_the_contract_gives_its_cafs_calendar() -> None:
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


def test_a_draft_or_a_closed_request_is_not_followed_up() -> None:
    assert [
        r.message for r in may_remind(attrs.evolve(GOOD, sent_at=None), paris(2026, 12, 5)).reasons
    ] == ["demande non envoyée : rien à relancer"]
    closed = close(GOOD, paris(2026, 11, 24))
    decision = may_remind(closed, paris(2026, 11, 25))
    assert next(r.message for r in decision.reasons) == "demande close : plus de relance"
    assert len(decision.reasons) == 2  # closed, and the delay has not run out either
    late = may_remind(closed, paris(2026, 12, 5))
    assert [r.message for r in late.reasons] == ["demande close : plus de relance"]


def test_answering_or_closing_twice_is_refused() -> None:
    answered = answer(GOOD, paris(2026, 11, 24))
    with pytest.raises(InvalidValueError, match="déjà répondue"):
        answer(answered, paris(2026, 11, 25))
    closed = close(GOOD, paris(2026, 11, 24))
    with pytest.raises(InvalidValueError) as twice:
        close(closed, paris(2026, 11, 25))
    assert (twice.value.field, twice.value.value, twice.value.expected) == (
        "Incident.closed_at",
        paris(2026, 11, 25),
        "une demande encore ouverte",
    )
    assert "déjà close le 2026-11-23T23:00:00+00:00" in str(twice.value)
    with pytest.raises(NaiveDatetimeError, match=r"^at : "):
        answer(GOOD, datetime(2026, 11, 24))  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError, match=r"^at : "):
        close(GOOD, datetime(2026, 11, 24))  # noqa: DTZ001


@given(
    cst.aware_datetimes(), st.integers(0, 30 * 24 * 60), st.integers(0, 30 * 24 * 60), st.booleans()
)
def test_may_remind_is_monotonic_in_now_until_answered(
    sent: datetime, first: int, second: int, urgent: bool
) -> None:
    incident = attrs.evolve(GOOD, sent_at=sent, urgent=urgent)
    now = sent.astimezone(UTC) + timedelta(minutes=first)
    later = now + timedelta(minutes=second)
    if may_remind(incident, now):
        assert may_remind(incident, later)
        answered = answer(incident, later)
        assert not may_remind(answered, later)


@given(cst.aware_datetimes(), st.integers(-1000, 30 * 24 * 60))
def test_status_follows_the_instants(sent: datetime, minutes: int) -> None:
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
        record_reminder(GOOD, at)
    with pytest.raises(
        InvalidValueError, match="Incident.sent_at : instant hors de la plage représentable"
    ):
        attrs.evolve(GOOD, sent_at=at)
