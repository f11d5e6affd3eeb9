"""What a compliance packet says (issue 15), gathered once for its PDF and its workbook so
the two cannot disagree: the summary of each standard with the change against the previous
period of the same length, the trend by week (a period up to 13 weeks) or by month, the MCO
scorecard, the period's QC audits with their quarters' averages against 95 %, every breach
with its explanation, and whether the history's chain verifies.

Every figure comes from the services the rest of the app uses — the compliance report, the
explanation of a deadline, the chain check — so the packet and ``report compliance`` agree
by construction, and the tests check that they do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Mco, Milestone
from ..errors import NotFoundError
from ..services.clocks import follow_ups_not_raised
from ..services.compliance import (
    Breach,
    ComplianceFilter,
    StandardRow,
    _counted,
    breaches,
    compliance_report,
    period_bounds,
)
from ..services.context import ServiceContext
from ..services.explain import explain_many, span_words
from ..services.qc.sampling import list_audits
from ..services.qc.scoring import AuditSummary, quarter_of, summarize
from ..services.record_chain import ChainReport, verify_chains
from ..services.users import user_names
from .scorecard import McoScorecard, mco_scorecard

QC_TARGET = 95.0
WEEKLY_UP_TO_DAYS = 92  # a quarter (13 or 14 weeks) by week; longer periods by month


def standard_key(row: StandardRow) -> tuple[Any, ...]:
    return (row.track, row.priority, row.milestone, row.policy_key, row.label)


@dataclass(frozen=True)
class SummaryLine:
    row: StandardRow
    previous: StandardRow | None

    @property
    def change(self) -> float | None:
        """Points of % met on time against the previous period (None without both)."""
        before = self.previous.percent_met if self.previous else None
        if self.row.percent_met is None or before is None:
            return None
        return round(self.row.percent_met - before, 1)


@dataclass(frozen=True)
class Bucket:
    label: str
    first: date
    last: date


@dataclass(frozen=True)
class Trend:
    label: str
    target: float | None
    points: list[tuple[Bucket, StandardRow | None]]


@dataclass(frozen=True)
class BreachLine:
    breach: Breach
    assignee: str
    late_hours: float
    explanation: tuple[str, ...]

    @property
    def late_text(self) -> str:
        return span_words(self.late_hours)


@dataclass(frozen=True)
class QcLine:
    audit_id: int
    first: date
    last: date
    population: int
    summary: AuditSummary


@dataclass(frozen=True)
class QcQuarter:
    label: str
    audits: int
    summary: AuditSummary

    @property
    def reached(self) -> bool | None:
        score = self.summary.average_score
        return None if score is None else score >= QC_TARGET


@dataclass(frozen=True)
class Packet:
    start: date
    end: date
    previous_start: date
    previous_end: date
    generated_at: datetime
    timezone: str
    mco: str | None
    summary: list[SummaryLine]
    unit: str  # "week" or "month"
    trends: list[Trend]
    scorecards: list[McoScorecard]
    qc_audits: list[QcLine]
    qc_quarters: list[QcQuarter]
    breaches: list[BreachLine]
    chain: ChainReport
    # Missed MCO contacts whose follow-up had not been started (the login may not start
    # them): not in the figures, and the packet says so.
    follow_ups_waiting: int = 0


def mco_names(session: Session) -> list[str]:
    """Every MCO a packet can be for, the ones no longer active too (a past period's)."""
    return list(session.scalars(select(Mco.name).order_by(Mco.name)))


def find_mco(session: Session, name: str) -> Mco:
    """The MCO named (its name, short name or a former name, any case)."""
    wanted = name.strip().casefold()
    mcos = list(session.scalars(select(Mco).order_by(Mco.name)))
    for mco in mcos:
        spellings = [mco.name, mco.short_name, *(mco.synonyms or [])]
        if wanted in {s.casefold() for s in spellings if s}:
            return mco
    known = ", ".join(m.name for m in mcos)
    raise NotFoundError(f"There is no MCO “{name.strip()}”. The MCOs are: {known}.")


def buckets(start: date, end: date) -> tuple[str, list[Bucket]]:
    """The period cut into weeks (Monday to Sunday) or calendar months, clipped to it."""
    out: list[Bucket] = []
    if (end - start).days <= WEEKLY_UP_TO_DAYS:
        first = start
        while first <= end:
            last = min(end, first + timedelta(days=6 - first.weekday()))
            out.append(Bucket(f"Week of {first:%m/%d}", first, last))
            first = last + timedelta(days=1)
        return "week", out
    first = start
    while first <= end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(end, following - timedelta(days=1))
        out.append(Bucket(f"{first:%b %Y}", first, last))
        first = following
    return "month", out


def build_packet(
    session: Session,
    ctx: ServiceContext,
    start: date,
    end: date,
    *,
    mco: str | None = None,
    count_waiting: bool = True,
) -> Packet:
    """Everything the packet for ``start``–``end`` (inclusive) says. ``count_waiting`` False:
    the follow-ups were just started, so none waits (not counted again)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    cal, now = ctx.calendar, ctx.clock.now()
    chosen = find_mco(session, mco) if mco else None
    filters = ComplianceFilter(mco_ids=(chosen.id,)) if chosen else None
    length = (end - start).days + 1
    previous_end = start - timedelta(days=1)
    previous_start = previous_end - timedelta(days=length - 1)

    rows = compliance_report(session, cal, now, start, end, filters)
    before = {
        standard_key(r): r
        for r in compliance_report(session, cal, now, previous_start, previous_end, filters)
    }
    summary = [SummaryLine(r, before.get(standard_key(r))) for r in rows]

    unit, cuts = buckets(start, end)
    per_bucket = [
        (b, {standard_key(r): r for r in compliance_report(session, cal, now, b.first, b.last,
                                                            filters)})
        for b in cuts
    ]  # fmt: skip
    trends = [
        Trend(r.label, r.target_percent, [(b, got.get(standard_key(r))) for b, got in per_bucket])
        for r in rows
    ]

    cards = mco_scorecard(session, cal, now, start, end, mco_ids=(chosen.id,) if chosen else ())
    found = breaches(session, cal, now, start, end, filters)
    explained = explain_many(session, ctx, [b.milestone_id for b in found if b.milestone_id])
    names = user_names(session)
    lines = [
        BreachLine(
            b,
            names.get(b.assignee_id, "Unassigned") if b.assignee_id else "Unassigned",
            max(0.0, cal.business_hours_between(b.due_at, b.met_at or now)),
            explained[b.milestone_id].lines[1:] if b.milestone_id in explained else (),
        )
        for b in found
    ]

    qc_lines, quarters = _qc(session, start, end)
    first, after = period_bounds(cal, start, end)
    due_here = select(Milestone.inquiry_id).where(
        Milestone.due_at >= first, Milestone.due_at < after, _counted()
    )
    waiting = follow_ups_not_raised(session, ctx) if count_waiting else 0
    return Packet(
        start, end, previous_start, previous_end, now, cal.timezone.key,
        chosen.name if chosen else None, summary, unit, trends, cards, qc_lines, quarters,
        lines, verify_chains(session, scope=due_here), waiting,
    )  # fmt: skip


def _qc(session: Session, start: date, end: date) -> tuple[list[QcLine], list[QcQuarter]]:
    """The audits whose period overlaps the packet's, and the averages of their quarters."""
    every = list_audits(session)
    audits = [a for a in every if a.period_start <= end and a.period_end >= start]
    audits.sort(key=lambda a: (a.period_start, a.id))
    lines = [
        QcLine(a.id, a.period_start, a.period_end, a.population, summarize(a.items)) for a in audits
    ]
    wanted = {quarter_of(d) for d in (start, end)} | {quarter_of(a.period_start) for a in audits}
    first, last = min(wanted), max(wanted)
    by_quarter: dict[tuple[int, int], list[Any]] = {}
    for audit in every:
        q = quarter_of(audit.period_start)
        if first <= q <= last:
            by_quarter.setdefault(q, []).append(audit)
    quarters = [
        QcQuarter(f"Q{q} {y}", len(group), summarize([i for a in group for i in a.items]))
        for (y, q), group in sorted(by_quarter.items())
    ]
    return lines, quarters
