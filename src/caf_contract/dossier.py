"""A partner's file: its contract with what happens under it, and one check over all of it.

A :class:`Dossier` gathers the contract and the records a back office keeps beside
it: the requests to the service centre. :func:`check_dossier` runs every rule that
applies to them and returns one decision per subject, each citing its articles.

>>> from caf_contract.examples import tarn_et_garonne_template
>>> results = check_dossier(Dossier(contract=tarn_et_garonne_template()))
>>> [(subject, bool(decision)) for subject, decision in results]
[('contrat', False)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from caf_contract._validate import instance_of, tuple_of
from caf_contract.contract import Contract, check_contract
from caf_contract.errors import InvalidValueError
from caf_contract.incidents import Incident, check_request

if TYPE_CHECKING:
    from caf_contract.decision import Decision

__all__ = ["Dossier", "check_dossier"]


def _requests(value: Any) -> tuple[Incident, ...]:  # noqa: ANN401  # checked here
    return tuple_of(value, Incident, "Dossier.requests", "Incident(...)")


@attrs.frozen(kw_only=True)
class Dossier:
    """A contract and the records kept under it.

    Attributes:
        contract: the *contrat de service*.
        requests: requests to (or from) the centre de services (Art. 3).
    """

    contract: Contract = attrs.field(validator=instance_of(Contract, "Contract(...)"))
    requests: tuple[Incident, ...] = attrs.field(default=(), converter=_requests)


def check_dossier(dossier: Dossier) -> list[tuple[str, Decision]]:
    """Every rule that applies to the dossier, as ``(subject, decision)`` pairs.

    The subjects are ``"contrat"`` (préambule, Art. 1, 6, annexes) and
    ``"saisine n° k"`` for each request (Art. 3, 3.2).
    """
    if not isinstance(dossier, Dossier):
        raise InvalidValueError("dossier", dossier, "un Dossier(...)")
    results = [("contrat", check_contract(dossier.contract))]
    results += [
        (f"saisine n° {number}", check_request(request, dossier.contract))
        for number, request in enumerate(dossier.requests, start=1)
    ]
    return results
