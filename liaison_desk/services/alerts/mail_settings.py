"""The admin's mail settings for the watch service (kept in the database): which SMTP server
and which sender address. A password is never kept here: the watch service's machine gives
it (``LIAISON_DESK_SMTP_PASSWORD``), so a copy of the database holds no mail secret."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from ...errors import InputRefused, ValidationError
from ...mail import parse_smtp_url
from .. import app_settings, audit
from ..context import ServiceContext
from ..permissions import Action, require
from .digest import KEY_FROM, KEY_SMTP, stored


def read(session: Session) -> tuple[str, str]:
    return stored(session, KEY_SMTP) or "", stored(session, KEY_FROM) or ""


def save(session: Session, ctx: ServiceContext, server: str, sender: str) -> tuple[str, str]:
    require(ctx.actor, Action.ADMINISTER)
    server, sender = server.strip(), sender.strip()
    if server:
        if urlsplit(server).password:
            raise ValidationError({"server": "Leave the password out: the watch service's "
                                   "machine gives it (LIAISON_DESK_SMTP_PASSWORD)."})  # fmt: skip
        try:
            parse_smtp_url(server, sender)
        except InputRefused as exc:
            raise ValidationError({"server": str(exc)}) from None
    before = read(session)
    app_settings.write(session, KEY_SMTP, server)
    app_settings.write(session, KEY_FROM, sender)
    audit.record(session, ctx, "setting", None, "update",
                 {KEY_SMTP: [before[0], server], KEY_FROM: [before[1], sender]})  # fmt: skip
    return server, sender
