"""Reports → Open work: the manager's dashboard (services.dashboard) as figures, tables and
an aging chart. Loaded off the GUI thread; Refresh (F5 in the window) loads it again."""

from __future__ import annotations

from liaison_desk.domain import Priority, Track, label_of
from liaison_desk.milestones import format_when
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.dashboard import Dashboard, dashboard
from ui import ops
from ui.context import AppContext
from ui.icons import OVERDUE, PAST_WARN
from ui.qt import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget, Signal
from ui.reports.widgets import BarChart, Tile
from ui.widgets.tables import cell, fill, table

GROUP_HEADERS = ("Name", "Open", "Overdue", "Due today")


class DashboardTab(QWidget):
    loaded = Signal(object)  # Dashboard
    failed = Signal(str)

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("dashboardTab")
        self.data: Dashboard | None = None
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
        for row, col, title, widget in (
            (0, 0, "By track and priority", self.track_table),
            (0, 1, "Aging, in business days since received", self.aging_chart),
            (2, 0, "By MCO (a provider issue counts under each of its MCOs)", self.mco_table),
            (2, 1, "By assignee", self.people_table),
        ):
            heading = QLabel(f"<b>{title}</b>", self)
            heading.setBuddy(widget)
            grid.addWidget(heading, row, col)
            grid.addWidget(widget, row + 1, col)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(3, 2)
        box.addLayout(grid, 1)
        self.status = QLabel("", self)
        self.status.setObjectName("dashboardStatus")
        box.addWidget(self.status)

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
        fill(
            self.track_table,
            [
                [
                    cell(label_of(Track, t)),
                    cell(label_of(Priority, p)),
                    cell(g.open),
                    cell(g.overdue),
                    cell(g.due_today),
                ]
                for t, p, g in data.by_track_priority
            ],
        )
        self.aging_chart.set_bars([(label, n, f"{n:,}") for label, n in data.aging])
        for view, groups in ((self.mco_table, data.by_mco), (self.people_table, data.by_assignee)):
            fill(
                view,
                [[cell(g.name), cell(g.open), cell(g.overdue), cell(g.due_today)] for g in groups],
            )
        self.status.setText(f"As of {format_when(data.now, self.app_ctx.calendar)}.")
        self.loaded.emit(data)
