"""Queues: definitions, counts in one statement, paging, and search in SQL and in memory."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, false, select

from liaison_desk.clock import ManualClock
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco
from liaison_desk.domain import Channel, Party, Priority, Role, Status, Track
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.intake import (
    CallbackRequest,
    MemberIntake,
    ProviderIntake,
    create_callback_request,
    create_member_inquiry,
    create_provider_inquiry,
)
from liaison_desk.services.queues import (
    QUEUES,
    UNASSIGNED,
    QueueFilter,
    QueueKey,
    count_queues,
    filter_condition,
    inquiry_detail,
    load_queue,
    parse_search,
    queues_for,
    search,
)
from tests.conftest import make_user


def _mcos(db: Database) -> dict[str, int]:
    with db.read_session() as s:
        return {m.short_name: m.id for m in s.query(Mco).all()}


def _member(
    db: Database, ctx: ServiceContext, name: str, *, phone: str = "515-555-0142", **kw: object
) -> int:
    mcos = _mcos(db)
    data = MemberIntake(
        source="CSR",
        member_name=name,
        caller_name=kw.pop("caller", name),  # type: ignore[arg-type]
        caller_phone=phone,
        enrolled_in_mco=True,
        priority=kw.pop("priority", Priority.HIGH),  # type: ignore[arg-type]
        description="Transportation to dialysis was not scheduled",
        member_state_id=kw.pop("state_id", None),  # type: ignore[arg-type]
        mco_id=mcos[kw.pop("mco", "ITC")],  # type: ignore[index]
        **kw,  # type: ignore[arg-type]
    )
    with db.session() as s:
        return create_member_inquiry(s, ctx, data).inquiry.id


def _provider(db: Database, ctx: ServiceContext, name: str, npi: str, mcos: list[str]) -> int:
    ids = _mcos(db)
    data = ProviderIntake(
        source="Provider",
        npi=npi,
        provider_name=name,
        contact_name="Pat Billing",
        contact_phone="(319) 555-0199",
        mco_ids=[ids[m] for m in mcos],
        priority=Priority.ESCALATED,
        description="Claims denied for timely filing",
    )
    with db.session() as s:
        return create_provider_inquiry(s, ctx, data).inquiry.id


def _callback(db: Database, ctx: ServiceContext, caller: str) -> int:
    with db.session() as s:
        return create_callback_request(
            s,
            ctx,
            CallbackRequest(
                caller_name=caller,
                caller_phone="563-555-0101",
                question="Why was my eligibility ended?",
                member_name=caller,
            ),
        ).inquiry.id


@pytest.fixture
def world(db: Database, ctx: ServiceContext, clock: ManualClock) -> dict[str, int]:
    """A small office: member, provider and callback work in several states."""
    ids = {
        "anna": _member(db, ctx, "Anna Svensson", state_id="1234567A"),
        "bob": _member(db, ctx, "Bob O'Neil", phone="(641) 555-0177", mco="Molina"),
        "clinic": _provider(db, ctx, "Prairie Family Clinic", "1234567893", ["ITC", "Molina"]),
        "cb": _callback(db, ctx, "Carla Díaz"),
    }
    # Bob's item is referred to the MCO (awaiting MCO).
    with db.session() as s:
        actions.log_contact(
            s, ctx, ids["bob"], party=Party.MEMBER, channel=Channel.PHONE, outcome="reached"
        )
    with db.session() as s:
        actions.refer_to_mco(
            s, ctx, ids["bob"], None, mco_id=_mcos(db)["Molina"], department="Member Services"
        )
    # A resolved one.
    ids["done"] = _member(db, ctx, "Dóra Resolved")
    with db.session() as s:
        actions.resolve(s, ctx, ids["done"], None, resolution="Ride booked.")
    return ids


def test_every_queue_is_listed_once_and_csrs_see_only_their_own() -> None:
    keys = [q.key for q in QUEUES]
    assert len(keys) == len(set(keys)) == len(QueueKey)
    csr = {q.key for q in queues_for(Role.CSR)}
    assert QueueKey.MY_WORK not in csr and QueueKey.PENDING_APPROVAL in csr
    liaison = {q.key for q in queues_for(Role.LIAISON)}
    assert QueueKey.PENDING_APPROVAL not in liaison and QueueKey.MY_WORK in liaison


def test_queues_hold_what_their_names_say(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    def ids(key: QueueKey) -> set[int]:
        with db.read_session() as s:
            return {r.id for r in load_queue(s, key, actor=ctx.actor, now=clock.now()).rows}

    assert ids(QueueKey.MY_WORK) == {world["anna"], world["bob"], world["clinic"]}
    assert ids(QueueKey.MEMBER) == {world["anna"], world["bob"]}
    assert ids(QueueKey.PROVIDER) == {world["clinic"]}
    assert ids(QueueKey.CALLBACKS) == set()  # the request is not approved yet
    assert ids(QueueKey.PENDING_APPROVAL) == {world["cb"]}
    assert ids(QueueKey.AWAITING_MCO) == {world["bob"]}
    assert ids(QueueKey.OVERDUE) == set()
    assert ids(QueueKey.RESOLVED) == {world["done"]}
    assert ids(QueueKey.ALL_OPEN) == {world["anna"], world["bob"], world["clinic"], world["cb"]}

    # Anna's 4-business-hour contact clock runs out by the afternoon.
    clock.advance(timedelta(hours=5))
    assert world["anna"] in ids(QueueKey.OVERDUE)


def test_counts_agree_with_the_queues_in_one_statement(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    statements: list[str] = []

    def spy(*args: object) -> None:
        statements.append(str(args[2]))

    with db.read_session() as s:
        s.connection()  # begin before listening: count only the counting
        event.listen(db.engine, "before_cursor_execute", spy)
        try:
            counts = count_queues(s, actor=ctx.actor, now=clock.now())
        finally:
            event.remove(db.engine, "before_cursor_execute", spy)
        assert len(statements) == 1
        for key in QueueKey:
            rows = load_queue(s, key, actor=ctx.actor, now=clock.now()).rows
            assert counts[key] == len(rows), key
    assert counts.next_due_change is not None and counts.next_due_change > clock.now()


def test_open_rows_carry_running_milestones_soonest_first(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    with db.read_session() as s:
        rows = {
            r.id: r for r in load_queue(s, QueueKey.ALL_OPEN, actor=ctx.actor, now=clock.now()).rows
        }
    anna = rows[world["anna"]]
    assert anna.lead_milestone is not None
    assert anna.lead_milestone.kind == "contact_originator"
    assert anna.lead_milestone.due_at == anna.next_due_at
    assert anna.mco_names == "ITC"
    clinic = rows[world["clinic"]]
    mcos = _mcos(db)
    assert clinic.mco_names == "ITC, Molina"
    assert set(clinic.mco_ids) == {mcos["ITC"], mcos["Molina"]}
    bob = rows[world["bob"]]
    assert [m.kind for m in bob.milestones] == ["mco_contact"]  # the contact clock was met
    assert all(r.received_at.tzinfo is not None for r in rows.values())


def test_resolved_pages_without_gaps_or_repeats(
    db: Database, ctx: ServiceContext, clock: ManualClock
) -> None:
    made = []
    for i in range(7):
        made.append(_member(db, ctx, f"Person {i}"))
        clock.advance(timedelta(minutes=3))
    for inquiry_id in made:
        with db.session() as s:
            actions.resolve(s, ctx, inquiry_id, None, resolution="Done.")
        if inquiry_id != made[3]:  # two resolved in the same instant: the id breaks the tie
            clock.advance(timedelta(minutes=1))
    seen: list[int] = []
    after = None
    with db.read_session() as s:
        while True:
            page = load_queue(
                s, QueueKey.RESOLVED, actor=ctx.actor, now=clock.now(), after=after, limit=3
            )
            seen += [r.id for r in page.rows]
            assert len(page.rows) <= 3
            if page.next_after is None:
                break
            after = page.next_after
    assert seen == list(reversed(made))


SEARCHES = [
    ("anna", {"anna"}),
    ("ANNA sv", {"anna"}),
    ("o'neil", {"bob"}),
    ("1234567a", {"anna"}),
    ("1234567893", {"clinic"}),
    ("(641) 555-0177", {"bob"}),
    ("6415550177", {"bob"}),
    ("555-0199", {"clinic"}),
    ("prairie", {"clinic"}),
    ("billing", {"clinic"}),
    ("carla", {"cb"}),
    ("diaz 563", {"cb"}),  # accents folded: "Díaz"
    ("DÍAZ", {"cb"}),
    ("o’neil", {"bob"}),  # a word processor's apostrophe
    ("nobody-like-this", set()),
    ("%", set()),
    ("_", set()),
]


@pytest.mark.parametrize(("text", "expected"), SEARCHES)
def test_search_in_memory_and_in_sql_agree(
    db: Database,
    ctx: ServiceContext,
    clock: ManualClock,
    world: dict[str, int],
    text: str,
    expected: set[str],
) -> None:
    wanted = {world[name] for name in expected}
    filt = QueueFilter(text=text)
    with db.read_session() as s:
        rows = load_queue(s, QueueKey.ALL_OPEN, actor=ctx.actor, now=clock.now()).rows
        in_memory = {r.id for r in rows if filt.matches(r)}
        in_sql = {
            r.id
            for r in load_queue(
                s, QueueKey.ALL_OPEN, actor=ctx.actor, now=clock.now(), filt=filt
            ).rows
        }
        anywhere = {r.id for r in search(s, text, actor=ctx.actor)}
    assert in_memory == wanted
    assert in_sql == wanted
    assert anywhere == wanted


def test_reference_search_finds_resolved_items_page_by_sql(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    with db.read_session() as s:
        done = inquiry_detail(s, world["done"])
        assert done is not None
        ref = done.row.reference
        page = load_queue(
            s, QueueKey.RESOLVED, actor=ctx.actor, now=clock.now(), filt=QueueFilter(text=ref)
        )
    assert [r.id for r in page.rows] == [world["done"]]


def test_the_resolved_queue_is_searched_without_accents(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    with db.read_session() as s:
        page = load_queue(
            s, QueueKey.RESOLVED, actor=ctx.actor, now=clock.now(), filt=QueueFilter(text="dora")
        )
    assert [r.id for r in page.rows] == [world["done"]]


def test_filter_bar_fields(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    mcos = _mcos(db)
    cases = [
        (QueueFilter(priority=str(Priority.ESCALATED)), {"clinic", "cb"}),
        (QueueFilter(track=str(Track.MCO_MEMBER)), {"anna", "bob"}),
        (QueueFilter(mco_id=mcos["Molina"]), {"bob", "clinic"}),
        (QueueFilter(status=str(Status.AWAITING_MCO)), {"bob"}),
        (QueueFilter(assignee_id=UNASSIGNED), {"cb"}),
        (QueueFilter(assignee_id=ctx.actor.user_id), {"anna", "bob", "clinic"}),
        (QueueFilter(received_from=clock.now() + timedelta(minutes=1)), set()),
        (
            QueueFilter(received_until=clock.now() + timedelta(minutes=1)),
            {"anna", "bob", "clinic", "cb"},
        ),
        (QueueFilter(track=str(Track.MCO_MEMBER), text="anna"), {"anna"}),
    ]
    with db.read_session() as s:
        rows = load_queue(s, QueueKey.ALL_OPEN, actor=ctx.actor, now=clock.now()).rows
        for filt, expected in cases:
            wanted = {world[n] for n in expected}
            assert {r.id for r in rows if filt.matches(r)} == wanted, filt
            sql_rows = s.scalars(
                select(Inquiry.id).where(filter_condition(filt), Inquiry.closed == false())
            )
            assert set(sql_rows) == wanted, filt


def test_parse_search_terms() -> None:
    assert parse_search("") == ()
    (term,) = parse_search(" (515) 555-0142 ")
    assert term.digits == "5155550142"
    words = parse_search("Smith 0142")
    assert [t.text for t in words] == ["smith", "0142"]
    assert [t.digits for t in words] == ["", "0142"]


def test_detail_has_milestones_and_timeline_newest_first(
    db: Database, ctx: ServiceContext, clock: ManualClock, world: dict[str, int]
) -> None:
    with db.read_session() as s:
        detail = inquiry_detail(s, world["bob"])
        assert inquiry_detail(s, 999_999) is None
    assert detail is not None
    assert detail.row.reference and detail.row.assignee_name == "Lee Liaison"
    assert [e.at for e in detail.timeline] == sorted((e.at for e in detail.timeline), reverse=True)
    assert detail.timeline[-1].kind == "created"
    kinds = {m.kind: m for m in detail.milestones}
    assert kinds["contact_originator"].met_at is not None
    assert kinds["mco_contact"].is_open
    assert detail.milestones[0].is_open  # running clocks first
    assert all(m.policy_text for m in detail.milestones)


def test_csr_sees_only_the_callbacks_they_requested(
    db: Database, clock: ManualClock, calendar: object, world: dict[str, int]
) -> None:
    csr = make_user(db, "ccsr", Role.CSR, "Cam CSR")
    csr_ctx = ServiceContext(actor=csr, clock=clock, calendar=calendar)  # type: ignore[arg-type]
    mine = _callback(db, csr_ctx, "Dee Caller")
    with db.read_session() as s:
        rows = load_queue(s, QueueKey.ALL_OPEN, actor=csr, now=clock.now()).rows
        counts = count_queues(s, actor=csr, now=clock.now())
    assert [r.id for r in rows] == [mine]
    assert counts[QueueKey.ALL_OPEN] == 1


def test_a_csr_sees_only_their_own_resolved_requests(
    db: Database, clock: ManualClock, calendar: object, world: dict[str, int]
) -> None:
    """The Resolved queue too (its count always was; its rows listed everyone's)."""
    csr = make_user(db, "ccsr", Role.CSR, "Cam CSR")
    csr_ctx = ServiceContext(actor=csr, clock=clock, calendar=calendar)  # type: ignore[arg-type]
    mine = _callback(db, csr_ctx, "Dee Caller")
    lead = make_user(db, "ulead", Role.UNIT_LEAD, "Uma Lead")
    lead_ctx = ServiceContext(actor=lead, clock=clock, calendar=calendar)  # type: ignore[arg-type]
    with db.session() as s:
        actions.resolve(s, lead_ctx, mine, None, resolution="Explained the renewal.")
    for sort in (None, ("reference", False)):
        with db.read_session() as s:
            rows = load_queue(s, QueueKey.RESOLVED, actor=csr, now=clock.now(), sort=sort).rows
            counts = count_queues(s, actor=csr, now=clock.now())
            everyone = load_queue(s, QueueKey.RESOLVED, actor=lead, now=clock.now(), sort=sort)
        assert [r.id for r in rows] == [mine]
        assert counts[QueueKey.RESOLVED] == 1
        assert {world["done"], mine} <= {r.id for r in everyone.rows}


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        (("subject", False), lambda r: r.member_name.casefold()),
        (("subject", True), lambda r: r.member_name.casefold()),
        (("priority", False), lambda r: 0 if r.priority == "high" else 1),
        (("received", True), lambda r: r.received_at),
    ],
)
def test_the_whole_resolved_queue_sorts_by_a_column_page_by_page(
    db: Database, ctx: ServiceContext, clock: ManualClock, sort: tuple[str, bool], key: object
) -> None:
    names = ["Mia", "anders", "Zoe", "bea", "Carl", "dina", "Eli", "Omar"]
    made = []
    for i, name in enumerate(names):
        made.append(_member(db, ctx, name, priority=Priority.HIGH if i % 3 else Priority.ESCALATED))
        clock.advance(timedelta(minutes=7))
    for inquiry_id in made:
        with db.session() as s:
            actions.resolve(s, ctx, inquiry_id, None, resolution="Done.")
    seen = []
    offset = 0
    with db.read_session() as s:
        while True:
            page = load_queue(
                s,
                QueueKey.RESOLVED,
                actor=ctx.actor,
                now=clock.now(),
                sort=sort,
                offset=offset,
                limit=3,
            )
            assert len(page.rows) <= 3
            seen += page.rows
            if page.next_offset is None:
                break
            offset = page.next_offset
    assert len(seen) == len(made) and len({r.id for r in seen}) == len(made)
    keys = [key(r) for r in seen]  # type: ignore[operator]
    assert keys == sorted(keys, reverse=sort[1])
