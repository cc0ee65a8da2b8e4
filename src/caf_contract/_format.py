"""The bottom layer of French formatting: days, weekdays, Paris times, quoted values.

Every message of the library says a day as French write it (« 23/11/2026 »), an
instant in Paris time (« 23/11/2026 à 10:00 »), a value between French quotes
(« CDAP »). One module, imported by all and importing nothing of the package, so that
messages agree and no import circle is needed to reach the time zone.
"""

from __future__ import annotations

import contextlib
import reprlib
from datetime import date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

__all__ = [
    "MONTHS",
    "PARIS",
    "WEEKDAYS",
    "counted",
    "day_text",
    "moment_text",
    "quoted",
    "shown",
    "weekday_text",
    "when",
]

PARIS: Final = ZoneInfo("Europe/Paris")
"""The contract's reference time zone."""

WEEKDAYS: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
"""The days of the week, Monday first (``date.weekday()`` indexes them)."""

MONTHS: Final = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
"""The months, January first (``MONTHS[day.month - 1]``)."""

# Python refuses to write an int of more than 4,300 digits (sys.int_info): say its size.
_LONGEST_WRITTEN_INT: Final = 10**60


class _Short(reprlib.Repr):
    """A bounded ``repr``: long texts cut, huge integers said by their size, at any depth."""

    def repr_int(self, x: int, level: int) -> str:
        del level
        if abs(x) >= _LONGEST_WRITTEN_INT:
            return f"un entier de {_digits(abs(x))} chiffres"
        return repr(x)


_SHORT = _Short()
_SHORT.maxstring = 60
_SHORT.maxother = 60


def day_text(value: date) -> str:
    """A day as French write it, the year on four digits.

    >>> day_text(date(2026, 11, 23)), day_text(date(7, 1, 1))
    ('23/11/2026', '01/01/0007')
    """
    # strftime does not pad years below 1000 on every platform.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def weekday_text(value: date) -> str:
    """The French name of the day of the week of ``value`` (« lundi », « mardi »)."""
    return WEEKDAYS[value.weekday()]


def clock_text(value: time | datetime, *, seconds: bool = False) -> str:
    """The time of day on a 24-hour clock: « 08:30 » (« 08:30:05 »), as read, no zone.

    >>> clock_text(time(8, 30)), clock_text(time(8, 30, 5), seconds=True)
    ('08:30', '08:30:05')
    """
    return f"{value:%H:%M:%S}" if seconds else f"{value:%H:%M}"


def _in_paris(instant: datetime) -> datetime | None:
    # 9999-12-31 23:30 UTC is past 9999 in Paris, 0001-01-01 at Réunion before year 1.
    with contextlib.suppress(OverflowError):
        return instant.astimezone(PARIS)
    return None


def moment_text(instant: datetime, *, seconds: bool = False, said: bool = False) -> str:
    """An aware instant in Paris time: « 23/11/2026 à 10:00 » (« à 10:00:05 »).

    ``said``: end with « , heure de Paris ». An instant with no Paris time (at the
    ends of Python's dates) is shown in its own zone, saying its offset.

    >>> from datetime import timezone
    >>> moment_text(datetime(2026, 11, 23, 9, 0, 5, tzinfo=timezone.utc), seconds=True)
    '23/11/2026 à 10:00:05'
    >>> moment_text(datetime(9999, 12, 31, 23, 30, tzinfo=timezone.utc), said=True)
    '31/12/9999 à 23:30 (UTC+00:00)'
    """
    local = _in_paris(instant)
    shown_at = instant if local is None else local
    written = f"{day_text(shown_at)} à {clock_text(shown_at, seconds=seconds)}"
    if local is None:
        return f"{written} (UTC{_offset(instant)})"
    return f"{written}, heure de Paris" if said else written


def _offset(instant: datetime) -> str:
    offset = instant.utcoffset()
    minutes = 0 if offset is None else int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def when(value: object) -> str:
    """A day as French write it, an instant in ISO 8601 with its Paris offset; else :func:`shown`.

    For errors about dates given in the wrong order: the instant keeps its offset, so
    that the one who typed it recognises it.

    >>> when(date(2026, 11, 23)), when(datetime.fromisoformat("2026-11-23T09:00+00:00"))
    ('23/11/2026', '2026-11-23 10:00+01:00')
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = _in_paris(value) or value
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return day_text(value)
    return shown(value)


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and its noun, agreeing: « 1 constat », « 6 constats », « 0 constat ».

    French takes the singular below two. ``plural`` is the noun group's plural when
    adding an « s » at its end is not it (« bulletins d'adhésion », « avenants signés »).

    >>> counted(0, "constat"), counted(1, "remarque"), counted(7, "contrôle")
    ('0 constat', '1 remarque', '7 contrôles')
    >>> counted(2, "bulletin d'adhésion", "bulletins d'adhésion")
    "2 bulletins d'adhésion"
    """
    if count < 2:  # « 0 constat », « 1 constat »
        return f"{count} {singular}"
    return f"{count} {singular + 's' if plural is None else plural}"


def quoted(text: object) -> str:
    """``text`` between French quotes: « CDAP »."""
    return f"« {text} »"


def typed(text: str) -> str:
    r"""Text a user typed, between French quotes; by its bounded ``repr`` when it holds a control.

    >>> print(typed("l'an 2026"), typed("a\nb"))
    « l'an 2026 » 'a\nb'
    """
    if text.isprintable() and len(text) <= _SHORT.maxstring:
        return quoted(text)
    return shown(text)


def shown(value: object) -> str:
    """A bounded ``repr`` of a received value, for messages (fuzzed input can be huge).

    >>> shown("x" * 100)[-6:], shown(-(10**5000)), shown((10**5000, 1))
    ("xxxxx'", 'un entier de 5001 chiffres', '(un entier de 5001 chiffres, 1)')
    """
    return _SHORT.repr(value)


def _digits(number: int) -> int:
    """How many decimal digits ``number`` (> 0) has, without writing it out."""
    estimate = max(1, int(number.bit_length() * 0.30102999566398120))
    # The estimate is the count or one less: 10**estimate decides.
    return estimate + 1 if number >= 10**estimate else estimate
