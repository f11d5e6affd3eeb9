"""Render the sign-in dialog (docs/screenshots/signin*.png): as it opens for a team database
checked with a CA file, and after the server refused the password (the sentence is the one
the app words for that refusal, from a stand-in server that refuses as PostgreSQL does).

    .venv/bin/python docs/screenshots/signin_shots.py [--out DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-signin-shots-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from intake_shots import start  # noqa: E402

from liaison_desk.db.signin import ServerProfile, SignInFailed, sign_in  # noqa: E402
from tests.fake_postgres import fake_postgres  # noqa: E402
from ui.qt import QApplication  # noqa: E402
from ui.signin import SignInDialog  # noqa: E402


def main() -> None:
    app, out, _ctx = start("Render the sign-in screenshots.")
    ca = Path(tempfile.mkdtemp()) / "agency-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    profile = ServerProfile(host="db.agency.local", user="maria.lopez", sslmode="verify-full",
                            sslrootcert=str(ca))  # fmt: skip
    dialog = SignInDialog(profile, other_database=True)  # as at start
    dialog.ca_file.setText("C:/ProgramData/Liaison Desk/agency-ca.pem")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "signin.png"))
    print(out / "signin.png")

    with fake_postgres("password") as (port, _heard):
        try:
            sign_in(ServerProfile(host="127.0.0.1", port=port, user="maria.lopez"), "x")
        except SignInFailed as refused:
            dialog.notice.say(str(refused), "error")
    dialog.password.setText("not-her-password")
    dialog.password.selectAll()
    dialog.password.setFocus()
    QApplication.processEvents()
    dialog.grab().save(str(out / "signin-refused.png"))
    print(out / "signin-refused.png")


if __name__ == "__main__":
    main()
