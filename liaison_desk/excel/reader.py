"""Opening a legacy workbook safely and finding its log sheets, header rows and columns.

Whatever the file is (a workbook, a CSV with an .xlsx name, a password-protected file, a
damaged ZIP, an empty file), the person gets one sentence: :class:`InputRefused` is the
only exception that leaves this module for a bad file.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputRefused
from . import workbook_guard as guard
from .cells import WINDOWS_EPOCH
from .headers import (
    ColumnMap,
    HeaderMatch,
    SheetKind,
    best_match,
    email_named,
    fold_header,
    kind_from_sheet_name,
)
from .sheet_book import Book
from .workbook_guard import _SPLIT, XLS, _damaged, check_file, password_protected

log = logging.getLogger("liaison_desk.excel")

HEADER_SCAN_ROWS = 30


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
    # The rows the sheet stores: the progress bar's measure of a sheet.
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
    def rows_read(self) -> int:
        """How many rows have been read so far (for progress)."""
        return int(self._wb.rows_read) if self._wb is not None else 0

    @property
    def total_rows(self) -> int:
        return sum(lay.size for lay in self.layouts) or 1

    def __enter__(self) -> LegacyWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, layout: SheetLayout) -> Iterator[RawRow]:
        """Data rows below the header row, as lists of cell values by column index."""
        width = layout.width
        try:
            for number, values, hidden in self._wb.rows(layout.name):
                if number <= layout.header_row:
                    continue
                n = len(values)
                if n > width:
                    del values[width:]
                elif n < width:
                    values.extend([None] * (width - n))
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
            for number, values, _hidden in self._wb.rows(self.contacts_sheet):
                if number <= self.contacts_header_row:
                    continue
                n = len(values)
                yield ContactRow(number, {k: values[i] if i < n else None for k, i in cols.items()})
        except InputRefused:
            raise
        except Exception as exc:
            raise _damaged(self.path, exc) from None


def open_book(path: Path) -> tuple[str, Book]:
    """A workbook from outside, checked and opened by what its bytes are (its kind, and its
    sheets); InputRefused, in the person's words, for a file that cannot be read."""
    kind = check_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return kind, Book(path, kind)
    except InputRefused:
        raise
    except Exception as exc:
        raise _refused(path, kind, exc) from None


def open_workbook(
    path: str | Path, overrides: Mapping[str, SheetLayout] | None = None
) -> LegacyWorkbook:
    """Open ``path`` and recognise its log sheets; raise InputRefused for a bad file.

    ``overrides`` (by sheet name) replaces a recognised layout, or adds one for a sheet the
    recogniser passed over: the client's corrected mapping.
    """
    p = Path(path)
    kind, wb = open_book(p)
    book = LegacyWorkbook(p, _wb=wb)
    try:
        book.epoch = wb.epoch
        book.macros = wb.macros
        for name, state in wb.sheets:
            if overrides and name in overrides:
                book.layouts.append(overrides[name])
                continue
            _recognise(book, wb, name, state)
        wb.keep_only({lay.name for lay in book.layouts} | {book.contacts_sheet or ""})
        for layout in book.layouts:
            stated = wb.stated_rows(layout.name)
            if stated is not None and stated > guard.MAX_ROWS + layout.header_row:
                raise InputRefused(
                    f"Sheet “{layout.name}” has {stated:,} rows; a log has far fewer (the "
                    f"limit is {guard.MAX_ROWS:,}). {_SPLIT}"
                )
    except InputRefused:
        book.close()
        raise
    except Exception as exc:
        book.close()
        raise _refused(p, kind, exc) from None
    return book


def _refused(path: Path, kind: str, exc: BaseException) -> InputRefused:
    """The reader's failure in the person's words: a password, or a damaged file."""
    from python_calamine import PasswordError

    if isinstance(exc, PasswordError) or "password" in str(exc).casefold():
        return password_protected(path.name)
    if kind == XLS:
        log.debug("reading %s failed", path, exc_info=exc)
        return InputRefused(
            f"“{path.name}” looks like an old-style Excel 97–2003 (.xls) workbook but cannot be "
            "read: it is damaged, or not a workbook at all. Open it in Excel, save a new copy "
            "as an Excel Workbook (.xlsx) and import that."
        )
    return _damaged(path, exc, kind)


def _recognise(book: LegacyWorkbook, wb: Book, title: str, state: str) -> None:
    hint = kind_from_sheet_name(title)
    prefer = SheetKind.EMAIL if hint is None and email_named(title) else None
    if state != "visible" and hint is None:
        book.skipped.append(SkippedSheet(title, "hidden sheet that is not a log sheet", True))
        return
    head: list[tuple[int, list[Any]]] = []
    for number, values, _hidden in wb.rows(title):
        if number > HEADER_SCAN_ROWS:
            break
        head.append((number, values[:200]))
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
        m = best_match(values, hint, prefer)
        if m is None:
            continue
        if best is None or m.rank > best[1].rank:
            best = (number, m)
    if best is None:
        if not head:
            reason = "empty sheet"
            book.skipped.append(SkippedSheet(title, reason, quiet=hint is None and not prefer))
        else:
            named = hint or prefer
            what = (
                f"a {named.label} sheet"
                if named
                else "a Member, Provider, Supervisor Callbacks or E-mail sheet"
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
            by_name=hint is not None or prefer is m.kind,
        )
    )
