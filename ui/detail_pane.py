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
from liaison_desk.domain import EntryKind, Priority, Track
from liaison_desk.milestones import MilestoneState, format_when
from liaison_desk.services.queues import InquiryDetail, MilestoneRow, TimelineRow
from liaison_desk.validation import format_phone
from ui.countdown import Countdowns
from ui.icons import state_colour, state_icon
from ui.qt import (
    QAction,
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPoint,
    QPushButton,
    QRect,
    QScrollArea,
    QSize,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.queue_model import priority_label, status_label

TIMELINE_PAGE = 60
_TRACKS = {str(t) for t in Track}


def kind_label(kind: str) -> str:
    try:
        return EntryKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


class FlowLayout(QLayout):
    """Lays buttons out left to right and wraps them, so no action is ever cut off."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x = rect.x()
                y += line + self._spacing
                line = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


def _label(text: str = "", role: str | None = None, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    return label


def _chip(text: str, kind: str) -> QLabel:
    chip = QLabel(text)
    chip.setProperty("chip", kind)
    chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return chip


def _section(title: str) -> QLabel:
    label = QLabel(title.upper())
    label.setProperty("role", "section")
    return label


class MilestoneLine(QWidget):
    """One clock: icon, name, countdown (colour + icon + words), due time."""

    def __init__(self, milestone: MilestoneRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.milestone = milestone
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(18, 18))
        self.name = _label(milestone.label, "milestoneName")
        self.countdown = _label("", "countdown", wrap=False)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.due = _label("", "muted")
        self._shown: tuple[str, str] | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.countdown, 0, 2)
        grid.addWidget(self.due, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def update_at(self, countdowns: Countdowns, calendar: BusinessCalendar) -> None:
        a = countdowns.assess(self.milestone)
        text = countdowns.text_of(a)
        state = str(a.state)
        if self._shown == (state, text):
            return
        self._shown = (state, text)
        self.icon.setPixmap(state_icon(state).pixmap(QSize(16, 16), self.devicePixelRatioF()))
        self.countdown.setText(text)
        colour = state_colour(state).name()
        self.countdown.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.setToolTip(a.tooltip)
        self.setAccessibleName(f"{self.milestone.label}: {a.state.label}, {text}")
        m = self.milestone
        if m.met_at is not None:
            when = f"Met {format_when(m.met_at, calendar)} · due {format_when(m.due_at, calendar)}"
        elif a.state is MilestoneState.CANCELLED:
            when = f"Was due {format_when(m.due_at, calendar)}"
        else:
            when = f"Due {format_when(m.due_at, calendar)}"
            if m.warn_at is not None and a.state in (
                MilestoneState.ON_TRACK,
                MilestoneState.PAUSED,
            ):
                when += f" · warning {format_when(m.warn_at, calendar)}"
        self.due.setText(when)


class TimelineItem(QFrame):
    letterRequested = Signal(int)

    def __init__(
        self, entry: TimelineRow, calendar: BusinessCalendar, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineItem")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 4, 6)
        layout.setSpacing(2)
        dot = "&nbsp;&nbsp;·&nbsp;&nbsp;"
        head = f"<b>{kind_label(entry.kind)}</b>{dot}{format_when(entry.at, calendar)}"
        if entry.user_name:
            head += f"{dot}{_escape(entry.user_name)}"
        top = _label(head, "timelineHead")
        top.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(top)
        summary = entry.summary
        if entry.outcome and entry.outcome.lower() not in summary.lower():
            summary = f"{summary} — {entry.outcome.replace('_', ' ')}"
        layout.addWidget(_label(summary))
        if entry.notes:
            layout.addWidget(_label(entry.notes, "notes"))
        if entry.letter_id is not None:
            letter_id = entry.letter_id
            link = QPushButton("Open the letter")
            link.setObjectName("timelineLetter")
            link.setFlat(True)
            link.setCursor(Qt.CursorShape.PointingHandCursor)
            link.clicked.connect(lambda: self.letterRequested.emit(letter_id))
            layout.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DetailPane(QWidget):
    """Shows one inquiry; :meth:`show_detail` with None shows the empty state."""

    letterRequested = Signal(int)  # "Open the letter" on a timeline entry

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
            self._clear(self.milestones_box)
            self._clear(self.timeline_box)
            self._milestone_lines = []
            return
        if not same:
            self._timeline_shown = TIMELINE_PAGE
        row = detail.row
        self.reference.setText(row.reference)
        self._clear(self.chips)
        track = Track(row.track).label if row.track in _TRACKS else row.track
        self.chips.addWidget(_chip(track, "track"))
        if row.track != Track.IME_CALLBACK:  # a supervisor callback has no MCO priority
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

        self._clear(self.milestones_box)
        self._milestone_lines = []
        for m in detail.milestones:
            line = MilestoneLine(m)
            self._milestone_lines.append(line)
            self.milestones_box.addWidget(line)
        if not detail.milestones:
            self.milestones_box.addWidget(_label("No response-time clocks.", "muted"))
        self.on_tick(self.countdowns.now)

        self._fill_fields(detail)
        self.description.setText(detail.description)
        self.description.setVisible(bool(detail.description))
        self._fill_timeline()
        self.stack.setCurrentIndex(1)
        if not same:
            self.scroll_area.verticalScrollBar().setValue(0)

    def _fill_fields(self, detail: InquiryDetail) -> None:
        self._clear(self.fields)
        row = detail.row
        pairs: list[tuple[str, str]] = []
        if row.member_name:
            pairs.append(("Member", row.member_name))
        if row.member_state_id:
            pairs.append(("State ID", row.member_state_id))
        if row.provider_name:
            pairs.append(("Provider", row.provider_name))
        if row.npi:
            pairs.append(("NPI", row.npi))
        if row.caller_name:
            pairs.append(("Caller", row.caller_name))
        if row.caller_phone:
            pairs.append(("Caller phone", format_phone(row.caller_phone)))
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
        if detail.resolution:
            pairs.append(("Resolution", detail.resolution))
        if row.resolved_at:
            pairs.append(("Resolved", format_when(row.resolved_at, self.calendar)))
        if detail.letter_count:
            pairs.append(("Letters", f"{detail.letter_count} stored"))
        for i, (name, value) in enumerate(pairs):
            key = _label(name, "fieldName", wrap=False)
            key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.fields.addWidget(key, i, 0)
            self.fields.addWidget(_label(value), i, 1)

    def _fill_timeline(self) -> None:
        assert self.detail is not None
        self._clear(self.timeline_box)
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

    @staticmethod
    def _clear(layout: QLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item is None:
                break
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
            elif (inner := item.layout()) is not None:
                DetailPane._clear(inner)
