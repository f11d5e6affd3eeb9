"""The rejects workbook: every rejected row as it was read, with its reasons, to fix in Excel
and import again.

Each source sheet keeps its name and header row (so the import recognises it again) and
gains two columns at the right, "Source Row" and "Problems", which the import reads past.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .importer import RejectedRow
from .safe import FORMULA_STARTS, clean_text, replacing, text_cell

PROBLEMS_HEADER = "Problems"
ROW_HEADER = "Source Row"


def _value(ws: Any, v: Any) -> Any:
    if isinstance(v, str):
        if v.startswith(FORMULA_STARTS):
            return text_cell(ws, v)
        if not v.isprintable():
            return clean_text(v)
    return v


def write_rejects(path: str | Path, rejected: Sequence[RejectedRow]) -> Path:
    """Write ``rejected`` to ``path`` (replaced atomically); returns the path."""
    target = Path(path)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    flag = PatternFill("solid", start_color="FFFCE4D6", end_color="FFFCE4D6")
    wrap = Alignment(wrap_text=True, vertical="top")
    by_sheet: dict[str, list[RejectedRow]] = {}
    for r in rejected:
        by_sheet.setdefault(r.sheet, []).append(r)
    if not by_sheet:
        ws = wb.create_sheet("No rejects")
        ws.append(["Every row was accepted."])
    for sheet, rows in by_sheet.items():
        ws = wb.create_sheet(sheet[:31])
        width = max(max(len(r.headers), len(r.values)) for r in rows)
        headers = list(rows[0].headers) + [""] * (width - len(rows[0].headers))
        ws.freeze_panes = "A2"
        for i in range(1, width + 3):
            ws.column_dimensions[get_column_letter(i)].width = 18
        ws.column_dimensions[get_column_letter(width + 2)].width = 70
        head = []
        for h in [*headers, ROW_HEADER, PROBLEMS_HEADER]:
            value = _value(ws, h) if h else None
            c = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
            c.font = bold
            head.append(c)
        ws.append(head)
        for r in rows:
            values = list(r.values) + [None] * (width - len(r.values))
            problems = WriteOnlyCell(ws, value=None)
            problems.value = clean_text(
                "\n".join(
                    (f"{p.column}: {p.message}" if p.column else p.message) for p in r.problems
                )
            )
            problems.alignment = wrap
            problems.fill = flag
            if isinstance(problems.value, str) and problems.value.startswith(FORMULA_STARTS):
                problems = text_cell(ws, problems.value)
            ws.append([*(_value(ws, v) for v in values), r.row, problems])
        ws.auto_filter.ref = f"A1:{get_column_letter(width + 2)}{len(rows) + 1}"
    with replacing(target, ".rejects-") as tmp:
        wb.save(tmp)
    return target
