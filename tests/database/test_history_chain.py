"""The history's tamper-evident chain (issue 15): the database chains every timeline and
audit entry as it is written, and ``audit verify`` names the first link someone broke —
an entry changed, an entry deleted, an entry written with the checks switched off — on
SQLite and on PostgreSQL, where even the tables' owner cannot alter the record unseen."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select, text

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.cli import main
from liaison_desk.clock import ManualClock
from liaison_desk.db import chain
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry, Inquiry, TimelineEntry
from liaison_desk.domain import Channel, Party, Role
from liaison_desk.errors import DomainError
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.record_chain import verify_chains
from tests.action_helpers import member_inquiry, run
from tests.conftest import CHICAGO, make_user
from tests.database.test_server_roles import Login, login_as  # noqa: F401  (the fixture)


def _worked(db: Database, ctx: ServiceContext) -> tuple[int, str]:
    """An inquiry with a few entries of its own, and another one beside it."""
    inquiry_id = member_inquiry(db, ctx)
    member_inquiry(db, ctx, member_name="Ana Lopez")
    for words in ("Called the member back", "Left a voicemail", "Member called again"):
        run(db, actions.add_note, ctx, inquiry_id, text=words)
    run(db, actions.log_contact, ctx, inquiry_id, party=Party.MEMBER, channel=Channel.PHONE,
        outcome="reached")  # fmt: skip
    with db.read_session() as s:
        reference = s.scalar(select(Inquiry.reference).where(Inquiry.id == inquiry_id))
    assert reference
    return inquiry_id, reference


def _entries(db: Database, inquiry_id: int) -> list[Any]:
    t = TimelineEntry
    with db.read_session() as s:
        return list(
            s.execute(
                select(t.id, t.chain_seq, t.chain_hash, t.summary)
                .where(t.inquiry_id == inquiry_id)
                .order_by(t.chain_seq)
            )
        )


def _as_owner(db: Database, *statements: str) -> None:
    """What someone with the tables' own rights (the file, the owner's login) could do."""
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER IF EXISTS ld_chain_kept_timeline_entries"))
            conn.execute(text("DROP TRIGGER IF EXISTS ld_chain_kept_audit_entries"))
        for sql in statements:
            conn.execute(text(sql))


def test_every_entry_is_chained_in_order_and_the_history_verifies(
    db: Database, ctx: ServiceContext, capsys: pytest.CaptureFixture[str]
) -> None:
    inquiry_id, _reference = _worked(db, ctx)
    entries = _entries(db, inquiry_id)
    assert [e.chain_seq for e in entries] == list(range(1, len(entries) + 1))
    assert len(entries) >= 5
    assert all(e.chain_hash and len(e.chain_hash) == 64 for e in entries)
    assert len({e.chain_hash for e in entries}) == len(entries)
    with db.read_session() as s:
        audits = list(s.scalars(select(AuditEntry.chain_hash)))
        report = verify_chains(s)
    assert audits and all(audits)
    assert report.ok and report.entries >= len(entries) + len(audits)
    assert report.chains >= 3  # two inquiries' timelines and at least one audit chain

    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "The history verifies" in out and report.fingerprint in out


def test_the_fingerprint_moves_with_every_new_entry_and_only_then(
    db: Database, ctx: ServiceContext
) -> None:
    inquiry_id, _ = _worked(db, ctx)
    with db.read_session() as s:
        first = verify_chains(s).fingerprint
    with db.read_session() as s:
        assert verify_chains(s).fingerprint == first
    run(db, actions.add_note, ctx, inquiry_id, text="One more word")
    with db.read_session() as s:
        assert verify_chains(s).fingerprint != first


@pytest.mark.tampers
def test_an_entry_changed_afterwards_is_named_by_reference_and_entry(
    db: Database, ctx: ServiceContext, capsys: pytest.CaptureFixture[str]
) -> None:
    inquiry_id, reference = _worked(db, ctx)
    third = _entries(db, inquiry_id)[2]
    _as_owner(db, f"UPDATE timeline_entries SET summary = 'Reached the member' "
                  f"WHERE id = {third.id}")  # fmt: skip
    with db.read_session() as s:
        report = verify_chains(s)
    assert not report.ok and report.broken is not None
    assert report.broken.reference == reference
    assert report.broken.entry_id == third.id and report.broken.seq == 3
    assert "changed after it was written" in report.broken.what

    url = db.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert reference in out and f"timeline entry {third.id}" in out


@pytest.mark.tampers
def test_a_rehashed_entry_still_breaks_the_next_link(db: Database, ctx: ServiceContext) -> None:
    """Someone who changes an entry and recomputes its hash the way the database does is
    found at the entry after it, whose hash was made over the old one."""
    inquiry_id, reference = _worked(db, ctx)
    entries = _entries(db, inquiry_id)
    _as_owner(db, f"UPDATE timeline_entries SET summary = 'x' WHERE id = {entries[1].id}")
    content = chain.content_sql(db.engine.dialect.name, chain.TIMELINE, "t")
    with db.read_session() as s:
        changed = s.execute(
            text(f"SELECT {content} FROM timeline_entries t WHERE id = {entries[1].id}")
        ).scalar_one()
    fresh = chain.digest(entries[0].chain_hash, changed)
    _as_owner(db, f"UPDATE timeline_entries SET chain_hash = '{fresh}' WHERE id = {entries[1].id}")
    with db.read_session() as s:
        broken = verify_chains(s).broken
    assert broken is not None and broken.reference == reference
    assert broken.entry_id == entries[2].id


@pytest.mark.tampers
def test_a_deleted_entry_and_an_unchained_one_are_found(db: Database, ctx: ServiceContext) -> None:
    inquiry_id, reference = _worked(db, ctx)
    entries = _entries(db, inquiry_id)
    _as_owner(db, f"DELETE FROM timeline_entries WHERE id = {entries[1].id}")
    with db.read_session() as s:
        broken = verify_chains(s).broken
    assert broken is not None and broken.reference == reference
    assert broken.entry_id == entries[2].id and "deleted" in broken.what


@pytest.mark.tampers
def test_an_entry_written_past_the_trigger_is_found(db: Database, ctx: ServiceContext) -> None:
    inquiry_id, reference = _worked(db, ctx)
    if db.is_sqlite:
        off, on = "DROP TRIGGER ld_chain_timeline_entries", "SELECT 1"
    else:
        off = "ALTER TABLE timeline_entries DISABLE TRIGGER ld_zchain"
        on = "ALTER TABLE timeline_entries ENABLE TRIGGER ld_zchain"
    _as_owner(db, off, "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, "
                  f"summary, data) SELECT {inquiry_id}, at, recorded_at, 'note', 'Backdated', "
                  f"'{{}}' FROM timeline_entries WHERE inquiry_id = {inquiry_id} "
                  "AND chain_seq = 1", on)  # fmt: skip
    with db.read_session() as s:
        broken = verify_chains(s).broken
    assert broken is not None and broken.reference == reference
    assert "switched off" in broken.what
    assert "no place in a chain" in broken.text(CHICAGO)


@pytest.mark.tampers
def test_an_audit_entry_changed_afterwards_is_found(db: Database, ctx: ServiceContext) -> None:
    _worked(db, ctx)
    with db.read_session() as s:
        audit = s.execute(select(AuditEntry.id).order_by(AuditEntry.id)).first()
    assert audit is not None
    _as_owner(db, f"UPDATE audit_entries SET actor = 'someone else' WHERE id = {audit.id}")
    with db.read_session() as s:
        broken = verify_chains(s).broken
    assert broken is not None and broken.table == "audit_entries"
    assert broken.entry_id == audit.id


def test_sqlite_keeps_a_chained_entry_as_written(
    sqlite_db: Database, clock: ManualClock, calendar: BusinessCalendar
) -> None:
    ctx = ServiceContext(actor=make_user(sqlite_db, "lee", Role.LIAISON, "Lee"), clock=clock,
                         calendar=calendar)  # fmt: skip
    inquiry_id, _ = _worked(sqlite_db, ctx)
    first = _entries(sqlite_db, inquiry_id)[0]
    with pytest.raises(DomainError), sqlite_db.session() as s:
        s.execute(text(f"UPDATE timeline_entries SET summary = 'x' WHERE id = {first.id}"))
    # Nor is an entry with a link of the writer's own making.
    forged = (
        "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, data, "
        f"chain_seq, chain_hash) SELECT inquiry_id, at, recorded_at, 'note', 'y', '{{}}', 9, "
        f"'{'0' * 64}' FROM timeline_entries WHERE id = {first.id}"
    )
    with pytest.raises(DomainError), sqlite_db.session() as s:
        s.execute(text(forged))
    with sqlite_db.read_session() as s:
        assert verify_chains(s).ok


@pytest.mark.postgres
def test_a_login_cannot_write_its_own_link_and_two_writers_do_not_fork_the_chain(
    pg_db: Database,
    clock: ManualClock,
    calendar: BusinessCalendar,
    login_as: Login,  # noqa: F811
) -> None:
    ctx = ServiceContext(actor=make_user(pg_db, "lee", Role.LIAISON, "Lee"), clock=clock,
                         calendar=calendar)  # fmt: skip
    inquiry_id, _ = _worked(pg_db, ctx)
    _name, liaison = login_as(Role.LIAISON)
    forged = "0" * 64
    insert = ("INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, data, "
              f"chain_seq, chain_hash) VALUES ({inquiry_id}, now(), now(), 'note', :words, '{{}}',"
              f" 1, '{forged}')")  # fmt: skip
    # One writer holds the chain open; a second one waits for it rather than forking it.
    first = liaison.engine.connect()
    first.begin()
    first.execute(text(insert), {"words": "first"})
    done = threading.Event()

    def second() -> None:
        with liaison.engine.begin() as conn:
            conn.execute(text(insert), {"words": "second"})
        done.set()

    worker = threading.Thread(target=second)
    worker.start()
    waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    with pg_db.engine.connect() as watcher:
        for _ in range(600):  # the second writer is seen queued on the chain's lock
            if watcher.execute(text(waiting)).scalar_one() or done.wait(0.05):
                break
    assert not done.is_set()
    first.commit()
    first.close()
    worker.join(timeout=30)
    assert done.is_set()
    entries = _entries(pg_db, inquiry_id)
    assert [e.chain_seq for e in entries] == list(range(1, len(entries) + 1))
    assert [e.summary for e in entries[-2:]] == ["first", "second"]
    assert forged not in {e.chain_hash for e in entries}
    with pg_db.read_session() as s:
        assert verify_chains(s).ok


def test_the_history_kept_before_the_chain_is_chained_by_the_upgrade(
    db: Database, ctx: ServiceContext
) -> None:
    from alembic import command

    from liaison_desk.db.schema import alembic_config

    inquiry_id, _ = _worked(db, ctx)
    before = [e.summary for e in _entries(db, inquiry_id)]
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0016")
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    entries = _entries(db, inquiry_id)
    assert [e.summary for e in entries] == before
    assert [e.chain_seq for e in entries] == list(range(1, len(before) + 1))
    with db.read_session() as s:
        assert verify_chains(s).ok
    run(db, actions.add_note, ctx, inquiry_id, text="After the upgrade")
    assert _entries(db, inquiry_id)[-1].chain_seq == len(before) + 1
    with db.read_session() as s:
        assert verify_chains(s).ok
