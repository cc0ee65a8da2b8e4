"""What would allow (issue 18, point 2): remedies, their plain form, and the remedy property.

The property: for any inputs a rule denies, and whose every failed condition carries a
remedy, applying the remedies to the inputs (:func:`apply_remedies`) turns the denial
into an allowance; a denial for one reason is the case of one remedy.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caf_contract import (
    Bulletin,
    Contract,
    Decision,
    GrantRequest,
    Habilitation,
    HabilitationQuota,
    InvalidValueError,
    MaintenanceWindow,
    Reason,
    Remedy,
    SignedDocument,
    WorkingCalendar,
    apply_remedies,
    apply_remedy,
    check_availability,
    check_quotas,
    example_dossier,
    may_add_habilitations,
    may_give_scopes,
    may_grant,
    may_open_service,
    may_purge_habilitation,
    may_purge_trace,
    may_send_reminder,
)
from caf_contract._time import PARIS
from tests import strategies as cst
from tests.expect import paris
from tests.strategies import habilitations as hst
from tests.strategies import incidents as ist

if TYPE_CHECKING:
    from collections.abc import Callable

CONTRACT = example_dossier().contract
_CDAP = CONTRACT.bulletin("CDAP")
assert _CDAP is not None
CDAP: Bulletin = _CDAP


def _fully_remedied(decision: Decision) -> bool:
    """A denial whose every failed condition carries a remedy."""
    return not decision and all(reason.remedy is not None for reason in decision.reasons)


# --- worked examples, word for word


def _unsigned(service: str) -> Contract:
    """The example's contract before its avenant, the bulletin of ``service`` unsigned."""
    before = CONTRACT.as_of(date(2024, 6, 1))
    return attrs.evolve(
        before,
        bulletins=tuple(
            attrs.evolve(bulletin, signed_on=None) if bulletin.service == service else bulletin
            for bulletin in before.bulletins
        ),
    )


@pytest.mark.parametrize(
    ("call", "text", "plain"),
    [
        pytest.param(
            lambda: may_send_reminder(paris(2026, 11, 23, 10), paris(2026, 11, 30, 18)),
            "attendre le 01/12/2026 à 00:00",
            {"until": "2026-12-01T00:00:00+01:00"},
            id="reminder: the delay of Art. 3.3",
        ),
        pytest.param(
            lambda: may_purge_trace(date(2026, 8, 31), date(2027, 1, 15)),
            "attendre le 28/02/2027 à 00:00",
            {"until": "2027-02-28T00:00:00+01:00"},
            id="trace kept six months",
        ),
        pytest.param(
            lambda: may_purge_habilitation(date(2024, 2, 29), date(2029, 7, 1)),
            "attendre le 28/02/2030 à 00:00",
            {"until": "2030-02-28T00:00:00+01:00"},
            id="habilitation data kept six years",
        ),
        pytest.param(
            lambda: may_add_habilitations(CDAP, {("CDAP", "instruction"): 3}, "instruction"),
            "dévalider 2 habilitations du rôle « instruction » du service « CDAP », ou obtenir "
            "de la Caf un quota de 4 habilitations au moins",
            {"service": "CDAP", "role": "instruction", "quota": 4, "remove": 2},
            id="role quota exceeded",
        ),
        pytest.param(
            lambda: may_add_habilitations(CDAP, {("CDAP", "consultation"): 6}, "consultation"),
            "dévalider 1 habilitation du service « CDAP », ou obtenir de la Caf un quota de "
            "7 habilitations au moins",
            {"service": "CDAP", "role": None, "quota": 7, "remove": 1},
            id="service quota full",
        ),
        pytest.param(
            lambda: may_add_habilitations(CDAP, {}, "consultation", adding=8),
            "obtenir de la Caf un quota de 8 habilitations au moins pour le service « CDAP »",
            {"service": "CDAP", "role": None, "quota": 8, "remove": None},
            id="more asked than the quota: dévalider cannot do",
        ),
        pytest.param(
            lambda: check_quotas(
                attrs.evolve(CDAP, quotas=CDAP.quotas[1:]),
                {("CDAP", "consultation"): 2},
                "consultation",
            ),
            "obtenir de la Caf un quota de 2 habilitations au moins pour le rôle « consultation » "
            "du service « CDAP »",
            {"service": "CDAP", "role": "consultation", "quota": 2, "remove": None},
            id="no quota for the role",
        ),
        pytest.param(
            lambda: may_give_scopes(CDAP, "consultation", {"dossier", "ressources"}),
            "retirer le périmètre « ressources »",
            {"service": "CDAP", "role": "consultation", "scope": "ressources", "instead": []},
            id="scope beyond the role",
        ),
        pytest.param(
            lambda: may_give_scopes(CDAP, "consultation", {"fichier_fiscal"}),
            "retirer le périmètre « fichier_fiscal », et demander un périmètre du rôle "
            "« consultation » : « dossier », « paiements » ou « quotient_familial »",
            {
                "service": "CDAP",
                "role": "consultation",
                "scope": "fichier_fiscal",
                "instead": ["dossier", "paiements", "quotient_familial"],
            },
            id="the only scope asked, declared nowhere",
        ),
        pytest.param(
            lambda: may_open_service(_unsigned("CDAP"), "CDAP", as_of=date(2024, 6, 3)),
            "faire signer le bulletin d'adhésion du service « CDAP » au plus tard le 03/06/2024",
            {"document": "bulletin d'adhésion", "service": "CDAP", "sign_by": "2024-06-03"},
            id="unsigned bulletin",
        ),
        pytest.param(
            lambda: may_open_service(
                attrs.evolve(_unsigned("none"), convention_signed_on=None),
                "CDAP",
                as_of=date(2024, 6, 3),
            ),
            "faire signer la convention d'accès au plus tard le 01/03/2024",
            {"document": "convention d'accès", "service": None, "sign_by": "2024-03-01"},
            id="unsigned convention: by the contract's signature",
        ),
        pytest.param(
            lambda: may_open_service(CONTRACT, "CDAP", as_of=date(2024, 2, 20)),
            "attendre le 01/03/2024 à 00:00",
            {"until": "2024-03-01T00:00:00+01:00"},
            id="contract signed later",
        ),
        pytest.param(
            lambda: check_availability(
                paris(2026, 12, 5, 9),
                [
                    MaintenanceWindow(start=paris(2026, 12, 5, 8), end=paris(2026, 12, 5, 12)),
                    MaintenanceWindow(start=paris(2026, 12, 5, 12), end=paris(2026, 12, 5, 13)),
                ],
            ),
            "attendre le 05/12/2026 à 13:00",
            {"until": "2026-12-05T13:00:00+01:00"},
            id="stops back to back: the end of the last",
        ),
    ],
)
def test_a_denial_says_what_would_allow_word_for_word(
    call: Callable[[], Decision], text: str, plain: dict[str, Any]
) -> None:
    decision = call()
    assert not decision
    remedy = decision.reasons[0].remedy
    assert remedy is not None
    assert remedy.text == str(remedy) == text
    data = remedy.to_dict()
    assert data == {"kind": remedy.kind.value, "text": text, **plain}
    assert decision.remedies[0] == remedy


def test_a_grant_denied_for_every_reason_says_every_remedy() -> None:
    """The issue's example: a quota, a scope and a signature at once, each with its remedy."""
    contract = _unsigned("CDAP")
    existing = [attrs.evolve(_HELD, id=f"h{number}", user=f"agent{number}") for number in range(6)]
    wanted = GrantRequest(
        user="agent7",
        employer="123456782",
        service="CDAP",
        role="consultation",
        scopes={"dossier", "fichier_fiscal"},
        grantor=hst.PRINCIPAL,
    )
    decision = may_grant(contract, existing, wanted, at=paris(2024, 6, 3, 9))
    assert [str(remedy) for remedy in decision.remedies] == [
        "faire signer le bulletin d'adhésion du service « CDAP » au plus tard le 03/06/2024",
        "retirer le périmètre « fichier_fiscal »",
        (
            "dévalider 1 habilitation du service « CDAP », ou obtenir de la Caf un quota de "
            "7 habilitations au moins"
        ),
    ]
    assert len(decision.reasons) == 3
    fixed = apply_remedies(decision, contract)
    assert may_grant(fixed, existing, apply_remedies(decision, wanted), at=paris(2024, 6, 3, 9))


_HELD = Habilitation(
    id="h",
    user="agent1",
    employer="123456782",
    service="CDAP",
    role="consultation",
    scopes={"dossier"},
    granted_by=hst.PRINCIPAL,
    granted_at=paris(2024, 3, 4, 9),
)


def test_a_condition_with_no_clear_remedy_carries_none() -> None:
    answered = may_send_reminder(
        paris(2026, 11, 23, 10), paris(2026, 11, 25, 9), answered_at=paris(2026, 11, 24, 8)
    )
    # Answered: no waiting would allow it (review of issue 18), so neither reason has one.
    assert [reason.remedy is None for reason in answered.reasons] == [True, True]
    assert answered.remedies == ()
    assert answered.deadline is None
    assert may_purge_habilitation(None, date(2030, 1, 1)).remedies == ()
    allowed = may_send_reminder(paris(2026, 11, 23, 10), paris(2026, 12, 2))
    assert allowed.remedies == ()


# --- the value and its plain form


def test_a_reason_without_remedy_keeps_its_plain_form_and_repr() -> None:
    reason = Reason("3.3", "trop tôt")
    assert reason.to_dict() == {"article": "3.3", "message": "trop tôt"}
    assert repr(reason) == "Reason(article='3.3', message='trop tôt')"
    assert str(reason) == "Art. 3.3 — trop tôt"
    wait = Remedy.wait(paris(2026, 12, 1))
    remedied = Reason("3.3", "trop tôt", remedy=wait)
    assert str(remedied) == str(reason)  # the command line's text is unchanged
    assert remedied != reason
    assert repr(remedied) == (
        "Reason(article='3.3', message='trop tôt', remedy=Remedy(kind='attendre', "
        "until=datetime.datetime(2026, 11, 30, 23, 0, tzinfo=datetime.timezone.utc)))"
    )
    assert remedied.to_dict() == {
        "article": "3.3",
        "message": "trop tôt",
        "remedy": {
            "kind": "attendre",
            "text": "attendre le 01/12/2026 à 00:00",
            "until": "2026-12-01T00:00:00+01:00",
        },
    }


@given(cst.reasons())
def test_a_reason_round_trips_through_json_with_its_remedy(reason: Reason) -> None:
    plain = json.loads(json.dumps(reason.to_dict()))
    assert Reason.from_dict(plain) == reason
    assert ("remedy" in plain) is (reason.remedy is not None)


@given(cst.remedies())
def test_a_remedy_round_trips_and_says_itself(remedy: Remedy) -> None:
    plain = json.loads(json.dumps(remedy.to_dict()))
    assert Remedy.from_dict(plain) == remedy
    assert plain["text"] == remedy.text == str(remedy)
    assert plain["kind"] == remedy.kind.value
    assert Remedy.from_dict({**plain, "text": "autre chose"}) == remedy  # written, not read
    assert eval(repr(remedy), {"Remedy": Remedy, "datetime": __import__("datetime")}) == remedy  # noqa: S307


@given(st.booleans(), st.lists(cst.reasons(), min_size=1, max_size=4))
def test_a_decision_lists_its_remedies_and_shows_them(allowed: bool, reasons: list[Reason]) -> None:
    decision = Decision(allowed=allowed, reasons=reasons)
    assert decision.remedies == tuple(r.remedy for r in reasons if r.remedy is not None)
    assert Decision.from_dict(json.loads(json.dumps(decision.to_dict()))) == decision
    rows = decision.to_records()
    assert [row.get("remède") for row in rows] == [
        None if r.remedy is None else r.remedy.text for r in reasons
    ]
    markup = decision._repr_html_()
    assert markup.count("pour y remédier") == len(decision.remedies)


def test_the_notebook_shows_the_remedy_under_its_reason() -> None:
    decision = may_give_scopes(CDAP, "consultation", {"dossier", "<b>x</b>"})
    markup = decision._repr_html_()
    assert "<br><em>pour y remédier : </em>retirer le périmètre « &lt;b&gt;x&lt;/b&gt; »" in markup
    assert decision.to_records()[0]["remède"] == "retirer le périmètre « <b>x</b> »"
    remedy = decision.remedies[0]
    assert "Pour y remédier" in remedy._repr_html_()


@pytest.mark.parametrize(
    ("build", "field", "problem"),
    [
        (lambda: Remedy(kind="attendre"), "Remedy.until", "champ manquant"),
        (
            lambda: Remedy(kind="attendre", until=paris(2026, 1, 1), scope="x"),
            "Remedy.scope",
            "champ d'un autre remède",
        ),
        (lambda: Remedy(kind="patienter"), "Remedy.kind", "valeur invalide"),
        (
            lambda: Remedy.wait(datetime(2026, 1, 1)),  # noqa: DTZ001  # naive: refused
            "Remedy.until",
            "date et heure sans fuseau horaire",
        ),
        (lambda: Remedy.within_quota(service="CDAP", quota=0), "Remedy.quota", "valeur invalide"),
        (
            lambda: Remedy.sign("bulletin d'adhésion", sign_by=date(2026, 1, 1)),
            "Remedy.service",
            "service incohérent avec le document",
        ),
        (
            lambda: Remedy.sign("contrat de service", sign_by=date(2026, 1, 1), service="CDAP"),
            "Remedy.service",
            "service incohérent avec le document",
        ),
        (
            lambda: Remedy.remove_scope("rsa", service="CDAP", role="gestion", instead=[" "]),
            "Remedy.instead",
            "valeur invalide",
        ),
        (
            lambda: Reason("3.3", "x", remedy="attendre"),  # type: ignore[arg-type]
            "Reason.remedy",
            "valeur invalide",
        ),
    ],
)
def test_an_invalid_remedy_cannot_be_built(
    build: Callable[[], object], field: str, problem: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        build()
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field} : {problem}")


_REASON = {"article": "3.3", "message": "trop tôt"}


@pytest.mark.parametrize(
    ("remedy", "field", "problem"),
    [
        ("attendre", "Decision.reasons[0].remedy", "valeur invalide"),
        ({}, "Decision.reasons[0].remedy.kind", "clé absente"),
        ({"kind": "patienter"}, "Decision.reasons[0].remedy.kind", "valeur invalide"),
        ({"kind": "attendre"}, "Decision.reasons[0].remedy.until", "clé absente"),
        ({"kind": "attendre", "until": None}, "Decision.reasons[0].remedy.until", "champ manquant"),
        ({"kind": "attendre", "until": "demain"}, "Decision.reasons[0].remedy.until", "valeur"),
        ({"kind": "attendre", "until": 3}, "Decision.reasons[0].remedy.until", "valeur"),
        (
            {"kind": "signer", "document": "contrat de service", "sign_by": 20260101},
            "Decision.reasons[0].remedy.sign_by",
            "valeur invalide",
        ),
        (
            {"kind": "attendre", "until": "2026-12-01T00:00"},
            "Decision.reasons[0].remedy.until",
            "date et heure sans fuseau horaire",
        ),
        (
            {"kind": "quota", "service": "CDAP", "quota": "6"},
            "Decision.reasons[0].remedy.quota",
            "valeur invalide",
        ),
        (
            {"kind": "quota", "service": "CDAP", "quota": 6, "remove": True},
            "Decision.reasons[0].remedy.remove",
            "valeur invalide",
        ),
        (
            {"kind": "signer", "document": "bail", "sign_by": "2026-01-01"},
            "Decision.reasons[0].remedy.document",
            "valeur invalide",
        ),
        (
            {"kind": "signer", "document": "contrat de service", "sign_by": "01/01/2026"},
            "Decision.reasons[0].remedy.sign_by",
            "valeur invalide",
        ),
        (
            {"kind": "retirer un périmètre", "service": "CDAP", "role": "r", "scope": 3},
            "Decision.reasons[0].remedy.scope",
            "valeur invalide",
        ),
        (
            {
                "kind": "retirer un périmètre",
                "service": "CDAP",
                "role": "r",
                "scope": "rsa",
                "instead": "dossier",
            },
            "Decision.reasons[0].remedy.instead",
            "valeur invalide",
        ),
        (
            {
                "kind": "retirer un périmètre",
                "service": "CDAP",
                "role": "r",
                "scope": "rsa",
                "instead": ["dossier", ""],
            },
            "Decision.reasons[0].remedy.instead[1]",
            "valeur invalide",
        ),
    ],
)
def test_a_malformed_remedy_dict_names_the_key(remedy: object, field: str, problem: str) -> None:
    data = {"allowed": False, "reasons": [{**_REASON, "remedy": remedy}]}
    with pytest.raises(InvalidValueError) as caught:
        Decision.from_dict(data)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field} : {problem}")


def test_a_null_remedy_is_no_remedy() -> None:
    assert Reason.from_dict({**_REASON, "remedy": None}) == Reason("3.3", "trop tôt")


# --- applying a remedy


def test_apply_refuses_what_no_remedy_changes() -> None:
    wait = Remedy.wait(paris(2026, 12, 1))
    with pytest.raises(InvalidValueError, match=r"^value : valeur invalide \(3\)"):
        apply_remedy(wait, 3)  # type: ignore[call-overload]
    with pytest.raises(InvalidValueError, match=r"^remedy : valeur invalide \('attendre'\)"):
        apply_remedy("attendre", paris(2026, 1, 1))  # type: ignore[call-overload]
    with pytest.raises(InvalidValueError, match=r"^remedies : valeur invalide"):
        apply_remedies(wait, paris(2026, 1, 1))  # type: ignore[call-overload]
    with pytest.raises(InvalidValueError, match=r"^usage : clé invalide"):
        apply_remedy(wait, {"CDAP": 3})  # type: ignore[arg-type]


def test_apply_leaves_alone_what_a_remedy_does_not_bear_on() -> None:
    early = paris(2026, 1, 1)
    wait = Remedy.wait(paris(2026, 12, 1, 9))
    quota = Remedy.within_quota(service="AFAS", quota=9, remove=1)
    assert apply_remedy(wait, CONTRACT) is CONTRACT
    assert apply_remedy(wait, paris(2027, 1, 1)) == paris(2027, 1, 1)
    assert apply_remedy(wait, date(2026, 11, 1)) == date(2026, 12, 2)  # 09:00: the day after
    assert apply_remedy(wait, date(2027, 1, 1)) == date(2027, 1, 1)
    assert apply_remedy(quota, early) is early
    assert apply_remedy(wait, {("CDAP", "consultation"): 2}) == {("CDAP", "consultation"): 2}
    assert apply_remedy(quota, CDAP) is CDAP  # another service's
    assert apply_remedy(quota, {("CDAP", "consultation"): 2}) == {("CDAP", "consultation"): 2}
    unknown_role = Remedy.within_quota(service="CDAP", role="pilotage", quota=9)
    assert apply_remedy(unknown_role, CDAP) is CDAP
    assert apply_remedy(Remedy.within_quota(service="CDAP", quota=3), CDAP) == CDAP  # 6 ≥ 3
    sign = Remedy.sign(SignedDocument.BULLETIN, sign_by=date(2020, 1, 1), service="CDAP")
    assert apply_remedy(sign, CDAP) is CDAP  # signed already
    assert apply_remedy(sign, CONTRACT) is CONTRACT
    for document in (SignedDocument.CONVENTION, SignedDocument.CONTRACT):
        assert apply_remedy(Remedy.sign(document, sign_by=date(2020, 1, 1)), CONTRACT) is CONTRACT
    scope = Remedy.remove_scope("rsa", service="CDAP", role="consultation")
    asked = frozenset({"dossier"})
    assert apply_remedy(scope, asked) is asked
    other = GrantRequest(
        user="agent1", service="AFAS", role="consultation", scopes={"rsa"}, grantor=hst.PRINCIPAL
    )
    assert apply_remedy(scope, other) is other


def test_apply_changes_a_copy() -> None:
    usage = {("CDAP", "consultation"): 4, ("CDAP", "instruction"): 2, ("AFAS", "consultation"): 1}
    remedy = Remedy.within_quota(service="CDAP", quota=6, remove=5)
    assert apply_remedy(remedy, usage) == {
        ("CDAP", "consultation"): 0,
        ("CDAP", "instruction"): 1,
        ("AFAS", "consultation"): 1,
    }
    assert usage[("CDAP", "consultation")] == 4
    raised = apply_remedy(remedy, CDAP)
    assert raised.quotas[0] == HabilitationQuota(service="CDAP", maximum=6)
    assert CDAP.quotas[0].maximum == 6
    new_role_quota = Remedy.within_quota(service="CDAP", role="consultation", quota=2)
    assert apply_remedy(new_role_quota, CDAP).quotas[-1] == HabilitationQuota(
        service="CDAP", role="consultation", maximum=2
    )
    assert apply_remedy(
        Remedy.remove_scope("rsa", service="CDAP", role="gestion"), {"rsa", "dossier"}
    ) == frozenset({"dossier"})


# --- the remedy property, rule by rule


def _check_remedies(decision: Decision, fixed: Callable[[Decision], Decision]) -> None:
    """The remedies of ``decision``, all applied by ``fixed``, turn it into an allowance."""
    assume(_fully_remedied(decision))
    assert fixed(decision), (decision, fixed(decision))


@given(
    cst.aware_datetimes(max_value=datetime(2090, 1, 1)),  # noqa: DTZ001
    st.integers(0, 20 * 24 * 60),
    cst.calendars(),
)
def test_waiting_as_told_allows_the_reminder(
    sent: datetime, minutes: int, calendar: WorkingCalendar
) -> None:
    now = sent + timedelta(minutes=minutes)
    decision = may_send_reminder(sent, now, calendar=calendar)
    assume(not decision)
    assert len(decision.reasons) == 1
    _check_remedies(
        decision,
        lambda d: may_send_reminder(sent, apply_remedies(d, now), calendar=calendar),
    )


@given(
    cst.aware_datetimes(),
    st.integers(0, 400),
    st.sampled_from(["date", "datetime"]),
    st.booleans(),
)
def test_waiting_as_told_allows_the_purge(
    at: datetime, days: int, form: str, habilitation: bool
) -> None:
    later = at + timedelta(days=days)
    as_of: date | datetime = later.astimezone(PARIS).date() if form == "date" else later
    rule = may_purge_habilitation if habilitation else may_purge_trace
    decision = rule(at, as_of)
    assume(not decision)
    _check_remedies(decision, lambda d: rule(at, apply_remedies(d, as_of)))


@given(ist.window_lists(), st.integers(0, 60 * 24 * 40), st.sampled_from(cst.ZONES))
def test_waiting_as_told_finds_the_service_back(
    windows: list[MaintenanceWindow], minutes: int, zone: Any
) -> None:
    assume(windows)
    first = min(window.start for window in windows)
    at = (first + timedelta(minutes=minutes)).astimezone(zone)
    decision = check_availability(at, windows)
    assume(not decision)
    _check_remedies(decision, lambda d: check_availability(apply_remedies(d, at), windows))


@st.composite
def _usages(draw: st.DrawFn, bulletin: Bulletin) -> dict[tuple[str, str | None], int]:
    keys: list[tuple[str, str | None]] = [(bulletin.service, name) for name in bulletin.role_names]
    keys.append((bulletin.service, None))
    keys.append(("AUTRE", "consultation"))
    return {key: draw(st.integers(0, 9)) for key in draw(st.lists(st.sampled_from(keys)))}


@given(st.data(), st.booleans(), st.integers(1, 6))
def test_devalidating_or_raising_the_quota_as_told_allows_more_habilitations(
    data: st.DataObject, existing_only: bool, adding: int
) -> None:
    bulletin = data.draw(cst.bulletins(with_quotas=data.draw(st.booleans())))
    usage = data.draw(_usages(bulletin))
    role = data.draw(st.sampled_from(bulletin.role_names))

    def rule(changed: Bulletin, counts: dict[tuple[str, str | None], int]) -> Decision:
        if existing_only:
            return check_quotas(changed, counts, role)
        return may_add_habilitations(changed, counts, role, adding=adding)

    decision = rule(bulletin, usage)
    assume(not decision)
    # The Caf raises the quotas: always enough.
    _check_remedies(decision, lambda d: rule(apply_remedies(d, bulletin), usage))
    # The partner dévalide: enough whenever every remedy offers it.
    if all(remedy.remove is not None for remedy in decision.remedies):
        assert rule(bulletin, apply_remedies(decision, usage))


@given(st.data())
def test_removing_the_scopes_as_told_keeps_to_least_privilege(data: st.DataObject) -> None:
    bulletin = data.draw(cst.bulletins())
    role = data.draw(st.sampled_from(bulletin.role_names))
    scopes = data.draw(
        st.frozensets(st.sampled_from([*cst.SCOPES, "fichier_fiscal"]), min_size=1, max_size=5)
    )
    decision = may_give_scopes(bulletin, role, scopes)
    assume(not decision)
    _check_remedies(decision, lambda d: may_give_scopes(bulletin, role, apply_remedies(d, scopes)))
    # Each remedy alone removes its scope, and keeps something asked for.
    for remedy in decision.remedies:
        left = apply_remedy(remedy, scopes)
        assert remedy.scope not in left
        assert left


@st.composite
def _draft_contracts(draw: st.DrawFn, day: date) -> Contract:
    """A complete contract as it stood on ``day``, then documents unsigned, quotas unset…"""
    contract = draw(cst.contracts()).as_of(day)
    if not contract.avenants and draw(st.booleans()):
        contract = attrs.evolve(contract, signed_on=None)
    if draw(st.booleans()):
        contract = attrs.evolve(contract, convention_signed_on=None)
    done = draw(st.none() | cst.days(date(2012, 1, 1), date(2030, 12, 31)))
    bulletins = []
    for bulletin in contract.bulletins:
        changed = bulletin
        if draw(st.booleans()):
            changed = attrs.evolve(changed, signed_on=None)
        if draw(st.booleans()):
            changed = attrs.evolve(changed, quotas=())
        bulletins.append(changed)
    return attrs.evolve(
        contract,
        bulletins=tuple(bulletins),
        informatique_libertes_completed_on=done or contract.informatique_libertes_completed_on,
    )


@given(st.data(), cst.days(date(2012, 1, 1), date(2030, 12, 31)))
def test_signing_waiting_and_setting_quotas_as_told_opens_the_service(
    data: st.DataObject, day: date
) -> None:
    contract = data.draw(_draft_contracts(day))
    service = data.draw(st.sampled_from(contract.services))
    decision = may_open_service(contract, service, as_of=day)
    assume(not decision)
    _check_remedies(
        decision,
        lambda d: may_open_service(
            apply_remedies(d, contract), service, as_of=apply_remedies(d, day)
        ),
    )


@given(st.data(), cst.aware_datetimes(min_value=datetime(2012, 1, 1)))  # noqa: DTZ001
def test_every_remedy_of_a_grant_applied_allows_it(data: st.DataObject, at: datetime) -> None:
    contract = data.draw(_draft_contracts(at.astimezone(PARIS).date()))
    request = data.draw(hst.grant_requests(contract=contract, within_role=False))
    request = attrs.evolve(
        request,
        scopes=data.draw(
            st.frozensets(st.sampled_from([*cst.SCOPES, "fichier_fiscal"]), min_size=1, max_size=4)
        ),
    )
    bulletin = contract.bulletin(request.service)
    assert bulletin is not None
    existing = data.draw(st.lists(hst.habilitations(bulletin=bulletin), max_size=8))
    decision = may_grant(contract, existing, request, at=at)
    assume(not decision)

    def fixed(denied: Decision) -> Decision:
        return may_grant(
            apply_remedies(denied, contract),
            existing,
            apply_remedies(denied, request),
            at=apply_remedies(denied, at),
        )

    _check_remedies(decision, fixed)


def test_the_issue_examples_read_as_french() -> None:
    """The texts the issue asks for, in the library's words."""
    assert str(Remedy.wait(paris(2026, 12, 1))) == "attendre le 01/12/2026 à 00:00"
    assert str(Remedy.within_quota(service="CDAP", role="consultation", quota=6, remove=2)) == (
        "dévalider 2 habilitations du rôle « consultation » du service « CDAP », ou obtenir de la "
        "Caf un quota de 6 habilitations au moins"
    )
    assert str(Remedy.sign("bulletin d'adhésion", sign_by=date(2026, 3, 2), service="CDAP")) == (
        "faire signer le bulletin d'adhésion du service « CDAP » au plus tard le 02/03/2026"
    )
    assert str(Remedy.remove_scope("fichier_fiscal", service="CDAP", role="consultation")) == (
        "retirer le périmètre « fichier_fiscal »"
    )
