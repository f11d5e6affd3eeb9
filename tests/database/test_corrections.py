"""Correcting an inquiry's details after saving: every intake field through the version
check, old and new values in the timeline and the audit, and the clocks worked out again
when the received time or the kind of inquiry changes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry
from liaison_desk.domain import Channel, EntryKind, Party, Role, Status, Track
from liaison_desk.errors import ConflictError, DomainError, PermissionDenied, ValidationError
from liaison_desk.milestones import CLOSED_SUPERSEDED, MilestoneState, assess
from liaison_desk.services import actions, callbacks
from liaison_desk.services.compliance import compliance_report
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.corrections import DetailsEdit, edit_details
from liaison_desk.services.permissions import Action
from liaison_desk.services.receipt import old_receipt_warning, previous_business_day_start
from tests.action_helpers import (
    as_role,
    callback_request,
    entries,
    load,
    mco_id,
    member_inquiry,
    provider_inquiry,
    run,
)
from tests.conftest import CHICAGO


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def correct(db: Database, ctx: ServiceContext, inquiry_id: int, **fields: object):
    version = load(db, inquiry_id).version
    return run(db, edit_details, ctx, inquiry_id, version, DetailsEdit(**fields))  # type: ignore[arg-type]


def contact(
    db: Database, ctx: ServiceContext, inquiry_id: int, when: datetime | None = None
) -> None:
    run(
        db,
        actions.log_contact,
        ctx,
        inquiry_id,
        None,
        party=Party.MEMBER,
        channel=Channel.PHONE,
        outcome="reached",
        at=when,
    )


def test_names_phone_and_address_are_corrected_with_old_and_new_on_record(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    before = load(db, inquiry_id)

    outcome = correct(
        db,
        ctx,
        inquiry_id,
        member_name="Liam O’Brien-Walsh",
        caller_phone="515 555 0199 x 7",
        member_state_id="7654321b",
        mailing_address="12 Elm St\nAmes, IA 50010",
        mco_ids=[mco_id(db, "Molina Healthcare of Iowa")],
    )

    after = load(db, inquiry_id)
    assert after.member_name == "Liam O’Brien-Walsh"
    assert after.caller_phone == "+15155550199;ext=7"
    assert after.member_state_id == "7654321B"
    assert after.mailing_address == "12 Elm St\nAmes, IA 50010"
    assert [m.name for m in after.mcos] == ["Molina Healthcare of Iowa"]
    assert after.mco_id == mco_id(db, "Molina Healthcare of Iowa")
    assert outcome.version > before.version
    [entry] = entries(db, inquiry_id, EntryKind.CORRECTION)
    assert entry.user_id == ctx.actor.user_id
    assert entry.summary.endswith("Member name, State ID, Caller phone, MCO, Mailing address")
    assert "Member name: Liam O'Brien → Liam O’Brien-Walsh" in entry.notes
    assert "Caller phone: (515) 555-0142 → (515) 555-0199 x7" in entry.notes
    assert "MCO: Iowa Total Care → Molina Healthcare of Iowa" in entry.notes
    with db.read_session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "correct")).one()
        assert audit.entity_id == inquiry_id
        assert audit.changes["member_name"] == ["Liam O'Brien", "Liam O’Brien-Walsh"]
        assert audit.changes["caller_phone"] == ["+15155550142", "+15155550199;ext=7"]
    # Names and phones are not the clocks' business: nothing was replaced.
    assert all(m.closed_reason != CLOSED_SUPERSEDED for m in after.milestones)


def test_a_correction_checks_the_version_the_person_saw(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    seen = load(db, inquiry_id).version
    correct(db, ctx, inquiry_id, caller_name="Mary Walsh")
    with pytest.raises(ConflictError) as caught:
        run(db, edit_details, ctx, inquiry_id, seen, DetailsEdit(caller_name="Mary O'Brien-Walsh"))
    assert caught.value.theirs["caller_name"] == "Mary Walsh"
    assert caught.value.mine["caller_name"] == "Mary O'Brien-Walsh"
    assert load(db, inquiry_id).caller_name == "Mary Walsh"


def test_bad_values_are_refused_next_to_their_fields_and_nothing_is_changed(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = provider_inquiry(db, ctx)
    with pytest.raises(ValidationError) as caught:
        correct(
            db, ctx, inquiry_id, npi="1234567890", contact_phone="515-CALL-NOW", provider_name=" "
        )
    assert set(caught.value.problems) == {"npi", "contact_phone", "provider_name"}
    with pytest.raises(DomainError, match="no detail was changed"):
        correct(db, ctx, inquiry_id, provider_name="Prairie Family Clinic")
    assert load(db, inquiry_id).npi == "1234567893"
    assert not entries(db, inquiry_id, EntryKind.CORRECTION)


def test_an_earlier_received_time_moves_the_deadline_and_a_contact_becomes_late(
    db: Database, ctx: ServiceContext, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    inquiry_id = member_inquiry(db, ctx)  # High: contact the member within 4 business hours
    clock.set(at(23, 12))
    contact(db, ctx, inquiry_id)  # on time against Monday 9:00
    clock.set(at(23, 14))
    received = at(20, 15)  # it really came in on Friday afternoon

    correct(db, ctx, inquiry_id, received_at=received, reason="Faxed Friday, opened Monday")

    inquiry = load(db, inquiry_id)
    assert inquiry.received_at == received
    assert inquiry.reference.startswith("261123")  # quoted to the caller: never renumbered
    contact_clocks = [m for m in inquiry.milestones if m.kind == "contact_originator"]
    old = next(m for m in contact_clocks if m.closed_reason == CLOSED_SUPERSEDED)
    new = next(m for m in contact_clocks if m.closed_reason != CLOSED_SUPERSEDED)
    assert new.due_at == calendar.add_business_hours(received, 4)
    assert assess(old, clock.now(), calendar).state is MilestoneState.CANCELLED
    assert assess(new, clock.now(), calendar).state is MilestoneState.MET_LATE
    [entry] = entries(db, inquiry_id, EntryKind.CORRECTION)
    assert "Received: Mon Nov 23, 9:00 AM → Fri Nov 20, 3:00 PM" in entry.notes
    assert "Why: Faxed Friday, opened Monday" in entry.notes
    assert "worked out again from the corrected received time" in entry.notes
    assert "Replaced: Contact originator" in entry.notes
    # Compliance counts the corrected clock only: one met late, none on time.
    with db.read_session() as s:
        rows = compliance_report(s, calendar, clock.now(), date(2026, 11, 1), date(2026, 11, 30))
    row = next(r for r in rows if r.milestone == "contact_originator")
    assert (row.met_on_time, row.met_late) == (0, 1)


def test_the_received_time_is_checked(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    clock.set(at(23, 11))
    contact(db, ctx, inquiry_id, at(23, 10))  # logged afterwards
    with pytest.raises(ValidationError) as future:
        correct(db, ctx, inquiry_id, received_at=at(23, 12), reason="typo")
    assert "future" in future.value.problems["received_at"]
    with pytest.raises(ValidationError) as after_contact:
        correct(db, ctx, inquiry_id, received_at=at(23, 10, 30), reason="typo")
    assert "first thing done" in after_contact.value.problems["received_at"]
    with pytest.raises(ValidationError) as no_reason:
        correct(db, ctx, inquiry_id, received_at=at(23, 8, 30))
    assert set(no_reason.value.problems) == {"reason"}
    assert load(db, inquiry_id).received_at == at(23, 9)


def test_a_member_inquiry_that_was_about_a_provider_gets_the_provider_clocks(
    db: Database, ctx: ServiceContext, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    clock.set(at(23, 10))
    run(
        db,
        actions.refer_to_mco,
        ctx,
        inquiry_id,
        None,
        mco_id=mco_id(db),
        department="Member Services",
    )
    clock.set(at(23, 11))

    with pytest.raises(ValidationError) as missing:
        correct(db, ctx, inquiry_id, track=Track.MCO_PROVIDER, reason="A clinic called")
    assert {"npi", "contact_name", "contact_phone", "provider_name"} <= set(missing.value.problems)

    correct(
        db,
        ctx,
        inquiry_id,
        track=Track.MCO_PROVIDER,
        npi="1234567893",
        provider_name="Prairie Family Clinic",
        contact_name="Dana Whitfield",
        contact_phone="319-555-0100",
        source="Provider",
        reason="The clinic called, not the member",
    )

    inquiry = load(db, inquiry_id)
    assert inquiry.track == Track.MCO_PROVIDER
    running = {m.policy_snapshot["key"]: m for m in inquiry.milestones if m.closed_reason is None}
    assert set(running) == {"mco_provider.high.contact_provider", "mco_provider.high.mco_contact"}
    # The provider's MCO clock runs from the referral actually made, to the same MCO.
    mco_clock = running["mco_provider.high.mco_contact"]
    assert mco_clock.due_at == calendar.add_business_days(at(23, 10), 2)
    assert mco_clock.mco_id == mco_id(db)
    superseded = {
        m.policy_snapshot["key"] for m in inquiry.milestones if m.closed_reason == CLOSED_SUPERSEDED
    }
    assert superseded == {"mco_member.high.contact_originator", "mco_member.high.mco_contact"}
    [entry] = entries(db, inquiry_id, EntryKind.CORRECTION)
    assert "About: Member → Provider" in entry.notes
    assert "corrected kind of inquiry" in entry.notes


def test_a_callback_stays_a_callback(db: Database, ctx: ServiceContext) -> None:
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    inquiry_id = callback_request(db, csr)
    with pytest.raises(DomainError, match="stays a callback"):
        correct(db, csr, inquiry_id, track=Track.MCO_MEMBER, reason="x")


def test_a_resolved_inquiry_keeps_its_deadlines(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    run(
        db,
        actions.resolve,
        ctx,
        inquiry_id,
        load(db, inquiry_id).version,
        resolution="Refill approved.",
    )
    correct(db, ctx, inquiry_id, description="Pharmacy refused the inhaler refill (albuterol).")
    with pytest.raises(DomainError, match="reopen it"):
        correct(db, ctx, inquiry_id, received_at=at(23, 8), reason="typo")


def test_who_may_correct(db: Database, ctx: ServiceContext) -> None:
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    lead = as_role(db, ctx, "lead", Role.UNIT_LEAD, "Uma Lead")
    manager = as_role(db, ctx, "mgr", Role.MANAGER, "Max Manager")
    request_id = callback_request(db, csr)
    correct(db, csr, request_id, mailing_address="9 Oak St\nAmes, IA 50010")  # their own, pending
    assert load(db, request_id).mailing_address == "9 Oak St\nAmes, IA 50010"
    with pytest.raises(PermissionDenied):
        correct(db, ctx, request_id, caller_name="Someone")  # a liaison does not work callbacks
    run(db, callbacks.approve, lead, request_id, load(db, request_id).version)
    assert load(db, request_id).status == Status.OPEN
    with pytest.raises(PermissionDenied, match="approved"):
        correct(db, csr, request_id, caller_name="Thi Nguyen")
    correct(db, lead, request_id, caller_name="Thi Nguyen")
    with pytest.raises(PermissionDenied):
        correct(db, manager, member_inquiry(db, ctx), caller_name="Someone")


def test_the_action_is_offered_to_those_who_may_use_it(db: Database, ctx: ServiceContext) -> None:
    csr = as_role(db, ctx, "ccsr", Role.CSR, "Casey CSR")
    manager = as_role(db, ctx, "mgr", Role.MANAGER, "Max Manager")
    member_id = member_inquiry(db, ctx)
    request_id = callback_request(db, csr)
    with db.read_session() as s:
        member = actions.brief(s, ctx, member_id)
        request = actions.brief(s, csr, request_id)
    edit = Action.EDIT_DETAILS
    assert edit in actions.available_actions(ctx.actor, member)
    assert edit not in actions.available_actions(manager.actor, member)
    assert edit in actions.available_actions(csr.actor, request)
    assert edit not in actions.available_actions(ctx.actor, request)


def test_an_old_received_time_asks_for_confirmation_naming_the_late_clock(
    calendar: BusinessCalendar,
) -> None:
    monday = at(23, 9)
    # The previous business day of a Monday is the Friday; of the Monday after Thanksgiving
    # weekend (Thursday and Friday closed) it is the Wednesday.
    assert previous_business_day_start(calendar, monday) == at(20, 8)
    assert previous_business_day_start(calendar, at(30, 9)) == at(25, 8)
    assert old_receipt_warning(calendar, monday, at(20, 8)) is None
    warning = old_receipt_warning(
        calendar,
        monday,
        datetime(2026, 7, 21, 10, 0, tzinfo=CHICAGO),
        [("Contact member", at(20, 12)), ("MCO contact", at(24, 17))],
    )
    assert warning is not None
    assert "Contact member is already overdue" in warning
    assert "MCO contact" not in warning
    assert "business days ago" in warning
