"""The one module of the client that imports Qt (as Anki's aqt.qt and qutebrowser.qt do).

Everything else writes ``from ui.qt import QWidget, Signal, ...`` so a Qt binding or version
change touches this file only.

Names are looked up when first asked for (PEP 562), not star-imported: a star import makes
shiboken build every class of QtCore, QtGui and QtWidgets up front (185 ms of imports
against 60 ms, by ``python -X importtime``), and the PDF and print modules load only when a
letter is previewed or printed. Type checkers read the star imports below instead.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # ruff: noqa: F403
    from PySide6.QtCore import *
    from PySide6.QtGui import *  # type: ignore[assignment]
    from PySide6.QtPdf import QPdfDocument as QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView as QPdfView
    from PySide6.QtPrintSupport import QPrintDialog as QPrintDialog
    from PySide6.QtPrintSupport import QPrinter as QPrinter
    from PySide6.QtWidgets import *  # type: ignore[assignment]

# Where a name is sought, in order: the three modules define a few same-named helpers
# (QIntList, qFuzzyCompare), and the widgets' win as they did under the star imports.
_MODULES = ("PySide6.QtWidgets", "PySide6.QtGui", "PySide6.QtCore")
# The optional modules (QtPdf ships with the full PySide6 wheel; a minimal install lacks it):
# a name of one of them is None when the module is missing.
_OPTIONAL = {
    "QPdfDocument": "PySide6.QtPdf",
    "QPdfView": "PySide6.QtPdfWidgets",
    "QPrintDialog": "PySide6.QtPrintSupport",
    "QPrinter": "PySide6.QtPrintSupport",
}


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    if name in _OPTIONAL:
        try:
            value = getattr(importlib.import_module(_OPTIONAL[name]), name)
        except ImportError:  # pragma: no cover - minimal installs
            value = None
    else:
        for module in _MODULES:
            value = getattr(importlib.import_module(module), name, _MISSING)
            if value is not _MISSING:
                break
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


_MISSING = object()
