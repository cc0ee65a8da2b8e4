"""The public API's types, pinned: mypy checks this file; pytest never runs it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, assert_type

from caf_contract import (
    Article,
    Contract,
    Decision,
    Dossier,
    DossierReport,
    HabilitationQuota,
    PurgeItem,
    Reason,
    Siren,
    WorkingCalendar,
    check_dossier,
    department_code,
    dumps,
    example_dossier,
    from_data,
    habilitation_retention_cutoff_instant,
    is_placeholder,
    loads,
    may_purge_trace,
    may_send_reminder,
    parse_dossier,
    read_dossier,
    reminder_allowed_from,
    to_data,
    trace_purge_plan,
    trace_retention_cutoff_instant,
)

calendar = WorkingCalendar(department="57", pentecost_monday_worked=True)
assert_type(calendar.add_working_days(date(2026, 1, 1), 5), date)
assert_type(calendar.working_days_between(date(2026, 1, 1), date(2026, 2, 1)), int)
assert_type(calendar.is_working_day(date(2026, 1, 1)), bool)
assert_type(calendar.holidays(2026), dict[date, str])

sent = datetime.fromisoformat("2026-11-23T10:00:00+01:00")
assert_type(reminder_allowed_from(sent), datetime)
assert_type(reminder_allowed_from(date(2026, 11, 23), calendar), datetime)
decision = may_send_reminder(sent, sent, urgent=True, answered_at=None, calendar=calendar)
assert_type(decision, Decision)
assert_type(decision.reasons, tuple[Reason, ...])
assert_type(decision.reasons[0].article, Article)
assert_type(Article.ART_3_3.rules, tuple[str, ...])
assert_type(Article.ART_5_2.not_a_rule, str | None)
assert_type(bool(decision), bool)
assert_type(str(Siren("130005481")), str)

dossier = example_dossier()
assert_type(dossier, Dossier)
assert_type(dossier.contract, Contract)
report = check_dossier(dossier)
assert_type(report, DossierReport)
assert_type(report[0], tuple[str, Decision])
assert_type(list(report), list[tuple[str, Decision]])
assert_type(dict(report), dict[str, Decision])
assert_type(report.to_records(), list[dict[str, Any]])
assert_type(decision.to_records(), list[dict[str, Any]])
assert_type(calendar.month_html(2026, 4), str)
assert_type(read_dossier("dossier.json"), Dossier)
assert_type(read_dossier(Path("dossier.toml")), Dossier)
assert_type(parse_dossier("{}", format="toml"), Dossier)
assert_type(to_data(dossier), Any)
assert_type(from_data(Contract, {}), Contract)
assert_type(loads(HabilitationQuota, "{}", format="toml"), HabilitationQuota)
assert_type(dumps(dossier, indent=None), str)
assert_type(trace_retention_cutoff_instant(date(2027, 2, 28)), datetime)
assert_type(habilitation_retention_cutoff_instant(date(2027, 2, 28)), datetime)
assert_type(is_placeholder(None), bool)
assert_type(department_code("2a"), str)

# Issue 12: the contract governs its rules together.
from caf_contract import Actor, GrantRequest, Side, may_grant, may_open_service  # noqa: E402
from caf_contract.habilitations import may_act  # noqa: E402

principal = Actor.partner("123456782", "lbernard@coteaux-exemple.fr")
assert_type(principal.side, Side)
assert_type(principal.organisation, str | None)
assert_type(dossier.contract.as_of(date(2024, 6, 1)), Contract)
assert_type(may_open_service(dossier.contract, "CDAP", as_of=date(2024, 6, 1)), Decision)
request = GrantRequest(
    user="agent7", employer="123456782", service="CDAP", role="consultation",
    scopes={"dossier"}, grantor=principal,
)  # fmt: skip
assert_type(may_grant(dossier.contract, [], request, at=sent), Decision)
assert_type(may_act(dossier.contract, principal, "dévalidation", at=sent), Decision)
assert_type(decision.remarks, tuple[Reason, ...])
assert_type(example_dossier("defauts"), Dossier)

# Issue 13: parameters as data, one naming scheme, errors with a path.
from caf_contract import CafContractError, check_availability, is_available  # noqa: E402
from caf_contract.habilitations import (  # noqa: E402
    may_add_habilitations,
    may_appoint,
    may_give_scopes,
)
from caf_contract.parameters import Parameter, ParameterSet, at, current  # noqa: E402
from caf_contract.traces import check_sessions  # noqa: E402

in_force = at(date(2026, 1, 1))
assert_type(in_force, ParameterSet)
assert_type(current().reminder_delay, Parameter[int])
assert_type(current().reminder_delay.value, int)
assert_type(dossier.contract.parameters, ParameterSet)
assert_type(reminder_allowed_from(sent, parameters=in_force), datetime)
bulletin = dossier.contract.bulletins[0]
assert_type(may_add_habilitations(bulletin, {}, "consultation", adding=2), Decision)
assert_type(may_give_scopes(bulletin, "consultation", {"dossier"}), Decision)
assert_type(may_appoint(bulletin, grantor_level=1, appointed_level=2), Decision)
assert_type(check_availability(sent, []), Decision)
assert_type(is_available(sent, []), bool)
assert_type(check_sessions([]), Decision)
assert_type(may_purge_trace(date(2026, 1, 1), date(2026, 8, 1)), Decision)
error = CafContractError("message", field=("avenants", 0, "partner_signed_on"))
assert_type(error.path, tuple[str | int, ...])
assert_type(error.field, str)

# Issue 17, point 6: the purge rules reached from the package itself.
made = datetime.fromisoformat("2026-01-05T09:00:00+01:00")
assert_type(may_purge_trace(made, date(2026, 11, 23)), Decision)
plan = trace_purge_plan([made], date(2026, 11, 23), at=lambda instant: instant)
assert_type(next(plan), PurgeItem[datetime])

# Issue 18, point 1: deadlines that show their count.
from caf_contract import (  # noqa: E402
    Deadline,
    DeadlineDay,
    DeadlineKind,
    explain_add_working_days,
    explain_habilitation_purge_date,
    explain_reminder,
    explain_trace_purge_date,
)

explained = explain_reminder(sent, calendar, parameters=in_force)
assert_type(explained, Deadline)
assert_type(explained.kind, DeadlineKind)
assert_type(explained.days, tuple[DeadlineDay, ...])
assert_type(explained.days[0].rank, int | None)
assert_type(explained.instant, datetime | None)
assert_type(explained.result, date)
assert_type(explained.to_dict(), dict[str, Any])
assert_type(explain_add_working_days(date(2026, 11, 23), 5, calendar), Deadline)
assert_type(explain_trace_purge_date(made), Deadline)
assert_type(explain_habilitation_purge_date(date(2024, 2, 29)), Deadline)
assert_type(may_send_reminder(sent, sent).deadline, Deadline | None)
# Issue 18, points 3 and 4: decision records an auditor can replay, published schemas.
from caf_contract import (  # noqa: E402
    DecisionRecord,
    Replayed,
    canonical_json,
    dossier_records,
    inputs_digest,
    json_schema,
    replay_decisions,
)

record = DecisionRecord.of(decision, rule="may_send_reminder", inputs={"sent_at": sent}, now=sent)
assert_type(record, DecisionRecord)
assert_type(record.to_json(), str)
assert_type(DecisionRecord.from_json(record.to_json()), DecisionRecord)
assert_type(record.now, datetime | None)
assert_type(record.template_version, date | None)
assert_type(inputs_digest({"sent_at": sent}), str)
assert_type(canonical_json({"sent_at": sent}), str)
recorded = dossier_records(dossier)
assert_type(recorded, tuple[DecisionRecord, ...])
replayed = replay_decisions(recorded, dossier)
assert_type(replayed, tuple[Replayed, ...])
assert_type(replayed[0].differs, bool)
assert_type(replayed[0].changes, tuple[str, ...])
assert_type(json_schema("dossier"), dict[str, Any])
# Issue 18, point 2: what would allow.
from caf_contract import (  # noqa: E402
    Bulletin,
    Remedy,
    RemedyKind,
    SignedDocument,
    apply_remedies,
    apply_remedy,
)

wait = Remedy.wait(sent)
assert_type(wait, Remedy)
assert_type(wait.kind, RemedyKind)
assert_type(wait.text, str)
assert_type(wait.until, datetime | None)
assert_type(wait.to_dict(), dict[str, Any])
assert_type(Remedy.from_dict({"kind": "attendre", "until": "2026-12-01T00:00+01:00"}), Remedy)
assert_type(Remedy.sign(SignedDocument.BULLETIN, sign_by=date(2026, 1, 1), service="CDAP"), Remedy)
assert_type(Remedy.within_quota(service="CDAP", quota=6, role="consultation", remove=2), Remedy)
assert_type(Remedy.remove_scope("rsa", service="CDAP", role="consultation"), Remedy)
assert_type(Reason("3.3", "trop tôt", remedy=wait).remedy, Remedy | None)
assert_type(decision.remedies, tuple[Remedy, ...])
assert_type(apply_remedy(wait, sent), datetime)
assert_type(apply_remedy(wait, date(2026, 1, 1)), date)
assert_type(apply_remedy(wait, dossier.contract), Contract)
assert_type(apply_remedies(decision, request), GrantRequest)
assert_type(apply_remedies([wait], frozenset({"rsa"})), frozenset[str])
assert_type(
    apply_remedies(decision, {("CDAP", "consultation"): 2}), dict[tuple[str, str | None], int]
)
bulletin = dossier.contract.bulletins[0]
assert_type(apply_remedy(wait, bulletin), Bulletin)
# Issue 15, point 2: the calendar as a table, and the tables of caf_contract.sql.
from caf_contract import CalendarDay, sql  # noqa: E402

day_rows = calendar.table(2026, 2026)
assert_type(day_rows, tuple[CalendarDay, ...])
assert_type(day_rows[0].rank, int)
assert_type(day_rows[0].holiday, str | None)
rows = sql.calendar_rows(2026, 2027, calendars={"mine": calendar})
assert_type(rows, tuple[sql.CalendarRow, ...])
assert_type(rows[0].calendar, str)
assert_type(sql.department_rows()[0], sql.DepartmentRow)
assert_type(sql.national_calendars(), dict[str, WorkingCalendar])
assert_type(sql.calendar_key("57"), str)
assert_type(sql.REMINDER_QUERY, str)
