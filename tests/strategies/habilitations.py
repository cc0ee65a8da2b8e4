"""Strategies for habilitations, grant requests and ledgers of events (Art. 2.2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from caf_contract.files import example_dossier
from caf_contract.habilitations import (
    ActionKind,
    CafAction,
    Delegation,
    GrantRequest,
    Habilitation,
    HabilitationState,
    devalidate,
    force_password_change,
    reinstate,
    suspend,
)
from caf_contract.ledger import Event, LedgerState, replay
from caf_contract.parties import Actor
from caf_contract.retention import habilitation_retention_cutoff_instant
from tests import strategies as cst

if TYPE_CHECKING:
    from caf_contract import Bulletin, Contract

USERS = st.sampled_from([f"agent{number}" for number in range(1, 13)])

# The example's contract: a Caf 82 and a partner of SIREN 123456782, whose
# administrateur principal grants and whose Caf acts.
EXAMPLE = example_dossier().contract
PARTNER_SIREN = "123456782"
PRINCIPAL = Actor.partner(PARTNER_SIREN, "lbernard@coteaux-exemple.fr")
CAF_82 = Actor.caf("82", "Centre de services de la Caf")
REASONS = st.sampled_from(
    ["connexions anormales", "départ de l'agent", "contrôle de la Caf", "fin de mission"]
)


@st.composite
def habilitations(
    draw: st.DrawFn,
    *,
    bulletin: Bulletin,
    ident: str | None = None,
    state: HabilitationState | None = None,
    at: datetime | None = None,
) -> Habilitation:
    """An habilitation of ``bulletin``, within its role's scopes, in any state."""
    role = draw(st.sampled_from(bulletin.roles))
    granted_at = at if at is not None else draw(cst.aware_datetimes())
    habilitation = Habilitation(
        id=ident or draw(st.uuids()).hex[:8],
        user=draw(USERS),
        employer=PARTNER_SIREN,
        service=bulletin.service,
        role=role.name,
        scopes=draw(st.frozensets(st.sampled_from(sorted(role.scopes)), min_size=1)),
        granted_by=PRINCIPAL,
        granted_at=granted_at,
    )
    wanted = state or draw(st.sampled_from(HabilitationState))
    later = granted_at.astimezone(UTC) + timedelta(days=draw(st.integers(0, 400)))
    if wanted is HabilitationState.SUSPENDED:
        habilitation = suspend(
            habilitation, by=CAF_82, at=later, reason=draw(REASONS), contract=EXAMPLE
        )
    elif wanted is HabilitationState.DEVALIDATED:
        by = draw(st.sampled_from([CAF_82, PRINCIPAL]))
        habilitation = devalidate(
            habilitation, by=by, at=later, reason=draw(REASONS), contract=EXAMPLE
        )
    return habilitation


@st.composite
def grant_requests(
    draw: st.DrawFn, *, contract: Contract, within_role: bool = True
) -> GrantRequest:
    """A request from the contract's administrateur principal for one of its services.

    ``within_role=False`` may ask for scopes of other roles of the bulletin.
    """
    bulletin = draw(st.sampled_from(contract.bulletins))
    role = draw(st.sampled_from(bulletin.roles))
    pool = role.scopes if within_role else bulletin.declared_scopes
    principal = next(
        p for p in contract.interlocutors.partner if p.role.value == "administrateur_principal"
    )
    partner = contract.partner.siren
    assert partner is not None  # a complete contract names its partner
    return GrantRequest(
        user=draw(USERS),
        employer=partner,
        service=bulletin.service,
        role=role.name,
        scopes=draw(st.frozensets(st.sampled_from(sorted(pool)), min_size=1)),
        grantor=Actor.partner(partner, principal.email or principal.name),
    )


# --- ledgers

_ACTIONS = {
    ActionKind.SUSPENDED: (suspend, {HabilitationState.ACTIVE}),
    ActionKind.REINSTATED: (reinstate, {HabilitationState.SUSPENDED}),
    ActionKind.DEVALIDATED: (devalidate, {HabilitationState.ACTIVE, HabilitationState.SUSPENDED}),
    ActionKind.PASSWORD_CHANGE_FORCED: (
        force_password_change,
        {HabilitationState.ACTIVE, HabilitationState.SUSPENDED},
    ),
}


@st.composite
def event_logs(draw: st.DrawFn, *, bulletin: Bulletin, max_events: int = 12) -> list[Event]:
    """A valid history: grants, then actions each allowed by the state it meets.

    Instants never go back; some events share an instant. The list comes in the
    order of the instants.
    """
    clock = draw(cst.aware_datetimes(max_value=datetime(2040, 1, 1))).astimezone(UTC)  # noqa: DTZ001
    states: dict[str, HabilitationState] = {}
    withdrawn = False
    events: list[Event] = []
    for number in range(draw(st.integers(1, max_events))):
        clock += timedelta(minutes=draw(st.sampled_from([0, 1, 90, 60 * 24 * 3])))
        choices = ["grant", "delegation"] + [
            kind.name
            for kind, (_, allowed) in _ACTIONS.items()
            if any(state in allowed for state in states.values())
        ]
        choice = draw(st.sampled_from(choices))
        if choice == "grant" or not states:
            habilitation = draw(
                habilitations(
                    bulletin=bulletin, ident=f"h{number}", state=HabilitationState.ACTIVE, at=clock
                )
            )
            states[habilitation.id] = HabilitationState.ACTIVE
            events.append(Event.granted(habilitation))
        elif choice == "delegation":
            kind = ActionKind.DELEGATION_RESTORED if withdrawn else ActionKind.DELEGATION_WITHDRAWN
            withdrawn = not withdrawn
            events.append(Event(kind=kind, at=clock, by=CAF_82, reason=draw(REASONS)))
        else:
            kind = ActionKind[choice]
            allowed = _ACTIONS[kind][1]
            target = draw(st.sampled_from(sorted(i for i, s in states.items() if s in allowed)))
            if kind is ActionKind.SUSPENDED:
                states[target] = HabilitationState.SUSPENDED
            elif kind is ActionKind.REINSTATED:
                states[target] = HabilitationState.ACTIVE
            elif kind is ActionKind.DEVALIDATED:
                states[target] = HabilitationState.DEVALIDATED
            events.append(
                Event(kind=kind, at=clock, by=CAF_82, habilitation_id=target, reason=draw(REASONS))
            )
    return events


def ledger_states(*, bulletin: Bulletin) -> st.SearchStrategy[LedgerState]:
    """The state a valid history of events leads to (under the example's Caf 82)."""
    return event_logs(bulletin=bulletin).map(lambda events: replay(events, contract=EXAMPLE))


@st.composite
def caf_actions(draw: st.DrawFn) -> CafAction:
    """One recorded action of the Caf or the partner, of any kind."""
    return CafAction(
        kind=draw(st.sampled_from([kind for kind in ActionKind if kind is not ActionKind.GRANTED])),
        by=draw(cst.actors()),
        at=draw(cst.aware_datetimes()),
        reason=draw(REASONS),
    )


def delegations(*, withdrawn: bool) -> st.SearchStrategy[Delegation]:
    """A delegation in place, or withdrawn by the Caf."""
    if not withdrawn:
        return st.just(Delegation())
    return cst.aware_datetimes().map(
        lambda at: Delegation(
            history=(
                CafAction(kind="délégation supprimée", by=CAF_82, at=at, reason="manquements"),
            )
        )
    )


def devalidations_near_cutoff(as_of: date | datetime) -> st.SearchStrategy[datetime]:
    """Dévalidation instants around the cutoff of ``as_of`` (± 26 h, ± 1 s), in several zones."""
    return cst.instants_around(habilitation_retention_cutoff_instant(as_of))
