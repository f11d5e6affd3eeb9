"""The frame every dialog of the client shares: a header band naming what the dialog works on,
and a footer with the status line, the keys that work, and the buttons (Cancel, then the main
action). Built once here so every dialog looks and answers the same."""

from __future__ import annotations

from collections.abc import Callable

from ui.qt import QFont, QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, Qt, QVBoxLayout
from ui.widgets.tones import tone


class DialogHeader(QFrame):
    """The band across the top: a title and one line saying which inquiry (or what) it is."""

    def __init__(self, title: str, subtitle: str = " ", *, scale: float = 1.35) -> None:
        super().__init__()
        self.setObjectName("dialogHeader")
        self.setStyleSheet(
            f"QFrame#dialogHeader {{ background: {tone('header')}; }}"
            " QFrame#dialogHeader QLabel { color: white; background: transparent; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 12)
        layout.setSpacing(2)
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.subtitle)

    def say(self, title: str | None = None, subtitle: str | None = None) -> None:
        if title is not None:
            self.title.setText(title)
        if subtitle is not None:
            self.subtitle.setText(subtitle)


class DialogFooter(QFrame):
    """The band across the bottom: status on the left, then extra buttons, the keys hint and
    the dialog's own buttons, none of them a default button (Enter never saves by accident)."""

    def __init__(self, keys: str = "") -> None:
        super().__init__()
        self.setObjectName("dialogFooter")
        self.setStyleSheet(
            f"QFrame#dialogFooter {{ background: {tone('panel')};"
            f" border-top: 1px solid {tone('border')}; }}"
            " QFrame#dialogFooter QLabel { background: transparent; }"
        )
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(20, 10, 20, 10)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {tone('hint')};")
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.row.addWidget(self.status, 1)
        self.extra_buttons = QHBoxLayout()
        self.row.addLayout(self.extra_buttons)
        self.keys_hint = QLabel(keys)
        self.keys_hint.setObjectName("keysHint")
        self.keys_hint.setStyleSheet(f"color: {tone('hint')};")
        self.keys_hint.setVisible(bool(keys))
        self.row.addWidget(self.keys_hint)

    def add_button(
        self, text: str, slot: Callable[[], object], *, name: str = "", tip: str = ""
    ) -> QPushButton:
        button = QPushButton(text)
        if name:
            button.setObjectName(name)
        if tip:
            button.setToolTip(tip)
        button.setAutoDefault(False)
        button.setDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        self.row.addWidget(button)
        return button
