"""Reports → Consideration cases (seed 003): over a period, by week or month, how many
enrollment consideration cases came in, QC found true and false, the State Monitors processed
or not, and how the supervisors' outreach ended."""

from __future__ import annotations

from datetime import date

from liaison_desk.services.consideration_report import (
    COLUMNS,
    ConsiderationReport,
    consideration_report,
)
from liaison_desk.services.context import ServiceContext, Session
from ui import ops
from ui.context import AppContext
from ui.qt import QComboBox, QFont, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from ui.reports.compliance_tab import periods
from ui.widgets.tables import cell, fill, table


class ConsiderationTab(QWidget):
    loaded = Signal(object)  # ConsiderationReport

    def __init__(self, app_ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app_ctx = app_ctx
        self.setObjectName("considerationTab")
        self.data: ConsiderationReport | None = None
        box = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = app_ctx.clock.now().astimezone(app_ctx.calendar.timezone).date()
        self.period = QComboBox(self)
        self.period.setObjectName("considerationPeriod")
        for label, start, end in periods(today):
            self.period.addItem(label, (start, end))
        caption = QLabel("&Period:", self)
        caption.setBuddy(self.period)
        self.by = QComboBox(self)
        self.by.setObjectName("considerationBy")
        self.by.addItem("By week", "week")
        self.by.addItem("By month", "month")
        by_caption = QLabel("&By:", self)
        by_caption.setBuddy(self.by)
        self.show_button = QPushButton("S&how", self)
        self.show_button.clicked.connect(lambda _c=False: self.load())
        for widget in (caption, self.period, by_caption, self.by, self.show_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        box.addLayout(bar)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.table = table(self, ("Period", *(label for _, label in COLUMNS)), "considerationTable")
        box.addWidget(self.table, 1)
        self.period.currentIndexChanged.connect(lambda _i: self.data is not None and self.load())
        self.by.currentIndexChanged.connect(lambda _i: self.data is not None and self.load())

    def load(self) -> None:
        start, end = self.period.currentData()
        by = self.by.currentData()
        self.summary.setText("Counting…")

        def work(s: Session, c: ServiceContext) -> ConsiderationReport:
            return consideration_report(s, c, start, end, by=by)

        ops.read(self, self.app_ctx, work, where="counting the consideration cases").done(
            self._show
        ).failed(lambda p: self.summary.setText(p.text)).start()

    def _show(self, data: ConsiderationReport) -> None:
        self.data = data
        rows = [
            [cell(line.label), *(cell(line.counts.get(k, 0)) for k, _ in COLUMNS)]
            for line in data.lines
        ]
        total = [cell("All"), *(cell(data.total.counts.get(k, 0)) for k, _ in COLUMNS)]
        bold = QFont(self.font())
        bold.setBold(True)
        for item in total:
            item.setFont(bold)
        fill(self.table, [*rows, total])
        t = data.total.counts
        self.summary.setText(
            f"{_day(data.start)} to {_day(data.end)}: {t['received']:,} received; QC found "
            f"{t['vetted_true']:,} true and {t['vetted_false']:,} false; the State Monitors "
            f"processed {t['processed']:,} and could not process {t['not_processed']:,}; "
            f"outreach reached {t['outreach_reached']:,}, {t['outreach_max']:,} closed after "
            "two attempts."
        )
        self.loaded.emit(data)


def _day(d: date) -> str:
    return f"{d:%m/%d/%Y}"
