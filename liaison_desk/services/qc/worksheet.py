"""The audit tool's worksheet: one row per item, as the state's QC file review expects."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ...db.models import Inquiry
from ...domain import Track
from ..users import user_names
from .sampling import GOAL_PERCENT, get_audit
from .scoring import quarter_of, quarterly_averages, summarize


def subject_id(inquiry: Inquiry) -> str:
    """The audit tool's "Member Id Number": the state ID, or the NPI for a provider."""
    if inquiry.track == Track.MCO_PROVIDER:
        return inquiry.npi or ""
    return inquiry.member_state_id or ""


EXPORT_HEADERS = (
    "Reference",
    "Evaluator",
    "Member Id Number",
    "Request Date",
    "Request Type",
    "Acknowledgement letter/email",
    "# of Business days",
    "Tat Met Y/N",
    "Resolution letter/email",
    "# of Business days",
    "Tat Met Y/N",
    "Was question answered correctly (Yes or No)",
    "Was Reply Professional (Yes or No)",
    "Did we provide accurate info (Yes or No)",
    "Score",
    "Qtrly Avg",
    "Notes",
)


def export_audit(session: Session, audit_id: int, path: str | Path) -> Path:
    """The audit as a workbook in the layout of seed 000's audit tool, one row per sampled
    inquiry, with a summary sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from ...excel.safe import needs_quoting, replacing, set_text

    audit = get_audit(session, audit_id)
    users = user_names(session)
    quarter = quarter_of(audit.period_start)
    quarterly = next(
        (q for q in quarterly_averages(session) if (q.year, q.quarter) == quarter), None
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Audit"
    ws.append(list(EXPORT_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"

    def yes_no(value: bool | None) -> str | None:
        return None if value is None else ("Yes" if value else "No")

    for item in audit.items:
        inquiry = item.inquiry
        row = [
            inquiry.reference,
            users.get(item.scored_by_id) if item.scored_by_id else None,
            subject_id(inquiry),
            item.request_date,
            Track(inquiry.track).label,
            item.ack_date,
            item.ack_days,
            "Y" if item.ack_met else "N",
            item.resolution_date,
            item.resolution_days,
            "Y" if item.resolution_met else "N",
            yes_no(item.answered_correctly),
            yes_no(item.professional),
            yes_no(item.accurate),
            item.score,
            quarterly.summary.average_score if quarterly else None,
            item.notes,
        ]
        ws.append(row)
        for cell in ws[ws.max_row]:
            if needs_quoting(cell.value):
                set_text(cell, str(cell.value))
            if isinstance(cell.value, date):
                cell.number_format = "mm/dd/yyyy"
    for i, header in enumerate(EXPORT_HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(len(header) + 2, 28))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_HEADERS))}{ws.max_row}"
    summary = summarize(audit.items)
    sheet = wb.create_sheet("Summary")
    for label, value in (
        ("Period", f"{audit.period_start:%m/%d/%Y} – {audit.period_end:%m/%d/%Y}"),
        ("Resolved inquiries received in the period", audit.population),
        ("Sampled", summary.items),
        ("Scored", summary.scored),
        ("Sample number (draws the same sample again)", audit.seed),
        ("Acknowledgement target (business days)", audit.ack_target_days),
        ("Resolution target (business days)", audit.resolution_target_days),
        ("% answered correctly", summary.answered_correctly),
        ("% professional", summary.professional),
        ("% accurate information", summary.accurate),
        ("% acknowledgement on time", summary.ack_met),
        ("% resolution on time", summary.resolution_met),
        ("Average score", summary.average_score),
        ("Goal", GOAL_PERCENT),
    ):
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 44
    out = Path(path)
    with replacing(out, ".qc-audit-") as tmp:
        wb.save(tmp)
    return out
