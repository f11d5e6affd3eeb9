"""The command line as admins and scripts use it: exit codes and one-line messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liaison_desk import __version__
from liaison_desk.cli import main
from liaison_desk.db.engine import Database
from liaison_desk.db.models import Inquiry, Mco, Milestone, Policy, Source, TimelineEntry, User


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "liaison_desk", *args], capture_output=True, text=True, timeout=300
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"liaison-desk {__version__}"


def test_unknown_command_is_a_usage_error_in_one_line() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "definitely not a url"])
def test_bad_database_url_is_a_usage_error(url: str) -> None:
    result = _run("--db", url, "db", "upgrade")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("liaison-desk: ")
    assert "Traceback" not in result.stderr


def test_unreachable_postgres_is_refused_in_words() -> None:
    result = _run("--db", "postgresql://nobody@127.0.0.1:1/none", "db", "upgrade")
    assert result.returncode == 1
    assert "Nothing answers at 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_creates_schema_and_reference_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "db", "upgrade"]) == 0  # idempotent
    db = Database(url)
    with db.read_session() as s:
        names = set(s.scalars(select(Mco.name)))
        assert {"Wellpoint Iowa", "Iowa Total Care", "Molina Healthcare of Iowa"} <= names
        wellpoint = s.scalars(select(Mco).where(Mco.name == "Wellpoint Iowa")).one()
        assert "Amerigroup" in wellpoint.synonyms
        assert s.scalar(select(func.count()).select_from(Source)) >= 9
        keys = set(s.scalars(select(Policy.key).where(Policy.enabled.is_(True))))
        # The e-mail track's standards (seed 000) are on; seed 004's set waits to be chosen.
        assert {"mco_member.high.contact_originator", "email.first_response"} <= keys
        disabled = set(s.scalars(select(Policy.key).where(Policy.enabled.is_(False))))
        assert {"email_ime.respond_5", "email_ime.complete_15"} <= disabled
        # A real deployment pointed at an empty database gets the schema, not demo data.
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 0
    db.dispose()


def test_demo_data_fills_every_track_with_history(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    assert main(["--db", url, "demo-data", "--count", "300"]) == 0
    db = Database(url)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Inquiry)) == 300
        tracks = dict(s.execute(select(Inquiry.track, func.count()).group_by(Inquiry.track)).all())
        assert set(tracks) == {
            "mco_member",
            "mco_provider",
            "ime_callback",
            "email",
            "consideration",
        }
        open_n = s.scalar(
            select(func.count()).select_from(Inquiry).where(Inquiry.closed.is_(False))
        )
        assert 40 <= (open_n or 0) <= 120
        refs = list(s.scalars(select(Inquiry.reference)))
        assert len(set(refs)) == 300
        assert s.scalar(select(func.count()).select_from(Milestone)) >= 300
        assert s.scalar(select(func.count()).select_from(TimelineEntry)) >= 600
        assert s.scalar(select(func.count()).select_from(User)) >= 5
        # Issue 14: e-mails with their clocks met by a reply, issue types and outcomes.
        replied = s.scalar(
            select(func.count())
            .select_from(Milestone)
            .where(Milestone.kind == "email_first_response", Milestone.met_at.is_not(None))
        )
        assert (replied or 0) > 0
        assert s.scalar(select(func.count(Inquiry.category))) >= 200
        outcomes = s.scalar(select(func.count(Inquiry.outcome)).where(Inquiry.closed))
        assert outcomes == s.scalar(select(func.count()).where(Inquiry.closed))
        # Seed 003's cases stand at every step, worked by the demo's QC and State Monitor.
        steps = set(s.scalars(select(Inquiry.status).where(Inquiry.track == "consideration")))
        assert len(steps) >= 3, steps
    db.dispose()


def test_demo_data_twice_never_reuses_reference_numbers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
    assert main(["--db", url, "demo-data", "--count", "150"]) == 0
    assert main(["--db", url, "demo-data", "--count", "150", "--seed", "7"]) == 0
    db = Database(url)
    with db.read_session() as s:
        refs = list(s.scalars(select(Inquiry.reference)))
    db.dispose()
    assert len(refs) == 300 == len(set(refs))


def test_negative_demo_count_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'neg.sqlite3'}"
    assert main(["--db", url, "demo-data", "--count", "-5"]) == 1
    assert "zero or more" in capsys.readouterr().err


def test_user_add_and_duplicate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert (
        main(["--db", url, "user", "add", "rdiaz", "--role", "MSA/ESR", "--name", "Rosa Diaz"]) == 0
    )
    assert main(["--db", url, "user", "add", "rdiaz", "--role", "liaison"]) == 1
    assert "already" in capsys.readouterr().err
    assert main(["--db", url, "user", "add", "x", "--role", "wizard"]) == 1
    db = Database(url)
    with db.read_session() as s:
        user = s.scalars(select(User).where(User.login == "rdiaz")).one()
        assert (user.role, user.display_name) == ("msa_esr", "Rosa Diaz")
    db.dispose()


@pytest.mark.postgres
def test_cli_against_postgres(pg_server_url: str) -> None:
    assert main(["--db", pg_server_url, "db", "upgrade"]) == 0
    before = 0
    db = Database(pg_server_url)
    with db.read_session() as s:
        before = s.scalar(select(func.count()).select_from(Inquiry)) or 0
    assert main(["--db", pg_server_url, "demo-data", "--count", "200"]) == 0
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Inquiry)) == before + 200
    db.dispose()


def test_demo_data_prints_one_summary_line(tmp_path: Path) -> None:
    """Scripts read stdout; progress for people goes to stderr."""
    url = f"sqlite:///{tmp_path / 'quiet.sqlite3'}"
    result = _run("--db", url, "demo-data", "--count", "20")
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("Added 20 demo inquiries")


def test_demo_work_happens_in_office_hours(tmp_path: Path) -> None:
    """Demo contacts, referrals, callbacks, letters and resolutions fall in business hours
    (a request may come in at night; nobody works it then)."""
    from datetime import UTC

    from liaison_desk.calendar import BusinessCalendar
    from liaison_desk.db.models import TimelineEntry

    url = f"sqlite:///{tmp_path / 'hours.sqlite3'}"
    assert main(["--db", url, "demo-data", "--count", "300"]) == 0
    db = Database(url)
    cal = BusinessCalendar()
    with db.read_session() as s:
        worked = s.scalars(
            select(TimelineEntry.at).where(
                TimelineEntry.kind.in_(
                    [
                        "contact",
                        "referral",
                        "mco_update",
                        "callback_attempt",
                        "letter",
                        "resolution",
                    ]
                )
            )
        ).all()
    db.dispose()
    assert len(worked) > 300
    assert [at for at in worked if not cal.is_open(at.astimezone(UTC))] == []


def test_the_core_command_line_does_not_open_the_client(capsys) -> None:
    # The desktop app is the client's (`liaison-desk`, `python -m ui`); the core never
    # imports it, so its own entry says where the app is.
    assert main([]) == 2
    assert "python -m ui" in capsys.readouterr().err
