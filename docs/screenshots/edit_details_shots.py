"""Render the Edit details screenshot in this folder (offscreen, fixed clock and data).

    .venv/bin/python docs/screenshots/edit_details_shots.py            # edit-details.png here
    .venv/bin/python docs/screenshots/edit_details_shots.py --out /tmp/x

A member inquiry taken in on Monday 23 November 2026 at 9:00 AM whose received time is
being corrected to the Friday before: the dialog shows the deadline it moves to.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake_shots import MONDAY, fill_member, start

from ui.actions import EditDetailsDialog
from ui.intake import MemberIntakeDialog
from ui.qt import QApplication, QDate, QDateTime, QEventLoop, QTime, QTimer, QTimeZone


def main() -> None:
    _app, out, ctx = start("Render the Edit details screenshot.")
    member = MemberIntakeDialog(ctx)
    fill_member(member)
    loop = QEventLoop()
    member.saved.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    member.save()
    loop.exec()
    assert member.saved_info is not None, "the member inquiry was not saved"

    dialog = EditDetailsDialog(ctx, member.saved_info.inquiry_id)
    dialog.show()
    while not dialog.ready:
        QApplication.processEvents()
    friday = MONDAY.replace(day=20, hour=15)
    assert isinstance(friday, datetime)
    dialog.received.edit.setDateTime(
        QDateTime(QDate(2026, 11, 20), QTime(friday.hour, 0), QTimeZone.utc())
    )
    dialog.reason.setText("Faxed Friday afternoon; opened Monday morning")
    dialog.caller_phone.setText("(515) 555-0142 x22")
    dialog.resize(dialog.width(), dialog.sizeHint().height())
    QApplication.processEvents()
    path = out / "edit-details.png"
    dialog.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    main()
