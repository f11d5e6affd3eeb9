"""The calls of a callback (two, then a letter) and completing it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ...domain import CallOutcome, Channel, EntryKind, Party, Status
from ...errors import DomainError, ValidationError
from ...validation import format_phone, normalize_phone
from .. import audit
from ..actions import (
    CALL_OUTCOME_LABELS,
    ActionResult,
    close_inquiry,
    ensure_approved,
    ensure_open,
    load_checked,
    optional_text,
    result,
    set_status,
    touch,
    when,
)
from ..context import ServiceContext
from ..history import add_entry
from ..permissions import Action, require
from .state import (
    PHONE_ATTEMPTS,
    AttemptResult,
    _attempts,
    _ensure_callback,
    _letters,
    _proposes_letter,
)

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
