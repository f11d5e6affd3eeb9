"""The one module of the client that imports Qt (as Anki's aqt.qt and qutebrowser.qt do).

Everything else writes ``from ui.qt import QWidget, Signal, ...`` so a Qt binding or version
change touches this file only.
"""

# ruff: noqa: F403
# The three modules define a few same-named helpers (QIntList, qFuzzyCompare): the later wins.
from PySide6.QtCore import *
from PySide6.QtGui import *  # type: ignore[assignment]
from PySide6.QtWidgets import *  # type: ignore[assignment]

try:  # QtPdf ships with the full PySide6 wheel; the letter preview needs it.
    from PySide6.QtPdf import QPdfDocument as QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView as QPdfView
except ImportError:  # pragma: no cover - minimal installs
    QPdfDocument = None  # type: ignore[assignment,misc]
    QPdfView = None  # type: ignore[assignment,misc]

try:
    from PySide6.QtPrintSupport import QPrintDialog as QPrintDialog
    from PySide6.QtPrintSupport import QPrinter as QPrinter
except ImportError:  # pragma: no cover
    QPrintDialog = None  # type: ignore[assignment,misc]
    QPrinter = None  # type: ignore[assignment,misc]
