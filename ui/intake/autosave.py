"""Nothing typed is lost (SPEC §5): an intake form in progress is written to a JSON draft in
the user's data folder a moment after each change, and a form opened later offers back any
draft whose form is no longer open (the app crashed, the machine restarted, the connection
dropped and the person gave up).

One file per open form (``member-<id>.json``), so two forms of the same kind open at once
(two calls at the same time) never overwrite each other's drafts.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from liaison_desk.paths import autosave_dir, private_file
from liaison_desk.sealing import seal, unseal
from ui.qt import QObject
from ui.widgets.timers import named_timer

log = logging.getLogger("liaison_desk.ui.autosave")

FORMAT = 1
# Paths of drafts whose form is open in this process: never offered to another form.
_live: set[Path] = set()


@dataclass(frozen=True)
class Draft:
    path: Path
    kind: str
    saved_at: datetime
    summary: str
    fields: dict[str, Any]


def _forget(path: Path, *_args: object) -> None:
    _live.discard(path)


class Autosave(QObject):
    """Throttled writer of one form's draft.

    The first change starts a single-shot timer; changes while it runs are picked up when it
    fires, so steady typing writes at most once per ``interval_ms``.
    """

    def __init__(
        self,
        parent: QObject,
        kind: str,
        collect: Callable[[], dict[str, Any]],
        summary: Callable[[], str],
        has_content: Callable[[], bool],
        now: Callable[[], datetime],
        *,
        interval_ms: int = 1500,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{kind}Autosave")
        self.kind = kind
        self._collect = collect
        self._summary = summary
        self._has_content = has_content
        self._now = now
        self.path = self._new_path()
        self.timer = named_timer(self, "autosaveTimer", interval_ms, self.flush, single_shot=True)
        self._claim(self.path)

    def _new_path(self) -> Path:
        return autosave_dir() / f"{self.kind}-{uuid.uuid4().hex[:12]}.json"

    def _claim(self, path: Path) -> None:
        _live.add(path)
        # Released through a plain function: when the form is destroyed, so is this object.
        self.destroyed.connect(lambda *_a, p=path: _forget(p))

    def schedule(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def flush(self) -> None:
        """Write the draft now (an empty form removes it instead)."""
        self.timer.stop()
        if not self._has_content():
            self._remove(self.path)
            return
        fields = self._collect()
        payload = {
            "format": FORMAT,
            "kind": self.kind,
            "saved_at": self._now().isoformat(),
            "summary": self._summary(),
            "fields": fields,
        }
        tmp = self.path.with_suffix(".tmp")
        try:
            data = seal(json.dumps(payload, indent=1, ensure_ascii=False).encode("utf-8"))
            # Private from the first byte: the draft holds the member's name, ID and phone.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            private_file(tmp)
            os.replace(tmp, self.path)
        except OSError:
            # A full disk must not break typing; the form itself still holds everything.
            log.warning("could not write the autosave draft %s", self.path, exc_info=True)

    def adopt(self, draft: Draft) -> None:
        """Continue in a restored draft's file, so it is cleaned up with this form."""
        self.timer.stop()
        self._remove(self.path)
        _live.discard(self.path)
        self.path = draft.path
        self._claim(draft.path)

    def discard(self) -> None:
        """The form was saved or deliberately cancelled: its draft is no longer needed."""
        self.timer.stop()
        self._remove(self.path)

    def restart(self) -> None:
        """A fresh draft for a new inquiry typed in the same form."""
        self.discard()
        _live.discard(self.path)
        self.path = self._new_path()
        self._claim(self.path)

    @staticmethod
    def _remove(path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove the autosave draft %s", path, exc_info=True)

    @staticmethod
    def orphans(kind: str) -> list[Draft]:
        """Drafts of ``kind`` whose form is not open here, newest first."""
        drafts = []
        for path in autosave_dir().glob(f"{kind}-*.json"):
            if path in _live:
                continue
            try:
                plain = unseal(path.read_bytes())
                if plain is None:
                    log.warning("draft %s is sealed with a key this account lacks", path.name)
                    continue
                data = json.loads(plain.decode("utf-8"))
                drafts.append(
                    Draft(
                        path=path,
                        kind=str(data["kind"]),
                        saved_at=datetime.fromisoformat(data["saved_at"]),
                        summary=str(data.get("summary", "")),
                        fields=dict(data["fields"]),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                # A draft cut off mid-write by the crash itself: keep it for a person to
                # look at, but it cannot be offered back.
                log.warning("unreadable autosave draft %s", path, exc_info=True)
        drafts.sort(key=lambda d: d.saved_at, reverse=True)
        return drafts

    @staticmethod
    def remove(draft: Draft) -> None:
        Autosave._remove(draft.path)
