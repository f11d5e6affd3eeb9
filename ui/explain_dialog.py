""" "Why this deadline?": one clock explained (services.explain) in a small window the person
can read, select and copy from; read off the GUI thread."""

from __future__ import annotations

from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.explain import Explanation, explain_one
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QDialog,
    QDialogButtonBox,
    QGuiApplication,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ExplainDialog(QDialog):
    def __init__(self, app_ctx: AppContext, milestone_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("explainDialog")
        self.setWindowTitle("Why this deadline?")
        self.resize(720, 380)
        self.explanation: Explanation | None = None
        box = QVBoxLayout(self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("explainText")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("How the due time was worked out")
        self.text.setPlainText("Working it out…")
        box.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(
            lambda _c=False: QGuiApplication.clipboard().setText(self.text.toPlainText())
        )
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

        def work(s: Session, c: ServiceContext) -> Explanation:
            return explain_one(s, c, milestone_id)

        ops.read(self, app_ctx, work, where="explaining a deadline").done(self._show).failed(
            lambda p: self.text.setPlainText(p.text)
        ).start()

    def _show(self, explanation: Explanation) -> None:
        self.explanation = explanation
        self.setWindowTitle(f"Why this deadline? — {explanation.reference}")
        self.text.setPlainText("\n\n".join(explanation.lines))
