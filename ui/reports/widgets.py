"""Small pieces the report tabs share: a bar chart drawn with the palette, figure tiles, and
read-only tables with numbers that sort as numbers.

State never rests on colour: every bar carries its number in words, every tile its label,
and figures that fall short of a goal say so ("below the 95 % goal").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.icons import state_icon
from ui.qt import (
    QAbstractItemView,
    QColor,
    QFont,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPainter,
    QPalette,
    QRect,
    QSize,
    QSizePolicy,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class BarChart(QWidget):
    """Horizontal bars, one per label, each with its value written at its end."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, float, str]] = []
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
        p.end()


class Tile(QFrame):
    """One figure with its label, and an icon of the state's shape when it has one."""

    def __init__(self, label: str, state: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reportTile")
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

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(f"{self.caption.text()}: {value}. {detail}".strip())


class _Item(QTableWidgetItem):
    """Sorts by its value (numbers as numbers, empty last), shows its text."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.key, getattr(other, "key", other.text())
        if mine is None or theirs is None:
            return theirs is None and mine is not None
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def cell(value: Any, shown: str | None = None) -> QTableWidgetItem:
    if value is None:
        item = _Item(shown or "", None)
    elif isinstance(value, bool):
        item = _Item(shown or ("Yes" if value else "No"), value)
    elif isinstance(value, int | float):
        item = _Item(shown if shown is not None else f"{value:,}", value)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    else:
        item = _Item(shown if shown is not None else str(value), str(value).casefold())
    return item


def table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
    view = QTableWidget(0, len(headers), parent)
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(list(headers))
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setAccessibleName(name)
    return view


def fill(view: QTableWidget, rows: Sequence[Sequence[QTableWidgetItem]]) -> None:
    """Rows in the order given (the service's: most overdue first, and so on); a click on a
    header sorts by that column."""
    view.setSortingEnabled(False)
    view.setRowCount(len(rows))
    for r, items in enumerate(rows):
        for c, item in enumerate(items):
            view.setItem(r, c, item)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)


def percent_text(value: float | None, goal: float | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f} %"
    if goal is not None and value < goal:
        text += " (below goal)"
    return text


def not_saved(exc: BaseException) -> str:
    """Why a save failed, in the person's words (field problems listed, no traceback)."""
    from liaison_desk.errors import DomainError, ValidationError

    if isinstance(exc, ValidationError):
        return "Not saved: " + "; ".join(exc.problems.values())
    if isinstance(exc, DomainError):
        return f"Not saved: {exc}"
    return f"Not saved: {type(exc).__name__}: {exc}"
