"""Step 2 of the import: how each sheet's columns will be read, corrected by the person
(a combo box per column: the field it imports as, or ignore), and what the mapping as it
stands leaves out."""

from __future__ import annotations

from typing import Any

from liaison_desk.excel.cells import shown
from liaison_desk.excel.headers import FIELDS
from liaison_desk.excel.importer import column_gaps
from liaison_desk.excel.reader import SheetLayout, SkippedSheet
from ui.excel.parts import column_letter, item, plain_table
from ui.qt import QCheckBox, QComboBox, QHeaderView, QLabel, QTabWidget, QVBoxLayout, QWidget

IGNORE = "(ignore)"


class MappingPage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.box = QVBoxLayout(self)
        self.layouts: list[SheetLayout] = []
        self.skipped: list[SkippedSheet] = []
        self._combos: dict[str, list[tuple[int, QComboBox]]] = {}
        self._include: dict[str, QCheckBox] = {}
        self._gaps: dict[str, QLabel] = {}

    def show_sheets(
        self,
        layouts: list[SheetLayout],
        skipped: list[SkippedSheet],
        samples: dict[str, list[list[Any]]],
    ) -> None:
        """One tab per sheet found, with its first rows as samples."""
        self.layouts, self.skipped = layouts, skipped
        while self.box.count():
            old = self.box.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        intro = QLabel(
            "<b>Check how each column will be read.</b> Change “Imports as” where a column was "
            "misread; choose (ignore) to leave a column out.",
            self,
        )
        intro.setWordWrap(True)
        self.box.addWidget(intro)
        tabs = QTabWidget(self)
        tabs.setObjectName("mappingTabs")
        self._combos.clear()
        self._include.clear()
        self._gaps.clear()
        for layout in layouts:
            tabs.addTab(
                self._sheet_tab(tabs, layout, samples), f"{layout.name} ({layout.kind.label})"
            )
        self.box.addWidget(tabs, 1)
        if skipped:
            text = "; ".join(f"“{s.name}”: {s.reason}" for s in skipped)
            note = QLabel(f"Sheets left out: {text}.", self)
            note.setWordWrap(True)
            self.box.addWidget(note)

    def _sheet_tab(
        self, tabs: QTabWidget, layout: SheetLayout, samples: dict[str, list[list[Any]]]
    ) -> QWidget:
        tab = QWidget(tabs)
        box = QVBoxLayout(tab)
        include = QCheckBox(
            f"Import this sheet (read as the {layout.kind.label} log; headers on row "
            f"{layout.header_row})",
            tab,
        )
        include.setObjectName(f"include_{layout.name}")
        include.setChecked(True)
        self._include[layout.name] = include
        box.addWidget(include)
        gaps = QLabel(tab)
        gaps.setObjectName(f"gaps_{layout.name}")
        gaps.setWordWrap(True)
        box.addWidget(gaps)
        self._gaps[layout.name] = gaps
        table = plain_table(tab, ["Column", "Header in the file", "Imports as", "First rows"])
        table.setObjectName(f"mapping_{layout.name}")
        table.setRowCount(len(layout.columns))
        combos: list[tuple[int, QComboBox]] = []
        for r, col in enumerate(layout.columns):
            table.setItem(r, 0, item(column_letter(col.index)))
            table.setItem(r, 1, item(col.header))
            combo = QComboBox(table)
            combo.addItem(IGNORE, None)
            for f in FIELDS[layout.kind]:
                if f.key != "next_due":
                    combo.addItem(f.header, f.key)
            combo.setCurrentIndex(max(combo.findData(col.field), 0))
            combo.setAccessibleName(f"Imports as, column {col.header}")
            combo.currentIndexChanged.connect(lambda _i, name=layout.name: self.show_gaps(name))
            table.setCellWidget(r, 2, combo)
            combos.append((col.index, combo))
            values = [
                shown(row[col.index])
                for row in samples.get(layout.name, [])
                if col.index < len(row) and row[col.index] is not None
            ]
            table.setItem(r, 3, item(" | ".join(v.replace("\n", " ⏎ ") for v in values)))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self._combos[layout.name] = combos
        self.show_gaps(layout.name)
        box.addWidget(table, 1)
        return tab

    def show_gaps(self, name: str) -> None:
        """Say before the preview what the columns, as mapped now, leave out."""
        layout = next(lay for lay in self.layouts if lay.name == name)
        chosen = {index: combo.currentData() for index, combo in self._combos.get(name, [])}
        gaps = column_gaps(layout.remap(chosen) if chosen else layout)
        label = self._gaps[name]
        label.setText("\n".join(f"⚠ {g[:1].upper()}{g[1:]}." for g in gaps))
        label.setVisible(bool(gaps))

    def include_box(self, sheet: str) -> QCheckBox:
        return self._include[sheet]

    def mapping(self) -> dict[str, SheetLayout]:
        """The layouts as corrected by the person (sheets left out are not in it)."""
        out: dict[str, SheetLayout] = {}
        for layout in self.layouts:
            if not self._include[layout.name].isChecked():
                continue
            chosen = {index: combo.currentData() for index, combo in self._combos[layout.name]}
            out[layout.name] = layout.remap(chosen)
        return out
