"""SPEC §11: away with a cover — set by the person (or a Unit Lead), ended early, and the
cover gets the new hand-offs and alerts meanwhile."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from liaison_desk.db.engine import Database
from liaison_desk.domain import NoticeKind, Priority, Role
from liaison_desk.errors import PermissionDenied, ValidationError
from liaison_desk.services import absences
from liaison_desk.services.alerts import inbox, sweep
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import actor_ctx, member_inquiry, run
from tests.conftest import CHICAGO, make_user


def test_away_with_a_cover_gets_the_alerts_until_back(db: Database, ctx: ServiceContext) -> None:
    cover = make_user(db, "cat", Role.LIAISON, "Cat Cover")
    run(db, absences.set_away, ctx, cover_id=cover.user_id, first_day=date(2026, 11, 23),
        last_day=date(2026, 11, 27))  # fmt: skip
    with db.read_session() as s:
        mine = absences.away_status(s, ctx)
        theirs = absences.away_status(s, ctx, cover)
    assert mine.away is not None and mine.away.cover == "Cat Cover"
    assert [a.person for a in theirs.covering] == ["Lee Liaison"]
    member_inquiry(db, ctx, Priority.ESCALATED)  # the liaison's own item; it warns Tue 12:45
    ctx.clock.set(datetime(2026, 11, 24, 12, 50, tzinfo=CHICAGO))  # type: ignore[attr-defined]
    run(db, sweep.sweep_clocks, ctx)
    with db.read_session() as s:
        assert inbox.inbox(s, ctx.actor) == []
        got = inbox.inbox(s, cover)
    assert [(i.kind, i.for_whom) for i in got] == [(NoticeKind.WARN, "Lee Liaison")]
    # Back early: the next alert is the liaison's own again.
    assert mine.away is not None
    run(db, absences.end_away, ctx, mine.away.absence_id)
    ctx.clock.set(datetime(2026, 11, 24, 17, 2, tzinfo=CHICAGO))  # type: ignore[attr-defined]
    run(db, sweep.sweep_clocks, ctx)
    with db.read_session() as s:
        assert [i.kind for i in inbox.inbox(s, ctx.actor)] == [NoticeKind.DUE]
        assert absences.away_status(s, ctx).away is None


def test_only_a_lead_marks_someone_else_away_and_the_words_for_mistakes(
    db: Database, ctx: ServiceContext
) -> None:
    other = make_user(db, "bo", Role.LIAISON, "Bo Other")
    lead = actor_ctx(ctx, make_user(db, "uma", Role.UNIT_LEAD, "Uma Lead"))
    day = date(2026, 11, 23)
    with pytest.raises(PermissionDenied):
        run(db, absences.set_away, ctx, user_id=other.user_id, cover_id=ctx.actor.user_id,
            first_day=day, last_day=day)  # fmt: skip
    run(db, absences.set_away, lead, user_id=other.user_id, cover_id=ctx.actor.user_id,
        first_day=day, last_day=day)  # fmt: skip
    cases = (
        ((date(2026, 11, 25), date(2026, 11, 24)), "last_day", "on or after the first day"),
        ((date(2026, 11, 16), date(2026, 11, 20)), "last_day", "over already"),
    )
    for (first, last), field, words in cases:
        with pytest.raises(ValidationError) as err:
            run(db, absences.set_away, ctx, cover_id=other.user_id, first_day=first,
                last_day=last)  # fmt: skip
        assert words in err.value.problems[field]
    with pytest.raises(ValidationError) as err:
        run(db, absences.set_away, ctx, cover_id=ctx.actor.user_id, first_day=day, last_day=day)
    assert "cover" in err.value.problems
