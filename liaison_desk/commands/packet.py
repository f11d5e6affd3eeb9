"""``report packet --from DATE --to DATE --out FILE.pdf [--xlsx FILE.xlsx] [--mco NAME]``:
the compliance packet for a period (issue 15). Exit 0 when written, 1 when refused (an
unknown MCO, a folder that does not exist), 2 for bad dates."""

from __future__ import annotations

from ..clock import Clock, SystemClock
from ..db.engine import Database
from ..errors import DomainError
from ..packet import write_packet
from ..services.context import ServiceContext
from .report import EXIT_OK, EXIT_REFUSED, _fail, report_period


def run_packet(
    db: Database,
    date_from: str | None,
    date_to: str | None,
    out: str,
    *,
    xlsx: str | None = None,
    mco: str | None = None,
    clock: Clock | None = None,
) -> int:
    clock = clock or SystemClock()
    period = report_period(db, date_from, date_to, "table", clock)
    if isinstance(period, int):
        return period
    start, end, calendar = period
    ctx = ServiceContext(clock=clock, calendar=calendar)
    try:
        files = write_packet(db, ctx, start, end, out, workbook=xlsx, mco=mco)
    except DomainError as exc:
        return _fail(str(exc), EXIT_REFUSED)
    written = f"{files.pdf}" + (f" and {files.workbook}" if files.workbook else "")
    print(f"Wrote the compliance packet for {start.isoformat()} to {end.isoformat()}: {written}")
    chain = "verifies." if files.chain_ok else "does NOT verify (see the packet's first page)."
    print(f"{files.standards} standards, {files.breaches} breaches; the history {chain}")
    if files.follow_ups_waiting:
        print(f"Not yet counted: {files.follow_ups_waiting} follow-ups with the MCO this login "
              "may not start (see the packet's first page).")  # fmt: skip
    return EXIT_OK
