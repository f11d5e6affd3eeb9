"""The tables that make sure nobody misses a deadline (SPEC §11): each person's inbox of
announcements, the crossings already announced, who covers for whom while away, and the
links between inquiries about the same issue."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class Notice(Base):
    """One announcement to one person: a clock's warning or due time reached, a hand-off, an
    assignment, a callback request to approve. Insert-only but for ``read_at`` (the person)
    and ``mailed_at`` (the watch service); one row per person and event, so two workstations
    or a restart never announce the same thing twice."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("user_id", "event_key"),
        Index("ix_notices_user_read", "user_id", "read_at"),
        Index("ix_notices_mailed", "mailed_at"),
        # No RETURNING on insert: a login may announce to others but reads only its own.
        {"implicit_returning": False},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE")
    )
    # domain.NoticeKind
    kind: Mapped[str] = mapped_column(String(30))
    # What happened, the same for every person told ("clock:12:due", "assign:345").
    event_key: Mapped[str] = mapped_column(String(80))
    # When it happened (the crossing instant, the hand-off's save).
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who caused it (the person handing off); None for a clock.
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Set when it went to the person's cover: whose notice it would have been.
    for_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Reference numbers and what is due, never names or IDs: it goes into e-mail.
    summary: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AlertMark(Base):
    """A clock's warning or due crossing has been announced (stage "warn" or "due")."""

    __tablename__ = "alert_marks"

    milestone_id: Mapped[int] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(String(10), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class InquiryLink(Base):
    """Two inquiries about the same issue, linked from either side (seed 002: one issue taken
    to several places). Stored once, lower id first; shown on both."""

    __tablename__ = "inquiry_links"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        Index("ix_inquiry_links_second", "second_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Absence(Base):
    """A person away (first and last day, inclusive) and who covers: while away their new
    hand-offs and alerts go to the cover. Ended early by setting ``ended_at``."""

    __tablename__ = "absences"
    __table_args__ = (Index("ix_absences_user", "user_id", "last_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cover_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
