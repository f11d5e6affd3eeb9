"""A message across a form or dialog: an icon and the kind in words (never colour alone), the
text, optional buttons. One widget for the intake forms (``Banner``) and the action dialogs
(``Notice``); the colours come from the palette's tones, light or dark."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle, Qt
from ui.widgets.tones import tone


class BannerKind(Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    SUCCESS = "success"


# kind → (background tone, border tone, icon, the kind in words)
_STYLE = {
    "info": ("info", "info_edge", QStyle.StandardPixmap.SP_MessageBoxInformation, "Note"),
    "warning": ("warning", "warning_edge", QStyle.StandardPixmap.SP_MessageBoxWarning, "Warning"),
    "error": ("error_bg", "error", QStyle.StandardPixmap.SP_MessageBoxCritical, "Error"),
    "success": ("saved", "ok", QStyle.StandardPixmap.SP_DialogApplyButton, "Done"),
}


class Notice(QFrame):
    def __init__(self, kind: str | BannerKind = "info", text: str = "") -> None:
        super().__init__()
        self.setObjectName("notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(10)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.icon)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.text, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        layout.addLayout(self.buttons)
        self.kind = ""
        self.set_kind(kind)
        if not text:
            self.hide()

    def set_kind(self, kind: str | BannerKind) -> None:
        name = kind.value if isinstance(kind, BannerKind) else kind
        self.kind = name
        background, border, pixmap, word = _STYLE[name]
        self.setStyleSheet(
            f"QFrame#notice {{ background: {tone(background)}; border: 1px solid {tone(border)};"
            " border-radius: 4px; }"
            " QFrame#notice QLabel { background: transparent; border: none; }"
        )
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size + 4, size + 4))
        self.setAccessibleName(word)

    def say(self, text: str, kind: str | BannerKind | None = None) -> None:
        if kind is not None:
            self.set_kind(kind)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def add_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return button


class Banner(Notice):
    """The intake forms' name for a notice (info by default)."""
