"""End to end: one inquiry of each track and priority, walked through Thanksgiving week 2026
with a moved clock, every milestone's state and countdown checked at every step.

The calendar is the team's: Iowa holidays (Thursday 26 November is Thanksgiving) plus the
day after Thanksgiving, which the admin closes as SPEC section 3 describes. Business days
of the walk: Mon 23, Tue 24, Wed 25, then Mon 30 and Tue 1 December.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone, TimelineEntry
from liaison_desk.domain import EntryKind, Priority, Status
from liaison_desk.milestones import MilestoneState, assess
from liaison_desk.services import calendar_config, clocks
from liaison_desk.services.compliance import compliance_report
from liaison_desk.services.context import Actor, ServiceContext
from liaison_desk.services.history import add_entry
from liaison_desk.services.intake import (
    CallbackRequest,
    MemberIntake,
    ProviderIntake,
    create_callback_request,
    create_member_inquiry,
    create_provider_inquiry,
)
from tests.conftest import CHICAGO

ON = MilestoneState.ON_TRACK
WARN = MilestoneState.PAST_WARN
OVER = MilestoneState.OVERDUE
MET = MilestoneState.MET_ON_TIME
LATE = MilestoneState.MET_LATE
PAUSED = MilestoneState.PAUSED
GONE = MilestoneState.CANCELLED


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


class Walk:
    def __init__(self, db: Database, ctx: ServiceContext, clock: ManualClock) -> None:
        self.db, self.ctx, self.clock = db, ctx, clock
        self.ids: dict[str, int] = {}

    def to(self, when: datetime) -> None:
        self.clock.set(when)

    def log(self, name: str, kind: EntryKind, **kw: Any) -> None:
        with self.db.session() as s:
            inquiry = s.get(Inquiry, self.ids[name])
            assert inquiry is not None
            add_entry(s, self.ctx, inquiry, kind, kw.pop("summary", str(kind)), **kw)

    def refresh(self) -> list[Milestone]:
        """What the client does on refresh: raise follow-ups for missed MCO contacts."""
        with self.db.session() as s:
            return clocks.raise_follow_ups(s, self.ctx)

    def resolve(self, name: str) -> None:
        with self.db.session() as s:
            inquiry = s.get(Inquiry, self.ids[name])
            assert inquiry is not None
            inquiry.status, inquiry.closed = str(Status.RESOLVED), True
            inquiry.resolved_at = self.clock.now()
            add_entry(s, self.ctx, inquiry, EntryKind.RESOLUTION, "Resolved")
            clocks.close_open_milestones(s, self.ctx, inquiry, "resolved")

    def states(self) -> dict[str, dict[str, tuple[MilestoneState, str]]]:
        now = self.clock.now()
        out: dict[str, dict[str, tuple[MilestoneState, str]]] = {}
        with self.db.read_session() as s:
            for name, inquiry_id in self.ids.items():
                rows = s.scalars(
                    select(Milestone)
                    .where(Milestone.inquiry_id == inquiry_id)
                    .order_by(Milestone.id)
                )
                seen: dict[str, tuple[MilestoneState, str]] = {}
                for m in rows:
                    key = m.kind if m.closed_reason != "superseded" else f"{m.kind}~superseded"
                    a = assess(m, now, self.ctx.calendar)
                    seen[key] = (a.state, a.countdown)
                out[name] = seen
        return out

    def next_due(self, name: str) -> datetime | None:
        with self.db.read_session() as s:
            return s.get(Inquiry, self.ids[name]).next_due_at  # type: ignore[union-attr]

    def check(self, expected: dict[str, dict[str, tuple[MilestoneState, str]]]) -> None:
        got = self.states()
        assert got == expected, f"at {self.clock.now().astimezone(CHICAGO):%a %d %H:%M}"


def _intake(db: Database, ctx: ServiceContext) -> dict[str, int]:
    ids: dict[str, int] = {}
    with db.session() as s:
        itc = s.scalars(select(Mco.id).where(Mco.name == "Iowa Total Care")).one()
        wellpoint = s.scalars(select(Mco.id).where(Mco.name == "Wellpoint Iowa")).one()
        for name, priority in (("member_high", Priority.HIGH), ("member_esc", Priority.ESCALATED)):
            ids[name] = create_member_inquiry(
                s,
                ctx,
                MemberIntake(
                    source="Managed Care Ombudsman",
                    member_name="Mary Smith",
                    caller_name="Ann Advocate",
                    caller_phone="(515) 555-0142",
                    enrolled_in_mco=True,
                    priority=priority,
                    description="Home health visits stopped without notice.",
                    member_state_id="1234567A",
                    mco_id=itc,
                ),
            ).inquiry.id
        for name, priority in (
            ("provider_high", Priority.HIGH),
            ("provider_esc", Priority.ESCALATED),
        ):
            ids[name] = create_provider_inquiry(
                s,
                ctx,
                ProviderIntake(
                    source="Provider Association Group",
                    npi="1234567893",
                    provider_name="Prairie Clinic",
                    contact_name="Pat Jones",
                    contact_phone="515-555-0100",
                    mco_ids=[wellpoint, itc],
                    priority=priority,
                    description="Claims pending for 90 days.",
                ),
            ).inquiry.id
        ids["callback"] = create_callback_request(
            s,
            ctx,
            CallbackRequest(
                caller_name="Sam Caller",
                caller_phone="515-555-0199",
                question="Why was my coverage ended?",
                member_name="Sam Caller",
                mailing_address="1 Main St, Des Moines IA 50309",
            ),
        ).inquiry.id
    return ids


def test_a_week_of_every_track_and_priority(
    db: Database, clock: ManualClock, liaison: Actor
) -> None:
    with db.read_session() as s:
        calendar = calendar_config.load_calendar(s)
    assert calendar.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert calendar.holiday_name(date(2026, 11, 27)) == "Friday after Thanksgiving"
    ctx = ServiceContext(liaison, clock, calendar)
    w = Walk(db, ctx, clock)

    # Monday 23 November, 9:00 — everything received now.
    w.ids = _intake(db, ctx)
    w.check(
        {
            "member_high": {"contact_originator": (ON, "4h 00m")},
            "member_esc": {"contact_originator": (ON, "1d 8h")},
            "provider_high": {"contact_originator": (ON, "2d 8h")},
            "provider_esc": {"contact_originator": (ON, "4d 8h")},
            "callback": {"callback": (ON, "2d 8h")},
        }
    )
    assert w.next_due("member_high") == at(23, 13)
    assert w.next_due("provider_esc") == datetime(2026, 12, 1, 17, tzinfo=CHICAGO)

    # 12:00 — the High member contact is past its 2-hour warning.
    w.to(at(23, 12))
    w.check(
        {
            "member_high": {"contact_originator": (WARN, "1h 00m")},
            "member_esc": {"contact_originator": (ON, "1d 5h")},
            "provider_high": {"contact_originator": (ON, "2d 5h")},
            "provider_esc": {"contact_originator": (ON, "4d 5h")},
            "callback": {"callback": (ON, "2d 5h")},
        }
    )

    # 12:30 — the liaison reaches the member; an internal note and an unanswered callback
    # attempt meet nothing.
    w.to(at(23, 12, 30))
    w.log("member_high", EntryKind.CONTACT, party="member", channel="phone", outcome="reached")
    w.log("member_esc", EntryKind.NOTE, summary="Sent to MSA/ESR")
    w.log("callback", EntryKind.CALLBACK_ATTEMPT, channel="phone", outcome="no_answer")
    w.check(
        {
            "member_high": {"contact_originator": (MET, "met")},
            "member_esc": {"contact_originator": (ON, "1d 4h")},
            "provider_high": {"contact_originator": (ON, "2d 4h")},
            "provider_esc": {"contact_originator": (ON, "4d 4h")},
            "callback": {"callback": (ON, "2d 4h")},
        }
    )
    assert w.next_due("member_high") is None

    # 14:00 — referrals to the MCO start the MCO clocks.
    w.to(at(23, 14))
    w.log("member_high", EntryKind.REFERRAL, party="mco", channel="phone")
    w.log("provider_high", EntryKind.REFERRAL, party="mco", channel="email")
    w.check(
        {
            "member_high": {"contact_originator": (MET, "met"), "mco_contact": (ON, "3h 00m")},
            "member_esc": {"contact_originator": (ON, "1d 3h")},
            "provider_high": {
                "contact_originator": (ON, "2d 3h"),
                "mco_contact": (ON, "2d 3h"),
            },
            "provider_esc": {"contact_originator": (ON, "4d 3h")},
            "callback": {"callback": (ON, "2d 3h")},
        }
    )
    assert w.next_due("member_high") == at(23, 17)

    # 17:01 — the MCO did not report contact by end of day: overdue, and the refresh raises
    # the follow-up, due at the end of the next business day. Everything else is paused.
    w.to(at(23, 17, 1))
    raised = w.refresh()
    assert [(m.inquiry_id, m.due_at) for m in raised] == [(w.ids["member_high"], at(24, 17))]
    assert w.refresh() == []
    tue = "paused — resumes Tue 8:00 AM"
    w.check(
        {
            "member_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (OVER, "overdue"),
                "follow_up_mco": (PAUSED, tue),
            },
            "member_esc": {"contact_originator": (PAUSED, tue)},
            "provider_high": {"contact_originator": (PAUSED, tue), "mco_contact": (PAUSED, tue)},
            "provider_esc": {"contact_originator": (PAUSED, tue)},
            "callback": {"callback": (PAUSED, tue)},
        }
    )

    # Tuesday 9:00 — follow-up with the MCO; the MSA reaches the escalated member and refers.
    w.to(at(24, 9))
    w.log("member_high", EntryKind.FOLLOW_UP, party="mco", channel="phone", outcome="asked")
    w.log("member_esc", EntryKind.CONTACT, party="member", channel="phone", outcome="reached")
    w.log("member_esc", EntryKind.REFERRAL, party="mco", channel="phone")
    w.check(
        {
            "member_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (OVER, "overdue 1h 00m"),
                "follow_up_mco": (MET, "met"),
            },
            "member_esc": {"contact_originator": (MET, "met"), "mco_contact": (ON, "1d 8h")},
            "provider_high": {
                "contact_originator": (ON, "1d 8h"),
                "mco_contact": (ON, "1d 8h"),
            },
            "provider_esc": {"contact_originator": (ON, "3d 8h")},
            "callback": {"callback": (ON, "1d 8h")},
        }
    )

    # 11:00 — the MCO's update (contact made at 10:30) is recorded; the escalated provider
    # issue is raised to High, which recomputes its clock from Monday's receipt.
    w.to(at(24, 11))
    w.log("member_high", EntryKind.MCO_UPDATE, party="mco", outcome="contacted", at=at(24, 10, 30))
    with db.session() as s:
        clocks.change_priority(
            s,
            ctx,
            s.get(Inquiry, w.ids["provider_esc"]),  # type: ignore[arg-type]
            Priority.HIGH,
            "Provider may leave the network",
        )
    w.check(
        {
            "member_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (LATE, "met 2h 30m late"),
                "follow_up_mco": (MET, "met"),
            },
            "member_esc": {"contact_originator": (MET, "met"), "mco_contact": (ON, "1d 6h")},
            "provider_high": {
                "contact_originator": (ON, "1d 6h"),
                "mco_contact": (ON, "1d 6h"),
            },
            "provider_esc": {
                "contact_originator~superseded": (GONE, "superseded"),
                "contact_originator": (ON, "1d 6h"),
            },
            "callback": {"callback": (ON, "1d 6h")},
        }
    )
    assert w.next_due("member_high") is None
    with db.read_session() as s:
        change = s.scalars(
            select(TimelineEntry).where(
                TimelineEntry.inquiry_id == w.ids["provider_esc"],
                TimelineEntry.kind == str(EntryKind.PRIORITY_CHANGE),
            )
        ).one()
        assert change.data["reason"] == "Provider may leave the network"

    # 17:30 — closed for the night; the High provider clocks passed their warning at 17:00.
    w.to(at(24, 17, 30))
    wed = "paused — resumes Wed 8:00 AM"
    w.check(
        {
            "member_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (LATE, "met 2h 30m late"),
                "follow_up_mco": (MET, "met"),
            },
            "member_esc": {"contact_originator": (MET, "met"), "mco_contact": (PAUSED, wed)},
            "provider_high": {
                "contact_originator": (PAUSED, wed),
                "mco_contact": (PAUSED, wed),
            },
            "provider_esc": {
                "contact_originator~superseded": (GONE, "superseded"),
                "contact_originator": (PAUSED, wed),
            },
            "callback": {"callback": (PAUSED, wed)},
        }
    )
    with db.read_session() as s:
        m = s.scalars(
            select(Milestone).where(
                Milestone.inquiry_id == w.ids["provider_high"],
                Milestone.kind == "contact_originator",
            )
        ).one()
        paused = assess(m, clock.now(), calendar)
        assert paused.past_warn and "1d 0h left when the office opens" in paused.tooltip

    # Wednesday 16:00 — the Unit Lead reaches the caller; the provider is contacted.
    w.to(at(25, 16))
    w.log("callback", EntryKind.CALLBACK_ATTEMPT, channel="phone", outcome="reached")
    w.log("provider_high", EntryKind.CONTACT, party="provider", channel="phone", outcome="reached")
    w.check(
        {
            "member_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (LATE, "met 2h 30m late"),
                "follow_up_mco": (MET, "met"),
            },
            "member_esc": {"contact_originator": (MET, "met"), "mco_contact": (WARN, "1h 00m")},
            "provider_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (WARN, "1h 00m"),
            },
            "provider_esc": {
                "contact_originator~superseded": (GONE, "superseded"),
                "contact_originator": (WARN, "1h 00m"),
            },
            "callback": {"callback": (MET, "met")},
        }
    )

    # 17:30, eve of Thanksgiving — three deadlines missed at 17:00. Follow-ups are due at the
    # end of the next business day: Monday, since Thursday and Friday are closed.
    w.to(at(25, 17, 30))
    raised = w.refresh()
    assert sorted((m.inquiry_id, m.due_at) for m in raised) == sorted(
        [(w.ids["member_esc"], at(30, 17)), (w.ids["provider_high"], at(30, 17))]
    )
    mon = "paused — resumes Mon 8:00 AM"
    before_holiday = {
        "member_high": {
            "contact_originator": (MET, "met"),
            "mco_contact": (LATE, "met 2h 30m late"),
            "follow_up_mco": (MET, "met"),
        },
        "member_esc": {
            "contact_originator": (MET, "met"),
            "mco_contact": (OVER, "overdue"),
            "follow_up_mco": (PAUSED, mon),
        },
        "provider_high": {
            "contact_originator": (MET, "met"),
            "mco_contact": (OVER, "overdue"),
            "follow_up_mco": (PAUSED, mon),
        },
        "provider_esc": {
            "contact_originator~superseded": (GONE, "superseded"),
            "contact_originator": (OVER, "overdue"),
        },
        "callback": {"callback": (MET, "met")},
    }
    w.check(before_holiday)

    # Thanksgiving Day and the Saturday after: nothing moves; overdue stays overdue.
    for when in (at(26, 10), at(27, 11), at(28, 12)):
        w.to(when)
        assert w.refresh() == []
        w.check(before_holiday)

    # Monday 30 November, 10:00 — back at work: two business hours overdue.
    w.to(at(30, 10))
    w.check(
        {
            **before_holiday,
            "member_esc": {
                "contact_originator": (MET, "met"),
                "mco_contact": (OVER, "overdue 2h 00m"),
                "follow_up_mco": (ON, "7h 00m"),
            },
            "provider_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (OVER, "overdue 2h 00m"),
                "follow_up_mco": (ON, "7h 00m"),
            },
            "provider_esc": {
                "contact_originator~superseded": (GONE, "superseded"),
                "contact_originator": (OVER, "overdue 2h 00m"),
            },
        }
    )
    w.log("member_esc", EntryKind.FOLLOW_UP, party="mco", channel="email", outcome="asked")
    w.log(
        "provider_high",
        EntryKind.MCO_UPDATE,
        party="mco",
        outcome="resolved",
        data={"contacted": True},
    )
    w.check(
        {
            **before_holiday,
            "member_esc": {
                "contact_originator": (MET, "met"),
                "mco_contact": (OVER, "overdue 2h 00m"),
                "follow_up_mco": (MET, "met"),
            },
            "provider_high": {
                "contact_originator": (MET, "met"),
                "mco_contact": (LATE, "met 2h 00m late"),
                "follow_up_mco": (MET, "met"),
            },
            "provider_esc": {
                "contact_originator~superseded": (GONE, "superseded"),
                "contact_originator": (OVER, "overdue 2h 00m"),
            },
        }
    )

    # 11:00 — the MCO reports contact for the escalated member; resolutions. The unmet
    # provider contact stays a breach ("not met") after its inquiry is resolved.
    w.to(at(30, 11))
    w.log("member_esc", EntryKind.MCO_UPDATE, party="mco", outcome="contacted")
    for name in ("member_high", "member_esc", "provider_high", "provider_esc", "callback"):
        w.resolve(name)
    final = {
        "member_high": {
            "contact_originator": (MET, "met"),
            "mco_contact": (LATE, "met 2h 30m late"),
            "follow_up_mco": (MET, "met"),
        },
        "member_esc": {
            "contact_originator": (MET, "met"),
            "mco_contact": (LATE, "met 3h 00m late"),
            "follow_up_mco": (MET, "met"),
        },
        "provider_high": {
            "contact_originator": (MET, "met"),
            "mco_contact": (LATE, "met 2h 00m late"),
            "follow_up_mco": (MET, "met"),
        },
        "provider_esc": {
            "contact_originator~superseded": (GONE, "superseded"),
            "contact_originator": (OVER, "not met"),
        },
        "callback": {"callback": (MET, "met")},
    }
    w.check(final)
    assert all(w.next_due(name) is None for name in w.ids)
    w.to(at(30, 20))
    w.check(final)

    # The week in the compliance report.
    with db.read_session() as s:
        rows = compliance_report(s, calendar, clock.now(), date(2026, 11, 23), date(2026, 11, 30))
    assert [
        (
            r.track,
            r.priority,
            r.milestone,
            r.due,
            r.met_on_time,
            r.met_late,
            r.open_overdue,
            r.percent_met,
        )
        for r in rows
    ] == [
        ("mco_member", "high", "contact_originator", 1, 1, 0, 0, 100.0),
        ("mco_member", "high", "mco_contact", 1, 0, 1, 0, 0.0),
        ("mco_member", "escalated", "contact_originator", 1, 1, 0, 0, 100.0),
        ("mco_member", "escalated", "mco_contact", 1, 0, 1, 0, 0.0),
        ("mco_member", None, "follow_up_mco", 2, 2, 0, 0, 100.0),
        ("mco_provider", "high", "contact_originator", 2, 1, 0, 1, 50.0),
        ("mco_provider", "high", "mco_contact", 1, 0, 1, 0, 0.0),
        ("mco_provider", None, "follow_up_mco", 1, 1, 0, 0, 100.0),
        ("ime_callback", None, "callback", 1, 1, 0, 0, 100.0),
    ]
