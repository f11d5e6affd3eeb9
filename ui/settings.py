"""The client's own settings, each declared once with its default, type and label.

Stored per user in QSettings (the registry on Windows, an ini file on Linux). When
``LIAISON_DESK_DATA_DIR`` is set (tests, portable installs) they live in an ini file there
instead, so a test never reads or writes the person's real settings.

Team-wide settings (business hours, policies) are in the database, not here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from liaison_desk.errors import DomainError
from liaison_desk.paths import data_dir
from ui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPalette,
    QPushButton,
    QSettings,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

ORGANIZATION = "Iowa Medicaid"
APPLICATION = "Liaison Desk"

T = TypeVar("T", str, bool, int)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    label: str
    help: str = ""
    # Shown in the settings dialog; the others are remembered state (window layout).
    editable: bool = True
    # How a number is shown: stored ÷ scale, followed by the unit ("1000" → "1 seconds").
    scale: int = 1
    unit: str = ""

    @property
    def type(self) -> type:
        return type(self.default)

    def get(self, store: QSettings | None = None) -> T:
        s = store or settings_store()
        raw = s.value(self.key, self.default)
        return self._coerce(raw)

    def set(self, value: T, store: QSettings | None = None) -> None:
        s = store or settings_store()
        s.setValue(self.key, value)

    def _coerce(self, raw: Any) -> T:
        # Ini files hand back strings ("true", "1000"); the registry keeps types.
        if raw is None:
            return self.default
        if isinstance(self.default, bool):
            if isinstance(raw, str):
                return raw.strip().lower() in ("1", "true", "yes", "on")
            return bool(raw)
        if isinstance(self.default, int):
            try:
                return int(raw)
            except (TypeError, ValueError):
                return self.default
        return str(raw)


DATABASE_URL: Setting[str] = Setting(
    "database/url",
    "",
    "Database address",
    "Leave empty for the embedded database file in your data folder. For a team database: "
    "postgresql://your-login@server:5432/liaison. A database named in the shortcut that "
    "starts the app is used instead. Takes effect at the next start.",
)
NOTIFICATIONS: Setting[bool] = Setting(
    "notifications/enabled",
    True,
    "Desktop notifications",
    "A notification when one of your items passes its warning or due time (office hours only).",
)
NOTIFY_WARN: Setting[bool] = Setting(
    "notifications/warn",
    True,
    "Also at warning time",
    "Notify at the warning time as well as at the due time.",
)
POLL_MS: Setting[int] = Setting(
    "sharing/poll_ms",
    1000,
    "Check for colleagues' changes every",
    "How often the app looks for changes saved on other workstations.",
    scale=1000,
    unit="seconds",
)
LAST_QUEUE: Setting[str] = Setting("window/queue", "", "Last queue", editable=False)
# Who signed in last at this computer: the sign-in dialog offers it (never a password).
LAST_USER: Setting[str] = Setting("database/user", "", "Last user name", editable=False)
DETAIL_BELOW: Setting[bool] = Setting(
    "window/detail_below",
    False,
    "Show the inquiry below the queue",
    "Put the selected inquiry under the queue instead of beside it (for narrow screens).",
)

ALL_SETTINGS: tuple[Setting[Any], ...] = (
    DATABASE_URL,
    NOTIFICATIONS,
    NOTIFY_WARN,
    POLL_MS,
    DETAIL_BELOW,
    LAST_QUEUE,
    LAST_USER,
)

# Window layout blobs (QByteArray), kept beside the declared settings.
GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
DETAIL_SPLITTER_KEY = "window/detail_splitter"
HEADER_KEY = "window/queue_header"


def settings_store() -> QSettings:
    if os.environ.get("LIAISON_DESK_DATA_DIR"):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def without_password(address: str) -> str:
    """A team database's address as stored: a password typed into it is dropped (the
    sign-in asks for it, and the keyring keeps it if the person wants)."""
    text = address.strip()
    if not text.lower().startswith("postgres"):
        return text
    from liaison_desk.db.signin import ServerProfile

    try:
        profile, password = ServerProfile.from_url(text)
    except DomainError:
        return text
    return profile.url() if password else text


class SettingsDialog(QDialog):
    """One row per editable setting, built from the declarations above."""

    def __init__(self, parent: QWidget | None = None, store: QSettings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self._store = store or settings_store()
        self._editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.setContentsMargins(18, 16, 18, 14)
        for setting in ALL_SETTINGS:
            if not setting.editable:
                continue
            editor = self._editor_for(setting)
            editor.setToolTip(setting.help)
            editor.setAccessibleName(setting.label)
            editor.setAccessibleDescription(setting.help)
            self._editors[setting.key] = editor
            if not isinstance(editor, QCheckBox):
                label = QLabel(f"{setting.label}:")
                label.setBuddy(editor)
                font = label.font()
                font.setBold(True)
                label.setFont(font)
                layout.addWidget(label)
            layout.addWidget(editor)
            if setting.help:
                hint = QLabel(setting.help)
                hint.setWordWrap(True)
                hint.setContentsMargins(2, 0, 0, 0)
                pal = hint.palette()
                pal.setColor(
                    QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText)
                )
                hint.setPalette(pal)
                layout.addWidget(hint)
            layout.addSpacing(10)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 42)

    def _editor_for(self, setting: Setting[Any]) -> QWidget:
        value = setting.get(self._store)
        if isinstance(setting.default, bool):
            box = QCheckBox(setting.label)
            font = box.font()
            font.setBold(True)
            box.setFont(font)
            box.setChecked(bool(value))
            return box
        if isinstance(setting.default, int) and setting.scale != 1:
            scaled = QDoubleSpinBox()
            scaled.setDecimals(2)
            scaled.setRange(250 / setting.scale, 60_000 / setting.scale)
            scaled.setSingleStep(0.25)
            scaled.setSuffix(f" {setting.unit}")
            scaled.setValue(int(value) / setting.scale)
            return scaled
        if isinstance(setting.default, int):
            spin = QSpinBox()
            spin.setRange(250, 60_000)
            spin.setSingleStep(250)
            if setting.unit:
                spin.setSuffix(f" {setting.unit}")
            spin.setValue(int(value))
            return spin
        line = QLineEdit(str(value))
        line.setClearButtonEnabled(True)
        if setting is DATABASE_URL:
            line.setPlaceholderText("Embedded SQLite file (default)")
            return self._database_row(line)
        return line

    def _database_row(self, line: QLineEdit) -> QWidget:
        """The address, and the sign-in dialog to choose a team database by its parts."""
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(line, 1)
        team = QPushButton("&Team database…")
        team.setObjectName("chooseTeamDatabase")
        team.setAutoDefault(False)
        team.setToolTip("Sign in to the team's database once, to check it, and use it from now on")
        team.clicked.connect(lambda _c=False: self.choose_team_database())
        box.addWidget(team)
        self.database_line = line
        from liaison_desk.presets import load_presets

        presets = load_presets()
        if presets.locked_database_fields():  # IT chose the team database for this computer
            line.setText(presets.database_address())
            for widget in (line, team):
                widget.setEnabled(False)
                widget.setToolTip(f"Set by IT for this computer ({presets.path})")
        return row

    def choose_team_database(self) -> None:
        from liaison_desk.db.signin import ServerProfile
        from ui.signin import SignInDialog

        text = self.database_line.text().strip()
        try:
            profile = ServerProfile.from_url(text)[0] if text else ServerProfile()
        except DomainError:  # an embedded file's address: start from nothing
            profile = ServerProfile()
        dialog = SignInDialog(profile, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.db is not None:
            dialog.db.dispose()  # checked; the app opens it at the next start
            self.database_line.setText(dialog.profile().url())

    def accept(self) -> None:
        for setting in ALL_SETTINGS:
            editor = self._editors.get(setting.key)
            if isinstance(editor, QCheckBox):
                setting.set(editor.isChecked(), self._store)
            elif isinstance(editor, QDoubleSpinBox):
                setting.set(round(editor.value() * setting.scale), self._store)
            elif isinstance(editor, QSpinBox):
                setting.set(editor.value(), self._store)
            elif isinstance(editor, QLineEdit):
                setting.set(editor.text().strip(), self._store)
            elif setting is DATABASE_URL and editor is not None and self.database_line.isEnabled():
                setting.set(without_password(self.database_line.text()), self._store)
        self._store.sync()
        super().accept()
