"""Fuzzing every public constructor, rule and loader with arbitrary input.

For every entry point (each attrs class of the package, each public function), random
arguments — well-formed values of the annotated type mixed with junk of every kind —
must give either an answer or a :class:`CafContractError`: never ``TypeError``,
``AttributeError``, ``OverflowError``…; and the arguments must come back unchanged.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import inspect
import io
import itertools
import json
import os
import pkgutil
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caf_contract
from caf_contract import CafContractError
from caf_contract.cli import main as cli_main
from caf_contract.serialization import from_data, loads, to_data
from tests import strategies as cst
from tests.strategies import dossiers as dst
from tests.strategies import habilitations as hst
from tests.strategies import incidents as ist
from tests.strategies import traces as tst
from tests.toml_text import toml_text

# --- the entry points

_SKIPPED_MODULES = {"caf_contract.cli", "caf_contract.__main__"}  # fuzzed through argv below
_SKIPPED = {
    "caf_contract.calendar.clear_caches",  # no input
    "caf_contract.files.read_dossier",  # reads files: fuzzed through parse_dossier
    "caf_contract.files.example_dossier",  # no input
    "caf_contract.examples.tarn_et_garonne_template",  # no input
}


def _modules() -> list[types.ModuleType]:
    # Private modules (_time, _validate…) serve the public ones and are reached through them.
    names = [
        info.name
        for info in pkgutil.iter_modules(caf_contract.__path__, "caf_contract.")
        if not info.name.rsplit(".", 1)[1].startswith("_")
    ]
    return [importlib.import_module(name) for name in sorted(names) if name not in _SKIPPED_MODULES]


def _entry_points() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in _modules():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if not ((inspect.isclass(value) and attrs.has(value)) or inspect.isfunction(value)):
                continue
            qualified = f"{value.__module__}.{value.__qualname__}"
            if qualified not in _SKIPPED:
                found[qualified] = value
    return found


ENTRY_POINTS = _entry_points()

# --- arguments: junk, and well-formed values of the annotated type

_JUNK_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.binary(max_size=4),
    st.dates(),
    cst.extreme_days(),
    st.datetimes(),
    st.datetimes(timezones=cst.zones()),
    cst.extreme_datetimes(),
    st.times(),
    st.timedeltas(),
    cst.siren_strings(),
    cst.department_codes(),
    cst.emails(),
    cst.placeholders(),
)
JUNK = st.recursive(
    _JUNK_LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.tuples(children, children),
        st.dictionaries(st.text(max_size=6), children, max_size=3),
        st.frozensets(st.one_of(st.integers(), st.text(max_size=4), st.dates()), max_size=3),
    ),
    max_leaves=6,
)

_TYPED: dict[Any, st.SearchStrategy[Any]] = {
    str: st.text(max_size=20),
    int: st.integers(-10, 10**4),
    bool: st.booleans(),
    date: st.one_of(st.dates(), cst.extreme_days()),
    datetime: st.one_of(
        cst.aware_datetimes(), st.datetimes(timezones=cst.zones()), cst.extreme_datetimes()
    ),
    time: st.times(),
    caf_contract.Siren: cst.sirens(),
    caf_contract.Caf: cst.cafs(),
    caf_contract.Partner: cst.partners(complete=False),
    caf_contract.Interlocutor: cst.interlocutors(complete=False),
    caf_contract.Interlocutors: cst.interlocutor_sets(complete=False),
    caf_contract.Role: cst.roles(),
    caf_contract.Bulletin: cst.bulletins(),
    caf_contract.Contract: cst.contracts(complete=False),
    caf_contract.Avenant: cst.avenants(after=date(2020, 1, 1), signed=False),
    caf_contract.WorkingCalendar: cst.calendars(),
    caf_contract.MaintenanceWindow: ist.maintenance_windows(),
    caf_contract.OfficeHours: ist.office_hours(),
    caf_contract.Incident: cst.contracts().flatmap(lambda c: ist.incidents(contract=c)),
    caf_contract.Habilitation: cst.bulletins().flatmap(lambda b: hst.habilitations(bulletin=b)),
    caf_contract.GrantRequest: cst.contracts().flatmap(lambda c: hst.grant_requests(contract=c)),
    caf_contract.Delegation: st.booleans().flatmap(lambda w: hst.delegations(withdrawn=w)),
    caf_contract.Trace: tst.traces(),
    caf_contract.TraceReader: tst.readers(),
}


def _typed(hint: Any) -> st.SearchStrategy[Any]:  # noqa: PLR0911
    if hint in _TYPED:
        return _TYPED[hint]
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of([_typed(argument) for argument in arguments])
    if hint is type(None):
        return st.none()
    if origin in {tuple, frozenset, list, Iterable} or (
        origin is not None and origin.__name__ == "Iterable"
    ):
        item = _typed(arguments[0]) if arguments else JUNK
        return st.lists(item, max_size=3).map(
            origin if origin in {tuple, frozenset, list} else tuple
        )
    if origin is Mapping or origin is dict:
        return st.dictionaries(st.text(max_size=6), JUNK, max_size=3)
    if isinstance(hint, type) and issubclass(hint, caf_contract.Article | caf_contract.DayKind):
        return st.sampled_from(hint)
    if isinstance(hint, type) and hasattr(hint, "__members__"):
        return st.sampled_from(list(hint.__members__.values()))
    return JUNK


def _namespace() -> dict[str, Any]:
    names: dict[str, Any] = {
        "date": date,
        "datetime": datetime,
        "time": time,
        "timedelta": timedelta,
    }
    for module in _modules():
        names.update(vars(module))
    names.update({name: getattr(caf_contract, name) for name in caf_contract.__all__})
    return names


NAMESPACE = _namespace()


def _hints(target: Callable[..., Any]) -> dict[str, Any]:
    function = target.__init__ if inspect.isclass(target) else target
    try:
        return typing.get_type_hints(function, globalns=NAMESPACE)
    except (NameError, TypeError):  # pragma: no cover  # an annotation we cannot resolve
        return {}


@st.composite
def arguments(draw: st.DrawFn, target: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments for ``target``: each well-formed or junk."""
    signature = inspect.signature(target)
    hints = _hints(target)
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for name, parameter in signature.parameters.items():
        if parameter.kind in {parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD}:
            continue
        optional = parameter.default is not parameter.empty
        if optional and draw(st.booleans()):
            continue
        value = draw(st.one_of(_typed(hints.get(name, Any)), JUNK))
        if parameter.kind is parameter.POSITIONAL_ONLY:
            positional.append(value)
        else:
            keywords[name] = value
    return positional, keywords


def _snapshot(value: object) -> object:
    try:
        return copy.deepcopy(value)
    except TypeError:  # pragma: no cover  # uncopyable junk: nothing to compare
        return value


# Bounded for the regular run; FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py digs deeper.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def _consume(result: object) -> None:
    """Iterate what an entry point returns when it is an iterator (a streamed plan…).

    Errors raised on iteration are under the same rule as those raised at the call;
    bounded, since a plan over an endless source is endless too.
    """
    if isinstance(result, Iterator):
        for _ in itertools.islice(result, 50):
            pass


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
@FUZZ
@given(data=st.data())
def test_every_entry_point_answers_or_raises_our_errors_and_mutates_nothing(
    name: str, data: st.DataObject
) -> None:
    target = ENTRY_POINTS[name]
    positional, keywords = data.draw(arguments(target))
    before = _snapshot((positional, keywords))
    with contextlib.suppress(CafContractError):
        _consume(target(*positional, **keywords))
    assert (positional, keywords) == before


def test_every_public_module_is_fuzzed() -> None:
    fuzzed = {".".join(name.split(".")[:2]) for name in ENTRY_POINTS}
    public = {module.__name__ for module in _modules() if getattr(module, "__all__", ())}
    # Not fuzzed: the catalogue (an enum), the examples (no input), the error classes.
    assert (
        public - {"caf_contract.articles", "caf_contract.examples", "caf_contract.errors"} <= fuzzed
    )
    assert len(ENTRY_POINTS) > 30


# --- loaders

JSON_LIKE = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
LOADABLE = sorted(
    (value for value in ENTRY_POINTS.values() if inspect.isclass(value)),
    key=lambda kind: kind.__qualname__,
)


@st.composite
def damaged(draw: st.DrawFn, kind: type[Any]) -> object:
    """Plain data of a well-formed ``kind`` value, with one spot replaced by junk."""
    strategy = _TYPED.get(kind)
    if strategy is None:
        return draw(JSON_LIKE)
    plain = to_data(draw(strategy))
    if not isinstance(plain, dict) or not plain or draw(st.booleans()):
        return draw(st.one_of(JSON_LIKE, st.just(plain)))
    key = draw(st.sampled_from(sorted(plain)))
    return {**plain, key: draw(JSON_LIKE)}


@pytest.mark.parametrize("kind", LOADABLE, ids=lambda kind: kind.__qualname__)
@FUZZ
@given(data=st.data())
def test_loaders_answer_or_raise_our_errors(kind: type[Any], data: st.DataObject) -> None:
    plain = data.draw(damaged(kind))
    before = copy.deepcopy(plain)
    with contextlib.suppress(CafContractError):
        from_data(kind, plain)
    assert plain == before
    with contextlib.suppress(CafContractError):
        loads(kind, json.dumps(plain))


@FUZZ
@given(st.text(max_size=200))
def test_text_loaders_answer_or_raise_our_errors(text: str) -> None:
    for form in ("json", "toml"):
        with contextlib.suppress(CafContractError):
            caf_contract.files.parse_dossier(text, format=form)


# The ends of Python's dates: instants without a UTC or Paris time, days whose cutoff
# or deadline leaves the range.
CLI_EXTREMES = (
    "0001-01-01T00:00+01:00",
    "9999-12-31T23:59+00:00",
    "0001-01-01",
    "9999-12-31",
    "0001-06-30",
    "9999-12-31T22:59+00:00",
)


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "check",
                    "deadline",
                    "purge-cutoff",
                    "articles",
                    "--json",
                    "--department",
                    "57",
                    "--as-of",
                ]
            ),
            st.sampled_from(CLI_EXTREMES),
            st.text(max_size=12),
        ),
        max_size=4,
    )
)
def test_the_command_line_never_shows_a_traceback(argv: list[str]) -> None:
    code: object
    try:
        code = cli_main(argv)
    except SystemExit as exit_:  # argparse: usage errors exit 2, --help and --version 0
        code = exit_.code
    assert code in {0, 1, 2}


# --- the command line on generated files (issue 14): a dossier whole, damaged, or junk


@st.composite
def dossier_files(draw: st.DrawFn) -> tuple[str, str]:
    """The text of a dossier file and its format: well-formed, damaged in one spot, or junk."""
    plain: object = to_data(draw(dst.dossiers(complete=draw(st.booleans()), max_records=2)))
    if isinstance(plain, dict) and draw(st.booleans()):
        section = draw(st.sampled_from(sorted(plain)))
        plain = {**plain, section: draw(JSON_LIKE)}
    form = draw(st.sampled_from(["json", "toml"]))
    if form == "toml" and isinstance(plain, Mapping):
        with contextlib.suppress(TypeError):  # junk TOML cannot write (a null in a list)
            return toml_text(plain), "toml"
    return json.dumps(plain, ensure_ascii=draw(st.booleans())), "json"


@FUZZ
@given(dossier_files(), st.sampled_from([[], ["--json"]]))
def test_the_command_line_checks_any_generated_file_without_a_traceback(
    file: tuple[str, str], options: list[str]
) -> None:
    text, form = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"dossier.{form}"
        path.write_text(text, encoding="utf-8")
        output, errors = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(errors):
            code = cli_main(["check", *options, str(path)])
    assert code in {0, 1, 2}
    assert "Traceback" not in errors.getvalue()
    if code == 2:  # one line, or one line per fault of the file after the count
        first, *faults = errors.getvalue().splitlines()
        assert first.startswith("caf-contract : erreur : "), errors.getvalue()
        assert all(fault.startswith("- ") for fault in faults), errors.getvalue()
        assert not faults or first.endswith(f"{len(faults)} erreurs :") or "de plus" in faults[-1]
