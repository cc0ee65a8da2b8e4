from __future__ import annotations

import json
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
    ChronologyError,
    Contract,
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
from tests.strategies import habilitations as hst

CONTRACT = example_dossier().contract
_CDAP = CONTRACT.bulletin("CDAP")
assert _CDAP is not None
CDAP: Bulletin = _CDAP
PRINCIPAL = "lbernard@coteaux-exemple.fr"
SUPPLEANT = "Hugo Petit"


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


# --- the Caf's powers and the lifecycle


def test_the_caf_powers_are_pure_transitions_recording_who_when_why() -> None:
    original = granted("h1")
    flagged = force_password_change(
        original, by="Caf 82", at=paris(2026, 2, 1), reason="fuite suspectée"
    )
    assert flagged.password_change_required
    assert not original.password_change_required
    suspended = suspend(flagged, by="Caf 82", at=paris(2026, 2, 2), reason="connexions anormales")
    back = reinstate(suspended, by="Caf 82", at=paris(2026, 2, 9), reason="contrôle levé")
    gone = devalidate(back, by=PRINCIPAL, at=paris(2026, 6, 30, 18), reason="départ de l'agent")
    assert [action.kind.value for action in gone.history] == [
        "modification du mot de passe forcée",
        "suspension à titre conservatoire",
        "rétablissement",
        "dévalidation",
    ]
    assert gone.devalidated_on == paris(2026, 6, 30).date()
    assert back.devalidated_on is None
    assert (
        str(gone.history[1])
        == "suspension à titre conservatoire le 02/02/2026 à 09:00 par Caf 82 (connexions anormales)"
    )
    assert original.history == ()


@pytest.mark.parametrize(
    ("transition", "state"),
    [
        (reinstate, HabilitationState.ACTIVE),
        (suspend, HabilitationState.SUSPENDED),
        (suspend, HabilitationState.DEVALIDATED),
        (reinstate, HabilitationState.DEVALIDATED),
        (devalidate, HabilitationState.DEVALIDATED),
        (force_password_change, HabilitationState.DEVALIDATED),
    ],
)
def test_transitions_out_of_order_are_refused(transition: object, state: HabilitationState) -> None:
    start = granted("h1")
    if state is HabilitationState.SUSPENDED:
        start = suspend(start, by="Caf", at=paris(2026, 2, 1), reason="contrôle")
    elif state is HabilitationState.DEVALIDATED:
        start = devalidate(start, by="Caf", at=paris(2026, 2, 1), reason="départ")
    with pytest.raises(
        InvalidTransitionError,
        match=rf"^Art\. 2\.2 — habilitation 'h1' : « .* » impossible depuis l'état « {state.value} »",
    ):
        transition(start, by="Caf", at=paris(2026, 3, 1), reason="essai")  # type: ignore[operator]


def test_a_transition_dated_before_the_last_event_is_refused() -> None:
    suspended = suspend(granted("h1"), by="Caf", at=paris(2026, 3, 1), reason="contrôle")
    with pytest.raises(ChronologyError, match="rétablissement"):
        reinstate(suspended, by="Caf", at=paris(2026, 2, 1), reason="contrôle levé")
    with pytest.raises(ChronologyError, match="granted_at"):
        granted(
            "h2", history=(suspended.history[0],), granted_at=paris(2026, 4, 1), state="suspendue"
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
    with pytest.raises(InvalidValueError, match="Delegation.history"):
        Delegation(
            history=(CafAction(kind="rétablissement", by="Caf", at=paris(2026, 1, 1), reason="x"),)
        )


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"granted_at": datetime(2026, 1, 5, 9)}, NaiveDatetimeError, "Habilitation.granted_at"),  # noqa: DTZ001
        ({"granted_by_level": 0}, InvalidValueError, "granted_by_level"),
        ({"administrator_level": -1}, InvalidValueError, "administrator_level"),
        ({"scopes": "dossier"}, InvalidValueError, "scopes"),
        ({"state": "perdue"}, InvalidValueError, "Habilitation.state"),
        ({"state": "dévalidée"}, InvalidValueError, "exactement quand"),
        ({"password_change_required": "oui"}, InvalidValueError, "password_change_required"),
        ({"id": " "}, InvalidValueError, "Habilitation.id"),
    ],
)
def test_malformed_habilitations_are_refused(
    changes: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        granted("h1", **changes)


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


def test_naive_instants_are_refused_in_transitions() -> None:
    with pytest.raises(NaiveDatetimeError, match="CafAction.at"):
        suspend(granted("h1"), by="Caf", at=datetime(2026, 2, 1), reason="contrôle")  # noqa: DTZ001
    with pytest.raises(InvalidValueError, match="CafAction.reason"):
        suspend(granted("h1"), by="Caf", at=paris(2026, 2, 1), reason="")
    with pytest.raises(InvalidValueError, match="une Habilitation"):
        suspend("h1", by="Caf", at=paris(2026, 2, 1), reason="contrôle")  # type: ignore[arg-type]


def test_the_rules_check_their_arguments() -> None:
    with pytest.raises(InvalidValueError, match="un Bulletin"):
        quota_check("CDAP", quota_usage([]), "consultation")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="grantor_level"):
        delegation_check(CDAP, grantor_level=0, appointed_level=1)
    with pytest.raises(InvalidValueError, match="une GrantRequest"):
        may_grant(CONTRACT, [], "demande")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="existing"):
        may_grant(CONTRACT, ["h1"], request())  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="une Delegation"):
        may_grant(CONTRACT, [], request(), delegation="retirée")  # type: ignore[arg-type]


def _full_cdap_usage() -> dict[tuple[str, str | None], int]:
    # CDAP: 6 habilitations at most, the service full.
    return {("CDAP", "consultation"): 6}


@pytest.mark.parametrize("adding", [-5, 0, True, 1.0, "x", None])
def test_quota_check_refuses_anything_but_a_positive_number_to_add(adding: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^adding : .* attendu : un nombre") as caught:
        quota_check(CDAP, _full_cdap_usage(), "consultation", adding=adding)  # type: ignore[arg-type]
    assert caught.value.value == adding


@pytest.mark.parametrize(
    ("usage", "problem"),
    [
        (None, "usage : valeur invalide"),
        ([("CDAP", "consultation")], "usage : valeur invalide"),
        ({"a": 1}, "usage : clé invalide"),
        ({("CDAP",): 1}, "usage : clé invalide"),
        ({("CDAP", 3): 1}, "usage : clé invalide"),
        ({(3, "consultation"): 1}, "usage : clé invalide"),
        ({("CDAP", "consultation"): -1}, "usage : nombre invalide pour"),
        ({("CDAP", "consultation"): True}, "usage : nombre invalide pour"),
        ({("CDAP", "consultation"): 1.5}, "usage : nombre invalide pour"),
        ({("CDAP", "consultation"): "2"}, "usage : nombre invalide pour"),
    ],
)
def test_quota_check_refuses_a_malformed_usage(usage: object, problem: str) -> None:
    with pytest.raises(InvalidValueError, match=f"^{problem}"):
        quota_check(CDAP, usage, "consultation")  # type: ignore[arg-type]


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


def test_a_history_out_of_order_is_refused() -> None:
    first = CafAction(
        kind="suspension à titre conservatoire", by="Caf", at=paris(2026, 3, 1), reason="contrôle"
    )
    second = CafAction(kind="rétablissement", by="Caf", at=paris(2026, 2, 1), reason="levée")
    with pytest.raises(ChronologyError, match="« rétablissement » .* précède « suspension"):
        granted("h1", history=(first, second))


def test_quotas_held_checks_existing_habilitations_without_adding_one() -> None:
    assert quotas_held(CDAP, _full_cdap_usage(), "consultation")
    assert not quota_check(CDAP, _full_cdap_usage(), "consultation")
    over = quotas_held(CDAP, {("CDAP", "consultation"): 7}, "consultation")
    assert [r.message for r in over.reasons] == [
        "quota du service « CDAP » atteint : 7 habilitation(s) sur 6"
    ]
    with pytest.raises(InvalidValueError, match="^usage : clé invalide"):
        quotas_held(CDAP, {"CDAP": 1}, "consultation")  # type: ignore[arg-type]
