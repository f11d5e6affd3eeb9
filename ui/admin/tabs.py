"""The administration window's tabs: users and roles, MCOs and their departments, and the
response-time policies (the business calendar has a tab of its own, ui/admin/calendar_tab)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from liaison_desk.domain import MilestoneKind, Priority, Role, Track, label_of
from liaison_desk.policies import BUSINESS_DAYS, BUSINESS_HOURS
from liaison_desk.services import admin_rows, policy_admin
from liaison_desk.services import reference_admin as ra
from liaison_desk.services.admin_rows import DepartmentRow, McoRow, SourceRow, UserRow
from liaison_desk.services.users import add_team_member
from liaison_desk.validation import format_phone
from ui.admin.base import RecordTab
from ui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)
from ui.widgets.tables import cell, fill, table

UNIT_LABELS = {BUSINESS_HOURS: "business hours", BUSINESS_DAYS: "business days"}


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


# ------------------------------------------------------------------------------ policies


@dataclass(frozen=True)
class PolicyRow:
    id: int
    version: int
    key: str
    label: str
    description: str
    track: str
    priority: str | None
    milestone: str
    warn_amount: float | None
    warn_unit: str | None
    due_amount: float
    due_unit: str
    follow_up_on_miss: bool
    enabled: bool


def _amount(amount: float | None, unit: str | None) -> str:
    if amount is None or unit is None:
        return "—"
    if amount == 0 and unit == BUSINESS_DAYS:
        return "the same business day"
    shown = f"{amount:g}"
    word = UNIT_LABELS.get(unit, unit)
    return f"{shown} {word[:-1] if amount == 1 else word}"


CLOCK_LABELS = {
    MilestoneKind.CONTACT_ORIGINATOR.value: "Contact the originator",
    MilestoneKind.MCO_CONTACT.value: "MCO contacts the originator",
    MilestoneKind.FOLLOW_UP_MCO.value: "Follow-up with the MCO",
    MilestoneKind.CALLBACK.value: "Call back",
    MilestoneKind.EMAIL_FIRST_RESPONSE.value: "E-mail: first response",
    MilestoneKind.EMAIL_RESOLUTION.value: "E-mail: resolution",
}


class PoliciesTab(RecordTab):
    HEADERS = ("Standard", "Track", "Priority", "Clock", "Warn after", "Due after", "In force")
    NAME = "adminPolicies"
    FORM_TITLE = "The selected standard"

    def build_form(self) -> None:
        self.intro.setText(
            "The response-time standards. An edit applies to clocks started from now on; "
            "clocks already running keep the numbers they started with. The e-mail standards "
            "of the e-mail procedures are here, not in force until an admin puts them in force."
        )
        self.label_edit = QLineEdit(self.form_box)
        self.description_edit = QPlainTextEdit(self.form_box)
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(54)
        self.warn_amount = QDoubleSpinBox(self.form_box)
        self.warn_amount.setRange(0, 999)
        self.warn_amount.setDecimals(1)
        self.warn_amount.setSpecialValueText("no warning")
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
        due = QHBoxLayout()
        due.addWidget(self.due_amount)
        due.addWidget(self.due_unit)
        due.addStretch(1)
        self.form.addRow("&Name", self.label_edit)
        self.form.addRow("What it m&eans", self.description_edit)
        for text, buddy, layout in (
            ("&Warn after", self.warn_amount, warn),
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
            self.due_amount,
            self.due_unit,
            self.follow_up_box,
            self.enabled_box,
        ]

    def fetch(self, session: Any) -> list[PolicyRow]:
        return [
            PolicyRow(
                p.id,
                p.version,
                p.key,
                p.label,
                p.description or "",
                p.track,
                p.priority,
                p.milestone,
                p.warn_amount,
                p.warn_unit,
                p.due_amount,
                p.due_unit,
                p.follow_up_on_miss,
                p.enabled,
            )
            for p in policy_admin.list_policies(session)
        ]

    def cells(self, row: PolicyRow) -> list[QTableWidgetItem]:
        track = "any" if row.track == "*" else label_of(Track, row.track)
        return [
            cell(row.label),
            cell(track),
            cell(label_of(Priority, row.priority)),
            cell(CLOCK_LABELS.get(row.milestone, row.milestone)),
            cell(_amount(row.warn_amount, row.warn_unit)),
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
        )

    def add(self) -> None:  # pragma: no cover - hidden
        return


# ------------------------------------------------------------------------------ sources


class SourcesTab(RecordTab):
    HEADERS = (
        "Received from",
        "Member inquiries",
        "Provider inquiries",
        "Other spellings",
        "Active",
    )
    NAME = "adminSources"
    FORM_TITLE = "The selected source"

    def build_form(self) -> None:
        self.intro.setText(
            "Where escalations come from (“Received From” in the intake forms and the legacy "
            "log). Other spellings are matched on import; a renamed source keeps its old name "
            "there."
        )
        self.name_edit = QLineEdit(self.form_box)
        self.member_box = QCheckBox("Offered for member inquiries", self.form_box)
        self.provider_box = QCheckBox("Offered for provider inquiries", self.form_box)
        self.synonyms_edit = QLineEdit(self.form_box)
        self.synonyms_edit.setPlaceholderText("comma-separated, e.g. Ombudsman, MCO Ombudsman")
        self.active_box = QCheckBox("Active", self.form_box)
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("", self.member_box)
        self.form.addRow("", self.provider_box)
        self.form.addRow("&Other spellings", self.synonyms_edit)
        self.form.addRow("", self.active_box)
        self.add_button.setText("&Add a source…")

    def form_widgets(self) -> list[QWidget]:
        return [
            self.name_edit,
            self.member_box,
            self.provider_box,
            self.synonyms_edit,
            self.active_box,
        ]

    def fetch(self, session: Any) -> list[SourceRow]:
        return admin_rows.source_rows(session)

    def cells(self, row: SourceRow) -> list[QTableWidgetItem]:
        return [
            cell(row.name),
            cell(row.for_member),
            cell(row.for_provider),
            cell(", ".join(row.synonyms)),
            cell(row.active),
        ]

    def show_row(self, row: SourceRow) -> None:
        self.name_edit.setText(row.name)
        self.member_box.setChecked(row.for_member)
        self.provider_box.setChecked(row.for_provider)
        self.synonyms_edit.setText(", ".join(row.synonyms))
        self.active_box.setChecked(row.active)

    def save_call(self, row: SourceRow) -> Callable[[Any, Any], Any]:
        name = self.name_edit.text()
        member, provider = self.member_box.isChecked(), self.provider_box.isChecked()
        synonyms = [x for x in self.synonyms_edit.text().split(",") if x.strip()]
        active = self.active_box.isChecked()
        return lambda s, c: ra.update_source(
            s,
            c,
            row.id,
            row.version,
            name=name,
            for_member=member,
            for_provider=provider,
            synonyms=synonyms,
            active=active,
        )

    def add(self, values: dict[str, str] | None = None) -> None:
        if values is None:
            dialog = FieldsDialog("Add a source", [("name", "&Name", "")], self)
            dialog.finish()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = {"name": dialog.value("name")}
        name = values["name"]
        self.run_write(lambda s, c: ra.add_source(s, c, name=name), None, f"Added {name}.")


__all__ = ["FieldsDialog", "McosTab", "PoliciesTab", "SourcesTab", "UsersTab"]
