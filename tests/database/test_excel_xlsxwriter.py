"""The committed fixture written the way Excel writes (XlsxWriter, not openpyxl): merged title
cells, Excel's number formats, a frozen and filtered header, a hidden row, a totals formula
and a sheet formatted as an Excel table. How it was made:
tests/fixtures/make_xlsxwriter_fixture.py."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.services.context import ServiceContext

FIXTURE = Path(__file__).parents[1] / "fixtures" / "legacy_log_xlsxwriter.xlsx"
CHICAGO = ZoneInfo("America/Chicago")


def test_the_fixture_was_written_by_xlsxwriter_with_an_excel_table() -> None:
    with zipfile.ZipFile(FIXTURE) as zf:
        assert "Microsoft Excel" in zf.read("docProps/app.xml").decode()  # as it says
        assert "xl/tables/table1.xml" in zf.namelist()
        assert "[$-409]m/d/yy h:mm AM/PM;@" in zf.read("xl/styles.xml").decode()


def test_excel_style_workbook_imports(db: Database, ctx: ServiceContext) -> None:
    with db.read_session() as s:
        plan = plan_import(s, ctx, FIXTURE)
    assert plan.summary() == "4 rows to add, 0 already imported, 1 rejected"
    lines = [p.line() for p in plan.problems]
    assert any(
        x.startswith('Member Escalations row 8, column "Member State ID": “4567890” is a number')
        for x in lines
    ), lines
    assert "Member Escalations row 6: hidden row; imported like the others" in lines
    assert "Member Escalations row 10: a totals row, not an inquiry; skipped" in lines
    with db.session() as s:
        write_plan(s, ctx, plan)
    with db.read_session() as s:
        by_name = {i.member_name or i.provider_name: i for i in s.scalars(select(Inquiry))}
        mary = by_name["Mary O'Brien"]
        assert mary.received_at == datetime(2026, 11, 2, 9, 15, tzinfo=CHICAGO)
        assert mary.mco is not None and mary.mco.name == "Wellpoint Iowa"
        assert (mary.priority, mary.status) == ("high", "resolved")
        assert mary.caller_phone == "+15155550142"  # stored as a number in the sheet
        assert [e.summary for e in mary.timeline if e.kind == "note"] == [
            "called member",
            "sent to MCO UM",
            "MCO called member",
        ]
        an = by_name["Nguyễn Văn An"]
        assert an.received_at == datetime(2026, 11, 5, 14, 30, tzinfo=CHICAGO)
        assert (an.priority, an.status) == ("escalated", "awaiting_mco")
        assert an.source == "Managed Care Ombudsman"
        bob = by_name["Bob Smith"]
        assert bob.received_at == datetime(2026, 11, 6, 10, 30, tzinfo=CHICAGO)
        assert bob.description == "=Cannot reach case manager"  # text, kept as typed
        clinic = by_name["Des Moines Family Clinic"]
        assert clinic.received_at == datetime(2026, 11, 9, 10, 5, tzinfo=CHICAGO)
        assert clinic.npi == "1234567893"
        assert sorted(m.short_name for m in clinic.mcos) == ["ITC", "Molina"]
        assert clinic.contact_phone.startswith("+15155550111")
        assert clinic.status == "in_progress"
