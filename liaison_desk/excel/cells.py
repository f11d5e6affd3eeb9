"""Reading one cell of a legacy log: dates, times, IDs, priorities and statuses in the many
ways people typed them.

Every parser takes the raw cell value (whatever openpyxl handed back: ``str``, ``int``,
``float``, ``datetime``, ``date``, ``time``, ``bool`` or ``None``) and either returns the
value or raises :class:`CellError` with a sentence the person can act on.

:mod:`.cell_values` (text and emptiness), :mod:`.cell_dates` and :mod:`.cell_words` hold the
parsers; this module names them all.
"""

from __future__ import annotations

from .cell_dates import parse_datetime, parse_time
from .cell_values import (
    MAC_EPOCH,
    NULL_TOKENS,
    WINDOWS_EPOCH,
    CellError,
    is_blank,
    shown,
    text_value,
)
from .cell_words import parse_flag_or_date, parse_priority, parse_reference, parse_status

__all__ = [
    "MAC_EPOCH",
    "NULL_TOKENS",
    "WINDOWS_EPOCH",
    "CellError",
    "is_blank",
    "parse_datetime",
    "parse_flag_or_date",
    "parse_priority",
    "parse_reference",
    "parse_status",
    "parse_time",
    "shown",
    "text_value",
]
