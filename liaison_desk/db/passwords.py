"""A team-database password in the operating system's keyring (Windows Credential Manager,
macOS Keychain, the Secret Service on a Linux desktop), only when the person ticks "remember
my password" — never in a settings file, an address or the log. Where no keyring answers, the
password is simply not remembered, and the dialog says so."""

from __future__ import annotations

import contextlib
import logging

from .signin import ServerProfile

log = logging.getLogger("liaison_desk.passwords")

SERVICE = "Liaison Desk database"


def _account(profile: ServerProfile) -> str:
    return f"{profile.user}@{profile.host}:{profile.port}/{profile.database}"


def _keyring() -> object | None:
    """The keyring backend, or None when there is none worth the name (the "fail" and
    "null" backends of a bare session)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring):
            return None
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return None
    except Exception:
        return None
    return backend


def can_remember() -> bool:
    return _keyring() is not None


def remembered(profile: ServerProfile) -> str | None:
    backend = _keyring()
    if backend is None or not profile.user:
        return None
    try:
        found = backend.get_password(SERVICE, _account(profile))  # type: ignore[attr-defined]
    except Exception as exc:  # a locked keyring: ask instead
        log.info("keyring unreadable (%s)", type(exc).__name__)
        return None
    return str(found) if found else None


def remember(profile: ServerProfile, password: str) -> bool:
    """Store the password; False when this computer has no keyring (nothing stored)."""
    backend = _keyring()
    if backend is None or not profile.user or not password:
        return False
    try:
        backend.set_password(SERVICE, _account(profile), password)  # type: ignore[attr-defined]
    except Exception as exc:
        log.info("keyring refused the password (%s)", type(exc).__name__)
        return False
    return True


def forget(profile: ServerProfile) -> None:
    backend = _keyring()
    if backend is None or not profile.user:
        return
    with contextlib.suppress(Exception):  # nothing was stored: nothing to forget
        backend.delete_password(SERVICE, _account(profile))  # type: ignore[attr-defined]
