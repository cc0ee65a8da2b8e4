from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Article, Decision, InvalidValueError, Reason, UnknownArticleError

reasons = st.builds(
    Reason,
    st.sampled_from(Article),
    st.text(min_size=1).filter(lambda text: text.strip() != ""),
)


@given(st.booleans(), st.lists(reasons, min_size=1, max_size=5))
def test_dict_form_round_trips_through_json(allowed: bool, items: list[Reason]) -> None:
    decision = Decision(allowed=allowed, reasons=items)
    assert Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision
    assert bool(decision) is allowed


@given(st.lists(reasons, max_size=5), reasons)
def test_from_failures_lists_every_failure(failures: list[Reason], otherwise: Reason) -> None:
    decision = Decision.from_failures(failures, otherwise=otherwise)
    if failures:
        assert not decision
        assert decision.reasons == tuple(failures)
    else:
        assert decision
        assert decision.reasons == (otherwise,)


def test_readable_forms() -> None:
    decision = Decision.deny(
        Reason("3.3", "trop tôt"), Reason("Art. 3.3", "déjà répondu"), Reason("2.2", "quota")
    )
    assert (
        str(decision)
        == "refusé\n- Art. 3.3 — trop tôt\n- Art. 3.3 — déjà répondu\n- Art. 2.2 — quota"
    )
    assert decision.articles == (Article.ART_3_3, Article.ART_2_2)
    assert repr(decision.reasons[0]) == "Reason(article='3.3', message='trop tôt')"
    assert decision.verdict == "refusé"
    assert Decision.allow(Reason("6", "ok")).verdict == "autorisé"


def test_html_escapes_messages() -> None:
    html = Decision.deny(Reason("3.2", "<script>x</script>")).to_dict()
    assert html["reasons"][0]["message"] == "<script>x</script>"
    rendered = Decision.deny(Reason("3.2", "<script>x</script>"))._repr_html_()
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "Art.\u00a03.2" in rendered  # on one line, even in a narrow column


def test_a_decision_always_cites_an_article() -> None:
    with pytest.raises(InvalidValueError, match="au moins une raison"):
        Decision.allow()
    with pytest.raises(InvalidValueError, match="Reason"):
        Decision(allowed=True, reasons=["pas une raison"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="True ou False|bool"):
        Decision(allowed=1, reasons=[Reason("1", "x")])  # type: ignore[arg-type]


@pytest.mark.parametrize("message", ["", "   ", None, 3])
def test_a_reason_says_something(message: object) -> None:
    with pytest.raises(InvalidValueError, match="texte non vide"):
        Reason("3.3", message)  # type: ignore[arg-type]


def test_a_reason_cites_a_real_article() -> None:
    with pytest.raises(UnknownArticleError):
        Reason("9.9", "x")


_REASON = {"article": "2.2", "message": "quota atteint"}


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({}, "Decision.allowed", "clé absente"),
        ({"allowed": True}, "Decision.reasons", "clé absente"),
        ({"reasons": [_REASON]}, "Decision.allowed", "clé absente"),
        ({"allowed": "oui", "reasons": [_REASON]}, "Decision.allowed", "valeur invalide"),
        ({"allowed": False, "reasons": 3}, "Decision.reasons", "valeur invalide"),
        ({"allowed": False, "reasons": "abc"}, "Decision.reasons", "valeur invalide"),
        ({"allowed": False, "reasons": _REASON}, "Decision.reasons", "valeur invalide"),
        ({"allowed": False, "reasons": []}, "Decision.reasons", "valeur invalide"),
        ({"allowed": False, "reasons": ["x"]}, "Decision.reasons[0]", "valeur invalide"),
        (
            {"allowed": False, "reasons": [_REASON, {"article": "2.2"}]},
            "Decision.reasons[1].message",
            "clé absente",
        ),
        (
            {"allowed": False, "reasons": [{"article": 2.2, "message": "x"}]},
            "Decision.reasons[0].article",
            "valeur invalide",
        ),
        (
            {"allowed": False, "reasons": [{"article": "2.2", "message": 3}]},
            "Decision.reasons[0].message",
            "valeur invalide",
        ),
        ([("allowed", True)], "Decision", "valeur invalide"),
        (None, "Decision", "valeur invalide"),
    ],
)
def test_a_malformed_decision_dict_names_the_key(data: object, field: str, problem: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Decision.from_dict(data)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field} : {problem}")


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({}, "Reason.article", "clé absente"),
        ({"article": "2.2"}, "Reason.message", "clé absente"),
        ({"message": "x"}, "Reason.article", "clé absente"),
        ({"article": None, "message": "x"}, "Reason.article", "valeur invalide"),
        ({"article": "2.2", "message": ["x"]}, "Reason.message", "valeur invalide"),
        ("2.2", "Reason", "valeur invalide"),
        (["2.2", "x"], "Reason", "valeur invalide"),
    ],
)
def test_a_malformed_reason_dict_names_the_key(data: object, field: str, problem: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Reason.from_dict(data)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field} : {problem}")


def test_reason_from_dict_still_checks_the_article_and_the_message() -> None:
    assert Reason.from_dict({"article": "Art. 2.2", "message": "x"}) == Reason("2.2", "x")
    with pytest.raises(UnknownArticleError):
        Reason.from_dict({"article": "9.9", "message": "x"})
    with pytest.raises(InvalidValueError, match="texte non vide"):
        Reason.from_dict({"article": "2.2", "message": " "})
