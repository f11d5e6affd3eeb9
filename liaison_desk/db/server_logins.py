"""Adding, moving and disabling team members' PostgreSQL logins, without giving any app login
a right over the server.

No Liaison Desk login has CREATEROLE (on PostgreSQL 15 a CREATEROLE login can grant itself
``pg_execute_server_program`` and run programs as the server, or take over other
applications' logins). The work is done by three functions that run as a dedicated role
(``<prefix>_logins``: NOLOGIN, CREATEROLE, nobody's group) and do only this:

* ``liaison_desk_add_login(login, role, password, adopt)`` — make a login (recorded in
  ``server_logins``), or re-enable and move one this database made, into exactly one of this
  database's groups. An existing login this database did not make is refused, unless the
  database's owner runs it and says so (``user add --adopt``); a superuser or a login with
  CREATEROLE, REPLICATION or BYPASSRLS never becomes a team member.
* ``liaison_desk_disable_login(login)`` — take a login this database made out of its groups
  and stop it logging in.

Admins (and the owner) may execute them; the app calls them for ``user add`` and the admin
window, so the same rules hold in psql.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from ..domain import Role
from ..errors import DomainError

_DENY = "USING ERRCODE = 'insufficient_privilege'"
ADD = "liaison_desk_add_login(text, text, text, boolean)"
DISABLE = "liaison_desk_disable_login(text)"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def logins_role(groups: dict[Role, str]) -> str:
    return groups[Role.ADMIN].removesuffix(f"_{Role.ADMIN.value}") + "_logins"


def _sql(schema: str, groups: dict[Role, str]) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp"
    group_of = " ".join(f"WHEN {_lit(r.value)} THEN {_lit(g)}" for r, g in groups.items())
    all_groups = "ARRAY[" + ", ".join(_lit(g) for g in groups.values()) + "]::text[]"
    prefix = logins_role(groups).removesuffix("_logins")
    return [
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_add_login(
            p_login text, p_role text, p_password text, p_adopt boolean
        ) RETURNS boolean LANGUAGE plpgsql {definer} AS $$
        DECLARE
            v_group text := CASE p_role {group_of} ELSE NULL END;
            v_role pg_roles%ROWTYPE;
            v_ours boolean;
            v_made boolean := false;
            g text;
        BEGIN
            IF v_group IS NULL THEN
                RAISE EXCEPTION '% is not a Liaison Desk role', p_role {_DENY};
            END IF;
            IF p_login IS NULL OR p_login !~ '^[A-Za-z_][A-Za-z0-9_.@-]{{0,62}}$'
               OR p_login LIKE 'pg\\_%' OR starts_with(p_login, {_lit(prefix + "_")})
               OR p_login LIKE 'liaison\\_desk\\_%' THEN
                RAISE EXCEPTION '% cannot be a team member''s login', p_login {_DENY};
            END IF;
            SELECT * INTO v_role FROM pg_roles WHERE rolname = p_login;
            v_ours := EXISTS (SELECT 1 FROM server_logins WHERE login = p_login);
            IF v_role.rolname IS NOT NULL THEN
                IF v_role.rolsuper OR v_role.rolcreaterole OR v_role.rolreplication
                   OR v_role.rolbypassrls THEN
                    RAISE EXCEPTION 'the login % has rights over the server; it cannot be a '
                        'team member', p_login {_DENY};
                END IF;
                IF NOT v_ours THEN
                    IF NOT coalesce(p_adopt, false) OR NOT pg_has_role(session_user,
                        (SELECT datdba FROM pg_database WHERE datname = current_database()),
                        'MEMBER') THEN
                        RAISE EXCEPTION 'the login % exists and was not made for this database;'
                            ' only the database owner can adopt it (user add --adopt)', p_login
                            {_DENY};
                    END IF;
                    INSERT INTO server_logins (login, made_at) VALUES (p_login, now());
                END IF;
            ELSE
                EXECUTE format('CREATE ROLE %I LOGIN', p_login);
                INSERT INTO server_logins (login, made_at) VALUES (p_login, now());
                v_made := true;
            END IF;
            IF p_password IS NOT NULL THEN
                EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_password);
            END IF;
            EXECUTE format('ALTER ROLE %I LOGIN', p_login);
            FOREACH g IN ARRAY {all_groups} LOOP
                IF g <> v_group AND EXISTS (
                    SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
                    JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = g AND u.rolname = p_login
                ) THEN
                    EXECUTE format('REVOKE %I FROM %I', g, p_login);
                END IF;
            END LOOP;
            EXECUTE format('GRANT %I TO %I', v_group, p_login);
            RETURN v_made;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_disable_login(p_login text) RETURNS boolean
        LANGUAGE plpgsql {definer} AS $$
        DECLARE
            g text;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM server_logins WHERE login = p_login)
               OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
                RETURN false;
            END IF;
            FOREACH g IN ARRAY {all_groups} LOOP
                IF EXISTS (
                    SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
                    JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = g AND u.rolname = p_login
                ) THEN
                    EXECUTE format('REVOKE %I FROM %I', g, p_login);
                END IF;
            END LOOP;
            EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
            RETURN true;
        END
        $$
        """,
    ]


def apply(conn: Connection, schema: str, groups: dict[Role, str], notes: list[str]) -> None:
    """Make the logins role and its functions (the owner, with CREATEROLE, at upgrade), and
    take CREATEROLE back from any team member's login an earlier version gave it."""
    present = conn.execute(text("SELECT to_regclass('server_logins') IS NOT NULL")).scalar_one()
    me = conn.execute(
        text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar_one()
    if not present or not me:
        return
    role = logins_role(groups)
    existing = set(
        conn.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"),
            {"n": [role, *groups.values()]},
        ).scalars()
    )
    if role not in existing:
        conn.execute(text(f"CREATE ROLE {_q(role)} NOLOGIN CREATEROLE"))
    else:
        conn.execute(text(f"ALTER ROLE {_q(role)} NOLOGIN CREATEROLE"))
    # The owner creates the functions and hands them to the role (it must be a member).
    conn.execute(text(f"GRANT {_q(role)} TO CURRENT_USER"))
    for group in groups.values():
        if group in existing:
            conn.execute(text(f"GRANT {_q(group)} TO {_q(role)} WITH ADMIN OPTION"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {_q(schema)} TO {_q(role)}"))
    conn.execute(text(f"GRANT SELECT, INSERT, DELETE ON server_logins TO {_q(role)}"))
    for fn in (ADD, DISABLE):
        conn.execute(text(f"DROP FUNCTION IF EXISTS {fn}"))
    for statement in _sql(schema, groups):
        conn.execute(text(statement))
    admin = groups[Role.ADMIN]
    for fn in (ADD, DISABLE):
        conn.execute(text(f"ALTER FUNCTION {fn} OWNER TO {_q(role)}"))
        conn.execute(text(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC"))
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn} TO CURRENT_USER"))
        if admin in existing:
            conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn} TO {_q(admin)}"))
    powerful = conn.execute(
        text(
            "SELECT u.rolname FROM pg_roles u JOIN pg_auth_members m ON m.member = u.oid "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = ANY(:groups) "
            "AND u.rolcreaterole AND NOT u.rolsuper AND u.rolname <> current_user "
            "AND u.rolname <> :role"
        ),
        {"groups": [*groups.values(), *(f"liaison_desk_{r.value}" for r in Role)], "role": role},
    ).scalars()
    for login in sorted(set(powerful)):
        conn.execute(text(f"ALTER ROLE {_q(login)} NOCREATEROLE"))
        notes.append(f"{login} no longer has CREATEROLE (team members are added by functions).")


def add_login(
    conn: Connection, login: str, role: Role, password: str | None, *, adopt: bool = False
) -> bool:
    """``user add`` on PostgreSQL: True when the login was made, False when it existed."""
    exists = conn.execute(text("SELECT to_regprocedure(:fn) IS NOT NULL"), {"fn": ADD}).scalar_one()
    if not exists:
        raise DomainError(
            "This database cannot add team members yet: run `liaison-desk db upgrade` once with "
            "the login that owns it (it needs CREATEROLE)."
        )
    made = conn.execute(
        text("SELECT liaison_desk_add_login(:login, :role, :pw, :adopt)"),
        {"login": login, "role": role.value, "pw": password, "adopt": adopt},
    ).scalar_one()
    return bool(made)


def move_login(conn: Connection, login: str, role: Role) -> bool:
    """An admin changed a person's role: their login moves to the new group. False when
    there is nothing to move (no such login, or the owner's or a superuser's)."""
    row = conn.execute(
        text(
            "SELECT r.rolsuper OR r.oid = d.datdba FROM pg_roles r, pg_database d "
            "WHERE r.rolname = :login AND d.datname = current_database()"
        ),
        {"login": login},
    ).first()
    if row is None or row[0]:
        return False
    add_login(conn, login, role, None)
    return True


def disable_login(conn: Connection, login: str) -> bool:
    """A person left the team: their login leaves the groups and cannot log in."""
    exists = conn.execute(
        text("SELECT to_regprocedure(:fn) IS NOT NULL"), {"fn": DISABLE}
    ).scalar_one()
    if not exists:
        return False
    return bool(
        conn.execute(
            text("SELECT liaison_desk_disable_login(:login)"), {"login": login}
        ).scalar_one()
    )
