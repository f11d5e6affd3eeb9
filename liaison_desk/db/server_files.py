"""The server's rules for the files kept with inquiries (issue 14), on PostgreSQL: a file is
added whole (its chunks only in the transaction that made it), never changed or deleted, and
hidden once, with a reason; who added or hid it, and when, is the server's."""

from __future__ import annotations

from sqlalchemy import Connection, text

from . import server_rules

TABLES = ("attachments", "attachment_chunks")
_DENY = "USING ERRCODE = 'insufficient_privilege'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply(conn: Connection, schema: str, workers: list[str]) -> None:
    """Grants and triggers (the row policies come with the inquiry's, in server_roles)."""
    if not workers:
        return
    who = ", ".join(_q(g) for g in workers)
    conn.execute(text(f"GRANT INSERT ON attachments, attachment_chunks TO {who}"))
    conn.execute(
        text(f"GRANT UPDATE (hidden_at, hidden_by_id, hidden_reason) ON attachments TO {who}")
    )
    definer = f"SECURITY DEFINER SET search_path = {_q(schema)}, pg_temp"
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION liaison_desk_check_file() RETURNS trigger
            LANGUAGE plpgsql {definer} AS $$
            BEGIN
                IF NOT liaison_desk_limited() THEN
                    RETURN NEW;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    NEW.created_at := now();
                    NEW.created_by_id := liaison_desk_user_id();
                    NEW.hidden_at := NULL;
                    NEW.hidden_by_id := NULL;
                    NEW.hidden_reason := NULL;
                    RETURN NEW;
                END IF;
                IF OLD.hidden_at IS NOT NULL THEN
                    RAISE EXCEPTION 'a hidden file stays hidden' {_DENY};
                END IF;
                IF coalesce(trim(NEW.hidden_reason), '') = '' THEN
                    RAISE EXCEPTION 'a file is hidden with its reason' {_DENY};
                END IF;
                NEW.hidden_at := now();
                NEW.hidden_by_id := liaison_desk_user_id();
                RETURN NEW;
            END
            $$
            """
        )
    )
    conn.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION liaison_desk_check_chunk() RETURNS trigger
            LANGUAGE plpgsql {definer} AS $$
            BEGIN
                IF liaison_desk_limited() AND NOT EXISTS (
                    SELECT 1 FROM attachments WHERE id = NEW.attachment_id AND created_at = now()
                ) THEN
                    RAISE EXCEPTION 'a kept file does not change' {_DENY};
                END IF;
                RETURN NEW;
            END
            $$
            """
        )
    )
    for name, when, table, function in (
        ("ld_check_file", "BEFORE INSERT OR UPDATE", "attachments", "liaison_desk_check_file"),
        ("ld_check_chunk", "BEFORE INSERT", "attachment_chunks", "liaison_desk_check_chunk"),
    ):
        server_rules.create_trigger(conn, name, when, table, function)
