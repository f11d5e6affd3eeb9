"""``liaison-desk [--db URL] watch [--once] [--as-of "YYYY-MM-DD HH:MM"]``: the headless
service IT runs next to the database so alerts reach people with the app closed (SPEC §11).

Every minute in office hours one pass: announce the clocks that crossed their warning or due
time (the same sweep every open app makes, so nothing is announced twice), mail each person
one digest of what is new in their inbox, and, from 10:00 on a business day, mail the daily
report (seed 004) to the Unit Leads and managers once that day. At night, at weekends and on
holidays a pass does nothing. A mail server that is down is retried on the next pass (and
twice within a pass); a notice counts as mailed only once the server has taken it, so a
restart or an outage loses nothing and sends nothing twice (but a crash in the instant
between the server's "accepted" and the database's commit).

``--once`` makes one pass and exits (for a scheduled task): 0 when everything due was sent,
1 when some mail could not be sent (it is kept for the next pass). ``--as-of`` makes that pass
as of a moment in the calendar's timezone (to try a setup; for tests).
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import tempfile
import threading
import time as _time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from email.message import EmailMessage
from pathlib import Path

from .. import mail
from ..clock import Clock, ManualClock, SystemClock
from ..db.engine import Database
from ..db.schema import current_revision
from ..errors import InputRefused
from ..presets import load_presets
from ..services.alerts import digest
from ..services.alerts.sweep import office_hours, sweep_clocks
from ..services.calendar_config import load_calendar
from ..services.clocks import raise_follow_ups_where_allowed
from ..services.context import SYSTEM_ACTOR, ServiceContext
from ..services.daily_report import daily_report, export_daily_report

log = logging.getLogger("liaison_desk.watch")

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
REPORT_AT = time(10, 0)
PASS_SECONDS = 60.0
RETRIES = 3
_AS_OF = re.compile(r"\s*(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})\s*")


@dataclass
class PassResult:
    crossings: int = 0
    mailed: int = 0
    report_to: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    closed: bool = False

    def line(self) -> str:
        if self.closed:
            return "The office is closed: nothing announced or sent."
        words = [
            f"{self.crossings} clock{'' if self.crossings == 1 else 's'} crossed",
            f"{self.mailed} digest{'' if self.mailed == 1 else 's'} sent",
        ]
        if self.report_to:
            words.append(f"daily report sent to {len(self.report_to)}")
        if self.failed:
            words.append(f"{len(self.failed)} could not be sent (kept for the next pass)")
        return ", ".join(words) + "."


def parse_as_of(text: str, ctx: ServiceContext) -> datetime:
    m = _AS_OF.fullmatch(text)
    if not m:
        raise InputRefused(f'--as-of needs "YYYY-MM-DD HH:MM", got “{text}”.')
    try:
        day = datetime.fromisoformat(m.group(1))
        local = day.replace(hour=int(m.group(2)), minute=int(m.group(3)))
    except ValueError:
        raise InputRefused(f"--as-of: “{text}” is not a moment of the calendar.") from None
    return local.replace(tzinfo=ctx.calendar.timezone)


def _send(
    settings: mail.SmtpSettings, msg: EmailMessage, sleep: Callable[[float], None]
) -> str | None:
    """None when sent, else the last problem (after :data:`RETRIES` tries)."""
    problem = None
    for attempt in range(RETRIES):
        try:
            mail.send(settings, [msg])
            return None
        except mail.MailError as exc:
            problem = str(exc)
            log.warning("mail not sent (try %d of %d): %s", attempt + 1, RETRIES, problem)
            if attempt + 1 < RETRIES:
                sleep(2.0 * (attempt + 1))
    return problem


def one_pass(
    db: Database,
    ctx: ServiceContext,
    settings: mail.SmtpSettings | None,
    *,
    sleep: Callable[[float], None] | None = None,
) -> PassResult:
    sleep = sleep or _time.sleep
    now = ctx.clock.now()
    result = PassResult()
    if not office_hours(ctx, now):
        result.closed = True
        return result
    raise_follow_ups_where_allowed(db, ctx)
    with db.session() as s:
        result.crossings = len(sweep_clocks(s, ctx))
    if settings is None:
        return result
    with db.read_session() as s:
        digests = digest.pending(s, now)
    for d in digests:
        msg = mail.message(settings, d.address, d.subject, d.body)
        problem = _send(settings, msg, sleep)
        if problem is not None:
            result.failed.append(f"digest for user {d.user_id}")
            continue
        with db.session() as s:
            digest.mark_mailed(s, d.notice_ids, now)
        result.mailed += 1
        log.info("digest sent to user %d: %d notices", d.user_id, len(d.notice_ids))
    _daily_report(db, ctx, settings, result, sleep)
    return result


def _daily_report(
    db: Database,
    ctx: ServiceContext,
    settings: mail.SmtpSettings,
    result: PassResult,
    sleep: Callable[[float], None],
) -> None:
    now = ctx.clock.now()
    local = now.astimezone(ctx.calendar.timezone)
    if local.time() < REPORT_AT or not ctx.calendar.is_business_day(local.date()):
        return
    today = local.date().isoformat()
    with db.read_session() as s:
        if digest.report_sent_on(s) == today:
            return
        people = digest.report_recipients(s)
        report = daily_report(s, actor=SYSTEM_ACTOR, now=now, calendar=ctx.calendar)
    if not people:
        return
    # Minimum necessary: the mailed copy names no member or provider and quotes no
    # resolution; the full report is in the app (Reports → Daily report).
    hidden = "(see the app)"
    report = replace(
        report,
        assigned=[replace(i, subject=hidden) for i in report.assigned],
        completed=[replace(d, subject=hidden, resolution=hidden) for d in report.completed],
    )
    overdue = sum(i.state == "Overdue" for i in report.assigned)
    subject = f"Liaison Desk daily report, {local:%m/%d/%Y}"
    body = (
        f"The daily report as of {local:%I:%M %p} is attached: {len(report.assigned)} open "
        f"({overdue} overdue), {len(report.completed)} completed since the previous business "
        "day, and the clocks due today.\n\nNames and resolutions are left out of the attached "
        "copy; open Reports → Daily report in Liaison Desk for the full report.\n"
    )
    with tempfile.TemporaryDirectory(prefix="liaison-desk-report-") as tmp:
        path = export_daily_report(report, ctx.calendar, Path(tmp) / f"daily-report-{today}.xlsx")
        for _name, address in people:
            msg = mail.message(settings, address, subject, body, [path])
            if _send(settings, msg, sleep) is None:
                result.report_to.append(address)
            else:
                result.failed.append("daily report")
    if result.report_to and "daily report" not in result.failed:
        with db.session() as s:
            digest.set_report_sent_on(s, today)


def run_watch(
    db: Database,
    *,
    once: bool,
    as_of: str | None,
    env: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    sleep: Callable[[float], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    if current_revision(db) is None:
        print(
            f"liaison-desk: {db.describe()} has no Liaison Desk data yet; run "
            "`liaison-desk db upgrade` first.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    with db.read_session() as s:
        calendar = load_calendar(s)
        stored_url, stored_from = (
            digest.stored(s, digest.KEY_SMTP),
            digest.stored(s, digest.KEY_FROM),
        )
    ctx = ServiceContext(clock=clock or SystemClock(), calendar=calendar)
    if as_of is not None:
        ctx = replace(ctx, clock=ManualClock(parse_as_of(as_of, ctx)))
    # IT's machine-wide mail server, where it does not let the admin's settings apply.
    stored_url, stored_from = load_presets().choose_mail((stored_url or "", stored_from or ""))
    settings = mail.settings_from(env if env is not None else mail.env(), stored_url, stored_from)
    if settings is None:
        print(
            f"liaison-desk: no mail server is set ({mail.ENV_SMTP}, or the admin's mail "
            "settings); alerts go to the app's inboxes only.",
            file=sys.stderr,
        )
    else:
        log.info("watch: mail through %s", settings.describe())
    if once or as_of is not None:
        result = one_pass(db, ctx, settings, sleep=sleep)
        print(result.line())
        return EXIT_REFUSED if result.failed else EXIT_OK
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    print(f"Watching {db.describe()}; stop with Ctrl+C.", flush=True)
    while not stop.is_set():
        try:
            result = one_pass(db, ctx, settings, sleep=sleep)
            if not result.closed:
                log.info("watch pass: %s", result.line())
        except Exception:  # a lost connection: said, and tried again next minute
            log.exception("watch pass failed; trying again in a minute")
        stop.wait(PASS_SECONDS)
    return EXIT_OK
