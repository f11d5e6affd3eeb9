"""The MCO scorecard (issue 15, seed 001's MCO obligations): for each MCO and department,
how the MCO kept its side of a referral over a period.

It reads the same clocks as the compliance report and by the same rule — a clock belongs to
the period in which it fell **due**, and clocks that no longer apply are left out:

* ``referrals``: the "MCO contacts the member/provider" clocks due in the period (one per
  MCO an inquiry was referred to);
* ``on_time`` / ``late``: met at or before the due time, or after it;
* ``missed``: not met and past due (still open, or closed unmet);
* ``not_yet_due``: still open and not yet due;
* ``follow_ups``: the follow-ups with the MCO the liaisons had to make (the follow-up
  clocks raised when the MCO missed, due in the period);
* the median and 90th percentile of the business time from the referral to the MCO's
  contact, over the contacts made (nearest-rank percentiles, in business hours).

The department is the inquiry's MCO department as the referral named it ("Not named" when
it did not).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..db.models import Inquiry, Mco, Milestone
from ..domain import MilestoneKind
from ..services.compliance import _counted, percent, period_bounds

NO_DEPARTMENT = "Not named"


def nearest_rank(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` in 0–1) of ``values``; None for none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class ScoreRow:
    mco: str
    department: str  # "" for the MCO's total line
    referrals: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    not_yet_due: int = 0
    follow_ups: int = 0
    hours: list[float] = field(default_factory=list, repr=False)

    @property
    def percent_on_time(self) -> float | None:
        return percent(self.on_time, self.on_time + self.late + self.missed)

    @property
    def median_hours(self) -> float | None:
        value = nearest_rank(self.hours, 0.5)
        return None if value is None else round(value, 1)

    @property
    def p90_hours(self) -> float | None:
        value = nearest_rank(self.hours, 0.9)
        return None if value is None else round(value, 1)

    def add(self, other: ScoreRow) -> None:
        for name in ("referrals", "on_time", "late", "missed", "not_yet_due", "follow_ups"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.hours.extend(other.hours)


@dataclass(frozen=True)
class McoScorecard:
    mco: str
    total: ScoreRow
    departments: list[ScoreRow]


def mco_scorecard(
    session: Session,
    calendar: BusinessCalendar,
    now: datetime,
    date_from: date,
    date_to: date,
    *,
    mco_ids: Sequence[int] = (),
) -> list[McoScorecard]:
    """One card per MCO with clocks in the period (or only those of ``mco_ids``), its
    departments in name order."""
    start, end = period_bounds(calendar, date_from, date_to)
    kinds = (MilestoneKind.MCO_CONTACT.value, MilestoneKind.FOLLOW_UP_MCO.value)
    mco = func.coalesce(Milestone.mco_id, Inquiry.mco_id)
    query: Any = (
        select(
            mco, Inquiry.mco_department, Milestone.kind, Milestone.started_at,
            Milestone.due_at, Milestone.met_at,
        )
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .where(Milestone.kind.in_(kinds), Milestone.due_at >= start, Milestone.due_at < end)
        .where(_counted())
    )  # fmt: skip
    if mco_ids:
        query = query.where(mco.in_(list(mco_ids)))
    names = {r.id: r.name for r in session.execute(select(Mco.id, Mco.name))}
    rows: dict[tuple[str, str], ScoreRow] = {}
    for mco_id, department, kind, started, due, met in session.execute(query):
        name = names.get(mco_id, "No MCO named") if mco_id is not None else "No MCO named"
        dept = (department or "").strip() or NO_DEPARTMENT
        row = rows.setdefault((name, dept), ScoreRow(name, dept))
        if kind == MilestoneKind.FOLLOW_UP_MCO.value:
            row.follow_ups += 1
            continue
        row.referrals += 1
        if met is not None:
            row.hours.append(max(0.0, calendar.business_hours_between(started, met)))
            if met <= due:
                row.on_time += 1
            else:
                row.late += 1
        elif due < now:
            row.missed += 1
        else:
            row.not_yet_due += 1
    cards: dict[str, McoScorecard] = {}
    for (name, _dept), row in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        card = cards.setdefault(name, McoScorecard(name, ScoreRow(name, ""), []))
        card.departments.append(row)
        card.total.add(row)
    return list(cards.values())
