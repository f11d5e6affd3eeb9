"""The live deadline preview of the intake forms: which clocks the inquiry will start and
when they fall due, worked out by the core as the person fills in the form."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.services.deadline_preview import Deadline, format_when
from ui.qt import (
    QFont,
    QFrame,
    QLabel,
    Qt,
    QVBoxLayout,
)
from ui.widgets.tones import tone


class DeadlinePreview(QFrame):
    """The clocks the inquiry will start, worked out live from the policies in force."""

    def __init__(self, calendar: BusinessCalendar, title: str = "") -> None:
        super().__init__()
        self.setObjectName("deadlinePreview")
        self._calendar = calendar
        self.setStyleSheet(
            f"QFrame#deadlinePreview {{ background: {tone('panel')};"
            f" border: 1px solid {tone('border')}; border-radius: 4px; }}"
            " QFrame#deadlinePreview QLabel { background: transparent; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(4)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.title.setVisible(bool(title))
        layout.addWidget(self.title)
        self._lines_box = QVBoxLayout()
        self._lines_box.setSpacing(3)
        layout.addLayout(self._lines_box)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {tone('hint')};")
        layout.addWidget(self.note)
        self._labels: list[QLabel] = []
        self._rich: list[str] = []
        self._texts: list[str] = []
        self.setAccessibleName("Deadlines")

    def lines(self) -> list[str]:
        """The deadline lines as plain text."""
        return list(self._texts)

    def show_placeholder(self, text: str) -> None:
        self._rich = []
        self._set_lines([], text)

    def show_deadlines(
        self, items: list[Deadline], received: datetime, note: str = "", later: Sequence[str] = ()
    ) -> None:
        notes = [note] if note else []
        if later:
            notes.append("When referred to the MCO: " + "; ".join(later) + ".")
        deemed = self._calendar.next_open(received)
        if deemed != received.astimezone(deemed.tzinfo):
            notes.append(
                "Received outside business hours: the clocks start at "
                f"{format_when(deemed, self._calendar)}."
            )
        texts = []
        tips = []
        self._rich = []
        for item in items:
            texts.append(item.text(self._calendar))
            when = format_when(item.due, self._calendar)
            reminder = ""
            if item.warn is not None:
                at = format_when(item.warn, self._calendar)
                reminder = (
                    f"<br><span style='color:{tone('hint')}'>Reminder {html.escape(at)}</span>"
                )
            self._rich.append(
                f"{html.escape(item.label)} by <b>{html.escape(when)}</b>"
                f" — {html.escape(item.amount_text)}{reminder}"
            )
            tip = item.description
            if item.warn is not None:
                tip += f"\nReminder at {format_when(item.warn, self._calendar)}."
            tips.append(tip)
        self._set_lines(texts, "\n".join(notes), tips)

    def _set_lines(self, texts: list[str], note: str, tips: list[str] | None = None) -> None:
        while len(self._labels) < len(texts):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._lines_box.addWidget(label)
            self._labels.append(label)
        for i, label in enumerate(self._labels):
            if i < len(texts):
                label.setText(self._rich[i])
                label.setAccessibleName(texts[i])
                label.setToolTip((tips or [""] * len(texts))[i])
                label.show()
            else:
                label.hide()
        self._texts = list(texts)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setAccessibleDescription(" ".join([*texts, note]))
