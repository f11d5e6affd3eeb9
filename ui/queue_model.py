"""The queue table's model: thin, over light QueueRow values.

:class:`QueueModel` holds the rows (set with beginResetModel/endResetModel, appended a page
at a time for the paged resolved queue through canFetchMore/fetchMore). Sorting happens
here, in Python, on typed keys (datetimes, priority rank): a QSortFilterProxyModel that
sorted by asking ``data()`` for every comparison would cross into Python some 40,000 times
for 2,000 rows. :class:`QueueProxyModel` filters (the filter bar and the search box, via
:meth:`QueueFilter.matches`) and forwards sorting to the source model.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Priority, Track, has_priority
from liaison_desk.milestones import format_when, short_when
from liaison_desk.services.queues import QueueRow
from liaison_desk.validation import format_phone
from ui.countdown import NO_CLOCK, RESOLVED, Countdowns
from ui.icons import state_colour, state_icon
from ui.qt import (
    QAbstractTableModel,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from ui.queue_columns import (
    _ROOT,
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
    HEADER_TIPS,
    HEADERS,
    ID_ROLE,
    ROW_ROLE,
    STATE_ROLE,
    priority_label,
    sorted_rows,
    status_label,
    track_label,
)


class QueueModel(QAbstractTableModel):
    """Rows of one queue. Thin: formatting is cached per row, countdowns come from
    :class:`Countdowns`."""

    fetchMoreRequested = Signal()
    # The paged (resolved) queue is sorted by the database, over all its rows: a header
    # click asks for that instead of reordering the pages already loaded.
    serverSortRequested = Signal(int, bool)

    def __init__(
        self, countdowns: Countdowns, calendar: BusinessCalendar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queueModel")
        self.countdowns = countdowns
        self.calendar = calendar
        self.rows: list[QueueRow] = []
        self._texts: dict[int, list[str | None]] = {}
        self._can_fetch_more = False
        self._fetching = False
        self.sort_column = -1
        self.sort_descending = False
        self.server_sorted = False
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[QueueRow], *, can_fetch_more: bool = False) -> None:
        """Replace all rows (a new queue, or a refresh)."""
        ordered = (
            sorted_rows(rows, self.sort_column, self.sort_descending)
            if self.sort_column >= 0 and not self.server_sorted
            else list(rows)
        )
        self.beginResetModel()
        self.rows = ordered
        self._texts.clear()
        self.countdowns.forget()
        self._can_fetch_more = can_fetch_more
        self._fetching = False
        self.endResetModel()

    def append_rows(self, rows: Sequence[QueueRow], *, can_fetch_more: bool) -> None:
        """Add the next page of the paged queue."""
        self._fetching = False
        self._can_fetch_more = can_fetch_more
        known = {r.id for r in self.rows}
        new = [r for r in rows if r.id not in known]
        if new:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()
            if self.sort_column >= 0 and not self.server_sorted:
                self.sort_rows(self.sort_column, self.sort_descending)

    def replace_rows(self, rows: Sequence[QueueRow], *, can_fetch_more: bool = False) -> bool:
        """A refresh of the same queue: when the same items come back, update them in place
        (selection, scroll and sort stay as they are); otherwise reset. True if in place."""
        if self.sort_column >= 0 and not self.server_sorted:
            rows = sorted_rows(rows, self.sort_column, self.sort_descending)
        if [r.id for r in rows] != [r.id for r in self.rows]:
            self.set_rows(rows, can_fetch_more=can_fetch_more)
            return False
        self.rows = list(rows)
        self._texts.clear()
        self._can_fetch_more = can_fetch_more
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1), []
            )
        return True

    def row_at(self, row: int) -> QueueRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, inquiry_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r.id == inquiry_id:
                return i
        return -1

    # ------------------------------------------------------------------ sorting

    def sort_rows(self, column: int, descending: bool) -> None:
        """Reorder in place, keeping selections (persistent indexes) on their items."""
        changed = (column, descending) != (self.sort_column, self.sort_descending)
        self.sort_column = column
        self.sort_descending = descending
        if self.server_sorted:
            if changed:
                self.serverSortRequested.emit(column, descending)
            return
        if column < 0 or not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.rows
        new = sorted_rows(old, column, descending)
        position = {r.id: i for i, r in enumerate(new)}
        persistent = self.persistentIndexList()
        moved = [
            self.index(position[old[p.row()].id], p.column()) if 0 <= p.row() < len(old) else p
            for p in persistent
        ]
        self.rows = new
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_rows(column, order == Qt.SortOrder.DescendingOrder)

    # ------------------------------------------------------------------ paging

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:
        return not parent.isValid() and self._can_fetch_more and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> None:
        if self.canFetchMore(parent):
            self._fetching = True
            self.fetchMoreRequested.emit()

    def fetch_failed(self) -> None:
        self._fetching = False

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        r = index.row()
        if not 0 <= r < len(self.rows):
            return None
        row = self.rows[r]
        col = index.column()
        if col == COL_TIME_LEFT:
            return self._time_left(row, role)
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.FontRole:
            if col == COL_REFERENCE or (col == COL_PRIORITY and row.priority == str(Priority.HIGH)):
                return self._bold
            return None
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        return None

    def _time_left(self, row: QueueRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.countdowns.cell(row).text
        if role == Qt.ItemDataRole.DecorationRole:
            state = self.countdowns.cell(row).state
            return None if state in (RESOLVED, NO_CLOCK) else state_icon(state)
        if role == Qt.ItemDataRole.ForegroundRole:
            state = self.countdowns.cell(row).state
            return None if state in (RESOLVED, NO_CLOCK) else state_colour(state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.countdowns.cell(row).tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.countdowns.cell(row).accessible
        if role == STATE_ROLE:
            return self.countdowns.cell(row).state
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        return None

    def _text(self, row: QueueRow, col: int) -> str:
        texts = self._texts.get(row.id)
        if texts is None:
            texts = self._texts[row.id] = [None] * len(HEADERS)
        text = texts[col]
        if text is None:
            text = texts[col] = self._format(row, col)
        return text

    def _format(self, row: QueueRow, col: int) -> str:
        if col == COL_REFERENCE:
            return row.reference
        if col == COL_TRACK:
            return track_label(row.track)
        if col == COL_PRIORITY:
            # A supervisor callback has no MCO priority (it is stored as "escalated").
            return priority_label(row.priority) if has_priority(row.track) else "—"
        if col == COL_SUBJECT:
            return row.subject
        if col == COL_MCO:
            return row.mco_names
        if col == COL_STATUS:
            return status_label(row.status)
        if col == COL_ASSIGNEE:
            return row.assignee_name or "Unassigned"
        if col == COL_RECEIVED:
            return self.short_when(row.received_at)
        if col == COL_NEXT_DUE:
            return self.short_when(row.next_due_at) if row.next_due_at else ""
        return ""

    def short_when(self, dt: datetime) -> str:
        """ "Mon 11/23 9:05 AM": the weekday matters for business days, the year rarely."""
        return short_when(dt, self.calendar)

    def _tooltip(self, row: QueueRow, col: int) -> str | None:
        if col == COL_SUBJECT:
            lines = []
            if row.member_name:
                who = row.member_name
                if row.member_state_id:
                    who += f" · state ID {row.member_state_id}"
                lines.append(f"Member: {who}")
            if row.provider_name:
                lines.append(f"Provider: {row.provider_name} · NPI {row.npi or '—'}")
            caller = row.caller_name or row.contact_name
            phone = row.caller_phone or row.contact_phone
            if caller or phone:
                shown = format_phone(phone) if phone else ""
                lines.append(f"Contact: {caller or ''} {shown}".rstrip())
            return "\n".join(lines) or None
        if col == COL_TRACK:
            try:
                return Track(row.track).label
            except ValueError:
                return row.track
        if col == COL_REFERENCE:
            return f"Inquiry {row.reference} — {track_label(row.track)}, {row.subject}"
        if col == COL_RECEIVED:
            return format_when(row.received_at, self.calendar)
        if col == COL_NEXT_DUE and row.next_due_at:
            return format_when(row.next_due_at, self.calendar)
        return None
