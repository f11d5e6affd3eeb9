"""The tamper-evident chain of the history (issue 15): every timeline entry and audit entry
carries its place in its chain (``chain_seq``: 1, 2, 3 …) and a hash (``chain_hash``) of
the previous entry's hash and its own content. A timeline's chain is its inquiry's; an audit
entry's is the chain of what it is about (an inquiry, a user, a setting).

The database computes both as the row is inserted — a PostgreSQL trigger after every other
(stamping the server's actor and time first), a SQLite trigger calling the app's
``ld_chain_digest`` — so no client, and no login in psql, can write its own. Altering an
entry afterwards (only the tables' owner can) breaks its hash; deleting one leaves a gap the
next entry's hash shows; rewriting the whole rest of a chain changes the fingerprint a
compliance packet printed.

The content hashed is the entry's columns as the database keeps them, each written
``length:text`` (``-`` for none) — one SQL expression per database, used by the trigger and
by :mod:`liaison_desk.services.record_chain` alike, so the two cannot disagree. Changing it
means a migration that recomputes every chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

_TIMES = {"at", "recorded_at"}


@dataclass(frozen=True)
class Chained:
    table: str
    key: tuple[str, ...]  # the columns that name a chain
    fields: tuple[str, ...]  # the content hashed, with chain_seq first
    trigger: str


TIMELINE = Chained(
    "timeline_entries",
    ("inquiry_id",),
    ("chain_seq", "inquiry_id", "at", "recorded_at", "user_id", "kind", "party", "channel",
     "outcome", "summary", "notes", "data", "letter_id"),
    "liaison_desk_chain_timeline",
)  # fmt: skip
AUDIT = Chained(
    "audit_entries",
    ("entity", "entity_id"),
    ("chain_seq", "entity", "entity_id", "at", "actor", "action", "changes"),
    "liaison_desk_chain_audit",
)
CHAINED = (TIMELINE, AUDIT)

# PostgreSQL fires a table's BEFORE triggers in the order of their names: this one must see
# the row as the server's own stamping left it.
PG_TRIGGER = "ld_zchain"
SQLITE_TRIGGER = "ld_chain"
SQLITE_GUARD = "ld_chain_kept"


def digest(previous: str | None, content: str) -> str:
    """The hash of an entry: SHA-256 of the previous entry's hash and its content, in hex."""
    return hashlib.sha256(((previous or "") + content).encode("utf-8")).hexdigest()


def _text(dialect: str, row: str, column: str) -> str:
    ref = f"{row}.{column}"
    if column in _TIMES and dialect == "postgresql":
        return f"to_char({ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    if dialect == "postgresql":
        return f"{ref}::text"
    return f"CAST({ref} AS TEXT)"


def content_sql(dialect: str, chained: Chained, row: str) -> str:
    """The content of ``row`` (``NEW`` or a table alias) as one text, in ``dialect``."""
    parts = []
    for column in chained.fields:
        value = _text(dialect, row, column)
        length = f"length({value})::text" if dialect == "postgresql" else f"length({value})"
        parts.append(f"coalesce({length} || ':' || {value}, '-')")
    return " || '|' || ".join(parts)


def key_sql(dialect: str, chained: Chained, row: str) -> str:
    """The chain's name as one text (to lock on)."""
    return " || ':' || ".join(f"coalesce({_text(dialect, row, c)}, '')" for c in chained.key)


def same_chain_sql(dialect: str, chained: Chained, row: str, other: str) -> str:
    same = "IS NOT DISTINCT FROM" if dialect == "postgresql" else "IS"
    return " AND ".join(f"{other}.{c} {same} {row}.{c}" for c in chained.key)


def _postgres(chained: Chained) -> list[str]:
    t = chained.table
    return [
        f"""
        CREATE OR REPLACE FUNCTION {chained.trigger}() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
        DECLARE
            last_seq integer;
            last_hash text;
        BEGIN
            -- One writer per chain at a time, so two sessions cannot both extend entry n.
            PERFORM pg_advisory_xact_lock(hashtext('{t}'),
                                          hashtext({key_sql("postgresql", chained, "NEW")}));
            SELECT p.chain_seq, p.chain_hash INTO last_seq, last_hash FROM {t} p
             WHERE {same_chain_sql("postgresql", chained, "NEW", "p")}
             ORDER BY p.chain_seq DESC NULLS LAST LIMIT 1;
            NEW.chain_seq := coalesce(last_seq, 0) + 1;
            NEW.chain_hash := encode(sha256(convert_to(
                coalesce(last_hash, '') || {content_sql("postgresql", chained, "NEW")},
                'UTF8')), 'hex');
            RETURN NEW;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {t}",
        f"CREATE TRIGGER {PG_TRIGGER} BEFORE INSERT ON {t} "
        f"FOR EACH ROW EXECUTE FUNCTION {chained.trigger}()",
    ]


def _sqlite(chained: Chained) -> list[str]:
    t = chained.table
    same = same_chain_sql("sqlite", chained, "NEW", "p")
    return [
        f"DROP TRIGGER IF EXISTS {SQLITE_TRIGGER}_{t}",
        f"CREATE TRIGGER {SQLITE_TRIGGER}_{t} AFTER INSERT ON {t} BEGIN "
        f"UPDATE {t} SET chain_hash = NULL, chain_seq = coalesce((SELECT max(p.chain_seq) "
        f"FROM {t} p WHERE {same} AND p.id != NEW.id), 0) + 1 WHERE id = NEW.id; "
        f"UPDATE {t} SET chain_hash = ld_chain_digest((SELECT p.chain_hash FROM {t} p "
        f"WHERE {same} AND p.chain_seq = {t}.chain_seq - 1), "
        f"{content_sql('sqlite', chained, t)}) WHERE id = NEW.id; END",
        # The history is kept as written: what the app or a SQLite tool would change in an
        # entry already chained is refused (its hash would break anyway).
        f"DROP TRIGGER IF EXISTS {SQLITE_GUARD}_{t}",
        f"CREATE TRIGGER {SQLITE_GUARD}_{t} BEFORE UPDATE ON {t} "
        "WHEN OLD.chain_hash IS NOT NULL BEGIN "
        "SELECT RAISE(ABORT, 'the history is kept as written'); END",
        f"DROP TRIGGER IF EXISTS {SQLITE_GUARD}_new_{t}",
        f"CREATE TRIGGER {SQLITE_GUARD}_new_{t} BEFORE INSERT ON {t} "
        "WHEN NEW.chain_hash IS NOT NULL OR NEW.chain_seq IS NOT NULL BEGIN "
        "SELECT RAISE(ABORT, 'the database numbers and hashes the history itself'); END",
    ]


def trigger_statements(dialect: str) -> list[str]:
    """The statements that make the database chain every new entry."""
    make = _postgres if dialect == "postgresql" else _sqlite
    return [statement for chained in CHAINED for statement in make(chained)]


def drop_statements(dialect: str) -> list[str]:
    out = []
    for chained in CHAINED:
        if dialect == "postgresql":
            out.append(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON {chained.table}")
            out.append(f"DROP FUNCTION IF EXISTS {chained.trigger}()")
        else:
            out.append(f"DROP TRIGGER IF EXISTS {SQLITE_TRIGGER}_{chained.table}")
            out.append(f"DROP TRIGGER IF EXISTS {SQLITE_GUARD}_{chained.table}")
            out.append(f"DROP TRIGGER IF EXISTS {SQLITE_GUARD}_new_{chained.table}")
    return out
