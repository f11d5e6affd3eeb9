"""The QC reviewers' and the State Monitors' work on PostgreSQL (seed 003): their logins see
the enrollment consideration cases only (row-level security in :mod:`server_roles`), change of
an inquiry only what their step sets (column grants), write only their step's entries, and
move a case only from their step (a trigger)."""

from __future__ import annotations

from sqlalchemy import Connection, text

from ..domain import Role

_DENY = "USING ERRCODE = 'insufficient_privilege'"
STEP_ROLES = (Role.QC_REVIEWER, Role.STATE_MONITOR)
CONSIDERATION = "track = 'consideration'"
_SAVE = ("status", "updated_at", "version", "next_due_at")
_COLUMNS = {
    Role.QC_REVIEWER: (*_SAVE, "qc_result"),
    Role.STATE_MONITOR: (*_SAVE, "monitor_result", "monitor_reason", "closed", "resolution",
                         "resolved_at", "outcome"),
}  # fmt: skip
# The entries each may write (the clocks' own notes are "milestone").
_KINDS = {
    Role.QC_REVIEWER: ("note", "vetting", "milestone"),
    Role.STATE_MONITOR: ("note", "monitor_result", "resolution", "milestone"),
}
# From which status to which their step moves a case.
_MOVES = {
    Role.QC_REVIEWER: ("qc_vetting", ("state_monitor", "outreach")),
    Role.STATE_MONITOR: ("state_monitor", ("resolved", "outreach")),
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def apply(conn: Connection, schema: str, groups: dict[Role, str], have: set[str]) -> None:
    """Column grants and the step trigger (idempotent; the caller revoked everything first
    and granted the tables of ``server_roles.WRITES``)."""
    present = [r for r in STEP_ROLES if groups[r] in have]
    for role in present:
        conn.execute(
            text(f"GRANT UPDATE ({', '.join(_COLUMNS[role])}) ON inquiries TO {_q(groups[role])}")
        )
    definer = f"SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp"
    entry_rules, move_rules = [], []
    for role in present:
        # Not pg_has_role: a superuser "has" every role; member_of leaves them out.
        member = f"liaison_desk_member_of(ARRAY['{groups[role]}']::text[])"
        entry_rules.append(
            f"IF {member} AND NOT liaison_desk_works() AND NEW.kind NOT IN "
            f"({_list(_KINDS[role])}) THEN RAISE EXCEPTION "
            f"'{role.label}s record only their step of a case' {_DENY}; END IF;"
        )
        start, ends = _MOVES[role]
        move_rules.append(
            f"IF {member} AND NOT liaison_desk_works() AND NEW.status IS DISTINCT FROM "
            f"OLD.status AND NOT (OLD.status = '{start}' AND NEW.status IN ({_list(ends)})) "
            f"THEN RAISE EXCEPTION '{role.label}s move a case only from their step' {_DENY}; "
            "END IF;"
        )
    workers = [
        groups[r]
        for r in Role
        if r not in (*STEP_ROLES, Role.CSR, Role.MANAGER) and groups[r] in have
    ]
    names = "ARRAY[" + ", ".join(f"'{g}'" for g in workers) + "]::text[]"
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION liaison_desk_works() RETURNS boolean
            LANGUAGE sql STABLE {definer} AS $$ SELECT liaison_desk_member_of({names}) $$
            """
        )
    )
    for name, table, rules, when in (
        ("liaison_desk_step_entry", "timeline_entries", entry_rules, "BEFORE INSERT"),
        ("liaison_desk_step_move", "inquiries", move_rules, "BEFORE UPDATE"),
    ):
        conn.execute(
            text(
                f"""
                CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
                LANGUAGE plpgsql {definer} AS $$
                BEGIN
                    {" ".join(rules)}
                    RETURN NEW;
                END
                $$
                """
            )
        )
        conn.execute(text(f"DROP TRIGGER IF EXISTS ld_step ON {_q(table)}"))
        conn.execute(
            text(
                f"CREATE TRIGGER ld_step {when} ON {_q(table)} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        )
