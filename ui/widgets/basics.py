"""The smallest shared pieces of the client's dialogs: the palette's tones, a hint line,
buttons that never take Enter, and a phone number or a time in the desk's own words."""

from __future__ import annotations

from datetime import datetime

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.milestones import format_when
from liaison_desk.validation import format_phone
from ui.qt import QLabel, QPushButton

NAVY = "#1f3a5f"
ERROR_COLOR = "#a4262c"
OK_COLOR = "#1e6b35"
WARN_COLOR = "#8a5a00"
HINT_COLOR = "#5a5f66"
RULE_COLOR = "#d0d7de"


def phone_text(e164: str | None) -> str:
    return format_phone(e164) if e164 else ""


def when_text(dt: datetime | None, calendar: BusinessCalendar) -> str:
    """ "Mon Nov 23, 1:00 PM" (empty for no time)."""
    return format_when(dt, calendar) if dt is not None else ""


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOR};")
    return label


def no_default(*buttons: QPushButton) -> None:
    for button in buttons:
        button.setAutoDefault(False)
        button.setDefault(False)
