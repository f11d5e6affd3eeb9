"""The compliance packet as a PDF (reportlab): US Letter, the agency's letterhead on every
page, "Page n of N", a table of contents, then the summary, the trends, one scorecard page
per MCO, the QC audits and the breaches with their explanations. Every chart's values are
also written in a table beside it, for a reader who cannot see the chart."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from ..letters.letterhead import Letterhead, load_letterhead, logo_file
from ..letters.pdf import FONT, FONT_BOLD, register_fonts
from . import words
from .charts import trend_chart
from .data import Packet, Trend

_NAVY = colors.HexColor("#1D3A63")
_GREY = colors.HexColor("#4D5661")
_RULE = colors.HexColor("#B8C2CC")
_SHADE = colors.HexColor("#EEF2F6")
_MARGIN = 0.75 * inch
_HEAD = 0.95 * inch  # the letterhead band at the top of every page


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=_GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=20,
                                leading=24, textColor=_NAVY, spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18,
                             textColor=_NAVY, spaceBefore=4, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=11, leading=14,
                             textColor=_NAVY, spaceBefore=8, spaceAfter=4),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10.5, leading=16),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=9.5, leading=13, leftIndent=16),
    }  # fmt: skip


class _Doc(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no types
    """Headings go into the table of contents (level 0: sections, 1: an MCO's page)."""

    def beforeDocument(self) -> None:
        self._headings = 0  # every pass numbers its headings afresh

    def afterFlowable(self, flowable: Any) -> None:
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            text = flowable.getPlainText()
            # The same heading has the same key in every layout of the packet.
            self._headings += 1
            key = f"s{self._headings}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level)
            self.notify("TOCEntry", (level, text, self.page, key))


def _numbered_canvas(head: Letterhead, title: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Draws the letterhead and "Page n of N" once every page is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, head, title, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(c: Canvas, head: Letterhead, title: str, total: int) -> None:
    width, height = LETTER
    top = height - 0.45 * inch
    x = _MARGIN
    logo = logo_file(head)
    if logo is not None:
        try:
            c.drawImage(str(logo), x, top - 0.42 * inch, width=0.42 * inch, height=0.42 * inch,
                        mask="auto", preserveAspectRatio=True)  # fmt: skip
            x += 0.55 * inch
        except Exception:  # an unreadable logo must not stop the packet
            pass
    c.setFillColor(_NAVY)
    c.setFont(FONT_BOLD, 11)
    c.drawString(x, top - 0.16 * inch, head.agency)
    c.setFont(FONT, 8.5)
    c.setFillColor(_GREY)
    c.drawString(x, top - 0.32 * inch, head.unit)
    right = width - _MARGIN
    for i, line in enumerate((*head.address_lines, f"Phone: {head.phone}" if head.phone else "")):
        c.drawRightString(right, top - 0.12 * inch - i * 10, line)
    c.setStrokeColor(_RULE)
    c.line(_MARGIN, height - _HEAD + 4, right, height - _HEAD + 4)
    c.line(_MARGIN, 0.6 * inch, right, 0.6 * inch)
    c.setFont(FONT, 8)
    c.drawString(_MARGIN, 0.42 * inch, title)
    c.drawRightString(right, 0.42 * inch, f"Page {c.getPageNumber()} of {total}")


_HEAD_LEFT = ParagraphStyle("head", fontName=FONT_BOLD, fontSize=7.5, leading=9, textColor=_NAVY)
_HEAD_RIGHT = ParagraphStyle("head_r", parent=_HEAD_LEFT, alignment=2)


def _fit_words(widths: list[float], header: list[str]) -> list[float]:
    """Widen a column whose header has a word longer than the column (a header wraps between
    words, never inside one), taking the room from the first, widest column."""
    fitted = list(widths)
    for i, text in enumerate(header[1:], start=1):
        longest = max((stringWidth(w, FONT_BOLD, _HEAD_LEFT.fontSize) for w in text.split()),
                      default=0.0) + 7  # fmt: skip
        if fitted[i] < longest:
            fitted[0] -= longest - fitted[i]
            fitted[i] = longest
    return fitted


def _table(rows: list[list[Any]], widths: list[float], *, numeric_from: int = 1) -> LongTable:
    """A table whose header row wraps its words and repeats on every page it spans."""
    widths = _fit_words(widths, [str(h) for h in rows[0]])
    rows[0] = [
        Paragraph(escape(str(h)), _HEAD_RIGHT if i >= numeric_from else _HEAD_LEFT)
        for i, h in enumerate(rows[0])
    ]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle([
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
            ("TEXTCOLOR", (0, 0), (-1, 0), _NAVY),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, _NAVY),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, _RULE),
            ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
        ])
    )  # fmt: skip
    return table


def _heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    p = Paragraph(escape(text), style)
    p.toc_level = level
    return p


def render_packet(packet: Packet, letterhead: Letterhead | None = None) -> bytes:
    """The packet's PDF bytes.

    The contents' page numbers come from a first layout without the breach rows: they are
    the packet's last section, so they cannot move a heading, and a quarter's thousands of
    explained breaches are then laid out once instead of once per pass."""
    register_fonts()
    head = letterhead or load_letterhead()
    st = _styles()
    title = f"Compliance packet · {words.period(packet.start, packet.end)}"

    def document(out: io.BytesIO) -> _Doc:
        doc = _Doc(out, pagesize=LETTER, title=title, author=head.agency,
                   subject="Response-time compliance", leftMargin=_MARGIN,
                   rightMargin=_MARGIN, topMargin=_HEAD + 0.1 * inch,
                   bottomMargin=0.8 * inch)  # fmt: skip
        frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        return doc

    def story(doc: _Doc, toc: TableOfContents, rows: bool) -> list[Any]:
        return [
            *_cover(packet, st, toc),
            *_summary(packet, st, doc.width),
            *_trends(packet, st, doc.width),
            *_scorecards(packet, st, doc.width),
            *_qc(packet, st, doc.width),
            *_breaches(packet, st, doc.width, rows=rows),
        ]

    toc = _toc(st)
    first = document(io.BytesIO())
    first.multiBuild(story(first, toc, rows=False))
    final_toc = _toc(st)
    final_toc._lastEntries = list(toc._lastEntries)
    out = io.BytesIO()
    doc = document(out)
    doc.build(story(doc, final_toc, rows=True), canvasmaker=_numbered_canvas(head, title))
    return out.getvalue()


def _toc(st: dict[str, ParagraphStyle]) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [st["toc1"], st["toc2"]]
    return toc


def _cover(packet: Packet, st: dict[str, ParagraphStyle], toc: TableOfContents) -> list[Any]:
    scope = f"MCO: {packet.mco}" if packet.mco else "All MCOs"
    return [
        Paragraph("Compliance packet", st["title"]),
        Paragraph(
            escape(f"Response-time standards, {words.period(packet.start, packet.end)} ({scope})"),
            st["h2"],
        ),
        Paragraph(escape(words.prepared(packet)), st["small"]),
        Spacer(1, 10),
        Paragraph(escape(words.counting_rule(packet)), st["body"]),
        Spacer(1, 8),
        Paragraph("<b>The record</b>", st["body"]),
        Paragraph(escape(words.record(packet)), st["body"]),
        *(
            [Spacer(1, 6), Paragraph(escape(waiting), st["body"])]
            if (waiting := words.waiting(packet))
            else []
        ),
        Spacer(1, 14),
        Paragraph("Contents", st["h1"]),
        toc,
        PageBreak(),
    ]


def _summary(packet: Packet, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    header = ["Standard", "Due", "Met on time", "Met late", "Open overdue", "Not yet due",
              "% met", "Target", "Before", "Change"]  # fmt: skip
    rows: list[list[Any]] = [header]
    for line in packet.summary:
        r = line.row
        rows.append([
            Paragraph(escape(words.standard(r)), st["cell"]), r.due, r.met_on_time, r.met_late,
            r.open_overdue, r.open_on_time, words.pct(r.percent_met), words.target(r),
            words.pct(line.previous.percent_met if line.previous else None),
            words.change(line.change),
        ])  # fmt: skip
    out: list[Any] = [_heading("Summary by standard", st["h1"], 0)]
    out.append(Paragraph(escape(words.summary_note(packet)), st["small"]))
    out.append(Spacer(1, 4))
    if len(rows) == 1:
        out.append(Paragraph("No response-time clock fell due in this period.", st["body"]))
    else:
        widths = [1.9, 0.45, 0.55, 0.5, 0.6, 0.55, 0.6, 0.7, 0.6, 0.55]
        out.append(_table(rows, [w * width / sum(widths) for w in widths]))
    out.append(PageBreak())
    return out


def _trend_table(trend: Trend, st: dict[str, ParagraphStyle], width: float) -> LongTable:
    rows: list[list[Any]] = [["Period", "Due", "Met on time", "Met late", "Open overdue",
                              "% met"]]  # fmt: skip
    for bucket, row in trend.points:
        if row is None:
            rows.append([bucket.label, 0, 0, 0, 0, "—"])
        else:
            rows.append([bucket.label, row.due, row.met_on_time, row.met_late, row.open_overdue,
                         words.pct(row.percent_met)])  # fmt: skip
    rest = (width - 1.6 * inch) / 5
    return _table(rows, [1.6 * inch] + [rest] * 5)


def _trends(packet: Packet, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    out: list[Any] = [_heading(f"Trend by {packet.unit}", st["h1"], 0)]
    out.append(Paragraph(escape(words.trend_note(packet)), st["small"]))
    for trend, line in zip(packet.trends, packet.summary, strict=True):
        out.append(KeepTogether([
            Paragraph(escape(words.standard(line.row)), st["h2"]),
            trend_chart(trend, width),
            Spacer(1, 4),
            _trend_table(trend, st, width),
        ]))  # fmt: skip
    if not packet.trends:
        out.append(Paragraph("No response-time clock fell due in this period.", st["body"]))
    out.append(PageBreak())
    return out


def _scorecards(packet: Packet, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    out: list[Any] = [_heading("MCO scorecard", st["h1"], 0)]
    out.append(Paragraph(escape(words.scorecard_note()), st["small"]))
    if not packet.scorecards:
        out.append(Paragraph("No referral to an MCO fell due in this period.", st["body"]))
    header = ["Department", "Referrals", "On time", "Late", "Missed", "Not yet due",
              "% on time", "Follow-ups", "Median", "90th pct"]  # fmt: skip
    for i, card in enumerate(packet.scorecards):
        if i:
            out.append(PageBreak())
        rows: list[list[Any]] = [header]
        for r in [*card.departments, card.total]:
            name = "All departments" if r is card.total else r.department
            rows.append([
                Paragraph(escape(name), st["cell"]), r.referrals, r.on_time, r.late, r.missed,
                r.not_yet_due, words.pct(r.percent_on_time), r.follow_ups,
                words.hours(r.median_hours), words.hours(r.p90_hours),
            ])  # fmt: skip
        table = _table(rows, [1.75 * inch] + [(width - 1.75 * inch) / 9] * 9)
        table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), FONT_BOLD, 8),
                                   ("BACKGROUND", (0, -1), (-1, -1), _SHADE)]))  # fmt: skip
        out += [_heading(card.mco, st["h2"], 1), table, Spacer(1, 6),
                Paragraph(escape(words.scorecard_words(card)), st["body"])]  # fmt: skip
    out.append(PageBreak())
    return out


def _qc(packet: Packet, st: dict[str, ParagraphStyle], width: float) -> list[Any]:
    out: list[Any] = [_heading("Quality-control audits", st["h1"], 0)]
    out.append(Paragraph(escape(words.qc_note()), st["small"]))
    if packet.qc_audits:
        rows: list[list[Any]] = [
            [
                "Audited period",
                "Inquiries",
                "Sample",
                "Scored",
                "Average score",
                "Acknowledged in time",
                "Resolved in time",
            ]
        ]
        for a in packet.qc_audits:
            s = a.summary
            rows.append([words.period(a.first, a.last), a.population, s.items, s.scored,
                         words.pct(s.average_score), words.pct(s.ack_met),
                         words.pct(s.resolution_met)])  # fmt: skip
        out.append(_table(rows, [1.9 * inch] + [(width - 1.9 * inch) / 6] * 6))
    else:
        out.append(Paragraph("No QC audit covers this period.", st["body"]))
    out.append(Paragraph("Quarterly averages", st["h2"]))
    if packet.qc_quarters:
        rows = [["Quarter", "Audits", "Items", "Average score", "Target", "Reached"]]
        for q in packet.qc_quarters:
            rows.append([q.label, q.audits, q.summary.items, words.pct(q.summary.average_score),
                         "95.0 %", words.reached(q.reached)])  # fmt: skip
        out.append(_table(rows, [1.6 * inch] + [(width - 1.6 * inch) / 5] * 5))
    else:
        out.append(Paragraph("No QC audit in these quarters.", st["body"]))
    out.append(PageBreak())
    return out


_BREACHES_PER_TABLE = 12  # about a page: a small table splits cheaply at a page's end


def _breaches(
    packet: Packet, st: dict[str, ParagraphStyle], width: float, *, rows: bool
) -> list[Any]:
    out: list[Any] = [_heading("Breaches", st["h1"], 0)]
    out.append(Paragraph(escape(words.breach_note(packet)), st["small"]))
    if not packet.breaches:
        out.append(Paragraph("No clock due in this period was missed.", st["body"]))
        return out
    if not rows:
        return out
    widths = [0.9, 1.65, 1.05, 1.25, 1.25, 0.9]
    widths = [w * (width / sum(widths)) for w in widths]
    for first in range(0, len(packet.breaches), _BREACHES_PER_TABLE):
        out.append(_breach_table(packet, packet.breaches[first : first + _BREACHES_PER_TABLE],
                                 st, widths))  # fmt: skip
    return out


def _wrapped(text: str, font: str, size: float, width: float) -> str:
    """``text`` broken into lines of ``width`` once, as a plain cell: a quarter's thousands
    of explanations as Paragraphs would be measured word by word at every layout step."""
    return "\n".join(simpleSplit(text, font, size, width - 6))


def _breach_table(
    packet: Packet, lines: list[Any], st: dict[str, ParagraphStyle], widths: list[float]
) -> LongTable:
    rows: list[list[Any]] = [["Reference", "Standard", "Assignee", "Due", "Met at", "Late by"]]
    spans = []
    for line in lines:
        b = line.breach
        rows.append([b.reference, _wrapped(b.label, FONT, 8, widths[1]),
                     _wrapped(line.assignee, FONT, 8, widths[2]), words.when(packet, b.due_at),
                     words.when(packet, b.met_at) if b.met_at else "Still open",
                     line.late_text])  # fmt: skip
        rows.append([_wrapped(" ".join(line.explanation), FONT, 7.5, sum(widths))])
        spans.append(len(rows) - 1)
    table = _table(rows, widths, numeric_from=5)
    table.setStyle(TableStyle(
        [("SPAN", (0, r), (-1, r)) for r in spans]
        + [("FONT", (0, r), (-1, r), FONT, 7.5, 9.5) for r in spans]
        + [("TEXTCOLOR", (0, r), (-1, r), _GREY) for r in spans]
        + [("LEADING", (0, r - 1), (-1, r - 1), 9.5) for r in spans]
        + [("LINEBELOW", (0, r - 1), (-1, r - 1), 0, colors.white) for r in spans]
        + [("BOTTOMPADDING", (0, r), (-1, r), 6) for r in spans]
        + [("NOSPLIT", (0, r - 1), (-1, r)) for r in spans]  # a breach stays with its words
    ))  # fmt: skip
    return table
