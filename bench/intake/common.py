"""Shared plumbing for the intake benchmarks: a fresh data dir, a dossier, processes to start."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PY = str(REPO / ".venv" / "bin" / "python")


def fresh_env(name: str) -> dict[str, str]:
    data = Path(tempfile.mkdtemp(prefix=f"fidu-bench-{name}-"))
    env = {
        **os.environ,
        "FIDU_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "bench.intake.settings",
        "FIDU_TASK_BACKEND": "db",
        "PYTHONPATH": str(REPO),
    }
    os.environ.update(env)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    return env


def setup_django():
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def make_dossier():
    from tenancy.models import ClientProfile, Dossier, DossierMembership, Office, User
    from tenancy.services import api_token_create

    office = Office.objects.create(name="Bench office")
    dossier = Dossier.objects.create(office=office, name="Bench SRL")
    user = User.objects.create_user("bench@client.test", "bench-password-1")
    DossierMembership.objects.create(
        dossier=dossier, user=user, profile=ClientProfile.ADMINISTRATOR
    )
    _token, secret = api_token_create(actor=user, name="bench")
    return dossier, user, secret


def start(args: list[str], env: dict[str, str], log: str) -> subprocess.Popen:
    # The child keeps the log open after we return; our copy of the descriptor closes here.
    with open(log, "wb") as out:
        return subprocess.Popen(
            [PY, "manage.py", *args], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def ready_count(dossier_id: int) -> tuple[int, int]:
    """(documents, documents whose visual and pages steps are done)."""
    from documents.models import Document, DocumentStep

    total = Document.objects.filter(dossier_id=dossier_id).count()
    not_ready = (
        DocumentStep.objects.filter(document__dossier_id=dossier_id, name__in=["visual", "pages"])
        .exclude(status="done")
        .values("document_id")
        .distinct()
        .count()
    )
    return total, total - not_ready


def mixed_pdfs(n: int) -> list[bytes]:
    """n different text PDFs of 1-3 pages (different bytes, so no duplicates)."""
    from documents.tests.pdfs import make_pdf

    out = []
    for i in range(n):
        pages = 1 + i % 3
        out.append(
            make_pdf(
                [
                    f"Facture {i} page {p} - Fournisseur {i % 17} - Total {i * 3.7:.2f} EUR"
                    for p in range(1, pages + 1)
                ]
            )
        )
    return out
