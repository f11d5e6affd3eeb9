"""The committed fixtures saved by LibreOffice (not openpyxl): the same log as .xlsx (its own
XML, shared strings, styles and date formats), as Excel 97–2003 .xls (BIFF8 records) and as
OpenDocument .ods. How they were made: tests/fixtures/make_libreoffice_fixture.py."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import olefile  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.services.context import ServiceContext

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIXTURE = FIXTURES / "legacy_log_libreoffice.xlsx"
CHICAGO = ZoneInfo("America/Chicago")


def test_the_fixture_was_saved_by_libreoffice() -> None:
    with zipfile.ZipFile(FIXTURE) as zf:
        assert "LibreOffice" in zf.read("docProps/app.xml").decode()
    with olefile.OleFileIO(str(FIXTURES / "legacy_log_libreoffice.xls")) as ole:
        assert ole.exists("Workbook")  # BIFF8, as Excel 97–2003 writes
    with zipfile.ZipFile(FIXTURES / "legacy_log_libreoffice.ods") as zf:
        assert zf.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert "LibreOffice" in zf.read("meta.xml").decode()


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_libreoffice_workbook_imports(db: Database, ctx: ServiceContext, suffix: str) -> None:
    with db.read_session() as s:
        plan = plan_import(s, ctx, FIXTURE.with_suffix(suffix))
    assert plan.summary() == "5 rows to add, 0 already imported, 1 rejected"
    lines = [p.line() for p in plan.problems]
    assert any(
        x.startswith('Member row 9, column "Mbr State ID": “4567890” is a number') for x in lines
    )
    assert "Member row 7: hidden row; imported like the others" in lines
    assert "Member row 10: a totals row, not an inquiry; skipped" in lines
    with db.session() as s:
        write_plan(s, ctx, plan)
    with db.read_session() as s:
        by_name = {i.member_name or i.provider_name: i for i in s.scalars(select(Inquiry))}
        maria = by_name["Maria Garcia"]
        assert maria.received_at == datetime(2025, 11, 3, 9, 30, tzinfo=CHICAGO)
        assert maria.mco is not None and maria.mco.name == "Wellpoint Iowa"
        assert maria.status == "resolved" and maria.resolution == "PA approved by MCO"
        assert maria.source == "Managed Care Ombudsman"
        notes = [e.summary for e in maria.timeline if e.kind == "note"]
        assert notes == [
            "spoke w/ member, gathered info",
            "sent to AGP case mgmt",
            "MCO called member, PA approved",
        ]
        tom = by_name["Tom Nguyen"]
        assert tom.received_at == datetime(2025, 11, 4, 14, 15, tzinfo=CHICAGO)
        assert tom.caller_phone == "+15155550102"
        assert (tom.priority, tom.status) == ("escalated", "in_progress")
        ann = by_name["Ann Olson"]
        assert ann.received_at == datetime(2025, 11, 5, 10, 30, tzinfo=CHICAGO)
        assert ann.source == "Legislative Liaison"
        clinic = by_name["Prairie Family Clinic"]
        assert clinic.npi == "1234567893"
        assert sorted(m.short_name for m in clinic.mcos) == ["ITC", "Molina"]
        assert clinic.contact_phone == "+15155550199"
        assert clinic.status == "awaiting_mco"
        mia = by_name["Mia Caller"]
        assert mia.track == "ime_callback" and mia.status == "resolved"
        assert [e.outcome for e in mia.timeline if e.kind == "callback_attempt"] == [
            "voicemail",
            "no_answer",
        ]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_workbook_saved_under_an_xlsx_name_is_read_by_what_it_is(
    db: Database, ctx: ServiceContext, suffix: str, tmp_path: Path
) -> None:
    renamed = tmp_path / "MCO Inquiry Log.xlsx"
    renamed.write_bytes(FIXTURE.with_suffix(suffix).read_bytes())
    with db.read_session() as s:
        assert plan_import(s, ctx, renamed).summary() == (
            "5 rows to add, 0 already imported, 1 rejected"
        )
