"""Administration → MCOs: the managed care organizations and their departments (the phone
and e-mail a referral goes to)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.services import admin_rows
from liaison_desk.services import reference_admin as ra
from liaison_desk.services.admin_rows import DepartmentRow, McoRow
from liaison_desk.validation import format_phone
from ui.admin.base import RecordTab
from ui.admin.fields_dialog import FieldsDialog
from ui.qt import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)
from ui.widgets.tables import cell, fill, table

# ------------------------------------------------------------------------------ MCOs


class McosTab(RecordTab):
    HEADERS = ("MCO", "Short name", "Other names (import)", "Phone", "Active")
    NAME = "adminMcos"
    FORM_TITLE = "The selected MCO"

    def build_form(self) -> None:
        self.intro.setText(
            "The managed care organizations. “Other names” are the abbreviations and former "
            "names the legacy log uses (Amerigroup is now Wellpoint Iowa); a renamed MCO keeps "
            "its old name there. An MCO that leaves is made inactive."
        )
        self.name_edit = QLineEdit(self.form_box)
        self.short_edit = QLineEdit(self.form_box)
        self.synonyms_edit = QLineEdit(self.form_box)
        self.synonyms_edit.setPlaceholderText("comma-separated, e.g. AGP, Amerigroup Iowa")
        self.phone_edit = QLineEdit(self.form_box)
        self.active_box = QCheckBox("Active (offered in the forms)", self.form_box)
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("S&hort name", self.short_edit)
        self.form.addRow("&Other names", self.synonyms_edit)
        self.form.addRow("&Phone", self.phone_edit)
        self.form.addRow("", self.active_box)
        self.departments = table(
            self.form_box,
            ("Department", "Contact", "Phone", "E-mail", "Active"),
            "adminDepartments",
        )
        self.departments.setMaximumHeight(150)
        self.form.addRow("Departments", self.departments)
        row = QHBoxLayout()
        self.add_department_button = QPushButton("Add a &department…", self.form_box)
        self.add_department_button.clicked.connect(lambda: self.add_department())
        self.edit_department_button = QPushButton("&Edit the department…", self.form_box)
        self.edit_department_button.clicked.connect(lambda: self.edit_department())
        row.addWidget(self.add_department_button)
        row.addWidget(self.edit_department_button)
        row.addStretch(1)
        self.form.addRow("", row)
        self.add_button.setText("&Add an MCO…")

    def form_widgets(self) -> list[QWidget]:
        return [
            self.name_edit,
            self.short_edit,
            self.synonyms_edit,
            self.phone_edit,
            self.active_box,
            self.add_department_button,
            self.edit_department_button,
        ]

    def fetch(self, session: Any) -> list[McoRow]:
        return admin_rows.mco_rows(session)

    def cells(self, row: McoRow) -> list[QTableWidgetItem]:
        return [
            cell(row.name),
            cell(row.short_name),
            cell(", ".join(row.synonyms)),
            cell(format_phone(row.phone) or row.phone),
            cell(row.active),
        ]

    def show_row(self, row: McoRow) -> None:
        self.name_edit.setText(row.name)
        self.short_edit.setText(row.short_name)
        self.synonyms_edit.setText(", ".join(row.synonyms))
        self.phone_edit.setText(format_phone(row.phone) or row.phone)
        self.active_box.setChecked(row.active)
        fill(
            self.departments,
            [
                [
                    cell(d.name),
                    cell(d.contact_name),
                    cell(format_phone(d.phone) or d.phone),
                    cell(d.email),
                    cell(d.active),
                ]
                for d in row.departments
            ],
        )

    def save_call(self, row: McoRow) -> Callable[[Any, Any], Any]:
        name, short = self.name_edit.text(), self.short_edit.text()
        synonyms = [x for x in self.synonyms_edit.text().split(",") if x.strip()]
        phone, active = self.phone_edit.text(), self.active_box.isChecked()
        return lambda s, c: ra.update_mco(
            s,
            c,
            row.id,
            row.version,
            name=name,
            short_name=short,
            synonyms=synonyms,
            phone=phone,
            active=active,
        )

    def add(self, values: dict[str, str] | None = None) -> None:
        if values is None:
            dialog = FieldsDialog(
                "Add an MCO",
                [("name", "&Name", ""), ("short", "S&hort name", ""), ("phone", "&Phone", "")],
                self,
            )
            dialog.finish()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = {k: dialog.value(k) for k in ("name", "short", "phone")}
        v = values
        self.run_write(
            lambda s, c: ra.add_mco(
                s, c, name=v["name"], short_name=v["short"], phone=v.get("phone") or None
            ),
            None,
            f"Added {v['name']}.",
        )

    def _selected_department(self) -> DepartmentRow | None:
        if self.current is None:
            return None
        r = self.departments.currentRow()
        if r < 0:
            return None
        cell = self.departments.item(r, 0)
        if cell is None:
            return None
        name = cell.text()
        return next((d for d in self.current.departments if d.name == name), None)

    def add_department(self, values: dict[str, str] | None = None) -> None:
        mco = self.current
        if mco is None:
            return
        if values is None:
            dialog = FieldsDialog(
                f"Add a department of {mco.name}",
                [
                    ("name", "&Department", ""),
                    ("contact", "&Contact person", ""),
                    ("phone", "&Phone", ""),
                    ("email", "&E-mail", ""),
                ],
                self,
            )
            dialog.finish()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = {k: dialog.value(k) for k in ("name", "contact", "phone", "email")}
        v = values
        self.run_write(
            lambda s, c: (
                ra.add_department(
                    s,
                    c,
                    mco.id,
                    name=v["name"],
                    contact_name=v.get("contact") or None,
                    phone=v.get("phone") or None,
                    email=v.get("email") or None,
                )
                and None
            ),
            mco.id,
            f"Added the department {v['name']}.",
        )

    def edit_department(self, values: dict[str, str] | None = None, active: bool = True) -> None:
        mco, d = self.current, self._selected_department()
        if mco is None or d is None:
            self.message.setText("Select a department in the list first.")
            return
        if values is None:
            dialog = FieldsDialog(
                f"{d.name} ({mco.short_name})",
                [
                    ("name", "&Department", d.name),
                    ("contact", "&Contact person", d.contact_name),
                    ("phone", "&Phone", format_phone(d.phone) or d.phone),
                    ("email", "&E-mail", d.email),
                ],
                self,
            )
            box = QCheckBox("Active", dialog)
            box.setChecked(d.active)
            dialog.form.addRow("", box)
            dialog.finish()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = {k: dialog.value(k) for k in ("name", "contact", "phone", "email")}
            active = box.isChecked()
        v = values
        self.run_write(
            lambda s, c: (
                ra.update_department(
                    s,
                    c,
                    d.id,
                    d.version,
                    name=v["name"],
                    contact_name=v["contact"],
                    phone=v["phone"],
                    email=v["email"],
                    active=active,
                )
                and None
            ),
            mco.id,
            f"Saved the department {v['name']}.",
        )
