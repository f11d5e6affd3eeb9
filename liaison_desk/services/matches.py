"""How many inquiries a search and the filters find in the open queues and among the
resolved ones, so a search that finds little in one queue can say where the rest are."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, false, func, select, true
from sqlalchemy.orm import Session

from ..db.models import Inquiry
from .context import Actor
from .permissions import visibility_filter
from .queues import QueueFilter, filter_condition


@dataclass(frozen=True)
class MatchCounts:
    open: int
    resolved: int

    @property
    def total(self) -> int:
        return self.open + self.resolved


def count_matches(session: Session, filt: QueueFilter, *, actor: Actor) -> MatchCounts:
    """The inquiries ``actor`` may see that match ``filt``, open and resolved (one query)."""

    def n(closed: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((Inquiry.closed == closed, 1), else_=0)), 0)

    row = session.execute(
        select(n(false()), n(true())).where(filter_condition(filt), visibility_filter(actor))
    ).one()
    return MatchCounts(open=int(row[0]), resolved=int(row[1]))
