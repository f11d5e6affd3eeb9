"""What the action dialogs share: the header naming the inquiry, fields with their messages,
the time-of-contact editor, saving off the GUI thread, and the conflict and error handling.

Every dialog takes ``(app_ctx, inquiry_id, parent)``, loads what it needs on the thread pool,
calls one service in one transaction when the person saves, and emits
``inquiryChanged(inquiry_id)`` when it has been saved (not ``done``: that is QDialog's own).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from liaison_desk.domain import Priority, Status, Track, has_priority
from liaison_desk.errors import ConflictError
from liaison_desk.services import actions
from liaison_desk.services.actions import ActionResult, InquiryBrief
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.inquiries import conflict_names
from ui import ops
from ui.actions.conflict import ConflictDialog
from ui.context import AppContext
from ui.ops import Problem
from ui.qt import (
    QDialog,
    QFormLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.basics import (
    hint_label,
    no_default,
    phone_text,
    section_title,
    when_text,
)
from ui.widgets.fields import Field, FieldMessage
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.inputs import ChoiceGroup, TextBox, info_grid
from ui.widgets.notice import Notice
from ui.widgets.when import WhenEdit

log = logging.getLogger("liaison_desk.ui.actions")


def describe_inquiry(brief: InquiryBrief) -> str:
    """``261123-0004 · Liam O'Brien · Member, High priority · In progress``."""
    try:
        track = Track(brief.track).label
    except ValueError:
        track = brief.track
    parts = [brief.reference]
    if brief.subject_name:
        parts.append(brief.subject_name)
    if not has_priority(brief.track):
        parts.append(track)
    else:
        try:
            parts.append(f"{track}, {Priority(brief.priority).label} priority")
        except ValueError:
            parts.append(track)
    try:
        parts.append(Status(brief.status).label)
    except ValueError:
        parts.append(brief.status)
    return " · ".join(parts)


# ------------------------------------------------------------------------ the base dialog


class ActionDialog(QDialog):
    """Base of the action dialogs. A subclass sets the class attributes, builds its fields
    in :meth:`build`, fills them in :meth:`on_loaded`, checks them in :meth:`check` and saves
    in :meth:`call` (run on the thread pool inside one transaction)."""

    inquiryChanged = Signal(int)  # saved something on this inquiry

    TITLE = ""
    SAVE_LABEL = "&Save"
    EDITING = False
    """True for actions that change fields (sent with the version the person saw)."""
    MIN_WIDTH = 560

    def __init__(
        self,
        app_ctx: AppContext,
        inquiry_id: int,
        parent: QWidget | None = None,
        *,
        brief: InquiryBrief | None = None,
    ) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.calendar = app_ctx.calendar
        self.inquiry_id = inquiry_id
        self.brief: InquiryBrief | None = None
        self.outcome: Any = None  # what the service returned (QDialog.result is Qt's)
        self.ready = False
        self.saving = False
        self._fields: dict[str, Field] = {}
        self.setObjectName(type(self).__name__)
        self.setWindowTitle(self.TITLE)
        self.setMinimumWidth(self.MIN_WIDTH)
        self.setSizeGripEnabled(True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._header())
        body = QWidget()
        body.setObjectName("actionBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(20, 14, 20, 14)
        self.body.setSpacing(12)
        self.notice = Notice("error")
        self.body.addWidget(self.notice)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(self.form)
        outer.addWidget(body, 1)
        outer.addWidget(self._footer())

        self.build()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda: self.save())
        self._set_busy(True, "Loading…")
        if brief is not None and brief.id == inquiry_id:
            self._start_load(brief)
        else:
            self._start_load(None)

    # --- layout --------------------------------------------------------------------------
    def _header(self) -> QWidget:
        self.header = DialogHeader(self.TITLE)
        self.header_title, self.header_subtitle = self.header.title, self.header.subtitle
        return self.header

    def _footer(self) -> QWidget:
        footer = DialogFooter("Ctrl+Enter saves · Esc cancels")
        footer.status.setObjectName("actionStatus")
        self.status, self.extra_buttons, self.keys_hint = (
            footer.status,
            footer.extra_buttons,
            footer.keys_hint,
        )
        self.cancel_button = footer.add_button(
            "Cancel", self.reject, tip="Close without saving (Esc)"
        )
        self.save_button = footer.add_button(
            self.SAVE_LABEL, self.save, name="saveButton", tip="Save (Ctrl+Enter)"
        )
        return footer

    def add_field(
        self,
        name: str,
        label: str,
        widget: QWidget,
        *,
        hint: str = "",
        required: bool = False,
        extra: QWidget | None = None,
    ) -> Field:
        field = Field(widget, hint, extra=extra)
        text = QLabel(label + (" *" if required else ""))
        text.setBuddy(widget.focusProxy() or widget)
        text.setContentsMargins(0, 4, 0, 0)
        plain = label.replace("&", "")
        widget.setAccessibleName(plain)
        if required:
            text.setToolTip("Required")
            widget.setAccessibleDescription("required")
        self.form.addRow(text, field)
        self._fields[name] = field
        if isinstance(widget, QLineEdit):
            # Enter in a one-line field saves, as in any form (a text box keeps its newline).
            widget.returnPressed.connect(lambda: self.save())
        return field

    def add_wide(self, widget: QWidget) -> None:
        self.form.addRow(widget)

    # --- subclass hooks --------------------------------------------------------------------
    def build(self) -> None:
        """Create the fields (the brief is not loaded yet)."""

    def load_extra(self, session: Session, ctx: ServiceContext, brief: InquiryBrief) -> Any:
        """Anything else the dialog needs from the database (runs on the thread pool)."""
        return None

    def on_loaded(self, brief: InquiryBrief, extra: Any) -> None:
        """Fill the fields from what was loaded (GUI thread)."""

    def check(self) -> dict[str, str]:
        """Problems the person can fix before anything is sent: field name → message."""
        return {}

    def call(self, session: Session, ctx: ServiceContext, version: int | None) -> Any:
        raise NotImplementedError

    def success_message(self, result: Any) -> str:
        if isinstance(result, ActionResult):
            return result.message
        inner = getattr(result, "action", None)
        return inner.message if isinstance(inner, ActionResult) else "Saved."

    # --- loading ---------------------------------------------------------------------------
    def _start_load(self, brief: InquiryBrief | None) -> None:
        inquiry_id = self.inquiry_id

        def work(session: Session, ctx: ServiceContext) -> tuple[InquiryBrief, Any]:
            loaded = brief if brief is not None else actions.brief(session, ctx, inquiry_id)
            return loaded, self.load_extra(session, ctx, loaded)

        ops.read(self, self.app_ctx, work).done(self._loaded).failed(self._load_failed).start()

    def reload(self) -> None:
        self._set_busy(True, "Reloading…")
        self._start_load(None)

    def _loaded(self, payload: tuple[InquiryBrief, Any]) -> None:
        brief, extra = payload
        first = self.brief is None
        self.brief = brief
        self.header_subtitle.setText(describe_inquiry(brief))
        self._set_busy(False, "")
        if first:
            self.on_loaded(brief, extra)
        else:
            self.on_reloaded(brief, extra)
        self.ready = True
        if first:
            self.focus_first()

    def on_reloaded(self, brief: InquiryBrief, extra: Any) -> None:
        """After a reload the person's typing stays; only the inquiry's state is new."""

    def focus_first(self) -> None:
        for field in self._fields.values():
            if field.isEnabled() and field.isVisible():
                field.inner.setFocus()
                return

    def _load_failed(self, problem: Problem) -> None:
        self._set_busy(False, "")
        self.save_button.setEnabled(False)
        self.notice.say(f"The inquiry could not be loaded. {problem.text}", "error")

    # --- saving ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool, text: str) -> None:
        self.saving = busy
        self.save_button.setEnabled(not busy)
        self.status.setText(text)

    def clear_errors(self) -> None:
        for field in self._fields.values():
            field.clear_error()
        self.notice.hide()

    def show_problems(self, problems: dict[str, str]) -> None:
        unplaced: list[str] = []
        first: Field | None = None
        for name, message in problems.items():
            field = self._fields.get(name)
            if field is None:
                unplaced.append(message)
                continue
            field.set_error(message)
            first = first or field
        if unplaced:
            self.notice.say(" ".join(unplaced), "error")
        elif first is not None:
            count = len(problems)
            self.notice.say(
                "Please correct the field marked below."
                if count == 1
                else f"Please correct the {count} fields marked below.",
                "error",
            )
        if first is not None:
            first.inner.setFocus()

    def save(self, version: int | None = None) -> None:
        if self.saving or not self.ready or self.brief is None:
            return
        self.clear_errors()
        problems = self.check()
        if problems:
            self.show_problems(problems)
            return
        if version is None and self.EDITING:
            version = self.brief.version
        inquiry_id = self.inquiry_id
        self._set_busy(True, "Saving…")
        ops.write(self, self.app_ctx, lambda s, c: self.call(s, c, version)).done(
            self._saved
        ).failed(self._failed, kept=ops.KEPT).announces(lambda _r: inquiry_id).start()

    def _saved(self, result: Any) -> None:
        self.outcome = result
        self._set_busy(False, self.success_message(result))
        self.inquiryChanged.emit(self.inquiry_id)
        self.after_saved(result)

    def after_saved(self, result: Any) -> None:
        self.accept()

    def _failed(self, problem: Problem) -> None:
        self._set_busy(False, "")
        if problem.conflict is not None:
            self._conflict(problem.conflict, problem.text)
        elif problem.fields:
            self.show_problems(dict(problem.fields))
        else:
            self.notice.say(problem.text, "error")

    def _conflict(self, exc: ConflictError, text: str) -> None:
        self.notice.say(text, "warning")
        ops.read(self, self.app_ctx, lambda s, _c: conflict_names(s, exc)).done(
            lambda found: self._show_conflict(exc, found)
        ).failed(lambda _p: self._show_conflict(exc, {})).start()

    def _show_conflict(self, exc: ConflictError, names: dict[str, dict[int, str]]) -> None:
        self.conflict_dialog = ConflictDialog(exc, self.calendar, self, names=names)
        self.conflict_dialog.finished.connect(lambda _code: self._conflict_answered(exc))
        self.conflict_dialog.open()

    def _conflict_answered(self, exc: ConflictError) -> None:
        choice = self.conflict_dialog.choice
        if choice == ConflictDialog.APPLY_MINE:
            self.notice.hide()
            self.save(exc.current_version)
        elif choice == ConflictDialog.RELOAD:
            self.notice.say(
                "Reloaded with the other person's change. Check it, then save yours again if "
                "it still applies.",
                "warning",
            )
            self.reload()


def escape(text: str) -> str:
    return html.escape(text, quote=False)


__all__ = [
    "ActionDialog",
    "ChoiceGroup",
    "Field",
    "FieldMessage",
    "Notice",
    "TextBox",
    "WhenEdit",
    "describe_inquiry",
    "escape",
    "hint_label",
    "info_grid",
    "no_default",
    "phone_text",
    "section_title",
    "when_text",
]
