"""How long a workstation may sit unused before the app locks itself (an admin's setting for
the whole team, kept in the database), and the unlock check.

On PostgreSQL unlocking needs the person's database password, checked by connecting with it
(the server decides, as it does at sign-in). The embedded database has no password of its
own: there the workstation's own screen lock protects it, and the app's lock only hides what
is on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ..errors import DomainError, ValidationError
from . import app_settings, audit
from .context import ServiceContext
from .permissions import Action, require

if TYPE_CHECKING:
    from ..db.engine import Database

KEY = "security.lock_after_minutes"
DEFAULT_MINUTES = 15
LIMITS = (1, 240)


def lock_after_minutes(session: Session) -> int:
    """The team's idle time (the admin's), for the administration window."""
    return app_settings.read_int(session, KEY, DEFAULT_MINUTES, LIMITS)


def lock_minutes_here(session: Session) -> int:
    """This workstation's idle time: IT's preset where it does not let the admin's apply,
    else the admin's, else IT's, else the default."""
    from ..presets import load_presets

    admins = app_settings.read_int(session, KEY, None, LIMITS)  # None: not set
    return load_presets().choose_lock_minutes(admins) or DEFAULT_MINUTES


def set_lock_after_minutes(session: Session, ctx: ServiceContext, minutes: int) -> int:
    require(ctx.actor, Action.ADMINISTER)
    if not LIMITS[0] <= minutes <= LIMITS[1]:
        raise ValidationError({"minutes": f"Choose between {LIMITS[0]} and {LIMITS[1]} minutes."})
    before = app_settings.write(session, KEY, minutes)
    audit.record(session, ctx, "setting", None, "update", {KEY: [before, minutes]})
    return minutes


def check_password(db: Database, password: str) -> None:
    """Unlock on PostgreSQL: connect as the person with ``password`` (and the database's TLS
    settings); raise DomainError in words when the server refuses it."""
    import psycopg

    if not password:
        raise DomainError("Type your database password to unlock.")
    conninfo = db.conninfo("liaison-desk unlock", password=password)
    try:
        with psycopg.connect(conninfo):
            pass
    except psycopg.OperationalError as exc:
        text = str(exc).lower()
        if "password" in text or "authentication" in text:
            raise DomainError("That is not your database password.") from None
        raise DomainError(
            "The database cannot be reached to check the password; try again in a moment."
        ) from None
