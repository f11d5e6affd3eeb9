"""Text as people mean it: what a form, a workbook or a command line hands the services is
cleaned of NUL and the other control characters (PostgreSQL refuses NUL; the others garble
screens, letters and exports), keeping line breaks and tabs. (Excel's ``_x000D_`` escapes
are decoded by the workbook reader, which alone can tell them from the same text typed.)"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import TypeVar

_T = TypeVar("_T")

_CONTROLS = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def clean(text: str) -> str:
    """``text`` without control characters; a carriage return (alone or before a line feed)
    becomes a line feed."""
    if text.isprintable():
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)


def clean_or_none(text: str | None) -> str | None:
    return None if text is None else clean(text)


def clean_fields(data: _T) -> _T:
    """A copy of the dataclass ``data`` with every text field cleaned (lists of text too)."""
    changes: dict[str, object] = {}
    for f in fields(data):  # type: ignore[arg-type]
        value = getattr(data, f.name)
        if isinstance(value, str) and not value.isprintable():
            changes[f.name] = clean(value)
        elif isinstance(value, list) and any(isinstance(v, str) for v in value):
            changes[f.name] = [clean(v) if isinstance(v, str) else v for v in value]
    return replace(data, **changes) if changes else data  # type: ignore[type-var]
