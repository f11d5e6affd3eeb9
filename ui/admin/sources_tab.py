"""Administration → Sources: where inquiries come from (the intake forms' first list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.services import admin_rows
from liaison_desk.services import reference_admin as ra
from liaison_desk.services.admin_rows import SourceRow
from ui.admin.base import RecordTab
from ui.admin.fields_dialog import FieldsDialog
from ui.qt import (
    QCheckBox,
    QDialog,
    QLineEdit,
    QTableWidgetItem,
    QWidget,
)
from ui.widgets.tables import cell

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
