"""The clock rules: which policies are in force, starting the clocks, meeting them from the
timeline, closing them at resolution and putting them back at a reopen."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Inquiry, Mco, Milestone, Policy, TimelineEntry
from ...domain import EntryKind, Party
from ...milestones import (
    CLOSED_BREACHED,
    CLOSED_CANCELLED,
    CLOSED_MET,
    format_when,
)
from ...policies import STEP_STARTS, PolicySpec, compute_times, entry_meets
from ..context import ServiceContext
from ..timeline import write_entry

if TYPE_CHECKING:
    pass

log = logging.getLogger("liaison_desk.clocks")

STARTS_RECEIVED = "received"
STARTS_REFERRAL = "referral"
STARTS_MISSED = "missed"
# Snapshot key linking a follow-up to the milestone whose miss raised it.
FOLLOWS = "follows_milestone_id"


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _is_open(m: Milestone) -> bool:
    return m.met_at is None and m.closed_reason is None


def enabled_policies(session: Session, starts_on: Sequence[str] = ()) -> list[PolicySpec]:
    """The standards in force (the one place they are read), optionally only those whose
    clocks start on one of ``starts_on``; detached values, usable after the session."""
    stmt = select(Policy).where(Policy.enabled.is_(True)).order_by(Policy.id)
    if starts_on:
        stmt = stmt.where(Policy.starts_on.in_(list(starts_on)))
    return [PolicySpec.from_row(p) for p in session.scalars(stmt)]


def recompute_next_due(inquiry: Inquiry) -> None:
    """``inquiry.next_due_at``: the earliest due time among its open milestones, or None."""
    dues = [_utc(m.due_at) for m in inquiry.milestones if _is_open(m)]
    new = min(dues) if dues else None
    old = inquiry.next_due_at
    if (old is None) != (new is None) or (old is not None and new is not None and _utc(old) != new):
        inquiry.next_due_at = new


def _new_milestone(
    ctx: ServiceContext,
    inquiry: Inquiry,
    spec: PolicySpec,
    start: datetime,
    *,
    extra: dict[str, object] | None = None,
    mco: Mco | None = None,
) -> Milestone:
    warn_at, due_at = compute_times(ctx.calendar, spec, start)
    snapshot = spec.snapshot()
    snapshot.update(extra or {})
    milestone = Milestone(
        policy_id=spec.policy_id,
        kind=spec.milestone,
        label=spec.label if mco is None else f"{spec.label} — {mco.short_name}",
        mco_id=None if mco is None else mco.id,
        started_at=ctx.calendar.next_open(start).astimezone(UTC),
        warn_at=warn_at,
        due_at=due_at,
        policy_snapshot=snapshot,
    )
    inquiry.milestones.append(milestone)
    return milestone


def _meet(ctx: ServiceContext, m: Milestone, at: datetime, entry_id: int | None) -> None:
    m.met_at = _aware(ctx, at).astimezone(UTC)
    m.met_by_entry_id = entry_id
    m.closed_reason = CLOSED_MET


def _aware(ctx: ServiceContext, dt: datetime) -> datetime:
    # A naive time typed by a person is wall-clock time in the office's timezone.
    return dt.replace(tzinfo=ctx.calendar.timezone) if dt.tzinfo is None else dt


def _counts_for(ctx: ServiceContext, m: Milestone, entry: TimelineEntry) -> bool:
    spec_tokens = (m.policy_snapshot or {}).get("met_by") or ()
    if not entry_meets(spec_tokens, entry):
        return False
    if m.mco_id is not None and entry.party == Party.MCO:
        # An MCO's update or follow-up meets only the clock that waits on that MCO (an
        # entry that names no MCO, as old imports, is taken as the inquiry's).
        named = (entry.data or {}).get("mco_id")
        if named is not None and named != m.mco_id:
            return False
    return ctx.calendar.next_open(_aware(ctx, entry.at)) >= _utc(m.started_at)


def _entries(session: Session, inquiry: Inquiry) -> list[TimelineEntry]:
    # Queried, not inquiry.timeline: entries added in this session are not in a collection
    # that was loaded before them.
    session.flush()
    return list(
        session.scalars(
            select(TimelineEntry)
            .where(TimelineEntry.inquiry_id == inquiry.id)
            .order_by(TimelineEntry.at, TimelineEntry.id)
        )
    )


def _look_back(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, fresh: Sequence[Milestone]
) -> None:
    """Meet newly started milestones from entries already on the timeline (earliest first)."""
    if not fresh:
        return
    entries = _entries(session, inquiry)
    for m in fresh:
        for entry in entries:
            if _counts_for(ctx, m, entry):
                _meet(ctx, m, entry.at, entry.id)
                break


def start_milestones(session: Session, ctx: ServiceContext, inquiry: Inquiry) -> list[Milestone]:
    """Start the clocks that run from receipt for the inquiry's track and priority."""
    have = {(m.policy_snapshot or {}).get("key") for m in inquiry.milestones}
    created = [
        _new_milestone(ctx, inquiry, spec, inquiry.received_at)
        for spec in enabled_policies(session)
        if spec.starts_on == STARTS_RECEIVED
        and spec.applies_to(inquiry.track, inquiry.priority)
        and spec.key not in have
    ]
    session.flush()
    _look_back(session, ctx, inquiry, created)
    recompute_next_due(inquiry)
    # Settle the inquiry's version now, so the caller sees the one a later save must match.
    session.flush()
    return created


def _start_referral(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, at: datetime, mco_id: int | None
) -> list[Milestone]:
    """The referral clocks for the MCO referred, unless one for that MCO is running."""
    running = {
        ((m.policy_snapshot or {}).get("key"), m.mco_id)
        for m in inquiry.milestones
        if _is_open(m) and (m.policy_snapshot or {}).get("starts_on") == STARTS_REFERRAL
    }
    mco = session.get(Mco, mco_id) if mco_id is not None else None
    return [
        _new_milestone(ctx, inquiry, spec, at, mco=mco)
        for spec in enabled_policies(session)
        if spec.starts_on == STARTS_REFERRAL
        and spec.applies_to(inquiry.track, inquiry.priority)
        and (spec.key, mco_id) not in running
    ]


def _start_step(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, step: str, at: datetime
) -> list[Milestone]:
    """A consideration case's next step's clocks (seed 003), unless one is running. The
    entry that starts them is not one that meets them: they start after it."""
    running = {(m.policy_snapshot or {}).get("key") for m in inquiry.milestones if _is_open(m)}
    return [
        _new_milestone(ctx, inquiry, spec, at)
        for spec in enabled_policies(session, (step,))
        if spec.applies_to(inquiry.track, inquiry.priority) and spec.key not in running
    ]


def apply_entry(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, entry: TimelineEntry
) -> list[Milestone]:
    """Let the clocks react to a new timeline entry; returns the milestones started or met."""
    changed: list[Milestone] = []
    fresh: list[Milestone] = []
    step = (entry.data or {}).get("starts_step")
    if step in STEP_STARTS and not inquiry.closed:
        fresh = _start_step(session, ctx, inquiry, str(step), _aware(ctx, entry.at))
        session.flush()
        changed.extend(fresh)
    if entry.kind == EntryKind.REFERRAL and not inquiry.closed:
        named = (entry.data or {}).get("mco_id")
        mco_id = named if isinstance(named, int) else inquiry.mco_id
        started = _start_referral(session, ctx, inquiry, _aware(ctx, entry.at), mco_id)
        session.flush()
        _look_back(session, ctx, inquiry, started)
        changed.extend(started)
    for m in inquiry.milestones:
        if m in fresh:
            continue  # started by this entry: the next one meets it
        if _is_open(m) and _counts_for(ctx, m, entry):
            _meet(ctx, m, entry.at, entry.id)
            if m not in changed:
                changed.append(m)
    recompute_next_due(inquiry)
    session.flush()
    return changed


def close_open_milestones(
    session: Session,
    ctx: ServiceContext,
    inquiry: Inquiry,
    reason: str = "resolved",
    *,
    at: datetime | None = None,
) -> list[Milestone]:
    """Stop the clocks of an inquiry that is being resolved (see the module docstring).

    ``at`` is when it was resolved (default now). Returns the milestones it changed and, if
    any were, notes in the timeline what became of them (``reason`` is quoted there).
    """
    when = _aware(ctx, at or ctx.clock.now()).astimezone(UTC)
    resolution = next(
        (e for e in reversed(_entries(session, inquiry)) if e.kind == EntryKind.RESOLUTION), None
    )
    changed: list[Milestone] = []
    words: list[str] = []
    for m in inquiry.milestones:
        if not _is_open(m):
            continue
        tokens = (m.policy_snapshot or {}).get("met_by") or ()
        if any(str(t).partition(":")[0] == EntryKind.RESOLUTION for t in tokens):
            _meet(ctx, m, when, resolution.id if resolution is not None else None)
            words.append(f"{m.label}: met by the resolution")
        elif when > _utc(m.due_at):
            m.closed_reason = CLOSED_BREACHED
            words.append(f"{m.label}: not met by {format_when(m.due_at, ctx.calendar)}")
        else:
            m.closed_reason = CLOSED_CANCELLED
            words.append(f"{m.label}: no longer applies")
        changed.append(m)
    recompute_next_due(inquiry)
    session.flush()
    if changed:
        write_entry(
            session,
            ctx,
            inquiry,
            EntryKind.MILESTONE,
            f"Clocks stopped ({reason}). " + "; ".join(words),
            at=when,
            data={"closed": [m.id for m in changed], "reason": reason},
        )
    return changed


def reopen_milestones(session: Session, ctx: ServiceContext, inquiry: Inquiry) -> list[Milestone]:
    """Restart the clocks a resolution stopped, where they still mean something."""
    now = ctx.clock.now()
    restored: list[Milestone] = []
    for m in inquiry.milestones:
        if m.met_at is not None:
            continue
        if m.closed_reason == CLOSED_BREACHED or (
            m.closed_reason == CLOSED_CANCELLED and now <= _utc(m.due_at)
        ):
            m.closed_reason = None
            restored.append(m)
    recompute_next_due(inquiry)
    session.flush()
    return restored
