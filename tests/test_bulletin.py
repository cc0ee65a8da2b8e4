from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import Bulletin, HabilitationQuota, InvalidValueError, Role, UnknownRoleError
from tests import strategies as cst

pytestmark = pytest.mark.article("annexe 2")  # the bulletin d'adhésion


def _role(name: str = "consultation", scopes: frozenset[str] = frozenset({"dossier"})) -> Role:
    return Role(name=name, scopes=scopes, purpose="instruction des aides")


@given(cst.bulletins())
def test_every_quota_belongs_to_the_service_and_a_known_role(bulletin: Bulletin) -> None:
    for quota in bulletin.quotas:
        assert quota.service == bulletin.service
        assert quota.role is None or quota.role in bulletin.role_names
    for role in bulletin.roles:
        assert role.scopes <= bulletin.declared_scopes
        assert set(bulletin.quotas_for(role.name)) <= set(bulletin.quotas)


@pytest.mark.parametrize("maximum", [0, -1, 1.5, True, "3", None])
def test_zero_negative_or_non_integer_quotas_are_refused(maximum: object) -> None:
    with pytest.raises(InvalidValueError, match=r"^Art\. 2\.2 — HabilitationQuota\.maximum"):
        HabilitationQuota(service="CDAP", maximum=maximum)  # type: ignore[arg-type]


def test_a_quota_for_a_role_unknown_to_the_bulletin_is_refused() -> None:
    with pytest.raises(UnknownRoleError, match="'pilotage'.*consultation"):
        Bulletin(
            service="CDAP",
            roles=(_role(),),
            quotas=(HabilitationQuota(service="CDAP", role="pilotage", maximum=2),),
        )


def test_a_quota_of_another_service_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="quota d'un autre service"):
        Bulletin(
            service="CDAP", roles=(_role(),), quotas=(HabilitationQuota(service="AFAS", maximum=2),)
        )


def test_a_quota_set_twice_is_refused() -> None:
    quota = HabilitationQuota(service="CDAP", role="consultation", maximum=2)
    with pytest.raises(InvalidValueError, match="fixé deux fois"):
        Bulletin(service="CDAP", roles=(_role(),), quotas=(quota, quota))


def test_roles_are_distinct_and_present() -> None:
    with pytest.raises(InvalidValueError, match="rôle défini deux fois"):
        Bulletin(service="CDAP", roles=(_role(), _role()))
    with pytest.raises(InvalidValueError, match="au moins un élément"):
        Bulletin(service="CDAP", roles=())


@pytest.mark.parametrize("scopes", ["dossier", [], [""], [3], None])
def test_scopes_are_a_non_empty_set_of_names(scopes: object) -> None:
    with pytest.raises(InvalidValueError, match="Role.scopes"):
        Role(name="consultation", scopes=scopes, purpose="instruction")


@pytest.mark.parametrize("depth", [0, -2, 1.0, False])
def test_delegation_depth_is_at_least_one(depth: object) -> None:
    with pytest.raises(InvalidValueError, match="profondeur de délégation"):
        Bulletin(service="CDAP", roles=(_role(),), delegation_depth=depth)  # type: ignore[arg-type]


def test_signature_is_a_day() -> None:
    with pytest.raises(InvalidValueError, match="Bulletin.signed_on"):
        Bulletin(service="CDAP", roles=(_role(),), signed_on=datetime(2024, 1, 1))  # noqa: DTZ001
    assert Bulletin(service="CDAP", roles=(_role(),), signed_on=date(2024, 1, 1)).signed_on == date(
        2024, 1, 1
    )


def test_quotas_for_a_role_are_the_service_wide_then_the_role_ones() -> None:
    service_wide = HabilitationQuota(service="CDAP", maximum=5)
    per_role = HabilitationQuota(service="CDAP", role="instruction", maximum=2)
    bulletin = Bulletin(
        service="CDAP",
        roles=(_role(), _role("instruction", frozenset({"dossier", "rsa"}))),
        quotas=(per_role, service_wide),
    )
    assert bulletin.quotas_for("instruction") == (service_wide, per_role)
    assert bulletin.quotas_for("consultation") == (service_wide,)
    assert bulletin.declared_scopes == {"dossier", "rsa"}
    with pytest.raises(UnknownRoleError):
        bulletin.quotas_for("pilotage")


@given(st.text(max_size=5))
def test_role_lookup_never_invents_a_role(name: str) -> None:
    bulletin = Bulletin(service="CDAP", roles=(_role(),))
    if name == "consultation":
        assert bulletin.role(name).name == name
    else:
        with pytest.raises(UnknownRoleError):
            bulletin.role(name)
