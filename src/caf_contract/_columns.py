"""Columns in and out for :mod:`caf_contract.bulk`: numpy, pandas, polars and Arrow.

A column is read into numpy (``int64`` values and a mask of nulls) with what is
needed to give a result back in the same kind: a pandas Series keeps its index and
name, an Arrow chunked array comes back chunked, instants come back in the unit they
came in. pandas, polars and pyarrow are imported only when such a column is given.
"""

from __future__ import annotations

import importlib
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from caf_contract._bulk_time import EPOCH_ORDINAL
from caf_contract._time import paris_day
from caf_contract.errors import InvalidValueError, NaiveDatetimeError

if TYPE_CHECKING:
    from types import ModuleType

__all__ = [
    "SHORT_TEXT_KEY_LIMIT",
    "Integers",
    "Shape",
    "Times",
    "check_aligned",
    "check_length",
    "column_error",
    "read_integers",
    "read_labels",
    "read_times",
    "rows_of",
    "short_text_keys",
    "text_key",
    "unmasked",
    "write_bools",
    "write_days",
    "write_instants",
    "write_integers",
    "write_ticks",
]

Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Kind = Literal["numpy", "series", "index", "polars", "arrow", "chunked"]

PER_SECOND: Final = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
"""Ticks per second of the units instants may come in."""

EXPECTED_TIMES: Final = (
    "une colonne de dates ou d'instants : tableau numpy datetime64 (jours [D], ou instants "
    "UTC [s], [ms], [us], [ns]), série pandas (instants avec fuseau) ou polars, tableau Arrow"
)
_NAIVE: Final = (
    "des instants avec fuseau horaire : en pandas series.dt.tz_localize('Europe/Paris') "
    "ou pandas.to_datetime(..., utc=True) ; en polars .dt.replace_time_zone(...) ; ou des "
    "jours sans heure (datetime64[D], pl.Date, date32)"
)


def column_error(field: str, described: str, expected: str, problem: str) -> InvalidValueError:
    """The error for a column of the wrong form, ``described`` in words (not a repr)."""
    return InvalidValueError(field, described, expected, problem=problem, shown_as=described)


def rows_of(count: int) -> str:
    """« 1 ligne », « 2 lignes »."""
    return f"{count} ligne" if count == 1 else f"{count} lignes"


def unmasked(value: object) -> object:
    """A numpy masked array as a plain column, its masked rows null; anything else as it is.

    Instants and days: NaT where masked; other values: Python objects, None where masked
    (the bulk rules answer masked arrays for counts and flags, which may come back).
    """
    if not isinstance(value, np.ma.MaskedArray):
        return value
    mask = np.ma.getmaskarray(value)
    data = np.ma.getdata(value)
    if data.dtype.kind == "M":
        plain = data.copy()
        plain[mask] = np.datetime64("NaT")
        return plain
    items = data.astype(object)
    items[mask] = None
    return items


def _library(value: object) -> str:
    return type(value).__module__.partition(".")[0]


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


@attrs.frozen
class Shape:
    """How to give a result back: the input's kind, length, index and name."""

    kind: Kind
    length: int
    index: Any = None
    name: Any = None
    unit: str = "s"
    arrow_backed: bool = False


@attrs.frozen
class Times:
    """A column of days or instants, read into numpy.

    ``values`` are ``date`` ordinals when ``unit`` is ``"D"``, else UTC ticks of
    ``unit`` since 1970; 0 where ``null``.
    """

    values: Int64s
    null: Bools
    unit: str
    shape: Shape

    @property
    def days(self) -> bool:
        return self.unit == "D"

    def seconds(self) -> Int64s:
        """Instants as UTC seconds since 1970 (floored: an offset never splits a second)."""
        return np.floor_divide(self.values, PER_SECOND[self.unit])


@attrs.frozen
class Integers:
    """A column of whole numbers (0 where ``null``), or one number for every row."""

    values: Int64s
    null: Bools


# --- reading


def _from_datetime64(array: npt.NDArray[Any], field: str, shape: Shape) -> Times:
    unit, step = np.datetime_data(array.dtype)
    if step != 1:
        raise column_error(field, str(array.dtype), EXPECTED_TIMES, "unité inattendue")
    if unit in ("W", "M", "Y"):
        array, unit = array.astype("datetime64[D]"), "D"
    elif unit in ("h", "m"):
        array, unit = array.astype("datetime64[s]"), "s"
    elif unit not in PER_SECOND and unit != "D":
        raise column_error(
            field, str(array.dtype), EXPECTED_TIMES, "unité de temps non prise en charge"
        )
    null = np.isnat(array)
    values = array.view(np.int64)
    if unit == "D":
        values = values + EPOCH_ORDINAL
    if null.any():
        values = np.where(null, 0, values)
    return Times(values, null, unit, attrs.evolve(shape, unit=unit if unit != "D" else "s"))


def _is_null(item: object) -> bool:
    """None, NaN, NaT, or pandas's NA (which will not say whether it equals itself)."""
    if item is None:
        return True
    try:
        return bool(item != item)  # noqa: PLR0124  # NaN and NaT differ from themselves
    except TypeError:  # pandas.NA
        return True


def _from_dates(items: npt.NDArray[Any], field: str, shape: Shape) -> Times:
    """Python objects: dates are days; aware datetimes are read as their Paris day."""
    values = np.zeros(len(items), dtype=np.int64)
    null = np.zeros(len(items), dtype=np.bool_)
    for position, item in enumerate(items.tolist()):
        if _is_null(item):
            null[position] = True
        elif type(item) is date:
            values[position] = item.toordinal()
        elif isinstance(item, date):
            values[position] = paris_day(item, f"{field}[{position}]").toordinal()
        else:
            raise InvalidValueError(f"{field}[{position}]", item, EXPECTED_TIMES)
    return Times(values, null, "D", shape)


def _from_numpy(value: npt.NDArray[Any], field: str) -> Times:
    if value.ndim != 1:
        raise column_error(
            field, f"tableau à {value.ndim} dimensions", EXPECTED_TIMES, "pas une colonne"
        )
    shape = Shape("numpy", len(value))
    if value.dtype.kind == "M":
        return _from_datetime64(value, field, shape)
    if value.dtype.kind == "O":
        return _from_dates(value, field, shape)
    raise column_error(field, str(value.dtype), EXPECTED_TIMES, "type de colonne")


def _from_pandas(value: Any, field: str) -> Times:  # noqa: ANN401  # a pandas Series or Index
    pandas = _module("pandas")
    is_index = isinstance(value, pandas.Index)
    if not is_index and not isinstance(value, pandas.Series):
        raise column_error(field, type(value).__name__, EXPECTED_TIMES, "type")
    shape = Shape(
        "index" if is_index else "series",
        len(value),
        index=None if is_index else value.index,
        name=value.name,
    )
    dtype = value.dtype
    if isinstance(dtype, pandas.ArrowDtype):
        read = _from_arrow(_module("pyarrow").chunked_array([value.array.__arrow_array__()]), field)
        return attrs.evolve(
            read, shape=attrs.evolve(shape, unit=read.shape.unit, arrow_backed=True)
        )
    if isinstance(dtype, pandas.DatetimeTZDtype):
        utc = (value if is_index else value.dt).tz_convert(None)
        return _from_datetime64(np.asarray(utc.to_numpy()), field, shape)
    if dtype.kind == "M":
        raise NaiveDatetimeError(field, f"colonne {dtype}", expected=_NAIVE, shown_as=str(dtype))
    if dtype.kind == "O":
        return _from_dates(np.asarray(value, dtype=object), field, shape)
    raise column_error(field, str(dtype), EXPECTED_TIMES, "type de colonne")


def _from_polars(value: Any, field: str) -> Times:  # noqa: ANN401  # a polars Series
    polars = _module("polars")
    if not isinstance(value, polars.Series):
        raise column_error(field, type(value).__name__, EXPECTED_TIMES, "type")
    shape = Shape("polars", len(value), name=value.name)
    dtype = value.dtype
    null = value.is_null().to_numpy()
    if dtype == polars.Date:
        values = value.to_physical().fill_null(0).cast(polars.Int64).to_numpy() + EPOCH_ORDINAL
        values[null] = 0
        return Times(values, null, "D", shape)
    if isinstance(dtype, polars.Datetime):
        if dtype.time_zone is None:
            raise NaiveDatetimeError(
                field, f"colonne {dtype}", expected=_NAIVE, shown_as=str(dtype)
            )
        values = value.to_physical().fill_null(0).cast(polars.Int64).to_numpy()
        unit = dtype.time_unit or "us"
        return Times(values, null, unit, attrs.evolve(shape, unit=unit))
    raise column_error(field, str(dtype), EXPECTED_TIMES, "type de colonne")


def _from_arrow(value: Any, field: str) -> Times:  # noqa: ANN401  # a pyarrow Array
    pyarrow = _module("pyarrow")
    compute = _module("pyarrow.compute")
    chunked = isinstance(value, pyarrow.ChunkedArray)
    if not chunked and not isinstance(value, pyarrow.Array):
        raise column_error(field, type(value).__name__, EXPECTED_TIMES, "type")
    shape = Shape("chunked" if chunked else "arrow", len(value))
    kind = value.type
    null = np.asarray(value.is_null(), dtype=np.bool_)
    if pyarrow.types.is_date(kind):
        days = compute.fill_null(value.cast(pyarrow.date32()).cast(pyarrow.int32()), 0)
        values = np.asarray(days, dtype=np.int64) + EPOCH_ORDINAL
        values[null] = 0
        return Times(values, null, "D", shape)
    if pyarrow.types.is_timestamp(kind):
        if kind.tz is None:
            raise NaiveDatetimeError(field, f"colonne {kind}", expected=_NAIVE, shown_as=str(kind))
        ticks = compute.fill_null(value.cast(pyarrow.int64()), 0)
        return Times(
            np.asarray(ticks, dtype=np.int64), null, kind.unit, attrs.evolve(shape, unit=kind.unit)
        )
    raise column_error(field, str(kind), EXPECTED_TIMES, "type de colonne")


_READERS: Final = {"pandas": _from_pandas, "polars": _from_polars, "pyarrow": _from_arrow}


def read_times(value: object, field: str) -> Times:
    """``value`` as a column of days or instants.

    Raises:
        NaiveDatetimeError: instants without a time zone (pandas, polars, Arrow).
        InvalidValueError: anything else than such a column.
    """
    value = unmasked(value)
    if isinstance(value, np.ndarray):
        return _from_numpy(value, field)
    reader = _READERS.get(_library(value))
    if reader is None:
        raise column_error(field, type(value).__name__, EXPECTED_TIMES, "pas une colonne")
    return reader(value, field)


_COLUMN_TYPES: Final = {
    "pandas": ("Series", "Index", "DatetimeIndex"),
    "polars": ("Series",),
    "pyarrow": ("Array", "ChunkedArray"),
}


def is_column(value: object) -> bool:
    """Whether ``value`` is a column (not one value for every row: a Timestamp, NA…)."""
    if isinstance(value, np.ndarray):
        return True
    names = _COLUMN_TYPES.get(_library(value))
    return names is not None and any(
        kind.__name__ in names and kind.__module__.startswith(_library(value))
        for kind in type(value).__mro__
    )


def check_aligned(value: object, shape: Shape, field: str) -> None:
    """Refuse a pandas Series whose index is not the first column's: rows pair by position.

    pandas pairs two Series by their index labels; here, as in numpy, rows pair by
    position: a Series in another order would pair a row with another row's values.
    """
    if shape.kind != "series" or _library(value) != "pandas" or not hasattr(value, "index"):
        return
    if not value.index.equals(shape.index):
        raise InvalidValueError(
            field,
            "une série d'un autre index",
            "une série du même index que la première colonne, dans le même ordre "
            "(series.reindex(premiere.index))",
            problem="index différent",
            shown_as="index différent",
        )


def _values(value: object) -> npt.NDArray[Any]:
    """A column of any kind as a numpy array, nulls as ``None`` or NaN."""
    library = _library(value)
    if library == "polars":
        return np.asarray(value.to_numpy())  # type: ignore[attr-defined]
    if library == "pyarrow":
        return np.asarray(value.to_numpy(zero_copy_only=False))  # type: ignore[attr-defined]
    return np.asarray(value)


_EXPECTED_WHOLE: Final = "un nombre entier de jours, ou une colonne de nombres entiers"


def read_integers(value: object, field: str, length: int) -> Integers:
    """Whole numbers: one ``int`` for every row, or a column of them (nulls allowed)."""
    value = unmasked(value)
    if not is_column(value):
        if type(value) is bool or not isinstance(value, int | np.integer):
            raise InvalidValueError(field, value, _EXPECTED_WHOLE)
        if not -(2**62) <= int(value) <= 2**62:
            raise InvalidValueError(
                field,
                value,
                "un nombre de jours entre -2**62 et 2**62",
                problem="nombre trop grand",
            )
        return Integers(
            np.full(length, int(value), dtype=np.int64), np.zeros(length, dtype=np.bool_)
        )
    items = _values(value)
    _same_length(items, field, length)
    if items.dtype.kind in "iu":
        if items.dtype.kind == "u" and len(items) and int(items.max()) > 2**62:
            raise column_error(
                field, str(items.dtype), "des nombres de jours jusqu'à 2**62", "nombre trop grand"
            )
        return Integers(items.astype(np.int64), np.zeros(length, dtype=np.bool_))
    if items.dtype.kind == "f":
        null = np.isnan(items)
        whole = np.where(null, 0, items)
        if not np.array_equal(whole, np.trunc(whole)) or np.abs(whole).max(initial=0) > 2**53:
            raise column_error(field, str(items.dtype), _EXPECTED_WHOLE, "nombres non entiers")
        return Integers(whole.astype(np.int64), null)
    if items.dtype.kind == "O":
        null = np.array([item is None for item in items.tolist()], dtype=np.bool_)
        if not all(type(item) is int for item in items[~null].tolist()):
            raise column_error(field, "colonne d'objets", _EXPECTED_WHOLE, "nombres non entiers")
        return Integers(np.where(null, 0, items).astype(np.int64), null)
    raise column_error(field, str(items.dtype), _EXPECTED_WHOLE, "type de colonne")


def _same_length(items: Any, field: str, length: int) -> None:  # noqa: ANN401  # any column
    check_length(len(items), field, length)


def check_length(count: int, field: str, length: int) -> None:
    """Refuse a column of ``count`` rows where ``length`` are expected."""
    if count != length:
        raise column_error(
            field,
            rows_of(count),
            f"une colonne de {rows_of(length)}, comme la première",
            "longueur différente",
        )


def read_labels(
    value: object, field: str, length: int
) -> tuple[npt.NDArray[np.integer[Any]], list[object]]:
    """A column of labels as ``(codes, labels)``: ``labels[codes[i]]`` is row i's; -1 for null.

    (-1 indexes the last item of a numpy array: a caller may keep the answer for a
    null row after its answers for the labels.)

    Each distinct label is met once, whatever the number of rows: pandas and Arrow
    encode by hashing, numpy text of short ASCII codes by their bytes
    (:func:`short_text_keys`), and pandas categories are read as they are.
    """
    library = _library(value)
    if library == "pandas":
        pandas = _module("pandas")
        column: Any = value
        if isinstance(column.dtype, pandas.CategoricalDtype):  # its codes, as they are
            _same_length(column, field, length)
            codes = column.array.codes if isinstance(column, pandas.Index) else column.cat.codes
            return np.asarray(codes), list(column.dtype.categories)  # int8 for few categories
        codes, labels = pandas.factorize(value)
        _same_length(codes, field, length)
        return np.asarray(codes, dtype=np.int64), list(labels)
    if library == "pyarrow":
        pyarrow = _module("pyarrow")
        whole: Any = value.combine_chunks() if isinstance(value, pyarrow.ChunkedArray) else value
        _same_length(whole, field, length)
        encoded = whole if pyarrow.types.is_dictionary(whole.type) else whole.dictionary_encode()
        indices = encoded.indices.fill_null(-1)
        return np.asarray(indices, dtype=np.int64), encoded.dictionary.to_pylist()
    if library == "polars":
        polars = _module("polars")
        labels_series = value.unique(maintain_order=True).drop_nulls()  # type: ignore[attr-defined]
        _same_length(value, field, length)
        codes_series = value.replace_strict(  # type: ignore[attr-defined]
            labels_series,
            polars.Series(range(len(labels_series))),
            default=-1,
            return_dtype=polars.Int64,
        ).fill_null(-1)
        return codes_series.to_numpy().astype(np.int64), labels_series.to_list()
    items = np.asarray(value)
    _same_length(items, field, length)
    keys = _numpy_keys(items, length)
    if keys is not None:  # short ASCII text: read by its bytes, no Python object per row
        distinct, codes = np.unique(keys, return_inverse=True)
        labels = [key.to_bytes(4, "little").rstrip(b"\0").decode() for key in distinct.tolist()]
        return codes.reshape(-1), labels
    table: dict[object, int] = {}
    codes = np.fromiter(
        (-1 if item is None else table.setdefault(item, len(table)) for item in items.tolist()),
        dtype=np.int64,
        count=len(items),
    )
    return codes, list(table)


def text_key(text: str) -> int:
    """A text as one number: its UTF-8 bytes b0 + 256·b1 + 65536·b2 + ….

    The number :func:`short_text_keys` gives each row of one to three bytes.
    """
    return int.from_bytes(text.encode(), "little")


# The bytes of a row's text kept, by its length: none of an empty text; all four
# read of a text of four bytes or more, whose key is then beyond any text of three.
_LENGTH_MASKS: Final = np.array([0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF], dtype=np.uint32)
SHORT_TEXT_KEY_LIMIT: Final = 1 << 24
"""Keys of texts of at most three bytes are below it; :func:`short_text_keys` gives any
other text a key at or above it."""


def short_text_keys(value: object, length: int) -> npt.NDArray[np.uint32] | None:
    """Each row's text as one number: its :func:`text_key` if it has one to three bytes.

    For a column of department codes read with no dictionary: each row's bytes read
    as one number (no hashing, no sort). A longer text has a key of
    :data:`SHORT_TEXT_KEY_LIMIT` or more, an empty one 0. For a numpy text column of at
    most three ASCII characters, or an Arrow text column (a pandas one backed by Arrow
    too) with no NUL byte (a NUL after « 57 » would read as « 57 »); None for any other
    column, or one with a null row: the caller then reads the labels themselves
    (:func:`read_labels`).
    """
    library = _library(value)
    if isinstance(value, np.ndarray):
        return _numpy_keys(value, length)
    if library == "pandas":
        pandas = _module("pandas")
        dtype = getattr(value, "dtype", None)
        # Text backed by Arrow (pandas 3's default « str » when pyarrow is installed):
        # its Arrow array; any other pandas column (object, categorical): None.
        arrow_backed = isinstance(dtype, pandas.ArrowDtype) or (
            isinstance(dtype, pandas.StringDtype) and dtype.storage == "pyarrow"
        )
        if not arrow_backed:
            return None
        return _arrow_keys(value.array.__arrow_array__(), length)  # type: ignore[attr-defined]
    if library == "pyarrow":
        return _arrow_keys(value, length)
    return None


def _numpy_keys(value: npt.NDArray[Any], length: int) -> npt.NDArray[np.uint32] | None:
    if value.dtype.kind != "U" or value.ndim != 1 or len(value) != length or not length:
        return None
    width = value.dtype.itemsize // 4
    if not 0 < width <= 3:  # three characters, 8 bits each
        return None
    characters = np.ascontiguousarray(value).view(np.uint32).reshape(length, width)
    if characters.max() >= 128:  # not ASCII
        return None
    keys = characters[:, width - 1].copy()
    for place in range(width - 1, 0, -1):
        keys <<= np.uint32(8)
        keys |= characters[:, place - 1]
    return keys


def _arrow_keys(value: Any, length: int) -> npt.NDArray[np.uint32] | None:  # noqa: ANN401  # Arrow
    pyarrow = _module("pyarrow")
    chunks = value.chunks if isinstance(value, pyarrow.ChunkedArray) else [value]
    if len(value) != length or not length:
        return None
    parts = []
    for chunk in chunks:
        if pyarrow.types.is_string(chunk.type):
            offset_type: type[np.integer[Any]] = np.int32
        elif pyarrow.types.is_large_string(chunk.type):
            offset_type = np.int64
        else:
            return None
        if chunk.null_count:
            return None
        if not len(chunk):
            continue
        _, offset_buffer, data_buffer = chunk.buffers()
        offsets = np.frombuffer(offset_buffer, dtype=offset_type)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        first, end = int(offsets[0]), int(offsets[-1])
        data = np.frombuffer(data_buffer, dtype=np.uint8)[first:end] if end > first else None
        if data is not None and not data.all():  # a NUL byte
            return None
        # Every row's first four bytes as one little-endian word (four bytes of
        # padding keep the last row's inside), then only its own bytes kept.
        padded = np.zeros(end - first + 4, dtype=np.uint8)
        if data is not None:
            padded[: end - first] = data
        words = np.ndarray((end - first + 1,), dtype="<u4", buffer=padded, strides=(1,))
        starts = offsets[:-1] - first if first else offsets[:-1]
        keys = np.take(words, starts)
        keys &= np.take(_LENGTH_MASKS, np.diff(offsets), mode="clip")
        parts.append(keys)
    return np.concatenate(parts) if len(parts) > 1 else parts[0]


# --- writing


def _masked(values: npt.NDArray[Any], null: Bools) -> npt.NDArray[Any]:
    return np.ma.MaskedArray(values, mask=null) if null.any() else values


def write_days(ordinals: Int64s, null: Bools, shape: Shape) -> object:
    """Days (``date`` ordinals) in the kind of ``shape``.

    ``datetime64[D]``, ``pl.Date``, ``date32``, or ``date`` objects in a pandas Series.
    """
    days = (ordinals - EPOCH_ORDINAL).astype("datetime64[D]")
    days[null] = np.datetime64("NaT")
    if shape.kind == "numpy":
        return days
    if shape.kind in ("series", "index"):
        pandas = _module("pandas")
        if shape.arrow_backed:
            pyarrow = _module("pyarrow")
            column = pandas.array(
                pyarrow.array(days, type=pyarrow.date32()),
                dtype=pandas.ArrowDtype(pyarrow.date32()),
            )
        else:
            column = np.array(
                [
                    None if gone else date.fromordinal(day)
                    for day, gone in zip(ordinals.tolist(), null.tolist(), strict=True)
                ],
                dtype=object,
            )
        return _pandas(pandas, column, shape)
    if shape.kind == "polars":
        return _module("polars").Series(shape.name or "", days)
    pyarrow = _module("pyarrow")
    array = pyarrow.array(days, type=pyarrow.date32())
    return pyarrow.chunked_array([array]) if shape.kind == "chunked" else array


def write_instants(seconds: Int64s, null: Bools, shape: Shape) -> object:
    """UTC seconds as instants: UTC datetime64 for numpy, Europe/Paris for the others."""
    return write_ticks(seconds * PER_SECOND[shape.unit], null, shape)


def write_ticks(values: Int64s, null: Bools, shape: Shape) -> object:
    """UTC ticks of ``shape.unit`` as instants (:func:`write_instants`); ``values`` is reused."""
    ticks = values.view(f"datetime64[{shape.unit}]")
    if null.any():
        ticks[null] = np.datetime64("NaT")
    if shape.kind == "numpy":
        return ticks
    if shape.kind in ("series", "index"):
        pandas = _module("pandas")
        if shape.arrow_backed:
            pyarrow = _module("pyarrow")
            kind = pyarrow.timestamp(shape.unit, tz="Europe/Paris")
            column = pandas.array(pyarrow.array(ticks, type=kind), dtype=pandas.ArrowDtype(kind))
            return _pandas(pandas, column, shape)
        # Whole numbers in a UTC dtype are read as UTC instants, NaT included: no copy.
        utc = pandas.DatetimeTZDtype(shape.unit, "UTC")
        index = pandas.DatetimeIndex(values, dtype=utc, copy=False).tz_convert("Europe/Paris")
        return _pandas(pandas, index, shape)
    if shape.kind == "polars":
        polars = _module("polars")
        unit = shape.unit if shape.unit in ("ms", "us", "ns") else "ms"
        series = polars.Series(shape.name or "", ticks.astype(f"datetime64[{unit}]"))
        return series.dt.replace_time_zone("UTC").dt.convert_time_zone("Europe/Paris")
    pyarrow = _module("pyarrow")
    array = pyarrow.array(ticks, type=pyarrow.timestamp(shape.unit, tz="Europe/Paris"))
    return pyarrow.chunked_array([array]) if shape.kind == "chunked" else array


def write_bools(flags: Bools, null: Bools, shape: Shape) -> object:
    """Flags: bool (masked where null) for numpy, nullable booleans for the others."""
    return _write_plain(flags, null, shape, "boolean", "bool_")


def write_integers(values: Int64s, null: Bools, shape: Shape) -> object:
    """Counts: int64 (masked where null) for numpy, nullable integers for the others."""
    return _write_plain(values, null, shape, "Int64", "int64")


def _write_plain(
    values: npt.NDArray[Any], null: Bools, shape: Shape, pandas_dtype: str, arrow_type: str
) -> object:
    if shape.kind == "numpy":
        return _masked(values, null)
    if shape.kind in ("series", "index"):
        pandas = _module("pandas")
        column = pandas.array(values, dtype=pandas_dtype)
        column[null] = pandas.NA
        return _pandas(pandas, column, shape)
    if shape.kind == "polars":
        polars = _module("polars")
        series = polars.Series(shape.name or "", values)
        return series.scatter(np.flatnonzero(null), None) if null.any() else series
    pyarrow = _module("pyarrow")
    array = pyarrow.array(values, mask=null, type=getattr(pyarrow, arrow_type)())
    return pyarrow.chunked_array([array]) if shape.kind == "chunked" else array


def _pandas(pandas: ModuleType, column: object, shape: Shape) -> object:
    # The column is ours (built for this answer): no copy.
    if shape.kind == "index":
        return pandas.Index(column, name=shape.name, copy=False)
    return pandas.Series(column, index=shape.index, name=shape.name, copy=False)
