"""Shared set-up for the tests of working an inquiry, callbacks and letters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy import select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone, TimelineEntry
from liaison_desk.domain import Priority, Role
from liaison_desk.services import intake
from liaison_desk.services.context import Actor, ServiceContext
from tests.conftest import make_user

T = TypeVar("T")

ADDRESS = "1420 Grand Avenue, Apt. 3B\nWest Des Moines, IA 50265"


def as_role(db: Database, ctx: ServiceContext, login: str, role: Role, name: str) -> ServiceContext:
    return replace(ctx, actor=make_user(db, login, role, name))


def run(db: Database, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """One service call in its own committed transaction, as the client makes it."""
    with db.session() as session:
        return fn(session, *args, **kwargs)


def mco_id(db: Database, name: str = "Iowa Total Care") -> int:
    with db.read_session() as s:
        return s.scalars(select(Mco.id).where(Mco.name == name)).one()


def member_inquiry(
    db: Database,
    ctx: ServiceContext,
    priority: Priority = Priority.HIGH,
    *,
    member_name: str = "Liam O'Brien",
    mailing_address: str | None = ADDRESS,
) -> int:
    data = intake.MemberIntake(
        source="CSR",
        member_name=member_name,
        caller_name="Mary O'Brien",
        caller_phone="515-555-0142",
        enrolled_in_mco=True,
        priority=priority,
        description="Pharmacy refused the member's inhaler refill.",
        member_state_id="1234567A",
        mco_id=mco_id(db),
        mailing_address=mailing_address,
    )
    return run(db, intake.create_member_inquiry, ctx, data).inquiry.id


def provider_inquiry(db: Database, ctx: ServiceContext, priority: Priority = Priority.HIGH) -> int:
    data = intake.ProviderIntake(
        source="Provider",
        npi="1234567893",
        provider_name="Prairie Family Clinic",
        contact_name="Dana Nguyễn",
        contact_phone="(319) 555-0100",
        mco_ids=[mco_id(db, "Molina Healthcare of Iowa")],
        priority=priority,
        description="Claims denied for timely filing in error.",
    )
    return run(db, intake.create_provider_inquiry, ctx, data).inquiry.id


def callback_request(
    db: Database,
    csr: ServiceContext,
    *,
    caller_name: str = "Thi Nguyễn",
    mailing_address: str | None = None,
) -> int:
    data = intake.CallbackRequest(
        caller_name=caller_name,
        caller_phone="(515) 555-0199",
        question="Why was my son's Medicaid renewal denied?",
        member_name="Bao Nguyễn",
        member_state_id="7654321B",
        mailing_address=mailing_address,
    )
    return run(db, intake.create_callback_request, csr, data).inquiry.id


def load(db: Database, inquiry_id: int) -> Inquiry:
    with db.read_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        # Touch the relationships so they are usable after the session closes.
        _ = list(inquiry.milestones), list(inquiry.timeline), list(inquiry.letters)
        _ = inquiry.mco, inquiry.assignee, list(inquiry.mcos)
        s.expunge_all()  # read_session rolls back on exit, which would expire them
        return inquiry


def milestone(db: Database, inquiry_id: int, kind: str) -> Milestone:
    """The newest milestone of ``kind`` on the inquiry."""
    with db.read_session() as s:
        rows = list(
            s.scalars(
                select(Milestone)
                .where(Milestone.inquiry_id == inquiry_id, Milestone.kind == kind)
                .order_by(Milestone.id)
            )
        )
        s.expunge_all()
    assert rows, f"no {kind} milestone"
    return rows[-1]


def entries(db: Database, inquiry_id: int, kind: str | None = None) -> list[TimelineEntry]:
    with db.read_session() as s:
        stmt = select(TimelineEntry).where(TimelineEntry.inquiry_id == inquiry_id)
        if kind is not None:
            stmt = stmt.where(TimelineEntry.kind == kind)
        found = list(s.scalars(stmt.order_by(TimelineEntry.id)))
        s.expunge_all()
        return found


def actor_ctx(ctx: ServiceContext, actor: Actor) -> ServiceContext:
    return replace(ctx, actor=actor)


def email_inquiry(
    db: Database, ctx: ServiceContext, *, received_at: Any = None, email: str = "pat@example.org",
    **fields: Any,
) -> int:  # fmt: skip
    from liaison_desk.services import email_intake

    given: dict[str, Any] = {
        "channel": "Member Services mailbox",
        "sender_name": "Pat Kowalski",
        "subject": "Question about my ride",
        "description": "My ride to dialysis did not come on Tuesday.",
        "member_name": "Pat Kowalski",
    }
    given.update(fields)
    data = email_intake.EmailIntake(email=email, received_at=received_at, **given)
    return run(db, email_intake.create_email_inquiry, ctx, data).inquiry.id
