"""Hostile workbooks: ZIP bombs, billion laughs, pipes, giant sheets and cells are refused in
one sentence, in bounded time and memory, before or the moment a limit is passed; macros are
said to be ignored; Excel's _xHHHH_ escapes are decoded."""

from __future__ import annotations

import os
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from liaison_desk.db.engine import Database
from liaison_desk.errors import InputRefused
from liaison_desk.excel import workbook_guard
from liaison_desk.excel.importer import plan_import
from liaison_desk.services.context import ServiceContext
from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_TAIL = "</sheetData></worksheet>"


def base_workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    write_sheet(wb, "Member", MEMBER_HEADERS, [member_row()])
    return save(wb, tmp_path / "base.xlsx")


def with_parts(base: Path, out: Path, parts: dict[str, bytes | Callable[[], bytes]]) -> Path:
    """``base`` with some parts replaced or added (the rest copied as they are)."""
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info))
        for name, data in parts.items():
            dst.writestr(name, data() if callable(data) else data)
    return out


def refused_quickly(path: Path, ctx: ServiceContext, db: Database) -> str:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputRefused) as caught, db.read_session() as s:
            plan_import(s, ctx, path)
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 20
    assert peak < 200 << 20, f"{peak / 2**20:.0f} MB"
    return str(caught.value)


@pytest.fixture
def lite(sqlite_db: Database, clock, calendar) -> ServiceContext:
    from liaison_desk.domain import Role
    from tests.conftest import make_user

    return ServiceContext(make_user(sqlite_db, "lee", Role.LIAISON), clock, calendar)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    # 256 MB of one repeated row packs to a few hundred kB: refused by its packing ratio.
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = _HEAD.encode() + row * (256 * 2**20 // len(row)) + _TAIL.encode()
    path = with_parts(base_workbook(tmp_path), tmp_path / "bomb.xlsx", {SHEET: bomb})
    del bomb
    assert path.stat().st_size < 5 << 20
    message = refused_quickly(path, lite, sqlite_db)
    assert "far beyond any real log" in message and "Split the log" in message


def test_a_huge_shared_string_table_is_refused(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    strings = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><si><t>' + b"A" * (64 << 20) + b"</t></si></sst>"
    )
    path = with_parts(
        base_workbook(tmp_path), tmp_path / "strings.xlsx", {"xl/sharedStrings.xml": strings}
    )
    assert "xl/sharedStrings.xml" in refused_quickly(path, lite, sqlite_db)


def test_too_many_parts_are_refused(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    parts: dict[str, bytes | Callable[[], bytes]] = {f"junk/{i}.bin": b"" for i in range(6000)}
    path = with_parts(base_workbook(tmp_path), tmp_path / "parts.xlsx", parts)
    assert "6,0" in refused_quickly(path, lite, sqlite_db)


def test_reading_stops_at_the_row_limit(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_ROWS", 5_000)  # the same rule, a smaller file
    from openpyxl.utils import get_column_letter

    header = "".join(
        f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(MEMBER_HEADERS, start=1)
    )
    rows = (
        f'<row r="1">{header}</row>'
        + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 20_001))
    ).encode()
    path = with_parts(
        base_workbook(tmp_path),
        tmp_path / "long.xlsx",
        {SHEET: _HEAD.encode() + rows + _TAIL.encode()},
    )
    message = refused_quickly(path, lite, sqlite_db)
    assert "more than 5,000 rows" in message and "row 5,001" in message


def test_a_cell_longer_than_excel_allows_is_refused(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    cell = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"y" * 40_000}</t></is></c></row>'
    path = with_parts(
        base_workbook(tmp_path), tmp_path / "cell.xlsx", {SHEET: (_HEAD + cell + _TAIL).encode()}
    )
    assert "40,000 characters" in refused_quickly(path, lite, sqlite_db)


def test_billion_laughs_is_refused(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    path = with_parts(base_workbook(tmp_path), tmp_path / "lol.xlsx", {SHEET: laughs.encode()})
    message = refused_quickly(path, lite, sqlite_db)
    assert "“lol.xlsx”" in message and "its own XML entities" in message, message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
def test_a_pipe_named_xlsx_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "log.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(InputRefused, match="not a file on disk"):
        workbook_guard.check_file(fifo)


def test_macros_are_said_to_be_ignored_and_escapes_decoded(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        MEMBER_HEADERS,
        [member_row(**{"Issue Description": "Needs a repair_x000D_\nsince May"})],
    )
    plain = save(wb, tmp_path / "plain.xlsx")
    path = with_parts(plain, tmp_path / "log.xlsm", {"xl/vbaProject.bin": b"\x00" * 64})
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite, path)
    assert any(p.line() == "The workbook: holds macros; they are ignored (never run)"
               for p in plan.notes)  # fmt: skip
    (planned,) = plan.to_add
    assert planned.fields["description"] == "Needs a repair\nsince May"


def test_text_that_looks_like_an_escape_is_kept_as_typed(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    # Excel stores a typed "_x0041_" as "_x005F_x0041_": read back, it is the text typed.
    import xlsxwriter

    path = tmp_path / "typed.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Member")
    sheet.write_row(0, 0, MEMBER_HEADERS)
    day = book.add_format({"num_format": "m/d/yyyy"})
    for col, value in enumerate(member_row(**{"Issue Description": "Form _x0041_ was sent"})):
        sheet.write(1, col, value, day)
    book.close()
    with sqlite_db.read_session() as s:
        (planned,) = plan_import(s, lite, path).to_add
    assert planned.fields["description"] == "Form _x0041_ was sent"


def test_a_sheet_that_states_a_giant_size_is_refused_before_reading(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    from openpyxl.utils import get_column_letter

    header = "".join(
        f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(MEMBER_HEADERS, start=1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:T20000001"/><sheetData><row r="1">{header}</row>'
        "</sheetData></worksheet>"
    )
    path = with_parts(base_workbook(tmp_path), tmp_path / "stated.xlsx", {SHEET: sheet.encode()})
    assert "20,000,001 rows" in refused_quickly(path, lite, sqlite_db)


def _ods(path: Path, rows: str, mimetype: str = "spreadsheet") -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Member">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", f"application/vnd.oasis.opendocument.{mimetype}")
        zf.writestr("content.xml", content)
    return path


def test_an_ods_row_repeated_a_million_times_is_refused_before_it_is_expanded(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    # A few hundred bytes that would expand to 16 billion cells in the reader.
    cell = (
        '<table:table-cell office:value-type="string" table:number-columns-repeated="16384">'
        "<text:p>x</text:p></table:table-cell>"
    )
    row = f'<table:table-row table:number-rows-repeated="1000000">{cell}</table:table-row>'
    path = _ods(tmp_path / "repeat.ods", row)
    assert path.stat().st_size < 2_000
    message = refused_quickly(path, lite, sqlite_db)
    assert "rows" in message and "Split the log" in message


def test_an_opendocument_text_is_not_taken_for_a_spreadsheet(tmp_path: Path) -> None:
    path = _ods(tmp_path / "letter.ods", "", mimetype="text")
    with pytest.raises(InputRefused, match="not a spreadsheet"):
        workbook_guard.check_file(path)


def test_a_sheet_storing_too_many_cells_is_refused_before_it_is_loaded(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison_desk.excel import sheet_facts

    monkeypatch.setattr(sheet_facts, "MAX_CELLS", 20_000)  # the same rule, a smaller file
    rows = "".join(f'<row r="{n}">' + "<c><v>1</v></c>" * 100 + "</row>" for n in range(1, 301))
    sheet = (_HEAD + rows + _TAIL).encode()
    path = with_parts(base_workbook(tmp_path), tmp_path / "wide.xlsx", {SHEET: sheet})
    assert "more than 20,000 cells" in refused_quickly(path, lite, sqlite_db)


def test_an_excel_binary_workbook_imports_with_its_hidden_row(
    tmp_path: Path, sqlite_db: Database, lite: ServiceContext
) -> None:
    from datetime import datetime

    from tests.xlsb_builder import write_xlsb

    def row(name: str) -> list[str | float | None]:
        values = member_row(**{"Member Name": name})
        return [f"{v:%m/%d/%Y}" if isinstance(v, datetime) else v for v in values]

    path = write_xlsb(
        tmp_path / "log.xlsb",
        "Member",
        [list(MEMBER_HEADERS), row("Ann One"), row("Bo Two")],
        hidden={3},
    )
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite, path)
    assert sorted(p.fields["member_name"] for p in plan.to_add) == ["Ann One", "Bo Two"]
    assert "Member row 3: hidden row; imported like the others" in [p.line() for p in plan.notes]
