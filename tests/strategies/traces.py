"""Strategies for traces, sessions, readers of traces, instants near month ends and DST (5.3)."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from caf_contract import Actor, Contract, Side
from caf_contract.retention import trace_retention_cutoff_instant
from caf_contract.traces import (
    AUTHENTICATION,
    LOGOUT,
    AccessRoute,
    Trace,
    TraceReader,
    access_request_route,
)
from tests import strategies as cst

ACTIONS = st.sampled_from(["consultation dossier", "export attestation", "recherche allocataire"])
PARTNERS = ("123456782", "130005481")
"""Two partners' SIRENs: the same user and session id at each are two sessions."""


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def written_as(text: str) -> st.SearchStrategy[str]:
    """``text`` as another system may write it: other capitals, accents or spaces.

    For an action, the same action (Art. 5.3.1): « Authentification », « DECONNEXION »,
    « déconnexion » decomposed (NFD), spaces doubled, or a no-break space around. For a
    template placeholder (« PRENOM NOM »), :func:`~caf_contract.parties.is_placeholder`
    says whether it is still one.
    """
    spellings = sorted(
        {
            text,
            text.upper(),
            text.capitalize(),
            _without_accents(text).upper(),
            _without_accents(text),
            unicodedata.normalize("NFD", text),
            "  ".join(text.split()),
        }
    )
    return st.builds(
        lambda written, before, after: f"{before}{written}{after}",
        st.sampled_from(spellings),
        st.sampled_from(["", " ", "  ", "\u00a0"]),
        st.sampled_from(["", " ", "\t"]),
    )


# Month ends, leap days and both DST changes in Paris (last Sunday of March / October).
TRICKY_DAYS = (
    date(2024, 2, 29), date(2024, 3, 31), date(2024, 8, 31), date(2024, 10, 27), date(2024, 12, 31),
    date(2025, 2, 28), date(2025, 3, 30), date(2025, 8, 31), date(2025, 10, 26), date(2026, 2, 28),
    date(2026, 3, 29), date(2026, 8, 31), date(2026, 10, 25), date(2027, 2, 28), date(2028, 2, 29),
)  # fmt: skip


def tricky_instants() -> st.SearchStrategy[datetime]:
    """Aware instants near a tricky day's midnight, in several zones."""
    return st.sampled_from(TRICKY_DAYS).flatmap(
        lambda day: cst.instants_around(datetime(day.year, day.month, day.day, tzinfo=cst.PARIS))
    )


def instants() -> st.SearchStrategy[datetime]:
    """Any aware instant, tricky ones more often than chance would give them."""
    return st.one_of(tricky_instants(), cst.aware_datetimes())


_SIX_MONTHS = relativedelta(months=6)


def purge_days() -> st.SearchStrategy[date | datetime]:
    """The day of a purge (``as_of``): a Paris day or an instant in any zone.

    Often a month end, or six months after one: there the latest purgeable day is not
    ``as_of - 6 months`` (on 28/02/2027 it is 31/08/2026, not 28/08).
    """
    return st.one_of(
        instants(),
        cst.month_ends(),
        cst.month_ends().map(lambda end: end + _SIX_MONTHS),
        st.sampled_from(TRICKY_DAYS).map(lambda day: day + _SIX_MONTHS),
    )


def instants_near_cutoff(as_of: date | datetime) -> st.SearchStrategy[datetime]:
    """Trace instants around the cutoff of ``as_of`` (± 26 h, ± 1 s), in several zones."""
    return cst.instants_around(trace_retention_cutoff_instant(as_of))


@st.composite
def traces(draw: st.DrawFn, *, user: str = "agent1", partner: str = "123456782") -> Trace:
    """One trace, in or out of a session."""
    return Trace(
        user=user,
        partner=partner,
        action=draw(
            st.one_of(ACTIONS, st.sampled_from([AUTHENTICATION, LOGOUT]).flatmap(written_as))
        ),
        at=draw(instants()),
        session=draw(st.one_of(st.none(), st.sampled_from(["s1", "s2", "s3"]))),
    )


@st.composite
def clean_sessions(draw: st.DrawFn, *, user: str = "agent1") -> list[Trace]:
    """Sessions opened, used and closed in order: nothing to flag.

    The authentication and the logout are written in any capitals, accents and spaces
    (:func:`written_as`).
    """
    clock = draw(cst.aware_datetimes(max_value=datetime(2050, 1, 1))).astimezone(UTC)  # noqa: DTZ001
    result: list[Trace] = []
    for number in range(draw(st.integers(0, 4))):
        session = f"s{number}"
        opening, closing = draw(written_as(AUTHENTICATION)), draw(written_as(LOGOUT))
        for action in [opening, *draw(st.lists(ACTIONS, max_size=4)), closing]:
            clock += timedelta(seconds=draw(st.integers(1, 3600)))
            result.append(
                Trace(user=user, partner="123456782", action=action, at=clock, session=session)
            )
    return result


SessionKey = tuple[str, str, str]
"""What identifies a session: the partner's SIREN, the user, the session id."""


@st.composite
def sessions_left_open(
    draw: st.DrawFn, *, partners: tuple[str, ...] = PARTNERS
) -> tuple[list[Trace], frozenset[SessionKey]]:
    """Clean sessions of several users, interleaved, some never closed; and those left open.

    Each session is an authentication, a few actions, and a logout unless it is left
    open; its own instants increase, the sessions overlap freely, and the same user and
    session id may recur at another partner (another session). Given shuffled: the
    audit orders traces by their instants.
    """
    start = draw(cst.aware_datetimes(max_value=datetime(2050, 1, 1))).astimezone(UTC)  # noqa: DTZ001
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(partners),
                st.sampled_from(["agent1", "agent2"]),
                st.sampled_from(["s1", "s2", "s3"]),
            ),
            max_size=5,
            unique=True,
        )
    )
    result: list[Trace] = []
    left_open: set[SessionKey] = set()
    for partner, user, session in keys:
        clock = start + timedelta(seconds=draw(st.integers(0, 7200)))
        closed = draw(st.booleans())
        if not closed:
            left_open.add((partner, user, session))
        actions = [draw(written_as(AUTHENTICATION)), *draw(st.lists(ACTIONS, max_size=3))]
        for action in [*actions, draw(written_as(LOGOUT))] if closed else actions:
            clock += timedelta(seconds=draw(st.integers(1, 3600)))
            result.append(
                Trace(user=user, partner=partner, action=action, at=clock, session=session)
            )
    return draw(st.permutations(result)), frozenset(left_open)


def _written_otherwise(who: str) -> st.SearchStrategy[str]:
    """``who`` as written, or in capitals, or with its spaces doubled: the same person."""
    return st.sampled_from([who, who.upper(), "  ".join(who.split())])


@st.composite
def reader_actors(draw: st.DrawFn, contract: Contract) -> Actor:
    """Anyone who could ask to read ``contract``'s traces.

    Often one it may let read: the staff of its Caf, of the Cnaf, or of its partner
    named (or written to) as annexe 1 names its interlocutors, whatever their role;
    as often someone else: another Caf's, another structure's, a stranger, a
    placeholder.
    """
    side = draw(st.sampled_from(Side))
    organisation: str | None = None
    if side is Side.CAF:
        organisation = draw(st.one_of(st.just(contract.caf.department), cst.department_codes()))
    elif side is Side.PARTNER:
        employers = [str(s.siren) for s in contract.subcontractors]
        if contract.partner.siren is not None:
            employers += [str(contract.partner.siren)] * 3
        organisation = draw(
            st.one_of(st.sampled_from(employers), cst.siren_strings())
            if employers
            else cst.siren_strings()
        )
    annex_1 = [
        written
        for person in contract.interlocutors.partner
        for written in (person.name, person.email)
        if written is not None and written.strip()
    ]
    names = [cst.PEOPLE_NAMES, cst.emails(), cst.placeholders()]
    if annex_1:
        names.append(st.sampled_from(annex_1).flatmap(_written_otherwise))
    return draw(cst.actors(side=side, organisation=organisation, name=draw(st.one_of(names))))


@st.composite
def readers(draw: st.DrawFn, *, contract: Contract | None = None) -> TraceReader:
    """Anyone who could ask to read traces, authorised for traces or not.

    With ``contract``, its readers are likely (:func:`reader_actors`).
    """
    actor = draw(cst.actors() if contract is None else reader_actors(contract))
    return TraceReader(actor=actor, authorised_for_traces=draw(st.booleans()))


@st.composite
def contracts_and_readers(draw: st.DrawFn) -> tuple[Contract, TraceReader]:
    """A contract, complete or draft, and someone who asks to read its partner's traces."""
    contract = draw(cst.contracts(complete=draw(st.booleans())))
    return contract, draw(readers(contract=contract))


@st.composite
def access_routes(draw: st.DrawFn) -> AccessRoute:
    """The route of a user's request for his own traces, under a complete or draft contract."""
    return access_request_route(
        draw(st.sampled_from(["agent1", "agent2"])),
        line_manager=draw(st.sampled_from(["Chef de service", "Directrice adjointe"])),
        contract=draw(cst.contracts(complete=draw(st.booleans()))),
    )
