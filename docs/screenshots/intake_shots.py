"""Render the intake-form screenshots in this folder (offscreen, fixed clock and data).

    .venv/bin/python docs/screenshots/intake_shots.py                 # intake-*.png here
    QT_SCALE_FACTOR=1.5 .venv/bin/python docs/screenshots/intake_shots.py --out /tmp/x
    .venv/bin/python docs/screenshots/intake_shots.py --dark --out /tmp/x

The clock is Monday 23 November 2026, 9:00 AM in Des Moines, so the deadlines shown are
the same every time ("Contact originator by Mon 11/23 1:00 PM — 4 business hours").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-intake-shots-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from liaison_desk.calendar import BusinessCalendar  # noqa: E402
from liaison_desk.clock import ManualClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.db.models import User  # noqa: E402
from liaison_desk.db.schema import upgrade  # noqa: E402
from liaison_desk.domain import Role  # noqa: E402
from liaison_desk.services.context import Actor  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.intake import CallbackRequestDialog, MemberIntakeDialog, ProviderIntakeDialog  # noqa: E402
from ui.intake.base import IntakeDialog  # noqa: E402
from ui.qt import QApplication, QColor, QEventLoop, QPalette, QTimer  # noqa: E402

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/Chicago"))


def dark_palette() -> QPalette:
    p = QPalette()
    for role, colour in {
        QPalette.ColorRole.Window: "#1F2226",
        QPalette.ColorRole.WindowText: "#E6E8EA",
        QPalette.ColorRole.Base: "#17191C",
        QPalette.ColorRole.AlternateBase: "#202327",
        QPalette.ColorRole.Text: "#E6E8EA",
        QPalette.ColorRole.Button: "#2A2E33",
        QPalette.ColorRole.ButtonText: "#E6E8EA",
        QPalette.ColorRole.Highlight: "#3D7BD9",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.PlaceholderText: "#8A9096",
    }.items():
        p.setColor(role, QColor(colour))
    return p


def context() -> AppContext:
    db = Database(f"sqlite:///{os.environ['LIAISON_DESK_DATA_DIR']}/shots.sqlite3")
    upgrade(db)
    with db.session() as s:
        user = User(login="lliaison", display_name="Lee Liaison", role=str(Role.LIAISON))
        s.add(user)
        s.flush()
        actor = Actor("lliaison", Role.LIAISON, user.id, "Lee Liaison")
    return AppContext(db, actor, ManualClock(MONDAY), BusinessCalendar())


def ready(d: IntakeDialog) -> None:
    """Wait, as a person would, for the form's lists (read off the GUI thread) to fill in."""
    if not d.lists_ready:
        loop = QEventLoop()
        d.listsLoaded.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
    assert d.lists_ready, "the intake lists did not load"


def pick(combo: Any, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def fill_member(d: MemberIntakeDialog) -> None:
    ready(d)
    pick(d.source, "Managed Care Ombudsman")
    d.member_name.set_text("Jane Q. Doe")
    d.state_id.set_text("1234567a")
    d.caller_name.set_text("Maria Lopez, Office of the Managed Care Ombudsman")
    d.caller_phone.set_text("515.555.0142")
    d.enrolled_yes.setChecked(True)
    pick(d.mco, "Iowa Total Care")
    d.high.setChecked(True)
    d.description.set_text(
        "Member's prior authorization for home health services was denied twice; she has "
        "been without services since 11/16. The Ombudsman asks for an urgent review."
    )


def fill_provider(d: ProviderIntakeDialog) -> None:
    ready(d)
    pick(d.source, "Provider Association Group")
    d.npi.set_text("1234567893")
    d.provider_name.set_text("Prairie Family Clinic")
    d.contact_name.set_text("Dana Whitfield, billing manager")
    d.contact_phone.set_text("5152815000")
    for box in d.mcos.boxes:
        box.setChecked(box.text() in ("Iowa Total Care", "Wellpoint Iowa"))
    d.escalated.setChecked(True)
    d.description.set_text(
        "Claims for dates of service 10/01-10/31 denied with remark N290 (missing rendering "
        "provider) although the rendering NPI is on every claim. 43 claims affected."
    )


def fill_callback(d: CallbackRequestDialog) -> None:
    ready(d)
    d.caller_name.set_text("Robert Haines")
    d.caller_phone.set_text("319-555-0187")
    d.member_name.set_text("Evelyn Haines")
    d.state_id.set_text("7654321b")
    d.question.set_text(
        "Caller (the member's son) asks why his mother's coverage shows as ending 11/30 "
        "after she returned her renewal form on 11/2. Renewal processing time explained; "
        "he would like a supervisor to call back."
    )


def full_height(d: IntakeDialog) -> None:
    """Tall enough to show the whole form without its scroll bar."""
    QApplication.processEvents()
    chrome = d.height() - d.scroll_area.viewport().height()
    d.resize(d.width(), d.form_body.sizeHint().height() + chrome)
    QApplication.processEvents()


def shoot(d: IntakeDialog, path: Path) -> None:
    d.show()
    full_height(d)
    d.grab().save(str(path))
    print(path)


def start(description: str) -> tuple[QApplication, Path, AppContext]:
    """The command line (--out, --dark), the application and a context: what every
    screenshot script of this folder begins with."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if args.dark:
        app.setPalette(dark_palette())
    args.out.mkdir(parents=True, exist_ok=True)
    return app, args.out, context()


def main() -> None:
    _app, out, ctx = start("Render the intake-form screenshots.")

    member = MemberIntakeDialog(ctx)
    fill_member(member)
    shoot(member, out / "intake-member.png")

    provider = ProviderIntakeDialog(ctx)
    fill_provider(provider)
    shoot(provider, out / "intake-provider.png")

    callback = CallbackRequestDialog(ctx)
    fill_callback(callback)
    shoot(callback, out / "intake-callback.png")

    loop = QEventLoop()
    member.saved.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    member.save()
    loop.exec()
    assert member.saved_info is not None, "the member inquiry was not saved"
    member.resize(member.width(), 480)
    QApplication.processEvents()
    member.grab().save(str(out / "intake-saved.png"))
    print(out / "intake-saved.png")

    # The same member again: the form shows her open inquiry and asks if it is the same issue.
    again = MemberIntakeDialog(ctx)
    fill_member(again)
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # the look-up waits for typing to pause, then reads
    loop.exec()
    shoot(again, out / "intake-duplicate.png")


if __name__ == "__main__":
    main()
