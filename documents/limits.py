"""Intake limits (B9), read from settings so an office can change them."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def _get(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_upload_bytes() -> int:
    """Above this nothing is stored at all (protects the disk); below it a file is kept."""
    return _get("FIDU_INTAKE_MAX_BYTES", 100 * MB)


def pdf_max_bytes() -> int:
    return _get("FIDU_PDF_MAX_BYTES", 50 * MB)


def pdf_max_pages() -> int:
    return _get("FIDU_PDF_MAX_PAGES", 500)


def office_max_bytes() -> int:
    return _get("FIDU_OFFICE_MAX_BYTES", 25 * MB)


def sheet_max_bytes() -> int:
    return _get("FIDU_SHEET_MAX_BYTES", 5 * MB)


def sheet_max_pages() -> int:
    return _get("FIDU_SHEET_MAX_PAGES", 200)


def image_max_pixels() -> int:
    return _get("FIDU_IMAGE_MAX_PIXELS", 100_000_000)


def name_max_chars() -> int:
    return _get("FIDU_NAME_MAX_CHARS", 50)


def mail_max_bytes() -> int:
    return _get("FIDU_MAIL_MAX_BYTES", 60 * MB)


def office_timeout() -> int:
    return _get("FIDU_SOFFICE_TIMEOUT", 120)


def sandbox_seconds() -> int:
    """Wall-clock and CPU seconds a conversion or an OCR page may take (core.sandbox)."""
    return _get("FIDU_SANDBOX_SECONDS", 120)


def sandbox_memory_bytes() -> int:
    """Memory a conversion or an OCR page may add on top of the worker's (core.sandbox)."""
    return _get("FIDU_SANDBOX_MEMORY_MB", 1536) * MB


def html_max_bytes() -> int:
    """HTML and plain text larger than this are not rendered (checked before rendering)."""
    return _get("FIDU_HTML_MAX_BYTES", 5 * MB)
