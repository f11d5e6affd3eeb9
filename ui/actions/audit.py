"""Inquiry → Audit trail… (issue 15): everything recorded of one inquiry — who changed what,
old and new values, when — for managers and admins."""

from __future__ import annotations

from liaison_desk.services import audit_trail
from liaison_desk.services.audit_trail import AuditLine
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.qt import QDialog, QDialogButtonBox, QVBoxLayout, QWidget
from ui.widgets.audit_table import HEADERS, fill_audit
from ui.widgets.tables import table


class InquiryAuditDialog(QDialog):
    """Inquiry → Audit trail…: everything recorded of one inquiry, oldest first."""

    def __init__(self, app_ctx: AppContext, inquiry_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inquiryAuditDialog")
        self.setWindowTitle("Audit trail")
        self.resize(980, 480)
        self.lines: list[AuditLine] | None = None
        box = QVBoxLayout(self)
        self.table = table(self, HEADERS, "inquiryAuditTable")
        box.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

        def work(s: Session, c: ServiceContext) -> tuple[str, list[AuditLine]]:
            from liaison_desk.services.actions import brief

            ref = brief(s, c, inquiry_id).reference
            return ref, audit_trail.inquiry_audit(s, c, ref)

        ops.read(self, app_ctx, work, where="reading the audit trail").done(
            lambda got: self._show(app_ctx, *got)
        ).start()

    def _show(self, app_ctx: AppContext, reference: str, lines: list[AuditLine]) -> None:
        self.lines = lines
        self.setWindowTitle(f"Audit trail — {reference}")
        fill_audit(self.table, lines, app_ctx.calendar)
