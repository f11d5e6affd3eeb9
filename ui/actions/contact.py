"""Log contact…: a call, e-mail, letter or secure message with the member, the provider or
the MCO, and what came of it."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import Party, Track
from liaison_desk.services import actions
from liaison_desk.services.actions import (
    CHANNEL_LABELS,
    Deadline,
    InquiryBrief,
    contact_outcomes,
)
from liaison_desk.services.context import ServiceContext, Session
from ui.actions.common import (
    ActionDialog,
    ChoiceGroup,
    TextBox,
    WhenEdit,
    phone_text,
    when_text,
)
from ui.qt import (
    QComboBox,
    QVBoxLayout,
    QWidget,
)

CHANNELS = [(label, channel) for channel, label in CHANNEL_LABELS.items()]


def _channel_combo(optional: bool = False) -> QComboBox:
    combo = QComboBox()
    if optional:
        combo.addItem("—", None)
    for label, channel in CHANNELS:
        combo.addItem(label, channel)
    return combo


def _deadline_lines(deadlines: list[Deadline], calendar: Any) -> str:
    return "\n".join(f"• {d.label}: due {when_text(d.due_at, calendar)}" for d in deadlines)


# -------------------------------------------------------------------------------- contact


class ContactDialog(ActionDialog):
    TITLE = "Log a contact"
    SAVE_LABEL = "&Log contact"

    def build(self) -> None:
        self.party = ChoiceGroup(
            [
                ("&Member / originator", Party.MEMBER),
                ("P&rovider", Party.PROVIDER),
                ("M&CO", Party.MCO),
                ("&Other", Party.OTHER),
            ],
            horizontal=True,
        )
        self.add_field("party", "With whom", self.party, required=True)
        self.channel = _channel_combo()
        self.add_field("channel", "&How", self.channel, required=True)
        self.outcome_box = QWidget()
        self.outcome_layout = QVBoxLayout(self.outcome_box)
        self.outcome_layout.setContentsMargins(0, 0, 0, 0)
        self.outcome: ChoiceGroup | None = None
        self.outcome_field = self.add_field(
            "outcome",
            "Outcome",
            self.outcome_box,
            required=True,
            hint="A failed call is logged but does not count as contact.",
        )
        self.when = WhenEdit(self.calendar, self.app_ctx.clock.now)
        self.add_field("at", "&When", self.when, hint="Set it earlier for a contact made before.")
        self.notes = TextBox("What was said, what was agreed, what happens next.", 5)
        self.add_field("notes", "&Notes", self.notes)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self._channel_changed()

    def _channel_changed(self) -> None:
        channel = self.channel.currentData()
        if channel is None:
            return
        previous = self.outcome.value() if self.outcome is not None else None
        if self.outcome is not None:
            self.outcome_layout.removeWidget(self.outcome)
            self.outcome.deleteLater()
        options = [(label, code) for code, label in contact_outcomes(channel).items()]
        self.outcome = ChoiceGroup(options, columns=3)
        self.outcome.setAccessibleName("Outcome")
        self.outcome_layout.addWidget(self.outcome)
        self.outcome_field.inner = self.outcome
        self.outcome_field.setFocusProxy(self.outcome)
        if previous in dict(options).values() or previous in [c for _, c in options]:
            self.outcome.set_value(previous)
        elif len(options) == 1:
            self.outcome.set_value(options[0][1])
        QWidget.setTabOrder(self.channel, self.outcome)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        self.party.buttons[Party.PROVIDER].setVisible(brief.track == Track.MCO_PROVIDER)
        self.party.set_value(Party.PROVIDER if brief.track == Track.MCO_PROVIDER else Party.MEMBER)
        self.when.set_minimum(brief.received_at)
        who = brief.originator_name
        phone = phone_text(brief.phone)
        if who or phone:
            self._fields["party"].message.show_hint(f"Originator: {who}  {phone}".strip())

    def check(self) -> dict[str, str]:
        problems = {}
        if self.party.value() is None:
            problems["party"] = "Choose with whom."
        if self.outcome is None or self.outcome.value() is None:
            problems["outcome"] = "Choose how it went."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        assert self.outcome is not None
        return actions.log_contact(
            session,
            ctx,
            self.inquiry_id,
            None,
            party=self.party.value(),
            channel=self.channel.currentData(),
            outcome=self.outcome.value(),
            notes=self.notes.text(),
            at=self.when.value(),
        )
