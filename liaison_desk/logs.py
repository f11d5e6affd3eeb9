"""Named loggers to a rotating file in the user's log folder.

The desktop client routes Qt's own messages into the same loggers, so one file tells the
whole story when someone reports a problem.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from .paths import log_dir

LOG_FILE_NAME = "liaison-desk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


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
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path
