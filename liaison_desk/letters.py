"""Letters to members and providers: templates, field filling and the PDF.

When a Unit Lead's two callback attempts both fail, they answer the caller by letter
(SPEC section 4, "Supervisor callbacks"). This module is pure: it reads the templates and
the letterhead settings from ``resources/letters/``, fills fields, and renders a US Letter
PDF with reportlab. It never touches the database and never reads the wall clock; the
letter date is always passed in.

Templates are plain UTF-8 text files an administrator can edit (see
``resources/letters/README.md``)::

    Title: Unable to reach you by phone — here is the answer
    Subject: Re: Your inquiry, reference {reference}
    Regarding: Member: {member_name?}

    Thank you for contacting {agency} {unit}. ...

Fields are written in braces. A field with no value never stops a letter: it is shown as
``[field_name?]`` and reported in :attr:`FilledText.missing` so the screen can warn. A field
written with a question mark, ``{member_name?}``, is optional: when it has no value the
whole line it is on is left out. ``{{`` and ``}}`` print a literal brace.
"""

from __future__ import annotations

import io
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from liaison_desk.errors import DomainError
from liaison_desk.resources import resource, resource_path

__all__ = [
    "AUTOMATIC_FIELDS",
    "STANDARD_FIELDS",
    "FilledText",
    "LetterContent",
    "LetterError",
    "LetterTemplate",
    "Letterhead",
    "compose",
    "fields_used",
    "fill",
    "format_letter_date",
    "get_template",
    "list_templates",
    "load_letterhead",
    "render_pdf",
]


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


def _logo_file(letterhead: Letterhead) -> Path | None:
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


# --------------------------------------------------------------------------------------
# PDF

_FONT = "LiaisonDesk-Sans"
_FONT_BOLD = "LiaisonDesk-Sans-Bold"
_font_lock = threading.Lock()
_fonts_ready = False

_INCH = 72.0
_PAGE_W, _PAGE_H = 612.0, 792.0  # US Letter
_MARGIN = 1.0 * _INCH
_NAVY = "#1D3A63"
_INK = "#1A1A1A"
_GREY = "#4D5661"


def _register_fonts() -> None:
    """Register DejaVu Sans (it draws Vietnamese, which Helvetica cannot) once per process."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        files = {_FONT: "DejaVuSans.ttf", _FONT_BOLD: "DejaVuSans-Bold.ttf"}
        for font_name, file_name in files.items():
            path = resource_path("fonts", file_name)
            try:
                pdfmetrics.registerFont(TTFont(font_name, str(path)))
            except Exception as exc:  # reportlab raises TTFError, IOError, ...
                raise LetterError(
                    f"The letter font {file_name} is missing or damaged, so letters cannot be "
                    "made. Ask an administrator to reinstall Liaison Desk."
                ) from exc
        for bold, italic, face in (
            (0, 0, _FONT),
            (1, 0, _FONT_BOLD),
            (0, 1, _FONT),
            (1, 1, _FONT_BOLD),
        ):
            addMapping(_FONT, bold, italic, face)
        _fonts_ready = True


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")


def _plain(text: str) -> str:
    """Text made safe for a reportlab Paragraph: NFC, no control characters, markup escaped."""
    text = unicodedata.normalize("NFC", text).replace("\t", "    ")
    return escape(_CONTROL_RE.sub("", text))


def _lines_markup(lines: Iterable[str]) -> str:
    return "<br/>".join(_plain(line.strip()) for line in lines)


def _paragraphs(body: str) -> list[str]:
    """Paragraph markup: blank lines separate paragraphs, single newlines are line breaks."""
    chunks = re.split(r"\n[ \t]*(?:\n[ \t]*)+", body.replace("\r\n", "\n").strip())
    return [_lines_markup(chunk.split("\n")) for chunk in chunks if chunk.strip()]


def render_pdf(content: LetterContent, letterhead: Letterhead | None = None) -> bytes:
    """The letter as PDF bytes: US Letter, letterhead on page one, numbered pages.

    The output depends only on its inputs (the PDF creation date is the letter date), so
    the same letter renders to the same bytes.
    """
    from reportlab.platypus.doctemplate import LayoutError

    head = letterhead if letterhead is not None else load_letterhead()
    _register_fonts()
    try:
        # Pass one counts the pages for "Page n of N"; most letters are one page and stop here.
        pdf, pages = _build(content, head, total_pages=None)
        if pages > 1:
            pdf, _ = _build(content, head, total_pages=pages)
        return pdf
    except LayoutError as exc:
        raise LetterError(
            "The letter could not be laid out on the page. Shorten very long lines in the "
            "address or the answer and try again."
        ) from exc


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    # 12-point text: the floor for Medicaid member materials (42 CFR 438.10(d)(6)).
    base = ParagraphStyle(
        "letter",
        fontName=_FONT,
        fontSize=12,
        leading=15,
        textColor=HexColor(_INK),
        alignment=TA_LEFT,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
    )
    navy = HexColor(_NAVY)
    return {
        "plain": base,
        "body": ParagraphStyle("body", parent=base, spaceAfter=9),
        "address": ParagraphStyle("address", parent=base, leading=14.5),
        "subject": ParagraphStyle(
            "subject", parent=base, fontName=_FONT_BOLD, spaceBefore=12, spaceAfter=12
        ),
        "head_agency": ParagraphStyle(
            "head_agency", parent=base, fontName=_FONT_BOLD, fontSize=17, leading=20,
            textColor=navy,
        ),
        "head_unit": ParagraphStyle(
            "head_unit", parent=base, fontSize=11.5, leading=14, textColor=navy
        ),
    }  # fmt: skip


def _unpadded_box(content: Any, width: float) -> Any:
    from reportlab.platypus import Table, TableStyle

    box = Table([[content]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        TableStyle([(side, (0, 0), (-1, -1), 0) for side in (
            "LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"
        )])
    )  # fmt: skip
    return box


def _story(content: LetterContent, head: Letterhead, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    plain, body = styles["plain"], styles["body"]
    story: list[Any] = [Paragraph(_plain(format_letter_date(content.letter_date)), plain)]
    # The recipient block starts 2.25 in from the top edge, 1 in from the left, and is at
    # most 4 in wide, so it shows through the window of a standard #10 envelope.
    story.append(Spacer(1, _ADDRESS_TOP - _FIRST_FRAME_TOP - plain.leading))
    address = [content.recipient_name, *content.address_lines]
    story.append(
        _unpadded_box(Paragraph(_lines_markup(address), styles["address"]), _ADDRESS_WIDTH)
    )
    story.append(Spacer(1, 0.35 * _INCH))
    story.append(Paragraph(f"<b>Reference number:</b> {_plain(content.reference)}", plain))
    if content.regarding:
        story.append(Paragraph(_plain(content.regarding), plain))
    story.append(Paragraph(_plain(content.subject), styles["subject"]))
    story.append(Paragraph(_plain(content.salutation), body))
    paragraphs = [Paragraph(markup, body) for markup in _paragraphs(content.body)]
    signature = [
        Spacer(1, 4),
        Paragraph(_plain(content.closing), plain),
        Spacer(1, 0.5 * _INCH),
        Paragraph(_plain(content.signer_name), plain),
        Paragraph(_plain(content.signer_title), plain),
        Paragraph(_plain(head.agency), plain),
    ]
    # The signature never stands alone on a page: it keeps the last paragraph with it.
    story.extend(paragraphs[:-1])
    story.append(KeepTogether(paragraphs[-1:] + signature))
    return story


_LETTERHEAD_TOP = 0.5 * _INCH  # distances from the top edge of the page
_LOGO_SIZE = 0.9 * _INCH
_RULE_Y = 1.55 * _INCH
_FIRST_FRAME_TOP = 1.85 * _INCH
_ADDRESS_TOP = 2.25 * _INCH
_ADDRESS_WIDTH = 4.0 * _INCH
_LATER_FRAME_TOP = 1.1 * _INCH
_FRAME_BOTTOM = 0.85 * _INCH  # from the bottom edge
_FOOTER_Y = 0.5 * _INCH


def _draw_letterhead(canvas: Any, head: Letterhead, styles: dict[str, Any]) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    top = _PAGE_H - _LETTERHEAD_TOP
    x = _MARGIN
    logo = _logo_file(head)
    if logo is not None:
        try:
            canvas.drawImage(
                str(logo),
                x,
                top - _LOGO_SIZE,
                width=_LOGO_SIZE,
                height=_LOGO_SIZE,
                mask="auto",
                preserveAspectRatio=True,
                anchor="c",
            )
            x += _LOGO_SIZE + 0.18 * _INCH
        except Exception:  # an unreadable logo must not stop the letter
            pass

    # Return address and phone, right-aligned.
    right_lines = [*head.address_lines]
    if head.phone:
        right_lines.append(f"Phone: {head.phone}")
    size, leading = 9.0, 12.0
    right_lines = [_fit(canvas, line, size, 2.75 * _INCH) for line in right_lines]
    right_width = max((canvas.stringWidth(line, _FONT, size) for line in right_lines), default=0)
    canvas.setFillColor(HexColor(_GREY))
    canvas.setFont(_FONT, size)
    block_h = leading * len(right_lines)
    y = top - (_LOGO_SIZE - block_h) / 2 - size
    for line in right_lines:
        canvas.drawRightString(_PAGE_W - _MARGIN, y, line)
        y -= leading

    # Agency and unit beside the logo; a long name an admin enters wraps and, if it must,
    # shrinks so it stays within the height of the logo.
    width = _PAGE_W - _MARGIN - x - right_width - 0.3 * _INCH
    for scale in (1.0, 0.85, 0.72, 0.6):
        blocks = []
        for text, style in ((head.agency, "head_agency"), (head.unit, "head_unit")):
            if text:
                base = styles[style]
                sized = ParagraphStyle(
                    f"{style}-{scale}",
                    parent=base,
                    fontSize=base.fontSize * scale,
                    leading=base.leading * scale,
                )
                blocks.append(Paragraph(_plain(text), sized))
        heights = [block.wrapOn(canvas, width, _LOGO_SIZE)[1] for block in blocks]
        if sum(heights) <= _LOGO_SIZE:
            break
    y = top - (_LOGO_SIZE - sum(heights)) / 2
    for block, height in zip(blocks, heights, strict=True):
        y -= height
        block.drawOn(canvas, x, y)

    canvas.setStrokeColor(HexColor(_NAVY))
    canvas.setLineWidth(1.2)
    canvas.line(_MARGIN, _PAGE_H - _RULE_Y, _PAGE_W - _MARGIN, _PAGE_H - _RULE_Y)


def _fit(canvas: Any, text: str, size: float, width: float) -> str:
    """One line of canvas text, shortened with an ellipsis if it is wider than ``width``."""
    text = _CONTROL_RE.sub("", unicodedata.normalize("NFC", text))
    if canvas.stringWidth(text, _FONT, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", _FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_continuation_header(canvas: Any, content: LetterContent) -> None:
    from reportlab.lib.colors import HexColor

    y = _PAGE_H - 0.65 * _INCH
    size = 9.0
    when = format_letter_date(content.letter_date)
    room = _PAGE_W - 2 * _MARGIN - canvas.stringWidth(when, _FONT, size) - 0.3 * _INCH
    canvas.setFillColor(HexColor(_GREY))
    canvas.setFont(_FONT, size)
    canvas.drawString(_MARGIN, y, _fit(canvas, content.recipient_name, size, room))
    canvas.drawRightString(_PAGE_W - _MARGIN, y, when)
    canvas.setStrokeColor(HexColor("#C9CED6"))
    canvas.setLineWidth(0.6)
    canvas.line(_MARGIN, y - 7, _PAGE_W - _MARGIN, y - 7)


def _draw_footer(canvas: Any, content: LetterContent, page: int, total: int | None) -> None:
    from reportlab.lib.colors import HexColor

    canvas.setFillColor(HexColor(_GREY))
    canvas.setFont(_FONT, 8.5)
    reference = _fit(canvas, f"Reference number: {content.reference}", 8.5, 4.5 * _INCH)
    canvas.drawString(_MARGIN, _FOOTER_Y, reference)
    canvas.drawRightString(_PAGE_W - _MARGIN, _FOOTER_Y, f"Page {page} of {total or page}")


def _build(content: LetterContent, head: Letterhead, total_pages: int | None) -> tuple[bytes, int]:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    styles = _styles()
    stamp = content.letter_date.strftime("D:%Y%m%d120000")

    def page_setup(canvas: Any) -> None:
        canvas.setDateFormatter(lambda *_: stamp)
        canvas.setTitle(content.subject)
        canvas.setAuthor(head.agency)
        canvas.setSubject(f"Reference number {content.reference}")
        canvas.setCreator("Liaison Desk")

    def on_first(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        page_setup(canvas)
        _draw_letterhead(canvas, head, styles)
        canvas.restoreState()

    def on_later(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        _draw_continuation_header(canvas, content)
        canvas.restoreState()

    def on_page_end(canvas: Any, doc: Any) -> None:
        # Drawn after the page's text so copy-paste and screen readers meet it last.
        canvas.saveState()
        _draw_footer(canvas, content, doc.page, total_pages)
        canvas.restoreState()

    width = _PAGE_W - 2 * _MARGIN

    def frame(top: float, frame_id: str) -> Any:
        return Frame(
            _MARGIN,
            _FRAME_BOTTOM,
            width,
            _PAGE_H - top - _FRAME_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=frame_id,
        )

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(_PAGE_W, _PAGE_H),
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_LATER_FRAME_TOP,
        bottomMargin=_FRAME_BOTTOM,
        title=content.subject,
        author=head.agency,
        subject=f"Reference number {content.reference}",
        creator="Liaison Desk",
        invariant=True,
        lang="en-US",
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="first",
                frames=[frame(_FIRST_FRAME_TOP, "first")],
                onPage=on_first,
                onPageEnd=on_page_end,
                autoNextPageTemplate="later",
            ),
            PageTemplate(
                id="later",
                frames=[frame(_LATER_FRAME_TOP, "later")],
                onPage=on_later,
                onPageEnd=on_page_end,
            ),
        ]
    )
    doc.build(_story(content, head, styles))
    return buffer.getvalue(), int(doc.page)
