"""A partner's file: its contract with what happens under it, and one check over all of it.

A :class:`Dossier` gathers the contract and the records a back office keeps beside
it: the habilitations granted and the delegation (Art. 2.2), the requests to the
service centre (Art. 3), the traces (Art. 5.3.1) and who is given access to them
(Art. 5.3.3–5.3.4). :func:`check_dossier` runs every rule that applies to them and
returns one decision per subject, each citing its articles.

The rules answer from the whole contract: each habilitation is judged against the
contract *as it stood at its grant* (:meth:`~caf_contract.contract.Contract.as_of`,
avenants included): the service open then, the grantor designated then, the user
the partner's or a declared sub-contractor's staff, the quotas of the time; and each
action recorded on it, or on the delegation, was taken by someone the contract
entrusts with it.

>>> from caf_contract.examples import tarn_et_garonne_template
>>> results = check_dossier(Dossier(contract=tarn_et_garonne_template()))
>>> [(subject, bool(decision)) for subject, decision in results]
[('contrat', False)]
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from caf_contract._time import PARIS
from caf_contract._validate import checked, instance_of, tuple_of
from caf_contract.articles import Article
from caf_contract.contract import Contract, check_contract, opening_failures
from caf_contract.decision import Decision, Reason
from caf_contract.habilitations import (
    Administrators,
    CafAction,
    Delegation,
    GrantRequest,
    Habilitation,
    HabilitationState,
    QuotaCounts,
    act_reason,
    grant_failures,
    quota_failures,
    scope_failures,
)
from caf_contract.incidents import Incident, check_request
from caf_contract.traces import Trace, TraceReader, audit_sessions, may_read_traces

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["Dossier", "check_dossier"]

ART: Final = Article.ART_2_2


def _habilitations(value: Any) -> tuple[Habilitation, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Habilitation, "Dossier.habilitations", "Habilitation(...)")


def _requests(value: Any) -> tuple[Incident, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Incident, "Dossier.requests", "Incident(...)")


def _traces(value: Any) -> tuple[Trace, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Trace, "Dossier.traces", "Trace(...)")


def _readers(value: Any) -> tuple[TraceReader, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, TraceReader, "Dossier.trace_readers", "TraceReader(...)")


@attrs.frozen(kw_only=True)
class Dossier:
    """A contract and the records kept under it.

    Attributes:
        contract: the *contrat de service*.
        habilitations: the habilitations granted under it (Art. 2.2).
        delegation: the delegated management, with the Caf's withdrawals and
            restorations (Art. 2.2); in place by default.
        requests: requests to (or from) the centre de services (Art. 3).
        traces: traced connections and actions (Art. 5.3.1).
        trace_readers: the people given access to the traces (Art. 5.3.3, 5.3.4).
    """

    contract: Contract = attrs.field(validator=instance_of(Contract, "Contract(...)"))
    habilitations: tuple[Habilitation, ...] = attrs.field(default=(), converter=_habilitations)
    delegation: Delegation = attrs.field(
        factory=Delegation, validator=instance_of(Delegation, "Delegation(...)")
    )
    requests: tuple[Incident, ...] = attrs.field(default=(), converter=_requests)
    traces: tuple[Trace, ...] = attrs.field(default=(), converter=_traces)
    trace_readers: tuple[TraceReader, ...] = attrs.field(default=(), converter=_readers)


# --- habilitations, each against the contract as it stood at its grant

_SHOWN_IDS: Final = 5


def _named(habilitation: Habilitation) -> str:
    return f"habilitation « {habilitation.id} »"


def _ids(habilitations: list[str]) -> str:
    """« a », « b » et 3 autres: a list that stays readable over a large dossier."""
    shown = ", ".join(f"« {ident} »" for ident in habilitations[:_SHOWN_IDS])
    more = len(habilitations) - _SHOWN_IDS
    return shown if more <= 0 else f"{shown} et {more} autre(s)"


class _History:
    """The contract as it stood on each day, read once per set of avenants in force."""

    __slots__ = ("_contract", "_effective", "_versions")

    def __init__(self, contract: Contract) -> None:
        self._contract = contract
        # Avenants take effect in order (Contract checks it): a bisection finds how
        # many are in force on a day.
        self._effective = [avenant.effective_on or date.max for avenant in contract.avenants]
        self._versions: dict[int, Contract] = {}

    def on(self, day: date) -> Contract:
        in_force = bisect.bisect_right(self._effective, day)
        if in_force not in self._versions:
            self._versions[in_force] = self._contract.as_of(day)
        return self._versions[in_force]


def _paris_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def _request(habilitation: Habilitation) -> GrantRequest:
    """The request the habilitation answered, as its grantor made it."""
    return GrantRequest(
        user=habilitation.user,
        employer=habilitation.employer,
        service=habilitation.service,
        role=habilitation.role,
        scopes=habilitation.scopes,
        grantor=habilitation.granted_by,
        administrator_level=habilitation.administrator_level,
    )


def _grants_in_order(habilitations: tuple[Habilitation, ...]) -> list[tuple[datetime, int, int]]:
    """Grants and dévalidations as ``(instant, 0 for a dévalidation / 1 for a grant, index)``.

    Sorted: at one instant, a dévalidation frees its place before a grant takes one.
    """
    moves = [
        (habilitation.granted_at, 1, index) for index, habilitation in enumerate(habilitations)
    ]
    moves += [
        (ended, 0, index)
        for index, habilitation in enumerate(habilitations)
        if (ended := habilitation.devalidated_at) is not None
    ]
    moves.sort()
    return moves


class _Findings:
    """Findings in the order found, each once."""

    __slots__ = ("items", "seen")

    def __init__(self) -> None:
        self.items: list[Reason] = []
        self.seen: set[Reason] = set()

    def add(self, reason: Reason) -> None:
        if reason not in self.seen:
            self.seen.add(reason)
            self.items.append(reason)


def _check_grants(
    dossier: Dossier, history: _History, findings: _Findings, report: Callable[..., None]
) -> None:
    """Each grant at its instant: the service open, the grantor, the user, scopes, quotas."""
    habilitations = dossier.habilitations
    administrators = Administrators(habilitations)
    counts = QuotaCounts()
    closed: dict[tuple[str, Reason], list[str]] = defaultdict(list)
    openings: dict[tuple[str, date], list[Reason]] = {}
    for moment, grant, index in _grants_in_order(habilitations):
        habilitation = habilitations[index]
        if not grant:
            counts.add(habilitation.service, habilitation.role, -1)
            continue
        day = _paris_day(moment)
        then = history.on(day)
        key = (habilitation.service, day)
        if key not in openings:
            openings[key] = opening_failures(then, habilitation.service, day)
        for reason in openings[key]:
            closed[habilitation.service, reason].append(habilitation.id)
        failures = grant_failures(
            then,
            _request(habilitation),
            at=moment,
            counts=counts,
            administrators=administrators,
            delegation=dossier.delegation,
            opening=False,
        )
        report(habilitation, failures)
        counts.add(habilitation.service, habilitation.role)
    for (service, reason), ids in closed.items():
        granted = "habilitations {} accordées" if len(ids) > 1 else "habilitation {} accordée"
        findings.add(
            Reason(
                reason.article,
                f"{granted.format(_ids(ids))} alors que le service « {service} » n'était pas "
                f"ouvert : {reason.message}",
            )
        )


def _check_actions(
    dossier: Dossier, history: _History, findings: _Findings, report: Callable[..., None]
) -> None:
    """Each action on an habilitation or on the delegation, by someone entrusted with it."""
    administrators = Administrators(dossier.habilitations)

    def judged(action: CafAction, service: str | None) -> Reason | None:
        allowed, reason = act_reason(
            history.on(_paris_day(action.at)),
            action.by,
            action.kind,
            moment=action.at,
            service=service,
            administrators=administrators,
        )
        return None if allowed else reason

    for habilitation in dossier.habilitations:
        report(
            habilitation,
            [
                reason
                for action in habilitation.history
                if (reason := judged(action, habilitation.service)) is not None
            ],
        )
    for action in dossier.delegation.history:
        refused = judged(action, None)
        if refused is not None:
            findings.add(Reason(refused.article, f"délégation : {refused.message}"))


def _check_now(dossier: Dossier, findings: _Findings, report: Callable[..., None]) -> None:
    """What holds today under the contract as it stands: bulletins, scopes, quotas."""
    contract = dossier.contract
    counting = [h for h in dossier.habilitations if h.state is not HabilitationState.DEVALIDATED]
    counts = QuotaCounts()
    for habilitation in counting:
        counts.add(habilitation.service, habilitation.role)
        bulletin = contract.bulletin(habilitation.service)
        if bulletin is None:
            report(
                habilitation,
                [
                    Reason(
                        ART,
                        f"aucun bulletin d'adhésion pour « {habilitation.service} » au contrat "
                        "en vigueur",
                    )
                ],
            )
        else:
            report(habilitation, scope_failures(bulletin, habilitation.role, habilitation.scopes))
    for service, role in sorted({(h.service, h.role) for h in counting}):
        bulletin = contract.bulletin(service)
        if bulletin is not None and bulletin.quotas and role in bulletin.role_names:
            for reason in quota_failures(bulletin, counts, role):
                findings.add(reason)


def _check_habilitations(dossier: Dossier) -> Decision:
    """Habilitations and delegation against the whole contract (Art. 2.1, 2.2)."""
    findings = _Findings()

    def report(habilitation: Habilitation, failures: Iterable[Reason]) -> None:
        for reason in failures:
            findings.add(Reason(reason.article, f"{_named(habilitation)} : {reason.message}"))

    history = _History(dossier.contract)
    _check_grants(dossier, history, findings, report)
    _check_actions(dossier, history, findings, report)
    _check_now(dossier, findings, report)
    count = len(dossier.habilitations)
    return Decision.from_failures(
        findings.items,
        otherwise=Reason(
            ART,
            f"{count} habilitation(s) accordée(s) par des administrateurs désignés, sur des "
            "services ouverts, à des personnels du partenaire ou de ses sous-traitants, dans "
            "leurs rôles, périmètres et quotas ; pouvoirs de la Caf exercés par la Caf",
        ),
    )


def check_dossier(dossier: Dossier) -> list[tuple[str, Decision]]:
    """Every rule that applies to the dossier, as ``(subject, decision)`` pairs.

    The subjects: ``"contrat"`` (préambule, Art. 1, 5.1, 6, annexes); ``"habilitations"``
    (Art. 2.1, 2.2) when there are habilitations or actions on the delegation: each
    grant against the contract as it stood then (service open, grantor designated,
    user the partner's or a declared sub-contractor's, role, moindre affectation,
    quotas, depth), each action by someone entrusted with it, and today's quotas;
    ``"saisine n° k"`` for each request (Art. 3, 3.2, 3.3); ``"traces"`` (Art.
    5.3.1: sessions) when there are some; ``"lecteur des traces n° k"`` for each
    person given access to them (Art. 5.3.3, 5.3.4).
    """
    checked(dossier, Dossier, "dossier", "un Dossier(...)")
    contract = dossier.contract
    results = [("contrat", check_contract(contract))]
    if dossier.habilitations or dossier.delegation.history:
        results.append(("habilitations", _check_habilitations(dossier)))
    results += [
        (f"saisine n° {number}", check_request(request, contract))
        for number, request in enumerate(dossier.requests, start=1)
    ]
    if dossier.traces:
        results.append(("traces", audit_sessions(dossier.traces)))
    results += [
        (f"lecteur des traces n° {number}", may_read_traces(reader, contract))
        for number, reader in enumerate(dossier.trace_readers, start=1)
    ]
    return results
