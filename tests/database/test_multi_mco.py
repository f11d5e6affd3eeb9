"""A provider issue escalated to several MCOs: one MCO clock per MCO referred, met only by
that MCO's update, a follow-up per MCO that is late, and each one counted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone, TimelineEntry
from liaison_desk.domain import Channel, MilestoneKind
from liaison_desk.services import actions, clocks
from liaison_desk.services.actions import McoUpdate
from liaison_desk.services.compliance import compliance_report
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import mco_id, provider_inquiry, run
from tests.conftest import CHICAGO

ITC = "Iowa Total Care"
MOLINA = "Molina Healthcare of Iowa"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def mco_clocks(db: Database, inquiry_id: int, kind: str = "mco_contact") -> dict[str, Milestone]:
    with db.read_session() as s:
        found = {
            m.mco.name: m
            for m in s.scalars(
                select(Milestone).where(Milestone.inquiry_id == inquiry_id, Milestone.kind == kind)
            )
            if m.mco is not None
        }
        s.expunge_all()
        return found


def refer(db: Database, ctx: ServiceContext, inquiry_id: int, name: str) -> None:
    run(
        db,
        actions.refer_to_mco,
        ctx,
        inquiry_id,
        None,
        mco_id=mco_id(db, name),
        department="Provider Relations",
    )


def test_each_mco_referred_has_its_own_clock(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = provider_inquiry(db, ctx)  # filed under Molina
    clock.set(at(23, 10))
    refer(db, ctx, inquiry_id, MOLINA)
    clock.set(at(23, 11))
    refer(db, ctx, inquiry_id, ITC)
    found = mco_clocks(db, inquiry_id)
    assert sorted(found) == [ITC, MOLINA]
    with db.read_session() as s:
        itc_short = s.scalars(select(Mco.short_name).where(Mco.name == ITC)).one()
    assert found[ITC].label.endswith(f" — {itc_short}")
    assert found[ITC].started_at == at(23, 11) and found[MOLINA].started_at == at(23, 10)
    with db.read_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None and inquiry.mco is not None
        assert inquiry.mco.name == MOLINA  # the second referral does not move the inquiry
        assert sorted(m.name for m in inquiry.mcos) == [ITC, MOLINA]

    # Iowa Total Care reports contact: only its clock is met.
    clock.set(at(24, 9))
    run(
        db,
        actions.record_mco_update,
        ctx,
        inquiry_id,
        None,
        update=McoUpdate.CONTACTED,
        mco_id=mco_id(db, ITC),
    )
    found = mco_clocks(db, inquiry_id)
    assert found[ITC].met_at == at(24, 9)
    assert found[MOLINA].met_at is None

    # Molina is late: one follow-up, for Molina only.
    clock.set(at(30, 17, 30))
    with db.session() as s:
        raised = clocks.raise_follow_ups(s, ctx)
        assert [m.mco_id for m in raised] == [mco_id(db, MOLINA)]
    follow = mco_clocks(db, inquiry_id, MilestoneKind.FOLLOW_UP_MCO.value)
    assert list(follow) == [MOLINA]
    # The app raised it: the timeline names no person at the workstation.
    with db.read_session() as s:
        raised_by = s.scalars(
            select(TimelineEntry.user_id).where(
                TimelineEntry.inquiry_id == inquiry_id, TimelineEntry.kind == "milestone"
            )
        ).all()
    assert raised_by == [None]
    # Following up with Iowa Total Care does not meet Molina's follow-up.
    clock.set(at(30, 17, 40))
    run(
        db,
        actions.log_follow_up,
        ctx,
        inquiry_id,
        None,
        channel=Channel.PHONE,
        response="ITC confirmed again",
        mco_id=mco_id(db, ITC),
    )
    assert mco_clocks(db, inquiry_id, MilestoneKind.FOLLOW_UP_MCO.value)[MOLINA].met_at is None
    run(
        db,
        actions.log_follow_up,
        ctx,
        inquiry_id,
        None,
        channel=Channel.PHONE,
        response="Molina will call today",
        mco_id=mco_id(db, MOLINA),
    )
    assert mco_clocks(db, inquiry_id, MilestoneKind.FOLLOW_UP_MCO.value)[MOLINA].met_at is not None

    # Compliance counts both MCO clocks: one met on time, one overdue.
    with db.read_session() as s:
        rows = compliance_report(s, ctx.calendar, clock.now(), at(23, 0).date(), at(30, 0).date())
    row = next(r for r in rows if r.milestone == "mco_contact")
    assert (row.due, row.met_on_time, row.open_overdue) == (2, 1, 1)


def test_a_second_referral_to_the_same_mco_keeps_its_running_clock(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = provider_inquiry(db, ctx)
    refer(db, ctx, inquiry_id, MOLINA)
    clock.set(at(23, 15))
    refer(db, ctx, inquiry_id, MOLINA)
    assert list(mco_clocks(db, inquiry_id)) == [MOLINA]


def test_an_update_names_one_of_the_inquirys_mcos(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    import pytest

    from liaison_desk.errors import ValidationError

    inquiry_id = provider_inquiry(db, ctx)
    refer(db, ctx, inquiry_id, MOLINA)
    with pytest.raises(ValidationError, match="went to"):
        run(
            db,
            actions.record_mco_update,
            ctx,
            inquiry_id,
            None,
            update=McoUpdate.CONTACTED,
            mco_id=mco_id(db, "Wellpoint Iowa"),
        )
