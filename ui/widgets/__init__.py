"""The client's widget kit: the pieces every dialog and window is built from (tones, hints,
buttons, and, as the kit grows, notices, fields with their messages, time editors and the
dialog frame)."""
