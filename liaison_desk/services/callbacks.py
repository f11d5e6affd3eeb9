"""Supervisor callbacks (SPEC section 4, seed 001 "IME Escalated Issues").

A CSR's request waits for a Unit Lead (:func:`approve` or :func:`send_back` with a note; the
CSR may :func:`resubmit`). Once approved it sits in the Supervisor callbacks queue, where a
Unit Lead or MSA records telephone attempts (:func:`record_attempt`). The procedure allows
two; when both fail, :func:`letter_proposed` turns true and the client offers a letter
(``letters_store.create_letter``). A third call is still logged if the person insists and
says why. :func:`complete_callback` needs a call that reached the caller or a sent letter,
and resolves the inquiry.

Attempts count from the last reopening: a reopened callback gets two fresh attempts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, TimelineEntry, User
from ..domain import CallOutcome, Channel, EntryKind, Party, Role, Status, Track
from ..errors import DomainError, ValidationError
from ..validation import format_phone, normalize_phone
from . import audit
from .actions import (
    CALL_OUTCOME_LABELS,
    ActionResult,
    close_inquiry,
    ensure_approved,
    ensure_open,
    load_checked,
    optional_text,
    required_text,
    result,
    set_status,
    touch,
    when,
)
from .context import ServiceContext
from .history import add_entry
from .permissions import Action, require

PHONE_ATTEMPTS = 2
"""Seed 001 step 8: "Unit Lead/MSA will make two attempts by telephone"."""

APPROVED = "approved"
SENT_BACK = "sent_back"
RESUBMITTED = "resubmitted"


@dataclass(frozen=True)
class Attempt:
    entry_id: int
    number: int
    """1 for the first attempt since the request was approved (or last reopened)."""
    at: datetime
    number_dialled: str
    outcome: CallOutcome
    notes: str | None
    insist_reason: str | None
    by: str

    @property
    def reached(self) -> bool:
        return self.outcome == CallOutcome.REACHED


@dataclass(frozen=True)
class SentLetter:
    entry_id: int
    letter_id: int
    at: datetime
    summary: str


@dataclass(frozen=True)
class CallbackState:
    """Everything the callback panel shows."""

    inquiry_id: int
    reference: str
    version: int
    status: str
    closed: bool
    approved: bool
    caller_name: str | None
    caller_phone: str | None
    question: str
    attempts: tuple[Attempt, ...]
    letters: tuple[SentLetter, ...]
    completed_at: datetime | None

    @property
    def reached(self) -> bool:
        return any(a.reached for a in self.attempts)

    @property
    def next_attempt(self) -> int:
        return len(self.attempts) + 1

    @property
    def needs_insist_reason(self) -> bool:
        """Another phone attempt goes beyond the procedure and needs a reason."""
        return len(self.attempts) >= PHONE_ATTEMPTS

    @property
    def letter_proposed(self) -> bool:
        return _proposes_letter(self.attempts, self.letters)

    @property
    def can_complete(self) -> bool:
        return self.approved and not self.closed and (self.reached or bool(self.letters))


@dataclass(frozen=True)
class AttemptResult:
    action: ActionResult
    attempt: int
    outcome: CallOutcome
    letter_proposed: bool


def _current_round(entries: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """Entries since the last reopening (the whole history when never reopened)."""
    start = 0
    for index, entry in enumerate(entries):
        if entry.kind == EntryKind.REOPEN:
            start = index + 1
    return list(entries[start:])


def _attempts(entries: Sequence[TimelineEntry], *, names: bool = True) -> tuple[Attempt, ...]:
    found: list[Attempt] = []
    for entry in _current_round(entries):
        if entry.kind != EntryKind.CALLBACK_ATTEMPT:
            continue
        data = entry.data or {}
        try:
            outcome = CallOutcome(entry.outcome or "")
        except ValueError:
            outcome = CallOutcome.NO_ANSWER
        found.append(
            Attempt(
                entry_id=entry.id,
                number=len(found) + 1,
                at=entry.at,
                number_dialled=str(data.get("number") or ""),
                outcome=outcome,
                notes=entry.notes,
                insist_reason=data.get("insist_reason"),
                by=entry.user.display_name if names and entry.user is not None else "",
            )
        )
    return tuple(found)


def _letters(entries: Sequence[TimelineEntry]) -> tuple[SentLetter, ...]:
    return tuple(
        SentLetter(entry.id, entry.letter_id, entry.at, entry.summary)
        for entry in _current_round(entries)
        if entry.kind == EntryKind.LETTER and entry.letter_id is not None
    )


def _proposes_letter(attempts: Sequence[Attempt], letters: Sequence[SentLetter]) -> bool:
    return len(attempts) >= PHONE_ATTEMPTS and not any(a.reached for a in attempts) and not letters


def letter_proposed(inquiry: Inquiry) -> bool:
    """Both telephone attempts failed and no letter has gone out yet: propose one."""
    if inquiry.track != Track.IME_CALLBACK or inquiry.closed:
        return False
    entries = list(inquiry.timeline)
    return _proposes_letter(_attempts(entries, names=False), _letters(entries))


def callback_state(session: Session, ctx: ServiceContext, inquiry_id: int) -> CallbackState:
    inquiry = load_checked(session, ctx, inquiry_id, None)
    entries = list(inquiry.timeline)
    return CallbackState(
        inquiry_id=inquiry.id,
        reference=inquiry.reference,
        version=inquiry.version,
        status=inquiry.status,
        closed=inquiry.closed,
        approved=inquiry.status not in (Status.PENDING_APPROVAL, Status.SENT_BACK),
        caller_name=inquiry.caller_name or inquiry.contact_name,
        caller_phone=inquiry.caller_phone or inquiry.contact_phone,
        question=inquiry.description,
        attempts=_attempts(entries),
        letters=_letters(entries),
        completed_at=inquiry.callback_completed_at,
    )


def _ensure_callback(inquiry: Inquiry) -> None:
    if inquiry.track != Track.IME_CALLBACK:
        raise DomainError(f"{inquiry.reference} is not a supervisor callback.")


# --------------------------------------------------------------------------- approval


def approve(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    note: str | None = None,
    assignee_id: int | None = None,
) -> ActionResult:
    """A Unit Lead approves a CSR's request; it joins the Supervisor callbacks queue."""
    require(ctx.actor, Action.APPROVE_CALLBACK)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"status": "open"})
    _ensure_callback(inquiry)
    if inquiry.status != Status.PENDING_APPROVAL:
        raise DomainError(f"Callback request {inquiry.reference} is not waiting for approval.")
    changes = set_status(inquiry, Status.OPEN)
    inquiry.approved_at = ctx.clock.now()
    if assignee_id is not None:
        assignee = session.get(User, assignee_id)
        if assignee is None or not assignee.active:
            raise ValidationError({"assignee": "Choose someone who is still on the team."})
        if assignee.role not in (Role.UNIT_LEAD, Role.MSA_ESR, Role.ADMIN):
            raise ValidationError({"assignee": "Callbacks are worked by Unit Leads and MSAs."})
        changes["assignee_id"] = [inquiry.assignee_id, assignee.id]
        inquiry.assignee_id = assignee.id
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.APPROVAL,
        f"Callback approved by {_approver(ctx)}",
        outcome=APPROVED,
        notes=optional_text(note),
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "approve", changes)
    return result(session, inquiry, entry, f"Callback {inquiry.reference} approved.")


def _approver(ctx: ServiceContext) -> str:
    """Who approved, in the timeline's words: the procedure's "the Unit Lead", or whoever
    else approved it (an administrator covering), so the record does not say otherwise."""
    if ctx.actor.role == Role.UNIT_LEAD:
        return "the Unit Lead"
    try:
        role = Role(ctx.actor.role).label
    except ValueError:
        role = str(ctx.actor.role)
    return f"{ctx.actor.name} ({role})" if ctx.actor.name else role


def send_back(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    note: str,
) -> ActionResult:
    """Return the request to the CSR with a note saying what is missing or wrong."""
    require(ctx.actor, Action.APPROVE_CALLBACK)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"status": "sent_back"})
    _ensure_callback(inquiry)
    if inquiry.status != Status.PENDING_APPROVAL:
        raise DomainError(f"Callback request {inquiry.reference} is not waiting for approval.")
    text = required_text(note, "note", "Tell the CSR why the request is sent back.")
    changes = set_status(inquiry, Status.SENT_BACK)
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.APPROVAL,
        "Sent back to the CSR",
        outcome=SENT_BACK,
        notes=text,
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "send_back", {"note": text, **changes})
    return result(session, inquiry, entry, f"Request {inquiry.reference} sent back to the CSR.")


def sent_back_note(session: Session, inquiry_id: int) -> tuple[str, str] | None:
    """Who sent the request back and what they wrote (the latest time), for the CSR."""
    entry = session.scalars(
        select(TimelineEntry)
        .where(
            TimelineEntry.inquiry_id == inquiry_id,
            TimelineEntry.kind == str(EntryKind.APPROVAL),
            TimelineEntry.outcome == SENT_BACK,
        )
        .order_by(TimelineEntry.id.desc())
    ).first()
    if entry is None:
        return None
    who = entry.user.display_name if entry.user is not None else "The Unit Lead"
    return who, entry.notes or ""


def resubmit(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    note: str,
    caller_phone: str | None = None,
    question: str | None = None,
    mailing_address: str | None = None,
) -> ActionResult:
    """The CSR answers a sent-back request (corrected details and a note) for approval again."""
    require(ctx.actor, Action.RESUBMIT_CALLBACK)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"status": "resubmitted"})
    _ensure_callback(inquiry)
    if inquiry.status != Status.SENT_BACK:
        raise DomainError(f"Callback request {inquiry.reference} was not sent back.")
    text = required_text(note, "note", "Say what you changed or answer the Unit Lead's note.")
    changes = set_status(inquiry, Status.PENDING_APPROVAL)
    if caller_phone is not None and caller_phone.strip():
        try:
            phone = normalize_phone(caller_phone)
        except ValidationError as exc:
            raise ValidationError({"caller_phone": next(iter(exc.problems.values()))}) from None
        if phone != inquiry.caller_phone:
            changes["caller_phone"] = [inquiry.caller_phone, phone]
            inquiry.caller_phone = phone
    if question is not None and question.strip() and question.strip() != inquiry.description:
        changes["description"] = [inquiry.description, question.strip()]
        inquiry.description = question.strip()
    if mailing_address is not None and mailing_address.strip():
        address = mailing_address.strip()
        if address != inquiry.mailing_address:
            changes["mailing_address"] = [inquiry.mailing_address, address]
            inquiry.mailing_address = address
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.APPROVAL,
        "Resubmitted by the CSR for approval",
        outcome=RESUBMITTED,
        notes=text,
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "resubmit", changes)
    return result(session, inquiry, entry, f"Request {inquiry.reference} resubmitted.")


# --------------------------------------------------------------------------- attempts


def record_attempt(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    number_dialled: str,
    outcome: CallOutcome,
    at: datetime | None = None,
    notes: str | None = None,
    insist_reason: str | None = None,
) -> AttemptResult:
    """One telephone attempt. A third (or later) attempt needs ``insist_reason``."""
    require(ctx.actor, Action.RECORD_CALLBACK_ATTEMPT)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    _ensure_callback(inquiry)
    ensure_open(inquiry, "record a callback attempt")
    ensure_approved(inquiry, "record a callback attempt")
    outcome = CallOutcome(outcome)
    entries = list(inquiry.timeline)
    # add_entry does not append to a loaded inquiry.timeline: let it load afresh later.
    session.expire(inquiry, ["timeline"])
    previous = _attempts(entries)
    reason = optional_text(insist_reason)
    if len(previous) >= PHONE_ATTEMPTS and reason is None:
        raise ValidationError(
            {
                "insist_reason": (
                    "The procedure allows two telephone attempts, and both have been made: "
                    "answer by letter. To log another call anyway, say why (for "
                    "example, the caller asked to be called again)."
                )
            }
        )
    try:
        number = normalize_phone(number_dialled)
    except ValidationError as exc:
        raise ValidationError({"number": next(iter(exc.problems.values()))}) from None
    moment = when(ctx, inquiry, at)
    attempt_no = len(previous) + 1
    changes = set_status(inquiry, Status.IN_PROGRESS) if inquiry.status == Status.OPEN else {}
    touch(ctx, inquiry)
    label = CALL_OUTCOME_LABELS[outcome].lower()
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.CALLBACK_ATTEMPT,
        f"Callback attempt {attempt_no}: {label}, {format_phone(number)}",
        at=moment,
        party=str(Party.MEMBER),
        channel=str(Channel.PHONE),
        outcome=str(outcome),
        notes=optional_text(notes),
        data={"attempt": attempt_no, "number": number, "insist_reason": reason},
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "callback_attempt",
        {"entry_id": entry.id, "attempt": attempt_no, "outcome": str(outcome), **changes},
    )
    session.flush()
    proposed = _proposes_letter(_attempts(list(inquiry.timeline), names=False), _letters(entries))
    message = f"Attempt {attempt_no} recorded: {label}."
    if proposed:
        message += " Both telephone attempts failed: write a letter."
    return AttemptResult(
        action=result(session, inquiry, entry, message),
        attempt=attempt_no,
        outcome=outcome,
        letter_proposed=proposed,
    )


def complete_callback(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    notes: str | None = None,
) -> ActionResult:
    """ "Callback complete" (seed 001, step 10): the caller was reached or a letter went out.

    Resolves the inquiry; the resolution says how the caller was answered.
    """
    require(ctx.actor, Action.COMPLETE_CALLBACK)
    inquiry = load_checked(
        session, ctx, inquiry_id, expected_version, {"status": "resolved (callback complete)"}
    )
    _ensure_callback(inquiry)
    ensure_open(inquiry, "complete the callback")
    ensure_approved(inquiry, "complete the callback")
    entries = list(inquiry.timeline)
    session.expire(inquiry, ["timeline"])
    attempts = _attempts(entries, names=False)
    letters = _letters(entries)
    reached = next((a for a in reversed(attempts) if a.reached), None)
    cal = ctx.calendar
    if reached is not None:
        day = reached.at.astimezone(cal.timezone)
        how = (
            f"Callback complete: reached the caller on {day:%b} {day.day} "
            f"(attempt {reached.number})."
        )
        via = "call"
    elif letters:
        day = letters[-1].at.astimezone(cal.timezone)
        how = f"Callback complete: answered by letter on {day:%b} {day.day}."
        via = "letter"
    else:
        raise DomainError(
            "A callback is complete only when a call reached the caller or a letter was sent."
        )
    text = optional_text(notes)
    resolution = f"{how}\n{text}" if text else how
    inquiry.callback_completed_at = ctx.clock.now()
    return close_inquiry(
        session,
        ctx,
        inquiry,
        resolution,
        {"callback_complete": True, "via": via},
        summary="Callback complete",
    )
