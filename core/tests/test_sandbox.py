"""core.sandbox: work in a child with a time and a memory limit, killed on excess."""

from __future__ import annotations

import os
import socket
import sys
import time

import pytest

from core.sandbox import LimitExceeded, Limits, run_command, run_limited

SMALL = Limits(seconds=2, memory_bytes=200 * 1024 * 1024)


def _spin():
    while True:
        pass


def _sleep():
    time.sleep(60)


def _eat():
    blocks = []
    while True:
        blocks.append(bytearray(50 * 1024 * 1024))


def _pid_and(value):
    return os.getpid(), value * 2


def _fail():
    raise ValueError("bad input")


def _nested():
    return run_limited(os.getpid, limits=SMALL)


def test_the_result_comes_back_from_another_process():
    pid, value = run_limited(_pid_and, 21, limits=SMALL)
    assert value == 42 and pid != os.getpid()


def test_an_exception_in_the_child_is_raised_here():
    with pytest.raises(ValueError, match="bad input"):
        run_limited(_fail, limits=SMALL)


@pytest.mark.parametrize("work", [_spin, _sleep])
def test_runaway_work_is_stopped_at_the_time_limit(work):
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as exc:
        run_limited(work, limits=Limits(seconds=1, memory_bytes=SMALL.memory_bytes))
    assert exc.value.which == "time" and time.monotonic() - started < 10


def test_greedy_work_is_stopped_at_the_memory_limit():
    # A generous time limit: on a loaded machine the child may wait seconds for a core, and
    # the memory limit must be what stops it.
    with pytest.raises(LimitExceeded) as exc:
        run_limited(_eat, limits=Limits(seconds=60, memory_bytes=SMALL.memory_bytes))
    assert exc.value.which == "memory"


def test_a_nested_call_runs_in_the_same_child():
    assert run_limited(_nested, limits=SMALL) != os.getpid()


def test_a_command_is_stopped_at_the_time_limit():
    started = time.monotonic()
    with pytest.raises(LimitExceeded):
        run_command(["sleep", "30"], limits=Limits(seconds=1, memory_bytes=SMALL.memory_bytes))
    assert time.monotonic() - started < 10


def test_a_command_has_no_network_where_a_namespace_can_be_made():
    from core.sandbox import network_isolated

    if not network_isolated():
        pytest.skip("no network namespace on this host")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    probe = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=3)"
    try:
        done = run_command([sys.executable, "-c", probe], limits=SMALL)
        assert done.returncode != 0 and b"Error" in done.stderr
        assert (
            run_command([sys.executable, "-c", probe], limits=SMALL, network=True).returncode == 0
        )
    finally:
        server.close()


def _connect(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__


def test_work_in_the_child_has_no_network_where_a_namespace_can_be_made():
    from core.sandbox import network_isolated

    if not network_isolated():
        pytest.skip("no network namespace on this host")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        port = server.getsockname()[1]
        assert _connect(port) == "connected"  # from here it works...
        assert run_limited(_connect, port, limits=SMALL) != "connected"  # ...not from the child
    finally:
        server.close()
