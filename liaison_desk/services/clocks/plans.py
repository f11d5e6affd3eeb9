"""Working the clocks out again: what a priority change would replace and start, the change
itself, and replanning after an edit of the details (with words for what changed)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ...db.models import Inquiry, Mco, Milestone
from ...domain import EntryKind, Priority
from ...errors import ValidationError
from ...milestones import (
    CLOSED_SUPERSEDED,
    EXCLUDED_REASONS,
    format_when,
)
from ...policies import PolicySpec
from .. import audit
from ..context import ServiceContext
from ..timeline import write_entry
from .rules import (
    FOLLOWS,
    STARTS_RECEIVED,
    STARTS_REFERRAL,
    _is_open,
    _look_back,
    _new_milestone,
    _utc,
    enabled_policies,
    recompute_next_due,
)

if TYPE_CHECKING:
    pass

log = logging.getLogger("liaison_desk.clocks")


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
