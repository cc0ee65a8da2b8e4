from __future__ import annotations

import ast
import importlib.util
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Article, UnknownArticleError
from tests import article_citations as code

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

CONTRACT_TEXT_IDS = [
    "1", "2", "2.1", "2.2", "3", "3.1", "3.2", "3.3", "4", "5", "5.1", "5.2",
    "5.3", "5.3.1", "5.3.2", "5.3.3", "5.3.4", "6",
]  # fmt: skip


def test_every_article_of_the_text_is_catalogued() -> None:
    assert [a.value for a in Article if a.value[0].isdigit()] == CONTRACT_TEXT_IDS


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3.3", Article.ART_3_3),
        ("Art. 3.3", Article.ART_3_3),
        ("article 5.3.2", Article.ART_5_3_2),
        ("ART.6", Article.ART_6),
        ("Annexe 1", Article.ANNEXE_1),
        ("préambule", Article.PREAMBULE),
        ("Preambule", Article.PREAMBULE),
        (Article.ART_2_2, Article.ART_2_2),
    ],
)
def test_parse_reads_ids_as_users_write_them(written: object, expected: Article) -> None:
    assert Article.parse(written) is expected


@pytest.mark.parametrize("bad", ["7", "3.4", "", "annexe 3", None, 3.3, 2])
def test_unknown_ids_are_refused_in_french(bad: object) -> None:
    with pytest.raises(UnknownArticleError, match="attendu : un article du contrat"):
        Article.parse(bad)


def test_labels_and_titles() -> None:
    assert Article.ART_5_3_2.label == "Art. 5.3.2"
    assert Article.ART_5_3_2.title == "Durée de conservation"
    assert Article.ANNEXE_2.label == "Annexe 2"
    assert Article.PREAMBULE.label == "Préambule"
    assert repr(Article.ART_3_3) == "'3.3'"
    assert all(article.title for article in Article)


@given(st.sampled_from(Article))
def test_label_parses_back(article: Article) -> None:
    assert Article.parse(article.label) is article
    assert Article.parse(article.value) is article


# --- issue 18, point 5: the catalogue of rules, checked against the code

ROOT = Path(__file__).resolve().parents[1]


def catalogue_problems(catalogue: Mapping[Article, Iterable[str]]) -> list[str]:
    """What is wrong with a catalogue of rules by article, each said as what to change."""
    rules = {code.rule_name(module, name): (module, name) for module, name in code.rules()}
    problems = [
        f"{article.label}: add {rule!r}, whose code cites it"
        for rule, (module, name) in rules.items()
        for article in Article
        if article in code.own_citations(module, name) and rule not in catalogue.get(article, ())
    ]
    for article, listed in catalogue.items():
        for rule in listed:
            if rule not in rules:
                problems.append(f"{article.label}: {rule!r} is no public rule of the package")
            elif article not in code.reach(*rules[rule]):
                problems.append(f"{article.label}: {rule!r} does not cite it")
    return problems


def _catalogue() -> dict[Article, tuple[str, ...]]:
    return {article: article.rules for article in Article}


def test_each_article_lists_exactly_the_rules_whose_code_cites_it() -> None:
    assert catalogue_problems(_catalogue()) == []


def test_a_catalogue_that_leaves_the_code_is_caught() -> None:
    drifted = _catalogue()
    drifted[Article.ART_3_3] = tuple(
        rule for rule in drifted[Article.ART_3_3] if rule != "reminder_allowed_from"
    )
    drifted[Article.ART_3_3] += ("may_connect",)
    drifted[Article.ART_5_2] = ("explain_everything",)
    assert catalogue_problems(drifted) == [
        "Art. 3.3: add 'reminder_allowed_from', whose code cites it",
        "Art. 3.3: 'may_connect' does not cite it",
        "Art. 5.2: 'explain_everything' is no public rule of the package",
    ]


def test_every_article_a_rule_module_names_lists_a_rule_of_that_module() -> None:
    """A citation the reading of rules misses (a method reached through a value, a
    helper no public rule uses) still needs its article to list the module's rules."""
    modules = {code.rule_name(module, name): module for module, name in code.rules()}
    for module in code.rule_modules():
        tree = ast.parse((ROOT / "src" / "caf_contract" / f"{module}.py").read_text("utf-8"))
        named = {
            Article[node.attr]
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Article"
            and node.attr in Article.__members__
        }
        listed = {
            article for article in Article for rule in article.rules if modules[rule] == module
        }
        assert named <= listed, (module, sorted(named - listed))


def test_the_reading_of_the_code_follows_constants_parameters_and_helpers() -> None:
    assert code.own_citations("retention", "trace_purge_date") == {Article.ART_5_3_2}  # ART
    assert code.own_citations("incidents", "request_type") == {Article.ART_3_2}  # a parameter
    assert code.own_citations("escalation", "reminder_allowed_from") == {Article.ART_3_3}
    # A type annotation is no use: suspend(habilitation: Habilitation) cites Art. 2.2 only.
    assert code.own_citations("habilitations", "suspend") == {Article.ART_2_2}
    # is_available asks a Schedule of its module, which cites Art. 4 (and 3.1).
    assert code.own_citations("availability", "is_available") == set()
    assert code.reach("availability", "is_available") == {Article.ART_4, Article.ART_3_1}
    assert code.rule_name("bulk", "reminder_allowed_from") == "bulk.reminder_allowed_from"
    assert "parameters" not in code.rule_modules()


def test_an_article_without_a_rule_says_why_and_each_rule_is_listed_once() -> None:
    for article in Article:
        assert len(set(article.rules)) == len(article.rules), article
        assert article.rules or article.not_a_rule, article
        if article.not_a_rule is not None:
            assert article.not_a_rule == article.not_a_rule.strip()
            assert article.not_a_rule[0].isupper()
            assert article.not_a_rule.endswith(".")
    assert [article.value for article in Article if not article.rules] == ["2", "5", "5.2", "5.3"]


CONTRACT_TEXT = ROOT.parent / "shared" / "contrat-de-service.txt"


@pytest.mark.skipif(
    not CONTRACT_TEXT.exists(), reason="le texte du contrat n'est pas livré avec le projet"
)
def test_the_catalogue_has_every_article_and_annex_of_the_text() -> None:
    """The articles are the headings « Article 5.3.2 – … »; the annexes, those Art. 1
    lists (« · Annexe 2 : bulletin d'adhésion »: the bulletins are documents apart)."""
    text = CONTRACT_TEXT.read_text(encoding="utf-8")
    articles = re.findall(r"^Article (\d+(?:\.\d+)*) –", text, re.MULTILINE)
    annexes = sorted(set(re.findall(r"^(?:·\s)?(Annexe \d)\s[:–]", text, re.MULTILINE)))
    ids = ["préambule", *articles, *(annexe.lower() for annexe in annexes)]
    assert ids == [article.value for article in Article]


# --- issue 18, point 5: the tests citing each article, counted by a script


def _coverage_script() -> Any:  # a script loaded from its file: its names unknown to mypy
    spec = importlib.util.spec_from_file_location(
        "article_coverage", ROOT / "scripts" / "article_coverage.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SHIPPED = ROOT / "src" / "caf_contract" / "data" / "article_coverage.json"


def test_the_shipped_counts_and_the_docs_table_are_up_to_date() -> None:
    """Stale? ``python scripts/article_coverage.py`` writes both anew."""
    script = _coverage_script()
    citations = script.citations_by_test()
    assert SHIPPED.read_text(encoding="utf-8") == script.data(citations)
    page = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    assert page == script.page(page, citations)
    assert script.main(["--check"]) == 0


def test_every_article_with_rules_is_cited_by_a_test() -> None:
    counts = json.loads(SHIPPED.read_text(encoding="utf-8"))["by_article"]
    assert list(counts) == [article.value for article in Article]
    assert [article.label for article in Article if article.rules and not counts[article]] == []


SAMPLE = '''
import pytest
from caf_contract import Article, Reason

pytestmark = pytest.mark.article("annexe 1")


@pytest.mark.parametrize("message", ["Art. 3.3 — relance", "Art. 5.3.2.", "Art. 9.9"])
def test_labels(message):
    """Préambule, then Art. 5.3 here."""
    # Art. 6 in a comment is no citation.
    assert message


def test_ids_where_an_article_is_expected(decision):
    assert decision.reasons[0].article == "2.2"
    assert Reason("4", "x") == Reason(article="3.1", message="x")
    assert {"article": "5.1"} and "6" == "6"


@pytest.mark.article("Art. 5.2")
def test_members_and_markers():
    assert Article.ART_1 and Article.parse


def helper():
    return Article.ART_2


class TestGrouped:
    def test_method(self):
        assert Article.ANNEXE_2
'''


def test_what_counts_as_a_test_citing_an_article() -> None:
    everywhere = {Article.ANNEXE_1}
    assert _coverage_script().citations_in(SAMPLE) == {
        "test_labels": {Article.ART_3_3, Article.ART_5_3_2, Article.PREAMBULE, Article.ART_5_3}
        | everywhere,
        "test_ids_where_an_article_is_expected": {
            Article.ART_2_2,
            Article.ART_4,
            Article.ART_3_1,
            Article.ART_5_1,
        }
        | everywhere,
        "test_members_and_markers": {Article.ART_5_2, Article.ART_1} | everywhere,
        "TestGrouped::test_method": {Article.ANNEXE_2} | everywhere,
    }


def test_a_marker_must_name_an_article() -> None:
    with pytest.raises(UnknownArticleError, match=r"valeur invalide \('9\.9'\)"):
        _coverage_script().citations_in(
            'import pytest\n\n@pytest.mark.article("9.9")\ndef test_x():\n    pass\n'
        )


def test_the_script_lists_the_tests_citing_an_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert _coverage_script().main(["--list", "5.3.4"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert (
        "tests/test_articles.py::test_the_reading_of_the_code_follows_constants_parameters_and_helpers"
        not in listed
    )
    assert any(name.startswith("tests/test_traces.py::") for name in listed)
