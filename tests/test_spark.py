"""caf_contract.spark: the batch functions without Spark; the DataFrame functions in Spark.

The tests marked ``spark`` start a local Spark session (``pytest -m spark``; the default
run leaves them out). They fail, and do not skip, when pyspark is missing.
"""

from __future__ import annotations

import functools
import importlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caf_contract
from caf_contract import (
    CafContractError,
    InvalidValueError,
    NaiveDatetimeError,
    UnknownDepartmentError,
    WorkingCalendar,
    spark,
)
from caf_contract.parameters import current
from caf_contract.parties import DEPARTMENT_CODES
from caf_contract.retention import may_purge_habilitation, may_purge_trace
from tests import strategies as cst
from tests.docs_examples import MARKDOWN, ROOT

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PARIS = ZoneInfo("Europe/Paris")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
MAUNDY_THURSDAY = datetime(2026, 4, 2, 12, 0, tzinfo=PARIS)  # then Good Friday, Easter Monday
AS_OF = date(2027, 2, 28)  # a month end: traces of 29, 30 and 31/08/2026 are purgeable too


def _batch(**columns: Any) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict({name: pa.array(values) for name, values in columns.items()})


def _reminders(sent: list[datetime | None], departments: list[str | None]) -> list[datetime]:
    batch = pa.RecordBatch.from_pydict(
        {"sent": pa.array(sent, pa.timestamp("us", tz="UTC")), "dep": pa.array(departments)}
    )
    answered = spark.reminder_allowed_from_batch(batch, "sent", department_column="dep")
    values: list[datetime] = answered.column("reminder_allowed_from").to_pylist()
    return values


def _expected_reminder(sent: datetime, department: str | None) -> datetime:
    return caf_contract.reminder_allowed_from(sent, WorkingCalendar(department=department))


# --- the batch functions, without Spark


@pytest.mark.article("3.3")
def test_a_reminder_column_is_added_after_the_batch_columns() -> None:
    batch = _batch(id=[1, 2], sent=[MONDAY, MAUNDY_THURSDAY], dep=["75", "57"])
    answered = spark.reminder_allowed_from_batch(batch, "sent", department_column="dep")
    assert answered.schema.names == ["id", "sent", "dep", "reminder_allowed_from"]
    assert answered.column("id").to_pylist() == [1, 2]
    kind = answered.schema.field("reminder_allowed_from").type
    assert pa.types.is_timestamp(kind)
    assert kind.tz == "Europe/Paris"
    assert answered.column("reminder_allowed_from").to_pylist() == [
        datetime(2026, 12, 1, tzinfo=PARIS),
        datetime(2026, 4, 14, tzinfo=PARIS),
    ]


def test_the_batch_keeps_its_schema_metadata() -> None:
    batch = _batch(sent=[MONDAY]).replace_schema_metadata({"source": "saisines"})
    answered = spark.reminder_allowed_from_batch(batch, "sent", output="relance")
    assert answered.schema.metadata == {b"source": b"saisines"}


@pytest.mark.article("3.3")
@given(
    rows=st.lists(st.tuples(cst.aware_datetimes(), cst.department_codes()), min_size=1, max_size=30)
)
def test_each_row_is_the_scalar_rule_of_its_department(rows: list[tuple[datetime, str]]) -> None:
    sent = [moment for moment, _ in rows]
    departments = [department for _, department in rows]
    assert _reminders(list(sent), list(departments)) == [
        _expected_reminder(moment, department) for moment, department in rows
    ]


@pytest.mark.article("3.3")
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, datetime(2026, 4, 11, tzinfo=PARIS)),  # metropolitan: only Easter Monday
        ({"department": "57"}, datetime(2026, 4, 14, tzinfo=PARIS)),
        ({"calendar": WorkingCalendar("67")}, datetime(2026, 4, 14, tzinfo=PARIS)),
        (
            {"calendar": WorkingCalendar(extra_closures=[date(2026, 4, 8)])},
            datetime(2026, 4, 14, tzinfo=PARIS),
        ),
    ],
)
def test_one_calendar_for_every_row(options: dict[str, Any], expected: datetime) -> None:
    answered = spark.reminder_allowed_from_batch(_batch(sent=[MAUNDY_THURSDAY]), "sent", **options)
    assert answered.column("reminder_allowed_from").to_pylist() == [expected]


@pytest.mark.article("3.3")
def test_a_day_of_sending_is_a_paris_day() -> None:
    answered = spark.reminder_allowed_from_batch(_batch(sent=[date(2026, 11, 23)]), "sent")
    assert answered.column("reminder_allowed_from").to_pylist() == [
        datetime(2026, 12, 1, tzinfo=PARIS)
    ]


@pytest.mark.article("5.3.2")
def test_trace_purge_dates_and_flags() -> None:
    made = [
        datetime(2026, 8, 31, 21, 59, tzinfo=UTC),  # 31/08 in Paris: purgeable on 28/02/2027
        datetime(2026, 8, 31, 22, 0, tzinfo=UTC),  # 01/09 in Paris: from 01/03/2027
        datetime(2027, 3, 1, tzinfo=UTC),  # after as_of: not purgeable
        None,
    ]
    batch = pa.RecordBatch.from_pydict({"made": pa.array(made, pa.timestamp("us", tz="UTC"))})
    answered = spark.trace_purge_batch(batch, "made", as_of=AS_OF)
    assert answered.schema.names == ["made", "trace_purge_date", "trace_purgeable"]
    assert answered.column("trace_purge_date").to_pylist() == [
        date(2027, 2, 28),
        date(2027, 3, 1),
        date(2027, 9, 1),
        None,
    ]
    assert answered.column("trace_purgeable").to_pylist() == [True, False, False, None]
    flags = answered.column("trace_purgeable").to_pylist()
    assert [bool(may_purge_trace(at, AS_OF)) for at in made[:2] if at is not None] == flags[:2]


def test_without_as_of_only_the_purge_date_is_added() -> None:
    batch = _batch(made=[date(2026, 8, 31)])
    answered = spark.trace_purge_batch(batch, "made", purge_date="purge_le")
    assert answered.schema.names == ["made", "purge_le"]


@pytest.mark.article("5.3.2")
def test_habilitation_purge_flags() -> None:
    batch = pa.RecordBatch.from_pydict(
        {"ended": pa.array([date(2024, 2, 29), date(2024, 3, 1), None], pa.date32())}
    )
    as_of = datetime(2030, 2, 28, 12, 0, tzinfo=PARIS)
    answered = spark.habilitation_purgeable_batch(batch, "ended", as_of=as_of, output="purgeable")
    assert answered.column("purgeable").to_pylist() == [True, False, False]
    assert bool(may_purge_habilitation(date(2024, 2, 29), as_of))
    assert not may_purge_habilitation(date(2024, 3, 1), as_of)
    assert not may_purge_habilitation(None, as_of)


def test_contract_parameters_are_passed_on() -> None:
    answered = spark.reminder_allowed_from_batch(
        _batch(sent=[MONDAY]), "sent", parameters=current()
    )
    assert answered.column("reminder_allowed_from").to_pylist() == [
        datetime(2026, 12, 1, tzinfo=PARIS)
    ]


def test_bad_rows_are_null_when_coerced() -> None:
    sent = [MONDAY, datetime(2100, 12, 28, tzinfo=UTC), MONDAY, MONDAY, None]
    departments = ["57", "57", "99", None, "974"]
    batch = pa.RecordBatch.from_pydict({"sent": pa.array(sent), "dep": pa.array(departments)})
    answered = spark.reminder_allowed_from_batch(
        batch, "sent", department_column="dep", errors="coerce"
    )
    assert answered.column("reminder_allowed_from").to_pylist() == [
        datetime(2026, 12, 1, tzinfo=PARIS),
        None,
        None,
        None,
        None,
    ]


def test_a_bad_row_raises_by_default() -> None:
    batch = _batch(sent=[MONDAY, datetime(2100, 12, 28, tzinfo=UTC)])
    with pytest.raises(CafContractError, match="1 ligne refusée ; la première, à la position 1"):
        spark.reminder_allowed_from_batch(batch, "sent")


# --- arguments refused before any row is read


def test_a_missing_column_is_named_with_those_there_are() -> None:
    with pytest.raises(InvalidValueError) as caught:
        spark.reminder_allowed_from_batch(_batch(id=[1], envoi=[MONDAY]), "sent_at")
    assert str(caught.value) == (
        "sent_at : colonne absente ('sent_at') ; attendu : une colonne des données (id, envoi)."
    )


def test_a_column_without_time_zone_is_refused_as_a_naive_datetime() -> None:
    batch = pa.RecordBatch.from_pydict({"sent": pa.array([datetime(2026, 11, 23, 10)])})  # noqa: DTZ001
    with pytest.raises(NaiveDatetimeError) as caught:
        spark.reminder_allowed_from_batch(batch, "sent")
    assert str(caught.value) == (
        "sent_at : date et heure sans fuseau horaire ('sent', colonne timestamp_ntz) ; "
        "attendu : une colonne timestamp ou une colonne date (timestamp : avec fuseau horaire)."
    )


def test_a_column_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        spark.trace_purge_batch(_batch(made=["2026-08-31"]), "made")
    assert str(caught.value) == (
        "made_at : type de colonne ('made', colonne string) ; "
        "attendu : une colonne timestamp ou une colonne date."
    )
    with pytest.raises(InvalidValueError, match="department_column : type de colonne"):
        spark.reminder_allowed_from_batch(
            _batch(sent=[MONDAY], dep=[57]), "sent", department_column="dep"
        )


def test_large_strings_are_department_codes_too() -> None:
    batch = pa.RecordBatch.from_pydict(
        {"sent": pa.array([MAUNDY_THURSDAY]), "dep": pa.array(["57"], pa.large_string())}
    )
    answered = spark.reminder_allowed_from_batch(batch, "sent", department_column="dep")
    assert answered.column("reminder_allowed_from").to_pylist() == [
        datetime(2026, 4, 14, tzinfo=PARIS)
    ]


def test_a_name_borne_by_two_columns_is_refused() -> None:
    batch = pa.RecordBatch.from_arrays(
        [pa.array([MONDAY]), pa.array([MONDAY])], names=["sent", "sent"]
    )
    with pytest.raises(InvalidValueError, match=r"2 colonnes de ce nom \('sent'\)"):
        spark.reminder_allowed_from_batch(batch, "sent")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda batch: spark.reminder_allowed_from_batch(batch, "sent", output="sent"),
            (
                "output : colonne déjà présente ('sent') ; "
                "attendu : un nom de colonne que les données n'ont pas encore."
            ),
        ),
        (
            lambda batch: spark.trace_purge_batch(
                batch, "sent", as_of=AS_OF, purge_date="x", purgeable="x"
            ),
            (
                "purgeable : colonne déjà présente ('x') ; "
                "attendu : un nom de colonne que les données n'ont pas encore."
            ),
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch(batch, "sent", output=""),
            "output : valeur invalide ('') ; attendu : un nom de colonne (texte non vide).",
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch(batch, "sent", errors="ignore"),  # type: ignore[arg-type]
            "errors : valeur invalide ('ignore') ; attendu : « raise » ou « coerce ».",
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch(
                batch, "sent", department="57", department_column="dep"
            ),
            (
                "department_column : deux façons de choisir le calendrier "
                "('department et department_column') ; attendu : un seul de calendar (un "
                "calendrier), department (un code pour toutes les lignes) et department_column "
                "(le département de chaque ligne)."
            ),
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch(batch, "sent", calendar="57"),  # type: ignore[arg-type]
            "calendar : valeur invalide ('57') ; attendu : un WorkingCalendar ou None.",
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch(batch, "sent", parameters={}),  # type: ignore[arg-type]
            "parameters : valeur invalide ({}) ; attendu : un ParameterSet ou None.",
        ),
        (
            lambda batch: spark.habilitation_purgeable_batch(batch, "sent", as_of="2030-01-01"),  # type: ignore[arg-type]
            (
                "as_of : valeur invalide ('2030-01-01') ; "
                "attendu : une date ou un datetime avec fuseau horaire."
            ),
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch([batch], "sent"),
            "batch : pas un lot Arrow ('list') ; attendu : un pyarrow.RecordBatch.",
        ),
        (
            lambda batch: spark.reminder_allowed_from_batch(pa.table(batch), "sent"),
            "batch : pas un lot Arrow ('Table') ; attendu : un pyarrow.RecordBatch.",
        ),
    ],
)
def test_arguments_are_refused_in_french(call: Any, message: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        call(_batch(sent=[MONDAY], dep=["57"]))
    assert str(caught.value) == message


def test_an_unknown_department_is_refused_at_once() -> None:
    with pytest.raises(UnknownDepartmentError, match="département inconnu"):
        spark.reminder_allowed_from_batch(_batch(sent=[MONDAY]), "sent", department="99")


def test_a_naive_as_of_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        spark.trace_purge_batch(_batch(made=[MONDAY]), "made", as_of=datetime(2027, 2, 28))  # noqa: DTZ001


def test_junk_is_not_a_data_frame() -> None:
    with pytest.raises(InvalidValueError) as caught:
        spark.with_reminder_allowed_from(_batch(sent=[MONDAY]), "sent")
    assert str(caught.value) == (
        "df : pas un DataFrame Spark ('RecordBatch') ; "
        "attendu : un DataFrame Spark (pyspark.sql.DataFrame)."
    )


# --- what goes to the executors


def test_the_function_sent_to_the_executors_carries_the_calendar_as_its_parameters() -> None:
    rule = spark._Reminder(
        sent_at="sent",
        output="reminder_allowed_from",
        calendar=WorkingCalendar("57"),
        department_column=None,
        parameters=None,
        errors="raise",
    )
    shipped = pickle.dumps(functools.partial(spark._spark_column, rule, 0))
    assert len(shipped) < 1000  # the parameters, not the tables
    received = pickle.loads(shipped)  # noqa: S301  # our own bytes
    assert received.args[0] == rule
    assert received.args[0].calendar is WorkingCalendar("57")  # interned on arrival


def test_spark_gets_microseconds() -> None:
    """Spark reads back only ``timestamp[us]``: a day of sending gives a whole-second answer."""
    rule = spark._Reminder(
        sent_at="sent",
        output="relance",
        calendar=None,
        department_column=None,
        parameters=None,
        errors="raise",
    )
    days = pa.array([date(2026, 11, 23), None], pa.date32())
    answer = spark._spark_column(rule, 0, days)
    assert answer.type == pa.timestamp("us", tz="Europe/Paris")
    assert answer.to_pylist() == [datetime(2026, 12, 1, tzinfo=PARIS), None]
    instants = pa.array([MONDAY], pa.timestamp("us", tz="UTC"))
    assert spark._spark_column(rule, 0, instants).type.unit == "us"


def test_importing_the_module_imports_neither_pyspark_nor_pyarrow() -> None:
    code = (
        "import sys\n"
        "import caf_contract.spark\n"
        "assert 'pyspark' not in sys.modules and 'pyarrow' not in sys.modules\n"
        "assert 'caf_contract.bulk' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


# --- in Spark: pytest -m spark

ROWS = 1_000_000
# 2,005 rows of the million, compared with the scalar rule: a prime step, so that every
# department of the 102 (row i has the code number i % 102) is in the sample.
SAMPLE_EVERY = 499
_CODES = sorted(DEPARTMENT_CODES)
_FIRST = int(datetime(1850, 1, 1, tzinfo=UTC).timestamp())
_SPAN = int(datetime(2099, 12, 1, tzinfo=UTC).timestamp()) - _FIRST
_SPREAD = 2_654_435_761  # Knuth's multiplicative hash: ids far apart in time, in every batch


@pytest.fixture(scope="module")
def session() -> Iterator[SparkSession]:
    """One local Spark session for the module: two cores, no UI, on the loopback only."""
    # Imported here, not skipped: a run that selects the spark marker needs pyspark.
    sql = importlib.import_module("pyspark.sql")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        built = (
            sql.SparkSession.builder.master("local[2]")
            .appName("caf_contract tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            # Not Paris: the answers must not depend on the session's time zone.
            .config("spark.sql.session.timeZone", "America/Cayenne")
            .getOrCreate()
        )
        built.sparkContext.setLogLevel("ERROR")
        try:
            yield built
        finally:
            built.stop()
            _stop_java(importlib.import_module("pyspark").SparkContext)


def _stop_java(context: Any) -> None:
    """End the JVM that pyspark started: nothing of Spark outlives the tests."""
    gateway = context._gateway
    if gateway is None:
        return
    process = getattr(gateway, "proc", None)
    gateway.shutdown()
    context._gateway = None
    context._jvm = None
    if process is not None:
        process.stdin.close()  # the JVM ends when its parent's pipe closes
        process.wait(timeout=60)


def _requests(session: SparkSession) -> DataFrame:
    """A million requests over all departments, sent between 1850 and 2099, made by Spark."""
    functions = importlib.import_module("pyspark.sql.functions")
    column = functions.col("id")
    codes = functions.array(*[functions.lit(code) for code in _CODES])
    return session.range(ROWS, numPartitions=2).select(
        column,
        functions.timestamp_seconds(
            functions.lit(_FIRST) + (column * _SPREAD) % functions.lit(_SPAN)
        ).alias("sent_at"),
        functions.element_at(codes, (column % len(_CODES) + 1).cast("int")).alias("department"),
    )


def _instant(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def _one_pass(frame: DataFrame, sampled: list[Any], **aggregates: Any) -> tuple[Any, list[Any]]:
    """The aggregates over every row, and the sample's ``sampled`` columns, in one job."""
    functions = importlib.import_module("pyspark.sql.functions")
    in_sample = functions.col("id") % SAMPLE_EVERY == 0
    summary = frame.agg(
        *(aggregate.alias(name) for name, aggregate in aggregates.items()),
        functions.collect_list(functions.when(in_sample, functions.struct(*sampled))).alias(
            "sample"
        ),
    ).first()
    assert len(summary["sample"]) == -(-ROWS // SAMPLE_EVERY)
    return summary, summary["sample"]


@pytest.mark.article("3.3")
@pytest.mark.spark
def test_a_million_requests_get_their_reminder_deadline(session: SparkSession) -> None:
    functions = importlib.import_module("pyspark.sql.functions")
    types = importlib.import_module("pyspark.sql.types")
    answered = spark.with_reminder_allowed_from(
        _requests(session), "sent_at", department_column="department", output="relance_possible"
    )
    assert answered.columns == ["id", "sent_at", "department", "relance_possible"]
    assert answered.schema["relance_possible"].dataType == types.TimestampType()
    delay = functions.unix_micros("relance_possible") - functions.unix_micros("sent_at")
    summary, sample = _one_pass(
        answered,
        [
            functions.unix_micros("sent_at").alias("sent"),
            "department",
            functions.unix_micros("relance_possible").alias("deadline"),
        ],
        rows=functions.count("*"),
        answered=functions.count("relance_possible"),
        shortest=functions.min(delay),
        longest=functions.max(delay),
    )
    assert summary["rows"] == summary["answered"] == ROWS
    # A Sunday evening's request may be followed up from the Saturday after, 00:00: a
    # little over 5 days later, less an hour or two when clocks go forward meanwhile.
    assert _instant(summary["shortest"]) - EPOCH > timedelta(days=5, hours=-2)
    assert _instant(summary["longest"]) - EPOCH < timedelta(days=15)
    assert {row["department"] for row in sample} == set(_CODES)
    for row in sample:
        expected = _expected_reminder(_instant(row["sent"]), row["department"])
        assert _instant(row["deadline"]) == expected, row


@pytest.mark.article("5.3.2")
@pytest.mark.spark
def test_a_million_traces_get_their_purge_date_and_flag(session: SparkSession) -> None:
    functions = importlib.import_module("pyspark.sql.functions")
    traces = _requests(session).select("id", functions.col("sent_at").alias("made_at"))
    answered = spark.with_trace_purge(traces, "made_at", as_of=AS_OF)
    assert answered.columns == ["id", "made_at", "trace_purge_date", "trace_purgeable"]
    summary, sample = _one_pass(
        answered,
        [functions.unix_micros("made_at").alias("made"), "trace_purge_date", "trace_purgeable"],
        dated=functions.count("trace_purge_date"),
        purgeable=functions.sum(functions.col("trace_purgeable").cast("int")),
    )
    assert summary["dated"] == ROWS
    assert 0 < summary["purgeable"] < ROWS
    for row in sample:
        made = _instant(row["made"])
        assert row["trace_purge_date"] == caf_contract.trace_purge_date(made), row
        purgeable = made.astimezone(PARIS).date() <= AS_OF and bool(may_purge_trace(made, AS_OF))
        assert row["trace_purgeable"] is purgeable, row


@pytest.mark.article("5.3.2")
@pytest.mark.spark
def test_habilitations_in_spark(session: SparkSession) -> None:
    functions = importlib.import_module("pyspark.sql.functions")
    column = functions.col("id")
    ended = functions.date_add(functions.lit(date(1990, 1, 1)), (column * 7919 % 36500).cast("int"))
    habilitations = session.range(100_000, numPartitions=2).select(
        column, functions.when(column % 10 == 0, None).otherwise(ended).alias("devalidated_on")
    )
    as_of = date(2031, 6, 30)
    answered = spark.with_habilitation_purgeable(habilitations, "devalidated_on", as_of=as_of)
    sample = answered.where(column % 97 == 0).collect()
    assert any(row["habilitation_purgeable"] for row in sample)
    for row in sample:
        ended_on = row["devalidated_on"]
        purgeable = (
            ended_on is not None
            and ended_on <= as_of
            and bool(may_purge_habilitation(ended_on, as_of))
        )
        assert row["habilitation_purgeable"] is purgeable, row


def _awkward_requests(session: SparkSession) -> DataFrame:
    types = importlib.import_module("pyspark.sql.types")
    schema = types.StructType(
        [
            types.StructField("sent_at", types.TimestampType()),
            types.StructField("department", types.StringType()),
        ]
    )
    rows = [
        (MONDAY, "57"),
        (None, "57"),  # a null instant: a null answer
        (datetime(2100, 12, 28, tzinfo=UTC), "75"),  # 2101: no holiday data
        (MONDAY, "99"),  # no such department
        (MONDAY, None),  # no department
    ]
    return session.createDataFrame(rows, schema).coalesce(1)


@pytest.mark.spark
def test_nulls_and_bad_rows_coerced_in_spark(session: SparkSession) -> None:
    functions = importlib.import_module("pyspark.sql.functions")
    answered = spark.with_reminder_allowed_from(
        _awkward_requests(session), "sent_at", department_column="department", errors="coerce"
    )
    deadlines = [
        row["deadline"]
        for row in answered.select(
            functions.unix_micros("reminder_allowed_from").alias("deadline")
        ).collect()
    ]
    first = datetime(2026, 12, 1, tzinfo=PARIS)
    assert deadlines == [(first - EPOCH) // timedelta(microseconds=1), None, None, None, None]


@pytest.mark.spark
def test_a_bad_row_fails_the_job_with_the_library_s_message(session: SparkSession) -> None:
    answered = spark.with_reminder_allowed_from(
        _awkward_requests(session), "sent_at", department_column="department"
    )
    with pytest.raises(Exception, match="BadRowsError") as caught:
        answered.collect()
    assert "lignes refusées" in str(caught.value)


@pytest.mark.spark
def test_spark_columns_are_checked_before_any_job(session: SparkSession) -> None:
    functions = importlib.import_module("pyspark.sql.functions")
    requests = session.range(3).select(
        functions.col("id"),
        functions.to_timestamp_ntz(functions.lit("2026-11-23 10:00:00")).alias("sent_at"),
        functions.lit(date(2026, 11, 23)).alias("day"),
    )
    with pytest.raises(NaiveDatetimeError, match="'sent_at', colonne timestamp_ntz"):
        spark.with_reminder_allowed_from(requests, "sent_at")
    with pytest.raises(InvalidValueError, match=r"type de colonne \('id', colonne long\)"):
        spark.with_trace_purge(requests, "id")
    with pytest.raises(InvalidValueError, match=r"colonne absente .* \(id, sent_at, day\)"):
        spark.with_habilitation_purgeable(requests, "ended", as_of=AS_OF)
    with pytest.raises(InvalidValueError, match="output : colonne déjà présente"):
        spark.with_reminder_allowed_from(requests, "day", output="id")
    assert requests.columns == ["id", "sent_at", "day"]  # its schema left as it was


@pytest.mark.spark
def test_each_python_worker_builds_the_tables_once(session: SparkSession) -> None:
    """Eight tasks on two cores: Spark's reused Python workers keep the tables they built."""
    types = importlib.import_module("pyspark.sql.types")
    requests = _requests(session).limit(80_000).repartition(8)
    # A calendar of this test alone: no earlier task has built its table.
    corsica = WorkingCalendar("2A", extra_closures=[date(1999, 12, 31)])

    def probe(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        built_before = corsica._table.years != (0, -1)
        for batch in batches:
            spark.reminder_allowed_from_batch(batch, "sent_at", calendar=corsica)
        yield pa.RecordBatch.from_pydict({"pid": [os.getpid()], "built_before": [built_before]})

    schema = types.StructType(
        [
            types.StructField("pid", types.LongType()),
            types.StructField("built_before", types.BooleanType()),
        ]
    )
    tasks = requests.mapInArrow(probe, schema).collect()
    assert len(tasks) == 8
    workers = {task["pid"] for task in tasks}
    builders = [task["pid"] for task in tasks if not task["built_before"]]
    assert sorted(builders) == sorted(workers)  # once in each worker
    assert len(workers) < len(tasks)


@pytest.mark.spark
def test_the_spark_recipe_of_the_docs_runs(session: SparkSession) -> None:
    """docs/bulk.md, section « Spark »: skipped by the docs tests, which have no session."""
    page = ROOT / "docs" / "bulk.md"
    document = MARKDOWN.parse(page)
    start = document.text.index("\n## Spark")
    examples = [example for example in document if example.start > start]
    assert len(examples) >= 3
    document.namespace["spark"] = session
    zone = session.conf.get("spark.sql.session.timeZone")
    try:
        for example in examples:
            example.evaluate()
    finally:
        session.conf.set("spark.sql.session.timeZone", zone)
