"""Watched folders (B4): `<root>/<intake_key>/<mailbox>/file` → a document; the file goes once stored.

Idempotent by content hash: if the worker dies after storing but before removing the
file, the next scan finds the document (same hash, same folder path) and only removes
the file. Refused files (empty, far too large) move to `<root>/_refused/` with a
`.txt` saying why. A file is taken only once its size and mtime have settled, so a
half-copied file is never read.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
import time
from pathlib import Path

from core.db import refresh_connections
from documents.intake import Incoming, IntakeRefused, intake_file
from documents.models import Document, Mailbox, Source
from documents.selectors import watch_root

log = logging.getLogger(__name__)
SETTLE_SECONDS = 2.0
REFUSED = "_refused"


def ensure_tree(root: Path) -> None:
    from tenancy.models import Dossier

    for key in Dossier.objects.filter(is_active=True).values_list("intake_key", flat=True):
        for mailbox in Mailbox.values:
            (root / key / mailbox).mkdir(parents=True, exist_ok=True)


def _settled(path: Path, settle: float) -> bool:
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    return time.time() - st.st_mtime >= settle


def take_file(path: Path, dossier, mailbox: str, root: Path) -> Document | None:
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    ref = f"{dossier.intake_key}/{mailbox}/{path.name}"
    done = Document.objects.filter(
        dossier=dossier, original_id=sha, source=Source.FOLDER, source_ref=ref
    ).first()
    if done is not None:
        path.unlink(missing_ok=True)
        return done
    try:
        docs = intake_file(
            Incoming(
                dossier=dossier,
                mailbox=mailbox,
                source=Source.FOLDER,
                file_name=path.name,
                data=data,
                source_ref=ref,
            )
        )
    except IntakeRefused as exc:
        target = root / REFUSED / dossier.intake_key
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target / path.name)
        (target / f"{path.name}.txt").write_text(f"{exc}\n", encoding="utf-8")
        return None
    path.unlink(missing_ok=True)  # the document is committed: the file has done its job
    return docs[0] if docs else None


def scan_once(root: Path | None = None, settle: float = SETTLE_SECONDS) -> int:
    from tenancy.models import Dossier

    root = root or watch_root()
    taken = 0
    if not root.is_dir():
        return 0
    refresh_connections()
    for dossier_dir in sorted(
        p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    ):
        dossier = Dossier.objects.filter(intake_key=dossier_dir.name, is_active=True).first()
        if dossier is None:
            continue
        for mailbox in Mailbox.values:
            folder = dossier_dir / mailbox
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if (
                    not path.is_file()
                    or path.name.startswith(".")
                    or path.name.endswith((".part", ".tmp", "~"))
                ):
                    continue
                if not _settled(path, settle):
                    continue
                try:
                    if take_file(path, dossier, mailbox, root) is not None:
                        taken += 1
                except Exception:
                    log.exception("could not take %s", path)
    refresh_connections()
    return taken


def watch(
    root: Path,
    *,
    interval: float = 30.0,
    settle: float = SETTLE_SECONDS,
    stop: threading.Event | None = None,
) -> None:
    """Scan on every file-system event (watchdog) and at least every `interval` seconds."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from documents.intake import resume_unfinished

    stop = stop or threading.Event()
    wake = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            wake.set()

    root.mkdir(parents=True, exist_ok=True)
    observer = Observer()
    observer.schedule(Handler(), str(root), recursive=True)
    observer.start()
    last_tree = 0.0
    try:
        while not stop.is_set():
            if time.time() - last_tree > 300:
                ensure_tree(root)
                resume_unfinished()
                last_tree = time.time()
            scan_once(root, settle)
            woke = wake.wait(timeout=interval)
            wake.clear()
            if woke:
                stop.wait(settle)  # let the copy finish before reading
    finally:
        observer.stop()
        observer.join(timeout=5)


__all__ = ["scan_once", "take_file", "watch", "os"]
