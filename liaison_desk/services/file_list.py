"""What the list of an inquiry's files shows: its attachments and the letters the app wrote,
oldest first. Read with the inquiry's detail (the detail pane) and by
:func:`liaison_desk.services.attachments.files_of`; only the metadata, never the contents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import Attachment, Letter


@dataclass(frozen=True)
class FileRow:
    """One line of an inquiry's files: an attachment, or a letter the app wrote."""

    id: int
    kind: str  # "attachment" or "letter"
    name: str
    content_type: str
    size: int
    added_at: datetime
    added_by: str
    hidden: bool = False
    hidden_reason: str = ""


def list_files(
    session: Session, inquiry_id: int, names: Mapping[int, str], *, include_hidden: bool = False
) -> list[FileRow]:
    """``names``: user id → display name (who added each)."""
    stmt = select(Attachment).where(Attachment.inquiry_id == inquiry_id)
    if not include_hidden:
        stmt = stmt.where(Attachment.hidden_at.is_(None))
    rows = [
        FileRow(a.id, "attachment", a.name, a.content_type, a.size, a.created_at,
                names.get(a.created_by_id or 0, ""), a.hidden_at is not None,
                a.hidden_reason or "")
        for a in session.scalars(stmt)
    ]  # fmt: skip
    letters = session.execute(
        select(Letter.id, Letter.subject, Letter.created_at, Letter.created_by_id,
               func.length(Letter.pdf)).where(Letter.inquiry_id == inquiry_id)
    )  # fmt: skip
    rows += [
        FileRow(i, "letter", f"Letter — {subject}.pdf", "application/pdf", int(n or 0), at,
                names.get(by or 0, ""))
        for i, subject, at, by, n in letters
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (r.added_at, r.kind, r.id))
