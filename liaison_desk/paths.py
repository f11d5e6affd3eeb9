"""Where the app keeps its files, from platformdirs (per-user, per-OS)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "LiaisonDesk"


def data_dir() -> Path:
    override = os.environ.get("LIAISON_DESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("LIAISON_DESK_DATA_DIR")
    path = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_sqlite_path() -> Path:
    return data_dir() / "liaison-desk.sqlite3"


def autosave_dir() -> Path:
    path = data_dir() / "autosave"
    path.mkdir(parents=True, exist_ok=True)
    return path
