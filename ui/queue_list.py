"""The queue list on the left: each queue with its icon and live count (an alert badge for
Overdue and Follow-up due, the count in words for screen readers)."""

from __future__ import annotations

from typing import Any

from liaison_desk.services.queues import (
    QueueDef,
    QueueKey,
)
from ui.icons import icon, is_dark
from ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QApplication,
    QBrush,
    QColor,
    QFont,
    QFrame,
    QIcon,
    QItemSelectionModel,
    QListView,
    QModelIndex,
    QObject,
    QPainter,
    QPalette,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
    Signal,
)

_ROOT = QModelIndex()  # the invisible root, as a default argument

_QUEUE_ICONS = {
    QueueKey.MY_WORK: "queue-my-work",
    QueueKey.MEMBER: "queue-member",
    QueueKey.PROVIDER: "queue-provider",
    QueueKey.CALLBACKS: "queue-callbacks",
    QueueKey.PENDING_APPROVAL: "queue-pending",
    QueueKey.AWAITING_MCO: "queue-awaiting-mco",
    QueueKey.FOLLOW_UP: "queue-follow-up",
    QueueKey.OVERDUE: "queue-overdue",
    QueueKey.QC_VETTING: "queue-qc-vetting",
    QueueKey.STATE_MONITOR: "queue-state-monitor",
    QueueKey.OUTREACH: "queue-outreach",
    QueueKey.ALL_OPEN: "queue-all-open",
    QueueKey.RESOLVED: "queue-resolved",
}
# Queues whose count is a warning when it is not zero.
_ALERT_QUEUES = {QueueKey.OVERDUE, QueueKey.FOLLOW_UP}

COUNT_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11
NESTED_ROLE = Qt.ItemDataRole.UserRole + 12


# ============================================================================ queue list


class QueueListModel(QAbstractListModel):
    def __init__(self, queues: list[QueueDef], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queues = queues
        self.counts: dict[QueueKey, int | None] = dict.fromkeys((q.key for q in queues), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.queues)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        q = self.queues[index.row()]
        count = self.counts.get(q.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return q.label
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(_QUEUE_ICONS[q.key])
        if role == Qt.ItemDataRole.ToolTipRole:
            return q.description
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{q.label}: {count if count is not None else 'counting'} items"
        if role == COUNT_ROLE:
            return count
        if role == KEY_ROLE:
            return q.key
        if role == NESTED_ROLE:
            return q.nested
        return None

    def set_counts(self, counts: dict[QueueKey, int]) -> None:
        changed = False
        for key in self.counts:
            value = counts.get(key, 0)
            if self.counts[key] != value:
                self.counts[key] = value
                changed = True
        if changed and self.queues:
            self.dataChanged.emit(self.index(0), self.index(len(self.queues) - 1))

    def row_of(self, key: QueueKey) -> int:
        for i, q in enumerate(self.queues):
            if q.key == key:
                return i
        return -1


class QueueListDelegate(QStyledItemDelegate):
    """Queue name on the left, its count as a pill on the right; nested views indented."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        fm = option.fontMetrics
        extra = fm.horizontalAdvance("000,000") + 30
        return QSize(base.width() + extra, max(base.height(), fm.height() + 14))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(COUNT_ROLE)
        text = "…" if count is None else f"{count:,}"
        fm = option.fontMetrics
        pill_h = fm.height() + 2
        pill_w = max(fm.horizontalAdvance(text) + 14, pill_h + 4)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()

        # The row's background (selection, hover) across its whole width …
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        background.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
        # … then icon and name, indented when nested, stopping short of the pill.
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        indent = 18 if index.data(NESTED_ROLE) else 0
        item.rect = option.rect.adjusted(indent, 0, -(pill_w + 14), 0)
        item.backgroundBrush = QBrush()
        item.state = item.state & ~QStyle.StateFlag.State_MouseOver
        item.showDecorationSelected = False
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)

        key = index.data(KEY_ROLE)
        rect = QRect(
            option.rect.right() - pill_w - 8,
            option.rect.center().y() - pill_h // 2 + 1,
            pill_w,
            pill_h,
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        alert = key in _ALERT_QUEUES and bool(count)
        dark = is_dark(pal)
        if alert:
            bg = QColor("#E57373" if dark else "#C62828")
            fg = QColor("#1A1A1A" if dark else "#FFFFFF")
        elif selected:
            fg = pal.color(QPalette.ColorRole.HighlightedText)
            bg = QColor(fg)
            bg.setAlpha(56)
        else:
            fg = pal.color(QPalette.ColorRole.Text)
            bg = QColor(fg)
            bg.setAlpha(24)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, pill_h / 2, pill_h / 2)
        font = QFont(option.font)
        font.setBold(alert)
        painter.setFont(font)
        painter.setPen(fg)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class QueueList(QListView):
    """The queues, each with a live count. Ctrl+1 … Ctrl+9 choose them from anywhere."""

    queueChosen = Signal(object)  # QueueKey

    def __init__(self, queues: list[QueueDef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueList")
        self.setAccessibleName("Queues")
        self.list_model = QueueListModel(queues, self)
        self.setModel(self.list_model)
        self.setItemDelegate(QueueListDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setIconSize(QSize(16, 16))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.selectionModel().currentChanged.connect(self._current_changed)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.queueChosen.emit(QueueKey(current.data(KEY_ROLE)))

    def current_key(self) -> QueueKey | None:
        index = self.currentIndex()
        return QueueKey(index.data(KEY_ROLE)) if index.isValid() else None

    def choose(self, key: QueueKey) -> bool:
        row = self.list_model.row_of(key)
        if row < 0:
            return False
        self.selectionModel().setCurrentIndex(
            self.list_model.index(row),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )
        return True

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        width = max(fm.horizontalAdvance(q.label) for q in self.list_model.queues)
        return QSize(width + fm.horizontalAdvance("000000") + 90, 400)


# ============================================================================ filter bar
