"""No two keys clash: every dialog and window of the client, walked with each of its pages
and modes shown, has each Alt+letter mnemonic on one visible control only, and each menu's
items have distinct mnemonics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.signin import ServerProfile
from liaison_desk.domain import Role, Track
from liaison_desk.services import actions, callbacks
from liaison_desk.services.context import Actor
from tests.action_helpers import (
    callback_request,
    load,
    mco_id,
    member_inquiry,
    provider_inquiry,
    run,
)
from tests.conftest import make_user
from tests.mnemonics import clashes, mnemonic
from ui.actions import (
    ApprovalDialog,
    AssignDialog,
    CallbackDialog,
    ContactDialog,
    DecisionDialog,
    EditDetailsDialog,
    FollowUpDialog,
    LetterDialog,
    McoUpdateDialog,
    NoteDialog,
    PriorityDialog,
    ReferralDialog,
    ReopenDialog,
    ResolveDialog,
    ResubmitDialog,
)
from ui.admin.window import AdminWindow
from ui.context import AppContext
from ui.excel import ExportDialog, ImportDialog
from ui.intake import (
    CallbackRequestDialog,
    ConsiderationIntakeDialog,
    EmailIntakeDialog,
    MemberIntakeDialog,
    ProviderIntakeDialog,
)
from ui.intake.base import IntakeDialog
from ui.main_window import MainWindow
from ui.qt import QMenu, QSettings, QTabWidget, QWidget
from ui.reports.packet_dialog import PacketDialog
from ui.reports.qc_draw import DrawDialog
from ui.reports.window import ReportsWindow
from ui.settings import SettingsDialog
from ui.signin import SignInDialog


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)


@pytest.fixture
def people(sqlite_db: Database) -> dict[Role, Actor]:
    return {role: make_user(sqlite_db, role.value, role, f"{role.label} Person") for role in Role}


@pytest.fixture
def app_for(
    sqlite_db: Database, people: dict[Role, Actor], clock: ManualClock, calendar: BusinessCalendar
) -> Any:
    def make(role: Role) -> AppContext:
        return AppContext(db=sqlite_db, actor=people[role], clock=clock, calendar=calendar)

    return make


def show(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    if hasattr(widget, "ready"):
        qtbot.waitUntil(lambda: widget.ready, timeout=5000)
    return widget


def pages(window: QWidget) -> Iterator[str]:
    """Each tab of each tab widget in turn (the window itself first)."""
    yield window.objectName() or type(window).__name__
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f"{type(window).__name__} / {tabs.tabText(index).replace('&', '')}"


def test_the_action_dialogs(qtbot: QtBot, app_for: Any) -> None:
    liaison, lead, csr = app_for(Role.LIAISON), app_for(Role.UNIT_LEAD), app_for(Role.CSR)
    ctx = liaison.service_context()
    member = member_inquiry(liaison.db, ctx)
    provider = provider_inquiry(liaison.db, ctx)
    run(liaison.db, actions.refer_to_mco, ctx, member, None, mco_id=mco_id(liaison.db),
        department="Member Services")  # fmt: skip
    pending = callback_request(csr.db, csr.service_context())
    sent_back = callback_request(csr.db, csr.service_context(), caller_name="Ana Ruiz")
    run(lead.db, callbacks.send_back, lead.service_context(), sent_back, None, note="Phone?")
    approved = callback_request(csr.db, csr.service_context(), caller_name="Bo Lind")
    run(lead.db, callbacks.approve, lead.service_context(), approved, None)
    closed = member_inquiry(liaison.db, ctx, member_name="Ida Berg")
    run(liaison.db, actions.resolve, ctx, closed, None, resolution="Done.")

    problems: dict[str, dict[str, list[str]]] = {}
    for cls, app, inquiry_id in (
        (ContactDialog, liaison, member),
        (ReferralDialog, liaison, provider),
        (McoUpdateDialog, liaison, member),
        (FollowUpDialog, liaison, member),
        (DecisionDialog, liaison, provider),
        (AssignDialog, liaison, member),
        (PriorityDialog, liaison, member),
        (NoteDialog, liaison, member),
        (ResolveDialog, liaison, member),
        (ReopenDialog, liaison, closed),
        (LetterDialog, liaison, member),
        (EditDetailsDialog, liaison, member),
        (EditDetailsDialog, liaison, provider),
        (EditDetailsDialog, csr, pending),
        (ApprovalDialog, lead, pending),
        (ResubmitDialog, csr, sent_back),
        (CallbackDialog, lead, approved),
    ):
        dialog = show(qtbot, cls(app, inquiry_id))
        if found := clashes(dialog):
            problems[f"{cls.__name__} on {load(app.db, inquiry_id).track}"] = found
        if isinstance(dialog, EditDetailsDialog) and dialog.track() != Track.IME_CALLBACK:
            other = Track.MCO_PROVIDER if dialog.track() == Track.MCO_MEMBER else Track.MCO_MEMBER
            dialog.about.buttons[str(other)].click()
            if found := clashes(dialog):
                problems[f"EditDetailsDialog switched to {other}"] = found
        dialog.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_intake_forms(qtbot: QtBot, app_for: Any) -> None:
    for cls in (MemberIntakeDialog, ProviderIntakeDialog, CallbackRequestDialog,
                EmailIntakeDialog, ConsiderationIntakeDialog):  # fmt: skip
        dialog = show(qtbot, cls(app_for(Role.LIAISON)))
        assert clashes(dialog) == {}, cls.__name__
        if isinstance(dialog, EmailIntakeDialog):  # the provider's rows instead
            dialog.from_provider.click()
            assert clashes(dialog) == {}, "EmailIntakeDialog from a provider"
        if isinstance(dialog, ConsiderationIntakeDialog):  # with its For Cause reason
            dialog.kind.setCurrentIndex(dialog.kind.findData("for_cause"))
            assert clashes(dialog) == {}, "ConsiderationIntakeDialog, For Cause"
        dialog.close()


def test_the_consideration_steps(qtbot: QtBot, app_for: Any) -> None:
    from liaison_desk.services import considerations as cons
    from ui.actions.consideration import MonitorResultDialog, OutreachDialog, VetDialog

    csr, qc = app_for(Role.CSR), app_for(Role.QC_REVIEWER)
    mon, lead = app_for(Role.STATE_MONITOR), app_for(Role.UNIT_LEAD)
    data = cons.ConsiderationIntake("mct_span", [cons.Participant("Ana Lopez")], "ITC")
    first = run(csr.db, cons.create_consideration, csr.service_context(), data).inquiry.id
    second = run(csr.db, cons.create_consideration, csr.service_context(), data).inquiry.id
    run(qc.db, cons.vet, qc.service_context(), second, None, true_case=False)
    third = run(csr.db, cons.create_consideration, csr.service_context(), data).inquiry.id
    run(qc.db, cons.vet, qc.service_context(), third, None, true_case=True)
    for cls, app, inquiry_id in ((VetDialog, qc, first), (OutreachDialog, lead, second),
                                 (MonitorResultDialog, mon, third)):  # fmt: skip
        dialog = show(qtbot, cls(app, inquiry_id))
        assert clashes(dialog) == {}, cls.__name__
        dialog.close()


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.LIAISON, Role.CSR, Role.MANAGER, Role.QC_REVIEWER]
)
def test_the_main_window_and_its_menus(
    qtbot: QtBot, app_for: Any, role: Role, tmp_path: Any
) -> None:
    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(app_for(role), store=store, start=False)
    show(qtbot, window)
    assert clashes(window) == {}
    for menu in window.findChildren(QMenu):
        keys = [mnemonic(a.text()) for a in menu.actions() if a.isVisible() and a.text()]
        used = [k for k in keys if k is not None]
        assert len(used) == len(set(used)), f"menu {menu.title()}: {keys}"


def test_the_other_windows(qtbot: QtBot, app_for: Any, tmp_path: Any) -> None:
    admin = app_for(Role.ADMIN)
    store = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    found = {}
    for window in (
        AdminWindow(admin),
        ReportsWindow(admin),
        SettingsDialog(store=store),
        ImportDialog(admin),
        ExportDialog(admin),
        DrawDialog(date(2026, 11, 23)),
        PacketDialog(admin),
        SignInDialog(ServerProfile(sslmode="verify-full")),
    ):
        show(qtbot, window)
        found.update({where: c for where in pages(window) if (c := clashes(window))})
        window.close()
    assert found == {}
