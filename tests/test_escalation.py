from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    ChronologyError,
    InvalidValueError,
    NaiveDatetimeError,
    WorkingCalendar,
    may_send_reminder,
    reminder_allowed_from,
)
from caf_contract._time import PARIS
from tests import strategies as cst


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


# --- worked examples


@pytest.mark.parametrize(
    ("sent_at", "calendar", "expected", "why"),
    [
        (
            paris(2026, 11, 23, 10, 0),
            None,
            paris(2026, 12, 1),
            "SPEC: Monday 10:00 → Tuesday next week 00:00",
        ),
        (
            paris(2026, 11, 23, 23, 59),
            None,
            paris(2026, 12, 1),
            "the hour of sending does not matter",
        ),
        (
            paris(2026, 11, 28, 10, 0),
            None,
            paris(2026, 12, 5),
            "sent on a Saturday: counting starts Monday",
        ),
        (
            datetime(2026, 11, 22, 23, 30, tzinfo=UTC),
            None,
            paris(2026, 12, 1),
            "23:30 UTC on Sunday is Monday 00:30 in Paris",
        ),
        (
            datetime(2026, 11, 22, 22, 30, tzinfo=UTC),
            None,
            paris(2026, 11, 28),
            "22:30 UTC on Sunday is still Sunday in Paris",
        ),
        (paris(2026, 12, 22, 9, 0), None, paris(2026, 12, 31), "Christmas in Paris: 25/12 off"),
        (
            paris(2026, 12, 22, 9, 0),
            WorkingCalendar("57"),
            paris(2026, 12, 31),
            "26/12/2026 is a Saturday",
        ),
        (paris(2025, 12, 22, 9, 0), None, paris(2025, 12, 31), "2025: 26/12 worked in Paris"),
        (paris(2025, 12, 22, 9, 0), WorkingCalendar("67"), paris(2026, 1, 1), "Alsace: 26/12 off"),
        (paris(2026, 3, 30, 9, 0), None, paris(2026, 4, 8), "Easter Monday 06/04 off"),
        (
            paris(2026, 3, 30, 9, 0),
            WorkingCalendar("57"),
            paris(2026, 4, 9),
            "Moselle: Good Friday off too",
        ),
        (paris(2026, 5, 11, 9, 0), None, paris(2026, 5, 20), "Ascension 14/05 off"),
        (paris(2026, 5, 20, 9, 0), None, paris(2026, 5, 29), "Pentecost Monday 25/05 off"),
        (
            paris(2026, 5, 20, 9, 0),
            WorkingCalendar(pentecost_monday_worked=True),
            paris(2026, 5, 28),
            "solidarity day worked",
        ),
        (
            paris(2027, 12, 15, 9, 0),
            WorkingCalendar("974"),
            paris(2027, 12, 24),
            "La Réunion: 20/12 off",
        ),
        (
            paris(2027, 12, 15, 9, 0),
            None,
            paris(2027, 12, 23),
            "20/12/2027 is a Monday, worked in Paris",
        ),
        (date(2026, 11, 23), None, paris(2026, 12, 1), "a date is a Paris calendar day"),
    ],
)
def test_worked_examples(
    sent_at: datetime, calendar: WorkingCalendar | None, expected: datetime, why: str
) -> None:
    allowed_from = reminder_allowed_from(sent_at, calendar)
    assert allowed_from == expected, why
    assert allowed_from.tzinfo is PARIS


def test_la_reunion_differs_from_paris_around_20_december() -> None:
    sent = paris(2027, 12, 14, 9, 0)
    assert reminder_allowed_from(sent) == paris(2027, 12, 22)
    assert reminder_allowed_from(sent, WorkingCalendar("974")) == paris(2027, 12, 23)


def test_the_reminder_decision_just_before_and_at_the_instant() -> None:
    sent = paris(2026, 11, 23, 10, 0)
    before = may_send_reminder(sent, paris(2026, 11, 30, 23, 59))
    assert not before
    assert before.articles == (Article.ART_3_3,)
    assert "à partir du 01/12/2026 à 00:00" in str(before)
    at = may_send_reminder(sent, paris(2026, 12, 1, 0, 0))
    assert at
    assert "depuis le 01/12/2026 à 00:00" in str(at)


def test_urgent_at_once_and_never_once_answered() -> None:
    sent = paris(2026, 11, 23, 10, 0)
    assert may_send_reminder(sent, paris(2026, 11, 23, 10, 5), urgent=True)
    answered = may_send_reminder(
        sent, paris(2026, 11, 24, 9, 0), urgent=True, answered_at=paris(2026, 11, 24, 8, 0)
    )
    assert [r.message for r in answered.reasons] == [
        "une réponse est arrivée le 24/11/2026 à 08:00 : plus de relance"
    ]


def test_every_failed_condition_is_listed() -> None:
    sent = paris(2026, 11, 23, 10, 0)
    decision = may_send_reminder(
        sent, paris(2026, 11, 25, 9, 0), answered_at=paris(2026, 11, 24, 8, 0)
    )
    assert len(decision.reasons) == 2
    assert "réponse" in decision.reasons[0].message
    assert "délai de 5 jours ouvrés non écoulé" in decision.reasons[1].message


def test_an_answer_after_now_has_not_come_yet() -> None:
    sent = paris(2026, 11, 23, 10, 0)
    assert may_send_reminder(sent, paris(2026, 12, 2, 9, 0), answered_at=paris(2026, 12, 3, 9, 0))


# --- properties


@given(
    cst.aware_datetimes(), st.integers(0, 40 * 24 * 60), st.integers(0, 40 * 24 * 60), st.booleans()
)
def test_once_allowed_a_reminder_stays_allowed_until_answered(
    sent: datetime, minutes: int, more: int, urgent: bool
) -> None:
    now = sent.astimezone(UTC) + timedelta(minutes=minutes)
    later = now + timedelta(minutes=more)
    if may_send_reminder(sent, now, urgent=urgent):
        assert may_send_reminder(sent, later, urgent=urgent)


@given(cst.aware_datetimes(), st.integers(0, 40 * 24 * 60))
def test_allowed_exactly_from_the_instant(sent: datetime, minutes: int) -> None:
    now = sent.astimezone(UTC) + timedelta(minutes=minutes)
    assert bool(may_send_reminder(sent, now)) == (now >= reminder_allowed_from(sent))


@given(cst.aware_datetimes(), cst.calendars())
def test_the_instant_is_midnight_after_the_fifth_working_day(
    sent: datetime, calendar: WorkingCalendar
) -> None:
    allowed_from = reminder_allowed_from(sent, calendar)
    assert (allowed_from.hour, allowed_from.minute, allowed_from.second) == (0, 0, 0)
    day_of_sending = sent.astimezone(PARIS).date()
    last_day = allowed_from.date() - timedelta(days=1)
    assert calendar.is_working_day(last_day)
    assert calendar.working_days_between(day_of_sending, last_day) == 5
    assert allowed_from - sent >= timedelta(days=5)


@given(cst.aware_datetimes(), st.sampled_from(cst.ZONES))
def test_the_zone_of_the_input_does_not_change_the_answer(sent: datetime, zone: object) -> None:
    assert reminder_allowed_from(sent) == reminder_allowed_from(sent.astimezone(zone))  # type: ignore[arg-type]


@given(cst.aware_datetimes(), st.integers(0, 20 * 24 * 60), st.integers(0, 20 * 24 * 60))
def test_an_answer_stops_reminders_from_when_it_came(
    sent: datetime, answer_after: int, now_after: int
) -> None:
    answered = sent.astimezone(UTC) + timedelta(minutes=answer_after)
    now = sent.astimezone(UTC) + timedelta(minutes=now_after)
    decision = may_send_reminder(sent, now, urgent=True, answered_at=answered)
    assert bool(decision) == (now < answered)


# --- bad input


@given(cst.naive_datetimes())
def test_naive_datetimes_are_refused_everywhere(moment: datetime) -> None:
    aware = moment.replace(tzinfo=PARIS)
    with pytest.raises(NaiveDatetimeError, match="sent_at"):
        reminder_allowed_from(moment)
    with pytest.raises(NaiveDatetimeError, match="now"):
        may_send_reminder(aware, moment)
    with pytest.raises(NaiveDatetimeError, match="answered_at"):
        may_send_reminder(aware, aware + timedelta(days=1), answered_at=moment)


def test_a_tzinfo_that_gives_no_offset_is_naive() -> None:
    class NoOffset(timezone.__base__):  # type: ignore[misc,name-defined]
        def utcoffset(self, dt: datetime | None) -> None:
            del dt

    with pytest.raises(NaiveDatetimeError):
        reminder_allowed_from(datetime(2026, 1, 1, tzinfo=NoOffset()))


def test_chronology_is_checked() -> None:
    sent = paris(2026, 11, 23, 10, 0)
    with pytest.raises(ChronologyError, match=r"^Art\. 3\.3 — now"):
        may_send_reminder(sent, paris(2026, 11, 23, 9, 0))
    with pytest.raises(ChronologyError, match="answered_at"):
        may_send_reminder(sent, paris(2026, 11, 25, 9, 0), answered_at=paris(2026, 11, 22, 9, 0))
    with pytest.raises(ChronologyError):
        may_send_reminder(date(2026, 11, 23), paris(2026, 11, 22, 23, 0))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"urgent": "oui"}, "urgent"),
        ({"calendar": "57"}, "WorkingCalendar"),
        ({"answered_at": "hier"}, "answered_at"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidValueError, match=match):
        may_send_reminder(paris(2026, 11, 23, 10, 0), paris(2026, 11, 24, 10, 0), **kwargs)  # type: ignore[arg-type]


@given(cst.not_dates())
def test_non_dates_are_refused(value: object) -> None:
    with pytest.raises(InvalidValueError):
        reminder_allowed_from(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        may_send_reminder(paris(2026, 11, 23, 10, 0), value)  # type: ignore[arg-type]


def test_other_zones_read_in_paris() -> None:
    new_york = datetime(
        2026, 11, 22, 19, 0, tzinfo=ZoneInfo("America/New_York")
    )  # Monday 01:00 Paris
    assert reminder_allowed_from(new_york) == paris(2026, 12, 1)


@pytest.mark.parametrize(
    "sent_at",
    [
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),  # 01/01/10000 in Paris
        datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=1))),  # 31/12/0000 in UTC
    ],
)
def test_instants_at_the_ends_of_pythons_dates_are_refused(sent_at: datetime) -> None:
    with pytest.raises(InvalidValueError, match="sent_at : instant hors de la plage représentable"):
        reminder_allowed_from(sent_at)
    with pytest.raises(InvalidValueError, match="now : instant hors de la plage représentable"):
        may_send_reminder(date(2026, 1, 1), sent_at)
