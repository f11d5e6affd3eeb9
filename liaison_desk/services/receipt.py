"""When an inquiry was received: the checks shared by intake and by a later correction.

A received time in the future is refused. One earlier than the start of the previous
business day is allowed (a call logged late, a letter opened after a holiday) but is
usually a slip — a date typed into the wrong field, a wrong year — and its clocks start from
then, so the person is asked to confirm with the words this module writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from ..calendar import BusinessCalendar
from ..errors import ValidationError
from ..milestones import format_when

FUTURE = "The received time cannot be in the future."


def aware(calendar: BusinessCalendar, when: datetime) -> datetime:
    """A time typed without a zone is wall-clock time at the office."""
    return when.replace(tzinfo=calendar.timezone) if when.tzinfo is None else when


def check_not_future(calendar: BusinessCalendar, now: datetime, when: datetime) -> datetime:
    when = aware(calendar, when)
    if when > now:
        raise ValidationError({"received_at": FUTURE})
    return when


def previous_business_day_start(calendar: BusinessCalendar, now: datetime) -> datetime:
    """Opening time of the last business day before today (today itself not counted)."""
    day = now.astimezone(calendar.timezone).date() - timedelta(days=1)
    while not calendar.is_business_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, calendar.opens, tzinfo=calendar.timezone)


def old_receipt_warning(
    calendar: BusinessCalendar,
    now: datetime,
    received: datetime,
    deadlines: Iterable[tuple[str, datetime]] = (),
) -> str | None:
    """The confirmation to ask for a received time before the previous business day, naming
    the clocks (label, due) that will already be overdue; None when the time is recent."""
    received = aware(calendar, received)
    if received >= previous_business_day_start(calendar, now):
        return None
    days = calendar.business_days_between(
        received.astimezone(calendar.timezone).date(), now.astimezone(calendar.timezone).date()
    )
    ago = f"{days} business days ago" if days != 1 else "1 business day ago"
    text = f"The received time is {format_when(received, calendar)}, {ago}."
    overdue = [label for label, due in deadlines if due < now]
    if overdue:
        names = ", ".join(overdue)
        verb = "is" if len(overdue) == 1 else "are"
        text += f" The clocks start from then, so {names} {verb} already overdue."
    else:
        text += " The clocks start from then."
    return text + " Is the received time right?"
