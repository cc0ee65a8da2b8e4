"""The doors of the rules: :func:`accepts` and the whole-number validators.

SPEC: « Values validate in their constructors […]; where a rule takes plain
arguments, one helper or decorator checks them » (issue 13). These tests pin what
that door does whichever way an argument is passed.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Article, InvalidValueError
from caf_contract._validate import accepts, described, integer, whole_number
from tests import strategies as cst


class Thing:
    """A value object of the test's own."""


@accepts(first=Thing, second=Thing | None, third=(str, "un nom de service"))
def rule(first: Thing, second: Thing | None = None, *, third: str = "CDAP") -> tuple[object, ...]:
    return first, second, third


_NOT_A_THING = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.builds(object))


@given(_NOT_A_THING.filter(lambda value: value is not None))
def test_a_wrong_argument_is_refused_by_name_passed_by_position_or_keyword(junk: object) -> None:
    with pytest.raises(InvalidValueError) as by_position:
        rule(junk)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError) as by_keyword:
        rule(first=junk)  # type: ignore[arg-type]
    for raised in (by_position, by_keyword):
        assert (raised.value.field, raised.value.value) == ("first", junk)
        assert raised.value.expected == "Thing(...)"


@given(_NOT_A_THING.filter(lambda value: value is not None))
def test_a_union_with_none_accepts_none_and_says_so_when_refusing(junk: object) -> None:
    thing = Thing()
    assert rule(thing, None) == (thing, None, "CDAP")
    with pytest.raises(InvalidValueError, match=r"attendu : Thing\(\.\.\.\) ou None\.$"):
        rule(thing, junk)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="second"):
        rule(thing, second=junk)  # type: ignore[arg-type]


def test_the_words_given_with_a_kind_are_what_the_message_expects() -> None:
    with pytest.raises(InvalidValueError) as raised:
        rule(Thing(), third=3)  # type: ignore[arg-type]
    assert str(raised.value) == "third : valeur invalide (3) ; attendu : un nom de service."


def test_a_default_is_trusted_and_the_rule_keeps_its_name_and_signature() -> None:
    thing = Thing()
    assert rule(thing) == (thing, None, "CDAP")
    assert rule.__name__ == "rule"
    assert rule.__wrapped__.__name__ == "rule"  # type: ignore[attr-defined]


def test_a_kind_for_a_parameter_the_rule_lacks_is_the_librarys_own_slip() -> None:
    with pytest.raises(TypeError, match="no parameter 'contract'"):
        accepts(contract=Thing)(lambda value: value)


def test_kinds_are_described_in_the_words_of_the_messages() -> None:
    assert described(Thing) == "Thing(...)"
    assert described(str | None) == "un texte ou None"
    assert described(bool) == "True ou False"


@given(st.integers(-(10**18) + 1, 10**18 - 1), st.integers(min_value=-3, max_value=3))
def test_a_whole_number_is_an_int_of_at_least_its_minimum(value: int, minimum: int) -> None:
    if value >= minimum:
        assert whole_number(value, "n", minimum=minimum, expected="e") == value
    else:
        with pytest.raises(InvalidValueError):
            whole_number(value, "n", minimum=minimum, expected="e")
    assert whole_number(value, "n", expected="e") == value


@given(st.one_of(st.booleans(), st.floats(), st.text(max_size=3), st.none(), cst.days()))
def test_nothing_but_an_int_is_a_whole_number(value: object) -> None:
    with pytest.raises(InvalidValueError) as raised:
        whole_number(value, "n", expected="un entier")
    assert raised.value.value is value


@attrs.frozen
class _Counted:
    count: int = attrs.field(
        validator=integer(minimum=1, expected="au moins 1", problem="nul", article=Article.ART_2_2)
    )


@given(st.integers(max_value=0))
def test_the_integer_validator_names_the_field_its_problem_and_its_article(value: int) -> None:
    with pytest.raises(InvalidValueError) as raised:
        _Counted(value)
    error = raised.value
    assert (error.field, error.problem, error.expected, error.article) == (
        "_Counted.count",
        "nul",
        "au moins 1",
        Article.ART_2_2,
    )
    assert str(error) == f"Art. 2.2 — _Counted.count : nul ({value}) ; attendu : au moins 1."


@given(st.integers(min_value=18, max_value=6000), st.sampled_from([1, -1]))
def test_a_whole_number_of_19_digits_or_more_is_refused_and_said_by_its_size(
    digits: int, sign: int
) -> None:
    """No count, level, delay or year comes near 10**18; beyond Python's 4,300-digit
    limit a message could not even write the number (issue 14, point 6)."""
    value = sign * 10**digits
    with pytest.raises(InvalidValueError) as raised:
        whole_number(value, "n", expected="un entier")
    message = str(raised.value)
    assert raised.value.problem == "entier démesuré"
    if digits >= 60:
        assert f"un entier de {digits + 1} chiffres" in message
    assert whole_number(sign * (10**18 - 1), "n", expected="un entier") == sign * (10**18 - 1)
