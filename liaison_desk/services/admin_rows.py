"""What the Administration window lists: users, MCOs with their departments, sources — read
as plain rows (the window edits them through services.reference_admin)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Mco, Source, User
from . import policy_admin


@dataclass(frozen=True)
class UserRow:
    id: int
    version: int
    login: str
    display_name: str
    role: str
    title: str
    email: str
    active: bool


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    version: int
    name: str
    contact_name: str
    phone: str
    email: str
    active: bool


@dataclass(frozen=True)
class McoRow:
    id: int
    version: int
    name: str
    short_name: str
    synonyms: list[str]
    phone: str
    active: bool
    departments: list[DepartmentRow] = field(default_factory=list)


@dataclass(frozen=True)
class SourceRow:
    id: int
    version: int
    name: str
    for_member: bool
    for_provider: bool
    synonyms: list[str]
    active: bool


def user_rows(session: Session) -> list[UserRow]:
    return [
        UserRow(
            u.id,
            u.version,
            u.login,
            u.display_name,
            u.role,
            u.title or "",
            u.email or "",
            u.active,
        )
        for u in session.scalars(select(User).order_by(User.display_name))
    ]


def mco_rows(session: Session) -> list[McoRow]:
    return [
        McoRow(
            m.id,
            m.version,
            m.name,
            m.short_name,
            list(m.synonyms or []),
            m.phone or "",
            m.active,
            [
                DepartmentRow(
                    d.id,
                    d.version,
                    d.name,
                    d.contact_name or "",
                    d.phone or "",
                    d.email or "",
                    d.active,
                )
                for d in m.departments
            ],
        )
        for m in session.scalars(select(Mco).order_by(Mco.name))
    ]


def source_rows(session: Session) -> list[SourceRow]:
    return [
        SourceRow(
            x.id,
            x.version,
            x.name,
            x.for_member,
            x.for_provider,
            list(x.synonyms or []),
            x.active,
        )
        for x in session.scalars(select(Source).order_by(Source.id))
    ]


@dataclass(frozen=True)
class PolicyRow:
    id: int
    version: int
    key: str
    label: str
    description: str
    track: str
    priority: str | None
    milestone: str
    warn_amount: float | None
    warn_unit: str | None
    due_amount: float
    due_unit: str
    follow_up_on_miss: bool
    enabled: bool
    default_warn_percent: float


def policy_rows(session: Session) -> list[PolicyRow]:
    return [
        PolicyRow(
            p.id,
            p.version,
            p.key,
            p.label,
            p.description or "",
            p.track,
            p.priority,
            p.milestone,
            p.warn_amount,
            p.warn_unit,
            p.due_amount,
            p.due_unit,
            p.follow_up_on_miss,
            p.enabled,
            p.default_warn_percent,
        )
        for p in policy_admin.list_policies(session)
    ]
