"""The hostile corpus, made by code (no binary fixtures): files an attacker, a broken
scanner or a careless mail client would send.

`generate(beacon)` returns the cases; `beacon` is a loopback URL that must never be
fetched (remote images, external entities, linked office images point at it). Each case
says what the door should do with it:
  "stored"   the original is kept (a document, possibly with a failed step and a reason)
  "refused"  nothing is stored and the sender is told why (empty file, unknown mailbox...)
  "any"      either, as long as it is one of the two with a reason, nothing crashes and
             nothing acknowledged is lost
"""

from __future__ import annotations

import email.policy
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage

STORED, REFUSED, ANY = "stored", "refused", "any"


@dataclass(frozen=True)
class Case:
    name: str  # unique, stable: tests and figures refer to it
    family: str  # pdf, image, zip, xml, ubl, html, mail, name, exe, empty, text, office
    file_name: str
    data: bytes
    expect: str = ANY
    slow: bool = False  # LibreOffice or a large render: left out of the fast subset


def fuzzed(data: bytes, seed: int) -> bytes:
    """`data` with bytes overwritten at random, more of them for higher seeds (fixed seeds:
    the corpus is the same at every run)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(1 + seed * 3):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


# -- PDFs written by hand (pikepdf would refuse to write the broken ones) ---------------


def raw_pdf(objects: list[bytes], *, root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, extra_trailer, xref)
    )
    return out.getvalue()


def text_pdf(text: str = "Invoice 1", pages: int = 1, box: tuple[int, int] = (595, 842)) -> bytes:
    content = b"BT /F1 18 Tf 50 700 Td (" + text.encode("latin-1") + b") Tj ET"
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    objects += [page % box] * pages
    return raw_pdf(objects)


def encrypted_pdf(user: str, owner: str) -> bytes:
    import pikepdf

    src = pikepdf.open(io.BytesIO(text_pdf("secret")))
    buf = io.BytesIO()
    src.save(buf, encryption=pikepdf.Encryption(user=user, owner=owner))
    return buf.getvalue()


def pdf_cases() -> Iterator[Case]:
    base = text_pdf("Invoice 2026-001 total 121,00 EUR", pages=3)
    for cut in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.999):
        yield Case(
            f"pdf-truncated-{int(cut * 1000)}",
            "pdf",
            "invoice.pdf",
            base[: int(len(base) * cut)],
            STORED,
        )
    yield Case("pdf-header-only", "pdf", "invoice.pdf", b"%PDF-1.7\n", STORED)
    yield Case("pdf-no-xref", "pdf", "invoice.pdf", base.split(b"xref")[0], STORED)
    for i, (user, owner) in enumerate((("u", "o"), ("", "owner"), ("x" * 32, "y"))):
        yield Case(f"pdf-encrypted-{i}", "pdf", "locked.pdf", encrypted_pdf(user, owner), STORED)
    yield Case(
        "pdf-fake-encrypt-dict",
        "pdf",
        "locked.pdf",
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [] /Count 0 >>",
                b"<< /Filter /Standard /V 99 /R 99 /O (x) /U (y) /P -1 >>",
            ],
            extra_trailer=b"/Encrypt 3 0 R /ID [<00><00>] ",
        ),
        STORED,
    )
    # Page-count bombs: many real pages sharing one content stream, and a /Count that lies.
    for pages in (501, 2000, 20000):
        yield Case(f"pdf-pages-{pages}", "pdf", "many.pdf", text_pdf("p", pages=pages), STORED)
    yield Case(
        "pdf-count-lies",
        "pdf",
        "lies.pdf",
        text_pdf("p").replace(b"/Count 1", b"/Count 999999999"),
        STORED,
    )
    # Pixel bombs: a page of the largest size PDF allows, and a tiny page with a huge UserUnit.
    yield Case("pdf-huge-page", "pdf", "poster.pdf", text_pdf("big", box=(14400, 14400)), STORED)
    yield Case(
        "pdf-user-unit",
        "pdf",
        "poster.pdf",
        text_pdf("big", box=(14400, 14400)).replace(b"/MediaBox", b"/UserUnit 75000 /MediaBox"),
        STORED,
    )
    image = b"<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
    pixels = zlib.compress(b"\0" * 1_000_000, 9)
    yield Case(
        "pdf-image-10g-pixels",
        "pdf",
        "scan.pdf",
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /I 4 0 R >> >> /Contents 5 0 R >>",
                image % len(pixels) + pixels + b"\nendstream",
                b"<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /I Do Q  \nendstream",
            ]
        ),
        STORED,
    )
    # Broken page trees: none, empty, looping through Kids and through Parent.
    yield Case(
        "pdf-zero-pages",
        "pdf",
        "empty.pdf",
        raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        STORED,
    )
    yield Case(
        "pdf-kids-loop",
        "pdf",
        "loop.pdf",
        raw_pdf(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
        ),
        STORED,
    )
    yield Case(
        "pdf-kids-loop-deep",
        "pdf",
        "loop.pdf",
        raw_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
            ]
        ),
        STORED,
    )
    yield Case(
        "pdf-no-root",
        "pdf",
        "noroot.pdf",
        raw_pdf([b"<< /Type /Pages /Kids [] /Count 0 >>"], root=9),
        STORED,
    )
    deep = b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 50_000 + b"]" * 50_000 + b" >>"
    yield Case(
        "pdf-nested-arrays",
        "pdf",
        "deep.pdf",
        raw_pdf([deep, b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        STORED,
    )
    # Bytes flipped at random in a valid PDF (fixed seeds: the corpus is the same each run).
    for seed in range(40):
        data = fuzzed(base, seed)
        # A flip in "%PDF-" leaves bytes nothing recognises: a random binary (issue 11).
        expect = STORED if data.startswith(b"%PDF-") else REFUSED
        yield Case(f"pdf-fuzzed-{seed}", "pdf", "fuzzed.pdf", data, expect)


# -- images -----------------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int, idat: bytes = b"") -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat or zlib.compress(b"\0" * 1024))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, format="JPEG")
    data = buf.getvalue()
    at = data.find(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]


def small_image(fmt: str) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buf, format=fmt)
    return buf.getvalue()


def image_cases() -> Iterator[Case]:
    for w, h in (
        (100_000, 100_000),
        (65_535, 65_535),
        (2**31 - 1, 1),
        (1, 2**31 - 1),
        (30_000, 30_000),
    ):
        yield Case(f"png-bomb-{w}x{h}", "image", "photo.png", png_header_only(w, h), STORED)
    for w, h in ((65_535, 65_535), (60_000, 1), (1, 60_000)):
        yield Case(f"jpeg-bomb-{w}x{h}", "image", "photo.jpg", jpeg_with_size(w, h), STORED)
    # A real decompression bomb: 20,000 x 20,000 zero pixels in a few hundred KB.
    rows = zlib.compress((b"\0" + b"\0" * 20_000) * 20_000, 9)
    yield Case(
        "png-real-bomb-400m",
        "image",
        "photo.png",
        png_header_only(20_000, 20_000, rows),
        STORED,
        slow=True,
    )
    gif = small_image("GIF")
    yield Case(
        "gif-huge-screen",
        "image",
        "anim.gif",
        gif[:6] + struct.pack("<HH", 65535, 65535) + gif[10:],
        STORED,
    )
    for fmt, ext in (
        ("PNG", "png"),
        ("JPEG", "jpg"),
        ("TIFF", "tif"),
        ("BMP", "bmp"),
        ("WEBP", "webp"),
    ):
        data = small_image(fmt)
        yield Case(f"{ext}-truncated", "image", f"photo.{ext}", data[: len(data) // 2], STORED)
    tiff = io.BytesIO()
    from PIL import Image

    frames = [Image.new("1", (50, 50)) for _ in range(600)]
    frames[0].save(tiff, format="TIFF", save_all=True, append_images=frames[1:])
    yield Case("tiff-600-pages", "image", "scan.tif", tiff.getvalue(), STORED)


# -- zips and office files --------------------------------------------------------------


def zip_of(members: dict[str, bytes], *, level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_with(document_xml: bytes, rels: bytes = b"") -> bytes:
    members = {
        "[Content_Types].xml": DOCX_TYPES,
        "_rels/.rels": (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document_xml,
    }
    if rels:
        members["word/_rels/document.xml.rels"] = rels
    return zip_of(members)


def zip_cases(beacon: str) -> Iterator[Case]:
    zeros = b"\0" * (210 * 1024 * 1024)
    yield Case(
        "docx-zip-bomb-210mb",
        "zip",
        "contract.docx",
        zip_of({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": zeros}),
        STORED,
        slow=True,
    )
    del zeros
    yield Case(
        "xlsx-ratio-bomb",
        "zip",
        "sheet.xlsx",
        zip_of({"[Content_Types].xml": b"x", "xl/workbook.xml": b"\0" * 5_000_000}),
        STORED,
    )
    yield Case(
        "zip-plain",
        "zip",
        "archive.zip",
        zip_of({"a.pdf": text_pdf("A"), "b.pdf": text_pdf("B")}),
        REFUSED,  # archives are refused at the door (issue 11)
    )
    inner = zip_of({"inner.zip": zip_of({"x.bin": b"\0" * 2_000_000})})
    yield Case("zip-nested", "zip", "nested.zip", inner, REFUSED)
    yield Case(
        "zip-traversal-member",
        "zip",
        "evil.zip",
        zip_of({"../../../../tmp/fidu-pwned": b"x"}),
        REFUSED,  # an archive, not a document (issue 11): never unpacked
    )
    # 200 bytes of a docx: no office file can be recognised in them, refused as a binary.
    yield Case("zip-truncated", "zip", "contract.docx", docx_with(b"<w:document/>")[:200], REFUSED)
    # Linked images in office files: LibreOffice must fetch nothing (the beacon counts).
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="' + beacon.encode() + b'/docx-image.png" TargetMode="External"/></Relationships>'
    )
    body = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:t>Invoice</w:t></w:r></w:p></w:body></w:document>'
    )
    yield Case(
        "docx-external-image", "office", "linked.docx", docx_with(body, rels), STORED, slow=True
    )
    yield Case(
        "csv-formulas",
        "text",
        "export.csv",
        b'name,amount\n=cmd|"/c calc"!A1,1\n@SUM(1+1),2\n+1+1,3\n-1+1,4\n',
        STORED,
    )
    yield Case("csv-one-long-line", "text", "export.csv", b"a," * 500_000, STORED, slow=True)


# -- XML: bombs, entities, depth, absurd amounts ----------------------------------------

UBL = """<?xml version="1.0" encoding="UTF-8"?>{doctype}
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
 <cbc:ID>{number}</cbc:ID><cbc:IssueDate>2026-11-02</cbc:IssueDate>
 <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Supplier SRL</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Buyer BV</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{vat}</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">{excl}</cbc:TaxExclusiveAmount>
 <cbc:TaxInclusiveAmount currencyID="EUR">{incl}</cbc:TaxInclusiveAmount>
 <cbc:PayableAmount currencyID="EUR">{incl}</cbc:PayableAmount></cac:LegalMonetaryTotal>
 {lines}
</Invoice>
"""


def ubl(
    *,
    doctype: str = "",
    number: str = "INV-1",
    excl: str = "100.00",
    vat: str = "21.00",
    incl: str = "121.00",
    lines: str = "",
) -> bytes:
    return UBL.format(
        doctype=doctype, number=number, excl=excl, vat=vat, incl=incl, lines=lines
    ).encode()


def xml_cases(beacon: str) -> Iterator[Case]:
    laughs = (
        '<!DOCTYPE Invoice [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + "]>"
    )
    yield Case(
        "xml-billion-laughs", "xml", "invoice.xml", ubl(doctype=laughs, number="&lol9;"), STORED
    )
    quadratic = '<!DOCTYPE Invoice [<!ENTITY a "' + "a" * 50_000 + '">]>'
    yield Case(
        "xml-quadratic-blowup",
        "xml",
        "invoice.xml",
        ubl(doctype=quadratic, number="&a;" * 5_000),
        STORED,
    )
    for i, target in enumerate(
        ("file:///etc/passwd", "file:///proc/self/environ", f"{beacon}/xxe", "/etc/hostname")
    ):
        doctype = f'<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "{target}">]>'
        yield Case(
            f"xml-xxe-{i}", "xml", "invoice.xml", ubl(doctype=doctype, number="&xxe;"), STORED
        )
    yield Case(
        "xml-external-dtd",
        "xml",
        "invoice.xml",
        ubl(doctype=f'<!DOCTYPE Invoice SYSTEM "{beacon}/dtd">'),
        STORED,
    )
    yield Case(
        "xml-parameter-entity",
        "xml",
        "invoice.xml",
        ubl(doctype=f'<!DOCTYPE Invoice [<!ENTITY % p SYSTEM "{beacon}/param"> %p;]>'),
        STORED,
    )
    yield Case(
        "xml-xinclude",
        "xml",
        "invoice.xml",
        ubl(
            number='<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
        ),
        STORED,
    )
    for depth in (1_000, 10_000, 100_000):
        body = "<a>" * depth + "</a>" * depth
        yield Case(
            f"xml-depth-{depth}", "xml", "deep.xml", f'<?xml version="1.0"?>{body}'.encode(), STORED
        )
    yield Case(
        "ubl-depth-50000",
        "ubl",
        "invoice.xml",
        ubl(number="<x>" * 50_000 + "1" + "</x>" * 50_000),
        STORED,
    )
    absurd = {
        "1e400": ("1E400", "0", "1E400"),
        "10pow400-digits": ("1" + "0" * 400, "0", "1" + "0" * 400),
        "nan": ("NaN", "NaN", "NaN"),
        "infinity": ("Infinity", "-Infinity", "Infinity"),
        "tiny": ("1E-400", "0", "1E-400"),
        "thousand-digits": ("9" * 1000 + ".99", "0", "9" * 1000 + ".99"),
        "negative": ("-100.00", "-21.00", "-121.00"),
        "not-a-number": ("abc", "def", "ghi"),
        "comma-decimal": ("100,00", "21,00", "121,00"),
        "inconsistent": ("100.00", "99.00", "5.00"),
        "hex": ("0x1F", "0", "0x1F"),
        "exponent-huge": ("1E999999999", "0", "1E999999999"),
    }
    for name, (excl, vat, incl) in absurd.items():
        yield Case(
            f"ubl-amount-{name}", "ubl", "invoice.xml", ubl(excl=excl, vat=vat, incl=incl), STORED
        )
    line = (
        '<cac:InvoiceLine><cbc:ID>{i}</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>'
        '<cbc:LineExtensionAmount currencyID="EUR">0.01</cbc:LineExtensionAmount>'
        "<cac:Item><cbc:Name>x</cbc:Name></cac:Item></cac:InvoiceLine>"
    )
    lines = "".join(line.format(i=i) for i in range(20_000))
    yield Case("ubl-20000-lines", "ubl", "invoice.xml", ubl(lines=lines), STORED, slow=True)
    yield Case("ubl-id-10k-chars", "ubl", "invoice.xml", ubl(number="X" * 10_000), STORED)
    yield Case(
        "ubl-script-in-name",
        "ubl",
        "invoice.xml",
        ubl(number="&lt;script&gt;alert(1)&lt;/script&gt;"),
        STORED,
    )
    for seed in range(12):
        yield Case(f"ubl-fuzzed-{seed}", "ubl", "invoice.xml", fuzzed(ubl(), seed), STORED)
    yield Case("xml-not-closed", "xml", "invoice.xml", ubl()[:-40], STORED)
    # A UTF-16 mark before UTF-8 text: the door may keep it or refuse it as not XML.
    yield Case("xml-utf16-bom-lies", "xml", "invoice.xml", b"\xff\xfe" + ubl(), ANY)


# -- HTML -------------------------------------------------------------------------------


def html_cases(beacon: str) -> Iterator[Case]:
    pages = {
        "script": "<script>fetch('{b}/script')</script><p>Invoice</p>",
        "remote-image": "<p>Invoice</p><img src='{b}/img.png'>",
        "css-import": "<style>@import url('{b}/style.css');</style><p>x</p>",
        "css-background": "<div style=\"background:url('{b}/bg.png')\">x</div>",
        "iframe": "<iframe src='{b}/frame'></iframe>",
        "meta-refresh": "<meta http-equiv='refresh' content='0;url={b}/refresh'><p>x</p>",
        "link-stylesheet": "<link rel='stylesheet' href='{b}/link.css'><p>x</p>",
        "file-image": "<img src='file:///etc/passwd'><img src='file:///data/secret_key'>",
        "svg-external": "<svg><image href='{b}/svg.png'/></svg>",
        "font-face": "<style>@font-face{{font-family:x;src:url('{b}/font.woff')}}</style><p style='font-family:x'>x</p>",
        "object-embed": "<object data='{b}/object'></object><embed src='{b}/embed'>",
        "srcset": "<img srcset='{b}/a.png 1x, {b}/b.png 2x'>",
    }
    for name, body in pages.items():
        html = f"<!doctype html><html><body>{body.format(b=beacon)}</body></html>"
        yield Case(f"html-{name}", "html", "mail.html", html.encode(), STORED)
    yield Case(
        "html-deep-nesting",
        "html",
        "deep.html",
        b"<div>" * 100_000 + b"x" + b"</div>" * 100_000,
        STORED,
        slow=True,
    )
    yield Case(
        "html-2mb-table",
        "html",
        "big.html",
        b"<table>" + b"<tr><td>1</td><td>2</td></tr>" * 70_000 + b"</table>",
        STORED,
        slow=True,
    )


# -- mails ------------------------------------------------------------------------------


def mail(
    *,
    subject: str = "Invoice",
    html: str | None = None,
    attachments: tuple[tuple[str, bytes], ...] = (("invoice.pdf", b""),),
    text: str = "See attached.",
    msgid: str = "",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "billing@supplier.test"
    msg["To"] = "purchases@fidu.localhost"
    msg["Subject"] = subject
    if msgid:
        msg["Message-ID"] = msgid
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data in attachments:
        msg.add_attachment(
            data or text_pdf(f"Invoice {name}"),
            maintype="application",
            subtype="pdf",
            filename=name,
        )
    return msg


def as_bytes(msg: EmailMessage) -> bytes:
    return msg.as_bytes(policy=email.policy.SMTP)


def nested_mail(levels: int) -> bytes:
    msg = mail(attachments=(("deep.pdf", b""),))
    for i in range(levels):
        outer = EmailMessage()
        outer["From"] = "fwd@supplier.test"
        outer["Subject"] = f"Fwd {i}"
        outer.set_content("forwarded")
        outer.add_attachment(msg)
        msg = outer
    return as_bytes(msg)


def mail_cases(beacon: str) -> Iterator[Case]:
    scripted = f"<html><body><script>alert(1)</script><img src='{beacon}/mail.png'><p>Invoice</p></body></html>"
    yield Case(
        "mail-html-script-remote-image", "mail", "mail.eml", as_bytes(mail(html=scripted)), STORED
    )
    yield Case(
        "mail-html-only-body",
        "mail",
        "mail.eml",
        as_bytes(mail(html=scripted, attachments=())),
        STORED,
    )
    for levels in (5, 30, 100):
        yield Case(f"mail-nested-{levels}", "mail", "mail.eml", nested_mail(levels), STORED)
    good = as_bytes(mail())
    boundary = good.split(b'boundary="', 1)[1].split(b'"', 1)[0]
    yield Case(
        "mail-boundary-wrong",
        "mail",
        "mail.eml",
        good.replace(b"--" + boundary + b"\r\n", b"--WRONG\r\n"),
        STORED,
    )
    yield Case(
        "mail-boundary-missing-end",
        "mail",
        "mail.eml",
        good.replace(b"--" + boundary + b"--", b""),
        STORED,
    )
    yield Case("mail-boundary-empty", "mail", "mail.eml", good.replace(boundary, b""), STORED)
    yield Case("mail-truncated", "mail", "mail.eml", good[: len(good) // 2], STORED)
    yield Case(
        "mail-base64-garbage",
        "mail",
        "mail.eml",
        good.replace(
            b"Content-Transfer-Encoding: base64\r\n\r\n",
            b"Content-Transfer-Encoding: base64\r\n\r\n!!!***",
            1,
        ),
        STORED,
    )
    names = (
        "../../../etc/passwd",
        "..\\..\\boot.ini",
        "a\x00b.pdf",
        "\x1b[31mred.pdf",
        "/abs/invoice.pdf",
        "x" * 2000 + ".pdf",
    )
    for i, name in enumerate(names):
        yield Case(
            f"mail-attachment-name-{i}",
            "mail",
            "mail.eml",
            as_bytes(mail(attachments=((name, b""),))),
            STORED,
        )
    many = tuple((f"a{i}.pdf", text_pdf(f"A{i}")) for i in range(150))
    yield Case(
        "mail-150-attachments",
        "mail",
        "mail.eml",
        as_bytes(mail(attachments=many)),
        STORED,
        slow=True,
    )
    yield Case(
        "mail-header-100k", "mail", "mail.eml", as_bytes(mail(subject="S" * 100_000)), STORED
    )
    yield Case("mail-no-headers", "mail", "mail.eml", b"\r\n\r\nhello", ANY)
    yield Case(
        "mail-encoded-word-name",
        "mail",
        "mail.eml",
        good.replace(b'filename="invoice.pdf"', b'filename="=?utf-8?b?Li4vLi4vZXRjL3Bhc3N3ZA==?="'),
        STORED,
    )
    yield Case(
        "mail-charset-bogus",
        "mail",
        "mail.eml",
        good.replace(b"charset=", b"charset=x-no-such-", 1),
        STORED,
    )


# -- names, executables, empties --------------------------------------------------------

HOSTILE_NAMES = (
    "../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/shadow",
    "a\x00b.pdf",
    "\x1b[2J\x1b[31mred.pdf",
    "line\nbreak.pdf",
    "tab\tand\rcr.pdf",
    "con.pdf",
    "NUL",
    "invoice\u202efdp.exe",
    "facture\u0301\u0301\u0301.pdf",
    "x" * 10_000 + ".pdf",
    "",
    ".hidden.pdf",
    "<script>alert(1)</script>.pdf",
    "'; DROP TABLE documents;--.pdf",
    "%2e%2e%2f%2e%2e%2fpasswd.pdf",
    "invoice.pdf.exe",
    "     .pdf",
)


def name_cases() -> Iterator[Case]:
    pdf = text_pdf("Named invoice")
    for i, name in enumerate(HOSTILE_NAMES):
        # A part with an empty file name is no file to a form parser: "no file" is fine.
        # A name of thousands of characters (no operating system makes one) overflows the
        # 1 KB part-header limit of Django's multipart parser, which we keep: the upload and
        # API channels refuse it with a reason; the folder and mail channels store it.
        expect = ANY if not name or len(name) > 1_000 else STORED
        yield Case(f"name-{i:02d}", "name", name, pdf + b"%" + str(i).encode(), expect)


def exe_cases() -> Iterator[Case]:
    # Executables and archives are refused at the door (issue 11); what reads as a
    # document (text, a PDF, HTML) is kept as one and never run.
    elf = b"\x7fELF\x02\x01\x01" + b"\0" * 9 + b"\x02\x00\x3e\x00" + b"\0" * 200
    pe = b"MZ\x90\x00" + b"\0" * 56 + b"PE\0\0" + b"\0" * 200
    yield Case("exe-elf", "exe", "tool", elf, REFUSED)
    yield Case("exe-elf-as-pdf", "exe", "invoice.pdf", elf, REFUSED)
    yield Case("exe-pe", "exe", "setup.exe", pe, REFUSED)
    yield Case("exe-pe-as-pdf", "exe", "invoice.pdf", pe, REFUSED)
    yield Case(
        "exe-shell-as-pdf",
        "exe",
        "invoice.pdf",
        b"#!/bin/sh\nrm -rf / --no-preserve-root\n",
        STORED,  # plain text to the door: kept as text, never run
    )
    yield Case(
        "exe-jar",
        "exe",
        "app.jar",
        zip_of({"META-INF/MANIFEST.MF": b"Main-Class: X\n", "X.class": b"\xca\xfe\xba\xbe"}),
        REFUSED,
    )
    yield Case(
        "exe-pdf-zip-polyglot",
        "exe",
        "invoice.pdf",
        text_pdf("poly") + zip_of({"x.exe": pe}),
        STORED,  # a valid PDF first: kept as a PDF, the zip tail never unpacked
    )
    yield Case(
        "exe-html-as-pdf", "exe", "invoice.pdf", b"<html><script>alert(1)</script></html>", STORED
    )
    yield Case("exe-macho", "exe", "app", b"\xcf\xfa\xed\xfe" + b"\0" * 200, REFUSED)
    yield Case("exe-random-1mb", "exe", "blob.bin", random.Random(7).randbytes(1_000_000), REFUSED)


def empty_cases() -> Iterator[Case]:
    yield Case("empty-pdf", "empty", "invoice.pdf", b"", REFUSED)
    yield Case("empty-noname", "empty", "", b"", REFUSED)
    yield Case("empty-eml", "empty", "mail.eml", b"", REFUSED)
    yield Case("one-byte", "empty", "invoice.pdf", b"\0", REFUSED)  # a random binary
    yield Case("whitespace", "empty", "invoice.pdf", b" \n\t\r\n", STORED)
    yield Case("pdf-magic-only", "empty", "invoice.pdf", b"%PDF-", STORED)


# -- the corpus -------------------------------------------------------------------------

SOURCES: tuple[Callable[..., Iterator[Case]], ...] = (
    pdf_cases,
    image_cases,
    zip_cases,
    xml_cases,
    html_cases,
    mail_cases,
    name_cases,
    exe_cases,
    empty_cases,
)


def generate(beacon: str = "http://127.0.0.1:9") -> list[Case]:
    """Every case, in a stable order; `beacon` is the loopback URL no renderer may fetch."""
    cases: list[Case] = []
    for source in SOURCES:
        takes_beacon = "beacon" in source.__code__.co_varnames[: source.__code__.co_argcount]
        cases += source(beacon) if takes_beacon else source()
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases
