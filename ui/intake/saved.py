"""The page an intake form turns into once saved: the reference number, where the item went,
its deadlines, and the acknowledgement text ready to copy."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.domain import Priority, Status, Track, has_priority
from liaison_desk.services.deadline_preview import format_when
from liaison_desk.services.intake import IntakeResult
from ui.qt import (
    QFont,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.basics import no_default, section_title
from ui.widgets.notice import Banner, BannerKind
from ui.widgets.tones import tone


@dataclass(frozen=True)
class SavedInfo:
    """What the saved page shows, read while the saving session is still open."""

    inquiry_id: int
    reference: str
    track: str
    priority: str
    status: str
    acknowledgement: str
    notices: list[str] = field(default_factory=list)
    deadlines: list[tuple[str, datetime]] = field(default_factory=list)
    assignee: str | None = None

    @classmethod
    def from_result(cls, result: IntakeResult) -> SavedInfo:
        inquiry = result.inquiry
        open_clocks = [
            (m.label, m.due_at)
            for m in inquiry.milestones
            if m.met_at is None and m.closed_reason is None
        ]
        open_clocks.sort(key=lambda pair: pair[1])
        return cls(
            inquiry_id=inquiry.id,
            reference=inquiry.reference,
            track=inquiry.track,
            priority=inquiry.priority,
            status=inquiry.status,
            acknowledgement=result.acknowledgement,
            notices=list(result.notices),
            deadlines=open_clocks,
            assignee=inquiry.assignee.display_name if inquiry.assignee else None,
        )

    def describe(self) -> str:
        """``Member inquiry · High priority · Open · assigned to Lee Liaison``."""
        track = Track(self.track)
        named = {
            Track.IME_CALLBACK: "Supervisor callback",
            Track.CONSIDERATION: "Consideration case",
        }
        parts = [named.get(track, f"{track.label} inquiry")]
        if has_priority(track):
            parts.append(f"{Priority(self.priority).label} priority")
        parts.append(Status(self.status).label)
        if self.assignee:
            parts.append(f"assigned to {self.assignee}")
        elif track is Track.IME_CALLBACK:
            parts.append("in the Unit Lead queue")
        return " · ".join(parts)


class SavedPanel(QWidget):
    """ "Saved — reference 261123-0007", the acknowledgement and its Copy button."""

    new_requested = Signal()
    close_requested = Signal()

    def __init__(self, calendar: BusinessCalendar, new_label: str = "&New inquiry") -> None:
        super().__init__()
        self.setObjectName("savedPanel")
        self._calendar = calendar
        self.info: SavedInfo | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        body = QVBoxLayout()
        body.setContentsMargins(20, 16, 20, 16)
        body.setSpacing(10)
        outer.addLayout(body, 1)

        card = QFrame()
        card.setObjectName("savedCard")
        card.setStyleSheet(
            f"QFrame#savedCard {{ background: {tone('saved')}; border: 1px solid {tone('ok')};"
            " border-radius: 4px; } QFrame#savedCard QLabel { background: transparent; }"
        )
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(14, 12, 14, 12)
        card_layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("savedTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.title.setFont(font)
        self.title.setStyleSheet(f"color: {tone('ok')};")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        card_layout.addWidget(self.summary)
        self.deadlines = QLabel()
        self.deadlines.setWordWrap(True)
        self.deadlines.setTextFormat(Qt.TextFormat.RichText)
        self.deadlines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout.addWidget(self.deadlines)
        body.addWidget(card)

        self.notice = Banner(BannerKind.INFO)
        body.addWidget(self.notice)

        heading = section_title("&Acknowledgement for the originator")
        body.addSpacing(6)
        body.addWidget(heading)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet(f"color: {tone('border')};")
        body.addWidget(rule)
        hint = QLabel(
            "Give or send this to the person who raised the issue; it quotes the reference."
        )
        hint.setStyleSheet(f"color: {tone('hint')};")
        hint.setWordWrap(True)
        body.addWidget(hint)
        self.acknowledgement = QPlainTextEdit()
        self.acknowledgement.setReadOnly(True)
        self.acknowledgement.setTabChangesFocus(True)
        self.acknowledgement.setAccessibleName("Acknowledgement text")
        self.acknowledgement.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        heading.setBuddy(self.acknowledgement)
        body.addWidget(self.acknowledgement)

        copy_row = QHBoxLayout()
        self.copy_button = QPushButton("&Copy acknowledgement")
        self.copy_button.clicked.connect(self.copy_acknowledgement)
        copy_row.addWidget(self.copy_button)
        self.copy_reference_button = QPushButton("Copy &reference")
        self.copy_reference_button.clicked.connect(self.copy_reference)
        copy_row.addWidget(self.copy_reference_button)
        self.copied = QLabel()
        self.copied.setStyleSheet(f"color: {tone('ok')};")
        copy_row.addWidget(self.copied)
        copy_row.addStretch(1)
        body.addLayout(copy_row)
        self.copy_row = copy_row  # an e-mail inquiry's form adds its Send button here
        body.addStretch(1)

        footer = QFrame()
        footer.setObjectName("savedFooter")
        footer.setStyleSheet(
            f"QFrame#savedFooter {{ background: {tone('panel')};"
            f" border-top: 1px solid {tone('border')}; }}"
        )
        buttons = QHBoxLayout(footer)
        buttons.setContentsMargins(20, 10, 20, 10)
        buttons.addStretch(1)
        self.new_button = QPushButton(new_label)
        self.new_button.clicked.connect(self.new_requested)
        buttons.addWidget(self.new_button)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close_requested)
        buttons.addWidget(self.close_button)
        outer.addWidget(footer)
        no_default(self.copy_button, self.copy_reference_button, self.new_button, self.close_button)

    def show_info(self, info: SavedInfo) -> None:
        self.info = info
        self.title.setText(f"✓ Saved — reference {info.reference}")
        self.setAccessibleDescription(f"Saved, reference {info.reference}")
        self.summary.setText(info.describe())
        if info.notices:
            self.notice.say(" ".join(info.notices))
        else:
            self.notice.hide()
        if info.deadlines:
            lines = [
                f"{html.escape(label)} by <b>{html.escape(format_when(due, self._calendar))}</b>"
                for label, due in info.deadlines
            ]
            self.deadlines.setText("<br>".join(lines))
            self.deadlines.show()
        else:
            self.deadlines.hide()
        self.acknowledgement.setPlainText(info.acknowledgement)
        self.copied.clear()
        self.copy_button.setFocus()

    def copy_acknowledgement(self) -> None:
        QGuiApplication.clipboard().setText(self.acknowledgement.toPlainText())
        self.copied.setText("✓ Acknowledgement copied to the clipboard.")

    def copy_reference(self) -> None:
        if self.info is not None:
            QGuiApplication.clipboard().setText(self.info.reference)
            self.copied.setText(f"✓ Reference {self.info.reference} copied to the clipboard.")
