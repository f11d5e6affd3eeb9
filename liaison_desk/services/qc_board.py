"""What the QC audits tab shows (seed 000): the audits drawn, their items as plain rows, and
the quarterly averages, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..domain import short_track_label, subject_of
from . import qc


@dataclass(frozen=True)
class ItemView:
    id: int
    version: int
    position: int
    reference: str
    subject_id: str
    subject: str
    track: str
    request_date: date
    ack_date: date | None
    ack_days: int | None
    ack_met: bool
    resolution_date: date | None
    resolution_days: int | None
    resolution_met: bool
    answered: bool | None
    professional: bool | None
    accurate: bool | None
    score: float | None
    notes: str
    description: str
    resolution: str


@dataclass(frozen=True)
class AuditView:
    id: int
    period_start: date
    period_end: date
    drawn_at: datetime
    population: int
    seed: int
    ack_target: int
    resolution_target: int
    summary: qc.AuditSummary


@dataclass(frozen=True)
class QcBoard:
    """The QC tab at one moment: every audit, the quarterly averages, the audit shown and its
    items."""

    audits: list[AuditView]
    quarters: list[qc.QuarterRow]
    selected: int | None
    items: list[ItemView]


def _items(audit: Any) -> list[ItemView]:  # a QcAudit with its items loaded
    out = []
    for i in audit.items:
        inq = i.inquiry
        out.append(
            ItemView(
                id=i.id,
                version=i.version,
                position=i.position,
                reference=inq.reference,
                subject_id=qc.subject_id(inq),
                subject=subject_of(inq.provider_name, inq.member_name, inq.caller_name),
                track=short_track_label(inq.track),
                request_date=i.request_date,
                ack_date=i.ack_date,
                ack_days=i.ack_days,
                ack_met=i.ack_met,
                resolution_date=i.resolution_date,
                resolution_days=i.resolution_days,
                resolution_met=i.resolution_met,
                answered=i.answered_correctly,
                professional=i.professional,
                accurate=i.accurate,
                score=i.score,
                notes=i.notes or "",
                description=inq.description or "",
                resolution=inq.resolution or "",
            )
        )
    return out


def qc_board(session: Session, wanted: int | None = None) -> QcBoard:
    """Every audit (newest first), the quarters, and ``wanted`` (else the newest) in full."""
    audits = [
        AuditView(
            a.id,
            a.period_start,
            a.period_end,
            a.drawn_at,
            a.population,
            a.seed,
            a.ack_target_days,
            a.resolution_target_days,
            qc.summarize(a.items),
        )
        for a in qc.list_audits(session)
    ]
    quarters = qc.quarterly_averages(session)
    ids = {a.id for a in audits}
    chosen = wanted if wanted in ids else (audits[0].id if audits else None)
    items = _items(qc.get_audit(session, chosen)) if chosen is not None else []
    return QcBoard(audits, quarters, chosen, items)
