"""`db upgrade` moves a database made on the old default calendar (holidays.US(subdiv="IA"))
onto Iowa Code §1C.2: running clocks the old default got wrong get the right deadline and a
timeline line saying why; an admin's own closures and other clocks are left as they are."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import holidays
from sqlalchemy import select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AppSetting, CalendarDay, Inquiry, Milestone, TimelineEntry
from liaison_desk.db.schema import upgrade
from liaison_desk.domain import EntryKind, Priority, Role
from liaison_desk.services import calendar_config
from liaison_desk.services.calendar_defaults import KEY_HOLIDAY_RULES
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import member_inquiry, provider_inquiry
from tests.conftest import CHICAGO, make_user

OLD_DEFAULT = BusinessCalendar(
    holidays=dict(holidays.country_holidays("US", subdiv="IA", years=range(2025, 2029)))
)


def local(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=CHICAGO)


def clock_of(db: Database, inquiry_id: int, kind: str) -> Milestone:
    with db.read_session() as s:
        m = s.scalars(
            select(Milestone).where(Milestone.inquiry_id == inquiry_id, Milestone.kind == kind)
        ).one()
        s.expunge(m)
        return m


def calendar_lines(db: Database, inquiry_id: int) -> list[TimelineEntry]:
    with db.read_session() as s:
        found = [
            e
            for e in s.scalars(
                select(TimelineEntry).where(
                    TimelineEntry.inquiry_id == inquiry_id,
                    TimelineEntry.kind == str(EntryKind.MILESTONE),
                )
            )
            if e.data.get("event") == "calendar_corrected"
        ]
        s.expunge_all()
        return found


def as_old_database(db: Database) -> None:
    """What a database made before the holiday rules were data looks like."""
    with db.session() as s:
        row = s.get(AppSetting, KEY_HOLIDAY_RULES)
        assert row is not None, "a new database records the rules in force"
        s.delete(row)


def test_upgrade_moves_the_deadlines_the_old_default_got_wrong(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    admin = ServiceContext(make_user(db, "admin1", Role.ADMIN), clock, BusinessCalendar())
    with db.session() as s:
        calendar_config.add_closure(s, admin, date(2026, 12, 24), "Christmas Eve (governor)")
    as_old_database(db)
    old = replace(ctx, calendar=OLD_DEFAULT)

    # Monday 23 November 9:00, Escalated provider issue: the old default worked Friday the
    # 27th (warn Fri 17:00, due Mon 30 17:00).
    provider = provider_inquiry(db, old, Priority.ESCALATED)
    m = clock_of(db, provider, "contact_originator")
    assert (m.warn_at, m.due_at) == (local(11, 27, 17), local(11, 30, 17))
    # Thursday 18 June 9:00, Escalated member issue: the old default closed Juneteenth.
    clock.set(local(6, 18, 9))
    member = member_inquiry(db, old, Priority.ESCALATED)
    assert clock_of(db, member, "contact_originator").due_at == local(6, 22, 17)
    # A clock whose time came from somewhere else (not the old default) is not touched.
    clock.set(local(11, 23, 9))
    other = member_inquiry(db, replace(ctx, calendar=BusinessCalendar(holidays=[])))
    other_due = clock_of(db, other, "contact_originator").due_at

    notes = upgrade(db)

    m = clock_of(db, provider, "contact_originator")
    assert (m.warn_at, m.due_at) == (local(11, 30, 17), local(12, 1, 17))
    assert clock_of(db, member, "contact_originator").due_at == local(6, 19, 17)
    assert clock_of(db, other, "contact_originator").due_at == other_due
    assert any("2 running clock(s) moved" in n for n in notes), notes

    [line] = calendar_lines(db, provider)
    assert line.user_id is None  # the system, not whoever ran the upgrade
    assert "Iowa Code §1C.2" in line.summary
    assert "Friday after Thanksgiving (Nov 27) is a holiday" in line.summary
    assert "Mon Nov 30 5:00 PM → Tue Dec 1 5:00 PM" in line.summary
    [line] = calendar_lines(db, member)
    assert "Juneteenth National Independence Day (Jun 19) is a workday" in line.summary
    assert calendar_lines(db, other) == []
    with db.read_session() as s:
        inquiry = s.get(Inquiry, provider)
        assert inquiry is not None and inquiry.next_due_at == local(12, 1, 17)
        # The admin's own closure stays.
        assert [(d.day, d.kind) for d in s.scalars(select(CalendarDay))] == [
            (date(2026, 12, 24), "closed")
        ]

    # Once on the new rules, another upgrade changes nothing.
    assert upgrade(db) == [] or not any("moved" in n for n in upgrade(db))
    assert len(calendar_lines(db, provider)) == 1


def test_a_new_database_starts_on_the_state_holidays(db: Database) -> None:
    with db.read_session() as s:
        cal = calendar_config.load_calendar(s)
        assert s.get(AppSetting, KEY_HOLIDAY_RULES) is not None
    assert cal.holiday_name(date(2026, 11, 27)) == "Friday after Thanksgiving"
    assert cal.is_business_day(date(2026, 6, 19))
    assert cal.is_business_day(date(2026, 2, 16))
