from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import caf_contract
from caf_contract import (
    Article,
    Avenant,
    ChronologyError,
    Contract,
    Decision,
    Interlocutor,
    InterlocutorRole,
    InvalidValueError,
    NaiveDatetimeError,
    Reason,
    WorkingCalendar,
    amend,
)
from caf_contract._time import PARIS
from caf_contract.availability import (
    MaintenanceWindow,
    OfficeHours,
    Schedule,
    StopKind,
    check_announcement,
    check_availability,
    check_caf_on_duty,
    is_available,
)
from caf_contract.errors import OverlappingWindowsError
from caf_contract.examples import tarn_et_garonne_template
from caf_contract.parties import is_placeholder
from caf_contract.remedy import Remedy
from tests import strategies as cst
from tests.expect import paris
from tests.strategies import incidents as ist

PUBLIC_NAMES = {name: getattr(caf_contract, name) for name in caf_contract.__all__}


def allowed(message: str) -> Decision:
    return Decision.allow(Reason(Article.ART_4, message))


def denied(message: str, *, back: datetime | None = None) -> Decision:
    """A denial of Art. 4; ``back``: when the service is back, the instant to wait for."""
    remedy = None if back is None else Remedy.wait(back)
    return Decision.deny(Reason(Article.ART_4, message, remedy=remedy))


def users(message: str) -> Reason:
    return Reason(Article.ART_3_1, message)


def partner(message: str) -> Reason:
    return Reason(Article.ART_4, message)


def error_of(call: Callable[[], object]) -> InvalidValueError:
    """The error ``call`` raises, its structured fields checked against its message."""
    with pytest.raises(InvalidValueError) as info:
        call()
    error = info.value
    assert f"{error.field} : {error.problem} (" in str(error)
    assert str(error).endswith(f" ; attendu : {error.expected}.")
    return error


# Annexe 1 of an invented partner: a direction and an administrateur principal, and
# (in NAMED) a responsable services the contract names.
DIRECTION = Interlocutor(role="direction", name="Camille Martin", email="direction@ccas-exemple.fr")
ADMIN = Interlocutor(
    role="administrateur principal", name="Léa Bernard", email="lbernard@ccas-exemple.fr"
)
RESPONSABLE = Interlocutor(
    role="responsable services", name="Hugo Petit", email="hpetit@ccas-exemple.fr"
)
TEMPLATE = tarn_et_garonne_template()


def with_partner(*people: Interlocutor, contract: Contract = TEMPLATE) -> Contract:
    """``contract`` whose annexe 1 lists ``people`` on the partner's side."""
    return attrs.evolve(
        contract, interlocutors=attrs.evolve(contract.interlocutors, partner=people)
    )


CONTRACT = with_partner(DIRECTION, ADMIN)
NAMED = with_partner(DIRECTION, ADMIN, RESPONSABLE)

UPGRADE = MaintenanceWindow(
    start=paris(2026, 12, 5, 8),
    end=paris(2026, 12, 5, 12),
    known_at=paris(2026, 11, 20, 15),
    announced_at=paris(2026, 11, 20, 15),
    announced_to="direction@ccas-exemple.fr",
    users_informed_at=paris(2026, 11, 23, 9),
    description="montée de version",
)
NATIONAL = MaintenanceWindow(
    start=paris(2026, 12, 12, 20), end=paris(2026, 12, 13, 6), kind=StopKind.NATIONAL_MAINTENANCE
)
LATE = MaintenanceWindow(
    start=UPGRADE.start,
    end=UPGRADE.end,
    known_at=paris(2026, 11, 20, 15),
    announced_at=paris(2026, 11, 24, 9),
    announced_to="Camille Martin",
    users_informed_at=paris(2026, 11, 24, 9),
)
NAIVE = datetime(2026, 12, 5, 9)  # noqa: DTZ001

# --- availability

AVAILABLE = allowed("service disponible (24 heures sur 24, 7 jours sur 7, hors arrêts)")


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (paris(2026, 12, 5, 7, 59), AVAILABLE),
        (
            paris(2026, 12, 5, 8, 0),
            denied(
                "service arrêté : arrêt planifié par la Caf du 05/12/2026 à 08:00 au 05/12/2026 à 12:00 (montée de version)",
                back=UPGRADE.end,
            ),
        ),
        (paris(2026, 12, 5, 11, 59), denied(f"service arrêté : {UPGRADE}", back=UPGRADE.end)),
        (paris(2026, 12, 5, 12, 0), AVAILABLE),
        (
            paris(2026, 12, 13, 3, 0),
            denied(
                "service arrêté : maintenance nationale du 12/12/2026 à 20:00 au 13/12/2026 à 06:00",
                back=paris(2026, 12, 13, 6),
            ),
        ),
        (
            datetime(2026, 12, 5, 7, 30, tzinfo=UTC),
            denied(f"service arrêté : {UPGRADE}", back=UPGRADE.end),
        ),
        (paris(2026, 12, 25, 3, 0), AVAILABLE),  # 24/7, Christmas night included
    ],
)
def test_available_24_7_except_inside_stops(at: datetime, expected: Decision) -> None:
    """« "Mon Compte Partenaire" est disponible 24 heures / 24 et 7 jours sur 7 (hors
    opérations de maintenance nationale) » (Art. 4), and the Caf « peut planifier des
    opérations diverses qui peuvent entraîner un arrêt de service ».
    """
    assert check_availability(at, [NATIONAL, UPGRADE]) == expected
    assert check_availability(at, Schedule([UPGRADE, NATIONAL])) == expected


@pytest.mark.parametrize(
    ("window", "text"),
    [
        (
            UPGRADE,
            "arrêt planifié par la Caf du 05/12/2026 à 08:00 au 05/12/2026 à 12:00 (montée de version)",
        ),
        (NATIONAL, "maintenance nationale du 12/12/2026 à 20:00 au 13/12/2026 à 06:00"),
        (
            MaintenanceWindow(
                start=datetime(2026, 7, 1, 6, 0, tzinfo=UTC),
                end=datetime(2026, 7, 1, 6, 30, tzinfo=UTC),
                description="  ",
            ),
            "arrêt planifié par la Caf du 01/07/2026 à 08:00 au 01/07/2026 à 08:30",
        ),
    ],
)
def test_a_window_reads_in_paris_time(window: MaintenanceWindow, text: str) -> None:
    assert str(window) == text


@given(ist.window_lists(), cst.aware_datetimes())
def test_availability_is_false_exactly_inside_the_windows(
    windows: list[MaintenanceWindow], at: datetime
) -> None:
    """« disponible 24 heures / 24 et 7 jours sur 7 (hors opérations de maintenance
    nationale) » (Art. 4): unavailable exactly inside the stops.
    """
    schedule = Schedule(windows)
    inside = any(window.start <= at < window.end for window in windows)
    assert bool(check_availability(at, schedule)) is not inside
    assert bool(check_availability(at, windows)) is not inside


@given(ist.window_lists(max_size=4), st.data())
def test_the_edges_of_each_window(windows: list[MaintenanceWindow], data: st.DataObject) -> None:
    """« disponible 24 heures / 24 et 7 jours sur 7 (hors opérations de maintenance
    nationale) » (Art. 4): a stop [start, end) holds its start, not its end.
    """
    schedule = Schedule(windows)
    for window in windows:
        assert not check_availability(window.start, schedule)
        assert not check_availability(window.end - timedelta(microseconds=1), schedule)
        touching = any(other.start == window.end for other in windows)
        assert bool(check_availability(window.end, schedule)) is not touching
    assert schedule.windows == tuple(sorted(windows, key=lambda w: w.start))
    del data


OVERLAPPING = MaintenanceWindow(start=paris(2026, 12, 5, 11), end=paris(2026, 12, 5, 14))


@pytest.mark.parametrize(
    ("windows", "field"),
    [
        ([OVERLAPPING, UPGRADE], "Schedule.windows[0]"),
        ([UPGRADE, OVERLAPPING], "Schedule.windows[1]"),
        ([NATIONAL, UPGRADE, OVERLAPPING], "Schedule.windows[2]"),
    ],
)
def test_overlapping_windows_are_refused_naming_the_later(
    windows: list[MaintenanceWindow], field: str
) -> None:
    with pytest.raises(OverlappingWindowsError) as info:
        Schedule(windows)
    assert (info.value.first, info.value.second, info.value.field) == (UPGRADE, OVERLAPPING, field)
    assert str(info.value) == (
        "Art. 4 — les arrêts « arrêt planifié par la Caf du 05/12/2026 à 08:00 au 05/12/2026 à 12:00 "
        "(montée de version) » et « arrêt planifié par la Caf du 05/12/2026 à 11:00 au 05/12/2026 "
        "à 14:00 » se chevauchent ; attendu : des fenêtres disjointes (une fin peut toucher le début "
        "suivant)."
    )


def test_touching_windows_do_not_overlap() -> None:
    touching = MaintenanceWindow(start=paris(2026, 12, 5, 12), end=paris(2026, 12, 5, 13))
    assert Schedule([touching, UPGRADE]).windows == (UPGRADE, touching)


@pytest.mark.parametrize(
    ("end", "shown"),
    [
        (paris(2026, 12, 5, 8), "2026-12-05 08:00+01:00"),
        (paris(2026, 12, 5, 12), "2026-12-05 12:00+01:00"),
    ],
)
def test_a_window_ends_strictly_after_it_starts(end: datetime, shown: str) -> None:
    start = paris(2026, 12, 5, 12)
    with pytest.raises(ChronologyError) as info:
        MaintenanceWindow(start=start, end=end)
    error = info.value
    assert (error.field, error.earlier, error.later, error.strictly) == (
        "MaintenanceWindow.end",
        start,
        end,
        True,
    )
    assert str(error) == (
        f"Art. 4 — MaintenanceWindow.end ({shown}) ne suit pas le début de "
        "l'arrêt (MaintenanceWindow.start) (2026-12-05 12:00+01:00) ; attendu : une date "
        "postérieure au 2026-12-05 12:00+01:00."
    )


KNOWN = "la connaissance de l'arrêt (MaintenanceWindow.known_at)"


@pytest.mark.parametrize(
    ("change", "field", "article", "message"),
    [
        pytest.param(
            {"announced_at": paris(2026, 11, 1)},
            "MaintenanceWindow.announced_at",
            Article.ART_4,
            (
                "Art. 4 — MaintenanceWindow.announced_at (2026-11-01 00:00+01:00) précède la "
                "connaissance de l'arrêt (MaintenanceWindow.known_at) (2026-11-20 15:00+01:00) "
                "; attendu : une date égale ou postérieure au 2026-11-20 15:00+01:00."
            ),
            id="announced before it was known",
        ),
        pytest.param(
            {"users_informed_at": paris(2026, 11, 20, 14, 59)},
            "MaintenanceWindow.users_informed_at",
            Article.ART_3_1,
            (
                "Art. 3.1 — MaintenanceWindow.users_informed_at (2026-11-20 14:59+01:00) "
                "précède la connaissance de l'arrêt (MaintenanceWindow.known_at) "
                "(2026-11-20 15:00+01:00) ; attendu : une date égale ou postérieure au "
                "2026-11-20 15:00+01:00."
            ),
            id="users told before it was known",
        ),
        pytest.param(
            {"known_at": paris(2026, 11, 30)},
            "MaintenanceWindow.announced_at",
            Article.ART_4,
            (
                "Art. 4 — MaintenanceWindow.announced_at (2026-11-20 15:00+01:00) précède la "
                "connaissance de l'arrêt (MaintenanceWindow.known_at) (2026-11-30 00:00+01:00) "
                "; attendu : une date égale ou postérieure au 2026-11-30 00:00+01:00."
            ),
            id="known later than the announcement already made",
        ),
    ],
)
def test_nothing_is_announced_before_it_is_known(
    change: dict[str, Any], field: str, article: Article, message: str
) -> None:
    """Art. 4 « le Centre de services Caf informera le responsable services du partenaire
    de tout arrêt des services dès connaissance de l'information », Art. 3.1 « Prévenir
    les utilisateurs de tout arrêt programmé »: one cannot announce what one does not
    know yet; an announcement (to the partner or to the users) dated before ``known_at``
    is refused, naming the field, not read as made « dès sa connaissance ».
    """
    with pytest.raises(ChronologyError) as info:
        attrs.evolve(UPGRADE, **change)
    error = info.value
    assert (error.field, error.earlier_field, error.article, error.strictly) == (
        field,
        KNOWN,
        article,
        False,
    )
    assert str(error) == message


def test_an_announcement_may_be_made_the_instant_the_stop_is_known() -> None:
    """Art. 4 « dès connaissance de l'information »: at that very instant, or without a
    date of knowledge (national maintenance), no order is imposed."""
    known = paris(2026, 11, 20, 15)
    window = attrs.evolve(UPGRADE, announced_at=known, users_informed_at=known)
    assert (window.announced_at, window.users_informed_at) == (known, known)
    national = attrs.evolve(NATIONAL, users_informed_at=paris(2026, 11, 1))
    assert national.known_at is None


def test_a_window_holds_its_start_and_not_its_end() -> None:
    assert UPGRADE.contains(UPGRADE.start)
    assert UPGRADE.contains(UPGRADE.end - timedelta(microseconds=1))
    assert not UPGRADE.contains(UPGRADE.end)
    assert not UPGRADE.contains(UPGRADE.start - timedelta(microseconds=1))


# --- announcement (Art. 3.1 and 4)

TO_DIRECTION = (
    "à Camille Martin <direction@ccas-exemple.fr> (direction du partenaire, faute de "
    "responsable services nommé au contrat)"
)
TO_RESPONSABLE = "à Hugo Petit <hpetit@ccas-exemple.fr> (responsable services du partenaire)"
ON_TIME = partner(f"arrêt annoncé le 20/11/2026 à 15:00 {TO_DIRECTION}, dès sa connaissance")
PENDING = partner(
    "arrêt connu depuis le 20/11/2026 à 15:00 et toujours pas annoncé ; attendu : une annonce "
    f"dès connaissance de l'information {TO_DIRECTION}"
)
LATE_BY_DAYS = partner(
    "arrêt connu le 20/11/2026 à 15:00 mais annoncé le 24/11/2026 à 09:00 seulement ; attendu : "
    "dès connaissance de l'information"
)
USERS_TO_TELL = users(
    "utilisateurs pas encore prévenus : à faire avant le début de l'arrêt, le 05/12/2026 à 08:00"
)
USERS_TOLD = users(
    "utilisateurs prévenus le 23/11/2026 à 09:00, avant le début de l'arrêt le 05/12/2026 à 08:00"
)
USERS_NEVER_TOLD = users(
    "arrêt commencé le 05/12/2026 à 08:00 sans que les utilisateurs en aient été prévenus ; "
    "attendu : les prévenir de tout arrêt programmé, avant son début"
)
NOT_THE_CAFS = partner(
    "maintenance nationale : l'annonce au responsable services du partenaire vise les arrêts "
    "planifiés par la Caf"
)


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        pytest.param(
            UPGRADE,
            paris(2026, 11, 20, 15),
            Decision.allow(USERS_TO_TELL, ON_TIME),
            id="announced the instant it was known, asked at that instant",
        ),
        pytest.param(
            UPGRADE,
            paris(2026, 12, 1),
            Decision.allow(USERS_TOLD, ON_TIME),
            id="announced the instant it was known, users told since",
        ),
        pytest.param(
            UPGRADE,
            paris(2026, 12, 5, 10),
            Decision.allow(USERS_TOLD, ON_TIME),
            id="during the stop",
        ),
        pytest.param(
            LATE,
            paris(2026, 11, 20, 14, 59),
            Decision.allow(
                USERS_TO_TELL, partner("arrêt pas encore connu de la Caf le 20/11/2026 à 14:59")
            ),
            id="not known yet: nothing due",
        ),
        pytest.param(LATE, paris(2026, 11, 20, 15), Decision.deny(PENDING), id="due once known"),
        pytest.param(LATE, paris(2026, 11, 24, 8, 59), Decision.deny(PENDING), id="still pending"),
        pytest.param(
            LATE,
            paris(2026, 11, 24, 9),
            Decision.deny(LATE_BY_DAYS),
            id="announced late, asked at that instant",
        ),
        pytest.param(
            attrs.evolve(LATE, announced_at=paris(2026, 11, 20, 15) + timedelta(seconds=1)),
            paris(2026, 11, 25),
            Decision.deny(
                partner(
                    "arrêt connu le 20/11/2026 à 15:00:00 mais annoncé le 20/11/2026 à 15:00:01 "
                    "seulement ; attendu : dès connaissance de l'information"
                )
            ),
            id="late by a second: the seconds are shown",
        ),
        pytest.param(
            attrs.evolve(LATE, announced_at=None, announced_to=None, users_informed_at=None),
            paris(2026, 12, 5, 8),
            Decision.deny(USERS_NEVER_TOLD, PENDING),
            id="never announced, to anyone: every failed duty listed",
        ),
    ],
)
def test_the_announcement_rule_over_time(
    window: MaintenanceWindow, now: datetime, expected: Decision
) -> None:
    """Art. 4 « Pour tout arrêt des services planifiés par la Caf, le Centre de services Caf
    informera le responsable services du partenaire de tout arrêt des services dès
    connaissance de l'information »."""
    assert check_announcement(window, now=now, contract=CONTRACT) == expected


NATIONAL_TO_TELL = users(
    "utilisateurs pas encore prévenus : à faire avant le début de l'arrêt, le 12/12/2026 à 20:00"
)
USERS_TOLD_TOO_LATE = (
    "seulement, pas avant le début de l'arrêt le {} ; attendu : les prévenir de tout arrêt "
    "programmé, avant son début"
)


@pytest.mark.parametrize(
    ("window", "now", "expected"),
    [
        pytest.param(
            NATIONAL,
            paris(2026, 12, 12, 19, 59),
            Decision.allow(NATIONAL_TO_TELL, NOT_THE_CAFS),
            id="not started: nothing due yet",
        ),
        pytest.param(
            NATIONAL,
            paris(2026, 12, 12, 20),
            Decision.deny(
                users(
                    "arrêt commencé le 12/12/2026 à 20:00 sans que les utilisateurs en aient été "
                    "prévenus ; attendu : les prévenir de tout arrêt programmé, avant son début"
                )
            ),
            id="national maintenance started, users never told",
        ),
        pytest.param(
            attrs.evolve(NATIONAL, users_informed_at=paris(2026, 12, 10, 14)),
            paris(2026, 12, 13),
            Decision.allow(
                users(
                    "utilisateurs prévenus le 10/12/2026 à 14:00, avant le début de l'arrêt le "
                    "12/12/2026 à 20:00"
                ),
                NOT_THE_CAFS,
            ),
            id="national maintenance, users told before",
        ),
        pytest.param(
            attrs.evolve(NATIONAL, users_informed_at=paris(2026, 12, 13)),
            paris(2026, 12, 12, 23),
            Decision.deny(
                users(
                    "arrêt commencé le 12/12/2026 à 20:00 sans que les utilisateurs en aient été "
                    "prévenus ; attendu : les prévenir de tout arrêt programmé, avant son début"
                )
            ),
            id="users told later than now: not told yet",
        ),
        pytest.param(
            attrs.evolve(NATIONAL, users_informed_at=paris(2026, 12, 12, 20)),
            paris(2026, 12, 12, 20),
            Decision.deny(
                users(
                    "utilisateurs prévenus le 12/12/2026 à 20:00 "
                    + USERS_TOLD_TOO_LATE.format("12/12/2026 à 20:00")
                )
            ),
            id="users told as it starts: not before",
        ),
        pytest.param(
            attrs.evolve(NATIONAL, users_informed_at=paris(2026, 12, 12, 21)),
            paris(2026, 12, 13),
            Decision.deny(
                users(
                    "utilisateurs prévenus le 12/12/2026 à 21:00 "
                    + USERS_TOLD_TOO_LATE.format("12/12/2026 à 20:00")
                )
            ),
            id="users told after it started",
        ),
        pytest.param(
            attrs.evolve(
                NATIONAL, users_informed_at=paris(2026, 12, 12, 20) + timedelta(seconds=5)
            ),
            paris(2026, 12, 13),
            Decision.deny(
                users(
                    "utilisateurs prévenus le 12/12/2026 à 20:00:05 "
                    + USERS_TOLD_TOO_LATE.format("12/12/2026 à 20:00:00")
                )
            ),
            id="users told 5 seconds late: the seconds are shown",
        ),
        pytest.param(
            attrs.evolve(
                NATIONAL,
                start=paris(2026, 12, 12, 20) + timedelta(seconds=30),
                users_informed_at=paris(2026, 12, 12, 20) + timedelta(seconds=10),
            ),
            paris(2026, 12, 13),
            Decision.allow(
                users(
                    "utilisateurs prévenus le 12/12/2026 à 20:00:10, avant le début de l'arrêt le "
                    "12/12/2026 à 20:00:30"
                ),
                NOT_THE_CAFS,
            ),
            id="users told 20 seconds before: the seconds are shown",
        ),
        pytest.param(
            attrs.evolve(UPGRADE, users_informed_at=None),
            paris(2026, 12, 5, 8),
            Decision.deny(USERS_NEVER_TOLD),
            id="a stop the Caf planned, users never told",
        ),
    ],
)
def test_users_are_told_of_every_programmed_stop_before_it_starts(
    window: MaintenanceWindow, now: datetime, expected: Decision
) -> None:
    """Art. 3.1 « Prévenir les utilisateurs de tout arrêt programmé »: national maintenance
    as well as a stop the Caf planned, before it starts."""
    assert check_announcement(window, now=now, contract=CONTRACT) == expected


def announced(to: str | None) -> MaintenanceWindow:
    """UPGRADE, announced on time to ``to``."""
    return attrs.evolve(UPGRADE, announced_to=to)


def nobody_named(whom: str) -> str:
    return f"{whom}, dont le contrat ne donne encore ni le nom ni l'adresse mél"


NOBODY_DIRECTION = nobody_named(
    "à la direction du partenaire (faute de responsable services nommé au contrat)"
)
TEMPLATE_LINE = Interlocutor(role="responsable services", name="Prénom NOM", email="Adresse mél")
"""A responsable services line left as the template: it names nobody."""


def kept(reason: Reason) -> Decision:
    """Announced as Art. 4 wants, on 21/11/2026: the users are still to be told."""
    return Decision.allow(USERS_TO_TELL, reason)


def refused(message: str) -> Decision:
    return Decision.deny(partner(message))


NOT_HIM = "qui ne désigne pas le responsable services du partenaire"
PLACEHOLDER = "texte du modèle qui ne désigne personne"


@pytest.mark.parametrize(
    ("window", "contract", "expected"),
    [
        pytest.param(announced("direction@ccas-exemple.fr"), CONTRACT, kept(ON_TIME), id="direction by e-mail"),
        pytest.param(announced(" DIRECTION@ccas-exemple.fr "), CONTRACT, kept(ON_TIME), id="e-mail, case ignored"),
        pytest.param(announced("Camille  Martin"), CONTRACT, kept(ON_TIME), id="direction by name"),
        pytest.param(
            announced("Léa  Bernard"),
            CONTRACT,
            refused(f"arrêt annoncé à « Léa Bernard », {NOT_HIM} ; attendu : une annonce {TO_DIRECTION}"),
            id="another interlocutor of annexe 1",
        ),
        pytest.param(
            announced("hpetit@ccas-exemple.fr"),
            CONTRACT,
            refused(f"arrêt annoncé à « hpetit@ccas-exemple.fr », {NOT_HIM} ; attendu : une annonce {TO_DIRECTION}"),
            id="someone the contract does not name",
        ),
        pytest.param(
            announced("Prénom NOM"),
            CONTRACT,
            refused(f"arrêt annoncé à « Prénom NOM », {PLACEHOLDER} ; attendu : une annonce {TO_DIRECTION}"),
            id="a placeholder",
        ),
        pytest.param(
            announced("Adresse mél"),
            CONTRACT,
            refused(f"arrêt annoncé à « Adresse mél », {PLACEHOLDER} ; attendu : une annonce {TO_DIRECTION}"),
            id="an e-mail left as the template",
        ),
        pytest.param(
            announced(None),
            CONTRACT,
            refused(f"arrêt annoncé le 20/11/2026 à 15:00 sans destinataire indiqué ; attendu : une annonce {TO_DIRECTION}"),
            id="no recipient written",
        ),
        pytest.param(
            announced("hpetit@ccas-exemple.fr"),
            NAMED,
            kept(partner(f"arrêt annoncé le 20/11/2026 à 15:00 {TO_RESPONSABLE}, dès sa connaissance")),
            id="the responsable services the contract names",
        ),
        pytest.param(
            announced("direction@ccas-exemple.fr"),
            NAMED,
            refused(f"arrêt annoncé à « direction@ccas-exemple.fr », {NOT_HIM} ; attendu : une annonce {TO_RESPONSABLE}"),
            id="the direction, when the contract names a responsable services",
        ),
        pytest.param(
            announced("Prénom NOM"),
            TEMPLATE,
            refused(f"arrêt annoncé à « Prénom NOM », {PLACEHOLDER} ; attendu : une annonce {NOBODY_DIRECTION}"),
            id="the template: its direction is a placeholder",
        ),
        pytest.param(
            announced("Camille Martin"),
            with_partner(),
            refused(f"arrêt annoncé à « Camille Martin », {NOT_HIM} ; attendu : une annonce {NOBODY_DIRECTION}"),
            id="no direction at all",
        ),
        pytest.param(
            announced("Hugo Petit"),
            with_partner(DIRECTION, TEMPLATE_LINE),
            refused(f"arrêt annoncé à « Hugo Petit », {NOT_HIM} ; attendu : une annonce {TO_DIRECTION}"),
            id="a responsable services line left as the template: the direction is told",
        ),
        pytest.param(
            announced("Camille Martin"),
            with_partner(DIRECTION, TEMPLATE_LINE),
            kept(ON_TIME),
            id="a responsable services line left as the template: told to the direction",
        ),
        pytest.param(
            announced("direction@ccas-exemple.fr"),
            with_partner(DIRECTION, attrs.evolve(TEMPLATE_LINE, name="  prénom   nom "), TEMPLATE_LINE),
            kept(ON_TIME),
            id="two template lines, spacing and case aside",
        ),
        pytest.param(
            announced("Hugo Petit"),
            with_partner(DIRECTION, TEMPLATE_LINE, RESPONSABLE),
            kept(partner(f"arrêt annoncé le 20/11/2026 à 15:00 {TO_RESPONSABLE}, dès sa connaissance")),
            id="a template line beside a named responsable services",
        ),
        pytest.param(
            announced("Camille Martin"),
            with_partner(Interlocutor(role="direction", name="Prénom NOM"), TEMPLATE_LINE),
            refused(f"arrêt annoncé à « Camille Martin », {NOT_HIM} ; attendu : une annonce {NOBODY_DIRECTION}"),
            id="the template's direction and responsable services lines",
        ),
        pytest.param(
            announced("hpetit@ccas-exemple.fr"),
            with_partner(DIRECTION, attrs.evolve(RESPONSABLE, name="Prénom NOM")),
            kept(partner("arrêt annoncé le 20/11/2026 à 15:00 à hpetit@ccas-exemple.fr (responsable services du partenaire), dès sa connaissance")),
            id="a responsable services known by his e-mail only",
        ),
        pytest.param(
            announced("Hugo Petit"),
            with_partner(DIRECTION, attrs.evolve(RESPONSABLE, email=None)),
            kept(partner("arrêt annoncé le 20/11/2026 à 15:00 à Hugo Petit (responsable services du partenaire), dès sa connaissance")),
            id="a responsable services known by his name only",
        ),
        pytest.param(
            announced("Camille Martin"),
            with_partner(DIRECTION, RESPONSABLE, attrs.evolve(RESPONSABLE, name="Nadia Roux", email="nroux@ccas-exemple.fr")),
            refused("arrêt annoncé à « Camille Martin », qui ne désigne pas le responsable services du partenaire ; attendu : une annonce à Hugo Petit <hpetit@ccas-exemple.fr> ou Nadia Roux <nroux@ccas-exemple.fr> (responsable services du partenaire)"),
            id="two responsables services: either",
        ),
    ],
)  # fmt: skip
def test_a_planned_stop_is_announced_to_the_partners_responsable_services(
    window: MaintenanceWindow, contract: Contract, expected: Decision
) -> None:
    """Art. 4 « le Centre de services Caf informera le responsable services du partenaire »:
    annexe 1 has no line for him; unless the contract names one, he is the direction. A
    template placeholder designates nobody, and a line left as the template (« Prénom
    NOM », no e-mail) names nobody: the direction is told."""
    assert check_announcement(window, now=paris(2026, 11, 21), contract=contract) == expected


def test_every_failed_duty_is_listed() -> None:
    """Art. 3.1 « Prévenir les utilisateurs de tout arrêt programmé » and Art. 4 « informera
    le responsable services du partenaire […] dès connaissance de l'information »: told
    late, to the wrong person, users told after the start: three failures."""
    window = attrs.evolve(LATE, announced_to="Léa Bernard", users_informed_at=paris(2026, 12, 5, 9))
    assert check_announcement(window, now=paris(2026, 12, 6), contract=CONTRACT) == Decision.deny(
        users(
            "utilisateurs prévenus le 05/12/2026 à 09:00 "
            + USERS_TOLD_TOO_LATE.format("05/12/2026 à 08:00")
        ),
        LATE_BY_DAYS,
        partner(
            f"arrêt annoncé à « Léa Bernard », {NOT_HIM} ; attendu : une annonce {TO_DIRECTION}"
        ),
    )


RESPONSABLE_NAMED = amend(
    CONTRACT,
    Avenant(
        title="Avenant n° 1 : responsable services",
        caf_signed_on=date(2026, 11, 24),
        partner_signed_on=date(2026, 11, 25),
    ),
    interlocutors=NAMED.interlocutors,
)


@pytest.mark.parametrize(
    ("announced_on", "to", "expected"),
    [
        (paris(2026, 11, 24, 23, 59), "Camille Martin", None),
        (paris(2026, 11, 25), "Camille Martin", TO_RESPONSABLE),
        (paris(2026, 11, 25), "Hugo Petit", None),
        (paris(2026, 11, 24), "Hugo Petit", TO_DIRECTION),
    ],
)
def test_the_responsable_services_is_who_the_contract_names_the_day_of_the_announcement(
    announced_on: datetime, to: str, expected: str | None
) -> None:
    """Art. 4 « informera le responsable services du partenaire », as annexe 1 stands when
    the Caf announces the stop: an avenant naming a responsable services changes who is
    told from the day it takes effect (Art. 6)."""
    window = attrs.evolve(
        UPGRADE,
        known_at=announced_on,
        announced_at=announced_on,
        announced_to=to,
        users_informed_at=announced_on,
    )
    decision = check_announcement(window, now=paris(2026, 11, 26), contract=RESPONSABLE_NAMED)
    if expected is None:
        assert decision, decision
    else:
        assert decision == refused(
            f"arrêt annoncé à « {to} », {NOT_HIM} ; attendu : une annonce {expected}"
        )


def test_a_pending_announcement_names_who_is_to_be_told_now() -> None:
    """Art. 4 « dès connaissance de l'information »: still due, to whom the contract names today."""
    window = attrs.evolve(UPGRADE, announced_at=None, announced_to=None)
    assert check_announcement(
        window, now=paris(2026, 11, 26), contract=RESPONSABLE_NAMED
    ) == refused(
        "arrêt connu depuis le 20/11/2026 à 15:00 et toujours pas annoncé ; attendu : une annonce "
        f"dès connaissance de l'information {TO_RESPONSABLE}"
    )


# --- announcement: properties


def responsables_services(contract: Contract) -> tuple[Interlocutor, ...]:
    """Whom Art. 4 has told: the responsables services the contract names, else its direction.

    A line left as the template (« Prénom NOM », no e-mail) names nobody.
    """
    named = tuple(
        person
        for person in contract.interlocutors.partner
        if person.role is InterlocutorRole.RESPONSABLE_SERVICES
        and not (is_placeholder(person.name) and person.email is None)
    )
    return named or contract.interlocutors.of_partner(InterlocutorRole.DIRECTION)


def art_4(decision: Decision) -> list[str]:
    return [reason.message for reason in decision.reasons if reason.article is Article.ART_4]


@given(
    ist.maintenance_windows(),
    cst.contracts(complete=False),
    st.integers(0, 60 * 24 * 60),
)
def test_a_stop_users_were_never_told_of_is_a_breach_once_started(
    window: MaintenanceWindow, contract: Contract, minutes: int
) -> None:
    """Art. 3.1 « Prévenir les utilisateurs de tout arrêt programmé »: national maintenance
    or a stop the Caf planned, never announced to the users, is a breach once it starts."""
    never_told = attrs.evolve(window, users_informed_at=None)
    now = window.start + timedelta(minutes=minutes)
    decision = check_announcement(never_told, now=now, contract=contract)
    assert not decision
    assert (
        users(
            f"arrêt commencé le {window.start.astimezone(PARIS):%d/%m/%Y à %H:%M} sans que les "
            "utilisateurs en aient été prévenus ; attendu : les prévenir de tout arrêt programmé, "
            "avant son début"
        )
        in decision.reasons
    )


@given(cst.contracts(complete=False), st.data())
def test_a_planned_stop_announced_to_anyone_else_is_denied(
    contract: Contract, data: st.DataObject
) -> None:
    """Art. 4 « le Centre de services Caf informera le responsable services du partenaire »:
    an announcement to someone who is not he (nor the direction, when the contract names no
    responsable services) is a breach, however timely."""
    responsables = responsables_services(contract)
    to = data.draw(
        ist.recipients(contract).filter(
            lambda who: not any(person.is_designated_by(who) for person in responsables)
        ),
        label="to",
    )
    window = data.draw(ist.maintenance_windows(kind=StopKind.PLANNED_BY_CAF))
    assert window.known_at is not None
    on_time = attrs.evolve(window, announced_at=window.known_at, announced_to=to)
    now = window.known_at + timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 60)))
    decision = check_announcement(on_time, now=now, contract=contract)
    assert not decision
    written = " ".join(to.split())
    assert [message for message in art_4(decision) if f"annoncé à « {written} »" in message]


@given(cst.contracts(complete=False), cst.placeholders(), st.data())
def test_a_planned_stop_announced_to_a_placeholder_is_denied(
    contract: Contract, placeholder: str, data: st.DataObject
) -> None:
    """Art. 4 « le Centre de services Caf informera le responsable services du partenaire »:
    a template text (« Prénom NOM », « Adresse mél »…) designates nobody, so an
    announcement to it is told to nobody, however timely, whatever the contract."""
    window = data.draw(ist.maintenance_windows(kind=StopKind.PLANNED_BY_CAF))
    assert window.known_at is not None
    written = data.draw(st.sampled_from([placeholder, placeholder.upper(), f"  {placeholder} "]))
    on_time = attrs.evolve(window, announced_at=window.known_at, announced_to=written)
    now = window.known_at + timedelta(minutes=data.draw(st.integers(0, 60 * 24 * 60)))
    decision = check_announcement(on_time, now=now, contract=contract)
    assert not decision
    shown = " ".join(written.split())
    assert [
        message
        for message in art_4(decision)
        if message.startswith(
            f"arrêt annoncé à « {shown} », texte du modèle qui ne désigne personne"
        )
    ]


@given(cst.contracts(complete=False), ist.maintenance_windows(), st.integers(0, 60 * 24 * 60))
def test_a_responsable_services_line_left_as_the_template_changes_nothing(
    contract: Contract, window: MaintenanceWindow, minutes: int
) -> None:
    """Art. 4 « informera le responsable services du partenaire », whom annexe 1 does not
    name: a line added for him but left as the template names nobody, so the judgement
    is the one of the contract without it."""
    assert window.known_at is not None
    now = window.known_at + timedelta(minutes=minutes)
    with_line = with_partner(*contract.interlocutors.partner, TEMPLATE_LINE, contract=contract)
    assert check_announcement(window, now=now, contract=with_line) == check_announcement(
        window, now=now, contract=contract
    )


@given(cst.contracts(), st.data())
def test_naming_a_responsable_services_changes_who_must_be_told(
    contract: Contract, data: st.DataObject
) -> None:
    """Art. 4 « informera le responsable services du partenaire »: the direction, until the
    contract names a responsable services; then he, and no longer the direction."""
    people = contract.interlocutors
    unnamed = with_partner(
        *(p for p in people.partner if p.role is not InterlocutorRole.RESPONSABLE_SERVICES),
        contract=contract,
    )
    direction = unnamed.interlocutors.of_partner(InterlocutorRole.DIRECTION)[0]
    assert direction.email is not None
    responsable = Interlocutor(
        role=InterlocutorRole.RESPONSABLE_SERVICES,
        name="Responsable des services",
        email="services@partenaire-exemple.fr",
    )
    named = with_partner(*unnamed.interlocutors.partner, responsable, contract=contract)
    window = data.draw(ist.maintenance_windows(kind=StopKind.PLANNED_BY_CAF))
    assert window.known_at is not None
    assume(window.known_at < window.start)  # the users are told before it starts
    told = attrs.evolve(window, announced_at=window.known_at, users_informed_at=window.known_at)
    now = window.known_at
    by = data.draw(st.sampled_from(["name", "email"]))
    to_direction = attrs.evolve(told, announced_to=getattr(direction, by))
    to_responsable = attrs.evolve(told, announced_to=getattr(responsable, by))
    assert check_announcement(to_direction, now=now, contract=unnamed)
    assert not check_announcement(to_responsable, now=now, contract=unnamed)
    assert not check_announcement(to_direction, now=now, contract=named)
    assert check_announcement(to_responsable, now=now, contract=named)


@given(ist.maintenance_windows(), cst.contracts(complete=False), st.integers(1, 60 * 24 * 60))
def test_nothing_is_due_before_the_stop_starts_and_the_caf_knows_of_it(
    window: MaintenanceWindow, contract: Contract, minutes: int
) -> None:
    """Art. 3.1 « Prévenir les utilisateurs » is due by the start; Art. 4 « dès connaissance
    de l'information », once the Caf knows: before both, no duty is broken."""
    assert window.known_at is not None
    now = min(window.start, window.known_at) - timedelta(minutes=minutes)
    assert check_announcement(window, now=now, contract=contract)


@given(
    ist.maintenance_windows(),
    cst.contracts(complete=False),
    st.integers(0, 60 * 24 * 60),
    st.integers(0, 60 * 24 * 60),
)
def test_a_breach_stays_a_breach(
    window: MaintenanceWindow, contract: Contract, first: int, more: int
) -> None:
    """« Prévenir les utilisateurs de tout arrêt programmé » (Art. 3.1); « Pour tout arrêt
    des services planifiés par la Caf, le Centre de services Caf informera le responsable
    services du partenaire de tout arrêt des services dès connaissance de l'information »
    (Art. 4): a duty broken at some instant is never kept later, and an announcement is
    late exactly when it came after the Caf knew.
    """
    assert window.known_at is not None
    now = window.known_at + timedelta(minutes=first)
    later = now + timedelta(minutes=more)
    if not check_announcement(window, now=now, contract=contract):
        assert not check_announcement(window, now=later, contract=contract)
    announced = window.announced_at
    if window.kind is StopKind.PLANNED_BY_CAF and announced is not None and announced <= now:
        late = [
            message
            for message in art_4(check_announcement(window, now=now, contract=contract))
            if "seulement" in message
        ]
        assert bool(late) is (announced > window.known_at)


# --- office hours, no on-call service

HOURS = OfficeHours(
    {
        day: [("08:30", "12:00"), ("13:30", "16:30")]
        for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
    }
)
CLOSED = "est hors des heures habituelles de bureau : pas d'astreinte"
DAY_OFF = "n'est pas un jour ouvré de la Caf : pas d'astreinte"


@pytest.mark.parametrize(
    ("at", "department", "expected"),
    [
        (paris(2026, 11, 23, 9, 0), "82", allowed("heures de bureau (23/11/2026 à 09:00, heure de Paris)")),
        (paris(2026, 11, 23, 8, 29), "82", denied(f"08:29 {CLOSED}")),
        (paris(2026, 11, 23, 8, 30), "82", allowed("heures de bureau (23/11/2026 à 08:30, heure de Paris)")),
        (paris(2026, 11, 23, 12, 0), "82", denied(f"12:00 {CLOSED}")),
        (paris(2026, 11, 23, 12, 30), "82", denied(f"12:30 {CLOSED}")),
        (paris(2026, 11, 23, 13, 30), "82", allowed("heures de bureau (23/11/2026 à 13:30, heure de Paris)")),
        (paris(2026, 11, 23, 16, 30), "82", denied(f"16:30 {CLOSED}")),
        (paris(2026, 11, 28, 10, 0), "82", denied(f"le 28/11/2026 {DAY_OFF}")),  # Saturday
        (paris(2026, 12, 25, 10, 0), "82", denied(f"le 25/12/2026 {DAY_OFF}")),  # Christmas
        (paris(2026, 4, 3, 10, 0), "82", allowed("heures de bureau (03/04/2026 à 10:00, heure de Paris)")),  # Good Friday, Montauban
        (paris(2026, 4, 3, 10, 0), "57", denied(f"le 03/04/2026 {DAY_OFF}")),  # Good Friday, Metz
        (datetime(2026, 11, 23, 7, 45, tzinfo=UTC), "82", allowed("heures de bureau (23/11/2026 à 08:45, heure de Paris)")),
    ],
)  # fmt: skip
def test_nobody_on_duty_outside_office_hours(
    at: datetime, department: str, expected: Decision
) -> None:
    """« La Caf n'assure pas d'astreinte en dehors de ses heures habituelles de bureaux »
    (Art. 4): outside them, or on a day off of the Caf, nobody is on duty.
    """
    calendar = WorkingCalendar(department)
    assert check_caf_on_duty(at, office_hours=HOURS, calendar=calendar) == expected


@given(ist.office_hours(), cst.aware_datetimes(), cst.calendars())
def test_on_duty_exactly_in_hours_on_working_days(
    hours: OfficeHours, at: datetime, calendar: WorkingCalendar
) -> None:
    """« La Caf n'assure pas d'astreinte en dehors de ses heures habituelles de bureaux »
    (Art. 4): on duty exactly within them, on the Caf's working days.
    """
    local = at.astimezone(PARIS)
    inside = any(start <= local.time() < end for start, end in hours.on(local.weekday()))
    expected = inside and calendar.is_working_day(local.date())
    assert bool(check_caf_on_duty(at, office_hours=hours, calendar=calendar)) is expected


def test_office_hours_accept_times_and_names() -> None:
    hours = OfficeHours({0: [(time(8, 30), "12h00")], " Vendredi ": [(" 14:00 ", "16:00")]})
    assert hours.on(0) == ((time(8, 30), time(12, 0)),)
    assert hours.on(4) == ((time(14, 0), time(16, 0)),)
    assert hours.on(6) == ()
    touching = OfficeHours({"lundi": [("12:00", "14:00"), ("08:00", "12:00")]})
    assert touching.on(0) == ((time(8), time(12)), (time(12), time(14)))


def test_office_hours_read_an_instant_at_its_paris_wall_clock() -> None:
    new_york = ZoneInfo("America/New_York")
    assert HOURS.covers(datetime(2026, 11, 23, 7, 45, tzinfo=UTC))  # 08:45 in Paris
    assert not HOURS.covers(datetime(2026, 11, 23, 11, 30, tzinfo=UTC))  # 12:30 in Paris
    assert HOURS.covers(datetime(2026, 11, 23, 3, 0, tzinfo=new_york))  # 09:00 in Paris
    assert not HOURS.covers(datetime(2026, 11, 20, 10, 45, tzinfo=new_york))  # Friday 16:45
    assert not HOURS.covers(datetime(2026, 11, 22, 23, 30, tzinfo=UTC))  # Monday 00:30
    assert not HOURS.covers(datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo")))


@given(ist.office_hours(), cst.aware_datetimes())
def test_office_hours_cover_what_their_paris_wall_clock_falls_in(
    hours: OfficeHours, at: datetime
) -> None:
    local = at.astimezone(PARIS)
    inside = any(start <= local.time() < end for start, end in hours.on(local.weekday()))
    assert hours.covers(at) is inside


def test_office_hours_print_as_their_constructor_reads_them() -> None:
    hours = OfficeHours({0: [(time(8, 30), "12h00")], " Vendredi ": [("14:00", time(16, 0, 30))]})
    assert repr(hours) == (
        "OfficeHours({'lundi': [('08:30', '12:00')], 'vendredi': [('14:00', '16:00:30')]})"
    )
    assert eval(repr(hours), PUBLIC_NAMES) == hours  # noqa: S307  # repr is eval-able
    assert repr(OfficeHours({})) == "OfficeHours({})"


@given(cst.precise_office_hours())
def test_every_office_hours_print_as_their_constructor_reads_them(hours: OfficeHours) -> None:
    assert eval(repr(hours), PUBLIC_NAMES) == hours  # noqa: S307  # repr is eval-able


def test_office_hours_read_seconds_and_microseconds_as_iso_8601_writes_them() -> None:
    hours = OfficeHours({"lundi": [("08:30:15", "12:00:00.000001")]})
    assert hours.on(0) == ((time(8, 30, 15), time(12, 0, 0, 1)),)


# --- malformed input: what the error says, field by field

WEEKDAY = "un jour : 0 (lundi) à 6 (dimanche), ou son nom (« lundi »)"
CLOCK = "une heure : time(8, 30) ou « 08:30 » (« 08:30:15 » avec les secondes)"


@pytest.mark.parametrize(
    ("call", "field", "value", "message"),
    [
        pytest.param(
            lambda: MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, kind="panne"),
            "MaintenanceWindow.kind",
            "panne",
            "MaintenanceWindow.kind : valeur invalide ('panne') ; attendu : une valeur parmi 'maintenance nationale', 'arrêt planifié par la Caf'.",
            id="kind",
        ),
        pytest.param(
            lambda: MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, description=None),  # type: ignore[arg-type]
            "MaintenanceWindow.description",
            None,
            "MaintenanceWindow.description : valeur invalide (None) ; attendu : un texte.",
            id="description",
        ),
        pytest.param(
            lambda: MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end, known_at="hier"),  # type: ignore[arg-type]
            "MaintenanceWindow.known_at",
            "hier",
            "MaintenanceWindow.known_at : valeur invalide ('hier') ; attendu : un datetime avec fuseau horaire.",
            id="known_at",
        ),
        pytest.param(
            lambda: Schedule("fenêtres"),  # type: ignore[arg-type]
            "Schedule.windows",
            "fenêtres",
            "Schedule.windows : valeur invalide ('fenêtres') ; attendu : une suite de MaintenanceWindow(...).",
            id="schedule",
        ),
        pytest.param(
            lambda: Schedule([UPGRADE, "arrêt"]),  # type: ignore[list-item]
            "Schedule.windows",
            "arrêt",
            "Schedule.windows : élément invalide ('arrêt') ; attendu : MaintenanceWindow(...).",
            id="schedule item",
        ),
        pytest.param(
            lambda: check_announcement("arrêt", now=paris(2026, 12, 1), contract=CONTRACT),  # type: ignore[arg-type]
            "window",
            "arrêt",
            "window : valeur invalide ('arrêt') ; attendu : MaintenanceWindow(...).",
            id="announcement of no window",
        ),
        pytest.param(
            lambda: check_announcement(
                MaintenanceWindow(start=UPGRADE.start, end=UPGRADE.end),
                now=paris(2026, 12, 1),
                contract=CONTRACT,
            ),
            "MaintenanceWindow.known_at",
            None,
            "Art. 4 — MaintenanceWindow.known_at : connaissance de l'arrêt non datée (aucune date) ; attendu : l'instant où la Caf a eu connaissance de l'arrêt.",
            id="announcement without known_at",
        ),
        pytest.param(
            lambda: check_announcement(UPGRADE, now=paris(2026, 12, 1), contract="82"),  # type: ignore[arg-type]
            "contract",
            "82",
            "contract : valeur invalide ('82') ; attendu : Contract(...).",
            id="announcement without a contract",
        ),
        pytest.param(
            lambda: attrs.evolve(UPGRADE, announced_at=None),
            "MaintenanceWindow.announced_to",
            "direction@ccas-exemple.fr",
            "Art. 4 — MaintenanceWindow.announced_to : destinataire d'une annonce non datée ('direction@ccas-exemple.fr') ; attendu : la date de l'annonce (MaintenanceWindow.announced_at) avec son destinataire.",
            id="a recipient without an announcement",
        ),
        pytest.param(
            lambda: attrs.evolve(UPGRADE, announced_to=" "),
            "MaintenanceWindow.announced_to",
            " ",
            "MaintenanceWindow.announced_to : valeur invalide (' ') ; attendu : un texte non vide.",
            id="a blank recipient",
        ),
        pytest.param(
            lambda: attrs.evolve(UPGRADE, users_informed_at="la veille"),  # type: ignore[arg-type]
            "MaintenanceWindow.users_informed_at",
            "la veille",
            "MaintenanceWindow.users_informed_at : valeur invalide ('la veille') ; attendu : un datetime avec fuseau horaire.",
            id="users_informed_at",
        ),
        pytest.param(
            lambda: OfficeHours([("lundi", "08:00")]),  # type: ignore[arg-type]
            "OfficeHours",
            [("lundi", "08:00")],
            "OfficeHours : valeur invalide ([('lundi', '08:00')]) ; attendu : un dictionnaire {jour: [(début, fin), ...]}.",
            id="not a mapping",
        ),
        pytest.param(
            lambda: OfficeHours({"funday": [("08:00", "12:00")]}),
            "OfficeHours",
            "funday",
            f"OfficeHours : valeur invalide ('funday') ; attendu : {WEEKDAY}.",
            id="unknown day name",
        ),
        pytest.param(
            lambda: OfficeHours({7: [("08:00", "12:00")]}),
            "OfficeHours",
            7,
            f"OfficeHours : valeur invalide (7) ; attendu : {WEEKDAY}.",
            id="day number 7",
        ),
        pytest.param(
            lambda: OfficeHours({True: [("08:00", "12:00")]}),
            "OfficeHours",
            True,
            f"OfficeHours : valeur invalide (True) ; attendu : {WEEKDAY}.",
            id="True is no day",
        ),
        pytest.param(
            lambda: HOURS.on(-1),
            "OfficeHours",
            -1,
            f"OfficeHours : valeur invalide (-1) ; attendu : {WEEKDAY}.",
            id="asking for day -1",
        ),
        pytest.param(
            lambda: OfficeHours({0: "08:00-12:00"}),  # type: ignore[dict-item]
            "OfficeHours[lundi]",
            "08:00-12:00",
            "OfficeHours[lundi] : valeur invalide ('08:00-12:00') ; attendu : une suite de paires (début, fin).",
            id="a text for the intervals",
        ),
        pytest.param(
            lambda: OfficeHours({"mardi": [("08:00",)]}),  # type: ignore[list-item]
            "OfficeHours[mardi]",
            ("08:00",),
            "OfficeHours[mardi] : valeur invalide (('08:00',)) ; attendu : une paire (début, fin).",
            id="not a pair",
        ),
        pytest.param(
            lambda: OfficeHours({0: [(8, 12)]}),  # type: ignore[list-item]
            "OfficeHours[lundi]",
            8,
            f"OfficeHours[lundi] : valeur invalide (8) ; attendu : {CLOCK}.",
            id="a number for an hour",
        ),
        pytest.param(
            lambda: OfficeHours({"mardi": [("08:00", "25:00")]}),
            "OfficeHours[mardi]",
            "25:00",
            f"OfficeHours[mardi] : valeur invalide ('25:00') ; attendu : {CLOCK}.",
            id="hour 25 at the end",
        ),
        pytest.param(
            lambda: OfficeHours({0: [(time(8, 0, tzinfo=UTC), time(12, 0))]}),
            "OfficeHours[lundi]",
            time(8, 0, tzinfo=UTC),
            "OfficeHours[lundi] : heure avec fuseau (08:00, fuseau UTC) ; attendu : une heure de Paris sans fuseau (time(8, 30)).",
            id="a time with a zone",
        ),
        pytest.param(
            lambda: OfficeHours({0: [(time(8, 0), time(12, 0, tzinfo=PARIS))]}),
            "OfficeHours[lundi]",
            time(12, 0, tzinfo=PARIS),
            "OfficeHours[lundi] : heure avec fuseau (12:00, fuseau Europe/Paris) ; attendu : une heure de Paris sans fuseau (time(8, 30)).",
            id="a time with the zone of Paris",
        ),
        pytest.param(
            lambda: OfficeHours({"vendredi": [(time(14, 0), time(9, 30))]}),
            "OfficeHours[vendredi]",
            (time(14, 0), time(9, 30)),
            "OfficeHours[vendredi] : plage vide ou inversée (de 14:00 à 09:30) ; attendu : une fin après le début.",
            id="inverted, as times",
        ),
        pytest.param(
            lambda: OfficeHours({"lundi": [("12:00", "08:30")]}),
            "OfficeHours[lundi]",
            ("12:00", "08:30"),
            "OfficeHours[lundi] : plage vide ou inversée (de 12:00 à 08:30) ; attendu : une fin après le début.",
            id="inverted",
        ),
        pytest.param(
            lambda: OfficeHours({"lundi": [("08:30", "08:30")]}),
            "OfficeHours[lundi]",
            ("08:30", "08:30"),
            "OfficeHours[lundi] : plage vide ou inversée (de 08:30 à 08:30) ; attendu : une fin après le début.",
            id="empty",
        ),
        pytest.param(
            lambda: OfficeHours({"jeudi": [("11:00", "14:00"), ("08:00", "12:00")]}),
            "OfficeHours[jeudi]",
            [(time(8), time(12)), (time(11), time(14))],
            "OfficeHours[jeudi] : plages qui se chevauchent (de 08:00 à 12:00 et de 11:00 à 14:00) ; attendu : des plages disjointes.",
            id="overlapping",
        ),
        pytest.param(
            lambda: HOURS.covers(date(2026, 11, 23)),  # type: ignore[arg-type]
            "at",
            date(2026, 11, 23),
            "at : date sans heure (le 23/11/2026) ; attendu : un instant (datetime avec fuseau horaire), dont l'heure de Paris est comparée aux heures de bureau.",
            id="office hours asked about a day",
        ),
        pytest.param(
            lambda: HOURS.covers(None),  # type: ignore[arg-type]
            "at",
            None,
            "at : valeur invalide (None) ; attendu : un instant (datetime avec fuseau horaire), dont l'heure de Paris est comparée aux heures de bureau.",
            id="office hours asked about nothing",
        ),
        pytest.param(
            lambda: check_caf_on_duty(
                paris(2026, 11, 23, 9),
                office_hours="8-12",  # type: ignore[arg-type]
                calendar=WorkingCalendar(),
            ),
            "office_hours",
            "8-12",
            "office_hours : valeur invalide ('8-12') ; attendu : OfficeHours(...).",
            id="on duty without office hours",
        ),
        pytest.param(
            lambda: check_caf_on_duty(paris(2026, 11, 23, 9), office_hours=HOURS, calendar="82"),  # type: ignore[arg-type]
            "calendar",
            "82",
            "calendar : valeur invalide ('82') ; attendu : WorkingCalendar(...).",
            id="on duty without a calendar",
        ),
    ],
)
def test_malformed_input_is_refused_saying_what_and_where(
    call: Callable[[], object], field: str, value: object, message: str
) -> None:
    """SPEC: « error messages are written in French (the users' language) », saying
    what was wrong, where, and what is expected; an hour or a range of hours as French
    write them, never a Python repr.
    """
    error = error_of(call)
    assert (error.field, error.value, str(error)) == (field, value, message)
    assert "datetime." not in message


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: MaintenanceWindow(start=NAIVE, end=UPGRADE.end), "MaintenanceWindow.start"),
        (lambda: attrs.evolve(UPGRADE, announced_at=NAIVE), "MaintenanceWindow.announced_at"),
        (lambda: UPGRADE.contains(NAIVE), "at"),
        (lambda: check_availability(NAIVE, [UPGRADE]), "at"),
        (
            lambda: attrs.evolve(UPGRADE, users_informed_at=NAIVE),
            "MaintenanceWindow.users_informed_at",
        ),
        (lambda: check_announcement(UPGRADE, now=NAIVE, contract=CONTRACT), "now"),
        (lambda: check_caf_on_duty(NAIVE, office_hours=HOURS, calendar=WorkingCalendar()), "at"),
        (lambda: HOURS.covers(NAIVE), "at"),
    ],
)
def test_naive_datetimes_are_refused_by_name(call: Callable[[], object], field: str) -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        call()
    assert (info.value.field, info.value.value) == (field, NAIVE)
    assert str(info.value).startswith(f"{field} : date et heure sans fuseau horaire")


def test_is_available_answers_a_bool_and_check_availability_says_why() -> None:
    """« disponible 24 heures / 24 et 7 jours sur 7 (hors opérations de maintenance
    nationale) » (Art. 4): the same answer, with or without its reasons."""
    at = paris(2026, 12, 5, 9)
    assert is_available(at, [UPGRADE]) is False
    assert is_available(paris(2026, 12, 5, 12), [UPGRADE]) is True
    assert bool(check_availability(at, [UPGRADE])) is is_available(at, Schedule([UPGRADE]))
