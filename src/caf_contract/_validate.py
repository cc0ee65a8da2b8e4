"""Validators and converters shared by the value objects.

attrs validators receive the instance and the attribute, so each error names the
field as ``Class.field``. Converters do not (mypy's attrs plugin accepts only named
functions there), so the value objects wrap :func:`tuple_of` and friends in small
named converters that know their field.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from caf_contract._time import aware, plain_day
from caf_contract.errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Callable

    import attrs

    from caf_contract.articles import Article

    Validator = Callable[[object, attrs.Attribute[Any], object], None]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


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


def optional_non_blank(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a text with at least one visible character."""
    if value is not None:
        non_blank(instance, attribute, value)


def is_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A calendar date (not a datetime)."""
    plain_day(value, field_name(instance, attribute))


def optional_day(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a calendar date."""
    if value is not None:
        is_day(instance, attribute, value)


def is_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An aware datetime."""
    aware(value, field_name(instance, attribute))


def optional_aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or an aware datetime."""
    if value is not None:
        is_aware(instance, attribute, value)


def positive_int(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An integer of at least 1 (``True`` is not a number here)."""
    if type(value) is not int or value < 1:
        raise InvalidValueError(
            field_name(instance, attribute), value, "un entier supérieur ou égal à 1"
        )


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


def checked(value: object, kind: type[T], field: str, expected: str) -> T:
    """``value`` if it is a ``kind``; refused otherwise, saying ``expected``."""
    if not isinstance(value, kind):
        raise InvalidValueError(field, value, expected)
    return value


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
