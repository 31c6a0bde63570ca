"""REST API of recognition, read only: the office's cartridges and their usage (C10), for
office admins like the cartridges page (others get 403); a document's extraction, for
whoever may open the document.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from ninja import Router, Schema
from ninja.decorators import decorate_view

from documents.selectors import document_visible
from tenancy.access import object_access, office_admin
from tenancy.policy import Cap, office_member

from . import quotas
from .modes import extraction_for_viewer

router = Router(tags=["recognition"])


class CartridgeOut(Schema):
    id: int
    mode: str
    capacity: int
    starts_on: date
    ends_on: date
    used: int
    percent: int
    level: str  # ok | warning (from 90 %) | full
    alerts: list[int]  # thresholds already alerted, in percent


class DossierUsageOut(Schema):
    dossier: int
    name: str
    documents: int
    pages: int


class DayUsageOut(Schema):
    day: date
    documents: int
    pages: int


class CartridgeUsageOut(Schema):
    cartridge: CartridgeOut
    by_dossier: list[DossierUsageOut]
    by_day: list[DayUsageOut]


def _out(use: quotas.CartridgeUse) -> dict:
    c = use.cartridge
    return {
        "id": c.pk,
        "mode": c.mode,
        "capacity": c.capacity,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "used": use.used,
        "percent": use.percent,
        "level": use.level,
        "alerts": sorted(c.alerts.values_list("threshold", flat=True)),
    }


@router.get("/office/cartridges", response=list[CartridgeOut])
@decorate_view(office_admin)
def cartridge_index(request):
    office = office_member(request.user).office
    return [_out(use) for use in quotas.cartridges_overview(office=office)]


@router.get("/office/cartridges/{cartridge_id}", response=CartridgeUsageOut)
@decorate_view(office_admin)
def cartridge_usage(request, cartridge_id: int):
    office = office_member(request.user).office
    cartridge = quotas.cartridge_get_for_office(office=office, cartridge_id=cartridge_id)
    return {
        "cartridge": _out(quotas.CartridgeUse(cartridge, quotas.cartridge_used(cartridge))),
        "by_dossier": [
            {
                "dossier": r["dossier_id"],
                "name": r["dossier__name"],
                "documents": r["documents"],
                "pages": r["pages"],
            }
            for r in quotas.cartridge_usage_by_dossier(cartridge)
        ],
        "by_day": quotas.cartridge_usage_by_day(cartridge),
    }


# -- a document's extraction ------------------------------------------------------------


class FieldOut(Schema):
    value: Any = None
    confidence: float
    source: str  # xml | text | ocr | learned | person
    page: int | None = None
    box: list[float] | None = None  # x0, y0, x1, y1 as fractions of the page


class ExtractionOut(Schema):
    document: int
    held: bool  # verified mode (C1): the office has not checked it yet, fields withheld
    notice: str
    status: str | None = None  # ok | nothing_recognised | unreadable | technical_error
    reason: str = ""
    source: str | None = None  # xml | text | ocr | mixed | none
    mode: str | None = None
    fields: dict[str, FieldOut] = {}
    vat_breakdown: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    validation: dict[str, Any] | None = None
    possible_duplicate_of: int | None = None
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0


@router.get("/documents/{document_id}/extraction", response=ExtractionOut)
@decorate_view(
    object_access("documents.Document", Cap.VIEW, kwarg="document_id", check=document_visible)
)
def extraction_get(request, document_id: int):
    """The recognised fields of the document's current version, as the annotation screen
    and the recognised-fields page show them. 404 until recognition has run."""
    document = request.fidu_object
    extraction, held, notice = extraction_for_viewer(document, request.user)
    if held:
        return {"document": document.pk, "held": True, "notice": notice}
    if extraction is None:
        raise Http404
    return {
        "document": document.pk,
        "held": False,
        "notice": notice,
        "status": extraction.status,
        "reason": extraction.reason,
        "source": extraction.source,
        "mode": extraction.mode,
        "fields": extraction.fields,
        "vat_breakdown": extraction.vat_breakdown,
        "lines": extraction.lines,
        "validation": extraction.validation,
        "possible_duplicate_of": extraction.possible_duplicate_of_id,
        "pages": extraction.pages,
        "ocr_pages": extraction.ocr_pages,
        "seconds": extraction.seconds,
    }
