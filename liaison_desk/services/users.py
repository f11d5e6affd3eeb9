"""Users and the person working at this workstation."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.models import User
from ..domain import Role
from ..errors import ValidationError
from . import audit
from .context import Actor, ServiceContext


def parse_role(text: str) -> Role:
    key = text.strip().lower().replace("/", "_").replace("-", "_").replace(" ", "_")
    aliases = {"msa": Role.MSA_ESR, "esr": Role.MSA_ESR, "lead": Role.UNIT_LEAD}
    if key in aliases:
        return aliases[key]
    try:
        return Role(key)
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValidationError({"role": f"“{text}” is not a role; choose one of {names}."}) from None


def actor_for(user: User) -> Actor:
    return Actor(
        login=user.login, role=Role(user.role), user_id=user.id, display_name=user.display_name
    )


def add_user(
    session: Session, ctx: ServiceContext, login: str, role: Role, display_name: str | None = None
) -> User:
    login = login.strip()
    if not login or any(c.isspace() for c in login):
        raise ValidationError({"login": "A login is one word without spaces."})
    if session.scalars(select(User).where(User.login == login)).first() is not None:
        raise ValidationError({"login": f"There is already a user “{login}”."})
    user = User(login=login, display_name=display_name or login, role=str(role), active=True)
    session.add(user)
    session.flush()
    audit.record(session, ctx, "user", user.id, "insert", {"login": login, "role": str(role)})
    return user


def current_actor(session: Session, login: str) -> Actor:
    """The person at this workstation, by their operating-system (or database) login.

    On a fresh embedded database the first person to open the app becomes its admin (someone
    has to be able to add the others); later unknown logins start as liaisons, the role most
    people here have, and an admin can change it.
    """
    user = session.scalars(select(User).where(User.login == login)).first()
    if user is None:
        real_users = session.scalar(select(func.count()).select_from(User)) or 0
        role = Role.ADMIN if real_users == 0 else Role.LIAISON
        user = User(login=login, display_name=login, role=str(role), active=True)
        session.add(user)
        session.flush()
    return actor_for(user)


def list_users(session: Session, *, active_only: bool = True) -> list[User]:
    stmt = select(User).order_by(User.display_name)
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    return list(session.scalars(stmt))
