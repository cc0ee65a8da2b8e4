"""Notebook displays (issue 17, point 5): every public value draws itself as escaped HTML."""

from __future__ import annotations

import calendar as stdlib_calendar
import html
import inspect
import re
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import caf_contract
from caf_contract import (
    Decision,
    DecisionRecord,
    Dossier,
    DossierReport,
    HabilitationQuota,
    InvalidValueError,
    Partner,
    PurgeItem,
    Reason,
    Replayed,
    RetentionCutoff,
    Role,
    UnsupportedYearError,
    WorkingCalendar,
    check_dossier,
    example_dossier,
    trace_purge_plan,
)
from caf_contract import parameters as contract_parameters
from caf_contract._html import ALLOWED_COLOUR, DENIED_COLOUR, GRID_LIMIT, Html, cell
from tests import strategies as cst
from tests.strategies import dossiers as dst
from tests.strategies import habilitations as hst
from tests.strategies import incidents as ist
from tests.strategies import traces as tst
from tests.test_serialization import VALUES

# --- a value of every public class

_PARAMETERS = list(contract_parameters.VALUES)

# The classes serialisation leaves out (tests/test_serialization.py's NOT_SERIALISED),
# drawn here; the others are drawn by the strategies the round-trip test uses.
_MORE: dict[str, tuple[type[Any], st.SearchStrategy[Any]]] = {
    "purge item": (
        PurgeItem,
        st.tuples(tst.traces(), st.integers(0, 400)).map(
            lambda drawn: next(trace_purge_plan([drawn[0]], drawn[0].at + timedelta(days=drawn[1])))
        ),
    ),
    "retention cutoff": (
        RetentionCutoff,
        st.builds(
            RetentionCutoff, cst.days(date(2000, 1, 1), date(2050, 12, 31)), zone=cst.zones()
        ),
    ),
    "parameter": (contract_parameters.Parameter, st.sampled_from(_PARAMETERS)),
    "parameter set": (
        contract_parameters.ParameterSet,
        st.sampled_from([date(2024, 1, 19), date(2030, 1, 1)]).map(contract_parameters.at),
    ),
    "dossier report": (DossierReport, dst.dossiers().map(check_dossier)),
    "dossier report (draft)": (DossierReport, dst.dossiers(complete=False).map(check_dossier)),
    "decision record": (DecisionRecord, cst.decision_records()),
    "replayed": (
        Replayed,
        st.tuples(cst.decision_records(), cst.decision_records()).map(
            lambda drawn: Replayed(record=drawn[0], replayed=drawn[1])
        ),
    ),
    "not replayed": (
        Replayed,
        cst.decision_records().map(
            lambda drawn: Replayed(record=drawn, replayed=None, problem="sujet disparu")
        ),
    ),
}
DRAWN = {**VALUES, **_MORE}


def _public_value_classes() -> set[type[Any]]:
    return {
        value
        for value in (getattr(caf_contract, name) for name in caf_contract.__all__)
        if inspect.isclass(value) and attrs.has(value)
    }


def test_every_public_value_class_has_a_display_and_is_drawn_here() -> None:
    classes = _public_value_classes()
    assert all(callable(getattr(kind, "_repr_html_", None)) for kind in classes)
    assert classes <= {kind for kind, _ in DRAWN.values()}, "add a strategy to _MORE"


# --- well-formed, escaped, aligned left, French


_TAGS = {"table", "caption", "thead", "tbody", "tr", "th", "td", "div", "p", "strong", "em"}
_VOID = {"br"}
# What a Python repr looks like in a text: Siren('…'), datetime.date(…), frozenset({…}),
# <enum …>, {'…': …}, ['…'], an object's address.
_CLASSES = "|".join(
    name for name in caf_contract.__all__ if inspect.isclass(getattr(caf_contract, name))
)
_REPR = re.compile(
    rf"\b(?:{_CLASSES}|date|datetime|time|ZoneInfo|relativedelta|frozenset)\("
    r"|datetime\.|<enum|\{'|\['|object at 0x|\bNone\b"
)


class _Page(HTMLParser):
    """Reads the markup: every tag closed in order, only the builder's tags, the text aside."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []
        self.cells: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        assert tag in _TAGS | _VOID, tag
        if tag in _VOID:
            return
        self.open.append(tag)
        if tag in {"td", "th", "table", "caption"}:
            self.cells.append(dict(attributes))

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes <{self.open[-1]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(markup: str) -> _Page:
    """The page ``markup`` makes, checked well formed."""
    page = _Page()
    page.feed(markup)
    page.close()
    assert page.open == [], f"left open: {page.open}"
    return page


def check_display(value: object) -> _Page:
    markup = value._repr_html_()  # type: ignore[attr-defined]
    assert isinstance(markup, str)
    assert markup.startswith(("<table", "<div"))
    page = read(markup)
    assert page.cells
    for attributes in page.cells:
        assert "text-align:left" in (attributes.get("style") or ""), attributes
    text = "".join(page.text)
    assert not _REPR.search(text), text
    return page


@pytest.mark.parametrize("name", sorted(DRAWN))
@settings(max_examples=15)
@given(data=st.data())
def test_every_display_is_well_formed_aligned_left_and_free_of_reprs(
    name: str, data: st.DataObject
) -> None:
    kind, strategy = DRAWN[name]
    value = data.draw(strategy)
    assert isinstance(value, kind)
    check_display(value)


_SCRIPT = "<script>alert(1)</script>"
TYPED = st.builds(
    "{}{}{}".format,
    st.text(max_size=5),
    st.sampled_from([_SCRIPT, "<b>", "&amp;", '" onload="x']),
    st.text(max_size=5),
).filter(str.strip)


def _escaped_everywhere(value: object, typed: str) -> None:
    markup = value._repr_html_()  # type: ignore[attr-defined]
    assert "<script" not in markup
    assert "<b>" not in markup
    page = read(markup)
    assert typed.strip() in "".join(page.text)  # shown as typed, once unescaped


@given(TYPED, cst.partners())
def test_a_name_typed_with_markup_is_shown_as_text(typed: str, partner: Partner) -> None:
    _escaped_everywhere(attrs.evolve(partner, name=typed), typed)


@given(TYPED, cst.bulletins().flatmap(lambda bulletin: hst.habilitations(bulletin=bulletin)))
def test_an_habilitation_of_a_user_typed_with_markup(typed: str, habilitation: Any) -> None:
    _escaped_everywhere(attrs.evolve(habilitation, user=typed), typed)


@given(TYPED, cst.contracts().flatmap(lambda contract: ist.incidents(contract=contract)))
def test_a_request_with_markup_in_its_subject(typed: str, request: Any) -> None:
    _escaped_everywhere(attrs.evolve(request, subject=typed), typed)


@given(TYPED, st.booleans())
def test_a_reason_with_markup_in_a_decision_and_a_report(typed: str, allowed: bool) -> None:
    decision = Decision(allowed=allowed, reasons=[Reason("3.3", typed)])
    _escaped_everywhere(decision, typed)
    _escaped_everywhere(DossierReport([(typed, decision)]), typed)


def test_a_record_of_the_caller_is_shown_by_its_fields() -> None:
    record = {"identifiant": "<t-1>", "le": date(2026, 8, 31)}
    item = PurgeItem(record, purge=True, reason=Reason("5.3.2", "à purger"), purge_on=None)
    text = "".join(check_display(item).text)
    assert "identifiant<t-1>le31/08/2026" in text


# --- the words


def test_values_are_written_in_french() -> None:
    dossier = example_dossier()
    habilitation = dossier.habilitations[0]
    text = "".join(check_display(habilitation).text)
    assert "Accordée le04/03/2024\u00a0à\u00a009:00" in text
    assert "Mot de passe à changernon" in text
    assert "Étatactive" in text
    assert "lbernard@coteaux-exemple.fr (partenaire, SIREN 123456782)" in text
    contract = "".join(check_display(dossier.contract.interlocutors).text)
    assert "administrateur principal" in contract
    assert "administrateur_principal" not in contract


def test_a_long_list_is_cut_and_counted() -> None:
    dossier = example_dossier()
    traces = tuple(
        attrs.evolve(dossier.traces[1], at=datetime(2026, 1, 1, 9, tzinfo=UTC).replace(minute=n))
        for n in range(GRID_LIMIT + 7)
    )
    page = check_display(attrs.evolve(dossier, traces=traces))
    assert "… et 7 de plus" in "".join(page.text)


def test_the_cells_of_other_values() -> None:
    assert cell(datetime(2026, 11, 23, 10, 0)) == "23/11/2026\u00a0à\u00a010:00"  # noqa: DTZ001
    assert cell(UTC) == "UTC"
    assert cell(time(8, 30)) == "08:30"
    assert cell(2.5) == "2.5"
    assert cell([Reason("6", "a < b"), Reason("2.2", "c")]) == "Art. 6 — a &lt; b<br>Art. 2.2 — c"
    role = Role(name="consultation", scopes={"dossier"}, purpose="suivi")
    quota = HabilitationQuota(service="CDAP", maximum=2)
    mixed = cell((role, quota))
    assert mixed == cell(role) + cell(quota)
    assert mixed.count("<table") == 2
    nested = cell(contract_parameters.current())  # a grid of the parameters, no caption
    assert "<caption" not in nested
    assert nested.count("<tr>") == 1 + len(tuple(contract_parameters.current()))
    assert cell(Html("<b>x</b>")) == "<b>x</b>"
    assert Html("<b>x</b>")._repr_html_() == "<b>x</b>"


# --- verdicts


@given(cst.decisions())
def test_a_decision_says_its_verdict_in_its_colour(decision: Decision) -> None:
    markup = decision._repr_html_()
    colour = ALLOWED_COLOUR if decision.allowed else DENIED_COLOUR
    assert f'<strong style="color:{colour}">{decision.verdict}</strong>' in markup
    check_display(decision)


def test_a_report_says_compliant_in_green_or_counts_its_findings_in_red() -> None:
    compliant = check_dossier(example_dossier())
    assert f'<strong style="color:{ALLOWED_COLOUR}">conforme</strong>' in compliant._repr_html_()
    faulty = check_dossier(example_dossier("defauts"))
    markup = faulty._repr_html_()
    assert f'<strong style="color:{DENIED_COLOUR}">6 constats</strong> — 7 sujets' in markup
    assert markup.count(f'<strong style="color:{DENIED_COLOUR}">refusé</strong>') == 3
    one = DossierReport([("contrat", Decision.deny(Reason("6", "non signé")))])
    assert ">1 constat</strong> — 1 sujet vérifié<" in one._repr_html_()


# --- the report


@given(dst.dossiers(complete=False))
def test_the_report_is_the_sequence_of_its_pairs(dossier: Dossier) -> None:
    report = check_dossier(dossier)
    assert list(report) == list(report.results)
    assert dict(report) == dict(report.results)
    assert report[0][0] == "contrat"
    assert report[:1] == report.results[:1]
    assert len(report) == len(report.results)
    assert bool(report) is report.compliant is all(decision for _, decision in report)
    assert report.findings == tuple(
        (subject, reason)
        for subject, decision in report
        if not decision
        for reason in decision.reasons
    )


@pytest.mark.parametrize(
    "results",
    [
        "contrat",
        [("contrat",)],
        [("contrat", "refusé")],
        [(1, Decision.allow(Reason("6", "signé")))],
    ],
)
def test_a_report_is_made_of_subjects_and_decisions(results: Any) -> None:
    with pytest.raises(InvalidValueError, match="DossierReport.results"):
        DossierReport(results)


# --- flat records for data frames


def _flat(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        assert all(isinstance(value, str | bool) for value in row.values()), row


@given(cst.decisions())
def test_a_decision_gives_one_flat_row_per_reason_and_remark(decision: Decision) -> None:
    rows = decision.to_records()
    _flat(rows)
    assert len(rows) == len(decision.reasons) + len(decision.remarks)
    assert [row["motif"] for row in rows] == [
        reason.message for reason in (*decision.reasons, *decision.remarks)
    ]
    assert {row["verdict"] for row in rows} == {decision.verdict}
    assert sum(row["constat"] for row in rows) == (0 if decision else len(decision.reasons))
    assert sum(row["remarque"] for row in rows) == len(decision.remarks)
    assert {row["article"] for row in rows} <= {article.value for article in caf_contract.Article}


@given(dst.dossiers(complete=False))
def test_a_report_gives_the_rows_of_its_decisions_with_their_subject(dossier: Dossier) -> None:
    report = check_dossier(dossier)
    rows = report.to_records()
    _flat(rows)
    assert rows == [
        {"sujet": subject, **row} for subject, decision in report for row in decision.to_records()
    ]
    findings = [(row["sujet"], row["article"], row["motif"]) for row in rows if row["constat"]]
    assert findings == [
        (subject, reason.article.value, reason.message) for subject, reason in report.findings
    ]


def test_a_data_frame_of_the_records_has_flat_columns() -> None:
    pandas = pytest.importorskip("pandas")
    report = check_dossier(example_dossier("defauts"))
    frame = pandas.DataFrame(report.to_records())
    assert list(frame.columns) == ["sujet", "verdict", "article", "motif", "remarque", "constat"]
    assert len(frame[frame.constat]) == len(report.findings) == 6
    decision = dict(report)["habilitations"]
    assert pandas.DataFrame(decision.to_records()).shape == (len(decision.reasons), 5)


# --- the calendar


def _titles(markup: str) -> dict[str, str]:
    """The style of each day of a month grid, by its title (« vendredi 03/04/2026 : … »)."""
    cells = re.findall(r'<td style="([^"]*)" title="([^"]*)"', markup)
    return {html.unescape(title): style for style, title in cells}


def test_april_2026_in_moselle_names_good_friday_and_easter_monday() -> None:
    markup = WorkingCalendar("57").month_html(2026, 4)
    read(markup)
    days = _titles(markup)
    assert len(days) == 30
    assert "background:#ffebe9" in days["vendredi 03/04/2026 : Vendredi saint"]
    assert "background:#ffebe9" in days["lundi 06/04/2026 : Lundi de Pâques"]
    assert "background:#eaeef2" in days["samedi 04/04/2026"]
    assert "background:#ffffff" in days["jeudi 02/04/2026"]
    assert "avril 2026 — département 57 : 20 jours ouvrés" in markup
    assert next(iter(days)) == "mercredi 01/04/2026"  # the first row starts on its weekday
    assert (
        markup.count(
            '<td style="text-align:left;vertical-align:top;padding:0.2em 0.4em;width:6.5em;height:3em">'
        )
        == 2 + 3
    )


def test_april_2026_in_paris_works_on_good_friday() -> None:
    markup = WorkingCalendar().month_html(2026, 4)
    days = _titles(markup)
    assert "background:#ffffff" in days["vendredi 03/04/2026"]
    assert "Lundi de Pâques" in markup
    assert "avril 2026 — France métropolitaine : 21 jours ouvrés" in markup


def test_a_closure_of_the_caf_and_working_saturdays() -> None:
    calendar = WorkingCalendar("82", kind="ouvrables", extra_closures=[date(2026, 4, 2)])
    days = _titles(calendar.month_html(2026, 4))
    assert "background:#ffebe9" in days["jeudi 02/04/2026 : fermeture de la Caf"]
    assert "background:#ffffff" in days["samedi 04/04/2026"]
    assert "background:#eaeef2" in days["dimanche 05/04/2026"]
    every_day = WorkingCalendar(extra_closures=[date(2026, 2, day) for day in range(1, 27)])
    assert ": 1 jour ouvré<" in every_day.month_html(2026, 2)


@given(cst.calendars(), st.integers(2000, 2050), st.integers(1, 12))
def test_a_month_grid_shows_each_day_once_as_the_calendar_counts_it(
    calendar: WorkingCalendar, year: int, month: int
) -> None:
    markup = calendar.month_html(year, month)
    read(markup)
    days = _titles(markup)
    length = stdlib_calendar.monthrange(year, month)[1]
    assert len(days) == length
    working = [style for style in days.values() if "background:#ffffff" in style]
    counted = sum(calendar.is_working_day(date(year, month, day)) for day in range(1, length + 1))
    assert len(working) == counted
    named = {day: name for day, name in calendar.holidays(year).items() if day.month == month}
    for day, name in named.items():
        assert any(title.endswith(f"{day:%d/%m/%Y} : {name}") for title in days), name


@pytest.mark.parametrize(
    ("year", "month", "error", "message"),
    [
        (
            2026,
            13,
            InvalidValueError,
            "month : valeur invalide (13) ; attendu : un mois de 1 à 12.",
        ),
        (2026, 0, InvalidValueError, "month : valeur invalide (0) ; attendu : un mois de 1 à 12."),
        (
            2026,
            "4",
            InvalidValueError,
            "month : valeur invalide ('4') ; attendu : un mois de 1 à 12.",
        ),
        (
            "2026",
            4,
            InvalidValueError,
            "year : valeur invalide ('2026') ; attendu : une année (int), par exemple 2026.",
        ),
        (
            1066,
            4,
            UnsupportedYearError,
            (
                "Art. 3.3 — année 1066 non couverte par les jours fériés connus ; attendu : une "
                "date entre 1803 et 2100."
            ),
        ),
    ],
)
def test_a_month_grid_of_no_month(
    year: Any, month: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        WorkingCalendar().month_html(year, month)
    assert str(caught.value) == message
    if isinstance(caught.value, InvalidValueError):
        assert caught.value.value == (month if "month" in message else year)


def test_a_calendar_describes_itself_without_reading_the_clock() -> None:
    text = "".join(check_display(WorkingCalendar("57")).text)
    assert "Département57" in text
    assert "Vendredi saint et le 26 décembre (Alsace-Moselle)" in text
    assert "lundi" not in text.split("Jours comptés")[0]  # no month grid
    overseas = "".join(check_display(WorkingCalendar("974", pentecost_monday_worked=True)).text)
    assert "outre-mer (974)" in overseas
    assert "Lundi de Pentecôtetravaillé" in overseas
    assert "Saint-Pierre-et-Miquelon" in "".join(check_display(WorkingCalendar("975")).text)
    assert "France métropolitaine" in "".join(check_display(WorkingCalendar()).text)
