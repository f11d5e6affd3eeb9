"""Inputs of the action dialogs: a multi-line text where Tab moves on, a group of radio
buttons for one choice (arrows between them), and a read-only summary grid."""

from __future__ import annotations

from typing import Any

from ui.qt import (
    QAbstractButton,
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.basics import (
    hint_label,
)
from ui.widgets.tones import tone


class TextBox(QPlainTextEdit):
    """A multi-line text field where Tab moves on (as in every other field)."""

    def __init__(self, placeholder: str = "", lines: int = 4) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


def info_grid(rows: list[tuple[str, str]]) -> QWidget:
    """A read-only summary (label: value) with selectable values."""
    box = QFrame()
    box.setObjectName("infoGrid")
    box.setStyleSheet(
        f"QFrame#infoGrid {{ background: #f6f8fa; border: 1px solid {tone('border')};"
        " border-radius: 4px; }"
    )
    form = QFormLayout(box)
    form.setContentsMargins(12, 10, 12, 10)
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(4)
    for name, value in rows:
        if not value:
            continue
        key = QLabel(name)
        key.setStyleSheet(f"color: {tone('hint')};")
        shown = QLabel(value)
        shown.setWordWrap(True)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(key, shown)
    return box


class ChoiceGroup(QWidget):
    """Radio buttons for one choice; keyboard: Tab into the group, arrows between options.

    ``columns`` lays the options out in a grid of that many columns (a long row of radio
    buttons gets cut off in a narrow dialog)."""

    changed = Signal(object)

    def __init__(
        self,
        options: list[tuple[str, Any]],
        *,
        horizontal: bool = False,
        columns: int = 0,
        descriptions: dict[Any, str] | None = None,
    ) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[Any, QRadioButton] = {}
        grid: QGridLayout | None = None
        layout: QHBoxLayout | QVBoxLayout | None = None
        if columns:
            grid = QGridLayout(self)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(18)
            grid.setVerticalSpacing(6)
        else:
            layout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(14 if horizontal else 4)
        for index, (text, value) in enumerate(options):
            button = QRadioButton(text)
            desc = (descriptions or {}).get(value)
            if desc:
                button.setToolTip(desc)
                button.setAccessibleDescription(desc)
            self.group.addButton(button)
            self.buttons[value] = button
            if grid is not None:
                grid.addWidget(button, index // columns, index % columns)
                continue
            assert layout is not None
            layout.addWidget(button)
            if desc and not horizontal:
                note = hint_label(desc)
                note.setContentsMargins(24, 0, 0, 4)
                layout.addWidget(note)
        if grid is not None:
            grid.setColumnStretch(columns, 1)
        elif horizontal and layout is not None:
            layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        first = next(iter(self.buttons.values()), None)
        if first is not None:
            self.setFocusProxy(first)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.changed.emit(self.value())

    def value(self) -> Any:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: Any) -> None:
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)
            self.setFocusProxy(button)
