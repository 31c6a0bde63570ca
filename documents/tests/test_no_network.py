"""Rendering never reaches the network: a local listener must receive nothing (SSRF)."""

from __future__ import annotations

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from documents.tests.mails import invoice_mail

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 (random port) that records every request it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

        do_HEAD = do_GET
        do_POST = do_GET

        def do_PROPFIND(self):
            hits.append(f"PROPFIND {self.path}")
            self.send_response(404)
            self.end_headers()

        def do_OPTIONS(self):
            hits.append(f"OPTIONS {self.path}")
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def docx_with_linked_image(url: str) -> bytes:
    """A Word document whose only picture is linked (not embedded) to `url`."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    drawing = (
        f'<w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/><wp:docPr id="1" name="P"/>'
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        '<pic:nvPicPr><pic:cNvPr id="1" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:link="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        zf.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            f'Target="{url}/docx-logo.png" TargetMode="External"/></Relationships>',
        )
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}" xmlns:r="{r}" xmlns:wp="{wp}">'
            "<w:body><w:p><w:r><w:t>Linked picture below</w:t></w:r></w:p>"
            f"<w:p><w:r>{drawing}</w:r></w:p></w:body></w:document>",
        )
    return buf.getvalue()


def odt_with_linked_image(url: str) -> bytes:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        zf.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
            "<office:body><office:text><text:p>Linked picture below</text:p><text:p>"
            '<draw:frame draw:name="P" svg:width="2cm" svg:height="2cm">'
            f'<draw:image xlink:href="{url}/odt-logo.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
            "</draw:frame></text:p></office:text></office:body></office:document-content>",
        )
    return buf.getvalue()


@pytest.fixture
def soffice():
    from documents.conversions.office import soffice_binary

    if soffice_binary() is None:
        pytest.skip("LibreOffice is not installed")


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize(
    "make,name", [(docx_with_linked_image, "a.docx"), (odt_with_linked_image, "a.odt")]
)
def test_office_conversion_fetches_no_linked_image(handed_in, listener, soffice, make, name):
    url, hits = listener
    [doc] = handed_in(file=make(url), name=name)
    doc.refresh_from_db()
    assert doc.visual_id and "Linked picture below" in doc.pages.first().text, doc.notice
    assert hits == []


@pytest.mark.django_db
def test_an_html_mail_fetches_no_remote_image_nor_style(handed_in, listener):
    url, hits = listener
    html = (
        f"<html><head><link rel='stylesheet' href='{url}/style.css'>"
        f"<style>@import url('{url}/import.css'); body{{background:url('{url}/bg.png')}}</style></head>"
        f"<body><p>Facture 8 ci-dessous</p><img src='{url}/pixel.png'>"
        f"<div style=\"background-image:url('{url}/inline.png')\">x</div>"
        f"<svg><image href='{url}/svg.png' width='10' height='10'/></svg></body></html>"
    )
    raw = invoice_mail("x@fidu.localhost", attachments=[], html=html)
    [doc] = handed_in(file=raw, name="mail.eml")
    doc.refresh_from_db()
    assert "Facture 8" in doc.pages.first().text, doc.notice
    [page] = handed_in(file=html.encode(), name="page.html")
    page.refresh_from_db()
    assert page.visual_id, page.notice
    assert hits == []


def test_the_weasyprint_fetcher_refuses_everything_but_data_urls(listener):
    from documents.conversions.html import data_only_fetcher

    url, hits = listener
    fetcher = data_only_fetcher()
    for bad in (f"{url}/x.png", "file:///etc/passwd", "ftp://127.0.0.1/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(bad)
    assert fetcher.fetch("data:text/plain,hi") is not None
    assert hits == []
