"""The contract itself: its parties, dates, annexes, avenants, and the opening of services.

- :class:`Contract` and :func:`check_contract` (préambule, Art. 1, Art. 6, annexes 1–2):
  a contract can be built while still a draft (template placeholders left), and
  the check names every problem at once.
- :class:`Avenant` and :func:`amend` (Art. 6): a contract changes only through an
  avenant signed by both parties, and never changes its parties (the Caf's
  department, the partner's SIREN); amending returns a new contract that keeps the
  history, each avenant with the parts it replaced, so that :meth:`Contract.as_of`
  gives the contract as it stood on any day.
- :func:`may_open_service` (Art. 2.1 with 2.2) and :func:`may_connect` (Art. 2.1,
  with a browser policy the caller supplies).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from caf_contract._format import counted, day_text
from caf_contract._html import Shown
from caf_contract._time import paris_day, start_of_paris_day
from caf_contract._validate import (
    accepts,
    field_name,
    instance_of,
    is_day,
    non_blank,
    optional,
    optional_text,
    text,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.bulletin import Bulletin
from caf_contract.calendar import WorkingCalendar
from caf_contract.decision import Decision, Reason
from caf_contract.errors import ChronologyError, InvalidValueError, UnsignedAvenantError
from caf_contract.parameters import ParameterSet, at, current
from caf_contract.parties import (
    Caf,
    InterlocutorRole,
    Interlocutors,
    Partner,
    Siren,
    Subcontractor,
    is_placeholder,
)
from caf_contract.remedy import Remedy, SignedDocument

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "UNCHANGED",
    "Avenant",
    "BrowserPolicy",
    "Contract",
    "ContractParts",
    "amend",
    "check_contract",
    "may_connect",
    "may_open_service",
]


# --- avenants Art. 6


def _optional_bulletins(value: object) -> tuple[Bulletin, ...] | None:
    return None if value is None else _bulletins(value)


def _optional_subcontractors(value: object) -> tuple[Subcontractor, ...] | None:
    return None if value is None else _subcontractors(value)


@attrs.frozen(kw_only=True)
class ContractParts(Shown):
    """The parts of a contract an avenant may change; ``None`` for a part it leaves.

    An :class:`Avenant` keeps, in ``replaced``, the parts as they were before it: the
    contract can be read as it stood on any day (:meth:`Contract.as_of`).
    """

    caf: Caf | None = attrs.field(
        default=None, validator=optional(instance_of(Caf, "Caf(...) ou None"))
    )
    partner: Partner | None = attrs.field(
        default=None, validator=optional(instance_of(Partner, "Partner(...) ou None"))
    )
    interlocutors: Interlocutors | None = attrs.field(
        default=None, validator=optional(instance_of(Interlocutors, "Interlocutors(...) ou None"))
    )
    bulletins: tuple[Bulletin, ...] | None = attrs.field(
        default=None, converter=_optional_bulletins
    )
    subcontractors: tuple[Subcontractor, ...] | None = attrs.field(
        default=None, converter=_optional_subcontractors
    )

    _html_caption = "Parties du contrat remplacées"
    _html_fields = (
        ("caf", "Caf"),
        ("partner", "Partenaire"),
        ("interlocutors", "Interlocuteurs"),
        ("bulletins", "Bulletins d'adhésion"),
        ("subcontractors", "Sous-traitants"),
    )

    def given(self) -> dict[str, Any]:
        """The parts given (not ``None``), by field name."""
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(ContractParts)
            if getattr(self, field.name) is not None
        }

    def _html_rows(self) -> list[tuple[str, object]]:
        given = self.given()
        rows = [(label, given[name]) for name, label in self._html_fields if name in given]
        return rows or [("Parties remplacées", "aucune")]


@attrs.frozen(kw_only=True)
class Avenant(Shown):
    """An avenant (Art. 6): a change to the contract, negotiated and signed by both parties.

    A draft avenant (one or no signature) can be built; only :func:`amend` and
    :class:`Contract` refuse it.

    Attributes:
        title: what the avenant is (« Avenant n° 1 : ouverture du service AFAS »).
        caf_signed_on: the Caf's signature, ``None`` while unsigned.
        partner_signed_on: the partner's signature, ``None`` while unsigned.
        replaced: the parts of the contract as they were before the avenant
            (:func:`amend` records them); nothing by default, for an avenant whose
            changes are not recorded.
    """

    title: str = attrs.field(validator=non_blank)
    caf_signed_on: date | None = attrs.field(default=None, validator=optional(is_day))
    partner_signed_on: date | None = attrs.field(default=None, validator=optional(is_day))
    replaced: ContractParts = attrs.field(
        factory=ContractParts, validator=instance_of(ContractParts, "ContractParts(...)")
    )

    _html_caption = "Avenant"
    _html_fields = (
        ("title", "Titre"),
        ("caf_signed_on", "Signé par la Caf le"),
        ("partner_signed_on", "Signé par le partenaire le"),
        ("effective_on", "En vigueur le"),
        ("replaced", "Avant l'avenant"),
    )
    _html_columns = ("title", "effective_on")

    @property
    def missing_signatures(self) -> tuple[str, ...]:
        """The parties that have not signed (``"la Caf"``, ``"le partenaire"``)."""
        missing = []
        if self.caf_signed_on is None:
            missing.append("la Caf")
        if self.partner_signed_on is None:
            missing.append("le partenaire")
        return tuple(missing)

    @property
    def effective_on(self) -> date | None:
        """The day of the second signature, when the avenant binds both parties."""
        if self.caf_signed_on is None or self.partner_signed_on is None:
            return None
        return max(self.caf_signed_on, self.partner_signed_on)


def _require_in_force(
    avenant: Avenant, previous: date | None, previous_field: str, *, field: str
) -> date:
    """The avenant's effective day; refuses a one-sided avenant or one out of order.

    ``field`` is where the avenant was given (``Contract.avenants[1]``): errors name
    the missing signature, or the signature that sets the day, within it.
    """
    caf_day, partner_day = avenant.caf_signed_on, avenant.partner_signed_on
    if caf_day is None or partner_day is None:
        missing = [
            name
            for name, day in (("caf_signed_on", caf_day), ("partner_signed_on", partner_day))
            if day is None
        ]
        where = f"{field}.{missing[0]}" if len(missing) == 1 else field
        raise UnsignedAvenantError(
            avenant.title, avenant.missing_signatures, article=Article.ART_6, field=where
        )
    effective = max(caf_day, partner_day)
    if previous is not None and effective < previous:
        last = "caf_signed_on" if caf_day >= partner_day else "partner_signed_on"
        raise ChronologyError(
            previous_field,
            previous,
            f"l'entrée en vigueur de l'avenant « {avenant.title} »",
            effective,
            article=Article.ART_6,
            field=f"{field}.{last}",
        )
    return effective


# --- the contract


def _bulletins(value: object) -> tuple[Bulletin, ...]:
    return tuple_of(value, Bulletin, "Contract.bulletins", "Bulletin(...)")


def _avenants(value: object) -> tuple[Avenant, ...]:
    return tuple_of(value, Avenant, "Contract.avenants", "Avenant(...)")


def _subcontractors(value: object) -> tuple[Subcontractor, ...]:
    return tuple_of(value, Subcontractor, "Contract.subcontractors", "Subcontractor(...)")


def _distinct_subcontractors(
    instance: Contract, attribute: attrs.Attribute[Any], value: tuple[Subcontractor, ...]
) -> None:
    seen: set[Siren] = set()
    for index, subcontractor in enumerate(value):
        if subcontractor.siren in seen or subcontractor.siren == instance.partner.siren:
            raise InvalidValueError(
                f"{field_name(instance, attribute)}[{index}].siren",
                str(subcontractor.siren),
                "un SIREN par sous-traitant, autre que celui du partenaire",
                problem="sous-traitant déclaré deux fois",
                article=Article.ART_2_1,
            )
        seen.add(subcontractor.siren)


def _one_bulletin_per_service(
    instance: Contract, attribute: attrs.Attribute[Any], value: tuple[Bulletin, ...]
) -> None:
    services = [bulletin.service for bulletin in value]
    for index, service in enumerate(services):
        if service in services[:index]:
            raise InvalidValueError(
                f"{field_name(instance, attribute)}[{index}].service",
                service,
                "un bulletin d'adhésion par service",
                problem="service ouvert par deux bulletins",
                article=Article.ANNEXE_2,
            )


def _convention_first(instance: Contract, attribute: attrs.Attribute[Any], value: object) -> None:
    del attribute, value
    convention, signed = instance.convention_signed_on, instance.signed_on
    if convention is not None and signed is not None and signed < convention:
        raise ChronologyError(
            "la signature de la convention d'accès",
            convention,
            "la signature du contrat de service",
            signed,
            article=Article.ART_1,
            # The convention comes first: a convention dated after the contract is
            # what to correct, far more often than the contract's own date.
            field="Contract.convention_signed_on",
        )


def _same_parties(instance: Contract, index: int, replaced: ContractParts) -> None:
    """Refuse an avenant that changed a party: the Caf's department, the partner's SIREN.

    Art. 6 changes the contract, not who is bound by it: another Caf or another
    partner is a new contract. A SIREN left blank in the contract may be filled in.
    """
    where = f"Contract.avenants[{index}].replaced"
    before, now = replaced.caf, instance.caf
    if before is not None and before.department != now.department:
        raise _new_party(f"{where}.caf.department", "la Caf", before.department, now.department)
    earlier, later = replaced.partner, instance.partner
    if earlier is not None and earlier.siren is not None and earlier.siren != later.siren:
        after = "SIREN non renseigné" if later.siren is None else str(later.siren)
        raise _new_party(f"{where}.partner.siren", "le partenaire", str(earlier.siren), after)


def _new_party(field: str, party: str, before: str, after: str) -> InvalidValueError:
    return InvalidValueError(
        field,
        before,
        "les mêmes parties : un avenant change le contrat, pas la Caf (son département) ni "
        "le partenaire (son SIREN) ; un changement de partie est un nouveau contrat",
        problem=f"avenant qui change {party} ({before} → {after})",
        article=Article.ART_6,
    )


def _avenants_in_force(
    instance: Contract, attribute: attrs.Attribute[Any], value: tuple[Avenant, ...]
) -> None:
    del attribute
    for index, avenant in enumerate(value):
        _same_parties(instance, index, avenant.replaced)
    if value and instance.signed_on is None:
        raise InvalidValueError(
            "Contract.avenants[0]",
            value[0].title,
            "un contrat signé avant tout avenant",
            problem="avenant à un contrat non signé",
            article=Article.ART_6,
        )
    previous, previous_field = instance.signed_on, "la signature du contrat"
    for index, avenant in enumerate(value):
        previous = _require_in_force(
            avenant, previous, previous_field, field=f"Contract.avenants[{index}]"
        )
        previous_field = f"l'entrée en vigueur de l'avenant « {avenant.title} »"


@attrs.frozen(kw_only=True)
class Contract(Shown):
    """A *contrat de service* « Mon Compte Partenaire ».

    A contract may be a draft: the partner's fields, the dates and the annexe 1
    names may still be the template's placeholders (``None`` for a date or a
    SIREN); :func:`check_contract` names every one of them. What can never be built
    is a contract that contradicts itself: a convention signed after the contract
    (Art. 1), two bulletins for one service, or an avenant not signed by both
    parties or dated before what it amends (Art. 6).

    Attributes:
        caf: the Caf party.
        partner: the partner party.
        convention_signed_on: the day the *convention d'accès* it applies was
            signed (Art. 1; « 00/00/0000 » in the template: ``None``).
        signed_on: the day the contract was signed (« Fait à …, le … »).
        template_version: the day of the template's update (« maj 19/01/2024 »).
        partner_signatory: the partner's signatory (« Prénom NOM et signature »).
        partner_named_in_article_6: the partner as Art. 6 names it, when the text
            was kept; it must be the partner of the preamble.
        interlocutors: annexe 1.
        bulletins: the bulletins d'adhésion (annexe 2), one per service.
        avenants: the avenants in force, oldest first (Art. 6).
        informatique_libertes_completed_on: the day the partner completed its
            *formalités informatique et libertés* for its own processing (Art. 2.1);
            ``None`` while not done: no service opens.
        subcontractors: the sub-contractors whose staff the partner may habilitate
            (Art. 2.1 « ses personnels ou ses sous-traitants »).
    """

    caf: Caf = attrs.field(validator=instance_of(Caf, "Caf(...)"))
    partner: Partner = attrs.field(validator=instance_of(Partner, "Partner(...)"))
    convention_signed_on: date | None = attrs.field(default=None, validator=optional(is_day))
    signed_on: date | None = attrs.field(
        default=None, validator=[optional(is_day), _convention_first]
    )
    template_version: date | None = attrs.field(default=None, validator=optional(is_day))
    partner_signatory: str | None = attrs.field(default=None, validator=optional_text)
    partner_named_in_article_6: str | None = attrs.field(default=None, validator=optional_text)
    interlocutors: Interlocutors = attrs.field(
        factory=Interlocutors, validator=instance_of(Interlocutors, "Interlocutors(...)")
    )
    bulletins: tuple[Bulletin, ...] = attrs.field(
        default=(), converter=_bulletins, validator=_one_bulletin_per_service
    )
    avenants: tuple[Avenant, ...] = attrs.field(
        default=(), converter=_avenants, validator=_avenants_in_force
    )
    informatique_libertes_completed_on: date | None = attrs.field(
        default=None, validator=optional(is_day)
    )
    subcontractors: tuple[Subcontractor, ...] = attrs.field(
        default=(), converter=_subcontractors, validator=_distinct_subcontractors
    )

    def as_of(self, day: date | datetime) -> Contract:
        """The contract as it stood on ``day``: the avenants in force then, and their parts.

        ``day`` is a date, or an aware datetime read as its Paris day.

        Each later avenant is undone with the parts it replaced (:func:`amend` records
        them). Before the signature, the contract as signed.

        >>> from caf_contract.files import example_dossier
        >>> contract = example_dossier().contract
        >>> contract.services, contract.as_of(date(2024, 6, 1)).services
        (('CDAP', 'AFAS'), ('CDAP',))
        """
        wanted = paris_day(day, "day")
        contract = self
        while contract.avenants:
            last = contract.avenants[-1]
            effective = last.effective_on
            if effective is not None and effective <= wanted:
                break
            contract = attrs.evolve(
                contract, avenants=contract.avenants[:-1], **last.replaced.given()
            )
        return contract

    def employs(self, siren: Siren | str, day: date | datetime) -> Subcontractor | Partner | None:
        """Who ``siren`` is on ``day``: the partner, a sub-contractor declared by then, or none.

        A sub-contractor whose name is still a template placeholder is declared by
        nobody (:func:`check_contract` names it).

        Raises:
            InvalidSiren: ``siren`` is no SIREN.
            InvalidValueError: ``day`` is neither a date nor an aware datetime.
        """
        wanted, on = Siren(siren), paris_day(day, "day")
        if self.partner.siren is not None and wanted == self.partner.siren:
            return self.partner
        for subcontractor in self.subcontractors:
            if (
                subcontractor.siren == wanted
                and subcontractor.since <= on
                and not is_placeholder(subcontractor.name)
            ):
                return subcontractor
        return None

    @property
    def parameters(self) -> ParameterSet:
        """The contract's figures (delays, durations, lists) its template version selects.

        Without a ``template_version``, those in force on the day of signature, or the
        latest template's for a contract not signed yet (:mod:`caf_contract.parameters`).
        """
        day = self.template_version or self.signed_on
        return current() if day is None else at(day)

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar of the contract's Caf (its department's holidays)."""
        return WorkingCalendar(department=self.caf.department)

    def bulletin(self, service: str) -> Bulletin | None:
        """The bulletin d'adhésion that opens ``service``, if any."""
        for bulletin in self.bulletins:
            if bulletin.service == service:
                return bulletin
        return None

    @property
    def services(self) -> tuple[str, ...]:
        """The services the bulletins open, in their order."""
        return tuple(bulletin.service for bulletin in self.bulletins)

    _html_caption = "Contrat de service « Mon Compte Partenaire »"
    _html_fields = (
        ("caf", "Caf"),
        ("partner", "Partenaire"),
        ("signed_on", "Contrat signé le"),
        ("services", "Services (bulletins)"),
    )

    def _html_rows(self) -> list[tuple[str, object]]:
        return [
            ("Caf", f"{self.caf.name} ({self.caf.department})"),
            ("Partenaire", self.partner.name),
            ("SIREN", self.partner.siren),
            ("Convention d'accès signée le", self.convention_signed_on),
            ("Contrat signé le", self.signed_on),
            ("Services (bulletins)", self.services),
            ("Avenants", len(self.avenants)),
            ("Centre de services", self.caf.service_centre_email),
        ]


# --- the check


def _quoted(value: str | None, placeholder: str) -> str:
    """How a missing value is shown: the placeholder the template leaves there."""
    shown = placeholder if value is None or not value.strip() else value
    return f"« {shown} »"


def _preamble_findings(contract: Contract) -> Iterator[Reason]:
    partner = contract.partner
    art = Article.PREAMBULE
    if is_placeholder(partner.name):
        yield Reason(
            art, f"nom du partenaire non renseigné ({_quoted(partner.name, 'NOM STRUCTURE')})"
        )
    if is_placeholder(partner.address):
        yield Reason(
            art, "adresse du siège du partenaire non renseignée (« Dont le siège est situé »)"
        )
    if is_placeholder(partner.representative):
        yield Reason(
            art,
            "représentant du partenaire non renseigné "
            f"({_quoted(partner.representative, 'son Directeur / sa directrice')})",
        )
    if partner.siren is None:
        yield Reason(art, "numéro de SIREN du partenaire non renseigné (« Numéro de SIREN : »)")


def _template_remarks(contract: Contract) -> Iterator[Reason]:
    # The template itself shows a contract of 05/11/2020 on a template of 19/01/2024:
    # a date kept from an older copy, worth a look, not a fault of the contract.
    version, signed = contract.template_version, contract.signed_on
    if version is not None and signed is not None and signed < version:
        yield Reason(
            Article.PREAMBULE,
            f"signé le {day_text(signed)} sur un modèle mis à jour le {day_text(version)} : "
            "la date de signature est sans doute celle d'un ancien exemplaire",
        )
    # A version no template known here bears is read with the one in force that day.
    known = contract.parameters.template_update
    if version is not None and version != known.value:
        yield Reason(
            Article.PREAMBULE,
            f"modèle mis à jour le {day_text(version)} inconnu de cette bibliothèque : "
            f"contrat lu avec les chiffres du modèle du {known.wording}",
        )


def _article_1_findings(contract: Contract) -> Iterator[Reason]:
    if contract.convention_signed_on is None:
        yield Reason(
            Article.ART_1,
            "date de signature de la convention d'accès non renseignée (« 00/00/0000 »)",
        )


def _article_6_findings(contract: Contract) -> Iterator[Reason]:
    art = Article.ART_6
    if contract.signed_on is None:
        yield Reason(art, "date de signature du contrat non renseignée (« Fait à …, le »)")
    if is_placeholder(contract.partner_signatory):
        yield Reason(
            art,
            "signataire du partenaire non renseigné "
            f"({_quoted(contract.partner_signatory, 'Prénom NOM et signature')})",
        )
    named = contract.partner_named_in_article_6
    partner = contract.partner.name
    if (
        named is not None
        and " ".join(named.split()).casefold() != " ".join(partner.split()).casefold()
    ):
        yield Reason(
            art,
            f"l'article 6 engage « {named} », "
            f"qui n'est pas le partenaire du contrat (« {partner} »)",
        )


def _annex_1_findings(contract: Contract) -> Iterator[Reason]:
    art = Article.ANNEXE_1
    people = contract.interlocutors
    for role, label, required in contract.parameters.partner_roles.value:
        if required and not people.of_partner(role):
            yield Reason(art, f"interlocuteur du partenaire manquant : {label}")
    for side, persons in (("de la Caf", people.caf), ("du partenaire", people.partner)):
        for number, person in enumerate(persons, start=1):
            # Numbered as listed: two persons may share a role and both be blank.
            who = f"de l'interlocuteur n° {number} {side} ({person.role.value})"
            if is_placeholder(person.name):
                yield Reason(art, f"nom {who} non renseigné ({_quoted(person.name, 'Prénom NOM')})")
            if person.email is None:
                yield Reason(art, f"adresse mél {who} non renseignée (« Adresse mél »)")


def _security_contact_findings(contract: Contract) -> Iterator[Reason]:
    # Art. 5.1: « Le responsable sécurité du partenaire, interlocuteur unique de la Caf ».
    # People, not lines: one person listed twice is one contact, and a line left as
    # the template's « Prénom NOM » without address is nobody (annexe 1 names it).
    people = contract.interlocutors
    for side, persons in (("du partenaire", people.partner), ("de la Caf", people.caf)):
        contacts: dict[str, str] = {}
        for person in persons:
            if person.role is not InterlocutorRole.RESPONSABLE_SECURITE:
                continue
            if person.email is not None:
                key = person.email.casefold()
            elif not is_placeholder(person.name):
                key = " ".join(person.name.split()).casefold()
            else:
                continue
            if key not in contacts and person.name not in contacts.values():
                contacts[key] = person.name
        if len(contacts) > 1:
            yield Reason(
                Article.ART_5_1,
                f"{len(contacts)} responsables sécurité {side} ({', '.join(contacts.values())}) ; "
                "attendu : un interlocuteur unique",
            )


def _subcontractor_findings(contract: Contract) -> Iterator[Reason]:
    for number, subcontractor in enumerate(contract.subcontractors, start=1):
        if is_placeholder(subcontractor.name):
            yield Reason(
                Article.ART_2_1,
                f"nom du sous-traitant n° {number} (SIREN {subcontractor.siren}) non renseigné "
                f"(« {subcontractor.name} ») : ses personnels ne peuvent "
                "être habilités",
            )


def _annex_2_findings(contract: Contract) -> Iterator[Reason]:
    if not contract.bulletins:
        yield Reason(
            Article.ANNEXE_2,
            "aucun bulletin d'adhésion annexé : le contrat n'ouvre aucun service (Art. 1)",
        )


@accepts(contract=Contract)
def check_contract(contract: Contract) -> Decision:
    """Whether the contract is complete, every problem named with its article.

    Allowed when nothing is missing: the reasons then say what was checked. Denied
    otherwise, with one reason per problem: every template placeholder left
    (``NOM STRUCTURE``, ``Prénom NOM``, ``00/00/0000``, an empty SIREN…), every
    missing annexe 1 interlocutor, a partner named differently in Art. 6, more than
    one responsable sécurité on a side (Art. 5.1). A signature date older than the
    template's update is a remark, not a fault.

    >>> from datetime import date
    >>> from caf_contract.parties import Caf, Partner
    >>> caf = Caf(
    ...     department="82",
    ...     name="Caf de Tarn-et-Garonne",
    ...     address="329 Avenue du Danemark 82019 MONTAUBAN Cedex",
    ...     service_centre_email="portail-partenaires@caf82.caf.fr",
    ... )
    >>> draft = Contract(caf=caf, partner=Partner(name="NOM STRUCTURE"))
    >>> decision = check_contract(draft)
    >>> bool(decision), len(decision.reasons)
    (False, 11)
    >>> print(decision.reasons[0])
    Préambule — nom du partenaire non renseigné (« NOM STRUCTURE »)
    """
    findings = [
        *_preamble_findings(contract),
        *_article_1_findings(contract),
        *_article_6_findings(contract),
        *_security_contact_findings(contract),
        *_subcontractor_findings(contract),
        *_annex_1_findings(contract),
        *_annex_2_findings(contract),
    ]
    remarks = tuple(_template_remarks(contract))
    if findings:
        return Decision.deny(*findings, remarks=remarks)
    assert contract.convention_signed_on is not None  # noqa: S101  # no finding above
    assert contract.signed_on is not None  # noqa: S101
    return Decision.allow(
        Reason(
            Article.PREAMBULE,
            f"parties identifiées : {contract.caf.name} et {contract.partner.name} "
            f"(SIREN {contract.partner.siren})",
        ),
        Reason(
            Article.ART_1,
            f"pris en application de la convention d'accès signée le "
            f"{day_text(contract.convention_signed_on)}",
        ),
        Reason(
            Article.ART_6,
            f"signé le {day_text(contract.signed_on)} ; "
            f"{counted(len(contract.avenants), 'avenant signé', 'avenants signés')} par les deux "
            "parties",
        ),
        Reason(
            Article.ANNEXE_1,
            f"interlocuteurs renseignés : {contract.parameters.partner_roles.wording}",
        ),
        Reason(
            Article.ANNEXE_2,
            counted(len(contract.bulletins), "bulletin d'adhésion", "bulletins d'adhésion")
            + f" : {', '.join(contract.services)}",
        ),
        remarks=remarks,
    )


# --- amending Art. 6


class _Unchanged(enum.Enum):
    UNCHANGED = enum.auto()

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = _Unchanged.UNCHANGED
"""Marks a part of the contract an avenant leaves as it is."""


@accepts(contract=Contract, avenant=Avenant)
def amend(  # noqa: PLR0913  # one keyword per part an avenant may change
    contract: Contract,
    avenant: Avenant,
    *,
    caf: Caf | _Unchanged = UNCHANGED,
    partner: Partner | _Unchanged = UNCHANGED,
    interlocutors: Interlocutors | _Unchanged = UNCHANGED,
    bulletins: tuple[Bulletin, ...] | _Unchanged = UNCHANGED,
    subcontractors: tuple[Subcontractor, ...] | _Unchanged = UNCHANGED,
) -> Contract:
    """The contract as changed by ``avenant`` (Art. 6); ``contract`` itself is untouched.

    The new contract keeps every earlier avenant and appends this one, with the parts
    it replaced (``avenant.replaced``), so that :meth:`Contract.as_of` can read the
    contract as it stood before. The dates of the convention and of the signature
    never change through an avenant, nor do the parties: a Caf of another department
    or a partner of another SIREN is a new contract.

    Raises:
        UnsignedAvenantError: the avenant is not signed by both parties.
        ChronologyError: it takes effect before the contract's signature or before
            the previous avenant.
        InvalidValueError: the contract is not signed yet (a draft is rewritten,
            not amended); the avenant changes a party; or it already records
            replaced parts (``amend`` records them itself).
    """
    if avenant.replaced.given():
        raise InvalidValueError(
            "avenant.replaced",
            avenant.title,
            "un avenant sans parties remplacées : amend les relève lui-même",
            problem="parties remplacées déjà renseignées",
            article=Article.ART_6,
        )
    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("caf", caf),
            ("partner", partner),
            ("interlocutors", interlocutors),
            ("bulletins", bulletins),
            ("subcontractors", subcontractors),
        )
        if value is not UNCHANGED
    }
    replaced = ContractParts(**{name: getattr(contract, name) for name in changes})
    # Contract's own validators refuse a one-sided or out-of-order avenant, and one
    # that changes a party.
    return attrs.evolve(
        contract,
        avenants=(*contract.avenants, attrs.evolve(avenant, replaced=replaced)),
        **changes,
    )


# --- opening a service Art. 2.1


def _signed(  # noqa: PLR0913  # the document, its signature, and how to remedy it
    label: str,
    on: date | None,
    day: date,
    *,
    ending: str = "",
    document: SignedDocument,
    service: str | None = None,
    sign_by: date | None = None,
) -> Iterator[Reason]:
    """``label`` unsigned, or signed after ``day``; ``ending``: « e » for a feminine label.

    Unsigned, the remedy is to have ``document`` signed by ``sign_by`` (``day`` when
    ``None``); signed after ``day``, to wait for that signature.
    """
    expected = f"attendu : signé{ending} au plus tard le {day_text(day)}"
    if on is None:
        remedy = Remedy.sign(document, sign_by=sign_by or day, service=service)
        yield Reason(Article.ART_2_1, f"{label} non signé{ending} ; {expected}", remedy=remedy)
    elif on > day:
        yield Reason(
            Article.ART_2_1,
            f"{label} signé{ending} le {day_text(on)} seulement ; {expected}",
            remedy=Remedy.wait(start_of_paris_day(on)),
        )


def _partner_identified(contract: Contract) -> Iterator[Reason]:
    """Who signs for the partner must be known: a template placeholder names nobody."""
    partner = contract.partner
    if is_placeholder(partner.name):
        yield Reason(
            Article.PREAMBULE,
            f"partenaire non identifié : nom {_quoted(partner.name, 'NOM STRUCTURE')}",
        )
    if partner.siren is None:
        yield Reason(Article.PREAMBULE, "partenaire non identifié : SIREN non renseigné")
    if is_placeholder(contract.partner_signatory):
        yield Reason(
            Article.ART_6,
            "contrat signé pour le partenaire par "
            f"{_quoted(contract.partner_signatory, 'Prénom NOM et signature')} : signataire "
            "non identifié",
        )


def _opening_failures(
    contract: Contract, service: str, day: date, *, needed: int = 1
) -> list[Reason]:
    """Every condition of Art. 2.1 (with the quota of 2.2) that ``service`` fails on ``day``.

    ``contract`` is read as it stood on ``day`` (:meth:`Contract.as_of`). The grants
    of :mod:`caf_contract.habilitations` share these conditions. ``needed``: the
    habilitations a quota the Caf has still to set must allow (the remedy's figure).
    """
    contract = contract.as_of(day)
    convention, signed = contract.convention_signed_on, contract.signed_on
    failures = [
        # A convention signed after the contract cannot be: by the contract's day.
        *_signed(
            "la convention d'accès",
            convention,
            day,
            ending="e",
            document=SignedDocument.CONVENTION,
            sign_by=day if signed is None else min(day, signed),
        ),
        # A contract signed before its convention cannot be: from the convention's day.
        *_signed(
            "le contrat de service",
            signed,
            day,
            document=SignedDocument.CONTRACT,
            sign_by=day if convention is None else max(day, convention),
        ),
        *_partner_identified(contract),
    ]
    bulletin = contract.bulletin(service)
    if bulletin is None:
        failures.append(
            Reason(Article.ART_2_1, f"aucun bulletin d'adhésion pour le service « {service} »")
        )
    else:
        failures += _signed(
            f"le bulletin d'adhésion du service « {service} »",
            bulletin.signed_on,
            day,
            document=SignedDocument.BULLETIN,
            service=service,
        )
        if not bulletin.quotas:
            # Deny by default: « la Caf détermine obligatoirement et pour chaque service
            # […] le nombre maximal d'habilitations ».
            failures.append(
                Reason(
                    Article.ART_2_2,
                    f"aucun nombre maximal d'habilitations fixé par la Caf pour le service "
                    f"« {service} » : service non ouvert",
                    remedy=Remedy.within_quota(service=service, quota=needed),
                )
            )
    completed = contract.informatique_libertes_completed_on
    if completed is None or completed > day:
        failures.append(
            Reason(
                Article.ART_2_1,
                "formalités informatique et libertés du partenaire pour son propre "
                "traitement non accomplies",
                # Done later: they will be by then. Not done: what to do is no change
                # of the contract's data this library can state.
                remedy=None if completed is None else Remedy.wait(start_of_paris_day(completed)),
            )
        )
    return failures


@accepts(contract=Contract)
def may_open_service(contract: Contract, service: str, *, as_of: date | datetime) -> Decision:
    """Whether ``service`` may be opened to the partner on ``as_of`` (Art. 2.1).

    The opening requires, on or before ``as_of``, the contract as it stood that day
    (:meth:`Contract.as_of`) having: the convention, the contract and the service's
    bulletin d'adhésion signed; the partner identified (a name, a SIREN and a
    signatory that are no template placeholders); a maximum number of habilitations
    set by the Caf for the service (Art. 2.2: deny by default); and the partner's
    *formalités informatique et libertés* for its own processing (GDPR, loi 78-17)
    completed (``Contract.informatique_libertes_completed_on``). Every failed
    condition is listed.

    Args:
        contract: the contract.
        service: the service asked for.
        as_of: the day of the question (a date, or an aware datetime read in Paris).
    """
    text(service, "service", "le nom d'un service")
    day = paris_day(as_of, "as_of")
    return Decision.from_failures(
        _opening_failures(contract, service, day),
        otherwise=Reason(
            Article.ART_2_1,
            f"service « {service} » ouvrable : convention, contrat et bulletin signés, "
            "partenaire identifié, quota fixé par la Caf, formalités informatique et "
            "libertés accomplies",
        ),
    )


# --- browsers Art. 2.1

_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
# Browsers number their versions with a few digits a part; Python refuses to read an
# integer of more than 4300 digits. Past 18 digits, a part is no version number.
_VERSION_PART_DIGITS: Final = 18


def _version(value: object, field: str) -> tuple[int, ...]:
    if not isinstance(value, str) or not _VERSION.fullmatch(value.strip()):
        raise InvalidValueError(field, value, "un numéro de version comme « 128 » ou « 128.0.2 »")
    parts = value.strip().split(".")
    longest = max(len(part) for part in parts)
    if longest > _VERSION_PART_DIGITS:
        raise InvalidValueError(
            field,
            value,
            f"des nombres d'au plus {_VERSION_PART_DIGITS} chiffres séparés par des points, "
            "comme « 128 » ou « 128.0.2 »",
            problem="numéro de version trop long",
            shown_as=f"une partie de {longest} chiffres",
        )
    return tuple(int(part) for part in parts)


def _written_version(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


def _minimum_versions(value: Mapping[str, str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            "BrowserPolicy.minimum_versions",
            value,
            "un dictionnaire {navigateur: version minimale}",
        )
    if not value:
        raise InvalidValueError(
            "BrowserPolicy.minimum_versions",
            value,
            "un dictionnaire non vide {navigateur: version minimale}",
        )
    entries: dict[str, tuple[int, ...]] = {}
    for browser, version in value.items():
        name = text(browser, "BrowserPolicy.minimum_versions", "un nom de navigateur")
        field = f"BrowserPolicy.minimum_versions[{browser!r}]"
        key = name.strip().casefold()
        if key in entries:
            # « Firefox » and « firefox » are one browser: which minimum holds is unknown.
            raise InvalidValueError(
                field,
                browser,
                "un seul minimum par navigateur (casse et espaces ignorés)",
                problem="navigateur nommé deux fois",
            )
        entries[key] = _version(version, field)
    return tuple(sorted(entries.items()))


@attrs.frozen
class BrowserPolicy(Shown):
    """The minimum browser versions the caller's security policy accepts (Art. 2.1, RGS).

    The contract refuses « navigateurs obsolètes » without naming versions: they
    are data the caller supplies, never hard-coded here. Names are case-insensitive
    (one browser named twice is refused); « 128 » and « 128.0 » are one version.

    >>> policy = BrowserPolicy({"firefox": "128", "chrome": "130"})
    >>> bool(may_connect(policy, browser="Firefox", version="115.0"))
    False
    """

    minimum_versions: tuple[tuple[str, tuple[int, ...]], ...] = attrs.field(
        converter=_minimum_versions
    )

    _html_caption = "Versions minimales des navigateurs"
    _html_fields = ()

    def _html_rows(self) -> list[tuple[str, object]]:
        return [
            (name, f"{_written_version(version)} ou plus")
            for name, version in self.minimum_versions
        ]

    def __repr__(self) -> str:
        # As the constructor reads it: BrowserPolicy({'firefox': '128'}).
        written = {name: _written_version(version) for name, version in self.minimum_versions}
        return f"{type(self).__name__}({written!r})"

    def minimum(self, browser: str) -> tuple[int, ...] | None:
        """The minimum version for ``browser``, or ``None`` if the policy does not name it.

        Raises:
            InvalidValueError: ``browser`` is not a non-blank text.
        """
        wanted = text(browser, "browser", "un nom de navigateur").strip().casefold()
        for name, version in self.minimum_versions:
            if name == wanted:
                return version
        return None


@accepts(policy=BrowserPolicy)
def may_connect(policy: BrowserPolicy, *, browser: str, version: str) -> Decision:
    """Whether a connection from ``browser`` at ``version`` is accepted (Art. 2.1).

    A browser the policy does not name is refused: the policy lists what is known
    to be up to date, and anything else is treated as obsolete.
    """
    text(browser, "browser", "un nom de navigateur")
    given = _version(version, "version")
    minimum = policy.minimum(browser)
    art = Article.ART_2_1
    if minimum is None:
        return Decision.deny(
            Reason(art, f"navigateur « {browser} » absent de la politique : considéré obsolète")
        )
    shown = _written_version(minimum)
    # « 128 » is « 128.0 »: both are read with zeros after them, to the same length.
    if given + (0,) * len(minimum) < minimum + (0,) * len(given):
        return Decision.deny(
            Reason(art, f"{browser} {version} est obsolète : version {shown} au moins attendue")
        )
    return Decision.allow(Reason(art, f"{browser} {version} répond à la politique (≥ {shown})"))
