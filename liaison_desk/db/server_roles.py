"""Team use on PostgreSQL: the server enforces who may do what (SPEC §5).

Each role of SPEC §1 is a group role on the server (``liaison_desk_csr`` … ``liaison_desk_admin``,
NOLOGIN); a person's login is a member of one of them (``liaison-desk user add``). The grants
follow :mod:`liaison_desk.services.permissions`, so someone who opens psql with their own login
can do no more than the app lets them:

* everyone reads the reference data; a CSR sees only the callback requests they made (row
  level security on the inquiries and everything hanging off them);
* the timeline and the audit trail are insert-only for every role, the admin's included;
* a manager reads everything and may add imported inquiries, but changes no existing work;
* only an admin edits users and reference data (MCOs, sources, policies, calendar);
* a login registers its own ``users`` row through :func:`register_sql`'s function, which takes
  the role from the server membership, never from the caller.

Group roles belong to the whole server (PostgreSQL roles are cluster-wide), grants and
policies to this database. :func:`apply` is idempotent and runs on every ``db upgrade``;
creating the group roles needs CREATEROLE, granting needs to own the tables (the login that
ran the migrations).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from ..domain import Role
from ..services import references
from . import (
    server_alerts,
    server_email,
    server_files,
    server_logins,
    server_rls,
    server_rules,
    server_steps,
)

log = logging.getLogger("liaison_desk.db.roles")

# Before groups were per database, every Liaison Desk database on a server shared these: a
# login added to one was taken as a member by all. They are no longer granted anything.
LEGACY_GROUPS: dict[Role, str] = {role: f"liaison_desk_{role.value}" for role in Role}


def prefix_for(database: str) -> str:
    """``ld_<database>_<hash>``: the name all of one database's roles start with (roles are
    the server's, shared by its databases; the hash keeps two similar names apart)."""
    slug = re.sub(r"[^a-z0-9]+", "_", database.lower()).strip("_")[:30] or "db"
    digest = hashlib.sha1(database.encode()).hexdigest()[:6]
    return f"ld_{slug}_{digest}"


def group_names(database: str) -> dict[Role, str]:
    prefix = prefix_for(database)
    return {role: f"{prefix}_{role.value}" for role in Role}


def groups(conn: Connection) -> dict[Role, str]:
    """This database's group role for each role."""
    return group_names(str(conn.execute(text("SELECT current_database()")).scalar_one()))


# When a login is (wrongly) in several groups, the app takes the broadest.
_PRECEDENCE = (
    Role.ADMIN,
    Role.UNIT_LEAD,
    Role.MSA_ESR,
    Role.LIAISON,
    Role.MANAGER,
    Role.QC_REVIEWER,
    Role.STATE_MONITOR,
    Role.CSR,
)

_REFERENCE = ("users", "mcos", "mco_departments", "sources", "policies", "calendar_days",
              "app_settings", "choices")  # fmt: skip
_HISTORY = ("timeline_entries", "audit_entries")
# Tables whose rows belong to one inquiry: a CSR sees those of their own requests only.
_CHILDREN = ("inquiry_mcos", "milestones", "timeline_entries", "letters", "inquiry_search",
             "attachments")  # fmt: skip
_ALL_TABLES = (
    *_REFERENCE,
    "inquiries",
    *_CHILDREN,
    "audit_entries",
    "reference_counters",
    "change_marks",
    "qc_audits",
    "qc_audit_items",
    "inquiry_views",
    "inquiry_links",
    "attachment_chunks",
    "server_logins",
    "alembic_version",
    *server_alerts.TABLES,
)
# Who opened which inquiry: everyone's openings are recorded, only managers and admins read
# them (the access report); nobody's login changes them.
_READ_ONLY_FOR = {"inquiry_views": (Role.MANAGER, Role.ADMIN), "server_logins": ()}

# Nobody's login writes the reference counters: numbers are taken through the owner's
# functions (services.references), so one UPDATE cannot stop intake.
_WORK: dict[str, tuple[str, ...]] = {
    "inquiry_views": ("INSERT",),
    "inquiries": ("INSERT", "UPDATE"),
    "milestones": ("INSERT", "UPDATE"),
    "inquiry_mcos": ("INSERT", "DELETE"),  # Edit details changes the MCOs in question
    "timeline_entries": ("INSERT",),
    "audit_entries": ("INSERT",),
    "letters": ("INSERT",),
    "change_marks": ("INSERT",),
    # "Related to …": linked from either side, never unlinked (a note says it in both).
    "inquiry_links": ("INSERT",),
}
# QC audits (seed 000) are drawn and scored by managers (and admins).
_QC: dict[str, tuple[str, ...]] = {
    "qc_audits": ("INSERT", "UPDATE"),
    "qc_audit_items": ("INSERT", "UPDATE"),
}
# A manager: an import adds inquiries with their history and clocks and edits nothing
# already there; no letters are written.
_MANAGER: dict[str, tuple[str, ...]] = {
    **{t: ("INSERT",) for t in _WORK if t not in ("letters", "change_marks")},
    **_QC,
}
_ADMIN: dict[str, tuple[str, ...]] = {
    **_WORK,
    **{t: ("INSERT", "UPDATE", "DELETE") for t in (*_REFERENCE, *_QC)},
}
# A CSR works their own callback requests (row-level security narrows the rows): the
# workers' rights without letters.
_CSR = {t: p for t, p in _WORK.items() if t not in ("letters", "change_marks")}
# The QC team and the State Monitors (seed 003): their step of a consideration case — the
# inquiry's columns it sets are granted by server_steps, column by column.
_STEP = {
    "inquiry_views": ("INSERT",),
    "milestones": ("INSERT", "UPDATE"),
    "timeline_entries": ("INSERT",),
    "audit_entries": ("INSERT",),
    "change_marks": ("INSERT",),
}
WRITES: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.CSR: _CSR,
    Role.LIAISON: _WORK,
    Role.MSA_ESR: _WORK,
    Role.UNIT_LEAD: _WORK,
    Role.MANAGER: _MANAGER,
    Role.ADMIN: _ADMIN,
    Role.QC_REVIEWER: _STEP,
    Role.STATE_MONITOR: _STEP,
}
assert all(not set(w.get(t, ())) - {"INSERT"} for w in WRITES.values() for t in _HISTORY)


@dataclass
class Applied:
    created: list[str]
    notes: list[str]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _can_create_roles(conn: Connection) -> bool:
    row = conn.execute(
        text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    return bool(row)


def _existing(conn: Connection, names: list[str]) -> set[str]:
    rows = conn.execute(
        text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"), {"n": names}
    ).scalars()
    return set(rows)


def apply(conn: Connection) -> Applied:
    """Create the group roles if missing (and allowed), then grant exactly the matrix above
    and put the row-level policies in place. Runs inside the caller's transaction."""
    created: list[str] = []
    notes: list[str] = []
    GROUPS = groups(conn)
    names = list(GROUPS.values())
    have = _existing(conn, names)
    missing = [n for n in names if n not in have]
    if missing and _can_create_roles(conn):
        for name in missing:
            conn.execute(text(f"CREATE ROLE {_q(name)} NOLOGIN"))
            created.append(name)
        have.update(missing)
    elif missing:
        notes.append(
            "The group roles "
            + ", ".join(missing)
            + " do not exist and this login may not create roles; ask a database administrator "
            "to run `liaison-desk db upgrade` once with a login that has CREATEROLE."
        )
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    present = set(
        conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    )
    tables = [t for t in _ALL_TABLES if t in present]
    if "reference_counters" in present:
        for statement in references.server_sql(schema):
            conn.execute(text(statement))
    ours = [GROUPS[r] for r in Role if GROUPS[r] in have]
    _retire_legacy_groups(conn, tables, GROUPS, have, notes)
    if not ours:
        return Applied(created, notes)
    everyone = ", ".join(_q(g) for g in ours)
    conn.execute(text(f"GRANT USAGE ON SCHEMA {_q(schema)} TO {everyone}"))
    for table in tables:
        # From scratch each time, so a narrower matrix in a new version takes effect.
        conn.execute(text(f"REVOKE ALL ON TABLE {_q(table)} FROM {everyone}"))
        readers = _READ_ONLY_FOR.get(table)
        allowed = ours if readers is None else [GROUPS[r] for r in readers if GROUPS[r] in have]
        if allowed:
            conn.execute(
                text(f"GRANT SELECT ON TABLE {_q(table)} TO {', '.join(map(_q, allowed))}")
            )
    for role in Role:
        group = GROUPS[role]
        if group not in have:
            continue
        for table, privileges in WRITES[role].items():
            if table in present:
                conn.execute(
                    text(f"GRANT {', '.join(privileges)} ON TABLE {_q(table)} TO {_q(group)}")
                )
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_q(schema)} TO {everyone}"))
    _functions(conn, schema, ours, present, GROUPS)
    server_rls.apply(conn, tables, ours, GROUPS, _CHILDREN)
    server_rules.apply(conn, schema, {r.value: GROUPS[r] for r in Role if GROUPS[r] in have},
                       present)  # fmt: skip
    server_logins.apply(conn, schema, GROUPS, notes)
    if set(server_alerts.TABLES) <= present:
        server_alerts.apply(conn, schema, GROUPS, have)
    if set(server_files.TABLES) <= present:
        # Everyone who writes notes keeps files: not the manager, whose login imports only.
        writers = [GROUPS[r] for r in Role if r is not Role.MANAGER and GROUPS[r] in have]
        server_files.apply(conn, schema, writers)
    if GROUPS[Role.MANAGER] in have and {"inquiries", *server_files.TABLES} <= present:
        server_email.apply(conn, GROUPS[Role.MANAGER])
    if {"inquiries", "timeline_entries"} <= present:
        server_steps.apply(conn, schema, GROUPS, have)
    return Applied(created, notes)


def _retire_legacy_groups(
    conn: Connection,
    tables: list[str],
    groups: dict[Role, str],
    have: set[str],
    notes: list[str],
) -> None:
    """The shared groups of earlier versions lose their rights here; their members who are
    this database's users move to this database's groups (the others belong elsewhere)."""
    legacy = [g for g in _existing(conn, list(LEGACY_GROUPS.values()))]
    if not legacy:
        return
    for table in tables:
        conn.execute(text(f"REVOKE ALL ON TABLE {_q(table)} FROM {', '.join(map(_q, legacy))}"))
    if "users" not in tables or not _can_create_roles(conn):
        return
    for role, old in LEGACY_GROUPS.items():
        if old not in legacy or groups[role] not in have:
            continue
        members = conn.execute(
            text(
                "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles u ON u.oid = m.member JOIN users x ON x.login = u.rolname "
                "WHERE g.rolname = :g"
            ),
            {"g": old},
        ).scalars()
        for login in members:
            conn.execute(text(f"GRANT {_q(groups[role])} TO {_q(login)}"))
            notes.append(f"{login} moved from {old} to {groups[role]}.")


def _functions(
    conn: Connection,
    schema: str,
    ours: list[str],
    present: set[str],
    GROUPS: dict[Role, str],
) -> None:
    # SECURITY DEFINER: they run with the owner's rights, so they must name their schema and
    # look at session_user (the person's login), not current_user (the owner, in here).
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION liaison_desk_user_id() RETURNS integer
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp AS $$
                SELECT id FROM users WHERE login = session_user
            $$
            """
        )
    )
    cases = " ".join(
        f"WHEN pg_has_role(session_user, '{GROUPS[r]}', 'MEMBER') THEN '{r.value}'"
        for r in _PRECEDENCE
        if GROUPS[r] in ours
    )
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION liaison_desk_register() RETURNS integer
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp AS $$
            DECLARE
                uid integer;
                my_role text := CASE {cases} ELSE NULL END;
            BEGIN
                SELECT id INTO uid FROM users WHERE login = session_user;
                IF uid IS NULL AND my_role IS NOT NULL THEN
                    INSERT INTO users (login, display_name, role, active, version)
                    VALUES (session_user, session_user, my_role, true, 1)
                    ON CONFLICT (login) DO NOTHING;
                    SELECT id INTO uid FROM users WHERE login = session_user;
                END IF;
                RETURN uid;
            END
            $$
            """
        )
    )
    everyone = ", ".join(_q(g) for g in ours)
    functions = ["liaison_desk_user_id()", "liaison_desk_register()"]
    if "reference_counters" in present:
        functions += references.SERVER_FUNCTIONS
    for fn in functions:
        conn.execute(text(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC"))
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {fn} TO {everyone}"))


def server_role(conn: Connection) -> Role | None:
    """The role the server gives this login: its Liaison Desk group, or None when it has
    none (the owner, a superuser, or a login nobody added)."""
    rows = conn.execute(
        text(
            "SELECT r.rolname FROM pg_roles r "
            "WHERE r.rolname = ANY(:n) AND pg_has_role(session_user, r.oid, 'MEMBER')"
        ),
        {"n": list(groups(conn).values())},
    ).scalars()
    found = set(rows)
    mine = groups(conn)
    for role in _PRECEDENCE:
        if mine[role] in found:
            return role
    return None


def other_databases_group(conn: Connection) -> str | None:
    """A Liaison Desk group of another database (or an old shared one) this login is in."""
    mine = set(groups(conn).values())
    rows = conn.execute(
        text(
            "SELECT r.rolname FROM pg_roles r WHERE (r.rolname LIKE 'ld\\_%' "
            "OR r.rolname LIKE 'liaison\\_desk\\_%') AND r.rolcanlogin = false "
            "AND pg_has_role(session_user, r.oid, 'MEMBER') ORDER BY r.rolname"
        )
    ).scalars()
    return next((name for name in rows if name not in mine), None)


def is_owner(conn: Connection) -> bool:
    """A superuser or the owner of the tables: not limited by the grants."""
    row = conn.execute(
        text(
            "SELECT r.rolsuper OR pg_has_role(session_user, t.tableowner, 'MEMBER') "
            "FROM pg_roles r, pg_tables t "
            "WHERE r.rolname = session_user AND t.tablename = 'inquiries' "
            "AND t.schemaname = current_schema()"
        )
    ).scalar()
    return bool(row)


def register(conn: Connection) -> int | None:
    """This login's ``users`` row id, made from its server role if it has none yet."""
    value = conn.execute(text("SELECT liaison_desk_register()")).scalar()
    return int(value) if value is not None else None
