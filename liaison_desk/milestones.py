"""Where a milestone stands at a given instant: state, business time left, countdown text.

Pure and fast: the client calls :func:`assess` for every visible countdown cell once a
second. Build a :class:`MilestoneView` once per milestone (it is small, frozen and hashable,
so the client can cache it) and assess it with the current ``now``.

States, for a given ``now``:

* ``CANCELLED`` — the milestone no longer applies (``closed_reason`` "cancelled": the inquiry
  was resolved before it fell due; "superseded": the priority changed).
* ``MET_ON_TIME`` / ``MET_LATE`` — met at or before / after the due time.
* ``OVERDUE`` — not met and ``now`` is past the due instant. An overdue milestone stays
  overdue at night and at weekends; its overdue amount is business time, so it does not grow
  while the office is closed (due 17:00, now 17:01 reads just "overdue"). A milestone closed
  unmet after its due time ("breached", the inquiry was resolved) is OVERDUE for good and
  reads "not met".
* ``PAUSED`` — open, not overdue, and the office is closed now: the clock is not running.
  Reads "paused — resumes Mon 8:00 AM". ``Assessment.past_warn`` still tells whether the
  warn time has passed.
* ``PAST_WARN`` — open, office open, warn time reached.
* ``ON_TRACK`` — otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from .calendar import BusinessCalendar

__all__ = [
    "Assessment",
    "MilestoneState",
    "MilestoneView",
    "assess",
    "format_countdown",
    "format_duration",
    "format_when",
    "short_when",
]

CLOSED_MET = "met"
CLOSED_CANCELLED = "cancelled"
CLOSED_SUPERSEDED = "superseded"
# Resolved while overdue and unmet: still a breach, no longer ticking.
CLOSED_BREACHED = "breached"
EXCLUDED_REASONS = frozenset({CLOSED_CANCELLED, CLOSED_SUPERSEDED})


class MilestoneState(StrEnum):
    ON_TRACK = "on_track"
    PAST_WARN = "past_warn"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    PAUSED = "paused"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still running (or waiting for the office to open): the countdown ticks."""
        return self in (MilestoneState.ON_TRACK, MilestoneState.PAST_WARN, MilestoneState.PAUSED)


_STATE_LABELS = {
    MilestoneState.ON_TRACK: "On track",
    MilestoneState.PAST_WARN: "Past warn",
    MilestoneState.OVERDUE: "Overdue",
    MilestoneState.MET_ON_TIME: "Met on time",
    MilestoneState.MET_LATE: "Met late",
    MilestoneState.PAUSED: "Paused",
    MilestoneState.CANCELLED: "No longer applies",
}


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """The parts of a milestone that :func:`assess` needs; datetimes are aware."""

    kind: str
    label: str
    due_at: datetime
    warn_at: datetime | None = None
    met_at: datetime | None = None
    closed_reason: str | None = None
    description: str = ""
    started_at: datetime | None = field(default=None, compare=False)
    id: int | None = None

    @classmethod
    def of(cls, milestone: Any) -> MilestoneView:
        """From a ``Milestone`` row (or anything with its attributes)."""
        if isinstance(milestone, MilestoneView):
            return milestone
        snapshot = getattr(milestone, "policy_snapshot", None) or {}
        return cls(
            kind=milestone.kind,
            label=milestone.label,
            due_at=milestone.due_at,
            warn_at=milestone.warn_at,
            met_at=milestone.met_at,
            closed_reason=milestone.closed_reason,
            description=str(snapshot.get("description", "")),
            started_at=getattr(milestone, "started_at", None),
            id=getattr(milestone, "id", None),
        )

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.closed_reason is None


@dataclass(frozen=True, slots=True)
class Assessment:
    state: MilestoneState
    # Business seconds until due (negative when overdue) while the milestone is open or
    # overdue-open; None once it is met, cancelled or closed unmet.
    seconds_left: int | None
    due_at: datetime
    countdown: str
    past_warn: bool
    view: MilestoneView
    calendar: BusinessCalendar = field(repr=False, compare=False)

    @property
    def ticking(self) -> bool:
        """Whether the text can change as time passes (the cell needs repainting)."""
        return self.seconds_left is not None

    @property
    def tooltip(self) -> str:
        """Due time, warn time, how it ended, and the policy's words (for the cell's tooltip)."""
        text = _tooltip(self.view, self.state, self.calendar)
        if self.state is MilestoneState.PAUSED and self.seconds_left is not None:
            left = format_duration(self.seconds_left, self.calendar.hours_per_day)
            text = f"{text}\n{left} left when the office opens"
        return text


# ---------------------------------------------------------------------- formatting


def format_duration(seconds: float, hours_per_day: float) -> str:
    """A non-negative business duration: "1d 4h", "3h 12m", "42m", "<1m", "0m".

    A day is ``hours_per_day`` business hours. Rounded down: never shows more time than there
    is.
    """
    s = max(int(seconds), 0)
    if s == 0:
        return "0m"
    if s < 60:
        return "<1m"
    day = round(hours_per_day * 3600)
    if s >= day > 0:
        days, rest = divmod(s, day)
        return f"{days}d {rest // 3600}h"
    hours, rest = divmod(s, 3600)
    if hours:
        return f"{hours}h {rest // 60:02d}m"
    return f"{rest // 60}m"


def format_countdown(seconds: float, hours_per_day: float) -> str:
    """Business time left as shown in the queue; negative seconds read "overdue 2h 05m"."""
    if seconds < 0:
        return f"overdue {format_duration(-seconds, hours_per_day)}"
    return format_duration(seconds, hours_per_day)


# Fixed English names: strftime's %a/%b follow the process locale, which Qt sets from the
# desktop's, and the office's wording must not change with a workstation's settings.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clock_text(dt: datetime) -> str:
    """ "1:05 PM": the desk's 12-hour time (the one place it is written)."""
    hour = dt.hour % 12 or 12
    return f"{hour}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'}"


def short_when(dt: datetime, calendar: BusinessCalendar) -> str:
    """ "Mon 11/23 1:05 PM" in the office's time: the weekday matters for business days,
    the year rarely (queue cells, deadline previews)."""
    local = dt.astimezone(calendar.timezone)
    return f"{_DAYS[local.weekday()]} {local.month}/{local.day} {clock_text(local)}"


def format_when(dt: datetime, calendar: BusinessCalendar, *, with_date: bool = True) -> str:
    """A local time for people: "Mon Nov 23, 1:00 PM" (or "Mon 1:00 PM")."""
    local = dt.astimezone(calendar.timezone)
    day = _DAYS[local.weekday()]
    if with_date:
        return f"{day} {_MONTHS[local.month - 1]} {local.day}, {clock_text(local)}"
    return f"{day} {clock_text(local)}"


@lru_cache(maxsize=64)
def _office_now(calendar: BusinessCalendar, now: datetime) -> tuple[bool, str]:
    # Every cell of one repaint asks about the same instant: answer once.
    if calendar.is_open(now):
        return True, ""
    opening = calendar.next_open(now)
    soon = (opening - now).total_seconds() < 6 * 86400
    return False, f"paused — resumes {format_when(opening, calendar, with_date=not soon)}"


# ---------------------------------------------------------------------- assessing


def assess(milestone: Any, now: datetime, calendar: BusinessCalendar) -> Assessment:
    """Where ``milestone`` (a :class:`MilestoneView` or a ``Milestone`` row) stands at ``now``."""
    view = milestone if isinstance(milestone, MilestoneView) else MilestoneView.of(milestone)
    due = view.due_at
    reason = view.closed_reason
    if reason in EXCLUDED_REASONS:
        text = "superseded" if reason == CLOSED_SUPERSEDED else "no longer applies"
        return Assessment(MilestoneState.CANCELLED, None, due, text, False, view, calendar)
    if view.met_at is not None:
        warned = view.warn_at is not None and view.met_at >= view.warn_at
        if view.met_at <= due:
            return Assessment(MilestoneState.MET_ON_TIME, None, due, "met", warned, view, calendar)
        late = calendar.business_hours_between(due, view.met_at) * 3600
        text = (
            "met late" if late < 60 else f"met {format_duration(late, calendar.hours_per_day)} late"
        )
        return Assessment(MilestoneState.MET_LATE, None, due, text, True, view, calendar)
    if reason is not None:  # closed unmet after its due time
        return Assessment(MilestoneState.OVERDUE, None, due, "not met", True, view, calendar)

    left = round(calendar.business_hours_between(now, due) * 3600)
    past_warn = view.warn_at is not None and now >= view.warn_at
    if now > due:
        over = -left if left < 0 else 0
        text = (
            "overdue" if over < 60 else f"overdue {format_duration(over, calendar.hours_per_day)}"
        )
        return Assessment(MilestoneState.OVERDUE, -over, due, text, True, view, calendar)
    is_open, paused_text = _office_now(calendar, now)
    if not is_open:
        return Assessment(MilestoneState.PAUSED, left, due, paused_text, past_warn, view, calendar)
    state = MilestoneState.PAST_WARN if past_warn else MilestoneState.ON_TRACK
    text = format_countdown(left, calendar.hours_per_day)
    return Assessment(state, left, due, text, past_warn, view, calendar)


@lru_cache(maxsize=4096)
def _tooltip(view: MilestoneView, state: MilestoneState, calendar: BusinessCalendar) -> str:
    lines = [f"{view.label} — {state.label.lower()}", f"Due {format_when(view.due_at, calendar)}"]
    if view.warn_at is not None:
        lines.append(f"Warning from {format_when(view.warn_at, calendar)}")
    if view.met_at is not None:
        lines.append(f"Met {format_when(view.met_at, calendar)}")
    elif view.closed_reason == CLOSED_BREACHED:
        lines.append("Not met; the inquiry was closed after the due time")
    elif view.closed_reason == CLOSED_SUPERSEDED:
        lines.append("Replaced when the priority changed or the details were corrected")
    elif view.closed_reason == CLOSED_CANCELLED:
        lines.append("No longer applies: the inquiry was resolved before it fell due")
    if view.description:
        lines.append(view.description)
    return "\n".join(lines)
