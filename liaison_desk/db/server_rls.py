"""Row-level security on PostgreSQL (SPEC §5): who sees which rows of the inquiries and of
everything that hangs off them. Staff see every row; a CSR the callback requests and
consideration cases they took in; the QC team and the State Monitors the consideration cases.
Applied by :func:`liaison_desk.db.server_roles.apply` after the grants."""

from __future__ import annotations

from sqlalchemy import Connection, text

from ..domain import Role
from . import server_steps


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# Rows that hold personal data carry the rule of the inquiry they belong to: a CSR sees the
# audit lines and QC items of their own requests only, and no QC audit at all.
_CSR_ROWS = {
    "audit_entries": (
        "entity = 'inquiry' AND entity_id IN (SELECT id FROM inquiries)",
        "entity = 'inquiry' AND entity_id IN (SELECT id FROM inquiries)",
    ),
    "qc_audit_items": ("false", "false"),
    "qc_audits": ("false", "false"),
    "inquiry_views": ("false", "inquiry_id IN (SELECT id FROM inquiries)"),
    "attachment_chunks": (
        "attachment_id IN (SELECT id FROM attachments)",
        "attachment_id IN (SELECT id FROM attachments)",
    ),
    "inquiry_links": (
        "first_id IN (SELECT id FROM inquiries) AND second_id IN (SELECT id FROM inquiries)",
        "first_id IN (SELECT id FROM inquiries) AND second_id IN (SELECT id FROM inquiries)",
    ),
}


def apply(
    conn: Connection,
    tables: list[str],
    ours: list[str],
    GROUPS: dict[Role, str],
    children: tuple[str, ...],
) -> None:
    # The CSR sees their own requests; the QC team and the State Monitors the consideration
    # cases; everyone else every row.
    narrow = {GROUPS[r] for r in (Role.CSR, *server_steps.STEP_ROLES)}
    staff = [g for g in ours if g not in narrow]
    csr = GROUPS[Role.CSR] if GROUPS[Role.CSR] in ours else None
    steps = [GROUPS[r] for r in server_steps.STEP_ROLES if GROUPS[r] in ours]
    for table in ("inquiries", *children, *_CSR_ROWS):
        if table not in tables:
            continue
        conn.execute(text(f"ALTER TABLE {_q(table)} ENABLE ROW LEVEL SECURITY"))
        for name in ("ld_staff", "ld_csr", "ld_steps"):
            conn.execute(text(f"DROP POLICY IF EXISTS {name} ON {_q(table)}"))
        if staff:
            conn.execute(
                text(
                    f"CREATE POLICY ld_staff ON {_q(table)} TO {', '.join(_q(g) for g in staff)} "
                    "USING (true) WITH CHECK (true)"
                )
            )
        if table == "inquiries":
            mine = "created_by_id = liaison_desk_user_id()"
            rules = {
                "ld_csr": (mine, f"{mine} AND track IN ('ime_callback', 'consideration')"),
                "ld_steps": (server_steps.CONSIDERATION, server_steps.CONSIDERATION),
            }
        elif table in _CSR_ROWS:
            rules = {"ld_csr": _CSR_ROWS[table], "ld_steps": _CSR_ROWS[table]}
        else:
            # The inquiries they can see are, by the policies above, the ones they may.
            own = "inquiry_id IN (SELECT id FROM inquiries)"
            rules = {"ld_csr": (own, own), "ld_steps": (own, own)}
        for name, who in (("ld_csr", [csr] if csr else []), ("ld_steps", steps)):
            if not who:
                continue
            using, check = rules[name]
            conn.execute(
                text(
                    f"CREATE POLICY {name} ON {_q(table)} TO {', '.join(_q(g) for g in who)} "
                    f"USING ({using}) WITH CHECK ({check})"
                )
            )
