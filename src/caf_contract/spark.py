"""The contract's columns added to a Spark DataFrame: reminder deadlines and purges.

For tables that outgrow one machine. :func:`with_reminder_allowed_from` adds the
Art. 3.3 deadline of each request, :func:`with_trace_purge` the Art. 5.3.2 purge date
of each trace (and, given a day, whether it may be purged then), and
:func:`with_habilitation_purgeable` whether the data of each habilitation may be purged.
Each answer is the scalar rule's, row by row: each new column is an Arrow UDF
(``pyspark.sql.functions.arrow_udf``) that computes it with :mod:`caf_contract.bulk`,
Arrow batch by Arrow batch, from the columns it reads alone (a wide table costs no more
than a narrow one). The result has the input's columns, in order, then the new ones.

Install with ``pip install 'caf-contract[spark]'`` (pyspark 4.1 or later, pyarrow,
pandas), on the driver and on the executors. pyspark and pyarrow are imported by the
functions that need them, not with this module.

- **The calendar travels as its parameters.** The calendar and the contract's
  parameters go to the executors inside the UDF that Spark sends with each task:
  a :class:`~caf_contract.calendar.WorkingCalendar` pickles as its department and
  options (71 bytes for ``WorkingCalendar("57")``), never its tables. Each Python
  worker builds the working-day tables it needs on first use and keeps them for the
  next tasks, as Spark reuses its Python workers (``spark.python.worker.reuse``).
- **Batches.** The same work, batch by batch, is a plain function of a
  ``pyarrow.RecordBatch`` (:func:`reminder_allowed_from_batch`,
  :func:`trace_purge_batch`, :func:`habilitation_purgeable_batch`): it runs without
  Spark, in any engine that hands out Arrow batches.
- **Errors.** The arguments are checked where the function is called, before any
  job: a missing column, a column of the wrong type (a ``timestamp_ntz`` column is
  refused as a naive datetime is), a new column whose name is taken. A bad row (a year
  the holiday data does not cover, an unknown department) fails the job with
  ``errors="raise"``, Spark's exception carrying the library's message, whose position
  counts from the start of the Arrow batch; ``errors="coerce"`` answers null for it.

>>> from caf_contract import spark
>>> import pyarrow as pa
>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> sent = datetime(2026, 4, 2, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
>>> batch = pa.RecordBatch.from_pydict({"envoi": pa.array([sent]), "departement": ["57"]})
>>> answered = spark.reminder_allowed_from_batch(
...     batch, "envoi", department_column="departement", output="relance_possible"
... )
>>> answered.schema.names
['envoi', 'departement', 'relance_possible']
>>> answered.column("relance_possible")[0].as_py().isoformat()  # Good Friday, Easter Monday
'2026-04-14T00:00:00+02:00'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, cast

import attrs

from caf_contract._time import paris_day
from caf_contract.calendar import WorkingCalendar
from caf_contract.errors import InvalidValueError, NaiveDatetimeError
from caf_contract.parameters import ParameterSet
from caf_contract.parties import department_code

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = [
    "habilitation_purgeable_batch",
    "reminder_allowed_from_batch",
    "trace_purge_batch",
    "with_habilitation_purgeable",
    "with_reminder_allowed_from",
    "with_trace_purge",
]

Errors = Literal["raise", "coerce"]

# Column types in Spark's words (DataType.typeName()); Arrow's are translated to them.
_DAYS_OR_INSTANTS: Final = ("timestamp", "date")
_TEXT: Final = ("string",)
_SPARK_UNIT: Final = "us"  # the only timestamp unit Spark reads back from Arrow


@attrs.frozen
class _Read:
    """A column a rule reads: the argument that names it, its name, the types accepted."""

    argument: str
    column: str
    kinds: tuple[str, ...]


@attrs.frozen
class _Written:
    """A column a rule adds: the argument that names it, its name, its type."""

    argument: str
    column: str
    kind: Literal["timestamp", "date", "boolean"]


@attrs.frozen(kw_only=True)
class _Reminder:
    """Art. 3.3: the first instant a reminder may be sent, by :func:`bulk.reminder_allowed_from`."""

    sent_at: str
    output: str
    calendar: WorkingCalendar | None
    department_column: str | None
    parameters: ParameterSet | None
    errors: Errors

    def reads(self) -> tuple[_Read, ...]:
        sent = _Read("sent_at", self.sent_at, _DAYS_OR_INSTANTS)
        if self.department_column is None:
            return (sent,)
        return sent, _Read("department_column", self.department_column, _TEXT)

    def writes(self) -> tuple[_Written, ...]:
        return (_Written("output", self.output, "timestamp"),)

    def answer(self, columns: list[Any], index: int) -> Any:  # noqa: ANN401  # an Arrow array
        """The ``index``-th column written, from the columns read (Arrow arrays)."""
        from caf_contract.bulk import reminder_allowed_from  # noqa: PLC0415  # numpy: on rows only

        del index  # one column
        return reminder_allowed_from(
            columns[0],
            calendar=self.calendar,
            department=columns[1] if len(columns) > 1 else None,
            parameters=self.parameters,
            errors=self.errors,
        )


@attrs.frozen(kw_only=True)
class _TracePurge:
    """Art. 5.3.2: a trace's purge date, and whether it may be purged on ``as_of``."""

    made_at: str
    as_of: date | datetime | None
    purge_date: str
    purgeable: str
    parameters: ParameterSet | None
    errors: Errors

    def reads(self) -> tuple[_Read, ...]:
        return (_Read("made_at", self.made_at, _DAYS_OR_INSTANTS),)

    def writes(self) -> tuple[_Written, ...]:
        written = _Written("purge_date", self.purge_date, "date")
        if self.as_of is None:
            return (written,)
        return written, _Written("purgeable", self.purgeable, "boolean")

    def answer(self, columns: list[Any], index: int) -> Any:  # noqa: ANN401  # an Arrow array
        from caf_contract.bulk import trace_purge_date, trace_purgeable  # noqa: PLC0415

        if index == 0 or self.as_of is None:
            return trace_purge_date(columns[0], parameters=self.parameters, errors=self.errors)
        return trace_purgeable(
            columns[0], self.as_of, parameters=self.parameters, errors=self.errors
        )


@attrs.frozen(kw_only=True)
class _HabilitationPurge:
    """Art. 5.3.2: whether the data of an habilitation may be purged on ``as_of``."""

    devalidated_on: str
    as_of: date | datetime
    output: str
    parameters: ParameterSet | None
    errors: Errors

    def reads(self) -> tuple[_Read, ...]:
        return (_Read("devalidated_on", self.devalidated_on, _DAYS_OR_INSTANTS),)

    def writes(self) -> tuple[_Written, ...]:
        return (_Written("output", self.output, "boolean"),)

    def answer(self, columns: list[Any], index: int) -> Any:  # noqa: ANN401  # an Arrow array
        from caf_contract.bulk import habilitation_purgeable  # noqa: PLC0415

        del index  # one column
        return habilitation_purgeable(
            columns[0], self.as_of, parameters=self.parameters, errors=self.errors
        )


_Rule = _Reminder | _TracePurge | _HabilitationPurge


# --- arguments, checked where the function is called


def _errors(value: object) -> Errors:
    if value == "raise" and isinstance(value, str):
        return "raise"
    if value == "coerce" and isinstance(value, str):
        return "coerce"
    raise InvalidValueError("errors", value, "« raise » ou « coerce »")


def _name(value: object, argument: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidValueError(argument, value, "un nom de colonne (texte non vide)")
    return value


def _as_of(value: object) -> date | datetime:
    if isinstance(value, date):
        paris_day(value, "as_of")  # refuses a naive datetime
        return value
    raise InvalidValueError("as_of", value, "une date ou un datetime avec fuseau horaire")


def _parameters(value: object) -> ParameterSet | None:
    if value is not None and not isinstance(value, ParameterSet):
        raise InvalidValueError("parameters", value, "un ParameterSet ou None")
    return value


def _calendar(
    calendar: object, department: object, department_column: object
) -> tuple[WorkingCalendar | None, str | None]:
    """The calendar of every row, or the column of each row's department."""
    given = [
        name
        for name, value in (
            ("calendar", calendar),
            ("department", department),
            ("department_column", department_column),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise InvalidValueError(
            given[1],
            f"{given[0]} et {given[1]}",
            "un seul de calendar (un calendrier), department (un code pour toutes les "
            "lignes) et department_column (le département de chaque ligne)",
            problem="deux façons de choisir le calendrier",
        )
    if department_column is not None:
        return None, _name(department_column, "department_column")
    if department is not None:
        return WorkingCalendar(department=department_code(department)), None
    if calendar is not None and not isinstance(calendar, WorkingCalendar):
        raise InvalidValueError("calendar", calendar, "un WorkingCalendar ou None")
    return calendar, None


def _reminder_rule(
    sent_at: object,
    output: object,
    calendars: tuple[object, object, object],
    parameters: object,
    errors: object,
) -> _Reminder:
    chosen, column = _calendar(*calendars)
    return _Reminder(
        sent_at=_name(sent_at, "sent_at"),
        output=_name(output, "output"),
        calendar=chosen,
        department_column=column,
        parameters=_parameters(parameters),
        errors=_errors(errors),
    )


def _trace_rule(  # noqa: PLR0913  # every option of the rule
    made_at: object,
    *,
    as_of: object,
    purge_date: object,
    purgeable: object,
    parameters: object,
    errors: object,
) -> _TracePurge:
    return _TracePurge(
        made_at=_name(made_at, "made_at"),
        as_of=None if as_of is None else _as_of(as_of),
        purge_date=_name(purge_date, "purge_date"),
        purgeable=_name(purgeable, "purgeable"),
        parameters=_parameters(parameters),
        errors=_errors(errors),
    )


def _habilitation_rule(
    devalidated_on: object, as_of: object, output: object, parameters: object, errors: object
) -> _HabilitationPurge:
    return _HabilitationPurge(
        devalidated_on=_name(devalidated_on, "devalidated_on"),
        as_of=_as_of(as_of),
        output=_name(output, "output"),
        parameters=_parameters(parameters),
        errors=_errors(errors),
    )


def _check_columns(rule: _Rule, kinds: Mapping[str, list[str]]) -> None:
    """Refuse, before any row is read, what the rule cannot read or write in ``kinds``.

    ``kinds`` maps each column name of the input to its types in Spark's words (a list:
    two columns may share a name).
    """
    known = ", ".join(kinds) or "aucune"
    for read in rule.reads():
        found = kinds.get(read.column, [])
        if not found:
            raise InvalidValueError(
                read.argument,
                read.column,
                f"une colonne des données ({known})",
                problem="colonne absente",
            )
        if len(found) > 1:
            raise InvalidValueError(
                read.argument,
                read.column,
                "une colonne dont le nom n'est porté que par elle",
                problem=f"{len(found)} colonnes de ce nom",
            )
        kind = found[0]
        expected = " ou ".join(f"une colonne {name}" for name in read.kinds)
        if kind == "timestamp_ntz" and "timestamp" in read.kinds:
            raise NaiveDatetimeError(
                read.argument,
                read.column,
                expected=f"{expected} (timestamp : avec fuseau horaire)",
                shown_as=f"{read.column!r}, colonne timestamp_ntz",
            )
        if kind not in read.kinds:
            raise InvalidValueError(
                read.argument,
                read.column,
                expected,
                problem="type de colonne",
                shown_as=f"{read.column!r}, colonne {kind}",
            )
    added: set[str] = set()
    for written in rule.writes():
        if written.column in kinds or written.column in added:
            raise InvalidValueError(
                written.argument,
                written.column,
                "un nom de colonne que les données n'ont pas encore",
                problem="colonne déjà présente",
            )
        added.add(written.column)


# --- batches


def _arrow_kind(kind: Any) -> str:  # noqa: ANN401  # a pyarrow DataType
    """An Arrow type in Spark's words (``timestamp``, ``timestamp_ntz``, ``date``…)."""
    import pyarrow as pa  # noqa: PLC0415

    if pa.types.is_timestamp(kind):
        return "timestamp" if kind.tz is not None else "timestamp_ntz"
    if pa.types.is_date(kind):
        return "date"
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return "string"
    return str(kind)


def _record_batch(value: object) -> pa.RecordBatch:
    # pyarrow is imported only for what may be one of its batches.
    if type(value).__module__.split(".")[0] == "pyarrow":
        import pyarrow as pa  # noqa: PLC0415

        if isinstance(value, pa.RecordBatch):
            return value
    raise InvalidValueError(
        "batch", type(value).__name__, "un pyarrow.RecordBatch", problem="pas un lot Arrow"
    )


def _kinds(names: Iterable[str], kinds: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, kind in zip(names, kinds, strict=True):
        found.setdefault(name, []).append(kind)
    return found


def _apply(rule: _Rule, batch: pa.RecordBatch) -> pa.RecordBatch:
    """``batch`` with the rule's columns after its own."""
    import pyarrow as pa  # noqa: PLC0415

    schema = batch.schema
    _check_columns(rule, _kinds(schema.names, (_arrow_kind(field.type) for field in schema)))
    read = [batch.column(column.column) for column in rule.reads()]
    answers = [rule.answer(read, index) for index in range(len(rule.writes()))]
    added = [
        pa.field(written.column, answer.type)
        for written, answer in zip(rule.writes(), answers, strict=True)
    ]
    return pa.RecordBatch.from_arrays(
        [*batch.columns, *answers], schema=pa.schema([*schema, *added], metadata=schema.metadata)
    )


def _spark_column(rule: _Rule, index: int, *columns: pa.Array) -> pa.Array:
    """What the Arrow UDF of the rule's ``index``-th column runs, in a Python worker.

    Spark reads back only microseconds: a day of sending, say, gives whole seconds.
    """
    import pyarrow as pa  # noqa: PLC0415

    answer = rule.answer(list(columns), index)
    if pa.types.is_timestamp(answer.type) and answer.type.unit != _SPARK_UNIT:
        return answer.cast(pa.timestamp(_SPARK_UNIT, tz=answer.type.tz))
    return answer


def reminder_allowed_from_batch(  # noqa: PLR0913  # the options are keyword-only
    batch: pa.RecordBatch,
    sent_at: str,
    *,
    output: str = "reminder_allowed_from",
    calendar: WorkingCalendar | None = None,
    department: str | None = None,
    department_column: str | None = None,
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> pa.RecordBatch:
    """``batch`` with the first instant a reminder may be sent for each request (Art. 3.3).

    The Arrow batch's columns, then ``output``: 00:00 Paris on the day after the 5th
    working day following the Paris day of ``sent_at``
    (:func:`caf_contract.reminder_allowed_from`), a ``timestamp`` in Europe/Paris
    time.

    Args:
        batch: the requests, a ``pyarrow.RecordBatch``.
        sent_at: the column of the instants of sending (``timestamp`` with a time zone,
            or ``date``: a Paris day).
        output: the name of the column added.
        calendar: the working days of every row (a Caf's own closure days…).
        department: one department for every row (``"57"``).
        department_column: the column of each row's department code (``"974"``): a
            national batch mixes metropolitan, Alsace-Moselle and overseas Cafs. At
            most one of ``calendar``, ``department`` and ``department_column``;
            metropolitan France when none is given.
        parameters: the contract's parameters; those in force on each day of sending
            when ``None``.
        errors: ``"raise"``, or ``"coerce"`` to answer null for a bad row.

    Raises:
        CafContractError: an argument that cannot be used (missing column…), or a bad
            row with ``errors="raise"``.
    """
    rule = _reminder_rule(
        sent_at, output, (calendar, department, department_column), parameters, errors
    )
    return _apply(rule, _record_batch(batch))


def trace_purge_batch(  # noqa: PLR0913  # the options are keyword-only
    batch: pa.RecordBatch,
    made_at: str,
    *,
    as_of: date | datetime | None = None,
    purge_date: str = "trace_purge_date",
    purgeable: str = "trace_purgeable",
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> pa.RecordBatch:
    """``batch`` with the purge date of each trace, and whether it may be purged (Art. 5.3.2).

    The Arrow batch's columns, then ``purge_date``: the Paris day of ``made_at`` + 6
    months (:func:`caf_contract.trace_purge_date`), a ``date32``; and, when ``as_of``
    is given, ``purgeable``: whether that day is on or before ``as_of``
    (:func:`caf_contract.retention.may_purge_trace`; a trace made after ``as_of`` is
    not purgeable).

    Args:
        batch: the traces, a ``pyarrow.RecordBatch``.
        made_at: the column of the instants the traces were made (``timestamp`` with a
            time zone, or ``date``).
        as_of: the day of the purge (a date, or an aware datetime: its Paris day).
        purge_date: the name of the column of purge dates.
        purgeable: the name of the column of flags, added when ``as_of`` is given.
        parameters: the contract's parameters; those in force when ``None``.
        errors: ``"raise"``, or ``"coerce"`` to answer null for a bad row.
    """
    rule = _trace_rule(
        made_at,
        as_of=as_of,
        purge_date=purge_date,
        purgeable=purgeable,
        parameters=parameters,
        errors=errors,
    )
    return _apply(rule, _record_batch(batch))


def habilitation_purgeable_batch(  # noqa: PLR0913  # the options are keyword-only
    batch: pa.RecordBatch,
    devalidated_on: str,
    *,
    as_of: date | datetime,
    output: str = "habilitation_purgeable",
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> pa.RecordBatch:
    """``batch`` with whether the data of each habilitation may be purged (Art. 5.3.2).

    The Arrow batch's columns, then ``output``: whether the day of dévalidation + 6
    years is on or before ``as_of`` (:func:`caf_contract.retention.may_purge_habilitation`);
    a null ``devalidated_on`` (an habilitation not dévalidée) is never purgeable.

    Args:
        batch: the habilitations, a ``pyarrow.RecordBatch``.
        devalidated_on: the column of the days of dévalidation (``date``, or
            ``timestamp`` with a time zone).
        as_of: the day of the purge (a date, or an aware datetime: its Paris day).
        output: the name of the column added.
        parameters: the contract's parameters; those in force when ``None``.
        errors: ``"raise"``, or ``"coerce"`` to answer null for a bad row.
    """
    rule = _habilitation_rule(devalidated_on, as_of, output, parameters, errors)
    return _apply(rule, _record_batch(batch))


# --- Spark DataFrames


def _data_frame(value: object) -> DataFrame:
    if not (hasattr(value, "withColumns") and hasattr(value, "schema")):
        raise InvalidValueError(
            "df",
            type(value).__name__,
            "un DataFrame Spark (pyspark.sql.DataFrame)",
            problem="pas un DataFrame Spark",
        )
    # Spark Connect's DataFrame is another class: withColumns is what counts.
    return cast("DataFrame", value)


def _quoted(name: str) -> str:
    """A column name as Spark reads it whole (``a.b`` is no field b of a struct a)."""
    return "`" + name.replace("`", "``") + "`"


def _with_columns(rule: _Rule, df: DataFrame) -> DataFrame:
    """``df`` with the rule's columns after its own, an Arrow UDF each, run on the executors.

    Only the columns read go to the Python workers, in Arrow batches, and only the new
    ones come back: a wide table costs no more than a narrow one.
    """
    import pyarrow as pa  # noqa: PLC0415
    from pyspark.sql.functions import arrow_udf, col  # noqa: PLC0415  # pyspark: Spark's objects
    from pyspark.sql.types import BooleanType, DateType, TimestampType  # noqa: PLC0415

    spark_types: dict[str, Callable[[], Any]] = {
        "timestamp": TimestampType,
        "date": DateType,
        "boolean": BooleanType,
    }
    fields = df.schema.fields
    _check_columns(rule, _kinds((f.name for f in fields), (f.dataType.typeName() for f in fields)))
    read = [col(_quoted(column.column)) for column in rule.reads()]
    added = {}
    for index, written in enumerate(rule.writes()):
        function = functools.partial(_spark_column, rule, index)
        # Spark tells an Arrow UDF of arrays to an array by its annotations.
        function.__annotations__ = {"columns": pa.Array, "return": pa.Array}
        added[written.column] = arrow_udf(function, spark_types[written.kind]())(*read)
    return df.withColumns(added)


def with_reminder_allowed_from(  # noqa: PLR0913  # the options are keyword-only
    df: DataFrame,
    sent_at: str,
    *,
    output: str = "reminder_allowed_from",
    calendar: WorkingCalendar | None = None,
    department: str | None = None,
    department_column: str | None = None,
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> DataFrame:
    """``df`` with the first instant a reminder may be sent for each request (Art. 3.3).

    A Spark ``TimestampType`` column ``output`` after ``df``'s: as
    :func:`reminder_allowed_from_batch`, whose arguments it takes, on each Arrow batch of
    each partition. Nothing is computed until an action reads the column (``collect``,
    ``write``…; a bare ``count()`` does not).
    """
    rule = _reminder_rule(
        sent_at, output, (calendar, department, department_column), parameters, errors
    )
    return _with_columns(rule, _data_frame(df))


def with_trace_purge(  # noqa: PLR0913  # the options are keyword-only
    df: DataFrame,
    made_at: str,
    *,
    as_of: date | datetime | None = None,
    purge_date: str = "trace_purge_date",
    purgeable: str = "trace_purgeable",
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> DataFrame:
    """``df`` with the purge date of each trace, and whether it may be purged (Art. 5.3.2).

    A ``DateType`` column ``purge_date`` and, when ``as_of`` is given, a ``BooleanType``
    column ``purgeable``, after ``df``'s: as :func:`trace_purge_batch`, whose arguments
    it takes.
    """
    rule = _trace_rule(
        made_at,
        as_of=as_of,
        purge_date=purge_date,
        purgeable=purgeable,
        parameters=parameters,
        errors=errors,
    )
    return _with_columns(rule, _data_frame(df))


def with_habilitation_purgeable(  # noqa: PLR0913  # the options are keyword-only
    df: DataFrame,
    devalidated_on: str,
    *,
    as_of: date | datetime,
    output: str = "habilitation_purgeable",
    parameters: ParameterSet | None = None,
    errors: Errors = "raise",
) -> DataFrame:
    """``df`` with whether the data of each habilitation may be purged (Art. 5.3.2).

    A ``BooleanType`` column ``output`` after ``df``'s: as
    :func:`habilitation_purgeable_batch`, whose arguments it takes.
    """
    rule = _habilitation_rule(devalidated_on, as_of, output, parameters, errors)
    return _with_columns(rule, _data_frame(df))
