"""The tables. Editable rows carry ``version`` (optimistic locking); history tables are
append-only (timeline_entries, audit_entries), enforced by the services and, on PostgreSQL,
by grants."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import subject_of

# Re-exported: every table is reachable from here (and registered when this is imported).
from .alert_models import Absence as Absence
from .alert_models import AlertMark as AlertMark
from .alert_models import InquiryLink as InquiryLink
from .alert_models import Notice as Notice
from .base import Base, UTCDateTime, Versioned
from .choice_models import Choice as Choice
from .file_models import Attachment as Attachment
from .file_models import AttachmentChunk as AttachmentChunk


class User(Versioned, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Mco(Versioned, Base):
    __tablename__ = "mcos"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40))
    # Abbreviations and former names ("Amerigroup" is now Wellpoint Iowa), matched on import.
    synonyms: Mapped[list[str]] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    departments: Mapped[list[McoDepartment]] = relationship(
        back_populates="mco", order_by="McoDepartment.name"
    )


class McoDepartment(Versioned, Base):
    __tablename__ = "mco_departments"
    __table_args__ = (UniqueConstraint("mco_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mco_id: Mapped[int] = mapped_column(ForeignKey("mcos.id"))
    name: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    mco: Mapped[Mco] = relationship(back_populates="departments")


class Source(Versioned, Base):
    """Where an inquiry was received from ("Received From" in the legacy log)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    for_member: Mapped[bool] = mapped_column(Boolean, default=True)
    for_provider: Mapped[bool] = mapped_column(Boolean, default=True)
    synonyms: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


inquiry_mcos = Table(
    "inquiry_mcos",
    Base.metadata,
    Column("inquiry_id", ForeignKey("inquiries.id", ondelete="CASCADE"), primary_key=True),
    Column("mco_id", ForeignKey("mcos.id"), primary_key=True),
)


class Inquiry(Versioned, Base):
    __tablename__ = "inquiries"
    __table_args__ = (
        Index("ix_inquiries_open_due", "closed", "next_due_at"),
        Index("ix_inquiries_track_status", "track", "status"),
        Index("ix_inquiries_received_at", "received_at"),
        Index("ix_inquiries_resolved_at", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    track: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    # Denormalised from status so the open queue is one index range scan.
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    mco_id: Mapped[int | None] = mapped_column(ForeignKey("mcos.id"), index=True)
    mco_department: Mapped[str | None] = mapped_column(String(200))
    mco_contact: Mapped[str | None] = mapped_column(String(200))

    # Member and callback fields
    member_name: Mapped[str | None] = mapped_column(String(200), index=True)
    member_state_id: Mapped[str | None] = mapped_column(String(8), index=True)
    caller_name: Mapped[str | None] = mapped_column(String(200))
    caller_phone: Mapped[str | None] = mapped_column(String(40), index=True)
    mailing_address: Mapped[str | None] = mapped_column(Text)
    enrolled_in_mco: Mapped[bool | None] = mapped_column(Boolean)

    # Provider fields
    npi: Mapped[str | None] = mapped_column(String(10), index=True)
    provider_name: Mapped[str | None] = mapped_column(String(200), index=True)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40), index=True)

    # E-mail inquiries (issue 14): how it came in, who wrote, about what; phone optional.
    channel: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    subject: Mapped[str | None] = mapped_column(String(300))
    # The issue type (admin lists, kept as text) and the outcome given at resolution.
    category: Mapped[str | None] = mapped_column(String(200), index=True)
    sub_category: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(200))

    # An enrollment consideration case (seed 003): its kind, the participants (name and state
    # ID each), what is asked for (the new MCO or provider, the correct MCO choice), and each
    # step's result as the record and the queues read it (the timeline says who and when).
    consideration_kind: Mapped[str | None] = mapped_column(String(40))
    for_cause_reason: Mapped[str | None] = mapped_column(String(100))
    requested_change: Mapped[str | None] = mapped_column(String(300))
    participants: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    supervisor_requested: Mapped[bool | None] = mapped_column(Boolean)
    qc_result: Mapped[str | None] = mapped_column(String(10))
    monitor_result: Mapped[str | None] = mapped_column(String(20))
    monitor_reason: Mapped[str | None] = mapped_column(String(500))
    outreach_attempts: Mapped[int | None] = mapped_column(Integer)

    # Working state
    decision: Mapped[str | None] = mapped_column(String(10))
    referred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    callback_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Idempotent import: a fingerprint of the legacy row this inquiry came from.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    mco: Mapped[Mco | None] = relationship(foreign_keys=[mco_id])
    mcos: Mapped[list[Mco]] = relationship(secondary=inquiry_mcos, order_by="Mco.name")
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="inquiry", order_by="Milestone.due_at", cascade="all, delete-orphan"
    )
    timeline: Mapped[list[TimelineEntry]] = relationship(
        back_populates="inquiry", order_by="TimelineEntry.id", cascade="all, delete-orphan"
    )
    letters: Mapped[list[Letter]] = relationship(
        back_populates="inquiry", order_by="Letter.id", cascade="all, delete-orphan"
    )

    @property
    def subject_name(self) -> str:
        """Who the inquiry is about, as shown in the queue."""
        return subject_of(self.provider_name, self.member_name, self.caller_name)


class InquirySearch(Base):
    """What the search across every inquiry looks in (SPEC §11): an inquiry's names, IDs,
    reference, phone digits, description and timeline notes, folded ("María" → "maria"), one
    row per inquiry. Kept by the database's own triggers (migration 0011), whoever writes;
    on PostgreSQL a trigram index serves ``LIKE '%…%'``."""

    __tablename__ = "inquiry_search"
    __table_args__ = (
        Index(
            "ix_inquiry_search_trgm",
            "doc",
            postgresql_using="gin",
            postgresql_ops={"doc": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), primary_key=True
    )
    doc: Mapped[str] = mapped_column(Text, default="")


class Policy(Versioned, Base):
    """A response-time standard: one milestone for a track (and priority)."""

    __tablename__ = "policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    track: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str | None] = mapped_column(String(20))
    milestone: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    # "received" or "referral": which event starts the clock.
    starts_on: Mapped[str] = mapped_column(String(20))
    warn_amount: Mapped[float | None] = mapped_column(Float)
    warn_unit: Mapped[str | None] = mapped_column(String(20))
    due_amount: Mapped[float] = mapped_column(Float)
    due_unit: Mapped[str] = mapped_column(String(20))
    met_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    follow_up_on_miss: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The share of clocks that must be met on time (the e-mail standards' 95 %, 98 %, 100 %).
    target_percent: Mapped[float | None] = mapped_column(Float)
    # Where no warning is set: warn at this share of the clock's business time (SPEC §11).
    default_warn_percent: Mapped[float] = mapped_column(Float, default=75.0)


class Milestone(Versioned, Base):
    __tablename__ = "milestones"
    __table_args__ = (Index("ix_milestones_due_open", "met_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        ForeignKey("inquiries.id", ondelete="CASCADE"), index=True
    )
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("policies.id"))
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # None while running; "met", or "cancelled"/"superseded" when it no longer applies
    # (priority changed, inquiry resolved by IME before a referral ever happened).
    closed_reason: Mapped[str | None] = mapped_column(String(20))
    met_by_entry_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_entries.id"))
    # The policy's words and numbers at creation: a later policy edit must not move it.
    policy_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Which warn/due crossings have been announced, so a notification is raised once.
    notified: Mapped[str | None] = mapped_column(String(20))
    # The MCO a referral clock (and its follow-up) waits on: one clock per MCO referred.
    mco_id: Mapped[int | None] = mapped_column(ForeignKey("mcos.id"))

    inquiry: Mapped[Inquiry] = relationship(back_populates="milestones")
    mco: Mapped[Mco | None] = relationship()


class TimelineEntry(Base):
    """Append-only history of an inquiry: contacts, referrals, updates, changes."""

    __tablename__ = "timeline_entries"
    __table_args__ = (
        Index("ix_timeline_entries_inquiry", "inquiry_id", "at"),
        Index("uq_timeline_entries_chain", "inquiry_id", "chain_seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(30))
    party: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    # Set by the database as the row is inserted (db/chain.py): never by the app.
    chain_seq: Mapped[int | None] = mapped_column(Integer)
    chain_hash: Mapped[str | None] = mapped_column(String(64))

    inquiry: Mapped[Inquiry] = relationship(back_populates="timeline")
    user: Mapped[User | None] = relationship()


class Letter(Base):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    template_key: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    mailing_address: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)

    inquiry: Mapped[Inquiry] = relationship(back_populates="letters")


class AuditEntry(Base):
    """Append-only: who changed what, when."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_entity", "entity", "entity_id"),
        Index("uq_audit_entries_chain", "entity", "entity_id", "chain_seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(120))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Set by the database as the row is inserted (db/chain.py): never by the app.
    chain_seq: Mapped[int | None] = mapped_column(Integer)
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class ReferenceCounter(Base):
    """Last sequence number handed out per day for ``YYMMDD-NNNN`` references."""

    __tablename__ = "reference_counters"

    day: Mapped[str] = mapped_column(String(6), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class CalendarDay(Versioned, Base):
    """An admin's change to the business calendar: a closure or a worked holiday."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    # "closed" (weather, day after Thanksgiving) or "open" (office works a holiday).
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")


class AppSetting(Versioned, Base):
    """Team-wide settings kept in the database (business hours, timezone)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class ChangeMark(Base):
    """One row bumped on every committed change, so other clients can poll cheaply (SQLite)."""

    __tablename__ = "change_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InquiryView(Base):
    """Someone opened an inquiry (the HIPAA access report: who looked at a member's file).
    Insert-only; on PostgreSQL the server sets who and when."""

    __tablename__ = "inquiry_views"
    # No RETURNING on insert: the workers' logins may add rows but not read them.
    __table_args__ = (
        Index("ix_inquiry_views_inquiry_at", "inquiry_id", "at"),
        {"implicit_returning": False},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ServerLogin(Base):
    """A PostgreSQL login this database made (``user add``): the only logins the admins'
    functions may move or disable; another login is adopted only by the owner (``--adopt``)."""

    __tablename__ = "server_logins"

    login: Mapped[str] = mapped_column(String(63), primary_key=True)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QcAudit(Versioned, Base):
    """A quality-control audit (seed 000): a random sample of the inquiries of a period."""

    __tablename__ = "qc_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime())
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # How many inquiries the sample was drawn from, and the seed that drew it (the same
    # seed over the same population draws the same sample: the audit can be checked).
    population: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    ack_target_days: Mapped[int] = mapped_column(Integer)
    resolution_target_days: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[QcAuditItem]] = relationship(
        back_populates="audit", order_by="QcAuditItem.position", cascade="all, delete-orphan"
    )
    drawn_by: Mapped[User | None] = relationship()


class QcAuditItem(Versioned, Base):
    """One sampled inquiry: its turnaround (computed when drawn) and the auditor's scores."""

    __tablename__ = "qc_audit_items"
    __table_args__ = (UniqueConstraint("audit_id", "inquiry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    audit_id: Mapped[int] = mapped_column(
        ForeignKey("qc_audits.id", ondelete="CASCADE"), index=True
    )
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"))
    position: Mapped[int] = mapped_column(Integer)
    request_date: Mapped[date] = mapped_column(Date)
    ack_date: Mapped[date | None] = mapped_column(Date)
    ack_days: Mapped[int | None] = mapped_column(Integer)
    ack_met: Mapped[bool] = mapped_column(Boolean)
    resolution_date: Mapped[date | None] = mapped_column(Date)
    resolution_days: Mapped[int | None] = mapped_column(Integer)
    resolution_met: Mapped[bool] = mapped_column(Boolean)
    answered_correctly: Mapped[bool | None] = mapped_column(Boolean)
    professional: Mapped[bool | None] = mapped_column(Boolean)
    accurate: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str | None] = mapped_column(Text)
    scored_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    audit: Mapped[QcAudit] = relationship(back_populates="items")
    inquiry: Mapped[Inquiry] = relationship()

    @property
    def scored(self) -> bool:
        return None not in (self.answered_correctly, self.professional, self.accurate)

    @property
    def score(self) -> float | None:
        """Per cent of the three quality questions answered Yes (the audit tool's Score)."""
        if not self.scored:
            return None
        yes = sum(bool(v) for v in (self.answered_correctly, self.professional, self.accurate))
        return round(yes * 100 / 3, 1)
