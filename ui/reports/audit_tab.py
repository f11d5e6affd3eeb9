"""Reports → Audit trail (issue 15): who changed what over a period, by person and action,
old and new values, exportable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liaison_desk.services import audit_trail
from liaison_desk.services.audit_trail import AuditLine
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.files import choose_save_file
from ui.qt import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.reports.compliance_tab import periods
from ui.widgets.audit_table import HEADERS, fill_audit
from ui.widgets.tables import table


class AuditTab(QWidget):
    loaded = Signal(object)  # list[AuditLine]

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("auditTab")
        self.lines: list[AuditLine] | None = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.period = QComboBox(self)
        for label, start, end in periods(today):
            self.period.addItem(label, (start, end))
        self.person = QComboBox(self)
        self.person.setObjectName("auditPerson")
        self.person.addItem("Everyone", None)
        self.action = QComboBox(self)
        self.action.setObjectName("auditAction")
        self.action.addItem("Every action", None)
        for text, widget in (("&Period:", self.period), ("&Who:", self.person),
                             ("Ac&tion:", self.action)):  # fmt: skip
            caption = QLabel(text, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        self.show_button = QPushButton("S&how", self)
        self.show_button.clicked.connect(lambda _c=False: self.load())
        self.export_button = QPushButton("E&xport…", self)
        self.export_button.clicked.connect(lambda _c=False: self.export())
        bar.addWidget(self.show_button)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        box.addLayout(bar)
        self.summary = QLabel("", self)
        box.addWidget(self.summary)
        self.table = table(self, HEADERS, "auditTable")
        box.addWidget(self.table, 1)
        self._choices_loaded = False

    def load(self) -> None:
        start, end = self.period.currentData()
        person, action = self.person.currentData(), self.action.currentData()
        want_choices = not self._choices_loaded
        self.summary.setText("Reading the trail…")

        def work(s: Session, c: ServiceContext) -> tuple[list[AuditLine], Any]:
            lines = audit_trail.period_audit(s, c, start, end, person=person, action=action)
            return lines, audit_trail.audit_people_and_actions(s) if want_choices else None

        ops.read(self, self.app_ctx, work, where="reading the audit trail").done(self._show).failed(
            lambda p: self.summary.setText(p.text)
        ).start()

    def _show(self, got: tuple[list[AuditLine], Any]) -> None:
        lines, choices = got
        if choices is not None:
            people, actions = choices
            for login, name in people:
                self.person.addItem(name, login)
            for action in actions:
                self.action.addItem(audit_trail.action_label(action), action)
            self._choices_loaded = True
        self.lines = lines
        fill_audit(self.table, lines, self.app_ctx.calendar)
        more = f" (the newest {audit_trail.LIMIT:,})" if len(lines) >= audit_trail.LIMIT else ""
        self.summary.setText(f"{len(lines):,} recorded changes{more}.")
        self.loaded.emit(lines)

    def export(self, path: str | None = None) -> None:
        lines = self.lines or []
        if path is None:
            path = choose_save_file(self, "Export the audit trail",
                                    str(Path.home() / "Audit trail.xlsx"),
                                    "Excel workbooks (*.xlsx)")  # fmt: skip
            if not path:
                return
        target, ctx = path, self.app_ctx.service_context()

        def job() -> int:
            return audit_trail.export_audit(ctx, lines, target)

        ops.background(self, job, verb="exported", where="exporting the audit trail").done(
            lambda n: self.summary.setText(f"{n:,} rows exported to {target}.")
        ).failed(lambda p: self.summary.setText(p.text)).start()
