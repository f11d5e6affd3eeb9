"""The clocks service: milestones started at intake and by referral, met by the right
entries, follow-ups raised, priority changes, resolution and reopening, calendar settings."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from sqlalchemy import func, select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry, Inquiry, Mco, Milestone, TimelineEntry
from liaison_desk.domain import EntryKind, Priority, Role
from liaison_desk.errors import NotFoundError, PermissionDenied, ValidationError
from liaison_desk.milestones import MilestoneState, assess
from liaison_desk.services import calendar_config, clocks, policy_admin
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

S = MilestoneState


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CHICAGO)


def new_inquiry(
    db: Database, ctx: ServiceContext, track: str, priority: Priority = Priority.HIGH, **kw: Any
) -> int:
    with db.session() as s:
        mco_id = s.scalars(select(Mco.id).where(Mco.name == "Iowa Total Care")).one()
        if track == "mco_member":
            r = create_member_inquiry(
                s,
                ctx,
                MemberIntake(
                    source="CSR",
                    member_name="Mary Smith",
                    caller_name="Mary Smith",
                    caller_phone="515-555-0142",
                    enrolled_in_mco=True,
                    priority=priority,
                    description="Transportation to dialysis was not arranged.",
                    mco_id=mco_id,
                    **kw,
                ),
            )
        elif track == "mco_provider":
            r = create_provider_inquiry(
                s,
                ctx,
                ProviderIntake(
                    source="Provider",
                    npi="1234567893",
                    provider_name="Prairie Clinic",
                    contact_name="Pat Jones",
                    contact_phone="515-555-0100",
                    mco_ids=[mco_id],
                    priority=priority,
                    description="Claims denied for timely filing.",
                    **kw,
                ),
            )
        else:
            r = create_callback_request(
                s,
                ctx,
                CallbackRequest(
                    caller_name="Sam Caller",
                    caller_phone="515-555-0199",
                    question="Why was my coverage ended?",
                    member_name="Sam Caller",
                    **kw,
                ),
            )
        return r.inquiry.id


def log(
    db: Database, ctx: ServiceContext, inquiry_id: int, kind: EntryKind, **kw: Any
) -> list[Milestone]:
    """Add a timeline entry (at = now unless given) and return what the clocks changed."""
    with db.session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        before = {m.id: (m.met_at, m.closed_reason) for m in inquiry.milestones}
        add_entry(s, ctx, inquiry, kind, kw.pop("summary", str(kind)), **kw)
        return [m for m in inquiry.milestones if before.get(m.id) != (m.met_at, m.closed_reason)]


def milestones(db: Database, inquiry_id: int) -> dict[str, Milestone]:
    """Running or finished milestones by kind (superseded/cancelled ones under 'kind~reason')."""
    with db.session() as s:
        rows = s.scalars(
            select(Milestone).where(Milestone.inquiry_id == inquiry_id).order_by(Milestone.id)
        ).all()
        out: dict[str, Milestone] = {}
        for m in rows:
            key = m.kind
            if m.closed_reason in ("superseded", "cancelled"):
                key = f"{m.kind}~{m.closed_reason}"
            out.setdefault(key, m)
            if key in out and out[key] is not m:
                out[key + "#2"] = m
        return out


def state(db: Database, ctx: ServiceContext, inquiry_id: int, kind: str) -> tuple[S, str]:
    a = assess(milestones(db, inquiry_id)[kind], ctx.clock.now(), ctx.calendar)
    return a.state, a.countdown


def next_due(db: Database, inquiry_id: int) -> datetime | None:
    with db.session() as s:
        return s.get(Inquiry, inquiry_id).next_due_at  # type: ignore[union-attr]


# ------------------------------------------------------------------ start at intake


def test_intake_starts_the_standards_of_track_and_priority(
    db: Database, ctx: ServiceContext
) -> None:
    expected = {
        ("mco_member", Priority.HIGH): {"contact_originator": (at(23, 11), at(23, 13))},
        ("mco_member", Priority.ESCALATED): {"contact_originator": (at(24, 12, 45), at(24, 17))},
        ("mco_provider", Priority.HIGH): {"contact_originator": (at(24, 17), at(25, 17))},
        ("mco_provider", Priority.ESCALATED): {
            "contact_originator": (at(30, 17), at(1, 17, month=12))
        },
        ("ime_callback", Priority.ESCALATED): {"callback": (at(25, 10, 30), at(25, 17))},
    }
    for (track, priority), want in expected.items():
        inquiry_id = new_inquiry(db, ctx, track, priority)
        got = milestones(db, inquiry_id)
        assert {k: (m.warn_at, m.due_at) for k, m in got.items()} == want
        m = next(iter(got.values()))
        assert m.started_at == at(23, 9)
        assert m.met_at is None and m.closed_reason is None and m.policy_id is not None
        assert m.policy_snapshot["track"] == track
        assert m.label == m.policy_snapshot["label"]
        assert next_due(db, inquiry_id) == m.due_at


def test_received_outside_hours_starts_at_the_next_opening(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    clock.set(at(28, 11))  # Saturday
    inquiry_id = new_inquiry(db, ctx, "mco_member", received_at=at(27, 18, 30))
    m = milestones(db, inquiry_id)["contact_originator"]
    assert (m.started_at, m.warn_at, m.due_at) == (at(30, 8), at(30, 10), at(30, 12))
    assert state(db, ctx, inquiry_id, "contact_originator") == (
        S.PAUSED,
        "paused — resumes Mon 8:00 AM",
    )


def test_start_milestones_is_idempotent(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    with db.session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert clocks.start_milestones(s, ctx, inquiry) == []  # type: ignore[arg-type]
    assert len(milestones(db, inquiry_id)) == 1


# ------------------------------------------------------------------ the High member story


def test_high_member_inquiry_through_its_first_day(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.ON_TRACK, "4h 00m")
    clock.set(at(23, 12))
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.PAST_WARN, "1h 00m")

    clock.set(at(23, 12, 30))
    changed = log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="phone")
    assert [m.kind for m in changed] == ["contact_originator"]
    m = milestones(db, inquiry_id)["contact_originator"]
    assert (m.met_at, m.closed_reason) == (at(23, 12, 30), "met")
    assert m.met_by_entry_id is not None
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.MET_ON_TIME, "met")
    assert next_due(db, inquiry_id) is None

    clock.set(at(23, 14))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco", channel="phone")
    mco = milestones(db, inquiry_id)["mco_contact"]
    assert (mco.started_at, mco.warn_at, mco.due_at) == (at(23, 14), at(23, 16, 15), at(23, 17))
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.ON_TRACK, "3h 00m")
    assert next_due(db, inquiry_id) == at(23, 17)

    clock.set(at(23, 17, 1))
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.OVERDUE, "overdue")
    with db.session() as s:
        raised = clocks.raise_follow_ups(s, ctx)
        assert [(m.kind, m.started_at, m.due_at) for m in raised] == [
            ("follow_up_mco", at(24, 8), at(24, 17))
        ]
    with db.session() as s:
        assert clocks.raise_follow_ups(s, ctx) == []  # idempotent
        note = s.scalars(
            select(TimelineEntry).where(
                TimelineEntry.inquiry_id == inquiry_id, TimelineEntry.kind == "milestone"
            )
        ).one()
        assert note.summary == (
            "MCO contacts member — ITC: the MCO did not report contact by Mon Nov 23, 5:00 PM; "
            "follow-up with MCO due Tue Nov 24, 5:00 PM"
        )
        assert note.at == at(23, 17)
    assert state(db, ctx, inquiry_id, "follow_up_mco") == (
        S.PAUSED,
        "paused — resumes Tue 8:00 AM",
    )
    assert next_due(db, inquiry_id) == at(23, 17)  # the overdue MCO contact is still open

    clock.set(at(24, 9, 15))
    log(db, ctx, inquiry_id, EntryKind.FOLLOW_UP, party="mco", channel="phone")
    assert state(db, ctx, inquiry_id, "follow_up_mco") == (S.MET_ON_TIME, "met")
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.OVERDUE, "overdue 1h 15m")

    clock.set(at(24, 11))
    log(db, ctx, inquiry_id, EntryKind.MCO_UPDATE, party="mco", outcome="contacted")
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.MET_LATE, "met 3h 00m late")
    assert next_due(db, inquiry_id) is None


def test_only_a_contact_the_member_can_see_counts(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    clock.set(at(23, 10))
    assert log(db, ctx, inquiry_id, EntryKind.NOTE, party="member", channel="phone") == []
    assert log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel=None) == []
    assert log(db, ctx, inquiry_id, EntryKind.CONTACT, party="mco", channel="phone") == []
    assert (
        log(
            db,
            ctx,
            inquiry_id,
            EntryKind.CONTACT,
            party="member",
            channel="phone",
            outcome="no_answer",
        )
        == []
    )
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.ON_TRACK, "3h 00m")
    changed = log(
        db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="email", outcome="sent"
    )
    assert len(changed) == 1


def test_met_at_is_when_it_happened_not_when_it_was_recorded(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    clock.set(at(23, 15))  # logged after the due time…
    log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="phone", at=at(23, 12, 45))
    m = milestones(db, inquiry_id)["contact_originator"]
    assert m.met_at == at(23, 12, 45)  # …but it happened before it
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.MET_ON_TIME, "met")


def test_a_weekend_contact_meets_a_clock_deemed_started_on_monday(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    clock.set(at(28, 10))
    inquiry_id = new_inquiry(db, ctx, "mco_member", received_at=at(28, 9))
    clock.set(at(28, 11))
    log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="phone")
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.MET_ON_TIME, "met")


def test_an_mco_update_before_the_referral_does_not_count(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    clock.set(at(23, 10))
    log(db, ctx, inquiry_id, EntryKind.MCO_UPDATE, party="mco", outcome="contacted")
    clock.set(at(23, 14))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.ON_TRACK, "3h 00m")


def test_entries_recorded_out_of_order_still_meet_a_new_clock(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    # Transcribing a paper log late in the day: the MCO update (15:30) is typed before the
    # referral (14:00) it answers.
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    clock.set(at(23, 16))
    log(
        db,
        ctx,
        inquiry_id,
        EntryKind.MCO_UPDATE,
        party="mco",
        outcome="contacted",
        at=at(23, 15, 30),
    )
    changed = log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco", at=at(23, 14))
    assert [m.kind for m in changed] == ["mco_contact"]
    m = milestones(db, inquiry_id)["mco_contact"]
    assert (m.started_at, m.met_at) == (at(23, 14), at(23, 15, 30))


def test_re_referral_keeps_a_running_mco_clock_and_restarts_a_finished_one(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.ESCALATED)
    clock.set(at(23, 10))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    clock.set(at(24, 10))
    assert log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco") == []
    assert milestones(db, inquiry_id)["mco_contact"].due_at == at(24, 17)  # not moved

    log(db, ctx, inquiry_id, EntryKind.MCO_UPDATE, party="mco", outcome="contacted")
    clock.set(at(25, 9))
    started = log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    # Thanksgiving and the Friday after are closed.
    assert [(m.kind, m.due_at) for m in started] == [("mco_contact", at(30, 17))]
    with db.session() as s:
        count = s.scalar(
            select(func.count()).where(
                Milestone.inquiry_id == inquiry_id, Milestone.kind == "mco_contact"
            )
        )
    assert count == 2


def test_provider_mco_clock_warns_and_is_due_in_business_days(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_provider", Priority.HIGH)
    clock.set(at(24, 10))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    m = milestones(db, inquiry_id)["mco_contact"]
    # Thanksgiving and the Friday after skipped.
    assert (m.warn_at, m.due_at) == (at(25, 17), at(30, 17))
    clock.set(at(30, 9))
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.PAST_WARN, "8h 00m")
    # A provider contact meets "contact provider"; so does one with the originator.
    log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="phone", at=at(24, 9))
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.MET_ON_TIME, "met")


def test_callback_is_met_by_a_reached_attempt_or_a_letter(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    first = new_inquiry(db, ctx, "ime_callback")
    second = new_inquiry(db, ctx, "ime_callback")
    clock.set(at(24, 10))
    for outcome in ("no_answer", "voicemail"):
        assert (
            log(db, ctx, first, EntryKind.CALLBACK_ATTEMPT, channel="phone", outcome=outcome) == []
        )
    assert log(db, ctx, second, EntryKind.CALLBACK_ATTEMPT, channel="phone", outcome="reached")
    clock.set(at(26, 10))  # Thanksgiving: the letter goes out after the due time
    assert log(db, ctx, first, EntryKind.LETTER, party="member", channel="letter")
    assert state(db, ctx, first, "callback") == (S.MET_LATE, "met late")
    assert state(db, ctx, second, "callback") == (S.MET_ON_TIME, "met")


# ------------------------------------------------------------------ follow-ups


def test_follow_ups_only_for_open_inquiries_and_while_the_policy_is_enabled(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    a = new_inquiry(db, ctx, "mco_member")
    b = new_inquiry(db, ctx, "mco_member")
    clock.set(at(23, 14))
    log(db, ctx, a, EntryKind.REFERRAL, party="mco")
    log(db, ctx, b, EntryKind.REFERRAL, party="mco")
    with db.session() as s:
        clocks.close_open_milestones(s, ctx, s.get(Inquiry, b), "resolved")  # type: ignore[arg-type]
        s.get(Inquiry, b).closed = True  # type: ignore[union-attr]
    clock.set(at(23, 16))
    with db.session() as s:
        assert clocks.raise_follow_ups(s, ctx) == []  # nothing missed yet
    admin = ServiceContext(make_user(db, "admin1", Role.ADMIN), clock, ctx.calendar)
    with db.session() as s:
        policy_admin.set_enabled(s, admin, "follow_up.mco", None, False)
    clock.set(at(24, 9))
    with db.session() as s:
        assert clocks.raise_follow_ups(s, ctx) == []
        policy_admin.set_enabled(s, admin, "follow_up.mco", None, True)
    with db.session() as s:
        raised = clocks.raise_follow_ups(s, ctx)
        assert [m.inquiry_id for m in raised] == [a]
    # Raised late (the client was closed overnight): still due at the end of the day after
    # the miss, and a follow-up logged before it was raised still counts.
    assert milestones(db, a)["follow_up_mco"].due_at == at(24, 17)


def test_a_follow_up_logged_before_the_item_is_raised_meets_it(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.ESCALATED)
    clock.set(at(23, 10))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    clock.set(at(25, 8, 30))  # missed at Tue 17:00; the follow-up is logged first thing Wed
    log(db, ctx, inquiry_id, EntryKind.FOLLOW_UP, party="mco", channel="email")
    missed_id = milestones(db, inquiry_id)["mco_contact"].id
    with db.session() as s:
        (follow,) = clocks.raise_follow_ups(s, ctx)
        assert (follow.due_at, follow.met_at) == (at(25, 17), at(25, 8, 30))
        assert follow.policy_snapshot["follows_milestone_id"] == missed_id


# ------------------------------------------------------------------ priority change


def test_priority_change_needs_a_reason(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member")
    with pytest.raises(ValidationError) as caught, db.session() as s:
        clocks.change_priority(s, ctx, s.get(Inquiry, inquiry_id), Priority.ESCALATED, "  ")  # type: ignore[arg-type]
    assert "reason" in caught.value.problems
    with pytest.raises(ValidationError), db.session() as s:
        clocks.change_priority(s, ctx, s.get(Inquiry, inquiry_id), "urgent", "why")  # type: ignore[arg-type]
    with pytest.raises(ValidationError), db.session() as s:
        clocks.change_priority(s, ctx, s.get(Inquiry, inquiry_id), Priority.HIGH, "same")  # type: ignore[arg-type]


def test_priority_change_recomputes_open_milestones_from_the_original_starts(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.ESCALATED)
    clock.set(at(23, 10))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    clock.set(at(23, 11))
    with db.session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        clocks.change_priority(s, ctx, inquiry, Priority.HIGH, "Member is out of insulin")  # type: ignore[arg-type]
        assert inquiry.priority == "high"  # type: ignore[union-attr]
    got = milestones(db, inquiry_id)
    assert {k: (m.started_at, m.warn_at, m.due_at) for k, m in got.items()} == {
        "contact_originator~superseded": (at(23, 9), at(24, 12, 45), at(24, 17)),
        "mco_contact~superseded": (at(23, 10), at(24, 13), at(24, 17)),
        "contact_originator": (at(23, 9), at(23, 11), at(23, 13)),
        "mco_contact": (at(23, 10), at(23, 15, 15), at(23, 17)),
    }
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.PAST_WARN, "2h 00m")
    assert state(db, ctx, inquiry_id, "contact_originator~superseded")[0] is S.CANCELLED
    assert next_due(db, inquiry_id) == at(23, 13)
    with db.session() as s:
        entry = s.scalars(
            select(TimelineEntry).where(
                TimelineEntry.inquiry_id == inquiry_id, TimelineEntry.kind == "priority_change"
            )
        ).one()
        assert entry.summary.startswith(
            "Priority changed from Escalated to High: Member is out of insulin"
        )
        assert "Contact originator: due Mon Nov 23, 1:00 PM" in entry.summary
        assert entry.data["reason"] == "Member is out of insulin"
        assert (entry.data["from"], entry.data["to"]) == ("escalated", "high")
        assert len(entry.data["superseded"]) == 2 and len(entry.data["started"]) == 2
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "priority")).one()
        assert audit.changes["reason"] == "Member is out of insulin"


def test_priority_change_keeps_what_was_already_met(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.HIGH)
    clock.set(at(23, 10))
    log(db, ctx, inquiry_id, EntryKind.CONTACT, party="member", channel="phone")
    clock.set(at(23, 11))
    with db.session() as s:
        clocks.change_priority(
            s, ctx, s.get(Inquiry, inquiry_id), "escalated", "Not urgent after all"
        )  # type: ignore[arg-type]
    got = milestones(db, inquiry_id)
    assert list(got) == ["contact_originator"]
    assert got["contact_originator"].policy_snapshot["priority"] == "high"
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.MET_ON_TIME, "met")
    # A later referral starts the escalated MCO clock.
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    assert milestones(db, inquiry_id)["mco_contact"].due_at == at(24, 17)


def test_priority_change_on_a_callback_keeps_its_clock(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "ime_callback")
    with db.session() as s:
        clocks.change_priority(s, ctx, s.get(Inquiry, inquiry_id), "high", "Caller is a legislator")  # type: ignore[arg-type]
    assert list(milestones(db, inquiry_id)) == ["callback"]


# ------------------------------------------------------------------ resolution and reopening


def _resolve(db: Database, ctx: ServiceContext, inquiry_id: int) -> list[Milestone]:
    with db.session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        inquiry.closed = True
        inquiry.status = "resolved"
        add_entry(s, ctx, inquiry, EntryKind.RESOLUTION, "Resolved")
        return clocks.close_open_milestones(s, ctx, inquiry, "resolved")


def test_resolution_cancels_what_is_not_due_and_keeps_breaches(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.HIGH)
    clock.set(at(23, 14))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    clock.set(at(23, 15))  # contact originator (due 13:00) missed; MCO contact not yet due
    closed = _resolve(db, ctx, inquiry_id)
    assert {m.kind: m.closed_reason for m in closed} == {
        "contact_originator": "breached",
        "mco_contact": "cancelled",
    }
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.OVERDUE, "not met")
    assert state(db, ctx, inquiry_id, "mco_contact~cancelled") == (S.CANCELLED, "no longer applies")
    assert next_due(db, inquiry_id) is None
    with db.session() as s:
        note = s.scalars(
            select(TimelineEntry).where(
                TimelineEntry.inquiry_id == inquiry_id, TimelineEntry.kind == "milestone"
            )
        ).one()
        assert note.summary == (
            "Clocks stopped (resolved). Contact originator: not met by Mon Nov 23, 1:00 PM; "
            "MCO contacts member — ITC: no longer applies"
        )
        # Closing again changes nothing and writes nothing.
        assert clocks.close_open_milestones(s, ctx, s.get(Inquiry, inquiry_id), "resolved") == []  # type: ignore[arg-type]
    clock.set(at(24, 9))
    with db.session() as s:
        assert clocks.raise_follow_ups(s, ctx) == []


def test_reopen_restores_breaches_and_clocks_still_running(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.HIGH)
    clock.set(at(23, 14))
    log(db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    clock.set(at(23, 15))
    _resolve(db, ctx, inquiry_id)
    clock.set(at(23, 16))
    with db.session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        inquiry.closed = False  # type: ignore[union-attr]
        restored = clocks.reopen_milestones(s, ctx, inquiry)  # type: ignore[arg-type]
        assert sorted(m.kind for m in restored) == ["contact_originator", "mco_contact"]
    assert state(db, ctx, inquiry_id, "contact_originator") == (S.OVERDUE, "overdue 3h 00m")
    assert state(db, ctx, inquiry_id, "mco_contact") == (S.ON_TRACK, "1h 00m")
    assert next_due(db, inquiry_id) == at(23, 13)


def test_reopen_after_the_due_time_leaves_a_cancelled_clock_cancelled(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = new_inquiry(db, ctx, "mco_member", Priority.ESCALATED)
    clock.set(at(23, 10))
    _resolve(db, ctx, inquiry_id)
    clock.set(at(30, 10))
    with db.session() as s:
        assert clocks.reopen_milestones(s, ctx, s.get(Inquiry, inquiry_id)) == []  # type: ignore[arg-type]
    assert next_due(db, inquiry_id) is None


# ------------------------------------------------------------------ calendar settings


def test_calendar_defaults_and_admin_changes(db: Database, clock: ManualClock) -> None:
    admin = ServiceContext(make_user(db, "admin1", Role.ADMIN), clock, BusinessCalendar())
    with db.session() as s:
        cal = calendar_config.load_calendar(s)
    assert (cal.timezone.key, cal.opens, cal.closes, sorted(cal.workdays)) == (
        "America/Chicago",
        time(8),
        time(17),
        [0, 1, 2, 3, 4],
    )
    assert not cal.is_business_day(date(2026, 11, 27))
    assert not cal.is_business_day(date(2026, 11, 26))
    assert cal.is_business_day(date(2026, 11, 25))

    with db.session() as s:
        calendar_config.add_closure(s, admin, date(2026, 11, 25), "Boiler repair")
        calendar_config.add_open_day(s, admin, date(2026, 11, 11), "Veterans Day: office open")
        calendar_config.set_hours(s, admin, opens="07:30", closes=time(16, 30))
    with db.session() as s:
        cal = calendar_config.load_calendar(s)
        assert [(d.day, d.kind) for d in calendar_config.calendar_days(s)] == [
            (date(2026, 11, 11), "open"),
            (date(2026, 11, 25), "closed"),
        ]
        actions = [
            (a.entity, a.action) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert actions == [
        ("calendar_day", "insert"),
        ("calendar_day", "insert"),
        ("calendar", "update"),
    ]
    assert not cal.is_business_day(date(2026, 11, 25))
    assert cal.holiday_name(date(2026, 11, 25)) == "Office closure"
    assert cal.is_business_day(date(2026, 11, 11))
    assert (cal.opens, cal.closes, cal.hours_per_day) == (time(7, 30), time(16, 30), 9.0)
    assert cal.next_open(at(24, 17)) == at(30, 7, 30)

    with db.session() as s:
        calendar_config.remove_day(s, admin, date(2026, 11, 25))
        with pytest.raises(NotFoundError):
            calendar_config.remove_day(s, admin, date(2026, 11, 25))
    with db.session() as s:
        assert calendar_config.load_calendar(s).is_business_day(date(2026, 11, 25))


def test_calendar_changes_are_checked_and_for_admins_only(db: Database, clock: ManualClock) -> None:
    admin = ServiceContext(make_user(db, "admin1", Role.ADMIN), clock, BusinessCalendar())
    liaison = ServiceContext(make_user(db, "lee", Role.LIAISON), clock, BusinessCalendar())
    with pytest.raises(PermissionDenied), db.session() as s:
        calendar_config.add_closure(s, liaison, date(2026, 12, 24))
    bad: list[dict[str, Any]] = [
        {"opens": "17:00", "closes": "08:00"},
        {"opens": "eight"},
        {"workdays": []},
        {"workdays": [7]},
        {"timezone": "Mars/Olympus"},
    ]
    for kw in bad:
        with pytest.raises(ValidationError), db.session() as s:
            calendar_config.set_hours(s, admin, **kw)
    with db.session() as s:
        calendar_config.set_hours(s, admin, workdays=[0, 1, 2, 3], timezone="America/Denver")
    with db.session() as s:
        cal = calendar_config.load_calendar(s)
    assert sorted(cal.workdays) == [0, 1, 2, 3] and cal.timezone.key == "America/Denver"


def test_two_workstations_raising_at_once_make_one_follow_up(
    pg_db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    ctx = ServiceContext(make_user(pg_db, "lee", Role.LIAISON), clock, calendar)
    inquiry_id = new_inquiry(pg_db, ctx, "mco_member")
    clock.set(at(23, 14))
    log(pg_db, ctx, inquiry_id, EntryKind.REFERRAL, party="mco")
    clock.set(at(23, 17, 5))
    first, second = pg_db.sessions(), pg_db.sessions()
    try:
        with first.begin():
            assert len(clocks.raise_follow_ups(first, ctx)) == 1
            with second.begin():  # the miss is being handled by the first: skipped
                assert clocks.raise_follow_ups(second, ctx) == []
        with second.begin():  # and once the first has committed, it exists
            assert clocks.raise_follow_ups(second, ctx) == []
    finally:
        first.close()
        second.close()
    assert "follow_up_mco#2" not in milestones(pg_db, inquiry_id)
    assert "follow_up_mco" in milestones(pg_db, inquiry_id)
