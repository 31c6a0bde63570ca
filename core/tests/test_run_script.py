"""`scripts/run.sh` (what `make run` starts): a process that dies is started again on its
own, the others keep running, and Ctrl+C still stops everything (issue 10 point 5)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purpose.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ", 1)[1][0] != "Z"


def _pid(run_dir: Path, name: str) -> int | None:
    try:
        return int((run_dir / f"{name}.pid").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _web_answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
            return r.status == 200 and b"password" in r.read().lower()
    except OSError:
        return False


def _until(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_a_killed_worker_is_started_again_and_the_web_keeps_answering(tmp_path):
    port = _free_port()
    # The script gets a database of its own (SQLite in tmp_path): the suite's PostgreSQL
    # database in DATABASE_URL is pytest's to create, and must not be shared.
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PYTEST") and k != "DATABASE_URL"
    }
    env.update(
        PORT=str(port),
        FIDU_DATA_DIR=str(tmp_path),
        FIDU_WATCH_DIR=str(tmp_path / "inbox"),
        FIDU_SMTP_PORT=str(_free_port()),
        FIDU_RUN_QUIET="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    run_dir = tmp_path / "run"
    log = (tmp_path / "run.log").open("wb")
    proc = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        assert _until(lambda: _web_answers(port) and _pid(run_dir, "worker"), 120), (
            tmp_path / "run.log"
        ).read_text()
        first = _pid(run_dir, "worker")
        smtpd = _pid(run_dir, "smtpd")
        os.kill(first, signal.SIGKILL)
        assert _until(
            lambda: (pid := _pid(run_dir, "worker")) not in (None, first) and _alive(pid), 60
        ), (tmp_path / "run.log").read_text()
        assert _web_answers(port)
        assert proc.poll() is None, "run.sh ended when the worker died"
        if smtpd is not None:
            assert _alive(smtpd), "the SMTP receiver died with the worker"
        log_text = (tmp_path / "run.log").read_text()
        assert "fidu: worker stopped" in log_text

        # Ctrl+C: everything stops.
        supervised = [p for f in run_dir.glob("*.pid") if (p := _pid(run_dir, f.stem))]
        os.kill(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)
        assert _until(lambda: not any(_alive(p) for p in supervised), 30), [
            p for p in supervised if _alive(p)
        ]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        for f in run_dir.glob("*.pid"):
            pid = _pid(run_dir, f.stem)
            if pid and _alive(pid):
                os.killpg(pid, signal.SIGKILL)
        log.close()
