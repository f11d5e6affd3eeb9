"""The client's Excel dialogs: the import wizard (mapping, dry-run preview, rejects, import,
cancel) and the export dialog."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.excel import importer
from liaison_desk.services.context import Actor
from tests.excel_builders import messy_log
from ui.context import AppContext
from ui.excel import ImportDialog, open_export_dialog, open_import_dialog
from ui.qt import QComboBox, Qt, QTableWidget


@pytest.fixture
def app_ctx(
    sqlite_db: Database, liaison: Actor, clock: ManualClock, calendar: BusinessCalendar
) -> AppContext:
    return AppContext(db=sqlite_db, actor=liaison, clock=clock, calendar=calendar)


@pytest.fixture
def liaison(sqlite_db: Database) -> Actor:
    from liaison_desk.domain import Role
    from tests.conftest import make_user

    return make_user(sqlite_db, "lliaison", Role.LIAISON, "Lee Liaison")


def _count(db: Database) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Inquiry)) or 0)


def _to_preview(qtbot: Any, dialog: ImportDialog, path: Path) -> None:
    dialog.file_edit.setText(str(path))
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.PAGE_MAPPING, timeout=10_000)
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.PAGE_PREVIEW, timeout=10_000)


def test_import_wizard_end_to_end(
    qtbot: Any, app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_log(tmp_path / "log.xlsx")
    dialog = open_import_dialog(app_ctx, None)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(path))
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.PAGE_MAPPING, timeout=10_000)
    table = dialog.findChild(QTableWidget, "mapping_Member")
    headers = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert headers[:3] == ["Date Rec'd", "Time Rec'd", "Rec'd From"]
    combo = table.cellWidget(headers.index("Comments 2"), 2)
    assert isinstance(combo, QComboBox) and combo.currentData() is None  # ignored
    assert "Jane Doe" in table.item(headers.index("Member Name"), 3).text()
    # The person says the unknown column is the mailing address, and leaves Provider out.
    combo.setCurrentIndex(combo.findData("mailing_address"))
    dialog.mapping_page.include_box("Provider").setChecked(False)
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.PAGE_PREVIEW, timeout=10_000)
    assert dialog.summary_label.text() == "4 rows to add, 0 already imported, 2 rejected"
    problems = dialog.problems_table.model()

    def cell(r: int, c: int) -> str:
        return str(problems.index(r, c).data())

    rows = [[cell(r, c) for c in range(problems.columnCount())] for r in range(problems.rowCount())]
    assert rows[[r[:3] for r in rows].index(["Member", "9", "Member State ID"])][:3] == [
        "Member",
        "9",
        "Member State ID",
    ]
    assert any(r[4] == "Row rejected: not imported" for r in rows)
    # Reading order: sheet by sheet as in the workbook, top to bottom within a sheet.
    sheet_order = [lay.name for lay in dialog.plan.layouts]
    keys = [(sheet_order.index(r[0]), int(r[1] or 0)) for r in rows if r[0] in sheet_order]
    assert keys == sorted(keys)
    # A click on "Row" sorts by row number, as numbers (9 before 10).
    dialog.problems_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    numbers = [int(cell(r, 1) or 0) for r in range(problems.rowCount())]
    assert numbers == sorted(numbers, reverse=True)
    dialog.notes_box.setChecked(False)
    assert problems.rowCount() > 0
    assert all(cell(r, 4) == "Row rejected: not imported" for r in range(problems.rowCount()))
    assert dialog.next_button.text() == "Import 4 rows"
    # Save rejects…
    rejects = tmp_path / "rejects.xlsx"
    monkeypatch.setattr("ui.excel.import_wizard.choose_save_file", lambda *a, **k: str(rejects))
    dialog.rejects_button.click()
    assert load_workbook(rejects)["Member"].max_row == 3
    # Import.
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.next_button.click()
    assert dialog.pages.currentIndex() == dialog.PAGE_DONE
    assert "4 rows added" in dialog.done_label.text()
    assert _count(app_ctx.db) == 4
    with app_ctx.db.read_session() as s:
        jane = s.scalars(select(Inquiry).where(Inquiry.member_name == "Jane Doe")).one()
        assert jane.mailing_address == "ignored"  # the column the person mapped
    dialog.cancel_button.click()


def test_a_bad_file_is_one_sentence(qtbot: Any, app_ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "log.xlsx"
    path.write_text("Date,Name\n1/1/2025,x\n")
    dialog = ImportDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(path))
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.job is not None and not dialog.job.running, timeout=10_000)
    assert dialog.pages.currentIndex() == dialog.PAGE_FILE
    assert "is a text (CSV) file" in dialog.progress.status.text()


def test_cancelled_import_writes_nothing(
    qtbot: Any, app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ImportDialog(app_ctx)
    qtbot.addWidget(dialog)
    _to_preview(qtbot, dialog, messy_log(tmp_path / "log.xlsx"))
    real = importer.write_plan

    def slow_write(session: Any, ctx: Any, plan: Any, **kw: Any) -> Any:
        cancel = kw["cancel"]
        deadline = time.monotonic() + 10
        while not cancel() and time.monotonic() < deadline:  # until the person cancels
            time.sleep(0.005)
        return real(session, ctx, plan, **kw)

    monkeypatch.setattr("ui.excel.import_wizard.write_plan", slow_write)
    dialog.next_button.click()
    assert dialog.job is not None and dialog.job.running
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=10_000)
    assert "cancelled; nothing was written" in dialog.progress.status.text()
    assert dialog.pages.currentIndex() == dialog.PAGE_PREVIEW
    assert _count(app_ctx.db) == 0


def test_escape_during_an_import_cancels_it_and_keeps_the_dialog(
    qtbot: Any, app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Esc is the keyboard's Cancel: it stops the running import (nothing written) instead
    of hiding the window while the import goes on behind it."""
    dialog = ImportDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _to_preview(qtbot, dialog, messy_log(tmp_path / "log.xlsx"))
    real = importer.write_plan

    def slow_write(session: Any, ctx: Any, plan: Any, **kw: Any) -> Any:
        cancel = kw["cancel"]
        deadline = time.monotonic() + 10
        while not cancel() and time.monotonic() < deadline:
            time.sleep(0.005)
        return real(session, ctx, plan, **kw)

    monkeypatch.setattr("ui.excel.import_wizard.write_plan", slow_write)
    dialog.next_button.click()
    assert dialog.job is not None and dialog.job.running
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=10_000)
    assert dialog.isVisible()
    assert "cancelled; nothing was written" in dialog.progress.status.text()
    assert _count(app_ctx.db) == 0
    # With nothing running, Esc closes the wizard as Cancel does.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_rejects_can_still_be_saved_after_the_import(
    qtbot: Any, app_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = ImportDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _to_preview(qtbot, dialog, messy_log(tmp_path / "log.xlsx"))
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.next_button.click()
    assert dialog.pages.currentIndex() == dialog.PAGE_DONE
    assert dialog.done_title.text().startswith("Imported ")
    assert "rejected rows were not imported" in dialog.done_label.text()
    assert dialog.rejects_button.isVisible() and dialog.rejects_button.isEnabled()
    rejects = tmp_path / "rejects.xlsx"
    monkeypatch.setattr("ui.excel.import_wizard.choose_save_file", lambda *a, **k: str(rejects))
    dialog.rejects_button.click()
    assert rejects.exists()
    assert "saved to" in dialog.progress.status.text()


def test_export_dialog_current_view_and_everything(
    qtbot: Any, app_ctx: AppContext, tmp_path: Path
) -> None:
    _import = ImportDialog(app_ctx)
    qtbot.addWidget(_import)
    _to_preview(qtbot, _import, messy_log(tmp_path / "log.xlsx"))
    with qtbot.waitSignal(_import.imported, timeout=10_000):
        _import.next_button.click()
    with app_ctx.db.read_session() as s:
        some = list(s.scalars(select(Inquiry.id).limit(2)))
    dialog = open_export_dialog(app_ctx, None, inquiry_ids=some)
    qtbot.addWidget(dialog)
    assert dialog.view_radio.isChecked() and "2 inquiries" in dialog.view_radio.text()
    out = tmp_path / "view.xlsx"
    dialog.file_edit.setText(str(out))
    dialog.redact_box.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    assert dialog.outcome is not None and dialog.outcome.inquiries == 2
    assert "Exported 2 inquiries" in dialog.progress.status.text()
    everything = tmp_path / "all.xlsx"
    dialog.file_edit.setText(str(everything))
    dialog.all_radio.setChecked(True)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("open"))
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    assert dialog.outcome.inquiries == 3  # five imported, two resolved
    dialog.file_edit.setText(str(tmp_path / "missing" / "x.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.job.running, timeout=10_000)
    assert "does not exist" in dialog.progress.status.text()


def test_problems_model_sorts_by_workbook_order_and_hides_notes(qtbot: Any) -> None:
    from liaison_desk.excel.importer import NOTE, Problem
    from ui.import_problems import COL_OUTCOME, COL_SHEET, REJECTED, ProblemsModel

    model = ProblemsModel()
    problems = [
        Problem("Provider", 10, "NPI", "wrong check digit"),
        Problem("Member", 12, None, "hidden row; imported like the others", NOTE),
        Problem("Member", 3, "State ID", "not a state ID"),
        Problem("Supervisor Callbacks", 2, None, "a totals row, not an inquiry; skipped", NOTE),
    ]
    model.set_problems(problems, ["Member", "Provider", "Supervisor Callbacks"])
    assert model.rowCount() == 4
    assert model.index(0, COL_SHEET).data() == "Provider"  # reading order until sorted
    model.sort(COL_SHEET, Qt.SortOrder.AscendingOrder)
    assert [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(4)] == [
        ("Member", "3"),
        ("Member", "12"),
        ("Provider", "10"),
        ("Supervisor Callbacks", "2"),
    ]
    outcomes = [model.index(r, COL_OUTCOME).data() for r in range(4)]
    assert outcomes == [REJECTED, "Row imported (note)", REJECTED, "Row left out"]
    # Every outcome has an icon, and a rejected row is bold: not colour alone.
    assert all(model.index(r, COL_OUTCOME).data(Qt.ItemDataRole.DecorationRole) for r in range(4))
    assert model.index(0, COL_OUTCOME).data(Qt.ItemDataRole.FontRole).bold()
    model.set_show_notes(False)
    assert model.rowCount() == 2
    assert {model.index(r, COL_OUTCOME).data() for r in range(2)} == {REJECTED}


def test_the_mapping_step_says_what_the_columns_leave_out(
    qtbot: Any, app_ctx: AppContext, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet
    from ui.qt import QLabel

    headers = [h for h in MEMBER_HEADERS if h != "Caller"]
    full = dict(zip(MEMBER_HEADERS, member_row(), strict=True))
    wb = Workbook()
    write_sheet(wb, "Member", headers, [[full[h] for h in headers]])
    path = save(wb, tmp_path / "no-caller.xlsx")
    dialog = ImportDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(path))
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.PAGE_MAPPING, timeout=10_000)
    gaps = dialog.findChild(QLabel, "gaps_Member")
    assert "taken as the person who called" in gaps.text()
    # Pointing the "Member Name" column elsewhere: the step says rows will be rejected.
    table = dialog.findChild(QTableWidget, "mapping_Member")
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "Member Name")
    combo = table.cellWidget(row, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(0)  # (ignore)
    assert "no column for “Member Name”" in gaps.text() and "rejected" in gaps.text()
