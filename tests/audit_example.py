"""A dossier whose requests were followed up, and an update of the holiday data, for the replay.

The bundled example (Caf 82, Tarn-et-Garonne) with reminders, so that its log holds
Art. 3.3 decisions: :func:`followed_up` builds it, :func:`closure_added` adds a day
off to the holiday data (as an update of the ``holidays`` package would), with a new
data version.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import attrs

from caf_contract import calendar, records
from caf_contract.files import example_dossier
from caf_contract.incidents import Incident, Reminder

if TYPE_CHECKING:
    from collections.abc import Iterator

    from caf_contract.dossier import Dossier

WINTER = timezone(timedelta(hours=1))
CLOSURE = date(2026, 11, 27)
"""Friday 27/11/2026: a day off added to the holiday data."""


def followed_up() -> Dossier:
    """The bundled example, its requests followed up; two reminders' delays span :data:`CLOSURE`.

    - saisine n° 1: answered on 25/11, no reminder;
    - saisine n° 2 (sent Tuesday 24/11 at 09:15): reminded Wednesday 02/12 at 09:00, the
      first day allowed (5 working days: 25, 26, 27, 30/11, 01/12); with 27/11 off, not
      before 03/12: the one decision that changes;
    - saisine n° 3: the same request judged urgent, reminded on 25/11: allowed at once,
      closure or not;
    - saisine n° 4: the same, reminded on 10/12: allowed either way, its reason saying
      from when (02/12, then 03/12): a decision that changes too, not its verdict;
    - saisine n° 5: sent Monday 07/12, reminded Tuesday 15/12: its delay is after 27/11.
    """
    dossier = example_dossier()
    first, second = dossier.requests
    centre = dossier.contract.caf.service_centre_email

    def reminded(
        at: datetime,
        *,
        urgent: bool = False,
        subject: str | None = None,
        sent: datetime | None = None,
    ) -> Incident:
        return attrs.evolve(
            second,
            reminders=(Reminder(at=at, sent_to=centre),),
            urgent=urgent,
            subject=second.subject if subject is None else subject,
            sent_at=second.sent_at if sent is None else sent,
        )

    return attrs.evolve(
        dossier,
        requests=(
            first,
            reminded(datetime(2026, 12, 2, 9, 0, tzinfo=WINTER)),
            reminded(datetime(2026, 11, 25, 9, 0, tzinfo=WINTER), urgent=True),
            reminded(datetime(2026, 12, 10, 9, 0, tzinfo=WINTER)),
            reminded(
                datetime(2026, 12, 15, 9, 0, tzinfo=WINTER),
                subject="AFAS : export des inscriptions impossible",
                sent=datetime(2026, 12, 7, 10, 0, tzinfo=WINTER),
            ),
        ),
    )


@contextlib.contextmanager
def closure_added(day: date = CLOSURE, *, version: str = "0.999") -> Iterator[None]:
    """The holiday data with ``day`` off too, under the data version ``version``."""
    holidays_of = calendar._holidays_of
    holiday_data_version = records._holiday_data_version

    def updated(
        subdivision: str | None, years: range, *, pentecost_monday_worked: bool
    ) -> dict[int, dict[date, str]]:
        found = holidays_of(subdivision, years, pentecost_monday_worked=pentecost_monday_worked)
        if day.year in found:
            found[day.year][day] = "Fermeture exceptionnelle"
        return found

    calendar._holidays_of = updated
    records._holiday_data_version = lambda: version  # type: ignore[assignment]
    calendar.clear_caches()
    try:
        yield
    finally:
        calendar._holidays_of = holidays_of
        records._holiday_data_version = holiday_data_version
        calendar.clear_caches()
