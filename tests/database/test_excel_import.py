"""Importing the legacy MCO Inquiry Log: the messy fixture, rejects, idempotency, one
transaction, milestones and timelines of imported inquiries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone, ReferenceCounter, TimelineEntry
from liaison_desk.domain import Role
from liaison_desk.errors import InputRefused
from liaison_desk.excel.importer import (
    ImportCancelled,
    plan_import,
    write_plan,
)
from liaison_desk.excel.reader import open_workbook
from liaison_desk.excel.rejects import PROBLEMS_HEADER, write_rejects
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.references import next_reference
from tests.conftest import make_user
from tests.excel_builders import (
    MEMBER_HEADERS,
    member_row,
    messy_log,
    save,
    write_sheet,
)

CHICAGO = ZoneInfo("America/Chicago")


def _import(db: Database, ctx: ServiceContext, path: Path):  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        plan = plan_import(s, ctx, path)
    with db.session() as s:
        result = write_plan(s, ctx, plan)
    return plan, result


def _count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def lite_ctx(sqlite_db: Database, clock: ManualClock) -> ServiceContext:
    """For the tests that run on SQLite only: their actor must live in that database."""
    actor = make_user(sqlite_db, "lite", Role.LIAISON, "Lite Liaison")
    return ServiceContext(actor=actor, clock=clock)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return messy_log(tmp_path / "MCO_Mem_Prv_Tracking_Log.xlsx")


def test_recognises_sheets_header_rows_and_synonyms(messy: Path) -> None:
    with open_workbook(messy) as book:
        layouts = {lay.name: lay for lay in book.layouts}
        assert set(layouts) == {"Member", "Provider", "Supervisor Callbacks"}
        member = layouts["Member"]
        assert member.header_row == 4  # below two title rows and a blank one
        fields = member.fields
        assert fields["received_date"] == 0
        assert fields["received_time"] == 1  # "Time\nRec'd"
        assert fields["state_id"] == 4  # "Member State ID"
        assert fields["caller_phone"] == 6  # "Phone #"
        assert [c.header for c in member.ignored] == ["Comments 2"]
        assert layouts["Provider"].fields["npi"] == 4  # "NPI #"
        skipped = {s.name: s for s in book.skipped}
        assert "Notes" in skipped and not skipped["Notes"].quiet
        assert skipped["Lists"].quiet  # a hidden lookup sheet is passed over silently


def test_dry_run_counts_and_every_problem(db: Database, ctx: ServiceContext, messy: Path) -> None:
    with db.read_session() as s:
        plan = plan_import(s, ctx, messy)
    assert plan.summary() == "5 rows to add, 0 already imported, 3 rejected"
    lines = [p.line() for p in plan.errors]
    assert 'Member row 9, column "Member State ID": “1234567” is a number' in lines[0]
    assert any('Member row 9, column "MCO": “Acme Health” is not an MCO' in x for x in lines)
    assert any('Member row 9, column "Priority": “Whenever”' in x for x in lines)
    assert any(
        'Member row 10, column "Date Rec\'d": 12/25/2026' in x and "future" in x for x in lines
    )
    assert any('Member row 10, column "Phone #"' in x for x in lines)
    assert any('Provider row 4, column "NPI #"' in x and "check digit" in x for x in lines)
    notes = [p.line() for p in plan.notes]
    assert any("ignored column" in x and "Comments 2" in x for x in notes)
    assert any("Member row 8: hidden row" in x for x in notes)
    assert any("Member row 11: a totals row" in x for x in notes)
    assert any("Notes: sheet skipped" in x for x in notes)
    assert {r.row for r in plan.rejected} == {9, 10, 4}
    counts = plan.counts["Member"]
    assert (counts.to_add, counts.rejected, counts.blank, counts.skipped, counts.hidden) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert _count(db, Inquiry) == 0  # a dry run writes nothing


def test_import_writes_inquiries_timelines_and_milestones(
    db: Database, ctx: ServiceContext, messy: Path
) -> None:
    _plan, result = _import(db, ctx, messy)
    assert result.summary() == "5 rows added, 0 already imported, 3 rejected"
    with db.read_session() as s:
        inquiries = {i.member_name or i.provider_name: i for i in s.scalars(select(Inquiry))}
        jane = inquiries["Jane Doe"]
        wellpoint = s.scalars(select(Mco).where(Mco.name == "Wellpoint Iowa")).one()
        assert jane.mco_id == wellpoint.id  # "Amerigroup" is Wellpoint Iowa now
        assert jane.priority == "high" and jane.status == "awaiting_mco"
        assert jane.received_at == datetime(2026, 11, 2, 9, 30, tzinfo=CHICAGO)
        assert jane.reference == "261102-0001"
        assert jane.caller_phone == "+15155550142"
        assert jane.assignee is not None and jane.assignee.login == "lliaison"
        assert jane.mco_department == "Case Management"
        assert jane.import_key and not jane.import_key.startswith("ref:")
        kinds = [(e.kind, e.summary) for e in jane.timeline]
        assert kinds[0][0] == "imported"
        assert "Imported from MCO_Mem_Prv_Tracking_Log.xlsx, sheet Member, row 5" in kinds[0][1]
        notes = [e for e in jane.timeline if e.kind == "note"]
        assert [n.summary for n in notes] == [
            "Caller very upset",
            "called MCO, no answer",
            "spoke with case manager",
            "MCO called member",
        ]
        assert notes[2].notes == "spoke with case manager\nshe will call back"
        assert notes[2].at.astimezone(CHICAGO).date().isoformat() == "2026-11-03"
        assert {e.kind for e in jane.timeline} >= {"contact", "referral", "mco_update"}
        ms = {m.kind: m for m in jane.milestones}
        assert ms["contact_originator"].closed_reason == "met"
        assert ms["mco_contact"].started_at.astimezone(CHICAGO).date().isoformat() == "2026-11-03"
        assert ms["mco_contact"].met_at is not None  # MCO contacted the member on 11/4
        assert ms["mco_contact"].met_by_entry_id is not None

        john = inquiries["John Roe"]
        assert john.status == "resolved" and john.closed
        assert john.resolution == "MCO approved the refill"
        assert john.received_at == datetime(2026, 10, 25, 14, 30, tzinfo=CHICAGO)
        assert john.member_state_id == "7654321B"
        assert john.assignee_id is None
        imported = john.timeline[0]
        assert imported.data["assigned_to"] == "Nobody Known"
        assert all(m.closed_reason is not None for m in john.milestones)
        assert john.next_due_at is None
        assert john.decision == "ime"

        al = inquiries["Al Smith"]
        assert al.received_at == datetime(2026, 11, 5, 14, 15, tzinfo=CHICAGO)
        assert al.priority == "escalated" and al.status == "open"
        assert al.next_due_at is not None

        acme = inquiries["Acme Family Clinic"]
        assert acme.npi == "1234567893"
        assert acme.contact_phone == "+15155550199"
        assert sorted(m.short_name for m in acme.mcos) == ["ITC", "Molina"]
        assert acme.received_at == datetime(2026, 10, 1, 13, 6, tzinfo=CHICAGO)

        carl = next(i for i in s.scalars(select(Inquiry)) if i.caller_name == "Carl Caller")
        assert carl.track == "ime_callback" and carl.status == "resolved"
        attempts = [e for e in carl.timeline if e.kind == "callback_attempt"]
        assert [a.outcome for a in attempts] == ["voicemail", "no_answer"]
        letter = next(e for e in carl.timeline if e.kind == "letter")
        callback = next(m for m in carl.milestones if m.kind == "callback")
        assert callback.met_by_entry_id == letter.id  # the letter answered the caller
        assert carl.callback_completed_at is not None


def test_reimport_adds_nothing(db: Database, ctx: ServiceContext, messy: Path) -> None:
    _import(db, ctx, messy)
    before = (_count(db, Inquiry), _count(db, TimelineEntry), _count(db, Milestone))
    with db.read_session() as s:
        plan = plan_import(s, ctx, messy)
    assert plan.summary() == "0 rows to add, 5 already imported, 3 rejected"
    with db.session() as s:
        result = write_plan(s, ctx, plan)
    assert result.added == 0
    assert (_count(db, Inquiry), _count(db, TimelineEntry), _count(db, Milestone)) == before


def test_overlapping_later_version_adds_only_new_rows(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    first = Workbook()
    write_sheet(
        first,
        "Member",
        MEMBER_HEADERS,
        [
            member_row(),
            member_row(**{"Member Name": "B Person", "Issue Description": "b"}),
        ],
    )
    _import(db, ctx, save(first, tmp_path / "v1.xlsx"))
    # A week later: rows inserted above, one reformatted date, one row changed status.
    later = Workbook()
    write_sheet(
        later,
        "Member",
        MEMBER_HEADERS,
        [
            member_row(**{"Member Name": "New Person", "Issue Description": "new"}),
            member_row(
                **{
                    "Member Name": "B Person",
                    "Issue Description": "b",
                    "Date Rec'd": "11/02/2026",
                    "Status": "In Progress",
                }
            ),
            None,
            member_row(),
        ],
        title_rows=[["Log v2"]],
    )
    with db.read_session() as s:
        plan = plan_import(s, ctx, save(later, tmp_path / "v2.xlsx"))
    assert plan.summary() == "1 row to add, 2 already imported, 0 rejected"
    with db.session() as s:
        write_plan(s, ctx, plan)
    assert _count(db, Inquiry) == 3


def test_duplicate_rows_in_one_file_are_imported_once(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    write_sheet(wb, "Member", MEMBER_HEADERS, [member_row(), member_row()])
    with db.read_session() as s:
        plan = plan_import(s, ctx, save(wb, tmp_path / "dup.xlsx"))
    assert plan.summary() == "1 row to add, 1 already imported, 0 rejected"
    assert any("the same inquiry as Member row 2" in p.line() for p in plan.notes)


def test_references_follow_the_days_counter_and_are_never_reused(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    with db.session() as s:
        assert next_reference(s, datetime(2026, 11, 2).date()) == "261102-0001"
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        MEMBER_HEADERS,
        [
            member_row(**{"Time\nRec'd": "11:00 AM", "Member Name": "Later"}),
            member_row(**{"Time\nRec'd": "8:15 AM", "Member Name": "Earlier"}),
        ],
    )
    _import(db, ctx, save(wb, tmp_path / "refs.xlsx"))
    with db.read_session() as s:
        refs = dict(s.execute(select(Inquiry.member_name, Inquiry.reference)).all())
        assert refs == {"Earlier": "261102-0002", "Later": "261102-0003"}
        assert s.get(ReferenceCounter, "261102").last_seq == 3  # type: ignore[union-attr]
    with db.session() as s:
        assert next_reference(s, datetime(2026, 11, 2).date()) == "261102-0004"


def test_rejects_workbook_can_be_fixed_and_imported(
    db: Database, ctx: ServiceContext, messy: Path, tmp_path: Path
) -> None:
    plan, _ = _import(db, ctx, messy)
    out = write_rejects(tmp_path / "rejects.xlsx", plan.rejected)
    wb = load_workbook(out)
    ws = wb["Member"]
    headers = [c.value for c in ws[1]]
    assert headers[: len(MEMBER_HEADERS)] == [" ".join(h.split()) for h in MEMBER_HEADERS]
    assert headers[-1] == PROBLEMS_HEADER
    assert "is a number" in ws.cell(row=2, column=len(headers)).value
    assert ws.cell(row=2, column=len(headers) - 1).value == 9  # the source row
    # Fix the rows as a person would, then import the rejects file.
    ws.cell(row=2, column=5, value="1234567A")
    ws.cell(row=2, column=8, value="Molina")
    ws.cell(row=2, column=9, value="Escalated")
    ws.cell(row=3, column=1, value="11/20/2026")
    ws.cell(row=3, column=7, value="515-555-0177")
    wb["Provider"].cell(row=2, column=5, value="1234567893")
    wb["Provider"].cell(row=2, column=4, value="Other Clinic")
    wb.save(out)
    with db.read_session() as s:
        again = plan_import(s, ctx, out)
    assert again.summary() == "3 rows to add, 0 already imported, 0 rejected"
    ignored = [p.column for p in again.notes if "ignored column" in p.message]
    assert ignored == ["Comments 2"]  # "Source Row" and "Problems" are read past quietly


def test_cancelled_import_writes_nothing(db: Database, ctx: ServiceContext, messy: Path) -> None:
    with db.read_session() as s:
        plan = plan_import(s, ctx, messy)
    with pytest.raises(ImportCancelled), db.session() as s:
        write_plan(s, ctx, plan, cancel=lambda: True)
    assert _count(db, Inquiry) == 0
    assert _count(db, TimelineEntry) == 0
    with db.read_session() as s:
        assert s.get(ReferenceCounter, "261102") is None


def test_cancel_during_the_dry_run(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    rows = [member_row(**{"Member Name": f"P{i}"}) for i in range(600)]
    write_sheet(wb, "Member", MEMBER_HEADERS, rows)
    seen: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled), sqlite_db.read_session() as s:
        plan_import(
            s,
            lite_ctx,
            save(wb, tmp_path / "big.xlsx"),
            cancel=lambda: True,
            progress=lambda d, t: seen.append((d, t)),
        )
    assert seen and seen[-1][0] <= seen[-1][1]


def test_a_workbook_without_log_sheets_is_refused(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    wb.active.append(["Name", "Amount"])
    wb.active.append(["x", 1])
    with (
        pytest.raises(InputRefused, match="does not look like the MCO Inquiry Log"),
        sqlite_db.read_session() as s,
    ):
        plan_import(s, lite_ctx, save(wb, tmp_path / "other.xlsx"))


def test_headers_only_is_refused_as_empty(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    write_sheet(wb, "Member", MEMBER_HEADERS, [])
    with pytest.raises(InputRefused, match="no rows to import"), sqlite_db.read_session() as s:
        plan_import(s, lite_ctx, save(wb, tmp_path / "empty.xlsx"))


def test_sheet_recognised_by_headers_whatever_its_name(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    write_sheet(wb, "FY27 log (2)", MEMBER_HEADERS, [member_row()])
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite_ctx, save(wb, tmp_path / "named.xlsx"))
    assert plan.layouts[0].kind == "member"
    assert len(plan.to_add) == 1


def test_status_and_dates_must_agree(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        MEMBER_HEADERS,
        [
            member_row(**{"Status": "Closed"}),  # closed, but no resolution and no date
            member_row(**{"Member Name": "B", "Status": "Open", "Date Resolved": "11/10/2026"}),
            member_row(**{"Member Name": "C", "Date Member Contacted": "10/01/2026"}),  # before
            member_row(**{"Member Name": "D", "MCO": "Not enrolled"}),
        ],
    )
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite_ctx, save(wb, tmp_path / "status.xlsx"))
    errors = [p.line() for p in plan.errors]
    assert any("row 2" in x and "neither the date resolved nor the resolution" in x for x in errors)
    assert any("row 3" in x and "date resolved is filled in" in x for x in errors)
    assert any("row 4" in x and "before the inquiry was received" in x for x in errors)
    (d,) = plan.to_add
    assert d.fields["track"] == "ime_callback"  # not enrolled → Unit Lead callback


def test_a_row_closed_as_a_duplicate_keeps_those_words_as_its_resolution(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        MEMBER_HEADERS,
        [
            member_row(**{"Status": "Closed - duplicate", "Date Resolved": "11/03/2026"}),
            member_row(**{"Member Name": "B", "Status": "Closed", "Date Resolved": "11/03/2026"}),
            member_row(**{"Member Name": "C", "Status": "2 - Escalated"}),
        ],
    )
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite_ctx, save(wb, tmp_path / "dup.xlsx"))
    assert not plan.errors, [p.line() for p in plan.errors]
    by_name = {p.fields["member_name"]: p.fields for p in plan.to_add}
    assert by_name["Jane Doe"]["status"] == "resolved"
    assert by_name["Jane Doe"]["resolution"] == (
        "Closed in the log as “Closed - duplicate” (no resolution was written)."
    )
    assert by_name["B"]["resolution"] == "Resolved (no resolution was written in the log)."
    assert by_name["C"]["status"] == "in_progress"


def test_import_keeps_utc_and_clock(db: Database, ctx: ServiceContext, messy: Path) -> None:
    _import(db, ctx, messy)
    with db.read_session() as s:
        created = {i.created_at for i in s.scalars(select(Inquiry))}
    assert created == {ctx.clock.now().astimezone(UTC)}


def test_sqlite_stores_imported_times_like_the_orm(
    sqlite_db: Database, lite_ctx: ServiceContext, messy: Path
) -> None:
    """SQLite compares stored times as text: the bulk path must write SQLAlchemy's format."""
    from sqlalchemy import text

    from liaison_desk.services import intake

    _import(sqlite_db, lite_ctx, messy)
    with sqlite_db.session() as s:
        intake.create_callback_request(
            s, lite_ctx, intake.CallbackRequest("Ann", "515-555-0100", "Why?", member_name="Ann")
        )
    with sqlite_db.read_session() as s:
        shapes = set(
            s.execute(
                text(
                    "SELECT length(received_at), length(created_at), substr(received_at, 20, 1) "
                    "FROM inquiries UNION SELECT length(at), length(recorded_at), "
                    "substr(at, 20, 1) FROM timeline_entries UNION SELECT length(due_at), "
                    "length(started_at), substr(due_at, 20, 1) FROM milestones"
                )
            )
        )
    assert shapes == {(26, 26, ".")}


def test_rejects_keep_formula_looking_text_as_text(tmp_path: Path) -> None:
    from liaison_desk.excel.headers import SheetKind
    from liaison_desk.excel.importer import Problem, RejectedRow

    row = RejectedRow(
        "Member",
        SheetKind.MEMBER,
        5,
        ["Date Received", "=cmd|' /C calc'!A0"],
        ['=HYPERLINK("http://x")', "@SUM(1)"],
        [Problem("Member", 5, None, "-bad")],
    )
    out = write_rejects(tmp_path / "r.xlsx", [row])
    ws = load_workbook(out)["Member"]
    cells = [c for r in ws.iter_rows() for c in r if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert ws["B1"].value == "=cmd|' /C calc'!A0"
    assert ws["A2"].value == '=HYPERLINK("http://x")' and ws["A2"].quotePrefix


def _as_strict(source: Path, target: Path) -> Path:
    """The workbook as Excel's "Strict Open XML Spreadsheet" names it, dates as ISO text
    cells (t="d"), as Excel writes them in that format."""
    import re
    import zipfile

    names = [
        (
            "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main",
        ),
        (
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "http://purl.oclc.org/ooxml/officeDocument/relationships",
        ),
    ]
    with zipfile.ZipFile(source) as zf, zipfile.ZipFile(target, "w") as out:
        for info in zf.infolist():
            data = zf.read(info).decode("utf-8")
            for usual, strict in names:
                data = data.replace(usual, strict)
            if info.filename == "xl/workbook.xml":
                data = data.replace("<workbook ", '<workbook conformance="strict" ', 1)
            if info.filename.startswith("xl/worksheets/"):
                # The first Member row's date received as an ISO date cell.
                data = re.sub(
                    r'<c r="A5"([^>]*?) t="n"><v>[^<]*</v></c>|<c r="A5"([^>]*?)><v>[^<]*</v></c>',
                    '<c r="A5" t="d"><v>2026-11-02T00:00:00</v></c>',
                    data,
                    count=1,
                )
            out.writestr(info, data.encode("utf-8"))
    return target


def test_a_strict_open_xml_workbook_reads_like_the_usual_one(
    sqlite_db: Database, lite_ctx: ServiceContext, messy: Path, tmp_path: Path
) -> None:
    strict = _as_strict(messy, tmp_path / "strict.xlsx")
    with sqlite_db.read_session() as s:
        usual = plan_import(s, lite_ctx, messy)
        got = plan_import(s, lite_ctx, strict)
    assert got.summary() == usual.summary()
    assert [p.import_key for p in got.to_add] == [p.import_key for p in usual.to_add]
    assert [p.line() for p in got.problems] == [p.line() for p in usual.problems]


def test_first_and_last_name_columns_make_the_members_name(
    sqlite_db: Database, lite_ctx: ServiceContext, tmp_path: Path
) -> None:
    headers = [
        "Date Received",
        "Time",
        "Rec'd From",
        "Member First Name",
        "Member Last Name",
        "State ID",
        "Caller",
        "Phone #",
        "MCO",
        "Priority",
        "Issue",
        "Status",
    ]
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        headers,
        [
            [
                datetime(2026, 11, 2),
                "9:30 AM",
                "CSR",
                "Jane",
                "Doe",
                "1234567A",
                "Jane Doe",
                "515-555-0142",
                "ITC",
                "High",
                "Needs a ride",
                "Open",
            ],
            [
                datetime(2026, 11, 2),
                "9:45 AM",
                "CSR",
                None,
                None,
                "7654321B",
                "Al Roe",
                "515-555-0143",
                "ITC",
                "High",
                "No name at all",
                "Open",
            ],
        ],
    )
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite_ctx, save(wb, tmp_path / "names.xlsx"))
    assert [p.fields["member_name"] for p in plan.to_add] == ["Jane Doe"]
    assert any("row 3" in p.line() and "member's name is empty" in p.line() for p in plan.errors)
    assert not any("no column for" in p.message for p in plan.problems)


def test_a_provider_row_sent_to_two_mcos_gets_a_clock_for_each(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    from tests.excel_builders import PROVIDER_HEADERS, provider_row

    wb = Workbook()
    write_sheet(
        wb,
        "Provider",
        PROVIDER_HEADERS,
        [
            provider_row(
                **{
                    "MCO(s)": "ITC / Molina",
                    "Date Sent to MCO": "10/01/2026",
                    "Date MCO Contacted Provider": None,
                }
            )
        ],
    )
    plan, _ = _import(db, ctx, save(wb, tmp_path / "two.xlsx"))
    assert not plan.errors, [p.line() for p in plan.errors]
    with db.read_session() as s:
        clocks = s.scalars(select(Milestone).where(Milestone.kind == "mco_contact")).all()
        names = sorted(s.get(Mco, m.mco_id).name for m in clocks if m.mco_id)  # type: ignore[union-attr]
        referrals = s.scalars(select(TimelineEntry).where(TimelineEntry.kind == "referral")).all()
        referred = sorted(e.data["mco_id"] for e in referrals)
        clock_mcos = sorted(m.mco_id for m in clocks)
    assert names == ["Iowa Total Care", "Molina Healthcare of Iowa"]
    assert len(clock_mcos) == 2
    assert referred == clock_mcos


def test_a_log_without_a_caller_column_takes_the_member_as_the_caller(
    lite_ctx: ServiceContext, sqlite_db: Database, tmp_path: Path
) -> None:
    # Some offices' logs never had a Caller column; their Total row sits under the names.
    headers = [h for h in MEMBER_HEADERS if h != "Caller"]

    def row(**kw: object) -> list[object]:
        full = dict(zip(MEMBER_HEADERS, member_row(**kw), strict=True))
        return [full[h] for h in headers]

    total = [None] * len(headers)
    total[headers.index("Member Name")] = "Total"
    total[headers.index("Issue Description")] = 2
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        headers,
        [row(), row(**{"Member Name": "Ana Ruiz", "Member State ID": "7654321B"}), total],
    )
    path = save(wb, tmp_path / "no-caller.xlsx")
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite_ctx, path)
    assert plan.summary() == "2 rows to add, 0 already imported, 0 rejected"
    notes = [p.line() for p in plan.notes]
    assert any(
        "no “Caller Name” column" in x and "taken as the person who called" in x for x in notes
    )
    assert any("Member row 4: a totals row" in x for x in notes)
    with sqlite_db.session() as s:
        write_plan(s, lite_ctx, plan)
    with sqlite_db.read_session() as s:
        names = {i.member_name: i.caller_name for i in s.scalars(select(Inquiry))}
    assert names == {"Jane Doe": None, "Ana Ruiz": None}


def test_a_total_row_with_a_date_is_still_an_inquiry_about_total_care(
    lite_ctx: ServiceContext, sqlite_db: Database, tmp_path: Path
) -> None:
    wb = Workbook()
    write_sheet(wb, "Member", MEMBER_HEADERS, [member_row(**{"Member Name": "Total Care Smith"})])
    path = save(wb, tmp_path / "total-care.xlsx")
    with sqlite_db.read_session() as s:
        plan = plan_import(s, lite_ctx, path)
    assert plan.summary() == "1 row to add, 0 already imported, 0 rejected"
