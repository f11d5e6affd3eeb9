"""Reference numbers: unique per day, and a counter set back can never stop intake."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from liaison_desk.db.engine import Database
from liaison_desk.db.models import ReferenceCounter
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.references import next_reference, take_block
from tests.action_helpers import load, member_inquiry


def test_a_counter_set_back_skips_the_numbers_already_used(
    db: Database, ctx: ServiceContext
) -> None:
    first, second = member_inquiry(db, ctx), member_inquiry(db, ctx)
    used = {load(db, first).reference, load(db, second).reference}
    assert used == {"261123-0001", "261123-0002"}
    with db.session() as s:  # a restore, a slip, a hostile UPDATE
        s.execute(update(ReferenceCounter).values(last_seq=0))
    third = member_inquiry(db, ctx)
    assert load(db, third).reference == "261123-0003"
    with db.session() as s:
        s.execute(update(ReferenceCounter).values(last_seq=1))
        last = take_block(s, "261123", 3)  # 2..4 would reuse 2 and 3: moved on to 5..7
        assert last == 7
        assert next_reference(s, date(2026, 11, 23)) == "261123-0008"
