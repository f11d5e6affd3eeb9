"""The light rows a queue loads (not ORM objects: the client keeps thousands in memory and
sorts, filters and ticks them many times a second), and their running clocks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session

from ...db.models import (
    Inquiry,
    Mco,
    Milestone,
    Policy,
    User,
    inquiry_mcos,
)
from ...domain import Track, subject_of
from ...text_fold import fold_text
from ..context import Actor
from .definitions import QUEUE_BY_KEY, QueueKey, _dt, _open_milestone, _raw, queue_condition

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
    category: str | None = None
    sub_category: str | None = None
    email: str | None = None
    subject_line: str | None = None  # an e-mail's subject
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
    Inquiry.category,
    Inquiry.sub_category,
    Inquiry.email,
    Inquiry.subject,
)

_NON_DIGIT = re.compile(r"\D+")
_SEVERAL_MCOS = (str(Track.MCO_PROVIDER), str(Track.EMAIL))


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
            row.email or "",
            row.subject_line or "",
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
        category=r[21],
        sub_category=r[22],
        email=r[23],
        subject_line=r[24],
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
    # An e-mail may name several MCOs too (e-mail intake offers the provider's chooser).
    provider_ids = [r[0] for r in raw if r[2] in _SEVERAL_MCOS]
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
                    Inquiry.track.in_(_SEVERAL_MCOS),
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
