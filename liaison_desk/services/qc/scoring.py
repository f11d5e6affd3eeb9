"""Scoring an audit's items (three yes/no questions) and the sums by audit and by quarter
against the 95 % goal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ...db.models import QcAudit, QcAuditItem
from ...errors import ConflictError, NotFoundError
from .. import audit as audit_log
from ..context import ServiceContext
from ..permissions import Action, require
from .sampling import list_audits


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
