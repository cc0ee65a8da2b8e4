"""Every input that once made the library fail, kept and replayed (issue 14).

Each entry is a call that once raised something else than a
:class:`~caf_contract.errors.CafContractError` (a ``TypeError``, a ``ValueError`` of
Python's own, an ``OverflowError``…), crashed while writing its own message, or
answered wrong. ``tests/test_corpus.py`` replays them all in the regular run: each
must answer, or refuse with the library's error. A new finding of the fuzz tests
(``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``) joins the list with the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from caf_contract import Bulletin, HabilitationQuota, InvalidValueError, Role, WorkingCalendar
from caf_contract.files import example_dossier
from caf_contract.habilitations import check_quotas, may_add_habilitations, may_appoint

_BULLETIN = example_dossier().contract.bulletins[0]
_HUGE = 10**5000

CALLS: dict[str, Callable[[], object]] = {
    # A role that is no name: looked up in a dict, it was unhashable (TypeError).
    "role-a-list": lambda: may_add_habilitations(_BULLETIN, {}, [], adding=1),  # type: ignore[arg-type]
    "bulletin-has-role-a-list": lambda: _BULLETIN.has_role([]),  # type: ignore[arg-type]
    # Integers over Python's 4,300-digit limit: the messages could not write them.
    "level-huge": lambda: may_appoint(_BULLETIN, grantor_level=_HUGE, appointed_level=2),
    "usage-huge": lambda: check_quotas(_BULLETIN, {("CDAP", "instruction"): _HUGE}, "instruction"),
    "quota-huge": lambda: HabilitationQuota(service="CDAP", maximum=-_HUGE),
    "error-about-a-huge-int-in-a-list": lambda: str(InvalidValueError("f", [_HUGE], "x")),
    "holidays-of-a-huge-year": lambda: WorkingCalendar().holidays(_HUGE),
    "working-days-a-huge-count": lambda: WorkingCalendar().add_working_days(
        date(2026, 1, 1), _HUGE
    ),
    # A bulletin of many roles (no failure, but n² before: kept as a size check).
    "bulletin-of-two-thousand-roles": lambda: Bulletin(
        service="CDAP",
        roles=[Role(name=f"r{n}", scopes={"d"}, purpose="p") for n in range(2000)],
    ),
}
