"""Inquiry → Reply by e-mail…: an e-mail inquiry's acknowledgement or reply, sent through the
team's mail server (Send) or sent from the person's own mail program and logged (Log as sent
by hand, which copies the text first). Either way it is an e-mail contact in the timeline;
only a reply meets the first-response standard (seed 000 VII.1.b)."""

from __future__ import annotations

from typing import Any

from liaison_desk.services import email_replies
from liaison_desk.services.actions import InquiryBrief
from liaison_desk.services.context import ServiceContext, Session
from ui.actions.common import ActionDialog
from ui.qt import QGuiApplication, QLabel, QPushButton, Qt
from ui.widgets.inputs import ChoiceGroup, TextBox

_SEND, _BY_HAND = "send", "by_hand"


class EmailReplyDialog(ActionDialog):
    TITLE = "Reply by e-mail"
    SAVE_LABEL = "Se&nd"
    MIN_WIDTH = 640

    def build(self) -> None:
        self.draft: email_replies.ReplyDraft | None = None
        self._how = self._pending = _SEND
        self._prefilled = ""
        self.what = ChoiceGroup(
            [("Reply to the sender", email_replies.REPLY),
             ("Acknowledgement (reference and time frame)", email_replies.ACK)],
            horizontal=True,
            descriptions={
                email_replies.REPLY: "Meets the first-response standard",
                email_replies.ACK: "Tells the sender it was received; it is not a response",
            },
        )  # fmt: skip
        self.what.changed.connect(self._what_changed)
        self.add_field("what", "&What", self.what)
        self.to = QLabel("")
        self.to.setObjectName("replyTo")
        self.to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_field("to", "To", self.to)
        self.subject = QLabel("")
        self.subject.setObjectName("replySubject")
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_field(
            "subject", "Subject", self.subject, hint="Nothing personal goes into a subject line."
        )
        self.text = TextBox("What you write to the sender.", lines=10)
        self.text.setObjectName("replyBody")
        self.add_field("body", "&Message", self.text, required=True)
        self.by_hand_button = QPushButton("&Log as sent by hand")
        self.by_hand_button.setObjectName("replyByHand")
        self.by_hand_button.setToolTip(
            "Copies the text: send it from your mail program, and it is logged now"
        )
        self.by_hand_button.setAutoDefault(False)
        self.by_hand_button.clicked.connect(lambda _c=False: self._log_by_hand())
        self.extra_buttons.addWidget(self.by_hand_button)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return email_replies.reply_draft(session, ctx, self.inquiry_id)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self.draft = extra
        assert self.draft is not None
        self.to.setText(self.draft.to or "No e-mail address: add it with Edit details")
        if not self.draft.can_send:
            self._fields["to"].message.show_hint(
                "No mail server is set up here (Administration → Alerts by e-mail): send it "
                "from your mail program and choose Log as sent by hand."
                if self.draft.to
                else "Without an address it cannot be sent from here."
            )
        self.subject.setText(self.draft.subject)
        # Seed 000: acknowledge first; once acknowledged, what follows is the reply.
        first = email_replies.REPLY if self.draft.acknowledged else email_replies.ACK
        self.what.set_value(first)
        self._what_changed(first)
        self._set_busy(False, "")

    def _what_changed(self, what: Any) -> None:
        if self.draft is None:
            return
        current = self.text.text()
        if what == email_replies.ACK and not current.strip():
            self._prefilled = self.draft.acknowledgement
            self.text.setText(self._prefilled)
        elif what == email_replies.REPLY and current == self._prefilled:
            self.text.setText("")  # the acknowledgement's words are not a reply

    def _set_busy(self, busy: bool, text: str) -> None:
        super()._set_busy(busy, text)
        draft = getattr(self, "draft", None)
        can_send = draft is not None and draft.can_send
        self.save_button.setEnabled(not busy and can_send)
        self.save_button.setToolTip(
            "Send through the team's mail server, and log it (Ctrl+Enter)"
            if can_send
            else "No mail server is set up, or the sender has no address: log it as sent by hand"
        )
        if hasattr(self, "by_hand_button"):
            self.by_hand_button.setEnabled(not busy and draft is not None)

    def check(self) -> dict[str, str]:
        if not self.text.text().strip():
            return {"body": "Write the e-mail (or paste what was sent)."}
        return {}

    def _log_by_hand(self) -> None:
        if self.check():
            self.save()  # shows the problem
            return
        QGuiApplication.clipboard().setText(self.text.text())
        self._how = _BY_HAND
        self.save()

    def save(self, version: int | None = None) -> None:
        if self.saving:
            return
        how, self._how = self._how, _SEND
        if how == _SEND and self.draft is not None and not self.draft.can_send:
            self.notice.say(
                "This can't be sent from here (no mail server is set up, or the sender has no "
                "address): send it from your mail program and choose Log as sent by hand.",
                "warning",
            )
            return
        self._pending = how  # what call() does, on the worker thread
        super().save(version)

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        what, body = self.what.value(), self.text.text()
        if self._pending == _BY_HAND:
            return email_replies.log_email(session, ctx, self.inquiry_id, None, what=what,
                                           body=body, sent_from_app=False)  # fmt: skip
        return email_replies.send(session, ctx, self.inquiry_id, None, what=what, body=body)
