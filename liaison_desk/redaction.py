"""Redacting free text for a shared export: what the inquiry knows about its people, and the
shapes personal data takes.

From the inquiry: every part of the member's, caller's and contact's names (so "Doe",
"Jane" and "Doe, Jane" all go), the mailing address's lines and their street part, the state
ID. By pattern: phone numbers of 7, 10 or 11 digits however written, e-mail addresses,
Social Security numbers, state IDs with or without a space, street addresses, and dates of
birth (a date after "DOB", "born" or "birth", or any date before 2011, which no inquiry of
this app's era is dated). NPIs (ten digits, public) and practice names stay.

Names are matched without regard to case or accents ("maria" is "María"), as whole words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

REDACTED = "[redacted]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SSN = re.compile(r"\b\d{3}[-\s]\d{2}[-\s]\d{4}\b|\b(?<!\d)\d{9}(?!\d)\b")
_PHONE = re.compile(
    r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])?\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,6})?\b",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"(?<!\d)1?\d{10}(?!\d)")
_STATE_ID = re.compile(r"\b\d{7}\s?[A-Za-z]\b")
_STREET = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Za-z0-9'.-]+\s+){0,3}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Boulevard|Ct|Court|Way|Pl|Place|"
    r"Cir|Circle|Hwy|Highway|Pkwy|Parkway|Ter|Terrace|Trl|Trail)\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*[\w-]+)?",
    re.IGNORECASE,
)
_DATE = r"(?:\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})"
_BIRTH = re.compile(
    rf"\b(?:d\.?o\.?b\.?|born|birth(?:day|date)?|date of birth)\b[:\s-]*(?:on\s+)?{_DATE}",
    re.IGNORECASE,
)
_ANY_DATE = re.compile(_DATE)
_YEAR = re.compile(r"(\d{4})\b|[/-](\d{2})$")
OLDEST_INQUIRY_YEAR = 2011


def _old_date(match: re.Match[str]) -> str:
    """A date before any inquiry's time is a birth date (or another person's history)."""
    found = _YEAR.search(match.group(0))
    if found is None:
        return match.group(0)
    year = int(found.group(1)) if found.group(1) else 1900 + int(found.group(2))
    if found.group(2) and int(found.group(2)) < 50:
        year += 100  # "11/24/25" is 2025
    return REDACTED if year < OLDEST_INQUIRY_YEAR else match.group(0)


def _digit_run(match: re.Match[str]) -> str:
    """Ten digits are a phone, unless they are an NPI (public, and kept)."""
    from .validation import is_valid_npi

    digits = match.group(0)
    return digits if len(digits) == 10 and is_valid_npi(digits) else REDACTED


def _fold_char(c: str) -> str:
    low = c.lower()
    if len(low) != 1:
        low = c
    base = unicodedata.normalize("NFKD", low)[:1]
    return base if base.isascii() and base.isalpha() else low


def _folded(text: str) -> str:
    """Same length as ``text``: positions in it are positions in the original."""
    return "".join(_fold_char(c) for c in text)


def name_parts(names: Iterable[str | None]) -> list[str]:
    """Every word of the people's names that can name someone (not "of", not "Jr")."""
    out: set[str] = set()
    for name in names:
        if not name:
            continue
        out.add(name.strip())
        for part in re.split(r"[\s,]+", name):
            part = part.strip(".'\"()")
            if len(part) < 2 or part.lower() in {"jr", "sr", "ii", "iii", "mr", "mrs", "ms"}:
                continue
            out.add(part)
            out.update(p for p in re.split(r"[-']", part) if len(p) > 2)
    return sorted(out, key=len, reverse=True)


class Redactor:
    """Redacts one inquiry's free text (build one per inquiry)."""

    def __init__(
        self,
        people: Iterable[str | None] = (),
        address: str | None = None,
        ids: Iterable[str | None] = (),
    ) -> None:
        phrases = name_parts(people)
        for line in (address or "").splitlines():
            line = line.strip()
            if len(line) > 3:
                phrases.append(line)
        for value in ids:
            if value:
                phrases.append(value)
        words = sorted({_folded(p) for p in phrases if p}, key=len, reverse=True)
        self._known = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
            if words
            else None
        )

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return text
        out = _BIRTH.sub(REDACTED, text)
        out = _ANY_DATE.sub(_old_date, out)
        for pattern in (_EMAIL, _SSN, _STREET, _PHONE, _STATE_ID):
            out = pattern.sub(REDACTED, out)
        out = _DIGIT_RUN.sub(_digit_run, out)
        if self._known is not None:
            folded = _folded(out)
            spans = [m.span() for m in self._known.finditer(folded)]
            for start, end in reversed(spans):
                out = out[:start] + REDACTED + out[end:]
        return out
