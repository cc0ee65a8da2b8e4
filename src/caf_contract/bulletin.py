"""Bulletins d'adhésion (annexe 2): the services opened, their roles, scopes and quotas (Art. 2.2).

A bulletin d'adhésion opens one service. It lists the service's roles (profils);
each role gives access to some data scopes for a purpose (*finalité*). The Caf sets
the maximum number of habilitations (:class:`HabilitationQuota`), per service and
per role if needed, and the depth of delegation of the service.

>>> bulletin = Bulletin(
...     service="CDAP",
...     roles=(Role(name="consultation", scopes={"dossier", "paiements"}, purpose="instruction"),),
...     quotas=(HabilitationQuota(service="CDAP", maximum=3),),
...     delegation_depth=2,
... )
>>> sorted(bulletin.role("consultation").scopes)
['dossier', 'paiements']
>>> [quota.maximum for quota in bulletin.quotas_for("consultation")]
[3]
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from caf_contract._html import Shown
from caf_contract._validate import (
    field_name,
    integer,
    is_day,
    non_blank,
    not_empty,
    optional,
    text_set,
    tuple_of,
)
from caf_contract.articles import Article
from caf_contract.errors import InvalidValueError, UnknownRoleError

__all__ = ["Bulletin", "HabilitationQuota", "Role"]


def _scope_set(value: object, field: str) -> frozenset[str]:
    """``value`` as a set of data scopes (:func:`text_set`), an error naming ``field``.

    A frozenset of visible texts is kept as it is, not copied: a load shares one set
    among all the records that give the same scopes.
    """
    if type(value) is frozenset and all(type(scope) is str and scope.strip() for scope in value):
        return value
    return text_set(value, field)


def _scopes(value: object) -> frozenset[str]:
    return _scope_set(value, "Role.scopes")


_not_empty = not_empty(article=Article.ANNEXE_2)


@attrs.frozen(kw_only=True)
class Role(Shown):
    """A role (profil) of a service: the data scopes it may see, and why.

    Attributes:
        name: the role's name in the bulletin.
        scopes: the data scopes the role gives access to (at least one).
        purpose: the *finalité* those data serve (Art. 2.2, moindre affectation).
    """

    name: str = attrs.field(validator=non_blank)
    scopes: frozenset[str] = attrs.field(converter=_scopes, validator=_not_empty)
    purpose: str = attrs.field(validator=non_blank)

    _html_caption = "Rôle"
    _html_fields = (("name", "Nom"), ("scopes", "Périmètres"), ("purpose", "Finalité"))


_maximum = integer(
    minimum=1,
    expected="un nombre maximal d'habilitations entier, au moins 1",
    problem="quota nul, négatif ou non entier",
    article=Article.ART_2_2,
)


@attrs.frozen(kw_only=True)
class HabilitationQuota(Shown):
    """The maximum number of habilitations the partner may create (Art. 2.2).

    With ``role=None`` the quota caps the whole service; with a role, that role
    only. When both apply, both must hold.
    """

    service: str = attrs.field(validator=non_blank)
    role: str | None = attrs.field(default=None, validator=optional(non_blank))
    maximum: int = attrs.field(validator=_maximum)

    _html_caption = "Quota d'habilitations"
    _html_fields = (("service", "Service"), ("_covers", "Porte sur"), ("maximum", "Maximum"))

    @property
    def _covers(self) -> str:
        return "tout le service" if self.role is None else f"le rôle « {self.role} »"


def _roles(value: object) -> tuple[Role, ...]:
    return tuple_of(value, Role, "Bulletin.roles", "Role(...)")


def _quotas(value: object) -> tuple[HabilitationQuota, ...]:
    return tuple_of(value, HabilitationQuota, "Bulletin.quotas", "HabilitationQuota(...)")


def _unique_role_names(instance: Bulletin, attribute: attrs.Attribute[Any], value: object) -> None:
    del value
    seen: set[str] = set()
    for index, name in enumerate(role.name for role in instance.roles):
        if name in seen:
            raise InvalidValueError(
                f"{field_name(instance, attribute)}[{index}].name",
                name,
                "des noms de rôle distincts",
                problem="rôle défini deux fois",
                article=Article.ANNEXE_2,
            )
        seen.add(name)


def _quotas_fit(instance: Bulletin, attribute: attrs.Attribute[Any], value: object) -> None:
    del value
    seen: set[str | None] = set()
    names = {role.name for role in instance.roles}
    for index, quota in enumerate(instance.quotas):
        where = f"{field_name(instance, attribute)}[{index}]"
        if quota.service != instance.service:
            raise InvalidValueError(
                f"{where}.service",
                quota.service,
                f"le service du bulletin (« {instance.service} »)",
                problem="quota d'un autre service",
                article=Article.ART_2_2,
            )
        if quota.role is not None and quota.role not in names:
            raise UnknownRoleError(
                quota.role,
                service=instance.service,
                known=instance.role_names,
                article=Article.ART_2_2,
                field=f"{where}.role",
            )
        if quota.role in seen:
            raise InvalidValueError(
                f"{where}.role",
                quota.role,
                "un seul quota par rôle, et un seul pour le service entier",
                problem="quota fixé deux fois",
                article=Article.ART_2_2,
            )
        seen.add(quota.role)


_depth = integer(
    minimum=1,
    expected="un entier au moins égal à 1 (1 : seul l'administrateur principal administre)",
    problem="profondeur de délégation invalide",
    article=Article.ART_2_2,
)


@attrs.frozen(kw_only=True)
class Bulletin(Shown):
    """A bulletin d'adhésion: one service, its roles, quotas and delegation depth.

    Attributes:
        service: the service the bulletin opens.
        roles: the roles (profils) of the service, with their scopes and purpose.
        quotas: the Caf's maximum numbers of habilitations; none means the Caf has
            set none yet, and nothing may be granted (Art. 2.2).
        delegation_depth: the *profondeur de délégation* the Caf set: the
            administrateur principal is level 1; level k may appoint level k+1 only
            if k+1 ≤ depth. The default, 1, lets only the administrateur principal
            administer.
        signed_on: the day the bulletin was signed, or ``None`` while unsigned
            (Art. 2.1: an unsigned bulletin opens nothing).
    """

    service: str = attrs.field(validator=non_blank)
    roles: tuple[Role, ...] = attrs.field(
        converter=_roles, validator=[_not_empty, _unique_role_names]
    )
    quotas: tuple[HabilitationQuota, ...] = attrs.field(
        default=(), converter=_quotas, validator=_quotas_fit
    )
    delegation_depth: int = attrs.field(default=1, validator=_depth)
    signed_on: date | None = attrs.field(default=None, validator=optional(is_day))
    _html_caption = "Bulletin d'adhésion"
    _html_fields = (
        ("service", "Service"),
        ("signed_on", "Signé le"),
        ("roles", "Rôles"),
        ("quotas", "Quotas"),
        ("delegation_depth", "Profondeur de délégation"),
    )
    _html_columns = ("service", "signed_on", "delegation_depth")
    # Read by every grant of a dossier: built once, so that a bulletin of many roles
    # costs each lookup O(1), not a pass over its roles.
    _by_name: dict[str, Role] = attrs.field(init=False, repr=False, eq=False)
    _declared: frozenset[str] = attrs.field(init=False, repr=False, eq=False)
    _service_quotas: tuple[HabilitationQuota, ...] = attrs.field(init=False, repr=False, eq=False)
    _role_quotas: dict[str, HabilitationQuota] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        indexes = {
            "_by_name": {role.name: role for role in self.roles},
            "_declared": frozenset().union(*(role.scopes for role in self.roles)),
            "_service_quotas": tuple(quota for quota in self.quotas if quota.role is None),
            "_role_quotas": {quota.role: quota for quota in self.quotas if quota.role is not None},
        }
        for name, value in indexes.items():
            object.__setattr__(self, name, value)

    def role(self, name: str) -> Role:
        """The role called ``name``.

        Raises:
            UnknownRoleError: the bulletin defines no such role.
        """
        candidate: object = name  # typed as a name; any value may come
        found = self._by_name.get(name) if isinstance(candidate, str) else None
        if found is None:
            raise UnknownRoleError(
                name, service=self.service, known=self.role_names, article=Article.ART_2_2
            )
        return found

    def has_role(self, name: str) -> bool:
        """Whether the bulletin defines a role called ``name``."""
        candidate: object = name  # typed as a name; any value may come
        return isinstance(candidate, str) and candidate in self._by_name

    @property
    def role_names(self) -> tuple[str, ...]:
        """The names of the roles, in the bulletin's order (for messages: use :meth:`has_role`)."""
        return tuple(role.name for role in self.roles)

    @property
    def declared_scopes(self) -> frozenset[str]:
        """Every scope some role of the bulletin declares."""
        return self._declared

    def quotas_for(self, role: str) -> tuple[HabilitationQuota, ...]:
        """The quotas an habilitation of ``role`` counts against (service-wide first)."""
        self.role(role)
        own = self._role_quotas.get(role)
        return self._service_quotas if own is None else (*self._service_quotas, own)
