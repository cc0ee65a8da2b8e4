"""Habilitations: delegated management under the Caf's quotas and supervision (Art. 2.2).

    « Le principe est la gestion déléguée des habilitations. […] la Caf détermine
    obligatoirement et pour chaque service (et chaque rôle si besoin) le nombre maximal
    d'habilitations qui peuvent être créées par le partenaire […]. Pour chacun des droits
    d'accès aux services demandés, le droit de délégation se voit attribuer un niveau
    […]. Le gestionnaire des habilitations du partenaire veille à l'attribution des accès
    dans le strict respect de la description des services figurant dans les bulletins
    d'adhésion et suivant le principe de moindre affectation. […] En cas de manquement
    constaté dans la gestion des habilitations, la Caf peut suspendre à tout moment
    l'habilitation à titre conservatoire, forcer la modification des mots de passe
    utilisateurs, voire supprimer la délégation d'habilitations et reprendre la main sur
    la gestion des habilitations du partenaire. » (Art. 2.2)

- :class:`Habilitation` and its lifecycle (active ⇄ suspended, any → dévalidée, final);
  the powers as pure transitions recording who (an :class:`~caf_contract.parties.Actor`),
  when and why: :func:`suspend`, :func:`reinstate`, :func:`force_password_change`,
  :func:`withdraw_delegation`, :func:`restore_delegation` are the contracting Caf's
  alone; :func:`devalidate` is the partner's administrators' or the Caf's
  (:func:`may_act` says who may do what).
- The rules: :func:`may_add_habilitations` (and :func:`check_quotas` for existing habilitations),
  :func:`may_give_scopes`, :func:`may_appoint`, and :func:`may_grant`, which
  answers from the whole contract: the service must be open (Art. 2.1), the grantor
  designated, the user the partner's or a declared sub-contractor's staff, and every
  failure is reported together.
"""

from __future__ import annotations

import bisect
import enum
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final, Protocol

import attrs

from caf_contract._format import day_text, moment_text
from caf_contract._html import Shown
from caf_contract._time import PARIS, aware, instant, paris_day
from caf_contract._validate import (
    accepts,
    field_name,
    instance_of,
    integer,
    is_aware,
    is_bool,
    non_blank,
    not_empty,
    optional,
    parse_enum,
    text_set,
    tuple_of,
    whole_number,
)
from caf_contract.articles import Article
from caf_contract.bulletin import Bulletin, HabilitationQuota, _scope_set
from caf_contract.contract import Contract, _opening_failures
from caf_contract.decision import Decision, Reason
from caf_contract.errors import (
    ChronologyError,
    InvalidTransitionError,
    InvalidValueError,
    UnauthorisedActionError,
)
from caf_contract.parties import Actor, InterlocutorRole, Side, Siren, _siren_at, is_placeholder
from caf_contract.remedy import Remedy

__all__ = [
    "ADMINISTRATEUR_PRINCIPAL_LEVEL",
    "ActionKind",
    "CafAction",
    "Delegation",
    "GrantRequest",
    "Habilitation",
    "HabilitationState",
    "check_quotas",
    "devalidate",
    "force_password_change",
    "may_act",
    "may_add_habilitations",
    "may_appoint",
    "may_give_scopes",
    "may_grant",
    "quota_usage",
    "reinstate",
    "restore_delegation",
    "suspend",
    "withdraw_delegation",
]

ART: Final = Article.ART_2_2

ADMINISTRATEUR_PRINCIPAL_LEVEL: Final = 1
"""Art. 2.2 and annexe 1: the administrateur principal (and his suppléant) is level 1."""


class HabilitationState(enum.StrEnum):
    """Where an habilitation stands; *dévalidée* is final."""

    ACTIVE = "active"
    SUSPENDED = "suspendue"
    DEVALIDATED = "dévalidée"


class ActionKind(enum.StrEnum):
    """What was done to an habilitation or to the delegation (the ledger's events too)."""

    GRANTED = "habilitation accordée"
    """An habilitation granted: an event of the ledger, never a recorded action."""
    SUSPENDED = "suspension à titre conservatoire"
    REINSTATED = "rétablissement"
    DEVALIDATED = "dévalidation"
    PASSWORD_CHANGE_FORCED = "modification du mot de passe forcée"  # noqa: S105  # a label
    DELEGATION_WITHDRAWN = "délégation supprimée"
    DELEGATION_RESTORED = "délégation rendue"


def _action_kind(value: ActionKind | str) -> ActionKind:
    return parse_enum(ActionKind, value, "CafAction.kind")


def _done_to_it(instance: CafAction, attribute: attrs.Attribute[Any], value: ActionKind) -> None:
    if value is ActionKind.GRANTED:
        raise InvalidValueError(
            field_name(instance, attribute),
            value.value,
            "une action sur une habilitation ou sur la délégation : l'octroi est "
            "l'habilitation elle-même (granted_by, granted_at)",
            problem="octroi enregistré comme une action",
            article=ART,
        )


@attrs.frozen(kw_only=True)
class CafAction(Shown):
    """A recorded action: what, by whom, when and why (Art. 2.2: the Caf supervises).

    Attributes:
        kind: what was done.
        by: who did it: an :class:`~caf_contract.parties.Actor` (side, organisation,
            name), never a free text.
        at: when (aware).
        reason: why (not blank).
    """

    kind: ActionKind = attrs.field(converter=_action_kind, validator=_done_to_it)
    by: Actor = attrs.field(
        validator=instance_of(Actor, "un Actor(side=…, organisation=…, name=…)")
    )
    at: datetime = attrs.field(converter=instant, validator=is_aware)
    reason: str = attrs.field(validator=non_blank)

    _html_caption = "Action"
    _html_fields = (("at", "Le"), ("kind", "Action"), ("by", "Par"), ("reason", "Motif"))

    def __str__(self) -> str:
        return f"{self.kind} le {moment_text(self.at)} par {self.by} ({self.reason})"


def _history(value: object) -> tuple[CafAction, ...]:
    actions = tuple_of(value, CafAction, "history", "CafAction(...)")
    for index, (earlier, later) in enumerate(itertools.pairwise(actions), start=1):
        if later.at < earlier.at:
            raise ChronologyError(
                f"« {earlier.kind} »",
                earlier.at,
                f"« {later.kind} »",
                later.at,
                article=ART,
                field=f"history[{index}].at",
            )
    return actions


def _state(value: HabilitationState | str) -> HabilitationState:
    return parse_enum(HabilitationState, value, "Habilitation.state")


def _scopes(value: object) -> frozenset[str]:
    return _scope_set(value, "scopes")


# As a role of the bulletin: an habilitation gives access to at least one data scope.
_some_scope = not_empty(article=ART)


_optional_level = optional(integer(minimum=1, expected="un entier supérieur ou égal à 1"))


# What each action does to an habilitation: the states it may start from, where it leads.
_Move = tuple[frozenset[HabilitationState], HabilitationState | None]
_LIFECYCLE: Final[dict[ActionKind, _Move]] = {
    ActionKind.SUSPENDED: (frozenset({HabilitationState.ACTIVE}), HabilitationState.SUSPENDED),
    ActionKind.REINSTATED: (frozenset({HabilitationState.SUSPENDED}), HabilitationState.ACTIVE),
    ActionKind.DEVALIDATED: (
        frozenset({HabilitationState.ACTIVE, HabilitationState.SUSPENDED}),
        HabilitationState.DEVALIDATED,
    ),
    ActionKind.PASSWORD_CHANGE_FORCED: (
        frozenset({HabilitationState.ACTIVE, HabilitationState.SUSPENDED}),
        None,  # the state stays
    ),
}


def _after(state: HabilitationState, action: CafAction) -> HabilitationState | None:
    """The state ``action`` leads to from ``state``; ``None`` when it cannot happen there."""
    from_states, to_state = _LIFECYCLE.get(action.kind, (frozenset(), None))
    if state not in from_states:
        return None
    return state if to_state is None else to_state


def _consistent(instance: Habilitation, attribute: attrs.Attribute[Any], value: object) -> None:
    del attribute, value
    if instance.history and instance.history[0].at < instance.granted_at:
        raise ChronologyError(
            "Habilitation.granted_at",
            instance.granted_at,
            f"« {instance.history[0].kind} »",
            instance.history[0].at,
            article=ART,
            field="Habilitation.history[0].at",
        )
    # The state is where the history leads, each action allowed where it happened.
    state = HabilitationState.ACTIVE
    for index, action in enumerate(instance.history):
        following = _after(state, action)
        if following is None:
            raise InvalidTransitionError(
                f"habilitation « {instance.id} »",
                state.value,
                action.kind.value,
                article=ART,
                field=f"Habilitation.history[{index}].kind",
            )
        state = following
    if state is not instance.state:
        raise InvalidValueError(
            "Habilitation.state",
            instance.state.value,
            f"« {state.value} », l'état où mène l'historique",
            problem="état contraire à l'historique",
            article=ART,
        )


def _habilitation_employer(value: Siren | str | None) -> Siren | None:
    return None if value is None else _siren_at(value, "Habilitation.employer")


_ACTOR = "un Actor(side=…, organisation=…, name=…)"


@attrs.frozen(kw_only=True)
class Habilitation(Shown):
    """An habilitation: a user's access to a service, in a role, to some data scopes (Art. 2.2).

    What can be built is an habilitation consistent with itself: its state is where
    its history leads, every action allowed from the state it met. Whether it was
    rightly granted under the contract is a rule's answer
    (:func:`~caf_contract.dossier.check_dossier`).

    Attributes:
        id: the habilitation's identifier in the partner's tools.
        user: who holds it (a login or a name).
        employer: the SIREN of the holder's employer: the partner or a sub-contractor
            the contract declares (Art. 2.1); ``None`` when not recorded.
        service: the service (a bulletin d'adhésion of the contract).
        role: the role (profil) of the bulletin.
        scopes: the data scopes it gives access to (at least one).
        granted_by: who granted it.
        granted_at: when it was granted.
        administrator_level: when it makes its holder an administrator of the
            service, the level (2 for a sub-administrator appointed by level 1…).
        state: active, suspended or dévalidée (final).
        password_change_required: set by the Caf (Art. 2.2); the partner's tools read it.
        history: what happened to it since it was granted, oldest first.
    """

    id: str = attrs.field(validator=non_blank)
    user: str = attrs.field(validator=non_blank)
    employer: Siren | None = attrs.field(default=None, converter=_habilitation_employer)
    service: str = attrs.field(validator=non_blank)
    role: str = attrs.field(validator=non_blank)
    scopes: frozenset[str] = attrs.field(converter=_scopes, validator=_some_scope)
    granted_by: Actor = attrs.field(validator=instance_of(Actor, _ACTOR))
    granted_at: datetime = attrs.field(converter=instant, validator=is_aware)
    administrator_level: int | None = attrs.field(default=None, validator=_optional_level)
    state: HabilitationState = attrs.field(default=HabilitationState.ACTIVE, converter=_state)
    password_change_required: bool = attrs.field(default=False, validator=is_bool)
    history: tuple[CafAction, ...] = attrs.field(
        default=(), converter=_history, validator=_consistent
    )

    _html_caption = "Habilitation"
    _html_fields = (
        ("id", "Identifiant"),
        ("user", "Utilisateur"),
        ("employer", "Employeur (SIREN)"),
        ("service", "Service"),
        ("role", "Rôle"),
        ("scopes", "Périmètres"),
        ("granted_by", "Accordée par"),
        ("granted_at", "Accordée le"),
        ("administrator_level", "Niveau d'administrateur"),
        ("state", "État"),
        ("password_change_required", "Mot de passe à changer"),
        ("history", "Historique"),
    )
    _html_columns = ("id", "user", "service", "role", "scopes", "granted_at", "state")

    @property
    def counts_against_quota(self) -> bool:
        """Active and suspended habilitations count; dévalidées do not (Art. 2.2)."""
        return self.state is not HabilitationState.DEVALIDATED

    @property
    def devalidated_at(self) -> datetime | None:
        """When it was dévalidée, if it was."""
        for action in self.history:
            if action.kind is ActionKind.DEVALIDATED:
                return action.at
        return None

    @property
    def devalidated_on(self) -> date | None:
        """The Paris day of the dévalidation: it starts the 6-year retention (Art. 5.3.2)."""
        at = self.devalidated_at
        return None if at is None else at.astimezone(PARIS).date()

    def state_at(self, moment: datetime) -> HabilitationState | None:
        """The state at the instant ``moment``; ``None`` before it was granted.

        An action takes effect at its very instant.
        """
        return _state_at(self, aware(moment, "moment"), None)


def _state_at(
    habilitation: Habilitation, moment: datetime, contract: Contract | None
) -> HabilitationState | None:
    """The state at ``moment``; under ``contract``, a Caf power not the contracting Caf's is void.

    A suspension recorded in the partner's name changed nothing the contract knows of:
    the checks that judge who administers at an instant ignore it (and report it).
    """
    if moment < habilitation.granted_at:
        return None
    state = HabilitationState.ACTIVE
    for action in habilitation.history:
        if action.at > moment:
            break
        if contract is None or _takes_effect(contract, action):
            state = _after(state, action) or state
    return state


def _takes_effect(contract: Contract, action: CafAction) -> bool:
    """Whether a recorded action changed anything: a Caf power counts only as the Caf's."""
    return action.kind not in _CAF_POWERS or _is_contracting_caf(contract, action.by)


# --- the delegation


def _delegation_history(value: object) -> tuple[CafAction, ...]:
    actions = _history(value)
    withdrawn = False
    for index, action in enumerate(actions):
        where = f"Delegation.history[{index}].kind"
        if action.kind not in _DELEGATION_KINDS:
            raise InvalidValueError(
                where, action.kind, "des actions sur la délégation", article=ART
            )
        if (action.kind is ActionKind.DELEGATION_WITHDRAWN) == withdrawn:
            state = "supprimée" if withdrawn else "en place"
            raise InvalidTransitionError(
                "la délégation", state, action.kind.value, article=ART, field=where
            )
        withdrawn = not withdrawn
    return actions


_DELEGATION_KINDS: Final = frozenset(
    {ActionKind.DELEGATION_WITHDRAWN, ActionKind.DELEGATION_RESTORED}
)


@attrs.frozen(kw_only=True)
class Delegation(Shown):
    """The delegated management of the partner's habilitations (Art. 2.2).

    In place by default (« le principe est la gestion déléguée »); the Caf may withdraw
    it and take the management back, and give it back later. The history says who,
    when and why.
    """

    history: tuple[CafAction, ...] = attrs.field(default=(), converter=_delegation_history)

    _html_caption = "Délégation de la gestion des habilitations"
    _html_fields = (("_state", "État"), ("history", "Historique"))

    @property
    def _state(self) -> str:
        withdrawn = self.withdrawn
        if withdrawn is None:
            return "en place"
        return f"supprimée par la Caf le {moment_text(withdrawn.at)}"

    @property
    def withdrawn(self) -> CafAction | None:
        """The withdrawal in force, if the Caf has taken the management back."""
        if self.history and self.history[-1].kind is ActionKind.DELEGATION_WITHDRAWN:
            return self.history[-1]
        return None


# --- who may act: the Caf's powers are the Caf's


_CAF_POWERS: Final = frozenset(
    {
        ActionKind.SUSPENDED,
        ActionKind.REINSTATED,
        ActionKind.PASSWORD_CHANGE_FORCED,
        ActionKind.DELEGATION_WITHDRAWN,
        ActionKind.DELEGATION_RESTORED,
    }
)
_LEVEL_ONE_ROLES: Final = frozenset(
    {InterlocutorRole.ADMINISTRATEUR_PRINCIPAL, InterlocutorRole.ADMINISTRATEUR_DELEGUE}
)


def _is_contracting_caf(contract: Contract, actor: Actor) -> bool:
    return (
        actor.side is Side.CAF
        and actor.organisation == contract.caf.department
        and not actor.designates_nobody
    )


def _nobody(actor: Actor) -> Reason:
    return Reason(
        ART,
        f"« {actor.name} » ne désigne personne (texte du modèle laissé tel quel) ; attendu : "
        "le nom ou l'adresse mél d'une personne",
    )


def _withdrawals(
    contract: Contract, delegation: Delegation
) -> tuple[list[datetime], list[CafAction | None]]:
    """When the delegation changed, and the withdrawal in force from then (the Caf's only).

    A withdrawal or a restoration recorded in anyone else's name changed nothing.
    """
    instants: list[datetime] = []
    in_force: list[CafAction | None] = []
    current: CafAction | None = None
    for action in delegation.history:
        if not _is_contracting_caf(contract, action.by):
            continue
        if action.kind is ActionKind.DELEGATION_WITHDRAWN and current is None:
            current = action
        elif action.kind is ActionKind.DELEGATION_RESTORED and current is not None:
            current = None
        else:
            continue
        instants.append(action.at)
        in_force.append(current)
    return instants, in_force


def _withdrawal_at(
    contract: Contract, delegation: Delegation, moment: datetime
) -> CafAction | None:
    """The withdrawal of the delegation in force at ``moment`` (an action at it counts)."""
    instants, in_force = _withdrawals(contract, delegation)
    index = bisect.bisect_right(instants, moment)
    return in_force[index - 1] if index else None


@accepts(
    contract=Contract,
    actor=(Actor, _ACTOR),
    service=(str | None, "le nom d'un service ou None"),
    delegation=Delegation | None,
)
def may_act(  # noqa: PLR0913  # who, what, on what, when, under which contract
    contract: Contract,
    actor: Actor,
    kind: ActionKind | str,
    *,
    at: datetime,
    service: str | None = None,
    habilitations: Iterable[Habilitation] = (),
    delegation: Delegation | None = None,
) -> Decision:
    """Whether ``actor`` may take the action ``kind`` at ``at`` (Art. 2.2).

    « En cas de manquement constaté dans la gestion des habilitations, la Caf peut
    suspendre à tout moment l'habilitation à titre conservatoire, forcer la
    modification des mots de passe utilisateurs, voire supprimer la délégation
    d'habilitations et reprendre la main sur la gestion des habilitations du
    partenaire. » Those powers (and giving back what they took: reinstating, restoring
    the delegation) are the contracting Caf's staff's alone. A dévalidation ends an
    habilitation the partner manages: while the delegation is in place, the partner's
    administrators (annexe 1's administrateur principal and délégué, or the holder of
    an administrator habilitation of ``service`` among ``habilitations``, active then,
    within the delegation depth) or the Caf may make it; once the Caf has taken the
    management back (``delegation``), the Caf alone. Nobody is designated by a
    template placeholder.

    >>> from caf_contract.files import example_dossier
    >>> from caf_contract._time import PARIS
    >>> contract = example_dossier().contract
    >>> partner_admin = Actor.partner("123456782", "lbernard@coteaux-exemple.fr")
    >>> print(may_act(contract, partner_admin, "suspension à titre conservatoire",
    ...               at=datetime(2026, 3, 2, 10, tzinfo=PARIS)))
    refusé
    - Art. 2.2 — « suspension à titre conservatoire » est un pouvoir de la Caf contractante
      (Caf 82) : lbernard@coteaux-exemple.fr (partenaire, SIREN 123456782) ne peut l'exercer
    """
    action = parse_enum(ActionKind, kind, "kind")
    if action is ActionKind.GRANTED:
        raise InvalidValueError(
            "kind",
            action.value,
            "une action sur une habilitation ou sur la délégation (pour un octroi : may_grant)",
            problem="octroi demandé comme une action",
            article=ART,
        )
    moment = aware(at, "at")
    current = tuple_of(habilitations, Habilitation, "habilitations", "Habilitation(...)")
    allowed, reason = _act_reason(
        contract,
        actor,
        action,
        moment=moment,
        service=service,
        administrators=_Administrators(current, contract),
        withdrawal=None if delegation is None else _withdrawal_at(contract, delegation, moment),
    )
    return Decision(allowed=allowed, reasons=(reason,))


def _act_reason(  # noqa: PLR0913  # may_act's question, its arguments checked
    contract: Contract,
    actor: Actor,
    action: ActionKind,
    *,
    moment: datetime,
    service: str | None,
    administrators: _AdministratorsView,
    withdrawal: CafAction | None,
) -> tuple[bool, Reason]:
    """:func:`may_act`'s answer, as ``(allowed, reason)``, for checked arguments."""
    if actor.designates_nobody:
        return False, _nobody(actor)
    if _is_contracting_caf(contract, actor):
        return True, Reason(ART, f"« {action} » par {actor}, du personnel de la Caf contractante")
    if action in _CAF_POWERS:
        return False, Reason(
            ART,
            f"« {action} » est un pouvoir de la Caf contractante (Caf "
            f"{contract.caf.department}) : {actor} ne peut l'exercer",
        )
    if withdrawal is not None:
        return False, Reason(
            ART,
            f"« {action} » par {actor} : la Caf a repris la main sur la gestion des "
            f"habilitations ({withdrawal}) ; attendu : la Caf contractante (Caf "
            f"{contract.caf.department})",
        )
    then = contract.as_of(moment)
    if service is None:
        administers = _annex_1_administrator(then, actor)
    else:
        bulletin = then.bulletin(service)
        depth = None if bulletin is None else bulletin.delegation_depth
        level = _grantor_level(then, administrators, actor, service, moment)
        administers = level is not None and (depth is None or level <= depth)
    if administers:
        return True, Reason(ART, f"« {action} » par {actor}, administrateur du partenaire")
    return False, Reason(
        ART,
        f"« {action} » revient aux administrateurs du partenaire ou à la Caf contractante "
        f"(Caf {contract.caf.department}) : {actor} n'est ni l'un ni l'autre",
    )


def _authorised(  # the action and all it is judged against
    contract: Contract,
    action: CafAction,
    habilitations: Iterable[Habilitation],
    service: str | None,
    delegation: Delegation | None = None,
) -> None:
    decision = may_act(
        contract,
        action.by,
        action.kind,
        at=action.at,
        service=service,
        habilitations=habilitations,
        delegation=delegation,
    )
    if not decision:
        raise UnauthorisedActionError(action.kind.value, str(action.by), decision, article=ART)


# --- the Caf's powers and the lifecycle, as pure transitions


@accepts(habilitation=Habilitation)
def _record(  # noqa: PLR0913  # the action's fields and what it acts on
    habilitation: Habilitation,
    kind: ActionKind,
    *,
    by: Actor,
    at: datetime,
    reason: str,
    contract: Contract,
    habilitations: Iterable[Habilitation] = (),
    delegation: Delegation | None = None,
) -> Habilitation:
    """``habilitation`` after the action, refused if not allowed to ``by`` or from its state."""
    action = CafAction(kind=kind, by=by, at=at, reason=reason)
    last = habilitation.history[-1].at if habilitation.history else habilitation.granted_at
    if action.at < last:
        raise ChronologyError(
            "le dernier événement de l'habilitation", last, f"« {kind} »", action.at, article=ART
        )
    state = _after(habilitation.state, action)
    if state is None:
        raise InvalidTransitionError(
            f"habilitation « {habilitation.id} »",
            habilitation.state.value,
            kind.value,
            article=ART,
        )
    _authorised(contract, action, habilitations, habilitation.service, delegation)
    changes: dict[str, Any] = {}
    if kind is ActionKind.PASSWORD_CHANGE_FORCED:
        changes["password_change_required"] = True
    elif kind is ActionKind.DEVALIDATED:
        changes["password_change_required"] = False
    return attrs.evolve(
        habilitation, state=state, history=(*habilitation.history, action), **changes
    )


def suspend(
    habilitation: Habilitation, *, by: Actor, at: datetime, reason: str, contract: Contract
) -> Habilitation:
    """The habilitation suspended as a precaution (Art. 2.2); the original is untouched.

    A power of the contracting Caf's staff only (:func:`may_act`).

    Raises:
        InvalidTransitionError: it is not active.
        UnauthorisedActionError: ``by`` is not of the contracting Caf's staff.
    """
    return _record(
        habilitation, ActionKind.SUSPENDED, by=by, at=at, reason=reason, contract=contract
    )


def reinstate(
    habilitation: Habilitation, *, by: Actor, at: datetime, reason: str, contract: Contract
) -> Habilitation:
    """A suspended habilitation made active again, by the contracting Caf's staff.

    Raises:
        InvalidTransitionError: it is not suspended (a dévalidée one never comes back).
        UnauthorisedActionError: ``by`` is not of the contracting Caf's staff.
    """
    return _record(
        habilitation, ActionKind.REINSTATED, by=by, at=at, reason=reason, contract=contract
    )


def devalidate(  # noqa: PLR0913  # the action's fields, the contract, who administers
    habilitation: Habilitation,
    *,
    by: Actor,
    at: datetime,
    reason: str,
    contract: Contract,
    habilitations: Iterable[Habilitation] = (),
    delegation: Delegation | None = None,
) -> Habilitation:
    """The habilitation dévalidée: final; its Paris day starts the 6-year retention (Art. 5.3.2).

    By the contracting Caf's staff; or, while the delegation is in place
    (``delegation``, in place when ``None``), by an administrator of the partner:
    annexe 1's administrateur principal or délégué, or the holder of an active
    administrator habilitation of the service among ``habilitations``, within the
    delegation depth (:func:`may_act`).

    Raises:
        InvalidTransitionError: it is dévalidée already.
        UnauthorisedActionError: ``by`` may not dévalider it.
    """
    return _record(
        habilitation,
        ActionKind.DEVALIDATED,
        by=by,
        at=at,
        reason=reason,
        contract=contract,
        habilitations=habilitations,
        delegation=delegation,
    )


def force_password_change(
    habilitation: Habilitation, *, by: Actor, at: datetime, reason: str, contract: Contract
) -> Habilitation:
    """The habilitation flagged: its holder must change his password (Art. 2.2).

    A power of the contracting Caf's staff only.

    Raises:
        InvalidTransitionError: it is dévalidée.
        UnauthorisedActionError: ``by`` is not of the contracting Caf's staff.
    """
    return _record(
        habilitation,
        ActionKind.PASSWORD_CHANGE_FORCED,
        by=by,
        at=at,
        reason=reason,
        contract=contract,
    )


# --- the delegation's transitions


@accepts(delegation=Delegation)
def _delegation_action(  # noqa: PLR0913  # the action's fields and the contract
    delegation: Delegation,
    kind: ActionKind,
    *,
    by: Actor,
    at: datetime,
    reason: str,
    contract: Contract,
) -> Delegation:
    action = CafAction(kind=kind, by=by, at=at, reason=reason)
    # The history refuses an action out of order or out of turn; then, who acts.
    changed = Delegation(history=(*delegation.history, action))
    _authorised(contract, action, (), None)
    return changed


def withdraw_delegation(
    delegation: Delegation, *, by: Actor, at: datetime, reason: str, contract: Contract
) -> Delegation:
    """The delegation withdrawn: the Caf takes the management back (Art. 2.2).

    A power of the contracting Caf's staff only.

    Raises:
        InvalidTransitionError: it is withdrawn already.
        UnauthorisedActionError: ``by`` is not of the contracting Caf's staff.
    """
    return _delegation_action(
        delegation, ActionKind.DELEGATION_WITHDRAWN, by=by, at=at, reason=reason, contract=contract
    )


def restore_delegation(
    delegation: Delegation, *, by: Actor, at: datetime, reason: str, contract: Contract
) -> Delegation:
    """The delegation given back to the partner, by the contracting Caf's staff.

    Raises:
        InvalidTransitionError: it is in place already.
        UnauthorisedActionError: ``by`` is not of the contracting Caf's staff.
    """
    return _delegation_action(
        delegation, ActionKind.DELEGATION_RESTORED, by=by, at=at, reason=reason, contract=contract
    )


# --- the rules


def quota_usage(habilitations: Iterable[Habilitation]) -> Counter[tuple[str, str]]:
    """How many habilitations count against the quotas, by ``(service, role)``: one pass.

    Active and suspended ones count; dévalidées do not.
    """
    devalidated = HabilitationState.DEVALIDATED
    # Counter counts an iterable in C: the filter is the only Python-level work.
    return Counter(
        (habilitation.service, habilitation.role)
        for habilitation in tuple_of(
            habilitations, Habilitation, "habilitations", "Habilitation(...)"
        )
        if habilitation.state is not devalidated
    )


QuotaUsage = Mapping[tuple[str, str], int] | Mapping[tuple[str, str | None], int]
"""Counts of habilitations by ``(service, role)``, as :func:`quota_usage` gives them.

A ``(service, None)`` key counts habilitations of the service whatever their role:
they count against the service-wide quota only."""


class _QuotaCounts:
    """Habilitations counting against the quotas: by service, and by ``(service, role)``.

    For the rules and the dossier check (not exported: :func:`quota_usage` is the
    public count).

    Kept up to date in O(1) per habilitation, so that a dossier of any size is checked
    in one pass over its grants.
    """

    __slots__ = ("by_role", "by_service")

    def __init__(self) -> None:
        self.by_service: Counter[str] = Counter()
        self.by_role: Counter[tuple[str, str | None]] = Counter()

    def add(self, service: str, role: str | None, count: int = 1) -> None:
        self.by_service[service] += count
        self.by_role[service, role] += count

    @classmethod
    def of(cls, usage: object) -> _QuotaCounts:
        """``usage`` (as :func:`quota_usage` gives it) counted; anything malformed refused."""
        if not isinstance(usage, Mapping):
            raise InvalidValueError(
                "usage",
                usage,
                "un dictionnaire {(service, rôle ou None): nombre}, comme le donne "
                "quota_usage(...)",
            )
        counts = cls()
        for key, count in usage.items():
            if not (
                isinstance(key, tuple)
                and len(key) == 2  # (service, role)
                and isinstance(key[0], str)
                and (key[1] is None or isinstance(key[1], str))
            ):
                raise InvalidValueError(
                    "usage", key, "des clés (service, rôle ou None)", problem="clé invalide"
                )
            whole_number(
                count,
                "usage",
                minimum=0,
                expected="un nombre d'habilitations entier, au moins 0",
                problem=f"nombre invalide pour {key!r}",
            )
            counts.add(key[0], key[1], count)
        return counts


def _quotas_decision(
    bulletin: Bulletin, counts: _QuotaCounts, role: str, *, adding: int
) -> Decision:
    """Whether ``adding`` (0: none, the existing ones) of ``role`` keep within every quota."""
    if not bulletin.has_role(role):
        return Decision.deny(_unknown_role(bulletin, role))
    quotas = bulletin.quotas_for(role)
    service = bulletin.service
    if not quotas:
        # The Caf sets a maximum for every service (and every role if need be): a
        # grant no quota covers has no maximum set, so the service is not opened to it.
        # Role quotas set for other roles: the Caf sets one for this role too.
        of_role = role if bulletin.quotas else None
        what = f"le rôle « {role} » du service" if of_role else "le service"
        held = counts.by_service[service] if of_role is None else counts.by_role[service, role]
        return Decision.deny(
            Reason(
                ART,
                f"aucun nombre maximal d'habilitations fixé par la Caf pour {what} "
                f"« {service} » : service non ouvert",
                remedy=Remedy.within_quota(
                    service=service, role=of_role, quota=max(held + adding, 1)
                ),
            )
        )
    return Decision.from_failures(
        [reason for _, reason in _exceeded(quotas, counts, adding=adding)],
        otherwise=Reason(ART, f"dans les quotas du service « {service} » fixés par la Caf"),
    )


def _habilitation_count(count: int) -> str:
    """« 1 habilitation », « 4 habilitations »: French takes the singular below 2."""
    return f"{count} habilitation" if count < 2 else f"{count} habilitations"


def _quota_scope(quota: HabilitationQuota) -> str:
    """« du service « CDAP » » or « du rôle « instruction » du service « CDAP » »."""
    if quota.role is None:
        return f"du service « {quota.service} »"
    return f"du rôle « {quota.role} » du service « {quota.service} »"


def _quota_used(quota: HabilitationQuota, counts: _QuotaCounts) -> int:
    if quota.role is None:
        return counts.by_service[quota.service]
    return counts.by_role[quota.service, quota.role]


def _exceeded_message(quota: HabilitationQuota, used: int) -> str:
    """A quota held beyond its maximum: « quota … dépassé : 4 habilitations sur 2 »."""
    return f"quota {_quota_scope(quota)} dépassé : {_habilitation_count(used)} sur {quota.maximum}"


def _exceeded(
    quotas: Iterable[HabilitationQuota], counts: _QuotaCounts, *, adding: int
) -> list[tuple[HabilitationQuota, Reason]]:
    """The quotas that ``adding`` more habilitations would exceed, each with its reason.

    Three words for three situations: a quota already held beyond its maximum is
    « dépassé »; one exactly full, asked for more, « atteint »; one with room left,
    but not for all that are asked, « insuffisant ».
    """
    failures = []
    for quota in quotas:
        used = _quota_used(quota, counts)
        if used + adding <= quota.maximum:
            continue
        held = f"{_habilitation_count(used)} sur {quota.maximum}"
        if used > quota.maximum:
            message = _exceeded_message(quota, used)
        elif used == quota.maximum:
            message = f"quota {_quota_scope(quota)} atteint : {held}"
        else:  # room left, but not for all of them
            asked = "demandée" if adding < 2 else "demandées"
            message = f"quota {_quota_scope(quota)} insuffisant : {held}, {adding} de plus {asked}"
        failures.append((quota, Reason(ART, message, remedy=_quota_remedy(quota, used, adding))))
    return failures


def _quota_remedy(quota: HabilitationQuota, used: int, adding: int) -> Remedy:
    """Dévalider what ``adding`` more would exceed ``quota`` by, or a quota that holds them all.

    Dévalidating is offered only when it can do: when ``adding`` alone stays within
    the maximum (``may_add_habilitations(…, adding=5)`` under a quota of 3 cannot).
    """
    excess = used + adding - quota.maximum
    return Remedy.within_quota(
        service=quota.service,
        role=quota.role,
        quota=used + adding,
        remove=excess if excess <= used else None,
    )


@accepts(bulletin=Bulletin, role=(str, "le nom d'un rôle du bulletin"))
def check_quotas(bulletin: Bulletin, usage: QuotaUsage, role: str) -> Decision:
    """Whether the habilitations of ``role`` counted in ``usage`` keep within every quota.

    What a check of existing habilitations asks (:func:`may_add_habilitations` asks about new ones).

    A role the bulletin does not define is a failed condition, named in the denial.

    Raises:
        InvalidValueError: ``usage`` is not a mapping of ``(service, role)`` to counts.
    """
    return _quotas_decision(bulletin, _QuotaCounts.of(usage), role, adding=0)


@accepts(bulletin=Bulletin, role=(str, "le nom d'un rôle du bulletin"))
def may_add_habilitations(
    bulletin: Bulletin, usage: QuotaUsage, role: str, *, adding: int = 1
) -> Decision:
    """Whether ``adding`` more habilitations of ``role`` keep within every quota (Art. 2.2).

    ``usage`` is :func:`quota_usage` of the existing habilitations (or any mapping of
    ``(service, role)`` to counts; a ``(service, None)`` key counts for the service-wide
    quota only). A service-wide quota counts every role; a role quota its role; both
    must hold. No quota at all: the Caf has not opened the service to delegated grants,
    and nothing may be granted. A role the bulletin does not define is a failed
    condition, named in the denial.

    Raises:
        InvalidValueError: ``adding`` is not an integer of at least 1, or ``usage`` is
            not a mapping of ``(service, role)`` to counts of at least 0.
    """
    whole_number(
        adding,
        "adding",
        minimum=1,
        expected="un nombre d'habilitations à créer, entier, au moins 1",
    )
    return _quotas_decision(bulletin, _QuotaCounts.of(usage), role, adding=adding)


@accepts(bulletin=Bulletin, role=(str, "le nom d'un rôle du bulletin"))
def may_give_scopes(bulletin: Bulletin, role: str, scopes: Iterable[str]) -> Decision:
    """Whether ``scopes`` stay within what the bulletin gives ``role`` (moindre affectation).

    « l'habilitation ne doit donner accès strictement qu'aux données nécessaires à
    l'atteinte de la finalité » (Art. 2.2). Every failure is named in the denial: a
    role the bulletin does not define, a scope it declares nowhere, a scope beyond
    the role's.

    Raises:
        InvalidValueError: ``scopes`` is not a collection of non-blank texts.
    """
    return Decision.from_failures(
        _scope_failures(bulletin, role, text_set(scopes, "scopes")),
        otherwise=Reason(
            ART, f"périmètres limités à ceux du rôle « {role} » (moindre affectation)"
        ),
    )


def _scope_failures(bulletin: Bulletin, role: str, wanted: frozenset[str]) -> list[Reason]:
    """The failures of least privilege, role first, then each scope in order."""
    service = bulletin.service
    failures = []
    known = bulletin.has_role(role)
    if not known:
        failures.append(_unknown_role(bulletin, role))
    declared = bulletin.declared_scopes
    # Each refused scope is removed; when none the role gives would be left, the
    # remedy names those it gives (an habilitation gives at least one scope).
    gives = bulletin.role(role).scopes if known else frozenset()
    instead = sorted(gives) if gives and not wanted & gives else ()

    def remedy(scope: str) -> Remedy:
        return Remedy.remove_scope(scope, service=service, role=role, instead=instead)

    failures += [
        Reason(
            ART,
            f"périmètre « {scope} » déclaré par aucun rôle du bulletin du service "
            f"« {service} » ; attendu : {_listed(sorted(declared))}",
            remedy=remedy(scope),
        )
        for scope in sorted(wanted - declared)
    ]
    if known:
        granted = bulletin.role(role)
        failures += [
            Reason(
                ART,
                f"moindre affectation : le périmètre « {scope} » dépasse le rôle « {role} » "
                f"(finalité : {granted.purpose})",
                remedy=remedy(scope),
            )
            for scope in sorted((wanted & declared) - granted.scopes)
        ]
    return failures


def _unknown_role(bulletin: Bulletin, role: str) -> Reason:
    return Reason(
        ART,
        f"rôle « {role} » inconnu du bulletin du service « {bulletin.service} » ; attendu : "
        f"{_listed(bulletin.role_names)}",
    )


def _listed(names: Iterable[str]) -> str:
    items = [f"« {name} »" for name in names]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} ou {items[-1]}"


@accepts(bulletin=Bulletin)
def may_appoint(bulletin: Bulletin, *, grantor_level: int, appointed_level: int) -> Decision:
    """Whether an administrator of ``grantor_level`` may appoint one of ``appointed_level``.

    Level k may appoint level k+1 only, and only if k+1 ≤ the depth the Caf set for
    the service (Art. 2.2).
    """
    for field, level in (("grantor_level", grantor_level), ("appointed_level", appointed_level)):
        whole_number(
            level, field, minimum=1, expected="un niveau d'administration entier, au moins 1"
        )
    depth = bulletin.delegation_depth
    failures = []
    if appointed_level != grantor_level + 1:
        failures.append(
            Reason(
                ART,
                f"un administrateur de niveau {grantor_level} nomme des administrateurs de niveau "
                f"{grantor_level + 1}, pas {appointed_level}",
            )
        )
    if appointed_level > depth:
        failures.append(
            Reason(
                ART,
                f"profondeur de délégation dépassée : niveau {appointed_level} au-delà de la "
                f"profondeur {depth} fixée par la Caf pour « {bulletin.service} »",
            )
        )
    return Decision.from_failures(
        failures,
        otherwise=Reason(
            ART, f"niveau {appointed_level} dans la profondeur de délégation ({depth})"
        ),
    )


def _employer(value: Siren | str | None) -> Siren | None:
    return None if value is None else _siren_at(value, "GrantRequest.employer")


@attrs.frozen(kw_only=True)
class GrantRequest(Shown):
    """A request to grant a new habilitation, as a partner administrator makes it.

    Attributes:
        user: who would hold it (a login or a name).
        employer: the SIREN of the user's employer: the partner, or a sub-contractor
            the contract declares (Art. 2.1); ``None`` when not stated (denied: say it).
        service: the service.
        role: the role of the bulletin.
        scopes: the data scopes asked for (at least one).
        grantor: who grants it: an administrator of the partner.
        administrator_level: when the new habilitation appoints an administrator, his level.
    """

    user: str = attrs.field(validator=non_blank)
    employer: Siren | None = attrs.field(default=None, converter=_employer)
    service: str = attrs.field(validator=non_blank)
    role: str = attrs.field(validator=non_blank)
    scopes: frozenset[str] = attrs.field(converter=_scopes, validator=_some_scope)
    grantor: Actor = attrs.field(validator=instance_of(Actor, _ACTOR))
    administrator_level: int | None = attrs.field(default=None, validator=_optional_level)

    _html_caption = "Demande d'habilitation"
    _html_fields = (
        ("user", "Utilisateur"),
        ("employer", "Employeur (SIREN)"),
        ("service", "Service"),
        ("role", "Rôle"),
        ("scopes", "Périmètres"),
        ("grantor", "Accordée par"),
        ("administrator_level", "Niveau d'administrateur"),
    )


class _AdministratorsView(Protocol):
    """Who administers which service, as a grant or an action at an instant asks it."""

    def holds(self, actor: Actor, service: str, moment: datetime) -> bool:
        """Whether ``actor`` was granted an administrator habilitation of ``service`` before."""
        ...

    def level(self, actor: Actor, service: str, moment: datetime) -> int | None:
        """The lowest level ``actor`` administers ``service`` at, at ``moment``."""
        ...


class _Administrators:
    """The administrator habilitations among some habilitations, by service and holder.

    Built once; asked per grant. Under ``contract``, a Caf power recorded in anyone
    else's name changes no state (:func:`_state_at`).
    """

    __slots__ = ("_by_holder", "_contract")

    def __init__(self, habilitations: Iterable[Habilitation], contract: Contract | None) -> None:
        self._contract = contract
        self._by_holder: dict[tuple[str, str], list[Habilitation]] = {}
        for habilitation in habilitations:
            if habilitation.administrator_level is not None:
                key = (habilitation.service, _person_key(habilitation.user))
                self._by_holder.setdefault(key, []).append(habilitation)

    def holds(self, actor: Actor, service: str, moment: datetime) -> bool:
        """Whether ``actor`` was granted an administrator habilitation of ``service`` before."""
        return any(
            habilitation.granted_at < moment
            for habilitation in self._by_holder.get((service, _person_key(actor.name)), ())
        )

    def level(self, actor: Actor, service: str, moment: datetime) -> int | None:
        """The lowest level ``actor`` administers ``service`` at, by an habilitation active then.

        Granted strictly before ``moment``: nobody administers by the very grant he makes.
        """
        levels = [
            habilitation.administrator_level
            for habilitation in self._by_holder.get((service, _person_key(actor.name)), ())
            if habilitation.administrator_level is not None
            and (habilitation.employer is None or str(habilitation.employer) == actor.organisation)
            and habilitation.granted_at < moment
            and _state_at(habilitation, moment, self._contract) is HabilitationState.ACTIVE
        ]
        return min(levels, default=None)


def _person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _annex_1_administrator(contract: Contract, actor: Actor) -> bool:
    """Whether ``actor`` is annexe 1's administrateur principal or délégué of the partner."""
    partner = contract.partner.siren
    return (
        actor.side is Side.PARTNER
        and partner is not None
        and actor.organisation == partner.digits
        and contract.interlocutors.designated_partner(actor.name, _LEVEL_ONE_ROLES) is not None
    )


def _grantor_level(
    contract: Contract,
    administrators: _AdministratorsView,
    actor: Actor,
    service: str,
    moment: datetime,
) -> int | None:
    """The level ``actor`` administers ``service`` at, on ``moment``: 1 for annexe 1's pair.

    An administrator of annexe 1 whose own administrator habilitation of the service
    is suspended or dévalidée administers nothing: « la Caf peut suspendre à tout
    moment l'habilitation ». A placeholder designates nobody: callers say so first.
    """
    if actor.side is not Side.PARTNER or actor.organisation is None:
        return None
    if _annex_1_administrator(contract, actor):
        if administrators.holds(actor, service, moment):
            return administrators.level(actor, service, moment)
        return ADMINISTRATEUR_PRINCIPAL_LEVEL
    if contract.employs(actor.organisation, paris_day(moment, "at")) is None:
        return None
    return administrators.level(actor, service, moment)


def _grantor_failures(  # noqa: PLR0913  # who grants, and all he is judged against
    contract: Contract,
    administrators: _AdministratorsView,
    request: GrantRequest,
    *,
    moment: datetime,
    depth: int | None,
    withdrawal: CafAction | None,
) -> tuple[list[Reason], int | None]:
    """Whether the grantor may grant on ``service`` at ``moment``, and at which level.

    While the Caf has taken the management back (``withdrawal``), the Caf grants and
    nobody of the partner: the withdrawal is the one reason given then.
    """
    grantor, service = request.grantor, request.service
    level = None
    if grantor.designates_nobody:
        failure: str | None = _nobody(grantor).message
    elif withdrawal is not None:
        caf = _is_contracting_caf(contract, grantor)
        failure = (
            None
            if caf
            else f"la Caf a repris la main sur la gestion des habilitations : {withdrawal}"
        )
    elif grantor.side is not Side.PARTNER:
        failure = (
            f"{grantor} n'est pas administrateur du partenaire : en gestion déléguée, le "
            "partenaire accorde les habilitations, la Caf assurant uniquement la gestion des "
            "droits d'accès"
        )
    else:
        level = _grantor_level(contract, administrators, grantor, service, moment)
        if level is None:
            failure = (
                f"« {grantor.name} » n'est ni l'administrateur principal ni l'administrateur "
                "délégué du partenaire (annexe 1), ni titulaire d'une habilitation active "
                f"d'administrateur pour « {service} »"
            )
        elif depth is not None and level > depth:
            failure = (
                f"« {grantor.name} » administre « {service} » au niveau {level}, au-delà de la "
                f"profondeur de délégation {depth} fixée par la Caf"
            )
        else:
            failure = None
    return ([] if failure is None else [Reason(ART, failure)]), level


def _employer_failures(contract: Contract, request: GrantRequest, day: date) -> list[Reason]:
    """Art. 2.1: the user is somebody, the partner's staff or a declared sub-contractor's."""
    art = Article.ART_2_1
    failures = []
    if is_placeholder(request.user):
        failures.append(
            Reason(
                art,
                f"l'utilisateur « {request.user} » ne désigne personne (texte du modèle) ; "
                "attendu : l'identifiant ou le nom de la personne habilitée",
            )
        )
    partner = contract.partner.siren
    expected = (
        f"le SIREN du partenaire ({partner})" if partner is not None else "le SIREN du partenaire"
    ) + " ou d'un sous-traitant déclaré au contrat"
    if request.employer is None:
        failures.append(
            Reason(
                art,
                f"employeur de « {request.user} » non précisé ; attendu : {expected} "
                "(« ses personnels ou ses sous-traitants »)",
            )
        )
    elif contract.employs(request.employer, day) is None:
        failures.append(_outsider(contract, request, expected))
    return failures


def _outsider(contract: Contract, request: GrantRequest, expected: str) -> Reason:
    for subcontractor in contract.subcontractors:
        if subcontractor.siren == request.employer and not is_placeholder(subcontractor.name):
            return Reason(
                Article.ART_2_1,
                f"« {request.user} » est employé par le sous-traitant {subcontractor.name}, "
                f"déclaré à partir du {day_text(subcontractor.since)} seulement",
            )
    return Reason(
        Article.ART_2_1,
        f"« {request.user} » est employé par la structure de SIREN {request.employer}, ni le "
        f"partenaire ni un sous-traitant déclaré ; attendu : {expected}",
    )


def _grant_failures(  # noqa: PLR0913  # the whole contract answers
    contract: Contract,
    request: GrantRequest,
    *,
    at: datetime,
    counts: _QuotaCounts,
    administrators: _AdministratorsView,
    withdrawal: CafAction | None,
    opening: bool = True,
    quotas: bool = True,
) -> list[Reason]:
    """Every condition ``request`` fails at ``at``, the contract read as it stood that day.

    ``counts``: the habilitations counting against the quotas then; ``withdrawal``: the
    Caf's withdrawal of the delegation in force then; ``opening=False`` leaves out the
    conditions of the service's opening (a dossier check reports them once per
    service), ``quotas=False`` the quotas (a dossier check counts them itself).
    """
    moment = aware(at, "at")
    day = paris_day(moment, "at")
    contract = contract.as_of(day)
    needed = counts.by_service[request.service] + 1  # a quota to set must hold them all
    failures = _opening_failures(contract, request.service, day, needed=needed) if opening else []
    bulletin = contract.bulletin(request.service)
    depth = None if bulletin is None else bulletin.delegation_depth
    found, level = _grantor_failures(
        contract, administrators, request, moment=moment, depth=depth, withdrawal=withdrawal
    )
    failures += found
    failures += _employer_failures(contract, request, day)
    if bulletin is None:  # the opening failures say so
        return failures
    failures += _scope_failures(bulletin, request.role, request.scopes)
    if quotas and bulletin.quotas and bulletin.has_role(request.role):
        decision = _quotas_decision(bulletin, counts, request.role, adding=1)
        failures += () if decision else decision.reasons
    if request.administrator_level is not None and level is not None:
        decision = may_appoint(
            bulletin, grantor_level=level, appointed_level=request.administrator_level
        )
        failures += () if decision else decision.reasons
    return failures


@accepts(contract=Contract, request=GrantRequest, delegation=Delegation | None)
def may_grant(
    contract: Contract,
    existing: Iterable[Habilitation],
    request: GrantRequest,
    *,
    at: datetime,
    delegation: Delegation | None = None,
) -> Decision:
    """Whether ``request`` may be granted at ``at``, every failure reported together.

    The contract answers as a whole, as it stood on the day of ``at``
    (:meth:`~caf_contract.contract.Contract.as_of`):

    - the service must be open (Art. 2.1, :func:`~caf_contract.contract.may_open_service`:
      convention, contract and bulletin signed, partner identified, formalities done,
      a quota set by the Caf);
    - the delegation in place (Art. 2.2: once the Caf has taken the management back,
      nobody grants);
    - the grantor designated: annexe 1's administrateur principal or délégué (level
      1), or the holder of an administrator habilitation of the service, active at
      ``at``, of a level within the delegation depth; a placeholder designates nobody;
    - the user the partner's staff or a declared sub-contractor's (Art. 2.1);
    - the role and scopes within the bulletin (moindre affectation), the quotas
      ``existing`` leaves room in, and an appointed administrator one level below
      the grantor, within the depth.

    Raises:
        InvalidValueError: malformed arguments (not a rule outcome).
    """
    current = tuple_of(existing, Habilitation, "existing", "Habilitation(...)")
    delegation = Delegation() if delegation is None else delegation
    moment = aware(at, "at")
    failures = _grant_failures(
        contract,
        request,
        at=moment,
        counts=_QuotaCounts.of(quota_usage(current)),
        administrators=_Administrators(current, contract),
        withdrawal=_withdrawal_at(contract, delegation, moment),
    )
    return Decision.from_failures(
        failures,
        otherwise=Reason(
            ART,
            f"habilitation « {request.role} » sur « {request.service} » accordable par "
            f"{request.grantor}",
        ),
    )
