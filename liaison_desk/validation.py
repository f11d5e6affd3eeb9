"""Identifier rules shared by intake, import and the client's as-you-type checks."""

from __future__ import annotations

import re

from .errors import ValidationError

_NON_DIGITS = re.compile(r"\D+")
_STATE_ID = re.compile(r"^\s*(\d{7})\s*([A-Za-z])\s*$")
# "x22", "ext. 22", "extension 22", "#22" as people type them, and ";ext=22" as stored (RFC 3966),
# so a stored number read back (form, import, service) normalizes to itself.
_EXTENSION = re.compile(r"\s*[,;]?\s*(?:x|ext\.?|extension|#|ext=)\s*(\d{1,6})\s*$", re.IGNORECASE)


def npi_check_digit(first_nine: str) -> int:
    """The Luhn check digit of an NPI, computed over ``80840`` + the first nine digits."""
    digits = "80840" + first_nine
    total = 0
    # Luhn doubles every second digit counting from the right of the payload, starting with
    # its rightmost digit, because the check digit will sit to its right.
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def normalize_npi(value: object) -> str:
    """Return the 10-digit NPI or raise ValidationError.

    Accepts what spreadsheets do to numbers: ``1234567893.0`` and surrounding spaces.
    """
    text = _number_text(value)
    digits = text.replace(" ", "").replace("-", "")
    if not digits:
        raise ValidationError({"npi": "The NPI is missing."})
    if not digits.isdigit():
        raise ValidationError({"npi": f"The NPI “{text}” should contain digits only."})
    if len(digits) != 10:
        raise ValidationError(
            {"npi": f"The NPI “{text}” has {len(digits)} digits; an NPI has exactly 10."}
        )
    if digits[0] not in "12":
        raise ValidationError({"npi": f"The NPI “{text}” should start with 1 or 2."})
    if npi_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            {
                "npi": f"The NPI “{text}” is not valid: its check digit does not match. "
                "Check it for a typo."
            }
        )
    return digits


def is_valid_npi(value: object) -> bool:
    try:
        normalize_npi(value)
    except ValidationError:
        return False
    return True


def normalize_state_id(value: object) -> str:
    """Iowa Medicaid state ID: 7 digits and a letter (``1234567A``), returned upper-case.

    Spreadsheets drop leading zeros when the ID was typed as a number with a separate letter
    column; we cannot guess those back, so a short ID is refused rather than padded.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValidationError({"state_id": "The state ID is missing."})
    m = _STATE_ID.match(text)
    if not m:
        raise ValidationError(
            {"state_id": f"The state ID “{text}” should be 7 digits and a letter, like 1234567A."}
        )
    return m.group(1) + m.group(2).upper()


def normalize_phone(value: object) -> str:
    """A US phone number as E.164 (``+15155550142``), with ``;ext=123`` kept when given.

    Accepts the ways people write them: (515) 555-0142, 515.555.0142, 1-515-555-0142,
    +1 515 555 0142, 5155550142, a spreadsheet's 5155550142.0, and an extension ("x12").
    """
    text = _number_text(value)
    if not text:
        raise ValidationError({"phone": "The phone number is missing."})
    ext = ""
    m = _EXTENSION.search(text)
    if m:
        ext = m.group(1)
        text_main = text[: m.start()]
    else:
        text_main = text
    if re.search(r"[A-Za-z]", text_main):
        raise ValidationError(
            {"phone": f"The phone number “{text}” has letters in it; type digits only."}
        )
    digits = _NON_DIGITS.sub("", text_main)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10:
        raise ValidationError(
            {"phone": f"The phone number “{text}” should have 10 digits with the area code."}
        )
    if digits[0] in "01":
        raise ValidationError(
            {"phone": f"The area code of “{text}” cannot start with {digits[0]}."}
        )
    if digits[3] in "01":
        raise ValidationError(
            {
                "phone": f"The number “{text}” is not a valid US number (its exchange starts with "
                f"{digits[3]})."
            }
        )
    e164 = "+1" + digits
    return f"{e164};ext={ext}" if ext else e164


def format_phone(e164: str | None) -> str:
    """``+15155550142`` → ``(515) 555-0142``; anything unexpected is shown as stored."""
    if not e164:
        return ""
    main, _, ext = e164.partition(";ext=")
    if len(main) == 12 and main.startswith("+1") and main[2:].isdigit():
        d = main[2:]
        shown = f"({d[:3]}) {d[3:6]}-{d[6:]}"
        return f"{shown} x{ext}" if ext else shown
    return e164


def _number_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value).strip()
    # Spreadsheets store numeric IDs as floats; "1234567893.0" is the same NPI.
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_EMAIL_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def normalize_email(value: object) -> str:
    """An e-mail address as typed or pasted (``Pat <pat@x.org>``, ``mailto:pat@x.org``),
    returned bare with its domain in lower case; refused in plain words when it cannot be one.

    The everyday address rules (RFC 5321 lengths, a dotted domain of letters, digits and
    hyphens, no quoted local parts) — the addresses people really write to a mailbox.
    """
    from email.utils import parseaddr

    text = "" if value is None else str(value).strip()
    if not text:
        raise ValidationError({"email": "The e-mail address is missing."})
    if text.casefold().startswith("mailto:"):
        text = text[7:].strip()
    address = parseaddr(text)[1] if "<" in text else text
    local, at, domain = address.rpartition("@")
    problem = None
    if not at or not local or not domain:
        problem = "needs a name, an @ and a domain, like pat.smith@example.org"
    elif len(address) > 254 or len(local) > 64:
        problem = "is too long to be an e-mail address"
    elif (not _EMAIL_LOCAL.match(local) or local.startswith(".") or local.endswith(".")
          or ".." in local):  # fmt: skip
        problem = "has characters an address cannot have before the @"
    else:
        labels = domain.rstrip(".").split(".")
        letters = all(_EMAIL_LABEL.match(x) for x in labels) and not labels[-1].isdigit()
        if len(labels) < 2 or not letters:
            problem = "has a domain after the @ that cannot be right"
    if problem:
        raise ValidationError({"email": f"The e-mail address “{text}” {problem}."})
    return f"{local}@{domain.rstrip('.').lower()}"
