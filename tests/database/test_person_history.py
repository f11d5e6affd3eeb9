"""SPEC §11: one person's whole history, duplicates caught at intake, related inquiries
linked both ways, and the search across every inquiry."""

from __future__ import annotations

import pytest

from liaison_desk.db.engine import Database
from liaison_desk.domain import Priority, Role
from liaison_desk.errors import ValidationError
from liaison_desk.services import actions, person_history
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.queues import search
from tests.action_helpers import (
    actor_ctx,
    callback_request,
    entries,
    load,
    member_inquiry,
    provider_inquiry,
    run,
)
from tests.conftest import make_user


def test_a_members_history_across_queues_and_years_open_first(
    db: Database, ctx: ServiceContext
) -> None:
    old = member_inquiry(db, ctx, Priority.HIGH)
    with db.session() as s:
        actions.resolve(s, ctx, old, None, resolution="Refill approved.")
    ctx.clock.advance(__import__("datetime").timedelta(days=400))  # type: ignore[attr-defined]
    new = member_inquiry(db, ctx, Priority.ESCALATED)
    provider_inquiry(db, ctx)  # someone else
    with db.read_session() as s:
        rows = person_history.person_inquiries(s, ctx.actor, state_id="1234567a")
        assert [r.id for r in rows] == [new, old]  # open first
        assert [r.closed for r in rows] == [False, True]
        by_npi = person_history.person_inquiries(s, ctx.actor, npi="1234567893")
        assert len(by_npi) == 1 and by_npi[0].npi == "1234567893"
        with pytest.raises(ValidationError):
            person_history.person_inquiries(s, ctx.actor, state_id="nonsense")


def test_intake_finds_the_same_person_by_id_phone_or_name(
    db: Database, ctx: ServiceContext
) -> None:
    first = member_inquiry(db, ctx, member_name="María Nuñez")
    with db.read_session() as s:
        by_id = person_history.others_like(s, ctx.actor, state_id="1234567A")
        by_phone = person_history.others_like(s, ctx.actor, phone="(515) 555-0142")
        by_name = person_history.others_like(s, ctx.actor, name="maria nunez")
        nothing = person_history.others_like(s, ctx.actor, name="Zed", phone="bad")
    assert [r.id for r in by_id] == [r.id for r in by_phone] == [r.id for r in by_name] == [first]
    assert nothing == []


def test_related_inquiries_are_linked_both_ways_once(db: Database, ctx: ServiceContext) -> None:
    one = member_inquiry(db, ctx)
    two = member_inquiry(db, ctx, Priority.ESCALATED)
    assert run(db, person_history.link_related, ctx, two, one) is True
    assert run(db, person_history.link_related, ctx, one, two) is False  # already
    with db.read_session() as s:
        assert [r.id for r in person_history.related(s, ctx.actor, one)] == [two]
        assert [r.id for r in person_history.related(s, ctx.actor, two)] == [one]
    ref_one, ref_two = load(db, one).reference, load(db, two).reference
    assert [e.summary for e in entries(db, one, "note")] == [
        f"Related to {ref_two} (the same issue)"
    ]
    assert [e.summary for e in entries(db, two, "note")] == [
        f"Related to {ref_one} (the same issue)"
    ]


def test_the_search_across_everything_reads_descriptions_notes_and_folded_names(
    db: Database, ctx: ServiceContext
) -> None:
    iid = member_inquiry(db, ctx, member_name="Thi Nguyễn")
    with db.session() as s:
        actions.add_note(s, ctx, iid, None, text="Spoke with the pharmacist at Hy-Vee")
    with db.read_session() as s:
        for text in ("nguyen", "NGUYỄN", "inhaler refill", "hy-vee", "555-0142", "1234567a",
                     load(db, iid).reference):  # fmt: skip
            assert [r.id for r in search(s, text, actor=ctx.actor)] == [iid], text
        assert search(s, "nguyen hy-vee zzz", actor=ctx.actor) == []
    # A correction of the name: the search follows it (the database's own trigger).
    with db.session() as s:
        from liaison_desk.db.models import Inquiry

        inquiry = s.get(Inquiry, iid)
        assert inquiry is not None
        inquiry.member_name = "Thi Tran"
    with db.read_session() as s:
        assert [r.id for r in search(s, "tran", actor=ctx.actor)] == [iid]
        assert search(s, "nguyen", actor=ctx.actor) == []
        assert [r.id for r in search(s, "hy-vee", actor=ctx.actor)] == [iid]  # notes kept


def test_a_csr_finds_only_their_own_requests(db: Database, ctx: ServiceContext) -> None:
    csr = actor_ctx(ctx, make_user(db, "csr", Role.CSR, "Cy CSR"))
    mine = callback_request(db, csr, caller_name="Ann Nguyen")
    member_inquiry(db, ctx, member_name="Bo Nguyen")
    with db.read_session() as s:
        assert [r.id for r in search(s, "nguyen", actor=csr.actor)] == [mine]
        assert len(search(s, "nguyen", actor=ctx.actor)) == 2
