"""Locking an unused workstation: after the admin's idle time (default 15 minutes) without a
key press or a click, every window of the app is hidden behind a lock screen that shows no
member's data (and desktop notifications stop). Unlocking asks for the person's database
password on PostgreSQL (the server checks it); on the embedded database the workstation's own
screen lock protects the file, and the lock screen says so.
"""

from __future__ import annotations

from typing import Any

from liaison_desk.services import workstation_lock
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QApplication,
    QEvent,
    QFont,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QObject,
    QPushButton,
    Qt,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.timers import named_timer

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QFrame):
    unlockRequested = Signal(str)

    def __init__(self, parent: QWidget, *, postgres: bool, name: str) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        box = QFrame(self)
        box.setObjectName("lockBox")
        # A fixed width: word-wrapped lines then get the height they need.
        box.setFixedWidth(max(460, self.fontMetrics().horizontalAdvance("M") * 34))
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        title = QLabel("Liaison Desk is locked", box)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        inner.addWidget(title)
        self.reason = QLabel(box)
        self.reason.setWordWrap(True)
        inner.addWidget(self.reason)
        self.password: QLineEdit | None = None
        if postgres:
            hint = QLabel(f"{name}, type your database password to carry on.", box)
            hint.setWordWrap(True)
            inner.addWidget(hint)
            self.password = QLineEdit(box)
            self.password.setEchoMode(QLineEdit.EchoMode.Password)
            self.password.setAccessibleName("Database password")
            self.password.setPlaceholderText("Database password")
            self.password.returnPressed.connect(self._unlock)
            inner.addWidget(self.password)
        else:
            note = QLabel(
                "This workstation keeps its data in a file of your own user account: your "
                "computer's screen lock (Windows+L) protects it. Press Unlock to carry on.",
                box,
            )
            note.setWordWrap(True)
            inner.addWidget(note)
        self.message = QLabel(box)
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        inner.addWidget(self.message)
        self.unlock_button = QPushButton("&Unlock", box)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Centred by stretches, not an alignment flag: an aligned item gets its size hint,
        # which ignores the height wrapped lines need.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)

    def _unlock(self) -> None:
        self.unlockRequested.emit(self.password.text() if self.password is not None else "")

    def say(self, text: str) -> None:
        self.message.setText(f"✖ {text}")
        self.message.show()

    def reset(self, minutes: int) -> None:
        self.reason.setText(
            f"It locked itself after {minutes} minute{'s' if minutes != 1 else ''} without use, "
            "so that nothing about members shows on an unattended screen."
        )
        self.message.hide()
        if self.password is not None:
            self.password.clear()
            self.password.setFocus()
        else:
            self.unlock_button.setFocus()


class WorkstationLock(QObject):
    lockedChanged = Signal(bool)

    def __init__(self, window: QMainWindow, app_ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.app_ctx = app_ctx
        self.minutes = workstation_lock.DEFAULT_MINUTES
        self.locked = False
        self._hidden: list[QWidget] = []
        self._bars: list[QWidget] = []
        self.screen = LockScreen(window, postgres=app_ctx.db.is_postgres, name=app_ctx.actor.name)
        self.screen.hide()
        self.screen.unlockRequested.connect(self._try_unlock)
        self.timer = named_timer(self, "idleLockTimer", 60_000, self.lock, single_shot=True)
        self._set_minutes(self.minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)

    def load_setting(self) -> None:
        # Unread (a lost connection), the lock keeps its default minutes.
        ops.read(self, self.app_ctx, lambda s, _c: workstation_lock.lock_minutes_here(s)).done(
            self._set_minutes
        ).failed(lambda _p: None).start()

    def _set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.timer.setInterval(minutes * 60_000)
        if not self.locked:
            self.timer.start()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Resize and self.locked:
            self.screen.setGeometry(self.window.rect())
        elif not self.locked and kind in _ACTIVITY:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.hide()
                self._hidden.append(widget)
        self._bars = [
            w
            for w in (
                self.window.menuBar(),
                self.window.statusBar(),
                self.window.centralWidget(),
                *self.window.findChildren(QToolBar),
            )
            if w is not None and w.isVisible()
        ]
        for bar in self._bars:
            bar.hide()
        self._title = self.window.windowTitle()
        self.window.setWindowTitle("Locked")
        self.screen.setGeometry(self.window.rect())
        self.screen.reset(self.minutes)
        self.screen.show()
        self.screen.raise_()
        self.lockedChanged.emit(True)

    def _try_unlock(self, password: str) -> None:
        if not self.app_ctx.db.is_postgres:
            self.unlock()
            return
        db = self.app_ctx.db
        self.screen.unlock_button.setEnabled(False)

        def failed(problem: ops.Problem) -> None:
            self.screen.unlock_button.setEnabled(True)
            self.screen.say(problem.text)

        def done(_none: None) -> None:
            self.screen.unlock_button.setEnabled(True)
            self.unlock()

        ops.background(
            self, lambda: workstation_lock.check_password(db, password), verb="unlocked"
        ).done(done).failed(failed).start()

    def unlock(self) -> None:
        if not self.locked:
            return
        self.locked = False
        self.screen.hide()
        for bar in self._bars:
            bar.show()
        self._bars = []
        self.window.setWindowTitle(self._title)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.timer.start()
        self.lockedChanged.emit(False)
