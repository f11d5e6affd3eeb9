"""Administration → Users: team members, their roles, turning a login off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.domain import Role, label_of
from liaison_desk.services import admin_rows
from liaison_desk.services import reference_admin as ra
from liaison_desk.services.admin_rows import UserRow
from liaison_desk.services.users import add_team_member
from ui.admin.base import RecordTab
from ui.admin.fields_dialog import FieldsDialog, _role_combo
from ui.qt import (
    QCheckBox,
    QDialog,
    QLineEdit,
    QTableWidgetItem,
    QWidget,
)
from ui.widgets.tables import cell

# ------------------------------------------------------------------------------ users


class UsersTab(RecordTab):
    HEADERS = ("Name", "Login", "Role", "Title", "E-mail", "Active")
    NAME = "adminUsers"
    FORM_TITLE = "The selected person"

    def build_form(self) -> None:
        self.intro.setText(
            "Who works in Liaison Desk and in which role. Someone who leaves is made inactive "
            "(their history stays). On PostgreSQL, Add also creates their database login and "
            "a role change moves it, so the server allows exactly what the role may do."
        )
        self.name_edit = QLineEdit(self.form_box)
        self.role_combo = _role_combo(self.form_box)
        self.title_edit = QLineEdit(self.form_box)
        self.email_edit = QLineEdit(self.form_box)
        self.active_box = QCheckBox("Active (can sign in and be assigned work)", self.form_box)
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("&Role", self.role_combo)
        self.form.addRow("&Title (on letters)", self.title_edit)
        self.form.addRow("&E-mail", self.email_edit)
        self.form.addRow("", self.active_box)
        self.add_button.setText("&Add a person…")

    def form_widgets(self) -> list[QWidget]:
        return [self.name_edit, self.role_combo, self.title_edit, self.email_edit, self.active_box]

    def fetch(self, session: Any) -> list[UserRow]:
        return admin_rows.user_rows(session)

    def cells(self, row: UserRow) -> list[QTableWidgetItem]:
        return [
            cell(row.display_name),
            cell(row.login),
            cell(label_of(Role, row.role)),
            cell(row.title),
            cell(row.email),
            cell(row.active),
        ]

    def show_row(self, row: UserRow) -> None:
        self.name_edit.setText(row.display_name)
        self.role_combo.setCurrentIndex(self.role_combo.findData(row.role))
        self.title_edit.setText(row.title)
        self.email_edit.setText(row.email)
        self.active_box.setChecked(row.active)

    def save_call(self, row: UserRow) -> Callable[[Any, Any], Any]:
        name, role = self.name_edit.text(), Role(self.role_combo.currentData())
        title, email, active = (
            self.title_edit.text(),
            self.email_edit.text(),
            self.active_box.isChecked(),
        )
        return lambda s, c: ra.update_user(
            s,
            c,
            row.id,
            row.version,
            display_name=name,
            role=role,
            title=title,
            email=email,
            active=active,
        )

    def add(self, values: dict[str, str] | None = None) -> None:
        if values is None:
            dialog = FieldsDialog(
                "Add a person",
                [("login", "&Login (their sign-in name)", ""), ("name", "&Name", "")],
                self,
            )
            dialog.add_role_choice()
            dialog.finish()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            assert dialog.role is not None
            values = {
                "login": dialog.value("login"),
                "name": dialog.value("name"),
                "role": dialog.role.currentData(),
            }
        login, name, role = values["login"], values["name"] or None, Role(values["role"])
        self.run_write(
            lambda s, c: add_team_member(s, c, login, role, name)[0],
            None,
            f"Added {login}.",
        )
