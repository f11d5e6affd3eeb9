"""Actions that change an inquiry's fields somebody else may be changing too (refer, assign,
decide, priority, resolve, close, reopen): each checks the expected version first."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Inquiry, Mco, McoDepartment, TimelineEntry, User
from ...domain import (
    Channel,
    Decision,
    EntryKind,
    Party,
    Priority,
    Role,
    Status,
    Track,
)
from ...errors import DomainError, ValidationError
from .. import audit, choices, clocks
from ..alerts import handoffs
from ..context import ServiceContext
from ..history import add_entry
from ..permissions import (
    ASSIGNABLE_ROLES,
    Action,
    can,
    require,
)
from .guards import (
    DECISION_LABELS,
    ActionResult,
    _start_work,
    _user_name,
    ensure_may_work,
    ensure_mco_track,
    ensure_open,
    load_checked,
    optional_text,
    required_text,
    result,
    set_status,
    summary_and_notes,
    touch,
    when,
)

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
    """Hand the inquiry to someone (a liaison sends an escalated contact to an MSA/ESR; the
    account manager assigns the e-mail inquiries, seed 004)."""
    if not can(ctx.actor.role, Action.ASSIGN):
        require(ctx.actor, Action.ASSIGN_EMAIL)
    inquiry = load_checked(session, ctx, inquiry_id, expected_version, {"assignee_id": assignee_id})
    if not can(ctx.actor.role, Action.ASSIGN) and inquiry.track != Track.EMAIL:
        require(ctx.actor, Action.ASSIGN)
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
    session.flush()
    handoffs.assigned(session, ctx, inquiry, entry.id)
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
    outcome: str | None = None,
) -> ActionResult:
    """Record the resolution (and its outcome, from the admin's list) and close the inquiry
    and its clocks."""
    require(ctx.actor, Action.RESOLVE)
    inquiry = load_checked(
        session, ctx, inquiry_id, expected_version, {"status": "resolved", "resolution": resolution}
    )
    ensure_may_work(ctx, inquiry)
    if inquiry.closed:
        raise DomainError(f"Inquiry {inquiry.reference} is already resolved.")
    problems: dict[str, str] = {}
    chosen = choices.lists(session).check_outcome(inquiry.track, outcome, problems)
    if not (resolution or "").strip():
        problems["resolution"] = "Write the resolution."
    if problems:
        raise ValidationError(problems)
    text = required_text(resolution, "resolution", "Write the resolution.")
    extra = dict(data or {})
    if chosen is not None:
        inquiry.outcome = chosen
        extra["outcome"] = chosen
    return close_inquiry(session, ctx, inquiry, text, extra)


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
    if inquiry.outcome is not None:
        changes["outcome"] = inquiry.outcome
    inquiry.outcome = None  # given again at the next resolution
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
