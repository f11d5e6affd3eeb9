"""File → Import legacy log… and File → Export…: the Excel dialogs.

Import is a wizard (:mod:`.import_wizard`), one class per page: choose the workbook
(:mod:`.file_page`) → check and correct how each sheet's columns are read
(:mod:`.mapping_page`) → a dry-run preview with the counts and every problem by sheet, row,
column and reason (:mod:`.preview_page`) → Import, or Save rejects…, or Cancel → what was
imported (:mod:`.done_page`). Export (:mod:`.export_dialog`) asks for the file, which
inquiries (the current view or everything, open/resolved/all) and whether to hide personal
data.

All work on the workbook and the database runs as an :func:`ui.ops.job` with a progress bar
and a Cancel button; a cancelled import writes nothing (its transaction is rolled back).
"""

from __future__ import annotations

from collections.abc import Sequence

from ui.context import AppContext
from ui.excel.export_dialog import ExportDialog
from ui.excel.import_wizard import ImportDialog
from ui.qt import Qt, QWidget


def open_import_dialog(app_ctx: AppContext, parent: QWidget | None = None) -> ImportDialog:
    """File → Import legacy log… (non-modal; the main window refreshes on ``imported``)."""
    dialog = ImportDialog(app_ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    refresh = getattr(parent, "refresh", None)
    if callable(refresh):
        dialog.imported.connect(lambda _result: refresh())
    dialog.show()
    return dialog


def open_export_dialog(
    app_ctx: AppContext, parent: QWidget | None = None, inquiry_ids: Sequence[int] | None = None
) -> ExportDialog:
    """File → Export… ``inquiry_ids``: the inquiries of the current view, if any."""
    dialog = ExportDialog(app_ctx, parent, inquiry_ids)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["ExportDialog", "ImportDialog", "open_export_dialog", "open_import_dialog"]
