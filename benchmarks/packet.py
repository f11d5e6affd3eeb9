"""The compliance packet (issue 15) for a quarter of the 100,000-inquiry benchmark database:
gathered (the standards, the previous quarter, 14 weeks of trend, the MCO scorecard, every
breach explained, the chain of every inquiry in it verified), drawn as a PDF and written as
a workbook. Target: the whole packet in under 10 s."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from _common import ensure_repo_on_path, figure, result
from startup import ensure_database

# This folder's calendar.py would shadow the standard library's (which sqlalchemy's imports
# reach): off the path once its own modules are in.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ensure_repo_on_path()

from pypdf import PdfReader  # noqa: E402

from liaison_desk.clock import SystemClock  # noqa: E402
from liaison_desk.db.engine import Database  # noqa: E402
from liaison_desk.db.schema import upgrade  # noqa: E402
from liaison_desk.packet import write_packet  # noqa: E402
from liaison_desk.packet.data import build_packet  # noqa: E402
from liaison_desk.packet.pdf import render_packet  # noqa: E402
from liaison_desk.services.calendar_config import load_calendar  # noqa: E402
from liaison_desk.services.context import SYSTEM_ACTOR, ServiceContext  # noqa: E402

TARGET_S = 10.0
QUARTER = (date(2026, 7, 1), date(2026, 9, 30))


def main() -> None:
    db = Database(f"sqlite:///{ensure_database()}")
    upgrade(db)  # a database made by an earlier version gets the newer columns
    with db.read_session() as s:
        ctx = ServiceContext(actor=SYSTEM_ACTOR, clock=SystemClock(), calendar=load_calendar(s))
    start, end = QUARTER
    with tempfile.TemporaryDirectory() as folder:
        pdf, xlsx = Path(folder, "packet.pdf"), Path(folder, "packet.xlsx")
        started = time.perf_counter()
        files = write_packet(db, ctx, start, end, pdf, workbook=xlsx)
        whole = time.perf_counter() - started
        print(f"the packet's files: {pdf.name} and {xlsx.name}")
        pages = len(PdfReader(pdf).pages)
        size = pdf.stat().st_size / 1e6
    # The parts, once more, to see where the time goes.
    started = time.perf_counter()
    with db.read_session() as s:
        packet = build_packet(s, ctx, start, end)
    gathered = time.perf_counter() - started
    started = time.perf_counter()
    render_packet(packet)
    drawn = time.perf_counter() - started
    print(f"quarter: {start.isoformat()} to {end.isoformat()}")
    figure("standards", files.standards)
    figure("breaches listed and explained", files.breaches)
    figure("chained entries verified", packet.chain.entries)
    figure("pages", pages)
    figure("PDF size", size, "MB")
    figure("gathered (queries, explanations, chain)", gathered, "s")
    figure("PDF drawn", drawn, "s")
    figure("whole packet, PDF and workbook", whole, "s")
    result("packet_quarter_s", f"{whole:.1f}", f"<{TARGET_S:g}s", whole < TARGET_S)


if __name__ == "__main__":
    main()
