from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Article, UnknownArticleError

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
