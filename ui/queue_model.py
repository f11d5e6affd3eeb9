"""The queue table's model: thin, over light QueueRow values.

:class:`QueueModel` holds the rows (set with beginResetModel/endResetModel, appended a page
at a time for the paged resolved queue through canFetchMore/fetchMore). Sorting happens
here, in Python, on typed keys (datetimes, priority rank): a QSortFilterProxyModel that
sorted by asking ``data()`` for every comparison would cross into Python some 40,000 times
for 2,000 rows. :class:`QueueProxyModel` filters (the filter bar and the search box, via
:meth:`QueueFilter.matches`) and forwards sorting to the source model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Priority, Status, Track
from liaison_desk.milestones import format_when, short_when
from liaison_desk.services.queues import QueueFilter, QueueRow
from liaison_desk.validation import format_phone
from ui.countdown import NO_CLOCK, RESOLVED, Countdowns
from ui.icons import state_colour, state_icon
from ui.qt import (
    QAbstractItemModel,
    QAbstractTableModel,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

_ROOT = QModelIndex()  # the invisible root, as a default argument

COL_REFERENCE = 0
COL_TRACK = 1
COL_PRIORITY = 2
COL_SUBJECT = 3
COL_MCO = 4
COL_STATUS = 5
COL_ASSIGNEE = 6
COL_RECEIVED = 7
COL_NEXT_DUE = 8
COL_TIME_LEFT = 9

# How the database sorts the resolved queue by each column (services.queues.RESOLVED_SORTS);
# on a resolved row the time-left column says when it was resolved.
SERVER_SORTS = {
    COL_REFERENCE: "reference",
    COL_TRACK: "track",
    COL_PRIORITY: "priority",
    COL_SUBJECT: "subject",
    COL_MCO: "mco",
    COL_STATUS: "status",
    COL_ASSIGNEE: "assignee",
    COL_RECEIVED: "received",
    COL_NEXT_DUE: "next_due",
    COL_TIME_LEFT: "resolved",
}

HEADERS = (
    "Reference",
    "Track",
    "Priority",
    "Member / provider",
    "MCO",
    "Status",
    "Assignee",
    "Received",
    "Next due",
    "Time left",
)
HEADER_TIPS = (
    "Reference number quoted to callers and on letters (YYMMDD-NNNN)",
    "Member escalation, provider escalation or supervisor callback",
    "High or Escalated",
    "Who the inquiry is about",
    "The MCO(s) in question",
    "Where the work stands",
    "Who is working it",
    "When it was received",
    "The earliest running due time",
    "Business time left on the earliest running clock (pauses outside office hours)",
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3

# What a countdown repaint changes: the sort/filter roles are not among them, so the proxy
# forwards these dataChanged signals without re-sorting or re-filtering.
TICK_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    STATE_ROLE,
]

_PRIORITY_RANK = {str(Priority.HIGH): 0, str(Priority.ESCALATED): 1}
_STATUS_RANK = {str(s): i for i, s in enumerate(Status)}
_SHORT_TRACK = {
    str(Track.MCO_MEMBER): "Member",
    str(Track.MCO_PROVIDER): "Provider",
    str(Track.IME_CALLBACK): "Callback",
}


def track_label(track: str) -> str:
    return _SHORT_TRACK.get(track, track)


def priority_label(priority: str) -> str:
    try:
        return Priority(priority).label
    except ValueError:
        return priority


def status_label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:
        return status


def _sort_key(column: int) -> Callable[[QueueRow], Any]:
    """A typed key per column; None means "no value" and always sorts last."""
    if column == COL_REFERENCE:
        return lambda r: r.reference
    if column == COL_TRACK:
        return lambda r: track_label(r.track)
    if column == COL_PRIORITY:
        return lambda r: _PRIORITY_RANK.get(r.priority, 9)
    if column == COL_SUBJECT:
        return lambda r: r.subject.lower() or None
    if column == COL_MCO:
        return lambda r: r.mco_names.lower() or None
    if column == COL_STATUS:
        return lambda r: _STATUS_RANK.get(r.status, 99)
    if column == COL_ASSIGNEE:
        return lambda r: r.assignee_name.lower() or None
    if column == COL_RECEIVED:
        return lambda r: r.received_at
    if column == COL_NEXT_DUE:
        return lambda r: r.next_due_at
    if column == COL_TIME_LEFT:
        # Business time left orders exactly as the due instants do; resolved rows by when.
        def time_left(r: QueueRow) -> datetime | None:
            lead = r.lead_milestone
            return lead.due_at if lead is not None else r.resolved_at

        return time_left
    raise IndexError(column)


def sorted_rows(rows: Sequence[QueueRow], column: int, descending: bool) -> list[QueueRow]:
    """Rows ordered by one column (ties by reference), rows without a value last."""
    key = _sort_key(column)
    present: list[tuple[Any, str, QueueRow]] = []
    missing: list[QueueRow] = []
    for r in rows:
        k = key(r)
        if k is None:
            missing.append(r)
        else:
            present.append((k, r.reference, r))
    present.sort(key=lambda t: (t[0], t[1]), reverse=descending)
    return [t[2] for t in present] + sorted(missing, key=lambda r: r.reference)


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
            return "—" if row.track == Track.IME_CALLBACK else priority_label(row.priority)
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
