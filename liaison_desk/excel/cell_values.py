"""A cell as text: what counts as empty, the text shown for any value, and the one error a
cell parser raises."""

from __future__ import annotations

from datetime import date, datetime, time

from ..text_clean import clean

WINDOWS_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - Excel serials are wall-clock
MAC_EPOCH = datetime(1904, 1, 1)  # noqa: DTZ001

# What people write in a cell that means "nothing here".
NULL_TOKENS = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "#n/a",
        "n/a",
        "na",
        "n.a.",
        "none",
        "null",
        "nil",
        "tbd",
        "?",
        ".",
        "x/x",
    }
)


class CellError(ValueError):
    """This cell cannot be read; the message says why, in the person's words."""


def shown(value: object) -> str:
    """The value as the person sees it in the cell, for messages."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return f"{value:%m/%d/%Y}"
        return f"{value:%m/%d/%Y %I:%M %p}"
    if isinstance(value, date):
        return f"{value:%m/%d/%Y}"
    if isinstance(value, time):
        return f"{value:%I:%M %p}"
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "…"


def text_value(value: object) -> str:
    """A text cell, tidied: spaces trimmed, numbers without a trailing ``.0``."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not value.isprintable():
            value = clean(value)
        return value.strip()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime | date | time):
        return shown(value)
    return str(value).strip()


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().casefold() in NULL_TOKENS
    return False
