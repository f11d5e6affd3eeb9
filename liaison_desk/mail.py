"""Sending e-mail for the watch service: where the SMTP server is and how to reach it, and one
message sent (STARTTLS when the server offers it, implicit TLS for ``smtps://``, a login when
one is given).

Settings come from ``LIAISON_DESK_SMTP=smtp://[user[:password]@]host[:port]`` and
``LIAISON_DESK_MAIL_FROM`` or, failing those, from the admin's settings in the database
(``mail.smtp`` — the same URL form, without a password — and ``mail.from``); a password kept
out of the database comes from ``LIAISON_DESK_SMTP_PASSWORD``. A password is never logged
and never shown: :meth:`SmtpSettings.describe` leaves it out.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import InputRefused

log = logging.getLogger("liaison_desk.mail")

ENV_SMTP = "LIAISON_DESK_SMTP"
ENV_FROM = "LIAISON_DESK_MAIL_FROM"
ENV_PASSWORD = "LIAISON_DESK_SMTP_PASSWORD"
TIMEOUT = 20.0
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class MailError(Exception):
    """The message could not be handed to the SMTP server (it is kept for the next try)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    implicit_tls: bool = False
    user: str | None = None
    password: str | None = None

    def describe(self) -> str:
        who = f"{self.user}@" if self.user else ""
        scheme = "smtps" if self.implicit_tls else "smtp"
        return f"{scheme}://{who}{self.host}:{self.port}"


def parse_smtp_url(url: str, sender: str | None, password: str | None = None) -> SmtpSettings:
    """``smtp://[user[:password]@]host[:port]`` (or ``smtps://``) and the sender address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InputRefused(
            "The mail server must be written smtp://[user[:password]@]host[:port] "
            "(or smtps:// for a server that speaks TLS from the start)."
        )
    implicit = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if implicit else 587)
    except ValueError:
        raise InputRefused("The mail server's port must be a number.") from None
    if not sender or "@" not in sender:
        raise InputRefused(
            f"Say which address the e-mail comes from ({ENV_FROM}, or the admin's mail settings)."
        )
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        sender=sender.strip(),
        implicit_tls=implicit,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else password,
    )


def settings_from(
    env: Mapping[str, str], stored_url: str | None, stored_from: str | None
) -> SmtpSettings | None:
    """The environment's settings, else the database's; None when neither names a server."""
    url = env.get(ENV_SMTP) or stored_url
    if not url:
        return None
    return parse_smtp_url(url, env.get(ENV_FROM) or stored_from, env.get(ENV_PASSWORD))


def message(
    settings: SmtpSettings,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Path] = (),
    *,
    automatic: bool = True,
) -> EmailMessage:
    """``automatic``: a digest or an alert (RFC 3834 ``Auto-Submitted``, so no out-of-office
    reply comes back); a person's reply to a member is not."""
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    if automatic:
        msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body)
    for path in attachments:
        msg.add_attachment(path.read_bytes(), maintype=XLSX[0], subtype=XLSX[1], filename=path.name)
    return msg


def send(settings: SmtpSettings, messages: Sequence[EmailMessage]) -> None:
    """Hand ``messages`` to the server over one connection; MailError when it cannot be
    reached or refuses (nothing is taken as sent then)."""
    if not messages:
        return
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if settings.implicit_tls:
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT, context=context)
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)
        with smtp:
            smtp.ehlo()
            if not settings.implicit_tls and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for msg in messages:
                smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        # The server's words, never the password (smtplib does not echo it).
        raise MailError(f"{settings.describe()}: {type(exc).__name__}: {exc}") from None


def env() -> Mapping[str, str]:
    return os.environ
