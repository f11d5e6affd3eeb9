"""The sign-in dialog (issue 16): signed in from the keyboard, each refusal one sentence with
the fields kept, a password remembered in the keyring only when asked and only once the
server accepted it, a login that is not a person of this database, Kerberos-like sign-in
with no password asked, and File → Sign out for the next person."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from liaison_desk.db.engine import Database
from liaison_desk.db.signin import ServerProfile
from liaison_desk.domain import Role
from liaison_desk.services.startup import open_workstation
from tests.database.test_server_roles import Login, login_as  # noqa: F401  (the fixture)
from tests.fake_postgres import fake_postgres
from tests.unit.test_signin import _Memory
from ui.qt import QMessageBox, Qt
from ui.signin import SignInDialog, sign_in_at_start


@pytest.fixture
def memory_keyring() -> Iterator[_Memory]:
    from liaison_desk import sealing

    before = keyring.get_keyring()
    memory = _Memory()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)
    sealing.forget_key_cache()  # a draft key taken from this keyring must not outlive it


def _dialog(qtbot: Any, profile: ServerProfile, **kw: Any) -> SignInDialog:
    dialog = SignInDialog(profile, **kw)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _settled(qtbot: Any, dialog: SignInDialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is not None and not dialog.job.running, timeout=15_000)


def test_asked_for_the_password_then_refused_with_everything_kept(
    qtbot: Any, memory_keyring: _Memory
) -> None:
    with fake_postgres("password") as (port, heard):
        profile = ServerProfile(host="127.0.0.1", port=port, user="maria")
        dialog = _dialog(qtbot, profile, try_now=True)
        _settled(qtbot, dialog)
        # The first try asks nothing of anyone (Kerberos and peer would have signed in).
        assert dialog.notice.kind == "info" and "Type your password" in dialog.notice.text.text()
        assert dialog.password.hasFocus() and heard.passwords == []
        dialog.remember.setChecked(True)
        qtbot.keyClicks(dialog.password, "wrong-one")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        _settled(qtbot, dialog)
        assert heard.passwords == ["wrong-one"]
        assert dialog.notice.kind == "error"
        assert dialog.notice.text.text() == (
            "The server did not accept the user name “maria” with that password."
        )
        assert dialog.isVisible() and dialog.db is None
        assert (dialog.host.text(), dialog.port.value(), dialog.user.text()) == (
            "127.0.0.1", port, "maria")  # fmt: skip
        assert dialog.password.text() == "wrong-one" and dialog.password.hasFocus()
        assert dialog.password.selectedText() == "wrong-one"  # typing replaces it
        assert memory_keyring.kept == {}  # a refused password is never remembered


def test_what_is_missing_is_said_before_trying(qtbot: Any) -> None:
    dialog = _dialog(qtbot, ServerProfile())
    dialog.attempt()
    assert "server's name" in dialog.notice.text.text() and dialog.host.hasFocus()
    dialog.host.setText("db.agency.local")
    dialog.attempt()
    assert dialog.notice.text.text() == "Type your user name." and dialog.user.hasFocus()
    dialog.user.setText("maria")
    dialog.sslmode.setCurrentIndex(dialog.sslmode.findData("verify-full"))
    assert dialog.ca_file.isEnabled()
    dialog.attempt()
    assert "CA file" in dialog.notice.text.text() and dialog.ca_file.hasFocus()
    assert dialog.job is None  # nothing was tried
    dialog.sslmode.setCurrentIndex(dialog.sslmode.findData("prefer"))
    assert not dialog.ca_file.isEnabled()


def test_a_server_that_does_not_answer(qtbot: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog = _dialog(qtbot, ServerProfile(host="127.0.0.1", port=port, user="maria"))
    dialog.password.setText("s3cret")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, dialog)
    assert dialog.notice.text.text().startswith(f"Nothing answers at 127.0.0.1:{port}")
    assert dialog.password.text() == "s3cret"


def _profile_of(url: str, user: str) -> ServerProfile:
    profile, _ = ServerProfile.from_url(url)
    return profile.as_user(user)


@pytest.mark.postgres
def test_signed_in_as_ones_own_login_and_the_password_remembered_when_asked(
    qtbot: Any, pg_db: Database, pg_server_url: str, login_as: Login,  # noqa: F811
    memory_keyring: _Memory,
) -> None:  # fmt: skip
    name, _db = login_as(Role.LIAISON)
    profile = _profile_of(pg_server_url, name)

    def after(db: Database) -> Any:
        return open_workstation(db, "not-the-os-login")

    dialog = _dialog(qtbot, profile, after=after)
    dialog.password.setText("kept-for-next-time")
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.db is not None
    actor, _calendar = dialog.outcome
    assert (actor.login, actor.role) == (name, Role.LIAISON)
    assert dialog.db.url.password is None
    dialog.db.dispose()
    assert list(memory_keyring.kept.values()) == ["kept-for-next-time"]

    # Unticked next time: the remembered password is forgotten.
    again = _dialog(qtbot, profile, password="kept-for-next-time", after=after)
    assert again.remember.isChecked()
    again.remember.setChecked(False)
    with qtbot.waitSignal(again.accepted, timeout=15_000):
        again.attempt()
    assert again.db is not None
    again.db.dispose()
    assert memory_keyring.kept == {}


@pytest.mark.postgres
def test_a_login_that_is_not_a_person_of_this_database(
    qtbot: Any, pg_db: Database, pg_server_url: str
) -> None:
    stranger = f"ld_{uuid.uuid4().hex[:8]}_stranger"
    admin = create_engine(make_url(pg_server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{stranger}" LOGIN'))
    try:
        dialog = _dialog(qtbot, _profile_of(pg_server_url, stranger),
                         after=lambda db: open_workstation(db, "x"))  # fmt: skip
        dialog.attempt()
        _settled(qtbot, dialog)
        assert dialog.notice.kind == "error" and dialog.db is None
        assert f"“{stranger}” has not been added to Liaison Desk" in dialog.notice.text.text()
        assert dialog.user.hasFocus()
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :n"),
                {"n": stranger},
            )
            conn.execute(text(f'DROP ROLE IF EXISTS "{stranger}"'))
        admin.dispose()


@pytest.mark.postgres
def test_no_password_asked_when_the_server_does_not_want_one(
    qtbot: Any, pg_db: Database, pg_server_url: str, login_as: Login,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any,
) -> None:  # fmt: skip
    """As with Kerberos or peer sign-in: the start signs in without a word from the person."""
    monkeypatch.setenv("LIAISON_DESK_DATA_DIR", str(tmp_path))
    name, _db = login_as(Role.UNIT_LEAD)
    url = _profile_of(pg_server_url, name).url()
    ctx = sign_in_at_start(url, demo=False, store=True)
    assert ctx is not None and ctx.actor.login == name and ctx.actor.role == Role.UNIT_LEAD
    ctx.db.dispose()
    from ui import settings as cfg

    assert cfg.DATABASE_URL.get() == url  # the profile, never a password


@pytest.mark.postgres
def test_signing_out_for_the_next_person(
    qtbot: Any, pg_db: Database, pg_server_url: str, login_as: Login,  # noqa: F811
    memory_keyring: _Memory, monkeypatch: pytest.MonkeyPatch, tmp_path: Any,
) -> None:  # fmt: skip
    from liaison_desk.db import passwords
    from liaison_desk.services.users import workstation_actor
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.qt import QSettings

    name, db = login_as(Role.LIAISON)
    with db.session() as s:
        actor = workstation_actor(s, "x")
    profile = _profile_of(pg_server_url, name)
    passwords.remember(profile, "remembered")
    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(db=db, actor=actor), store=store, start=False)
    qtbot.addWidget(window)
    window.show()
    assert window.act_sign_out.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.act_sign_out.trigger()
    assert window.signed_out and not window.isVisible()
    qtbot.waitUntil(lambda: memory_keyring.kept == {}, timeout=5_000)


def test_what_it_set_for_this_computer_is_shown_locked(
    qtbot: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison_desk.presets import load_presets
    from ui.qt import QSettings
    from ui.settings import SettingsDialog

    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nhost = "db.agency.local"\nsslmode = "verify-full"\n'
                      f'sslrootcert = "{ca}"\npeople_may_change = false\n')  # fmt: skip
    monkeypatch.setenv("LIAISON_DESK_CONFIG", str(config))
    presets = load_presets()
    url = presets.choose_database("postgresql://me@my-own-server/x")
    assert url is not None and "db.agency.local" in url
    profile, _ = ServerProfile.from_url(url)
    dialog = _dialog(qtbot, profile, locked=presets.locked_database_fields())
    for field in (dialog.host, dialog.port, dialog.database, dialog.sslmode, dialog.ca_file):
        assert not field.isEnabled() and "Set by IT" in field.toolTip()
    assert dialog.user.isEnabled() and dialog.password.isEnabled()
    assert dialog.user.hasFocus()  # the first thing left to type
    assert dialog.sslmode.currentData() == "verify-full" and dialog.ca_file.text() == str(ca)

    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    settings = SettingsDialog(store=store)
    qtbot.addWidget(settings)
    assert not settings.database_line.isEnabled()
    assert "db.agency.local" in settings.database_line.text()
    settings.accept()
    assert store.value("database/url") in (None, "")  # IT's choice is not copied as theirs


def test_a_password_typed_into_the_settings_address_is_not_kept(qtbot: Any, tmp_path: Any) -> None:
    from ui.qt import QSettings
    from ui.settings import SettingsDialog

    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    settings = SettingsDialog(store=store)
    qtbot.addWidget(settings)
    settings.database_line.setText("postgresql://maria:s3cret@db.agency.local/liaison")
    settings.accept()
    kept = str(store.value("database/url"))
    assert "s3cret" not in kept and kept.startswith("postgresql+psycopg://maria@db.agency.local")
    assert "s3cret" not in (tmp_path / "ui.ini").read_text()


@pytest.mark.postgres
def test_after_signing_out_someone_else_signs_in(
    qtbot: Any, pg_db: Database, pg_server_url: str, login_as: Login,  # noqa: F811
    memory_keyring: _Memory, monkeypatch: pytest.MonkeyPatch, tmp_path: Any,
) -> None:  # fmt: skip
    from liaison_desk.db import passwords
    from ui.qt import QEventLoop

    monkeypatch.setenv("LIAISON_DESK_DATA_DIR", str(tmp_path))
    first, _db = login_as(Role.LIAISON)
    second, _db2 = login_as(Role.UNIT_LEAD)
    passwords.remember(_profile_of(pg_server_url, first), "the-first-persons")

    def the_next_person(dialog: SignInDialog) -> int:
        # Nothing is tried for the one who left, and nothing of theirs is filled in but
        # their user name, selected to be typed over.
        assert dialog.job is None and "Signed out" in dialog.notice.text.text()
        assert dialog.user.text() == first and dialog.password.text() == ""
        assert dialog.user.selectedText() == first
        dialog.user.setText(second)
        loop = QEventLoop()
        dialog.finished.connect(loop.quit)
        dialog.attempt()
        loop.exec()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", the_next_person)
    ctx = sign_in_at_start(_profile_of(pg_server_url, first).url(), demo=False, store=False,
                           signed_out=True)  # fmt: skip
    assert ctx is not None
    assert (ctx.actor.login, ctx.actor.role) == (second, Role.UNIT_LEAD)
    ctx.db.dispose()


@pytest.mark.postgres
def test_peer_sign_in_through_the_servers_socket(pg_db: Database, pg_server_url: str) -> None:
    """Peer (and trust) sign-in on the server's own machine: the server field holds the
    socket folder, and no password is asked."""
    from pathlib import Path

    from liaison_desk.db.signin import sign_in

    folder = Path("/var/run/postgresql")
    if make_url(pg_server_url).host not in ("127.0.0.1", "localhost") or not folder.is_dir():
        pytest.skip("the test server is not on this machine's socket")
    profile = _profile_of(pg_server_url, make_url(pg_server_url).username or "postgres")
    db = sign_in(ServerProfile(host=str(folder), port=profile.port, database=profile.database,
                               user=profile.user))  # fmt: skip
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT inet_server_addr()")).scalar() is None  # a socket
    finally:
        db.dispose()


def test_at_start_another_database_can_be_chosen_instead(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """A team database that cannot be reached today: the settings open from the sign-in,
    and the start begins again with what was chosen there (this computer's own database)."""
    from tests.mnemonics import clashes
    from ui.settings import SettingsDialog
    from ui.signin import CHOOSE_AGAIN

    monkeypatch.setenv("LIAISON_DESK_DATA_DIR", str(tmp_path))
    seen: list[SignInDialog] = []

    def click_other(dialog: SignInDialog) -> int:
        seen.append(dialog)
        button = dialog.footer.findChild(type(dialog.sign_in_button), "signInOther")
        assert button is not None and clashes(dialog) == {}
        loop_result: list[int] = []
        dialog.finished.connect(loop_result.append)
        button.click()
        return loop_result[0]

    monkeypatch.setattr(SignInDialog, "exec", click_other)
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: 1)
    url = "postgresql+psycopg://db.agency.local/liaison"  # nobody named: nothing is tried
    assert sign_in_at_start(url, demo=False, store=True, other_database=True) == CHOOSE_AGAIN
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: 0)  # the settings cancelled
    assert sign_in_at_start(url, demo=False, store=True, other_database=True) is None
    assert seen and seen[0].job is None
