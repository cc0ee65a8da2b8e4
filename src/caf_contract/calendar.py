"""French working days, by department (Art. 3.3: « un délai de 5 jours ouvrés »).

:class:`WorkingCalendar` counts *jours ouvrés* (Monday–Friday that are not public
holidays) by default, or *jours ouvrables* (Monday–Saturday) on request. Public
holidays are exactly those of the ``holidays`` package for France, with the
subdivision of the department:

- ``"57"`` Moselle and ``"67"`` / ``"68"`` Alsace (subdivision ``6AE``): Good Friday
  and 26 December;
- ``"971"`` to ``"976"``: the overseas days (abolition of slavery and others;
  Saint-Pierre-et-Miquelon, ``"975"``, has the metropolitan ones);
- any other department: metropolitan France.

The package treats Lundi de Pentecôte as worked in 2005–2007 (the *journée de
solidarité* years) and as a holiday otherwise; ``pentecost_monday_worked=True``
treats it as worked in every year. Extra closure days may be added.

Tables of working days are built lazily, per range of years, on first use (never
at import); afterwards :meth:`~WorkingCalendar.add_working_days` and
:meth:`~WorkingCalendar.working_days_between` are a few list look-ups each.

>>> from datetime import date
>>> paris, metz = WorkingCalendar(), WorkingCalendar(department="57")
>>> paris.is_working_day(date(2026, 4, 3)), metz.is_working_day(date(2026, 4, 3))
(True, False)
>>> paris.add_working_days(date(2026, 12, 24), 1)
datetime.date(2026, 12, 28)
>>> metz.add_working_days(date(2026, 12, 24), 1)
datetime.date(2026, 12, 28)
>>> paris.working_days_between(date(2026, 11, 23), date(2026, 11, 30))
5
"""

from __future__ import annotations

import enum
import threading
import weakref
from array import array
from datetime import date, datetime, timedelta
from itertools import accumulate, compress
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Self, TypeVar

import attrs
from dateutil.easter import easter

from caf_contract._calendar_html import calendar_rows, month_grid
from caf_contract._html import Shown
from caf_contract._time import paris_day, paris_ordinal, plain_day
from caf_contract._validate import is_bool, parse_enum, tuple_of, whole_number
from caf_contract.articles import Article
from caf_contract.errors import InvalidValueError, UnsupportedYearError
from caf_contract.parties import department_code

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = ["CalendarDay", "DayKind", "WorkingCalendar", "clear_caches", "holiday_subdivision"]


class DayKind(enum.StrEnum):
    """Which days count: *jours ouvrés* (the contract's) or *jours ouvrables*."""

    OUVRES = "ouvrés"
    """Monday to Friday, public holidays excepted (Art. 3.3)."""
    OUVRABLES = "ouvrables"
    """Monday to Saturday, public holidays excepted."""


class CalendarDay(NamedTuple):
    """One day of a calendar as a table row (:meth:`WorkingCalendar.table`), for SQL engines.

    The rank turns working-day arithmetic into a look-up: for n > 0, the n-th working
    day strictly after ``day`` is the working day whose rank is ``rank + n``, and
    ``working_days_between(a, b)`` is the rank of ``b`` less the rank of ``a``.
    """

    day: date
    """The calendar day."""
    working: bool
    """Whether it is a working day."""
    rank: int
    """The working days from the table's first day up to this day, itself included."""
    holiday: str | None
    """The public holiday's French name, « Fermeture de la Caf » for one of the calendar's
    extra closures, ``None`` for any other day (a weekend too)."""


_CLOSURE: Final = "Fermeture de la Caf"  # CalendarDay.holiday of an extra closure

# The holidays package knows Alsace as « 6AE »: it rejects 67 and 68.
_SUBDIVISIONS: Final[Mapping[str, str]] = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "975": "PM",
    "976": "976",
}


def holiday_subdivision(department: str | None) -> str | None:
    """The ``holidays`` subdivision for a department (``None``: metropolitan France).

    >>> holiday_subdivision("67"), holiday_subdivision("82")
    ('6AE', None)
    """
    if department is None:
        return None
    return _SUBDIVISIONS.get(department_code(department))


# --- holiday data


def _supported_years() -> tuple[int, int]:
    """The years the installed ``holidays`` package covers for France."""
    # ~40 ms: imported only when a table is first needed.
    from holidays.countries.france import France  # noqa: PLC0415

    return int(France.start_year), int(France.end_year)


_PENTECOST_MONDAY: Final = timedelta(days=50)


def _holidays_of(
    subdivision: str | None, years: range, *, pentecost_monday_worked: bool
) -> dict[int, dict[date, str]]:
    """Public holidays by year, names in French; a year with none is refused."""
    from holidays import country_holidays  # noqa: PLC0415  # see _supported_years

    first, last = _supported_years()
    for year in years:
        if not first <= year <= last:
            raise UnsupportedYearError(year, first, last, article=Article.ART_3_3)
    # language="fr": names follow the machine's locale otherwise.
    data = country_holidays("FR", subdiv=subdivision, years=years, language="fr")
    by_year: dict[int, dict[date, str]] = {year: {} for year in years}
    for day, name in data.items():
        by_year[day.year][day] = name
    for year, days in by_year.items():
        # The package answers silently with no holiday for a year it does not
        # cover; every French year has at least Christmas, so none means unknown.
        if not days:
            raise UnsupportedYearError(year, first, last, article=Article.ART_3_3)
        if pentecost_monday_worked:
            monday = easter(year) + _PENTECOST_MONDAY
            names = data.get_list(monday)
            # Keep the day when it is also another holiday (Guyane, 10 June 2019).
            if names and all("pentec" in name.casefold() for name in names):
                del days[monday]
    return by_year


# --- tables


# One table, read whole by the fast paths: a plain tuple, unpacked in one step (a
# snapshot). Every call takes the table's state once and reads only that snapshot:
# another thread may replace the state (an extension) or empty the table
# (``clear_caches``) at any moment, never change the snapshot. Its items:
#
# - base: the ordinal of its first day;
# - size: how many days it holds;
# - cumulative: for each day, the working days up to it, itself included;
# - working: the ordinals of the working days, in order;
# - count: how many working days it holds;
# - flags: for each day, 1 if it is a working day, else 0.
#
# Compact: 4 bytes a day, 4 a working day and 1 a day, about 0.9 MB for 1803-2100 (a
# list of dates took 6 to 7 MB); a working day is made a date only when answered.
_State = tuple[int, int, "array[int]", "array[int]", int, bytes]

_EMPTY: Final[_State] = (0, 0, array("i"), array("i"), 0, b"")

_day_of: Final = date.fromordinal


def _years(state: _State) -> tuple[int, int]:
    """The first and last years a table holds; ``(0, -1)`` for the empty table."""
    base, size, *_ = state
    if not size:
        return 0, -1
    return _day_of(base).year, _day_of(base + size - 1).year


# Years built around the first year asked for; later extensions grow by at least this.
_MARGIN_BEFORE: Final = 5
_MARGIN_AFTER: Final = 15
_MIN_WORKING_DAYS_PER_YEAR: Final = 200  # a safe floor to size forward extensions


class _HolidayBook:
    """The public holidays of one subdivision (and Pentecost option), by year, filled on demand.

    Shared by every table of that subdivision, whatever their closures or kind.
    """

    __slots__ = ("_lock", "key", "years")

    def __init__(self, key: _BookKey) -> None:
        self.key = key
        self._lock = threading.Lock()
        self.years: dict[int, dict[date, str]] = {}

    def reset(self) -> None:
        with self._lock:
            self.years = {}

    def cover(self, first: int, last: int) -> dict[int, dict[date, str]]:
        """The holidays of years ``first`` to ``last`` (and of every year loaded before)."""
        with self._lock:
            missing = [year for year in range(first, last + 1) if year not in self.years]
            if missing:
                subdivision, pentecost_worked = self.key
                self.years = self.years | _holidays_of(
                    subdivision,
                    range(missing[0], missing[-1] + 1),
                    pentecost_monday_worked=pentecost_worked,
                )
            return self.years


class _Table:
    """The working days of one calendar over a contiguous range of years.

    ``state`` is replaced whole (never mutated in place), so a reader that took it
    sees a consistent table while another thread extends or empties it. The years
    it holds are read from the state itself, never from fields beside it.
    """

    __slots__ = ("__weakref__", "_lock", "book", "emptied", "key", "state")

    def __init__(self, key: _Key) -> None:
        self.key = key
        self.book = _registered(_BOOKS, key[:2], _HolidayBook)
        self._lock = threading.Lock()
        self.emptied = 0
        self.reset()
        _ALIVE.add(self)

    def reset(self) -> None:
        """Empty the table; ``emptied`` counts the times (what was read of it may be stale)."""
        self.state: _State = _EMPTY
        self.emptied += 1

    @property
    def years(self) -> tuple[int, int]:
        """The first and last years it holds; ``(0, -1)`` when empty."""
        return _years(self.state)

    def cover(self, first: int, last: int) -> None:
        """Extend the table to hold every day of years ``first`` to ``last``.

        An extension at least doubles the years held, within the supported years: a
        walk over the years, one at a time in either direction, rebuilds the table a
        number of times logarithmic in the years walked, not linear.
        """
        if _holds(self.state, first, last):
            return
        lowest, highest = _supported_years()
        with self._lock:
            if _holds(self.state, first, last):  # another thread extended it meanwhile
                return
            held_first, held_last = _years(self.state)
            if held_first <= held_last:
                span = held_last - held_first + 1
                if first < held_first:
                    first = min(first, max(held_first - span, lowest))
                if last > held_last:
                    last = max(last, min(held_last + span, highest))
                first, last = min(first, held_first), max(last, held_last)
            _, _, closures, kind = self.key
            self.state = _build(first, last, self.book.cover(first, last), closures, kind)


def _holds(state: _State, first: int, last: int) -> bool:
    held_first, held_last = _years(state)
    return held_first <= first and last <= held_last


def _build(
    first: int,
    last: int,
    holidays_by_year: Mapping[int, Mapping[date, str]],
    closures: frozenset[date],
    kind: DayKind,
) -> _State:
    base = date(first, 1, 1).toordinal()
    size = date(last, 12, 31).toordinal() - base + 1
    # The week's pattern from the first day's weekday on (ordinal 1 was a Monday),
    # then the days off: every step runs in C, a few milliseconds for three centuries.
    workdays = 5 if kind is DayKind.OUVRES else 6
    week = b"\x01" * workdays + b"\x00" * (7 - workdays)
    start = (base - 1) % 7
    flags = bytearray(((week[start:] + week[:start]) * (size // 7 + 1))[:size])
    for year in range(first, last + 1):
        for day in holidays_by_year[year]:
            flags[day.toordinal() - base] = 0
    for day in closures:
        if first <= day.year <= last:
            flags[day.toordinal() - base] = 0
    working = array("i", compress(range(base, base + size), flags))
    return (base, size, array("i", accumulate(flags)), working, len(working), bytes(flags))


_BookKey = tuple[str | None, bool]
_Key = tuple[str | None, bool, frozenset[date], DayKind]
_BOOKS: dict[_BookKey, _HolidayBook] = {}
_TABLES: dict[_Key, _Table] = {}
# Every table still referenced, registered or not: a calendar keeps the table it was
# built with (a module-level constant outlives many clears), and each clear empties it.
_ALIVE: weakref.WeakSet[_Table] = weakref.WeakSet()
_REGISTRY_LOCK = threading.RLock()
K = TypeVar("K")
V = TypeVar("V")


def _registered(registry: dict[K, V], key: K, factory: Callable[[K], V]) -> V:
    with _REGISTRY_LOCK:
        found = registry.get(key)
        if found is None:
            found = registry[key] = factory(key)
        return found


def clear_caches() -> None:
    """Forget every holiday and working-day table (they are rebuilt on next use).

    For tests: a cache filled by an earlier test would hide a wrong table from
    the next one. Calendars built before keep working: they refill on next use.
    """
    # Calendars built after a clear get new tables and books, built under the code
    # being tested (none is found interned); those built before keep theirs, emptied
    # here, whether still registered or not (every book belongs to a table).
    with _REGISTRY_LOCK:
        for table in list(_ALIVE):
            with table._lock:  # noqa: SLF001  # same module
                table.book.reset()
                table.reset()
        _BOOKS.clear()
        _TABLES.clear()
        _INTERNED.clear()


# --- the calendar


def _optional_department(value: str | None) -> str | None:
    return None if value is None else department_code(value)


def _closures(value: Iterable[date]) -> frozenset[date]:
    field = "WorkingCalendar.extra_closures"
    days = tuple_of(value, date, field, "dates (datetime.date)")
    return frozenset(plain_day(day, field) for day in days)


def _kind(value: DayKind | str) -> DayKind:
    return parse_enum(DayKind, value, "WorkingCalendar.kind")


_NO_CLOSURES: Final[frozenset[date]] = frozenset()
_A_YEAR: Final = "une année (int), par exemple 2026"
_OUVRES: Final = DayKind.OUVRES
_OUVRABLES: Final = DayKind.OUVRABLES

# Calendars already built, by the arguments they were asked with and by their values:
# asked again, a calendar is found here, not built (a dictionary look-up rather than
# converters and validators). Bounded: emptied whole when it holds this many keys (the
# calendars stay equal; only their identity is forgotten). Emptied by clear_caches too,
# so that calendars built after a clear get new tables.
_INTERNED: dict[tuple[object, ...], WorkingCalendar] = {}
_INTERNED_AT_MOST: Final = 1024


def _kind_key(kind: object) -> object:
    """``kind`` in a key: a member as a number, a text as itself; else ``None``.

    Not the member itself: an enum's hash is computed in Python, slowly.
    """
    if kind is _OUVRES:
        return 0
    if kind is _OUVRABLES:
        return 1
    return kind if type(kind) is str else None


def _argument_key(
    department: object, pentecost_monday_worked: object, extra_closures: object, kind: object
) -> tuple[object, ...] | None:
    """The key of the arguments as given, or ``None`` when they make no safe key.

    Only arguments of the exact types the converters accept make one: ``1`` is equal to
    ``True`` as a key, but only ``True`` is accepted, and an object equal to a date
    may be no date.
    """
    kind_key = _kind_key(kind)
    if (
        kind_key is None
        or not (department is None or type(department) is str)
        or type(pentecost_monday_worked) is not bool
    ):
        return None
    if extra_closures is not _NO_CLOSURES and not (
        isinstance(extra_closures, frozenset | tuple)
        and type(extra_closures) in (frozenset, tuple)
        and all(type(day) is date for day in extra_closures)
    ):
        return None
    return (department, pentecost_monday_worked, extra_closures, kind_key)


@attrs.frozen(init=False)
class WorkingCalendar(Shown):
    """French working days for the Caf of ``department`` (metropolitan France when ``None``).

    Args:
        department: the Caf's department code (``"57"``, ``"2A"``, ``"974"``…).
        pentecost_monday_worked: treat Lundi de Pentecôte as worked in every year.
        extra_closures: further days off (a Caf's own closure days).
        kind: :attr:`DayKind.OUVRES` (Monday–Friday, the default) or
            :attr:`DayKind.OUVRABLES` (Monday–Saturday).

    Raises:
        UnknownDepartmentError: ``department`` is no French department (``"99"``).

    Every method takes a ``date`` (an aware ``datetime`` is read as its Paris
    calendar day) and raises :class:`~caf_contract.errors.UnsupportedYearError`
    for a year the ``holidays`` package does not cover.

    Calendars are interned: asked for again with the same arguments, or with others
    that make an equal calendar, the constructor gives back the calendar it built
    before (a value: equal calendars are interchangeable).

    >>> WorkingCalendar("57") is WorkingCalendar(department="57")
    True
    """

    department: str | None = attrs.field(default=None, converter=_optional_department)
    pentecost_monday_worked: bool = attrs.field(default=False, kw_only=True, validator=is_bool)
    extra_closures: frozenset[date] = attrs.field(
        default=_NO_CLOSURES, kw_only=True, converter=_closures
    )
    kind: DayKind = attrs.field(default=DayKind.OUVRES, kw_only=True, converter=_kind)
    _table: _Table = attrs.field(init=False, eq=False, repr=False, hash=False)

    _html_caption = "Calendrier des jours ouvrés (Art. 3.3)"
    _html_fields = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:  # noqa: ANN401  # any class keyword
        """A subclass of one's own is not interned, and may have fields of its own."""
        super().__init_subclass__(**kwargs)
        cls.__new__ = _subclass_new  # type: ignore[method-assign,assignment]

    def __new__(
        cls,
        department: str | None = None,
        *,
        pentecost_monday_worked: bool = False,
        extra_closures: Iterable[date] = _NO_CLOSURES,
        kind: DayKind | str = DayKind.OUVRES,
    ) -> Self:
        """The calendar of these arguments: the one built before when there is one."""
        key = _argument_key(department, pentecost_monday_worked, extra_closures, kind)
        found = _INTERNED.get(key) if key is not None else None
        if found is not None:
            return found  # type: ignore[return-value]  # cls is WorkingCalendar
        calendar = object.__new__(cls)
        calendar.__attrs_init__(
            department,
            pentecost_monday_worked=pentecost_monday_worked,
            extra_closures=extra_closures,
            kind=kind,
        )
        # The calendar's own key: « 2a » and « 2A », a list and a frozenset of the same
        # days, give one calendar.
        own = (
            calendar.department,
            calendar.pentecost_monday_worked,
            calendar.extra_closures,
            _kind_key(calendar.kind),
        )
        table = calendar._table
        with _REGISTRY_LOCK:  # against clear_caches, which empties both dictionaries
            if _TABLES.get(table.key) is not table:  # a clear came since it was built
                return calendar
            if len(_INTERNED) >= _INTERNED_AT_MOST:
                _INTERNED.clear()
            interned = _INTERNED.setdefault(own, calendar)
            if key is not None:
                _INTERNED[key] = interned
        return interned  # type: ignore[return-value]  # cls is WorkingCalendar

    def __attrs_post_init__(self) -> None:
        key = (
            holiday_subdivision(self.department),
            self.pentecost_monday_worked,
            self.extra_closures,
            self.kind,
        )
        object.__setattr__(self, "_table", _registered(_TABLES, key, _Table))

    def __reduce__(self) -> tuple[Callable[..., WorkingCalendar], tuple[object, ...]]:
        # A calendar travels (pickle, copy, to a worker process) as its parameters:
        # its table holds locks and megabytes, and the receiving side finds or builds
        # its own, lazily. Closures sorted: equal calendars pickle to equal bytes.
        if type(self) is not WorkingCalendar:  # a subclass: its fields, its own too
            fields = {
                item.alias: getattr(self, item.name)
                for item in attrs.fields(type(self))
                if item.init
            }
            return _subclass_rebuilt, (type(self), fields)
        return _rebuilt, (
            self.department,
            self.pentecost_monday_worked,
            tuple(sorted(self.extra_closures)),
            self.kind.value,
        )

    # Each public method is a fast path over the current table, for a plain date or an
    # aware datetime (its Paris day: paris_ordinal) inside it (and an int); anything
    # else goes to a slow path that checks the input, extends the table and asks
    # again. Every slow-path call grows the table or raises, so the retry ends.

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day.

        >>> from datetime import date
        >>> WorkingCalendar().is_working_day(date(2026, 5, 14))  # Ascension
        False
        """
        base, size, _, _, _, flags = self._table.state
        if type(day) is date:
            index = day.toordinal() - base
        elif type(day) is datetime:
            index = paris_ordinal(day) - base
        else:
            index = -1
        if 0 <= index < size:
            return flags[index] == 1
        return self._slow_is_working_day(day)

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day``.

        - ``n > 0``: the n-th working day strictly after ``day``;
        - ``n == 0``: ``day`` if it is a working day, else the next one;
        - ``n < 0``: the ``-n``-th working day strictly before ``day``.

        >>> from datetime import date
        >>> calendar = WorkingCalendar()
        >>> calendar.add_working_days(date(2026, 11, 23), 5)  # Monday + 5
        datetime.date(2026, 11, 30)
        >>> calendar.add_working_days(date(2026, 11, 28), 0)  # Saturday
        datetime.date(2026, 11, 30)
        >>> calendar.add_working_days(date(2026, 11, 30), -1)
        datetime.date(2026, 11, 27)
        """
        state = self._table.state
        base, size, cumulative, working, count, flags = state
        given = type(day)
        if given is date:
            index = day.toordinal() - base
        elif type(day) is datetime:
            index = paris_ordinal(day) - base
        else:
            index = -1
        if 0 <= index < size and type(n) is int:
            if n > 0:
                position = cumulative[index] + n - 1
                if position < count:
                    return _day_of(working[position])
            elif n == 0:
                if flags[index]:
                    return day if given is date else _day_of(base + index)
                position = cumulative[index]
                if position < count:
                    return _day_of(working[position])
            else:
                position = cumulative[index] - flags[index] + n
                if position >= 0:
                    return _day_of(working[position])
        return self._slow_add_working_days(day, n, state)

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in ``(start, end]``; negative when ``end < start``.

        So ``working_days_between(d, add_working_days(d, n)) == n`` for every n > 0.

        >>> from datetime import date
        >>> WorkingCalendar().working_days_between(date(2026, 12, 24), date(2027, 1, 4))
        5
        """
        base, size, cumulative, _, _, _ = self._table.state
        if type(start) is date:
            first = start.toordinal() - base
        elif type(start) is datetime:
            first = paris_ordinal(start) - base
        else:
            first = -1
        if type(end) is date:
            last = end.toordinal() - base
        elif type(end) is datetime:
            last = paris_ordinal(end) - base
        else:
            last = -1
        if 0 <= first < size and 0 <= last < size:
            return cumulative[last] - cumulative[first]
        return self._slow_working_days_between(start, end)

    def holidays(self, year: int) -> dict[date, str]:
        """The public holidays of ``year`` this calendar observes, with their French names.

        Extra closures are not included (they have no name); Lundi de Pentecôte is
        left out when the calendar treats it as worked.

        >>> WorkingCalendar(department="974").holidays(2026)[date(2026, 12, 20)]
        "Abolition de l'esclavage"
        """
        wanted = whole_number(year, "year", expected=_A_YEAR)
        return dict(sorted(self._table.book.cover(wanted, wanted)[wanted].items()))

    def table(self, first_year: int, last_year: int) -> tuple[CalendarDay, ...]:
        """Every day of years ``first_year`` to ``last_year``, one :class:`CalendarDay` each.

        What an SQL engine needs to count working days by a join: a working day's
        rank is its position among the table's working days, so the n-th working
        day after a day is found by its rank (see :mod:`caf_contract.sql`).

        >>> from datetime import date
        >>> rows = WorkingCalendar("57").table(2026, 2026)
        >>> rows[0]
        CalendarDay(day=datetime.date(2026, 1, 1), working=False, rank=0, holiday="Jour de l'an")
        >>> good_friday = {row.day: row for row in rows}[date(2026, 4, 3)]  # off in Moselle
        >>> good_friday
        CalendarDay(day=datetime.date(2026, 4, 3), working=False, rank=65, holiday='Vendredi saint')
        >>> # 5 working days after it: the working day whose rank is 65 + 5
        >>> next(row.day for row in rows if row.working and row.rank == good_friday.rank + 5)
        datetime.date(2026, 4, 13)

        Raises:
            InvalidValueError: a year is no whole number, or ``last_year`` is before
                ``first_year``.
            UnsupportedYearError: the ``holidays`` package does not cover a year.
        """
        first_ordinal, flags, ranks, holidays = _day_columns(self, first_year, last_year)
        days = list(map(_day_of, range(first_ordinal, first_ordinal + len(flags))))
        return tuple(
            map(CalendarDay._make, zip(days, map(bool, flags), ranks, holidays, strict=True))
        )

    def month_html(self, year: int, month: int) -> str:
        """The month as a grid, Monday first: days off greyed, public holidays named.

        A :class:`str` of HTML that a notebook shows as the grid (it has a
        ``_repr_html_``): weekends in grey, public holidays and the Caf's closures in
        red with their name, the count of working days in the caption.

        >>> grid = WorkingCalendar("57").month_html(2026, 4)
        >>> "Vendredi saint" in grid, "Lundi de Pâques" in grid, "20 jours ouvrés" in grid
        (True, True, True)

        Raises:
            InvalidValueError: ``year`` or ``month`` is no whole number, or ``month`` is
                not between 1 and 12.
            UnsupportedYearError: the ``holidays`` package does not cover ``year``.
        """
        wanted_year = whole_number(year, "year", expected=_A_YEAR)
        wanted_month = whole_number(month, "month", expected="un mois de 1 à 12")
        if not 1 <= wanted_month <= 12:
            raise InvalidValueError("month", month, "un mois de 1 à 12")
        return month_grid(self, wanted_year, wanted_month)

    def _html_rows(self) -> list[tuple[str, object]]:
        return calendar_rows(self)

    # --- slow paths

    def _cover(self, *days: date) -> None:
        """Extend the table over ``days``, with margins; refuse an unsupported year."""
        low, high = min(day.year for day in days), max(day.year for day in days)
        first, last = _supported_years()
        for year in (low, high):
            if not first <= year <= last:
                raise UnsupportedYearError(year, first, last, article=Article.ART_3_3)
        self._table.cover(max(low - _MARGIN_BEFORE, first), min(high + _MARGIN_AFTER, last))

    def _slow_is_working_day(self, day: object) -> bool:
        normal = paris_day(day, "day")
        self._cover(normal)
        return self.is_working_day(normal)

    def _slow_add_working_days(self, day: object, n: object, seen: _State) -> date:
        """``seen``: the snapshot of the table the fast path looked at.

        Only that snapshot is read: the table itself may be emptied meanwhile by
        ``clear_caches`` in another thread (whose years, read then, made the call
        extend from year 0 and fail with « année 0 »).
        """
        normal = paris_day(day, "day")
        count = whole_number(n, "n", expected="un nombre entier de jours (int)")
        held_first, held_last = _years(seen)
        if not held_first <= normal.year <= held_last:
            self._cover(normal)
        elif type(day) is date:
            # The fast path looked this very day up in this very snapshot: the answer
            # lies beyond it. Extend towards the answer, by enough years (the table
            # keeps whatever it holds by then). A datetime it could not look up: the
            # retry below looks again.
            first, last = _supported_years()
            step = max(abs(count) // _MIN_WORKING_DAYS_PER_YEAR + 1, _MARGIN_AFTER)
            if count < 0:
                if held_first <= first:
                    raise UnsupportedYearError(first - 1, first, last, article=Article.ART_3_3)
                self._table.cover(max(held_first - step, first), held_last)
            else:
                if held_last >= last:
                    raise UnsupportedYearError(last + 1, first, last, article=Article.ART_3_3)
                self._table.cover(held_first, min(held_last + step, last))
        return self.add_working_days(normal, count)

    def _slow_working_days_between(self, start: object, end: object) -> int:
        first = paris_day(start, "start")
        last = paris_day(end, "end")
        self._cover(first, last)
        return self.working_days_between(first, last)


def _working_day_ordinal(calendar: WorkingCalendar, ordinal: int, n: int) -> int:
    """``calendar.add_working_days(day, n)`` as an ordinal, for the day of ``ordinal``, n ≥ 0.

    Read from the table as it stands, for callers that need no ``date`` (the reminder
    rule makes a datetime of the next day); 0 when the table does not hold the answer
    or ``n`` is negative: the caller then asks :meth:`WorkingCalendar.add_working_days`.
    """
    base, size, cumulative, working, count, flags = calendar._table.state  # noqa: SLF001  # same module
    index = ordinal - base
    if 0 <= index < size:
        if n > 0:
            position = cumulative[index] + n - 1
        elif n == 0:
            if flags[index]:
                return ordinal
            position = cumulative[index]
        else:
            return 0
        if position < count:
            return working[position]
    return 0


_Columns = tuple[int, bytes, list[int], list[str | None]]


def _day_columns(calendar: WorkingCalendar, first_year: object, last_year: object) -> _Columns:
    """The days of :meth:`WorkingCalendar.table` as columns: first ordinal, flags, ranks, names.

    Columns, not rows: :mod:`caf_contract.sql` makes Arrow arrays of them without a
    Python object per day.
    """
    first = whole_number(first_year, "first_year", expected=_A_YEAR)
    last = whole_number(last_year, "last_year", expected=_A_YEAR)
    if last < first:
        raise InvalidValueError(
            "last_year",
            last_year,
            f"une année égale ou postérieure à first_year ({first})",
            problem="dernière année avant la première",
        )
    lowest, highest = _supported_years()
    for year in (first, last):
        if not lowest <= year <= highest:
            raise UnsupportedYearError(year, lowest, highest, article=Article.ART_3_3)
    table = calendar._table  # noqa: SLF001  # same module
    state = table.state
    while not _holds(state, first, last):  # again if a clear_caches emptied it meanwhile
        table.cover(first, last)
        state = table.state
    base, _, cumulative, _, _, flags = state
    start = date(first, 1, 1).toordinal() - base
    stop = date(last, 12, 31).toordinal() - base + 1
    before = cumulative[start] - flags[start]
    named = {
        day.toordinal(): _CLOSURE for day in calendar.extra_closures if first <= day.year <= last
    }
    by_year = table.book.cover(first, last)
    for year in range(first, last + 1):
        # A closure on a public holiday: the holiday's name.
        named.update((day.toordinal(), name) for day, name in by_year[year].items())
    return (
        base + start,
        flags[start:stop],
        [count - before for count in cumulative[start:stop]],
        list(map(named.get, range(base + start, base + stop))),
    )


def _subclass_new(cls: type[WorkingCalendar], *args: Any, **kwargs: Any) -> WorkingCalendar:  # noqa: ANN401
    """``__new__`` of a subclass: a new calendar, never interned.

    Built by the subclass's own ``__init__`` (an attrs subclass with fields of its
    own), or, when it has none, as a calendar is.
    """
    calendar = object.__new__(cls)
    if cls.__init__ is object.__init__:  # no __init__ of its own: WorkingCalendar's
        calendar.__attrs_init__(*args, **kwargs)
    return calendar


def _subclass_rebuilt(cls: type[WorkingCalendar], fields: dict[str, Any]) -> WorkingCalendar:
    """A pickled calendar of a subclass, read back: built again from its fields."""
    return cls(**fields)


def _rebuilt(
    department: str | None,
    pentecost_monday_worked: bool,  # noqa: FBT001  # positional: what a pickle stores
    extra_closures: tuple[date, ...],
    kind: str,
) -> WorkingCalendar:
    """The calendar of these parameters: how a pickled calendar is read back."""
    return WorkingCalendar(
        department,
        pentecost_monday_worked=pentecost_monday_worked,
        extra_closures=extra_closures,
        kind=kind,
    )
