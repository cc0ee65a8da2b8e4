"""One hierarchy of errors for malformed input, rooted at :class:`CafContractError`.

A rule *outcome* (denied, over quota, too early for a reminder) is never an
exception: it is a :class:`~caf_contract.decision.Decision`. These errors say that
the *input* was wrong: what was received, and what is expected, in French.

Every error keeps its structured fields (``field``, ``value``, ``expected``…) beside
the message, and pickles with them.

>>> from caf_contract import Siren
>>> try:
...     Siren("12345678A")
... except CafContractError as error:
...     print(error)
Préambule — SIREN : contient autre chose que des chiffres ('12345678A') ;
attendu : 9 chiffres (espaces permis entre les groupes), clé de Luhn valide,
autre que 000000000.
"""

from __future__ import annotations

import contextlib
import reprlib
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from caf_contract.articles import Article

if TYPE_CHECKING:
    from collections.abc import Iterable

    from caf_contract.decision import Decision

__all__ = [
    "CafContractError",
    "ChronologyError",
    "InvalidEmailError",
    "InvalidSiren",
    "InvalidTransitionError",
    "InvalidValueError",
    "LoadError",
    "NaiveDatetimeError",
    "OverlappingWindowsError",
    "UnauthorisedActionError",
    "UnknownArticleError",
    "UnknownDepartmentError",
    "UnknownRoleError",
    "UnsignedAvenantError",
    "UnsupportedYearError",
]

_short = reprlib.Repr()
_short.maxstring = 60
_short.maxother = 60


def show(value: object) -> str:
    """A bounded ``repr`` of a received value, for messages (fuzzed input can be huge)."""
    return _short.repr(value)


def _when(value: object) -> str:
    """A date as French write it (23/11/2026), an instant with its offset; else as given."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            # Instants read in Paris, the contract's zone (imported late: _time imports us).
            from caf_contract._time import PARIS  # noqa: PLC0415

            with contextlib.suppress(OverflowError):  # 9999-12-31 23:30 UTC is past 9999 in Paris
                value = value.astimezone(PARIS)
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return show(value)


def _restore(
    cls: type[CafContractError], args: tuple[Any, ...], state: dict[str, Any]
) -> CafContractError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class CafContractError(ValueError):
    """Root of every error of the library: the input was malformed.

    Attributes:
        article: the article the faulty input relates to, if any; the message then
            starts with its label (``Art. 3.3 — …``).
    """

    article: Article | None

    def __init__(self, message: str, *, article: Article | None = None) -> None:
        self.article = article
        prefix = f"{article.label} — " if article is not None else ""
        super().__init__(prefix + message)

    def __reduce__(self) -> tuple[Any, ...]:
        # The constructors take structured fields, not the message: rebuild from state.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class InvalidValueError(CafContractError):
    """A value has the wrong type or form.

    Attributes:
        field: where the value was given (``"sent_at"``, ``"Interlocutor.email"``).
        value: the value received.
        expected: what would have been accepted.
        problem: what is wrong with it.
    """

    def __init__(  # the structured fields are the point
        self,
        field: str,
        value: object,
        expected: str,
        *,
        problem: str = "valeur invalide",
        article: Article | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.problem = problem
        super().__init__(
            f"{field} : {problem} ({show(value)}) ; attendu : {expected}.", article=article
        )


class InvalidSiren(InvalidValueError):  # noqa: N818  # a public name users already call
    """A SIREN that is not 9 digits with a valid Luhn key (or is 000000000)."""

    EXPECTED = (
        "9 chiffres (espaces permis entre les groupes), clé de Luhn valide, autre que 000000000"
    )

    def __init__(self, value: object, problem: str) -> None:
        super().__init__("SIREN", value, self.EXPECTED, problem=problem, article=Article.PREAMBULE)


class NaiveDatetimeError(InvalidValueError):
    """A datetime without time zone: the instant it means cannot be known."""

    def __init__(self, field: str, value: object, *, expected: str | None = None) -> None:
        super().__init__(
            field,
            value,
            expected
            or "un datetime avec fuseau horaire, par exemple "
            "datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo('Europe/Paris'))",
            problem="datetime sans fuseau horaire (naïf)",
        )


class InvalidEmailError(InvalidValueError):
    """An e-mail address that is not of the form ``local@domaine.tld``."""

    def __init__(self, field: str, value: object, *, article: Article | None = None) -> None:
        super().__init__(
            field,
            value,
            "une adresse de la forme nom@domaine.fr, sans espace",
            problem="adresse mél mal formée",
            article=article,
        )


class UnknownDepartmentError(InvalidValueError):
    """A French department code that does not exist."""

    def __init__(self, value: object) -> None:
        super().__init__(
            "department",
            value,
            "un code de département : « 01 » à « 95 » (sauf « 20 »), « 2A », « 2B », "
            "« 971 » à « 974 » ou « 976 »",
            problem="département inconnu",
        )


class UnknownArticleError(InvalidValueError):
    """An article id that is not in the contract's catalogue."""

    def __init__(self, value: object) -> None:
        known = ", ".join(article.value for article in Article)
        super().__init__("article", value, f"un article du contrat parmi : {known}")


class UnknownRoleError(InvalidValueError):
    """A role (profil) that the bulletin d'adhésion of the service does not define."""

    def __init__(
        self, value: object, *, service: str, known: Iterable[str], field: str = "role"
    ) -> None:
        self.service = service
        roles = ", ".join(sorted(known)) or "aucun"
        super().__init__(
            field,
            value,
            f"un rôle du bulletin d'adhésion du service « {service} » ({roles})",
            problem="rôle inconnu du bulletin",
            article=Article.ART_2_2,
        )


class UnsupportedYearError(CafContractError):
    """A year the holiday data does not cover: it cannot be counted in working days."""

    def __init__(self, year: int, first: int, last: int) -> None:
        self.year = year
        self.first = first
        self.last = last
        super().__init__(
            f"année {year} non couverte par les jours fériés connus ; "
            f"attendu : une date entre {first} et {last}.",
            article=Article.ART_3_3,
        )


class ChronologyError(CafContractError):
    """Two dated events given in an impossible order (a later one dated before an earlier).

    Attributes:
        strictly: the later one must be strictly after the earlier (an equal date is
            refused too, as for the end of a stop of the service).
        field: the field to correct, as ``Class.field`` (``Contract.avenants[1].caf_signed_on``);
            by default ``later_field``.
    """

    def __init__(  # noqa: PLR0913  # the structured fields are the point
        self,
        earlier_field: str,
        earlier: object,
        later_field: str,
        later: object,
        *,
        strictly: bool = False,
        article: Article | None = None,
        field: str | None = None,
    ) -> None:
        self.earlier_field = earlier_field
        self.earlier = earlier
        self.later_field = later_field
        self.later = later
        self.strictly = strictly
        self.field = later_field if field is None else field
        relation = "ne suit pas" if strictly else "précède"
        expected = "postérieure" if strictly else "égale ou postérieure"
        super().__init__(
            f"{later_field} ({_when(later)}) {relation} {earlier_field} ({_when(earlier)}) ; "
            f"attendu : une date {expected} à {_when(earlier)}.",
            article=article,
        )


class UnsignedAvenantError(CafContractError):
    """An avenant not signed by both parties cannot change the contract (Art. 6).

    Attributes:
        field: where the missing signature goes (``Contract.avenants[0].caf_signed_on``).
    """

    def __init__(self, title: str, missing: Iterable[str], *, field: str = "avenant") -> None:
        self.title = title
        self.missing = tuple(missing)
        self.field = field
        super().__init__(
            f"l'avenant « {title} » n'est pas signé par {' ni par '.join(self.missing)} ; "
            "attendu : un avenant signé par les deux parties.",
            article=Article.ART_6,
        )


class OverlappingWindowsError(CafContractError):
    """Two stops of the service that overlap: a schedule lists disjoint windows (Art. 4).

    Attributes:
        field: the later-starting stop, as given (``Schedule.windows[3]``).
    """

    def __init__(self, first: object, second: object, *, field: str = "windows") -> None:
        self.first = first
        self.second = second
        self.field = field
        super().__init__(
            f"les arrêts « {first} » et « {second} » se chevauchent ; "
            "attendu : des fenêtres disjointes (une fin peut toucher le début suivant).",
            article=Article.ART_4,
        )


class LoadError(CafContractError):
    """Plain data (a dict, a JSON or TOML file) that describes no valid value.

    Attributes:
        path: where in the data, as ``bulletins[1].quotas[0].maximum``.
        problem: what is wrong there, and what is expected.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path} : {problem}")


class InvalidTransitionError(CafContractError):
    """A lifecycle event that cannot happen from the current state.

    Attributes:
        field: where the event was given, when it was (``Delegation.history[1].kind``).
    """

    def __init__(
        self, subject: str, state: str, event: str, *, article: Article, field: str | None = None
    ) -> None:
        self.subject = subject
        self.state = state
        self.event = event
        self.field = field
        super().__init__(
            f"{subject} : « {event} » impossible depuis l'état « {state} ».",
            article=article,
        )


class UnauthorisedActionError(InvalidTransitionError):
    """A transition asked of someone the contract does not entrust with it (Art. 2.2).

    Attributes:
        decision: the rule's denial (:func:`~caf_contract.habilitations.may_act`), every
            failed condition with its article.
    """

    def __init__(self, event: str, actor: str, decision: Decision, *, article: Article) -> None:
        self.subject = actor
        self.state = "non habilité"
        self.event = event
        self.field = None
        self.decision = decision
        why = " ; ".join(reason.message for reason in decision.reasons)
        CafContractError.__init__(self, f"« {event} » impossible : {why}.", article=article)
