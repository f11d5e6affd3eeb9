"""The response-time clocks of an inquiry: milestones started, met, replaced and closed.

Rules (where the spec and the seeds are silent, these are the decisions):

* **Start.** At intake every enabled policy with ``starts_on == "received"`` for the
  inquiry's track and priority (track ``*`` and priority None match any) starts a milestone
  at the deemed receipt (``calendar.next_open(received_at)``). A referral entry starts the
  ``"referral"`` policies from the entry's ``at``. The policy's numbers and words are copied
  into ``policy_snapshot``; a later policy edit never moves an existing milestone.
* **Met.** A timeline entry meets every open milestone whose ``met_by`` tokens it matches
  (see :mod:`liaison_desk.policies`) provided it did not happen before the milestone's clock
  could start (``calendar.next_open(entry.at) >= started_at``; a Saturday contact meets a
  clock deemed started on Monday). ``met_at`` is when it happened (``entry.at``), which may be
  earlier than when it was recorded. A newly started milestone also looks back over the
  timeline, so entries recorded out of order (imports, back-dated updates) still count.
* **Re-referral.** A referral while an MCO clock of the same policy is still running does not
  restart it: the original deadline stands (a new referral does not buy time). Once the
  previous MCO clock is met or closed, a new referral starts a new one.
* **Missed MCO contact.** :func:`raise_follow_ups` gives each open, overdue milestone whose
  policy has ``follow_up_on_miss`` one *follow-up with MCO* milestone (policy
  ``starts_on == "missed"``), started at the missed due time, so with the default "0
  business days" it is due at the close of the next business day when the miss was at
  closing time. The missed milestone stays open (an MCO update saying contact was made still
  meets it, late). Follow-ups exist only once raised: the client calls
  :func:`raise_follow_ups` on refresh, the compliance report calls it before counting.
* **Priority change.** Open milestones of priority-specific policies are closed as
  "superseded" and the new priority's milestones of the same kind start from the original
  start (receipt or referral), then look back over the timeline. Met milestones stay: a
  contact made under High was made. Superseded milestones leave the compliance counts.
* **Resolution.** :func:`close_open_milestones`: an open milestone met by ``resolution`` is
  met at the resolution time; one already past due is closed "breached" (it stays a breach in
  compliance, shown as "not met"); one not yet due is "cancelled" (no longer applies, left
  out of compliance).
* **Reopen.** :func:`reopen_milestones` puts back "breached" milestones (they can still be
  met, late) and "cancelled" ones that are not yet due; a cancelled one whose due time passed
  while the inquiry was resolved stays cancelled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..db.models import Inquiry, Mco, Milestone, Policy, TimelineEntry
from ..domain import EntryKind, MilestoneKind, Party, Priority
from ..errors import DatabaseUnavailable, DomainError, ValidationError
from ..milestones import (
    CLOSED_BREACHED,
    CLOSED_CANCELLED,
    CLOSED_MET,
    CLOSED_SUPERSEDED,
    EXCLUDED_REASONS,
    format_when,
)
from ..policies import PolicySpec, compute_times, entry_meets
from . import audit
from .context import SYSTEM_ACTOR, ServiceContext
from .timeline import write_entry

if TYPE_CHECKING:
    from ..db.engine import Database

log = logging.getLogger("liaison_desk.clocks")

__all__ = [
    "apply_entry",
    "change_priority",
    "close_open_milestones",
    "enabled_policies",
    "raise_follow_ups",
    "raise_follow_ups_where_allowed",
    "recompute_next_due",
    "reopen_milestones",
    "replan",
    "start_milestones",
]

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


def apply_entry(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, entry: TimelineEntry
) -> list[Milestone]:
    """Let the clocks react to a new timeline entry; returns the milestones started or met."""
    changed: list[Milestone] = []
    if entry.kind == EntryKind.REFERRAL and not inquiry.closed:
        named = (entry.data or {}).get("mco_id")
        mco_id = named if isinstance(named, int) else inquiry.mco_id
        started = _start_referral(session, ctx, inquiry, _aware(ctx, entry.at), mco_id)
        session.flush()
        _look_back(session, ctx, inquiry, started)
        changed.extend(started)
    for m in inquiry.milestones:
        if _is_open(m) and _counts_for(ctx, m, entry):
            _meet(ctx, m, entry.at, entry.id)
            if m not in changed:
                changed.append(m)
    recompute_next_due(inquiry)
    session.flush()
    return changed


@dataclass(frozen=True)
class PlannedClock:
    """A clock a priority change would start, and the running one it replaces (if any)."""

    spec: PolicySpec
    start: datetime
    mco: Mco | None
    replaces: Milestone | None


def priority_plan(
    session: Session, inquiry: Inquiry, new: Priority
) -> tuple[list[Milestone], list[PlannedClock]]:
    """What :func:`change_priority` to ``new`` does, without doing it: the running clocks of
    priority-specific policies it replaces, and the clocks it starts.

    Each replaced clock restarts under the new priority from its own original start. A clock
    the new priority has and the old one never had starts from receipt; one the old priority
    already met is not started again (the contact was made)."""
    superseded = [
        m
        for m in inquiry.milestones
        if _is_open(m) and (m.policy_snapshot or {}).get("priority") is not None
    ]
    new_specs = [
        s
        for s in enabled_policies(session)
        if s.priority is not None and s.applies_to(inquiry.track, str(new))
    ]
    plan: list[PlannedClock] = []
    for m in superseded:
        spec = next(
            (s for s in new_specs if s.milestone == m.kind and s.starts_on == _starts(m)), None
        )
        if spec is not None:
            plan.append(PlannedClock(spec, m.started_at, m.mco, m))
    covered = {
        (m.kind, _starts(m))
        for m in inquiry.milestones
        if (m.policy_snapshot or {}).get("priority") is not None
    }
    for spec in new_specs:
        if spec.starts_on == STARTS_RECEIVED and (spec.milestone, spec.starts_on) not in covered:
            plan.append(PlannedClock(spec, inquiry.received_at, None, None))
    return superseded, plan


def change_priority(
    session: Session,
    ctx: ServiceContext,
    inquiry: Inquiry,
    new_priority: Priority | str,
    reason: str,
) -> None:
    """Set a new priority, replace the open clocks that depend on it, say why in the timeline.

    Records a PRIORITY_CHANGE timeline entry (data: from, to, reason, superseded and started
    milestone kinds with due times) and an audit entry; the caller need not.
    """
    why = (reason or "").strip()
    if not why:
        raise ValidationError({"reason": "Say why the priority is changing."})
    try:
        new = Priority(new_priority)
    except ValueError:
        raise ValidationError({"priority": f"“{new_priority}” is not a priority."}) from None
    old = inquiry.priority
    if old == new:
        raise ValidationError({"priority": f"The priority is already {new.label}."})
    if inquiry.closed:
        raise ValidationError({"priority": "A resolved inquiry's priority cannot be changed."})

    superseded, plan = priority_plan(session, inquiry, new)
    for m in superseded:
        m.closed_reason = CLOSED_SUPERSEDED
    inquiry.priority = str(new)
    created = [_new_milestone(ctx, inquiry, step.spec, step.start, mco=step.mco) for step in plan]
    session.flush()
    _look_back(session, ctx, inquiry, created)
    recompute_next_due(inquiry)
    inquiry.updated_at = ctx.clock.now()

    cal = ctx.calendar
    old_label = Priority(old).label if old in {p.value for p in Priority} else old
    lines = [f"Priority changed from {old_label} to {new.label}: {why}"]
    lines += [f"{m.label}: due {format_when(m.due_at, cal)}" for m in created if _is_open(m)]
    write_entry(
        session,
        ctx,
        inquiry,
        EntryKind.PRIORITY_CHANGE,
        "\n".join(lines),
        data={
            "from": old,
            "to": str(new),
            "reason": why,
            "superseded": [_describe(m) for m in superseded],
            "started": [_describe(m) for m in created],
        },
    )
    audit.record(
        session,
        ctx,
        "inquiry",
        inquiry.id,
        "priority",
        {"from": old, "to": str(new), "reason": why},
    )


def replan(
    session: Session,
    ctx: ServiceContext,
    inquiry: Inquiry,
    *,
    received_changed: bool,
) -> tuple[list[Milestone], list[Milestone]]:
    """Work the clocks out again after a correction of the received time or the track.

    Every clock that runs from receipt is replaced (closed "superseded") when the received
    time moved, whether it was running or met: a contact counted on time against the wrong
    receipt is counted again against the right one, by the look-back. A clock of a policy
    that does not apply to the inquiry's (new) track is replaced too, and the new track's
    clocks start from the same start (receipt, or that MCO's referral). Follow-ups raised by a
    replaced clock go with it; :func:`raise_follow_ups` raises one again if the new clock is
    missed. Returns (replaced, started); the caller says so in the timeline.
    """
    specs = enabled_policies(session)
    live = [m for m in inquiry.milestones if m.closed_reason not in EXCLUDED_REASONS]
    replaced: list[Milestone] = []
    for m in live:
        snap = m.policy_snapshot or {}
        fits = snap.get("track") in ("*", inquiry.track)
        if (_starts(m) == STARTS_RECEIVED and received_changed) or (
            not fits and _starts(m) in (STARTS_RECEIVED, STARTS_REFERRAL)
        ):
            replaced.append(m)
    gone = {m.id for m in replaced}
    replaced += [m for m in live if (m.policy_snapshot or {}).get(FOLLOWS) in gone]
    for m in replaced:
        m.closed_reason = CLOSED_SUPERSEDED

    kept = {
        ((m.policy_snapshot or {}).get("key"), m.mco_id)
        for m in inquiry.milestones
        if m.closed_reason not in EXCLUDED_REASONS
    }
    started: list[Milestone] = []
    for spec in specs:
        if not spec.applies_to(inquiry.track, inquiry.priority):
            continue
        if spec.starts_on == STARTS_RECEIVED and (spec.key, None) not in kept:
            started.append(_new_milestone(ctx, inquiry, spec, inquiry.received_at))
            kept.add((spec.key, None))
    for old in replaced:
        if _starts(old) != STARTS_REFERRAL:
            continue
        for spec in specs:
            if (
                spec.starts_on == STARTS_REFERRAL
                and spec.milestone == old.kind
                and spec.applies_to(inquiry.track, inquiry.priority)
                and (spec.key, old.mco_id) not in kept
            ):
                started.append(_new_milestone(ctx, inquiry, spec, old.started_at, mco=old.mco))
                kept.add((spec.key, old.mco_id))
    session.flush()
    _look_back(session, ctx, inquiry, started)
    recompute_next_due(inquiry)
    return replaced, started


def describe_replan(
    ctx: ServiceContext, replaced: Sequence[Milestone], started: Sequence[Milestone]
) -> tuple[list[str], dict[str, object]]:
    """Timeline lines and entry data for the clocks :func:`replan` replaced and started."""
    cal = ctx.calendar
    lines = [f"Replaced: {m.label}, was due {format_when(m.due_at, cal)}" for m in replaced]
    for m in started:
        if m.met_at is not None:
            on_time = "on time" if _utc(m.met_at) <= _utc(m.due_at) else "late"
            lines.append(f"{m.label}: due {format_when(m.due_at, cal)}, met {on_time}")
        else:
            lines.append(f"{m.label}: due {format_when(m.due_at, cal)}")
    data: dict[str, object] = {
        "superseded": [_describe(m) for m in replaced],
        "started": [_describe(m) for m in started],
    }
    return lines, data


def _starts(m: Milestone) -> str | None:
    value = (m.policy_snapshot or {}).get("starts_on")
    return value if isinstance(value, str) else None


def _describe(m: Milestone) -> dict[str, object]:
    return {"kind": m.kind, "label": m.label, "due_at": _utc(m.due_at).isoformat()}


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
