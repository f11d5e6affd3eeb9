"""Follow-ups with the MCO: when the MCO's contact clock was missed, a follow-up clock starts
(idempotent; raised before a queue or a report is read, where the login may write)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ...db.models import Inquiry, Milestone
from ...domain import EntryKind, MilestoneKind
from ...errors import DatabaseUnavailable, DomainError
from ...milestones import (
    format_when,
)
from ...policies import PolicySpec
from ..context import SYSTEM_ACTOR, ServiceContext
from ..timeline import write_entry
from .rules import (
    FOLLOWS,
    STARTS_MISSED,
    _look_back,
    _new_milestone,
    enabled_policies,
    recompute_next_due,
)

if TYPE_CHECKING:
    from ...db.engine import Database

log = logging.getLogger("liaison_desk.clocks")


def _follow_up_specs(session: Session) -> list[PolicySpec]:
    return [s for s in enabled_policies(session) if s.starts_on == STARTS_MISSED]


def raise_follow_ups_where_allowed(db: Database, ctx: ServiceContext) -> bool:
    """:func:`raise_follow_ups` in a transaction of its own, before a queue or a report is
    read; a login that may not write (a manager on PostgreSQL) still gets its figures, just
    without follow-ups not yet raised. A lost connection is not swallowed. True if raised."""
    try:
        with db.session() as session:
            raise_follow_ups(session, ctx)
    except DatabaseUnavailable:
        raise
    except (DomainError, DBAPIError) as exc:
        log.warning("follow-ups not raised: %s", exc)
        return False
    return True


def _misses(
    session: Session, ctx: ServiceContext, specs: list[PolicySpec], *, lock: bool
) -> tuple[list[Milestone], set[int]]:
    """The missed clocks whose policy starts a follow-up, and those that already have one."""
    if not specs:
        return [], set()
    query = (
        select(Milestone)
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .where(
            Milestone.met_at.is_(None),
            Milestone.closed_reason.is_(None),
            Milestone.due_at < ctx.clock.now(),
            Milestone.kind != MilestoneKind.FOLLOW_UP_MCO.value,
            Inquiry.closed.is_(False),
        )
        .order_by(Milestone.due_at, Milestone.id)
    )
    if lock:
        # Two workstations refreshing at once on PostgreSQL: each takes the misses the other
        # is not already handling, so no miss gets two follow-ups. (SQLite writers are
        # serialised by BEGIN IMMEDIATE and ignore this.)
        query = query.with_for_update(of=Milestone, skip_locked=True)
    candidates = [
        m for m in session.scalars(query) if (m.policy_snapshot or {}).get("follow_up_on_miss")
    ]
    already: set[int] = set()
    if not candidates:
        return [], already
    for snap in session.scalars(
        select(Milestone.policy_snapshot).where(
            Milestone.inquiry_id.in_({m.inquiry_id for m in candidates}),
            Milestone.policy_snapshot.is_not(None),
            Milestone.kind.in_(sorted({s.milestone for s in specs})),
        )
    ):
        follows = (snap or {}).get(FOLLOWS)
        if isinstance(follows, int):
            already.add(follows)
    return candidates, already


def follow_ups_not_raised(session: Session, ctx: ServiceContext) -> int:
    """How many missed clocks are waiting for their follow-up (read only): what a login that
    may not raise them leaves out of a report, said in the compliance packet."""
    specs = _follow_up_specs(session)
    candidates, already = _misses(session, ctx, specs, lock=False)
    return sum(
        1
        for m in candidates
        if m.id not in already
        and any(s.applies_to(m.inquiry.track, m.inquiry.priority) for s in specs)
    )


def raise_follow_ups(session: Session, ctx: ServiceContext) -> list[Milestone]:
    """Give every missed MCO contact its *follow-up with MCO* milestone (idempotent).

    Looks at open milestones of open inquiries whose due time has passed and whose policy
    says ``follow_up_on_miss``; each gets exactly one follow-up (whatever became of it), and
    the inquiry's timeline says so.
    """
    specs = _follow_up_specs(session)
    candidates, already = _misses(session, ctx, specs, lock=True)

    created: list[Milestone] = []
    system = replace(ctx, actor=SYSTEM_ACTOR)
    for missed in candidates:
        if missed.id in already:
            continue
        inquiry = missed.inquiry
        spec = next((s for s in specs if s.applies_to(inquiry.track, inquiry.priority)), None)
        if spec is None:
            continue
        follow = _new_milestone(
            ctx, inquiry, spec, missed.due_at, extra={FOLLOWS: missed.id}, mco=missed.mco
        )
        session.flush()
        _look_back(session, ctx, inquiry, [follow])
        recompute_next_due(inquiry)
        cal = ctx.calendar
        write_entry(
            session,
            system,  # the app raised it, not whoever's workstation noticed the miss
            inquiry,
            EntryKind.MILESTONE,
            f"{missed.label}: the MCO did not report contact by {format_when(missed.due_at, cal)}; "
            f"follow-up with MCO due {format_when(follow.due_at, cal)}",
            at=missed.due_at,
            data={"missed_milestone_id": missed.id, "follow_up_milestone_id": follow.id},
        )
        already.add(missed.id)
        created.append(follow)
    return created
