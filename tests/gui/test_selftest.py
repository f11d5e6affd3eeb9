"""``liaison-desk --self-test`` (issue 16): every check of an install passes here, one line
each; a failing check says why and makes the exit status 1; with ``--db`` the real database
is checked too and nothing in it changes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liaison_desk.cli import main as cli_main
from liaison_desk.db.engine import Database
from liaison_desk.domain import Role
from liaison_desk.letters.pdf import LetterError
from tests.database.test_server_roles import Login, login_as  # noqa: F401  (the fixture)
from ui.gui import main

WORK = ["Database", "Calendar", "Fonts", "Member inquiry", "Contact", "Letter",
        "Excel export", "Excel import", "Main window"]  # fmt: skip
REAL = ["Sign-in", "Schema", "Your role", "Team calendar", "History chain"]


def _lines(out: str) -> list[tuple[str, str]]:
    found = []
    for line in out.splitlines():
        if line.startswith(("ok  ", "FAIL")):
            state, rest = line.split(maxsplit=1)
            found.append((state, rest.split(" — ", 1)[0]))
    return found


def test_every_check_of_the_install(qtbot: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Liaison Desk ") and "self-test on" in out.splitlines()[0]
    assert _lines(out) == [("ok", name) for name in WORK]
    assert out.rstrip().endswith("9 of 9 checks passed.")
    assert "the queue shows 1 inquiry" in out and "a new embedded database" in out


def test_a_failing_check_says_why_and_fails_the_run(
    qtbot: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise LetterError("The letter font DejaVuSans.ttf is missing or damaged.")

    monkeypatch.setattr("liaison_desk.selftest._fonts", broken)
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  Fonts — The letter font DejaVuSans.ttf is missing or damaged." in out
    assert ("ok", "Letter") in _lines(out)  # one failure stops no other check
    assert "8 of 9 checks passed." in out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_real_embedded_database_is_read_not_written(
    qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "team.sqlite3"
    url = f"sqlite:///{file}"
    assert cli_main(["--db", url, "demo-data", "--count", "30"]) == 0
    Database(url).dispose()  # checkpointed: the file holds it all
    before = _digest(file)
    capsys.readouterr()
    assert main(["--self-test", "--db", url]) == 0
    out = capsys.readouterr().out
    assert _lines(out) == [("ok", name) for name in WORK + REAL]
    assert "History chain — " in out and "entries verify" in out
    assert _digest(file) == before


def test_an_old_schema_is_said_not_upgraded(
    qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    assert cli_main(["--db", url, "db", "upgrade"]) == 0
    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0016'"))
    db.dispose()
    assert main(["--self-test", "--db", url]) == 1
    out = capsys.readouterr().out
    assert "FAIL  Schema — it is at 0016, older than this app: run `liaison-desk db upgrade`" in out
    db = Database(url)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0016"
    db.dispose()


@pytest.mark.postgres
def test_the_team_database_as_ones_own_login(
    qtbot: Any, pg_db: Database, login_as: Login,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert cli_main(["--db", pg_db.url.render_as_string(False), "demo-data", "--count", "20"]) == 0
    name, mine = login_as(Role.LIAISON)
    url = mine.url.render_as_string(False)

    def rows() -> int:
        with pg_db.engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT (SELECT count(*) FROM inquiries) + (SELECT count(*) FROM timeline_entries)"
                " + (SELECT count(*) FROM audit_entries) + (SELECT count(*) FROM users)"
                " + (SELECT count(*) FROM inquiry_views)")).scalar_one())  # fmt: skip

    before = rows()
    capsys.readouterr()
    assert main(["--self-test", "--db", url]) == 0
    out = capsys.readouterr().out
    assert f"ok    Your role — {name}: Liaison" in out
    assert _lines(out)[-len(REAL) :] == [("ok", n) for n in REAL]
    assert rows() == before
