"""Refusing hostile or broken files before they cost memory: the limits a real log stays
within (parts, sizes, ratios, rows, cell length), a ZIP bomb, an encrypted workbook, a text
file or a Word document named .xlsx, macros; and telling which kind of workbook a file is
(by its content, not its name)."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..db.files import refuse_database_file
from ..errors import InputRefused

# A real log is a few hundred thousand rows at most and a few tens of MB unpacked. Anything
# far beyond is a ZIP bomb or not a log; it is refused before (or the moment) it costs memory.
log = logging.getLogger("liaison_desk.excel")

MAX_PARTS = 5_000
MAX_PART_BYTES = 512 << 20  # one sheet's or the shared strings' XML, unpacked
MAX_TOTAL_BYTES = 1 << 30  # everything in the archive, unpacked
MAX_FILE_BYTES = 256 << 20  # the file itself (a 300,000-row log is some 30 MB as .xlsx)
MAX_RATIO = 100  # unpacked ÷ packed, for parts over 1 MB (real sheets: about 5 to 30)
MAX_ROWS = 300_000  # rows of one sheet
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
_SPLIT = "Split the log into smaller workbooks (for example one per year) and import each."
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ODS_SPREADSHEET = b"application/vnd.oasis.opendocument.spreadsheet"  # and -template


# What check_file tells a file to be: the workbook formats the reader opens.
XLSX, XLSB, XLS, ODS = "xlsx", "xlsb", "xls", "ods"
FORMAT_NAMES = {
    XLSX: "Excel workbook",
    XLSB: "Excel binary workbook",
    XLS: "old-style Excel 97–2003 workbook",
    ODS: "OpenDocument spreadsheet",
}


def _damaged(path: Path, exc: BaseException, kind: str = XLSX) -> InputRefused:
    log.debug("reading %s failed", path, exc_info=exc)
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    return InputRefused(
        f"“{path.name}” is damaged and cannot be read as an {FORMAT_NAMES[kind]} ({detail}). "
        "Open it in Excel, save a new copy as .xlsx and import that."
    )


def password_protected(name: str) -> InputRefused:
    return InputRefused(
        f"“{name}” is protected with a password. Open it in Excel, remove the password "
        "(File → Info → Protect Workbook → Encrypt with Password), save and import again."
    )


def check_file(path: Path) -> str:
    """Refuse, in one sentence, anything that is not a workbook we can open; otherwise say
    which format it is (XLSX, XLSB, XLS or ODS)."""
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
    if size > MAX_FILE_BYTES:  # the reader holds the whole file in memory
        raise InputRefused(
            f"“{name}” is {_mb(size)}; a log is far smaller (the limit is "
            f"{_mb(MAX_FILE_BYTES)}). {_SPLIT}"
        )
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTION_INFO in head:
            raise password_protected(name)
        return XLS
    if not head.startswith(b"PK"):
        if _looks_like_text(head):
            raise InputRefused(
                f"“{name}” is a text (CSV) file, not an Excel workbook, whatever its name says. "
                "Open it in Excel and save it as an Excel Workbook (.xlsx) first."
            )
        raise InputRefused(f"“{name}” is not an Excel workbook (.xlsx, .xls) or .ods.")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            check_archive(name, infos)
            names = {i.filename for i in infos}
            # An OpenDocument package names its kind in its mimetype part (a spreadsheet, or
            # a spreadsheet template); a package without one is taken for a spreadsheet.
            mimetype = None
            if "mimetype" in names:
                with zf.open("mimetype") as part:
                    mimetype = part.read(100)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise _damaged(path, exc) from None
    if "xl/workbook.xml" in names or any(n.endswith("workbook.xml") for n in names):
        return XLSX
    if "xl/workbook.bin" in names:
        return XLSB
    if "content.xml" in names:
        if mimetype is None or mimetype.startswith(_ODS_SPREADSHEET):
            return ODS
        raise InputRefused(
            f"“{name}” is an OpenDocument file but not a spreadsheet (a text document or a "
            "presentation?), so there is nothing to import."
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
