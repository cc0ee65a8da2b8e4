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
    from caf_contract.calendar import CalendarDay, DayKind, WorkingCalendar, holiday_subdivision
    from caf_contract.contract import (
        UNCHANGED,
        Avenant,
        BrowserPolicy,
        Contract,
        ContractParts,
        amend,
        check_contract,
        may_connect,
        may_open_service,
    )
    from caf_contract.deadline import (
        DayStatus,
        Deadline,
        DeadlineDay,
        DeadlineKind,
        explain_add_working_days,
        explain_habilitation_purge_date,
        explain_reminder,
        explain_trace_purge_date,
    )
    from caf_contract.decision import Decision, Reason
    from caf_contract.dossier import Dossier, DossierReport, check_dossier
    from caf_contract.errors import (
        BadRowsError,
        CafContractError,
        ChronologyError,
        InvalidEmailError,
        InvalidSiren,
        InvalidTransitionError,
        InvalidValueError,
        LoadError,
        Location,
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
    from caf_contract.examples import TARN_ET_GARONNE, tarn_et_garonne_template
    from caf_contract.files import (
        EXAMPLES,
        MAX_DOSSIER_BYTES,
        example_dossier,
        parse_dossier,
        read_dossier,
    )
    from caf_contract.habilitations import (
        ADMINISTRATEUR_PRINCIPAL_LEVEL,
        ActionKind,
        CafAction,
        Delegation,
        GrantRequest,
        Habilitation,
        HabilitationState,
        check_quotas,
        devalidate,
        force_password_change,
        may_act,
        may_add_habilitations,
        may_appoint,
        may_give_scopes,
        may_grant,
        quota_usage,
        reinstate,
        restore_delegation,
        suspend,
        withdraw_delegation,
    )
    from caf_contract.incidents import (
        Contact,
        Direction,
        Incident,
        Reminder,
        RequestStatus,
        RequestType,
        answer,
        check_request,
        close,
        may_remind,
        record_reminder,
        request_status,
        request_type,
    )
    from caf_contract.json_schemas import JSON_SCHEMAS, json_schema
    from caf_contract.ledger import Event, LedgerState, replay, state_as_of
    from caf_contract.parameters import TEMPLATE_2024, Parameter, ParameterSet
    from caf_contract.parties import (
        DEPARTMENT_CODES,
        TEMPLATE_PLACEHOLDERS,
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
    from caf_contract.records import (
        RECORD_VERSION,
        REMINDER_RULE,
        DecisionRecord,
        Replayed,
        canonical_json,
        dossier_records,
        inputs_digest,
        parameters_data,
        replay_decisions,
    )
    from caf_contract.remedies import apply_remedies, apply_remedy
    from caf_contract.remedy import Remedy, RemedyKind, SignedDocument
    from caf_contract.retention import (
        PurgeItem,
        RetentionCutoff,
        habilitation_purge_date,
        habilitation_purge_plan,
        habilitation_retention_cutoff,
        habilitation_retention_cutoff_instant,
        may_purge_habilitation,
        may_purge_trace,
        trace_purge_date,
        trace_purge_plan,
        trace_retention_cutoff,
        trace_retention_cutoff_instant,
    )
    from caf_contract.serialization import dumps, from_data, loads, to_data
    from caf_contract.template import dossier_template, template_text
    from caf_contract.traces import (
        AUTHENTICATION,
        LOGOUT,
        AccessRoute,
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
    "JSON_SCHEMAS": "json_schemas",
    "json_schema": "json_schemas",
    "RECORD_VERSION": "records",
    "REMINDER_RULE": "records",
    "DecisionRecord": "records",
    "Replayed": "records",
    "canonical_json": "records",
    "dossier_records": "records",
    "inputs_digest": "records",
    "parameters_data": "records",
    "replay_decisions": "records",
    "ADMINISTRATEUR_PRINCIPAL_LEVEL": "habilitations",
    "AUTHENTICATION": "traces",
    "AccessRoute": "traces",
    "ActionKind": "habilitations",
    "Actor": "parties",
    "Article": "articles",
    "Avenant": "contract",
    "BadRowsError": "errors",
    "BrowserPolicy": "contract",
    "Bulletin": "bulletin",
    "Caf": "parties",
    "CafAction": "habilitations",
    "CafContractError": "errors",
    "CalendarDay": "calendar",
    "ChronologyError": "errors",
    "Contact": "incidents",
    "Contract": "contract",
    "ContractParts": "contract",
    "DEPARTMENT_CODES": "parties",
    "DayKind": "calendar",
    "DayStatus": "deadline",
    "Deadline": "deadline",
    "DeadlineDay": "deadline",
    "DeadlineKind": "deadline",
    "Decision": "decision",
    "Delegation": "habilitations",
    "Direction": "incidents",
    "Dossier": "dossier",
    "DossierReport": "dossier",
    "EXAMPLES": "files",
    "Event": "ledger",
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
    "LOGOUT": "traces",
    "LedgerState": "ledger",
    "LoadError": "errors",
    "Location": "errors",
    "MAX_DOSSIER_BYTES": "files",
    "MaintenanceWindow": "availability",
    "NaiveDatetimeError": "errors",
    "OfficeHours": "availability",
    "OverlappingWindowsError": "errors",
    "Parameter": "parameters",
    "ParameterSet": "parameters",
    "Partner": "parties",
    "PurgeItem": "retention",
    "Reason": "decision",
    "Remedy": "remedy",
    "RemedyKind": "remedy",
    "Reminder": "incidents",
    "RequestStatus": "incidents",
    "RequestType": "incidents",
    "RetentionCutoff": "retention",
    "Role": "bulletin",
    "Schedule": "availability",
    "Side": "parties",
    "SignedDocument": "remedy",
    "Siren": "parties",
    "StopKind": "availability",
    "Subcontractor": "parties",
    "TARN_ET_GARONNE": "examples",
    "TEMPLATE_2024": "parameters",
    "TEMPLATE_PLACEHOLDERS": "parties",
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
    "answer": "incidents",
    "apply_remedies": "remedies",
    "apply_remedy": "remedies",
    "check_announcement": "availability",
    "check_availability": "availability",
    "check_caf_on_duty": "availability",
    "check_contract": "contract",
    "check_dossier": "dossier",
    "check_quotas": "habilitations",
    "check_request": "incidents",
    "check_sessions": "traces",
    "close": "incidents",
    "department_code": "parties",
    "devalidate": "habilitations",
    "dumps": "serialization",
    "dossier_template": "template",
    "template_text": "template",
    "example_dossier": "files",
    "explain_add_working_days": "deadline",
    "explain_habilitation_purge_date": "deadline",
    "explain_reminder": "deadline",
    "explain_trace_purge_date": "deadline",
    "force_password_change": "habilitations",
    "from_data": "serialization",
    "habilitation_purge_date": "retention",
    "habilitation_purge_plan": "retention",
    "habilitation_retention_cutoff": "retention",
    "habilitation_retention_cutoff_instant": "retention",
    "holiday_subdivision": "calendar",
    "is_available": "availability",
    "is_placeholder": "parties",
    "loads": "serialization",
    "may_act": "habilitations",
    "may_add_habilitations": "habilitations",
    "may_appoint": "habilitations",
    "may_connect": "contract",
    "may_give_scopes": "habilitations",
    "may_grant": "habilitations",
    "may_open_service": "contract",
    "may_purge_habilitation": "retention",
    "may_purge_trace": "retention",
    "may_read_traces": "traces",
    "may_remind": "incidents",
    "may_send_reminder": "escalation",
    "parse_dossier": "files",
    "quota_usage": "habilitations",
    "read_dossier": "files",
    "record_reminder": "incidents",
    "reinstate": "habilitations",
    "reminder_allowed_from": "escalation",
    "replay": "ledger",
    "request_status": "incidents",
    "request_type": "incidents",
    "restore_delegation": "habilitations",
    "state_as_of": "ledger",
    "suspend": "habilitations",
    "tarn_et_garonne_template": "examples",
    "to_data": "serialization",
    "trace_purge_date": "retention",
    "trace_purge_plan": "retention",
    "trace_retention_cutoff": "retention",
    "trace_retention_cutoff_instant": "retention",
    "withdraw_delegation": "habilitations",
}

__all__ = [
    "ADMINISTRATEUR_PRINCIPAL_LEVEL",
    "AUTHENTICATION",
    "DEPARTMENT_CODES",
    "EXAMPLES",
    "JSON_SCHEMAS",
    "LOGOUT",
    "MAX_DOSSIER_BYTES",
    "RECORD_VERSION",
    "REMINDER_RULE",
    "TARN_ET_GARONNE",
    "TEMPLATE_2024",
    "TEMPLATE_PLACEHOLDERS",
    "UNCHANGED",
    "AccessRoute",
    "ActionKind",
    "Actor",
    "Article",
    "Avenant",
    "BadRowsError",
    "BrowserPolicy",
    "Bulletin",
    "Caf",
    "CafAction",
    "CafContractError",
    "CalendarDay",
    "ChronologyError",
    "Contact",
    "Contract",
    "ContractParts",
    "DayKind",
    "DayStatus",
    "Deadline",
    "DeadlineDay",
    "DeadlineKind",
    "Decision",
    "DecisionRecord",
    "Delegation",
    "Direction",
    "Dossier",
    "DossierReport",
    "Event",
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
    "LedgerState",
    "LoadError",
    "Location",
    "MaintenanceWindow",
    "NaiveDatetimeError",
    "OfficeHours",
    "OverlappingWindowsError",
    "Parameter",
    "ParameterSet",
    "Partner",
    "PurgeItem",
    "Reason",
    "Remedy",
    "RemedyKind",
    "Reminder",
    "Replayed",
    "RequestStatus",
    "RequestType",
    "RetentionCutoff",
    "Role",
    "Schedule",
    "Side",
    "SignedDocument",
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
    "answer",
    "apply_remedies",
    "apply_remedy",
    "canonical_json",
    "check_announcement",
    "check_availability",
    "check_caf_on_duty",
    "check_contract",
    "check_dossier",
    "check_quotas",
    "check_request",
    "check_sessions",
    "close",
    "department_code",
    "devalidate",
    "dossier_records",
    "dossier_template",
    "dumps",
    "example_dossier",
    "explain_add_working_days",
    "explain_habilitation_purge_date",
    "explain_reminder",
    "explain_trace_purge_date",
    "force_password_change",
    "from_data",
    "habilitation_purge_date",
    "habilitation_purge_plan",
    "habilitation_retention_cutoff",
    "habilitation_retention_cutoff_instant",
    "holiday_subdivision",
    "inputs_digest",
    "is_available",
    "is_placeholder",
    "json_schema",
    "loads",
    "may_act",
    "may_add_habilitations",
    "may_appoint",
    "may_connect",
    "may_give_scopes",
    "may_grant",
    "may_open_service",
    "may_purge_habilitation",
    "may_purge_trace",
    "may_read_traces",
    "may_remind",
    "may_send_reminder",
    "parameters_data",
    "parse_dossier",
    "quota_usage",
    "read_dossier",
    "record_reminder",
    "reinstate",
    "reminder_allowed_from",
    "replay",
    "replay_decisions",
    "request_status",
    "request_type",
    "restore_delegation",
    "state_as_of",
    "suspend",
    "tarn_et_garonne_template",
    "template_text",
    "to_data",
    "trace_purge_date",
    "trace_purge_plan",
    "trace_retention_cutoff",
    "trace_retention_cutoff_instant",
    "withdraw_delegation",
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
