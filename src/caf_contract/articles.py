"""The catalogue of the contract's articles, the ids every decision cites.

The ids are those of the *contrat de service* « Mon Compte Partenaire » (template of
the Caf de Tarn-et-Garonne, updated 19/01/2024), plus ``préambule`` for the
designation of the parties above Article 1 and ``annexe 1`` / ``annexe 2``.

>>> Article("3.3").label
'Art. 3.3'
>>> Article.parse("Art. 5.3.2").title
'Durée de conservation'
>>> Article.ANNEXE_1.label
'Annexe 1'
"""

from __future__ import annotations

import enum
import re

from caf_contract.errors import UnknownArticleError

__all__ = ["Article"]


class Article(enum.StrEnum):
    """An article of the contract; its value is the id decisions cite (``"2.2"``)."""

    PREAMBULE = "préambule"
    ART_1 = "1"
    ART_2 = "2"
    ART_2_1 = "2.1"
    ART_2_2 = "2.2"
    ART_3 = "3"
    ART_3_1 = "3.1"
    ART_3_2 = "3.2"
    ART_3_3 = "3.3"
    ART_4 = "4"
    ART_5 = "5"
    ART_5_1 = "5.1"
    ART_5_2 = "5.2"
    ART_5_3 = "5.3"
    ART_5_3_1 = "5.3.1"
    ART_5_3_2 = "5.3.2"
    ART_5_3_3 = "5.3.3"
    ART_5_3_4 = "5.3.4"
    ART_6 = "6"
    ANNEXE_1 = "annexe 1"
    ANNEXE_2 = "annexe 2"

    def __repr__(self) -> str:
        # Short and eval-able where an Article is accepted: ``Reason(article='3.3', …)``.
        return repr(self.value)

    @property
    def title(self) -> str:  # type: ignore[override]  # str.title is shadowed on purpose
        """The article's heading in the contract."""
        return _TITLES[self]

    @property
    def label(self) -> str:
        """How the article is cited in a message: ``Art. 3.3``, ``Annexe 1``, ``Préambule``."""
        if self.value[0].isdigit():
            return f"Art. {self.value}"
        return self.value[0].upper() + self.value[1:]

    @classmethod
    def parse(cls, value: object) -> Article:
        """Read an article id as users write it: ``"3.3"``, ``"Art. 3.3"``, ``"Annexe 1"``.

        Raises:
            UnknownArticleError: the value names no article of the contract.
        """
        if isinstance(value, Article):
            return value
        if isinstance(value, str):
            text = _ARTICLE_PREFIX.sub("", value.strip()).casefold()
            text = text.replace("preambule", "préambule")
            try:
                return cls(text)
            except ValueError:
                pass
        raise UnknownArticleError(value, known=[article.value for article in cls])


_ARTICLE_PREFIX = re.compile(r"^(art(icle)?\.?\s*)", re.IGNORECASE)

_TITLES: dict[Article, str] = {
    Article.PREAMBULE: "Désignation des parties",
    Article.ART_1: "Objet du contrat de service",
    Article.ART_2: "Les démarches préalables à l'utilisation des services",
    Article.ART_2_1: "La sécurité",
    Article.ART_2_2: "La gestion des habilitations",
    Article.ART_3: "Le traitement des incidents à la Caf : le centre de services Caf",
    Article.ART_3_1: "Rôle du centre de services Caf",
    Article.ART_3_2: "Fonctionnement du centre de services Caf",
    Article.ART_3_3: "La procédure d'escalade en cas d'urgence",
    Article.ART_4: "Les horaires d'ouverture des services",
    Article.ART_5: "La gestion de la sécurité",
    Article.ART_5_1: "Le responsable sécurité du partenaire",
    Article.ART_5_2: "La politique d'authentification et de gestion des sessions",
    Article.ART_5_3: "La gestion de la traçabilité",
    Article.ART_5_3_1: "Gestion des traces",
    Article.ART_5_3_2: "Durée de conservation",
    Article.ART_5_3_3: "Sécurité liée à l'exploitation des traces",
    Article.ART_5_3_4: "Demandes de traces",
    Article.ART_6: "Engagement des parties",
    Article.ANNEXE_1: "Les interlocuteurs des partenaires",
    Article.ANNEXE_2: "Bulletin d'adhésion",
}
