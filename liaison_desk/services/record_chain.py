"""Verifying the history's chain (issue 15, :mod:`liaison_desk.db.chain`): every timeline
and audit entry, chain by chain, in the order the database chained them.

An entry whose content was changed after it was written no longer matches its hash; a
deleted entry leaves a gap in the numbering and the next entry's hash points past it; an
entry written with the database's triggers switched off has no place in a chain at all. The
first such link is named (the inquiry's reference and the entry), and the check stops there.

The **fingerprint** is a hash of every chain's last entry: printed in a compliance packet, it
shows later that nothing before the packet was rewritten, even by someone who could
recompute a whole chain.
"""

from __future__ import annotations

import hashlib
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Result, Select, literal_column, select
from sqlalchemy.orm import Session

from ..db import chain
from ..db.models import AuditEntry, Inquiry, TimelineEntry
from .audit_trail import action_label

__all__ = ["BrokenLink", "ChainReport", "verify_chains"]

_NAMES = {chain.TIMELINE.table: "timeline entry", chain.AUDIT.table: "audit entry"}


@dataclass(frozen=True)
class BrokenLink:
    table: str
    entry_id: int
    seq: int | None
    subject: str  # "inquiry 261201-0003", "user 4"
    reference: str | None  # the inquiry's, when the chain is an inquiry's
    what: str  # an entry "was changed after it was written" …
    at: datetime | None
    kind: str

    def text(self, tz: ZoneInfo) -> str:
        when = self.at.astimezone(tz).strftime("%m/%d/%Y %I:%M %p") if self.at else "no time"
        place = f"no. {self.seq} of its chain" if self.seq else "no place in a chain"
        return (
            f"{self.subject}, {_NAMES.get(self.table, 'entry')} {self.entry_id} "
            f"({self.kind}, {when}; {place}): {self.what}"
        )


@dataclass(frozen=True)
class ChainReport:
    entries: int
    chains: int
    broken: BrokenLink | None
    fingerprint: str

    @property
    def ok(self) -> bool:
        return self.broken is None

    def text(self, tz: ZoneInfo) -> str:
        counted = f"{self.entries:,} entries in {self.chains:,} chains"
        if self.broken is None:
            return (
                f"The history verifies: {counted}, every link intact.\n"
                f"Fingerprint: {self.fingerprint}"
            )
        return f"The history does not verify. First broken link: {self.broken.text(tz)}."


def _rows(session: Session, chained: chain.Chained, scope: Select[Any] | None) -> Result[Any]:
    dialect = session.get_bind().dialect.name
    model: Any = TimelineEntry if chained is chain.TIMELINE else AuditEntry
    t = model.__table__.alias("t")
    kind = t.c.kind if chained is chain.TIMELINE else t.c.action
    keys = [t.c[c] for c in chained.key]
    query = select(
        t.c.id, *keys, t.c.chain_seq, t.c.chain_hash,
        literal_column(chain.content_sql(dialect, chained, "t")), t.c.at, kind,
    ).order_by(*keys, t.c.chain_seq, t.c.id)  # fmt: skip
    if scope is not None:
        if chained is chain.TIMELINE:
            query = query.where(t.c.inquiry_id.in_(scope))
        else:
            query = query.where(t.c.entity == "inquiry", t.c.entity_id.in_(scope))
    return session.execute(query.execution_options(yield_per=5000))


def _subject(
    session: Session, chained: chain.Chained, key: tuple[Any, ...]
) -> tuple[str, str | None]:
    inquiry_id = key[0] if chained is chain.TIMELINE else (key[1] if key[0] == "inquiry" else None)
    if inquiry_id is None:
        return f"{key[0]} {key[1] if key[1] is not None else ''}".strip(), None
    reference = session.scalar(select(Inquiry.reference).where(Inquiry.id == inquiry_id))
    if reference is None:
        return f"inquiry no. {inquiry_id} (no longer there)", None
    return f"inquiry {reference}", reference


def verify_chains(session: Session, *, scope: Select[Any] | None = None) -> ChainReport:
    """Check every chain (or those of the inquiries ``scope`` selects the ids of)."""
    walk = _Walk()
    for chained in chain.CHAINED:
        with closing(_rows(session, chained, scope)) as rows:
            found = walk.chain(chained, rows)
        if found is not None:
            entry_id, key, seq, at, kind, what = found
            subject, reference = _subject(session, chained, key)
            label = action_label(kind) if chained is chain.AUDIT else kind.replace("_", " ")
            broken = BrokenLink(chained.table, entry_id, seq, subject, reference, what, at, label)
            return ChainReport(walk.entries, len(walk.heads) + 1, broken, "")
    fingerprint = hashlib.sha256("\n".join(sorted(walk.heads)).encode("utf-8")).hexdigest()
    return ChainReport(walk.entries, len(walk.heads), None, fingerprint)


class _Walk:
    """The entries counted so far and the last link of each chain walked."""

    def __init__(self) -> None:
        self.entries = 0
        self.heads: list[str] = []

    def chain(self, chained: chain.Chained, rows: Result[Any]) -> tuple[Any, ...] | None:
        """Walk one table's chains; the first broken link's entry and what broke it."""
        width = len(chained.key)
        current: tuple[Any, ...] | None = None
        previous: str | None = None
        expected = 1
        for row in rows:
            entry_id, key = row[0], tuple(row[1 : 1 + width])
            seq, stored, content, at, kind = row[1 + width :]
            if key != current:
                if current is not None:
                    self.heads.append(f"{chained.table}|{current}|{expected - 1}|{previous}")
                current, previous, expected = key, None, 1
            self.entries += 1
            what = None
            if seq is None or stored is None:
                what = "it was written with the database's own checks switched off"
            elif seq != expected:
                gap = f"no. {expected}" if seq == expected + 1 else f"nos. {expected}–{seq - 1}"
                what = f"the entry before it ({gap} of the chain) was deleted"
            elif chain.digest(previous, content) != stored:
                what = "it, or the entry before it, was changed after it was written"
            if what is not None:
                return entry_id, key, seq, at, kind, what
            previous, expected = stored, expected + 1
        if current is not None:
            self.heads.append(f"{chained.table}|{current}|{expected - 1}|{previous}")
        return None
