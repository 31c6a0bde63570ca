"""Writes for people and tenancy. Each takes the actor, runs in a transaction, audits."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.audit import audit_log
from tenancy.models import (
    AccessRequest,
    AccessRequestStatus,
    ApiToken,
    Dossier,
    DossierMembership,
    Invitation,
    Office,
    OfficeMember,
    User,
)
from tenancy.policy import Cap, can, can_manage_office, forget

# --- Invitations (A5)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send_invitation_mail(invitation: Invitation, token: str) -> None:
    url = settings.FIDU_BASE_URL + reverse("invitation_accept", args=[token])
    office = invitation.office
    with translation.override(invitation.language):
        subject = _("You are invited to %(portal)s") % {"portal": office.display_name}
        body = render_to_string(
            "tenancy/mail/invitation.txt",
            {
                "invitation": invitation,
                "url": url,
                "office": office,
                "days": settings.FIDU_INVITATION_DAYS,
            },
        )
    send_mail(subject, body, None, [invitation.email])


def invitation_create(
    *,
    actor: User,
    office: Office,
    email: str,
    dossier: Dossier | None = None,
    profile: str = "",
    office_role: str = "",
    first_name: str = "",
    last_name: str = "",
    language: str = "fr",
) -> tuple[Invitation, str]:
    """Invite someone to a dossier (client profile) or to the office (office role).

    Returns the invitation and the clear token (only ever in the e-mail).
    """
    if dossier is not None:
        if not can(actor, Cap.MANAGE_USERS, dossier):
            raise PermissionDenied
        if not profile:
            raise ValidationError(_("Choose a profile."))
    else:
        if not can_manage_office(actor, office.pk):
            raise PermissionDenied
        if not office_role:
            raise ValidationError(_("Choose a profile."))
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        if (
            dossier is not None
            and DossierMembership.objects.filter(dossier=dossier, user=existing).exists()
        ):
            raise ValidationError(_("This person already has access to this dossier."))
        if dossier is None and OfficeMember.objects.filter(user=existing).exists():
            raise ValidationError(_("This person is already a collaborator."))
        if dossier is not None and OfficeMember.objects.filter(user=existing).exists():
            raise ValidationError(_("Office collaborators cannot be client users."))
        if dossier is None and DossierMembership.objects.filter(user=existing).exists():
            raise ValidationError(_("Client users cannot be office collaborators."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            office=office,
            dossier=dossier,
            email=email,
            first_name=first_name,
            last_name=last_name,
            language=language,
            profile=profile if dossier else "",
            office_role=office_role if dossier is None else "",
            token_hash=_token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.FIDU_INVITATION_DAYS),
        )
        audit_log(
            actor=actor,
            action="invitation.created",
            obj=invitation,
            dossier_id=dossier.pk if dossier else None,
            office_id=office.pk,
            data={"email": email, "profile": profile or office_role},
        )
        transaction.on_commit(lambda: _send_invitation_mail(invitation, token))
    return invitation, token


class InvitationInvalid(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_get_by_token(*, token: str) -> Invitation:
    """The invitation behind a link, or InvitationInvalid saying why it no longer works."""
    invitation = (
        Invitation.objects.select_related("office", "dossier")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationInvalid(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(
            _("This invitation has already been used. Log in or reset your password.")
        )
    if invitation.expires_at < timezone.now():
        raise InvitationInvalid(_("This invitation has expired. Ask your contact for a new one."))
    return invitation


def invitation_accept(
    *, token: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    with transaction.atomic():
        invitation = invitation_get_by_token(token=token)
        # Lock the row so a double-submitted form cannot accept twice.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise InvitationInvalid(
                _("This invitation has already been used. Log in or reset your password.")
            )
        user = User.objects.filter(email=invitation.email).first()
        if user is None:
            user = User.objects.create_user(
                invitation.email,
                password,
                first_name=first_name or invitation.first_name,
                last_name=last_name or invitation.last_name,
                language=invitation.language,
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if invitation.dossier_id:
            DossierMembership.objects.get_or_create(
                dossier=invitation.dossier, user=user, defaults={"profile": invitation.profile}
            )
        else:
            OfficeMember.objects.get_or_create(
                user=user, defaults={"office": invitation.office, "role": invitation.office_role}
            )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit_log(
            actor=user,
            action="invitation.accepted",
            obj=invitation,
            dossier_id=invitation.dossier_id,
            office_id=invitation.office_id,
        )
    return user


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            action="invitation.revoked",
            obj=invitation,
            dossier_id=invitation.dossier_id,
            office_id=invitation.office_id,
        )


# --- Dossier users


def membership_update(
    *, actor: User, membership: DossierMembership, profile: str
) -> DossierMembership:
    if not can(actor, Cap.MANAGE_USERS, membership.dossier):
        raise PermissionDenied
    with transaction.atomic():
        old = membership.profile
        membership.profile = profile
        membership.full_clean()
        membership.save(update_fields=["profile"])
        audit_log(
            actor=actor,
            action="membership.updated",
            obj=membership,
            data={"from": old, "to": profile},
        )
    forget(membership.user)
    return membership


def membership_remove(*, actor: User, membership: DossierMembership) -> None:
    if not can(actor, Cap.MANAGE_USERS, membership.dossier):
        raise PermissionDenied
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot remove your own access."))
    with transaction.atomic():
        audit_log(
            actor=actor,
            action="membership.removed",
            obj=membership,
            data={"email": membership.user.email},
        )
        membership.delete()


def access_request_create(
    *,
    actor: User,
    dossier: Dossier,
    email: str,
    profile: str,
    first_name: str = "",
    last_name: str = "",
) -> AccessRequest:
    if not can(actor, Cap.CLIENT_SETTINGS, dossier):
        raise PermissionDenied
    with transaction.atomic():
        req = AccessRequest.objects.create(
            dossier=dossier,
            email=email.strip().lower(),
            profile=profile,
            first_name=first_name,
            last_name=last_name,
            requested_by=actor,
        )
        audit_log(actor=actor, action="access_request.created", obj=req, data={"email": req.email})
    return req


def access_request_decide(
    *, actor: User, request_obj: AccessRequest, grant: bool
) -> Invitation | None:
    dossier = request_obj.dossier
    if not can(actor, Cap.CONFIGURE, dossier):
        raise PermissionDenied
    invitation = None
    with transaction.atomic():
        request_obj.status = AccessRequestStatus.GRANTED if grant else AccessRequestStatus.REFUSED
        request_obj.decided_by = actor
        request_obj.decided_at = timezone.now()
        request_obj.save(update_fields=["status", "decided_by", "decided_at"])
        audit_log(
            actor=actor, action="access_request.decided", obj=request_obj, data={"granted": grant}
        )
        if grant:
            invitation, _token = invitation_create(
                actor=actor,
                office=dossier.office,
                dossier=dossier,
                email=request_obj.email,
                profile=request_obj.profile,
                first_name=request_obj.first_name,
                last_name=request_obj.last_name,
                language=dossier.language,
            )
    return invitation


# --- Dossier settings (A3, A6)


def dossier_update(*, actor: User, dossier: Dossier, **changes: Any) -> Dossier:
    """Office-side settings need CONFIGURE; the client's A6 switch needs CLIENT_SETTINGS,
    which only the client's administrator has: the office can never give itself consent."""
    client_fields = {"allow_accountant_unsent"}
    office_fields = {
        "name",
        "enterprise_number",
        "vat_number",
        "vat_exempt",
        "language",
        "address",
        "email",
        "updated_until",
        "modules",
        "validation_mode",
        "manager",
    }
    unknown = set(changes) - client_fields - office_fields
    if unknown:
        raise ValueError(f"unknown dossier fields: {sorted(unknown)}")
    if set(changes) & office_fields and not can(actor, Cap.CONFIGURE, dossier):
        raise PermissionDenied
    if set(changes) & client_fields and not can(actor, Cap.CLIENT_SETTINGS, dossier):
        raise PermissionDenied
    with transaction.atomic():
        before = {k: getattr(dossier, k) for k in changes}
        for key, value in changes.items():
            setattr(dossier, key, value)
        dossier.full_clean()
        dossier.save()
        audit_log(
            actor=actor,
            action="dossier.updated",
            obj=dossier,
            data={k: [str(before[k]), str(v)] for k, v in changes.items() if before[k] != v},
        )
        if "allow_accountant_unsent" in changes and before["allow_accountant_unsent"] != bool(
            changes["allow_accountant_unsent"]
        ):
            given = bool(changes["allow_accountant_unsent"])
            audit_log(
                actor=actor,
                action="dossier.consent_given" if given else "dossier.consent_withdrawn",
                obj=dossier,
                data={"consent": "accountant_may_open_unsent_documents"},
            )
    forget(actor)
    return dossier


def dossier_updated_until_set(*, actor: User | None, dossier: Dossier, day) -> Dossier:
    """Record how far the books are up to date (D4); the nightly sync calls it with no actor."""
    if actor is not None and not can(actor, Cap.CONFIGURE, dossier):
        raise PermissionDenied
    with transaction.atomic():
        before = dossier.updated_until
        Dossier.objects.filter(pk=dossier.pk).update(updated_until=day)
        dossier.updated_until = day
        audit_log(
            actor=actor,
            action="dossier.updated_until",
            obj=dossier,
            data={"from": str(before) if before else None, "to": str(day) if day else None},
        )
    return dossier


# --- Branding (A7)


def office_update_branding(
    *,
    actor: User,
    office: Office,
    logo_bytes: bytes | None = None,
    remove_logo: bool = False,
    **changes: Any,
) -> Office:
    """Save the office's branding; a new logo replaces the old one, `remove_logo` drops it
    (the blob stays: the audit trail names it)."""
    if not can_manage_office(actor, office.pk):
        raise PermissionDenied
    from core.storage import blob_put

    allowed = {
        "portal_name",
        "banner_layout",
        "color_background",
        "color_app",
        "color_button",
        "email",
        "phone",
        "address",
        "notice_email",
        "name",
    }
    if set(changes) - allowed:
        raise ValueError("unknown office fields")
    with transaction.atomic():
        for key, value in changes.items():
            setattr(office, key, value)
        removed_logo = office.logo_id if remove_logo and logo_bytes is None else None
        if logo_bytes is not None:
            office.logo = blob_put(logo_bytes, content_type="image")
        elif removed_logo:
            office.logo = None
        office.full_clean()
        office.save()
        if removed_logo:
            audit_log(
                actor=actor,
                action="office.logo_removed",
                obj=office,
                office_id=office.pk,
                data={"logo": removed_logo},
            )
        audit_log(
            actor=actor,
            action="office.branding_updated",
            obj=office,
            office_id=office.pk,
            data={k: str(v) for k, v in changes.items()}
            | ({"logo": office.logo_id} if logo_bytes else {}),
        )
    return office


# --- Personal settings, second factor, API tokens (A5)


def user_update_preferences(
    *,
    actor: User,
    language: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    notification_prefs: dict | None = None,
) -> User:
    with transaction.atomic():
        fields = []
        if language is not None:
            if language not in dict(settings.LANGUAGES):
                raise ValidationError(_("Unknown language."))
            actor.language = language
            fields.append("language")
        if first_name is not None:
            actor.first_name = first_name
            fields.append("first_name")
        if last_name is not None:
            actor.last_name = last_name
            fields.append("last_name")
        if notification_prefs is not None:
            actor.notification_prefs = notification_prefs
            fields.append("notification_prefs")
        if fields:
            actor.save(update_fields=fields)
            audit_log(
                actor=actor, action="user.preferences_updated", obj=actor, data={"fields": fields}
            )
    return actor


def totp_begin(*, actor: User) -> str:
    """A fresh secret, kept on the user but not active until confirmed with a code."""
    actor.totp_secret = pyotp.random_base32()
    actor.totp_enabled = False
    actor.save(update_fields=["totp_secret", "totp_enabled"])
    return actor.totp_secret


def totp_uri(user: User, issuer: str) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def totp_verify(user: User, code: str) -> bool:
    if not user.totp_secret:
        return False
    code = "".join(ch for ch in code if ch.isdigit())
    return len(code) == 6 and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)


def totp_confirm(*, actor: User, code: str) -> None:
    if not totp_verify(actor, code):
        raise ValidationError(_("That code is not right. Check your phone's clock and try again."))
    with transaction.atomic():
        actor.totp_enabled = True
        actor.save(update_fields=["totp_enabled"])
        audit_log(actor=actor, action="user.totp_enabled", obj=actor)


def totp_disable(*, actor: User, code: str) -> None:
    if not totp_verify(actor, code):
        raise ValidationError(_("That code is not right."))
    with transaction.atomic():
        actor.totp_enabled = False
        actor.totp_secret = ""
        actor.save(update_fields=["totp_enabled", "totp_secret"])
        audit_log(actor=actor, action="user.totp_disabled", obj=actor)


TOKEN_PREFIX = "fidu_"


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name.strip() or _("API token"),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            key_hash=_token_hash(secret),
        )
        audit_log(actor=actor, action="api_token.created", obj=token, data={"name": token.name})
    return token, secret


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="api_token.revoked", obj=token)


def api_token_authenticate(secret: str) -> User | None:
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write at most once a minute: a scanner posting hundreds of files must not hammer the row.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- Dossiers and assignments (A2, A3)


def dossier_create(
    *, actor: User, office: Office, name: str, vat_number: str = "", language: str = "fr"
) -> Dossier:
    if not can_manage_office(actor, office.pk):
        raise PermissionDenied
    with transaction.atomic():
        dossier = Dossier.objects.create(
            office=office,
            name=name.strip(),
            vat_number=vat_number,
            enterprise_number=vat_number[2:] if vat_number.upper().startswith("BE") else "",
            language=language,
        )
        audit_log(actor=actor, action="dossier.created", obj=dossier, data={"name": dossier.name})
    return dossier


def dossier_assign(
    *,
    actor: User,
    dossier: Dossier,
    manager: User | None,
    collaborators,
    support_users,
    client_groups,
) -> Dossier:
    if not can(actor, Cap.CONFIGURE, dossier):
        raise PermissionDenied
    office_id = dossier.office_id
    people = [p for p in [manager, *collaborators, *support_users] if p is not None]
    if any(
        getattr(getattr(p, "office_member", None), "office_id", None) != office_id for p in people
    ):
        raise PermissionDenied
    if any(g.office_id != office_id for g in client_groups):
        raise PermissionDenied
    with transaction.atomic():
        dossier.manager = manager
        dossier.save(update_fields=["manager"])
        dossier.collaborators.set(collaborators)
        dossier.support_users.set(support_users)
        dossier.client_groups.set(client_groups)
        audit_log(
            actor=actor,
            action="dossier.assigned",
            obj=dossier,
            data={
                "manager": manager.email if manager else None,
                "collaborators": sorted(u.email for u in collaborators),
                "support": sorted(u.email for u in support_users),
                "client_groups": sorted(g.name for g in client_groups),
            },
        )
    return dossier


def client_group_save(
    *,
    actor: User,
    office: Office,
    group=None,
    name: str,
    dossiers,
    collaborators,
    collaborator_groups,
):
    from tenancy.models import ClientGroup

    if not can_manage_office(actor, office.pk):
        raise PermissionDenied
    with transaction.atomic():
        if group is None:
            group = ClientGroup.objects.create(office=office, name=name)
        else:
            group.name = name
            group.save(update_fields=["name"])
        group.dossiers.set(dossiers)
        group.collaborators.set(collaborators)
        group.collaborator_groups.set(collaborator_groups)
        audit_log(
            actor=actor,
            action="client_group.saved",
            obj=group,
            office_id=office.pk,
            data={"name": name, "dossiers": [d.pk for d in dossiers]},
        )
    return group


def collaborator_group_save(*, actor: User, office: Office, group=None, name: str, members):
    from tenancy.models import CollaboratorGroup

    if not can_manage_office(actor, office.pk):
        raise PermissionDenied
    with transaction.atomic():
        if group is None:
            group = CollaboratorGroup.objects.create(office=office, name=name)
        else:
            group.name = name
            group.save(update_fields=["name"])
        group.members.set(members)
        audit_log(
            actor=actor,
            action="collaborator_group.saved",
            obj=group,
            office_id=office.pk,
            data={"name": name, "members": sorted(u.email for u in members)},
        )
    return group
