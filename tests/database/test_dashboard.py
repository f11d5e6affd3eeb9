"""The manager's dashboard: open work by track and priority, overdue and due today, aging in
business days, by MCO and by assignee."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import Priority, Role
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.dashboard import NO_MCO, UNASSIGNED, dashboard
from tests.action_helpers import as_role, callback_request, member_inquiry, provider_inquiry, run

CHICAGO = ZoneInfo("America/Chicago")


def _board(db: Database, ctx: ServiceContext, calendar: BusinessCalendar):  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return dashboard(s, actor=ctx.actor, now=ctx.clock.now(), calendar=calendar)


def test_dashboard_counts_the_open_work(
    db: Database, ctx: ServiceContext, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    # Wednesday 18 Nov, 9:00: an escalated member issue (contact due Thursday 5 PM).
    clock.set(datetime(2026, 11, 18, 9, 0, tzinfo=CHICAGO))
    late = member_inquiry(db, ctx, Priority.ESCALATED, member_name="Late Member")
    # Thursday 19 Nov, 10:00: an escalated provider issue (contact due Wednesday 25th).
    clock.set(datetime(2026, 11, 19, 10, 0, tzinfo=CHICAGO))
    provider_inquiry(db, ctx, Priority.ESCALATED)
    # Monday 23 Nov, 9:00: a high member issue (contact due 1 PM today), and one resolved.
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    member_inquiry(db, ctx, Priority.HIGH, member_name="Today Member")
    done = member_inquiry(db, ctx, Priority.HIGH, member_name="Done Member")
    with db.read_session() as s:
        from liaison_desk.db.models import Inquiry

        version = s.get(Inquiry, done).version  # type: ignore[union-attr]
    run(db, actions.resolve, ctx, done, version, resolution="Answered at once.")
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Cass CSR")
    callback_request(db, csr)  # waits for a unit lead's approval: no clock yet

    board = _board(db, ctx, calendar)
    assert board.total.open == 4
    assert board.overdue == 1  # the Wednesday one
    assert board.due_today == 1  # the 1 PM one
    by_tp = {(t, p): g.open for t, p, g in board.by_track_priority}
    assert by_tp == {
        ("mco_member", "high"): 1,
        ("mco_member", "escalated"): 1,
        ("mco_provider", "escalated"): 1,
        ("ime_callback", "escalated"): 1,
    }
    # Business days since the deemed receipt day: Monday 0, Thursday 2 (Fri, Mon), Wed 3.
    assert dict(board.aging) == {
        "0–1 business days": 2,
        "2–5 business days": 2,
        "6–10 business days": 0,
        "11–15 business days": 0,
        "over 15 business days": 0,
    }
    assert board.oldest[0].inquiry_id == late and board.oldest[0].business_days == 3
    mcos = {g.name: (g.open, g.overdue, g.due_today) for g in board.by_mco}
    assert mcos["Iowa Total Care"] == (2, 1, 1)
    assert mcos["Molina Healthcare of Iowa"] == (1, 0, 0)
    assert mcos[NO_MCO] == (1, 0, 0)  # the callback request
    assert board.by_mco[0].name == "Iowa Total Care"  # most overdue first
    assert board.by_mco[-1].name == NO_MCO
    people = {g.name: g.open for g in board.by_assignee}
    assert people == {"Lee Liaison": 3, UNASSIGNED: 1}
    assert board.by_assignee[-1].name == UNASSIGNED

    # Time moves: by 2 PM the high one is overdue too; the next morning nothing is "today".
    clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=CHICAGO))
    later = _board(db, ctx, calendar)
    assert (later.overdue, later.due_today) == (2, 0)
    clock.advance(timedelta(days=1))
    assert _board(db, ctx, calendar).overdue == 2


def test_a_csr_dashboard_counts_only_their_requests(
    db: Database, ctx: ServiceContext, calendar: BusinessCalendar
) -> None:
    member_inquiry(db, ctx)
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Cass CSR")
    callback_request(db, csr)
    board = _board(db, csr, calendar)
    assert board.total.open == 1
    assert [t for t, _p, _g in board.by_track_priority] == ["ime_callback"]


def test_the_open_work_by_issue_category(
    db: Database, ctx: ServiceContext, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    from tests.action_helpers import email_inquiry

    clock.set(datetime(2026, 11, 18, 9, 0, tzinfo=CHICAGO))
    email_inquiry(db, ctx, category="Transportation")  # its reply is overdue by Monday
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    email_inquiry(db, ctx, category="Transportation")
    email_inquiry(db, ctx, category="Pharmacy")
    member_inquiry(db, ctx, Priority.ESCALATED)
    board = _board(db, ctx, calendar)
    assert [(g.name, g.open, g.overdue) for g in board.by_category] == [
        ("Transportation", 2, 1),
        ("Pharmacy", 1, 0),
        ("No category", 1, 0),  # the catch-all last
    ]
