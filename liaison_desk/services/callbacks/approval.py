"""A CSR's callback request: approved by a unit lead, sent back with a note, resubmitted."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import TimelineEntry, User
from ...domain import EntryKind, Role, Status
from ...errors import DomainError, ValidationError
from ...validation import normalize_phone
from .. import audit
from ..actions import (
    ActionResult,
    load_checked,
    optional_text,
    required_text,
    result,
    set_status,
    touch,
)
from ..alerts import handoffs
from ..context import ServiceContext
from ..history import add_entry
from ..permissions import Action, require
from .state import APPROVED, RESUBMITTED, SENT_BACK, _ensure_callback

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
    if "assignee_id" in changes:
        session.flush()
        handoffs.assigned(session, ctx, inquiry, entry.id)
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
    session.flush()
    handoffs.callback_requested(session, ctx, inquiry, f"resubmit:{entry.id}")
    return result(session, inquiry, entry, f"Request {inquiry.reference} resubmitted.")
