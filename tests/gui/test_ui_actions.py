"""Every working action through the GUI (pytest-qt, offscreen, SQLite), the conflict dialog,
the callback flow end to end with the letter, and what each role is offered."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.domain import (
    CallOutcome,
    Channel,
    Decision,
    EntryKind,
    MilestoneKind,
    Party,
    Priority,
    Role,
    Status,
)
from liaison_desk.services import actions, callbacks
from liaison_desk.services.context import Actor, ServiceContext
from tests.action_helpers import (
    callback_request,
    entries,
    load,
    mco_id,
    member_inquiry,
    milestone,
    provider_inquiry,
    run,
)
from tests.conftest import CHICAGO, make_user
from ui.actions import (
    ApprovalDialog,
    AssignDialog,
    CallbackDialog,
    ConflictDialog,
    ContactDialog,
    DecisionDialog,
    FollowUpDialog,
    InquiryActions,
    LetterDialog,
    LetterViewer,
    McoUpdateDialog,
    NoteDialog,
    PriorityDialog,
    ReferralDialog,
    ReopenDialog,
    ResolveDialog,
    ResubmitDialog,
    install_actions,
)
from ui.actions.common import ActionDialog
from ui.actions.pdf_view import print_pdf
from ui.context import AppContext
from ui.qt import QDialog, QMainWindow, QPrinter, Qt

ADDRESS_LINES = ("2210 Forest Avenue", "Des Moines, IA 50311")
ANSWER = (
    "Your son's renewal was denied because the household income form was not returned.\n\n"
    "We have reopened the renewal; please return the enclosed form by December 15."
)


@pytest.fixture
def people(sqlite_db: Database) -> dict[Role, Actor]:
    return {
        Role.LIAISON: make_user(sqlite_db, "lee", Role.LIAISON, "Lee Nakamura"),
        Role.MSA_ESR: make_user(sqlite_db, "morgan", Role.MSA_ESR, "Morgan Delgado"),
        Role.UNIT_LEAD: make_user(sqlite_db, "jordan", Role.UNIT_LEAD, "Jordan Ellis"),
        Role.CSR: make_user(sqlite_db, "casey", Role.CSR, "Casey Romero"),
        Role.MANAGER: make_user(sqlite_db, "max", Role.MANAGER, "Max Manager"),
        Role.ADMIN: make_user(sqlite_db, "ada", Role.ADMIN, "Ada Admin"),
    }


@pytest.fixture
def app_for(
    sqlite_db: Database, people: dict[Role, Actor], clock: ManualClock, calendar: Any
) -> Any:
    def make(role: Role) -> AppContext:
        return AppContext(db=sqlite_db, actor=people[role], clock=clock, calendar=calendar)

    return make


def sctx(app: AppContext) -> ServiceContext:
    return app.service_context()


def opened(qtbot: QtBot, dialog: Any) -> Any:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    return dialog


def save(qtbot: QtBot, dialog: ActionDialog) -> Any:
    emitted: list[int] = []
    dialog.inquiryChanged.connect(emitted.append)
    dialog.save_button.click()
    qtbot.waitUntil(
        lambda: bool(emitted) or (not dialog.saving and dialog.notice.isVisible()), timeout=5000
    )
    assert emitted == [dialog.inquiry_id], dialog.notice.text.text()
    return dialog.outcome


def refused(qtbot: QtBot, dialog: ActionDialog) -> None:
    """Save is pressed but nothing goes to the database: a field shows the problem."""
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.notice.isVisible()


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


# ------------------------------------------------------------------------------ actions


def test_contact_dialog_logs_a_call(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app))
    dialog = opened(qtbot, ContactDialog(app, inquiry_id))
    assert dialog.party.value() == Party.MEMBER
    assert not dialog.party.buttons[Party.PROVIDER].isVisibleTo(dialog)
    assert "(515) 555-0142" in dialog._fields["party"].message.text()

    refused(qtbot, dialog)  # no outcome chosen yet
    assert dialog._fields["outcome"].message.has_error
    assert entries(app.db, inquiry_id, EntryKind.CONTACT) == []

    assert dialog.outcome is not None
    dialog.outcome.set_value(CallOutcome.REACHED)
    dialog.notes.setText("Mother confirmed the pharmacy.")
    result = save(qtbot, dialog)
    assert result.status == Status.IN_PROGRESS
    entry = entries(app.db, inquiry_id, EntryKind.CONTACT)[-1]
    assert entry.notes == "Mother confirmed the pharmacy."
    assert milestone(app.db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR).met_at is not None


def test_contact_outcomes_follow_the_channel(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = provider_inquiry(app.db, sctx(app))
    dialog = opened(qtbot, ContactDialog(app, inquiry_id))
    assert dialog.party.value() == Party.PROVIDER
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    assert dialog.outcome is not None
    assert set(dialog.outcome.buttons) == {"sent", "received"}
    dialog.outcome.set_value("sent")
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert entries(app.db, inquiry_id, EntryKind.CONTACT)[-1].channel == "email"


def test_referral_dialog_refers_and_shows_the_mco_clock(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app))
    dialog = opened(qtbot, ReferralDialog(app, inquiry_id))
    assert dialog.mco.currentText() == "Iowa Total Care"
    assert dialog.department.currentText() == "Member Services"
    assert "MCO contacts member: due Mon Nov 23, 5:00 PM" in dialog.clock_notice.text.text()
    dialog.department.setCurrentText("Pharmacy")
    dialog.contact.setText("Pat Rivera")
    result = save(qtbot, dialog)
    assert result.status == Status.AWAITING_MCO
    inquiry = load(app.db, inquiry_id)
    assert (inquiry.mco_department, inquiry.mco_contact) == ("Pharmacy", "Pat Rivera")


def test_mco_update_dialog_can_resolve_in_the_same_step(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app))
    run(app.db, actions.refer_to_mco, sctx(app), inquiry_id, None, mco_id=mco_id(app.db),
        department="Pharmacy")  # fmt: skip
    dialog = opened(qtbot, McoUpdateDialog(app, inquiry_id))
    dialog.update_kind.set_value(actions.McoUpdate.WORKING)
    refused(qtbot, dialog)
    assert dialog._fields["notes"].message.has_error
    dialog.update_kind.set_value(actions.McoUpdate.RESOLVED)
    assert dialog.contacted.isChecked() and dialog.resolve_box.isEnabled()
    dialog.resolve_box.setChecked(True)
    dialog.resolution.setText("ITC authorised the refill.")
    result = save(qtbot, dialog)
    assert result.closed
    assert milestone(app.db, inquiry_id, MilestoneKind.MCO_CONTACT).met_at is not None
    assert load(app.db, inquiry_id).resolution == "ITC authorised the refill."


def test_follow_up_dialog(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.MSA_ESR)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    run(app.db, actions.refer_to_mco, sctx(app), inquiry_id, None, mco_id=mco_id(app.db),
        department="Claims", contact_person="Pat Rivera")  # fmt: skip
    dialog = opened(qtbot, FollowUpDialog(app, inquiry_id))
    refused(qtbot, dialog)
    dialog.response.setText("Will call the member today")
    save(qtbot, dialog)
    entry = entries(app.db, inquiry_id, EntryKind.FOLLOW_UP)[-1]
    assert entry.outcome == "Will call the member today"


def test_assign_dialog_hands_it_to_an_msa(
    qtbot: QtBot, app_for: Any, people: dict[Role, Actor]
) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    dialog = opened(qtbot, AssignDialog(app, inquiry_id))
    names = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert any("Morgan Delgado" in n and "MSA/ESR" in n for n in names)
    assert not any("Casey" in n or "Max" in n for n in names)
    dialog.select_user(people[Role.MSA_ESR].user_id or 0)
    dialog.note.setText("Please contact the member today.")
    save(qtbot, dialog)
    assert load(app.db, inquiry_id).assignee_id == people[Role.MSA_ESR].user_id


def test_priority_dialog_needs_a_reason(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    dialog = opened(qtbot, PriorityDialog(app, inquiry_id))
    assert dialog.priority.value() == Priority.HIGH
    assert not dialog.priority.buttons[Priority.ESCALATED].isEnabled()
    assert "Contact originator: due Mon Nov 23, 1:00 PM" in dialog.effect.text.text()
    refused(qtbot, dialog)
    assert dialog._fields["reason"].message.has_error
    dialog.reason.setText("Member is out of medication today.")
    save(qtbot, dialog)
    assert load(app.db, inquiry_id).priority == Priority.HIGH


def test_resolve_then_reopen_then_note(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app))
    resolve = opened(qtbot, ResolveDialog(app, inquiry_id))
    refused(qtbot, resolve)
    resolve.text.setText("Refill authorised.")
    assert save(qtbot, resolve).closed
    reopen = opened(qtbot, ReopenDialog(app, inquiry_id))
    refused(qtbot, reopen)
    reopen.text.setText("Pharmacy refused again.")
    assert save(qtbot, reopen).status == Status.IN_PROGRESS
    note = opened(qtbot, NoteDialog(app, inquiry_id))
    note.text.setText("Called the pharmacy manager.")
    save(qtbot, note)
    assert entries(app.db, inquiry_id, EntryKind.NOTE)[-1].summary == "Called the pharmacy manager."


def test_a_service_refusal_is_shown_in_the_dialog(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app))
    dialog = opened(qtbot, ContactDialog(app, inquiry_id))
    run(app.db, actions.resolve, sctx(app), inquiry_id, None, resolution="Done elsewhere.")
    assert dialog.outcome is not None
    dialog.outcome.set_value(CallOutcome.REACHED)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.notice.isVisible() and not dialog.saving)
    assert "reopen it" in dialog.notice.text.text()
    assert dialog.isVisible()


# ----------------------------------------------------------------------------- conflict


def test_a_stale_save_shows_both_sides_and_applies_mine_again(
    qtbot: QtBot, app_for: Any, people: dict[Role, Actor]
) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    dialog = opened(qtbot, AssignDialog(app, inquiry_id))
    # Meanwhile the Unit Lead takes it on another workstation.
    lead = replace(sctx(app), actor=people[Role.UNIT_LEAD])
    run(app.db, actions.assign, lead, inquiry_id, None, assignee_id=people[Role.UNIT_LEAD].user_id)
    dialog.select_user(people[Role.MSA_ESR].user_id or 0)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "conflict_dialog", None) is not None, timeout=5000)
    conflict: ConflictDialog = dialog.conflict_dialog
    qtbot.waitUntil(conflict.isVisible)
    table = conflict.table
    cells = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
             for r in range(table.rowCount())}  # fmt: skip
    assert cells["Assigned to"][0] == "Morgan Delgado"
    assert (
        cells["Assigned to"][1].startswith("Jordan Ellis") and "differs" in cells["Assigned to"][1]
    )
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=5000):
        conflict.apply_button.click()
    assert load(app.db, inquiry_id).assignee_id == people[Role.MSA_ESR].user_id


def test_reload_after_a_conflict_keeps_the_typing(
    qtbot: QtBot, app_for: Any, people: dict[Role, Actor], clock: ManualClock
) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    dialog = opened(qtbot, DecisionDialog(app, inquiry_id))
    seen = dialog.brief.version
    clock.advance(timedelta(minutes=3))
    run(app.db, actions.add_note, sctx(app), inquiry_id, text="x")  # moves the version on
    dialog.decision.set_value(Decision.RESOLVED_BY_IME)
    dialog.note.setText("Eligibility issue.")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "conflict_dialog", None) is not None, timeout=5000)
    qtbot.waitUntil(dialog.conflict_dialog.isVisible)
    dialog.conflict_dialog.reload_button.click()
    qtbot.waitUntil(lambda: dialog.brief.version != seen and not dialog.saving, timeout=5000)
    assert dialog.note.text() == "Eligibility issue."
    assert "Reloaded" in dialog.notice.text.text()
    save(qtbot, dialog)
    assert load(app.db, inquiry_id).decision == "ime"


# ---------------------------------------------------------------------------- callbacks


def test_approval_dialog_sends_back_with_a_note_and_the_csr_resubmits(
    qtbot: QtBot, app_for: Any
) -> None:
    csr, lead = app_for(Role.CSR), app_for(Role.UNIT_LEAD)
    inquiry_id = callback_request(csr.db, sctx(csr))
    dialog = opened(qtbot, ApprovalDialog(lead, inquiry_id))
    assert (
        "Why was my son's Medicaid renewal denied?"
        in dialog.request_box.findChildren(type(dialog.status))[-1].text()
    )
    dialog.choice.set_value("send_back")
    assert dialog.save_button.text() == "Send &back"
    refused(qtbot, dialog)
    dialog.note.setText("Ask the caller for a daytime number.")
    assert save(qtbot, dialog).status == Status.SENT_BACK

    again = opened(qtbot, ResubmitDialog(csr, inquiry_id))
    assert "Ask the caller for a daytime number." in again.lead_note.text.text()
    again.phone.setText("641-555-0123")
    again.note.setText("Daytime number added.")
    assert save(qtbot, again).status == Status.PENDING_APPROVAL
    approve = opened(qtbot, ApprovalDialog(lead, inquiry_id))
    assert save(qtbot, approve).status == Status.OPEN
    assert load(lead.db, inquiry_id).assignee_id == lead.actor.user_id


def _record(qtbot: QtBot, panel: Any, outcome: CallOutcome) -> None:
    panel.outcome.set_value(outcome)
    with qtbot.waitSignal(panel.inquiryChanged, timeout=5000):
        panel.record_button.click()
    qtbot.waitUntil(lambda: panel.ready and not panel.busy, timeout=5000)


def test_callback_flow_end_to_end_through_the_gui(
    qtbot: QtBot, app_for: Any, clock: ManualClock, tmp_path: Path, monkeypatch: Any
) -> None:
    csr, lead = app_for(Role.CSR), app_for(Role.UNIT_LEAD)
    inquiry_id = callback_request(csr.db, sctx(csr), caller_name="Siobhán O'Brien-Nguyễn")
    reference = load(csr.db, inquiry_id).reference
    approve = opened(qtbot, ApprovalDialog(lead, inquiry_id))
    save(qtbot, approve)

    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_actions(window, lead)
    controller.set_inquiry(inquiry_id)
    qtbot.waitUntil(lambda: controller.is_available("callback"), timeout=5000)
    dialog = controller.open("callback")
    assert isinstance(dialog, CallbackDialog)
    panel = dialog.panel
    qtbot.waitUntil(lambda: panel.ready, timeout=5000)
    assert panel.step.text() == "Attempt 1 of 2"
    assert panel.number.text() == "(515) 555-0199"

    clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=CHICAGO))
    _record(qtbot, panel, CallOutcome.NO_ANSWER)
    assert panel.step.text() == "Attempt 2 of 2"
    assert not panel.letter_notice.isVisible()
    clock.set(datetime(2026, 11, 24, 9, 15, tzinfo=CHICAGO))
    _record(qtbot, panel, CallOutcome.VOICEMAIL)
    assert panel.letter_notice.isVisible() and panel.letter_button.isVisible()
    assert not panel.attempt_box.isVisible() and panel.extra_call_button.isVisible()
    assert not panel.complete_button.isEnabled()

    clock.set(datetime(2026, 11, 24, 11, 0, tzinfo=CHICAGO))
    panel.letter_button.click()
    letter = controller._keep_letter
    assert isinstance(letter, LetterDialog)
    qtbot.addWidget(letter)
    qtbot.waitUntil(lambda: letter.previews_rendered > 0, timeout=10000)
    assert letter.keep_address.isVisible()
    assert letter.template.currentData() == "unable_to_reach"
    assert letter.recipient.text() == "Siobhán O'Brien-Nguyễn"
    letter.address.setText("\n".join(ADDRESS_LINES))
    letter.set_answer(ANSWER)
    rendered = letter.previews_rendered
    qtbot.waitUntil(lambda: letter.previews_rendered > rendered, timeout=10000)
    assert letter.pdf_pane.page_count() == 1

    with qtbot.waitSignal(letter.letter_saved, timeout=10000) as saved:
        letter.save_button.click()
    letter_id = saved.args[0]
    assert letter.saved is not None
    text = pdf_text(letter.saved.pdf)
    for expected in ("Siobhán O'Brien-Nguyễn", *ADDRESS_LINES, reference, "Bao Nguyễn"):
        assert expected in text
    assert " ".join(ANSWER.split()) in text

    # Save a copy and print it (to a PDF printer: no real printer in a test).
    target = tmp_path / "copy.pdf"
    monkeypatch.setattr("ui.actions.pdf_view.choose_save_file", lambda *a, **k: str(target))
    assert letter.save_as_pdf() == target and target.read_bytes() == letter.saved.pdf
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(letter.saved.pdf, printer) == 1
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 1

    qtbot.waitUntil(lambda: panel.ready and panel.complete_button.isEnabled(), timeout=5000)
    assert "a letter was sent" in panel.complete_hint.text()
    assert not panel.letter_notice.isVisible()  # the letter went: no more "write a letter"
    with qtbot.waitSignal(panel.inquiryChanged, timeout=5000):
        panel.complete_button.click()
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.closed, timeout=5000)
    inquiry = load(lead.db, inquiry_id)
    assert inquiry.closed and inquiry.status == Status.RESOLVED
    assert inquiry.mailing_address == "\n".join(ADDRESS_LINES)
    met = milestone(lead.db, inquiry_id, MilestoneKind.CALLBACK)
    assert met.met_at == datetime(2026, 11, 24, 11, 0, tzinfo=CHICAGO)

    # The letter opens again from the inquiry.
    controller.set_inquiry(inquiry_id)
    qtbot.waitUntil(lambda: controller.is_available("open_letter"), timeout=5000)
    viewer = controller.open("open_letter")
    assert isinstance(viewer, LetterViewer) and viewer.letter_id == letter_id
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.ready, timeout=5000)
    assert viewer.pdf_pane.pdf == letter.saved.pdf
    assert viewer.filename.startswith(f"Letter {reference} 2026-11-24")


def test_a_third_call_needs_a_reason_in_the_panel(
    qtbot: QtBot, app_for: Any, people: dict[Role, Actor]
) -> None:
    csr, msa = app_for(Role.CSR), app_for(Role.MSA_ESR)
    inquiry_id = callback_request(csr.db, sctx(csr))
    lead = replace(sctx(csr), actor=people[Role.UNIT_LEAD])
    run(csr.db, callbacks.approve, lead, inquiry_id, None)
    for outcome in (CallOutcome.BUSY, CallOutcome.NO_ANSWER):
        run(csr.db, callbacks.record_attempt, lead, inquiry_id, None,
            number_dialled="5155550199", outcome=outcome)  # fmt: skip
    dialog = CallbackDialog(msa, inquiry_id)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.panel
    qtbot.waitUntil(lambda: panel.ready, timeout=5000)
    panel.extra_call_button.click()
    assert panel.attempt_box.isVisible() and panel.insist_field.isVisible()
    assert panel.step.text().startswith("Extra attempt (3)")
    panel.outcome.set_value(CallOutcome.REACHED)
    panel.record_button.click()
    qtbot.waitUntil(lambda: panel.insist_field.message.has_error, timeout=5000)
    assert len(entries(csr.db, inquiry_id, EntryKind.CALLBACK_ATTEMPT)) == 2
    panel.insist.setText("The caller phoned in and asked us to try after 3 PM.")
    with qtbot.waitSignal(panel.inquiryChanged, timeout=5000):
        panel.record_button.click()
    qtbot.waitUntil(lambda: panel.ready and panel.complete_button.isEnabled(), timeout=5000)
    assert "the caller was reached" in panel.complete_hint.text()


def test_letter_dialog_asks_before_saving_a_letter_with_missing_fields(
    qtbot: QtBot, app_for: Any, people: dict[Role, Actor]
) -> None:
    csr, lead = app_for(Role.CSR), app_for(Role.UNIT_LEAD)
    inquiry_id = callback_request(csr.db, sctx(csr), mailing_address="12 Elm St\nAmes, IA 50010")
    run(csr.db, callbacks.approve, sctx(lead), inquiry_id, None)
    dialog = LetterDialog(lead, inquiry_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.previews_rendered > 0, timeout=10000)
    assert not dialog.keep_address.isVisible()
    assert "first call date" in dialog.missing.text.text()  # no attempts yet
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.fields["answer"].message.has_error)
    dialog.set_answer("Your renewal is approved.")
    dialog.save_button.click()
    qtbot.waitUntil(
        lambda: dialog.findChild(type(dialog.save_button), "saveAnywayButton") is not None,
        timeout=5000,
    )
    assert entries(csr.db, inquiry_id, EntryKind.LETTER) == []
    dialog.template.setCurrentIndex(dialog.template.findData("issue_outcome"))
    with qtbot.waitSignal(dialog.letter_saved, timeout=10000):
        dialog.save_button.click()
    assert entries(csr.db, inquiry_id, EntryKind.LETTER)[-1].summary.startswith(
        "Letter sent to Thi Nguyễn"
    )


# --------------------------------------------------------------------------- roles


def _offered(qtbot: QtBot, app: AppContext, inquiry_id: int) -> set[str]:
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_actions(window, app)
    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        controller.set_inquiry(inquiry_id)
    return {key for key, action in controller.actions.items() if action.isVisible()}


def test_each_role_is_offered_only_its_actions(qtbot: QtBot, app_for: Any) -> None:
    liaison, csr = app_for(Role.LIAISON), app_for(Role.CSR)
    member_id = member_inquiry(liaison.db, sctx(liaison))
    callback_id = callback_request(csr.db, sctx(csr))

    assert _offered(qtbot, liaison, member_id) == {
        "contact", "refer", "decision", "assign", "priority", "letter", "note", "resolve", "edit",
    }  # fmt: skip
    assert _offered(qtbot, app_for(Role.MSA_ESR), member_id) == {
        "contact", "refer", "decision", "assign", "letter", "note", "resolve", "edit",
    }  # fmt: skip
    # The manager works no inquiry; they read its audit trail (issue 15).
    assert _offered(qtbot, app_for(Role.MANAGER), member_id) == {"audit"}
    assert _offered(qtbot, app_for(Role.UNIT_LEAD), callback_id) == {"approve", "note", "edit"}
    assert _offered(qtbot, csr, callback_id) == {"note", "edit"}  # their own, until approved
    assert _offered(qtbot, liaison, callback_id) == {"note"}
    # A CSR does not even see someone else's inquiry.
    assert _offered(qtbot, csr, member_id) == set()

    run(liaison.db, callbacks.approve, sctx(app_for(Role.UNIT_LEAD)), callback_id, None)
    assert _offered(qtbot, app_for(Role.UNIT_LEAD), callback_id) == {
        "callback", "letter", "contact", "assign", "resolve", "note", "edit",
    }  # fmt: skip
    assert _offered(qtbot, csr, callback_id) == {"note"}
    assert _offered(qtbot, liaison, callback_id) == {"note"}  # callbacks: Unit Lead and MSA


def test_menu_and_shortcuts_make_every_action_keyboard_reachable(
    qtbot: QtBot, app_for: Any
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_actions(window, app_for(Role.ADMIN))
    menu = controller.menu(parent=window)
    in_menu = {a.objectName() for a in menu.actions() if not a.isSeparator()}
    assert in_menu == {f"action_{k}" for k in controller.actions}
    shortcuts = [
        a.shortcut().toString() for a in controller.actions.values() if not a.shortcut().isEmpty()
    ]
    assert len(shortcuts) == len(set(shortcuts)) >= 12
    for action in controller.actions.values():
        assert "&" in action.text()  # a mnemonic in the menu


def test_the_decision_dialog_opens_the_referral_next(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.MSA_ESR)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    window = QMainWindow()
    qtbot.addWidget(window)
    controller = install_actions(window, app)
    changed: list[int] = []
    controller.changed.connect(changed.append)
    controller.set_inquiry(inquiry_id)
    qtbot.waitUntil(lambda: controller.is_available("decision"), timeout=5000)
    controller.actions["decision"].trigger()
    decision = controller.dialog
    assert isinstance(decision, DecisionDialog)
    qtbot.waitUntil(lambda: decision.ready)
    decision.decision.set_value(Decision.SENT_TO_MCO)
    assert decision.next_step.isChecked()
    with qtbot.waitSignal(controller.opened, timeout=5000) as nxt:
        decision.save_button.click()
    assert isinstance(nxt.args[0], ReferralDialog)
    assert changed == [inquiry_id]
    referral = nxt.args[0]
    qtbot.waitUntil(lambda: referral.ready)
    save(qtbot, referral)
    assert load(app.db, inquiry_id).status == Status.AWAITING_MCO


def test_install_actions_on_a_detail_pane_style_target(qtbot: QtBot, app_for: Any) -> None:
    class Pane(QDialog):
        def __init__(self) -> None:
            super().__init__()
            self.added: list[Any] = []

        def add_action(self, action: Any) -> None:
            self.added.append(action)

    pane = Pane()
    qtbot.addWidget(pane)
    controller = install_actions(pane, app_for(Role.CSR))
    assert isinstance(controller, InquiryActions)
    assert [a.objectName() for a in pane.added] == [
        "action_resubmit", "action_open_letter", "action_note", "action_edit",
    ]  # fmt: skip


# ------------------------------------------------------------------- in the main window


def test_actions_work_from_the_main_window_detail_pane(
    qtbot: QtBot, app_for: Any, tmp_path: Path
) -> None:
    from liaison_desk.services.queues import QueueKey
    from ui.main_window import MainWindow
    from ui.qt import QSettings, QToolButton

    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app))
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(app, store=store, start=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    with qtbot.waitSignal(window.queueLoaded, timeout=10_000):
        window.start()
    # The main window plugs the actions in once its first queue is on screen.
    qtbot.waitUntil(lambda: window.actions_controller is not None, timeout=5000)
    controller = window.actions_controller
    assert isinstance(controller, InquiryActions)
    with qtbot.waitSignal(window.queueLoaded, timeout=10_000):
        window.queue_list.choose(QueueKey.ALL_OPEN)
    with qtbot.waitSignal(controller.refreshed, timeout=5000):
        window.show_inquiry(inquiry_id)
    menu_items = {a.objectName() for a in window.inquiry_menu.actions() if a.isVisible()}
    assert {"action_contact", "action_refer", "action_resolve"} <= menu_items
    assert "action_approve" not in menu_items and "action_callback" not in menu_items
    qtbot.waitUntil(lambda: window.detail_pane.detail is not None, timeout=5000)
    button = window.detail_pane.findChild(QToolButton, "detailAction_action_contact")
    assert button is not None
    qtbot.waitUntil(button.isVisible, timeout=5000)

    button.click()
    dialog = controller.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
    assert dialog.outcome is not None
    dialog.outcome.set_value(CallOutcome.REACHED)
    with qtbot.waitSignal(window.detailLoaded, timeout=10_000, check_params_cb=lambda d: (
        d is not None and d.row.id == inquiry_id and d.row.status == Status.IN_PROGRESS
    )):  # fmt: skip
        dialog.save_button.click()
    assert window.detail_pane.detail.timeline[0].kind == EntryKind.CONTACT
    qtbot.waitUntil(
        lambda: controller.brief is not None and controller.brief.status == "in_progress"
    )

    resolve = controller.open("resolve")
    assert isinstance(resolve, ResolveDialog)
    qtbot.waitUntil(lambda: resolve.ready, timeout=5000)
    resolve.text.setText("Refill authorised.")
    # Wait for the refresh the save triggers (the resolved item leaves "All open").
    with qtbot.waitSignal(window.queueLoaded, timeout=10_000):
        resolve.save_button.click()
    assert load(app.db, inquiry_id).closed
    # Opened again from outside the queue: the actions follow what the pane shows.
    window.show_inquiry(inquiry_id)
    qtbot.waitUntil(lambda: controller.is_available("reopen"), timeout=10_000)
    assert not controller.is_available("contact")
    window.stop()


def test_an_mco_update_asks_which_mco_when_the_issue_went_to_several(
    qtbot: QtBot, app_for: Any
) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = provider_inquiry(app.db, sctx(app))  # filed under Molina
    for name in ("Molina Healthcare of Iowa", "Iowa Total Care"):
        run(
            app.db,
            actions.refer_to_mco,
            sctx(app),
            inquiry_id,
            None,
            mco_id=mco_id(app.db, name),
            department="Provider Relations",
        )
    dialog = opened(qtbot, McoUpdateDialog(app, inquiry_id))
    assert dialog.mco.isVisibleTo(dialog)
    names = [dialog.mco.itemText(i) for i in range(dialog.mco.count())]
    assert len(names) == 2 and all("awaited" in n for n in names)
    itc = dialog.mco.findData(mco_id(app.db, "Iowa Total Care"))
    dialog.mco.setCurrentIndex(itc)
    dialog.update_kind.set_value(actions.McoUpdate.CONTACTED)
    save(qtbot, dialog)
    clocks = {
        m.label: m.met_at is not None
        for m in load(app.db, inquiry_id).milestones
        if m.kind == MilestoneKind.MCO_CONTACT
    }
    assert sorted(clocks.values()) == [False, True]
    assert next(v for k, v in clocks.items() if k.endswith("ITC") or "Iowa" in k)

    # With one MCO there is nothing to choose.
    single = provider_inquiry(app.db, sctx(app))
    assert not opened(qtbot, McoUpdateDialog(app, single)).mco.isVisibleTo(dialog)


def test_assign_chooses_nobody_until_the_person_does(qtbot: QtBot, app_for: Any) -> None:
    # A Ctrl+Enter pressed out of habit must not hand the inquiry to whoever is listed first.
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    dialog = opened(qtbot, AssignDialog(app, inquiry_id))
    assert dialog.people.selectedItems() == []
    dialog.people.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog._fields["assignee"].message.has_error
    assert load(app.db, inquiry_id).assignee_id == app.actor.user_id


def test_letter_dialog_says_no_address_only_until_one_is_typed(qtbot: QtBot, app_for: Any) -> None:
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), mailing_address=None)
    dialog = LetterDialog(app, inquiry_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.previews_rendered > 0, timeout=10000)
    message = dialog.address_field.message
    assert "no mailing address" in message.text() and message.isVisible()
    dialog.address.setText("\n".join(ADDRESS_LINES))
    assert not message.isVisible()
    dialog.address.setText("")
    assert "no mailing address" in message.text()


def test_priority_preview_names_the_running_clock_it_replaces(
    qtbot: QtBot, app_for: Any, clock: ManualClock
) -> None:
    # The member was already contacted (met): the preview must not offer that clock again,
    # but the MCO's running clock, which the change does replace.
    app = app_for(Role.LIAISON)
    inquiry_id = member_inquiry(app.db, sctx(app), Priority.ESCALATED)
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=CHICAGO))
    run(app.db, actions.log_contact, sctx(app), inquiry_id, None, party=Party.MEMBER,
        channel=Channel.PHONE, outcome="reached")  # fmt: skip
    run(app.db, actions.refer_to_mco, sctx(app), inquiry_id, None, mco_id=mco_id(app.db),
        department="Member Services")  # fmt: skip
    dialog = opened(qtbot, PriorityDialog(app, inquiry_id))
    text = dialog.effect.text.text()
    assert "Contact originator" not in text
    assert (
        "MCO contacts member — ITC: due Mon Nov 23, 5:00 PM (instead of Tue Nov 24, 5:00 PM)"
        in text
    )
    dialog.reason.setText("Out of medication")
    save(qtbot, dialog)
    assert milestone(app.db, inquiry_id, MilestoneKind.MCO_CONTACT).due_at == datetime(
        2026, 11, 23, 17, 0, tzinfo=CHICAGO
    )
