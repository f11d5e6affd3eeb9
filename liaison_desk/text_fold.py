"""Folding names for search: "maria" finds "María", "nguyen" finds "Nguyễn", "o'brien" finds
"O’Brien".

One table serves both places a search runs: Python (the open queues, filtered in memory) and
the database (the resolved queue, searched in SQL): SQLite calls :func:`fold_text` itself
(registered on each connection), PostgreSQL runs ``translate(lower(x), FOLD_FROM, FOLD_TO)``
in the ``ld_fold`` function a migration creates. The table maps each accented Latin letter,
capital or small, to its small unaccented letter, one character to one (``translate`` cannot
do more), so both sides agree whatever the server's locale does with ``lower``.
"""

from __future__ import annotations

import unicodedata

# Letters with a stroke have no decomposition; the apostrophes and hyphens word processors
# put in names are typed plain in a search box.
_EXTRA = {
    **dict(zip("ŁłØøĐđÐðĦħıŦŧ", "llooddddhhitt", strict=True)),
    **{"’": "'", "‘": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"},
}


def _table() -> tuple[str, str]:
    source, target = [], []
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        if base.isascii() and base.isalpha() and base != char:
            source.append(char)
            target.append(base)
    for char, plain in _EXTRA.items():
        if char not in source:
            source.append(char)
            target.append(plain)
    return "".join(source), "".join(target)


FOLD_FROM, FOLD_TO = _table()
_TRANSLATE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold_text(text: str | None) -> str:
    """``text`` in small letters without accents (the search's comparison form)."""
    if not text:
        return ""
    return text.lower().translate(_TRANSLATE)


def sql_fold(text: str | None) -> str | None:
    """:func:`fold_text` for SQLite's ``ld_fold`` (NULL stays NULL)."""
    return None if text is None else fold_text(text)
