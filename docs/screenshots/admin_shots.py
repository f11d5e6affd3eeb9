"""Render the administration window screenshots in this folder (offscreen, fixed data).

.venv/bin/python docs/screenshots/admin_shots.py                 # admin-*.png here
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-admin-shots-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from excel_shots import wait_for  # noqa: E402
from intake_shots import start  # noqa: E402

from liaison_desk.clock import ManualClock  # noqa: E402
from liaison_desk.db.models import User  # noqa: E402
from liaison_desk.demo import fill_demo  # noqa: E402
from liaison_desk.domain import Role  # noqa: E402
from liaison_desk.services import calendar_config  # noqa: E402
from liaison_desk.services.context import Actor  # noqa: E402
from ui.admin import AdminWindow  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.qt import QApplication  # noqa: E402

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/Chicago"))


def main() -> None:
    _app, out, ctx = start("Render the administration screenshots.")
    fill_demo(ctx.db, 200, 2026, ManualClock(MONDAY))
    with ctx.db.session() as s:
        boss = User(login="aadmin", display_name="Ada Admin", role=str(Role.ADMIN))
        s.add(boss)
        s.flush()
        actor = Actor("aadmin", Role.ADMIN, boss.id, "Ada Admin")
    app_ctx = AppContext(ctx.db, actor, ManualClock(MONDAY), ctx.calendar)
    with ctx.db.session() as s:
        calendar_config.add_closure(s, app_ctx.service_context(), date(2026, 11, 27),
                                    "Day after Thanksgiving")  # fmt: skip
    window = AdminWindow(app_ctx)
    window.resize(1180, 820)
    window.show()
    for tab, name in ((window.users, "users"), (window.mcos, "mcos"),
                      (window.calendar, "calendar"), (window.policies, "policies"),
                      (window.lists, "lists")):  # fmt: skip
        window.tabs.setCurrentWidget(tab)
        if hasattr(tab, "rows"):
            wait_for(lambda t=tab: bool(t.rows))
            tab.table.selectRow(0 if name != "mcos" else 2)
        else:
            wait_for(lambda t=tab: t.data is not None)
        QApplication.processEvents()
        path = out / f"admin-{name}.png"
        window.grab().save(str(path))
        print(path)


if __name__ == "__main__":
    main()
