"""The case itself: who works it, its priority, resolving, reopening, and a note."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import Decision, Priority, Role
from liaison_desk.services import actions, choices
from liaison_desk.services.actions import (
    InquiryBrief,
)
from liaison_desk.services.context import ServiceContext, Session
from ui.actions.common import (
    ActionDialog,
    ChoiceGroup,
    Notice,
    TextBox,
    when_text,
)
from ui.qt import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    Qt,
)

# ------------------------------------------------------------------------------- assign


class AssignDialog(ActionDialog):
    TITLE = "Assign"
    SAVE_LABEL = "&Assign"
    EDITING = True

    def build(self) -> None:
        self.people = QListWidget()
        self.people.setMinimumHeight(180)
        self.people.setStyleSheet("QListWidget::item { padding: 5px 4px; }")
        self.people.setAlternatingRowColors(True)
        self.add_field("assignee", "Assign &to", self.people, required=True)
        self.note = TextBox("What the person should do first (optional).", 3)
        self.add_field("note", "&Note", self.note)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return [
            (u.id, u.display_name, Role(u.role).label)
            for u in actions.assignable_users(session, brief.track)
        ]

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        me = self.app_ctx.actor.user_id
        for user_id, name, role in extra:
            text = f"{name}  —  {role}"
            if user_id == brief.assignee_id:
                text += "  (assigned now)"
            elif user_id == me:
                text += "  (you)"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, user_id)
            if user_id == brief.assignee_id:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.people.addItem(item)
        if brief.assignee_name:
            self.status.setText(f"Assigned now to {brief.assignee_name}")
        else:
            self.status.setText("Not assigned to anyone yet")
        # Nobody is chosen until the person picks someone: a preselected first name would
        # be assigned by a Ctrl+Enter meant for something else.
        self.people.clearSelection()
        self.people.itemDoubleClicked.connect(lambda _item: self.save())

    def select_user(self, user_id: int) -> None:
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == user_id:
                self.people.setCurrentRow(row)

    def chosen(self) -> QListWidgetItem | None:
        """The person picked (selected, not merely where the keyboard cursor rests)."""
        picked = [i for i in self.people.selectedItems() if i.flags() & Qt.ItemFlag.ItemIsEnabled]
        return picked[0] if picked else None

    def check(self) -> dict[str, str]:
        if self.chosen() is None:
            return {"assignee": "Choose the person to hand it to."}
        return {}

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        item = self.chosen()
        assert item is not None
        return actions.assign(
            session,
            ctx,
            self.inquiry_id,
            version,
            assignee_id=int(item.data(Qt.ItemDataRole.UserRole)),
            note=self.note.text(),
        )


# ----------------------------------------------------------------------------- priority


class PriorityDialog(ActionDialog):
    TITLE = "Change the priority"
    SAVE_LABEL = "&Change priority"
    EDITING = True
    MIN_WIDTH = 600

    def build(self) -> None:
        self.priority = ChoiceGroup(
            [(Priority.HIGH.label, Priority.HIGH), (Priority.ESCALATED.label, Priority.ESCALATED)]
        )
        self.add_field("priority", "New &priority", self.priority, required=True)
        self.reason = TextBox("Why the priority changes (it goes in the timeline).", 3)
        self.add_field("reason", "&Reason", self.reason, required=True)
        self.effect = Notice("info")
        self.add_wide(self.effect)
        self.priority.changed.connect(self._changed)
        self.deadlines: dict[str, list[actions.PriorityEffect]] = {}

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return actions.priority_effects(session, ctx, brief.id)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self.deadlines = extra
        try:
            current = Priority(brief.priority)
        except ValueError:
            current = None
        if current is not None:
            button = self.priority.buttons[current]
            button.setText(f"{current.label}  (current)")
            button.setEnabled(False)
            other = next(p for p in Priority if p is not current)
            self.priority.set_value(other)
        self.reason.setFocus()

    def focus_first(self) -> None:
        self.reason.setFocus()

    def _changed(self, value: Any) -> None:
        effects = self.deadlines.get(str(value), [])
        lines = []
        for e in effects:
            line = f"• {e.label}: due {when_text(e.due_at, self.calendar)}"
            if e.replaces_due is not None:
                line += f" (instead of {when_text(e.replaces_due, self.calendar)})"
            lines.append(line)
        if lines:
            self.effect.say(
                "The running clocks are replaced; what was already met stays met:\n"
                + "\n".join(lines)
            )
        else:
            self.effect.say("No running clock changes: what was already met stays met.")

    def check(self) -> dict[str, str]:
        problems = {}
        if self.priority.value() is None:
            problems["priority"] = "Choose the new priority."
        if not self.reason.text().strip():
            problems["reason"] = "Say why the priority changes."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return actions.change_priority(
            session,
            ctx,
            self.inquiry_id,
            version,
            priority=self.priority.value(),
            reason=self.reason.text(),
        )


# ------------------------------------------------------------------ resolve, reopen, note


class _TextActionDialog(ActionDialog):
    FIELD = "text"
    LABEL = "&Text"
    PLACEHOLDER = ""
    MESSAGE = "Write it."
    LINES = 6
    HINT = ""

    def build(self) -> None:
        self.text = TextBox(self.PLACEHOLDER, self.LINES)
        self.add_field(self.FIELD, self.LABEL, self.text, required=True, hint=self.HINT)

    def check(self) -> dict[str, str]:
        if not self.text.text().strip():
            return {self.FIELD: self.MESSAGE}
        return {}


class ResolveDialog(_TextActionDialog):
    TITLE = "Resolve"
    SAVE_LABEL = "&Resolve"
    EDITING = True
    FIELD = "resolution"
    LABEL = "Resol&ution"
    PLACEHOLDER = "What was done and the outcome for the member or provider."
    MESSAGE = "Write the resolution."
    HINT = "Resolving closes the inquiry and stops its clocks."

    def build(self) -> None:
        super().build()
        self.outcome = QComboBox()
        self.outcome.addItem("Not chosen", None)
        hint = "From the admin's list; the reports count inquiries by it."
        self.add_field("outcome", "&Outcome", self.outcome, hint=hint)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        offered = choices.lists(session)
        return offered.outcomes, brief.track in offered.outcome_required

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        outcomes, self.outcome_required = extra
        for name in outcomes:
            self.outcome.addItem(name, name)
        if brief.is_callback:
            self.text.setPlaceholderText(
                "Why this callback closes without “Callback complete” (e.g. a duplicate)."
            )

    def check(self) -> dict[str, str]:
        problems = super().check()
        if getattr(self, "outcome_required", False) and self.outcome.currentData() is None:
            problems["outcome"] = "Choose the outcome."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        outcome = self.outcome.currentData()
        return actions.resolve(
            session, ctx, self.inquiry_id, version, resolution=self.text.text(), outcome=outcome
        )


class ReopenDialog(_TextActionDialog):
    TITLE = "Reopen"
    SAVE_LABEL = "&Reopen"
    EDITING = True
    FIELD = "reason"
    LABEL = "Rea&son"
    PLACEHOLDER = "Why the inquiry is opened again."
    MESSAGE = "Say why it is reopened."
    LINES = 4

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        back = (
            "Awaiting MCO"
            if brief.decision == Decision.SENT_TO_MCO and brief.referred_at
            else "In progress"
        )
        self._fields[self.FIELD].message.show_hint(
            f"It goes back to “{back}”; clocks that can still be met run again."
        )

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return actions.reopen(session, ctx, self.inquiry_id, version, reason=self.text.text())


class NoteDialog(_TextActionDialog):
    TITLE = "Add a note"
    SAVE_LABEL = "&Add note"
    FIELD = "text"
    LABEL = "&Note"
    PLACEHOLDER = "An internal note for the team (it never meets a clock)."
    MESSAGE = "Write the note."

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return actions.add_note(session, ctx, self.inquiry_id, None, text=self.text.text())
