"""The steps of an enrollment consideration case (seed 003), one dialog each: QC's vetting
(true or false), the State Monitors' result (processed, or not and why), the supervisor's
outreach attempt (reached or not; the second unanswered one closes the case)."""

from __future__ import annotations

from typing import Any

from liaison_desk.considerations import MAX_OUTREACH_ATTEMPTS
from liaison_desk.services import considerations
from liaison_desk.services.actions import InquiryBrief
from liaison_desk.services.context import ServiceContext, Session
from ui.actions.common import ActionDialog
from ui.qt import QLabel
from ui.widgets.inputs import ChoiceGroup, TextBox, info_grid
from ui.widgets.when import WhenEdit


class _StepDialog(ActionDialog):
    OPTIONS: list[tuple[str, Any]] = []
    NOTE_LABEL = "&Note"

    def build(self) -> None:
        self.case_box = QLabel("")
        self.add_wide(self.case_box)
        self.choice = ChoiceGroup(self.OPTIONS)
        self.add_field("choice", "&Result", self.choice, required=True)
        self.text = TextBox("", lines=3)
        self.note_field = self.add_field("note", self.NOTE_LABEL, self.text)

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        return considerations.case_summary(session, ctx, self.inquiry_id)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        lines, _attempts = extra
        grid = info_grid(list(lines))
        self.form.replaceWidget(self.case_box, grid)
        self.case_box.hide()
        self.case_box = grid  # type: ignore[assignment]

    def check(self) -> dict[str, str]:
        if self.choice.value() is None:
            return {"choice": "Choose the result."}
        return {}


class VetDialog(_StepDialog):
    TITLE = "QC vetting"
    SAVE_LABEL = "&Save vetting"
    OPTIONS = [
        ("A true case: on the State Monitors' list", True),
        ("Not a true case: back to the supervisor for outreach", False),
    ]

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return considerations.vet(session, ctx, self.inquiry_id, None,
                                  true_case=bool(self.choice.value()),
                                  note=self.text.text())  # fmt: skip


class MonitorResultDialog(_StepDialog):
    TITLE = "State Monitor result"
    SAVE_LABEL = "&Save result"
    NOTE_LABEL = "Reason or no&te"
    OPTIONS = [
        ("Processed in MMIS: the plan selection is corrected", True),
        ("Not processed (say why): back to QC and the supervisor", False),
    ]

    def check(self) -> dict[str, str]:
        problems = super().check()
        if self.choice.value() is False and not self.text.text().strip():
            problems["note"] = "Say why the case could not be processed."
        return problems

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return considerations.record_monitor_result(
            session, ctx, self.inquiry_id, None, processed=bool(self.choice.value()),
            reason=self.text.text(),
        )  # fmt: skip


class OutreachDialog(_StepDialog):
    TITLE = "Outreach attempt"
    SAVE_LABEL = "&Save attempt"
    OPTIONS = [
        ("Reached the consumer", True),
        ("Did not reach the consumer", False),
    ]

    def build(self) -> None:
        super().build()
        self.when = WhenEdit(self.calendar, self.app_ctx.clock.now)
        self.add_field("at", "&When", self.when)
        self.attempt_note = QLabel("")
        self.attempt_note.setWordWrap(True)
        self.add_wide(self.attempt_note)

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        super().on_loaded(brief, extra)
        n = extra[1] + 1
        last = n >= MAX_OUTREACH_ATTEMPTS
        warn = " If it does not reach the consumer, the case closes as Outreach max attempts."
        self.attempt_note.setText(
            f"Attempt {n} of {MAX_OUTREACH_ATTEMPTS}." + (warn if last else "")
        )

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        return considerations.record_outreach(
            session, ctx, self.inquiry_id, None, reached=bool(self.choice.value()),
            note=self.text.text(), at=self.when.value(),
        )  # fmt: skip
