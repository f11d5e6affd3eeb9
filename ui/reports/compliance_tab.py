"""Reports → Compliance: each response-time standard over a period (% met on time), and
every breach listed; a breach opens its inquiry in the main window (Enter or double-click)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from liaison_desk.domain import Priority, Track, label_of
from liaison_desk.milestones import format_when
from liaison_desk.services.compliance import (
    GROUP_LABELS,
    NO_GROUP,
    CompliancePeriod,
    StandardRow,
    compliance_period,
    percent_met,
)
from ui import ops
from ui.context import AppContext
from ui.icons import MET_LATE, MET_ON_TIME, OVERDUE, state_icon
from ui.qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.reports.widgets import percent_text
from ui.widgets.tables import cell, fill, table

STANDARD_HEADERS = ("Standard", "Track", "Priority", "Due", "Met on time", "Met late",
                    "Overdue", "Not yet due", "% met on time", "Target")  # fmt: skip
BREACH_HEADERS = ("Reference", "Standard", "Due", "Met at", "State", "Assigned to")
BREACH_LIMIT = 2000


def periods(today: date) -> list[tuple[str, date, date]]:
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    q_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    prev_q_end = q_start - timedelta(days=1)
    prev_q_start = date(prev_q_end.year, 3 * ((prev_q_end.month - 1) // 3) + 1, 1)
    return [
        ("This month so far", first, today),
        ("Last month", last_month_end.replace(day=1), last_month_end),
        ("This quarter so far", q_start, today),
        ("Last quarter", prev_q_start, prev_q_end),
        ("Last 7 days", today - timedelta(days=6), today),
    ]


def qdate_of(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_of(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ComplianceTab(QWidget):
    loaded = Signal(object)  # CompliancePeriod
    openInquiry = Signal(int)

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("complianceTab")
        self.data: CompliancePeriod | None = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.period = QComboBox(self)
        self.period.setObjectName("compliancePeriod")
        for label, start, end in periods(today):
            self.period.addItem(label, (start, end))
        self.period.addItem("Other dates", None)
        period_label = QLabel("&Period:", self)
        period_label.setBuddy(self.period)
        bar.addWidget(period_label)
        bar.addWidget(self.period)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit, name, text in ((self.date_from, "complianceFrom", "&From"),
                                 (self.date_to, "complianceTo", "&to")):  # fmt: skip
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
            caption = QLabel(text, self)
            caption.setBuddy(edit)
            bar.addWidget(caption)
            bar.addWidget(edit)
        self.split = QComboBox(self)
        self.split.setObjectName("complianceSplit")
        self.split.addItem("Standards only", None)
        for key, label in GROUP_LABELS.items():
            self.split.addItem(f"{label} within each standard", key)
        split_label = QLabel("Spl&it by:", self)
        split_label.setBuddy(self.split)
        bar.addWidget(split_label)
        bar.addWidget(self.split)
        self.show_button = QPushButton("&Show", self)
        self.show_button.setObjectName("complianceShow")
        self.show_button.clicked.connect(self.load)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        box.addLayout(bar)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self._period_chosen(0)
        self.split.currentIndexChanged.connect(lambda _i: self.data is not None and self.load())
        self.summary = QLabel("", self)
        self.summary.setObjectName("complianceSummary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.standards = table(self, STANDARD_HEADERS, "complianceStandards")
        box.addWidget(self.standards, 2)
        heading = QLabel("<b>Breaches</b> (met late, or past due and not met) — Enter or "
                         "double-click opens the inquiry", self)  # fmt: skip
        box.addWidget(heading)
        self.breach_table = table(self, BREACH_HEADERS, "complianceBreaches")
        header = self.breach_table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        heading.setBuddy(self.breach_table)
        self.breach_table.itemActivated.connect(self._activated)
        box.addWidget(self.breach_table, 3)

    def _period_chosen(self, index: int) -> None:
        chosen = self.period.itemData(index)
        custom = chosen is None
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(custom)
        if chosen is not None:
            start, end = chosen
            self.date_from.setDate(qdate_of(start))
            self.date_to.setDate(qdate_of(end))
            if self.data is not None:  # already showing a period: show the new one
                self.load()

    def load(self) -> None:
        start, end = date_of(self.date_from.date()), date_of(self.date_to.date())
        if end < start:
            self.summary.setText("The period ends before it starts: choose the dates again.")
            return
        ctx = self.app_ctx
        self.summary.setText("Counting…")
        split = self.split.currentData()

        def job() -> CompliancePeriod:
            return compliance_period(
                ctx.db, ctx.service_context(), start, end, breach_limit=BREACH_LIMIT,
                group_by=split,
            )  # fmt: skip

        ops.background(self, job, verb="counted", where="counting compliance").done(
            self._show
        ).failed(lambda p: self.summary.setText(p.text)).start()

    def _show(self, data: CompliancePeriod) -> None:
        self.data = data
        split = next((r.group is not None for r in data.rows), False)
        key = self.split.currentData() if split else None
        headers = list(STANDARD_HEADERS)
        if key is not None:
            headers.insert(1, GROUP_LABELS[key])
        self.standards.setColumnCount(len(headers))
        self.standards.setHorizontalHeaderLabels(headers)
        fill(
            self.standards,
            [
                [
                    cell(r.label or r.milestone),
                    *([cell(r.group or NO_GROUP[key])] if key is not None else []),
                    cell(label_of(Track, r.track)),
                    cell(label_of(Priority, r.priority)),
                    cell(r.due),
                    cell(r.met_on_time),
                    cell(r.met_late),
                    cell(r.open_overdue),
                    cell(r.open_on_time),
                    cell(r.percent_met, percent_text(r.percent_met)),
                    target_cell(r),
                ]
                for r in data.rows
            ],
        )
        cal = self.app_ctx.calendar
        items = []
        for b in data.breaches:
            state = cell("Overdue" if b.met_at is None else "Met late")
            state.setIcon(state_icon(OVERDUE if b.met_at is None else MET_LATE))
            ref = cell(b.reference)
            ref.setData(Qt.ItemDataRole.UserRole, b.inquiry_id)
            items.append(
                [
                    ref,
                    cell(b.label),
                    cell(b.due_at, format_when(b.due_at, cal)),
                    cell(b.met_at, format_when(b.met_at, cal) if b.met_at else "not met"),
                    state,
                    cell(
                        data.users.get(b.assignee_id, "Unassigned")
                        if b.assignee_id
                        else "Unassigned"
                    ),
                ]
            )
        fill(self.breach_table, items)
        due = sum(r.due for r in data.rows)
        met = sum(r.met_on_time for r in data.rows)
        decided = sum(r.decided for r in data.rows)
        # Of the clocks already decided: one not yet due is neither met nor missed.
        share = percent_met(met, sum(r.met_late for r in data.rows),
                            sum(r.open_overdue for r in data.rows))  # fmt: skip
        overall = (
            f"{percent_text(share)} of the {decided:,} decided" if decided else "none decided yet"
        )
        more = (
            f" (the first {BREACH_LIMIT:,} are listed)"
            if len(data.breaches) >= BREACH_LIMIT
            else ""
        )
        waiting = ""
        if data.follow_ups_waiting:
            n = data.follow_ups_waiting
            waiting = (
                f" Not yet counted: {n:,} follow-up{'s' if n != 1 else ''} with the MCO due to "
                "start, which your login may not start (a liaison's desk or the alert service "
                "starts them); Refresh after that."
            )
        self.summary.setText(
            f"{data.start:%m/%d/%Y} to {data.end:%m/%d/%Y}: {due:,} clocks fell due, "
            f"{met:,} met on time ({overall}); {len(data.breaches):,} breaches{more}.{waiting}"
        )
        self.loaded.emit(data)

    def _activated(self, item: Any) -> None:
        ref = self.breach_table.item(item.row(), 0)
        inquiry_id = ref.data(Qt.ItemDataRole.UserRole) if ref is not None else None
        if inquiry_id is not None:
            self.openInquiry.emit(int(inquiry_id))


def target_cell(row: StandardRow) -> QTableWidgetItem:
    """The target and whether it is reached, in words and an icon (never colour alone)."""
    if row.target_percent is None:
        return cell(None, "")
    reached = row.target_reached
    words = {True: "reached", False: "not reached", None: "nothing decided yet"}[reached]
    item = cell(row.target_percent, f"{row.target_percent:g} % — {words}")
    if reached is not None:
        item.setIcon(state_icon(MET_ON_TIME if reached else OVERDUE))
    return item
