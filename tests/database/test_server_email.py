"""Issue 14 on PostgreSQL with each person's own login: the account manager takes in and
assigns e-mail inquiries (seed 004) and nothing else; a liaison's e-mailed reply meets the
first-response clock on the server's check; an acknowledgement does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from liaison_desk.db.models import Attachment, Inquiry, Milestone
from liaison_desk.domain import Role
from liaison_desk.errors import PermissionDenied
from liaison_desk.services import email_intake, email_replies
from liaison_desk.services.actions.editing import assign
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import email_inquiry, member_inquiry, run
from tests.database.test_email_inquiries import eml
from tests.database.test_server_roles import Login, _ctx_for, _refused, login_as  # noqa: F401

pytestmark = pytest.mark.postgres


def test_the_account_manager_logs_and_assigns_email_only(
    login_as: Login,  # noqa: F811
    now_ctx: ServiceContext,
    tmp_path: Path,
) -> None:
    _, manager_db = login_as(Role.MANAGER)
    _, liaison_db = login_as(Role.LIAISON)
    manager, liaison = _ctx_for(manager_db, now_ctx), _ctx_for(liaison_db, now_ctx)
    path = eml(tmp_path, sent="Mon, 23 Nov 2026 10:00:00 -0600")
    data = email_intake.EmailIntake(channel="Member Services mailbox", sender_name="Pat",
                                    email="pat@example.org", description="My ride.")  # fmt: skip
    iid = run(manager_db, email_intake.create_email_inquiry, manager, data, path).inquiry.id
    with manager_db.read_session() as s:
        inquiry = s.get(Inquiry, iid)
        assert inquiry is not None and inquiry.assignee_id is None
        assert s.scalar(select(Attachment.name).where(Attachment.inquiry_id == iid)) == "ride.eml"
        version = inquiry.version
    run(manager_db, assign, manager, iid, version, assignee_id=liaison.actor.user_id)
    other = member_inquiry(liaison_db, liaison)
    with pytest.raises(PermissionDenied), manager_db.session() as s:
        assign(s, manager, other, None, assignee_id=liaison.actor.user_id)
    # Around the app, in psql: not another kind of inquiry, not another column.
    _refused(manager_db, f"UPDATE inquiries SET description = 'x' WHERE id = {iid}")
    _refused(manager_db, f"UPDATE inquiries SET track = 'mco_member' WHERE id = {iid}")
    with manager_db.session() as s:  # a row the policy hides is not updated (and not an error)
        moved = s.execute(text(f"UPDATE inquiries SET assignee_id = NULL, version = version + 1 "
                               f"WHERE id = {other}")).rowcount  # type: ignore[attr-defined]  # fmt: skip
    assert moved == 0


def test_a_reply_meets_the_first_response_on_the_servers_check(
    login_as: Login,  # noqa: F811
    now_ctx: ServiceContext,
) -> None:
    _, db = login_as(Role.LIAISON)
    mine = _ctx_for(db, now_ctx)
    iid = email_inquiry(db, mine)
    run(db, email_replies.log_email, mine, iid, None, what="acknowledgement", body="Got it.",
        sent_from_app=False)  # fmt: skip
    with db.read_session() as s:
        first = s.scalars(select(Milestone).where(Milestone.inquiry_id == iid,
                          Milestone.kind == "email_first_response")).one()  # fmt: skip
        assert first.met_at is None
        first_id = first.id
        ack_id = s.execute(text(f"SELECT max(id) FROM timeline_entries WHERE inquiry_id = {iid}"))
        ack = ack_id.scalar_one()
    # Claiming the acknowledgement met the clock, in psql: the server says no.
    _refused(db, f"UPDATE milestones SET met_at = (SELECT at FROM timeline_entries WHERE id = "
                 f"{ack}), met_by_entry_id = {ack}, closed_reason = 'met', version = version + 1 "
                 f"WHERE id = {first_id}")  # fmt: skip
    run(db, email_replies.log_email, mine, iid, None, what="reply", body="Rebooked.",
        sent_from_app=False)  # fmt: skip
    with db.read_session() as s:
        assert s.get(Milestone, first_id).closed_reason == "met"  # type: ignore[union-attr]
