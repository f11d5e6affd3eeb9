"""Checking a field as the person types: empty, still partial, wrong (and why) or right, for
NPI, state ID, phone and plain text (the same rules the services apply on save)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from liaison_desk.errors import ValidationError
from liaison_desk.validation import (
    normalize_email,
    normalize_npi,
    normalize_phone,
    normalize_state_id,
)


class Check(Enum):
    EMPTY = "empty"
    PARTIAL = "partial"  # still being typed: said only once the person leaves the field
    ERROR = "error"  # wrong however it continues: said at once
    OK = "ok"


@dataclass(frozen=True)
class Verdict:
    check: Check
    message: str = ""
    value: str = ""  # the normalised value when OK


Validator = Callable[[str], Verdict]


def _problem(exc: ValidationError) -> str:
    return next(iter(exc.problems.values()), str(exc))


def check_npi(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    digits = raw.replace(" ", "").replace("-", "")
    if not digits.isdigit():
        return Verdict(Check.ERROR, "An NPI has digits only.")
    if len(digits) < 10:
        return Verdict(
            Check.PARTIAL, f"The NPI has {len(digits)} digits so far; an NPI has exactly 10."
        )
    try:
        value = normalize_npi(raw)
    except ValidationError as exc:
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "✓ Valid NPI (the check digit matches).", value)


_STATE_ID_SO_FAR = re.compile(r"^\d{0,7}$")


def check_state_id(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    try:
        value = normalize_state_id(raw)
    except ValidationError as exc:
        if _STATE_ID_SO_FAR.match(raw):
            return Verdict(Check.PARTIAL, "A state ID is 7 digits and a letter, like 1234567A.")
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "", value)


_PHONE_CHARS = re.compile(r"^[\d\s().+\-]*$")


def check_phone(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    try:
        value = normalize_phone(raw)
    except ValidationError as exc:
        digits = re.sub(r"\D", "", raw)
        if _PHONE_CHARS.match(raw) and len(digits.removeprefix("1")) < 10:
            return Verdict(Check.PARTIAL, "A phone number has 10 digits with the area code.")
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "", value)


def check_email(text: str) -> Verdict:
    raw = text.strip()
    if not raw:
        return Verdict(Check.EMPTY)
    try:
        value = normalize_email(raw)
    except ValidationError as exc:
        # "pat@exam" is on its way to an address; a space or two @ are not.
        if "@" not in raw or (raw.count("@") == 1 and "." not in raw.rpartition("@")[2]):
            return Verdict(Check.PARTIAL, "An e-mail address looks like pat.smith@example.org.")
        return Verdict(Check.ERROR, _problem(exc))
    return Verdict(Check.OK, "", value)


def check_text(text: str) -> Verdict:
    value = text.strip()
    return Verdict(Check.OK, "", value) if value else Verdict(Check.EMPTY)
