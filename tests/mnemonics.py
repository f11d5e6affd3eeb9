"""Finding clashing keyboard mnemonics (two visible Alt+letter keys in one window)."""

from __future__ import annotations

import re
from collections import defaultdict

from ui.qt import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabWidget, QWidget

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Every mnemonic letter in use among the widgets visible in ``window``, with their texts."""
    used: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        key = mnemonic(text)
        if key is not None:
            used[key].append(text.replace("&", ""))

    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        labels_a_field = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or labels_a_field:
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    add(widget.tabText(index))
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    add(action.text())
    return dict(used)


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {key: texts for key, texts in mnemonics(window).items() if len(texts) > 1}
