"""Decision records an auditor can replay (issue 18, point 3)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import pickle
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import caf_contract
from caf_contract import Avenant, Decision, HabilitationQuota, Reason
from caf_contract._time import PARIS
from caf_contract.dossier import check_dossier
from caf_contract.errors import InvalidValueError
from caf_contract.files import example_dossier
from caf_contract.parameters import at, current
from caf_contract.records import (
    RECORD_VERSION,
    REMINDER_RULE,
    DecisionRecord,
    Replayed,
    canonical_json,
    dossier_records,
    inputs_digest,
    parameters_data,
    replay_decisions,
)
from caf_contract.serialization import to_data
from tests import strategies as cst
from tests.audit_example import CLOSURE, closure_added, followed_up
from tests.schema_check import assert_valid
from tests.strategies.dossiers import dossiers

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)


# --- canonical JSON and the digest


def test_canonical_json_sorts_every_key_and_writes_no_space() -> None:
    data = {"b": {"z": 1, "a": [3, {"y": True, "x": None}]}, "a": "Épinal — 82", "é": 1.5}
    assert canonical_json(data) == (
        '{"a":"Épinal — 82","b":{"a":[3,{"x":null,"y":true}],"z":1},"é":1.5}'
    )


def test_canonical_json_writes_value_objects_as_their_plain_data() -> None:
    quota = HabilitationQuota(service="CDAP", maximum=3)
    assert canonical_json(quota) == '{"maximum":3,"role":null,"service":"CDAP"}'
    assert canonical_json({"at": NOW, "day": date(2026, 11, 23)}) == (
        '{"at":"2026-12-01T09:00:00+01:00","day":"2026-11-23"}'
    )


def test_canonical_json_escapes_what_utf_8_cannot_carry_and_only_that() -> None:
    text = canonical_json({"nom": 'Crèche "Les Lutins"\n\udcff'})
    assert text == '{"nom":"Crèche \\"Les Lutins\\"\\n\\udcff"}'
    assert json.loads(text) == {"nom": 'Crèche "Les Lutins"\n\udcff'}
    text.encode("utf-8")  # valid UTF-8


def test_the_digest_of_the_example_is_pinned() -> None:
    """Stable across runs, machines and versions of Python: a digest in a log stays checkable."""
    assert inputs_digest({"a": 1}) == (
        "sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
    )
    assert inputs_digest({"contract": example_dossier().contract}) == inputs_digest(
        {"contract": to_data(example_dossier().contract)}
    )


_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | cst.any_texts(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(cst.any_texts(), inner, max_size=3),
    max_leaves=12,
)


@given(st.dictionaries(cst.any_texts(), _PLAIN, max_size=5), st.randoms())
def test_the_canonical_text_depends_on_the_data_not_on_the_order_of_its_keys(
    data: dict[str, Any], random: Any
) -> None:
    keys = list(data)
    random.shuffle(keys)
    shuffled = {key: data[key] for key in keys}
    text = canonical_json(data)
    assert canonical_json(shuffled) == text
    assert json.loads(text) == data
    assert canonical_json(json.loads(text)) == text  # read back, written alike
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert inputs_digest(data) == inputs_digest(shuffled) == f"sha256:{digest}"


@given(cst.decisions(), cst.decisions())
def test_different_inputs_have_different_digests(first: Decision, second: Decision) -> None:
    same = first.to_dict() == second.to_dict()
    assert (inputs_digest({"d": first}) == inputs_digest({"d": second})) == same


def test_the_digest_takes_named_inputs() -> None:
    with pytest.raises(InvalidValueError, match=r"^inputs : valeur invalide \(\[1\]\)"):
        inputs_digest([1])  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="NaN"):
        inputs_digest({"x": float("nan")})


# --- the record


def _record(decision: Decision, **changes: Any) -> DecisionRecord:
    record = DecisionRecord.of(
        decision,
        rule="may_send_reminder",
        inputs={"sent_at": datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)},
        now=NOW,
    )
    return attrs.evolve(record, **changes)


@given(cst.decision_records())
def test_a_record_reads_back_from_its_one_line(record: DecisionRecord) -> None:
    line = record.to_json()
    assert "\n" not in line
    line.encode("utf-8")
    again = DecisionRecord.from_json(line)
    assert again == record
    assert again.to_json() == line
    assert hash(again) == hash(record)
    assert list(json.loads(line)) == [
        "schema_version",
        *(f.name for f in attrs.fields(DecisionRecord)),
    ]
    assert_valid("decision-record", json.loads(line))


def test_a_record_keeps_what_the_decision_rested_on() -> None:
    decision = Decision.allow(Reason("3.3", "délai écoulé"), remarks=[Reason("6", "vu")])
    record = _record(decision)
    assert record.decision == decision
    assert record.rule == "may_send_reminder"
    assert record.articles == (caf_contract.Article.ART_3_3,)
    assert record.now == NOW
    assert record.as_of is None
    assert record.library_version == caf_contract.__version__
    assert record.holidays_version == importlib.metadata.version("holidays")
    assert record.template_version is None  # no contract
    assert record.to_dict()["parameters"] == parameters_data(at(NOW.date()))
    assert record.parameters["reminder_delay"] == {
        "value": 5,
        "wording": "5 jours ouvrés",
        "article": "3.3",
        "valid_from": "2024-01-19",
    }
    line = json.loads(record.to_json())
    assert line["schema_version"] == RECORD_VERSION == 1
    assert line["now"] == "2026-12-01T09:00:00+01:00"
    assert line["parameters"]["habilitation_retention"]["value"] == "P6Y"
    assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301  # our own bytes


def test_a_record_takes_the_contracts_template_version_and_parameters() -> None:
    contract = example_dossier().contract
    record = DecisionRecord.of(
        Decision.allow(Reason("1", "signé")),
        rule="check_contract",
        inputs={"contract": contract},
        contract=contract,
        as_of=date(2027, 2, 28),
    )
    assert record.template_version == date(2024, 1, 19) == contract.template_version
    assert record.to_dict()["parameters"] == parameters_data(contract.parameters)
    assert record.as_of == date(2027, 2, 28)
    alone = DecisionRecord.of(record.decision, rule="r", inputs={})
    assert alone.to_dict()["parameters"] == parameters_data(current())


def test_the_parameters_are_read_only_and_the_record_immutable() -> None:
    record = _record(Decision.allow(Reason("3.3", "ok")))
    with pytest.raises(TypeError):
        record.parameters["reminder_delay"] = {}  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.rule = "autre"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"inputs_digest": "sha256:ABC"},
            "DecisionRecord.inputs_digest : valeur invalide ('sha256:ABC') ; attendu : « sha256: » suivi de 64 chiffres hexadécimaux en minuscules.",
        ),
        (
            {"now": datetime(2026, 12, 1, 9, 0)},  # noqa: DTZ001  # naive on purpose
            "DecisionRecord.now : date et heure sans fuseau horaire (2026-12-01 09:00)",
        ),
        (
            {"rule": " "},
            "DecisionRecord.rule : valeur invalide (' ') ; attendu : un texte non vide.",
        ),
        (
            {"parameters": {"x": object}},
            "DecisionRecord.parameters : valeur invalide",
        ),
        ({"articles": ("9.9",)}, "'9.9'"),
    ],
)
def test_a_record_that_cannot_be_is_refused_naming_its_field(
    change: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        _record(Decision.allow(Reason("3.3", "ok")), **change)
    assert str(caught.value).startswith(message) or message in str(caught.value), str(caught.value)


def _line(**changes: object) -> str:
    data = _record(Decision.allow(Reason("3.3", "ok"))).to_dict()
    data.update(changes)
    return json.dumps({key: value for key, value in data.items() if value != "<absent>"})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{", "line : JSON illisible (colonne 2 : nom de clé entre guillemets attendu)"),
        ("[]", "DecisionRecord : valeur invalide ([])"),
        (
            _line(schema_version=2),
            "DecisionRecord.schema_version : version inconnue (2) ; attendu : 1",
        ),
        (
            _line(schema_version="<absent>"),
            "DecisionRecord.schema_version : clé absente (None)",
        ),
        (_line(now="<absent>"), "DecisionRecord.now : clé absente"),
        (
            _line(now="2026-12-01T09:00"),
            "DecisionRecord.now : date et heure sans fuseau horaire (2026-12-01 09:00)",
        ),
        (_line(now="hier"), "DecisionRecord.now : valeur invalide ('hier')"),
        (_line(as_of="2026-12-01T09:00+01:00"), "DecisionRecord.as_of : valeur invalide"),
        (_line(articles="3.3"), "DecisionRecord.articles : valeur invalide ('3.3')"),
        (_line(decision=[]), "DecisionRecord.decision : valeur invalide ([])"),
        (_line(decision={"allowed": True}), "Decision.reasons : clé absente"),
    ],
)
def test_a_line_that_is_no_record_is_refused_saying_where(line: str, message: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        DecisionRecord.from_json(line)
    assert str(caught.value).startswith(message), str(caught.value)


def test_keys_a_record_does_not_know_are_ignored() -> None:
    """A minor version may add a field: an older reader still reads the line."""
    record = _record(Decision.deny(Reason("3.3", "trop tôt")))
    data = {**record.to_dict(), "remedy": {"texte": "attendre"}}
    assert DecisionRecord.from_json(json.dumps(data)) == record
    with pytest.raises(InvalidValueError, match="^line : valeur invalide"):
        DecisionRecord.from_json(b"{}")  # type: ignore[arg-type]


def test_of_refuses_what_is_no_decision_or_no_contract() -> None:
    with pytest.raises(InvalidValueError, match="^decision : "):
        DecisionRecord.of("autorisé", rule="r", inputs={})  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="^contract : "):
        DecisionRecord.of(
            Decision.allow(Reason("1", "ok")),
            rule="r",
            inputs={},
            contract="82",  # type: ignore[arg-type]
        )


def test_parameters_are_written_as_plain_data() -> None:
    data = parameters_data(current())
    assert sorted(data) == sorted(field.name for field in attrs.fields(type(current())))
    assert data["trace_retention"]["value"] == "P6M"
    assert data["template_update"]["value"] == "2024-01-19"
    assert data["request_types"]["value"][0] == ["incident", ["incident", "anomalie"]]
    assert json.loads(json.dumps(data)) == data


# --- a dossier's decisions, recorded


def test_every_decision_of_the_check_is_recorded_with_its_rule_and_subject() -> None:
    dossier = example_dossier("defauts")
    recorded = dossier_records(dossier)
    assert [(record.subject, record.decision) for record in recorded] == list(
        check_dossier(dossier)
    )
    assert [record.rule for record in recorded] == [
        "check_contract",
        "check_dossier",
        "check_request",
        "check_request",
        "check_sessions",
        "may_read_traces",
        "may_read_traces",
    ]
    for record in recorded:
        assert record.now is None
        assert record.template_version == dossier.contract.template_version
        assert_valid("decision-record", record.to_dict())
    assert recorded[2].inputs_digest == inputs_digest(
        {"contract": dossier.contract, "request": dossier.requests[0]}
    )


def test_each_reminder_is_recorded_after_its_request_at_its_own_instant() -> None:
    recorded = dossier_records(followed_up())
    reminders = [record for record in recorded if record.rule == REMINDER_RULE]
    assert [(record.subject, record.now, bool(record.decision)) for record in reminders] == [
        ("saisine n° 2, relance n° 1", datetime(2026, 12, 2, 9, 0, tzinfo=PARIS), True),
        ("saisine n° 3, relance n° 1", datetime(2026, 11, 25, 9, 0, tzinfo=PARIS), True),
        ("saisine n° 4, relance n° 1", datetime(2026, 12, 10, 9, 0, tzinfo=PARIS), True),
        ("saisine n° 5, relance n° 1", datetime(2026, 12, 15, 9, 0, tzinfo=PARIS), True),
    ]
    subjects = [record.subject for record in recorded]
    assert subjects.index("saisine n° 2, relance n° 1") == subjects.index("saisine n° 2") + 1
    assert str(reminders[0].now) == "2026-12-02 09:00:00+01:00"  # in Paris time


def test_a_reminder_beyond_the_holiday_data_is_refused_naming_it() -> None:
    dossier = followed_up()
    late = attrs.evolve(  # its delay runs into 2101, past the holiday data
        dossier.requests[1],
        sent_at=datetime(2100, 12, 28, 9, 0, tzinfo=UTC),
        reminders=(
            caf_contract.Reminder(
                at=datetime(2101, 1, 4, 9, 0, tzinfo=UTC),
                sent_to="portail-partenaires@caf82.caf.fr",
            ),
        ),
    )
    dossier = attrs.evolve(dossier, requests=(dossier.requests[0], late))
    with pytest.raises(InvalidValueError) as caught:
        dossier_records(dossier)
    assert str(caught.value) == (
        "Art. 3.3 — Dossier.requests[1].reminders[0].at : année 2101 non couverte par les jours "
        "fériés connus (2101-01-04T09:00:00+00:00) ; attendu : une saisine et sa relance entre "
        "1803 et 2100, années des jours fériés connus (le délai se compte en jours ouvrés)."
    )


# --- replayed


def test_replayed_on_the_same_dossier_nothing_differs() -> None:
    dossier = followed_up()
    replayed = replay_decisions(dossier_records(dossier), dossier)
    assert len(replayed) == 12  # 8 decisions of the check, 4 reminders
    assert not [each for each in replayed if each.differs]
    assert all(each.changes == () for each in replayed)


@given(dossiers())
def test_a_replay_is_deterministic(dossier: caf_contract.Dossier) -> None:
    recorded = dossier_records(dossier)
    assert [record.subject for record in recorded if record.rule != REMINDER_RULE] == [
        subject for subject, _ in check_dossier(dossier)
    ]
    replayed = replay_decisions(recorded, dossier)
    assert [each.record for each in replayed] == list(recorded)
    assert not [each for each in replayed if each.differs]
    assert [each.replayed for each in replayed] == list(recorded)


def test_a_closure_day_added_to_the_holiday_data_changes_exactly_the_decisions_it_delays() -> None:
    """Issue 18, « Must show »: recorded, then the holiday data gain a day off (27/11/2026);
    replayed, exactly the reminders whose delay spans that day are reported, with both
    answers: the one sent on the first day allowed (now refused), the one sent later
    (allowed still, its reason saying the new first day). Not the urgent one (allowed at
    once, whatever the delay), not the one whose delay begins after the closure, and none
    of the check's decisions."""
    dossier = followed_up()
    recorded = dossier_records(dossier)
    with closure_added(CLOSURE, version="0.999"):
        replayed = replay_decisions(recorded, dossier)
    differing = [each for each in replayed if each.differs]
    assert [(each.record.subject, each.verdict_changed) for each in differing] == [
        ("saisine n° 2, relance n° 1", True),
        ("saisine n° 4, relance n° 1", False),
    ]
    changed, later = differing
    assert str(changed.record.decision) == (
        "autorisé\n- Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
        "02/12/2026 à 00:00 (heure de Paris)"
    )
    assert changed.replayed is not None
    assert str(changed.replayed.decision) == (
        "refusé\n- Art. 3.3 — délai de 5 jours ouvrés non écoulé : relance possible à partir du "
        "03/12/2026 à 00:00 (heure de Paris), ou dès maintenant si la situation est jugée urgente"
    )
    assert later.replayed is not None  # allowed still, from a later day
    assert str(later.replayed.decision) == (
        "autorisé\n- Art. 3.3 — sans réponse après 5 jours ouvrés : relance possible depuis le "
        "03/12/2026 à 00:00 (heure de Paris)"
    )
    assert changed.replayed.now == changed.record.now  # the record's own instant
    assert changed.changes == (
        f"les jours fériés (holidays {importlib.metadata.version('holidays')} → 0.999)",
    )
    # Every other decision is replayed with the new data version, and the same answer.
    assert all(each.replayed is not None for each in replayed)
    assert {each.replayed.holidays_version for each in replayed if each.replayed} == {"0.999"}


@given(st.data())
def test_a_closure_changes_only_decisions_on_reminders_and_only_those_it_delays(
    data: st.DataObject,
) -> None:
    """Whatever the dossier and the day off: the decisions reported are reminders' whose
    answer at their own instant the day off changes, the Art. 3.3 rule asked directly."""
    dossier = data.draw(dossiers())
    closure = data.draw(cst.days(date(1996, 1, 1), date(2054, 12, 31)))
    recorded = dossier_records(dossier)
    with closure_added(closure):
        replayed = replay_decisions(recorded, dossier)
        expected = [
            record.subject
            for record in recorded
            if record.rule == REMINDER_RULE
            and record.now is not None
            and caf_contract.may_remind(
                dossier.requests[int(record.subject.split("n° ")[1].split(",")[0]) - 1],  # type: ignore[union-attr]
                record.now,
                contract=dossier.contract,
            )
            != record.decision
        ]
    assert [each.record.subject for each in replayed if each.differs] == expected


def test_an_avenant_changes_the_decisions_it_bears_on_saying_the_inputs_changed() -> None:
    dossier = example_dossier()
    recorded = dossier_records(dossier)
    contract = dossier.contract
    cdap = contract.bulletins[0]
    lowered = attrs.evolve(
        cdap, quotas=(HabilitationQuota(service="CDAP", maximum=1), *cdap.quotas[1:])
    )
    avenant = Avenant(
        title="Avenant 2 : quota CDAP abaissé",
        caf_signed_on=date(2026, 12, 1),
        partner_signed_on=date(2026, 12, 2),
    )
    amended = attrs.evolve(
        dossier,
        contract=caf_contract.amend(
            contract, avenant, bulletins=(lowered, *contract.bulletins[1:])
        ),
    )
    replayed = replay_decisions(recorded, amended)
    differing = {each.record.subject: each for each in replayed if each.differs}
    assert list(differing) == ["contrat", "habilitations"]
    assert differing["habilitations"].verdict_changed
    assert "- Art. 6 — signé le 01/03/2024 ; 2 avenants signés par les deux parties" in str(
        differing["contrat"].replayed.decision  # type: ignore[union-attr]
    )
    changed = ("les entrées de la règle (le dossier a changé)",)
    assert {subject: each.changes for subject, each in differing.items()} == {
        "contrat": changed,
        "habilitations": changed,
    }
    # The others keep their answers; those that read the contract say their inputs changed.
    assert {each.record.subject: each.changes for each in replayed if not each.differs} == {
        "saisine n° 1": changed,
        "saisine n° 2": changed,
        "traces": (),
    }


def test_what_cannot_be_replayed_is_said_and_counts_as_differing() -> None:
    dossier = followed_up()
    recorded = dossier_records(dossier)
    fewer = attrs.evolve(dossier, requests=dossier.requests[:1], traces=(), habilitations=())
    replayed = {each.record.subject: each for each in replay_decisions(recorded, fewer)}
    assert replayed["saisine n° 2"].problem == "sujet « saisine n° 2 » absent du dossier"
    assert replayed["saisine n° 2, relance n° 1"].problem == (
        "sujet « saisine n° 2, relance n° 1 » absent du dossier, qui compte 1 saisine"
    )
    assert replayed["traces"].problem == "sujet « traces » absent du dossier"
    assert replayed["habilitations"].problem == "sujet « habilitations » absent du dossier"
    assert all(replayed[subject].differs for subject in ("saisine n° 2", "traces"))
    assert replayed["saisine n° 2"].changes == ()
    # A reminder taken out of a request still there (review of issue 18: it replayed as equal).
    first, second, *others = dossier.requests
    unreminded = attrs.evolve(
        dossier, requests=(first, attrs.evolve(second, reminders=()), *others)
    )
    again = {each.record.subject: each for each in replay_decisions(recorded, unreminded)}
    gone = again["saisine n° 2, relance n° 1"]
    assert gone.differs
    assert gone.problem == (
        "sujet « saisine n° 2, relance n° 1 » absent du dossier : la saisine n° 2 compte 0 relance"
    )
    alone = _record(Decision.allow(Reason("3.3", "ok")))
    [other] = replay_decisions([alone, attrs.evolve(alone, rule="may_remind")], fewer)[:1]
    assert other.problem == (
        "règle « may_send_reminder » sur le sujet aucun : pas une décision du contrôle d'un dossier"
    )
    [_, reminder] = replay_decisions([alone, attrs.evolve(alone, rule="may_remind")], fewer)
    assert reminder.problem is not None
    assert reminder.problem.startswith("règle « may_remind » sur le sujet aucun")


def test_a_record_moved_to_another_rule_is_not_replayed_as_its_subjects() -> None:
    dossier = example_dossier()
    record = attrs.evolve(dossier_records(dossier)[0], rule="check_request")
    [replayed] = replay_decisions([record], dossier)
    assert replayed.problem == (
        "règle « check_request » sur le sujet « contrat » : pas une décision du contrôle d'un "
        "dossier"
    )


def test_what_changed_is_said_version_by_version() -> None:
    record = dossier_records(example_dossier())[0]
    parameters = dict(record.parameters)
    parameters["reminder_delay"] = {**parameters["reminder_delay"], "value": 6}
    later = attrs.evolve(
        record,
        library_version="0.2.0",
        template_version=date(2026, 1, 1),
        parameters=parameters,
    )
    assert Replayed(record=record, replayed=later).changes == (
        f"caf-contract {record.library_version} → 0.2.0",
        "la version du modèle de contrat (19/01/2024 → 01/01/2026)",
        "les paramètres du contrat (reminder_delay)",
    )
    assert not Replayed(record=record, replayed=later).differs
    none = attrs.evolve(record, template_version=None)
    assert "(aucune → 19/01/2024)" in Replayed(record=none, replayed=record).changes[0]


def test_a_replay_is_made_of_records() -> None:
    record = dossier_records(example_dossier())[0]
    with pytest.raises(InvalidValueError, match="^records : élément invalide"):
        replay_decisions([record.to_dict()], example_dossier())  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="^Replayed.problem : "):
        Replayed(record=record, replayed=None)
    with pytest.raises(InvalidValueError, match="^Replayed.problem : "):
        Replayed(record=record, replayed=record, problem="absent")


def test_durations_are_written_in_iso_8601() -> None:
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    from caf_contract.records import _duration  # noqa: PLC0415

    assert _duration(relativedelta(years=1, months=2, days=3, hours=4, minutes=5, seconds=6)) == (
        "P1Y2M3DT4H5M6S"
    )
    assert _duration(relativedelta(hours=12)) == "PT12H"
    assert _duration(relativedelta()) == "P0D"


def test_the_parameters_read_like_the_plain_data_they_hold() -> None:
    record = _record(Decision.allow(Reason("3.3", "ok")))
    assert len(record.parameters) == 7
    assert repr(record.parameters["trace_retention"]) == (
        "{'value': 'P6M', 'wording': 'six mois', 'article': '5.3.2', 'valid_from': '2024-01-19'}"
    )
    other: object = 7
    assert record.parameters != other
    assert {record: 1}[record] == 1  # hashable, as a value is


def test_a_date_or_an_instant_of_a_line_is_a_text() -> None:
    with pytest.raises(InvalidValueError, match=r"^DecisionRecord.now : valeur invalide \(5\)"):
        DecisionRecord.from_json(_line(now=5))


def test_a_subject_the_check_never_names_is_not_replayed() -> None:
    dossier = example_dossier()
    record = attrs.evolve(dossier_records(dossier)[2], subject="saisine 2")
    [replayed] = replay_decisions([record], dossier)
    assert replayed.problem == "sujet « saisine 2 » absent du dossier"


def test_a_reminder_the_rule_now_refuses_to_decide_is_said() -> None:
    dossier = followed_up()
    record = next(record for record in dossier_records(dossier) if record.rule == REMINDER_RULE)
    record = attrs.evolve(record, now=datetime(2101, 1, 4, 9, 0, tzinfo=UTC))
    late = attrs.evolve(
        dossier.requests[1],
        sent_at=datetime(2100, 12, 28, 9, 0, tzinfo=UTC),
        reminders=tuple(
            attrs.evolve(reminder, at=datetime(2101, 1, 4, 9, 0, tzinfo=UTC))
            for reminder in dossier.requests[1].reminders
        ),
    )
    moved = attrs.evolve(dossier, requests=(dossier.requests[0], late))
    [replayed] = replay_decisions([record], moved)
    assert replayed.problem is not None
    assert replayed.problem.startswith(
        "la règle refuse l'entrée : Art. 3.3 — année 2101 non couverte par les jours fériés"
    )
