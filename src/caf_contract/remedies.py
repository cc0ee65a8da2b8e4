"""Remedies applied: the inputs of a rule as a remedy would change them (issue 18).

A :class:`~caf_contract.remedy.Remedy` says what would make a failed condition hold;
:func:`apply_remedy` makes that change to one input of the rule, and leaves alone an
input the remedy does not bear on:

- ``WAIT``: an instant (``now``, ``at``) or a day (``as_of``) moved to the remedy's
  instant, if earlier;
- ``QUOTA``: the habilitations counted (as :func:`~caf_contract.habilitations.quota_usage`
  gives them) fewer by the number to dévalider; or the bulletin d'adhésion (or the
  contract holding it) with the quota raised to the figure that would do;
- ``SIGN``: the contract with the convention, the contract or the bulletin signed on
  the remedy's day;
- ``REMOVE_SCOPE``: the grant request (or the set of scopes asked) without the scope,
  and with the first of the role's scopes if none would be left.

Applying every remedy of a denial whose failed conditions all carry one turns it into
an allowance: the property tests of ``tests/test_remedy.py`` check it rule by rule.

>>> from datetime import datetime
>>> from caf_contract import may_send_reminder
>>> from caf_contract._time import PARIS
>>> sent, now = datetime(2026, 11, 23, 10, tzinfo=PARIS), datetime(2026, 11, 30, 18, tzinfo=PARIS)
>>> decision = may_send_reminder(sent, now)
>>> print(decision.reasons[0].remedy)
attendre le 01/12/2026 à 00:00
>>> later = apply_remedies(decision.remedies, now)
>>> later.isoformat(), bool(may_send_reminder(sent, later))
('2026-12-01T00:00:00+01:00', True)

A contract is changed as it stands, with its avenants: to change it as it stood on
an earlier day, apply the remedy to ``contract.as_of(day)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, overload

import attrs

from caf_contract._time import aware, paris_day, start_of_paris_day
from caf_contract.bulletin import Bulletin, HabilitationQuota
from caf_contract.contract import Contract
from caf_contract.decision import Decision
from caf_contract.errors import InvalidValueError
from caf_contract.habilitations import GrantRequest, QuotaUsage, _QuotaCounts
from caf_contract.remedy import Remedy, RemedyKind, SignedDocument

__all__ = ["apply_remedies", "apply_remedy"]

Usage = dict[tuple[str, str | None], int]
"""Counts of habilitations by ``(service, role)``, as a remedy leaves them."""

_EXPECTED = (
    "un instant (datetime avec fuseau), un jour (date), un Contract, un Bulletin, une "
    "GrantRequest, des périmètres (frozenset de textes) ou des décomptes d'habilitations "
    "(quota_usage(...))"
)


@overload
def apply_remedy(remedy: Remedy, value: datetime) -> datetime: ...
@overload
def apply_remedy(remedy: Remedy, value: date) -> date: ...
@overload
def apply_remedy(remedy: Remedy, value: Contract) -> Contract: ...
@overload
def apply_remedy(remedy: Remedy, value: Bulletin) -> Bulletin: ...
@overload
def apply_remedy(remedy: Remedy, value: GrantRequest) -> GrantRequest: ...
@overload
def apply_remedy(remedy: Remedy, value: frozenset[str] | set[str]) -> frozenset[str]: ...
@overload
def apply_remedy(remedy: Remedy, value: QuotaUsage) -> Usage: ...
def apply_remedy(remedy: Remedy, value: object) -> object:  # noqa: PLR0911  # one per input
    """``value``, an input of a rule, as ``remedy`` would change it (unchanged if not concerned).

    The input is never modified: a new value is returned (a dict for habilitation
    counts, a frozenset for scopes).

    Raises:
        InvalidValueError: ``remedy`` is no :class:`~caf_contract.remedy.Remedy`, or
            ``value`` is none of the inputs a remedy may change (an instant, a day, a
            contract, a bulletin, a grant request, scopes, habilitation counts).
    """
    if not isinstance(remedy, Remedy):
        raise InvalidValueError("remedy", remedy, "Remedy(...)")
    if isinstance(value, datetime):
        return _later_instant(remedy, value, aware(value, "value"))
    if isinstance(value, date):
        return _later_day(remedy, value)
    if isinstance(value, Contract):
        return _contract(remedy, value)
    if isinstance(value, Bulletin):
        return _bulletin(remedy, value)
    if isinstance(value, GrantRequest):
        return _request(remedy, value)
    if isinstance(value, frozenset | set):
        return _scopes(remedy, frozenset(value))
    if isinstance(value, Mapping):
        return _usage(remedy, value)
    raise InvalidValueError("value", value, _EXPECTED)


@overload
def apply_remedies(remedies: Decision | Iterable[Remedy], value: datetime) -> datetime: ...
@overload
def apply_remedies(remedies: Decision | Iterable[Remedy], value: date) -> date: ...
@overload
def apply_remedies(remedies: Decision | Iterable[Remedy], value: Contract) -> Contract: ...
@overload
def apply_remedies(remedies: Decision | Iterable[Remedy], value: Bulletin) -> Bulletin: ...
@overload
def apply_remedies(remedies: Decision | Iterable[Remedy], value: GrantRequest) -> GrantRequest: ...
@overload
def apply_remedies(
    remedies: Decision | Iterable[Remedy], value: frozenset[str] | set[str]
) -> frozenset[str]: ...
@overload
def apply_remedies(remedies: Decision | Iterable[Remedy], value: QuotaUsage) -> Usage: ...
def apply_remedies(remedies: Decision | Iterable[Remedy], value: Any) -> Any:
    """:func:`apply_remedy` of each remedy in turn: of a decision, those its reasons carry.

    Raises:
        InvalidValueError: as :func:`apply_remedy`; or ``remedies`` is neither a
            :class:`~caf_contract.decision.Decision` nor a collection of remedies.
    """
    if isinstance(remedies, Decision):
        remedies = remedies.remedies
    if isinstance(remedies, str | bytes | Mapping) or not isinstance(remedies, Iterable):
        raise InvalidValueError("remedies", remedies, "une Decision ou une suite de Remedy(...)")
    for remedy in remedies:
        value = apply_remedy(remedy, value)
    return value


def _later_instant(remedy: Remedy, value: datetime, moment: datetime) -> datetime:
    """``value`` (the instant ``moment``), or the remedy's instant in its zone if later."""
    if remedy.kind is not RemedyKind.WAIT or remedy.until is None or remedy.until <= moment:
        return value
    return remedy.until.astimezone(value.tzinfo)


def _later_day(remedy: Remedy, value: date) -> date:
    """The first Paris day, from ``value`` on, whose 00:00 is not before the remedy's instant."""
    if remedy.kind is not RemedyKind.WAIT or remedy.until is None:
        return value
    day = paris_day(remedy.until, "remedy.until")
    if start_of_paris_day(day) < remedy.until:  # within that day: the day after holds
        day += timedelta(days=1)
    return max(value, day)


def _contract(remedy: Remedy, contract: Contract) -> Contract:
    if remedy.kind is RemedyKind.SIGN and remedy.document is SignedDocument.CONVENTION:
        if contract.convention_signed_on is None:
            return attrs.evolve(contract, convention_signed_on=remedy.sign_by)
        return contract
    if remedy.kind is RemedyKind.SIGN and remedy.document is SignedDocument.CONTRACT:
        if contract.signed_on is None:
            return attrs.evolve(contract, signed_on=remedy.sign_by)
        return contract
    bulletins = tuple(_bulletin(remedy, bulletin) for bulletin in contract.bulletins)
    if bulletins == contract.bulletins:
        return contract
    return attrs.evolve(contract, bulletins=bulletins)


def _bulletin(remedy: Remedy, bulletin: Bulletin) -> Bulletin:
    if remedy.service != bulletin.service:
        return bulletin
    if remedy.kind is RemedyKind.SIGN and remedy.document is SignedDocument.BULLETIN:
        if bulletin.signed_on is None:
            return attrs.evolve(bulletin, signed_on=remedy.sign_by)
        return bulletin
    if remedy.kind is not RemedyKind.QUOTA or remedy.quota is None:
        return bulletin
    if remedy.role is not None and not bulletin.has_role(remedy.role):
        return bulletin
    wanted = remedy.quota
    quotas = []
    found = False
    for quota in bulletin.quotas:
        if quota.role == remedy.role:
            found = True
            quota = attrs.evolve(quota, maximum=max(quota.maximum, wanted))  # noqa: PLW2901
        quotas.append(quota)
    if not found:  # the Caf sets one
        quotas.append(HabilitationQuota(service=bulletin.service, role=remedy.role, maximum=wanted))
    return attrs.evolve(bulletin, quotas=tuple(quotas))


def _request(remedy: Remedy, request: GrantRequest) -> GrantRequest:
    if (
        remedy.kind is not RemedyKind.REMOVE_SCOPE
        or remedy.service != request.service
        or remedy.role != request.role
    ):
        return request
    return attrs.evolve(request, scopes=_scopes(remedy, request.scopes))


def _scopes(remedy: Remedy, scopes: frozenset[str]) -> frozenset[str]:
    if remedy.kind is not RemedyKind.REMOVE_SCOPE or remedy.scope not in scopes:
        return scopes
    left = scopes - {remedy.scope}
    if not left and remedy.instead:  # an habilitation gives at least one scope
        return frozenset(remedy.instead[:1])
    return left


def _usage(remedy: Remedy, usage: Mapping[Any, Any]) -> Usage:
    _QuotaCounts.of(usage)  # refuses malformed counts, as the rules do
    counts: Usage = dict(usage)
    if remedy.kind is not RemedyKind.QUOTA or remedy.remove is None:
        return counts
    left = remedy.remove
    # A role's quota: its habilitations; the service's: any of the service's.
    keys = sorted(
        (
            key
            for key in counts
            if key[0] == remedy.service and (remedy.role is None or key[1] == remedy.role)
        ),
        key=str,
    )
    for key in keys:
        taken = min(left, counts[key])
        counts[key] -= taken
        left -= taken
    return counts
