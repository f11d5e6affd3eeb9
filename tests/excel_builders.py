"""Messy legacy MCO Inquiry Log workbooks for the Excel tests, built with openpyxl.

``messy_log()`` covers the irregularities real offices produce: title rows above the header,
header spellings, dates as dates / text / serial numbers, times as text and day fractions,
IDs stored as numbers, priorities and MCO names in many spellings, blank, hidden and totals
rows, multi-line Updates, a notes sheet, a hidden lookup sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from liaison_desk.excel.headers import LEGACY_HEADERS, SheetKind

MEMBER_HEADERS = [
    "Date Rec'd",
    "Time\nRec'd",
    "Rec'd From",
    "Member Name",
    "Member State ID",
    "Caller",
    "Phone #",
    "MCO",
    "Priority",
    "Issue Description",
    "Assigned To",
    "Date Member Contacted",
    "MCO Dept",
    "Date Sent to MCO",
    "Date MCO Contacted Member",
    "Updates",
    "Resolution",
    "Date Resolved",
    "Status",
    "Comments 2",
]

PROVIDER_HEADERS = [
    "Date Received",
    "Time Received",
    "Received From",
    "Provider Name",
    "NPI #",
    "Contact Name",
    "Contact Number",
    "MCO(s)",
    "Priority",
    "Issue Description",
    "Assigned To",
    "Date Provider Contacted",
    "MCO Department",
    "Date Sent to MCO",
    "Date MCO Contacted Provider",
    "Updates",
    "Resolution",
    "Date Resolved",
    "Status",
]

CALLBACK_HEADERS = list(LEGACY_HEADERS[SheetKind.CALLBACK])

GOOD_NPI = "1234567893"


def member_row(**overrides: Any) -> list[Any]:
    base: dict[str, Any] = {
        "Date Rec'd": datetime(2026, 11, 2),
        "Time\nRec'd": "9:30 AM",
        "Rec'd From": "CSR",
        "Member Name": "Jane Doe",
        "Member State ID": "1234567A",
        "Caller": "Jane Doe",
        "Phone #": "(515) 555-0142",
        "MCO": "Amerigroup",
        "Priority": "HIGH",
        "Issue Description": "Needs a wheelchair repair",
        "Assigned To": "Lee Liaison",
        "Date Member Contacted": None,
        "MCO Dept": None,
        "Date Sent to MCO": None,
        "Date MCO Contacted Member": None,
        "Updates": None,
        "Resolution": None,
        "Date Resolved": None,
        "Status": "Open",
        "Comments 2": None,
    }
    base.update(overrides)
    return [base[h] for h in MEMBER_HEADERS]


def provider_row(**overrides: Any) -> list[Any]:
    base: dict[str, Any] = {
        "Date Received": "10/01/2026",
        "Time Received": 0.5458333333,  # 1:06 PM as a day fraction
        "Received From": "Provider",
        "Provider Name": "Acme Family Clinic",
        "NPI #": float(GOOD_NPI),  # stored as a number: 1234567893.0
        "Contact Name": "Sue Office",
        "Contact Number": 5155550199,
        "MCO(s)": "ITC / Molina",
        "Priority": "Esc.",
        "Issue Description": "Claims denied for timely filing",
        "Assigned To": None,
        "Date Provider Contacted": None,
        "MCO Department": None,
        "Date Sent to MCO": None,
        "Date MCO Contacted Provider": None,
        "Updates": None,
        "Resolution": None,
        "Date Resolved": None,
        "Status": None,
    }
    base.update(overrides)
    return [base[h] for h in PROVIDER_HEADERS]


def callback_row(**overrides: Any) -> list[Any]:
    base: dict[str, Any] = {
        "Date Received": datetime(2026, 11, 3, 10, 0),
        "CSR": "Pat CSR",
        "Caller Name": "Carl Caller",
        "Member Name": "Mem Ber",
        "State ID": "1111111C",
        "NPI": None,
        "Phone": "515-555-0111",
        "Question": "Why was my ride denied?",
        "Attempt 1": None,
        "Attempt 2": None,
        "Letter Sent": None,
        "Callback Complete": None,
        "Notes": None,
    }
    base.update(overrides)
    return [base[h] for h in CALLBACK_HEADERS]


def write_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any] | None],
    *,
    title_rows: Sequence[Sequence[Any]] = (),
    hidden: Sequence[int] = (),
) -> None:
    """Rows of ``None`` are left blank; ``hidden`` are 0-based indexes into ``rows``."""
    ws = wb.create_sheet(title)
    for t in title_rows:
        ws.append(list(t))
    ws.append(list(headers))
    first = ws.max_row + 1
    for i, row in enumerate(rows):
        if row is None:
            ws.append([])
            # openpyxl skips empty rows: write a blank cell so the row exists and is blank.
            ws.cell(row=first + i, column=1, value=None)
            continue
        for col, value in enumerate(row, start=1):
            ws.cell(row=first + i, column=col, value=value)
        if i in hidden:
            ws.row_dimensions[first + i].hidden = True


def save(wb: Workbook, path: Path) -> Path:
    if "Sheet" in wb.sheetnames and len(wb.sheetnames) > 1:
        del wb["Sheet"]
    wb.save(path)
    return path


def messy_log(path: Path) -> Path:
    """The messy fixture the import tests share; see the expectations in test_excel_import."""
    wb = Workbook()
    write_sheet(
        wb,
        "Member",
        MEMBER_HEADERS,
        [
            # 0: real dates, text time, Amerigroup (now Wellpoint), HIGH, contacted, sent, MCO
            # back, multi-line updates with three date forms and an undated preamble.
            member_row(
                **{
                    "Date Member Contacted": "11/2/2026",
                    "MCO Dept": "Case Management",
                    "Date Sent to MCO": date(2026, 11, 3),
                    "Date MCO Contacted Member": "2026-11-04",
                    "Updates": "Caller very upset\n11/02/26 - called MCO, no answer\n"
                    "11/3: spoke with case manager\nshe will call back\n"
                    "2026-11-04 MCO called member",
                    "Status": "Pending MCO",
                    "Comments 2": "ignored",
                }
            ),
            # 1: serial-number date, 4-digit text time, Urgent, ITC, resolved
            member_row(
                **{
                    "Date Rec'd": 46320,  # 2026-10-23 as an Excel serial
                    "Time\nRec'd": "1430",
                    "Member Name": "John Roe",
                    "Member State ID": "7654321b",
                    "Caller": "Mary Roe",
                    "Phone #": 5155550143.0,
                    "MCO": "ITC",
                    "Priority": "Urgent",
                    "Issue Description": "Pharmacy refused a refill",
                    "Assigned To": "Nobody Known",
                    "Resolution": "MCO approved the refill",
                    "Date Resolved": "10/28/2026",
                    "Status": "Closed",
                }
            ),
            None,  # 2: blank row
            # 3: hidden row, text date with a time, Molina, Esc.
            member_row(
                **{
                    "Date Rec'd": "11/05/2026 2:15 PM",
                    "Time\nRec'd": None,
                    "Member Name": "Al Smith",
                    "Member State ID": None,
                    "Caller": "Al Smith",
                    "Phone #": "515.555.0144",
                    "MCO": "Molina Healthcare",
                    "Priority": "Esc.",
                    "Issue Description": "Transportation no-show",
                }
            ),
            # 4: rejected: state ID stored as a number (letter lost), unknown MCO, bad priority
            member_row(
                **{
                    "Member Name": "Bad Row",
                    "Member State ID": 1234567,
                    "MCO": "Acme Health",
                    "Priority": "Whenever",
                    "Issue Description": "Something",
                }
            ),
            # 5: rejected: date in the future and bad phone
            member_row(
                **{
                    "Date Rec'd": "12/25/2026",
                    "Member Name": "Future Person",
                    "Phone #": "555-1234",
                    "Issue Description": "Not yet",
                }
            ),
            # 6: a totals row
            [
                "Total",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                6,
            ],
        ],
        title_rows=[["Iowa Medicaid — MCO Inquiry Log"], ["Member Services, FY2027"], []],
        hidden=[3],
    )
    write_sheet(
        wb,
        "Provider",
        PROVIDER_HEADERS,
        [
            provider_row(),
            # rejected: bad NPI check digit
            provider_row(**{"NPI #": "1234567890", "Issue Description": "Wrong NPI"}),
        ],
        title_rows=[["Provider escalations"]],
    )
    write_sheet(
        wb,
        "Supervisor Callbacks",
        CALLBACK_HEADERS,
        [
            callback_row(
                **{
                    "Attempt 1": "11/4 2:00 PM VM",
                    "Attempt 2": "11/5/2026 no answer",
                    "Letter Sent": datetime(2026, 11, 6, 11, 0),
                    "Callback Complete": "Yes",
                    "Notes": "letter mailed to member",
                }
            ),
        ],
    )
    notes = wb.create_sheet("Notes")
    notes.append(["Remember to update the log daily"])
    lists = wb.create_sheet("Lists")
    lists.append(["Wellpoint", "ITC", "Molina"])
    lists.sheet_state = "hidden"
    return save(wb, path)


def when(d: date, t: time) -> datetime:
    return datetime.combine(d, t)
