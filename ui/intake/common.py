"""Field widgets shared by the intake forms: labels with a required marker, line edits that
check themselves as the person types, the phone field, banners, the received time and the
live deadline preview."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.errors import ValidationError
from liaison_desk.milestones import clock_text
from liaison_desk.services.deadline_preview import Deadline, format_when
from liaison_desk.validation import format_phone, normalize_npi, normalize_phone, normalize_state_id
from ui.qt import (
    QButtonGroup,
    QFocusEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.fields import FieldMessage
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

    def set_buddy(self, buddy: QWidget, *, required: bool) -> None:
        self.label.setBuddy(buddy)
        buddy.setAccessibleName(self.name)
        if required:
            describe(buddy, "required")


def describe(widget: QWidget, *parts: str) -> None:
    """Set the accessible description from the non-empty parts."""
    widget.setAccessibleDescription(". ".join(p for p in parts if p))


class Check(Enum):
    EMPTY = "empty"
    PARTIAL = "partial"  # still being typed: said only once the person leaves the field
    ERROR = "error"  # wrong however it continues: said at once
    OK = "ok"


@dataclass(frozen=True)
class Verdict:
    check: Check
    message: str = ""
    value: str = ""  # the normalised value when OK


Validator = Callable[[str], Verdict]


def _problem(exc: ValidationError) -> str:
    return next(iter(exc.problems.values()), str(exc))


def check_npi(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    digits = raw.replace(" ", "").replace("-", "")
    if not digits.isdigit():
        return Verdict(Check.ERROR, "An NPI has digits only.")
    if len(digits) < 10:
        return Verdict(
            Check.PARTIAL, f"The NPI has {len(digits)} digits so far; an NPI has exactly 10."
        )
    try:
        value = normalize_npi(raw)
    except ValidationError as exc:
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "✓ Valid NPI (the check digit matches).", value)


_STATE_ID_SO_FAR = re.compile(r"^\d{0,7}$")


def check_state_id(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    try:
        value = normalize_state_id(raw)
    except ValidationError as exc:
        if _STATE_ID_SO_FAR.match(raw):
            return Verdict(Check.PARTIAL, "A state ID is 7 digits and a letter, like 1234567A.")
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "", value)


_PHONE_CHARS = re.compile(r"^[\d\s().+\-]*$")


def check_phone(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    try:
        value = normalize_phone(raw)
    except ValidationError as exc:
        digits = re.sub(r"\D", "", raw)
        if _PHONE_CHARS.match(raw) and len(digits.removeprefix("1")) < 10:
            return Verdict(Check.PARTIAL, "A phone number has 10 digits with the area code.")
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "", value)


def check_text(text: str) -> Verdict:
    value = text.strip()
    return Verdict(Check.OK, "", value) if value else Verdict(Check.EMPTY)


class ValidatedLineEdit(QWidget):
    """A line edit with its message line, checked on every keystroke.

    A clear mistake (a letter in an NPI, a 10-digit NPI whose check digit fails) is reported
    at once; an entry that is merely unfinished is reported only when the person leaves the
    field, so nobody is scolded for the third digit of ten.
    """

    changed = Signal()

    def __init__(
        self,
        name: str,
        validator: Validator = check_text,
        *,
        required: bool = False,
        placeholder: str = "",
        hint: str = "",
        upper: bool = False,
        max_length: int = 200,
        width_chars: int | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.required = required
        self._validator = validator
        self._hint = hint
        self._upper = upper
        self._touched = False
        self._external: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.edit = _LineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(max_length)
        if width_chars:
            # Short codes get short boxes: the width itself hints at what belongs there.
            sample = "0" * width_chars
            self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(sample) + 24)
            layout.addWidget(self.edit, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.addWidget(self.edit)
        self.message = FieldMessage()
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text_changed)
        # Not editingFinished: since Qt 6 it is not emitted when the text did not change, and
        # a required field entered and left empty must say so.
        self.edit.focus_lost.connect(self._on_editing_finished)
        self.edit.returnPressed.connect(self._on_editing_finished)
        self._verdict = validator("")
        self._refresh()

    # --- value -------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def verdict(self) -> Verdict:
        return self._verdict

    def value(self) -> str:
        """The normalised value, or the stripped text when not (yet) valid."""
        v = self._verdict
        return v.value if v.check is Check.OK else self.edit.text().strip()

    def is_valid(self) -> bool:
        if self._external:
            return True  # the server's word stands until the person edits; Save retries
        check = self._verdict.check
        return check is Check.OK or (check is Check.EMPTY and not self.required)

    def problem(self) -> str:
        """Why the field is not valid yet, for the list beside the Save button."""
        if self._verdict.check is Check.EMPTY:
            return f"{self.name} is required."
        return self._verdict.message or f"{self.name} is not valid."

    # --- messages ----------------------------------------------------------------------
    def set_error(self, message: str) -> None:
        """A problem reported by the service on save; cleared by the next edit."""
        self._external = message
        self._touched = True
        self._refresh()

    def touch(self) -> None:
        self._touched = True
        self._refresh()

    def reset(self) -> None:
        self._touched = False
        self._external = None
        self.edit.clear()
        self._refresh()

    def _on_text_changed(self, text: str) -> None:
        if self._upper and text != text.upper():
            pos = self.edit.cursorPosition()
            self.edit.blockSignals(True)
            self.edit.setText(text.upper())
            self.edit.setCursorPosition(pos)
            self.edit.blockSignals(False)
            text = text.upper()
        self._external = None
        self._verdict = self._validator(text)
        self._refresh()
        self.changed.emit()

    def _on_editing_finished(self) -> None:
        self._touched = True
        self.finish()
        self._refresh()

    def finish(self) -> None:
        """What to do when the person leaves the field (the phone field reformats)."""

    def _refresh(self) -> None:
        v = self._verdict
        error = ""
        if self._external:
            error = self._external
        elif v.check is Check.ERROR or (v.check is Check.PARTIAL and self._touched):
            error = v.message
        elif v.check is Check.EMPTY and self.required and self._touched:
            error = f"{self.name} is required."
        if error:
            self.message.show_error(error)
        elif v.check is Check.OK and v.message:
            self.message.show_ok(v.message)
        elif self._hint:
            self.message.show_hint(self._hint)
        else:
            self.message.clear_message()
        describe(
            self.edit,
            "required" if self.required else "optional",
            self._hint,
            f"Error: {error}" if error else "",
        )


class PhoneEdit(ValidatedLineEdit):
    """A US phone number, shown as (515) 555-0142 once the person leaves the field."""

    def __init__(self, name: str, *, required: bool = True) -> None:
        super().__init__(
            name,
            check_phone,
            required=required,
            placeholder="(515) 555-0142",
            max_length=40,
        )

    def set_text(self, text: str) -> None:
        super().set_text(text)
        self.finish()

    def finish(self) -> None:
        v = self.verdict()
        if v.check is Check.OK:
            shown = format_phone(v.value)
            if shown != self.edit.text():
                self.edit.setText(shown)


class TextArea(QWidget):
    """A multi-line field with a message line; Tab moves on rather than typing a tab."""

    changed = Signal()

    def __init__(
        self, name: str, *, required: bool = False, placeholder: str = "", lines: int = 4
    ) -> None:
        super().__init__()
        self.name = name
        self.required = required
        self._touched = False
        self._external: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.edit = _PlainText()
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText(placeholder)
        metrics = self.edit.fontMetrics()
        self.edit.setMinimumHeight(metrics.lineSpacing() * lines + 14)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.edit)
        self.message = FieldMessage()
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_changed)
        self.edit.focus_lost.connect(self.touch)
        self._refresh()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def value(self) -> str:
        return self.text().strip()

    def is_valid(self) -> bool:
        return bool(self._external) or bool(self.value()) or not self.required

    def problem(self) -> str:
        return f"{self.name} is required."

    def set_error(self, message: str) -> None:
        self._external = message
        self._touched = True
        self._refresh()

    def touch(self) -> None:
        self._touched = True
        self._refresh()

    def reset(self) -> None:
        self._touched = False
        self._external = None
        self.edit.clear()
        self._refresh()

    def _on_changed(self) -> None:
        self._external = None
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        error = self._external or ""
        if not error and self.required and self._touched and not self.value():
            error = f"{self.name} is required."
        if error:
            self.message.show_error(error)
        else:
            self.message.clear_message()
        describe(
            self.edit,
            "required" if self.required else "optional",
            f"Error: {error}" if error else "",
        )


class _LineEdit(QLineEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class _PlainText(QPlainTextEdit):
    focus_lost = Signal()

    def sizeHint(self) -> QSize:
        # Qt's default asks for ~190 px whatever the content; ask for the lines we set.
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.focus_lost.emit()


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


def short_time(dt: datetime, calendar: BusinessCalendar) -> str:
    return clock_text(dt.astimezone(calendar.timezone))


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
