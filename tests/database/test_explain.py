"""Every deadline explained (issue 15): the words of ``services.explain`` checked against the
calendar for the Thanksgiving week and the week the clocks go back, and the same text on the
command line."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import Channel, Party, Priority
from liaison_desk.errors import NotFoundError
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.explain import explain
from tests.action_helpers import load, member_inquiry, run
from tests.conftest import CHICAGO


def _explained(db: Database, ctx: ServiceContext, inquiry_id: int) -> dict[str, str]:
    ref = load(db, inquiry_id).reference
    with db.read_session() as s:
        return {e.label: e.text for e in explain(s, ctx, ref)}


def test_thanksgiving_week(db: Database, ctx: ServiceContext, clock: ManualClock) -> None:
    # Wednesday before Thanksgiving, 4:30 PM: high priority, contact within 4 business hours.
    clock.set(datetime(2026, 11, 25, 16, 30, tzinfo=CHICAGO))
    iid = member_inquiry(db, ctx, Priority.HIGH)
    clock.set(datetime(2026, 11, 30, 9, 15, tzinfo=CHICAGO))
    run(db, actions.log_contact, ctx, iid, None, party=Party.MEMBER, channel=Channel.PHONE,
        outcome="reached")  # fmt: skip
    text = _explained(db, ctx, iid)["Contact originator"]
    assert "Received: Wed 11/25/2026, 4:30 PM." in text
    assert "Counts as received" not in text  # the office was open
    assert "The standard in force then: “Contact originator”." in text
    assert "Counted 4 business hours from Wed 11/25/2026, 4:30 PM" in text
    assert "0h 30m on Wed 11/25, 3h 30m on Mon 11/30." in text
    assert "Due within 4 business hours; warning after 2 business hours." in text
    # The two holidays skipped by name, and the weekend.
    assert "Skipped: Thu 11/26 Thanksgiving" in text and "Fri 11/27" in text
    assert "Sat 11/28 (weekend), Sun 11/29 (weekend)." in text
    assert "Due: Mon 11/30/2026, 11:30 AM (America/Chicago)." in text
    assert "Met Mon 11/30/2026, 9:15 AM by “" in text and "on time, 2h 15m of business time" in text


def test_received_on_the_holiday_counts_from_the_next_opening(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=CHICAGO))  # Thanksgiving Day
    iid = member_inquiry(db, ctx, Priority.ESCALATED)
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=CHICAGO))
    text = _explained(db, ctx, iid)["Contact originator"]
    assert "Counts as received Mon 11/30/2026, 8:00 AM: received on Thu 11/26 Thanksgiving" in text
    assert "; closed also Fri 11/27" in text and "Sat 11/28 (weekend), Sun 11/29 (weekend)." in text
    assert "Counted 1 business day after Mon 11/30: Tue 12/01; due at closing (5:00 PM)." in text
    assert "Due: Tue 12/01/2026, 5:00 PM" in text
    assert "Still open and overdue by 1h 00m of business time." in text


def test_the_week_the_clocks_go_back(db: Database, ctx: ServiceContext, clock: ManualClock) -> None:
    # Friday 30 October, 3:00 PM CDT; the clocks go back on Sunday 1 November.
    clock.set(datetime(2026, 10, 30, 15, 0, tzinfo=CHICAGO))
    iid = member_inquiry(db, ctx, Priority.HIGH)
    clock.set(datetime(2026, 11, 2, 9, 0, tzinfo=CHICAGO))
    text = _explained(db, ctx, iid)["Contact originator"]
    assert "Received: Fri 10/30/2026, 3:00 PM." in text
    # Two hours on Friday, two on Monday: 10:00 AM on the wall clock, in standard time.
    assert "Due: Mon 11/02/2026, 10:00 AM" in text
    assert "2h 00m on Fri 10/30, 2h 00m on Mon 11/02." in text
    assert "Skipped: Sat 10/31 (weekend), Sun 11/01 (weekend)." in text
    assert "Still open: 1h 00m of business time left." in text
    due = load(db, iid).milestones[0].due_at
    assert due.astimezone(CHICAGO).utcoffset() == timedelta(hours=-6)


def test_met_after_the_due_time_while_the_office_was_closed(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    # Received Tue 11/24 at 2:00 PM, escalated: due Wed 11/25 at closing; the liaison calls
    # back that evening, after five — late, with no business time lost.
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=CHICAGO))
    iid = member_inquiry(db, ctx, Priority.ESCALATED)
    clock.set(datetime(2026, 11, 25, 18, 10, tzinfo=CHICAGO))
    run(db, actions.log_contact, ctx, iid, None, party=Party.MEMBER, channel=Channel.PHONE,
        outcome="reached")  # fmt: skip
    text = _explained(db, ctx, iid)["Contact originator"]
    assert "Due: Wed 11/25/2026, 5:00 PM" in text
    assert "late, though before the office opened again (0h 00m of business time)." in text
    # Another, called back after Thanksgiving: late by the business time it lost.
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=CHICAGO))
    other = member_inquiry(db, ctx, Priority.ESCALATED)
    clock.set(datetime(2026, 11, 30, 9, 30, tzinfo=CHICAGO))
    run(db, actions.log_contact, ctx, other, None, party=Party.MEMBER, channel=Channel.PHONE,
        outcome="reached")  # fmt: skip
    text = _explained(db, ctx, other)["Contact originator"]
    assert "late by 1h 30m of business time." in text


def test_an_unknown_reference(db: Database, ctx: ServiceContext) -> None:
    with pytest.raises(NotFoundError, match="no inquiry 261123-9999"), db.read_session() as s:
        explain(s, ctx, "261123-9999")


def test_on_the_command_line(
    db: Database, ctx: ServiceContext, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    from liaison_desk.commands.explain import run_explain

    clock.set(datetime(2026, 11, 25, 16, 30, tzinfo=CHICAGO))
    iid = member_inquiry(db, ctx, Priority.HIGH)
    ref = load(db, iid).reference
    assert run_explain(db, ref, clock=clock) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Contact originator — {ref} (Member, High priority)\n")
    assert out.strip() == _explained(db, ctx, iid)["Contact originator"]
    assert run_explain(db, "261123-9999", clock=clock) == 1
    assert "There is no inquiry 261123-9999." in capsys.readouterr().err
