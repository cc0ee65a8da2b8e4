from __future__ import annotations

import importlib.util
from datetime import date, datetime
from pathlib import Path

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
from caf_contract.retention import RetentionCutoff, may_purge_trace
from tests import strategies as cst

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
    assert attrs.evolve(contract, template_version=None).parameters == current()


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


def test_the_day_is_a_date() -> None:
    with pytest.raises(InvalidValueError, match="day"):
        at(datetime(2026, 1, 1, tzinfo=PARIS))


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
