"""One inquiry in full for the detail pane (its timeline, clocks, MCOs, letters), the clocks
a person is told about, and the choices of the filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from ...considerations import ConsiderationKind
from ...db.models import (
    Inquiry,
    InquiryLink,
    Mco,
    Milestone,
    TimelineEntry,
    User,
)
from ...domain import EntryKind, Track
from ..context import SYSTEM_ACTOR
from ..file_list import FileRow, list_files
from .rows import (
    Lookups,
    MilestoneRow,
    QueueRow,
    _search_fields,
)

# --------------------------------------------------------------------------- detail


@dataclass(frozen=True, slots=True)
class TimelineRow:
    id: int
    at: datetime
    recorded_at: datetime
    kind: str
    party: str | None
    channel: str | None
    outcome: str | None
    summary: str
    notes: str | None
    user_name: str
    letter_id: int | None = None


@dataclass(frozen=True)
class InquiryDetail:
    """Everything the detail pane shows about one inquiry."""

    row: QueueRow
    source: str
    description: str
    mailing_address: str | None
    mco_department: str | None
    mco_contact: str | None
    decision: str | None
    referred_at: datetime | None
    resolution: str | None
    approved_at: datetime | None
    created_by_name: str
    milestones: tuple[MilestoneRow, ...]  # all of them, running ones first
    timeline: tuple[TimelineRow, ...]  # newest first
    letter_count: int
    # Inquiries linked as about the same issue: (id, reference), oldest first.
    related: tuple[tuple[int, str], ...] = ()
    # How many other inquiries share this one's state ID or NPI (the person's history).
    same_person: int = 0
    # The files kept with it and its letters (metadata only), oldest first.
    files: tuple[FileRow, ...] = ()
    channel: str | None = None  # where an e-mail came in
    outcome: str | None = None  # from the admin's list, at resolution
    # An enrollment consideration case's kind, participants, request and steps, in words.
    case_lines: tuple[tuple[str, str], ...] = ()


def inquiry_detail(session: Session, inquiry_id: int) -> InquiryDetail | None:
    inquiry = session.get(Inquiry, inquiry_id)
    if inquiry is None:
        return None
    lookups = Lookups.load(session)
    mco_ids = tuple(m.id for m in inquiry.mcos) or ((inquiry.mco_id,) if inquiry.mco_id else ())
    row = QueueRow(
        id=inquiry.id,
        reference=inquiry.reference,
        track=inquiry.track,
        priority=inquiry.priority,
        status=inquiry.status,
        closed=inquiry.closed,
        member_name=inquiry.member_name,
        member_state_id=inquiry.member_state_id,
        caller_name=inquiry.caller_name,
        caller_phone=inquiry.caller_phone,
        provider_name=inquiry.provider_name,
        npi=inquiry.npi,
        contact_name=inquiry.contact_name,
        contact_phone=inquiry.contact_phone,
        mco_ids=mco_ids,
        mco_names=", ".join(lookups.mcos.get(m, "?") for m in mco_ids),
        assignee_id=inquiry.assignee_id,
        assignee_name=lookups.users.get(inquiry.assignee_id, "") if inquiry.assignee_id else "",
        received_at=inquiry.received_at,
        next_due_at=inquiry.next_due_at,
        resolved_at=inquiry.resolved_at,
        updated_at=inquiry.updated_at,
        version=inquiry.version,
        category=inquiry.category,
        sub_category=inquiry.sub_category,
        email=inquiry.email,
        subject_line=inquiry.subject,
    )
    milestone_rows = [
        MilestoneRow(
            id=m.id,
            inquiry_id=m.inquiry_id,
            kind=m.kind,
            label=m.label,
            started_at=m.started_at,
            warn_at=m.warn_at,
            due_at=m.due_at,
            met_at=m.met_at,
            closed_reason=m.closed_reason,
            policy_text=str((m.policy_snapshot or {}).get("description") or "")
            or (lookups.policy_texts.get(m.policy_id, "") if m.policy_id else ""),
        )
        for m in session.scalars(
            select(Milestone).where(Milestone.inquiry_id == inquiry_id).order_by(Milestone.id)
        )
    ]
    milestone_rows.sort(key=lambda m: (not m.is_open, m.due_at, m.id))
    row.milestones = tuple(m for m in milestone_rows if m.is_open)
    row.search_text, row.search_digits = _search_fields(row)
    entries = session.execute(
        select(
            TimelineEntry.id,
            TimelineEntry.at,
            TimelineEntry.recorded_at,
            TimelineEntry.kind,
            TimelineEntry.party,
            TimelineEntry.channel,
            TimelineEntry.outcome,
            TimelineEntry.summary,
            TimelineEntry.notes,
            TimelineEntry.user_id,
            TimelineEntry.letter_id,
        )
        .where(TimelineEntry.inquiry_id == inquiry_id)
        .order_by(TimelineEntry.at.desc(), TimelineEntry.id.desc())
    ).all()
    timeline = tuple(
        TimelineRow(
            id=e[0],
            at=e[1],
            recorded_at=e[2],
            kind=e[3],
            party=e[4],
            channel=e[5],
            outcome=e[6],
            summary=e[7] or "",
            notes=e[8],
            user_name=_system_name(e[3]) or (lookups.users.get(e[9], "") if e[9] else ""),
            letter_id=e[10],
        )
        for e in entries
    )
    files = tuple(list_files(session, inquiry_id, lookups.users))
    return InquiryDetail(
        row=row,
        source=inquiry.source,
        description=inquiry.description or "",
        mailing_address=inquiry.mailing_address,
        mco_department=inquiry.mco_department,
        mco_contact=inquiry.mco_contact,
        decision=inquiry.decision,
        referred_at=inquiry.referred_at,
        resolution=inquiry.resolution,
        approved_at=inquiry.approved_at,
        created_by_name=lookups.users.get(inquiry.created_by_id, "")
        if inquiry.created_by_id
        else "",
        milestones=tuple(milestone_rows),
        timeline=timeline,
        letter_count=sum(f.kind == "letter" for f in files),
        related=_related(session, inquiry_id),
        same_person=_same_person(session, inquiry),
        files=files,
        channel=inquiry.channel,
        outcome=inquiry.outcome,
        case_lines=case_lines(inquiry),
    )


_RESULT_WORDS = {"true": "A true case", "false": "Not a true case", "processed": "Processed",
                 "not_processed": "Not processed"}  # fmt: skip


def case_lines(inquiry: Inquiry) -> tuple[tuple[str, str], ...]:
    if inquiry.track != Track.CONSIDERATION:
        return ()
    try:
        kind = ConsiderationKind(inquiry.consideration_kind or "")
        lines = [("Kind of case", kind.label)]
        request = kind.request_label
    except ValueError:
        lines, request = [("Kind of case", inquiry.consideration_kind or "")], "Requested"
    if inquiry.for_cause_reason:
        lines.append(("For Cause reason", inquiry.for_cause_reason))
    people = [
        str(p.get("name") or "") + (f" ({p['state_id']})" if p.get("state_id") else "")
        for p in inquiry.participants or []
    ]
    lines.append(("Participants", "\n".join(people)))
    lines.append((request, inquiry.requested_change or ""))
    if inquiry.supervisor_requested:
        lines.append(("Supervisor", "The consumer asked for a supervisor"))
    if inquiry.qc_result:
        lines.append(("QC vetting", _RESULT_WORDS.get(inquiry.qc_result, inquiry.qc_result)))
    if inquiry.monitor_result:
        said = _RESULT_WORDS.get(inquiry.monitor_result, inquiry.monitor_result)
        if inquiry.monitor_reason:
            said += f": {inquiry.monitor_reason}"
        lines.append(("State Monitors", said))
    if inquiry.outreach_attempts:
        lines.append(("Outreach attempts", str(inquiry.outreach_attempts)))
    return tuple(lines)


def linked_to(inquiry_id: int) -> Any:
    """The ids of the inquiries linked to ``inquiry_id`` as the same issue (either side)."""
    return (
        select(InquiryLink.second_id)
        .where(InquiryLink.first_id == inquiry_id)
        .union(select(InquiryLink.first_id).where(InquiryLink.second_id == inquiry_id))
    )


def _related(session: Session, inquiry_id: int) -> tuple[tuple[int, str], ...]:
    rows = session.execute(
        select(Inquiry.id, Inquiry.reference)
        .where(Inquiry.id.in_(linked_to(inquiry_id)))
        .order_by(Inquiry.id)
    )
    return tuple((i, r) for i, r in rows)


def _same_person(session: Session, inquiry: Inquiry) -> int:
    conds = []
    if inquiry.member_state_id:
        conds.append(Inquiry.member_state_id == inquiry.member_state_id)
    if inquiry.npi:
        conds.append(Inquiry.npi == inquiry.npi)
    if not conds:
        return 0
    stmt = select(func.count()).where(or_(*conds), Inquiry.id != inquiry.id)
    return int(session.scalar(stmt) or 0)


def distinct_assignees(session: Session) -> list[tuple[int, str]]:
    """People who can be filtered on: active users, by name."""
    return [
        (i, n)
        for i, n in session.execute(
            select(User.id, User.display_name)
            .where(User.active == true())
            .order_by(User.display_name)
        )
    ]


def active_mcos(session: Session) -> list[tuple[int, str]]:
    return [
        (i, n)
        for i, n in session.execute(select(Mco.id, Mco.name).order_by(Mco.active.desc(), Mco.name))
    ]


def _system_name(kind: str) -> str:
    """Clock events the app raises itself are said to come from it, not from a person (on
    PostgreSQL the row names the login whose session raised them: the server sets it)."""
    return SYSTEM_ACTOR.display_name if kind == EntryKind.MILESTONE else ""
