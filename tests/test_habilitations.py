from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    Bulletin,
    CafContractError,
    ChronologyError,
    Contract,
    HabilitationQuota,
    InvalidTransitionError,
    InvalidValueError,
    LoadError,
    NaiveDatetimeError,
    Role,
    UnknownRoleError,
    UnknownScopeError,
)
from caf_contract._time import PARIS
from caf_contract.files import EXAMPLE, example_dossier, parse_dossier
from caf_contract.habilitations import (
    CafAction,
    Delegation,
    GrantRequest,
    Habilitation,
    HabilitationState,
    delegation_check,
    devalidate,
    force_password_change,
    least_privilege,
    may_grant,
    quota_check,
    quota_usage,
    quotas_held,
    reinstate,
    restore_delegation,
    suspend,
    withdraw_delegation,
)
from tests import strategies as cst
from tests.expect import assert_refused, refusal
from tests.strategies import habilitations as hst

CONTRACT = example_dossier().contract
_CDAP = CONTRACT.bulletin("CDAP")
assert _CDAP is not None
CDAP: Bulletin = _CDAP
PRINCIPAL = "lbernard@coteaux-exemple.fr"
SUPPLEANT = "Hugo Petit"

SUSPENSION = "suspension à titre conservatoire"
REINSTATEMENT = "rétablissement"
DEVALIDATION = "dévalidation"
WITHDRAWAL = "délégation supprimée"
RESTORATION = "délégation rendue"


def paris(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


def granted(
    ident: str, *, role: str = "consultation", user: str = "agent", **changes: Any
) -> Habilitation:
    base = Habilitation(
        id=ident,
        user=f"{user}-{ident}",
        service="CDAP",
        role=role,
        scopes={"dossier"},
        granted_by=PRINCIPAL,
        granted_by_level=1,
        granted_at=paris(2026, 1, 5),
    )
    return attrs.evolve(base, **changes)


def request(**changes: Any) -> GrantRequest:
    base = GrantRequest(
        user="agent-new",
        service="CDAP",
        role="consultation",
        scopes={"dossier", "paiements"},
        grantor=PRINCIPAL,
    )
    return attrs.evolve(base, **changes)


def action(kind: str = REINSTATEMENT, at: datetime | None = None, **changes: Any) -> CafAction:
    fields = {"by": "Caf 82", "reason": "contrôle", **changes}
    return CafAction(kind=kind, at=at or paris(2026, 2, 1), **fields)


# --- worked examples (Art. 2.2)


def test_a_grant_within_quotas_scopes_and_depth_is_allowed() -> None:
    decision = may_grant(CONTRACT, [granted("h1")], request())
    assert decision
    assert decision.articles == (Article.ART_2_2,)
    assert "accordable par lbernard@coteaux-exemple.fr (niveau 1)" in str(decision)


def test_the_service_quota_counts_every_role_and_suspended_ones() -> None:
    # CDAP: 6 habilitations at most, 2 of them « instruction ».
    existing = [granted(f"h{n}") for n in range(5)]
    existing.append(suspend(granted("h5"), by="Caf 82", at=paris(2026, 2, 1), reason="contrôle"))
    decision = may_grant(CONTRACT, existing, request())
    assert [r.message for r in decision.reasons] == [
        "quota du service « CDAP » atteint : 6 habilitation(s) sur 6"
    ]


def test_devalidated_habilitations_do_not_count() -> None:
    existing = [granted(f"h{n}") for n in range(5)]
    existing.append(devalidate(granted("h5"), by=PRINCIPAL, at=paris(2026, 2, 1), reason="départ"))
    assert may_grant(CONTRACT, existing, request())


def test_the_role_quota_and_the_service_quota_both_hold() -> None:
    existing = [granted("i1", role="instruction"), granted("i2", role="instruction")]
    decision = may_grant(CONTRACT, existing, request(role="instruction", scopes={"ressources"}))
    assert [r.message for r in decision.reasons] == [
        "quota du rôle « instruction » du service « CDAP » atteint : 2 habilitation(s) sur 2"
    ]
    assert may_grant(CONTRACT, existing, request())  # consultation: room left


def test_least_privilege_names_every_scope_beyond_the_role() -> None:
    decision = may_grant(CONTRACT, [], request(scopes={"dossier", "ressources"}))
    assert [str(r) for r in decision.reasons] == [
        "Art. 2.2 — moindre affectation : le périmètre « ressources » dépasse le rôle « consultation » (finalité : information des familles accueillies)"
    ]


def test_a_scope_declared_nowhere_and_an_unknown_role_are_bad_input() -> None:
    with pytest.raises(
        UnknownScopeError,
        match=r"^Art\. 2\.2 — scopes : périmètre de données déclaré nulle part \('rsa'\)",
    ):
        may_grant(CONTRACT, [], request(scopes={"dossier", "rsa"}))
    with pytest.raises(UnknownRoleError, match="'pilotage'"):
        may_grant(CONTRACT, [], request(role="pilotage"))


def test_no_quota_means_the_service_is_not_opened() -> None:
    no_quota = attrs.evolve(CDAP, quotas=())
    contract = attrs.evolve(CONTRACT, bulletins=(no_quota,))
    decision = may_grant(contract, [], request())
    assert [r.message for r in decision.reasons] == [
        "aucun nombre maximal d'habilitations fixé par la Caf pour le service « CDAP » : service non ouvert"
    ]
    unopened = may_grant(CONTRACT, [], request(service="RSA", role="consultation"))
    assert [r.message for r in unopened.reasons] == [
        "aucun bulletin d'adhésion pour « RSA » : service non ouvert"
    ]


def test_delegation_depth() -> None:
    # CDAP: depth 2. The administrateur principal (level 1) may appoint level 2.
    assert may_grant(CONTRACT, [], request(administrator_level=2))
    level_2 = granted("a2", user="sous-admin", administrator_level=2)
    decision = may_grant(
        CONTRACT, [level_2], request(grantor=level_2.user, grantor_level=2, administrator_level=3)
    )
    assert [r.message for r in decision.reasons] == [
        "profondeur de délégation dépassée : niveau 3 au-delà de la profondeur 2 fixée par la Caf pour « CDAP »"
    ]
    # ... but any administrator may create user habilitations within the quota.
    assert may_grant(CONTRACT, [level_2], request(grantor=level_2.user, grantor_level=2))
    skipping = may_grant(CONTRACT, [], request(administrator_level=3))
    assert len(skipping.reasons) == 2


def test_only_annex_1_administrators_are_level_1_and_others_need_an_active_admin_habilitation() -> (
    None
):
    assert may_grant(CONTRACT, [], request(grantor=SUPPLEANT))  # the suppléant, by name
    stranger = may_grant(CONTRACT, [], request(grantor="Paul Intrus"))
    assert "n'est ni l'administrateur principal ni l'administrateur délégué" in str(stranger)
    level_2 = granted("a2", user="sous-admin", administrator_level=2)
    suspended = suspend(level_2, by="Caf 82", at=paris(2026, 2, 1), reason="contrôle")
    decision = may_grant(CONTRACT, [suspended], request(grantor="sous-admin", grantor_level=2))
    assert [r.message for r in decision.reasons] == [
        "« sous-admin » ne détient pas d'habilitation active d'administrateur de niveau 2 pour « CDAP »"
    ]


_SOUS_ADMIN = granted("a2", user="sous-admin", administrator_level=2)


@pytest.mark.parametrize(
    ("existing", "allowed"),
    [
        pytest.param([_SOUS_ADMIN], True, id="his-active-level-2-habilitation"),
        pytest.param([granted("a3", administrator_level=2)], False, id="another-users"),
        pytest.param(
            [attrs.evolve(_SOUS_ADMIN, service="AFAS", role="consultation")],
            False,
            id="for-another-service",
        ),
        pytest.param(
            [attrs.evolve(_SOUS_ADMIN, administrator_level=3)], False, id="of-another-level"
        ),
        pytest.param(
            [attrs.evolve(_SOUS_ADMIN, administrator_level=None)], False, id="no-admin-level"
        ),
        pytest.param(
            [suspend(_SOUS_ADMIN, by="Caf 82", at=paris(2026, 2, 1), reason="contrôle")],
            False,
            id="suspended",
        ),
        pytest.param(
            [granted("u1"), granted("u2", administrator_level=2), _SOUS_ADMIN],
            True,
            id="found-among-others",
        ),
    ],
)
def test_a_level_2_grantor_needs_his_own_active_admin_habilitation_of_that_level_for_the_service(
    existing: list[Habilitation], allowed: bool
) -> None:
    decision = may_grant(CONTRACT, existing, request(grantor=_SOUS_ADMIN.user, grantor_level=2))
    assert bool(decision) is allowed


def test_once_the_caf_takes_the_management_back_nobody_grants_and_the_decision_says_why() -> None:
    withdrawn = withdraw_delegation(
        Delegation(), by="Caf 82", at=paris(2026, 3, 1), reason="quotas dépassés"
    )
    decision = may_grant(CONTRACT, [], request(), delegation=withdrawn)
    assert [r.message for r in decision.reasons] == [
        "la Caf a repris la main sur la gestion des habilitations : délégation supprimée le 01/03/2026 à 09:00 par Caf 82 (quotas dépassés)"
    ]
    restored = restore_delegation(
        withdrawn, by="Caf 82", at=paris(2026, 4, 1), reason="plan d'action tenu"
    )
    assert may_grant(CONTRACT, [], request(), delegation=restored)
    assert withdrawn.withdrawn is not None
    assert restored.withdrawn is None
    assert len(restored.history) == 2


def test_every_failure_is_reported_together() -> None:
    withdrawn = withdraw_delegation(
        Delegation(), by="Caf 82", at=paris(2026, 3, 1), reason="manquements"
    )
    existing = [granted(f"h{n}") for n in range(6)]
    decision = may_grant(
        CONTRACT,
        existing,
        request(grantor="Paul Intrus", scopes={"ressources"}, administrator_level=3),
        delegation=withdrawn,
    )
    assert len(decision.reasons) == 6  # delegation, grantor, quota, scope, level, depth
    assert set(decision.articles) == {Article.ART_2_2}


# --- every decision, word for word: the reasons are what the users read

_ONLY_INSTRUCTION_QUOTA = attrs.evolve(
    CDAP, quotas=(HabilitationQuota(service="CDAP", role="instruction", maximum=2),)
)
_WITHDRAWN = Delegation(
    history=(action(WITHDRAWAL, paris(2026, 3, 1), by="Caf 82", reason="quotas dépassés"),)
)
_IN_QUOTAS = "dans les quotas du service « CDAP » fixés par la Caf"
_FOUR_IN_THE_SERVICE: dict[tuple[str, str | None], int] = {("CDAP", None): 4}


def _allowed(message: str) -> dict[str, Any]:
    return {"allowed": True, "reasons": [{"article": "2.2", "message": message}]}


def _denied(*messages: str) -> dict[str, Any]:
    return {
        "allowed": False,
        "reasons": [{"article": "2.2", "message": message} for message in messages],
    }


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda: quota_check(CDAP, {("CDAP", "consultation"): 5}, "consultation"),
            _allowed(_IN_QUOTAS),
            id="quota-one-place-left",
        ),
        pytest.param(
            lambda: quota_check(CDAP, {("CDAP", "consultation"): 6}, "consultation"),
            _denied("quota du service « CDAP » atteint : 6 habilitation(s) sur 6"),
            id="quota-service-exactly-full",
        ),
        pytest.param(
            lambda: quota_check(CDAP, {("CDAP", "instruction"): 1}, "instruction"),
            _allowed(_IN_QUOTAS),
            id="quota-role-one-place-left",
        ),
        pytest.param(
            lambda: quota_check(CDAP, {("CDAP", "instruction"): 2}, "instruction"),
            _denied(
                "quota du rôle « instruction » du service « CDAP » atteint : 2 habilitation(s) sur 2"
            ),
            id="quota-role-exactly-full",
        ),
        pytest.param(
            lambda: quota_check(
                CDAP, {("CDAP", "instruction"): 2, ("CDAP", "consultation"): 4}, "instruction"
            ),
            _denied(
                "quota du service « CDAP » atteint : 6 habilitation(s) sur 6",
                "quota du rôle « instruction » du service « CDAP » atteint : 2 habilitation(s) sur 2",
            ),
            id="quota-both-full-service-first",
        ),
        pytest.param(
            lambda: quota_check(CDAP, {("CDAP", "instruction"): 1}, "instruction", adding=2),
            _denied(
                "quota du rôle « instruction » du service « CDAP » insuffisant : 1 habilitation(s) sur 2, 2 de plus demandée(s)"
            ),
            id="quota-room-for-fewer-than-asked",
        ),
        pytest.param(
            lambda: quota_check(CDAP, _FOUR_IN_THE_SERVICE, "consultation", adding=2),
            _allowed(_IN_QUOTAS),
            id="quota-room-for-exactly-as-many-as-asked",
        ),
        pytest.param(
            lambda: quota_check(
                _ONLY_INSTRUCTION_QUOTA, {("CDAP", "instruction"): 2}, "consultation"
            ),
            _denied(
                "aucun nombre maximal d'habilitations fixé par la Caf pour le rôle « consultation » du service « CDAP » : service non ouvert"
            ),
            id="quota-none-for-the-role",
        ),
        pytest.param(
            lambda: quota_check(attrs.evolve(CDAP, quotas=()), {}, "consultation"),
            _denied(
                "aucun nombre maximal d'habilitations fixé par la Caf pour le service « CDAP » : service non ouvert"
            ),
            id="quota-none-for-the-service",
        ),
        pytest.param(
            lambda: quotas_held(CDAP, {("CDAP", "consultation"): 6}, "consultation"),
            _allowed(_IN_QUOTAS),
            id="held-exactly-full",
        ),
        pytest.param(
            lambda: quotas_held(CDAP, {("CDAP", "consultation"): 7}, "consultation"),
            _denied("quota du service « CDAP » atteint : 7 habilitation(s) sur 6"),
            id="held-over",
        ),
        pytest.param(
            lambda: least_privilege(CDAP, "consultation", {"dossier", "paiements"}),
            _allowed("périmètres limités à ceux du rôle « consultation » (moindre affectation)"),
            id="least-privilege-within",
        ),
        pytest.param(
            lambda: least_privilege(
                attrs.evolve(
                    CDAP,
                    roles=(
                        *CDAP.roles,
                        Role(name="contrôle", scopes={"enfants", "aah"}, purpose="audit"),
                    ),
                ),
                "consultation",
                {"enfants", "dossier", "aah"},
            ),
            _denied(
                "moindre affectation : le périmètre « aah » dépasse le rôle « consultation » (finalité : information des familles accueillies)",
                "moindre affectation : le périmètre « enfants » dépasse le rôle « consultation » (finalité : information des familles accueillies)",
            ),
            id="least-privilege-each-extra-scope-in-order",
        ),
        pytest.param(
            lambda: delegation_check(CDAP, grantor_level=1, appointed_level=2),
            _allowed("niveau 2 dans la profondeur de délégation (2)"),
            id="depth-exactly-reached",
        ),
        pytest.param(
            lambda: delegation_check(CDAP, grantor_level=2, appointed_level=3),
            _denied(
                "profondeur de délégation dépassée : niveau 3 au-delà de la profondeur 2 fixée par la Caf pour « CDAP »"
            ),
            id="depth-exceeded",
        ),
        pytest.param(
            lambda: delegation_check(CDAP, grantor_level=2, appointed_level=2),
            _denied("un administrateur de niveau 2 nomme des administrateurs de niveau 3, pas 2"),
            id="level-not-next",
        ),
        pytest.param(
            lambda: delegation_check(CDAP, grantor_level=1, appointed_level=3),
            _denied(
                "un administrateur de niveau 1 nomme des administrateurs de niveau 2, pas 3",
                "profondeur de délégation dépassée : niveau 3 au-delà de la profondeur 2 fixée par la Caf pour « CDAP »",
            ),
            id="level-skipped-and-depth-exceeded",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, [], request(grantor=SUPPLEANT, administrator_level=2)),
            _allowed(
                "habilitation « consultation » sur « CDAP » accordable par Hugo Petit (niveau 1)"
            ),
            id="grant-allowed",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, [], request(grantor="direction@coteaux-exemple.fr")),
            _denied(
                "« direction@coteaux-exemple.fr » n'est ni l'administrateur principal ni l'administrateur délégué du partenaire (annexe 1) : pas d'administration de niveau 1"
            ),
            id="grant-by-an-annex-1-contact-who-is-no-administrator",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, [], request(grantor="Paul Intrus", grantor_level=2)),
            _denied(
                "« Paul Intrus » ne détient pas d'habilitation active d'administrateur de niveau 2 pour « CDAP »"
            ),
            id="grant-by-no-administrator-of-level-2",
        ),
        pytest.param(
            lambda: may_grant(
                CONTRACT, [], request(service="RSA", grantor="Paul Intrus"), delegation=_WITHDRAWN
            ),
            _denied(
                "la Caf a repris la main sur la gestion des habilitations : délégation supprimée le 01/03/2026 à 09:00 par Caf 82 (quotas dépassés)",
                "« Paul Intrus » n'est ni l'administrateur principal ni l'administrateur délégué du partenaire (annexe 1) : pas d'administration de niveau 1",
                "aucun bulletin d'adhésion pour « RSA » : service non ouvert",
            ),
            id="grant-for-a-service-not-opened",
        ),
        pytest.param(
            lambda: may_grant(
                CONTRACT,
                [granted(f"h{n}") for n in range(6)],
                request(grantor="Paul Intrus", scopes={"ressources"}, administrator_level=3),
                delegation=_WITHDRAWN,
            ),
            _denied(
                "la Caf a repris la main sur la gestion des habilitations : délégation supprimée le 01/03/2026 à 09:00 par Caf 82 (quotas dépassés)",
                "« Paul Intrus » n'est ni l'administrateur principal ni l'administrateur délégué du partenaire (annexe 1) : pas d'administration de niveau 1",
                "quota du service « CDAP » atteint : 6 habilitation(s) sur 6",
                "moindre affectation : le périmètre « ressources » dépasse le rôle « consultation » (finalité : information des familles accueillies)",
                "un administrateur de niveau 1 nomme des administrateurs de niveau 2, pas 3",
                "profondeur de délégation dépassée : niveau 3 au-delà de la profondeur 2 fixée par la Caf pour « CDAP »",
            ),
            id="grant-every-failure-in-order",
        ),
    ],
)
def test_decisions_say_what_holds_or_fails_word_for_word(
    call: Callable[[], Any], expected: dict[str, Any]
) -> None:
    assert call().to_dict() == expected


# --- the Caf's powers and the lifecycle


def test_the_caf_powers_are_pure_transitions_recording_who_when_why() -> None:
    original = granted("h1")
    flagged = force_password_change(
        original, by="Caf 82", at=paris(2026, 2, 1), reason="fuite suspectée"
    )
    assert flagged.password_change_required
    assert not original.password_change_required
    suspended = suspend(flagged, by="Caf 82", at=paris(2026, 2, 2), reason="connexions anormales")
    assert suspended.state is HabilitationState.SUSPENDED
    back = reinstate(suspended, by="Caf 82", at=paris(2026, 2, 9), reason="contrôle levé")
    assert back.state is HabilitationState.ACTIVE
    assert back.password_change_required  # still to be changed
    gone = devalidate(back, by=PRINCIPAL, at=paris(2026, 6, 30, 18), reason="départ de l'agent")
    assert gone.state is HabilitationState.DEVALIDATED
    assert not gone.password_change_required  # nobody logs in with it any more
    assert [action.kind.value for action in gone.history] == [
        "modification du mot de passe forcée",
        "suspension à titre conservatoire",
        "rétablissement",
        "dévalidation",
    ]
    assert [(a.by, a.reason) for a in gone.history] == [
        ("Caf 82", "fuite suspectée"),
        ("Caf 82", "connexions anormales"),
        ("Caf 82", "contrôle levé"),
        (PRINCIPAL, "départ de l'agent"),
    ]
    assert gone.devalidated_on == paris(2026, 6, 30).date()
    assert back.devalidated_on is None
    assert back.devalidated_at is None
    assert (
        str(gone.history[1])
        == "suspension à titre conservatoire le 02/02/2026 à 09:00 par Caf 82 (connexions anormales)"
    )
    assert original.history == ()


def test_the_devalidation_day_and_the_action_text_are_read_in_paris() -> None:
    # 30/06/2026 22:30 UTC is already 01/07/2026 00:30 in Paris.
    at = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    gone = devalidate(granted("h1"), by="Caf 82", at=at, reason="départ")
    assert gone.devalidated_at == at
    assert gone.devalidated_on == paris(2026, 7, 1).date()
    assert str(gone.history[0]) == "dévalidation le 01/07/2026 à 00:30 par Caf 82 (départ)"


def test_an_action_at_the_very_instant_of_the_last_one_is_accepted() -> None:
    at = paris(2026, 1, 5)  # the grant instant
    suspended = suspend(granted("h1"), by="Caf 82", at=at, reason="contrôle")
    assert (
        reinstate(suspended, by="Caf 82", at=at, reason="levée").state is HabilitationState.ACTIVE
    )


@pytest.mark.parametrize(
    ("transition", "state", "event"),
    [
        (reinstate, HabilitationState.ACTIVE, REINSTATEMENT),
        (suspend, HabilitationState.SUSPENDED, SUSPENSION),
        (suspend, HabilitationState.DEVALIDATED, SUSPENSION),
        (reinstate, HabilitationState.DEVALIDATED, REINSTATEMENT),
        (devalidate, HabilitationState.DEVALIDATED, DEVALIDATION),
        (
            force_password_change,
            HabilitationState.DEVALIDATED,
            "modification du mot de passe forcée",
        ),
    ],
)
def test_transitions_out_of_order_are_refused(
    transition: Callable[..., Habilitation], state: HabilitationState, event: str
) -> None:
    start = granted("h1")
    if state is HabilitationState.SUSPENDED:
        start = suspend(start, by="Caf", at=paris(2026, 2, 1), reason="contrôle")
    elif state is HabilitationState.DEVALIDATED:
        start = devalidate(start, by="Caf", at=paris(2026, 2, 1), reason="départ")
    error = refusal(
        lambda: transition(start, by="Caf", at=paris(2026, 3, 1), reason="essai"),
        InvalidTransitionError,
    )
    assert str(error) == (
        f"Art. 2.2 — habilitation 'h1' : « {event} » impossible depuis l'état « {state.value} »."
    )
    assert vars(error) == {
        "subject": "habilitation 'h1'",
        "state": state.value,
        "event": event,
        "field": None,
        "article": Article.ART_2_2,
    }


@pytest.mark.parametrize(
    ("call", "message", "earlier", "later"),
    [
        pytest.param(
            lambda: reinstate(
                suspend(granted("h1"), by="Caf", at=paris(2026, 3, 1), reason="contrôle"),
                by="Caf",
                at=paris(2026, 2, 1),
                reason="levée",
            ),
            "Art. 2.2 — « rétablissement » (2026-02-01 09:00+01:00) précède le dernier événement de l'habilitation (2026-03-01 09:00+01:00) ; attendu : une date égale ou postérieure à 2026-03-01 09:00+01:00.",
            paris(2026, 3, 1),
            paris(2026, 2, 1),
            id="before-the-last-action",
        ),
        pytest.param(
            lambda: suspend(granted("h1"), by="Caf", at=paris(2026, 1, 4), reason="contrôle"),
            "Art. 2.2 — « suspension à titre conservatoire » (2026-01-04 09:00+01:00) précède le dernier événement de l'habilitation (2026-01-05 09:00+01:00) ; attendu : une date égale ou postérieure à 2026-01-05 09:00+01:00.",
            paris(2026, 1, 5),
            paris(2026, 1, 4),
            id="before-the-grant",
        ),
    ],
)
def test_a_transition_dated_before_the_last_event_is_refused(
    call: Callable[[], object], message: str, earlier: datetime, later: datetime
) -> None:
    error = refusal(call, ChronologyError)
    assert str(error) == message
    assert isinstance(error, ChronologyError)
    assert (error.earlier_field, error.earlier, error.later) == (
        "le dernier événement de l'habilitation",
        earlier,
        later,
    )


def test_withdrawing_twice_or_restoring_what_is_in_place_is_refused() -> None:
    withdrawn = withdraw_delegation(
        Delegation(), by="Caf", at=paris(2026, 3, 1), reason="manquements"
    )
    with pytest.raises(
        InvalidTransitionError,
        match="la délégation : « délégation supprimée » impossible depuis l'état « supprimée »",
    ):
        withdraw_delegation(withdrawn, by="Caf", at=paris(2026, 3, 2), reason="encore")
    with pytest.raises(InvalidTransitionError, match="depuis l'état « en place »"):
        restore_delegation(Delegation(), by="Caf", at=paris(2026, 3, 2), reason="rien")


# --- malformed input: every error says where, what was wrong and what is expected

_NAIVE_EXPECTED = "un datetime avec fuseau horaire, par exemple datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo('Europe/Paris'))"


@pytest.mark.parametrize(
    ("call", "error", "message", "fields"),
    [
        pytest.param(
            lambda: action(kind="oubli"),
            InvalidValueError,
            "CafAction.kind : valeur invalide ('oubli') ; attendu : une valeur parmi 'suspension à titre conservatoire', 'rétablissement', 'dévalidation', 'modification du mot de passe forcée', 'délégation supprimée', 'délégation rendue'.",
            {"field": "CafAction.kind", "value": "oubli"},
            id="action-kind",
        ),
        pytest.param(
            lambda: action(by=" "),
            InvalidValueError,
            "CafAction.by : valeur invalide (' ') ; attendu : un texte non vide.",
            {"field": "CafAction.by", "value": " "},
            id="action-by",
        ),
        pytest.param(
            lambda: action(at=datetime(2026, 2, 1)),  # noqa: DTZ001
            NaiveDatetimeError,
            f"CafAction.at : datetime sans fuseau horaire (naïf) (datetime.datetime(2026, 2, 1, 0, 0)) ; attendu : {_NAIVE_EXPECTED}.",
            {"field": "CafAction.at"},
            id="action-at-naive",
        ),
        pytest.param(
            lambda: granted("h1", history="x"),
            InvalidValueError,
            "history : valeur invalide ('x') ; attendu : une suite de CafAction(...).",
            {"field": "history", "value": "x"},
            id="history-not-a-sequence",
        ),
        pytest.param(
            lambda: granted("h1", history=[action(), "x"]),
            InvalidValueError,
            "history : élément invalide ('x') ; attendu : CafAction(...).",
            {"field": "history", "value": "x", "problem": "élément invalide"},
            id="history-item",
        ),
        pytest.param(
            lambda: granted(
                "h1",
                history=(
                    action("modification du mot de passe forcée", paris(2026, 2, 1)),
                    action(SUSPENSION, paris(2026, 3, 1)),
                    action(REINSTATEMENT, paris(2026, 2, 15)),
                ),
            ),
            ChronologyError,
            "Art. 2.2 — « rétablissement » (2026-02-15 09:00+01:00) précède « suspension à titre conservatoire » (2026-03-01 09:00+01:00) ; attendu : une date égale ou postérieure à 2026-03-01 09:00+01:00.",
            {"field": "history[2].at", "earlier": paris(2026, 3, 1), "later": paris(2026, 2, 15)},
            id="history-out-of-order",
        ),
        pytest.param(
            lambda: granted(
                "h1",
                granted_at=paris(2026, 4, 1),
                state="suspendue",
                history=(action(SUSPENSION, paris(2026, 3, 1)),),
            ),
            ChronologyError,
            "Art. 2.2 — « suspension à titre conservatoire » (2026-03-01 09:00+01:00) précède Habilitation.granted_at (2026-04-01 09:00+02:00) ; attendu : une date égale ou postérieure à 2026-04-01 09:00+02:00.",
            {
                "field": "Habilitation.history[0].at",
                "earlier": paris(2026, 4, 1),
                "later": paris(2026, 3, 1),
            },
            id="history-before-the-grant",
        ),
        pytest.param(
            lambda: granted("h1", state="perdue"),
            InvalidValueError,
            "Habilitation.state : valeur invalide ('perdue') ; attendu : une valeur parmi 'active', 'suspendue', 'dévalidée'.",
            {"field": "Habilitation.state", "value": "perdue"},
            id="state-unknown",
        ),
        pytest.param(
            lambda: granted("h1", state="dévalidée"),
            InvalidValueError,
            "Art. 2.2 — Habilitation.state : valeur invalide (<HabilitationState.DEVALIDATED: 'dévalidée'>) ; attendu : « dévalidée » exactement quand l'historique contient la dévalidation.",
            {"field": "Habilitation.state", "value": HabilitationState.DEVALIDATED},
            id="devalidated-without-devalidation",
        ),
        pytest.param(
            lambda: granted("h1", history=(action(DEVALIDATION),)),
            InvalidValueError,
            "Art. 2.2 — Habilitation.state : valeur invalide (<HabilitationState.ACTIVE: 'active'>) ; attendu : « dévalidée » exactement quand l'historique contient la dévalidation.",
            {"field": "Habilitation.state", "value": HabilitationState.ACTIVE},
            id="devalidation-but-active",
        ),
        pytest.param(
            lambda: granted("h1", scopes="dossier"),
            InvalidValueError,
            "scopes : valeur invalide ('dossier') ; attendu : une suite de textes non vides.",
            {"field": "scopes", "value": "dossier"},
            id="scopes-a-string",
        ),
        pytest.param(
            lambda: granted("h1", scopes=set()),
            InvalidValueError,
            "Art. 2.2 — Habilitation.scopes : valeur invalide (frozenset()) ; attendu : au moins un élément.",
            {"field": "Habilitation.scopes", "value": frozenset()},
            id="scopes-empty",
        ),
        pytest.param(
            lambda: granted("h1", granted_by_level=0),
            InvalidValueError,
            "Habilitation.granted_by_level : valeur invalide (0) ; attendu : un entier supérieur ou égal à 1.",
            {"field": "Habilitation.granted_by_level", "value": 0},
            id="granted-by-level",
        ),
        pytest.param(
            lambda: granted("h1", administrator_level=-1),
            InvalidValueError,
            "Habilitation.administrator_level : valeur invalide (-1) ; attendu : un entier supérieur ou égal à 1.",
            {"field": "Habilitation.administrator_level", "value": -1},
            id="administrator-level",
        ),
        pytest.param(
            lambda: granted("h1", password_change_required="oui"),  # noqa: S106  # a flag, no password
            InvalidValueError,
            "Habilitation.password_change_required : valeur invalide ('oui') ; attendu : True ou False.",
            {"field": "Habilitation.password_change_required", "value": "oui"},
            id="password-flag",
        ),
        pytest.param(
            lambda: granted(" "),
            InvalidValueError,
            "Habilitation.id : valeur invalide (' ') ; attendu : un texte non vide.",
            {"field": "Habilitation.id", "value": " "},
            id="id-blank",
        ),
        pytest.param(
            lambda: granted("h1", granted_at=datetime(2026, 1, 5, 9)),  # noqa: DTZ001
            NaiveDatetimeError,
            f"Habilitation.granted_at : datetime sans fuseau horaire (naïf) (datetime.datetime(2026, 1, 5, 9, 0)) ; attendu : {_NAIVE_EXPECTED}.",
            {"field": "Habilitation.granted_at"},
            id="granted-at-naive",
        ),
        pytest.param(
            lambda: request(grantor_level=0),
            InvalidValueError,
            "GrantRequest.grantor_level : valeur invalide (0) ; attendu : un entier supérieur ou égal à 1.",
            {"field": "GrantRequest.grantor_level", "value": 0},
            id="request-grantor-level",
        ),
        pytest.param(
            lambda: request(administrator_level=0),
            InvalidValueError,
            "GrantRequest.administrator_level : valeur invalide (0) ; attendu : un entier supérieur ou égal à 1.",
            {"field": "GrantRequest.administrator_level", "value": 0},
            id="request-administrator-level",
        ),
        pytest.param(
            lambda: request(scopes=()),
            InvalidValueError,
            "Art. 2.2 — GrantRequest.scopes : valeur invalide (frozenset()) ; attendu : au moins un élément.",
            {"field": "GrantRequest.scopes", "value": frozenset()},
            id="request-scopes-empty",
        ),
        pytest.param(
            lambda: request(grantor=""),
            InvalidValueError,
            "GrantRequest.grantor : valeur invalide ('') ; attendu : un texte non vide.",
            {"field": "GrantRequest.grantor", "value": ""},
            id="request-grantor-blank",
        ),
        pytest.param(
            lambda: Delegation(history=(action(WITHDRAWAL), action(REINSTATEMENT))),
            InvalidValueError,
            "Art. 2.2 — Delegation.history[1].kind : valeur invalide (<ActionKind.REINSTATED: 'rétablissement'>) ; attendu : des actions sur la délégation.",
            {"field": "Delegation.history[1].kind", "value": REINSTATEMENT},
            id="delegation-action-on-an-habilitation",
        ),
        pytest.param(
            lambda: Delegation(
                history=(action(WITHDRAWAL), action(RESTORATION), action(RESTORATION))
            ),
            InvalidTransitionError,
            "Art. 2.2 — la délégation : « délégation rendue » impossible depuis l'état « en place ».",
            {
                "field": "Delegation.history[2].kind",
                "subject": "la délégation",
                "state": "en place",
                "event": RESTORATION,
            },
            id="delegation-restored-twice",
        ),
        pytest.param(
            lambda: Delegation(history=(action(WITHDRAWAL), action(WITHDRAWAL))),
            InvalidTransitionError,
            "Art. 2.2 — la délégation : « délégation supprimée » impossible depuis l'état « supprimée ».",
            {
                "field": "Delegation.history[1].kind",
                "subject": "la délégation",
                "state": "supprimée",
                "event": WITHDRAWAL,
            },
            id="delegation-withdrawn-twice",
        ),
        pytest.param(
            lambda: Delegation(
                history=(action(WITHDRAWAL, paris(2026, 3, 1)), action(RESTORATION))
            ),
            ChronologyError,
            "Art. 2.2 — « délégation rendue » (2026-02-01 09:00+01:00) précède « délégation supprimée » (2026-03-01 09:00+01:00) ; attendu : une date égale ou postérieure à 2026-03-01 09:00+01:00.",
            {"field": "history[1].at"},
            id="delegation-out-of-order",
        ),
    ],
)
def test_malformed_values_are_refused_saying_where_what_and_what_is_expected(
    call: Callable[[], object],
    error: type[CafContractError],
    message: str,
    fields: dict[str, object],
) -> None:
    assert_refused(call, error, message, fields)


@pytest.mark.parametrize(
    ("call", "error", "message", "fields"),
    [
        pytest.param(
            lambda: quota_usage("h1"),  # type: ignore[arg-type]
            InvalidValueError,
            "habilitations : valeur invalide ('h1') ; attendu : une suite de Habilitation(...).",
            {"field": "habilitations", "value": "h1"},
            id="quota_usage-not-a-sequence",
        ),
        pytest.param(
            lambda: quota_usage([granted("h1"), "h2"]),  # type: ignore[list-item]
            InvalidValueError,
            "habilitations : élément invalide ('h2') ; attendu : Habilitation(...).",
            {"field": "habilitations", "value": "h2"},
            id="quota_usage-item",
        ),
        pytest.param(
            lambda: quota_check("CDAP", {}, "consultation"),  # type: ignore[arg-type]
            InvalidValueError,
            "bulletin : valeur invalide ('CDAP') ; attendu : un Bulletin(...).",
            {"field": "bulletin", "value": "CDAP"},
            id="quota_check-bulletin",
        ),
        pytest.param(
            lambda: quota_check(CDAP, {}, "pilotage"),
            UnknownRoleError,
            "Art. 2.2 — role : rôle inconnu du bulletin ('pilotage') ; attendu : un rôle du bulletin d'adhésion du service 'CDAP' (consultation, instruction).",
            {"field": "role", "value": "pilotage", "service": "CDAP"},
            id="quota_check-role",
        ),
        pytest.param(
            lambda: quotas_held("CDAP", {}, "consultation"),  # type: ignore[arg-type]
            InvalidValueError,
            "bulletin : valeur invalide ('CDAP') ; attendu : un Bulletin(...).",
            {"field": "bulletin", "value": "CDAP"},
            id="quotas_held-bulletin",
        ),
        pytest.param(
            lambda: least_privilege("CDAP", "consultation", {"dossier"}),  # type: ignore[arg-type]
            InvalidValueError,
            "bulletin : valeur invalide ('CDAP') ; attendu : un Bulletin(...).",
            {"field": "bulletin", "value": "CDAP"},
            id="least_privilege-bulletin",
        ),
        pytest.param(
            lambda: least_privilege(CDAP, "consultation", "dossier"),
            InvalidValueError,
            "scopes : valeur invalide ('dossier') ; attendu : une suite de textes non vides.",
            {"field": "scopes", "value": "dossier"},
            id="least_privilege-scopes-a-string",
        ),
        pytest.param(
            lambda: least_privilege(CDAP, "consultation", {"rsa", "dossier", "aah"}),
            UnknownScopeError,
            "Art. 2.2 — scopes : périmètre de données déclaré nulle part ('aah') ; attendu : des périmètres déclarés dans le bulletin du service 'CDAP' (dossier, paiements, quotient_familial, ressources).",
            {"field": "scopes", "value": "aah", "service": "CDAP"},
            id="least_privilege-scope-declared-nowhere",
        ),
        pytest.param(
            lambda: delegation_check("CDAP", grantor_level=1, appointed_level=2),  # type: ignore[arg-type]
            InvalidValueError,
            "bulletin : valeur invalide ('CDAP') ; attendu : un Bulletin(...).",
            {"field": "bulletin", "value": "CDAP"},
            id="delegation_check-bulletin",
        ),
        pytest.param(
            lambda: delegation_check(CDAP, grantor_level=0, appointed_level=1),
            InvalidValueError,
            "grantor_level : valeur invalide (0) ; attendu : un niveau d'administration entier, au moins 1.",
            {"field": "grantor_level", "value": 0},
            id="delegation_check-grantor-level",
        ),
        pytest.param(
            lambda: delegation_check(CDAP, grantor_level=1, appointed_level=True),
            InvalidValueError,
            "appointed_level : valeur invalide (True) ; attendu : un niveau d'administration entier, au moins 1.",
            {"field": "appointed_level", "value": True},
            id="delegation_check-appointed-level",
        ),
        pytest.param(
            lambda: may_grant("contrat", [], request()),  # type: ignore[arg-type]
            InvalidValueError,
            "contract : valeur invalide ('contrat') ; attendu : un Contract(...).",
            {"field": "contract", "value": "contrat"},
            id="may_grant-contract",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, [], "demande"),  # type: ignore[arg-type]
            InvalidValueError,
            "request : valeur invalide ('demande') ; attendu : une GrantRequest(...).",
            {"field": "request", "value": "demande"},
            id="may_grant-request",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, "h1", request()),  # type: ignore[arg-type]
            InvalidValueError,
            "existing : valeur invalide ('h1') ; attendu : une suite de Habilitation(...).",
            {"field": "existing", "value": "h1"},
            id="may_grant-existing-not-a-sequence",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, ["h1"], request()),  # type: ignore[list-item]
            InvalidValueError,
            "existing : élément invalide ('h1') ; attendu : Habilitation(...).",
            {"field": "existing", "value": "h1"},
            id="may_grant-existing-item",
        ),
        pytest.param(
            lambda: may_grant(CONTRACT, [], request(), delegation="retirée"),  # type: ignore[arg-type]
            InvalidValueError,
            "delegation : valeur invalide ('retirée') ; attendu : une Delegation(...).",
            {"field": "delegation", "value": "retirée"},
            id="may_grant-delegation",
        ),
        pytest.param(
            lambda: suspend("h1", by="Caf", at=paris(2026, 2, 1), reason="contrôle"),  # type: ignore[arg-type]
            InvalidValueError,
            "habilitation : valeur invalide ('h1') ; attendu : une Habilitation(...).",
            {"field": "habilitation", "value": "h1"},
            id="suspend-not-an-habilitation",
        ),
        pytest.param(
            lambda: suspend(granted("h1"), by="Caf", at=datetime(2026, 2, 1), reason="contrôle"),  # noqa: DTZ001
            NaiveDatetimeError,
            f"CafAction.at : datetime sans fuseau horaire (naïf) (datetime.datetime(2026, 2, 1, 0, 0)) ; attendu : {_NAIVE_EXPECTED}.",
            {"field": "CafAction.at"},
            id="suspend-naive-instant",
        ),
        pytest.param(
            lambda: suspend(granted("h1"), by="Caf", at=paris(2026, 2, 1), reason=""),
            InvalidValueError,
            "CafAction.reason : valeur invalide ('') ; attendu : un texte non vide.",
            {"field": "CafAction.reason", "value": ""},
            id="suspend-without-reason",
        ),
        pytest.param(
            lambda: withdraw_delegation("en place", by="Caf", at=paris(2026, 2, 1), reason="m"),  # type: ignore[arg-type]
            InvalidValueError,
            "delegation : valeur invalide ('en place') ; attendu : une Delegation(...).",
            {"field": "delegation", "value": "en place"},
            id="withdraw_delegation-not-a-delegation",
        ),
        pytest.param(
            lambda: restore_delegation("retirée", by="Caf", at=paris(2026, 2, 1), reason="m"),  # type: ignore[arg-type]
            InvalidValueError,
            "delegation : valeur invalide ('retirée') ; attendu : une Delegation(...).",
            {"field": "delegation", "value": "retirée"},
            id="restore_delegation-not-a-delegation",
        ),
    ],
)
def test_the_rules_refuse_malformed_arguments_saying_which_and_what_is_expected(
    call: Callable[[], object],
    error: type[CafContractError],
    message: str,
    fields: dict[str, object],
) -> None:
    assert_refused(call, error, message, fields)


@pytest.mark.parametrize("empty", [set(), frozenset(), [], ()])
def test_an_habilitation_or_a_request_without_scope_is_refused(empty: object) -> None:
    # Like a role of the bulletin (annexe 2): access to no data at all is no habilitation.
    with pytest.raises(InvalidValueError, match=r"Habilitation\.scopes : .* attendu : au moins"):
        granted("h1", scopes=empty)
    with pytest.raises(InvalidValueError, match=r"GrantRequest\.scopes : .* attendu : au moins"):
        request(scopes=empty)


def test_a_dossier_with_an_habilitation_without_scope_does_not_load() -> None:
    data = json.loads(resources.files("caf_contract").joinpath("data", EXAMPLE).read_text("utf-8"))
    assert parse_dossier(json.dumps(data)).habilitations  # the example loads as it is
    data["habilitations"][0]["scopes"] = []
    with pytest.raises(LoadError) as caught:
        parse_dossier(json.dumps(data))
    assert caught.value.path == "habilitations[0].scopes"
    assert "au moins un élément" in str(caught.value)


def test_the_role_and_the_habilitation_refuse_empty_scopes_with_one_validator() -> None:
    # One piece of code: the same message, the article of each value object.
    with pytest.raises(InvalidValueError) as role_error:
        Role(name="consultation", scopes=set(), purpose="instruction")
    with pytest.raises(InvalidValueError) as habilitation_error:
        granted("h1", scopes=set())
    assert role_error.value.expected == habilitation_error.value.expected
    assert role_error.value.problem == habilitation_error.value.problem


def _full_cdap_usage() -> dict[tuple[str, str | None], int]:
    # CDAP: 6 habilitations at most, the service full.
    return {("CDAP", "consultation"): 6}


@pytest.mark.parametrize("adding", [-5, 0, True, 1.0, "x", None])
def test_quota_check_refuses_anything_but_a_positive_number_to_add(adding: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        quota_check(CDAP, _full_cdap_usage(), "consultation", adding=adding)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"adding : valeur invalide ({adding!r}) ; "
        "attendu : un nombre d'habilitations à créer, entier, au moins 1."
    )
    assert (caught.value.field, caught.value.value) == ("adding", adding)


_USAGE_EXPECTED = (
    "un dictionnaire {(service, rôle ou None): nombre}, comme le donne quota_usage(...)"
)
_KEY_EXPECTED = "des clés (service, rôle ou None)"
_COUNT_EXPECTED = "un nombre d'habilitations entier, au moins 0"


@pytest.mark.parametrize(
    ("usage", "message", "value"),
    [
        (None, f"usage : valeur invalide (None) ; attendu : {_USAGE_EXPECTED}.", None),
        (
            [("CDAP", "consultation")],
            f"usage : valeur invalide ([('CDAP', 'consultation')]) ; attendu : {_USAGE_EXPECTED}.",
            [("CDAP", "consultation")],
        ),
        ({"a": 1}, f"usage : clé invalide ('a') ; attendu : {_KEY_EXPECTED}.", "a"),
        (
            {("CDAP",): 1},
            f"usage : clé invalide (('CDAP',)) ; attendu : {_KEY_EXPECTED}.",
            ("CDAP",),
        ),
        (
            {("CDAP", "consultation", "x"): 1},
            f"usage : clé invalide (('CDAP', 'consultation', 'x')) ; attendu : {_KEY_EXPECTED}.",
            ("CDAP", "consultation", "x"),
        ),
        (
            {("CDAP", 3): 1},
            f"usage : clé invalide (('CDAP', 3)) ; attendu : {_KEY_EXPECTED}.",
            ("CDAP", 3),
        ),
        (
            {(3, "consultation"): 1},
            f"usage : clé invalide ((3, 'consultation')) ; attendu : {_KEY_EXPECTED}.",
            (3, "consultation"),
        ),
        (
            {("CDAP", "consultation"): -1},
            f"usage : nombre invalide pour ('CDAP', 'consultation') (-1) ; attendu : {_COUNT_EXPECTED}.",
            -1,
        ),
        (
            {("CDAP", None): True},
            f"usage : nombre invalide pour ('CDAP', None) (True) ; attendu : {_COUNT_EXPECTED}.",
            True,
        ),
        (
            {("CDAP", "consultation"): 1.5},
            f"usage : nombre invalide pour ('CDAP', 'consultation') (1.5) ; attendu : {_COUNT_EXPECTED}.",
            1.5,
        ),
        (
            {("CDAP", "consultation"): "2"},
            f"usage : nombre invalide pour ('CDAP', 'consultation') ('2') ; attendu : {_COUNT_EXPECTED}.",
            "2",
        ),
    ],
)
def test_quota_check_and_quotas_held_refuse_a_malformed_usage(
    usage: object, message: str, value: object
) -> None:
    for check in (quota_check, quotas_held):
        with pytest.raises(InvalidValueError) as caught:
            check(CDAP, usage, "consultation")  # type: ignore[arg-type]
        assert str(caught.value) == message
        assert (caught.value.field, caught.value.value) == ("usage", value)


def test_a_zero_count_is_a_count() -> None:
    assert quota_check(CDAP, {("CDAP", "consultation"): 0}, "consultation")


def test_quota_check_reads_a_plain_mapping_and_service_wide_counts() -> None:
    # A dict need not hold every key a Counter would; (service, None) counts for the
    # service-wide quota only.
    assert quota_check(CDAP, {}, "instruction")
    assert quota_check(CDAP, {("CDAP", "consultation"): 5}, "consultation")
    assert not quota_check(CDAP, {("CDAP", "consultation"): 5}, "consultation", adding=2)
    whole_service: dict[tuple[str, str | None], int] = {("CDAP", None): 6}
    assert not quota_check(CDAP, whole_service, "consultation")
    whole_service = {("CDAP", None): 4}
    assert quota_check(CDAP, whole_service, "instruction", adding=2)
    assert not quota_check(CDAP, whole_service, "instruction", adding=3)
    elsewhere: dict[tuple[str, str | None], int] = {("CDAP", "instruction"): 0, ("RSA", None): 99}
    assert quota_check(CDAP, elsewhere, "instruction", adding=2)


# --- properties


@given(cst.contracts(), st.data())
def test_accepting_exactly_what_may_grant_allows_never_exceeds_a_quota(
    contract: Contract, data: st.DataObject
) -> None:
    requests = data.draw(st.lists(hst.grant_requests(contract=contract), max_size=15))
    existing: list[Habilitation] = []
    clock = datetime(2026, 1, 1, tzinfo=UTC)
    for number, grant in enumerate(requests):
        if may_grant(contract, existing, grant):
            clock += timedelta(minutes=1)
            existing.append(
                Habilitation(
                    id=f"h{number}",
                    user=grant.user,
                    service=grant.service,
                    role=grant.role,
                    scopes=grant.scopes,
                    granted_by=grant.grantor,
                    granted_by_level=grant.grantor_level,
                    granted_at=clock,
                )
            )
    usage = quota_usage(existing)
    for bulletin in contract.bulletins:
        for quota in bulletin.quotas:
            used = sum(
                n
                for (s, r), n in usage.items()
                if s == bulletin.service and quota.role in {None, r}
            )
            assert used <= quota.maximum


@given(cst.bulletins(), st.data())
def test_devalidating_frees_a_place(bulletin: Bulletin, data: st.DataObject) -> None:
    role = data.draw(st.sampled_from(bulletin.roles)).name
    assume(bulletin.quotas_for(role))  # a role no quota covers can never be granted
    one = data.draw(hst.habilitations(bulletin=bulletin, state=HabilitationState.ACTIVE))
    one = attrs.evolve(one, role=role, scopes=bulletin.role(role).scopes)
    full: list[Habilitation] = []
    while quota_check(bulletin, quota_usage(full), role):
        full.append(attrs.evolve(one, id=f"h{len(full)}"))
    assert not quota_check(bulletin, quota_usage(full), role)
    last = full[-1]
    freed = [*full[:-1], devalidate(last, by="partenaire", at=last.granted_at, reason="départ")]
    assert quota_check(bulletin, quota_usage(freed), role)


@given(cst.bulletins(), st.data())
def test_least_privilege_accepts_exactly_the_subsets_of_the_roles_scopes(
    bulletin: Bulletin, data: st.DataObject
) -> None:
    role = data.draw(st.sampled_from(bulletin.roles))
    wanted = data.draw(st.frozensets(st.sampled_from(sorted(bulletin.declared_scopes)), min_size=1))
    decision = least_privilege(bulletin, role.name, wanted)
    assert bool(decision) is (wanted <= role.scopes)
    if not decision:
        named = {reason.message.split("« ")[1].split(" »")[0] for reason in decision.reasons}
        assert named == wanted - role.scopes


@given(cst.bulletins(), st.integers(1, 6), st.integers(1, 6))
def test_level_k_appoints_only_k_plus_1_within_the_depth(
    bulletin: Bulletin, grantor: int, appointed: int
) -> None:
    decision = delegation_check(bulletin, grantor_level=grantor, appointed_level=appointed)
    assert bool(decision) is (appointed == grantor + 1 and appointed <= bulletin.delegation_depth)


@given(cst.bulletins(), st.data())
def test_usage_counts_every_habilitation_not_devalidated(
    bulletin: Bulletin, data: st.DataObject
) -> None:
    items = [
        data.draw(hst.habilitations(bulletin=bulletin, ident=f"h{n}"))
        for n in range(data.draw(st.integers(0, 8)))
    ]
    usage = quota_usage(items)
    assert sum(usage.values()) == sum(h.state is not HabilitationState.DEVALIDATED for h in items)
    assert all(
        h.counts_against_quota is (h.state is not HabilitationState.DEVALIDATED) for h in items
    )
