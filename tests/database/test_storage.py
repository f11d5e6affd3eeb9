"""Storage promises: unique reference numbers under concurrency, no lost updates, UTC times."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liaison_desk.db.engine import Database, normalize_url
from liaison_desk.db.models import AuditEntry, Inquiry, Mco
from liaison_desk.domain import Priority
from liaison_desk.errors import BadDatabaseUrl, ConflictError
from liaison_desk.services.inquiries import load_for_update
from liaison_desk.services.intake import MemberIntake, create_member_inquiry
from liaison_desk.services.references import next_reference

REF = re.compile(r"^\d{6}-\d{4}$")


def _member(mco_id: int, **overrides: object) -> MemberIntake:
    data = MemberIntake(
        source="CSR",
        member_name="Mary O'Brien",
        caller_name="Mary O'Brien",
        caller_phone="(515) 555-0142",
        enrolled_in_mco=True,
        priority=Priority.HIGH,
        description="Prior authorization denied; surgery next week.",
        member_state_id="1234567a",
        mco_id=mco_id,
    )
    for k, v in overrides.items():
        setattr(data, k, v)
    return data


def _mco_id(db: Database) -> int:
    with db.session() as s:
        return s.scalars(select(Mco.id).where(Mco.name == "Iowa Total Care")).one()


def test_references_from_many_threads_are_unique_and_consecutive(db: Database) -> None:
    day = date(2026, 11, 23)
    got: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(10):
                with db.session() as s:
                    ref = next_reference(s, day)
                with lock:
                    got.append(ref)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(got) == 80
    assert len(set(got)) == 80
    assert sorted(got) == [f"261123-{n:04d}" for n in range(1, 81)]


def test_references_from_several_processes_at_once(db: Database, tmp_path: Path) -> None:
    """Separate processes (separate workstations) saving inquiries at the same instant."""
    url = db.url.render_as_string(hide_password=False)
    script = tmp_path / "saver.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys
        from datetime import date
        from liaison_desk.db.engine import Database
        from liaison_desk.services.references import next_reference
        db = Database({url!r})
        sys.stdin.readline()  # start together
        for _ in range(15):
            with db.session() as s:
                print(next_reference(s, date(2026, 11, 24)), flush=True)
    """)
    )
    procs = [
        subprocess.Popen(
            [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    refs: list[str] = []
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        refs.extend(out.split())
    assert len(refs) == 60
    assert len(set(refs)) == 60
    assert all(REF.match(r) and r.startswith("261124-") for r in refs)


def test_reference_sequence_is_per_day_and_never_reused(db: Database) -> None:
    with db.session() as s:
        assert next_reference(s, date(2026, 11, 23)) == "261123-0001"
        assert next_reference(s, date(2026, 11, 23)) == "261123-0002"
        assert next_reference(s, date(2026, 11, 24)) == "261124-0001"
    # A rolled-back save gives its number back only because nobody ever saw it.
    with pytest.raises(RuntimeError), db.session() as s:
        next_reference(s, date(2026, 11, 23))
        raise RuntimeError("save failed")
    with db.session() as s:
        assert next_reference(s, date(2026, 11, 23)) == "261123-0003"


def test_saving_over_a_newer_version_raises_conflict_with_both_sides(db: Database, ctx) -> None:  # type: ignore[no-untyped-def]
    mco_id = _mco_id(db)
    with db.session() as s:
        inquiry = create_member_inquiry(s, ctx, _member(mco_id)).inquiry
        inquiry_id, seen_version = inquiry.id, inquiry.version

    # Someone else saves first.
    with db.session() as s:
        theirs = load_for_update(s, inquiry_id, seen_version)
        theirs.description = "Their newer description"
    # Our save, made on the version we were looking at, is refused.
    with pytest.raises(ConflictError) as info, db.session() as s:
        mine = load_for_update(s, inquiry_id, seen_version, mine={"description": "Mine"})
        mine.description = "Mine"
    err = info.value
    assert err.expected_version == seen_version
    assert err.current_version == seen_version + 1
    assert err.theirs["description"] == "Their newer description"
    assert err.mine == {"description": "Mine"}
    with db.session() as s:
        assert s.get(Inquiry, inquiry_id).description == "Their newer description"  # type: ignore[union-attr]


def test_orm_version_check_catches_a_concurrent_flush(db: Database, ctx) -> None:  # type: ignore[no-untyped-def]
    """Even without the explicit check, two clients racing on one row cannot both win.

    As in the client: each reads the row, the person edits for a while, then saves.
    """
    mco_id = _mco_id(db)
    with db.session() as s:
        inquiry_id = create_member_inquiry(s, ctx, _member(mco_id)).inquiry.id
    s1 = db.sessions()
    s2 = db.sessions()
    try:
        a = s1.get(Inquiry, inquiry_id)
        s1.commit()
        b = s2.get(Inquiry, inquiry_id)
        s2.commit()
        assert a is not None and b is not None and a.version == b.version
        a.description = "first"
        s1.commit()
        b.description = "second"
        with pytest.raises(Exception, match=r"(?i)stale|expected to update"):
            s2.commit()
    finally:
        s1.close()
        s2.close()
    with db.session() as s:
        assert s.get(Inquiry, inquiry_id).description == "first"  # type: ignore[union-attr]


def test_datetimes_come_back_aware_utc(db: Database, ctx) -> None:  # type: ignore[no-untyped-def]
    mco_id = _mco_id(db)
    with db.session() as s:
        inquiry_id = create_member_inquiry(s, ctx, _member(mco_id)).inquiry.id
    with db.read_session() as s:
        inquiry = s.get(Inquiry, inquiry_id)
        assert inquiry is not None
        assert inquiry.received_at.tzinfo is not None
        assert inquiry.received_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert inquiry.received_at == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
        assert REF.match(inquiry.reference)
        assert inquiry.caller_phone == "+15155550142"
        assert inquiry.member_state_id == "1234567A"
        assert s.scalar(select(func.count()).select_from(AuditEntry)) >= 1


@pytest.mark.parametrize(
    ("raw", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("sqlite:///x.sqlite3", "sqlite"),
    ],
)
def test_database_urls_are_normalised(raw: str, driver: str) -> None:
    assert normalize_url(raw).drivername == driver


@pytest.mark.parametrize("raw", ["mysql://u@h/db", "not a url", "oracle://x"])
def test_bad_database_urls_are_refused_in_words(raw: str) -> None:
    with pytest.raises(BadDatabaseUrl, match=r"SQLite or PostgreSQL|not a database address"):
        normalize_url(raw)


def test_migrations_make_exactly_the_models_schema(db: Database) -> None:
    """Alembic is the only way the schema is made, so it must match the models to the index."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from liaison_desk.db.base import Base, include_object_for

    with db.engine.connect() as conn:
        # PostgreSQL's trigram index of the search is the one index SQLite does not have.
        opts = {"include_object": include_object_for(conn.dialect.name)}
        migration = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(migration, Base.metadata) == []


def test_an_inquiry_taken_in_after_demo_data_gets_a_new_id(db: Database, ctx) -> None:  # type: ignore[no-untyped-def]
    """Demo data writes its rows with their ids; on PostgreSQL the id sequences must move on
    with them, or the next intake is refused for a duplicate key."""
    from liaison_desk.demo import fill_demo
    from tests.action_helpers import member_inquiry

    fill_demo(db, 30, 7, ctx.clock)
    new_id = member_inquiry(db, ctx)
    with db.read_session() as s:
        assert new_id == s.scalar(select(func.max(Inquiry.id)))
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 31


def test_an_outage_says_one_thing_and_the_form_keeps_it_true() -> None:
    # The form keeps what was typed and asks for Save again; the error must not promise an
    # automatic save that nothing makes.
    from sqlalchemy.exc import OperationalError

    from liaison_desk.db.engine import translate_errors
    from liaison_desk.errors import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable) as caught, translate_errors():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    assert "cannot be reached" in str(caught.value)
    assert "will be saved" not in str(caught.value)
