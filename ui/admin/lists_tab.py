"""Administration → Lists (issue 14): the channels e-mail inquiries come through, the issue
categories with their sub-categories, and the outcomes of a resolution; which kinds of
inquiry must give a category at intake and an outcome at resolution."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.domain import Track
from liaison_desk.services import choices
from liaison_desk.services.choices import ChoiceKind, ChoiceRow
from ui.admin.base import RecordTab
from ui.admin.fields_dialog import FieldsDialog
from ui.qt import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)
from ui.widgets.tables import cell

_KIND_WORDS = {"channel": "Channel", "category": "Category", "outcome": "Outcome"}
_REQUIRABLE = (Track.MCO_MEMBER, Track.MCO_PROVIDER, Track.IME_CALLBACK, Track.EMAIL)


class ListsTab(RecordTab):
    HEADERS = ("Name", "List", "Belongs to", "Other spellings", "Active")
    NAME = "adminLists"
    FORM_TITLE = "The selected entry"

    def build_form(self) -> None:
        self.intro.setText(
            "What the forms offer: the mailboxes an e-mail comes through, the issue categories "
            "and their sub-categories, and the outcomes of a resolution. Nothing is deleted: "
            "an entry no longer used is made inactive. Other spellings are matched on import."
        )
        self.name_edit = QLineEdit(self.form_box)
        self.synonyms_edit = QLineEdit(self.form_box)
        self.synonyms_edit.setPlaceholderText("comma-separated, e.g. Prior auth, PA")
        self.active_box = QCheckBox("Active (offered in the forms)", self.form_box)
        self.form.addRow("&Name", self.name_edit)
        self.form.addRow("&Other spellings", self.synonyms_edit)
        self.form.addRow("", self.active_box)
        self.add_button.setText("A&dd a category…")
        more = QWidget(self.form_box)
        row = QHBoxLayout(more)
        row.setContentsMargins(0, 0, 0, 0)
        for text, kind in (("Add a su&b-category…", "sub"), ("Add a c&hannel…", "channel"),
                           ("Add an ou&tcome…", "outcome")):  # fmt: skip
            button = QPushButton(text, more)
            button.clicked.connect(lambda _c=False, k=kind: self.add({"kind": k}))
            row.addWidget(button)
        row.addStretch(1)
        self.form.addRow("", more)
        # Per kind of inquiry (seed 003's cases take their outcome from their steps).
        required = QWidget(self.form_box)
        grid = QGridLayout(required)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Required:", required), 0, 0)
        grid.addWidget(QLabel("a category at intake", required), 0, 1)
        grid.addWidget(QLabel("an outcome at resolution", required), 0, 2)
        self.required_boxes: dict[tuple[str, str], QCheckBox] = {}
        for n, track in enumerate(_REQUIRABLE, start=1):
            grid.addWidget(QLabel(track.label, required), n, 0)
            for column, what, words in ((1, "category", "a category at intake"),
                                        (2, "outcome", "an outcome at resolution")):  # fmt: skip
                box = QCheckBox(required)
                box.setAccessibleName(f"{track.label}: {words} required")
                grid.addWidget(box, n, column)
                self.required_boxes[(what, str(track))] = box
        save = QPushButton("Save what is re&quired", required)
        save.clicked.connect(lambda _c=False: self.save_required())
        grid.addWidget(save, len(_REQUIRABLE) + 1, 0, 1, 2)
        grid.setColumnStretch(3, 1)
        self.form.addRow("", required)

    def form_widgets(self) -> list[QWidget]:
        return [self.name_edit, self.synonyms_edit, self.active_box]

    def fetch(self, session: Any) -> list[ChoiceRow]:
        return choices.rows(session)

    def fetch_more(self, session: Any) -> Any:
        return choices.required(session)

    def show_more(self, more: Any) -> None:
        category, outcome = more
        for (what, track), box in self.required_boxes.items():
            box.setChecked(track in (category if what == "category" else outcome))

    def cells(self, row: ChoiceRow) -> list[QTableWidgetItem]:
        kind = "Sub-category" if row.parent_id else _KIND_WORDS.get(row.kind, row.kind)
        return [cell(row.name), cell(kind), cell(row.parent_name), cell(", ".join(row.synonyms)),
                cell(row.active)]  # fmt: skip

    def show_row(self, row: ChoiceRow) -> None:
        self.name_edit.setText(row.name)
        self.synonyms_edit.setText(", ".join(row.synonyms))
        self.active_box.setChecked(row.active)

    def save_call(self, row: ChoiceRow) -> Callable[[Any, Any], Any]:
        name = self.name_edit.text()
        synonyms = [x for x in self.synonyms_edit.text().split(",") if x.strip()]
        active = self.active_box.isChecked()
        return lambda s, c: choices.update(s, c, row.id, row.version, name=name,
                                           synonyms=synonyms, active=active)  # fmt: skip

    def add(self, values: dict[str, str] | None = None) -> None:
        kind = (values or {}).get("kind", "category")
        parent_id = None
        if kind == "sub":
            current = self.current
            if current is None or current.kind != ChoiceKind.CATEGORY:
                self.message.setText("Select the category the sub-category belongs to.")
                return
            parent_id = current.parent_id or current.id
        name = (values or {}).get("name")
        if name is None:
            words = {"sub": "a sub-category", "channel": "a channel", "outcome": "an outcome"}
            dialog = FieldsDialog(f"Add {words.get(kind, 'a category')}",
                                  [("name", "&Name", "")], self)  # fmt: skip
            dialog.finish()
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            name = dialog.value("name")
        stored = "category" if kind == "sub" else kind
        self.run_write(lambda s, c: choices.add(s, c, stored, name, parent_id=parent_id), None,
                       f"Added {name}.")  # fmt: skip

    def save_required(self) -> None:
        chosen = [key for key, box in self.required_boxes.items() if box.isChecked()]
        category = [track for what, track in chosen if what == "category"]
        outcome = [track for what, track in chosen if what == "outcome"]
        self.run_write(lambda s, c: choices.set_required(s, c, category_tracks=category,
                       outcome_tracks=outcome), None, "Saved what the forms require.")  # fmt: skip
