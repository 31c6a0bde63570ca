"""Tesseract's page limit counts its own CPU time, so a page on a busy machine is not
lost to the wall clock, while a page that keeps Tesseract computing still stops."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

from recognition.engine.ocr import _cpu_limit


def _run(limit_seconds: float, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        preexec_fn=_cpu_limit(limit_seconds),
        capture_output=True,
        timeout=30,
        check=False,
    )


def test_a_process_that_only_waits_is_not_stopped_by_the_cpu_limit():
    # Two seconds of waiting (as on a machine other work keeps busy) under a 1 s CPU budget.
    proc = _run(1, "import time; time.sleep(2); print('done')")
    assert proc.returncode == 0 and b"done" in proc.stdout


def test_a_process_that_keeps_computing_is_stopped():
    proc = _run(1, "while True: pass")
    assert proc.returncode in (-24, -9)  # SIGXCPU, then SIGKILL


def test_the_limit_never_exceeds_the_sandbox_hard_limit():
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY and hard < 5:
        pytest.skip("already limited")
    code = (
        "import resource;"
        "resource.setrlimit(resource.RLIMIT_CPU, (3, 3));"
        "from recognition.engine.ocr import _cpu_limit; _cpu_limit(20)();"
        "print(resource.getrlimit(resource.RLIMIT_CPU))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr[-300:]
    assert b"(3, 3)" in proc.stdout
