"""API: the current user, their office(s), dossiers and a dossier's members."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from core import extensions
from tenancy.access import dossier_access, login_only
from tenancy.models import Office
from tenancy.policy import Cap, caps_for, office_member
from tenancy.selectors import dossier_list_for_user, dossier_members, office_for_user

router = Router(tags=["people and dossiers"])


class MeOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    language: str
    office_role: str | None
    totp_enabled: bool


class OfficeOut(Schema):
    id: int
    name: str
    portal_name: str
    email: str
    phone: str


class DossierOut(Schema):
    id: int
    name: str
    enterprise_number: str
    vat_number: str
    language: str
    updated_until: date | None
    modules: list[str]
    validation_mode: str
    capabilities: list[str]
    intake: dict | None = None  # e-mail addresses and watched folders (documents app)


class MemberOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    profile: str


def _dossier_out(user, dossier) -> dict:
    return {
        "id": dossier.pk,
        "name": dossier.name,
        "enterprise_number": dossier.enterprise_number,
        "vat_number": dossier.vat_number,
        "language": dossier.language,
        "updated_until": dossier.updated_until,
        "modules": list(dossier.modules or []),
        "validation_mode": dossier.validation_mode,
        "capabilities": sorted(caps_for(user, dossier)),
        **extensions.collect("dossier_api", dossier),
    }


@router.get("/me", response=MeOut, summary="The authenticated user")
@decorate_view(login_only)
def me(request):
    user = request.user
    member = office_member(user)
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "office_role": member.role if member else None,
        "totp_enabled": user.totp_enabled,
    }


@router.get(
    "/offices", response=list[OfficeOut], summary="The office the user works for or is a client of"
)
@decorate_view(login_only)
def offices(request):
    office = office_for_user(user=request.user)
    return [office] if isinstance(office, Office) else []


@router.get("/dossiers", response=list[DossierOut], summary="Dossiers the user may open")
@decorate_view(login_only)
@paginate
def dossiers(request, q: str = ""):
    return [
        _dossier_out(request.user, d) for d in dossier_list_for_user(user=request.user, search=q)
    ]


@router.get("/dossiers/{dossier_id}", response=DossierOut, summary="One dossier")
@decorate_view(dossier_access(Cap.VIEW))
def dossier_detail(request, dossier_id: int):
    return _dossier_out(request.user, request.dossier)


@router.get(
    "/dossiers/{dossier_id}/members", response=list[MemberOut], summary="The dossier's client users"
)
@decorate_view(dossier_access(Cap.MANAGE_USERS))
def dossier_member_list(request, dossier_id: int):
    return [
        {
            "id": m.pk,
            "email": m.user.email,
            "first_name": m.user.first_name,
            "last_name": m.user.last_name,
            "profile": m.profile,
        }
        for m in dossier_members(dossier=request.dossier)
    ]
