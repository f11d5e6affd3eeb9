"""Edit details in the client: the fields of the inquiry's kind, filled as stored; a
correction saved with its timeline line; an old received time confirmed first; the kind
switched from member to provider."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import EntryKind, Role, Track
from liaison_desk.services.context import Actor
from tests.action_helpers import callback_request, entries, load, member_inquiry
from tests.conftest import CHICAGO, make_user
from ui.actions import EditDetailsDialog
from ui.context import AppContext
from ui.qt import QDate, QDateTime, Qt, QTime, QTimeZone


@pytest.fixture
def people(sqlite_db: Database) -> dict[Role, Actor]:
    return {
        Role.LIAISON: make_user(sqlite_db, "lee", Role.LIAISON, "Lee Nakamura"),
        Role.CSR: make_user(sqlite_db, "casey", Role.CSR, "Casey Romero"),
    }


@pytest.fixture
def app_for(
    sqlite_db: Database, people: dict[Role, Actor], clock: ManualClock, calendar: Any
) -> Any:
    def make(role: Role) -> AppContext:
        return AppContext(db=sqlite_db, actor=people[role], clock=clock, calendar=calendar)

    return make


def opened(qtbot: QtBot, app: AppContext, inquiry_id: int) -> EditDetailsDialog:
    dialog = EditDetailsDialog(app, inquiry_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    return dialog


def saved(qtbot: QtBot, dialog: EditDetailsDialog) -> None:
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=5000):
        dialog.save_button.click()


def set_received(dialog: EditDetailsDialog, when: datetime) -> None:
    wall = when.astimezone(CHICAGO)
    dialog.received.edit.setDateTime(
        QDateTime(
            QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute), QTimeZone.utc()
        )
    )


def visible(dialog: EditDetailsDialog) -> set[str]:
    return {name for name, field in dialog._fields.items() if field.isVisible()}


def test_a_member_inquiry_opens_with_its_values_and_saves_a_correction(
    qtbot: QtBot, app_for: Any
) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, app.service_context())
    dialog = opened(qtbot, app, inquiry_id)
    assert {"member_name", "caller_phone", "mco", "source"} <= visible(dialog)
    assert not {"npi", "contact_phone", "mcos"} & visible(dialog)
    assert dialog.caller_phone.text() == "(515) 555-0142"
    assert dialog.mco.currentText() == "Iowa Total Care"
    assert dialog.source.currentText() == "CSR"
    assert dialog.effect.isHidden()  # nothing that moves a deadline yet

    dialog.caller_phone.setText("515 555 0100 x 22")
    dialog.mailing_address.setText("12 Elm St\nAmes, IA 50010")
    saved(qtbot, dialog)

    inquiry = load(app.db, inquiry_id)
    assert inquiry.caller_phone == "+15155550100;ext=22"
    [entry] = entries(app.db, inquiry_id, EntryKind.CORRECTION)
    assert entry.summary == "Details corrected: Caller phone, Mailing address"


def test_an_old_received_time_is_confirmed_and_needs_a_reason(
    qtbot: QtBot, app_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, app.service_context())
    dialog = opened(qtbot, app, inquiry_id)
    asked: list[str] = []
    answer = {"yes": False}

    def confirm(text: str) -> bool:
        asked.append(text)
        return answer["yes"]

    monkeypatch.setattr(dialog, "confirm_old_receipt", confirm)
    set_received(dialog, datetime(2026, 11, 18, 10, 0, tzinfo=CHICAGO))
    assert dialog.effect.isVisible()
    assert "already passed" in dialog.effect.text.text()

    dialog.save_button.click()  # no reason yet: the field says so, nothing is asked
    assert dialog._fields["reason"].message.has_error
    assert asked == []

    dialog.reason.setText("Letter dated Nov 18 found in the scan queue")
    dialog.save_button.click()  # asked, and the person says no
    assert asked and "Contact originator is already overdue" in asked[0]
    assert load(app.db, inquiry_id).received_at == datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO)

    answer["yes"] = True
    saved(qtbot, dialog)
    assert load(app.db, inquiry_id).received_at == datetime(2026, 11, 18, 10, 0, tzinfo=CHICAGO)


def test_a_member_inquiry_becomes_a_provider_one(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, app.service_context())
    dialog = opened(qtbot, app, inquiry_id)
    dialog.about.buttons[str(Track.MCO_PROVIDER)].click()
    assert {"npi", "provider_name", "contact_phone", "mcos"} <= visible(dialog)
    assert "member_name" not in visible(dialog)
    dialog.save_button.click()
    assert dialog._fields["npi"].message.has_error
    dialog.npi.setText("1234567893")
    dialog.provider_name.setText("Prairie Family Clinic")
    dialog.contact_name.setText("Dana Whitfield")
    dialog.contact_phone.setText("319-555-0100")
    dialog.source.setCurrentText("Provider")
    dialog.reason.setText("The clinic called about its claim")
    saved(qtbot, dialog)
    assert load(app.db, inquiry_id).track == Track.MCO_PROVIDER


def test_a_csr_corrects_their_pending_request(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.CSR)
    inquiry_id = callback_request(app.db, app.service_context())
    dialog = opened(qtbot, app, inquiry_id)
    assert "track" not in visible(dialog) and "source" not in visible(dialog)
    assert {"caller_name", "member_name", "member_state_id", "npi"} <= visible(dialog)
    dialog.description.setText("Why was my son's renewal denied? He turned 19 in October.")
    saved(qtbot, dialog)
    assert "turned 19" in load(app.db, inquiry_id).description


def test_enter_in_a_one_line_field_saves(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, app.service_context())
    dialog = opened(qtbot, app, inquiry_id)
    dialog.caller_name.setText("Mary Walsh")
    dialog.caller_name.setFocus()
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=5000):
        qtbot.keyClick(dialog.caller_name, Qt.Key.Key_Return)
    assert load(app.db, inquiry_id).caller_name == "Mary Walsh"
    assert "Ctrl+Enter" in dialog.keys_hint.text()
