"""New enrollment consideration case (seed 003): what kind of case, the participants (each
with their state ID), what is asked for (the new MCO or provider, the requested or correct
MCO) and the For Cause reason; saved for QC's vetting, and the consumer is told when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from liaison_desk.considerations import FOR_CAUSE_REASONS, ConsiderationKind
from liaison_desk.domain import Track
from liaison_desk.services import considerations
from liaison_desk.services.considerations import ConsiderationIntake, Participant
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.intake import IntakeResult
from ui.context import AppContext
from ui.intake.base import IntakeDialog
from ui.intake.checks import check_state_id
from ui.intake.common import phrase_problems
from ui.intake.edits import PhoneEdit, TextArea, ValidatedLineEdit
from ui.qt import QCheckBox, QComboBox, QGridLayout, QLabel, QPushButton, QWidget

FIRST_ROWS = 2
MAX_ROWS = considerations.MAX_PARTICIPANTS


class ConsiderationIntakeDialog(IntakeDialog):
    KIND = "consideration"
    TRACK = str(Track.CONSIDERATION)
    TITLE = "New enrollment consideration case"
    SUBTITLE = "An MCO enrollment change outside the normal window: QC vets it first."
    NEW_LABEL = "&New case"
    SAVE_LABEL = "&Save case"

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        self.rows: list[tuple[ValidatedLineEdit, ValidatedLineEdit]] = []
        super().__init__(app_ctx, parent)

    def build_form(self) -> None:
        form = self.add_section("The case")
        self.kind = QComboBox()
        self.kind.setObjectName("considerationKind")
        for kind in ConsiderationKind:
            self.kind.addItem(kind.label, str(kind))
        self.add_row(form, "&Kind of case", self.kind, required=True)
        self.reason = QComboBox()
        self.reason.setObjectName("forCauseReason")
        self.reason.setEditable(True)
        self.reason.addItems(FOR_CAUSE_REASONS)
        self.reason_label = self.add_row(form, "For Cause &reason", self.reason, required=True)
        self.requested = QComboBox()
        self.requested.setObjectName("requestedChange")
        self.requested.setEditable(True)
        self.requested.setCurrentText("")
        self.requested_label = self.add_row(form, "Re&quested", self.requested, required=True)

        form = self.add_section(
            "Participants", "Each member the request is for, with their state ID (MA number)."
        )
        self.people = QWidget()
        self.grid = QGridLayout(self.people)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        for column, text in enumerate(("Name", "State ID")):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for _ in range(FIRST_ROWS):
            self._add_row()
        self.more = QPushButton("&Add a participant")
        self.more.setObjectName("addParticipant")
        self.more.setAutoDefault(False)
        self.more.clicked.connect(lambda _c=False: self._more())
        label = self.add_row(form, "&Participants", self.people, required=True)
        label.set_buddy(self.rows[0][0], required=True)
        form.addRow("", self.more)

        form = self.add_section("The call")
        self.phone = PhoneEdit("Phone", required=False)
        self.add_row(form, "P&hone", self.phone)
        self.supervisor = QCheckBox("The consumer asked for a super&visor")
        form.addRow("", self.supervisor)
        self.notes = TextArea("Notes", placeholder="What the consumer said, what was checked.")
        self.add_row(form, "N&otes", self.notes)
        self.add_row(form, "Rece&ived", self.received, required=True)
        self.body.addWidget(self.preview)
        self.kind.currentIndexChanged.connect(lambda _i: self.on_changed())
        self.watch(self.reason.currentTextChanged, self.requested.currentTextChanged,
                   self.phone.changed, self.notes.changed,
                   self.supervisor.toggled)  # fmt: skip

    def _add_row(self) -> None:
        n = len(self.rows) + 1
        name = ValidatedLineEdit(f"Participant {n} name")
        state_id = ValidatedLineEdit(
            f"Participant {n} state ID", check_state_id, placeholder="1234567A", upper=True,
            max_length=12, width_chars=12,
        )  # fmt: skip
        self.grid.addWidget(name, n, 0)
        self.grid.addWidget(state_id, n, 1)
        name.changed.connect(self.on_changed)
        state_id.changed.connect(self.on_changed)
        self.rows.append((name, state_id))

    def _more(self) -> None:
        if len(self.rows) < MAX_ROWS:
            self._add_row()
            self.rows[-1][0].setFocus()
        self.more.setEnabled(len(self.rows) < MAX_ROWS)

    def _kind(self) -> ConsiderationKind:
        return ConsiderationKind(self.kind.currentData())

    def populate_lists(self) -> None:
        typed = self.requested.currentText()
        self.requested.clear()
        self.requested.addItems([m.name for m in self.lists.mcos])
        self.requested.setCurrentText(typed)

    def first_field(self) -> QWidget:
        return self.kind

    def update_dependents(self) -> None:
        kind = self._kind()
        for_cause = kind is ConsiderationKind.FOR_CAUSE
        self.reason.setVisible(for_cause)
        self.reason_label.setVisible(for_cause)
        edit = self.requested.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(f"{kind.request_label} (choose an MCO or type)")
        self.requested.setAccessibleName(f"Requested: {kind.request_label}")

    def preview_for(self) -> tuple[str, str | None, str] | str:
        return (str(Track.CONSIDERATION), None, "")

    def _people(self) -> list[tuple[str, str]]:
        return [(n.text().strip(), s.text().strip()) for n, s in self.rows]

    def problems(self) -> list[str]:
        missing: list[str] = []
        fix: list[str] = []
        if not any(name for name, _s in self._people()):
            missing.append("a participant")
        for name, state_id in self.rows:
            if state_id.text().strip() and not state_id.is_valid():
                fix.append(state_id.name)
            if state_id.text().strip() and not name.text().strip():
                missing.append(name.name)
        if not self.requested.currentText().strip():
            missing.append(self._kind().request_label)
        if self._kind() is ConsiderationKind.FOR_CAUSE and not self.reason.currentText().strip():
            missing.append("For Cause reason")
        if not self.phone.is_valid():
            fix.append("Phone")
        return phrase_problems(missing, fix)

    def field_widgets(self) -> dict[str, QWidget]:
        widgets: dict[str, QWidget] = {
            "kind": self.kind,
            "requested_change": self.requested,
            "for_cause_reason": self.reason,
            "participants": self.rows[0][0],
            "phone": self.phone,
            "received_at": self.received,
        }
        for n, (name, _state) in enumerate(self.rows):
            widgets[f"participant_{n}"] = name
        return widgets

    def collect(self) -> ConsiderationIntake:
        mco = next(
            (m.id for m in self.lists.mcos if m.name == self.requested.currentText().strip()),
            None,
        )
        for_cause = self._kind() is ConsiderationKind.FOR_CAUSE
        return ConsiderationIntake(
            kind=str(self._kind()),
            participants=[Participant(n, s or None) for n, s in self._people() if n or s],
            requested_change=self.requested.currentText(),
            for_cause_reason=self.reason.currentText() if for_cause else None,
            requested_mco_id=mco,
            caller_phone=self.phone.value() or None,
            description=self.notes.value() or None,
            supervisor_requested=self.supervisor.isChecked(),
            received_at=self.received.value(),
        )

    def service(self) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
        return considerations.create_consideration

    def fields_state(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentData(),
            "reason": self.reason.currentText(),
            "requested": self.requested.currentText(),
            "people": self._people(),
            "phone": self.phone.text(),
            "supervisor": self.supervisor.isChecked(),
            "notes": self.notes.text(),
            "received": self.received.value().isoformat(),
        }

    def apply_fields_state(self, state: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(state.get("kind")), 0))
        self.reason.setCurrentText(state.get("reason", ""))
        self.requested.setCurrentText(state.get("requested", ""))
        people = list(state.get("people") or [])
        while len(self.rows) < min(len(people), MAX_ROWS):
            self._add_row()
        for (name, state_id), (n, s) in zip(self.rows, people, strict=False):
            name.set_text(n)
            state_id.set_text(s)
        self.phone.set_text(state.get("phone", ""))
        self.supervisor.setChecked(bool(state.get("supervisor")))
        self.notes.set_text(state.get("notes", ""))
        if state.get("received"):
            self.received.set_value(datetime.fromisoformat(state["received"]))

    def reset_fields(self) -> None:
        self.kind.setCurrentIndex(0)
        self.requested.setCurrentText("")
        self.supervisor.setChecked(False)

    def draft_summary(self) -> str:
        first = next((n for n, _s in self._people() if n), "")
        return f"case for {first}" if first else ""
