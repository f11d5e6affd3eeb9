"""Importing e-mail logs (seed 004's "Member Services E-mail Report" and the spellings other
mailbox logs use) into e-mail inquiries, and the issue type, channel and outcome columns of
every sheet; our own export's E-mail sheet comes back as it went out."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.domain import MilestoneKind, Role
from liaison_desk.excel.exporter import export_workbook
from liaison_desk.excel.headers import SheetKind
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.excel.reader import open_workbook
from liaison_desk.services.context import ServiceContext
from tests.conftest import make_user
from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet

CHICAGO = ZoneInfo("America/Chicago")
SEED_004 = ["Date Received", "From", "Subject", "Assigned To", "Date Responded",
            "Date Completed", "Status"]  # fmt: skip


def _import(db: Database, ctx: ServiceContext, path: Path) -> Any:
    with db.read_session() as s:
        plan = plan_import(s, ctx, path)
    with db.session() as s:
        write_plan(s, ctx, plan)
    return plan


def _by_subject(s: Session) -> dict[str, Inquiry]:
    return {i.subject or i.description: i for i in s.scalars(select(Inquiry))}


def _seed_004_report(path: Path) -> Path:
    wb = Workbook()
    write_sheet(
        wb,
        "MS E-mail Report SFY2011",  # a sheet's name has at most 31 characters
        SEED_004,
        [
            # Answered the next morning, completed two days later.
            [
                datetime(2026, 11, 16, 10, 5),
                "Pat Member <pat@example.com>",
                "Question about my PCP",
                "Lee Liaison",
                datetime(2026, 11, 17, 9, 30),
                datetime(2026, 11, 19),
                "Completed",
            ],
            # Friday evening: counted from Monday; answered, kept for follow-up.
            [
                datetime(2026, 11, 20, 17, 40),
                "office@clinic.example.org",
                "Claim denied",
                "Rita Unit Lead",
                datetime(2026, 11, 23, 8, 45),
                None,
                "Follow-up",
            ],
            # A name only, not yet answered.
            [
                datetime(2026, 11, 23, 8, 10),
                "Sam Writer",
                "Ride did not come",
                None,
                None,
                None,
                None,
            ],
            # Nobody wrote it and it says nothing: rejected.
            [datetime(2026, 11, 18, 9, 0), None, None, None, None, None, "Open"],
            # An address the mailbox could not have: kept as the sender's name.
            [
                datetime(2026, 11, 18, 11, 0),
                "pat@example",
                "Renewal",
                None,
                None,
                None,
                "Open",
            ],
        ],
        title_rows=[["Member Services E-mail Report SFY2011"], []],
    )
    return save(wb, path)


def test_seed_004_report_becomes_email_inquiries(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    path = _seed_004_report(tmp_path / "Member Services E-mail Report SFY2011.xlsx")
    with open_workbook(path) as book:
        (layout,) = book.layouts
        assert layout.kind == SheetKind.EMAIL and layout.header_row == 3
    plan = _import(db, ctx, path)
    assert plan.summary() == "4 rows to add, 0 already imported, 1 rejected"
    (rejected,) = plan.rejected
    assert [p.line() for p in rejected.problems] == [
        'MS E-mail Report SFY2011 row 7, column "From": who wrote is empty '
        "(give the sender's name or e-mail address)",
        'MS E-mail Report SFY2011 row 7, column "Subject": the subject and '
        "the description are empty",
    ]
    notes = [p.line() for p in plan.notes]
    assert any("row 5" in n and "“Rita Unit Lead” is not a user" in n for n in notes)
    assert any("row 8" in n and "kept as written in the sender's name" in n for n in notes)
    with db.read_session() as s:
        _check_seed_004_rows(_by_subject(s))
    # Imported again (the next day's copy of the same report): nothing new.
    with db.read_session() as s:
        assert (
            plan_import(s, ctx, path).summary() == "0 rows to add, 4 already imported, 1 rejected"
        )


def _check_seed_004_rows(got: dict[str, Inquiry]) -> None:
    pcp = got["Question about my PCP"]
    assert (pcp.track, pcp.status, pcp.closed) == ("email", "resolved", True)
    assert (pcp.caller_name, pcp.email, pcp.source) == ("Pat Member", "pat@example.com", "Member")
    assert pcp.channel == "Member Services mailbox"  # the report's own mailbox
    assert pcp.assignee is not None and pcp.assignee.login == "lliaison"
    assert pcp.description == "Question about my PCP"
    replies = [e for e in pcp.timeline if e.kind == "contact"]
    assert [(e.channel, e.outcome) for e in replies] == [("email", "sent")]
    first = {m.kind: m for m in pcp.milestones}[MilestoneKind.EMAIL_FIRST_RESPONSE]
    assert first.met_at == datetime(2026, 11, 17, 9, 30, tzinfo=CHICAGO)
    assert pcp.resolved_at == datetime(2026, 11, 19, 8, 0, tzinfo=CHICAGO)
    claim = got["Claim denied"]
    assert (claim.status, claim.source, claim.caller_name) == ("in_progress", "Member", "office")
    response = {m.kind: m for m in claim.milestones}[MilestoneKind.EMAIL_FIRST_RESPONSE]
    # After 17:00 on a Friday: received Monday (seed 004 step 1), so due by Tuesday's close
    # as one received on Monday morning would be.
    assert response.due_at == datetime(2026, 11, 24, 17, 0, tzinfo=CHICAGO)
    assert response.met_at is not None
    ride = got["Ride did not come"]
    assert (ride.status, ride.caller_name, ride.email) == ("open", "Sam Writer", None)
    renewal = got["Renewal"]
    assert (renewal.caller_name, renewal.email) == ("pat@example", None)


def test_other_mailbox_logs_and_their_spellings(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    headers = ["Date Rec'd", "Time Rec'd", "Sender", "Email Address", "Re:", "Mailbox",
               "Issue Type", "Assigned", "Response Date", "Date Closed", "Comments",
               "Current Status", "Provider NPI", "Disposition"]  # fmt: skip
    write_sheet(
        wb,
        "Emails 2026",
        headers,
        [
            [
                datetime(2026, 11, 17),
                "2:15 PM",
                "Dr. Alvarez",
                "alvarez@clinic.example.org",
                "PA stuck",
                "Secure messaging",
                "Prior Auth - Denied",
                "lliaison",
                datetime(2026, 11, 17, 15, 0),
                datetime(2026, 11, 18, 10, 0),
                "11/17 called the MCO\n11/18 approved",
                "Closed",
                "1234567893",
                "Resolved by MCO",
            ],
            [
                datetime(2026, 11, 19),
                "9:00 AM",
                "Jo",
                "jo@example.com",
                "Bill",
                "Fax line",
                "Rides",
                None,
                None,
                None,
                None,
                "Interim response sent",
                None,
                "Withdrawn",
            ],
        ],
    )
    path = save(wb, tmp_path / "mailbox.xlsx")
    plan = _import(db, ctx, path)
    assert plan.summary() == "2 rows to add, 0 already imported, 0 rejected"
    with db.read_session() as s:
        _check_mailbox_rows(_by_subject(s))
    notes = [p.line() for p in plan.notes]
    assert any("“Fax line” is not a channel on the list" in n for n in notes)


def _check_mailbox_rows(got: dict[str, Inquiry]) -> None:
    pa = got["PA stuck"]
    assert (pa.source, pa.npi, pa.contact_name) == ("Provider", "1234567893", "Dr. Alvarez")
    assert (pa.channel, pa.category, pa.sub_category) == (
        "Secure message",
        "Prior authorization",
        "Denied",
    )
    assert (pa.status, pa.outcome) == ("resolved", "Resolved by MCO")
    assert pa.received_at == datetime(2026, 11, 17, 14, 15, tzinfo=CHICAGO)
    assert [e.summary for e in pa.timeline if e.kind == "note"] == [
        "called the MCO",
        "approved",
    ]
    bill = got["Bill"]
    assert (bill.status, bill.channel, bill.category, bill.outcome) == (
        "in_progress",
        "Fax line",  # not on the list: kept as written
        "Transportation",  # "Rides" is one of its spellings
        None,  # an open inquiry has no outcome yet ...
    )
    imported = next(e for e in bill.timeline if e.kind == "imported")
    assert "outcome in the log: Withdrawn" in imported.summary  # ... and it is not lost


def test_member_sheet_issue_type_and_outcome_columns(
    db: Database, ctx: ServiceContext, tmp_path: Path
) -> None:
    wb = Workbook()
    headers = [*MEMBER_HEADERS, "Issue Type", "Outcome", "E-mail"]
    closed = member_row(**{"Status": "Closed", "Date Resolved": datetime(2026, 11, 20),
                           "Resolution": "PA approved."})  # fmt: skip
    unknown = member_row(
        **{"Member Name": "John Roe", "Status": "Closed", "Date Resolved": datetime(2026, 11, 20)}
    )
    write_sheet(
        wb,
        "Member",
        headers,
        [
            [*closed, "Pharmacy / Prescription denied", "IME resolved", "JANE@Example.com"],
            [*unknown, "Dental", "Member moved away", "not-an-address"],
        ],
    )
    path = save(wb, tmp_path / "log.xlsx")
    plan = _import(db, ctx, path)
    assert not plan.errors, [p.line() for p in plan.errors]
    with db.read_session() as s:
        rows = {i.member_name: i for i in s.scalars(select(Inquiry))}
        jane, john = rows["Jane Doe"], rows["John Roe"]
        assert (jane.category, jane.sub_category, jane.outcome) == (
            "Pharmacy",
            "Prescription denied",
            "Resolved by IME",
        )
        assert (
            jane.email == "JANE@example.com"
        )  # the domain folded, not the mailbox and jane.resolution == "PA approved."
        assert (john.category, john.outcome, john.resolution, john.email) == (
            "Dental",
            None,
            "Member moved away",  # an outcome not on the list is the resolution's words
            None,
        )
        imported = next(e for e in john.timeline if e.kind == "imported")
        assert "e-mail address in the log: not-an-address" in imported.summary
    notes = [p.line() for p in plan.notes]
    assert any("“Dental” is not a category on the list; kept as written" in n for n in notes)


def test_our_email_sheet_comes_back_as_it_went_out(
    db: Database,
    ctx: ServiceContext,
    clock: ManualClock,
    tmp_path: Path,
    _sqlite_template: Path,
) -> None:
    from liaison_desk.services import email_replies
    from liaison_desk.services.actions import resolve
    from tests.action_helpers import email_inquiry, run

    clock.set(datetime(2026, 11, 20, 16, 0, tzinfo=CHICAGO))
    done = email_inquiry(
        db, ctx, category="Transportation", sub_category="Scheduling",
        npi="1234567893", provider_name="Valley Clinic", from_provider=True,
    )  # fmt: skip
    email_inquiry(db, ctx, email="sam@example.com", subject="Still waiting")
    clock.set(datetime(2026, 11, 20, 16, 30, tzinfo=CHICAGO))
    run(db, email_replies.log_email, ctx, done, None, what="acknowledgement", body="Got it.",
        sent_from_app=False)  # fmt: skip
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=CHICAGO))
    run(db, email_replies.log_email, ctx, done, None, what="reply", body="Booked.",
        sent_from_app=False)  # fmt: skip
    run(db, resolve, ctx, done, None, resolution="Ride booked.", outcome="Resolved by MCO")
    out = tmp_path / "log.xlsx"
    with db.read_session() as s:
        export_workbook(s, ctx, out)
    shutil.copy(_sqlite_template, tmp_path / "empty.sqlite3")
    target = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        make_user(target, "lliaison", Role.LIAISON, "Lee Liaison")
        plan = _import(target, ctx, out)
        assert plan.summary() == "2 rows to add, 0 already imported, 0 rejected"
        assert _snapshot(target) == _snapshot(db)
    finally:
        target.dispose()


_KEPT = ("reference", "track", "status", "closed", "source", "channel", "email", "subject",
         "caller_name", "member_name", "npi", "provider_name", "description", "category",
         "sub_category", "outcome", "resolution", "received_at", "resolved_at")  # fmt: skip


def _snapshot(db: Database) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with db.read_session() as s:
        for i in s.scalars(select(Inquiry)):
            row: dict[str, Any] = {f: getattr(i, f) for f in _KEPT}
            for f in ("received_at", "resolved_at"):
                row[f] = row[f] and row[f].replace(microsecond=0)
            row["timeline"] = sorted(
                (e.at.replace(microsecond=0), e.kind, e.channel, e.outcome, e.notes)
                for e in i.timeline
                if e.kind != "imported"
            )
            row["milestones"] = sorted(
                (m.kind, m.due_at, m.met_at and m.met_at.replace(microsecond=0))
                for m in i.milestones
            )
            out[i.reference] = row
    return out


def test_a_name_that_speaks_of_email_does_not_override_the_headers(tmp_path: Path) -> None:
    wb = Workbook()
    write_sheet(wb, "Member e-mail escalations", MEMBER_HEADERS, [member_row()])
    write_sheet(wb, "Mailbox", ["Date", "From", "Assigned", "Completed"],
                [[datetime(2026, 11, 2), "Pat <pat@example.com>", None, None]])  # fmt: skip
    path = save(wb, tmp_path / "names.xlsx")
    with open_workbook(path) as book:
        kinds = {layout.name: layout.kind for layout in book.layouts}
    # The member log by its headers; the mailbox log, with no column only an e-mail log has,
    # by its name.
    assert kinds == {"Member e-mail escalations": SheetKind.MEMBER, "Mailbox": SheetKind.EMAIL}
