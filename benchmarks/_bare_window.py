"""The floor for start-up (benchmarks/startup.py): a bare PySide6 process that opens a main
window with a 100,000-row table (a plain model over rows of text made before the window
opens, no database) and prints ``READY <epoch>`` once it is painted, as the app does."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

ROWS, COLUMNS = 100_000, 8


class Model(QAbstractTableModel):
    def __init__(self, rows: list[tuple[str, ...]], parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


def main() -> int:
    app = QApplication(sys.argv[:1])
    rows = [tuple(f"{r:06d}-{c}" for c in range(COLUMNS)) for r in range(ROWS)]
    window = QMainWindow()
    view = QTableView(window)
    view.setModel(Model(rows, view))
    window.setCentralWidget(view)
    window.resize(1280, 800)
    window.show()

    def ready() -> None:
        window.repaint()
        print(f"READY {time.time():.3f}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
