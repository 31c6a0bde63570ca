"""Office files (DOCX, XLSX, ODT, ...) to PDF with LibreOffice headless.

Each call gets its own profile directory: concurrent soffice processes sharing one
profile lock each other out. A timeout kills runaway conversions.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from documents.conversions import ConversionError
from documents.limits import office_timeout
from documents.sniff import Kind


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    binary = soffice_binary()
    if binary is None:
        raise ConversionError(_("Office documents cannot be converted on this server."))
    with tempfile.TemporaryDirectory(prefix="fidu-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"input.{kind.ext}"
        src.write_bytes(data)
        profile = work / "profile"
        cmd = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(src),
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            proc.communicate(timeout=office_timeout())
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionError(
                _("The conversion of this office document took too long.")
            ) from exc
        out = work / "out" / "input.pdf"
        if proc.returncode != 0 or not out.exists():
            raise ConversionError(_("This office document could not be converted to PDF."))
        return out.read_bytes()
