"""Quality-control audits (SPEC §8, seed 000's file review).

A manager draws a random sample of the resolved inquiries received in a period (no fewer
than 10 or 10 %, whichever is more, never more than 50; all of them when there are fewer),
scores each one — was the question answered correctly, was the reply professional, was the
information accurate — and reads the turnaround the app worked out when drawing: business
days to the acknowledgement (the first contact with the originator, the call that reached
the caller, or the letter) and to the resolution, each met or not against the audit's
targets. Quarterly averages gather every scored item of the audits whose period starts in
the quarter, against the procedure's goal of 95 %.

The sample is drawn with a seed that is stored with the audit: the same seed over the same
inquiries draws the same sample, so anyone can check that it was random.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..db.models import Inquiry, Milestone, QcAudit, QcAuditItem, TimelineEntry
from ..domain import CallOutcome, EntryKind, MilestoneKind, Party, Track
from ..errors import ConflictError, DomainError, NotFoundError, ValidationError
from . import audit as audit_log
from .context import ServiceContext
from .permissions import Action, require
from .users import user_names

__all__ = [
    "GOAL_PERCENT",
    "AuditSummary",
    "QuarterRow",
    "draw_audit",
    "export_audit",
    "quarterly_averages",
    "sample_size",
    "score_item",
    "summarize",
]

GOAL_PERCENT = 95.0
MIN_SAMPLE = 10
MAX_SAMPLE = 50
DEFAULT_ACK_TARGET = 1  # seed 000 VII.1: a response within one business day
DEFAULT_RESOLUTION_TARGET = 2  # seed 000 VII.2: resolved within two business days

_FIRST_RESPONSE = (
    str(MilestoneKind.CONTACT_ORIGINATOR),
    str(MilestoneKind.CALLBACK),
    str(MilestoneKind.EMAIL_FIRST_RESPONSE),
)
_FAILED_CALLS = frozenset(o.value for o in CallOutcome if o is not CallOutcome.REACHED)


def sample_size(population: int) -> int:
    """No fewer than 10 or 10 %, whichever is greater, but not more than 50 (seed 000)."""
    if population <= 0:
        return 0
    wanted = min(MAX_SAMPLE, max(MIN_SAMPLE, math.ceil(population * 0.10)))
    return min(wanted, population)


def _local_bounds(ctx: ServiceContext, first: date, last: date) -> tuple[datetime, datetime]:
    tz = ctx.calendar.timezone
    start = datetime.combine(first, time(0), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def _acknowledged_at(milestones: Sequence[Any], entries: Sequence[Any]) -> datetime | None:
    """When the originator first heard back: the first-response clock's meeting, else the
    first reached contact with the member or provider, reached callback or letter."""
    met: list[datetime] = [
        m.met_at for m in milestones if m.kind in _FIRST_RESPONSE and m.met_at is not None
    ]
    if met:
        return min(met)
    for e in entries:
        reached_originator = (
            e.kind == EntryKind.CONTACT
            and e.party in (Party.MEMBER, Party.PROVIDER)
            and (e.outcome or "") not in _FAILED_CALLS
        )
        reached_caller = e.kind == EntryKind.CALLBACK_ATTEMPT and e.outcome == CallOutcome.REACHED
        if reached_originator or reached_caller or e.kind == EntryKind.LETTER:
            at: datetime = e.at
            return at
    return None


def draw_audit(
    session: Session,
    ctx: ServiceContext,
    date_from: date,
    date_to: date,
    *,
    seed: int | None = None,
    ack_target_days: int = DEFAULT_ACK_TARGET,
    resolution_target_days: int = DEFAULT_RESOLUTION_TARGET,
    tracks: Sequence[str] = (),
) -> QcAudit:
    """Draw the sample of resolved inquiries received between the two dates (inclusive, in
    the office's timezone) and work out each one's turnaround."""
    require(ctx.actor, Action.QC_AUDIT)
    if date_to < date_from:
        raise ValidationError({"period": "The period ends before it starts."})
    if ack_target_days < 0 or resolution_target_days < 0:
        raise ValidationError({"targets": "A target is a number of business days, 0 or more."})
    start, end = _local_bounds(ctx, date_from, date_to)
    query = (
        select(Inquiry.id)
        .where(Inquiry.closed.is_(True), Inquiry.received_at >= start, Inquiry.received_at < end)
        .order_by(Inquiry.id)
    )
    if tracks:
        query = query.where(Inquiry.track.in_(list(tracks)))
    population = list(session.scalars(query))
    if not population:
        raise DomainError(
            f"No resolved inquiries were received between {date_from:%m/%d/%Y} and "
            f"{date_to:%m/%d/%Y}: there is nothing to audit."
        )
    if seed is None:
        seed = secrets.randbelow(2**31 - 1)
    chosen = random.Random(seed).sample(population, sample_size(len(population)))
    now = ctx.clock.now()
    audit = QcAudit(
        period_start=date_from,
        period_end=date_to,
        drawn_at=now,
        drawn_by_id=ctx.actor.user_id,
        population=len(population),
        seed=seed,
        ack_target_days=ack_target_days,
        resolution_target_days=resolution_target_days,
    )
    session.add(audit)
    inquiries = {i.id: i for i in session.scalars(select(Inquiry).where(Inquiry.id.in_(chosen)))}
    milestones: dict[int, list[Any]] = {}
    for m in session.execute(
        select(Milestone.inquiry_id, Milestone.kind, Milestone.met_at).where(
            Milestone.inquiry_id.in_(chosen)
        )
    ):
        milestones.setdefault(m.inquiry_id, []).append(m)
    entries: dict[int, list[Any]] = {}
    for e in session.execute(
        select(
            TimelineEntry.inquiry_id,
            TimelineEntry.kind,
            TimelineEntry.party,
            TimelineEntry.outcome,
            TimelineEntry.at,
        )
        .where(TimelineEntry.inquiry_id.in_(chosen))
        .order_by(TimelineEntry.at, TimelineEntry.id)
    ):
        entries.setdefault(e.inquiry_id, []).append(e)
    cal = ctx.calendar
    tz = cal.timezone
    for position, inquiry_id in enumerate(chosen, start=1):
        inquiry = inquiries[inquiry_id]
        acked = _acknowledged_at(milestones.get(inquiry_id, ()), entries.get(inquiry_id, ()))
        resolved = inquiry.resolved_at
        ack_days = (
            cal.business_days_between(inquiry.received_at, acked.astimezone(tz).date())
            if acked
            else None
        )
        res_days = (
            cal.business_days_between(inquiry.received_at, resolved.astimezone(tz).date())
            if resolved
            else None
        )
        audit.items.append(
            QcAuditItem(
                inquiry_id=inquiry_id,
                position=position,
                request_date=inquiry.received_at.astimezone(tz).date(),
                ack_date=acked.astimezone(tz).date() if acked else None,
                ack_days=max(ack_days, 0) if ack_days is not None else None,
                ack_met=ack_days is not None and ack_days <= ack_target_days,
                resolution_date=resolved.astimezone(tz).date() if resolved else None,
                resolution_days=max(res_days, 0) if res_days is not None else None,
                resolution_met=res_days is not None and res_days <= resolution_target_days,
            )
        )
    session.flush()
    audit_log.record(
        session,
        ctx,
        "qc_audit",
        audit.id,
        "draw",
        {
            "period": [str(date_from), str(date_to)],
            "population": len(population),
            "sample": len(chosen),
            "seed": seed,
        },
    )
    return audit


def get_audit(session: Session, audit_id: int) -> QcAudit:
    audit = session.scalars(
        select(QcAudit)
        .where(QcAudit.id == audit_id)
        .options(selectinload(QcAudit.items).selectinload(QcAuditItem.inquiry))
    ).first()
    if audit is None:
        raise NotFoundError(f"There is no QC audit number {audit_id}.")
    return audit


def list_audits(session: Session) -> list[QcAudit]:
    return list(
        session.scalars(
            select(QcAudit)
            .order_by(QcAudit.period_start.desc(), QcAudit.id.desc())
            .options(selectinload(QcAudit.items))
        )
    )


def score_item(
    session: Session,
    ctx: ServiceContext,
    item_id: int,
    expected_version: int | None,
    *,
    answered_correctly: bool,
    professional: bool,
    accurate: bool,
    notes: str | None = None,
) -> QcAuditItem:
    """The auditor's three answers for one sampled inquiry (a later score replaces it)."""
    require(ctx.actor, Action.QC_AUDIT)
    item = session.get(QcAuditItem, item_id)
    if item is None:
        raise NotFoundError(f"There is no audit item {item_id}.")
    mine = {
        "answered_correctly": answered_correctly,
        "professional": professional,
        "accurate": accurate,
        "notes": notes,
    }
    if expected_version is not None and item.version != expected_version:
        raise ConflictError(
            "This audit item",
            expected_version=expected_version,
            current_version=item.version,
            mine=mine,
            theirs={
                "answered_correctly": item.answered_correctly,
                "professional": item.professional,
                "accurate": item.accurate,
                "notes": item.notes,
            },
        )
    before = (item.answered_correctly, item.professional, item.accurate)
    item.answered_correctly = answered_correctly
    item.professional = professional
    item.accurate = accurate
    item.notes = (notes or "").strip() or None
    item.scored_by_id = ctx.actor.user_id
    item.scored_at = ctx.clock.now()
    session.flush()
    audit_log.record(
        session,
        ctx,
        "qc_audit_item",
        item.id,
        "score",
        {"before": list(before), "after": [answered_correctly, professional, accurate]},
    )
    return item


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100.0 / whole, 1) if whole else None


@dataclass(frozen=True)
class AuditSummary:
    items: int
    scored: int
    answered_correctly: float | None
    professional: float | None
    accurate: float | None
    ack_met: float | None
    resolution_met: float | None
    average_score: float | None

    @property
    def complete(self) -> bool:
        return self.items > 0 and self.scored == self.items


def summarize(items: Sequence[QcAuditItem]) -> AuditSummary:
    """The per cent Yes of each question over the scored items, the turnaround met over all
    items, and the average score."""
    scored = [i for i in items if i.scored]
    scores = [i.score for i in scored if i.score is not None]
    return AuditSummary(
        items=len(items),
        scored=len(scored),
        answered_correctly=_percent(sum(bool(i.answered_correctly) for i in scored), len(scored)),
        professional=_percent(sum(bool(i.professional) for i in scored), len(scored)),
        accurate=_percent(sum(bool(i.accurate) for i in scored), len(scored)),
        ack_met=_percent(sum(i.ack_met for i in items), len(items)),
        resolution_met=_percent(sum(i.resolution_met for i in items), len(items)),
        average_score=round(sum(scores) / len(scores), 1) if scores else None,
    )


@dataclass(frozen=True)
class QuarterRow:
    year: int
    quarter: int
    audits: int
    summary: AuditSummary

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.year}"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarterly_averages(session: Session) -> list[QuarterRow]:
    """One row per calendar quarter with audits (by the audited period's start), newest last."""
    by_quarter: dict[tuple[int, int], list[QcAudit]] = {}
    for audit in list_audits(session):
        by_quarter.setdefault(quarter_of(audit.period_start), []).append(audit)
    return [
        QuarterRow(
            year,
            quarter,
            len(audits),
            summarize([item for a in audits for item in a.items]),
        )
        for (year, quarter), audits in sorted(by_quarter.items())
    ]


def subject_id(inquiry: Inquiry) -> str:
    """The audit tool's "Member Id Number": the state ID, or the NPI for a provider."""
    if inquiry.track == Track.MCO_PROVIDER:
        return inquiry.npi or ""
    return inquiry.member_state_id or ""


EXPORT_HEADERS = (
    "Reference",
    "Evaluator",
    "Member Id Number",
    "Request Date",
    "Request Type",
    "Acknowledgement letter/email",
    "# of Business days",
    "Tat Met Y/N",
    "Resolution letter/email",
    "# of Business days",
    "Tat Met Y/N",
    "Was question answered correctly (Yes or No)",
    "Was Reply Professional (Yes or No)",
    "Did we provide accurate info (Yes or No)",
    "Score",
    "Qtrly Avg",
    "Notes",
)


def export_audit(session: Session, audit_id: int, path: str | Path) -> Path:
    """The audit as a workbook in the layout of seed 000's audit tool, one row per sampled
    inquiry, with a summary sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ..excel.safe import needs_quoting, replacing, set_text

    audit = get_audit(session, audit_id)
    users = user_names(session)
    quarter = quarter_of(audit.period_start)
    quarterly = next(
        (q for q in quarterly_averages(session) if (q.year, q.quarter) == quarter), None
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Audit"
    ws.append(list(EXPORT_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"

    def yes_no(value: bool | None) -> str | None:
        return None if value is None else ("Yes" if value else "No")

    for item in audit.items:
        inquiry = item.inquiry
        row = [
            inquiry.reference,
            users.get(item.scored_by_id) if item.scored_by_id else None,
            subject_id(inquiry),
            item.request_date,
            Track(inquiry.track).label,
            item.ack_date,
            item.ack_days,
            "Y" if item.ack_met else "N",
            item.resolution_date,
            item.resolution_days,
            "Y" if item.resolution_met else "N",
            yes_no(item.answered_correctly),
            yes_no(item.professional),
            yes_no(item.accurate),
            item.score,
            quarterly.summary.average_score if quarterly else None,
            item.notes,
        ]
        ws.append(row)
        for cell in ws[ws.max_row]:
            if needs_quoting(cell.value):
                set_text(cell, str(cell.value))
            if isinstance(cell.value, date):
                cell.number_format = "mm/dd/yyyy"
    for i, header in enumerate(EXPORT_HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(len(header) + 2, 28))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_HEADERS))}{ws.max_row}"
    summary = summarize(audit.items)
    sheet = wb.create_sheet("Summary")
    for label, value in (
        ("Period", f"{audit.period_start:%m/%d/%Y} – {audit.period_end:%m/%d/%Y}"),
        ("Resolved inquiries received in the period", audit.population),
        ("Sampled", summary.items),
        ("Scored", summary.scored),
        ("Sample number (draws the same sample again)", audit.seed),
        ("Acknowledgement target (business days)", audit.ack_target_days),
        ("Resolution target (business days)", audit.resolution_target_days),
        ("% answered correctly", summary.answered_correctly),
        ("% professional", summary.professional),
        ("% accurate information", summary.accurate),
        ("% acknowledgement on time", summary.ack_met),
        ("% resolution on time", summary.resolution_met),
        ("Average score", summary.average_score),
        ("Goal", GOAL_PERCENT),
    ):
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 44
    out = Path(path)
    with replacing(out, ".qc-audit-") as tmp:
        wb.save(tmp)
    return out
