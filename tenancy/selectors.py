"""Reads scoped to what the user may see. A bare Model.objects.get(pk=...) in a view is a bug."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tenancy.models import (
    AccessRequest,
    ApiToken,
    Dossier,
    DossierMembership,
    Invitation,
    Office,
    OfficeMember,
    User,
)
from tenancy.policy import dossiers_visible_to, office_member


def dossier_list_for_user(*, user: User, search: str = "") -> QuerySet[Dossier]:
    qs = dossiers_visible_to(user).select_related("office", "manager")
    if search:
        from django.db.models import Q

        qs = qs.filter(
            Q(name__icontains=search)
            | Q(vat_number__icontains=search)
            | Q(enterprise_number__icontains=search)
        )
    return qs.order_by("name")


def dossier_get_for_user(*, user: User, dossier_id: int | str) -> Dossier:
    try:
        return dossiers_visible_to(user).select_related("office").get(pk=int(dossier_id))
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def office_for_user(*, user: User) -> Office | None:
    """The office whose branding and contact the user sees: their own, or their dossiers' office."""
    member = office_member(user)
    if member is not None:
        return member.office
    membership = (
        DossierMembership.objects.filter(user=user).select_related("dossier__office").first()
    )
    return membership.dossier.office if membership else None


def dossier_members(*, dossier: Dossier) -> QuerySet[DossierMembership]:
    return dossier.memberships.select_related("user").order_by("user__email")


def dossier_pending_invitations(*, dossier: Dossier) -> QuerySet[Invitation]:
    return dossier.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def office_collaborators(*, office: Office) -> QuerySet[OfficeMember]:
    return office.members.select_related("user").order_by("user__email")


def access_requests_for_office(*, office: Office) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(dossier__office=office, status="pending").select_related(
        "dossier"
    )


def api_tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.filter(revoked_at__isnull=True)
