"""The rules over whole columns: numpy arrays, pandas and polars Series, Arrow arrays.

A Caf back-office applies the rules to tables: every request of a department's
partners, millions of traces each night. These functions give, row by row, the
answer of the rule of the same name of :mod:`caf_contract`, without a loop in
Python: the calendar's tables are read with numpy, the Paris day of each instant
from Paris's changes of offset, the retention cutoff once for all rows.

Install with ``pip install 'caf-contract[bulk]'`` (numpy). pandas, polars and
pyarrow are imported only when such a column is given.

- **Columns in**: numpy ``datetime64`` (days as ``[D]``; instants as UTC
  ``[s]``, ``[ms]``, ``[us]`` or ``[ns]``), pandas Series or Index (instants with a
  time zone; a column without one is refused, as a naive ``datetime`` is; dates as
  Python ``date`` objects), polars Series (``pl.Date``, ``pl.Datetime`` with a time
  zone), pyarrow arrays and chunked arrays (``date32``, ``timestamp`` with a time zone).
  An instant is read as its Paris calendar day, as the rules read it.
- **Columns out**, of the input's kind: a pandas Series keeps its index and name;
  instants come back in Europe/Paris time for pandas, polars and Arrow, as UTC
  ``datetime64`` for numpy; days as ``datetime64[D]``, ``pl.Date``, ``date32``, or
  ``date`` objects in a pandas Series. A null row gives a null answer (numpy's
  booleans and counts, which have no null, then come back as a masked array).
- **Departments**: ``department`` is one code (``"57"``) or a column of codes, one per
  row: a national batch mixes metropolitan, Alsace-Moselle and overseas Cafs.
- **Bad rows** (a year the holiday data does not cover, an unknown or missing
  department): ``errors="raise"`` (the default) raises one
  :class:`~caf_contract.errors.BadRowsError` naming the first and counting them;
  ``errors="coerce"`` answers null for them.

>>> import numpy as np
>>> from caf_contract import bulk
>>> sent = np.array(["2026-11-23T09:00", "2026-04-02T21:30"], dtype="datetime64[s]")  # UTC
>>> bulk.reminder_allowed_from(sent, department="57")
array(['2026-11-30T23:00:00', '2026-04-13T22:00:00'], dtype='datetime64[s]')

The first request may be followed up from 00:00 Paris on Tuesday 01/12/2026 (23:00
UTC the day before); the second, sent on Thursday 02/04/2026 in Moselle, skips Good
Friday and Easter Monday: from 00:00 on Tuesday 14/04.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

from caf_contract import parameters as _parameters
from caf_contract._bulk_time import (
    EPOCH_ORDINAL,
    HOUR,
    IRREGULAR,
    SECONDS_PER_DAY,
    TABLE_YEARS,
    TURNING,
    midnights,
    paris_days,
    paris_hours,
)
from caf_contract._bulk_time import _thresholds as _paris_thresholds
from caf_contract._columns import (
    PER_SECOND,
    SHORT_TEXT_KEY_LIMIT,
    Times,
    check_aligned,
    check_length,
    column_error,
    is_column,
    read_integers,
    read_labels,
    read_times,
    short_text_keys,
    text_key,
    unmasked,
    write_bools,
    write_days,
    write_instants,
    write_integers,
    write_ticks,
)
from caf_contract._format import shown, typed
from caf_contract._time import paris_day
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar, _supported_years, _Table
from caf_contract.errors import BadRowsError, CafContractError, InvalidValueError
from caf_contract.parameters import ParameterSet, resolve
from caf_contract.parties import DEPARTMENT_CODES, department_code

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "add_working_days",
    "habilitation_purgeable",
    "is_working_day",
    "reminder_allowed_from",
    "trace_purge_date",
    "trace_purgeable",
    "working_days_between",
]

Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Errors = Literal["raise", "coerce"]

_MIN_WORKING_DAYS_PER_YEAR: Final = 200  # a safe floor to size the years a count reaches
_LAST_ORDINAL: Final = date.max.toordinal()


# --- bad rows


@attrs.define
class _Rows:
    """The rows refused so far, with the reason of each kind of refusal."""

    field: str
    length: int
    bad: Bools = attrs.field(init=False)
    reasons: list[tuple[Bools, str, str, str]] = attrs.field(factory=list, init=False)

    def __attrs_post_init__(self) -> None:
        self.bad = np.zeros(self.length, dtype=np.bool_)

    def refuse(self, rows: Bools, problem: str, expected: str, *, field: str | None = None) -> None:
        """Refuse ``rows`` (those not refused already), for a fault of ``field``'s values."""
        new = rows & ~self.bad
        if new.any():
            self.bad |= new
            self.reasons.append((new, problem, expected, field or self.field))

    def settle(self, errors: Errors, article: Article | None) -> None:
        """Raise for the bad rows (``errors="raise"``): the first, and how many."""
        if errors == "coerce" or not self.reasons:
            return
        position = int(np.flatnonzero(self.bad)[0])
        for rows, problem, expected, field in self.reasons:
            if rows[position]:
                raise BadRowsError(
                    field, position, int(self.bad.sum()), problem, expected, article=article
                )
        raise AssertionError  # pragma: no cover  # the first bad row has its reason


def _errors(value: object) -> Errors:
    if value == "raise" or value == "coerce":  # noqa: PLR1714  # str only, not any equal value
        return value
    raise InvalidValueError("errors", value, '"raise" ou "coerce"')


def _check_years(days: Int64s, usable: Bools, rows: _Rows, field: str | None = None) -> None:
    """Refuse the rows whose day is in a year the holiday data does not cover."""
    first, last = _supported_years()
    low, high = date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal()
    if len(days) and low <= days.min() and days.max() <= high:
        return  # every day inside (a null row's 0 is not: then row by row)
    beyond = usable & (days <= 0)  # an instant past Python's dates has no day
    rows.refuse(
        beyond, "instant hors des dates de Python", "un instant des années 1 à 9999", field=field
    )
    outside = usable & ~beyond & ((days < low) | (days > high))
    if outside.any():
        year = _year_of(int(days[np.flatnonzero(outside)[0]]))
        rows.refuse(
            outside,
            f"jour en {year}, année non couverte par les jours fériés connus",
            f"une date entre {first} et {last}",
            field=field,
        )


def _year_of(ordinal: int) -> int:
    return date.fromordinal(ordinal).year if 1 <= ordinal <= _LAST_ORDINAL else 0


# --- days of a column


def _paris_ordinals(times: Times) -> Int64s:
    """The Paris day of each row (a ``date`` ordinal; 0 for a null row).

    By the hour when every row can be (:func:`_days_by_hour`), else by the UTC day's
    threshold. Instants out of 1800–2201, which the table of Paris's offsets does not
    hold, are read one by one by the rules' own :func:`~caf_contract._time.paris_day`.
    """
    if times.days:
        return times.values
    found = _days_by_hour(times, *TABLE_YEARS)
    if found is not None and found[2].min() != TURNING:  # every row by its hour
        ordinals = found[2].astype(np.int64)
        ordinals += date(found[0], 1, 1).toordinal()
        if times.null.any():
            ordinals[times.null] = 0
        return ordinals
    seconds = times.seconds()
    days = paris_days(seconds)
    first, thresholds = _paris_thresholds()
    low, high = first * SECONDS_PER_DAY, (first + len(thresholds)) * SECONDS_PER_DAY
    if len(seconds) and (seconds.min() < low or seconds.max() >= high):
        outside = ~times.null & ((seconds < low) | (seconds >= high))
        for position in np.flatnonzero(outside).tolist():
            days[position] = _one_paris_day(int(seconds[position]))
    if times.null.any():
        days[times.null] = 0
    return days


def _one_paris_day(second: int) -> int:
    """The Paris day of one UTC second, by the rules' own reading; 0 beyond Python's dates."""
    try:
        return paris_day(datetime.fromtimestamp(second, UTC), "instant").toordinal()
    except (OverflowError, ValueError, OSError):  # InvalidValueError is a ValueError
        return 0  # no day: refused by the caller as out of range


def _times_for(value: object, field: str, length: int | None) -> Times:
    """A column, or one date or aware datetime for every row (``length`` rows)."""
    if is_column(value) or length is None:
        times = read_times(value, field)
        if length is not None:
            check_length(len(times.values), field, length)
        return times
    day = _one_day(value, field)
    return Times(
        np.full(length, day, dtype=np.int64),
        np.zeros(length, dtype=np.bool_),
        "D",
        read_times(np.zeros(0, dtype="datetime64[D]"), field).shape,
    )


def _one_day(value: object, field: str) -> int:
    """The Paris day (ordinal) of one date, aware datetime or numpy ``datetime64``."""
    if isinstance(value, np.datetime64):
        one = read_times(np.array([value]), field)
        if one.null[0]:
            raise column_error(field, "NaT", "une date", "valeur manquante")
        return int(_paris_ordinals(one)[0])
    if not isinstance(value, date):
        raise InvalidValueError(field, value, "une date, un datetime avec fuseau ou une colonne")
    return paris_day(value, field).toordinal()


# --- calendars of the rows


@attrs.frozen
class _Calendars:
    """The working-day tables of the rows: ``tables[slots[i]]`` is row i's.

    Calendars that share a table (every metropolitan department, the three of
    Alsace-Moselle) share a slot. ``slots`` is None when every row has ``tables[0]``;
    a refused row has slot 0 and is marked bad.
    """

    tables: tuple[_Table, ...]
    slots: npt.NDArray[np.int8] | None = None


def _calendars(
    calendar: WorkingCalendar | None, department: object, length: int, rows: _Rows
) -> _Calendars:
    if calendar is not None and department is not None:
        raise InvalidValueError(
            "calendar",
            calendar,
            "calendar ou department, pas les deux (calendar porte déjà son département)",
            problem="deux calendriers donnés",
        )
    if calendar is not None:
        if not isinstance(calendar, WorkingCalendar):
            raise InvalidValueError("calendar", calendar, "un WorkingCalendar ou None")
        return _Calendars((calendar._table,))  # noqa: SLF001  # its tables, read in bulk
    department = unmasked(department)
    if department is None or not is_column(department):
        chosen = WorkingCalendar(department=department)  # type: ignore[arg-type]  # it checks
        return _Calendars((chosen._table,))  # noqa: SLF001
    if isinstance(department, np.ndarray) and department.ndim != 1:
        raise column_error(
            "department",
            f"tableau à {department.ndim} dimensions",
            "une colonne de codes de département, un par ligne",
            "pas une colonne",
        )
    keys = short_text_keys(department, length)
    if keys is not None:  # codes written as the library writes them: read by their bytes
        tables, slot_of_key = _national(
            tuple(WorkingCalendar(department=code)._table for code in _CODES)  # noqa: SLF001
        )
        slots = np.take(slot_of_key, keys, mode="clip")  # a key beyond: the last, -1
        lowest, highest = int(slots.min()), int(slots.max())
        if lowest == highest >= 0:  # one calendar for every row (metropolitan ones)
            return _Calendars((tables[lowest],))
        if lowest >= 0:  # else some code is not one: read and refused by its label
            return _Calendars(tables, slots)
    return _labelled_calendars(*read_labels(department, "department", length), rows)


_CODES: Final = tuple(sorted(DEPARTMENT_CODES))


@functools.lru_cache(maxsize=1)  # 16 MiB: the last one only
def _national(by_code: tuple[_Table, ...]) -> tuple[tuple[_Table, ...], npt.NDArray[np.int8]]:
    """The distinct tables of the departments, and the slot of each code's key.

    ``by_code`` holds each of ``_CODES``'s table; the slot of a code's
    :func:`~caf_contract._columns.text_key` is its table's (-1 for any other text).
    Keyed by the tables themselves: a :func:`~caf_contract.calendar.clear_caches` gives
    new ones, and a new answer.
    """
    tables: list[_Table] = []
    slot_of_key = np.full(SHORT_TEXT_KEY_LIMIT, -1, dtype=np.int8)
    for code, table in zip(_CODES, by_code, strict=True):
        slot_of_key[text_key(code)] = _slot(table, tables)
    slot_of_key.flags.writeable = False
    return tuple(tables), slot_of_key


def _slot(table: _Table, tables: list[_Table]) -> int:
    """The place of ``table`` in ``tables`` (by identity), where it is added if new."""
    for slot, known in enumerate(tables):
        if known is table:
            return slot
    tables.append(table)
    return len(tables) - 1


def _labelled_calendars(
    codes: npt.NDArray[np.integer[Any]], labels: list[object], rows: _Rows
) -> _Calendars:
    """The tables of a column of department codes; unknown and missing codes refused."""
    tables: list[_Table] = []
    slot_of_label = np.zeros(len(labels) + 1, dtype=np.int8)  # the last: a null label
    unknown = np.zeros(len(labels) + 1, dtype=np.bool_)
    missing = codes < 0  # -1: a null
    for index, label in enumerate(labels):
        if label is None:  # a null in a dictionary's values (Arrow)
            missing = missing | (codes == index)
            continue
        try:
            table = WorkingCalendar(department=department_code(label))._table  # noqa: SLF001
        except CafContractError:
            unknown[index] = True
            continue
        slot_of_label[index] = _slot(table, tables)
    expected = "un code de département en texte, « 57 » ou « 974 »"
    if missing.any():
        rows.refuse(missing, "département manquant", expected, field="department")
    for index in np.flatnonzero(unknown).tolist():  # one reason per unknown code, with it
        rows.refuse(
            codes == index,
            f"département inconnu ({_shown_label(labels[index])})",
            expected,
            field="department",
        )
    if not tables:
        tables.append(WorkingCalendar()._table)  # noqa: SLF001  # every row refused
    if len(tables) == 1:
        return _Calendars(tuple(tables))
    return _Calendars(tuple(tables), np.take(slot_of_label, codes))  # -1: the last


def _shown_label(label: object) -> str:
    """A department label as a file user reads it: « 99 », the number 57, 01/01/2026."""
    if isinstance(label, str):
        return typed(label)
    if isinstance(label, bool | np.bool_):
        return "la valeur vrai" if label else "la valeur faux"
    if isinstance(label, int | float | np.integer | np.floating):
        return f"le nombre {label}"
    if isinstance(label, date):
        return f"la date {label:%d/%m/%Y}"
    return shown(label)


@attrs.frozen(eq=False)
class _Window:
    """The working days of some tables over the same days (whole years), as flat arrays.

    For table c and day index i (from ``first``), cell ``c * size + i``: ``flags``
    says whether it is a working day and ``ranks`` counts the working days up to it
    (from the window's first day, included); ``working[c * width + r - 1]`` is table c's
    r-th working day of the window (an ordinal), and ``counts[c]`` how many it has.
    """

    first: int
    size: int
    width: int
    flags: npt.NDArray[np.uint8]
    ranks: npt.NDArray[np.int32]
    working: npt.NDArray[np.int32]
    counts: npt.NDArray[np.int32]

    def cells(self, days: Int64s, calendars: _Calendars, usable: Bools) -> Int64s:
        """The cell of each usable row's day in its calendar (0 for the others)."""
        index = days - self.first
        if not usable.all():
            index[~usable] = 0
        if calendars.slots is not None:
            index += calendars.slots.astype(np.int64) * self.size
        return index


def _window(tables: tuple[_Table, ...], first_year: int, last_year: int) -> _Window:
    """The window over those years (within the years covered), built once per tables and years.

    Built again when a table was emptied since (:func:`~caf_contract.calendar.clear_caches`):
    a calendar built before keeps its table, refilled from the holiday data of then.
    """
    return _window_of(_as_read(tables), first_year, last_year)


_ReadTables = tuple[tuple[_Table, int], ...]


def _as_read(tables: tuple[_Table, ...]) -> _ReadTables:
    """Each table with the times it was emptied: the key of what is read of them."""
    return tuple((table, table.emptied) for table in tables)


@functools.lru_cache(maxsize=16)
def _window_of(read: _ReadTables, first_year: int, last_year: int) -> _Window:
    """:func:`_window`, cached (``read``: :func:`_as_read` of the tables)."""
    tables = tuple(table for table, _ in read)
    lowest, highest = _supported_years()
    first_year, last_year = max(first_year, lowest), min(last_year, highest)
    first = date(first_year, 1, 1).toordinal()
    size = date(last_year, 12, 31).toordinal() - first + 1
    parts = []
    for table in tables:
        table.cover(first_year, last_year)
        base, _, cumulative, ordinals, _, flag_bytes = table.state
        start = first - base
        flags = np.frombuffer(flag_bytes, dtype=np.uint8)[start : start + size]
        counted = np.frombuffer(cumulative, dtype=np.int32)[start : start + size]
        before = int(counted[0]) - int(flags[0])  # working days of the table before the window
        days = np.frombuffer(ordinals, dtype=np.int32)[before : int(counted[-1])]
        parts.append((flags, counted - np.int32(before), days))
    width = max(len(days) for _, _, days in parts)
    working = np.zeros(len(parts) * width, dtype=np.int32)
    for slot, (_, _, days) in enumerate(parts):
        working[slot * width : slot * width + len(days)] = days
    return _Window(
        first,
        size,
        width,
        np.concatenate([flags for flags, _, _ in parts]),
        np.concatenate([ranks for _, ranks, _ in parts]),
        working,
        np.array([len(days) for _, _, days in parts], dtype=np.int32),
    )


def _positions(window: _Window, cells: Int64s, steps: Int64s | int) -> tuple[Int64s, Bools]:
    """Where add_working_days(day, n) of each cell's day is in ``working``, and whether it is there.

    n > 0: the n-th working day after the day, rank + n; n == 0: the day if it is
    worked (rank), else the next (rank + 1); n < 0: rank − n, less one if not worked.
    """
    flags = window.flags[cells].astype(np.int64)
    positions = window.ranks[cells].astype(np.int64) + steps - 1
    positions += (np.asarray(steps) <= 0) * (1 - flags)
    slots = cells // window.size
    inside = (positions >= 0) & (positions < window.counts[slots])
    positions[~inside] = 0
    return positions + slots * window.width, inside


@functools.lru_cache(maxsize=32)
def _after(window: _Window, n: int) -> npt.NDArray[np.int32]:
    """add_working_days(day, n) for every cell of the window (0 where the window ends first)."""
    cells = np.arange(len(window.flags), dtype=np.int64)
    positions, inside = _positions(window, cells, n)
    return np.where(inside, window.working[positions], 0).astype(np.int32)


def _working_days_after(
    calendars: _Calendars, days: Int64s, steps: Int64s | int, usable: Bools, rows: _Rows
) -> Int64s:
    """``add_working_days(day, n)`` of each usable row, as an ordinal (0 elsewhere).

    The window covers the rows' years and as many more as the largest count may reach;
    a row whose answer lies beyond the years the holiday data covers is refused. With
    one ``n`` for every row, each row is one look-up in the window's answers for n.
    """
    if not usable.any():
        return np.zeros(len(days), dtype=np.int64)
    chosen = days[usable]
    counted = np.asarray(steps)[usable] if isinstance(steps, np.ndarray) else np.array([steps])
    forward, backward = max(int(counted.max()), 0), max(-int(counted.min()), 0)
    first_year = _year_of(int(chosen.min())) - backward // _MIN_WORKING_DAYS_PER_YEAR - 1
    last_year = _year_of(int(chosen.max())) + forward // _MIN_WORKING_DAYS_PER_YEAR + 1
    window = _window(calendars.tables, first_year, last_year)
    cells = window.cells(days, calendars, usable)
    if isinstance(steps, np.ndarray) or len(cells) < len(window.flags):
        # Row by row: n per row, or fewer rows than cells in the window.
        positions, inside = _positions(window, cells, steps)
        answers = np.where(inside, window.working[positions], 0).astype(np.int64)
    else:  # the window's answers for n, computed once, then looked up
        answers = _after(window, steps)[cells].astype(np.int64)
    answers[~usable] = 0
    lost = usable & (answers == 0)
    if lost.any():
        first, last = _supported_years()
        rows.refuse(
            lost,
            "le jour ouvré cherché tombe hors des années couvertes par les jours fériés connus",
            f"un résultat entre {first} et {last}",
        )
    return answers


# --- parameters of the rows


def _in_force(
    parameters: ParameterSet | None, days: Int64s
) -> tuple[list[ParameterSet], Int64s | None]:
    """The parameter sets of the rows: the one given, or each row's in force on its day."""
    single = _single_set(parameters)
    if single is not None:
        return [single], None
    sets = _parameters._SETS  # noqa: SLF001  # the dated sets, read in bulk
    changes = np.array([day.toordinal() for day in _parameters._CHANGES], dtype=np.int64)  # noqa: SLF001
    return list(sets), np.maximum(np.searchsorted(changes, days, side="right") - 1, 0)


def _single_set(parameters: ParameterSet | None) -> ParameterSet | None:
    """The parameter set of every row: the one given, or the only dated one; else None."""
    if parameters is not None:
        return resolve(parameters)
    sets = _parameters._SETS  # noqa: SLF001  # the dated sets, read in bulk
    return sets[0] if len(sets) == 1 else None


def _per_row(
    parameters: ParameterSet | None, days: Int64s, value: Callable[[ParameterSet], int]
) -> Int64s | int:
    """A parameter's value for each row: one number when it is the same for every row."""
    sets, which = _in_force(parameters, days)
    if which is None:
        return value(sets[0])
    return np.array([value(chosen) for chosen in sets], dtype=np.int64)[which]


@attrs.frozen
class _Read:
    """A column of days or instants read, with the calendars of its rows."""

    times: Times
    rows: _Rows
    ordinals: Int64s
    chosen: _Calendars
    usable: Bools


def _read_days(
    value: object, field: str, calendar: WorkingCalendar | None, department: object
) -> _Read:
    """``value`` read as Paris days, each row's calendar found, bad years refused."""
    return _days_read(*_read_rows(value, field, calendar, department))


def _read_rows(
    value: object, field: str, calendar: WorkingCalendar | None, department: object
) -> tuple[Times, _Rows, _Calendars]:
    """``value`` read as a column, and each row's calendar found (unknown departments refused)."""
    times = read_times(value, field)
    rows = _Rows(field, len(times.values))
    check_aligned(department, times.shape, "department")
    return times, rows, _calendars(calendar, department, len(times.values), rows)


def _days_read(times: Times, rows: _Rows, chosen: _Calendars) -> _Read:
    """The Paris day of each row read, bad years refused."""
    ordinals = _paris_ordinals(times)
    _check_years(ordinals, ~times.null, rows)
    return _Read(times, rows, ordinals, chosen, ~times.null & ~rows.bad)


# --- the rules


def is_working_day(
    days: object,
    *,
    calendar: WorkingCalendar | None = None,
    department: object = None,
    errors: Errors = "raise",
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """:meth:`WorkingCalendar.is_working_day` of each row.

    >>> import numpy as np
    >>> days = np.array(["2026-04-03", "2026-04-07"], dtype="datetime64[D]")
    >>> is_working_day(days, department=np.array(["75", "57"]))
    array([ True,  True])
    >>> is_working_day(days, department="57")  # Good Friday in Moselle
    array([False,  True])
    """
    mode = _errors(errors)
    read = _read_days(days, "days", calendar, department)
    times, ordinals, chosen, usable = read.times, read.ordinals, read.chosen, read.usable
    read.rows.settle(mode, Article.ART_3_3)
    flags = np.zeros(len(ordinals), dtype=np.bool_)
    if usable.any():
        chosen_days = ordinals[usable]
        window = _window(
            chosen.tables, _year_of(int(chosen_days.min())), _year_of(int(chosen_days.max()))
        )
        flags = window.flags[window.cells(ordinals, chosen, usable)].astype(np.bool_) & usable
    return write_bools(flags, ~usable, times.shape)


def add_working_days(
    days: object,
    n: object,
    *,
    calendar: WorkingCalendar | None = None,
    department: object = None,
    errors: Errors = "raise",
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """:meth:`WorkingCalendar.add_working_days` of each row: the ``n``-th working day after it.

    ``n`` is one whole number or a column of them (``n == 0``: the day itself if it is
    a working day, else the next; ``n < 0``: before).

    >>> import numpy as np
    >>> days = np.array(["2026-12-24", "2026-11-23"], dtype="datetime64[D]")
    >>> add_working_days(days, np.array([1, 5]))
    array(['2026-12-28', '2026-11-30'], dtype='datetime64[D]')
    """
    mode = _errors(errors)
    read = _read_days(days, "days", calendar, department)
    times, rows = read.times, read.rows
    check_aligned(n, times.shape, "n")
    steps = read_integers(n, "n", len(times.values))
    usable = read.usable & ~steps.null
    # One n for every row: the window's answers for n, computed once, then looked up.
    counts = steps.values if is_column(n) else int(n)  # type: ignore[call-overload]  # checked
    answers = _working_days_after(read.chosen, read.ordinals, counts, usable, rows)
    rows.settle(mode, Article.ART_3_3)
    return write_days(answers, ~usable | rows.bad, times.shape)


def working_days_between(
    start: object,
    end: object,
    *,
    calendar: WorkingCalendar | None = None,
    department: object = None,
    errors: Errors = "raise",
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """:meth:`WorkingCalendar.working_days_between` of each row: working days in ``(start, end]``.

    Either may be one date (or aware datetime) for every row.

    >>> import numpy as np
    >>> starts = np.array(["2026-12-24", "2026-11-23"], dtype="datetime64[D]")
    >>> from datetime import date
    >>> working_days_between(starts, date(2027, 1, 4))
    array([ 5, 28])
    """
    mode = _errors(errors)
    length = len(read_times(start, "start").values) if is_column(start) else None
    if length is None:
        ends = _times_for(end, "end", None)
        starts = _times_for(start, "start", len(ends.values))
        shape = ends.shape
    else:
        starts = _times_for(start, "start", None)
        check_aligned(end, starts.shape, "end")
        ends = _times_for(end, "end", length)
        shape = starts.shape
    rows = _Rows("start", len(starts.values))
    first_days, last_days = _paris_ordinals(starts), _paris_ordinals(ends)
    check_aligned(department, shape, "department")
    chosen = _calendars(calendar, department, len(first_days), rows)
    present = ~starts.null & ~ends.null
    _check_years(first_days, present, rows)
    _check_years(last_days, present, rows, field="end")
    usable = present & ~rows.bad
    rows.settle(mode, Article.ART_3_3)
    counts = np.zeros(len(first_days), dtype=np.int64)
    if usable.any():
        low = int(np.minimum(first_days, last_days)[usable].min())
        high = int(np.maximum(first_days, last_days)[usable].max())
        window = _window(chosen.tables, _year_of(low), _year_of(high))
        first_ranks = window.ranks[window.cells(first_days, chosen, usable)].astype(np.int64)
        last_ranks = window.ranks[window.cells(last_days, chosen, usable)]
        counts = last_ranks - first_ranks
        counts[~usable] = 0
    return write_integers(counts, ~usable, shape)


def reminder_allowed_from(
    sent_at: object,
    *,
    calendar: WorkingCalendar | None = None,
    department: object = None,
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """:func:`caf_contract.reminder_allowed_from` of each row (Art. 3.3).

    00:00 Paris on the day after the 5th working day following the Paris day of
    sending, in the calendar of the row's department.

    >>> import pandas as pd
    >>> sent = pd.Series(pd.to_datetime(["2026-11-23 10:00", "2026-04-02 12:00"]))
    >>> sent = sent.dt.tz_localize("Europe/Paris")
    >>> print(reminder_allowed_from(sent, department=pd.Series(["75", "57"])).to_string())
    0   2026-12-01 00:00:00+01:00
    1   2026-04-14 00:00:00+02:00
    """
    mode = _errors(errors)
    times, rows, chosen = _read_rows(sent_at, "sent_at", calendar, department)
    delay = _one_value(parameters, _reminder_delay)
    if delay is not None and not rows.reasons:
        answers = _reminders_by_hour(times, chosen, delay)
        if answers is not None:
            return write_ticks(answers, times.null, times.shape)
    read = _days_read(times, rows, chosen)
    ordinals, usable = read.ordinals, read.usable
    delays = _per_row(parameters, ordinals, _reminder_delay)
    last = _working_days_after(chosen, ordinals, delays, usable, rows)
    rows.settle(mode, Article.ART_3_3)
    unanswered = ~usable | rows.bad
    last += 1
    if unanswered.any():
        last[unanswered] = EPOCH_ORDINAL
    return write_instants(midnights(last), unanswered, times.shape)


def _reminder_delay(chosen: ParameterSet) -> int:
    return chosen.reminder_delay.value


def _one_value(parameters: ParameterSet | None, value: Callable[[ParameterSet], int]) -> int | None:
    """A parameter's value when it is the same for every day; None when it changes over time."""
    single = _single_set(parameters)
    sets = [single] if single is not None else _parameters._SETS  # noqa: SLF001  # dated sets
    values = {value(chosen) for chosen in sets}
    return values.pop() if len(values) == 1 else None


# --- reminders by the hour: one look-up a row

_HOURLY_YEARS: Final = 40
"""The widest span of years (of the rows' UTC instants) read by the hour."""
_ASK: Final = np.iinfo(np.int64).min
"""In a table of answers: the row must be read day by day (its hour turns, or its
answer falls out of the years the holiday data covers)."""


def _reminders_by_hour(times: Times, chosen: _Calendars, delay: int) -> Int64s | None:
    """Each row's reminder instant (UTC ticks of its unit) read by the hour of its sending.

    Since 1911, Paris's days turn on the hour: an instant's Paris day, and so its
    reminder instant, is that of its UTC hour. Each row is then one look-up, in the
    table of the hours of its years (:func:`~caf_contract._bulk_time.paris_hours`) and
    in the answers for those days (:func:`_hourly_answers`). None when some row cannot
    be read so (an hour in which Paris's day turns, a year out of the holiday data, an
    answer beyond it): the caller then reads every row day by day, bad rows refused.
    """
    lowest, highest = _supported_years()
    found = _days_by_hour(times, lowest, highest)
    if found is None:
        return None
    first_year, last_year, days = found
    if chosen.slots is not None:
        days *= len(chosen.tables)
        days += chosen.slots
    table = _hourly_answers(_as_read(chosen.tables), first_year, last_year, delay, times.unit)
    answers: Int64s = np.take(table.answers, days)
    if table.may_ask and answers.min() == _ASK:
        return None
    return answers


def _days_by_hour(
    times: Times, lowest: int, highest: int
) -> tuple[int, int, npt.NDArray[np.int32]] | None:
    """Each row's Paris day by its UTC hour: ``(first year, last year, days)``.

    The rows' UTC years, within ``lowest`` to ``highest``; each row's Paris day
    counted from 01/01 of the first (:func:`~caf_contract._bulk_time.paris_hours`:
    :data:`~caf_contract._bulk_time.TURNING` where Paris's day turns within its hour;
    a null row has the first hour's day). None for days, no row but nulls, or years
    out of those or over :data:`_HOURLY_YEARS`.
    """
    if times.days or not len(times.values):
        return None
    ticks, null = times.values, times.null
    nulls = bool(null.any())
    present = ticks[~null] if nulls else ticks
    if not len(present):
        return None
    per_second = PER_SECOND[times.unit]
    low, high = int(present.min()) // per_second, int(present.max()) // per_second
    years = _utc_years(low, high, lowest, highest)
    if years is None:
        return None
    first_year, last_year = years
    start = (date(first_year, 1, 1).toordinal() - EPOCH_ORDINAL) * SECONDS_PER_DAY * per_second
    hours = ticks - start
    hours //= HOUR * per_second
    if nulls:
        hours[null] = 0
    return first_year, last_year, np.take(paris_hours(first_year, last_year), hours)


def _utc_years(low: int, high: int, lowest: int, highest: int) -> tuple[int, int] | None:
    """The UTC years of seconds ``low`` and ``high``; None unless both are in those years.

    None too when they are :data:`_HOURLY_YEARS` or more apart.
    """
    begin = (date(lowest, 1, 1).toordinal() - EPOCH_ORDINAL) * SECONDS_PER_DAY
    end = (date(highest + 1, 1, 1).toordinal() - EPOCH_ORDINAL) * SECONDS_PER_DAY
    if not begin <= low <= high < end:
        return None
    first_year = datetime.fromtimestamp(low, UTC).year
    last_year = datetime.fromtimestamp(high, UTC).year
    return (first_year, last_year) if last_year - first_year < _HOURLY_YEARS else None


@attrs.frozen(eq=False)
class _Hourly:
    """The reminder instant of a request sent on each Paris day, in each table.

    ``answers[day * len(tables) + slot]``: the day counted from 01/01 of the first year
    (to 01/01 after the last, the last Paris day of those UTC years), in
    ``tables[slot]``; then one more row, read for an hour whose day turns
    (:data:`~caf_contract._bulk_time.TURNING`, -1, reads the last row). UTC ticks;
    :data:`_ASK` where the rows must be read day by day. ``may_ask``: whether any row
    can meet :data:`_ASK` (an hour that turns, before 1911; an answer beyond the
    holiday data); if not, no answer needs looking at again.
    """

    answers: Int64s
    may_ask: bool


@functools.lru_cache(maxsize=8)
def _hourly_answers(
    read: _ReadTables, first_year: int, last_year: int, delay: int, unit: str
) -> _Hourly:
    """:class:`_Hourly` for those tables (:func:`_as_read`), UTC years, delay and unit."""
    tables = tuple(table for table, _ in read)
    first = date(first_year, 1, 1).toordinal()
    count = date(last_year + 1, 1, 1).toordinal() - first + 1
    ordinals = np.arange(first, first + count, dtype=np.int64)
    # A year before, and as many after as the delay may reach (a negative delay, which
    # the parameters refuse, would only send its rows day by day).
    window = _window(
        tables, first_year - 1, last_year + 1 + max(delay, 0) // _MIN_WORKING_DAYS_PER_YEAR + 1
    )
    inside = (ordinals >= window.first) & (ordinals < window.first + window.size)
    after = _after(window, delay)
    answers = np.full((count + 1, len(tables)), _ASK, dtype=np.int64)
    for slot in range(len(tables)):
        cells = np.where(inside, ordinals - window.first + slot * window.size, 0)
        last = np.where(inside, after[cells], 0).astype(np.int64)
        found = last > 0
        answers[:count, slot][found] = midnights(last[found] + 1) * PER_SECOND[unit]
    turns = bool((paris_hours(first_year, last_year) == TURNING).any())
    flat = answers.reshape(-1)
    flat.flags.writeable = False
    return _Hourly(flat, turns or bool((answers[:count] == _ASK).any()))


# --- retention (Art. 5.3.2)


def _shifted_days(days: Int64s, period: relativedelta) -> tuple[Int64s, Bools]:
    """``day + period`` for each day (``date`` ordinals), and where it leaves Python's dates.

    Computed once for each day of the rows' range when it is shorter than the column
    (traces of a few years: a few thousand days), then looked up.
    """
    if len(days) > 1 and not _has_time(period):  # with a time: once per distinct day
        low, high = int(days.min()), int(days.max())
        if high - low < len(days):
            shifted, outside = _shifted_each(np.arange(low, high + 1, dtype=np.int64), period)
            index = days - low
            return np.take(shifted, index), np.take(outside, index)
    return _shifted_each(days, period)


def _has_time(period: relativedelta) -> bool:
    """Whether ``period`` has a part that numpy's months and days do not add as Python does."""
    return bool(
        period.hours or period.minutes or period.seconds or period.microseconds or period.leapdays
    )


def _shifted_each(days: Int64s, period: relativedelta) -> tuple[Int64s, Bools]:
    """:func:`_shifted_days`, day by day."""
    if _has_time(period):
        return _shifted_one_by_one(days, period)
    as_days = (days - EPOCH_ORDINAL).astype("datetime64[D]")
    months = as_days.astype("datetime64[M]")
    into = (as_days - months.astype("datetime64[D]")).astype(np.int64)
    target = months + np.timedelta64(12 * period.years + period.months, "M")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    result = (
        target.astype("datetime64[D]").astype(np.int64) + np.minimum(into, length - 1) + period.days
    )
    ordinals = result + EPOCH_ORDINAL
    outside = (ordinals < 1) | (ordinals > _LAST_ORDINAL)
    return np.where(outside, 0, ordinals), outside


def _shifted_one_by_one(days: Int64s, period: relativedelta) -> tuple[Int64s, Bools]:
    """:func:`_shifted_days` by ``date + relativedelta``, once per distinct day."""
    distinct, where = np.unique(days, return_inverse=True)
    answers = np.zeros(len(distinct), dtype=np.int64)
    for index, ordinal in enumerate(distinct.tolist()):
        try:
            answers[index] = (date.fromordinal(ordinal) + period).toordinal()
        except (ValueError, OverflowError):
            answers[index] = 0
    found = answers[where]
    return found, found == 0


def trace_purge_date(
    made_at: object, *, parameters: ParameterSet | None = None, errors: Errors = "raise"
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """:func:`caf_contract.trace_purge_date` of each row: its Paris day + 6 months (Art. 5.3.2).

    >>> import numpy as np
    >>> trace_purge_date(np.array(["2026-08-31T22:30"], dtype="datetime64[s]"))  # 1 Sept. in Paris
    array(['2027-03-01'], dtype='datetime64[D]')
    """
    mode = _errors(errors)
    times = read_times(made_at, "made_at")
    rows = _Rows("made_at", len(times.values))
    ordinals = _paris_ordinals(times)
    usable = ~times.null & (ordinals > 0)
    rows.refuse(
        ~times.null & ~usable, "instant hors des dates de Python", "un instant entre 0001 et 9999"
    )
    answers = np.zeros(len(ordinals), dtype=np.int64)
    sets, which = _in_force(parameters, ordinals)
    for index, chosen in enumerate(sets):
        mine = usable if which is None else usable & (which == index)
        shifted, outside = _shifted_days(ordinals[mine], chosen.trace_retention.value)
        answers[mine] = shifted
        beyond = np.zeros(len(ordinals), dtype=np.bool_)
        beyond[mine] = outside
        rows.refuse(beyond, "date de purge après le 31/12/9999", "une date de purge représentable")
    rows.settle(mode, Article.ART_5_3_2)
    return write_days(answers, times.null | rows.bad, times.shape)


def _purgeable(
    times: Times,
    as_of: object,
    parameters: ParameterSet | None,
    period: Callable[[ParameterSet], relativedelta],
) -> tuple[Bools, Bools]:
    """Whether each row's day + period is on or before its ``as_of``; and where ``as_of`` is null.

    The days purgeable on a day A are those up to its cutoff
    (:func:`caf_contract.retention.trace_retention_cutoff`): computed once per
    distinct ``as_of``. With one ``as_of`` and instants, an instant is purgeable when it
    comes before the first instant of the Paris day after the cutoff: one comparison
    per row, no day computed. A null row is not purgeable.
    """
    length = len(times.values)
    if is_column(as_of):
        check_aligned(as_of, times.shape, "as_of")
        as_of_times = _times_for(as_of, "as_of", length)
        distinct, where = np.unique(_paris_ordinals(as_of_times), return_inverse=True)
        unknown = as_of_times.null
    else:
        distinct, where = np.array([_one_day(as_of, "as_of")]), None
        unknown = np.zeros(length, dtype=np.bool_)
    chosen = _single_set(parameters)
    if chosen is not None:  # one period for every row
        cutoffs = np.array([_cutoff(day, period(chosen)) for day in distinct.tolist()])
        if where is None:
            if times.days:
                flags = times.values <= cutoffs[0]
            else:
                first_out = _first_second_after(int(cutoffs[0]))
                if first_out is None:
                    flags = _on_or_before(_paris_ordinals(times), cutoffs[0])
                else:  # an instant after 9999 comes after it too: not purgeable
                    flags = times.values < first_out * PER_SECOND[times.unit]
        else:
            flags = _on_or_before(_paris_ordinals(times), cutoffs[where])
    else:
        days = _paris_ordinals(times)
        sets, which = _in_force(None, days)
        flags = np.zeros(length, dtype=np.bool_)
        for index, chosen in enumerate(sets):
            cutoffs = np.array([_cutoff(day, period(chosen)) for day in distinct.tolist()])
            flags |= (which == index) & _on_or_before(days, cutoffs[0 if where is None else where])
    if times.null.any():
        flags &= ~times.null
    return flags, unknown


def _on_or_before(days: Int64s, cutoffs: Int64s | int) -> Bools:
    """Whether each day is on or before its cutoff; never a day of 0 (not a date of Python's)."""
    flags: Bools = (days > 0) & (days <= cutoffs)
    return flags


def _beyond_python_dates(times: Times) -> Bools | None:
    """The rows (not null) refused as not one of Python's dates: before 0001, after 9999.

    Days, all of them. Instants, when one comes before 1800: then each is read. An
    instant after 9999 with none before 1800 is not looked for (one pass less over the
    column): every reading answers it « not purgeable », as it comes after any cutoff.
    """
    values = times.values
    if times.days:
        found = ~times.null & ((values <= 0) | (values > _LAST_ORDINAL))
        return found if found.any() else None
    first_day = date(TABLE_YEARS[0], 1, 1).toordinal() - EPOCH_ORDINAL
    low = first_day * SECONDS_PER_DAY * PER_SECOND[times.unit]
    if not len(values) or low <= values.min():  # a null row holds 0: 1970
        return None
    found = ~times.null & (_paris_ordinals(times) <= 0)
    return found if found.any() else None


def _refused_beyond(times: Times, field: str, errors: Errors) -> Bools | None:
    """The rows outside Python's dates, refused (``errors="raise"``) or answered null."""
    beyond = _beyond_python_dates(times)
    if beyond is None:
        return None
    rows = _Rows(field, len(times.values))
    rows.refuse(
        beyond,
        "instant hors des dates de Python" if not times.days else "jour hors des dates de Python",
        "une date des années 1 à 9999",
    )
    rows.settle(errors, Article.ART_5_3_2)
    return beyond


def _cutoff(as_of: int, period: relativedelta) -> int:
    """The latest day purgeable on ``as_of`` (ordinals); 0 when none is (or no as_of)."""
    from caf_contract.retention import _cutoff as cutoff  # noqa: PLC0415  # retention imports calendar

    if as_of <= 0:
        return 0
    try:
        return cutoff(date.fromordinal(as_of), _Period(period)).toordinal()  # type: ignore[arg-type]
    except InvalidValueError:  # as_of − period before 01/01/0001: nothing purgeable yet
        return 0


@attrs.frozen
class _Period:
    """What ``retention._cutoff`` reads of a parameter: its value and its wording."""

    value: relativedelta
    wording: str = "la durée de conservation"


def _first_second_after(cutoff: int) -> int | None:
    """The first UTC second whose Paris day is after ``cutoff``; None outside 1800–2201.

    Paris's day of an instant does not go back (each UTC day turns once, at its
    threshold): the instants of days up to ``cutoff`` are exactly those before it.
    None too when the day after ``cutoff`` begins in a UTC day that turns twice.
    """
    first, thresholds = _paris_thresholds()
    utc_day = cutoff - EPOCH_ORDINAL  # the next Paris day begins during this UTC day
    if not 0 <= utc_day - first < len(thresholds):
        return None
    threshold = int(thresholds[utc_day - first])
    if threshold == IRREGULAR:  # the day turns and turns back: no one instant divides
        return None
    return utc_day * SECONDS_PER_DAY + threshold


def _trace_period(chosen: ParameterSet) -> relativedelta:
    return chosen.trace_retention.value


def _habilitation_period(chosen: ParameterSet) -> relativedelta:
    return chosen.habilitation_retention.value


def trace_purgeable(
    made_at: object,
    as_of: object,
    *,
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """Whether each trace may be purged on ``as_of``: its :func:`trace_purge_date` ≤ ``as_of``.

    ``as_of`` is one date (or aware datetime) or a column. A trace made after
    ``as_of`` is not purgeable (:func:`caf_contract.retention.may_purge_trace` refuses
    to judge it). A null ``made_at`` gives null. An instant whose Paris day is not one
    of Python's dates is a bad row (``errors``) when it comes before year 1; after
    9999, it is not purgeable.

    >>> import numpy as np
    >>> from datetime import date
    >>> made = np.array(["2026-08-31T21:59", "2026-08-31T22:00"], dtype="datetime64[s]")
    >>> trace_purgeable(made, date(2027, 2, 28))  # 31/08 and 01/09 in Paris
    array([ True, False])
    """
    mode = _errors(errors)
    times = read_times(made_at, "made_at")
    beyond = _refused_beyond(times, "made_at", mode)
    flags, unknown = _purgeable(times, as_of, parameters, _trace_period)
    null = times.null | unknown if unknown.any() else times.null
    if beyond is not None:
        flags, null = flags & ~beyond, null | beyond
    return write_bools(flags, null, times.shape)


def habilitation_purgeable(
    devalidated_on: object,
    as_of: object,
    *,
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> Any:  # noqa: ANN401  # a column of the input's kind
    """Whether the data of each habilitation may be purged on ``as_of`` (Art. 5.3.2).

    ``devalidated_on`` is the day of dévalidation (null: the habilitation is not
    dévalidée, and is never purgeable: False); purgeable on and after that day + 6
    years.

    >>> import numpy as np
    >>> from datetime import date
    >>> ended = np.array(["2024-02-29", "NaT"], dtype="datetime64[D]")
    >>> habilitation_purgeable(ended, date(2030, 2, 28))
    array([ True, False])
    """
    mode = _errors(errors)
    times = read_times(devalidated_on, "devalidated_on")
    beyond = _refused_beyond(times, "devalidated_on", mode)
    flags, unknown = _purgeable(times, as_of, parameters, _habilitation_period)
    if beyond is not None:
        flags, unknown = flags & ~beyond, unknown | beyond
    return write_bools(flags, unknown, times.shape)
