from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    Bulletin,
    CafContractError,
    ChronologyError,
    InvalidTransitionError,
    InvalidValueError,
    NaiveDatetimeError,
    UnauthorisedActionError,
)
from caf_contract._time import PARIS
from caf_contract.files import example_dossier
from caf_contract.habilitations import (
    ActionKind,
    Delegation,
    Habilitation,
    HabilitationState,
    force_password_change,
)
from caf_contract.ledger import Event, LedgerState, apply, replay, state_as_of
from caf_contract.parties import Actor
from tests import strategies as cst
from tests.expect import assert_refused
from tests.strategies import habilitations as hst

CONTRACT = example_dossier().contract
CDAP = CONTRACT.bulletin("CDAP")
assert CDAP is not None
PRINCIPAL = Actor.partner("123456782", "lbernard@coteaux-exemple.fr")
CAF = Actor.caf("82", "Centre de services de la Caf")


def paris(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


def habilitation(ident: str, at: datetime) -> Habilitation:
    return Habilitation(
        id=ident,
        user=f"agent-{ident}",
        service="CDAP",
        role="consultation",
        scopes={"dossier"},
        employer="123456782",
        granted_by=PRINCIPAL,
        granted_at=at,
    )


def grant(ident: str, at: datetime) -> Event:
    return Event.granted(habilitation(ident, at))


def act(kind: str, at: datetime, ident: str | None = None) -> Event:
    return Event(kind=kind, at=at, by=CAF, reason="contrôle", habilitation_id=ident)


SUSPENSION = "suspension à titre conservatoire"
HISTORY = [
    grant("h1", paris(2026, 1, 5)),
    grant("h2", paris(2026, 1, 6)),
    act(SUSPENSION, paris(2026, 2, 1), "h1"),
    act("délégation supprimée", paris(2026, 2, 2)),
    act("dévalidation", paris(2026, 2, 3), "h1"),
    act("délégation rendue", paris(2026, 3, 1)),
]


def test_replaying_the_history_gives_the_state_now_and_at_any_past_instant() -> None:
    now = replay(HISTORY, contract=CONTRACT)
    assert [h.state for h in now.habilitations] == [
        HabilitationState.DEVALIDATED,
        HabilitationState.ACTIVE,
    ]
    assert now.delegation.withdrawn is None
    assert now.events == tuple(HISTORY)
    before = state_as_of(HISTORY, paris(2026, 2, 2, 12), contract=CONTRACT)
    assert before.habilitation("h1").state is HabilitationState.SUSPENDED
    assert before.delegation.withdrawn is not None
    assert state_as_of(HISTORY, paris(2026, 1, 5, 8), contract=CONTRACT) == LedgerState()
    assert replay(reversed(HISTORY), contract=CONTRACT) == now  # the instants decide the order


def test_events_out_of_order_are_refused() -> None:
    with pytest.raises(
        InvalidTransitionError,
        match="habilitation « h1 » : « rétablissement » impossible depuis l'état « dévalidée »",
    ):
        replay([*HISTORY, act("rétablissement", paris(2026, 4, 1), "h1")], contract=CONTRACT)
    with pytest.raises(
        InvalidTransitionError,
        match="habilitation « h9 » : « suspension à titre conservatoire » impossible depuis l'état « inconnue »",
    ):
        replay(
            [*HISTORY, act("suspension à titre conservatoire", paris(2026, 4, 1), "h9")],
            contract=CONTRACT,
        )
    with pytest.raises(InvalidTransitionError, match="déjà accordée"):
        replay([*HISTORY, grant("h2", paris(2026, 4, 1))], contract=CONTRACT)
    with pytest.raises(InvalidTransitionError, match="la délégation"):
        replay([*HISTORY, act("délégation rendue", paris(2026, 4, 1))], contract=CONTRACT)
    with pytest.raises(ChronologyError, match="précède"):
        apply(
            replay(HISTORY, contract=CONTRACT),
            act("suspension à titre conservatoire", paris(2026, 1, 1), "h2"),
            contract=CONTRACT,
        )


def test_an_event_exactly_at_the_instant_is_part_of_the_state_as_of_it() -> None:
    suspended_at = HISTORY[2].at
    at_that_instant = state_as_of(HISTORY, suspended_at, contract=CONTRACT)
    assert at_that_instant.habilitation("h1").state is HabilitationState.SUSPENDED
    assert at_that_instant.events == tuple(HISTORY[:3])
    just_before = state_as_of(HISTORY, suspended_at - timedelta(microseconds=1), contract=CONTRACT)
    assert just_before.habilitation("h1").state is HabilitationState.ACTIVE
    assert just_before.events == tuple(HISTORY[:2])


def test_events_of_one_instant_are_applied_in_the_order_given() -> None:
    at = paris(2026, 1, 5)
    same_instant = [
        grant("h1", at),
        act(SUSPENSION, at, "h1"),
        act("rétablissement", at, "h1"),
        act("délégation supprimée", at),
    ]
    state = replay(same_instant, contract=CONTRACT)
    assert state.events == tuple(same_instant)
    assert [a.kind.value for a in state.habilitation("h1").history] == [
        SUSPENSION,
        "rétablissement",
    ]
    assert state.delegation.withdrawn is not None
    assert LedgerState(events=same_instant).events == tuple(same_instant)


def test_an_action_changes_its_habilitation_only_whatever_its_place() -> None:
    state = replay(HISTORY[:2], contract=CONTRACT)
    changed = apply(state, act(SUSPENSION, paris(2026, 2, 1), "h2"), contract=CONTRACT)
    assert [(h.id, h.state) for h in changed.habilitations] == [
        ("h1", HabilitationState.ACTIVE),
        ("h2", HabilitationState.SUSPENDED),
    ]
    assert changed.habilitations[0] is state.habilitations[0]
    assert changed.habilitation("h2").history[0].reason == "contrôle"
    assert changed.delegation == state.delegation
    assert state.habilitation("h2").state is HabilitationState.ACTIVE  # untouched


def test_a_grant_event_is_the_grantor_at_the_grant_instant() -> None:
    granted = habilitation("h1", paris(2026, 1, 5))
    event = Event.granted(granted)
    assert (event.kind, event.at, event.by, event.reason) == (
        ActionKind.GRANTED,
        paris(2026, 1, 5),
        PRINCIPAL,
        "",
    )
    assert (event.habilitation, event.habilitation_id) == (granted, None)
    assert replay([event], contract=CONTRACT).habilitation("h1") is granted


ON_HABILITATIONS = {
    ActionKind.SUSPENDED,
    ActionKind.REINSTATED,
    ActionKind.DEVALIDATED,
    ActionKind.PASSWORD_CHANGE_FORCED,
}


@pytest.mark.parametrize("kind", [kind for kind in ActionKind if kind is not ActionKind.GRANTED])
def test_an_action_without_who_or_why_is_refused_at_construction_not_at_replay(
    kind: ActionKind,
) -> None:
    ident = "h1" if kind in ON_HABILITATIONS else None
    at = paris(2026, 2, 1)
    for blank in ("", "  "):
        with pytest.raises(
            InvalidValueError,
            match=rf"^Art\. 2\.2 — Event\.reason : motif absent \('{blank}'\) ; attendu : le motif de « {kind} », un texte non vide",
        ):
            Event(kind=kind, at=at, by=CAF, habilitation_id=ident, reason=blank)
        with pytest.raises(
            InvalidValueError,
            match=rf"^Event\.by : valeur invalide \('{blank}'\) ; attendu : qui a agi : un Actor",
        ):
            Event(kind=kind, at=at, by=blank, habilitation_id=ident, reason="contrôle")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="Event.reason : motif absent"):
        Event(kind=kind, at=at, by=CAF, habilitation_id=ident)  # no reason at all
    with pytest.raises(InvalidValueError, match=r"^Event\.reason : valeur invalide \(3\)"):
        Event(kind=kind, at=at, by=CAF, habilitation_id=ident, reason=3)  # type: ignore[arg-type]


def test_a_grant_needs_its_grantor_but_no_reason() -> None:
    event = grant("h1", paris(2026, 1, 5))
    assert event.reason == ""
    with pytest.raises(InvalidValueError, match="Event.by"):
        attrs.evolve(event, by=" ")  # type: ignore[arg-type]


def test_a_power_exercised_by_someone_not_entrusted_with_it_stops_the_replay() -> None:
    """« la Caf peut suspendre à tout moment l'habilitation à titre conservatoire »
    (Art. 2.2): a suspension recorded as the partner's is refused on replay."""
    by_the_partner = attrs.evolve(act(SUSPENSION, paris(2026, 2, 1), "h1"), by=PRINCIPAL)
    with pytest.raises(UnauthorisedActionError, match="pouvoir de la Caf contractante"):
        replay([*HISTORY[:2], by_the_partner], contract=CONTRACT)
    # A sub-administrator dévalide by the administrator habilitation he holds.
    admin = attrs.evolve(habilitation("a1", paris(2026, 1, 2)), administrator_level=2)
    gone = Event(
        kind="dévalidation",
        at=paris(2026, 2, 1),
        by=Actor.partner("123456782", admin.user),
        reason="départ",
        habilitation_id="h1",
    )
    state = replay([Event.granted(admin), *HISTORY[:2], gone], contract=CONTRACT)
    assert state.habilitation("h1").state is HabilitationState.DEVALIDATED


def test_a_ledger_state_takes_any_sequence_of_habilitations_and_events() -> None:
    granted = HISTORY[0].habilitation
    assert granted is not None
    assert LedgerState(habilitations=[granted]).habilitations == (granted,)
    assert LedgerState(events=iter(HISTORY)).events == tuple(HISTORY)
    assert LedgerState().delegation == Delegation()


# --- malformed input: every error says where, what was wrong and what is expected

_H1 = habilitation("h1", paris(2026, 1, 5))
_KINDS = "'habilitation accordée', 'suspension à titre conservatoire', 'rétablissement', 'dévalidation', 'modification du mot de passe forcée', 'délégation supprimée', 'délégation rendue'"
_NOT_A_FRESH_GRANT = "Art. 2.2 — Event.habilitation : valeur invalide ('h1') ; attendu : une habilitation active, sans historique, accordée à l'instant de l'événement."


def _event(**changes: object) -> Event:
    fields: dict[str, object] = {
        "kind": "dévalidation",
        "at": paris(2026, 2, 1),
        "by": CAF,
        "reason": "départ",
        "habilitation_id": "h1",
        **changes,
    }
    return Event(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "error", "message", "fields"),
    [
        pytest.param(
            lambda: _event(kind="oubli"),
            InvalidValueError,
            f"Event.kind : valeur invalide ('oubli') ; attendu : une valeur parmi {_KINDS}.",
            {"field": "Event.kind", "value": "oubli"},
            id="kind",
        ),
        pytest.param(
            lambda: _event(at=datetime(2026, 2, 1)),  # noqa: DTZ001
            NaiveDatetimeError,
            "Event.at : date et heure sans fuseau horaire (2026-02-01 00:00) ; attendu : un instant avec son décalage horaire (tzinfo), par exemple 2026-11-23T10:00:00+01:00.",
            {"field": "Event.at"},
            id="at-naive",
        ),
        pytest.param(
            lambda: _event(by=3),
            InvalidValueError,
            "Event.by : valeur invalide (3) ; attendu : qui a agi : un Actor(side=…, organisation=…, name=…).",
            {"field": "Event.by", "value": 3},
            id="by-not-an-actor",
        ),
        pytest.param(
            lambda: _event(reason=None),
            InvalidValueError,
            "Event.reason : valeur invalide (None) ; attendu : un texte.",
            {"field": "Event.reason", "value": None},
            id="reason-not-a-text",
        ),
        pytest.param(
            lambda: _event(reason=" "),
            InvalidValueError,
            "Art. 2.2 — Event.reason : motif absent (' ') ; attendu : le motif de « dévalidation », un texte non vide : la Caf et les administrateurs motivent chaque action sur une habilitation ou la délégation.",
            {"field": "Event.reason", "value": " ", "problem": "motif absent"},
            id="reason-blank",
        ),
        pytest.param(
            lambda: _event(habilitation_id=3),
            InvalidValueError,
            "Event.habilitation_id : valeur invalide (3) ; attendu : un texte ou None.",
            {"field": "Event.habilitation_id", "value": 3},
            id="habilitation-id-not-a-text",
        ),
        pytest.param(
            lambda: _event(habilitation="h1"),
            InvalidValueError,
            "Event.habilitation : valeur invalide ('h1') ; attendu : Habilitation(...) ou None.",
            {"field": "Event.habilitation", "value": "h1"},
            id="habilitation-not-an-habilitation",
        ),
        pytest.param(
            lambda: _event(kind="habilitation accordée", habilitation_id=None),
            InvalidValueError,
            "Art. 2.2 — Event.habilitation : valeur invalide (None) ; attendu : l'habilitation accordée (et pas d'habilitation_id).",
            {"field": "Event.habilitation", "value": None},
            id="grant-without-habilitation",
        ),
        pytest.param(
            lambda: _event(kind="habilitation accordée", at=paris(2026, 1, 5), habilitation=_H1),
            InvalidValueError,
            "Art. 2.2 — Event.habilitation : valeur invalide (Habilitation(id='h1', user='...e_required=False, history=())) ; attendu : l'habilitation accordée (et pas d'habilitation_id).",
            {"field": "Event.habilitation", "value": _H1},
            id="grant-with-an-habilitation-id-too",
        ),
        pytest.param(
            lambda: attrs.evolve(Event.granted(_H1), at=paris(2026, 1, 6)),
            InvalidValueError,
            _NOT_A_FRESH_GRANT,
            {"field": "Event.habilitation", "value": "h1"},
            id="grant-at-another-instant",
        ),
        pytest.param(
            lambda: Event.granted(
                force_password_change(
                    _H1, by=CAF, at=_H1.granted_at, reason="fuite", contract=CONTRACT
                )
            ),
            InvalidValueError,
            _NOT_A_FRESH_GRANT,
            {"field": "Event.habilitation", "value": "h1"},
            id="grant-of-an-habilitation-with-a-history",
        ),
        pytest.param(
            # An habilitation is suspended by its history: without one it cannot be built.
            lambda: Event.granted(attrs.evolve(_H1, state="suspendue")),
            InvalidValueError,
            "Art. 2.2 — Habilitation.state : état contraire à l'historique ('suspendue') ; attendu : « active », l'état où mène l'historique.",
            {"field": "Habilitation.state", "value": "suspendue"},
            id="grant-of-a-suspended-habilitation",
        ),
        pytest.param(
            lambda: Event(
                kind="habilitation accordée", at=_H1.granted_at, by=CAF, habilitation=_H1
            ),
            InvalidValueError,
            "Art. 2.2 — Event.by : auteur différent de celui de l'habilitation ('Centre de services de la Caf (Caf 82)') ; attendu : l'auteur de l'octroi que l'habilitation enregistre (lbernard@coteaux-exemple.fr (partenaire, SIREN 123456782)).",
            {
                "field": "Event.by",
                "value": "Centre de services de la Caf (Caf 82)",
                "problem": "auteur différent de celui de l'habilitation",
                "expected": "l'auteur de l'octroi que l'habilitation enregistre (lbernard@coteaux-exemple.fr (partenaire, SIREN 123456782))",
                "article": Article.ART_2_2,
            },
            id="grant-by-another-than-its-grantor",
        ),
        pytest.param(
            lambda: _event(habilitation_id=None),
            InvalidValueError,
            "Art. 2.2 — Event.habilitation_id : valeur invalide (None) ; attendu : l'identifiant de l'habilitation visée (et pas d'habilitation).",
            {"field": "Event.habilitation_id", "value": None},
            id="action-without-habilitation-id",
        ),
        pytest.param(
            lambda: _event(habilitation=_H1),
            InvalidValueError,
            "Art. 2.2 — Event.habilitation_id : valeur invalide ('h1') ; attendu : l'identifiant de l'habilitation visée (et pas d'habilitation).",
            {"field": "Event.habilitation_id", "value": "h1"},
            id="action-with-an-habilitation-too",
        ),
        pytest.param(
            lambda: _event(kind="délégation rendue"),
            InvalidValueError,
            "Art. 2.2 — Event.habilitation_id : valeur invalide ('h1') ; attendu : aucune habilitation : l'événement vise la délégation.",
            {"field": "Event.habilitation_id", "value": "h1"},
            id="delegation-event-with-habilitation-id",
        ),
        pytest.param(
            lambda: _event(kind="délégation supprimée", habilitation_id=None, habilitation=_H1),
            InvalidValueError,
            "Art. 2.2 — Event.habilitation_id : valeur invalide (None) ; attendu : aucune habilitation : l'événement vise la délégation.",
            {"field": "Event.habilitation_id", "value": None},
            id="delegation-event-with-habilitation",
        ),
        pytest.param(
            lambda: Event.granted("h1"),  # type: ignore[arg-type]
            InvalidValueError,
            "habilitation : valeur invalide ('h1') ; attendu : Habilitation(...).",
            {"field": "habilitation", "value": "h1"},
            id="granted-not-an-habilitation",
        ),
        pytest.param(
            lambda: LedgerState(habilitations="x"),
            InvalidValueError,
            "LedgerState.habilitations : valeur invalide ('x') ; attendu : une suite de Habilitation(...).",
            {"field": "LedgerState.habilitations", "value": "x"},
            id="state-habilitations-not-a-sequence",
        ),
        pytest.param(
            lambda: LedgerState(habilitations=(_H1, "h2")),
            InvalidValueError,
            "LedgerState.habilitations : élément invalide ('h2') ; attendu : Habilitation(...).",
            {"field": "LedgerState.habilitations", "value": "h2"},
            id="state-habilitations-item",
        ),
        pytest.param(
            lambda: LedgerState(
                habilitations=(_H1, habilitation("h2", paris(2026, 1, 6)), attrs.evolve(_H1))
            ),
            InvalidValueError,
            "Art. 2.2 — LedgerState.habilitations : identifiant en double ('h1') ; attendu : des habilitations d'identifiants distincts (une habilitation n'est accordée qu'une fois).",
            {
                "field": "LedgerState.habilitations",
                "value": "h1",
                "problem": "identifiant en double",
            },
            id="state-habilitations-twice",
        ),
        pytest.param(
            lambda: LedgerState(delegation=None),  # type: ignore[arg-type]
            InvalidValueError,
            "LedgerState.delegation : valeur invalide (None) ; attendu : Delegation(...).",
            {"field": "LedgerState.delegation", "value": None},
            id="state-delegation",
        ),
        pytest.param(
            lambda: LedgerState(events="x"),
            InvalidValueError,
            "LedgerState.events : valeur invalide ('x') ; attendu : une suite de Event(...).",
            {"field": "LedgerState.events", "value": "x"},
            id="state-events-not-a-sequence",
        ),
        pytest.param(
            lambda: LedgerState(events=(HISTORY[0], "h1")),
            InvalidValueError,
            "LedgerState.events : élément invalide ('h1') ; attendu : Event(...).",
            {"field": "LedgerState.events", "value": "h1"},
            id="state-events-item",
        ),
        pytest.param(
            lambda: LedgerState(events=(HISTORY[0], HISTORY[2], HISTORY[1])),
            ChronologyError,
            "Art. 2.2 — « habilitation accordée » (2026-01-06 09:00+01:00) précède « suspension à titre conservatoire » (2026-02-01 09:00+01:00) ; attendu : une date égale ou postérieure au 2026-02-01 09:00+01:00.",
            {"earlier": paris(2026, 2, 1), "later": paris(2026, 1, 6)},
            id="state-events-out-of-order",
        ),
    ],
)
def test_malformed_events_and_states_are_refused_saying_where_what_and_what_is_expected(
    call: Callable[[], object],
    error: type[CafContractError],
    message: str,
    fields: dict[str, object],
) -> None:
    assert_refused(call, error, message, fields)


_LATER = replay(
    [
        HISTORY[0],
        act(SUSPENSION, paris(2026, 3, 1), "h1"),
        act("délégation supprimée", paris(2026, 3, 2)),
    ],
    contract=CONTRACT,
)


@pytest.mark.parametrize(
    ("call", "error", "message", "fields"),
    [
        pytest.param(
            lambda: LedgerState().habilitation("h9"),
            InvalidValueError,
            "Art. 2.2 — habilitation_id : valeur invalide ('h9') ; attendu : l'identifiant d'une habilitation accordée.",
            {"field": "habilitation_id", "value": "h9"},
            id="habilitation-never-granted",
        ),
        pytest.param(
            lambda: apply("état", HISTORY[0], contract=CONTRACT),  # type: ignore[arg-type]
            InvalidValueError,
            "state : valeur invalide ('état') ; attendu : LedgerState(...).",
            {"field": "state", "value": "état"},
            id="apply-state",
        ),
        pytest.param(
            lambda: apply(LedgerState(), "accord", contract=CONTRACT),  # type: ignore[arg-type]
            InvalidValueError,
            "event : valeur invalide ('accord') ; attendu : Event(...).",
            {"field": "event", "value": "accord"},
            id="apply-event",
        ),
        pytest.param(
            lambda: apply(
                _LATER, act("dévalidation", paris(2026, 3, 1, 12), "h1"), contract=CONTRACT
            ),
            ChronologyError,
            "Art. 2.2 — « dévalidation » (2026-03-01 12:00+01:00) précède « délégation supprimée » (2026-03-02 09:00+01:00) ; attendu : une date égale ou postérieure au 2026-03-02 09:00+01:00.",
            {"earlier": paris(2026, 3, 2), "later": paris(2026, 3, 1, 12)},
            id="apply-before-the-last-event",
        ),
        pytest.param(
            lambda: apply(_LATER, grant("h1", paris(2026, 4, 1)), contract=CONTRACT),
            InvalidTransitionError,
            "Art. 2.2 — habilitation « h1 » : « habilitation accordée » impossible depuis l'état « déjà accordée ».",
            {
                "subject": "habilitation « h1 »",
                "state": "déjà accordée",
                "event": "habilitation accordée",
            },
            id="apply-granted-twice",
        ),
        pytest.param(
            lambda: apply(
                _LATER, act("rétablissement", paris(2026, 4, 1), "h9"), contract=CONTRACT
            ),
            InvalidTransitionError,
            "Art. 2.2 — habilitation « h9 » : « rétablissement » impossible depuis l'état « inconnue ».",
            {"subject": "habilitation « h9 »", "state": "inconnue", "event": "rétablissement"},
            id="apply-to-an-unknown-habilitation",
        ),
        pytest.param(
            lambda: apply(
                _LATER, act("délégation supprimée", paris(2026, 4, 1)), contract=CONTRACT
            ),
            InvalidTransitionError,
            "Art. 2.2 — la délégation : « délégation supprimée » impossible depuis l'état « supprimée ».",
            {"subject": "la délégation", "field": "Delegation.history[1].kind"},
            id="apply-delegation-withdrawn-twice",
        ),
        pytest.param(
            lambda: replay("h1", contract=CONTRACT),  # type: ignore[arg-type]
            InvalidValueError,
            "events : valeur invalide ('h1') ; attendu : une suite de Event(...).",
            {"field": "events", "value": "h1"},
            id="replay-not-a-sequence",
        ),
        pytest.param(
            lambda: replay([HISTORY[0], "h1"], contract=CONTRACT),  # type: ignore[list-item]
            InvalidValueError,
            "events : élément invalide ('h1') ; attendu : Event(...).",
            {"field": "events", "value": "h1"},
            id="replay-item",
        ),
        pytest.param(
            lambda: state_as_of(HISTORY, datetime(2026, 2, 1), contract=CONTRACT),  # noqa: DTZ001
            NaiveDatetimeError,
            "at : date et heure sans fuseau horaire (2026-02-01 00:00) ; attendu : un instant avec son décalage horaire (tzinfo), par exemple 2026-11-23T10:00:00+01:00.",
            {"field": "at"},
            id="state_as_of-naive",
        ),
        pytest.param(
            lambda: state_as_of([HISTORY[0], "h1"], paris(2026, 2, 1), contract=CONTRACT),  # type: ignore[list-item]
            InvalidValueError,
            "events : élément invalide ('h1') ; attendu : Event(...).",
            {"field": "events", "value": "h1"},
            id="state_as_of-item",
        ),
    ],
)
def test_the_ledger_refuses_what_cannot_be_applied_saying_why(
    call: Callable[[], object],
    error: type[CafContractError],
    message: str,
    fields: dict[str, object],
) -> None:
    assert_refused(call, error, message, fields)


# --- properties


@given(cst.bulletins(), st.data())
def test_replaying_equals_applying_one_by_one_and_loses_no_event(
    bulletin: Bulletin, data: st.DataObject
) -> None:
    events = data.draw(hst.event_logs(bulletin=bulletin))
    state = LedgerState()
    for event in events:
        state = apply(state, event, contract=CONTRACT)
    assert replay(events, contract=CONTRACT) == state
    if len({event.at for event in events}) == len(events):  # distinct instants: any order
        assert replay(data.draw(st.permutations(events)), contract=CONTRACT) == state
    assert state.events == tuple(events)
    assert len(state.habilitations) == sum(e.kind is ActionKind.GRANTED for e in events)


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
        kind=ActionKind.REINSTATED,
        at=events[-1].at + timedelta(days=1),
        by=CAF,
        habilitation_id="nowhere",
        reason="erreur de saisie",
    )
    assert state_as_of([*events, future], moment, contract=CONTRACT) == replay(
        expected, contract=CONTRACT
    )
    assert state_as_of(events, moment, contract=CONTRACT) == replay(expected, contract=CONTRACT)
    assert state_as_of(events, moment.astimezone(PARIS), contract=CONTRACT) == replay(
        expected, contract=CONTRACT
    )
    assert state_as_of(events, datetime(2100, 1, 1, tzinfo=UTC), contract=CONTRACT) == replay(
        events, contract=CONTRACT
    )


def test_a_grant_event_is_made_by_the_grantor_its_habilitation_records() -> None:
    granted = habilitation("h1", paris(2026, 1, 5))
    with pytest.raises(InvalidValueError, match="auteur différent de celui de l'habilitation"):
        Event(kind="habilitation accordée", at=granted.granted_at, by=CAF, habilitation=granted)


def test_once_the_caf_took_the_management_back_the_partner_devalidates_nothing() -> None:
    """« voire supprimer la délégation d'habilitations et reprendre la main » (Art. 2.2)."""
    withdrawn = act("délégation supprimée", paris(2026, 2, 2))
    by_partner = Event(
        kind="dévalidation",
        at=paris(2026, 2, 3),
        by=PRINCIPAL,
        reason="départ",
        habilitation_id="h2",
    )
    with pytest.raises(UnauthorisedActionError, match="la Caf a repris la main"):
        replay([*HISTORY[:2], withdrawn, by_partner], contract=CONTRACT)
    assert replay([*HISTORY[:2], by_partner], contract=CONTRACT).habilitation("h2").state.value == (
        "dévalidée"
    )
