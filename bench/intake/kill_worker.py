"""kill -9 of the worker during a 1,000-file intake, then restart: exactly 1,000 documents, all processed.

Files come in through the `ingest` command (as a bulk import would) while a db_worker
processes them; the worker is killed with SIGKILL mid-way, then `intake_resume` and a
new worker finish the job.

    .venv/bin/python bench/intake/kill_worker.py [N]
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PY, REPO, fresh_env, make_dossier, mixed_pdfs, ready_count, setup_django, start


def main(n: int = 1000) -> None:
    env = fresh_env("kill")
    setup_django()
    dossier, _user, _secret = make_dossier()
    folder = Path(tempfile.mkdtemp(prefix="fidu-bench-files-"))
    for i, data in enumerate(mixed_pdfs(n)):
        (folder / f"f{i:04d}.pdf").write_bytes(data)
    files = sorted(str(p) for p in folder.iterdir())
    worker = start(
        ["db_worker", "--no-startup-delay", "--interval", "0.1"], env, "/tmp/fidu-bench-kill1.log"
    )
    t0 = time.time()
    ingest = subprocess.Popen(
        [PY, "manage.py", "ingest", "--dossier", str(dossier.pk), "--mailbox", "purchases", *files],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    while ready_count(dossier.pk)[1] < n // 3:
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    total, ready = ready_count(dossier.pk)
    print(f"killed the worker with -9 at {ready} ready / {total} received")
    ingest.wait()
    subprocess.run([PY, "manage.py", "intake_resume"], cwd=REPO, env=env, check=True)
    worker = start(
        ["db_worker", "--no-startup-delay", "--interval", "0.1"], env, "/tmp/fidu-bench-kill2.log"
    )
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            total, ready = ready_count(dossier.pk)
            if ready >= n:
                break
            time.sleep(0.5)
        from documents.models import Document

        distinct = Document.objects.filter(dossier=dossier).values("original_id").distinct().count()
        print(
            f"after restart: {total} documents ({distinct} distinct files), {ready} processed, {time.time() - t0:.1f} s"
        )
        assert total == n == ready == distinct
    finally:
        worker.terminate()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
