from __future__ import annotations

import importlib
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

import attrs
import duckdb
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from caf_contract import ChronologyError, InvalidValueError, NaiveDatetimeError
from caf_contract import retention as retention_module
from caf_contract._format import day_text
from caf_contract._time import PARIS, start_of_paris_day
from caf_contract.files import example_dossier
from caf_contract.habilitations import devalidate
from caf_contract.parameters import ParameterSet, current
from caf_contract.parties import Actor
from caf_contract.retention import (
    _PROBE_STEP,
    PurgeItem,
    RetentionCutoff,
    habilitation_purge_date,
    habilitation_purge_plan,
    habilitation_retention_cutoff,
    habilitation_retention_cutoff_instant,
    may_purge_habilitation,
    may_purge_trace,
    trace_purge_date,
    trace_purge_plan,
    trace_retention_cutoff,
    trace_retention_cutoff_instant,
)
from caf_contract.traces import Trace
from tests import strategies as cst
from tests.strategies import habilitations as hst
from tests.strategies import traces as tst

if TYPE_CHECKING:
    from caf_contract.decision import Decision

pytestmark = pytest.mark.article("5.3.2")  # how long traces and habilitation data are kept


WIDE = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
CAIRO = ZoneInfo("Africa/Cairo")
# Egypt brought summer time back in 2023: zone data older than tzdata 2023c (the
# lower bound of tzdata is 2020.1) has no gap there, and the cases below need one.
_CAIRO_GAP = datetime(2023, 4, 28, 0, 30, tzinfo=CAIRO)
needs_cairo_2023_gap = pytest.mark.skipif(
    _CAIRO_GAP.utcoffset() == _CAIRO_GAP.replace(fold=1).utcoffset(),
    reason="the zone data predates Egypt's summer time of 2023 (tzdata 2023c)",
)

# --- worked examples (SPEC, Art. 5.3.2)


@pytest.mark.parametrize(
    ("made", "purge_on"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2026, 8, 29), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), date(2026, 9, 30)),
        (date(2026, 11, 24), date(2027, 5, 24)),
    ],
)
def test_trace_purge_dates(made: date, purge_on: date) -> None:
    assert trace_purge_date(made) == purge_on


def test_a_trace_is_dated_by_its_paris_day() -> None:
    late_utc = datetime(2026, 8, 31, 22, 30, tzinfo=UTC)  # 1 September, 00:30 in Paris
    assert trace_purge_date(late_utc) == date(2027, 3, 1)
    assert trace_purge_date(datetime(2026, 8, 31, 21, 59, tzinfo=UTC)) == date(2027, 2, 28)


def test_habilitation_purge_dates() -> None:
    assert habilitation_purge_date(date(2024, 2, 29)) == date(2030, 2, 28)
    assert habilitation_purge_date(date(2026, 6, 30)) == date(2032, 6, 30)


def test_the_cutoff_is_exact_at_month_ends_where_as_of_minus_6_months_is_not() -> None:
    assert trace_retention_cutoff(date(2027, 2, 28)) == date(2026, 8, 31)
    assert date(2027, 2, 28) - relativedelta(months=6) == date(2026, 8, 28)  # the naive guess
    assert trace_purge_date(date(2026, 8, 31)) <= date(2027, 2, 28)  # so 29-31/08 are purgeable
    assert trace_retention_cutoff(date(2028, 2, 29)) == date(2027, 8, 31)
    assert trace_retention_cutoff(date(2028, 2, 28)) == date(2027, 8, 28)
    assert habilitation_retention_cutoff(date(2030, 2, 28)) == date(2024, 2, 29)


def test_cutoff_instants_are_the_start_of_the_next_paris_day() -> None:
    assert trace_retention_cutoff_instant(date(2027, 2, 28)) == datetime(2026, 9, 1, tzinfo=PARIS)
    assert habilitation_retention_cutoff_instant(date(2030, 2, 28)) == datetime(
        2024, 3, 1, tzinfo=PARIS
    )
    winter = trace_retention_cutoff_instant(date(2027, 5, 31))
    assert winter.isoformat() == "2026-12-01T00:00:00+01:00"


def test_decisions_cite_the_article_and_say_until_when() -> None:
    kept = may_purge_trace(date(2026, 8, 31), date(2027, 2, 27))
    assert (
        str(kept)
        == "refusé\n- Art. 5.3.2 — trace du 31/08/2026 : conservée six mois, jusqu'au 27/02/2027 inclus"
    )
    purge = may_purge_trace(date(2026, 8, 31), date(2027, 2, 28))
    assert (
        str(purge)
        == "autorisé\n- Art. 5.3.2 — trace du 31/08/2026 : purgeable depuis le 28/02/2027"
    )
    assert str(may_purge_habilitation(date(2024, 2, 29), date(2030, 2, 27))) == (
        "refusé\n- Art. 5.3.2 — dévalidée le 29/02/2024 : conservée six ans, jusqu'au 27/02/2030 inclus"
    )
    assert str(may_purge_habilitation(date(2024, 2, 29), date(2030, 2, 28))) == (
        "autorisé\n- Art. 5.3.2 — dévalidée le 29/02/2024 : purgeable depuis le 28/02/2030"
    )
    never = may_purge_habilitation(None, date(2100, 1, 1))
    assert str(never) == (
        "refusé\n- Art. 5.3.2 — habilitation non dévalidée : conservée (une suspension n'est pas une dévalidation)"
    )


def test_bad_input() -> None:
    with pytest.raises(NaiveDatetimeError, match="at"):
        trace_purge_date(datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(
        ChronologyError, match=r"^Art\. 5\.3\.2 — as_of \(01/01/2026\) précède la trace"
    ):
        may_purge_trace(date(2026, 3, 1), date(2026, 1, 1))
    with pytest.raises(ChronologyError, match="dévalidation"):
        may_purge_habilitation(date(2026, 3, 1), date(2026, 1, 1))
    with pytest.raises(InvalidValueError, match="as_of"):
        trace_retention_cutoff("2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="zone"):
        RetentionCutoff(date(2026, 1, 1), zone="Europe/Paris")  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError, match="instants"):
        RetentionCutoff(date(2026, 1, 1)).purgeable_flags(
            [datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1)]  # noqa: DTZ001
        )
    with pytest.raises(NaiveDatetimeError, match="as_of"):
        may_purge_habilitation(None, datetime(2026, 1, 1))  # noqa: DTZ001


DATE_OR_AWARE = "une date ou un datetime avec fuseau horaire"
PYTHON_LIMITS = "entre le 01/01/0001 et le 31/12/9999 (les limites des dates de Python)"


def _not_a_date(field: str, value: object) -> str:
    return f"{field} : valeur invalide ({value!r}) ; attendu : {DATE_OR_AWARE}."


def _out_of_range(field: str, value: date, accepted: str, what: str) -> str:
    return (
        f"Art. 5.3.2 — {field} : date hors de la plage représentable ({day_text(value)}) ; "
        f"attendu : une date {accepted}, pour que {what} reste {PYTHON_LIMITS}."
    )


def _too_early(later: str, earlier_field: str, earlier: str) -> str:
    return (
        f"Art. 5.3.2 — as_of ({later}) précède {earlier_field} ({earlier}) ; "
        f"attendu : une date égale ou postérieure au {earlier}."
    )


def _getter_expected(what: str, field: str) -> str:
    return f"une fonction qui donne {what} d'un enregistrement (par défaut, son attribut {field})"


JAN_2026 = date(2026, 1, 1)
# Wrong on purpose: typed Any, as the values an untyped caller may pass.
HIER: Any = "hier"
THREE: Any = 3
PARIS_NAME: Any = "Europe/Paris"
INSTANT_GETTER = _getter_expected("l'instant", "at")
BEYOND_9993 = date(9999, 1, 1)  # + 6 years is past 31/12/9999
DEVALIDATED_TOO_LATE = SimpleNamespace(devalidated_on=BEYOND_9993)
DEVALIDATED_IN_2027 = SimpleNamespace(devalidated_on=date(2027, 1, 1))
ERRORS = [
    # A value that is no day names its argument.
    (lambda: trace_purge_date(HIER), "at", _not_a_date("at", HIER)),
    (
        lambda: habilitation_purge_date(HIER),
        "devalidated_on",
        _not_a_date("devalidated_on", HIER),
    ),
    (lambda: trace_retention_cutoff(HIER), "as_of", _not_a_date("as_of", HIER)),
    (lambda: habilitation_retention_cutoff(HIER), "as_of", _not_a_date("as_of", HIER)),
    (lambda: may_purge_trace(HIER, JAN_2026), "at", _not_a_date("at", HIER)),
    (lambda: may_purge_trace(JAN_2026, HIER), "as_of", _not_a_date("as_of", HIER)),
    (
        lambda: may_purge_habilitation(HIER, JAN_2026),
        "devalidated_on",
        _not_a_date("devalidated_on", HIER),
    ),
    (lambda: may_purge_habilitation(JAN_2026, HIER), "as_of", _not_a_date("as_of", HIER)),
    (lambda: may_purge_habilitation(None, HIER), "as_of", _not_a_date("as_of", HIER)),
    (lambda: RetentionCutoff(HIER), "as_of", _not_a_date("as_of", HIER)),
    (
        lambda: RetentionCutoff(JAN_2026).is_purgeable(HIER),
        "at",
        "at : valeur invalide ('hier') ; attendu : un datetime avec fuseau horaire.",
    ),
    (
        lambda: RetentionCutoff(JAN_2026, zone=PARIS_NAME),
        "zone",
        (
            "zone : valeur invalide ('Europe/Paris') ; "
            "attendu : un fuseau (tzinfo), par exemple ZoneInfo('Europe/Paris'), ou None."
        ),
    ),
    (
        lambda: RetentionCutoff(JAN_2026, zone=tzinfo()),  # type: ignore[abstract]
        "zone",
        (
            "zone : fuseau sans décalage horaire utilisable (tzinfo) ; attendu : un fuseau "
            "(tzinfo) qui donne son décalage, de moins de 24 heures, par exemple "
            "ZoneInfo('Europe/Paris'), ou None."
        ),
    ),
    # What is not iterable, or not a function, is refused at the call.
    (
        lambda: RetentionCutoff(JAN_2026).purgeable_flags(THREE),
        "instants",
        (
            "Art. 5.3.2 — instants : valeur invalide (3) ; "
            "attendu : un itérable de datetime avec fuseau horaire."
        ),
    ),
    (
        lambda: trace_purge_plan(THREE, JAN_2026),
        "traces",
        (
            "Art. 5.3.2 — traces : valeur invalide (3) ; "
            "attendu : un itérable d'enregistrements (liste, générateur, curseur…)."
        ),
    ),
    (
        lambda: habilitation_purge_plan(THREE, JAN_2026),
        "records",
        (
            "Art. 5.3.2 — records : valeur invalide (3) ; "
            "attendu : un itérable d'enregistrements (liste, générateur, curseur…)."
        ),
    ),
    (
        lambda: trace_purge_plan([], JAN_2026, at=THREE),
        "at",
        f"Art. 5.3.2 — at : valeur invalide (3) ; attendu : {INSTANT_GETTER}.",
    ),
    (
        lambda: habilitation_purge_plan([], JAN_2026, devalidated_on=THREE),
        "devalidated_on",
        (
            "Art. 5.3.2 — devalidated_on : valeur invalide (3) ; "
            f"attendu : {_getter_expected('le jour de dévalidation', 'devalidated_on')}."
        ),
    ),
    (
        lambda: list(habilitation_purge_plan([SimpleNamespace(devalidated_on=None), 5], JAN_2026)),
        "records[1].devalidated_on",
        (
            "Art. 5.3.2 — records[1].devalidated_on : enregistrement sans attribut devalidated_on "
            "(5) ; attendu : un enregistrement avec un attribut devalidated_on "
            "(ou une fonction devalidated_on=… qui le lit)."
        ),
    ),
    # Days whose purge day or cutoff Python cannot name say which days are accepted.
    (
        lambda: trace_retention_cutoff(date(1, 1, 1)),
        "as_of",
        _out_of_range(
            "as_of", date(1, 1, 1), "entre le 01/07/0001 et le 31/12/9999", "as_of − six mois"
        ),
    ),
    (
        lambda: habilitation_retention_cutoff(date(1, 1, 1)),
        "as_of",
        _out_of_range(
            "as_of", date(1, 1, 1), "entre le 01/01/0007 et le 31/12/9999", "as_of − six ans"
        ),
    ),
    (
        lambda: habilitation_purge_date(BEYOND_9993),
        "devalidated_on",
        _out_of_range(
            "devalidated_on",
            BEYOND_9993,
            "entre le 01/01/0001 et le 31/12/9993",
            "la date de purge (+ six ans)",
        ),
    ),
    (
        lambda: may_purge_habilitation(BEYOND_9993, date.max),
        "devalidated_on",
        _out_of_range(
            "devalidated_on",
            BEYOND_9993,
            "entre le 01/01/0001 et le 31/12/9993",
            "la date de purge (+ six ans)",
        ),
    ),
    (
        lambda: list(habilitation_purge_plan([DEVALIDATED_TOO_LATE], date.max)),
        "records[0].devalidated_on",
        _out_of_range(
            "records[0].devalidated_on",
            BEYOND_9993,
            "entre le 01/01/0001 et le 31/12/9993",
            "la date de purge (+ six ans)",
        ),
    ),
    # An as_of before the record it is asked about.
    (
        lambda: may_purge_trace(date(2026, 3, 1), JAN_2026),
        "as_of",
        _too_early("01/01/2026", "la trace (at)", "01/03/2026"),
    ),
    (
        lambda: may_purge_habilitation(date(2026, 3, 1), JAN_2026),
        "as_of",
        _too_early("01/01/2026", "la dévalidation (devalidated_on)", "01/03/2026"),
    ),
    (
        lambda: list(habilitation_purge_plan([DEVALIDATED_IN_2027], JAN_2026)),
        "as_of",
        _too_early("01/01/2026", "la dévalidation (records[0].devalidated_on)", "01/01/2027"),
    ),
]


@pytest.mark.parametrize(("call", "field", "message"), ERRORS)
def test_errors_name_the_argument_and_say_what_is_expected(
    call: Callable[[], object], field: str, message: str
) -> None:
    with pytest.raises((InvalidValueError, ChronologyError)) as caught:
        call()
    assert isinstance(caught.value, InvalidValueError | ChronologyError)
    assert caught.value.field == field
    assert str(caught.value) == message


def test_a_chronology_error_keeps_both_days() -> None:
    with pytest.raises(ChronologyError) as caught:
        may_purge_habilitation(date(2026, 3, 1), JAN_2026)
    error = caught.value
    assert (error.earlier_field, error.earlier, error.later_field, error.later) == (
        "la dévalidation (devalidated_on)",
        date(2026, 3, 1),
        "as_of",
        JAN_2026,
    )


def test_dates_at_the_ends_of_pythons_range_are_refused_saying_which_are_accepted() -> None:
    with pytest.raises(
        InvalidValueError,
        match=r"^Art\. 5\.3\.2 — at : date hors de la plage représentable \(31/12/9999\) ; attendu : une date entre le 01/01/0001 et le 30/06/9999, pour que la date de purge \(\+ six mois\) reste entre le 01/01/0001 et le 31/12/9999 \(les limites des dates de Python\)\.$",
    ):
        trace_purge_date(date(9999, 12, 31))
    with pytest.raises(
        InvalidValueError, match="devalidated_on : .* entre le 01/01/0001 et le 31/12/9993"
    ):
        habilitation_purge_date(date(9999, 1, 1))
    with pytest.raises(InvalidValueError, match="as_of : .* entre le 01/07/0001 et le 31/12/9999"):
        trace_retention_cutoff(date(1, 1, 1))
    with pytest.raises(InvalidValueError, match="as_of : .* entre le 01/01/0007 et le 31/12/9999"):
        habilitation_retention_cutoff(date(1, 1, 1))
    with pytest.raises(InvalidValueError, match="as_of : date hors de la plage"):
        RetentionCutoff(date(1, 1, 1))
    with pytest.raises(InvalidValueError, match="as_of : date hors de la plage"):
        trace_retention_cutoff_instant(date(1, 6, 30))
    with pytest.raises(InvalidValueError, match="at : instant hors de la plage représentable"):
        trace_purge_date(datetime(9999, 12, 31, 23, tzinfo=UTC))  # 01/01/10000 in Paris
    with pytest.raises(InvalidValueError, match="at : instant hors de la plage représentable"):
        RetentionCutoff(date(2026, 1, 1)).is_purgeable(datetime(9999, 12, 31, 23, tzinfo=UTC))
    with pytest.raises(InvalidValueError, match="at : date hors de la plage"):
        may_purge_trace(date(9999, 12, 31), date(9999, 12, 31))
    with pytest.raises(InvalidValueError, match=r"traces\[1\]\.at : date hors de la plage"):
        list(trace_purge_plan([date(2026, 1, 1), date.max], date.max, at=lambda day: day))


def test_every_answer_that_python_can_name_is_given() -> None:
    # The cutoff exists at both ends; a purge day past 31/12/9999 is after any as_of.
    assert trace_retention_cutoff(date(1, 7, 1)) == date(1, 1, 1)
    assert habilitation_retention_cutoff(date(7, 1, 1)) == date(1, 1, 1)
    assert trace_retention_cutoff(date.max) == date(9999, 6, 30)
    assert trace_purge_date(date(9999, 6, 30)) == date(9999, 12, 30)
    assert habilitation_retention_cutoff(date.max) == date(9993, 12, 31)
    assert habilitation_purge_date(date(9993, 12, 31)) == date.max
    cutoff = RetentionCutoff(date.max)
    assert (cutoff.last_purgeable_day, cutoff.instant) == (
        date(9999, 6, 30),
        datetime(9999, 7, 1, tzinfo=PARIS),
    )
    assert habilitation_retention_cutoff_instant(date.max) == datetime(9994, 1, 1, tzinfo=PARIS)
    assert cutoff.is_purgeable(datetime(1, 1, 1, 1, tzinfo=timezone(timedelta(hours=1))))


# --- the cutoff is the per-record rule, for every day


@given(WIDE, WIDE)
def test_purge_date_before_as_of_iff_day_before_cutoff(day: date, as_of: date) -> None:
    assert (trace_purge_date(day) <= as_of) == (day <= trace_retention_cutoff(as_of))
    assert (habilitation_purge_date(day) <= as_of) == (day <= habilitation_retention_cutoff(as_of))


def test_the_equivalence_holds_for_every_day_of_several_years() -> None:
    for as_of in (date(2023, 1, 1) + timedelta(days=n) for n in range(6 * 366)):
        cutoff = trace_retention_cutoff(as_of)
        assert trace_purge_date(cutoff) <= as_of < trace_purge_date(cutoff + timedelta(days=1))
        long = habilitation_retention_cutoff(as_of)
        assert (
            habilitation_purge_date(long)
            <= as_of
            < habilitation_purge_date(long + timedelta(days=1))
        )


class Rules(NamedTuple):
    """What Art. 5.3.2 gives one kind of record."""

    purge_date: Callable[[date], date]
    purgeable: Callable[[date, date], Decision]
    cutoff: Callable[[date], date]
    cutoff_instant: Callable[[date], datetime]
    period: relativedelta


KINDS = [
    pytest.param(
        Rules(
            trace_purge_date,
            may_purge_trace,
            trace_retention_cutoff,
            trace_retention_cutoff_instant,
            relativedelta(months=6),
        ),
        id="traces",
    ),
    pytest.param(
        Rules(
            habilitation_purge_date,
            may_purge_habilitation,
            habilitation_retention_cutoff,
            habilitation_retention_cutoff_instant,
            relativedelta(years=6),
        ),
        id="habilitations",
    ),
]


@pytest.mark.parametrize("rules", KINDS)
@given(data=st.data())
def test_the_cutoff_is_exact_around_as_of_minus_the_period(
    rules: Rules, data: st.DataObject
) -> None:
    # Month ends and the days a period after them: there the cutoff is after the
    # naive as_of - period, and the days between are purgeable.
    ends = cst.month_ends(1900, 2200)
    as_of = data.draw(st.one_of(WIDE, ends, ends.map(lambda end: end + rules.period)))
    naive = as_of - rules.period
    for day in (naive + timedelta(days=shift) for shift in range(-4, 5)):
        assert (rules.purge_date(day) <= as_of) == (day <= rules.cutoff(as_of)), day


@pytest.mark.parametrize("rules", KINDS)
@given(WIDE, st.integers(0, 3000))
def test_purgeability_is_monotonic_in_as_of(rules: Rules, day: date, more: int) -> None:
    # Around the purge day (both outcomes occur there) and much later: once
    # purgeable, always purgeable; the cutoffs never go back.
    purge_day = day + rules.period
    moments = [purge_day + timedelta(days=shift) for shift in range(-3, 4)]
    moments.append(purge_day + timedelta(days=more))
    for as_of, later in itertools.combinations(sorted(moments), 2):
        if rules.purgeable(day, as_of):
            assert rules.purgeable(day, later), (as_of, later)
        assert rules.cutoff(as_of) <= rules.cutoff(later)
        assert rules.cutoff_instant(as_of) <= rules.cutoff_instant(later)
    assert not rules.purgeable(day, moments[2])  # the day before the purge day: kept
    assert rules.purgeable(day, moments[3])


@given(data=st.data())
def test_trace_instants_are_classified_like_their_paris_day(data: st.DataObject) -> None:
    as_of = data.draw(tst.purge_days())
    limit = trace_retention_cutoff_instant(as_of)
    for at in data.draw(st.lists(tst.instants_near_cutoff(as_of), min_size=1, max_size=12)):
        expected = bool(may_purge_trace(at, as_of))
        assert (at < limit) is expected, at
        for zone in cst.ZONES:
            cutoff = RetentionCutoff(as_of, zone=zone)
            assert cutoff.is_purgeable(at) is expected
            assert cutoff.purgeable_flags([at.astimezone(zone)]) == [expected]
        assert RetentionCutoff(as_of, zone=None).purgeable_flags((at,)) == [expected]


@given(data=st.data())
def test_devalidation_instants_are_classified_like_their_paris_day(data: st.DataObject) -> None:
    as_of = data.draw(tst.purge_days())
    limit = habilitation_retention_cutoff_instant(as_of)
    for at in data.draw(st.lists(hst.devalidations_near_cutoff(as_of), min_size=1, max_size=12)):
        assert (at < limit) is bool(may_purge_habilitation(at, as_of)), at


class _AlwaysAmbiguous(tzinfo):
    """A zone whose every wall-clock time is in a fold: +02:00 first, +01:00 second."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1 if dt is not None and dt.fold else 2)

    def dst(self, dt: datetime | None) -> timedelta:
        del dt
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        del dt
        return "ambigu"

    def fromutc(self, dt: datetime) -> datetime:
        return (dt + timedelta(hours=2)).replace(tzinfo=self)


class _AlwaysAmbiguousSecondPass(_AlwaysAmbiguous):
    """The same zone, naming each instant by its second pass (fold=1, +01:00)."""

    def fromutc(self, dt: datetime) -> datetime:
        return (dt + timedelta(hours=1)).replace(tzinfo=self, fold=1)


FIRST_PASS, SECOND_PASS = _AlwaysAmbiguous(), _AlwaysAmbiguousSecondPass()


@pytest.mark.parametrize(
    ("zone", "at", "purgeable"),
    [
        # The first instant kept, 22:00 UTC on 31/08/2026, is 00:00 (+02:00) on 1/09 in
        # the first pass, 23:00 (+01:00) on 31/08 in the second. Around it, wall clocks
        # and instants disagree: only a comparison in UTC is right.
        (FIRST_PASS, datetime(2026, 8, 31, 23, 30, fold=1, tzinfo=FIRST_PASS), False),
        (FIRST_PASS, datetime(2026, 9, 1, 0, 30, fold=1, tzinfo=FIRST_PASS), False),
        (FIRST_PASS, datetime(2026, 8, 31, 23, 59, tzinfo=FIRST_PASS), True),
        (SECOND_PASS, datetime(2026, 8, 31, 23, 30, tzinfo=SECOND_PASS), True),
        (SECOND_PASS, datetime(2026, 8, 31, 22, 30, fold=1, tzinfo=SECOND_PASS), True),
        (SECOND_PASS, datetime(2026, 8, 31, 23, 0, fold=1, tzinfo=SECOND_PASS), False),
    ],
)
def test_instants_in_a_fold_of_the_records_zone_are_classified_by_the_instant(
    zone: tzinfo, at: datetime, purgeable: bool
) -> None:
    as_of = date(2027, 2, 28)
    assert bool(may_purge_trace(at, as_of)) is purgeable
    cutoff = RetentionCutoff(as_of, zone=zone)
    assert cutoff.is_purgeable(at) is purgeable
    assert cutoff.purgeable_flags([at]) == [purgeable]


@pytest.mark.parametrize(
    ("as_of", "zone", "limit_zone", "guarded"),
    [
        (date(2027, 2, 28), UTC, UTC, False),
        (date(2027, 2, 28), PARIS, PARIS, False),
        (date(2027, 2, 28), cst.ZONES[2], cst.ZONES[2], False),
        (date(2027, 2, 28), None, UTC, False),
        # A zone of one's own (every wall clock in a fold): compared in UTC throughout.
        (date(2027, 2, 28), FIRST_PASS, UTC, False),
        # 00:00 on 26/03/2026 in Paris, 74 hours before the change to summer time; on
        # 28/03, 26 hours before it; in Cairo, 00:00 on 28/04/2023 ends a gap.
        (date(2026, 9, 25), PARIS, PARIS, False),
        (date(2026, 9, 27), PARIS, UTC, True),
        pytest.param(date(2023, 10, 27), CAIRO, UTC, True, marks=needs_cairo_2023_gap),
    ],
)
def test_the_cutoff_is_held_in_the_records_zone_unless_its_offset_changes_within_two_days(
    as_of: date, zone: tzinfo | None, limit_zone: tzinfo, guarded: bool
) -> None:
    # Datetimes of one tzinfo compare by wall clock, fast; of two, by UTC, slower.
    cutoff = RetentionCutoff(as_of, zone=zone)
    assert cutoff._limit.tzinfo is limit_zone
    assert cutoff._limit == cutoff.instant
    if guarded:
        assert zone is not None
        local = cutoff.instant.astimezone(zone)
        assert (cutoff._low, cutoff._high) == (
            local - timedelta(hours=48),
            local + timedelta(hours=48),
        )
        assert cutoff._low is not None
        assert cutoff._high is not None
        assert cutoff._low.tzinfo is cutoff._high.tzinfo is zone  # wall clocks, compared fast
    else:
        assert cutoff._low is cutoff._high is None


def test_a_cutoff_falling_in_a_fold_of_the_records_zone_is_compared_in_utc() -> None:
    # Wall-clock comparison in the records' zone would be wrong inside a fold: there,
    # RetentionCutoff compares in UTC.
    odd = _AlwaysAmbiguous()
    cutoff = RetentionCutoff(date(2027, 2, 28), zone=odd)
    second_pass = datetime(2026, 9, 1, 0, 30, fold=1, tzinfo=odd)  # 23:30 UTC: kept
    assert not cutoff.is_purgeable(second_pass)
    assert cutoff.purgeable_flags([second_pass]) == [False]
    assert cutoff.instant == datetime(2026, 9, 1, tzinfo=PARIS)
    assert cutoff.last_purgeable_day == date(2026, 8, 31)
    new_york = RetentionCutoff(date(2027, 5, 2), zone=cst.ZONES[2])
    assert new_york.is_purgeable(datetime(2026, 11, 1, 23, 59, tzinfo=PARIS))


# --- the bulk path is the per-record rule in every zone, around every offset change


@pytest.mark.parametrize(
    ("at", "purgeable"),
    [
        # Cairo springs forward at 00:00 on 28/04/2023 (+02:00 to +03:00), the very
        # instant Paris starts that day: 00:30 names no instant there; with fold=0 Python
        # reads it at +02:00 (22:30 UTC, 28/04 in Paris, kept), with fold=1 at +03:00
        # (21:30 UTC, 27/04 in Paris, purgeable).
        (datetime(2023, 4, 28, 0, 30, tzinfo=CAIRO), False),
        (datetime(2023, 4, 28, 0, 30, fold=1, tzinfo=CAIRO), True),
        (datetime(2023, 4, 27, 23, 59, 59, tzinfo=CAIRO), True),
        (datetime(2023, 4, 28, 1, 0, tzinfo=CAIRO), False),
    ],
)
@needs_cairo_2023_gap
def test_a_trace_in_a_dst_gap_of_the_records_zone_is_not_purged_before_six_months(
    at: datetime, purgeable: bool
) -> None:
    as_of = date(2023, 10, 27)
    assert bool(may_purge_trace(at, as_of)) is purgeable
    cutoff = RetentionCutoff(as_of, zone=CAIRO)
    assert cutoff.is_purgeable(at) is purgeable
    assert cutoff.purgeable_flags([at]) == [purgeable]
    assert cutoff.purgeable_flags((at, at.astimezone(UTC), at.astimezone(PARIS))) == [purgeable] * 3


@given(data=st.data(), as_of=st.dates(date(1990, 1, 1), date(2090, 12, 31)))
def test_in_a_zone_of_ones_own_the_bulk_path_agrees_with_the_rule(
    data: st.DataObject, as_of: date
) -> None:
    """Issue 14 review: the bulk path sampled a zone's offset every few hours, which holds
    for the tz database, not for a tzinfo written by hand (here, one changing its offset
    for a minute to two days near the cutoff)."""
    cutoff_instant = RetentionCutoff(as_of).instant
    zone = data.draw(cst.blip_zones(cutoff_instant))
    walls = [zone.start, zone.end, zone.start + (zone.end - zone.start) / 2]
    instants = [
        (wall + shift).replace(tzinfo=zone, fold=fold)
        for wall in walls
        for shift in (timedelta(0), timedelta(minutes=-1), timedelta(hours=-3), timedelta(hours=3))
        for fold in (0, 1)
    ]
    instants += data.draw(st.lists(cst.aware_datetimes(), max_size=3))
    _agree(RetentionCutoff(as_of, zone=zone), instants)


@pytest.mark.parametrize(
    ("offset", "problem"),
    [(lambda: timedelta(hours=30), ValueError), (lambda: "x", TypeError), (None, RuntimeError)],
)
def test_a_zone_that_fails_to_give_its_offset_is_refused_in_words(
    offset: Callable[[], object] | None, problem: type[Exception]
) -> None:
    """Issue 14 review: Python's ValueError or TypeError (or the zone's own error) escaped."""

    class Failing(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta:  # noqa: ARG002
            if offset is None:
                raise problem
            return offset()  # type: ignore[return-value]

        def dst(self, dt: datetime | None) -> timedelta:  # noqa: ARG002
            return timedelta(0)

        def tzname(self, dt: datetime | None) -> str:  # noqa: ARG002
            return "F"

    zone = Failing()
    with pytest.raises(InvalidValueError) as caught:
        RetentionCutoff(date(2026, 1, 1), zone=zone)
    assert caught.value.value is zone  # the error keeps what was given, for the caller
    assert str(caught.value) == (
        "zone : fuseau sans décalage horaire utilisable (Failing) ; attendu : un fuseau "
        "(tzinfo) qui donne son décalage, de moins de 24 heures, par exemple "
        "ZoneInfo('Europe/Paris'), ou None."
    )
    at = datetime(2026, 1, 1, tzinfo=zone)
    expected = (
        "fuseau horaire défaillant (Failing) ; attendu : un fuseau (tzinfo) dont utcoffset() "
        "donne un décalage de moins de 24 heures, par exemple ZoneInfo('Europe/Paris')."
    )
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: RetentionCutoff(date(2026, 1, 1)).purgeable_flags([at]), "instants[0]"),
        (lambda: RetentionCutoff(date(2026, 1, 1)).is_purgeable(at), "at"),
        (lambda: may_purge_trace(at, date(2026, 1, 1)), "at"),
        (lambda: Trace(user="u", partner="123456782", action="a", at=at), "Trace.at"),
    ]
    for call, field in calls:
        with pytest.raises(InvalidValueError) as caught:
            call()
        assert str(caught.value).endswith(f"{field} : {expected}"), str(caught.value)


def _around(change: cst.OffsetChange) -> list[datetime]:
    """Wall clocks at and around both edges of a change's gap or fold, either fold."""
    gap = abs(change.after - change.before)
    shifts = {timedelta(0), timedelta(microseconds=1), gap, gap / 2, timedelta(hours=1)}
    walls = {
        edge + sign * shift for edge in change.wall_clocks for shift in shifts for sign in (1, -1)
    }
    return [
        wall.replace(tzinfo=change.zone, fold=fold) for wall in sorted(walls) for fold in (0, 1)
    ]


def _cutoffs_around(change: cst.OffsetChange) -> list[date]:
    """The ``as_of`` whose cutoff instant (a Paris midnight) is nearest the change, either side."""
    day = change.at.astimezone(PARIS).date()
    return [trace_purge_date(day + timedelta(days=shift)) for shift in (-1, 0)]


def _purgeable(at: datetime, as_of: date) -> bool:
    """The per-record rule, for instants after ``as_of`` too."""
    try:
        return trace_purge_date(at) <= as_of
    except InvalidValueError:  # a purge day after 31/12/9999: after any as_of
        return False


def _agree(cutoff: RetentionCutoff, instants: list[datetime]) -> None:
    expected = [_purgeable(at, cutoff.as_of) for at in instants]
    assert [cutoff.is_purgeable(at) for at in instants] == expected
    flags = cutoff.purgeable_flags(instants)
    assert flags == expected, [
        (at.isoformat(), at.fold)
        for at, flag, rule in zip(instants, flags, expected, strict=True)
        if flag is not rule
    ]


def test_every_zone_of_the_database_agrees_with_the_rule_around_its_2023_changes() -> None:
    # Every zone, every change of its offset in 2023, the Paris midnights either side:
    # the bulk path says what the per-record rule says, in gaps and folds included.
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for name in sorted(available_timezones()):
        zone = ZoneInfo(name)
        for change in cst.offset_changes(zone, start, 365):
            instants = _around(change)
            for as_of in _cutoffs_around(change):
                cutoff = RetentionCutoff(as_of, zone=zone)
                limit = cutoff.instant.astimezone(zone).replace(tzinfo=None)
                near_limit = [
                    (limit + timedelta(microseconds=micros)).replace(tzinfo=zone, fold=fold)
                    for micros in (-1, 0, 1)
                    for fold in (0, 1)
                ]
                _agree(cutoff, instants + near_limit)


@given(data=st.data())
def test_the_bulk_path_agrees_with_the_rule_near_the_offset_changes_of_any_zone(
    data: st.DataObject,
) -> None:
    change = data.draw(cst.zone_offset_changes())
    as_of = data.draw(st.sampled_from(_cutoffs_around(change)))
    cutoff = RetentionCutoff(as_of, zone=change.zone)
    instants = data.draw(
        st.lists(
            st.one_of(
                cst.wall_clocks_near(change),
                cst.instants_near_change(change).map(lambda at: at.astimezone(change.zone)),
                cst.instants_around(cutoff.instant, hours=50),
            ),
            min_size=1,
            max_size=12,
        )
    )
    _agree(cutoff, instants)


def test_no_zone_of_the_database_changes_its_offset_twice_within_six_hours() -> None:
    # RetentionCutoff reads the records' zone every 6 hours of wall clock, either fold,
    # to know whether its offset changes near the cutoff: exact for zones that never
    # change it twice within 6 hours. The stdlib's pure-Python zoneinfo (which reads
    # the same files as the C one) shows each zone's table of changes by wall clock;
    # after its last row, a zone follows a yearly rule (changes months apart).
    step = _PROBE_STEP.total_seconds()
    pure = importlib.import_module("zoneinfo._zoneinfo").ZoneInfo
    closest: list[tuple[float, str]] = []
    for name in sorted(available_timezones()):
        zone = pure.no_cache(name)
        offsets = [zone._tti_before, *zone._ttinfos]
        for fold in (0, 1):
            changes = [
                wall_clock
                for wall_clock, before, after in zip(
                    zone._trans_local[fold], offsets, offsets[1:], strict=False
                )
                if before.utcoff != after.utcoff
            ]
            closest.extend(
                (later - earlier, name) for earlier, later in itertools.pairwise(changes)
            )
    assert len(closest) > 10_000
    assert min(closest) > (step, "")


EXTREME_OFFSETS = [
    timezone(timedelta(hours=-23, minutes=-59)),
    timezone(timedelta(hours=23, minutes=59)),
    ZoneInfo("Pacific/Kiritimati"),  # +14:00, which skipped 31/12/1994
    ZoneInfo("Pacific/Apia"),  # skipped 30/12/2011: a gap of 24 hours
    ZoneInfo("Etc/GMT+12"),
]


@pytest.mark.parametrize("zone", EXTREME_OFFSETS, ids=str)
@pytest.mark.parametrize("as_of", [date(1, 7, 1), date(1, 7, 2), date(2012, 6, 30), date.max])
def test_zones_far_from_utc_at_the_ends_of_pythons_dates_get_the_right_answer(
    zone: tzinfo, as_of: date
) -> None:
    # 00:00 in Paris on 02/01/0001 is 31/12/0000 at UTC-23:59: the cutoff has no wall
    # clock there, and is compared in UTC.
    cutoff = RetentionCutoff(as_of, zone=zone)
    assert cutoff.instant == start_of_paris_day(cutoff.last_purgeable_day + timedelta(days=1))
    limit = cutoff.instant.astimezone(UTC)
    instants = [
        moment.astimezone(zone)
        for moment in _hours_around(limit, 50)
        if _named_in(moment, zone) and _named_in(moment, PARIS)
    ]
    instants += [
        at.replace(tzinfo=zone)
        for at in (datetime(1, 1, 1), datetime(1, 1, 2, 0, 30), datetime(9999, 7, 1))  # noqa: DTZ001
        if _named_in(at.replace(tzinfo=zone), UTC) and _named_in(at.replace(tzinfo=zone), PARIS)
    ]
    _agree(cutoff, instants)


def _hours_around(moment: datetime, hours: int) -> Iterator[datetime]:
    for shift in range(-hours, hours + 1):
        try:
            yield moment + timedelta(hours=shift)
        except OverflowError:
            continue


def _named_in(moment: datetime, zone: tzinfo) -> bool:
    try:
        moment.astimezone(zone)
    except OverflowError:
        return False
    return True


# --- plans, streamed


def _endless_traces() -> Iterator[Trace]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for minutes in itertools.count():
        yield Trace(
            user="agent1",
            partner="123456782",
            action="consultation",
            at=start + timedelta(minutes=minutes),
        )


def test_a_plan_streams_records_one_by_one() -> None:
    plan = trace_purge_plan(_endless_traces(), date(2026, 7, 1))
    first = list(itertools.islice(plan, 3))  # an endless source: nothing is read ahead
    assert [item.purge for item in first] == [True, True, True]
    assert first[0].purge_on == date(2026, 7, 1)
    assert (
        str(first[0].reason) == "Art. 5.3.2 — trace du 01/01/2026 : purgeable depuis le 01/07/2026"
    )


@given(st.lists(tst.instants(), max_size=20), tst.instants())
def test_a_plan_agrees_with_the_rule_for_each_record(
    instants: list[datetime], as_of: datetime
) -> None:
    instants = [
        at for at in instants if at.astimezone(PARIS).date() <= as_of.astimezone(PARIS).date()
    ]
    records = [{"made": at} for at in instants]
    plan: list[PurgeItem[dict[str, Any]]] = list(
        trace_purge_plan(records, as_of, at=lambda record: record["made"])
    )
    assert [item.record for item in plan] == records
    assert [item.purge for item in plan] == [bool(may_purge_trace(at, as_of)) for at in instants]
    for item in plan:
        assert item.purge_on is not None
        assert item.reason.article.value == "5.3.2"
        assert ("purgeable" in item.reason.message) is item.purge


@example(  # Paris mean time: midnight in Paris at 23:50:39 UTC, inside one UTC hour
    hours=[datetime(1900, 1, 1, 23, tzinfo=UTC)], minutes=[0, 3500], as_of=date(2000, 1, 1), memo=9
)
@given(
    hours=st.lists(
        st.one_of(
            tst.instants(),
            st.datetimes(datetime(1850, 1, 1), timezones=st.just(UTC)),  # noqa: DTZ001
        ),
        min_size=1,
        max_size=8,
    ),
    minutes=st.lists(st.integers(0, 3599), min_size=1, max_size=6),
    as_of=st.dates(date(2000, 1, 1), date(2100, 12, 31)),
    memo=st.sampled_from([1, 2, 65_536]),
)
def test_a_plan_of_utc_instants_agrees_with_the_rule_whatever_it_remembers(
    hours: list[datetime],
    minutes: list[int],
    as_of: date,
    memo: int,
) -> None:
    """Issue 16: a plan works out each Paris day once per UTC hour (and each verdict
    once per day); for UTC instants many to an hour, Paris midnights and the old Paris
    mean time (+00:09:21) included, and however little it may remember, every item
    is what the per-record rule says."""
    instants = [
        (hour.astimezone(UTC).replace(minute=0, second=0, microsecond=0))
        + timedelta(seconds=second)
        for hour in hours
        for second in minutes
    ]
    instants = [at for at in instants if at.astimezone(PARIS).date() <= as_of]
    traces = [Trace(user="u", partner="123456782", action="a", at=at) for at in instants]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(retention_module, "_MEMO_SIZE", memo)
        plan = list(trace_purge_plan(traces, as_of))
    assert [item.purge for item in plan] == [bool(may_purge_trace(at, as_of)) for at in instants]
    assert [item.purge_on for item in plan] == [trace_purge_date(at) for at in instants]
    assert [item.reason for item in plan] == [
        may_purge_trace(at, as_of).reasons[0] for at in instants
    ]


def test_what_a_getter_of_ones_own_raises_goes_through_a_trace_plan() -> None:
    def broken(record: object) -> datetime:
        raise AttributeError(record)

    with pytest.raises(AttributeError):
        list(trace_purge_plan([object()], date(2026, 7, 1), at=broken))
    with pytest.raises(InvalidValueError, match=r"^Art\. 5\.3\.2 — traces\[1\]\.at : "):
        list(
            trace_purge_plan(
                [SimpleNamespace(at=datetime(2026, 1, 1, tzinfo=UTC)), 3], date(2026, 7, 1)
            )
        )


def test_habilitation_plans_keep_what_is_not_devalidated() -> None:
    contract = example_dossier().contract
    from caf_contract.habilitations import Habilitation  # noqa: PLC0415

    admin = Actor.partner("123456782", "lbernard@coteaux-exemple.fr")
    active = Habilitation(
        id="h1", user="agent1", service="CDAP", role="consultation", scopes={"dossier"},
        granted_by=admin, granted_at=datetime(2019, 1, 2, tzinfo=PARIS),
    )  # fmt: skip
    gone = devalidate(
        active,
        by=admin,
        at=datetime(2019, 6, 30, 18, tzinfo=PARIS),
        reason="départ",
        contract=contract,
    )
    recent = devalidate(
        active,
        by=admin,
        at=datetime(2024, 6, 30, 18, tzinfo=PARIS),
        reason="départ",
        contract=contract,
    )
    plan = list(habilitation_purge_plan([active, gone, recent], date(2026, 1, 1)))
    assert [item.purge for item in plan] == [False, True, False]
    assert [item.purge_on for item in plan] == [None, date(2025, 6, 30), date(2030, 6, 30)]
    assert (
        str(plan[2].reason)
        == "Art. 5.3.2 — dévalidée le 30/06/2024 : conservée six ans, jusqu'au 29/06/2030 inclus"
    )
    with pytest.raises(ChronologyError):
        list(habilitation_purge_plan([recent], date(2024, 1, 1)))

    def text_day(record: dict[str, int]) -> Any:  # junk on purpose
        del record
        return "hier"

    with pytest.raises(InvalidValueError, match="devalidated_on"):
        list(habilitation_purge_plan([{"x": 1}], date(2024, 1, 1), devalidated_on=text_day))
    with pytest.raises(ChronologyError, match="trace"):
        list(
            trace_purge_plan(
                [{"at": date(2026, 5, 1)}], date(2026, 1, 1), at=lambda record: record["at"]
            )
        )


@pytest.mark.parametrize(
    ("made", "purge", "reason"),
    [
        # On 28/02/2027 the cutoff is 31/08/2026 (31/08 + 6 months = 28/02).
        (date(2026, 8, 31), True, "trace du 31/08/2026 : purgeable depuis le 28/02/2027"),
        (
            date(2026, 9, 1),
            False,
            "trace du 01/09/2026 : conservée six mois, jusqu'au 28/02/2027 inclus",
        ),
    ],
)
def test_trace_plans_on_the_days_around_the_cutoff(made: date, purge: bool, reason: str) -> None:
    as_of = date(2027, 2, 28)
    record = SimpleNamespace(at=made)
    [item] = trace_purge_plan([record], as_of)
    assert item.record is record
    assert (item.purge, str(item.reason)) == (purge, f"Art. 5.3.2 — {reason}")
    assert item.purge_on == trace_purge_date(made)
    assert item.reason == may_purge_trace(made, as_of).reasons[0]


@pytest.mark.parametrize(
    ("devalidated_on", "purge", "purge_on", "reason"),
    [
        # On 28/02/2030 the cutoff is 29/02/2024 (+ 6 years = 28/02/2030).
        (
            date(2024, 2, 29),
            True,
            date(2030, 2, 28),
            "dévalidée le 29/02/2024 : purgeable depuis le 28/02/2030",
        ),
        (
            date(2024, 3, 1),
            False,
            date(2030, 3, 1),
            "dévalidée le 01/03/2024 : conservée six ans, jusqu'au 28/02/2030 inclus",
        ),
        (
            None,
            False,
            None,
            "habilitation non dévalidée : conservée (une suspension n'est pas une dévalidation)",
        ),
    ],
)
def test_habilitation_plans_on_the_days_around_the_cutoff(
    devalidated_on: date | None, purge: bool, purge_on: date | None, reason: str
) -> None:
    as_of = date(2030, 2, 28)
    record = SimpleNamespace(devalidated_on=devalidated_on)
    [item] = habilitation_purge_plan([record], as_of)
    assert item.record is record
    assert (item.purge, item.purge_on) == (purge, purge_on)
    assert str(item.reason) == f"Art. 5.3.2 — {reason}"
    assert item.reason == may_purge_habilitation(devalidated_on, as_of).reasons[0]


def test_plans_check_their_arguments_at_the_call_before_reading_a_record() -> None:
    read: list[int] = []

    def source() -> Iterator[Trace]:
        read.append(1)
        yield from ()

    with pytest.raises(InvalidValueError, match="as_of : date hors de la plage"):
        trace_purge_plan(source(), date(1, 1, 1))
    with pytest.raises(InvalidValueError, match="as_of : valeur invalide"):
        trace_purge_plan(source(), "hier")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="traces : valeur invalide"):
        trace_purge_plan(None, date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="at : valeur invalide"):
        trace_purge_plan(source(), date(2026, 1, 1), at=3)  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError, match="as_of : date et heure sans fuseau"):
        habilitation_purge_plan(source(), datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(InvalidValueError, match="records : valeur invalide"):
        habilitation_purge_plan(3, date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(
        InvalidValueError,
        match=r"devalidated_on : valeur invalide \('x'\) ; attendu : une fonction qui donne le jour de dévalidation",
    ):
        habilitation_purge_plan(source(), date(2026, 1, 1), devalidated_on="x")  # type: ignore[arg-type]
    assert read == []


def test_a_bad_record_is_named_by_its_position() -> None:
    good = Trace(
        user="agent1",
        partner="123456782",
        action="consultation",
        at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    as_of = date(2026, 9, 1)
    with pytest.raises(
        InvalidValueError,
        match=r"^Art\. 5\.3\.2 — traces\[3\]\.at : enregistrement sans attribut at \(\{'at': .*\}\) ; attendu : un enregistrement avec un attribut at",
    ):
        list(trace_purge_plan([good, good, good, {"at": good.at}], as_of))
    with pytest.raises(InvalidValueError, match=r"^traces\[1\]\.at : valeur invalide \('hier'\)"):
        list(trace_purge_plan([good, SimpleNamespace(at="hier")], as_of))
    with pytest.raises(NaiveDatetimeError, match=r"^traces\[0\]\.at : date et heure sans fuseau"):
        list(trace_purge_plan([SimpleNamespace(at=datetime(2026, 1, 1))], as_of))  # noqa: DTZ001
    with pytest.raises(ChronologyError, match=r"précède la trace \(traces\[1\]\.at\)"):
        list(trace_purge_plan([good, SimpleNamespace(at=date(2027, 1, 1))], as_of))
    with pytest.raises(
        InvalidValueError, match=r"records\[1\]\.devalidated_on : enregistrement sans attribut"
    ):
        list(habilitation_purge_plan([SimpleNamespace(devalidated_on=None), good], as_of))
    with pytest.raises(InvalidValueError, match=r"^records\[0\]\.devalidated_on : valeur invalide"):
        list(habilitation_purge_plan([SimpleNamespace(devalidated_on="hier")], as_of))
    with pytest.raises(ChronologyError, match=r"la dévalidation \(records\[0\]\.devalidated_on\)"):
        list(habilitation_purge_plan([SimpleNamespace(devalidated_on=date(2027, 1, 1))], as_of))
    cutoff = RetentionCutoff(as_of)
    with pytest.raises(
        InvalidValueError,
        match=r"instants : valeur invalide \(None\) ; attendu : un itérable de datetime",
    ):
        cutoff.purgeable_flags(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"instants\[1\] : valeur invalide \(3\)"):
        cutoff.purgeable_flags(iter([good.at, 3]))  # type: ignore[arg-type]


# --- the predicate in a store: DuckDB


def _selected(store: duckdb.DuckDBPyConnection, table: str, limit: datetime) -> set[int]:
    rows = store.execute(f"SELECT id FROM {table} WHERE instant < ?", [limit]).fetchall()  # noqa: S608
    return {row[0] for row in rows}


@given(data=st.data())
def test_duckdb_where_at_lt_cutoff_selects_exactly_what_the_rule_selects(
    data: st.DataObject,
) -> None:
    as_of = data.draw(tst.purge_days())
    traces = data.draw(st.lists(tst.instants_near_cutoff(as_of), min_size=1, max_size=60))
    devalidations = data.draw(
        st.lists(hst.devalidations_near_cutoff(as_of), min_size=1, max_size=60)
    )
    with duckdb.connect() as store:
        for table, instants in (("traces", traces), ("habilitations", devalidations)):
            store.execute(f"CREATE TABLE {table} (id INTEGER, instant TIMESTAMPTZ)")
            store.executemany(f"INSERT INTO {table} VALUES (?, ?)", list(enumerate(instants)))  # noqa: S608
        purged_traces = _selected(store, "traces", trace_retention_cutoff_instant(as_of))
        purged_habilitations = _selected(
            store, "habilitations", habilitation_retention_cutoff_instant(as_of)
        )
    assert purged_traces == {n for n, at in enumerate(traces) if may_purge_trace(at, as_of)}
    assert purged_habilitations == {
        n for n, at in enumerate(devalidations) if may_purge_habilitation(at, as_of)
    }


# --- what mutation testing found unpinned: every rule reads the periods it is given


def _shorter_periods() -> ParameterSet:
    """The figures in force, with traces kept « trois mois » and habilitations « cinq ans »."""
    in_force = current()
    return attrs.evolve(
        in_force,
        trace_retention=attrs.evolve(
            in_force.trace_retention, value=relativedelta(months=3), wording="trois mois"
        ),
        habilitation_retention=attrs.evolve(
            in_force.habilitation_retention, value=relativedelta(years=5), wording="cinq ans"
        ),
    )


def _plan(items: Iterator[PurgeItem[SimpleNamespace]]) -> list[tuple[bool, str]]:
    return [(item.purge, str(item.reason)) for item in items]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda p: habilitation_purge_date(date(2024, 2, 29), parameters=p),
            date(2029, 2, 28),
            id="habilitation_purge_date",
        ),
        pytest.param(
            lambda p: habilitation_retention_cutoff(date(2029, 2, 28), parameters=p),
            date(2024, 2, 29),
            id="habilitation_retention_cutoff",
        ),
        pytest.param(
            lambda p: habilitation_retention_cutoff_instant(date(2029, 2, 28), parameters=p),
            datetime(2024, 3, 1, tzinfo=PARIS),
            id="habilitation_retention_cutoff_instant",
        ),
        pytest.param(
            lambda p: trace_retention_cutoff_instant(date(2026, 11, 30), parameters=p),
            datetime(2026, 9, 1, tzinfo=PARIS),
            id="trace_retention_cutoff_instant",
        ),
        pytest.param(
            lambda p: [
                str(reason)
                for day in (date(2024, 2, 29), date(2024, 3, 1))
                for reason in may_purge_habilitation(day, date(2029, 2, 28), parameters=p).reasons
            ],
            [
                "Art. 5.3.2 — dévalidée le 29/02/2024 : purgeable depuis le 28/02/2029",
                (
                    "Art. 5.3.2 — dévalidée le 01/03/2024 : conservée cinq ans, jusqu'au 28/02/2029 "
                    "inclus"
                ),
            ],
            id="may_purge_habilitation",
        ),
        pytest.param(
            lambda p: _plan(
                trace_purge_plan(
                    [SimpleNamespace(at=date(2026, 8, 31)), SimpleNamespace(at=date(2026, 9, 1))],
                    date(2026, 11, 30),
                    parameters=p,
                )
            ),
            [
                (True, "Art. 5.3.2 — trace du 31/08/2026 : purgeable depuis le 30/11/2026"),
                (
                    False,
                    (
                        "Art. 5.3.2 — trace du 01/09/2026 : conservée trois mois, jusqu'au 30/11/2026 "
                        "inclus"
                    ),
                ),
            ],
            id="trace_purge_plan",
        ),
        pytest.param(
            lambda p: _plan(
                habilitation_purge_plan(
                    [
                        SimpleNamespace(devalidated_on=date(2024, 2, 29)),
                        SimpleNamespace(devalidated_on=date(2024, 3, 1)),
                    ],
                    date(2029, 2, 28),
                    parameters=p,
                )
            ),
            [
                (True, "Art. 5.3.2 — dévalidée le 29/02/2024 : purgeable depuis le 28/02/2029"),
                (
                    False,
                    (
                        "Art. 5.3.2 — dévalidée le 01/03/2024 : conservée cinq ans, jusqu'au "
                        "28/02/2029 inclus"
                    ),
                ),
            ],
            id="habilitation_purge_plan",
        ),
    ],
)
def test_every_retention_rule_counts_with_the_periods_it_is_given(
    call: Callable[[ParameterSet | None], object], expected: object
) -> None:
    """« conservées pendant une durée de six mois », « six ans après la dévalidation »
    (Art. 5.3.2) are figures of the template: a rule given others counts and speaks with
    them, and only without them with those in force."""
    assert call(_shorter_periods()) == expected
    assert call(None) != expected
