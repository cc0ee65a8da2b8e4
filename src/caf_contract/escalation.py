"""The escalation procedure (Art. 3.3): when a reminder (*relance*) may be sent.

    « En absence de réponse du centre de services Caf ou du partenaire dans un délai
    de 5 jours ouvrés ou en présence d'une situation jugée urgente par l'une ou
    l'autre des parties, une relance peut être adressée au centre de services Caf. »

The delay is counted the French way (Code de procédure civile, art. 641): the day
of sending does not count, and the delay ends at the end of the 5th working day
after the Paris calendar day on which the request was sent. A reminder is allowed
from 00:00 Europe/Paris on the next day, at once when the situation is judged
urgent by either party (the one who wrote the request, or the one it was written
to), and never once an answer has come. The rule binds both directions (Caf to
partner, partner to Caf).

>>> from datetime import datetime
>>> from caf_contract._time import PARIS
>>> reminder_allowed_from(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)).isoformat()
'2026-12-01T00:00:00+01:00'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final

from caf_contract._format import moment_text
from caf_contract._time import aware, next_day, paris_day, paris_ordinal, start_of_paris_day
from caf_contract._validate import accepts
from caf_contract.articles import Article
from caf_contract.calendar import WorkingCalendar, _working_day_ordinal
from caf_contract.deadline import explain_reminder
from caf_contract.decision import Decision, Reason, _with_deadline
from caf_contract.errors import ChronologyError, InvalidValueError
from caf_contract.parameters import ParameterSet, _in_force_on, resolve
from caf_contract.remedy import Remedy

__all__ = ["may_send_reminder", "reminder_allowed_from"]

_METROPOLITAN: Final = WorkingCalendar()


def _calendar(calendar: WorkingCalendar | None) -> WorkingCalendar:
    return _METROPOLITAN if calendar is None else calendar


# The instants answered last, by the ordinal of their day modulo their number: any 44
# years of consecutive days have a slot each, and a slot holds one instant (0.9 MB at
# most). They depend on the day alone: no table, nothing for clear_caches to forget.
_ANSWERED: Final[list[datetime | None]] = [None] * 2**14
_SLOT: Final = 2**14 - 1


def reminder_allowed_from(
    sent_at: datetime | date,
    calendar: WorkingCalendar | None = None,
    *,
    parameters: ParameterSet | None = None,
) -> datetime:
    """The first instant a reminder may be sent for a request sent at ``sent_at`` (Art. 3.3).

    That is 00:00 Europe/Paris on the day after the 5th working day following the
    Paris calendar day of ``sent_at`` (the delay is the parameter
    ``reminder_delay``: :mod:`caf_contract.parameters`).

    Args:
        sent_at: when the request was sent (aware datetime; a date is a Paris day).
        calendar: the working days to count (the Caf's department); metropolitan
            France when ``None``.
        parameters: the contract's parameters (:attr:`Contract.parameters
            <caf_contract.contract.Contract.parameters>`); when ``None``, those in
            force on the day of sending (:func:`caf_contract.parameters.at`).

    >>> from datetime import datetime, timezone
    >>> # 23:30 UTC on Sunday is already Monday in Paris: Monday is the day of sending.
    >>> reminder_allowed_from(datetime(2026, 11, 22, 23, 30, tzinfo=timezone.utc)).date()
    datetime.date(2026, 12, 1)
    """
    # The common call, answered from the calendar's table: a date, or an aware datetime
    # whose Paris day is cheap to tell; a calendar (or none); the parameters in force
    # (or a set of them). Anything else, and a year the table does not hold yet, goes
    # to the rule written plainly below, which checks every argument.
    chosen = _METROPOLITAN if calendar is None else calendar
    if type(chosen) is WorkingCalendar and (parameters is None or type(parameters) is ParameterSet):
        if type(sent_at) is date:
            ordinal = sent_at.toordinal()
        elif type(sent_at) is datetime:
            ordinal = paris_ordinal(sent_at)
        else:
            ordinal = 0
        if ordinal:
            in_force = _in_force_on(ordinal) if parameters is None else parameters
            day_after = _working_day_ordinal(chosen, ordinal, in_force.reminder_delay.value) + 1
            if day_after > 1:  # the table held the last day of the delay
                answer = _ANSWERED[day_after & _SLOT]
                if answer is None or answer.toordinal() != day_after:
                    answer = start_of_paris_day(date.fromordinal(day_after))
                    _ANSWERED[day_after & _SLOT] = answer
                return answer
    return _reminder_allowed_from(sent_at, calendar, parameters=parameters)


@accepts(calendar=WorkingCalendar | None)
def _reminder_allowed_from(
    sent_at: datetime | date,
    calendar: WorkingCalendar | None = None,
    *,
    parameters: ParameterSet | None = None,
) -> datetime:
    """:func:`reminder_allowed_from`, every argument checked, the table extended if need be."""
    day = paris_day(sent_at, "sent_at")
    delay = resolve(parameters, day).reminder_delay.value
    last_day = _calendar(calendar).add_working_days(day, delay)
    return start_of_paris_day(next_day(last_day))


@accepts(calendar=WorkingCalendar | None)
def may_send_reminder(  # noqa: PLR0913  # the pinned signature, and one keyword added
    sent_at: datetime | date,
    now: datetime,
    *,
    urgent: bool = False,
    answered_at: datetime | None = None,
    calendar: WorkingCalendar | None = None,
    other_party_urgent: bool = False,
    parameters: ParameterSet | None = None,
) -> Decision:
    """Whether a reminder may be sent at ``now`` for a request sent at ``sent_at`` (Art. 3.3).

    Allowed when no answer came at or before ``now`` and either the delay of 5
    working days has run out, or either party judges the situation urgent: « une
    situation jugée urgente par l'une ou l'autre des parties ». The allowance says
    which party judged it so. A denial lists every condition that fails. When the
    situation is judged urgent the delay is irrelevant and is not counted: an
    urgent reminder needs no holidays of the year the delay would end in.

    A denial because the delay has not run out carries its count as
    :attr:`Decision.deadline <caf_contract.decision.Decision.deadline>`: each day
    counted or skipped, and why (:func:`~caf_contract.deadline.explain_reminder`).
    Any other decision has none.

    Args:
        sent_at: when the request was sent (aware datetime; a date is a Paris day).
        now: the instant of the question (aware datetime).
        urgent: whether the author of the request, who reminds, judges the
            situation urgent.
        answered_at: when the answer came, if it did (an answer after ``now`` has
            not come yet at ``now``).
        calendar: the working days to count; metropolitan France when ``None``.
        other_party_urgent: whether the other party, to whom the request was
            written, judges the situation urgent.
        parameters: the contract's parameters (:attr:`Contract.parameters
            <caf_contract.contract.Contract.parameters>`); when ``None``, those in
            force on the day of sending (:func:`caf_contract.parameters.at`).

    Raises:
        ChronologyError: ``now`` or ``answered_at`` is before the request was sent.
        UnsupportedYearError: the delay must be counted (nobody judged the situation
            urgent) and ends in a year the holiday data does not cover.

    >>> from datetime import datetime
    >>> from caf_contract._time import PARIS
    >>> sent = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    >>> print(may_send_reminder(sent, datetime(2026, 11, 30, 18, 0, tzinfo=PARIS)))
    refusé
    - Art. 3.3 — délai de 5 jours ouvrés non écoulé : relance possible à partir du
      01/12/2026 à 00:00 (heure de Paris), ou dès maintenant si la situation est jugée
      urgente
    >>> # A denial for a delay not run out carries its count (caf_contract.deadline).
    >>> may_send_reminder(sent, datetime(2026, 11, 30, 18, 0, tzinfo=PARIS)).deadline.end
    datetime.date(2026, 11, 30)
    >>> print(may_send_reminder(sent, datetime(2026, 11, 30, 18, 0, tzinfo=PARIS),
    ...                         other_party_urgent=True))
    autorisé
    - Art. 3.3 — situation jugée urgente par le destinataire de la demande : relance
      possible sans attendre
    """
    judged_by = _urgency_judged_by(
        by_author=_flag(urgent, "urgent"),
        by_recipient=_flag(other_party_urgent, "other_party_urgent"),
        author="l'auteur de la demande",
        recipient="le destinataire de la demande",
    )
    return _reminder_decision(
        sent_at,
        now,
        judged_urgent_by=judged_by,
        answered_at=answered_at,
        calendar=calendar,
        parameters=parameters,
    )


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(field, value, "True ou False")
    return value


def _urgency_judged_by(
    *, by_author: bool, by_recipient: bool, author: str, recipient: str
) -> str | None:
    """Who judges the situation urgent, in French (« les deux parties »), or ``None``.

    Not exported: :func:`may_send_reminder` names the parties by their place in the
    request, :func:`~caf_contract.incidents.may_remind` by their side (« le partenaire »).
    """
    if by_author and by_recipient:
        return "les deux parties"
    if by_author:
        return author
    if by_recipient:
        return recipient
    return None


def _reminder_decision(  # noqa: PLR0913  # the rule and all it counts with
    sent_at: datetime | date,
    now: datetime,
    *,
    judged_urgent_by: str | None,
    answered_at: datetime | None,
    calendar: WorkingCalendar | None,
    parameters: ParameterSet | None,
) -> Decision:
    """The rule of :func:`may_send_reminder`, urgency given as who judged it (or ``None``).

    ``parameters``: those given, or else those in force on the day of sending.
    """
    now = aware(now, "now")
    if isinstance(sent_at, datetime):
        sent_instant = aware(sent_at, "sent_at")
    else:
        sent_instant = start_of_paris_day(paris_day(sent_at, "sent_at"))
    in_force = resolve(parameters, paris_day(sent_instant, "sent_at"))
    art = Article.ART_3_3
    if now < sent_instant:
        raise ChronologyError("l'envoi de la demande (sent_at)", sent_at, "now", now, article=art)
    if answered_at is not None:
        answered_at = aware(answered_at, "answered_at")
        if answered_at < sent_instant:
            raise ChronologyError(
                "l'envoi de la demande (sent_at)", sent_at, "answered_at", answered_at, article=art
            )
    failures: list[Reason] = []
    answered = answered_at is not None and answered_at <= now
    if answered_at is not None and answered:
        failures.append(
            Reason(art, f"une réponse est arrivée le {moment_text(answered_at)} : plus de relance")
        )
    if judged_urgent_by is not None:
        # « ou en présence d'une situation jugée urgente »: the delay does not matter
        # then, so it is not counted (nor can its year's holidays refuse the reminder).
        otherwise = Reason(
            art, f"situation jugée urgente par {judged_urgent_by} : relance possible sans attendre"
        )
        return Decision.from_failures(failures, otherwise=otherwise)
    allowed_from = reminder_allowed_from(sent_at, calendar, parameters=in_force)
    delay = in_force.reminder_delay.wording
    too_early = now < allowed_from
    if too_early and answered:
        # Answered: neither waiting nor urgency would allow it; no remedy, no count.
        failures.append(
            Reason(
                art,
                f"délai de {delay} non écoulé : il courait jusqu'au "
                f"{moment_text(allowed_from)} (heure de Paris)",
            )
        )
    elif too_early:
        failures.append(
            Reason(
                art,
                f"délai de {delay} non écoulé : relance "
                f"possible à partir du {moment_text(allowed_from)} (heure de Paris), "
                "ou dès maintenant si la situation est jugée urgente",
                remedy=Remedy.wait(allowed_from),
            )
        )
    otherwise = Reason(
        art,
        f"sans réponse après {delay} : relance "
        f"possible depuis le {moment_text(allowed_from)} (heure de Paris)",
    )
    decision = Decision.from_failures(failures, otherwise=otherwise)
    if too_early and not answered and in_force.reminder_delay.value > 0:
        # The denial shows its count (issue 18): only then, so that an allowance, or a
        # denial that no waiting would lift, costs nothing more. A delay of 0 counts
        # no day: nothing to show.
        deadline = explain_reminder(sent_at, calendar, parameters=in_force)
        decision = _with_deadline(decision, deadline)
    return decision
