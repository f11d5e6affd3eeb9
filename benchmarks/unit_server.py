"""A unit on one server (issue 16): 50 clients listening on one PostgreSQL while 10 writers
save, and the server restarted in the middle.

Each client is its own process, signed in with its own login (a liaison), running the app's
real change watcher headless (ui.live.ChangeWatcher: the LISTEN connection, which also
carries its probe) and, on every change it reports, the refresh the main window makes: the
queue counts and the queue shown — "My work", a liaison's own view — in one read. A save is
seen when the counts the client shows include it ("All open" is one more). Ten writer
threads (their own connections) take in member inquiries, each about every 2.5 s.

Figures: for each save, the slowest client's delay from the commit to its counts including
it (median, p95 and worst over the saves; target: the worst within 1 s); the server
connections per client (sampled from pg_stat_activity; target at most 2); the server's CPU
(its processes' CPU time over the run, in cores). Then the server is restarted while the
writers keep saving: every client must be listening again within 5 s of the server being
back, and every save that was committed must be in the database and in every client's
queue.

It RESTARTS the PostgreSQL server of ``$LIAISON_DESK_BENCH_DATABASE_URL`` (else
``$LIAISON_DESK_TEST_DATABASE_URL``, else postgres@127.0.0.1:5432), which must be local and
run by ``pg_ctlcluster``; if ``max_connections`` is under 150 it is raised for the run and
put back after (two more restarts). Run it on a server of your own.
"""

from __future__ import annotations

# This folder's calendar.py would shadow the standard library's: off the path first.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
sys.path.append(_HERE)

import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

from _common import ensure_repo_on_path, figure, result  # noqa: E402

ensure_repo_on_path()

CLIENTS = int(os.environ.get("LD_BENCH_CLIENTS", "50"))
WRITERS = 10
STEADY_S = 20.0
AFTER_RESTART_S = 10.0
VISIBLE_TARGET_S = 1.0
CONNECTIONS_TARGET = 2
BACK_TARGET_S = 5.0


# ------------------------------------------------------------------------------- a client
def client_main(url: str) -> int:
    """One headless client: the change watcher and the queue refresh; reports on stdout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LIAISON_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="ld-bench-client-")
    from liaison_desk.clock import SystemClock
    from liaison_desk.db.engine import Database
    from liaison_desk.services.context import ServiceContext
    from liaison_desk.services.queues import QueueKey, count_queues, load_queue
    from liaison_desk.services.startup import open_workstation
    from ui import ops
    from ui.context import AppContext
    from ui.live import ChangeWatcher
    from ui.qt import QCoreApplication, QObject, QTimer

    app = QCoreApplication(sys.argv[:1])
    db = Database(url)
    actor, calendar = open_workstation(db, "bench")
    ctx = AppContext(db=db, actor=actor, clock=SystemClock(), calendar=calendar)
    owner = QObject()
    watcher = ChangeWatcher(db, owner)
    state = {"busy": False, "again": False, "first": True, "listening": False, "count": -1}

    def say(line: str) -> None:
        sys.stdout.write(f"{line}\n")
        sys.stdout.flush()

    def read(session: object, c: ServiceContext) -> int:
        now = c.clock.now()
        counts = count_queues(session, actor=c.actor, now=now)  # type: ignore[arg-type]
        load_queue(session, QueueKey.MY_WORK, actor=c.actor, now=now)  # type: ignore[arg-type]
        return counts[QueueKey.ALL_OPEN]

    def refresh() -> None:
        if state["busy"]:
            state["again"] = True
            return
        state["busy"] = True
        ops.read(owner, ctx, read, where="the bench refresh").done(shown).failed(
            lambda _p: finished()
        ).start()

    def shown(all_open: int) -> None:
        at = time.time()
        if state["first"]:
            state["first"] = False
            say(f"READY {at:.6f} {all_open}")
        elif all_open != state["count"]:
            say(f"COUNT {all_open} {at:.6f}")
        state["count"] = all_open
        finished()

    def finished() -> None:
        state["busy"] = False
        if state["again"]:
            state["again"] = False
            refresh()

    def check_listening() -> None:
        now_listening = watcher.listener is not None and watcher.listener.listening.is_set()
        if now_listening != state["listening"]:
            state["listening"] = now_listening
            say(f"{'LISTENING' if now_listening else 'DEAF'} {time.time():.6f}")

    watcher.changed.connect(refresh)
    watcher.connectionRestored.connect(refresh)
    poll = QTimer()
    poll.setObjectName("benchListeningPoll")
    poll.timeout.connect(check_listening)
    poll.start(100)
    quit_check = QTimer()
    quit_check.setObjectName("benchQuitCheck")
    quit_check.timeout.connect(lambda: app.quit() if Path(sys.argv[-1]).exists() else None)
    quit_check.start(200)
    watcher.start()
    refresh()
    app.exec()
    watcher.stop()
    db.dispose()
    return 0


# ------------------------------------------------------------------------------- the run
def main() -> int:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from liaison_desk.cli import main as cli
    from liaison_desk.clock import ManualClock, SystemClock
    from liaison_desk.db.engine import Database
    from liaison_desk.db.schema import upgrade
    from liaison_desk.demo import fill_demo
    from liaison_desk.domain import Priority, Role
    from liaison_desk.services import intake
    from liaison_desk.services.context import ServiceContext
    from liaison_desk.services.users import current_actor

    raw = (
        os.environ.get("LIAISON_DESK_BENCH_DATABASE_URL")
        or os.environ.get("LIAISON_DESK_TEST_DATABASE_URL")
        or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    base = make_url(raw).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    cluster = _cluster()
    with admin.connect() as conn:
        before_max = int(conn.execute(text("SHOW max_connections")).scalar_one())
    raised = before_max < 150
    if raised:
        with admin.connect() as conn:
            conn.execute(text("ALTER SYSTEM SET max_connections = 200"))
        _restart(cluster)
        admin.dispose()
    name = f"ld_bench_unit_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    stop_file = Path(tempfile.mkdtemp(prefix="ld-bench-unit-")) / "stop"
    clients: list[subprocess.Popen[str]] = []
    logins: list[str] = []
    try:
        db = Database(url)
        upgrade(db)
        fill_demo(db, 600, 2026, ManualClock(SystemClock().now()), open_count=300)
        with db.session() as s:
            owner = current_actor(s, "bench-owner")
        for n in range(CLIENTS):
            login = f"ld_b{n:02d}_{uuid.uuid4().hex[:4]}"
            with _quiet():
                assert cli(["--db", url, "user", "add", login, "--role", Role.LIAISON.value]) == 0
            logins.append(login)
        print(f"  {CLIENTS} logins added; starting {CLIENTS} client processes…", flush=True)

        events: dict[str, list[tuple[str, float, str]]] = {login: [] for login in logins}
        lock = threading.Lock()
        for login in logins:
            client_url = make_url(url).set(username=login, password=None)
            proc = subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), "--client",
                 client_url.render_as_string(hide_password=False), str(stop_file)],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            )  # fmt: skip
            clients.append(proc)
            threading.Thread(target=_reader, args=(proc, events[login], lock),
                             daemon=True).start()  # fmt: skip
        started = time.time()
        while time.time() - started < 180:
            with lock:
                ready = sum(1 for e in events.values() if any(k == "READY" for k, _, _ in e))
                listening = sum(1 for e in events.values() if _listening(e))
            if ready == CLIENTS and listening == CLIENTS:
                break
            time.sleep(0.2)
        print(f"  clients ready and listening: {ready} and {listening} of {CLIENTS} "
              f"({time.time() - started:.1f} s)", flush=True)  # fmt: skip
        if ready < CLIENTS or listening < CLIENTS:
            result("unit_server_worst_s", "-", f"<{VISIBLE_TARGET_S:g}s", False)
            return 1

        # ---- steady state: ten writers, the clients see each save ----------------------
        saves: dict[str, float] = {}
        writing = threading.Event()
        writing.set()
        writer_errors: list[str] = []
        save_times: list[float] = []

        def writer(seed: int) -> None:
            rng = random.Random(seed)
            mine = Database(url)
            ctx = ServiceContext(actor=owner)
            mco = _an_mco(mine)
            while writing.is_set():
                time.sleep(rng.uniform(1.0, 4.0))  # ten people, a save every 2.5 s each
                data = intake.MemberIntake(
                    source="CSR", member_name=f"Bench Member {rng.randrange(10**6)}",
                    caller_name="Bench Caller", caller_phone="515-555-0100",
                    enrolled_in_mco=True, priority=Priority.HIGH, description="Bench save.",
                    member_state_id="0000000A", mco_id=mco,
                )  # fmt: skip
                while writing.is_set():  # a save refused by a restarting server is retried
                    try:
                        began = time.perf_counter()
                        with mine.session() as s:
                            reference = intake.create_member_inquiry(s, ctx, data).inquiry.reference
                        with lock:
                            saves[reference] = time.time()
                            save_times.append(time.perf_counter() - began)
                        break
                    except Exception as exc:
                        writer_errors.append(type(exc).__name__)
                        time.sleep(0.2)
            mine.dispose()

        pids = [p.pid for p in clients]
        cpu_before, clients_before, wall_before = _server_cpu(), _cpu_of(pids), time.time()
        threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(WRITERS)]
        for t in threads:
            t.start()
        samples: list[dict[str, int]] = []
        steady_end = time.time() + STEADY_S
        while time.time() < steady_end:
            samples.append(_connections(admin, name, logins))
            time.sleep(0.5)
        span = time.time() - wall_before
        cpu_steady = (_server_cpu() - cpu_before) / span
        cpu_clients = (_cpu_of(pids) - clients_before) / span
        with lock:
            steady_saves = dict(saves)

        # ---- the server restarts while the writers keep saving -------------------------
        print("  restarting the server…", flush=True)
        up: list[float] = []
        watching = threading.Thread(target=_first_accept, args=(base, up), daemon=True)
        watching.start()
        _restart(cluster)
        watching.join(30)
        back = up[0] if up else time.time()
        deadline = back + 30
        while time.time() < deadline:
            with lock:
                again = [_listening_since(e, back) for e in events.values()]
            if all(a is not None for a in again):
                break
            time.sleep(0.1)
        relisten = [a - back for a in again if a is not None]
        not_back = sum(1 for a in again if a is None)
        time.sleep(AFTER_RESTART_S)
        writing.clear()
        for t in threads:
            t.join(10)
        time.sleep(3)  # the last saves reach every client

        # ---- what was saved, and who saw it -------------------------------------------
        with lock:
            all_saves = dict(saves)
            shown = {login: list(e) for login, e in events.items()}
        with db.read_session() as s:
            stored = {r for (r,) in s.execute(
                text("SELECT reference FROM inquiries WHERE reference = ANY(:r)"),
                {"r": list(all_saves)})}  # fmt: skip
        missing_in_db = len(set(all_saves) - stored)
        # The k-th save (in commit order) is seen when a client's count is k over its first.
        order = sorted(all_saves.values())
        seen_at = {login: _seen_times(shown[login], len(order)) for login in logins}
        missing_in_clients = sum(len(order) - len(seen_at[login]) for login in logins)
        worst_per_save = []
        for k, committed in enumerate(order[: len(steady_saves)]):
            delays = [seen_at[login][k] - committed for login in logins
                      if k < len(seen_at[login])]  # fmt: skip
            if len(delays) == CLIENTS:
                worst_per_save.append(max(0.0, max(delays)))
        per_client = [max((s.get(login, 0) for s in samples), default=0) for login in logins]
        typical = [statistics.median(s.get(login, 0) for s in samples) for login in logins]

        later = len(all_saves) - len(steady_saves)
        print(f"  {CLIENTS} clients, {WRITERS} writers, {len(steady_saves)} saves in "
              f"{STEADY_S:g} s, then a restart and {later} more")  # fmt: skip
        worst_per_save.sort()
        median = statistics.median(worst_per_save)
        p95 = worst_per_save[max(0, round(0.95 * len(worst_per_save)) - 1)]
        worst = worst_per_save[-1]
        figure("slowest client, median over saves", median, "s")
        figure("slowest client, p95 over saves", p95, "s")
        figure("slowest client, worst save", worst, "s")
        figure("server connections per client, most seen", max(per_client))
        figure("server connections per client, typical", statistics.median(typical))
        figure("server CPU during the steady state", cpu_steady, "cores")
        figure("the 50 clients' CPU (all on this machine)", cpu_clients, "cores")
        figure("listening again after the restart, slowest", max(relisten, default=-1), "s")
        figure("clients not listening again within 30 s", not_back)
        figure("saves refused while the server restarted (retried)", len(writer_errors))
        figure("one save, median", statistics.median(save_times), "s")
        figure("one save, slowest", max(save_times), "s")
        figure("committed saves missing from the database", missing_in_db)
        figure("committed saves missing from a client's queue", missing_in_clients)
        checks = {
            "worst save within 1 s": worst < VISIBLE_TARGET_S,
            "at most 2 connections per client": max(per_client) <= CONNECTIONS_TARGET,
            "every client back within 5 s": not_back == 0 and max(relisten) < BACK_TARGET_S,
            "nothing saved missing": missing_in_db == 0 and missing_in_clients == 0,
        }
        for label, ok in checks.items():
            print(f"  {label}: {'ok' if ok else 'MISS'}")
        result("unit_server_worst_s", f"{worst:.3f}", f"<{VISIBLE_TARGET_S:g}s",
               all(checks.values()))  # fmt: skip
        return 0
    finally:
        stop_file.touch()
        for proc in clients:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :n AND pid <> pg_backend_pid()"),
                         {"n": name})  # fmt: skip
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            for login in logins:
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
            _drop_groups(conn, name)
            if raised:
                conn.execute(text("ALTER SYSTEM RESET max_connections"))
        admin.dispose()
        if raised:
            _restart(cluster)


def _reader(proc: subprocess.Popen[str], into: list[tuple[str, float, str]],
            lock: threading.Lock) -> None:  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "COUNT" and len(parts) == 3:
            entry = ("COUNT", float(parts[2]), parts[1])
        elif parts[0] == "READY" and len(parts) == 3:
            entry = ("READY", float(parts[1]), parts[2])
        elif parts[0] in ("LISTENING", "DEAF") and len(parts) >= 2:
            entry = (parts[0], float(parts[1]), "")
        else:
            continue
        with lock:
            into.append(entry)


def _seen_times(events: list[tuple[str, float, str]], saves: int) -> list[float]:
    """When this client's counts first included 1, 2, … of the saves."""
    first = next((int(v) for k, _, v in events if k == "READY"), None)
    if first is None:
        return []
    times: list[float] = []
    for kind, at, value in events:
        if kind != "COUNT":
            continue
        while len(times) < min(int(value) - first, saves):
            times.append(at)
    return times


def _listening(events: list[tuple[str, float, str]]) -> bool:
    states = [k for k, _, _ in events if k in ("LISTENING", "DEAF")]
    return bool(states) and states[-1] == "LISTENING"


def _listening_since(events: list[tuple[str, float, str]], since: float) -> float | None:
    """When the client was listening again after ``since`` (having lost it on the way)."""
    after = [(k, at) for k, at, _ in events if k in ("LISTENING", "DEAF") and at >= since - 30]
    lost = [at for k, at in after if k == "DEAF"]
    if not lost:
        return None
    again = [at for k, at in after if k == "LISTENING" and at > lost[0]]
    return again[0] if again else None


def _connections(admin: object, database: str, logins: list[str]) -> dict[str, int]:
    from sqlalchemy import text

    with admin.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(text("SELECT usename, count(*) FROM pg_stat_activity "
                                 "WHERE datname = :d GROUP BY usename"),
                            {"d": database})  # fmt: skip
        return {str(u): int(n) for u, n in rows if u in logins}


def _server_cpu() -> float:
    """CPU seconds used so far by the server's processes (all of them, from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if "postgres" not in (entry / "comm").read_text():
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


def _cpu_of(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    return total


def _first_accept(base: object, up: list[float]) -> None:
    """The moment the restarting server first accepts a connection again."""
    import psycopg

    info = base.set(drivername="postgresql").render_as_string(hide_password=False)  # type: ignore[attr-defined]
    went_down = False
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with psycopg.connect(info, connect_timeout=1):
                pass
            if went_down:
                up.append(time.time())
                return
        except psycopg.Error:
            went_down = True
        time.sleep(0.02)


def _cluster() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    return versions[-1]


def _restart(version: str) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                   check=True, capture_output=True)  # fmt: skip
    for _ in range(100):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
            return
        time.sleep(0.1)


def _an_mco(db: object) -> int:
    from sqlalchemy import select

    from liaison_desk.db.models import Mco

    with db.read_session() as s:  # type: ignore[attr-defined]
        return int(s.scalars(select(Mco.id).order_by(Mco.id)).first())


def _drop_groups(conn: object, database: str) -> None:
    """The group roles db upgrade made for this database (named for it)."""
    from sqlalchemy import text

    rows = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"),  # type: ignore[attr-defined]
                        {"p": f"ld\\_{database[:20]}%"}).scalars()  # fmt: skip
    for role in list(rows):
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))  # type: ignore[attr-defined]


class _quiet:
    """The CLI's lines for each login added, kept off the benchmark's output."""

    def __enter__(self) -> None:
        self._out = sys.stdout
        sys.stdout = open(os.devnull, "w")

    def __exit__(self, *_exc: object) -> None:
        sys.stdout.close()
        sys.stdout = self._out


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--client":
        sys.exit(client_main(sys.argv[2]))
    sys.exit(main())
