"""What the export reads: three ordered cursors (inquiries, their timeline entries, their
milestones) over the chosen inquiries, merged by inquiry id so memory stays flat."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Select, Table, select

from ..db.models import Inquiry, Milestone, TimelineEntry

_INQ = cast(Table, Inquiry.__table__)
_ENT = cast(Table, TimelineEntry.__table__)
_MS = cast(Table, Milestone.__table__)

_INQ_COLS = (
    "id",
    "reference",
    "track",
    "priority",
    "status",
    "closed",
    "received_at",
    "source",
    "description",
    "assignee_id",
    "created_by_id",
    "mco_id",
    "mco_department",
    "member_name",
    "member_state_id",
    "caller_name",
    "caller_phone",
    "mailing_address",
    "npi",
    "provider_name",
    "contact_name",
    "contact_phone",
    "referred_at",
    "resolution",
    "resolved_at",
    "callback_completed_at",
    "next_due_at",
    "channel",
    "email",
    "subject",
    "category",
    "sub_category",
    "outcome",
    "consideration_kind",
    "for_cause_reason",
    "requested_change",
    "participants",
    "supervisor_requested",
    "qc_result",
    "monitor_result",
    "monitor_reason",
    "outreach_attempts",
)
_ENT_COLS = (
    "inquiry_id",
    "at",
    "kind",
    "party",
    "channel",
    "outcome",
    "summary",
    "notes",
    "user_id",
    "data",
)
_MS_COLS = (
    "inquiry_id", "kind", "label", "due_at", "warn_at", "met_at", "closed_reason", "mco_id"
)  # fmt: skip


def _filtered(status: str, inquiry_ids: Sequence[int] | None) -> Select[Any]:
    q = select(*(_INQ.c[c] for c in _INQ_COLS))
    if status == "open":
        q = q.where(_INQ.c.closed.is_(False))
    elif status == "resolved":
        q = q.where(_INQ.c.closed.is_(True))
    if inquiry_ids is not None:
        q = q.where(_INQ.c.id.in_(list(inquiry_ids)))
    return q


def _groups(rows: Iterator[Any]) -> Iterator[tuple[int, list[Any]]]:
    """Consecutive rows with the same first column (inquiry id), as (id, rows)."""
    for inquiry_id, group in groupby(rows, itemgetter(0)):
        yield inquiry_id, list(group)


class _Merge:
    """Hands out each inquiry's rows from a stream ordered by inquiry id."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self._it = _groups(rows)
        self._next: tuple[int, list[Any]] | None = next(self._it, None)

    def take(self, inquiry_id: int) -> list[Any]:
        while self._next is not None and self._next[0] < inquiry_id:
            self._next = next(self._it, None)
        if self._next is not None and self._next[0] == inquiry_id:
            rows = self._next[1]
            self._next = next(self._it, None)
            return rows
        return []
