"""``liaison-desk import`` / ``export``: output lines, exit codes, refused files."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from liaison_desk.cli import main
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _log(path: Path, *rows: list[object]) -> Path:
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        [*MEMBER_HEADERS, "Mystery"],
        [[*r, "?"] for r in rows],
        title_rows=[["MCO Inquiry Log"]],
    )
    return save(wb, path)


def _good(path: Path) -> Path:
    return _log(
        path,
        member_row(**{"Date Rec'd": datetime(2025, 3, 3)}),
        member_row(**{"Date Rec'd": "3/4/2025", "Member Name": "B"}),
        member_row(**{"Date Rec'd": "3/5/2025", "Member Name": "C", "Member State ID": "12345A"}),
    )


def _inquiries(db: Database) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Inquiry)) or 0)


def test_import_prints_problems_and_counts_and_writes(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejects = tmp_path / "rejects.xlsx"
    code = main(
        [
            "--db",
            _url(sqlite_db),
            "import",
            str(_good(tmp_path / "log.xlsx")),
            "--rejects",
            str(rejects),
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert 'Member row 2, column "Mystery": ignored column (not a column we know)' in out
    assert any(
        line.startswith('Member row 5, column "Member State ID": the state ID “12345A”')
        for line in out
    )
    assert out[-1] == "2 rows added, 0 already imported, 1 rejected"
    assert rejects.exists()
    assert _inquiries(sqlite_db) == 2
    # Again: nothing new.
    assert main(["--db", _url(sqlite_db), "import", str(tmp_path / "log.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "0 rows added, 2 already imported, 1 rejected"
    )
    assert _inquiries(sqlite_db) == 2


def test_dry_run_writes_nothing(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", _url(sqlite_db), "import", str(_good(tmp_path / "log.xlsx")), "--dry-run"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-2:] == [
        "2 rows to add, 0 already imported, 1 rejected",
        "Dry run: nothing was written.",
    ]
    assert _inquiries(sqlite_db) == 0


def _zip_of(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


BAD_FILES = {
    "renamed.xlsx": lambda p: p.write_text("Date Received,Member Name\n1/2/2025,Jane\n"),
    "empty.xlsx": lambda p: p.write_bytes(b""),
    "locked.xlsx": lambda p: p.write_bytes(
        OLE + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100
    ),
    "old.xlsx": lambda p: p.write_bytes(OLE + b"\0" * 600),
    "noise.xlsx": lambda p: p.write_bytes(bytes(range(256)) * 8),
    "archive.xlsx": lambda p: _zip_of(p, {"readme.txt": "hello"}),
    "document.xlsx": lambda p: _zip_of(p, {"word/document.xml": "<w/>"}),
    "broken.xlsx": lambda p: _zip_of(
        p, {"xl/workbook.xml": "<not xml", "[Content_Types].xml": "<x/>"}
    ),
}

MESSAGES = {
    "renamed.xlsx": "is a text (CSV) file",
    "empty.xlsx": "is empty",
    "locked.xlsx": "protected with a password",
    "old.xlsx": "old-style Excel 97–2003",
    "noise.xlsx": "is not an Excel workbook",
    "archive.xlsx": "is a ZIP archive, not an Excel workbook",
    "document.xlsx": "is a Word document",
    "broken.xlsx": "is damaged",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_in_one_line(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = tmp_path / name
    BAD_FILES[name](path)
    code = main(["--db", _url(sqlite_db), "import", str(path)])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert MESSAGES[name] in lines[0]
    assert "Traceback" not in captured.err + captured.out
    assert _inquiries(sqlite_db) == 0


def test_missing_file_and_folder(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", _url(sqlite_db), "import", str(tmp_path / "nope.xlsx")]) == 1
    assert "There is no file" in capsys.readouterr().err
    assert main(["--db", _url(sqlite_db), "import", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_every_row_rejected_is_refused(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _log(tmp_path / "bad.xlsx", member_row(**{"Priority": "Someday"}))
    assert main(["--db", _url(sqlite_db), "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert 'Member row 3, column "Priority": “Someday” is not a priority' in captured.out
    assert "every row was rejected" in captured.err


def test_usage_errors_exit_2(sqlite_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--db", _url(sqlite_db), "import"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["--db", _url(sqlite_db), "export", "out.xlsx", "--status", "closed"])
    assert exc.value.code == 2


def test_export_and_its_refusals(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--db", _url(sqlite_db), "import", str(_good(tmp_path / "log.xlsx"))])
    capsys.readouterr()
    out = tmp_path / "export.xlsx"
    assert main(["--db", _url(sqlite_db), "export", str(out), "--status", "open", "--redact"]) == 0
    assert out.exists()
    said = capsys.readouterr().out
    assert "Exported 2 inquiries (2 Member, 0 Provider, 0 Supervisor Callbacks, 0 E-mail, " in said
    assert "0 Consideration), " in said
    assert main(["--db", _url(sqlite_db), "export", str(tmp_path / "no" / "x.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_an_empty_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'blank.sqlite3'}"
    assert main(["--db", url, "export", str(tmp_path / "x.xlsx")]) == 1
    assert "db upgrade" in capsys.readouterr().err
