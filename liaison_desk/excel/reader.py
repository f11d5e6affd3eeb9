"""Opening a legacy workbook safely and finding its log sheets, header rows and columns.

Whatever the file is (a workbook, a CSV with an .xlsx name, a password-protected file, a
damaged ZIP, an empty file), the person gets one sentence: :class:`InputRefused` is the
only exception that leaves this module for a bad file.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputRefused
from .cells import WINDOWS_EPOCH
from .headers import (
    ColumnMap,
    HeaderMatch,
    SheetKind,
    best_match,
    fold_header,
    kind_from_sheet_name,
    match_headers,
)

log = logging.getLogger("liaison_desk.excel")

HEADER_SCAN_ROWS = 30
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
    max_row: int | None = None
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
        return SheetLayout(
            self.name, self.kind, self.header_row, columns, self.max_row, self.by_name
        )


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
    if not path.exists():
        raise InputRefused(f"There is no file “{path}”.")
    if path.is_dir():
        raise InputRefused(f"“{path}” is a folder, not an Excel workbook.")
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
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise _damaged(path, exc) from None
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        if "content.xml" in names:
            raise InputRefused(
                f"“{name}” is an OpenDocument spreadsheet. Save it as an Excel Workbook (.xlsx) "
                "and import that."
            )
        if "word/document.xml" in names:
            raise InputRefused(f"“{name}” is a Word document, not an Excel workbook.")
        raise InputRefused(f"“{name}” is a ZIP archive, not an Excel workbook (.xlsx).")


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


def _iter_sheet(wb: Any, sheet_name: str) -> Iterator[tuple[int, list[tuple[int, Any]], bool]]:
    """(row number, [(0-based column, value)], hidden) for each stored row of a sheet.

    openpyxl's read-only worksheet hides the row attributes (``hidden``) its parser reads, so
    we drive the same parser ourselves: the same speed as ``iter_rows``, plus hidden rows.
    """
    ws = wb[sheet_name]
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        src = ws._get_source()
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
    except AttributeError:  # pragma: no cover - a future openpyxl; lose hidden-row detection
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [(i, v) for i, v in enumerate(row) if v is not None], False
        return
    dims = parser.row_dimensions
    try:
        for number, cells in parser.parse():
            attrs = dims.get(str(number))
            hidden = attrs is not None and attrs.get("hidden") in ("1", "true")
            yield number, [(c["column"] - 1, c["value"]) for c in cells], hidden
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
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(p, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:
        raise _damaged(p, exc) from None
    book = LegacyWorkbook(p, _wb=wb)
    try:
        book.epoch = getattr(wb, "epoch", WINDOWS_EPOCH)
        for ws in wb.worksheets:
            if overrides and ws.title in overrides:
                book.layouts.append(overrides[ws.title])
                continue
            _recognise(book, wb, ws)
    except InputRefused:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise _damaged(p, exc) from None
    return book


def _recognise(book: LegacyWorkbook, wb: Any, ws: Any) -> None:
    title = str(ws.title)
    hint = kind_from_sheet_name(title)
    if getattr(ws, "sheet_state", "visible") == "hidden" and hint is None:
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
        if best is None or (m.distinctive, m.score) > (best[1].distinctive, best[1].score):
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
    max_row = getattr(ws, "max_row", None)
    book.layouts.append(
        SheetLayout(
            title,
            m.kind,
            number,
            m.columns,
            max_row if isinstance(max_row, int) else None,
            by_name=hint is not None,
        )
    )


def layout_for(
    kind: SheetKind, name: str, header_row: int, headers: Sequence[object]
) -> SheetLayout:
    """A layout built from a header row as given (the client's "treat this sheet as ...")."""
    m = match_headers(kind, headers)
    return SheetLayout(name, kind, header_row, m.columns)


def sheet_header_rows(
    path: str | Path, sheet: str, limit: int = HEADER_SCAN_ROWS
) -> list[tuple[int, list[Any]]]:
    """The first rows of a sheet, for the client's mapping step."""
    with open_workbook(path) as book:
        out: list[tuple[int, list[Any]]] = []
        try:
            for number, cells, _h in _iter_sheet(book._wb, sheet):
                if number > limit:
                    break
                width = max((c for c, _ in cells), default=-1) + 1
                values: list[Any] = [None] * min(width, 200)
                for col, value in cells:
                    if col < len(values):
                        values[col] = value
                out.append((number, values))
        except Exception as exc:
            raise _damaged(book.path, exc) from None
        return out
