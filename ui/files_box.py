"""The files kept with the shown inquiry (issue 14), in the detail pane, read with the
inquiry's detail: each with its size, who added it and when; Open (the system's viewer),
Save a copy…, Hide… (with the reason); Add a file… or drop files onto the pane. Letters the
app wrote are in the same list."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from liaison_desk.milestones import short_when
from liaison_desk.paths import data_dir, private_dir
from liaison_desk.services import attachments
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.file_list import FileRow
from liaison_desk.services.queues import InquiryDetail
from ui import ops
from ui.context import AppContext
from ui.files import choose_open_file, choose_save_file
from ui.qt import (
    QDesktopServices,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QUrl,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.basics import clear_layout

OPENED = "opened"


def forget_opened_copies() -> None:
    """The copies made to open files in the system's viewer hold members' data: they go when
    the window closes (best effort: a viewer may still hold one; the next close takes it)."""
    shutil.rmtree(data_dir() / OPENED, ignore_errors=True)


class FilesBox(QWidget):
    letterRequested = Signal(int)
    message = Signal(str)  # for the status bar
    changed = Signal(int)  # inquiry id: a file was added or hidden

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filesBox")
        self.app_ctx = app_ctx
        self.inquiry_id: int | None = None
        self.rows: list[FileRow] = []
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel("FILES")
        self.title.setProperty("role", "section")
        head.addWidget(self.title)
        head.addStretch(1)
        self.add_button = QPushButton("Add a &file…")
        self.add_button.setObjectName("addFile")
        self.add_button.setToolTip("Keep a file with this inquiry (or drop files on the pane)")
        self.add_button.clicked.connect(lambda _c=False: self.choose_and_add())
        head.addWidget(self.add_button)
        box.addLayout(head)
        self.list = QVBoxLayout()
        self.list.setSpacing(0)
        box.addLayout(self.list)
        self.setAcceptDrops(True)

    # --- showing ----------------------------------------------------------------------
    def show_detail(self, detail: InquiryDetail | None) -> None:
        """The shown inquiry's files: they come with its detail, read in the same go."""
        self.inquiry_id = detail.row.id if detail is not None else None
        self._fill(list(detail.files) if detail is not None else [])

    def _fill(self, rows: list[FileRow]) -> None:
        self.rows = rows
        clear_layout(self.list)
        self.title.setText(f"FILES · {len(rows)}")
        cal = self.app_ctx.calendar
        for row in rows:
            line = QWidget()
            line.setObjectName(f"file_{row.kind}_{row.id}")
            v = QVBoxLayout(line)
            v.setContentsMargins(0, 3, 0, 3)
            v.setSpacing(1)
            name = QLabel(row.name)
            name.setWordWrap(True)
            name.setProperty("role", "milestoneName")
            v.addWidget(name)
            h = QHBoxLayout()
            h.setSpacing(4)
            who = f" · {row.added_by}" if row.added_by else ""
            size = attachments.size_text(row.size)
            meta = QLabel(f"{size}{who} · {short_when(row.added_at, cal)}")
            meta.setProperty("role", "muted")
            meta.setWordWrap(True)
            h.addWidget(meta, 1)
            open_button = QPushButton("Open")
            open_button.setAccessibleName(f"Open {row.name}")
            open_button.clicked.connect(lambda _c=False, r=row: self.open_file(r))
            h.addWidget(open_button)
            if row.kind == "attachment":
                save = QPushButton("Save a copy…")
                save.setAccessibleName(f"Save a copy of {row.name}")
                save.clicked.connect(lambda _c=False, r=row: self.save_copy(r))
                hide = QPushButton("Hide…")
                hide.setAccessibleName(f"Hide {row.name}")
                hide.clicked.connect(lambda _c=False, r=row: self.hide_file(r))
                h.addWidget(save)
                h.addWidget(hide)
            v.addLayout(h)
            self.list.addWidget(line)
        if not rows:
            empty = QLabel("No files. Add one, or drop it here.")
            empty.setProperty("role", "muted")
            self.list.addWidget(empty)

    # --- adding -----------------------------------------------------------------------
    def choose_and_add(self) -> None:
        path = choose_open_file(self, "Add a file to the inquiry", "", "All files (*)")
        if path:
            self.add_paths([path])

    def add_paths(self, paths: list[str]) -> None:
        inquiry_id = self.inquiry_id
        if inquiry_id is None:
            return
        for path in paths:
            name = Path(path).name

            def work(s: Session, c: ServiceContext, path: str = path, name: str = name) -> FileRow:
                with open(path, "rb") as stream:
                    return attachments.add_attachment(s, c, inquiry_id, name, stream)

            ops.write(self, self.app_ctx, work, verb="added", where=f"adding “{name}”").done(
                lambda r: self._added(r, inquiry_id)
            ).failed(lambda p: self.message.emit(p.text)).start()

    def _added(self, row: FileRow, inquiry_id: int) -> None:
        self.message.emit(f"“{row.name}” is kept with the inquiry.")
        self.changed.emit(inquiry_id)  # the window reloads the detail, files included

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls() and self.inquiry_id is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    # --- reading back -----------------------------------------------------------------
    def _copy_to(self, row: FileRow, target: Path, then: Any) -> None:
        def work(s: Session, c: ServiceContext) -> Path:
            with open(target, "wb") as out:
                attachments.write_to(s, c, row.id, out)
            return target

        ops.read(self, self.app_ctx, work, where=f"reading “{row.name}”").done(then).failed(
            lambda p: self.message.emit(p.text)
        ).start()

    def open_file(self, row: FileRow) -> None:
        if row.kind == "letter":
            self.letterRequested.emit(row.id)
            return
        # A private folder of the person's own (its files are theirs only).
        folder = private_dir(data_dir() / OPENED / str(row.id))
        target = folder / attachments.clean_name(row.name)
        self._copy_to(row, target, lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))

    def save_copy(self, row: FileRow) -> None:
        path = choose_save_file(self, "Save a copy", row.name, "All files (*)")
        if path:
            self._copy_to(row, Path(path), lambda p: self.message.emit(f"Saved to {p}."))

    def hide_file(self, row: FileRow) -> None:
        reason, ok = QInputDialog.getText(
            self, "Hide the file", f"Why is “{row.name}” hidden? (It is kept, not deleted.)"
        )
        if not ok:
            return
        inquiry_id = self.inquiry_id

        def hidden(_result: object) -> None:
            self.message.emit(f"“{row.name}” is hidden (kept, with the reason).")
            self.changed.emit(inquiry_id or 0)

        ops.write(self, self.app_ctx, lambda s, c: attachments.hide(s, c, row.id, reason),
                  where="hiding the file").done(hidden).failed(
            lambda p: self.message.emit(p.text)).start()  # fmt: skip
