"""Splitting a legacy "Updates" (or "Notes") cell into dated lines.

People wrote one line per event, each starting with a date in whatever form came to hand:
"11/24/25 - called MCO, no answer", "11/24: spoke with member", "2025-11-24 MCO called
back", "(11/24 2:15 PM) left VM". Lines without a leading date continue the line above;
text before the first dated line (or a cell with no dates at all) is kept as one note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .cell_dates import _parse_time_text
from .cell_values import CellError

_LINE = re.compile(
    r"""^\s*[-*•·>\[(]*\s*
    (?:
        (?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})
      | (?P<m>\d{1,2})[/.\-](?P<d>\d{1,2})(?:[/.\-](?P<y>\d{4}|\d{2})(?!\d))?
      | (?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+
        (?P<md>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<my>(?:19|20)\d{2}))?
    )
    (?:[\sT,@]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s*m?\.?)?|\d{1,2}\s*[ap]\.?m\.?))?
    \s*[)\]]?\s*(?:[-–—:|>,;]+\s*|\s+|$)
    (?P<text>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


@dataclass
class UpdateLine:
    day: date
    at_time: time | None
    text: str


def split_updates(text: str, received: date, today: date) -> tuple[list[UpdateLine], str]:
    """Dated lines (in the order written) and the undated text, for one cell."""
    dated: list[UpdateLine] = []
    undated: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        parsed = _dated(line, received, today)
        if parsed is not None:
            dated.append(parsed)
        elif dated:
            dated[-1].text = f"{dated[-1].text}\n{line}".strip()
        else:
            undated.append(line)
    return dated, "\n".join(undated)


def _dated(line: str, received: date, today: date) -> UpdateLine | None:
    m = _LINE.match(line)
    if not m:
        return None
    try:
        if m.group("iy"):
            day = date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        else:
            if m.group("mon"):  # "Dec 3 - letter mailed", "December 3, 2025: ..."
                month, dom, y = (
                    _MONTHS[m.group("mon")[:3].casefold()],
                    int(m.group("md")),
                    m.group("my"),
                )
            else:
                month, dom, y = int(m.group("m")), int(m.group("d")), m.group("y")
            if y:
                year = int(y)
                year = year + 2000 if year < 100 else year
                day = date(year, month, dom)
            else:
                # No year: the first such day on or after (about) the day it was received.
                day = date(received.year, month, dom)
                if day < received - timedelta(days=7):
                    day = date(received.year + 1, month, dom)
    except ValueError:
        return None
    if day > today or day.year < 1990:
        return None
    at_time: time | None = None
    if m.group("time"):
        try:
            at_time = _parse_time_text(m.group("time").strip(), line)
        except CellError:
            at_time = None
    body = m.group("text").strip()
    if not body:
        body = "(no text)"
    return UpdateLine(day, at_time, body)


def format_update(at: datetime, text: str) -> str:
    """One line of an exported Updates cell, in a form :func:`split_updates` reads back."""
    return f"{at:%m/%d/%Y} {at:%I:%M %p} - {text}"
