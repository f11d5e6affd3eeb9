"""A small form dialog for adding or editing a record (a user, an MCO, a department, a
source): labelled fields, a role choice where one is needed, OK and Cancel."""

from __future__ import annotations

from liaison_desk.domain import Role
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)


class FieldsDialog(QDialog):
    """A small form in a dialog: labelled line edits (and a role choice), OK and Cancel."""

    def __init__(
        self, title: str, fields: list[tuple[str, str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label, value in fields:
            edit = QLineEdit(value, self)
            edit.setObjectName(f"field_{key}")
            self.edits[key] = edit
            form.addRow(label, edit)
        self.role: QComboBox | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = form

    def add_role_choice(self, current: Role = Role.LIAISON) -> QComboBox:
        self.role = _role_combo(self)
        self.role.setCurrentIndex(self.role.findData(str(current)))
        self.form.addRow("&Role", self.role)
        return self.role

    def finish(self) -> None:
        self.form.addRow(self.buttons)

    def value(self, key: str) -> str:
        return self.edits[key].text()


def _role_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for role in Role:
        combo.addItem(role.label, str(role))
    return combo
