"""The public API's types, pinned: mypy checks this file; pytest never runs it."""

from __future__ import annotations

from datetime import date, datetime
from typing import assert_type

from caf_contract import (
    Article,
    Decision,
    Reason,
    Siren,
    WorkingCalendar,
    may_send_reminder,
    reminder_allowed_from,
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
assert_type(bool(decision), bool)
assert_type(str(Siren("130005481")), str)
