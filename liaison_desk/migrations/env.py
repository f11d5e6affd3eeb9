"""Alembic environment: the connection is handed in by liaison_desk.db.schema."""

from __future__ import annotations

from alembic import context

import liaison_desk.db.models  # noqa: F401  (registers the tables)
from liaison_desk.db.base import Base, include_object_for

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand without our wrapper
    raise RuntimeError("Run migrations through `liaison-desk db upgrade`.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object_for(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
