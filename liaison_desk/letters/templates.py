"""Letter templates (plain UTF-8 files an administrator can edit) and filling their fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path

from liaison_desk.errors import DomainError
from liaison_desk.resources import resource


class LetterError(DomainError):
    """A letter cannot be made; the message says why in plain words for the person."""


# --------------------------------------------------------------------------------------
# Field names

#: Fields that :func:`compose` fills by itself from its arguments and the letterhead.
AUTOMATIC_FIELDS: Mapping[str, str] = {
    "date": "The date of the letter, e.g. November 23, 2026",
    "reference": "The inquiry's reference number, e.g. 261123-0007",
    "recipient_name": "The person the letter is addressed to",
    "signer_name": "The person signing the letter",
    "signer_title": "The signer's job title",
    "agency": "Agency name from the letterhead (Iowa Medicaid)",
    "unit": "Unit name from the letterhead (Member Services)",
    "agency_phone": "Phone number from the letterhead (1-800-338-8366)",
}

#: Every field the shipped templates use: the automatic ones plus those taken from the
#: inquiry, which the caller of :func:`compose` passes in ``fields``.
STANDARD_FIELDS: Mapping[str, str] = {
    **AUTOMATIC_FIELDS,
    "member_name": "The member the inquiry is about (optional in the shipped templates)",
    "answer": "The answer or outcome, written by the Unit Lead",
    "phone_called": "The phone number dialled for the callback attempts",
    "first_call_date": "Date of the first callback attempt",
    "second_call_date": "Date of the second callback attempt",
    "received_date": "Date the inquiry was received",
}

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_letter_date(day: date) -> str:
    """``November 3, 2026``: the way dates are written in letters (no locale involved)."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


# --------------------------------------------------------------------------------------
# Filling fields

# "{{", "}}", or a field: letters, digits, spaces, "_" and "-", optionally ending in "?".
_FIELD_RE = re.compile(r"\{\{|\}\}|\{\s*([A-Za-z][A-Za-z0-9_ \-]{0,63}?)\s*(\?)?\s*\}")


def _field_key(name: str) -> str:
    """``Recipient Name`` / ``recipient-name`` / ``recipient_name`` all mean the same field."""
    return re.sub(r"[\s_\-]+", "_", name.strip()).strip("_").lower()


def _clean_value(value: object) -> str:
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


@dataclass(frozen=True)
class FilledText:
    text: str
    missing: tuple[str, ...]
    """Fields the text asks for that had no value (in order of first use, no repeats)."""


def fill(text: str, fields: Mapping[str, str]) -> FilledText:
    """Replace ``{field}`` with its value; never fails on a missing or misspelt field.

    A required field with no value (absent, or only whitespace) becomes ``[field?]`` and is
    listed in ``missing``. A line holding an optional field (``{field?}``) without a value is
    dropped. Values are inserted as they are: braces inside a value are not filled again.
    """
    values = {_field_key(k): _clean_value(v) for k, v in fields.items()}
    missing: list[str] = []
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        dropped = False

        def replace(match: re.Match[str]) -> str:
            nonlocal dropped
            token = match.group(0)
            if token == "{{":
                return "{"
            if token == "}}":
                return "}"
            key = _field_key(match.group(1))
            value = values.get(key, "")
            if value:
                return value
            if match.group(2):
                dropped = True
                return ""
            if key not in missing:
                missing.append(key)
            return f"[{key}?]"

        filled = _FIELD_RE.sub(replace, line)
        if not dropped:
            out.append(filled)
    return FilledText(text="\n".join(out), missing=tuple(missing))


def fields_used(text: str) -> tuple[str, ...]:
    """The field names a piece of template text refers to, in order of first use."""
    seen: list[str] = []
    for match in _FIELD_RE.finditer(text):
        if match.group(1) is None:
            continue
        key = _field_key(match.group(1))
        if key not in seen:
            seen.append(key)
    return tuple(seen)


# --------------------------------------------------------------------------------------
# Templates

_DEFAULT_SUBJECT = "Re: Your inquiry, reference {reference}"
_HEADER_RE = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$")
_HEADER_KEYS = ("title", "subject", "regarding")


@dataclass(frozen=True)
class LetterTemplate:
    key: str
    title: str
    subject: str
    body: str
    regarding: str = ""
    """Optional line printed under the reference number, e.g. ``Member: {member_name?}``."""

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the template uses, subject and regarding line first."""
        used: list[str] = []
        for part in (self.subject, self.regarding, self.body):
            used.extend(name for name in fields_used(part) if name not in used)
        return tuple(used)


def _decode(data: bytes) -> str:
    # Admins edit these in Notepad: accept UTF-8 with or without a BOM, else Windows-1252.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_template(key: str, raw: str) -> LetterTemplate:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header: dict[str, str] = {}
    body_start = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            body_start = index + 1
            break
        if line.lstrip().startswith("#"):
            index += 1
            continue
        match = _HEADER_RE.match(line)
        if match is None or match.group(1).strip().lower() not in _HEADER_KEYS:
            # No (more) header: the file is all body from its first non-note line.
            body_start = index
            break
        header[match.group(1).strip().lower()] = match.group(2)
        index += 1
    else:
        body_start = len(lines)
    body = "\n".join(lines[body_start:]).strip("\n")
    title = header.get("title", "").strip() or key.replace("_", " ").replace("-", " ").capitalize()
    return LetterTemplate(
        key=key,
        title=title,
        subject=header.get("subject", "").strip() or _DEFAULT_SUBJECT,
        body=body,
        regarding=header.get("regarding", "").strip(),
    )


def _template_folder(folder: Traversable | Path | None) -> Traversable:
    return resource("letters") if folder is None else folder


def _template_files(folder: Traversable) -> Iterable[Traversable]:
    if not folder.is_dir():
        return []
    return [
        entry
        for entry in folder.iterdir()
        if entry.name.lower().endswith(".txt")
        and not entry.name.startswith((".", "_"))
        and entry.is_file()
    ]


def _read_template(entry: Traversable) -> LetterTemplate:
    key = entry.name[: -len(".txt")]
    try:
        raw = _decode(entry.read_bytes())
    except OSError as exc:
        raise LetterError(f"The letter template “{key}” could not be read: {exc}") from exc
    return _parse_template(key, raw)


def list_templates(folder: Traversable | Path | None = None) -> list[LetterTemplate]:
    """Every ``*.txt`` template in ``resources/letters`` (or ``folder``), sorted by title."""
    templates = [_read_template(entry) for entry in _template_files(_template_folder(folder))]
    return sorted(templates, key=lambda t: (t.title.casefold(), t.key))


def get_template(key: str, folder: Traversable | Path | None = None) -> LetterTemplate:
    """The template stored as ``<key>.txt``; :class:`LetterError` when there is none."""
    if key and "/" not in key and "\\" not in key and not key.startswith("."):
        entry = _template_folder(folder).joinpath(f"{key}.txt")
        if entry.is_file():
            return _read_template(entry)
    raise LetterError(
        f"No letter template named “{key}”. Choose one of the letters in the list, or ask an "
        "administrator to add it to the letters folder."
    )
