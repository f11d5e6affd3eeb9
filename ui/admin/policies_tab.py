"""Administration → Response-time standards: each policy's warn and due times and whether it
is in force (a change applies to clocks started afterwards)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.domain import MilestoneKind, Priority, Track, label_of
from liaison_desk.policies import BUSINESS_DAYS, BUSINESS_HOURS, WARN_PERCENT_LIMITS
from liaison_desk.services import admin_rows, policy_admin
from liaison_desk.services.admin_rows import PolicyRow
from ui.admin.base import RecordTab
from ui.admin.email_standards import EmailStandardsBar
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.tables import cell

UNIT_LABELS = {BUSINESS_HOURS: "business hours", BUSINESS_DAYS: "business days"}


# ------------------------------------------------------------------------------ policies


def _amount(amount: float | None, unit: str | None) -> str:
    if amount is None or unit is None:
        return "—"
    if amount == 0 and unit == BUSINESS_DAYS:
        return "the same business day"
    shown = f"{amount:g}"
    word = UNIT_LABELS.get(unit, unit)
    return f"{shown} {word[:-1] if amount == 1 else word}"


class PoliciesTab(RecordTab):
    HEADERS = ("Standard", "Track", "Priority", "Clock", "Warn after", "Due after", "In force")
    NAME = "adminPolicies"
    FORM_TITLE = "The selected standard"

    def build_form(self) -> None:
        self.intro.setText(
            "The response-time standards. An edit applies to clocks started from now on; "
            "clocks already running keep the numbers they started with. E-mail inquiries are "
            "timed by one of two sets of e-mail standards: choose which below."
        )
        self.email_bar = EmailStandardsBar(self.app_ctx, self.message, self.load, self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.email_bar)
        self.label_edit = QLineEdit(self.form_box)
        self.description_edit = QPlainTextEdit(self.form_box)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(54)
        self.warn_amount = QDoubleSpinBox(self.form_box)
        self.warn_amount.setRange(0, 999)
        self.warn_amount.setDecimals(1)
        self.warn_amount.setSpecialValueText("at a share of the time")
        self.warn_percent = QSpinBox(self.form_box)
        self.warn_percent.setRange(*(int(v) for v in WARN_PERCENT_LIMITS))
        self.warn_percent.setSuffix(" % of the time to the due time")
        self.warn_percent.setToolTip(
            "Every clock warns before it is due: where no warning time is set above, it "
            "warns when this share of its business time has gone."
        )
        self.warn_unit = QComboBox(self.form_box)
        self.due_amount = QDoubleSpinBox(self.form_box)
        self.due_amount.setRange(0, 999)
        self.due_amount.setDecimals(1)
        self.due_unit = QComboBox(self.form_box)
        for combo in (self.warn_unit, self.due_unit):
            for unit, text in UNIT_LABELS.items():
                combo.addItem(text, unit)
        self.follow_up_box = QCheckBox(
            "When missed, a follow-up with the MCO is due", self.form_box
        )
        self.enabled_box = QCheckBox("In force (new inquiries get this clock)", self.form_box)
        warn = QHBoxLayout()
        warn.addWidget(self.warn_amount)
        warn.addWidget(self.warn_unit)
        warn.addStretch(1)
        share = QHBoxLayout()
        share.addWidget(self.warn_percent)
        share.addStretch(1)
        due = QHBoxLayout()
        due.addWidget(self.due_amount)
        due.addWidget(self.due_unit)
        due.addStretch(1)
        self.form.addRow("&Name", self.label_edit)
        self.form.addRow("What it m&eans", self.description_edit)
        for text, buddy, layout in (
            ("&Warn after", self.warn_amount, warn),
            ("Otherwise warn a&t", self.warn_percent, share),
            ("&Due after", self.due_amount, due),
        ):
            label = QLabel(text, self.form_box)
            label.setBuddy(buddy)
            self.form.addRow(label, layout)
        self.form.addRow("", self.follow_up_box)
        self.form.addRow("", self.enabled_box)
        self.add_button.hide()  # standards come with the app; they are edited, not added

    def form_widgets(self) -> list[QWidget]:
        return [
            self.label_edit,
            self.description_edit,
            self.warn_amount,
            self.warn_unit,
            self.warn_percent,
            self.due_amount,
            self.due_unit,
            self.follow_up_box,
            self.enabled_box,
        ]

    def fetch(self, session: Any) -> list[PolicyRow]:
        return admin_rows.policy_rows(session)

    def fetch_more(self, session: Any) -> Any:
        return EmailStandardsBar.fetch(session)

    def show_more(self, more: Any) -> None:
        self.email_bar.set_state(more)

    def cells(self, row: PolicyRow) -> list[QTableWidgetItem]:
        track = "any" if row.track == "*" else label_of(Track, row.track)
        return [
            cell(row.label),
            cell(track),
            cell(label_of(Priority, row.priority)),
            cell(label_of(MilestoneKind, row.milestone)),
            cell(
                _amount(row.warn_amount, row.warn_unit)
                if row.warn_amount
                else f"at {row.default_warn_percent:.0f} %"
            ),
            cell(_amount(row.due_amount, row.due_unit)),
            cell(row.enabled),
        ]

    def show_row(self, row: PolicyRow) -> None:
        self.label_edit.setText(row.label)
        self.description_edit.setPlainText(row.description)
        self.warn_amount.setValue(row.warn_amount or 0)
        self.warn_unit.setCurrentIndex(
            max(self.warn_unit.findData(row.warn_unit or row.due_unit), 0)
        )
        self.warn_percent.setValue(round(row.default_warn_percent))
        self.due_amount.setValue(row.due_amount)
        self.due_unit.setCurrentIndex(max(self.due_unit.findData(row.due_unit), 0))
        self.follow_up_box.setChecked(row.follow_up_on_miss)
        self.enabled_box.setChecked(row.enabled)

    def save_call(self, row: PolicyRow) -> Callable[[Any, Any], Any]:
        warn_value = self.warn_amount.value()
        warn = None if warn_value == 0 else (warn_value, self.warn_unit.currentData())
        due = (self.due_amount.value(), self.due_unit.currentData())
        label, description = self.label_edit.text(), self.description_edit.toPlainText()
        follow, enabled = self.follow_up_box.isChecked(), self.enabled_box.isChecked()
        percent = float(self.warn_percent.value())
        return lambda s, c: policy_admin.update_policy(
            s,
            c,
            row.id,
            row.version,
            label=label,
            description=description,
            warn=warn,
            due=due,
            follow_up_on_miss=follow,
            enabled=enabled,
            default_warn_percent=percent,
        )

    def add(self) -> None:  # pragma: no cover - hidden
        return
