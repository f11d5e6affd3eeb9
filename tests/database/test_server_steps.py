"""Seed 003 on PostgreSQL with real logins: a CSR records a consideration case, the QC
reviewer vets it, the State Monitor processes it, the supervisor does the outreach — through
the app; and in psql each of them can do no more than their step."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry
from liaison_desk.domain import Role
from liaison_desk.errors import PermissionDenied
from liaison_desk.services import considerations as cons
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import member_inquiry, run
from tests.database.test_server_roles import Login, _ctx_for, _refused, ctx, login_as  # noqa: F401

pytestmark = pytest.mark.usefixtures("pg_db")


def _case(db: Database, c: ServiceContext) -> int:
    data = cons.ConsiderationIntake(
        kind="incorrect_selection",
        participants=[cons.Participant("Ana Lopez", "1234567A")],
        requested_change="Wellpoint Iowa",
    )
    return run(db, cons.create_consideration, c, data).inquiry.id


def test_each_step_by_its_own_login_and_nothing_more_in_psql(
    pg_db: Database,
    login_as: Login,  # noqa: F811
    ctx: ServiceContext,  # noqa: F811
) -> None:
    _n, csr_db = login_as(Role.CSR)
    _n, qc_db = login_as(Role.QC_REVIEWER)
    _n, mon_db = login_as(Role.STATE_MONITOR)
    _n, lead_db = login_as(Role.UNIT_LEAD)
    csr, qc, mon = (_ctx_for(d, ctx) for d in (csr_db, qc_db, mon_db))
    lead = _ctx_for(lead_db, ctx)
    assert (qc.actor.role, mon.actor.role) == (Role.QC_REVIEWER, Role.STATE_MONITOR)
    member = member_inquiry(lead_db, lead)
    first = _case(csr_db, csr)
    second = _case(csr_db, csr)

    # A CSR records a case; one already vetted or closed, in psql, is refused.
    _refused(
        csr_db,
        "INSERT INTO inquiries (reference, track, priority, status, closed, received_at, "
        "created_at, updated_at, source, description, qc_result, version) VALUES "
        "('261123-9999', 'consideration', 'escalated', 'qc_vetting', false, now(), now(), "
        "now(), 'CSR', 'x', 'true', 1)",
    )
    # They see the consideration cases and nothing else, in the app and in psql.
    for d in (qc_db, mon_db):
        with d.read_session() as s:
            assert set(s.scalars(select(Inquiry.id))) == {first, second}
            assert s.scalar(text(f"SELECT count(*) FROM timeline_entries "
                                 f"WHERE inquiry_id = {member}")) == 0  # fmt: skip
    # Out of turn, or another's step: refused by the server as by the app.
    _refused(mon_db, f"UPDATE inquiries SET status = 'resolved', closed = true, "
                     f"version = version + 1 WHERE id = {first}")  # fmt: skip
    _refused(qc_db, f"UPDATE inquiries SET assignee_id = NULL, version = version + 1 "
                    f"WHERE id = {first}")  # fmt: skip
    _refused(
        qc_db,
        "INSERT INTO timeline_entries (inquiry_id, at, recorded_at, kind, summary, data) "
        f"VALUES ({first}, now(), now(), 'resolution', 'done', '{{}}')",
    )
    _refused(qc_db, f"UPDATE inquiries SET description = 'x', version = version + 1 "
                    f"WHERE id = {member}")  # fmt: skip

    run(qc_db, cons.vet, qc, first, None, true_case=True)
    run(qc_db, cons.vet, qc, second, None, true_case=False)
    with pytest.raises(PermissionDenied):
        run(mon_db, cons.vet, mon, second, None, true_case=True)
    # The State Monitor cannot send a case back to QC vetting in psql either.
    _refused(mon_db, f"UPDATE inquiries SET status = 'qc_vetting', version = version + 1 "
                     f"WHERE id = {first}")  # fmt: skip
    run(mon_db, cons.record_monitor_result, mon, first, None, processed=True)
    run(lead_db, cons.record_outreach, lead, second, None, reached=True, note="Explained")
    with pg_db.read_session() as s:
        done = {i.id: (i.closed, i.outcome) for i in s.scalars(select(Inquiry))}
    assert done[first] == (True, "Plan selection corrected")
    assert done[second] == (True, "Outreach completed")
