"""The client's widget kit: the pieces every dialog and window is built from, and nothing that
knows about inquiries, dialogs or the database (an import-linter contract keeps it below them).

``frame`` (dialog header and footer) · ``notice`` (notices and banners) · ``fields`` (a field
and its message line) · ``when`` (date-time editing in the office's time) · ``inputs`` (text
box, choice group, summary grid) · ``tables`` (read-only tables) · ``flow_layout`` · ``tones``
(the palette, light and dark) · ``timers`` (named timers) · ``basics`` (hint lines, section
titles, buttons that never take Enter, a phone or a time in words).
"""
