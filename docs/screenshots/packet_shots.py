"""Render the compliance packet's screenshots in this folder: its dialog, and pages of the
packet itself (pdftoppm, from poppler-utils) — the summary, a trend, an MCO scorecard, the QC
audits and the breaches.

    .venv/bin/python docs/screenshots/packet_shots.py               # packet-*.png here
    .venv/bin/python docs/screenshots/packet_shots.py --out /tmp/x

3,000 demo inquiries, a manager at the desk on Monday 23 November 2026, 10:00 AM, writing
the packet for the last quarter (July to September 2026).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-packet-shots-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
sys.path.insert(0, str(HERE))

from excel_shots import wait_for  # noqa: E402
from intake_shots import start  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from reports_shots import managers_desk  # noqa: E402

from liaison_desk.services import qc  # noqa: E402
from ui.qt import QApplication  # noqa: E402
from ui.reports.packet_dialog import PacketDialog  # noqa: E402

# Each shot: the file, and the first page whose text holds these words.
PAGES = (
    ("packet-summary.png", "Summary by standard"),
    ("packet-trend.png", "Trend by"),
    ("packet-scorecard.png", "MCO scorecard"),
    ("packet-qc.png", "Quality-control audits"),
    ("packet-breaches.png", "Breaches"),
)


def page_with(reader: PdfReader, words: str, after: int = 1) -> int:
    """The first page (1-based, from ``after``, so past the contents) holding ``words``."""
    for number, page in enumerate(reader.pages, start=1):
        if number > after and words in page.extract_text():
            return number
    raise SystemExit(f"no page of the packet says {words!r}")


def main() -> None:
    _app, out, ctx = start("Render the compliance packet screenshots.")
    app_ctx = managers_desk(ctx)
    with app_ctx.db.session() as s:
        audit = qc.draw_audit(s, app_ctx.service_context(), date(2026, 9, 1),
                              date(2026, 9, 30), seed=2026)  # fmt: skip
        for n, item in enumerate(audit.items):
            qc.score_item(s, app_ctx.service_context(), item.id, None,
                          answered_correctly=n % 9 != 3, professional=True,
                          accurate=n % 7 != 5, notes="")  # fmt: skip

    folder = Path(tempfile.mkdtemp(prefix="ld-packet-"))
    dialog = PacketDialog(app_ctx)
    dialog.show()
    wait_for(lambda: dialog.ready)
    dialog._named_by_hand = True
    dialog.pdf_edit.setText(str(folder / "Compliance packet 2026-07-01 to 2026-09-30.pdf"))
    dialog.write()
    wait_for(lambda: dialog.files is not None, timeout_ms=120_000)
    # The folder shown is the person's own, not this script's temporary one.
    shown = Path.home() / "Documents"
    text = dialog.notice.text.text().replace(str(folder), str(shown))
    dialog.notice.say(text)
    dialog.workbook_hint.setText(dialog.workbook_hint.text().replace(str(folder), str(shown)))
    dialog.pdf_edit.setText(dialog.pdf_edit.text().replace(str(folder), str(shown)))
    QApplication.processEvents()
    dialog.grab().save(str(out / "packet-dialog.png"))
    print(out / "packet-dialog.png")

    assert dialog.files is not None
    pdf = dialog.files.pdf
    reader = PdfReader(pdf)
    for name, words in PAGES:
        number = page_with(reader, words)
        stem = out / name.removesuffix(".png")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(number),
                        "-l", str(number), str(pdf), str(stem)], check=True)  # fmt: skip
        print(f"{stem}.png (page {number} of {len(reader.pages)})")


if __name__ == "__main__":
    main()
