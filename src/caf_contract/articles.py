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

Each article also says which public rules of the package apply it and, where some of
its text is no rule, why (:attr:`Article.rules`, :attr:`Article.not_a_rule`); the
command ``caf-contract articles`` prints the whole catalogue, with the number of tests
that cite each article.

>>> Article.ART_5_3_4.rules
('access_request_route', 'may_read_traces')
>>> Article.ART_5_2.rules, Article.ART_5_2.not_a_rule[:38]
((), "L'article renvoie au guide utilisateur")
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

    @property
    def rules(self) -> tuple[str, ...]:
        """The public rules that apply the article, by name.

        A name as ``caf_contract`` exports it (``may_grant``, ``Siren``), or
        ``bulk.…`` for :mod:`caf_contract.bulk`, ``sql.…`` for :mod:`caf_contract.sql`.
        A rule is listed under every article its own code cites
        (``tests/test_articles.py`` reads the code to check it):
        its decisions, errors and parameters cite that article. Empty when no sentence
        of the article is a rule (:attr:`not_a_rule` says why).
        """
        return _RULES.get(self, ())

    @property
    def not_a_rule(self) -> str | None:
        """What of the article is no rule, and why, in French; ``None`` if nothing."""
        return _NOT_RULES.get(self)

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

# The catalogue: for each article, the rules that apply it. Checked against the code by
# tests/test_articles.py, which says what to add when a rule cites a new article.
_RULES: dict[Article, tuple[str, ...]] = {
    Article.PREAMBULE: (
        "Actor",
        "GrantRequest",
        "Habilitation",
        "Partner",
        "Siren",
        "Subcontractor",
        "Trace",
        "check_contract",
        "check_dossier",
        "may_grant",
        "may_open_service",
    ),
    Article.ART_1: ("Contract", "check_contract"),
    Article.ART_2_1: (
        "Contract",
        "check_contract",
        "check_dossier",
        "may_connect",
        "may_grant",
        "may_open_service",
    ),
    Article.ART_2_2: (
        "Bulletin",
        "CafAction",
        "Delegation",
        "Event",
        "GrantRequest",
        "Habilitation",
        "HabilitationQuota",
        "LedgerState",
        "check_dossier",
        "check_quotas",
        "devalidate",
        "force_password_change",
        "may_act",
        "may_add_habilitations",
        "may_appoint",
        "may_give_scopes",
        "may_grant",
        "may_open_service",
        "quota_usage",
        "reinstate",
        "replay",
        "restore_delegation",
        "state_as_of",
        "suspend",
        "withdraw_delegation",
        "ledger.apply",
    ),
    Article.ART_3: ("check_request",),
    Article.ART_3_1: ("MaintenanceWindow", "check_announcement"),
    Article.ART_3_2: ("check_request", "request_type"),
    Article.ART_3_3: (
        "Deadline",
        "Incident",
        "WorkingCalendar",
        "answer",
        "check_request",
        "close",
        "dossier_records",
        "explain_add_working_days",
        "explain_reminder",
        "may_remind",
        "may_send_reminder",
        "record_reminder",
        "reminder_allowed_from",
        "request_status",
        "bulk.add_working_days",
        "bulk.is_working_day",
        "bulk.reminder_allowed_from",
        "bulk.working_days_between",
        "sql.calendar_rows",
        "sql.calendar_table",
    ),
    Article.ART_4: (
        "MaintenanceWindow",
        "Schedule",
        "check_announcement",
        "check_availability",
        "check_caf_on_duty",
        "is_available",
    ),
    Article.ART_5_1: ("check_contract",),
    Article.ART_5_3_1: ("check_sessions",),
    Article.ART_5_3_2: (
        "Deadline",
        "RetentionCutoff",
        "explain_habilitation_purge_date",
        "explain_trace_purge_date",
        "habilitation_purge_date",
        "habilitation_purge_plan",
        "habilitation_retention_cutoff",
        "habilitation_retention_cutoff_instant",
        "may_purge_habilitation",
        "may_purge_trace",
        "trace_purge_date",
        "trace_purge_plan",
        "trace_retention_cutoff",
        "trace_retention_cutoff_instant",
        "bulk.habilitation_purgeable",
        "bulk.trace_purge_date",
        "bulk.trace_purgeable",
    ),
    Article.ART_5_3_3: ("may_read_traces",),
    Article.ART_5_3_4: ("access_request_route", "may_read_traces"),
    Article.ART_6: (
        "Contract",
        "amend",
        "check_contract",
        "check_dossier",
        "may_grant",
        "may_open_service",
    ),
    Article.ANNEXE_1: ("Interlocutors", "check_contract"),
    Article.ANNEXE_2: ("Bulletin", "Contract", "Role", "check_contract"),
}

# What of each article is no rule, and why (every article without a rule has its entry).
_NOT_RULES: dict[Article, str] = {
    Article.PREAMBULE: (
        "La présentation de la Caf (siège, base légale, représentant) désigne une partie ; "
        "seule l'identification du partenaire (nom, adresse, représentant, SIREN) se "
        "contrôle."
    ),
    Article.ART_1: (
        "L'objet du contrat (définir les engagements de services) est une déclaration : "
        "ses engagements sont les articles qui suivent."
    ),
    Article.ART_2: (
        "L'article annonce les conditions que le partenaire doit remplir ; les articles 2.1 "
        "et 2.2 les fixent, et leurs règles les appliquent."
    ),
    Article.ART_2_1: (
        "Le respect de la loi 78-17 et du RGPD, par le partenaire et ses sous-traitants, "
        "relève de ces textes et de leurs autorités ; le contrat n'en fait une condition "
        "qu'à l'ouverture des services (formalités accomplies), et l'état de l'art des "
        "navigateurs est la politique de versions que la Caf fournit."
    ),
    Article.ART_2_2: (
        "La supervision par la Caf (« peut interroger ce dernier à tout moment ») est un "
        "pouvoir sans condition ni délai, et le « manquement constaté » un jugement de la "
        "Caf : les règles ne le refont pas, elles vérifient que ses suites sont exercées "
        "par la Caf."
    ),
    Article.ART_3: (
        "Que le gestionnaire des habilitations assure la hot line de niveau 1 auprès de ses "
        "utilisateurs est une organisation interne du partenaire, qu'aucune donnée du "
        "dossier ne montre."
    ),
    Article.ART_3_1: (
        "Les autres vocations du guichet unique (centraliser les appels, suivre, "
        "diagnostiquer et résoudre les incidents, aiguiller, rendre compte, résoudre les "
        "incidents en un minimum de temps, diminuer les durées d'indisponibilité, faire le "
        "lien avec le national) décrivent la mission d'un service, sans seuil ni délai à "
        "vérifier."
    ),
    Article.ART_5: "C'est le titre du chapitre ; ses règles sont celles des articles 5.1 à 5.3.4.",
    Article.ART_5_1: (
        "Le domaine du responsable sécurité (la sécurité des informations, hors incidents du "
        "centre de services) décrit un rôle, sans fait que le dossier enregistre."
    ),
    Article.ART_5_2: (
        "L'article renvoie au guide utilisateur publié sur www.caf.fr, qui fixe la "
        "politique d'authentification et de gestion des sessions : ce guide n'est pas le "
        "texte du contrat, qui n'en donne aucune règle."
    ),
    Article.ART_5_3: (
        "C'est le titre de la section ; ses règles sont celles des articles 5.3.1 à 5.3.4."
    ),
    Article.ART_5_3_1: (
        "Que la Caf conserve toutes les traces est une obligation de son propre système : "
        "les règles contrôlent les traces qu'on leur donne, pas ce système."
    ),
    Article.ART_6: (
        "L'engagement des parties à respecter le contrat et ses annexes est la force "
        "obligatoire du contrat lui-même : chaque règle en est une application."
    ),
}
