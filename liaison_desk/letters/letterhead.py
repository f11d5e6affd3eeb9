"""The agency's letterhead (name, unit, address, logo) and a letter's composed content."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.resources import resource, resource_path

from .templates import (
    LetterError,
    LetterTemplate,
    _clean_value,
    _decode,
    _field_key,
    fill,
    format_letter_date,
)

# --------------------------------------------------------------------------------------
# Letterhead


@dataclass(frozen=True)
class Letterhead:
    agency: str
    unit: str
    address_lines: tuple[str, ...]
    phone: str
    logo: str | None
    """Image file relative to ``resources/`` (or an absolute path); ``None`` for no logo."""


PROVIDER_LETTERHEAD = "letterhead-provider.json"


def load_letterhead(path: Path | None = None, *, provider: bool = False) -> Letterhead:
    """Read ``resources/letters/letterhead.json`` (or ``path``); ``provider`` reads the
    Provider Services letterhead, ``letterhead-provider.json``, when the agency has one."""
    name = "letterhead.json" if path is None else path.name
    source: Any = resource("letters", "letterhead.json") if path is None else path
    if path is None and provider:
        candidate = resource("letters", PROVIDER_LETTERHEAD)
        if candidate.is_file():
            name, source = PROVIDER_LETTERHEAD, candidate
    problem = f"The letterhead settings ({name}) "
    fix = " Ask an administrator to correct the file."
    try:
        raw = _decode(source.read_bytes())
    except OSError as exc:
        raise LetterError(problem + f"could not be read: {exc}.{fix}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LetterError(
            problem + f"are not valid: line {exc.lineno}, column {exc.colno}: {exc.msg}.{fix}"
        ) from exc
    if not isinstance(data, dict):
        raise LetterError(problem + "must be a set of names and values in braces {...}." + fix)

    def text(key: str, *, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise LetterError(problem + f"need a text value for “{key}”." + fix)
        return value.strip()

    lines = data.get("address_lines", [])
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise LetterError(problem + "need “address_lines” as a list of lines." + fix)
    logo = data.get("logo")
    if logo is not None and not isinstance(logo, str):
        raise LetterError(problem + "need “logo” as a file name, or null for no logo." + fix)
    return Letterhead(
        agency=text("agency"),
        unit=text("unit", required=False),
        address_lines=tuple(line.strip() for line in lines if line.strip()),
        phone=text("phone", required=False),
        logo=(logo.strip() or None) if logo else None,
    )


def logo_file(letterhead: Letterhead) -> Path | None:
    if not letterhead.logo:
        return None
    candidate = Path(letterhead.logo)
    if not candidate.is_absolute():
        candidate = resource_path(*re.split(r"[\\/]+", letterhead.logo.strip("/\\")))
    return candidate if candidate.is_file() else None


# --------------------------------------------------------------------------------------
# Composing


@dataclass(frozen=True)
class LetterContent:
    letter_date: date
    recipient_name: str
    address_lines: tuple[str, ...]
    reference: str
    subject: str
    salutation: str
    body: str
    closing: str
    signer_name: str
    signer_title: str
    regarding: str = ""
    """Optional line under the reference number (e.g. ``Member: Jane Doe``); may be empty."""
    missing: tuple[str, ...] = ()
    """Fields that had no value; the letter shows ``[name?]`` for each. Warn before sending."""


def _marker(key: str) -> str:
    return f"[{key}?]"


def compose(
    template: LetterTemplate,
    fields: Mapping[str, str],
    *,
    letter_date: date,
    recipient_name: str,
    address_lines: Sequence[str],
    reference: str,
    signer_name: str,
    signer_title: str,
    letterhead: Letterhead | None = None,
) -> LetterContent:
    """Fill the template's subject, regarding line and body and assemble the letter.

    ``fields`` holds the inquiry's values (``answer``, ``member_name``, ...). The automatic
    fields (:data:`AUTOMATIC_FIELDS`) come from the keyword arguments and the letterhead and
    take precedence, so the body always agrees with the date, reference and signature
    printed around it. Nothing missing raises: see :attr:`LetterContent.missing`.
    """
    head = letterhead if letterhead is not None else load_letterhead()
    recipient = _clean_value(recipient_name)
    ref = _clean_value(reference)
    signer = _clean_value(signer_name)
    title = _clean_value(signer_title)
    address = tuple(
        part.strip()
        for line in address_lines
        for part in _clean_value(line).split("\n")
        if part.strip()
    )
    merged: dict[str, str] = {_field_key(k): v for k, v in fields.items()}
    merged.update(
        date=format_letter_date(letter_date),
        reference=ref,
        recipient_name=recipient,
        signer_name=signer,
        signer_title=title,
        agency=head.agency,
        unit=head.unit,
        agency_phone=head.phone,
    )
    subject = fill(template.subject, merged)
    regarding = fill(template.regarding, merged)
    body = fill(template.body, merged)

    missing: list[str] = []

    def note(names: Iterable[str]) -> None:
        missing.extend(name for name in names if name not in missing)

    note(subject.missing)
    note(regarding.missing)
    if not recipient:
        note(["recipient_name"])
    if not address:
        note(["mailing_address"])
    if not ref:
        note(["reference"])
    note(body.missing)
    if not signer:
        note(["signer_name"])
    if not title:
        note(["signer_title"])

    return LetterContent(
        letter_date=letter_date,
        recipient_name=recipient or _marker("recipient_name"),
        address_lines=address or (_marker("mailing_address"),),
        reference=ref or _marker("reference"),
        subject=" ".join(subject.text.split()),
        salutation=f"Dear {recipient or _marker('recipient_name')}:",
        body=body.text.strip("\n"),
        closing="Sincerely,",
        signer_name=signer or _marker("signer_name"),
        signer_title=title or _marker("signer_title"),
        regarding=" ".join(regarding.text.split()),
        missing=tuple(missing),
    )
