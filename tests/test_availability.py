from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

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
    WorkingCalendar,
)
from caf_contract._time import PARIS
from caf_contract.availability import (
    MaintenanceWindow,
    OfficeHours,
    Schedule,
    StopKind,
    caf_on_duty,
    check_announcement,
    is_available,
)
from caf_contract.errors import OverlappingWindowsError
from tests import strategies as cst
from tests.expect import paris
from tests.strategies import incidents as ist


def allowed(message: str) -> Decision:
    return Decision.allow(Reason(Article.ART_4, message))


def denied(message: str) -> Decision:
    return Decision.deny(Reason(Article.ART_4, message))


def error_of(call: Callable[[], object]) -> InvalidValueError:
    """The error ``call`` raises, its structured fields checked against its message."""
    with pytest.raises(InvalidValueError) as info:
        call()
    error = info.value
    assert f"{error.field} : {error.problem} (" in str(error)
    assert str(error).endswith(f" ; attendu : {error.expected}.")
    return error


UPGRADE = MaintenanceWindow(
    start=paris(2026, 12, 5, 8),
    end=paris(2026, 12, 5, 12),
    known_at=paris(2026, 11, 20, 15),
    announced_at=paris(2026, 11, 20, 15),
    description="montée de version",
)
NATIONAL = MaintenanceWindow(
    start=paris(2026, 12, 12, 20), end=paris(2026, 12, 13, 6), kind=StopKind.NATIONAL_MAINTENANCE
)
LATE = MaintenanceWindow(
    start=UPGRADE.start,
    end=UPGRADE.end,
    known_at=paris(2026, 11, 20, 15),
    announced_at=paris(2026, 11, 24, 9),
)
NAIVE = datetime(2026, 12, 5, 9)  # noqa: DTZ001

# --- availability

AVAILABLE = allowed("service disponible (24 heures sur 24, 7 jours sur 7, hors arrêts)")


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (paris(2026, 12, 5, 7, 59), AVAILABLE),
        (
            paris(2026, 12, 5, 8, 0),
            denied(
                "service arrêté : arrêt planifié par la Caf du 05/12/2026 08:00 au 05/12/2026 12:00 (montée de version)"
            ),
        ),
        (paris(2026, 12, 5, 11, 59), denied(f"service arrêté : {UPGRADE}")),
        (paris(2026, 12, 5, 12, 0), AVAILABLE),
        (
            paris(2026, 12, 13, 3, 0),
            denied(
                "service arrêté : maintenance nationale du 12/12/2026 20:00 au 13/12/2026 06:00"
            ),
        ),
        (datetime(2026, 12, 5, 7, 30, tzinfo=UTC), denied(f"service arrêté : {UPGRADE}")),
        (paris(2026, 12, 25, 3, 0), AVAILABLE),  # 24/7, Christmas night included
    ],
)
def test_available_24_7_except_inside_stops(at: datetime, expected: Decision) -> None:
    assert is_available(at, [NATIONAL, UPGRADE]) == expected
    assert is_available(at, Schedule([UPGRADE, NATIONAL])) == expected


@pytest.mark.parametrize(
    ("window", "text"),
    [
        (
            UPGRADE,
            "arrêt planifié par la Caf du 05/12/2026 08:00 au 05/12/2026 12:00 (montée de version)",
        ),
        (NATIONAL, "maintenance nationale du 12/12/2026 20:00 au 13/12/2026 06:00"),
        (
            MaintenanceWindow(
                start=datetime(2026, 7, 1, 6, 0, tzinfo=UTC),
                end=datetime(2026, 7, 1, 6, 30, tzinfo=UTC),
                description="  ",
            ),
            "arrêt planifié par la Caf du 01/07/2026 08:00 au 01/07/2026 08:30",
        ),
    ],
)
def test_a_window_reads_in_paris_time(window: MaintenanceWindow, text: str) -> None:
    assert str(window) == text


@given(ist.window_lists(), cst.aware_datetimes())
def test_availability_is_false_exactly_inside_the_windows(
    windows: list[MaintenanceWindow], at: datetime
) -> None:
    schedule = Schedule(windows)
    inside = any(window.start <= at < window.end for window in windows)
    assert bool(is_available(at, schedule)) is not inside
    assert bool(is_available(at, windows)) is not inside


@given(ist.window_lists(max_size=4), st.data())
def test_the_edges_of_each_window(windows: list[MaintenanceWindow], data: st.DataObject) -> None:
    schedule = Schedule(windows)
    for window in windows:
        assert not is_available(window.start, schedule)
        assert not is_available(window.end - timedelta(microseconds=1), schedule)
        touching = any(other.start == window.end for other in windows)
        assert bool(is_available(window.end, schedule)) is not touching
    assert schedule.windows == tuple(sorted(windows, key=lambda w: w.start))
    del data


OVERLAPPING = MaintenanceWindow(start=paris(2026, 12, 5, 11), end=paris(2026, 12, 5, 14))


@pytest.mark.parametrize(
    ("windows", "field"),
    [
        ([OVERLAPPING, UPGRADE], "Schedule.windows[0]"),
        ([UPGRADE, OVERLAPPING], "Schedule.windows[1]"),
        ([NATIONAL, UPGRADE, OVERLAPPING], "Schedule.windows[2]"),
    ],
)
def test_overlapping_windows_are_refused_naming_the_later(
    windows: list[MaintenanceWindow], field: str
) -> None:
    with pytest.raises(OverlappingWindowsError) as info:
        Schedule(windows)
    assert (info.value.first, info.value.second, info.value.field) == (UPGRADE, OVERLAPPING, field)
    assert str(info.value) == (
        "Art. 4 — les arrêts « arrêt planifié par la Caf du 05/12/2026 08:00 au 05/12/2026 12:00 "
        "(montée de version) » et « arrêt planifié par la Caf du 05/12/2026 11:00 au 05/12/2026 "
        "14:00 » se chevauchent ; attendu : des fenêtres disjointes (une fin peut toucher le début "
        "suivant)."
    )


def test_touching_windows_do_not_overlap() -> None:
    touching = MaintenanceWindow(start=paris(2026, 12, 5, 12), end=paris(2026, 12, 5, 13))
    assert Schedule([touching, UPGRADE]).windows == (UPGRADE, touching)


@pytest.mark.parametrize(
    ("end", "shown"),
    [
        (paris(2026, 12, 5, 8), "2026-12-05 08:00+01:00"),
        (paris(2026, 12, 5, 12), "2026-12-05 12:00+01:00"),
    ],
)
def test_a_window_ends_strictly_after_it_starts(end: datetime, shown: str) -> None:
    start = paris(2026, 12, 5, 12)
    with pytest.raises(ChronologyError) as info:
        MaintenanceWindow(start=start, end=end)
    error = info.value
    assert (error.field, error.earlier, error.later, error.strictly) == (
        "MaintenanceWindow.end",
        start,
        end,
        True,
    )
    assert str(error) == (
        f"Art. 4 — MaintenanceWindow.end ({shown}) ne suit pas le début de "
        "l'arrêt (MaintenanceWindow.start) (2026-12-05 12:00+01:00) ; attendu : une date "
        "postérieure à 2026-12-05 12:00+01:00."
    )


def test_a_window_holds_its_start_and_not_its_end() -> None:
    assert UPGRADE.contains(UPGRADE.start)
    assert UPGRADE.contains(UPGRADE.end - timedelta(microseconds=1))
    assert not UPGRADE.contains(UPGRADE.end)
    assert not UPGRADE.contains(UPGRADE.start - timedelta(microseconds=1))


# --- announcement

PENDING = (
    "arrêt connu depuis le 20/11/2026 15:00 et toujours pas annoncé au responsable services du "
    "partenaire"
)


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        pytest.param(
            UPGRADE,
            paris(2026, 11, 20, 15),
            allowed("arrêt annoncé le 20/11/2026 15:00, dès sa connaissance"),
            id="announced the instant it was known, asked at that instant",
        ),
        pytest.param(
            UPGRADE,
            paris(2026, 12, 1),
            allowed("arrêt annoncé le 20/11/2026 15:00, dès sa connaissance"),
            id="announced the instant it was known",
        ),
        pytest.param(
            LATE,
            paris(2026, 11, 20, 14, 59),
            allowed("arrêt pas encore connu de la Caf le 20/11/2026 14:59"),
            id="not known yet: nothing due",
        ),
        pytest.param(LATE, paris(2026, 11, 20, 15), denied(PENDING), id="due once known"),
        pytest.param(LATE, paris(2026, 11, 24, 8, 59), denied(PENDING), id="still pending"),
        pytest.param(
            LATE,
            paris(2026, 11, 24, 9),
            denied(
                "arrêt connu le 20/11/2026 15:00 mais annoncé le 24/11/2026 09:00 seulement ; "
                "attendu : dès connaissance de l'information",
            ),
            id="announced late, asked at that instant",
        ),
        pytest.param(
            attrs.evolve(LATE, announced_at=paris(2026, 11, 20, 15) + timedelta(seconds=1)),
            paris(2026, 11, 25),
            denied(
                "arrêt connu le 20/11/2026 15:00:00 mais annoncé le 20/11/2026 15:00:01 seulement ; "
                "attendu : dès connaissance de l'information",
            ),
            id="late by a second: the seconds are shown",
        ),
        pytest.param(
            attrs.evolve(LATE, announced_at=None),
            paris(2026, 12, 5),
            denied(PENDING),
            id="never announced",
        ),
        pytest.param(
            NATIONAL,
            paris(2026, 12, 12),
            allowed(
                "maintenance nationale : l'obligation d'information vise les arrêts planifiés "
                "par la Caf",
            ),
            id="national maintenance is outside the duty",
        ),
    ],
)
def test_the_announcement_rule_over_time(
    window: MaintenanceWindow, now: datetime, expected: Decision
) -> None:
    assert check_announcement(window, now=now) == expected


@given(ist.maintenance_windows(), st.integers(0, 60 * 24 * 60), st.integers(0, 60 * 24 * 60))
def test_a_breach_stays_a_breach(window: MaintenanceWindow, first: int, more: int) -> None:
    assert window.known_at is not None
    now = window.known_at + timedelta(minutes=first)
    later = now + timedelta(minutes=more)
    if window.kind is StopKind.PLANNED_BY_CAF and not check_announcement(window, now=now):
        assert not check_announcement(window, now=later)
    announced = window.announced_at
    if window.kind is StopKind.PLANNED_BY_CAF and announced is not None and announced <= now:
        assert bool(check_announcement(window, now=now)) is (announced <= window.known_at)


# --- office hours, no on-call service

HOURS = OfficeHours(
    {
        day: [("08:30", "12:00"), ("13:30", "16:30")]
        for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
    }
)
CLOSED = "est hors des heures habituelles de bureau : pas d'astreinte"
DAY_OFF = "n'est pas un jour ouvré de la Caf : pas d'astreinte"


@pytest.mark.parametrize(
    ("at", "department", "expected"),
    [
        (paris(2026, 11, 23, 9, 0), "82", allowed("heures de bureau (23/11/2026 09:00, heure de Paris)")),
        (paris(2026, 11, 23, 8, 29), "82", denied(f"08:29 {CLOSED}")),
        (paris(2026, 11, 23, 8, 30), "82", allowed("heures de bureau (23/11/2026 08:30, heure de Paris)")),
        (paris(2026, 11, 23, 12, 0), "82", denied(f"12:00 {CLOSED}")),
        (paris(2026, 11, 23, 12, 30), "82", denied(f"12:30 {CLOSED}")),
        (paris(2026, 11, 23, 13, 30), "82", allowed("heures de bureau (23/11/2026 13:30, heure de Paris)")),
        (paris(2026, 11, 23, 16, 30), "82", denied(f"16:30 {CLOSED}")),
        (paris(2026, 11, 28, 10, 0), "82", denied(f"le 28/11/2026 {DAY_OFF}")),  # Saturday
        (paris(2026, 12, 25, 10, 0), "82", denied(f"le 25/12/2026 {DAY_OFF}")),  # Christmas
        (paris(2026, 4, 3, 10, 0), "82", allowed("heures de bureau (03/04/2026 10:00, heure de Paris)")),  # Good Friday, Montauban
        (paris(2026, 4, 3, 10, 0), "57", denied(f"le 03/04/2026 {DAY_OFF}")),  # Good Friday, Metz
        (datetime(2026, 11, 23, 7, 45, tzinfo=UTC), "82", allowed("heures de bureau (23/11/2026 08:45, heure de Paris)")),
    ],
)  # fmt: skip
def test_nobody_on_duty_outside_office_hours(
    at: datetime, department: str, expected: Decision
) -> None:
    calendar = WorkingCalendar(department)
    assert caf_on_duty(at, office_hours=HOURS, calendar=calendar) == expected


@given(ist.office_hours(), cst.aware_datetimes(), cst.calendars())
def test_on_duty_exactly_in_hours_on_working_days(
    hours: OfficeHours, at: datetime, calendar: WorkingCalendar
) -> None:
    local = at.astimezone(PARIS)
    inside = any(start <= local.time() < end for start, end in hours.on(local.weekday()))
    expected = inside and calendar.is_working_day(local.date())
    assert bool(caf_on_duty(at, office_hours=hours, calendar=calendar)) is expected


def test_office_hours_accept_times_and_names() -> None:
    hours = OfficeHours({0: [(time(8, 30), "12h00")], " Vendredi ": [(" 14:00 ", "16:00")]})
    assert hours.on(0) == ((time(8, 30), time(12, 0)),)
    assert hours.on(4) == ((time(14, 0), time(16, 0)),)
    assert hours.on(6) == ()
    touching = OfficeHours({"lundi": [("12:00", "14:00"), ("08:00", "12:00")]})
    assert touching.on(0) == ((time(8), time(12)), (time(12), time(14)))


# --- malformed input: what the error says, field by field

WEEKDAY = "un jour : 0 (lundi) à 6 (dimanche), ou son nom (« lundi »)"
CLOCK = "une heure : time(8, 30) ou « 08:30 »"


@pytest.mark.parametrize(
    ("call", "field", "value", "message"),
    [
        pytest.param(
            lambda: MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, kind="panne"),
            "MaintenanceWindow.kind",
            "panne",
            "MaintenanceWindow.kind : valeur invalide ('panne') ; attendu : une valeur parmi 'maintenance nationale', 'arrêt planifié par la Caf'.",
            id="kind",
        ),
        pytest.param(
            lambda: MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, description=None),  # type: ignore[arg-type]
            "MaintenanceWindow.description",
            None,
            "MaintenanceWindow.description : valeur invalide (None) ; attendu : un texte.",
            id="description",
        ),
        pytest.param(
            lambda: MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, known_at="hier"),  # type: ignore[arg-type]
            "MaintenanceWindow.known_at",
            "hier",
            "MaintenanceWindow.known_at : valeur invalide ('hier') ; attendu : un datetime avec fuseau horaire.",
            id="known_at",
        ),
        pytest.param(
            lambda: Schedule("fenêtres"),  # type: ignore[arg-type]
            "Schedule.windows",
            "fenêtres",
            "Schedule.windows : valeur invalide ('fenêtres') ; attendu : une suite de MaintenanceWindow(...).",
            id="schedule",
        ),
        pytest.param(
            lambda: Schedule([UPGRADE, "arrêt"]),  # type: ignore[list-item]
            "Schedule.windows",
            "arrêt",
            "Schedule.windows : élément invalide ('arrêt') ; attendu : MaintenanceWindow(...).",
            id="schedule item",
        ),
        pytest.param(
            lambda: check_announcement("arrêt", now=paris(2026, 12, 1)),  # type: ignore[arg-type]
            "window",
            "arrêt",
            "window : valeur invalide ('arrêt') ; attendu : une MaintenanceWindow(...).",
            id="announcement of no window",
        ),
        pytest.param(
            lambda: check_announcement(
                MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end), now=paris(2026, 12, 1)
            ),
            "MaintenanceWindow.known_at",
            None,
            "Art. 4 — MaintenanceWindow.known_at : connaissance de l'arrêt non datée (None) ; attendu : l'instant où la Caf a eu connaissance de l'arrêt.",
            id="announcement without known_at",
        ),
        pytest.param(
            lambda: OfficeHours([("lundi", "08:00")]),  # type: ignore[arg-type]
            "OfficeHours",
            [("lundi", "08:00")],
            "OfficeHours : valeur invalide ([('lundi', '08:00')]) ; attendu : un dictionnaire {jour: [(début, fin), ...]}.",
            id="not a mapping",
        ),
        pytest.param(
            lambda: OfficeHours({"funday": [("08:00", "12:00")]}),
            "OfficeHours",
            "funday",
            f"OfficeHours : valeur invalide ('funday') ; attendu : {WEEKDAY}.",
            id="unknown day name",
        ),
        pytest.param(
            lambda: OfficeHours({7: [("08:00", "12:00")]}),
            "OfficeHours",
            7,
            f"OfficeHours : valeur invalide (7) ; attendu : {WEEKDAY}.",
            id="day number 7",
        ),
        pytest.param(
            lambda: OfficeHours({True: [("08:00", "12:00")]}),
            "OfficeHours",
            True,
            f"OfficeHours : valeur invalide (True) ; attendu : {WEEKDAY}.",
            id="True is no day",
        ),
        pytest.param(
            lambda: HOURS.on(-1),
            "OfficeHours",
            -1,
            f"OfficeHours : valeur invalide (-1) ; attendu : {WEEKDAY}.",
            id="asking for day -1",
        ),
        pytest.param(
            lambda: OfficeHours({0: "08:00-12:00"}),  # type: ignore[dict-item]
            "OfficeHours[lundi]",
            "08:00-12:00",
            "OfficeHours[lundi] : valeur invalide ('08:00-12:00') ; attendu : une suite de paires (début, fin).",
            id="a text for the intervals",
        ),
        pytest.param(
            lambda: OfficeHours({"mardi": [("08:00",)]}),  # type: ignore[list-item]
            "OfficeHours[mardi]",
            ("08:00",),
            "OfficeHours[mardi] : valeur invalide (('08:00',)) ; attendu : une paire (début, fin).",
            id="not a pair",
        ),
        pytest.param(
            lambda: OfficeHours({0: [(8, 12)]}),  # type: ignore[list-item]
            "OfficeHours[lundi]",
            8,
            f"OfficeHours[lundi] : valeur invalide (8) ; attendu : {CLOCK}.",
            id="a number for an hour",
        ),
        pytest.param(
            lambda: OfficeHours({"mardi": [("08:00", "25:00")]}),
            "OfficeHours[mardi]",
            "25:00",
            f"OfficeHours[mardi] : valeur invalide ('25:00') ; attendu : {CLOCK}.",
            id="hour 25 at the end",
        ),
        pytest.param(
            lambda: OfficeHours({0: [(time(8, 0, tzinfo=UTC), time(12, 0))]}),
            "OfficeHours[lundi]",
            time(8, 0, tzinfo=UTC),
            "OfficeHours[lundi] : valeur invalide (datetime.time(8, 0, tzinfo=datetime.timezone.utc)) ; attendu : une heure de Paris sans fuseau (time(8, 30)).",
            id="a time with a zone",
        ),
        pytest.param(
            lambda: OfficeHours({"lundi": [("12:00", "08:30")]}),
            "OfficeHours[lundi]",
            ("12:00", "08:30"),
            "OfficeHours[lundi] : plage vide ou inversée (('12:00', '08:30')) ; attendu : une fin après le début.",
            id="inverted",
        ),
        pytest.param(
            lambda: OfficeHours({"lundi": [("08:30", "08:30")]}),
            "OfficeHours[lundi]",
            ("08:30", "08:30"),
            "OfficeHours[lundi] : plage vide ou inversée (('08:30', '08:30')) ; attendu : une fin après le début.",
            id="empty",
        ),
        pytest.param(
            lambda: OfficeHours({"jeudi": [("11:00", "14:00"), ("08:00", "12:00")]}),
            "OfficeHours[jeudi]",
            [(time(8), time(12)), (time(11), time(14))],
            "OfficeHours[jeudi] : plages qui se chevauchent ([(datetime.time(8, 0), datetime.time(12, 0)), (datetime.time(11, 0), datetime.time(14, 0))]) ; attendu : des plages disjointes.",
            id="overlapping",
        ),
        pytest.param(
            lambda: caf_on_duty(
                paris(2026, 11, 23, 9),
                office_hours="8-12",  # type: ignore[arg-type]
                calendar=WorkingCalendar(),
            ),
            "office_hours",
            "8-12",
            "office_hours : valeur invalide ('8-12') ; attendu : des OfficeHours(...).",
            id="on duty without office hours",
        ),
        pytest.param(
            lambda: caf_on_duty(paris(2026, 11, 23, 9), office_hours=HOURS, calendar="82"),  # type: ignore[arg-type]
            "calendar",
            "82",
            "calendar : valeur invalide ('82') ; attendu : un WorkingCalendar.",
            id="on duty without a calendar",
        ),
    ],
)
def test_malformed_input_is_refused_saying_what_and_where(
    call: Callable[[], object], field: str, value: object, message: str
) -> None:
    error = error_of(call)
    assert (error.field, error.value, str(error)) == (field, value, message)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: MaintenanceWindow(start=NAIVE, end=UPGRADE.end), "MaintenanceWindow.start"),
        (lambda: attrs.evolve(UPGRADE, announced_at=NAIVE), "MaintenanceWindow.announced_at"),
        (lambda: UPGRADE.contains(NAIVE), "at"),
        (lambda: is_available(NAIVE, [UPGRADE]), "at"),
        (lambda: check_announcement(UPGRADE, now=NAIVE), "now"),
        (lambda: caf_on_duty(NAIVE, office_hours=HOURS, calendar=WorkingCalendar()), "at"),
    ],
)
def test_naive_datetimes_are_refused_by_name(call: Callable[[], object], field: str) -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        call()
    assert (info.value.field, info.value.value) == (field, NAIVE)
    assert str(info.value).startswith(f"{field} : datetime sans fuseau horaire (naïf)")
