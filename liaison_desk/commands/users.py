from __future__ import annotations

import getpass

from ..db import server_roles
from ..db.engine import Database
from ..services.context import ServiceContext
from ..services.users import add_team_member, parse_role


def run_user_add(
    db: Database,
    login: str,
    role_text: str,
    name: str | None,
    ask_password: bool = False,
    adopt: bool = False,
) -> int:
    """``user add``: the app's user and, on PostgreSQL, the server login in its role's group
    (services.users.add_team_member)."""
    role = parse_role(role_text)
    password = None
    if db.is_postgres and ask_password:
        password = getpass.getpass(f"Password for the login {login} (Enter for none): ") or None
    with db.session() as session:
        user, created = add_team_member(
            session, ServiceContext(), login, role, name, password, adopt=adopt
        )
        if not db.is_postgres:
            print(f"Added {user.login} ({role.label}).")
            return 0
        what = "created the login" if created else "the login existed"
        group = server_roles.groups(session.connection())[role]
        print(f"Added {user.login} ({role.label}); {what} and made it a member of {group}.")
    return 0
