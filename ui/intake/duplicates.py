"""The same person's other inquiries, shown while intake is typed (SPEC §11; seed 002: one
issue taken to several places "tends to exacerbate as well as duplicate issues"). When an
open one matches, the form asks: the same issue (link them when this one is saved, or go to
it) or a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desk.milestones import short_when
from liaison_desk.services import person_history
from liaison_desk.services.context import ServiceContext, Session
from liaison_desk.services.intake import IntakeResult
from liaison_desk.services.queues import QueueRow
from ui import ops
from ui.context import AppContext
from ui.qt import QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from ui.queue_columns import status_label, track_label
from ui.widgets.basics import clear_layout
from ui.widgets.notice import Banner, BannerKind
from ui.widgets.timers import named_timer

SHOWN = 5


class DuplicatesBox(QWidget):
    """Looks up the person as their details are typed; says what it found."""

    openInquiry = Signal(int)

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesBox")
        self.app_ctx = app_ctx
        self.link_to: int | None = None
        self.rows: list[QueueRow] = []
        self._ask: dict[str, str | None] = {}
        self._dismissed: set[int] = set()
        self._asked: int | None = None  # the open inquiry the banner asks about
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.banner = Banner(BannerKind.WARNING)
        self.banner.setObjectName("duplicateBanner")
        self.go_button = self.banner.add_button("Go to it", self._go)
        self.same_button = self.banner.add_button("Same issue", self._same)
        self.new_button = self.banner.add_button("A new issue", self._new)
        layout.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setObjectName("duplicatesSummary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "muted")
        layout.addWidget(self.summary)
        self.list = QVBoxLayout()
        self.list.setSpacing(0)
        layout.addLayout(self.list)
        self.timer = named_timer(self, "duplicatesTimer", 400, self._look, single_shot=True)
        self.hide()

    # --- asking -----------------------------------------------------------------------
    def look(self, **what: str | None) -> None:
        """The person's details as typed now (state_id, npi, phone, name); looked up soon."""
        self._ask = what
        self.timer.start()

    def _look(self) -> None:
        ask = dict(self._ask)
        if not any((v or "").strip() for v in ask.values()):
            self._show([])
            return

        def work(s: Session, c: ServiceContext) -> list[QueueRow]:
            return person_history.others_like(
                s, c.actor, state_id=ask.get("state_id"), npi=ask.get("npi"),
                phone=ask.get("phone"), name=ask.get("name"),
            )  # fmt: skip

        where = "looking for the person's other inquiries"
        ops.read(self, self.app_ctx, work, where=where).done(self._show).start()

    # --- showing ----------------------------------------------------------------------
    def _show(self, rows: list[QueueRow]) -> None:
        self.rows = rows
        clear_layout(self.list)
        if not rows:
            self.hide()
            return
        opened = [r for r in rows if not r.closed]
        self.summary.setText(
            f"This person has {len(rows)} other inquir{'y' if len(rows) == 1 else 'ies'}"
            f" ({len(opened)} open):"
        )
        cal = self.app_ctx.calendar
        for r in rows[:SHOWN]:
            who = r.assignee_name or "unassigned"
            state = "Resolved" if r.closed else status_label(r.status)
            text = (
                f"{r.reference} · {state} · {track_label(r.track)} · {who} · received "
                f"{short_when(r.received_at, cal)}"
            )
            button = QPushButton(text)
            button.setFlat(True)
            button.setStyleSheet("text-align: left; padding: 2px 4px;")
            button.setObjectName(f"other_{r.reference}")
            button.setToolTip("Open it in the main window (this form stays as it is)")
            button.clicked.connect(lambda _c=False, i=r.id: self.openInquiry.emit(i))
            self.list.addWidget(button)
        self._say(opened)
        self.show()

    def _say(self, opened: list[QueueRow]) -> None:
        linked = next((r for r in self.rows if r.id == self.link_to), None)
        if linked is not None:
            self.banner.say(
                f"This will be linked to {linked.reference} as the same issue when it is saved.",
                BannerKind.INFO,
            )
            self.same_button.hide()
            self.new_button.setText("Don't link")
            return
        self.link_to = None
        first = next((r for r in opened if r.id not in self._dismissed), None)
        if first is None:
            self._asked = None
            self.banner.hide()
            return
        who = first.assignee_name or "nobody yet"
        self.banner.say(
            f"An open inquiry for this person exists: {first.reference} "
            f"({status_label(first.status)}, with {who}). Is this the same issue?",
            BannerKind.WARNING,
        )
        self.same_button.show()
        self.new_button.setText("A new issue")
        self._asked = first.id

    def _go(self) -> None:
        target = self.link_to or self._asked
        if target is not None:
            self.openInquiry.emit(target)

    def _same(self) -> None:
        self.link_to = self._asked
        self._say([r for r in self.rows if not r.closed])

    def _new(self) -> None:
        """A new issue: not asked again about the open inquiries found so far."""
        self.link_to = None
        opened = [r for r in self.rows if not r.closed]
        self._dismissed.update(r.id for r in opened)
        self._say(opened)


def linking(
    create: Callable[[Session, ServiceContext, Any], IntakeResult], link_to: int | None
) -> Callable[[Session, ServiceContext, Any], IntakeResult]:
    """The form's save, then (in the same transaction) the link to the same issue."""

    def save(session: Session, ctx: ServiceContext, data: Any) -> IntakeResult:
        result = create(session, ctx, data)
        if link_to is not None:
            session.flush()
            person_history.link_related(session, ctx, result.inquiry.id, link_to)
            result.notices.append("Linked to the open inquiry about the same issue.")
        return result

    return save


def attach(box: DuplicatesBox, dialog: QWidget, fields: dict[str, Any]) -> None:
    """Look the person up whenever one of ``fields`` (state_id, npi, phone, name → an edit
    with ``changed`` and ``text()``) changes; "Go to it" opens the item in the main window."""

    def look(*_args: object) -> None:
        box.look(**{key: edit.text() for key, edit in fields.items()})

    for edit in fields.values():
        edit.changed.connect(look)
    window = dialog.parent()
    if window is not None and hasattr(window, "show_inquiry"):
        box.openInquiry.connect(window.show_inquiry)
