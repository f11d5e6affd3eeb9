"""Member intake (SPEC §4, seed 001 "MCO Escalated Issues – Member Services", steps 1–3):
source → member and caller → MCO enrollment → MCO → priority with live deadlines →
description → received."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from liaison_desk.domain import Priority, Track
from liaison_desk.services import intake
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.intake import IntakeResult, MemberIntake
from ui.context import AppContext
from ui.intake.base import IntakeDialog
from ui.intake.checks import check_state_id
from ui.intake.common import phrase_problems, set_pair
from ui.intake.duplicates import DuplicatesBox, attach, linking
from ui.intake.edits import PhoneEdit, TextArea, ValidatedLineEdit
from ui.intake.handoff import HandoffField
from ui.qt import QButtonGroup, QComboBox, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget
from ui.widgets.fields import Field
from ui.widgets.notice import Banner, BannerKind


class MemberIntakeDialog(IntakeDialog):
    """A Member Liaison takes in an MCO escalated member issue."""

    KIND = "member"
    TRACK = str(Track.MCO_MEMBER)
    TITLE = "New member inquiry"
    SUBTITLE = "MCO escalated issue — Member Services."

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app_ctx, parent)

    # --- building ------------------------------------------------------------------------
    def build_form(self) -> None:
        form = self.add_section("Where it came from")
        self.source = QComboBox()
        self.source.setPlaceholderText("Choose who sent it…")
        self.source_box = Field(self.source, clears_on=(self.source.currentIndexChanged,))
        self.add_row(form, "Received &from", self.source_box, required=True)
        self.source.setAccessibleName("Received from")

        form = self.add_section("Member and caller")
        self.member_name = ValidatedLineEdit("Member name", required=True)
        self.add_row(form, "&Member name", self.member_name, required=True)
        self.state_id = ValidatedLineEdit(
            "State ID",
            check_state_id,
            placeholder="1234567A",
            hint="7 digits and a letter; leave empty if the member has none.",
            upper=True,
            max_length=12,
            width_chars=12,
        )
        self.add_row(form, "S&tate ID", self.state_id)
        self.caller_name = ValidatedLineEdit("Caller name", required=True)
        self.add_row(form, "&Caller name", self.caller_name, required=True)
        self.caller_phone = PhoneEdit("Caller phone")
        self.caller_phone.edit.setFixedWidth(
            self.caller_phone.edit.fontMetrics().horizontalAdvance("(000) 000-0000 x0000") + 24
        )
        self.add_row(form, "Caller &phone", self.caller_phone, required=True)
        self.duplicates = DuplicatesBox(self.app_ctx)
        form.addRow(self.duplicates)
        attach(self.duplicates, self, {"state_id": self.state_id, "phone": self.caller_phone,
                                       "name": self.member_name})  # fmt: skip

        form = self.add_section("MCO enrollment")
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        self.enrolled_yes = QRadioButton("&Yes")
        self.enrolled_no = QRadioButton("&No")
        self.enrolled = QButtonGroup(self)
        self.enrolled.addButton(self.enrolled_yes)
        self.enrolled.addButton(self.enrolled_no)
        row_layout.addWidget(self.enrolled_yes)
        row_layout.addSpacing(12)
        row_layout.addWidget(self.enrolled_no)
        row_layout.addStretch(1)
        label = self.add_row(form, "Enrolled in an MCO?", row, required=True)
        label.set_buddy(self.enrolled_yes, required=True)
        self.enrolled_yes.setAccessibleName("Is the member enrolled in an MCO? Yes")
        self.enrolled_no.setAccessibleName("Is the member enrolled in an MCO? No")
        self.not_enrolled_banner = Banner(BannerKind.WARNING)
        form.addRow(self.not_enrolled_banner)
        self.mco = QComboBox()
        self.mco.setPlaceholderText("Choose the member's MCO…")
        self.mco_box = Field(self.mco, clears_on=(self.mco.currentIndexChanged,))
        self.mco_label = self.add_row(form, "MC&O", self.mco_box, required=True)

        form = self.add_section("Priority")
        prio = QWidget()
        prio_layout = QVBoxLayout(prio)
        prio_layout.setContentsMargins(0, 0, 0, 0)
        prio_layout.setSpacing(4)
        self.high = QRadioButton("&High — contact within 2–4 business hours")
        self.escalated = QRadioButton("&Escalated — contact within 1 business day")
        self.priority = QButtonGroup(self)
        self.priority.addButton(self.high)
        self.priority.addButton(self.escalated)
        prio_layout.addWidget(self.high)
        prio_layout.addWidget(self.escalated)
        self.priority_label = self.add_row(form, "Priority", prio, required=True)
        self.priority_label.set_buddy(self.high, required=True)
        self.add_row(form, "Deadlines", self.preview)
        self.handoff = HandoffField()
        self.handoff_label = self.add_row(form, "Wor&ked by", self.handoff)

        form = self.add_section("The issue")
        self.description = TextArea(
            "Description",
            required=True,
            placeholder="What is the issue, and what has been tried already?",
            lines=5,
        )
        self.add_row(form, "&Description", self.description, required=True)
        self.add_issue_type(form)
        self.mailing_address = TextArea(
            "Mailing address",
            placeholder="Street\nCity, IA ZIP — needed only for letters",
            lines=3,
        )
        self.add_row(form, "Mailing &address", self.mailing_address)

        form = self.add_section("When it was received")
        self.add_row(form, "Rece&ived", self.received, required=True)

        self.populate_lists()
        self.watch(
            self.source.currentIndexChanged,
            self.member_name.changed,
            self.state_id.changed,
            self.caller_name.changed,
            self.caller_phone.changed,
            self.enrolled.buttonToggled,
            self.mco.currentIndexChanged,
            self.priority.buttonToggled,
            self.description.changed,
            self.mailing_address.changed,
            self.handoff.currentIndexChanged,
        )

    def populate_lists(self) -> None:
        self.fill_combo(self.source, [(name, name) for name in self.lists.member_sources])
        self.fill_combo(self.mco, [(m.name, m.id) for m in self.lists.mcos])
        self.handoff.fill(self.lists.handlers)

    def first_field(self) -> QWidget:
        return self.source

    # --- state ---------------------------------------------------------------------------
    def is_enrolled(self) -> bool | None:
        if self.enrolled_yes.isChecked():
            return True
        if self.enrolled_no.isChecked():
            return False
        return None

    def chosen_priority(self) -> Priority | None:
        if self.high.isChecked():
            return Priority.HIGH
        if self.escalated.isChecked():
            return Priority.ESCALATED
        return None

    def _callback_amount(self) -> str:
        for policy in self.lists.policies:
            if policy.applies_to(str(Track.IME_CALLBACK), None) and policy.track != "*":
                return policy.due_text
        return "2 business days"

    def update_dependents(self) -> None:
        enrolled = self.is_enrolled()
        not_enrolled = enrolled is False
        if not_enrolled:
            # Seed 001 step 2b: the form says where the item will go before it is saved.
            self.not_enrolled_banner.say(
                "This will go to the Unit Lead queue as a supervisor callback (IME escalated "
                f"issue, {self._callback_amount()}). No MCO or priority is needed."
            )
        else:
            self.not_enrolled_banner.hide()
        for widget in (self.mco, self.high, self.escalated, self.handoff):
            widget.setEnabled(not not_enrolled)
        self.mco_label.setEnabled(not not_enrolled)
        self.handoff_label.setEnabled(not not_enrolled)
        self.priority_label.setEnabled(not not_enrolled)
        self.save_button.setText("&Send to Unit Lead" if not_enrolled else self.SAVE_LABEL)

    def preview_for(self) -> tuple[str, str | None, str] | str:
        enrolled = self.is_enrolled()
        if enrolled is False:
            return (str(Track.IME_CALLBACK), None, "Supervisor callback clock.")
        priority = self.chosen_priority()
        if priority is None:
            return "Choose a priority to see the deadlines."
        return (str(Track.MCO_MEMBER), str(priority), "")

    def problems(self) -> list[str]:
        missing: list[str] = []
        fix: list[str] = []
        if self.source.currentIndex() < 0:
            missing.append("Received from")
        for field in (self.member_name, self.state_id, self.caller_name, self.caller_phone):
            if not field.is_valid():
                (fix if field.text().strip() else missing).append(field.name)
        enrolled = self.is_enrolled()
        if enrolled is None:
            missing.append("MCO enrollment")
        elif enrolled:
            if self.mco.currentIndex() < 0:
                missing.append("MCO")
            if self.chosen_priority() is None:
                missing.append("Priority")
        if not self.description.is_valid():
            missing.append("Description")
        return phrase_problems(missing, fix)

    def field_widgets(self) -> dict[str, QWidget]:
        return {
            "source": self.source_box,
            "member_name": self.member_name,
            "state_id": self.state_id,
            "caller_name": self.caller_name,
            "phone": self.caller_phone,
            "mco": self.mco_box,
            "description": self.description,
            "mailing_address": self.mailing_address,
            "received_at": self.received,
            "assignee": self.handoff,
        }

    def collect(self) -> MemberIntake:
        enrolled = bool(self.is_enrolled())
        return MemberIntake(
            source=str(self.source.currentData() or ""),
            member_name=self.member_name.value(),
            caller_name=self.caller_name.value(),
            caller_phone=self.caller_phone.value(),
            enrolled_in_mco=enrolled,
            # A callback has no MCO priority; the service stores one, so say "escalated".
            priority=(self.chosen_priority() or Priority.ESCALATED)
            if enrolled
            else Priority.ESCALATED,
            description=self.description.value(),
            member_state_id=self.state_id.value() or None,
            mco_id=self.mco.currentData() if enrolled else None,
            mailing_address=self.mailing_address.value() or None,
            received_at=self.received.value(),
            assignee_id=self.handoff.value() if enrolled else None,
        )

    def service(self) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
        return linking(intake.create_member_inquiry, self.duplicates.link_to)

    def fields_state(self) -> dict[str, Any]:
        return {
            "source": self.source.currentData(),
            "member_name": self.member_name.text(),
            "state_id": self.state_id.text(),
            "caller_name": self.caller_name.text(),
            "caller_phone": self.caller_phone.text(),
            "enrolled": self.is_enrolled(),
            "mco_id": self.mco.currentData(),
            "priority": str(p) if (p := self.chosen_priority()) else None,
            "description": self.description.text(),
            "mailing_address": self.mailing_address.text(),
            "received": self.received.value().isoformat(),
            "assignee_id": self.handoff.value(),
        }

    def apply_fields_state(self, state: dict[str, Any]) -> None:
        self.source.setCurrentIndex(self.source.findData(state.get("source")))
        self.member_name.set_text(state.get("member_name", ""))
        self.state_id.set_text(state.get("state_id", ""))
        self.caller_name.set_text(state.get("caller_name", ""))
        self.caller_phone.set_text(state.get("caller_phone", ""))
        set_pair(self.enrolled, self.enrolled_yes, self.enrolled_no, state.get("enrolled"))
        self.mco.setCurrentIndex(
            self.mco.findData(state["mco_id"]) if state.get("mco_id") is not None else -1
        )
        priority = state.get("priority")
        set_pair(
            self.priority,
            self.high,
            self.escalated,
            None if priority is None else priority == Priority.HIGH,
        )
        self.description.set_text(state.get("description", ""))
        self.mailing_address.set_text(state.get("mailing_address", ""))
        if state.get("received"):
            self.received.set_value(datetime.fromisoformat(state["received"]))
        self.handoff.set_value(state.get("assignee_id"))

    def reset_fields(self) -> None:
        self.source.setCurrentIndex(-1)
        self.mco.setCurrentIndex(-1)
        set_pair(self.enrolled, self.enrolled_yes, self.enrolled_no, None)
        set_pair(self.priority, self.high, self.escalated, None)
        self.handoff.set_value(None)

    def draft_summary(self) -> str:
        name = self.member_name.text().strip()
        return f"member {name}" if name else ""
