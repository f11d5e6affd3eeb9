"""Drawing a QC audit: the sample size, a reproducible random sample of a period's resolved
inquiries, and the turnaround the app worked out for each."""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...db.models import Inquiry, Milestone, QcAudit, QcAuditItem, TimelineEntry
from ...domain import CallOutcome, EntryKind, MilestoneKind, Party
from ...errors import DomainError, NotFoundError, ValidationError
from .. import audit as audit_log
from ..context import ServiceContext
from ..permissions import Action, require

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
