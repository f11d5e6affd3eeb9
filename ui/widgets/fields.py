"""A field and the line under it: a hint in grey, a confirmation, or what is wrong — always
in words with a symbol, never colour alone. One message line for every form of the client,
and :class:`Field`, any input widget with its message line."""

from __future__ import annotations

from typing import Any

from ui.qt import QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from ui.widgets.tones import tone

ERROR_MARK = "⚠"


class FieldMessage(QLabel):
    """The line under a field. ``hint`` is what it says when nothing is wrong (may be empty:
    then the line is hidden until there is something to say)."""

    def __init__(self, hint: str = "") -> None:
        super().__init__()
        self.setObjectName("fieldMessage")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        self.setFont(font)
        self.hint = hint
        self.has_error = False
        self.show_hint()

    def show_hint(self, text: str | None = None) -> None:
        """Show the hint (``text`` becomes the field's hint from now on)."""
        if text is not None:
            self.hint = text
        self._show(self.hint, tone("hint"), error=False)

    def show_ok(self, text: str) -> None:
        self._show(text, tone("ok"), error=False)

    def show_error(self, text: str) -> None:
        self._show(f"{ERROR_MARK} {text}", tone("error"), error=True)

    def clear_message(self) -> None:
        """Nothing wrong (any more): back to the hint, or hidden without one."""
        self.show_hint()

    def _show(self, text: str, color: str, *, error: bool) -> None:
        self.has_error = error
        weight = " font-weight: 600;" if error else ""
        self.setStyleSheet(f"color: {color};{weight}")
        self.setText(text)
        self.setVisible(bool(text))


class Field(QWidget):
    """An input widget (``inner``, which takes the focus) with its message line, and an
    optional widget beside it. Each signal in ``clears_on`` clears a shown error: the person
    is fixing it."""

    def __init__(
        self,
        inner: QWidget,
        hint: str = "",
        *,
        extra: QWidget | None = None,
        clears_on: tuple[Any, ...] = (),
    ) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        if extra is None:
            layout.addWidget(inner)
        else:
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(inner, 1)
            row.addWidget(extra)
            layout.addLayout(row)
        self.inner = inner
        self.message = FieldMessage(hint)
        layout.addWidget(self.message)
        self.setFocusProxy(inner)
        for signal in clears_on:
            signal.connect(self.clear_error)

    def set_error(self, message: str) -> None:
        self.message.show_error(message)
        self.inner.setAccessibleDescription(f"Error: {message}")

    def clear_error(self, *_args: object) -> None:
        self.message.clear_message()
        self.inner.setAccessibleDescription(self.message.hint)
