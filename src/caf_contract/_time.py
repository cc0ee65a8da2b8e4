"""Time conventions shared by every rule: Europe/Paris, aware datetimes, Paris calendar days.

The contract is French: a day is a Paris calendar day. A naive datetime names no
instant and is refused; a ``date`` is read as a Paris calendar day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from caf_contract.errors import InvalidValueError, NaiveDatetimeError

__all__ = [
    "PARIS",
    "aware",
    "next_day",
    "optional_aware",
    "optional_day",
    "paris_day",
    "plain_day",
    "start_of_paris_day",
]

PARIS = ZoneInfo("Europe/Paris")
"""The contract's reference time zone."""

_ONE_DAY = timedelta(days=1)


def aware(value: object, field: str) -> datetime:
    """Return ``value`` if it is an aware datetime; refuse anything else.

    Raises:
        NaiveDatetimeError: a datetime without a usable UTC offset.
        InvalidValueError: not a datetime at all.
    """
    if not isinstance(value, datetime):
        raise InvalidValueError(field, value, "un datetime avec fuseau horaire")
    # A tzinfo that answers None for this instant is as naive as no tzinfo.
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetimeError(field, value)
    return value


def optional_aware(value: object, field: str) -> datetime | None:
    """:func:`aware`, letting ``None`` through."""
    return None if value is None else aware(value, field)


def paris_day(value: object, field: str) -> date:
    """The Paris calendar day of an aware datetime, or the date itself.

    >>> from datetime import datetime, timezone
    >>> paris_day(datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc), "sent_at")
    datetime.date(2026, 11, 24)
    """
    if isinstance(value, datetime):
        return aware(value, field).astimezone(PARIS).date()
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    raise InvalidValueError(field, value, "une date ou un datetime avec fuseau horaire")


def plain_day(value: object, field: str) -> date:
    """A calendar date and nothing else (a datetime is refused: it is not a day)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValueError(field, value, "une date (datetime.date), sans heure")
    return value if type(value) is date else date(value.year, value.month, value.day)


def optional_day(value: object, field: str) -> date | None:
    """:func:`plain_day`, letting ``None`` through."""
    return None if value is None else plain_day(value, field)


def start_of_paris_day(day: date) -> datetime:
    """00:00 Europe/Paris on ``day``, aware.

    >>> start_of_paris_day(date(2026, 12, 1)).isoformat()
    '2026-12-01T00:00:00+01:00'
    """
    return datetime.combine(day, time(0), tzinfo=PARIS)


def next_day(day: date) -> date:
    """The calendar day after ``day``."""
    return day + _ONE_DAY
