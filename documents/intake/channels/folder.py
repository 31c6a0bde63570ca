"""Watched folders (B4): `<root>/<intake_key>/<mailbox>/file` → a document; the file goes once stored.

Idempotent by content hash: if the worker dies after storing but before removing the
file, the next scan finds the document (same hash, same folder path) and only removes
the file. Refused entries (empty or far too large files, links, sub-folders, FIFOs,
devices, hidden files) move to `<root>/_refused/<intake_key>/` with a `.txt` saying why.
A file is taken only once its size and mtime have settled, so a half-copied file is
never read.

Whoever can write into the folder must not be able to make the server read anything
else: nothing here follows a link. Entries are inspected with lstat, opened with
O_NOFOLLOW | O_NONBLOCK (a FIFO swapped in after the lstat cannot block the scan), the
opened descriptor is fstat-ed and compared with the lstat, and the real path of the
folder must still lie inside the watched root.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
import time
from pathlib import Path

from django.utils.translation import gettext as _

from core.db import refresh_connections
from documents import limits
from documents.intake import Incoming, IntakeRefused, intake_file
from documents.models import Document, Mailbox, Source
from documents.selectors import watch_root
from documents.sniff import safe_name

log = logging.getLogger(__name__)
SETTLE_SECONDS = 2.0
REFUSED = "_refused"
IN_PROGRESS = (".part", ".tmp", "~", ".crdownload")


class NotAFile(Exception):
    """The entry is not a plain file of the watched folder; the message says what it is."""


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _inside(path: Path, root: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([real, top]) == top


def ensure_tree(root: Path) -> None:
    from tenancy.models import Dossier

    for key in Dossier.objects.filter(is_active=True).values_list("intake_key", flat=True):
        for mailbox in Mailbox.values:
            folder = root / key / mailbox
            if folder.is_symlink() or (root / key).is_symlink():
                log.warning("watched folder %s is a link; left alone", folder)
                continue
            folder.mkdir(parents=True, exist_ok=True)


def _refusal(st: os.stat_result, name: str) -> str | None:
    """Why this entry (seen through lstat) is no file to take, or None when it is one."""
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return _("Links are not taken: copy the file itself into the folder.")
    if stat.S_ISDIR(mode):
        return _("Sub-folders are not taken: put the files directly into the mailbox folder.")
    if not stat.S_ISREG(mode):
        return _("Only plain files are taken (this is a device, a pipe or a socket).")
    if st.st_nlink > 1:
        return _("Hard links are not taken: copy the file itself into the folder.")
    if name.startswith("."):
        return _("Hidden files (names starting with a dot) are not taken.")
    return None


def _read(path: Path, expected: os.stat_result) -> bytes:
    """The file's bytes, read through a descriptor that cannot be a link, a FIFO or another file."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:  # ELOOP: replaced by a link since the lstat
        raise NotAFile(_("Links are not taken: copy the file itself into the folder.")) from exc
    try:
        st = os.fstat(fd)
        if (
            not stat.S_ISREG(st.st_mode)
            or (st.st_dev, st.st_ino) != (expected.st_dev, expected.st_ino)
            or st.st_nlink > 1
        ):
            raise NotAFile(_("The file changed while it was being read; it was set aside."))
        if st.st_size > limits.max_upload_bytes():
            raise IntakeRefused(
                _("The file %(name)s is %(size)s MB; nothing larger than %(max)s MB is accepted.")
                % {
                    "name": safe_name(path.name),
                    "size": st.st_size // limits.MB,
                    "max": limits.max_upload_bytes() // limits.MB,
                }
            )
        chunks = []
        left = limits.max_upload_bytes() + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _set_aside(path: Path, root: Path, intake_key: str, reason: str) -> None:
    """Move the entry itself (never what a link points to) to `_refused/` with a note."""
    target = root / REFUSED / intake_key
    target.mkdir(parents=True, exist_ok=True)
    name = path.name.lstrip(".") or "entry"
    dest = target / name
    n = 1
    while os.path.lexists(dest) or os.path.lexists(f"{dest}.txt"):
        dest = target / f"{name}.{n}"
        n += 1
    try:
        os.rename(path, dest)  # rename moves a link as a link and does not open a FIFO
    except OSError:
        log.warning("could not set %s aside; removed instead", path)
        if path.is_dir() and not path.is_symlink():
            raise
        path.unlink(missing_ok=True)
    Path(f"{dest}.txt").write_text(f"{path.name}: {reason}\n", encoding="utf-8")


def take_file(path: Path, dossier, mailbox: str, root: Path) -> Document | None:
    """Take one entry of a mailbox folder; refuse it into `_refused/` when it is no plain file."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if not _inside(path.parent, root) or not _is_real_dir(path.parent):
        log.warning("%s is not inside the watched root %s; ignored", path, root)
        return None
    try:
        reason = _refusal(st, path.name)
        if reason is not None:
            raise NotAFile(reason)
        data = _read(path, st)
    except (NotAFile, IntakeRefused) as exc:
        _set_aside(path, root, dossier.intake_key, str(exc))
        return None
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
        _set_aside(path, root, dossier.intake_key, str(exc))
        return None
    path.unlink(missing_ok=True)  # the document is committed: the file has done its job
    return docs[0] if docs else None


def _settled(st: os.stat_result, settle: float) -> bool:
    return time.time() - st.st_mtime >= settle


def scan_once(root: Path | None = None, settle: float = SETTLE_SECONDS) -> int:
    from tenancy.models import Dossier

    root = root or watch_root()
    taken = 0
    if not _is_real_dir(root):
        return 0
    refresh_connections()
    for dossier_dir in sorted(root.iterdir()):
        if dossier_dir.name.startswith(("_", ".")) or not _is_real_dir(dossier_dir):
            continue
        dossier = Dossier.objects.filter(intake_key=dossier_dir.name, is_active=True).first()
        if dossier is None:
            continue
        for mailbox in Mailbox.values:
            folder = dossier_dir / mailbox
            if not _is_real_dir(folder) or not _inside(folder, root):
                continue
            for path in sorted(folder.iterdir()):
                if path.name.endswith(IN_PROGRESS):
                    continue
                try:
                    st = os.lstat(path)
                except FileNotFoundError:
                    continue
                if not _settled(st, settle):
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


__all__ = ["scan_once", "take_file", "watch"]
