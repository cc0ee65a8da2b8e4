"""Dossiers grown by one kind of record, for the scaling test and benchmark.

``tests/test_scaling.py`` counts the calls a check makes on dossiers of two sizes;
``benchmarks/bench_dossier.py`` times them from 1,000 to 100,000 records. Both build
them here, on the bundled example's contract.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs

from caf_contract import Bulletin, Dossier, HabilitationQuota, Role
from caf_contract.files import example_dossier
from caf_contract.habilitations import Habilitation
from caf_contract.parties import Actor
from caf_contract.traces import Trace

BASE = example_dossier()
CONTRACT = BASE.contract
PARTNER = "123456782"
GRANTOR = Actor.partner(PARTNER, "lbernard@coteaux-exemple.fr")
START = datetime(2024, 3, 4, 8, tzinfo=UTC)


def _habilitation(number: int, role: str) -> Habilitation:
    return Habilitation(
        id=f"hab-{number}",
        user=f"agent{number}",
        employer=PARTNER,
        service="CDAP",
        role=role,
        scopes={"dossier"},
        granted_by=GRANTOR,
        granted_at=START + timedelta(minutes=number),
    )


def _with_bulletin(roles: list[str], count: int) -> Dossier:
    cdap = Bulletin(
        service="CDAP",
        roles=[Role(name=name, scopes={"dossier"}, purpose="banc d'essai") for name in roles],
        quotas=[HabilitationQuota(service="CDAP", maximum=count)],
        delegation_depth=2,
        signed_on=CONTRACT.bulletins[0].signed_on,
    )
    contract = attrs.evolve(CONTRACT, bulletins=(cdap, *CONTRACT.bulletins[1:]))
    return Dossier(contract=contract)


def habilitations(count: int) -> Dossier:
    """``count`` habilitations on two roles of one service."""
    dossier = _with_bulletin(["consultation", "instruction"], count)
    roles = ("consultation", "instruction")
    return attrs.evolve(
        dossier, habilitations=[_habilitation(n, roles[n % 2]) for n in range(count)]
    )


def roles(count: int) -> Dossier:
    """A bulletin of ``count`` roles, each with its own habilitation."""
    names = [f"profil-{n}" for n in range(count)]
    dossier = _with_bulletin(names, count)
    return attrs.evolve(
        dossier, habilitations=[_habilitation(n, name) for n, name in enumerate(names)]
    )


def requests(count: int) -> Dossier:
    """``count`` requests to the service centre, one every ten minutes."""
    model = BASE.requests[0]
    first = model.sent_at or START
    items = [
        attrs.evolve(
            model,
            subject=f"demande {n}",
            sent_at=first + timedelta(minutes=10 * n),
            answered_at=None,
        )
        for n in range(count)
    ]
    return Dossier(contract=CONTRACT, requests=items)


def traces(count: int) -> Dossier:
    """``count`` traces: sessions of three (authentication, an action, logout)."""
    actions = ("authentification", "consultation dossier", "déconnexion")
    items = [
        Trace(
            user=f"agent{n // 3 % 500}",
            partner=PARTNER,
            action=actions[n % 3],
            at=START + timedelta(seconds=n),
            session=f"S-{n // 3}",
        )
        for n in range(count)
    ]
    return Dossier(contract=CONTRACT, traces=items)


KINDS: dict[str, Callable[[int], Dossier]] = {
    "habilitations": habilitations,
    "roles": roles,
    "requests": requests,
    "traces": traces,
}
