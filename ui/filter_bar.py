"""The filter bar above the queue table: search box, priority, track, MCO, assignee, status,
issue category and the received dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Priority, Status, Track
from liaison_desk.services.queues import (
    UNASSIGNED,
    QueueFilter,
)
from ui.icons import icon
from ui.qt import (
    QAction,
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.flow_layout import FlowLayout

_ANY = "Any"


class FilterBar(QWidget):
    """Search box (filters as you type) and the filter fields, in one aligned row each."""

    filterChanged = Signal(object)  # QueueFilter

    def __init__(self, calendar: BusinessCalendar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.calendar = calendar
        self._emitting = True
        # A dashboard figure opened here: only its inquiries, until cleared.
        self._scope_ids: frozenset[int] | None = None

        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(
            "Search reference, name, state ID, NPI, phone or e-mail   (Ctrl+F)"
        )
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
                ("E-mail", str(Track.EMAIL)),
                ("Enrollment consideration", str(Track.CONSIDERATION)),
            ],
        )
        self.mco = self._combo("MCO", [])
        self.assignee = self._combo("Assignee", [])
        self.status = self._combo("Status", [(s.label, str(s)) for s in Status])
        self.category = self._combo("Category", [])

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
            ("Categor&y", self.category),
        ):
            flow.addWidget(_group(_buddy(label, widget), widget))
        flow.addWidget(
            _group(_buddy("Re&ceived", self.date_from), self.date_from, QLabel("–"), self.date_to)
        )
        flow.addWidget(self.clear_button)

        self.scope = QToolButton()
        self.scope.setObjectName("filterScope")
        self.scope.setToolTip("Showing only a dashboard figure's items; click to see them all")
        self.scope.setAutoRaise(True)
        self.scope.clicked.connect(lambda _c=False: self.set_scope(None, ""))
        self.scope.hide()
        flow.addWidget(self.scope)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(fields)

    def set_scope(self, ids: frozenset[int] | None, label: str) -> None:
        """Only ``ids`` (a dashboard figure), said in words on the bar; None shows all."""
        self._scope_ids = ids
        self.scope.setText(f"Only: {label} ✕" if ids is not None else "")
        self.scope.setAccessibleName(f"Showing only {label}; press to show all")
        self.scope.setVisible(ids is not None)
        self._changed()

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

    def set_choices(
        self,
        mcos: list[tuple[int, str]],
        people: list[tuple[int, str]],
        categories: Sequence[str] = (),
    ) -> None:
        self._fill(self.mco, [(name, i) for i, name in mcos])
        self._fill(self.assignee, [("Unassigned", UNASSIGNED), *[(n, i) for i, n in people]])
        self._fill(self.category, [(c, c) for c in categories])

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
            category=self.category.currentData(),
            received_from=datetime.combine(start, time(0), tzinfo=tz) if start else None,
            received_until=(
                datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz) if end else None
            ),
            text=self.search.text(),
            ids=self._scope_ids,
        )

    def clear(self) -> None:
        self._emitting = False
        try:
            self.search.clear()
            boxes = (self.priority, self.track, self.mco, self.assignee, self.status, self.category)
            for box in boxes:
                box.setCurrentIndex(0)
            for edit in (self.date_from, self.date_to):
                edit.setDate(edit.minimumDate())
            self._scope_ids = None
            self.scope.hide()
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
