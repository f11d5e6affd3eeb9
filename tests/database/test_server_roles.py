"""Team use on PostgreSQL: the server itself enforces the roles (SPEC §5, §7 ``user add``).

Each test makes logins of its own (``liaison-desk user add``), connects as them, and checks
what the server lets them do with the app's services and with plain SQL, as someone with
psql and their own login would try.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from liaison_desk.calendar import BusinessCalendar
from liaison_desk.cli import main
from liaison_desk.clock import ManualClock
from liaison_desk.db import server_roles
from liaison_desk.db.engine import Database
from liaison_desk.db.models import AuditEntry, Inquiry, TimelineEntry, User
from liaison_desk.domain import Channel, Party, Role
from liaison_desk.errors import DomainError, PermissionDenied
from liaison_desk.excel.importer import plan_import, write_plan
from liaison_desk.services import actions
from liaison_desk.services.context import ServiceContext
from liaison_desk.services.users import workstation_actor
from tests.action_helpers import callback_request, member_inquiry
from tests.conftest import make_user
from tests.excel_builders import MEMBER_HEADERS, member_row, save, write_sheet

pytestmark = pytest.mark.postgres

Login = Callable[[Role], tuple[str, Database]]


@pytest.fixture
def ctx(pg_db: Database, clock: ManualClock, calendar: BusinessCalendar) -> ServiceContext:
    """A liaison of the PostgreSQL database (the owner's connection works as them)."""
    actor = make_user(pg_db, "lliaison", Role.LIAISON, "Lee Liaison")
    return ServiceContext(actor=actor, clock=clock, calendar=calendar)


@pytest.fixture
def login_as(pg_db: Database, pg_server_url: str) -> Iterator[Login]:
    """Make a login in a role with the real command, and a Database connected as it."""
    made: list[tuple[str, Database]] = []

    def make(role: Role) -> tuple[str, Database]:
        name = f"ld_{uuid.uuid4().hex[:8]}_{role.value}"
        assert main(["--db", pg_server_url, "user", "add", name, "--role", role.value]) == 0
        url = make_url(pg_server_url).set(username=name, password=None)
        db = Database(url.render_as_string(hide_password=False))
        made.append((name, db))
        return name, db

    yield make
    admin = create_engine(make_url(pg_server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name, db in made:
            db.dispose()
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    admin.dispose()


def _ctx_for(db: Database, ctx: ServiceContext) -> ServiceContext:
    with db.session() as s:
        actor = workstation_actor(s, "not-the-os-login")
    return ServiceContext(actor=actor, clock=ctx.clock, calendar=ctx.calendar)


def _refused(db: Database, sql: str) -> None:
    with pytest.raises(PermissionDenied, match="does not let your login"), db.session() as s:
        s.execute(text(sql))


def test_user_add_makes_a_login_in_its_group_and_moves_it(
    pg_db: Database, pg_server_url: str, login_as: Login
) -> None:
    name, _db = login_as(Role.LIAISON)
    with pg_db.read_session() as s:
        groups = set(
            s.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"
                ),
                {"n": name},
            ).scalars()
        )
        assert groups == {server_roles.groups(s.connection())[Role.LIAISON]}
        assert s.scalars(select(User.role).where(User.login == name)).one() == "liaison"
    # Adding the same login again in another role moves it; it is in one group only.
    assert main(["--db", pg_server_url, "user", "add", name, "--role", "manager"]) == 0
    with pg_db.read_session() as s:
        assert server_roles.groups(s.connection())[Role.MANAGER] in set(
            s.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"
                ),
                {"n": name},
            ).scalars()
        )
        assert s.scalars(select(User.role).where(User.login == name)).one() == "manager"


def test_a_liaison_works_through_the_app_and_cannot_rewrite_history(
    login_as: Login, ctx: ServiceContext
) -> None:
    name, db = login_as(Role.LIAISON)
    mine = _ctx_for(db, ctx)
    assert (mine.actor.login, mine.actor.role) == (name, Role.LIAISON)
    assert mine.actor.user_id is not None
    inquiry_id = member_inquiry(db, mine)
    with db.session() as s:
        actions.log_contact(
            s, mine, inquiry_id, None, party=Party.MEMBER, channel=Channel.PHONE, outcome="reached"
        )
    with db.read_session() as s:
        version = s.get(Inquiry, inquiry_id).version  # type: ignore[union-attr]
    with db.session() as s:
        actions.resolve(s, mine, inquiry_id, version, resolution="Refill approved by the MCO.")
    with db.read_session() as s:
        assert s.get(Inquiry, inquiry_id).status == "resolved"  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(TimelineEntry)) >= 3
    # What psql with the same login cannot do: rewrite or erase history, edit users or MCOs.
    _refused(db, "UPDATE timeline_entries SET summary = 'nothing happened'")
    _refused(db, "DELETE FROM timeline_entries")
    _refused(db, "DELETE FROM audit_entries")
    _refused(db, "UPDATE audit_entries SET changes = '{}'")
    _refused(db, "INSERT INTO users (login, display_name, role, active, version) "
                 "VALUES ('boss', 'Boss', 'admin', true, 1)")  # fmt: skip
    _refused(db, "UPDATE users SET role = 'admin'")
    _refused(db, "UPDATE mcos SET name = 'Renamed'")
    _refused(db, "DELETE FROM inquiries")
    # One UPDATE of the counters would have stopped every intake for the day.
    _refused(db, "UPDATE reference_counters SET last_seq = 0")
    _refused(db, "INSERT INTO reference_counters (day, last_seq) VALUES ('261123', 0)")
    with pytest.raises(DomainError), db.session() as s:
        s.execute(text("SELECT liaison_desk_take_references('x; drop', 1)"))
    again = member_inquiry(db, mine)  # numbers still come, through the owner's function
    with db.read_session() as s:
        refs = list(s.scalars(select(Inquiry.reference).order_by(Inquiry.id)))
    assert len(set(refs)) == len(refs) and again


def test_a_manager_reads_and_imports_but_changes_no_existing_work(
    pg_db: Database, login_as: Login, ctx: ServiceContext, tmp_path: Path
) -> None:
    existing = member_inquiry(pg_db, ctx)
    _name, db = login_as(Role.MANAGER)
    mine = _ctx_for(db, ctx)
    assert mine.actor.role is Role.MANAGER
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 1
    # The app refuses first; the server refuses too, for someone going around the app.
    with pytest.raises(PermissionDenied), db.session() as s:
        actions.add_note(s, mine, existing, None, text="a manager's note")
    _refused(db, f"UPDATE inquiries SET description = 'changed' WHERE id = {existing}")
    _refused(db, f"UPDATE milestones SET met_at = now() WHERE inquiry_id = {existing}")
    _refused(db, "INSERT INTO letters (inquiry_id) VALUES (1)")
    # Loading the legacy log adds inquiries (and their history), which the grants allow.
    from openpyxl import Workbook

    wb = Workbook()
    write_sheet(wb, "Member", MEMBER_HEADERS, [member_row(**{"Member Name": "Imported Person"})])
    path = save(wb, tmp_path / "log.xlsx")
    with db.read_session() as s:
        plan = plan_import(s, mine, path)
    with db.session() as s:
        result = write_plan(s, mine, plan)
    assert result.added == 1
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 2


def test_a_csr_sees_and_touches_only_their_own_requests(
    pg_db: Database, login_as: Login, ctx: ServiceContext
) -> None:
    other = member_inquiry(pg_db, ctx)  # a liaison's inquiry
    _name, db = login_as(Role.CSR)
    mine = _ctx_for(db, ctx)
    assert mine.actor.role is Role.CSR
    own = callback_request(db, mine)
    with db.read_session() as s:
        assert list(s.scalars(select(Inquiry.id))) == [own]
        seen = set(s.scalars(select(TimelineEntry.inquiry_id)))
        assert seen == {own}
        assert s.get(Inquiry, other) is None
    with db.session() as s:
        changed = s.execute(text(f"UPDATE inquiries SET description = 'x' WHERE id = {other}"))
        assert changed.rowcount == 0  # not even visible to them
    # A CSR's new rows must be their own callback requests.
    _refused(
        db,
        "INSERT INTO inquiries (reference, track, priority, status, closed, received_at, source,"
        " description, created_by_id, created_at, updated_at, version) VALUES ('000000-0001',"
        " 'mco_member', 'high', 'open', false, now(), 'CSR', 'x', liaison_desk_user_id(), now(),"
        " now(), 1)",
    )
    with pg_db.read_session() as s:  # the owner still sees both
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 2
        assert s.scalar(select(func.count()).select_from(AuditEntry)) > 0
    # The audit trail holds others' phones and addresses: a CSR sees the lines of their own
    # requests only, and no QC audit.
    with db.read_session() as s:
        audited = set(s.execute(text("SELECT DISTINCT entity_id FROM audit_entries")).scalars())
        assert audited == {own}
        assert s.execute(text("SELECT count(*) FROM qc_audit_items")).scalar_one() == 0
    with pg_db.read_session() as s:
        ruled = set(s.execute(text(
            "SELECT tablename FROM pg_policies WHERE policyname = 'ld_csr'"
        )).scalars())  # fmt: skip
    assert {"audit_entries", "qc_audit_items", "qc_audits", "letters", "milestones"} <= ruled


def test_a_login_nobody_added_is_told_whom_to_ask(pg_db: Database, pg_server_url: str) -> None:
    name = f"ld_{uuid.uuid4().hex[:8]}_stray"
    admin = create_engine(make_url(pg_server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN'))
    stray = Database(
        make_url(pg_server_url).set(username=name).render_as_string(hide_password=False)
    )
    try:
        with pytest.raises(PermissionDenied, match=f"user add {name} --role"), stray.session() as s:
            workstation_actor(s, "whoever")
        _refused(stray, "SELECT count(*) FROM inquiries")
    finally:
        stray.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


def test_upgrade_is_idempotent_and_reports_nothing_to_do_for_the_owner(pg_db: Database) -> None:
    from liaison_desk.db.schema import upgrade

    assert upgrade(pg_db) == []
    assert upgrade(pg_db) == []
    with pg_db.read_session() as s:
        policies = set(
            s.execute(text("SELECT tablename || '.' || policyname FROM pg_policies")).scalars()
        )
    assert {"inquiries.ld_csr", "inquiries.ld_staff", "timeline_entries.ld_csr"} <= policies


def test_a_role_changed_in_the_app_moves_the_login_on_the_server(
    pg_db: Database, login_as: Login, ctx: ServiceContext
) -> None:
    from dataclasses import replace

    from liaison_desk.services import reference_admin

    name, db = login_as(Role.LIAISON)
    admin = replace(ctx, actor=make_user(pg_db, "boss_admin", Role.ADMIN, "Boss Admin"))
    with pg_db.session() as s:
        user_id = s.scalars(select(User.id).where(User.login == name)).one()
        reference_admin.update_user(s, admin, user_id, None, role=Role.MANAGER)
    # The person's next start: the server now says manager, and grants as a manager's.
    assert _ctx_for(db, ctx).actor.role is Role.MANAGER
    _refused(db, "UPDATE inquiries SET description = 'x'")


def _ids(db: Database, inquiry_id: int) -> tuple[int, int]:
    """(a running clock's id, the inquiry's 'created' entry id), read as the owner."""
    with db.read_session() as s:
        clock_id = s.execute(
            text("SELECT id FROM milestones WHERE inquiry_id = :i AND met_at IS NULL LIMIT 1"),
            {"i": inquiry_id},
        ).scalar_one()
        created = s.execute(
            text("SELECT id FROM timeline_entries WHERE inquiry_id = :i AND kind = 'created'"),
            {"i": inquiry_id},
        ).scalar_one()
    return int(clock_id), int(created)


def _refused_together(db: Database, *statements: str) -> None:
    """Several statements in one transaction (as psql would send them), refused as a whole."""
    with pytest.raises(PermissionDenied, match="does not let your login"), db.session() as s:
        for sql in statements:
            s.execute(text(sql))


def test_a_worker_cannot_fake_compliance_or_history_with_sql(
    pg_db: Database, login_as: Login, ctx: ServiceContext
) -> None:
    name, db = login_as(Role.LIAISON)
    mine = _ctx_for(db, ctx)
    inquiry_id = member_inquiry(db, mine)
    clock_id, created = _ids(pg_db, inquiry_id)
    note = (
        "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, data) "
        f"VALUES ({inquiry_id}, now(), now(), 'note', 'cover', '{{}}')"
    )
    # Met on time, by decree: with or without a covering note, with the wrong entry.
    _refused(db, f"UPDATE milestones SET met_at = due_at - interval '1 hour', "
                 f"version = version + 1 WHERE id = {clock_id}")  # fmt: skip
    _refused_together(db, note, f"UPDATE milestones SET met_at = due_at - interval '1 hour', "
                                f"version = version + 1 WHERE id = {clock_id}")  # fmt: skip
    _refused_together(db, note, "UPDATE milestones SET met_at = (SELECT at FROM timeline_entries"
                                f" WHERE id = {created}), met_by_entry_id = {created},"
                                f" version = version + 1 WHERE id = {clock_id}")  # fmt: skip
    # A deadline moved, a version jumped, a reference or its maker rewritten.
    _refused_together(db, note, "UPDATE milestones SET due_at = due_at + interval '30 days', "
                                f"version = version + 1 WHERE id = {clock_id}")  # fmt: skip
    _refused(db, f"UPDATE inquiries SET version = version + 5 WHERE id = {inquiry_id}")
    _refused(db, f"UPDATE inquiries SET reference = '990101-0001', version = version + 1 "
                 f"WHERE id = {inquiry_id}")  # fmt: skip
    _refused(db, f"UPDATE inquiries SET created_by_id = NULL, version = version + 1 "
                 f"WHERE id = {inquiry_id}")  # fmt: skip
    # A quiet change with no line in the timeline.
    _refused(db, f"UPDATE inquiries SET received_at = received_at - interval '1 day', "
                 f"version = version + 1 WHERE id = {inquiry_id}")  # fmt: skip
    # Entries dated in the future or before the inquiry was received.
    _refused(db, "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, "
                 f"data) VALUES ({inquiry_id}, now() + interval '2 days', now(), 'note', 'x', "
                 "'{}')")  # fmt: skip
    _refused(db, "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, "
                 f"data) VALUES ({inquiry_id}, now() - interval '400 days', now(), 'note', 'x', "
                 "'{}')")  # fmt: skip
    # A clock of one's own making, met at birth, with a note for cover.
    with pg_db.read_session() as s:
        policy = s.execute(text("SELECT id FROM policies LIMIT 1")).scalar_one()
    forged = (
        "INSERT INTO milestones (inquiry_id, policy_id, kind, label, started_at, due_at, "
        f"met_at, met_by_entry_id, policy_snapshot, version) VALUES ({inquiry_id}, {policy}, "
        f"'contact_originator', 'x', now(), now() + interval '9 days', now(), {created}, "
        '\'{"met_by": ["created"]}\', 1)'
    )
    _refused_together(db, note, forged)
    _refused_together(db, note, forged.replace(f"now(), {created}", "NULL, NULL"))
    _refused(db, "SELECT liaison_desk_add_login('intruder', 'admin', NULL, false)")
    # History written under another name or another time is written under the truth.
    with pg_db.read_session() as s:
        other = s.execute(text("SELECT id FROM users WHERE login <> :n LIMIT 1"), {"n": name})
        other_id = int(other.scalar_one())
    with db.session() as s:
        s.execute(text(
            "INSERT INTO audit_entries (at, actor, entity, entity_id, action, changes) VALUES "
            f"(now() - interval '300 days', 'someone_else', 'inquiry', {inquiry_id}, 'x', '{{}}')"
        ))  # fmt: skip
        s.execute(text(
            "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, user_id, kind, summary,"
            f" data) VALUES ({inquiry_id}, now(), now() - interval '300 days', {other_id},"
            " 'note', 'planted', '{}')"
        ))  # fmt: skip
    with pg_db.read_session() as s:
        audit = s.execute(text("SELECT actor, at > now() - interval '1 hour' FROM audit_entries "
                               "WHERE action = 'x'")).one()  # fmt: skip
        assert tuple(audit) == (name, True)
        planted = s.execute(text(
            "SELECT e.user_id = u.id, e.recorded_at > now() - interval '1 hour' FROM "
            "timeline_entries e JOIN users u ON u.login = :n WHERE e.summary = 'planted'"
        ), {"n": name}).one()  # fmt: skip
        assert tuple(planted) == (True, True)
    # The app's own way still works, and meets the clock with its entry.
    with db.session() as s:
        actions.log_contact(
            s, mine, inquiry_id, None, party=Party.MEMBER, channel=Channel.PHONE, outcome="reached"
        )
    with pg_db.read_session() as s:
        met = s.execute(text(f"SELECT met_by_entry_id IS NOT NULL FROM milestones "
                             f"WHERE id = {clock_id}")).scalar_one()  # fmt: skip
    assert met


def test_a_csr_cannot_approve_or_resolve_their_own_request(
    login_as: Login, ctx: ServiceContext
) -> None:
    _name, db = login_as(Role.CSR)
    mine = _ctx_for(db, ctx)
    own = callback_request(db, mine)
    note = (
        "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, data) "
        f"VALUES ({own}, now(), now(), 'note', 'cover', '{{}}')"
    )
    _refused_together(db, note, "UPDATE inquiries SET status = 'open', approved_at = now(), "
                                f"version = version + 1 WHERE id = {own}")  # fmt: skip
    resolve_own = (
        "UPDATE inquiries SET status = 'resolved', closed = true, resolution = 'done', "
        f"version = version + 1 WHERE id = {own}"
    )
    _refused_together(db, note, resolve_own)
    _refused(db, "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, outcome, "
                 f"summary, data) VALUES ({own}, now(), now(), 'approval', 'approved', "
                 "'Callback approved by the Unit Lead', '{}')")  # fmt: skip


def test_a_manager_adds_no_clock_to_existing_work(
    pg_db: Database, login_as: Login, ctx: ServiceContext
) -> None:
    existing = member_inquiry(pg_db, ctx)
    _name, db = login_as(Role.MANAGER)
    with pg_db.read_session() as s:
        policy = s.execute(text("SELECT id FROM policies LIMIT 1")).scalar_one()
    _refused_together(
        db,
        "INSERT INTO audit_entries (at, actor, entity, entity_id, action, changes) VALUES "
        f"(now(), 'x', 'inquiry', {existing}, 'x', '{{}}')",
        "INSERT INTO milestones (inquiry_id, policy_id, kind, label, started_at, due_at, "
        f"policy_snapshot, version) VALUES ({existing}, {policy}, 'contact_originator', 'x', "
        "now() - interval '2 days', now() + interval '10 days', '{}', 1)",
    )


def test_the_whole_working_day_passes_the_server_rules(
    pg_db: Database, login_as: Login, ctx: ServiceContext
) -> None:
    """Every action of the app, as the logins that do them: the rules refuse no honest work."""
    from datetime import timedelta

    from liaison_desk.domain import CallOutcome, Priority
    from liaison_desk.services import callbacks, clocks, letters_store
    from liaison_desk.services.actions import McoUpdate
    from liaison_desk.services.corrections import DetailsEdit, edit_details
    from tests.action_helpers import mco_id

    _n, ldb = login_as(Role.LIAISON)
    _n, udb = login_as(Role.UNIT_LEAD)
    _n, cdb = login_as(Role.CSR)
    liaison, lead, csr = _ctx_for(ldb, ctx), _ctx_for(udb, ctx), _ctx_for(cdb, ctx)

    def version(inquiry_id: int) -> int:
        with pg_db.read_session() as s:
            return s.get(Inquiry, inquiry_id).version  # type: ignore[union-attr]

    def run(db: Database, fn: Callable[..., object], *args: object, **kw: object) -> object:
        with db.session() as s:
            return fn(s, *args, **kw)

    # A liaison's member inquiry, worked from intake to reopening.
    member = member_inquiry(ldb, liaison, Priority.ESCALATED)
    run(
        ldb,
        edit_details,
        liaison,
        member,
        version(member),
        DetailsEdit(received_at=ctx.clock.now() - timedelta(hours=1), reason="came in at 8"),
    )
    run(
        ldb,
        actions.refer_to_mco,
        liaison,
        member,
        None,
        mco_id=mco_id(pg_db),
        department="Member Services",
    )
    run(
        ldb,
        actions.change_priority,
        liaison,
        member,
        version(member),
        priority=Priority.HIGH,
        reason="Out of medication",
    )
    ctx.clock.advance(timedelta(days=3))  # the MCO clock is missed: a follow-up is raised
    run(ldb, clocks.raise_follow_ups, liaison)
    run(ldb, actions.record_mco_update, liaison, member, None, update=McoUpdate.CONTACTED)
    run(
        ldb,
        actions.log_contact,
        liaison,
        member,
        None,
        party=Party.MEMBER,
        channel=Channel.PHONE,
        outcome="reached",
    )
    run(ldb, actions.resolve, liaison, member, version(member), resolution="Refill approved.")
    run(ldb, actions.reopen, liaison, member, version(member), reason="Pharmacy refused again.")
    run(
        ldb,
        letters_store.create_letter,
        liaison,
        member,
        letters_store.ISSUE_OUTCOME,
        "Your refill is approved.",
        "Liam O'Brien",
        "1 Main St\nAmes, IA 50010",
        ctx.clock.now().date(),
    )
    # A CSR's request, corrected by them, approved and called back by the Unit Lead.
    request = callback_request(cdb, csr)
    run(
        cdb,
        edit_details,
        csr,
        request,
        version(request),
        DetailsEdit(mailing_address="9 Oak St\nAmes, IA 50010"),
    )
    run(udb, callbacks.approve, lead, request, version(request))
    for outcome in (CallOutcome.NO_ANSWER, CallOutcome.REACHED):
        run(
            udb,
            callbacks.record_attempt,
            lead,
            request,
            None,
            number_dialled="515-555-0199",
            outcome=outcome,
        )
    run(udb, callbacks.complete_callback, lead, request, version(request))
    # A provider issue: decided, assigned, then found to be a member's.
    from liaison_desk.domain import Decision
    from tests.action_helpers import provider_inquiry

    provider = provider_inquiry(ldb, liaison)
    run(
        ldb,
        actions.record_decision,
        liaison,
        provider,
        version(provider),
        decision=Decision.RESOLVED_BY_IME,
    )
    run(ldb, actions.assign, liaison, provider, version(provider), assignee_id=lead.actor.user_id)
    run(
        ldb,
        edit_details,
        liaison,
        provider,
        version(provider),
        DetailsEdit(
            track="mco_member",
            member_name="Ana Ruiz",
            caller_name="Ana Ruiz",
            caller_phone="515-555-0123",
            mco_ids=[mco_id(pg_db)],
            source="CSR",
            reason="A member called about the clinic",
        ),
    )
    # A request sent back, corrected and resubmitted by the CSR.
    again = callback_request(cdb, csr, caller_name="Bo Lind")
    run(udb, callbacks.send_back, lead, again, version(again), note="Which phone?")
    run(
        cdb,
        callbacks.resubmit,
        csr,
        again,
        version(again),
        note="Mobile number",
        caller_phone="319-555-0111",
    )
    with pg_db.read_session() as s:
        assert s.get(Inquiry, request).status == "resolved"  # type: ignore[union-attr]
        assert s.get(Inquiry, member).status != "resolved"  # type: ignore[union-attr]
        assert s.get(Inquiry, provider).track == "mco_member"  # type: ignore[union-attr]
        assert s.get(Inquiry, again).status == "pending_approval"  # type: ignore[union-attr]


def test_an_admin_login_has_no_power_over_the_server(
    pg_db: Database, pg_server_url: str, login_as: Login, ctx: ServiceContext
) -> None:
    from liaison_desk.services.users import add_team_member

    admin_name, admin_db = login_as(Role.ADMIN)
    csr_name, _csr_db = login_as(Role.CSR)
    with pg_db.read_session() as s:
        rights = s.execute(
            text("SELECT rolcreaterole, rolsuper FROM pg_roles WHERE rolname = :n"),
            {"n": admin_name},
        ).one()
        admin_group = server_roles.groups(s.connection())[Role.ADMIN]
    assert tuple(rights) == (False, False)
    _refused(admin_db, "CREATE ROLE intruder LOGIN")
    _refused(admin_db, "GRANT pg_execute_server_program TO CURRENT_USER")
    _refused(admin_db, f"ALTER ROLE \"{csr_name}\" PASSWORD 'taken-over'")
    _refused(admin_db, f'GRANT "{admin_group}" TO "{csr_name}"')
    # Through the app (the same functions psql could call) an admin still adds people.
    mine = _ctx_for(admin_db, ctx)
    newcomer = f"new_{uuid.uuid4().hex[:8]}"
    try:
        with admin_db.session() as s:
            _user, created = add_team_member(s, mine, newcomer, Role.LIAISON)
        assert created
        # … but not an existing login of something else on the server.
        other = f"otherapp_{uuid.uuid4().hex[:8]}"
        with pg_db.engine.begin() as conn:
            conn.execute(text(f'CREATE ROLE "{other}" LOGIN'))
        try:
            refused = pytest.raises(PermissionDenied, match="not made for this database")
            with refused, admin_db.session() as s:
                add_team_member(s, mine, other, Role.ADMIN)
            assert main(["--db", pg_server_url, "user", "add", other, "--role", "admin"]) != 0
            # The database owner may adopt it, saying so.
            assert (
                main(["--db", pg_server_url, "user", "add", other, "--role", "csr", "--adopt"]) == 0
            )
        finally:
            with pg_db.engine.begin() as conn:
                conn.execute(text(f'DROP OWNED BY "{other}"'))
                conn.execute(text(f'DROP ROLE IF EXISTS "{other}"'))
    finally:
        with pg_db.engine.begin() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{newcomer}"'))


def test_a_login_of_one_database_is_a_stranger_in_another(
    pg_db: Database, pg_server_url: str, login_as: Login, ctx: ServiceContext
) -> None:
    from liaison_desk.db.schema import upgrade

    name, _db = login_as(Role.LIAISON)
    other_name = f"ld_test_other_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(pg_server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{other_name}"'))
    other_url = make_url(pg_server_url).set(database=other_name)
    other = Database(other_url.render_as_string(hide_password=False))
    stranger = Database(other_url.set(username=name).render_as_string(hide_password=False))
    try:
        upgrade(other)
        elsewhere = pytest.raises(PermissionDenied, match="another Liaison Desk database")
        with elsewhere, stranger.session() as s:
            workstation_actor(s, "x")
        with pytest.raises(PermissionDenied), stranger.session() as s:
            s.execute(text("SELECT count(*) FROM inquiries")).scalar_one()
    finally:
        stranger.dispose()
        other.dispose()
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": other_name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{other_name}"'))
            prefix = server_roles.prefix_for(other_name)
            for role in conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{prefix}_%"}
            ).scalars():
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def test_the_record_of_who_opened_what_is_the_servers(
    pg_db: Database, login_as: Login, ctx: ServiceContext
) -> None:
    from liaison_desk.services.access import accesses_for_member, record_views

    name, ldb = login_as(Role.LIAISON)
    _m, mdb = login_as(Role.MANAGER)
    _c, cdb = login_as(Role.CSR)
    liaison, manager = _ctx_for(ldb, ctx), _ctx_for(mdb, ctx)
    inquiry_id = member_inquiry(ldb, liaison)
    with ldb.session() as s:  # another person's name and a time long ago, as psql could send
        s.execute(text(
            "INSERT INTO inquiry_views (inquiry_id, user_id, at) VALUES "
            f"({inquiry_id}, NULL, now() - interval '200 days')"
        ))  # fmt: skip
        record_views(s, liaison, [(inquiry_id, ctx.clock.now())])
    _refused(ldb, "SELECT count(*) FROM inquiry_views")  # workers do not read the record
    _refused(ldb, "UPDATE inquiry_views SET user_id = NULL")
    _refused(mdb, "DELETE FROM inquiry_views")
    with pytest.raises(PermissionDenied), cdb.session() as s:  # a CSR: only their own requests
        s.execute(text(f"INSERT INTO inquiry_views (inquiry_id, at) VALUES ({inquiry_id}, now())"))
    with mdb.read_session() as s:
        seen = accesses_for_member(s, manager, "Liam O'Brien")
        stamped = s.execute(text(
            "SELECT bool_and(at > now() - interval '1 hour') FROM inquiry_views"
        )).scalar_one()  # fmt: skip
    assert [a.who for a in seen] == [name, name] and stamped


def test_an_admin_imports_a_log_with_its_met_clocks(
    login_as: Login, ctx: ServiceContext, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    _name, db = login_as(Role.ADMIN)
    mine = _ctx_for(db, ctx)
    wb = Workbook()
    row = member_row(**{"Member Name": "Imported Person", "Date Member Contacted": "11/03/2026"})
    write_sheet(wb, "Member", MEMBER_HEADERS, [row])
    path = save(wb, tmp_path / "log.xlsx")
    with db.read_session() as s:
        plan = plan_import(s, mine, path)
    with db.session() as s:
        assert write_plan(s, mine, plan).added == 1
    with db.read_session() as s:
        met = s.execute(text("SELECT count(*) FROM milestones WHERE met_at IS NOT NULL"))
        assert met.scalar_one() >= 1
