"""Strategies for requests to the service centre (Art. 3) and for availability (Art. 4)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

from hypothesis import strategies as st

from caf_contract.availability import MaintenanceWindow, OfficeHours, StopKind
from caf_contract.incidents import Contact, Direction, Incident, Reminder
from caf_contract.parties import is_placeholder
from tests import strategies as cst

if TYPE_CHECKING:
    from caf_contract import Contract

BREAKABLE = (
    "kind_missing",
    "subject_blank",
    "body_blank",
    "name_missing",
    "function_missing",
    "details_missing",
    "stranger",
    "destination_missing",
    "destination_wrong",
    "reminder_missing",
    "reminder_wrong",
)
"""What :func:`incidents` can break, each producing exactly one finding (see the test).

The two reminder faults need a request that was sent: a draft has no reminder, so
:func:`incidents` leaves them out when ``sent=False``.
"""

KNOWN_KINDS = (
    "incident",
    "  INCIDENT ",
    "anomalie",
    "demande d'intervention",
    "Demande d’intervention",
    "demande   d'intervention",
    "intervention",
    "demande_intervention",
    "autre",
    "other",
)
"""Ways of writing the known types (:class:`RequestType`): case, spaces, apostrophes."""


def request_kinds() -> st.SearchStrategy[str]:
    """Any non-blank type: a known one however written, or any other text."""
    free = st.one_of(
        st.sampled_from(["demande d'information", "réclamation", "plainte", "question ?"]),
        st.text(min_size=1, max_size=30),
    ).filter(lambda text: bool(text.strip()))
    return st.one_of(st.sampled_from(KNOWN_KINDS), free)


def missing_addresses() -> st.SearchStrategy[str | None]:
    """An address not given: ``None``, blank or the template's « Adresse mél »."""
    return st.one_of(st.none(), cst.unfilled_emails())


def other_addresses(centre: str) -> st.SearchStrategy[str]:
    """Any given address but ``centre`` (however written): a wrong destination."""
    return (
        st.one_of(
            st.sampled_from(["contact@caf.fr", "direction@caf82.caf.fr", "lbernard@ccas.fr"]),
            cst.emails(),
            st.text(min_size=1, max_size=30),
        )
        .filter(lambda text: not is_placeholder(text))
        .filter(lambda text: text.strip().casefold() != centre.casefold())
    )


@st.composite
def centre_addresses(draw: st.DrawFn, centre: str) -> str:
    """The centre's address as someone may type it: case and surrounding spaces vary."""
    written = draw(st.sampled_from([centre, centre.upper(), centre.title()]))
    return draw(st.sampled_from(["", " "])) + written + draw(st.sampled_from(["", "  "]))


@st.composite
def reminders(draw: st.DrawFn, *, after: datetime, to: st.SearchStrategy[str | None]) -> Reminder:
    """A reminder sent up to 40 days after ``after``, to an address ``to`` draws."""
    minutes = draw(st.integers(0, 40 * 24 * 60))
    at = (after.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(draw(cst.zones()))
    return Reminder(at=at, sent_to=draw(to))


@st.composite
def _destinations(
    draw: st.DrawFn, contract: Contract, *, broken: frozenset[str], caf_writes: bool
) -> str | None:
    if "destination_missing" in broken:
        return draw(missing_addresses())
    if "destination_wrong" in broken:
        return "contact@caf.fr"
    centre = contract.caf.service_centre_email
    if caf_writes:
        # To a partner's address: to the centre's, it would be a saisine (Art. 3.2).
        partner = [p.email for p in contract.interlocutors.partner]
        return draw(st.sampled_from(partner).filter(lambda to: not _is(to, centre)))
    return draw(centre_addresses(centre))


def _is(address: str | None, centre: str) -> bool:
    return address is not None and address.strip().casefold() == centre.casefold()


@st.composite
def _reminder_lists(
    draw: st.DrawFn, contract: Contract, sent_at: datetime, broken: frozenset[str]
) -> list[Reminder]:
    """Reminders to the centre, and one per reminder fault in ``broken``, in any order."""
    centre = contract.caf.service_centre_email
    followed = draw(st.lists(reminders(after=sent_at, to=centre_addresses(centre)), max_size=2))
    if "reminder_missing" in broken:
        followed.append(draw(reminders(after=sent_at, to=missing_addresses())))
    if "reminder_wrong" in broken:
        followed.append(draw(reminders(after=sent_at, to=other_addresses(centre))))
    return draw(st.permutations(followed))


@st.composite
def incidents(
    draw: st.DrawFn,
    *,
    contract: Contract,
    broken: frozenset[str] = frozenset(),
    sent: bool = True,
    direction: Direction = Direction.PARTNER_TO_CAF,
) -> Incident:
    """A request in ``direction`` with ``broken`` elements.

    From the partner (the default): written by one of ``contract``'s partner
    interlocutors to its service centre. From the Caf: written by one of the Caf's
    interlocutors to a partner's address, never the centre's (what is sent there is
    a saisine); ``broken`` applies all the same (Art. 3.2 does not bind it: nothing
    is reported).
    """
    caf_writes = direction is Direction.CAF_TO_PARTNER
    writers = contract.interlocutors.caf if caf_writes else contract.interlocutors.partner
    person = draw(st.sampled_from(writers))
    stranger = "stranger" in broken
    name = "Inconnu Dupuis" if stranger else person.name
    email = "inconnu@ailleurs.fr" if stranger else person.email
    if "kind_missing" in broken:
        kind = draw(st.sampled_from([None, "", "  "]))
    else:
        kind = draw(request_kinds())
    sent_at = draw(cst.aware_datetimes()) if sent else None
    # Missing is None, blank or the template's text; details are an e-mail, a phone or both.
    missing_name = st.sampled_from([None, "", "  ", "Prénom NOM"])
    missing_email = st.one_of(st.none(), cst.unfilled_emails())
    phone = None
    if "details_missing" in broken:
        email = draw(missing_email)
    elif draw(st.booleans()):
        phone = "05 63 00 00 00"
        if draw(st.booleans()):
            email = draw(missing_email)
    return Incident(
        kind=kind,
        subject=" "
        if "subject_blank" in broken
        else draw(st.sampled_from(["Accès impossible", "Erreur 500"])),
        body=""
        if "body_blank" in broken
        else "Depuis ce matin, la page d'accueil renvoie une erreur.",
        contact=Contact(
            name=draw(missing_name) if "name_missing" in broken else name,
            function=draw(missing_name)
            if "function_missing" in broken
            else "Gestionnaire des habilitations",
            email=email,
            phone=phone,
        ),
        sent_to=draw(_destinations(contract, broken=broken, caf_writes=caf_writes)),
        direction=direction,
        urgent=draw(st.booleans()),
        recipient_urgent=draw(st.booleans()),
        sent_at=sent_at,
        reminders=() if sent_at is None else draw(_reminder_lists(contract, sent_at, broken)),
    )


class BrokenRequest(NamedTuple):
    """A request, the contract it is checked against, and the elements broken in it."""

    contract: Contract
    broken: frozenset[str]
    incident: Incident


@st.composite
def broken_requests(draw: st.DrawFn) -> BrokenRequest:
    """Any contract and a request to it with any set of :data:`BREAKABLE` elements broken."""
    contract = draw(cst.contracts())
    broken = draw(st.frozensets(st.sampled_from(BREAKABLE)))
    # The two destination faults exclude each other.
    if "destination_missing" in broken:
        broken -= {"destination_wrong"}
    return BrokenRequest(contract, broken, draw(incidents(contract=contract, broken=broken)))


# --- availability


def recipients(contract: Contract | None = None) -> st.SearchStrategy[str]:
    """Whom an announcement went to, as written: a name or an e-mail address.

    Anyone, a template placeholder now and then; with ``contract``, often one of its
    partner's interlocutors, by name or by e-mail.
    """
    anyone = st.one_of(cst.PEOPLE_NAMES, cst.emails(), cst.placeholders())
    if contract is None:
        return anyone
    people = contract.interlocutors.partner
    written = [person.name for person in people if person.name.strip()]
    written += [person.email for person in people if person.email is not None]
    return st.one_of(st.sampled_from(written), anyone) if written else anyone


@st.composite
def maintenance_windows(
    draw: st.DrawFn,
    *,
    start: datetime | None = None,
    kind: StopKind | None = None,
    contract: Contract | None = None,
) -> MaintenanceWindow:
    """One stop of 1 minute to 3 days, national or planned by the Caf, maybe announced.

    Known up to 30 days before it starts; maybe announced to the partner (at the
    instant it was known or up to a day after) to one of :func:`recipients`
    (``contract``'s people among them when given); the users maybe told, from the
    instant it was known to a day after the start. Nothing is announced before it
    is known (:class:`MaintenanceWindow` refuses it).
    """
    begin = start if start is not None else draw(cst.aware_datetimes())
    end = begin.astimezone(UTC) + timedelta(minutes=draw(st.integers(1, 3 * 24 * 60)))
    ahead = draw(st.integers(0, 30 * 24 * 60))  # minutes known before the start
    known = begin.astimezone(UTC) - timedelta(minutes=ahead)
    announced = draw(
        st.one_of(st.none(), st.integers(0, 24 * 60).map(lambda m: known + timedelta(minutes=m)))
    )
    informed = draw(
        st.one_of(
            st.none(),
            st.integers(0, ahead + 24 * 60).map(lambda m: known + timedelta(minutes=m)),
        )
    )
    return MaintenanceWindow(
        start=begin,
        end=end,
        kind=kind if kind is not None else draw(st.sampled_from(StopKind)),
        known_at=known,
        announced_at=announced,
        announced_to=None if announced is None else draw(st.none() | recipients(contract)),
        users_informed_at=informed,
        description=draw(st.sampled_from(["", "montée de version", "maintenance nationale"])),
    )


@st.composite
def window_lists(draw: st.DrawFn, *, max_size: int = 6) -> list[MaintenanceWindow]:
    """Disjoint stops, in any order (they may touch: [a, b) then [b, c))."""
    windows: list[MaintenanceWindow] = []
    cursor = draw(cst.aware_datetimes(max_value=datetime(2040, 1, 1)))  # noqa: DTZ001
    for _ in range(draw(st.integers(0, max_size))):
        cursor += timedelta(minutes=draw(st.integers(0, 10 * 24 * 60)))
        window = draw(maintenance_windows(start=cursor))
        windows.append(window)
        cursor = window.end
    return draw(st.permutations(windows))


@st.composite
def office_hours(draw: st.DrawFn) -> OfficeHours:
    """Office hours on some weekdays: a morning and maybe an afternoon."""
    week: dict[int | str, list[tuple[time | str, time | str]]] = {}
    for day in draw(st.lists(st.integers(0, 6), unique=True, max_size=7)):
        morning = (time(draw(st.integers(7, 9)), draw(st.sampled_from([0, 15, 30]))), time(12, 0))
        week[day] = [morning]
        if draw(st.booleans()):
            week[day].append(
                (time(13, draw(st.sampled_from([0, 30]))), time(draw(st.integers(16, 18)), 0))
            )
    return OfficeHours(week)
