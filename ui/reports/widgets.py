"""Small pieces the report tabs share: a bar chart drawn with the palette and figure tiles
(the read-only tables are ui.widgets.tables).

State never rests on colour: every bar carries its number in words, every tile its label,
and figures that fall short of a goal say so ("below the 95 % goal").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.icons import state_icon
from ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPalette,
    QRect,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


class BarChart(QWidget):
    """Horizontal bars, one per label, each with its value written at its end. A click on a
    bar, or Up/Down then Enter, opens it (``barActivated``)."""

    barActivated = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, float, str]] = []
        self.current = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title)

    def set_bars(self, bars: Sequence[tuple[str, float, str]]) -> None:
        """(label, value, the value as shown) for each bar, top to bottom."""
        self.bars = list(bars)
        self.setAccessibleDescription("; ".join(f"{label}: {shown}" for label, _v, shown in bars))
        self.setToolTip("\n".join(f"{label}: {shown}" for label, _v, shown in bars))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 10

    def bar_at(self, y: float) -> int | None:
        index = int(y // self._row_height()) - (1 if self.title else 0)
        return index if 0 <= index < len(self.bars) else None

    def mousePressEvent(self, event: Any) -> None:
        index = self.bar_at(event.position().y())
        if index is not None:
            self.current = index
            self.update()
            self.barActivated.emit(index)

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.bars:
            step = -1 if key == Qt.Key.Key_Up else 1
            self.current = max(0, min(len(self.bars) - 1, self.current + step))
            self.setAccessibleDescription(
                f"{self.bars[self.current][0]}: {self.bars[self.current][2]}"
            )
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.bars:
            self.barActivated.emit(self.current)
        else:
            super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        rows = len(self.bars) + (1 if self.title else 0)
        return QSize(360, self._row_height() * rows + 12)

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        bar = pal.color(QPalette.ColorRole.Highlight)
        track = QColor(text)
        track.setAlphaF(0.08)
        fm = QFontMetrics(self.font())
        row = self._row_height()
        first = 0
        if self.title:
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRect(0, 0, self.width(), row), Qt.AlignmentFlag.AlignVCenter, self.title)
            p.setFont(self.font())
            first = 1
        label_w = max((fm.horizontalAdvance(b[0]) for b in self.bars), default=0) + 12
        value_w = max((fm.horizontalAdvance(b[2]) for b in self.bars), default=0) + 10
        area = max(self.width() - label_w - value_w, 20)
        top = max((v for _l, v, _s in self.bars), default=0) or 1
        for i, (label, value, shown) in enumerate(self.bars):
            y = row * (i + first)
            p.setPen(text)
            p.drawText(QRect(0, y, label_w - 8, row), Qt.AlignmentFlag.AlignVCenter
                       | Qt.AlignmentFlag.AlignRight, label)  # fmt: skip
            p.fillRect(QRect(label_w, y + 4, area, row - 8), track)
            width = round(area * value / top)
            if width:
                p.fillRect(QRect(label_w, y + 4, width, row - 8), bar)
            p.drawText(QRect(label_w + width + 6, y, value_w, row), Qt.AlignmentFlag.AlignVCenter,
                       shown)  # fmt: skip
            if self.hasFocus() and i == self.current:  # where Enter goes: a focus frame
                p.setPen(pal.color(QPalette.ColorRole.Highlight))
                p.drawRect(QRect(1, y + 1, self.width() - 2, row - 2))
        p.end()


class Tile(QFrame):
    """One figure with its label, and an icon of the state's shape when it has one. A click,
    or Enter when it has the focus, opens its list (``clicked``)."""

    clicked = Signal()

    def __init__(self, label: str, state: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportTile")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(label)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 10)
        head = QHBoxLayout()
        if state:
            icon = QLabel(self)
            size = self.style().pixelMetric(self.style().PixelMetric.PM_SmallIconSize)
            icon.setPixmap(state_icon(state).pixmap(size, size))
            head.addWidget(icon)
        self.caption = QLabel(label, self)
        head.addWidget(self.caption, 1)
        box.addLayout(head)
        self.value = QLabel("–", self)
        self.value.setObjectName("tileValue")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        box.addWidget(self.value)
        self.detail = QLabel("", self)
        self.detail.setWordWrap(True)
        box.addWidget(self.detail)

    def mousePressEvent(self, _event: Any) -> None:
        self.clicked.emit()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
        else:
            super().keyPressEvent(event)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self.caption.text()}: {value}. {detail}".strip())


def percent_text(value: float | None, goal: float | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f} %"
    if goal is not None and value < goal:
        text += " (below goal)"
    return text
