"""The manager's dashboard (SPEC §8): where the open work stands right now.

Open items by track and priority, how many are overdue and how many fall due today, how
long they have been open (in business days), and the same split by MCO, by assignee and by
issue category.
Everything counts open inquiries (not milestones), as the queues do: an inquiry is
*overdue* when its earliest running clock is past due (the Overdue queue), *due today* when
that clock falls due later today. Compliance over a period is
:mod:`liaison_desk.services.compliance`; the dashboard window shows both.

One query for the open inquiries and one for the MCO links; the rest is counting in
Python over the few thousand open rows, so it costs what loading the open queue costs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..db.models import Inquiry, Mco, inquiry_mcos
from ..domain import Priority, Track
from .context import Actor
from .permissions import visibility_filter
from .users import user_names

__all__ = ["AGE_BUCKETS", "Dashboard", "Group", "dashboard"]

# Business days since the (deemed) receipt day, as the standards count them.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–1 business days", 0, 1),
    ("2–5 business days", 2, 5),
    ("6–10 business days", 6, 10),
    ("11–15 business days", 11, 15),
    ("over 15 business days", 16, None),
)
UNASSIGNED = "Unassigned"
NO_MCO = "No MCO (IME)"
NO_CATEGORY = "No category"


@dataclass
class Group:
    """One line of a split: how many open, how many overdue, how many due today."""

    name: str
    open: int = 0
    overdue: int = 0
    due_today: int = 0
    # The inquiries counted, so each figure opens its list in the main window (drill-down).
    ids: list[int] = field(default_factory=list, repr=False)
    overdue_ids: list[int] = field(default_factory=list, repr=False)
    due_today_ids: list[int] = field(default_factory=list, repr=False)

    def add(self, overdue: bool, due_today: bool, inquiry_id: int = 0) -> None:
        self.open += 1
        self.overdue += overdue
        self.due_today += due_today
        self.ids.append(inquiry_id)
        if overdue:
            self.overdue_ids.append(inquiry_id)
        if due_today:
            self.due_today_ids.append(inquiry_id)


@dataclass(frozen=True)
class Oldest:
    inquiry_id: int
    reference: str
    track: str
    business_days: int


@dataclass
class Dashboard:
    now: datetime
    today: date
    total: Group = field(default_factory=lambda: Group("All open"))
    by_track_priority: list[tuple[str, str, Group]] = field(default_factory=list)
    aging: list[tuple[str, int]] = field(default_factory=list)
    aging_ids: dict[str, list[int]] = field(default_factory=dict, repr=False)
    by_mco: list[Group] = field(default_factory=list)
    by_assignee: list[Group] = field(default_factory=list)
    by_category: list[Group] = field(default_factory=list)
    oldest: list[Oldest] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return self.total.overdue

    @property
    def due_today(self) -> int:
        return self.total.due_today


def _bucket(days: int) -> str:
    for label, low, high in AGE_BUCKETS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BUCKETS[-1][0]


def dashboard(
    session: Session,
    *,
    actor: Actor,
    now: datetime,
    calendar: BusinessCalendar,
    oldest: int = 10,
) -> Dashboard:
    """The open work as ``actor`` may see it, at ``now``."""
    local_now = now.astimezone(calendar.timezone)
    today = local_now.date()
    end_of_today = calendar.close_of_day(today)
    rows = session.execute(
        select(
            Inquiry.id,
            Inquiry.reference,
            Inquiry.track,
            Inquiry.priority,
            Inquiry.received_at,
            Inquiry.next_due_at,
            Inquiry.assignee_id,
            Inquiry.mco_id,
            Inquiry.category,
        ).where(Inquiry.closed == false(), visibility_filter(actor))
    ).all()
    links: dict[int, list[int]] = defaultdict(list)
    ids = [r.id for r in rows if r.track in (Track.MCO_PROVIDER, Track.EMAIL)]
    for start in range(0, len(ids), 900):
        for inquiry_id, mco_id in session.execute(
            select(inquiry_mcos.c.inquiry_id, inquiry_mcos.c.mco_id).where(
                inquiry_mcos.c.inquiry_id.in_(ids[start : start + 900])
            )
        ):
            links[inquiry_id].append(mco_id)
    mco_names = {i: n for i, n in session.execute(select(Mco.id, Mco.name))}
    people = user_names(session)

    out = Dashboard(now=now, today=today)
    track_priority: dict[tuple[str, str], Group] = {}
    ages: Counter[str] = Counter()
    by_mco: dict[str, Group] = {}
    by_assignee: dict[str, Group] = {}
    by_category: dict[str, Group] = {}
    aged: list[Oldest] = []
    for r in rows:
        due: datetime | None = r.next_due_at
        overdue = due is not None and due < now
        due_today = due is not None and not overdue and due <= end_of_today
        out.total.add(overdue, due_today, r.id)
        key = (str(r.track), str(r.priority))
        track_priority.setdefault(key, Group(f"{key[0]}/{key[1]}")).add(overdue, due_today, r.id)
        days = max(calendar.business_days_between(r.received_at, today), 0)
        ages[_bucket(days)] += 1
        out.aging_ids.setdefault(_bucket(days), []).append(r.id)
        aged.append(Oldest(r.id, r.reference, str(r.track), days))
        mcos = links.get(r.id) or ([r.mco_id] if r.mco_id is not None else [])
        for name in sorted({mco_names.get(m, f"MCO {m}") for m in mcos}) or [NO_MCO]:
            by_mco.setdefault(name, Group(name)).add(overdue, due_today, r.id)
        who = people.get(r.assignee_id, UNASSIGNED) if r.assignee_id else UNASSIGNED
        by_assignee.setdefault(who, Group(who)).add(overdue, due_today, r.id)
        kind = r.category or NO_CATEGORY
        by_category.setdefault(kind, Group(kind)).add(overdue, due_today, r.id)

    tracks = [t.value for t in Track]
    priorities = [p.value for p in Priority]

    def order(item: tuple[tuple[str, str], Group]) -> tuple[Any, ...]:
        (track, priority), _ = item
        return (
            tracks.index(track) if track in tracks else 99,
            priorities.index(priority) if priority in priorities else 99,
        )

    out.by_track_priority = [(t, p, g) for (t, p), g in sorted(track_priority.items(), key=order)]
    out.aging = [(label, ages.get(label, 0)) for label, _low, _high in AGE_BUCKETS]

    def busiest(groups: dict[str, Group], last: str) -> list[Group]:
        # Most overdue first, then most open; the catch-all line ("Unassigned") last.
        ranked = sorted(
            (g for g in groups.values() if g.name != last),
            key=lambda g: (-g.overdue, -g.open, g.name.casefold()),
        )
        return ranked + ([groups[last]] if last in groups else [])

    out.by_mco = busiest(by_mco, NO_MCO)
    out.by_assignee = busiest(by_assignee, UNASSIGNED)
    out.by_category = busiest(by_category, NO_CATEGORY)
    out.oldest = sorted(aged, key=lambda o: (-o.business_days, o.reference))[:oldest]
    return out
