"""REST API of recognition: the office's cartridges and their usage (C10), read only.

For office admins, like the cartridges page; a collaborator or a client gets 403.
"""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.decorators import decorate_view

from tenancy.access import office_admin
from tenancy.policy import office_member

from . import quotas

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
        ],  # fmt: skip
        "by_day": quotas.cartridge_usage_by_day(cartridge),
    }
