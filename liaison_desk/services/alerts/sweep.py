"""Every clock's warning and due time announced once (SPEC §11), in office hours.

Any workstation's app and the watch service run :func:`sweep_clocks` every minute; whichever
comes first claims the crossing (an ``AlertMark`` row, one per clock and stage: a second
sweeper's insert finds it taken and says nothing) and puts the notices in the inboxes. A
crossing while the office is closed is announced when it opens (or in the minutes after a
5:00 PM deadline), never at night; nothing is dropped by a restart or a workstation that was
off. A clock whose standard named no warning time (or that started before every clock had
one) warns at its standard's share of its business time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.orm import Session, aliased

from ...db.inserts import insert_new
from ...db.models import AlertMark, Inquiry, Milestone
from ...domain import NoticeKind
from ...milestones import short_when
from ...policies import DEFAULT_WARN_PERCENT, default_warn_at
from ..context import ServiceContext
from .inbox import announce
from .people import Recipients

WARN = "warn"
DUE = "due"
# A deadline at closing time is crossed just as the office closes: still told.
CLOSING_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Crossing:
    milestone_id: int
    inquiry_id: int
    reference: str
    stage: str
    at: datetime
    told: int


def office_hours(ctx: ServiceContext, now: datetime) -> bool:
    cal = ctx.calendar
    return cal.is_open(now) or cal.is_open(now - CLOSING_GRACE)


def _claim(session: Session, milestone_id: int, stage: str, now: datetime) -> bool:
    return insert_new(session, AlertMark, {"milestone_id": milestone_id, "stage": stage, "at": now})


def _told(team: Recipients, track: str, assignee_id: int | None) -> list[int]:
    """The person the item is with; an unassigned (or departed) one's queue."""
    if assignee_id is not None and team.is_active(assignee_id):
        return [assignee_id]
    return team.queue(track)


def sweep_clocks(session: Session, ctx: ServiceContext) -> list[Crossing]:
    """Announce the crossings not yet announced; returns them (empty outside office hours)."""
    now = ctx.clock.now()
    if not office_hours(ctx, now):
        return []
    warned = aliased(AlertMark)
    dued = aliased(AlertMark)
    has_warn = exists().where(warned.milestone_id == Milestone.id, warned.stage == WARN)
    has_due = exists().where(dued.milestone_id == Milestone.id, dued.stage == DUE)
    stmt = (
        select(
            Milestone.id,
            Milestone.inquiry_id,
            Milestone.label,
            Milestone.started_at,
            Milestone.warn_at,
            Milestone.due_at,
            Milestone.policy_snapshot,
            Inquiry.reference,
            Inquiry.track,
            Inquiry.assignee_id,
            has_warn,
        )
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .where(
            Milestone.met_at.is_(None),
            Milestone.closed_reason.is_(None),
            Inquiry.closed == false(),
            ~has_due,
            or_(
                Milestone.due_at <= now,
                and_(~has_warn, or_(Milestone.warn_at <= now, Milestone.warn_at.is_(None))),
            ),
        )
        .order_by(Milestone.due_at, Milestone.id)
    )
    out: list[Crossing] = []
    team: Recipients | None = None
    for (
        mid,
        iid,
        label,
        started,
        warn_at,
        due_at,
        snapshot,
        ref,
        track,
        assignee,
        warned_,
    ) in session.execute(stmt).all():
        if team is None:  # read once, and only when something may be told
            team = Recipients.load(session, ctx)
        if due_at <= now:
            if not _claim(session, mid, DUE, now):
                continue
            if not warned_:
                _claim(session, mid, WARN, now)  # the breach says it all
            told = announce(
                session,
                ctx,
                kind=NoticeKind.DUE,
                inquiry_id=iid,
                milestone_id=mid,
                people=[*_told(team, track, assignee), *team.unit_leads()],
                recipients=team,
                event_key=f"clock:{mid}:due",
                summary=f"{ref}: {label}, was due {short_when(due_at, ctx.calendar)}",
                at=due_at,
            )
            out.append(Crossing(mid, iid, ref, DUE, due_at, told))
            continue
        if warned_:
            continue
        when = warn_at
        if when is None:
            pct = float((snapshot or {}).get("default_warn_percent") or DEFAULT_WARN_PERCENT)
            when = default_warn_at(ctx.calendar, started, due_at, pct)
        if when > now or not _claim(session, mid, WARN, now):
            continue
        told = announce(
            session,
            ctx,
            kind=NoticeKind.WARN,
            inquiry_id=iid,
            milestone_id=mid,
            people=_told(team, track, assignee),
            recipients=team,
            event_key=f"clock:{mid}:warn",
            summary=f"{ref}: {label}, due {short_when(due_at, ctx.calendar)}",
            at=when,
        )
        out.append(Crossing(mid, iid, ref, WARN, when, told))
    return out
