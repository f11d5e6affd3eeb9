"""``report considerations``: what the enrollment consideration cases came to over a period
(seed 003), by week or month and in total, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from ..clock import Clock, SystemClock
from ..db.engine import Database
from ..services.consideration_report import COLUMNS, ConsiderationReport, consideration_report
from ..services.context import SYSTEM_ACTOR, ServiceContext
from .report import EXIT_OK, report_period


def run_consideration_report(
    db: Database, date_from: str | None, date_to: str | None, fmt: str, by: str,
    *, clock: Clock | None = None,
) -> int:  # fmt: skip
    clock = clock or SystemClock()
    period = report_period(db, date_from, date_to, fmt, clock)
    if isinstance(period, int):
        return period
    start, end, calendar = period
    ctx = ServiceContext(actor=SYSTEM_ACTOR, clock=clock, calendar=calendar)
    with db.read_session() as session:
        report = consideration_report(session, ctx, start, end, by=by)
    if fmt == "json":
        print(json.dumps({"lines": [line.as_json() for line in report.lines],
                          "total": report.total.as_json()}, indent=2))  # fmt: skip
    elif fmt == "csv":
        print(_csv(report), end="")
    else:
        print(_table(report))
    return EXIT_OK


def _csv(report: ConsiderationReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["from", "to", *(k for k, _ in COLUMNS)])
    for line in [*report.lines, report.total]:
        data = line.as_json()
        writer.writerow([data["from"], data["to"], *(data[k] for k, _ in COLUMNS)])
    return out.getvalue()


def _table(report: ConsiderationReport) -> str:
    head = ["Period", *(label for _, label in COLUMNS)]
    body = [[line.label, *(str(line.counts.get(k, 0)) for k, _ in COLUMNS)]
            for line in report.lines]  # fmt: skip
    total = ["All", *(str(report.total.counts.get(k, 0)) for k, _ in COLUMNS)]
    widths = [max(len(r[i]) for r in [head, *body, total]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i])
                         for i, c in enumerate(cells)).rstrip()  # fmt: skip

    title = (f"Enrollment consideration cases, {report.start.isoformat()} to "
             f"{report.end.isoformat()}")  # fmt: skip
    rule = line(["-" * w for w in widths])
    return "\n".join([title, line(head), rule, *(line(r) for r in body), rule, line(total)])
