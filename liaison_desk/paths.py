"""Where the app keeps its files, from platformdirs (per-user, per-OS)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "LiaisonDesk"


# Members' names, IDs, phones and addresses live in these folders (the embedded database,
# drafts, the log): only the person's own account may read them. On Windows the folders are
# in the user's profile, whose ACL already says so; on POSIX the modes do.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> None:
    """Make an existing file readable by its owner only (no-op when it is missing)."""
    if os.name != "posix":
        return
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE)
    except FileNotFoundError:
        pass


def keep_private() -> None:
    """New files of this process are private from the start (the log's rotations, SQLite's
    WAL and index, exports): the process's file mode mask, set once at start."""
    if os.name == "posix":
        os.umask(0o077)


def data_dir() -> Path:
    override = os.environ.get("LIAISON_DESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    return private_dir(path)


def log_dir() -> Path:
    override = os.environ.get("LIAISON_DESK_DATA_DIR")
    path = Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))
    return private_dir(path)


def default_sqlite_path() -> Path:
    return data_dir() / "liaison-desk.sqlite3"


def autosave_dir() -> Path:
    return private_dir(data_dir() / "autosave")
