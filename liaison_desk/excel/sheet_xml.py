"""Reading a sheet's XML directly (streamed, parsed with defusedxml): the workbook's parts,
Strict Open XML turned transitional, and the rows of one sheet with their hidden flags."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputRefused
from . import workbook_guard as guard
from .workbook_guard import _DIMENSION, _SPLIT, MAX_CELL_CHARS

log = logging.getLogger("liaison_desk.excel")


class _Counting(io.RawIOBase):
    """A sheet's XML stream that counts the bytes read, for the progress bar."""

    def __init__(self, raw: Any, book: _Book) -> None:
        self._raw = raw
        self._book = book

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._book.bytes_read += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class _Book:
    """The parts of an .xlsx the import needs: its sheets, shared strings and date styles.

    ``openpyxl.load_workbook(read_only=True)`` measures every sheet when it opens the file,
    which for a sheet without a stored dimension (files written by openpyxl and some other
    programs) means parsing it completely once before reading it; we read each sheet once.
    """

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        source: Any = _transitional_copy(path) or str(path)
        reader = ExcelReader(source, read_only=True, data_only=True, keep_links=False)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            self.strings = reader.shared_strings
            self.epoch: datetime = reader.wb.epoch
            self.date_formats = reader.wb._date_formats
            self.timedelta_formats = reader.wb._timedelta_formats
            self.sheets: list[tuple[str, str, str]] = [
                (str(sheet.name), rel.target, str(sheet.state or "visible"))
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except BaseException:
            self.archive.close()
            raise
        self.bytes_read = 0
        self._targets = {name: target for name, target, _ in self.sheets}

    def size(self, sheet: str) -> int:
        return int(self.archive.getinfo(self._targets[sheet]).file_size)

    def stated_rows(self, sheet: str) -> int | None:
        """The last row the sheet's ``<dimension>`` states (read from its first bytes), or
        None when it states none: a giant sheet is refused before a row is read."""
        with self.archive.open(self._targets[sheet]) as part:
            head = part.read(8192).decode("utf-8", "replace")
        found = _DIMENSION.search(head)
        return int(found.group(1)) if found else None

    def open(self, sheet: str) -> Any:
        return io.BufferedReader(_Counting(self.archive.open(self._targets[sheet]), self))

    def close(self) -> None:
        self.archive.close()


# Excel's "Strict Open XML Spreadsheet" is the same workbook under other namespace names;
# openpyxl reads only the usual (transitional) names, so a strict file is renamed on the way
# in. The package's own relationship and content-type names are the same in both.
_STRICT_NAMES = (
    (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/customProperties",
        b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes",
        b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/main",
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing",
        b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    ),
)
_STRICT_MARK = b"http://purl.oclc.org/ooxml/"


def _transitional_copy(path: Path) -> io.BytesIO | None:
    """An in-memory copy of a Strict Open XML workbook under the usual names, or None when
    the workbook is not strict (the usual case: nothing is copied)."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        main = next((n for n in names if n.endswith("workbook.xml")), None)
        if main is None or _STRICT_MARK not in zf.read(main)[:4096]:
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in zf.infolist():
                data = zf.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    for strict, usual in _STRICT_NAMES:
                        data = data.replace(strict, usual)
                copy.writestr(info, data)
    out.seek(0)
    log.info("%s is a Strict Open XML workbook; read through a transitional copy", path.name)
    return out


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _IS, _T, _R = (_NS + t for t in ("row", "c", "v", "is", "t", "r"))
_LETTERS: dict[str, int] = {}


def _column(ref: str) -> int:
    """ "AB12" → 28 (1-based)."""
    letters = ref.rstrip("0123456789$")
    n = _LETTERS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + (ord(ch) - 64)
        _LETTERS[letters] = n
    return n


def _inline(el: Any) -> str:
    parts: list[str] = []
    for child in el:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.extend(t.text or "" for t in child if t.tag == _T)
    return "".join(parts)


def _iter_sheet(book: _Book, sheet_name: str) -> Iterator[tuple[int, list[tuple[int, Any]], bool]]:
    """(row number, [(0-based column, value)], hidden) for each stored row of a sheet.

    A lean reading of the sheet XML with the cell rules of openpyxl's worksheet parser
    (shared and inline strings, numbers, date-formatted numbers as datetimes through
    openpyxl's ``from_excel``, booleans, ISO dates, errors as their text, formulas as their
    cached value), which also reads each row's ``hidden`` flag. It skips what an import
    does not need (cell styles, coordinates as objects), which is where openpyxl spends
    most of its time.
    """
    from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    strings = book.strings
    dates = book.date_formats
    durations = book.timedelta_formats
    epoch = book.epoch
    src = book.open(sheet_name)
    try:
        counter = rows = 0
        for _event, el in iterparse(src):
            if el.tag != _ROW:
                continue
            r = el.get("r")
            counter = int(float(r)) if r else counter + 1
            rows += 1
            if rows > guard.MAX_ROWS:
                raise InputRefused(
                    f"Sheet “{sheet_name}” has more than {guard.MAX_ROWS:,} rows (reading "
                    f"stopped at row {counter:,}); a log has far fewer. {_SPLIT}"
                )
            hidden = el.get("hidden") in ("1", "true")
            cells: list[tuple[int, Any]] = []
            col = 0
            for c in el:
                if c.tag != _C:
                    continue
                ref = c.get("r")
                col = _column(ref) if ref else col + 1
                t = c.get("t", "n")
                value: Any
                if t == "inlineStr":
                    found = c.find(_IS)
                    if found is None:
                        continue
                    value = _inline(found)
                else:
                    v = c.findtext(_V)
                    if v is None or v == "":
                        continue
                    if t == "n":
                        value = float(v) if ("." in v or "E" in v or "e" in v) else int(v)
                        style = c.get("s")
                        if style and int(style) in dates:
                            try:  # noqa: SIM105 - the hot loop; suppress() costs more
                                value = from_excel(value, epoch, timedelta=int(style) in durations)
                            except (OverflowError, ValueError):
                                pass  # left as the number; the date check explains it
                    elif t == "s":
                        value = strings[int(v)]
                    elif t == "b":
                        value = v not in ("0", "false")
                    elif t == "d":
                        value = from_ISO8601(v)
                    else:  # "str" (a formula's text), "e" (an error such as #N/A)
                        value = v
                if value.__class__ is str and len(value) > MAX_CELL_CHARS:
                    raise InputRefused(
                        f"A cell of sheet “{sheet_name}”, row {counter:,}, holds "
                        f"{len(value):,} characters; Excel allows {MAX_CELL_CHARS:,}. The "
                        "workbook was not written by Excel and is not read."
                    )
                cells.append((col - 1, value))
            yield counter, cells, hidden
            el.clear()
    finally:
        src.close()
