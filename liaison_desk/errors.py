"""Domain errors: what went wrong, in the words of the person at the desk.

Services raise these; the CLI prints ``str(error)`` as one line and the client shows it in a
dialog. Database driver errors are translated into them at the storage boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """Base class: the message is meant for the person, not for a developer."""


class ValidationError(DomainError):
    """One or more fields are wrong; ``problems`` maps field name to message."""

    def __init__(self, problems: Mapping[str, str] | str) -> None:
        if isinstance(problems, str):
            problems = {"": problems}
        self.problems: dict[str, str] = dict(problems)
        super().__init__("; ".join(self.problems.values()))


class NotFoundError(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ConflictError(DomainError):
    """Someone else saved a newer version of the same record first.

    ``mine`` holds the values this person tried to save, ``theirs`` the values now stored,
    so the client can show both and offer to reload or re-apply.
    """

    def __init__(
        self,
        what: str,
        *,
        expected_version: int,
        current_version: int,
        mine: Mapping[str, Any] | None = None,
        theirs: Mapping[str, Any] | None = None,
    ) -> None:
        self.what = what
        self.expected_version = expected_version
        self.current_version = current_version
        self.mine: dict[str, Any] = dict(mine or {})
        self.theirs: dict[str, Any] = dict(theirs or {})
        super().__init__(
            f"{what} was changed by someone else while you were editing it "
            f"(you had version {expected_version}, it is now version {current_version}). "
            "Reload to see their change, or apply yours again on top of it."
        )


class DatabaseUnavailable(DomainError):
    """The database cannot be reached; the client shows a banner and retries."""


class BadDatabaseUrl(DomainError):
    pass


class Cancelled(DomainError):
    """The person cancelled a long piece of work (an import, an export); nothing was written."""


class InputRefused(DomainError):
    """A file or request was refused as a whole; nothing was written."""
