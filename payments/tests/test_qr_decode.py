"""The EPC QR image decodes back to the same payload (zxing-cpp, a dev dependency), with
accents and a structured communication."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from payments.epc import epc_payload, qr_png

zxingcpp = pytest.importorskip("zxingcpp")


@pytest.mark.parametrize(
    "kw",
    [
        dict(
            name="Acme SA",
            iban="BE71096123456769",
            bic="GKCCBEBB",
            amount=Decimal("12.30"),
            text="+++240/2838/42818+++",
        ),
        dict(
            name="Société Générale Écrins",
            iban="BE62510007547061",
            amount=Decimal("999999999.99"),
            text="Facture 2026/17 – août",
        ),
    ],
)
def test_the_png_decodes_to_the_payload(kw):
    from PIL import Image

    payload = epc_payload(**kw)
    image = Image.open(io.BytesIO(qr_png(payload)))
    [found] = zxingcpp.read_barcodes(image)
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    assert found.text == payload
    assert found.text.splitlines()[:4] == ["BCD", "002", "1", "SCT"]
