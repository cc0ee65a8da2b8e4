"""A working calendar in a notebook: its description, and a month as a grid.

Display only, at the edge: the rules of :mod:`caf_contract.calendar` answer, this module
draws their answers (:meth:`WorkingCalendar.month_html
<caf_contract.calendar.WorkingCalendar.month_html>`, the calendar's ``_repr_html_``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

from caf_contract._format import MONTHS, WEEKDAYS, day_text
from caf_contract._html import Html, element, framed, join

if TYPE_CHECKING:
    from caf_contract.calendar import WorkingCalendar

_DAYS_COUNTED: Final = {
    "ouvrés": "ouvrés : du lundi au vendredi, hors jours fériés",
    "ouvrables": "ouvrables : du lundi au samedi, hors jours fériés",
}


def calendar_rows(calendar: WorkingCalendar) -> list[tuple[str, object]]:
    """What a calendar shows of itself: its department, holidays, days counted, closures."""
    worked = "travaillé" if calendar.pentecost_monday_worked else "férié (sauf de 2005 à 2007)"
    return [
        ("Département", calendar.department or "— (France métropolitaine)"),
        ("Jours fériés", holiday_zone(calendar.department)),
        ("Jours comptés", _DAYS_COUNTED[calendar.kind.value]),
        ("Lundi de Pentecôte", worked),
        ("Fermetures de la Caf", calendar.extra_closures),
    ]


_WORKING_DAY: Final = "background:#ffffff"  # not the stripes notebooks give every other row
_DAY_OFF: Final = "background:#eaeef2;color:#57606a"
_HOLIDAY: Final = "background:#ffebe9;color:#82071e"
_NO_DAY: Final = "text-align:left;vertical-align:top;padding:0.2em 0.4em;width:6.5em;height:3em"
_DAY_CELL: Final = f"{_NO_DAY};border:1px solid #d0d7de"


def holiday_zone(department: str | None) -> str:
    """Which public holidays a department observes, in words."""
    from caf_contract.calendar import holiday_subdivision  # noqa: PLC0415  # a cycle otherwise

    subdivision = holiday_subdivision(department)
    if subdivision is None:
        return "ceux de la France métropolitaine"
    if subdivision in {"57", "6AE"}:
        return (
            "ceux de la France métropolitaine, le Vendredi saint et le 26 décembre (Alsace-Moselle)"
        )
    if subdivision == "PM":
        return "ceux de la France métropolitaine (Saint-Pierre-et-Miquelon)"
    return f"ceux de la France métropolitaine et ceux de l'outre-mer ({department})"


def month_grid(calendar: WorkingCalendar, year: int, month: int) -> Html:
    """The grid of :meth:`WorkingCalendar.month_html`: year and month already checked."""
    named = calendar.holidays(year)
    first = date(year, month, 1)
    days = [first + timedelta(days=offset) for offset in range(31)]
    days = [day for day in days if day.month == month]
    weeks: list[list[Html]] = [[element("td", "", style=_NO_DAY)] * first.weekday()]
    working = 0
    for day in days:
        if len(weeks[-1]) == len(WEEKDAYS):
            weeks.append([])
        is_working = calendar.is_working_day(day)
        working += is_working
        weeks[-1].append(_day_cell(day, named.get(day), calendar, is_working=is_working))
    weeks[-1] += [element("td", "", style=_NO_DAY)] * (len(WEEKDAYS) - len(weeks[-1]))
    where = (
        "France métropolitaine"
        if calendar.department is None
        else f"département {calendar.department}"
    )
    counted = (
        f"{working} jours {calendar.kind.value}"
        if working > 1
        else f"{working} jour {calendar.kind.value.removesuffix('s')}"
    )
    caption = f"{MONTHS[month - 1]} {year} — {where} : {counted}"
    legend = element(
        "p",
        "En gris : jours non travaillés de la semaine ; en rouge : jours fériés et "
        "fermetures de la Caf.",
        style="text-align:left;font-size:smaller;margin:0.2em 0",
    )
    return element(
        "div",
        join(
            (framed(caption, (element("tr", join(week)) for week in weeks), head=WEEKDAYS), legend)
        ),
        style="text-align:left",
    )


def _day_cell(
    day: date, holiday: str | None, calendar: WorkingCalendar, *, is_working: bool
) -> Html:
    """One day of the grid: its number, and why it is off when it is."""
    if holiday is not None:
        why, colour = holiday, _HOLIDAY
    elif day in calendar.extra_closures:
        why, colour = "fermeture de la Caf", _HOLIDAY
    elif not is_working:
        why, colour = "", _DAY_OFF
    else:
        why, colour = "", _WORKING_DAY
    said = f"{WEEKDAYS[day.weekday()]} {day_text(day)}" + (f" : {why}" if why else "")
    content = join(
        (
            element("strong", str(day.day)),
            element("div", why, style="font-size:smaller") if why else "",
        )
    )
    return element("td", content, style=f"{_DAY_CELL};{colour}", title=said)
