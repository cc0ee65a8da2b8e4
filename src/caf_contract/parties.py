"""The parties to the contract and their interlocutors (préambule, Art. 1, Art. 5.1, annexe 1).

- :class:`Siren`: the partner's SIREN, 9 digits with a Luhn key.
- :class:`Caf`: the Caf, identified by its department code, with its service centre's address.
- :class:`Partner`: the partner structure as the preamble names it.
- :class:`Interlocutor`, :class:`InterlocutorRole`, :class:`Interlocutors`: annexe 1.
- :class:`Subcontractor`: a sub-contractor whose staff the partner may habilitate
  (Art. 2.1 « ses personnels ou ses sous-traitants »).
- :class:`Actor` and :class:`Side`: who acts under the contract (a Caf's, the Cnaf's or
  a partner's staff member), a value, never a free text.

Nobody is designated by a template placeholder: ``Prénom NOM``, ``Adresse mél`` or a
blank name matches no person, in any rule (:meth:`Interlocutor.matches`).

>>> siren = Siren("130 005 481")
>>> siren
Siren('130005481')
>>> str(siren), siren.formatted
('130005481', '130 005 481')
"""

from __future__ import annotations

import enum
import operator
import re
import unicodedata
from datetime import date
from typing import Any, Final, SupportsIndex

import attrs

from caf_contract._html import Shown
from caf_contract._validate import (
    accepts,
    field_name,
    instance_of,
    is_day,
    non_blank,
    optional,
    parse_enum,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.errors import (
    InvalidEmailError,
    InvalidSiren,
    InvalidValueError,
    UnknownDepartmentError,
)
from caf_contract.parameters import VALUES

__all__ = [
    "DEPARTMENT_CODES",
    "TEMPLATE_PLACEHOLDERS",
    "Actor",
    "Caf",
    "Interlocutor",
    "InterlocutorRole",
    "Interlocutors",
    "Partner",
    "Side",
    "Siren",
    "Subcontractor",
    "department_code",
    "is_placeholder",
]

# --- SIREN

_SIREN_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
_NINE_ASCII_DIGITS = re.compile(r"[0-9]{9}")


# The Luhn value of each digit, by its place from the right: kept as is at even
# places, doubled (less 9 above 9) at odd ones.
_KEPT = {str(digit): digit for digit in range(10)}
_DOUBLED = {str(digit): 2 * digit - 9 * (digit > 4) for digit in range(10)}


def _luhn_valid(digits: str) -> bool:
    """Whether the ASCII ``digits`` end with a valid Luhn key."""
    kept = sum(map(_KEPT.__getitem__, digits[-1::-2]))
    return (kept + sum(map(_DOUBLED.__getitem__, digits[-2::-2]))) % 10 == 0


def _parse_siren(value: object) -> str:
    if isinstance(value, Siren):
        return value.digits
    if not isinstance(value, str):
        raise InvalidSiren(
            value,
            "un SIREN s'écrit en texte (les zéros de tête comptent)",
            article=Article.PREAMBULE,
        )
    if type(value) is str and _NINE_ASCII_DIGITS.fullmatch(value):
        digits = value  # as most files write it
    else:  # spaces between the groups, or a fault
        digits = value.strip().translate(_SIREN_SEPARATORS)
        # ASCII digits only: str.isdigit() would let '١٢٣…' (Arabic-Indic) through.
        if any(not ("0" <= character <= "9") for character in digits):
            raise InvalidSiren(
                value, "contient autre chose que des chiffres", article=Article.PREAMBULE
            )
        if len(digits) != 9:  # a SIREN's length
            raise InvalidSiren(
                value, f"{len(digits)} chiffres au lieu de 9", article=Article.PREAMBULE
            )
    if not _luhn_valid(digits):
        raise InvalidSiren(value, "clé de contrôle (Luhn) invalide", article=Article.PREAMBULE)
    if digits == "000000000":
        # Passes Luhn, but designates no company.
        raise InvalidSiren(
            value, "000000000 ne désigne aucune entreprise", article=Article.PREAMBULE
        )
    return digits


@attrs.frozen(order=True)
class Siren(Shown):
    """A SIREN: 9 digits with a valid Luhn key, spaces allowed on input.

    La Poste's ``356000000`` is valid as a SIREN (its Luhn exception concerns SIRET
    numbers only); ``000000000`` passes Luhn but names no company and is refused.

    Raises:
        InvalidSiren: letters, wrong length, wrong checksum, or 000000000.

    >>> Siren("356000000")
    Siren('356000000')
    >>> Siren("130005482")
    Traceback (most recent call last):
    ...
    caf_contract.errors.InvalidSiren: Préambule — SIREN : clé de contrôle (Luhn) invalide
    ('130005482') ; attendu : un SIREN de 9 chiffres (espaces permis entre les groupes), clé de Luhn
    valide, autre que 000000000.
    """

    digits: str = attrs.field(converter=_parse_siren)

    _html_caption = "SIREN"
    _html_fields = (("formatted", "SIREN"),)
    _html_inline = True

    def __str__(self) -> str:
        return self.digits

    def __repr__(self) -> str:
        return f"Siren({self.digits!r})"

    @property
    def formatted(self) -> str:
        """The usual French display: ``130 005 481``."""
        return f"{self.digits[:3]} {self.digits[3:6]} {self.digits[6:]}"

    @classmethod
    def is_valid(cls, value: object) -> bool:
        """Whether ``value`` would make a valid SIREN (never raises)."""
        try:
            _parse_siren(value)
        except InvalidSiren:
            return False
        return True


def _siren_at(value: object, field: str) -> Siren:
    """``value`` as a :class:`Siren`, an error naming ``field`` (``"Partner.siren"``).

    For the fields that hold a SIREN: attrs converters do not know their field, so
    each wraps this one with its name.

    Raises:
        InvalidSiren: ``value`` is no SIREN; the error's field is ``field``.
    """
    if type(value) is Siren:  # immutable: shared, not copied
        return value
    try:
        return Siren(value)  # the converter checks it
    except InvalidSiren as error:
        raise InvalidSiren(
            error.value, error.problem, article=Article.PREAMBULE, field=field
        ) from None


def _partner_siren(value: Siren | str | None) -> Siren | None:
    # The template's « Numéro de SIREN : » left empty, written as a blank text: not
    # given, so that check_contract names it. A SIREN itself is never blank.
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _siren_at(value, "Partner.siren")


# --- departments

DEPARTMENT_CODES: frozenset[str] = frozenset(
    [f"{number:02d}" for number in range(1, 96) if number != 20]
    + ["2A", "2B"]
    + ["971", "972", "973", "974", "975", "976"]
)
"""The 101 French departments (« 20 » was split into 2A/2B in 1976), and 975.

Saint-Pierre-et-Miquelon (975) is a collectivity whose family benefits are paid by
its own social security fund, not by a Caf; the issue that specifies the calendar
asks for every code from 971 to 976, so it is accepted, with its own public holidays
(those of metropolitan France in the ``holidays`` package)."""


def department_code(value: object) -> str:
    """``value`` as a department code (``"2a"`` is read ``"2A"``).

    Raises:
        UnknownDepartmentError: not a department code (``"99"``, ``"2C"``, ``"20"``, ``82``).

    >>> department_code(" 2a ")
    '2A'
    """
    if isinstance(value, str):
        code = value.strip().upper()
        if code in DEPARTMENT_CODES:
            return code
    raise UnknownDepartmentError(value, meant=_meant_department(value))


def _meant_department(value: object) -> str | None:
    """The code ``value`` stands for, written wrong: a number, or a text without its 0.

    ``pandas.read_csv`` reads a column of codes as numbers (``57``, ``1``; ``57.0``
    when a cell is empty), and a spreadsheet drops the 0 of ``"01"``.
    """
    if isinstance(value, str):
        digits = value.strip()
        code = f"0{digits}" if len(digits) == 1 else None
    elif isinstance(value, bool):  # True is 1, but no department
        return None
    else:
        if isinstance(value, float):
            number = int(value) if value.is_integer() else -1
        elif isinstance(value, SupportsIndex):  # int, and numpy's integers
            number = operator.index(value)
        else:
            return None
        # Bounded first: a huge number has no code, and might not even print.
        code = f"{number:02d}" if 0 < number < 1000 else None
    return code if code in DEPARTMENT_CODES else None


# --- e-mail and placeholders

# Deliberately plain: ASCII local part without leading, trailing or doubled dots; a
# domain of at least two LDH labels. Enough to catch the template's « Adresse mél »,
# a missing @, spaces or a truncated domain, without pretending to be RFC 5322.
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}",
    re.ASCII,
)
_EMAIL_MAX_LENGTH = 254


def _check_email(value: object, field: str) -> str:
    if not isinstance(value, str) or len(value) > _EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(value):
        raise InvalidEmailError(field, value)
    return value


def _email(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_email(value, field_name(instance, attribute))


TEMPLATE_PLACEHOLDERS: Final = frozenset(
    text for parameter in VALUES if parameter.name == "placeholders" for text in parameter.value
)
"""The texts the templates leave for the parties to fill in: the parameter
``placeholders`` of :mod:`caf_contract.parameters`, every template version together.

A blank of any version designates nobody, whichever version a contract declares: a
copy filled in on an older form keeps that form's blanks."""


def _plain_words(text: str) -> str:
    """``text`` without accents, case, spacing or punctuation: how it is compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(re.split(r"[^a-z0-9]+", letters)).strip("_")


_PLACEHOLDER_KEYS = frozenset(_plain_words(text) for text in TEMPLATE_PLACEHOLDERS)


@accepts(text=str | None)
def is_placeholder(text: str | None) -> bool:
    """Whether ``text`` is missing, blank or still a template placeholder.

    Case, accents, spacing and punctuation do not matter: « PRENOM NOM » is the
    template's « Prénom NOM » written without its accent.

    >>> is_placeholder("Prénom NOM"), is_placeholder(" nom structure "), is_placeholder("CCAS")
    (True, True, False)
    >>> is_placeholder("PRENOM  NOM"), is_placeholder("adresse mel")
    (True, True)
    """
    return text is None or not text.strip() or _plain_words(text) in _PLACEHOLDER_KEYS


def _given_email(value: str | None) -> str | None:
    # The template's « Adresse mél » (or a blank) is an address not given yet: read as
    # None, so that check_contract names it. Anything else is checked as an address.
    if isinstance(value, str) and is_placeholder(value):
        return None
    return value


# --- parties


@attrs.frozen(kw_only=True)
class Caf(Shown):
    """The Caf party to the contract, identified by its department.

    Attributes:
        department: the department code (``"82"``); it decides the working-day calendar.
        name: ``"Caf de Tarn-et-Garonne"``.
        address: the seat (« Dont le siège est situé … »).
        service_centre_email: the centre de services' address (Art. 3.2), where
            every request goes.
    """

    department: str = attrs.field(converter=department_code)
    name: str = attrs.field(validator=non_blank)
    address: str = attrs.field(validator=non_blank)
    service_centre_email: str = attrs.field(validator=_email)

    _html_caption = "Caf"
    _html_fields = (
        ("name", "Nom"),
        ("department", "Département"),
        ("address", "Siège"),
        ("service_centre_email", "Centre de services"),
    )


@attrs.frozen(kw_only=True)
class Partner(Shown):
    """The partner structure as the preamble names it.

    Fields may still hold the template's placeholders (``NOM STRUCTURE``, an empty
    SIREN): such a partner can be built, and
    :func:`~caf_contract.contract.check_contract` names every placeholder left. A
    blank SIREN (``""``) is read as not given (``None``); any other SIREN must be valid.

    >>> Partner(name="NOM STRUCTURE", siren="").siren is None
    True
    """

    name: str = attrs.field(validator=instance_of(str, "un texte"))
    address: str | None = attrs.field(default=None, validator=optional(non_blank))
    representative: str | None = attrs.field(default=None, validator=optional(non_blank))
    siren: Siren | None = attrs.field(default=None, converter=_partner_siren)

    _html_caption = "Partenaire"
    _html_fields = (
        ("name", "Nom"),
        ("siren", "SIREN"),
        ("address", "Adresse"),
        ("representative", "Représentant"),
    )


# --- annexe 1


class InterlocutorRole(enum.StrEnum):
    """The roles of annexe 1 (and Art. 5.1 for the responsable sécurité).

    Since the GDPR the CIL / *référent Informatique et Libertés* is the DPO: both
    names designate one role.

    >>> InterlocutorRole("délégué à la protection des données") is InterlocutorRole.DPO
    True
    >>> InterlocutorRole("CIL")
    <InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES: 'referent_informatique_libertes'>
    """

    DIRECTION = "direction"
    ADMINISTRATEUR_PRINCIPAL = "administrateur_principal"
    """The partner's *gestionnaire des habilitations*."""
    ADMINISTRATEUR_DELEGUE = "administrateur_delegue"
    """The *suppléant* of the administrateur principal."""
    RESPONSABLE_SECURITE = "responsable_securite"
    """Responsable sécurité / informatique, the single security contact of Art. 5.1."""
    REFERENT_INFORMATIQUE_LIBERTES = "referent_informatique_libertes"
    DPO = "referent_informatique_libertes"
    CENTRE_DE_SERVICES = "centre_de_services"
    """Caf side only: the administrators of the centre de services Caf."""
    RESPONSABLE_SERVICES = "responsable_services"
    """The partner's *responsable services* whom Art. 4 tells of the Caf's planned stops.

    Annexe 1 has no line for him: when the contract names none, the direction."""

    @classmethod
    def _missing_(cls, value: object) -> InterlocutorRole | None:
        if not isinstance(value, str):
            return None
        return _ROLE_ALIASES.get(_plain_words(value))

    @property
    def label(self) -> str:
        """The role as annexe 1 writes it, for people to read.

        >>> InterlocutorRole.DPO.label
        'référent Informatique et Libertés (DPO)'
        """
        return _ROLE_LABELS[self]


_ROLE_ALIASES: dict[str, InterlocutorRole] = {
    "directrice": InterlocutorRole.DIRECTION,
    "directeur": InterlocutorRole.DIRECTION,
    "gestionnaire_des_habilitations": InterlocutorRole.ADMINISTRATEUR_PRINCIPAL,
    "suppleant": InterlocutorRole.ADMINISTRATEUR_DELEGUE,
    "responsable_securite_informatique": InterlocutorRole.RESPONSABLE_SECURITE,
    "responsable_informatique": InterlocutorRole.RESPONSABLE_SECURITE,
    "cil": InterlocutorRole.DPO,
    "dpo": InterlocutorRole.DPO,
    "referent_informatique_et_libertes": InterlocutorRole.DPO,
    "cil_ou_referent_informatique_et_libertes": InterlocutorRole.DPO,
    "delegue_a_la_protection_des_donnees": InterlocutorRole.DPO,
    "centre_de_services_caf": InterlocutorRole.CENTRE_DE_SERVICES,
    "responsable_des_services": InterlocutorRole.RESPONSABLE_SERVICES,
} | {role.value: role for role in InterlocutorRole}


_ROLE_LABELS: Final[dict[InterlocutorRole, str]] = {
    InterlocutorRole.DIRECTION: "direction",
    InterlocutorRole.ADMINISTRATEUR_PRINCIPAL: "administrateur principal",
    InterlocutorRole.ADMINISTRATEUR_DELEGUE: "administrateur délégué",
    InterlocutorRole.RESPONSABLE_SECURITE: "responsable sécurité / informatique",
    InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES: "référent Informatique et Libertés (DPO)",
    InterlocutorRole.CENTRE_DE_SERVICES: "centre de services Caf",
    InterlocutorRole.RESPONSABLE_SERVICES: "responsable services",
}


def _role(value: InterlocutorRole | str) -> InterlocutorRole:
    return parse_enum(InterlocutorRole, value, "Interlocutor.role")


@attrs.frozen(kw_only=True)
class Interlocutor(Shown):
    """A person of annexe 1, by role.

    The name may still be the template's ``Prénom NOM`` and the e-mail may be
    missing: the contract check names them. An e-mail written as the template leaves
    it (« Adresse mél », or blank) is read as missing (``None``); any other e-mail
    must be well formed.

    >>> Interlocutor(role="direction", name="Prénom NOM", email="Adresse mél").email is None
    True
    """

    role: InterlocutorRole = attrs.field(converter=_role)
    name: str = attrs.field(validator=instance_of(str, "un texte"))
    email: str | None = attrs.field(
        default=None, converter=_given_email, validator=optional(_email)
    )
    function: str | None = attrs.field(default=None, validator=optional(non_blank))
    phone: str | None = attrs.field(default=None, validator=optional(non_blank))

    _html_caption = "Interlocuteur"
    _html_fields = (
        ("role", "Rôle"),
        ("name", "Nom"),
        ("function", "Fonction"),
        ("email", "Mél"),
        ("phone", "Téléphone"),
    )

    def matches(self, *, name: str | None = None, email: str | None = None) -> bool:
        """Whether this is the person named or written to (case and spacing ignored).

        A placeholder designates nobody: a ``Prénom NOM`` (or blank) on either side
        matches no one, nor does an e-mail left as ``Adresse mél``. Names are
        compared without case, accents or spacing (« Lea BERNARD » is « Léa Bernard »).

        Raises:
            InvalidValueError: ``name`` or ``email`` is neither a text nor ``None``.
        """
        _text_or_none(name, "name")
        _text_or_none(email, "email")
        if email is not None and self.email is not None and not is_placeholder(email):
            return email.strip().casefold() == self.email.casefold()
        if name is not None and not is_placeholder(name) and not is_placeholder(self.name):
            return _plain_words(name) == _plain_words(self.name)
        return False

    def is_designated_by(self, who: str) -> bool:
        """Whether ``who``, a name or an e-mail address, designates this person.

        >>> lea = Interlocutor(role="administrateur principal", name="Léa Bernard",
        ...                    email="lbernard@ccas-exemple.fr")
        >>> lea.is_designated_by("LBernard@ccas-exemple.fr"), lea.is_designated_by("Léa  Bernard")
        (True, True)
        >>> Interlocutor(role="direction", name="Prénom NOM").is_designated_by("Prénom NOM")
        False
        """
        if "@" in who:
            return self.matches(email=who)
        return self.matches(name=who)


def _text_or_none(value: object, field: str) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidValueError(field, value, "un texte ou None")


def _interlocutor_tuple(value: object) -> tuple[Interlocutor, ...]:
    return tuple_of(value, Interlocutor, "Interlocutors", "Interlocutor(...)")


def _partner_side(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    del value
    for index, person in enumerate(instance.partner):  # type: ignore[attr-defined]
        if person.role is InterlocutorRole.CENTRE_DE_SERVICES:
            raise InvalidValueError(
                f"{field_name(instance, attribute)}[{index}].role",
                person,
                "un rôle du partenaire (le centre de services est un interlocuteur de la Caf)",
                problem="rôle réservé à la Caf",
                article=Article.ANNEXE_1,
            )


@attrs.frozen(kw_only=True)
class Interlocutors(Shown):
    """Annexe 1: the interlocutors of the Caf and of the partner.

    The partner's *autres interlocuteurs* (responsable sécurité / informatique,
    CIL or DPO) are listed « si différents »: when absent, the direction holds
    those roles, and :meth:`of_partner` answers with the direction.
    """

    caf: tuple[Interlocutor, ...] = attrs.field(default=(), converter=_interlocutor_tuple)
    partner: tuple[Interlocutor, ...] = attrs.field(
        default=(), converter=_interlocutor_tuple, validator=_partner_side
    )

    _html_caption = "Interlocuteurs (annexe 1)"
    _html_fields = (("caf", "De la Caf"), ("partner", "Du partenaire"))

    def of_partner(self, role: InterlocutorRole | str) -> tuple[Interlocutor, ...]:
        """The partner's interlocutors holding ``role``, « si différents » applied."""
        wanted = _role(role)
        found = tuple(person for person in self.partner if person.role is wanted)
        if not found and wanted in _DEFAULTS_TO_DIRECTION:
            return self.of_partner(InterlocutorRole.DIRECTION)
        return found

    def designated_partner(
        self, who: str, roles: frozenset[InterlocutorRole]
    ) -> Interlocutor | None:
        """The partner's interlocutor holding one of ``roles`` whom ``who`` designates, if any.

        ``who`` is a name or an e-mail address; a placeholder designates nobody.
        """
        for person in self.partner:
            if person.role in roles and person.is_designated_by(who):
                return person
        return None

    def of_caf(self, role: InterlocutorRole | str) -> tuple[Interlocutor, ...]:
        """The Caf's interlocutors holding ``role``."""
        wanted = _role(role)
        return tuple(person for person in self.caf if person.role is wanted)

    def find_partner(
        self, *, name: str | None = None, email: str | None = None
    ) -> Interlocutor | None:
        """The partner's interlocutor with that e-mail (or, failing an e-mail, that name).

        Raises:
            InvalidValueError: ``name`` or ``email`` is neither a text nor ``None``.
        """
        _text_or_none(name, "name")
        _text_or_none(email, "email")
        for person in self.partner:
            if person.matches(name=name, email=email):
                return person
        return None


_DEFAULTS_TO_DIRECTION = frozenset(
    {
        InterlocutorRole.RESPONSABLE_SECURITE,
        InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES,
        InterlocutorRole.RESPONSABLE_SERVICES,
    }
)


# --- sub-contractors (Art. 2.1)


def _subcontractor_siren(value: Siren | str) -> Siren:
    return _siren_at(value, "Subcontractor.siren")


@attrs.frozen(kw_only=True)
class Subcontractor(Shown):
    """A sub-contractor of the partner, whose staff the partner may habilitate (Art. 2.1).

    « Le partenaire veillera à ce que les navigateurs équipant les ordinateurs de ses
    personnels ou ses sous-traitants, utilisateurs habilités […] » : the users are the
    partner's own staff or a sub-contractor's. The contract declares them.

    Attributes:
        name: the sub-contractor's name.
        siren: its SIREN: the employer a grant request states for its staff.
        since: the day from which it works for the partner; its staff may be
            habilitated from that day on.
    """

    name: str = attrs.field(validator=non_blank)
    siren: Siren = attrs.field(converter=_subcontractor_siren)
    since: date = attrs.field(validator=is_day)

    _html_caption = "Sous-traitant"
    _html_fields = (("name", "Nom"), ("siren", "SIREN"), ("since", "Depuis le"))


# --- who acts


class Side(enum.StrEnum):
    """Where someone who acts under the contract works."""

    CAF = "Caf"
    CNAF = "Cnaf"
    PARTNER = "partenaire"

    def __repr__(self) -> str:
        # Short and eval-able where a Side is accepted: ``Actor(side='Caf', …)``.
        return repr(self.value)


def _side(value: Side | str) -> Side:
    return parse_enum(Side, value, "Actor.side")


def _organisation(instance: Actor, attribute: attrs.Attribute[Any], value: object) -> None:
    where = field_name(instance, attribute)
    if instance.side is Side.CNAF:
        if value is not None:
            raise InvalidValueError(
                where, value, "None : la Cnaf est une caisse nationale unique, sans code"
            )
        return
    if instance.side is Side.CAF:
        if not isinstance(value, str) or value != _department_or_none(value):
            raise InvalidValueError(
                where,
                value,
                "le code du département de la Caf (« 82 », « 2A », « 974 »)",
                problem="Caf non identifiée",
            )
        return
    if not isinstance(value, str) or value != _siren_digits_or_none(value):
        raise InvalidValueError(
            where,
            value,
            "le SIREN de la structure qui l'emploie (9 chiffres, clé de Luhn valide)",
            problem="employeur non identifié",
        )


def _department_or_none(value: str) -> str | None:
    """The department code ``value`` names (as :func:`department_code` reads it), or ``None``."""
    code = value.strip().upper()
    return code if code in DEPARTMENT_CODES else None


def _siren_digits_or_none(value: str) -> str | None:
    """The digits of the SIREN ``value`` names (as :class:`Siren` reads it), or ``None``."""
    try:
        return _parse_siren(value)
    except InvalidSiren:
        return None


def _normal_organisation(value: object) -> object:
    # « 2a » is « 2A », « 123 456 782 » is « 123456782 »: written the one way.
    if isinstance(value, Siren):
        return value.digits
    if isinstance(value, str):
        return _department_or_none(value) or _siren_digits_or_none(value) or value
    return value


@attrs.frozen(kw_only=True)
class Actor(Shown):
    """Someone who acts under the contract: a member of a Caf's, the Cnaf's or a partner's staff.

    Who grants, suspends, withdraws the delegation or reads traces is an actor, never a
    free text: the rules compare the side and the organisation with the contract's
    parties. The name may be anything written (a name, an e-mail address); a template
    placeholder there designates nobody, and every rule refuses it.

    Attributes:
        side: :attr:`Side.CAF`, :attr:`Side.CNAF` or :attr:`Side.PARTNER`.
        organisation: for a Caf's staff, the Caf's department code (``"82"``); for a
            partner's (or a sub-contractor's), the SIREN of the structure that employs
            them; for the Cnaf's, ``None``.
        name: the person: a name or an e-mail address.

    >>> Actor(side="Caf", organisation="82", name="agent@caf82.caf.fr")
    Actor(side='Caf', organisation='82', name='agent@caf82.caf.fr')
    >>> print(Actor(side="partenaire", organisation="123 456 782", name="Léa Bernard"))
    Léa Bernard (partenaire, SIREN 123456782)
    """

    side: Side = attrs.field(converter=_side)
    organisation: str | None = attrs.field(
        default=None, converter=_normal_organisation, validator=_organisation
    )
    name: str = attrs.field(validator=non_blank)

    _html_caption = "Intervenant"
    _html_fields = (("name", "Nom"), ("side", "Côté"), ("organisation", "Organisme"))
    _html_inline = True

    @classmethod
    def caf(cls, department: str, name: str) -> Actor:
        """A member of the staff of the Caf of ``department``."""
        return cls(side=Side.CAF, organisation=department, name=name)

    @classmethod
    def cnaf(cls, name: str) -> Actor:
        """A member of the Cnaf's staff."""
        return cls(side=Side.CNAF, organisation=None, name=name)

    @classmethod
    def partner(cls, siren: Siren | str, name: str) -> Actor:
        """A member of the staff of the partner (or sub-contractor) of SIREN ``siren``."""
        return cls(side=Side.PARTNER, organisation=str(siren), name=name)

    @property
    def designates_nobody(self) -> bool:
        """Whether the name is a template placeholder (``Prénom NOM``): nobody then."""
        return is_placeholder(self.name)

    def __str__(self) -> str:
        if self.side is Side.CAF:
            where = f"Caf {self.organisation}"
        elif self.side is Side.CNAF:
            where = "Cnaf"
        else:
            where = f"partenaire, SIREN {self.organisation}"
        return f"{self.name} ({where})"
