"""A dropped e-mail, read: who sent it, the subject, when it arrived and what it says
(issue 14). ``.eml`` (RFC 5322, as Thunderbird, Apple Mail and web mail save it) through the
standard library; Outlook's ``.msg`` through extract-msg. Pure: no database, no Qt.

A hostile or broken file is refused with a sentence (:class:`EmailFileError`), in bounded
time and memory: the file's size is checked before it is parsed, and the body kept for the
form is cut at :data:`BODY_LIMIT` characters (the whole message is kept as an attachment).
"""

from __future__ import annotations

import email
import email.policy
import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .errors import InputRefused
from .text_clean import clean

__all__ = ["BODY_LIMIT", "EMAIL_SUFFIXES", "EmailFileError", "IncomingEmail", "read_email"]

BODY_LIMIT = 20_000
EMAIL_SUFFIXES = (".eml", ".msg")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class EmailFileError(InputRefused):
    """The file cannot be taken in as an e-mail; the message says why, in plain words."""


@dataclass(frozen=True)
class IncomingEmail:
    sender_name: str
    sender_address: str | None
    subject: str
    # When it arrived (aware); None when the file does not say (a draft, a stripped header).
    received_at: datetime | None
    body: str
    # True when the body was longer than the form keeps (the attachment has it all).
    body_cut: bool
    file_name: str


def read_email(path: Path, *, max_bytes: int, local_zone: tzinfo) -> IncomingEmail:
    """Read ``path`` (``.eml`` or ``.msg``, told apart by content, not only by name)."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EmailFileError(f"“{name}” could not be opened ({exc.strerror}).") from exc
    if size == 0:
        raise EmailFileError(f"“{name}” is empty.")
    if size > max_bytes:
        raise EmailFileError(
            f"“{name}” is larger than {max_bytes // (1024 * 1024)} MB, the most a file kept "
            "with an inquiry may be."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE:
        return _read_msg(path, local_zone)
    if path.suffix.lower() == ".msg":
        raise EmailFileError(f"“{name}” is not an Outlook message (save it again from Outlook).")
    return _read_eml(path, local_zone)


# ---------------------------------------------------------------------------- .eml


def _read_eml(path: Path, zone: tzinfo) -> IncomingEmail:
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (
        message.get("From") or message.get("Subject") or message.get("Date")
    ):
        raise EmailFileError(
            f"“{path.name}” is not an e-mail message: it has no sender, subject or date."
        )
    name, address = _sender(_header(message, "From"))
    body = ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is not None:
        try:
            content = part.get_content()
        except (LookupError, ValueError, AssertionError):
            content = part.get_payload(decode=True) or b""
            content = content.decode("utf-8", "replace") if isinstance(content, bytes) else ""
        body = _html_text(content) if part.get_content_subtype() == "html" else str(content)
    received = _date(_header(message, "Date"), zone)
    return _incoming(name, address, _header(message, "Subject"), received, body, path.name)


def _header(message: EmailMessage, key: str) -> str:
    try:
        value = message.get(key)
    except (ValueError, IndexError, TypeError):  # a malformed header the policy cannot parse
        value = next((v for k, v in message.raw_items() if k.lower() == key.lower()), "")
    return "" if value is None else str(value)


def _date(text: str, zone: tzinfo) -> datetime | None:
    if not text.strip():
        return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return when.replace(tzinfo=zone) if when.tzinfo is None else when


# ---------------------------------------------------------------------------- .msg


def _read_msg(path: Path, zone: tzinfo) -> IncomingEmail:
    import extract_msg

    # extract-msg reports what it skips on its own loggers, with parts of the message.
    logging.getLogger("extract_msg").setLevel(logging.CRITICAL)
    try:
        msg: Any = extract_msg.openMsg(str(path), delayAttachments=True)
    except Exception as exc:
        raise EmailFileError(
            f"“{path.name}” could not be read as an Outlook message; save it again from "
            "Outlook (File → Save As, Outlook Message Format)."
        ) from exc
    try:
        if not hasattr(msg, "subject") or not hasattr(msg, "body"):
            raise EmailFileError(
                f"“{path.name}” is an Outlook item but not a message (a contact or a task?)."
            )
        sender = str(msg.sender or "")
        name, address = _sender(sender)
        when = _msg_time(msg)
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=zone)
        body = str(msg.body or "")
        if not body.strip() and msg.htmlBody:
            html = msg.htmlBody
            body = _html_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
        subject = str(msg.subject or "")
    except EmailFileError:
        raise
    except Exception as exc:
        raise EmailFileError(f"“{path.name}” is a damaged Outlook message.") from exc
    finally:
        msg.close()
    return _incoming(name, address, subject, when, body, path.name)


def _msg_time(msg: Any) -> datetime | None:
    for attribute in ("receivedTime", "date"):
        try:
            value = getattr(msg, attribute, None)
        except Exception:
            value = None
        if isinstance(value, datetime):
            return value
    return None


# ---------------------------------------------------------------------------- shared


def _sender(text: str) -> tuple[str, str | None]:
    pairs = getaddresses([text]) if text else []
    name, raw = pairs[0] if pairs else parseaddr(text)
    address = raw.strip() if raw and "@" in raw else None
    return clean(name).strip().strip('"'), address


def _incoming(
    name: str, address: str | None, subject: str, received: datetime | None, body: str,
    file_name: str,
) -> IncomingEmail:  # fmt: skip
    text = clean(body).strip()
    cut = len(text) > BODY_LIMIT
    return IncomingEmail(
        sender_name=name[:200],
        sender_address=address,
        subject=" ".join(clean(subject).split())[:300],
        received_at=received,
        body=text[:BODY_LIMIT],
        body_cut=cut,
        file_name=file_name,
    )


class _TextOfHtml(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "table"})
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in ("p", "div", "tr", "table"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(" ".join(data.split()) if "\n" in data else data)


def _html_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html[: BODY_LIMIT * 20])
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    text, blank = [], False
    for line in lines:
        if line or not blank:
            text.append(line)
        blank = not line
    return "\n".join(text).strip()
