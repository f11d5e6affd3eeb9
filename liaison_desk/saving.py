"""Saving a file a person chose: in one step, never over the open database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .db.files import refuse_database_file
from .errors import InputRefused


@contextmanager
def replacing(
    path: str | Path, prefix: str = ".workbook-", suffix: str = ".xlsx"
) -> Iterator[Path]:
    """A temporary file beside ``path`` to write the workbook to; when the block ends, it
    replaces ``path`` in one step, so a failed or cancelled save leaves no half-written
    file. A folder that does not exist, or a file that cannot be written (often: open in
    Excel), is refused in one sentence."""
    target = Path(path)
    refuse_database_file(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputRefused(f"The folder “{folder}” does not exist.")
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise InputRefused(
            f"“{target}” cannot be written ({exc.strerror or exc}); is it open in another program?"
        ) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputRefused(f"“{target}” cannot be written: {exc.strerror or exc}.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_bytes(path: str | Path, data: bytes, prefix: str = ".save-") -> Path:
    """Write ``data`` to ``path`` the same way (a letter's PDF)."""
    target = Path(path)
    with replacing(target, prefix, target.suffix or ".tmp") as tmp:
        tmp.write_bytes(data)
    return target
