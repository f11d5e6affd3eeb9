"""Demo enrollment consideration cases (seed 003), taken through their steps by the services
with a clock moved step by step, so each stands where such a case would: waiting for QC, with
the State Monitors, in outreach, or closed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..calendar import BusinessCalendar
from ..clock import ManualClock
from ..considerations import FOR_CAUSE_REASONS, ConsiderationKind
from ..db.engine import Database
from ..db.models import User
from ..domain import Role
from ..services import considerations as cons
from ..services.context import Actor, ServiceContext


def _ctx(user: User, at: datetime, cal: BusinessCalendar) -> ServiceContext:
    actor = Actor(user.login, Role(user.role), user_id=user.id, display_name=user.display_name)
    return ServiceContext(actor=actor, clock=ManualClock(at), calendar=cal)


def add_cases(
    db: Database, n: int, rng: random.Random, now: datetime, cal: BusinessCalendar,
    recipe: dict[str, Any], staff: dict[str, list[int]], mco_names: list[str],
) -> None:  # fmt: skip
    if n <= 0 or not all(staff.get(r) for r in ("csr", "qc_reviewer", "state_monitor")):
        return
    with db.session() as s:
        people = {u.id: u for u in s.scalars(select(User))}
        s.expunge_all()
    pick = {role: [people[i] for i in ids] for role, ids in staff.items()}
    leads = pick.get("unit_lead") or pick["csr"]
    for _ in range(n):
        received = cal.next_open(now - timedelta(hours=rng.uniform(2, 24 * 9)))
        received = min(received, now - timedelta(minutes=30))
        kind = rng.choice(list(ConsiderationKind))
        last = rng.choice(recipe["last_names"])
        participants = [
            cons.Participant(f"{rng.choice(recipe['first_names'])} {last}",
                             f"{rng.randint(1000000, 9999999)}{rng.choice('ABCDEFGHJK')}")
            for _ in range(rng.choice([1, 1, 2, 3]))
        ]  # fmt: skip
        data = cons.ConsiderationIntake(
            kind=str(kind), participants=participants,
            requested_change=rng.choice(mco_names) if mco_names else "Another MCO",
            for_cause_reason=rng.choice(FOR_CAUSE_REASONS)
            if kind is ConsiderationKind.FOR_CAUSE else None,
            supervisor_requested=rng.random() < 0.2, received_at=received,
        )  # fmt: skip
        at = received
        with db.session() as s:
            iid = cons.create_consideration(
                s, _ctx(rng.choice(pick["csr"]), at, cal), data
            ).inquiry.id
        steps = rng.choice([0, 1, 1, 2, 2, 3])

        def later(hours: float) -> datetime | None:
            nonlocal at
            nxt = cal.add_business_hours(at, hours)
            if nxt >= now:
                return None
            at = nxt
            return at

        if steps == 0 or (when := later(rng.uniform(1, 14))) is None:
            continue
        true_case = rng.random() < 0.65
        with db.session() as s:
            cons.vet(s, _ctx(rng.choice(pick["qc_reviewer"]), when, cal), iid, None,
                     true_case=true_case)  # fmt: skip
        if steps == 1 or (when := later(rng.uniform(2, 30))) is None:
            continue
        if true_case:
            processed = rng.random() < 0.8
            with db.session() as s:
                cons.record_monitor_result(
                    s, _ctx(rng.choice(pick["state_monitor"]), when, cal), iid, None,
                    processed=processed, reason=None if processed else "Outside the window",
                )  # fmt: skip
            if processed or steps == 2 or (when := later(rng.uniform(1, 12))) is None:
                continue
        for attempt in (1, 2):
            reached = rng.random() < 0.5
            with db.session() as s:
                cons.record_outreach(s, _ctx(rng.choice(leads), when, cal), iid, None,
                                     reached=reached)  # fmt: skip
            if reached or attempt == 2 or (when := later(rng.uniform(2, 12))) is None:
                break
