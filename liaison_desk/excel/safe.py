"""Writing cells that can never run: text that looks like a formula stays text."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell

from ..errors import InputRefused

# Excel (and LibreOffice) treat a cell typed as =, +, - or @ as a formula; a tab or carriage
# return in front is an old trick to hide one. Such text is written as a string cell with
# the "quote prefix" flag, the same as typing an apostrophe in front of it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = {i: None for i in (*range(0, 9), 11, 12, *range(14, 32))}


def needs_quoting(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def clean_text(value: str) -> str:
    """Control characters an .xlsx cannot hold are dropped (openpyxl refuses them)."""
    if value.isprintable():
        return value
    return value.translate(_ILLEGAL)


def text_cell(ws: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=None)
    cell._value = clean_text(value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def set_text(cell: Any, value: str) -> None:
    """The same for a cell of an ordinary (not write-only) worksheet."""
    cell.value = None
    cell._value = clean_text(value)
    cell.data_type = "s"
    cell.quotePrefix = True


@contextmanager
def replacing(path: str | Path, prefix: str = ".workbook-") -> Iterator[Path]:
    """A temporary file beside ``path`` to write the workbook to; when the block ends, it
    replaces ``path`` in one step, so a failed or cancelled save leaves no half-written
    file. A folder that does not exist, or a file that cannot be written (often: open in
    Excel), is refused in one sentence."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputRefused(f"The folder “{folder}” does not exist.")
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".xlsx", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise InputRefused(
            f"“{target}” cannot be written ({exc.strerror or exc}); is it open in Excel?"
        ) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputRefused(f"“{target}” cannot be written: {exc.strerror or exc}.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
