"""A deadline in a notebook: a strip of days, counted or greyed with their reason.

Display only, at the edge, as :mod:`caf_contract._calendar_html` is for the calendar:
:mod:`caf_contract.deadline` explains, this module draws the explanation
(:meth:`Deadline._repr_html_ <caf_contract.deadline.Deadline._repr_html_>`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Final

from caf_contract._calendar_html import _DAY_OFF, _WORKING_DAY
from caf_contract._format import day_text, weekday_text
from caf_contract._html import ALLOWED_COLOUR, Html, element, framed, join, record

if TYPE_CHECKING:
    from datetime import date

    from caf_contract.deadline import Deadline, DeadlineDay

_SHORT_WEEKDAYS: Final = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
_PER_ROW: Final = 12  # a reminder's count fits in a row; a long count wraps
_CELL: Final = "text-align:left;vertical-align:top;padding:0.2em 0.4em;min-width:5em"
_BORDER: Final = "border:1px solid #d0d7de"
_SMALL: Final = "font-size:smaller"
_LEGEND: Final = "text-align:left;font-size:smaller;margin:0.2em 0"


def _short(day: date) -> str:
    """« mar. 24/11 »: the weekday and the day, as a strip labels its cells."""
    return f"{_SHORT_WEEKDAYS[day.weekday()]} {day.day:02d}/{day.month:02d}"


def _day_cell(item: DeadlineDay) -> Html:
    """A day of the count: its rank in bold, or greyed with why it does not count."""
    label = element("strong", item.label) if item.counted else item.label
    colour = _WORKING_DAY if item.counted else _DAY_OFF
    content = join((element("div", _short(item.day)), element("div", label, style=_SMALL)))
    return element("td", content, style=f"{_CELL};{_BORDER};{colour}", title=str(item))


def _allowed_cell(deadline: Deadline) -> Html:
    """The day after the delay, in green: the reminder is allowed from its first instant."""
    day = deadline.end + timedelta(days=1)
    text = element("strong", "relance dès 00:00", style=f"color:{ALLOWED_COLOUR}")
    content = join((element("div", _short(day)), element("div", text, style=_SMALL)))
    style = f"{_CELL};border:2px solid {ALLOWED_COLOUR};{_WORKING_DAY}"
    said = f"{weekday_text(day)} {day_text(day)} : relance possible dès 00:00, heure de Paris"
    return element("td", content, style=style, title=said)


def deadline_html(deadline: Deadline) -> Html:
    """The explanation drawn: a strip of days for a count, a small table for a period."""
    convention = deadline.convention[0].upper() + deadline.convention[1:]
    if not deadline.days:
        start = deadline.start if deadline.start_instant is None else deadline.start_instant
        return record(
            deadline.headline,
            [
                ("Départ", start),
                ("Durée", deadline.delay),
                ("Calcul", deadline.arithmetic),
                ("Règle", convention),
            ],
        )
    cells = [_day_cell(item) for item in deadline.days]
    if deadline.instant is not None:
        cells.append(_allowed_cell(deadline))
    rows = (
        element("tr", join(cells[index : index + _PER_ROW]))
        for index in range(0, len(cells), _PER_ROW)
    )
    opening = "Envoi le" if deadline.instant is not None else "Départ le"
    legend = element(
        "p",
        f"{opening} {deadline.started}. Délai de {deadline.delay} ({deadline.where}). En gris : "
        f"les jours qui ne comptent pas, et pourquoi. {convention}.",
        style=_LEGEND,
    )
    return element("div", join((framed(deadline.headline, rows), legend)), style="text-align:left")
