"""Rendering a composed letter as a US Letter PDF with reportlab: the letterhead on the first
page, a continuation header after it, page numbers, embedded fonts."""

from __future__ import annotations

import io
import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from liaison_desk.resources import resource_path

from .letterhead import LetterContent, Letterhead, load_letterhead, logo_file
from .templates import LetterError, format_letter_date

# --------------------------------------------------------------------------------------
# PDF

FONT = "LiaisonDesk-Sans"
FONT_BOLD = "LiaisonDesk-Sans-Bold"
_font_lock = threading.Lock()
_fonts_ready = False

_INCH = 72.0
_PAGE_W, _PAGE_H = 612.0, 792.0  # US Letter
_MARGIN = 1.0 * _INCH
_NAVY = "#1D3A63"
_INK = "#1A1A1A"
_GREY = "#4D5661"


def register_fonts() -> None:
    """Register DejaVu Sans (it draws Vietnamese, which Helvetica cannot) once per process."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        files = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
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
            (0, 0, FONT),
            (1, 0, FONT_BOLD),
            (0, 1, FONT),
            (1, 1, FONT_BOLD),
        ):
            addMapping(FONT, bold, italic, face)
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
    register_fonts()
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
        fontName=FONT,
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
            "subject", parent=base, fontName=FONT_BOLD, spaceBefore=12, spaceAfter=12
        ),
        "head_agency": ParagraphStyle(
            "head_agency", parent=base, fontName=FONT_BOLD, fontSize=17, leading=20,
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
    logo = logo_file(head)
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
    right_width = max((canvas.stringWidth(line, FONT, size) for line in right_lines), default=0)
    canvas.setFillColor(HexColor(_GREY))
    canvas.setFont(FONT, size)
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
    if canvas.stringWidth(text, FONT, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_continuation_header(canvas: Any, content: LetterContent) -> None:
    from reportlab.lib.colors import HexColor

    y = _PAGE_H - 0.65 * _INCH
    size = 9.0
    when = format_letter_date(content.letter_date)
    room = _PAGE_W - 2 * _MARGIN - canvas.stringWidth(when, FONT, size) - 0.3 * _INCH
    canvas.setFillColor(HexColor(_GREY))
    canvas.setFont(FONT, size)
    canvas.drawString(_MARGIN, y, _fit(canvas, content.recipient_name, size, room))
    canvas.drawRightString(_PAGE_W - _MARGIN, y, when)
    canvas.setStrokeColor(HexColor("#C9CED6"))
    canvas.setLineWidth(0.6)
    canvas.line(_MARGIN, y - 7, _PAGE_W - _MARGIN, y - 7)


def _draw_footer(canvas: Any, content: LetterContent, page: int, total: int | None) -> None:
    from reportlab.lib.colors import HexColor

    canvas.setFillColor(HexColor(_GREY))
    canvas.setFont(FONT, 8.5)
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
