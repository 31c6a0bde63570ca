"""1,000 mixed text PDFs through the API, one db_worker: documents per hour to "visual and thumbnails ready".

.venv/bin/python bench/intake/api_throughput.py [N]
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

from common import fresh_env, make_dossier, mixed_pdfs, ready_count, setup_django, start, wait_port


def main(n: int = 1000) -> None:
    env = fresh_env("api")
    setup_django()
    import requests

    dossier, _user, secret = make_dossier()
    pdfs = mixed_pdfs(n)
    port = 8765
    web = start(
        ["runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env,
        "/tmp/fidu-bench-web.log",
    )
    worker = start(
        ["db_worker", "--no-startup-delay", "--interval", "0.1"], env, "/tmp/fidu-bench-worker.log"
    )
    try:
        wait_port(port)
        url = f"http://127.0.0.1:{port}/api/dossiers/{dossier.pk}/documents"
        headers = {"Authorization": f"Bearer {secret}"}
        session = requests.Session()
        t0 = time.time()

        def post(i: int) -> int:
            r = session.post(
                url,
                headers=headers,
                files={"file": (f"f{i}.pdf", pdfs[i], "application/pdf")},
                data={"mailbox": "purchases"},
                timeout=60,
            )
            return r.status_code

        with ThreadPoolExecutor(2) as pool:
            codes = list(pool.map(post, range(n)))
        t_upload = time.time() - t0
        assert codes.count(201) == n, {c: codes.count(c) for c in set(codes)}
        while True:
            total, ready = ready_count(dossier.pk)
            if ready >= n:
                break
            time.sleep(0.5)
        elapsed = time.time() - t0
        print(
            f"documents: {total}, uploads done in {t_upload:.1f} s, all ready after {elapsed:.1f} s"
        )
        print(
            f"throughput: {n / elapsed * 3600:.0f} documents/hour to 'visual and thumbnails ready'"
        )
    finally:
        web.terminate()
        worker.terminate()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
