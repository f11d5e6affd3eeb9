"""Sealing files that hold personal data at rest (the autosaved drafts): encrypted with a key
kept in the operating system's keyring (Windows Credential Manager, macOS Keychain, the
Secret Service on a Linux desktop) when there is one.

Where no keyring answers (a server, a bare Linux session) the draft stays plain JSON, but in
a folder and a file only the person's account can read (:mod:`liaison_desk.paths`). A sealed
file whose key is gone (another account, a wiped keyring) reads as None: it cannot be
offered back, and nothing else can read it either.
"""

from __future__ import annotations

import logging
from functools import lru_cache

log = logging.getLogger("liaison_desk.sealing")

MAGIC = b"LDSEAL1\n"
SERVICE = "Liaison Desk"
ACCOUNT = "draft-key"


@lru_cache(maxsize=2)
def _key(create: bool) -> bytes | None:
    try:
        import keyring
        from cryptography.fernet import Fernet
    except ImportError:
        return None
    try:
        stored = keyring.get_password(SERVICE, ACCOUNT)
        if stored is None and create:
            stored = Fernet.generate_key().decode("ascii")
            keyring.set_password(SERVICE, ACCOUNT, stored)
    except Exception as exc:  # no keyring backend, a locked keyring: stay plain (and private)
        log.info("no keyring for sealing drafts (%s)", type(exc).__name__)
        return None
    return stored.encode("ascii") if stored else None


def seal(data: bytes) -> bytes:
    key = _key(True)
    if key is None:
        return data
    from cryptography.fernet import Fernet

    return MAGIC + Fernet(key).encrypt(data)


def unseal(blob: bytes) -> bytes | None:
    """The plain bytes of a sealed (or plain) file; None when it cannot be opened here."""
    if not blob.startswith(MAGIC):
        return blob
    key = _key(False) or _key(True)
    if key is None:
        return None
    from cryptography.fernet import Fernet, InvalidToken

    try:
        return Fernet(key).decrypt(blob[len(MAGIC) :])
    except InvalidToken:
        return None


def forget_key_cache() -> None:
    """Ask the keyring again next time (tests, a keyring that unlocked meanwhile)."""
    _key.cache_clear()
