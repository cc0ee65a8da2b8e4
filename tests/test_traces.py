from __future__ import annotations

from datetime import UTC, datetime, timedelta
from random import Random
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Actor,
    Article,
    Contract,
    Interlocutor,
    InterlocutorRole,
    InvalidSiren,
    InvalidValueError,
    NaiveDatetimeError,
    Side,
    is_placeholder,
)
from caf_contract._time import PARIS
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.files import example_dossier
from caf_contract.traces import (
    AUTHENTICATION,
    LOGOUT,
    AccessRoute,
    Trace,
    TraceReader,
    access_request_route,
    check_sessions,
    may_read_traces,
)
from tests import strategies as cst
from tests.expect import Refusal
from tests.strategies import traces as tst

if TYPE_CHECKING:
    from collections.abc import Callable

PARTNER = "123456782"
OTHER_SIREN = "130005481"


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
    decision = check_sessions(
        [trace(AUTHENTICATION, 0), trace("consultation dossier", 5), trace(LOGOUT, 9)]
    )
    assert decision
    assert (
        str(decision)
        == "autorisé\n- Art. 5.3.1 — 3 traces, toutes entre une authentification et une déconnexion"
    )
    assert decision.remarks == ()


def test_a_session_never_closed_is_a_remark_naming_user_session_and_opening() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)

    A session without its logout at the end of the traces puts no action outside a
    session: the audit allows, and remarks it; it no longer claims every trace lies
    between an authentication and a logout.
    """
    decision = check_sessions(
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
        "- Art. 5.3.1 — 5 traces, toutes dans une session ouverte par une authentification ; "
        "2 sessions sans déconnexion, en remarque\n"
        "- remarque : Art. 5.3.1 — session « s1 » de agent1, ouverte le 23/11/2026 à 10:00:00, sans "
        "déconnexion dans les traces : session en cours, ou déconnexion non tracée\n"
        "- remarque : Art. 5.3.1 — session « s2 » de agent2, ouverte le 23/11/2026 à 10:02:00, sans "
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
    (remark,) = check_sessions([opened]).remarks
    assert "ouverte le 01/07/2026 à 23:30:00," in remark.message


def test_a_denial_keeps_its_findings_and_carries_the_remarks() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)"""
    decision = check_sessions(
        [trace(AUTHENTICATION, 0), trace("export attestation", 3, session=None)]
    )
    assert str(decision) == (
        "refusé\n"
        "- Art. 5.3.1 — « export attestation » de agent1 le 23/11/2026 à 10:03:00 : hors de toute "
        "session\n"
        "- remarque : Art. 5.3.1 — session « s1 » de agent1, ouverte le 23/11/2026 à 10:00:00, sans "
        "déconnexion dans les traces : session en cours, ou déconnexion non tracée"
    )


def _who(user: str, partner: str, *, several_partners: bool) -> str:
    """How the audit names a user: with his partner when the traces have several."""
    return f"{user} (partenaire, SIREN {partner})" if several_partners else user


@given(tst.sessions_left_open())
def test_an_open_session_remark_appears_exactly_for_the_sessions_never_closed(
    drawn: tuple[list[Trace], frozenset[tst.SessionKey]],
) -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)"""
    traces, left_open = drawn
    partners = sorted({str(t.partner) for t in traces})
    several = len(partners) > 1
    decision = check_sessions(traces)
    assert decision
    remarked = [
        (partner, user, session)
        for remark in decision.remarks
        for partner in partners
        for user in ("agent1", "agent2")
        for session in ("s1", "s2", "s3")
        if f"session « {session} » de {_who(user, partner, several_partners=several)}, ouverte le "
        in remark.message
    ]
    assert sorted(remarked) == sorted(left_open)
    assert {remark.article for remark in decision.remarks} <= {Article.ART_5_3_1}
    closed_everywhere = "toutes entre une authentification et une déconnexion"
    assert (closed_everywhere in decision.reasons[0].message) is (not left_open)


def test_every_action_outside_an_authenticated_session_is_flagged_once() -> None:
    decision = check_sessions(
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
        "« consultation dossier » de agent1 le 23/11/2026 à 10:01:00 : hors de toute session",
        "« export attestation » de agent1 le 23/11/2026 à 10:02:00 : session « s9 » sans authentification",
        "« authentification » de agent1 le 23/11/2026 à 10:04:00 : session « s1 » déjà ouverte",
        "« consultation dossier » de agent1 le 23/11/2026 à 10:06:00 : session « s1 » déjà fermée",
        "« déconnexion » de agent1 le 23/11/2026 à 10:07:00 : session « s1 » déjà fermée",
    ]
    assert decision.articles == (Article.ART_5_3_1,)


def test_sessions_are_per_user_and_the_instants_decide_the_order() -> None:
    shuffled = [trace(LOGOUT, 9), trace("consultation dossier", 5), trace(AUTHENTICATION, 0)]
    assert check_sessions(shuffled)
    other_user = trace("consultation dossier", 5, user="agent2")
    assert not check_sessions([trace(AUTHENTICATION, 0), other_user, trace(LOGOUT, 9)])


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("Authentification", "Déconnexion"),
        ("AUTHENTIFICATION", "DECONNEXION"),
        ("  authentification ", "deconnexion"),
        ("Authentification\u00a0", "De\u0301connexion"),  # a no-break space; an accent as a mark
        ("AuthentificatioN", "DÉCONNEXION"),
    ],
)
def test_the_authentication_and_the_logout_are_recognised_however_written(
    opening: str, closing: str
) -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)

    The tracing system's capitals, accents and spaces do not make another action.
    """
    decision = check_sessions(
        [trace(opening, 0), trace("consultation dossier", 5), trace(closing, 9)]
    )
    assert str(decision) == (
        "autorisé\n- Art. 5.3.1 — 3 traces, toutes entre une authentification et une déconnexion"
    )


def test_a_session_reopened_under_another_spelling_is_still_a_second_authentication() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1): « AUTHENTIFICATION » is the authentication, whatever
    its capitals, here too; the message shows it as traced, spaces aside."""
    decision = check_sessions([trace(AUTHENTICATION, 0), trace(" AUTHENTIFICATION\t", 1)])
    assert [r.message for r in decision.reasons] == [
        "« AUTHENTIFICATION » de agent1 le 23/11/2026 à 10:01:00 : session « s1 » déjà ouverte"
    ]


@given(tst.clean_sessions())
def test_an_action_with_the_logouts_letters_but_other_words_is_no_logout(
    traces: list[Trace],
) -> None:
    """« […] jusqu'à la déconnexion […] » (Art. 5.3.1): spaces are collapsed, not removed:
    « dé connexion » is not the logout, and an action after it is still in the session."""
    if not traces:
        return
    last = traces[-1]
    early = attrs.evolve(last, action="dé connexion", at=last.at - timedelta(microseconds=1))
    assert check_sessions([*traces[:-1], early, last])


@pytest.mark.parametrize(
    "order",
    [
        pytest.param([AUTHENTICATION, "consultation dossier", LOGOUT], id="in-order"),
        pytest.param(["consultation dossier", AUTHENTICATION, LOGOUT], id="action-first"),
        pytest.param([LOGOUT, "consultation dossier", AUTHENTICATION], id="reversed"),
        pytest.param(["Déconnexion", "consultation dossier", "AUTHENTIFICATION"], id="spelled"),
    ],
)
def test_traces_of_one_instant_are_judged_authentication_first_and_logout_last(
    order: list[str],
) -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)

    « dès » and « jusqu'à » include the instants of the authentication and the logout:
    traces of one instant are given in no order the audit can trust (a clock to the
    second), so an action of that instant lies between them.
    """
    decision = check_sessions([trace(action, 0) for action in order])
    assert str(decision) == (
        "autorisé\n- Art. 5.3.1 — 3 traces, toutes entre une authentification et une déconnexion"
    )


@given(tst.clean_sessions(), st.randoms(use_true_random=False))
def test_clean_sessions_squeezed_into_one_instant_are_never_flagged(
    traces: list[Trace], random: Random
) -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)"""
    if not traces:
        return
    squeezed = [attrs.evolve(t, at=traces[0].at) for t in traces]
    random.shuffle(squeezed)
    decision = check_sessions(squeezed)
    assert decision
    assert decision.remarks == ()


def test_the_same_user_and_session_id_at_two_partners_are_two_sessions() -> None:
    """« La Caf conserve la trace de toutes les connexions et les actions de
    l'utilisateur sur les services […]. Chaque action réalisée dès l'authentification et
    jusqu'à la déconnexion est historisée. » (Art. 5.3.1)

    A session is its partner's: « agent1 » and « s1 » at two partners are two users, two
    sessions, and the audit names the partner when the traces have several.
    """

    def at(partner: str, action: str, minute: int) -> Trace:
        return attrs.evolve(trace(action, minute), partner=partner)

    both = [
        at(PARTNER, AUTHENTICATION, 0),
        at(OTHER_SIREN, AUTHENTICATION, 1),
        at(PARTNER, "consultation dossier", 2),
        at(OTHER_SIREN, "export attestation", 3),
        at(PARTNER, LOGOUT, 4),
        at(OTHER_SIREN, LOGOUT, 5),
    ]
    assert str(check_sessions(both)) == (
        "autorisé\n- Art. 5.3.1 — 6 traces, toutes entre une authentification et une déconnexion"
    )
    strayed = check_sessions(
        [at(PARTNER, AUTHENTICATION, 0), at(OTHER_SIREN, "export attestation", 3)]
    )
    assert [r.message for r in strayed.reasons] == [
        (
            "« export attestation » de agent1 (partenaire, SIREN 130005481) le 23/11/2026 "
            "à 10:03:00 : session « s1 » sans authentification"
        )
    ]
    assert [r.message for r in strayed.remarks] == [
        (
            "session « s1 » de agent1 (partenaire, SIREN 123456782), ouverte le 23/11/2026 "
            "à 10:00:00, sans déconnexion dans les traces : session en cours, ou déconnexion non "
            "tracée"
        )
    ]


def test_a_session_id_reused_after_its_logout_is_flagged_once_as_already_used() -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1)

    An authentication under the id of a session already closed is not a second
    authentication of an open session: the id was used before. Its actions follow an
    authentication and precede a logout: they are not flagged.
    """
    decision = check_sessions(
        [
            trace(AUTHENTICATION, 0),
            trace(LOGOUT, 1),
            trace(AUTHENTICATION, 2),
            trace("consultation dossier", 3),
            trace(LOGOUT, 4),
        ]
    )
    assert [r.message for r in decision.reasons] == [
        (
            "« authentification » de agent1 le 23/11/2026 à 10:02:00 : identifiant de session "
            "« s1 » déjà utilisé (session fermée le 23/11/2026 à 10:01:00)"
        )
    ]
    assert decision.remarks == ()
    reopened = check_sessions(
        [trace(AUTHENTICATION, 0), trace(LOGOUT, 1), trace(AUTHENTICATION, 2)]
    )
    assert len(reopened.reasons) == 1
    assert [r.message for r in reopened.remarks] == [
        (
            "session « s1 » de agent1, ouverte le 23/11/2026 à 10:02:00, sans déconnexion dans "
            "les traces : session en cours, ou déconnexion non tracée"
        )
    ]


@given(tst.sessions_left_open(), st.data())
def test_no_audit_message_shows_a_python_repr(
    drawn: tuple[list[Trace], frozenset[tst.SessionKey]], data: st.DataObject
) -> None:
    """« Chaque action réalisée dès l'authentification et jusqu'à la déconnexion est
    historisée. » (Art. 5.3.1): the audit tells it in French, values in « », never as
    Python writes them."""
    traces, _ = drawn
    extra = data.draw(st.lists(tst.traces(), max_size=4))
    decision = check_sessions([*traces, *extra])
    for line in (*decision.reasons, *decision.remarks):
        for python in ("Trace(", "Siren(", "datetime", "None", "+00:00"):
            assert python not in line.message, line


@given(tst.clean_sessions())
def test_clean_sessions_are_never_flagged(traces: list[Trace]) -> None:
    assert check_sessions(traces)


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
    decision = check_sessions([*traces, stray])
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
        check_sessions(["trace"])  # type: ignore[list-item]


# --- who may read traces (5.3.3, 5.3.4)

EXAMPLE = example_dossier().contract  # Caf 82; partner 123456782; Léa Bernard, Hugo Petit
READERS = frozenset(
    {InterlocutorRole.ADMINISTRATEUR_PRINCIPAL, InterlocutorRole.ADMINISTRATEUR_DELEGUE}
)


def caf(department: str, name: str = "Agent Caf", *, authorised: bool = True) -> TraceReader:
    return TraceReader(actor=Actor.caf(department, name), authorised_for_traces=authorised)


def partner(name: str, siren: str = PARTNER, *, authorised: bool = False) -> TraceReader:
    return TraceReader(actor=Actor.partner(siren, name), authorised_for_traces=authorised)


def may_read(reader: TraceReader, contract: Contract) -> bool:
    """An oracle written from the contract's words, not from the module's code."""
    actor = reader.actor
    if is_placeholder(actor.name):
        return False
    if actor.side is Side.CNAF:
        return reader.authorised_for_traces
    if actor.side is Side.CAF:
        return reader.authorised_for_traces and actor.organisation == contract.caf.department
    own = contract.partner.siren
    return (
        own is not None
        and actor.organisation == str(own)
        and any(
            person.role in READERS and person.is_designated_by(actor.name)
            for person in contract.interlocutors.partner
        )
    )


TEMPLATE = tarn_et_garonne_template()  # no SIREN; annexe 1 all « Prénom NOM »
# What a partner's reader whom annexe 1 does not designate hears (twice in the table).
NOT_DESIGNATED = (
    "ni le gestionnaire des habilitations (administrateur principal) ni son suppléant "
    "(administrateur délégué) désignés en annexe 1 ; il faut être l'un d'eux, désigné par son "
    "nom ou son adresse mél"
)


@pytest.mark.parametrize(
    ("reader", "contract", "expected"),
    [
        pytest.param(
            caf("82"),
            EXAMPLE,
            [
                "autorisé",
                (
                    "Art. 5.3.3 — Agent Caf (Caf 82) : personnel de la Caf 82 spécifiquement habilité "
                    "à consulter les traces"
                ),
            ],
            id="caf-of-the-contract-authorised",
        ),
        pytest.param(
            TraceReader(actor=Actor.cnaf("agent@cnaf.fr"), authorised_for_traces=True),
            EXAMPLE,
            [
                "autorisé",
                (
                    "Art. 5.3.3 — agent@cnaf.fr (Cnaf) : personnel de la Cnaf spécifiquement habilité "
                    "à consulter les traces"
                ),
            ],
            id="cnaf-authorised",
        ),
        pytest.param(
            caf("82", authorised=False),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.3 — Agent Caf (Caf 82) : pas spécifiquement habilité à consulter les "
                    "traces ; il faut une habilitation spécifique à ce type d'information"
                ),
            ],
            id="caf-of-the-contract-not-authorised",
        ),
        pytest.param(
            TraceReader(actor=Actor.cnaf("Agent Cnaf")),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.3 — Agent Cnaf (Cnaf) : pas spécifiquement habilité à consulter les "
                    "traces ; il faut une habilitation spécifique à ce type d'information"
                ),
            ],
            id="cnaf-not-authorised",
        ),
        pytest.param(
            caf("31", "Agent Toulouse"),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.3 — Agent Toulouse (Caf 31) : personnel d'une autre Caf que la Caf 82 "
                    "du contrat ; il faut appartenir au personnel de la Caf 82 ou de la Cnaf"
                ),
            ],
            id="another-caf-authorised",
        ),
        pytest.param(
            caf("31", "Agent Toulouse", authorised=False),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.3 — Agent Toulouse (Caf 31) : personnel d'une autre Caf que la Caf 82 "
                    "du contrat ; il faut appartenir au personnel de la Caf 82 ou de la Cnaf"
                ),
                (
                    "Art. 5.3.3 — Agent Toulouse (Caf 31) : pas spécifiquement habilité à consulter "
                    "les traces ; il faut une habilitation spécifique à ce type d'information"
                ),
            ],
            id="another-caf-not-authorised",
        ),
        pytest.param(
            TraceReader(actor=Actor.cnaf("Prénom NOM"), authorised_for_traces=True),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.3 — Prénom NOM (Cnaf) : « Prénom NOM » est un texte du modèle et ne "
                    "désigne personne ; il faut le nom ou l'adresse mél du lecteur"
                ),
            ],
            id="cnaf-placeholder",
        ),
        pytest.param(
            partner("Léa Bernard"),
            EXAMPLE,
            [
                "autorisé",
                (
                    "Art. 5.3.4 — Léa Bernard (partenaire, SIREN 123456782) : gestionnaire des "
                    "habilitations du partenaire (administrateur principal, annexe 1), accès direct "
                    "à l'intégralité des traces du partenaire"
                ),
            ],
            id="gestionnaire-by-name",
        ),
        pytest.param(
            partner("LBernard@Coteaux-Exemple.fr"),
            EXAMPLE,
            [
                "autorisé",
                (
                    "Art. 5.3.4 — LBernard@Coteaux-Exemple.fr (partenaire, SIREN 123456782) : "
                    "gestionnaire des habilitations du partenaire (administrateur principal, "
                    "annexe 1), accès direct à l'intégralité des traces du partenaire"
                ),
            ],
            id="gestionnaire-by-email",
        ),
        pytest.param(
            partner("Hugo Petit"),
            EXAMPLE,
            [
                "autorisé",
                (
                    "Art. 5.3.4 — Hugo Petit (partenaire, SIREN 123456782) : suppléant du "
                    "gestionnaire des habilitations (administrateur délégué, annexe 1), accès "
                    "direct à l'intégralité des traces du partenaire"
                ),
            ],
            id="suppleant",
        ),
        pytest.param(
            partner("Léa Bernard", OTHER_SIREN),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.4 — Léa Bernard (partenaire, SIREN 130005481) : employé par une autre "
                    "structure que le partenaire du contrat (SIREN 123456782) ; il faut être employé "
                    "par ce partenaire"
                ),
            ],
            id="gestionnaire-of-another-structure",
        ),
        pytest.param(
            partner("Chloé Durand", authorised=True),
            EXAMPLE,
            [
                "refusé",
                f"Art. 5.3.4 — Chloé Durand (partenaire, SIREN 123456782) : {NOT_DESIGNATED}",
            ],
            id="responsable-securite-authorised-for-traces",
        ),
        pytest.param(
            partner("Un agent", OTHER_SIREN),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.4 — Un agent (partenaire, SIREN 130005481) : employé par une autre "
                    "structure que le partenaire du contrat (SIREN 123456782) ; il faut être employé "
                    "par ce partenaire"
                ),
                f"Art. 5.3.4 — Un agent (partenaire, SIREN 130005481) : {NOT_DESIGNATED}",
            ],
            id="stranger-of-another-structure",
        ),
        pytest.param(
            partner("Prénom  NOM"),
            EXAMPLE,
            [
                "refusé",
                (
                    "Art. 5.3.4 — Prénom  NOM (partenaire, SIREN 123456782) : « Prénom NOM » est un "
                    "texte du modèle et ne désigne personne ; il faut le nom ou l'adresse mél du "
                    "gestionnaire des habilitations ou de son suppléant (annexe 1)"
                ),
            ],
            id="partner-placeholder",
        ),
        pytest.param(
            partner("Léa Bernard"),
            TEMPLATE,
            [
                "refusé",
                (
                    "Art. 5.3.4 — Léa Bernard (partenaire, SIREN 123456782) : SIREN du partenaire "
                    "non renseigné au contrat, nul n'y est reconnu comme personnel du partenaire ; "
                    "il faut renseigner ce SIREN (préambule)"
                ),
                (
                    "Art. 5.3.4 — Léa Bernard (partenaire, SIREN 123456782) : l'annexe 1 ne désigne "
                    "ni gestionnaire des habilitations (administrateur principal) ni suppléant "
                    "(administrateur délégué) ; il faut les y désigner pour que le partenaire "
                    "accède à ses traces"
                ),
            ],
            id="draft-template",
        ),
    ],
)
def test_who_may_read_traces_and_what_the_decision_says(
    reader: TraceReader, contract: Contract, expected: list[str]
) -> None:
    """« L'accès aux données de traçabilité est limité au personnel de la Caf et de la Cnaf
    spécifiquement habilité à consulter ce type d'information. » (Art. 5.3.3)

    « Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4)

    Each decision says what is wrong, then what would be needed, under its article.
    """
    decision = may_read_traces(reader, contract)
    assert str(decision).split("\n- ") == expected
    assert bool(decision) is may_read(reader, contract)
    assert decision.remarks == ()


def test_the_contracting_cafs_and_the_cnafs_authorised_staff_may_read() -> None:
    """« L'accès aux données de traçabilité est limité au personnel de la Caf et de la Cnaf
    spécifiquement habilité à consulter ce type d'information. » (Art. 5.3.3)"""
    assert may_read_traces(caf("82"), EXAMPLE)
    assert may_read_traces(
        TraceReader(actor=Actor.cnaf("Agent"), authorised_for_traces=True), EXAMPLE
    )
    assert not may_read_traces(caf("82", authorised=False), EXAMPLE)


@given(cst.contracts(complete=False), cst.department_codes(), st.booleans())
def test_a_reader_of_another_caf_is_denied_whatever_the_authorisation(
    contract: Contract, department: str, authorised: bool
) -> None:
    """« L'accès aux données de traçabilité est limité au personnel de la Caf et de la Cnaf
    spécifiquement habilité à consulter ce type d'information. » (Art. 5.3.3): « la Caf » is
    the Caf party to the contract, not any Caf."""
    home = contract.caf.department
    if department == home:
        return
    decision = may_read_traces(caf(department, authorised=authorised), contract)
    assert not decision
    assert any(
        f"(Caf {department}) : personnel d'une autre Caf que la Caf {home} du contrat" in str(r)
        for r in decision.reasons
    )
    assert decision.articles == (Article.ART_5_3_3,)


def test_the_gestionnaire_and_his_suppleant_are_recognised_by_name_or_email() -> None:
    """« Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4)

    Annexe 1 designates them by name and e-mail address; case and spacing do not matter.
    """
    for who in (
        "Léa Bernard",
        "  léa   BERNARD ",
        "lbernard@coteaux-exemple.fr",
        "Hugo Petit",
        "HPETIT@coteaux-exemple.fr",
    ):
        assert may_read_traces(partner(who), EXAMPLE), who
    for who in ("Camille Martin", "Chloé Durand", "dpo@coteaux-exemple.fr", "Léa"):
        assert not may_read_traces(partner(who), EXAMPLE), who


def test_a_partners_reader_needs_no_authorisation_for_traces_nor_is_helped_by_one() -> None:
    """« Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4): « directement », by their
    designation in annexe 1, not by an authorisation for traces (Art. 5.3.3 is the Caf's
    and the Cnaf's staff's)."""
    assert may_read_traces(partner("Léa Bernard", authorised=False), EXAMPLE)
    assert not may_read_traces(partner("Chloé Durand", authorised=True), EXAMPLE)


@given(tst.contracts_and_readers())
def test_authorisation_for_traces_is_irrelevant_for_the_partners_staff(
    drawn: tuple[Contract, TraceReader],
) -> None:
    """« Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4)"""
    contract, reader = drawn
    if reader.actor.side is not Side.PARTNER:
        return
    flipped = attrs.evolve(reader, authorised_for_traces=not reader.authorised_for_traces)
    assert may_read_traces(flipped, contract) == may_read_traces(reader, contract)


def test_a_draft_contract_without_siren_lets_nobody_of_the_partner_read() -> None:
    """« Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4): without the partner's SIREN
    nobody can be recognised as the partner's staff."""
    draft = attrs.evolve(EXAMPLE, partner=attrs.evolve(EXAMPLE.partner, siren=None))
    decision = may_read_traces(partner("Léa Bernard"), draft)
    assert [str(r) for r in decision.reasons] == [
        (
            "Art. 5.3.4 — Léa Bernard (partenaire, SIREN 123456782) : SIREN du partenaire non "
            "renseigné au contrat, nul n'y est reconnu comme personnel du partenaire ; il faut "
            "renseigner ce SIREN (préambule)"
        )
    ]
    assert may_read_traces(caf("82"), draft)


def test_annex_1_left_as_the_template_wrote_it_designates_no_reader() -> None:
    """« Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4): annexe 1's « Prénom NOM »
    designates nobody, not even a reader named « Prénom NOM »; a name, or an e-mail
    address given beside « Prénom NOM », designates its holder."""
    blank = tuple(
        attrs.evolve(person, name="Prénom NOM", email=None) if person.role in READERS else person
        for person in EXAMPLE.interlocutors.partner
    )
    unnamed = attrs.evolve(
        EXAMPLE, interlocutors=attrs.evolve(EXAMPLE.interlocutors, partner=blank)
    )
    for who in ("Léa Bernard", "Prénom NOM"):
        decision = may_read_traces(partner(who), unnamed)
        assert not decision
        assert "l'annexe 1 ne désigne ni gestionnaire des habilitations" in str(decision)
    for name, email, who in [
        ("Prénom NOM", "gh@ccas.fr", "gh@ccas.fr"),
        ("Léa Bernard", None, "Léa Bernard"),
    ]:
        gestionnaire = Interlocutor(role="administrateur principal", name=name, email=email)
        half_filled = attrs.evolve(
            EXAMPLE,
            interlocutors=attrs.evolve(EXAMPLE.interlocutors, partner=(gestionnaire,)),
        )
        assert may_read_traces(partner(who), half_filled), who
        assert not may_read_traces(partner("Prénom NOM"), half_filled)


@given(tst.contracts_and_readers(), cst.placeholders())
def test_a_partner_reader_whose_name_is_a_placeholder_is_denied(
    drawn: tuple[Contract, TraceReader], placeholder: str
) -> None:
    """« Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4): a template placeholder
    designates nobody, even where annexe 1 holds the same placeholder."""
    contract, reader = drawn
    siren = contract.partner.siren or OTHER_SIREN
    actor = Actor.partner(siren, placeholder)
    decision = may_read_traces(attrs.evolve(reader, actor=actor), contract)
    assert not decision
    assert any("est un texte du modèle et ne désigne personne" in str(r) for r in decision.reasons)


@given(tst.contracts_and_readers())
def test_nobody_else_may_read(drawn: tuple[Contract, TraceReader]) -> None:
    """« L'accès aux données de traçabilité est limité au personnel de la Caf et de la Cnaf
    spécifiquement habilité à consulter ce type d'information. » (Art. 5.3.3)

    « Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. » (Art. 5.3.4)

    Anyone but those is denied, every failed condition listed under the article of
    the reader's side.
    """
    contract, reader = drawn
    decision = may_read_traces(reader, contract)
    assert bool(decision) is may_read(reader, contract)
    side_article = Article.ART_5_3_4 if reader.actor.side is Side.PARTNER else Article.ART_5_3_3
    assert decision.articles == (side_article,)
    if reader.actor.side is not Side.PARTNER:
        failed = [
            is_placeholder(reader.actor.name),
            reader.actor.organisation not in {None, contract.caf.department},
            not reader.authorised_for_traces,
        ]
        assert len(decision.reasons) == max(1, sum(failed))
    assert all("Actor(" not in str(r) and "Siren(" not in str(r) for r in decision.reasons)


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
def test_no_step_of_a_route_is_a_placeholder(route: AccessRoute) -> None:
    """« Les utilisateurs qui souhaitent accéder à leurs traces […] doivent se rapprocher de
    leur responsable hiérarchique afin que la demande soit transmise au gestionnaire des
    habilitations du partenaire. » (Art. 5.3.4): each step is someone."""
    assert len(route.steps) == 3
    for step in route.steps:
        assert not is_placeholder(step), step
        assert "Prénom NOM" not in step


ROUTE_ARGUMENTS = {
    "user": "l'identifiant ou le nom de l'utilisateur qui demande ses traces",
    "line_manager": "le nom du responsable hiérarchique de l'utilisateur",
}


@given(
    cst.placeholders().flatmap(tst.written_as),
    st.sampled_from(sorted(ROUTE_ARGUMENTS)),
    cst.contracts(complete=False),
)
def test_a_user_or_line_manager_left_as_a_placeholder_designates_nobody(
    placeholder: str, argument: str, contract: Contract
) -> None:
    """« Les utilisateurs qui souhaitent accéder à leurs traces […] doivent se rapprocher de
    leur responsable hiérarchique afin que la demande soit transmise au gestionnaire des
    habilitations du partenaire. » (Art. 5.3.4)

    A template text (« Prénom NOM », written in any capitals and spaces) is no user and
    no line manager: the route refuses it, naming the argument and what it expects.
    Whether an accent-less or capitalised text is a placeholder is
    :func:`~caf_contract.parties.is_placeholder`'s call.
    """
    given = {"user": "agent1", "line_manager": "Chef de service", argument: placeholder}
    if not is_placeholder(placeholder):  # « PRENOM NOM »: as is_placeholder reads it
        assert access_request_route(
            given["user"], line_manager=given["line_manager"], contract=contract
        ).steps[:2] == (given["user"], given["line_manager"])
        return
    with pytest.raises(InvalidValueError) as refused:
        access_request_route(given["user"], line_manager=given["line_manager"], contract=contract)
    error = refused.value
    assert (error.field, error.value, error.article) == (argument, placeholder, Article.ART_5_3_4)
    assert error.problem == "texte du modèle, qui ne désigne personne"
    assert error.expected == f"{ROUTE_ARGUMENTS[argument]}, pas un texte du modèle"
    assert str(error).startswith(f"Art. 5.3.4 — {argument} : texte du modèle")


@pytest.mark.parametrize("field", ["user", "line_manager"])
@pytest.mark.parametrize("placeholder", ["Prénom NOM", "  prénom   nom ", "Adresse mél"])
def test_the_route_refuses_the_templates_prenom_nom_for_user_and_line_manager(
    placeholder: str, field: str
) -> None:
    """« Les utilisateurs qui souhaitent accéder à leurs traces […] doivent se rapprocher de
    leur responsable hiérarchique […]. » (Art. 5.3.4): « Prénom NOM » is nobody's name."""
    given = {"user": "agent1", "line_manager": "Chef de service", field: placeholder}
    refused = Refusal.raised_by(
        lambda: access_request_route(
            given["user"], line_manager=given["line_manager"], contract=EXAMPLE
        )
    )
    assert (refused.field, refused.value) == (field, placeholder)
    assert refused.problem == "texte du modèle, qui ne désigne personne"
    assert refused.expected == f"{ROUTE_ARGUMENTS[field]}, pas un texte du modèle"
    assert refused.message.startswith(f"Art. 5.3.4 — {field} : ")


# --- malformed input: the error says where, what was received and what is expected


@pytest.mark.parametrize(
    ("call", "refusal"),
    [
        pytest.param(
            lambda: check_sessions("trace"),  # type: ignore[arg-type]
            Refusal(
                "traces",
                "trace",
                "valeur invalide",
                "une suite de Trace(...)",
                "traces : valeur invalide ('trace') ; attendu : une suite de Trace(...).",
            ),
            id="check_sessions-not-a-sequence",
        ),
        pytest.param(
            lambda: check_sessions([trace(AUTHENTICATION, 0), "trace"]),  # type: ignore[list-item]
            Refusal(
                "traces",
                "trace",
                "élément invalide",
                "Trace(...)",
                "traces : élément invalide ('trace') ; attendu : Trace(...).",
            ),
            id="check_sessions-item",
        ),
        pytest.param(
            lambda: attrs.evolve(trace("consultation", 0), partner="123456783"),
            Refusal(
                "Trace.partner",
                "123456783",
                "clé de contrôle (Luhn) invalide",
                (
                    "un SIREN de 9 chiffres (espaces permis entre les groupes), clé de Luhn "
                    "valide, autre que 000000000"
                ),
                (
                    "Préambule — Trace.partner : clé de contrôle (Luhn) invalide ('123456783') ; "
                    "attendu : un SIREN de 9 chiffres (espaces permis entre les groupes), clé de "
                    "Luhn valide, autre que 000000000."
                ),
            ),
            id="trace-partner",
        ),
        pytest.param(
            lambda: TraceReader(actor="Léa Bernard"),  # type: ignore[arg-type]
            Refusal(
                "TraceReader.actor",
                "Léa Bernard",
                "valeur invalide",
                "Actor(...)",
                "TraceReader.actor : valeur invalide ('Léa Bernard') ; attendu : Actor(...).",
            ),
            id="reader-actor",
        ),
        pytest.param(
            lambda: TraceReader(actor=Actor.cnaf("x"), authorised_for_traces="oui"),  # type: ignore[arg-type]
            Refusal(
                "TraceReader.authorised_for_traces",
                "oui",
                "valeur invalide",
                "True ou False",
                (
                    "TraceReader.authorised_for_traces : valeur invalide ('oui') ; attendu : "
                    "True ou False."
                ),
            ),
            id="reader-authorised",
        ),
        pytest.param(
            lambda: may_read_traces("Léa", EXAMPLE),  # type: ignore[arg-type]
            Refusal(
                "reader",
                "Léa",
                "valeur invalide",
                "TraceReader(...)",
                "reader : valeur invalide ('Léa') ; attendu : TraceReader(...).",
            ),
            id="may_read_traces-reader",
        ),
        pytest.param(
            lambda: may_read_traces(caf("82"), PARTNER),  # type: ignore[arg-type]
            Refusal(
                "contract",
                PARTNER,
                "valeur invalide",
                "Contract(...)",
                "contract : valeur invalide ('123456782') ; attendu : Contract(...).",
            ),
            id="may_read_traces-contract",
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
                "Contract(...)",
                "contract : valeur invalide ('contrat') ; attendu : Contract(...).",
            ),
            id="route-contract",
        ),
    ],
)
def test_a_function_given_what_it_cannot_read_says_what_it_expects(
    call: Callable[[], object], refusal: Refusal
) -> None:
    assert Refusal.raised_by(call) == refusal
