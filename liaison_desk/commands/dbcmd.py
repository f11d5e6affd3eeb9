from __future__ import annotations

from ..db.engine import Database
from ..db.schema import current_revision, upgrade


def run_upgrade(db: Database) -> int:
    before = current_revision(db)
    notes = upgrade(db)
    after = current_revision(db)
    if before == after:
        print(f"Database is up to date (revision {after}) — {db.describe()}.")
    else:
        print(f"Database upgraded from {before or 'empty'} to {after} — {db.describe()}.")
    for note in notes:
        print(f"Note: {note}")
    return 0
