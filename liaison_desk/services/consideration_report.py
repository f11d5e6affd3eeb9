"""What the enrollment consideration cases came to over a period (seed 003's QC reporting):
cases received, vetted true and false, processed and not processed by the State Monitors,
and the supervisors' outreach (reached, closed after the maximum attempts), by week or month
and in total, each step counted on the day it was taken."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..considerations import (
    NOT_PROCESSED,
    OUTCOME_MAX_ATTEMPTS,
    OUTCOME_REACHED,
    PROCESSED,
    QC_FALSE,
    QC_TRUE,
)
from ..db.models import Inquiry, TimelineEntry
from ..domain import EntryKind, Track
from .compliance import period_bounds
from .context import ServiceContext
from .permissions import Action, require, visibility_filter

COLUMNS = (
    ("received", "Received"),
    ("vetted_true", "True cases"),
    ("vetted_false", "False cases"),
    ("processed", "Processed"),
    ("not_processed", "Not processed"),
    ("outreach_attempts", "Outreach attempts"),
    ("outreach_reached", "Outreach reached"),
    ("outreach_max", "Outreach max attempts"),
)
BUCKETS = ("week", "month")


@dataclass
class Line:
    start: date
    end: date
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return f"{self.start:%m/%d/%Y} – {self.end:%m/%d/%Y}"

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            **{k: self.counts.get(k, 0) for k, _ in COLUMNS},
        }


@dataclass
class ConsiderationReport:
    start: date
    end: date
    lines: list[Line]
    total: Line


def _bucket(day: date, by: str) -> date:
    return day - timedelta(days=day.weekday()) if by == "week" else day.replace(day=1)


def _next(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


_STEP = {
    (EntryKind.VETTING.value, QC_TRUE): "vetted_true",
    (EntryKind.VETTING.value, QC_FALSE): "vetted_false",
    (EntryKind.MONITOR_RESULT.value, PROCESSED): "processed",
    (EntryKind.MONITOR_RESULT.value, NOT_PROCESSED): "not_processed",
}
_CLOSED = {OUTCOME_REACHED: "outreach_reached", OUTCOME_MAX_ATTEMPTS: "outreach_max"}


def consideration_report(
    session: Session, ctx: ServiceContext, start: date, end: date, *, by: str = "week"
) -> ConsiderationReport:
    require(ctx.actor, Action.VIEW_REPORTS)
    if end < start:
        raise ValueError("the period ends before it starts")
    if by not in BUCKETS:
        raise ValueError(f"by {' or '.join(BUCKETS)}, not {by!r}")
    low, high = period_bounds(ctx.calendar, start, end)
    tz = ctx.calendar.timezone
    cases = (
        select(Inquiry.id)
        .where(Inquiry.track == str(Track.CONSIDERATION), visibility_filter(ctx.actor))
        .scalar_subquery()
    )
    events: list[tuple[date, str]] = []
    for kind, outcome, at in session.execute(
        select(TimelineEntry.kind, TimelineEntry.outcome, TimelineEntry.at).where(
            TimelineEntry.inquiry_id.in_(cases),
            TimelineEntry.at >= low,
            TimelineEntry.at < high,
            TimelineEntry.kind.in_(
                [
                    str(EntryKind.VETTING),
                    str(EntryKind.MONITOR_RESULT),
                    str(EntryKind.OUTREACH_ATTEMPT),
                ]
            ),
        )
    ):
        day = at.astimezone(tz).date()
        if kind == EntryKind.OUTREACH_ATTEMPT:
            events.append((day, "outreach_attempts"))
        elif (step := _STEP.get((kind, outcome or ""))) is not None:
            events.append((day, step))
    seen = visibility_filter(ctx.actor)
    for received, outcome, resolved in session.execute(
        select(Inquiry.received_at, Inquiry.outcome, Inquiry.resolved_at).where(
            Inquiry.track == str(Track.CONSIDERATION), seen
        )
    ):
        if low <= received < high:
            events.append((received.astimezone(tz).date(), "received"))
        if resolved is not None and outcome in _CLOSED and low <= resolved < high:
            events.append((resolved.astimezone(tz).date(), _CLOSED[outcome]))
    lines: dict[date, Line] = {}
    first = _bucket(start, by)
    while first <= end:
        last = min(_next(first, by) - timedelta(days=1), end)
        lines[first] = Line(max(first, start), last)
        first = _next(first, by)
    total = Line(start, end)
    for day, key in events:
        lines[_bucket(day, by)].counts[key] += 1
        total.counts[key] += 1
    return ConsiderationReport(start, end, list(lines.values()), total)
