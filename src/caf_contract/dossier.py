"""A partner's file: its contract with what happens under it, and one check over all of it.

A :class:`Dossier` gathers the contract and the records a back office keeps beside
it: the habilitations granted (Art. 2.2), the requests to the service centre (Art. 3)
and the traces (Art. 5.3.1). :func:`check_dossier` runs every rule that applies to
them and returns one decision per subject, each citing its articles.

>>> from caf_contract.examples import tarn_et_garonne_template
>>> results = check_dossier(Dossier(contract=tarn_et_garonne_template()))
>>> [(subject, bool(decision)) for subject, decision in results]
[('contrat', False)]
"""

from __future__ import annotations

from typing import Any

import attrs

from caf_contract._validate import checked, instance_of, tuple_of
from caf_contract.articles import Article
from caf_contract.contract import Contract, check_contract
from caf_contract.decision import Decision, Reason
from caf_contract.errors import UnknownRoleError, UnknownScopeError
from caf_contract.habilitations import Habilitation, least_privilege, quota_usage, quotas_held
from caf_contract.incidents import Incident, check_request
from caf_contract.traces import Trace, audit_sessions

__all__ = ["Dossier", "check_dossier"]


def _habilitations(value: Any) -> tuple[Habilitation, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Habilitation, "Dossier.habilitations", "Habilitation(...)")


def _requests(value: Any) -> tuple[Incident, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Incident, "Dossier.requests", "Incident(...)")


def _traces(value: Any) -> tuple[Trace, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Trace, "Dossier.traces", "Trace(...)")


@attrs.frozen(kw_only=True)
class Dossier:
    """A contract and the records kept under it.

    Attributes:
        contract: the *contrat de service*.
        habilitations: the habilitations granted under it (Art. 2.2).
        requests: requests to (or from) the centre de services (Art. 3).
        traces: traced connections and actions (Art. 5.3.1).
    """

    contract: Contract = attrs.field(validator=instance_of(Contract, "Contract(...)"))
    habilitations: tuple[Habilitation, ...] = attrs.field(default=(), converter=_habilitations)
    requests: tuple[Incident, ...] = attrs.field(default=(), converter=_requests)
    traces: tuple[Trace, ...] = attrs.field(default=(), converter=_traces)


def _check_habilitations(contract: Contract, habilitations: tuple[Habilitation, ...]) -> Decision:
    """Every habilitation within its bulletin: service, role, scopes, and the quotas."""
    art = Article.ART_2_2
    findings: list[Reason] = []
    usage = quota_usage(habilitations)
    for habilitation in habilitations:
        bulletin = contract.bulletin(habilitation.service)
        if bulletin is None:
            findings.append(
                Reason(
                    art,
                    f"habilitation {habilitation.id!r} : aucun bulletin pour "
                    f"« {habilitation.service} »",
                )
            )
            continue
        try:
            decision = least_privilege(bulletin, habilitation.role, habilitation.scopes)
        except (UnknownRoleError, UnknownScopeError) as error:
            findings.append(
                Reason(art, f"habilitation {habilitation.id!r} : {error.problem} ({error.value!r})")
            )
            continue
        if not decision:
            prefix = f"habilitation {habilitation.id!r} : "
            findings += [Reason(art, prefix + reason.message) for reason in decision.reasons]
    for service, role in sorted(usage):
        bulletin = contract.bulletin(service)
        if bulletin is not None and role in bulletin.role_names:
            decision = quotas_held(bulletin, usage, role)
            findings += [
                reason for reason in decision.reasons if not decision and reason not in findings
            ]
    return Decision.from_failures(
        findings,
        otherwise=Reason(
            art, f"{len(habilitations)} habilitation(s) dans leurs rôles, périmètres et quotas"
        ),
    )


def check_dossier(dossier: Dossier) -> list[tuple[str, Decision]]:
    """Every rule that applies to the dossier, as ``(subject, decision)`` pairs.

    The subjects: ``"contrat"`` (préambule, Art. 1, 6, annexes), ``"habilitations"``
    (Art. 2.2: bulletin, role, moindre affectation, quotas) when there are some,
    ``"saisine n° k"`` for each request (Art. 3, 3.2), and ``"traces"`` (Art. 5.3.1:
    sessions) when there are some.
    """
    checked(dossier, Dossier, "dossier", "un Dossier(...)")
    contract = dossier.contract
    results = [("contrat", check_contract(contract))]
    if dossier.habilitations:
        results.append(("habilitations", _check_habilitations(contract, dossier.habilitations)))
    results += [
        (f"saisine n° {number}", check_request(request, contract))
        for number, request in enumerate(dossier.requests, start=1)
    ]
    if dossier.traces:
        results.append(("traces", audit_sessions(dossier.traces)))
    return results
