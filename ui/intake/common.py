"""What the intake forms share besides their inputs: the labels with a required marker,
accessible descriptions, radio pairs and the words for what is still missing."""

from __future__ import annotations

import re

from ui.qt import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    Qt,
    QWidget,
)
from ui.widgets.tones import tone


def plain(text: str) -> str:
    """A label's text without its mnemonic ampersand: ``&Member name`` → ``Member name``."""
    return re.sub(r"&(.)", r"\1", text)


class FieldLabel(QWidget):
    """A form label with its buddy (for the Alt+letter mnemonic) and, when required, an
    asterisk; the field itself gets "required" in its accessible description."""

    def __init__(self, text: str, buddy: QWidget | None, *, required: bool = False) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        self.required = required
        self.marker = QLabel("*" if required else "")
        self.marker.setObjectName("requiredMarker")
        self.marker.setStyleSheet(f"color: {tone('error')}; font-weight: bold;")
        self.marker.setToolTip("Required")
        self.marker.setAccessibleName("required")
        layout.addWidget(self.marker)
        layout.addStretch(1)
        self.name = plain(text)
        if buddy is not None:
            self.set_buddy(buddy, required=required)

    def set_required(self, required: bool) -> None:
        """Required or not as the admin's settings say (they arrive after the form)."""
        self.required = required
        self.marker.setText("*" if required else "")

    def set_buddy(self, buddy: QWidget, *, required: bool) -> None:
        self.label.setBuddy(buddy)
        buddy.setAccessibleName(self.name)
        if required:
            describe(buddy, "required")


def describe(widget: QWidget, *parts: str) -> None:
    """Set the accessible description from the non-empty parts."""
    widget.setAccessibleDescription(". ".join(p for p in parts if p))


def set_pair(
    group: QButtonGroup, first: QRadioButton, second: QRadioButton, value: bool | None
) -> None:
    """Check one of two radio buttons, or neither (which an exclusive group forbids)."""
    group.setExclusive(False)
    first.setChecked(value is True)
    second.setChecked(value is False)
    group.setExclusive(True)


def phrase_problems(missing: list[str], fix: list[str]) -> list[str]:
    """``["complete Member name, Description", "fix State ID"]`` for the Save status line."""
    parts = []
    if missing:
        parts.append("complete " + ", ".join(missing))
    if fix:
        parts.append("fix " + ", ".join(fix))
    return parts
