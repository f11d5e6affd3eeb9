"""Letters stored with their inquiry: defaults, checks, the Letter row, the timeline entry."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Letter
from liaison_desk.domain import CallOutcome, EntryKind, Role, Status
from liaison_desk.errors import NotFoundError, PermissionDenied, ValidationError
from liaison_desk.services import callbacks, letters_store
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import (
    ADDRESS,
    as_role,
    callback_request,
    entries,
    load,
    member_inquiry,
    provider_inquiry,
    run,
)

DAY = date(2026, 11, 23)


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(unicodedata.normalize("NFC", p.extract_text()).split()) for p in reader.pages]


@pytest.fixture
def lead(db: Database, ctx: ServiceContext) -> ServiceContext:
    return as_role(db, ctx, "jellis", Role.UNIT_LEAD, "Jordan Ellis")


def test_an_outcome_letter_for_a_member_inquiry_is_stored_and_reopened(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    with db.read_session() as s:
        defaults = letters_store.letter_defaults(s, ctx, inquiry_id)
    assert defaults.template_key == letters_store.ISSUE_OUTCOME
    assert defaults.recipient_name == "Liam O'Brien"
    assert defaults.address == ADDRESS and not defaults.needs_address
    assert defaults.letter_date == DAY
    assert (defaults.signer_name, defaults.signer_title) == (
        "Lee Liaison",
        "Liaison, Member Services",
    )
    assert defaults.fields["received_date"] == "November 23, 2026"

    result = run(
        db,
        letters_store.create_letter,
        ctx,
        inquiry_id,
        defaults.template_key,
        "Iowa Total Care approved the refill on November 23.",
        defaults.recipient_name,
        defaults.address,
        DAY,
    )
    assert result.pdf.startswith(b"%PDF")
    assert result.action.status == Status.IN_PROGRESS
    entry = entries(db, inquiry_id, EntryKind.LETTER)[-1]
    assert entry.letter_id == result.letter_id
    assert entry.channel == "letter"
    assert entry.summary == "Letter sent to Liam O'Brien: Outcome of your escalated issue"
    with db.read_session() as s:
        letter = s.get(Letter, result.letter_id)
        assert letter is not None
        assert letter.mailing_address == ADDRESS
        assert letter.template_key == "issue_outcome"
        assert letter.created_by_id == ctx.actor.user_id
        assert letters_store.get_letter_pdf(s, result.letter_id) == result.pdf
        assert letters_store.stored_letter_filename(s, result.letter_id) == result.filename
    text = pages(result.pdf)[0]
    assert "Iowa Total Care approved the refill on November 23." in text
    assert load(db, inquiry_id).reference in text


def test_the_address_is_asked_for_and_can_be_kept_with_the_inquiry(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx, member_name="Nguyễn Văn An", mailing_address=None)
    with db.read_session() as s:
        defaults = letters_store.letter_defaults(s, ctx, inquiry_id)
    assert defaults.needs_address
    with pytest.raises(ValidationError) as problem:
        run(
            db,
            letters_store.create_letter,
            ctx,
            inquiry_id,
            "issue_outcome",
            "Answer.",
            "Nguyễn Văn An",
            "12 Elm St",
            DAY,
        )
    assert "address" in problem.value.problems
    result = run(
        db,
        letters_store.create_letter,
        ctx,
        inquiry_id,
        "issue_outcome",
        "Answer.",
        "Nguyễn Văn An",
        ["  12 Elm Street ", "", "Ames, IA 50010"],
        DAY,
        save_address=True,
    )
    assert load(db, inquiry_id).mailing_address == "12 Elm Street\nAmes, IA 50010"
    assert "Nguyễn Văn An" in pages(result.pdf)[0]


def test_answer_and_recipient_are_required(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    with pytest.raises(ValidationError) as problem:
        run(
            db, letters_store.create_letter, ctx, inquiry_id, "issue_outcome", " ", "", ADDRESS, DAY
        )
    assert set(problem.value.problems) == {"answer", "recipient_name"}
    with db.read_session() as s:
        assert s.scalars(select(Letter)).all() == []


def test_fields_without_a_value_are_refused_unless_allowed(
    db: Database, ctx: ServiceContext, lead: ServiceContext
) -> None:
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    inquiry_id = callback_request(db, csr, mailing_address=ADDRESS)
    run(db, callbacks.approve, lead, inquiry_id, load(db, inquiry_id).version)
    # No attempts yet: the "unable to reach" letter has no call dates.
    with pytest.raises(ValidationError, match="first call date, second call date"):
        run(
            db,
            letters_store.create_letter,
            lead,
            inquiry_id,
            "unable_to_reach",
            "Answer.",
            "Thi Nguyễn",
            ADDRESS,
            DAY,
        )
    result = run(
        db,
        letters_store.create_letter,
        lead,
        inquiry_id,
        "unable_to_reach",
        "Answer.",
        "Thi Nguyễn",
        ADDRESS,
        DAY,
        allow_missing=True,
    )
    assert "[first_call_date?]" in pages(result.pdf)[0]


def test_a_long_answer_runs_onto_more_pages(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = provider_inquiry(db, ctx)
    paragraph = (
        "Molina reviewed each of the denied claims for dates of service in September and "
        "October and found that the timely filing limit was applied in error because the "
        "original submissions were received within 180 days. "
    )
    answer = "\n\n".join(f"{n}. {paragraph * 2}" for n in range(1, 13))
    result = run(
        db,
        letters_store.create_letter,
        ctx,
        inquiry_id,
        "issue_outcome",
        answer,
        "Dana Nguyễn",
        "Prairie Family Clinic\n400 Main Street\nCedar Rapids, IA 52401",
        DAY,
    )
    text = pages(result.pdf)
    assert len(text) >= 3
    assert text[-1].count("Page") == 1 and f"Page {len(text)} of {len(text)}" in text[-1]
    assert "12. Molina reviewed" in " ".join(text)
    assert "Lee Liaison" in text[-1]  # the signature ends the last page


def test_preview_renders_without_storing(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    with db.read_session() as s:
        content, pdf = letters_store.preview_letter(
            s, ctx, inquiry_id, "issue_outcome", "Preview answer.", "Liam O'Brien", ADDRESS, DAY
        )
    assert content.salutation == "Dear Liam O'Brien:"
    assert content.missing == ()
    assert pdf.startswith(b"%PDF")
    assert entries(db, inquiry_id, EntryKind.LETTER) == []


def test_who_may_write_and_open_letters(
    db: Database, ctx: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    manager = as_role(db, ctx, "mgr", Role.MANAGER, "Max Manager")
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    with pytest.raises(PermissionDenied):
        run(
            db,
            letters_store.create_letter,
            manager,
            inquiry_id,
            "issue_outcome",
            "Answer.",
            "Liam",
            ADDRESS,
            DAY,
        )
    result = run(
        db,
        letters_store.create_letter,
        lead,
        inquiry_id,
        "issue_outcome",
        "Answer.",
        "Liam O'Brien",
        ADDRESS,
        DAY,
    )
    with db.read_session() as s:
        assert letters_store.get_letter_pdf(s, result.letter_id, manager) == result.pdf
        with pytest.raises(PermissionDenied):
            letters_store.get_letter_pdf(s, result.letter_id, csr)
        with pytest.raises(NotFoundError):
            letters_store.get_letter_pdf(s, result.letter_id + 100)


def test_a_pending_callback_gets_no_letter(
    db: Database, ctx: ServiceContext, lead: ServiceContext
) -> None:
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    inquiry_id = callback_request(db, csr)
    with pytest.raises(Exception, match="not been approved"):
        run(
            db,
            letters_store.create_letter,
            lead,
            inquiry_id,
            "issue_outcome",
            "Answer.",
            "Thi Nguyễn",
            ADDRESS,
            DAY,
        )


def test_phone_called_is_the_number_dialled(
    db: Database, ctx: ServiceContext, lead: ServiceContext
) -> None:
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    inquiry_id = callback_request(db, csr)
    run(db, callbacks.approve, lead, inquiry_id, load(db, inquiry_id).version)
    run(
        db,
        callbacks.record_attempt,
        lead,
        inquiry_id,
        None,
        number_dialled="641 555 0123",
        outcome=CallOutcome.WRONG_NUMBER,
    )
    with db.read_session() as s:
        defaults = letters_store.letter_defaults(s, lead, inquiry_id)
    assert defaults.fields["phone_called"] == "(641) 555-0123"
    assert "second_call_date" not in defaults.fields


def test_filenames_are_safe() -> None:
    assert letters_store.letter_filename("261123-0007", DAY, "Mary O'Brien") == (
        "Letter 261123-0007 2026-11-23 OBrien.pdf"
    )
    assert (
        letters_store.letter_filename("261123-0007", DAY, "") == "Letter 261123-0007 2026-11-23.pdf"
    )
    assert letters_store.letter_filename("261123-0007", DAY, "A/B: C*?") == (
        "Letter 261123-0007 2026-11-23 C.pdf"
    )


def test_provider_letters_come_from_provider_services(db: Database, ctx: ServiceContext) -> None:
    provider = provider_inquiry(db, ctx)
    member = member_inquiry(db, ctx)
    with db.read_session() as s:
        defaults = letters_store.letter_defaults(s, ctx, provider)
        assert defaults.signer_title == "Liaison, Provider Services"
        _content, pdf = letters_store.preview_letter(
            s, ctx, provider, letters_store.ISSUE_OUTCOME, "The claims were reprocessed.",
            "Dana Nguyễn", ADDRESS, DAY,
        )  # fmt: skip
        _content, member_pdf = letters_store.preview_letter(
            s, ctx, member, letters_store.ISSUE_OUTCOME, "The refill was approved.",
            "Liam O'Brien", ADDRESS, DAY,
        )  # fmt: skip
    first = pages(pdf)[0]
    assert "Provider Services" in first and "1-800-338-7909" in first
    assert "Member Services" not in first
    member_first = pages(member_pdf)[0]
    assert "Member Services" in member_first and "1-800-338-8366" in member_first


def test_a_provider_letter_is_addressed_to_the_practice(db: Database, ctx: ServiceContext) -> None:
    provider = provider_inquiry(db, ctx)
    with db.read_session() as s:
        content, pdf = letters_store.preview_letter(
            s, ctx, provider, letters_store.ISSUE_OUTCOME, "The claims were reprocessed.",
            "Dana Nguyễn", ADDRESS, DAY,
        )  # fmt: skip
    assert content.address_lines[0] == "Prairie Family Clinic"
    first = pages(pdf)[0]
    assert (
        first.index("Dana Nguyễn")
        < first.index("Prairie Family Clinic")
        < first.index(ADDRESS.splitlines()[0])
    )


def test_the_acknowledgement_quotes_the_unit_that_answers(
    db: Database, ctx: ServiceContext
) -> None:
    from liaison_desk.services.intake import acknowledgement_text

    provider_id, member_id = provider_inquiry(db, ctx), member_inquiry(db, ctx)
    with db.read_session() as s:
        provider, member = s.get(Inquiry, provider_id), s.get(Inquiry, member_id)
        assert provider is not None and member is not None
        assert "1-800-338-7909" in acknowledgement_text(ctx, provider)  # Provider Services
        assert "1-800-338-8366" in acknowledgement_text(ctx, member)  # Member Services


def test_a_template_may_quote_the_mailing_address(db: Database, ctx: ServiceContext) -> None:
    from liaison_desk.letters import LetterTemplate

    member = member_inquiry(db, ctx)
    template = LetterTemplate(
        key="t", title="T", subject="S", regarding="R",
        body="We wrote to you at {mailing_address}. {answer} {not_a_field}",
    )  # fmt: skip
    with db.read_session() as s:
        inquiry = s.get(Inquiry, member)
        assert inquiry is not None
        content = letters_store.compose_for_inquiry(
            s, ctx, inquiry, template, "Approved.", "Liam O'Brien", ADDRESS, DAY
        )
    assert "at 1420 Grand Avenue, Apt. 3B, West Des Moines, IA 50265." in content.body
    assert content.missing == ("not_a_field",)
