"""The dialogs for working an inquiry, by family: :mod:`.contact` (a contact logged),
:mod:`.mco` (referral, what the MCO reported, follow-up, the IME-or-MCO decision) and
:mod:`.case` (assignment, priority, resolve, reopen, note). Each is an :class:`ActionDialog`."""

from __future__ import annotations

from ui.actions.case import AssignDialog, NoteDialog, PriorityDialog, ReopenDialog, ResolveDialog
from ui.actions.contact import CHANNELS, ContactDialog
from ui.actions.mco import (
    DecisionDialog,
    FollowUpDialog,
    McoUpdateDialog,
    ReferralDialog,
    fill_mco_choice,
    mco_choice_combo,
)

__all__ = [
    "CHANNELS",
    "AssignDialog",
    "ContactDialog",
    "DecisionDialog",
    "FollowUpDialog",
    "McoUpdateDialog",
    "NoteDialog",
    "PriorityDialog",
    "ReferralDialog",
    "ReopenDialog",
    "ResolveDialog",
    "fill_mco_choice",
    "mco_choice_combo",
]
