"""Time conventions shared by every rule: Europe/Paris, aware datetimes, Paris calendar days.

The contract is French: a day is a Paris calendar day. A naive datetime names no
instant and is refused; a ``date`` is read as a Paris calendar day.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from caf_contract.errors import InvalidValueError, NaiveDatetimeError

__all__ = [
    "PARIS",
    "UTC",
    "aware",
    "instant",
    "next_day",
    "optional_instant",
    "paris_day",
    "plain_day",
    "start_of_paris_day",
]

PARIS = ZoneInfo("Europe/Paris")
"""The contract's reference time zone."""

_ONE_DAY = timedelta(days=1)


def _is_aware(value: datetime) -> bool:
    # A tzinfo that answers None for this instant is as naive as no tzinfo.
    return value.tzinfo is not None and value.utcoffset() is not None


def aware(value: object, field: str) -> datetime:
    """The instant ``value`` names, in UTC; refuse anything but an aware datetime.

    Instants are compared in UTC: Python compares two datetimes of the *same* zone
    by their wall-clock times, which is wrong around a DST change (02:30 on the
    second pass of the night is after 02:45 on the first).

    Raises:
        NaiveDatetimeError: a datetime without a usable UTC offset.
        InvalidValueError: not a datetime at all.

    >>> aware(datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS), "at").isoformat()
    '2026-10-25T01:30:00+00:00'
    """
    if not isinstance(value, datetime):
        raise InvalidValueError(field, value, "un datetime avec fuseau horaire")
    if not _is_aware(value):
        raise NaiveDatetimeError(field, value)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01 in Paris is before year 1 in UTC
        raise InvalidValueError(
            field,
            value,
            "un instant entre l'an 1 et l'an 9999 une fois ramené en UTC",
            problem="instant hors des limites",
        ) from None


def instant(value: datetime) -> datetime:
    """Converter for attrs fields: an aware datetime in UTC; anything else left as is.

    What is left is then refused, with the field's name, by the ``is_aware``
    validator of :mod:`caf_contract._validate`.
    """
    candidate: object = value  # typed as the field is; checked as the input may be
    if isinstance(candidate, datetime) and _is_aware(candidate):
        with contextlib.suppress(OverflowError):  # left for the validator to refuse
            return candidate.astimezone(UTC)
    return value


def optional_instant(value: datetime | None) -> datetime | None:
    """:func:`instant`, letting ``None`` through."""
    return None if value is None else instant(value)


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


def start_of_paris_day(day: date) -> datetime:
    """00:00 Europe/Paris on ``day``, aware.

    >>> start_of_paris_day(date(2026, 12, 1)).isoformat()
    '2026-12-01T00:00:00+01:00'
    """
    return datetime.combine(day, time(0), tzinfo=PARIS)


def next_day(day: date) -> date:
    """The calendar day after ``day``."""
    return day + _ONE_DAY
