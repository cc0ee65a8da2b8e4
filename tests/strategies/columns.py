"""Strategies for :mod:`caf_contract.bulk`: rows of instants, days and departments, and columns.

A test draws rows as Python values (aware datetimes, dates, codes, ``None`` for a
null), asks the scalar rule for each, and gives the same rows to the bulk function as
a column of one kind: :func:`column` builds it, :func:`instants_back` and
:func:`days_back` read the answer back, whatever its kind.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from hypothesis import strategies as st

from caf_contract.calendar import _supported_years
from tests.strategies import PARIS, department_codes, offset_changes, zones

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "KINDS",
    "UNITS",
    "column",
    "days_back",
    "flags_back",
    "instants_back",
    "integers_back",
    "labels",
    "labels_column",
    "paris_changes",
    "row_days",
    "row_instants",
    "short_texts",
]

KINDS: Final = ("numpy", "pandas", "polars", "arrow", "chunked", "pandas-arrow")
"""The kinds of column a bulk function takes (numpy first: no optional library)."""

FIRST_YEAR, LAST_YEAR = _supported_years()
_SECOND: Final = timedelta(seconds=1)


@functools.cache
def paris_changes() -> tuple[datetime, ...]:
    """Every change of Paris's offset in the years the holiday data covers (UTC instants)."""
    start = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
    days = (date(LAST_YEAR + 1, 1, 1) - date(FIRST_YEAR, 1, 1)).days
    return tuple(change.at for change in offset_changes(PARIS, start, days))


@st.composite
def _near_a_change(draw: st.DrawFn) -> datetime:
    change = draw(st.sampled_from(paris_changes()))
    seconds = draw(st.one_of(st.integers(-2, 2), st.integers(-26 * 3600, 26 * 3600)))
    return (change + seconds * _SECOND).astimezone(draw(zones()))


def row_instants(
    *, years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)
) -> st.SearchStrategy[datetime]:
    """Aware instants, whole seconds: anywhere in ``years``, near a change of Paris's offset,
    near a Paris midnight, or near the edges of the years covered."""
    low, high = datetime(years[0], 1, 1), datetime(years[1], 12, 31, 23, 59, 59)  # noqa: DTZ001
    anywhere = st.datetimes(min_value=low, max_value=high, timezones=zones())
    midnight = st.builds(
        lambda day, seconds, zone: (
            datetime.combine(day, datetime.min.time(), tzinfo=PARIS) + seconds * _SECOND
        ).astimezone(zone),
        st.dates(date(years[0], 1, 2), date(years[1], 12, 30)),
        st.integers(-3, 3),
        zones(),
    )
    edges = st.builds(
        lambda moment, seconds: (moment + seconds * _SECOND).astimezone(UTC),
        st.sampled_from(
            [
                datetime(FIRST_YEAR, 1, 1, tzinfo=PARIS),
                datetime(LAST_YEAR + 1, 1, 1, tzinfo=PARIS),
                datetime(FIRST_YEAR - 1, 12, 31, 12, tzinfo=UTC),
            ]
        ),
        st.integers(-7200, 7200),
    )
    return st.one_of(anywhere, midnight, _near_a_change(), edges).map(
        lambda moment: moment.replace(microsecond=0)
    )


def row_days() -> st.SearchStrategy[date]:
    """Days of the years covered, their edges and a little beyond."""
    return st.one_of(
        st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)),
        st.dates(date(FIRST_YEAR - 1, 12, 1), date(FIRST_YEAR, 1, 31)),
        st.dates(date(LAST_YEAR, 12, 1), date(LAST_YEAR + 1, 1, 31)),
    )


def labels() -> st.SearchStrategy[str | None]:
    """Department codes, written as a user may (« 2a », « 57 »), sometimes missing or unknown,
    or any short text (a code cut or lengthened, accents, NUL inside)."""
    return st.one_of(
        department_codes(),
        department_codes().map(lambda code: f" {code.lower()} "),
        st.sampled_from([None, "99", "2C", "", "5", "9740", "97", "é1", "5\x007", "2é"]),
        department_codes().map(lambda code: code[:-1] or code + "0"),
        short_texts(),
    )


def short_texts() -> st.SearchStrategy[str]:
    """Any text of up to five characters (Unicode, NUL inside), but none ending in NUL:
    numpy's text drops a final NUL, so that the same rows could not be given to it."""
    return st.text(st.characters(codec="utf-8"), max_size=5).filter(
        lambda text: not text.endswith("\x00")
    )


# --- columns of each kind


def _utc_micros(values: list[Any]) -> np.ndarray:
    """Instants as UTC datetime64[us], dates as datetime64[D]; None as NaT."""
    if values and all(type(value) is date or value is None for value in values):
        return np.array(
            [np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in values],
            dtype="datetime64[D]",
        )
    return np.array(
        [
            np.datetime64("NaT")
            if value is None
            else np.datetime64(value.astimezone(UTC).replace(tzinfo=None), "us")
            for value in values
        ],
        dtype="datetime64[us]",
    )


UNITS: Final = ("s", "ms", "us", "ns")
"""The units of time a column of instants may come in."""


def column(values: list[Any], kind: str, unit: str = "us") -> Any:  # any kind of column
    """``values`` (aware datetimes, or dates; None for null) as a column of ``kind``.

    Instants in ``unit`` (polars has no seconds: milliseconds then).
    """
    array = _utc_micros(values)
    is_days = array.dtype == np.dtype("datetime64[D]")
    if not is_days:
        unit = "ms" if kind == "polars" and unit == "s" else unit
        array = array.astype(f"datetime64[{unit}]")
    if kind == "numpy":
        return array
    if kind in ("pandas", "pandas-arrow"):
        import pandas as pd  # noqa: PLC0415  # optional

        if is_days:
            series = pd.Series(values, dtype=object, index=range(10, 10 + len(values)), name="jour")
        else:
            series = pd.Series(
                pd.DatetimeIndex(array).tz_localize("UTC").tz_convert("Europe/Paris"),
                index=range(10, 10 + len(values)),
                name="instant",
            )
        if kind == "pandas-arrow":
            import pyarrow as pa  # noqa: PLC0415

            arrow = pa.array(
                array, type=pa.date32() if is_days else pa.timestamp(unit, tz="Europe/Paris")
            )
            series = pd.Series(
                pd.array(arrow, dtype=pd.ArrowDtype(arrow.type)),
                index=series.index,
                name=series.name,
            )
        return series
    if kind == "polars":
        import polars as pl  # noqa: PLC0415

        series = pl.Series("instant", array)
        return series if is_days else series.dt.replace_time_zone("UTC")
    import pyarrow as pa  # noqa: PLC0415

    arrow = pa.array(array, type=pa.date32() if is_days else pa.timestamp(unit, tz="UTC"))
    if kind == "chunked":
        middle = len(values) // 2
        return pa.chunked_array([arrow[:middle], arrow[middle:]], type=arrow.type)
    return arrow


def labels_column(values: Sequence[str | None], kind: str, *, plain: bool = False) -> Any:
    """Department codes as a column of the same family as ``kind``.

    pandas: categories, or Arrow text for ``pandas-arrow``; Python objects if ``plain``.
    """
    if kind == "numpy":
        return np.array(values, dtype=object) if None in values or plain else np.array(values)
    if kind in ("pandas", "pandas-arrow"):
        import pandas as pd  # noqa: PLC0415

        dtype = "category" if kind == "pandas" else pd.StringDtype("pyarrow")
        return pd.Series(
            values, dtype=object if plain else dtype, index=range(10, 10 + len(values))
        )
    if kind == "polars":
        import polars as pl  # noqa: PLC0415

        return pl.Series("department", values, dtype=pl.Utf8)
    import pyarrow as pa  # noqa: PLC0415

    if kind == "chunked":  # two slices of one array (the second starts inside its buffers)
        whole = pa.array(["57", *values], type=pa.large_string())
        middle = 1 + len(values) // 2
        return pa.chunked_array([whole[1:middle], whole[middle:]], type=whole.type)
    return pa.array(values, type=pa.string()).dictionary_encode()


def _null(value: object) -> bool:
    """None, NaN, NaT and pandas's NA (which refuses to say whether it equals itself)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # noqa: PLR0124  # NaN and NaT differ from themselves
    except TypeError:
        return True


def instants_back(result: Any) -> list[datetime | None]:
    """A column of instants of any kind as aware UTC datetimes (None for null)."""
    module = type(result).__module__.partition(".")[0]
    if module == "numpy":
        assert result.dtype.kind == "M"
        return [
            None
            if np.isnat(v)
            else datetime.fromisoformat(str(v.astype("datetime64[s]"))).replace(tzinfo=UTC)
            for v in result
        ]
    if module == "pandas":
        assert str(result.dtype).endswith("Europe/Paris]") or "Europe/Paris" in str(result.dtype), (
            result.dtype
        )
        return [
            None if _null(value) else value.to_pydatetime().astimezone(UTC)
            for value in result.astype(object).where(result.notna(), None)
        ]
    if module == "polars":
        assert result.dtype.time_zone == "Europe/Paris"
        return [None if value is None else value.astimezone(UTC) for value in result.to_list()]
    assert result.type.tz == "Europe/Paris"
    return [None if value is None else value.astimezone(UTC) for value in result.to_pylist()]


def days_back(result: Any) -> list[date | None]:
    """A column of days of any kind as dates (None for null)."""
    module = type(result).__module__.partition(".")[0]
    if module == "numpy":
        assert result.dtype == np.dtype("datetime64[D]")
        return [None if np.isnat(v) else date.fromisoformat(str(v)) for v in result]
    if module == "pandas":
        return [
            None if _null(value) else value
            for value in result.astype(object).where(result.notna(), None)
        ]
    if module == "polars":
        return list(result.to_list())
    return list(result.to_pylist())


def flags_back(result: Any) -> list[Any]:
    """A column of booleans or counts of any kind as Python values (None for null)."""
    module = type(result).__module__.partition(".")[0]
    if module == "numpy":
        if isinstance(result, np.ma.MaskedArray):
            return [
                None if masked else value
                for value, masked in zip(
                    result.data.tolist(), np.ma.getmaskarray(result).tolist(), strict=True
                )
            ]
        return list(result.tolist())
    if module == "pandas":
        return [None if _null(value) else value for value in result.astype(object).tolist()]
    if module == "polars":
        return list(result.to_list())
    return list(result.to_pylist())


integers_back = flags_back
