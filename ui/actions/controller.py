"""The working actions as QActions: one per action, shown only to roles that may use it and
only while it fits the selected inquiry; each opens its dialog and reports ``changed``.

The main window (or a test) calls :func:`install_actions` once and tells the controller
which inquiry is selected with :meth:`InquiryActions.set_inquiry`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from liaison_desk.domain import Track
from liaison_desk.services import actions
from liaison_desk.services.actions import InquiryBrief, available_actions
from liaison_desk.services.permissions import Action, allowed_actions
from ui import ops
from ui.actions.approval import ApprovalDialog, ResubmitDialog
from ui.actions.audit import InquiryAuditDialog
from ui.actions.callback_dialog import CallbackDialog
from ui.actions.common import ActionDialog
from ui.actions.consideration import MonitorResultDialog, OutreachDialog, VetDialog
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
from ui.actions.email_reply import EmailReplyDialog
from ui.actions.letter_viewer import LetterViewer
from ui.actions.letters import LetterDialog
from ui.context import AppContext
from ui.qt import QAction, QInputDialog, QKeySequence, QMenu, QObject, QWidget, Signal

log = logging.getLogger("liaison_desk.ui.actions")


@dataclass(frozen=True)
class ActionSpec:
    key: str
    action: Action
    text: str
    shortcut: str
    tip: str
    dialog: type[Any] | None = None
    """An ActionDialog, or a dialog taking (app_ctx, inquiry_id, parent)."""
    tracks: tuple[str, ...] = ()
    """Only for inquiries of these tracks (all when empty)."""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("contact", Action.LOG_CONTACT, "Log &contact…", "Ctrl+L",
               "Log a call, e-mail, letter or secure message", ContactDialog),
    ActionSpec("email_reply", Action.LOG_CONTACT, "Reply by e-&mail…", "Ctrl+Shift+G",
               "E-mail the sender an acknowledgement or a reply, and log it", EmailReplyDialog,
               tracks=(Track.EMAIL,)),
    ActionSpec("refer", Action.REFER_TO_MCO, "&Refer to MCO…", "Ctrl+Shift+R",
               "Send the issue to an MCO department; starts the MCO clock", ReferralDialog),
    ActionSpec("mco_update", Action.RECORD_MCO_UPDATE, "MCO &update…", "Ctrl+Shift+U",
               "What the MCO reported: contact made, still working, resolved", McoUpdateDialog),
    ActionSpec("follow_up", Action.LOG_FOLLOW_UP, "&Follow up with MCO…", "Ctrl+Shift+W",
               "You chased the MCO for an update", FollowUpDialog),
    ActionSpec("decision", Action.RECORD_DECISION, "IME or MC&O…", "Ctrl+Shift+D",
               "Record whether the agency resolves it or the MCO must", DecisionDialog),
    ActionSpec("assign", Action.ASSIGN, "&Assign…", "Ctrl+Shift+A",
               "Hand the inquiry to someone (e.g. an MSA/ESR)", AssignDialog),
    ActionSpec("priority", Action.CHANGE_PRIORITY, "Change &priority…", "Ctrl+Shift+P",
               "High or Escalated, with the reason", PriorityDialog),
    ActionSpec("approve", Action.APPROVE_CALLBACK, "Appro&ve or send back…", "Ctrl+Shift+Y",
               "Approve the CSR's callback request, or send it back with a note", ApprovalDialog),
    ActionSpec("resubmit", Action.RESUBMIT_CALLBACK, "Resu&bmit request…", "",
               "Correct the request the Unit Lead sent back and send it again", ResubmitDialog),
    ActionSpec("callback", Action.RECORD_CALLBACK_ATTEMPT, "Call&back attempts…", "Ctrl+Shift+K",
               "Record the telephone attempts; letter and “Callback complete”", CallbackDialog),
    ActionSpec("letter", Action.WRITE_LETTER, "Write &letter…", "Ctrl+Shift+L",
               "Write, preview, print and store a letter", LetterDialog),
    ActionSpec("open_letter", Action.VIEW_LETTER, "Open le&tter…", "",
               "Open a letter stored with the inquiry"),
    ActionSpec("vet", Action.VET_CONSIDERATION, "&QC vetting…", "",
               "Vet the consideration case: true (to the State Monitors) or false (outreach)",
               VetDialog, tracks=(Track.CONSIDERATION,)),
    ActionSpec("monitor", Action.RECORD_MONITOR_RESULT, "State Mon&itor result…", "",
               "Processed in MMIS, or not processed and why", MonitorResultDialog,
               tracks=(Track.CONSIDERATION,)),
    ActionSpec("outreach", Action.RECORD_OUTREACH, "Outreac&h attempt…", "",
               "The supervisor's call to the consumer (two attempts)", OutreachDialog,
               tracks=(Track.CONSIDERATION,)),
    ActionSpec("audit", Action.VIEW_AUDIT, "Audit trai&l…", "",
               "Who changed what on this inquiry, old and new values, when", InquiryAuditDialog),
    ActionSpec("note", Action.ADD_NOTE, "Add &note…", "Ctrl+Shift+N",
               "An internal note in the timeline", NoteDialog),
    ActionSpec("edit", Action.EDIT_DETAILS, "&Edit details…", "F2",
               "Correct what was taken in: names, IDs, phones, MCO, received time",
               EditDetailsDialog),
    ActionSpec("resolve", Action.RESOLVE, "Re&solve…", "Ctrl+Shift+E",
               "Record the resolution and close the inquiry", ResolveDialog),
    ActionSpec("reopen", Action.REOPEN, "Re&open…", "Ctrl+Shift+O",
               "Open a resolved inquiry again, with the reason", ReopenDialog),
)  # fmt: skip
SPEC_BY_KEY = {spec.key: spec for spec in SPECS}


class InquiryActions(QObject):
    """The actions for the selected inquiry."""

    changed = Signal(int)
    """An action saved something on this inquiry: refresh it (and the queues)."""
    opened = Signal(object)
    """A dialog was opened (tests and the main window may want it)."""
    refreshed = Signal()
    """The actions now fit the selected inquiry (after :meth:`set_inquiry`)."""

    def __init__(self, app_ctx: AppContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.app_ctx = app_ctx
        self.window = parent_widget
        self.inquiry_id: int | None = None
        self.brief: InquiryBrief | None = None
        self.allowed = allowed_actions(app_ctx.actor.role)
        self.actions: dict[str, QAction] = {}
        self.dialog: QWidget | None = None
        self.available: frozenset[Action] = frozenset()
        self._pending_open: str | None = None
        self._serial = 0
        # Every save anywhere in the app (a dialog of ours, an intake form) is announced on
        # the one bus; the actions follow the inquiry they are showing.
        ops.changes().inquiryChanged.connect(self._done)
        for spec in SPECS:
            qaction = QAction(spec.text, self)
            qaction.setObjectName(f"action_{spec.key}")
            if spec.shortcut:
                qaction.setShortcut(QKeySequence(spec.shortcut))
                qaction.setToolTip(f"{spec.tip} ({spec.shortcut})")
            else:
                qaction.setToolTip(spec.tip)
            qaction.setStatusTip(spec.tip)
            qaction.triggered.connect(lambda _checked=False, key=spec.key: self.open(key))
            qaction.setVisible(False)
            qaction.setEnabled(False)
            self.actions[spec.key] = qaction

    # --- which actions fit --------------------------------------------------------------
    def role_actions(self) -> list[QAction]:
        """The actions this person's role may ever use (for menus and toolbars)."""
        return [self.actions[s.key] for s in SPECS if s.action in self.allowed]

    def set_inquiry(self, inquiry_id: int | None, brief: InquiryBrief | None = None) -> None:
        """The selected inquiry changed (None: nothing selected)."""
        self.inquiry_id = inquiry_id
        self._serial += 1
        if inquiry_id is None:
            self.brief = None
            self._apply(frozenset())
            return
        if brief is not None and brief.id == inquiry_id:
            self._show(self._serial, brief)
            return
        serial = self._serial
        ops.read(self, self.app_ctx, lambda s, c: actions.brief(s, c, inquiry_id)).done(
            lambda b: self._show(serial, b)
        ).failed(lambda p: self._failed(serial, p)).start()

    def refresh(self) -> None:
        self.set_inquiry(self.inquiry_id)

    def follow_detail(self, detail: Any) -> None:
        """The main window shows ``detail`` (an ``InquiryDetail`` or None)."""
        row = getattr(detail, "row", None)
        if row is None:
            if self.inquiry_id is not None:
                self.set_inquiry(None)
            return
        brief = self.brief
        fresh = brief is not None and brief.id == row.id and brief.version == row.version
        if row.id != self.inquiry_id or not fresh:
            self.set_inquiry(row.id)

    def _show(self, serial: int, brief: InquiryBrief) -> None:
        if serial != self._serial:
            return  # the selection moved on meanwhile
        self.brief = brief
        self._apply(available_actions(self.app_ctx.actor, brief))
        pending, self._pending_open = self._pending_open, None
        if pending is not None and self.is_available(pending):
            self.open(pending)

    def _failed(self, serial: int, problem: ops.Problem) -> None:
        if serial != self._serial:
            return
        log.warning(
            "inquiry %s not loaded for its actions: %s", self.inquiry_id, problem.kind.value
        )
        self.brief = None
        self._apply(frozenset())

    def _apply(self, available: frozenset[Action]) -> None:
        track = self.brief.track if self.brief is not None else None
        for spec in SPECS:
            on = spec.action in available and (not spec.tracks or track in spec.tracks)
            qaction = self.actions[spec.key]
            qaction.setVisible(on)
            qaction.setEnabled(on)
        self.available = available
        self.refreshed.emit()

    def is_available(self, key: str) -> bool:
        qaction = self.actions[key]
        return qaction.isVisible() and qaction.isEnabled()

    # --- opening ---------------------------------------------------------------------------
    def open(self, key: str) -> QWidget | None:
        spec = SPEC_BY_KEY[key]
        if self.inquiry_id is None or not self.is_available(key):
            return None
        if key == "open_letter":
            return self._open_stored_letter()
        assert spec.dialog is not None
        parent = self.window
        inquiry_id = self.inquiry_id
        if issubclass(spec.dialog, ActionDialog):
            dialog: QWidget = spec.dialog(self.app_ctx, inquiry_id, parent, brief=self.brief)
        else:
            dialog = spec.dialog(self.app_ctx, inquiry_id, parent)
        if isinstance(dialog, DecisionDialog):
            dialog.accepted.connect(lambda d=dialog: self._after_decision(d))
        if isinstance(dialog, CallbackDialog):
            dialog.panel.letter_requested.connect(lambda _id, d=dialog: self._letter_for(d))
        self._keep(dialog)
        dialog.open()  # type: ignore[attr-defined]
        self.opened.emit(dialog)
        return dialog

    def _keep(self, dialog: QWidget) -> None:
        """Remember the open dialog; the one before it is done with and can go."""
        old, self.dialog = self.dialog, dialog
        if old is not None and old is not dialog and not old.isVisible():
            old.deleteLater()

    def _done(self, inquiry_id: int) -> None:
        self.changed.emit(inquiry_id)
        if inquiry_id == self.inquiry_id:
            self.refresh()

    def _after_decision(self, dialog: DecisionDialog) -> None:
        # The decision's save refreshes the actions; the next step opens once they fit.
        self._pending_open = dialog.follow_on

    def _letter_for(self, callback_dialog: CallbackDialog) -> None:
        if self.inquiry_id is None:
            return
        letter = LetterDialog(self.app_ctx, self.inquiry_id, callback_dialog)
        letter.inquiryChanged.connect(lambda _id: callback_dialog.panel.refresh())
        self._keep_letter = letter
        letter.open()
        self.opened.emit(letter)

    def open_letter(self, letter_id: int) -> LetterViewer:
        """Open a stored letter (from a timeline entry)."""
        viewer = LetterViewer(self.app_ctx, letter_id, self.window)
        self._keep(viewer)
        viewer.open()
        self.opened.emit(viewer)
        return viewer

    def _open_stored_letter(self) -> QWidget | None:
        brief = self.brief
        if brief is None or not brief.letters:
            return None
        if len(brief.letters) == 1:
            return self.open_letter(brief.letters[0][0])
        labels = [label for _id, label in reversed(brief.letters)]
        chosen, ok = QInputDialog.getItem(
            self.window, "Open a letter", "Letters stored with this inquiry:", labels, 0, False
        )
        if not ok:
            return None
        letter_id = next(i for i, label in brief.letters if label == chosen)
        return self.open_letter(letter_id)

    # --- menus -------------------------------------------------------------------------------
    def menu(self, title: str = "&Inquiry", parent: QWidget | None = None) -> QMenu:
        menu = QMenu(title, parent or self.window)
        menu.setObjectName("inquiryActionsMenu")
        groups = (
            ("contact", "email_reply", "refer", "mco_update", "follow_up", "decision"),
            ("assign", "priority"),
            ("approve", "resubmit", "callback", "letter", "open_letter"),
            ("vet", "monitor", "outreach"),
            ("note", "edit", "resolve", "reopen", "audit"),
        )
        for index, keys in enumerate(groups):
            shown = [self.actions[k] for k in keys if SPEC_BY_KEY[k].action in self.allowed]
            if not shown:
                continue
            if index and not menu.isEmpty():
                menu.addSeparator()
            menu.addActions(shown)
        return menu


def install_actions(target: Any, app_ctx: AppContext) -> InquiryActions:
    """Plug the working actions into the main window or a detail pane.

    - A main window with ``add_inquiry_action(QAction)`` gets every action of the person's
      role (it places them in its menu, toolbar and detail pane).
    - A detail pane with ``add_action(QAction)`` gets a button per action.

    The caller tells the returned controller which inquiry is selected
    (:meth:`InquiryActions.set_inquiry`) and refreshes on :attr:`InquiryActions.changed`.
    """
    parent = target if isinstance(target, QWidget) else None
    controller = InquiryActions(app_ctx, parent)  # type: ignore[arg-type]
    if hasattr(target, "add_inquiry_action"):
        for qaction in controller.role_actions():
            target.add_inquiry_action(qaction)
    detail_loaded = getattr(target, "detailLoaded", None)
    if detail_loaded is not None:
        # Follow whatever the detail pane shows, also an inquiry opened that is not in the
        # queue (a notification, a search in Resolved) and a newer version after a refresh.
        detail_loaded.connect(controller.follow_detail)
    elif hasattr(target, "add_action"):
        for qaction in controller.role_actions():
            target.add_action(qaction)
    return controller
