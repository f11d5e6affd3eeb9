"""The e-mail form, driven as a person would (issue 14): an e-mail file dropped on the form
(a real drop event), the form filled, saved with its file, the acknowledgement logged."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Attachment, Inquiry, TimelineEntry
from liaison_desk.domain import Role
from tests.conftest import CHICAGO, make_user
from tests.database.test_email_inquiries import eml
from tests.database.test_watch import smtp  # noqa: F401 — the SMTP server fixture
from tests.gui.test_ui_intake import app_ctx, open_dialog  # noqa: F401 — the fixture
from tests.gui.test_ui_main import office, store, window  # noqa: F401 — the fixtures
from ui.context import AppContext
from ui.intake import EmailIntakeDialog
from ui.intake.base import IntakeDialog
from ui.qt import QDropEvent, QMimeData, QPointF, Qt, QUrl

OUTLOOK = Path(__file__).parent.parent / "data" / "outlook"


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IntakeDialog, "confirm_discard", lambda self: True)
    monkeypatch.setattr(IntakeDialog, "confirm_old_receipt", lambda self, text: True)


def drop(widget: Any, path: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    widget.dropEvent(event)


def test_a_dropped_email_fills_the_form_and_is_kept_when_saved(
    qtbot: Any,
    app_ctx: AppContext,  # noqa: F811
    tmp_path: Path,
) -> None:
    dialog = open_dialog(qtbot, EmailIntakeDialog, app_ctx)
    path = eml(tmp_path, sent="Mon, 23 Nov 2026 08:30:00 -0600")
    started = time.perf_counter()
    drop(dialog, path)
    qtbot.waitUntil(lambda: dialog.sender_name.text() == "Pat Kowalski", timeout=10_000)
    filled = time.perf_counter() - started
    assert dialog.email.text() == "Pat.Kowalski@example.org"
    assert dialog.subject.text().startswith("Ride did not come")
    assert dialog.description.text() == "My ride to dialysis did not come."
    assert dialog.received.value().astimezone(CHICAGO).hour == 8
    assert dialog.channel.currentText() == "Member Services mailbox"
    assert "ride.eml" in dialog.message_label.text()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    saved = time.perf_counter() - started
    print(f"e-mail intake: dropped → filled {filled * 1000:.0f} ms, saved {saved * 1000:.0f} ms")
    assert dialog.stack.currentWidget() is dialog.saved_panel
    assert dialog.ack.by_hand_button.isVisible() and dialog.ack.send_button.isVisible()
    with app_ctx.db.read_session() as s:
        inquiry = s.scalars(select(Inquiry)).one()
        assert (inquiry.track, inquiry.caller_phone) == ("email", None)
        assert inquiry.email == "Pat.Kowalski@example.org"
        assert s.scalar(select(Attachment.name)) == "ride.eml"
    dialog.ack.by_hand_button.click()
    qtbot.waitUntil(lambda: not dialog.ack.by_hand_button.isEnabled(), timeout=10_000)
    with app_ctx.db.read_session() as s:
        entry = s.scalars(select(TimelineEntry).where(TimelineEntry.channel == "email")).one()
        assert (entry.outcome, entry.data["sent_from_app"]) == ("acknowledgement", False)


def test_a_real_outlook_message_and_a_broken_one(
    qtbot: Any,
    app_ctx: AppContext,  # noqa: F811
    tmp_path: Path,
) -> None:
    dialog = open_dialog(qtbot, EmailIntakeDialog, app_ctx)
    dialog.take_file(OUTLOOK / "delivery-failure.msg")
    qtbot.waitUntil(lambda: dialog.sender_name.text() == "Mail Delivery Subsystem", timeout=10_000)
    assert dialog.email.text() == "mailer-daemon@tjdpf.org.cn"
    broken = tmp_path / "broken.msg"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 700)
    dialog.take_file(broken)
    qtbot.waitUntil(lambda: "could not be read" in dialog.message_label.text(), timeout=10_000)
    assert dialog.message_path is None
    assert dialog.sender_name.text() == "Mail Delivery Subsystem"  # what was there stays


def test_the_account_manager_logs_without_taking_it(
    qtbot: Any, sqlite_db: Database, clock: Any, calendar: Any, tmp_path: Path
) -> None:
    actor = make_user(sqlite_db, "acctmgr", Role.MANAGER, "Alex Account-Manager")
    ctx = AppContext(db=sqlite_db, actor=actor, clock=clock, calendar=calendar)
    dialog = open_dialog(qtbot, EmailIntakeDialog, ctx)
    assert dialog.assignee.currentText() == "Not assigned yet"
    drop(dialog, eml(tmp_path, sent="Mon, 23 Nov 2026 08:30:00 -0600"))
    qtbot.waitUntil(lambda: dialog.sender_name.text() == "Pat Kowalski", timeout=10_000)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    assert not dialog.ack.by_hand_button.isVisible()  # the one who works it writes to them


def test_the_queue_filters_by_track_and_category_and_the_pane_shows_the_email(
    qtbot: Any,
    window: Any,  # noqa: F811
    office: Any,  # noqa: F811
) -> None:
    from liaison_desk.services.queues import QueueKey
    from tests.action_helpers import email_inquiry
    from tests.gui.test_ui_main import choose, shown_names

    db, _me, ctx = office
    email_inquiry(db, ctx, category="Transportation", sub_category="Ride did not come")
    choose(qtbot, window, QueueKey.ALL_OPEN)
    assert len(shown_names(window)) == 4
    bar = window.filters
    bar.track.setCurrentIndex(bar.track.findText("E-mail"))
    assert shown_names(window) == ["Pat Kowalski"]
    bar.clear()
    bar.category.setCurrentIndex(bar.category.findText("Transportation"))
    assert shown_names(window) == ["Pat Kowalski"]
    bar.category.setCurrentIndex(bar.category.findText("Pharmacy"))
    assert shown_names(window) == []
    bar.clear()
    qtbot.keyClicks(bar.search, "pat@example.org")  # the sender's address is searched
    assert shown_names(window) == ["Pat Kowalski"]
    window.queue_panel.select_inquiry(window.proxy.row_at(0).id)
    pane = window.detail_pane
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.row.track == "email",
                    timeout=5000)  # fmt: skip
    grid = pane.fields
    texts = [grid.itemAt(i).widget().text() for i in range(grid.count())]
    pairs = dict(zip(texts[::2], texts[1::2], strict=True))
    assert pairs["From"] == "Pat Kowalski" and pairs["E-mail"] == "pat@example.org"
    assert pairs["Subject"] == "Question about my ride"
    assert pairs["Received through"] == "Member Services mailbox"
    assert pairs["Category"] == "Transportation › Ride did not come"
    assert "Caller" not in pairs


def test_reply_by_email_by_hand_then_through_the_mail_server(
    qtbot: Any,
    window: Any,  # noqa: F811
    office: Any,  # noqa: F811
    smtp: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from liaison_desk.db.models import Milestone
    from liaison_desk.services.queues import QueueKey
    from tests.action_helpers import email_inquiry
    from tests.gui.test_ui_main import choose
    from ui.actions.email_reply import EmailReplyDialog

    db, _me, ctx = office
    iid = email_inquiry(db, ctx)
    choose(qtbot, window, QueueKey.ALL_OPEN)
    window.queue_panel.select_inquiry(iid)
    act = window.actions_controller.actions["email_reply"]
    qtbot.waitUntil(act.isVisible, timeout=5000)
    assert act.shortcut().toString() == "Ctrl+Shift+G"

    def opened() -> EmailReplyDialog:
        with qtbot.waitSignal(window.actions_controller.opened, timeout=5000) as got:
            act.trigger()
        dialog = got.args[0]
        qtbot.waitUntil(lambda: dialog.ready, timeout=5000)
        return dialog  # type: ignore[no-any-return]

    # Not yet acknowledged: the acknowledgement comes first, filled in; no server set up.
    dialog = opened()
    assert dialog.what.value() == "acknowledgement"
    assert "reference" in dialog.text.text().casefold()
    assert dialog.to.text() == "pat@example.org"
    assert "Pat" not in dialog.subject.text()  # nothing personal in a subject line
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=5000):
        dialog.by_hand_button.click()
    # Acknowledged: now the reply, sent through the team's server.
    inbox, port = smtp
    monkeypatch.setenv("LIAISON_DESK_SMTP", f"smtp://desk:s3cret@127.0.0.1:{port}")
    monkeypatch.setenv("LIAISON_DESK_MAIL_FROM", "member-services@example.gov")
    dialog = opened()
    assert dialog.what.value() == "reply" and dialog.text.text() == ""
    assert dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.text, "Your ride is booked for Tuesday at 7 AM.")
    with qtbot.waitSignal(dialog.inquiryChanged, timeout=10_000):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (sent,) = inbox.messages
    assert sent["To"] == "pat@example.org"
    assert "ride is booked" in sent.get_payload(decode=True).decode()
    with db.read_session() as s:
        outcomes = [e.outcome for e in s.scalars(select(TimelineEntry).where(
            TimelineEntry.inquiry_id == iid, TimelineEntry.channel == "email"))]  # fmt: skip
        assert outcomes == ["acknowledgement", "sent"]
        first = s.scalars(
            select(Milestone).where(
                Milestone.inquiry_id == iid, Milestone.kind == "email_first_response"
            )
        ).one()
        assert first.met_at is not None  # the reply meets it; the acknowledgement did not
