from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    Interlocutor,
    InterlocutorRole,
    InvalidSiren,
    InvalidValueError,
    NaiveDatetimeError,
    is_placeholder,
)
from caf_contract._time import PARIS
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.files import example_dossier
from caf_contract.traces import (
    AUTHENTICATION,
    LOGOUT,
    AccessRoute,
    ReaderKind,
    Trace,
    TraceReader,
    access_request_route,
    audit_sessions,
    may_read_traces,
)
from tests.expect import Refusal
from tests.strategies import traces as tst

if TYPE_CHECKING:
    from collections.abc import Callable

PARTNER = "123456782"


def trace(action: str, minute: int, session: str | None = "s1", user: str = "agent1") -> Trace:
    return Trace(
        user=user,
        partner=PARTNER,
        action=action,
        session=session,
        at=datetime(2026, 11, 23, 10, minute, tzinfo=PARIS),
    )


# --- session audit (5.3.1)


def test_a_clean_session_passes() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)"""
    decision = audit_sessions(
        [trace(AUTHENTICATION, 0), trace("consultation dossier", 5), trace(LOGOUT, 9)]
    )
    assert decision
    assert (
        str(decision)
        == "autorisé\n- Art. 5.3.1 — 3 trace(s), toutes entre une authentification et une déconnexion"
    )
    assert decision.remarks == ()


def test_a_session_never_closed_is_a_remark_naming_user_session_and_opening() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)

    A session without its logout at the end of the traces puts no action outside a
    session: the audit allows, and remarks it; it no longer claims every trace lies
    between an authentication and a logout.
    """
    decision = audit_sessions(
        [
            trace(AUTHENTICATION, 0),
            trace(AUTHENTICATION, 2, session="s2", user="agent2"),
            trace("consultation dossier", 5),
            trace(AUTHENTICATION, 7, session="s3"),
            trace(LOGOUT, 9, session="s3"),
        ]
    )
    assert str(decision) == (
        "autorisé\n"
        "- Art. 5.3.1 — 5 trace(s), toutes dans une session ouverte par une authentification ; "
        "2 session(s) sans déconnexion, en remarque\n"
        "- remarque : Art. 5.3.1 — session « s1 » de agent1, ouverte le 23/11/2026 10:00:00, sans "
        "déconnexion dans les traces : session en cours, ou déconnexion non tracée\n"
        "- remarque : Art. 5.3.1 — session « s2 » de agent2, ouverte le 23/11/2026 10:02:00, sans "
        "déconnexion dans les traces : session en cours, ou déconnexion non tracée"
    )


def test_the_opening_is_told_in_paris_time() -> None:
    """« La Caf conserve la trace de toutes les connexions […] » (Art. 5.3.1): an
    instant kept in UTC is told as the Paris wall clock showed it."""
    opened = Trace(
        user="agent1",
        partner=PARTNER,
        action=AUTHENTICATION,
        session="s1",
        at=datetime(2026, 7, 1, 21, 30, tzinfo=UTC),
    )
    (remark,) = audit_sessions([opened]).remarks
    assert "ouverte le 01/07/2026 23:30:00," in remark.message


def test_a_denial_keeps_its_findings_and_carries_the_remarks() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)"""
    decision = audit_sessions(
        [trace(AUTHENTICATION, 0), trace("export attestation", 3, session=None)]
    )
    assert str(decision) == (
        "refusé\n"
        "- Art. 5.3.1 — « export attestation » de agent1 le 23/11/2026 10:03:00 : hors de toute "
        "session\n"
        "- remarque : Art. 5.3.1 — session « s1 » de agent1, ouverte le 23/11/2026 10:00:00, sans "
        "déconnexion dans les traces : session en cours, ou déconnexion non tracée"
    )


@given(tst.sessions_left_open())
def test_an_open_session_remark_appears_exactly_for_the_sessions_never_closed(
    drawn: tuple[list[Trace], frozenset[tuple[str, str]]],
) -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)"""
    traces, left_open = drawn
    decision = audit_sessions(traces)
    assert decision
    remarked = [
        (user, session)
        for remark in decision.remarks
        for user in ("agent1", "agent2")
        for session in ("s1", "s2", "s3")
        if f"session « {session} » de {user}, ouverte le " in remark.message
    ]
    assert sorted(remarked) == sorted(left_open)
    assert {remark.article for remark in decision.remarks} <= {Article.ART_5_3_1}
    closed_everywhere = "toutes entre une authentification et une déconnexion"
    assert (closed_everywhere in decision.reasons[0].message) is (not left_open)


def test_every_action_outside_an_authenticated_session_is_flagged_once() -> None:
    decision = audit_sessions(
        [
            trace("consultation dossier", 1, session=None),
            trace("export attestation", 2, session="s9"),
            trace(AUTHENTICATION, 3),
            trace(AUTHENTICATION, 4),
            trace(LOGOUT, 5),
            trace("consultation dossier", 6),
            trace(LOGOUT, 7),
        ]
    )
    assert [r.message for r in decision.reasons] == [
        "« consultation dossier » de agent1 le 23/11/2026 10:01:00 : hors de toute session",
        "« export attestation » de agent1 le 23/11/2026 10:02:00 : session « s9 » sans authentification",
        "« authentification » de agent1 le 23/11/2026 10:04:00 : session « s1 » déjà ouverte",
        "« consultation dossier » de agent1 le 23/11/2026 10:06:00 : session « s1 » déjà fermée",
        "« déconnexion » de agent1 le 23/11/2026 10:07:00 : session « s1 » déjà fermée",
    ]
    assert decision.articles == (Article.ART_5_3_1,)


def test_sessions_are_per_user_and_the_instants_decide_the_order() -> None:
    shuffled = [trace(LOGOUT, 9), trace("consultation dossier", 5), trace(AUTHENTICATION, 0)]
    assert audit_sessions(shuffled)
    other_user = trace("consultation dossier", 5, user="agent2")
    assert not audit_sessions([trace(AUTHENTICATION, 0), other_user, trace(LOGOUT, 9)])


@given(tst.clean_sessions())
def test_clean_sessions_are_never_flagged(traces: list[Trace]) -> None:
    assert audit_sessions(traces)


@given(tst.clean_sessions(), st.data())
def test_an_action_slipped_outside_the_sessions_is_flagged(
    traces: list[Trace], data: st.DataObject
) -> None:
    end = traces[-1].at if traces else datetime(2026, 1, 1, tzinfo=UTC)
    stray = Trace(
        user="agent1",
        partner=PARTNER,
        action="export attestation",
        at=end + timedelta(seconds=data.draw(st.integers(1, 10**6))),
        session=data.draw(
            st.one_of(st.none(), st.sampled_from([t.session for t in traces] or ["s0"]))
        ),
    )
    decision = audit_sessions([*traces, stray])
    assert not decision
    assert len(decision.reasons) == 1


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"at": datetime(2026, 11, 23, 10, 0)}, NaiveDatetimeError, "Trace.at"),  # noqa: DTZ001
        ({"partner": "123456783"}, InvalidSiren, "SIREN"),
        ({"action": ""}, InvalidValueError, "Trace.action"),
        ({"session": " "}, InvalidValueError, "Trace.session"),
        ({"user": None}, InvalidValueError, "Trace.user"),
    ],
)
def test_malformed_traces_are_refused(
    changes: dict[str, object], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        attrs.evolve(trace("consultation", 0), **changes)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="traces"):
        audit_sessions(["trace"])  # type: ignore[list-item]


# --- who may read traces (5.3.3, 5.3.4)


@pytest.mark.parametrize(
    ("reader", "allowed", "reason"),
    [
        (
            TraceReader(name="Agent Caf", kind="Caf", authorised_for_traces=True),
            True,
            "Art. 5.3.3 — Agent Caf (Caf) est spécifiquement habilité à consulter les traces",
        ),
        (
            TraceReader(name="Agent Cnaf", kind="Cnaf", authorised_for_traces=True),
            True,
            "Art. 5.3.3 — Agent Cnaf (Cnaf) est spécifiquement habilité à consulter les traces",
        ),
        (
            TraceReader(name="Agent Caf", kind="Caf"),
            False,
            (
                "Art. 5.3.3 — Agent Caf (Caf) n'est pas spécifiquement habilité à consulter "
                "les traces"
            ),
        ),
        (
            TraceReader(
                name="Léa Bernard",
                kind="partenaire",
                partner=PARTNER,
                role="administrateur principal",
            ),
            True,
            (
                "Art. 5.3.4 — Léa Bernard, gestionnaire des habilitations ou suppléant, lit les "
                "traces de son partenaire"
            ),
        ),
        (
            TraceReader(name="Hugo Petit", kind="partenaire", partner=PARTNER, role="suppléant"),
            True,
            (
                "Art. 5.3.4 — Hugo Petit, gestionnaire des habilitations ou suppléant, lit les "
                "traces de son partenaire"
            ),
        ),
        (
            TraceReader(
                name="Léa Bernard",
                kind="partenaire",
                partner="130005481",
                role="administrateur principal",
            ),
            False,
            (
                "Art. 5.3.4 — traces du partenaire 123456782 : Léa Bernard travaille pour un "
                "autre partenaire"
            ),
        ),
        (
            TraceReader(
                name="Chloé Durand", kind="partenaire", partner=PARTNER, role="responsable sécurité"
            ),
            False,
            (
                "Art. 5.3.4 — Chloé Durand n'est ni le gestionnaire des habilitations du "
                "partenaire ni son suppléant"
            ),
        ),
        (
            TraceReader(name="Un agent", kind="partenaire", partner=PARTNER),
            False,
            (
                "Art. 5.3.4 — Un agent n'est ni le gestionnaire des habilitations du partenaire "
                "ni son suppléant"
            ),
        ),
    ],
)
def test_who_may_read_traces(reader: TraceReader, allowed: bool, reason: str) -> None:
    decision = may_read_traces(reader, PARTNER)
    assert bool(decision) is allowed
    assert [str(given) for given in decision.reasons] == [reason]


def test_a_partner_reader_denied_twice_hears_both_reasons() -> None:
    reader = TraceReader(name="Un agent", kind="partenaire", partner="130005481")
    assert [r.message for r in may_read_traces(reader, PARTNER).reasons] == [
        "Un agent n'est ni le gestionnaire des habilitations du partenaire ni son suppléant",
        "traces du partenaire 123456782 : Un agent travaille pour un autre partenaire",
    ]


@given(tst.readers(), st.sampled_from(["123456782", "130005481"]))
def test_access_is_denied_by_default(reader: TraceReader, partner: str) -> None:
    allowed = (reader.kind is not ReaderKind.PARTNER and reader.authorised_for_traces) or (
        reader.kind is ReaderKind.PARTNER
        and str(reader.partner) == partner
        and reader.role
        in {InterlocutorRole.ADMINISTRATEUR_PRINCIPAL, InterlocutorRole.ADMINISTRATEUR_DELEGUE}
    )
    assert bool(may_read_traces(reader, partner)) is allowed


# --- a user's own request (5.3.4)


def test_a_users_request_goes_to_his_line_manager_then_the_gestionnaire() -> None:
    route = access_request_route(
        "agent1", line_manager="Chef de service", contract=example_dossier().contract
    )
    assert route.steps == ("agent1", "Chef de service", "Léa Bernard (lbernard@coteaux-exemple.fr)")
    assert str(route) == "agent1 → Chef de service → Léa Bernard (lbernard@coteaux-exemple.fr)"
    assert str(route.reason) == (
        "Art. 5.3.4 — droit d'accès de l'utilisateur à ses traces : article 39 de la loi "
        "n° 78-17 du 6 janvier 1978 (numérotation citée par le contrat), aujourd'hui article "
        "49 de cette loi, et article 15 du RGPD ; demande transmise par le responsable "
        "hiérarchique au gestionnaire des habilitations"
    )


NO_GESTIONNAIRE = "le gestionnaire des habilitations du partenaire (non désigné en annexe 1)"


def test_the_route_says_when_annex_1_names_no_gestionnaire() -> None:
    """« […] doivent se rapprocher de leur responsable hiérarchique afin que la demande soit
    transmise au gestionnaire des habilitations du partenaire. » (Art. 5.3.4): annexe 1
    without an administrateur principal, or with the template's « Prénom NOM » there,
    designates no gestionnaire; the route says so, never « Prénom NOM »."""
    bare = attrs.evolve(TEMPLATE, interlocutors=attrs.evolve(TEMPLATE.interlocutors, partner=()))
    for contract in (bare, TEMPLATE):
        route = access_request_route("agent1", line_manager="Chef", contract=contract)
        assert route.steps == ("agent1", "Chef", NO_GESTIONNAIRE)


@pytest.mark.parametrize(
    ("name", "email", "last"),
    [
        ("Léa Bernard", "lb@ccas.fr", "Léa Bernard (lb@ccas.fr)"),
        ("Léa Bernard", None, "Léa Bernard"),
        ("Prénom NOM", "lb@ccas.fr", "lb@ccas.fr"),
        ("Prénom NOM", "Adresse mél", NO_GESTIONNAIRE),
        (" ", None, NO_GESTIONNAIRE),
    ],
)
def test_the_route_ends_at_whatever_annex_1_designates(
    name: str, email: str | None, last: str
) -> None:
    """« […] afin que la demande soit transmise au gestionnaire des habilitations du
    partenaire. » (Art. 5.3.4)"""
    gestionnaire = Interlocutor(role="administrateur principal", name=name, email=email)
    contract = attrs.evolve(
        TEMPLATE,
        interlocutors=attrs.evolve(TEMPLATE.interlocutors, partner=(gestionnaire,)),
    )
    assert access_request_route("a", line_manager="b", contract=contract).steps[-1] == last


@given(tst.access_routes())
def test_no_route_ends_at_a_placeholder(route: AccessRoute) -> None:
    """« […] afin que la demande soit transmise au gestionnaire des habilitations du
    partenaire. » (Art. 5.3.4)"""
    assert not is_placeholder(route.steps[-1])
    assert "Prénom NOM" not in route.steps[-1]


# --- malformed input: the error says where, what was received and what is expected


TEMPLATE = tarn_et_garonne_template()
ROLES = (
    "une valeur parmi 'direction', 'administrateur_principal', 'administrateur_delegue', "
    "'responsable_securite', 'referent_informatique_libertes', 'centre_de_services'"
)


@pytest.mark.parametrize(
    ("call", "refusal"),
    [
        pytest.param(
            lambda: audit_sessions("trace"),  # type: ignore[arg-type]
            Refusal(
                "traces",
                "trace",
                "valeur invalide",
                "une suite de Trace(...)",
                "traces : valeur invalide ('trace') ; attendu : une suite de Trace(...).",
            ),
            id="audit_sessions-not-a-sequence",
        ),
        pytest.param(
            lambda: audit_sessions([trace(AUTHENTICATION, 0), "trace"]),  # type: ignore[list-item]
            Refusal(
                "traces",
                "trace",
                "élément invalide",
                "Trace(...)",
                "traces : élément invalide ('trace') ; attendu : Trace(...).",
            ),
            id="audit_sessions-item",
        ),
        pytest.param(
            lambda: TraceReader(name="x", kind="police"),
            Refusal(
                "TraceReader.kind",
                "police",
                "valeur invalide",
                "une valeur parmi 'Caf', 'Cnaf', 'partenaire'",
                (
                    "TraceReader.kind : valeur invalide ('police') ; attendu : une valeur parmi "
                    "'Caf', 'Cnaf', 'partenaire'."
                ),
            ),
            id="reader-kind",
        ),
        pytest.param(
            lambda: TraceReader(name="x", kind="partenaire", role="stagiaire"),
            Refusal(
                "TraceReader.role",
                "stagiaire",
                "valeur invalide",
                ROLES,
                f"TraceReader.role : valeur invalide ('stagiaire') ; attendu : {ROLES}.",
            ),
            id="reader-role",
        ),
        pytest.param(
            lambda: may_read_traces("Léa", PARTNER),  # type: ignore[arg-type]
            Refusal(
                "reader",
                "Léa",
                "valeur invalide",
                "un TraceReader(...)",
                "reader : valeur invalide ('Léa') ; attendu : un TraceReader(...).",
            ),
            id="may_read_traces-reader",
        ),
        pytest.param(
            lambda: may_read_traces(TraceReader(name="x", kind="Caf"), "123"),
            Refusal(
                "SIREN",
                "123",
                "3 chiffres au lieu de 9",
                InvalidSiren.EXPECTED,
                (
                    "Préambule — SIREN : 3 chiffres au lieu de 9 ('123') ; attendu : 9 chiffres "
                    "(espaces permis entre les groupes), clé de Luhn valide, autre que 000000000."
                ),
            ),
            id="may_read_traces-partner",
        ),
        pytest.param(
            lambda: access_request_route(" ", line_manager="Chef", contract=TEMPLATE),
            Refusal(
                "user",
                " ",
                "valeur invalide",
                "l'utilisateur qui demande ses traces",
                "user : valeur invalide (' ') ; attendu : l'utilisateur qui demande ses traces.",
            ),
            id="route-user",
        ),
        pytest.param(
            lambda: access_request_route("agent1", line_manager="", contract=TEMPLATE),
            Refusal(
                "line_manager",
                "",
                "valeur invalide",
                "le responsable hiérarchique de l'utilisateur",
                (
                    "line_manager : valeur invalide ('') ; attendu : le responsable hiérarchique "
                    "de l'utilisateur."
                ),
            ),
            id="route-line_manager",
        ),
        pytest.param(
            lambda: access_request_route("agent1", line_manager="Chef", contract="contrat"),  # type: ignore[arg-type]
            Refusal(
                "contract",
                "contrat",
                "valeur invalide",
                "un Contract(...)",
                "contract : valeur invalide ('contrat') ; attendu : un Contract(...).",
            ),
            id="route-contract",
        ),
    ],
)
def test_a_function_given_what_it_cannot_read_says_what_it_expects(
    call: Callable[[], object], refusal: Refusal
) -> None:
    assert Refusal.raised_by(call) == refusal
