"""The intake forms' inputs that check themselves as the person types: a line edit with its
message line, the phone field (formatted when the person leaves it), a multi-line text."""

from __future__ import annotations

from liaison_desk.validation import format_phone
from ui.intake.checks import Check, Validator, Verdict, check_phone, check_text
from ui.intake.common import describe
from ui.qt import (
    QFocusEvent,
    QLineEdit,
    QPlainTextEdit,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.fields import FieldMessage


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
