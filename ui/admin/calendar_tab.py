"""Administration → Business calendar: office hours, workdays and timezone; closures (the day
after Thanksgiving, a weather day) and holidays the office works; the holidays in force.

A change applies to clocks started afterwards; running clocks keep their due times.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from liaison_desk.services import calendar_config as cc
from ui import ops
from ui.context import AppContext
from ui.qt import (
    QCheckBox,
    QDate,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QTime,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.widgets.tables import cell, fill, table

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CalendarTab(QWidget):
    loaded = Signal()
    saved = Signal()

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.data: cc.CalendarListing | None = None
        box = QVBoxLayout(self)
        intro = QLabel(
            "When the office is open. Clocks run only in business time; anything received "
            "while closed counts from the next opening. Changes apply to clocks started from "
            "now on.",
            self,
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        hours = QGroupBox("Office hours", self)
        form = QFormLayout(hours)
        self.opens = QTimeEdit(hours)
        self.closes = QTimeEdit(hours)
        for edit in (self.opens, self.closes):
            edit.setDisplayFormat("h:mm AP")
        row = QHBoxLayout()
        row.addWidget(self.opens)
        row.addWidget(QLabel("to", hours))
        row.addWidget(self.closes)
        row.addStretch(1)
        label = QLabel("&Open from", hours)
        label.setBuddy(self.opens)
        form.addRow(label, row)
        days = QHBoxLayout()
        self.workdays = []
        for i, name in enumerate(DAY_NAMES):
            check = QCheckBox(name[:3], hours)
            check.setAccessibleName(f"Open on {name}")
            check.setObjectName(f"workday{i}")
            self.workdays.append(check)
            days.addWidget(check)
        days.addStretch(1)
        form.addRow("Workdays", days)
        self.timezone = QLineEdit(hours)
        self.timezone.setObjectName("calendarTimezone")
        form.addRow("&Timezone", self.timezone)
        self.save_hours_button = QPushButton("&Save office hours", hours)
        self.save_hours_button.clicked.connect(self.save_hours)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_hours_button)
        save_row.addStretch(1)
        form.addRow("", save_row)
        box.addWidget(hours)

        head = QLabel(
            "<b>Days that differ</b>: holidays (by default the paid holidays of Iowa state "
            "employees, Iowa Code §1C.2), closures, and "
            "holidays the office works",
            self,
        )
        box.addWidget(head)
        self.days = table(self, ("Date", "Day", "What", "Note"), "calendarDays")
        header = self.days.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)
        head.setBuddy(self.days)
        box.addWidget(self.days, 1)
        add = QHBoxLayout()
        self.day_edit = QDateEdit(self)
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("MM/dd/yyyy")
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("why (e.g. Day after Thanksgiving, snow closure)")
        self.close_button = QPushButton("C&lose the office that day", self)
        self.close_button.clicked.connect(lambda: self.put_day("closed"))
        self.open_button = QPushButton("&Work that day", self)
        self.open_button.clicked.connect(lambda: self.put_day("open"))
        self.remove_button = QPushButton("&Remove the selected change", self)
        self.remove_button.clicked.connect(self.remove_selected)
        date_label = QLabel("&Date", self)
        date_label.setBuddy(self.day_edit)
        for w in (
            date_label,
            self.day_edit,
            self.note_edit,
            self.close_button,
            self.open_button,
            self.remove_button,
        ):
            add.addWidget(w)
        box.addLayout(add)
        self.message = QLabel("", self)
        self.message.setObjectName("calendarMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)

    def load(self) -> None:
        ops.read(self, self.app_ctx, cc.calendar_listing).done(self._show).failed(
            lambda p: self.message.setText(p.text)
        ).start()

    def _show(self, data: cc.CalendarListing) -> None:
        self.data = data
        s = data.settings
        self.opens.setTime(QTime(s.opens.hour, s.opens.minute))
        self.closes.setTime(QTime(s.closes.hour, s.closes.minute))
        for i, check in enumerate(self.workdays):
            check.setChecked(i in s.workdays)
        self.timezone.setText(s.timezone)
        rows = []
        for d in data.days:
            first = cell(d.day, f"{d.day:%m/%d/%Y}")
            first.setData(Qt.ItemDataRole.UserRole, d.day.toordinal())
            rows.append([first, cell(DAY_NAMES[d.day.weekday()]), cell(d.what), cell(d.note)])
        fill(self.days, rows)
        self.loaded.emit()

    def _write(self, fn: Any, done: str) -> None:
        def ok(_result: Any) -> None:
            self.message.setText(done)
            self.load()
            self.saved.emit()

        self.message.setText("Saving…")
        ops.write(self, self.app_ctx, fn).done(ok).failed(
            lambda p: self.message.setText(p.text)
        ).start()

    def save_hours(self) -> None:
        a, b = self.opens.time(), self.closes.time()
        opens, closes = time(a.hour(), a.minute()), time(b.hour(), b.minute())
        workdays = [i for i, c in enumerate(self.workdays) if c.isChecked()]
        tz = self.timezone.text()
        self._write(
            lambda s, c: cc.set_hours(
                s, c, opens=opens, closes=closes, workdays=workdays, timezone=tz
            ),
            "Office hours saved; clocks started from now on use them. Reopen the app to see "
            "them in the countdowns.",
        )

    def put_day(self, kind: str) -> None:
        q = self.day_edit.date()
        day = date(q.year(), q.month(), q.day())
        note = self.note_edit.text()
        fn = cc.add_closure if kind == "closed" else cc.add_open_day
        what = "closed" if kind == "closed" else "open"
        self._write(lambda s, c: fn(s, c, day, note), f"The office is {what} on {day:%m/%d/%Y}.")

    def remove_selected(self) -> None:
        r = self.days.currentRow()
        item = self.days.item(r, 0) if r >= 0 else None
        if item is None or self.data is None:
            self.message.setText("Select a closure or worked day in the list first.")
            return
        day = date.fromordinal(int(item.data(Qt.ItemDataRole.UserRole)))
        row = next((d for d in self.data.days if d.day == day), None)
        if row is None or row.version is None:
            self.message.setText(
                f"{day:%m/%d/%Y} is a holiday of the default calendar; to keep the office open "
                "that day, choose “Work that day”."
            )
            return
        version = row.version
        self._write(
            lambda s, c: cc.remove_day(s, c, day, version),
            f"{day:%m/%d/%Y} follows the default calendar again.",
        )
