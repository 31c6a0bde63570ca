"""Content-addressed file storage for everything Fidu keeps (originals, visuals, pages, exports).

Bytes are named by their SHA-256. `blob_put` writes and fsyncs the bytes first and
only then creates the `Blob` row, so a committed row never points at a missing
file. Storing the same bytes twice is a no-op. Nothing here deletes content
except `blob_delete`, which is audited.

Two backends behind one Protocol: the local disk (default) and an S3-compatible
bucket (when FIDU_S3_BUCKET is set), chosen by settings only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from django.conf import settings
from django.db import IntegrityError, transaction

from core.audit import audit_log
from core.models import Blob

CHUNK = 1024 * 1024


class BlobBackend(Protocol):
    def exists(self, sha256: str) -> bool: ...
    def write(self, sha256: str, source: IO[bytes]) -> None: ...
    def open(self, sha256: str) -> IO[bytes]: ...
    def delete(self, sha256: str) -> None: ...
    def local_path(self, sha256: str) -> Path | None: ...


class LocalBackend:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def write(self, sha256: str, source: IO[bytes]) -> None:
        path = self._path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        # The rename is only durable once the directory entry is on disk too.
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def open(self, sha256: str) -> IO[bytes]:
        return self._path(sha256).open("rb")

    def delete(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(sha256).unlink()

    def local_path(self, sha256: str) -> Path | None:
        return self._path(sha256)


class S3Backend:
    def __init__(self, options: dict[str, Any]) -> None:
        from storages.backends.s3 import S3Storage

        self.storage = S3Storage(
            bucket_name=options["bucket_name"],
            endpoint_url=options["endpoint_url"],
            region_name=options["region_name"],
            access_key=options["access_key"],
            secret_key=options["secret_key"],
            location=options["location"],
            file_overwrite=True,
            default_acl=None,
        )

    @staticmethod
    def _name(sha256: str) -> str:
        return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def exists(self, sha256: str) -> bool:
        return self.storage.exists(self._name(sha256))

    def write(self, sha256: str, source: IO[bytes]) -> None:
        # S3 PUT returns only once the object is durably stored.
        self.storage.save(self._name(sha256), source)

    def open(self, sha256: str) -> IO[bytes]:
        return self.storage.open(self._name(sha256), "rb")

    def delete(self, sha256: str) -> None:
        self.storage.delete(self._name(sha256))

    def local_path(self, sha256: str) -> Path | None:
        return None


_backend: BlobBackend | None = None


def backend() -> BlobBackend:
    global _backend
    if _backend is None:
        if settings.FIDU_BLOB_BACKEND == "s3":
            _backend = S3Backend(settings.FIDU_S3)
        else:
            _backend = LocalBackend(Path(settings.FIDU_BLOB_DIR))
    return _backend


def reset_backend() -> None:
    """Forget the cached backend (tests switch FIDU_BLOB_DIR)."""
    global _backend
    _backend = None


def _hash_to_spool(source: IO[bytes]) -> tuple[str, int, IO[bytes]]:
    digest = hashlib.sha256()
    size = 0
    spool = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)  # noqa: SIM115 - returned open
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        spool.write(chunk)
    spool.seek(0)
    return digest.hexdigest(), size, spool


def blob_put(data: bytes | IO[bytes], *, content_type: str = "") -> Blob:
    """Store bytes durably and return their Blob row (existing or new)."""
    if isinstance(data, bytes | bytearray):
        sha256 = hashlib.sha256(data).hexdigest()
        size = len(data)
        import io

        stream: IO[bytes] = io.BytesIO(data)
    else:
        sha256, size, stream = _hash_to_spool(data)
    store = backend()
    try:
        if not store.exists(sha256):
            store.write(sha256, stream)
    finally:
        stream.close()
    try:
        # A savepoint so a concurrent insert of the same hash does not break the caller's transaction.
        with transaction.atomic():
            blob, _ = Blob.objects.get_or_create(
                sha256=sha256, defaults={"size": size, "content_type": content_type}
            )
    except IntegrityError:
        blob = Blob.objects.get(sha256=sha256)
    return blob


def blob_open(sha256: str) -> IO[bytes]:
    return backend().open(sha256)


def blob_bytes(sha256: str) -> bytes:
    with blob_open(sha256) as fh:
        return fh.read()


@contextlib.contextmanager
def blob_local_path(sha256: str, suffix: str = "") -> Iterator[Path]:
    """A filesystem path holding the blob, for tools that need one (OCR, LibreOffice)."""
    path = backend().local_path(sha256)
    if path is not None:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        with blob_open(sha256) as src:
            shutil.copyfileobj(src, tmp, CHUNK)
        tmp.flush()
        yield Path(tmp.name)


def blob_delete(*, actor: Any, sha256: str, reason: str) -> None:
    """Remove stored content for good. The only way an original ever disappears; always audited."""
    with transaction.atomic():
        audit_log(actor=actor, action="blob.deleted", data={"sha256": sha256, "reason": reason})
        Blob.objects.filter(sha256=sha256).delete()
        transaction.on_commit(lambda: backend().delete(sha256))
