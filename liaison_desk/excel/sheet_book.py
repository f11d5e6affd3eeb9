"""A legacy workbook opened for reading: its values through python-calamine (Rust; .xlsx in
both the usual and Strict Open XML, .xlsm, .xlsb, .xls and .ods), and what calamine does not
tell (hidden rows, the stored size, the date epoch) from :mod:`.sheet_facts` and
:mod:`.binary_facts`, scanned before calamine loads a sheet so that a bomb is refused first.

python-calamine rather than fastexcel (calamine too): it hands back Python values row by row
(dates already told from numbers by their formats) without pulling in Arrow, which the import
would only turn back into Python objects.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputRefused
from .binary_facts import xls_facts, xlsb_facts
from .sheet_facts import BookFacts, SheetFacts, scan_ods, scan_xlsx_sheet, xlsx_facts
from .workbook_guard import MAX_CELL_CHARS, XLS, XLSB, XLSX, has_macros


class Book:
    """One workbook's sheets. A sheet loaded to be recognised stays loaded until
    :meth:`keep_only` lets it go, so a log sheet is loaded once for recognising and reading."""

    def __init__(self, path: Path, kind: str) -> None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        self.macros = False
        self._file = path.name  # for what a refusal says
        self._zip: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}
        self.facts = BookFacts()
        if kind == XLS:
            self.facts = xls_facts(path)
        else:
            self._zip = zipfile.ZipFile(path)
            names = self._zip.namelist()
            self.macros = has_macros(self._zip.infolist())
            try:
                if kind == XLSX:
                    self.facts.epoch, self._parts = xlsx_facts(self._zip, names, self._file)
                elif kind == XLSB:
                    self.facts = xlsb_facts(self._zip, names)
                else:
                    with self._zip.open("content.xml") as content:
                        self.facts = scan_ods(content, self._file)
            except BaseException:
                self._zip.close()
                raise
        try:
            # From the bytes, not the path: calamine would pick its reader by the file's name,
            # and an .xls or .ods saved under an .xlsx name is common on a shared drive.
            with path.open("rb") as fh:
                self._wb = CalamineWorkbook.from_filelike(fh)
        except BaseException:
            if self._zip is not None:
                self._zip.close()
            raise
        self.sheets: list[tuple[str, str]] = [
            (m.name, "visible" if m.visible == SheetVisibleEnum.Visible else "hidden")
            for m in self._wb.sheets_metadata
            if m.typ == SheetTypeEnum.WorkSheet
        ]
        self.rows_read = 0
        self._loaded: dict[str, Any] = {}

    @property
    def epoch(self) -> datetime:
        return self.facts.epoch

    def facts_of(self, sheet: str) -> SheetFacts:
        """The sheet's facts, scanning an .xlsx sheet's part the first time (this is where a
        giant sheet is refused, before calamine would load it)."""
        found = self.facts.sheets.get(sheet)
        if found is None:
            found = SheetFacts()
            part = self._parts.get(sheet)
            if self._zip is not None and part is not None:
                with self._zip.open(part) as stream:
                    found = scan_xlsx_sheet(stream, sheet, self._file)
            self.facts.sheets[sheet] = found
        return found

    def size(self, sheet: str) -> int:
        return max(self.facts_of(sheet).rows, 1)

    def stated_rows(self, sheet: str) -> int | None:
        return self.facts_of(sheet).stated_rows

    def _sheet(self, name: str) -> Any:
        self.facts_of(name)
        sheet = self._loaded.get(name)
        if sheet is None:
            sheet = self._loaded[name] = self._wb.get_sheet_by_name(name)
        return sheet

    def keep_only(self, names: set[str]) -> None:
        """Let go of the loaded sheets that will not be read again (not log sheets)."""
        for name in set(self._loaded) - names:
            del self._loaded[name]

    def rows(self, name: str) -> Iterator[tuple[int, list[Any], bool]]:
        """(row number, values by 0-based column with None for an empty cell, hidden) for
        each row of the sheet down to the last that holds something."""
        sheet = self._sheet(name)
        hidden = self.facts_of(name).hidden
        start = sheet.start
        pad: list[Any] = [None] * (start[1] if start else 0)
        limit = MAX_CELL_CHARS
        width = sheet.width
        for i, row in enumerate(sheet.iter_rows()):
            number = i + 1
            if row.count("") == width:  # an empty row between rows: the import counts it
                self.rows_read += 1
                yield number, [None] * (len(pad) + width), False
                continue
            values = [*pad, *row] if pad else row
            for j, v in enumerate(values):
                if v.__class__ is str:
                    if not v:
                        values[j] = None
                    elif len(v) > limit:
                        raise InputRefused(
                            f"A cell of sheet “{name}”, row {number:,}, holds {len(v):,} "
                            f"characters; Excel allows {limit:,}. The workbook was not written "
                            "by Excel and is not read."
                        )
            self.rows_read += 1
            yield number, values, bool(hidden) and number in hidden

    def close(self) -> None:
        self._loaded.clear()
        try:
            self._wb.close()
        finally:
            if self._zip is not None:
                self._zip.close()
