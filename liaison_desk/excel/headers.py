"""The legacy log's sheets and headers, and the synonyms real files use for them.

Each sheet kind has a list of fields; each field has the header the legacy workbook uses
(and the export writes, so pivot tables keep working) and the other spellings seen in the
wild ("Date Rec'd", "Phone #", "Member State ID"). Headers are compared folded: case,
punctuation, spacing and line breaks do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..domain import Track


class SheetKind(StrEnum):
    MEMBER = "member"
    PROVIDER = "provider"
    CALLBACK = "callback"

    @property
    def label(self) -> str:
        return _TITLES[self]

    @property
    def track(self) -> Track:
        return _TRACKS[self]


_TITLES = {
    SheetKind.MEMBER: "Member",
    SheetKind.PROVIDER: "Provider",
    SheetKind.CALLBACK: "Supervisor Callbacks",
}
_TRACKS = {
    SheetKind.MEMBER: Track.MCO_MEMBER,
    SheetKind.PROVIDER: Track.MCO_PROVIDER,
    SheetKind.CALLBACK: Track.IME_CALLBACK,
}


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    # Fields that tell this sheet kind apart from the others when recognising a sheet.
    distinctive: bool = False


_F = Field

_COMMON_START = (
    _F(
        "reference",
        "Reference",
        (
            "Ref",
            "Ref #",
            "Ref No",
            "Reference #",
            "Reference No",
            "Reference Number",
            "Inquiry #",
            "Inquiry Number",
        ),
    ),
    _F(
        "received_date",
        "Date Received",
        (
            "Date Rec'd",
            "Date Recd",
            "Date Rcvd",
            "Date Recv",
            "Date Recv'd",
            "Recv Date",
            "Rec'd Date",
            "Recd Date",
            "Received Date",
            "Received",
            "Date",
            "Date of Inquiry",
            "Inquiry Date",
            "Date Reported",
            "Rec'd",
            "Date Rec",
        ),
    ),
    _F(
        "received_time",
        "Time Received",
        (
            "Time Rec'd",
            "Time Recd",
            "Time Rcvd",
            "Time",
            "Rec'd Time",
            "Received Time",
            "Time of Call",
            "Time Rec",
        ),
    ),
    _F(
        "received_datetime",
        "Date/Time Received",
        (
            "Received Date/Time",
            "Date & Time Received",
            "Date Time Received",
            "Received At",
            "Date and Time Received",
            "Date/Time",
        ),
    ),
)

_SOURCES = (
    "Rec'd From",
    "Recd From",
    "Received Via",
    "Source",
    "Referred By",
    "Referral Source",
    "Escalated By",
    "Escalation Source",
    "From",
    "Rec'd Via",
    "Received By Way Of",
    "Origin",
)
_PHONES = ("Phone #", "Phone", "Phone Number", "Tel", "Telephone")
_PLANS = (
    "MCO",
    "MCOs",
    "MCO(s)",
    "MCO Name",
    "MCO/Plan",
    "Health Plan",
    "Health Plan(s)",
    "Plan",
    "Plan(s)",
    "Managed Care Org",
    "Managed Care Organization",
)
_PRIORITY = _F("priority", "Priority", ("Pri", "Priority Level", "Urgency", "High/Escalated"))
_DESCRIPTION = _F(
    "description",
    "Issue Description",
    (
        "Description",
        "Issue",
        "Description of Issue",
        "Issue Desc",
        "Inquiry",
        "Reason",
        "Reason for Escalation",
        "Escalation Reason",
        "Concern",
        "Summary",
        "Issue Summary",
        "Details",
    ),
)
_ASSIGNED = _F(
    "assigned_to",
    "Assigned To",
    ("Assigned", "Assignee", "Owner", "Worked By", "Assigned MSA/ESR", "MSA/ESR", "Liaison"),
)
_DEPARTMENT = _F(
    "mco_department",
    "MCO Department",
    ("MCO Dept", "MCO Dept.", "Department", "Dept", "MCO Dept Sent To", "Sent To Dept"),
)
_SENT_TO_MCO = _F(
    "date_sent_to_mco",
    "Date Sent to MCO",
    (
        "Sent to MCO",
        "Date Referred",
        "Date Referred to MCO",
        "Referred to MCO",
        "Date Sent",
        "Date to MCO",
        "MCO Referral Date",
    ),
)
_UPDATES = _F(
    "updates",
    "Updates",
    (
        "Update",
        "Status Updates",
        "Update Notes",
        "Notes",
        "Comments",
        "Follow Up",
        "Follow-up Notes",
        "Notes/Updates",
        "Updates/Notes",
    ),
)
_RESOLUTION = _F(
    "resolution",
    "Resolution",
    ("Outcome", "Resolution Notes", "Final Resolution", "Resolution Summary", "How Resolved"),
)
_RESOLVED = _F(
    "date_resolved",
    "Date Resolved",
    (
        "Resolved",
        "Resolved Date",
        "Date Closed",
        "Closed Date",
        "Resolution Date",
        "Date Complete",
        "Date Completed",
        "Closed On",
    ),
)
_STATUS = _F("status", "Status", ("Current Status", "Open/Closed", "State", "Case Status"))
_NEXT_DUE = _F("next_due", "Next Due", ("Next Due Time", "Due", "Next Deadline"))


# A log that keeps the member's first and last names apart: the import joins them.
_MEMBER_FIRST = _F(
    "member_first", "Member First Name", ("First Name", "Mbr First Name", "Member First", "First")
)
_MEMBER_LAST = _F(
    "member_last", "Member Last Name", ("Last Name", "Mbr Last Name", "Member Last", "Last")
)


def _address(whose: str) -> Field:
    return _F("mailing_address", "Mailing Address", ("Address", f"{whose} Address", "Mailing Addr"))


def _contacted(who: str, short: str) -> Field:
    """ "Date Member Contacted" and its spellings, for the member or the provider."""
    return _F(
        "date_contacted",
        f"Date {who} Contacted",
        (
            f"{who} Contacted",
            f"Date {short} Contacted",
            f"{who} Contact Date",
            f"Date {who} Called",
            f"Contacted {who}",
            "Date Contacted",
            "Date Originator Contacted",
            "Originator Contacted",
        ),
    )


def _mco_contacted(who: str, short: str) -> Field:
    return _F(
        "date_mco_contacted",
        f"Date MCO Contacted {who}",
        (
            f"MCO Contacted {who}",
            f"Date MCO Contacted {short}",
            "Date MCO Contacted",
            "MCO Contact Date",
            "MCO Contacted",
        ),
    )


# The middle of the Member and Provider sheets, the same on both: from Priority to Status.
def _mco_sheet(who: str, short: str, whose: str) -> tuple[Field, ...]:
    return (
        _PRIORITY,
        _DESCRIPTION,
        _ASSIGNED,
        _contacted(who, short),
        _DEPARTMENT,
        _SENT_TO_MCO,
        _mco_contacted(who, short),
        _UPDATES,
        _RESOLUTION,
        _RESOLVED,
        _STATUS,
        _address(whose),
        _NEXT_DUE,
    )


_MEMBER = (
    *_COMMON_START,
    _F("source", "Received From", _SOURCES),
    _F(
        "member_name",
        "Member Name",
        (
            "Member",
            "Mbr Name",
            "Name of Member",
            "Member Full Name",
            "Mem Name",
            "Beneficiary",
            "Member Last, First",
        ),
        True,
    ),
    _F(
        "state_id",
        "State ID",
        (
            "Member State ID",
            "Mbr State ID",
            "State ID #",
            "State ID No",
            "State ID Number",
            "SID",
            "Medicaid ID",
            "Medicaid #",
            "Member ID",
            "Member Medicaid ID",
            "Mbr ID",
        ),
        True,
    ),
    _F(
        "caller_name",
        "Caller Name",
        ("Caller", "Originator", "Originator Name", "Name of Caller", "Reported By"),
        True,
    ),
    _F(
        "caller_phone",
        "Caller Phone",
        (
            *_PHONES,
            "Caller Phone #",
            "Caller Number",
            "Caller #",
            "Callback Number",
            "Call Back #",
            "Caller Phone Number",
            "Contact Phone",
        ),
    ),
    _F("mco", "MCO", _PLANS),
    *_mco_sheet("Member", "Mbr", "Member"),
    _MEMBER_FIRST,
    _MEMBER_LAST,
)

_PROVIDER = (
    *_COMMON_START,
    _F("source", "Received From", _SOURCES),
    _F(
        "provider_name",
        "Provider Name",
        (
            "Provider",
            "Prov Name",
            "Provider/Group Name",
            "Billing Provider",
            "Provider Group",
            "Practice",
            "Provider Name/Group",
        ),
        True,
    ),
    _F(
        "npi",
        "NPI",
        ("NPI #", "NPI Number", "NPI No", "Provider NPI", "Billing NPI", "Prov NPI"),
        True,
    ),
    _F(
        "contact_name",
        "Contact Name",
        (
            "Contact",
            "Provider Contact",
            "Office Contact",
            "Contact Person",
            "Caller Name",
            "Caller",
        ),
        True,
    ),
    _F(
        "contact_phone",
        "Contact Number",
        (
            *_PHONES,
            "Contact Phone",
            "Contact #",
            "Contact Phone #",
            "Contact No",
            "Contact Phone Number",
        ),
    ),
    _F("mco", "MCO(s)", (*_PLANS, "MCO(s) in Question")),
    *_mco_sheet("Provider", "Prov", "Provider"),
)

_CALLBACK = (
    *_COMMON_START,
    _F("source", "Received From", _SOURCES[:7]),
    _F("csr", "CSR", ("CSR Name", "Taken By", "Rep", "CSR Rep", "Call Taken By", "Agent"), True),
    _F("caller_name", "Caller Name", ("Caller", "Name of Caller", "Originator")),
    _F("member_name", "Member Name", ("Member", "Mbr Name", "Name of Member", "Mem Name")),
    _F(
        "state_id",
        "State ID",
        (
            "Member State ID",
            "Mbr State ID",
            "State ID #",
            "SID",
            "Medicaid ID",
            "Medicaid #",
            "Member ID",
            "State ID Number",
        ),
    ),
    _F("npi", "NPI", ("NPI #", "NPI Number", "Provider NPI")),
    _F(
        "phone",
        "Phone",
        (
            *_PHONES,
            "Caller Phone",
            "Call Back Number",
            "Callback Number",
            "Call Back #",
            "Callback #",
            "Caller Phone #",
        ),
    ),
    _F(
        "description",
        "Question",
        (
            "Issue",
            "Question/Issue",
            "Reason for Call",
            "Caller Question",
            "Description",
            "Issue Description",
            "Inquiry",
            "Reason",
        ),
    ),
    _F(
        "attempt_1",
        "Attempt 1",
        (
            "1st Attempt",
            "First Attempt",
            "Attempt #1",
            "Call Attempt 1",
            "Attempt One",
            "Callback Attempt 1",
        ),
        True,
    ),
    _F(
        "attempt_2",
        "Attempt 2",
        (
            "2nd Attempt",
            "Second Attempt",
            "Attempt #2",
            "Call Attempt 2",
            "Attempt Two",
            "Callback Attempt 2",
        ),
        True,
    ),
    _F(
        "letter_sent",
        "Letter Sent",
        ("Letter", "Letter Date", "Date Letter Sent", "Letter Sent Date", "Letter Mailed"),
        True,
    ),
    _F(
        "callback_complete",
        "Callback Complete",
        (
            "Call Back Complete",
            "Callback Completed",
            "Date Callback Complete",
            "Complete",
            "Completed",
            "Date Completed",
        ),
        True,
    ),
    _F("updates", "Notes", ("Note", "Comments", "Updates", "Notes/Updates")),
    _F("provider_name", "Provider Name", ("Provider", "Prov Name")),
    _F("priority", "Priority", ("Pri", "Priority Level")),
    _F("status", "Status", ("Current Status", "Open/Closed", "Case Status")),
    _F("assigned_to", "Assigned To", ("Assigned", "Assignee", "Owner", "Unit Lead")),
    _F("resolution", "Resolution", ("Outcome", "Resolution Notes")),
    _address("Member"),
    _NEXT_DUE,
    _MEMBER_FIRST,
    _MEMBER_LAST,
)

FIELDS: dict[SheetKind, tuple[Field, ...]] = {
    SheetKind.MEMBER: _MEMBER,
    SheetKind.PROVIDER: _PROVIDER,
    SheetKind.CALLBACK: _CALLBACK,
}

# The legacy headers in the legacy order: what the export writes (Reference first, then
# these, then the extra columns), so a manager's pivot tables find their columns.
LEGACY_HEADERS: dict[SheetKind, tuple[str, ...]] = {
    SheetKind.MEMBER: (
        "Date Received",
        "Time Received",
        "Received From",
        "Member Name",
        "State ID",
        "Caller Name",
        "Caller Phone",
        "MCO",
        "Priority",
        "Issue Description",
        "Assigned To",
        "Date Member Contacted",
        "MCO Department",
        "Date Sent to MCO",
        "Date MCO Contacted Member",
        "Updates",
        "Resolution",
        "Date Resolved",
        "Status",
    ),
    SheetKind.PROVIDER: (
        "Date Received",
        "Time Received",
        "Received From",
        "Provider Name",
        "NPI",
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
    ),
    SheetKind.CALLBACK: (
        "Date Received",
        "CSR",
        "Caller Name",
        "Member Name",
        "State ID",
        "NPI",
        "Phone",
        "Question",
        "Attempt 1",
        "Attempt 2",
        "Letter Sent",
        "Callback Complete",
        "Notes",
    ),
}

# Columns our own exports and rejects workbooks add that an import reads past quietly.
QUIET_HEADERS = frozenset(
    {"overdue", "problems", "rejectreasons", "reasons", "sourcerow", "row", "rownum"}
)

_NOISE = re.compile(r"[^a-z0-9#]+")


def fold_header(text: object) -> str:
    """ "Date\\nRec'd " → "daterecd"; "Phone #" keeps its #, which tells it from "Phone"."""
    if text is None:
        return ""
    s = str(text).casefold().replace("number", "#").replace(" no.", " #").replace(" no ", " # ")
    s = s.replace("&", "and")
    return _NOISE.sub("", s)


def _index(kind: SheetKind) -> dict[str, str]:
    table: dict[str, str] = {}
    fields = FIELDS[kind]
    for f in fields:
        table.setdefault(fold_header(f.header), f.key)
    for f in fields:
        for syn in f.synonyms:
            table.setdefault(fold_header(syn), f.key)
    return table


_INDEX: dict[SheetKind, dict[str, str]] = {k: _index(k) for k in SheetKind}


def field_for(kind: SheetKind, header: object) -> str | None:
    key = fold_header(header)
    if not key:
        return None
    found = _INDEX[kind].get(key)
    if found is None and key.endswith("#"):
        found = _INDEX[kind].get(key[:-1])
    return found


def field_label(kind: SheetKind, key: str) -> str:
    for f in FIELDS[kind]:
        if f.key == key:
            return f.header
    return key


@dataclass
class ColumnMap:
    """One column of a sheet: its letter index (0-based), header text and the field it
    feeds (``None``: ignored)."""

    index: int
    header: str
    field: str | None
    note: str = ""


@dataclass
class HeaderMatch:
    kind: SheetKind
    columns: list[ColumnMap] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field}

    @property
    def score(self) -> int:
        return len(self.fields)

    @property
    def rank(self) -> tuple[int, int, int]:
        """How well this kind explains the header row: columns it knows less columns it
        does not, then its distinctive columns."""
        unknown = sum(1 for c in self.columns if c.field is None)
        return (self.score - unknown, self.distinctive, self.score)

    @property
    def distinctive(self) -> int:
        keys = {f.key for f in FIELDS[self.kind] if f.distinctive}
        return len(keys & set(self.fields))


def match_headers(kind: SheetKind, headers: Sequence[object]) -> HeaderMatch:
    result = HeaderMatch(kind)
    taken: set[str] = set()
    for i, h in enumerate(headers):
        text = "" if h is None else " ".join(str(h).split())
        if not text:
            continue
        key = field_for(kind, text)
        if key is None:
            note = "" if fold_header(text) in QUIET_HEADERS else "not a column we know"
            result.columns.append(ColumnMap(i, text, None, note))
        elif key in taken:
            result.columns.append(ColumnMap(i, text, None, "a second column for the same field"))
        else:
            taken.add(key)
            result.columns.append(ColumnMap(i, text, key))
    return result


_SHEET_NAMES: dict[str, SheetKind] = {}
for _kind, _names in (
    (
        SheetKind.MEMBER,
        (
            "member",
            "members",
            "member services",
            "mbr",
            "mem",
            "member log",
            "member escalations",
            "member issues",
            "ms",
        ),
    ),
    (
        SheetKind.PROVIDER,
        (
            "provider",
            "providers",
            "provider services",
            "prv",
            "prov",
            "provider log",
            "provider escalations",
            "provider issues",
            "ps",
        ),
    ),
    (
        SheetKind.CALLBACK,
        (
            "supervisor callbacks",
            "supervisor callback",
            "callbacks",
            "callback",
            "sup callbacks",
            "supervisor call backs",
            "call backs",
            "supervisor contacts",
            "ime callbacks",
            "sup cb",
            "cb",
        ),
    ),
):
    for _n in _names:
        _SHEET_NAMES[_NOISE.sub("", _n)] = _kind


def kind_from_sheet_name(name: str) -> SheetKind | None:
    return _SHEET_NAMES.get(_NOISE.sub("", name.casefold()))


def best_match(headers: Sequence[object], hint: SheetKind | None) -> HeaderMatch | None:
    """The sheet kind these headers describe best, or None when they are not a log header.

    A header row needs at least three known columns and, unless the sheet's name already
    said which log it is, one column only that kind of log has (NPI, Attempt 1, ...).
    """
    kinds: Iterable[SheetKind] = (hint,) if hint else tuple(SheetKind)
    best: HeaderMatch | None = None
    for kind in kinds:
        m = match_headers(kind, headers)
        if m.score < 3 or (hint is None and m.distinctive == 0):
            continue
        if best is None or m.rank > best.rank:
            best = m
    return best
