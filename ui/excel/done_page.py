"""The last page of the import: what was imported, its reference numbers, and what became
of the rejected rows."""

from __future__ import annotations

from liaison_desk.excel.importer import ImportResult
from ui.qt import QLabel, Qt, QVBoxLayout, QWidget


class DonePage(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        self.done_title = QLabel("", self)
        self.done_title.setObjectName("importDoneTitle")
        font = self.done_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.done_title.setFont(font)
        box.addWidget(self.done_title)
        self.done_label = QLabel("", self)
        self.done_label.setObjectName("importDone")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.done_label)
        box.addStretch(1)

    def show_result(self, result: ImportResult) -> None:
        n = result.added
        self.done_title.setText(f"Imported {n:,} inquir{'y' if n == 1 else 'ies'}")
        lines = [result.summary() + "."]
        if result.references:
            first, last = result.references[0], result.references[-1]
            lines.append(
                f"Reference number {first}."
                if first == last
                else f"Reference numbers {first} to {last} (in the order received)."
            )
        lines.append(
            "Each imported inquiry's timeline starts with the file, sheet and row it came from; "
            "its response-time clocks were worked out from the log's dates."
        )
        if result.rejected:
            r = result.rejected
            lines.append(
                f"{r:,} rejected row{' was' if r == 1 else 's were'} not imported. "
                "“Save rejects…” keeps them, with their reasons, in a workbook to fix and import."
            )
        self.done_label.setText("\n\n".join(lines))
