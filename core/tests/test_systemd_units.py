"""The production units of deploy/systemd/: each long-running process restarts on its own,
the worker resumes half-done intake first, and every command they run exists."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((UNITS / name).read_text())
    return parser


def _commands(unit: configparser.ConfigParser) -> list[list[str]]:
    lines = [unit["Service"].get("ExecStartPre"), unit["Service"].get("ExecStart")]
    return [shlex.split(line) for line in lines if line]


def test_every_long_running_process_has_a_unit_that_restarts_it():
    wanted = {
        "fidu-web.service": "gunicorn",
        "fidu-worker.service": "db_worker",
        "fidu-smtpd.service": "smtpd",
        "fidu-watch-folders.service": "watch_folders",
        "fidu-imap-poll.service": "imap_poll",
    }
    for name, command in wanted.items():
        unit = _unit(name)
        assert unit["Service"]["Restart"] == "always", name
        assert command in unit["Service"]["ExecStart"], name
        assert unit["Install"]["WantedBy"] == "fidu.target", name
        assert unit["Service"]["EnvironmentFile"] == "/etc/fidu/fidu.env", name


def test_the_worker_resumes_half_done_intake_before_it_starts():
    unit = _unit("fidu-worker.service")
    assert shlex.split(unit["Service"]["ExecStartPre"])[-1] == "intake_resume"


def test_every_timer_starts_an_existing_oneshot_service():
    timers = sorted(UNITS.glob("*.timer"))
    assert {t.name for t in timers} == {
        "fidu-intake-resume.timer",
        "fidu-ledger-sync.timer",
        "fidu-messaging-digest.timer",
        "fidu-office-recount.timer",
    }
    for timer in timers:
        service = _unit(timer.name.replace(".timer", ".service"))
        assert service["Service"]["Type"] == "oneshot"
        assert "Timer" in _unit(timer.name)


def test_every_management_command_the_units_run_exists():
    known = set(get_commands())
    for path in UNITS.glob("*.service"):
        for argv in _commands(_unit(path.name)):
            if "manage.py" in argv:
                command = argv[argv.index("manage.py") + 1]
                assert command in known, f"{path.name}: manage.py {command} does not exist"
