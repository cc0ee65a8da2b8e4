"""Working days and retention periods in an SQL engine: the calendar as tables, and the queries.

An SQL engine knows no French working day. Given the days of each calendar as a table,
where a working day's *rank* is its position among the working days, it counts them
by a join: the 5th working day after a day of rank r is the working day of rank r + 5
(Art. 3.3). A national batch mixes Cafs whose public holidays differ: departments share
a calendar when their holidays are the same, and a second table gives each department
its calendar:

- ``caf_calendar`` (:func:`calendar_rows`): ``calendar``, ``day``, ``working``,
  ``rank``, ``holiday``: one row per day of each calendar;
- ``caf_department`` (:func:`department_rows`): ``department``, ``calendar``: the
  calendar of each department's Caf, « metropole », « alsace-moselle » (57, 67, 68) or
  the overseas department's own (971 to 976).

:data:`CREATE_TABLES` creates both; the queries read them and the caller's tables. They
are written once, here, for DuckDB and PostgreSQL alike, and the tests run them in both
against the Python rules: :data:`REMINDER_QUERY` (Art. 3.3), :data:`TRACE_PURGE_QUERY`,
:data:`HABILITATION_PURGE_QUERY`, :data:`TRACE_CUTOFF_QUERY` and
:data:`HABILITATION_CUTOFF_QUERY` (Art. 5.3.2). The Paris day of an instant is taken with
``AT TIME ZONE 'Europe/Paris'``: the session's time zone changes no answer. The
parameter ``$1`` (the day of the purge) is PostgreSQL's and DuckDB's own notation;
psycopg passes it through its ``RawCursor``.

:func:`calendar_table` and :func:`department_table` give the same rows as
``pyarrow.Table`` objects (``pyarrow`` is imported by them only), which DuckDB reads
as they are.

>>> rows = calendar_rows(2026, 2026)
>>> len(rows)  # 365 days of 8 calendars
2920
>>> rows[0]  # doctest: +NORMALIZE_WHITESPACE
CalendarRow(calendar='metropole', day=datetime.date(2026, 1, 1), working=False, rank=0,
            holiday="Jour de l'an")
>>> dict(department_rows())["67"], dict(department_rows())["974"], dict(department_rows())["82"]
('alsace-moselle', '974', 'metropole')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import repeat
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from caf_contract.calendar import WorkingCalendar, _Columns, _day_columns, holiday_subdivision
from caf_contract.errors import InvalidValueError, Key
from caf_contract.parties import DEPARTMENT_CODES, department_code

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "CREATE_TABLES",
    "HABILITATION_CUTOFF_QUERY",
    "HABILITATION_PURGE_QUERY",
    "REMINDER_QUERY",
    "TRACE_CUTOFF_QUERY",
    "TRACE_PURGE_QUERY",
    "CalendarRow",
    "DepartmentRow",
    "calendar_key",
    "calendar_rows",
    "calendar_table",
    "department_rows",
    "department_table",
    "national_calendars",
]


class CalendarRow(NamedTuple):
    """One day of one calendar: a row of ``caf_calendar``.

    The fields of :class:`~caf_contract.calendar.CalendarDay`, after the calendar's key.
    """

    calendar: str
    """The calendar's key (« metropole », « alsace-moselle », « 974 »…)."""
    day: date
    """The calendar day."""
    working: bool
    """Whether it is a working day in that calendar."""
    rank: int
    """The working days from the table's first day up to this day, itself included."""
    holiday: str | None
    """The public holiday's French name (« Fermeture de la Caf » for an extra closure)."""


class DepartmentRow(NamedTuple):
    """A department and the key of its Caf's calendar: a row of ``caf_department``."""

    department: str
    """The department's code (« 01 », « 2A », « 974 »)."""
    calendar: str
    """The key of its calendar in ``caf_calendar``."""


# The calendars of a national batch, by key, and a department that has each. Moselle
# (holidays' subdivision « 57 ») and Alsace (« 6AE ») have the same public holidays in
# every year the package covers (tests/test_sql.py checks it): one calendar for the three.
_NATIONAL: Final = (
    ("metropole", None),
    ("alsace-moselle", "57"),
    ("971", "971"),
    ("972", "972"),
    ("973", "973"),
    ("974", "974"),
    ("975", "975"),
    ("976", "976"),
)
_ALSACE_MOSELLE: Final = frozenset({"57", "6AE"})


def national_calendars() -> dict[str, WorkingCalendar]:
    """The calendars of a national batch, by key: every Caf counts with one of them.

    >>> sorted(national_calendars())[:3]
    ['971', '972', '973']
    >>> national_calendars()["alsace-moselle"].is_working_day(date(2026, 12, 26))
    False
    """
    return {key: WorkingCalendar(department) for key, department in _NATIONAL}


def calendar_key(department: str) -> str:
    """The key of the calendar that the Caf of ``department`` counts with.

    >>> calendar_key("68"), calendar_key("2a"), calendar_key("976")
    ('alsace-moselle', 'metropole', '976')

    Raises:
        UnknownDepartmentError: ``department`` is no French department.
    """
    code = department_code(department)
    subdivision = holiday_subdivision(code)
    if subdivision is None:
        return "metropole"
    if subdivision in _ALSACE_MOSELLE:
        return "alsace-moselle"
    return code


def department_rows() -> tuple[DepartmentRow, ...]:
    """Every department with the key of its Caf's calendar, by code: ``caf_department``."""
    return tuple(DepartmentRow(code, calendar_key(code)) for code in sorted(DEPARTMENT_CODES))


_CALENDARS_EXPECTED: Final = (
    "un dictionnaire {clé : WorkingCalendar}, par exemple "
    '{"metropole": WorkingCalendar()}, ou None pour les calendriers nationaux'
)


def _calendars(value: object) -> tuple[tuple[str, WorkingCalendar], ...]:
    if value is None:
        return tuple(national_calendars().items())
    if not isinstance(value, Mapping):
        raise InvalidValueError("calendars", value, _CALENDARS_EXPECTED)
    chosen = tuple(value.items())
    for key, calendar in chosen:
        if not isinstance(key, str) or not key.strip():
            raise InvalidValueError(
                "calendars", key, "une clé de calendrier en texte non vide", problem="clé invalide"
            )
        if not isinstance(calendar, WorkingCalendar):
            raise InvalidValueError(
                ("calendars", Key(key)),
                calendar,
                "un WorkingCalendar",
                problem="calendrier invalide",
            )
    return chosen


def calendar_rows(
    first_year: int,
    last_year: int,
    *,
    calendars: Mapping[str, WorkingCalendar] | None = None,
) -> tuple[CalendarRow, ...]:
    """The days of years ``first_year`` to ``last_year`` of each calendar: ``caf_calendar``.

    Args:
        first_year: the first year of the table.
        last_year: the last year of the table. A deadline that ends beyond it is
            answered ``NULL`` by the queries: take a few years more than the data needs.
        calendars: the calendars, by key; by default :func:`national_calendars`. A Caf
            with closures of its own gets a calendar (``extra_closures``) under a key of
            its own, and its department that key in ``caf_department``.

    Each calendar's ranks count from ``first_year``: they compare within one calendar.

    Raises:
        InvalidValueError: a year is no whole number, ``last_year`` is before
            ``first_year``, or ``calendars`` is no mapping of keys to calendars.
        UnsupportedYearError: the ``holidays`` package does not cover a year.
    """
    rows: list[CalendarRow] = []
    for key, (first_ordinal, flags, ranks, holidays) in _columns(first_year, last_year, calendars):
        days = map(date.fromordinal, range(first_ordinal, first_ordinal + len(flags)))
        columns = zip(repeat(key), days, map(bool, flags), ranks, holidays)
        rows += map(CalendarRow._make, columns)
    return tuple(rows)


def _columns(
    first_year: object, last_year: object, calendars: object
) -> list[tuple[str, _Columns]]:
    """Each calendar's key and days as columns (:func:`caf_contract.calendar._day_columns`)."""
    chosen = _calendars(calendars)
    if not chosen:  # no calendar: the years are checked all the same
        _day_columns(WorkingCalendar(), first_year, last_year)
    return [(key, _day_columns(calendar, first_year, last_year)) for key, calendar in chosen]


_MISSING_PYARROW: Final = (
    "pyarrow n'est pas installé : {what} donne un pyarrow.Table ; attendu : pyarrow installé "
    "(pip install pyarrow), ou bien {instead}, qui donne des tuples sans pyarrow."
)


def _pyarrow(what: str, instead: str) -> Any:  # noqa: ANN401  # the module, untyped
    """The ``pyarrow`` module, imported now; a French message when it is not installed."""
    try:
        import pyarrow as pa  # noqa: PLC0415  # an optional dependency, for this form only
    except ImportError as missing:
        message = _MISSING_PYARROW.format(what=what, instead=instead)
        raise ModuleNotFoundError(message, name="pyarrow") from missing
    return pa


def calendar_table(
    first_year: int,
    last_year: int,
    *,
    calendars: Mapping[str, WorkingCalendar] | None = None,
) -> pa.Table:
    """:func:`calendar_rows` as a ``pyarrow.Table``, columns typed as :data:`CREATE_TABLES` says.

    Raises:
        ModuleNotFoundError: ``pyarrow`` is not installed.
        InvalidValueError: as :func:`calendar_rows`.
        UnsupportedYearError: as :func:`calendar_rows`.
    """
    arrow = _pyarrow("calendar_table()", "calendar_rows()")
    schema = arrow.schema(
        [
            ("calendar", arrow.string(), False),
            ("day", arrow.date32(), False),
            ("working", arrow.bool_(), False),
            ("rank", arrow.int32(), False),
            ("holiday", arrow.string()),
        ]
    )
    tables = [
        arrow.Table.from_arrays(_arrow_columns(arrow, key, columns), schema=schema)
        for key, columns in _columns(first_year, last_year, calendars)
    ]
    return arrow.concat_tables(tables) if tables else schema.empty_table()


_EPOCH: Final = date(1970, 1, 1).toordinal()


def _arrow_columns(arrow: Any, key: str, columns: _Columns) -> list[Any]:  # noqa: ANN401
    """One calendar's columns as Arrow arrays, built without a Python object per day."""
    first, flags, ranks, holidays = columns
    days = range(first - _EPOCH, first - _EPOCH + len(flags))  # Arrow counts from 01/01/1970
    return [
        arrow.repeat(arrow.scalar(key, arrow.string()), len(flags)),
        arrow.array(days, arrow.int32()).cast(arrow.date32()),
        arrow.array(list(flags), arrow.uint8()).cast(arrow.bool_()),
        arrow.array(ranks, arrow.int32()),
        arrow.array(holidays, arrow.string()),
    ]


def department_table() -> pa.Table:
    """:func:`department_rows` as a ``pyarrow.Table``.

    Raises:
        ModuleNotFoundError: ``pyarrow`` is not installed.
    """
    arrow = _pyarrow("department_table()", "department_rows()")
    departments, keys = zip(*department_rows(), strict=True)
    return arrow.Table.from_arrays(
        [arrow.array(departments, arrow.string()), arrow.array(keys, arrow.string())],
        names=list(DepartmentRow._fields),
    )


# --- the SQL, for DuckDB and PostgreSQL alike. docs/bulk.md shows each query from this
# file (literalinclude between its first line and its closing quotes): keep that layout.

CREATE_TABLES: Final[str] = """\
-- Le calendrier en table (calendar_rows) et le calendrier de chaque département
-- (department_rows).
CREATE TABLE caf_calendar (
    calendar TEXT NOT NULL,
    day DATE NOT NULL,
    working BOOLEAN NOT NULL,
    rank INTEGER NOT NULL,
    holiday TEXT,
    PRIMARY KEY (calendar, day)
);
CREATE INDEX caf_calendar_rank ON caf_calendar (calendar, rank);
CREATE TABLE caf_department (
    department TEXT PRIMARY KEY,
    calendar TEXT NOT NULL
);
"""
"""The two tables: ``caf_calendar`` (:func:`calendar_rows`) and ``caf_department``."""

REMINDER_QUERY: Final[str] = """\
-- Art. 3.3 : une relance est possible à partir de 00:00, heure de Paris, le lendemain
-- du 5e jour ouvré qui suit le jour (à Paris) de l'envoi, jours ouvrés du département
-- de la Caf. NULL quand caf_calendar ne couvre pas ces jours (ou département inconnu).
SELECT
    id,
    -- Le premier instant du jour : deux instants affichent 00:00 à Paris les 08/10/1944
    -- et 26/09/1976, et DuckDB comme PostgreSQL lisent 00:00 comme le second.
    CASE
        WHEN CAST((midnight - INTERVAL '1 hour') AT TIME ZONE 'Europe/Paris' AS DATE)
            = day_after
        THEN midnight - INTERVAL '1 hour'
        ELSE midnight
    END AS reminder_allowed_from
FROM (
    SELECT
        requests.id,
        due.day + 1 AS day_after,
        CAST(due.day + 1 AS TIMESTAMP) AT TIME ZONE 'Europe/Paris' AS midnight
    FROM requests
    LEFT JOIN caf_department
        ON caf_department.department = requests.department
    LEFT JOIN caf_calendar AS sent
        ON sent.calendar = caf_department.calendar
        AND sent.day = CAST(requests.sent_at AT TIME ZONE 'Europe/Paris' AS DATE)
    LEFT JOIN caf_calendar AS due
        ON due.calendar = sent.calendar
        AND due.working
        AND due.rank = sent.rank + 5
) AS reminder
"""
"""Art. 3.3: each request's first reminder instant (``requests``: ``id``, ``department``,
``sent_at TIMESTAMPTZ``), as :func:`~caf_contract.escalation.reminder_allowed_from`."""

TRACE_PURGE_QUERY: Final[str] = """\
-- Art. 5.3.2 : une trace est conservée six mois ; elle peut être purgée à partir du
-- jour (à Paris) où elle a été faite, plus six mois (le 31/08 donne le 28/02).
-- $1 : le jour de la purge.
SELECT
    id,
    purge_on,
    purge_on <= CAST($1 AS DATE) AS purgeable
FROM (
    SELECT
        id,
        CAST(CAST(made_at AT TIME ZONE 'Europe/Paris' AS DATE) + INTERVAL '6 months' AS DATE)
            AS purge_on
    FROM traces
) AS trace
"""
"""Art. 5.3.2: each trace's purge day and whether it may be purged on ``$1`` (``traces``:
``id``, ``made_at TIMESTAMPTZ``), as :func:`~caf_contract.retention.trace_purge_date`."""

HABILITATION_PURGE_QUERY: Final[str] = """\
-- Art. 5.3.2 : les données d'une habilitation sont conservées six ans après sa
-- dévalidation (le 29/02 donne le 28/02) ; jamais purgées sans dévalidation (NULL).
-- $1 : le jour de la purge.
SELECT
    id,
    purge_on,
    COALESCE(purge_on <= CAST($1 AS DATE), FALSE) AS purgeable
FROM (
    SELECT
        id,
        CAST(devalidated_on + INTERVAL '6 years' AS DATE) AS purge_on
    FROM habilitations
) AS habilitation
"""
"""Art. 5.3.2: each habilitation's purge day and whether its data may be purged on ``$1``
(``habilitations``: ``id``, ``devalidated_on DATE``, ``NULL`` when not dévalidée), as
:func:`~caf_contract.retention.habilitation_purge_date`."""

TRACE_CUTOFF_QUERY: Final[str] = """\
-- Art. 5.3.2 : le dernier jour (à Paris) dont les traces peuvent être purgées le jour $1,
-- et le premier instant conservé : DELETE FROM traces WHERE made_at < first_kept.
-- $1 moins six mois, puis jusqu'à trois jours de plus : le 28/02 − 6 mois donne le 28/08,
-- mais les 29, 30 et 31/08 + 6 mois donnent aussi le 28/02.
SELECT
    last_purgeable_day,
    -- Le premier instant du lendemain (deux instants affichent 00:00 à Paris les
    -- 08/10/1944 et 26/09/1976 : le premier).
    CASE
        WHEN CAST((midnight - INTERVAL '1 hour') AT TIME ZONE 'Europe/Paris' AS DATE)
            = last_purgeable_day + 1
        THEN midnight - INTERVAL '1 hour'
        ELSE midnight
    END AS first_kept
FROM (
    SELECT
        last_purgeable_day,
        CAST(last_purgeable_day + 1 AS TIMESTAMP) AT TIME ZONE 'Europe/Paris' AS midnight
    FROM (
        SELECT MAX(candidate) AS last_purgeable_day
        FROM (
            SELECT CAST(CAST($1 AS DATE) - INTERVAL '6 months' AS DATE) + step AS candidate
            FROM (VALUES (0), (1), (2), (3)) AS steps (step)
        ) AS candidates
        WHERE CAST(candidate + INTERVAL '6 months' AS DATE) <= CAST($1 AS DATE)
    ) AS cutoff
) AS cutoff_instant
"""
"""Art. 5.3.2: :func:`~caf_contract.retention.trace_retention_cutoff` of ``$1`` and its
instant (:func:`~caf_contract.retention.trace_retention_cutoff_instant`), in SQL."""

HABILITATION_CUTOFF_QUERY: Final[str] = """\
-- Art. 5.3.2 : le dernier jour de dévalidation dont les données d'habilitation peuvent
-- être purgées le jour $1 : DELETE … WHERE devalidated_on <= last_purgeable_day.
SELECT MAX(candidate) AS last_purgeable_day
FROM (
    SELECT CAST(CAST($1 AS DATE) - INTERVAL '6 years' AS DATE) + step AS candidate
    FROM (VALUES (0), (1), (2), (3)) AS steps (step)
) AS candidates
WHERE CAST(candidate + INTERVAL '6 years' AS DATE) <= CAST($1 AS DATE)
"""
"""Art. 5.3.2: :func:`~caf_contract.retention.habilitation_retention_cutoff` of ``$1``."""
