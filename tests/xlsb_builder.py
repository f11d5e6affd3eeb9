"""A minimal Excel Binary workbook (.xlsb) written record by record as [MS-XLSB] lays them
out: no program on this machine writes the format, so the test writes the few records a
log sheet needs (text and number cells, a hidden row)."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override '
    'PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>'
    "</Relationships>"
)


def _record(kind: int, body: bytes = b"") -> bytes:
    out = bytearray([kind] if kind < 0x80 else [(kind & 0x7F) | 0x80, kind >> 7])
    n = len(body)
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | 0x80 if n else low)
        if not n:
            return bytes(out) + body


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def write_xlsb(
    path: Path, sheet: str, rows: Sequence[Sequence[str | float | None]], hidden: set[int]
) -> Path:
    """``rows`` from row 1 down; ``hidden`` holds 1-based row numbers."""
    book = (
        _record(0x83)  # BrtBeginBook
        + _record(0x8F)  # BrtBeginBundleShs
        + _record(0x9C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet))
        + _record(0x90)
        + _record(0x84)
    )
    width = max(len(r) for r in rows)
    data = _record(0x81) + _record(0x94, struct.pack("<IIII", 0, len(rows) - 1, 0, width - 1))
    data += _record(0x91)  # BrtBeginSheetData
    for r, values in enumerate(rows):
        flags = 0x1000 if r + 1 in hidden else 0  # fDyZero
        data += _record(0, struct.pack("<IIHHBI", r, 0, 300, flags, 0, 0))  # BrtRowHdr
        for c, v in enumerate(values):
            if isinstance(v, str):
                data += _record(6, struct.pack("<II", c, 0) + _wide(v))  # BrtCellSt
            elif v is not None:
                data += _record(5, struct.pack("<IId", c, 0, float(v)))  # BrtCellReal
    data += _record(0x92) + _record(0x82)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _TYPES)
        zf.writestr("_rels/.rels", _RELS.format(kind="officeDocument", target="xl/workbook.bin"))
        zf.writestr("xl/workbook.bin", book)
        zf.writestr(
            "xl/_rels/workbook.bin.rels",
            _RELS.format(kind="worksheet", target="worksheets/sheet1.bin"),
        )
        zf.writestr("xl/worksheets/sheet1.bin", data)
    return path
