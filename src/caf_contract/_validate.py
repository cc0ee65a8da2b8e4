"""Validators and converters shared by the value objects.

attrs validators receive the instance and the attribute, so each error names the
field as ``Class.field``. Converters do not (mypy's attrs plugin accepts only named
functions there), so the value objects wrap :func:`tuple_of` and friends in small
named converters that know their field.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args

import attrs

from caf_contract._time import aware, plain_day
from caf_contract.errors import InvalidValueError

if TYPE_CHECKING:
    from caf_contract.articles import Article

Validator = Callable[[object, "attrs.Attribute[Any]", object], None]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
F = TypeVar("F", bound=Callable[..., Any])


def field_name(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """``Class.field``, how errors name where a value was given."""
    return f"{type(instance).__name__}.{attribute.name}"


def non_blank(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A text with at least one visible character."""
    text(value, field_name(instance, attribute))


def text(value: object, field: str, expected: str = "un texte non vide") -> str:
    """``value`` if it is a text with a visible character; refused otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field, value, expected)
    return value


optional = attrs.validators.optional
"""``None``, or what the validator it wraps accepts."""


def is_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A calendar date (not a datetime)."""
    plain_day(value, field_name(instance, attribute))


def is_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An aware datetime."""
    aware(value, field_name(instance, attribute))


_HUGE = 10**18
"""The bound of a whole number: far beyond any count, level, delay or year, and
short enough for every message to say it."""


def whole_number(  # noqa: PLR0913  # the value, where, and what the message says
    value: object,
    field: str,
    *,
    minimum: int | None = None,
    expected: str,
    problem: str = "valeur invalide",
    article: Article | None = None,
) -> int:
    """``value`` if it is an ``int`` of at least ``minimum``; refused otherwise.

    ``True`` is no number here, nor is ``2.0``: a count or a level is written whole;
    nor is a number of 19 digits or more (:data:`_HUGE`).

    >>> whole_number(3, "adding", minimum=1, expected="≥ 1")
    3
    >>> whole_number(True, "adding", minimum=1, expected="≥ 1")
    Traceback (most recent call last):
    ...
    caf_contract.errors.InvalidValueError: adding : valeur invalide (True) ; attendu : ≥ 1.
    """
    if type(value) is not int or (minimum is not None and value < minimum):
        raise InvalidValueError(field, value, expected, problem=problem, article=article)
    if abs(value) >= _HUGE:  # no count, level or year of the contract comes near
        raise InvalidValueError(field, value, expected, problem="entier démesuré", article=article)
    return value


def integer(
    *,
    minimum: int | None = None,
    expected: str,
    problem: str = "valeur invalide",
    article: Article | None = None,
) -> Validator:
    """A validator of :func:`whole_number` for a field, naming it ``Class.field``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        whole_number(
            value,
            field_name(instance, attribute),
            minimum=minimum,
            expected=expected,
            problem=problem,
            article=article,
        )

    return check


def is_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``True`` or ``False``, nothing truthy in their place."""
    if not isinstance(value, bool):
        raise InvalidValueError(field_name(instance, attribute), value, "True ou False")


def not_empty(*, article: Article | None = None) -> Validator:
    """A validator refusing an empty collection (no role, no data scope), citing ``article``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not value:
            raise InvalidValueError(
                field_name(instance, attribute), value, "au moins un élément", article=article
            )

    return check


def instance_of(kind: type[Any] | tuple[type[Any], ...], expected: str) -> Validator:
    """A validator refusing anything but ``kind``, saying ``expected`` in French."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(field_name(instance, attribute), value, expected)

    return check


Kind = type[Any] | types.UnionType
"""What :func:`accepts` checks an argument against: a class, or a union of classes."""

optional_text: Validator = optional(instance_of(str, "un texte ou None"))
"""``None`` or a text (blank allowed: a rule names what is missing)."""


def described(kind: Kind) -> str:
    """How a message names what it expected of ``kind``: ``Contract(...) ou None``."""
    names = {type(None): "None", str: "un texte", bool: "True ou False"}
    return " ou ".join(
        names.get(member, f"{member.__name__}(...)") for member in get_args(kind) or (kind,)
    )


def accepts(**kinds: Kind | tuple[Kind, str]) -> Callable[[F], F]:
    """A decorator refusing, before the rule runs, an argument not of its kind.

    The door of a rule taking value objects: once past it, the rule trusts them,
    their constructors having validated them. The error names the argument and says
    what was expected: :func:`described`, or the words given with the kind as
    ``(kind, "expected")``. An argument left to its default is not checked.

    >>> @accepts(n=int | None)
    ... def rule(name: str, n: int | None = None) -> str:
    ...     return name
    >>> rule("x", n="2")
    Traceback (most recent call last):
    ...
    caf_contract.errors.InvalidValueError: n : valeur invalide ('2') ; attendu : int(...) ou None.
    """

    def decorate(function: F) -> F:
        parameters = list(inspect.signature(function).parameters.values())
        positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        checks = []
        for name, given in kinds.items():
            kind, expected = given if isinstance(given, tuple) else (given, described(given))
            names = [parameter.name for parameter in parameters]
            if name not in names:  # a slip of the library's own, not of its user
                message = f"{function.__qualname__} has no parameter {name!r}"
                raise TypeError(message)
            index = names.index(name)
            position = index if parameters[index].kind in positional else None
            checks.append((name, position, kind, expected))

        @functools.wraps(function)
        def checking(*args: object, **kwargs: object) -> object:
            for name, position, kind, expected in checks:
                if position is not None and position < len(args):
                    value = args[position]
                elif name in kwargs:
                    value = kwargs[name]
                else:
                    continue
                if not isinstance(value, kind):
                    raise InvalidValueError(name, value, expected)
            return function(*args, **kwargs)

        return cast("F", checking)

    return decorate


def tuple_of(value: object, kind: type[T], field: str, expected: str) -> tuple[T, ...]:
    """``value`` as a tuple of ``kind``; a string, a mapping or a wrong item is refused."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidValueError(field, value, f"une suite de {expected}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise InvalidValueError(field, item, expected, problem="élément invalide")
    return items


def text_set(value: object, field: str) -> frozenset[str]:
    """``value`` as a frozenset of non-blank texts (a lone string is refused, not split)."""
    items = tuple_of(value, str, field, "textes non vides")
    for item in items:
        if not item.strip():
            raise InvalidValueError(field, item, "des textes non vides", problem="texte vide")
    return frozenset(items)


def parse_enum(kind: type[E], value: object, field: str) -> E:
    """``value`` as a member of ``kind`` (by member or by value); anything else refused."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        accepted = ", ".join(repr(member.value) for member in kind)
        raise InvalidValueError(field, value, f"une valeur parmi {accepted}") from None
