"""The workbook an export streams into (XlsxWriter, constant memory: each row goes to disk as
it is written): its sheets with frozen headers and column widths, each an Excel table
(banded rows, filter buttons, a name managers can use in pivots); dates in the old log's US
formats; text that Excel would take for a formula kept as text; and instants as the office's
wall-clock time."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_range

from ..services.context import ServiceContext
from .safe import FORMULA_STARTS, clean_text

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
# The old log's formats: 11/23/2026, 1:30 PM, and both.
US_DATE = "m/d/yyyy"
US_TIME = "h:mm AM/PM"
US_DATETIME = "m/d/yyyy h:mm AM/PM"
_OVERDUE = "#F4CCCC"
_NOT_A_NAME = re.compile(r"[^A-Za-z0-9_]")


class Sheet:
    """One sheet being written: its rows so far, its headers, for the table at the end."""

    def __init__(self, ws: Any, title: str, headers: Sequence[str]) -> None:
        self.ws = ws
        self.title = title
        self.headers = tuple(headers)
        self.rows = 0  # data rows written below the header
        # XlsxWriter's undecorated writers (its own name for them): the public ones only add
        # the parsing of "A1" cell names, which costs more than the writing for our numbers.
        self.string = ws._write_string
        self.number = ws._write_number
        self.moment = ws._write_datetime
        self.blank = ws._write_blank
        self.boolean = ws._write_boolean


class _Writer:
    def __init__(self, ctx: ServiceContext, redact: bool, path: str | Path | None = None) -> None:
        """``path`` None: only the time conversions (no workbook)."""
        self.tz = ctx.calendar.timezone
        self.now = ctx.clock.now()
        self.redact = redact
        self.path = Path(path) if path is not None else Path()
        # Every string is written as a string: never turned into a formula, number or link.
        self.wb: Any = None
        if path is not None:
            self.wb = xlsxwriter.Workbook(
                str(self.path),
                {
                    "constant_memory": True,
                    "strings_to_formulas": False,
                    "strings_to_numbers": False,
                    "strings_to_urls": False,
                },
            )
        self.sheets: dict[str, Sheet] = {}
        self._offsets: dict[int, timedelta] = {}
        self.bold = self.wb.add_format({"bold": True}) if self.wb is not None else None
        self._closed = self.wb is None
        # A row's formats (plain, quoted text, moment, date, time), unmarked and overdue.
        self._plain: tuple[Any, ...] = ()
        self._marked: tuple[Any, ...] = ()
        if self.wb is not None:
            kinds = ("quoted", "datetime", "date", "time")
            self._plain = (None, *(self._format(k, False) for k in kinds))
            self._marked = tuple(self._format(k, True) for k in ("", *kinds))

    def _format(self, kind: str, mark: bool) -> Any:
        props: dict[str, Any] = {"valign": "top"}
        if kind == "datetime":
            props["num_format"] = US_DATETIME
        elif kind == "date":
            props["num_format"] = US_DATE
        elif kind == "time":
            props["num_format"] = US_TIME
        elif kind == "quoted":
            props["quote_prefix"] = True  # shown as typed, never evaluated
        if mark:
            props["bg_color"] = _OVERDUE
        return self.wb.add_format(props)

    def sheet(self, title: str, headers: Sequence[str]) -> Sheet:
        ws = self.wb.add_worksheet(title)
        ws.freeze_panes(1, 0)
        for i, h in enumerate(headers):
            ws.set_column(
                i, i, _WIDTHS.get(h, 24 if "Date" in h or "Met" in h or "Due" in h else 18)
            )
        for i, h in enumerate(headers):
            ws.write_string(0, i, h, self.bold)
        sheet = self.sheets[title] = Sheet(ws, title, headers)
        return sheet

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

    def row(self, sheet: Sheet, values: list[Any], mark: bool = False) -> None:
        sheet.rows += 1
        r = sheet.rows
        plain, quoted, moment, day, clock = self._marked if mark else self._plain
        string = sheet.string
        for c, v in enumerate(values):
            cls = v.__class__
            if cls is str:
                if not v.isprintable():
                    v = clean_text(v)
                if v.startswith(FORMULA_STARTS):
                    string(r, c, v, quoted)
                elif v:
                    string(r, c, v, plain)
                elif mark:
                    sheet.blank(r, c, None, plain)
            elif cls is datetime:
                sheet.moment(r, c, v, moment)
            elif cls is date:
                sheet.moment(r, c, v, day)
            elif cls is time:
                sheet.moment(r, c, v, clock)
            elif v is None:
                if mark:
                    sheet.blank(r, c, None, plain)
            elif cls is bool:
                sheet.boolean(r, c, v, plain)
            elif cls is int or cls is float:
                sheet.number(r, c, v, plain)
            else:
                string(r, c, clean_text(str(v)), plain)

    def close(self) -> None:
        """Each sheet made an Excel table over what was written, and the file finished."""
        for sheet in self.sheets.values():
            _add_table(sheet)
        self._closed = True
        self.wb.close()


def _add_table(sheet: Sheet) -> None:
    """An Excel table over the header and every row written.

    XlsxWriter declines tables in constant-memory mode only because ``add_table`` also writes
    the header cells, and rows already on disk cannot be written again. Ours are written
    already, with the same words: so the table is added with that mode off for the call and
    the header cells it queued are dropped before any row is flushed again.
    """
    ws = sheet.ws
    name = _NOT_A_NAME.sub("", sheet.title.title()) or "Sheet"
    last_row = max(sheet.rows, 1)  # a table needs a data row, even an empty one
    # The header row, when no data row has pushed it to disk yet (a copy: add_table writes
    # into the same row).
    queued = dict(ws.table[0]) if 0 in ws.table else None
    last_col = len(sheet.headers) - 1
    ws.constant_memory = False
    try:
        # Added over the header and one row, then stretched over all: add_table checks the
        # range cell by cell for overlaps (a sheet of ours has one table, nothing merged),
        # which for a million cells costs seconds and a dictionary of every cell.
        refused = ws.add_table(
            0, 0, 1, last_col,
            {"name": name, "style": "Table Style Light 9",
             "columns": [{"header": h} for h in sheet.headers]},
        )  # fmt: skip
    finally:
        if queued is None:
            ws.table.pop(0, None)
        else:
            ws.table[0] = queued
        ws.constant_memory = True
    if refused:  # XlsxWriter warns and returns a code instead of raising
        raise RuntimeError(f"XlsxWriter made no table on sheet {sheet.title!r} ({refused})")
    table = ws.tables[-1]
    table["range"] = table["a_range"] = table["autofilter"] = xl_range(0, 0, last_row, last_col)


def _discard(w: _Writer) -> None:
    """Close and delete a workbook that will not be kept (its rows' temporary files too)."""
    if not w._closed:
        with contextlib.suppress(Exception):
            w.wb.close()
    with contextlib.suppress(OSError):
        w.path.unlink()
