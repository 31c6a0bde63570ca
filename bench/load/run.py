"""A bounded 50-user load against gunicorn on PostgreSQL, with the demo data.

Each virtual user logs in with one of the demo accounts (several users may share an
account, as colleagues share a browser profile), then reads the pages that profile
reaches first: home, the dossier overview, documents, archive, worklist, office lists,
a document page. Only loopback is contacted; every loop is bounded in count and time.

    .venv/bin/python bench/load/run.py [--users 50] [--requests 20] [--database-url URL]

It needs the PostgreSQL the machine provides (default postgres://postgres@127.0.0.1:5432)
and creates (then drops) a database of its own. Prints p50/p95/p99, errors and
requests per second; exits 1 when any request fails or answers 5xx.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PY = str(REPO / ".venv" / "bin" / "python")
DEADLINE_S = 600  # the whole run never exceeds this, whatever happens
RAMP_S = 10  # the users arrive over this many seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing listens on {port}")


def admin_dsn(url: str) -> tuple[str, str]:
    """(maintenance DSN, name of the bench database) for a server URL."""
    parts = urllib.parse.urlsplit(url)
    base = parts._replace(path="/postgres").geturl()
    return base, parts._replace(path="/fidu_bench_load").geturl()


def recreate_database(maintenance: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS fidu_bench_load WITH (FORCE)")
        if not drop_only:
            conn.execute("CREATE DATABASE fidu_bench_load")


class Visitor:
    """One browser: a cookie jar, a login, a list of pages to read."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, float]:
        t0 = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as resp:
                body = resp.read().decode("utf-8", "replace")
                return resp.status, body, time.perf_counter() - t0
        except urllib.error.HTTPError as exc:
            return exc.code, "", time.perf_counter() - t0

    def login(self, email: str, password: str) -> tuple[int, float]:
        status, body, elapsed = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None:
            return status or 599, elapsed
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
        ).encode()
        req = urllib.request.Request(
            self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/"}
        )
        t0 = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as resp:
                resp.read()
                ok = "/accounts/login" not in resp.url
                return (resp.status if ok else 401), elapsed + time.perf_counter() - t0
        except urllib.error.HTTPError as exc:
            return exc.code, elapsed + time.perf_counter() - t0


def pages_for(email: str, dossier_id: int, other_dossier: int, document_id: int) -> list[str]:
    common = ["/", f"/d/{dossier_id}/"]
    if email.endswith("@fidu.demo"):
        return [
            *common,
            "/office/",
            f"/d/{dossier_id}/worklist/",
            f"/d/{other_dossier}/",
            f"/d/{dossier_id}/documents/archive/",
        ]
    return [
        *common,
        f"/d/{dossier_id}/documents/",
        f"/d/{dossier_id}/documents/archive/",
        f"/documents/{document_id}/",
        f"/d/{dossier_id}/documents/history/",
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20, help="pages per user after the login")
    ap.add_argument(
        "--database-url",
        default=os.environ.get("FIDU_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = ap.parse_args()
    started = time.time()
    maintenance, db_url = admin_dsn(args.database_url)
    recreate_database(maintenance)
    data = tempfile.mkdtemp(prefix="fidu-bench-load-")
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "FIDU_DATA_DIR": data,
        "FIDU_TASK_BACKEND": "db",
    }
    env.pop("FIDU_TESTING", None)
    port = free_port()
    server = None
    try:
        t0 = time.time()
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
        subprocess.run(
            [PY, "manage.py", "load_demo"],
            cwd=REPO,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True
        )
        print(f"database and demo ready in {time.time() - t0:.0f} s")
        ids = subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from tenancy.models import Dossier; from documents.models import Document\n"
                "d = Dossier.objects.get(name__startswith='Boulangerie Dupont')\n"
                "o = Dossier.objects.exclude(pk=d.pk).order_by('pk').first()\n"
                "doc = Document.objects.filter(dossier=d).order_by('pk').first()\n"
                "print(d.pk, o.pk, doc.pk)",
            ],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        dossier_id, other_dossier, document_id = (int(x) for x in ids[-3:])
        logins = subprocess.run(
            [
                PY,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from tenancy.demo import logins\nfor _p, e, pw in logins(): print(e, pw)",
            ],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        accounts = [tuple(line.split()) for line in logins if "@" in line]
        log = open(Path(data) / "gunicorn.log", "wb")  # noqa: SIM115 - open while gunicorn runs
        server = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "fidu.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "120",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        wait_port(port)
        base = f"http://127.0.0.1:{port}"
        latencies: list[float] = []
        login_times: list[float] = []
        failures: list[tuple[str, int]] = []
        lock = threading.Lock()

        def user(k: int) -> None:
            time.sleep(k * RAMP_S / max(1, args.users))  # people arrive, not all in one instant
            email, password = accounts[k % len(accounts)]
            v = Visitor(base)
            status, elapsed = v.login(email, password)
            with lock:
                login_times.append(elapsed)
                if status >= 400:
                    failures.append(("login " + email, status))
                    return
            pages = pages_for(email, dossier_id, other_dossier, document_id)
            for i in range(args.requests):
                if time.time() - started > DEADLINE_S:
                    return
                path = pages[i % len(pages)]
                status, _body, elapsed = v.get(path)
                with lock:
                    latencies.append(elapsed)
                    # 403/404 are the policy answering (an office page for a client): not errors
                    if status >= 500 or status == 0:
                        failures.append((path, status))

        t0 = time.time()
        threads = [threading.Thread(target=user, args=(k,)) for k in range(args.users)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, DEADLINE_S - (time.time() - started)))
        wall = time.time() - t0
        q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
        print(
            f"{args.users} users, {len(latencies)} page reads + {len(login_times)} logins "
            f"in {wall:.1f} s ({(len(latencies) + len(login_times)) / wall:.0f} req/s)"
        )
        print(
            f"pages: p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
            f"p99 {q[98] * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
        )
        lq = statistics.quantiles(login_times, n=100) if len(login_times) > 1 else [0.0] * 99
        print(f"logins: p50 {lq[49] * 1000:.0f} ms, p95 {lq[94] * 1000:.0f} ms")
        print(f"errors (5xx, refused connections, failed logins): {len(failures)}")
        for path, status in failures[:10]:
            print(f"  {status} {path}")
        return 1 if failures else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        recreate_database(maintenance, drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
