"""Icons and state colours.

Milestone states each have an icon of their own SHAPE (clock, triangle, octagon, checked
square, pause), so a state never rests on colour alone. Line icons (queues, toolbar) are
drawn in the palette's text colour, so they follow the system's light or dark appearance.
"""

from __future__ import annotations

from functools import cache

from liaison_desk.resources import resource
from ui.qt import QApplication, QColor, QIcon, QImage, QPalette, QPixmap

# Milestone states (the values of liaison_desk.milestones.MilestoneState).
ON_TRACK = "on_track"
PAST_WARN = "past_warn"
OVERDUE = "overdue"
MET_ON_TIME = "met_on_time"
MET_LATE = "met_late"
PAUSED = "paused"
CANCELLED = "cancelled"

_STATE_FILES = {
    ON_TRACK: "state-on-track.svg",
    PAST_WARN: "state-warn.svg",
    OVERDUE: "state-overdue.svg",
    MET_ON_TIME: "state-met.svg",
    MET_LATE: "state-met-late.svg",
    PAUSED: "state-paused.svg",
    CANCELLED: "state-cancelled.svg",
}

# Text colours per state: (on a light background, on a dark one). Each passes WCAG AA
# contrast against the default window/base colours of its appearance.
_STATE_COLOURS = {
    ON_TRACK: ("#1B5E20", "#81C784"),
    PAST_WARN: ("#8A4B00", "#FFB74D"),
    OVERDUE: ("#B71C1C", "#FF8A80"),
    MET_ON_TIME: ("#0D47A1", "#90CAF9"),
    MET_LATE: ("#6D4C00", "#E0B060"),
    PAUSED: ("#455A64", "#B0BEC5"),
    CANCELLED: ("#616161", "#9E9E9E"),
}

# Sizes rendered for tinted line icons: 1x, 1.25x, 1.5x, 2x of the 16 and 20 px uses.
_SIZES = (16, 20, 24, 25, 30, 32, 40, 48)


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def state_colour(state: str, dark: bool | None = None) -> QColor:
    light_hex, dark_hex = _STATE_COLOURS.get(state, _STATE_COLOURS[CANCELLED])
    return QColor(dark_hex if (is_dark() if dark is None else dark) else light_hex)


@cache
def state_icon(state: str) -> QIcon:
    name = _STATE_FILES.get(state, _STATE_FILES[CANCELLED])
    return QIcon(str(resource("icons", name)))


def icon(name: str) -> QIcon:
    """A line icon from resources/icons/NAME.svg, in the palette's text colour."""
    pal = QApplication.palette()
    text = pal.color(QPalette.ColorRole.WindowText)
    # Softened towards the background: line icons read calmer than text.
    bg = pal.color(QPalette.ColorRole.Window)
    mix = QColor(
        round(text.red() * 0.8 + bg.red() * 0.2),
        round(text.green() * 0.8 + bg.green() * 0.2),
        round(text.blue() * 0.8 + bg.blue() * 0.2),
    )
    return _tinted(name, mix.name())


@cache
def _tinted(name: str, colour: str) -> QIcon:
    svg = resource("icons", f"{name}.svg").read_text(encoding="utf-8")
    svg = svg.replace("currentColor", colour)
    result = QIcon()
    for size in _SIZES:
        sized = svg.replace('width="16" height="16"', f'width="{size}" height="{size}"', 1)
        image = QImage()
        if image.loadFromData(sized.encode("utf-8"), "SVG"):
            result.addPixmap(QPixmap.fromImage(image))
    return result


def app_icon() -> QIcon:
    """The application's own icon (the window, the task bar, the Windows shortcut)."""
    return QIcon(icon_file("liaison-desk"))


def clear_cache() -> None:
    """Forget rendered icons (after the system switches between light and dark)."""
    _tinted.cache_clear()


def icon_file(name: str) -> str:
    """The path of resources/icons/NAME.svg (fixed-colour icons)."""
    return str(resource("icons", f"{name}.svg"))


def _mix(a: QColor, b: QColor, t: float) -> str:
    """``a`` moved a fraction ``t`` of the way towards ``b``, as #rrggbb."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    ).name()


def stylesheet(palette: QPalette | None = None, point_size: float | None = None) -> str:
    """resources/style/app.qss with its colour tokens taken from the palette."""
    pal = palette or QApplication.palette()
    dark = is_dark(pal)
    window = pal.color(QPalette.ColorRole.Window)
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.WindowText)
    highlight = pal.color(QPalette.ColorRole.Highlight)
    pt = point_size or QApplication.font().pointSizeF()
    if pt <= 0:
        pt = 9.0
    tokens = {
        "text": text.name(),
        "muted": _mix(text, window, 0.42),
        "base": base.name(),
        "alternate": _mix(base, text, 0.035),
        "sidebar": _mix(window, text, 0.03) if not dark else _mix(window, QColor("#000"), 0.15),
        "header": _mix(base, text, 0.04),
        "border": _mix(window, text, 0.16),
        "button": pal.color(QPalette.ColorRole.Button).name(),
        "selection": highlight.name(),
        "hover": _mix(window, highlight, 0.12),
        "selection_text": pal.color(QPalette.ColorRole.HighlightedText).name(),
        "accent": highlight.name(),
        "timeline": _mix(base, highlight, 0.45),
        "chip_track_bg": "#1E3A5F" if dark else "#E3EEFB",
        "chip_track_fg": "#BBD7F7" if dark else "#114A86",
        "chip_high_bg": "#5C1A1A" if dark else "#FDE2E1",
        "chip_high_fg": "#FFB4AB" if dark else "#9B1C1C",
        "chip_esc_bg": "#4A3510" if dark else "#FFF0D6",
        "chip_esc_fg": "#FFD38A" if dark else "#7A4A00",
        "chip_status_bg": _mix(base, text, 0.10),
        "banner_bg": "#5C1A1A" if dark else "#FDECEA",
        "banner_border": "#8E2A2A" if dark else "#F1B5B0",
        "banner_fg": "#FFDAD4" if dark else "#5F1212",
        "danger": "#FF8A80" if dark else "#B71C1C",
        "title_pt": f"{pt * 1.45:.1f}",
        "reference_pt": f"{pt * 1.6:.1f}",
        "subject_pt": f"{pt * 1.2:.1f}",
        "small_pt": f"{pt * 0.85:.1f}",
    }
    qss = resource("style", "app.qss").read_text(encoding="utf-8")
    for name, value in tokens.items():
        qss = qss.replace("{{" + name + "}}", value)
    return qss
