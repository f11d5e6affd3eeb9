"""The audit trail as a table (Reports → Audit trail, Inquiry → Audit trail…)."""

from __future__ import annotations

from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.milestones import format_when
from liaison_desk.services.audit_trail import AuditLine
from ui.widgets.tables import cell, fill

HEADERS = ("When", "Who", "Action", "What", "Changes")


def fill_audit(view: Any, lines: list[AuditLine], cal: BusinessCalendar) -> None:
    fill(view, [[cell(line.at, format_when(line.at, cal)), cell(line.who), cell(line.action),
                 cell(line.what), cell(line.changes_text)] for line in lines])  # fmt: skip
