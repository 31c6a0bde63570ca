"""The office's periodic VAT return: grids, drill-down to entries, Intervat XML, publishing
its PDF to the client."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback.reports import services
from feedback.selectors import vat_return_keys
from feedback.vat.grids import (
    COMPUTED,
    NOT_FROM_CODES,
    OFFICE_GRIDS,
    ZERO,
    grid_lines,
    office_return,
)
from feedback.vat.intervat import vat_consignment
from feedback.vat.listings import listing_file_name, listing_get, listing_xml
from tenancy.access import dossier_access
from tenancy.policy import Cap

ALL_GRIDS = {box for _f, boxes in OFFICE_GRIDS for box in boxes}


def _return(request):
    try:
        return office_return(dossier=request.dossier, key=request.GET.get("period", ""))
    except ValueError:
        raise Http404 from None


@dossier_access(Cap.CONFIGURE)
def vat_office_view(request, dossier_id: int):
    ret = _return(request)
    return render(
        request,
        "feedback/reports/vat_office.html",
        {
            "dossier": request.dossier,
            "ret": ret,
            "keys": vat_return_keys(dossier=request.dossier),
            "computed": COMPUTED,
            "manual": NOT_FROM_CODES,
        },
    )


@dossier_access(Cap.CONFIGURE)
def vat_grid_view(request, dossier_id: int, box: str):
    if box not in ALL_GRIDS:
        raise Http404
    ret = _return(request)
    if ret is None:
        raise Http404
    lines = grid_lines(dossier=request.dossier, ret=ret, box=box)
    return render(
        request,
        "feedback/reports/vat_grid.html",
        {
            "dossier": request.dossier,
            "ret": ret,
            "box": box,
            "lines": lines,
            "total": sum((g.amount for g in lines), ZERO),
            "grid_amount": ret.grids.get(box),
        },
    )


@dossier_access(Cap.CONFIGURE)
def vat_xml_view(request, dossier_id: int):
    ret = _return(request)
    if ret is None:
        raise Http404
    response = HttpResponse(
        vat_consignment(dossier=request.dossier, ret=ret), content_type="application/xml"
    )
    response["Content-Disposition"] = f'attachment; filename="vat-return-{ret.key}.xml"'
    return response


@dossier_access(Cap.CONFIGURE)
@require_POST
def vat_publish_view(request, dossier_id: int):
    key = request.POST.get("period", "")
    try:
        services.vat_return_publish(actor=request.user, dossier=request.dossier, key=key)
    except ValueError:
        messages.error(request, _("This period has no VAT return to publish."))
    else:
        messages.success(request, _("The VAT return is in the client's Shared by my accountant."))
    return redirect(reverse("feedback_vat_office", args=[dossier_id]) + f"?period={quote(key)}")


def _listing_params(source) -> tuple[int | None, str]:
    try:
        year = int(source.get("year") or 0) or None
    except ValueError:
        raise Http404 from None
    return year, source.get("period", "")


@dossier_access(Cap.CONFIGURE)
def vat_listings_view(request, dossier_id: int):
    """The annual customer listing and the intra-EU listing of the chosen period."""
    ret = _return(request)
    year, _period = _listing_params(request.GET)
    year = year or (ret.first.start.year if ret else None)
    customers = intra = None
    if year:
        try:
            customers = listing_get(dossier=request.dossier, kind="customers", year=year)
        except ValueError:
            raise Http404 from None
    if ret:
        intra = listing_get(dossier=request.dossier, kind="intra", period=ret.key)
    return render(
        request,
        "feedback/reports/vat_listings.html",
        {
            "dossier": request.dossier,
            "ret": ret,
            "year": year,
            "customers": customers,
            "intra": intra,
            "keys": vat_return_keys(dossier=request.dossier),
        },
    )


@dossier_access(Cap.CONFIGURE)
def vat_listing_xml_view(request, dossier_id: int, kind: str):
    """The Intervat file of a listing: ?year= for the customers, ?period= for intra-EU."""
    year, period = _listing_params(request.GET)
    try:
        listing = listing_get(dossier=request.dossier, kind=kind, year=year, period=period)
        data = listing_xml(dossier=request.dossier, listing=listing)
    except ValueError:
        raise Http404 from None
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{listing_file_name(listing)}"'
    return response


@dossier_access(Cap.CONFIGURE)
@require_POST
def vat_listing_publish_view(request, dossier_id: int, kind: str):
    """The listing's PDF into the client's Shared by my accountant."""
    year, period = _listing_params(request.POST)
    try:
        services.vat_listing_publish(
            actor=request.user, dossier=request.dossier, kind=kind, year=year, period=period
        )
    except ValueError:
        messages.error(request, _("This listing could not be published."))
    else:
        messages.success(request, _("The listing is in the client's Shared by my accountant."))
    query = f"?year={year or ''}&period={quote(period)}"
    return redirect(reverse("feedback_vat_listings", args=[dossier_id]) + query)
