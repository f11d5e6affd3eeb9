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

:mod:`.templates` reads and fills the templates, :mod:`.letterhead` holds the agency's
letterhead and composes a letter's content, :mod:`.pdf` renders it.
"""

from .letterhead import PROVIDER_LETTERHEAD, LetterContent, Letterhead, compose, load_letterhead
from .pdf import render_pdf
from .templates import (
    AUTOMATIC_FIELDS,
    STANDARD_FIELDS,
    FilledText,
    LetterError,
    LetterTemplate,
    fields_used,
    fill,
    format_letter_date,
    get_template,
    list_templates,
)

__all__ = [
    "AUTOMATIC_FIELDS",
    "PROVIDER_LETTERHEAD",
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
