"""mypy over the whole project, against a baseline that only shrinks.

    .venv/bin/python scripts/typecheck.py            # fails on any error not in the baseline
    .venv/bin/python scripts/typecheck.py --update   # drops fixed errors from the baseline
    .venv/bin/python scripts/typecheck.py --accept   # writes every current error (new ones too)

Errors are compared by (file, error code, message), never by line number, so moving code
does not disturb the baseline; the same error twice in a file counts twice. `--update`
never adds an entry: a new error is fixed (or, rarely, silenced with a `# type: ignore[code]`
that says why), and `--accept` is for the merge of a branch whose errors were already
counted there. Settings, plugins and excluded folders are in pyproject.toml [tool.mypy].
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "mypy-baseline.txt"
HEADER = (
    "# mypy errors accepted for now, by file, code and message (see scripts/typecheck.py).\n"
    "# This file only shrinks: fix an error, then run `make typecheck-update`.\n"
)


class Error(NamedTuple):
    file: str
    code: str
    message: str


def key_message(message: str) -> str:
    """The message without the line numbers some messages quote ("defined on line 12")."""
    return re.sub(r"\bline \d+\b", "line N", message.replace("\n", " "))


def run_mypy() -> tuple[list[tuple[Error, int]], str]:
    """(error, line) for every error mypy reports, and its raw output."""
    env = {**os.environ}
    env.setdefault("FIDU_DATA_DIR", tempfile.mkdtemp(prefix="fidu-typecheck-"))
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--output", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    found: list[tuple[Error, int]] = []
    for raw in proc.stdout.splitlines():
        if not raw.startswith("{"):
            continue
        item = json.loads(raw)
        if item.get("severity") != "error":
            continue
        error = Error(item["file"], item.get("code") or "misc", key_message(item["message"]))
        found.append((error, int(item.get("line") or 0)))
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not found):
        # 2: mypy could not check at all (a syntax error, a broken configuration).
        raise SystemExit(f"mypy failed to run:\n{proc.stdout}\n{proc.stderr}")
    return found, proc.stdout


def format_line(e: Error) -> str:
    return f"{e.file}: [{e.code}] {e.message}"


def parse_line(line: str) -> Error | None:
    m = re.match(r"(?P<file>[^:]+): \[(?P<code>[\w-]+)\] (?P<message>.*)$", line)
    return Error(m["file"], m["code"], m["message"]) if m else None


def read_baseline(path: Path = BASELINE) -> Counter[Error]:
    if not path.exists():
        return Counter()
    errors = (parse_line(line) for line in path.read_text(encoding="utf-8").splitlines())
    return Counter(e for e in errors if e is not None)


def write_baseline(errors: Counter[Error], path: Path = BASELINE) -> None:
    lines = sorted(format_line(e) for e in errors.elements())
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def compare(current: Counter[Error], baseline: Counter[Error]) -> tuple[Counter, Counter]:
    """(new errors, baseline entries no longer seen)."""
    return current - baseline, baseline - current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--update", action="store_true", help="drop fixed errors from the baseline")
    mode.add_argument("--accept", action="store_true", help="write every current error")
    args = parser.parse_args(argv)

    found, _raw = run_mypy()
    current = Counter(e for e, _line in found)
    baseline = read_baseline()
    new, gone = compare(current, baseline)

    if args.accept:
        write_baseline(current)
        print(f"baseline written: {sum(current.values())} errors")
        return 0
    if args.update:
        write_baseline(baseline - gone)
        print(f"baseline shrunk by {sum(gone.values())} to {sum((baseline - gone).values())}")
    elif gone:
        print(
            f"{sum(gone.values())} baseline errors are gone: run `make typecheck-update` "
            "to shrink mypy-baseline.txt"
        )
    if new:
        lines = {e: sorted(line for f, line in found if f == e) for e in new}
        print(f"{sum(new.values())} new mypy errors (not in mypy-baseline.txt):")
        for e, count in sorted(new.items()):
            where = ",".join(str(n) for n in lines[e])
            print(
                f"  {e.file}:{where}: [{e.code}] {e.message}"
                + (f" (x{count})" if count > 1 else "")
            )
        return 1
    print(f"mypy: {sum(current.values())} errors, none new (baseline {sum(baseline.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
