"""Every file the app writes under the person's folders is theirs alone: the embedded
database (with its WAL and index), the log, the autosaved drafts and their folders."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from liaison_desk.db.engine import Database
from liaison_desk.db.schema import upgrade
from liaison_desk.logs import setup_logging
from liaison_desk.paths import autosave_dir, data_dir, default_sqlite_path, log_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: the profile ACL)")


@pytest.fixture
def open_umask() -> Iterator[None]:
    # As on a typical workstation: new files readable by everyone unless the app says not.
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_database_log_and_folders_are_private() -> None:
    db = Database(f"sqlite:///{default_sqlite_path()}")
    try:
        upgrade(db)
        with db.session() as s:  # a write: the WAL exists from here on
            s.execute(text("UPDATE change_marks SET seq = seq + 1"))
        log_path = setup_logging()
        logging.getLogger("liaison_desk.test").warning("a line")
        for folder in (data_dir(), log_dir(), autosave_dir()):
            assert mode(folder) == 0o700, folder
        for file in (default_sqlite_path(), Path(f"{default_sqlite_path()}-wal"), log_path):
            assert file.exists() and mode(file) == 0o600, file
    finally:
        db.dispose()


@pytest.mark.usefixtures("open_umask")
def test_an_autosaved_draft_is_private(
    qtbot, sqlite_db: Database, clock, calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison_desk.domain import Role
    from tests.conftest import make_user
    from ui.context import AppContext
    from ui.intake import MemberIntakeDialog
    from ui.intake.base import IntakeDialog

    monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)
    actor = make_user(sqlite_db, "lee", Role.LIAISON, "Lee Liaison")
    dialog = MemberIntakeDialog(AppContext(sqlite_db, actor, clock, calendar))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.lists_ready, timeout=5000)
    dialog.member_name.set_text("Zoë Quartermaine")
    dialog.autosave.flush()
    drafts = list(autosave_dir().glob("member-*.json"))
    assert drafts and all(mode(d) == 0o600 for d in drafts)


def test_a_draft_is_sealed_where_a_keyring_exists(
    qtbot, sqlite_db: Database, clock, calendar, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    from liaison_desk.domain import Role
    from liaison_desk.sealing import MAGIC, forget_key_cache
    from tests.conftest import make_user
    from ui.context import AppContext
    from ui.intake import MemberIntakeDialog
    from ui.intake.autosave import Autosave
    from ui.intake.base import IntakeDialog

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.secrets: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.secrets.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.secrets[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.secrets.pop((service, username), None)

    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    forget_key_cache()
    try:
        monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)
        actor = make_user(sqlite_db, "lee", Role.LIAISON, "Lee Liaison")
        dialog = MemberIntakeDialog(AppContext(sqlite_db, actor, clock, calendar))
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.lists_ready, timeout=5000)
        dialog.member_name.set_text("Zoë Quartermaine")
        dialog.autosave.flush()
        (draft,) = autosave_dir().glob("member-*.json")
        raw = draft.read_bytes()
        assert raw.startswith(MAGIC) and b"Quartermaine" not in raw
        dialog.autosave.timer.stop()
        from ui.intake import autosave as module

        module._live.discard(draft)  # as after a crash: the form is gone, the draft stays
        (found,) = Autosave.orphans("member")
        assert found.fields["member_name"] == "Zoë Quartermaine"
    finally:
        keyring.set_keyring(before)
        forget_key_cache()
