"""Bringing a database onto the shipped holiday rules (``resources/calendars/``).

Databases made before the rules were data ran on ``holidays.US(subdiv="IA")``, which closed
Lincoln's and Washington's Birthdays and Juneteenth and kept the Friday after Thanksgiving
open. ``db upgrade`` records which rules are in force (``calendar.holiday_rules``); when a
database moves onto new rules, every running clock whose deadline came from the old default
is given the deadline the new calendar gives it, and its inquiry's timeline says why. Clocks
whose times differ for another reason (an admin's calendar change after they started) are
left alone, as a calendar edit always leaves them. An admin's closures and worked days are
data of their own and are never touched.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..calendar import BusinessCalendar
from ..clock import Clock, SystemClock
from ..db.models import AppSetting, Milestone
from ..domain import EntryKind
from ..holiday_rules import HolidayRules, default_rules
from ..milestones import clock_text
from ..policies import PolicySpec, compute_times
from .calendar_config import load_calendar
from .clocks import recompute_next_due
from .context import SYSTEM_ACTOR, ServiceContext
from .history import add_entry

__all__ = ["KEY_HOLIDAY_RULES", "apply_shipped_holidays"]

log = logging.getLogger(__name__)

KEY_HOLIDAY_RULES = "calendar.holiday_rules"


def _legacy_holidays(years: range) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays("US", subdiv="IA", years=list(years)))


def apply_shipped_holidays(session: Session, clock: Clock | None = None) -> list[str]:
    """Record the shipped rules as the ones in force, moving the deadlines the previous
    default got wrong. Returns notes for the person who ran the upgrade."""
    rules = default_rules()
    row = session.get(AppSetting, KEY_HOLIDAY_RULES)
    if row is not None and row.value == rules.key:
        return []
    previous = None if row is None else row.value
    notes: list[str] = []
    if previous is None:
        moved = _move_deadlines(session, clock or SystemClock(), rules)
        if moved:
            notes.append(
                f"The business calendar now follows {rules.name}: the deadlines of {moved} "
                "running clock(s) moved; each inquiry's timeline says why."
            )
    else:
        log.info("holiday rules %s replace %s; no old default to compare", rules.key, previous)
    if row is None:
        session.add(AppSetting(key=KEY_HOLIDAY_RULES, value=rules.key))
    else:
        row.value = rules.key
    session.flush()
    return notes


def _move_deadlines(session: Session, clock: Clock, rules: HolidayRules) -> int:
    running = list(
        session.scalars(
            select(Milestone)
            .where(Milestone.met_at.is_(None), Milestone.closed_reason.is_(None))
            .options(selectinload(Milestone.inquiry))
            .order_by(Milestone.id)
        )
    )
    if not running:
        return 0
    first = min(m.started_at for m in running).year - 1
    last = max(m.due_at for m in running).year + 2
    old_cal = load_calendar(session, _legacy_holidays(range(first, last + 1)))
    new_cal = load_calendar(session)
    ctx = ServiceContext(actor=SYSTEM_ACTOR, clock=clock, calendar=new_cal)
    moved = 0
    for m in running:
        try:
            spec = PolicySpec.from_dict(m.policy_snapshot)
        except (KeyError, TypeError, ValueError):
            continue  # a clock without the numbers it was made from cannot be recomputed
        start = m.started_at
        old = compute_times(old_cal, spec, start)
        if old != (_utc(m.warn_at), _utc(m.due_at)):
            continue
        new = compute_times(new_cal, spec, start)
        if new == old:
            continue
        m.warn_at, m.due_at = new
        deemed = new_cal.next_open(start).astimezone(UTC)
        if deemed != _utc(start):
            m.started_at = deemed
        why = _differences(old_cal, new_cal, start, max(old[1], new[1]))
        tz = new_cal.timezone
        add_entry(
            session,
            ctx,
            m.inquiry,
            EntryKind.MILESTONE,
            f"{m.label}: due {_when(old[1], tz)} → {_when(new[1], tz)}. The office calendar "
            f"now follows {rules.name}: {why}.",
            data={
                "milestone_id": m.id,
                "event": "calendar_corrected",
                "old_due": old[1].isoformat(),
                "new_due": new[1].isoformat(),
                "rules": rules.key,
            },
            react=False,
        )
        recompute_next_due(m.inquiry)
        moved += 1
    return moved


def _differences(
    old: BusinessCalendar, new: BusinessCalendar, start: datetime, end: datetime
) -> str:
    tz = new.timezone
    day = start.astimezone(tz).date()
    stop = end.astimezone(tz).date()
    said: list[str] = []
    while day <= stop:
        was, now = old.is_business_day(day), new.is_business_day(day)
        if was and not now:
            said.append(f"{new.holiday_name(day) or 'a holiday'} ({day:%b} {day.day}) is a holiday")
        elif now and not was:
            said.append(f"{old.holiday_name(day) or 'the day'} ({day:%b} {day.day}) is a workday")
        day += timedelta(days=1)
    return "; ".join(said) or "its holidays changed"


def _when(dt: datetime, tz: object) -> str:
    local = dt.astimezone(tz)  # type: ignore[arg-type]
    return f"{local:%a %b} {local.day} {clock_text(local)}"


def _utc(dt: datetime | None) -> datetime | None:
    return None if dt is None else dt.astimezone(UTC)
