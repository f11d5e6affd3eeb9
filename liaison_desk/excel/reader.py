"""Opening a legacy workbook safely and finding its log sheets, header rows and columns.

Whatever the file is (a workbook, a CSV with an .xlsx name, a password-protected file, a
damaged ZIP, an empty file), the person gets one sentence: :class:`InputRefused` is the
only exception that leaves this module for a bad file.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..db.files import refuse_database_file
from ..errors import InputRefused
from .cells import WINDOWS_EPOCH
from .headers import (
    ColumnMap,
    HeaderMatch,
    SheetKind,
    best_match,
    fold_header,
    kind_from_sheet_name,
)

log = logging.getLogger("liaison_desk.excel")

HEADER_SCAN_ROWS = 30

# A real log is a few hundred thousand rows at most and a few tens of MB unpacked. Anything
# far beyond is a ZIP bomb or not a log; it is refused before (or the moment) it costs memory.
MAX_PARTS = 5_000
MAX_PART_BYTES = 512 << 20  # one sheet's or the shared strings' XML, unpacked
MAX_TOTAL_BYTES = 1 << 30  # everything in the archive, unpacked
MAX_RATIO = 100  # unpacked ÷ packed, for parts over 1 MB (real sheets: about 5 to 30)
MAX_ROWS = 300_000  # rows of one sheet
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
_SPLIT = "Split the log into smaller workbooks (for example one per year) and import each."
_DIMENSION = re.compile(r'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

# Our own export's extra sheets: read (Contacts) or passed over without a complaint.
CONTACTS_SHEET = "Contacts"
MILESTONES_SHEET = "Milestones"
CONTACT_HEADERS = (
    "Reference",
    "At",
    "Kind",
    "With",
    "Channel",
    "Outcome",
    "Summary",
    "Notes",
    "By",
)


@dataclass
class SheetLayout:
    """One log sheet as recognised: which kind, where its header row is, what each column
    feeds. The client lets the person correct ``columns`` before importing."""

    name: str
    kind: SheetKind
    header_row: int
    columns: list[ColumnMap]
    # Uncompressed size of the sheet's XML: the progress bar's measure of a sheet.
    size: int = 0
    by_name: bool = False

    @property
    def fields(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field}

    @property
    def width(self) -> int:
        return max((c.index for c in self.columns), default=-1) + 1

    @property
    def headers(self) -> list[str]:
        out = [""] * self.width
        for c in self.columns:
            out[c.index] = c.header
        return out

    @property
    def ignored(self) -> list[ColumnMap]:
        return [c for c in self.columns if c.field is None and c.note]

    def remap(self, mapping: Mapping[int, str | None]) -> SheetLayout:
        """The same sheet with some columns pointed at other fields (the client's mapping
        step). A field chosen twice keeps its first column."""
        taken: set[str] = set()
        columns: list[ColumnMap] = []
        for c in self.columns:
            f = mapping.get(c.index, c.field) if c.index in mapping else c.field
            if f and f in taken:
                columns.append(
                    ColumnMap(c.index, c.header, None, "a second column for the same field")
                )
                continue
            if f:
                taken.add(f)
            note = "" if f else ("ignored" if c.index in mapping else c.note)
            columns.append(ColumnMap(c.index, c.header, f, note))
        return SheetLayout(self.name, self.kind, self.header_row, columns, self.size, self.by_name)


@dataclass
class SkippedSheet:
    name: str
    reason: str
    quiet: bool = False


@dataclass
class RawRow:
    number: int
    values: list[Any]
    hidden: bool


@dataclass
class ContactRow:
    number: int
    values: dict[str, Any]


@dataclass
class LegacyWorkbook:
    path: Path
    layouts: list[SheetLayout] = field(default_factory=list)
    skipped: list[SkippedSheet] = field(default_factory=list)
    contacts_sheet: str | None = None
    contacts_header_row: int = 0
    contacts_columns: dict[str, int] = field(default_factory=dict)
    epoch: datetime = WINDOWS_EPOCH
    macros: bool = False
    """The workbook carries VBA macros (.xlsm, or renamed): they are never run."""
    _wb: Any = None

    @property
    def name(self) -> str:
        return self.path.name

    def close(self) -> None:
        if self._wb is not None:
            try:
                self._wb.close()
            except Exception:  # pragma: no cover - closing a damaged archive
                log.debug("closing workbook failed", exc_info=True)
            self._wb = None

    @property
    def bytes_read(self) -> int:
        """How much of the sheets' XML has been read so far (for progress)."""
        return int(self._wb.bytes_read) if self._wb is not None else 0

    @property
    def total_bytes(self) -> int:
        return sum(lay.size for lay in self.layouts) or 1

    def __enter__(self) -> LegacyWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, layout: SheetLayout) -> Iterator[RawRow]:
        """Data rows below the header row, as lists of cell values by column index."""
        width = layout.width
        try:
            for number, cells, hidden in _iter_sheet(self._wb, layout.name):
                if number <= layout.header_row:
                    continue
                values: list[Any] = [None] * width
                for col, value in cells:
                    if col < width:
                        values[col] = value
                yield RawRow(number, values, hidden)
        except InputRefused:
            raise
        except Exception as exc:
            raise _damaged(self.path, exc) from None

    def contact_rows(self) -> Iterator[ContactRow]:
        if self.contacts_sheet is None:
            return
        cols = self.contacts_columns
        try:
            for number, cells, _hidden in _iter_sheet(self._wb, self.contacts_sheet):
                if number <= self.contacts_header_row:
                    continue
                by_col = dict(cells)
                yield ContactRow(number, {k: by_col.get(i) for k, i in cols.items()})
        except Exception as exc:
            raise _damaged(self.path, exc) from None


def _damaged(path: Path, exc: BaseException) -> InputRefused:
    log.debug("reading %s failed", path, exc_info=exc)
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    return InputRefused(
        f"“{path.name}” is damaged and cannot be read as an Excel workbook ({detail}). "
        "Open it in Excel, save a new copy as .xlsx and import that."
    )


def check_file(path: Path) -> None:
    """Refuse, in one sentence, anything that is not an .xlsx workbook we can open."""
    name = path.name
    refuse_database_file(path)
    if not path.exists():
        raise InputRefused(f"There is no file “{path}”.")
    if path.is_dir():
        raise InputRefused(f"“{path}” is a folder, not an Excel workbook.")
    if not path.is_file():  # a FIFO or device would block the reader forever
        raise InputRefused(f"“{name}” is not a file on disk (a pipe or a device?).")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(min(size, 4 << 20))
    except OSError as exc:
        raise InputRefused(f"“{name}” cannot be read: {exc.strerror or exc}.") from None
    if size == 0:
        raise InputRefused(f"“{name}” is empty (0 bytes): there is nothing to import.")
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in head:
            raise InputRefused(
                f"“{name}” is protected with a password. Open it in Excel, remove the password "
                "(File → Info → Protect Workbook → Encrypt with Password), save and import again."
            )
        raise InputRefused(
            f"“{name}” is an old-style Excel 97–2003 (.xls) workbook. Open it in Excel, save it "
            "as an Excel Workbook (.xlsx) and import that."
        )
    if not head.startswith(b"PK"):
        if _looks_like_text(head):
            raise InputRefused(
                f"“{name}” is a text (CSV) file, not an Excel workbook, whatever its name says. "
                "Open it in Excel and save it as an Excel Workbook (.xlsx) first."
            )
        raise InputRefused(f"“{name}” is not an Excel workbook (.xlsx).")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise _damaged(path, exc) from None
    check_archive(name, infos)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "content.xml" in names:
            raise InputRefused(
                f"“{name}” is an OpenDocument spreadsheet. Save it as an Excel Workbook (.xlsx) "
                "and import that."
            )
        if "word/document.xml" in names:
            raise InputRefused(f"“{name}” is a Word document, not an Excel workbook.")
        raise InputRefused(f"“{name}” is a ZIP archive, not an Excel workbook (.xlsx).")


def check_archive(name: str, infos: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse a workbook whose archive would unpack to far more than any real log, from the
    sizes its directory states (before anything is unpacked)."""
    if len(infos) > MAX_PARTS:
        raise InputRefused(
            f"“{name}” holds {len(infos):,} parts; a workbook has a few dozen (the limit is "
            f"{MAX_PARTS:,}). It is not a log this app can import."
        )
    total = 0
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        total += size
        if size > MAX_PART_BYTES or (size > 1 << 20 and size / packed > MAX_RATIO):
            raise InputRefused(
                f"“{name}” would unpack {info.filename} to {_mb(size)} from {_mb(packed)} "
                f"(the limits are {_mb(MAX_PART_BYTES)} per part and {MAX_RATIO}:1 packing): "
                f"far beyond any real log, so it is not read. {_SPLIT}"
            )
    if total > MAX_TOTAL_BYTES:
        raise InputRefused(
            f"“{name}” would unpack to {_mb(total)} (the limit is {_mb(MAX_TOTAL_BYTES)}). "
            + _SPLIT
        )


def _mb(n: int) -> str:
    return f"{n / (1 << 30):.1f} GB" if n >= 1 << 30 else f"{n / (1 << 20):.1f} MB"


def has_macros(infos: Sequence[zipfile.ZipInfo]) -> bool:
    return any(i.filename.lower().endswith("vbaproject.bin") for i in infos)


def _looks_like_text(head: bytes) -> bool:
    sample = head[:4096]
    for enc in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if text and printable / len(text) > 0.95:
            return True
    return False


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
            if rows > MAX_ROWS:
                raise InputRefused(
                    f"Sheet “{sheet_name}” has more than {MAX_ROWS:,} rows (reading stopped at "
                    f"row {counter:,}); a log has far fewer. {_SPLIT}"
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


def open_workbook(
    path: str | Path, overrides: Mapping[str, SheetLayout] | None = None
) -> LegacyWorkbook:
    """Open ``path`` and recognise its log sheets; raise InputRefused for a bad file.

    ``overrides`` (by sheet name) replaces a recognised layout, or adds one for a sheet the
    recogniser passed over: the client's corrected mapping.
    """
    p = Path(path)
    check_file(p)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = _Book(p)
    except Exception as exc:
        raise _damaged(p, exc) from None
    book = LegacyWorkbook(p, _wb=wb)
    try:
        book.epoch = wb.epoch
        book.macros = has_macros(wb.archive.infolist())
        for name, _target, state in wb.sheets:
            if overrides and name in overrides:
                book.layouts.append(overrides[name])
                continue
            _recognise(book, wb, name, state)
        for layout in book.layouts:
            stated = wb.stated_rows(layout.name)
            if stated is not None and stated > MAX_ROWS + layout.header_row:
                raise InputRefused(
                    f"Sheet “{layout.name}” has {stated:,} rows; a log has far fewer (the "
                    f"limit is {MAX_ROWS:,}). {_SPLIT}"
                )
    except InputRefused:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise _damaged(p, exc) from None
    return book


def _recognise(book: LegacyWorkbook, wb: _Book, title: str, state: str) -> None:
    hint = kind_from_sheet_name(title)
    if state != "visible" and hint is None:
        book.skipped.append(SkippedSheet(title, "hidden sheet that is not a log sheet", True))
        return
    head: list[tuple[int, list[Any]]] = []
    for number, cells, _hidden in _iter_sheet(wb, title):
        if number > HEADER_SCAN_ROWS:
            break
        width = max((c for c, _ in cells), default=-1) + 1
        values: list[Any] = [None] * min(width, 200)
        for col, value in cells:
            if col < len(values):
                values[col] = value
        head.append((number, values))
    folded_title = fold_header(title)
    if folded_title in ("contacts", "timeline", "contactlog"):
        for number, values in head:
            keys = [fold_header(v) for v in values]
            if "reference" in keys and "summary" in keys and "at" in keys:
                book.contacts_sheet = title
                book.contacts_header_row = number
                book.contacts_columns = {
                    k: i
                    for i, k in enumerate(keys)
                    if k in {fold_header(h) for h in CONTACT_HEADERS}
                }
                return
    if folded_title in ("milestones", MILESTONES_SHEET.casefold()):
        book.skipped.append(
            SkippedSheet(title, "milestones are computed again from the inquiries' dates", True)
        )
        return
    best: tuple[int, HeaderMatch] | None = None
    for number, values in head:
        m = best_match(values, hint)
        if m is None:
            continue
        if best is None or m.rank > best[1].rank:
            best = (number, m)
    if best is None:
        if not head:
            reason = "empty sheet"
            book.skipped.append(SkippedSheet(title, reason, quiet=hint is None))
        else:
            what = (
                f"a {hint.label} sheet"
                if hint
                else "a Member, Provider or Supervisor Callbacks sheet"
            )
            book.skipped.append(
                SkippedSheet(title, f"no header row of {what} in its first {HEADER_SCAN_ROWS} rows")
            )
        return
    number, m = best
    book.layouts.append(
        SheetLayout(
            title,
            m.kind,
            number,
            m.columns,
            wb.size(title),
            by_name=hint is not None,
        )
    )
