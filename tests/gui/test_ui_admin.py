"""The administration window: users and roles, MCOs and departments, the business calendar and
the response-time policies, saved with the version the admin saw."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import CalendarDay, Mco, Policy, User
from liaison_desk.domain import Role
from liaison_desk.services.context import Actor
from tests.conftest import make_user
from ui.admin import AdminWindow
from ui.context import AppContext
from ui.qt import QDate, Qt, QTime


@pytest.fixture
def admin(sqlite_db: Database) -> Actor:
    return make_user(sqlite_db, "aadmin", Role.ADMIN, "Ada Admin")


@pytest.fixture
def window(qtbot: Any, sqlite_db: Database, admin: Actor, clock: ManualClock) -> AdminWindow:
    w = AdminWindow(AppContext(db=sqlite_db, actor=admin, clock=clock, calendar=BusinessCalendar()))
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def _select(tab: Any, text: str) -> None:
    for r in range(tab.table.rowCount()):
        if tab.table.item(r, 0).text() == text:
            tab.table.selectRow(r)
            return
    raise AssertionError(f"{text} is not in the list")


def test_users_role_change_add_and_a_conflict(
    qtbot: Any, window: AdminWindow, sqlite_db: Database
) -> None:
    tab = window.users
    qtbot.waitUntil(lambda: len(tab.rows) == 1, timeout=10_000)
    make_user(sqlite_db, "rdiaz", Role.LIAISON, "Rosa Diaz")  # added elsewhere meanwhile
    tab.load()
    qtbot.waitUntil(lambda: len(tab.rows) == 2, timeout=10_000)
    _select(tab, "Rosa Diaz")
    tab.role_combo.setCurrentIndex(tab.role_combo.findData("msa_esr"))
    tab.title_edit.setText("Member Services Analyst")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.table.setFocus()
        qtbot.keyClick(tab.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with sqlite_db.read_session() as s:
        rosa = s.scalars(select(User).where(User.login == "rdiaz")).one()
        assert (rosa.role, rosa.title) == ("msa_esr", "Member Services Analyst")
    # Someone else saves Rosa meanwhile: this screen's save is refused and reloaded.
    qtbot.waitUntil(lambda: tab.current is not None and tab.current.role == "msa_esr")
    with sqlite_db.session() as s:
        s.scalars(select(User).where(User.login == "rdiaz")).one().display_name = "Rosa D."
    tab.active_box.setChecked(False)
    tab.save()
    qtbot.waitUntil(lambda: "Someone else saved" in tab.message.text(), timeout=10_000)
    with sqlite_db.read_session() as s:
        assert s.scalars(select(User.active).where(User.login == "rdiaz")).one() is True
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.add({"login": "kolson", "name": "Karen Olson", "role": "liaison"})
    qtbot.waitUntil(lambda: any(r.login == "kolson" for r in tab.rows), timeout=10_000)
    tab.add({"login": "kolson", "name": "Again", "role": "liaison"})
    qtbot.waitUntil(lambda: "already" in tab.message.text(), timeout=10_000)


def test_mcos_rename_and_departments(qtbot: Any, window: AdminWindow, sqlite_db: Database) -> None:
    tab = window.mcos
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: bool(tab.rows), timeout=10_000)
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.add({"name": "Prairie Health Plan", "short": "PHP", "phone": "515-555-0100"})
    qtbot.waitUntil(
        lambda: tab.current is not None and tab.current.name == "Prairie Health Plan",
        timeout=10_000,
    )
    tab.name_edit.setText("Heartland Health Plan")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.save()
    qtbot.waitUntil(
        lambda: tab.current is not None and tab.current.name.startswith("Heartland"), timeout=10_000
    )
    assert "Prairie Health Plan" in tab.synonyms_edit.text()  # the old name still imports
    assert tab.phone_edit.text() == "(515) 555-0100"
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.add_department(
            {
                "name": "Utilization Management",
                "contact": "Dana",
                "phone": "5155550111",
                "email": "",
            }
        )
    qtbot.waitUntil(lambda: tab.departments.rowCount() == 1, timeout=10_000)
    tab.departments.selectRow(0)
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.edit_department(
            {"name": "UM", "contact": "Dana Lee", "phone": "", "email": ""}, active=False
        )
    with sqlite_db.read_session() as s:
        mco = s.scalars(select(Mco).where(Mco.name == "Heartland Health Plan")).one()
        (dept,) = mco.departments
        assert (dept.name, dept.contact_name, dept.active) == ("UM", "Dana Lee", False)


def test_calendar_closures_and_hours(qtbot: Any, window: AdminWindow, sqlite_db: Database) -> None:
    tab = window.calendar
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=10_000)
    assert any(d.what == "Holiday" and d.note == "Thanksgiving Day" for d in tab.data.days)
    tab.day_edit.setDate(QDate(2026, 11, 27))
    tab.note_edit.setText("Day after Thanksgiving")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            d.day == date(2026, 11, 27) and d.what == "Office closed" for d in tab.data.days
        ),
        timeout=10_000,
    )
    with sqlite_db.read_session() as s:
        assert s.get(CalendarDay, date(2026, 11, 27)) is not None
    # A default holiday cannot be removed, only worked; the closure can be removed.
    for r in range(tab.days.rowCount()):
        if tab.days.item(r, 0).text() == "11/26/2026":
            tab.days.selectRow(r)
    tab.remove_selected()
    assert "Work that day" in tab.message.text()
    for r in range(tab.days.rowCount()):
        if tab.days.item(r, 0).text() == "11/27/2026":
            tab.days.selectRow(r)
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.remove_selected()
    with sqlite_db.read_session() as s:
        assert s.get(CalendarDay, date(2026, 11, 27)) is None
    tab.closes.setTime(QTime(7, 0))  # before opening
    tab.save_hours()
    qtbot.waitUntil(lambda: tab.message.text().startswith("Not saved"), timeout=10_000)


def test_policies_put_in_force_and_refused_numbers(
    qtbot: Any, window: AdminWindow, sqlite_db: Database
) -> None:
    tab = window.policies
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: bool(tab.rows), timeout=10_000)
    label = "Responded within 5 business days (IME Member Services, 90%)"
    _select(tab, label)
    assert not tab.enabled_box.isChecked()
    tab.enabled_box.setChecked(True)
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.save()
    with sqlite_db.read_session() as s:
        policy = s.scalars(select(Policy).where(Policy.label == label)).one()
        assert policy.enabled
    _select(tab, "Contact originator")
    tab.due_amount.setValue(0)
    tab.save()
    qtbot.waitUntil(lambda: "Not saved" in tab.message.text(), timeout=10_000)


def test_only_admins_see_administration(
    qtbot: Any, sqlite_db: Database, admin: Actor, clock: ManualClock
) -> None:
    from ui.main_window import MainWindow

    for actor, visible in (
        (admin, True),
        (make_user(sqlite_db, "mboss", Role.MANAGER, "Max Boss"), False),
    ):
        main = MainWindow(
            AppContext(db=sqlite_db, actor=actor, clock=clock, calendar=BusinessCalendar()),
            start=False,
        )
        qtbot.addWidget(main)
        assert main.act_admin.isVisible() is visible


def test_sources_added_and_offered_for_members_only(
    qtbot: Any, window: AdminWindow, sqlite_db: Database
) -> None:
    from liaison_desk.db.models import Source

    tab = window.sources
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: bool(tab.rows), timeout=10_000)
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.add({"name": "Governor's Office"})
    qtbot.waitUntil(
        lambda: tab.current is not None and tab.current.name == "Governor's Office", timeout=10_000
    )
    tab.provider_box.setChecked(False)
    tab.synonyms_edit.setText("Gov Office, Governor")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.save()
    with sqlite_db.read_session() as s:
        src = s.scalars(select(Source).where(Source.name == "Governor's Office")).one()
        assert (src.for_member, src.for_provider) == (True, False)
        assert src.synonyms == ["Gov Office", "Governor"]
    tab.member_box.setChecked(False)
    tab.save()
    qtbot.waitUntil(lambda: "members, providers or both" in tab.message.text(), timeout=10_000)


def test_the_largest_file_kept_is_an_admins_setting(qtbot: Any, window: AdminWindow) -> None:
    from liaison_desk.services import attachments

    qtbot.waitUntil(lambda: window.max_mb.value() == attachments.DEFAULT_MB, timeout=5000)
    window.max_mb.setValue(10)
    window.max_mb_save.click()
    qtbot.waitUntil(lambda: "files up to 10 MB" in window.lock_status.text(), timeout=5000)
    with window.app_ctx.db.read_session() as s:
        assert attachments.max_mb(s) == 10


def test_lists_add_a_sub_category_and_require_an_outcome(
    qtbot: Any, window: AdminWindow, sqlite_db: Database
) -> None:
    from liaison_desk.services import choices

    tab = window.lists
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: bool(tab.rows), timeout=10_000)
    _select(tab, "Pharmacy")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.add({"kind": "sub", "name": "Specialty drug"})
    # Per kind of inquiry: an outcome for e-mails, a category for member escalations.
    tab.required_boxes[("outcome", "email")].setChecked(True)
    tab.required_boxes[("category", "mco_member")].setChecked(True)
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.save_required()
    with sqlite_db.read_session() as s:
        offered = choices.lists(s)
    assert "Specialty drug" in offered.categories["Pharmacy"]
    assert offered.outcome_required == {"email"}
    assert offered.category_required == {"mco_member"}
    qtbot.waitUntil(lambda: tab.required_boxes[("outcome", "email")].isChecked(), timeout=5000)
    assert not tab.required_boxes[("outcome", "mco_member")].isChecked()


def test_the_email_standards_set_and_the_acknowledgement_text(
    qtbot: Any, window: AdminWindow, sqlite_db: Database
) -> None:
    from liaison_desk.services import email_replies, policy_admin

    tab = window.policies
    window.tabs.setCurrentWidget(tab)
    bar = tab.email_bar
    qtbot.waitUntil(lambda: bool(tab.rows) and bar.in_force.text() != "", timeout=10_000)
    assert bar.sets.currentData() == "health_plan" and not bar.apply_button.isEnabled()
    bar.sets.setCurrentIndex(bar.sets.findData("ime_member_services"))
    assert bar.apply_button.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        bar.apply_button.click()
    qtbot.waitUntil(lambda: "in force for new e-mail" in tab.message.text(), timeout=10_000)
    with sqlite_db.read_session() as s:
        assert policy_admin.email_set_in_force(s) == "ime_member_services"
    # The acknowledgement's words: a field it cannot fill is refused in words, then saved.
    bar.template_button.click()
    from ui.admin.email_standards import TemplateDialog

    dialog = window.findChild(TemplateDialog, "ackTemplateDialog")
    assert dialog is not None
    dialog.text.setPlainText("We have your e-mail, {name}.")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "not a field" in dialog.problem.text(), timeout=10_000)
    dialog.text.setPlainText("We have your e-mail; your reference is {reference}.")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save_button.click()
    with sqlite_db.read_session() as s:
        assert email_replies.template(s) == "We have your e-mail; your reference is {reference}."
