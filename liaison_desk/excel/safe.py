"""Writing cells that can never run: text that looks like a formula stays text."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell

from ..saving import replacing

__all__ = ["FORMULA_STARTS", "clean_text", "needs_quoting", "replacing", "set_text", "text_cell"]

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
