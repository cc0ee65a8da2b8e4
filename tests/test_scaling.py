"""A dossier check grows linearly with its records, whatever their kind (issue 14.4).

No timing here (timings belong to ``benchmarks/bench_dossier.py``): the tests count
the Python calls a check makes, a figure that does not depend on the machine. A
linear check makes four times the calls on four times the records; a quadratic one
sixteen times. The margin (×5 allowed for ×4 records) leaves room for logarithms.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

import pytest

from caf_contract import Bulletin, HabilitationQuota, Role, check_dossier
from tests.growth import KINDS


def _calls(work: Callable[[], object]) -> int:
    """How many Python and built-in calls ``work`` makes."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        del frame, arg
        nonlocal count
        if event in {"call", "c_call"}:
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(previous)
    return count


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_building_and_checking_a_dossier_costs_the_same_per_record_at_any_size(
    kind: str,
) -> None:
    """Before the fix, a bulletin of n roles, each with its habilitation, cost n²: the
    names of the roles were listed anew at every grant (×9.4 for ×4 records)."""
    grow = KINDS[kind]
    small = _calls(lambda: check_dossier(grow(150)))
    large = _calls(lambda: check_dossier(grow(600)))
    assert large <= 5 * small, (kind, small, large)


class _Name(str):
    """A role name that counts how often it is compared: a scan compares it n times."""

    __slots__ = ()
    comparisons = 0

    def __eq__(self, other: object) -> bool:
        type(self).comparisons += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        return str.__hash__(self)


def _bulletin(count: int) -> Bulletin:
    names = [_Name(f"profil-{n}") for n in range(count)]
    bulletin = Bulletin(
        service="CDAP",
        roles=[Role(name=name, scopes={"dossier"}, purpose="essai") for name in names],
        quotas=[HabilitationQuota(service="CDAP", role=name, maximum=1) for name in names],
    )
    for name in names:
        bulletin.quotas_for(name)
    return bulletin


def test_a_bulletin_of_many_roles_finds_each_without_a_scan() -> None:
    """Building a bulletin checked each role's name against all the names before it,
    and each quota's role against every role; reading a role's quotas scanned them
    all: n² comparisons for n roles."""
    _Name.comparisons = 0
    _bulletin(100)
    small = _Name.comparisons
    _Name.comparisons = 0
    _bulletin(400)
    large = _Name.comparisons
    assert large <= 5 * max(small, 1), (small, large)
