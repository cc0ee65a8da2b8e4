"""Every input that once made the library fail, kept and replayed (issue 14).

Each entry is a call that once raised something else than a
:class:`~caf_contract.errors.CafContractError` (a ``TypeError``, a ``ValueError`` of
Python's own, an ``OverflowError``…), crashed while writing its own message, or
answered wrong. ``tests/test_corpus.py`` replays them all in the regular run: each
must answer, or refuse with the library's error. A new finding of the fuzz tests
(``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``) joins the list with the fix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from caf_contract import (
    BrowserPolicy,
    Bulletin,
    HabilitationQuota,
    InvalidValueError,
    OfficeHours,
    Reason,
    Role,
    WorkingCalendar,
)
from caf_contract.contract import may_connect
from caf_contract.files import example_dossier, read_dossier
from caf_contract.habilitations import check_quotas, may_add_habilitations, may_appoint
from caf_contract.retention import RetentionCutoff
from caf_contract.serialization import dumps, from_data, loads, to_data

FILES = Path(__file__).parent / "files"
"""Dossier files that once made the command line fail: ``tests/test_corpus.py`` checks them."""

_BULLETIN = example_dossier().contract.bulletins[0]


_HOURS = OfficeHours({"lundi": [("08:30", "12:00")]})


class _BareZone(tzinfo):
    """A zone that says nothing: tzinfo's methods left as the base class has them."""


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
    # Not a path (TypeError).
    "read-none": lambda: read_dossier(None),  # type: ignore[arg-type]
    "read-an-int": lambda: read_dossier(123),  # type: ignore[arg-type]
    "read-bytes": lambda: read_dossier(b"x.json"),  # type: ignore[arg-type]
    # A day or nothing where an instant is expected (AttributeError).
    "office-hours-cover-a-day": lambda: _HOURS.covers(date(2026, 1, 5)),  # type: ignore[arg-type]
    "office-hours-cover-none": lambda: _HOURS.covers(None),  # type: ignore[arg-type]
    # A zone a day from UTC at the first of Python's days (OverflowError).
    "cutoff-at-the-edge-of-time": lambda: RetentionCutoff(
        date(1, 7, 1), zone=timezone(timedelta(hours=-23, minutes=-59))
    ),
    # A zone with no offset at all (NotImplementedError).
    "cutoff-in-a-bare-tzinfo": lambda: RetentionCutoff(date(2026, 1, 1), zone=_BareZone()),  # type: ignore[abstract]
    # A cutoff in a DST gap (a wrong answer: the bulk path purged early).
    "cutoff-in-a-cairo-gap": lambda: RetentionCutoff(
        date(2023, 10, 27), zone=ZoneInfo("Africa/Cairo")
    ).purgeable_flags([datetime(2023, 4, 28, 0, 30, tzinfo=ZoneInfo("Africa/Cairo"))]),
    # Versions and numbers over Python's 4,300-digit limit (ValueError).
    "version-of-5000-digits": lambda: loads(BrowserPolicy, json.dumps({"firefox": "9" * 5000})),
    "connect-with-5000-digits": lambda: may_connect(
        BrowserPolicy({"firefox": "115"}), browser="firefox", version="9" * 5000
    ),
    "dumps-a-set-with-a-huge-int": lambda: dumps({_HUGE, 1}),
    # JSON that is no JSON, keys that collide.
    "dumps-nan": lambda: dumps(float("nan")),
    "to-data-keys-alike": lambda: to_data({1: "a", "1": "b"}),
    # An article as Reason reads it.
    "reason-article-with-its-label": lambda: from_data(
        Reason, {"article": "Art. 3.3", "message": "m"}
    ),
    # A bulletin of many roles (no failure, but n² before: kept as a size check).
    "bulletin-of-two-thousand-roles": lambda: Bulletin(
        service="CDAP",
        roles=[Role(name=f"r{n}", scopes={"d"}, purpose="p") for n in range(2000)],
    ),
}
