"""The contract's parameters: every number or list it fixes, as dated, referenced data.

Each value is a :class:`Parameter`: the value, how messages say it, the article it
rests on, the sentence of the contract quoted, and the day from which it holds (the
template version that sets it: « maj 19/01/2024 »), the way OpenFisca keeps a legal
parameter with dated values and a reference. The rules read them; their messages take
their wording from them. A future template that changes one is a new dated value in
:data:`VALUES`, not a code change.

:func:`at` gives the set in force on a day, and a contract's template version selects
its own (:attr:`~caf_contract.contract.Contract.parameters`); the rules take a set as
``parameters=`` where one may want another (a test, a what-if), and read the one in
force otherwise.

>>> from datetime import date
>>> in_force = at(date(2026, 11, 23))
>>> in_force.reminder_delay.value, in_force.reminder_delay.wording
(5, '5 jours ouvrés')
>>> in_force.trace_retention.wording, str(in_force.trace_retention.article)
('six mois', '5.3.2')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Final, Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from caf_contract._time import plain_day
from caf_contract._validate import tuple_of
from caf_contract.articles import Article
from caf_contract.errors import InvalidValueError

__all__ = [
    "TEMPLATE_2024",
    "VALUES",
    "Parameter",
    "ParameterSet",
    "at",
    "current",
]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Parameter(Generic[T]):
    """One value the contract fixes, with its reference and the day from which it holds.

    Attributes:
        name: the parameter's name (an attribute of :class:`ParameterSet`).
        value: the value the rules compute with.
        wording: how a message says it, in French (« 5 jours ouvrés », « six mois »).
        article: the article that fixes it.
        quote: the sentence of the contract, quoted.
        valid_from: the day from which it holds: the update date of the template
            version that sets it.
        description: what it is, in French, for the page that lists the parameters.
    """

    name: str
    value: T
    wording: str
    article: Article
    quote: str
    valid_from: date
    description: str


TEMPLATE_2024: Final = date(2024, 1, 19)
"""« Contrat de service […] maj 19/01/2024 »: the template this library reads."""

# (canonical type, the ways users write it), Art. 3.2.
RequestTypes = tuple[tuple[str, tuple[str, ...]], ...]
# (annexe 1 role, how a message names it, whether a contract needs it).
PartnerRoles = tuple[tuple[str, str, bool], ...]

VALUES: Final[tuple[Parameter[Any], ...]] = (
    Parameter(
        name="template_update",
        value=TEMPLATE_2024,
        wording="19/01/2024",
        article=Article.PREAMBULE,
        quote="Contrat de service pris en application de la convention d'accès à l'espace "
        "sécurisé « Mon Compte Partenaire » maj 19/01/2024",
        valid_from=TEMPLATE_2024,
        description="Date de mise à jour du modèle de contrat : un contrat signé avant elle "
        "l'a sans doute été sur un ancien exemplaire (une remarque, pas une faute).",
    ),
    Parameter(
        name="reminder_delay",
        value=5,
        wording="5 jours ouvrés",
        article=Article.ART_3_3,
        quote="En absence de réponse du centre de services Caf ou du partenaire dans un délai "
        "de 5 jours ouvrés ou en présence d'une situation jugée urgente par l'une ou l'autre "
        "des parties, une relance peut être adressée au centre de services Caf.",
        valid_from=TEMPLATE_2024,
        description="Délai, en jours ouvrés du département de la Caf, après lequel une "
        "demande restée sans réponse peut être relancée (le jour de l'envoi ne compte pas).",
    ),
    Parameter(
        name="trace_retention",
        value=relativedelta(months=6),
        wording="six mois",
        article=Article.ART_5_3_2,
        quote="Les traces mentionnées à l'article 5.3.1 sont conservées pendant une durée de "
        "six mois.",
        valid_from=TEMPLATE_2024,
        description="Durée de conservation des traces, comptée en jours calendaires de Paris "
        "à partir du jour de la trace.",
    ),
    Parameter(
        name="habilitation_retention",
        value=relativedelta(years=6),
        wording="six ans",
        article=Article.ART_5_3_2,
        quote="Les données liées aux habilitations sont conservées six ans après la "
        "dévalidation de l'habilitation.",
        valid_from=TEMPLATE_2024,
        description="Durée de conservation des données d'une habilitation, à partir du jour "
        "de sa dévalidation.",
    ),
    Parameter(
        name="request_types",
        value=(
            ("incident", ("incident", "anomalie")),
            (
                "demande d'intervention",
                ("demande d'intervention", "demande_intervention", "intervention"),
            ),
            ("autre", ("autre", "other")),
        ),
        wording="incident, demande d'intervention",
        article=Article.ART_3_2,
        quote="-type de sollicitation (incident, demande d'intervention…)",
        valid_from=TEMPLATE_2024,
        description="Types de sollicitation que l'article nomme, et les façons de les écrire "
        "qui sont reconnues ; la liste est ouverte : tout autre type non vide est accepté.",
    ),
    Parameter(
        name="partner_roles",
        value=(
            ("direction", "la direction", True),
            ("administrateur_principal", "l'administrateur principal", True),
            ("administrateur_delegue", "l'administrateur délégué", True),
            ("responsable_securite", "le responsable sécurité / informatique", False),
            (
                "referent_informatique_libertes",
                "le CIL ou référent Informatique et Libertés",
                False,
            ),
        ),
        wording="direction, administrateur principal, administrateur délégué",
        article=Article.ANNEXE_1,
        quote="Direction — Directrice / Directeur ; Administrateurs « mon compte partenaire » "
        "désignés par le partenaire : Administrateur principal, Administrateur délégué ; "
        "Autres interlocuteurs (si différents) : Responsable Sécurité / informatique, CIL ou "
        "référent Informatique et Libertés",
        valid_from=TEMPLATE_2024,
        description="Interlocuteurs du partenaire en annexe 1 ; les trois premiers sont "
        "exigés, les autres sont donnés « si différents » (la direction les tient sinon).",
    ),
    Parameter(
        name="placeholders",
        value=frozenset(
            {
                "NOM STRUCTURE",
                "Nom structure",
                "Prénom NOM",
                "Prénom NOM et signature",
                "Adresse mél",
                "Directrice / Directeur",
                "La Directrice / Le Directeur",
                "son Directeur / sa directrice",
                "00/00/0000",
            }
        ),
        wording="NOM STRUCTURE, Prénom NOM, Adresse mél, 00/00/0000",
        article=Article.PREAMBULE,
        quote="NOM STRUCTURE […] Représenté(e) par son Directeur / sa directrice […] signée le "
        "00/00/0000 […] Prénom NOM et signature […] Adresse mél",
        valid_from=TEMPLATE_2024,
        description="Textes que le modèle laisse à remplir : ils ne désignent personne, dans "
        "aucune règle (casse et espaces ignorés).",
    ),
)
"""Every dated value, oldest first for each name."""


@attrs.frozen(kw_only=True)
class ParameterSet:
    """The parameters in force together: one :class:`Parameter` each.

    Change one for a what-if with ``attrs.evolve`` and pass the set to a rule's
    ``parameters=``.
    """

    template_update: Parameter[date]
    reminder_delay: Parameter[int]
    trace_retention: Parameter[relativedelta]
    habilitation_retention: Parameter[relativedelta]
    request_types: Parameter[RequestTypes]
    partner_roles: Parameter[PartnerRoles]
    placeholders: Parameter[frozenset[str]]

    def __iter__(self) -> Iterator[Parameter[Any]]:
        """Each parameter, in the order of the class."""
        return iter(attrs.astuple(self, recurse=False))


def at(day: date, *, values: Iterable[Parameter[Any]] = VALUES) -> ParameterSet:
    """The parameters in force on ``day``: for each name, the latest value valid from then.

    Before the first template known here, its values answer: no earlier text is known.

    Raises:
        InvalidValueError: ``day`` is not a date, or ``values`` leave a parameter
            without any value.
    """
    wanted = plain_day(day, "day")
    given = tuple_of(values, Parameter, "values", "Parameter(...)")
    chosen: dict[str, Parameter[Any]] = {}
    for parameter in sorted(given, key=lambda value: value.valid_from):
        if parameter.name not in chosen or parameter.valid_from <= wanted:
            chosen[parameter.name] = parameter
    names = [field.name for field in attrs.fields(ParameterSet)]
    if sorted(chosen) != sorted(names):
        raise InvalidValueError(
            "values",
            sorted(set(chosen) ^ set(names)),
            f"une valeur datée au moins pour chacun de : {', '.join(names)}, et rien d'autre",
            problem="paramètres manquants ou inconnus",
        )
    return ParameterSet(**chosen)


_CURRENT: Final = at(date.max)


def current() -> ParameterSet:
    """The parameters of the latest template version known here."""
    return _CURRENT


def resolve(value: ParameterSet | None) -> ParameterSet:
    """``value``, or :func:`current` when ``None``: what a rule's ``parameters=`` means.

    Raises:
        InvalidValueError: ``value`` is neither a :class:`ParameterSet` nor ``None``.
    """
    if value is None:
        return _CURRENT
    if not isinstance(value, ParameterSet):
        raise InvalidValueError("parameters", value, "ParameterSet(...) ou None")
    return value
