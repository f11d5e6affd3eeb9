"""inquiry_search: the document the search across every inquiry reads, kept by triggers

Each inquiry's reference, names, state ID, NPI, description (folded by ``ld_fold``), the
digits of its reference and phones, and the words people wrote in its timeline (notes).
Triggers keep it whoever writes (the app, an import, a login in psql); on PostgreSQL a
trigram index (pg_trgm) makes ``LIKE '%term%'`` an index scan. Without the extension (a
login that may not create it) the search still works, by a scan.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_FIELDS = ("reference", "member_name", "member_state_id", "caller_name", "provider_name",
           "contact_name", "npi", "description")  # fmt: skip
_DIGITS = ("reference", "caller_phone", "contact_phone")


def _doc(row: str, fields: tuple[str, ...]) -> str:
    """The inquiry's part of the document, from ``row`` (NEW, or a table alias)."""
    text = " || ' ' || ".join(f"coalesce({row}.{c}, '')" for c in fields)
    digits = " || ' ' || ".join(
        f"replace(replace(coalesce({row}.{c}, ''), '+', ''), '-', '')" for c in _DIGITS
    )
    return f"ld_fold({text}) || ' ' || {digits}"


def _words(entry: str) -> str:
    """A timeline entry's words a person wrote: a note (its summary is the note), and the
    notes of any entry. System summaries ("Assigned to Lee Liaison") are left out, or a
    search for a member named Lee would find every item Lee works."""
    return (
        f"CASE WHEN {entry}.kind = 'note' THEN {entry}.summary ELSE '' END "
        f"|| ' ' || coalesce({entry}.notes, '')"
    )


def _has_words(entry: str) -> str:
    return f"({entry}.notes IS NOT NULL OR {entry}.kind = 'note')"


def _notes(inquiry_id: str, agg: str) -> str:
    return (
        f"coalesce((SELECT {agg} FROM timeline_entries t "
        f"WHERE t.inquiry_id = {inquiry_id} AND {_has_words('t')}), '')"
    )


def upgrade() -> None:
    op.create_table(
        "inquiry_search",
        sa.Column("inquiry_id", sa.Integer(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name=op.f("fk_inquiry_search_inquiry_id_inquiries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("inquiry_id", name=op.f("pk_inquiry_search")),
    )  # fmt: skip
    create_triggers(_FIELDS)
    if op.get_bind().dialect.name == "postgresql":
        _trigram_index()


def create_triggers(fields: tuple[str, ...]) -> None:
    """The triggers that keep the document, and the document of every inquiry as they
    would write it (0015 calls this again with the e-mail columns)."""
    if op.get_bind().dialect.name == "postgresql":
        _postgres(fields)
    else:
        _sqlite(fields)


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ld_search ON inquiries")
        op.execute("DROP TRIGGER IF EXISTS ld_search ON timeline_entries")
        op.execute("DROP FUNCTION IF EXISTS liaison_desk_search_doc()")
    else:
        for name in ("ld_search_insert", "ld_search_update", "ld_search_note"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _sqlite(fields: tuple[str, ...]) -> None:
    agg = f"group_concat(ld_fold({_words('t')}), ' ')"
    whole = f"{_doc('NEW', fields)} || ' ' || {_notes('NEW.id', agg)}"
    op.execute(
        "CREATE TRIGGER ld_search_insert AFTER INSERT ON inquiries BEGIN "
        f"INSERT OR REPLACE INTO inquiry_search (inquiry_id, doc) VALUES (NEW.id, {whole}); END"
    )
    op.execute(
        f"CREATE TRIGGER ld_search_update AFTER UPDATE OF {', '.join(fields + _DIGITS[1:])} "
        "ON inquiries BEGIN "
        f"INSERT OR REPLACE INTO inquiry_search (inquiry_id, doc) VALUES (NEW.id, {whole}); END"
    )
    op.execute(
        "CREATE TRIGGER ld_search_note AFTER INSERT ON timeline_entries "
        f"WHEN {_has_words('NEW')} BEGIN "
        f"UPDATE inquiry_search SET doc = doc || ' ' || ld_fold({_words('NEW')}) "
        "WHERE inquiry_id = NEW.inquiry_id; END"
    )
    op.execute(
        "INSERT OR REPLACE INTO inquiry_search (inquiry_id, doc) "
        f"SELECT i.id, {_doc('i', fields)} || ' ' || {_notes('i.id', agg)} FROM inquiries i"
    )


def _postgres(fields: tuple[str, ...]) -> None:
    agg = f"string_agg(ld_fold({_words('t')}), ' ')"
    op.execute(
        "CREATE OR REPLACE FUNCTION liaison_desk_search_doc() RETURNS trigger "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$ BEGIN "
        "IF TG_TABLE_NAME = 'inquiries' THEN "
        "INSERT INTO inquiry_search (inquiry_id, doc) VALUES "
        f"(NEW.id, {_doc('NEW', fields)} || ' ' || {_notes('NEW.id', agg)}) "
        "ON CONFLICT (inquiry_id) DO UPDATE SET doc = EXCLUDED.doc; "
        f"ELSIF {_has_words('NEW')} THEN "
        f"UPDATE inquiry_search SET doc = doc || ' ' || ld_fold({_words('NEW')}) "
        "WHERE inquiry_id = NEW.inquiry_id; "
        "END IF; RETURN NULL; END $$"
    )
    columns = ", ".join(fields + _DIGITS[1:])
    op.execute(
        "CREATE TRIGGER ld_search AFTER INSERT OR UPDATE OF "
        f"{columns} ON inquiries FOR EACH ROW EXECUTE FUNCTION liaison_desk_search_doc()"
    )
    op.execute(
        "CREATE TRIGGER ld_search AFTER INSERT ON timeline_entries "
        "FOR EACH ROW EXECUTE FUNCTION liaison_desk_search_doc()"
    )
    op.execute(
        "INSERT INTO inquiry_search (inquiry_id, doc) "
        f"SELECT i.id, {_doc('i', fields)} || ' ' || {_notes('i.id', agg)} FROM inquiries i "
        "ON CONFLICT (inquiry_id) DO UPDATE SET doc = EXCLUDED.doc"
    )


def _trigram_index() -> None:
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        has_trgm = True
    except sa.exc.DBAPIError:
        has_trgm = False
    if has_trgm:
        op.execute(
            "CREATE INDEX ix_inquiry_search_trgm ON inquiry_search USING gin (doc gin_trgm_ops)"
        )


def downgrade() -> None:
    drop_triggers()
    op.drop_table("inquiry_search")
