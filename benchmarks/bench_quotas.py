"""Quota check over 100,000 habilitations against a plain ``collections.Counter`` pass.

Run (outside the test suite)::

    python -m pip install -e '.[bench]'
    python benchmarks/bench_quotas.py                 # 100,000 habilitations, 7 rounds
    python benchmarks/bench_quotas.py --count 20000

The same habilitations (seeded: 3 services, 4 roles, a tenth dévalidées) go through
caf_contract's check — :func:`~caf_contract.habilitations.quota_usage` then
:func:`~caf_contract.habilitations.may_add_habilitations` for every role of every bulletin —
and through the bare pass a back office would write: a ``Counter`` over
``(service, role)`` of the habilitations not dévalidées, compared by hand with each
maximum. Round-robin, median of the rounds; figures in ns per habilitation.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from caf_contract import Bulletin, HabilitationQuota, Role
from caf_contract.habilitations import (
    Habilitation,
    HabilitationState,
    may_add_habilitations,
    quota_usage,
)
from caf_contract.parties import Actor

SERVICES = ("CDAP", "AFAS", "TELEPROCEDURE")
ROLES = ("consultation", "instruction", "gestion", "pilotage")


def _bulletins() -> list[Bulletin]:
    return [
        Bulletin(
            service=service,
            roles=tuple(Role(name=role, scopes={"dossier"}, purpose="bench") for role in ROLES),
            quotas=(
                HabilitationQuota(service=service, maximum=60_000),
                *(HabilitationQuota(service=service, role=role, maximum=20_000) for role in ROLES),
            ),
        )
        for service in SERVICES
    ]


def _habilitations(count: int, seed: int) -> list[Habilitation]:
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    template = Habilitation(
        id="h",
        user="u",
        service="CDAP",
        role="consultation",
        scopes={"dossier"},
        granted_by=Actor.partner("123456782", "admin"),
        granted_at=start,
    )
    # Built by copy (attrs validation per object would dominate the setup time).
    items = []
    for number in range(count):
        state = HabilitationState.DEVALIDATED if rng.random() < 0.1 else HabilitationState.ACTIVE
        item = object.__new__(Habilitation)
        for field in ("user", "scopes", "granted_by", "granted_by_level", "administrator_level"):
            object.__setattr__(item, field, getattr(template, field))
        object.__setattr__(item, "id", f"h{number}")
        object.__setattr__(item, "service", rng.choice(SERVICES))
        object.__setattr__(item, "role", rng.choice(ROLES))
        object.__setattr__(item, "granted_at", start + timedelta(minutes=number))
        object.__setattr__(item, "state", state)
        object.__setattr__(item, "password_change_required", False)
        object.__setattr__(item, "history", ())
        items.append(item)
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20261124)
    options = parser.parse_args(argv)

    bulletins = _bulletins()
    habilitations = _habilitations(options.count, options.seed)
    devalidated = HabilitationState.DEVALIDATED

    def ours() -> list[bool]:
        usage = quota_usage(habilitations)
        return [bool(may_add_habilitations(b, usage, role)) for b in bulletins for role in ROLES]

    def bare() -> list[bool]:
        usage = Counter((h.service, h.role) for h in habilitations if h.state is not devalidated)
        answers = []
        for bulletin in bulletins:
            for role in ROLES:
                total = sum(n for (service, _), n in usage.items() if service == bulletin.service)
                answers.append(total + 1 <= 60_000 and usage[bulletin.service, role] + 1 <= 20_000)
        return answers

    if ours() != bare():
        print("the two checks disagree: figures void")
        return 1
    timings: dict[str, list[float]] = {
        "caf_contract quota_usage + may_add_habilitations": [],
        "bare Counter pass": [],
    }
    for _ in range(options.rounds):
        for name, case in (
            ("caf_contract quota_usage + may_add_habilitations", ours),
            ("bare Counter pass", bare),
        ):
            started = time.perf_counter_ns()
            case()
            timings[name].append((time.perf_counter_ns() - started) / len(habilitations))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    base = medians["bare Counter pass"]
    print(f"habilitations: {len(habilitations):,}, rounds: {options.rounds}")
    print(f"{'approach':<42} {'ns/habilitation':>16} {'× bare':>8}")
    for name, value in sorted(medians.items(), key=lambda item: item[1]):
        print(f"{name:<42} {value:>16,.1f} {value / base:>7.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
