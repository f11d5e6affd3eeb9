"""Away and cover (SPEC §11): the dialog where a person marks themselves away with a cover
(or says they are back), and the line at the top of the queue list that says it."""

from __future__ import annotations

from datetime import date

from liaison_desk.services import absences
from liaison_desk.services.absences import AwayStatus
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _day(d: date) -> str:
    return f"{d:%a} {d.month}/{d.day}"


def describe(status: AwayStatus) -> str:
    """One line for the queue list: away (and who covers), and whom one covers for."""
    parts = []
    if status.away is not None:
        a = status.away
        parts.append(f"Away {_day(a.first_day)} – {_day(a.last_day)}; {a.cover} covers")
    for c in status.covering:
        parts.append(f"Covering for {c.person} until {_day(c.last_day)}")
    return "\n".join(parts)


class AwayLine(QLabel):
    """Under the inbox: the person's away and cover state, in words (empty: hidden)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("awayLine")
        self.setWordWrap(True)
        self.setProperty("role", "muted")
        self.setContentsMargins(12, 0, 12, 6)
        self.hide()

    def show_status(self, status: AwayStatus) -> None:
        text = describe(status)
        self.setText(text)
        self.setVisible(bool(text))


class AwayDialog(QDialog):
    """Mark yourself away with a cover, or end the absence."""

    changed = Signal()

    def __init__(self, app_ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("awayDialog")
        self.setWindowTitle("Away and cover")
        self.app_ctx = app_ctx
        self.status: AwayStatus | None = None
        layout = QVBoxLayout(self)
        self.now = QLabel("Loading…", self)
        self.now.setWordWrap(True)
        layout.addWidget(self.now)
        form = QFormLayout()
        layout.addLayout(form)
        self.cover = QComboBox(self)
        self.cover.setAccessibleName("Who covers")
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.first = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.last = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd M/d/yyyy")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Optional: training, leave, out sick…")
        form.addRow("&Who covers", self.cover)
        form.addRow("&First day", self.first)
        form.addRow("&Last day", self.last)
        form.addRow("&Note", self.note)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "error")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.away_button = QPushButton("&Mark me away", self)
        self.back_button = QPushButton("I'm &back", self)
        buttons.addButton(self.away_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.away_button.clicked.connect(self._away)
        self.back_button.clicked.connect(self._back)
        layout.addWidget(buttons)
        self.back_button.hide()
        self._load()
        self.resize(480, 260)

    def _load(self) -> None:
        def work(s: Session, c: ServiceContext) -> tuple[AwayStatus, list[tuple[int, str]]]:
            status = absences.away_status(s, c)
            return status, [p for p in absences.covers(s) if p[0] != c.actor.user_id]

        ops.read(self, self.app_ctx, work, where="loading who is away").done(self._show).start()

    def _show(self, got: tuple[AwayStatus, list[tuple[int, str]]]) -> None:
        self.status, people = got
        self.cover.clear()
        for user_id, name in people:
            self.cover.addItem(name, user_id)
        away = self.status.away
        self.now.setText(
            describe(self.status)
            or "You are not marked away. While you are, your new hand-offs and alerts go to "
            "the person covering for you."
        )
        self.back_button.setVisible(away is not None)

    def _away(self) -> None:
        cover = self.cover.currentData()
        if cover is None:
            self.problem.setText("Choose who covers for you.")
            return
        first, last = _date(self.first.date()), _date(self.last.date())
        note = self.note.text()
        ops.write(
            self, self.app_ctx,
            lambda s, c: absences.set_away(s, c, cover_id=int(cover), first_day=first,
                                           last_day=last, note=note),
            where="marking you away",
        ).done(self._saved).failed(lambda p: self.problem.setText(p.text)).start()  # fmt: skip

    def _back(self) -> None:
        away = self.status.away if self.status is not None else None
        if away is None:
            return
        ops.write(self, self.app_ctx, lambda s, c: absences.end_away(s, c, away.absence_id),
                  where="ending the absence").done(self._saved).failed(
            lambda p: self.problem.setText(p.text)).start()  # fmt: skip

    def _saved(self, _result: object) -> None:
        self.problem.setText("")
        self.changed.emit()
        self._load()
