"""A log large enough that the import writes each table in several statements (SQLite takes
hundreds of rows a statement): every row lands once, numbered in order of receipt, each
timeline chained 1, 2, 3 … with a history that verifies, and every inquiry findable."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import event, func, select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, InquirySearch, TimelineEntry
from liaison_desk.domain import Role
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.record_chain import verify_chains
from tests.conftest import make_user
from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet

ROWS = 1_200  # more than two statements' worth of inquiries on SQLite


def _log(path: Path, rows: int = ROWS) -> Path:
    wb = Workbook()
    start = datetime(2026, 9, 1, 8, 0)
    rows = [
        member_row(
            **{
                "Date Rec'd": start + timedelta(days=i // 40),
                "Time\nRec'd": f"{8 + i % 9}:{i % 60:02d} AM"
                if i % 9 < 4
                else f"{i % 9 - 3}:05 PM",
                "Member Name": f"Person Number{i}",
                "Member State ID": f"{1000000 + i}A",
                "Issue Description": f"Ride to dialysis missed, case {i}",
                "Updates": f"9/{1 + i // 40 % 28} - called member\nleft word with the MCO {i}",
            }
        )
        for i in range(rows)
    ]
    write_sheet(wb, "Member", MEMBER_HEADERS, rows)
    return save(wb, path)


def test_a_large_log_lands_whole_chained_and_searchable(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    path = _log(tmp_path / "MCO_Mem_Prv_Tracking_Log.xlsx")
    with db.read_session() as s:
        plan = plan_import(s, ctx, path)
    assert len(plan.to_add) == ROWS, [p.line() for p in plan.errors[:3]]
    with db.session() as s:
        result = write_plan(s, ctx, plan)
    assert result.added == ROWS
    with db.read_session() as s:
        refs = s.scalars(select(Inquiry.reference).order_by(Inquiry.received_at, Inquiry.id))
        by_day: dict[str, list[int]] = {}
        for ref in refs:
            day, _, seq = ref.partition("-")
            by_day.setdefault(day, []).append(int(seq))
        assert sum(len(v) for v in by_day.values()) == ROWS
        assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in by_day.values())
        t = TimelineEntry
        gaps = s.execute(
            select(t.inquiry_id)
            .group_by(t.inquiry_id)
            .having(func.max(t.chain_seq) != func.count())
        ).all()
        assert gaps == []
        assert s.scalar(select(func.count()).where(t.chain_hash.is_(None))) == 0
        report = verify_chains(s)
        assert report.ok and report.broken is None
        last = s.scalar(
            select(InquirySearch.doc)
            .join(Inquiry, Inquiry.id == InquirySearch.inquiry_id)
            .where(Inquiry.member_name == f"Person Number{ROWS - 1}")
        )
        assert last is not None
        assert f"person number{ROWS - 1}" in last and f"left word with the mco {ROWS - 1}" in last


def test_an_sqlite_build_that_takes_few_parameters_gets_shorter_statements(
    sqlite_db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    """SQLite may be built to take fewer parameters a statement (999 before 3.32): the import
    asks the connection, and writes one row a statement where a row has more columns."""
    ctx = ServiceContext(actor=make_user(sqlite_db, "lite", Role.LIAISON, "Lite"), clock=clock)
    sqlite_db.engine.dispose()

    def few(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 100)

    event.listen(sqlite_db.engine, "connect", few)
    path = _log(tmp_path / "log.xlsx", rows=60)
    with sqlite_db.read_session() as s:
        plan = plan_import(s, ctx, path)
    with sqlite_db.session() as s:
        assert write_plan(s, ctx, plan).added == 60
    with sqlite_db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 60
        assert verify_chains(s).ok
