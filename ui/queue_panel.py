"""The centre panel: the queue's title and tally, the filter bar, the search's matches in
other queues, and the queue table."""

from __future__ import annotations

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.services.matches import MatchCounts
from liaison_desk.services.queues import (
    QueueDef,
    QueueRow,
)
from ui.filter_bar import FilterBar
from ui.qt import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QItemSelectionModel,
    QLabel,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.queue_columns import COL_REFERENCE
from ui.queue_model import QueueModel
from ui.queue_proxy import QueueProxyModel
from ui.queue_table import QueueTable


class QueuePanel(QWidget):
    """Centre of the window: queue title and counts, filter bar, table."""

    def __init__(
        self, model: QueueModel, calendar: BusinessCalendar, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.model = model
        self.proxy = QueueProxyModel(self)
        self.proxy.setSourceModel(model)

        self.title = QLabel("")
        self.title.setObjectName("queueTitle")
        self.title.setProperty("role", "title")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("queueSubtitle")
        self.subtitle.setProperty("role", "muted")
        self.tally = QLabel("")
        self.tally.setObjectName("queueTally")
        self.tally.setProperty("role", "muted")
        self.tally.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # "Nothing here — 3 in All open, 1 in Resolved (F3 shows them)": where a search's
        # other matches are, so a miss in this queue is not taken for a miss everywhere.
        self.elsewhere = QLabel("")
        self.elsewhere.setObjectName("queueElsewhere")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()
        self.filters = FilterBar(calendar)
        self.table = QueueTable()
        self.table.setModel(self.proxy)
        self.table.apply_default_widths()
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        self.empty = QLabel("")
        self.empty.setObjectName("queueEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        self.empty.hide()

        head = QHBoxLayout()
        head.setSpacing(10)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.tally, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 0)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.filters)
        layout.addWidget(self.elsewhere)
        table_frame = QFrame()
        table_frame.setObjectName("tableFrame")
        table_frame.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(table_frame)
        inner.setContentsMargins(1, 1, 1, 1)
        inner.addWidget(self.table)
        inner.addWidget(self.empty)
        layout.addWidget(table_frame, 1)

        self.filters.filterChanged.connect(self.proxy.set_filter)
        self.filters.filterChanged.connect(lambda _f: self._update_tally())
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self._update_tally)
        self._total: int | None = None
        self._loading = False
        self._queue: QueueDef | None = None
        self.matches: MatchCounts | None = None

    def set_queue(self, queue: QueueDef) -> None:
        self.title.setText(queue.label)
        self.subtitle.setText(queue.description)
        self._queue = queue
        self._total = None
        self._update_tally()

    def set_matches(self, matches: MatchCounts | None) -> None:
        """What the current search and filters find in all queues (None: no search)."""
        self.matches = matches
        self._update_tally()

    def other_matches(self) -> tuple[int, int]:
        """(open, resolved) matches that this queue does not show."""
        if self.matches is None or self._queue is None:
            return 0, 0
        if self._queue.paged:
            return self.matches.open, 0
        shown = self.proxy.rowCount()
        return max(self.matches.open - shown, 0), self.matches.resolved

    def set_total(self, total: int | None) -> None:
        self._total = total
        self._update_tally()

    def set_loading(self, loading: bool) -> None:
        self._loading = loading
        self._update_tally()

    def _update_tally(self) -> None:
        shown = self.proxy.rowCount()
        loaded = self.model.rowCount()
        total = self._total if self._total is not None else loaded
        searching = not self.filters.value().is_empty
        paged = self._queue is not None and self._queue.paged
        if searching and paged and self.matches is not None:
            total = self.matches.resolved  # the matches, not the whole resolved queue
        if self._loading and loaded == 0:
            text = "Loading…"
        elif searching and paged and shown == total:
            text = f"{shown:,} match{'es' if shown != 1 else ''}"
        elif searching and paged:
            text = f"{loaded:,} of {total:,} matches loaded — scroll for more"
        elif shown == total:
            text = f"{total:,} item{'s' if total != 1 else ''}"
        elif shown == loaded and loaded < total:
            text = f"{loaded:,} of {total:,} loaded — scroll for more"
        else:
            text = f"{shown:,} of {total:,} shown"
        self.tally.setText(text)
        empty = shown == 0 and not self._loading
        if empty:
            self.empty.setText(
                "Nothing matches the search and filters." if loaded else "This queue is empty."
            )
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self._update_elsewhere(searching and not self._loading)

    def _update_elsewhere(self, searching: bool) -> None:
        other_open, other_resolved = self.other_matches() if searching else (0, 0)
        if not (other_open or other_resolved):
            self.elsewhere.hide()
            return
        where = []
        if other_open:
            where.append(f"{other_open:,} in the other open queues")
        if other_resolved:
            where.append(f"{other_resolved:,} resolved")
        lead = "Nothing here matches" if self.proxy.rowCount() == 0 else "More matches"
        self.elsewhere.setText(f"ⓘ {lead}: {' and '.join(where)} — press F3 to show them.")
        self.elsewhere.show()

    def current_row(self) -> QueueRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.row_at(index.row())

    def select_inquiry(self, inquiry_id: int) -> bool:
        row = self.proxy.proxy_row_of(inquiry_id)
        if row < 0:
            return False
        index = self.proxy.index(row, COL_REFERENCE)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True
