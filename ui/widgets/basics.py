"""The smallest shared pieces of the client's dialogs: a hint line, a section title, buttons
that never take Enter, and a phone number or a time in the desk's own words."""

from __future__ import annotations

from datetime import datetime

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.milestones import format_when
from liaison_desk.validation import format_phone
from ui.qt import QAbstractButton, QFont, QLabel, QLayout, QPushButton
from ui.widgets.tones import tone


def phone_text(e164: str | None) -> str:
    return format_phone(e164) if e164 else ""


def when_text(dt: datetime | None, calendar: BusinessCalendar) -> str:
    """ "Mon Nov 23, 1:00 PM" (empty for no time)."""
    return format_when(dt, calendar) if dt is not None else ""


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {tone('hint')};")
    return label


def section_title(text: str) -> QLabel:
    """The bold heading of a part of a form."""
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.08)
    label.setFont(font)
    return label


def no_default(*buttons: QAbstractButton) -> None:
    """Enter in a line edit must not press a button: saving is a deliberate Ctrl+Enter."""
    for button in buttons:
        if isinstance(button, QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)


def clear_layout(layout: QLayout) -> None:
    """Take every widget (and nested layout) out of ``layout`` and delete it: a list that is
    filled again from new data."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif (inner := item.layout()) is not None:
            clear_layout(inner)
