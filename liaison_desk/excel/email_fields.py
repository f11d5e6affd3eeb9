"""The columns issue 14 adds to every sheet (channel, e-mail, issue type, outcome), and the
fields of an e-mail log: seed 004's "Member Services E-mail Report" (Date Received, From,
Subject, Assigned To, Date Responded, Date Completed, Status) with the spellings other
mailbox logs use, and our own export's E-mail sheet."""

from __future__ import annotations

from .fields import (
    _ASSIGNED,
    _COMMON_START,
    _F,
    _NEXT_DUE,
    _PHONES,
    _PLANS,
    _STATUS,
)

_CHANNEL = _F(
    "channel",
    "Channel",
    ("Channel of Receipt", "Mailbox", "Received Through", "Inbox", "Received In", "How Received"),
)
_CATEGORY = _F(
    "category",
    "Category",
    (
        "Issue Type",
        "Issue Category",
        "Type of Issue",
        "Inquiry Type",
        "Type of Inquiry",
        "Escalation Type",
        "Type",
        "Issue Type/Category",
        "Category/Issue Type",
        "Reason Category",
        "Topic Category",
    ),
)
_SUB_CATEGORY = _F(
    "sub_category",
    "Sub-category",
    ("Sub Category", "Issue Sub-type", "Sub-type", "Issue Subcategory", "Sub-Issue", "Sub Type"),
)
_OUTCOME = _F(
    "outcome",
    "Outcome",
    ("Disposition", "Resolution Type", "Resolution Category", "Outcome/Disposition", "Result"),
)


def _address_field(*more: str) -> tuple[str, ...]:
    return ("Email", "E-mail Address", "Email Address", "E-mail Addr", "Email Addr", *more)


# After the columns each log already had, on the Member, Provider and Callback sheets.
WORK_FIELDS = (
    _CHANNEL,
    _F(
        "email",
        "E-mail",
        _address_field(
            "Member E-mail",
            "Member Email",
            "Provider E-mail",
            "Provider Email",
            "Contact E-mail",
            "Contact Email",
            "Caller E-mail",
            "Caller Email",
        ),
    ),
    _CATEGORY,
    _SUB_CATEGORY,
    _OUTCOME,
)

EMAIL_FIELDS = (
    *_COMMON_START,
    _F(
        "sender",
        "From",
        (
            "Sender",
            "Sender Name",
            "E-mail From",
            "Email From",
            "From Name",
            "Sent By",
            "Requestor",
            "Requester",
            "Name",
            "Received From",
            "Who Sent",
            "Customer",
        ),
    ),
    _F(
        "email",
        "E-mail",
        _address_field("Sender E-mail", "Sender Email", "From Address", "Reply To", "Reply-To"),
        True,
    ),
    _F(
        "subject",
        "Subject",
        ("Subject Line", "E-mail Subject", "Email Subject", "Re", "Regarding", "Topic", "Title"),
        True,
    ),
    _F("channel", "Channel", (*_CHANNEL.synonyms, "Received Via", "Via")),
    _F(
        "assigned_to",
        "Assigned To",
        (
            *_ASSIGNED.synonyms,
            "Assigned Staff",
            "Staff",
            "Responder",
            "Worker",
            "Assigned Unit Lead",
        ),
    ),
    _F(
        "date_responded",
        "Date Responded",
        (
            "Responded",
            "Response Date",
            "Date of Response",
            "Date Response Sent",
            "Replied",
            "Date Replied",
            "Reply Date",
            "Response Sent",
            "Date Answered",
            "First Response",
            "Responded On",
            "Date Response",
            "Date Reply Sent",
        ),
        True,
    ),
    _F(
        "date_completed",
        "Date Completed",
        (
            "Completed",
            "Date Complete",
            "Completion Date",
            "Completed Date",
            "Completed On",
            "Date Closed",
            "Closed",
            "Closed Date",
            "Date Resolved",
            "Resolved",
            "Resolved Date",
        ),
    ),
    _F("status", "Status", (*_STATUS.synonyms, "Completed/Follow-up", "Response Status")),
    _F("phone", "Phone", (*_PHONES, "Callback Number", "Sender Phone", "Contact Phone")),
    _F("member_name", "Member Name", ("Member", "Mbr Name", "Name of Member", "Member Full Name")),
    _F(
        "state_id",
        "State ID",
        (
            "Member State ID",
            "State ID #",
            "SID",
            "Medicaid ID",
            "Member ID",
            "Medicaid #",
            "State ID Number",
        ),
    ),
    _F("provider_name", "Provider Name", ("Provider", "Prov Name", "Provider/Group Name")),
    _F("npi", "NPI", ("NPI #", "NPI Number", "Provider NPI")),
    _F("mco", "MCO(s)", _PLANS),
    _F(
        "description",
        "Description",
        (
            "Body",
            "Message",
            "E-mail Text",
            "Email Text",
            "E-mail Body",
            "Message Body",
            "Summary",
            "Issue",
            "Issue Description",
            "Question",
            "Request",
            "Inquiry",
            "Details",
            "Content",
            "Description of Request",
        ),
    ),
    _CATEGORY,
    _SUB_CATEGORY,
    _OUTCOME,
    _F(
        "resolution",
        "Resolution",
        ("Response Given", "Resolution Notes", "How Resolved", "Answer", "Final Response"),
    ),
    _F(
        "updates",
        "Notes",
        (
            "Note",
            "Comments",
            "Updates",
            "Follow Up",
            "Follow-up Notes",
            "Action Taken",
            "Response Notes",
            "Notes/Updates",
            "Remarks",
            "Follow-up",
        ),
    ),
    _F(
        "written_by",
        "Written By",
        ("Member or Provider", "Member/Provider", "Sender Type", "From Type", "Type of Sender"),
    ),
    _NEXT_DUE,
)
