"""Working an inquiry: each action's timeline entry, status, audit, clock effect and locking.

Runs on SQLite and (with LIAISON_DESK_TEST_DATABASE_URL) on PostgreSQL. The clock starts on
Monday 23 November 2026, 9:00 AM in Des Moines.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry, TimelineEntry, User
from liaison_desk.domain import (
    CallOutcome,
    Channel,
    Decision,
    EntryKind,
    MilestoneKind,
    Party,
    Priority,
    Role,
    Status,
)
from liaison_desk.errors import ConflictError, DomainError, PermissionDenied, ValidationError
from liaison_desk.services import actions, clocks
from liaison_desk.services.actions import McoUpdate
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import (
    as_role,
    callback_request,
    entries,
    load,
    mco_id,
    member_inquiry,
    milestone,
    provider_inquiry,
    run,
)
from tests.conftest import CHICAGO


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


def refer(db: Database, ctx: ServiceContext, inquiry_id: int) -> actions.ActionResult:
    version = load(db, inquiry_id).version
    return run(
        db,
        actions.refer_to_mco,
        ctx,
        inquiry_id,
        version,
        mco_id=mco_id(db),
        department="Pharmacy",
        contact_person="Pat Rivera",
        channel=Channel.EMAIL,
        notes="Sent the member's details and the pharmacy's refusal.",
    )


# ------------------------------------------------------------------------------ contacts


def test_logging_a_contact_meets_the_contact_clock_and_starts_the_work(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    clock.advance(timedelta(hours=1, minutes=30))
    result = run(
        db,
        actions.log_contact,
        ctx,
        inquiry_id,
        None,
        party=Party.MEMBER,
        channel=Channel.PHONE,
        outcome=CallOutcome.REACHED,
        notes="Mother confirmed the pharmacy and the date.",
    )

    inquiry = load(db, inquiry_id)
    assert result.status == inquiry.status == Status.IN_PROGRESS
    assert result.version == inquiry.version
    assert inquiry.updated_at == clock.now()
    entry = entries(db, inquiry_id, EntryKind.CONTACT)[-1]
    assert result.entry_id == entry.id
    assert entry.summary == "Phone contact with member / originator: reached"
    assert (entry.party, entry.channel, entry.outcome) == ("member", "phone", "reached")
    assert entry.notes == "Mother confirmed the pharmacy and the date."
    contact = milestone(db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR)
    assert contact.met_at == at(23, 10, 30)
    assert contact.met_by_entry_id == entry.id
    with db.read_session() as s:
        audit = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "contact", AuditEntry.entity_id == inquiry_id
            )
        ).one()
        assert audit.actor == "lliaison"
        assert audit.changes["status"] == ["open", "in_progress"]


def test_a_failed_call_is_logged_but_meets_no_clock(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    run(
        db,
        actions.log_contact,
        ctx,
        inquiry_id,
        party=Party.MEMBER,
        channel=Channel.PHONE,
        outcome=CallOutcome.VOICEMAIL,
    )
    assert entries(db, inquiry_id, EntryKind.CONTACT)[-1].summary.endswith("left voicemail")
    assert milestone(db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR).met_at is None


def test_a_contact_may_be_back_dated_but_not_future_dated(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    clock.advance(timedelta(hours=6))
    run(
        db,
        actions.log_contact,
        ctx,
        inquiry_id,
        party=Party.MEMBER,
        channel=Channel.EMAIL,
        outcome=actions.SENT,
        at=datetime(2026, 11, 23, 10, 15),  # naive: wall-clock time in Des Moines
    )
    assert milestone(db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR).met_at == at(23, 10, 15)
    with pytest.raises(ValidationError) as future:
        run(
            db,
            actions.log_contact,
            ctx,
            inquiry_id,
            party=Party.MEMBER,
            channel=Channel.EMAIL,
            outcome=actions.SENT,
            at=clock.now() + timedelta(minutes=5),
        )
    assert "future" in future.value.problems["at"]
    with pytest.raises(ValidationError, match="before the inquiry was received"):
        run(
            db,
            actions.log_contact,
            ctx,
            inquiry_id,
            party=Party.MEMBER,
            channel=Channel.EMAIL,
            outcome=actions.SENT,
            at=at(20, 9),
        )


def test_a_contact_outcome_must_fit_the_channel(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    with pytest.raises(ValidationError) as problem:
        run(
            db,
            actions.log_contact,
            ctx,
            inquiry_id,
            party=Party.MEMBER,
            channel=Channel.LETTER,
            outcome=CallOutcome.NO_ANSWER,
        )
    assert "outcome" in problem.value.problems
    assert actions.contact_outcomes(Channel.PHONE)["voicemail"] == "Left voicemail"
    assert set(actions.contact_outcomes(Channel.EMAIL)) == {"sent", "received"}


def test_a_provider_contact_meets_the_provider_clock(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = provider_inquiry(db, ctx)
    run(
        db,
        actions.log_contact,
        ctx,
        inquiry_id,
        party=Party.PROVIDER,
        channel=Channel.SECURE_MESSAGE,
        outcome=actions.RECEIVED,
    )
    assert milestone(db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR).met_at is not None
    entry = entries(db, inquiry_id, EntryKind.CONTACT)[-1]
    assert entry.summary == "Secure message contact with provider: reply received"


# ------------------------------------------------------------------------- MCO referral


def test_referral_starts_the_mco_clock_and_waits_for_the_mco(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    clock.set(at(23, 11))
    result = refer(db, ctx, inquiry_id)

    inquiry = load(db, inquiry_id)
    assert result.status == inquiry.status == Status.AWAITING_MCO
    assert inquiry.decision == Decision.SENT_TO_MCO
    assert inquiry.referred_at == at(23, 11)
    assert (inquiry.mco_department, inquiry.mco_contact) == ("Pharmacy", "Pat Rivera")
    entry = entries(db, inquiry_id, EntryKind.REFERRAL)[-1]
    assert entry.summary == "Referred to ITC Pharmacy (Pat Rivera)"
    assert entry.data["department"] == "Pharmacy"
    mco_clock = milestone(db, inquiry_id, MilestoneKind.MCO_CONTACT)
    assert mco_clock.started_at == at(23, 11)
    assert mco_clock.due_at == at(23, 17)  # High: end of the business day of the referral


def test_referral_needs_a_current_mco_and_a_department(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    version = load(db, inquiry_id).version
    with pytest.raises(ValidationError) as no_dept:
        run(db, actions.refer_to_mco, ctx, inquiry_id, version, mco_id=mco_id(db), department=" ")
    assert "department" in no_dept.value.problems
    former = mco_id(db, "AmeriHealth Caritas Iowa")
    with pytest.raises(ValidationError) as inactive:
        run(db, actions.refer_to_mco, ctx, inquiry_id, version, mco_id=former, department="Claims")
    assert "mco" in inactive.value.problems


def test_a_provider_referral_adds_the_mco_to_those_in_question(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = provider_inquiry(db, ctx)
    refer(db, ctx, inquiry_id)
    with db.read_session() as s:
        from liaison_desk.db.models import Inquiry

        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        assert {m.short_name for m in inquiry.mcos} == {"Molina", "ITC"}
        # It stays filed under its first MCO; each MCO referred has its own clock.
        assert inquiry.mco is not None and inquiry.mco.short_name == "Molina"


def test_a_stale_referral_is_refused_with_both_sides(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    seen = load(db, inquiry_id).version
    run(db, actions.record_decision, ctx, inquiry_id, seen, decision=Decision.RESOLVED_BY_IME)
    with pytest.raises(ConflictError) as conflict:
        run(
            db,
            actions.refer_to_mco,
            ctx,
            inquiry_id,
            seen,
            mco_id=mco_id(db),
            department="Pharmacy",
        )
    assert conflict.value.expected_version == seen
    assert conflict.value.current_version == load(db, inquiry_id).version
    assert conflict.value.theirs["decision"] == Decision.RESOLVED_BY_IME
    assert conflict.value.mine["decision"] == "mco"
    assert entries(db, inquiry_id, EntryKind.REFERRAL) == []


def test_a_callback_cannot_be_referred_to_an_mco(db: Database, ctx: ServiceContext) -> None:
    csr = as_role(db, ctx, "csr1", Role.CSR, "Casey CSR")
    inquiry_id = callback_request(db, csr)
    with pytest.raises(DomainError, match="supervisor callback"):
        run(
            db,
            actions.refer_to_mco,
            ctx,
            inquiry_id,
            None,
            mco_id=mco_id(db),
            department="Pharmacy",
        )


# ----------------------------------------------------------------- MCO updates, follow-up


def test_an_mco_update_saying_contact_was_made_meets_the_mco_clock(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    refer(db, ctx, inquiry_id)
    clock.set(at(23, 15, 40))
    result = run(
        db,
        actions.record_mco_update,
        ctx,
        inquiry_id,
        update=McoUpdate.CONTACTED,
        notes="ITC called the member; refill authorised.",
    )
    assert result.status == Status.AWAITING_MCO
    entry = entries(db, inquiry_id, EntryKind.MCO_UPDATE)[-1]
    assert entry.summary == "ITC contacted the member"
    assert entry.data["contacted"] is True
    assert milestone(db, inquiry_id, MilestoneKind.MCO_CONTACT).met_at == at(23, 15, 40)


def test_still_working_needs_words_and_meets_nothing(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    refer(db, ctx, inquiry_id)
    with pytest.raises(ValidationError) as problem:
        run(db, actions.record_mco_update, ctx, inquiry_id, update=McoUpdate.WORKING)
    assert "notes" in problem.value.problems
    run(
        db,
        actions.record_mco_update,
        ctx,
        inquiry_id,
        update=McoUpdate.WORKING,
        notes="Waiting on the pharmacy benefit manager.",
    )
    assert milestone(db, inquiry_id, MilestoneKind.MCO_CONTACT).met_at is None


def test_mco_resolved_counts_as_contact_and_can_be_followed_by_resolve(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = provider_inquiry(db, ctx)
    refer(db, ctx, inquiry_id)
    update = run(db, actions.record_mco_update, ctx, inquiry_id, update=McoUpdate.RESOLVED)
    assert entries(db, inquiry_id, EntryKind.MCO_UPDATE)[-1].summary == (
        "ITC reports the issue resolved"
    )
    assert milestone(db, inquiry_id, MilestoneKind.MCO_CONTACT).met_at is not None
    done = run(
        db,
        actions.resolve,
        ctx,
        inquiry_id,
        update.version,
        resolution="ITC reprocessed the claims.",
    )
    assert done.closed


def test_follow_up_needs_a_referral_then_meets_the_follow_up_clock(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    with pytest.raises(DomainError, match="not been referred"):
        run(
            db,
            actions.log_follow_up,
            ctx,
            inquiry_id,
            channel=Channel.PHONE,
            response="No answer",
        )
    refer(db, ctx, inquiry_id)
    clock.set(at(24, 9))  # the MCO missed the end-of-day deadline
    run(db, clocks.raise_follow_ups, ctx)
    follow = milestone(db, inquiry_id, MilestoneKind.FOLLOW_UP_MCO)
    assert follow.met_at is None
    clock.set(at(24, 10))
    result = run(
        db,
        actions.log_follow_up,
        ctx,
        inquiry_id,
        channel=Channel.PHONE,
        response="ITC will call the member today",
        notes="Spoke with Pat Rivera.",
    )
    entry = entries(db, inquiry_id, EntryKind.FOLLOW_UP)[-1]
    assert result.entry_id == entry.id
    assert entry.summary == "Followed up with ITC by phone: ITC will call the member today"
    assert milestone(db, inquiry_id, MilestoneKind.FOLLOW_UP_MCO).met_at == at(24, 10)


# ------------------------------------------------------------------ assignment, decision


def test_a_liaison_hands_an_escalated_contact_to_an_msa(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx, Priority.ESCALATED)
    msa = as_role(db, ctx, "msa1", Role.MSA_ESR, "Morgan Analyst")
    version = load(db, inquiry_id).version
    with db.read_session() as s:
        names = [u.display_name for u in actions.assignable_users(s, "mco_member")]
    assert "Morgan Analyst" in names and "Lee Liaison" in names
    result = run(
        db,
        actions.assign,
        ctx,
        inquiry_id,
        version,
        assignee_id=msa.actor.user_id,
        note="Please contact the member today.",
    )
    inquiry = load(db, inquiry_id)
    assert inquiry.assignee_id == msa.actor.user_id
    assert result.version == inquiry.version > version
    entry = entries(db, inquiry_id, EntryKind.ASSIGNMENT)[-1]
    assert entry.summary == "Assigned to Morgan Analyst (MSA/ESR), was Lee Liaison"
    assert entry.notes == "Please contact the member today."

    with pytest.raises(ValidationError, match="already assigned"):
        run(
            db,
            actions.assign,
            msa,
            inquiry_id,
            result.version,
            assignee_id=msa.actor.user_id,
        )
    with pytest.raises(ConflictError):
        run(db, actions.assign, ctx, inquiry_id, version, assignee_id=ctx.actor.user_id)


def test_only_people_who_work_inquiries_can_be_assigned(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    manager = as_role(db, ctx, "mgr", Role.MANAGER, "Max Manager")
    version = load(db, inquiry_id).version
    with pytest.raises(ValidationError, match="cannot work this inquiry"):
        run(db, actions.assign, ctx, inquiry_id, version, assignee_id=manager.actor.user_id)
    with db.session() as s:
        gone = User(login="gone", display_name="Gone", role="liaison", active=False)
        s.add(gone)
        s.flush()
        gone_id = gone.id
    with pytest.raises(ValidationError, match="still on the team"):
        run(db, actions.assign, ctx, inquiry_id, version, assignee_id=gone_id)


def test_a_liaison_cannot_be_handed_a_callback(db: Database, ctx: ServiceContext) -> None:
    lead = as_role(db, ctx, "lead", Role.UNIT_LEAD, "Jordan Ellis")
    csr = as_role(db, ctx, "csr1", Role.CSR, "Casey CSR")
    inquiry_id = callback_request(db, csr)
    with db.read_session() as s:
        names = [u.display_name for u in actions.assignable_users(s, "ime_callback")]
    assert names == ["Jordan Ellis"]
    with pytest.raises(ValidationError):
        run(db, actions.assign, lead, inquiry_id, None, assignee_id=ctx.actor.user_id)


def test_the_decision_is_recorded_once_and_starts_the_work(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx, Priority.ESCALATED)
    version = load(db, inquiry_id).version
    result = run(
        db,
        actions.record_decision,
        ctx,
        inquiry_id,
        version,
        decision=Decision.RESOLVED_BY_IME,
        note="Eligibility issue; IME can fix it.",
    )
    assert result.status == Status.IN_PROGRESS
    entry = entries(db, inquiry_id, EntryKind.DECISION)[-1]
    assert entry.summary == "Resolved by IME"
    assert load(db, inquiry_id).decision == "ime"
    with pytest.raises(ValidationError, match="already"):
        run(
            db,
            actions.record_decision,
            ctx,
            inquiry_id,
            result.version,
            decision=Decision.RESOLVED_BY_IME,
        )


# ------------------------------------------------------------------------------ priority


def test_changing_the_priority_needs_a_reason_and_moves_the_clock(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx, Priority.ESCALATED)
    version = load(db, inquiry_id).version
    assert milestone(db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR).due_at == at(24, 17)
    with pytest.raises(ValidationError) as no_reason:
        run(
            db,
            actions.change_priority,
            ctx,
            inquiry_id,
            version,
            priority=Priority.HIGH,
            reason="  ",
        )
    assert "reason" in no_reason.value.problems
    result = run(
        db,
        actions.change_priority,
        ctx,
        inquiry_id,
        version,
        priority=Priority.HIGH,
        reason="Member is out of medication today.",
    )
    inquiry = load(db, inquiry_id)
    assert inquiry.priority == Priority.HIGH
    assert result.version == inquiry.version
    entry = entries(db, inquiry_id, EntryKind.PRIORITY_CHANGE)[-1]
    assert result.entry_id == entry.id
    assert "Member is out of medication today." in entry.summary
    assert milestone(db, inquiry_id, MilestoneKind.CONTACT_ORIGINATOR).due_at == at(23, 13)
    with pytest.raises(ConflictError):
        run(
            db,
            actions.change_priority,
            ctx,
            inquiry_id,
            version,
            priority=Priority.ESCALATED,
            reason="Oops",
        )


def test_an_msa_cannot_change_the_priority(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    msa = as_role(db, ctx, "msa1", Role.MSA_ESR, "Morgan Analyst")
    with pytest.raises(PermissionDenied):
        run(
            db,
            actions.change_priority,
            msa,
            inquiry_id,
            None,
            priority=Priority.ESCALATED,
            reason="x",
        )


# ------------------------------------------------------------------- resolve and reopen


def test_resolve_needs_text_closes_the_inquiry_and_stops_the_clocks(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    refer(db, ctx, inquiry_id)
    version = load(db, inquiry_id).version
    with pytest.raises(ValidationError) as empty:
        run(db, actions.resolve, ctx, inquiry_id, version, resolution="\n ")
    assert "resolution" in empty.value.problems
    clock.set(at(23, 16))
    result = run(
        db,
        actions.resolve,
        ctx,
        inquiry_id,
        version,
        resolution="Refill authorised; member has the inhaler.",
    )
    inquiry = load(db, inquiry_id)
    assert (result.status, result.closed) == (Status.RESOLVED, True)
    assert inquiry.closed and inquiry.resolved_at == at(23, 16)
    assert inquiry.resolution == "Refill authorised; member has the inhaler."
    assert inquiry.next_due_at is None
    assert all(m.closed_reason is not None for m in inquiry.milestones)
    resolution = entries(db, inquiry_id, EntryKind.RESOLUTION)[-1]
    assert (resolution.summary, resolution.notes) == (inquiry.resolution, None)

    with pytest.raises(DomainError, match="already resolved"):
        run(db, actions.resolve, ctx, inquiry_id, result.version, resolution="Again")
    with pytest.raises(DomainError, match="reopen it"):
        run(
            db,
            actions.log_contact,
            ctx,
            inquiry_id,
            party=Party.MEMBER,
            channel=Channel.PHONE,
            outcome=CallOutcome.REACHED,
        )
    # History stays open: a note can still be added.
    note = run(db, actions.add_note, ctx, inquiry_id, text="Member called to say thanks.")
    assert note.closed and note.message == "Note added."
    assert entries(db, inquiry_id, EntryKind.NOTE)[-1].summary == "Member called to say thanks."


def test_reopen_needs_a_reason_and_puts_it_back_with_the_mco(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    refer(db, ctx, inquiry_id)
    version = load(db, inquiry_id).version
    clock.set(at(23, 14))
    resolved = run(db, actions.resolve, ctx, inquiry_id, version, resolution="Done.")
    with pytest.raises(ValidationError):
        run(db, actions.reopen, ctx, inquiry_id, resolved.version, reason="")
    clock.set(at(23, 15))
    result = run(
        db,
        actions.reopen,
        ctx,
        inquiry_id,
        resolved.version,
        reason="The pharmacy refused again.",
    )
    inquiry = load(db, inquiry_id)
    assert (result.status, result.closed) == (Status.AWAITING_MCO, False)
    assert inquiry.resolved_at is None and inquiry.resolution is None
    assert milestone(db, inquiry_id, MilestoneKind.MCO_CONTACT).closed_reason is None
    assert inquiry.next_due_at == at(23, 13)  # the breached contact clock is back too
    assert entries(db, inquiry_id, EntryKind.REOPEN)[-1].notes == "The pharmacy refused again."
    with pytest.raises(DomainError, match="not resolved"):
        run(db, actions.reopen, ctx, inquiry_id, result.version, reason="again")


def test_reopen_without_a_referral_goes_back_to_in_progress(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id = member_inquiry(db, ctx)
    version = load(db, inquiry_id).version
    done = run(db, actions.resolve, ctx, inquiry_id, version, resolution="Answered.")
    result = run(db, actions.reopen, ctx, inquiry_id, done.version, reason="Member disagrees.")
    assert result.status == Status.IN_PROGRESS


# ------------------------------------------------------------- permissions, history, notes


def test_roles_that_may_not_act_are_refused(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    manager = as_role(db, ctx, "mgr", Role.MANAGER, "Max Manager")
    csr = as_role(db, ctx, "csr1", Role.CSR, "Casey CSR")
    with pytest.raises(PermissionDenied, match="Managers cannot log a contact"):
        run(
            db,
            actions.log_contact,
            manager,
            inquiry_id,
            party=Party.MEMBER,
            channel=Channel.PHONE,
            outcome=CallOutcome.REACHED,
        )
    with pytest.raises(PermissionDenied, match="only work on the callback requests you made"):
        run(db, actions.add_note, csr, inquiry_id, text="hello")
    assert entries(db, inquiry_id, EntryKind.NOTE) == []


def test_a_note_needs_text_and_keeps_all_of_it(db: Database, ctx: ServiceContext) -> None:
    inquiry_id = member_inquiry(db, ctx)
    with pytest.raises(ValidationError):
        run(db, actions.add_note, ctx, inquiry_id, text="   ")
    run(db, actions.add_note, ctx, inquiry_id, text="  Pharmacy manager called back. ")
    short = entries(db, inquiry_id, EntryKind.NOTE)[-1]
    assert (short.summary, short.notes) == ("Pharmacy manager called back.", None)
    long = "Pharmacy manager says " + "the refill is blocked " * 10
    run(db, actions.add_note, ctx, inquiry_id, text=long)
    entry = entries(db, inquiry_id, EntryKind.NOTE)[-1]
    assert entry.notes == long.strip()
    assert len(entry.summary) <= 160 and entry.summary.endswith("…")
    run(db, actions.add_note, ctx, inquiry_id, text="First line.\nSecond line.")
    two = entries(db, inquiry_id, EntryKind.NOTE)[-1]
    assert (two.summary, two.notes) == ("First line.", "First line.\nSecond line.")


def test_history_only_grows(db: Database, ctx: ServiceContext, clock: ManualClock) -> None:
    """Every action appends; no earlier entry is ever changed."""
    inquiry_id = member_inquiry(db, ctx)
    msa = as_role(db, ctx, "msa1", Role.MSA_ESR, "Morgan Analyst")

    def snapshot() -> list[tuple[int, str, str, str | None]]:
        return [(e.id, e.kind, e.summary, e.notes) for e in entries(db, inquiry_id)]

    steps = [
        lambda v: run(
            db,
            actions.log_contact,
            ctx,
            inquiry_id,
            party=Party.MEMBER,
            channel=Channel.PHONE,
            outcome=CallOutcome.REACHED,
        ),
        lambda v: run(db, actions.assign, ctx, inquiry_id, v, assignee_id=msa.actor.user_id),
        lambda v: run(
            db, actions.record_decision, msa, inquiry_id, v, decision=Decision.SENT_TO_MCO
        ),
        lambda v: run(
            db, actions.refer_to_mco, msa, inquiry_id, v, mco_id=mco_id(db), department="Claims"
        ),
        lambda v: run(db, actions.record_mco_update, msa, inquiry_id, update=McoUpdate.CONTACTED),
        lambda v: run(db, actions.add_note, msa, inquiry_id, text="Waiting for ITC's answer."),
        lambda v: run(db, actions.resolve, msa, inquiry_id, v, resolution="Fixed by ITC."),
        lambda v: run(db, actions.reopen, ctx, inquiry_id, v, reason="Not fixed."),
    ]
    before = snapshot()
    version = load(db, inquiry_id).version
    for step in steps:
        clock.advance(timedelta(minutes=10))
        result = step(version)
        version = result.version
        after = snapshot()
        assert after[: len(before)] == before
        assert len(after) > len(before)
        before = after
    assert load(db, inquiry_id).version == version
    with db.read_session() as s:
        audits = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == inquiry_id)
        )
        recorded = s.scalars(
            select(TimelineEntry.recorded_at).where(TimelineEntry.inquiry_id == inquiry_id)
        ).all()
    assert audits is not None and audits >= len(steps) + 1
    assert all(r.tzinfo is not None and r <= clock.now().astimezone(UTC) for r in recorded)
