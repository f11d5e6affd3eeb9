"""Supervisor callbacks: approval, two telephone attempts, the letter, "Callback complete".

Runs on SQLite and (with LIAISON_DESK_TEST_DATABASE_URL) on PostgreSQL.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import CallOutcome, EntryKind, MilestoneKind, Role, Status
from liaison_desk.errors import DomainError, PermissionDenied, ValidationError
from liaison_desk.services import actions, callbacks, letters_store
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import (
    ADDRESS,
    as_role,
    callback_request,
    entries,
    load,
    milestone,
    run,
)
from tests.conftest import CHICAGO

ANSWER = (
    "Your son's renewal was denied because the household income form was not returned. "
    "We have reopened the renewal; please return the enclosed form by December 15."
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


@pytest.fixture
def csr(db: Database, ctx: ServiceContext) -> ServiceContext:
    return as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")


@pytest.fixture
def lead(db: Database, ctx: ServiceContext) -> ServiceContext:
    return as_role(db, ctx, "jellis", Role.UNIT_LEAD, "Jordan Ellis")


def approved(db: Database, csr: ServiceContext, lead: ServiceContext, **kw: str | None) -> int:
    inquiry_id = callback_request(db, csr, **kw)  # type: ignore[arg-type]
    run(db, callbacks.approve, lead, inquiry_id, load(db, inquiry_id).version)
    return inquiry_id


def attempt(
    db: Database,
    ctx: ServiceContext,
    inquiry_id: int,
    outcome: CallOutcome,
    **kw: object,
) -> callbacks.AttemptResult:
    return run(
        db,
        callbacks.record_attempt,
        ctx,
        inquiry_id,
        None,
        number_dialled="515-555-0199",
        outcome=outcome,
        **kw,
    )


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    """Whitespace folded, so wrapped lines compare with the words as written."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# ------------------------------------------------------------------------------ approval


def test_a_unit_lead_approves_a_csr_request(
    db: Database, csr: ServiceContext, lead: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = callback_request(db, csr)
    assert load(db, inquiry_id).status == Status.PENDING_APPROVAL
    clock.advance(timedelta(minutes=20))
    result = run(
        db,
        callbacks.approve,
        lead,
        inquiry_id,
        load(db, inquiry_id).version,
        note="Research the renewal before calling.",
        assignee_id=lead.actor.user_id,
    )
    inquiry = load(db, inquiry_id)
    assert result.status == inquiry.status == Status.OPEN
    assert inquiry.approved_at == clock.now()
    assert inquiry.assignee_id == lead.actor.user_id
    entry = entries(db, inquiry_id, EntryKind.APPROVAL)[-1]
    assert (entry.outcome, entry.notes) == ("approved", "Research the renewal before calling.")
    with pytest.raises(DomainError, match="not waiting for approval"):
        run(db, callbacks.approve, lead, inquiry_id, result.version)
    assert entry.summary == "Callback approved by the Unit Lead"


def test_an_administrator_approving_is_not_called_the_unit_lead(
    db: Database, ctx: ServiceContext, csr: ServiceContext
) -> None:
    admin = as_role(db, ctx, "admin1", Role.ADMIN, "Ada Admin")
    inquiry_id = callback_request(db, csr)
    run(db, callbacks.approve, admin, inquiry_id, None)
    entry = entries(db, inquiry_id, EntryKind.APPROVAL)[-1]
    assert entry.summary == "Callback approved by Ada Admin (Admin)"


def test_only_a_unit_lead_approves(db: Database, ctx: ServiceContext, csr: ServiceContext) -> None:
    inquiry_id = callback_request(db, csr)
    msa = as_role(db, ctx, "msa1", Role.MSA_ESR, "Morgan Analyst")
    for who in (ctx, msa, csr):
        with pytest.raises(PermissionDenied):
            run(db, callbacks.approve, who, inquiry_id, None)


def test_send_back_needs_a_note_and_the_csr_resubmits(
    db: Database, ctx: ServiceContext, csr: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = callback_request(db, csr)
    version = load(db, inquiry_id).version
    with pytest.raises(ValidationError) as empty:
        run(db, callbacks.send_back, lead, inquiry_id, version, note=" ")
    assert "note" in empty.value.problems
    sent = run(
        db,
        callbacks.send_back,
        lead,
        inquiry_id,
        version,
        note="The phone number has too few digits; call the caller back for it.",
    )
    assert sent.status == Status.SENT_BACK
    with pytest.raises(DomainError, match="not been approved"):
        run(
            db,
            callbacks.record_attempt,
            lead,
            inquiry_id,
            None,
            number_dialled="5155550199",
            outcome=CallOutcome.REACHED,
        )
    other_csr = as_role(db, ctx, "ocsr", Role.CSR, "Other CSR")
    with pytest.raises(PermissionDenied):
        run(db, callbacks.resubmit, other_csr, inquiry_id, sent.version, note="mine now")
    back = run(
        db,
        callbacks.resubmit,
        csr,
        inquiry_id,
        sent.version,
        note="Caller gave a new number.",
        caller_phone="(641) 555-0123",
    )
    inquiry = load(db, inquiry_id)
    assert back.status == inquiry.status == Status.PENDING_APPROVAL
    assert inquiry.caller_phone == "+16415550123"
    assert [e.outcome for e in entries(db, inquiry_id, EntryKind.APPROVAL)] == [
        "sent_back",
        "resubmitted",
    ]


# ------------------------------------------------------------------------------ attempts


def test_two_failed_attempts_propose_a_letter(
    db: Database, csr: ServiceContext, lead: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = approved(db, csr, lead)
    first = attempt(db, lead, inquiry_id, CallOutcome.NO_ANSWER, notes="Rang 10 times.")
    assert (first.attempt, first.letter_proposed) == (1, False)
    assert first.action.status == Status.IN_PROGRESS
    assert not callbacks.letter_proposed(load(db, inquiry_id))
    clock.advance(timedelta(hours=3))
    second = attempt(db, lead, inquiry_id, CallOutcome.VOICEMAIL)
    assert (second.attempt, second.letter_proposed) == (2, True)
    assert "write a letter" in second.action.message
    assert callbacks.letter_proposed(load(db, inquiry_id))

    summaries = [e.summary for e in entries(db, inquiry_id, EntryKind.CALLBACK_ATTEMPT)]
    assert summaries == [
        "Callback attempt 1: no answer, (515) 555-0199",
        "Callback attempt 2: left voicemail, (515) 555-0199",
    ]
    with db.read_session() as s:
        state = callbacks.callback_state(s, lead, inquiry_id)
    assert [a.outcome for a in state.attempts] == [CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL]
    assert state.attempts[0].notes == "Rang 10 times."
    assert state.attempts[0].by == "Jordan Ellis"
    assert state.needs_insist_reason and state.letter_proposed and not state.can_complete
    assert milestone(db, inquiry_id, MilestoneKind.CALLBACK).met_at is None


def test_a_third_call_needs_a_reason(
    db: Database, csr: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = approved(db, csr, lead)
    attempt(db, lead, inquiry_id, CallOutcome.BUSY)
    attempt(db, lead, inquiry_id, CallOutcome.WRONG_NUMBER)
    with pytest.raises(ValidationError) as refused:
        attempt(db, lead, inquiry_id, CallOutcome.NO_ANSWER)
    assert "two telephone attempts" in refused.value.problems["insist_reason"]
    third = attempt(
        db,
        lead,
        inquiry_id,
        CallOutcome.REACHED,
        insist_reason="Caller's daughter phoned and asked us to try again after 3 PM.",
    )
    assert third.attempt == 3 and not third.letter_proposed
    entry = entries(db, inquiry_id, EntryKind.CALLBACK_ATTEMPT)[-1]
    assert entry.data["insist_reason"].startswith("Caller's daughter")
    assert milestone(db, inquiry_id, MilestoneKind.CALLBACK).met_at is not None


def test_an_attempt_needs_a_real_number(
    db: Database, csr: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = approved(db, csr, lead)
    with pytest.raises(ValidationError) as bad:
        run(
            db,
            callbacks.record_attempt,
            lead,
            inquiry_id,
            None,
            number_dialled="555-01",
            outcome=CallOutcome.NO_ANSWER,
        )
    assert "number" in bad.value.problems


def test_a_liaison_does_not_make_callback_attempts(
    db: Database, ctx: ServiceContext, csr: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = approved(db, csr, lead)
    with pytest.raises(PermissionDenied):
        attempt(db, ctx, inquiry_id, CallOutcome.REACHED)


def test_reaching_the_caller_meets_the_clock_and_completes(
    db: Database, csr: ServiceContext, lead: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = approved(db, csr, lead)
    attempt(db, lead, inquiry_id, CallOutcome.NO_ANSWER)
    version = load(db, inquiry_id).version
    with pytest.raises(DomainError, match="reached the caller or a letter"):
        run(db, callbacks.complete_callback, lead, inquiry_id, version)
    clock.set(at(24, 10, 5))
    reached = attempt(db, lead, inquiry_id, CallOutcome.REACHED, at=at(24, 10))
    assert not reached.letter_proposed
    assert milestone(db, inquiry_id, MilestoneKind.CALLBACK).met_at == at(24, 10)
    clock.set(at(24, 10, 30))
    done = run(
        db,
        callbacks.complete_callback,
        lead,
        inquiry_id,
        reached.action.version,
        notes="Explained the renewal; caller satisfied.",
    )
    inquiry = load(db, inquiry_id)
    assert (done.status, done.closed) == (Status.RESOLVED, True)
    assert inquiry.callback_completed_at == at(24, 10, 30)
    assert inquiry.resolution == (
        "Callback complete: reached the caller on Nov 24 (attempt 2).\n"
        "Explained the renewal; caller satisfied."
    )
    assert entries(db, inquiry_id, EntryKind.RESOLUTION)[-1].summary == "Callback complete"


def test_reopening_a_callback_gives_two_fresh_attempts(
    db: Database, csr: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = approved(db, csr, lead)
    attempt(db, lead, inquiry_id, CallOutcome.NO_ANSWER)
    reached = attempt(db, lead, inquiry_id, CallOutcome.REACHED)
    done = run(db, callbacks.complete_callback, lead, inquiry_id, reached.action.version)
    run(db, actions.reopen, lead, inquiry_id, done.version, reason="Caller has a new question.")
    again = attempt(db, lead, inquiry_id, CallOutcome.NO_ANSWER)
    assert again.attempt == 1
    with db.read_session() as s:
        state = callbacks.callback_state(s, lead, inquiry_id)
    assert not state.reached and not state.can_complete


# ----------------------------------------------------------------------- the whole flow


def test_end_to_end_two_failed_calls_then_a_letter_then_complete(
    db: Database, csr: ServiceContext, lead: ServiceContext, clock: ManualClock
) -> None:
    # Monday 9:00: the CSR takes the call; the caller is told 2 business days.
    inquiry_id = callback_request(db, csr, caller_name="Siobhán O'Brien-Nguyễn")
    inquiry = load(db, inquiry_id)
    assert inquiry.status == Status.PENDING_APPROVAL
    callback_clock = milestone(db, inquiry_id, MilestoneKind.CALLBACK)
    assert callback_clock.due_at == at(25, 17)

    # The Unit Lead approves.
    clock.set(at(23, 9, 30))
    run(db, callbacks.approve, lead, inquiry_id, inquiry.version)

    # Attempt 1: no answer. Attempt 2 next morning: voicemail.
    clock.set(at(23, 14))
    one = attempt(db, lead, inquiry_id, CallOutcome.NO_ANSWER)
    assert not one.letter_proposed
    clock.set(at(24, 9, 15))
    two = attempt(db, lead, inquiry_id, CallOutcome.VOICEMAIL, notes="Left our number.")
    assert two.letter_proposed

    # The letter: the inquiry has no address, so the Unit Lead types one in.
    with db.read_session() as s:
        defaults = letters_store.letter_defaults(s, lead, inquiry_id)
    assert defaults.needs_address
    assert defaults.template_key == letters_store.UNABLE_TO_REACH
    assert defaults.recipient_name == "Siobhán O'Brien-Nguyễn"
    assert defaults.fields["first_call_date"] == "November 23, 2026"
    assert defaults.fields["second_call_date"] == "November 24, 2026"
    clock.set(at(24, 11))
    letter = run(
        db,
        letters_store.create_letter,
        lead,
        inquiry_id,
        defaults.template_key,
        ANSWER,
        defaults.recipient_name,
        ADDRESS,
        date(2026, 11, 24),
        save_address=True,
    )
    assert letter.filename == "Letter 261123-0001 2026-11-24 OBrien-Nguyễn.pdf"
    assert letter.action.status == Status.IN_PROGRESS

    # The PDF read back holds the name, every address line, the reference and the answer.
    with db.read_session() as s:
        stored = letters_store.get_letter_pdf(s, letter.letter_id, lead)
    assert stored == letter.pdf
    text = flat(pdf_text(stored))
    assert "Siobhán O'Brien-Nguyễn" in text
    for line in ADDRESS.splitlines():
        assert line in text
    assert inquiry.reference in text
    assert flat(ANSWER) in text
    assert "Bao Nguyễn" in text  # the member the call was about
    assert "Jordan Ellis" in text
    assert "(515) 555-0199" in text

    # The letter is in the timeline and met the callback clock at the letter's time.
    letter_entry = entries(db, inquiry_id, EntryKind.LETTER)[-1]
    assert letter_entry.letter_id == letter.letter_id
    met = milestone(db, inquiry_id, MilestoneKind.CALLBACK)
    assert met.met_at == at(24, 11)
    assert met.met_by_entry_id == letter_entry.id
    assert load(db, inquiry_id).mailing_address == ADDRESS
    assert not callbacks.letter_proposed(load(db, inquiry_id))

    # Callback complete resolves the inquiry.
    clock.set(at(24, 11, 5))
    done = run(db, callbacks.complete_callback, lead, inquiry_id, load(db, inquiry_id).version)
    final = load(db, inquiry_id)
    assert (done.status, final.closed) == (Status.RESOLVED, True)
    assert final.resolution == "Callback complete: answered by letter on Nov 24."
    assert final.resolved_at == at(24, 11, 5)
    assert milestone(db, inquiry_id, MilestoneKind.CALLBACK).met_at == at(24, 11)


def test_callbacks_are_worked_by_unit_leads_and_msas_only(
    db: Database, ctx: ServiceContext, csr: ServiceContext, lead: ServiceContext
) -> None:
    inquiry_id = approved(db, csr, lead)
    for fn, kwargs in (
        (actions.resolve, {"resolution": "Done"}),
        (actions.assign, {"assignee_id": lead.actor.user_id}),
        (
            actions.log_contact,
            {"party": "member", "channel": "phone", "outcome": CallOutcome.REACHED},
        ),
    ):
        with pytest.raises(PermissionDenied, match="Unit Leads and MSAs"):
            run(db, fn, ctx, inquiry_id, None, **kwargs)
    with pytest.raises(PermissionDenied, match="Unit Leads and MSAs"):
        run(
            db,
            letters_store.create_letter,
            ctx,
            inquiry_id,
            "issue_outcome",
            "Answer.",
            "Thi Nguyễn",
            ADDRESS,
            date(2026, 11, 23),
        )
    note = run(db, actions.add_note, ctx, inquiry_id, text="Caller phoned the liaison line too.")
    assert note.entry_id is not None
