"""The server's rules for the alert tables (SPEC §11), on PostgreSQL: what :mod:`server_roles`
does for the work tables, for each person's inbox, the announced crossings and the absences.

* **An inbox is its owner's.** A login reads and marks read only its own notices (row level
  security; only ``read_at`` may change). It may announce to others what the app announces
  (a hand-off, an assignment, a callback request): the server sets who announced it and when.
* **A clock's alert is true.** A warning or due notice, and the mark that says a crossing was
  announced, are accepted only once that clock's time has really come (the server's clock),
  so a login cannot silence a deadline ahead of time or raise a false alarm.
* **Away is one's own.** A person marks themselves away (and ends it); a Unit Lead or an
  admin may do it for anyone. The server sets who wrote it and when.

The watch service reads every inbox and marks what it mailed: it runs with the owner's login.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from ..domain import Role
from . import server_rules

TABLES = ("notices", "alert_marks", "absences")
_DENY = "USING ERRCODE = 'insufficient_privilege'"
# A due time at closing: the sweep a few minutes later may record it (and a clock skew of
# a minute between workstation and server does not refuse an honest sweep).
_GRACE = "interval '1 minute'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _crossed(stage: str, milestone: str) -> str:
    """SQL: the clock ``milestone`` (an id expression) has reached ``stage`` (an expression)."""
    return f"""EXISTS (
                SELECT 1 FROM milestones m WHERE m.id = {milestone} AND (
                    ({stage} = 'due' AND m.due_at <= now() + {_GRACE})
                    OR ({stage} = 'warn' AND coalesce(m.warn_at, m.started_at) <= now() + {_GRACE})
                ))"""


def _statements(schema: str) -> list[str]:
    definer = f"SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp"
    return [
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_stamp_notice() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NEW;
            END IF;
            NEW.created_at := now();
            NEW.read_at := NULL;
            NEW.mailed_at := NULL;
            IF NEW.kind IN ('warn', 'due') THEN
                NEW.by_user_id := NULL;
                IF NEW.milestone_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM milestones WHERE id = NEW.milestone_id
                    AND inquiry_id = NEW.inquiry_id
                ) OR NOT {_crossed("NEW.kind", "NEW.milestone_id")} THEN
                    RAISE EXCEPTION 'a clock is announced when its time has come' {_DENY};
                END IF;
            ELSE
                NEW.by_user_id := liaison_desk_user_id();
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_stamp_alert_mark() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NEW;
            END IF;
            NEW.at := now();
            IF NOT {_crossed("NEW.stage", "NEW.milestone_id")} THEN
                RAISE EXCEPTION 'a clock is announced when its time has come' {_DENY};
            END IF;
            RETURN NEW;
        END
        $$
        """,
        f"""
        CREATE OR REPLACE FUNCTION liaison_desk_stamp_absence() RETURNS trigger
        LANGUAGE plpgsql {definer} AS $$
        BEGIN
            IF NOT liaison_desk_limited() THEN
                RETURN NEW;
            END IF;
            IF TG_OP = 'INSERT' THEN
                NEW.created_at := now();
                NEW.created_by_id := liaison_desk_user_id();
                NEW.ended_at := NULL;
            ELSIF (NEW.user_id, NEW.created_at, NEW.created_by_id)
                  IS DISTINCT FROM (OLD.user_id, OLD.created_at, OLD.created_by_id) THEN
                RAISE EXCEPTION 'whose absence it is, and who wrote it, do not change' {_DENY};
            ELSIF NEW.ended_at IS NOT NULL AND OLD.ended_at IS NULL THEN
                NEW.ended_at := now();
            END IF;
            RETURN NEW;
        END
        $$
        """,
    ]


_TRIGGERS = (
    ("ld_stamp_notice", "BEFORE INSERT", "notices", "liaison_desk_stamp_notice"),
    ("ld_stamp_alert_mark", "BEFORE INSERT", "alert_marks", "liaison_desk_stamp_alert_mark"),
    ("ld_stamp_absence", "BEFORE INSERT OR UPDATE", "absences", "liaison_desk_stamp_absence"),
)


def apply(conn: Connection, schema: str, groups: dict[Role, str], have: set[str]) -> None:
    """Grants, row policies and triggers of the alert tables; idempotent. The caller has
    revoked everything and granted SELECT to every group already."""
    ours = [g for g in groups.values() if g in have]
    if not ours:
        return
    everyone = ", ".join(_q(g) for g in ours)
    conn.execute(text(f"GRANT INSERT ON notices, alert_marks, absences TO {everyone}"))
    conn.execute(text(f"GRANT UPDATE (read_at) ON notices TO {everyone}"))
    conn.execute(
        text(f"GRANT UPDATE (ended_at, last_day, cover_id, note) ON absences TO {everyone}")
    )
    leads = [groups[r] for r in (Role.UNIT_LEAD, Role.ADMIN) if groups[r] in have]
    lead_check = (
        "pg_has_role(session_user, '" + "', 'MEMBER') OR pg_has_role(session_user, '".join(leads)
        + "', 'MEMBER')"
    ) if leads else "false"  # fmt: skip
    mine = "user_id = liaison_desk_user_id()"
    rules = {
        "notices": [
            ("ld_read", "SELECT", mine, None),
            ("ld_mark", "UPDATE", mine, mine),
            ("ld_tell", "INSERT", None, "inquiry_id IN (SELECT id FROM inquiries)"),
        ],
        "alert_marks": [
            ("ld_read", "SELECT", "true", None),
            ("ld_tell", "INSERT", None, "milestone_id IN (SELECT id FROM milestones)"),
        ],
        "absences": [
            ("ld_read", "SELECT", "true", None),
            ("ld_mark", "UPDATE", f"{mine} OR {lead_check}", f"{mine} OR {lead_check}"),
            ("ld_tell", "INSERT", None, f"{mine} OR {lead_check}"),
        ],
    }
    for table, policies in rules.items():
        conn.execute(text(f"ALTER TABLE {_q(table)} ENABLE ROW LEVEL SECURITY"))
        for name in ("ld_read", "ld_mark", "ld_tell"):
            conn.execute(text(f"DROP POLICY IF EXISTS {name} ON {_q(table)}"))
        for name, command, using, check in policies:
            clauses = (f" USING ({using})" if using else "") + (
                f" WITH CHECK ({check})" if check else ""
            )
            conn.execute(
                text(f"CREATE POLICY {name} ON {_q(table)} FOR {command} TO {everyone}{clauses}")
            )
    for statement in _statements(schema):
        conn.execute(text(statement))
    for name, when, table, function in _TRIGGERS:
        server_rules.create_trigger(conn, name, when, table, function)
