"""Hidden rows and the date epoch of the binary workbooks, read from their records: Excel
97–2003 (.xls, BIFF8 records in an OLE compound file) and Excel Binary (.xlsb, a ZIP of
record streams). The fast reader reads their values; it does not say which rows are hidden.

Record layouts are those of Microsoft's [MS-XLS] and [MS-XLSB] specifications; only the few
records named here are looked at, every other one is stepped over by its stated length.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import InputRefused
from . import workbook_guard as guard
from .cell_values import MAC_EPOCH
from .sheet_facts import (
    MAX_CELLS,
    REL_TAG,
    BookFacts,
    SheetFacts,
    attrs,
    too_many_cells,
    too_many_rows,
)

# [MS-XLS] record types
_BOF, _EOF, _FILEPASS, _DATEMODE, _BOUNDSHEET, _ROW = 0x0809, 0x000A, 0x002F, 0x0022, 0x85, 0x208
_ROW_HIDDEN = 0x20  # ROW.grbit fDyZero: the row's height is zero


def xls_facts(path: Path) -> BookFacts:
    """Epoch, sheet names and hidden rows of an Excel 97–2003 workbook (its Workbook
    stream's globals, then each sheet's ROW records)."""
    import olefile  # type: ignore[import-untyped]

    with olefile.OleFileIO(str(path)) as ole:
        stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream is None:
            raise InputRefused(
                f"“{path.name}” is an OLE file but holds no workbook (it is not an Excel "
                "97–2003 workbook)."
            )
        data = ole.openstream(stream).read()
    book = BookFacts()
    sheets: list[tuple[str, int]] = []
    pos = 0
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if kind == _FILEPASS:
            raise guard.password_protected(path.name)
        if kind == _DATEMODE and len(body) >= 2 and struct.unpack_from("<H", body)[0] == 1:
            book.epoch = MAC_EPOCH
        elif kind == _BOUNDSHEET and len(body) >= 8:
            sheets.append((_biff8_name(body[6:]), struct.unpack_from("<I", body)[0]))
        elif kind == _EOF:
            break
    for name, offset in sheets:
        book.sheets[name] = _xls_sheet(data, offset)
    return book


def _biff8_name(raw: bytes) -> str:
    """A ShortXLUnicodeString: a length byte, a flags byte (bit 0: two bytes a character)."""
    if len(raw) < 2:
        return ""
    count, flags = raw[0], raw[1]
    if flags & 1:
        return raw[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return raw[2 : 2 + count].decode("latin-1")


def _xls_sheet(data: bytes, offset: int) -> SheetFacts:
    facts = SheetFacts()
    pos = offset
    if pos + 4 > len(data) or struct.unpack_from("<H", data, pos)[0] != _BOF:
        return facts
    pos += 4 + struct.unpack_from("<H", data, pos + 2)[0]
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        if kind == _EOF:
            break
        if kind == _ROW and size >= 14:
            number = struct.unpack_from("<H", data, pos + 4)[0] + 1
            facts.rows += 1
            if struct.unpack_from("<H", data, pos + 4 + 12)[0] & _ROW_HIDDEN:
                facts.hidden.add(number, number)
        pos += 4 + size
    return facts


# [MS-XLSB] record types
_BRT_ROW_HDR, _BRT_WB_PROP, _BRT_BUNDLE_SH = 0, 0x99, 0x9C
_BRT_CELLS = frozenset(range(1, 14))  # BrtCellBlank … BrtFmlaError, the short forms
_XLSB_ROW_HIDDEN = 0x1000  # BrtRowHdr fDyZero (bit 12 of the flags after miyRw)


def _records(part: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(type, body) of each record of an .xlsb stream: type and size are 7-bit varints."""
    data = part.read()
    pos, end = 0, len(data)
    while pos < end:
        kind = data[pos]
        pos += 1
        if kind & 0x80:
            kind = (kind & 0x7F) | ((data[pos] & 0x7F) << 7)
            pos += 1
        size = shift = 0
        for _ in range(4):
            if pos >= end:
                return
            b = data[pos]
            pos += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        yield kind, data[pos : pos + size]
        pos += size


def _wide(raw: bytes, at: int) -> tuple[str, int]:
    count = struct.unpack_from("<I", raw, at)[0]
    if count == 0xFFFFFFFF:
        return "", at + 4
    end = at + 4 + 2 * count
    return raw[at + 4 : end].decode("utf-16-le", "replace"), end


def xlsb_facts(zf: zipfile.ZipFile, names: list[str]) -> BookFacts:
    """Epoch, sheets and hidden rows of an Excel Binary workbook."""
    book = BookFacts()
    main = "xl/workbook.bin"
    rels = "xl/_rels/workbook.bin.rels"
    targets: dict[str, str] = {}
    if rels in names:
        for raw in REL_TAG.findall(zf.read(rels)):
            a = attrs(raw)
            targets[a.get("Id", "")] = posixpath.normpath(
                posixpath.join("xl", a.get("Target", "").lstrip("/").removeprefix("xl/"))
            )
    parts: dict[str, str] = {}
    with zf.open(main) as part:
        for kind, body in _records(part):
            if kind == _BRT_WB_PROP and len(body) >= 4 and struct.unpack_from("<I", body)[0] & 1:
                book.epoch = MAC_EPOCH
            elif kind == _BRT_BUNDLE_SH and len(body) >= 12:
                rel, at = _wide(body, 8)
                name, _ = _wide(body, at)
                if rel in targets:
                    parts[name] = targets[rel]
    for name, target in parts.items():
        if target in names:
            with zf.open(target) as part:
                book.sheets[name] = _xlsb_sheet(part, name)
    return book


def _xlsb_sheet(part: IO[bytes], name: str) -> SheetFacts:
    facts = SheetFacts()
    cells = 0
    for kind, body in _records(part):
        if kind == _BRT_ROW_HDR and len(body) >= 12:
            number = struct.unpack_from("<I", body)[0] + 1
            facts.rows += 1
            if facts.rows > guard.MAX_ROWS:
                raise too_many_rows(name, number)
            if struct.unpack_from("<H", body, 10)[0] & _XLSB_ROW_HIDDEN:
                facts.hidden.add(number, number)
        elif kind in _BRT_CELLS:
            cells += 1
            if cells > MAX_CELLS:
                raise too_many_cells(name, cells)
    return facts
