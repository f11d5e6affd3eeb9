"""Filling a database with demo inquiries (``liaison-desk demo-data``), in batches."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..clock import Clock
from ..db.engine import Database
from ..db.models import (
    Inquiry,
    Mco,
    McoDepartment,
    Policy,
    ReferenceCounter,
    User,
)
from ..policies import PolicySpec
from ..resources import resource
from ..services.reference_data import ensure_reference_data
from ..services.references import format_reference, keep_reference
from .considerations import add_cases
from .fakes import _business_moment, _Env
from .inquiries import _make_one
from .writer import _Writer

BATCH = 5_000


def _ensure_staff(session: Session, recipe: dict[str, Any]) -> dict[str, list[int]]:
    staff: dict[str, list[int]] = defaultdict(list)
    known = {u.login: u for u in session.scalars(select(User))}
    for login, name, role in recipe["staff"]:
        user = known.get(login)
        if user is None:
            # example.org: a domain reserved for examples, so no demo mail reaches anyone.
            email = f"{login}@example.org"
            user = User(login=login, display_name=name, role=role, active=True, email=email)
            session.add(user)
            session.flush()
        staff[role].append(user.id)
    return staff


def fill_demo(
    db: Database,
    count: int,
    seed: int,
    clock: Clock,
    *,
    calendar: BusinessCalendar | None = None,
    open_count: int | None = None,
    assign_to: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add ``count`` inquiries; ``open_count`` of them (the most recent) still open.

    By default a small demo keeps a quarter open (a living queue) and a large one 2 %
    (100,000 → 2,000, the benchmark's shape). ``assign_to`` gives that login a share of the
    open work so "My work" is not empty for the person trying the app.
    """
    if count < 0:
        raise ValueError("count must be zero or more")
    if open_count is None:
        open_count = round(count * 0.02) if count >= 20_000 else max(1, round(count * 0.25))
    # A few enrollment consideration cases (seed 003), worked by the services; the rest bulk.
    considered = min(40, count // 30) if count < 20_000 else 0
    total = count
    count -= considered
    open_count = min(open_count, count)
    rng = random.Random(seed)
    cal = calendar or BusinessCalendar()
    recipe = json.loads(resource("demo", "recipe.json").read_text(encoding="utf-8"))
    now = clock.now()

    with db.session() as session:
        ensure_reference_data(session)
        staff = _ensure_staff(session, recipe)
        if assign_to:
            me = session.scalars(select(User).where(User.login == assign_to)).first()
            if me is None:
                me = User(login=assign_to, display_name=assign_to, role="admin", active=True)
                session.add(me)
                session.flush()
            # Weighted in: the person trying the app gets a fair share of the queue.
            staff["liaison"].extend([me.id] * 3)
        policies = list(session.scalars(select(Policy)))
        mcos = list(session.scalars(select(Mco).where(Mco.active.is_(True)).order_by(Mco.id)))
        departments: dict[int, list[str]] = defaultdict(list)
        for d in session.scalars(select(McoDepartment)):
            departments[d.mco_id].append(d.name)
        env = _Env(
            rng=rng,
            cal=cal,
            now=now,
            recipe=recipe,
            policies=policies,
            specs={p.id: PolicySpec.from_row(p) for p in policies},
            mcos=mcos,
            departments=departments,
            staff=staff,
        )
        counters = {c.day: c.last_seq for c in session.scalars(select(ReferenceCounter))}

        # Resolved history spreads over two years; open work is from the last ~8 days.
        closed_n = count - open_count
        moments: list[tuple[datetime, bool]] = []
        for _ in range(closed_n):
            moments.append((_business_moment(env, rng.randint(9, 730)), False))
        for _ in range(open_count):
            moments.append((_business_moment(env, rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 8])), True))
        moments = [
            (m if m <= now else now - timedelta(minutes=rng.randint(5, 90)), o) for m, o in moments
        ]
        moments.sort()

        writer = _Writer(session)
        for done, (received, is_open) in enumerate(moments, start=1):
            day = received.astimezone(cal.timezone).date()
            key = f"{day:%y%m%d}"
            counters[key] = counters.get(key, 0) + 1
            _make_one(env, writer, received, is_open, format_reference(day, counters[key]))
            if done % BATCH == 0:
                writer.flush()
                if progress:
                    progress(done, total)
        writer.flush()
        writer.advance_sequences()
        for key, seq in counters.items():
            keep_reference(session, key, seq)  # the counters' one writer
        if progress:
            progress(count, total)
        mco_names = [m.name for m in mcos]
    add_cases(db, considered, rng, now, cal, recipe, staff, mco_names)
    if progress:
        progress(total, total)
    return total


def has_inquiries(session: Session) -> bool:
    """Whether the database holds any inquiry (demo data goes only into an empty one)."""
    return session.scalar(select(func.count()).select_from(Inquiry)) != 0
