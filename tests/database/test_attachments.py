"""Issue 14: files kept with an inquiry — added in chunks, read back whole, checked by name
and contents, limited in size, hidden with a reason (never deleted), letters in the list."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from liaison_desk.db.engine import Database
from liaison_desk.db.models import Attachment, AttachmentChunk, AuditEntry
from liaison_desk.domain import Role
from liaison_desk.errors import ValidationError
from liaison_desk.services import attachments
from liaison_desk.services.context import Actor, ServiceContext
from tests.action_helpers import entries, member_inquiry, run

PDF = b"%PDF-1.4\n" + b"x" * (attachments.CHUNK * 2 + 123) + b"\n%%EOF\n"


def test_a_file_is_kept_in_chunks_and_read_back_whole(db: Database, ctx: ServiceContext) -> None:
    iid = member_inquiry(db, ctx)
    row = run(db, attachments.add_attachment, ctx, iid, "C:\\Users\\lee\\denial letter.pdf",
              io.BytesIO(PDF))  # fmt: skip
    assert (row.name, row.size, row.content_type) == ("denial letter.pdf", len(PDF),
                                                      "application/pdf")  # fmt: skip
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentChunk)) == 3
        out = io.BytesIO()
        attachments.write_to(s, ctx, row.id, out)
        assert out.getvalue() == PDF
        listed = attachments.files_of(s, ctx, iid)
    assert [(f.kind, f.name, f.added_by) for f in listed] == [
        ("attachment", "denial letter.pdf", "Lee Liaison")
    ]
    assert entries(db, iid, "note")[-1].summary == "File attached: denial letter.pdf (2.0 MB)"


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("setup.exe", b"MZ\x90\x00", "only PDF, Word"),
        ("report.pdf", b"MZ\x90\x00rest", "is a program"),
        ("scan.pdf", b"GIF89a...", "is not the PDF file its name says"),
        ("notes.txt", b"abc\x00def", "is not a text file"),
        ("empty.txt", b"", "is empty"),
        ("noext", b"%PDF-1.4", "only PDF, Word"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_in_words(
    db: Database, ctx: ServiceContext, name: str, data: bytes, words: str
) -> None:
    iid = member_inquiry(db, ctx)
    with pytest.raises(ValidationError) as err:
        run(db, attachments.add_attachment, ctx, iid, name, io.BytesIO(data))
    assert words in err.value.problems["file"]
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0


def test_the_size_limit_is_the_admins_and_nothing_is_kept_above_it(
    db: Database, ctx: ServiceContext
) -> None:
    iid = member_inquiry(db, ctx)
    admin = ServiceContext(Actor("ada", Role.ADMIN), ctx.clock, ctx.calendar)
    run(db, attachments.set_max_mb, admin, 1)
    with pytest.raises(ValidationError) as err:
        run(db, attachments.add_attachment, ctx, iid, "big.pdf", io.BytesIO(PDF))
    assert "larger than 1 MB" in err.value.problems["file"]
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AttachmentChunk)) == 0
        assert attachments.max_mb(s) == 1


def test_hidden_with_a_reason_never_deleted(db: Database, ctx: ServiceContext) -> None:
    iid = member_inquiry(db, ctx)
    row = run(db, attachments.add_attachment, ctx, iid, "wrong member.png",
              io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100))  # fmt: skip
    with pytest.raises(ValidationError):
        run(db, attachments.hide, ctx, row.id, "  ")
    run(db, attachments.hide, ctx, row.id, "Belongs to another member")
    with db.read_session() as s:
        assert attachments.files_of(s, ctx, iid) == []
        (hidden,) = attachments.files_of(s, ctx, iid, include_hidden=True)
        assert hidden.hidden and hidden.hidden_reason == "Belongs to another member"
        assert s.scalar(select(func.count()).select_from(AttachmentChunk)) == 1  # kept
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "hide_file")).one()
        assert (audit.entity, audit.entity_id) == ("inquiry", iid)
        assert audit.changes == {"attachment_id": row.id, "reason": "Belongs to another member"}
