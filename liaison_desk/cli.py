"""``liaison-desk``: the desktop app, and the same core headless for admins and automation.

Exit status: 0 success, 1 input refused (nothing written), 2 usage error. Problems are
printed as one clear line each; a traceback never reaches the person for bad input.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .errors import BadDatabaseUrl, DatabaseUnavailable, DomainError, InputRefused
from .paths import keep_private

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

if TYPE_CHECKING:
    from .db.engine import Database

log = logging.getLogger("liaison_desk.cli")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"liaison-desk: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liaison-desk", description="Liaison Desk — escalated inquiry tracker.")
    p.add_argument("--version", action="version", version=f"liaison-desk {__version__}")
    p.add_argument("--db", metavar="URL", help="database URL (default: embedded SQLite file)")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="check this install (on temporary databases; with --db, also the real one, "
        "reading only) and print one line per check; exit 0 when all pass",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="with no command: fill an empty database with demo data before opening the app",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", parser_class=_Parser)
    db_sub.required = True
    db_sub.add_parser("upgrade", help="create or migrate the schema")

    imp = sub.add_parser("import", help="import a legacy MCO Inquiry Log workbook")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument("--rejects", metavar="OUT.xlsx", help="save rejected rows to fix them")

    exp = sub.add_parser("export", help="export the log to Excel")
    exp.add_argument("file", metavar="OUT.xlsx")
    exp.add_argument("--status", choices=("open", "resolved", "all"), default="all")
    exp.add_argument("--redact", action="store_true", help="hide names, IDs, phones, addresses")

    rep = sub.add_parser("report", help="reports")
    rep_sub = rep.add_subparsers(dest="report", metavar="REPORT", parser_class=_Parser)
    rep_sub.required = True
    comp = rep_sub.add_parser("compliance", help="response-time compliance per standard")
    comp.add_argument("--from", dest="date_from", metavar="DATE")
    comp.add_argument("--to", dest="date_to", metavar="DATE")
    comp.add_argument("--format", choices=("table", "csv", "json"), default="table")
    comp.add_argument(
        "--by",
        choices=("category", "outcome"),
        help="split each standard by the inquiries' issue category or outcome",
    )
    cons = rep_sub.add_parser(
        "considerations",
        help="enrollment consideration cases: true/false, processed, outreach, per week or month",
    )
    cons.add_argument("--from", dest="date_from", metavar="DATE")
    cons.add_argument("--to", dest="date_to", metavar="DATE")
    cons.add_argument("--by", choices=("week", "month"), default="week")
    cons.add_argument("--format", choices=("table", "csv", "json"), default="table")
    packet = rep_sub.add_parser(
        "packet", help="the compliance packet: one PDF (and a workbook) to hand to the state"
    )
    packet.add_argument("--from", dest="date_from", metavar="DATE")
    packet.add_argument("--to", dest="date_to", metavar="DATE")
    packet.add_argument("--out", required=True, metavar="FILE.pdf")
    packet.add_argument("--xlsx", metavar="FILE.xlsx", help="also save its figures as a workbook")
    packet.add_argument("--mco", metavar="NAME", help="one MCO's packet (name or short name)")
    daily = rep_sub.add_parser(
        "daily", help="the morning report: open work by assignee, completed, due today"
    )
    daily.add_argument("--out", metavar="OUT.xlsx", help="save it as a workbook")
    access = rep_sub.add_parser(
        "access", help="who opened a member's inquiries, and when (the access report)"
    )
    access.add_argument("--member", required=True, help="the member's state ID or name")

    explain = sub.add_parser(
        "explain", help="why each of an inquiry's clocks is due when it is, in plain words"
    )
    explain.add_argument("reference", metavar="REFERENCE")

    audit = sub.add_parser("audit", help="the history's tamper-evident chain")
    audit_sub = audit.add_subparsers(dest="audit", metavar="ACTION", parser_class=_Parser)
    audit_sub.required = True
    audit_sub.add_parser(
        "verify", help="check every timeline and audit entry's chain; exit 1 at a broken link"
    )

    demo = sub.add_parser("demo-data", help="fill the database with realistic fake inquiries")
    demo.add_argument("--count", type=int, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)

    watch = sub.add_parser(
        "watch",
        help="the alert service: e-mail digests of warnings, breaches and hand-offs in office "
        "hours, and the daily report at 10:00",
    )
    watch.add_argument("--once", action="store_true", help="one pass, then exit")
    watch.add_argument(
        "--as-of", metavar='"YYYY-MM-DD HH:MM"', help="make the pass as of this moment"
    )

    user = sub.add_parser("user", help="users")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", parser_class=_Parser)
    user_sub.required = True
    add = user_sub.add_parser("add", help="add a user (PostgreSQL: creates the login and grants)")
    add.add_argument("login")
    add.add_argument("--role", required=True)
    add.add_argument("--name", help="display name")
    add.add_argument(
        "--ask-password",
        action="store_true",
        help="PostgreSQL: prompt for the new login's password (else none is set: the server's "
        "own authentication applies, such as peer or LDAP)",
    )
    add.add_argument(
        "--adopt",
        action="store_true",
        help="PostgreSQL, the database owner only: make an existing login that this database "
        "did not create a team member",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    keep_private()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _no_command()
    from .logs import setup_logging

    setup_logging()
    log.info("command %s", args.command)
    try:
        return _dispatch(args)
    except BadDatabaseUrl as exc:
        print(f"liaison-desk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputRefused as exc:
        print(f"liaison-desk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except DatabaseUnavailable as exc:
        print(f"liaison-desk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except DomainError as exc:
        print(f"liaison-desk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("liaison-desk: interrupted; nothing more was written.", file=sys.stderr)
        return EXIT_REFUSED


PASSWORD_ENV = "LIAISON_DESK_PASSWORD"


def open_database(url: str) -> Database:
    """The database of ``url``, signed in: with ``LIAISON_DESK_PASSWORD`` when it is set, and
    asking on the terminal when the server wants a password and there is one to ask on.
    Kerberos and peer sign-in need neither."""
    import getpass

    from .db.signin import Failure, ServerProfile, SignInFailed, open_checked

    try:
        return open_checked(url, os.environ.get(PASSWORD_ENV) or None)
    except SignInFailed as exc:
        if exc.failure is not Failure.NEEDS_PASSWORD:
            raise
        if not sys.stdin.isatty():
            raise SignInFailed(
                exc.failure,
                f"The server asks for your password: set {PASSWORD_ENV}, or run the command "
                "from a terminal to type it.",
            ) from None
    profile, _ = ServerProfile.from_url(url)
    return open_checked(url, getpass.getpass(f"Password for {profile.shown()}: ") or None)


def _dispatch(args: argparse.Namespace) -> int:
    from .db.engine import resolve_url, translate_errors

    db = open_database(resolve_url(args.db))
    try:
        with translate_errors():
            return _run_command(args, db)
    finally:
        db.dispose()


def _run_command(args: argparse.Namespace, db: Database) -> int:
    if args.command == "db":
        from .commands.dbcmd import run_upgrade

        return run_upgrade(db)
    if args.command == "demo-data":
        from .commands.demo import run_demo

        return run_demo(db, count=args.count, seed=args.seed)
    if args.command == "user":
        from .commands.users import run_user_add

        return run_user_add(db, args.login, args.role, args.name, args.ask_password, args.adopt)
    if args.command == "report" and args.report == "access":
        from .commands.report import run_access

        return run_access(db, args.member)
    if args.command == "report" and args.report == "considerations":
        from .commands.considerations import run_consideration_report

        return run_consideration_report(db, args.date_from, args.date_to, args.format, args.by)
    if args.command == "report" and args.report == "packet":
        from .commands.packet import run_packet

        return run_packet(db, args.date_from, args.date_to, args.out, xlsx=args.xlsx,
                          mco=args.mco)  # fmt: skip
    if args.command == "report" and args.report == "daily":
        from .commands.report import run_daily

        return run_daily(db, args.out)
    if args.command == "report":
        from .commands.report import run_compliance

        return run_compliance(db, args.date_from, args.date_to, args.format, by=args.by)
    if args.command == "explain":
        from .commands.explain import run_explain

        return run_explain(db, args.reference)
    if args.command == "audit":
        from .commands.audit import run_verify

        return run_verify(db)
    if args.command == "watch":
        from .commands.watch import run_watch

        return run_watch(db, once=args.once, as_of=args.as_of)
    if args.command == "import":
        from .commands.excel import run_import

        return run_import(db, args.file, dry_run=args.dry_run, rejects=args.rejects)
    if args.command == "export":
        from .commands.excel import run_export

        return run_export(db, args.file, status=args.status, redact=args.redact)
    raise AssertionError(f"unhandled command {args.command}")  # pragma: no cover


def _no_command() -> int:
    # The desktop app lives in the client package, which the core never imports.
    print(
        "liaison-desk: no command given. The desktop app starts with `liaison-desk` (or "
        "`python -m ui`); `--help` lists the commands.",
        file=sys.stderr,
    )
    return EXIT_USAGE
