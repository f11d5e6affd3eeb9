"""Live countdowns: the window's one 1 Hz timer and what each countdown cell shows.

A tick is arithmetic only. Rows arrive from the database with their running milestones;
each second the tick assesses the milestones of the rows *visible* in each registered
table (a few dozen), compares with what the cell shows, and emits ``dataChanged`` for the
time-left column of the rows whose text, state or icon changed — the countdown texts have
minute resolution, so most ticks repaint nothing. Rows scrolled out of view are assessed
when they are painted again. The detail pane and the notifier listen to :attr:`ticked`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import Clock
from liaison_desk.milestones import (
    Assessment,
    MilestoneState,
    MilestoneView,
    assess,
    format_duration,
    format_when,
)
from liaison_desk.services.queues import MilestoneRow, QueueRow
from ui.qt import QObject, QTableView, Signal
from ui.widgets.timers import named_timer

RESOLVED = "resolved"  # a closed row: no clock, shown plainly
NO_CLOCK = "none"


@dataclass(frozen=True, slots=True)
class Cell:
    """What one time-left cell shows."""

    state: str  # a MilestoneState value, RESOLVED or NO_CLOCK
    text: str
    assessment: Assessment | None = None
    also: tuple[Assessment, ...] = ()  # the row's other running milestones (tooltip)
    note: str = ""

    @property
    def tooltip(self) -> str:
        if self.assessment is None:
            return self.note
        parts = [self.assessment.tooltip]
        for other in self.also:
            parts.append(f"Also running: {other.view.label} — {other.countdown}")
        return "\n\n".join(parts)

    @property
    def accessible(self) -> str:
        if self.assessment is None:
            return self.text
        return f"{self.assessment.state.label}: {self.text}"


def view_of(m: MilestoneRow) -> MilestoneView:
    return MilestoneView(
        kind=m.kind,
        label=m.label,
        due_at=m.due_at,
        warn_at=m.warn_at,
        met_at=m.met_at,
        closed_reason=m.closed_reason,
        description=m.policy_text,
        started_at=m.started_at,
        id=m.id,
    )


class Countdowns(QObject):
    """One per window: the 1 Hz timer, the current instant, and the cells' cache."""

    ticked = Signal(object)  # the new "now" (aware UTC)

    def __init__(
        self,
        clock: Clock,
        calendar: BusinessCalendar,
        parent: QObject,
        interval_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("countdowns")
        self.clock = clock
        self.calendar = calendar
        self.now: datetime = clock.now()
        self._tick_no = 0
        self._views: dict[int, tuple[MilestoneRow, MilestoneView]] = {}
        # row id -> (the row object, the tick it was assessed at, its cell)
        self._cells: dict[int, tuple[QueueRow, int, Cell]] = {}
        self._tables: list[tuple[QTableView, int, Callable[[int], QueueRow | None]]] = []
        self._resume_text: tuple[datetime, str] | None = None
        self.timer = named_timer(self, "countdownTimer", interval_ms, self.tick, precise=True)

    # ------------------------------------------------------------------ timer

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        """Move to the clock's current instant and repaint what changed on screen."""
        self.now = self.clock.now()
        self._tick_no += 1
        for view, column, row_at in self._tables:
            self._refresh_visible(view, column, row_at)
        self.ticked.emit(self.now)

    # ------------------------------------------------------------------ tables

    def watch_table(
        self, view: QTableView, column: int, row_at: Callable[[int], QueueRow | None]
    ) -> None:
        """Keep ``column`` of ``view`` ticking; ``row_at(view_row)`` gives the row shown there.

        The view's model must offer ``refresh_cells(first, last, column)`` (the queue proxy
        does), which emits ``dataChanged`` for that stretch of one column.
        """
        self._tables.append((view, column, row_at))

    def _refresh_visible(
        self, view: QTableView, column: int, row_at: Callable[[int], QueueRow | None]
    ) -> None:
        if not view.isVisible() or view.isColumnHidden(column):
            return
        model: Any = view.model()
        count = model.rowCount()
        if count == 0:
            return
        top = view.rowAt(0)
        if top < 0:
            return
        bottom = view.rowAt(view.viewport().height() - 1)
        if bottom < 0:
            bottom = count - 1
        first = last = -1
        for r in range(top, bottom + 1):
            row = row_at(r)
            if row is None:
                continue
            known = self._cells.get(row.id)
            fresh = self._compute(row)
            self._cells[row.id] = (row, self._tick_no, fresh)
            if known is None or known[0] is not row or _differs(known[2], fresh):
                if first < 0:
                    first = r
                last = r
            elif first >= 0:
                model.refresh_cells(first, last, column)
                first = last = -1
        if first >= 0:
            model.refresh_cells(first, last, column)

    # ------------------------------------------------------------------ cells

    def cell(self, row: QueueRow) -> Cell:
        """The time-left cell of ``row`` at the current tick (computed once per tick)."""
        known = self._cells.get(row.id)
        if known is not None and known[0] is row and known[1] == self._tick_no:
            return known[2]
        fresh = self._compute(row)
        self._cells[row.id] = (row, self._tick_no, fresh)
        return fresh

    def forget(self) -> None:
        """Drop cached cells and views (the rows were replaced)."""
        self._cells.clear()
        self._views.clear()

    def view(self, m: MilestoneRow) -> MilestoneView:
        known = self._views.get(m.id)
        if known is not None and known[0] is m:
            return known[1]
        made = view_of(m)
        self._views[m.id] = (m, made)
        return made

    def assess(self, m: MilestoneRow) -> Assessment:
        return assess(self.view(m), self.now, self.calendar)

    def _compute(self, row: QueueRow) -> Cell:
        if row.closed:
            if row.resolved_at is None:
                return Cell(RESOLVED, "resolved", note="Resolved")
            local = row.resolved_at.astimezone(self.calendar.timezone)
            when = format_when(row.resolved_at, self.calendar)
            return Cell(RESOLVED, f"resolved {local:%a %m/%d}", note=f"Resolved {when}")
        lead = row.lead_milestone
        if lead is None:
            return Cell(NO_CLOCK, "—", note="No response-time clock is running for this item.")
        a = self.assess(lead)
        also = tuple(self.assess(m) for m in row.milestones[1:])
        return Cell(str(a.state), self.text_of(a), a, also)

    def text_of(self, a: Assessment) -> str:
        """The countdown as the queue shows it: paused ones keep their time left in view."""
        if a.state is MilestoneState.PAUSED and a.seconds_left is not None:
            left = format_duration(a.seconds_left, self.calendar.hours_per_day)
            return f"{left} · resumes {self.resumes_at()}"
        return a.countdown

    def resumes_at(self) -> str:
        if self._resume_text is None or self._resume_text[0] != self.now:
            opening = self.calendar.next_open(self.now)
            soon = (opening - self.now).total_seconds() < 6 * 86400
            self._resume_text = (self.now, format_when(opening, self.calendar, with_date=not soon))
        return self._resume_text[1]


def _differs(a: Cell, b: Cell) -> bool:
    return a.text != b.text or a.state != b.state
