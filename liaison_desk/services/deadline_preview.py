"""The deadline preview of the intake forms: which clocks a new inquiry will start, and when
they fall due, worked out from the policies in force before anything is saved.

The arithmetic is ``liaison_desk.policies.compute_times``, the same function that creates the
stored milestones, so the preview and the saved item never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..calendar import BusinessCalendar
from ..milestones import short_when
from ..policies import PolicySpec, compute_times, describe_amount
from .clocks import STARTS_RECEIVED, STARTS_REFERRAL


@dataclass(frozen=True)
class Deadline:
    milestone: str  # MilestoneKind value
    label: str
    due: datetime
    warn: datetime | None
    amount_text: str  # "4 business hours"
    description: str

    def text(self, calendar: BusinessCalendar) -> str:
        """``Contact originator by Mon 11/23 1:00 PM — 4 business hours``."""
        return f"{self.label} by {format_when(self.due, calendar)} — {self.amount_text}"


def later_clocks(policies: list[PolicySpec], track: str, priority: str | None) -> list[str]:
    """The clocks that start later, when the item is referred to the MCO, in words:
    ``MCO contacts member — end of the business day of the referral``."""
    return [
        f"{spec.label} — {spec.due_text}"
        for spec in policies
        if spec.starts_on == STARTS_REFERRAL and spec.applies_to(track, priority)
    ]


def deadlines(
    calendar: BusinessCalendar,
    policies: list[PolicySpec],
    track: str,
    priority: str | None,
    received: datetime,
) -> list[Deadline]:
    """The clocks ``services.clocks.start_milestones`` would start, earliest due first."""
    result = []
    for spec in policies:
        if spec.starts_on != STARTS_RECEIVED or not spec.applies_to(track, priority):
            continue
        warn, due = compute_times(calendar, spec, received)
        result.append(
            Deadline(
                milestone=spec.milestone,
                label=spec.label,
                due=due,
                warn=warn,
                amount_text=describe_amount(spec.due_amount, spec.due_unit, spec.starts_on),
                description=spec.description,
            )
        )
    result.sort(key=lambda d: d.due)
    return result


def format_when(dt: datetime, calendar: BusinessCalendar) -> str:
    """``Mon 11/23 1:00 PM`` in the calendar's timezone, 12-hour clock."""
    return short_when(dt, calendar)


def format_day(dt: datetime, calendar: BusinessCalendar) -> str:
    """``Wed 11/25``."""
    return short_when(dt, calendar).rsplit(" ", 2)[0]
