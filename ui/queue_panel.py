"""The left queue list (with live counts) and the centre panel: filter bar, search box and
the queue table."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Priority, Status, Track
from liaison_desk.services.matches import MatchCounts
from liaison_desk.services.queues import (
    UNASSIGNED,
    QueueDef,
    QueueFilter,
    QueueKey,
    QueueRow,
)
from ui.detail_pane import FlowLayout
from ui.icons import icon, is_dark
from ui.qt import (
    QAbstractItemView,
    QAbstractListModel,
    QAction,
    QApplication,
    QBrush,
    QColor,
    QComboBox,
    QDate,
    QDateEdit,
    QFont,
    QFontMetrics,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QIcon,
    QItemSelectionModel,
    QKeySequence,
    QLabel,
    QLineEdit,
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
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.queue_model import (
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
    QueueModel,
    QueueProxyModel,
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


_ANY = "Any"


class FilterBar(QWidget):
    """Search box (filters as you type) and the filter fields, in one aligned row each."""

    filterChanged = Signal(object)  # QueueFilter

    def __init__(self, calendar: BusinessCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.calendar = calendar
        self._emitting = True

        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search reference, name, state ID, NPI or phone   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        find = self.search.addAction(icon("action-find"), QLineEdit.ActionPosition.LeadingPosition)
        find.setObjectName("searchIcon")
        self.search.textChanged.connect(self._changed)
        clear_search = QAction("Clear the search", self.search)
        clear_search.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_search.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_search.triggered.connect(self.search.clear)
        QWidget.addAction(self.search, clear_search)

        self.priority = self._combo("Priority", [(p.label, str(p)) for p in Priority])
        self.track = self._combo(
            "Track",
            [
                ("Member", str(Track.MCO_MEMBER)),
                ("Provider", str(Track.MCO_PROVIDER)),
                ("Supervisor callback", str(Track.IME_CALLBACK)),
            ],
        )
        self.mco = self._combo("MCO", [])
        self.assignee = self._combo("Assignee", [])
        self.status = self._combo("Status", [(s.label, str(s)) for s in Status])

        self.date_from = self._date("Received from")
        self.date_to = self._date("Received to")

        self.clear_button = QToolButton()
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Clear the search and every filter (Esc in the search box)")
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)

        # The fields wrap onto a second line in a narrow window instead of being squeezed
        # until their labels are cut.
        fields = QWidget()
        fields.setObjectName("filterFields")
        flow = FlowLayout(fields, spacing=12)
        for label, widget in (
            ("&Priority", self.priority),
            ("&Track", self.track),
            ("MC&O", self.mco),
            ("Assi&gnee", self.assignee),
            ("Stat&us", self.status),
        ):
            flow.addWidget(_group(_buddy(label, widget), widget))
        flow.addWidget(
            _group(_buddy("Re&ceived", self.date_from), self.date_from, QLabel("–"), self.date_to)
        )
        flow.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(fields)

    def recolour(self) -> None:
        """Line icons follow the palette (light or dark)."""
        for action in self.search.actions():
            if action.objectName() == "searchIcon":
                action.setIcon(icon("action-find"))

    # ------------------------------------------------------------------ widgets

    def _combo(self, name: str, items: list[tuple[str, Any]]) -> QComboBox:
        box = QComboBox()
        box.setObjectName(f"filter{name.replace(' ', '')}")
        box.setAccessibleName(f"Filter by {name.lower()}")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(5)
        self._fill(box, items)
        box.currentIndexChanged.connect(self._changed)
        return box

    @staticmethod
    def _fill(box: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(_ANY, None)
        for label, value in items:
            box.addItem(label, value)
        found = box.findData(current) if current is not None else 0
        box.setCurrentIndex(max(found, 0))
        box.blockSignals(False)
        # The box stays compact; its list is as wide as its longest entry.
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(f"filter{name.replace(' ', '')}")
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("MM/dd/yyyy")
        # The minimum date shows as "Any": no limit on that side.
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText(_ANY)
        edit.setDate(edit.minimumDate())
        edit.dateChanged.connect(self._changed)
        return edit

    def set_choices(self, mcos: list[tuple[int, str]], people: list[tuple[int, str]]) -> None:
        self._fill(self.mco, [(name, i) for i, name in mcos])
        self._fill(self.assignee, [("Unassigned", UNASSIGNED), *[(n, i) for i, n in people]])

    # ------------------------------------------------------------------ value

    def _changed(self, *_args: object) -> None:
        if self._emitting:
            self.filterChanged.emit(self.value())

    def _day(self, edit: QDateEdit) -> date | None:
        if edit.date() == edit.minimumDate():
            return None
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def value(self) -> QueueFilter:
        tz = self.calendar.timezone
        start = self._day(self.date_from)
        end = self._day(self.date_to)
        return QueueFilter(
            priority=self.priority.currentData(),
            track=self.track.currentData(),
            mco_id=self.mco.currentData(),
            assignee_id=self.assignee.currentData(),
            status=self.status.currentData(),
            received_from=datetime.combine(start, time(0), tzinfo=tz) if start else None,
            received_until=(
                datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz) if end else None
            ),
            text=self.search.text(),
        )

    def clear(self) -> None:
        self._emitting = False
        try:
            self.search.clear()
            for box in (self.priority, self.track, self.mco, self.assignee, self.status):
                box.setCurrentIndex(0)
            for edit in (self.date_from, self.date_to):
                edit.setDate(edit.minimumDate())
        finally:
            self._emitting = True
        self._changed()


def _group(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(5)
    for widget in widgets:
        row.addWidget(widget)
    return box


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    label.setProperty("role", "fieldLabel")
    return label


# ============================================================================ table


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
    """The queue's rows: sortable, one row selected, keyboard first."""

    activated_row = Signal(object)  # QueueRow (Enter or double-click)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queueTable")
        self.setAccessibleName("Queue")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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


__all__ = [
    "COL_ASSIGNEE",
    "COL_MCO",
    "COL_NEXT_DUE",
    "COL_PRIORITY",
    "COL_RECEIVED",
    "COL_STATUS",
    "COL_SUBJECT",
    "COL_TIME_LEFT",
    "COL_TRACK",
    "FilterBar",
    "QueueList",
    "QueuePanel",
    "QueueTable",
]
