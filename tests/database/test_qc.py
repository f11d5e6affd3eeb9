"""QC audits (seed 000): the random sample, turnaround in business days, scoring, quarterly
averages and the audit workbook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, QcAuditItem
from liaison_desk.domain import Channel, Party, Priority, Role
from liaison_desk.errors import ConflictError, DomainError, PermissionDenied
from liaison_desk.services import actions, qc
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import as_role, member_inquiry, run

CHICAGO = ZoneInfo("America/Chicago")


@given(st.integers(min_value=0, max_value=5000))
def test_sample_size_follows_the_procedure(population: int) -> None:
    n = qc.sample_size(population)
    if population < 10:
        assert n == population  # everything there is
    else:
        assert 10 <= n <= 50
        assert n == min(50, max(10, -(-population // 10)))  # 10 % rounded up


def _resolved(
    db: Database,
    ctx: ServiceContext,
    clock: ManualClock,
    received: datetime,
    contacted: datetime | None,
    resolved: datetime,
    name: str,
) -> int:
    clock.set(received)
    inquiry_id = member_inquiry(db, ctx, Priority.ESCALATED, member_name=name)
    if contacted is not None:
        clock.set(contacted)
        run(
            db,
            actions.log_contact,
            ctx,
            inquiry_id,
            None,
            party=Party.MEMBER,
            channel=Channel.PHONE,
            outcome="reached",
        )
    clock.set(resolved)
    with db.read_session() as s:
        version = s.get(Inquiry, inquiry_id).version  # type: ignore[union-attr]
    run(db, actions.resolve, ctx, inquiry_id, version, resolution="Answered.")
    return inquiry_id


@pytest.fixture
def manager(db: Database, ctx: ServiceContext) -> ServiceContext:
    return as_role(db, ctx, "mmanager", Role.MANAGER, "Mia Manager")


def test_draw_works_out_the_turnaround_in_business_days(
    db: Database, ctx: ServiceContext, clock: ManualClock, manager: ServiceContext
) -> None:
    at = lambda d, h: datetime(2026, 10, d, h, tzinfo=CHICAGO)  # noqa: E731
    # Mon 5 Oct: contacted the same day, resolved Wed: 0 and 2 business days, both met.
    quick = _resolved(db, ctx, clock, at(5, 10), at(5, 11), at(7, 15), "Quick Member")
    # Fri 9 Oct after hours (deemed Mon 12, Columbus Day is no Iowa holiday): contacted Wed 14,
    # resolved Fri 16: 2 and 4 business days after the deemed receipt day, neither met.
    slow = _resolved(db, ctx, clock, at(9, 18), at(14, 9), at(16, 16), "Slow Member")
    # Never contacted by phone: the resolution is the first the member heard.
    silent = _resolved(db, ctx, clock, at(20, 9), None, at(21, 9), "Silent Member")
    # Outside the period, or still open: not in the population.
    _resolved(db, ctx, clock, datetime(2026, 11, 2, 9, tzinfo=CHICAGO), None,
              datetime(2026, 11, 2, 10, tzinfo=CHICAGO), "November Member")  # fmt: skip
    clock.set(at(22, 9))
    member_inquiry(db, ctx, member_name="Open Member")
    clock.set(datetime(2026, 11, 3, 9, tzinfo=CHICAGO))

    with db.session() as s:
        audit = qc.draw_audit(s, manager, date(2026, 10, 1), date(2026, 10, 31), seed=7)
        assert audit.population == 3 and len(audit.items) == 3  # fewer than 10: all of them
        items = {i.inquiry_id: i for i in audit.items}
        audit_id = audit.id
    q = items[quick]
    assert (q.request_date, q.ack_date, q.ack_days, q.ack_met) == (
        date(2026, 10, 5),
        date(2026, 10, 5),
        0,
        True,
    )
    assert (q.resolution_days, q.resolution_met) == (2, True)
    s_ = items[slow]
    assert (s_.request_date, s_.ack_days, s_.ack_met) == (date(2026, 10, 9), 2, False)
    assert (s_.resolution_days, s_.resolution_met) == (4, False)
    n = items[silent]
    assert n.ack_date is None and n.ack_met is False  # no contact with the member recorded
    assert (n.resolution_days, n.resolution_met) == (1, True)
    with db.read_session() as s:
        again = qc.get_audit(s, audit_id)
        assert [i.position for i in again.items] == [1, 2, 3]


def test_the_sample_is_random_reproducible_and_sized_by_the_procedure(
    db: Database, ctx: ServiceContext, clock: ManualClock, manager: ServiceContext
) -> None:
    start = datetime(2026, 9, 1, 9, tzinfo=CHICAGO)
    made = []
    for i in range(23):
        received = start + timedelta(days=i)
        made.append(
            _resolved(db, ctx, clock, received, None, received + timedelta(hours=2), f"M{i}")
        )
    clock.set(datetime(2026, 11, 3, 9, tzinfo=CHICAGO))
    with db.session() as s:
        a = qc.draw_audit(s, manager, date(2026, 9, 1), date(2026, 9, 30), seed=42)
        b = qc.draw_audit(s, manager, date(2026, 9, 1), date(2026, 9, 30), seed=42)
        c = qc.draw_audit(s, manager, date(2026, 9, 1), date(2026, 9, 30), seed=43)
        picked = [[i.inquiry_id for i in x.items] for x in (a, b, c)]
    assert len(picked[0]) == 10  # 23 resolved: 10 (more than 10 %)
    assert len(set(picked[0])) == 10 and set(picked[0]) <= set(made)
    assert picked[0] == picked[1]  # the stored seed draws the same sample again
    assert picked[0] != picked[2]


def test_scoring_summaries_and_quarterly_averages(
    db: Database, ctx: ServiceContext, clock: ManualClock, manager: ServiceContext
) -> None:
    at = lambda m, d, h: datetime(2026, m, d, h, tzinfo=CHICAGO)  # noqa: E731
    _resolved(db, ctx, clock, at(10, 5, 10), at(10, 5, 11), at(10, 6, 9), "A")
    _resolved(db, ctx, clock, at(10, 6, 10), at(10, 9, 11), at(10, 13, 9), "B")
    _resolved(db, ctx, clock, at(11, 2, 10), at(11, 2, 11), at(11, 3, 9), "C")
    clock.set(at(11, 20, 9))
    with db.session() as s:
        october = qc.draw_audit(s, manager, date(2026, 10, 1), date(2026, 10, 31), seed=1)
        november = qc.draw_audit(s, manager, date(2026, 11, 1), date(2026, 11, 30), seed=1)
        oct_items = [(i.id, i.version) for i in october.items]
        nov_items = [(i.id, i.version) for i in november.items]
    answers = [(True, True, True), (True, False, True)]
    for (item_id, version), (a, p, acc) in zip(oct_items, answers, strict=True):
        with db.session() as s:
            qc.score_item(s, manager, item_id, version, answered_correctly=a, professional=p,
                          accurate=acc, notes="ok")  # fmt: skip
    # Someone else scored it meanwhile: the stale version is refused with both sides.
    with pytest.raises(ConflictError), db.session() as s:
        qc.score_item(s, manager, oct_items[0][0], oct_items[0][1], answered_correctly=False,
                      professional=False, accurate=False)  # fmt: skip
    # A liaison does not audit.
    with pytest.raises(PermissionDenied), db.session() as s:
        qc.score_item(s, ctx, nov_items[0][0], None, answered_correctly=True, professional=True,
                      accurate=True)  # fmt: skip
    with db.session() as s:
        qc.score_item(s, manager, nov_items[0][0], None, answered_correctly=False,
                      professional=True, accurate=True)  # fmt: skip
    with db.read_session() as s:
        item = s.get(QcAuditItem, oct_items[1][0])
        assert item is not None and item.score == pytest.approx(66.7)
        summary = qc.summarize(qc.get_audit(s, october.id).items)
        rows = qc.quarterly_averages(s)
    assert summary.scored == 2 and summary.complete
    assert (summary.answered_correctly, summary.professional, summary.accurate) == (
        100.0,
        50.0,
        100.0,
    )
    assert summary.average_score == pytest.approx(83.3)
    (q4,) = rows
    assert (q4.label, q4.audits, q4.summary.items, q4.summary.scored) == ("Q4 2026", 2, 3, 3)
    assert q4.summary.average_score == pytest.approx((100 + 66.7 + 66.7) / 3, abs=0.1)
    assert q4.summary.answered_correctly == pytest.approx(66.7)


def test_nothing_to_audit_is_said_in_words(db: Database, manager: ServiceContext) -> None:
    with pytest.raises(DomainError, match="nothing to audit"), db.session() as s:
        qc.draw_audit(s, manager, date(2026, 1, 1), date(2026, 1, 31))


def test_the_audit_workbook_has_the_tools_columns(
    db: Database, ctx: ServiceContext, clock: ManualClock, manager: ServiceContext, tmp_path: Path
) -> None:
    at = lambda d, h: datetime(2026, 10, d, h, tzinfo=CHICAGO)  # noqa: E731
    _resolved(db, ctx, clock, at(5, 10), at(5, 11), at(6, 9), "=Formula Member")
    clock.set(at(30, 9))
    with db.session() as s:
        audit = qc.draw_audit(s, manager, date(2026, 10, 1), date(2026, 10, 31), seed=3)
        item = audit.items[0]
        qc.score_item(s, replace(manager), item.id, item.version, answered_correctly=True,
                      professional=True, accurate=False, notes="=not a formula")  # fmt: skip
        audit_id = audit.id
    with db.read_session() as s:
        out = qc.export_audit(s, audit_id, tmp_path / "audit.xlsx")
    wb = load_workbook(out)
    ws = wb["Audit"]
    header = [c.value for c in ws[1]]
    assert header == list(qc.EXPORT_HEADERS)
    row = [c.value for c in ws[2]]
    assert row[header.index("Request Date")] == datetime(2026, 10, 5)
    assert row[header.index("Member Id Number")] == "1234567A"
    assert row[7] == "Y" and row[10] == "Y"  # acknowledgement and resolution on time
    assert row[11:14] == ["Yes", "Yes", "No"]
    assert row[header.index("Score")] == pytest.approx(66.7)
    assert ws.cell(row=2, column=header.index("Notes") + 1).data_type == "s"  # never a formula
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert summary["Sampled"] == 1 and summary["% accurate information"] == 0.0
    with db.read_session() as s:
        assert s.scalars(select(Inquiry.member_name)).first() == "=Formula Member"
