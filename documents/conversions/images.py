"""Images (JPEG, PNG, TIFF, HEIC, WebP) to PDF with img2pdf, upright per EXIF."""

from __future__ import annotations

import io

import img2pdf
from django.utils.translation import gettext_noop
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from documents.conversions import ConversionError
from documents.limits import image_max_pixels, pdf_max_pages
from documents.sniff import Kind

try:  # HEIC "where possible": only when pillow-heif is installed.
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover
    pillow_heif = None


def _frames(data: bytes) -> list[bytes]:
    Image.MAX_IMAGE_PIXELS = image_max_pixels()
    # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; a cut-off photo
    # would then become a half-grey page without a word. We run in the sandbox child, so
    # turning it off again here touches no other work.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        img = Image.open(io.BytesIO(data))
        img.size  # noqa: B018 - forces the header to be read
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ConversionError(
            gettext_noop("This image cannot be read (%(err)s)."), err=type(exc).__name__
        ) from exc
    if img.width * img.height > image_max_pixels():
        raise ConversionError(gettext_noop("This image is too large to be shown."))
    frames = getattr(img, "n_frames", 1)
    if frames > pdf_max_pages() and img.format in ("TIFF", "GIF"):
        raise ConversionError(
            gettext_noop("This image has %(n)s pages; the limit is %(max)s."),
            n=frames,
            max=pdf_max_pages(),
        )
    try:
        return _encoded_frames(img, frames)
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's errors on damaged pixel data
        raise ConversionError(
            gettext_noop(
                "This image is incomplete or damaged (it may have been cut off while being "
                "sent); please send it again. The file received is kept."
            )
        ) from exc


def _encoded_frames(img: Image.Image, frames: int) -> list[bytes]:
    out = []
    for i in range(frames):
        img.seek(i)
        if img.width * img.height > image_max_pixels():  # each frame has its own size
            raise ConversionError(gettext_noop("This image is too large to be shown."))
        frame = ImageOps.exif_transpose(img.copy())
        if frame.mode not in ("RGB", "L"):
            frame = frame.convert("RGB")
        buf = io.BytesIO()
        frame.save(buf, format="JPEG", quality=88)
        out.append(buf.getvalue())
        if img.format not in ("TIFF", "GIF"):
            break
    return out


def images_to_pdf(images: list[bytes]) -> bytes:
    """Several photos (pages of one receipt, B5) into one PDF, A4-fitted, in a limited child."""
    from documents.conversions import limited

    return limited(_images_to_pdf, images)


def _images_to_pdf(images: list[bytes]) -> bytes:
    frames: list[bytes] = []
    for data in images:
        frames.extend(_frames(data))
    layout = img2pdf.get_fixed_dpi_layout_fun((150, 150))
    try:
        return img2pdf.convert(frames, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
    except Exception as exc:  # img2pdf raises plain exceptions on odd images
        raise ConversionError(gettext_noop("This image cannot be converted to PDF.")) from exc


def image_to_pdf(data: bytes, kind: Kind, language: str) -> bytes:
    return images_to_pdf([data])
