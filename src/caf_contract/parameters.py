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

import bisect
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, Final, Generic, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from caf_contract._html import Html, Shown, grid
from caf_contract._time import plain_day
from caf_contract._validate import (
    field_name,
    instance_of,
    is_day,
    non_blank,
    tuple_of,
    whole_number,
)
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
class Parameter(Shown, Generic[T]):
    """One value the contract fixes, with its reference and the day from which it holds.

    Attributes:
        name: the parameter's name (an attribute of :class:`ParameterSet`).
        value: the value the rules compute with; :class:`ParameterSet` checks that it
            is of the kind its name calls for.
        wording: how a message says it, in French (« 5 jours ouvrés », « six mois »).
        article: the article that fixes it.
        quote: the sentence of the contract, quoted.
        valid_from: the day from which it holds: the update date of the template
            version that sets it.
        description: what it is, in French, for the page that lists the parameters.
    """

    name: str = attrs.field(validator=non_blank)
    value: T
    wording: str = attrs.field(validator=non_blank)
    article: Article = attrs.field(validator=instance_of(Article, "Article(...)"))
    quote: str = attrs.field(validator=non_blank)
    valid_from: date = attrs.field(validator=is_day)
    description: str = attrs.field(validator=non_blank)

    _html_caption = "Paramètre du contrat"
    _html_fields = (
        ("description", "Paramètre"),
        ("wording", "Valeur"),
        ("article", "Article"),
        ("valid_from", "Depuis le"),
        ("quote", "Texte du contrat"),
    )
    _html_columns = ("description", "wording", "article", "valid_from")


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
        quote="Contrat de service pris en application de la convention d’accès à l’espace "
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
        "de 5 jours ouvrés ou en présence d’une situation jugée urgente par l’une ou l’autre "
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
        quote="Les traces mentionnées à l’article 5.3.1 sont conservées pendant une durée de "
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
        "dévalidation de l’habilitation.",
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
        quote="-type de sollicitation (incident, demande d’intervention…)",
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
        quote="Les interlocuteurs du partenaire […] Direction […] Directrice / Directeur […] "
        "Administrateurs « mon compte partenaire » désignés par le partenaire […] "
        "Administrateur principal […] Administrateur délégué […] Autres interlocuteurs (si "
        "différents) […] Responsable Sécurité / informatique […] CIL ou référent "
        "Informatique et Libertés",
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


def _delay(value: object, field: str) -> None:
    whole_number(value, field, minimum=0, expected="un nombre de jours ouvrés, entier, au moins 0")


_ABSOLUTE: Final = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")


def _period(value: object, field: str) -> None:
    # A duration to add: relative fields only, none negative, not all zero.
    if not (
        isinstance(value, relativedelta)
        and all(getattr(value, name) is None for name in _ABSOLUTE)
        and value == abs(value)
        and value
    ):
        raise InvalidValueError(field, value, "une durée positive (dateutil.relativedelta)")


def _day(value: object, field: str) -> None:
    plain_day(value, field)


def _request_types(value: object, field: str) -> None:
    expected = "des couples (type, tuple des façons de l'écrire), en textes non vides"
    for index, item in enumerate(tuple_of(value, tuple, field, expected)):
        if not (
            len(item) == 2
            and _words(item[0])
            and isinstance(item[1], tuple)
            and all(_words(alias) for alias in item[1])
        ):
            raise InvalidValueError(f"{field}[{index}]", item, expected)


def _partner_roles(value: object, field: str) -> None:
    expected = "des triplets (rôle, nom dans les messages, exigé : True ou False)"
    for index, item in enumerate(tuple_of(value, tuple, field, expected)):
        if not (
            len(item) == 3 and _words(item[0]) and _words(item[1]) and isinstance(item[2], bool)
        ):
            raise InvalidValueError(f"{field}[{index}]", item, expected)


def _placeholders(value: object, field: str) -> None:
    if not isinstance(value, frozenset) or not all(_words(item) for item in value):
        raise InvalidValueError(field, value, "un frozenset de textes non vides")


def _words(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


# What each parameter's value must be for the rules to read it.
_KINDS: Final[dict[str, Callable[[object, str], None]]] = {
    "template_update": _day,
    "reminder_delay": _delay,
    "trace_retention": _period,
    "habilitation_retention": _period,
    "request_types": _request_types,
    "partner_roles": _partner_roles,
    "placeholders": _placeholders,
}


def _parameter(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A :class:`ParameterSet` field: a Parameter of that name, its value of its kind."""
    where = field_name(instance, attribute)
    if not isinstance(value, Parameter):
        raise InvalidValueError(where, value, "Parameter(...)")
    if value.name != attribute.name:
        raise InvalidValueError(
            f"{where}.name", value.name, f"« {attribute.name} »", problem="autre paramètre"
        )
    _KINDS[attribute.name](value.value, f"{where}.value")


@attrs.frozen(kw_only=True)
class ParameterSet(Shown):
    """The parameters in force together: one :class:`Parameter` each.

    Change one for a what-if with ``attrs.evolve`` and pass the set to a rule's
    ``parameters=``. Each value is checked for the kind its name calls for (a delay
    a whole number, a duration a positive ``relativedelta``…).
    """

    template_update: Parameter[date] = attrs.field(validator=_parameter)
    reminder_delay: Parameter[int] = attrs.field(validator=_parameter)
    trace_retention: Parameter[relativedelta] = attrs.field(validator=_parameter)
    habilitation_retention: Parameter[relativedelta] = attrs.field(validator=_parameter)
    request_types: Parameter[RequestTypes] = attrs.field(validator=_parameter)
    partner_roles: Parameter[PartnerRoles] = attrs.field(validator=_parameter)
    placeholders: Parameter[frozenset[str]] = attrs.field(validator=_parameter)

    _html_caption = "Paramètres du contrat"
    _html_fields = ()

    def __iter__(self) -> Iterator[Parameter[Any]]:
        """Each parameter, in the order of the class."""
        return (getattr(self, name) for name in _NAMES)

    def _html_nested(self) -> Html:
        return grid(None, tuple(self))

    def _repr_html_(self) -> str:
        return grid(self._html_caption, tuple(self))


_NAMES: Final = tuple(field.name for field in attrs.fields(ParameterSet))


def _chosen(day: date, values: tuple[Parameter[Any], ...]) -> ParameterSet:
    chosen: dict[str, Parameter[Any]] = {}
    for parameter in sorted(values, key=lambda value: value.valid_from):
        if parameter.name not in chosen or parameter.valid_from <= day:
            chosen[parameter.name] = parameter
    if sorted(chosen) != sorted(_NAMES):
        raise InvalidValueError(
            "values",
            sorted(set(chosen) ^ set(_NAMES)),
            f"une valeur datée au moins pour chacun de : {', '.join(_NAMES)}, et rien d'autre",
            problem="paramètres manquants ou inconnus",
        )
    return ParameterSet(**chosen)


# The sets VALUES gives, one from each day a value changes: at() is a bisection.
_CHANGES: Final = sorted({parameter.valid_from for parameter in VALUES})
_SETS: Final = [_chosen(day, VALUES) for day in _CHANGES]


def at(day: date, *, values: Iterable[Parameter[Any]] = VALUES) -> ParameterSet:
    """The parameters in force on ``day``: for each name, the latest value valid from then.

    Before the first template known here, its values answer: no earlier text is known.

    >>> at(date(2026, 11, 23)) is at(date(2024, 1, 19))
    True

    Raises:
        InvalidValueError: ``day`` is not a date, or ``values`` leave a parameter
            without any value (or name one :class:`ParameterSet` does not know).
    """
    wanted = plain_day(day, "day")
    if values is VALUES:
        return _SETS[max(bisect.bisect_right(_CHANGES, wanted) - 1, 0)]
    return _chosen(wanted, tuple_of(values, Parameter, "values", "Parameter(...)"))


def _in_force_on(ordinal: int) -> ParameterSet:
    """:func:`at` for the day of ``ordinal`` (unchecked): for the rules' fast paths.

    Most days lie before the first dated value or after the last one: no date made,
    no bisection (and with one template known, one set for every day).
    """
    sets = _SETS
    if len(sets) == 1:
        return sets[0]
    changes = _CHANGES
    if ordinal >= changes[-1].toordinal():
        return sets[-1]
    if ordinal < changes[0].toordinal():
        return sets[0]
    return sets[bisect.bisect_right(changes, date.fromordinal(ordinal)) - 1]


def current() -> ParameterSet:
    """The parameters of the latest template version known here."""
    return _SETS[-1]


def resolve(value: ParameterSet | None, day: date | None = None) -> ParameterSet:
    """What a rule's ``parameters=`` means: ``value``, or else those in force on ``day``.

    ``day`` is the rule's own day (a request's sending, a purge's ``as_of``); without
    one, the latest template's (:func:`current`).

    Raises:
        InvalidValueError: ``value`` is neither a :class:`ParameterSet` nor ``None``.
    """
    if value is None:
        return current() if day is None else at(day)
    if not isinstance(value, ParameterSet):
        raise InvalidValueError("parameters", value, "ParameterSet(...) ou None")
    return value
