"""The palette's tones, light and dark: one place for the client's colours."""

from __future__ import annotations

from ui.icons import is_dark

# Colours are a second cue only: every state is also said in words (and with a symbol).
# (light, dark) pairs; the text colours pass WCAG AA on the window colour of each.
_TONES = {
    "error": ("#a4262c", "#ff8a80"),
    "ok": ("#1e6b35", "#81c784"),
    "hint": ("#555b62", "#aab1b8"),
    "panel": ("#f4f6f8", "#25292e"),
    "border": ("#d0d7de", "#3a3f45"),
    "saved": ("#eef7f0", "#17301f"),
    "info": ("#e8f1fb", "#1b2d44"),
    "info_edge": ("#2b6cb0", "#5b9be0"),
    "warning": ("#fff6e0", "#3b2d0f"),
    "warning_edge": ("#b7791f", "#d9a441"),
    "warn": ("#8a5a00", "#e0b050"),  # warning text
    "error_bg": ("#fdecec", "#4a1c1c"),
    "header": ("#1f3a5f", "#1f3a5f"),
}


def tone(name: str) -> str:
    """A colour of the forms for the current light or dark appearance."""
    light, dark = _TONES[name]
    return dark if is_dark() else light
