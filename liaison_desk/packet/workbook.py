"""The compliance packet's workbook (openpyxl): the same figures as its PDF, one sheet per
section, numbers as numbers (percentages to one decimal, business time in hours) so a
reader can check or chart them; text that looks like a formula stays text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..excel.safe import needs_quoting, replacing, set_text
from . import words
from .data import Packet

SUMMARY_HEADERS = ("Track", "Priority", "Milestone", "Standard", "Due", "Met on time",
                   "Met late", "Open overdue", "Not yet due", "% met", "Target %",
                   "Previous % met", "Change (points)")  # fmt: skip
SCORECARD_HEADERS = ("MCO", "Department", "Referrals", "On time", "Late", "Missed",
                     "Not yet due", "% on time", "Follow-ups", "Median business hours",
                     "90th percentile business hours")  # fmt: skip
_WHEN = "mm/dd/yyyy h:mm AM/PM"


def write_packet_workbook(packet: Packet, path: str | Path) -> Path:
    tz = ZoneInfo(packet.timezone)

    def local(at: datetime | None) -> datetime | None:
        return at.astimezone(tz).replace(tzinfo=None, microsecond=0) if at else None

    wb = Workbook()
    about = wb.active
    about.title = "About"
    about.append([f"Compliance packet, {words.period(packet.start, packet.end)}"])
    about["A1"].font = Font(bold=True, size=13)
    for label, value in (
        ("From", packet.start),
        ("To", packet.end),
        ("Previous period from", packet.previous_start),
        ("Previous period to", packet.previous_end),
        ("MCO", packet.mco or "All MCOs"),
        ("Prepared", local(packet.generated_at)),
        ("Time zone", packet.timezone),
        ("How clocks are counted", words.counting_rule(packet)),
        ("The record", words.record(packet)),
        *([("Not yet counted", words.waiting(packet))] if packet.follow_ups_waiting else []),
    ):
        about.append([label, value])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 110
    for row in about.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(row[1].value, datetime):
            row[1].number_format = _WHEN

    summary = []
    for line in packet.summary:
        r = line.row
        summary.append([r.track, r.priority, r.milestone, r.label, r.due, r.met_on_time,
                        r.met_late, r.open_overdue, r.open_on_time, r.percent_met,
                        r.target_percent, line.previous.percent_met if line.previous else None,
                        line.change])  # fmt: skip
    _sheet(wb, "Summary", SUMMARY_HEADERS, summary)

    trend = [
        [t.label, b.label, b.first, b.last, *(
            (row.due, row.met_on_time, row.met_late, row.open_overdue, row.percent_met)
            if row is not None else (0, 0, 0, 0, None))]
        for t in packet.trends
        for b, row in t.points
    ]  # fmt: skip
    _sheet(wb, "Trend", ("Standard", "Period", "First day", "Last day", "Due", "Met on time",
                         "Met late", "Open overdue", "% met"), trend)  # fmt: skip

    cards = [
        [card.mco, s.department or "All departments", s.referrals, s.on_time, s.late,
         s.missed, s.not_yet_due, s.percent_on_time, s.follow_ups, s.median_hours, s.p90_hours]
        for card in packet.scorecards
        for s in [*card.departments, card.total]
    ]  # fmt: skip
    _sheet(wb, "MCO scorecard", SCORECARD_HEADERS, cards)

    audits = [[a.first, a.last, a.population, a.summary.items, a.summary.scored,
               a.summary.average_score, a.summary.ack_met, a.summary.resolution_met]
              for a in packet.qc_audits]  # fmt: skip
    _sheet(wb, "QC audits", ("Audited from", "Audited to", "Inquiries", "Sample", "Scored",
                             "Average score", "% acknowledged in time", "% resolved in time"),
           audits)  # fmt: skip
    quarters = [[q.label, q.audits, q.summary.items, q.summary.average_score, 95.0,
                 words.reached(q.reached)] for q in packet.qc_quarters]  # fmt: skip
    _sheet(wb, "QC quarters", ("Quarter", "Audits", "Items", "Average score", "Target",
                               "Reached"), quarters)  # fmt: skip

    found = [[line.breach.reference, line.breach.label, line.breach.track,
              line.breach.priority, line.assignee, local(line.breach.due_at),
              local(line.breach.met_at) if line.breach.met_at else "Still open",
              round(line.late_hours, 2), " ".join(line.explanation)]
             for line in packet.breaches]  # fmt: skip
    headers = ("Reference", "Standard", "Track", "Priority", "Assignee", "Due", "Met at",
               "Late by (business hours)", "Explanation")  # fmt: skip
    _sheet(wb, "Breaches", headers, found)

    target = Path(path)
    with replacing(target) as temp:
        wb.save(temp)
    return target


def _sheet(wb: Workbook, title: str, headers: tuple[str, ...], rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    # Cell by cell: ws[n] or ws.max_row would look over every cell again, for each row.
    for n, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=n, column=c)
            if needs_quoting(value):
                set_text(cell, str(value))
                continue
            cell.value = value
            if isinstance(value, datetime):
                cell.number_format = _WHEN
            elif hasattr(value, "isoformat"):
                cell.number_format = "mm/dd/yyyy"
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(11, min(len(h) + 4, 60))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
