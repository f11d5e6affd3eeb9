"""Step 1 of the import: choose the workbook."""

from __future__ import annotations

from pathlib import Path

from ui.files import SPREADSHEET_FILTER, choose_open_file
from ui.qt import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget, Signal


class FilePage(QWidget):
    submitted = Signal()  # Enter in the file name

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        intro = QLabel(
            "<b>Choose the MCO Inquiry Log workbook (.xlsx, .xls, .xlsb or .ods).</b><br>"
            "The Member, Provider and Supervisor Callbacks sheets are found by their names or "
            "their headers, even below title rows. Nothing is written until you have seen the "
            "preview and chosen Import.",
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        row = QHBoxLayout()
        self.file_edit = QLineEdit(self)
        self.file_edit.setObjectName("importFile")
        self.file_edit.setPlaceholderText("MCO_Mem_Prv_Tracking_Log.xlsx")
        self.file_edit.returnPressed.connect(self.submitted)
        label = QLabel("&Workbook:", self)
        label.setBuddy(self.file_edit)
        row.addWidget(label)
        browse = QPushButton("&Browse…", self)
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        box.addLayout(row)
        box.addStretch(1)

    @property
    def chosen(self) -> bool:
        return bool(self.file_edit.text().strip())

    @property
    def path(self) -> Path:
        return Path(self.file_edit.text().strip())

    def browse(self) -> None:
        name = choose_open_file(
            self,
            "Import the legacy log",
            self.file_edit.text() or str(Path.home()),
            SPREADSHEET_FILTER,
        )
        if name:
            self.file_edit.setText(name)
