"""the search across every inquiry finds an e-mail's sender address and subject

The triggers of 0011 again, with ``email`` and ``subject`` among the folded fields, and the
document of every inquiry rewritten as they would write it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _search() -> ModuleType:
    # One place for how the document is built: 0011's functions, with more fields.
    path = Path(__file__).with_name("0011_inquiry_search.py")
    spec = importlib.util.spec_from_file_location("ld_migration_0011", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    search = _search()
    search.drop_triggers()
    search.create_triggers((*search._FIELDS, "email", "subject"))


def downgrade() -> None:
    search = _search()
    search.drop_triggers()
    search.create_triggers(search._FIELDS)
