"""A team on one database: colleagues' saves are heard at once on PostgreSQL (LISTEN/NOTIFY),
and writers racing on the same inquiries never lose an update (SPEC §5, §9)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select, text

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, TimelineEntry
from liaison_desk.db.notify import ChangeListener
from liaison_desk.domain import EntryKind, Role
from liaison_desk.errors import ConflictError
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import member_inquiry
from tests.conftest import make_user


def _assign_over_and_over(
    db: Database, ctx: ServiceContext, inquiry_ids: list[int], people: list[int], n: int
) -> tuple[int, int]:
    """``n`` successful reassignments, each made the way a person makes one: look at the
    inquiry, choose, save with the version seen; on a conflict, reload and apply again."""
    done = conflicts = 0
    while done < n:
        inquiry_id = inquiry_ids[(done + threading.get_ident()) % len(inquiry_ids)]
        with db.read_session() as s:
            seen = s.get(Inquiry, inquiry_id)
            assert seen is not None
            version, current = seen.version, seen.assignee_id
        target = people[0] if current != people[0] else people[1]
        try:
            with db.session() as s:
                actions.assign(s, ctx, inquiry_id, version, assignee_id=target)
        except ConflictError:
            conflicts += 1
            continue
        done += 1
    return done, conflicts


def test_concurrent_writers_lose_no_update(db: Database, ctx: ServiceContext) -> None:
    ids = [member_inquiry(db, ctx, member_name=f"Member {i}") for i in range(2)]
    people = [
        make_user(db, "msa1", Role.MSA_ESR, "Mo MSA").user_id,
        make_user(db, "msa2", Role.MSA_ESR, "Sam MSA").user_id,
    ]
    with db.read_session() as s:
        before = {i: s.get(Inquiry, i).version for i in ids}  # type: ignore[union-attr]
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            results.append(_assign_over_and_over(db, ctx, ids, people, 25))  # type: ignore[arg-type]
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert sum(done for done, _ in results) == 100
    with db.read_session() as s:
        bumps = sum(s.get(Inquiry, i).version - before[i] for i in ids)  # type: ignore[union-attr]
        entries = s.scalar(
            select(func.count())
            .select_from(TimelineEntry)
            .where(TimelineEntry.inquiry_id.in_(ids), TimelineEntry.kind == EntryKind.ASSIGNMENT)
        )
    # Every saved update moved its inquiry's version by exactly one and left its entry: none
    # was written over by another (a lost update would show as fewer bumps than saves).
    assert bumps == 100
    assert entries == 100


@pytest.mark.postgres
def test_a_commit_elsewhere_is_heard_at_once(pg_db: Database, pg_server_url: str) -> None:
    heard: list[tuple[float, str]] = []
    got = threading.Event()

    def on_change(table: str) -> None:
        heard.append((time.perf_counter(), table))
        got.set()

    listener = ChangeListener(pg_db.conninfo(), on_change)
    listener.start()
    try:
        assert listener.listening.wait(10), "the listener did not connect"
        other = Database(pg_server_url)  # another workstation
        try:
            with other.session() as s:
                s.add(Mco(name="Heard Health Plan", short_name="HHP"))
            committed = time.perf_counter()
            assert got.wait(5), "no notice after the commit"
        finally:
            other.dispose()
        at, table = heard[0]
        assert table == "mcos"
        assert at - committed < 1.0
    finally:
        listener.stop()


@pytest.mark.postgres
def test_the_listener_comes_back_after_losing_its_connection(
    pg_db: Database, pg_server_url: str
) -> None:
    got = threading.Event()
    errors: list[BaseException] = []
    listener = ChangeListener(
        pg_db.conninfo(), lambda _t: got.set(), on_error=errors.append, retry_seconds=0.2
    )
    listener.start()
    try:
        assert listener.listening.wait(10)
        # The server drops it (a restart, a network cut): the listener reconnects by itself.
        with pg_db.engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query ILIKE 'LISTEN%'"
                )
            )
        deadline = time.monotonic() + 10
        while not errors and time.monotonic() < deadline:
            time.sleep(0.02)
        assert errors, "the listener did not notice it lost the connection"
        assert listener.listening.wait(10), "the listener did not reconnect"
        with pg_db.session() as s:
            s.add(Mco(name="After The Cut", short_name="ATC"))
        assert got.wait(5)
    finally:
        listener.stop()


@pytest.mark.postgres
def test_main_window_watcher_refreshes_on_a_notice_not_the_poll(
    qtbot: Any, pg_db: Database, pg_server_url: str
) -> None:
    from ui.live import ChangeWatcher
    from ui.qt import QObject

    owner = QObject()
    watcher = ChangeWatcher(pg_db, owner, interval_ms=600_000)  # the poll will not come
    watcher.start()
    try:
        qtbot.waitUntil(
            lambda: watcher.listener is not None and watcher.listener.listening.is_set(),
            timeout=10_000,
        )
        qtbot.waitUntil(lambda: watcher._token is not None, timeout=10_000)
        other = Database(pg_server_url)
        try:
            with qtbot.waitSignal(watcher.changed, timeout=2_000), other.session() as s:
                s.add(Mco(name="Seen Elsewhere", short_name="SE"))
        finally:
            other.dispose()
    finally:
        watcher.stop()
    assert watcher.listener is None


@pytest.mark.postgres
def test_the_probe_goes_down_the_listeners_connection_while_it_listens(
    qtbot: Any, pg_db: Database, pg_server_url: str
) -> None:
    """So a workstation holds two connections (its pool's one and the listener), not three:
    the once-a-second question is asked on the LISTEN connection, and only while that is
    down does it take a connection of the pool."""
    from liaison_desk.services.changes import change_token, token_on
    from ui.live import ChangeWatcher
    from ui.qt import QObject

    listener = ChangeListener(pg_db.conninfo(), lambda _t: None)
    got: list[Any] = []
    assert listener.ask(token_on, got.append) is False  # not listening: nothing asked
    listener.start()
    try:
        assert listener.listening.wait(10)
        assert listener.ask(token_on, got.append)
        qtbot.waitUntil(lambda: bool(got), timeout=2_000)
        with pg_db.engine.connect() as conn:
            assert got[0] == change_token(conn)  # the same token both ways
    finally:
        listener.stop()
    assert listener.ask(token_on, got.append) is False

    owner = QObject()
    watcher = ChangeWatcher(pg_db, owner, interval_ms=100)
    pooled: list[int] = []
    asked_pool = watcher._probe.token
    watcher._probe.token = lambda: pooled.append(1) or asked_pool()  # type: ignore[method-assign]
    watcher.start()
    try:
        qtbot.waitUntil(
            lambda: watcher.listener is not None and watcher.listener.listening.is_set(),
            timeout=10_000,
        )
        before = len(pooled)  # the first probe may run before the listener is up
        other = Database(pg_server_url)
        try:
            with qtbot.waitSignal(watcher.changed, timeout=3_000), other.session() as s:
                s.add(Mco(name="Asked Down The Listener", short_name="ADL"))
        finally:
            other.dispose()
        qtbot.wait(500)  # five more ticks of the poll
        assert len(pooled) == before
        # The listener's connection dropped: the probe takes the pool until it is back.
        with pg_db.engine.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> "
                "pg_backend_pid() AND datname = current_database()"))  # fmt: skip
            conn.commit()
        qtbot.waitUntil(lambda: len(pooled) > before, timeout=5_000)
        assert not watcher.lost
    finally:
        watcher.stop()
