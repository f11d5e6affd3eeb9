"""The write-only workbook an export streams into: its sheets with frozen headers and column
widths, and instants as the office's wall-clock time."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..services.context import ServiceContext
from .safe import FORMULA_STARTS, clean_text, text_cell

_WIDTHS = {
    "Reference": 13,
    "Date Received": 12,
    "Time Received": 11,
    "Issue Description": 50,
    "Question": 50,
    "Updates": 60,
    "Notes": 50,
    "Resolution": 40,
    "Summary": 60,
    "Mailing Address": 30,
    "Status": 13,
    "Priority": 10,
    "State ID": 10,
    "NPI": 12,
    "Overdue": 9,
    "Kind": 14,
    "With": 10,
    "Channel": 13,
    "Outcome": 18,
    "Track": 18,
    "Milestone": 24,
    "State": 16,
    "Attempt 1": 30,
    "Attempt 2": 30,
}


class _Writer:
    def __init__(self, ctx: ServiceContext, redact: bool) -> None:
        self.tz = ctx.calendar.timezone
        self.now = ctx.clock.now()
        self.redact = redact
        self.wb = Workbook(write_only=True)
        self.sheets: dict[str, Any] = {}
        self.bold = Font(bold=True)
        self.overdue_fill = PatternFill("solid", start_color="FFF4CCCC", end_color="FFF4CCCC")
        self.wrap = Alignment(vertical="top")
        self._offsets: dict[int, timedelta] = {}

    def sheet(self, title: str, headers: Sequence[str]) -> Any:
        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(
                h, 24 if "Date" in h or "Met" in h or "Due" in h else 18
            )
        header_cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=h)
            c.font = self.bold
            header_cells.append(c)
        ws.append(header_cells)
        self.sheets[title] = ws
        return ws

    def local(self, dt: datetime | None) -> datetime | None:
        """An aware UTC instant as the office's wall-clock time, to the second."""
        if dt is None:
            return None
        if dt.tzinfo is not UTC:
            return dt.astimezone(self.tz).replace(tzinfo=None, microsecond=0)
        # A zone's offset only changes on the hour (UTC), so one lookup per hour is exact;
        # a million timestamps then cost an addition each instead of a zone conversion.
        key = dt.toordinal() * 24 + dt.hour
        offset = self._offsets.get(key)
        if offset is None:
            offset = self._offsets[key] = dt.astimezone(self.tz).utcoffset() or timedelta(0)
        wall = datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)  # noqa: DTZ001
        return wall + offset

    def row(self, ws: Any, values: list[Any], mark: bool = False) -> None:
        out: list[Any] = values
        for i, v in enumerate(values):
            if v.__class__ is str and (not v.isprintable() or v.startswith(FORMULA_STARTS)):
                out[i] = text_cell(ws, v) if v.startswith(FORMULA_STARTS) else clean_text(v)
        if mark:
            marked = []
            for v in out:
                c = v if isinstance(v, Cell) else WriteOnlyCell(ws, value=v)
                c.fill = self.overdue_fill
                marked.append(c)
            out = marked
        ws.append(out)


def _discard(w: _Writer) -> None:
    """Close and delete the temporary files of a workbook that will not be saved."""
    for ws in w.sheets.values():
        with contextlib.suppress(Exception):
            ws.close()
        out = getattr(getattr(ws, "_writer", None), "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.remove(out)
