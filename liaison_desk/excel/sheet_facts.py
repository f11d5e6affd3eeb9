"""What the fast reader does not tell about a sheet, read cheaply from the file itself: which
rows are hidden, how many rows and cells it stores (so a bomb is refused before the reader
loads it), the row count its dimension states, and the workbook's date epoch.

One scan of each part, with no XML tree built: regular expressions over the decompressed
bytes of an .xlsx sheet or an .ods ``content.xml``; the binary formats are in
:mod:`.binary_facts`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from ..errors import InputRefused
from . import workbook_guard as guard
from .cell_values import MAC_EPOCH, WINDOWS_EPOCH

# 300,000 rows of a 40-column log; a sheet storing more cells is refused before it is read.
MAX_CELLS = 12_000_000
_CHUNK = 1 << 20


@dataclass
class RowRanges:
    """Row numbers (1-based) as sorted, non-overlapping [first, last] ranges: an .ods states
    a hidden run of rows as one tag, however long."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, first: int, last: int) -> None:
        if self.ends and first <= self.ends[-1] + 1:
            self.ends[-1] = max(self.ends[-1], last)
        else:
            self.starts.append(first)
            self.ends.append(last)

    def __contains__(self, number: int) -> bool:
        i = bisect_right(self.starts, number) - 1
        return i >= 0 and number <= self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)


@dataclass
class SheetFacts:
    hidden: RowRanges = field(default_factory=RowRanges)
    rows: int = 0
    """Stored rows with something in them: the progress bar's measure of the sheet."""
    stated_rows: int | None = None


@dataclass
class BookFacts:
    epoch: datetime = WINDOWS_EPOCH
    sheets: dict[str, SheetFacts] = field(default_factory=dict)


def too_many_rows(sheet: str, number: int) -> InputRefused:
    return InputRefused(
        f"Sheet “{sheet}” has more than {guard.MAX_ROWS:,} rows (reading stopped at row "
        f"{number:,}); a log has far fewer. {guard._SPLIT}"
    )


def too_many_cells(sheet: str, cells: int) -> InputRefused:
    return InputRefused(
        f"Sheet “{sheet}” stores more than {MAX_CELLS:,} cells ({cells:,} so far); a log has "
        f"far fewer. {guard._SPLIT}"
    )


def _not_excel(what: str) -> InputRefused:
    return InputRefused(
        f"{what} declares its own XML entities, which Excel never writes: the workbook is "
        "not read. Open it in Excel, save a new copy and import that."
    )


def _chunks(part: IO[bytes], what: str) -> Iterator[bytes]:
    """The part's bytes in pieces that each end just before a ``<`` (so no tag is split)."""
    carry = b""
    first = True
    while True:
        data = part.read(_CHUNK)
        if first:
            if b"<!DOCTYPE" in data[:65536] or b"<!ENTITY" in data[:65536]:
                raise _not_excel(what)
            first = False
        if not data:
            if carry:
                yield carry
            return
        data = carry + data
        cut = data.rfind(b"<")
        if cut <= 0:
            carry = data
            continue
        yield data[:cut]
        carry = data[cut:]


# ---- .xlsx ---------------------------------------------------------------------------

_ROW_TAG = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?row(?=[\s/>])([^>]*)>")
# Attribute values may be quoted either way (XML allows both; some writers use single quotes).
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_HIDDEN = re.compile(rb"""(?:^|\s)hidden\s*=\s*["'](?:1|true)["']""")
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet(?=[\s/>])([^>]*?)/?>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PR_TAG = re.compile(rb"<(?:[\w.-]+:)?workbookPr(?=[\s/>])([^>]*)>")
REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship(?=[\s/>])([^>]*?)/?>")


def attrs(raw: bytes) -> dict[str, str]:
    """Attributes by local name (``r:id`` → ``id``), entities of the five XML kinds decoded."""
    out: dict[str, str] = {}
    for k, double, single in _ATTR.findall(raw):
        v = double or single
        name = k.decode("ascii", "replace").rsplit(":", 1)[-1]
        out.setdefault(name, _unescape(v.decode("utf-8", "replace")))
    return out


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    from html import unescape

    return unescape(text)


def xlsx_facts(zf: zipfile.ZipFile, names: list[str], file: str) -> tuple[datetime, dict[str, str]]:
    """The epoch and each sheet's part (by sheet name) of an .xlsx, from its workbook part."""
    main = "xl/workbook.xml" if "xl/workbook.xml" in names else None
    if main is None:
        main = next(n for n in names if n.endswith("workbook.xml"))
    data = zf.read(main)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _not_excel(f"The workbook part of “{file}”")
    pr = _PR_TAG.search(data)
    epoch = WINDOWS_EPOCH
    if pr and attrs(pr.group(1)).get("date1904", "").lower() in ("1", "true"):
        epoch = MAC_EPOCH
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    targets: dict[str, str] = {}
    if rels_name in names:
        for raw in REL_TAG.findall(zf.read(rels_name)):
            a = attrs(raw)
            target = a.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            targets[a.get("Id", "")] = posixpath.normpath(part)
    parts: dict[str, str] = {}
    for raw in _SHEET_TAG.findall(data):
        a = attrs(raw)
        sheet_part = targets.get(a.get("id", ""))
        if "name" in a and sheet_part:
            parts[a["name"]] = sheet_part
    return epoch, parts


def scan_xlsx_sheet(part: IO[bytes], sheet: str, file: str) -> SheetFacts:
    """Hidden rows, stored rows and cells of one worksheet part, refusing a giant sheet the
    moment a limit is passed."""
    facts = SheetFacts()
    number = cells = 0
    tags: tuple[bytes, ...] = (b"<c ", b"<c>")
    max_rows = guard.MAX_ROWS
    first = True
    for chunk in _chunks(part, f"Sheet “{sheet}” of “{file}”"):
        if first:
            found = _DIMENSION.search(chunk, 0, 65536)
            if found and found.group(1):
                facts.stated_rows = int(found.group(1))
            first = False
        for m in _ROW_TAG.finditer(chunk):
            if m.group(1) and len(tags) == 2:
                p = m.group(1)
                tags = (b"<c ", b"<c>", b"<" + p + b":c ", b"<" + p + b":c>")
            found_attrs = m.group(2)
            r = _ROW_NUMBER.search(found_attrs)
            number = int(r.group(1)) if r else number + 1
            facts.rows += 1
            if facts.rows > max_rows:
                raise too_many_rows(sheet, number)
            if b"hidden" in found_attrs and _HIDDEN.search(found_attrs):
                facts.hidden.add(number, number)
        cells += sum(chunk.count(t) for t in tags)
        if cells > MAX_CELLS:
            raise too_many_cells(sheet, cells)
    return facts


# ---- .ods ------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["'](\d+)""")
_COLS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["'](\d+)""")
_COLLAPSED = re.compile(rb"""visibility\s*=\s*["'](?:collapse|filter)""")
_NULL_DATE = re.compile(rb'<(?:[\w.-]+:)?null-date\b[^>]*date-value="1904-01-01"')


def scan_ods(content: IO[bytes], file: str) -> BookFacts:
    """Every table of an OpenDocument spreadsheet's ``content.xml``: its hidden rows (rows
    collapsed or filtered out), its rows and cells with content (repeats counted), so that a
    few bytes saying "this row, a million times" are refused before the reader expands
    them."""
    book = BookFacts()
    facts: SheetFacts | None = None
    name = ""
    row = 0  # the last row number of the current table
    repeat = 1  # how many times the open row repeats
    row_cells = 0  # cells with content in the open row
    cells = 0
    max_rows = guard.MAX_ROWS
    for chunk in _chunks(content, f"The contents of “{file}”"):
        if book.epoch is WINDOWS_EPOCH and _NULL_DATE.search(chunk):
            book.epoch = MAC_EPOCH
        for m in _ODS_TAG.finditer(chunk):
            closing, tag, raw, empty = m.groups()
            if tag == b"table":
                if not closing:
                    name = attrs(raw).get("name", "")
                    facts = book.sheets.setdefault(name, SheetFacts())
                    row = cells = 0
                continue
            if facts is None:
                continue
            if tag == b"table-row":
                if not closing:
                    rep = _ROWS_REPEATED.search(raw)
                    repeat = int(rep.group(1)) if rep else 1
                    if b"visibility" in raw and _COLLAPSED.search(raw):
                        facts.hidden.add(row + 1, row + repeat)
                    row_cells = 0
                if closing or empty:
                    if row_cells:
                        facts.rows += repeat
                        cells += row_cells * repeat
                        if facts.rows > max_rows:
                            before = facts.rows - repeat  # content rows above this one
                            raise too_many_rows(name, row + max_rows + 1 - before)
                        if cells > MAX_CELLS:
                            raise too_many_cells(name, cells)
                    row += repeat
                continue
            # A cell holds something when it states a value type or has text inside it;
            # LibreOffice pads every row to the last column with empty repeated cells.
            if not closing and (
                b"value-type" in raw or (not empty and chunk[m.end() : m.end() + 2] != b"</")
            ):
                rep = _COLS_REPEATED.search(raw)
                row_cells += int(rep.group(1)) if rep else 1
    return book
