"""The one place that decides who may do what on which dossier (SPEC A1, A4, A6, A3 modules).

Every page, API endpoint, htmx fragment and file download asks `can()` (or the
decorators in `tenancy.access`, which call it), and every list is scoped with
`dossiers_visible_to()`. See docs/architecture.md for the profiles x capabilities table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tenancy.models import ClientProfile, Dossier, Module, OfficeRole

if TYPE_CHECKING:
    from tenancy.models import User


class Cap(StrEnum):
    # Client side (DESIGN.md "Who sees what").
    UPLOAD = "upload"
    MAILBOX = "mailbox"  # see the dossier's mailboxes (inbox, sent)
    DOCUMENT_EDIT = "document.edit"  # edit, split, merge, delete, send to the office
    ARCHIVE = "archive"  # archive, document folders, history
    FEEDBACK = "feedback"  # dashboard, reports
    FINANCIAL = "financial"  # bank transactions
    PAYMENTS = "payments"
    INVOICING = "invoicing"  # sales invoices, customers, items (J1-J3)
    APPROVAL = "approval"  # approve invoices as a named approver
    MESSAGES = "messages"
    TASKS = "tasks"
    SENT_VIEW = "sent_view"
    CLIENT_SETTINGS = "client.settings"  # users, approval rules, auto-forward, accountant access
    # Both sides.
    VIEW = "view"  # may open the dossier at all
    MANAGE_USERS = "users.manage"  # invite and edit the dossier's client users
    # Office side.
    CONFIGURE = "dossier.configure"  # the office's dossier settings (A3)
    WORKLIST = "worklist"  # booking proposals of the dossier


_CLIENT_CAPS: dict[str, frozenset[Cap]] = {
    ClientProfile.ADMINISTRATOR: frozenset(
        {
            Cap.UPLOAD,
            Cap.MAILBOX,
            Cap.DOCUMENT_EDIT,
            Cap.ARCHIVE,
            Cap.FEEDBACK,
            Cap.FINANCIAL,
            Cap.PAYMENTS,
            Cap.INVOICING,
            Cap.APPROVAL,
            Cap.MESSAGES,
            Cap.TASKS,
            Cap.SENT_VIEW,
            Cap.CLIENT_SETTINGS,
            Cap.MANAGE_USERS,
        }
    ),
    ClientProfile.FULL_ACCESS: frozenset(
        {
            Cap.UPLOAD,
            Cap.MAILBOX,
            Cap.DOCUMENT_EDIT,
            Cap.ARCHIVE,
            Cap.FEEDBACK,
            Cap.FINANCIAL,
            Cap.PAYMENTS,
            Cap.INVOICING,
            Cap.APPROVAL,
            Cap.MESSAGES,
            Cap.TASKS,
            Cap.SENT_VIEW,
        }
    ),
    ClientProfile.DOC_PROCESSING: frozenset(
        {
            Cap.UPLOAD,
            Cap.MAILBOX,
            Cap.DOCUMENT_EDIT,
            Cap.APPROVAL,
            Cap.MESSAGES,
            Cap.TASKS,
            Cap.SENT_VIEW,
        }
    ),
    ClientProfile.DOC_PROCESSING_ARCHIVE: frozenset(
        {
            Cap.UPLOAD,
            Cap.MAILBOX,
            Cap.DOCUMENT_EDIT,
            Cap.ARCHIVE,
            Cap.APPROVAL,
            Cap.MESSAGES,
            Cap.TASKS,
            Cap.SENT_VIEW,
        }
    ),
    ClientProfile.FULL_FEEDBACK: frozenset(
        {
            Cap.ARCHIVE,
            Cap.FEEDBACK,
            Cap.FINANCIAL,
            Cap.PAYMENTS,
            Cap.APPROVAL,
            Cap.MESSAGES,
            Cap.TASKS,
        }
    ),
    # Delivery users see their own uploads only (documents app filters on `sees_own_uploads_only`).
    ClientProfile.DOC_DELIVERY: frozenset({Cap.UPLOAD, Cap.MAILBOX}),
}

# What the office sees of a client's portal: everything but the client's own settings and
# payments; unsent documents only when the client allows it (A6), see `can()`.
_OFFICE_PORTAL_CAPS = frozenset(
    {
        Cap.UPLOAD,
        Cap.ARCHIVE,
        Cap.FEEDBACK,
        Cap.FINANCIAL,
        Cap.MESSAGES,
        Cap.TASKS,
        Cap.SENT_VIEW,
        Cap.MANAGE_USERS,
        Cap.CONFIGURE,
        Cap.WORKLIST,
    }
)

# A disabled module hides these capabilities for everyone, office included.
_MODULE_OF: dict[Cap, str] = {
    Cap.UPLOAD: Module.DOCUMENTS,
    Cap.MAILBOX: Module.DOCUMENTS,
    Cap.DOCUMENT_EDIT: Module.DOCUMENTS,
    Cap.APPROVAL: Module.DOCUMENTS,
    Cap.ARCHIVE: Module.ARCHIVE,
    Cap.FEEDBACK: Module.FEEDBACK,
    Cap.FINANCIAL: Module.FINANCIAL,
    Cap.PAYMENTS: Module.PAYMENTS,
    Cap.MESSAGES: Module.MESSAGES,
    Cap.TASKS: Module.TASKS,
    Cap.SENT_VIEW: Module.SENT_VIEW,
}


def client_profile_caps(profile: str) -> frozenset[Cap]:
    return _CLIENT_CAPS.get(profile, frozenset())


def office_member(user: User):
    """The user's active OfficeMember row, or None (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_fidu_office_member"):
        from tenancy.models import OfficeMember

        user._fidu_office_member = (
            OfficeMember.objects.filter(user=user, is_active=True).select_related("office").first()
        )
    return user._fidu_office_member


def office_role(user: User) -> str | None:
    member = office_member(user)
    return member.role if member else None


def is_office_admin(user: User) -> bool:
    return office_role(user) == OfficeRole.ADMIN


def _assigned_q(user: User) -> Q:
    return (
        Q(collaborators=user)
        | Q(manager=user)
        | Q(client_groups__collaborators=user)
        | Q(client_groups__collaborator_groups__members=user)
    )


def dossiers_visible_to(user: User, qs: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    """The dossiers a user may open at all: the scope of every list."""
    qs = Dossier.objects.all() if qs is None else qs
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    member = office_member(user)
    if member is not None:
        office_qs = qs.filter(office_id=member.office_id)
        if member.role == OfficeRole.ADMIN:
            return office_qs
        if member.role == OfficeRole.COLLABORATOR:
            ids = (
                Dossier.objects.filter(office_id=member.office_id)
                .filter(_assigned_q(user))
                .values("pk")
            )
            return office_qs.filter(pk__in=ids)
        return office_qs.filter(pk__in=Dossier.objects.filter(support_users=user).values("pk"))
    return qs.filter(memberships__user=user).distinct()


def caps_for(user: User, dossier: Dossier) -> frozenset[Cap]:
    """Every capability the user has on the dossier, after profile, role and modules."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_fidu_caps", {})
    if dossier.pk in cache:
        return cache[dossier.pk]
    caps: set[Cap] = set()
    member = office_member(user)
    if member is not None and member.office_id == dossier.office_id:
        if dossiers_visible_to(user).filter(pk=dossier.pk).exists():
            if member.role == OfficeRole.SUPPORT:
                caps |= {Cap.VIEW, Cap.WORKLIST}
            else:
                caps |= {Cap.VIEW} | _OFFICE_PORTAL_CAPS
                if dossier.allow_accountant_unsent:
                    caps |= {Cap.MAILBOX, Cap.DOCUMENT_EDIT}
    else:
        from tenancy.models import DossierMembership

        profile = (
            DossierMembership.objects.filter(dossier=dossier, user=user)
            .values_list("profile", flat=True)
            .first()
        )
        if profile:
            caps |= {Cap.VIEW} | client_profile_caps(profile)
    result = frozenset(c for c in caps if c not in _MODULE_OF or dossier.has_module(_MODULE_OF[c]))
    if Cap.PAYMENTS in result and not _office_payments_enabled(user, dossier):
        result = result - {Cap.PAYMENTS}
    cache[dossier.pk] = result
    return result


def _office_payments_enabled(user: User, dossier: Dossier) -> bool:
    """The office's payment module switch (I2 settings); one query per office and request."""
    if "office" in dossier._state.fields_cache:
        return dossier.office.payments_enabled
    cache = user.__dict__.setdefault("_fidu_office_payments", {})
    if dossier.office_id not in cache:
        from tenancy.models import Office

        cache[dossier.office_id] = bool(
            Office.objects.filter(pk=dossier.office_id)
            .values_list("payments_enabled", flat=True)
            .first()
        )
    return cache[dossier.office_id]


def can(user: User, cap: Cap | str, dossier: Dossier) -> bool:
    return Cap(cap) in caps_for(user, dossier)


def client_profile(user: User, dossier: Dossier) -> str | None:
    from tenancy.models import DossierMembership

    return (
        DossierMembership.objects.filter(dossier=dossier, user=user)
        .values_list("profile", flat=True)
        .first()
    )


def sees_own_uploads_only(user: User, dossier: Dossier) -> bool:
    """Document-delivery users see only what they uploaded themselves (A4)."""
    return client_profile(user, dossier) == ClientProfile.DOC_DELIVERY


def can_manage_office(user: User, office_id: int) -> bool:
    member = office_member(user)
    return member is not None and member.role == OfficeRole.ADMIN and member.office_id == office_id


def forget(user: User) -> None:
    """Drop the per-request caches after a change of role, profile or assignment."""
    user.__dict__.pop("_fidu_caps", None)
    user.__dict__.pop("_fidu_office_member", None)
    user.__dict__.pop("_fidu_office_payments", None)
