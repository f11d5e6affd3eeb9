"""The reports window: the dashboard, compliance with breaches that open their inquiry, QC
audits drawn and scored from the keyboard, the daily report; and who sees which."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.domain import Channel, Party, Priority, Role
from liaison_desk.services import actions
from liaison_desk.services.context import Actor, ServiceContext
from tests.action_helpers import member_inquiry, run
from tests.conftest import make_user
from ui.context import AppContext
from ui.qt import Qt
from ui.reports import ReportsWindow

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def lite_ctx(sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar) -> ServiceContext:
    actor = make_user(sqlite_db, "lliaison", Role.LIAISON, "Lee Liaison")
    return ServiceContext(actor=actor, clock=clock, calendar=calendar)


def _history(db: Database, ctx: ServiceContext, clock: ManualClock) -> list[int]:
    """Twelve October inquiries, contacted late every third, all resolved; one open today."""
    ids = []
    for n in range(12):
        received = datetime(2026, 10, 1, 9, tzinfo=CHICAGO) + timedelta(days=n)
        clock.set(received)
        inquiry_id = member_inquiry(db, ctx, Priority.HIGH, member_name=f"Member {n}")
        clock.set(received + timedelta(hours=6 if n % 3 == 0 else 1))
        run(db, actions.log_contact, ctx, inquiry_id, None, party=Party.MEMBER,
            channel=Channel.PHONE, outcome="reached")  # fmt: skip
        clock.advance(timedelta(hours=1))
        with db.read_session() as s:
            version = s.get(Inquiry, inquiry_id).version  # type: ignore[union-attr]
        run(db, actions.resolve, ctx, inquiry_id, version, resolution="Answered.")
        ids.append(inquiry_id)
    clock.set(datetime(2026, 11, 23, 9, tzinfo=CHICAGO))
    member_inquiry(db, ctx, Priority.HIGH, member_name="Open Today")
    return ids


def _window(qtbot: Any, db: Database, actor: Actor, clock: ManualClock) -> ReportsWindow:
    window = ReportsWindow(AppContext(db=db, actor=actor, clock=clock, calendar=BusinessCalendar()))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts need an active window
        window.show()
        window.activateWindow()
    return window


def test_a_manager_reads_the_dashboard_and_compliance(
    qtbot: Any, sqlite_db: Database, lite_ctx: ServiceContext, clock: ManualClock
) -> None:
    ids = _history(sqlite_db, lite_ctx, clock)
    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    window = _window(qtbot, sqlite_db, manager, clock)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "&Open work",
        "&Compliance",
        "Enro&llment cases",
        "&QC audits",
        "A&udit trail",
        "Who op&ened",
    ]
    assert window.dashboard is not None and window.compliance is not None
    qtbot.waitUntil(lambda: window.dashboard.data is not None, timeout=10_000)
    assert window.dashboard.open_tile.value.text() == "1"
    assert window.dashboard.today_tile.value.text() == "1"  # contact due 1 PM today
    people = window.dashboard.people_table
    assert people.item(0, 0).text() == "Lee Liaison" and people.item(0, 1).text() == "1"

    window.tabs.setCurrentWidget(window.compliance)
    qtbot.waitUntil(lambda: window.compliance.data is not None, timeout=10_000)
    window.compliance.period.setCurrentIndex(window.compliance.period.findText("Other dates"))
    window.compliance.date_from.setDate(window.compliance.date_from.date().addYears(-1))
    with qtbot.waitSignal(window.compliance.loaded, timeout=10_000):
        qtbot.mouseClick(window.compliance.show_button, Qt.MouseButton.LeftButton)
    data = window.compliance.data
    assert data is not None
    contact = next(r for r in data.rows if r.milestone == "contact_originator")
    # Twelve in October, four contacted late, but two of those came in on a weekend (deemed
    # Monday 8 AM, so a Saturday call was early); and today's, not due yet.
    assert (contact.due, contact.met_on_time, contact.met_late, contact.open_on_time) == (
        13,
        10,
        2,
        1,
    )
    # The summary's share is of the decided clocks: today's, not due yet, is not a miss.
    assert "met on time (83.3 % of the 12 decided)" in window.compliance.summary.text()
    breaches = window.compliance.breach_table
    assert breaches.rowCount() == 2  # the two met late
    # Enter on a breach opens its inquiry in the main window.
    with qtbot.waitSignal(window.openInquiry, timeout=2_000) as opened:
        breaches.setCurrentCell(0, 0)
        breaches.setFocus()
        qtbot.keyClick(breaches, Qt.Key.Key_Return)
    assert opened.args[0] in ids


def test_qc_audit_drawn_scored_and_exported_from_the_window(
    qtbot: Any,
    sqlite_db: Database,
    lite_ctx: ServiceContext,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    _history(sqlite_db, lite_ctx, clock)
    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    window = _window(qtbot, sqlite_db, manager, clock)
    tab = window.qc
    assert tab is not None
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=10_000)
    assert tab.audit_combo.count() == 0 and "No audits yet" in tab.audit_info.text()
    tab.draw_with(date(2026, 10, 1), date(2026, 10, 31), 1, 2, seed=5)
    qtbot.waitUntil(
        lambda: bool(tab.data and tab.data.items) or "Not drawn" in tab.audit_info.text(),
        timeout=10_000,
    )
    assert tab.data is not None and len(tab.data.items) == 10, tab.audit_info.text()
    assert tab.item_table.rowCount() == 10  # 12 resolved: at least 10
    assert tab.current is not None  # the first one not yet scored is selected
    first = tab.current.id
    # Saving needs all three answers.
    tab.save()
    assert "all three" in tab.message.text()
    # From the keyboard: arrows move between Yes and No, Ctrl+Return saves.
    tab.answered.yes.setChecked(True)
    tab.professional.yes.setChecked(True)
    tab.accurate.no.setChecked(True)
    tab.notes.setPlainText("Did not mention the MCO's appeal rights.")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.notes.setFocus()
        qtbot.keyClick(tab.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.id != first, timeout=10_000)
    scored = next(i for i in tab.data.items if i.id == first)  # type: ignore[union-attr]
    assert scored.score == pytest.approx(66.7) and scored.accurate is False
    assert tab.quarter_table.rowCount() == 1
    assert tab.quarter_table.item(0, 0).text() == "Q4 2026"
    assert "below goal" in tab.quarter_table.item(0, 6).text()  # accurate: 0 of 1
    out = tmp_path / "audit.xlsx"
    tab.export(str(out))
    qtbot.waitUntil(
        lambda: out.exists() and "Saved the audit" in tab.audit_info.text(), timeout=10_000
    )
    assert load_workbook(out)["Audit"].max_row == 11

    daily = tmp_path / "daily.xlsx"
    with qtbot.waitSignal(window.dailyExported, timeout=10_000):
        window.export_daily(str(daily))
    assert load_workbook(daily).sheetnames == ["Summary", "Assigned", "Completed", "Due"]


def test_who_sees_which_reports(
    qtbot: Any, sqlite_db: Database, lite_ctx: ServiceContext, clock: ManualClock
) -> None:
    lead = make_user(sqlite_db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    window = _window(qtbot, sqlite_db, lead, clock)
    assert window.qc is None and window.dashboard is not None  # unit leads read, not audit

    from ui.main_window import MainWindow

    for actor, reports, audits in (
        (lite_ctx.actor, False, False),
        (lead, True, False),
        (make_user(sqlite_db, "mboss", Role.MANAGER, "Max Boss"), True, True),
    ):
        main = MainWindow(
            AppContext(db=sqlite_db, actor=actor, clock=clock, calendar=BusinessCalendar()),
            start=False,
        )
        qtbot.addWidget(main)
        assert main.act_reports.isVisible() is reports
        assert main.act_qc.isVisible() is audits
        assert main.act_packet.isVisible() is audits  # managers and admins hand it over
        names = [a.text() for a in main.menuBar().actions()]
        assert ("&Reports" in names) is reports


def test_a_manager_sees_who_opened_a_members_inquiries(
    qtbot: Any, sqlite_db: Database, lite_ctx: ServiceContext, clock: ManualClock
) -> None:
    from liaison_desk.services.access import record_views

    ids = _history(sqlite_db, lite_ctx, clock)
    with sqlite_db.session() as s:
        record_views(s, lite_ctx, [(ids[0], clock.now())])
        name = s.get(Inquiry, ids[0]).member_name  # type: ignore[union-attr]
    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    window = _window(qtbot, sqlite_db, manager, clock)
    assert window.access is not None
    window.tabs.setCurrentWidget(window.access)
    window.access.member.setText(name)
    qtbot.mouseClick(window.access.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.access.table.rowCount() == 1, timeout=5000)
    assert window.access.table.item(0, 1).text() == lite_ctx.actor.name


def test_compliance_split_by_category_and_the_open_work_by_category(
    qtbot: Any, sqlite_db: Database, lite_ctx: ServiceContext, clock: ManualClock
) -> None:
    from sqlalchemy import update

    ids = _history(sqlite_db, lite_ctx, clock)
    with sqlite_db.session() as s:
        s.execute(update(Inquiry).where(Inquiry.id.in_(ids[:4])).values(category="Pharmacy"))
        s.execute(update(Inquiry).where(Inquiry.closed.is_(False)).values(category="Billing"))
    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    window = _window(qtbot, sqlite_db, manager, clock)
    qtbot.waitUntil(lambda: window.dashboard.data is not None, timeout=10_000)
    categories = window.dashboard.category_table
    assert (categories.item(0, 0).text(), categories.item(0, 1).text()) == ("Billing", "1")
    tab = window.compliance
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=10_000)
    tab.period.setCurrentIndex(tab.period.findText("Other dates"))
    tab.date_from.setDate(tab.date_from.date().addYears(-1))
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.split.setCurrentIndex(tab.split.findData("category"))
    table = tab.standards
    assert table.horizontalHeaderItem(1).text() == "Category"
    shown = [(table.item(r, 1).text(), table.item(r, 4).text()) for r in range(table.rowCount())]
    assert ("Pharmacy", "4") in shown and ("No category", "8") in shown


def test_the_audit_trail_tab_and_one_inquirys_trail(
    qtbot: Any, sqlite_db: Database, lite_ctx: ServiceContext, clock: ManualClock, tmp_path: Any
) -> None:
    from ui.actions.audit import InquiryAuditDialog

    ids = _history(sqlite_db, lite_ctx, clock)
    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    window = _window(qtbot, sqlite_db, manager, clock)
    tab = window.audit
    assert tab is not None
    window.tabs.setCurrentWidget(tab)  # shown: this month so far (today's one inquiry)
    qtbot.waitUntil(lambda: tab.lines is not None and tab.action.count() > 1, timeout=10_000)
    tab.period.setCurrentIndex(tab.period.findText("Last month"))
    tab.show_button.click()
    # Twelve October inquiries: created, contacted and resolved each.
    qtbot.waitUntil(lambda: tab.table.rowCount() == 36, timeout=10_000)
    tab.action.setCurrentIndex(tab.action.findData("resolve"))
    tab.show_button.click()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 12, timeout=10_000)
    assert {tab.table.item(r, 2).text() for r in range(12)} == {"Resolved"}
    out = tmp_path / "audit.xlsx"
    tab.export(str(out))
    qtbot.waitUntil(out.exists, timeout=10_000)
    dialog = InquiryAuditDialog(AppContext(db=sqlite_db, actor=manager, clock=clock,
                                           calendar=BusinessCalendar()), ids[0])  # fmt: skip
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.lines is not None, timeout=10_000)
    assert dialog.table.rowCount() == 3 and dialog.table.item(0, 2).text() == "Created"
    assert dialog.windowTitle().startswith("Audit trail — ")


def test_a_manager_writes_the_compliance_packet_from_the_keyboard(
    qtbot: Any, sqlite_db: Database, lite_ctx: ServiceContext, clock: ManualClock,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from pypdf import PdfReader

    from ui.reports.packet_dialog import EVERY_MCO, PacketDialog

    _history(sqlite_db, lite_ctx, clock)
    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    window = _window(qtbot, sqlite_db, manager, clock)
    assert window.packet_button is not None
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.packet is not None, timeout=2_000)  # a mnemonic animates
    dialog = window.packet
    assert isinstance(dialog, PacketDialog)
    qtbot.waitUntil(lambda: dialog.ready, timeout=10_000)
    # Today is Mon 11/23/2026: "Last quarter" is July to September, named in the file.
    assert dialog.period.currentText() == "Last quarter"
    assert dialog.pdf_edit.text().endswith("Compliance packet 2026-07-01 to 2026-09-30.pdf")
    assert dialog.mco.currentText() == EVERY_MCO and dialog.mco.findText("Iowa Total Care") > 0

    # A period the wrong way round writes nothing.
    dialog.period.setCurrentIndex(dialog.period.findText("Other dates"))
    dialog.date_from.setDate(dialog.date_from.date().addYears(1))
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.notice.kind == "error" and "ends before it starts" in dialog.notice.text.text()
    assert dialog.job is None

    from ui.reports.compliance_tab import qdate_of

    dialog.date_from.setDate(qdate_of(date(2026, 10, 1)))
    dialog.date_to.setDate(qdate_of(date(2026, 10, 31)))
    # The name follows the period until the person names the file themselves.
    assert dialog.pdf_edit.text().endswith("Compliance packet 2026-10-01 to 2026-10-31.pdf")
    dialog.pdf_edit.setFocus()
    dialog.pdf_edit.selectAll()
    qtbot.keyClicks(dialog.pdf_edit, str(tmp_path / "october"))
    assert dialog.workbook_hint.text() == f"Workbook: {tmp_path / 'october.xlsx'}"
    with qtbot.waitSignal(dialog.written, timeout=30_000) as done:
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    files = done.args[0]
    assert files.pdf == tmp_path / "october.pdf" and files.workbook == tmp_path / "october.xlsx"
    assert dialog.notice.kind == "success" and "The history verifies" in dialog.notice.text.text()
    text = "".join(p.extract_text() for p in PdfReader(files.pdf).pages)
    assert "Oct 1 – Oct 31, 2026" in text and "The chain verifies" in " ".join(text.split())
    assert load_workbook(files.workbook).sheetnames[:2] == ["About", "Summary"]

    opened: list[str] = []
    monkeypatch.setattr("ui.reports.packet_dialog.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))  # fmt: skip
    assert dialog.open_button.isEnabled() and dialog.open_button.hasFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(opened), timeout=2_000)
    assert opened == [str(tmp_path / "october.pdf")]

    # One MCO's packet, without the workbook.
    dialog.mco.setCurrentIndex(dialog.mco.findText("Iowa Total Care"))
    dialog.with_workbook.setChecked(False)
    assert dialog.workbook_hint.isHidden()
    dialog.pdf_edit.setText(str(tmp_path / "itc.pdf"))
    with qtbot.waitSignal(dialog.written, timeout=30_000) as done:
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    assert done.args[0].workbook is None and not (tmp_path / "itc.xlsx").exists()
    assert "Iowa Total Care" in PdfReader(tmp_path / "itc.pdf").pages[0].extract_text()

    # A folder without a file name is not a file.
    dialog.pdf_edit.setText(f"{tmp_path}/")
    assert dialog.workbook_hint.isHidden() or not dialog.with_workbook.isChecked()
    dialog.write()
    assert dialog.notice.kind == "error" and "file name" in dialog.notice.text.text()

    # A folder that does not exist: said in words, nothing written, the dialog stays usable.
    dialog.pdf_edit.setText(str(tmp_path / "no such folder" / "x.pdf"))
    dialog.write()
    job = dialog.job
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=30_000)
    assert dialog.notice.kind == "error" and not (tmp_path / "no such folder").exists()
    assert "folder" in dialog.notice.text.text() and dialog.write_button.isEnabled()


def test_compliance_says_what_it_could_not_count(
    qtbot: Any, sqlite_db: Database, clock: ManualClock
) -> None:
    from liaison_desk.services.compliance import CompliancePeriod
    from ui.reports.compliance_tab import ComplianceTab

    manager = make_user(sqlite_db, "mmanager", Role.MANAGER, "Mia Manager")
    tab = ComplianceTab(AppContext(db=sqlite_db, actor=manager, clock=clock,
                                   calendar=BusinessCalendar()))  # fmt: skip
    qtbot.addWidget(tab)
    tab._show(CompliancePeriod(date(2026, 10, 1), date(2026, 10, 31), [], [], {}, 3))
    assert "Not yet counted: 3 follow-ups with the MCO" in tab.summary.text()
    tab._show(CompliancePeriod(date(2026, 10, 1), date(2026, 10, 31), [], [], {}, 0))
    assert "Not yet counted" not in tab.summary.text()
