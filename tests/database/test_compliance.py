"""Compliance with the standards over a period: counts per standard, filters, breaches."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone, Policy, User
from liaison_desk.domain import EntryKind, Priority, Role
from liaison_desk.milestones import MilestoneState
from liaison_desk.services import clocks
from liaison_desk.services.compliance import (
    JSON_KEYS,
    ComplianceFilter,
    StandardRow,
    breaches,
    compliance_report,
    period_bounds,
)
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.history import add_entry
from liaison_desk.services.intake import (
    CallbackRequest,
    MemberIntake,
    ProviderIntake,
    create_callback_request,
    create_member_inquiry,
    create_provider_inquiry,
)
from tests.conftest import CHICAGO, make_user

NOV23, NOV24, NOV25 = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def mco_ids(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {name: i for i, name in s.execute(select(Mco.id, Mco.name))}


def member(
    db: Database, ctx: ServiceContext, priority: Priority, mco: str = "Iowa Total Care"
) -> int:
    with db.session() as s:
        return create_member_inquiry(
            s,
            ctx,
            MemberIntake(
                source="CSR",
                member_name="Mary Smith",
                caller_name="Mary Smith",
                caller_phone="515-555-0142",
                enrolled_in_mco=True,
                priority=priority,
                description="Needs a prior authorization.",
                mco_id=mco_ids(db)[mco],
            ),
        ).inquiry.id


def provider(db: Database, ctx: ServiceContext, priority: Priority) -> int:
    with db.session() as s:
        return create_provider_inquiry(
            s,
            ctx,
            ProviderIntake(
                source="Provider",
                npi="1234567893",
                provider_name="Prairie Clinic",
                contact_name="Pat Jones",
                contact_phone="515-555-0100",
                mco_ids=[mco_ids(db)["Wellpoint Iowa"]],
                priority=priority,
                description="Claims denied.",
            ),
        ).inquiry.id


def callback(db: Database, ctx: ServiceContext) -> int:
    with db.session() as s:
        return create_callback_request(
            s,
            ctx,
            CallbackRequest(
                caller_name="Sam", caller_phone="515-555-0199", question="?", member_name="Sam"
            ),
        ).inquiry.id


def log(db: Database, ctx: ServiceContext, inquiry_id: int, kind: EntryKind, **kw: Any) -> None:
    with db.session() as s:
        add_entry(s, ctx, s.get(Inquiry, inquiry_id), kind, str(kind), **kw)  # type: ignore[arg-type]


def contact(db: Database, ctx: ServiceContext, inquiry_id: int, when: datetime) -> None:
    log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="phone", at=when)


def report(
    db: Database, ctx: ServiceContext, start: date, end: date, **f: Any
) -> dict[tuple[Any, ...], StandardRow]:
    with db.read_session() as s:
        rows = compliance_report(
            s, ctx.calendar, ctx.clock.now(), start, end, ComplianceFilter(**f) if f else None
        )
    return {(r.track, r.priority, r.milestone): r for r in rows}


def counts(row: StandardRow) -> tuple[int, int, int, int, int, float | None]:
    return (
        row.due,
        row.met_on_time,
        row.met_late,
        row.open_overdue,
        row.open_on_time,
        row.percent_met,
    )


@pytest.fixture
def week(db: Database, ctx: ServiceContext, clock: ManualClock) -> dict[str, int]:
    """A small, known week of work (clock left at Tue 24 Nov 12:00)."""
    ids: dict[str, int] = {}
    for name in ("on_time", "late", "missed", "resolved_late", "molina"):
        ids[name] = member(
            db,
            ctx,
            Priority.HIGH,
            "Molina Healthcare of Iowa" if name == "molina" else "Iowa Total Care",
        )
    ids["escalated"] = member(db, ctx, Priority.ESCALATED)
    ids["changed"] = member(db, ctx, Priority.ESCALATED)
    ids["cancelled"] = member(db, ctx, Priority.ESCALATED)
    ids["provider"] = provider(db, ctx, Priority.HIGH)
    ids["callback"] = callback(db, ctx)

    clock.set(at(23, 12, 30))
    contact(db, ctx, ids["on_time"], at(23, 12, 30))
    contact(db, ctx, ids["molina"], at(23, 12, 45))
    contact(db, ctx, ids["changed"], at(23, 10))  # met under Escalated (kept after the change)
    clock.set(at(23, 13, 30))
    with db.session() as s:
        # Escalated → High: its contact was met, so nothing is superseded but the MCO clock
        # of the referral below is High.
        clocks.change_priority(s, ctx, s.get(Inquiry, ids["changed"]), "high", "Out of insulin")  # type: ignore[arg-type]
    clock.set(at(23, 14))
    log(db, ctx, ids["changed"], EntryKind.REFERRAL, party="mco")
    clock.set(at(23, 15))
    with db.session() as s:
        inquiry = s.get(Inquiry, ids["cancelled"])
        assert inquiry is not None
        inquiry.closed = True
        clocks.close_open_milestones(s, ctx, inquiry, "resolved")  # not due yet: cancelled
        inquiry = s.get(Inquiry, ids["resolved_late"])
        assert inquiry is not None
        inquiry.closed = True
        clocks.close_open_milestones(s, ctx, inquiry, "resolved")  # due 13:00: breached
    clock.set(at(24, 10))
    contact(db, ctx, ids["late"], at(24, 10))
    log(db, ctx, ids["callback"], EntryKind.LETTER, party="member", channel="letter")
    clock.set(at(24, 12))
    with db.session() as s:
        clocks.raise_follow_ups(s, ctx)  # "changed": MCO contact missed Mon 17:00
    return ids


def test_counts_per_standard(db: Database, ctx: ServiceContext, week: dict[str, int]) -> None:
    rows = report(db, ctx, NOV23, NOV25)
    assert {k: counts(r) for k, r in rows.items()} == {
        # on_time, molina and changed(met under Escalated ⇒ escalated row) on time;
        # late met late; missed and resolved_late overdue.
        ("mco_member", "high", "contact_originator"): (5, 2, 1, 2, 0, 40.0),
        ("mco_member", "high", "mco_contact"): (1, 0, 0, 1, 0, 0.0),
        ("mco_member", None, "follow_up_mco"): (1, 0, 0, 0, 1, None),
        # escalated (due Tue 17:00, open) and changed (met Mon 10:00); "cancelled" left out.
        # A clock not yet due is neither met nor missed.
        ("mco_member", "escalated", "contact_originator"): (2, 1, 0, 0, 1, 100.0),
        ("mco_provider", "high", "contact_originator"): (1, 0, 0, 0, 1, None),
        ("ime_callback", None, "callback"): (1, 1, 0, 0, 0, 100.0),
    }
    for r in rows.values():
        assert r.met_on_time + r.met_late + r.open_overdue + r.open_on_time == r.due
    assert next(iter(rows)) == ("mco_member", "high", "contact_originator")  # stable order
    assert rows[("mco_member", "high", "contact_originator")].label == "Contact originator"
    assert rows[("mco_member", "high", "contact_originator")].breached == 3


def test_period_is_by_due_date_in_the_calendar_timezone(
    db: Database, ctx: ServiceContext, week: dict[str, int]
) -> None:
    monday = report(db, ctx, NOV23, NOV23)
    assert set(monday) == {
        ("mco_member", "high", "contact_originator"),
        ("mco_member", "high", "mco_contact"),
    }
    tuesday = report(db, ctx, NOV24, NOV24)
    assert counts(tuesday[("mco_member", "escalated", "contact_originator")]) == (
        2,
        1,
        0,
        0,
        1,
        100.0,
    )
    assert ("mco_member", "high", "contact_originator") not in tuesday
    assert report(db, ctx, date(2026, 12, 1), date(2026, 12, 31)) == {}
    start, end = period_bounds(ctx.calendar, NOV23, NOV24)
    assert (start, end) == (
        datetime(2026, 11, 23, 6, tzinfo=UTC),
        datetime(2026, 11, 25, 6, tzinfo=UTC),
    )


def test_local_midnight_boundary(db: Database, ctx: ServiceContext) -> None:
    # 23:30 in Des Moines on the 24th is 05:30 UTC on the 25th: it belongs to the 24th.
    inquiry_id = member(db, ctx, Priority.HIGH)
    with db.session() as s:
        m = s.scalars(select(Milestone).where(Milestone.inquiry_id == inquiry_id)).one()
        m.due_at = at(24, 23, 30)
    assert (
        counts(report(db, ctx, NOV24, NOV24)[("mco_member", "high", "contact_originator")])[0] == 1
    )
    assert report(db, ctx, NOV25, NOV25) == {}


def test_filters(db: Database, ctx: ServiceContext, week: dict[str, int]) -> None:
    rows = report(db, ctx, NOV23, NOV25, tracks=["mco_provider", "ime_callback"])
    assert set(rows) == {
        ("mco_provider", "high", "contact_originator"),
        ("ime_callback", None, "callback"),
    }
    molina = mco_ids(db)["Molina Healthcare of Iowa"]
    rows = report(db, ctx, NOV23, NOV25, mco_ids=[molina])
    assert {k: counts(r) for k, r in rows.items()} == {
        ("mco_member", "high", "contact_originator"): (1, 1, 0, 0, 0, 100.0)
    }
    rows = report(db, ctx, NOV23, NOV25, priorities=["escalated"], tracks=["mco_member"])
    assert set(rows) == {("mco_member", "escalated", "contact_originator")}
    rows = report(db, ctx, NOV23, NOV25, milestones=["mco_contact", "follow_up_mco"])
    assert set(rows) == {
        ("mco_member", "high", "mco_contact"),
        ("mco_member", None, "follow_up_mco"),
    }
    rows = report(db, ctx, NOV23, NOV25, policy_keys=["ime_callback.call_back"])
    assert set(rows) == {("ime_callback", None, "callback")}
    assert ctx.actor.user_id is not None
    assert len(report(db, ctx, NOV23, NOV25, assignee_ids=[ctx.actor.user_id])) == 5
    other = make_user(db, "other", Role.LIAISON)
    assert report(db, ctx, NOV23, NOV25, assignee_ids=[other.user_id]) == {}
    assert report(db, ctx, NOV23, NOV25, sources=["Provider"]).keys() == {
        ("mco_provider", "high", "contact_originator")
    }


def test_breaches_list(db: Database, ctx: ServiceContext, week: dict[str, int]) -> None:
    with db.read_session() as s:
        found = breaches(s, ctx.calendar, ctx.clock.now(), NOV23, NOV25)
        refs = {i: r for i, r in s.execute(select(Inquiry.id, Inquiry.reference))}
    assert [(b.inquiry_id, b.milestone, b.due_at, b.met_at, b.state) for b in found] == [
        (week["late"], "contact_originator", at(23, 13), at(24, 10), MilestoneState.MET_LATE),
        (week["missed"], "contact_originator", at(23, 13), None, MilestoneState.OVERDUE),
        (week["resolved_late"], "contact_originator", at(23, 13), None, MilestoneState.OVERDUE),
        (week["changed"], "mco_contact", at(23, 17), None, MilestoneState.OVERDUE),
    ]
    assert found[0].reference == refs[week["late"]]
    assert (found[0].track, found[0].priority, found[0].label) == (
        "mco_member",
        "high",
        "Contact originator",
    )
    with db.read_session() as s:
        assert len(breaches(s, ctx.calendar, ctx.clock.now(), NOV23, NOV25, limit=2)) == 2
        only = breaches(
            s,
            ctx.calendar,
            ctx.clock.now(),
            NOV23,
            NOV25,
            ComplianceFilter(milestones=["mco_contact"]),
        )
    assert [b.inquiry_id for b in only] == [week["changed"]]


def test_moving_now_turns_open_on_time_into_overdue(
    db: Database, ctx: ServiceContext, clock: ManualClock, week: dict[str, int]
) -> None:
    clock.set(at(25, 9))
    rows = report(db, ctx, NOV23, NOV25)
    assert counts(rows[("mco_member", "escalated", "contact_originator")]) == (2, 1, 0, 1, 0, 50.0)


def test_json_shape(db: Database, ctx: ServiceContext, week: dict[str, int]) -> None:
    rows = report(db, ctx, NOV23, NOV25)
    row = rows[("ime_callback", None, "callback")].as_json()
    assert tuple(row) == JSON_KEYS
    assert row == {
        "track": "ime_callback",
        "priority": None,
        "milestone": "callback",
        "due": 1,
        "met_on_time": 1,
        "met_late": 0,
        "open_overdue": 0,
        "open_on_time": 0,
        "percent_met": 100.0,
    }


def test_percent_is_rounded_to_one_decimal(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    ids = [member(db, ctx, Priority.HIGH) for _ in range(3)]
    contact(db, ctx, ids[0], at(23, 10))
    contact(db, ctx, ids[1], at(23, 11))
    clock.set(at(24, 9))
    row = report(db, ctx, NOV23, NOV23)[("mco_member", "high", "contact_originator")]
    assert counts(row) == (3, 2, 0, 1, 0, 66.7)


def test_clocks_not_yet_due_are_neither_met_nor_missed(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    # Six Escalated member issues (due Tue 17:00); three are contacted on Monday.
    ids = [member(db, ctx, Priority.ESCALATED) for _ in range(6)]
    key = ("mco_member", "escalated", "contact_originator")
    clock.set(at(23, 12))
    assert counts(report(db, ctx, NOV23, NOV25)[key]) == (6, 0, 0, 0, 6, None)
    for inquiry_id in ids[:3]:
        contact(db, ctx, inquiry_id, at(23, 11))
    row = report(db, ctx, NOV23, NOV25)[key]
    assert counts(row) == (6, 3, 0, 0, 3, 100.0)
    assert row.target_percent is None and row.target_reached is None
    clock.set(at(25, 9))  # the other three are now overdue
    assert counts(report(db, ctx, NOV23, NOV25)[key]) == (6, 3, 0, 3, 0, 50.0)


def test_a_standard_with_a_target_says_whether_it_is_reached(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    from tests.action_helpers import email_inquiry

    ids = [email_inquiry(db, ctx) for _ in range(2)]
    key = ("email", None, "email_first_response")
    log(db, ctx, ids[0], EntryKind.CONTACT, party="member", channel="email", outcome="sent",
        at=at(23, 10))  # fmt: skip
    clock.set(at(24, 12))
    row = report(db, ctx, NOV23, NOV25)[key]
    assert (row.percent_met, row.target_percent, row.target_reached) == (100.0, 100.0, True)
    clock.set(at(25, 9))  # the second is past due unanswered: 50 % against 100 %
    row = report(db, ctx, NOV23, NOV25)[key]
    assert (row.percent_met, row.target_reached) == (50.0, False)


def test_aggregation_agrees_with_counting_in_python(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    """Random milestones, inserted in bulk, counted by SQL and by hand."""
    rng = random.Random(7)
    with db.session() as s:
        policies = list(s.scalars(select(Policy).where(Policy.enabled.is_(True))))
        user_ids = [u for u in s.scalars(select(User.id))]
        now = at(25, 12).astimezone(UTC)
        expected: Counter[tuple[Any, ...]] = Counter()
        inquiries = []
        for n in range(300):
            policy = rng.choice(policies)
            track = (
                policy.track if policy.track != "*" else rng.choice(["mco_member", "mco_provider"])
            )
            inquiry = Inquiry(
                reference=f"261101-{n:04d}",
                track=track,
                priority=policy.priority or "escalated",
                status="open",
                closed=False,
                received_at=at(16, 9),
                source="CSR",
                created_at=at(16, 9),
                updated_at=at(16, 9),
                assignee_id=rng.choice(user_ids),
            )
            for _ in range(rng.randint(1, 4)):
                due = at(16, 9).astimezone(UTC) + timedelta(minutes=rng.randint(0, 20 * 24 * 60))
                met = rng.choice(
                    [
                        None,
                        due - timedelta(minutes=rng.randint(0, 600)),
                        due + timedelta(minutes=rng.randint(1, 600)),
                    ]
                )
                reason = rng.choice([None, None, None, "cancelled", "superseded", "breached"])
                if met is not None:
                    reason = "met"
                inquiry.milestones.append(
                    Milestone(
                        policy_id=policy.id,
                        kind=policy.milestone,
                        label=policy.label,
                        started_at=at(16, 9),
                        due_at=due,
                        met_at=met,
                        closed_reason=reason,
                        policy_snapshot={},
                    )
                )
                local_day = due.astimezone(CHICAGO).date()
                if reason in ("cancelled", "superseded") or not (
                    NOV23 <= local_day <= date(2026, 12, 4)
                ):
                    continue
                key = (track, policy.priority, policy.milestone, policy.key)
                if met is not None:
                    expected[(*key, "on_time" if met <= due else "late")] += 1
                else:
                    expected[(*key, "overdue" if due < now else "open")] += 1
            inquiries.append(inquiry)
        s.add_all(inquiries)
    with db.read_session() as s:
        rows = compliance_report(s, ctx.calendar, now, NOV23, date(2026, 12, 4))
    got: Counter[tuple[Any, ...]] = Counter()
    for r in rows:
        key = (r.track, r.priority, r.milestone, r.policy_key)
        for name, n in (
            ("on_time", r.met_on_time),
            ("late", r.met_late),
            ("overdue", r.open_overdue),
            ("open", r.open_on_time),
        ):
            if n:
                got[(*key, name)] = n
    assert got == expected
    assert sum(r.due for r in rows) == sum(expected.values()) > 100


def test_a_reversed_period_is_refused(
    db: Database, ctx: ServiceContext, calendar: BusinessCalendar
) -> None:
    with db.read_session() as s, pytest.raises(ValueError):
        compliance_report(s, calendar, ctx.clock.now(), NOV25, NOV23)


def test_split_by_category_and_outcome(
    db: Database, ctx: ServiceContext, week: dict[str, int]
) -> None:
    """Issue 14: each standard's figures per issue category (or outcome), adding up to the
    standard's own; the inquiries without one on their own line, last."""
    from sqlalchemy import update

    with db.session() as s:
        for name, category in (("on_time", "Pharmacy"), ("late", "Pharmacy"),
                               ("missed", "Transportation")):  # fmt: skip
            s.execute(update(Inquiry).where(Inquiry.id == week[name]).values(category=category))
        s.execute(
            update(Inquiry).where(Inquiry.id == week["resolved_late"]).values(outcome="Withdrawn")
        )
    whole = report(db, ctx, NOV23, NOV25)
    with db.read_session() as s:
        split = compliance_report(s, ctx.calendar, ctx.clock.now(), NOV23, NOV25,
                                  group_by="category")  # fmt: skip
        by_outcome = compliance_report(s, ctx.calendar, ctx.clock.now(), NOV23, NOV25,
                                       group_by="outcome")  # fmt: skip
        only = compliance_report(s, ctx.calendar, ctx.clock.now(), NOV23, NOV25,
                                 ComplianceFilter(categories=["Pharmacy"]))  # fmt: skip
    contact = [r for r in split if (r.track, r.priority, r.milestone)
               == ("mco_member", "high", "contact_originator")]  # fmt: skip
    assert [(r.group, r.due, r.met_on_time, r.met_late, r.open_overdue) for r in contact] == [
        ("Pharmacy", 2, 1, 1, 0),
        ("Transportation", 1, 0, 0, 1),
        ("", 2, 1, 0, 1),  # molina and resolved_late have no category
    ]
    assert contact[0].percent_met == 50.0 and contact[0].as_json()["group"] == "Pharmacy"
    for key, r in whole.items():  # every split adds up to its standard
        parts = [p for p in split if (p.track, p.priority, p.milestone) == key]
        assert sum(p.due for p in parts) == r.due
        assert sum(p.met_on_time for p in parts) == r.met_on_time
    withdrawn = [r for r in by_outcome if r.group == "Withdrawn"]
    assert [(r.milestone, r.open_overdue) for r in withdrawn] == [("contact_originator", 1)]
    assert [(r.milestone, r.due) for r in only] == [("contact_originator", 2)]
    assert "group" not in next(iter(whole.values())).as_json()  # not split: the spec's keys
    with pytest.raises(ValueError, match="category or outcome"), db.read_session() as s:
        compliance_report(s, ctx.calendar, ctx.clock.now(), NOV23, NOV25, group_by="mco")
