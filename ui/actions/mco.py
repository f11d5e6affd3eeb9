"""Working with the MCO: the referral (which starts the MCO's clock), what the MCO reported,
a follow-up, and the IME-or-MCO decision."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import Channel, Decision, Track
from liaison_desk.services import actions
from liaison_desk.services.actions import (
    DECISION_LABELS,
    InquiryBrief,
    McoChoice,
    McoUpdate,
)
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.permissions import Action, can
from ui.actions.common import (
    ActionDialog,
    ChoiceGroup,
    Notice,
    TextBox,
    WhenEdit,
    info_grid,
    when_text,
)
from ui.actions.contact import _channel_combo, _deadline_lines
from ui.qt import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
)

# ------------------------------------------------------------------------------- referral


class ReferralDialog(ActionDialog):
    TITLE = "Refer to the MCO"
    SAVE_LABEL = "&Refer"
    EDITING = True
    MIN_WIDTH = 600

    def build(self) -> None:
        self.choices: list[McoChoice] = []
        self.mco = QComboBox()
        self.add_field("mco", "&MCO", self.mco, required=True)
        self.department = QComboBox()
        self.department.setEditable(True)
        self.department.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_field(
            "department",
            "&Department",
            self.department,
            required=True,
            hint="Choose from the list or type another department.",
        )
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("The person at the MCO you sent it to")
        self.add_field("contact_person", "&Contact person", self.contact)
        self.channel = _channel_combo(optional=True)
        self.channel.setCurrentIndex(self.channel.findData(Channel.EMAIL))
        self.add_field("channel", "&Sent by", self.channel)
        self.when = WhenEdit(self.calendar, self.app_ctx.clock.now)
        self.add_field("at", "&When", self.when)
        self.notes = TextBox("What was sent to the MCO and what was asked of it.", 4)
        self.add_field("notes", "&Notes", self.notes)
        self.clock_notice = Notice("info")
        self.add_wide(self.clock_notice)
        self.mco.currentIndexChanged.connect(self._mco_changed)
        self.department.currentTextChanged.connect(self._department_changed)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return actions.referral_choices(session), actions.referral_deadlines(session, ctx, brief.id)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self.choices, deadlines = extra
        for choice in self.choices:
            self.mco.addItem(choice.name, choice.id)
        index = self.mco.findData(brief.mco_id) if brief.mco_id is not None else 0
        self.mco.setCurrentIndex(max(index, 0))
        self._mco_changed()
        if brief.mco_department:
            self.department.setCurrentText(brief.mco_department)
        if brief.mco_contact:
            self.contact.setText(brief.mco_contact)
        self.when.set_minimum(brief.received_at)
        if deadlines:
            self.clock_notice.say(
                "Referring starts the MCO's clock:\n" + _deadline_lines(deadlines, self.calendar)
            )

    def _current(self) -> McoChoice | None:
        return next((c for c in self.choices if c.id == self.mco.currentData()), None)

    def _mco_changed(self) -> None:
        choice = self._current()
        typed = self.department.currentText()
        self.department.clear()
        if choice is None:
            return
        for dept in choice.departments:
            self.department.addItem(dept.name)
        default = typed or (
            "Provider Services"
            if self.brief and self.brief.track == Track.MCO_PROVIDER
            else "Member Services"
        )
        self.department.setCurrentText(default)
        if choice.phone:
            self._fields["mco"].message.show_hint(f"{choice.name}: {choice.phone}")

    def _department_changed(self, name: str) -> None:
        choice = self._current()
        if choice is None:
            return
        dept = next((d for d in choice.departments if d.name == name), None)
        if dept is not None and dept.contact_name and not self.contact.text().strip():
            self.contact.setText(dept.contact_name)

    def check(self) -> dict[str, str]:
        problems = {}
        if self.mco.currentData() is None:
            problems["mco"] = "Choose the MCO."
        if not self.department.currentText().strip():
            problems["department"] = "Choose the MCO department."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return actions.refer_to_mco(
            session,
            ctx,
            self.inquiry_id,
            version,
            mco_id=self.mco.currentData(),
            department=self.department.currentText(),
            contact_person=self.contact.text(),
            channel=self.channel.currentData(),
            notes=self.notes.text(),
            at=self.when.value(),
        )


# ----------------------------------------------------------------------------- MCO update


class McoUpdateDialog(ActionDialog):
    TITLE = "Record an MCO update"
    SAVE_LABEL = "&Record update"
    MIN_WIDTH = 600

    def build(self) -> None:
        self.update_kind = ChoiceGroup(
            [
                ("MCO &contacted the member", McoUpdate.CONTACTED),
                ("MCO is &still working on it", McoUpdate.WORKING),
                ("MCO reports the issue r&esolved", McoUpdate.RESOLVED),
            ]
        )
        self.add_field("update", "Update", self.update_kind, required=True)
        self.mco = mco_choice_combo()
        self.mco_field = self.add_field("mco", "&MCO", self.mco)
        self.form.setRowVisible(self.mco_field, False)
        self.contacted = QCheckBox("The MCO has made contact with the member or originator")
        self.add_field(
            "contacted",
            "Contact made",
            self.contacted,
            hint="This is what meets the “MCO contacts member” clock.",
        )
        self.channel = _channel_combo(optional=True)
        self.add_field("channel", "Received &by", self.channel)
        self.when = WhenEdit(self.calendar, self.app_ctx.clock.now)
        self.add_field("at", "&When", self.when)
        self.notes = TextBox("What the MCO said.", 4)
        self.notes_field = self.add_field("notes", "&Notes", self.notes)
        self.resolve_box = QCheckBox("Also resolve the &inquiry now")
        self.resolve_box.setEnabled(False)
        self.add_field("resolve", "", self.resolve_box)
        self.resolution = TextBox("The resolution, as it goes in the log.", 3)
        self.resolution_field = self.add_field("resolution", "Reso&lution", self.resolution)
        self.resolution_field.setEnabled(False)
        self.update_kind.changed.connect(self._update_changed)
        self.resolve_box.toggled.connect(self.resolution_field.setEnabled)

    def _update_changed(self, value: Any) -> None:
        self.contacted.setChecked(value in (McoUpdate.CONTACTED, McoUpdate.RESOLVED))
        resolved = value == McoUpdate.RESOLVED
        self.resolve_box.setEnabled(resolved and self._may_resolve)
        if not resolved:
            self.resolve_box.setChecked(False)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self._may_resolve = can(self.app_ctx.actor.role, Action.RESOLVE)
        who = brief.mco_short_name or "MCO"
        if fill_mco_choice(self.mco, brief):
            self.form.setRowVisible(self.mco_field, True)
            who = "MCO"
        member = "provider" if brief.track == Track.MCO_PROVIDER else "member"
        labels = {
            McoUpdate.CONTACTED: f"{who} &contacted the {member}",
            McoUpdate.WORKING: f"{who} is &still working on it",
            McoUpdate.RESOLVED: f"{who} reports the issue r&esolved",
        }
        for value, button in self.update_kind.buttons.items():
            button.setText(labels[value])
        self.contacted.setText(f"{who} has made contact with the {member} or originator")
        self.when.set_minimum(brief.received_at)
        if brief.referred_at is not None:
            sent = f"Referred {when_text(brief.referred_at, self.calendar)}"
            if brief.mco_department:
                sent += f" to {brief.mco_department}"
            if brief.mco_contact:
                sent += f" ({brief.mco_contact})"
            self.status.setText(sent)

    def check(self) -> dict[str, str]:
        problems = {}
        value = self.update_kind.value()
        if value is None:
            problems["update"] = "Choose what the MCO reported."
        elif value == McoUpdate.WORKING and not self.notes.text().strip():
            problems["notes"] = "Write what the MCO said it is working on."
        if self.resolve_box.isChecked() and not self.resolution.text().strip():
            problems["resolution"] = "Write the resolution."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        result = actions.record_mco_update(
            session,
            ctx,
            self.inquiry_id,
            None,
            update=self.update_kind.value(),
            notes=self.notes.text(),
            contacted=self.contacted.isChecked(),
            channel=self.channel.currentData(),
            at=self.when.value(),
            mco_id=self.mco.currentData(),
        )
        if self.resolve_box.isChecked():
            # Same transaction: the update and the resolution land together or not at all.
            result = actions.resolve(
                session, ctx, self.inquiry_id, result.version, resolution=self.resolution.text()
            )
        return result


# ------------------------------------------------------------------------------ follow-up


class FollowUpDialog(ActionDialog):
    TITLE = "Follow up with the MCO"
    SAVE_LABEL = "&Log follow-up"

    def build(self) -> None:
        self.mco_info = QLabel()
        self.mco_info.setWordWrap(True)
        self.add_wide(self.mco_info)
        self.mco = mco_choice_combo()
        self.mco_field = self.add_field("mco", "&MCO", self.mco)
        self.form.setRowVisible(self.mco_field, False)
        self.channel = _channel_combo()
        self.add_field("channel", "&How", self.channel, required=True)
        self.response = QLineEdit()
        self.response.setMaxLength(200)
        self.response.setPlaceholderText("e.g. “Will call the member today”, “No answer”")
        self.add_field("response", "MCO's &answer", self.response, required=True)
        self.when = WhenEdit(self.calendar, self.app_ctx.clock.now)
        self.add_field("at", "&When", self.when)
        self.notes = TextBox("Whom you spoke with and what happens next.", 4)
        self.add_field("notes", "&Notes", self.notes)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        choices = actions.referral_choices(session)
        return next((c for c in choices if c.id == brief.mco_id), None)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        mco: McoChoice | None = extra
        rows = [
            ("MCO", brief.mco_name or ""),
            ("Department", brief.mco_department or ""),
            ("Contact", brief.mco_contact or ""),
            ("Referred", when_text(brief.referred_at, self.calendar)),
        ]
        if mco is not None:
            dept = next((d for d in mco.departments if d.name == brief.mco_department), None)
            phone = (dept.phone if dept and dept.phone else None) or mco.phone or ""
            rows.append(("Phone", phone))
            if dept and dept.email:
                rows.append(("E-mail", dept.email))
        self.form.removeRow(0)
        self.form.insertRow(0, info_grid(rows))
        self.when.set_minimum(brief.received_at)
        if fill_mco_choice(self.mco, brief):
            self.form.setRowVisible(self.mco_field, True)

    def check(self) -> dict[str, str]:
        if not self.response.text().strip():
            return {"response": "Say what the MCO answered."}
        return {}

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return actions.log_follow_up(
            session,
            ctx,
            self.inquiry_id,
            None,
            channel=self.channel.currentData(),
            response=self.response.text(),
            notes=self.notes.text(),
            at=self.when.value(),
            mco_id=self.mco.currentData(),
        )


def mco_choice_combo() -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName("Which MCO")
    return combo


def fill_mco_choice(combo: QComboBox, brief: InquiryBrief) -> bool:
    """Offer the MCOs the inquiry went to when there are several (the one still awaited
    first); True when the choice is shown. With one, the service takes it by itself."""
    combo.clear()
    if len(brief.referred_mcos) < 2:
        return False
    for mco_id, name, awaited in brief.referred_mcos:
        combo.addItem(f"{name} — awaited" if awaited else f"{name} — has reported", mco_id)
    combo.setCurrentIndex(0)
    return True


# ----------------------------------------------------------------------------- decision


class DecisionDialog(ActionDialog):
    TITLE = "IME or MCO?"
    SAVE_LABEL = "&Record decision"
    EDITING = True
    MIN_WIDTH = 600

    def build(self) -> None:
        self.decision = ChoiceGroup(
            [
                ("Resolved by &IME", Decision.RESOLVED_BY_IME),
                ("&Sent to MCO", Decision.SENT_TO_MCO),
            ],
            descriptions={
                Decision.RESOLVED_BY_IME: "The agency can resolve it: note the resolution "
                "and close it (seed 001, step 5c.i).",
                Decision.SENT_TO_MCO: "The MCO must resolve it: refer it to the right MCO "
                "department next (step 5c.ii).",
            },
        )
        self.add_field("decision", "Decision", self.decision, required=True)
        self.note = TextBox("Why (optional).", 3)
        self.add_field("note", "&Note", self.note)
        self.next_step = QCheckBox()
        self.add_field("next", "Next", self.next_step)
        self.decision.changed.connect(self._changed)

    def _changed(self, value: Any) -> None:
        self.next_step.setText(
            "Open “Refer to the MCO” after saving"
            if value == Decision.SENT_TO_MCO
            else "Open “Resolve” after saving"
        )
        self.next_step.setChecked(True)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        if brief.decision:
            current = DECISION_LABELS.get(Decision(brief.decision), brief.decision)
            self.status.setText(f"Recorded now: {current}")
            self.decision.buttons[Decision(brief.decision)].setEnabled(False)

    def check(self) -> dict[str, str]:
        if self.decision.value() is None:
            return {"decision": "Choose who resolves it."}
        return {}

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return actions.record_decision(
            session,
            ctx,
            self.inquiry_id,
            version,
            decision=self.decision.value(),
            note=self.note.text(),
        )

    @property
    def follow_on(self) -> str | None:
        """Which action the person asked to open next ("refer" or "resolve")."""
        if not self.next_step.isChecked():
            return None
        return "refer" if self.decision.value() == Decision.SENT_TO_MCO else "resolve"
