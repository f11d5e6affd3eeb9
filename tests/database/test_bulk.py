"""SPEC §11: bulk work — each inquiry its own timeline entry and version check, one summary
of what could not be saved and why."""

from __future__ import annotations

from liaison_desk.db.engine import Database
from liaison_desk.domain import Priority, Role
from liaison_desk.services import bulk
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import entries, load, member_inquiry
from tests.conftest import make_user


def test_reassign_several_with_one_stale_and_one_refused(db: Database, ctx: ServiceContext) -> None:
    msa = make_user(db, "msa", Role.MSA_ESR, "Mo Analyst")
    ids = [member_inquiry(db, ctx) for _ in range(4)]
    seen = {i: load(db, i).version for i in ids}
    # Someone hands the second one to a colleague after the person selected it (a note in
    # between would not conflict: the version check looks at what this change touches).
    other = make_user(db, "lee2", Role.LIAISON, "Lee Other")
    bulk.reassign(db, ctx, [(ids[1], None)], other.user_id)  # type: ignore[arg-type]
    # The fourth is already the MSA's.
    bulk.reassign(db, ctx, [(ids[3], None)], msa.user_id)  # type: ignore[arg-type]
    seen[ids[3]] = load(db, ids[3]).version
    out = bulk.reassign(db, ctx, [(i, seen[i]) for i in ids], msa.user_id, "Covering")  # type: ignore[arg-type]
    refs = {i: load(db, i).reference for i in ids}
    assert out.saved == [refs[ids[0]], refs[ids[2]]]
    assert [r for r, _ in out.refused] == [refs[ids[1]], refs[ids[3]]]
    assert "someone else saved it" in dict(out.refused)[refs[ids[1]]]
    assert "already assigned to Mo Analyst" in dict(out.refused)[refs[ids[3]]]
    assert "2 saved; 2 could not be saved:" in out.summary()
    for i in (ids[0], ids[2]):
        assert load(db, i).assignee_id == msa.user_id
        assert len(entries(db, i, "assignment")) == 1
    assert load(db, ids[1]).assignee_id == other.user_id


def test_priority_and_note_for_several(db: Database, ctx: ServiceContext) -> None:
    ids = [member_inquiry(db, ctx, Priority.HIGH) for _ in range(3)]
    out = bulk.set_priority(db, ctx, [(i, None) for i in ids], Priority.ESCALATED, "Triage")
    assert len(out.saved) == 3 and not out.refused
    assert {load(db, i).priority for i in ids} == {"escalated"}
    out = bulk.note(db, ctx, [(i, None) for i in ids], "Called the MCO for all three")
    assert out.summary() == "3 saved."
    assert all(len(entries(db, i, "note")) == 1 for i in ids)
