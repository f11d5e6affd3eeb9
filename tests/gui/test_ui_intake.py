"""The intake forms, driven as a person would: keystrokes and clicks (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Source
from liaison_desk.domain import Role
from liaison_desk.errors import DatabaseUnavailable
from liaison_desk.paths import autosave_dir
from liaison_desk.services import intake
from tests.conftest import CHICAGO, make_user
from ui.context import AppContext
from ui.intake import CallbackRequestDialog, MemberIntakeDialog, ProviderIntakeDialog
from ui.intake.base import IntakeDialog, ReferenceLists
from ui.qt import (
    QApplication,
    QCheckBox,
    QDateTime,
    QPoint,
    QPushButton,
    QRadioButton,
    QScrollArea,
    Qt,
    QTimer,
)

REFERENCE = re.compile(r"^\d{6}-\d{4}$")


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest-qt closes the forms after each test; "Discard what you typed?" must not block it.
    monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)


@pytest.fixture
def app_ctx(sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar) -> AppContext:
    actor = make_user(sqlite_db, "lliaison", Role.LIAISON, "Lee Liaison")
    return AppContext(db=sqlite_db, actor=actor, clock=clock, calendar=calendar)


def open_dialog(
    qtbot, cls: type[IntakeDialog], app_ctx: AppContext, *, lists: bool = True
) -> IntakeDialog:
    dialog = cls(app_ctx)
    qtbot.addWidget(dialog)
    # Focus, and so focus-out (which formats the phone), needs an active window.
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    if lists:  # as a person does, wait for the sources and MCOs to fill in
        qtbot.waitUntil(lambda: dialog.lists_ready, timeout=5000)
    return dialog


def click(qtbot, widget) -> None:
    # Clicks land where the widget is on screen: scroll it into the form's view first.
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)
    if isinstance(widget, QCheckBox | QRadioButton):
        # On the box itself: the widget may be wider than its box and label.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, field, text: str) -> None:
    """Type into a field and leave it with Tab, as a person moving down the form does."""
    edit = getattr(field, "edit", field)
    edit.setFocus()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def choose(qtbot, combo, text: str) -> None:
    """Pick a combo entry with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText().startswith(text)


def save(qtbot, dialog: IntakeDialog) -> int:
    assert dialog.save_button.isEnabled(), dialog.status.text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        click(qtbot, dialog.save_button)
    return int(blocker.args[0])


def fill_member(qtbot, dialog: MemberIntakeDialog, *, enrolled: bool = True) -> None:
    choose(qtbot, dialog.source, "Managed")
    type_into(qtbot, dialog.member_name, "Jane Doe")
    type_into(qtbot, dialog.state_id, "1234567a")
    type_into(qtbot, dialog.caller_name, "Maria Lopez")
    type_into(qtbot, dialog.caller_phone, "515.555.0142")
    click(qtbot, dialog.enrolled_yes if enrolled else dialog.enrolled_no)
    if enrolled:
        choose(qtbot, dialog.mco, "Iowa")
        click(qtbot, dialog.high)
    type_into(qtbot, dialog.description, "Home health authorization denied twice.")


def fill_provider(qtbot, dialog: ProviderIntakeDialog, npi: str) -> None:
    choose(qtbot, dialog.source, "Provider")
    type_into(qtbot, dialog.npi, npi)
    type_into(qtbot, dialog.provider_name, "Prairie Family Clinic")
    type_into(qtbot, dialog.contact_name, "Dana Whitfield")
    type_into(qtbot, dialog.contact_phone, "5152815000")
    click(qtbot, dialog.mcos.boxes[0])
    click(qtbot, dialog.escalated)
    type_into(qtbot, dialog.description, "Claims denied N290 although the NPI is on them.")


def stored(db: Database, inquiry_id: int) -> SimpleNamespace:
    """The saved inquiry's columns, its MCOs' names and its milestones, read back."""
    with db.read_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        values = {c.key: getattr(inquiry, c.key) for c in Inquiry.__table__.columns}
        values["mco_names"] = [m.name for m in inquiry.mcos]
        values["milestones"] = [(m.kind, m.due_at) for m in inquiry.milestones]
        return SimpleNamespace(**values)


def test_member_inquiry_through_the_form(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    assert not dialog.save_button.isEnabled()
    fill_member(qtbot, dialog)
    assert dialog.caller_phone.text() == "(515) 555-0142"  # formatted on leaving the field
    assert dialog.state_id.text() == "1234567A"  # upper-cased as typed

    inquiry_id = save(qtbot, dialog)

    inquiry = stored(app_ctx.db, inquiry_id)
    assert inquiry.track == "mco_member"
    assert inquiry.priority == "high"
    assert inquiry.source == "Managed Care Ombudsman"
    assert inquiry.caller_phone == "+15155550142"
    assert inquiry.member_state_id == "1234567A"
    assert inquiry.member_name == "Jane Doe"
    assert inquiry.mco_names == [dialog.mco.currentText()]
    assert REFERENCE.match(inquiry.reference)
    # The saved page: reference and the acknowledgement quoting it, ready to copy.
    assert dialog.stack.currentWidget() is dialog.saved_panel
    panel = dialog.saved_panel
    assert inquiry.reference in panel.title.text()
    ack = panel.acknowledgement.toPlainText()
    assert inquiry.reference in ack and ack.startswith("Thank you for contacting Iowa Medicaid")
    click(qtbot, panel.copy_button)
    assert QApplication.clipboard().text() == ack
    assert "Contact originator by" in panel.deadlines.text()
    assert not list(autosave_dir().glob("member-*.json"))  # saved: no draft left behind


def test_a_liaison_sends_the_escalation_to_an_msa_from_the_form(qtbot, app_ctx: AppContext) -> None:
    """Seed 001: "Member Liaison will send issue and member information to MSA/ESR"; the
    MSA is told in their inbox, and the saved page says where it went."""
    from liaison_desk.domain import NoticeKind
    from liaison_desk.services.alerts.inbox import inbox

    msa = make_user(app_ctx.db, "msa", Role.MSA_ESR, "Mo Analyst")
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    assert dialog.handoff.currentText() == "Me — I work it myself"
    fill_member(qtbot, dialog)
    choose(qtbot, dialog.handoff, "Mo Analyst")
    inquiry_id = save(qtbot, dialog)
    assert stored(app_ctx.db, inquiry_id).assignee_id == msa.user_id
    assert "assigned to Mo Analyst" in dialog.saved_panel.summary.text()
    with app_ctx.db.read_session() as s:
        told = inbox(s, msa)
    assert [(i.kind, i.inquiry_id) for i in told] == [(NoticeKind.HANDOFF, inquiry_id)]


def test_not_enrolled_member_goes_to_the_unit_lead(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog, enrolled=False)
    # Said before saving: where it goes, and the callback clock instead of the MCO ones.
    assert dialog.not_enrolled_banner.isVisible()
    assert "Unit Lead queue" in dialog.not_enrolled_banner.text.text()
    assert "2 business days" in dialog.not_enrolled_banner.text.text()
    assert not dialog.mco.isEnabled() and not dialog.high.isEnabled()
    assert dialog.preview.lines() == ["Call back by Wed 11/25 5:00 PM — 2 business days"]

    inquiry = stored(app_ctx.db, save(qtbot, dialog))
    assert inquiry.track == "ime_callback"
    assert inquiry.status == "open"
    assert inquiry.mco_id is None
    assert "Unit Lead" in dialog.saved_panel.notice.text.text()


def test_provider_npi_is_checked_as_typed(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ProviderIntakeDialog, app_ctx)
    dialog.npi.setFocus()
    qtbot.keyClicks(dialog.npi.edit, "12345")
    assert not dialog.npi.message.isVisible()  # unfinished is not wrong yet
    qtbot.keyClicks(dialog.npi.edit, "67890")
    assert dialog.npi.message.isVisible()
    assert "check digit does not match" in dialog.npi.message.text()

    dialog.npi.edit.clear()
    fill_provider(qtbot, dialog, "1234567890")
    assert "check digit" in dialog.npi.message.text()
    assert not dialog.save_button.isEnabled()
    assert "fix NPI" in dialog.status.text()

    dialog.npi.edit.selectAll()
    qtbot.keyClicks(dialog.npi.edit, "1234567893")
    assert "Valid NPI" in dialog.npi.message.text()
    assert dialog.save_button.isEnabled()

    inquiry = stored(app_ctx.db, save(qtbot, dialog))
    assert inquiry.track == "mco_provider"
    assert inquiry.priority == "escalated"
    assert inquiry.npi == "1234567893"
    assert inquiry.contact_phone == "+15152815000"
    assert inquiry.mco_names == [dialog.mcos.boxes[0].text()]


def test_provider_needs_at_least_one_mco(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ProviderIntakeDialog, app_ctx)
    fill_provider(qtbot, dialog, "1234567893")
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.mcos.boxes[0])  # untick the only MCO
    assert not dialog.save_button.isEnabled()
    assert "MCO(s)" in dialog.status.text()


def test_callback_request_saves_pending_approval(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, CallbackRequestDialog, app_ctx)
    assert dialog.tell_text() == (
        "Tell the caller: a supervisor will call you back within 2 business days (by Wed 11/25)."
    )
    type_into(qtbot, dialog.caller_name, "Robert Haines")
    type_into(qtbot, dialog.caller_phone, "319-555-0187")
    assert not dialog.save_button.isEnabled()  # nobody named yet
    assert "member name or ID" in dialog.status.text()
    click(qtbot, dialog.about_provider)
    type_into(qtbot, dialog.npi, "1234567893")
    type_into(qtbot, dialog.question, "Why was my claim for 10/14 denied?")

    inquiry = stored(app_ctx.db, save(qtbot, dialog))
    assert inquiry.track == "ime_callback"
    assert inquiry.status == "pending_approval"
    assert inquiry.source == "CSR"
    assert inquiry.npi == "1234567893"
    assert inquiry.member_name is None
    assert inquiry.caller_phone == "+13195550187"
    assert "2 business days" in dialog.saved_panel.acknowledgement.toPlainText()


def test_validation_messages_in_words(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    type_into(qtbot, dialog.state_id, "12345")
    assert "7 digits and a letter" in dialog.state_id.message.text()
    dialog.state_id.edit.clear()
    qtbot.keyClicks(dialog.state_id.edit, "12A")
    assert "should be 7 digits and a letter" in dialog.state_id.message.text()  # at once
    type_into(qtbot, dialog.caller_phone, "515-CALL-NOW")
    assert "letters" in dialog.caller_phone.message.text()
    type_into(qtbot, dialog.member_name, "")  # entered and left empty
    assert dialog.member_name.message.text() == "⚠ Member name is required."
    # Required is said in words to assistive technology, not only by the asterisk.
    assert "required" in dialog.member_name.edit.accessibleDescription()
    assert "optional" in dialog.mailing_address.edit.accessibleDescription()
    assert "Error" in dialog.caller_phone.edit.accessibleDescription()
    # Every field has a keyboard path: its label is the buddy with an Alt mnemonic.
    for label in dialog.sections.labels:
        if label.name and label.label.buddy() is None:
            pytest.fail(f"{label.name} has no buddy")
    assert not dialog.save_button.isEnabled()


def test_deadline_preview_follows_priority_and_received(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    assert dialog.preview.lines() == []
    click(qtbot, dialog.enrolled_yes)
    click(qtbot, dialog.high)
    assert dialog.preview.lines() == ["Contact originator by Mon 11/23 1:00 PM — 4 business hours"]
    click(qtbot, dialog.escalated)
    assert dialog.preview.lines() == ["Contact originator by Tue 11/24 5:00 PM — 1 business day"]

    # A call taken Friday afternoon and logged on Monday: the clocks run from Friday.
    click(qtbot, dialog.high)
    friday = datetime(2026, 11, 20, 16, 0, tzinfo=CHICAGO)
    dialog.received.set_value(friday)
    assert dialog.preview.lines() == ["Contact originator by Mon 11/23 11:00 AM — 4 business hours"]
    # Never later than now.
    dialog.received.edit.setDateTime(dialog.received.edit.dateTime().addDays(5))
    assert dialog.received.value() == app_ctx.clock.now()


def test_received_outside_hours_is_explained(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ProviderIntakeDialog, app_ctx)
    click(qtbot, dialog.high)
    dialog.received.set_value(datetime(2026, 11, 21, 10, 0, tzinfo=CHICAGO))  # Saturday
    assert dialog.preview.lines() == ["Contact provider by Wed 11/25 5:00 PM — 2 business days"]
    assert "clocks start at Mon 11/23 8:00 AM" in dialog.preview.note.text()


def test_received_earlier_is_saved(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog)
    dialog.received.edit.setFocus()
    earlier = dialog.received.edit.dateTime().addSecs(-3 * 3600)  # 6:00 AM, before opening
    dialog.received.edit.setDateTime(earlier)
    inquiry = stored(app_ctx.db, save(qtbot, dialog))
    assert inquiry.received_at == datetime(2026, 11, 23, 6, 0, tzinfo=CHICAGO)
    due = [due for kind, due in inquiry.milestones if kind == "contact_originator"]
    assert due == [datetime(2026, 11, 23, 12, 0, tzinfo=CHICAGO)]  # 8:00 AM + 4 hours


def test_autosave_is_offered_back_after_a_crash(qtbot, app_ctx: AppContext) -> None:
    dialog = MemberIntakeDialog(app_ctx)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.lists_ready, timeout=5000)
    timer = dialog.findChild(QTimer, "autosaveTimer")
    assert timer is not None and timer.parent() is dialog.autosave
    timer.setInterval(20)
    with qtbot.waitSignal(timer.timeout):
        type_into(qtbot, dialog.member_name, "Jane Doe")
        type_into(qtbot, dialog.caller_phone, "5155550142")
    qtbot.waitUntil(lambda: bool(list(autosave_dir().glob("member-*.json"))))
    with qtbot.waitSignal(timer.timeout):
        click(qtbot, dialog.escalated)
    draft = json.loads(next(autosave_dir().glob("member-*.json")).read_text())
    assert draft["fields"]["member_name"] == "Jane Doe"
    assert draft["fields"]["priority"] == "escalated"

    # The crash: the form goes away without Save or Cancel.
    with qtbot.waitSignal(dialog.destroyed):
        dialog.deleteLater()

    again = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    assert again.restore_banner.isVisible()
    assert "member Jane Doe" in again.restore_banner.text.text()
    click(qtbot, again.restore_button)
    assert not again.restore_banner.isVisible()
    assert again.member_name.text() == "Jane Doe"
    assert again.caller_phone.text() == "(515) 555-0142"
    assert again.escalated.isChecked()
    # A third form does not offer the draft the second one has taken over.
    third = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    assert not third.restore_banner.isVisible()

    choose(qtbot, again.source, "CSR")
    type_into(qtbot, again.caller_name, "Maria Lopez")
    click(qtbot, again.enrolled_yes)
    choose(qtbot, again.mco, "Molina")
    type_into(qtbot, again.description, "Transport to dialysis missed twice.")
    save(qtbot, again)
    assert not list(autosave_dir().glob("member-*.json"))


def test_a_draft_can_be_discarded(qtbot, app_ctx: AppContext) -> None:
    path = autosave_dir() / "callback-abc.json"
    fields = {"caller_name": "Robert Haines", "about": "member", "question": "Coverage?"}
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "kind": "callback",
                "saved_at": "2026-11-23T14:00:00+00:00",
                "summary": "caller Robert Haines",
                "fields": fields,
            }
        )
    )
    dialog = open_dialog(qtbot, CallbackRequestDialog, app_ctx)
    assert "caller Robert Haines" in dialog.restore_banner.text.text()
    assert "Mon 11/23 8:00 AM" in dialog.restore_banner.text.text()
    click(qtbot, dialog.discard_draft_button)
    assert not dialog.restore_banner.isVisible()
    assert not path.exists()
    assert dialog.caller_name.text() == ""


def test_lost_connection_keeps_the_form(
    qtbot, app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = intake.create_member_inquiry

    def unreachable(*_args: object) -> None:
        raise DatabaseUnavailable(
            "The database cannot be reached right now (server closed the connection)."
        )

    monkeypatch.setattr(intake, "create_member_inquiry", unreachable)
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(dialog.error_banner.isVisible)
    text = dialog.error_banner.text.text()
    assert text.startswith("Not saved.") and "cannot be reached" in text
    assert "still here" in text
    assert dialog.stack.currentWidget() is dialog.form_page
    assert dialog.member_name.text() == "Jane Doe"
    assert list(autosave_dir().glob("member-*.json"))  # kept on this computer meanwhile
    assert dialog.save_button.isEnabled()

    monkeypatch.setattr(intake, "create_member_inquiry", real)
    inquiry = stored(app_ctx.db, save(qtbot, dialog))
    assert inquiry.member_name == "Jane Doe"
    assert not dialog.error_banner.isVisible()


def test_service_validation_error_shows_next_to_its_field(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog)
    # An admin removes the source while the form is open: the service refuses it.
    with app_ctx.db.session() as s:
        s.execute(delete(Source).where(Source.name == "Managed Care Ombudsman"))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(dialog.source_box.message.isVisible)
    assert "not one of the sources" in dialog.source_box.message.text()
    assert dialog.stack.currentWidget() is dialog.form_page
    assert dialog.inquiry_id is None


def test_cancel_asks_before_discarding(
    qtbot, app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, ProviderIntakeDialog, app_ctx)
    type_into(qtbot, dialog.provider_name, "Prairie Family Clinic")
    dialog.autosave.flush()
    answers = [False, True]
    monkeypatch.setattr(dialog, "confirm_discard", lambda: answers.pop(0))
    click(qtbot, dialog.cancel_button)
    assert dialog.isVisible()
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert not list(autosave_dir().glob("provider-*.json"))


def test_new_inquiry_after_saving_starts_blank(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog)
    first = stored(app_ctx.db, save(qtbot, dialog))
    click(qtbot, dialog.saved_panel.new_button)
    assert dialog.stack.currentWidget() is dialog.form_page
    assert dialog.member_name.text() == "" and dialog.source.currentIndex() == -1
    assert not dialog.high.isChecked() and dialog.is_enrolled() is None
    assert not dialog.save_button.isEnabled()
    fill_member(qtbot, dialog)
    second = stored(app_ctx.db, save(qtbot, dialog))
    assert second.reference != first.reference
    with app_ctx.db.read_session() as s:
        assert len(s.scalars(select(Inquiry)).all()) == 2


def test_ctrl_enter_saves(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, CallbackRequestDialog, app_ctx)
    type_into(qtbot, dialog.caller_name, "Robert Haines")
    type_into(qtbot, dialog.caller_phone, "3195550187")
    type_into(qtbot, dialog.member_name, "Evelyn Haines")
    type_into(qtbot, dialog.question, "Renewal status?")
    dialog.activateWindow()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.question.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_lists_come_from_the_database(qtbot, app_ctx: AppContext) -> None:
    with app_ctx.db.session() as s:
        active = sorted(m.name for m in s.scalars(select(Mco).where(Mco.active.is_(True))))
    member = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    provider = open_dialog(qtbot, ProviderIntakeDialog, app_ctx)
    member_sources = [member.source.itemText(i) for i in range(member.source.count())]
    provider_sources = [provider.source.itemText(i) for i in range(provider.source.count())]
    assert member_sources[0] == "CSR" and member_sources[-1] == "Other"
    assert "Provider" not in member_sources and "Provider" in provider_sources
    assert "Member Services Account Manager" not in provider_sources
    assert [member.mco.itemText(i) for i in range(member.mco.count())] == active
    assert [b.text() for b in provider.mcos.boxes] == active


def test_received_edit_round_trips_wall_time(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, CallbackRequestDialog, app_ctx)
    assert dialog.received.value() == datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO)
    assert dialog.received.edit.text() == "Mon 11/23/2026 9:00 AM"
    assert isinstance(dialog.received.edit.dateTime(), QDateTime)


def test_lists_unavailable_then_retried(
    qtbot, app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ReferenceLists.load
    calls = []

    def flaky(session):
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseUnavailable("The database cannot be reached right now (timeout).")
        return real(session)

    monkeypatch.setattr(ReferenceLists, "load", staticmethod(flaky))
    dialog = open_dialog(qtbot, ProviderIntakeDialog, app_ctx, lists=False)
    qtbot.waitUntil(dialog.lists_banner.isVisible, timeout=5000)
    assert "could not be loaded" in dialog.lists_banner.text.text()
    assert dialog.source.count() == 0 and not dialog.mcos.boxes
    type_into(qtbot, dialog.provider_name, "Prairie Family Clinic")  # typing still works
    retry = dialog.lists_banner.findChild(QPushButton)
    with qtbot.waitSignal(dialog.listsLoaded, timeout=5000):
        click(qtbot, retry)
    assert not dialog.lists_banner.isVisible()
    assert dialog.source.count() > 0 and dialog.mcos.boxes
    assert dialog.provider_name.text() == "Prairie Family Clinic"
    # The MCO boxes made after the retry are reached by Tab where they sit in the form.
    widget, order = dialog.contact_phone.edit, []
    for _ in range(len(dialog.mcos.boxes) + 1):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order == [*dialog.mcos.boxes, dialog.high]


def test_tab_goes_down_the_form_in_reading_order(qtbot, app_ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ProviderIntakeDialog, app_ctx)
    order = []
    widget = dialog.source
    for _ in range(500):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            order.append(widget)
        widget = widget.nextInFocusChain()
    wanted = [
        dialog.source,
        dialog.npi.edit,
        dialog.provider_name.edit,
        dialog.contact_name.edit,
        dialog.contact_phone.edit,
        *dialog.mcos.boxes,
        dialog.high,
        dialog.escalated,
        dialog.description.edit,
        dialog.mailing_address.edit,
        dialog.received.edit,
    ]
    positions = [order.index(w) for w in wanted]
    assert positions == sorted(positions)


def test_a_phone_with_an_extension_saves_as_the_form_shows_it(qtbot, app_ctx: AppContext) -> None:
    # One rule for the form and the service: what the form accepts, the service stores.
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog)
    dialog.caller_phone.set_text("")
    type_into(qtbot, dialog.caller_phone, "515 555 0100 x 22")
    assert dialog.caller_phone.is_valid()
    assert dialog.caller_phone.text() == "(515) 555-0100 x22"

    inquiry = stored(app_ctx.db, save(qtbot, dialog))

    assert inquiry.caller_phone == "+15155550100;ext=22"


@pytest.mark.parametrize("answer", [False, True])
def test_a_received_time_days_ago_is_confirmed_first(
    qtbot, app_ctx: AppContext, monkeypatch: pytest.MonkeyPatch, answer: bool
) -> None:
    # An address typed into the received field once saved a request "received" months ago,
    # overdue at once: a time before the previous business day is asked about, not taken.
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, dialog)
    asked: list[str] = []
    monkeypatch.setattr(dialog, "confirm_old_receipt", lambda text: asked.append(text) or answer)
    dialog.received.set_value(datetime(2026, 7, 21, 10, 0, tzinfo=CHICAGO))
    dialog.save()
    assert asked and "Contact originator is already overdue" in asked[0]
    if answer:
        qtbot.waitUntil(lambda: dialog.inquiry_id is not None, timeout=10_000)
        assert stored(app_ctx.db, dialog.inquiry_id).received_at == datetime(
            2026, 7, 21, 10, 0, tzinfo=CHICAGO
        )
    else:
        assert dialog.stack.currentWidget() is dialog.form_page  # kept, nothing saved
        assert dialog.received.edit.hasFocus()
        with app_ctx.db.read_session() as s:
            assert s.scalars(select(Inquiry)).first() is None


def test_the_form_shows_the_persons_other_inquiries_and_links_the_same_issue(
    qtbot, app_ctx: AppContext
) -> None:
    """Seed 002: one issue taken to several places. Typing the state ID shows the member's
    open inquiry; "Same issue" links the new one to it when saved."""
    from liaison_desk.services import person_history

    first_dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, first_dialog)
    first = save(qtbot, first_dialog)
    dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    box = dialog.duplicates
    assert not box.isVisible()
    type_into(qtbot, dialog.state_id, "1234567A")
    qtbot.waitUntil(lambda: box.isVisible() and box.banner.isVisible(), timeout=5000)
    reference = stored(app_ctx.db, first).reference
    assert reference in box.banner.text.text() and "same issue" in box.banner.text.text()
    assert "1 other inquiry (1 open)" in box.summary.text()
    # By keyboard (Tab reaches the banner's buttons; Space presses): robust to the form
    # re-laying itself out as the banner appears.
    box.same_button.setFocus()
    qtbot.keyClick(box.same_button, Qt.Key.Key_Space)
    assert box.link_to == first and "will be linked" in box.banner.text.text()
    fill_member(qtbot, dialog)
    second = save(qtbot, dialog)
    with app_ctx.db.read_session() as s:
        assert [r.id for r in person_history.related(s, app_ctx.actor, second)] == [first]
    # "A new issue" instead: nothing is linked.
    third_dialog = open_dialog(qtbot, MemberIntakeDialog, app_ctx)
    fill_member(qtbot, third_dialog)
    qtbot.waitUntil(lambda: third_dialog.duplicates.banner.isVisible(), timeout=5000)
    third_dialog.duplicates.new_button.setFocus()
    qtbot.keyClick(third_dialog.duplicates.new_button, Qt.Key.Key_Space)
    assert not third_dialog.duplicates.banner.isVisible()  # not asked about the second one
    third = save(qtbot, third_dialog)
    with app_ctx.db.read_session() as s:
        assert person_history.related(s, app_ctx.actor, third) == []
