"""What the three intake dialogs share: the page layout, reference lists, the live deadline
preview, Save enabled only when valid, saving off the GUI thread, errors next to their
fields, the saved page and the autosaved draft."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from liaison_desk.errors import ValidationError
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.deadline_preview import deadlines, format_when, later_clocks
from liaison_desk.services.intake import IntakeResult
from liaison_desk.services.intake_lists import ReferenceLists
from liaison_desk.services.receipt import old_receipt_warning
from ui import ops
from ui.context import AppContext
from ui.intake.autosave import Autosave, Draft
from ui.intake.common import FieldLabel
from ui.intake.deadline_box import DeadlinePreview
from ui.intake.edits import TextArea, ValidatedLineEdit
from ui.intake.issue_type import IssueTypeField
from ui.intake.saved import SavedInfo, SavedPanel
from ui.intake.sections import FormSections
from ui.ops import Problem
from ui.qt import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QKeySequence,
    QMessageBox,
    QScrollArea,
    QShortcut,
    QSize,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.frame import DialogFooter, DialogHeader
from ui.widgets.notice import Banner, BannerKind
from ui.widgets.timers import named_timer
from ui.widgets.when import ReceivedEdit

KEPT_HERE = "Everything you typed is still here and kept on this computer."

log = logging.getLogger("liaison_desk.ui.intake")


class IntakeDialog(QDialog):
    """Base of the intake dialogs; a subclass builds its sections and maps its fields."""

    saved = Signal(int)
    listsLoaded = Signal()  # the sources, MCOs and standards are in the form

    KIND = ""
    TITLE = ""
    SUBTITLE = ""
    NEW_LABEL = "&New inquiry"
    SAVE_LABEL = "&Save inquiry"
    SAVED_SUBTITLE = "Quote the reference number in every call, e-mail and letter about it."
    # Choices that are there before anyone types (the received time, "about a member").
    UNTYPED = frozenset({"received", "about"})
    TRACK = ""  # the track whose "issue type required" setting the form follows

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.calendar = app_ctx.calendar
        self.inquiry_id: int | None = None
        self.saved_info: SavedInfo | None = None
        self.issue_type: IssueTypeField | None = None  # made by add_issue_type
        self.issue_label: FieldLabel | None = None
        self.lists = ReferenceLists()  # empty until load_lists() brings them (off the GUI)
        self.lists_ready = False
        self._saving = False
        self._dirty = False
        self._quiet = True  # no change handling while the form is being built or filled
        self._pending_drafts: list[Draft] = []
        self.setObjectName(f"{self.KIND}IntakeDialog")
        self.setSizeGripEnabled(True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._header())
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        # --- the form page -------------------------------------------------------------
        self.form_page = QWidget()
        page = QVBoxLayout(self.form_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_body = QWidget()
        self.form_body.setObjectName("formBody")
        self.body = QVBoxLayout(self.form_body)
        self.body.setContentsMargins(20, 12, 20, 12)
        self.body.setSpacing(14)
        self.sections = FormSections(self.body)
        self.scroll_area.setWidget(self.form_body)
        page.addWidget(self.scroll_area, 1)

        self.restore_banner = Banner(BannerKind.INFO)
        self.restore_button = self.restore_banner.add_button("&Restore", self.restore_draft)
        self.discard_draft_button = self.restore_banner.add_button(
            "Discard draft", self.discard_draft
        )
        self.body.addWidget(self.restore_banner)
        self.lists_banner = Banner(BannerKind.ERROR)
        self.lists_banner.add_button("Try again", lambda: self.load_lists())
        self.body.addWidget(self.lists_banner)
        self.error_banner = Banner(BannerKind.ERROR)
        self.body.addWidget(self.error_banner)

        self.preview = DeadlinePreview(self.calendar)
        self.received = ReceivedEdit(self.calendar, app_ctx.clock.now)

        self.build_form()
        self.body.addStretch(1)
        self.sections.align_labels()
        page.addWidget(self._footer())
        self.stack.addWidget(self.form_page)

        # --- the saved page ------------------------------------------------------------
        self.saved_panel = SavedPanel(self.calendar, self.NEW_LABEL)
        self.saved_panel.new_requested.connect(self.new_inquiry)
        self.saved_panel.close_requested.connect(self.accept)
        self.stack.addWidget(self.saved_panel)

        self.autosave = Autosave(
            self,
            self.KIND,
            self._state,
            self.draft_summary,
            self.has_content,
            app_ctx.clock.now,
        )
        # The received time's upper limit follows the clock while the form stays open.
        self.limit_timer = named_timer(
            self, "receivedLimitTimer", 30_000, self.received.refresh_limit
        )
        self.limit_timer.start()

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.save)
        self.received.changed.connect(self.on_changed)

        self._quiet = False
        self.refresh()
        self._pending_drafts = Autosave.orphans(self.KIND)
        self._offer_draft()
        self.resize(self._preferred_size())
        self.load_lists()

    # --- building ------------------------------------------------------------------------
    def _header(self) -> QWidget:
        self.header = DialogHeader(self.TITLE, scale=1.45)
        self.header_title, self.header_subtitle = self.header.title, self.header.subtitle
        self._set_header(self.TITLE, f"{self.SUBTITLE}   Fields marked * are required.")
        return self.header

    def _set_header(self, title: str, subtitle: str) -> None:
        self.header.say(title, subtitle)
        self.setWindowTitle(title)

    def _footer(self) -> QWidget:
        footer = DialogFooter()
        footer.status.setObjectName("saveStatus")
        self.status = footer.status
        self.cancel_button = footer.add_button("Cancel", self.reject)
        self.save_button = footer.add_button(
            self.SAVE_LABEL, self.save, name="saveButton", tip="Save (Ctrl+Enter)"
        )
        return footer

    def add_section(self, title: str, note: str = "") -> QFormLayout:
        return self.sections.add_section(title, note)

    def add_row(
        self, form: QFormLayout, text: str, widget: QWidget, *, required: bool = False
    ) -> FieldLabel:
        return self.sections.add_row(form, text, widget, required=required)

    def add_issue_type(self, form: QFormLayout) -> IssueTypeField:
        """The issue category and sub-category (the admin's lists; kept in the draft)."""
        self.issue_type = IssueTypeField()
        self.issue_label = self.add_row(form, "Catego&ry", self.issue_type)
        self.issue_type.changed.connect(self.on_changed)
        return self.issue_type

    def _state(self) -> dict[str, Any]:
        state = self.fields_state()
        if self.issue_type is not None:
            state["issue_type"] = list(self.issue_type.value())
        return state

    def _preferred_size(self) -> QSize:
        hint = self.form_body.sizeHint()
        width = max(720, hint.width() + 40)
        height = hint.height() + 170
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.85))
        return QSize(width, height)

    def fill_combo(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        """Refill a combo from the database lists, keeping the person's choice."""
        current = combo.currentData()
        quiet, self._quiet = self._quiet, True
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(combo.findData(current) if current is not None else -1)
        self._quiet = quiet

    # --- reference lists ---------------------------------------------------------------
    def load_lists(self) -> None:
        """Read the sources, MCOs and standards in force; the form takes typing meanwhile."""
        ops.read(
            self, self.app_ctx, lambda s, _c: ReferenceLists.load(s), where="loading the lists"
        ).done(self._lists_loaded).failed(self._lists_failed).start()

    def _lists_loaded(self, lists: ReferenceLists) -> None:
        self.lists = lists
        self.lists_banner.hide()
        self.populate_lists()
        if self.issue_type is not None and self.issue_label is not None:
            self.issue_type.fill(lists.choices)
            self.issue_label.set_required(self.issue_type.required_for(self.TRACK))
        self.lists_ready = True
        self.refresh()
        self.listsLoaded.emit()

    def _lists_failed(self, problem: Problem) -> None:
        # The form still takes typing (and autosaves it); only the lists are missing.
        log.warning("intake lists could not be loaded: %s", problem.kind.value)
        self.lists_banner.say(
            "The lists of sources, MCOs and response-time standards could not be loaded "
            f"from the database: {problem.reason} You can keep typing; press Try again when "
            "the connection is back.",
            BannerKind.ERROR,
        )

    # --- changes -------------------------------------------------------------------------
    def watch(self, *signals: Any) -> None:
        for signal in signals:
            signal.connect(self.on_changed)

    def on_changed(self, *_args: object) -> None:
        if self._quiet:
            return
        self._dirty = True
        self.autosave.schedule()
        self.refresh()

    def refresh(self) -> None:
        self.update_dependents()
        self.update_preview()
        problems = self.problems()
        ready = not problems and not self._saving
        self.save_button.setEnabled(ready)
        if self._saving:
            self.status.setText("Saving…")
        elif problems:
            self.status.setText("To save: " + "; ".join(problems) + ".")
        else:
            self.status.setText("Ready to save (Ctrl+Enter).")
        self.save_button.setAccessibleDescription(self.status.text())

    def update_preview(self) -> None:
        which = self.preview_for()
        if isinstance(which, str):
            self.preview.show_placeholder(which)
            return
        track, priority, note = which
        received = self.received.value()
        items = deadlines(self.calendar, self.lists.policies, track, priority, received)
        if not items:
            self.preview.show_placeholder(
                "No response-time standard applies (none is enabled for this kind of item)."
            )
            return
        later = later_clocks(self.lists.policies, track, priority)
        self.preview.show_deadlines(items, received, note, later)

    # --- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if self.stack.currentWidget() is not self.form_page or self._saving:
            return
        for widget in self.field_widgets().values():
            if hasattr(widget, "touch"):
                widget.touch()
        self.refresh()
        if not self.save_button.isEnabled():
            return
        self.error_banner.hide()
        try:
            data = self.collect()
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        if self.issue_type is not None:  # every intake's data has the two fields
            data.category, data.sub_category = self.issue_type.value()
        warning = self.old_receipt_warning()
        if warning is not None and not self.confirm_old_receipt(warning):
            self.received.setFocus()
            self.scroll_area.ensureWidgetVisible(self.received)
            return
        service = self.service()

        def work(session: Session, ctx: ServiceContext) -> SavedInfo:
            return SavedInfo.from_result(service(session, ctx, data))

        self.autosave.flush()
        self._set_saving(True)
        ops.write(self, self.app_ctx, work, where="saving an intake form").done(
            self._on_saved
        ).failed(self._on_save_failed, kept=KEPT_HERE).announces(
            lambda info: info.inquiry_id
        ).start()

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.form_body.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)
        self.refresh()

    def _on_saved(self, info: SavedInfo) -> None:
        self._set_saving(False)
        self.autosave.discard()
        self._dirty = False
        self.inquiry_id = info.inquiry_id
        self.saved_info = info
        self.saved_panel.show_info(info)
        self.stack.setCurrentWidget(self.saved_panel)
        what = info.describe().split(" · ")[0]
        self._set_header(f"{what} saved — {info.reference}", self.SAVED_SUBTITLE)
        self.saved.emit(info.inquiry_id)

    def _on_save_failed(self, problem: Problem) -> None:
        self._set_saving(False)
        if problem.fields:
            self.show_problems(dict(problem.fields))
        else:
            self.error_banner.say(problem.text, BannerKind.ERROR)
        self.scroll_area.ensureWidgetVisible(self.error_banner)

    def show_problems(self, problems: dict[str, str]) -> None:
        widgets = self.field_widgets()
        leftovers = []
        first: QWidget | None = None
        for key, message in problems.items():
            widget = widgets.get(key)
            if widget is not None and hasattr(widget, "set_error"):
                widget.set_error(message)
                first = first or widget
            else:
                leftovers.append(message)
        if leftovers or first is None:
            self.error_banner.say(
                "Not saved. " + " ".join(leftovers or ["Check the fields marked below."]),
                BannerKind.ERROR,
            )
        else:
            self.error_banner.say("Not saved. Check the fields marked below.", BannerKind.ERROR)
        if first is not None:
            first.setFocus()
            self.scroll_area.ensureWidgetVisible(first)
        self.refresh()

    # --- closing, new, drafts --------------------------------------------------------------
    def reject(self) -> None:
        if self._saving:
            return
        if self.stack.currentWidget() is self.form_page and self._dirty:
            if not self.confirm_discard():
                return
            self.autosave.discard()
        super().reject()

    def old_receipt_warning(self) -> str | None:
        """The question to ask when the received time is before the previous business day
        (a date typed into the wrong field, a wrong year), naming the clocks already late."""
        which = self.preview_for()
        received = self.received.value()
        dues: list[tuple[str, datetime]] = []
        if not isinstance(which, str):
            track, priority, _note = which
            found = deadlines(self.calendar, self.lists.policies, track, priority, received)
            dues = [(d.label, d.due) for d in found]
        return old_receipt_warning(self.calendar, self.app_ctx.clock.now(), received, dues)

    def confirm_old_receipt(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Received that long ago?",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Discard this inquiry?",
            "What you typed has not been saved. Discard it?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def new_inquiry(self) -> None:
        self._quiet = True
        self.reset_fields()
        self.received.set_now()
        for widget in self.field_widgets().values():
            if hasattr(widget, "reset") and isinstance(widget, ValidatedLineEdit | TextArea):
                widget.reset()
        self._quiet = False
        self._dirty = False
        self.error_banner.hide()
        self.autosave.restart()
        self.inquiry_id = None
        self._set_header(self.TITLE, f"{self.SUBTITLE}   Fields marked * are required.")
        self.stack.setCurrentWidget(self.form_page)
        self.refresh()
        self.first_field().setFocus()

    def _offer_draft(self) -> None:
        if not self._pending_drafts:
            self.restore_banner.hide()
            return
        draft = self._pending_drafts[0]
        about = f" ({draft.summary})" if draft.summary else ""
        self.restore_banner.say(
            f"An unsaved {self.TITLE.lower().removeprefix('new ')}{about}, last changed "
            f"{format_when(draft.saved_at, self.calendar)}, was recovered. Restore it to "
            "carry on where it was left?",
            BannerKind.INFO,
        )

    def restore_draft(self) -> None:
        if not self._pending_drafts:
            return
        draft = self._pending_drafts.pop(0)
        self._quiet = True
        try:
            self.apply_fields_state(draft.fields)
            if self.issue_type is not None and draft.fields.get("issue_type"):
                self.issue_type.set_value(*draft.fields["issue_type"][:2])
        finally:
            self._quiet = False
        self.autosave.adopt(draft)
        self._dirty = True
        self.restore_banner.hide()
        self.refresh()
        self.autosave.schedule()

    def discard_draft(self) -> None:
        if self._pending_drafts:
            Autosave.remove(self._pending_drafts.pop(0))
        self._offer_draft()

    # --- for subclasses -------------------------------------------------------------------
    def build_form(self) -> None:
        raise NotImplementedError

    def populate_lists(self) -> None:
        raise NotImplementedError

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def update_dependents(self) -> None:
        """Enable or show parts of the form that depend on other answers."""

    def preview_for(self) -> tuple[str, str | None, str] | str:
        """(track, priority, note) for the deadline preview, or why there is none yet."""
        raise NotImplementedError

    def problems(self) -> list[str]:
        raise NotImplementedError

    def field_widgets(self) -> dict[str, QWidget]:
        """The fields by the names the services use in ValidationError."""
        raise NotImplementedError

    def collect(self) -> Any:
        raise NotImplementedError

    def service(self) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
        raise NotImplementedError

    def fields_state(self) -> dict[str, Any]:
        raise NotImplementedError

    def apply_fields_state(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def reset_fields(self) -> None:
        raise NotImplementedError

    def draft_summary(self) -> str:
        return ""

    def has_content(self) -> bool:
        return any(
            value not in (None, "", [])
            for key, value in self.fields_state().items()
            if key not in self.UNTYPED
        )
