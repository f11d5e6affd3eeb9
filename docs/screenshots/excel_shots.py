"""Render the Excel dialog screenshots in this folder (offscreen, fixed clock and data).

    .venv/bin/python docs/screenshots/excel_shots.py                  # excel-*.png here
    .venv/bin/python docs/screenshots/excel_shots.py --dark --out /tmp/x

The workbook is the LibreOffice-saved legacy log of ``tests/fixtures`` (title rows, header
spellings, a hidden row, a totals row, a bad state ID), so the mapping step and the dry-run
preview show what a real file brings.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-excel-shots-")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from intake_shots import start  # noqa: E402

from ui.excel import ExportDialog, ImportDialog  # noqa: E402
from ui.qt import QApplication, QEventLoop, QTimer  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "legacy_log_libreoffice.xlsx"


def wait_for(test: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    poll = QTimer()
    poll.setObjectName("shotPoll")
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if test() else None)
    QTimer.singleShot(timeout_ms, loop.quit)
    poll.start()
    loop.exec()
    poll.stop()
    if not test():
        raise SystemExit("timed out waiting for the dialog")


def shoot(widget: object, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))  # type: ignore[attr-defined]
    print(path)


def main() -> None:
    _app, out, ctx = start("Render the Excel dialog screenshots.")

    dialog = ImportDialog(ctx)
    dialog.show()
    dialog.file_edit.setText(str(FIXTURE))
    shoot(dialog, out / "excel-import-file.png")
    dialog.next_button.click()
    wait_for(lambda: dialog.pages.currentIndex() == dialog.PAGE_MAPPING)
    shoot(dialog, out / "excel-import-mapping.png")
    dialog.next_button.click()
    wait_for(lambda: dialog.pages.currentIndex() == dialog.PAGE_PREVIEW)
    shoot(dialog, out / "excel-import-preview.png")
    dialog.next_button.click()
    wait_for(lambda: dialog.pages.currentIndex() == dialog.PAGE_DONE)
    shoot(dialog, out / "excel-import-done.png")

    export = ExportDialog(ctx, inquiry_ids=list(range(1, 13)))
    export.show()
    shoot(export, out / "excel-export.png")


if __name__ == "__main__":
    main()
