"""Requests to the centre de services Caf: their content, their sender, their tracking (Art. 3).

    « La prise en compte des incidents de 1er niveau est assurée par les structures de
    support utilisateur du partenaire, seules habilitées à contacter le Centre de
    services Caf. » (Art. 3)

    « Les informations suivantes sont à fournir lors de toute saisine du Centre de
    services Caf : type de sollicitation (incident, demande d'intervention…) ;
    description sommaire dans l'objet du message ; description détaillée dans le corps
    du message ; précisions concernant l'interlocuteur (nom, fonction, contact,
    interlocuteur identifié en annexe 1). » (Art. 3.2)

    « En absence de réponse du centre de services Caf ou du partenaire dans un délai
    de 5 jours ouvrés ou en présence d'une situation jugée urgente par l'une ou
    l'autre des parties, une relance peut être adressée au centre de services
    Caf. » (Art. 3.3)

An :class:`Incident` is a request as its sender wrote it: it can be built while
incomplete, and :func:`check_request` names every missing or wrong element, each
once. A request from the partner is a *saisine* of the centre, held to Art. 3 and
3.2, and so is any message sent to the centre's address, whatever its label; a message
from the Caf to the partner is none, and is not held to them. The list of types is
open (« incident, demande d'intervention… »): any non-blank type is accepted, the
known ones recognised. Its tracking (:func:`request_status`,
:func:`may_remind`) reuses the Art. 3.3 rule of :mod:`caf_contract.escalation`, in
both directions, urgency judged by either party; a partner's reminders
(:class:`Reminder`) go to the centre de services.
"""

from __future__ import annotations

import enum
import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import attrs

from caf_contract._format import clock_text, counted, day_text, moment_text
from caf_contract._html import Shown
from caf_contract._time import aware, instant, optional_instant
from caf_contract._validate import (
    accepts,
    instance_of,
    is_aware,
    is_bool,
    optional,
    optional_text,
    parse_enum,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar
from caf_contract.contract import Contract
from caf_contract.decision import Decision, Reason
from caf_contract.errors import ChronologyError, InvalidTransitionError, InvalidValueError
from caf_contract.escalation import _reminder_decision, _urgency_judged_by
from caf_contract.parameters import ParameterSet, RequestTypes, resolve
from caf_contract.parties import Interlocutor, is_placeholder

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "Contact",
    "Direction",
    "Incident",
    "Reminder",
    "RequestStatus",
    "RequestType",
    "answer",
    "check_request",
    "close",
    "may_remind",
    "record_reminder",
    "request_status",
    "request_type",
]


class RequestType(enum.StrEnum):
    """The *types de sollicitation* the current template names (Art. 3.2; the list is open).

    The same as the parameter ``request_types`` (:mod:`caf_contract.parameters`), which
    the rules read; a later template that names another is a new dated value there.
    """

    INCIDENT = "incident"
    INTERVENTION = "demande d'intervention"
    OTHER = "autre"


def _type_key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


@functools.cache
def _aliases(types: RequestTypes) -> dict[str, str]:
    """Each way of writing a known type (case and spacing aside), and its canonical text."""
    return {_type_key(alias): canonical for canonical, aliases in types for alias in aliases}


@accepts(text=(str, "un type de sollicitation en texte"))
def request_type(text: str, *, parameters: ParameterSet | None = None) -> str | None:
    """The known request type ``text`` names, as the template writes it, or ``None``.

    Case, spacing and the typographic apostrophe do not matter. A type this returns
    ``None`` for is still a type (the list of Art. 3.2 is open), only not a known one.
    The known types and their aliases are the parameter ``request_types``.

    >>> request_type("Demande d’intervention"), request_type("demande d'information")
    ("demande d'intervention", None)
    """
    types = resolve(parameters).request_types.value
    return _aliases(types).get(_type_key(text))


class Direction(enum.StrEnum):
    """Who writes to whom: Art. 3.3 binds both directions."""

    PARTNER_TO_CAF = "partenaire vers Caf"
    CAF_TO_PARTNER = "Caf vers partenaire"


class RequestStatus(enum.StrEnum):
    """Where a request stands at an instant."""

    DRAFT = "brouillon"
    SENT = "envoyée"
    REMINDED = "relancée"
    ANSWERED = "répondue"
    CLOSED = "close"


@attrs.frozen(kw_only=True)
class Contact(Shown):
    """« Précisions concernant l'interlocuteur » (Art. 3.2): name, function, contact details.

    Any field may be missing (``None`` or blank): :func:`check_request` names it.
    """

    name: str | None = attrs.field(default=None, validator=optional_text)
    function: str | None = attrs.field(default=None, validator=optional_text)
    email: str | None = attrs.field(default=None, validator=optional_text)
    phone: str | None = attrs.field(default=None, validator=optional_text)

    _html_caption = "Interlocuteur de la saisine"
    _html_fields = (
        ("name", "Nom"),
        ("function", "Fonction"),
        ("email", "Mél"),
        ("phone", "Téléphone"),
    )

    @classmethod
    def of(cls, person: Interlocutor) -> Contact:
        """The contact details of an annexe 1 interlocutor."""
        return cls(
            name=person.name, function=person.function, email=person.email, phone=person.phone
        )


def _kind(value: str | None) -> str | None:
    """The type as written, stripped; a known one in its canonical text; blank is none."""
    candidate: object = value  # typed as the field is; checked as the input may be
    if not isinstance(candidate, str):
        return value  # None, or refused by the validator
    written = candidate.strip()
    if not written:
        return None
    known = request_type(written)
    return written if known is None else known


def _direction(value: Direction | str) -> Direction:
    return parse_enum(Direction, value, "Incident.direction")


@attrs.frozen(kw_only=True)
class Reminder(Shown):
    """A reminder (*relance*) sent on a request (Art. 3.3): when, and to which address.

    « Une relance peut être adressée au centre de services Caf » (Art. 3.3): a
    partner's reminder goes to the centre's address, and :func:`check_request`
    reports one sent elsewhere, or with no address. The address may be missing
    (``None``, blank) or wrong here: recording is not judging.

    >>> from caf_contract._time import PARIS
    >>> Reminder(at=datetime(2026, 12, 1, 9, 0, tzinfo=PARIS),
    ...          sent_to="portail-partenaires@caf82.caf.fr").at.isoformat()
    '2026-12-01T08:00:00+00:00'

    Attributes:
        at: when it was sent (aware; kept in UTC).
        sent_to: the address written to, if known.
    """

    at: datetime = attrs.field(converter=instant, validator=is_aware)
    sent_to: str | None = attrs.field(default=None, validator=optional_text)

    _html_caption = "Relance"
    _html_fields = (("at", "Envoyée le"), ("sent_to", "Adressée à"))


def _reminders(value: object) -> tuple[Reminder, ...]:
    expected = "Reminder(at=..., sent_to=...)"
    if isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, datetime):
                # An instant alone says nothing of where the reminder went (Art. 3.3).
                raise InvalidValueError(
                    "Incident.reminders",
                    item,
                    expected,
                    shown_as=_written(item),
                    problem="instant seul, sans l'adresse de la relance",
                )
    items = tuple_of(value, Reminder, "Incident.reminders", expected)
    # A total order: two lists of the same reminders make the same request.
    return tuple(
        sorted(items, key=lambda item: (item.at, item.sent_to is not None, item.sent_to or ""))
    )


def _after_sending(instance: Incident, attribute: attrs.Attribute[Any], value: object) -> None:
    del attribute, value
    sent = instance.sent_at
    art = Article.ART_3_3
    later: list[tuple[str, datetime]] = [
        (f"Incident.reminders[{number}].at", reminder.at)
        for number, reminder in enumerate(instance.reminders)
    ]
    if instance.answered_at is not None:
        later.append(("Incident.answered_at", instance.answered_at))
    if instance.closed_at is not None:
        later.append(("Incident.closed_at", instance.closed_at))
    for field, at in later:
        if sent is None:
            raise InvalidValueError(
                field,
                at,
                "une demande envoyée (sent_at) avant toute suite",
                shown_as=moment_text(at, said=True),
                problem="demande non envoyée",
            )
        if at < sent:
            # Reminders are kept sorted: their index in the input is not known here.
            where = field.split("[")[0]
            raise ChronologyError("Incident.sent_at", sent, field, at, article=art, field=where)
    closed, answered = instance.closed_at, instance.answered_at
    if closed is not None and answered is not None and closed < answered:
        raise ChronologyError(
            "Incident.answered_at", answered, "Incident.closed_at", closed, article=art
        )


@attrs.frozen(kw_only=True)
class Incident(Shown):
    """A request (*saisine*) to the centre de services Caf, or a message from the Caf (Art. 3).

    Content may be missing or wrong (:func:`check_request` says so); what cannot be
    built is a request whose dates contradict themselves (answered before it was
    sent…) or whose instants are naive.

    The type is any text (the list of Art. 3.2 is open); a known one is kept in its
    canonical text, any other as written, stripped; a blank one is none:

    >>> Incident(kind=" Demande d’intervention ").kind, Incident(kind=" Demande d'information").kind
    ("demande d'intervention", "Demande d'information")

    Attributes:
        kind: the *type de sollicitation* (``"incident"``, ``"demande
            d'intervention"``, ``"autre"``, or any other), or ``None`` when not given.
        subject: the short description, the e-mail's subject.
        body: the detailed description, the e-mail's body.
        contact: who writes, with function and contact details.
        sent_to: the address written to.
        direction: partner to Caf (the default: a *saisine* of the centre) or Caf
            to partner.
        urgent: whether the sender judges the situation urgent (Art. 3.3).
        recipient_urgent: whether the recipient judges it urgent (Art. 3.3: « jugée
            urgente par l'une ou l'autre des parties »).
        sent_at: when it was sent; ``None`` while a draft.
        reminders: the reminders sent, in the order of their instants.
        answered_at: when the answer came, if it did.
        closed_at: when the request was closed, if it was.
    """

    kind: str | None = attrs.field(default=None, converter=_kind, validator=optional_text)
    subject: str = attrs.field(default="", validator=instance_of(str, "un texte"))
    body: str = attrs.field(default="", validator=instance_of(str, "un texte"))
    contact: Contact = attrs.field(factory=Contact, validator=instance_of(Contact, "Contact(...)"))
    sent_to: str | None = attrs.field(default=None, validator=optional_text)
    direction: Direction = attrs.field(default=Direction.PARTNER_TO_CAF, converter=_direction)
    urgent: bool = attrs.field(default=False, validator=is_bool)
    recipient_urgent: bool = attrs.field(default=False, validator=is_bool)
    sent_at: datetime | None = attrs.field(
        default=None, converter=optional_instant, validator=optional(is_aware)
    )
    reminders: tuple[Reminder, ...] = attrs.field(default=(), converter=_reminders)
    answered_at: datetime | None = attrs.field(
        default=None, converter=optional_instant, validator=optional(is_aware)
    )
    closed_at: datetime | None = attrs.field(
        default=None, converter=optional_instant, validator=[optional(is_aware), _after_sending]
    )

    _html_caption = "Saisine du centre de services"
    _html_fields = (
        ("kind", "Type"),
        ("subject", "Objet"),
        ("body", "Description"),
        ("contact", "Interlocuteur"),
        ("direction", "Sens"),
        ("sent_to", "Adressée à"),
        ("sent_at", "Envoyée le"),
        ("urgent", "Urgente pour l'expéditeur"),
        ("recipient_urgent", "Urgente pour le destinataire"),
        ("reminders", "Relances"),
        ("answered_at", "Réponse le"),
        ("closed_at", "Close le"),
    )
    _html_columns = ("sent_at", "kind", "subject", "urgent", "answered_at", "closed_at")


# --- validation (Art. 3, 3.2, 3.3)


def _same_address(left: str | None, right: str | None) -> bool:
    return (
        left is not None
        and right is not None
        and left.strip().casefold() == right.strip().casefold()
    )


def _content_findings(incident: Incident, parameters: ParameterSet) -> Iterator[Reason]:
    art = Article.ART_3_2
    if incident.kind is None:  # blank was read as none
        named = ", ".join(canonical for canonical, _ in parameters.request_types.value)
        yield Reason(art, f"type de sollicitation non précisé ({named})")
    if not incident.subject.strip():
        yield Reason(art, "description sommaire absente de l'objet du message")
    if not incident.body.strip():
        yield Reason(art, "description détaillée absente du corps du message")
    contact = incident.contact
    if is_placeholder(contact.name):
        yield Reason(art, "nom de l'interlocuteur non précisé")
    if is_placeholder(contact.function):
        yield Reason(art, "fonction de l'interlocuteur non précisée")
    if is_placeholder(contact.email) and is_placeholder(contact.phone):
        yield Reason(art, "coordonnées de l'interlocuteur (mél ou téléphone) non précisées")


def _sender_findings(incident: Incident, contract: Contract) -> Iterator[Reason]:
    """Art. 3: only the partner's support structures (annexe 1) may write to the centre."""
    contact = incident.contact
    # A blank or template name / e-mail is no name / e-mail: look the person up by
    # what was really written.
    name = None if is_placeholder(contact.name) else contact.name
    email = None if is_placeholder(contact.email) else contact.email
    people = contract.interlocutors.partner
    if (name or email) and not any(person.matches(name=name, email=email) for person in people):
        yield Reason(
            Article.ART_3,
            f"« {email or name} » n'est pas un interlocuteur du partenaire identifié en "
            "annexe 1 : seules les structures de support identifiées peuvent saisir le "
            "centre de services",
        )


def _expected_centre(contract: Contract) -> str:
    return f"l'adresse du centre de services de la Caf, {contract.caf.service_centre_email}"


def _destination_findings(
    incident: Incident, contract: Contract, sent_under: Contract
) -> Iterator[Reason]:
    """Art. 3.2 for the request, Art. 3.3 for each reminder: the centre's address.

    The request goes to the centre of ``sent_under``, the contract it was sent
    under; each reminder to the centre of ``contract`` as it stood when the
    reminder was sent (an avenant may move the centre in between).
    """
    centre = sent_under.caf.service_centre_email
    expected = _expected_centre(sent_under)
    if is_placeholder(incident.sent_to):
        yield Reason(Article.ART_3_2, f"destinataire non précisé ; attendu : {expected}")
    elif not _same_address(incident.sent_to, centre):
        yield Reason(Article.ART_3_2, f"envoyée à « {incident.sent_to} » ; attendu : {expected}")
    for number, reminder in enumerate(incident.reminders, start=1):
        then = contract.as_of(reminder.at)
        centre, expected = then.caf.service_centre_email, _expected_centre(then)
        which = f"relance n° {number} du {moment_text(reminder.at, said=True)}"
        if is_placeholder(reminder.sent_to):
            yield Reason(
                Article.ART_3_3, f"{which} : destinataire non précisé ; attendu : {expected}"
            )
        elif not _same_address(reminder.sent_to, centre):
            yield Reason(
                Article.ART_3_3,
                f"{which} : envoyée à « {reminder.sent_to} » ; attendu : {expected}",
            )


def _type_remarks(incident: Incident, parameters: ParameterSet) -> Iterator[Reason]:
    if incident.kind is not None and request_type(incident.kind, parameters=parameters) is None:
        yield Reason(
            Article.ART_3_2,
            f"type de sollicitation « {incident.kind} » : accepté, la liste de l'article est "
            f"ouverte ; types qu'il nomme : {parameters.request_types.wording}",
        )


_LABELLED_FROM_THE_CAF: Final = Reason(
    Article.ART_3_2,
    "message marqué « Caf vers partenaire » mais adressé au centre de services de la Caf : "
    "c'est une saisine du centre, tenue aux articles 3 et 3.2",
)


@accepts(incident=Incident, contract=Contract)
def check_request(incident: Incident, contract: Contract) -> Decision:
    """Whether a request to the centre is complete, and comes from and goes to the right people.

    A request from the partner (a *saisine*) must give every element of Art. 3.2,
    come from an annexe 1 interlocutor of the partner (Art. 3) and go to the
    centre de services of the contract's Caf (Art. 3.2), and so must each of its
    reminders (Art. 3.3, « une relance peut être adressée au centre de services
    Caf »). Every missing or wrong element is named exactly once. The type may be
    any text (the list is open): one the article does not name is a remark.

    A request sent is judged on the contract as it stood when it was sent
    (:meth:`~caf_contract.contract.Contract.as_of` ``sent_at``): an avenant that
    later replaces an interlocutor of annexe 1 does not make his earlier saisine
    wrong. Each reminder goes to the centre's address as the contract stood when the
    reminder was sent. A draft is judged on ``contract`` as given.

    A message from the Caf to the partner is no *saisine*: Art. 3 and 3.2 do not
    bind it, and it is allowed, saying so. Only its tracking (Art. 3.3,
    :func:`may_remind`) applies to it.

    What is sent to the centre's address, though, is a *saisine* whatever its label
    (« lors de toute saisine du Centre de services Caf », Art. 3.2; « seules
    habilitées à contacter le Centre de services Caf », Art. 3): a message labelled
    Caf to partner but written to the centre is held to every check above, as the
    same message from the partner would be, and a remark says why. This reading was
    chosen over refusing the contradiction as such: the address is what the
    contract speaks of, the label is only the sender's word; a mislabelled but
    complete saisine breaks no article, and one written by the Caf's own staff is
    refused all the same, by Art. 3 (they are no interlocutor of the partner).

    >>> from caf_contract.examples import tarn_et_garonne_template
    >>> decision = check_request(Incident(subject="Accès impossible"), tarn_et_garonne_template())
    >>> print(decision)
    refusé
    - Art. 3.2 — type de sollicitation non précisé (incident, demande d'intervention, autre)
    - Art. 3.2 — description détaillée absente du corps du message
    - Art. 3.2 — nom de l'interlocuteur non précisé
    - Art. 3.2 — fonction de l'interlocuteur non précisée
    - Art. 3.2 — coordonnées de l'interlocuteur (mél ou téléphone) non précisées
    - Art. 3.2 — destinataire non précisé ; attendu : l'adresse du centre de services de la
      Caf, portail-partenaires@caf82.caf.fr
    """
    # The contract as it stood when the request was sent (Art. 6: an avenant changes it
    # from the day it binds both parties); a draft will be sent under today's.
    sent_under = contract if incident.sent_at is None else contract.as_of(incident.sent_at)
    remarks = list(_type_remarks(incident, sent_under.parameters))
    if incident.direction is Direction.CAF_TO_PARTNER:
        if not _same_address(incident.sent_to, sent_under.caf.service_centre_email):
            return Decision.allow(
                Reason(
                    Article.ART_3_2,
                    "message de la Caf au partenaire : ce n'est pas une saisine du centre de "
                    "services, la liste des informations à fournir ne s'y applique pas",
                )
            )
        remarks.insert(0, _LABELLED_FROM_THE_CAF)
    findings = [
        *_content_findings(incident, sent_under.parameters),
        *_sender_findings(incident, sent_under),
        *_destination_findings(incident, contract, sent_under),
    ]
    return Decision.from_failures(
        findings,
        otherwise=Reason(
            Article.ART_3_2,
            "demande complète : type, objet, description, interlocuteur identifié en annexe 1, "
            "adressée au bon destinataire",
        ),
        remarks=remarks,
    )


# --- tracking (Art. 3.3)


@accepts(incident=Incident)
def request_status(incident: Incident, at: datetime) -> RequestStatus:
    """Where the request stands at the instant ``at``.

    Closed beats answered, answered beats reminded, reminded beats sent; before it
    was sent (or never sent) a request is a draft.
    """
    moment = aware(at, "at")
    if incident.sent_at is None or moment < incident.sent_at:
        return RequestStatus.DRAFT
    if incident.closed_at is not None and incident.closed_at <= moment:
        return RequestStatus.CLOSED
    if incident.answered_at is not None and incident.answered_at <= moment:
        return RequestStatus.ANSWERED
    if any(reminder.at <= moment for reminder in incident.reminders):
        return RequestStatus.REMINDED
    return RequestStatus.SENT


@accepts(incident=Incident, contract=Contract | None, calendar=WorkingCalendar | None)
def may_remind(
    incident: Incident,
    now: datetime,
    *,
    contract: Contract | None = None,
    calendar: WorkingCalendar | None = None,
    parameters: ParameterSet | None = None,
) -> Decision:
    """Whether a reminder may be sent for ``incident`` at ``now`` (Art. 3.3).

    The rule of :func:`~caf_contract.escalation.may_send_reminder`, in the request's
    direction: the delay counted on the working days of ``contract``'s Caf (its
    department's holidays), or on ``calendar``, metropolitan France when neither is
    given; or at once when the situation is judged urgent by the sender
    (:attr:`Incident.urgent`) or by the recipient (:attr:`Incident.recipient_urgent`),
    the allowance naming the party (« le partenaire », « la Caf »). A draft cannot be
    followed up, nor a closed request. The delay is the one of ``parameters``, by
    default those ``contract``'s template version selects (without a contract, those
    in force on the day of sending).

    >>> from caf_contract._time import PARIS
    >>> from caf_contract.examples import tarn_et_garonne_template
    >>> sent = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    >>> request = Incident(subject="Accès impossible", sent_at=sent)
    >>> bool(may_remind(request, datetime(2026, 12, 1, 0, 0, tzinfo=PARIS),
    ...                 contract=tarn_et_garonne_template()))
    True
    >>> print(may_remind(attrs.evolve(request, recipient_urgent=True), sent))
    autorisé
    - Art. 3.3 — situation jugée urgente par la Caf : relance possible sans attendre
    """
    if contract is not None:
        if calendar is not None:
            raise InvalidValueError(
                "calendar",
                calendar,
                "le contrat ou un calendrier, pas les deux",
                shown_as=_calendar_in_words(calendar),
                problem="calendrier donné en plus du contrat",
            )
        calendar = contract.calendar
        parameters = contract.parameters if parameters is None else parameters
    moment = aware(now, "now")
    art = Article.ART_3_3
    if incident.sent_at is None or moment < incident.sent_at:
        return Decision.deny(Reason(art, "demande non envoyée : rien à relancer"))
    partner_writes = incident.direction is Direction.PARTNER_TO_CAF
    decision = _reminder_decision(
        incident.sent_at,
        moment,
        judged_urgent_by=_urgency_judged_by(
            by_author=incident.urgent,
            by_recipient=incident.recipient_urgent,
            author="le partenaire" if partner_writes else "la Caf",
            recipient="la Caf" if partner_writes else "le partenaire",
        ),
        answered_at=incident.answered_at,
        calendar=calendar,
        parameters=parameters,
    )
    if incident.closed_at is not None and incident.closed_at <= moment:
        closed = Reason(art, "demande close : plus de relance")
        return Decision.deny(closed, *(() if decision else decision.reasons))
    return decision


def _written(moment: datetime) -> str:
    """An instant as French write it; a naive one as written, saying it has no zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return f"{day_text(moment.date())} à {clock_text(moment)}, sans fuseau horaire"
    return moment_text(moment, said=True)


def _calendar_in_words(calendar: WorkingCalendar) -> str:
    """A working-day calendar in French words: « jours ouvrés du département 57 »."""
    where = (
        "de France métropolitaine"
        if calendar.department is None
        else f"du département {calendar.department}"
    )
    words = [f"jours {calendar.kind} {where}"]
    if calendar.pentecost_monday_worked:
        words.append("lundi de Pentecôte travaillé")
    if calendar.extra_closures:
        closures = len(calendar.extra_closures)
        words.append(counted(closures, "jour de fermeture en plus", "jours de fermeture en plus"))
    return ", ".join(words)


@accepts(incident=Incident, sent_to=(str | None, "une adresse mél (texte) ou None"))
def record_reminder(incident: Incident, at: datetime, *, sent_to: str | None) -> Incident:
    """The request with a reminder sent at ``at`` to ``sent_to``; ``incident`` is untouched.

    Recording is not judging: ask :func:`may_remind` first, and :func:`check_request`
    says whether a partner's reminder went to the centre de services (Art. 3.3).

    Raises:
        InvalidTransitionError: the request is a draft (not sent).
        InvalidValueError: ``at`` is no aware datetime, ``sent_to`` neither a text
            nor ``None``.
    """
    moment = aware(at, "at")
    if incident.sent_at is None:
        raise _refused("brouillon", f"relance le {moment_text(moment, said=True)}", "reminders")
    reminder = Reminder(at=moment, sent_to=sent_to)
    return attrs.evolve(incident, reminders=(*incident.reminders, reminder))


@accepts(incident=Incident)
def answer(incident: Incident, at: datetime) -> Incident:
    """The request answered at ``at`` (the first answer stops the reminders).

    Raises:
        InvalidTransitionError: it is a draft, answered already, or closed before ``at``.
    """
    return _once(incident, "answered_at", at, done="répondue", event="réponse")


@accepts(incident=Incident)
def close(incident: Incident, at: datetime) -> Incident:
    """The request closed at ``at``.

    Raises:
        InvalidTransitionError: it is a draft, or closed already.
    """
    return _once(incident, "closed_at", at, done="close", event="clôture")


def _once(incident: Incident, field: str, at: datetime, *, done: str, event: str) -> Incident:
    # An answer or a closing happens once, to a request sent; an answer, before closing.
    moment = aware(at, "at")
    before: datetime | None = getattr(incident, field)
    closed = incident.closed_at
    if incident.sent_at is None:
        state = "brouillon"
    elif before is not None:
        state = f"{done} le {moment_text(before, said=True)}"
    elif closed is not None and closed < moment:
        state = f"close le {moment_text(closed, said=True)}"
    else:
        changes: dict[str, Any] = {field: moment}
        return attrs.evolve(incident, **changes)
    raise _refused(state, f"{event} le {moment_text(moment, said=True)}", field)


def _refused(state: str, event: str, field: str) -> InvalidTransitionError:
    return InvalidTransitionError(
        "la demande", state, event, article=Article.ART_3_3, field=f"Incident.{field}"
    )
