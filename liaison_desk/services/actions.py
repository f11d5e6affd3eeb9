"""Working an inquiry (SPEC section 4): contacts, MCO referral, updates and follow-ups,
assignment, the IME-or-MCO decision, priority, resolution and reopening.

Every function takes ``(session, ctx, inquiry_id, expected_version, ...)`` and returns an
:class:`ActionResult` with the inquiry's new version, so the client can keep editing without
reloading. Two kinds of action:

- *Editing* actions (refer, assign, decide, priority, resolve, reopen) change fields
  somebody else may be changing too. They check ``expected_version`` through
  :func:`~liaison_desk.services.inquiries.load_for_update` and raise
  :class:`~liaison_desk.errors.ConflictError` with both sides when the inquiry moved on.
- *Append-only* actions (contact, note, MCO update, follow-up) only add history and cannot
  lose anybody's change; the client passes ``expected_version=None``.

Each action writes one timeline entry through :func:`~.history.add_entry` (so the clocks
react), one audit entry, and bumps ``updated_at`` so other workstations see the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Inquiry, Mco, McoDepartment, TimelineEntry, User
from ..domain import CallOutcome, Channel, Decision, EntryKind, Party, Priority, Role, Status, Track
from ..errors import DomainError, PermissionDenied, ValidationError
from ..policies import compute_times
from ..text_clean import clean
from . import audit, clocks
from .context import Actor, ServiceContext
from .history import add_entry
from .inquiries import load_for_update
from .permissions import (
    ASSIGNABLE_ROLES,
    Action,
    allowed_actions,
    can,
    can_view_inquiry,
    require,
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
    if not can_view_inquiry(ctx.actor, inquiry.created_by_id):
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


# ------------------------------------------------------------------------ append-only


def log_contact(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    party: Party,
    channel: Channel,
    outcome: str,
    notes: str | None = None,
    at: datetime | None = None,
) -> ActionResult:
    """A contact with the member/originator, the provider, the MCO or someone else.

    ``outcome`` is one of :func:`contact_outcomes` for the channel: a call's outcome
    (reached, no answer, voicemail, busy, wrong number) or "sent"/"received". A failed call
    is logged but meets no clock.
    """
    require(ctx.actor, Action.LOG_CONTACT)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_may_work(ctx, inquiry)
    ensure_open(inquiry, "log a contact")
    ensure_approved(inquiry, "log a contact")
    party, channel = Party(party), Channel(channel)
    choices = contact_outcomes(channel)
    if outcome not in choices:
        raise ValidationError(
            {"outcome": f"Choose how the {CHANNEL_LABELS[channel].lower()} contact went."}
        )
    moment = when(ctx, inquiry, at)
    changes = _start_work(inquiry)
    touch(ctx, inquiry)
    who = party_label(inquiry.track, party)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.CONTACT,
        f"{CHANNEL_LABELS[channel]} contact with {who}: {choices[outcome].lower()}",
        at=moment,
        party=str(party),
        channel=str(channel),
        outcome=outcome,
        notes=optional_text(notes),
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "contact",
        {"entry_id": entry.id, "party": str(party), "channel": str(channel), **changes},
    )
    return result(session, inquiry, entry, "Contact logged.")


def add_note(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    text: str,
) -> ActionResult:
    """A note in the timeline; allowed on resolved inquiries too (history never closes)."""
    require(ctx.actor, Action.ADD_NOTE)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    body = required_text(text, "text", "Write the note.")
    touch(ctx, inquiry)
    summary, notes = summary_and_notes(body)
    entry = add_entry(session, ctx, inquiry, EntryKind.NOTE, summary, notes=notes)
    audit.record(session, ctx, "inquiry", inquiry.id, "note", {"entry_id": entry.id})
    return result(session, inquiry, entry, "Note added.")


def record_mco_update(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    update: McoUpdate,
    notes: str | None = None,
    contacted: bool | None = None,
    channel: Channel | None = None,
    at: datetime | None = None,
    mco_id: int | None = None,
) -> ActionResult:
    """What the MCO reported. ``contacted`` (default: the update is "contacted" or
    "resolved") is what meets that MCO's "MCO contacts member" clock; ``mco_id`` says which
    MCO spoke when the inquiry went to several (default: the one still awaited)."""
    require(ctx.actor, Action.RECORD_MCO_UPDATE)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_mco_track(inquiry, "record an MCO update")
    ensure_open(inquiry, "record an MCO update")
    update = McoUpdate(update)
    moment = when(ctx, inquiry, at)
    if contacted is None:
        contacted = update in (McoUpdate.CONTACTED, McoUpdate.RESOLVED)
    text = optional_text(notes)
    if update == McoUpdate.WORKING and not text:
        raise ValidationError({"notes": "Write what the MCO said it is working on."})
    mco = which_mco(session, inquiry, mco_id)
    who = mco.short_name if mco is not None else "MCO"
    summary = MCO_UPDATE_LABELS[update].replace("MCO", who, 1)
    if inquiry.track == Track.MCO_PROVIDER:
        summary = summary.replace("the member", "the provider")
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.MCO_UPDATE,
        summary,
        at=moment,
        party=str(Party.MCO),
        channel=str(Channel(channel)) if channel is not None else None,
        outcome=str(update),
        notes=text,
        data={"contacted": bool(contacted), "mco_id": mco.id if mco is not None else None},
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "mco_update",
        {"entry_id": entry.id, "update": str(update), "contacted": bool(contacted)},
    )
    return result(session, inquiry, entry, "MCO update recorded.")


def log_follow_up(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None = None,
    *,
    channel: Channel,
    response: str,
    notes: str | None = None,
    at: datetime | None = None,
    mco_id: int | None = None,
) -> ActionResult:
    """The liaison or MSA/ESR chased the MCO for an update (seed 001, step 4e.i)."""
    require(ctx.actor, Action.LOG_FOLLOW_UP)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version)
    ensure_mco_track(inquiry, "follow up with an MCO")
    ensure_open(inquiry, "follow up with the MCO")
    if inquiry.referred_at is None:
        raise DomainError(
            f"{inquiry.reference} has not been referred to an MCO yet; refer it before "
            "following up."
        )
    channel = Channel(channel)
    text = required_text(response, "response", "Say what the MCO answered.", OUTCOME_MAX)
    moment = when(ctx, inquiry, at)
    mco = which_mco(session, inquiry, mco_id)
    who = mco.short_name if mco is not None else "the MCO"
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.FOLLOW_UP,
        f"Followed up with {who} by {CHANNEL_LABELS[channel].lower()}: {text}",
        at=moment,
        party=str(Party.MCO),
        channel=str(channel),
        outcome=text,
        notes=optional_text(notes),
        data={"mco_id": mco.id if mco is not None else None},
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "follow_up", {"entry_id": entry.id})
    return result(session, inquiry, entry, "Follow-up logged.")


# ----------------------------------------------------------------------------- editing


def which_mco(session: Session, inquiry: Inquiry, mco_id: int | None) -> Mco | None:
    """The MCO an update or follow-up is about: the one named (it must be one the inquiry
    went to), else the only one whose clock is still running, else the inquiry's."""
    if mco_id is not None:
        mco = session.get(Mco, mco_id)
        if mco is None or (mco not in inquiry.mcos and mco.id != inquiry.mco_id):
            raise ValidationError({"mco": "Choose one of the MCOs this inquiry went to."})
        return mco
    waiting = {
        m.mco_id
        for m in inquiry.milestones
        if m.mco_id is not None and m.met_at is None and m.closed_reason is None
    }
    if len(waiting) == 1:
        return session.get(Mco, waiting.pop())
    return inquiry.mco


def refer_to_mco(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    mco_id: int,
    department: str,
    contact_person: str | None = None,
    channel: Channel | None = None,
    notes: str | None = None,
    at: datetime | None = None,
) -> ActionResult:
    """Send the issue to an MCO department; starts the "MCO contacts member" clock."""
    require(ctx.actor, Action.REFER_TO_MCO)
    mine = {"mco_id": mco_id, "status": str(Status.AWAITING_MCO), "decision": "mco"}
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, mine)
    ensure_mco_track(inquiry, "refer it to an MCO")
    ensure_open(inquiry, "refer it to an MCO")
    mco = session.get(Mco, mco_id)
    if mco is None or not mco.active:
        raise ValidationError({"mco": "Choose one of the current MCOs."})
    dept = required_text(department, "department", "Choose the MCO department.", 200)
    known = session.scalars(
        select(McoDepartment).where(McoDepartment.mco_id == mco.id, McoDepartment.name == dept)
    ).first()
    contact = optional_text(contact_person)
    if contact is None and known is not None:
        contact = known.contact_name
    moment = when(ctx, inquiry, at)

    changes: dict[str, Any] = {}
    # A provider issue may go to several MCOs (each gets its own clock); its first MCO stays
    # the one it is filed under. A member has one MCO: referring elsewhere corrects it.
    keeps_mco = inquiry.track == Track.MCO_PROVIDER and inquiry.mco_id is not None and inquiry.mcos
    if inquiry.mco_id != mco.id and not keeps_mco:
        changes["mco_id"] = [inquiry.mco_id, mco.id]
        inquiry.mco_id = mco.id
        inquiry.mco = mco
    if mco not in inquiry.mcos:
        inquiry.mcos.append(mco)
    inquiry.mco_department = dept
    inquiry.mco_contact = contact
    inquiry.referred_at = moment
    if inquiry.decision != Decision.SENT_TO_MCO:
        changes["decision"] = [inquiry.decision, str(Decision.SENT_TO_MCO)]
        inquiry.decision = str(Decision.SENT_TO_MCO)
    changes.update(set_status(inquiry, Status.AWAITING_MCO))
    touch(ctx, inquiry)
    to = f"{mco.short_name} {dept}" + (f" ({contact})" if contact else "")
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.REFERRAL,
        f"Referred to {to}",
        at=moment,
        party=str(Party.MCO),
        channel=str(Channel(channel)) if channel is not None else None,
        notes=optional_text(notes),
        data={"mco_id": mco.id, "mco": mco.name, "department": dept, "contact": contact},
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "refer",
        {"entry_id": entry.id, "department": dept, "contact": contact, **changes},
    )
    return result(session, inquiry, entry, f"Referred to {mco.name}.")


def assignable_users(session: Session, track: str | None = None) -> list[User]:
    """Active people who can be handed an inquiry of ``track`` to work."""
    users = session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_([str(r) for r in ASSIGNABLE_ROLES]))
        .order_by(User.display_name)
    )
    return [u for u in users if _can_work(u.role, track)]


def _can_work(role: str, track: str | None) -> bool:
    if track == Track.IME_CALLBACK:
        return can(role, Action.RECORD_CALLBACK_ATTEMPT)
    return can(role, Action.LOG_CONTACT)


def assign(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    assignee_id: int,
    note: str | None = None,
) -> ActionResult:
    """Hand the inquiry to someone (a liaison sends an escalated contact to an MSA/ESR)."""
    require(ctx.actor, Action.ASSIGN)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"assignee_id": assignee_id})
    ensure_may_work(ctx, inquiry)
    ensure_open(inquiry, "reassign it")
    user = session.get(User, assignee_id)
    if user is None or not user.active:
        raise ValidationError({"assignee": "Choose someone who is still on the team."})
    if Role(user.role) not in ASSIGNABLE_ROLES or not _can_work(user.role, inquiry.track):
        raise ValidationError(
            {"assignee": f"{user.display_name} ({Role(user.role).label}) cannot work this inquiry."}
        )
    if inquiry.assignee_id == user.id:
        raise ValidationError({"assignee": f"It is already assigned to {user.display_name}."})
    before = inquiry.assignee_id
    previous = _user_name(session, before)
    inquiry.assignee_id = user.id
    touch(ctx, inquiry)
    summary = f"Assigned to {user.display_name} ({Role(user.role).label})"
    if before is not None:
        summary += f", was {previous}"
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.ASSIGNMENT,
        summary,
        notes=optional_text(note),
        data={"from": before, "to": user.id},
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "assign", {"assignee_id": [before, user.id]})
    return result(session, inquiry, entry, f"Assigned to {user.display_name}.")


def record_decision(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    decision: Decision,
    note: str | None = None,
) -> ActionResult:
    """Seed 001 step 5c: the IME resolves it, or it must go to the MCO."""
    require(ctx.actor, Action.RECORD_DECISION)
    decision = Decision(decision)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"decision": str(decision)})
    ensure_mco_track(inquiry, "record an IME/MCO decision")
    ensure_open(inquiry, "record a decision")
    if inquiry.decision == decision:
        raise ValidationError(
            {"decision": f"The decision is already “{DECISION_LABELS[decision]}”."}
        )
    changes: dict[str, Any] = {"decision": [inquiry.decision, str(decision)]}
    inquiry.decision = str(decision)
    changes.update(_start_work(inquiry))
    touch(ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.DECISION,
        DECISION_LABELS[decision],
        outcome=str(decision),
        notes=optional_text(note),
        data={"decision": str(decision)},
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "decision", changes)
    return result(session, inquiry, entry, f"Decision recorded: {DECISION_LABELS[decision]}.")


def change_priority(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    priority: Priority,
    reason: str,
) -> ActionResult:
    """A new priority with the reason; the clocks replace the deadlines that depend on it
    (:func:`clocks.change_priority` writes the timeline entry and the audit)."""
    require(ctx.actor, Action.CHANGE_PRIORITY)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"priority": str(priority)})
    ensure_open(inquiry, "change its priority")
    clocks.change_priority(session, ctx, inquiry, priority, reason)
    touch(ctx, inquiry)
    session.flush()
    entry = session.scalars(
        select(TimelineEntry)
        .where(
            TimelineEntry.inquiry_id == inquiry.id,
            TimelineEntry.kind == str(EntryKind.PRIORITY_CHANGE),
        )
        .order_by(TimelineEntry.id.desc())
    ).first()
    return result(session, inquiry, entry, f"Priority changed to {Priority(priority).label}.")


def resolve(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    resolution: str,
    data: Mapping[str, Any] | None = None,
) -> ActionResult:
    """Record the resolution and close the inquiry and its clocks."""
    require(ctx.actor, Action.RESOLVE)
    inquiry = load_checked(
        session, ctx, inquiry_id, expected_version, {"status": "resolved", "resolution": resolution}
    )
    ensure_may_work(ctx, inquiry)
    if inquiry.closed:
        raise DomainError(f"Inquiry {inquiry.reference} is already resolved.")
    text = required_text(resolution, "resolution", "Write the resolution.")
    return close_inquiry(session, ctx, inquiry, text, dict(data or {}))


def close_inquiry(
    session: Session,
    ctx: ServiceContext,
    inquiry: Inquiry,
    text: str,
    data: dict[str, Any],
    summary: str | None = None,
) -> ActionResult:
    """Resolve ``inquiry`` with ``text``; the entry's summary is the text itself unless given."""
    now = ctx.clock.now()
    changes = set_status(inquiry, Status.RESOLVED)
    inquiry.closed = True
    inquiry.resolution = text
    inquiry.resolved_at = now
    touch(ctx, inquiry)
    if summary is None:
        summary, notes = summary_and_notes(text)
    else:
        notes = text
    entry = add_entry(session, ctx, inquiry, EntryKind.RESOLUTION, summary, notes=notes, data=data)
    clocks.close_open_milestones(session, ctx, inquiry, "resolved")
    audit.record(session, ctx, "inquiry", inquiry.id, "resolve", {"entry_id": entry.id, **changes})
    return result(session, inquiry, entry, f"{inquiry.reference} resolved.")


def reopen(
    session: Session,
    ctx: ServiceContext,
    inquiry_id: int,
    expected_version: int | None,
    *,
    reason: str,
) -> ActionResult:
    """Open a resolved inquiry again: "awaiting MCO" if it was with one, else "in progress"."""
    require(ctx.actor, Action.REOPEN)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"status": "reopened"})
    ensure_may_work(ctx, inquiry)
    if not inquiry.closed:
        raise DomainError(f"Inquiry {inquiry.reference} is not resolved.")
    why = required_text(reason, "reason", "Say why it is reopened.")
    target = (
        Status.AWAITING_MCO
        if inquiry.decision == Decision.SENT_TO_MCO and inquiry.referred_at is not None
        else Status.IN_PROGRESS
    )
    changes = set_status(inquiry, target)
    changes["resolution"] = inquiry.resolution
    inquiry.closed = False
    inquiry.resolved_at = None
    inquiry.resolution = None
    inquiry.callback_completed_at = None
    touch(ctx, inquiry)
    clocks.reopen_milestones(session, ctx, inquiry)
    entry = add_entry(
        session,
        ctx,
        inquiry,
        EntryKind.REOPEN,
        f"Reopened: {target.label}",  # the label as written ("Awaiting MCO")
        notes=why,
        data={"status": str(target)},
    )
    audit.record(session, ctx, "inquiry", inquiry.id, "reopen", {"reason": why, **changes})
    return result(session, inquiry, entry, f"{inquiry.reference} reopened.")


# ------------------------------------------------------------------------- read models
# What the client's dialogs and buttons need, read in one short session off the GUI thread.


@dataclass(frozen=True)
class InquiryBrief:
    id: int
    reference: str
    version: int
    track: str
    priority: str
    status: str
    closed: bool
    subject_name: str
    description: str
    member_name: str | None
    member_state_id: str | None
    caller_name: str | None
    caller_phone: str | None
    provider_name: str | None
    npi: str | None
    contact_name: str | None
    contact_phone: str | None
    mailing_address: str | None
    assignee_id: int | None
    assignee_name: str | None
    mco_id: int | None
    mco_name: str | None
    mco_short_name: str | None
    mco_department: str | None
    mco_contact: str | None
    referred_at: datetime | None
    decision: str | None
    created_by_id: int | None
    created_by_name: str | None
    received_at: datetime
    letters: tuple[tuple[int, str], ...] = ()
    """Stored letters, oldest first: (letter id, "Nov 24 · to Mary O'Brien")."""
    referred_mcos: tuple[tuple[int, str, bool], ...] = ()
    """The MCOs with a referral clock: (id, short name, still awaited), awaited first."""
    source: str = ""
    mco_ids: tuple[int, ...] = ()
    """The MCO(s) in question as taken in (a provider issue may name several)."""

    @property
    def is_callback(self) -> bool:
        return self.track == Track.IME_CALLBACK

    @property
    def originator_name(self) -> str:
        """Whom "contact the originator" means: the caller, or the provider's contact."""
        if self.track == Track.MCO_PROVIDER:
            return self.contact_name or self.provider_name or ""
        return self.caller_name or self.member_name or ""

    @property
    def phone(self) -> str | None:
        """The number to call back (E.164)."""
        if self.track == Track.MCO_PROVIDER:
            return self.contact_phone or self.caller_phone
        return self.caller_phone or self.contact_phone


def brief(session: Session, ctx: ServiceContext, inquiry_id: int) -> InquiryBrief:
    inquiry = load_checked(session, ctx, inquiry_id, None)
    mco = inquiry.mco
    letters = []
    for letter in inquiry.letters:
        day = letter.created_at.astimezone(ctx.calendar.timezone)
        letters.append((letter.id, f"{day:%b} {day.day}, {day.year} · to {letter.recipient_name}"))
    return InquiryBrief(
        id=inquiry.id,
        reference=inquiry.reference,
        version=inquiry.version,
        track=inquiry.track,
        priority=inquiry.priority,
        status=inquiry.status,
        closed=inquiry.closed,
        subject_name=inquiry.subject_name,
        description=inquiry.description,
        member_name=inquiry.member_name,
        member_state_id=inquiry.member_state_id,
        caller_name=inquiry.caller_name,
        caller_phone=inquiry.caller_phone,
        provider_name=inquiry.provider_name,
        npi=inquiry.npi,
        contact_name=inquiry.contact_name,
        contact_phone=inquiry.contact_phone,
        mailing_address=inquiry.mailing_address,
        assignee_id=inquiry.assignee_id,
        assignee_name=inquiry.assignee.display_name if inquiry.assignee else None,
        mco_id=inquiry.mco_id,
        mco_name=mco.name if mco else None,
        mco_short_name=mco.short_name if mco else None,
        mco_department=inquiry.mco_department,
        mco_contact=inquiry.mco_contact,
        referred_at=inquiry.referred_at,
        decision=inquiry.decision,
        created_by_id=inquiry.created_by_id,
        created_by_name=inquiry.created_by.display_name if inquiry.created_by else None,
        received_at=inquiry.received_at,
        letters=tuple(letters),
        referred_mcos=_referred_mcos(inquiry),
        source=inquiry.source,
        mco_ids=tuple(m.id for m in inquiry.mcos),
    )


def _referred_mcos(inquiry: Inquiry) -> tuple[tuple[int, str, bool], ...]:
    found: dict[int, tuple[str, bool]] = {}
    for m in inquiry.milestones:
        if m.mco is None:
            continue
        awaited = m.met_at is None and m.closed_reason is None
        name, before = found.get(m.mco.id, (m.mco.short_name or m.mco.name, False))
        found[m.mco.id] = (name, before or awaited)
    return tuple(sorted(((i, n, a) for i, (n, a) in found.items()), key=lambda x: (not x[2], x[1])))


def available_actions(actor: Actor, inquiry: InquiryBrief) -> frozenset[Action]:
    """What ``actor`` may do to this inquiry now: their role's actions that fit its state."""
    if not can_view_inquiry(actor, inquiry.created_by_id):
        return frozenset()
    fitting: set[Action] = {Action.ADD_NOTE}
    csr_request = not can(actor.role, Action.VIEW_ALL) and inquiry.status in (
        Status.PENDING_APPROVAL,
        Status.SENT_BACK,
    )
    if not inquiry.is_callback or can(actor.role, Action.RECORD_CALLBACK_ATTEMPT) or csr_request:
        fitting.add(Action.EDIT_DETAILS)
    if inquiry.letters:
        fitting.add(Action.VIEW_LETTER)
    if inquiry.closed:
        if not inquiry.is_callback or can(actor.role, Action.RECORD_CALLBACK_ATTEMPT):
            fitting |= {Action.REOPEN, Action.WRITE_LETTER}
    elif inquiry.status == Status.PENDING_APPROVAL:
        fitting |= {Action.APPROVE_CALLBACK}
    elif inquiry.status == Status.SENT_BACK:
        fitting |= {Action.RESUBMIT_CALLBACK}
    elif inquiry.is_callback and not can(actor.role, Action.RECORD_CALLBACK_ATTEMPT):
        pass  # callbacks are the Unit Lead's and the MSA's work
    elif inquiry.is_callback:
        fitting |= {
            Action.RECORD_CALLBACK_ATTEMPT,
            Action.WRITE_LETTER,
            Action.COMPLETE_CALLBACK,
            Action.LOG_CONTACT,
            Action.ASSIGN,
            Action.RESOLVE,
        }
    else:
        fitting |= {
            Action.LOG_CONTACT,
            Action.REFER_TO_MCO,
            Action.ASSIGN,
            Action.RECORD_DECISION,
            Action.CHANGE_PRIORITY,
            Action.RESOLVE,
            Action.WRITE_LETTER,
        }
        if inquiry.referred_at is not None:
            fitting |= {Action.RECORD_MCO_UPDATE, Action.LOG_FOLLOW_UP}
    return frozenset(fitting) & allowed_actions(actor.role)


@dataclass(frozen=True)
class DepartmentChoice:
    name: str
    contact_name: str | None
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class McoChoice:
    id: int
    name: str
    short_name: str
    phone: str | None
    departments: tuple[DepartmentChoice, ...]


def referral_choices(session: Session) -> list[McoChoice]:
    """The current MCOs with their active departments, for the referral dialog."""
    mcos = session.scalars(select(Mco).where(Mco.active.is_(True)).order_by(Mco.name))
    return [
        McoChoice(
            id=m.id,
            name=m.name,
            short_name=m.short_name,
            phone=m.phone,
            departments=tuple(
                DepartmentChoice(d.name, d.contact_name, d.phone, d.email)
                for d in m.departments
                if d.active
            ),
        )
        for m in mcos
    ]


@dataclass(frozen=True)
class Deadline:
    label: str
    due_at: datetime
    description: str


def referral_deadlines(
    session: Session, ctx: ServiceContext, inquiry_id: int, at: datetime | None = None
) -> list[Deadline]:
    """The MCO clocks a referral made ``at`` (default now) would start, for the dialog."""
    inquiry = load_checked(session, ctx, inquiry_id, None)
    start = at or ctx.clock.now()
    found: list[Deadline] = []
    for spec in clocks.enabled_policies(session):
        if spec.starts_on != clocks.STARTS_REFERRAL:
            continue
        if not spec.applies_to(inquiry.track, inquiry.priority):
            continue
        _warn, due = compute_times(ctx.calendar, spec, start)
        found.append(Deadline(spec.label, due, spec.description))
    return found


@dataclass(frozen=True)
class PriorityEffect:
    """One line of the priority dialog's preview."""

    label: str
    due_at: datetime
    replaces_due: datetime | None
    """The due time of the running clock it replaces; None for a clock that is new."""


def priority_effects(
    session: Session, ctx: ServiceContext, inquiry_id: int
) -> dict[str, list[PriorityEffect]]:
    """For each priority, the clocks a change to it would start, each with the running clock
    it replaces (:func:`clocks.priority_plan`, the rule the change itself follows)."""
    inquiry = load_checked(session, ctx, inquiry_id, None)
    out: dict[str, list[PriorityEffect]] = {}
    for priority in Priority:
        if priority == inquiry.priority:
            continue
        _replaced, plan = clocks.priority_plan(session, inquiry, priority)
        effects = []
        for step in plan:
            label = (
                step.spec.label
                if step.mco is None
                else f"{step.spec.label} — {step.mco.short_name}"
            )
            _warn, due = compute_times(ctx.calendar, step.spec, step.start)
            effects.append(
                PriorityEffect(label, due, step.replaces.due_at if step.replaces else None)
            )
        out[str(priority)] = effects
    return out
