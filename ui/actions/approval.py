"""A CSR's callback request before it is worked: a unit lead approves it or sends it back
with a note, and the CSR corrects and resubmits it."""

from __future__ import annotations

from typing import Any

from liaison_desk.errors import ValidationError
from liaison_desk.services import callbacks
from liaison_desk.services.actions import InquiryBrief
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.validation import normalize_phone
from ui.actions.common import (
    ActionDialog,
    ChoiceGroup,
    Notice,
    TextBox,
    info_grid,
    phone_text,
    when_text,
)
from ui.qt import (
    QCheckBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

APPROVE = "approve"
SEND_BACK = "send_back"


def _request_rows(brief: InquiryBrief, calendar: Any) -> list[tuple[str, str]]:
    return [
        ("Received", when_text(brief.received_at, calendar)),
        ("Requested by", brief.created_by_name or ""),
        ("Caller", brief.caller_name or ""),
        ("Phone", phone_text(brief.caller_phone)),
        ("Member", brief.member_name or ""),
        ("State ID", brief.member_state_id or ""),
        ("Provider", brief.provider_name or ""),
        ("NPI", brief.npi or ""),
        ("Mailing address", brief.mailing_address or ""),
        ("Question", brief.description),
    ]


# ------------------------------------------------------------------------------ approval


class ApprovalDialog(ActionDialog):
    """A Unit Lead approves a CSR's callback request or sends it back with a note."""

    TITLE = "Callback request"
    SAVE_LABEL = "&Approve"
    EDITING = True
    MIN_WIDTH = 620

    def build(self) -> None:
        self.request_box = QWidget()
        self.request_layout = QVBoxLayout(self.request_box)
        self.request_layout.setContentsMargins(0, 0, 0, 0)
        self.add_wide(self.request_box)
        self.choice = ChoiceGroup(
            [("A&pprove the callback", APPROVE), ("Send back to the &CSR", SEND_BACK)],
            descriptions={
                APPROVE: "It joins the Supervisor callbacks queue, due within 2 business days.",
                SEND_BACK: "The CSR sees your note, corrects the request and sends it again.",
            },
        )
        self.choice.set_value(APPROVE)
        self.add_field("choice", "Decision", self.choice, required=True)
        self.assign_me = QCheckBox("Assign the callback to &me")
        self.assign_me.setChecked(True)
        self.add_field("assignee", "", self.assign_me)
        self.note = TextBox("A note for whoever calls back, or what the CSR must fix.", 3)
        self.note_field = self.add_field("note", "&Note", self.note)
        self.choice.changed.connect(self._changed)

    def _changed(self, value: Any) -> None:
        back = value == SEND_BACK
        self.save_button.setText("Send &back" if back else "&Approve")
        self.assign_me.setEnabled(not back)
        self.note_field.message.show_hint("Required when sending back." if back else "")

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self.request_layout.addWidget(info_grid(_request_rows(brief, self.calendar)))

    def check(self) -> dict[str, str]:
        if self.choice.value() == SEND_BACK and not self.note.text().strip():
            return {"note": "Tell the CSR why the request is sent back."}
        return {}

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        if self.choice.value() == SEND_BACK:
            return callbacks.send_back(
                session, ctx, self.inquiry_id, version, note=self.note.text()
            )
        return callbacks.approve(
            session,
            ctx,
            self.inquiry_id,
            version,
            note=self.note.text(),
            assignee_id=ctx.actor.user_id if self.assign_me.isChecked() else None,
        )


class ResubmitDialog(ActionDialog):
    """The CSR answers a sent-back request and sends it for approval again."""

    TITLE = "Resubmit the callback request"
    SAVE_LABEL = "&Resubmit"
    EDITING = True
    MIN_WIDTH = 620

    def build(self) -> None:
        self.lead_note = Notice("warning")
        self.add_wide(self.lead_note)
        self.phone = QLineEdit()
        self.add_field("caller_phone", "Caller &phone", self.phone, required=True)
        self.question = TextBox("", 4)
        self.add_field("question", "&Question", self.question, required=True)
        self.address = TextBox("Street\nCity, IA ZIP", 3)
        self.add_field("mailing_address", "Mailing &address", self.address)
        self.note = TextBox("What you corrected, or your answer to the Unit Lead.", 3)
        self.add_field("note", "&Note", self.note, required=True)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return callbacks.sent_back_note(session, brief.id)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        if extra is not None:
            who, note = extra
            self.lead_note.say(f"{who} sent this back: {note}")
        self.phone.setText(phone_text(brief.caller_phone))
        self.question.setText(brief.description)
        self.address.setText(brief.mailing_address or "")

    def check(self) -> dict[str, str]:
        problems = {}
        try:
            normalize_phone(self.phone.text())
        except ValidationError as exc:
            problems["caller_phone"] = next(iter(exc.problems.values()))
        if not self.question.text().strip():
            problems["question"] = "The caller's question is required."
        if not self.note.text().strip():
            problems["note"] = "Say what you changed or answer the Unit Lead's note."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return callbacks.resubmit(
            session,
            ctx,
            self.inquiry_id,
            version,
            note=self.note.text(),
            caller_phone=self.phone.text(),
            question=self.question.text(),
            mailing_address=self.address.text(),
        )
