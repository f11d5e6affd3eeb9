"""Issue types and outcomes (issue 14): the admin's lists, checked at intake and resolution,
required where the admin says so, renamed without losing the import's spellings."""

from __future__ import annotations

import pytest

from liaison_desk.db.engine import Database
from liaison_desk.domain import Role
from liaison_desk.errors import PermissionDenied, ValidationError
from liaison_desk.services import choices
from liaison_desk.services.actions import reopen, resolve
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import as_role, load, member_inquiry, provider_inquiry, run


def _lists(db: Database) -> choices.ChoiceLists:
    with db.read_session() as s:
        return choices.lists(s)


def test_the_shipped_lists(db: Database) -> None:
    offered = _lists(db)
    assert offered.channels[0] == "Member Services mailbox"
    assert {"Prior authorization", "Transportation", "1095-A", "Consumer enrollment"} <= set(
        offered.categories
    )
    assert "Ride did not come" in offered.categories["Transportation"]
    assert {"Resolved by IME", "Resolved by MCO", "Withdrawn"} <= set(offered.outcomes)


def test_an_admin_edits_the_lists_and_nobody_else(db: Database, ctx: ServiceContext) -> None:
    admin = as_role(db, ctx, "admin1", Role.ADMIN, "Ada Admin")
    with pytest.raises(PermissionDenied):
        run(db, choices.add, ctx, "category", "Dental")
    dental = run(db, choices.add, admin, "category", "Dental").id
    run(db, choices.add, admin, "category", "Braces", parent_id=dental)
    with pytest.raises(ValidationError, match="already on the list"):
        run(db, choices.add, admin, "category", "dental")
    row = next(r for r in _rows(db) if r.name == "Dental")
    run(db, choices.update, admin, row.id, row.version, name="Dental care")
    offered = _lists(db)
    assert offered.categories["Dental care"] == ["Braces"]
    with db.read_session() as s:
        matcher = choices.ChoiceMatcher.load(s)
    assert matcher.issue_type("DENTAL") == ("Dental care", None)  # the old name still matches
    assert matcher.issue_type("Dental care - Braces") == ("Dental care", "Braces")
    assert matcher.issue_type("Prior Auth") == ("Prior authorization", None)
    assert matcher.issue_type("nothing like it") == (None, None)
    row = next(r for r in _rows(db) if r.name == "Dental care")
    run(db, choices.update, admin, row.id, row.version, active=False)
    assert "Dental care" not in _lists(db).categories


def _rows(db: Database) -> list[choices.ChoiceRow]:
    with db.read_session() as s:
        return choices.rows(s)


def test_chosen_at_intake_and_required_where_the_admin_says(
    db: Database, ctx: ServiceContext
) -> None:
    admin = as_role(db, ctx, "admin1", Role.ADMIN, "Ada Admin")
    run(db, choices.set_required, admin, category_tracks=["mco_member"],
        outcome_tracks=["mco_member"])  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        member_inquiry(db, ctx)
    assert caught.value.problems["category"] == "Choose the issue category."
    provider_inquiry(db, ctx)  # not required for providers
    from liaison_desk.services import intake
    from tests.action_helpers import mco_id

    data = intake.MemberIntake(
        source="CSR", member_name="Liam", caller_name="Mary", caller_phone="515-555-0142",
        enrolled_in_mco=True, priority=intake.Priority.HIGH, description="Inhaler refill.",
        mco_id=mco_id(db), category="Pharmacy", sub_category="Ride did not come",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        run(db, intake.create_member_inquiry, ctx, data)
    assert "not a sub-category of Pharmacy" in caught.value.problems["sub_category"]
    data.sub_category = "Prescription denied"
    iid = run(db, intake.create_member_inquiry, ctx, data).inquiry.id
    saved = load(db, iid)
    assert (saved.category, saved.sub_category) == ("Pharmacy", "Prescription denied")
    with pytest.raises(ValidationError) as caught:
        run(db, resolve, ctx, iid, None, resolution="Approved.")
    assert caught.value.problems["outcome"] == "Choose the outcome."
    with pytest.raises(ValidationError):
        run(db, resolve, ctx, iid, None, resolution="Approved.", outcome="Made up")
    run(db, resolve, ctx, iid, None, resolution="Approved.", outcome="Resolved by MCO")
    assert load(db, iid).outcome == "Resolved by MCO"
    run(db, reopen, ctx, iid, None, reason="The pharmacy refused again.")
    assert load(db, iid).outcome is None  # given again when it is resolved again


def test_queues_filter_by_category_and_search_finds_a_sender(
    db: Database, ctx: ServiceContext
) -> None:
    from sqlalchemy import update

    from liaison_desk.db.models import Inquiry
    from liaison_desk.services.queues import QueueFilter, QueueKey, load_queue, search
    from liaison_desk.services.queues.search import filter_condition
    from tests.action_helpers import email_inquiry

    ride = email_inquiry(db, ctx, category="Transportation", email="pat.k@example.org",
                         subject="Dialysis ride never came")  # fmt: skip
    member = member_inquiry(db, ctx)
    with db.session() as s:  # an imported row kept its category as the old log wrote it
        s.execute(update(Inquiry).where(Inquiry.id == member).values(category="Dental"))
    with db.read_session() as s:
        now = ctx.clock.now()
        rows = load_queue(s, QueueKey.ALL_OPEN, actor=ctx.actor, now=now).rows
        transport = QueueFilter(category="Transportation")
        assert [r.id for r in rows if transport.matches(r)] == [ride]
        from sqlalchemy import select

        in_sql = s.scalars(select(Inquiry.id).where(filter_condition(transport))).all()
        assert in_sql == [ride]
        # The offered categories: the list's, then what an inquiry carries besides.
        offered = choices.filter_categories(s)
        assert offered[0] == "Prior authorization" and offered[-1] == "Dental"
        # The sender's address and the subject are found, in the queue and everywhere.
        assert [r.id for r in rows if QueueFilter(text="pat.k@example").matches(r)] == [ride]
        assert [r.id for r in search(s, "never came", actor=ctx.actor)] == [ride]
        assert [r.id for r in search(s, "pat.k@example.org", actor=ctx.actor)] == [ride]
