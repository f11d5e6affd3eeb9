"""Render the detail pane with files kept with the inquiry (offscreen), from demo data.

.venv/bin/python docs/screenshots/files_shots.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from main_window_shots import MORNING, Shots, wait

from liaison_desk.services import attachments
from liaison_desk.services.queues import QueueKey


def main() -> None:
    shots = Shots()
    w = shots.window(QueueKey.MY_WORK, MORNING)
    shots.select(w, lambda win, row: row.status == "awaiting_mco")
    inquiry_id = w.current_inquiry_id()
    ctx = w.app_ctx.service_context()
    with shots.db.session() as s:
        attachments.add_attachment(s, ctx, inquiry_id, "PA denial from the MCO.pdf",
                                   io.BytesIO(b"%PDF-1.4\n" + b"x" * 182_000))  # fmt: skip
        attachments.add_attachment(s, ctx, inquiry_id, "Member's e-mail.eml",
                                   io.BytesIO(b"From: member@example.org\n\nHello"))  # fmt: skip
    w.refresh(reason="shots")
    wait(w.detailLoaded)
    for _ in range(30):
        shots.app.processEvents()
    pane = w.detail_pane
    pane.scroll_area.ensureWidgetVisible(w.files_box)
    for _ in range(10):
        shots.app.processEvents()
    shots.save(pane.grab().toImage(), "detail-files.png")


if __name__ == "__main__":
    main()
