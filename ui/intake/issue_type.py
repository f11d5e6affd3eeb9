"""The issue type on a form (issue 14): a category from the admin's list and, where the
category has them, one of its sub-categories; required where the admin says so."""

from __future__ import annotations

from liaison_desk.services.choices import ChoiceLists
from ui.qt import QComboBox, QHBoxLayout, QWidget, Signal

NONE = "Not chosen"


class IssueTypeField(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.category = QComboBox()
        self.category.setAccessibleName("Issue category")
        self.sub = QComboBox()
        self.sub.setAccessibleName("Sub-category")
        layout.addWidget(self.category, 1)
        layout.addWidget(self.sub, 1)
        self.setFocusProxy(self.category)
        self._lists = ChoiceLists()
        self.category.currentIndexChanged.connect(self._category_chosen)
        self.category.currentIndexChanged.connect(self.changed)
        self.sub.currentIndexChanged.connect(self.changed)
        self.fill(ChoiceLists())

    def fill(self, lists: ChoiceLists) -> None:
        keep = self.value()
        self._lists = lists
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(NONE, None)
        for name in lists.categories:
            self.category.addItem(name, name)
        self.category.blockSignals(False)
        self.set_value(*keep)

    def _category_chosen(self) -> None:
        subs = self._lists.categories.get(self.category.currentData() or "", [])
        self.sub.blockSignals(True)
        self.sub.clear()
        self.sub.addItem("No sub-category" if subs else "—", None)
        for name in subs:
            self.sub.addItem(name, name)
        self.sub.setEnabled(bool(subs))
        self.sub.blockSignals(False)

    def value(self) -> tuple[str | None, str | None]:
        return self.category.currentData(), self.sub.currentData()

    def set_value(self, category: str | None, sub: str | None = None) -> None:
        self.category.setCurrentIndex(max(self.category.findData(category), 0))
        self._category_chosen()
        self.sub.setCurrentIndex(max(self.sub.findData(sub), 0) if sub else 0)

    def required_for(self, track: str) -> bool:
        return track in self._lists.category_required
