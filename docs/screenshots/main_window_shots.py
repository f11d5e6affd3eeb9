"""Render the main-window screenshots in this folder from demo data (offscreen).

    .venv/bin/python docs/screenshots/main_window_shots.py            # light, 100 %
    QT_SCALE_FACTOR=1.5 .venv/bin/python docs/screenshots/main_window_shots.py --scale
    .venv/bin/python docs/screenshots/main_window_shots.py --dark

The clock is fixed (Tuesday 24 November 2026) so the pictures are the same every time.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-shots-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from sqlalchemy import select  # noqa: E402

from liaison_desk.calendar import BusinessCalendar  # noqa: E402
from liaison_desk.clock import ManualClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.db.models import User  # noqa: E402
from liaison_desk.db.schema import upgrade  # noqa: E402
from liaison_desk.demo import fill_demo  # noqa: E402
from liaison_desk.services.queues import QueueKey  # noqa: E402
from liaison_desk.services.users import actor_for  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.qt import (  # noqa: E402
    QApplication,
    QColor,
    QEventLoop,
    QImage,
    QPainter,
    QPalette,
    QPoint,
    QRect,
    QSettings,
    QTimer,
)

CHICAGO = ZoneInfo("America/Chicago")
MORNING = datetime(2026, 11, 24, 10, 40, tzinfo=CHICAGO)
EVENING = datetime(2026, 11, 24, 18, 30, tzinfo=CHICAGO)


def wait(signal: Any, ms: int = 8000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def dark_palette() -> QPalette:
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1F2226",
        QPalette.ColorRole.WindowText: "#E6E8EA",
        QPalette.ColorRole.Base: "#17191C",
        QPalette.ColorRole.AlternateBase: "#202327",
        QPalette.ColorRole.Text: "#E6E8EA",
        QPalette.ColorRole.Button: "#2A2E33",
        QPalette.ColorRole.ButtonText: "#E6E8EA",
        QPalette.ColorRole.Highlight: "#3D7BD9",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.ToolTipBase: "#2A2E33",
        QPalette.ColorRole.ToolTipText: "#E6E8EA",
        QPalette.ColorRole.PlaceholderText: "#8A9096",
        QPalette.ColorRole.Mid: "#3A3F45",
        QPalette.ColorRole.Dark: "#101214",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    return p


class Shots:
    def __init__(self) -> None:
        self.app = QApplication.instance() or QApplication(sys.argv)
        self.app.setStyle("Fusion")
        path = Path(os.environ["LIAISON_DESK_DATA_DIR"]) / "demo.sqlite3"
        self.db = Database(f"sqlite:///{path}")
        upgrade(self.db)
        fill_demo(self.db, 400, 2026, ManualClock(MORNING), assign_to="lliaison")
        with self.db.session() as s:
            me = s.scalars(select(User).where(User.login == "lliaison")).one()
            me.display_name, me.role = "Lee Liaison", "liaison"
            s.flush()
            self.actor = actor_for(me)
        self.clock = ManualClock(MORNING)
        self.calendar = BusinessCalendar()

    def window(self, queue: QueueKey, when: datetime, size: tuple[int, int] = (1500, 900)) -> Any:
        from ui.main_window import MainWindow

        self.clock.set(when)
        store = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
        store.setValue("window/queue", str(queue))
        ctx = AppContext(self.db, self.actor, self.clock, self.calendar)
        w = MainWindow(ctx, store=store, start=False)
        w.resize(*size)
        w.start()
        w.show()
        wait(w.firstQueueShown)
        wait(w.queueLoaded)  # the follow-up pass after the first show
        for _ in range(10):
            self.app.processEvents()
        return w

    def select(self, w: Any, predicate: Any, detail_predicate: Any = None) -> int:
        for i in range(w.proxy.rowCount()):
            row = w.proxy.row_at(i)
            if row is None or not predicate(w, row):
                continue
            w.table.selectRow(i)
            wait(w.detailLoaded, 4000)
            detail = w.detail_pane.detail
            if detail_predicate is not None and not detail_predicate(detail):
                continue
            for _ in range(5):
                self.app.processEvents()
            w.countdowns.tick()
            self.app.processEvents()
            return i
        raise LookupError("no row fits")

    def save(self, image: Any, name: str) -> None:
        out = HERE / name
        image.save(str(out))
        print("wrote", out)


def state_of(w: Any, row: Any) -> str:
    return w.countdowns.cell(row).state


def countdown_shot(shots: Shots, w: Any, index: int, line_state: str, name: str) -> None:
    """The table row (reference … name) over the inquiry's clocks in the detail pane."""
    table = w.table
    header = table.horizontalHeader()
    first = min(
        header.sectionViewportPosition(c) for c in range(4) if not header.isSectionHidden(c)
    )
    right = max(
        header.sectionViewportPosition(header.logicalIndex(v))
        + header.sectionSize(header.logicalIndex(v))
        for v in range(4)
    )
    y = table.rowViewportPosition(index)
    h = table.rowHeight(index)
    # The row as it looks unselected: its state colour and icon, not the selection bar.
    table.clearSelection()
    table.setFocus()
    shots.app.processEvents()
    row_img = table.viewport().grab(QRect(max(first, 0), y, right - max(first, 0), h)).toImage()
    head_img = header.grab(
        QRect(max(first, 0), 0, right - max(first, 0), header.height())
    ).toImage()
    lines = [
        ln for ln in w.detail_pane._milestone_lines if ln._shown and ln._shown[0] == line_state
    ]
    line = lines[0] if lines else w.detail_pane._milestone_lines[0]
    top_left = line.mapTo(w.detail_pane, QPoint(0, 0))
    line_img = w.detail_pane.grab(QRect(top_left, line.size())).toImage()
    dpr = row_img.devicePixelRatio()
    width = max(row_img.width(), line_img.width()) / dpr + 24
    height = (head_img.height() + row_img.height() + line_img.height()) / dpr + 40
    canvas = QImage(int(width * dpr), int(height * dpr), QImage.Format.Format_ARGB32)
    canvas.setDevicePixelRatio(dpr)
    canvas.fill(w.palette().color(QPalette.ColorRole.Base))
    p = QPainter(canvas)
    p.drawImage(QPoint(12, 10), head_img)
    p.drawImage(QPoint(12, 10 + int(head_img.height() / dpr)), row_img)
    p.drawImage(QPoint(12, 26 + int((head_img.height() + row_img.height()) / dpr)), line_img)
    p.end()
    shots.save(canvas, name)


def main() -> None:
    scale = "--scale" in sys.argv
    dark = "--dark" in sys.argv
    shots = Shots()
    if dark:
        shots.app.setPalette(dark_palette())
    suffix = "-150" if scale else "-dark" if dark else ""
    w = shots.window(QueueKey.MY_WORK, MORNING)

    def rich(win: Any, row: Any) -> bool:
        # An item referred to the MCO: a met contact clock and a running MCO clock.
        return row.status == "awaiting_mco" and state_of(win, row) in ("on_track", "past_warn")

    shots.select(w, rich)
    shots.save(w.grab().toImage(), f"main-window{suffix}.png")
    if scale or dark:
        w.close()
        return
    # "Why this deadline?" on the met contact clock of the selected inquiry (issue 15).
    line = w.detail_pane._milestone_lines[-1]
    dialog = w.commands.explain_deadline(line.milestone.id)
    wait(dialog.text.textChanged, 4000)
    for _ in range(5):
        shots.app.processEvents()
    shots.save(dialog.grab().toImage(), "explain.png")
    dialog.close()

    w.close()
    w = shots.window(QueueKey.ALL_OPEN, MORNING)  # every state is somewhere in all the work
    for state, line_state, name in (
        ("on_track", "on_track", "countdown-on-track.png"),
        ("past_warn", "past_warn", "countdown-past-warn.png"),
        ("overdue", "overdue", "countdown-overdue.png"),
    ):
        index = shots.select(w, lambda win, row, s=state: state_of(win, row) == s)
        countdown_shot(shots, w, index, line_state, name)
    index = shots.select(
        w,
        lambda win, row: state_of(win, row) == "on_track",
        lambda detail: any(m.met_at is not None for m in detail.milestones),
    )
    countdown_shot(shots, w, index, "met_on_time", "countdown-met.png")
    w.close()

    w = shots.window(QueueKey.MY_WORK, EVENING)
    index = shots.select(w, lambda win, row: state_of(win, row) == "paused")
    countdown_shot(shots, w, index, "paused", "countdown-paused.png")
    shots.save(w.grab().toImage(), "main-window-paused.png")
    w.close()

    # The QC reviewer's desk (seed 003): the consideration cases only, a queue per step.
    with shots.db.session() as s:
        shots.actor = actor_for(s.scalars(select(User).where(User.login == "qquinn")).one())
    w = shots.window(QueueKey.QC_VETTING, MORNING)
    if w.proxy.rowCount():
        shots.select(w, lambda win, row: True)
    shots.save(w.grab().toImage(), "main-window-qc.png")
    w.close()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # see benchmarks/queue.py: PySide6 6.12 on Python 3.11 aborts at exit
