from __future__ import annotations

import inspect
import pickle
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caf_contract
from caf_contract import (
    Article,
    BadRowsError,
    CafContractError,
    ChronologyError,
    Decision,
    InvalidEmailError,
    InvalidSiren,
    InvalidTransitionError,
    InvalidValueError,
    LoadError,
    NaiveDatetimeError,
    OverlappingWindowsError,
    Reason,
    UnauthorisedActionError,
    UnknownArticleError,
    UnknownDepartmentError,
    UnknownRoleError,
    UnsignedAvenantError,
    UnsupportedYearError,
)
from caf_contract import errors as errors_module
from caf_contract._format import shown
from caf_contract.errors import Key
from tests import strategies as cst

EXAMPLES: list[CafContractError] = [
    InvalidValueError("Interlocutor.name", 3, "un texte non vide"),
    InvalidSiren("12345678A", "contient autre chose que des chiffres"),
    NaiveDatetimeError("now", datetime(2026, 11, 23, 10, 0)),  # noqa: DTZ001
    InvalidEmailError("Interlocutor.email", "Adresse mél"),
    UnknownDepartmentError("99"),
    UnknownArticleError("7", known=["1", "2.2"]),
    UnknownRoleError("pilotage", service="CDAP", known=["consultation"]),
    UnsupportedYearError(2101, 1803, 2100),
    ChronologyError(
        "la signature de la convention",
        date(2024, 1, 2),
        "la signature du contrat",
        date(2023, 1, 1),
    ),
    ChronologyError("start", date(2026, 1, 2), "end", date(2026, 1, 2), strictly=True),
    UnsignedAvenantError("Avenant 1", ["le partenaire"]),
    InvalidTransitionError("habilitation h1", "dévalidée", "réactiver", article=Article.ART_2_2),
    UnauthorisedActionError(
        "suspension à titre conservatoire",
        "Léa Bernard (partenaire, SIREN 123456782)",
        Decision.deny(Reason("2.2", "un pouvoir de la Caf contractante")),
        article=Article.ART_2_2,
    ),
    OverlappingWindowsError("arrêt A", "arrêt B"),
    LoadError(("bulletins", 1, "quotas", 0, "maximum"), "un nombre entier attendu, reçu 'trois'"),
    BadRowsError(
        "sent_at",
        12,
        3,
        "jour en 1700, année non couverte par les jours fériés connus",
        "une date entre 1803 et 2100",
        article=Article.ART_3_3,
    ),
]


def test_every_public_error_has_an_example() -> None:
    public = {
        obj
        for _, obj in inspect.getmembers(errors_module, inspect.isclass)
        if issubclass(obj, CafContractError) and obj.__module__ == errors_module.__name__
    }
    assert public == {type(example) for example in EXAMPLES} | {CafContractError}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_errors_are_value_errors_with_french_messages(error: CafContractError) -> None:
    assert isinstance(error, ValueError)
    assert isinstance(error, CafContractError)
    message = str(error)
    # Says what is expected, in French; starts with the article when it has one.
    assert "attendu" in message or "impossible" in message
    if error.article is not None:
        assert message.startswith(f"{error.article.label} — ")


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_fields(error: CafContractError) -> None:
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own objects
    assert type(clone) is type(error)
    assert str(clone) == str(error)
    assert clone.__dict__ == error.__dict__


def test_structured_fields_are_kept() -> None:
    error = InvalidValueError(
        "Role.scopes", "x", "des textes", problem="texte vide", article=Article.ART_2_2
    )
    assert (error.field, error.value, error.expected, error.problem) == (
        "Role.scopes",
        "x",
        "des textes",
        "texte vide",
    )
    year = UnsupportedYearError(2101, 1803, 2100)
    assert (year.year, year.first, year.last) == (2101, 1803, 2100)
    assert "2101" in str(year)
    assert "entre 1803 et 2100" in str(year)


def test_huge_values_are_shortened_in_messages() -> None:
    error = InvalidValueError("field", "x" * 10_000, "court")
    assert len(str(error)) < 200


def test_errors_are_exported() -> None:
    for error in EXAMPLES:
        assert getattr(caf_contract, type(error).__name__) is type(error)


def test_an_instant_at_the_end_of_time_is_shown_in_its_own_zone() -> None:
    last = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
    error = ChronologyError("a", last, "b", last)
    assert "9999-12-31 23:30+00:00" in str(error)


def test_errors_about_several_fields_say_which_one_to_correct() -> None:
    day, later = date(2024, 1, 2), date(2023, 1, 1)
    assert ChronologyError("a", day, "Incident.closed_at", later).field == "Incident.closed_at"
    assert ChronologyError("a", day, "b", later, field="Contract.signed_on").field == (
        "Contract.signed_on"
    )
    assert UnsignedAvenantError("A", ["la Caf"]).field == "avenant"
    assert OverlappingWindowsError("x", "y", field="Schedule.windows[2]").field == (
        "Schedule.windows[2]"
    )
    transition = InvalidTransitionError("h", "active", "x", article=Article.ART_2_2)
    assert (transition.field, transition.path) == ("", ())
    assert UnknownRoleError("r", service="S", known=[], field="Bulletin.quotas[0].role").field == (
        "Bulletin.quotas[0].role"
    )


# --- where: owner and path (issue 13)


@pytest.mark.parametrize(
    ("field", "owner", "path", "written"),
    [
        ("Contract.avenants[0].caf_signed_on", "Contract", ("avenants", 0, "caf_signed_on"), None),
        ("sent_at", None, ("sent_at",), None),
        ("OfficeHours[lundi]", "OfficeHours", ("lundi",), None),
        (
            "BrowserPolicy.minimum_versions['x y']",
            "BrowserPolicy",
            ("minimum_versions", "'x y'"),
            None,
        ),
        (
            ("bulletins", 1, "quotas", 0, "maximum"),
            None,
            ("bulletins", 1, "quotas", 0, "maximum"),
            "bulletins[1].quotas[0].maximum",
        ),
        (("requests", Key("'x y'")), None, ("requests", "'x y'"), "requests['x y']"),
        ((), None, (), ""),
    ],
)
def test_an_error_says_where_as_an_owner_and_a_path(
    field: str | tuple[str | int, ...],
    owner: str | None,
    path: tuple[str | int, ...],
    written: str | None,
) -> None:
    error = InvalidValueError(field, 1, "autre chose")
    assert (error.owner, error.path) == (owner, path)
    assert error.field == (field if written is None else written)
    assert str(error).startswith(f"{error.field} : ")
    assert error.detail == "valeur invalide (1) ; attendu : autre chose."


def test_an_error_holding_what_cannot_be_pickled_pickles_with_its_printed_form() -> None:
    error = InvalidValueError("Siren.digits", (c for c in "1"), "un texte")
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own objects
    assert str(clone) == str(error)
    assert isinstance(clone.value, str)
    assert clone.value.startswith("<generator object")


def test_a_huge_integer_is_shown_by_its_size() -> None:
    error = InvalidValueError("HabilitationQuota.maximum", -(10**5000), "un entier")
    assert "un entier de 5001 chiffres" in str(error)


@given(
    st.sampled_from(["now", "Incident.answered_at", "OfficeHours[lundi]"]),
    st.one_of(st.none(), st.text(max_size=20), st.integers(), cst.aware_datetimes()),
    st.sampled_from(["valeur invalide", "demande non envoyée"]),
    st.sampled_from([None, Article.ART_3_3, Article.ART_4]),
)
def test_a_value_shown_in_words_keeps_the_form_and_the_fields_of_the_error(
    field: str, value: object, problem: str, article: Article | None
) -> None:
    """SPEC: « error messages are written in French »: ``shown_as`` replaces the
    printed value, nothing else: the form of the message and the fields stay.
    """
    plain = InvalidValueError(field, value, "autre chose", problem=problem, article=article)
    same = InvalidValueError(
        field, value, "autre chose", problem=problem, article=article, shown_as=shown(value)
    )
    worded = InvalidValueError(
        field, value, "autre chose", problem=problem, article=article, shown_as="en mots"
    )
    assert str(same) == str(plain)
    assert str(worded) == str(plain).replace(f"({shown(value)})", "(en mots)", 1)
    for error in (same, worded):
        assert (error.field, error.value, error.problem, error.expected, error.article) == (
            field,
            value,
            problem,
            "autre chose",
            article,
        )


_HUGE_LEAVES = st.one_of(
    st.integers(),
    st.integers(min_value=4000, max_value=6000).map(lambda digits: 10**digits),
    st.integers(min_value=4000, max_value=6000).map(lambda digits: -(10**digits)),
    st.text(max_size=200),
    st.none(),
)
_NESTED = st.recursive(
    _HUGE_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
    ),
    max_leaves=12,
)


@given(_NESTED)
def test_an_error_says_any_value_in_bounded_words_huge_integers_by_their_size(
    value: object,
) -> None:
    """Issue 14.6: Python cannot write an int of more than 4,300 digits; an error about
    one, even deep in a list, must still build its message, and a short one."""
    error = InvalidValueError("champ", value, "autre chose")
    message = str(error)
    assert len(message) < 600
    assert "Exceeds the limit" not in message
    again = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own error, just made
    assert str(again) == message
