"""SPEC §11: every clock warns before it is due, each crossing and hand-off reaches the right
inbox once, in office hours, whichever workstation sees it first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Absence, Notice
from liaison_desk.domain import Channel, NoticeKind, Party, Priority, Role
from liaison_desk.services import intake
from liaison_desk.services.actions import assign
from liaison_desk.services.alerts import inbox, sweep
from liaison_desk.services.callbacks import approve
from liaison_desk.services.context import Actor, ServiceContext
from tests.action_helpers import actor_ctx, callback_request, mco_id, member_inquiry, run
from tests.conftest import CHICAGO, make_user


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def sweep_at(db: Database, ctx: ServiceContext, when: datetime) -> list[sweep.Crossing]:
    assert isinstance(ctx.clock, ManualClock)
    ctx.clock.set(when)
    return run(db, sweep.sweep_clocks, ctx)


def box(db: Database, ctx: ServiceContext, who: Actor) -> list[inbox.InboxItem]:
    with db.read_session() as s:
        return inbox.inbox(s, who)


def kinds(items: list[inbox.InboxItem]) -> list[tuple[NoticeKind, str]]:
    return [(i.kind, i.reference) for i in items]


def test_a_clock_warns_then_breaches_once_each_and_the_lead_hears_of_the_breach(
    db: Database, ctx: ServiceContext, liaison: Actor
) -> None:
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    # Escalated member contact: due Tue 17:00, no warning in its standard → 75 %: Tue 12:45.
    iid = member_inquiry(db, ctx, Priority.ESCALATED)
    assert sweep_at(db, ctx, at(24, 12, 44)) == []
    crossed = sweep_at(db, ctx, at(24, 12, 46))
    assert [(c.stage, c.at) for c in crossed] == [("warn", at(24, 12, 45))]
    # A second workstation (or a restart) a minute later says nothing more.
    assert sweep_at(db, ctx, at(24, 12, 47)) == []
    mine = box(db, ctx, liaison)
    assert [(i.kind, i.inquiry_id, i.unread) for i in mine] == [(NoticeKind.WARN, iid, True)]
    assert mine[0].summary.endswith("due Tue 11/24 5:00 PM") and "O'Brien" not in mine[0].summary
    assert box(db, ctx, lead) == []
    # 17:03, just after the due time at closing: overdue, the liaison and the lead are told.
    crossed = sweep_at(db, ctx, at(24, 17, 3))
    assert [(c.stage, c.told) for c in crossed] == [("due", 2)]
    assert [i.kind for i in box(db, ctx, lead)] == [NoticeKind.DUE]
    assert [i.kind for i in box(db, ctx, liaison)] == [NoticeKind.DUE, NoticeKind.WARN]
    assert sweep_at(db, ctx, at(25, 9)) == []


def test_nothing_is_said_at_night_and_the_crossing_waits_for_the_morning(
    db: Database, ctx: ServiceContext, liaison: Actor
) -> None:
    member_inquiry(db, ctx, Priority.ESCALATED)
    # The laptop was off all afternoon; at 20:00 the office is closed: nothing is sent.
    assert sweep_at(db, ctx, at(24, 20)) == []
    assert box(db, ctx, liaison) == []
    # Next morning at opening the breach is told (the warning folded into it), once.
    crossed = sweep_at(db, ctx, at(25, 8))
    assert [c.stage for c in crossed] == ["due"]
    assert [i.kind for i in box(db, ctx, liaison)] == [NoticeKind.DUE]


def test_a_met_clock_is_never_announced(db: Database, ctx: ServiceContext, liaison: Actor) -> None:
    from liaison_desk.services.actions import log_contact

    iid = member_inquiry(db, ctx, Priority.ESCALATED)
    with db.read_session() as s:
        from liaison_desk.db.models import Inquiry

        version = s.get(Inquiry, iid).version  # type: ignore[union-attr]
    ctx.clock.set(at(23, 10))  # type: ignore[attr-defined]
    run(db, log_contact, ctx, iid, version, party=Party.MEMBER, channel=Channel.PHONE,
        outcome="reached")  # fmt: skip
    assert sweep_at(db, ctx, at(24, 17, 1)) == []


def test_unassigned_callbacks_tell_the_queue_and_hand_offs_reach_the_assignee(
    db: Database, ctx: ServiceContext, liaison: Actor
) -> None:
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    msa = make_user(db, "msa", Role.MSA_ESR, "Mo Analyst")
    csr = actor_ctx(ctx, make_user(db, "csr", Role.CSR, "Cy CSR"))
    request = callback_request(db, csr)
    # The request waits for a Unit Lead: announced to the leads, not to the MSA or the CSR.
    assert kinds(box(db, ctx, lead))[0][0] is NoticeKind.CALLBACK_REQUEST
    assert box(db, ctx, msa) == []
    with db.read_session() as s:
        assert inbox.unread_count(s, lead) == 1
    # The lead approves it and hands it to the MSA: the request reads as handled, the MSA
    # is told of the assignment.
    lead_ctx = actor_ctx(ctx, lead)
    from liaison_desk.db.models import Inquiry

    with db.read_session() as s:
        version = s.get(Inquiry, request).version  # type: ignore[union-attr]
    run(db, approve, lead_ctx, request, version, assignee_id=msa.user_id)
    with db.read_session() as s:
        assert inbox.unread_count(s, lead) == 0
        assert [i.unread for i in inbox.inbox(s, lead)] == [False]
    got = box(db, ctx, msa)
    assert [(i.kind, i.by) for i in got] == [(NoticeKind.ASSIGNED, "Uma Lead")]
    # A liaison reassigning an escalation to the MSA: the MSA is told, the liaison is not.
    iid = member_inquiry(db, ctx)
    with db.read_session() as s:
        version = s.get(Inquiry, iid).version  # type: ignore[union-attr]
    run(db, assign, ctx, iid, version, assignee_id=msa.user_id)
    assert box(db, ctx, msa)[0].kind is NoticeKind.ASSIGNED
    assert box(db, ctx, liaison) == []


def test_sent_to_an_msa_at_intake_and_a_not_enrolled_member_for_the_leads(
    db: Database, ctx: ServiceContext, liaison: Actor
) -> None:
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    msa = make_user(db, "msa", Role.MSA_ESR, "Mo Analyst")
    data = intake.MemberIntake(
        source="CSR",
        member_name="Ann Case",
        caller_name="Ann Case",
        caller_phone="515-555-0142",
        enrolled_in_mco=True,
        priority=Priority.ESCALATED,
        description="Needs a PCP",
        mco_id=mco_id(db),
        assignee_id=msa.user_id,
    )
    sent = run(db, intake.create_member_inquiry, ctx, data).inquiry
    got = box(db, ctx, msa)
    assert [(i.kind, i.reference, i.by) for i in got] == [
        (NoticeKind.HANDOFF, sent.reference, "Lee Liaison")
    ]
    assert "Ann Case" not in got[0].summary and got[0].subject == "Ann Case"
    not_enrolled = replace(data, enrolled_in_mco=False, assignee_id=None)
    routed = run(db, intake.create_member_inquiry, ctx, not_enrolled).inquiry
    assert kinds(box(db, ctx, lead)) == [(NoticeKind.NOT_ENROLLED, routed.reference)]


def test_while_away_a_cover_gets_the_hand_offs_and_alerts(
    db: Database, ctx: ServiceContext, liaison: Actor
) -> None:
    msa = make_user(db, "msa", Role.MSA_ESR, "Mo Analyst")
    cover = make_user(db, "msa2", Role.MSA_ESR, "Cat Cover")
    with db.session() as s:
        s.add(Absence(user_id=msa.user_id, cover_id=cover.user_id, first_day=date(2026, 11, 23),
                      last_day=date(2026, 11, 24), created_at=ctx.clock.now()))  # fmt: skip
    iid = member_inquiry(db, ctx, Priority.ESCALATED)
    from liaison_desk.db.models import Inquiry

    with db.read_session() as s:
        version = s.get(Inquiry, iid).version  # type: ignore[union-attr]
    run(db, assign, ctx, iid, version, assignee_id=msa.user_id)
    assert box(db, ctx, msa) == []
    got = box(db, ctx, cover)
    assert [(i.kind, i.for_whom) for i in got] == [(NoticeKind.ASSIGNED, "Mo Analyst")]


def test_marking_read_is_ones_own(db: Database, ctx: ServiceContext, liaison: Actor) -> None:
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    other = make_user(db, "ulead2", Role.UNIT_LEAD, "Ola Lead")
    csr = actor_ctx(ctx, make_user(db, "csr", Role.CSR, "Cy CSR"))
    callback_request(db, csr)
    item = box(db, ctx, lead)[0]
    # Another lead cannot mark the first lead's notice read.
    assert run(db, inbox.mark_read, actor_ctx(ctx, other), [item.id]) == 0
    assert run(db, inbox.mark_read, actor_ctx(ctx, lead), [item.id]) == 1
    with db.read_session() as s:
        assert inbox.unread_count(s, lead) == 0
        assert inbox.unread_count(s, other) == 1
        assert s.scalar(select(Notice.read_at).where(Notice.id == item.id)) is not None


def test_intake_sends_only_to_someone_who_works_these_inquiries(
    db: Database, ctx: ServiceContext
) -> None:
    import pytest

    from liaison_desk.errors import ValidationError

    csr = make_user(db, "csr", Role.CSR, "Cy CSR")
    data = intake.MemberIntake(
        source="CSR", member_name="Ann Case", caller_name="Ann Case",
        caller_phone="515-555-0142", enrolled_in_mco=True, priority=Priority.HIGH,
        description="Needs a PCP", mco_id=mco_id(db), assignee_id=csr.user_id,
    )  # fmt: skip
    for who in (csr.user_id, 999_999):
        with pytest.raises(ValidationError) as err:
            run(db, intake.create_member_inquiry, ctx, replace(data, assignee_id=who))
        assert "assignee" in err.value.problems
