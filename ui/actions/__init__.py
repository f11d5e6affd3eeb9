"""Working an inquiry in the client: a dialog or panel per action, the callback panel, the
letter dialog, the conflict dialog, and :func:`install_actions` for the main window."""

from ui.actions.approval import ApprovalDialog, ResubmitDialog
from ui.actions.callback_dialog import CallbackDialog
from ui.actions.callbacks import CallbackPanel
from ui.actions.common import ActionDialog
from ui.actions.conflict import ConflictDialog
from ui.actions.controller import SPECS, InquiryActions, install_actions
from ui.actions.dialogs import (
    AssignDialog,
    ContactDialog,
    DecisionDialog,
    FollowUpDialog,
    McoUpdateDialog,
    NoteDialog,
    PriorityDialog,
    ReferralDialog,
    ReopenDialog,
    ResolveDialog,
)
from ui.actions.edit_details import EditDetailsDialog
from ui.actions.letter_viewer import LetterViewer
from ui.actions.letters import LetterDialog

__all__ = [
    "SPECS",
    "ActionDialog",
    "ApprovalDialog",
    "AssignDialog",
    "CallbackDialog",
    "CallbackPanel",
    "ConflictDialog",
    "ContactDialog",
    "DecisionDialog",
    "EditDetailsDialog",
    "FollowUpDialog",
    "InquiryActions",
    "LetterDialog",
    "LetterViewer",
    "McoUpdateDialog",
    "NoteDialog",
    "PriorityDialog",
    "ReferralDialog",
    "ReopenDialog",
    "ResolveDialog",
    "ResubmitDialog",
    "install_actions",
]
