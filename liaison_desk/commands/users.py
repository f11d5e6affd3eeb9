from __future__ import annotations

import getpass

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import User
from ..services import audit
from ..services.context import ServiceContext
from ..services.users import add_user, parse_role


def run_user_add(
    db: Database, login: str, role_text: str, name: str | None, ask_password: bool = False
) -> int:
    """``user add``: the app's user and, on PostgreSQL, the server login in its role's group.

    On PostgreSQL a login that already exists (someone who opened the app before being
    added, or a login the DBA made) is put in the role's group and its user row follows;
    on SQLite a second add of the same login is refused.
    """
    role = parse_role(role_text)
    password = None
    if db.is_postgres and ask_password:
        password = getpass.getpass(f"Password for the login {login} (Enter for none): ") or None
    with db.session() as session:
        ctx = ServiceContext()
        if not db.is_postgres:
            user = add_user(session, ctx, login, role, name)
            print(f"Added {user.login} ({role.label}).")
            return 0
        from ..db import server_roles

        created = server_roles.create_login(session.connection(), login.strip(), role, password)
        found = session.scalars(select(User).where(User.login == login.strip())).first()
        if found is None:
            user = add_user(session, ctx, login, role, name)
        else:
            user = found
            before = user.role
            user.role = str(role)
            user.active = True
            if name:
                user.display_name = name
            session.flush()
            audit.record(session, ctx, "user", user.id, "update", {"role": [before, str(role)]})
        what = "created the login" if created else "the login existed"
        print(f"Added {user.login} ({role.label}); {what} and made it a member of "
              f"{server_roles.GROUPS[role]}.")  # fmt: skip
    return 0
