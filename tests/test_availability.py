from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    ChronologyError,
    InvalidValueError,
    NaiveDatetimeError,
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
from tests.strategies import incidents as ist


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


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

# --- availability


@pytest.mark.parametrize(
    ("at", "available"),
    [
        (paris(2026, 12, 5, 7, 59), True),
        (paris(2026, 12, 5, 8, 0), False),
        (paris(2026, 12, 5, 11, 59), False),
        (paris(2026, 12, 5, 12, 0), True),
        (paris(2026, 12, 13, 3, 0), False),
        (datetime(2026, 12, 5, 7, 30, tzinfo=UTC), False),  # 08:30 in Paris
        (paris(2026, 12, 25, 3, 0), True),  # 24/7, Christmas night included
    ],
)
def test_available_24_7_except_inside_stops(at: datetime, available: bool) -> None:
    decision = is_available(at, [NATIONAL, UPGRADE])
    assert bool(decision) is available
    assert decision.articles == (Article.ART_4,)


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


def test_overlapping_or_inverted_windows_are_refused() -> None:
    overlapping = MaintenanceWindow(start=paris(2026, 12, 5, 11), end=paris(2026, 12, 5, 14))
    with pytest.raises(OverlappingWindowsError, match=r"^Art\. 4 — les arrêts .* se chevauchent"):
        Schedule([overlapping, UPGRADE])
    with pytest.raises(ChronologyError, match="MaintenanceWindow.end"):
        MaintenanceWindow(start=paris(2026, 12, 5, 12), end=paris(2026, 12, 5, 8))
    with pytest.raises(
        ChronologyError,
        match=(
            r"^Art\. 4 — MaintenanceWindow\.end \(2026-12-05 12:00\+01:00\) ne suit pas le "
            r"début de l'arrêt \(MaintenanceWindow\.start\) \(2026-12-05 12:00\+01:00\) ; "
            r"attendu : une date postérieure à 2026-12-05 12:00\+01:00\.$"
        ),
    ):
        MaintenanceWindow(start=paris(2026, 12, 5, 12), end=paris(2026, 12, 5, 12))
    touching = MaintenanceWindow(start=paris(2026, 12, 5, 12), end=paris(2026, 12, 5, 13))
    assert len(Schedule([touching, UPGRADE]).windows) == 2


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"start": datetime(2026, 12, 5, 8)}, NaiveDatetimeError),  # noqa: DTZ001
        ({"kind": "panne"}, InvalidValueError),
        ({"description": None}, InvalidValueError),
        ({"known_at": "hier"}, InvalidValueError),
    ],
)
def test_bad_windows_are_refused(values: dict[str, object], error: type[Exception]) -> None:
    arguments: dict[str, object] = {
        "start": paris(2026, 12, 5, 8),
        "end": paris(2026, 12, 5, 12),
        **values,
    }
    with pytest.raises(error):
        MaintenanceWindow(**arguments)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="Schedule.windows"):
        Schedule("fenêtres")  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError, match=r"^at : datetime sans fuseau horaire"):
        UPGRADE.contains(datetime(2026, 12, 5, 9))  # noqa: DTZ001


def test_a_window_holds_its_start_and_not_its_end() -> None:
    assert UPGRADE.contains(UPGRADE.start)
    assert UPGRADE.contains(UPGRADE.end - timedelta(microseconds=1))
    assert not UPGRADE.contains(UPGRADE.end)
    assert not UPGRADE.contains(UPGRADE.start - timedelta(microseconds=1))


# --- announcement


def test_announced_as_soon_as_known_is_kept() -> None:
    decision = check_announcement(UPGRADE, now=paris(2026, 12, 1))
    assert decision
    assert "annoncé le 20/11/2026 15:00, dès sa connaissance" in str(decision)


def test_the_announcement_rule_over_time() -> None:
    known, announced = paris(2026, 11, 20, 15), paris(2026, 11, 24, 9)
    late = MaintenanceWindow(
        start=UPGRADE.start, end=UPGRADE.end, known_at=known, announced_at=announced
    )
    assert check_announcement(late, now=paris(2026, 11, 20, 14))  # not known yet: nothing due
    pending = check_announcement(late, now=paris(2026, 11, 22))
    assert not pending
    assert "toujours pas annoncé" in str(pending)
    after = check_announcement(late, now=paris(2026, 11, 25))
    assert not after
    assert str(after.reasons[0]) == (
        "Art. 4 — arrêt connu le 20/11/2026 15:00 mais annoncé le 24/11/2026 09:00 seulement ; "
        "attendu : dès connaissance de l'information"
    )
    by_seconds = attrs.evolve(late, announced_at=known + timedelta(seconds=1))
    assert "connu le 20/11/2026 15:00:00 mais annoncé le 20/11/2026 15:00:01 seulement" in str(
        check_announcement(by_seconds, now=paris(2026, 11, 25))
    )
    never = MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, known_at=known)
    assert not check_announcement(never, now=known)


def test_national_maintenance_is_outside_the_duty() -> None:
    decision = check_announcement(NATIONAL, now=paris(2026, 12, 12))
    assert decision
    assert "maintenance nationale" in str(decision)


def test_the_rule_needs_to_know_when_the_caf_knew() -> None:
    with pytest.raises(InvalidValueError, match="known_at"):
        check_announcement(
            MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end), now=paris(2026, 12, 1)
        )
    with pytest.raises(InvalidValueError, match="MaintenanceWindow"):
        check_announcement("arrêt", now=paris(2026, 12, 1))  # type: ignore[arg-type]


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


@pytest.mark.parametrize(
    ("at", "calendar", "on_duty", "why"),
    [
        (paris(2026, 11, 23, 9, 0), WorkingCalendar("82"), True, "Monday morning"),
        (paris(2026, 11, 23, 12, 30), WorkingCalendar("82"), False, "lunch"),
        (paris(2026, 11, 23, 16, 30), WorkingCalendar("82"), False, "16:30 is closed"),
        (paris(2026, 11, 28, 10, 0), WorkingCalendar("82"), False, "Saturday"),
        (paris(2026, 12, 25, 10, 0), WorkingCalendar("82"), False, "Christmas"),
        (paris(2026, 4, 3, 10, 0), WorkingCalendar("82"), True, "Good Friday, Montauban"),
        (paris(2026, 4, 3, 10, 0), WorkingCalendar("57"), False, "Good Friday, Metz"),
        (
            datetime(2026, 11, 23, 7, 45, tzinfo=UTC),
            WorkingCalendar("82"),
            True,
            "08:45 in Paris",
        ),
    ],
)
def test_nobody_on_duty_outside_office_hours(
    at: datetime, calendar: WorkingCalendar, on_duty: bool, why: str
) -> None:
    decision = caf_on_duty(at, office_hours=HOURS, calendar=calendar)
    assert bool(decision) is on_duty, why
    assert decision.articles == (Article.ART_4,)


@given(ist.office_hours(), cst.aware_datetimes(), cst.calendars())
def test_on_duty_exactly_in_hours_on_working_days(
    hours: OfficeHours, at: datetime, calendar: WorkingCalendar
) -> None:
    local = at.astimezone(PARIS)
    inside = any(start <= local.time() < end for start, end in hours.on(local.weekday()))
    expected = inside and calendar.is_working_day(local.date())
    assert bool(caf_on_duty(at, office_hours=hours, calendar=calendar)) is expected


@pytest.mark.parametrize(
    "week",
    [
        {"lundi": [("12:00", "08:30")]},
        {"lundi": [("08:00", "12:00"), ("11:00", "14:00")]},
        {"funday": [("08:00", "12:00")]},
        {7: [("08:00", "12:00")]},
        {0: [("8h30", "25:00")]},
        {0: [("08:00",)]},
        {0: [(8, 12)]},
        {0: [(time(8, 0, tzinfo=UTC), time(12, 0))]},
        {0: "08:00-12:00"},
        [("lundi", "08:00")],
    ],
)
def test_malformed_office_hours_are_refused(week: object) -> None:
    with pytest.raises(InvalidValueError, match="OfficeHours"):
        OfficeHours(week)  # type: ignore[arg-type]


def test_office_hours_accept_times_and_names() -> None:
    hours = OfficeHours({0: [(time(8, 30), "12h00")], "Vendredi": [("14:00", "16:00")]})
    assert hours.on(0) == ((time(8, 30), time(12, 0)),)
    assert hours.on(4) == ((time(14, 0), time(16, 0)),)
    assert hours.on(6) == ()
    with pytest.raises(InvalidValueError):
        caf_on_duty(paris(2026, 11, 23, 9), office_hours="8-12", calendar=WorkingCalendar())  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        caf_on_duty(paris(2026, 11, 23, 9), office_hours=hours, calendar="82")  # type: ignore[arg-type]
