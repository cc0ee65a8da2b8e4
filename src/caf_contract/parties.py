"""The parties to the contract and their interlocutors (préambule, Art. 1, Art. 5.1, annexe 1).

- :class:`Siren`: the partner's SIREN, 9 digits with a Luhn key.
- :class:`Caf`: the Caf, identified by its department code, with its service centre's address.
- :class:`Partner`: the partner structure as the preamble names it.
- :class:`Interlocutor`, :class:`InterlocutorRole`, :class:`Interlocutors`: annexe 1.

>>> siren = Siren("130 005 481")
>>> siren
Siren('130005481')
>>> str(siren), siren.formatted
('130005481', '130 005 481')
"""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Any

import attrs

from caf_contract._validate import (
    checked,
    field_name,
    instance_of,
    non_blank,
    optional_non_blank,
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

__all__ = [
    "DEPARTMENT_CODES",
    "TEMPLATE_PLACEHOLDERS",
    "Caf",
    "Interlocutor",
    "InterlocutorRole",
    "Interlocutors",
    "Partner",
    "Siren",
    "department_code",
    "is_placeholder",
]

# --- SIREN

_SIREN_SEPARATORS = str.maketrans("", "", " \u00a0\u202f")
_NINE_ASCII_DIGITS = re.compile(r"[0-9]{9}")


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, character in enumerate(reversed(digits)):
        digit = ord(character) - 48
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _parse_siren(value: object) -> str:
    if isinstance(value, Siren):
        return value.digits
    if not isinstance(value, str):
        raise InvalidSiren(value, "un SIREN s'écrit en texte (les zéros de tête comptent)")
    digits = value.strip().translate(_SIREN_SEPARATORS)
    # ASCII digits only: str.isdigit() would let '١٢٣…' (Arabic-Indic) through.
    if any(not ("0" <= character <= "9") for character in digits):
        raise InvalidSiren(value, "contient autre chose que des chiffres")
    if not _NINE_ASCII_DIGITS.fullmatch(digits):
        raise InvalidSiren(value, f"{len(digits)} chiffres au lieu de 9")
    if not _luhn_valid(digits):
        raise InvalidSiren(value, "clé de contrôle (Luhn) invalide")
    if digits == "000000000":
        # Passes Luhn, but designates no company.
        raise InvalidSiren(value, "000000000 ne désigne aucune entreprise")
    return digits


@attrs.frozen(order=True)
class Siren:
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
    ('130005482') ; attendu : 9 chiffres (espaces permis entre les groupes), clé de Luhn
    valide, autre que 000000000.
    """

    digits: str = attrs.field(converter=_parse_siren)

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


def _optional_siren(value: Siren | str | None) -> Siren | None:
    # The template's « Numéro de SIREN : » left empty, written as a blank text: not
    # given, so that check_contract names it. A SIREN itself is never blank.
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return Siren(value)


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
    raise UnknownDepartmentError(value)


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


TEMPLATE_PLACEHOLDERS: frozenset[str] = frozenset(
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
)
"""The texts the template leaves for the parties to fill in."""

_PLACEHOLDER_KEYS = frozenset(text.casefold() for text in TEMPLATE_PLACEHOLDERS)


def is_placeholder(text: str | None) -> bool:
    """Whether ``text`` is missing, blank or still a template placeholder.

    >>> is_placeholder("Prénom NOM"), is_placeholder(" nom structure "), is_placeholder("CCAS")
    (True, True, False)
    """
    if text is None:
        return True
    written = checked(text, str, "text", "un texte ou None")
    return not written.strip() or " ".join(written.split()).casefold() in _PLACEHOLDER_KEYS


def _given_email(value: str | None) -> str | None:
    # The template's « Adresse mél » (or a blank) is an address not given yet: read as
    # None, so that check_contract names it. Anything else is checked as an address.
    if isinstance(value, str) and is_placeholder(value):
        return None
    return value


def _optional_email(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _email(instance, attribute, value)


# --- parties


@attrs.frozen(kw_only=True)
class Caf:
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


@attrs.frozen(kw_only=True)
class Partner:
    """The partner structure as the preamble names it.

    Fields may still hold the template's placeholders (``NOM STRUCTURE``, an empty
    SIREN): such a partner can be built, and
    :func:`~caf_contract.contract.check_contract` names every placeholder left. A
    blank SIREN (``""``) is read as not given (``None``); any other SIREN must be valid.

    >>> Partner(name="NOM STRUCTURE", siren="").siren is None
    True
    """

    name: str = attrs.field(validator=instance_of(str, "un texte"))
    address: str | None = attrs.field(default=None, validator=optional_non_blank)
    representative: str | None = attrs.field(default=None, validator=optional_non_blank)
    siren: Siren | None = attrs.field(default=None, converter=_optional_siren)


# --- annexe 1


def _plain_words(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(re.split(r"[^a-z0-9]+", letters)).strip("_")


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

    @classmethod
    def _missing_(cls, value: object) -> InterlocutorRole | None:
        if not isinstance(value, str):
            return None
        return _ROLE_ALIASES.get(_plain_words(value))


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
} | {role.value: role for role in InterlocutorRole}


def _role(value: InterlocutorRole | str) -> InterlocutorRole:
    return parse_enum(InterlocutorRole, value, "Interlocutor.role")


@attrs.frozen(kw_only=True)
class Interlocutor:
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
    email: str | None = attrs.field(default=None, converter=_given_email, validator=_optional_email)
    function: str | None = attrs.field(default=None, validator=optional_non_blank)
    phone: str | None = attrs.field(default=None, validator=optional_non_blank)

    def matches(self, *, name: str | None = None, email: str | None = None) -> bool:
        """Whether this is the person named or written to (case and spacing ignored).

        Raises:
            InvalidValueError: ``name`` or ``email`` is neither a text nor ``None``.
        """
        _text_or_none(name, "name")
        _text_or_none(email, "email")
        if email is not None and self.email is not None:
            return email.strip().casefold() == self.email.casefold()
        if name is not None:
            return " ".join(name.split()).casefold() == " ".join(self.name.split()).casefold()
        return False


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
class Interlocutors:
    """Annexe 1: the interlocutors of the Caf and of the partner.

    The partner's *autres interlocuteurs* (responsable sécurité / informatique,
    CIL or DPO) are listed « si différents »: when absent, the direction holds
    those roles, and :meth:`of_partner` answers with the direction.
    """

    caf: tuple[Interlocutor, ...] = attrs.field(default=(), converter=_interlocutor_tuple)
    partner: tuple[Interlocutor, ...] = attrs.field(
        default=(), converter=_interlocutor_tuple, validator=_partner_side
    )

    def of_partner(self, role: InterlocutorRole | str) -> tuple[Interlocutor, ...]:
        """The partner's interlocutors holding ``role``, « si différents » applied."""
        wanted = _role(role)
        found = tuple(person for person in self.partner if person.role is wanted)
        if not found and wanted in _DEFAULTS_TO_DIRECTION:
            return self.of_partner(InterlocutorRole.DIRECTION)
        return found

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
    {InterlocutorRole.RESPONSABLE_SECURITE, InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES}
)
