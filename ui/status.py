"""The status bar (database, user and role, connection state) and the banner shown while
the database cannot be reached."""

from __future__ import annotations

from ui.icons import icon_file
from ui.qt import (
    QFrame,
    QHBoxLayout,
    QIcon,
    QLabel,
    QPushButton,
    QSize,
    QStatusBar,
    Qt,
    QWidget,
    Signal,
)


class StatusBar(QStatusBar):
    def __init__(self, database: str, user: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(True)
        self.connection_icon = QLabel()
        self.connection_icon.setObjectName("connectionIcon")
        self.connection = QLabel()
        self.connection.setObjectName("connectionState")
        self.database = QLabel(database)
        self.database.setObjectName("databaseName")
        self.database.setToolTip(database)
        self.user = QLabel(f"{user} · {role}")
        self.user.setObjectName("userName")
        self.updated = QLabel("")
        self.updated.setObjectName("lastUpdated")
        self.updated.setProperty("role", "muted")

        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 0, 6, 0)
        row.setSpacing(6)
        row.addWidget(self.connection_icon)
        row.addWidget(self.connection)
        row.addWidget(_separator())
        row.addWidget(self.database)
        row.addStretch(1)
        self.addWidget(box, 1)
        self.addPermanentWidget(self.updated)
        self.addPermanentWidget(_separator())
        self.addPermanentWidget(self.user)
        self.set_connected(True)

    def set_connected(self, ok: bool, detail: str = "") -> None:
        name = "status-connected" if ok else "status-disconnected"
        self.connection_icon.setPixmap(
            QIcon(icon_file(name)).pixmap(QSize(14, 14), self.devicePixelRatioF())
        )
        self.connection.setText("Connected" if ok else "Connection lost — retrying")
        self.connection.setToolTip(detail)
        self.connection.setProperty("state", "ok" if ok else "lost")
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)

    def set_updated(self, text: str) -> None:
        self.updated.setText(text)


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ConnectionBanner(QFrame):
    """A strip across the top of the window while the database is unreachable."""

    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setAccessibleName("Connection problem")
        self.icon = QLabel()
        self.icon.setPixmap(
            QIcon(icon_file("status-disconnected")).pixmap(QSize(18, 18), self.devicePixelRatioF())
        )
        self.message = QLabel()
        self.message.setObjectName("bannerMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry = QPushButton("&Retry now")
        self.retry.setObjectName("bannerRetry")
        self.retry.clicked.connect(self.retryRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(10)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.message, 1)
        row.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_problem(self, problem: str, retry_in_s: float) -> None:
        when = "now" if retry_in_s < 1 else f"in {retry_in_s:.0f} s"
        self.message.setText(
            "<b>The database cannot be reached.</b> What is on screen may be out of date; "
            f"nothing you typed is lost. Trying again {when}.<br><small>{_escape(problem)}</small>"
        )
        self.show()

    def clear(self) -> None:
        self.hide()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
