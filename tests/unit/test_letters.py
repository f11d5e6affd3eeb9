"""The letter engine: templates, field filling, composing and the PDF (read back with pypdf)."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from liaison_desk import letters
from liaison_desk.letters import (
    STANDARD_FIELDS,
    LetterContent,
    LetterError,
    Letterhead,
    compose,
    fill,
    format_letter_date,
    get_template,
    list_templates,
    load_letterhead,
    render_pdf,
)

LETTER_DATE = date(2026, 11, 23)
REFERENCE = "261123-0007"


def sample_fields(**overrides: str) -> dict[str, str]:
    fields = {
        "member_name": "Liam O'Brien",
        "answer": "Your prior authorization was approved on November 20, 2026.",
        "phone_called": "(515) 555-0142",
        "first_call_date": "November 20, 2026",
        "second_call_date": "November 21, 2026",
        "received_date": "November 19, 2026",
    }
    fields.update(overrides)
    return fields


def make_letter(
    *,
    template: str = "unable_to_reach",
    recipient: str = "Mary O'Brien",
    address: tuple[str, ...] = ("1420 Grand Avenue, Apt. 3B", "West Des Moines, IA 50265"),
    signer: str = "Jordan Ellis",
    **fields: str,
) -> LetterContent:
    return compose(
        get_template(template),
        sample_fields(**fields),
        letter_date=LETTER_DATE,
        recipient_name=recipient,
        address_lines=address,
        reference=REFERENCE,
        signer_name=signer,
        signer_title="Unit Lead, Member Services",
    )


def pdf_pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


# ----------------------------------------------------------------------------- templates


def test_shipped_templates_are_listed_by_title() -> None:
    templates = list_templates()
    assert len(templates) >= 2
    assert [t.title.casefold() for t in templates] == sorted(t.title.casefold() for t in templates)
    by_key = {t.key: t for t in templates}
    assert by_key["unable_to_reach"].title == "Unable to reach you by phone — here is the answer"
    assert by_key["issue_outcome"].title == "Outcome of your escalated issue"
    for template in templates:
        assert "{reference}" in template.subject
        assert template.body.strip()
        assert not template.body.lstrip().startswith(("Title:", "Subject:", "#"))


@pytest.mark.parametrize("template", list_templates(), ids=lambda t: t.key)
def test_every_shipped_template_composes_with_the_documented_fields(
    template: letters.LetterTemplate,
) -> None:
    assert set(template.fields) <= set(STANDARD_FIELDS)
    content = compose(
        template,
        sample_fields(),
        letter_date=LETTER_DATE,
        recipient_name="Mary O'Brien",
        address_lines=["1420 Grand Avenue", "Des Moines, IA 50309"],
        reference=REFERENCE,
        signer_name="Jordan Ellis",
        signer_title="Unit Lead",
    )
    assert content.missing == ()
    for text in (content.subject, content.regarding, content.body):
        assert "?]" not in text
        assert "{" not in text and "}" not in text
    assert REFERENCE in content.subject
    assert "Your prior authorization was approved" in content.body
    assert "1-800-338-8366" in content.body


def test_get_template_unknown_key_is_a_plain_letter_error() -> None:
    with pytest.raises(LetterError, match="No letter template named “nope”"):
        get_template("nope")
    with pytest.raises(LetterError):
        get_template("../letters/unable_to_reach")


def test_template_files_are_read_forgivingly(tmp_path: Path) -> None:
    (tmp_path / "crlf_bom.txt").write_bytes(
        "\ufeff# a note\r\nTitle: Zebra letter\r\nsubject: Hello {recipient_name}\r\n\r\n"
        "Line one\r\nline two\r\n".encode()
    )
    (tmp_path / "no_header.txt").write_text("Just a body with {answer}.\n", encoding="utf-8")
    (tmp_path / "windows_1252.txt").write_bytes("Title: Caf\xe9 letter\n\nBody\n".encode("cp1252"))
    (tmp_path / "_draft.txt").write_text("Title: Draft\n\nignored", encoding="utf-8")
    (tmp_path / "README.md").write_text("not a template", encoding="utf-8")

    templates = list_templates(tmp_path)
    assert [t.key for t in templates] == ["windows_1252", "no_header", "crlf_bom"]
    crlf = get_template("crlf_bom", tmp_path)
    assert crlf.title == "Zebra letter"
    assert crlf.subject == "Hello {recipient_name}"
    assert crlf.body == "Line one\nline two"
    bare = get_template("no_header", tmp_path)
    assert bare.title == "No header"
    assert bare.subject == "Re: Your inquiry, reference {reference}"
    assert bare.body == "Just a body with {answer}."
    assert get_template("windows_1252", tmp_path).title == "Café letter"


# ----------------------------------------------------------------------------- filling


def test_fill_replaces_fields() -> None:
    result = fill("Dear {recipient_name}, about {reference}.", {
        "recipient_name": "Mary O'Brien",
        "reference": REFERENCE,
    })  # fmt: skip
    assert result == letters.FilledText("Dear Mary O'Brien, about 261123-0007.", ())


def test_fill_marks_and_reports_missing_fields_without_failing() -> None:
    result = fill(
        "Dear {recipient_name},\n{answer}\nRef {reference} / {refrence} / {answer}",
        {"recipient_name": "Ana", "answer": "   "},
    )
    assert result.missing == ("answer", "reference", "refrence")
    assert result.text == "Dear Ana,\n[answer?]\nRef [reference?] / [refrence?] / [answer?]"


def test_fill_is_forgiving_about_spelling_and_braces() -> None:
    result = fill(
        "{ Recipient Name } {recipient-name} {{literal}} {not a field!} {} {1x}",
        {"RECIPIENT_NAME": "José"},
    )
    assert result.text == "José José {literal} {not a field!} {} {1x}"
    assert result.missing == ()


def test_fill_optional_field_drops_its_line() -> None:
    text = "Reference {reference}\nMember: {member_name?}\nEnd"
    assert fill(text, {"reference": "1"}).text == "Reference 1\nEnd"
    assert fill(text, {"reference": "1", "member_name": "Ana"}).text == (
        "Reference 1\nMember: Ana\nEnd"
    )


def test_fill_does_not_expand_braces_inside_values() -> None:
    result = fill("{answer}", {"answer": "Use {reference} as {{is}}", "reference": "X"})
    assert result.text == "Use {reference} as {{is}}"


def test_format_letter_date() -> None:
    assert format_letter_date(date(2026, 3, 5)) == "March 5, 2026"


# ----------------------------------------------------------------------------- composing


def test_compose_builds_the_letter_parts() -> None:
    content = make_letter(reference="ignored")  # the keyword argument wins over fields
    assert content.letter_date == LETTER_DATE
    assert content.reference == REFERENCE
    assert content.subject == f"Re: Your inquiry, reference {REFERENCE}"
    assert content.salutation == "Dear Mary O'Brien:"
    assert content.closing == "Sincerely,"
    assert content.regarding == "Member: Liam O'Brien"
    assert content.address_lines == ("1420 Grand Avenue, Apt. 3B", "West Des Moines, IA 50265")
    assert "(515) 555-0142 on November 20, 2026 and again on November 21, 2026" in content.body
    assert f"reference number, {REFERENCE}," in content.body
    assert content.missing == ()


def test_compose_without_member_drops_the_regarding_line() -> None:
    content = make_letter(member_name="")
    assert content.regarding == ""
    assert content.missing == ()


def test_compose_reports_what_is_missing() -> None:
    content = compose(
        get_template("unable_to_reach"),
        {"answer": "Yes."},
        letter_date=LETTER_DATE,
        recipient_name="  ",
        address_lines=["", "  "],
        reference=REFERENCE,
        signer_name="Jordan Ellis",
        signer_title="Unit Lead",
    )
    assert content.missing == (
        "recipient_name",
        "mailing_address",
        "phone_called",
        "first_call_date",
        "second_call_date",
    )
    assert content.salutation == "Dear [recipient_name?]:"
    assert content.address_lines == ("[mailing_address?]",)
    assert "[phone_called?]" in content.body
    render_pdf(content)  # still renders, markers and all


# ----------------------------------------------------------------------------- PDF


@pytest.mark.parametrize(
    ("recipient", "address"),
    [
        ("Mary O'Brien", ("1420 Grand Avenue, Apt. 3B", "West Des Moines, IA 50265")),
        (
            "Nguyễn Văn Đặng",
            ("Attn: Đặng Thị Müller", "2700 Ingersoll Ave", "Des Moines, IA 50312"),
        ),
    ],
)
def test_pdf_contains_the_letter(recipient: str, address: tuple[str, ...]) -> None:
    content = make_letter(
        recipient=recipient,
        address=address,
        signer="José Müller",
        answer="Your claim for the visit on October 2 was paid on November 18.",
    )
    pdf = render_pdf(content)
    assert pdf.startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    text = pages[0]
    assert recipient in text
    assert f"Dear {recipient}:" in text
    for line in address:
        assert line in text
    assert f"Reference number: {REFERENCE}" in text
    assert f"Re: Your inquiry, reference {REFERENCE}" in text
    assert "Your claim for the visit on October 2 was paid on November 18." in " ".join(
        text.split()
    )
    assert "José Müller" in text
    assert "Unit Lead, Member Services" in text
    assert "November 23, 2026" in text
    assert "Sincerely," in text
    # The letterhead
    assert "Iowa Medicaid" in text
    assert "P.O. Box 36510" in text
    assert "Des Moines, IA 50315" in text
    assert "1-800-338-8366" in text
    assert "Page 1 of 1" in text


def test_pdf_is_us_letter_with_metadata() -> None:
    content = make_letter()
    reader = PdfReader(io.BytesIO(render_pdf(content)))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612.0, 792.0)
    assert reader.metadata is not None
    assert reader.metadata.title == content.subject
    assert reader.metadata.author == "Iowa Medicaid"


def test_pdf_shows_markup_characters_literally() -> None:
    answer = "Type <b>bold</b> & <i>x</i>; AT&T says 5 < 6 > 4 &amp; done."
    content = make_letter(answer=answer, recipient="Ben & Jerry <Co>")
    text = " ".join(pdf_pages(render_pdf(content))[0].split())
    assert answer in text
    assert "Dear Ben & Jerry <Co>:" in text


def test_pdf_keeps_paragraphs_and_line_breaks() -> None:
    answer = "First paragraph.\n\nSecond paragraph line one\nline two"
    text = pdf_pages(render_pdf(make_letter(answer=answer)))[0]
    lines = text.splitlines()
    assert "First paragraph." in lines
    assert "Second paragraph line one" in lines
    assert "line two" in lines


def test_long_answer_paginates_and_keeps_every_word_in_order() -> None:
    vocabulary = [
        *("Medicaid", "coverage", "pharmacy", "claim", "O'Brien", "Nguyễn", "Đặng"),
        *("Müller", "José", "&", "<b>", "approved", "prior", "authorization", "visit"),
        *("provider", "member", "benefit", "hospital", "2026", "(515)", "555-0142"),
    ]
    paragraphs = []
    count = 0
    for _ in range(50):
        paragraph = []
        for _word in range(100):
            paragraph.append(f"{vocabulary[count % len(vocabulary)]}{count}")
            count += 1
        paragraphs.append(" ".join(paragraph))
    answer = "\n\n".join(paragraphs)
    assert count == 5000
    recipient = "Nguyễn Văn Đặng"
    content = make_letter(template="issue_outcome", recipient=recipient, answer=answer)

    pages = pdf_pages(render_pdf(content))
    total = len(pages)
    assert total >= 5
    body_lines: list[str] = []
    for number, page in enumerate(pages, start=1):
        lines = page.splitlines()
        assert f"Page {number} of {total}" in lines
        assert f"Reference number: {REFERENCE}" in lines
        if number > 1:  # continuation header
            assert recipient in lines
            assert "November 23, 2026" in lines
        furniture = {
            f"Page {number} of {total}",
            f"Reference number: {REFERENCE}",
            *([recipient, "November 23, 2026"] if number > 1 else []),
        }
        body_lines.extend(line for line in lines if line.strip() not in furniture)
    flowing = " ".join(words("\n".join(body_lines)))
    assert " ".join(words(answer)) in flowing
    assert flowing.rstrip().endswith("Jordan Ellis Unit Lead, Member Services Iowa Medicaid")


def test_pdf_does_not_depend_on_the_wall_clock() -> None:
    content = make_letter()
    first = render_pdf(content)
    assert render_pdf(content) == first
    metadata = PdfReader(io.BytesIO(first)).metadata
    assert metadata is not None
    assert str(metadata["/CreationDate"]).startswith("D:20261123")


def test_pdf_renders_without_logo_or_with_a_missing_logo() -> None:
    content = make_letter()
    head = load_letterhead()
    for logo in (None, "icons/does-not-exist.png"):
        text = pdf_pages(render_pdf(content, replace(head, logo=logo)))[0]
        assert "Iowa Medicaid" in text


def test_pdf_uses_a_custom_letterhead() -> None:
    head = Letterhead(
        agency="Iowa Medicaid",
        unit="Provider Services",
        address_lines=("P.O. Box 36450", "Des Moines, IA 50315"),
        phone="1-800-338-7909",
        logo=None,
    )
    text = pdf_pages(render_pdf(make_letter(), head))[0]
    assert "Provider Services" in text
    assert "P.O. Box 36450" in text
    assert "1-800-338-7909" in text


# ----------------------------------------------------------------------------- letterhead


def test_shipped_letterhead() -> None:
    head = load_letterhead()
    assert head.agency == "Iowa Medicaid"
    assert head.unit == "Member Services"
    assert head.address_lines == ("P.O. Box 36510", "Des Moines, IA 50315")
    assert head.phone == "1-800-338-8366"
    assert head.logo is not None
    assert letters.letterhead.logo_file(head) is not None


def test_letterhead_errors_are_plain(tmp_path: Path) -> None:
    bad = tmp_path / "letterhead.json"
    bad.write_text('{"agency": "Iowa Medicaid",', encoding="utf-8")
    with pytest.raises(LetterError, match=r"letterhead.json.*not valid: line 1"):
        load_letterhead(bad)
    bad.write_text(json.dumps({"unit": "Member Services"}), encoding="utf-8")
    with pytest.raises(LetterError, match="agency"):
        load_letterhead(bad)
    with pytest.raises(LetterError, match="could not be read"):
        load_letterhead(tmp_path / "absent.json")


def test_letter_error_is_a_domain_error_when_available() -> None:
    errors = pytest.importorskip("liaison_desk.errors")
    assert issubclass(LetterError, errors.DomainError)


def test_no_wall_clock_and_no_qt_in_module_source() -> None:
    for module in Path(letters.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert not re.search(r"\b(datetime\.now|date\.today|time\.time)\b", source), module
        assert "PySide6" not in source, module


def test_pdf_copes_with_a_very_long_letterhead_and_recipient() -> None:
    head = Letterhead(
        agency="Iowa Department of Health and Human Services — Iowa Medicaid Enterprise",
        unit="Member Services, Escalations and Supervisor Callbacks Unit",
        address_lines=("Hoover State Office Building, 1305 East Walnut Street", "P.O. Box 36510"),
        phone="1-800-338-8366",
        logo="icons/agency-logo.png",
    )
    long_name = "María José Nguyễn-Đặng O'Brien " * 6
    content = make_letter(recipient=long_name, answer="word " * 1500)
    pages = pdf_pages(render_pdf(content, head))
    assert len(pages) >= 2
    assert "Iowa Department of Health" in pages[0]
    assert "…" in pages[1]  # the continuation header shortens the name to fit
