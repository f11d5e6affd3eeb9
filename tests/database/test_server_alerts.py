"""SPEC §11 on PostgreSQL with each person's own login: an inbox is its owner's, a clock's
alert cannot be silenced ahead of time or faked, and the sweep works from any workstation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from liaison_desk.clock import ManualClock
from liaison_desk.db.models import Milestone, Notice
from liaison_desk.domain import NoticeKind, Priority, Role
from liaison_desk.errors import PermissionDenied
from liaison_desk.services import intake
from liaison_desk.services.alerts import inbox, sweep
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import callback_request, mco_id, member_inquiry, run
from tests.database.test_server_roles import Login, _ctx_for, login_as  # noqa: F401

pytestmark = pytest.mark.postgres


def test_an_inbox_is_its_owners_and_only_read_at_changes(
    login_as: Login,  # noqa: F811
    now_ctx: ServiceContext,
) -> None:
    _, lead_db = login_as(Role.UNIT_LEAD)
    _, other_db = login_as(Role.UNIT_LEAD)
    _, csr_db = login_as(Role.CSR)
    lead, other, csr = (_ctx_for(d, now_ctx) for d in (lead_db, other_db, csr_db))
    callback_request(csr_db, csr)  # the CSR's login announces to both leads
    with lead_db.read_session() as s:
        mine = inbox.inbox(s, lead.actor)
        assert [i.kind for i in mine] == [NoticeKind.CALLBACK_REQUEST]
        # Row level security: the other lead's notice is not even visible.
        assert s.scalar(select(Notice.id).where(Notice.user_id == other.actor.user_id)) is None
    with other_db.read_session() as s:
        theirs = s.scalar(select(Notice.id).where(Notice.user_id == other.actor.user_id))
    assert run(lead_db, inbox.mark_read, lead, [theirs]) == 0
    assert run(lead_db, inbox.mark_read, lead, [mine[0].id]) == 1
    with pytest.raises(PermissionDenied), lead_db.session() as s:
        s.execute(text("UPDATE notices SET summary = 'x' WHERE id = :i"), {"i": mine[0].id})
    # Whoever inserts, the server says who announced it and when.
    with lead_db.read_session() as s:
        by = s.scalar(select(Notice.by_user_id).where(Notice.id == mine[0].id))
    assert by == csr.actor.user_id


def test_a_clock_cannot_be_silenced_or_faked_before_its_time(
    login_as: Login,  # noqa: F811
    now_ctx: ServiceContext,
) -> None:
    _, db = login_as(Role.LIAISON)
    mine = _ctx_for(db, now_ctx)
    iid = member_inquiry(db, mine, Priority.ESCALATED)
    with db.read_session() as s:
        m = s.scalars(select(Milestone).where(Milestone.inquiry_id == iid)).first()
        assert m is not None and m.due_at > datetime.now(UTC)
        mid = m.id
    for sql in (
        f"INSERT INTO alert_marks (milestone_id, stage, at) VALUES ({mid}, 'due', now())",
        "INSERT INTO notices (user_id, inquiry_id, milestone_id, kind, event_key, at, "
        f"created_at, summary) VALUES ({mine.actor.user_id}, {iid}, {mid}, 'due', 'x', now(), "
        "now(), 'fake')",
    ):
        with pytest.raises(PermissionDenied), db.session() as s:
            s.execute(text(sql))


def test_the_sweep_runs_from_a_workers_login(
    login_as: Login,  # noqa: F811
    now_ctx: ServiceContext,
) -> None:
    """Any workstation's app sweeps: a liaison's login claims the crossing and tells the
    Unit Lead (another person's inbox) — and a second sweep finds nothing left."""
    cal = now_ctx.calendar
    # The latest 10:00 on a business day that has passed, so the office was open then.
    moment = datetime.now(UTC).astimezone(cal.timezone).replace(hour=10, minute=0, second=0)
    while moment > datetime.now(UTC) or not cal.is_open(moment):
        moment -= timedelta(days=1)
    _, db = login_as(Role.LIAISON)
    _, lead_db = login_as(Role.UNIT_LEAD)
    mine = replace(_ctx_for(db, now_ctx), clock=ManualClock(moment))
    lead = _ctx_for(lead_db, now_ctx)
    data = intake.MemberIntake(
        source="CSR", member_name="Ann Case", caller_name="Ann Case",
        caller_phone="515-555-0142", enrolled_in_mco=True, priority=Priority.ESCALATED,
        description="Needs a PCP", mco_id=mco_id(db), received_at=moment - timedelta(days=21),
    )  # fmt: skip
    run(db, intake.create_member_inquiry, mine, data)
    crossed = run(db, sweep.sweep_clocks, mine)
    assert [c.stage for c in crossed] == ["due"]
    assert run(db, sweep.sweep_clocks, mine) == []
    with lead_db.read_session() as s:
        assert [i.kind for i in inbox.inbox(s, lead.actor)] == [NoticeKind.DUE]


def test_search_and_links_through_workers_logins(
    login_as: Login,  # noqa: F811
    now_ctx: ServiceContext,
) -> None:
    """The search document is kept by the server whoever writes; a CSR's login finds only
    their own requests in it; a liaison links two inquiries, a CSR cannot link theirs to
    one they may not see."""
    from liaison_desk.services import person_history
    from liaison_desk.services.queues import search

    _, db = login_as(Role.LIAISON)
    _, csr_db = login_as(Role.CSR)
    mine, csr = _ctx_for(db, now_ctx), _ctx_for(csr_db, now_ctx)
    one = member_inquiry(db, mine, member_name="Zoë Quist")
    two = member_inquiry(db, mine, Priority.ESCALATED, member_name="Zoe Quist")
    request = callback_request(csr_db, csr, caller_name="Zoe Quist")
    with db.read_session() as s:
        assert {r.id for r in search(s, "zoe quist", actor=mine.actor)} == {one, two, request}
    with csr_db.read_session() as s:
        assert [r.id for r in search(s, "zoe quist", actor=csr.actor)] == [request]
        assert s.execute(text("SELECT count(*) FROM inquiry_search")).scalar() == 1
    assert run(db, person_history.link_related, mine, one, two) is True
    with pytest.raises(PermissionDenied), csr_db.session() as s:
        s.execute(
            text("INSERT INTO inquiry_links (first_id, second_id, created_at) "
                 "VALUES (:a, :b, now())"), {"a": one, "b": request},
        )  # fmt: skip
