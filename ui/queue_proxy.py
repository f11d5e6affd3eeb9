"""Filtering the queue table as the person types (the open queues are filtered in memory; the
resolved queue asks the database) and sorting by the column's own key."""

from __future__ import annotations

from liaison_desk.services.queues import QueueFilter, QueueRow
from ui.qt import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from ui.queue_columns import ID_ROLE, ROW_ROLE, TICK_ROLES
from ui.queue_model import QueueModel


class QueueProxyModel(QSortFilterProxyModel):
    """Filters rows with a :class:`QueueFilter`; sorting is the source model's (typed keys)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueProxy")
        self._filter = QueueFilter()
        self._active = False
        self._source: QueueModel | None = None
        # The sort and filter roles are never in a tick's dataChanged (see TICK_ROLES).
        self.setSortRole(ROW_ROLE)
        self.setFilterRole(ID_ROLE)
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, QueueModel)
        self._source = model
        super().setSourceModel(model)

    @property
    def queue_filter(self) -> QueueFilter:
        return self._filter

    def set_filter(self, filt: QueueFilter) -> None:
        if filt == self._filter:
            return
        self.beginFilterChange()
        self._filter = filt
        self._active = not filt.is_empty
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self._active or self._source is None:
            return True
        return self._filter.matches(self._source.rows[source_row])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None:
            self._source.sort_rows(column, order == Qt.SortOrder.DescendingOrder)

    def row_at(self, proxy_row: int) -> QueueRow | None:
        if self._source is None:
            return None
        source = self.mapToSource(self.index(proxy_row, 0))
        return self._source.row_at(source.row()) if source.isValid() else None

    def proxy_row_of(self, inquiry_id: int) -> int:
        if self._source is None:
            return -1
        source_row = self._source.row_of(inquiry_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(self._source.index(source_row, 0)).row()

    def refresh_cells(self, first: int, last: int, column: int) -> None:
        """Repaint one column of rows ``first..last`` (a countdown tick)."""
        self.dataChanged.emit(self.index(first, column), self.index(last, column), TICK_ROLES)
