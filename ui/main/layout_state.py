"""The main window's layout, and the layout kept between sessions: geometry, toolbars, both
splitters, the table's columns (order, widths, hidden ones), the last queue and where the
inquiry shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import settings as cfg
from ui.qt import QLabel, QSize, QSplitter, Qt, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_layout(window: MainWindow) -> None:
    """The queue list on the left; the queue and the inquiry beside (or below) it."""
    sidebar = QWidget()
    sidebar.setObjectName("queueSidebar")
    side = QVBoxLayout(sidebar)
    side.setContentsMargins(0, 0, 0, 8)
    side.setSpacing(0)
    side.addWidget(window.inbox_button)
    side.addWidget(window.away_line)
    title = QLabel("QUEUES")
    title.setProperty("role", "sidebarTitle")
    side.addWidget(title)
    side.addWidget(window.queue_list, 1)

    window.work_splitter = QSplitter(Qt.Orientation.Horizontal)
    window.work_splitter.setObjectName("workSplitter")
    window.work_splitter.setChildrenCollapsible(False)
    window.work_splitter.addWidget(window.queue_panel)
    window.work_splitter.addWidget(window.detail_pane)
    window.work_splitter.setStretchFactor(0, 3)
    window.work_splitter.setStretchFactor(1, 2)
    window.detail_pane.setMinimumWidth(320)
    window.queue_panel.setMinimumWidth(420)
    if cfg.DETAIL_BELOW.get(window.store):
        window.work_splitter.setOrientation(Qt.Orientation.Vertical)

    window.splitter = QSplitter(Qt.Orientation.Horizontal)
    window.splitter.setObjectName("mainSplitter")
    window.splitter.setChildrenCollapsible(False)
    window.splitter.addWidget(sidebar)
    window.splitter.addWidget(window.work_splitter)
    window.splitter.setStretchFactor(0, 0)
    window.splitter.setStretchFactor(1, 1)
    window.splitter.setHandleWidth(1)
    window.work_splitter.setHandleWidth(1)

    central = QWidget()
    central.setObjectName("central")
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(window.banner)
    layout.addWidget(window.splitter, 1)
    window.setCentralWidget(central)
    side_width = window.queue_list.sizeHint().width()
    window.splitter.setSizes([side_width, 1200])
    window.work_splitter.setSizes([900, 460])
    window.resize(QSize(1440, 860))


def save_layout(window: MainWindow) -> None:
    s = window.store
    s.setValue(cfg.GEOMETRY_KEY, window.saveGeometry())
    s.setValue(cfg.STATE_KEY, window.saveState())
    s.setValue(cfg.SPLITTER_KEY, window.splitter.saveState())
    s.setValue(cfg.DETAIL_SPLITTER_KEY, window.work_splitter.saveState())
    s.setValue(cfg.HEADER_KEY, window.table.horizontalHeader().saveState())
    cfg.LAST_QUEUE.set(str(window.queue_key), s)
    cfg.DETAIL_BELOW.set(window.act_detail_below.isChecked(), s)
    s.sync()


def restore_layout(window: MainWindow) -> None:
    s = window.store
    for key, restore in (
        (cfg.GEOMETRY_KEY, window.restoreGeometry),
        (cfg.STATE_KEY, window.restoreState),
        (cfg.SPLITTER_KEY, window.splitter.restoreState),
        (cfg.DETAIL_SPLITTER_KEY, window.work_splitter.restoreState),
        (cfg.HEADER_KEY, window.table.horizontalHeader().restoreState),
    ):
        value = s.value(key)
        if value:
            restore(value)
    header = window.table.horizontalHeader()
    for col, act in enumerate(window.column_actions):
        act.setChecked(not header.isSectionHidden(col))
    # Splitter states override orientation; keep what the menu says.
    show_detail_below(window, window.act_detail_below.isChecked())


def show_detail_below(window: MainWindow, below: bool) -> None:
    window.work_splitter.setOrientation(
        Qt.Orientation.Vertical if below else Qt.Orientation.Horizontal
    )
