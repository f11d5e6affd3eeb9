"""Reading one cell of a legacy log: dates, times, IDs, priorities, statuses, headers, and
the Updates lines."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from liaison_desk.domain import Priority, Status
from liaison_desk.excel.cells import (
    MAC_EPOCH,
    CellError,
    parse_datetime,
    parse_flag_or_date,
    parse_priority,
    parse_reference,
    parse_status,
    parse_time,
)
from liaison_desk.excel.headers import (
    SheetKind,
    best_match,
    field_for,
    kind_from_sheet_name,
)
from liaison_desk.excel.updates import format_update, split_updates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 11, 24), date(2025, 11, 24)),
        (datetime(2025, 11, 24, 14, 30), datetime(2025, 11, 24, 14, 30)),
        (datetime(2025, 11, 24, 9, 29, 59, 999000), datetime(2025, 11, 24, 9, 30)),
        (date(2025, 11, 24), date(2025, 11, 24)),
        ("11/24/2025", date(2025, 11, 24)),
        ("11/24/25", date(2025, 11, 24)),
        (" 1/2/2025 ", date(2025, 1, 2)),
        ("11-24-2025", date(2025, 11, 24)),
        ("11.24.2025", date(2025, 11, 24)),
        ("2025-11-24", date(2025, 11, 24)),
        ("2025/11/24", date(2025, 11, 24)),
        ("24/11/2025", date(2025, 11, 24)),  # day first only when it cannot be a month
        ("Nov 24, 2025", date(2025, 11, 24)),
        ("November 24 2025", date(2025, 11, 24)),
        ("Monday, November 24th, 2025", date(2025, 11, 24)),
        ("24-Nov-2025", date(2025, 11, 24)),
        ("24 Sept 2025", date(2025, 9, 24)),
        ("20251124", date(2025, 11, 24)),
        ("11/24/2025 2:30 PM", datetime(2025, 11, 24, 14, 30)),
        ("2025-11-24T14:30:00", datetime(2025, 11, 24, 14, 30)),
        ("2025-11-24 09:05", datetime(2025, 11, 24, 9, 5)),
        # Words typed around the date
        ("Mon 11/24/2025", date(2025, 11, 24)),
        ("Tuesday, 11/25/2025", date(2025, 11, 25)),
        ("11/24/2025 at 2:30 pm", datetime(2025, 11, 24, 14, 30)),
        ("11/24/2025 @ 2:30 PM", datetime(2025, 11, 24, 14, 30)),
        ("11/24/2025 2:30 PM CST", datetime(2025, 11, 24, 14, 30)),
        (45985, date(2025, 11, 24)),
        (45985.5, datetime(2025, 11, 24, 12, 0)),
        ("45985", date(2025, 11, 24)),
        (None, None),
        ("", None),
        ("N/A", None),
        ("-", None),
    ],
)
def test_dates_in_every_form(value: object, expected: object) -> None:
    assert parse_datetime(value) == expected


def test_mac_epoch_serials() -> None:
    assert parse_datetime(44523, MAC_EPOCH) == date(2025, 11, 24)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("13/13/2025", "not a real date"),
        ("2/30/2025", "not a real date"),
        ("yesterday", "not a date we can read"),
        ("Mon", "not a date we can read"),
        ("11/24 at", "not a date we can read"),
        (12, "not a date between 1990 and 2099"),
        (True, "not a date"),
        (time(9, 30), "a time of day, not a date"),
        (datetime(1900, 1, 1), "between 1990 and 2099"),
        (float("nan"), "not a date"),
    ],
)
def test_bad_dates_say_why(value: object, words: str) -> None:
    with pytest.raises(CellError, match=words):
        parse_datetime(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(9, 30), time(9, 30)),
        (datetime(1899, 12, 30, 14, 5), time(14, 5)),
        (0.4375, time(10, 30)),
        ("0.4375", time(10, 30)),  # a day fraction pasted as text
        (0.99999999, time(0, 0)),
        (45985.75, time(18, 0)),
        ("9:30 AM", time(9, 30)),
        ("9:30am", time(9, 30)),
        ("9:30 a.m.", time(9, 30)),
        ("12:15 PM", time(12, 15)),
        ("12:15 AM", time(0, 15)),
        ("14:30", time(14, 30)),
        ("14:30:15", time(14, 30, 15)),
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        ("2pm", time(14, 0)),
        ("2 PM CST", time(14, 0)),
        ("noon", time(12, 0)),
        (930, time(9, 30)),
        (14, time(14, 0)),
        (None, None),
        ("", None),
    ],
)
def test_times_in_every_form(value: object, expected: object) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "9:75", "13 PM", "soon", 2400, -1, date(2025, 1, 1)])
def test_bad_times(value: object) -> None:
    with pytest.raises(CellError):
        parse_time(value)


@pytest.mark.parametrize(
    "value",
    [
        "HIGH",
        "High",
        "high priority",
        "High Priority",
        "Urgent",
        "H",
        "1",
        1,
        1.0,
        "P1",
        # drop-down lists with a number or a note
        "1 - High",
        "High (4 hrs)",
        "HIGH - 4 business hours",
        "Priority: High",
        "Expedite",
    ],
)
def test_high_priorities(value: object) -> None:
    assert parse_priority(value) is Priority.HIGH


@pytest.mark.parametrize(
    "value",
    [
        "Escalated",
        "Esc.",
        "esc",
        "ESC",
        "2",
        2,
        "Normal",
        "routine",
        "2 - Escalated",
        "Escalated (3-4 days)",
        "Not urgent",
        "Non-urgent",
    ],
)
def test_escalated_priorities(value: object) -> None:
    assert parse_priority(value) is Priority.ESCALATED


def test_unknown_priority_is_refused() -> None:
    assert parse_priority("  ") is None
    with pytest.raises(CellError, match="“Whenever” is not a priority we know"):
        parse_priority("Whenever")
    # Words that disagree decide nothing.
    for value in ("High/Escalated", "Level 2", "not high"):
        with pytest.raises(CellError, match="not a priority we know"):
            parse_priority(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Open", Status.OPEN),
        ("In Progress", Status.IN_PROGRESS),
        ("in-progress", Status.IN_PROGRESS),
        ("Pending MCO", Status.AWAITING_MCO),
        ("Sent to MCO", Status.AWAITING_MCO),
        ("Awaiting MCO", Status.AWAITING_MCO),
        ("Closed", Status.RESOLVED),
        ("Resolved", Status.RESOLVED),
        ("Complete", Status.RESOLVED),
        ("Closed - Resolved", Status.RESOLVED),
        ("Pending approval", Status.PENDING_APPROVAL),
        ("Reopened", Status.OPEN),
        ("On hold", Status.IN_PROGRESS),
        ("Pending - waiting on member", Status.IN_PROGRESS),
        ("Open - pending MCO", Status.AWAITING_MCO),  # the furthest along wins
        ("Resolved/Closed", Status.RESOLVED),
        ("Closed (see notes)", Status.RESOLVED),
        ("Closed - duplicate", Status.RESOLVED),
        ("Duplicate", Status.RESOLVED),
        ("Withdrawn", Status.RESOLVED),
        ("Cancelled", Status.RESOLVED),
        ("3 - Closed", Status.RESOLVED),
    ],
)
def test_statuses(value: str, expected: Status) -> None:
    assert parse_status(value) is expected


def test_unknown_status_is_refused() -> None:
    for value in ("Banana", "Banana - closed", "Whatever"):
        with pytest.raises(CellError, match="not a status we know"):
            parse_status(value)


def test_flags_references() -> None:
    assert parse_flag_or_date("Yes") == (True, None)
    assert parse_flag_or_date("x") == (True, None)
    assert parse_flag_or_date("no") == (False, None)
    assert parse_flag_or_date("11/6/2025") == (True, date(2025, 11, 6))
    assert parse_flag_or_date(None) == (False, None)
    with pytest.raises(CellError):
        parse_flag_or_date("sometime")
    assert parse_reference(" 261123-0007 ") == "261123-0007"
    assert parse_reference("261123-12345") == "261123-12345"
    with pytest.raises(CellError):
        parse_reference("261399-0001")


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("Date Rec'd", SheetKind.MEMBER, "received_date"),
        ("DATE\nRECEIVED", SheetKind.MEMBER, "received_date"),
        ("Rec'd From", SheetKind.MEMBER, "source"),
        ("Phone #", SheetKind.MEMBER, "caller_phone"),
        ("Phone Number", SheetKind.MEMBER, "caller_phone"),
        ("Phone #", SheetKind.PROVIDER, "contact_phone"),
        ("Member State ID", SheetKind.MEMBER, "state_id"),
        ("Medicaid ID #", SheetKind.MEMBER, "state_id"),
        ("NPI Number", SheetKind.PROVIDER, "npi"),
        ("MCO(s)", SheetKind.PROVIDER, "mco"),
        ("1st Attempt", SheetKind.CALLBACK, "attempt_1"),
        ("Call Back Complete", SheetKind.CALLBACK, "callback_complete"),
        ("Notes", SheetKind.CALLBACK, "updates"),
        ("Recv Date", SheetKind.PROVIDER, "received_date"),
        ("Escalated By", SheetKind.MEMBER, "source"),
        ("Reason for Escalation", SheetKind.PROVIDER, "description"),
        ("Member Contact Date", SheetKind.MEMBER, "date_contacted"),
        ("Provider Contact Date", SheetKind.PROVIDER, "date_contacted"),
        ("Date MCO Contacted Prov", SheetKind.PROVIDER, "date_mco_contacted"),
        ("Health Plan(s)", SheetKind.PROVIDER, "mco"),
        ("Letter Sent Date", SheetKind.CALLBACK, "letter_sent"),
        ("Favourite colour", SheetKind.MEMBER, None),
    ],
)
def test_header_synonyms(header: str, kind: SheetKind, field: str | None) -> None:
    assert field_for(kind, header) == field


def test_sheet_kinds() -> None:
    assert kind_from_sheet_name("Supervisor Call Backs") is SheetKind.CALLBACK
    assert kind_from_sheet_name("  MEMBERS ") is SheetKind.MEMBER
    assert kind_from_sheet_name("Summary") is None
    provider = best_match(["Date", "Provider", "NPI", "Contact", "Phone", "Issue"], None)
    assert provider is not None and provider.kind is SheetKind.PROVIDER
    callback = best_match(["Date Received", "Caller Name", "Member Name", "Attempt 1"], None)
    assert callback is not None and callback.kind is SheetKind.CALLBACK
    assert best_match(["Name", "Amount", "Date"], None) is None


def test_updates_lines() -> None:
    text = (
        "Caller upset\n"
        "11/24/25 - called MCO, no answer\n"
        "11/25: spoke with CM\n"
        "  she will call back  \n"
        "2025-11-26 MCO called member\n"
        "(12/1 2:15 PM) left VM\n"
        "1/5 - new year follow-up\n"
        "12/31/2099 - a typo in the future"
    )
    dated, undated = split_updates(text, date(2025, 11, 24), date(2026, 2, 1))
    assert undated == "Caller upset"
    assert [(d.day, d.at_time, d.text) for d in dated] == [
        (date(2025, 11, 24), None, "called MCO, no answer"),
        (date(2025, 11, 25), None, "spoke with CM\nshe will call back"),
        (date(2025, 11, 26), None, "MCO called member"),
        (date(2025, 12, 1), time(14, 15), "left VM"),
        (date(2026, 1, 5), None, "new year follow-up\n12/31/2099 - a typo in the future"),
    ]


def test_updates_lines_with_month_names() -> None:
    text = (
        "Dec 3 - letter mailed\n"
        "December 4, 2025: spoke again\n"
        "Decided to wait for the MCO\n"
        "Jan. 6th MCO replied\n"
        "May be resolved soon"
    )
    dated, undated = split_updates(text, date(2025, 11, 24), date(2026, 2, 1))
    assert undated == ""
    assert [(d.day, d.text) for d in dated] == [
        (date(2025, 12, 3), "letter mailed"),
        (date(2025, 12, 4), "spoke again\nDecided to wait for the MCO"),
        (date(2026, 1, 6), "MCO replied\nMay be resolved soon"),
    ]


def test_exported_update_lines_read_back() -> None:
    line = format_update(datetime(2025, 11, 24, 14, 5), "Phone contact: reached")
    (got,), undated = split_updates(line, date(2025, 11, 24), date(2025, 12, 1))
    assert (got.day, got.at_time, got.text, undated) == (
        date(2025, 11, 24),
        time(14, 5),
        "Phone contact: reached",
        "",
    )
