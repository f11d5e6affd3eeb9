"""Render the application icon (resources/icons/liaison-desk.svg) as the PNG the Linux
desktop file names and the ICO the Windows build embeds. Run after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python installers/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from PIL import Image  # noqa: E402

from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402


def main() -> None:
    _app = QGuiApplication(sys.argv[:1])
    icons = ROOT / "resources" / "icons"
    renderer = QSvgRenderer(str(icons / "liaison-desk.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    png = icons / "liaison-desk.png"
    image.save(str(png))
    Image.open(png).save(icons / "liaison-desk.ico",
                         sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])  # fmt: skip
    print(png, icons / "liaison-desk.ico")


if __name__ == "__main__":
    main()
