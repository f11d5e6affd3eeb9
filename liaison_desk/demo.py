"""Realistic fake inquiries for demos and benchmarks (``liaison-desk demo-data``).

Writes with bulk Core inserts so 100,000 inquiries with their milestones and timelines take
well under a few minutes on SQLite. The mix: mostly resolved history over two years, and a
live queue of recent open items in every state (on track, past warn, overdue, awaiting MCO,
pending approval, follow-up due).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from .calendar import BusinessCalendar
from .clock import Clock
from .db.engine import Database
from .db.models import (
    Inquiry,
    Mco,
    McoDepartment,
    Milestone,
    Policy,
    ReferenceCounter,
    TimelineEntry,
    User,
    inquiry_mcos,
)
from .domain import (
    MEMBER_SOURCES,
    PROVIDER_SOURCES,
    CallOutcome,
    Channel,
    EntryKind,
    Party,
    Priority,
    Status,
    Track,
)
from .policies import PolicySpec, compute_times
from .resources import resource
from .services.reference_data import ensure_reference_data
from .services.references import format_reference, keep_reference
from .validation import npi_check_digit

BATCH = 5_000


@dataclass
class _Env:
    rng: random.Random
    cal: BusinessCalendar
    now: datetime
    recipe: dict[str, Any]
    policies: list[Policy]
    specs: dict[int, PolicySpec]
    mcos: list[Mco]
    departments: dict[int, list[str]]
    staff: dict[str, list[int]]


def _phone(rng: random.Random, area: str) -> str:
    exchange = rng.choice(["555", "555", "555"])
    return f"+1{area}{exchange}01{rng.randint(0, 99):02d}"


def _npi(rng: random.Random) -> str:
    first = str(rng.choice("12")) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return first + str(npi_check_digit(first))


def _state_id(rng: random.Random) -> str:
    return f"{rng.randint(0, 9_999_999):07d}{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}"


def _business_moment(env: _Env, day_offset_back: int) -> datetime:
    """A receipt time about ``day_offset_back`` calendar days ago, mostly in office hours."""
    rng = env.rng
    local_now = env.now.astimezone(env.cal.timezone)
    day = local_now.date() - timedelta(days=day_offset_back)
    if rng.random() < 0.85:
        minutes = rng.randint(8 * 60, 16 * 60 + 50)
    else:
        minutes = rng.choice([rng.randint(0, 7 * 60 + 59), rng.randint(17 * 60, 23 * 60 + 59)])
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=env.cal.timezone)
    return wall.astimezone(UTC)


def _matching(env: _Env, track: str, priority: str, starts_on: str) -> list[Policy]:
    return [
        p
        for p in env.policies
        if p.enabled
        and p.starts_on == starts_on
        and p.track in (track, "*")
        and (p.priority is None or p.priority == priority)
    ]


class _Writer:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        self.next_id: dict[str, int] = {}
        for model in (Inquiry, Milestone, TimelineEntry):
            top = session.scalar(select(func.max(model.id))) or 0
            self.next_id[model.__tablename__] = int(top) + 1

    def new_id(self, model: Any) -> int:
        name = model.__tablename__
        value = self.next_id[name]
        self.next_id[name] = value + 1
        return value

    def advance_sequences(self) -> None:
        """On PostgreSQL, move each table's id sequence past the ids written here: the rows
        were inserted with their ids, which leaves the sequence where it was, and the next
        inquiry taken in would be refused for a duplicate key."""
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model in (Inquiry, Milestone, TimelineEntry):
            name = model.__tablename__
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {name}"
                )
            )

    def add(self, table: Any, row: dict[str, Any]) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        # Parents before children, so foreign keys hold at every statement.
        for table in (
            Inquiry.__table__,
            inquiry_mcos,
            TimelineEntry.__table__,
            Milestone.__table__,
        ):
            rows = self.rows.pop(table, [])
            if rows:
                # executemany needs one shape: every row names every column it sets.
                keys = {k for row in rows for k in row}
                full = [{k: row.get(k) for k in keys} for row in rows]
                self.session.execute(insert(cast(Table, table)), full)
        self.rows.clear()


def _make_one(env: _Env, w: _Writer, received: datetime, is_open: bool, ref: str) -> None:
    rng, cal, recipe = env.rng, env.cal, env.recipe
    roll = rng.random()
    track = (
        Track.MCO_MEMBER
        if roll < 0.5
        else Track.MCO_PROVIDER
        if roll < 0.85
        else Track.IME_CALLBACK
    )
    priority = Priority.HIGH if rng.random() < 0.35 else Priority.ESCALATED
    city, zip_code, area = rng.choice(recipe["cities"])
    first, last = rng.choice(recipe["first_names"]), rng.choice(recipe["last_names"])
    person = f"{first} {last}"
    address = f"{rng.randint(100, 9899)} {rng.choice(recipe['streets'])}\n{city}, IA {zip_code}"
    iid = w.new_id(Inquiry)
    liaisons = env.staff["liaison"] + env.staff["msa_esr"]
    row: dict[str, Any] = {
        "id": iid,
        "reference": ref,
        "track": str(track),
        "priority": str(priority),
        "received_at": received,
        "created_at": received,
        "updated_at": received,
        "closed": not is_open,
        "version": 1,
        "description": "",
        "mailing_address": address,
    }
    mco = rng.choice(env.mcos)
    if track == Track.MCO_MEMBER:
        caller = person if rng.random() < 0.6 else f"{rng.choice(recipe['first_names'])} {last}"
        row.update(
            source=rng.choice(MEMBER_SOURCES),
            member_name=person,
            member_state_id=_state_id(rng) if rng.random() < 0.9 else None,
            caller_name=caller,
            caller_phone=_phone(rng, area),
            enrolled_in_mco=True,
            mco_id=mco.id,
            description=rng.choice(recipe["member_issues"]),
            assignee_id=rng.choice(liaisons),
        )
        mcos_for = [mco]
    elif track == Track.MCO_PROVIDER:
        mcos_for = rng.sample(env.mcos, k=1 if rng.random() < 0.8 else 2)
        row.update(
            source=rng.choice(PROVIDER_SOURCES),
            provider_name=rng.choice(recipe["providers"]),
            npi=_npi(rng),
            contact_name=person,
            contact_phone=_phone(rng, area),
            mco_id=mcos_for[0].id,
            description=rng.choice(recipe["provider_issues"]),
            assignee_id=rng.choice(liaisons),
        )
    else:
        mcos_for = []
        row.update(
            source="CSR",
            member_name=person,
            member_state_id=_state_id(rng),
            caller_name=person,
            caller_phone=_phone(rng, area),
            enrolled_in_mco=False,
            priority=str(Priority.ESCALATED),
            description=rng.choice(recipe["callback_questions"]),
            assignee_id=rng.choice(env.staff["unit_lead"]) if rng.random() < 0.7 else None,
        )
    for m in mcos_for:
        w.add(inquiry_mcos, {"inquiry_id": iid, "mco_id": m.id})

    entries: list[dict[str, Any]] = []

    def entry(kind: EntryKind, at: datetime, summary: str, **extra: Any) -> int:
        eid = w.new_id(TimelineEntry)
        entries.append(
            {
                "id": eid,
                "inquiry_id": iid,
                "at": at,
                "recorded_at": at,
                "kind": str(kind),
                "summary": summary,
                "data": extra.pop("data", {}),
                "user_id": extra.pop("user_id", row.get("assignee_id")),
                **extra,
            }
        )
        return eid

    entry(EntryKind.CREATED, received, f"{track.label} inquiry taken in", user_id=None)
    deemed = cal.next_open(received).astimezone(UTC)
    now = env.now
    milestones: list[dict[str, Any]] = []

    def start(policies: list[Policy], at: datetime) -> list[dict[str, Any]]:
        made = []
        for p in policies:
            spec = env.specs[p.id]
            warn_at, due_at = compute_times(cal, spec, at)
            ms = {
                "id": w.new_id(Milestone),
                "inquiry_id": iid,
                "policy_id": p.id,
                "kind": p.milestone,
                "label": p.label,
                "started_at": cal.next_open(at),
                "warn_at": warn_at,
                "due_at": due_at,
                "met_at": None,
                "closed_reason": None,
                "met_by_entry_id": None,
                "policy_snapshot": spec.snapshot(),
                "version": 1,
                "notified": None,
            }
            milestones.append(ms)
            made.append(ms)
        return made

    def meet(ms: dict[str, Any], at: datetime, eid: int) -> None:
        ms.update(met_at=at, closed_reason="met", met_by_entry_id=eid)

    def work(at: datetime) -> datetime:
        """People work in office hours: a moment that falls while closed moves to the opening."""
        return cal.next_open(at).astimezone(UTC)

    def when(ms: dict[str, Any], on_time: float) -> datetime:
        """A moment the milestone was met, in office hours: usually before due, sometimes late."""
        start_at: datetime = ms["started_at"]
        due_at: datetime = ms["due_at"]
        if rng.random() < on_time:
            span = max(0.25, cal.business_hours_between(start_at, due_at))
            at = cal.add_business_hours(start_at, rng.uniform(0.1, 0.95) * span)
        else:
            at = cal.add_business_hours(due_at, rng.uniform(1, 20))
        return at.astimezone(UTC)

    first_ms = start(_matching(env, str(track), str(priority), "received"), received)
    status = Status.OPEN
    last_at = deemed
    # How far along the work is: resolved history went all the way; open items vary.
    stage = 4 if not is_open else rng.choice([0, 0, 1, 1, 2, 2, 3])

    if track == Track.IME_CALLBACK:
        approved = not is_open or rng.random() < 0.8
        if not approved:
            status = Status.PENDING_APPROVAL
        else:
            row["approved_at"] = deemed
            entry(EntryKind.APPROVAL, deemed, "Callback approved by the Unit Lead")
            cb = first_ms[0] if first_ms else None
            attempts = 0 if is_open and stage == 0 else rng.choice([1, 2, 2])
            reached = False
            at = deemed
            for n in range(attempts):
                at = work(at + timedelta(minutes=rng.randint(20, 300)))
                if at > now:
                    break
                outcome = (
                    CallOutcome.REACHED
                    if rng.random() < 0.55
                    else rng.choice(
                        [CallOutcome.NO_ANSWER, CallOutcome.VOICEMAIL, CallOutcome.BUSY]
                    )
                )
                eid = entry(
                    EntryKind.CALLBACK_ATTEMPT,
                    at,
                    f"Callback attempt {n + 1}: {outcome.replace('_', ' ')}",
                    outcome=str(outcome),
                    party=str(Party.MEMBER),
                    channel=str(Channel.PHONE),
                    data={"attempt": n + 1, "number": row["caller_phone"]},
                )
                last_at = at
                status = Status.IN_PROGRESS
                if outcome == CallOutcome.REACHED:
                    reached = True
                    if cb is not None:
                        meet(cb, at, eid)
                    break
            if not is_open:
                if not reached:
                    at = work(at + timedelta(hours=rng.uniform(1, 8)))
                    eid = entry(
                        EntryKind.LETTER,
                        at,
                        "Letter sent: unable to reach you by phone",
                        party=str(Party.MEMBER),
                        channel=str(Channel.LETTER),
                    )
                    if cb is not None:
                        meet(cb, at, eid)
                row["callback_completed_at"] = at
                last_at = at
    else:
        contact = next((m for m in first_ms if m["kind"] == "contact_originator"), None)
        if stage >= 1 and contact is not None:
            at = when(contact, 0.9)
            if at < now:
                party = Party.MEMBER if track == Track.MCO_MEMBER else Party.PROVIDER
                eid = entry(
                    EntryKind.CONTACT,
                    at,
                    f"Contacted the {party.value} by phone",
                    party=str(party),
                    channel=str(Channel.PHONE),
                    outcome="Reached",
                )
                meet(contact, at, eid)
                status, last_at = Status.IN_PROGRESS, at
        if stage >= 2 and last_at < now:
            at = work(last_at + timedelta(minutes=rng.randint(15, 240)))
            if at < now:
                dept = rng.choice(env.departments[mco.id])
                row["mco_department"] = dept
                row["referred_at"] = at
                row["decision"] = "mco"
                entry(
                    EntryKind.REFERRAL,
                    at,
                    f"Referred to {mco.name}, {dept}",
                    party=str(Party.MCO),
                    data={"mco_id": mco.id, "department": dept},
                )
                status, last_at = Status.AWAITING_MCO, at
                for ms in start(_matching(env, str(track), str(priority), "referral"), at):
                    if stage >= 3:
                        met = when(ms, 0.85)
                        if met < now:
                            eid = entry(
                                EntryKind.MCO_UPDATE,
                                met,
                                rng.choice(recipe["mco_updates"]),
                                party=str(Party.MCO),
                                outcome="contacted",
                                data={"contacted": True},
                            )
                            meet(ms, met, eid)
                            last_at = max(last_at, met)
    if not is_open:
        at = work(last_at + timedelta(hours=rng.uniform(2, 60)))
        at = min(at, now - timedelta(minutes=5))
        resolution = rng.choice(recipe["resolutions"])
        entry(EntryKind.RESOLUTION, at, "Resolved", notes=resolution)
        status = Status.RESOLVED
        row.update(resolution=resolution, resolved_at=at, updated_at=at)
        for ms in milestones:
            if ms["met_at"] is None:
                ms["closed_reason"] = "cancelled" if ms["due_at"] > at else "breached"
    else:
        row["updated_at"] = max(last_at, received)
    row["status"] = str(status)
    open_due = [
        m["due_at"] for m in milestones if m["met_at"] is None and m["closed_reason"] is None
    ]
    row["next_due_at"] = min(open_due) if open_due and is_open else None
    w.add(Inquiry.__table__, row)
    for e in entries:
        w.add(TimelineEntry.__table__, e)
    for ms in milestones:
        w.add(Milestone.__table__, ms)


def _ensure_staff(session: Session, recipe: dict[str, Any]) -> dict[str, list[int]]:
    staff: dict[str, list[int]] = defaultdict(list)
    known = {u.login: u for u in session.scalars(select(User))}
    for login, name, role in recipe["staff"]:
        user = known.get(login)
        if user is None:
            user = User(login=login, display_name=name, role=role, active=True)
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
                    progress(done, count)
        writer.flush()
        writer.advance_sequences()
        for key, seq in counters.items():
            keep_reference(session, key, seq)  # the counters' one writer
        if progress:
            progress(count, count)
    return count


def has_inquiries(session: Session) -> bool:
    """Whether the database holds any inquiry (demo data goes only into an empty one)."""
    return session.scalar(select(func.count()).select_from(Inquiry)) != 0
