"""The morning report (seed 004): the open work by assignee, what was completed since the
previous business day began, and what is due today or overdue.

Seed 004 has the account manager log each item, assign it, and e-mail the report to the unit
leads and the operations manager every morning by 10:00, with completed items highlighted in
blue. :func:`daily_report` gathers the three lists; :func:`export_daily_report` writes them as
a workbook (``liaison-desk report daily --out FILE.xlsx``, or Reports → Daily report in the
client) that can be attached to that e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, false, select, true
from sqlalchemy.orm import Session

from ..calendar import BusinessCalendar
from ..db.engine import Database
from ..db.models import Inquiry, Milestone
from ..domain import Priority, Status, Track, label_of, subject_of
from .context import Actor, ServiceContext
from .permissions import visibility_filter
from .users import user_names

__all__ = ["DailyReport", "daily_report", "export_daily_report"]

UNASSIGNED = "Unassigned"


@dataclass(frozen=True)
class OpenItem:
    reference: str
    track: str
    priority: str
    subject: str
    assignee: str
    status: str
    received_at: datetime
    next_due_at: datetime | None
    state: str  # "Overdue", "Due today", "On track", "No clock"


@dataclass(frozen=True)
class DoneItem:
    reference: str
    track: str
    subject: str
    assignee: str
    received_at: datetime
    resolved_at: datetime
    resolution: str


@dataclass(frozen=True)
class DueItem:
    reference: str
    track: str
    priority: str
    milestone: str
    due_at: datetime
    assignee: str
    overdue: bool


@dataclass
class DailyReport:
    now: datetime
    day: date
    since: datetime  # completed items are counted from here (start of the previous business day)
    assigned: list[OpenItem] = field(default_factory=list)
    completed: list[DoneItem] = field(default_factory=list)
    due: list[DueItem] = field(default_factory=list)


def _subject(r: Any) -> str:
    return subject_of(r.provider_name, r.member_name, r.caller_name)


def daily_report(
    session: Session, *, actor: Actor, now: datetime, calendar: BusinessCalendar
) -> DailyReport:
    tz = calendar.timezone
    today = now.astimezone(tz).date()
    previous = today - timedelta(days=1)
    while not calendar.is_business_day(previous):
        previous -= timedelta(days=1)
    since = datetime.combine(previous, time(0), tz).astimezone(UTC)
    end_of_today = calendar.close_of_day(today)
    users = user_names(session)
    seen = visibility_filter(actor)
    columns = (
        Inquiry.id,
        Inquiry.reference,
        Inquiry.track,
        Inquiry.priority,
        Inquiry.status,
        Inquiry.member_name,
        Inquiry.caller_name,
        Inquiry.provider_name,
        Inquiry.assignee_id,
        Inquiry.received_at,
        Inquiry.next_due_at,
        Inquiry.resolved_at,
        Inquiry.resolution,
    )
    report = DailyReport(now=now, day=today, since=since)

    def who(user_id: int | None) -> str:
        return users.get(user_id, UNASSIGNED) if user_id is not None else UNASSIGNED

    open_rows = session.execute(select(*columns).where(Inquiry.closed == false(), seen)).all()
    for r in open_rows:
        due = r.next_due_at
        if due is None:
            state = "No clock"
        elif due < now:
            state = "Overdue"
        elif due <= end_of_today:
            state = "Due today"
        else:
            state = "On track"
        report.assigned.append(
            OpenItem(
                reference=r.reference,
                track=label_of(Track, r.track),
                priority=label_of(Priority, r.priority),
                subject=_subject(r),
                assignee=who(r.assignee_id),
                status=label_of(Status, r.status),
                received_at=r.received_at,
                next_due_at=due,
                state=state,
            )
        )
    report.assigned.sort(
        key=lambda i: (
            i.assignee == UNASSIGNED,
            i.assignee.casefold(),
            i.next_due_at or now + timedelta(days=3650),
        )
    )
    done_rows = session.execute(
        select(*columns)
        .where(Inquiry.closed == true(), seen, Inquiry.resolved_at >= since)
        .order_by(Inquiry.resolved_at)
    ).all()
    for r in done_rows:
        report.completed.append(
            DoneItem(
                reference=r.reference,
                track=label_of(Track, r.track),
                subject=_subject(r),
                assignee=who(r.assignee_id),
                received_at=r.received_at,
                resolved_at=r.resolved_at,
                resolution=r.resolution or "",
            )
        )
    due_rows = session.execute(
        select(
            Inquiry.reference,
            Inquiry.track,
            Inquiry.priority,
            Inquiry.assignee_id,
            Milestone.label,
            Milestone.due_at,
        )
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .where(
            Inquiry.closed == false(),
            seen,
            and_(Milestone.met_at.is_(None), Milestone.closed_reason.is_(None)),
            Milestone.due_at <= end_of_today,
        )
        .order_by(Milestone.due_at, Inquiry.reference)
    ).all()
    for d in due_rows:
        report.due.append(
            DueItem(
                reference=d.reference,
                track=label_of(Track, d.track),
                priority=label_of(Priority, d.priority),
                milestone=d.label,
                due_at=d.due_at,
                assignee=who(d.assignee_id),
                overdue=d.due_at < now,
            )
        )
    return report


_BLUE = "FFBDD7EE"  # seed 004: completed items are highlighted in blue
_RED = "FFF4CCCC"


def export_daily_report(report: DailyReport, calendar: BusinessCalendar, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..excel.safe import needs_quoting, replacing, set_text

    tz = calendar.timezone

    def local(dt: datetime | None) -> datetime | None:
        return dt.astimezone(tz).replace(tzinfo=None, microsecond=0) if dt is not None else None

    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    summary.append([f"Daily report, {report.day:%A %m/%d/%Y}"])
    summary["A1"].font = Font(bold=True, size=13)
    for label, value in (
        ("As of", local(report.now)),
        ("Open items", len(report.assigned)),
        ("Overdue", sum(i.state == "Overdue" for i in report.assigned)),
        ("Due today", sum(i.state == "Due today" for i in report.assigned)),
        (f"Completed since {local(report.since):%m/%d/%Y}", len(report.completed)),
        ("Clocks due today or overdue", len(report.due)),
    ):
        summary.append([label, value])
    summary["B2"].number_format = "mm/dd/yyyy h:mm AM/PM"
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 22

    def sheet(
        title: str, headers: list[str], rows: list[list[Any]], fills: list[str | None]
    ) -> None:
        ws = wb.create_sheet(title)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for values, fill in zip(rows, fills, strict=True):
            ws.append(values)
            for cell in ws[ws.max_row]:
                if needs_quoting(cell.value):
                    set_text(cell, str(cell.value))
                if isinstance(cell.value, datetime):
                    cell.number_format = "mm/dd/yyyy h:mm AM/PM"
                if fill:
                    cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        for i, h in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(len(h) + 6, 40))
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"

    sheet(
        "Assigned",
        [
            "Assigned To",
            "Reference",
            "Track",
            "Priority",
            "Member / provider",
            "Status",
            "Received",
            "Next Due",
            "State",
        ],
        [
            [
                i.assignee,
                i.reference,
                i.track,
                i.priority,
                i.subject,
                i.status,
                local(i.received_at),
                local(i.next_due_at),
                i.state,
            ]
            for i in report.assigned
        ],
        [_RED if i.state == "Overdue" else None for i in report.assigned],
    )
    sheet(
        "Completed",
        [
            "Reference",
            "Track",
            "Member / provider",
            "Assigned To",
            "Received",
            "Resolved",
            "Resolution",
        ],
        [
            [
                d.reference,
                d.track,
                d.subject,
                d.assignee,
                local(d.received_at),
                local(d.resolved_at),
                d.resolution,
            ]
            for d in report.completed
        ],
        [_BLUE for _ in report.completed],
    )
    sheet(
        "Due",
        ["Reference", "Track", "Priority", "Clock", "Due", "Assigned To", "Overdue"],
        [
            [
                d.reference,
                d.track,
                d.priority,
                d.milestone,
                local(d.due_at),
                d.assignee,
                "Yes" if d.overdue else None,
            ]
            for d in report.due
        ],
        [_RED if d.overdue else None for d in report.due],
    )
    out = Path(path)
    with replacing(out, ".daily-") as tmp:
        wb.save(tmp)
    return out


def write_daily_report(db: Database, ctx: ServiceContext, target: str | Path) -> Path:
    """Today's report for the person, read in one transaction and saved as a workbook."""
    with db.read_session() as s:
        report = daily_report(s, actor=ctx.actor, now=ctx.clock.now(), calendar=ctx.calendar)
    return export_daily_report(report, ctx.calendar, target)
