from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Bulletin,
    ChronologyError,
    InvalidTransitionError,
    InvalidValueError,
    NaiveDatetimeError,
)
from caf_contract._time import PARIS
from caf_contract.files import example_dossier
from caf_contract.habilitations import Habilitation, HabilitationState
from caf_contract.ledger import Event, EventKind, LedgerState, apply, replay, state_as_of
from tests import strategies as cst
from tests.strategies import habilitations as hst

CDAP = example_dossier().contract.bulletin("CDAP")
assert CDAP is not None


def paris(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


def grant(ident: str, at: datetime) -> Event:
    return Event.granted(
        Habilitation(
            id=ident,
            user=f"agent-{ident}",
            service="CDAP",
            role="consultation",
            scopes={"dossier"},
            granted_by="lbernard@coteaux-exemple.fr",
            granted_by_level=1,
            granted_at=at,
        )
    )


def act(kind: str, at: datetime, ident: str | None = None) -> Event:
    return Event(kind=kind, at=at, by="Caf 82", reason="contrôle", habilitation_id=ident)


HISTORY = [
    grant("h1", paris(2026, 1, 5)),
    grant("h2", paris(2026, 1, 6)),
    act("suspension à titre conservatoire", paris(2026, 2, 1), "h1"),
    act("délégation supprimée", paris(2026, 2, 2)),
    act("dévalidation", paris(2026, 2, 3), "h1"),
    act("délégation rendue", paris(2026, 3, 1)),
]


def test_replaying_the_history_gives_the_state_now_and_at_any_past_instant() -> None:
    now = replay(HISTORY)
    assert [h.state for h in now.habilitations] == [
        HabilitationState.DEVALIDATED,
        HabilitationState.ACTIVE,
    ]
    assert now.delegation.withdrawn is None
    assert now.events == tuple(HISTORY)
    before = state_as_of(HISTORY, paris(2026, 2, 2, 12))
    assert before.habilitation("h1").state is HabilitationState.SUSPENDED
    assert before.delegation.withdrawn is not None
    assert state_as_of(HISTORY, paris(2026, 1, 5, 8)) == LedgerState()
    assert replay(reversed(HISTORY)) == now  # the instants decide the order


def test_events_out_of_order_are_refused() -> None:
    with pytest.raises(
        InvalidTransitionError,
        match="habilitation 'h1' : « rétablissement » impossible depuis l'état « dévalidée »",
    ):
        replay([*HISTORY, act("rétablissement", paris(2026, 4, 1), "h1")])
    with pytest.raises(
        InvalidTransitionError,
        match="habilitation 'h9' : « suspension à titre conservatoire » impossible depuis l'état « inconnue »",
    ):
        replay([*HISTORY, act("suspension à titre conservatoire", paris(2026, 4, 1), "h9")])
    with pytest.raises(InvalidTransitionError, match="déjà accordée"):
        replay([*HISTORY, grant("h2", paris(2026, 4, 1))])
    with pytest.raises(InvalidTransitionError, match="la délégation"):
        replay([*HISTORY, act("délégation rendue", paris(2026, 4, 1))])
    with pytest.raises(ChronologyError, match="précède"):
        apply(replay(HISTORY), act("suspension à titre conservatoire", paris(2026, 1, 1), "h2"))


@pytest.mark.parametrize(
    ("arguments", "match"),
    [
        ({"kind": "habilitation accordée"}, "Event.habilitation"),
        ({"kind": "dévalidation"}, "Event.habilitation_id"),
        ({"kind": "délégation supprimée", "habilitation_id": "h1"}, "vise la délégation"),
        ({"kind": "oubli", "habilitation_id": "h1"}, "Event.kind"),
        ({"kind": "dévalidation", "habilitation_id": 3}, "Event.habilitation_id"),
    ],
)
def test_malformed_events_are_refused(arguments: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidValueError, match=match):
        Event(at=paris(2026, 1, 1), by="Caf 82", **arguments)  # type: ignore[arg-type]


def test_a_grant_event_carries_a_fresh_habilitation_granted_at_its_instant() -> None:
    event = grant("h1", paris(2026, 1, 5))
    assert event.habilitation is not None
    with pytest.raises(InvalidValueError, match="accordée à l'instant"):
        attrs.evolve(event, at=paris(2026, 1, 6))
    with pytest.raises(NaiveDatetimeError, match="Event.at"):
        act("délégation supprimée", datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(InvalidValueError, match="une Habilitation"):
        Event.granted("h1")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="habilitation_id"):
        LedgerState().habilitation("h1")
    with pytest.raises(InvalidValueError, match="events"):
        replay(["h1"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="un LedgerState"):
        apply("état", event)  # type: ignore[arg-type]


ON_HABILITATIONS = {
    EventKind.SUSPENDED,
    EventKind.REINSTATED,
    EventKind.DEVALIDATED,
    EventKind.PASSWORD_CHANGE_FORCED,
}


@pytest.mark.parametrize("kind", [kind for kind in EventKind if kind is not EventKind.GRANTED])
def test_an_action_without_who_or_why_is_refused_at_construction_not_at_replay(
    kind: EventKind,
) -> None:
    ident = "h1" if kind in ON_HABILITATIONS else None
    at = paris(2026, 2, 1)
    for blank in ("", "  "):
        with pytest.raises(
            InvalidValueError,
            match=rf"^Art\. 2\.2 — Event\.reason : motif absent \('{blank}'\) ; attendu : le motif de « {kind} », un texte non vide",
        ):
            Event(kind=kind, at=at, by="Caf 82", habilitation_id=ident, reason=blank)
        with pytest.raises(
            InvalidValueError,
            match=rf"^Event\.by : valeur invalide \('{blank}'\) ; attendu : le nom de qui a agi, un texte non vide",
        ):
            Event(kind=kind, at=at, by=blank, habilitation_id=ident, reason="contrôle")
    with pytest.raises(InvalidValueError, match="Event.reason : motif absent"):
        Event(kind=kind, at=at, by="Caf 82", habilitation_id=ident)  # no reason at all
    with pytest.raises(InvalidValueError, match=r"^Event\.reason : valeur invalide \(3\)"):
        Event(kind=kind, at=at, by="Caf 82", habilitation_id=ident, reason=3)  # type: ignore[arg-type]


def test_a_grant_needs_its_grantor_but_no_reason() -> None:
    event = grant("h1", paris(2026, 1, 5))
    assert event.reason == ""
    with pytest.raises(InvalidValueError, match="Event.by"):
        attrs.evolve(event, by=" ")


def test_a_ledger_state_is_checked_at_construction() -> None:
    granted = grant("h1", paris(2026, 1, 5)).habilitation
    assert granted is not None
    with pytest.raises(
        InvalidValueError,
        match=r"^LedgerState\.habilitations : valeur invalide \('x'\) ; attendu : une suite de Habilitation\(\.\.\.\)\.$",
    ):
        LedgerState(habilitations="x")
    with pytest.raises(InvalidValueError, match=r"LedgerState\.habilitations : élément invalide"):
        LedgerState(habilitations=(granted, "h2"))
    with pytest.raises(
        InvalidValueError,
        match=r"^Art\. 2\.2 — LedgerState\.habilitations : identifiant en double \('h1'\)",
    ):
        LedgerState(habilitations=(granted, granted))
    with pytest.raises(
        InvalidValueError, match=r"^LedgerState\.delegation : valeur invalide \(None\)"
    ):
        LedgerState(delegation=None)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidValueError, match=r"^LedgerState\.events : élément invalide \('h1'\)"
    ):
        LedgerState(events=("h1",))
    with pytest.raises(
        ChronologyError, match=r"^Art\. 2\.2 — « habilitation accordée » \(2026-01-05"
    ):
        LedgerState(events=(HISTORY[1], HISTORY[0]))
    assert LedgerState(habilitations=[granted]).habilitations == (granted,)
    assert LedgerState(events=iter(HISTORY)).events == tuple(HISTORY)


# --- properties


@given(cst.bulletins(), st.data())
def test_replaying_equals_applying_one_by_one_and_loses_no_event(
    bulletin: Bulletin, data: st.DataObject
) -> None:
    events = data.draw(hst.event_logs(bulletin=bulletin))
    state = LedgerState()
    for event in events:
        state = apply(state, event)
    assert replay(events) == state
    if len({event.at for event in events}) == len(events):  # distinct instants: any order
        assert replay(data.draw(st.permutations(events))) == state
    assert state.events == tuple(events)
    assert len(state.habilitations) == sum(e.kind is EventKind.GRANTED for e in events)


@given(cst.bulletins(), st.data())
def test_the_state_as_of_t_depends_only_on_the_events_up_to_t(
    bulletin: Bulletin, data: st.DataObject
) -> None:
    events = data.draw(hst.event_logs(bulletin=bulletin))
    cut = data.draw(st.integers(0, len(events)))
    moment = events[cut - 1].at if cut else events[0].at - timedelta(seconds=1)
    expected = [event for event in events if event.at <= moment]
    # Whatever comes after t, even an event that could never be applied, changes nothing at t.
    future = Event(
        kind=EventKind.REINSTATED,
        at=events[-1].at + timedelta(days=1),
        by="x",
        habilitation_id="nowhere",
        reason="erreur de saisie",
    )
    assert state_as_of([*events, future], moment) == replay(expected)
    assert state_as_of(events, moment) == replay(expected)
    assert state_as_of(events, moment.astimezone(PARIS)) == replay(expected)
    assert state_as_of(events, datetime(2100, 1, 1, tzinfo=UTC)) == replay(events)
