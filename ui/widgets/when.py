"""Editing a moment in the office's own time: when a call was made, when an inquiry came in.

The edit holds wall-clock values in a fixed UTC container and Python's zoneinfo does the
conversion (:func:`to_qdatetime` / :func:`from_qdatetime`, the client's only pair), so the
workstation's own timezone, or Qt's timezone data, never matters. Now by default, earlier for
something logged after the fact, never later than now.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from liaison_desk.calendar import BusinessCalendar
from ui.qt import (
    QDate,
    QDateTime,
    QDateTimeEdit,
    QHBoxLayout,
    QLocale,
    QPushButton,
    QSizePolicy,
    QTime,
    QTimeZone,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.fields import FieldMessage

WIDEST = "Wed 12/30/2026 12:00 PM"


def to_qdatetime(dt: datetime, calendar: BusinessCalendar) -> QDateTime:
    """An aware instant as the calendar's wall-clock time."""
    wall = dt.astimezone(calendar.timezone)
    return QDateTime(
        QDate(wall.year, wall.month, wall.day),
        QTime(wall.hour, wall.minute, wall.second, wall.microsecond // 1000),
        QTimeZone.utc(),
    )


def from_qdatetime(value: QDateTime, calendar: BusinessCalendar) -> datetime:
    d, t = value.date(), value.time()
    return datetime(
        d.year(),
        d.month(),
        d.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.msec() * 1000,
        tzinfo=calendar.timezone,
    )


class MomentEdit(QWidget):
    """A date-and-time edit in the office's time with a Now button beside it."""

    def __init__(
        self,
        calendar: BusinessCalendar,
        now: Callable[[], datetime],
        *,
        now_label: str = "Now",
        now_tip: str = "Set the time to now",
        minutes_only: bool = True,
    ) -> None:
        super().__init__()
        self.calendar = calendar
        self._now = now
        self._minutes_only = minutes_only
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(3)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.edit = QDateTimeEdit()
        self.edit.setTimeZone(QTimeZone.utc())
        self.edit.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        self.edit.setDisplayFormat("ddd M/d/yyyy h:mm AP")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDateTime(QDateTime(QDate(2000, 1, 1), QTime(0, 0), QTimeZone.utc()))
        self.edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(WIDEST) + 48)
        row.addWidget(self.edit)
        self.now_button = QPushButton(now_label)
        self.now_button.setAutoDefault(False)
        self.now_button.setToolTip(now_tip)
        self.now_button.clicked.connect(self.set_now)
        row.addWidget(self.now_button)
        row.addStretch(1)
        self.rows.addLayout(row)
        self.setFocusProxy(self.edit)

    def _q(self, dt: datetime) -> QDateTime:
        if self._minutes_only:
            dt = dt.replace(second=0, microsecond=0)
        return to_qdatetime(dt, self.calendar)

    def refresh_limit(self) -> None:
        """Move the upper limit along with the clock (a form may stay open for a while)."""
        limit = to_qdatetime(self._now(), self.calendar)
        self.edit.setMaximumDateTime(limit.addSecs(59) if self._minutes_only else limit)

    def set_now(self) -> None:
        self.refresh_limit()
        self.edit.setDateTime(self._q(self._now()))

    def set_minimum(self, dt: datetime) -> None:
        self.edit.setMinimumDateTime(self._q(dt))

    def shown(self) -> datetime:
        return from_qdatetime(self.edit.dateTime(), self.calendar)

    def set_value(self, dt: datetime) -> None:
        self.refresh_limit()
        self.edit.setDateTime(self._q(min(dt, self._now())))


class WhenEdit(MomentEdit):
    """When something happened (a call, a letter): ``None`` until the person changes it,
    which means "now" by the service's own clock at saving."""

    def __init__(self, calendar: BusinessCalendar, now: Callable[[], datetime]) -> None:
        # No mnemonic on Now: "When" (Alt+W) labels this very field; Tab reaches the button.
        super().__init__(calendar, now)
        self._untouched = True
        self.set_now()
        self.edit.dateTimeChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        self._untouched = False

    def set_now(self) -> None:
        blocked = self.edit.blockSignals(True)
        super().set_now()
        self.edit.blockSignals(blocked)
        self._untouched = True

    def value(self) -> datetime | None:
        return None if self._untouched else self.shown()

    def set_value(self, dt: datetime) -> None:
        super().set_value(dt)
        self._untouched = False


class ReceivedEdit(MomentEdit):
    """When the inquiry was received, with its message line (the intake forms)."""

    HINT = "Set it earlier for a call logged after the fact; the deadlines follow it."
    changed = Signal()

    def __init__(self, calendar: BusinessCalendar, now: Callable[[], datetime]) -> None:
        super().__init__(
            calendar,
            now,
            now_label="No&w",
            now_tip="Set the received time to the current time",
            minutes_only=False,
        )
        self.message = FieldMessage(self.HINT)
        self.rows.addWidget(self.message)
        self.clear_error()
        self.set_now()
        self.edit.dateTimeChanged.connect(self._on_changed)

    def _on_changed(self, *_args: object) -> None:
        self.clear_error()
        self.changed.emit()

    def set_error(self, message: str) -> None:
        self.message.show_error(message)
        self._describe(f"Error: {message}")

    def clear_error(self) -> None:
        self.message.show_hint()
        self._describe(self.HINT)

    def _describe(self, text: str) -> None:
        self.edit.setAccessibleDescription(f"required. {text}")

    def value(self) -> datetime:
        return self.shown()
