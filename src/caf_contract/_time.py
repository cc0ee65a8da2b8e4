"""Time conventions shared by every rule: Europe/Paris, aware datetimes, Paris calendar days.

The contract is French: a day is a Paris calendar day. A naive datetime names no
instant and is refused; a ``date`` is read as a Paris calendar day.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Final
from zoneinfo import ZoneInfo

from caf_contract._format import PARIS as _PARIS
from caf_contract._format import day_text as french_day
from caf_contract.errors import InvalidValueError, NaiveDatetimeError

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

    from caf_contract.articles import Article

__all__ = [
    "PARIS",
    "UTC",
    "aware",
    "instant",
    "next_day",
    "optional_instant",
    "paris_day",
    "paris_ordinal",
    "plain_day",
    "refuse_missing",
    "shifted",
    "start_of_paris_day",
]

PARIS: Final = _PARIS
"""The contract's reference time zone."""

_ONE_DAY = timedelta(days=1)

# Python's dates stop at 01/01/0001 and 31/12/9999: an instant whose UTC or Paris
# time falls outside, or a day whose computed date does, is refused where it arises.
_FIRST = "01/01/0001"
_LAST = "31/12/9999"
# Paris is never behind UTC: only instants of the last day may have no Paris time.
_LAST_UTC_DAY = datetime(9999, 12, 31, tzinfo=UTC)


def _out_of_range_instant(field: str, value: datetime) -> InvalidValueError:
    return InvalidValueError(
        field,
        value,
        f"un instant compris, en UTC comme à l'heure de Paris, entre le {_FIRST} 00:00 "
        f"et le {_LAST} 23:59 (les limites des dates de Python)",
        problem="instant hors de la plage représentable",
        shown_as=value.isoformat(),
    )


def shifted(
    day: date,
    delta: timedelta | relativedelta,
    field: str,
    *,
    what: str,
    article: Article | None = None,
) -> date:
    """``day + delta``; refused when the result falls outside Python's dates.

    Args:
        day: the day given (at ``field``).
        delta: what is added (negative to go back).
        field: where ``day`` was given, for the error.
        what: the date computed, in French (``"la date de purge (+ six mois)"``).
        article: the article of the rule, for the error.

    Raises:
        InvalidValueError: the result is before 01/01/0001 or after 31/12/9999; the
            message gives the days that are accepted.

    >>> shifted(date(2026, 8, 31), timedelta(days=1), "day", what="le lendemain")
    datetime.date(2026, 9, 1)
    """
    # Out of range, timedelta raises OverflowError, relativedelta ValueError.
    with contextlib.suppress(OverflowError, ValueError):
        result: date = day + delta
        return result
    low, high = date.min, date.max
    with contextlib.suppress(OverflowError, ValueError):
        low = max(low, date.min - delta)
    with contextlib.suppress(OverflowError, ValueError):
        high = min(high, date.max - delta)
    raise InvalidValueError(
        field,
        day,
        f"une date entre le {french_day(low)} et le {french_day(high)}, pour que {what} reste "
        f"entre le {_FIRST} et le {_LAST} (les limites des dates de Python)",
        problem="date hors de la plage représentable",
        article=article,
        shown_as=french_day(day),
    )


def _is_aware(value: datetime, field: str = "value") -> bool:
    # A tzinfo that answers None for this instant is as naive as no tzinfo.
    return value.tzinfo is not None and offset_of(value, field) is not None


def offset_of(value: datetime, field: str) -> timedelta | None:
    """``value.utcoffset()``; refused when its tzinfo fails to give one.

    A tzinfo is code the caller brings: Python refuses an offset that is no
    ``timedelta`` or not within ± 24 hours, and a tzinfo of one's own may raise anything.
    """
    try:
        return value.utcoffset()
    except Exception:  # noqa: BLE001  # whatever the caller's tzinfo raises is bad input
        raise InvalidValueError(
            field,
            value,
            "un fuseau (tzinfo) dont utcoffset() donne un décalage de moins de 24 heures, "
            "par exemple ZoneInfo('Europe/Paris')",
            problem="fuseau horaire défaillant",
            shown_as=type(value.tzinfo).__name__,
        ) from None


_INSTANT_EXPECTED: Final = (
    "un instant avec son décalage horaire (tzinfo), par exemple 2026-11-23T10:00:00+01:00"
)


def refuse_missing(value: object, field: str, expected: str) -> None:
    """Refuse pandas' ``NaT`` (« not a time »), a ``datetime`` whose fields are missing.

    A data frame gives it for an empty cell of a date column: it is no naive datetime
    but no value at all, and is said so. Known by its type's name, so that pandas
    need not be imported (nor installed).

    Raises:
        InvalidValueError: ``value`` is ``NaT``: « valeur manquante ».
    """
    if type(value).__name__ == "NaTType":
        raise InvalidValueError(field, value, expected, problem="valeur manquante", shown_as="NaT")


def aware(value: object, field: str) -> datetime:
    """The instant ``value`` names, in UTC; refuse anything but an aware datetime.

    Instants are compared in UTC: Python compares two datetimes of the *same* zone
    by their wall-clock times, which is wrong around a DST change (02:30 on the
    second pass of the night is after 02:45 on the first).

    Raises:
        NaiveDatetimeError: a datetime without a usable UTC offset.
        InvalidValueError: not a datetime at all; or an instant whose UTC or Paris
            time is outside Python's dates (every instant is read in Paris, somewhere).

    >>> aware(datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS), "at").isoformat()
    '2026-10-25T01:30:00+00:00'
    """
    if not isinstance(value, datetime):
        raise InvalidValueError(field, value, "un datetime avec fuseau horaire")
    refuse_missing(value, field, _INSTANT_EXPECTED)
    if not _is_aware(value, field):
        raise NaiveDatetimeError(field, value)
    try:
        moment = value.astimezone(UTC)
        if moment >= _LAST_UTC_DAY:
            moment.astimezone(PARIS)
    except OverflowError:
        raise _out_of_range_instant(field, value) from None
    return moment


def instant(value: datetime) -> datetime:
    """Converter for attrs fields: an aware datetime in UTC; anything else left as is.

    What is left is then refused, with the field's name, by the ``is_aware``
    validator of :mod:`caf_contract._validate`.
    """
    candidate: object = value  # typed as the field is; checked as the input may be
    try:
        if isinstance(candidate, datetime) and _is_aware(candidate):
            return candidate.astimezone(UTC)
    except (OverflowError, InvalidValueError):
        pass  # no UTC time, or a failing tzinfo: the validator refuses it, naming the field
    return value


def optional_instant(value: datetime | None) -> datetime | None:
    """:func:`instant`, letting ``None`` through."""
    return None if value is None else instant(value)


# From 1800 to 2200 Paris is never behind UTC nor more than two hours ahead of it, and
# no change of its offset moves its clocks by more than an hour (tests/test_time.py
# checks both against the time zone data): the two facts paris_ordinal rests on.
_QUICK_FIRST_YEAR: Final = 1800
_QUICK_LAST_YEAR: Final = 2200
_LATEST_QUICK_UTC_HOUR: Final = 21  # 21:59 UTC is at most 23:59 in Paris


KNOWN_ZONES: Final = (ZoneInfo, timezone)
"""The zones whose offsets can be read unchecked and change as the tz database says (at
most once in a few hours): the tz database's, and fixed offsets; by exact type, as a
subclass or a tzinfo of one's own may do anything."""


def paris_ordinal(value: datetime) -> int:  # noqa: PLR0911  # one return per case
    """The ordinal of the Paris day of an aware datetime of 1800–2200; else 0.

    :func:`paris_day` for the fast paths, mostly without a time-zone conversion: a
    datetime in Paris time from 01:00 to 22:59 is on its own date (even a wall clock
    that a change of offset skipped, read an hour later or earlier), and an instant
    before 22:00 UTC is on its UTC date in Paris; only the others are converted.
    Anything else answers 0, which is no day (ordinals start at 1): a naive datetime,
    or a year outside 1800–2200. The caller then asks :func:`paris_day`, which refuses
    with its message.

    >>> from datetime import datetime, timezone
    >>> date.fromordinal(paris_ordinal(datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)))
    datetime.date(2026, 11, 24)
    >>> paris_ordinal(datetime(2026, 11, 23, 23, 30))  # naive
    0
    """
    if not _QUICK_FIRST_YEAR <= value.year <= _QUICK_LAST_YEAR:
        return 0
    zone = value.tzinfo
    if zone is PARIS and 0 < value.hour < 23:  # not the first and last hours
        return value.toordinal()
    if zone is UTC:
        moment = value
    elif type(zone) not in KNOWN_ZONES:
        return 0  # a tzinfo of one's own may fail: paris_day checks it
    else:
        try:
            offset = value.utcoffset()
        except ValueError:  # a zone file may hold any offset: paris_day says why not
            return 0
        if offset is None:  # naive: paris_day refuses it
            return 0
        moment = value - offset  # its UTC wall clock, whatever the zone it names
    if moment.hour <= _LATEST_QUICK_UTC_HOUR:
        return moment.toordinal()
    # Through UTC, as paris_day: a Paris wall clock that names no instant (23:30 on
    # 14/06/1916) is read as the instant it would name, 00:30 on the next day.
    return value.astimezone(UTC).astimezone(PARIS).toordinal()


def paris_day(value: object, field: str) -> date:
    """The Paris calendar day of an aware datetime, or the date itself.

    >>> from datetime import datetime, timezone
    >>> paris_day(datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc), "sent_at")
    datetime.date(2026, 11, 24)
    """
    if type(value) is date:
        return value
    if type(value) is datetime and (ordinal := paris_ordinal(value)):
        return date.fromordinal(ordinal)
    if isinstance(value, datetime):
        refuse_missing(value, field, "une date ou un datetime avec fuseau horaire")
        return aware(value, field).astimezone(PARIS).date()
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    raise InvalidValueError(field, value, "une date ou un datetime avec fuseau horaire")


def plain_day(value: object, field: str) -> date:
    """A calendar date and nothing else (a datetime is refused: it is not a day)."""
    refuse_missing(value, field, "une date (datetime.date), sans heure")
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidValueError(field, value, "une date (datetime.date), sans heure")
    return value if type(value) is date else date(value.year, value.month, value.day)


def start_of_paris_day(day: date) -> datetime:
    """00:00 Europe/Paris on ``day``, aware.

    >>> start_of_paris_day(date(2026, 12, 1)).isoformat()
    '2026-12-01T00:00:00+01:00'
    """
    return datetime.combine(day, time(0), tzinfo=PARIS)


def next_day(day: date, field: str = "day") -> date:
    """The calendar day after ``day`` (refused for 31/12/9999, the last of Python's dates)."""
    return shifted(day, _ONE_DAY, field, what="le lendemain")
