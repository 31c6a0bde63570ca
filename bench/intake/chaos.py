"""kill -9 of the web server, the worker and the SMTP receiver at random moments during a
1,000-document intake (half through the API, half by mail); then the counts.

A small supervisor here restarts whatever was killed after a second (as `make run` and
the systemd units do), running `intake_resume` before a worker starts again. Clients
behave as real ones do: an SMTP client whose connection broke sends the mail again
later (the receiver answers 250 only once the mail is stored; a Message-ID already
stored is not stored twice), an API client retries a request that got no answer.

Counted at the end: documents received, distinct originals (every file sent must be
there: none lost), same-file duplicates (only from an API retry whose first answer was
lost: flagged B10, never silent), documents fully processed.

    .venv/bin/python bench/intake/chaos.py [N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import smtplib
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import (
    PY,
    REPO,
    fresh_env,
    make_dossier,
    mixed_pdfs,
    ready_count,
    setup_django,
    start,
    wait_port,
)

WEB_PORT = 8766
SMTP_PORT = 2627
DEADLINE_S = 900


class Supervised:
    """One process, restarted a second after it dies."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], before=None) -> None:
        self.name, self.args, self.env, self.before = name, args, env, before
        self.proc: subprocess.Popen | None = None
        self.kills = 0
        self.lock = threading.Lock()
        self.spawn()

    def spawn(self) -> None:
        if self.before:
            self.before()
        self.proc = start(self.args, self.env, f"/tmp/fidu-chaos-{self.name}.log")

    def kill9(self) -> None:
        with self.lock:
            assert self.proc is not None
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.kills += 1
            time.sleep(1.0)
            self.spawn()

    def stop(self) -> None:
        with self.lock:
            if self.proc is not None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.n
    env = fresh_env("chaos")
    env["FIDU_SMTP_PORT"] = str(SMTP_PORT)
    setup_django()
    import requests

    from documents.intake.mail import address_for
    from documents.models import Document
    from documents.tests.mails import invoice_mail

    dossier, _user, secret = make_dossier()
    pdfs = mixed_pdfs(n)
    to = address_for(dossier, "purchases")

    def resume() -> None:
        subprocess.run([PY, "manage.py", "intake_resume"], cwd=REPO, env=env, check=False)

    web = Supervised(
        "web",
        [
            "runserver",
            f"127.0.0.1:{WEB_PORT}",
            "--noreload",
        ],
        env,
    )
    worker = Supervised(
        "worker", ["db_worker", "--no-startup-delay", "--interval", "0.1"], env, before=resume
    )
    smtpd = Supervised("smtpd", ["smtpd", "--port", str(SMTP_PORT)], env)
    procs = [web, worker, smtpd]
    wait_port(WEB_PORT)
    wait_port(SMTP_PORT)
    t0 = time.time()
    feeding = threading.Event()
    feeding.set()

    def chaos() -> None:
        while feeding.is_set() and time.time() - t0 < DEADLINE_S:
            time.sleep(rng.uniform(1.0, 4.0))
            if feeding.is_set():
                rng.choice(procs).kill9()

    api_retries = smtp_retries = 0
    lock = threading.Lock()

    def send_api(i: int) -> None:
        nonlocal api_retries
        url = f"http://127.0.0.1:{WEB_PORT}/api/dossiers/{dossier.pk}/documents"
        while time.time() - t0 < DEADLINE_S:
            try:
                r = requests.post(
                    url,
                    headers={"Authorization": f"Bearer {secret}"},
                    files={"file": (f"api-{i}.pdf", pdfs[i], "application/pdf")},
                    data={"mailbox": "purchases"},
                    timeout=30,
                )
                if r.status_code == 201:
                    return
            except requests.RequestException:
                pass
            with lock:
                api_retries += 1
            time.sleep(0.5)

    def send_mail(i: int) -> None:
        nonlocal smtp_retries
        mail = invoice_mail(
            to, msgid=f"<chaos-{i}@supplier.test>", attachments=[(f"mail-{i}.pdf", pdfs[i])]
        )
        while time.time() - t0 < DEADLINE_S:
            try:
                with smtplib.SMTP("127.0.0.1", SMTP_PORT, timeout=30) as smtp:
                    smtp.sendmail("billing@supplier.test", [to], mail)
                return
            except (OSError, smtplib.SMTPException):
                with lock:
                    smtp_retries += 1
                time.sleep(0.5)

    killer = threading.Thread(target=chaos, daemon=True)
    killer.start()
    half = n // 2
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(send_api, range(half)))
        list(pool.map(send_mail, range(half, n)))
    feeding.clear()
    killer.join()
    t_feed = time.time() - t0
    # Whatever the last kill left half done: the supervisor's resume, then wait.
    resume()
    while time.time() - t0 < DEADLINE_S:
        total, ready = ready_count(dossier.pk)
        if total >= n and ready >= total:
            break
        time.sleep(1)
    for p in procs:
        p.stop()
    docs = Document.objects.filter(dossier=dossier)
    total, ready = ready_count(dossier.pk)
    distinct = docs.values("original_id").distinct().count()
    flagged = docs.exclude(duplicate_of=None).count()
    print(
        f"kills: web {web.kills}, worker {worker.kills}, smtpd {smtpd.kills}; "
        f"client retries: API {api_retries}, SMTP {smtp_retries}"
    )
    print(
        f"sent {n} files in {t_feed:.0f} s; documents {total}, distinct originals {distinct} "
        f"(lost {n - distinct}), same-file duplicates flagged {flagged}, processed {ready}"
    )
    assert distinct == n, "a document was lost"
    assert total - distinct == flagged, "a duplicate was not flagged"
    assert ready == total, "a document was left unprocessed"


if __name__ == "__main__":
    main()
