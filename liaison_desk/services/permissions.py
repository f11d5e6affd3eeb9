"""Who may do what: the client shows each role only its actions, and the services refuse the rest.

The table follows SPEC section 1 and seed 001. The client asks :func:`can` (or
:func:`allowed_actions`) to decide which buttons and menu items to offer; every service
that changes an inquiry calls :func:`require`, so a caller that skips the client (the CLI, a
script, a bug) is refused the same way. On PostgreSQL the server enforces the same split
with grants (team use); this module is what a single workstation on SQLite relies on.

Decisions the procedures leave open:

- The admin may do everything: administrators repair data, and the headless system actor
  (import, demo data, the CLI) runs as admin.
- A Unit Lead may do everything a liaison or MSA/ESR may: they supervise both and cover
  for them.
- Priority is the liaison's triage judgement (seed 001, step 3); a Unit Lead may change it
  too, an MSA/ESR may not.
- Letters ("outcome of your escalated issue") may be written by anyone who works inquiries;
  the callback steps themselves (attempts, "Callback complete") are the Unit Lead's and the
  MSA's (seed 001, step 8).
- A CSR creates callback requests, sees their own, may add a note to them, correct their
  details until a Unit Lead approves them, and resubmit one a Unit Lead sent back. Nothing
  else.
- Whoever works an inquiry may correct its intake details; a manager may not (they change
  nothing).
- A manager reads everything and exports; they change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from ..domain import Role
from ..errors import PermissionDenied
from .context import Actor


class Action(StrEnum):
    VIEW_ALL = "view_all"  # every inquiry (a CSR sees only the callbacks they requested)
    CREATE_INQUIRY = "create_inquiry"  # member and provider intake
    CREATE_CALLBACK_REQUEST = "create_callback_request"
    LOG_EMAIL = "log_email"  # take in an e-mail inquiry (seed 004: the account manager too)
    ASSIGN_EMAIL = "assign_email"  # assign an e-mail inquiry (the account manager's)
    RESUBMIT_CALLBACK = "resubmit_callback"
    ADD_NOTE = "add_note"
    EDIT_DETAILS = "edit_details"  # correct what intake recorded
    LOG_CONTACT = "log_contact"
    REFER_TO_MCO = "refer_to_mco"
    RECORD_MCO_UPDATE = "record_mco_update"
    LOG_FOLLOW_UP = "log_follow_up"
    ASSIGN = "assign"
    RECORD_DECISION = "record_decision"
    CHANGE_PRIORITY = "change_priority"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    APPROVE_CALLBACK = "approve_callback"
    RECORD_CALLBACK_ATTEMPT = "record_callback_attempt"
    WRITE_LETTER = "write_letter"
    COMPLETE_CALLBACK = "complete_callback"
    VIEW_LETTER = "view_letter"
    EXPORT = "export"
    VIEW_REPORTS = "view_reports"
    QC_AUDIT = "qc_audit"
    VIEW_ACCESS_LOG = "view_access_log"  # who opened a member's inquiries
    VIEW_AUDIT = "view_audit"  # the audit trail: who changed what, old and new values
    ADMINISTER = "administer"  # users, MCOs, calendar, policies
    # Enrollment consideration cases (seed 003).
    CREATE_CONSIDERATION = "create_consideration"
    VET_CONSIDERATION = "vet_consideration"  # the QC team: true or false
    RECORD_MONITOR_RESULT = "record_monitor_result"  # the State Monitors: processed or not
    RECORD_OUTREACH = "record_outreach"  # the supervisor's two attempts
    VIEW_CONSIDERATIONS = "view_considerations"  # the consideration cases, and only them

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Action.VIEW_ALL: "See every inquiry",
    Action.CREATE_INQUIRY: "Take in a member or provider inquiry",
    Action.CREATE_CALLBACK_REQUEST: "Request a supervisor callback",
    Action.LOG_EMAIL: "Take in an e-mail inquiry",
    Action.ASSIGN_EMAIL: "Assign an e-mail inquiry",
    Action.RESUBMIT_CALLBACK: "Resubmit a callback request",
    Action.ADD_NOTE: "Add a note",
    Action.EDIT_DETAILS: "Correct an inquiry's details",
    Action.LOG_CONTACT: "Log a contact",
    Action.REFER_TO_MCO: "Refer to an MCO",
    Action.RECORD_MCO_UPDATE: "Record an MCO update",
    Action.LOG_FOLLOW_UP: "Log a follow-up with the MCO",
    Action.ASSIGN: "Assign or reassign",
    Action.RECORD_DECISION: "Record the decision",
    Action.CHANGE_PRIORITY: "Change the priority",
    Action.RESOLVE: "Resolve",
    Action.REOPEN: "Reopen",
    Action.APPROVE_CALLBACK: "Approve or send back a callback request",
    Action.RECORD_CALLBACK_ATTEMPT: "Record a callback attempt",
    Action.WRITE_LETTER: "Write a letter",
    Action.COMPLETE_CALLBACK: "Mark a callback complete",
    Action.VIEW_LETTER: "Open a stored letter",
    Action.EXPORT: "Export to Excel",
    Action.VIEW_REPORTS: "Read reports",
    Action.QC_AUDIT: "Run QC audits",
    Action.VIEW_ACCESS_LOG: "See who opened a member's inquiries",
    Action.ADMINISTER: "Administer users and reference data",
    Action.CREATE_CONSIDERATION: "Record an enrollment consideration case",
    Action.VET_CONSIDERATION: "Vet an enrollment consideration case",
    Action.RECORD_MONITOR_RESULT: "Record the State Monitors' result",
    Action.RECORD_OUTREACH: "Record a supervisor's outreach",
    Action.VIEW_CONSIDERATIONS: "See the enrollment consideration cases",
    Action.VIEW_AUDIT: "Read the audit trail",
}

# Working an MCO escalation: liaisons take it in and work it, MSA/ESRs work what they are sent.
_WORK = frozenset(
    {
        Action.VIEW_ALL,
        Action.ADD_NOTE,
        Action.EDIT_DETAILS,
        Action.LOG_CONTACT,
        Action.REFER_TO_MCO,
        Action.RECORD_MCO_UPDATE,
        Action.LOG_FOLLOW_UP,
        Action.ASSIGN,
        Action.RECORD_DECISION,
        Action.RESOLVE,
        Action.REOPEN,
        Action.WRITE_LETTER,
        Action.VIEW_LETTER,
    }
)
# Seed 001: "The Unit Lead/MSA will call the member/provider back ... will write a letter".
_CALLBACK_WORK = frozenset({Action.RECORD_CALLBACK_ATTEMPT, Action.COMPLETE_CALLBACK})

_TABLE: dict[Role, frozenset[Action]] = {
    Role.CSR: frozenset(
        {
            Action.CREATE_CALLBACK_REQUEST,
            Action.RESUBMIT_CALLBACK,
            Action.ADD_NOTE,
            Action.EDIT_DETAILS,
            Action.VIEW_LETTER,
            Action.CREATE_CONSIDERATION,
        }
    ),
    Role.LIAISON: _WORK
    | {
        Action.CREATE_INQUIRY,
        Action.LOG_EMAIL,
        Action.CHANGE_PRIORITY,
        Action.CREATE_CONSIDERATION,
    },
    # Seed 004 step 4: the Member Services Analyst reviews the e-mail report weekly.
    Role.MSA_ESR: _WORK
    | _CALLBACK_WORK
    | {Action.CREATE_INQUIRY, Action.LOG_EMAIL, Action.VIEW_REPORTS, Action.CREATE_CONSIDERATION},
    Role.UNIT_LEAD: _WORK
    | _CALLBACK_WORK
    | {
        Action.CREATE_INQUIRY,
        Action.LOG_EMAIL,
        Action.CREATE_CALLBACK_REQUEST,
        Action.CHANGE_PRIORITY,
        Action.APPROVE_CALLBACK,
        Action.VIEW_REPORTS,
        Action.CREATE_CONSIDERATION,
        Action.RECORD_OUTREACH,  # seed 003: the supervisor's outreach
    },
    Role.MANAGER: frozenset(
        {
            Action.VIEW_ALL,
            Action.VIEW_LETTER,
            Action.EXPORT,
            Action.VIEW_REPORTS,
            Action.QC_AUDIT,
            Action.VIEW_ACCESS_LOG,
            Action.VIEW_AUDIT,
            # Seed 004: the account manager logs each e-mail and assigns it.
            Action.LOG_EMAIL,
            Action.ASSIGN_EMAIL,
        }
    ),
    Role.ADMIN: frozenset(Action),
    # Seed 003: they see the consideration cases only (and read the reports of them).
    Role.QC_REVIEWER: frozenset(
        {
            Action.VIEW_CONSIDERATIONS,
            Action.VET_CONSIDERATION,
            Action.ADD_NOTE,
            Action.EXPORT,
            Action.VIEW_REPORTS,
        }
    ),
    Role.STATE_MONITOR: frozenset(
        {Action.VIEW_CONSIDERATIONS, Action.RECORD_MONITOR_RESULT, Action.ADD_NOTE, Action.EXPORT}
    ),
}

# Roles that can be handed an inquiry to work (the assign dialog lists only these).
ASSIGNABLE_ROLES: tuple[Role, ...] = (Role.LIAISON, Role.MSA_ESR, Role.UNIT_LEAD)


def _role(role: Role | str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        return None


def can(role: Role | str, action: Action | str) -> bool:
    """Whether a person with ``role`` may do ``action``. Unknown roles or actions may do nothing."""
    known = _role(role)
    if known is None:
        return False
    try:
        wanted = Action(action)
    except ValueError:
        return False
    return wanted in _TABLE[known]


def allowed_actions(role: Role | str) -> frozenset[Action]:
    known = _role(role)
    return _TABLE[known] if known is not None else frozenset()


def can_view_inquiry(actor: Actor, created_by_id: int | None, track: str | None = None) -> bool:
    """A CSR sees what they took in (callback requests, consideration cases); the QC team and
    the State Monitors the consideration cases; everyone else every inquiry."""
    if can(actor.role, Action.VIEW_ALL):
        return True
    if can(actor.role, Action.VIEW_CONSIDERATIONS):
        return track == "consideration"
    return actor.user_id is not None and created_by_id == actor.user_id


def visibility_filter(actor: Actor) -> Any:
    """A SQLAlchemy WHERE clause limiting an inquiry query to what ``actor`` may see."""
    from sqlalchemy import false, true

    from ..db.models import Inquiry

    if can(actor.role, Action.VIEW_ALL):
        return true()
    if can(actor.role, Action.VIEW_CONSIDERATIONS):
        return Inquiry.track == "consideration"
    if actor.user_id is None:
        return false()
    return Inquiry.created_by_id == actor.user_id


def require(actor: Actor, action: Action, *more: Action) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may do every action given."""
    for wanted in (action, *more):
        if not can(actor.role, wanted):
            raise PermissionDenied(
                f"{_role_label(actor.role)}s cannot {_LABELS[wanted][0].lower()}"
                f"{_LABELS[wanted][1:].rstrip('.')}. Ask a colleague whose role allows it."
            )


def _role_label(role: Role | str) -> str:
    known = _role(role)
    return known.label if known is not None else str(role)


def roles_allowed(action: Action) -> list[Role]:
    """The roles that may do ``action`` (for tooltips such as "Unit Leads only")."""
    return [role for role in Role if action in _TABLE[role]]


def describe_roles(roles: Iterable[Role]) -> str:
    names = [r.label for r in roles]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
