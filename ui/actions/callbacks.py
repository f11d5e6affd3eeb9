"""Working a supervisor callback (seed 001): two calls, then a letter. The panel shows the
attempts so far, records the next one and completes the callback."""

from __future__ import annotations

from typing import Any

from liaison_desk.domain import CallOutcome
from liaison_desk.services import actions, callbacks
from liaison_desk.services.actions import CALL_OUTCOME_LABELS, InquiryBrief
from liaison_desk.services.callbacks import PHONE_ATTEMPTS, CallbackState
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.permissions import Action, can
from liaison_desk.validation import format_phone
from ui import ops
from ui.actions.approval import _request_rows
from ui.actions.common import (
    ChoiceGroup,
    Field,
    Notice,
    TextBox,
    WhenEdit,
    info_grid,
    no_default,
    phone_text,
    section_title,
    when_text,
)
from ui.context import AppContext
from ui.ops import Problem
from ui.qt import (
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.basics import clear_layout
from ui.widgets.tones import tone

# ---------------------------------------------------------------------- callback panel


class AttemptRow(QFrame):
    def __init__(self, attempt: callbacks.Attempt, calendar: Any) -> None:
        super().__init__()
        self.setObjectName("attemptRow")
        reached = attempt.reached
        color = tone("ok") if reached else tone("error")
        self.setStyleSheet(
            f"QFrame#attemptRow {{ border: 1px solid {tone('border')}; border-left: 4px solid "
            f"{color}; border-radius: 3px; background: white; }}"
            " QFrame#attemptRow QLabel { border: none; background: transparent; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        symbol = QLabel("✔" if reached else "✖")
        symbol.setStyleSheet(f"color: {color}; font-size: 15px; font-weight: bold;")
        symbol.setAccessibleName("reached" if reached else "not reached")
        layout.addWidget(symbol)
        words = QVBoxLayout()
        words.setSpacing(1)
        title = QLabel(
            f"Attempt {attempt.number}: {CALL_OUTCOME_LABELS[attempt.outcome]}"
            f"  ·  {format_phone(attempt.number_dialled) if attempt.number_dialled else ''}"
        )
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        words.addWidget(title)
        by = f" by {attempt.by}" if attempt.by else ""
        detail = QLabel(f"{when_text(attempt.at, calendar)}{by}")
        detail.setStyleSheet(f"color: {tone('hint')};")
        words.addWidget(detail)
        for extra in (
            attempt.notes,
            attempt.insist_reason and f"Extra call: {attempt.insist_reason}",
        ):
            if extra:
                line = QLabel(extra)
                line.setWordWrap(True)
                words.addWidget(line)
        layout.addLayout(words, 1)
        self.setAccessibleName(title.text())


class CallbackPanel(QWidget):
    """Working one approved callback: the request, the attempts so far, the next attempt,
    the letter when both calls fail, and "Callback complete"."""

    inquiryChanged = Signal(int)  # saved something on this inquiry
    letter_requested = Signal(int)
    loaded = Signal()

    def __init__(self, app_ctx: AppContext, inquiry_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallbackPanel")
        self.app_ctx = app_ctx
        self.calendar = app_ctx.calendar
        self.inquiry_id = inquiry_id
        self.state: CallbackState | None = None
        self.brief: InquiryBrief | None = None
        self.busy = False
        self.ready = False
        role = app_ctx.actor.role
        self.may_call = can(role, Action.RECORD_CALLBACK_ATTEMPT)
        self.may_write = can(role, Action.WRITE_LETTER)
        self.may_complete = can(role, Action.COMPLETE_CALLBACK)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.layout_.setSpacing(10)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        self.notice = Notice("error")
        self.layout_.addWidget(self.notice)
        self.layout_.addWidget(section_title("The request"))
        self.request_holder = QVBoxLayout()
        self.layout_.addLayout(self.request_holder)

        self.layout_.addWidget(section_title("Telephone attempts"))
        self.attempts_holder = QVBoxLayout()
        self.attempts_holder.setSpacing(6)
        self.layout_.addLayout(self.attempts_holder)

        self.letter_notice = Notice("warning")
        self.letter_button = self.letter_notice.add_button("Write a &letter…", self._write_letter)
        self.layout_.addWidget(self.letter_notice)
        self.extra_call_row = QHBoxLayout()
        self.extra_call_button = QPushButton("Log another call an&yway…")
        self.extra_call_button.setObjectName("extraCallButton")
        self.extra_call_button.setToolTip(
            "Beyond the procedure's two attempts (e.g. the caller asked to be called again); "
            "you will be asked why"
        )
        self.extra_call_button.clicked.connect(self._allow_extra_call)
        no_default(self.extra_call_button)
        self.extra_call_row.addWidget(self.extra_call_button)
        self.extra_call_row.addStretch(1)
        self.layout_.addLayout(self.extra_call_row)
        self.extra_call_wanted = False

        # --- the next attempt ---------------------------------------------------------------
        self.attempt_box = QFrame()
        self.attempt_box.setObjectName("attemptBox")
        self.attempt_box.setStyleSheet(
            f"QFrame#attemptBox {{ border: 1px solid {tone('border')}; border-radius: 4px;"
            " background: #fbfcfd; }"
        )
        box = QVBoxLayout(self.attempt_box)
        box.setContentsMargins(14, 10, 14, 12)
        self.step = QLabel()
        step_font = QFont(self.step.font())
        step_font.setBold(True)
        step_font.setPointSizeF(step_font.pointSizeF() * 1.1)
        self.step.setFont(step_font)
        self.step.setStyleSheet(f"color: {tone('header')};")
        box.addWidget(self.step)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.number = QLineEdit()
        self.number.setAccessibleName("Number dialled")
        self.number_field = Field(self.number, "Prefilled with the caller's phone.")
        number_label = QLabel("N&umber dialled *")
        number_label.setBuddy(self.number)
        form.addRow(number_label, self.number_field)
        self.outcome = ChoiceGroup(
            [
                ("R&eached", CallOutcome.REACHED),
                ("&No answer", CallOutcome.NO_ANSWER),
                ("Left &voicemail", CallOutcome.VOICEMAIL),
                ("&Busy", CallOutcome.BUSY),
                ("Wron&g number", CallOutcome.WRONG_NUMBER),
            ],
            columns=3,
        )
        self.outcome.setAccessibleName("Outcome")
        self.outcome_field = Field(self.outcome)
        form.addRow(QLabel("Outcome *"), self.outcome_field)
        self.when = WhenEdit(self.calendar, app_ctx.clock.now)
        when_label = QLabel("T&ime of the call")
        when_label.setBuddy(self.when.edit)
        form.addRow(when_label, self.when)
        self.notes = TextBox("What was said, or the message left.", 3)
        self.notes.setMaximumHeight(self.notes.minimumHeight() + 30)
        self.notes.setAccessibleName("Notes")
        notes_label = QLabel("No&tes")
        notes_label.setBuddy(self.notes)
        form.addRow(notes_label, self.notes)
        self.insist = TextBox("Why another call, beyond the procedure's two?", 2)
        self.insist.setMaximumHeight(self.insist.minimumHeight() + 20)
        self.insist.setAccessibleName("Reason for another call")
        self.insist_field = Field(
            self.insist, "The procedure allows two calls; a third needs a reason."
        )
        self.insist_label = QLabel("Reason for another call *")
        self.insist_label.setBuddy(self.insist)
        form.addRow(self.insist_label, self.insist_field)
        box.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.record_button = QPushButton("&Record attempt")
        self.record_button.setObjectName("recordAttemptButton")
        self.record_button.clicked.connect(self.record)
        no_default(self.record_button)
        row.addWidget(self.record_button)
        box.addLayout(row)
        self.layout_.addWidget(self.attempt_box)

        # --- completion --------------------------------------------------------------------
        self.layout_.addWidget(section_title("Callback complete"))
        self.complete_hint = QLabel()
        self.complete_hint.setWordWrap(True)
        self.layout_.addWidget(self.complete_hint)
        self.complete_notes = TextBox("Anything to add to the resolution (optional).", 2)
        self.complete_notes.setMaximumHeight(self.complete_notes.minimumHeight() + 20)
        self.complete_notes.setAccessibleName("Completion notes")
        self.layout_.addWidget(self.complete_notes)
        row = QHBoxLayout()
        row.addStretch(1)
        self.complete_button = QPushButton("&Callback complete")
        self.complete_button.setObjectName("completeButton")
        self.complete_button.clicked.connect(self.complete)
        no_default(self.complete_button)
        row.addWidget(self.complete_button)
        self.layout_.addLayout(row)
        self.layout_.addStretch(1)

        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.record)
        self.refresh()

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        inquiry_id = self.inquiry_id

        def work(session: Session, ctx: ServiceContext) -> tuple[CallbackState, InquiryBrief]:
            return (
                callbacks.callback_state(session, ctx, inquiry_id),
                actions.brief(session, ctx, inquiry_id),
            )

        self._set_busy(True)
        ops.read(self, self.app_ctx, work).done(self._loaded).failed(self._failed).start()

    def _loaded(self, payload: tuple[CallbackState, InquiryBrief]) -> None:
        self.state, self.brief = payload
        self._set_busy(False)
        self._show()
        self.ready = True
        self.loaded.emit()

    def _show(self) -> None:
        state, brief = self.state, self.brief
        assert state is not None and brief is not None
        clear_layout(self.request_holder)
        self.request_holder.addWidget(info_grid(_request_rows(brief, self.calendar)))
        clear_layout(self.attempts_holder)
        for attempt in state.attempts:
            self.attempts_holder.addWidget(AttemptRow(attempt, self.calendar))
        for letter in state.letters:
            line = QLabel(f"✉  {letter.summary} — {when_text(letter.at, self.calendar)}")
            line.setWordWrap(True)
            self.attempts_holder.addWidget(line)
        if not state.attempts and not state.letters:
            self.attempts_holder.addWidget(QLabel("No attempts yet."))

        open_ = state.approved and not state.closed
        n = state.next_attempt
        if n <= PHONE_ATTEMPTS:
            self.step.setText(f"Attempt {n} of {PHONE_ATTEMPTS}")
        else:
            self.step.setText(f"Extra attempt ({n}), beyond the procedure's {PHONE_ATTEMPTS}")
        beyond = state.needs_insist_reason
        self.attempt_box.setVisible(
            open_ and self.may_call and (not beyond or self.extra_call_wanted)
        )
        self.extra_call_button.setVisible(
            open_ and self.may_call and beyond and not self.extra_call_wanted
        )
        self.insist_label.setVisible(state.needs_insist_reason)
        self.insist_field.setVisible(state.needs_insist_reason)
        if not self.number.text():
            number = state.attempts[-1].number_dialled if state.attempts else state.caller_phone
            self.number.setText(phone_text(number))
        self.when.set_now()
        self.when.set_minimum(brief.received_at)

        if state.letter_proposed and open_:
            self.letter_notice.say(
                "Both telephone attempts failed without reaching anyone. The procedure says: "
                "answer the caller by letter."
            )
            self.letter_button.setVisible(self.may_write)
            self.letter_button.setDefault(True)
        else:
            self.letter_notice.hide()

        if state.closed:
            self.complete_hint.setText(
                f"✔ Completed {when_text(state.completed_at, self.calendar)}."
                if state.completed_at
                else "This callback is closed."
            )
            self.complete_hint.setStyleSheet(f"color: {tone('ok')};")
        elif not state.approved:
            self.complete_hint.setText("Waiting for a Unit Lead to approve the request.")
            self.complete_hint.setStyleSheet(f"color: {tone('hint')};")
        elif state.can_complete:
            how = "the caller was reached" if state.reached else "a letter was sent"
            self.complete_hint.setText(f"✔ Ready: {how}.")
            self.complete_hint.setStyleSheet(f"color: {tone('ok')};")
        else:
            self.complete_hint.setText(
                "Not yet: a callback is complete when a call reached the caller or a letter "
                "was sent."
            )
            self.complete_hint.setStyleSheet(f"color: {tone('hint')};")
        self.complete_notes.setVisible(state.can_complete and self.may_complete)
        self.complete_button.setVisible(open_ and self.may_complete)
        self.complete_button.setEnabled(state.can_complete)

    def _failed(self, problem: Problem) -> None:
        self._set_busy(False)
        if problem.fields:
            placed = False
            for name, message in problem.fields.items():
                target = {
                    "number": self.number_field,
                    "insist_reason": self.insist_field,
                }.get(name)
                if target is not None:
                    target.set_error(message)
                    target.inner.setFocus()
                    placed = True
                    if name == "insist_reason":
                        self.insist_label.show()
                        target.show()
                else:
                    self.notice.say(message, "error")
            if placed:
                self.notice.say("Please correct the field marked below.", "error")
        elif problem.conflict is not None:
            self.notice.say(problem.text, "warning")
            self.refresh()
        else:
            self.notice.say(problem.text, "error")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.record_button.setEnabled(not busy)
        self.complete_button.setEnabled(
            not busy and self.state is not None and self.state.can_complete
        )

    # --- actions ---------------------------------------------------------------------------
    def record(self) -> None:
        if self.busy or self.state is None or not self.attempt_box.isVisible():
            return
        self.notice.hide()
        self.number_field.clear_error()
        self.insist_field.clear_error()
        self.outcome_field.clear_error()
        outcome = self.outcome.value()
        if outcome is None:
            self.outcome_field.set_error("Choose how the call went.")
            self.outcome.setFocus()
            return
        number, notes, at = self.number.text(), self.notes.text(), self.when.value()
        reason = self.insist.text() if self.insist_field.isVisible() else None
        inquiry_id = self.inquiry_id

        def work(session: Session, ctx: ServiceContext) -> callbacks.AttemptResult:
            return callbacks.record_attempt(
                session,
                ctx,
                inquiry_id,
                None,
                number_dialled=number,
                outcome=outcome,
                at=at,
                notes=notes,
                insist_reason=reason,
            )

        self._set_busy(True)
        ops.write(self, self.app_ctx, work).done(self._recorded).failed(
            self._failed, kept=ops.KEPT
        ).announces(lambda _r: inquiry_id).start()

    def _recorded(self, result: callbacks.AttemptResult) -> None:
        self.extra_call_wanted = False
        self.notes.clear()
        self.insist.clear()
        group = self.outcome.group
        group.setExclusive(False)
        for button in self.outcome.buttons.values():
            button.setChecked(False)
        group.setExclusive(True)
        self.notice.say(result.action.message, "success")
        self.inquiryChanged.emit(self.inquiry_id)
        self.refresh()

    def complete(self) -> None:
        if self.busy or self.state is None or not self.state.can_complete:
            return
        version, notes = self.state.version, self.complete_notes.text()
        inquiry_id = self.inquiry_id

        def work(session: Session, ctx: ServiceContext) -> Any:
            return callbacks.complete_callback(session, ctx, inquiry_id, version, notes=notes)

        self._set_busy(True)
        ops.write(self, self.app_ctx, work).done(self._completed).failed(
            self._failed, kept=ops.KEPT
        ).announces(lambda _r: inquiry_id).start()

    def _completed(self, result: Any) -> None:
        self.notice.say(result.message + " The callback is complete.", "success")
        self.inquiryChanged.emit(self.inquiry_id)
        self.refresh()

    def _allow_extra_call(self) -> None:
        self.extra_call_wanted = True
        self._show()
        self.insist.setFocus()

    def _write_letter(self) -> None:
        self.letter_requested.emit(self.inquiry_id)
