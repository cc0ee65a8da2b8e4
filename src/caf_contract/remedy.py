"""What would allow: the remedy a failed condition may carry (issue 18).

A denial says what fails; a :class:`Remedy` says what would make that one condition
hold, in French for the partner (« attendre le 01/12/2026 à 00:00 », « faire signer
le bulletin d'adhésion du service « CDAP » au plus tard le 02/03/2026 ») and as data,
one of a few kinds (:class:`RemedyKind`) with its parameters, so that a program can
apply it to the rule's inputs (:func:`caf_contract.remedies.apply_remedy`). The text
is written from the data: the two never disagree.

>>> from datetime import datetime
>>> from caf_contract._time import PARIS
>>> remedy = Remedy.wait(datetime(2026, 12, 1, tzinfo=PARIS))
>>> print(remedy)
attendre le 01/12/2026 à 00:00
>>> remedy.to_dict()
{'kind': 'attendre', 'text': 'attendre le 01/12/2026 à 00:00', 'until': '2026-12-01T00:00:00+01:00'}
>>> Remedy.from_dict(remedy.to_dict()) == remedy
True
>>> print(Remedy.within_quota(service="CDAP", role="consultation", quota=6, remove=2))
dévalider 2 habilitations du rôle « consultation » du service « CDAP », ou obtenir de la Caf
un quota de 6 habilitations au moins
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, Final, Self

import attrs

from caf_contract._format import PARIS, counted, day_text, moment_text, quoted
from caf_contract._html import Shown
from caf_contract._time import aware, instant, plain_day
from caf_contract._validate import (
    integer,
    is_aware,
    is_day,
    non_blank,
    optional,
    parse_enum,
    text,
    tuple_of,
)
from caf_contract.errors import InvalidValueError

__all__ = ["Remedy", "RemedyKind", "SignedDocument"]


class RemedyKind(enum.StrEnum):
    """The kinds of remedy: what changes, in the contract's words."""

    WAIT = "attendre"
    """Wait until the instant ``until``: a delay runs out, a purge date comes, a stop ends."""
    QUOTA = "quota"
    """Keep within the quota of ``service`` (of its ``role``, or the whole service when
    ``None``): dévalider ``remove`` of its habilitations (``None`` when removing cannot
    suffice), or obtain from the Caf a maximum of ``quota`` at least."""
    SIGN = "signer"
    """Have ``document`` (of ``service``, for a bulletin d'adhésion) signed by ``sign_by``."""
    REMOVE_SCOPE = "retirer un périmètre"
    """Ask ``scope`` no more in an habilitation of ``role`` of ``service``; ``instead``:
    the role's scopes, given when nothing the role gives would be left."""


class SignedDocument(enum.StrEnum):
    """The documents a remedy may have signed (Art. 1, 2.1, annexe 2)."""

    CONVENTION = "convention d'accès"
    CONTRACT = "contrat de service"
    BULLETIN = "bulletin d'adhésion"


# The fields each kind takes, in the order its plain form writes them, and those of
# them it may leave out; the fields of other kinds stay None (or empty).
_KIND_FIELDS: Final[dict[RemedyKind, tuple[str, ...]]] = {
    RemedyKind.WAIT: ("until",),
    RemedyKind.QUOTA: ("service", "role", "quota", "remove"),
    RemedyKind.SIGN: ("document", "service", "sign_by"),
    RemedyKind.REMOVE_SCOPE: ("service", "role", "scope", "instead"),
}
_MAY_BE_LEFT: Final[dict[RemedyKind, frozenset[str]]] = {
    RemedyKind.WAIT: frozenset(),
    RemedyKind.QUOTA: frozenset({"role", "remove"}),
    RemedyKind.SIGN: frozenset({"service"}),  # a bulletin's only: checked apart
    RemedyKind.REMOVE_SCOPE: frozenset({"instead"}),
}
_FIELDS: Final = (
    "until",
    "service",
    "role",
    "quota",
    "remove",
    "document",
    "sign_by",
    "scope",
    "instead",
)


def _required(kind: RemedyKind) -> tuple[str, ...]:
    return tuple(name for name in _KIND_FIELDS[kind] if name not in _MAY_BE_LEFT[kind])


def _kind(value: RemedyKind | str) -> RemedyKind:
    return parse_enum(RemedyKind, value, "Remedy.kind")


def _document(value: SignedDocument | str | None) -> SignedDocument | None:
    return None if value is None else parse_enum(SignedDocument, value, "Remedy.document")


def _optional_instant(value: datetime | None) -> datetime | None:
    return None if value is None else instant(value)


def _instead(value: Iterable[str]) -> tuple[str, ...]:
    scopes = tuple_of(value, str, "Remedy.instead", "des périmètres (textes non vides)")
    for scope in scopes:
        text(scope, "Remedy.instead", "des périmètres (textes non vides)")
    return scopes


_count = integer(minimum=1, expected="un nombre d'habilitations entier, au moins 1")


def _fits_kind(instance: Remedy, attribute: attrs.Attribute[Any], value: object) -> None:
    """Every field the kind requires given; none of another kind's."""
    del attribute, value
    kind = instance.kind
    for name in _required(kind):
        if getattr(instance, name) is None:
            raise InvalidValueError(
                f"Remedy.{name}",
                None,
                f"une valeur : un remède « {kind} » la requiert",
                problem="champ manquant",
            )
    for name in _FIELDS:
        given = getattr(instance, name)
        if name not in _KIND_FIELDS[kind] and given not in (None, ()):
            raise InvalidValueError(
                f"Remedy.{name}",
                given,
                f"rien : un remède « {kind} » ne prend que {', '.join(_KIND_FIELDS[kind])}",
                problem="champ d'un autre remède",
            )
    if kind is RemedyKind.SIGN and (instance.document is SignedDocument.BULLETIN) != (
        instance.service is not None
    ):
        raise InvalidValueError(
            "Remedy.service",
            instance.service,
            "le service d'un bulletin d'adhésion, et aucun pour la convention ou le contrat",
            problem="service incohérent avec le document",
        )


@attrs.frozen(kw_only=True)
class Remedy(Shown):
    """What would make one failed condition hold: a kind of change and its parameters.

    Build one with :meth:`wait`, :meth:`within_quota`, :meth:`sign` or :meth:`remove_scope`;
    the constructor refuses a field the kind does not take, or lacks one it requires
    (:class:`RemedyKind` says which). :attr:`text` says it in French.

    Attributes:
        kind: what changes.
        until: ``WAIT``: the first instant the condition holds (aware).
        service: ``QUOTA``, ``REMOVE_SCOPE``: the service; ``SIGN``: the service of
            the bulletin d'adhésion to sign.
        role: ``QUOTA``: the role of the quota, ``None`` for the whole service;
            ``REMOVE_SCOPE``: the role asked for.
        quota: ``QUOTA``: the smallest maximum that would do.
        remove: ``QUOTA``: how many habilitations to dévalider, ``None`` when even
            dévalidating them all would not do.
        document: ``SIGN``: the document to sign.
        sign_by: ``SIGN``: the day it must be signed by (at the latest).
        scope: ``REMOVE_SCOPE``: the scope to ask no more.
        instead: ``REMOVE_SCOPE``: the role's scopes, when nothing it gives would be
            left once every refused scope is removed; empty otherwise.
    """

    kind: RemedyKind = attrs.field(converter=_kind)
    until: datetime | None = attrs.field(
        default=None, converter=_optional_instant, validator=optional(is_aware)
    )
    service: str | None = attrs.field(default=None, validator=optional(non_blank))
    role: str | None = attrs.field(default=None, validator=optional(non_blank))
    quota: int | None = attrs.field(default=None, validator=optional(_count))
    remove: int | None = attrs.field(default=None, validator=optional(_count))
    document: SignedDocument | None = attrs.field(default=None, converter=_document)
    sign_by: date | None = attrs.field(default=None, validator=optional(is_day))
    scope: str | None = attrs.field(default=None, validator=optional(non_blank))
    instead: tuple[str, ...] = attrs.field(default=(), converter=_instead, validator=_fits_kind)

    _html_caption = "Remède"
    _html_inline = True
    _html_fields = (("kind", "Nature"), ("text", "Pour y remédier"))

    @classmethod
    def wait(cls, until: datetime) -> Self:
        """Wait until ``until`` (aware): « attendre le 01/12/2026 à 00:00 »."""
        return cls(kind=RemedyKind.WAIT, until=until)

    @classmethod
    def within_quota(
        cls, *, service: str, quota: int, role: str | None = None, remove: int | None = None
    ) -> Self:
        """Dévalider ``remove`` habilitations, or obtain a quota of ``quota`` (Art. 2.2)."""
        return cls(kind=RemedyKind.QUOTA, service=service, role=role, quota=quota, remove=remove)

    @classmethod
    def sign(
        cls, document: SignedDocument | str, *, sign_by: date, service: str | None = None
    ) -> Self:
        """Have ``document`` signed by ``sign_by`` (a bulletin names its ``service``)."""
        return cls(kind=RemedyKind.SIGN, document=document, sign_by=sign_by, service=service)

    @classmethod
    def remove_scope(
        cls, scope: str, *, service: str, role: str, instead: Iterable[str] = ()
    ) -> Self:
        """Ask ``scope`` no more in an habilitation of ``role`` (moindre affectation)."""
        return cls(
            kind=RemedyKind.REMOVE_SCOPE, scope=scope, service=service, role=role, instead=instead
        )

    @property
    def text(self) -> str:
        """What to do, in French, without the article."""
        return _TEXTS[self.kind](self)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        given = ", ".join(
            f"{name}={_shown(getattr(self, name))}" for name in _KIND_FIELDS[self.kind]
        )
        return f"Remedy(kind={self.kind.value!r}, {given})"

    def _html_rows(self) -> list[tuple[str, object]]:
        return [("Nature", self.kind), ("Pour y remédier", self.text)]

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form: the kind, the text, then the kind's fields (``None`` when not given).

        Instants in ISO 8601 with their Paris offset, days in ISO 8601.
        """
        data: dict[str, Any] = {"kind": self.kind.value, "text": self.text}
        for name in _KIND_FIELDS[self.kind]:
            data[name] = _plain(getattr(self, name))
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, where: str = "Remedy") -> Self:
        """Inverse of :meth:`to_dict`; ``text`` is written from the data, and not read.

        ``where`` names the place the data was read at, for errors
        (``Decision.reasons[0].remedy``).

        Raises:
            InvalidValueError: ``data`` is not a dict, lacks ``kind`` or a field its
                kind requires, or holds a malformed value; the error names the key.
        """
        if not isinstance(data, Mapping):
            raise InvalidValueError(where, data, _REMEDY_FORM)
        if "kind" not in data:
            raise InvalidValueError(f"{where}.kind", data, _REMEDY_FORM, problem="clé absente")
        kind = parse_enum(RemedyKind, data["kind"], f"{where}.kind")
        fields: dict[str, object] = {}
        for name in _KIND_FIELDS[kind]:
            if name not in data and name not in _MAY_BE_LEFT[kind]:
                raise InvalidValueError(
                    f"{where}.{name}",
                    data,
                    f"les champs d'un remède « {kind} » : {', '.join(_required(kind))}",
                    problem="clé absente",
                )
            if data.get(name) is not None:
                fields[name] = _READERS[name](data[name], f"{where}.{name}")
        try:
            return cls(kind=kind, **fields)  # type: ignore[arg-type]  # each field read above
        except InvalidValueError as error:  # said at the key it was read from
            raise InvalidValueError(
                where + error.field.removeprefix("Remedy"),
                error.value,
                error.expected,
                problem=error.problem,
            ) from None


def _shown(value: object) -> str:
    """A field in the repr, as the constructor takes it: an enum by its value."""
    return repr(value.value if isinstance(value, enum.Enum) else value)


_REMEDY_FORM = "un dictionnaire {'kind': 'attendre', 'until': '2026-12-01T00:00:00+01:00'}"


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(PARIS).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _read_instant(value: object, field: str) -> datetime:
    if isinstance(value, str):
        try:
            read = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            aware(read, field)  # without an offset, no instant: said at its key
            return read
    raise InvalidValueError(
        field, value, "un instant ISO 8601 avec son décalage (« 2026-12-01T00:00:00+01:00 »)"
    )


def _read_day(value: object, field: str) -> date:
    if isinstance(value, str):
        try:
            return plain_day(date.fromisoformat(value), field)
        except ValueError:
            pass
    raise InvalidValueError(field, value, "une date ISO 8601 (« 2026-03-02 »)")


def _read_text(value: object, field: str) -> str:
    return text(value, field)


def _read_count(value: object, field: str) -> int:
    if type(value) is not int:
        raise InvalidValueError(field, value, "un nombre d'habilitations entier, au moins 1")
    return value


def _read_scopes(value: object, field: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidValueError(field, value, "une liste de périmètres")
    return tuple(_read_text(item, f"{field}[{index}]") for index, item in enumerate(value))


_READERS: Final[dict[str, Callable[[object, str], object]]] = {
    "until": _read_instant,
    "service": _read_text,
    "role": _read_text,
    "quota": _read_count,
    "remove": _read_count,
    "document": _read_text,
    "sign_by": _read_day,
    "scope": _read_text,
    "instead": _read_scopes,
}


# --- the French text, written from the data


def _wait_text(remedy: Remedy) -> str:
    assert remedy.until is not None  # noqa: S101  # the kind requires it
    return f"attendre le {moment_text(remedy.until)}"


def _quota_text(remedy: Remedy) -> str:
    assert remedy.service is not None  # noqa: S101  # the kind requires it
    assert remedy.quota is not None  # noqa: S101
    service = f"service {quoted(remedy.service)}"
    held = service if remedy.role is None else f"rôle {quoted(remedy.role)} du {service}"
    wanted = f"un quota de {counted(remedy.quota, 'habilitation')} au moins"
    if remedy.remove is None:  # dévalidating them all would not do
        return f"obtenir de la Caf {wanted} pour le {held}"
    removed = counted(remedy.remove, "habilitation")
    return f"dévalider {removed} du {held}, ou obtenir de la Caf {wanted}"


def _sign_text(remedy: Remedy) -> str:
    assert remedy.document is not None  # noqa: S101  # the kind requires it
    assert remedy.sign_by is not None  # noqa: S101
    document = {
        SignedDocument.CONVENTION: "la convention d'accès",
        SignedDocument.CONTRACT: "le contrat de service",
        SignedDocument.BULLETIN: f"le bulletin d'adhésion du service {quoted(remedy.service)}",
    }[remedy.document]
    return f"faire signer {document} au plus tard le {day_text(remedy.sign_by)}"


def _remove_scope_text(remedy: Remedy) -> str:
    removed = f"retirer le périmètre {quoted(remedy.scope)}"
    if not remedy.instead:
        return removed
    scopes = [quoted(scope) for scope in remedy.instead]
    listed = scopes[0] if len(scopes) == 1 else f"{', '.join(scopes[:-1])} ou {scopes[-1]}"
    return f"{removed}, et demander un périmètre du rôle {quoted(remedy.role)} : {listed}"


_TEXTS: Final[dict[RemedyKind, Callable[[Remedy], str]]] = {
    RemedyKind.WAIT: _wait_text,
    RemedyKind.QUOTA: _quota_text,
    RemedyKind.SIGN: _sign_text,
    RemedyKind.REMOVE_SCOPE: _remove_scope_text,
}
