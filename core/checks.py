"""System checks (`manage.py check`, run before every management command and at server
start) that say plainly what is missing on this machine, instead of a document that fails
later with a raw error: the external programs (warnings, Fidu runs without them but some
documents cannot be read) and the data folder (an error: nothing can be stored)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

INSTALL = "Install it with `make system-packages` (scripts/install-system-packages.sh)."

# (check id, what it is, program names tried, what fails without it)
TOOLS = [
    (
        "fidu.W001",
        "Tesseract",
        ("tesseract",),
        "scanned documents and photos cannot be read (OCR); only PDFs with a text layer are",
    ),
    (
        "fidu.W002",
        "LibreOffice",
        ("soffice", "libreoffice"),
        "office documents (DOCX, ODT, XLSX, ...) cannot be converted to PDF",
    ),
    (
        "fidu.W003",
        "Chromium",
        ("chromium", "chromium-browser"),
        "the browser tests (pytest -m browser) cannot run",
    ),
]


@register("fidu")
def external_programs(app_configs=None, **kwargs) -> list[Warning]:
    problems = []
    for check_id, name, binaries, consequence in TOOLS:
        if check_id == "fidu.W003" and getattr(settings, "FIDU_PRODUCTION", False):
            continue  # only the browser tests use it; a server has no need of it
        if not any(shutil.which(b) for b in binaries):
            problems.append(
                Warning(
                    f"{name} is not installed (no {' or '.join(binaries)} on the PATH): "
                    f"{consequence}.",
                    hint=INSTALL,
                    id=check_id,
                )
            )
    return problems


def _probe_write(folder: Path) -> None:
    """Create and remove a file: the only test that tells (os.access trusts root, and
    a read-only mount says nothing in the mode bits)."""
    fd, name = tempfile.mkstemp(prefix=".fidu-check-", dir=folder)
    os.close(fd)
    os.unlink(name)


def _folder_problem(label: str, folder: Path, setting: str) -> Error | None:
    hint = f"Set {setting} to a folder the user running Fidu may write to, or fix its rights."
    if not folder.exists():
        return Error(f"The {label} {folder} does not exist.", hint=hint, id="fidu.E001")
    if not folder.is_dir():
        return Error(f"The {label} {folder} is not a folder.", hint=hint, id="fidu.E001")
    try:
        _probe_write(folder)
    except OSError as exc:
        return Error(
            f"The {label} {folder} is not writable ({exc.strerror or exc}).",
            hint=hint,
            id="fidu.E002",
        )
    return None


@register("fidu")
def data_folder(app_configs=None, **kwargs) -> list[Error]:
    folders = [("data folder", Path(settings.DATA_DIR), "FIDU_DATA_DIR")]
    if getattr(settings, "FIDU_BLOB_BACKEND", "local") == "local":
        folders.append(("file store", Path(settings.FIDU_BLOB_DIR), "FIDU_BLOB_DIR"))
    problems = []
    for label, folder, setting in folders:
        if label == "file store" and not folder.exists():
            continue  # created on the first stored file, inside the data folder
        problem = _folder_problem(label, folder, setting)
        if problem is not None:
            problems.append(problem)
    return problems
