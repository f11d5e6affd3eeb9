"""The selected inquiry: header, working actions, every milestone with its own countdown,
details, and the timeline newest first.

Working actions plug in from outside (ui/actions): :meth:`DetailPane.add_action` puts a
QAction's button into :attr:`DetailPane.actions_area`; the main window does that for every
action registered with ``MainWindow.add_inquiry_action``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Priority, Track, has_priority
from liaison_desk.milestones import format_when
from liaison_desk.services.queues import InquiryDetail
from liaison_desk.validation import format_phone
from ui.countdown import Countdowns
from ui.detail_parts import _TRACKS, MilestoneLine, TimelineItem, _chip, _label, _section
from ui.qt import (
    QAction,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.queue_columns import priority_label, status_label
from ui.widgets.basics import clear_layout
from ui.widgets.flow_layout import FlowLayout

TIMELINE_PAGE = 60


class DetailPane(QWidget):
    """Shows one inquiry; :meth:`show_detail` with None shows the empty state."""

    letterRequested = Signal(int)  # "Open the letter" on a timeline entry
    explainRequested = Signal(int)  # "Why this deadline?" on a clock (its milestone id)
    openRelated = Signal(int)  # a related inquiry's reference was clicked
    personRequested = Signal()  # "All N inquiries of this member / provider"

    def __init__(
        self, countdowns: Countdowns, calendar: BusinessCalendar, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Selected inquiry")
        self.countdowns = countdowns
        self.calendar = calendar
        self.detail: InquiryDetail | None = None
        self._milestone_lines: list[MilestoneLine] = []
        self._timeline_shown = TIMELINE_PAGE

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        self.empty = QLabel("Select an inquiry to see its clocks and timeline.")
        self.empty.setObjectName("detailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setProperty("role", "muted")
        self.stack.addWidget(self.empty)

        scroll = QScrollArea()
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll
        body = QWidget()
        body.setObjectName("detailBody")
        scroll.setWidget(body)
        self.stack.addWidget(scroll)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(16, 14, 16, 16)
        self.body.setSpacing(6)

        # Header
        self.reference = _label("", "reference", wrap=False)
        self.reference.setObjectName("detailReference")
        self.body.addWidget(self.reference)
        self.subject = _label("", "subject")
        self.subject.setObjectName("detailSubject")
        self.body.addWidget(self.subject)
        # Track, priority, status: wrapping, so a narrow pane never cuts one off.
        chips_box = QWidget()
        chips_box.setObjectName("detailChips")
        self.chips = FlowLayout(chips_box, spacing=6)
        self.body.addWidget(chips_box)
        self.byline = _label("", "muted")
        self.byline.setObjectName("detailByline")
        self.body.addWidget(self.byline)

        # Working actions (from ui/actions), wrapping so none is clipped.
        self.actions_box = QWidget()
        self.actions_box.setObjectName("detailActions")
        self.actions_area = FlowLayout(self.actions_box)
        self.body.addSpacing(4)
        self.body.addWidget(self.actions_box)

        # Clocks
        self.body.addSpacing(8)
        self.body.addWidget(_section("Clocks"))
        self.milestones_box = QVBoxLayout()
        self.milestones_box.setSpacing(0)
        self.body.addLayout(self.milestones_box)

        # Details
        self.body.addSpacing(8)
        self.body.addWidget(_section("Details"))
        self.fields = QGridLayout()
        self.fields.setHorizontalSpacing(12)
        self.fields.setVerticalSpacing(4)
        self.fields.setColumnStretch(1, 1)
        self.body.addLayout(self.fields)
        self.description = _label("", "description")
        self.description.setObjectName("detailDescription")
        self.body.addSpacing(4)
        self.body.addWidget(self.description)

        # The same person's other inquiries, and those linked as the same issue.
        self.people_box = QWidget()
        self.people_box.setObjectName("detailRelated")
        self.people = FlowLayout(self.people_box, spacing=6)
        self.body.addWidget(self.people_box)

        # Files kept with the inquiry (ui.files_box, given by the window: it needs the app).
        self.files_slot = QVBoxLayout()
        self.body.addSpacing(8)
        self.body.addLayout(self.files_slot)

        # Timeline
        self.body.addSpacing(8)
        self.timeline_title = _section("Timeline")
        self.body.addWidget(self.timeline_title)
        self.timeline_box = QVBoxLayout()
        self.timeline_box.setSpacing(2)
        self.body.addLayout(self.timeline_box)
        self.more = QPushButton("Show older entries")
        self.more.setObjectName("timelineMore")
        self.more.clicked.connect(self._show_more)
        self.body.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addStretch(1)

        countdowns.ticked.connect(self.on_tick)
        self.show_detail(None)

    # ------------------------------------------------------------------ actions

    def add_action(self, action: QAction) -> QToolButton:
        """A button for ``action`` in the actions area (enabled/visible as the action is)."""
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setObjectName(f"detailAction_{action.objectName() or action.text()}")
        button.setProperty("role", "action")
        self.actions_area.addWidget(button)
        return button

    # ------------------------------------------------------------------ content

    def show_detail(self, detail: InquiryDetail | None) -> None:
        same = (
            detail is not None and self.detail is not None and detail.row.id == self.detail.row.id
        )
        self.detail = detail
        if detail is None:
            self.stack.setCurrentWidget(self.empty)
            clear_layout(self.milestones_box)
            clear_layout(self.timeline_box)
            self._milestone_lines = []
            return
        if not same:
            self._timeline_shown = TIMELINE_PAGE
        row = detail.row
        self.reference.setText(row.reference)
        clear_layout(self.chips)
        track = Track(row.track).label if row.track in _TRACKS else row.track
        self.chips.addWidget(_chip(track, "track"))
        if has_priority(row.track):  # a callback or an e-mail has no MCO priority
            prio_kind = "high" if row.priority == str(Priority.HIGH) else "escalated"
            self.chips.addWidget(_chip(priority_label(row.priority), prio_kind))
        self.chips.addWidget(_chip(status_label(row.status), "closed" if row.closed else "status"))
        self.subject.setText(row.subject or "(no name)")
        bits = [f"Assigned to {row.assignee_name}" if row.assignee_name else "Unassigned"]
        if row.mco_names:
            bits.append(row.mco_names)
        bits.append(f"received {format_when(row.received_at, self.calendar)}")
        if detail.source:
            bits.append(f"from {detail.source}")
        self.byline.setText(" · ".join(bits))

        clear_layout(self.milestones_box)
        self._milestone_lines = []
        for m in detail.milestones:
            line = MilestoneLine(m)
            line.explainRequested.connect(self.explainRequested)
            self._milestone_lines.append(line)
            self.milestones_box.addWidget(line)
        if not detail.milestones:
            self.milestones_box.addWidget(_label("No response-time clocks.", "muted"))
        self.on_tick(self.countdowns.now)

        self._fill_fields(detail)
        self.description.setText(detail.description)
        self.description.setVisible(bool(detail.description))
        self._fill_related(detail)
        self._fill_timeline()
        self.stack.setCurrentIndex(1)
        if not same:
            self.scroll_area.verticalScrollBar().setValue(0)

    def _fill_fields(self, detail: InquiryDetail) -> None:
        clear_layout(self.fields)
        row = detail.row
        pairs: list[tuple[str, str]] = list(detail.case_lines)
        case = bool(detail.case_lines)  # its participants are listed there
        if row.member_name and not case:
            pairs.append(("Member", row.member_name))
        if row.member_state_id and not case:
            pairs.append(("State ID", row.member_state_id))
        if row.provider_name:
            pairs.append(("Provider", row.provider_name))
        if row.npi:
            pairs.append(("NPI", row.npi))
        email_track = row.track == Track.EMAIL
        if row.caller_name and not case:
            pairs.append(("From" if email_track else "Caller", row.caller_name))
        if row.email:
            pairs.append(("E-mail", row.email))
        if row.subject_line and not case:  # a case's subject is its kind, said above
            pairs.append(("Subject", row.subject_line))
        if detail.channel:
            pairs.append(("Received through", detail.channel))
        if row.caller_phone:
            pairs.append(
                ("Phone" if email_track else "Caller phone", format_phone(row.caller_phone))
            )
        if row.contact_name:
            pairs.append(("Contact", row.contact_name))
        if row.contact_phone:
            pairs.append(("Contact phone", format_phone(row.contact_phone)))
        if detail.mailing_address:
            pairs.append(("Mailing address", detail.mailing_address))
        if row.mco_names:
            mco = row.mco_names
            if detail.mco_department:
                mco += f" — {detail.mco_department}"
            if detail.mco_contact:
                mco += f" ({detail.mco_contact})"
            pairs.append(("MCO", mco))
        if detail.referred_at:
            pairs.append(("Referred", format_when(detail.referred_at, self.calendar)))
        if detail.decision:
            pairs.append(
                ("Decision", "Resolved by IME" if detail.decision == "ime" else "Sent to MCO")
            )
        if row.category:
            sub = f" › {row.sub_category}" if row.sub_category else ""
            pairs.append(("Category", row.category + sub))
        if detail.resolution:
            pairs.append(("Resolution", detail.resolution))
        if detail.outcome:
            pairs.append(("Outcome", detail.outcome))
        if row.resolved_at:
            pairs.append(("Resolved", format_when(row.resolved_at, self.calendar)))
        if detail.letter_count:
            pairs.append(("Letters", f"{detail.letter_count} stored"))
        for i, (name, value) in enumerate(pairs):
            key = _label(name, "fieldName", wrap=False)
            key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.fields.addWidget(key, i, 0)
            self.fields.addWidget(_label(value), i, 1)

    def _fill_related(self, detail: InquiryDetail) -> None:
        clear_layout(self.people)
        if detail.same_person:
            who = "member" if detail.row.member_state_id else "provider"
            n = detail.same_person
            button = QPushButton(f"{n} other inquir{'y' if n == 1 else 'ies'} of this {who}…")
            button.setObjectName("personHistory")
            button.setToolTip("Every inquiry of this person, all queues and years (Ctrl+Shift+H)")
            button.clicked.connect(lambda _c=False: self.personRequested.emit())
            self.people.addWidget(button)
        if detail.related:
            self.people.addWidget(_label("Related (the same issue):", "fieldName", wrap=False))
        for inquiry_id, reference in detail.related:
            link = QPushButton(reference)
            link.setObjectName(f"related_{reference}")
            link.setFlat(True)
            link.setAccessibleName(f"Open the related inquiry {reference}")
            link.clicked.connect(lambda _c=False, i=inquiry_id: self.openRelated.emit(i))
            self.people.addWidget(link)
        self.people_box.setVisible(bool(detail.same_person or detail.related))

    def _fill_timeline(self) -> None:
        assert self.detail is not None
        clear_layout(self.timeline_box)
        entries = self.detail.timeline
        self.timeline_title.setText(f"TIMELINE · {len(entries)}")
        for entry in entries[: self._timeline_shown]:
            item = TimelineItem(entry, self.calendar)
            item.letterRequested.connect(self.letterRequested)
            self.timeline_box.addWidget(item)
        rest = len(entries) - self._timeline_shown
        self.more.setVisible(rest > 0)
        if rest > 0:
            self.more.setText(f"Show {min(rest, TIMELINE_PAGE)} older entries")

    def _show_more(self) -> None:
        self._timeline_shown += TIMELINE_PAGE
        self._fill_timeline()

    def on_tick(self, _now: datetime | Any = None) -> None:
        if not self.isVisible() or self.detail is None:
            return
        for line in self._milestone_lines:
            line.update_at(self.countdowns, self.calendar)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.on_tick()
