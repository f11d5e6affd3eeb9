"""``liaison-desk --self-test [--db URL]``: the core's checks (:mod:`liaison_desk.selftest`)
and the client's own — the main window opened offscreen on the self-test's database, its
queue filled and painted. Runs without a display, and without touching the person's data
folder or settings."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from typing import Any


def run_self_test(db_url: str | None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="liaison-desk-self-test-data-")
    from liaison_desk import __version__
    from liaison_desk.logs import setup_logging
    from liaison_desk.selftest import bench, database_checks, run_checks, work_checks
    from ui.app import _route_qt_messages
    from ui.qt import QApplication, qVersion

    setup_logging()  # into the temporary data folder, and Qt's warnings with it
    _route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"Liaison Desk {__version__} self-test on {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}, Qt {qVersion()}", flush=True)  # fmt: skip
    opened: list[Any] = []
    with bench() as work:
        checks = [*work_checks(work), ("Main window", lambda: _main_window(app, work))]
        if db_url:
            checks += database_checks(db_url, opened)
        try:
            outcomes = run_checks(checks, sys.stdout)
        finally:
            for db in opened:
                db.dispose()
    return 0 if all(o.ok for o in outcomes) else 1


def _main_window(app: Any, work: Any) -> str:
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.qt import QEventLoop, QSettings, QTimer

    if work.ctx.actor is None or work.inquiry_id is None:
        raise RuntimeError("there is nothing to show (the database or the intake failed)")
    store = QSettings(str(work.folder / "ui.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db=work.db, actor=work.ctx.actor, clock=work.clock, calendar=work.ctx.calendar)
    window = MainWindow(ctx, store=store, start=False)
    loop = QEventLoop()
    shown: list[bool] = []

    def filled(*_args: object) -> None:
        shown.append(True)
        loop.quit()

    window.firstQueueShown.connect(filled)
    timeout = QTimer()
    timeout.setObjectName("selfTestTimeout")
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    try:
        window.start()
        window.show()
        timeout.start(20_000)
        if not shown:
            loop.exec()
        if not shown:
            raise RuntimeError("the queue did not fill within 20 seconds")
        rows = window.proxy.rowCount()
        if rows < 1 or window.grab().isNull():
            raise RuntimeError("the window opened but shows nothing")
    finally:
        timeout.stop()
        window.close()
        app.processEvents()
    return f"opened offscreen; the queue shows {rows} inquir{'y' if rows == 1 else 'ies'}"
