"""What a file really is, from its bytes (never trust the extension), and a safe name for it."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype

from documents.limits import name_max_chars

IMAGE_MIMES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "image/heic": "heic",
    "image/heif": "heic",
    "image/avif": "avif",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/bmp": "bmp",
}
SHEET_EXT = {"xlsx", "xls", "ods", "csv"}
OFFICE_EXT = {"docx", "doc", "odt", "rtf", "xlsx", "xls", "ods", "pptx", "odp"}
# Refuse office zips that would expand beyond this or by more than this ratio (zip bombs).
ZIP_MAX_EXPANDED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200


@dataclass(frozen=True)
class Kind:
    family: str  # pdf, image, xml, html, mail, office, text, unknown
    ext: str  # canonical extension
    mime: str

    @property
    def is_sheet(self) -> bool:
        return self.family == "office" and self.ext in SHEET_EXT


class UnsafeFile(ValueError):
    pass


def _zip_kind(data: bytes) -> Kind | None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    names = {i.filename for i in infos}
    expanded = sum(i.file_size for i in infos)
    if expanded > ZIP_MAX_EXPANDED or (len(data) and expanded / len(data) > ZIP_MAX_RATIO):
        raise UnsafeFile("zip-bomb")
    if "mimetype" in names:
        mt = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
        for ext, marker in (("odt", "text"), ("ods", "spreadsheet"), ("odp", "presentation")):
            if mt == f"application/vnd.oasis.opendocument.{marker}":
                return Kind("office", ext, mt)
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return Kind(
                "office",
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        if any(n.startswith("xl/") for n in names):
            return Kind(
                "office",
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        if any(n.startswith("ppt/") for n in names):
            return Kind(
                "office",
                "pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            )
    return Kind("unknown", "zip", "application/zip")


_MAIL_HEADER = re.compile(
    rb"^(received|return-path|from|to|subject|message-id|mime-version|date|delivered-to|x-[\w-]+):",
    re.I | re.M,
)


def sniff(data: bytes, file_name: str = "") -> Kind:
    head = data[:4096]
    ext = PurePosixPath(file_name.lower()).suffix.lstrip(".")
    if b"%PDF-" in data[:1024]:
        return Kind("pdf", "pdf", "application/pdf")
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind is not None:
            return kind
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: legacy .doc / .xls
        return Kind("office", "xls" if ext == "xls" else "doc", "application/msword")
    guess = filetype.guess(head)
    if guess is not None and guess.mime in IMAGE_MIMES:
        return Kind("image", IMAGE_MIMES[guess.mime], guess.mime)
    if head.startswith(b"{\\rtf"):
        return Kind("office", "rtf", "application/rtf")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows tools write XML invoices in UTF-16; einvoice re-reads them as UTF-8.
        decoded = head[:1024].decode("utf-16", errors="ignore").lstrip("\ufeff \t\r\n")
        if decoded.lower().startswith("<?xml"):
            return Kind("xml", "xml", "application/xml")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    low = text[:1024].lower()
    if low.startswith(b"<?xml") or (
        low.startswith(b"<")
        and b"<html" not in low
        and b"<!doctype html" not in low
        and ext == "xml"
    ):
        return Kind("xml", "xml", "application/xml")
    if (
        b"<html" in low
        or low.startswith(b"<!doctype html")
        or (ext in ("html", "htm") and low.startswith(b"<"))
    ):
        return Kind("html", "html", "text/html")
    if len(_MAIL_HEADER.findall(head)) >= 2:
        return Kind("mail", "eml", "message/rfc822")
    if ext in ("csv",) and _is_text(head):
        return Kind("office", "csv", "text/csv")
    if _is_text(head):
        return Kind("text", "txt", "text/plain")
    if guess is not None:
        return Kind("unknown", guess.extension, guess.mime)
    return Kind("unknown", ext or "bin", "application/octet-stream")


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a multi-byte character cut at the end


def safe_name(raw: str, kind: Kind | None = None) -> str:
    """A display/download name: no directories, no control characters, at most N characters.

    Long names are shortened, never refused (B9); the extension is kept, and fixed
    to the sniffed type when the given one lies.
    """
    name = PureWindowsPath(PurePosixPath(raw or "").name).name  # strips ../ and C:\ alike
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '<>:"/\\|?*')
    name = name.strip(" .") or "document"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if kind is not None and kind.family != "unknown" and ext.lower() != kind.ext:
        same = {("jpg", "jpeg"), ("tif", "tiff"), ("html", "htm")}
        if (kind.ext, ext.lower()) not in same:
            # A short lying extension is dropped; a long "extension" was part of the name.
            stem = stem if ext and len(ext) <= 5 else name
            ext = kind.ext
    limit = name_max_chars()
    suffix = f".{ext}" if ext else ""
    if len(stem) + len(suffix) > limit:
        stem = stem[: max(1, limit - len(suffix) - 1)].rstrip() + "…"
    return f"{stem}{suffix}"
