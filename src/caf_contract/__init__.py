"""caf_contract: the Caf « Mon Compte Partenaire » contrat de service as executable rules.

Every rule is a pure function returning a :class:`Decision` whose reasons cite the
contract's articles; malformed input raises a :class:`CafContractError`.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> import caf_contract
>>> sent = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
>>> caf_contract.reminder_allowed_from(sent).isoformat()
'2026-12-01T00:00:00+01:00'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and readers; at run time each name loads on first use
    from caf_contract.articles import Article
    from caf_contract.availability import (
        MaintenanceWindow,
        OfficeHours,
        Schedule,
        StopKind,
        check_announcement,
        check_availability,
        check_caf_on_duty,
        is_available,
    )
    from caf_contract.bulletin import Bulletin, HabilitationQuota, Role
    from caf_contract.calendar import DayKind, WorkingCalendar
    from caf_contract.contract import (
        UNCHANGED,
        Avenant,
        BrowserPolicy,
        Contract,
        amend,
        check_contract,
        may_connect,
        may_open_service,
    )
    from caf_contract.decision import Decision, Reason
    from caf_contract.dossier import Dossier, check_dossier
    from caf_contract.errors import (
        CafContractError,
        ChronologyError,
        InvalidEmailError,
        InvalidSiren,
        InvalidTransitionError,
        InvalidValueError,
        LoadError,
        NaiveDatetimeError,
        OverlappingWindowsError,
        UnauthorisedActionError,
        UnknownArticleError,
        UnknownDepartmentError,
        UnknownRoleError,
        UnsignedAvenantError,
        UnsupportedYearError,
    )
    from caf_contract.escalation import may_send_reminder, reminder_allowed_from
    from caf_contract.files import example_dossier, parse_dossier, read_dossier
    from caf_contract.habilitations import (
        Delegation,
        GrantRequest,
        Habilitation,
        HabilitationState,
        may_grant,
    )
    from caf_contract.incidents import (
        Contact,
        Direction,
        Incident,
        Reminder,
        RequestStatus,
        RequestType,
        check_request,
        may_remind,
        request_status,
    )
    from caf_contract.parties import (
        Actor,
        Caf,
        Interlocutor,
        InterlocutorRole,
        Interlocutors,
        Partner,
        Side,
        Siren,
        Subcontractor,
        department_code,
        is_placeholder,
    )
    from caf_contract.retention import (
        habilitation_purge_date,
        habilitation_retention_cutoff,
        habilitation_retention_cutoff_instant,
        trace_purge_date,
        trace_retention_cutoff,
        trace_retention_cutoff_instant,
    )
    from caf_contract.serialization import dumps, from_data, loads, to_data
    from caf_contract.traces import (
        Trace,
        TraceReader,
        access_request_route,
        check_sessions,
        may_read_traces,
    )

    __version__: str
    """The installed version (``pyproject.toml``'s ``version``, read from the metadata)."""

_NOT_INSTALLED = "0+inconnu"
"""``__version__`` when the package runs without being installed (from a source tree)."""

# Where each public name lives. ``import caf_contract`` imports none of these modules
# (PEP 562): a name is imported on first use, so that a program pays for the rules it
# uses only, and importing the package builds nothing.
_WHERE: dict[str, str] = {
    "Actor": "parties",
    "Article": "articles",
    "Avenant": "contract",
    "BrowserPolicy": "contract",
    "Bulletin": "bulletin",
    "Caf": "parties",
    "CafContractError": "errors",
    "ChronologyError": "errors",
    "Contact": "incidents",
    "Contract": "contract",
    "DayKind": "calendar",
    "Decision": "decision",
    "Delegation": "habilitations",
    "Direction": "incidents",
    "Dossier": "dossier",
    "GrantRequest": "habilitations",
    "Habilitation": "habilitations",
    "HabilitationQuota": "bulletin",
    "HabilitationState": "habilitations",
    "Incident": "incidents",
    "Interlocutor": "parties",
    "InterlocutorRole": "parties",
    "Interlocutors": "parties",
    "InvalidEmailError": "errors",
    "InvalidSiren": "errors",
    "InvalidTransitionError": "errors",
    "InvalidValueError": "errors",
    "LoadError": "errors",
    "MaintenanceWindow": "availability",
    "NaiveDatetimeError": "errors",
    "OfficeHours": "availability",
    "OverlappingWindowsError": "errors",
    "Partner": "parties",
    "Reason": "decision",
    "Reminder": "incidents",
    "RequestStatus": "incidents",
    "RequestType": "incidents",
    "Role": "bulletin",
    "Schedule": "availability",
    "Side": "parties",
    "Siren": "parties",
    "StopKind": "availability",
    "Subcontractor": "parties",
    "Trace": "traces",
    "TraceReader": "traces",
    "UNCHANGED": "contract",
    "UnauthorisedActionError": "errors",
    "UnknownArticleError": "errors",
    "UnknownDepartmentError": "errors",
    "UnknownRoleError": "errors",
    "UnsignedAvenantError": "errors",
    "UnsupportedYearError": "errors",
    "WorkingCalendar": "calendar",
    "access_request_route": "traces",
    "amend": "contract",
    "check_announcement": "availability",
    "check_availability": "availability",
    "check_caf_on_duty": "availability",
    "check_contract": "contract",
    "check_dossier": "dossier",
    "check_request": "incidents",
    "check_sessions": "traces",
    "department_code": "parties",
    "dumps": "serialization",
    "example_dossier": "files",
    "from_data": "serialization",
    "habilitation_purge_date": "retention",
    "habilitation_retention_cutoff": "retention",
    "habilitation_retention_cutoff_instant": "retention",
    "is_available": "availability",
    "is_placeholder": "parties",
    "loads": "serialization",
    "may_connect": "contract",
    "may_grant": "habilitations",
    "may_open_service": "contract",
    "may_read_traces": "traces",
    "may_remind": "incidents",
    "may_send_reminder": "escalation",
    "parse_dossier": "files",
    "read_dossier": "files",
    "reminder_allowed_from": "escalation",
    "request_status": "incidents",
    "to_data": "serialization",
    "trace_purge_date": "retention",
    "trace_retention_cutoff": "retention",
    "trace_retention_cutoff_instant": "retention",
}

__all__ = [
    "UNCHANGED",
    "Actor",
    "Article",
    "Avenant",
    "BrowserPolicy",
    "Bulletin",
    "Caf",
    "CafContractError",
    "ChronologyError",
    "Contact",
    "Contract",
    "DayKind",
    "Decision",
    "Delegation",
    "Direction",
    "Dossier",
    "GrantRequest",
    "Habilitation",
    "HabilitationQuota",
    "HabilitationState",
    "Incident",
    "Interlocutor",
    "InterlocutorRole",
    "Interlocutors",
    "InvalidEmailError",
    "InvalidSiren",
    "InvalidTransitionError",
    "InvalidValueError",
    "LoadError",
    "MaintenanceWindow",
    "NaiveDatetimeError",
    "OfficeHours",
    "OverlappingWindowsError",
    "Partner",
    "Reason",
    "Reminder",
    "RequestStatus",
    "RequestType",
    "Role",
    "Schedule",
    "Side",
    "Siren",
    "StopKind",
    "Subcontractor",
    "Trace",
    "TraceReader",
    "UnauthorisedActionError",
    "UnknownArticleError",
    "UnknownDepartmentError",
    "UnknownRoleError",
    "UnsignedAvenantError",
    "UnsupportedYearError",
    "WorkingCalendar",
    "access_request_route",
    "amend",
    "check_announcement",
    "check_availability",
    "check_caf_on_duty",
    "check_contract",
    "check_dossier",
    "check_request",
    "check_sessions",
    "department_code",
    "dumps",
    "example_dossier",
    "from_data",
    "habilitation_purge_date",
    "habilitation_retention_cutoff",
    "habilitation_retention_cutoff_instant",
    "is_available",
    "is_placeholder",
    "loads",
    "may_connect",
    "may_grant",
    "may_open_service",
    "may_read_traces",
    "may_remind",
    "may_send_reminder",
    "parse_dossier",
    "read_dossier",
    "reminder_allowed_from",
    "request_status",
    "to_data",
    "trace_purge_date",
    "trace_retention_cutoff",
    "trace_retention_cutoff_instant",
]

if not TYPE_CHECKING:  # hidden from type checkers: an unknown name stays an error for them

    def __getattr__(name: str) -> object:
        if name == "__version__":
            value = globals()["__version__"] = _version()
            return value
        module = _WHERE.get(name)
        if module is None:
            return _submodule(name)
        value = getattr(importlib.import_module(f"caf_contract.{module}"), name)
        globals()[name] = value  # the next use is a plain attribute read
        return value

    def _submodule(name: str) -> object:
        """``caf_contract.errors`` and the like, as a package's modules are reached."""
        if name.isidentifier() and not name.startswith("__"):
            try:
                return importlib.import_module(f"caf_contract.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"caf_contract.{name}":  # a module that is there failed
                    raise
        message = f"module 'caf_contract' has no attribute {name!r}"
        raise AttributeError(message, name=name, obj=None)


def _version() -> str:
    """The version in the installed metadata: one source, ``pyproject.toml``.

    Read on first use (PEP 562), since importlib.metadata costs a few milliseconds.
    """
    from importlib import metadata  # noqa: PLC0415  # on first use only

    try:
        return metadata.version("caf-contract")
    except metadata.PackageNotFoundError:
        return _NOT_INSTALLED


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
