"""The queue table's columns: their order, headers and tips, the data roles, the words for
track, priority and status, and how each column sorts (the same in memory and in SQL)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from liaison_desk.domain import Priority, Status, short_track_label
from liaison_desk.services.queues import QueueRow
from ui.qt import (
    QModelIndex,
    Qt,
)

_ROOT = QModelIndex()  # the invisible root, as a default argument

COL_REFERENCE = 0
COL_TRACK = 1
COL_PRIORITY = 2
COL_SUBJECT = 3
COL_MCO = 4
COL_STATUS = 5
COL_ASSIGNEE = 6
COL_RECEIVED = 7
COL_NEXT_DUE = 8
COL_TIME_LEFT = 9

# How the database sorts the resolved queue by each column (services.queues.RESOLVED_SORTS);
# on a resolved row the time-left column says when it was resolved.
SERVER_SORTS = {
    COL_REFERENCE: "reference",
    COL_TRACK: "track",
    COL_PRIORITY: "priority",
    COL_SUBJECT: "subject",
    COL_MCO: "mco",
    COL_STATUS: "status",
    COL_ASSIGNEE: "assignee",
    COL_RECEIVED: "received",
    COL_NEXT_DUE: "next_due",
    COL_TIME_LEFT: "resolved",
}

HEADERS = (
    "Reference",
    "Track",
    "Priority",
    "Member / provider",
    "MCO",
    "Status",
    "Assignee",
    "Received",
    "Next due",
    "Time left",
)
HEADER_TIPS = (
    "Reference number quoted to callers and on letters (YYMMDD-NNNN)",
    "Member escalation, provider escalation or supervisor callback",
    "High or Escalated",
    "Who the inquiry is about",
    "The MCO(s) in question",
    "Where the work stands",
    "Who is working it",
    "When it was received",
    "The earliest running due time",
    "Business time left on the earliest running clock (pauses outside office hours)",
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_ROLE = Qt.ItemDataRole.UserRole + 3

# What a countdown repaint changes: the sort/filter roles are not among them, so the proxy
# forwards these dataChanged signals without re-sorting or re-filtering.
TICK_ROLES = [
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    STATE_ROLE,
]

_PRIORITY_RANK = {str(Priority.HIGH): 0, str(Priority.ESCALATED): 1}
_STATUS_RANK = {str(s): i for i, s in enumerate(Status)}


def track_label(track: str) -> str:
    return short_track_label(track)


def priority_label(priority: str) -> str:
    try:
        return Priority(priority).label
    except ValueError:
        return priority


def status_label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:
        return status


def _sort_key(column: int) -> Callable[[QueueRow], Any]:
    """A typed key per column; None means "no value" and always sorts last."""
    if column == COL_REFERENCE:
        return lambda r: r.reference
    if column == COL_TRACK:
        return lambda r: track_label(r.track)
    if column == COL_PRIORITY:
        return lambda r: _PRIORITY_RANK.get(r.priority, 9)
    if column == COL_SUBJECT:
        return lambda r: r.subject.lower() or None
    if column == COL_MCO:
        return lambda r: r.mco_names.lower() or None
    if column == COL_STATUS:
        return lambda r: _STATUS_RANK.get(r.status, 99)
    if column == COL_ASSIGNEE:
        return lambda r: r.assignee_name.lower() or None
    if column == COL_RECEIVED:
        return lambda r: r.received_at
    if column == COL_NEXT_DUE:
        return lambda r: r.next_due_at
    if column == COL_TIME_LEFT:
        # Business time left orders exactly as the due instants do; resolved rows by when.
        def time_left(r: QueueRow) -> datetime | None:
            lead = r.lead_milestone
            return lead.due_at if lead is not None else r.resolved_at

        return time_left
    raise IndexError(column)


def sorted_rows(rows: Sequence[QueueRow], column: int, descending: bool) -> list[QueueRow]:
    """Rows ordered by one column (ties by reference), rows without a value last."""
    key = _sort_key(column)
    present: list[tuple[Any, str, QueueRow]] = []
    missing: list[QueueRow] = []
    for r in rows:
        k = key(r)
        if k is None:
            missing.append(r)
        else:
            present.append((k, r.reference, r))
    present.sort(key=lambda t: (t[0], t[1]), reverse=descending)
    return [t[2] for t in present] + sorted(missing, key=lambda r: r.reference)
