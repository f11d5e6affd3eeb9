"""Vocabulary of the work: tracks, priorities, statuses, roles and timeline kinds.

Stored as plain strings (not database enums) so a new value needs no schema migration.
"""

from __future__ import annotations

from enum import StrEnum


class Track(StrEnum):
    MCO_MEMBER = "mco_member"
    MCO_PROVIDER = "mco_provider"
    IME_CALLBACK = "ime_callback"
    EMAIL = "email"  # a written inquiry from a member or provider (seeds 000, 004)
    # A request that an MCO enrollment be changed outside the normal window (seed 003).
    CONSIDERATION = "consideration"

    @property
    def label(self) -> str:
        return _TRACK_LABELS[self]

    @property
    def short_label(self) -> str:
        """The label in a narrow column: "Callback" for a supervisor callback."""
        return _TRACK_SHORT_LABELS[self]


_TRACK_LABELS = {
    Track.MCO_MEMBER: "Member",
    Track.MCO_PROVIDER: "Provider",
    Track.IME_CALLBACK: "Supervisor callback",
    Track.EMAIL: "E-mail",
    Track.CONSIDERATION: "Enrollment consideration",
}
_TRACK_SHORT_LABELS = {
    **_TRACK_LABELS,
    Track.IME_CALLBACK: "Callback",
    Track.CONSIDERATION: "Consideration",
}
_TRACK_VALUES = frozenset(str(t) for t in Track)


def has_priority(track: str) -> bool:
    """Whether an inquiry of this track is High or Escalated: the MCO escalations are; a
    supervisor callback and an e-mail are timed by their own standards, whatever it says."""
    return track in (Track.MCO_MEMBER, Track.MCO_PROVIDER)


def short_track_label(value: str) -> str:
    """A stored track in a narrow column; an unknown (imported) value as it is."""
    return _TRACK_SHORT_LABELS[Track(value)] if value in _TRACK_VALUES else value


class Priority(StrEnum):
    HIGH = "high"
    ESCALATED = "escalated"

    @property
    def label(self) -> str:
        return "High" if self is Priority.HIGH else "Escalated"


class Status(StrEnum):
    PENDING_APPROVAL = "pending_approval"  # CSR callback request waiting for a Unit Lead
    SENT_BACK = "sent_back"  # callback request returned to the CSR with a note
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    AWAITING_MCO = "awaiting_mco"
    # The steps of an enrollment consideration case (seed 003).
    QC_VETTING = "qc_vetting"
    STATE_MONITOR = "state_monitor"
    OUTREACH = "outreach"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_closed(self) -> bool:
        return self is Status.RESOLVED


_STATUS_LABELS = {
    Status.PENDING_APPROVAL: "Pending approval",
    Status.SENT_BACK: "Sent back to CSR",
    Status.OPEN: "Open",
    Status.IN_PROGRESS: "In progress",
    Status.AWAITING_MCO: "Awaiting MCO",
    Status.QC_VETTING: "QC vetting",
    Status.STATE_MONITOR: "With the State Monitors",
    Status.OUTREACH: "Supervisor outreach",
    Status.RESOLVED: "Resolved",
}


class Role(StrEnum):
    CSR = "csr"
    LIAISON = "liaison"
    MSA_ESR = "msa_esr"
    UNIT_LEAD = "unit_lead"
    MANAGER = "manager"
    ADMIN = "admin"
    # Seed 003: the QC team vets enrollment consideration cases; the State Monitors process
    # the true ones in MMIS.
    QC_REVIEWER = "qc_reviewer"
    STATE_MONITOR = "state_monitor"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CSR: "CSR",
    Role.LIAISON: "Liaison",
    Role.MSA_ESR: "MSA/ESR",
    Role.UNIT_LEAD: "Unit Lead",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Admin",
    Role.QC_REVIEWER: "QC reviewer",
    Role.STATE_MONITOR: "State Monitor",
}


class EntryKind(StrEnum):
    CREATED = "created"
    CONTACT = "contact"
    REFERRAL = "referral"
    MCO_UPDATE = "mco_update"
    FOLLOW_UP = "follow_up"
    CALLBACK_ATTEMPT = "callback_attempt"
    LETTER = "letter"
    NOTE = "note"
    STATUS_CHANGE = "status_change"
    ASSIGNMENT = "assignment"
    PRIORITY_CHANGE = "priority_change"
    DECISION = "decision"
    APPROVAL = "approval"
    RESOLUTION = "resolution"
    REOPEN = "reopen"
    MILESTONE = "milestone"
    IMPORTED = "imported"
    CORRECTION = "correction"  # intake details corrected after saving
    # An enrollment consideration case's steps (seed 003).
    VETTING = "vetting"  # QC: a true case (to the State Monitors) or a false one (outreach)
    MONITOR_RESULT = "monitor_result"  # the State Monitors: processed, or not and why
    OUTREACH_ATTEMPT = "outreach_attempt"  # the supervisor's call to the consumer

    @property
    def label(self) -> str:
        """The word the timeline and the export's Contacts sheet show."""
        return _ENTRY_LABELS[self]


_ENTRY_LABELS = {
    EntryKind.CREATED: "Received",
    EntryKind.CONTACT: "Contact",
    EntryKind.REFERRAL: "Referred to MCO",
    EntryKind.MCO_UPDATE: "MCO update",
    EntryKind.FOLLOW_UP: "Follow-up with MCO",
    EntryKind.CALLBACK_ATTEMPT: "Callback attempt",
    EntryKind.LETTER: "Letter",
    EntryKind.NOTE: "Note",
    EntryKind.STATUS_CHANGE: "Status",
    EntryKind.ASSIGNMENT: "Assigned",
    EntryKind.PRIORITY_CHANGE: "Priority",
    EntryKind.DECISION: "Decision",
    EntryKind.APPROVAL: "Approval",
    EntryKind.RESOLUTION: "Resolved",
    EntryKind.REOPEN: "Reopened",
    EntryKind.MILESTONE: "Clock",
    EntryKind.IMPORTED: "Imported",
    EntryKind.CORRECTION: "Corrected",
    EntryKind.VETTING: "QC vetting",
    EntryKind.MONITOR_RESULT: "State Monitor",
    EntryKind.OUTREACH_ATTEMPT: "Outreach attempt",
}


class Party(StrEnum):
    """With whom a contact was made."""

    MEMBER = "member"  # the member or the originator of the inquiry
    PROVIDER = "provider"
    MCO = "mco"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PARTY_LABELS[self]


_PARTY_LABELS = {
    Party.MEMBER: "Member",
    Party.PROVIDER: "Provider",
    Party.MCO: "MCO",
    Party.OTHER: "Other",
}


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    SECURE_MESSAGE = "secure_message"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.PHONE: "Phone",
    Channel.EMAIL: "E-mail",
    Channel.LETTER: "Letter",
    Channel.SECURE_MESSAGE: "Secure message",
}


class CallOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    CallOutcome.REACHED: "Reached",
    CallOutcome.NO_ANSWER: "No answer",
    CallOutcome.VOICEMAIL: "Left voicemail",
    CallOutcome.BUSY: "Busy",
    CallOutcome.WRONG_NUMBER: "Wrong number",
}


class Decision(StrEnum):
    RESOLVED_BY_IME = "ime"
    SENT_TO_MCO = "mco"


class MilestoneKind(StrEnum):
    CONTACT_ORIGINATOR = "contact_originator"
    MCO_CONTACT = "mco_contact"
    FOLLOW_UP_MCO = "follow_up_mco"
    CALLBACK = "callback"
    EMAIL_FIRST_RESPONSE = "email_first_response"
    EMAIL_RESOLUTION = "email_resolution"
    EMAIL_RESPONSE = "email_response"  # seed 004: a response (interim or final) in 5 days
    QC_VETTING = "qc_vetting"
    MONITOR_PROCESSING = "monitor_processing"
    OUTREACH = "outreach"

    @property
    def label(self) -> str:
        return _MILESTONE_LABELS[self]


_MILESTONE_LABELS = {
    MilestoneKind.CONTACT_ORIGINATOR: "Contact the originator",
    MilestoneKind.MCO_CONTACT: "MCO contacts the originator",
    MilestoneKind.FOLLOW_UP_MCO: "Follow-up with the MCO",
    MilestoneKind.CALLBACK: "Call back",
    MilestoneKind.EMAIL_FIRST_RESPONSE: "E-mail: first response",
    MilestoneKind.EMAIL_RESOLUTION: "E-mail: resolution",
    MilestoneKind.EMAIL_RESPONSE: "E-mail: response",
    MilestoneKind.QC_VETTING: "QC vetting",
    MilestoneKind.MONITOR_PROCESSING: "State Monitor processing",
    MilestoneKind.OUTREACH: "Supervisor outreach",
}


MEMBER_SOURCES = (
    "CSR",
    "Member Services Account Manager",
    "Managed Care Ombudsman",
    "Other State Agency",
    "Legislative Liaison",
    "IME Policy Staff",
    "IME Leadership",
)


class NoticeKind(StrEnum):
    """What an inbox entry announces (SPEC §11)."""

    WARN = "warn"  # a clock's warning time reached
    DUE = "due"  # a clock's due time reached: now overdue
    HANDOFF = "handoff"  # sent to you at intake (seed 001: to an MSA/ESR)
    ASSIGNED = "assigned"  # assigned to you
    CALLBACK_REQUEST = "callback_request"  # a CSR asks for a supervisor callback
    NOT_ENROLLED = "not_enrolled"  # a member with no MCO, for a Unit Lead callback

    @property
    def label(self) -> str:
        return _NOTICE_LABELS[self]


_NOTICE_LABELS = {
    NoticeKind.WARN: "Warning time reached",
    NoticeKind.DUE: "Now overdue",
    NoticeKind.HANDOFF: "Sent to you",
    NoticeKind.ASSIGNED: "Assigned to you",
    NoticeKind.CALLBACK_REQUEST: "Callback request to approve",
    NoticeKind.NOT_ENROLLED: "Member not enrolled in an MCO",
}


PROVIDER_SOURCES = (
    "CSR",
    "Provider Services Account Manager",
    "Managed Care Ombudsman",
    "Other State Agency",
    "Legislative Liaison",
    "IME Policy Staff",
    "IME Leadership",
    "Provider",
    "Provider Association Group",
)


def subject_of(provider_name: str | None, member_name: str | None, caller_name: str | None) -> str:
    """Who an inquiry is about, as every list and report names it: the provider (a practice),
    else the member, else the caller."""
    return provider_name or member_name or caller_name or ""


def label_of(enum: type[StrEnum], value: str | None, empty: str = "any") -> str:
    """A stored value shown in words: the member's label (``Priority("high")`` → "High"),
    the value itself when it is not a member (an old or imported spelling), ``empty`` for
    none (a standard that applies to any priority)."""
    if value is None:
        return empty
    try:
        member = enum(value)
    except ValueError:
        return value
    return str(getattr(member, "label", value.replace("_", " ").capitalize()))
