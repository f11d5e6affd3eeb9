"""Every deadline explained (issue 15): for one clock, in plain words, when the inquiry came
in and when it counts as received (and why: after closing, a weekend, a holiday by name), the
standard in force then (its words and numbers, from the clock's snapshot), the business days
or hours counted with the closed days skipped by name, the resulting due time, and what met
it (the timeline entry) or that it is still open. One function for the detail pane's "Why
this deadline?", the compliance packet's breach list and ``liaison-desk explain``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..db.models import Inquiry, Milestone, TimelineEntry, User
from ..domain import Priority, Track, has_priority, label_of
from ..errors import NotFoundError
from ..milestones import CLOSED_BREACHED, CLOSED_CANCELLED, CLOSED_SUPERSEDED
from ..policies import BUSINESS_DAYS, PolicySpec
from .context import ServiceContext
from .permissions import can_view_inquiry

# A clock of a standard that starts on its step, not on receipt.
_STARTS = {
    "referral": "the referral to the MCO",
    "missed": "the miss of the clock it follows up",
    "state_monitor": "QC's vetting",
    "outreach": "the case being sent for outreach",
    "outreach_again": "the first outreach attempt",
}


@dataclass(frozen=True)
class Explanation:
    reference: str
    milestone_id: int
    label: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def when_words(cal: BusinessCalendar, dt: datetime) -> str:
    local = dt.astimezone(cal.timezone)
    hour = local.hour % 12 or 12
    return f"{local:%a %m/%d/%Y}, {hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"


def _clock_time(t: object) -> str:
    hour, minute = t.hour, t.minute  # type: ignore[attr-defined]
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _day(d: date) -> str:
    return f"{d:%a %m/%d}"


def _closed_day(cal: BusinessCalendar, d: date) -> str:
    """ "Thu 11/26 Thanksgiving Day", "Sat 11/28 (weekend)"."""
    name = cal.holiday_name(d)
    if name:
        return f"{_day(d)} {name}"
    return f"{_day(d)} (weekend)" if d.weekday() >= 5 else f"{_day(d)} (office closed)"


def _closed_between(cal: BusinessCalendar, first: date, last: date) -> list[str]:
    out, d = [], first
    while d <= last:
        if not cal.is_business_day(d):
            out.append(_closed_day(cal, d))
        d += timedelta(days=1)
    return out


def _why_deemed(cal: BusinessCalendar, raw: datetime) -> str:
    local = raw.astimezone(cal.timezone)
    if not cal.is_business_day(local.date()):
        return f"received on {_closed_day(cal, local.date())}"
    if local.time() < cal.opens:
        return f"received before opening ({_clock_time(cal.opens)})"
    return f"received after closing ({_clock_time(cal.closes)})"


def _counting(cal: BusinessCalendar, spec: PolicySpec, deemed: datetime, due: datetime) -> str:
    start_day = deemed.astimezone(cal.timezone).date()
    due_day = due.astimezone(cal.timezone).date()
    n = int(spec.due_amount) if float(spec.due_amount).is_integer() else spec.due_amount
    hours = f"{_clock_time(cal.opens)}–{_clock_time(cal.closes)}"
    if spec.due_unit == BUSINESS_DAYS:
        counted, d = [], start_day + timedelta(days=1)
        while d <= due_day:
            if cal.is_business_day(d):
                counted.append(_day(d))
            d += timedelta(days=1)
        what = (
            f"Counted {n} business day{'' if n == 1 else 's'} after {_day(start_day)}: "
            + (", ".join(counted) if counted else "the same day")
            + f"; due at closing ({_clock_time(cal.closes)})."
        )
    else:
        parts, d = [], start_day
        while d <= due_day:
            if cal.is_business_day(d):
                opening = cal.next_open(datetime.combine(d, time(0), cal.timezone))
                a, b = max(deemed, opening), min(due, cal.close_of_day(d))
                if b > a:
                    parts.append(f"{span_words(cal.business_hours_between(a, b))} on {_day(d)}")
            d += timedelta(days=1)
        what = (
            f"Counted {n} business hour{'' if n == 1 else 's'} from {when_words(cal, deemed)}, "
            f"in office hours ({hours} on business days): " + ", ".join(parts) + "."
        )
    skipped = _closed_between(cal, start_day + timedelta(days=1), due_day)
    if skipped:
        what += " Skipped: " + ", ".join(skipped) + "."
    return what


def span_words(hours: float) -> str:
    whole, minutes = int(hours), round((hours - int(hours)) * 60)
    if minutes == 60:
        whole, minutes = whole + 1, 0
    return f"{whole}h {minutes:02d}m"


def _business_hours(cal: BusinessCalendar, a: datetime, b: datetime) -> str:
    return f"{span_words(abs(cal.business_hours_between(a, b)))} of business time"


def _late_words(cal: BusinessCalendar, due: datetime, met: datetime) -> str:
    # Met after the due time while the office was closed: a breach, with no business time
    # lost, which a bare "late by 0h 00m" would leave a reader puzzling over.
    if cal.business_hours_between(due, met) * 60 < 0.5:
        return f"late, though before the office opened again ({_business_hours(cal, due, met)})."
    return f"late by {_business_hours(cal, due, met)}."


def explain_milestone(
    cal: BusinessCalendar,
    inquiry: Inquiry,
    m: Milestone,
    entry: TimelineEntry | None,
    by: str | None,
    now: datetime,
) -> Explanation:
    # The standard as the clock started with it (its snapshot), not as it reads today.
    snap = dict(m.policy_snapshot or {})
    defaults = {"key": m.kind, "track": inquiry.track, "milestone": m.kind, "label": m.label,
                "due_amount": 0, "due_unit": "business_hours"}  # fmt: skip
    for key, value in defaults.items():
        snap.setdefault(key, value)
    spec = PolicySpec.from_dict(snap)
    lines: list[str] = []
    about = label_of(Track, inquiry.track)
    if has_priority(inquiry.track):
        about += f", {label_of(Priority, inquiry.priority)} priority"
    lines.append(f"{m.label} — {inquiry.reference} ({about})")
    if spec.starts_on == "received":
        raw = inquiry.received_at
        lines.append(f"Received: {when_words(cal, raw)}.")
    else:
        raw = m.started_at
        lines.append(f"Started with {_STARTS.get(spec.starts_on, spec.starts_on)}.")
    deemed = cal.next_open(raw)
    if deemed != raw:
        raw_day = raw.astimezone(cal.timezone).date()
        deemed_day = deemed.astimezone(cal.timezone).date()
        skipped = _closed_between(cal, raw_day + timedelta(days=1), deemed_day - timedelta(1))
        also = f"; closed also {', '.join(skipped)}" if skipped else ""
        lines.append(
            f"Counts as received {when_words(cal, deemed)}: {_why_deemed(cal, raw)}{also}."
        )
    words = f" {spec.description}" if spec.description else ""
    warn = f"; warning after {spec.warn_text}" if spec.warn_text else ""
    due_words = spec.due_text
    due_words = f"by the {due_words}" if due_words.startswith("end") else f"within {due_words}"
    lines.append(f"The standard in force then: “{spec.label}”.{words} Due {due_words}{warn}.")
    lines.append(_counting(cal, spec, deemed, m.due_at))
    lines.append(f"Due: {when_words(cal, m.due_at)} ({cal.timezone.key}).")
    if m.met_at is not None:
        what = entry.summary if entry is not None else "an entry of the timeline"
        who = f", by {by}" if by else ""
        late = m.met_at > m.due_at
        lines.append(
            f"Met {when_words(cal, m.met_at)} by “{what}”{who}: "
            + (_late_words(cal, m.due_at, m.met_at)
               if late else f"on time, {_business_hours(cal, m.met_at, m.due_at)} to spare.")
        )  # fmt: skip
    elif m.closed_reason in (CLOSED_CANCELLED, CLOSED_SUPERSEDED):
        lines.append(
            "No longer applies: "
            + ("the inquiry was resolved before it fell due."
               if m.closed_reason == CLOSED_CANCELLED
               else "a later change replaced it (a new priority or corrected details).")
        )  # fmt: skip
    elif m.closed_reason == CLOSED_BREACHED:
        lines.append("Not met: the inquiry was resolved after it fell due, without meeting it.")
    elif now > m.due_at:
        lines.append(f"Still open and overdue by {_business_hours(cal, m.due_at, now)}.")
    else:
        lines.append(f"Still open: {_business_hours(cal, now, m.due_at)} left.")
    return Explanation(inquiry.reference, m.id, m.label, tuple(lines))


def _inquiry(session: Session, ctx: ServiceContext, reference: str) -> Inquiry:
    inquiry = session.scalars(select(Inquiry).where(Inquiry.reference == reference.strip())).first()
    if inquiry is None or not can_view_inquiry(ctx.actor, inquiry.created_by_id, inquiry.track):
        raise NotFoundError(f"There is no inquiry {reference.strip()}.")
    return inquiry


def explain(session: Session, ctx: ServiceContext, reference: str) -> list[Explanation]:
    """Every clock of the inquiry, running ones first then by due time."""
    inquiry = _inquiry(session, ctx, reference)
    return _explain(session, ctx, inquiry, list(inquiry.milestones))


def explain_one(session: Session, ctx: ServiceContext, milestone_id: int) -> Explanation:
    m = session.get(Milestone, milestone_id)
    if m is None:
        raise NotFoundError("That clock no longer exists.")
    inquiry = m.inquiry
    if not can_view_inquiry(ctx.actor, inquiry.created_by_id, inquiry.track):
        raise NotFoundError("That clock no longer exists.")
    return _explain(session, ctx, inquiry, [m])[0]


def _explain(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, clocks: list[Milestone]
) -> list[Explanation]:
    ids = [m.met_by_entry_id for m in clocks if m.met_by_entry_id is not None]
    entries = {
        e.id: e for e in session.scalars(select(TimelineEntry).where(TimelineEntry.id.in_(ids)))
    } if ids else {}  # fmt: skip
    users = {u.id: u.display_name or u.login for u in session.scalars(select(User))}
    now = ctx.clock.now()
    clocks.sort(key=lambda m: (m.met_at is not None or m.closed_reason is not None, m.due_at))
    out = []
    for m in clocks:
        entry = entries.get(m.met_by_entry_id) if m.met_by_entry_id is not None else None
        by = users.get(entry.user_id) if entry is not None and entry.user_id else None
        out.append(explain_milestone(ctx.calendar, inquiry, m, entry, by, now))
    return out


def explain_many(
    session: Session, ctx: ServiceContext, milestone_ids: list[int]
) -> dict[int, Explanation]:
    """The explanations of many clocks at once (the compliance packet's breaches), read in
    batches rather than one clock at a time."""
    users = {u.id: u.display_name or u.login for u in session.scalars(select(User))}
    now = ctx.clock.now()
    out: dict[int, Explanation] = {}
    for first in range(0, len(milestone_ids), 500):
        batch = milestone_ids[first : first + 500]
        clocks = list(session.scalars(select(Milestone).where(Milestone.id.in_(batch))))
        inquiries = {
            i.id: i
            for i in session.scalars(
                select(Inquiry).where(Inquiry.id.in_({m.inquiry_id for m in clocks}))
            )
        }
        met = [m.met_by_entry_id for m in clocks if m.met_by_entry_id is not None]
        entries = {
            e.id: e
            for e in session.scalars(select(TimelineEntry).where(TimelineEntry.id.in_(met)))
        } if met else {}  # fmt: skip
        for m in clocks:
            entry = entries.get(m.met_by_entry_id) if m.met_by_entry_id is not None else None
            by = users.get(entry.user_id) if entry is not None and entry.user_id else None
            out[m.id] = explain_milestone(ctx.calendar, inquiries[m.inquiry_id], m, entry, by, now)
    return out
