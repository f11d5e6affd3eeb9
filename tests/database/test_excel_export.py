"""Exporting the log: layout, formatting, injection safety, redaction, filters, and the round
trip (export, then import into an empty database, gives back the same inquiries)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.domain import Channel, Party, Priority, Role
from liaison_desk.excel.exporter import MILESTONE_HEADERS, export_workbook
from liaison_desk.excel.headers import LEGACY_HEADERS, SheetKind
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.services import actions, intake
from liaison_desk.services.actions import McoUpdate
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import mco_id, run
from tests.conftest import make_user

CHICAGO = ZoneInfo("America/Chicago")
INJECTIONS = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def _populate(db: Database, ctx: ServiceContext, clock: ManualClock) -> dict[str, int]:
    """A small log with every kind of inquiry and history."""
    ids: dict[str, int] = {}
    wellpoint, itc, molina = (
        mco_id(db, n) for n in ("Wellpoint Iowa", "Iowa Total Care", "Molina Healthcare of Iowa")
    )
    clock.set(datetime(2026, 11, 16, 9, 15, tzinfo=CHICAGO))
    ids["member"] = run(
        db,
        intake.create_member_inquiry,
        ctx,
        intake.MemberIntake(
            source="Managed Care Ombudsman",
            member_name="Jane Doe",
            caller_name="Mary Doe",
            caller_phone="515-555-0142",
            enrolled_in_mco=True,
            priority=Priority.HIGH,
            description=INJECTIONS[0],
            member_state_id="1234567A",
            mco_id=wellpoint,
            mailing_address="1 Main St\nDes Moines, IA 50309",
        ),
    ).inquiry.id
    clock.advance(timedelta(hours=1))
    run(
        db,
        actions.log_contact,
        ctx,
        ids["member"],
        None,
        party=Party.MEMBER,
        channel=Channel.PHONE,
        outcome="reached",
        notes="call Jane back at 515-555-0142",
    )
    clock.advance(timedelta(hours=1))
    run(
        db,
        actions.refer_to_mco,
        ctx,
        ids["member"],
        _version(db, ids["member"]),
        mco_id=wellpoint,
        department="Case Management",
    )
    clock.advance(timedelta(hours=2))
    run(db, actions.record_mco_update, ctx, ids["member"], None, update=McoUpdate.CONTACTED)
    clock.advance(timedelta(days=1))
    run(db, actions.add_note, ctx, ids["member"], None, text=INJECTIONS[1] + " note\nline two")
    clock.advance(timedelta(hours=3))
    run(
        db,
        actions.resolve,
        ctx,
        ids["member"],
        _version(db, ids["member"]),
        resolution=INJECTIONS[3],
    )

    clock.set(datetime(2026, 11, 19, 14, 0, tzinfo=CHICAGO))
    ids["provider"] = run(
        db,
        intake.create_provider_inquiry,
        ctx,
        intake.ProviderIntake(
            source="Provider",
            npi="1234567893",
            provider_name="Acme Clinic",
            contact_name="Sue",
            contact_phone="515-555-0199 x12",
            mco_ids=[itc, molina],
            priority=Priority.ESCALATED,
            description=INJECTIONS[2],
        ),
    ).inquiry.id
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=CHICAGO))
    ids["open_member"] = run(
        db,
        intake.create_member_inquiry,
        ctx,
        intake.MemberIntake(
            source="CSR",
            member_name="Al Smith",
            caller_name="Al Smith",
            caller_phone="515-555-0144",
            enrolled_in_mco=True,
            priority=Priority.HIGH,
            description="Transportation no-show",
            mco_id=molina,
        ),
    ).inquiry.id
    ids["not_enrolled"] = run(
        db,
        intake.create_member_inquiry,
        ctx,
        intake.MemberIntake(
            source="Legislative Liaison",
            member_name="Nora None",
            caller_name="Ned None",
            caller_phone="515-555-0155",
            enrolled_in_mco=False,
            priority=Priority.ESCALATED,
            description="Needs a supervisor",
        ),
    ).inquiry.id
    ids["callback"] = run(
        db,
        intake.create_callback_request,
        ctx,
        intake.CallbackRequest(
            caller_name="Carl Caller",
            caller_phone="515-555-0111",
            question="Why denied?",
            member_name="Mem Ber",
            member_state_id="1111111C",
        ),
    ).inquiry.id
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    return ids


def _version(db: Database, inquiry_id: int) -> int:
    with db.read_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        return inquiry.version


@pytest.fixture
def populated(db: Database, ctx: ServiceContext, clock: ManualClock) -> dict[str, int]:
    return _populate(db, ctx, clock)


def _export(db: Database, ctx: ServiceContext, path: Path, **kw: Any) -> Path:
    with db.read_session() as s:
        export_workbook(s, ctx, path, **kw)
    return path


def test_layout_and_formatting(
    db: Database, ctx: ServiceContext, populated: dict[str, int], tmp_path: Path
) -> None:
    out = _export(db, ctx, tmp_path / "log.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "Member", "Provider", "Supervisor Callbacks", "E-mail", "Consideration", "Milestones",
        "Contacts",
    ]  # fmt: skip
    member = wb["Member"]
    headers = [c.value for c in member[1]]
    # The old log's columns first and in its order, so existing pivots keep working.
    assert headers == [
        "Reference",
        *LEGACY_HEADERS[SheetKind.MEMBER],
        "Mailing Address",
        "Next Due",
        "Overdue",
        "Channel",
        "E-mail",
        "Category",
        "Sub-category",
        "Outcome",
    ]
    assert [c.value for c in wb["Milestones"][1]] == list(MILESTONE_HEADERS)
    assert wb["Contacts"]["A1"].value == "Reference"
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.b
        # An Excel table over the header and every row: banded, filter buttons, a name.
        ((name, ref),) = ws.tables.items()
        last = max(ws.max_row, 2)
        assert ref.startswith("A1:") and ref.endswith(str(last)), (ws.title, ref)
        table = ws.tables[name]
        assert table.autoFilter is not None and table.tableStyleInfo.showRowStripes
        assert table.autoFilter.ref == ref  # filter buttons over every row too
        assert [c.name for c in table.tableColumns] == [c.value for c in ws[1]]
        assert ws.column_dimensions["A"].width >= 10
    # Every date, time and moment carries the old log's US format (11/23/2026, 1:30 PM).
    formats: set[tuple[str, str]] = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, datetime):
                    formats.add(("datetime", c.number_format))
                elif isinstance(c.value, time):
                    formats.add(("time", c.number_format))
    assert formats <= {("datetime", "m/d/yyyy"), ("datetime", "m/d/yyyy h:mm AM/PM"),
                       ("time", "h:mm AM/PM")}, formats  # fmt: skip
    assert ("datetime", "m/d/yyyy") in formats and ("time", "h:mm AM/PM") in formats
    rows = {r[0].value: r for r in member.iter_rows(min_row=2)}
    assert len(rows) == 2
    jane = rows[_ref(db, populated["member"])]
    col = {h: i for i, h in enumerate(headers)}
    assert jane[col["Date Received"]].is_date
    assert jane[col["Date Received"]].value == datetime(2026, 11, 16)
    assert jane[col["Time Received"]].value.hour == 9
    assert jane[col["MCO"]].value == "Wellpoint Iowa"
    assert jane[col["Caller Phone"]].value == "(515) 555-0142"
    assert jane[col["Status"]].value == "Resolved"
    assert jane[col["Date Sent to MCO"]].is_date
    assert "line two" in jane[col["Updates"]].value
    al = rows[_ref(db, populated["open_member"])]
    assert al[col["Next Due"]].is_date
    assert al[col["Overdue"]].value == "Yes"  # 4 business hours from Friday 10:00 passed
    assert al[0].fill.fgColor.rgb.endswith("F4CCCC")  # the overdue row is marked
    assert not jane[col["Overdue"]].value
    provider = wb["Provider"]
    prow = [c.value for c in provider[2]]
    assert prow[[c.value for c in provider[1]].index("MCO(s)")] == (
        "Iowa Total Care; Molina Healthcare of Iowa"
    )
    assert len(list(wb["Supervisor Callbacks"].iter_rows(min_row=2))) == 2
    ms_col = {h: i for i, h in enumerate(MILESTONE_HEADERS)}
    ms_rows = list(wb["Milestones"].iter_rows(min_row=2))
    states = {r[ms_col["State"]].value for r in ms_rows}
    assert "Met on time" in states and "Overdue" in states
    # A referral clock names the MCO it waits on; a clock from receipt names none.
    for r in ms_rows:
        waits_on_mco = r[ms_col["Milestone"]].value.startswith(("MCO contacts", "Follow up"))
        assert bool(r[ms_col["MCO"]].value) == waits_on_mco, [c.value for c in r]
    # The Contacts sheet in the app's words, not its codes (and back again on import).
    contacts = [[c.value for c in r] for r in wb["Contacts"].iter_rows(min_row=2)]
    kinds = {r[2] for r in contacts}
    assert "Received" in kinds and "Created" not in kinds
    assert {r[3] for r in contacts if r[3]} <= {"Member", "Provider", "MCO", "Other"}
    assert "Member" in {r[3] for r in contacts}
    assert "Phone" in {r[4] for r in contacts}
    assert not {r[5] for r in contacts if r[5]} & {"reached", "no_answer", "sent", "received"}


def _ref(db: Database, inquiry_id: int) -> str:
    with db.read_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        return inquiry.reference


def _cells(path: Path) -> Iterator[Any]:
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def test_text_that_looks_like_a_formula_is_never_a_formula(
    db: Database, ctx: ServiceContext, populated: dict[str, int], tmp_path: Path
) -> None:
    out = _export(db, ctx, tmp_path / "log.xlsx")
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                xml = zf.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml
    values = {}
    for cell in _cells(out):
        assert cell.data_type != "f"
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
            values[cell.value] = cell
    for text in (INJECTIONS[0], INJECTIONS[2], INJECTIONS[3]):
        assert text in values
        assert values[text].data_type == "s"
        assert values[text].quotePrefix  # stays text when someone edits the cell
    assert any(v.startswith(INJECTIONS[1]) for v in values)


def test_redaction(
    db: Database, ctx: ServiceContext, populated: dict[str, int], tmp_path: Path
) -> None:
    out = _export(db, ctx, tmp_path / "shared.xlsx", redact=True)
    texts = [str(c.value) for c in _cells(out) if c.value is not None]
    blob = "\n".join(texts)
    for secret in (
        "Jane Doe",
        "Mary Doe",
        "1234567A",
        "(515) 555-0142",
        "515-555-0142",
        "1 Main St",
        "Al Smith",
        "Sue",
        "1111111C",
        "Carl Caller",
    ):
        assert secret not in blob, secret
    assert "[redacted]" in blob
    assert "1234567893" in blob  # an NPI is public, not personal
    assert "Acme Clinic" in blob


def test_status_filter_and_current_view(
    db: Database, ctx: ServiceContext, populated: dict[str, int], tmp_path: Path
) -> None:
    def count(path: Path) -> int:
        wb = load_workbook(path)
        return sum(ws.max_row - 1 for ws in wb.worksheets[:3])

    assert count(_export(db, ctx, tmp_path / "all.xlsx")) == 5
    assert count(_export(db, ctx, tmp_path / "open.xlsx", status="open")) == 4
    assert count(_export(db, ctx, tmp_path / "resolved.xlsx", status="resolved")) == 1
    view = [populated["provider"], populated["callback"]]
    assert count(_export(db, ctx, tmp_path / "view.xlsx", inquiry_ids=view)) == 2


def test_export_reports_progress_and_cancel_leaves_no_file(
    db: Database, ctx: ServiceContext, populated: dict[str, int], tmp_path: Path
) -> None:
    from liaison_desk.excel.exporter import ExportCancelled

    target = tmp_path / "cancelled.xlsx"
    with pytest.raises(ExportCancelled), db.read_session() as s:
        export_workbook(s, ctx, target, cancel=lambda: True)
    assert not target.exists()
    assert not list(tmp_path.glob(".export-*"))
    seen: list[tuple[int, int]] = []
    with db.read_session() as s:
        export_workbook(s, ctx, tmp_path / "ok.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)


_FIELDS = (
    "reference",
    "track",
    "priority",
    "status",
    "closed",
    "source",
    "description",
    "member_name",
    "member_state_id",
    "caller_name",
    "caller_phone",
    "mailing_address",
    "npi",
    "provider_name",
    "contact_name",
    "contact_phone",
    "mco_department",
    "resolution",
)


def _snapshot(db: Database) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    with db.read_session() as s:
        for i in s.scalars(select(Inquiry)):
            data = {f: getattr(i, f) for f in _FIELDS}
            for f in ("received_at", "referred_at", "resolved_at", "callback_completed_at"):
                v = getattr(i, f)
                data[f] = v.replace(microsecond=0) if v else None
            data["mco"] = i.mco.name if i.mco else None
            data["mcos"] = sorted(m.name for m in i.mcos)
            data["assignee"] = i.assignee.login if i.assignee else None
            data["timeline"] = [
                (
                    e.at.replace(microsecond=0),
                    e.kind,
                    e.party,
                    e.channel,
                    e.outcome,
                    e.summary,
                    e.notes,
                )
                for e in sorted(i.timeline, key=lambda e: (e.at, e.id))
                if e.kind != "imported"
            ]
            data["milestones"] = sorted(
                (m.kind, m.due_at, m.met_at and m.met_at.replace(microsecond=0), m.closed_reason)
                for m in i.milestones
            )
            out[i.reference] = data
    return out


def test_export_then_import_into_an_empty_database_gives_the_same_inquiries(
    db: Database,
    ctx: ServiceContext,
    populated: dict[str, int],
    tmp_path: Path,
    _sqlite_template: Path,
) -> None:
    out = _export(db, ctx, tmp_path / "log.xlsx")
    shutil.copy(_sqlite_template, tmp_path / "empty.sqlite3")
    target = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        make_user(target, "lliaison", Role.LIAISON, "Lee Liaison")
        with target.read_session() as s:
            plan = plan_import(s, ctx, out)
        assert plan.summary() == "5 rows to add, 0 already imported, 0 rejected"
        assert not plan.errors
        with target.session() as s:
            write_plan(s, ctx, plan)
        before, after = _snapshot(db), _snapshot(target)
        assert sorted(before) == sorted(after)
        for ref in before:
            for key in before[ref]:
                assert after[ref][key] == before[ref][key], (ref, key)
        # Importing the export again adds nothing, in either database.
        with target.read_session() as s:
            assert plan_import(s, ctx, out).summary() == (
                "0 rows to add, 5 already imported, 0 rejected"
            )
        with db.read_session() as s:
            assert plan_import(s, ctx, out).summary().startswith("0 rows to add, 5 already")
        # New inquiries in the target never reuse an imported reference.
        with target.session() as s:
            from liaison_desk.services.references import next_reference

            assert next_reference(s, datetime(2026, 11, 20).date()) == "261120-0004"
    finally:
        target.dispose()


def test_a_log_assignee_who_is_not_a_user_is_exported_by_name(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    """The log's "Assigned To" names people who may never log in to the app; the export
    still shows who had the item, so a pivot by assignee matches the old spreadsheet."""
    from openpyxl import Workbook

    from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet

    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        MEMBER_HEADERS,
        [
            member_row(**{"Assigned To": "Kim (MSA)"}),
            member_row(**{"Member Name": "John Roe", "Assigned To": None}),
        ],
    )
    legacy = save(wb, tmp_path / "legacy.xlsx")
    with db.read_session() as s:
        plan = plan_import(s, ctx, legacy)
    with db.session() as s:
        write_plan(s, ctx, plan)
    out = _export(db, ctx, tmp_path / "out.xlsx")
    ws = load_workbook(out)["Member"]
    header = [c.value for c in ws[1]]
    rows = {r[header.index("Member Name")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Jane Doe"][header.index("Assigned To")] == "Kim (MSA)"
    assert rows["John Roe"][header.index("Assigned To")] is None


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
    )
)
def test_export_times_are_the_office_wall_clock_across_dst(at: datetime) -> None:
    """The export's fast UTC → office time conversion agrees with the zone database, also
    in the hours around a daylight-saving change."""
    from liaison_desk.calendar import BusinessCalendar
    from liaison_desk.excel.exporter import _Writer

    ctx = ServiceContext(
        clock=ManualClock(datetime(2026, 11, 23, tzinfo=UTC)), calendar=BusinessCalendar()
    )
    w = _Writer(ctx, redact=False)
    expected = at.astimezone(CHICAGO).replace(tzinfo=None, microsecond=0)
    assert w.local(at) == expected
    assert w.local(at) == expected  # the cached hour gives the same


def test_export_times_on_the_night_the_clocks_go_back() -> None:
    from liaison_desk.calendar import BusinessCalendar
    from liaison_desk.excel.exporter import _Writer

    ctx = ServiceContext(
        clock=ManualClock(datetime(2026, 11, 23, tzinfo=UTC)), calendar=BusinessCalendar()
    )
    w = _Writer(ctx, redact=False)
    # 1 Nov 2026: 1:30 AM happens twice in Des Moines, first CDT (06:30 UTC), then CST.
    assert w.local(datetime(2026, 11, 1, 6, 30, tzinfo=UTC)) == datetime(2026, 11, 1, 1, 30)
    assert w.local(datetime(2026, 11, 1, 7, 30, tzinfo=UTC)) == datetime(2026, 11, 1, 1, 30)
    assert w.local(datetime(2026, 11, 1, 8, 0, 0, 999_999, tzinfo=UTC)) == datetime(
        2026, 11, 1, 2, 0
    )


PLANTED = (
    "Liam",  # the member by first name only
    "O'Brien",  # by last name only
    "O'Brien, Liam",  # as "Last, First"
    "Mary",  # the caller (his mother), a relative
    "1420 Grand Avenue, Apt. 3B",  # the street address
    "West Des Moines, IA 50265",
    "7654321 B",  # a state ID with a space
    "1234567A",
    "555-0188",  # a 7-digit phone
    "(641) 555-0177",
    "6415550166",
    "liam.obrien@example.com",
    "123-45-6789",  # an SSN
    "DOB 03/14/1988",
    "born March 3, 1975",
    "Dana",  # the provider's contact person
    "Nguyễn",
)


def test_redaction_leaves_none_of_what_was_planted_in_free_text(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    from liaison_desk.services import letters_store
    from tests.action_helpers import member_inquiry

    text = (
        "Liam called back; O'Brien, Liam says his mother Mary spoke to Dana Nguyễn. Lives at "
        "1420 Grand Avenue, Apt. 3B, West Des Moines, IA 50265. IDs 7654321 B and 1234567A. "
        "Call 555-0188, (641) 555-0177 or 6415550166; liam.obrien@example.com; SSN "
        "123-45-6789; DOB 03/14/1988, born March 3, 1975. Prairie clinic NPI 1234567893."
    )
    inquiry_id = member_inquiry(db, ctx)
    with db.session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        inquiry.description = text
        inquiry.contact_name = "Dana Nguyễn"
    run(db, actions.add_note, ctx, inquiry_id, None, text=text)
    run(
        db, letters_store.create_letter, ctx, inquiry_id, letters_store.ISSUE_OUTCOME, text,
        "Liam O'Brien", "1420 Grand Avenue, Apt. 3B\nWest Des Moines, IA 50265",
        datetime(2026, 11, 23).date(),
    )  # fmt: skip
    run(db, actions.resolve, ctx, inquiry_id, None, resolution=text)
    out = _export(db, ctx, tmp_path / "shared.xlsx", redact=True)
    blob = "\n".join(str(c.value) for c in _cells(out) if c.value is not None)
    left = [p for p in PLANTED if p in blob or p.replace("'", "’") in blob]
    assert left == []
    assert "1234567893" in blob  # an NPI is public


def test_email_inquiries_have_their_sheet_and_every_sheet_its_issue_type(
    db: Database, ctx: ServiceContext, clock: Any, tmp_path: Path
) -> None:
    from liaison_desk.services import email_replies
    from liaison_desk.services.actions import resolve
    from tests.action_helpers import email_inquiry, member_inquiry, run

    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHICAGO))
    iid = email_inquiry(db, ctx, category="Transportation", sub_category="Ride did not come")
    member = member_inquiry(db, ctx)
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=CHICAGO))
    run(db, email_replies.log_email, ctx, iid, None, what="acknowledgement", body="Got it.",
        sent_from_app=False)  # fmt: skip
    clock.set(datetime(2026, 11, 23, 11, 30, tzinfo=CHICAGO))
    run(db, email_replies.log_email, ctx, iid, None, what="reply", body="Rebooked.",
        sent_from_app=False)  # fmt: skip
    clock.set(datetime(2026, 11, 24, 9, 15, tzinfo=CHICAGO))
    run(db, resolve, ctx, iid, None, resolution="Ride rebooked.", outcome="Resolved by MCO")
    run(db, resolve, ctx, member, None, resolution="Refill approved.", outcome="Resolved by IME")
    wb = load_workbook(_export(db, ctx, tmp_path / "log.xlsx"))
    sheet = wb["E-mail"]
    head = [c.value for c in sheet[1]]
    assert head[:10] == ["Reference", "Date Received", "Time Received", "From", "Subject",
                         "Channel", "Assigned To", "Date Responded", "Date Completed",
                         "Status"]  # fmt: skip
    (row,) = [dict(zip(head, (c.value for c in r), strict=True))
              for r in sheet.iter_rows(min_row=2)]  # fmt: skip
    assert row["Date Received"] == datetime(2026, 11, 23)
    assert (row["From"], row["Subject"], row["Channel"]) == (
        "Pat Kowalski",
        "Question about my ride",
        "Member Services mailbox",
    )
    assert row["Date Responded"] == datetime(2026, 11, 23, 11, 30)  # the reply, not the ack
    assert row["Date Completed"] == datetime(2026, 11, 24, 9, 15)
    assert (row["Category"], row["Sub-category"], row["Outcome"]) == (
        "Transportation",
        "Ride did not come",
        "Resolved by MCO",
    )
    members = wb["Member"]
    mhead = [c.value for c in members[1]]
    (mrow,) = [dict(zip(mhead, (c.value for c in r), strict=True))
               for r in members.iter_rows(min_row=2)]  # fmt: skip
    assert mrow["Outcome"] == "Resolved by IME"
    tracks = {r[1].value for r in wb["Milestones"].iter_rows(min_row=2)}
    assert "E-mail" in tracks
