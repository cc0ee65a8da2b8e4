from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Article,
    InvalidValueError,
    WorkingCalendar,
    may_send_reminder,
    reminder_allowed_from,
    trace_purge_date,
    trace_retention_cutoff,
)
from caf_contract import parameters as parameters_module
from caf_contract._time import PARIS
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.files import example_dossier
from caf_contract.incidents import Incident, may_remind, request_type
from caf_contract.parameters import (
    TEMPLATE_2024,
    VALUES,
    Parameter,
    ParameterSet,
    at,
    current,
)
from caf_contract.retention import (
    RetentionCutoff,
    habilitation_purge_date,
    habilitation_purge_plan,
    habilitation_retention_cutoff,
    may_purge_habilitation,
    may_purge_trace,
    trace_purge_plan,
)
from caf_contract.traces import Trace
from tests import strategies as cst
from tests.expect import assert_refused

ROOT = Path(__file__).resolve().parents[1]
SENT = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


def _page_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "parameters_page", ROOT / "scripts" / "parameters_page.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_figure_has_its_article_its_sentence_and_its_day() -> None:
    names = [field.name for field in attrs.fields(ParameterSet)]
    assert sorted({parameter.name for parameter in VALUES}) == sorted(names)
    for parameter in VALUES:
        assert parameter.quote.strip()
        assert parameter.wording.strip()
        assert parameter.description.strip()
        assert isinstance(parameter.article, Article)
        assert parameter.valid_from == TEMPLATE_2024


def test_the_figures_are_the_contracts() -> None:
    """« dans un délai de 5 jours ouvrés » (Art. 3.3); « conservées pendant une durée de
    six mois » and « six ans après la dévalidation » (Art. 5.3.2); « maj 19/01/2024 »."""
    in_force = current()
    assert in_force.reminder_delay.value == 5
    assert "5 jours ouvrés" in in_force.reminder_delay.quote
    assert in_force.trace_retention.value == relativedelta(months=6)
    assert "six mois" in in_force.trace_retention.quote
    assert in_force.habilitation_retention.value == relativedelta(years=6)
    assert "six ans" in in_force.habilitation_retention.quote
    assert in_force.template_update.value == date(2024, 1, 19)
    assert "maj 19/01/2024" in in_force.template_update.quote
    assert [name for name, _ in in_force.request_types.value] == [
        "incident",
        "demande d'intervention",
        "autre",
    ]
    assert [role for role, _, required in in_force.partner_roles.value if required] == [
        "direction",
        "administrateur_principal",
        "administrateur_delegue",
    ]
    assert {"NOM STRUCTURE", "Prénom NOM", "Adresse mél", "00/00/0000"} <= (
        in_force.placeholders.value
    )


def _later(name: str, value: object, wording: str, day: date) -> Parameter[object]:
    base = next(parameter for parameter in VALUES if parameter.name == name)
    return attrs.evolve(base, value=value, wording=wording, valid_from=day)


def test_the_set_in_force_on_a_day_takes_each_latest_dated_value() -> None:
    """A future template version is a new dated value, not a code change."""
    seven = _later("reminder_delay", 7, "7 jours ouvrés", date(2030, 1, 1))
    values = (*VALUES, seven)
    assert at(date(2029, 12, 31), values=values).reminder_delay.value == 5
    assert at(date(2030, 1, 1), values=values).reminder_delay.value == 7
    assert at(date(2000, 1, 1), values=values).reminder_delay.value == 5  # the earliest known
    assert at(date(2030, 1, 1), values=values).trace_retention == current().trace_retention


def test_a_contract_selects_its_parameters_by_its_template_version() -> None:
    contract = example_dossier().contract
    assert contract.parameters == at(TEMPLATE_2024)
    undeclared = attrs.evolve(contract, template_version=None)
    assert contract.signed_on is not None
    assert undeclared.parameters is at(contract.signed_on)
    draft = attrs.evolve(undeclared, signed_on=None, avenants=())
    assert draft.parameters is current()


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        pytest.param([], "paramètres manquants ou inconnus", id="none"),
        pytest.param(VALUES[1:], "paramètres manquants ou inconnus", id="one-missing"),
        pytest.param(
            (*VALUES, attrs.evolve(VALUES[0], name="nouveau")),
            "paramètres manquants ou inconnus",
            id="one-unknown",
        ),
        pytest.param("délais", "valeur invalide", id="not-a-sequence"),
    ],
)
def test_a_set_of_values_that_misses_or_invents_a_parameter_is_refused(
    values: object, problem: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        at(date(2026, 1, 1), values=values)  # type: ignore[arg-type]
    assert caught.value.problem == problem
    assert caught.value.field == "values"


def test_a_missing_parameter_is_named_with_what_is_expected() -> None:
    with pytest.raises(InvalidValueError) as caught:
        at(date(2026, 1, 1), values=VALUES[1:])
    error = caught.value
    names = ", ".join(parameter.name for parameter in current())
    assert (error.field, error.value, error.expected) == (
        "values",
        ["template_update"],
        f"une valeur datée au moins pour chacun de : {names}, et rien d'autre",
    )


def test_a_set_iterates_its_parameters_in_the_order_of_the_class() -> None:
    names = [field.name for field in attrs.fields(ParameterSet)]
    assert [parameter.name for parameter in current()] == names
    assert list(current()) == [getattr(current(), name) for name in names]
    # Each parameter itself, not its fields spread out.
    assert all(isinstance(parameter, Parameter) for parameter in current())


@pytest.mark.parametrize("junk", ["5 jours", 5, {"reminder_delay": 5}])
def test_a_rule_refuses_parameters_that_are_not_a_set(junk: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        reminder_allowed_from(SENT, parameters=junk)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value, caught.value.expected) == (
        "parameters",
        junk,
        "ParameterSet(...) ou None",
    )


_DELAY = "un nombre de jours ouvrés, entier, au moins 0"
_PERIOD = "une durée positive (dateutil.relativedelta)"
_TYPES = "des couples (type, tuple des façons de l'écrire), en textes non vides"
_ROLES = "des triplets (rôle, nom dans les messages, exigé : True ou False)"
_TEXTS = "un frozenset de textes non vides"


@pytest.mark.parametrize(
    ("name", "value", "field", "shown", "expected"),
    [
        pytest.param("reminder_delay", -3, ".value", -3, _DELAY, id="negative"),
        pytest.param("reminder_delay", "cinq", ".value", "cinq", _DELAY, id="text"),
        pytest.param("reminder_delay", True, ".value", True, _DELAY, id="bool"),
        pytest.param("trace_retention", 6, ".value", 6, _PERIOD, id="int"),
        pytest.param(
            "habilitation_retention",
            relativedelta(years=-6),
            ".value",
            relativedelta(years=-6),
            _PERIOD,
            id="backwards",
        ),
        pytest.param(
            "trace_retention",
            relativedelta(months=7, days=-1),
            ".value",
            relativedelta(months=7, days=-1),
            _PERIOD,
            id="partly-backwards",
        ),
        pytest.param(
            "trace_retention", relativedelta(), ".value", relativedelta(), _PERIOD, id="zero"
        ),
        pytest.param(
            "trace_retention",
            relativedelta(months=6, day=31),
            ".value",
            relativedelta(months=6, day=31),
            _PERIOD,
            id="an-absolute-day",
        ),
        pytest.param(
            "template_update",
            "2024",
            ".value",
            "2024",
            "une date (datetime.date), sans heure",
            id="day",
        ),
        pytest.param("request_types", None, ".value", None, f"une suite de {_TYPES}", id="none"),
        pytest.param(
            "request_types", (("a", ["b"]),), ".value[0]", ("a", ["b"]), _TYPES, id="a-list"
        ),
        pytest.param(
            "request_types", ((" ", ("b",)),), ".value[0]", (" ", ("b",)), _TYPES, id="blank"
        ),
        pytest.param(
            "request_types", (("a", ("b", "")),), ".value[0]", ("a", ("b", "")), _TYPES, id="alias"
        ),
        pytest.param("request_types", (("a",),), ".value[0]", ("a",), _TYPES, id="a-single"),
        pytest.param(
            "partner_roles",
            (("direction", "la direction", "oui"),),
            ".value[0]",
            ("direction", "la direction", "oui"),
            _ROLES,
            id="required-not-a-bool",
        ),
        pytest.param(
            "partner_roles",
            (("direction", " ", True),),
            ".value[0]",
            ("direction", " ", True),
            _ROLES,
            id="no-wording",
        ),
        pytest.param(
            "partner_roles",
            (("", "la direction", True),),
            ".value[0]",
            ("", "la direction", True),
            _ROLES,
            id="no-role",
        ),
        pytest.param(
            "partner_roles", "direction", ".value", "direction", f"une suite de {_ROLES}", id="text"
        ),
        pytest.param("placeholders", {"NOM"}, ".value", {"NOM"}, _TEXTS, id="a-set"),
        pytest.param(
            "placeholders", frozenset({" "}), ".value", frozenset({" "}), _TEXTS, id="blank"
        ),
    ],
)
def test_a_set_refuses_a_value_its_rules_cannot_read(
    name: str, value: object, field: str, shown: object, expected: str
) -> None:
    """A what-if is checked where it is made, not deep in a rule (issue 13, point 3)."""
    with pytest.raises(InvalidValueError) as caught:
        _with(name, value, "quelque chose")
    error = caught.value
    assert (error.field, error.value, error.expected) == (
        f"ParameterSet.{name}{field}",
        shown,
        expected,
    )


def test_a_set_refuses_what_is_not_a_parameter() -> None:
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(current(), reminder_delay=5)  # type: ignore[arg-type]
    error = caught.value
    assert str(error) == (
        "ParameterSet.reminder_delay : valeur invalide (5) ; attendu : Parameter(...)."
    )


def test_a_set_refuses_a_parameter_under_another_name() -> None:
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(current(), reminder_delay=current().trace_retention)  # type: ignore[arg-type]
    error = caught.value
    assert (error.field, error.value, error.expected, error.problem) == (
        "ParameterSet.reminder_delay.name",
        "trace_retention",
        "« reminder_delay »",
        "autre paramètre",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"name": " "}, "Parameter.name", id="name"),
        pytest.param({"wording": ""}, "Parameter.wording", id="wording"),
        pytest.param({"article": "3.3"}, "Parameter.article", id="article"),
        pytest.param({"quote": None}, "Parameter.quote", id="quote"),
        pytest.param({"valid_from": "2024-01-19"}, "Parameter.valid_from", id="valid_from"),
        pytest.param({"description": 3}, "Parameter.description", id="description"),
    ],
)
def test_a_parameter_refuses_what_would_leave_it_without_reference(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        attrs.evolve(VALUES[1], **change)
    assert caught.value.field == field


def test_without_parameters_a_rule_reads_those_in_force_on_its_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A later template, as a new dated value, governs what happens from its day on;
    earlier requests and purges keep theirs (issue 13: « the set in force on a day »)."""
    later = at(
        date(2030, 1, 1),
        values=(
            *VALUES,
            _later("reminder_delay", 10, "10 jours ouvrés", date(2030, 1, 1)),
            _later("trace_retention", relativedelta(months=12), "douze mois", date(2030, 1, 1)),
        ),
    )
    monkeypatch.setattr(parameters_module, "_CHANGES", [TEMPLATE_2024, date(2030, 1, 1)])
    monkeypatch.setattr(parameters_module, "_SETS", [current(), later])
    assert current() is later
    assert reminder_allowed_from(SENT) == datetime(2026, 12, 1, 0, 0, tzinfo=PARIS)
    sent_2030 = datetime(2030, 3, 4, 10, 0, tzinfo=PARIS)  # a Monday
    assert reminder_allowed_from(sent_2030) == datetime(2030, 3, 19, 0, 0, tzinfo=PARIS)
    refused = may_send_reminder(sent_2030, datetime(2030, 3, 12, 0, 0, tzinfo=PARIS))
    assert "délai de 10 jours ouvrés non écoulé" in refused.reasons[0].message
    old, new = parameters_module._SETS
    assert trace_retention_cutoff(date(2027, 3, 1)) == date(2026, 9, 1)
    assert trace_retention_cutoff(date(2031, 3, 1)) == date(2030, 3, 1)
    assert trace_retention_cutoff(date(2031, 3, 1), parameters=old) == date(2030, 9, 1)
    assert RetentionCutoff(date(2031, 3, 1)).last_purgeable_day == date(2030, 3, 1)
    assert trace_purge_date(date(2026, 8, 31)) == date(2027, 2, 28)
    assert trace_purge_date(date(2030, 8, 31), parameters=new) == date(2031, 8, 31)
    assert trace_purge_date(date(2030, 8, 31)) == date(2031, 8, 31)


def test_every_retention_rule_and_the_reminder_read_the_set_of_their_own_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each rule, called without parameters, answers as with the set in force on its day
    (the day of sending, of the record or ``as_of``), not with the latest: mutation
    testing found rules whose answer did not depend on it."""
    later_day = date(2030, 1, 1)
    later = at(
        later_day,
        values=(
            *VALUES,
            _later("reminder_delay", 10, "10 jours ouvrés", later_day),
            _later("trace_retention", relativedelta(months=12), "douze mois", later_day),
            _later("habilitation_retention", relativedelta(years=10), "dix ans", later_day),
        ),
    )
    earlier = current()
    monkeypatch.setattr(parameters_module, "_CHANGES", [TEMPLATE_2024, later_day])
    monkeypatch.setattr(parameters_module, "_SETS", [earlier, later])
    made_2026 = datetime(2026, 8, 15, 10, 0, tzinfo=PARIS)
    made_2030 = datetime(2030, 6, 1, 10, 0, tzinfo=PARIS)
    traces = [Trace(user="u", partner="123456782", action="a", at=made_2026)]
    habilitations = [SimpleNamespace(devalidated_on=date(2020, 1, 1))]
    # (rule, the set of its day, the other set): it must answer as with the first. The
    # days before 2030 matter most: the latest set is the one a rule would wrongly take.
    calls: list[tuple[Callable[..., object], ParameterSet, ParameterSet]] = [
        (
            lambda **k: may_send_reminder(SENT, datetime(2026, 12, 2, tzinfo=PARIS), **k),
            earlier,
            later,
        ),
        (lambda **k: may_purge_trace(made_2026, date(2027, 3, 1), **k), earlier, later),
        (lambda **k: may_purge_trace(made_2030, date(2031, 3, 1), **k), later, earlier),
        (lambda **k: habilitation_purge_date(date(2026, 1, 1), **k), earlier, later),
        (lambda **k: habilitation_retention_cutoff(date(2029, 3, 1), **k), earlier, later),
        (
            lambda **k: may_purge_habilitation(date(2020, 1, 1), date(2027, 3, 1), **k),
            earlier,
            later,
        ),
        (lambda **k: list(trace_purge_plan(traces, date(2027, 3, 1), **k)), earlier, later),
        (
            lambda **k: list(habilitation_purge_plan(habilitations, date(2027, 3, 1), **k)),
            earlier,
            later,
        ),
    ]
    for call, own, other in calls:
        assert call(parameters=own) != call(parameters=other)
        assert call() == call(parameters=own)


def test_the_day_is_a_date() -> None:
    with pytest.raises(InvalidValueError) as caught:
        at(datetime(2026, 1, 1, tzinfo=PARIS))
    assert caught.value.field == "day"
    with pytest.raises(InvalidValueError) as caught:
        at(date(2026, 1, 1), values=[*VALUES[1:], "valeur"])  # type: ignore[list-item]
    assert (caught.value.field, caught.value.expected) == ("values", "Parameter(...)")


# --- Must show (issue 13): a parameter changed, and the decisions and their messages follow


def _with(name: str, value: object, wording: str) -> ParameterSet:
    changed = attrs.evolve(getattr(current(), name), value=value, wording=wording)
    return attrs.evolve(current(), **{name: changed})


def test_changing_the_delay_moves_the_reminder_and_says_so() -> None:
    three = _with("reminder_delay", 3, "3 jours ouvrés")
    assert reminder_allowed_from(SENT) == datetime(2026, 12, 1, 0, 0, tzinfo=PARIS)
    assert reminder_allowed_from(SENT, parameters=three) == datetime(
        2026, 11, 27, 0, 0, tzinfo=PARIS
    )
    now = datetime(2026, 11, 26, 12, 0, tzinfo=PARIS)
    assert [r.message for r in may_send_reminder(SENT, now, parameters=three).reasons] == [
        (
            "délai de 3 jours ouvrés non écoulé : relance possible à partir du 27/11/2026 à 00:00 "
            "(heure de Paris), ou dès maintenant si la situation est jugée urgente"
        )
    ]
    later = datetime(2026, 11, 27, 0, 0, tzinfo=PARIS)
    assert may_send_reminder(SENT, later, parameters=three)
    assert not may_send_reminder(SENT, later)
    request = Incident(subject="Accès impossible", sent_at=SENT)
    assert may_remind(request, later, parameters=three)
    assert not may_remind(request, later, contract=tarn_et_garonne_template())


def test_changing_the_retention_moves_the_purge_and_says_so() -> None:
    three_months = _with("trace_retention", relativedelta(months=3), "trois mois")
    made = date(2026, 8, 31)
    assert trace_purge_date(made, parameters=three_months) == date(2026, 11, 30)
    assert trace_retention_cutoff(date(2026, 11, 30), parameters=three_months) == made
    decision = may_purge_trace(made, date(2026, 11, 29), parameters=three_months)
    assert [r.message for r in decision.reasons] == [
        "trace du 31/08/2026 : conservée trois mois, jusqu'au 29/11/2026 inclus"
    ]
    cutoff = RetentionCutoff(date(2026, 11, 30), parameters=three_months)
    assert cutoff.last_purgeable_day == made


def test_changing_the_known_types_changes_what_is_recognised() -> None:
    extended = _with(
        "request_types",
        (*current().request_types.value, ("demande d'information", ("information",))),
        "incident, demande d'intervention, demande d'information",
    )
    assert request_type("information") is None
    assert request_type("Information", parameters=extended) == "demande d'information"


@given(st.integers(1, 30), cst.days(date(2000, 1, 1), date(2090, 12, 31)))
def test_for_any_delay_the_reminder_waits_exactly_that_many_working_days(
    delay: int, day: date
) -> None:
    parameters = _with("reminder_delay", delay, f"{delay} jours ouvrés")
    allowed = reminder_allowed_from(day, parameters=parameters)
    calendar = WorkingCalendar()
    last = allowed.date() - relativedelta(days=1)
    assert calendar.working_days_between(day, last) == delay
    assert calendar.is_working_day(last)


def test_the_parameters_page_is_the_module_written_out() -> None:
    """docs/parametres.md is generated: ``python scripts/parameters_page.py`` rewrites it."""
    module = _page_module()
    written = (ROOT / "docs" / "parametres.md").read_text(encoding="utf-8")
    assert written == module.page()  # type: ignore[attr-defined]
    for parameter in VALUES:
        assert f"`{parameter.name}`" in written
        assert parameter.quote in written


CONTRACT_TEXT = ROOT.parent / "shared" / "contrat-de-service.txt"


@pytest.mark.skipif(
    not CONTRACT_TEXT.exists(), reason="le texte du contrat n'est pas livré avec le projet"
)
def test_every_quote_is_the_contracts_text_as_written() -> None:
    """Each quote, its pieces cut at « […] », stands in the contract as written
    (typographic apostrophes included), spacing aside."""
    contract = " ".join(CONTRACT_TEXT.read_text(encoding="utf-8").split())
    for parameter in VALUES:
        for piece in parameter.quote.split("[…]"):
            assert " ".join(piece.split()) in contract, (parameter.name, piece)


def test_a_delay_of_no_working_day_is_a_what_if_the_rules_can_read() -> None:
    """« au moins 0 »: with no delay, a reminder may follow from the next day on."""
    none = _with("reminder_delay", 0, "0 jour ouvré")
    assert reminder_allowed_from(SENT, parameters=none) == datetime(
        2026, 11, 24, 0, 0, tzinfo=PARIS
    )


# --- what mutation testing found unpinned: each message, word for word


@pytest.mark.parametrize(
    ("call", "message", "fields"),
    [
        pytest.param(
            lambda: at("2026-01-01"),  # type: ignore[arg-type]
            "day : valeur invalide ('2026-01-01') ; attendu : une date (datetime.date), sans heure.",
            {"field": "day", "value": "2026-01-01"},
            id="day",
        ),
        pytest.param(
            lambda: at(date(2026, 1, 1), values=[*VALUES, 1]),  # type: ignore[list-item]
            "values : élément invalide (1) ; attendu : Parameter(...).",
            {"field": "values", "value": 1, "problem": "élément invalide"},
            id="values, an item",
        ),
    ],
)
def test_the_set_in_force_is_asked_with_a_day_and_dated_values_or_refused_in_words(
    call: Callable[[], object], message: str, fields: dict[str, object]
) -> None:
    assert_refused(call, InvalidValueError, message, fields)


@given(cst.days(date(2020, 1, 1), date(2035, 12, 31)))
def test_the_set_in_force_on_an_ordinal_is_the_one_at_reads(day: date) -> None:
    # The rules' fast paths read parameters._in_force_on; at() is the reference.
    assert parameters_module._in_force_on(day.toordinal()) is at(day)


@given(cst.days(date(2020, 1, 1), date(2035, 12, 31)))
def test_the_set_in_force_on_an_ordinal_follows_later_templates(day: date) -> None:
    later = [
        at(
            date(2028, 1, 1),
            values=(*VALUES, _later("reminder_delay", 3, "3 jours ouvrés", date(2028, 1, 1))),
        ),
        at(
            date(2030, 1, 1),
            values=(*VALUES, _later("reminder_delay", 10, "10 jours ouvrés", date(2030, 1, 1))),
        ),
    ]
    changes = [TEMPLATE_2024, date(2028, 1, 1), date(2030, 1, 1)]
    with (
        mock.patch.object(parameters_module, "_CHANGES", changes),
        mock.patch.object(parameters_module, "_SETS", [current(), *later]),
    ):
        assert parameters_module._in_force_on(day.toordinal()) is at(day)
