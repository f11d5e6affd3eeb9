"""Seed 003 through the windows, as each person would: the CSR records an enrollment
consideration case on its form; the QC reviewer finds it in QC vetting and vets it; the State
Monitor cannot process it and says why; the supervisor makes two attempts and the case closes
as Outreach max attempts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.domain import Role
from liaison_desk.services.queues import QueueKey
from tests.conftest import make_user
from tests.gui.test_ui_intake import open_dialog
from tests.gui.test_ui_main import choose
from tests.gui.test_ui_main import store as store
from ui.context import AppContext
from ui.intake import ConsiderationIntakeDialog
from ui.intake.base import IntakeDialog
from ui.main_window import MainWindow
from ui.qt import QSettings


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)
    monkeypatch.setattr(IntakeDialog, "confirm_old_receipt", lambda self, text: True)


@pytest.fixture
def team(
    sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> dict[str, AppContext]:
    people = {
        "csr": (Role.CSR, "Cass CSR"),
        "qc": (Role.QC_REVIEWER, "Quinn QC"),
        "monitor": (Role.STATE_MONITOR, "Sam Monitor"),
        "lead": (Role.UNIT_LEAD, "Una Lead"),
    }
    return {
        key: AppContext(
            db=sqlite_db,
            actor=make_user(sqlite_db, key, role, name),
            clock=clock,
            calendar=calendar,
        )
        for key, (role, name) in people.items()
    }


@pytest.fixture
def windows(qtbot: Any, store: QSettings) -> Iterator[Any]:
    opened: list[MainWindow] = []

    def open_for(app_ctx: AppContext) -> MainWindow:
        w = MainWindow(app_ctx, store=store, start=False)
        qtbot.addWidget(w)
        w.resize(1400, 850)
        w.show()
        with qtbot.waitSignal(w.queueLoaded, timeout=10_000):
            w.start()
        opened.append(w)
        return w

    yield open_for
    for w in opened:
        w.stop()


def _step(qtbot: Any, w: MainWindow, queue: QueueKey, key: str) -> Any:
    choose(qtbot, w, queue)
    assert w.proxy.rowCount() == 1
    w.queue_panel.select_inquiry(w.proxy.row_at(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: w.actions_controller is not None, timeout=5000)
    act = w.actions_controller.actions[key]
    qtbot.waitUntil(act.isVisible, timeout=5000)
    with qtbot.waitSignal(w.actions_controller.opened, timeout=5000) as got:
        act.trigger()
    dialog = got.args[0]
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    return dialog


def _save(qtbot: Any, dialog: Any) -> None:
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=10_000):
        dialog.save()


def test_a_case_from_the_csrs_form_through_every_step(
    qtbot: Any, team: dict[str, AppContext], windows: Any, sqlite_db: Database
) -> None:
    form = open_dialog(qtbot, ConsiderationIntakeDialog, team["csr"])
    assert not form.reason.isVisible()  # only a For Cause case names its reason
    form.kind.setCurrentIndex(form.kind.findData("for_cause"))
    assert form.reason.isVisible()
    form.reason.setCurrentText("New county")
    form.requested.setCurrentText("Molina Healthcare of Iowa")
    (name1, id1), (name2, id2) = form.rows
    qtbot.keyClicks(name1.edit, "Ana Lopez")
    qtbot.keyClicks(id1.edit, "1234567a")
    qtbot.keyClicks(name2.edit, "Luis Lopez")
    qtbot.keyClicks(id2.edit, "12345")  # too short: said, and the case is not saved yet
    form.refresh()
    assert not form.save_button.isEnabled()
    id2.set_text("7654321B")
    form.more.click()  # a third row, left empty: not a participant
    assert len(form.rows) == 3
    qtbot.waitUntil(form.save_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    told = form.saved_panel.acknowledgement.toPlainText()
    assert "reviewed by" in told and form.saved_info is not None
    assert form.saved_info.reference in told
    with sqlite_db.read_session() as s:
        case = s.scalars(select(Inquiry)).one()
        assert (case.track, case.status, case.for_cause_reason) == (
            "consideration", "qc_vetting", "New county",
        )  # fmt: skip
        assert [p["state_id"] for p in case.participants] == ["1234567A", "7654321B"]
        assert case.mco is not None and case.mco.name == "Molina Healthcare of Iowa"

    qc = windows(team["qc"])
    keys = [q.key for q in qc.queue_list.list_model.queues]
    assert QueueKey.QC_VETTING in keys and QueueKey.MEMBER not in keys
    vet = _step(qtbot, qc, QueueKey.QC_VETTING, "vet")
    pane = qc.detail_pane
    qtbot.waitUntil(lambda: pane.detail is not None and bool(pane.detail.case_lines), timeout=5000)
    grid = pane.fields
    texts = [grid.itemAt(i).widget().text() for i in range(grid.count())]
    shown = dict(zip(texts[::2], texts[1::2], strict=True))
    assert shown["Participants"] == "Ana Lopez (1234567A)\nLuis Lopez (7654321B)"
    assert shown["For Cause reason"] == "New county" and "Caller" not in shown
    assert shown["New MCO"] == "Molina Healthcare of Iowa"
    vet.choice.set_value(True)
    _save(qtbot, vet)

    monitor = windows(team["monitor"])
    result = _step(qtbot, monitor, QueueKey.STATE_MONITOR, "monitor")
    result.choice.set_value(False)
    result.save()  # no reason yet: said on the field, nothing saved
    assert result.notice.isVisible() and not result.saving
    with sqlite_db.read_session() as s:
        assert s.scalars(select(Inquiry.status)).one() == "state_monitor"
    result.text.setPlainText("Outside the enrollment window")
    _save(qtbot, result)

    lead = windows(team["lead"])
    for attempt in (1, 2):
        call = _step(qtbot, lead, QueueKey.OUTREACH, "outreach")
        assert f"Attempt {attempt} of 2" in call.attempt_note.text()
        call.choice.set_value(False)
        _save(qtbot, call)
    with sqlite_db.read_session() as s:
        case = s.scalars(select(Inquiry)).one()
        assert (case.closed, case.outcome, case.monitor_reason) == (
            True, "Outreach max attempts", "Outside the enrollment window",
        )  # fmt: skip


def test_the_monitors_list_from_the_file_menu_and_the_report_tab(
    qtbot: Any,
    team: dict[str, AppContext],
    windows: Any,
    sqlite_db: Database,
    tmp_path: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openpyxl import load_workbook

    from liaison_desk.services import considerations as cons
    from tests.action_helpers import run
    from ui.main import monitor_list
    from ui.reports import ReportsWindow

    csr, qc = team["csr"].service_context(), team["qc"].service_context()
    data = cons.ConsiderationIntake("mct_span", [cons.Participant("Ana Lopez")], "ITC")
    iid = run(sqlite_db, cons.create_consideration, csr, data).inquiry.id
    run(sqlite_db, cons.vet, qc, iid, None, true_case=True)

    qc_window = windows(team["qc"])
    assert qc_window.act_monitor_list.isVisible() and not qc_window.act_monitor_results.isVisible()
    path = tmp_path / "list.xlsx"
    monkeypatch.setattr(monitor_list, "choose_save_file", lambda *a: str(path))
    qc_window.act_monitor_list.trigger()
    qtbot.waitUntil(path.exists, timeout=10_000)
    wb = load_workbook(path)
    ws = wb.active
    head = [c.value for c in ws[1]]
    ws.cell(2, head.index("Processed") + 1).value = "Yes"
    wb.save(path)

    monitor = windows(team["monitor"])
    said: list[str] = []
    monkeypatch.setattr(monitor_list, "choose_open_file", lambda *a: str(path))
    monkeypatch.setattr(
        monitor_list.QMessageBox, "information", lambda _w, _t, text: said.append(text)
    )
    monitor.act_monitor_results.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert "1 processed" in said[0]
    with sqlite_db.read_session() as s:
        assert s.scalars(select(Inquiry.outcome)).one() == "Plan selection corrected"

    reports = ReportsWindow(team["qc"])
    qtbot.addWidget(reports)
    reports.show()
    tab = reports.considerations
    assert tab is not None
    reports.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=10_000)
    assert "1 received; QC found 1 true and 0 false" in tab.summary.text()
    assert "processed 1" in tab.summary.text()
