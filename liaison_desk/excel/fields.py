"""The legacy log's sheet kinds and the fields of its Member and Provider sheets: for each,
the header the legacy workbook uses (and the export writes, so pivot tables keep working)
and the other spellings seen in the wild ("Date Rec'd", "Phone #", "Member State ID")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..domain import Track


class SheetKind(StrEnum):
    MEMBER = "member"
    PROVIDER = "provider"
    CALLBACK = "callback"
    EMAIL = "email"

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
    SheetKind.EMAIL: "E-mail",
}
_TRACKS = {
    SheetKind.MEMBER: Track.MCO_MEMBER,
    SheetKind.PROVIDER: Track.MCO_PROVIDER,
    SheetKind.CALLBACK: Track.IME_CALLBACK,
    SheetKind.EMAIL: Track.EMAIL,
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
    ("Resolution Notes", "Final Resolution", "Resolution Summary", "How Resolved"),
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
