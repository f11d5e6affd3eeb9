"""Database tests: services, storage, import and export against a real database. The ``db``
fixture runs each on SQLite and, when ``LIAISON_DESK_TEST_DATABASE_URL`` is set, on
PostgreSQL (where the server's grants and row-level security are tested as each role's login)."""
