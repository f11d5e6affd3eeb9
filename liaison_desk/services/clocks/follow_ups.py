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


def raise_follow_ups(session: Session, ctx: ServiceContext) -> list[Milestone]:
    """Give every missed MCO contact its *follow-up with MCO* milestone (idempotent).

    Looks at open milestones of open inquiries whose due time has passed and whose policy
    says ``follow_up_on_miss``; each gets exactly one follow-up (whatever became of it), and
    the inquiry's timeline says so.
    """
    now = ctx.clock.now()
    specs = _follow_up_specs(session)
    if not specs:
        return []
    candidates = [
        m
        for m in session.scalars(
            select(Milestone)
            .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
            .where(
                Milestone.met_at.is_(None),
                Milestone.closed_reason.is_(None),
                Milestone.due_at < now,
                Milestone.kind != MilestoneKind.FOLLOW_UP_MCO.value,
                Inquiry.closed.is_(False),
            )
            .order_by(Milestone.due_at, Milestone.id)
            # Two workstations refreshing at once on PostgreSQL: each takes the misses the
            # other is not already handling, so no miss gets two follow-ups. (SQLite writers
            # are serialised by BEGIN IMMEDIATE and ignore this.)
            .with_for_update(of=Milestone, skip_locked=True)
        )
        if (m.policy_snapshot or {}).get("follow_up_on_miss")
    ]
    if not candidates:
        return []
    inquiry_ids = {m.inquiry_id for m in candidates}
    already: set[int] = set()
    for snap in session.scalars(
        select(Milestone.policy_snapshot).where(
            Milestone.inquiry_id.in_(inquiry_ids),
            Milestone.policy_snapshot.is_not(None),
            Milestone.kind.in_(sorted({s.milestone for s in specs})),
        )
    ):
        follows = (snap or {}).get(FOLLOWS)
        if isinstance(follows, int):
            already.add(follows)

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
