"""Provider intake (SPEC §4, seed 001 "MCO Escalated Issues – Provider Services"): source →
NPI checked as typed → provider and contact → MCO(s) in question → priority with live
deadlines → description → received."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from typing import Any

from liaison_desk.domain import Priority, Track
from liaison_desk.services import intake
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.intake import IntakeResult, ProviderIntake
from ui.context import AppContext
from ui.intake.base import IntakeDialog
from ui.intake.checks import check_npi
from ui.intake.common import phrase_problems, set_pair
from ui.intake.duplicates import DuplicatesBox, attach, linking
from ui.intake.edits import PhoneEdit, TextArea, ValidatedLineEdit
from ui.intake.handoff import HandoffField
from ui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.fields import Field


class McoChecklist(QWidget):
    """The MCOs in question: one check box each (there are a handful), at least one."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.boxes: list[QCheckBox] = []

    def set_choices(self, choices: list[tuple[str, int]]) -> None:
        keep = set(self.checked_ids())
        self.setFocusProxy(None)  # type: ignore[arg-type]  # Qt takes "no proxy"; the stubs do not say so
        for box in self.boxes:
            box.setParent(None)
            box.deleteLater()
        self.boxes = []
        for name, mco_id in choices:
            box = QCheckBox(name)
            box.setProperty("mco_id", mco_id)
            box.setChecked(mco_id in keep)
            box.toggled.connect(self.changed)
            self._layout.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
            box.show()  # now, not on the layout's next turn of the event loop
            self.boxes.append(box)
        # The choices arrive after the form is built (the lists load off the GUI thread):
        # Tab reaches them where the list sits in the form, not after the last field.
        previous: QWidget = self
        for box in self.boxes:
            QWidget.setTabOrder(previous, box)
            previous = box
        if self.boxes:
            self.setFocusProxy(self.boxes[0])

    def checked_ids(self) -> list[int]:
        return [int(b.property("mco_id")) for b in self.boxes if b.isChecked()]

    def set_checked_ids(self, ids: list[int]) -> None:
        for box in self.boxes:
            box.setChecked(int(box.property("mco_id")) in ids)


class ProviderIntakeDialog(IntakeDialog):
    """A Provider Liaison takes in an MCO escalated provider issue."""

    KIND = "provider"
    TRACK = str(Track.MCO_PROVIDER)
    TITLE = "New provider inquiry"
    SUBTITLE = "MCO escalated issue — Provider Services."

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(app_ctx, parent)

    def build_form(self) -> None:
        form = self.add_section("Where it came from")
        self.source = QComboBox()
        self.source.setPlaceholderText("Choose who sent it…")
        self.source_box = Field(self.source, clears_on=(self.source.currentIndexChanged,))
        self.add_row(form, "Received &from", self.source_box, required=True)

        form = self.add_section("Provider and contact")
        self.npi = ValidatedLineEdit(
            "NPI",
            check_npi,
            required=True,
            placeholder="10 digits",
            max_length=14,
            width_chars=14,
        )
        self.add_row(form, "&NPI", self.npi, required=True)
        self.provider_name = ValidatedLineEdit("Provider name", required=True)
        self.add_row(form, "&Provider name", self.provider_name, required=True)
        self.contact_name = ValidatedLineEdit("Contact name", required=True)
        self.add_row(form, "&Contact name", self.contact_name, required=True)
        self.contact_phone = PhoneEdit("Contact number")
        self.contact_phone.edit.setFixedWidth(
            self.contact_phone.edit.fontMetrics().horizontalAdvance("(000) 000-0000 x0000") + 24
        )
        self.add_row(form, "Contact n&umber", self.contact_phone, required=True)
        self.duplicates = DuplicatesBox(self.app_ctx)
        form.addRow(self.duplicates)
        attach(self.duplicates, self, {"npi": self.npi, "phone": self.contact_phone,
                                       "name": self.provider_name})  # fmt: skip

        form = self.add_section("MCO(s) in question")
        self.mcos = McoChecklist()
        self.mcos_box = Field(self.mcos, clears_on=(self.mcos.changed,))
        self.mcos_label = self.add_row(form, "&MCO(s)", self.mcos_box, required=True)

        form = self.add_section("Priority")
        prio = QWidget()
        prio_layout = QVBoxLayout(prio)
        prio_layout.setContentsMargins(0, 0, 0, 0)
        prio_layout.setSpacing(4)
        self.high = QRadioButton("&High — contact within 1–2 business days")
        self.escalated = QRadioButton("&Escalated — contact within 3–4 business days")
        self.priority = QButtonGroup(self)
        self.priority.addButton(self.high)
        self.priority.addButton(self.escalated)
        prio_layout.addWidget(self.high)
        prio_layout.addWidget(self.escalated)
        label = self.add_row(form, "Priority", prio, required=True)
        label.set_buddy(self.high, required=True)
        self.add_row(form, "Deadlines", self.preview)
        self.handoff = HandoffField()
        self.add_row(form, "Wor&ked by", self.handoff)

        form = self.add_section("The issue")
        self.description = TextArea(
            "Description",
            required=True,
            placeholder="What is the issue (claims, authorizations, credentialing…), with "
            "claim numbers and dates of service where they apply?",
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
            self.npi.changed,
            self.provider_name.changed,
            self.contact_name.changed,
            self.contact_phone.changed,
            self.mcos.changed,
            self.priority.buttonToggled,
            self.description.changed,
            self.mailing_address.changed,
            self.handoff.currentIndexChanged,
        )

    def populate_lists(self) -> None:
        self.fill_combo(self.source, [(name, name) for name in self.lists.provider_sources])
        self.handoff.fill(self.lists.handlers)
        self.mcos.set_choices([(m.name, m.id) for m in self.lists.mcos])
        if self.mcos.boxes:
            self.mcos_label.set_buddy(self.mcos.boxes[0], required=True)
            # The boxes are made after the rest of the form: put them back in reading order.
            chain = [self.contact_phone.edit, *self.mcos.boxes, self.high]
            for before, after in pairwise(chain):
                QWidget.setTabOrder(before, after)

    def first_field(self) -> QWidget:
        return self.source

    def chosen_priority(self) -> Priority | None:
        if self.high.isChecked():
            return Priority.HIGH
        if self.escalated.isChecked():
            return Priority.ESCALATED
        return None

    def preview_for(self) -> tuple[str, str | None, str] | str:
        priority = self.chosen_priority()
        if priority is None:
            return "Choose a priority to see the deadlines."
        return (str(Track.MCO_PROVIDER), str(priority), "")

    def problems(self) -> list[str]:
        missing: list[str] = []
        fix: list[str] = []
        if self.source.currentIndex() < 0:
            missing.append("Received from")
        for field in (self.npi, self.provider_name, self.contact_name, self.contact_phone):
            if not field.is_valid():
                (fix if field.text().strip() else missing).append(field.name)
        if not self.mcos.checked_ids():
            missing.append("MCO(s)")
        if self.chosen_priority() is None:
            missing.append("Priority")
        if not self.description.is_valid():
            missing.append("Description")
        return phrase_problems(missing, fix)

    def field_widgets(self) -> dict[str, QWidget]:
        return {
            "source": self.source_box,
            "npi": self.npi,
            "provider_name": self.provider_name,
            "contact_name": self.contact_name,
            "phone": self.contact_phone,
            "mco": self.mcos_box,
            "description": self.description,
            "mailing_address": self.mailing_address,
            "received_at": self.received,
            "assignee": self.handoff,
        }

    def collect(self) -> ProviderIntake:
        return ProviderIntake(
            source=str(self.source.currentData() or ""),
            npi=self.npi.value(),
            provider_name=self.provider_name.value(),
            contact_name=self.contact_name.value(),
            contact_phone=self.contact_phone.value(),
            mco_ids=self.mcos.checked_ids(),
            priority=self.chosen_priority() or Priority.ESCALATED,
            description=self.description.value(),
            mailing_address=self.mailing_address.value() or None,
            received_at=self.received.value(),
            assignee_id=self.handoff.value(),
        )

    def service(self) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
        return linking(intake.create_provider_inquiry, self.duplicates.link_to)

    def fields_state(self) -> dict[str, Any]:
        return {
            "source": self.source.currentData(),
            "npi": self.npi.text(),
            "provider_name": self.provider_name.text(),
            "contact_name": self.contact_name.text(),
            "contact_phone": self.contact_phone.text(),
            "mco_ids": self.mcos.checked_ids(),
            "priority": str(p) if (p := self.chosen_priority()) else None,
            "description": self.description.text(),
            "mailing_address": self.mailing_address.text(),
            "received": self.received.value().isoformat(),
            "assignee_id": self.handoff.value(),
        }

    def apply_fields_state(self, state: dict[str, Any]) -> None:
        self.source.setCurrentIndex(self.source.findData(state.get("source")))
        self.npi.set_text(state.get("npi", ""))
        self.provider_name.set_text(state.get("provider_name", ""))
        self.contact_name.set_text(state.get("contact_name", ""))
        self.contact_phone.set_text(state.get("contact_phone", ""))
        self.mcos.set_checked_ids([int(i) for i in state.get("mco_ids", [])])
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
        self.mcos.set_checked_ids([])
        set_pair(self.priority, self.high, self.escalated, None)
        self.handoff.set_value(None)

    def draft_summary(self) -> str:
        name = self.provider_name.text().strip() or self.npi.text().strip()
        return f"provider {name}" if name else ""
