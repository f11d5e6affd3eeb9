"""The pieces of the detail pane: a milestone line with its own countdown, a timeline entry,
chips and section titles."""

from __future__ import annotations

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import EntryKind, Track
from liaison_desk.milestones import MilestoneState, format_when
from liaison_desk.services.queues import MilestoneRow, TimelineRow
from ui.countdown import Countdowns
from ui.icons import state_colour, state_icon
from ui.qt import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

_TRACKS = {str(t) for t in Track}


def kind_label(kind: str) -> str:
    try:
        return EntryKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


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
    """One clock: icon, name, countdown (colour + icon + words), due time, and "Why this
    deadline?" (the clock explained, services.explain)."""

    explainRequested = Signal(int)  # the milestone's id

    def __init__(self, milestone: MilestoneRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.milestone = milestone
        self.why = QPushButton("Why this deadline?")
        self.why.setObjectName("milestoneWhy")
        self.why.setFlat(True)
        self.why.setCursor(Qt.CursorShape.PointingHandCursor)
        self.why.setToolTip("How the due time was worked out: received, counted, skipped, met")
        self.why.setAccessibleName(f"Why {milestone.label} is due when it is")
        self.why.clicked.connect(lambda _c=False: self.explainRequested.emit(milestone.id))
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
        grid.addWidget(self.why, 2, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
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
