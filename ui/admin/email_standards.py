"""Above Administration → Response-time standards: which set of e-mail standards is in force
(seed 000's health plan set or seed 004's IME Member Services set), and the acknowledgement's
words that are sent to the sender of an e-mail (an admin-editable template)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.services import email_replies, policy_admin
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

# Seed 000 is the health plan's contract; seed 004 the IME Member Services procedure.
SET_LABELS = {
    "health_plan": "The health plan contract's",
    "ime_member_services": "The IME Member Services procedure's",
}


class EmailStandardsBar(QWidget):
    """One line: the set in force, a button to put the chosen one in force, and the
    acknowledgement's text. ``changed`` is called after a save (the tab reloads)."""

    def __init__(
        self, app_ctx: AppContext, message: QLabel, changed: Callable[[], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.message = message
        self.changed = changed
        self.template = email_replies.DEFAULT_TEMPLATE
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.sets = QComboBox(self)
        self.sets.setObjectName("emailStandardSet")
        for name, (_prefix, words) in policy_admin.EMAIL_SETS.items():
            self.sets.addItem(f"{SET_LABELS.get(name, name)}: {words}", name)
        label = QLabel("E-mail standards in f&orce:", self)
        label.setBuddy(self.sets)
        self.in_force = QLabel("", self)
        self.in_force.setObjectName("emailSetInForce")
        self.apply_button = QPushButton("&Put this set in force", self)
        self.apply_button.setObjectName("emailSetApply")
        self.apply_button.clicked.connect(lambda _c=False: self.apply())
        self.template_button = QPushButton("Acknowledgement te&xt…", self)
        self.template_button.setObjectName("ackTemplateButton")
        self.template_button.setToolTip("The words sent to the sender of an e-mail inquiry")
        self.template_button.clicked.connect(lambda _c=False: self.edit_template())
        line.addWidget(label)
        line.addWidget(self.sets, 1)
        line.addWidget(self.in_force)
        line.addWidget(self.apply_button)
        line.addWidget(self.template_button)
        self._in_force: str | None = None
        self.sets.currentIndexChanged.connect(lambda _i: self._enable())

    @staticmethod
    def fetch(session: Session) -> tuple[str | None, str]:
        return policy_admin.email_set_in_force(session), email_replies.template(session)

    def set_state(self, got: Any) -> None:
        """What :meth:`fetch` read: the set in force (None: mixed by hand), the template."""
        if got is None:
            return
        self._in_force, self.template = got
        if self._in_force is not None:
            self.sets.setCurrentIndex(max(self.sets.findData(self._in_force), 0))
        self.in_force.setText(
            "(in force now)" if self._in_force is not None else "(now: a mix, set by hand below)"
        )
        self._enable()

    def _enable(self) -> None:
        chosen = self.sets.currentData()
        self.apply_button.setEnabled(chosen != self._in_force)
        if self._in_force is not None:
            self.in_force.setText("(in force now)" if chosen == self._in_force else "")

    def apply(self) -> None:
        name = self.sets.currentData()

        def work(s: Session, c: ServiceContext) -> int:
            return len(policy_admin.choose_email_set(s, c, name))

        self.message.setText("Saving…")
        ops.write(self, self.app_ctx, work).done(self._applied).failed(
            lambda p: self.message.setText(p.text)
        ).start()

    def _applied(self, count: int) -> None:
        self.message.setText(
            f"{self.sets.currentText().split(':')[0]} e-mail standards are in force for new "
            f"e-mail inquiries ({count} standards changed); running clocks keep theirs."
        )
        ops.changes().referenceDataChanged.emit()
        self.changed()

    def edit_template(self) -> None:
        dialog = TemplateDialog(self.app_ctx, self.template, self)
        dialog.accepted.connect(lambda: self._template_saved(dialog.text.toPlainText()))
        dialog.open()

    def _template_saved(self, text: str) -> None:
        self.template = text
        self.message.setText("The acknowledgement's text is saved.")


class TemplateDialog(QDialog):
    """The acknowledgement's words, with the fields it may quote; checked when saved."""

    def __init__(self, app_ctx: AppContext, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("ackTemplateDialog")
        self.setWindowTitle("Acknowledgement of an e-mail")
        self.setMinimumWidth(620)
        box = QVBoxLayout(self)
        intro = QLabel(
            "What the sender of an e-mail inquiry receives first (seed 000: the reference "
            "number and the time frame). These fields are filled in for each inquiry: "
            + "; ".join(f"{{{k}}} — {v}" for k, v in email_replies.PLACEHOLDERS.items())
            + ".",
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("ackTemplateText")
        self.text.setTabChangesFocus(True)
        self.text.setPlainText(text)
        self.text.setMinimumHeight(150)
        label = QLabel("&Text", self)
        label.setBuddy(self.text)
        box.addWidget(label)
        box.addWidget(self.text, 1)
        self.problem = QLabel("", self)
        self.problem.setObjectName("ackTemplateProblem")
        self.problem.setWordWrap(True)
        box.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.AcceptRole)
        reset = buttons.addButton("&Use the shipped text", QDialogButtonBox.ButtonRole.ResetRole)
        reset.clicked.connect(
            lambda _c=False: self.text.setPlainText(email_replies.DEFAULT_TEMPLATE)
        )
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def save(self) -> None:
        text = self.text.toPlainText()
        self.problem.setText("Saving…")
        ops.write(self, self.app_ctx, lambda s, c: email_replies.set_template(s, c, text)).done(
            lambda _t: self.accept()
        ).failed(self._failed).start()

    def _failed(self, problem: ops.Problem) -> None:
        self.problem.setText(" ".join(dict(problem.fields).values()) or problem.text)
