"""One hierarchy of errors for malformed input, rooted at :class:`CafContractError`.

A rule *outcome* (denied, over quota, too early for a reminder) is never an
exception: it is a :class:`~caf_contract.decision.Decision`. These errors say that
the *input* was wrong: what was received, and what is expected, in French.

Every error says *where*: ``owner`` (the class whose field it is, if any) and
``path`` (a tuple of field names, keys and indexes, ``("avenants", 0,
"partner_signed_on")``), shown together as ``field``
(``Contract.avenants[0].partner_signed_on``). A loader prepends its own path to
them instead of reading the message. Every error keeps its structured fields beside
the message, and pickles with them (a value that cannot be pickled travels as its
printed form).

>>> from caf_contract import Siren
>>> try:
...     Siren("12345678A")
... except CafContractError as error:
...     print(error)
Préambule — SIREN : contient autre chose que des chiffres ('12345678A') ;
attendu : un SIREN de 9 chiffres (espaces permis entre les groupes), clé de Luhn valide,
autre que 000000000.
"""

from __future__ import annotations

import pickle
import re
from typing import TYPE_CHECKING, Any

from caf_contract._format import shown, when

if TYPE_CHECKING:
    from collections.abc import Iterable

    from caf_contract.articles import Article
    from caf_contract.decision import Decision

__all__ = [
    "BadRowsError",
    "CafContractError",
    "ChronologyError",
    "InvalidEmailError",
    "InvalidSiren",
    "InvalidTransitionError",
    "InvalidValueError",
    "LoadError",
    "Location",
    "NaiveDatetimeError",
    "OverlappingWindowsError",
    "UnauthorisedActionError",
    "UnknownArticleError",
    "UnknownDepartmentError",
    "UnknownRoleError",
    "UnsignedAvenantError",
    "UnsupportedYearError",
]

Location = tuple[str | int, ...]
"""Where a value is: field names, mapping keys and list indexes, outermost first."""


class Key(str):
    """A mapping key in a :data:`Location`: shown in brackets (``OfficeHours[lundi]``)."""

    __slots__ = ()


_OWNER = re.compile(r"([A-Z][A-Za-z]*)(?=[.\[])")
_STEP = re.compile(r"\.?([^.\[\]]+)|\[([^\]]*)\]")


def locate(field: str | Location) -> tuple[str | None, Location]:
    """``field`` as ``(owner, path)``, the class it starts in and the steps within.

    ``"Contract.avenants[0].caf_signed_on"`` is ``("Contract", ("avenants", 0,
    "caf_signed_on"))``. The errors' own way of naming a field, read once where an error is made; a
    tuple is taken as the path itself.

    >>> locate("OfficeHours[lundi]"), locate(("bulletins", 1, "maximum"))
    (('OfficeHours', ('lundi',)), (None, ('bulletins', 1, 'maximum')))
    """
    if isinstance(field, tuple):
        return None, field
    owner = _OWNER.match(field)
    rest = field[owner.end() :] if owner else field
    path: list[str | int] = []
    for step in _STEP.finditer(rest):
        name, key = step.groups()
        if name is not None:
            path.append(name)
        else:
            path.append(int(key) if key.isdigit() else Key(key))
    return (owner.group(1) if owner else None), tuple(path)


def render(owner: str | None, path: Location) -> str:
    """``owner`` and ``path`` written as a field: ``Contract.avenants[0].caf_signed_on``.

    Indexes and :class:`Key` steps go in brackets, names after a dot.

    >>> render(None, ("bulletins", 1, "quotas", 0, "maximum"))
    'bulletins[1].quotas[0].maximum'
    """
    written = owner or ""
    for step in path:
        if isinstance(step, int | Key):
            written += f"[{step}]"
        else:
            written += f".{step}" if written else step
    return written


def _restore(
    cls: type[CafContractError], args: tuple[Any, ...], state: dict[str, Any]
) -> CafContractError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


def _picklable(value: object) -> object:
    """``value``, or its printed form when it cannot travel (a generator, a lock…)."""
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001  # whatever stops it, the printed form travels
        return shown(value)
    return value


class CafContractError(ValueError):
    """Root of every error of the library: the input was malformed.

    Attributes:
        article: the article the faulty input relates to, if any; the message then
            starts with its label (``Art. 3.3 — …``).
        owner: the class the faulty field belongs to (``"Contract"``), if known.
        path: where the faulty value is, within ``owner`` or within the data given
            (``("avenants", 0, "partner_signed_on")``); empty when no one field is.
    """

    article: Article | None
    owner: str | None
    path: Location

    def __init__(
        self, message: str, *, article: Article | None = None, field: str | Location = ()
    ) -> None:
        self.article = article
        self.owner, self.path = locate(field)
        prefix = f"{article.label} — " if article is not None else ""
        super().__init__(prefix + message)

    @property
    def field(self) -> str:
        """Where the faulty value is, written out: ``Contract.avenants[0].caf_signed_on``."""
        return render(self.owner, self.path)

    @property
    def detail(self) -> str:
        """The message without saying where: what a loader says after its own path."""
        return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # The constructors take structured fields, not the message: rebuild from state.
        state = {name: _picklable(value) for name, value in self.__dict__.items()}
        return (_restore, (type(self), self.args, state))


class InvalidValueError(CafContractError):
    """A value has the wrong type or form.

    Attributes:
        field: where the value was given (``"sent_at"``, ``"Interlocutor.email"``).
        value: the value received.
        expected: what would have been accepted.
        problem: what is wrong with it.
        shown: how the message shows the value (a bounded ``repr`` by default).
    """

    def __init__(  # noqa: PLR0913  # the structured fields are the point
        self,
        field: str | Location,
        value: object,
        expected: str,
        *,
        problem: str = "valeur invalide",
        article: Article | None = None,
        shown_as: str | None = None,
    ) -> None:
        self.value = value
        self.expected = expected
        self.problem = problem
        self.shown = shown(value) if shown_as is None else shown_as
        owner, path = locate(field)
        super().__init__(f"{render(owner, path)} : {self._body}", article=article, field=field)

    @property
    def _body(self) -> str:
        return f"{self.problem} ({self.shown}) ; attendu : {self.expected}."

    @property
    def detail(self) -> str:
        """What is wrong and what is expected, with the article: no field."""
        prefix = f"{self.article.label} — " if self.article is not None else ""
        return prefix + self._body


class InvalidSiren(InvalidValueError):  # noqa: N818  # a public name users already call
    """A SIREN that is not 9 digits with a valid Luhn key (or is 000000000)."""

    EXPECTED = (
        "un SIREN de 9 chiffres (espaces permis entre les groupes), clé de Luhn valide, "
        "autre que 000000000"
    )

    def __init__(
        self,
        value: object,
        problem: str,
        *,
        article: Article | None = None,
        field: str | Location = "SIREN",
    ) -> None:
        super().__init__(field, value, self.EXPECTED, problem=problem, article=article)


class NaiveDatetimeError(InvalidValueError):
    """A datetime without time zone: the instant it means cannot be known."""

    def __init__(
        self,
        field: str | Location,
        value: object,
        *,
        expected: str | None = None,
        shown_as: str | None = None,
    ) -> None:
        super().__init__(
            field,
            value,
            expected
            or "un instant avec son décalage horaire (tzinfo), par exemple "
            "2026-11-23T10:00:00+01:00",
            problem="date et heure sans fuseau horaire",
            shown_as=when(value) if shown_as is None else shown_as,
        )


class InvalidEmailError(InvalidValueError):
    """An e-mail address that is not of the form ``local@domaine.tld``."""

    def __init__(
        self, field: str | Location, value: object, *, article: Article | None = None
    ) -> None:
        super().__init__(
            field,
            value,
            "une adresse de la forme nom@domaine.fr, sans espace",
            problem="adresse mél mal formée",
            article=article,
        )


class UnknownDepartmentError(InvalidValueError):
    """A French department code that does not exist.

    Attributes:
        meant: the code ``value`` most likely stands for, when there is one: ``"57"``
            for the number ``57`` (as ``pandas.read_csv`` reads a column of codes),
            ``"01"`` for ``"1"``; the message then says how to write it.
    """

    def __init__(
        self, value: object, *, field: str | Location = "department", meant: str | None = None
    ) -> None:
        self.meant = meant
        if meant is None:
            expected = (
                "un code de département : « 01 » à « 95 » (sauf « 20 »), « 2A », « 2B », "
                "« 971 » à « 976 »"
            )
        elif isinstance(value, str):
            expected = f'un code de département à deux chiffres : écrire "{meant}"'
        else:
            expected = f'un code de département en texte ("{meant}")'
        super().__init__(field, value, expected, problem="département inconnu")


class UnknownArticleError(InvalidValueError):
    """An article id that is not in the contract's catalogue."""

    def __init__(self, value: object, *, known: Iterable[str]) -> None:
        super().__init__("article", value, f"un article du contrat parmi : {', '.join(known)}")


class UnknownRoleError(InvalidValueError):
    """A role (profil) that the bulletin d'adhésion of the service does not define."""

    def __init__(  # the structured fields are the point
        self,
        value: object,
        *,
        service: str,
        known: Iterable[str],
        article: Article | None = None,
        field: str | Location = "role",
    ) -> None:
        self.service = service
        roles = ", ".join(sorted(known)) or "aucun"
        super().__init__(
            field,
            value,
            f"un rôle du bulletin d'adhésion du service « {service} » ({roles})",
            problem="rôle inconnu du bulletin",
            article=article,
        )


class UnsupportedYearError(CafContractError):
    """A year the holiday data does not cover: it cannot be counted in working days."""

    def __init__(self, year: int, first: int, last: int, *, article: Article | None = None) -> None:
        self.year = year
        self.first = first
        self.last = last
        super().__init__(
            f"année {year} non couverte par les jours fériés connus ; "
            f"attendu : une date entre {first} et {last}.",
            article=article,
        )


class BadRowsError(CafContractError):
    """Rows of a column that no rule can answer (:mod:`caf_contract.bulk`, ``errors="raise"``).

    Attributes:
        field: the argument whose rows are wrong (``"sent_at"``, ``"department"``).
        position: the position (from 0) of the first wrong row.
        count: how many rows are wrong, for whatever reason.
        problem: what is wrong with the first one.
        expected: what would have been accepted there.
    """

    def __init__(  # noqa: PLR0913  # the structured fields are the point
        self,
        field: str,
        position: int,
        count: int,
        problem: str,
        expected: str,
        *,
        article: Article | None = None,
    ) -> None:
        self.position = position
        self.count = count
        self.problem = problem
        self.expected = expected
        rows = "1 ligne refusée" if count == 1 else f"{count} lignes refusées"
        super().__init__(
            f"{field} : {rows} ; la première, à la position {position} : {problem} ; "
            f'attendu : {expected}. Avec errors="coerce", ces lignes donnent une valeur nulle.',
            article=article,
            field=field,
        )


class ChronologyError(CafContractError):
    """Two dated events given in an impossible order (a later one dated before an earlier).

    Attributes:
        strictly: the later one must be strictly after the earlier (an equal date is
            refused too, as for the end of a stop of the service).
        field: the field to correct (``Contract.avenants[1].caf_signed_on``); by
            default ``later_field``.
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
        field: str | Location | None = None,
    ) -> None:
        self.earlier_field = earlier_field
        self.earlier = earlier
        self.later_field = later_field
        self.later = later
        self.strictly = strictly
        relation = "ne suit pas" if strictly else "précède"
        expected = "postérieure" if strictly else "égale ou postérieure"
        super().__init__(
            f"{later_field} ({when(later)}) {relation} {earlier_field} ({when(earlier)}) ; "
            f"attendu : une date {expected} au {when(earlier)}.",
            article=article,
            field=later_field if field is None else field,
        )


class UnsignedAvenantError(CafContractError):
    """An avenant not signed by both parties cannot change the contract (Art. 6).

    Attributes:
        field: where the missing signature goes (``Contract.avenants[0].caf_signed_on``).
    """

    def __init__(
        self,
        title: str,
        missing: Iterable[str],
        *,
        article: Article | None = None,
        field: str | Location = "avenant",
    ) -> None:
        self.title = title
        self.missing = tuple(missing)
        super().__init__(
            f"l'avenant « {title} » n'est pas signé par {' ni par '.join(self.missing)} ; "
            "attendu : un avenant signé par les deux parties.",
            article=article,
            field=field,
        )


class OverlappingWindowsError(CafContractError):
    """Two stops of the service that overlap: a schedule lists disjoint windows (Art. 4).

    Attributes:
        field: the later-starting stop, as given (``Schedule.windows[3]``).
    """

    def __init__(
        self,
        first: object,
        second: object,
        *,
        article: Article | None = None,
        field: str | Location = "windows",
    ) -> None:
        self.first = first
        self.second = second
        super().__init__(
            f"les arrêts « {first} » et « {second} » se chevauchent ; "
            "attendu : des fenêtres disjointes (une fin peut toucher le début suivant).",
            article=article,
            field=field,
        )


class LoadError(CafContractError):
    """Plain data (a dict, a JSON or TOML file) that describes no valid value.

    Attributes:
        path: where in the data (``("bulletins", 1, "quotas", 0, "maximum")``), shown
            as ``field`` (``bulletins[1].quotas[0].maximum``; ``(racine)`` for the whole).
        problem: what is wrong there, and what is expected.
        source: the file read, when the whole file is at fault (unreadable, too big…).
        count: how many faults there are (more than :attr:`errors` holds beyond a
            hundred).

    A loader lists every fault of the data at once (:attr:`errors`), so that one run
    shows every mistake. With several faults, ``path`` and ``problem`` are the first
    one's, and the message lists them all, one per line.
    """

    def __init__(self, path: Location, problem: str, *, source: str | None = None) -> None:
        self.problem = problem
        self.source = source
        super().__init__(problem, field=path)
        self.args = (f"{self.field} : {problem}",)
        self._faults: tuple[LoadError, ...] = ()
        self.count = 1

    @property
    def errors(self) -> tuple[LoadError, ...]:
        """Every fault found, each on its own, the first one first (the first hundred).

        A loader lists them all at once, so that one run shows every mistake.
        """
        return self._faults or (self,)

    @classmethod
    def listing(cls, errors: Iterable[LoadError], *, count: int | None = None) -> LoadError:
        """One error for every fault in ``errors`` (``count`` of them in all, if more).

        >>> error = LoadError.listing([LoadError(("a",), "texte attendu"),
        ...                            LoadError(("b", 0), "nombre attendu")])
        >>> print(error)
        2 erreurs :
        - a : texte attendu
        - b[0] : nombre attendu
        >>> error.path, error.count
        (('a',), 2)
        """
        faults = tuple(errors)
        first = faults[0]
        if len(faults) == 1 and count in {None, 1}:
            return first
        error = cls(first.path, first.problem, source=first.source)
        error._faults = faults  # its own class
        error.count = len(faults) if count is None else count
        lines = [f"{error.count} erreurs :", *(f"- {fault.args[0]}" for fault in faults)]
        if error.count > len(faults):
            lines.append(f"- … et {error.count - len(faults)} de plus")
        error.args = ("\n".join(lines),)
        return error

    @property
    def field(self) -> str:
        """Where, written out: the file, or the path in the data (``(racine)``: the whole)."""
        if self.source is not None:
            return self.source
        return render(None, self.path) or "(racine)"

    @property
    def detail(self) -> str:
        """What is wrong there: the message without the path."""
        return self.problem


class InvalidTransitionError(CafContractError):
    """A lifecycle event that cannot happen from the current state.

    Attributes:
        field: where the event was given, when it was (``Delegation.history[1].kind``).
    """

    def __init__(
        self,
        subject: str,
        state: str,
        event: str,
        *,
        article: Article | None = None,
        field: str | Location = (),
    ) -> None:
        self.subject = subject
        self.state = state
        self.event = event
        super().__init__(
            f"{subject} : « {event} » impossible depuis l'état « {state} ».",
            article=article,
            field=field,
        )


class UnauthorisedActionError(InvalidTransitionError):
    """A transition asked of someone the contract does not entrust with it (Art. 2.2).

    Attributes:
        decision: the rule's denial (:func:`~caf_contract.habilitations.may_act`), every
            failed condition with its article.
    """

    def __init__(
        self, event: str, actor: str, decision: Decision, *, article: Article | None = None
    ) -> None:
        self.subject = actor
        self.state = "non habilité"
        self.event = event
        self.decision = decision
        why = " ; ".join(reason.message for reason in decision.reasons)
        CafContractError.__init__(self, f"« {event} » impossible : {why}.", article=article)
