"""Render the e-mail intake screenshots (issue 14): the form filled from a dropped message,
the saved page with the acknowledgement to send, and Reply by e-mail… on the saved inquiry.

    .venv/bin/python docs/screenshots/email_shots.py            # intake-email*.png here
"""

from __future__ import annotations

import sys
import tempfile
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intake_shots import ready, shoot, start  # noqa: E402

from ui.actions.email_reply import EmailReplyDialog  # noqa: E402
from ui.intake import EmailIntakeDialog  # noqa: E402
from ui.qt import QApplication, QEventLoop, QTimer  # noqa: E402


def message(folder: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Rosa Delgado <rosa.delgado@example.org>"
    msg["To"] = "IMEMemberServices@example.gov"
    msg["Subject"] = "Son's transportation to therapy"
    msg["Date"] = "Mon, 23 Nov 2026 07:42:00 -0600"
    msg.set_content(
        "Hello,\n\nMy son's rides to physical therapy in Ankeny have not shown up twice this "
        "month (11/10 and 11/17). The transportation broker says the MCO has not renewed the "
        "standing order. Can someone help before his 11/24 appointment?\n\nThank you,\nRosa"
    )
    path = folder / "Son's transportation to therapy.eml"
    path.write_bytes(bytes(msg))
    return path


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    _app, out, ctx = start("Render the e-mail intake screenshots.")
    dialog = EmailIntakeDialog(ctx)
    ready(dialog)
    dialog.take_file(message(Path(tempfile.mkdtemp(prefix="ld-email-shots-"))))
    wait(1500)
    dialog.member_name.set_text("Mateo Delgado")
    dialog.state_id.set_text("2345678c")
    dialog.issue_type.set_value("Transportation", "Ride did not come")
    shoot(dialog, out / "intake-email.png")
    loop = QEventLoop()
    dialog.saved.connect(loop.quit)
    QTimer.singleShot(10_000, loop.quit)
    dialog.save()
    loop.exec()
    dialog.resize(dialog.width(), 520)
    QApplication.processEvents()
    dialog.grab().save(str(out / "intake-email-saved.png"))
    print(out / "intake-email-saved.png")
    inquiry_id = dialog.saved_panel.info.inquiry_id  # type: ignore[union-attr]
    dialog.ack.log_by_hand()
    wait(1000)
    reply = EmailReplyDialog(ctx, inquiry_id)
    reply.show()
    for _ in range(50):
        if reply.ready:
            break
        wait(100)
    reply.what.set_value("reply")
    reply.text.setText(
        "Dear Ms. Delgado,\n\nThank you for writing. We reached the MCO's transportation team "
        "today: the standing order for your son's rides to physical therapy has been renewed, "
        "and his ride on 11/24 is confirmed for 8:15 AM.\n\nIowa Medicaid Member Services"
    )
    wait(200)
    reply.grab().save(str(out / "email-reply.png"))
    print(out / "email-reply.png")


if __name__ == "__main__":
    main()
