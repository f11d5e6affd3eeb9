"""Unit tests: pure functions and values (calendar, cells, letters, validation, permissions),
no database and no Qt."""
