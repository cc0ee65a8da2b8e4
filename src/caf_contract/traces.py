"""Traces: what is traced, who may read it, and how a user asks for his own (Art. 5.3).

    « La Caf conserve la trace de toutes les connexions et les actions de l'utilisateur
    sur les services […]. Chaque action réalisée dès l'authentification et jusqu'à la
    déconnexion est historisée. » (Art. 5.3.1)

    « L'accès aux données de traçabilité est limité au personnel de la Caf et de la
    Cnaf spécifiquement habilité à consulter ce type d'information. » (Art. 5.3.3)

    « Le gestionnaire des habilitations du partenaire ou son suppléant ont accès
    directement à l'intégralité des traces. Les utilisateurs qui souhaitent accéder à
    leurs traces au titre de l'article 39 de la loi Informatique et Libertés n°78-17 du
    6 janvier 1978 modifiée, doivent se rapprocher de leur responsable hiérarchique afin
    que la demande soit transmise au gestionnaire des habilitations du partenaire. »
    (Art. 5.3.4)

- :class:`Trace` and :func:`check_sessions`: every action outside an authenticated
  session is flagged; a session never closed by a logout is a remark (5.3.1). A
  session is a partner's user's session id; the authentication and the logout are
  recognised in any capitals, with or without accents.
- :class:`TraceReader` and :func:`may_read_traces`: the contract's Caf's and the Cnaf's
  staff specifically authorised (5.3.3), and the partner's gestionnaire des
  habilitations and his suppléant as annexe 1 designates them (5.3.4), read the
  partner's traces; nobody else, a reader of another Caf included.
- :func:`access_request_route`: a user's own request goes to his line manager, then to
  the gestionnaire des habilitations (5.3.4; loi 78-17 art. 39, now art. 49; GDPR art. 15).

A template placeholder (« Prénom NOM ») designates nobody: not a reader, not the
gestionnaire a request is sent to, not the user or the line manager of a request (refused
as malformed input).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Final

import attrs

from caf_contract._format import counted, moment_text
from caf_contract._html import Shown
from caf_contract._time import instant
from caf_contract._validate import (
    accepts,
    instance_of,
    is_aware,
    is_bool,
    non_blank,
    optional,
    text,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.contract import Contract
from caf_contract.decision import Decision, Reason
from caf_contract.errors import InvalidValueError
from caf_contract.parties import (
    Actor,
    Interlocutor,
    InterlocutorRole,
    Side,
    Siren,
    _siren_at,
    is_placeholder,
)

__all__ = [
    "AUTHENTICATION",
    "LOGOUT",
    "AccessRoute",
    "Trace",
    "TraceReader",
    "access_request_route",
    "check_sessions",
    "may_read_traces",
]

AUTHENTICATION: Final = "authentification"
"""The action that opens a session (Art. 5.3.1: « dès l'authentification »)."""
LOGOUT: Final = "déconnexion"
"""The action that closes it (« jusqu'à la déconnexion »)."""


def _partner(value: Siren | str) -> Siren:
    return _siren_at(value, "Trace.partner")


@attrs.frozen(kw_only=True)
class Trace(Shown):
    """One traced connection or action (Art. 5.3.1).

    Attributes:
        user: who acted.
        partner: the partner the user works for (its SIREN); a session is the
            partner's own.
        action: what was done (``"authentification"`` and ``"déconnexion"`` open and
            close a session, in any capitals, with or without accents).
        at: when (aware; kept in UTC).
        session: the session it belongs to, ``None`` when none.
    """

    user: str = attrs.field(validator=non_blank)
    partner: Siren = attrs.field(converter=_partner)
    action: str = attrs.field(validator=non_blank)
    at: datetime = attrs.field(converter=instant, validator=is_aware)
    session: str | None = attrs.field(default=None, validator=optional(non_blank))

    _html_caption = "Trace"
    _html_fields = (
        ("at", "Le"),
        ("user", "Utilisateur"),
        ("action", "Action"),
        ("session", "Session"),
        ("partner", "Partenaire (SIREN)"),
    )


def _action_key(action: str) -> str:
    """``action`` without its accents, capitals and extra spaces.

    Tracing systems write « Authentification », « DECONNEXION », « déconnexion » with its
    accent as a combining mark: the same actions (Art. 5.3.1).
    """
    decomposed = unicodedata.normalize("NFKD", action)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


_OPENING: Final = _action_key(AUTHENTICATION)
_CLOSING: Final = _action_key(LOGOUT)
_RANK: Final = {_OPENING: 0, _CLOSING: 2}
"""Among traces of one instant, the authentication first and the logout last."""
_ACTION_RANK: Final = 1


def _instant_and_rank(trace: Trace) -> tuple[datetime, int]:
    # Traces of one instant come in no order the audit can trust (a clock to the second):
    # « dès l'authentification et jusqu'à la déconnexion » includes that instant, so an
    # action there is judged after the authentication and before the logout.
    return trace.at, _RANK.get(_action_key(trace.action), _ACTION_RANK)


_SessionKey = tuple[Siren, str, str]
"""A session is its partner's: (partner, user, session id)."""


def _audit(traces: list[Trace]) -> tuple[list[Reason], list[Reason]]:
    """The findings (actions outside a session) and the sessions left open, as remarks."""
    art = Article.ART_5_3_1
    several_partners = len({trace.partner for trace in traces}) > 1

    def who(trace: Trace) -> str:
        # The partner is named only when the user alone could be another partner's.
        if several_partners:
            return f"{trace.user} (partenaire, SIREN {trace.partner})"
        return trace.user

    open_sessions: dict[_SessionKey, Trace] = {}  # the authentication that opened each
    closed: dict[_SessionKey, Trace] = {}  # the logout that closed each, last
    findings: list[Reason] = []
    for trace in traces:
        written = " ".join(trace.action.split())  # as traced, spaces aside
        what = f"« {written} » de {who(trace)} le {moment_text(trace.at, seconds=True)}"
        if trace.session is None:
            findings.append(Reason(art, f"{what} : hors de toute session"))
            continue
        key = (trace.partner, trace.user, trace.session)
        action = _action_key(trace.action)
        if action == _OPENING:
            if key in open_sessions:
                findings.append(Reason(art, f"{what} : session « {trace.session} » déjà ouverte"))
                continue
            if key in closed:
                # The id is reused, but an authentication opens the session again: its
                # actions lie after an authentication and are not flagged.
                findings.append(
                    Reason(
                        art,
                        f"{what} : identifiant de session « {trace.session} » déjà utilisé "
                        f"(session fermée le {moment_text(closed[key].at, seconds=True)})",
                    )
                )
            open_sessions[key] = trace
        elif key not in open_sessions:
            state = "déjà fermée" if key in closed else "sans authentification"
            findings.append(Reason(art, f"{what} : session « {trace.session} » {state}"))
        elif action == _CLOSING:
            del open_sessions[key]
            closed[key] = trace
    # Still open after the last trace: a session in progress, or a logout never traced.
    # Neither puts an action outside a session, so a remark, not a finding.
    remarks = [
        Reason(
            art,
            f"session « {opening.session} » de {who(opening)}, ouverte le "
            f"{moment_text(opening.at, seconds=True)}, sans déconnexion dans les traces : "
            "session en cours, ou déconnexion non tracée",
        )
        for opening in open_sessions.values()
    ]
    return findings, remarks


def check_sessions(traces: Iterable[Trace]) -> Decision:
    """Whether every traced action lies inside an authenticated session (Art. 5.3.1).

    A session is a partner's user's session id: the same user and id at two partners
    are two sessions (the messages then name the partner). It is opened by an
    ``authentification`` trace and closed by a ``déconnexion`` trace, written in any
    capitals, with or without accents, spaces collapsed (« AUTHENTIFICATION »,
    « Deconnexion »). Traces are judged in the order of their instants; among traces of
    one instant, the authentication first and the logout last (« dès
    l'authentification et jusqu'à la déconnexion » includes those instants).

    Flagged, each once: an action without session, in a session not opened or already
    closed, a second authentication of an open session, and an authentication under
    the id of a session already closed (« identifiant de session déjà utilisé »; the
    session is open again after it). A session still open after the last trace is a
    remark (in the order the sessions were opened): its actions lie after an
    authentication, but no logout closes it.

    >>> from datetime import datetime
    >>> from caf_contract._time import PARIS
    >>> def t(action, minute, session="s1"):
    ...     return Trace(user="agent1", partner="123456782", action=action, session=session,
    ...                  at=datetime(2026, 11, 23, 10, minute, tzinfo=PARIS))
    >>> print(check_sessions([t("Authentification", 0), t("consultation dossier", 5),
    ...                       t("DECONNEXION", 9), t("consultation dossier", 12)]))
    refusé
    - Art. 5.3.1 — « consultation dossier » de agent1 le 23/11/2026 à 10:12:00 : session « s1 »
      déjà fermée
    >>> print(check_sessions([t("authentification", 0), t("consultation dossier", 5)]))
    autorisé
    - Art. 5.3.1 — 2 traces, toutes dans une session ouverte par une authentification ; 1
      session sans déconnexion, en remarque
    - remarque : Art. 5.3.1 — session « s1 » de agent1, ouverte le 23/11/2026 à 10:00:00, sans
      déconnexion dans les traces : session en cours, ou déconnexion non tracée
    """
    items = sorted(tuple_of(traces, Trace, "traces", "Trace(...)"), key=_instant_and_rank)
    findings, remarks = _audit(items)
    if remarks:
        summary = (
            f"{counted(len(items), 'trace')}, toutes dans une session ouverte par une "
            f"authentification ; {counted(len(remarks), 'session')} sans déconnexion, en remarque"
        )
    else:
        summary = (
            f"{counted(len(items), 'trace')}, toutes entre une authentification et une déconnexion"
        )
    return Decision.from_failures(
        findings, otherwise=Reason(Article.ART_5_3_1, summary), remarks=remarks
    )


# --- who may read traces (5.3.3, 5.3.4)


@attrs.frozen(kw_only=True)
class TraceReader(Shown):
    """Someone who asks to read traces: an :class:`~caf_contract.parties.Actor`.

    The side and the organisation are the actor's: a Caf's staff (its department), the
    Cnaf's, or a partner's (its SIREN). A partner's reader is recognised by his name or
    e-mail address in annexe 1, never by a role he claims.

    Attributes:
        actor: who asks.
        authorised_for_traces: for a Caf's or the Cnaf's staff, whether they are
            specifically authorised to read traces (Art. 5.3.3); irrelevant for a
            partner's staff, whom annexe 1 designates (Art. 5.3.4).

    >>> TraceReader(actor=Actor.caf("82", "agent@caf82.caf.fr"), authorised_for_traces=True)
    TraceReader(actor=Actor(side='Caf', organisation='82', name='agent@caf82.caf.fr'),
                authorised_for_traces=True)
    """

    actor: Actor = attrs.field(validator=instance_of(Actor, "Actor(...)"))
    authorised_for_traces: bool = attrs.field(default=False, validator=is_bool)

    _html_caption = "Lecteur des traces"
    _html_fields = (("actor", "Qui"), ("authorised_for_traces", "Habilité à lire les traces"))


_PARTNER_READERS: Final = {
    InterlocutorRole.ADMINISTRATEUR_PRINCIPAL: (
        "gestionnaire des habilitations du partenaire (administrateur principal, annexe 1)"
    ),
    InterlocutorRole.ADMINISTRATEUR_DELEGUE: (
        "suppléant du gestionnaire des habilitations (administrateur délégué, annexe 1)"
    ),
}
"""The partner's readers of traces (Art. 5.3.4), by their annexe 1 role."""


def _nobody(actor: Actor, needed: str) -> Reason | None:
    if not actor.designates_nobody:
        return None
    written = " ".join(actor.name.split())
    article = Article.ART_5_3_4 if actor.side is Side.PARTNER else Article.ART_5_3_3
    return Reason(
        article, f"{actor} : « {written} » est un texte du modèle et ne désigne personne ; {needed}"
    )


def _staff_failures(reader: TraceReader, contract: Contract) -> list[Reason]:
    """Why a Caf's or the Cnaf's staff member may not read (Art. 5.3.3)."""
    art = Article.ART_5_3_3
    actor = reader.actor
    failures = [_nobody(actor, "il faut le nom ou l'adresse mél du lecteur")]
    department = contract.caf.department
    if actor.side is Side.CAF and actor.organisation != department:
        failures.append(
            Reason(
                art,
                f"{actor} : personnel d'une autre Caf que la Caf {department} du contrat ; il "
                f"faut appartenir au personnel de la Caf {department} ou de la Cnaf",
            )
        )
    if not reader.authorised_for_traces:
        failures.append(
            Reason(
                art,
                f"{actor} : pas spécifiquement habilité à consulter les traces ; il faut une "
                "habilitation spécifique à ce type d'information",
            )
        )
    return [failure for failure in failures if failure is not None]


def _designated_in_annex_1(person: Interlocutor) -> bool:
    return not is_placeholder(person.name) or person.email is not None


def _partner_failures(
    actor: Actor, contract: Contract, person: Interlocutor | None
) -> list[Reason]:
    """Why a partner's staff member may not read (Art. 5.3.4)."""
    art = Article.ART_5_3_4
    failures: list[Reason | None] = []
    siren = contract.partner.siren
    if siren is None:
        failures.append(
            Reason(
                art,
                f"{actor} : SIREN du partenaire non renseigné au contrat, nul n'y est reconnu "
                "comme personnel du partenaire ; il faut renseigner ce SIREN (préambule)",
            )
        )
    elif actor.organisation != siren.digits:
        failures.append(
            Reason(
                art,
                f"{actor} : employé par une autre structure que le partenaire du contrat "
                f"(SIREN {siren}) ; il faut être employé par ce partenaire",
            )
        )
    failures.append(
        _nobody(
            actor,
            "il faut le nom ou l'adresse mél du gestionnaire des habilitations ou de son "
            "suppléant (annexe 1)",
        )
    )
    interlocutors = contract.interlocutors
    if not any(
        someone.role in _PARTNER_READERS and _designated_in_annex_1(someone)
        for someone in interlocutors.partner
    ):
        failures.append(
            Reason(
                art,
                f"{actor} : l'annexe 1 ne désigne ni gestionnaire des habilitations "
                "(administrateur principal) ni suppléant (administrateur délégué) ; il faut "
                "les y désigner pour que le partenaire accède à ses traces",
            )
        )
    elif person is None and not actor.designates_nobody:
        failures.append(
            Reason(
                art,
                f"{actor} : ni le gestionnaire des habilitations (administrateur principal) ni "
                "son suppléant (administrateur délégué) désignés en annexe 1 ; il faut être "
                "l'un d'eux, désigné par son nom ou son adresse mél",
            )
        )
    return [failure for failure in failures if failure is not None]


@accepts(reader=TraceReader, contract=Contract)
def may_read_traces(reader: TraceReader, contract: Contract) -> Decision:
    """Whether ``reader`` may read the traces of the partner of ``contract`` (Art. 5.3.3, 5.3.4).

    Denied by default. May read:

    - the staff of the contract's Caf, or of the Cnaf, specifically authorised to read
      traces (5.3.3); a reader of another Caf is denied, authorised or not;
    - the partner's gestionnaire des habilitations (administrateur principal of
      annexe 1) and his suppléant (administrateur délégué), employed by the partner
      (the actor's SIREN is the contract's) and designated by the name or the e-mail
      address annexe 1 gives them (5.3.4).

    A template placeholder (« Prénom NOM ») designates nobody, on either side. Every
    failed condition is listed.

    ``contract`` is read as given, every avenant applied: to ask as of a day, pass
    ``contract.as_of(day)``.

    >>> from caf_contract.files import example_dossier
    >>> contract = example_dossier().contract
    >>> print(may_read_traces(TraceReader(actor=Actor.partner("123456782", "Hugo Petit")),
    ...                       contract))
    autorisé
    - Art. 5.3.4 — Hugo Petit (partenaire, SIREN 123456782) : suppléant du gestionnaire des
      habilitations (administrateur délégué, annexe 1), accès direct à l'intégralité des
      traces du partenaire
    """
    actor = reader.actor
    if actor.side is not Side.PARTNER:
        staff = "de la Cnaf" if actor.side is Side.CNAF else f"de la Caf {contract.caf.department}"
        return Decision.from_failures(
            _staff_failures(reader, contract),
            otherwise=Reason(
                Article.ART_5_3_3,
                f"{actor} : personnel {staff} spécifiquement habilité à consulter les traces",
            ),
        )
    person = contract.interlocutors.designated_partner(actor.name, frozenset(_PARTNER_READERS))
    failures = _partner_failures(actor, contract, person)
    if person is not None and not failures:
        return Decision.allow(
            Reason(
                Article.ART_5_3_4,
                f"{actor} : {_PARTNER_READERS[person.role]}, accès direct à l'intégralité des "
                "traces du partenaire",
            )
        )
    return Decision.deny(*failures)  # never empty: an undesignated reader is a failure


# --- a user's own request (5.3.4)


@attrs.frozen(kw_only=True)
class AccessRoute(Shown):
    """The route of a user's request for his own traces, with the law it rests on."""

    steps: tuple[str, ...]
    reason: Reason

    _html_caption = "Accès d'une personne à ses propres traces"
    _html_fields = (("_route", "Démarche"), ("reason", "Fondement"))

    @property
    def _route(self) -> str:
        return str(self)

    def __str__(self) -> str:
        return " → ".join(self.steps)


def _addressee(person: Interlocutor) -> str | None:
    """How to reach ``person``: name and e-mail, either alone, or ``None`` (placeholders only)."""
    name = None if is_placeholder(person.name) else person.name
    if name is not None and person.email is not None:
        return f"{name} ({person.email})"
    return name or person.email


def _someone(written: str, field: str, expected: str) -> None:
    """Refuse a template text given for a person of the route: it designates nobody."""
    if is_placeholder(written):
        raise InvalidValueError(
            field,
            written,
            f"{expected}, pas un texte du modèle",
            problem="texte du modèle, qui ne désigne personne",
            article=Article.ART_5_3_4,
        )


@accepts(contract=Contract)
def access_request_route(user: str, *, line_manager: str, contract: Contract) -> AccessRoute:
    """Where a user's request for his own traces goes (Art. 5.3.4).

    To his line manager, who passes it on to the partner's gestionnaire des
    habilitations (the administrateur principal of annexe 1). When annexe 1 designates
    none (no administrateur principal, or only « Prénom NOM » without an e-mail
    address), the last step says so.

    ``user`` and ``line_manager`` must designate someone: a template text (« Prénom
    NOM », in any capitals) raises :class:`~caf_contract.errors.InvalidValueError`
    naming the argument.

    >>> from caf_contract.files import example_dossier
    >>> route = access_request_route("agent1", line_manager="Chef de service",
    ...                              contract=example_dossier().contract)
    >>> print(route)
    agent1 → Chef de service → Léa Bernard (lbernard@coteaux-exemple.fr)
    """
    text(user, "user", "l'utilisateur qui demande ses traces")
    text(line_manager, "line_manager", "le responsable hiérarchique de l'utilisateur")
    _someone(user, "user", "l'identifiant ou le nom de l'utilisateur qui demande ses traces")
    _someone(line_manager, "line_manager", "le nom du responsable hiérarchique de l'utilisateur")
    # « Prénom NOM » designates nobody: an administrateur principal left as the
    # template wrote him is no addressee, and the route ends at the missing designation.
    addressees = [
        addressee
        for manager in contract.interlocutors.of_partner(InterlocutorRole.ADMINISTRATEUR_PRINCIPAL)
        if (addressee := _addressee(manager)) is not None
    ]
    last = (
        addressees[0]
        if addressees
        else "le gestionnaire des habilitations du partenaire (non désigné en annexe 1)"
    )
    return AccessRoute(
        steps=(user, line_manager, last),
        reason=Reason(
            Article.ART_5_3_4,
            "droit d'accès de l'utilisateur à ses traces : article 39 de la loi n° 78-17 du "
            "6 janvier 1978 (numérotation citée par le contrat), aujourd'hui article 49 de "
            "cette loi, et article 15 du RGPD ; demande transmise par le responsable "
            "hiérarchique au gestionnaire des habilitations",
        ),
    )
