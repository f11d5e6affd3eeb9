"""What every action shares: the outcome words, the result, and the checks (the inquiry's
version, who may work it, open, approved, on the MCO track, when it happened, the text)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from ...db.models import Inquiry, TimelineEntry, User
from ...domain import (
    CallOutcome,
    Channel,
    Decision,
    Party,
    Status,
    Track,
)
from ...errors import DomainError, PermissionDenied, ValidationError
from ...text_clean import clean
from ..context import ServiceContext
from ..inquiries import load_for_update
from ..permissions import (
    Action,
    can,
    can_view_inquiry,
)

OUTCOME_MAX = 200


class McoUpdate(StrEnum):
    """What the MCO reported (seed 001, step 4e/5e)."""

    CONTACTED = "contacted"  # the MCO contacted the member/provider
    WORKING = "working"  # still working on it
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return MCO_UPDATE_LABELS[self]


MCO_UPDATE_LABELS: Mapping[McoUpdate, str] = {
    McoUpdate.CONTACTED: "MCO contacted the member",
    McoUpdate.WORKING: "MCO is still working on it",
    McoUpdate.RESOLVED: "MCO reports the issue resolved",
}

# In a sentence ("Phone contact with member / originator"), not the column word (Party.label).
PARTY_LABELS: Mapping[Party, str] = {
    Party.MEMBER: "member / originator",
    Party.PROVIDER: "provider",
    Party.MCO: "MCO",
    Party.OTHER: "other",
}

CHANNEL_LABELS: Mapping[Channel, str] = {c: c.label for c in Channel}

DECISION_LABELS: Mapping[Decision, str] = {
    Decision.RESOLVED_BY_IME: "Resolved by IME",
    Decision.SENT_TO_MCO: "Sent to MCO",
}

CALL_OUTCOME_LABELS: Mapping[CallOutcome, str] = {o: o.label for o in CallOutcome}

# A contact's outcome is a code, so the clocks can tell a failed call (which meets nothing)
# from a contact made: a call's outcome, or for written channels "sent" / "received".
SENT = "sent"
RECEIVED = "received"
WRITTEN_OUTCOME_LABELS: Mapping[str, str] = {SENT: "Sent", RECEIVED: "Reply received"}


def contact_outcomes(channel: Channel) -> dict[str, str]:
    """The outcomes a contact by ``channel`` can have: code → label."""
    if Channel(channel) == Channel.PHONE:
        return {str(k): v for k, v in CALL_OUTCOME_LABELS.items()}
    if Channel(channel) == Channel.LETTER:
        return {SENT: "Sent"}
    return dict(WRITTEN_OUTCOME_LABELS)


def outcome_label(outcome: str | None) -> str:
    if not outcome:
        return ""
    try:
        return CALL_OUTCOME_LABELS[CallOutcome(outcome)]
    except ValueError:
        return WRITTEN_OUTCOME_LABELS.get(outcome, outcome)


@dataclass(frozen=True)
class ActionResult:
    """What the client needs after an action: the new state and what to tell the person."""

    inquiry_id: int
    reference: str
    version: int
    status: str
    closed: bool
    entry_id: int | None
    message: str


# ------------------------------------------------------------------------------- helpers


def load_checked(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    mine: Mapping[str, Any] | None = None,
) -> Inquiry:
    """The inquiry for an action: visible to the actor and not changed since they looked."""
    inquiry = load_for_update(session, inquiry_id, expected_version, dict(mine or {}))
    if not can_view_inquiry(ctx.actor, inquiry.created_by_id, inquiry.track):
        raise PermissionDenied("You can only work on the callback requests you made.")
    return inquiry


def ensure_may_work(ctx: ServiceContext, inquiry: Inquiry) -> None:
    """Supervisor callbacks are worked by Unit Leads and MSAs (seed 001 step 8), not by
    everyone who may work an MCO escalation."""
    if inquiry.track == Track.IME_CALLBACK and not can(
        ctx.actor.role, Action.RECORD_CALLBACK_ATTEMPT
    ):
        raise PermissionDenied(
            "Supervisor callbacks are worked by Unit Leads and MSAs; add a note instead, or "
            "ask one of them."
        )


def ensure_open(inquiry: Inquiry, doing: str) -> None:
    if inquiry.closed:
        raise DomainError(f"Inquiry {inquiry.reference} is resolved; reopen it before you {doing}.")


def ensure_approved(inquiry: Inquiry, doing: str) -> None:
    if inquiry.status in (Status.PENDING_APPROVAL, Status.SENT_BACK):
        raise DomainError(
            f"Callback request {inquiry.reference} has not been approved by a Unit Lead yet, "
            f"so you cannot {doing}."
        )


def ensure_mco_track(inquiry: Inquiry, doing: str) -> None:
    if inquiry.track == Track.IME_CALLBACK:
        raise DomainError(
            f"{inquiry.reference} is a supervisor callback answered by the agency, so you "
            f"cannot {doing}."
        )


def when(ctx: ServiceContext, inquiry: Inquiry, at: datetime | None, field: str = "at") -> datetime:
    """When something happened: now, or a time the person typed (not future, not before receipt)."""
    now = ctx.clock.now()
    if at is None:
        return now
    if at.tzinfo is None:
        at = at.replace(tzinfo=ctx.calendar.timezone)
    if at > now:
        raise ValidationError({field: "The time cannot be in the future."})
    if at < inquiry.received_at:
        raise ValidationError({field: "The time is before the inquiry was received."})
    return at


def required_text(value: str | None, field: str, message: str, limit: int | None = None) -> str:
    text = clean(value or "").strip()
    if not text:
        raise ValidationError({field: message})
    if limit is not None and len(text) > limit:
        raise ValidationError({field: f"Keep this under {limit} characters."})
    return text


def optional_text(value: str | None) -> str | None:
    text = clean(value or "").strip()
    return text or None


SUMMARY_MAX = 160


def summary_and_notes(text: str) -> tuple[str, str | None]:
    """A free text as a timeline summary, with the full text as notes only when the summary
    had to shorten it (so the timeline never shows the same words twice)."""
    lines = text.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(lines) == 1 and len(first) <= SUMMARY_MAX:
        return first, None
    short = first if len(first) <= SUMMARY_MAX else first[: SUMMARY_MAX - 1].rstrip() + "…"
    return short, text.strip()


def touch(ctx: ServiceContext, inquiry: Inquiry) -> None:
    inquiry.updated_at = ctx.clock.now()


def set_status(inquiry: Inquiry, status: Status) -> dict[str, Any]:
    """Move to ``status`` and return the audit change (empty when it already was)."""
    old = inquiry.status
    if old == status:
        return {}
    inquiry.status = str(status)
    inquiry.closed = status.is_closed
    return {"status": [old, str(status)]}


def result(
    session: Session, inquiry: Inquiry, entry: TimelineEntry | None, message: str
) -> ActionResult:
    session.flush()
    return ActionResult(
        inquiry_id=inquiry.id,
        reference=inquiry.reference,
        version=inquiry.version,
        status=inquiry.status,
        closed=inquiry.closed,
        entry_id=entry.id if entry is not None else None,
        message=message,
    )


def _start_work(inquiry: Inquiry) -> dict[str, Any]:
    """A first contact or decision moves an open inquiry to "in progress"."""
    if inquiry.status == Status.OPEN:
        return set_status(inquiry, Status.IN_PROGRESS)
    return {}


def _user_name(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return "nobody"
    user = session.get(User, user_id)
    return user.display_name if user is not None else f"user {user_id}"


def party_label(inquiry_track: str, party: Party) -> str:
    if party == Party.MEMBER and inquiry_track == Track.MCO_PROVIDER:
        return "originator"
    return PARTY_LABELS[party]
