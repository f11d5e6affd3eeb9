"""What every tab of the administration window shares: a list of records above, the form for
the selected one below, Save (Ctrl+S) with the version the admin was looking at, and the
answer in words (saved; someone else saved first, reloaded; what is wrong with a field).

A subclass says how to fetch the rows (off the GUI thread), how to show one as table cells,
how to fill the form from it, and what saving calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from liaison_desk.errors import DomainError
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QPushButton,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.tables import fill, table


class RecordTab(QWidget):
    loaded = Signal()
    saved = Signal(object)  # the saved record's key

    HEADERS: Sequence[str] = ()
    NAME = "records"
    FORM_TITLE = "Selected"

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.rows: list[Any] = []
        self.current: Any = None
        box = QVBoxLayout(self)
        self.intro = QLabel("", self)
        self.intro.setWordWrap(True)
        box.addWidget(self.intro)
        self.table = table(self, self.HEADERS, self.NAME)
        self.table.itemSelectionChanged.connect(self._chosen)
        box.addWidget(self.table, 1)
        self.form_box = QGroupBox(self.FORM_TITLE, self)
        self.form = QFormLayout(self.form_box)
        box.addWidget(self.form_box)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save (Ctrl+S)", self)
        self.save_button.setObjectName(f"{self.NAME}Save")
        self.save_button.clicked.connect(self.save)
        self.add_button = QPushButton("&Add…", self)
        self.add_button.setObjectName(f"{self.NAME}Add")
        self.add_button.clicked.connect(self.add)
        self.message = QLabel("", self)
        self.message.setObjectName(f"{self.NAME}Message")
        self.message.setWordWrap(True)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.message, 1)
        box.addLayout(buttons)
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.build_form()
        self._set_enabled(False)

    # -- to override --------------------------------------------------------------------

    def build_form(self) -> None:
        raise NotImplementedError

    def fetch(self, session: Any) -> list[Any]:
        raise NotImplementedError

    def cells(self, row: Any) -> list[QTableWidgetItem]:
        raise NotImplementedError

    def key(self, row: Any) -> Any:
        return row.id

    def show_row(self, row: Any) -> None:
        raise NotImplementedError

    def save_call(self, row: Any) -> Callable[[Any, Any], Any]:
        """A function (session, service context) that saves the form over ``row``."""
        raise NotImplementedError

    def add(self) -> None:
        raise NotImplementedError

    def form_widgets(self) -> list[QWidget]:
        return []

    # -- shared ---------------------------------------------------------------------------

    def load(self, select: Any = None) -> None:
        wanted = (
            select if select is not None else (self.key(self.current) if self.current else None)
        )
        ops.read(self, self.app_ctx, lambda s, _c: (self.fetch(s), self.fetch_more(s))).done(
            lambda got: self._show(got[0], wanted, got[1])
        ).failed(lambda p: self.message.setText(p.text)).start()

    def fetch_more(self, session: Any) -> Any:
        """What the tab shows besides its rows, read in the same go (off the GUI thread)."""
        return None

    def show_more(self, more: Any) -> None:
        """Show what :meth:`fetch_more` read (on the GUI thread)."""

    def _show(self, rows: list[Any], wanted: Any, more: Any = None) -> None:
        self.show_more(more)
        self.rows = rows
        self.table.blockSignals(True)
        fill(self.table, [self.cells(r) for r in rows])
        for r in range(self.table.rowCount()):
            cell = self.table.item(r, 0)
            if cell is not None:
                cell.setData(Qt.ItemDataRole.UserRole, r)
        self.table.blockSignals(False)
        self.current = None
        target = next((n for n, r in enumerate(rows) if self.key(r) == wanted), None)
        if target is not None:
            for r in range(self.table.rowCount()):
                cell = self.table.item(r, 0)
                if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == target:
                    self.table.blockSignals(True)
                    self.table.selectRow(r)
                    self.table.blockSignals(False)
                    break
        # The form shows the fresh row (also when the same row stays selected).
        self._chosen()
        self.loaded.emit()

    def _chosen(self) -> None:
        r = self.table.currentRow()
        item = self.table.item(r, 0) if r >= 0 else None
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.current = self.rows[index] if index is not None and index < len(self.rows) else None
        if self.current is None:
            self._set_enabled(False)
            return
        self.show_row(self.current)
        self._set_enabled(True)

    def _set_enabled(self, on: bool) -> None:
        for w in [*self.form_widgets(), self.save_button]:
            w.setEnabled(on)

    def save(self) -> None:
        if self.current is None:
            return
        try:
            call = self.save_call(self.current)
        except DomainError as exc:  # the form itself is not right yet
            self.message.setText(str(exc))
            return
        self.run_write(call, self.key(self.current), "Saved.")

    def run_write(self, call: Callable[[Any, Any], Any], key: Any, done_text: str) -> None:
        def work(s: Session, c: ServiceContext) -> Any:
            result = call(s, c)
            return self.key(result) if result is not None and hasattr(result, "id") else key

        self.message.setText("Saving…")
        self.save_button.setEnabled(False)

        def done(saved_key: Any) -> None:
            self.message.setText(done_text)
            self.save_button.setEnabled(True)
            self.load(select=saved_key)
            self.saved.emit(saved_key)
            ops.changes().referenceDataChanged.emit()

        ops.write(self, self.app_ctx, work).done(done).failed(self._write_failed).start()

    def _write_failed(self, problem: ops.Problem) -> None:
        self.save_button.setEnabled(self.current is not None)
        if problem.conflict is not None:
            self.message.setText(
                "Someone else saved this while you were editing it. Their version is shown "
                "now; yours was not saved — make your change again if it is still needed."
            )
            self.load()
        else:
            self.message.setText(problem.text)
