"""Every input that once made the library fail, kept and replayed (issue 14).

Each entry is a call that once raised something else than a
:class:`~caf_contract.errors.CafContractError` (a ``TypeError``, a ``ValueError`` of
Python's own, an ``OverflowError``…), crashed while writing its own message, or
answered wrong. ``tests/test_corpus.py`` replays them all in the regular run: each
must answer, or refuse with the library's error. A new finding of the fuzz tests
(``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``) joins the list with the fix.
"""

from __future__ import annotations

import io
import json
import pickle
import struct
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import NamedTuple
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
from caf_contract.escalation import reminder_allowed_from
from caf_contract.files import example_dossier, read_dossier
from caf_contract.habilitations import check_quotas, may_add_habilitations, may_appoint
from caf_contract.retention import RetentionCutoff
from caf_contract.serialization import dumps, from_data, loads, parse, to_data

FILES = Path(__file__).parent / "files"
"""Dossier files that once made the command line fail: ``tests/test_corpus.py`` checks them."""

_BULLETIN = example_dossier().contract.bulletins[0]


_HOURS = OfficeHours({"lundi": [("08:30", "12:00")]})


class _BareZone(tzinfo):
    """A zone that says nothing: tzinfo's methods left as the base class has them."""


_HUGE = 10**5000


class Case(NamedTuple):
    """A call, and what it must do now: be refused in words, or give this answer."""

    call: Callable[[], object]
    expected: object = None
    """The answer (compared with ``==``, or a predicate of it); ``None``: refused."""
    refused: bool = True


def refused(call: Callable[[], object]) -> Case:
    """A call that must raise :class:`~caf_contract.errors.CafContractError`."""
    return Case(call)


def answers(call: Callable[[], object], expected: object) -> Case:
    """A call that must answer ``expected`` (a value, or a predicate of the answer)."""
    return Case(call, expected, refused=False)


class _ZoneOfOnesOwn(tzinfo):
    """A tzinfo subclass written by a user, as Python's documentation shows."""

    def dst(self, dt: datetime | None) -> timedelta:  # noqa: ARG002  # every instant
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:  # noqa: ARG002  # every instant
        return "ZONE"


class _FailingZone(_ZoneOfOnesOwn):
    """A zone of one's own whose offset is out of Python's bounds (ValueError)."""

    def utcoffset(self, dt: datetime | None) -> timedelta:  # noqa: ARG002  # every instant
        return timedelta(hours=30)


class _OneHourBlip(_ZoneOfOnesOwn):
    """UTC, but three hours behind for one hour of wall clock: no tz database zone does that."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        assert dt is not None
        blip = (dt.year, dt.month, dt.day, dt.hour) == (2023, 4, 27, 21)
        return timedelta(hours=-3) if blip else timedelta(0)


_BLIP = _OneHourBlip()


def _zone_file_of_offset(seconds: int) -> ZoneInfo:
    """A zone read from a TZif file (version 2) of one offset: a file may hold any offset."""
    header = b"TZif2" + bytes(15) + struct.pack(">6l", 0, 0, 0, 0, 1, 4)
    body = struct.pack(">lBB", seconds, 0, 0) + b"XXX\0"
    return ZoneInfo.from_file(io.BytesIO(header + body + header + body + b"\n\n"), key="odd")


_A_DAY_AND_AN_HOUR_AHEAD = datetime(2026, 11, 23, 12, tzinfo=_zone_file_of_offset(25 * 3600))


def _deep(levels: int) -> object:
    nested: list[object] = []
    for _ in range(levels):
        nested = [nested]
    return nested


def _holding_itself() -> object:
    itself: list[object] = []
    itself.append(itself)
    return itself


CALLS: dict[str, Case] = {
    # A role that is no name: looked up in a dict, it was unhashable (TypeError).
    "role-a-list": refused(lambda: may_add_habilitations(_BULLETIN, {}, [], adding=1)),  # type: ignore[arg-type]
    "bulletin-has-role-a-list": answers(lambda: _BULLETIN.has_role([]), False),  # type: ignore[arg-type]  # noqa: FBT003
    # Integers over Python's 4,300-digit limit: the messages could not write them.
    "level-huge": refused(lambda: may_appoint(_BULLETIN, grantor_level=_HUGE, appointed_level=2)),
    "usage-huge": refused(
        lambda: check_quotas(_BULLETIN, {("CDAP", "instruction"): _HUGE}, "instruction")
    ),
    "quota-huge": refused(lambda: HabilitationQuota(service="CDAP", maximum=-_HUGE)),
    "error-about-a-huge-int-in-a-list": answers(
        lambda: str(InvalidValueError("f", [_HUGE], "x")),
        "f : valeur invalide ([un entier de 5001 chiffres]) ; attendu : x.",
    ),
    "holidays-of-a-huge-year": refused(lambda: WorkingCalendar().holidays(_HUGE)),
    "working-days-a-huge-count": refused(
        lambda: WorkingCalendar().add_working_days(date(2026, 1, 1), _HUGE)
    ),
    # Not a path (TypeError).
    "read-none": refused(lambda: read_dossier(None)),  # type: ignore[arg-type]
    "read-an-int": refused(lambda: read_dossier(123)),  # type: ignore[arg-type]
    "read-bytes": refused(lambda: read_dossier(b"x.json")),  # type: ignore[arg-type]
    # A day or nothing where an instant is expected (AttributeError).
    "office-hours-cover-a-day": refused(lambda: _HOURS.covers(date(2026, 1, 5))),  # type: ignore[arg-type]
    "office-hours-cover-none": refused(lambda: _HOURS.covers(None)),  # type: ignore[arg-type]
    # A zone a day from UTC at the first of Python's days (OverflowError).
    "cutoff-at-the-edge-of-time": answers(
        lambda: RetentionCutoff(date(1, 7, 1), zone=timezone(timedelta(hours=-23, minutes=-59))),
        lambda cutoff: cutoff.last_purgeable_day == date(1, 1, 1),
    ),
    # A zone with no offset at all (NotImplementedError).
    "cutoff-in-a-bare-tzinfo": refused(lambda: RetentionCutoff(date(2026, 1, 1), zone=_BareZone())),  # type: ignore[abstract]
    # A cutoff in a DST gap (a wrong answer: the bulk path purged early).
    "cutoff-in-a-cairo-gap": answers(
        lambda: RetentionCutoff(date(2023, 10, 27), zone=ZoneInfo("Africa/Cairo")).purgeable_flags(
            [datetime(2023, 4, 28, 0, 30, tzinfo=ZoneInfo("Africa/Cairo"))]
        ),
        [False],
    ),
    # Versions and numbers over Python's 4,300-digit limit (ValueError).
    "version-of-5000-digits": refused(
        lambda: loads(BrowserPolicy, json.dumps({"firefox": "9" * 5000}))
    ),
    "connect-with-5000-digits": refused(
        lambda: may_connect(
            BrowserPolicy({"firefox": "115"}), browser="firefox", version="9" * 5000
        )
    ),
    "dumps-a-set-with-a-huge-int": refused(lambda: dumps({_HUGE, 1})),
    # JSON that is no JSON, keys that collide.
    "dumps-nan": refused(lambda: dumps(float("nan"))),
    "to-data-keys-alike": refused(lambda: to_data({1: "a", "1": "b"})),
    # An article as Reason reads it.
    "reason-article-with-its-label": answers(
        lambda: from_data(Reason, {"article": "Art. 3.3", "message": "m"}), Reason("3.3", "m")
    ),
    # A JSON object with a key twice: Python kept the last, silently (a wrong verdict).
    "json-key-twice": refused(lambda: parse('{"traces": [], "traces": []}')),
    # More that the outside review found (issue 14).
    "dumps-a-huge-int-key": refused(lambda: dumps({_HUGE: 1})),
    "dumps-nested-too-deep": refused(lambda: dumps(_deep(5000))),
    "dumps-what-holds-itself": refused(lambda: dumps(_holding_itself())),
    "cutoff-in-a-failing-zone": refused(
        lambda: RetentionCutoff(date(2026, 1, 1), zone=_FailingZone())
    ),
    "instant-in-a-failing-zone": refused(
        lambda: RetentionCutoff(date(2026, 1, 1)).purgeable_flags(
            [datetime(2026, 1, 1, tzinfo=_FailingZone())]
        )
    ),
    "office-hours-in-a-failing-zone": refused(
        lambda: _HOURS.covers(datetime(2026, 1, 5, 9, tzinfo=_FailingZone()))
    ),
    # Issue 16's fast paths read offsets unchecked: a failing zone must still be refused.
    "working-days-in-a-failing-zone": refused(
        lambda: WorkingCalendar().add_working_days(datetime(2026, 1, 5, tzinfo=_FailingZone()), 1)
    ),
    "reminder-in-a-failing-zone": refused(
        lambda: reminder_allowed_from(datetime(2026, 1, 5, tzinfo=_FailingZone()))
    ),
    # A zone file of 25 hours' offset: the quick Paris day read it unchecked (ValueError).
    "working-days-in-a-zone-file-a-day-ahead": refused(
        lambda: WorkingCalendar().add_working_days(_A_DAY_AND_AN_HOUR_AHEAD, 1)
    ),
    "reminder-in-a-zone-file-a-day-ahead": refused(
        lambda: reminder_allowed_from(_A_DAY_AND_AN_HOUR_AHEAD)
    ),
    "cutoff-in-a-zone-of-ones-own": answers(
        lambda: RetentionCutoff(date(2023, 10, 27), zone=_BLIP).purgeable_flags(
            [datetime(2023, 4, 27, 21, 30, tzinfo=_BLIP)]
        ),
        [False],
    ),
    "calendar-pickled": answers(
        lambda: pickle.loads(pickle.dumps(WorkingCalendar("57"))),  # noqa: S301  # our own bytes
        WorkingCalendar("57"),
    ),
    # A bulletin of many roles (no failure, but n² before: kept as a size check).
    "bulletin-of-two-thousand-roles": answers(
        lambda: Bulletin(
            service="CDAP",
            roles=[Role(name=f"r{n}", scopes={"d"}, purpose="p") for n in range(2000)],
        ),
        lambda bulletin: len(bulletin.roles) == 2000,
    ),
}
