"""Signing in to the team database: where it is, who you are, your password, and how the
connection is protected. Each refusal is one sentence in the dialog and nothing typed is
lost. Used at start (and after File → Sign out) and by the settings' "Team database…".

The attempt runs off the GUI thread: signing in (and, at start, finding the person and the
calendar) can take the server's whole timeout. A password is remembered in the keyring only
when the box is ticked; unticking it forgets the one remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.db import passwords
from liaison_desk.db.engine import Database
from liaison_desk.db.signin import SSL_MODES, Failure, ServerProfile, SignInFailed, sign_in
from liaison_desk.errors import PermissionDenied
from ui import ops
from ui.context import AppContext
from ui.files import choose_open_file
from ui.ops import Problem
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.notice import Notice

# What to do once signed in (at start: find the person and the calendar), on the worker.
AfterSignIn = Callable[[Database], Any]
# The dialog's answer when the person chose another database in the settings instead.
CHOOSE_AGAIN = "choose again"
_OTHER = 2
CA_FILTER = "Certificates (*.pem *.crt *.cer);;All files (*)"


class SignInDialog(QDialog):
    def __init__(
        self,
        profile: ServerProfile,
        *,
        password: str | None = None,
        message: str = "",
        after: AfterSignIn | None = None,
        try_now: bool = False,
        locked: frozenset[str] = frozenset(),
        other_database: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``after(db)`` runs once connected (its result is :attr:`outcome`); ``try_now``
        signs in at once with what is known (a remembered password, Kerberos, peer);
        ``locked`` names the fields IT set and does not let people change."""
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in — Liaison Desk")
        self.after = after
        self.db: Database | None = None
        self.outcome: Any = None
        self.job: ops.Operation[Any] | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(DialogHeader("Sign in", "to your team's Liaison Desk database"))
        body = QVBoxLayout()
        body.setContentsMargins(20, 14, 20, 8)
        form = QFormLayout()
        self.host = QLineEdit(profile.host, self)
        self.host.setObjectName("signInHost")
        self.host.setPlaceholderText("db.agency.local")
        self.port = QSpinBox(self)
        self.port.setObjectName("signInPort")
        self.port.setRange(1, 65535)
        self.port.setValue(profile.port)
        self.port.setAccessibleName("Port")
        self.port.setToolTip("The server's port (PostgreSQL's usual one is 5432)")
        where = QHBoxLayout()
        where.addWidget(self.host, 1)
        where.addWidget(self.port)
        form.addRow("Ser&ver", where)
        form.labelForField(where).setBuddy(self.host)  # type: ignore[attr-defined]
        self.database = QLineEdit(profile.database, self)
        self.database.setObjectName("signInDatabase")
        form.addRow("&Database", self.database)
        self.user = QLineEdit(profile.user, self)
        self.user.setObjectName("signInUser")
        form.addRow("&User name", self.user)
        self.password = QLineEdit(password or "", self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("not needed with a network (Kerberos) sign-in")
        form.addRow("&Password", self.password)
        self.remember = QCheckBox("&Remember my password on this computer", self)
        self.remember.setObjectName("signInRemember")
        self.remember.setChecked(bool(password))
        if not passwords.can_remember():
            self.remember.setEnabled(False)
            self.remember.setChecked(False)
            self.remember.setText("Remember my password (this computer has no password store)")
        form.addRow("", self.remember)
        self.sslmode = QComboBox(self)
        self.sslmode.setObjectName("signInSslMode")
        for mode, words in SSL_MODES.items():
            self.sslmode.addItem(words, mode)
        self.sslmode.setCurrentIndex(max(0, self.sslmode.findData(profile.sslmode)))
        form.addRow("&Connection", self.sslmode)
        ca_row = QHBoxLayout()
        self.ca_file = QLineEdit(profile.sslrootcert, self)
        self.ca_file.setObjectName("signInCaFile")
        self.ca_file.setPlaceholderText("the CA file IT gave you, to check the certificate")
        self.ca_browse = QPushButton("&Browse…", self)
        self.ca_browse.setAutoDefault(False)
        self.ca_browse.clicked.connect(lambda _c=False: self._browse_ca())
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_browse)
        form.addRow("C&A file", ca_row)
        form.labelForField(ca_row).setBuddy(self.ca_file)  # type: ignore[attr-defined]
        body.addLayout(form)
        self.notice = Notice()
        body.addWidget(self.notice)
        body.addStretch(1)
        box.addLayout(body, 1)
        self.footer = DialogFooter("Enter signs in · Esc cancels")
        if other_database:  # at start: the way back to the embedded database, or another
            self.footer.add_button(
                "Use an&other database…", self._other, name="signInOther",
                tip="Open the settings to choose this computer's own database or another",
            )  # fmt: skip
        self.footer.add_button("Cancel", self.reject, name="signInCancel")
        self.sign_in_button = self.footer.add_button("&Sign in", self.attempt, name="signInButton")
        self.sign_in_button.setDefault(True)  # Enter signs in: the one thing this dialog does
        box.addWidget(self.footer)
        self._extra = profile.extra
        self.sslmode.currentIndexChanged.connect(lambda _i: self._ca_shown())
        self._ca_shown()
        for name in locked:  # IT's choices: shown, not changeable here
            widget = self._fields().get(name)
            if widget is not None:
                widget.setEnabled(False)
                widget.setToolTip("Set by IT for this computer")
        if message:
            self.notice.say(message, "error")
        self.resize(560, self.sizeHint().height())
        self._focus_first_empty()
        if try_now:
            self.attempt(quietly=True)

    def _fields(self) -> dict[str, QWidget]:
        return {"host": self.host, "port": self.port, "database": self.database,
                "sslmode": self.sslmode, "sslrootcert": self.ca_file}  # fmt: skip

    def _ca_shown(self) -> None:
        checks = str(self.sslmode.currentData()) in ("verify-ca", "verify-full")
        self.ca_file.setEnabled(checks and self.sslmode.isEnabled())
        self.ca_browse.setEnabled(checks and self.sslmode.isEnabled())

    def _browse_ca(self) -> None:
        name = choose_open_file(self, "The CA file", self.ca_file.text(), CA_FILTER)
        if name:
            self.ca_file.setText(name)

    def _focus_first_empty(self) -> None:
        for edit in (self.host, self.database, self.user, self.password):
            if edit.isEnabled() and not edit.text():
                edit.setFocus()
                return
        self.password.setFocus()

    def profile(self) -> ServerProfile:
        return ServerProfile(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=str(self.sslmode.currentData()),
            sslrootcert=self.ca_file.text().strip(),
            extra=self._extra,
        )

    # --- signing in ----------------------------------------------------------------------
    def attempt(self, *, quietly: bool = False) -> None:
        if self.job is not None and self.job.running:
            return
        profile = self.profile()
        if not profile.host:
            self._say("Type the server's name (IT gives it to you).", self.host)
            return
        if not profile.user:
            self._say("Type your user name.", self.user)
            return
        problems = profile.problems()
        if problems:
            field, text = next(iter(problems.items()))
            self._say(text, self._fields().get(field))
            return
        password = self.password.text() or None
        keep = self.remember.isChecked() and self.remember.isEnabled()
        after = self.after

        def work() -> tuple[Database, Any]:
            db = sign_in(profile, password)
            try:
                outcome = after(db) if after is not None else None
            except BaseException:
                db.dispose()
                raise
            # Only once the server said yes: a wrong password is never remembered.
            if keep and password:
                passwords.remember(profile, password)
            elif not keep:
                passwords.forget(profile)
            return db, outcome

        self.job = (
            ops.background(self, work, verb="signed in", where="signing in")
            .done(self._signed_in)
            .failed(lambda p: self._failed(p, quietly))
        )
        self._busy(True)
        self.job.start()

    def _signed_in(self, result: tuple[Database, Any]) -> None:
        self._busy(False)
        self.db, self.outcome = result
        self.accept()

    def _failed(self, problem: Problem, quietly: bool) -> None:
        self._busy(False)
        error = problem.error
        if isinstance(error, SignInFailed) and error.failure is Failure.NEEDS_PASSWORD:
            if quietly:  # the first try, without a password: just ask for it
                self.notice.say("Type your password to sign in.", "info")
            else:
                self._say("The server asks for your password: type it.", self.password)
            self.password.setFocus()
            return
        if isinstance(error, SignInFailed) and error.failure is Failure.PASSWORD:
            self._say(str(error), self.password)
            self.password.selectAll()
            return
        if isinstance(error, PermissionDenied):  # signed in, but not a person of this database
            self._say(str(error), self.user)
            return
        self._say(problem.reason or problem.text, None)

    def _say(self, text: str, field: QWidget | None) -> None:
        self.notice.say(text, "error")
        if field is not None and field.isEnabled():
            field.setFocus()

    def _busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.footer.status.setText("Signing in…" if busy else "")

    def _other(self) -> None:
        if self.job is not None and self.job.running:
            self.footer.status.setText("Still trying to sign in: wait a moment.")
            return
        self.done(_OTHER)

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.footer.status.setText("Still trying to sign in: wait a moment.")
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.job is not None and self.job.running:
            event.ignore()
            return
        super().closeEvent(event)


def sign_in_at_start(
    url: str,
    demo: bool,
    *,
    store: bool,
    signed_out: bool = False,
    locked: frozenset[str] = frozenset(),
    other_database: bool = False,
) -> AppContext | str | None:
    """The person signed in to the PostgreSQL database of ``url`` and their context, or None
    when they cancel. Tried at once with what is known (a password written in the address or
    remembered, Kerberos, peer) unless they just signed out; ``store`` keeps the profile
    they end up using (not the password) as the settings' database. :data:`CHOOSE_AGAIN`
    when they chose another database in the settings instead (``other_database``)."""
    import getpass

    from liaison_desk.services.startup import open_workstation
    from ui import settings as cfg

    profile, written = ServerProfile.from_url(url)
    if not profile.user:  # IT's address names no one: the last person here, to confirm
        profile = profile.as_user(cfg.LAST_USER.get())
    known = written or (None if signed_out else passwords.remembered(profile))

    def after(db: Database) -> Any:
        return open_workstation(db, getpass.getuser(), demo=demo)

    dialog = SignInDialog(
        profile, password=known, after=after, try_now=not signed_out and bool(profile.user),
        locked=locked, other_database=other_database,
    )  # fmt: skip
    if signed_out:
        dialog.notice.say("Signed out. The next person signs in with their own name.", "info")
        dialog.user.selectAll()
        dialog.user.setFocus()
    answer = dialog.exec()
    if answer == _OTHER:
        return CHOOSE_AGAIN if cfg.SettingsDialog().exec() else None
    if answer != QDialog.DialogCode.Accepted or dialog.db is None:
        return None
    if store:
        cfg.DATABASE_URL.set(dialog.profile().url())
    cfg.LAST_USER.set(dialog.profile().user)
    actor, calendar = dialog.outcome
    return AppContext(db=dialog.db, actor=actor, calendar=calendar)
