from __future__ import annotations

from ..db.engine import Database
from ..services.context import ServiceContext
from ..services.users import add_user, parse_role


def run_user_add(db: Database, login: str, role_text: str, name: str | None) -> int:
    role = parse_role(role_text)
    with db.session() as session:
        user = add_user(session, ServiceContext(), login, role, name)
        print(f"Added {user.login} ({role.label}).")
    return 0
