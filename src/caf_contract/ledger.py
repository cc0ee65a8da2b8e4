"""The ledger of habilitations: replaying the history of grants and of the Caf's actions (Art. 2.2).

A back office keeps events (an habilitation granted, suspended, reinstated,
dévalidée, a password change forced, the delegation withdrawn or given back) and
needs the state they lead to, now or at any past instant. :func:`replay` folds the
events, in the order of their instants, through the transitions of
:mod:`caf_contract.habilitations`, under the contract (a power exercised by someone
the contract does not entrust with it is refused); :func:`state_as_of` does it up to
an instant. No event is lost: the state keeps them all. A grant is recorded as
made: judge it with :func:`~caf_contract.habilitations.may_grant` before, or with
:func:`~caf_contract.dossier.check_dossier` after.

>>> from datetime import datetime
>>> from caf_contract._time import PARIS
>>> from caf_contract.files import example_dossier
>>> from caf_contract.habilitations import Habilitation
>>> from caf_contract.parties import Actor
>>> contract = example_dossier().contract
>>> granted = Habilitation(id="h1", user="agent1", employer="123456782", service="CDAP",
...                        role="consultation", scopes={"dossier"},
...                        granted_by=Actor.partner("123456782", "lbernard@coteaux-exemple.fr"),
...                        granted_at=datetime(2026, 1, 5, 9, tzinfo=PARIS))
>>> events = [
...     Event.granted(granted),
...     Event(kind="suspension à titre conservatoire", habilitation_id="h1",
...           by=Actor.caf("82", "Centre de services de la Caf"),
...           at=datetime(2026, 3, 2, 10, tzinfo=PARIS), reason="connexions anormales"),
... ]
>>> replay(events, contract=contract).habilitation("h1").state
<HabilitationState.SUSPENDED: 'suspendue'>
>>> state_as_of(events, datetime(2026, 2, 1, tzinfo=PARIS), contract=contract).habilitation(
...     "h1").state
<HabilitationState.ACTIVE: 'active'>
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Final

import attrs

from caf_contract._html import Shown
from caf_contract._time import aware, instant
from caf_contract._validate import (
    accepts,
    instance_of,
    is_aware,
    optional,
    optional_text,
    parse_enum,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.contract import Contract
from caf_contract.errors import ChronologyError, InvalidTransitionError, InvalidValueError
from caf_contract.habilitations import (
    ActionKind,
    Delegation,
    Habilitation,
    devalidate,
    force_password_change,
    reinstate,
    restore_delegation,
    suspend,
    withdraw_delegation,
)
from caf_contract.parties import Actor

__all__ = ["Event", "LedgerState", "apply", "replay", "state_as_of"]

ART: Final = Article.ART_2_2


_ON_HABILITATIONS: Final[dict[ActionKind, Callable[..., Habilitation]]] = {
    ActionKind.SUSPENDED: suspend,
    ActionKind.REINSTATED: reinstate,
    ActionKind.DEVALIDATED: devalidate,
    ActionKind.PASSWORD_CHANGE_FORCED: force_password_change,
}
_ON_DELEGATION: Final[dict[ActionKind, Callable[..., Delegation]]] = {
    ActionKind.DELEGATION_WITHDRAWN: withdraw_delegation,
    ActionKind.DELEGATION_RESTORED: restore_delegation,
}


def _kind(value: ActionKind | str) -> ActionKind:
    return parse_enum(ActionKind, value, "Event.kind")


def _motivated(instance: Event, attribute: attrs.Attribute[Any], value: object) -> None:
    # After _shape: a malformed event is first told what it lacks to be one.
    del attribute, value
    if instance.kind is not ActionKind.GRANTED and not instance.reason.strip():
        raise InvalidValueError(
            "Event.reason",
            instance.reason,
            f"le motif de « {instance.kind} », un texte non vide : la Caf et les "
            "administrateurs motivent chaque action sur une habilitation ou la délégation",
            problem="motif absent",
            article=ART,
        )


def _shape(instance: Event, attribute: attrs.Attribute[Any], value: object) -> None:
    del attribute, value
    if instance.kind is ActionKind.GRANTED:
        granted = instance.habilitation
        if granted is None or instance.habilitation_id is not None:
            raise InvalidValueError(
                "Event.habilitation",
                granted,
                "l'habilitation accordée (et pas d'habilitation_id)",
                article=ART,
            )
        # Its state is where its history leads: no history, active.
        if granted.granted_at != instance.at or granted.history:
            raise InvalidValueError(
                "Event.habilitation",
                granted.id,
                "une habilitation active, sans historique, accordée à l'instant de l'événement",
                article=ART,
            )
        if granted.granted_by != instance.by:
            raise InvalidValueError(
                "Event.by",
                str(instance.by),
                f"l'auteur de l'octroi que l'habilitation enregistre ({granted.granted_by})",
                problem="auteur différent de celui de l'habilitation",
                article=ART,
            )
    elif instance.kind in _ON_HABILITATIONS:
        if instance.habilitation_id is None or instance.habilitation is not None:
            raise InvalidValueError(
                "Event.habilitation_id",
                instance.habilitation_id,
                "l'identifiant de l'habilitation visée (et pas d'habilitation)",
                article=ART,
            )
    elif instance.habilitation_id is not None or instance.habilitation is not None:
        raise InvalidValueError(
            "Event.habilitation_id",
            instance.habilitation_id,
            "aucune habilitation : l'événement vise la délégation",
            article=ART,
        )


@attrs.frozen(kw_only=True)
class Event(Shown):
    """One event of the ledger.

    Attributes:
        kind: what happened.
        at: when (aware).
        by: who did it (an :class:`~caf_contract.parties.Actor`).
        reason: why: required (not blank) for every event but a grant, as the
            transitions it is replayed through record it.
        habilitation: for a grant, the habilitation granted (at ``at``).
        habilitation_id: for an action on an habilitation, which one.
    """

    kind: ActionKind = attrs.field(converter=_kind)
    at: datetime = attrs.field(converter=instant, validator=is_aware)
    by: Actor = attrs.field(
        validator=instance_of(Actor, "qui a agi : un Actor(side=…, organisation=…, name=…)")
    )
    reason: str = attrs.field(default="", validator=instance_of(str, "un texte"))
    habilitation: Habilitation | None = attrs.field(
        default=None, validator=optional(instance_of(Habilitation, "Habilitation(...) ou None"))
    )
    habilitation_id: str | None = attrs.field(
        default=None, validator=[optional_text, _shape, _motivated]
    )

    _html_caption = "Événement"
    _html_fields = (
        ("at", "Le"),
        ("kind", "Événement"),
        ("_about", "Habilitation"),
        ("by", "Par"),
        ("reason", "Motif"),
    )

    @property
    def _about(self) -> str | None:
        """The habilitation the event is about: the one granted, or the one acted on."""
        return self.habilitation.id if self.habilitation is not None else self.habilitation_id

    @classmethod
    @accepts(habilitation=Habilitation)
    def granted(cls, habilitation: Habilitation) -> Event:
        """The grant of ``habilitation``, by its grantor, at its grant instant."""
        return cls(
            kind=ActionKind.GRANTED,
            at=habilitation.granted_at,
            by=habilitation.granted_by,
            habilitation=habilitation,
        )


def _habilitations(value: object) -> tuple[Habilitation, ...]:
    habilitations = tuple_of(value, Habilitation, "LedgerState.habilitations", "Habilitation(...)")
    seen: set[str] = set()
    for habilitation in habilitations:
        if habilitation.id in seen:
            raise InvalidValueError(
                "LedgerState.habilitations",
                habilitation.id,
                "des habilitations d'identifiants distincts (une habilitation n'est accordée "
                "qu'une fois)",
                problem="identifiant en double",
                article=ART,
            )
        seen.add(habilitation.id)
    return habilitations


def _state_events(value: object) -> tuple[Event, ...]:
    events = tuple_of(value, Event, "LedgerState.events", "Event(...)")
    for earlier, later in itertools.pairwise(events):
        if later.at < earlier.at:
            raise ChronologyError(
                f"« {earlier.kind} »", earlier.at, f"« {later.kind} »", later.at, article=ART
            )
    return events


@attrs.frozen(kw_only=True)
class LedgerState(Shown):
    """What the events lead to: every habilitation (in grant order), the delegation, the events.

    Checked at construction: habilitations of distinct ids, a
    :class:`~caf_contract.habilitations.Delegation`, events in the order of their instants.
    """

    habilitations: tuple[Habilitation, ...] = attrs.field(default=(), converter=_habilitations)
    delegation: Delegation = attrs.field(
        factory=Delegation, validator=instance_of(Delegation, "Delegation(...)")
    )
    events: tuple[Event, ...] = attrs.field(default=(), converter=_state_events)

    _html_caption = "État du registre des habilitations"
    _html_fields = (
        ("habilitations", "Habilitations"),
        ("delegation", "Délégation"),
        ("events", "Événements"),
    )

    def habilitation(self, habilitation_id: str) -> Habilitation:
        """The habilitation ``habilitation_id``.

        Raises:
            InvalidValueError: no such habilitation was granted.
        """
        for habilitation in self.habilitations:
            if habilitation.id == habilitation_id:
                return habilitation
        raise InvalidValueError(
            "habilitation_id",
            habilitation_id,
            "l'identifiant d'une habilitation accordée",
            article=ART,
        )


@accepts(state=LedgerState, event=Event, contract=Contract)
def apply(state: LedgerState, event: Event, *, contract: Contract) -> LedgerState:
    """The state after ``event`` under ``contract``; ``state`` is untouched.

    Raises:
        ChronologyError: the event is older than the last one applied.
        InvalidTransitionError: the event cannot happen now (an habilitation granted
            twice or unknown, a dévalidée one reinstated, the delegation withdrawn
            twice…); :class:`~caf_contract.errors.UnauthorisedActionError` when its
            author may not take it (a partner suspending, a Caf of another department,
            a partner dévalidating once the Caf has taken the management back…).
    """
    folding = _Fold(state)
    folding.apply(event, contract)
    return folding.state()


class _Fold:
    """A ledger state being folded, event by event, in O(1) per event but the transition."""

    __slots__ = ("administrators", "delegation", "events", "habilitations", "positions")

    def __init__(self, state: LedgerState) -> None:
        self.habilitations: list[Habilitation] = []
        self.positions: dict[str, int] = {}
        self.administrators: dict[str, list[int]] = {}
        for habilitation in state.habilitations:
            self._add(habilitation)
        self.delegation = state.delegation
        self.events = list(state.events)

    def _add(self, habilitation: Habilitation) -> None:
        position = len(self.habilitations)
        self.positions[habilitation.id] = position
        self.habilitations.append(habilitation)
        if habilitation.administrator_level is not None:
            self.administrators.setdefault(habilitation.service, []).append(position)

    def state(self) -> LedgerState:
        return LedgerState(
            habilitations=self.habilitations, delegation=self.delegation, events=self.events
        )

    def apply(self, event: Event, contract: Contract) -> None:
        if self.events and event.at < self.events[-1].at:
            last = self.events[-1]
            raise ChronologyError(
                f"« {last.kind} »", last.at, f"« {event.kind} »", event.at, article=ART
            )
        if event.kind is ActionKind.GRANTED:
            granted = event.habilitation
            assert granted is not None  # noqa: S101  # Event checks its shape
            if granted.id in self.positions:
                raise InvalidTransitionError(
                    f"habilitation « {granted.id} »",
                    "déjà accordée",
                    event.kind.value,
                    article=ART,
                )
            self._add(granted)
        elif event.kind in _ON_DELEGATION:
            self.delegation = _ON_DELEGATION[event.kind](
                self.delegation, by=event.by, at=event.at, reason=event.reason, contract=contract
            )
        else:
            self._act(event, contract)
        self.events.append(event)

    def _act(self, event: Event, contract: Contract) -> None:
        target = event.habilitation_id
        position = self.positions.get(target) if target is not None else None
        if position is None:
            raise InvalidTransitionError(
                f"habilitation « {target} »", "inconnue", event.kind.value, article=ART
            )
        current = self.habilitations[position]
        if event.kind is ActionKind.DEVALIDATED:
            # A sub-administrator dévalide by the administrator habilitation he holds,
            # while the delegation is in place.
            changed = devalidate(
                current,
                by=event.by,
                at=event.at,
                reason=event.reason,
                contract=contract,
                habilitations=self._administrators(current.service),
                delegation=self.delegation,
            )
        else:
            changed = _ON_HABILITATIONS[event.kind](
                current, by=event.by, at=event.at, reason=event.reason, contract=contract
            )
        self.habilitations[position] = changed

    def _administrators(self, service: str) -> list[Habilitation]:
        return [self.habilitations[index] for index in self.administrators.get(service, ())]


def _events(value: Iterable[Event]) -> list[Event]:
    events = list(tuple_of(value, Event, "events", "Event(...)"))
    # sorted() is stable: events of the same instant keep the order they were given in.
    return sorted(events, key=lambda event: event.at)


@accepts(contract=Contract)
def replay(events: Iterable[Event], *, contract: Contract) -> LedgerState:
    """The state the events lead to under ``contract``, applied in the order of their instants.

    Raises:
        InvalidTransitionError: an event out of order, or by someone not entrusted
            with it (see :func:`apply`).
    """
    folding = _Fold(LedgerState())
    for event in _events(events):
        folding.apply(event, contract)
    return folding.state()


def state_as_of(events: Iterable[Event], at: datetime, *, contract: Contract) -> LedgerState:
    """The state at the instant ``at``: the events at or before it, replayed."""
    moment = aware(at, "at")
    return replay((event for event in _events(events) if event.at <= moment), contract=contract)
