"""Run untrusted work (rendering, conversion, OCR) in a child process with hard limits.

A hostile file must not hold the only worker for minutes nor take its memory for
good, nor make the server fetch a URL: `run_limited(func, ...)` runs `func` in a forked
child, without network where the kernel allows (an empty network namespace), with a wall-clock time
limit, a CPU-time limit (RLIMIT_CPU) and an address-space budget (RLIMIT_AS, counted
on top of what the child already maps when it starts, since a forked Django process
maps a few hundred MB before doing anything). On excess the child is killed and
`LimitExceeded` says which limit; when the child ends, all its memory goes back.

`run_command(cmd, ...)` does the same for an external program (LibreOffice,
Tesseract), and without network access when the kernel allows a private network
namespace (`unshare -rn`, or `unshare -n` as root): the program then sees no
interface but its own loopback, so a linked image in a document cannot be fetched.

Fork (not spawn) keeps the caller's settings, translations and test overrides; the
child never touches the database and leaves with `os._exit`.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings

log = logging.getLogger(__name__)
T = TypeVar("T")
MB = 1024 * 1024
_in_child = False  # set in a sandbox child: nested run_limited calls just run


class LimitExceeded(Exception):
    """The work went over a limit and was stopped. `which` is "time" or "memory"."""

    def __init__(self, which: str, detail: str = "") -> None:
        super().__init__(f"{which} limit exceeded {detail}".strip())
        self.which = which


class ChildFailed(Exception):
    """The child raised an exception that could not be sent back as itself."""


@dataclass(frozen=True)
class Limits:
    seconds: float
    memory_bytes: int

    @classmethod
    def default(cls) -> Limits:
        return cls(
            seconds=float(getattr(settings, "FIDU_SANDBOX_SECONDS", 120)),
            memory_bytes=int(getattr(settings, "FIDU_SANDBOX_MEMORY_MB", 1536)) * MB,
        )


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _apply_limits(limits: Limits, *, on_top_of_current: bool) -> None:
    cpu = max(1, int(limits.seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU, then SIGKILL
    budget = limits.memory_bytes + (_mapped_bytes() if on_top_of_current else 0)
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _caused_by_memory(exc: BaseException) -> bool:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 20:
        if isinstance(current, MemoryError):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False


CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def _drop_network() -> bool:
    """Move this (single-threaded, freshly forked) process into an empty network namespace.

    As root a new network namespace is enough; otherwise a user namespace comes with it,
    mapping our own ids to themselves so files keep their owners. Best effort: False when
    the kernel or a container forbids it (the renderers refuse URLs on their own anyway).
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        uid, gid = os.geteuid(), os.getegid()
        if uid == 0:
            return libc.unshare(CLONE_NEWNET) == 0
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
            return False
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")
        return True
    except OSError:
        return False


def _child(conn, func: Callable[..., Any], args: tuple, kwargs: dict, limits: Limits) -> None:
    global _in_child
    _in_child = True
    os.setpgrp()  # so a kill reaches whatever the work started
    _drop_network()
    try:
        _apply_limits(limits, on_top_of_current=True)
        result: tuple = ("ok", func(*args, **kwargs))
    except MemoryError:
        result = ("memory", "")
    except BaseException as exc:  # sent back to the parent, raised there
        # A library that wraps the MemoryError in its own error still ran out of memory.
        result = (
            ("memory", "") if _caused_by_memory(exc) else ("error", exc, traceback.format_exc())
        )
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", ""))
    except Exception:  # an exception that does not pickle
        conn.send(("error", ChildFailed(repr(result[1])[:500]), ""))
    conn.close()


def run_limited(
    func: Callable[..., T], *args: Any, limits: Limits | None = None, **kwargs: Any
) -> T:
    """`func(*args, **kwargs)` in a limited child; its result, or its exception raised here."""
    limits = limits or Limits.default()
    if _in_child:
        return func(*args, **kwargs)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    with (
        warnings.catch_warnings()
    ):  # the SMTP receiver forks from a thread; the child is short-lived
        warnings.simplefilter("ignore", DeprecationWarning)
        proc = ctx.Process(target=_child, args=(sender, func, args, kwargs, limits), daemon=True)
        proc.start()
    sender.close()
    started = time.monotonic()
    try:
        if not receiver.poll(limits.seconds):
            raise LimitExceeded("time", f"after {limits.seconds:.0f} s")
        try:
            outcome = receiver.recv()
        except EOFError:  # died without a word: killed by a limit or crashed in C
            proc.join(5)
            if proc.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
                raise LimitExceeded("time", f"after {time.monotonic() - started:.0f} s") from None
            raise LimitExceeded("memory", f"(exit {proc.exitcode})") from None
    finally:
        receiver.close()
        if proc.is_alive() or proc.exitcode is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
        proc.join(5)
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "memory":
        raise LimitExceeded("memory")
    exc = outcome[1]
    if outcome[2]:
        log.debug("child failed:\n%s", outcome[2])
    raise exc


@functools.cache
def _unshare_prefix() -> tuple[str, ...]:
    """The command prefix that runs a program without network, or () when none works here."""
    binary = shutil.which("unshare")
    if binary is None:
        return ()
    for flags in (("-rn",), ("-n",)):
        try:
            ok = subprocess.run([binary, *flags, "true"], capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            continue
        if ok.returncode == 0:
            return (binary, *flags, "--")
    log.warning("no private network namespace available; external programs keep the network")
    return ()


def network_isolated() -> bool:
    return bool(_unshare_prefix())


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: bytes
    stderr: bytes


def run_command(
    cmd: Sequence[str],
    *,
    limits: Limits | None = None,
    network: bool = False,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
) -> Finished:
    """Run an external program under the limits (its own session, killed whole on excess)."""
    limits = limits or Limits.default()
    full = [*(() if network else _unshare_prefix()), *cmd]

    def prepare() -> None:  # runs in the child between fork and exec
        _apply_limits(limits, on_top_of_current=False)

    proc = subprocess.Popen(
        full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=prepare,
        env=env,
        cwd=cwd,
    )
    try:
        out, err = proc.communicate(timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise LimitExceeded("time", f"after {limits.seconds:.0f} s") from None
    finally:
        if proc.poll() is None:
            _kill_group(proc)
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise LimitExceeded("time")
    return Finished(proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
