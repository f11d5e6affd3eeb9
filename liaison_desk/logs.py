"""Named loggers to a rotating file in the user's log folder.

The desktop client routes Qt's own messages into the same loggers, so one file tells the
whole story when someone reports a problem.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .paths import log_dir, private_file

LOG_FILE_NAME = "liaison-desk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log names what happened to which inquiry: readable by its owner only."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        private_file(Path(self.baseFilename))
        return stream


def setup_logging(level: int = logging.INFO, *, folder: Path | None = None) -> Path:
    """Attach a rotating file handler to the ``liaison_desk`` logger tree (once)."""
    path = (folder or log_dir()) / LOG_FILE_NAME
    root = logging.getLogger("liaison_desk")
    root.setLevel(level)
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path.resolve()
        ):
            return path
    handler = _PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path


def describe_failure(exc: BaseException) -> str:
    """An unexpected error for the log: its type and the frames it came through (file,
    line, function), not its message or local values, which may quote personal data."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    cause = exc.__cause__ or exc.__context__
    kind = type(exc).__name__ + (f" (from {type(cause).__name__})" if cause is not None else "")
    return f"{kind} at {where or 'an unknown place'}"
