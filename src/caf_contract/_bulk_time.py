"""Europe/Paris for whole columns: UTC seconds to Paris days, Paris days to their first instant.

The rules read an instant as its Paris calendar day (:func:`caf_contract._time.paris_day`)
and answer a reminder at 00:00 Paris (:func:`caf_contract._time.start_of_paris_day`).
Here the same two conversions run over numpy arrays, from the list of Paris's changes
of offset read off Python's own ``zoneinfo`` (the database the rules use), so that a
column and a loop give the same days, the 1911 change from Paris Mean Time and the
war years included.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from caf_contract._time import PARIS

__all__ = [
    "EPOCH_ORDINAL",
    "HOUR",
    "SECONDS_PER_DAY",
    "TABLE_YEARS",
    "TURNING",
    "midnights",
    "paris_days",
    "paris_hours",
]

EPOCH_ORDINAL: Final = date(1970, 1, 1).toordinal()
"""The ordinal of 01/01/1970: numpy counts days from it, ``date.toordinal`` from 01/01/0001."""
SECONDS_PER_DAY: Final = 86_400
HOUR: Final = 3_600

# The changes are read for 1800–2201: the holiday data starts in 1803 and ends in 2100,
# and an instant out of those years is refused by the rules anyway.
_FIRST_YEAR: Final = 1800
_LAST_YEAR: Final = 2201
TABLE_YEARS: Final = (_FIRST_YEAR, _LAST_YEAR)
"""The first and last years of the tables of Paris's offsets, days and hours."""
# Probed once a week, each change then found to the second by bisection. No two
# changes of Paris's offset have ever been less than three months apart (the closest
# are 98 days apart); tests/test_bulk.py checks the list against a probe every day.
_PROBE_STEP: Final = 7 * SECONDS_PER_DAY

Int64s = npt.NDArray[np.int64]


class Clock(NamedTuple):
    """Paris's offsets over time, as arrays.

    ``changes[k]`` is the UTC second at which the offset becomes ``offsets[k + 1]``;
    ``offsets[0]`` holds before the first change. ``walls[k]`` is the wall-clock
    second (local time, counted like UTC seconds) from which a wall time is read with
    ``offsets[k + 1]`` when a skipped or repeated time is read as its first meaning
    (``fold=0``, as ``datetime.combine(day, time(0), tzinfo=PARIS)`` does).
    """

    changes: Int64s
    offsets: Int64s
    walls: Int64s


def _offset(second: int) -> int:
    moment = datetime.fromtimestamp(second, UTC).astimezone(PARIS)
    offset = moment.utcoffset()
    assert offset is not None  # noqa: S101  # PARIS always answers
    return int(offset.total_seconds())


@functools.cache
def clock() -> Clock:
    """The offsets of Europe/Paris over 1800–2201 (built once, about 50 ms)."""
    second = int(datetime(_FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(_LAST_YEAR + 1, 1, 1, tzinfo=UTC).timestamp())
    current = _offset(second)
    changes: list[int] = []
    offsets = [current]
    while second < end:
        following = second + _PROBE_STEP
        offset = _offset(following)
        if offset != current:
            low, high = second, following  # the change lies in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(middle) == current:
                    low = middle
                else:
                    high = middle
            changes.append(high)
            offsets.append(offset)
            current = offset
        second = following
    before = np.array(offsets[:-1], dtype=np.int64)
    after = np.array(offsets[1:], dtype=np.int64)
    at = np.array(changes, dtype=np.int64)
    return Clock(at, np.array(offsets, dtype=np.int64), at + np.maximum(before, after))


IRREGULAR: Final = -1
"""The threshold of a UTC day in which Paris's day turns twice (forward, then back)."""


@functools.cache
def _thresholds() -> tuple[int, npt.NDArray[np.int32]]:
    """For each UTC day of 1800–2201, the second of that day from which Paris is on the next day.

    Paris is never behind UTC and less than a day ahead, so an instant's Paris day is
    its UTC day or the one after; within a UTC day, the Paris day turns once, at its
    threshold. A change of offset inside a UTC day is taken into account: before it,
    the old offset holds; from it, the new one. A day in which Paris's day turns and
    turns back (the tz database's Paris of 2020, whose 1911 change came at 00:01
    local time) has the threshold :data:`IRREGULAR`, and its instants are read from the
    changes themselves. ``(first UTC day, thresholds)``.
    """
    changes, offsets, _ = clock()
    first = int(datetime(_FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp()) // SECONDS_PER_DAY
    last = int(datetime(_LAST_YEAR + 1, 1, 1, tzinfo=UTC).timestamp()) // SECONDS_PER_DAY
    starts = np.arange(first, last, dtype=np.int64) * SECONDS_PER_DAY
    at_start = offsets[np.searchsorted(changes, starts, side="right")]
    thresholds = (SECONDS_PER_DAY - at_start).astype(np.int32)
    for change, before, after in zip(
        changes.tolist(), offsets[:-1].tolist(), offsets[1:].tolist(), strict=True
    ):
        day, into = divmod(change, SECONDS_PER_DAY)
        # The seconds of that UTC day on the next Paris day: [86400 - before, into)
        # under the old offset, [max(into, 86400 - after), 86400) under the new one.
        early = (SECONDS_PER_DAY - before, into)
        late = max(into, SECONDS_PER_DAY - after)
        if early[0] < early[1] < late:  # the day turns, then turns back
            thresholds[day - first] = IRREGULAR
        else:
            thresholds[day - first] = early[0] if early[0] < early[1] else late
    return first, thresholds


@functools.cache
def _irregular() -> bool:
    """Whether any UTC day has the threshold :data:`IRREGULAR`."""
    return bool((_thresholds()[1] == IRREGULAR).any())


def paris_days(seconds: Int64s) -> Int64s:
    """The Paris calendar day (as a ``date`` ordinal) of each UTC second since 1970.

    Exact for 1800–2201; an instant outside is given a day of its UTC year's edge
    (the rules refuse such years anyway).
    """
    first, thresholds = _thresholds()
    days, into = np.divmod(seconds, SECONDS_PER_DAY)
    index = days - first
    if len(index) and (index.min() < 0 or index.max() >= len(thresholds)):
        np.clip(index, 0, len(thresholds) - 1, out=index)
    limits = thresholds[index]
    days += into >= limits
    days += EPOCH_ORDINAL
    if _irregular():
        odd = np.flatnonzero(limits == IRREGULAR)
        if len(odd):  # from the changes themselves: the offset in force at each instant
            changes, offsets, _ = clock()
            chosen = seconds[odd]
            local = chosen + offsets[np.searchsorted(changes, chosen, side="right")]
            days[odd] = np.floor_divide(local, SECONDS_PER_DAY) + EPOCH_ORDINAL
    return days


TURNING: Final = -1
"""The day of an hour in which Paris's day turns (:func:`paris_hours`)."""


@functools.lru_cache(maxsize=8)
def paris_hours(first_year: int, last_year: int) -> npt.NDArray[np.int32]:
    """The Paris day of each UTC hour of UTC years ``first_year`` to ``last_year`` (1800–2201).

    Item k is the hour from ``k`` hours after 00:00 UTC on 01/01 of ``first_year``;
    its value is its Paris day, counted in days from 01/01 of ``first_year``, or
    :data:`TURNING` when Paris's day turns within it. Since 1911 Paris's offsets are
    whole hours and its days turn on the hour; before, Paris Mean Time (+00:09:21)
    turned them inside an hour. An instant of a whole hour then has its Paris day by
    one look-up. Read-only (it is shared).
    """
    if not _FIRST_YEAR <= first_year <= last_year <= _LAST_YEAR:
        message = f"paris_hours: {first_year}–{last_year} hors de {_FIRST_YEAR}–{_LAST_YEAR}"
        raise ValueError(message)
    first, thresholds = _thresholds()
    start = date(first_year, 1, 1).toordinal() - EPOCH_ORDINAL  # a UTC day since 1970
    end = date(last_year + 1, 1, 1).toordinal() - EPOCH_ORDINAL
    hours = np.arange(start * 24, end * 24, dtype=np.int64)
    days = paris_days(hours * HOUR) - (start + EPOCH_ORDINAL)
    # The day turns within the hour when its UTC day's threshold falls strictly inside
    # it, or turns twice in that UTC day.
    limits = thresholds[hours // 24 - first]
    into = (hours % 24) * HOUR
    days[(limits == IRREGULAR) | ((limits > into) & (limits < into + HOUR))] = TURNING
    found = days.astype(np.int32)
    found.flags.writeable = False
    return found


def _midnights(ordinals: Int64s) -> Int64s:
    _, offsets, walls = clock()
    wall = (ordinals - EPOCH_ORDINAL) * SECONDS_PER_DAY
    seconds: Int64s = wall - offsets[np.searchsorted(walls, wall, side="right")]
    return seconds


@functools.cache
def _midnight_table() -> tuple[int, Int64s]:
    """00:00 Paris of every day of 1800–2201, as UTC seconds: ``(first ordinal, seconds)``."""
    first = date(_FIRST_YEAR, 1, 1).toordinal()
    last = date(_LAST_YEAR, 12, 31).toordinal()
    return first, _midnights(np.arange(first, last + 1, dtype=np.int64))


def midnights(ordinals: Int64s) -> Int64s:
    """The UTC second of 00:00 Paris on each day (``date`` ordinals), read as the rules read it.

    ``datetime.combine(day, time(0), tzinfo=PARIS)``: a midnight that a change of
    offset skipped or repeated is read with the offset before the change (``fold=0``).
    """
    first, table = _midnight_table()
    index = ordinals - first
    if len(index) and (index.min() < 0 or index.max() >= len(table)):
        # Out of 1800–2201, which the changes were read for: one by one, as the rules do.
        outside = (index < 0) | (index >= len(table))
        found = table[np.where(outside, 0, index)]
        for position in np.flatnonzero(outside).tolist():
            day = date.fromordinal(int(ordinals[position]))
            found[position] = int(datetime.combine(day, time(0), tzinfo=PARIS).timestamp())
        return found
    on_time: Int64s = table[index]
    return on_time
