"""Working an inquiry (SPEC section 4): contacts, MCO referral, updates and follow-ups,
assignment, the IME-or-MCO decision, priority, resolution and reopening.

Every action takes ``(session, ctx, inquiry_id, expected_version, ...)`` and returns an
:class:`ActionResult` with the inquiry's new version. :mod:`.guards` holds the checks and
words every action shares; *editing* actions (:mod:`.editing`: refer, assign, decide,
priority, resolve, reopen) check ``expected_version`` and raise
:class:`~liaison_desk.errors.ConflictError` with both sides when the inquiry moved on;
*history-only* actions (:mod:`.history_only`: contact, note, MCO update, follow-up) only add
history and cannot lose anybody's change. :mod:`.briefs` is what the client reads to offer
them: the inquiry in brief, the actions that fit it, the referral choices and effects.

Each action writes one timeline entry through :func:`~liaison_desk.services.history.add_entry`
(so the clocks react), one audit entry, and bumps ``updated_at``.
"""

from .briefs import (
    Deadline,
    DepartmentChoice,
    InquiryBrief,
    McoChoice,
    PriorityEffect,
    available_actions,
    brief,
    priority_effects,
    referral_choices,
    referral_deadlines,
)
from .editing import (
    assign,
    assignable_users,
    change_priority,
    close_inquiry,
    record_decision,
    refer_to_mco,
    reopen,
    resolve,
    which_mco,
)
from .guards import (
    CALL_OUTCOME_LABELS,
    CHANNEL_LABELS,
    DECISION_LABELS,
    MCO_UPDATE_LABELS,
    OUTCOME_MAX,
    PARTY_LABELS,
    RECEIVED,
    SENT,
    SUMMARY_MAX,
    WRITTEN_OUTCOME_LABELS,
    ActionResult,
    McoUpdate,
    contact_outcomes,
    ensure_approved,
    ensure_may_work,
    ensure_mco_track,
    ensure_open,
    load_checked,
    optional_text,
    outcome_label,
    party_label,
    required_text,
    result,
    set_status,
    summary_and_notes,
    touch,
    when,
)
from .history_only import add_note, log_contact, log_follow_up, record_mco_update

__all__ = [
    "CALL_OUTCOME_LABELS",
    "CHANNEL_LABELS",
    "DECISION_LABELS",
    "MCO_UPDATE_LABELS",
    "OUTCOME_MAX",
    "PARTY_LABELS",
    "RECEIVED",
    "SENT",
    "SUMMARY_MAX",
    "WRITTEN_OUTCOME_LABELS",
    "ActionResult",
    "Deadline",
    "DepartmentChoice",
    "InquiryBrief",
    "McoChoice",
    "McoUpdate",
    "PriorityEffect",
    "add_note",
    "assign",
    "assignable_users",
    "available_actions",
    "brief",
    "change_priority",
    "close_inquiry",
    "contact_outcomes",
    "ensure_approved",
    "ensure_may_work",
    "ensure_mco_track",
    "ensure_open",
    "load_checked",
    "log_contact",
    "log_follow_up",
    "optional_text",
    "outcome_label",
    "party_label",
    "priority_effects",
    "record_decision",
    "record_mco_update",
    "refer_to_mco",
    "referral_choices",
    "referral_deadlines",
    "reopen",
    "required_text",
    "resolve",
    "result",
    "set_status",
    "summary_and_notes",
    "touch",
    "when",
    "which_mco",
]
