"""Files kept with an inquiry (issue 14): add, list, read back, hide (never delete).

A file is read twice from its (seekable) stream: once to check its size against the admin's
limit and to take its SHA-256, once to store it in 1 MB chunks — never whole in memory, on
SQLite and PostgreSQL alike. Its type is checked by name *and* by its first bytes: a file
whose contents are not what its name says (an executable renamed ``.pdf``) is refused in
words. Letters written by the app appear in the same list.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import BinaryIO, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from ..db.models import Attachment, AttachmentChunk, Inquiry
from ..domain import EntryKind
from ..errors import NotFoundError, ValidationError
from . import app_settings, audit
from .context import ServiceContext
from .file_list import FileRow, list_files
from .history import add_entry
from .permissions import Action, require, visibility_filter
from .users import user_names

CHUNK = 1024 * 1024
KEY_LIMIT = "attachments.max_mb"
DEFAULT_MB = 25
LIMITS = (1, 200)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook .msg, old Word and Excel
_ZIP = b"PK\x03\x04"  # Word, Excel, OpenDocument
# extension → (content type, what its first bytes must be; None: text, no NUL bytes)
TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "tif": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    "tiff": ("image/tiff", (b"II*\x00", b"MM\x00*")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (_ZIP,)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    "odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    "doc": ("application/msword", (_OLE,)),
    "xls": ("application/vnd.ms-excel", (_OLE,)),
    "msg": ("application/vnd.ms-outlook", (_OLE,)),
    "eml": ("message/rfc822", None),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
    "rtf": ("application/rtf", (b"{\\rtf",)),
}
_KINDS = (
    "PDF, Word, Excel, OpenDocument, pictures (PNG, JPEG, GIF, TIFF), e-mail (.msg, .eml) and text"
)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def max_mb(session: Session) -> int:
    return app_settings.read_int(session, KEY_LIMIT, DEFAULT_MB, LIMITS)


def set_max_mb(session: Session, ctx: ServiceContext, mb: int) -> int:
    require(ctx.actor, Action.ADMINISTER)
    if not LIMITS[0] <= mb <= LIMITS[1]:
        raise ValidationError({"max_mb": f"Choose between {LIMITS[0]} and {LIMITS[1]} MB."})
    before = app_settings.write(session, KEY_LIMIT, mb)
    audit.record(session, ctx, "setting", None, "update", {KEY_LIMIT: [before, mb]})
    return mb


def clean_name(name: str) -> str:
    """The file's own name (no folders), without characters no file system takes."""
    base = PurePath(name.replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    return base[:255] or "file"


def _check_type(name: str, head: bytes) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        raise ValidationError(
            {"file": f"“{name}” cannot be kept with an inquiry: only {_KINDS} files."}
        )
    content_type, magic = TYPES[ext]
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise ValidationError({"file": f"“{name}” is a program, not a document: it is refused."})
    if magic is None:
        if b"\x00" in head[:8192]:
            raise ValidationError({"file": f"“{name}” is not a text file, whatever its name."})
    elif not head.startswith(magic):
        raise ValidationError(
            {"file": f"“{name}” is not the {ext.upper()} file its name says it is; it is refused."}
        )
    return content_type


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    while block := stream.read(CHUNK):
        yield block


def _visible(session: Session, ctx: ServiceContext, inquiry_id: int) -> Inquiry:
    found = session.scalar(
        select(Inquiry).where(Inquiry.id == inquiry_id, visibility_filter(ctx.actor))
    )
    if found is None:
        raise NotFoundError("That inquiry no longer exists.")
    return found


def add_attachment(
    session: Session, ctx: ServiceContext, inquiry_id: int, name: str, stream: BinaryIO
) -> FileRow:
    """Keep the file of ``stream`` (seekable, at its start) with the inquiry."""
    require(ctx.actor, Action.ADD_NOTE)
    return keep(session, ctx, _visible(session, ctx, inquiry_id), name, stream)


def keep(
    session: Session, ctx: ServiceContext, inquiry: Inquiry, name: str, stream: BinaryIO
) -> FileRow:
    """Keep a file with ``inquiry`` (its caller has checked who may): type, size, chunks."""
    name = clean_name(name)
    start = stream.tell()
    head = stream.read(8192)
    content_type = _check_type(name, head)
    limit = max_mb(session) * 1024 * 1024
    digest, size = hashlib.sha256(), 0
    stream.seek(start)
    for block in _chunks(stream):
        size += len(block)
        if size > limit:
            raise ValidationError(
                {"file": f"“{name}” is larger than {limit // (1024 * 1024)} MB, the most a file "
                         "kept with an inquiry may be."}
            )  # fmt: skip
        digest.update(block)
    if size == 0:
        raise ValidationError({"file": f"“{name}” is empty."})
    row = Attachment(
        inquiry_id=inquiry.id, name=name, content_type=content_type, size=size,
        sha256=digest.hexdigest(), created_at=ctx.clock.now(), created_by_id=ctx.actor.user_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    stream.seek(start)
    check = hashlib.sha256()
    for seq, block in enumerate(_chunks(stream)):
        check.update(block)
        # Core, one chunk at a time: the session never holds the file.
        session.execute(
            insert(cast(Table, AttachmentChunk.__table__)),
            {"attachment_id": row.id, "seq": seq, "data": block},
        )
    if check.hexdigest() != row.sha256:
        raise ValidationError({"file": f"“{name}” changed while it was being read; add it again."})
    add_entry(session, ctx, inquiry, EntryKind.NOTE, f"File attached: {name} ({size_text(size)})",
              data={"attachment_id": row.id})  # fmt: skip
    # In the inquiry's own audit: who may see the inquiry may see what was done to its files.
    audit.record(session, ctx, "inquiry", inquiry.id, "attach",
                 {"attachment_id": row.id, "name": name, "size": size})  # fmt: skip
    return FileRow(row.id, "attachment", name, content_type, size, row.created_at, ctx.actor.name)


def size_text(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def files_of(
    session: Session, ctx: ServiceContext, inquiry_id: int, *, include_hidden: bool = False
) -> list[FileRow]:
    """The inquiry's attachments and letters, oldest first."""
    _visible(session, ctx, inquiry_id)
    return list_files(session, inquiry_id, user_names(session), include_hidden=include_hidden)


def write_to(session: Session, ctx: ServiceContext, attachment_id: int, out: BinaryIO) -> FileRow:
    """Copy a kept file into ``out``, a chunk at a time (to open it, or save a copy)."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFoundError("That file is no longer there.")
    _visible(session, ctx, row.inquiry_id)
    written = 0
    chunks = session.execute(
        select(AttachmentChunk.data)
        .where(AttachmentChunk.attachment_id == attachment_id)
        .order_by(AttachmentChunk.seq)
        .execution_options(yield_per=1)
    ).scalars()
    for data in chunks:
        out.write(data)
        written += len(data)
    if written != row.size:
        raise ValidationError({"file": f"“{row.name}” could not be read back whole."})
    return FileRow(row.id, "attachment", row.name, row.content_type, row.size, row.created_at, "")


def hide(session: Session, ctx: ServiceContext, attachment_id: int, reason: str) -> None:
    """Hidden from the list (kept, and shown to whoever asks for hidden files), with why."""
    require(ctx.actor, Action.ADD_NOTE)
    row = session.get(Attachment, attachment_id)
    if row is None or row.hidden_at is not None:
        raise NotFoundError("That file is hidden already.")
    inquiry = _visible(session, ctx, row.inquiry_id)
    why = (reason or "").strip()
    if not why:
        raise ValidationError({"reason": "Say why the file is hidden (it is kept, not deleted)."})
    row.hidden_at, row.hidden_by_id, row.hidden_reason = ctx.clock.now(), ctx.actor.user_id, why
    add_entry(session, ctx, inquiry, EntryKind.NOTE, f"File hidden: {row.name}", notes=why,
              data={"attachment_id": row.id})  # fmt: skip
    audit.record(session, ctx, "inquiry", inquiry.id, "hide_file",
                 {"attachment_id": row.id, "reason": why})  # fmt: skip
