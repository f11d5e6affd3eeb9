"""The intake form's sections and rows: a title with a rule, an optional note, label and field
pairs, and one label column across every section, as on a paper form."""

from __future__ import annotations

from ui.intake.common import FieldLabel
from ui.qt import QFormLayout, QFrame, QLabel, Qt, QVBoxLayout, QWidget
from ui.widgets.basics import section_title
from ui.widgets.tones import tone


class FormSections:
    def __init__(self, body: QVBoxLayout) -> None:
        self.body = body
        self.labels: list[FieldLabel] = []

    def add_section(self, title: str, note: str = "") -> QFormLayout:
        """A titled part of the form (a rule under the title, an optional note) and its rows."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title(title))
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(f"color: {tone('border')};")
        layout.addWidget(rule)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet(f"color: {tone('hint')};")
            layout.addWidget(hint)
        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        layout.addLayout(form)
        self.body.addWidget(box)
        return form

    def add_row(
        self, form: QFormLayout, text: str, widget: QWidget, *, required: bool = False
    ) -> FieldLabel:
        buddy = getattr(widget, "edit", None) or getattr(widget, "inner", None) or widget
        label = FieldLabel(text, buddy, required=required)
        # Line the label up with the first line of a field that carries a message below.
        label.setContentsMargins(0, 4 if buddy is not widget else 0, 0, 0)
        self.labels.append(label)
        form.addRow(label, widget)
        return label

    def align_labels(self) -> None:
        # One label column across every section, as on a paper form.
        width = max((label.sizeHint().width() for label in self.labels), default=0)
        for label in self.labels:
            label.setMinimumWidth(width)
