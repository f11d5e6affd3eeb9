"""The ``liaison-desk`` command: the desktop app when no command is given, the core's command
line otherwise. The app is launched from this side so the core never imports the client."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from liaison_desk.cli import EXIT_REFUSED, EXIT_USAGE, build_parser
from liaison_desk.cli import main as core_main
from liaison_desk.errors import BadDatabaseUrl
from liaison_desk.paths import keep_private


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        keep_private()
        from ui.selftest import run_self_test

        return run_self_test(args.db)
    if args.command is not None:
        return core_main(argv)
    keep_private()
    try:
        from ui.app import run_app
    except ImportError as exc:  # pragma: no cover - broken install
        print(f"liaison-desk: the desktop client cannot start: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return run_app(db_url=args.db, demo=args.demo)
    except BadDatabaseUrl as exc:
        print(f"liaison-desk: {exc}", file=sys.stderr)
        return EXIT_USAGE
