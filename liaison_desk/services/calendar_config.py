"""The team's business calendar as kept in the database, and the admin's changes to it.

Settings (``AppSetting``): ``calendar.timezone`` (IANA name), ``calendar.opens`` and
``calendar.closes`` ("08:00"), ``calendar.workdays`` (weekday numbers, 0 = Monday).
``CalendarDay`` rows: ``kind == "closed"`` adds a closure (the day after Thanksgiving, a
weather closure), ``kind == "open"`` makes the office work a holiday or closure. Holidays
are the Iowa defaults of :class:`~liaison_desk.calendar.BusinessCalendar`.

Changing the calendar affects clocks started afterwards; existing milestones keep the due
times they were given, like a policy edit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..calendar import (
    DEFAULT_CLOSES,
    DEFAULT_OPENS,
    DEFAULT_TIMEZONE,
    DEFAULT_WORKDAYS,
    BusinessCalendar,
)
from ..db.models import AppSetting, CalendarDay
from ..domain import Role
from ..errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from . import audit
from .context import ServiceContext

__all__ = [
    "KEY_CLOSES",
    "KEY_OPENS",
    "KEY_TIMEZONE",
    "KEY_WORKDAYS",
    "CalendarSettings",
    "add_closure",
    "add_open_day",
    "calendar_days",
    "load_calendar",
    "read_settings",
    "remove_day",
    "set_hours",
]

log = logging.getLogger(__name__)

KEY_TIMEZONE = "calendar.timezone"
KEY_OPENS = "calendar.opens"
KEY_CLOSES = "calendar.closes"
KEY_WORKDAYS = "calendar.workdays"
KIND_CLOSED = "closed"
KIND_OPEN = "open"


@dataclass(frozen=True)
class CalendarSettings:
    timezone: str = DEFAULT_TIMEZONE
    opens: time = DEFAULT_OPENS
    closes: time = DEFAULT_CLOSES
    workdays: tuple[int, ...] = DEFAULT_WORKDAYS


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a time like 08:00, got {value!r}")
    parsed = time.fromisoformat(value.strip())
    if parsed.tzinfo is not None:
        raise ValueError("a wall-clock time has no timezone")
    return parsed


def read_settings(session: Session) -> CalendarSettings:
    """The stored business hours; a stored value that cannot be read falls back to its default
    (and is logged), so a bad row never keeps the app from starting."""
    values = {
        s.key: s.value
        for s in session.scalars(
            select(AppSetting).where(
                AppSetting.key.in_([KEY_TIMEZONE, KEY_OPENS, KEY_CLOSES, KEY_WORKDAYS])
            )
        )
    }
    result = CalendarSettings()
    fields: dict[str, Any] = {}
    try:
        if KEY_TIMEZONE in values:
            tz = str(values[KEY_TIMEZONE])
            BusinessCalendar(timezone=tz)
            fields["timezone"] = tz
    except ValueError as exc:
        log.warning("ignoring %s: %s", KEY_TIMEZONE, exc)
    for key, name in ((KEY_OPENS, "opens"), (KEY_CLOSES, "closes")):
        if key in values:
            try:
                fields[name] = _parse_time(values[key])
            except ValueError as exc:
                log.warning("ignoring %s: %s", key, exc)
    if KEY_WORKDAYS in values:
        raw = values[KEY_WORKDAYS]
        if isinstance(raw, list) and raw and all(isinstance(d, int) and 0 <= d <= 6 for d in raw):
            fields["workdays"] = tuple(sorted(set(raw)))
        else:
            log.warning("ignoring %s: %r", KEY_WORKDAYS, raw)
    candidate = CalendarSettings(**{**result.__dict__, **fields})
    if not candidate.opens < candidate.closes:
        log.warning("ignoring stored business hours: opening is not before closing")
        candidate = CalendarSettings(timezone=candidate.timezone, workdays=candidate.workdays)
    return candidate


def calendar_days(session: Session) -> list[CalendarDay]:
    return list(session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def load_calendar(session: Session, holidays: Mapping[date, str] | None = None) -> BusinessCalendar:
    """The business calendar in force: stored hours and the admin's closures and worked days
    (``holidays`` replaces the default holidays, as the upgrade's view of the old default)."""
    s = read_settings(session)
    days = calendar_days(session)
    return BusinessCalendar(
        timezone=s.timezone,
        opens=s.opens,
        closes=s.closes,
        holidays=holidays,
        workdays=s.workdays,
        closures=[d.day for d in days if d.kind == KIND_CLOSED],
        open_days=[d.day for d in days if d.kind == KIND_OPEN],
    )


# ---------------------------------------------------------------------- admin


def _require_admin(ctx: ServiceContext) -> None:
    if ctx.actor.role != Role.ADMIN:
        raise PermissionDenied("Only an administrator can change the business calendar.")


def _put_day(session: Session, ctx: ServiceContext, day: date, kind: str, note: str) -> CalendarDay:
    _require_admin(ctx)
    if not isinstance(day, date):
        raise ValidationError({"day": "Choose a date."})
    note = (note or "").strip()[:200]
    row = session.get(CalendarDay, day)
    before: dict[str, Any] | None = None
    if row is None:
        row = CalendarDay(day=day, kind=kind, note=note)
        session.add(row)
        action = "insert"
    else:
        before = {"kind": row.kind, "note": row.note}
        row.kind = kind
        row.note = note
        action = "update"
    session.flush()
    audit.record(
        session,
        ctx,
        "calendar_day",
        None,
        action,
        {"day": day, "kind": kind, "note": note, **({"before": before} if before else {})},
    )
    return row


def add_closure(session: Session, ctx: ServiceContext, day: date, note: str = "") -> CalendarDay:
    """Close the office on ``day`` (a weather closure, the day after Thanksgiving)."""
    return _put_day(session, ctx, day, KIND_CLOSED, note)


def add_open_day(session: Session, ctx: ServiceContext, day: date, note: str = "") -> CalendarDay:
    """Work ``day`` although it is a holiday (or was closed); a weekend stays a weekend."""
    return _put_day(session, ctx, day, KIND_OPEN, note)


def remove_day(
    session: Session, ctx: ServiceContext, day: date, expected_version: int | None = None
) -> None:
    """Undo a closure or worked day: ``day`` goes back to the default calendar."""
    _require_admin(ctx)
    row = session.get(CalendarDay, day)
    if row is None:
        raise NotFoundError(f"{day.isoformat()} has no closure or worked day to remove.")
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"Calendar day {day.isoformat()}",
            expected_version=expected_version,
            current_version=row.version,
            theirs={"kind": row.kind, "note": row.note},
        )
    audit.record(
        session,
        ctx,
        "calendar_day",
        None,
        "delete",
        {"day": day, "kind": row.kind, "note": row.note},
    )
    session.delete(row)
    session.flush()


def set_hours(
    session: Session,
    ctx: ServiceContext,
    *,
    opens: time | str | None = None,
    closes: time | str | None = None,
    workdays: Iterable[int] | None = None,
    timezone: str | None = None,
) -> CalendarSettings:
    """Change business hours, workdays or timezone (only the ones given), checked together."""
    _require_admin(ctx)
    current = read_settings(session)
    problems: dict[str, str] = {}
    new_opens, new_closes = current.opens, current.closes
    try:
        if opens is not None:
            new_opens = _parse_time(opens)
    except ValueError:
        problems["opens"] = f"“{opens}” is not a time of day (use 08:00)."
    try:
        if closes is not None:
            new_closes = _parse_time(closes)
    except ValueError:
        problems["closes"] = f"“{closes}” is not a time of day (use 17:00)."
    new_days = current.workdays
    if workdays is not None:
        days = list(workdays)
        if not days or not all(
            isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days
        ):
            problems["workdays"] = "Choose at least one workday (Monday to Sunday)."
        else:
            new_days = tuple(sorted(set(days)))
    new_tz = current.timezone if timezone is None else timezone.strip()
    if not problems:
        try:
            BusinessCalendar(timezone=new_tz, opens=new_opens, closes=new_closes, workdays=new_days)
        except ValueError as exc:
            field = "timezone" if "timezone" in str(exc) else "closes"
            problems[field] = str(exc)[:1].upper() + str(exc)[1:] + "."
    if problems:
        raise ValidationError(problems)
    result = CalendarSettings(new_tz, new_opens, new_closes, new_days)
    wanted: dict[str, Any] = {
        KEY_TIMEZONE: new_tz,
        KEY_OPENS: new_opens.isoformat(timespec="minutes"),
        KEY_CLOSES: new_closes.isoformat(timespec="minutes"),
        KEY_WORKDAYS: list(new_days),
    }
    changes: dict[str, Any] = {}
    for key, value in wanted.items():
        row = session.get(AppSetting, key)
        if row is None:
            session.add(AppSetting(key=key, value=value))
            changes[key] = value
        elif row.value != value:
            changes[key] = {"from": row.value, "to": value}
            row.value = value
    session.flush()
    if changes:
        audit.record(session, ctx, "calendar", None, "update", changes)
    return result


@dataclass(frozen=True)
class DayRow:
    """A day the administrator sees in the calendar tab."""

    day: date
    what: str  # "Holiday", "Office closed", "Office open"
    note: str
    version: int | None  # None: a default holiday (not removable, only worked)


@dataclass(frozen=True)
class CalendarListing:
    settings: CalendarSettings
    days: list[DayRow]


def calendar_listing(session: Session, ctx: ServiceContext) -> CalendarListing:
    """Office hours, and every holiday and changed day of this year and the next (changed
    days of other years too), in date order."""
    settings = read_settings(session)
    changed = {r.day: r for r in calendar_days(session)}
    cal = load_calendar(session)
    today = ctx.clock.now().astimezone(cal.timezone).date()
    years = (today.year, today.year + 1)
    days: list[DayRow] = []
    for year in years:
        d = date(year, 1, 1)
        while d.year == year:
            name = cal.holiday_name(d)
            if d in changed:
                r = changed[d]
                days.append(DayRow(d, _what(r.kind), r.note or (name or ""), r.version))
            elif name:
                days.append(DayRow(d, "Holiday", name, None))
            d = date.fromordinal(d.toordinal() + 1)
    for d, r in changed.items():
        if d.year not in years:
            days.append(DayRow(d, _what(r.kind), r.note, r.version))
    return CalendarListing(settings, sorted(days, key=lambda x: x.day))


def _what(kind: str) -> str:
    return "Office closed" if kind == "closed" else "Office open"
