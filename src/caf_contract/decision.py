"""What every rule returns: a :class:`Decision` made of :class:`Reason` values citing articles.

A decision is truthy when the thing asked for is allowed. A denial lists *every*
failed condition, not only the first; an allowance says what it rests on. Either may
carry *remarks*: what deserves attention without deciding anything (a contract signed
before its template's update date, a session still open at the end of the traces).

>>> from caf_contract import Decision, Reason
>>> decision = Decision.deny(
...     Reason("2.2", "quota du service atteint (3 sur 3)"),
...     Reason("2.2", "périmètre « RSA » hors du rôle « consultation »"),
... )
>>> bool(decision)
False
>>> print(decision)
refusé
- Art. 2.2 — quota du service atteint (3 sur 3)
- Art. 2.2 — périmètre « RSA » hors du rôle « consultation »
>>> Decision.from_dict(decision.to_dict()) == decision
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self

import attrs

from caf_contract._html import Html, Shown, cell, element, escape, join, table, verdict
from caf_contract._validate import instance_of, is_bool, non_blank, tuple_of
from caf_contract.articles import Article

# At run time, not only for type checkers: serialization resolves the type of every
# field of Decision, ``deadline`` included. deadline imports no rule, so no circle.
from caf_contract.deadline import Deadline
from caf_contract.errors import InvalidValueError
from caf_contract.remedy import Remedy

__all__ = ["Decision", "Reason"]


def _article(value: Article | str) -> Article:
    return Article.parse(value)


@attrs.frozen
class Reason(Shown):
    """One condition of a decision, with the article it rests on.

    Args:
        article: the article id (``"3.3"``, ``"Art. 3.3"`` or an :class:`Article`).
        message: what holds or fails, in French, without the article prefix.
        remedy: for a failed condition, what would make it hold, when something
            clear would (:class:`~caf_contract.remedy.Remedy`); ``None`` otherwise.
    """

    article: Article = attrs.field(converter=_article)
    message: str = attrs.field(validator=non_blank)
    remedy: Remedy | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(instance_of(Remedy, "Remedy(...) ou None")),
    )

    _html_caption = "Motif"
    _html_fields = (("article", "Article"), ("message", "Motif"))
    _html_inline = True

    def __str__(self) -> str:
        return f"{self.article.label} — {self.message}"

    def __repr__(self) -> str:
        remedy = "" if self.remedy is None else f", remedy={self.remedy!r}"
        return f"Reason(article={self.article!r}, message={self.message!r}{remedy})"

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form, for JSON and data frames; ``remedy`` only when there is one."""
        data: dict[str, Any] = {"article": self.article.value, "message": self.message}
        if self.remedy is not None:
            data["remedy"] = self.remedy.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`.

        Raises:
            InvalidValueError: ``data`` is not a dict, lacks ``article`` or ``message``,
                or holds something else than an article and a text there, or a
                malformed ``remedy`` (which may be absent).
        """
        article, message, remedy = _reason_parts(data, "Reason")
        return cls(article, message, remedy=remedy)


def _reason_parts(data: object, where: str) -> tuple[str, str, Remedy | None]:
    """The article, message and remedy ``data`` holds; errors name ``where`` it was read."""
    article, message = _reason_fields(data, where)
    remedy = data.get("remedy") if isinstance(data, Mapping) else None
    if remedy is None:
        return article, message, None
    return article, message, Remedy.from_dict(remedy, where=f"{where}.remedy")


def _reason_fields(data: object, where: str) -> tuple[str, str]:
    """The article and message ``data`` holds, errors naming ``where`` it was read."""
    article = _entry(data, "article", where, _REASON_FORM)
    if not isinstance(article, str):
        raise InvalidValueError(
            f"{where}.article", article, "un article du contrat en texte (« 2.2 », « 3.3 »…)"
        )
    message = _entry(data, "message", where, _REASON_FORM)
    if not isinstance(message, str):
        raise InvalidValueError(f"{where}.message", message, "un texte non vide")
    return article, message


_REASON_FORM = "un dictionnaire {'article': '2.2', 'message': '…'}"
_DECISION_FORM = "un dictionnaire {'allowed': True ou False, 'reasons': [{'article': …, …}]}"


def _entry(data: object, key: str, where: str, form: str) -> object:
    """``data[key]``; a ``data`` that is no dict, or lacks ``key``, refused naming it."""
    if not isinstance(data, Mapping):
        raise InvalidValueError(where, data, form)
    if key not in data:
        raise InvalidValueError(f"{where}.{key}", data, form, problem="clé absente")
    value: object = data[key]
    return value


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    reasons = tuple_of(value, Reason, "Decision.reasons", "Reason(article, message)")
    if not reasons:
        raise InvalidValueError(
            "Decision.reasons",
            reasons,
            "au moins une raison : toute décision cite l'article sur lequel elle repose",
        )
    return reasons


def _remarks(value: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple_of(value, Reason, "Decision.remarks", "Reason(article, message)")


@attrs.frozen
class Decision:
    """The outcome of a rule: allowed or not, and why, article by article.

    Build one with :meth:`allow`, :meth:`deny` or :meth:`from_failures` rather than
    the constructor.

    Attributes:
        allowed: whether the thing asked for is allowed (also ``bool(decision)``).
        reasons: when denied, every failed condition; when allowed, what it rests on.
        remarks: what deserves attention without changing the answer (none by default).
        deadline: the delay the rule counted, day by day, when its answer rests on one
            (:class:`~caf_contract.deadline.Deadline`); ``None`` otherwise. Today a
            denial of :func:`~caf_contract.escalation.may_send_reminder` (and of
            :func:`~caf_contract.incidents.may_remind`) for a delay not yet run out
            carries it. An explanation beside the decision, not part of it: not given
            to the constructor, left out of equality, ``repr()``, :meth:`to_dict` and
            ``to_data`` (computed again from the rule's inputs by
            :func:`~caf_contract.deadline.explain_reminder`), kept by ``pickle``, lost
            by ``attrs.evolve``.
    """

    allowed: bool = attrs.field(validator=is_bool)
    reasons: tuple[Reason, ...] = attrs.field(converter=_reasons)
    remarks: tuple[Reason, ...] = attrs.field(default=(), converter=_remarks, kw_only=True)
    deadline: Deadline | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @classmethod
    def allow(cls, *reasons: Reason, remarks: Iterable[Reason] = ()) -> Self:
        """An allowance resting on ``reasons``."""
        return cls(allowed=True, reasons=reasons, remarks=remarks)

    @classmethod
    def deny(cls, *reasons: Reason, remarks: Iterable[Reason] = ()) -> Self:
        """A denial listing every failed condition."""
        return cls(allowed=False, reasons=reasons, remarks=remarks)

    @classmethod
    def from_failures(
        cls, failures: Iterable[Reason], *, otherwise: Reason, remarks: Iterable[Reason] = ()
    ) -> Self:
        """Deny with every failure if there is any, else allow on ``otherwise``."""
        found = tuple(failures)
        if found:
            return cls.deny(*found, remarks=remarks)
        return cls.allow(otherwise, remarks=remarks)

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def articles(self) -> tuple[Article, ...]:
        """The distinct articles cited, in the order they first appear."""
        return tuple(dict.fromkeys(reason.article for reason in self.reasons))

    @property
    def remedies(self) -> tuple[Remedy, ...]:
        """What would allow: the remedies the failed conditions carry, in their order.

        Only a denial's reasons carry any; a failed condition with no clear remedy
        adds none (:attr:`Reason.remedy`).
        """
        return tuple(reason.remedy for reason in self.reasons if reason.remedy is not None)

    @property
    def verdict(self) -> str:
        """``"autorisé"`` or ``"refusé"``."""
        return "autorisé" if self.allowed else "refusé"

    def __str__(self) -> str:
        return "\n".join(
            [
                self.verdict,
                *(f"- {reason}" for reason in self.reasons),
                *(f"- remarque : {remark}" for remark in self.remarks),
            ]
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form, for JSON and data frames."""
        return {
            "allowed": self.allowed,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "remarks": [remark.to_dict() for remark in self.remarks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`.

        Raises:
            InvalidValueError: ``data`` is not a dict, lacks ``allowed`` or ``reasons``,
                or holds a malformed value there; the error names the key
                (``Decision.reasons[1].message``). ``remarks`` may be absent.
        """
        allowed = _entry(data, "allowed", "Decision", _DECISION_FORM)
        items = _entry(data, "reasons", "Decision", _DECISION_FORM)
        remarks = data.get("remarks", [])  # optional: a decision without remarks may omit it
        return cls(
            allowed=allowed,  # type: ignore[arg-type]  # checked by the validator
            reasons=_reason_list(items, "reasons"),
            remarks=_reason_list(remarks, "remarks"),
        )

    def to_records(self) -> list[dict[str, Any]]:
        """The decision flat, one row per reason and per remark: for a data frame.

        ``pandas.DataFrame(decision.to_records())`` has one column per key, where
        ``pandas.DataFrame([decision.to_dict()])`` nests the reasons in one cell. The
        keys, in French and stable:

        - ``verdict``: the decision's, « autorisé » or « refusé », on every row;
        - ``article``: the article cited (``"3.3"``, ``"préambule"``);
        - ``motif``: the reason's text, without the article;
        - ``remarque``: ``True`` for a remark, which decides nothing;
        - ``constat``: ``True`` for a failed condition (a reason of a denial);
        - ``remède``: what would make it hold, in French, on the rows of the reasons
          that carry a remedy only (pandas leaves the others empty).

        >>> decision = Decision.deny(Reason("3.3", "trop tôt"), remarks=[Reason("6", "vu")])
        >>> rows = decision.to_records()
        >>> list(rows[0])
        ['verdict', 'article', 'motif', 'remarque', 'constat']
        >>> [(row["article"], row["motif"], row["remarque"], row["constat"]) for row in rows]
        [('3.3', 'trop tôt', False, True), ('6', 'vu', True, False)]
        """
        rows: list[dict[str, Any]] = []
        for remark, items in ((False, self.reasons), (True, self.remarks)):
            for reason in items:
                row = {
                    "verdict": self.verdict,
                    "article": reason.article.value,
                    "motif": reason.message,
                    "remarque": remark,
                    "constat": not remark and not self.allowed,
                }
                if reason.remedy is not None:
                    row["remède"] = reason.remedy.text
                rows.append(row)
        return rows

    def _html_lines(self) -> list[tuple[Html, Html]]:
        """Each reason, then each remark: its article and its text, and its remedy below."""
        remark = element("em", "remarque : ")
        return [
            (cell(reason.article), join((prefix, reason.message, *_remedy_html(reason))))
            for prefix, items in (("", self.reasons), (remark, self.remarks))
            for reason in items
        ]

    def _repr_html_(self) -> str:
        return element(
            "div",
            join(
                (
                    verdict(allowed=self.allowed, text=self.verdict),
                    table(None, self._html_lines(), head=("Article", "Motif")),
                    "" if self.deadline is None else self.deadline._html_nested(),  # noqa: SLF001  # Shown's protocol
                )
            ),
            style="text-align:left",
        )


def _with_deadline(decision: Decision, deadline: Deadline) -> Decision:
    """A copy of ``decision`` carrying ``deadline``: for the rules that count a delay.

    Set on the copy before anyone sees it: the decision stays a frozen value.
    """
    if not isinstance(deadline, Deadline):
        raise InvalidValueError("deadline", deadline, "Deadline(...)")
    copy = attrs.evolve(decision)
    object.__setattr__(copy, "deadline", deadline)
    return copy


def _remedy_html(reason: Reason) -> tuple[Html, ...]:
    """The remedy of ``reason`` on a line of its own, or nothing."""
    if reason.remedy is None:
        return ()
    return (Html("<br>"), element("em", "pour y remédier : "), escape(reason.remedy.text))


def _reason_list(items: object, key: str) -> tuple[Reason, ...]:
    """The reasons (or remarks) listed under ``key`` of a decision's plain form."""
    if not isinstance(items, list | tuple):
        raise InvalidValueError(f"Decision.{key}", items, f"une liste de {_REASON_FORM}")
    reasons = []
    for index, item in enumerate(items):
        article, message, remedy = _reason_parts(item, f"Decision.{key}[{index}]")
        reasons.append(Reason(article, message, remedy=remedy))
    return tuple(reasons)
