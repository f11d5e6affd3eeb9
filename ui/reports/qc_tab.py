"""Reports → QC audits (seed 000): draw a random sample of a period's resolved inquiries,
score each one (three Yes/No questions and notes), read the turnaround the app worked out,
export the audit tool's worksheet, and follow the quarterly averages against the 95 % goal.

Keyboard: the audits list, the items list and the scoring form are reached with Tab; in the
form Alt+Y / Alt+N style mnemonics are not used (three questions share them), so each
question is a radio pair reached with Tab and switched with the arrow keys; Ctrl+Return
saves and moves to the next item not yet scored.
"""

from __future__ import annotations

from datetime import date

from liaison_desk.services import qc
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.qc_board import AuditView, ItemView, QcBoard, qc_board
from ui import ops
from ui.context import AppContext
from ui.files import choose_save_file
from ui.icons import MET_ON_TIME, OVERDUE, state_icon
from ui.qt import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.reports.qc_draw import DrawDialog
from ui.reports.widgets import percent_text
from ui.widgets.tables import cell, fill, table

ITEM_HEADERS = ("#", "Reference", "State ID / NPI", "Type", "Received", "Acknowledged",
                "Resolved", "Correct", "Professional", "Accurate", "Score")  # fmt: skip
QUARTER_HEADERS = ("Quarter", "Audits", "Items", "Scored", "Answered correctly",
                   "Professional", "Accurate", "Acknowledged on time", "Resolved on time",
                   "Average score")  # fmt: skip


def _turnaround(day: date | None, days: int | None, met: bool, target: int) -> str:
    if day is None:
        return "none recorded (not met)"
    word = "met" if met else "not met"
    return f"{day:%m/%d/%Y}, {days} business day{'' if days == 1 else 's'} ({word}; ≤ {target})"


class YesNo(QWidget):
    """A Yes/No question that can also be unanswered (a new item)."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.yes = QRadioButton("Yes", self)
        self.no = QRadioButton("No", self)
        for b in (self.yes, self.no):
            b.setAccessibleName(f"{question}: {b.text()}")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        row.addStretch(1)
        self.setFocusProxy(self.yes)

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: bool | None) -> None:
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)


class QcTab(QWidget):
    loaded = Signal(object)  # QcBoard
    saved = Signal(int)  # item id

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("qcTab")
        self.data: QcBoard | None = None
        self.current: ItemView | None = None
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel("&Audit:", self)
        self.audit_combo = QComboBox(self)
        self.audit_combo.setObjectName("qcAudits")
        self.audit_combo.setMinimumContentsLength(48)
        self.audit_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        label.setBuddy(self.audit_combo)
        self.audit_combo.currentIndexChanged.connect(self._audit_chosen)
        self.draw_button = QPushButton("Dra&w a new audit…", self)
        self.draw_button.setObjectName("qcDraw")
        self.draw_button.clicked.connect(self.draw)
        self.export_button = QPushButton("E&xport the audit…", self)
        self.export_button.setObjectName("qcExport")
        self.export_button.clicked.connect(self.export)
        for w in (label, self.audit_combo, self.draw_button, self.export_button):
            top.addWidget(w)
        top.addStretch(1)
        outer.addLayout(top)
        self.audit_info = QLabel("", self)
        self.audit_info.setWordWrap(True)
        self.audit_info.setObjectName("qcAuditInfo")
        outer.addWidget(self.audit_info)
        ihead = QLabel("<b>Sampled inquiries</b>", self)
        outer.addWidget(ihead)
        self.item_table = table(self, ITEM_HEADERS, "qcItems")
        header = self.item_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        ihead.setBuddy(self.item_table)
        self.item_table.itemSelectionChanged.connect(self._item_chosen)
        outer.addWidget(self.item_table, 1)

        self.form_box = QGroupBox("Score the selected inquiry", self)
        self.form_box.setObjectName("qcScoreBox")
        form = QFormLayout(self.form_box)
        self.item_info = QPlainTextEdit(self.form_box)
        self.item_info.setObjectName("qcItemInfo")
        self.item_info.setReadOnly(True)
        self.item_info.setTabChangesFocus(True)
        self.item_info.setAccessibleName("The selected inquiry")
        self.item_info.setFixedHeight(110)
        form.addRow(self.item_info)
        self.answered = YesNo("Was the question answered correctly?", self.form_box)
        self.professional = YesNo("Was the reply professional?", self.form_box)
        self.accurate = YesNo("Was the information accurate?", self.form_box)
        form.addRow("Question answered correctly?", self.answered)
        form.addRow("Reply professional?", self.professional)
        form.addRow("Information accurate?", self.accurate)
        self.notes = QPlainTextEdit(self.form_box)
        self.notes.setObjectName("qcNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(52)
        form.addRow("&Notes", self.notes)
        save_row = QHBoxLayout()
        self.save_button = QPushButton("&Save score (Ctrl+Return)", self.form_box)
        self.save_button.setObjectName("qcSave")
        self.save_button.clicked.connect(self.save)
        self.message = QLabel("", self.form_box)
        self.message.setWordWrap(True)
        self.message.setObjectName("qcMessage")
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.message, 1)
        form.addRow(save_row)
        outer.addWidget(self.form_box, 0)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(seq), self.form_box)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        qhead = QLabel("<b>Quarterly averages</b> of every scored item (goal: 95 %)", self)
        outer.addWidget(qhead)
        self.quarter_table = table(self, QUARTER_HEADERS, "qcQuarters")
        self.quarter_table.setMaximumHeight(120)
        self.quarter_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        qhead.setBuddy(self.quarter_table)
        outer.addWidget(self.quarter_table)
        self._set_form_enabled(False)

    # -- loading ------------------------------------------------------------------------

    def load(self, select: int | None = None) -> None:
        wanted = select if select is not None else self._selected_audit()

        def work(s: Session, _c: ServiceContext) -> QcBoard:
            return qc_board(s, wanted)

        ops.read(self, self.app_ctx, work, where="loading QC audits").done(self._show).failed(
            lambda p: self.message.setText(p.text)
        ).start()

    def _selected_audit(self) -> int | None:
        value = self.audit_combo.currentData()
        return int(value) if value is not None else None

    def _show(self, data: QcBoard) -> None:
        self.data = data
        self.audit_combo.blockSignals(True)
        self.audit_combo.clear()
        for a in data.audits:
            s = a.summary
            score = "" if s.average_score is None else f", average {s.average_score:.1f} %"
            done = "all scored" if s.complete else f"{s.scored} scored"
            self.audit_combo.addItem(
                f"{a.period_start:%m/%d/%Y} – {a.period_end:%m/%d/%Y} · {s.items} of "
                f"{a.population} · {done}{score}",
                a.id,
            )
            if a.id == data.selected:
                self.audit_combo.setCurrentIndex(self.audit_combo.count() - 1)
        self.audit_combo.blockSignals(False)
        fill(
            self.quarter_table,
            [
                [
                    cell((q.year, q.quarter), q.label),
                    cell(q.audits),
                    cell(q.summary.items),
                    cell(q.summary.scored),
                    *(
                        cell(v, percent_text(v, qc.GOAL_PERCENT))
                        for v in (
                            q.summary.answered_correctly,
                            q.summary.professional,
                            q.summary.accurate,
                            q.summary.ack_met,
                            q.summary.resolution_met,
                        )
                    ),
                    cell(
                        q.summary.average_score,
                        percent_text(q.summary.average_score, qc.GOAL_PERCENT),
                    ),
                ]
                for q in data.quarters
            ],
        )
        self._show_items(data)
        self.export_button.setEnabled(data.selected is not None)
        self.loaded.emit(data)

    def _audit(self) -> AuditView | None:
        if self.data is None:
            return None
        return next((a for a in self.data.audits if a.id == self.data.selected), None)

    def _show_items(self, data: QcBoard) -> None:
        audit = self._audit()
        if audit is None:
            self.audit_info.setText(
                "No audits yet. “Draw a new audit…” samples last month's resolved inquiries."
            )
        else:
            self.audit_info.setText(
                f"{audit.summary.items} of {audit.population} resolved inquiries received "
                f"{audit.period_start:%m/%d/%Y} – {audit.period_end:%m/%d/%Y}; acknowledgement "
                f"within {audit.ack_target} and resolution within {audit.resolution_target} "
                f"business days; sample number {audit.seed}."
            )
        keep = self.current.id if self.current is not None else None
        self.item_table.blockSignals(True)
        rows = []
        for i in data.items:
            first = cell(i.position)
            first.setData(Qt.ItemDataRole.UserRole, i.id)
            ack = cell(i.ack_days, f"{i.ack_days} d" if i.ack_days is not None else "none")
            ack.setIcon(state_icon(MET_ON_TIME if i.ack_met else OVERDUE))
            ack.setToolTip("met" if i.ack_met else "not met")
            res = cell(
                i.resolution_days,
                f"{i.resolution_days} d" if i.resolution_days is not None else "none",
            )
            res.setIcon(state_icon(MET_ON_TIME if i.resolution_met else OVERDUE))
            res.setToolTip("met" if i.resolution_met else "not met")
            rows.append(
                [
                    first,
                    cell(i.reference),
                    cell(i.subject_id),
                    cell(i.track),
                    cell(i.request_date, f"{i.request_date:%m/%d/%Y}"),
                    ack,
                    res,
                    cell(i.answered, "–" if i.answered is None else None),
                    cell(i.professional, "–" if i.professional is None else None),
                    cell(i.accurate, "–" if i.accurate is None else None),
                    cell(i.score, "not scored" if i.score is None else f"{i.score:.0f} %"),
                ]
            )
        fill(self.item_table, rows)
        self.item_table.blockSignals(False)
        target = keep if any(i.id == keep for i in data.items) else None
        self._select_item(target if target is not None else self._first_unscored())

    def _first_unscored(self) -> int | None:
        """The first sampled inquiry not yet scored (the first of all when all are)."""
        items = self.data.items if self.data is not None else []
        return next((i.id for i in items if i.score is None), items[0].id if items else None)

    def _select_item(self, item_id: int | None) -> None:
        for r in range(self.item_table.rowCount()):
            cell = self.item_table.item(r, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == item_id:
                self.item_table.selectRow(r)
                self.item_table.scrollToItem(cell)
                self._item_chosen()
                return
        self.current = None
        self._set_form_enabled(False)
        self.item_info.setPlainText("Select an inquiry of the sample to score it.")

    # -- choosing and scoring -------------------------------------------------------------

    def _audit_chosen(self, _index: int = -1) -> None:
        chosen = self._selected_audit()
        if self.data is not None and chosen is not None and chosen != self.data.selected:
            self.current = None
            self.load(select=chosen)

    def _item_chosen(self) -> None:
        row = self.item_table.currentRow()
        item = self.item_table.item(row, 0) if row >= 0 else None
        item_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        found = next((i for i in (self.data.items if self.data else []) if i.id == item_id), None)
        self.current = found
        audit = self._audit()
        if found is None or audit is None:
            self._set_form_enabled(False)
            return
        ack = _turnaround(found.ack_date, found.ack_days, found.ack_met, audit.ack_target)
        res = _turnaround(found.resolution_date, found.resolution_days, found.resolution_met,
                             audit.resolution_target)  # fmt: skip
        self.item_info.setPlainText(
            f"{found.reference} — {found.subject} ({found.track}), received "
            f"{found.request_date:%m/%d/%Y}\nAcknowledged: {ack}\nResolved: {res}\n\n"
            f"Issue: {found.description}\nResolution: {found.resolution or '(none written)'}"
        )
        self.answered.set_value(found.answered)
        self.professional.set_value(found.professional)
        self.accurate.set_value(found.accurate)
        self.notes.setPlainText(found.notes)
        self.message.setText("")
        self._set_form_enabled(True)

    def _set_form_enabled(self, on: bool) -> None:
        for w in (self.answered, self.professional, self.accurate, self.notes, self.save_button):
            w.setEnabled(on)

    def save(self) -> None:
        item = self.current
        if item is None:
            return
        answers = (self.answered.value(), self.professional.value(), self.accurate.value())
        if None in answers:
            self.message.setText("Answer all three questions (Yes or No) before saving.")
            return
        a, p, acc = (bool(x) for x in answers)
        notes = self.notes.toPlainText()

        def work(s: Session, c: ServiceContext) -> int:
            qc.score_item(
                s,
                c,
                item.id,
                item.version,
                answered_correctly=a,
                professional=p,
                accurate=acc,
                notes=notes,
            )
            return item.id

        self.save_button.setEnabled(False)
        self.message.setText("Saving…")
        ops.write(self, self.app_ctx, work).done(self._saved).failed(self._save_failed).start()

    def _saved(self, item_id: int) -> None:
        self.message.setText("Saved.")
        self.current = None  # the reload then selects the next inquiry not yet scored
        self.load()
        self.saved.emit(item_id)

    def _save_failed(self, problem: ops.Problem) -> None:
        self.save_button.setEnabled(True)
        if problem.conflict is not None:
            self.message.setText(
                "Someone else scored this inquiry while you were reading it. Their score is "
                "shown now; yours was not saved — answer again and save if it should change."
            )
            self.load()
        else:
            self.message.setText(problem.text)

    # -- drawing and exporting --------------------------------------------------------------

    def draw(self) -> None:
        today = self.app_ctx.clock.now().astimezone(self.app_ctx.calendar.timezone).date()
        dialog = DrawDialog(today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.draw_with(*dialog.dates(), dialog.ack.value(), dialog.resolution.value(),
                       dialog.seed_value())  # fmt: skip

    def draw_with(
        self, start: date, end: date, ack: int, resolution: int, seed: int | None = None
    ) -> None:

        def work(s: Session, c: ServiceContext) -> int:
            audit = qc.draw_audit(
                s,
                c,
                start,
                end,
                seed=seed,
                ack_target_days=ack,
                resolution_target_days=resolution,
            )
            return audit.id

        self.audit_info.setText("Drawing the sample…")
        ops.write(self, self.app_ctx, work, verb="drawn").done(
            lambda audit_id: self.load(select=audit_id)
        ).failed(lambda p: self.audit_info.setText(p.text)).start()

    def export(self, path: str | None = None) -> None:
        audit = self._audit()
        if audit is None:
            return
        if path is None:
            suggested = f"QC audit {audit.period_start:%Y-%m}.xlsx"
            path = choose_save_file(self, "Export the audit", suggested, "Excel workbooks (*.xlsx)")
            if not path:
                return
        target = path
        ops.read(
            self,
            self.app_ctx,
            lambda s, _c: str(qc.export_audit(s, audit.id, target)),
            verb="saved",
        ).done(lambda out: self.audit_info.setText(f"Saved the audit to {out}.")).failed(
            lambda p: self.audit_info.setText(p.text)
        ).start()
