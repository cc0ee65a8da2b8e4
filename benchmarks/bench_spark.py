"""Spark, locally: rows per second of the Art. 3.3 reminder column, by number of partitions.

Run (outside the test suite; Java 17 and the spark extra)::

    python -m pip install -e '.[spark]'
    python benchmarks/bench_spark.py                        # 1,000,000 rows; 1, 2, 4, 8 partitions
    python benchmarks/bench_spark.py --rows 200000 --partitions 2 4 --batch 10000 100000

One local Spark session (``local[--cores]``, UI off, on the loopback). ``--rows``
requests are made by Spark itself (``spark.range`` and expressions, as in
``tests/test_spark.py``): instants of sending from 1850 to 2099, each with a department
code, all 102 in turn. For each number of partitions and each Arrow batch size
(``spark.sql.execution.arrow.maxRecordsPerBatch``), one job counts a column computed in
Python for every row (``--extra-columns``: other columns in the table, which
``mapInArrow`` carries through Python and back):

- ``floor``: an identity Arrow UDF of the two columns read (Spark to Python and back,
  no rule): what any Python code costs in Spark;
- ``spark``: :func:`caf_contract.spark.with_reminder_allowed_from` with the department
  column (an Arrow UDF);
- ``mapInArrow``: the same rule through ``DataFrame.mapInArrow`` and
  :func:`caf_contract.spark.reminder_allowed_from_batch`, which ships every column;
- ``pandas UDF``: :func:`caf_contract.bulk.reminder_allowed_from` in a scalar pandas UDF
  (Spark hands it the instants as wall times of the session's zone, UTC here).

The answers of the ways are checked equal on every row first, or the figures are void
(those first jobs start the Python workers and build the working-day tables: their time
is printed). Each way is then run once unmeasured, and timed as the median of
``--rounds`` runs, in rows per second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pandas as pd  # noqa: TC002  # pandas_udf reads its annotations at run time
import pyarrow as pa  # noqa: TC002  # and arrow_udf too
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812  # Spark's own convention
from pyspark.sql.functions import arrow_udf, pandas_udf
from pyspark.sql.types import StructField, StructType, TimestampType

from caf_contract import bulk, spark
from caf_contract.parties import DEPARTMENT_CODES

CODES = sorted(DEPARTMENT_CODES)
FIRST = int(datetime(1850, 1, 1, tzinfo=UTC).timestamp())
SPAN = int(datetime(2099, 12, 1, tzinfo=UTC).timestamp()) - FIRST
SPREAD = 2_654_435_761
ZONE = "UTC"  # the session's: a pandas UDF receives its instants as this zone's wall time


def session(cores: int) -> SparkSession:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    built = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("caf_contract bench_spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.session.timeZone", ZONE)
        .getOrCreate()
    )
    built.sparkContext.setLogLevel("ERROR")
    return built


def requests(
    spark_session: SparkSession, rows: int, partitions: int, extra_columns: int = 0
) -> DataFrame:
    column = F.col("id")
    codes = F.array(*[F.lit(code) for code in CODES])
    return spark_session.range(rows, numPartitions=partitions).select(
        column,
        F.timestamp_seconds(F.lit(FIRST) + (column * SPREAD) % F.lit(SPAN)).alias("sent_at"),
        F.element_at(codes, (column % len(CODES) + 1).cast("int")).alias("department"),
        # Other columns of the table, which mapInArrow carries through Python and back.
        *((column * (index + 2)).alias(f"other_{index}") for index in range(extra_columns)),
    )


def _same(sent_at: pa.Array, department: pa.Array) -> pa.Array:
    del department
    return sent_at


_floor_udf = arrow_udf(_same, TimestampType())


def _by_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield spark.reminder_allowed_from_batch(batch, "sent_at", department_column="department")


@pandas_udf(TimestampType())  # type: ignore[untyped-decorator]  # pyspark is read as Any
def _reminder_udf(sent_at: pd.Series, department: pd.Series) -> pd.Series:
    return bulk.reminder_allowed_from(sent_at.dt.tz_localize(ZONE), department=department)


def ways(frame: DataFrame) -> dict[str, tuple[DataFrame, Column]]:
    """Each way, as the frame it makes and the column that must be computed."""
    read = (F.col("sent_at"), F.col("department"))
    output = F.col("reminder_allowed_from")
    schema = StructType(
        [*frame.schema.fields, StructField("reminder_allowed_from", TimestampType())]
    )
    return {
        "floor": (frame.withColumn("same", _floor_udf(*read)), F.col("same")),
        "spark": (
            spark.with_reminder_allowed_from(frame, "sent_at", department_column="department"),
            output,
        ),
        "mapInArrow": (frame.mapInArrow(_by_batches, schema), output),
        "pandas UDF": (frame.withColumn("reminder_allowed_from", _reminder_udf(*read)), output),
    }


def timed(job: Callable[[], object]) -> float:
    started = time.perf_counter()
    job()
    return time.perf_counter() - started


def check_equal(frame: DataFrame) -> None:
    """The ways give the same instant on every row (a mismatch voids the figures)."""
    rule = ways(frame)
    left = rule["spark"][0].select("id", F.unix_micros("reminder_allowed_from").alias("a"))
    for other in ("mapInArrow", "pandas UDF"):
        right = rule[other][0].select("id", F.unix_micros("reminder_allowed_from").alias("b"))
        different = left.join(right, "id").where(~F.col("a").eqNullSafe(F.col("b"))).count()
        if different:
            message = f"caf_contract.spark and {other} differ on {different} rows"
            raise SystemExit(message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--batch", type=int, nargs="+", default=[10_000])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument(
        "--extra-columns", type=int, default=0, help="other (long) columns in the table"
    )
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    started = time.perf_counter()
    spark_session = session(options.cores)
    print(
        f"Spark {spark_session.version}, local[{options.cores}], {options.rows:,} rows, "
        f"{3 + options.extra_columns} columns"
    )
    print(f"session started in {time.perf_counter() - started:.1f} s")
    first = requests(spark_session, options.rows, 2)
    checked = timed(lambda: check_equal(first))
    print(
        "answers equal on every row (caf_contract.spark, mapInArrow, pandas UDF), "
        f"in {checked:.1f} s: the first jobs, Python workers started and tables built"
    )
    warm: set[str] = set()
    results: list[tuple[int, int, dict[str, float]]] = []
    for batch in options.batch:
        spark_session.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
        for partitions in options.partitions:
            rates: dict[str, float] = {}
            for name, (frame, column) in ways(
                requests(spark_session, options.rows, partitions, options.extra_columns)
            ).items():

                def job(frame: DataFrame = frame, column: Column = column) -> Any:  # noqa: ANN401
                    return frame.agg(F.count(column)).first()

                if name not in warm:  # once unmeasured: its workers started
                    warm.add(name)
                    job()
                seconds = statistics.median(timed(job) for _ in range(options.rounds))
                rates[name] = options.rows / seconds
            results.append((batch, partitions, rates))
    spark_session.stop()

    names = list(results[0][2])
    print("\nrows per second (median of the rounds):\n")
    header = f"{'batch':>7} {'partitions':>10} " + " ".join(f"{name:>12}" for name in names)
    print(header)
    print("-" * len(header))
    for batch, partitions, rates in results:
        cells = " ".join(f"{rates[name]:>12,.0f}" for name in names)
        print(f"{batch:>7,} {partitions:>10} {cells}")


if __name__ == "__main__":
    main()
