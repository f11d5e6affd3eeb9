"""Render the reports window screenshots in this folder (offscreen, fixed clock and data).

    .venv/bin/python docs/screenshots/reports_shots.py               # reports-*.png here
    .venv/bin/python docs/screenshots/reports_shots.py --dark --out /tmp/x

3,000 demo inquiries, a manager at the desk on Monday 23 November 2026, 10:00 AM.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-report-shots-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from excel_shots import wait_for  # noqa: E402
from intake_shots import start  # noqa: E402

from liaison_desk.clock import ManualClock  # noqa: E402
from liaison_desk.db.models import User  # noqa: E402
from liaison_desk.demo import fill_demo  # noqa: E402
from liaison_desk.domain import Role  # noqa: E402
from liaison_desk.services import qc  # noqa: E402
from liaison_desk.services.context import Actor  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.qt import QApplication  # noqa: E402
from ui.reports import ReportsWindow  # noqa: E402

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def managers_desk(ctx: AppContext) -> AppContext:
    """The 3,000 demo inquiries, and Mia Manager signed in on Monday morning."""
    fill_demo(ctx.db, 3000, 2026, ManualClock(MONDAY), open_count=420)
    with ctx.db.session() as s:
        boss = User(login="mmanager", display_name="Mia Manager", role=str(Role.MANAGER))
        s.add(boss)
        s.flush()
        actor = Actor("mmanager", Role.MANAGER, boss.id, "Mia Manager")
    return AppContext(ctx.db, actor, ManualClock(MONDAY), ctx.calendar)


def main() -> None:
    _app, out, ctx = start("Render the reports screenshots.")
    app_ctx = managers_desk(ctx)
    with app_ctx.db.session() as s:
        audit = qc.draw_audit(s, app_ctx.service_context(), date(2026, 10, 1),
                              date(2026, 10, 31), seed=2026)  # fmt: skip
        for n, item in enumerate(audit.items[:7]):
            qc.score_item(s, app_ctx.service_context(), item.id, None,
                          answered_correctly=n != 3, professional=True,
                          accurate=n not in (3, 5), notes="")  # fmt: skip

    window = ReportsWindow(app_ctx)
    window.resize(1320, 860)
    window.show()
    assert window.dashboard is not None and window.compliance is not None
    wait_for(lambda: window.dashboard.data is not None)
    QApplication.processEvents()
    window.grab().save(str(out / "reports-dashboard.png"))
    print(out / "reports-dashboard.png")

    window.tabs.setCurrentWidget(window.compliance)
    window.compliance.period.setCurrentIndex(1)  # last month
    window.compliance.load()
    wait_for(lambda: window.compliance.data is not None
             and window.compliance.data.start.month == 10)  # fmt: skip
    QApplication.processEvents()
    window.grab().save(str(out / "reports-compliance.png"))
    print(out / "reports-compliance.png")

    if window.qc is not None:
        window.tabs.setCurrentWidget(window.qc)
        wait_for(lambda: window.qc.data is not None and window.qc.current is not None)
        QApplication.processEvents()
        window.grab().save(str(out / "reports-qc.png"))
        print(out / "reports-qc.png")


if __name__ == "__main__":
    main()
