"""Users and the person working at this workstation."""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from ..db.models import User
from ..domain import Role
from ..errors import PermissionDenied, ValidationError
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


def _clean_login(login: str) -> str:
    login = login.strip()
    if not login or any(c.isspace() for c in login):
        raise ValidationError({"login": "A login is one word without spaces."})
    return login


def add_user(
    session: Session, ctx: ServiceContext, login: str, role: Role, display_name: str | None = None
) -> User:
    login = _clean_login(login)
    if session.scalars(select(User).where(User.login == login)).first() is not None:
        raise ValidationError({"login": f"There is already a user “{login}”."})
    user = User(login=login, display_name=display_name or login, role=str(role), active=True)
    session.add(user)
    session.flush()
    audit.record(session, ctx, "user", user.id, "insert", {"login": login, "role": str(role)})
    return user


def add_team_member(
    session: Session,
    ctx: ServiceContext,
    login: str,
    role: Role,
    display_name: str | None = None,
    password: str | None = None,
    *,
    adopt: bool = False,
) -> tuple[User, bool]:
    """``user add``, and the admin window's Add: the app's user and, on PostgreSQL, the
    server login in the role's group (created, or moved when it exists). Returns the user
    and whether a server login was created.

    On PostgreSQL a login that already has a user row (someone who opened the app before
    being added) is updated to the role; on SQLite a second add of a login is refused.
    """
    from ..services.permissions import Action, require

    require(ctx.actor, Action.ADMINISTER)  # the command line runs as the system, an admin
    if session.get_bind().dialect.name != "postgresql":
        return add_user(session, ctx, login, role, display_name), False
    from ..db import server_logins

    login = _clean_login(login)
    created = server_logins.add_login(session.connection(), login, role, password, adopt=adopt)
    found = session.scalars(select(User).where(User.login == login)).first()
    if found is None:
        return add_user(session, ctx, login, role, display_name), created
    before = found.role
    found.role = str(role)
    found.active = True
    if display_name:
        found.display_name = display_name
    session.flush()
    audit.record(session, ctx, "user", found.id, "update", {"role": [before, str(role)]})
    return found, created


def known_actor(session: Session, login: str) -> Actor | None:
    """The person with this login, if they have used the app before (reads only)."""
    user = session.scalars(select(User).where(User.login == login)).first()
    return actor_for(user) if user is not None else None


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


def _refuse_stranger(conn: Connection, login: str) -> NoReturn:
    from ..db import server_roles

    if (elsewhere := server_roles.other_databases_group(conn)) is not None:
        raise PermissionDenied(
            f"The database login “{login}” is a member of another Liaison Desk database "
            f"({elsewhere}), not of this one. Ask this database's admin to run "
            f"`liaison-desk user add {login} --role ROLE` here if you work in both."
        )
    raise PermissionDenied(
        f"The database login “{login}” has not been added to Liaison Desk. Ask an admin to "
        f"run `liaison-desk user add {login} --role ROLE`."
    )


def refuse_strangers(session: Session) -> None:
    """Before anything else at start on PostgreSQL: a login that is neither the owner nor a
    person of this database hears so in words (not as the first table it may not read). A
    database without tables yet is its owner's to create."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from ..db import server_roles

    conn = session.connection()
    has_tables = conn.execute(
        text("SELECT to_regclass(current_schema() || '.inquiries') IS NOT NULL")
    ).scalar()
    if not has_tables or server_roles.is_owner(conn) or server_roles.server_role(conn):
        return
    _refuse_stranger(conn, str(conn.execute(select(func.session_user())).scalar_one()))


def workstation_actor(session: Session, os_login: str) -> Actor:
    """The person using the app: on SQLite their operating-system login
    (:func:`current_actor`); on PostgreSQL their database login, with the role the server
    gives it (its Liaison Desk group), so the app offers exactly what the grants allow.

    The owner of the tables (or a superuser) is not limited by the grants: they are treated
    as on SQLite, by their ``users`` row, and become its admin on a fresh database.
    """
    if session.get_bind().dialect.name != "postgresql":
        return current_actor(session, os_login)
    from ..db import server_roles

    conn = session.connection()
    login = str(conn.execute(select(func.session_user())).scalar_one())
    if server_roles.is_owner(conn):
        return current_actor(session, login)
    role = server_roles.server_role(conn)
    if role is None:
        _refuse_stranger(conn, login)
    user_id = server_roles.register(conn)
    user = session.get(User, user_id) if user_id is not None else None
    return Actor(
        login=login,
        role=role,
        user_id=user_id,
        display_name=user.display_name if user is not None else login,
    )


def user_names(session: Session) -> dict[int, str]:
    """Every user's name as lists and reports show it (the login when no name was given)."""
    return {
        i: display or login
        for i, display, login in session.execute(select(User.id, User.display_name, User.login))
    }
