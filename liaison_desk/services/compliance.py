"""Compliance with the response-time standards over a period (SPEC sections 7 and 8).

A milestone belongs to the period in which it fell **due** (dates inclusive, in the
calendar's timezone). Per standard — track (the inquiry's), priority (the policy's: None for
standards that apply to any priority, such as the supervisor callback), milestone kind —
it counts:

* ``met_on_time``: met at or before the due time;
* ``met_late``: met after it;
* ``open_overdue``: not met and past due at ``now`` — still open, or closed unmet when the
  inquiry was resolved after the due time (a breach either way);
* ``open_on_time``: not met, not yet due at ``now``.

The four add up to ``due``; ``percent_met`` is met on time ÷ (met on time + met late +
open overdue) × 100, one decimal: a clock not yet due is neither met nor missed, and with
nothing decided yet the share is None (shown "—"). A standard with a target (the e-mail
standards' 95 %, 98 %, 100 %) carries it, and whether the share reaches it. A standard with
nothing due in the period is not listed. Milestones that no longer apply
(cancelled because the inquiry was resolved before they fell due, superseded by a priority
change) are left out. Follow-ups with the MCO are counted once they exist: callers that want
them complete call :func:`liaison_desk.services.clocks.raise_follow_ups` first (the CLI
does).

The counting is one grouped SQL query over the due-date index, so it stays fast with
hundreds of thousands of milestones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..db.engine import Database
from ..db.models import Inquiry, Milestone, Policy
from ..domain import MilestoneKind, Priority, Track
from ..milestones import EXCLUDED_REASONS, MilestoneState
from .context import ServiceContext
from .permissions import Action, can

__all__ = [
    "JSON_KEYS",
    "Breach",
    "ComplianceFilter",
    "StandardRow",
    "breaches",
    "compliance_report",
    "period_bounds",
]

JSON_KEYS = (
    "track",
    "priority",
    "milestone",
    "due",
    "met_on_time",
    "met_late",
    "open_overdue",
    "open_on_time",
    "percent_met",
)


@dataclass(frozen=True)
class ComplianceFilter:
    """Narrow the report; an empty tuple means "all". Priority is the inquiry's."""

    tracks: Sequence[str] = ()
    priorities: Sequence[str] = ()
    milestones: Sequence[str] = ()
    mco_ids: Sequence[int] = ()
    assignee_ids: Sequence[int] = ()
    sources: Sequence[str] = ()
    policy_keys: Sequence[str] = ()
    categories: Sequence[str] = ()
    outcomes: Sequence[str] = ()


# What a report can be split by besides the standard (issue 14): the inquiry's column.
GROUPINGS = {"category": Inquiry.category, "outcome": Inquiry.outcome}
GROUP_LABELS = {"category": "Category", "outcome": "Outcome"}
NO_GROUP = {"category": "No category", "outcome": "No outcome"}


@dataclass(frozen=True)
class StandardRow:
    track: str
    priority: str | None
    milestone: str
    due: int
    met_on_time: int
    met_late: int
    open_overdue: int
    open_on_time: int
    percent_met: float | None
    label: str = ""
    policy_key: str | None = None
    target_percent: float | None = None
    # The category or outcome this line counts, when the report is split by one ("" for
    # the inquiries without one); None when it is not split.
    group: str | None = None

    @property
    def breached(self) -> int:
        return self.met_late + self.open_overdue

    @property
    def decided(self) -> int:
        return self.met_on_time + self.met_late + self.open_overdue

    @property
    def target_reached(self) -> bool | None:
        """None when there is no target or nothing decided yet."""
        if self.target_percent is None or self.percent_met is None:
            return None
        return self.percent_met >= self.target_percent

    def as_json(self) -> dict[str, Any]:
        """Exactly the keys of ``report compliance --format json`` (and ``group`` when the
        report is split by category or outcome)."""
        out = {key: getattr(self, key) for key in JSON_KEYS}
        if self.group is not None:
            out["group"] = self.group
        return out


@dataclass(frozen=True)
class Breach:
    inquiry_id: int
    reference: str
    track: str
    priority: str | None
    milestone: str
    label: str
    due_at: datetime
    met_at: datetime | None
    state: MilestoneState  # MET_LATE or OVERDUE
    assignee_id: int | None = None
    milestone_id: int | None = None


def period_bounds(
    calendar: BusinessCalendar, date_from: date, date_to: date
) -> tuple[datetime, datetime]:
    """``[start, end)`` in UTC covering local dates ``date_from`` to ``date_to`` inclusive."""
    tz = calendar.timezone
    start = datetime.combine(date_from, time(0), tz).astimezone(UTC)
    end = datetime.combine(date_to + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def percent(part: int, whole: int) -> float | None:
    return round(part * 100.0 / whole, 1) if whole else None


def percent_met(met_on_time: int, met_late: int, open_overdue: int) -> float | None:
    """The share met on time of the clocks already decided (met, or past due unmet)."""
    return percent(met_on_time, met_on_time + met_late + open_overdue)


def _counted() -> Any:
    return or_(Milestone.closed_reason.is_(None), Milestone.closed_reason.not_in(EXCLUDED_REASONS))


def _filtered(
    query: Any,
    calendar: BusinessCalendar,
    date_from: date,
    date_to: date,
    filters: ComplianceFilter | None,
) -> Any:
    # Any: the typed Select is generic over its columns and differs between SQLAlchemy 2.0
    # and 2.1; both queries passed in are plain selects over milestones joined to inquiries.
    start, end = period_bounds(calendar, date_from, date_to)
    query = query.where(Milestone.due_at >= start, Milestone.due_at < end, _counted())
    f = filters or ComplianceFilter()
    if f.tracks:
        query = query.where(Inquiry.track.in_(list(f.tracks)))
    if f.priorities:
        query = query.where(Inquiry.priority.in_(list(f.priorities)))
    if f.milestones:
        query = query.where(Milestone.kind.in_(list(f.milestones)))
    if f.mco_ids:
        query = query.where(Inquiry.mco_id.in_(list(f.mco_ids)))
    if f.assignee_ids:
        query = query.where(Inquiry.assignee_id.in_(list(f.assignee_ids)))
    if f.sources:
        query = query.where(Inquiry.source.in_(list(f.sources)))
    if f.policy_keys:
        ids = select(Policy.id).where(Policy.key.in_(list(f.policy_keys)))
        query = query.where(Milestone.policy_id.in_(ids))
    if f.categories:
        query = query.where(Inquiry.category.in_(list(f.categories)))
    if f.outcomes:
        query = query.where(Inquiry.outcome.in_(list(f.outcomes)))
    return query


def _order(track: str, priority: str | None, milestone: str, label: str) -> tuple[Any, ...]:
    tracks = [t.value for t in Track]
    priorities = [p.value for p in Priority]
    kinds = [k.value for k in MilestoneKind]
    return (
        tracks.index(track) if track in tracks else len(tracks),
        track,
        priorities.index(priority) if priority in priorities else len(priorities),
        kinds.index(milestone) if milestone in kinds else len(kinds),
        milestone,
        label,
    )


def compliance_report(
    session: Session,
    calendar: BusinessCalendar,
    now: datetime,
    date_from: date,
    date_to: date,
    filters: ComplianceFilter | None = None,
    *,
    group_by: str | None = None,
) -> list[StandardRow]:
    """One row per standard with milestones due between the two dates (see module doc);
    with ``group_by`` ("category" or "outcome"), one per standard and value of it."""
    if date_to < date_from:
        raise ValueError("the period ends before it starts")
    if group_by is not None and group_by not in GROUPINGS:
        raise ValueError(f"a report is split by {' or '.join(GROUPINGS)}, not {group_by!r}")
    # Not split: a constant in the row, not in GROUP BY (PostgreSQL refuses a constant there).
    grouping: Any = GROUPINGS[group_by] if group_by else literal(None, String)
    split = (grouping,) if group_by else ()
    met = Milestone.met_at.is_not(None)
    unmet = Milestone.met_at.is_(None)

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            Inquiry.track,
            Milestone.kind,
            Milestone.policy_id,
            func.count(Milestone.id),
            count(and_(met, Milestone.met_at <= Milestone.due_at)),
            count(and_(met, Milestone.met_at > Milestone.due_at)),
            count(and_(unmet, Milestone.due_at < now)),
            count(and_(unmet, Milestone.due_at >= now)),
            grouping,
        )
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .group_by(Inquiry.track, Milestone.kind, Milestone.policy_id, *split)
    )
    grouped = session.execute(_filtered(query, calendar, date_from, date_to, filters)).all()
    policy_ids = {r[2] for r in grouped if r[2] is not None}
    policies = (
        {p.id: p for p in session.scalars(select(Policy).where(Policy.id.in_(policy_ids)))}
        if policy_ids
        else {}
    )

    merged: dict[tuple[str, str | None, str, str | None, str], list[Any]] = {}
    for track, kind, policy_id, due, on_time, late, overdue, open_, value in grouped:
        policy = policies.get(policy_id)
        priority = policy.priority if policy else None
        key = (track, priority, kind, policy.key if policy else None, value or "")
        totals = merged.setdefault(
            key,
            [
                0,
                0,
                0,
                0,
                0,
                policy.label if policy else kind,
                policy.target_percent if policy else None,
            ],
        )
        for i, n in enumerate((due, on_time, late, overdue, open_)):
            totals[i] += int(n)

    rows = [
        StandardRow(
            track=track,
            priority=priority,
            milestone=kind,
            due=t[0],
            met_on_time=t[1],
            met_late=t[2],
            open_overdue=t[3],
            open_on_time=t[4],
            percent_met=percent_met(t[1], t[2], t[3]),
            label=t[5],
            policy_key=key,
            target_percent=t[6],
            group=value if group_by else None,
        )
        for (track, priority, kind, key, value), t in merged.items()
        if t[0]
    ]
    # Within a standard: the named groups alphabetically, the inquiries without one last.
    rows.sort(
        key=lambda r: (
            *_order(r.track, r.priority, r.milestone, r.label),
            not r.group,
            (r.group or "").casefold(),
        )
    )
    return rows


def breaches(
    session: Session,
    calendar: BusinessCalendar,
    now: datetime,
    date_from: date,
    date_to: date,
    filters: ComplianceFilter | None = None,
    *,
    limit: int | None = None,
) -> list[Breach]:
    """Milestones due in the period that were met late or are overdue, earliest due first."""
    query: Any = (
        select(
            Inquiry.id,
            Inquiry.reference,
            Inquiry.track,
            Policy.priority,
            Milestone.kind,
            Milestone.label,
            Milestone.due_at,
            Milestone.met_at,
            Inquiry.assignee_id,
            Milestone.id,
        )
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .outerjoin(Policy, Policy.id == Milestone.policy_id)
        .where(
            or_(
                and_(Milestone.met_at.is_not(None), Milestone.met_at > Milestone.due_at),
                and_(Milestone.met_at.is_(None), Milestone.due_at < now),
            )
        )
        .order_by(Milestone.due_at, Inquiry.reference, Milestone.id)
    )
    query = _filtered(query, calendar, date_from, date_to, filters)
    if limit is not None:
        query = query.limit(limit)
    return [
        Breach(
            inquiry_id=r[0],
            reference=r[1],
            track=r[2],
            priority=r[3],
            milestone=r[4],
            label=r[5],
            due_at=r[6],
            met_at=r[7],
            state=MilestoneState.OVERDUE if r[7] is None else MilestoneState.MET_LATE,
            assignee_id=r[8],
            milestone_id=r[9],
        )
        for r in session.execute(query)
    ]


@dataclass(frozen=True)
class CompliancePeriod:
    """A period's compliance as the Reports window shows it."""

    start: date
    end: date
    rows: list[StandardRow]
    breaches: list[Breach]
    users: dict[int, str]
    # Missed MCO contacts whose follow-up this login could not start: not in the figures.
    follow_ups_waiting: int = 0


def compliance_period(
    db: Database,
    ctx: ServiceContext,
    start: date,
    end: date,
    *,
    breach_limit: int,
    group_by: str | None = None,
) -> CompliancePeriod:
    """Each standard's figures for the period and its breaches (at most ``breach_limit``).

    The follow-up standard counts the follow-ups that are due to exist, so missed MCO contacts
    get theirs first (where the login may write)."""
    from .clocks import follow_ups_not_raised, raise_follow_ups_where_allowed
    from .users import user_names

    raised = raise_follow_ups_where_allowed(db, ctx)
    now = ctx.clock.now()
    # A QC reviewer reads the consideration cases' figures only (what they may see).
    seen = None
    if not can(ctx.actor.role, Action.VIEW_ALL):
        seen = ComplianceFilter(tracks=(str(Track.CONSIDERATION),))
    with db.read_session() as s:
        rows = compliance_report(s, ctx.calendar, now, start, end, seen, group_by=group_by)
        found = breaches(s, ctx.calendar, now, start, end, seen, limit=breach_limit)
        users = user_names(s)
        waiting = 0 if raised else follow_ups_not_raised(s, ctx)
    return CompliancePeriod(start, end, rows, found, users, waiting)
