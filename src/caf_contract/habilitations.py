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
  the Caf's powers as pure transitions recording who, when and why: :func:`suspend`,
  :func:`reinstate`, :func:`devalidate`, :func:`force_password_change`,
  :func:`withdraw_delegation`, :func:`restore_delegation`.
- The rules: :func:`quota_check` (and :func:`quotas_held` for existing habilitations),
  :func:`least_privilege`, :func:`delegation_check`, and
  :func:`may_grant` reporting every failure of a :class:`GrantRequest` together.
"""

from __future__ import annotations

import enum
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final

import attrs

from caf_contract._time import PARIS, instant
from caf_contract._validate import (
    checked,
    is_aware,
    is_bool,
    non_blank,
    not_empty,
    parse_enum,
    positive_int,
    text_set,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.bulletin import Bulletin
from caf_contract.contract import Contract
from caf_contract.decision import Decision, Reason
from caf_contract.errors import (
    ChronologyError,
    InvalidTransitionError,
    InvalidValueError,
    UnknownScopeError,
)
from caf_contract.parties import InterlocutorRole

__all__ = [
    "ADMINISTRATEUR_PRINCIPAL_LEVEL",
    "CafAction",
    "Delegation",
    "GrantRequest",
    "Habilitation",
    "HabilitationState",
    "delegation_check",
    "devalidate",
    "force_password_change",
    "least_privilege",
    "may_grant",
    "quota_check",
    "quota_usage",
    "quotas_held",
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
    """What was done to an habilitation or to the delegation."""

    SUSPENDED = "suspension à titre conservatoire"
    REINSTATED = "rétablissement"
    DEVALIDATED = "dévalidation"
    PASSWORD_CHANGE_FORCED = "modification du mot de passe forcée"  # noqa: S105  # a label
    DELEGATION_WITHDRAWN = "délégation supprimée"
    DELEGATION_RESTORED = "délégation rendue"


def _action_kind(value: ActionKind | str) -> ActionKind:
    return parse_enum(ActionKind, value, "CafAction.kind")


@attrs.frozen(kw_only=True)
class CafAction:
    """A recorded action: what, by whom, when and why (Art. 2.2: the Caf supervises)."""

    kind: ActionKind = attrs.field(converter=_action_kind)
    by: str = attrs.field(validator=non_blank)
    at: datetime = attrs.field(converter=instant, validator=is_aware)
    reason: str = attrs.field(validator=non_blank)

    def __str__(self) -> str:
        when = f"{self.at.astimezone(PARIS):%d/%m/%Y à %H:%M}"
        return f"{self.kind} le {when} par {self.by} ({self.reason})"


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
    return text_set(value, "scopes")


# As a role of the bulletin: an habilitation gives access to at least one data scope.
_some_scope = not_empty(article=ART)


def _optional_level(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        positive_int(instance, attribute, value)


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
    devalidated = any(action.kind is ActionKind.DEVALIDATED for action in instance.history)
    if devalidated != (instance.state is HabilitationState.DEVALIDATED):
        raise InvalidValueError(
            "Habilitation.state",
            instance.state,
            "« dévalidée » exactement quand l'historique contient la dévalidation",
            article=ART,
        )


@attrs.frozen(kw_only=True)
class Habilitation:
    """An habilitation: a user's access to a service, in a role, to some data scopes (Art. 2.2).

    Attributes:
        id: the habilitation's identifier in the partner's tools.
        user: who holds it.
        service: the service (a bulletin d'adhésion of the contract).
        role: the role (profil) of the bulletin.
        scopes: the data scopes it gives access to (at least one).
        granted_by: who granted it.
        granted_by_level: the administrator level of the grantor (1: the
            administrateur principal or his suppléant).
        granted_at: when it was granted.
        administrator_level: when it makes its holder an administrator of the
            service, the level (2 for a sub-administrator appointed by level 1…).
        state: active, suspended or dévalidée (final).
        password_change_required: set by the Caf (Art. 2.2); the partner's tools read it.
        history: what happened to it since it was granted, oldest first.
    """

    id: str = attrs.field(validator=non_blank)
    user: str = attrs.field(validator=non_blank)
    service: str = attrs.field(validator=non_blank)
    role: str = attrs.field(validator=non_blank)
    scopes: frozenset[str] = attrs.field(converter=_scopes, validator=_some_scope)
    granted_by: str = attrs.field(validator=non_blank)
    granted_by_level: int = attrs.field(validator=positive_int)
    granted_at: datetime = attrs.field(converter=instant, validator=is_aware)
    administrator_level: int | None = attrs.field(default=None, validator=_optional_level)
    state: HabilitationState = attrs.field(default=HabilitationState.ACTIVE, converter=_state)
    password_change_required: bool = attrs.field(default=False, validator=is_bool)
    history: tuple[CafAction, ...] = attrs.field(
        default=(), converter=_history, validator=_consistent
    )

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


# --- the Caf's powers and the lifecycle, as pure transitions


def _record(
    habilitation: Habilitation, kind: ActionKind, by: str, at: datetime, reason: str
) -> CafAction:
    checked(habilitation, Habilitation, "habilitation", "une Habilitation(...)")
    action = CafAction(kind=kind, by=by, at=at, reason=reason)
    last = habilitation.history[-1].at if habilitation.history else habilitation.granted_at
    if action.at < last:
        raise ChronologyError(
            "le dernier événement de l'habilitation", last, f"« {kind} »", action.at, article=ART
        )
    return action


def _refuse(habilitation: Habilitation, event: ActionKind) -> InvalidTransitionError:
    return InvalidTransitionError(
        f"habilitation {habilitation.id!r}", habilitation.state.value, event.value, article=ART
    )


def suspend(habilitation: Habilitation, *, by: str, at: datetime, reason: str) -> Habilitation:
    """The habilitation suspended as a precaution (Art. 2.2); the original is untouched.

    Raises:
        InvalidTransitionError: it is not active.
    """
    action = _record(habilitation, ActionKind.SUSPENDED, by, at, reason)
    if habilitation.state is not HabilitationState.ACTIVE:
        raise _refuse(habilitation, action.kind)
    return attrs.evolve(
        habilitation, state=HabilitationState.SUSPENDED, history=(*habilitation.history, action)
    )


def reinstate(habilitation: Habilitation, *, by: str, at: datetime, reason: str) -> Habilitation:
    """A suspended habilitation made active again.

    Raises:
        InvalidTransitionError: it is not suspended (a dévalidée one never comes back).
    """
    action = _record(habilitation, ActionKind.REINSTATED, by, at, reason)
    if habilitation.state is not HabilitationState.SUSPENDED:
        raise _refuse(habilitation, action.kind)
    return attrs.evolve(
        habilitation, state=HabilitationState.ACTIVE, history=(*habilitation.history, action)
    )


def devalidate(habilitation: Habilitation, *, by: str, at: datetime, reason: str) -> Habilitation:
    """The habilitation dévalidée: final; its Paris day starts the 6-year retention (Art. 5.3.2).

    Raises:
        InvalidTransitionError: it is dévalidée already.
    """
    action = _record(habilitation, ActionKind.DEVALIDATED, by, at, reason)
    if habilitation.state is HabilitationState.DEVALIDATED:
        raise _refuse(habilitation, action.kind)
    return attrs.evolve(
        habilitation,
        state=HabilitationState.DEVALIDATED,
        password_change_required=False,
        history=(*habilitation.history, action),
    )


def force_password_change(
    habilitation: Habilitation, *, by: str, at: datetime, reason: str
) -> Habilitation:
    """The habilitation flagged: its holder must change his password (Art. 2.2).

    Raises:
        InvalidTransitionError: it is dévalidée.
    """
    action = _record(habilitation, ActionKind.PASSWORD_CHANGE_FORCED, by, at, reason)
    if habilitation.state is HabilitationState.DEVALIDATED:
        raise _refuse(habilitation, action.kind)
    return attrs.evolve(
        habilitation, password_change_required=True, history=(*habilitation.history, action)
    )


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
class Delegation:
    """The delegated management of the partner's habilitations (Art. 2.2).

    In place by default (« le principe est la gestion déléguée »); the Caf may withdraw
    it and take the management back, and give it back later. The history says who,
    when and why.
    """

    history: tuple[CafAction, ...] = attrs.field(default=(), converter=_delegation_history)

    @property
    def withdrawn(self) -> CafAction | None:
        """The withdrawal in force, if the Caf has taken the management back."""
        if self.history and self.history[-1].kind is ActionKind.DELEGATION_WITHDRAWN:
            return self.history[-1]
        return None


def withdraw_delegation(
    delegation: Delegation, *, by: str, at: datetime, reason: str
) -> Delegation:
    """The delegation withdrawn: the Caf takes the management back (Art. 2.2).

    Raises:
        InvalidTransitionError: it is withdrawn already.
    """
    checked(delegation, Delegation, "delegation", "une Delegation(...)")
    action = CafAction(kind=ActionKind.DELEGATION_WITHDRAWN, by=by, at=at, reason=reason)
    return Delegation(history=(*delegation.history, action))


def restore_delegation(delegation: Delegation, *, by: str, at: datetime, reason: str) -> Delegation:
    """The delegation given back to the partner.

    Raises:
        InvalidTransitionError: it is in place already.
    """
    checked(delegation, Delegation, "delegation", "une Delegation(...)")
    action = CafAction(kind=ActionKind.DELEGATION_RESTORED, by=by, at=at, reason=reason)
    return Delegation(history=(*delegation.history, action))


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


def _quota_usage_entries(usage: object) -> tuple[tuple[str, str | None, int], ...]:
    """``usage`` as ``(service, role, count)`` triples; anything malformed refused."""
    if not isinstance(usage, Mapping):
        raise InvalidValueError(
            "usage",
            usage,
            "un dictionnaire {(service, rôle ou None): nombre}, comme le donne quota_usage(...)",
        )
    entries = []
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
        if type(count) is not int or count < 0:
            raise InvalidValueError(
                "usage",
                count,
                "un nombre d'habilitations entier, au moins 0",
                problem=f"nombre invalide pour {key!r}",
            )
        entries.append((key[0], key[1], count))
    return tuple(entries)


def _quotas_decision(
    bulletin: Bulletin,
    entries: tuple[tuple[str, str | None, int], ...],
    role: str,
    *,
    adding: int,
) -> Decision:
    """Whether ``adding`` (0: none, the existing ones) of ``role`` keep within every quota."""
    quotas = bulletin.quotas_for(role)
    service = bulletin.service
    if not quotas:
        # The Caf sets a maximum for every service (and every role if need be): a
        # grant no quota covers has no maximum set, so the service is not opened to it.
        what = f"le rôle « {role} » du service" if bulletin.quotas else "le service"
        return Decision.deny(
            Reason(
                ART,
                f"aucun nombre maximal d'habilitations fixé par la Caf pour {what} "
                f"« {service} » : service non ouvert",
            )
        )
    failures: list[Reason] = []
    for quota in quotas:
        if quota.role is None:
            used = sum(count for name, _, count in entries if name == service)
            scope = f"du service « {service} »"
        else:
            used = sum(
                count for name, held, count in entries if (name, held) == (service, quota.role)
            )
            scope = f"du rôle « {quota.role} » du service « {service} »"
        if used + adding <= quota.maximum:
            continue
        held = f"{used} habilitation(s) sur {quota.maximum}"
        if used < quota.maximum:  # room left, but not for all of them
            message = f"quota {scope} insuffisant : {held}, {adding} de plus demandée(s)"
        else:
            message = f"quota {scope} atteint : {held}"
        failures.append(Reason(ART, message))
    return Decision.from_failures(
        failures,
        otherwise=Reason(ART, f"dans les quotas du service « {service} » fixés par la Caf"),
    )


def quotas_held(bulletin: Bulletin, usage: QuotaUsage, role: str) -> Decision:
    """Whether the habilitations of ``role`` counted in ``usage`` keep within every quota.

    What a check of existing habilitations asks (:func:`quota_check` asks about new ones).

    Raises:
        InvalidValueError: ``usage`` is not a mapping of ``(service, role)`` to counts.
        UnknownRoleError: ``role`` is not a role of the bulletin.
    """
    checked(bulletin, Bulletin, "bulletin", "un Bulletin(...)")
    return _quotas_decision(bulletin, _quota_usage_entries(usage), role, adding=0)


def quota_check(bulletin: Bulletin, usage: QuotaUsage, role: str, *, adding: int = 1) -> Decision:
    """Whether ``adding`` more habilitations of ``role`` keep within every quota (Art. 2.2).

    ``usage`` is :func:`quota_usage` of the existing habilitations (or any mapping of
    ``(service, role)`` to counts; a ``(service, None)`` key counts for the service-wide
    quota only). A service-wide quota counts every role; a role quota its role; both
    must hold. No quota at all: the Caf has not opened the service to delegated grants,
    and nothing may be granted.

    Raises:
        InvalidValueError: ``adding`` is not an integer of at least 1, or ``usage`` is
            not a mapping of ``(service, role)`` to counts of at least 0.
        UnknownRoleError: ``role`` is not a role of the bulletin.
    """
    checked(bulletin, Bulletin, "bulletin", "un Bulletin(...)")
    if type(adding) is not int or adding < 1:
        raise InvalidValueError(
            "adding",
            adding,
            "un nombre d'habilitations à créer, entier, au moins 1",
        )
    return _quotas_decision(bulletin, _quota_usage_entries(usage), role, adding=adding)


def least_privilege(bulletin: Bulletin, role: str, scopes: Iterable[str]) -> Decision:
    """Whether ``scopes`` stay within what the bulletin gives ``role`` (moindre affectation).

    Each scope beyond the role's is named in the denial.

    Raises:
        UnknownRoleError: ``role`` is not a role of the bulletin.
        UnknownScopeError: a scope that no role of the bulletin declares.
    """
    checked(bulletin, Bulletin, "bulletin", "un Bulletin(...)")
    wanted = text_set(scopes, "scopes")
    allowed = bulletin.role(role).scopes
    for scope in sorted(wanted - bulletin.declared_scopes):
        raise UnknownScopeError(scope, service=bulletin.service, known=bulletin.declared_scopes)
    failures = [
        Reason(
            ART,
            f"moindre affectation : le périmètre « {scope} » dépasse le rôle « {role} » "
            f"(finalité : {bulletin.role(role).purpose})",
        )
        for scope in sorted(wanted - allowed)
    ]
    return Decision.from_failures(
        failures,
        otherwise=Reason(
            ART, f"périmètres limités à ceux du rôle « {role} » (moindre affectation)"
        ),
    )


def delegation_check(bulletin: Bulletin, *, grantor_level: int, appointed_level: int) -> Decision:
    """Whether an administrator of ``grantor_level`` may appoint one of ``appointed_level``.

    Level k may appoint level k+1 only, and only if k+1 ≤ the depth the Caf set for
    the service (Art. 2.2).
    """
    checked(bulletin, Bulletin, "bulletin", "un Bulletin(...)")
    for field, level in (("grantor_level", grantor_level), ("appointed_level", appointed_level)):
        if type(level) is not int or level < 1:
            raise InvalidValueError(field, level, "un niveau d'administration entier, au moins 1")
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


def _level(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    positive_int(instance, attribute, value)


@attrs.frozen(kw_only=True)
class GrantRequest:
    """A request to grant a new habilitation, as a partner administrator makes it.

    Attributes:
        user: who would hold it.
        service: the service.
        role: the role of the bulletin.
        scopes: the data scopes asked for (at least one).
        grantor: who grants it (a name or an e-mail of annexe 1 for level 1).
        grantor_level: the grantor's administrator level.
        administrator_level: when the new habilitation appoints an administrator, his level.
    """

    user: str = attrs.field(validator=non_blank)
    service: str = attrs.field(validator=non_blank)
    role: str = attrs.field(validator=non_blank)
    scopes: frozenset[str] = attrs.field(converter=_scopes, validator=_some_scope)
    grantor: str = attrs.field(validator=non_blank)
    grantor_level: int = attrs.field(default=ADMINISTRATEUR_PRINCIPAL_LEVEL, validator=_level)
    administrator_level: int | None = attrs.field(default=None, validator=_optional_level)


_LEVEL_ONE_ROLES: Final = frozenset(
    {InterlocutorRole.ADMINISTRATEUR_PRINCIPAL, InterlocutorRole.ADMINISTRATEUR_DELEGUE}
)


def _grantor_findings(
    contract: Contract, existing: tuple[Habilitation, ...], request: GrantRequest
) -> list[Reason]:
    level = request.grantor_level
    if level == ADMINISTRATEUR_PRINCIPAL_LEVEL:
        # The grantor is written as an e-mail or as a name: look for both.
        people = contract.interlocutors
        person = people.find_partner(email=request.grantor) or people.find_partner(
            name=request.grantor
        )
        if person is None or person.role not in _LEVEL_ONE_ROLES:
            return [
                Reason(
                    ART,
                    f"« {request.grantor} » n'est ni l'administrateur principal ni "
                    "l'administrateur délégué du partenaire (annexe 1) : pas d'administration "
                    "de niveau 1",
                )
            ]
        return []
    for habilitation in existing:
        if (
            habilitation.user == request.grantor
            and habilitation.service == request.service
            and habilitation.administrator_level == level
            and habilitation.state is HabilitationState.ACTIVE
        ):
            return []
    return [
        Reason(
            ART,
            f"« {request.grantor} » ne détient pas d'habilitation active d'administrateur de "
            f"niveau {level} pour « {request.service} »",
        )
    ]


def may_grant(
    contract: Contract,
    existing: Iterable[Habilitation],
    request: GrantRequest,
    *,
    delegation: Delegation | None = None,
) -> Decision:
    """Whether ``request`` may be granted, every failure reported together (Art. 2.2).

    Checks the delegation is in place, the grantor is an administrator of his level,
    the service is opened by a bulletin with quotas that ``existing`` leaves room in,
    the scopes stay within the role (moindre affectation), and an appointed
    administrator stays within the delegation depth.

    Raises:
        UnknownRoleError, UnknownScopeError: the request names a role or a scope the
            bulletin does not know (malformed, not a rule outcome).
    """
    checked(contract, Contract, "contract", "un Contract(...)")
    checked(request, GrantRequest, "request", "une GrantRequest(...)")
    current = tuple_of(existing, Habilitation, "existing", "Habilitation(...)")
    delegation = (
        Delegation()
        if delegation is None
        else checked(delegation, Delegation, "delegation", "une Delegation(...)")
    )
    failures: list[Reason] = []
    withdrawal = delegation.withdrawn
    if withdrawal is not None:
        failures.append(
            Reason(ART, f"la Caf a repris la main sur la gestion des habilitations : {withdrawal}")
        )
    failures += _grantor_findings(contract, current, request)
    bulletin = contract.bulletin(request.service)
    if bulletin is None:
        failures.append(
            Reason(
                ART, f"aucun bulletin d'adhésion pour « {request.service} » : service non ouvert"
            )
        )
        return Decision.deny(*failures)
    usage = quota_usage(current)
    for decision in (
        quota_check(bulletin, usage, request.role),
        least_privilege(bulletin, request.role, request.scopes),
    ):
        if not decision:
            failures += decision.reasons
    if request.administrator_level is not None:
        decision = delegation_check(
            bulletin,
            grantor_level=request.grantor_level,
            appointed_level=request.administrator_level,
        )
        if not decision:
            failures += decision.reasons
    return Decision.from_failures(
        failures,
        otherwise=Reason(
            ART,
            f"habilitation « {request.role} » sur « {request.service} » accordable par "
            f"{request.grantor} (niveau {request.grantor_level})",
        ),
    )
