"""Searching and filtering: :meth:`QueueFilter.matches` in memory over an open queue, and
:func:`filter_condition` in SQL for the paged resolved queue, with one meaning (the tests
hold the two to the same results)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from ...db.models import (
    Inquiry,
    InquirySearch,
    inquiry_mcos,
)
from ...text_clean import clean
from ...text_fold import fold_text
from ..context import Actor
from ..permissions import visibility_filter
from .rows import _ROW_COLUMNS, Lookups, QueueRow, _digits, _row_from

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
    category: str | None = None  # from the admin's list
    received_from: datetime | None = None  # inclusive
    received_until: datetime | None = None  # exclusive
    text: str = ""
    # Only these inquiries (a dashboard figure opened in the window).
    ids: frozenset[int] | None = None
    terms: tuple[SearchTerm, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", parse_search(self.text))

    @property
    def is_empty(self) -> bool:
        return self == QueueFilter()

    def matches(self, row: QueueRow) -> bool:
        if self.ids is not None and row.id not in self.ids:
            return False
        if self.priority is not None and row.priority != self.priority:
            return False
        if self.track is not None and row.track != self.track:
            return False
        if self.status is not None and row.status != self.status:
            return False
        if self.category is not None and row.category != self.category:
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
    if filt.ids is not None:
        conds.append(Inquiry.id.in_(sorted(filt.ids)) if filt.ids else false())
    if filt.priority is not None:
        conds.append(Inquiry.priority == filt.priority)
    if filt.track is not None:
        conds.append(Inquiry.track == filt.track)
    if filt.status is not None:
        conds.append(Inquiry.status == filt.status)
    if filt.category is not None:
        conds.append(Inquiry.category == filt.category)
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
        Inquiry.email,
        Inquiry.subject,
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


def open_first(
    session: Session,
    actor: Actor,
    *where: ColumnElement[bool],
    limit: int,
    in_search_doc: bool = False,
) -> list[QueueRow]:
    """The inquiries ``actor`` may see that meet ``where``: open first, then the newest. The
    order of every list of inquiries across queues (the search, a person's history)."""
    stmt = select(*_ROW_COLUMNS)
    if in_search_doc:
        stmt = stmt.join(InquirySearch, InquirySearch.inquiry_id == Inquiry.id)
    stmt = (
        stmt.where(*where, visibility_filter(actor))
        .order_by(Inquiry.closed, Inquiry.received_at.desc(), Inquiry.id.desc())
        .limit(limit)
    )
    lookups = Lookups.load(session)
    return [_row_from(r, lookups) for r in session.execute(stmt)]


def search(session: Session, text: str, *, actor: Actor, limit: int = 50) -> list[QueueRow]:
    """Every inquiry (open first, then the newest) whose reference, names, state ID, NPI,
    phone digits, description or timeline notes hold each word of ``text``: the search across
    everything (Ctrl+Shift+F). It reads ``inquiry_search``, the folded document the
    database's triggers keep, through PostgreSQL's trigram index where there is one."""
    terms = parse_search(text)
    if not terms:
        return []
    conds = [InquirySearch.doc.like(_like(term.digits or term.text), escape="\\") for term in terms]
    return open_first(session, actor, *conds, limit=limit, in_search_doc=True)
