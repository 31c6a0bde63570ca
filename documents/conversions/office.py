"""Office files (DOCX, XLSX, ODT, ...) to PDF with LibreOffice headless.

Each call gets its own profile directory: concurrent soffice processes sharing one
profile lock each other out. soffice runs under `core.sandbox.run_command`: time and
memory limits, and no network (a private network namespace), so an image or an OLE
object linked to a URL is never fetched; the profile also tells LibreOffice to
update no links and to block links from untrusted documents, for hosts where no
namespace can be made.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from django.utils.translation import gettext_noop

from core.sandbox import LimitExceeded, Limits, run_command
from documents.conversions import ConversionError, limit_error
from documents.limits import office_timeout, sandbox_memory_bytes
from documents.sniff import Kind

# Writer: 0 = never update links; Calc: 1 = never. BlockUntrustedRefererLinks stops
# loading of linked images and other remote content.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">
 <prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile(path: Path) -> None:
    user = path / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")


def office_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    binary = soffice_binary()
    if binary is None:
        raise ConversionError(gettext_noop("Office documents cannot be converted on this server."))
    with tempfile.TemporaryDirectory(prefix="fidu-soffice-") as tmp:
        work = Path(tmp)
        src = work / f"input.{kind.ext}"
        src.write_bytes(data)
        profile = work / "profile"
        _profile(profile)
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
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        limits = Limits(seconds=office_timeout(), memory_bytes=sandbox_memory_bytes())
        try:
            done = run_command(cmd, limits=limits, env={**env, "HOME": tmp}, cwd=tmp)
        except LimitExceeded as exc:
            raise limit_error(exc) from exc
        out = work / "out" / "input.pdf"
        if done.returncode != 0 or not out.exists():
            raise ConversionError(
                gettext_noop("This office document could not be converted to PDF.")
            )
        return out.read_bytes()
