"""The morning report of seed 004: open work by assignee, completed since the previous
business day began (highlighted blue), clocks due today or overdue."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.domain import Priority, Role
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.daily_report import UNASSIGNED, daily_report, export_daily_report
from tests.action_helpers import as_role, callback_request, member_inquiry, run

CHICAGO = ZoneInfo("America/Chicago")


def _resolve(db: Database, ctx: ServiceContext, inquiry_id: int) -> None:
    with db.read_session() as s:
        version = s.get(Inquiry, inquiry_id).version  # type: ignore[union-attr]
    run(db, actions.resolve, ctx, inquiry_id, version, resolution="Sorted out with the MCO.")


def test_the_morning_report(
    db: Database,
    ctx: ServiceContext,
    clock: ManualClock,
    calendar: BusinessCalendar,
    tmp_path: Path,
) -> None:
    at = lambda d, h, m=0: datetime(2026, 11, d, h, m, tzinfo=CHICAGO)  # noqa: E731
    clock.set(at(20, 9))  # Friday
    friday = member_inquiry(db, ctx, Priority.HIGH, member_name="Friday Member")
    clock.set(at(20, 10))
    _resolve(db, ctx, friday)  # completed before the previous business day: not listed
    clock.set(at(23, 9))  # Monday
    monday = member_inquiry(db, ctx, Priority.HIGH, member_name="Monday Member")
    overdue = member_inquiry(db, ctx, Priority.HIGH, member_name="Overdue Member")
    clock.set(at(23, 15))
    _resolve(db, ctx, monday)
    clock.set(at(24, 8, 30))  # Tuesday morning, report time
    today = member_inquiry(db, ctx, Priority.HIGH, member_name="Today Member")  # due 12:30
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Cass CSR")
    callback_request(db, csr)

    with db.read_session() as s:
        report = daily_report(s, actor=ctx.actor, now=clock.now(), calendar=calendar)
    assert report.day.isoformat() == "2026-11-24"
    assert report.since.astimezone(CHICAGO) == at(23, 0)
    states = {i.subject: (i.assignee, i.state) for i in report.assigned}
    assert states["Overdue Member"] == ("Lee Liaison", "Overdue")  # 4 business hours from Mon 9
    assert states["Today Member"] == ("Lee Liaison", "Due today")
    assert states["Bao Nguyễn"] == (UNASSIGNED, "On track")  # 2 business days, told the caller
    assert report.assigned[-1].assignee == UNASSIGNED  # grouped by person, unassigned last
    assert [d.subject for d in report.completed] == ["Monday Member"]
    due = {(d.reference, d.milestone): d.overdue for d in report.due}
    refs = {i.subject: i.reference for i in report.assigned}
    assert due[(refs["Overdue Member"], "Contact originator")] is True
    assert due[(refs["Today Member"], "Contact originator")] is False
    del today, overdue

    out = export_daily_report(report, calendar, tmp_path / "daily.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "Assigned", "Completed", "Due"]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Open items"] == 3 and summary["Overdue"] == 1
    done = wb["Completed"]
    assert done["C2"].value == "Monday Member"
    assert done["A2"].fill.fgColor.rgb == "FFBDD7EE"  # blue, as the procedure marks them
    assert done["F2"].value == datetime(2026, 11, 23, 15, 0)  # office time, a real date
    assert wb["Assigned"].freeze_panes == "A2"


def test_report_daily_on_the_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from liaison_desk.cli import main

    url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "demo-data", "--count", "40"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "report", "daily"]) == 0
    assert capsys.readouterr().out.startswith("Daily report ")
    out = tmp_path / "morning.xlsx"
    assert main(["--db", url, "report", "daily", "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames == ["Summary", "Assigned", "Completed", "Due"]
    assert main(["--db", url, "report", "daily", "--out", str(tmp_path / "no" / "x.xlsx")]) == 1
    assert "does not exist" in capsys.readouterr().err
