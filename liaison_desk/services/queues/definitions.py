"""The queues: what each one holds (a SQL condition over ``inquiries``), who sees it, and
every queue's count in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    false,
    func,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from ...db.models import (
    Inquiry,
    Milestone,
)
from ...domain import MilestoneKind, Role, Status, Track
from ..context import Actor
from ..permissions import visibility_filter

# --------------------------------------------------------------------------- queue definitions


class QueueKey(StrEnum):
    MY_WORK = "my_work"
    MEMBER = "member"
    PROVIDER = "provider"
    CALLBACKS = "callbacks"
    PENDING_APPROVAL = "pending_approval"
    AWAITING_MCO = "awaiting_mco"
    FOLLOW_UP = "follow_up"
    OVERDUE = "overdue"
    # Enrollment consideration cases, a queue per step (seed 003).
    QC_VETTING = "qc_vetting"
    STATE_MONITOR = "state_monitor"
    OUTREACH = "outreach"
    ALL_OPEN = "all_open"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class QueueDef:
    key: QueueKey
    label: str
    description: str
    # None: everyone sees it; otherwise only these roles.
    roles: frozenset[Role] | None = None
    paged: bool = False
    # Shown indented under the queue before it (a view of the same work).
    nested: bool = False


_APPROVERS = frozenset({Role.UNIT_LEAD, Role.MANAGER, Role.ADMIN, Role.CSR})
# A CSR sees only what they took in, the QC team and the State Monitors only the consideration
# cases: the escalation queues would be empty for them.
_STEPS = frozenset({Role.QC_REVIEWER, Role.STATE_MONITOR})
_WORKERS = frozenset(Role) - {Role.CSR} - _STEPS
_OVERSIGHT = frozenset({Role.MANAGER, Role.ADMIN})

QUEUES: tuple[QueueDef, ...] = (
    QueueDef(QueueKey.MY_WORK, "My work", "Open items assigned to you", roles=_WORKERS),
    QueueDef(QueueKey.MEMBER, "Member", "Open MCO escalations: member services", roles=_WORKERS),
    QueueDef(
        QueueKey.PROVIDER, "Provider", "Open MCO escalations: provider services", roles=_WORKERS
    ),
    QueueDef(
        QueueKey.CALLBACKS,
        "Supervisor callbacks",
        "Approved supervisor callbacks, soonest due first",
        roles=frozenset(Role) - _STEPS,
    ),
    QueueDef(
        QueueKey.PENDING_APPROVAL,
        "Awaiting approval",
        "Callback requests from CSRs waiting for a Unit Lead, or sent back to the CSR",
        roles=_APPROVERS,
        nested=True,
    ),
    QueueDef(
        QueueKey.AWAITING_MCO,
        "Awaiting MCO",
        "Referred to the MCO, waiting for its update",
        roles=_WORKERS,
    ),
    QueueDef(
        QueueKey.FOLLOW_UP,
        "Follow-up due",
        "The MCO was late: follow up with the MCO",
        roles=_WORKERS,
    ),
    QueueDef(
        QueueKey.QC_VETTING,
        "QC vetting",
        "Enrollment consideration cases for QC to vet as true or false",
        roles=_OVERSIGHT | {Role.QC_REVIEWER},
    ),
    QueueDef(
        QueueKey.STATE_MONITOR,
        "State Monitor",
        "True consideration cases for the State Monitors to process in MMIS",
        roles=_OVERSIGHT | _STEPS,
    ),
    QueueDef(
        QueueKey.OUTREACH,
        "Outreach",
        "False or unprocessed consideration cases: the supervisor's two outreach attempts",
        roles=_OVERSIGHT | {Role.UNIT_LEAD, Role.QC_REVIEWER},
    ),
    QueueDef(QueueKey.OVERDUE, "Overdue", "Open items past a due time"),
    QueueDef(QueueKey.ALL_OPEN, "All open", "Every open item"),
    QueueDef(QueueKey.RESOLVED, "Resolved", "Closed items, newest first", paged=True),
)
QUEUE_BY_KEY = {q.key: q for q in QUEUES}


def queues_for(role: Role) -> list[QueueDef]:
    return [q for q in QUEUES if q.roles is None or role in q.roles]


def _open_milestone() -> ColumnElement[bool]:
    return and_(Milestone.met_at.is_(None), Milestone.closed_reason.is_(None))


def _follow_up_ids() -> Select[int]:
    # IN (subquery) rather than a correlated EXISTS: the subquery runs once over the open
    # milestones (index on met_at) instead of once per inquiry.
    return select(Milestone.inquiry_id).where(
        Milestone.kind == str(MilestoneKind.FOLLOW_UP_MCO), _open_milestone()
    )


_NOT_APPROVED = (str(Status.PENDING_APPROVAL), str(Status.SENT_BACK))
_STEP_STATUS = {
    QueueKey.QC_VETTING: Status.QC_VETTING,
    QueueKey.STATE_MONITOR: Status.STATE_MONITOR,
    QueueKey.OUTREACH: Status.OUTREACH,
}


def _open_extra(key: QueueKey, *, actor: Actor, now: datetime) -> ColumnElement[bool]:
    """What narrows the open items to an open queue."""
    user_id = actor.user_id
    if key == QueueKey.ALL_OPEN:
        return true()
    if key == QueueKey.MY_WORK:
        return Inquiry.assignee_id == user_id if user_id is not None else false()
    if key == QueueKey.MEMBER:
        return Inquiry.track == str(Track.MCO_MEMBER)
    if key == QueueKey.PROVIDER:
        return Inquiry.track == str(Track.MCO_PROVIDER)
    if key == QueueKey.CALLBACKS:
        return and_(Inquiry.track == str(Track.IME_CALLBACK), Inquiry.status.not_in(_NOT_APPROVED))
    if key == QueueKey.PENDING_APPROVAL:
        return and_(Inquiry.track == str(Track.IME_CALLBACK), Inquiry.status.in_(_NOT_APPROVED))
    if key == QueueKey.AWAITING_MCO:
        return Inquiry.status == str(Status.AWAITING_MCO)
    if key == QueueKey.FOLLOW_UP:
        return Inquiry.id.in_(_follow_up_ids())
    if key == QueueKey.OVERDUE:
        return Inquiry.next_due_at < now
    if key in _STEP_STATUS:
        return and_(
            Inquiry.track == str(Track.CONSIDERATION), Inquiry.status == str(_STEP_STATUS[key])
        )
    raise ValueError(f"{key!r} is not an open queue")


def queue_condition(key: QueueKey, *, actor: Actor, now: datetime) -> ColumnElement[bool]:
    """The WHERE clause of a queue, limited to what ``actor`` may see."""
    seen: ColumnElement[bool] = visibility_filter(actor)
    if key == QueueKey.RESOLVED:
        return and_(Inquiry.closed == true(), seen)
    return and_(Inquiry.closed == false(), seen, _open_extra(key, actor=actor, now=now))


@dataclass(frozen=True)
class QueueCounts:
    counts: dict[QueueKey, int]
    # The next instant an open item falls due: the Overdue count changes then without any
    # write to the database, so the client recounts at that moment.
    next_due_change: datetime | None

    def __getitem__(self, key: QueueKey) -> int:
        return self.counts.get(key, 0)


def count_queues(session: Session, *, actor: Actor, now: datetime) -> QueueCounts:
    """Every queue's count in one statement (one round trip to a remote server)."""

    def n(cond: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    open_keys = [k for k in QueueKey if k not in (QueueKey.RESOLVED, QueueKey.ALL_OPEN)]
    seen = visibility_filter(actor)
    # Its own FROM inquiries (no correlation with the outer one): SQL scoping makes the
    # inner names refer to the inner table.
    resolved = (
        select(func.count())
        .select_from(Inquiry)
        .where(Inquiry.closed == true(), seen)
        .correlate(None)
        .scalar_subquery()
    )
    columns: list[Any] = [
        func.count(),
        *(n(_open_extra(k, actor=actor, now=now)) for k in open_keys),
        func.min(case((Inquiry.next_due_at > now, Inquiry.next_due_at))),
        resolved,
    ]
    row = session.execute(select(*columns).where(Inquiry.closed == false(), seen)).one()
    counts = {QueueKey.ALL_OPEN: int(row[0])}
    for i, key in enumerate(open_keys, start=1):
        counts[key] = int(row[i])
    counts[QueueKey.RESOLVED] = int(row[-1])
    next_due = row[-2]
    return QueueCounts(counts=counts, next_due_change=_dt(next_due))


def _raw(column: Any) -> Any:
    """A datetime column read without SQLAlchemy's per-value conversion, which on SQLite
    parses each value with a regular expression and costs more than the whole query for a
    few thousand rows; :func:`_dt` does the same with ``fromisoformat`` (C code)."""
    return type_coerce(column, String()).label(column.key)


def _dt(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite: naive UTC text
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
