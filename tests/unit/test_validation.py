"""Identifier rules: the ones liaisons type every day and the ones old spreadsheets mangle."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_desk.errors import ValidationError
from liaison_desk.validation import (
    format_phone,
    is_valid_npi,
    normalize_npi,
    normalize_phone,
    normalize_state_id,
    npi_check_digit,
)


def test_spec_npi_is_valid_and_neighbours_are_not() -> None:
    assert normalize_npi("1234567893") == "1234567893"
    for wrong in ("1234567890", "1234567891", "1234567894", "2234567893"):
        assert not is_valid_npi(wrong)


def test_npi_messages_say_what_is_wrong() -> None:
    with pytest.raises(ValidationError, match="check digit"):
        normalize_npi("1234567890")
    with pytest.raises(ValidationError, match="9 digits"):
        normalize_npi("123456789")
    with pytest.raises(ValidationError, match="digits only"):
        normalize_npi("12345A7893")
    with pytest.raises(ValidationError, match="missing"):
        normalize_npi("  ")


def test_npi_survives_spreadsheet_numbers() -> None:
    assert normalize_npi(1234567893.0) == "1234567893"
    assert normalize_npi("1234567893.0") == "1234567893"
    assert normalize_npi(1234567893) == "1234567893"


def _luhn_valid(number: str) -> bool:
    """Textbook Luhn over the full string (independent of the implementation's loop)."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


@given(st.from_regex(r"[12][0-9]{8}", fullmatch=True))
def test_npi_check_digit_matches_luhn_with_prefix(first_nine: str) -> None:
    npi = first_nine + str(npi_check_digit(first_nine))
    assert _luhn_valid("80840" + npi)
    assert normalize_npi(npi) == npi
    # Every other last digit is refused: one typo in the check digit is always caught.
    for d in "0123456789":
        if d != npi[-1]:
            assert not is_valid_npi(first_nine + d)


@given(st.from_regex(r"[12][0-9]{9}", fullmatch=True), st.integers(0, 8), st.integers(1, 9))
def test_single_digit_typo_is_caught(npi_like: str, pos: int, delta: int) -> None:
    npi = npi_like[:9] + str(npi_check_digit(npi_like[:9]))
    typo = npi[:pos] + str((int(npi[pos]) + delta) % 10) + npi[pos + 1 :]
    if typo[0] in "12":
        assert not is_valid_npi(typo)


@given(st.integers(0, 9_999_999), st.sampled_from("abcdefghijklmnopqrstuvwxyzABCZ"))
def test_state_id_accepts_seven_digits_and_a_letter_any_case(n: int, letter: str) -> None:
    raw = f"{n:07d}{letter}"
    assert normalize_state_id(raw) == f"{n:07d}{letter.upper()}"
    assert normalize_state_id(f"  {raw} ") == f"{n:07d}{letter.upper()}"


@pytest.mark.parametrize(
    "bad", ["123456A", "12345678A", "1234567", "A1234567", "1234567AB", "12-34567A"]
)
def test_state_id_refuses_wrong_shapes(bad: str) -> None:
    with pytest.raises(ValidationError, match="7 digits and a letter"):
        normalize_state_id(bad)


@pytest.mark.parametrize(
    "typed",
    [
        "(515) 555-0142",
        "515.555.0142",
        "515-555-0142",
        "1-515-555-0142",
        "+1 515 555 0142",
        "5155550142",
        5155550142.0,
        "515 5550142",
    ],
)
def test_phone_forms_normalise_to_e164_and_display(typed: object) -> None:
    assert normalize_phone(typed) == "+15155550142"
    assert format_phone(normalize_phone(typed)) == "(515) 555-0142"


def test_phone_extension_is_kept() -> None:
    e164 = normalize_phone("(515) 555-0142 ext. 204")
    assert e164 == "+15155550142;ext=204"
    assert format_phone(e164) == "(515) 555-0142 x204"


@pytest.mark.parametrize(
    "bad", ["555-0142", "(015) 555-0142", "(515) 155-0142", "515-CALL-NOW", ""]
)
def test_phone_refuses_what_cannot_be_dialled(bad: str) -> None:
    with pytest.raises(ValidationError):
        normalize_phone(bad)


@given(st.integers(2, 9), st.integers(0, 99), st.integers(2, 9), st.integers(0, 999_999))
def test_phone_roundtrip_property(a: int, b: int, c: int, d: int) -> None:
    digits = f"{a}{b:02d}{c}{d:06d}"
    shown = format_phone(normalize_phone(digits))
    assert normalize_phone(shown) == "+1" + digits


_WRITTEN_EXTENSIONS = ["x", " x ", " ext. ", " extension ", " #", ", ext "]


@given(
    st.integers(2, 9),
    st.integers(0, 99),
    st.integers(2, 9),
    st.integers(0, 999_999),
    st.integers(1, 999_999),
    st.sampled_from(_WRITTEN_EXTENSIONS),
)
def test_a_stored_phone_with_an_extension_normalizes_to_itself(
    a: int, b: int, c: int, d: int, ext: int, written: str
) -> None:
    # The form, the service and the import all call normalize_phone, sometimes on a value
    # that was already normalized: the stored form must be accepted as it is.
    stored = normalize_phone(f"{a}{b:02d}{c}{d:06d}{written}{ext}")
    assert stored == f"+1{a}{b:02d}{c}{d:06d};ext={ext}"
    assert normalize_phone(stored) == stored
    assert normalize_phone(format_phone(stored)) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("pat@example.org", "pat@example.org"),
        ("  Pat.Smith@Example.ORG ", "Pat.Smith@example.org"),
        ("Pat Smith <pat.smith@example.org>", "pat.smith@example.org"),
        ("mailto:pat+ride@example.org", "pat+ride@example.org"),
        ("o'brien@dhs.iowa.gov", "o'brien@dhs.iowa.gov"),
        ("pat@example.org.", "pat@example.org"),
    ],
)
def test_email_addresses_as_people_write_them(typed: str, stored: str) -> None:
    from liaison_desk.validation import normalize_email

    assert normalize_email(typed) == stored


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("", "missing"),
        ("pat", "needs a name, an @"),
        ("pat@", "needs a name, an @"),
        ("@example.org", "needs a name, an @"),
        ("pat@example", "domain"),
        ("pat@exa_mple.org", "domain"),
        ("pat@-example.org", "domain"),
        ("pat@127.0.0.1", "domain"),
        ("pat..smith@example.org", "before the @"),
        ("pat smith@example.org", "before the @"),
        ("pat@@example.org", "before the @"),
        ("a" * 65 + "@example.org", "too long"),
    ],
)
def test_wrong_email_addresses_are_refused_in_words(typed: str, words: str) -> None:
    from liaison_desk.validation import normalize_email

    with pytest.raises(ValidationError) as caught:
        normalize_email(typed)
    assert words in caught.value.problems["email"]
