"""Hypothesis strategies for every value object, in one place.

``hypothesis.strategies.builds()`` ignores attrs validators and cross-field rules, so
each value object has a hand-written ``@st.composite`` strategy here, with keyword
options, and ``invalid_*`` strategies for the error paths. Tests import them; they
never re-invent them.
"""

from __future__ import annotations

import calendar
import functools
import string
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

import attrs
from hypothesis import strategies as st

from caf_contract import (
    Actor,
    Article,
    Avenant,
    BrowserPolicy,
    Bulletin,
    Caf,
    Contract,
    DayKind,
    Deadline,
    DeadlineDay,
    DeadlineKind,
    Decision,
    DecisionRecord,
    HabilitationQuota,
    Interlocutor,
    InterlocutorRole,
    Interlocutors,
    OfficeHours,
    Partner,
    Reason,
    Remedy,
    RemedyKind,
    Role,
    Side,
    SignedDocument,
    Siren,
    Subcontractor,
    WorkingCalendar,
    explain_add_working_days,
    explain_habilitation_purge_date,
    explain_reminder,
    explain_trace_purge_date,
    inputs_digest,
)
from caf_contract._format import WEEKDAYS
from caf_contract.contract import ContractParts
from caf_contract.parameters import ParameterSet, current
from caf_contract.parties import DEPARTMENT_CODES, TEMPLATE_PLACEHOLDERS

PARIS = ZoneInfo("Europe/Paris")

# --- time

ZONES = (
    UTC,
    PARIS,
    ZoneInfo("America/Cayenne"),
    ZoneInfo("Indian/Reunion"),
    ZoneInfo("Pacific/Kiritimati"),  # UTC+14: already tomorrow in Paris
    ZoneInfo("Pacific/Pago_Pago"),  # UTC-11: still yesterday
    timezone(timedelta(hours=5, minutes=45)),
)


def zones() -> st.SearchStrategy[Any]:
    """Time zones from UTC-11 to UTC+14, including Paris and a fixed offset."""
    return st.sampled_from(ZONES)


def days(
    min_value: date = date(1995, 1, 1), max_value: date = date(2055, 12, 31)
) -> st.SearchStrategy[date]:
    """Calendar days, by default over the range the calendar oracle is checked on."""
    return st.dates(min_value=min_value, max_value=max_value)


def aware_datetimes(
    min_value: datetime = datetime(1996, 1, 1),  # noqa: DTZ001  # bounds of st.datetimes are naive
    max_value: datetime = datetime(2054, 12, 31),  # noqa: DTZ001
) -> st.SearchStrategy[datetime]:
    """Aware datetimes in several zones; DST gaps and folds included."""
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=zones())


def _seconds(seconds: int) -> timedelta:
    return timedelta(seconds=seconds)


@st.composite
def instants_around(draw: st.DrawFn, moment: datetime, *, hours: int = 26) -> datetime:
    """Aware instants within ``hours`` of ``moment``, in several zones.

    A second either side of it, a whole number of hours (± 1 s) off it — where a
    cutoff an hour out, a day out or at another zone's midnight would be — or anywhere
    in between.
    """
    offset = draw(
        st.one_of(
            st.integers(-1, 1).map(_seconds),
            st.builds(
                lambda whole, second: timedelta(hours=whole, seconds=second),
                st.integers(-hours, hours),
                st.integers(-1, 1),
            ),
            st.integers(-hours * 3600, hours * 3600).map(_seconds),
        )
    )
    return (moment.astimezone(UTC) + offset).astimezone(draw(zones()))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_ends(min_year: int = 1996, max_year: int = 2054) -> st.SearchStrategy[date]:
    """Last days of months, 29 February more often than chance gives it.

    Where month arithmetic clips: 31/08 + 6 months is 28/02, 29/02 + 6 years is 28/02.
    """
    leap_days = (
        st.integers(min_year, max_year).map(lambda year: year - year % 4).filter(calendar.isleap)
    )
    return st.one_of(
        st.builds(_month_end, st.integers(min_year, max_year), st.integers(1, 12)),
        leap_days.filter(lambda year: year >= min_year).map(lambda year: date(year, 2, 29)),
    )


def year_spans(
    min_year: int = 1995, max_year: int = 2055, *, max_length: int = 3
) -> st.SearchStrategy[tuple[int, int]]:
    """First and last years of a calendar's table (:meth:`WorkingCalendar.table`), both included."""
    return st.integers(min_year, max_year).flatmap(
        lambda first: st.tuples(
            st.just(first), st.integers(first, min(first + max_length - 1, max_year))
        )
    )


@functools.cache
def paris_offset_changes() -> tuple[datetime, ...]:
    """Every instant (UTC) where Paris changed its UTC offset, 1803–2101."""
    start = datetime(1803, 1, 1, tzinfo=UTC)
    days = (datetime(2102, 1, 1, tzinfo=UTC) - start).days
    return tuple(change.at for change in offset_changes(PARIS, start, days))


@st.composite
def paris_instants(draw: st.DrawFn, *, min_year: int = 1803, max_year: int = 2100) -> datetime:
    """Aware instants, in several zones, where the Paris day of an instant is easily got wrong.

    Anywhere in the years; in the late evening UTC (already tomorrow in Paris); around
    a Paris midnight, a month's end or 29 February; around a change of the Paris offset
    (DST, the end of Paris mean time in 1911, the war years).
    """
    day = draw(st.dates(date(min_year, 1, 1), date(max_year, 12, 31)))
    year = day.year
    near = draw(
        st.sampled_from(["anywhere", "evening", "midnight", "month end", "leap day", "change"])
    )
    if near == "anywhere":
        first, last = datetime(year, 1, 1), datetime(year, 12, 31, 23, 59)  # noqa: DTZ001
        return draw(st.datetimes(first, last, timezones=zones()))
    if near == "evening":  # 21:00–23:59 UTC: Paris is one or two hours ahead
        seconds = draw(st.integers(21 * 3600, 24 * 3600 - 1))
        moment = datetime.combine(day, time(0), tzinfo=UTC) + timedelta(seconds=seconds)
        return moment.astimezone(draw(zones()))
    if near == "month end":
        day = draw(month_ends(max(min_year, 1803), max_year))
    elif near == "leap day":
        leap = draw(st.integers(min_year, max_year).filter(calendar.isleap))
        day = date(leap, 2, 29) + timedelta(days=draw(st.integers(0, 1)))
    elif near == "change":
        changes = [at for at in paris_offset_changes() if min_year <= at.year <= max_year]
        return draw(instants_around(draw(st.sampled_from(changes)), hours=3))
    midnight = datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)
    return draw(instants_around(midnight, hours=3))


# The ends of Python's dates, and the days where the contract's periods reach them.
EXTREME_DAYS = (
    date.min, date(1, 1, 2), date(1, 6, 30), date(1, 7, 1), date(6, 12, 31), date(7, 1, 1),
    date(9993, 12, 31), date(9994, 1, 1), date(9999, 6, 30), date(9999, 7, 1),
    date(9999, 12, 30), date.max,
)  # fmt: skip
_EXTREME_WALL_CLOCKS = (
    datetime(1, 1, 1),  # noqa: DTZ001  # datetime.min
    datetime(1, 1, 1, 0, 59),  # noqa: DTZ001  # zones are attached below
    datetime(1, 1, 1, 23, 59),  # noqa: DTZ001
    datetime(9999, 12, 31, 0, 1),  # noqa: DTZ001
    datetime(9999, 12, 31, 22, 59),  # noqa: DTZ001
    datetime(9999, 12, 31, 23, 0),  # noqa: DTZ001
    datetime(9999, 12, 31, 23, 59, 59, 999999),  # noqa: DTZ001  # datetime.max
)
_EXTREME_ZONES = (
    *ZONES,
    timezone(timedelta(hours=1)),
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
)


def extreme_days() -> st.SearchStrategy[date]:
    """Days at the ends of Python's dates, where a computed date may leave them."""
    return st.sampled_from(EXTREME_DAYS)


@st.composite
def extreme_datetimes(draw: st.DrawFn) -> datetime:
    """Aware datetimes on the first and last days of Python's dates, in zones far from UTC.

    Some have no UTC time, or no Paris time (``9999-12-31T23:00+00:00`` is already
    10000 in Paris): the library must refuse them with its own error.
    """
    wall_clock = draw(st.sampled_from(_EXTREME_WALL_CLOCKS))
    return wall_clock.replace(tzinfo=draw(st.sampled_from(_EXTREME_ZONES)))


# --- every zone of the tz database, and where its offset changes


@functools.cache
def _database_zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def database_zones() -> st.SearchStrategy[ZoneInfo]:
    """Every zone of the installed tz database (``zoneinfo.available_timezones()``)."""
    # Deferred: the database is listed at the first draw, not when a test module imports.
    return st.deferred(lambda: st.sampled_from(_database_zone_names())).map(ZoneInfo)


class OffsetChange(NamedTuple):
    """Where a zone changes its UTC offset: a DST change, a new standard time, a skipped day."""

    zone: tzinfo
    at: datetime
    """The first instant of the new offset, in UTC."""
    before: timedelta
    after: timedelta

    @property
    def wall_clocks(self) -> tuple[datetime, datetime]:
        """The naive wall-clock times where the change starts and ends (a gap or a fold between)."""
        naive = self.at.replace(tzinfo=None)
        return naive + self.before, naive + self.after


def _offset(zone: tzinfo, moment: datetime) -> timedelta | None:
    return moment.astimezone(zone).utcoffset()


def offset_changes(zone: tzinfo, start: datetime, days: int) -> list[OffsetChange]:
    """The offset changes of ``zone`` in the ``days`` after ``start`` (aware), to the microsecond.

    Found through the zone's public behaviour: read day by day, then bisected. Two
    changes within one day would be missed (the tz database's closest are four days apart).
    """
    changes = []
    moment, offset = start, _offset(zone, start)
    for _ in range(days):
        following = moment + timedelta(days=1)
        new = _offset(zone, following)
        if new != offset:
            low, high = moment, following  # offset(low) == offset, offset(high) == new
            while high - low > timedelta(microseconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            assert offset is not None
            assert new is not None
            changes.append(OffsetChange(zone, high.astimezone(UTC), offset, new))
        moment, offset = following, new
    return changes


@st.composite
def zone_offset_changes(
    draw: st.DrawFn, *, min_year: int = 1850, max_year: int = 2100
) -> OffsetChange:
    """An offset change of a zone of the database, from the first year with one after a drawn year.

    A zone that keeps one offset for twenty years from there gives a no-change (``before ==
    after``) at the start of that year: a steady zone is a case too.
    """
    zone = draw(database_zones())
    year = draw(st.integers(min_year, max_year))
    start = datetime(year, 1, 1, tzinfo=UTC)
    for first in range(0, 20 * 366, 366):
        changes = offset_changes(zone, start + timedelta(days=first), 366)
        if changes:
            return draw(st.sampled_from(changes))
    offset = _offset(zone, start)
    assert offset is not None
    return OffsetChange(zone, start, offset, offset)


_NEAR = st.one_of(
    st.sampled_from([0, 1, -1, 1_000_000, -1_000_000]),  # at it, a microsecond or a second off
    st.integers(-2 * 3600, 2 * 3600).map(lambda seconds: seconds * 1_000_000),
    st.integers(-50 * 3600, 50 * 3600).map(lambda seconds: seconds * 1_000_000),
).map(lambda micros: timedelta(microseconds=micros))


@st.composite
def wall_clocks_near(draw: st.DrawFn, change: OffsetChange) -> datetime:
    """Datetimes of ``change.zone`` named by a wall clock near the change, either ``fold``.

    In its gap (wall clocks that name no instant) or its fold (that name two), at their
    edges, or up to 50 hours away: where comparing wall clocks and comparing instants
    may disagree.
    """
    edge = draw(st.sampled_from(change.wall_clocks))
    fold = draw(st.integers(0, 1))
    return (edge + draw(_NEAR)).replace(tzinfo=change.zone, fold=fold)


@st.composite
def instants_near_change(draw: st.DrawFn, change: OffsetChange) -> datetime:
    """Aware UTC instants near an offset change, or a change's gap and fold edges ± Δ."""
    gap = abs(change.after - change.before)
    shift = draw(st.sampled_from([timedelta(0), gap, -gap]))
    return change.at + shift + draw(_NEAR)


class BlipZone(tzinfo):
    """A tzinfo of one's own: ``base``, but ``blip`` for the wall clocks in ``[start, end)``.

    No zone of the tz database changes its offset for an hour or a minute; one written
    by hand may: nothing in the library may assume otherwise.
    """

    def __init__(self, base: timedelta, blip: timedelta, start: datetime, end: datetime) -> None:
        self.base, self.blip, self.start, self.end = base, blip, start, end

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self.base
        return self.blip if self.start <= dt.replace(tzinfo=None, fold=0) < self.end else self.base

    def dst(self, dt: datetime | None) -> timedelta:  # noqa: ARG002  # no DST of its own
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:  # noqa: ARG002  # one name
        return "BLIP"

    def __repr__(self) -> str:
        return f"BlipZone({self.base}, {self.blip}, {self.start}, {self.end})"


_OFFSETS = st.integers(-23 * 60, 23 * 60).map(lambda minutes: timedelta(minutes=minutes))


@st.composite
def blip_zones(draw: st.DrawFn, near: datetime) -> BlipZone:
    """A :class:`BlipZone` whose blip (a minute to two days long) starts within 50 hours of ``near``."""
    base, blip = draw(_OFFSETS), draw(_OFFSETS)
    start = near.astimezone(UTC).replace(tzinfo=None) + base + draw(_NEAR)
    length = timedelta(minutes=draw(st.integers(1, 48 * 60)))
    return BlipZone(base, blip, start, start + length)


def naive_datetimes() -> st.SearchStrategy[datetime]:
    """Datetimes without time zone: always refused."""
    return st.datetimes(min_value=datetime(1996, 1, 1), max_value=datetime(2054, 12, 31))  # noqa: DTZ001


def not_dates() -> st.SearchStrategy[Any]:
    """Things that are neither a date nor a datetime."""
    return st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=12),
        st.just("2026-11-23"),
        st.lists(st.integers(), max_size=2),
    )


# --- text


def any_texts(max_size: int = 20) -> st.SearchStrategy[str]:
    """Any text a JSON file can carry: lone surrogates and characters beyond U+FFFF included.

    ``st.text()`` leaves surrogates out (they cannot be encoded); valid JSON may still
    hold one (``"\\ud800"``), and what is read from it must still be written.
    """
    return st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=max_size)


# --- identifiers


def luhn_key(payload: str) -> str:
    """The digit that makes ``payload + digit`` pass Luhn."""
    total = 0
    for position, character in enumerate(reversed(payload)):
        digit = int(character)
        if position % 2 == 0:  # doubled once the key digit is appended
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


@st.composite
def siren_strings(draw: st.DrawFn, *, spaced: bool | None = None) -> str:
    """Valid SIRENs as text, plain or spaced ``130 005 481``."""
    payload = draw(st.text(string.digits, min_size=8, max_size=8).filter(lambda s: s != "0" * 8))
    digits = payload + luhn_key(payload)
    if spaced is None:
        spaced = draw(st.booleans())
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if spaced else digits


def sirens() -> st.SearchStrategy[Siren]:
    """Valid :class:`Siren` values."""
    return siren_strings().map(Siren)


def blank_sirens() -> st.SearchStrategy[str]:
    """The template's empty « Numéro de SIREN : », as written: blank texts."""
    return st.sampled_from(["", " ", "   ", "\u00a0", "\u202f", "\t"])


@st.composite
def invalid_siren_inputs(draw: st.DrawFn) -> object:
    """Inputs every one of which must raise InvalidSiren."""
    valid = draw(siren_strings(spaced=False))
    return draw(
        st.one_of(
            st.just("000000000"),
            st.text(string.digits, max_size=8),  # too short
            st.text(string.digits, min_size=10, max_size=14),  # too long
            st.builds(
                lambda i, c: valid[:i] + c + valid[i + 1 :],
                st.integers(0, 8),
                st.sampled_from("AZaz-_."),
            ),
            st.just(valid.replace("1", "١")) if "1" in valid else st.just(valid + "x"),
            st.integers(min_value=0, max_value=999_999_999),
            st.none(),
        )
    )


def department_codes() -> st.SearchStrategy[str]:
    """Every department code a Caf can have."""
    return st.sampled_from(sorted(DEPARTMENT_CODES))


def unknown_department_codes() -> st.SearchStrategy[object]:
    """Codes that are no department."""
    return st.one_of(
        st.sampled_from(["99", "2C", "20", "00", "96", "977", "970", "", "1", 82, None]).filter(
            lambda code: not (isinstance(code, str) and code.strip().upper() in DEPARTMENT_CODES)
        ),
        st.text(max_size=4).filter(lambda code: code.strip().upper() not in DEPARTMENT_CODES),
    )


_LABEL = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=12)


@st.composite
def emails(draw: st.DrawFn) -> str:
    """Well-formed e-mail addresses."""
    local = draw(st.lists(_LABEL, min_size=1, max_size=3).map(".".join))
    domain = draw(st.lists(_LABEL, min_size=1, max_size=3).map(".".join))
    tld = draw(st.sampled_from(["fr", "com", "org", "gouv.fr"]))
    return f"{local}@{domain}.{tld}"


def unfilled_emails() -> st.SearchStrategy[str]:
    """E-mails written as the template leaves them: blank or « Adresse mél » (not given)."""
    return st.sampled_from(["", " ", "\u00a0", "Adresse mél", "  ADRESSE   MÉL ", "Adresse Mél"])


def invalid_emails() -> st.SearchStrategy[object]:
    """Malformed e-mail addresses (and non-strings).

    ``None`` and :func:`unfilled_emails` are « not given », not malformed.
    """
    return st.one_of(
        st.sampled_from(
            [
                "Adresse mél jean@ccas.fr",
                "jean.dupont",
                "jean dupont@ccas.fr",
                "@ccas.fr",
                "jean@",
                "jean@ccas",
                "jean..dupont@ccas.fr",
                ".jean@ccas.fr",
                "jean@-ccas.fr",
                "jean@ccas.fr\n",
                "jéan@ccas.fr",
            ]
        ),
        st.integers(),
        st.just(b"jean@ccas.fr"),
    )


# --- parties

PEOPLE_NAMES = st.sampled_from(
    ["Camille Martin", "Léa Bernard", "Hugo Petit", "Chloé Durand", "Nadia Roux", "Yanis Morel"]
)
STRUCTURES = st.sampled_from(["CCAS de Lafrançaise", "Mairie de Castelnau", "Association Soleil"])


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_WRITTEN_OTHERWISE = (
    str.upper,
    str.lower,
    _without_accents,
    lambda text: f"  {'  '.join(text.split())} ",
    lambda text: unicodedata.normalize("NFD", text),
)


def placeholders() -> st.SearchStrategy[str]:
    """The template's placeholder texts, as written or otherwise.

    In capitals, without accents (« PRENOM NOM »), with more spaces, decomposed: all
    still designate nobody.
    """
    exact = st.sampled_from(sorted(TEMPLATE_PLACEHOLDERS))
    return st.one_of(
        exact,
        st.builds(lambda text, change: change(text), exact, st.sampled_from(_WRITTEN_OTHERWISE)),
    )


@st.composite
def cafs(draw: st.DrawFn, *, department: str | None = None) -> Caf:
    """A Caf, for any department."""
    code = department if department is not None else draw(department_codes())
    return Caf(
        department=code,
        name=f"Caf {code}",
        address=f"1 rue de la Caf, {code}000",
        service_centre_email=f"portail-partenaires@caf{code.lower()}.caf.fr",
    )


@st.composite
def partners(draw: st.DrawFn, *, complete: bool = True) -> Partner:
    """A partner; ``complete=False`` leaves some template placeholders."""
    if complete:
        return Partner(
            name=draw(STRUCTURES),
            address="2 place de la Mairie, 82000 Montauban",
            representative=draw(PEOPLE_NAMES),
            siren=draw(sirens()),
        )
    return Partner(
        name=draw(st.one_of(STRUCTURES, st.just("NOM STRUCTURE"))),
        address=draw(st.one_of(st.none(), st.just("2 place de la Mairie"))),
        representative=draw(st.one_of(st.none(), PEOPLE_NAMES)),
        siren=draw(st.one_of(st.none(), blank_sirens(), sirens())),
    )


@st.composite
def interlocutors(
    draw: st.DrawFn, *, role: InterlocutorRole | None = None, complete: bool = True
) -> Interlocutor:
    """An annexe 1 interlocutor; ``complete=False`` may leave ``Prénom NOM`` or no e-mail."""
    chosen = role or draw(
        st.sampled_from(
            [r for r in InterlocutorRole if r is not InterlocutorRole.CENTRE_DE_SERVICES]
        )
    )
    email: str | None
    if complete:
        name, email = draw(PEOPLE_NAMES), draw(emails())
    else:
        name = draw(st.one_of(PEOPLE_NAMES, st.just("Prénom NOM")))
        email = draw(st.one_of(st.none(), unfilled_emails(), emails()))
    return Interlocutor(role=chosen, name=name, email=email)


@st.composite
def actors(
    draw: st.DrawFn,
    *,
    side: Side | None = None,
    organisation: str | None = None,
    name: str | None = None,
) -> Actor:
    """Someone acting under a contract: a Caf's (any department), the Cnaf's or a partner's staff.

    ``organisation`` and ``name`` fix what they say; otherwise they are drawn (names
    or e-mail addresses, placeholders among them now and then).
    """
    chosen = side or draw(st.sampled_from(Side))
    if chosen is Side.CNAF:
        where = None
    elif organisation is not None:
        where = organisation
    elif chosen is Side.CAF:
        where = draw(department_codes())
    else:
        where = draw(siren_strings())
    who = name or draw(st.one_of(PEOPLE_NAMES, emails(), placeholders()))
    return Actor(side=chosen, organisation=where, name=who)


@st.composite
def subcontractors(draw: st.DrawFn, *, since: date | None = None) -> Subcontractor:
    """A sub-contractor of the partner, working for it since ``since`` (else drawn)."""
    return Subcontractor(
        name=draw(st.sampled_from(["Infogérance Sud", "Accueil Services", "Numérique 82"])),
        siren=draw(sirens()),
        since=since or draw(days(date(2015, 1, 1), date(2030, 12, 31))),
    )


REQUIRED_PARTNER_ROLES = (
    InterlocutorRole.DIRECTION,
    InterlocutorRole.ADMINISTRATEUR_PRINCIPAL,
    InterlocutorRole.ADMINISTRATEUR_DELEGUE,
)


@st.composite
def interlocutor_sets(draw: st.DrawFn, *, complete: bool = True) -> Interlocutors:
    """Annexe 1; complete means the three required partner roles, all filled in."""
    caf_side = (
        Interlocutor(role="direction", name="Direction de la Caf", email="direction@caf82.caf.fr"),
        Interlocutor(
            role="centre_de_services",
            name=draw(PEOPLE_NAMES),
            email="portail-partenaires@caf82.caf.fr",
        ),
    )
    partner_side = [
        draw(interlocutors(role=role, complete=complete)) for role in REQUIRED_PARTNER_ROLES
    ]
    # One person per other role: two responsables sécurité break Art. 5.1.
    partner_side += draw(
        st.lists(
            interlocutors(complete=complete).filter(lambda p: p.role not in REQUIRED_PARTNER_ROLES),
            max_size=2,
            unique_by=lambda person: person.role,
        )
    )
    return Interlocutors(caf=caf_side, partner=tuple(partner_side))


# --- bulletins

SCOPES = ("dossier", "paiements", "quotient_familial", "rsa", "logement", "adresse", "enfants")


@st.composite
def roles(draw: st.DrawFn, *, name: str | None = None) -> Role:
    """A role with one to four scopes."""
    return Role(
        name=name or draw(st.sampled_from(["consultation", "instruction", "gestion", "pilotage"])),
        scopes=draw(st.frozensets(st.sampled_from(SCOPES), min_size=1, max_size=4)),
        purpose=draw(
            st.sampled_from(["instruction des aides", "accompagnement social", "statistiques"])
        ),
    )


@st.composite
def bulletins(
    draw: st.DrawFn,
    *,
    service: str | None = None,
    signed: bool | None = None,
    with_quotas: bool = True,
) -> Bulletin:
    """A bulletin d'adhésion with 1–3 roles, quotas (service-wide and per role) and a depth."""
    service_name = service or draw(
        st.sampled_from(["CDAP", "AFAS", "TELEPROCEDURE", "CONSULTATION"])
    )
    names = draw(
        st.lists(
            st.sampled_from(["consultation", "instruction", "gestion"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    role_values = tuple(draw(roles(name=n)) for n in names)
    quotas: list[HabilitationQuota] = []
    if with_quotas:
        if draw(st.booleans()):
            quotas.append(HabilitationQuota(service=service_name, maximum=draw(st.integers(1, 8))))
        quotas.extend(
            HabilitationQuota(service=service_name, role=role_name, maximum=draw(st.integers(1, 5)))
            for role_name in draw(st.lists(st.sampled_from(names), unique=True))
        )
        if not quotas:
            quotas.append(HabilitationQuota(service=service_name, maximum=draw(st.integers(1, 8))))
    is_signed = draw(st.booleans()) if signed is None else signed
    return Bulletin(
        service=service_name,
        roles=role_values,
        quotas=tuple(quotas),
        delegation_depth=draw(st.integers(1, 4)),
        signed_on=draw(days(date(2015, 1, 1), date(2030, 12, 31))) if is_signed else None,
    )


# --- contracts


@st.composite
def avenants(draw: st.DrawFn, *, after: date, signed: bool = True) -> Avenant:
    """An avenant taking effect on or after ``after``; ``signed=False`` lacks a signature."""
    caf_day = after + timedelta(days=draw(st.integers(0, 400)))
    partner_day = after + timedelta(days=draw(st.integers(0, 400)))
    if not signed:
        missing = draw(st.sampled_from(["caf", "partner", "both"]))
        return Avenant(
            title=f"Avenant {draw(st.integers(1, 99))}",
            caf_signed_on=None if missing in {"caf", "both"} else caf_day,
            partner_signed_on=None if missing in {"partner", "both"} else partner_day,
        )
    return Avenant(
        title=f"Avenant {draw(st.integers(1, 99))}",
        caf_signed_on=caf_day,
        partner_signed_on=partner_day,
    )


@st.composite
def contracts(draw: st.DrawFn, *, complete: bool = True, max_avenants: int = 2) -> Contract:
    """A contract; complete ones pass :func:`check_contract`, others may hold placeholders."""
    convention = draw(days(date(2012, 1, 1), date(2024, 12, 31)))
    signed = convention + timedelta(days=draw(st.integers(0, 700)))
    services = draw(
        st.lists(
            st.sampled_from(["CDAP", "AFAS", "TELEPROCEDURE"]), min_size=1, max_size=3, unique=True
        )
    )
    history: list[Avenant] = []
    previous = signed
    for _ in range(draw(st.integers(0, max_avenants))):
        avenant = draw(avenants(after=previous))
        assert avenant.effective_on is not None
        previous = avenant.effective_on
        history.append(avenant)
    partner = draw(partners(complete=complete))
    hired = draw(st.lists(subcontractors(), max_size=2, unique_by=lambda s: s.siren))
    return Contract(
        caf=draw(cafs()),
        partner=partner,
        subcontractors=tuple(s for s in hired if s.siren != partner.siren),
        informatique_libertes_completed_on=(
            convention if complete or draw(st.booleans()) else None
        ),
        convention_signed_on=convention if complete or draw(st.booleans()) else None,
        signed_on=signed,
        template_version=date(2024, 1, 19) if signed >= date(2024, 1, 19) else None,
        partner_signatory=draw(PEOPLE_NAMES)
        if complete
        else draw(st.one_of(st.none(), placeholders(), PEOPLE_NAMES)),
        interlocutors=draw(interlocutor_sets(complete=complete)),
        bulletins=tuple(draw(bulletins(service=s)) for s in services),
        avenants=tuple(history),
    )


@st.composite
def contract_parts(draw: st.DrawFn) -> ContractParts:
    """Parts an avenant replaced: any of them, or none."""
    return ContractParts(
        caf=draw(st.none() | cafs()),
        partner=draw(st.none() | partners()),
        interlocutors=draw(st.none() | interlocutor_sets()),
        bulletins=draw(st.none() | st.lists(bulletins(), max_size=2, unique_by=_service)),
        subcontractors=draw(
            st.none() | st.lists(subcontractors(), max_size=2, unique_by=lambda s: s.siren)
        ),
    )


def _service(bulletin: Bulletin) -> str:
    return bulletin.service


@st.composite
def browser_policies(draw: st.DrawFn) -> BrowserPolicy:
    """Minimum versions for one to three browsers (names as users write them)."""
    names = draw(
        st.lists(
            st.sampled_from(["firefox", "chrome", "edge", "safari"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    versions = st.lists(st.integers(0, 200), min_size=1, max_size=3).map(
        lambda parts: ".".join(map(str, parts))
    )
    return BrowserPolicy({name: draw(versions) for name in names})


# --- decisions


@st.composite
def precise_office_hours(draw: st.DrawFn) -> OfficeHours:
    """Office hours with any times of day, to the microsecond, days by number or by name."""
    week: dict[int | str, list[tuple[time | str, time | str]]] = {}
    for day in draw(st.lists(st.integers(0, 6), unique=True, max_size=7)):
        edges = sorted(draw(st.lists(st.times(), min_size=2, max_size=6, unique=True)))
        intervals: list[tuple[time | str, time | str]] = list(
            zip(edges[::2], edges[1::2], strict=False)
        )
        week[draw(st.sampled_from([day, WEEKDAYS[day]]))] = intervals
    return OfficeHours(week)


_SERVICES = ("CDAP", "AFAS", "TELEPROCEDURE")
_ROLES = ("consultation", "instruction", "gestion")


@st.composite
def remedies(draw: st.DrawFn, *, kind: RemedyKind | None = None) -> Remedy:
    """A remedy of any kind (or of ``kind``), its fields drawn as that kind takes them."""
    chosen = kind or draw(st.sampled_from(RemedyKind))
    service = draw(st.sampled_from(_SERVICES))
    if chosen is RemedyKind.WAIT:
        return Remedy.wait(draw(aware_datetimes()))
    if chosen is RemedyKind.QUOTA:
        return Remedy.within_quota(
            service=service,
            role=draw(st.none() | st.sampled_from(_ROLES)),
            quota=draw(st.integers(1, 20)),
            remove=draw(st.none() | st.integers(1, 10)),
        )
    if chosen is RemedyKind.SIGN:
        document = draw(st.sampled_from(SignedDocument))
        return Remedy.sign(
            document,
            sign_by=draw(days()),
            service=service if document is SignedDocument.BULLETIN else None,
        )
    return Remedy.remove_scope(
        draw(st.sampled_from(SCOPES)),
        service=service,
        role=draw(st.sampled_from(_ROLES)),
        instead=sorted(draw(st.frozensets(st.sampled_from(SCOPES), max_size=3))),
    )


@st.composite
def reasons(draw: st.DrawFn, *, remedy: bool | None = None) -> Reason:
    """A reason citing any article of the catalogue; with a remedy, or not, or either."""
    with_remedy = draw(st.booleans()) if remedy is None else remedy
    return Reason(
        draw(st.sampled_from(Article)),
        draw(st.sampled_from(["délai non écoulé", "quota atteint", "demande complète"])),
        remedy=draw(remedies()) if with_remedy else None,
    )


@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    """An allowance or a denial, with one to four reasons."""
    return Decision(
        allowed=draw(st.booleans()), reasons=draw(st.lists(reasons(), min_size=1, max_size=4))
    )


# --- calendars


@st.composite
def calendars(draw: st.DrawFn, *, kind: DayKind | None = None) -> WorkingCalendar:
    """Calendars of several departments (metropolitan, Alsace-Moselle, overseas), options drawn."""
    department = draw(
        st.sampled_from(
            [None, "75", "82", "2A", "2B", "57", "67", "68", *(str(n) for n in range(971, 977))]
        )
    )
    return WorkingCalendar(
        department,
        pentecost_monday_worked=draw(st.booleans()),
        kind=kind or draw(st.sampled_from(DayKind)),
        extra_closures=draw(st.frozensets(days(date(2020, 1, 1), date(2030, 12, 31)), max_size=3)),
    )


# --- deadlines (issue 18, point 1)


@st.composite
def reminder_parameters(draw: st.DrawFn, *, max_delay: int = 20) -> ParameterSet | None:
    """``None`` (those in force), or the current parameters with a reminder delay of 1 or more."""
    if draw(st.booleans()):
        return None
    delay = draw(st.integers(1, max_delay))
    in_force = current()
    return attrs.evolve(
        in_force,
        reminder_delay=attrs.evolve(
            in_force.reminder_delay, value=delay, wording=f"{delay} jours ouvrés"
        ),
    )


def starts() -> st.SearchStrategy[date | datetime]:
    """Where a deadline runs from: a Paris day, or an aware instant in any zone."""
    return st.one_of(
        days(date(2000, 1, 1), date(2050, 12, 31)),
        aware_datetimes(datetime(2000, 1, 2), datetime(2050, 12, 30)),  # noqa: DTZ001  # bounds
    )


@st.composite
def deadlines(draw: st.DrawFn, *, kind: DeadlineKind | None = None) -> Deadline:
    """An explanation of each kind, drawn through its ``explain_*`` function."""
    chosen = kind or draw(st.sampled_from(DeadlineKind))
    start = draw(starts())
    if chosen is DeadlineKind.REMINDER:
        calendar = draw(st.none() | calendars())
        return explain_reminder(start, calendar, parameters=draw(reminder_parameters()))
    if chosen is DeadlineKind.WORKING_DAYS:
        return explain_add_working_days(start, draw(st.integers(1, 30)), draw(calendars()))
    if chosen is DeadlineKind.TRACE_PURGE:
        return explain_trace_purge_date(start)
    return explain_habilitation_purge_date(start)


def deadline_days() -> st.SearchStrategy[DeadlineDay]:
    """A day of a count of working days, counted or skipped."""
    counting = st.sampled_from([DeadlineKind.REMINDER, DeadlineKind.WORKING_DAYS])
    return counting.flatmap(lambda kind: deadlines(kind=kind)).flatmap(
        lambda deadline: st.sampled_from(deadline.days)
    )


@st.composite
def decision_records(draw: st.DrawFn) -> DecisionRecord:
    """A record of any decision, its optional fields drawn."""
    now = draw(st.none() | aware_datetimes())
    return DecisionRecord(
        rule=draw(st.sampled_from(["check_contract", "may_remind", "may_purge_trace"])),
        subject=draw(st.none() | any_texts().filter(str.strip)),
        decision=(decision := draw(decisions())),
        articles=decision.articles,
        inputs_digest=inputs_digest({"n": draw(st.integers())}),
        now=now,
        as_of=draw(st.none() | days()),
        library_version=draw(st.sampled_from(["0.1.0.dev0", "1.2.3"])),
        template_version=draw(st.none() | st.just(date(2024, 1, 19))),
        holidays_version=draw(st.sampled_from(["0.102", "0.109"])),
        parameters=current(),
    )
