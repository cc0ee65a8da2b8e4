"""Strategies for dossiers: a contract with its habilitations, requests and traces."""

from __future__ import annotations

from hypothesis import strategies as st

from caf_contract.dossier import Dossier
from tests import strategies as cst
from tests.strategies import habilitations as hst
from tests.strategies import incidents as ist
from tests.strategies import traces as tst


@st.composite
def dossiers(draw: st.DrawFn, *, complete: bool = True, max_records: int = 3) -> Dossier:
    """A contract and a few records of each kind kept under it, habilitations in its bulletins."""
    contract = draw(cst.contracts(complete=complete))
    records = st.integers(0, max_records)
    return Dossier(
        contract=contract,
        habilitations=tuple(
            draw(hst.habilitations(bulletin=draw(st.sampled_from(contract.bulletins))))
            for _ in range(draw(records))
        ),
        requests=tuple(draw(ist.incidents(contract=contract)) for _ in range(draw(records))),
        traces=tuple(draw(tst.traces()) for _ in range(draw(records))),
    )
