"""Read-only tables (reports, administration) whose numbers sort as numbers and whose empty
cells sort last; rows stay in the order the service gave until a header is clicked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.qt import QAbstractItemView, QHeaderView, Qt, QTableWidget, QTableWidgetItem, QWidget


class _Item(QTableWidgetItem):
    """Sorts by its value (numbers as numbers, empty last), shows its text."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.key, getattr(other, "key", other.text())
        if mine is None or theirs is None:
            return theirs is None and mine is not None
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def cell(value: Any, shown: str | None = None) -> QTableWidgetItem:
    if value is None:
        item = _Item(shown or "", None)
    elif isinstance(value, bool):
        item = _Item(shown or ("Yes" if value else "No"), value)
    elif isinstance(value, int | float):
        item = _Item(shown if shown is not None else f"{value:,}", value)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    else:
        item = _Item(shown if shown is not None else str(value), str(value).casefold())
    return item


def table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
    view = QTableWidget(0, len(headers), parent)
    view.setObjectName(name)
    view.setHorizontalHeaderLabels(list(headers))
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.setAccessibleName(name)
    return view


def fill(view: QTableWidget, rows: Sequence[Sequence[QTableWidgetItem]]) -> None:
    """Rows in the order given (the service's: most overdue first, and so on); a click on a
    header sorts by that column."""
    view.setSortingEnabled(False)
    view.setRowCount(len(rows))
    for r, items in enumerate(rows):
        for c, item in enumerate(items):
            view.setItem(r, c, item)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
