"""The account manager's e-mail work on PostgreSQL (issue 14, seed 004): a manager's login,
which otherwise changes no existing work, may take in e-mail inquiries with their message
and assign them — nothing else, and no other kind of inquiry."""

from __future__ import annotations

from sqlalchemy import Connection, text


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply(conn: Connection, manager: str) -> None:
    """Grants and restrictive row policies for the manager's group (idempotent; the caller
    revoked everything first)."""
    who = _q(manager)
    # assign() and intake: the assignee, the next deadline, the save's time and version.
    columns = "assignee_id, updated_at, version, next_due_at"
    conn.execute(text(f"GRANT UPDATE ({columns}) ON inquiries TO {who}"))
    conn.execute(text(f"GRANT INSERT ON attachments, attachment_chunks TO {who}"))
    email = "track = 'email'"
    for table, command, rule in (
        ("inquiries", "UPDATE", f"USING ({email}) WITH CHECK ({email})"),
        # The message of an e-mail inquiry, kept as it is taken in.
        ("attachments", "INSERT",
         f"WITH CHECK (inquiry_id IN (SELECT id FROM inquiries WHERE {email}))"),
    ):  # fmt: skip
        conn.execute(text(f"DROP POLICY IF EXISTS ld_manager_email ON {table}"))
        conn.execute(
            text(
                f"CREATE POLICY ld_manager_email ON {table} AS RESTRICTIVE FOR {command} "
                f"TO {who} {rule}"
            )
        )
