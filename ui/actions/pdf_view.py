"""A letter's PDF on screen, on paper and on disk: the page view, printing (with the print
dialog), and Save as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liaison_desk.errors import DomainError
from liaison_desk.saving import save_bytes
from ui.files import choose_save_file
from ui.qt import (
    QBuffer,
    QByteArray,
    QDialog,
    QIODevice,
    QLabel,
    QMessageBox,
    QPainter,
    QPdfDocument,
    QPdfView,
    QPrintDialog,
    QPrinter,
    QRect,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.widgets.tones import tone

# ------------------------------------------------------------------------- PDF pieces


class PdfPane(QWidget):
    """A PDF shown in the window, page after page, fitted to the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("letterPreview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(14)
        self.view.setDocumentMargins(self.view.documentMargins())
        self.view.setStyleSheet("QPdfView { background: #8a9099; }")
        self.view.setAccessibleName("Letter preview")
        layout.addWidget(self.view, 1)
        self.pages = QLabel()
        self.pages.setStyleSheet(f"color: {tone('hint')};")
        layout.addWidget(self.pages)
        self._buffer: QBuffer | None = None
        self.pdf = b""

    def show_pdf(self, pdf: bytes) -> None:
        self.pdf = pdf
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        old, self._buffer = self._buffer, buffer
        if old is not None:
            old.deleteLater()
        count = self.document.pageCount()
        self.pages.setText(f"{count} page{'s' if count != 1 else ''} · US Letter")

    def page_count(self) -> int:
        return int(self.document.pageCount())


def render_pages(pdf: bytes, dpi: int = 110) -> list[Any]:
    """The PDF's pages as QImages (for printing and screenshots)."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    images = []
    for page in range(document.pageCount()):
        size = document.pagePointSize(page)
        pixels = QSize(int(size.width() * dpi / 72), int(size.height() * dpi / 72))
        images.append(document.render(page, pixels))
    return images


def print_pdf(pdf: bytes, printer: Any) -> int:
    """Send the PDF's pages to ``printer``; returns the number of pages printed."""
    dpi = max(150, min(printer.resolution(), 300))
    images = render_pages(pdf, dpi)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError("The printer could not be started.")
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(target.x(), target.y(), scaled.width(), scaled.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
    return len(images)


def save_pdf_as(parent: QWidget, pdf: bytes, suggested: str) -> Path | None:
    path = choose_save_file(
        parent, "Save the letter as PDF", str(Path.home() / suggested), "PDF files (*.pdf)"
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(".pdf")
    try:
        return save_bytes(target, pdf, ".letter-")
    except DomainError as exc:
        QMessageBox.warning(parent, "Save the letter as PDF", str(exc))
        return None


def ask_and_print(parent: QWidget, pdf: bytes, title: str) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the letter")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_pdf(pdf, printer)
    return True
