"""Deadlines that show their count (issue 18, point 1): each explanation is its rule's answer."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    DayKind,
    DayStatus,
    Deadline,
    DeadlineDay,
    DeadlineKind,
    Decision,
    InvalidValueError,
    NaiveDatetimeError,
    Reason,
    UnsupportedYearError,
    WorkingCalendar,
    explain_add_working_days,
    explain_habilitation_purge_date,
    explain_reminder,
    explain_trace_purge_date,
    habilitation_purge_date,
    may_remind,
    may_send_reminder,
    reminder_allowed_from,
    trace_purge_date,
)
from caf_contract._format import WEEKDAYS
from caf_contract._time import PARIS
from caf_contract.decision import _with_deadline
from caf_contract.parameters import current
from tests import strategies as cst
from tests.expect import paris
from tests.test_html import TYPED, check_display, read

if TYPE_CHECKING:
    from collections.abc import Callable

    from caf_contract.parameters import ParameterSet

SENDINGS = st.one_of(
    cst.starts(),
    cst.days(date(2000, 1, 1), date(2050, 12, 31))
    .map(lambda day: datetime.combine(day, time(0), tzinfo=PARIS))
    .flatmap(cst.instants_around),  # around midnight in Paris, in every zone
)


def _paris_day(value: date) -> date:
    return value.astimezone(PARIS).date() if isinstance(value, datetime) else value


def _with_delay(delay: int) -> ParameterSet:
    in_force = current()
    return attrs.evolve(
        in_force,
        reminder_delay=attrs.evolve(
            in_force.reminder_delay, value=delay, wording=f"{delay} jours ouvrés"
        ),
    )


# --- properties: the explanation is the rule's answer, and its count is exact


@given(SENDINGS, st.none() | cst.calendars(), cst.reminder_parameters())
def test_the_reminder_explained_is_the_rule_s_instant(
    sent_at: date, calendar: WorkingCalendar | None, parameters: ParameterSet | None
) -> None:
    deadline = explain_reminder(sent_at, calendar, parameters=parameters)
    allowed = reminder_allowed_from(sent_at, calendar, parameters=parameters)
    assert deadline.instant == deadline.result == allowed
    assert deadline.kind is DeadlineKind.REMINDER
    assert deadline.start == _paris_day(sent_at)
    assert deadline.end + timedelta(days=1) == allowed.astimezone(PARIS).date()
    delay = (parameters or current()).reminder_delay.value
    assert len(deadline.counted) == delay
    assert str(deadline).startswith("Art. 3.3 — relance possible à partir du ")


def _assert_count_is_exact(deadline: Deadline, calendar: WorkingCalendar, n: int) -> None:
    """The counted days are exactly the working days in (start, end], ranked 1..n; every
    other day in between is skipped, with the holiday's name, the closure or the weekday."""
    between = [
        deadline.start + timedelta(days=offset)
        for offset in range(1, (deadline.end - deadline.start).days + 1)
    ]
    assert [item.day for item in deadline.days] == between
    working = [day for day in between if calendar.is_working_day(day)]
    assert [item.day for item in deadline.counted] == working
    assert [item.rank for item in deadline.counted] == list(range(1, n + 1))
    assert len(deadline.counted) == n == calendar.working_days_between(deadline.start, deadline.end)
    unit = "ouvré" if calendar.kind is DayKind.OUVRES else "ouvrable"
    assert deadline.counted[-1].label == f"{'1er' if n == 1 else f'{n}e'} jour {unit}"
    assert deadline.days[-1].counted
    for item in deadline.skipped:
        assert not calendar.is_working_day(item.day)
        holiday = calendar.holidays(item.day.year).get(item.day)
        if holiday is not None:
            assert (item.status, item.reason) == (DayStatus.HOLIDAY, holiday)
        elif item.day in calendar.extra_closures:
            assert (item.status, item.reason) == (DayStatus.CLOSURE, "fermeture de la Caf")
        else:
            assert item.day.weekday() >= 5
            assert (item.status, item.reason) == (DayStatus.WEEKEND, WEEKDAYS[item.day.weekday()])
        assert item.rank is None


@given(SENDINGS, cst.calendars(), cst.reminder_parameters())
def test_a_reminder_counts_exactly_the_working_days_and_names_each_day_skipped(
    sent_at: date, calendar: WorkingCalendar, parameters: ParameterSet | None
) -> None:
    deadline = explain_reminder(sent_at, calendar, parameters=parameters)
    _assert_count_is_exact(deadline, calendar, (parameters or current()).reminder_delay.value)


@given(cst.starts(), st.integers(1, 60), cst.calendars())
def test_adding_working_days_explained_is_the_calendar_s_answer(
    day: date, n: int, calendar: WorkingCalendar
) -> None:
    deadline = explain_add_working_days(day, n, calendar)
    assert deadline.end == deadline.result == calendar.add_working_days(day, n)
    assert deadline.instant is None
    _assert_count_is_exact(deadline, calendar, n)


@given(cst.starts())
def test_the_metropolitan_calendar_is_the_default(day: date) -> None:
    assert explain_add_working_days(day, 5) == explain_add_working_days(day, 5, WorkingCalendar())
    assert explain_reminder(day) == explain_reminder(day, WorkingCalendar())


@given(st.one_of(cst.starts(), cst.month_ends(2000, 2050)))
def test_a_trace_s_purge_date_explained_is_the_rule_s(at: date) -> None:
    deadline = explain_trace_purge_date(at)
    day = _paris_day(at)
    assert deadline.end == deadline.result == trace_purge_date(at)
    assert deadline.month_end == ((day + relativedelta(months=6)).day != day.day)
    note = " (fin de mois)" if deadline.month_end else ""
    assert deadline.arithmetic == (
        f"{day:%d/%m/%Y} + 6 mois = {trace_purge_date(at):%d/%m/%Y}{note}"
    )
    assert (deadline.days, deadline.calendar, deadline.instant) == ((), None, None)


@given(st.one_of(cst.starts(), cst.month_ends(2000, 2050)))
def test_an_habilitation_s_purge_date_explained_is_the_rule_s(devalidated_on: date) -> None:
    deadline = explain_habilitation_purge_date(devalidated_on)
    day = _paris_day(devalidated_on)
    assert deadline.end == deadline.result == habilitation_purge_date(devalidated_on)
    assert deadline.month_end == (day.month == 2 and day.day == 29)
    assert deadline.delay == "6 ans"


@given(cst.deadlines())
def test_every_explanation_is_plain_data_that_says_itself(deadline: Deadline) -> None:
    data = deadline.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["days"] == [item.to_dict() for item in deadline.days]
    assert data["headline"] == str(deadline).splitlines()[0]
    assert pickle.loads(pickle.dumps(deadline)) == deadline  # noqa: S301  # our own bytes
    assert attrs.evolve(deadline) == deadline  # its invariants hold as built
    check_display(deadline)


# --- worked examples


def test_sent_on_monday_23_11_2026_at_10_the_reminder_is_allowed_on_tuesday_01_12() -> None:
    """SPEC, Art. 3.3: « sent Monday 23/11/2026 10:00 → reminder allowed from Tuesday
    01/12/2026 00:00 », word for word as a partner reads it."""
    deadline = explain_reminder(paris(2026, 11, 23, 10, 0))
    assert str(deadline) == (
        "Art. 3.3 — relance possible à partir du mardi 01/12/2026 à 00:00 (heure de Paris)\n"
        "Envoi le lundi 23/11/2026 à 10:00 (heure de Paris).\n"
        "Délai de 5 jours ouvrés (France métropolitaine) :\n"
        "- mardi 24/11/2026 : 1er jour ouvré\n"
        "- mercredi 25/11/2026 : 2e jour ouvré\n"
        "- jeudi 26/11/2026 : 3e jour ouvré\n"
        "- vendredi 27/11/2026 : 4e jour ouvré\n"
        "- samedi 28/11/2026 : non compté (samedi)\n"
        "- dimanche 29/11/2026 : non compté (dimanche)\n"
        "- lundi 30/11/2026 : 5e jour ouvré\n"
        "Le jour de l'envoi ne compte pas, et le délai expire à la fin de son dernier jour "
        "(Code de procédure civile, art. 641 et 642) : la relance est possible dès 00:00, heure de "
        "Paris, le lendemain."
    )
    assert deadline.result == paris(2026, 12, 1)
    assert deadline.arithmetic == ""  # a count of days, no sum of months
    day: list[dict[str, object]] = [
        {"day": "2026-11-24", "weekday": "mardi", "status": "compté", "rank": 1},
        {"day": "2026-11-25", "weekday": "mercredi", "status": "compté", "rank": 2},
        {"day": "2026-11-26", "weekday": "jeudi", "status": "compté", "rank": 3},
        {"day": "2026-11-27", "weekday": "vendredi", "status": "compté", "rank": 4},
        {"day": "2026-11-28", "weekday": "samedi", "status": "week-end", "rank": None},
        {"day": "2026-11-29", "weekday": "dimanche", "status": "week-end", "rank": None},
        {"day": "2026-11-30", "weekday": "lundi", "status": "compté", "rank": 5},
    ]
    labels = [
        "1er jour ouvré",
        "2e jour ouvré",
        "3e jour ouvré",
        "4e jour ouvré",
        "samedi",
        "dimanche",
        "5e jour ouvré",
    ]
    assert deadline.to_dict() == {
        "kind": "relance",
        "article": "3.3",
        "start": "2026-11-23",
        "start_instant": "2026-11-23T10:00:00+01:00",
        "delay": "5 jours ouvrés",
        "calendar": {
            "department": None,
            "kind": "ouvrés",
            "pentecost_monday_worked": False,
            "extra_closures": [],
        },
        "days": [{**each, "label": label} for each, label in zip(day, labels, strict=True)],
        "end": "2026-11-30",
        "month_end": False,
        "instant": "2026-12-01T00:00:00+01:00",
        "result": "2026-12-01T00:00:00+01:00",
        "convention": "le jour de l'envoi ne compte pas, et le délai expire à la fin de son "
        "dernier jour (Code de procédure civile, art. 641 et 642) : la relance est possible dès "
        "00:00, heure de Paris, le lendemain",
        "headline": "Art. 3.3 — relance possible à partir du mardi 01/12/2026 à 00:00 "
        "(heure de Paris)",
    }


_CELL = "text-align:left;vertical-align:top;padding:0.2em 0.4em;min-width:5em"
_GREY = "border:1px solid #d0d7de;background:#eaeef2;color:#57606a"


def test_the_strip_of_a_one_day_delay_word_for_word() -> None:
    """Sent on Friday 27/11/2026 with a delay of one working day: the weekend greyed with
    its reason, Monday counted, the reminder allowed on Tuesday, in green."""
    deadline = explain_reminder(date(2026, 11, 27), parameters=_with_delay(1))
    assert deadline._repr_html_() == (
        '<div style="text-align:left">'
        '<table style="border-collapse:collapse;margin:0.25em 0;text-align:left">'
        '<caption style="text-align:left;font-weight:bold;padding:0.15em 0">'
        "Art. 3.3 — relance possible à partir du mardi 01/12/2026 à 00:00 (heure de Paris)"
        "</caption><tbody><tr>"
        f'<td style="{_CELL};{_GREY}" title="samedi 28/11/2026 : non compté (samedi)">'
        '<div>sam. 28/11</div><div style="font-size:smaller">samedi</div></td>'
        f'<td style="{_CELL};{_GREY}" title="dimanche 29/11/2026 : non compté (dimanche)">'
        '<div>dim. 29/11</div><div style="font-size:smaller">dimanche</div></td>'
        f'<td style="{_CELL};border:1px solid #d0d7de;background:#ffffff" '
        'title="lundi 30/11/2026 : 1er jour ouvré">'
        '<div>lun. 30/11</div><div style="font-size:smaller"><strong>1er jour ouvré</strong>'
        "</div></td>"
        f'<td style="{_CELL};border:2px solid #1a7f37;background:#ffffff" '
        'title="mardi 01/12/2026 : relance possible dès 00:00, heure de Paris">'
        '<div>mar. 01/12</div><div style="font-size:smaller">'
        '<strong style="color:#1a7f37">relance dès 00:00</strong></div></td>'
        "</tr></tbody></table>"
        '<p style="text-align:left;font-size:smaller;margin:0.2em 0">'
        "Envoi le vendredi 27/11/2026. Délai de 1 jour ouvré (France métropolitaine). "
        "En gris : les jours qui ne comptent pas, et pourquoi. Le jour de l&#x27;envoi ne "
        "compte pas, et le délai expire à la fin de son dernier jour (Code de procédure "
        "civile, art. 641 et 642) : la relance est possible dès 00:00, heure de Paris, le "
        "lendemain.</p></div>"
    )


def test_in_moselle_good_friday_and_easter_monday_2026_do_not_count() -> None:
    """Sent on Wednesday 01/04/2026 in Metz: Good Friday (a holiday of Alsace-Moselle),
    the weekend and Easter Monday are skipped; in Paris, Good Friday counts."""
    metz = explain_reminder(paris(2026, 4, 1, 9, 30), WorkingCalendar("57"))
    assert [(item.day.day, item.label) for item in metz.days] == [
        (2, "1er jour ouvré"),
        (3, "Vendredi saint"),
        (4, "samedi"),
        (5, "dimanche"),
        (6, "Lundi de Pâques"),
        (7, "2e jour ouvré"),
        (8, "3e jour ouvré"),
        (9, "4e jour ouvré"),
        (10, "5e jour ouvré"),
    ]
    assert [item.status for item in metz.skipped] == [
        DayStatus.HOLIDAY,
        DayStatus.WEEKEND,
        DayStatus.WEEKEND,
        DayStatus.HOLIDAY,
    ]
    assert metz.result == paris(2026, 4, 11)
    assert "Délai de 5 jours ouvrés (département 57) :" in str(metz)
    assert "- vendredi 03/04/2026 : non compté (Vendredi saint)" in str(metz)
    paris_count = explain_reminder(paris(2026, 4, 1, 9, 30))
    assert paris_count.days[1].label == "2e jour ouvré"
    assert paris_count.result == paris(2026, 4, 10)


def test_at_la_reunion_20_december_does_not_count() -> None:
    """Sent on Thursday 16/12/2027: Monday 20/12 is « Abolition de l'esclavage » at La
    Réunion (974), a working day in metropolitan France."""
    reunion = explain_reminder(date(2027, 12, 16), WorkingCalendar("974"))
    assert [str(item) for item in reunion.days[:5]] == [
        "vendredi 17/12/2027 : 1er jour ouvré",
        "samedi 18/12/2027 : non compté (samedi)",
        "dimanche 19/12/2027 : non compté (dimanche)",
        "lundi 20/12/2027 : non compté (Abolition de l'esclavage)",
        "mardi 21/12/2027 : 2e jour ouvré",
    ]
    assert reunion.result == paris(2027, 12, 25)
    assert explain_reminder(date(2027, 12, 16)).result == paris(2027, 12, 24)


def test_a_closure_of_the_caf_and_working_saturdays() -> None:
    calendar = WorkingCalendar(extra_closures=[date(2026, 11, 24)], kind=DayKind.OUVRABLES)
    deadline = explain_add_working_days(date(2026, 11, 23), 3, calendar)
    assert [str(item) for item in deadline.days] == [
        "mardi 24/11/2026 : non compté (fermeture de la Caf)",
        "mercredi 25/11/2026 : 1er jour ouvrable",
        "jeudi 26/11/2026 : 2e jour ouvrable",
        "vendredi 27/11/2026 : 3e jour ouvrable",
    ]
    assert deadline.delay == "3 jours ouvrables"
    assert deadline.headline == (
        "Art. 3.3 — 3e jour ouvrable après le lundi 23/11/2026 : vendredi 27/11/2026"
    )
    assert str(deadline).splitlines()[1:3] == [
        "Départ le lundi 23/11/2026.",
        "Délai de 3 jours ouvrables (France métropolitaine) :",
    ]
    assert str(deadline).endswith(
        "Le jour de départ ne compte pas, et le délai expire à la fin de son dernier jour "
        "(Code de procédure civile, art. 641 et 642)."
    )


def test_a_holiday_on_a_sunday_is_named() -> None:
    """Toussaint 2026 is a Sunday: the day is skipped as the holiday, by its name."""
    deadline = explain_add_working_days(date(2026, 10, 30), 1)
    assert [(item.status, item.label) for item in deadline.skipped] == [
        (DayStatus.WEEKEND, "samedi"),
        (DayStatus.HOLIDAY, "Toussaint"),
    ]


def test_a_trace_of_31_08_2026_is_purged_from_the_end_of_february() -> None:
    """SPEC, Art. 5.3.2: « trace_purge_date(at) = Paris date of at + 6 months
    (31/08/2026 → 28/02/2027) »."""
    deadline = explain_trace_purge_date(datetime(2026, 8, 31, 20, 0, tzinfo=UTC))
    assert str(deadline) == (
        "Art. 5.3.2 — trace purgeable à partir du dimanche 28/02/2027\n"
        "Trace du lundi 31/08/2026 à 22:00 (heure de Paris), conservée 6 mois.\n"
        "31/08/2026 + 6 mois = 28/02/2027 (fin de mois).\n"
        "Les mois et les années se comptent de quantième à quantième, en jours calendaires "
        "de Paris ; quand le mois d'arrivée n'a pas ce quantième, le délai s'arrête au dernier "
        "jour de ce mois (fin de mois) ; la purge est possible dès ce jour."
    )
    page = read(deadline._repr_html_())
    assert "31/08/2026 + 6 mois = 28/02/2027 (fin de mois)" in "".join(page.text)
    # 22:00 UTC on 31/08 is already 1 September in Paris: no month end then.
    later = explain_trace_purge_date(datetime(2026, 8, 31, 22, 0, tzinfo=UTC))
    assert later.arithmetic == "01/09/2026 + 6 mois = 01/03/2027"


def test_an_habilitation_devalidated_on_29_02_2024_is_purged_on_28_02_2030() -> None:
    deadline = explain_habilitation_purge_date(date(2024, 2, 29))
    assert str(deadline).splitlines()[:3] == [
        "Art. 5.3.2 — données de l'habilitation purgeables à partir du jeudi 28/02/2030",
        "Habilitation dévalidée le jeudi 29/02/2024, ses données conservées 6 ans.",
        "29/02/2024 + 6 ans = 28/02/2030 (fin de mois).",
    ]


@pytest.mark.parametrize(
    ("period", "said"),
    [
        (relativedelta(months=18), "1 an et 6 mois"),
        (relativedelta(years=2, months=1, days=3), "2 ans, 1 mois et 3 jours"),
        (relativedelta(days=1), "1 jour"),
        (relativedelta(weeks=2), "14 jours"),
        (relativedelta(hours=36), "trente-six heures"),
    ],
)
def test_a_period_of_another_template_is_said_in_its_parts(
    period: relativedelta, said: str
) -> None:
    in_force = current()
    parameters = attrs.evolve(
        in_force,
        trace_retention=attrs.evolve(
            in_force.trace_retention, value=period, wording="trente-six heures"
        ),
    )
    at = date(2026, 1, 31)
    if period.hours:  # a date plus hours is an instant: no purge day to explain
        with pytest.raises(InvalidValueError, match=r"^Deadline\.end"):
            explain_trace_purge_date(at, parameters=parameters)
        return
    deadline = explain_trace_purge_date(at, parameters=parameters)
    assert deadline.delay == said
    assert deadline.end == trace_purge_date(at, parameters=parameters)


# --- what is refused


@pytest.mark.parametrize("n", [0, -1, -5])
def test_a_count_of_no_day_or_backwards_is_no_delay(n: int) -> None:
    """``add_working_days(d, 0)`` rolls to a working day, ``n < 0`` counts back: neither is
    a delay running from ``d``, so neither is explained."""
    with pytest.raises(InvalidValueError) as caught:
        explain_add_working_days(date(2026, 11, 23), n)
    assert str(caught.value) == (
        f"n : valeur invalide ({n}) ; attendu : un nombre de jours ouvrés, entier, au moins 1 "
        "(un délai compte des jours après son départ)."
    )


def test_a_reminder_delay_of_zero_has_no_count_to_show() -> None:
    with pytest.raises(InvalidValueError, match=r"^Art\. 3\.3 — parameters\.reminder_delay : "):
        explain_reminder(date(2026, 11, 23), parameters=_with_delay(0))
    decision = may_send_reminder(
        date(2026, 11, 23), paris(2026, 11, 23, 12), parameters=_with_delay(0)
    )
    assert (bool(decision), decision.deadline) == (False, None)


_MALFORMED: list[tuple[Callable[[], object], type[Exception], str]] = [
    (lambda: explain_reminder(datetime(2026, 11, 23, 10)), NaiveDatetimeError, "sent_at"),  # noqa: DTZ001
    (lambda: explain_reminder("2026-11-23"), InvalidValueError, "sent_at"),  # type: ignore[arg-type]
    (lambda: explain_reminder(date(2026, 11, 23), "57"), InvalidValueError, "calendar"),  # type: ignore[arg-type]
    (lambda: explain_reminder(date(2100, 12, 28)), UnsupportedYearError, "Art. 3.3"),
    (lambda: explain_add_working_days(date(2026, 1, 1), 2.0), InvalidValueError, "n"),  # type: ignore[arg-type]
    (lambda: explain_add_working_days(date(2026, 1, 1), True), InvalidValueError, "n"),  # noqa: FBT003
    (lambda: explain_trace_purge_date(datetime(2026, 1, 1)), NaiveDatetimeError, "at"),  # noqa: DTZ001
    (lambda: explain_trace_purge_date(date(9999, 12, 1)), InvalidValueError, "Art. 5.3.2 — at"),
    (
        lambda: explain_habilitation_purge_date(None),  # type: ignore[arg-type]
        InvalidValueError,
        "devalidated_on",
    ),
    (
        lambda: explain_habilitation_purge_date(date(2026, 1, 1), parameters="2024"),  # type: ignore[arg-type]
        InvalidValueError,
        "parameters",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "start"),
    _MALFORMED,
    ids=[f"{index}-{start.split()[-1]}" for index, (_, _, start) in enumerate(_MALFORMED)],
)
def test_malformed_input_is_refused_as_the_rules_refuse_it(
    call: Callable[[], object], error: type[Exception], start: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert type(caught.value) is error
    assert str(caught.value).startswith(start)


_SENT = date(2026, 11, 23)
_GOOD = explain_reminder(_SENT)


def _changed(**changes: Any) -> Callable[[], object]:
    return lambda: attrs.evolve(_GOOD, **changes)


def _day(index: int, **changes: Any) -> tuple[DeadlineDay, ...]:
    days = list(_GOOD.days)
    days[index] = attrs.evolve(days[index], **changes)
    return tuple(days)


_INCOHERENT: list[tuple[Callable[[], object], str]] = [
    (_changed(kind="délai"), "Deadline.kind"),
    (_changed(start="2026-11-23"), "Deadline.start"),
    (_changed(start_instant=paris(2026, 11, 24, 10)), "Deadline.start_instant"),
    (_changed(start_instant=datetime(2026, 11, 23, 10)), "Deadline.start_instant"),  # noqa: DTZ001
    (_changed(delay=" "), "Deadline.delay"),
    (_changed(calendar=None), "Deadline.calendar"),
    (_changed(calendar="57"), "Deadline.calendar"),
    (_changed(days=_GOOD.days[1:]), "Deadline.days"),
    (_changed(days=_GOOD.days[:-1]), "Deadline.days"),
    (_changed(days=[*_GOOD.days[:-1], "lundi"]), "Deadline.days"),
    (_changed(days=_day(0, rank=2, label="2e jour ouvré")), "Deadline.days"),
    (_changed(days=_day(0, label="1er jour ouvrable")), "Deadline.days"),
    (
        _changed(days=_day(6, status=DayStatus.CLOSURE, rank=None, label="fermeture de la Caf")),
        "Deadline.days",
    ),
    (_changed(end=_SENT), "Deadline.end"),
    (_changed(month_end=True), "Deadline.month_end"),
    (_changed(month_end=1), "Deadline.month_end"),
    (_changed(instant=None), "Deadline.instant"),
    (_changed(instant=paris(2026, 11, 30)), "Deadline.instant"),
    (_changed(kind=DeadlineKind.WORKING_DAYS), "Deadline.instant"),
    (_changed(kind=DeadlineKind.TRACE_PURGE), "Deadline.days"),
    (lambda: DeadlineDay(day=_SENT, status="compté", label="1er jour ouvré"), "DeadlineDay.rank"),
    (
        lambda: DeadlineDay(day=_SENT, status="férié", label="Noël", rank=1),
        "DeadlineDay.rank",
    ),
    (
        lambda: DeadlineDay(day=_SENT, status="compté", label="premier jour", rank=1),
        "DeadlineDay.label",
    ),
    (lambda: DeadlineDay(day=_SENT, status="week-end", label="lundi"), "DeadlineDay.day"),
    (
        lambda: DeadlineDay(day=date(2026, 11, 28), status="week-end", label="dimanche"),
        "DeadlineDay.label",
    ),
    (lambda: DeadlineDay(day=_SENT, status="fermeture", label="pont"), "DeadlineDay.label"),
    (lambda: DeadlineDay(day=_SENT, status="chômé", label="pont"), "DeadlineDay.status"),
    (lambda: DeadlineDay(day=_SENT, status="férié", label="Noël", rank=0), "DeadlineDay.rank"),
]


@pytest.mark.parametrize(
    ("make", "field"),
    _INCOHERENT,
    ids=[f"{index}-{field}" for index, (_, field) in enumerate(_INCOHERENT)],
)
def test_an_explanation_that_does_not_hold_together_cannot_be_built(
    make: Callable[[], object], field: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        make()
    assert str(caught.value).startswith(f"{field} : "), str(caught.value)


def test_a_period_has_no_days_and_no_calendar() -> None:
    good = explain_trace_purge_date(date(2026, 8, 31))
    with pytest.raises(InvalidValueError, match=r"^Deadline\.days"):
        attrs.evolve(good, calendar=WorkingCalendar())
    assert attrs.evolve(good, month_end=False).arithmetic == "31/08/2026 + 6 mois = 28/02/2027"


# --- the denial carries its count


def test_a_denial_for_a_delay_not_run_out_carries_its_count() -> None:
    sent = paris(2026, 11, 23, 10, 0)
    denial = may_send_reminder(sent, paris(2026, 11, 30, 18, 0))
    assert denial.deadline == explain_reminder(sent)
    assert denial.deadline is not None
    assert denial.deadline.instant == reminder_allowed_from(sent)
    # An explanation beside the decision: its value, its data and its repr unchanged.
    plain = Decision.deny(*denial.reasons)
    assert denial == plain
    assert hash(denial) == hash(plain)
    assert denial.to_dict() == plain.to_dict()
    assert Decision.from_dict(denial.to_dict()) == denial
    assert repr(denial) == repr(plain)
    assert str(denial) == str(plain)
    assert pickle.loads(pickle.dumps(denial)).deadline == denial.deadline  # noqa: S301
    assert attrs.evolve(denial).deadline is None
    page = read(denial._repr_html_())
    assert "5e jour ouvré" in "".join(page.text)
    assert "5e jour ouvré" not in plain._repr_html_()


@pytest.mark.parametrize(
    ("now", "options"),
    [
        (paris(2026, 12, 1), {}),  # allowed: the delay has run out
        (paris(2026, 11, 24), {"urgent": True}),  # urgent: the delay is not counted
        (paris(2026, 11, 24), {"other_party_urgent": True}),
        (paris(2026, 12, 2), {"answered_at": paris(2026, 11, 25)}),  # no waiting would lift it
    ],
)
def test_no_other_decision_carries_a_count(now: datetime, options: dict[str, Any]) -> None:
    decision = may_send_reminder(paris(2026, 11, 23, 10, 0), now, **options)
    assert decision.deadline is None


def test_a_denial_answered_and_too_early_carries_no_count() -> None:
    """No waiting would lift it: the count would only mislead (review of issue 18)."""
    decision = may_send_reminder(
        date(2026, 11, 23), paris(2026, 11, 26), answered_at=paris(2026, 11, 25)
    )
    assert len(decision.reasons) == 2
    assert decision.deadline is None
    assert decision.remedies == ()


@given(SENDINGS, st.integers(0, 20 * 24 * 3600), st.none() | cst.calendars())
def test_a_denial_carries_a_count_exactly_when_the_delay_refuses(
    sent_at: date, seconds: int, calendar: WorkingCalendar | None
) -> None:
    start = sent_at if isinstance(sent_at, datetime) else datetime.combine(sent_at, time(0), PARIS)
    now = start + timedelta(seconds=seconds)
    decision = may_send_reminder(sent_at, now, calendar=calendar)
    allowed = reminder_allowed_from(sent_at, calendar)
    assert (decision.deadline is not None) == (now < allowed) == (not decision)
    if decision.deadline is not None:
        assert decision.deadline.instant == allowed


def test_a_request_of_a_dossier_carries_its_count_too() -> None:
    from tests.test_incidents import GOOD  # noqa: PLC0415  # a request of the example dossier

    sent = GOOD.sent_at
    assert sent is not None
    decision = may_remind(GOOD, sent + timedelta(hours=1))
    assert not decision
    assert decision.deadline is not None
    assert decision.deadline.start_instant == sent


def test_only_a_deadline_is_carried() -> None:
    with pytest.raises(InvalidValueError, match=r"^deadline : valeur invalide"):
        _with_deadline(Decision.allow(Reason("3.3", "x")), "30/11/2026")  # type: ignore[arg-type]


# --- display


@given(TYPED)
def test_a_holiday_name_with_markup_is_shown_as_text(typed: str) -> None:
    """Names come from the holidays package; were one to hold markup, it is escaped."""
    days = list(_GOOD.days)
    days[4] = DeadlineDay(day=days[4].day, status=DayStatus.HOLIDAY, label=typed)
    deadline = attrs.evolve(_GOOD, days=tuple(days))
    markup = deadline._repr_html_()
    assert "<script" not in markup
    assert "<b>" not in markup
    page = read(markup)
    assert typed.strip() in "".join(page.text)


def test_a_long_count_wraps_and_a_day_shows_by_its_text() -> None:
    deadline = explain_add_working_days(date(2026, 11, 23), 20)
    page = check_display(deadline)
    assert len([cell for cell in page.cells if "title" in cell]) == len(deadline.days)
    assert deadline._repr_html_().count("<tr>") == -(-len(deadline.days) // 12)
    assert (
        DeadlineDay(day=date(2026, 11, 24), status="compté", label="1er jour ouvré", rank=1)
        ._repr_html_()
        .startswith("<table")
    )
