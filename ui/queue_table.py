"""The queue table: its columns' widths, the time-left cells, and Enter to open an inquiry."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import Priority, Status, Track
from ui.qt import (
    QAbstractItemView,
    QFont,
    QFontMetrics,
    QFrame,
    QHeaderView,
    QModelIndex,
    QPalette,
    QPersistentModelIndex,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from ui.queue_columns import (
    COL_ASSIGNEE,
    COL_MCO,
    COL_NEXT_DUE,
    COL_PRIORITY,
    COL_RECEIVED,
    COL_REFERENCE,
    COL_STATUS,
    COL_SUBJECT,
    COL_TIME_LEFT,
    COL_TRACK,
)
from ui.queue_proxy import QueueProxyModel


class _TimeLeftDelegate(QStyledItemDelegate):
    """State colours are for the plain row; on the selection bar the text takes the
    selection's own colour (red on blue is unreadable), the icon still tells the state."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if option.state & QStyle.StateFlag.State_Selected:
            colour = option.palette.color(QPalette.ColorRole.HighlightedText)
            option.palette.setColor(QPalette.ColorRole.Text, colour)
            option.palette.setColor(QPalette.ColorRole.HighlightedText, colour)
        option.font.setWeight(QFont.Weight.DemiBold)


class QueueTable(QTableView):
    """The queue's rows: sortable, keyboard first; Shift/Ctrl-click or Ctrl+A select several
    for bulk work (the inquiry shown is the current row)."""

    activated_row = Signal(object)  # QueueRow (Enter or double-click)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueTable")
        self.setAccessibleName("Queue")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setIconSize(QSize(16, 16))
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(QFontMetrics(self.font()).height() + 12)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsMovable(True)
        hh.setStretchLastSection(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setSortIndicatorShown(True)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setMinimumSectionSize(40)
        self.doubleClicked.connect(self._activate)
        self.setItemDelegateForColumn(COL_TIME_LEFT, _TimeLeftDelegate(self))

    # The order people read a row in: what it is, how long is left, for whom, where it is.
    # The name comes third so that a 1024-pixel screen still shows whose item it is.
    DEFAULT_ORDER = (
        COL_REFERENCE,
        COL_TIME_LEFT,
        COL_SUBJECT,
        COL_PRIORITY,
        COL_STATUS,
        COL_TRACK,
        COL_MCO,
        COL_ASSIGNEE,
        COL_NEXT_DUE,
        COL_RECEIVED,
    )

    def apply_default_widths(self) -> None:
        fm = self.fontMetrics()
        hh = self.horizontalHeader()

        def w(*samples: str) -> int:
            return max(fm.horizontalAdvance(sample) for sample in samples) + 26

        widths = {
            COL_REFERENCE: w("000000-0000"),
            COL_TRACK: w(*(t.label for t in Track)),
            COL_PRIORITY: w(*(p.label for p in Priority)),
            COL_SUBJECT: w("Prairie Family Health Clinic"),
            COL_MCO: w("Wellpoint"),
            COL_STATUS: w(*(st.label for st in Status)),
            COL_ASSIGNEE: w("Karen Olson"),
            COL_RECEIVED: w("Wed 11/25 12:00 PM"),
            COL_NEXT_DUE: w("Wed 11/25 12:00 PM"),
            # Room for "overdue 10d 8h" and its icon; a longer "paused — resumes …" is
            # elided (its tooltip and the detail pane say it whole).
            COL_TIME_LEFT: w("overdue 10d 8h") + 30,
        }
        for col, width in widths.items():
            hh.resizeSection(col, width)
        for visual, logical in enumerate(self.DEFAULT_ORDER):
            hh.moveSection(hh.visualIndex(logical), visual)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.isValid():
                self._activate(index)
                return
        super().keyPressEvent(event)

    def _activate(self, index: QModelIndex) -> None:
        model = self.model()
        if isinstance(model, QueueProxyModel):
            row = model.row_at(index.row())
            if row is not None:
                self.activated_row.emit(row)
