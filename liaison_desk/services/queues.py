"""The work queues: what each one holds, how many items each has, and searching them.

Each queue is a SQL condition over ``inquiries`` (see :func:`queue_condition`). Loading returns
light :class:`QueueRow` values, not ORM objects: the client keeps thousands of them in memory
and sorts, filters and ticks their countdowns many times a second, so they must be cheap to
build and to read.

Searching and filtering exist twice, on purpose, with one meaning: :meth:`QueueFilter.matches`
runs in memory over the rows of an open queue (a few thousand, filtered as the person types),
and :func:`filter_condition` runs in SQL for the resolved queue, which is paged and never
loaded whole. The tests hold the two to the same results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import Session

from ..db.models import (
    Inquiry,
    Letter,
    Mco,
    Milestone,
    Policy,
    TimelineEntry,
    User,
    inquiry_mcos,
)
from ..domain import EntryKind, MilestoneKind, Priority, Role, Status, Track, subject_of
from ..text_clean import clean
from ..text_fold import fold_text
from .context import SYSTEM_ACTOR, Actor
from .permissions import visibility_filter

RESOLVED_PAGE = 200

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
# A CSR sees only the callbacks they requested: the escalation queues would be empty.
_WORKERS = frozenset(Role) - {Role.CSR}

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


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    id: int
    inquiry_id: int
    kind: str
    label: str
    started_at: datetime
    warn_at: datetime | None
    due_at: datetime
    met_at: datetime | None
    closed_reason: str | None
    policy_text: str = ""

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.closed_reason is None


@dataclass(slots=True)
class QueueRow:
    """One line of a queue, with what its countdown and its search need."""

    id: int
    reference: str
    track: str
    priority: str
    status: str
    closed: bool
    member_name: str | None
    member_state_id: str | None
    caller_name: str | None
    caller_phone: str | None
    provider_name: str | None
    npi: str | None
    contact_name: str | None
    contact_phone: str | None
    mco_ids: tuple[int, ...]
    mco_names: str
    assignee_id: int | None
    assignee_name: str
    received_at: datetime
    next_due_at: datetime | None
    resolved_at: datetime | None
    updated_at: datetime
    version: int
    # Running milestones, soonest due first (empty for resolved rows).
    milestones: tuple[MilestoneRow, ...] = ()
    search_text: str = field(default="", repr=False)
    search_digits: str = field(default="", repr=False)

    @property
    def subject(self) -> str:
        """Who the inquiry is about, as the queue shows it."""
        return subject_of(self.provider_name, self.member_name, self.caller_name)

    @property
    def lead_milestone(self) -> MilestoneRow | None:
        """The running milestone that falls due first: what "time left" counts down to."""
        return self.milestones[0] if self.milestones else None


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


_ROW_COLUMNS = (
    Inquiry.id,
    Inquiry.reference,
    Inquiry.track,
    Inquiry.priority,
    Inquiry.status,
    Inquiry.closed,
    Inquiry.member_name,
    Inquiry.member_state_id,
    Inquiry.caller_name,
    Inquiry.caller_phone,
    Inquiry.provider_name,
    Inquiry.npi,
    Inquiry.contact_name,
    Inquiry.contact_phone,
    Inquiry.mco_id,
    Inquiry.assignee_id,
    _raw(Inquiry.received_at),
    _raw(Inquiry.next_due_at),
    _raw(Inquiry.resolved_at),
    _raw(Inquiry.updated_at),
    Inquiry.version,
)

_NON_DIGIT = re.compile(r"\D+")


def _digits(text: str | None) -> str:
    return _NON_DIGIT.sub("", text) if text else ""


def _search_fields(row: QueueRow) -> tuple[str, str]:
    text = "\x1f".join(
        (
            row.reference,
            row.member_name or "",
            row.provider_name or "",
            row.caller_name or "",
            row.contact_name or "",
            row.member_state_id or "",
            row.npi or "",
        )
    )
    text = fold_text(text)
    digits = "\x1f".join(
        (
            _digits(row.reference),
            row.npi or "",
            _digits(row.caller_phone),
            _digits(row.contact_phone),
            _digits(row.member_state_id),
        )
    )
    return text, digits


@dataclass(frozen=True)
class Lookups:
    """Small reference tables the rows are decorated from (a handful of rows each)."""

    users: dict[int, str]
    mcos: dict[int, str]
    policy_texts: dict[int, str]

    @classmethod
    def load(cls, session: Session) -> Lookups:
        users = {i: name for i, name in session.execute(select(User.id, User.display_name))}
        mcos = {i: name for i, name in session.execute(select(Mco.id, Mco.short_name))}
        policies = {i: d for i, d in session.execute(select(Policy.id, Policy.description))}
        return cls(users=users, mcos=mcos, policy_texts=policies)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    # Resolved queue: where the next page starts, None when there is no more. Newest
    # resolved first: a keyset (resolved_at, id); sorted by a column: the row offset.
    next_after: tuple[datetime | None, int] | None = None
    next_offset: int | None = None


# What the resolved queue can be sorted by in the database (the whole queue, not the pages
# on screen): a column of the table, as an SQL expression.
RESOLVED_SORTS = (
    "reference",
    "track",
    "priority",
    "subject",
    "mco",
    "status",
    "assignee",
    "received",
    "next_due",
    "resolved",
)


def _sort_expression(name: str) -> Any:
    if name == "reference":
        return Inquiry.reference
    if name == "track":
        return Inquiry.track
    if name == "priority":
        return case((Inquiry.priority == str(Priority.HIGH), 0), else_=1)
    if name == "subject":
        return func.lower(func.coalesce(Inquiry.provider_name, Inquiry.member_name,
                                        Inquiry.caller_name, ""))  # fmt: skip
    if name == "mco":
        return select(func.lower(Mco.short_name)).where(Mco.id == Inquiry.mco_id).scalar_subquery()
    if name == "status":
        return Inquiry.status
    if name == "assignee":
        return (
            select(func.lower(User.display_name))
            .where(User.id == Inquiry.assignee_id)
            .scalar_subquery()
        )
    if name == "received":
        return Inquiry.received_at
    if name == "next_due":
        return Inquiry.next_due_at
    if name == "resolved":
        return Inquiry.resolved_at
    raise ValueError(f"the resolved queue cannot be sorted by {name!r}")


def _sorted_resolved_page(
    session: Session,
    filt: QueueFilter | None,
    sort: tuple[str, bool],
    offset: int,
    limit: int,
    seen: ColumnElement[bool],
) -> tuple[list[Any], int | None]:
    """One page of the closed inquiries in the order of one column (empty values last),
    then id; paged by offset, since any column may be the key."""
    name, descending = sort
    expr = _sort_expression(name)
    cond: ColumnElement[bool] = and_(Inquiry.closed == true(), seen)
    if filt is not None:
        cond = and_(cond, filter_condition(filt))
    order = expr.desc() if descending else expr.asc()
    tie = Inquiry.id.desc() if descending else Inquiry.id.asc()
    query = (
        select(*_ROW_COLUMNS)
        .where(cond)
        .order_by(case((expr.is_(None), 1), else_=0), order, tie)
        .offset(offset)
        .limit(limit + 1)
    )
    raw = list(session.execute(query).all())
    if len(raw) > limit:
        return raw[:limit], offset + limit
    return raw, None


def load_queue(
    session: Session,
    key: QueueKey,
    *,
    actor: Actor,
    now: datetime,
    filt: QueueFilter | None = None,
    after: tuple[datetime | None, int] | None = None,
    limit: int | None = None,
    lookups: Lookups | None = None,
    sort: tuple[str, bool] | None = None,
    offset: int = 0,
) -> QueuePage:
    """The rows of one queue.

    Open queues come whole (a few thousand rows at most), soonest due first; the client
    sorts and filters them in memory. The resolved queue comes a page at a time, newest
    resolved first, continuing ``after`` the last row of the previous page (keyset paging:
    page 400 costs what page 1 costs); ``filt`` is applied in SQL there. ``sort`` (one of
    :data:`RESOLVED_SORTS`, descending or not) orders the whole resolved queue by a column
    instead, paged by ``offset``.
    """
    lookups = lookups or Lookups.load(session)
    if QUEUE_BY_KEY[key].paged:
        seen, size = visibility_filter(actor), limit or RESOLVED_PAGE
        next_after: tuple[datetime | None, int] | None = None
        next_offset: int | None = None
        if sort is not None:
            raw, next_offset = _sorted_resolved_page(session, filt, sort, offset, size, seen)
        else:
            raw, next_after = _resolved_page(session, filt, after, size, seen)
        extra_mcos = _provider_mcos(session, key, actor, now, raw)
        rows = [_row_from(r, lookups, extra_mcos.get(r[0])) for r in raw]
        return QueuePage(rows=rows, next_after=next_after, next_offset=next_offset)
    stmt = (
        select(*_ROW_COLUMNS)
        .where(queue_condition(key, actor=actor, now=now))
        .order_by(Inquiry.next_due_at.asc().nulls_last(), Inquiry.id)
    )
    if filt is not None:
        stmt = stmt.where(filter_condition(filt))
    if limit is not None:
        stmt = stmt.limit(limit)
    found = session.execute(stmt).all()
    extra_mcos = _provider_mcos(session, key, actor, now, found)
    milestones = _open_milestones(session, key, actor, now, lookups)
    rows = [_row_from(r, lookups, extra_mcos.get(r[0]), milestones.get(r[0], ())) for r in found]
    return QueuePage(rows=rows)


def _resolved_page(
    session: Session,
    filt: QueueFilter | None,
    after: tuple[datetime | None, int] | None,
    limit: int,
    seen: ColumnElement[bool],
) -> tuple[list[Any], tuple[datetime | None, int] | None]:
    """One page of closed inquiries: resolved_at DESC, id DESC, then those without a
    resolution time (old imports), id DESC.

    Keyset paging on (resolved_at, id) with a row-value comparison, which both SQLite and
    PostgreSQL answer as one index range; nulls are kept out of that range and listed after
    it so no backend's NULL ordering is relied on.
    """
    if session.get_bind().dialect.name == "sqlite":
        # Without statistics SQLite answers `closed = 1` from the (closed, next_due_at) index
        # and then sorts 100,000 rows; the unary + keeps it on the resolved_at index, which
        # is already in page order (a page costs a millisecond).
        cond: ColumnElement[bool] = literal_column("+inquiries.closed") == 1
    else:
        cond = Inquiry.closed == true()
    # A CSR sees only the requests they made, resolved ones too.
    cond = and_(cond, seen)
    if filt is not None:
        cond = and_(cond, filter_condition(filt))
    raw: list[Any] = []
    if after is None or after[0] is not None:
        dated = select(*_ROW_COLUMNS).where(cond, Inquiry.resolved_at.is_not(None))
        if after is not None:
            dated = dated.where(tuple_(Inquiry.resolved_at, Inquiry.id) < after)
        dated = dated.order_by(Inquiry.resolved_at.desc(), Inquiry.id.desc()).limit(limit + 1)
        raw = list(session.execute(dated).all())
        if len(raw) > limit:
            last = raw[limit - 1]
            return raw[:limit], (_dt(last[18]), last[0])
    undated = select(*_ROW_COLUMNS).where(cond, Inquiry.resolved_at.is_(None))
    if after is not None and after[0] is None:
        undated = undated.where(Inquiry.id < after[1])
    room = limit - len(raw)
    raw += session.execute(undated.order_by(Inquiry.id.desc()).limit(room + 1)).all()
    if len(raw) > limit:
        return raw[:limit], (None, raw[limit - 1][0])
    return raw, None


def _row_from(
    r: Any,
    lookups: Lookups,
    mco_ids: tuple[int, ...] | None = None,
    milestones: tuple[MilestoneRow, ...] = (),
) -> QueueRow:
    """A row of ``_ROW_COLUMNS`` as a QueueRow."""
    if not mco_ids:
        mco_ids = (r[14],) if r[14] else ()
    row = QueueRow(
        id=r[0],
        reference=r[1],
        track=r[2],
        priority=r[3],
        status=r[4],
        closed=bool(r[5]),
        member_name=r[6],
        member_state_id=r[7],
        caller_name=r[8],
        caller_phone=r[9],
        provider_name=r[10],
        npi=r[11],
        contact_name=r[12],
        contact_phone=r[13],
        mco_ids=mco_ids,
        mco_names=", ".join(lookups.mcos.get(m, "?") for m in mco_ids),
        assignee_id=r[15],
        assignee_name=lookups.users.get(r[15], "") if r[15] else "",
        received_at=_dt(r[16]),
        next_due_at=_dt(r[17]),
        resolved_at=_dt(r[18]),
        updated_at=_dt(r[19]),
        version=r[20],
        milestones=milestones,
    )
    row.search_text, row.search_digits = _search_fields(row)
    return row


def _provider_mcos(
    session: Session,
    key: QueueKey,
    actor: Actor,
    now: datetime,
    raw: Sequence[Any],
) -> dict[int, tuple[int, ...]]:
    """All MCOs in question of the provider inquiries among the rows (a provider may name
    several; members have one, already on the row)."""
    provider_ids = [r[0] for r in raw if r[2] == Track.MCO_PROVIDER]
    if not provider_ids:
        return {}
    stmt = select(inquiry_mcos.c.inquiry_id, inquiry_mcos.c.mco_id)
    if QUEUE_BY_KEY[key].paged or len(provider_ids) <= 500:
        stmt = stmt.where(inquiry_mcos.c.inquiry_id.in_(provider_ids))
    else:
        stmt = stmt.where(
            inquiry_mcos.c.inquiry_id.in_(
                select(Inquiry.id).where(
                    queue_condition(key, actor=actor, now=now),
                    Inquiry.track == str(Track.MCO_PROVIDER),
                )
            )
        )
    found: dict[int, list[int]] = {}
    for inquiry_id, mco_id in session.execute(stmt.order_by(inquiry_mcos.c.mco_id)):
        found.setdefault(inquiry_id, []).append(mco_id)
    return {k: tuple(v) for k, v in found.items()}


_MILESTONE_COLUMNS = (
    Milestone.id,
    Milestone.inquiry_id,
    Milestone.kind,
    Milestone.label,
    _raw(Milestone.started_at),
    _raw(Milestone.warn_at),
    _raw(Milestone.due_at),
    _raw(Milestone.met_at),
    Milestone.closed_reason,
    Milestone.policy_id,
)


def _milestone_row(r: Any, policy_texts: dict[int, str]) -> MilestoneRow:
    return MilestoneRow(
        id=r[0],
        inquiry_id=r[1],
        kind=r[2],
        label=r[3],
        started_at=_dt(r[4]),
        warn_at=_dt(r[5]),
        due_at=_dt(r[6]),
        met_at=_dt(r[7]),
        closed_reason=r[8],
        policy_text=policy_texts.get(r[9], "") if r[9] is not None else "",
    )


def _open_milestones(
    session: Session, key: QueueKey, actor: Actor, now: datetime, lookups: Lookups
) -> dict[int, tuple[MilestoneRow, ...]]:
    stmt = (
        select(*_MILESTONE_COLUMNS)
        .where(
            _open_milestone(),
            Milestone.inquiry_id.in_(
                select(Inquiry.id).where(queue_condition(key, actor=actor, now=now))
            ),
        )
        .order_by(Milestone.inquiry_id, Milestone.due_at, Milestone.id)
    )
    found: dict[int, list[MilestoneRow]] = {}
    for r in session.execute(stmt):
        found.setdefault(r[1], []).append(_milestone_row(r, lookups.policy_texts))
    return {k: tuple(v) for k, v in found.items()}


# --------------------------------------------------------------------------- filter and search


UNASSIGNED = 0  # QueueFilter.assignee_id value meaning "nobody"

_DIGITS_ONLY = re.compile(r"^[\d\s()+.\-/]+$")


@dataclass(frozen=True)
class SearchTerm:
    text: str  # lower-cased
    digits: str  # non-empty: compared with phone numbers, NPIs, references, state IDs

    def matches(self, search_text: str, search_digits: str) -> bool:
        if self.digits:
            return self.digits in search_digits
        return self.text in search_text


def parse_search(text: str | None) -> tuple[SearchTerm, ...]:
    """What the search box holds, as terms that must all match.

    A query of digits and phone punctuation only ("(515) 555-0142", "1234567893",
    "261123-0004") is one term compared digit by digit; otherwise each word is a term, a
    word of digits again being compared digit by digit.
    """
    # A NUL or other control character typed or pasted into the box is not a search term.
    text = clean(text or "").replace("\n", " ").replace("\t", " ").strip()
    if not text:
        return ()
    if _DIGITS_ONLY.match(text):
        digits = _digits(text)
        if digits:
            return (SearchTerm(text=fold_text(text), digits=digits),)
    terms = []
    for word in fold_text(text).split():
        digits = _digits(word) if _DIGITS_ONLY.match(word) else ""
        terms.append(SearchTerm(text=word, digits=digits))
    return tuple(terms)


@dataclass(frozen=True)
class QueueFilter:
    """The filter bar and the search box."""

    priority: str | None = None
    track: str | None = None
    mco_id: int | None = None
    assignee_id: int | None = None  # UNASSIGNED for "nobody"
    status: str | None = None
    received_from: datetime | None = None  # inclusive
    received_until: datetime | None = None  # exclusive
    text: str = ""
    terms: tuple[SearchTerm, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", parse_search(self.text))

    @property
    def is_empty(self) -> bool:
        return self == QueueFilter()

    def matches(self, row: QueueRow) -> bool:
        if self.priority is not None and row.priority != self.priority:
            return False
        if self.track is not None and row.track != self.track:
            return False
        if self.status is not None and row.status != self.status:
            return False
        if self.mco_id is not None and self.mco_id not in row.mco_ids:
            return False
        if self.assignee_id is not None:
            wanted = None if self.assignee_id == UNASSIGNED else self.assignee_id
            if row.assignee_id != wanted:
                return False
        if self.received_from is not None and row.received_at < self.received_from:
            return False
        if self.received_until is not None and row.received_at >= self.received_until:
            return False
        text, digits = row.search_text, row.search_digits
        return all(term.matches(text, digits) for term in self.terms)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _digits_of(column: Any) -> Any:
    """The digits of a stored phone (E.164 "+15155550142") or reference ("261123-0004")."""
    return func.replace(func.replace(column, "+", ""), "-", "")


def filter_condition(filt: QueueFilter) -> ColumnElement[bool]:
    """:meth:`QueueFilter.matches` as SQL (for the paged resolved queue)."""
    conds: list[ColumnElement[bool]] = []
    if filt.priority is not None:
        conds.append(Inquiry.priority == filt.priority)
    if filt.track is not None:
        conds.append(Inquiry.track == filt.track)
    if filt.status is not None:
        conds.append(Inquiry.status == filt.status)
    if filt.mco_id is not None:
        conds.append(
            or_(
                Inquiry.mco_id == filt.mco_id,
                Inquiry.id.in_(
                    select(inquiry_mcos.c.inquiry_id).where(inquiry_mcos.c.mco_id == filt.mco_id)
                ),
            )
        )
    if filt.assignee_id is not None:
        if filt.assignee_id == UNASSIGNED:
            conds.append(Inquiry.assignee_id.is_(None))
        else:
            conds.append(Inquiry.assignee_id == filt.assignee_id)
    if filt.received_from is not None:
        conds.append(Inquiry.received_at >= filt.received_from)
    if filt.received_until is not None:
        conds.append(Inquiry.received_at < filt.received_until)
    text_columns = (
        Inquiry.reference,
        Inquiry.member_name,
        Inquiry.provider_name,
        Inquiry.caller_name,
        Inquiry.contact_name,
        Inquiry.member_state_id,
        Inquiry.npi,
    )
    for term in filt.terms:
        if term.digits:
            digits = _like(term.digits)
            conds.append(
                or_(
                    *(
                        _digits_of(col).like(digits, escape="\\")
                        for col in (
                            Inquiry.reference,
                            Inquiry.npi,
                            Inquiry.caller_phone,
                            Inquiry.contact_phone,
                            Inquiry.member_state_id,
                        )
                    )
                )
            )
        else:
            pattern = _like(term.text)  # folded already (parse_search)
            conds.append(
                or_(*(func.ld_fold(col).like(pattern, escape="\\") for col in text_columns))
            )
    return and_(*conds) if conds else true()


def search(
    session: Session, text: str, *, actor: Actor, limit: int = 50, include_closed: bool = True
) -> list[QueueRow]:
    """Find inquiries anywhere (open or closed) by reference, name, state ID, NPI or phone."""
    filt = QueueFilter(text=text)
    if not filt.terms:
        return []
    lookups = Lookups.load(session)
    stmt = select(*_ROW_COLUMNS).where(filter_condition(filt), visibility_filter(actor))
    if not include_closed:
        stmt = stmt.where(Inquiry.closed == false())
    stmt = stmt.order_by(Inquiry.closed, Inquiry.received_at.desc()).limit(limit)
    return [_row_from(r, lookups) for r in session.execute(stmt)]


# --------------------------------------------------------------------------- detail


@dataclass(frozen=True, slots=True)
class TimelineRow:
    id: int
    at: datetime
    recorded_at: datetime
    kind: str
    party: str | None
    channel: str | None
    outcome: str | None
    summary: str
    notes: str | None
    user_name: str
    letter_id: int | None = None


@dataclass(frozen=True)
class InquiryDetail:
    """Everything the detail pane shows about one inquiry."""

    row: QueueRow
    source: str
    description: str
    mailing_address: str | None
    mco_department: str | None
    mco_contact: str | None
    decision: str | None
    referred_at: datetime | None
    resolution: str | None
    approved_at: datetime | None
    created_by_name: str
    milestones: tuple[MilestoneRow, ...]  # all of them, running ones first
    timeline: tuple[TimelineRow, ...]  # newest first
    letter_count: int


def inquiry_detail(session: Session, inquiry_id: int) -> InquiryDetail | None:
    inquiry = session.get(Inquiry, inquiry_id)
    if inquiry is None:
        return None
    lookups = Lookups.load(session)
    mco_ids = tuple(m.id for m in inquiry.mcos) or ((inquiry.mco_id,) if inquiry.mco_id else ())
    row = QueueRow(
        id=inquiry.id,
        reference=inquiry.reference,
        track=inquiry.track,
        priority=inquiry.priority,
        status=inquiry.status,
        closed=inquiry.closed,
        member_name=inquiry.member_name,
        member_state_id=inquiry.member_state_id,
        caller_name=inquiry.caller_name,
        caller_phone=inquiry.caller_phone,
        provider_name=inquiry.provider_name,
        npi=inquiry.npi,
        contact_name=inquiry.contact_name,
        contact_phone=inquiry.contact_phone,
        mco_ids=mco_ids,
        mco_names=", ".join(lookups.mcos.get(m, "?") for m in mco_ids),
        assignee_id=inquiry.assignee_id,
        assignee_name=lookups.users.get(inquiry.assignee_id, "") if inquiry.assignee_id else "",
        received_at=inquiry.received_at,
        next_due_at=inquiry.next_due_at,
        resolved_at=inquiry.resolved_at,
        updated_at=inquiry.updated_at,
        version=inquiry.version,
    )
    milestone_rows = [
        MilestoneRow(
            id=m.id,
            inquiry_id=m.inquiry_id,
            kind=m.kind,
            label=m.label,
            started_at=m.started_at,
            warn_at=m.warn_at,
            due_at=m.due_at,
            met_at=m.met_at,
            closed_reason=m.closed_reason,
            policy_text=str((m.policy_snapshot or {}).get("description") or "")
            or (lookups.policy_texts.get(m.policy_id, "") if m.policy_id else ""),
        )
        for m in session.scalars(
            select(Milestone).where(Milestone.inquiry_id == inquiry_id).order_by(Milestone.id)
        )
    ]
    milestone_rows.sort(key=lambda m: (not m.is_open, m.due_at, m.id))
    row.milestones = tuple(m for m in milestone_rows if m.is_open)
    row.search_text, row.search_digits = _search_fields(row)
    entries = session.execute(
        select(
            TimelineEntry.id,
            TimelineEntry.at,
            TimelineEntry.recorded_at,
            TimelineEntry.kind,
            TimelineEntry.party,
            TimelineEntry.channel,
            TimelineEntry.outcome,
            TimelineEntry.summary,
            TimelineEntry.notes,
            TimelineEntry.user_id,
            TimelineEntry.letter_id,
        )
        .where(TimelineEntry.inquiry_id == inquiry_id)
        .order_by(TimelineEntry.at.desc(), TimelineEntry.id.desc())
    ).all()
    timeline = tuple(
        TimelineRow(
            id=e[0],
            at=e[1],
            recorded_at=e[2],
            kind=e[3],
            party=e[4],
            channel=e[5],
            outcome=e[6],
            summary=e[7] or "",
            notes=e[8],
            user_name=_system_name(e[3]) or (lookups.users.get(e[9], "") if e[9] else ""),
            letter_id=e[10],
        )
        for e in entries
    )
    return InquiryDetail(
        row=row,
        source=inquiry.source,
        description=inquiry.description or "",
        mailing_address=inquiry.mailing_address,
        mco_department=inquiry.mco_department,
        mco_contact=inquiry.mco_contact,
        decision=inquiry.decision,
        referred_at=inquiry.referred_at,
        resolution=inquiry.resolution,
        approved_at=inquiry.approved_at,
        created_by_name=lookups.users.get(inquiry.created_by_id, "")
        if inquiry.created_by_id
        else "",
        milestones=tuple(milestone_rows),
        timeline=timeline,
        letter_count=int(
            session.scalar(
                select(func.count()).select_from(Letter).where(Letter.inquiry_id == inquiry_id)
            )
            or 0
        ),
    )


# --------------------------------------------------------------------------- notifications


@dataclass(frozen=True, slots=True)
class WatchedMilestone:
    """A running milestone of an item the person is answerable for (notifications)."""

    milestone: MilestoneRow
    reference: str
    subject: str
    assignee_id: int | None


def _queue_tracks_for(role: Role) -> tuple[str, ...]:
    """Whose unassigned items also concern this person: their role's queue."""
    if role in (Role.UNIT_LEAD, Role.MSA_ESR):
        return (str(Track.IME_CALLBACK),)
    if role is Role.LIAISON:
        return (str(Track.MCO_MEMBER), str(Track.MCO_PROVIDER))
    return ()


def watched_milestones(session: Session, *, actor: Actor) -> list[WatchedMilestone]:
    """Running milestones of open items assigned to the person, or unassigned in their
    role's queue (callbacks for Unit Leads and MSA/ESRs, escalations for liaisons)."""
    mine: list[ColumnElement[bool]] = []
    if actor.user_id is not None:
        mine.append(Inquiry.assignee_id == actor.user_id)
    tracks = _queue_tracks_for(actor.role)
    if tracks:
        mine.append(
            and_(
                Inquiry.assignee_id.is_(None),
                Inquiry.track.in_(tracks),
                Inquiry.status.not_in(_NOT_APPROVED),
            )
        )
    if not mine:
        return []
    subject = func.coalesce(
        Inquiry.provider_name, Inquiry.member_name, Inquiry.caller_name, literal("")
    )
    stmt = (
        select(*_MILESTONE_COLUMNS, Inquiry.reference, subject, Inquiry.assignee_id)
        .join(Inquiry, Inquiry.id == Milestone.inquiry_id)
        .where(_open_milestone(), Inquiry.closed == false(), or_(*mine))
    )
    return [
        WatchedMilestone(
            milestone=_milestone_row(r, {}),
            reference=r[10],
            subject=r[11] or "",
            assignee_id=r[12],
        )
        for r in session.execute(stmt)
    ]


def distinct_assignees(session: Session) -> list[tuple[int, str]]:
    """People who can be filtered on: active users, by name."""
    return [
        (i, n)
        for i, n in session.execute(
            select(User.id, User.display_name)
            .where(User.active == true())
            .order_by(User.display_name)
        )
    ]


def active_mcos(session: Session) -> list[tuple[int, str]]:
    return [
        (i, n)
        for i, n in session.execute(select(Mco.id, Mco.name).order_by(Mco.active.desc(), Mco.name))
    ]


def _system_name(kind: str) -> str:
    """Clock events the app raises itself are said to come from it, not from a person (on
    PostgreSQL the row names the login whose session raised them: the server sets it)."""
    return SYSTEM_ACTOR.display_name if kind == EntryKind.MILESTONE else ""
