"""Issue 14 on PostgreSQL with each person's own login: a kept file is never changed or
deleted, hidden only once and with a reason, and a CSR sees the files of their own requests
only."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select, text

from liaison_desk.db.models import Attachment
from liaison_desk.domain import Role
from liaison_desk.errors import PermissionDenied
from liaison_desk.services import attachments
from liaison_desk.services.context import ServiceContext
from tests.action_helpers import callback_request, member_inquiry, run
from tests.database.test_server_roles import Login, _ctx_for, login_as  # noqa: F401

pytestmark = pytest.mark.postgres


def test_files_through_workers_logins(login_as: Login, now_ctx: ServiceContext) -> None:  # noqa: F811
    _, db = login_as(Role.LIAISON)
    _, csr_db = login_as(Role.CSR)
    mine, csr = _ctx_for(db, now_ctx), _ctx_for(csr_db, now_ctx)
    iid = member_inquiry(db, mine)
    row = run(db, attachments.add_attachment, mine, iid, "a.pdf", io.BytesIO(b"%PDF-1.4 x"))
    with db.read_session() as s:
        by = s.scalar(select(Attachment.created_by_id).where(Attachment.id == row.id))
    assert by == mine.actor.user_id
    for sql in (
        f"DELETE FROM attachments WHERE id = {row.id}",
        f"UPDATE attachments SET name = 'b.pdf' WHERE id = {row.id}",
        f"INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ({row.id}, 9, 'x')",
        f"UPDATE attachments SET hidden_reason = '' WHERE id = {row.id}",
    ):
        with pytest.raises(PermissionDenied), db.session() as s:
            s.execute(text(sql))
    run(db, attachments.hide, mine, row.id, "Wrong file")
    with pytest.raises(PermissionDenied), db.session() as s:
        s.execute(text(f"UPDATE attachments SET hidden_reason = 'x' WHERE id = {row.id}"))
    # The CSR's own request: their file is theirs to see; the liaison's is not visible at all.
    request = callback_request(csr_db, csr)
    run(csr_db, attachments.add_attachment, csr, request, "note.txt", io.BytesIO(b"hello"))
    with csr_db.read_session() as s:
        assert s.execute(text("SELECT count(*) FROM attachments")).scalar() == 1
        assert s.execute(text("SELECT count(*) FROM attachment_chunks")).scalar() == 1
