from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Contract, InvalidValueError
from caf_contract.dossier import Dossier, check_dossier
from caf_contract.files import example_dossier
from tests import strategies as cst
from tests.strategies import incidents as ist


def test_the_bundled_example_passes_every_check() -> None:
    results = check_dossier(example_dossier())
    assert [subject for subject, _ in results] == ["contrat", "saisine n° 1", "saisine n° 2"]
    assert all(decision for _, decision in results)


@given(cst.contracts(), st.data())
def test_one_result_per_subject_and_the_same_decisions_as_the_rules(
    contract: Contract, data: st.DataObject
) -> None:
    requests = data.draw(st.lists(ist.incidents(contract=contract), max_size=3))
    results = check_dossier(Dossier(contract=contract, requests=requests))
    assert len(results) == 1 + len(requests)
    assert results[0][0] == "contrat"


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="un Dossier"):
        check_dossier("dossier")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="Dossier.requests"):
        attrs.evolve(example_dossier(), requests=["mail"])
    with pytest.raises(InvalidValueError, match="Dossier.contract"):
        Dossier(contract="contrat")  # type: ignore[arg-type]
