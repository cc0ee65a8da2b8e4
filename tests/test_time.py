from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given

from caf_contract import InvalidValueError
from caf_contract._time import aware, instant, next_day, paris_day, shifted
from caf_contract.articles import Article
from caf_contract.availability import MaintenanceWindow
from tests import strategies as cst

PLUS_ONE = timezone(timedelta(hours=1))
OUT_OF_RANGE = "instant hors de la plage représentable"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, 0, 0, tzinfo=PLUS_ONE),  # 31/12/0000 in UTC
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=1))),  # 10000 in UTC
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),  # 01/01/10000 in Paris
    ],
)
def test_instants_without_a_utc_or_a_paris_time_are_refused(moment: datetime) -> None:
    expected = (
        f"sent_at : {OUT_OF_RANGE} (.*) ; attendu : un instant compris, en UTC comme à "
        "l'heure de Paris, entre le 01/01/0001 00:00 et le 31/12/9999 23:59"
    )
    with pytest.raises(InvalidValueError, match=expected):
        aware(moment, "sent_at")
    with pytest.raises(InvalidValueError, match=OUT_OF_RANGE):
        paris_day(moment, "sent_at")
    with pytest.raises(InvalidValueError, match=f"MaintenanceWindow.start : {OUT_OF_RANGE}"):
        MaintenanceWindow(start=moment, end=datetime(2026, 1, 1, tzinfo=UTC))
    assert instant(moment) is moment  # left for the validator to refuse, naming the field


def test_the_last_representable_instants_are_accepted() -> None:
    assert paris_day(datetime(9999, 12, 31, 22, 59, tzinfo=UTC), "at") == date(9999, 12, 31)
    assert paris_day(datetime(1, 1, 1, 0, 0, tzinfo=UTC), "at") == date(1, 1, 1)
    assert aware(datetime(1, 1, 1, 1, 0, tzinfo=PLUS_ONE), "at") == datetime(1, 1, 1, tzinfo=UTC)


def test_days_whose_computed_date_leaves_pythons_dates_are_refused_with_the_accepted_range() -> (
    None
):
    with pytest.raises(
        InvalidValueError,
        match=r"^day : date hors de la plage représentable \(31/12/9999\) ; "
        r"attendu : une date entre le 01/01/0001 et le 30/12/9999, pour que le lendemain reste "
        r"entre le 01/01/0001 et le 31/12/9999 \(les limites des dates de Python\)\.$",
    ):
        next_day(date.max)
    with pytest.raises(
        InvalidValueError,
        match=r"^Art\. 5\.3\.2 — as_of : .* attendu : une date entre le 01/07/0001 et le 31/12/9999",
    ):
        shifted(
            date(1, 6, 30), -relativedelta(months=6), "as_of", what="…", article=Article.ART_5_3_2
        )
    assert next_day(date(9999, 12, 30)) == date.max


@given(cst.extreme_days())
def test_shifted_refuses_exactly_what_python_cannot_compute(day: date) -> None:
    for delta in (relativedelta(months=6), -relativedelta(years=6), timedelta(days=1)):
        try:
            expected = day + delta
        except (OverflowError, ValueError):
            with pytest.raises(InvalidValueError, match="date hors de la plage représentable"):
                shifted(day, delta, "day", what="…")
        else:
            assert shifted(day, delta, "day", what="…") == expected
