"""Choosing a file: the only place the client shows a file dialog.

Qt's file dialog asks its icon provider for the icon and type of every file it lists, and the
default provider reads the first bytes of files whose names say nothing (``t.db-shm``,
``t.db-wal``) to guess their type. Opening and closing the database's own files drops the
process's POSIX locks on them, and the next program that opens the database then deletes its
write-ahead log under us (see liaison_desk/db/files.py). The provider here names icons from
the file name and ``stat`` alone and never opens a file; the dialog is Qt's own on every
platform but Windows, whose native dialog runs in a way that cannot affect our locks (Windows
locks belong to a handle, not the process) and that people there expect. The chosen path is
checked against the open database before anything opens it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from liaison_desk.db.files import protected_database
from ui.qt import (
    QAbstractFileIconProvider,
    QFileDialog,
    QFileIconProvider,
    QFileInfo,
    QIcon,
    QMessageBox,
    QWidget,
)

_NATIVE = sys.platform == "win32"

# What the import and the State Monitors' list read: every spreadsheet format an office keeps.
SPREADSHEET_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods);;Excel workbooks (*.xlsx *.xlsm *.xlsb "
    "*.xls);;OpenDocument spreadsheets (*.ods);;All files (*)"
)


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from what a file is called, never from what it holds."""

    def __init__(self) -> None:
        super().__init__()
        self._themed = QFileIconProvider()
        self._themed.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return self._themed.icon(kind)
        icon: QIcon = self._themed.icon(what)  # type: ignore[call-overload]
        return icon

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


_provider: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    """One provider for every dialog (Qt keeps a pointer; it must outlive them)."""
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()
    return _provider


def file_dialog(
    parent: QWidget | None, title: str, start: str, filters: str, *, save: bool
) -> QFileDialog:
    dialog = QFileDialog(parent, title, start, filters)
    if not _NATIVE:
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setIconProvider(icon_provider())
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def choose_file(
    parent: QWidget | None, title: str, start: str, filters: str, *, save: bool = False
) -> str:
    """The path a person chose ("" when they cancelled), never the open database's own."""
    while True:
        dialog = file_dialog(parent, title, start, filters, save=save)
        if not dialog.exec():
            return ""
        chosen = dialog.selectedFiles()
        path = chosen[0] if chosen else ""
        if not path or protected_database(path) is None:
            return path
        QMessageBox.warning(
            parent,
            title,
            f"“{Path(path).name}” is Liaison Desk's own database, which is open. "
            "Choose another file.",
        )
        start = str(Path(path).parent)


def choose_open_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    return choose_file(parent, title, start, filters)


def choose_save_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    return choose_file(parent, title, start, filters, save=True)
