"""Reports → Open work: the manager's dashboard (services.dashboard) as figures, tables and
an aging chart. Loaded off the GUI thread; Refresh (F5 in the window) loads it again."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import Priority, Track, has_priority, label_of
from liaison_desk.milestones import format_when
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.dashboard import Dashboard, Group, dashboard
from ui import ops
from ui.context import AppContext
from ui.icons import OVERDUE, PAST_WARN
from ui.qt import QGridLayout, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget, Signal
from ui.reports.widgets import BarChart, Tile
from ui.widgets.tables import cell, fill, table

GROUP_HEADERS = ("Name", "Open", "Overdue", "Due today")


_GROUP = Qt.ItemDataRole.UserRole + 1


class DashboardTab(QWidget):
    """Every figure and row opens its list in the main window (``drill``): a tile, a row of
    a table (the Overdue or Due today cell: those items only), an aging bar."""

    loaded = Signal(object)  # Dashboard
    failed = Signal(str)
    drill = Signal(object, str)  # frozenset of inquiry ids, what they are in words

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("dashboardTab")
        self.data: Dashboard | None = None
        # (table, row tag) → (what the row is in words, its group): for the drill-down.
        self._groups: dict[tuple[str, int], tuple[str, Group]] = {}
        box = QVBoxLayout(self)
        tiles = QHBoxLayout()
        self.open_tile = Tile("Open items")
        self.overdue_tile = Tile("Overdue", OVERDUE)
        self.today_tile = Tile("Due later today", PAST_WARN)
        self.oldest_tile = Tile("Oldest open item")
        for t in (self.open_tile, self.overdue_tile, self.today_tile, self.oldest_tile):
            tiles.addWidget(t, 1)
        box.addLayout(tiles)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self.track_table = table(self, ("Track", "Priority", "Open", "Overdue", "Due today"),
                                 "dashboardByTrack")  # fmt: skip
        self.aging_chart = BarChart("", self)
        self.aging_chart.setAccessibleName("How long open items have waited")
        self.mco_table = table(self, GROUP_HEADERS, "dashboardByMco")
        self.people_table = table(self, GROUP_HEADERS, "dashboardByAssignee")
        self.category_table = table(self, GROUP_HEADERS, "dashboardByCategory")
        for row, col, span, title, widget in (
            (0, 0, 1, "By track and priority", self.track_table),
            (0, 1, 2, "Aging, in business days since received", self.aging_chart),
            (2, 0, 1, "By MCO (an issue counts under each of its MCOs)", self.mco_table),
            (2, 1, 1, "By assignee", self.people_table),
            (2, 2, 1, "By issue category", self.category_table),
        ):
            heading = QLabel(f"<b>{title}</b>", self)
            heading.setBuddy(widget)
            heading.setWordWrap(True)
            grid.addWidget(heading, row, col, 1, span)
            grid.addWidget(widget, row + 1, col, 1, span)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(3, 2)
        box.addLayout(grid, 1)
        self.open_tile.clicked.connect(lambda: self._drill_total("ids", "all open items"))
        self.overdue_tile.clicked.connect(lambda: self._drill_total("overdue_ids", "overdue"))
        self.today_tile.clicked.connect(lambda: self._drill_total("due_today_ids", "due today"))
        self.oldest_tile.clicked.connect(self._drill_oldest)
        self.aging_chart.barActivated.connect(self._drill_age)
        for view in (self.track_table, self.mco_table, self.people_table, self.category_table):
            view.activated.connect(lambda index, v=view: self._drill_row(v, index))
            view.setToolTip("Enter or a double-click opens these items in the main window")
        self.status = QLabel("", self)
        self.status.setObjectName("dashboardStatus")
        box.addWidget(self.status)

    # --- drill-down -------------------------------------------------------------------
    def _drill_total(self, which: str, words: str) -> None:
        if self.data is not None:
            self.drill.emit(frozenset(getattr(self.data.total, which)), words)

    def _drill_oldest(self) -> None:
        if self.data is not None and self.data.oldest:
            o = self.data.oldest[0]
            self.drill.emit(frozenset({o.inquiry_id}), f"the oldest, {o.reference}")

    def _drill_age(self, index: int) -> None:
        if self.data is None or index >= len(self.data.aging):
            return
        label, _n = self.data.aging[index]
        ids = self.data.aging_ids.get(label, [])
        self.drill.emit(frozenset(ids), f"waiting {label} business days")

    def _drill_row(self, view: Any, index: Any) -> None:
        first = view.item(index.row(), 0)
        if self.data is None or first is None:
            return
        group = self._groups.get((view.objectName(), first.data(_GROUP)))
        if group is None:
            return
        name, g = group
        headers = [view.horizontalHeaderItem(c).text() for c in range(view.columnCount())]
        column = headers[index.column()] if index.column() < len(headers) else ""
        if column == "Overdue":
            self.drill.emit(frozenset(g.overdue_ids), f"{name}, overdue")
        elif column == "Due today":
            self.drill.emit(frozenset(g.due_today_ids), f"{name}, due today")
        else:
            self.drill.emit(frozenset(g.ids), name)

    def load(self) -> None:
        self.status.setText("Loading…")

        def work(s: Session, c: ServiceContext) -> Dashboard:
            return dashboard(s, actor=c.actor, now=c.clock.now(), calendar=c.calendar)

        ops.read(self, self.app_ctx, work, where="loading the dashboard").done(self._show).failed(
            self._failed
        ).start()

    def _failed(self, problem: ops.Problem) -> None:
        message = f"The dashboard could not be loaded. {problem.text}"
        self.status.setText(message)
        self.failed.emit(message)

    def _show(self, data: Dashboard) -> None:
        self.data = data
        total = data.total
        self.open_tile.set(f"{total.open:,}", "open inquiries you may see")
        share = f"{total.overdue * 100 / total.open:.0f} % of open" if total.open else ""
        self.overdue_tile.set(f"{total.overdue:,}", share)
        self.today_tile.set(f"{total.due_today:,}", "due by the end of today")
        if data.oldest:
            o = data.oldest[0]
            self.oldest_tile.set(
                f"{o.business_days} days",
                f"business days since received; {o.reference} ({label_of(Track, o.track)})",
            )
        else:
            self.oldest_tile.set("–", "nothing open")
        self._groups.clear()

        def tagged(view: Any, i: int, name: str, g: Group, cells: list[Any]) -> list[Any]:
            cells[0].setData(_GROUP, i)
            self._groups[(view.objectName(), i)] = (name, g)
            return cells

        rows = []
        for i, (t, p, g) in enumerate(data.by_track_priority):
            # A callback, an e-mail, a consideration case: timed alike whatever it says.
            prio = label_of(Priority, p) if has_priority(t) else "—"
            name = f"{label_of(Track, t)}, {prio}" if has_priority(t) else label_of(Track, t)
            rows.append(tagged(self.track_table, i, name, g, [
                cell(label_of(Track, t)), cell(prio), cell(g.open),
                cell(g.overdue), cell(g.due_today),
            ]))  # fmt: skip
        fill(self.track_table, rows)
        self.aging_chart.set_bars([(label, n, f"{n:,}") for label, n in data.aging])
        for view, groups in (
            (self.mco_table, data.by_mco),
            (self.people_table, data.by_assignee),
            (self.category_table, data.by_category),
        ):
            fill(view, [
                tagged(view, i, g.name, g,
                       [cell(g.name), cell(g.open), cell(g.overdue), cell(g.due_today)])
                for i, g in enumerate(groups)
            ])  # fmt: skip
        self.status.setText(f"As of {format_when(data.now, self.app_ctx.calendar)}.")
        self.loaded.emit(data)
