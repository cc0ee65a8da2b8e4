from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from caf_contract import (
    Actor,
    Caf,
    Interlocutor,
    InterlocutorRole,
    Interlocutors,
    InvalidEmailError,
    InvalidSiren,
    InvalidValueError,
    Partner,
    Siren,
    UnknownDepartmentError,
)
from caf_contract.parties import DEPARTMENT_CODES, department_code, is_placeholder
from tests import strategies as cst

if TYPE_CHECKING:
    from collections.abc import Callable

# --- SIREN


@given(cst.siren_strings())
def test_any_valid_siren_round_trips_through_str(text: str) -> None:
    siren = Siren(text)
    assert str(siren) == text.replace(" ", "")
    assert Siren(str(siren)) == siren
    assert Siren(siren.formatted) == siren
    assert eval(repr(siren), {"Siren": Siren}) == siren  # noqa: S307  # repr is eval-able


@given(cst.siren_strings(spaced=False), st.integers(0, 8), st.integers(1, 9))
def test_any_single_changed_digit_is_refused(text: str, position: int, shift: int) -> None:
    changed = str((int(text[position]) + shift) % 10)
    with pytest.raises(InvalidSiren):
        Siren(text[:position] + changed + text[position + 1 :])


@given(cst.invalid_siren_inputs())
def test_invalid_sirens_are_refused(value: object) -> None:
    with pytest.raises(InvalidSiren, match="attendu : un SIREN de 9 chiffres"):
        Siren(value)
    assert not Siren.is_valid(value)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("12345678A", "contient autre chose que des chiffres"),
        ("13000548", "8 chiffres au lieu de 9"),
        ("1300054810", "10 chiffres au lieu de 9"),
        ("130005482", "clé de contrôle"),
        ("000000000", "ne désigne aucune entreprise"),
        ("000 000 000", "ne désigne aucune entreprise"),
        ("١٣٠٠٠٥٤٨١", "contient autre chose que des chiffres"),
        (130005481, "en texte"),
    ],
)
def test_siren_errors_say_what_is_wrong(value: object, problem: str) -> None:
    with pytest.raises(InvalidSiren, match=problem) as caught:
        Siren(value)
    assert caught.value.value == value
    assert str(caught.value).startswith("Préambule — SIREN")


@pytest.mark.parametrize(
    "text", ["130005481", "130 005 481", "130\u00a0005\u00a0481", " 356000000 ", "356 000 000"]
)
def test_known_valid_sirens(text: str) -> None:
    # 356000000 is La Poste: its Luhn exception concerns SIRET numbers only.
    assert Siren.is_valid(text)


def test_sirens_order_and_hash_by_digits() -> None:
    assert Siren("130 005 481") == Siren("130005481")
    assert len({Siren("130 005 481"), Siren("130005481")}) == 1
    assert Siren("130005481") < Siren("356000000")
    assert Siren(Siren("130005481")) == Siren("130005481")


# --- departments


@given(cst.department_codes())
def test_every_department_code_is_accepted(code: str) -> None:
    assert department_code(code.lower()) == code


@given(cst.unknown_department_codes())
def test_unknown_departments_are_refused(code: object) -> None:
    with pytest.raises(UnknownDepartmentError) as caught:
        department_code(code)
    if caught.value.meant is None:
        assert "« 2A », « 2B »" in str(caught.value)
    else:
        assert f'"{caught.value.meant}"' in str(caught.value)


@pytest.mark.parametrize(
    ("value", "meant", "expected"),
    [
        # pandas.read_csv reads a column of codes as numbers; 57.0 when a cell is empty.
        (57, "57", 'attendu : un code de département en texte ("57").'),
        (1, "01", 'attendu : un code de département en texte ("01").'),
        (974, "974", 'attendu : un code de département en texte ("974").'),
        (57.0, "57", 'attendu : un code de département en texte ("57").'),
        # A spreadsheet drops the 0 of « 01 ».
        ("1", "01", 'attendu : un code de département à deux chiffres : écrire "01".'),
        (" 9 ", "09", 'attendu : un code de département à deux chiffres : écrire "09".'),
    ],
)
def test_a_code_written_as_a_number_or_without_its_zero_is_explained(
    value: object, meant: str, expected: str
) -> None:
    """Issue 17, point 3: « WorkingCalendar(57) gets « attendu : un code de département
    en texte ("57") », and "1" for "01" is explained »."""
    with pytest.raises(UnknownDepartmentError) as caught:
        department_code(value)
    assert caught.value.meant == meant
    assert str(caught.value).endswith(expected)


@pytest.mark.parametrize("value", [20, 0, -1, 96, 1000, 57.5, True, "0", "x", [57]])
def test_a_number_that_stands_for_no_code_gets_the_list_of_codes(value: object) -> None:
    with pytest.raises(UnknownDepartmentError, match="« 2A », « 2B »") as caught:
        department_code(value)
    assert caught.value.meant is None


def test_there_are_101_departments_and_saint_pierre_et_miquelon() -> None:
    assert len(DEPARTMENT_CODES - {"975"}) == 101
    assert {"2A", "2B", "971", "975", "976"} <= DEPARTMENT_CODES
    assert not {"20", "96", "977"} & DEPARTMENT_CODES


# --- e-mails, placeholders


@given(cst.emails())
def test_well_formed_emails_are_kept(email: str) -> None:
    assert Interlocutor(role="direction", name="Léa Bernard", email=email).email == email


@given(cst.invalid_emails())
def test_malformed_emails_are_refused(email: object) -> None:
    with pytest.raises(InvalidEmailError, match="Interlocutor.email : adresse mél mal formée"):
        Interlocutor(role="direction", name="Léa Bernard", email=email)  # type: ignore[arg-type]


@given(cst.unfilled_emails())
def test_an_email_left_as_the_template_wrote_it_is_not_given(email: str) -> None:
    # « Adresse mél » or a blank is the template's empty line: read as missing, so that
    # check_contract names it, never refused as malformed.
    assert Interlocutor(role="direction", name="Prénom NOM", email=email).email is None


def test_a_caf_service_centre_address_is_required_even_as_the_template_writes_it() -> None:
    with pytest.raises(InvalidEmailError, match="Caf.service_centre_email"):
        Caf(department="82", name="Caf", address="x", service_centre_email="Adresse mél")


@given(cst.placeholders())
def test_placeholders_are_recognised_whatever_the_case(text: str) -> None:
    assert is_placeholder(text)
    assert is_placeholder(f"  {text.upper()} ")


def test_empty_and_missing_texts_are_placeholders() -> None:
    assert is_placeholder(None)
    assert is_placeholder("   ")
    assert not is_placeholder("CCAS de Montauban")


# --- roles


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("DPO", InterlocutorRole.DPO),
        ("CIL", InterlocutorRole.REFERENT_INFORMATIQUE_LIBERTES),
        ("CIL ou référent Informatique et Libertés", InterlocutorRole.DPO),
        ("Délégué à la protection des données", InterlocutorRole.DPO),
        ("gestionnaire des habilitations", InterlocutorRole.ADMINISTRATEUR_PRINCIPAL),
        ("Administrateur délégué", InterlocutorRole.ADMINISTRATEUR_DELEGUE),
        ("suppléant", InterlocutorRole.ADMINISTRATEUR_DELEGUE),
        ("Responsable Sécurité / informatique", InterlocutorRole.RESPONSABLE_SECURITE),
        ("Directrice", InterlocutorRole.DIRECTION),
        ("direction", InterlocutorRole.DIRECTION),
    ],
)
def test_roles_accept_the_names_of_the_text(written: str, role: InterlocutorRole) -> None:
    assert Interlocutor(role=written, name="Léa Bernard").role is role


def test_dpo_and_referent_are_one_role() -> None:
    assert InterlocutorRole["DPO"] is InterlocutorRole["REFERENT_INFORMATIQUE_LIBERTES"]


@pytest.mark.parametrize("bad", ["stagiaire", "", 3, None])
def test_unknown_roles_are_refused(bad: object) -> None:
    with pytest.raises(InvalidValueError, match="Interlocutor.role"):
        Interlocutor(role=bad, name="Léa Bernard")  # type: ignore[arg-type]


# --- annexe 1


def _person(
    role: str, name: str = "Léa Bernard", email: str | None = "lea@ccas.fr"
) -> Interlocutor:
    return Interlocutor(role=role, name=name, email=email)


def test_security_and_dpo_default_to_direction_only_when_absent() -> None:
    direction = _person("direction", "Hugo Petit", "direction@ccas.fr")
    people = Interlocutors(partner=(direction, _person("administrateur_principal")))
    assert people.of_partner("responsable_securite") == (direction,)
    assert people.of_partner("dpo") == (direction,)
    assert people.of_partner("administrateur_delegue") == ()
    dpo = _person("dpo", "Nadia Roux", "dpo@ccas.fr")
    assert Interlocutors(partner=(direction, dpo)).of_partner("cil") == (dpo,)


def test_finding_a_partner_interlocutor() -> None:
    admin = _person("administrateur_principal", "Hugo Petit", "Hugo.Petit@ccas.fr")
    people = Interlocutors(
        partner=(admin,), caf=(_person("centre_de_services", "Centre", "portail@caf82.caf.fr"),)
    )
    assert people.find_partner(email=" hugo.petit@CCAS.fr ") is admin
    assert people.find_partner(name="hugo  petit") is admin
    assert people.find_partner(email="autre@ccas.fr") is None
    assert people.find_partner() is None
    assert people.of_caf("centre_de_services")[0].name == "Centre"


@pytest.mark.parametrize(("name", "email"), [(3, None), (None, 3), (["Léa"], None), (None, b"x")])
def test_finding_a_partner_interlocutor_by_something_else_than_text_is_refused(
    name: object, email: object
) -> None:
    admin = _person("administrateur_principal", "Hugo Petit", "Hugo.Petit@ccas.fr")
    for people in (Interlocutors(partner=(admin,)), Interlocutors()):
        with pytest.raises(
            InvalidValueError, match=r"^(name|email) : .* attendu : un texte ou None"
        ):
            people.find_partner(name=name, email=email)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"^(name|email) : "):
        admin.matches(name=name, email=email)  # type: ignore[arg-type]


def test_the_service_centre_is_a_caf_interlocutor_only() -> None:
    with pytest.raises(InvalidValueError, match="réservé à la Caf"):
        Interlocutors(partner=(_person("centre_de_services"),))


@pytest.mark.parametrize("bad", ["Léa", [1], None, {"role": "direction"}])
def test_interlocutor_lists_must_hold_interlocutors(bad: object) -> None:
    with pytest.raises(InvalidValueError, match="Interlocutors"):
        Interlocutors(partner=bad)


# --- Caf and partner


@given(
    cst.department_codes(),
    st.sampled_from([str.lower, str.upper, " {} ".format, "{}\t".format]),
)
def test_a_caf_is_known_by_its_department_code_however_written(
    code: str, write: Callable[[str], str]
) -> None:
    # The code decides the working-day calendar: it is kept in its one canonical form.
    caf = Caf(
        department=write(code),
        name="Caf",
        address="1 rue de la Caf",
        service_centre_email="portail@caf.fr",
    )
    assert caf.department == code
    assert caf == attrs.evolve(caf, department=code)


@pytest.mark.parametrize("department", [82, "820", "8 2", None])
def test_a_caf_department_that_is_no_code_is_refused(department: object) -> None:
    with pytest.raises(UnknownDepartmentError):
        Caf(
            department=department,
            name="Caf",
            address="1 rue de la Caf",
            service_centre_email="portail@caf.fr",
        )


def test_a_caf_needs_its_service_centre_address() -> None:
    with pytest.raises(InvalidEmailError, match="Caf.service_centre_email"):
        Caf(
            department="82",
            name="Caf de Tarn-et-Garonne",
            address="Montauban",
            service_centre_email="portail",
        )
    with pytest.raises(UnknownDepartmentError):
        Caf(department="99", name="Caf", address="x", service_centre_email="a@b.fr")
    with pytest.raises(InvalidValueError, match="Caf.name"):
        Caf(department="82", name=" ", address="x", service_centre_email="a@b.fr")


@given(
    st.one_of(
        cst.STRUCTURES.map(lambda name: (name, False)),
        cst.placeholders().map(lambda name: (name, True)),
        st.just(("", True)),
    ),
    st.sampled_from(["", " ", "  "]),
    st.one_of(st.none(), cst.PEOPLE_NAMES, cst.placeholders()),
    st.one_of(st.none(), cst.blank_sirens(), cst.sirens(), cst.siren_strings()),
)
def test_a_partner_keeps_the_placeholders_it_is_given(
    written: tuple[str, bool],
    padding: str,
    representative: str | None,
    siren: Siren | str | None,
) -> None:
    # Kept as written, so that check_contract can quote what is left to fill in.
    name, left_unfilled = padding + written[0] + padding, written[1]
    partner = Partner(name=name, representative=representative, siren=siren)
    assert partner.name == name
    assert partner.representative == representative
    assert is_placeholder(partner.name) is left_unfilled
    if siren is None or (isinstance(siren, str) and not siren.strip()):
        assert partner.siren is None
    else:
        assert partner.siren == Siren(siren)


def test_partner_siren_is_parsed() -> None:
    assert Partner(name="CCAS", siren="130 005 481").siren == Siren("130005481")
    with pytest.raises(InvalidSiren):
        Partner(name="CCAS", siren="130 005 482")
    with pytest.raises(InvalidSiren):
        Partner(name="CCAS", siren="00")


@given(cst.blank_sirens())
def test_a_blank_partner_siren_is_the_templates_empty_siren(blank: str) -> None:
    # « Numéro de SIREN : » left empty: not given (check_contract names it); a SIREN
    # itself is never blank.
    assert Partner(name="NOM STRUCTURE", siren=blank).siren is None
    with pytest.raises(InvalidSiren):
        Siren(blank)


# --- actors


@pytest.mark.parametrize(
    ("arguments", "organisation"),
    [
        ({"side": "Caf", "organisation": " 2a "}, "2A"),
        ({"side": "partenaire", "organisation": Siren("123 456 782")}, "123456782"),
        ({"side": "partenaire", "organisation": "123 456 782"}, "123456782"),
        ({"side": "Cnaf"}, None),
    ],
)
def test_an_actor_writes_its_organisation_one_way(
    arguments: dict[str, object], organisation: str | None
) -> None:
    actor = Actor(**arguments, name="Léa Bernard")  # type: ignore[arg-type]
    assert actor.organisation == organisation
    assert eval(repr(actor), {"Actor": Actor}) == actor  # noqa: S307  # repr is eval-able


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"side": "Caf", "organisation": "123456782"}, "Caf non identifiée"),
        ({"side": "Caf", "organisation": None}, "Caf non identifiée"),
        ({"side": "partenaire", "organisation": "82"}, "employeur non identifié"),
        ({"side": "partenaire", "organisation": "123456789"}, "employeur non identifié"),
        ({"side": "Cnaf", "organisation": "82"}, "valeur invalide"),
    ],
)
def test_an_actor_names_the_organisation_its_side_has(
    arguments: dict[str, object], problem: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Actor(**arguments, name="Léa Bernard")  # type: ignore[arg-type]
    assert caught.value.field == "Actor.organisation"
    assert caught.value.problem == problem


@given(cst.placeholders())
def test_for_any_placeholder_no_interlocutor_is_designated(placeholder: str) -> None:
    """« Prénom NOM », « Adresse mél »: the template's blanks designate nobody (annexe 1)."""
    person = Interlocutor(role="administrateur principal", name=placeholder, email=None)
    assert not person.is_designated_by(placeholder)
    assert not person.matches(name=placeholder)
    named = Interlocutor(role="direction", name="Léa Bernard", email="lea@ccas.fr")
    assert not named.is_designated_by(placeholder)
    assert not named.matches(name=placeholder, email=placeholder)
    assert Actor.partner("123456782", placeholder).designates_nobody


# --- SIREN and organisation checks made faster (issue 16), against what they were


def _luhn_as_it_was(digits: str) -> bool:
    total = 0
    for position, character in enumerate(reversed(digits)):
        digit = ord(character) - 48
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _siren_as_it_was(value: str) -> str:
    """The digits the SIREN check of caf_contract 0.1 kept, or the problem it named."""
    digits = value.strip().translate(str.maketrans("", "", " \u00a0\u202f"))
    if any(not ("0" <= character <= "9") for character in digits):
        return "contient autre chose que des chiffres"
    if len(digits) != 9:
        return f"{len(digits)} chiffres au lieu de 9"
    if not _luhn_as_it_was(digits):
        return "clé de contrôle (Luhn) invalide"
    if digits == "000000000":
        return "000000000 ne désigne aucune entreprise"
    return digits


SIREN_LIKE = st.one_of(
    cst.siren_strings(),
    st.text(st.sampled_from("0123456789 \u00a0\u202f\t١a"), max_size=12),
    st.text(st.characters(codec="utf-8"), max_size=12),
)


@given(SIREN_LIKE)
def test_a_siren_is_read_as_it_was_before(value: str) -> None:
    expected = _siren_as_it_was(value)
    if expected.isdigit():
        assert Siren(value).digits == expected
        assert type(Siren(value).digits) is str
    else:
        with pytest.raises(InvalidSiren) as caught:
            Siren(value)
        assert caught.value.problem == expected


class _Digits(str):
    __slots__ = ()


def test_a_siren_written_in_a_text_of_a_class_of_its_own_keeps_plain_digits() -> None:
    assert type(Siren(_Digits("123456782")).digits) is str


@given(st.one_of(SIREN_LIKE, cst.department_codes(), st.sampled_from(["2a", " 82 ", "20", ""])))
def test_an_actor_organisation_is_read_as_it_was_before(value: str) -> None:
    code = value.strip().upper()
    department = code if code in DEPARTMENT_CODES else None
    siren = _siren_as_it_was(value)
    written = department or (siren if siren.isdigit() else value)
    for side in ("Caf", "partenaire"):
        if written == (department if side == "Caf" else siren):
            assert Actor(side=side, organisation=value, name="agent").organisation == written
        else:
            with pytest.raises(InvalidValueError) as caught:
                Actor(side=side, organisation=value, name="agent")
            assert caught.value.field == "Actor.organisation"
