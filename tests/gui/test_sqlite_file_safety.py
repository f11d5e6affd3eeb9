"""The embedded database survives a file dialog listing its folder and another program
opening it (issue: committed notes and imports vanished, the file ended "malformed").

POSIX locks belong to the process; closing any descriptor of the database's files drops
them, and the next program to open and close the database then removed our write-ahead log.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.files import protected_database, refuse_database_file
from liaison_desk.db.models import TimelineEntry
from liaison_desk.domain import Role
from liaison_desk.errors import InputRefused
from liaison_desk.saving import save_bytes
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import member_inquiry, run
from tests.conftest import make_user

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks only")

# What another program does: open the database, read, close. As the last connection it
# checkpoints and deletes the WAL unless it sees our locks.
OTHER_PROGRAM = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "c.execute('SELECT count(*) FROM inquiries').fetchone()\n"
    "c.close()\n"
)


@pytest.fixture
def sqlite_db(_sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A database named as in the report (``t.db``): a name whose type Qt's MIME database
    can only tell by reading the file."""
    path = tmp_path / "t.db"
    shutil.copy(_sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def ctx(sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar) -> ServiceContext:
    actor = make_user(sqlite_db, "lliaison", Role.LIAISON, "Lee Liaison")
    return ServiceContext(actor=actor, clock=clock, calendar=calendar)


def other_program_reads(path: Path) -> None:
    subprocess.run([sys.executable, "-c", OTHER_PROGRAM, str(path)], check=True, timeout=60)


def database_path(db: Database) -> Path:
    assert db.file is not None
    return db.file


def intake(db: Database, ctx: ServiceContext) -> int:
    return member_inquiry(db, ctx)


def add_note(db: Database, ctx: ServiceContext, inquiry_id: int, text: str) -> None:
    run(db, actions.add_note, ctx, inquiry_id, text=text)


def fresh_count_and_check(path: Path) -> tuple[int, str]:
    """What a program that opens the file afresh finds there."""
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "q = \"SELECT count(*) FROM timeline_entries WHERE kind = 'note'\"\n"
        "n = c.execute(q).fetchone()[0]\n"
        "ok = c.execute('PRAGMA integrity_check').fetchone()[0]\n"
        "print(n, ok)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split()
    return int(out[0]), out[1]


def notes_in(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(
            select(func.count()).select_from(TimelineEntry).where(TimelineEntry.kind == "note")
        )


def test_a_file_dialog_listing_the_folder_loses_nothing(
    sqlite_db: Database, ctx: ServiceContext, qtbot
) -> None:
    from ui.files import file_dialog
    from ui.qt import QFileSystemModel, Qt

    path = database_path(sqlite_db)
    inquiry_id = intake(sqlite_db, ctx)
    add_note(sqlite_db, ctx, inquiry_id, "Called the member")
    wal_before = os.stat(f"{path}-wal").st_ino

    # A real dialog, as Save as PDF… shows it, listing the database's own folder.
    dialog = file_dialog(
        None, "Save the letter as PDF", str(path.parent), "All files (*)", save=True
    )
    qtbot.addWidget(dialog)
    dialog.setDirectory(str(path.parent))
    dialog.show()
    qtbot.waitExposed(dialog)
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    folder = model.index(str(path.parent))
    names = {path.name, f"{path.name}-wal", f"{path.name}-shm"}

    def listed() -> bool:
        found = {model.index(r, 0, folder).data() for r in range(model.rowCount(folder))}
        return names <= found

    qtbot.waitUntil(listed, timeout=10_000)
    # Everything a view asks of each file: its icon and its type, then a full repaint.
    for row in range(model.rowCount(folder)):
        index = model.index(row, 0, folder)
        model.data(index, Qt.ItemDataRole.DecorationRole)
        model.type(index)
    dialog.grab()
    dialog.close()

    other_program_reads(path)

    assert os.stat(f"{path}-wal").st_ino == wal_before, "another program removed our WAL"
    add_note(sqlite_db, ctx, inquiry_id, "MCO called back")
    add_note(sqlite_db, ctx, inquiry_id, "Member confirmed the ride")
    assert notes_in(sqlite_db) == 3
    assert fresh_count_and_check(path) == (3, "ok")
    sqlite_db.dispose()
    assert fresh_count_and_check(path) == (3, "ok")


def test_lost_locks_are_noticed_and_the_database_reopened(
    sqlite_db: Database, ctx: ServiceContext
) -> None:
    path = database_path(sqlite_db)
    told: list[str] = []
    sqlite_db.on_reopened(told.append)
    inquiry_id = intake(sqlite_db, ctx)
    add_note(sqlite_db, ctx, inquiry_id, "Called the member")

    # Something in the process opens and closes the files: our locks are gone.
    for name in (str(path), f"{path}-shm"):
        os.close(os.open(name, os.O_RDONLY))
    other_program_reads(path)
    assert not os.path.exists(f"{path}-wal")  # the other program took the WAL away

    add_note(sqlite_db, ctx, inquiry_id, "MCO called back")
    assert told and "nothing saved was lost" in told[0]
    add_note(sqlite_db, ctx, inquiry_id, "Member confirmed the ride")
    assert fresh_count_and_check(path) == (3, "ok")
    sqlite_db.dispose()
    assert fresh_count_and_check(path) == (3, "ok")


def test_an_io_error_reopens_and_says_so(sqlite_db: Database, ctx: ServiceContext) -> None:
    from sqlalchemy import event

    from liaison_desk.errors import DatabaseUnavailable

    path = database_path(sqlite_db)
    told: list[str] = []
    sqlite_db.on_reopened(told.append)
    inquiry_id = intake(sqlite_db, ctx)
    failures = [sqlite3.OperationalError("disk I/O error")]

    def fail_once(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if failures and statement.lstrip().upper().startswith("INSERT INTO TIMELINE"):
            raise failures.pop()

    event.listen(sqlite_db.engine, "before_cursor_execute", fail_once)
    with pytest.raises(DatabaseUnavailable, match="what you typed is kept"):
        add_note(sqlite_db, ctx, inquiry_id, "Called the member")
    assert told
    add_note(sqlite_db, ctx, inquiry_id, "Called the member")  # the same save, again
    assert fresh_count_and_check(path) == (1, "ok")


def test_nothing_opens_or_overwrites_the_open_database(sqlite_db: Database, tmp_path) -> None:
    path = database_path(sqlite_db)
    with sqlite_db.read_session() as s:
        s.scalar(select(func.count()).select_from(TimelineEntry))
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert protected_database(companion) == path
        with pytest.raises(InputRefused, match="own database"):
            refuse_database_file(companion)
    link = tmp_path / "elsewhere.xlsx"
    os.link(path, link)  # the same file under another name
    assert protected_database(link) == path
    assert protected_database(tmp_path / "letter.pdf") is None

    before = path.read_bytes()[:100]
    with pytest.raises(InputRefused, match="own database"):
        save_bytes(path, b"%PDF-1.4 a letter")
    from liaison_desk.excel.reader import open_workbook

    with pytest.raises(InputRefused, match="own database"):
        open_workbook(path)
    assert path.read_bytes()[:100] == before
    assert fresh_count_and_check(path)[1] == "ok"


def test_every_file_dialog_goes_through_the_safe_chooser() -> None:
    ui = Path(__file__).resolve().parents[2] / "ui"
    offenders = [
        str(p.relative_to(ui))
        for p in ui.rglob("*.py")
        if p.name not in ("qt.py", "files.py")
        and any(
            word in p.read_text(encoding="utf-8")
            for word in ("QFileDialog", "QFileSystemModel", "QFileIconProvider", "QMimeDatabase")
        )
    ]
    assert offenders == []


def test_a_note_dialog_keeps_its_text_through_an_io_error(
    sqlite_db: Database, ctx: ServiceContext, clock: ManualClock, qtbot
) -> None:
    from sqlalchemy import event

    from ui.actions import NoteDialog
    from ui.context import AppContext

    app = AppContext(db=sqlite_db, actor=ctx.actor, clock=clock, calendar=ctx.calendar)
    inquiry_id = intake(sqlite_db, ctx)
    dialog = NoteDialog(app, inquiry_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    dialog.text.setText("Called the pharmacy manager.")
    failures = [sqlite3.OperationalError("disk I/O error")]

    def fail_once(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if failures and statement.lstrip().upper().startswith("INSERT INTO TIMELINE"):
            raise failures.pop()

    event.listen(sqlite_db.engine, "before_cursor_execute", fail_once)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.saving and dialog.notice.isVisible(), timeout=5000)
    assert dialog.isVisible()
    assert "save again" in dialog.notice.text.text().lower()
    assert dialog.text.text() == "Called the pharmacy manager."

    emitted: list[int] = []
    dialog.inquiryChanged.connect(emitted.append)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(emitted), timeout=5000)
    assert fresh_count_and_check(database_path(sqlite_db)) == (1, "ok")
