"""``liaison-desk report compliance [--from DATE] [--to DATE] [--format table|csv|json]``.

The default period is the current month so far, in the business calendar's timezone. Before
counting, follow-ups with the MCO that are due to exist are raised (as the client does on
refresh) so the follow-up standard is complete; a login that may not write still gets the
report.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from datetime import date

from ..calendar import BusinessCalendar
from ..clock import Clock, SystemClock
from ..db.engine import Database
from ..db.schema import current_revision
from ..services.calendar_config import load_calendar
from ..services.clocks import raise_follow_ups_where_allowed
from ..services.compliance import (
    GROUP_LABELS,
    JSON_KEYS,
    NO_GROUP,
    StandardRow,
    compliance_report,
    percent_met,
)
from ..services.context import ServiceContext

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
FORMATS = ("table", "csv", "json")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _UsageError(Exception):
    pass


def _parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    value = text.strip()
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise _UsageError(f"{option} needs a date as YYYY-MM-DD, got “{text}”") from None


def _fail(message: str, code: int) -> int:
    print(f"liaison-desk: {message}", file=sys.stderr)
    return code


def _no_schema(db: Database) -> int:
    return _fail(
        f"{db.describe()} has no Liaison Desk data yet; run `liaison-desk db upgrade` first.",
        EXIT_REFUSED,
    )


def report_period(
    db: Database, date_from: str | None, date_to: str | None, fmt: str, clock: Clock
) -> tuple[date, date, BusinessCalendar] | int:
    """A report's period from --from/--to (by default this month so far) and the office's
    calendar; or the exit code of a usage error or a database without schema, said."""
    if fmt not in FORMATS:
        return _fail(f"--format must be one of {', '.join(FORMATS)}, got “{fmt}”", EXIT_USAGE)
    try:
        start = _parse_date(date_from, "--from")
        end = _parse_date(date_to, "--to")
    except _UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    if current_revision(db) is None:
        return _no_schema(db)
    with db.read_session() as session:
        calendar = load_calendar(session)
    today = clock.now().astimezone(calendar.timezone).date()
    if start is None:
        start = (end or today).replace(day=1)
    if end is None:
        end = max(today, start)
    if end < start:
        return _fail(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            EXIT_USAGE,
        )
    return start, end, calendar


def run_compliance(
    db: Database,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    *,
    clock: Clock | None = None,
    by: str | None = None,
) -> int:
    """Print the compliance report (split by category or outcome with ``by``); 0 on
    success, 2 for bad dates or format."""
    clock = clock or SystemClock()
    period = report_period(db, date_from, date_to, fmt, clock)
    if isinstance(period, int):
        return period
    start, end, calendar = period
    raise_follow_ups_where_allowed(db, ServiceContext(clock=clock, calendar=calendar))

    with db.read_session() as session:
        rows = compliance_report(session, calendar, clock.now(), start, end, group_by=by)

    if fmt == "json":
        print(json.dumps([r.as_json() for r in rows], indent=2))
    elif fmt == "csv":
        print(to_csv(rows), end="")
    else:
        print(to_table(rows, start, end, calendar.timezone.key, by=by))
    return EXIT_OK


def to_csv(rows: list[StandardRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = (*JSON_KEYS, "group") if any(r.group is not None for r in rows) else JSON_KEYS
    writer.writerow(keys)
    for r in rows:
        values = r.as_json()
        writer.writerow(["" if values.get(k) is None else values[k] for k in keys])
    return out.getvalue()


def to_table(
    rows: list[StandardRow], start: date, end: date, tz: str, *, by: str | None = None
) -> str:
    title = f"Compliance with response-time standards, {start.isoformat()} to {end.isoformat()}"
    lines = [f"{title} ({tz}; milestones by due date)"]
    if not rows:
        lines.append("No milestones fell due in this period.")
        return "\n".join(lines)
    split = [GROUP_LABELS[by]] if by else []
    header = [
        "Track",
        "Priority",
        "Milestone",
        *split,
        "Due",
        "On time",
        "Late",
        "Overdue",
        "Not yet due",
        "% met",
        "Target",
    ]
    body = [
        [
            r.track,
            r.priority or "any",
            r.label or r.milestone,
            *([r.group or NO_GROUP[by]] if by else []),
            str(r.due),
            str(r.met_on_time),
            str(r.met_late),
            str(r.open_overdue),
            str(r.open_on_time),
            _share(r.percent_met),
            _target(r),
        ]
        for r in rows
    ]
    due = sum(r.due for r in rows)
    on_time = sum(r.met_on_time for r in rows)
    body.append(
        [
            "All",
            "",
            "",
            *([""] if by else []),
            str(due),
            str(on_time),
            str(sum(r.met_late for r in rows)),
            str(sum(r.open_overdue for r in rows)),
            str(sum(r.open_on_time for r in rows)),
            _share(
                percent_met(
                    on_time,
                    sum(r.met_late for r in rows),
                    sum(r.open_overdue for r in rows),
                )
            ),
            "",
        ]
    )
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    numeric = set(range(3 + len(split), len(header)))

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    lines += [line(header), line(["-" * w for w in widths]), *(line(r) for r in body[:-1])]
    lines += [line(["-" * w for w in widths]), line(body[-1])]
    return "\n".join(lines)


def run_daily(db: Database, out: str | None, *, clock: Clock | None = None) -> int:
    """``report daily [--out FILE.xlsx]``: the morning report (seed 004); without --out, a
    summary on the terminal."""
    from ..services.context import SYSTEM_ACTOR
    from ..services.daily_report import daily_report, export_daily_report

    if current_revision(db) is None:
        return _no_schema(db)
    clock = clock or SystemClock()
    with db.read_session() as session:
        calendar = load_calendar(session)
    raise_follow_ups_where_allowed(db, ServiceContext(clock=clock, calendar=calendar))
    with db.read_session() as session:
        report = daily_report(session, actor=SYSTEM_ACTOR, now=clock.now(), calendar=calendar)
    overdue = sum(i.state == "Overdue" for i in report.assigned)
    due_today = sum(i.state == "Due today" for i in report.assigned)
    line = (
        f"Daily report {report.day.isoformat()}: {len(report.assigned)} open "
        f"({overdue} overdue, {due_today} due today), {len(report.completed)} completed since "
        f"{report.since.astimezone(calendar.timezone):%m/%d/%Y}, {len(report.due)} clocks due "
        "today or overdue"
    )
    if out is None:
        print(line + ".")
        return EXIT_OK
    target = export_daily_report(report, calendar, out)  # InputRefused: one line, exit 1
    print(f"{line} — saved to {target}.")
    return EXIT_OK


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _target(row: StandardRow) -> str:
    if row.target_percent is None:
        return ""
    reached = {True: "reached", False: "not reached", None: "nothing decided"}[row.target_reached]
    return f"{row.target_percent:g} % ({reached})"


def run_access(db: Database, member: str) -> int:
    """``report access --member ID-OR-NAME``: every recorded opening of the member's
    inquiries, newest first (who, when, which)."""
    from ..services.access import accesses_for_member

    if current_revision(db) is None:
        return _no_schema(db)
    with db.read_session() as session:
        calendar = load_calendar(session)
        rows = accesses_for_member(session, ServiceContext(calendar=calendar), member)
    if not rows:
        print(f"No recorded openings of inquiries about “{member}”.")
        return EXIT_OK
    print(f"{'Opened':<22} {'By':<28} {'Inquiry':<12} Member")
    for row in rows:
        when = row.at.astimezone(calendar.timezone)
        print(f"{when:%m/%d/%Y %I:%M %p}    {row.who[:28]:<28} {row.reference:<12} {row.about}")
    return EXIT_OK
