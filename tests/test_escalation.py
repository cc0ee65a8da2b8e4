from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    ChronologyError,
    Decision,
    InvalidValueError,
    NaiveDatetimeError,
    Reason,
    UnsupportedYearError,
    WorkingCalendar,
    may_send_reminder,
    reminder_allowed_from,
)
from caf_contract import calendar as calendar_module
from caf_contract import parameters as parameters_module
from caf_contract._time import PARIS
from caf_contract.calendar import clear_caches
from caf_contract.remedy import Remedy
from tests import strategies as cst
from tests.expect import paris

if TYPE_CHECKING:
    from caf_contract.parameters import ParameterSet

pytestmark = pytest.mark.article("3.3")  # the reminder of Art. 3.3


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
    """« dans un délai de 5 jours ouvrés » (Art. 3.3): counted the French way (the day
    of sending does not count), on the Paris calendar day, with the holidays of the
    Caf's department.
    """
    allowed_from = reminder_allowed_from(sent_at, calendar)
    assert allowed_from == expected, why
    assert allowed_from.tzinfo is PARIS


def test_la_reunion_differs_from_paris_around_20_december() -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3): jours ouvrés of the Caf's own
    department; 20 December is off in La Réunion.
    """
    sent = paris(2027, 12, 14, 9, 0)
    assert reminder_allowed_from(sent) == paris(2027, 12, 22)
    assert reminder_allowed_from(sent, WorkingCalendar("974")) == paris(2027, 12, 23)


SENT = paris(2026, 11, 23, 10, 0)  # a Monday: a reminder is allowed from Tuesday 01/12 00:00
WAITING = (
    "délai de 5 jours ouvrés non écoulé : relance possible à partir du 01/12/2026 à 00:00 "
    "(heure de Paris), ou dès maintenant si la situation est jugée urgente"
)
DUE = "sans réponse après 5 jours ouvrés : relance possible depuis le 01/12/2026 à 00:00 (heure de Paris)"
URGENT = "situation jugée urgente par l'auteur de la demande : relance possible sans attendre"
URGENT_FOR_THE_OTHER = (
    "situation jugée urgente par le destinataire de la demande : relance possible sans attendre"
)
URGENT_FOR_BOTH = "situation jugée urgente par les deux parties : relance possible sans attendre"
ANSWERED_24_AT_8 = "une réponse est arrivée le 24/11/2026 à 08:00 : plus de relance"
# Answered and too early: the delay is said, but neither waiting nor urgency would allow.
RAN_UNTIL = (
    "délai de 5 jours ouvrés non écoulé : il courait jusqu'au 01/12/2026 à 00:00 (heure de Paris)"
)


@pytest.mark.parametrize(
    ("now", "options", "allowed", "messages"),
    [
        pytest.param(SENT, {}, False, [WAITING], id="at the instant of sending"),
        pytest.param(SENT, {"urgent": True}, True, [URGENT], id="urgent: at once"),
        pytest.param(
            SENT,
            {"other_party_urgent": True},
            True,
            [URGENT_FOR_THE_OTHER],
            id="urgent for the other party: at once too",
        ),
        pytest.param(
            paris(2026, 12, 4),
            {"urgent": True, "other_party_urgent": True},
            True,
            [URGENT_FOR_BOTH],
            id="urgent for both, after the delay: urgency is the reason given",
        ),
        pytest.param(
            paris(2026, 11, 24, 9, 0),
            {"other_party_urgent": True, "answered_at": paris(2026, 11, 24, 8, 0)},
            False,
            [ANSWERED_24_AT_8],
            id="urgent for the other party, but answered",
        ),
        pytest.param(paris(2026, 11, 30, 23, 59), {}, False, [WAITING], id="a minute early"),
        pytest.param(paris(2026, 12, 1), {}, True, [DUE], id="at the instant"),
        pytest.param(
            paris(2026, 11, 24, 9, 0),
            {"urgent": True, "answered_at": paris(2026, 11, 24, 8, 0)},
            False,
            [ANSWERED_24_AT_8],
            id="urgent, but answered",
        ),
        pytest.param(
            paris(2026, 11, 24, 8, 0),
            {"urgent": True, "answered_at": paris(2026, 11, 24, 8, 0)},
            False,
            [ANSWERED_24_AT_8],
            id="answered at this very instant",
        ),
        pytest.param(
            paris(2026, 11, 24, 9, 0),
            {"urgent": True, "answered_at": SENT},
            False,
            ["une réponse est arrivée le 23/11/2026 à 10:00 : plus de relance"],
            id="answered the instant it was sent",
        ),
        pytest.param(
            paris(2026, 11, 25, 9, 0),
            {"answered_at": paris(2026, 11, 24, 8, 0)},
            False,
            [ANSWERED_24_AT_8, RAN_UNTIL],
            id="every failed condition is listed",
        ),
        pytest.param(
            paris(2026, 12, 2, 9, 0),
            {"answered_at": paris(2026, 12, 3, 9, 0)},
            True,
            [DUE],
            id="an answer after now has not come yet",
        ),
    ],
)
def test_reminder_decisions(
    now: datetime, options: dict[str, Any], allowed: bool, messages: list[str]
) -> None:
    """« En absence de réponse du centre de services Caf ou du partenaire dans un délai de
    5 jours ouvrés ou en présence d'une situation jugée urgente par l'une ou l'autre des
    parties, une relance peut être adressée au centre de services Caf. » (Art. 3.3)
    """
    # Waiting is the remedy of a delay not run out: until the instant the message says.
    wait = Remedy.wait(paris(2026, 12, 1))
    reasons = tuple(
        Reason(Article.ART_3_3, message, remedy=wait if message == WAITING else None)
        for message in messages
    )
    assert may_send_reminder(SENT, now, **options) == Decision(allowed=allowed, reasons=reasons)


# --- properties


@given(
    cst.aware_datetimes(),
    st.integers(0, 40 * 24 * 60),
    st.integers(0, 40 * 24 * 60),
    st.booleans(),
    st.booleans(),
)
def test_once_allowed_a_reminder_stays_allowed_until_answered(
    sent: datetime, minutes: int, more: int, urgent: bool, other_party_urgent: bool
) -> None:
    """« En absence de réponse […] dans un délai de 5 jours ouvrés ou en présence d'une
    situation jugée urgente par l'une ou l'autre des parties, une relance peut être
    adressée » (Art. 3.3): neither the delay run out nor a judgement of urgency is undone
    by waiting longer.
    """
    now = sent.astimezone(UTC) + timedelta(minutes=minutes)
    later = now + timedelta(minutes=more)
    if may_send_reminder(sent, now, urgent=urgent, other_party_urgent=other_party_urgent):
        assert may_send_reminder(sent, later, urgent=urgent, other_party_urgent=other_party_urgent)


FAR_FUTURE = datetime(9999, 12, 30, tzinfo=UTC)


@given(
    cst.aware_datetimes(max_value=datetime(9999, 12, 29)),  # noqa: DTZ001  # bounds are naive
    st.integers(0, 24 * 60),
    st.sampled_from([(True, False), (False, True), (True, True)]),
)
def test_urgency_does_not_count_the_delay(
    sent: datetime, minutes: int, judgements: tuple[bool, bool]
) -> None:
    """« ou en présence d'une situation jugée urgente par l'une ou l'autre des parties »
    (Art. 3.3): then the 5 working days are irrelevant, so not counted; an urgent
    reminder is allowed in a year the holiday data does not cover, or on a calendar
    that would refuse to count.
    """
    urgent, other_party_urgent = judgements
    now = min(sent.astimezone(UTC) + timedelta(minutes=minutes), FAR_FUTURE)
    decision = may_send_reminder(sent, now, urgent=urgent, other_party_urgent=other_party_urgent)
    assert decision
    assert decision.reasons[0].message.startswith("situation jugée urgente par ")


@pytest.mark.parametrize(
    ("urgent", "other_party_urgent"), [(True, False), (False, True)], ids=["author", "recipient"]
)
def test_an_urgent_reminder_late_in_2100_needs_no_holidays_of_2101(
    urgent: bool, other_party_urgent: bool
) -> None:
    """« en présence d'une situation jugée urgente par l'une ou l'autre des parties, une
    relance peut être adressée au centre de services Caf » (Art. 3.3): sent on
    28/12/2100, the 5th working day would fall in 2101, a year the holiday data does
    not cover; urgent, the delay is not counted and the reminder is allowed.
    """
    sent = paris(2100, 12, 28, 10, 0)
    assert may_send_reminder(
        sent, paris(2100, 12, 28, 11, 0), urgent=urgent, other_party_urgent=other_party_urgent
    )
    # Not urgent, the delay must be counted: the year is refused, never guessed.
    with pytest.raises(UnsupportedYearError):
        may_send_reminder(sent, paris(2100, 12, 28, 11, 0))


@given(
    cst.aware_datetimes(),
    st.integers(0, 40 * 24 * 60),
    st.sampled_from([(True, False), (False, True), (True, True)]),
    st.one_of(st.none(), st.integers(0, 40 * 24 * 60)),
    st.one_of(st.none(), cst.calendars()),
)
def test_urgency_judged_by_either_party_allows_at_once_unless_answered(
    sent: datetime,
    minutes: int,
    judgements: tuple[bool, bool],
    answered_after: int | None,
    calendar: WorkingCalendar | None,
) -> None:
    """« ou en présence d'une situation jugée urgente par l'une ou l'autre des parties »
    (Art. 3.3): either judgement is enough, at any instant after sending, until answered.
    """
    urgent, other_party_urgent = judgements
    now = sent.astimezone(UTC) + timedelta(minutes=minutes)
    answered = (
        None if answered_after is None else sent.astimezone(UTC) + timedelta(minutes=answered_after)
    )
    decision = may_send_reminder(
        sent,
        now,
        urgent=urgent,
        other_party_urgent=other_party_urgent,
        answered_at=answered,
        calendar=calendar,
    )
    if answered is not None and answered <= now:
        assert not decision
        when = f"{answered.astimezone(PARIS):%d/%m/%Y à %H:%M}"
        assert [reason.message for reason in decision.reasons] == [
            f"une réponse est arrivée le {when} : plus de relance"
        ]
    else:
        expected = {(True, False): URGENT, (False, True): URGENT_FOR_THE_OTHER}
        assert decision == Decision.allow(
            Reason(Article.ART_3_3, expected.get(judgements, URGENT_FOR_BOTH))
        )


@given(cst.aware_datetimes(), st.integers(0, 40 * 24 * 60))
def test_allowed_exactly_from_the_instant(sent: datetime, minutes: int) -> None:
    """« En absence de réponse […] dans un délai de 5 jours ouvrés […], une relance peut
    être adressée » (Art. 3.3): from the first instant after the delay, and not before.
    """
    now = sent.astimezone(UTC) + timedelta(minutes=minutes)
    assert bool(may_send_reminder(sent, now)) == (now >= reminder_allowed_from(sent))


@given(cst.aware_datetimes(), cst.calendars())
def test_the_instant_is_midnight_after_the_fifth_working_day(
    sent: datetime, calendar: WorkingCalendar
) -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3): the delay ends at the end of the
    5th working day after the day of sending; a reminder may go from 00:00 next day.
    """
    allowed_from = reminder_allowed_from(sent, calendar)
    assert (allowed_from.hour, allowed_from.minute, allowed_from.second) == (0, 0, 0)
    day_of_sending = sent.astimezone(PARIS).date()
    last_day = allowed_from.date() - timedelta(days=1)
    assert calendar.is_working_day(last_day)
    assert calendar.working_days_between(day_of_sending, last_day) == 5
    assert allowed_from - sent >= timedelta(days=5)


@given(cst.aware_datetimes(), st.sampled_from(cst.ZONES))
def test_the_zone_of_the_input_does_not_change_the_answer(sent: datetime, zone: object) -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3): counted in Paris calendar days,
    whatever zone the instant of sending is written in.
    """
    assert reminder_allowed_from(sent) == reminder_allowed_from(sent.astimezone(zone))  # type: ignore[arg-type]


@given(cst.aware_datetimes(), st.integers(0, 20 * 24 * 60), st.integers(0, 20 * 24 * 60))
def test_an_answer_stops_reminders_from_when_it_came(
    sent: datetime, answer_after: int, now_after: int
) -> None:
    """« En absence de réponse du centre de services Caf ou du partenaire » (Art. 3.3):
    an answer stops the reminders from the instant it came, urgent or not.
    """
    answered = sent.astimezone(UTC) + timedelta(minutes=answer_after)
    now = sent.astimezone(UTC) + timedelta(minutes=now_after)
    decision = may_send_reminder(sent, now, urgent=True, answered_at=answered)
    assert bool(decision) == (now < answered)


# --- bad input


@given(cst.naive_datetimes())
def test_naive_datetimes_are_refused_everywhere(moment: datetime) -> None:
    aware = moment.replace(tzinfo=PARIS)
    calls: list[tuple[str, Callable[[], object]]] = [
        ("sent_at", lambda: reminder_allowed_from(moment)),
        ("sent_at", lambda: may_send_reminder(moment, aware)),
        ("now", lambda: may_send_reminder(aware, moment)),
        (
            "answered_at",
            lambda: may_send_reminder(aware, aware + timedelta(days=1), answered_at=moment),
        ),
    ]
    for field, call in calls:
        with pytest.raises(NaiveDatetimeError) as info:
            call()
        assert (info.value.field, info.value.value) == (field, moment)
        assert str(info.value).startswith(f"{field} : date et heure sans fuseau horaire")


def test_a_tzinfo_that_gives_no_offset_is_naive() -> None:
    class NoOffset(timezone.__base__):  # type: ignore[misc,name-defined]
        def utcoffset(self, dt: datetime | None) -> None:
            del dt

    with pytest.raises(NaiveDatetimeError):
        reminder_allowed_from(datetime(2026, 1, 1, tzinfo=NoOffset()))


EARLIER = "l'envoi de la demande (sent_at)"


@pytest.mark.parametrize(
    ("call", "sent", "field", "later", "message"),
    [
        pytest.param(
            lambda: may_send_reminder(SENT, paris(2026, 11, 23, 9, 59)),
            SENT,
            "now",
            paris(2026, 11, 23, 9, 59),
            "Art. 3.3 — now (2026-11-23 09:59+01:00) précède l'envoi de la demande (sent_at) (2026-11-23 10:00+01:00) ; attendu : une date égale ou postérieure au 2026-11-23 10:00+01:00.",
            id="asked before sending",
        ),
        pytest.param(
            lambda: may_send_reminder(date(2026, 11, 23), paris(2026, 11, 22, 23, 59)),
            date(2026, 11, 23),
            "now",
            paris(2026, 11, 22, 23, 59),
            "Art. 3.3 — now (2026-11-22 23:59+01:00) précède l'envoi de la demande (sent_at) (23/11/2026) ; attendu : une date égale ou postérieure au 23/11/2026.",
            id="asked the day before the day of sending",
        ),
        pytest.param(
            lambda: may_send_reminder(
                SENT, paris(2026, 11, 25, 9, 0), answered_at=paris(2026, 11, 22, 9, 0)
            ),
            SENT,
            "answered_at",
            paris(2026, 11, 22, 9, 0),
            "Art. 3.3 — answered_at (2026-11-22 09:00+01:00) précède l'envoi de la demande (sent_at) (2026-11-23 10:00+01:00) ; attendu : une date égale ou postérieure au 2026-11-23 10:00+01:00.",
            id="answered before sending",
        ),
    ],
)
def test_chronology_is_checked(
    call: Callable[[], object], sent: object, field: str, later: datetime, message: str
) -> None:
    with pytest.raises(ChronologyError) as info:
        call()
    error = info.value
    assert (error.earlier_field, error.earlier) == (EARLIER, sent)
    assert (error.later_field, error.later, error.field) == (field, later, field)
    assert (error.article, str(error)) == (Article.ART_3_3, message)


@pytest.mark.parametrize(
    ("call", "field", "value", "message"),
    [
        pytest.param(
            lambda: may_send_reminder(SENT, paris(2026, 11, 24, 10, 0), calendar="57"),  # type: ignore[arg-type]
            "calendar",
            "57",
            "calendar : valeur invalide ('57') ; attendu : WorkingCalendar(...) ou None.",
            id="calendar",
        ),
        pytest.param(
            lambda: reminder_allowed_from(SENT, "57"),  # type: ignore[arg-type]
            "calendar",
            "57",
            "calendar : valeur invalide ('57') ; attendu : WorkingCalendar(...) ou None.",
            id="calendar of the instant",
        ),
        pytest.param(
            lambda: may_send_reminder(SENT, paris(2026, 11, 24, 10, 0), urgent="oui"),  # type: ignore[arg-type]
            "urgent",
            "oui",
            "urgent : valeur invalide ('oui') ; attendu : True ou False.",
            id="urgent",
        ),
        pytest.param(
            lambda: may_send_reminder(SENT, paris(2026, 11, 24, 10, 0), other_party_urgent="oui"),  # type: ignore[arg-type]
            "other_party_urgent",
            "oui",
            "other_party_urgent : valeur invalide ('oui') ; attendu : True ou False.",
            id="other_party_urgent",
        ),
        pytest.param(
            lambda: may_send_reminder(SENT, paris(2026, 11, 24, 10, 0), urgent=1),  # type: ignore[arg-type]
            "urgent",
            1,
            "urgent : valeur invalide (1) ; attendu : True ou False.",
            id="urgent as a number",
        ),
        pytest.param(
            lambda: may_send_reminder("hier", paris(2026, 11, 24, 10, 0)),  # type: ignore[arg-type]
            "sent_at",
            "hier",
            "sent_at : valeur invalide ('hier') ; attendu : une date ou un datetime avec fuseau horaire.",
            id="sent_at",
        ),
        pytest.param(
            lambda: reminder_allowed_from("hier"),  # type: ignore[arg-type]
            "sent_at",
            "hier",
            "sent_at : valeur invalide ('hier') ; attendu : une date ou un datetime avec fuseau horaire.",
            id="sent_at of the instant",
        ),
        pytest.param(
            lambda: may_send_reminder(SENT, "demain"),  # type: ignore[arg-type]
            "now",
            "demain",
            "now : valeur invalide ('demain') ; attendu : un datetime avec fuseau horaire.",
            id="now",
        ),
        pytest.param(
            lambda: may_send_reminder(SENT, paris(2026, 11, 24, 10, 0), answered_at="hier"),  # type: ignore[arg-type]
            "answered_at",
            "hier",
            "answered_at : valeur invalide ('hier') ; attendu : un datetime avec fuseau horaire.",
            id="answered_at",
        ),
    ],
)
def test_bad_input_is_refused_saying_what_and_where(
    call: Callable[[], object], field: str, value: object, message: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        call()
    error = info.value
    assert (error.field, error.value, str(error)) == (field, value, message)
    assert f"{error.field} : {error.problem} (" in message
    assert message.endswith(f" ; attendu : {error.expected}.")


@given(cst.not_dates())
def test_non_dates_are_refused(value: object) -> None:
    with pytest.raises(InvalidValueError):
        reminder_allowed_from(value)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        may_send_reminder(paris(2026, 11, 23, 10, 0), value)  # type: ignore[arg-type]


def test_other_zones_read_in_paris() -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3): the day of sending is the Paris
    calendar day of the instant.
    """
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


# --- the common call, answered from the calendar's table (issue 16)


def _delay_of(delay: int) -> ParameterSet:
    in_force = parameters_module.current()
    return attrs.evolve(
        in_force,
        reminder_delay=attrs.evolve(
            in_force.reminder_delay, value=delay, wording=f"{delay} jours ouvrés"
        ),
    )


def _expected(sent_at: date, calendar: WorkingCalendar | None, delay: int) -> datetime:
    """Art. 3.3 written out: 00:00 in Paris after the delay, from the Paris day of sending."""
    day = sent_at.astimezone(PARIS).date() if isinstance(sent_at, datetime) else sent_at
    last_day = (calendar or WorkingCalendar()).add_working_days(day, delay)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=PARIS)


SENDINGS = st.one_of(
    cst.days(),
    cst.aware_datetimes(),
    cst.days()
    .map(lambda day: datetime.combine(day, time(0), tzinfo=PARIS))
    .flatmap(cst.instants_around),
)


@given(SENDINGS, st.one_of(st.none(), cst.calendars()), st.one_of(st.none(), st.integers(0, 30)))
def test_the_instant_is_the_same_on_the_quick_path_and_the_plain_one(
    sent_at: date, calendar: WorkingCalendar | None, delay: int | None
) -> None:
    parameters = None if delay is None else _delay_of(delay)
    expected = _expected(sent_at, calendar, 5 if delay is None else delay)
    clear_caches()  # the first call extends the table, the second reads it
    for _ in range(2):
        got = reminder_allowed_from(sent_at, calendar, parameters=parameters)
        assert got == expected
        assert (got.replace(tzinfo=None), got.tzinfo) == (expected.replace(tzinfo=None), PARIS)


def test_a_calendar_of_a_subclass_is_counted_as_well() -> None:
    class Mine(WorkingCalendar):
        pass

    sent = paris(2026, 3, 30, 9, 0)
    assert reminder_allowed_from(sent, Mine("57")) == paris(2026, 4, 9)  # Good Friday off


def test_answers_whose_days_share_a_slot_of_the_cache_are_each_right() -> None:
    first = date(2026, 11, 23)
    answer = reminder_allowed_from(first)
    assert answer == paris(2026, 12, 1)
    # A request about 2**14 days later whose answer takes the same slot.
    colliding = [
        other
        for other in (first + timedelta(days=2**14 + shift) for shift in range(-7, 8))
        if _expected(other, None, 5).toordinal() == answer.toordinal() + 2**14
    ]
    assert colliding
    for other in colliding:
        assert reminder_allowed_from(other) == _expected(other, None, 5)
        assert reminder_allowed_from(first) == answer


def test_the_delay_is_the_one_in_force_on_the_day_of_sending(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Templates of 2028 (a delay of 3 days) and 2030 (10 days) after the one of 2024,
    # as later dated values would make them, read on the quick path (over a table
    # that holds the days: filled here first) as on the plain one.
    reminder_allowed_from(date(2026, 1, 1))
    in_force = parameters_module.current()
    sets = [in_force, _delay_of(3), _delay_of(10)]
    changes = [parameters_module.TEMPLATE_2024, date(2028, 1, 1), date(2030, 1, 1)]
    monkeypatch.setattr(parameters_module, "_CHANGES", changes)
    monkeypatch.setattr(parameters_module, "_SETS", sets)
    for sent_at, delay in [
        (date(2024, 1, 18), 5),  # before the first template known: the first one's
        (date(2024, 1, 19), 5),
        (date(2027, 12, 31), 5),
        (date(2028, 1, 1), 3),
        (date(2029, 12, 31), 3),
        (date(2030, 1, 1), 10),
        (date(2030, 3, 4), 10),
    ]:
        expected = _expected(sent_at, None, delay)
        assert reminder_allowed_from(sent_at) == expected, sent_at
        moment = datetime.combine(sent_at, time(12), tzinfo=PARIS)
        assert reminder_allowed_from(moment) == expected, sent_at


def test_a_table_read_without_its_answer_says_so() -> None:
    calendar = WorkingCalendar()
    monday = date(2026, 11, 23).toordinal()
    assert calendar_module._working_day_ordinal(calendar, monday, 5) == 0  # empty table
    calendar.is_working_day(date(2026, 11, 23))
    assert calendar_module._working_day_ordinal(calendar, monday, 5) == monday + 7
    assert calendar_module._working_day_ordinal(calendar, monday, 0) == monday
    assert calendar_module._working_day_ordinal(calendar, monday - 1, 0) == monday  # Sunday
    assert calendar_module._working_day_ordinal(calendar, monday, -1) == 0
    assert calendar_module._working_day_ordinal(calendar, monday, 10**6) == 0
