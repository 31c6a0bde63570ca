"""I2: the office settings (admins only). Every save checks the actor, validates, audits.

What lower apps must read sits on `tenancy.Office` (`payments_enabled` for the payments
capability, `key_figures_closed_only` for the dashboard); the rest is one
`OfficeSettings` row per office, created on first save (no write on GET: reads fall back
to an unsaved row with the defaults).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_log
from ledger.belgium.defaults import JOURNALS
from ledger.belgium.vat import vat_codes
from ledger.models import JournalKind, VatKind, VatRegion
from office.models import ActivationBy, OfficeSettings
from tenancy.models import (
    ClientGroup,
    Dossier,
    Invitation,
    Office,
    OfficeMember,
    OfficeRole,
    User,
)
from tenancy.policy import can_manage_office, forget, office_member
from tenancy.services import invitation_create, invitation_revoke

# --- Reading


def settings_for(office: Office) -> OfficeSettings:
    """The office's settings row, or an unsaved one with the defaults."""
    return OfficeSettings.objects.filter(office=office).first() or OfficeSettings(office=office)


def may_activate(user: User) -> bool:
    """Whether `user` may activate dossiers: admins always, collaborators when the office
    says "admins and collaborators", support users never."""
    member = office_member(user)
    if member is None:
        return False
    if member.role == OfficeRole.ADMIN:
        return True
    if member.role != OfficeRole.COLLABORATOR:
        return False
    row = OfficeSettings.objects.filter(office_id=member.office_id).values("activation_by").first()
    return row is not None and row["activation_by"] == ActivationBy.STAFF


def _guard(actor: User, office: Office) -> None:
    if not can_manage_office(actor, office.pk):
        raise PermissionDenied


def _save_settings(actor: User, office: Office, action: str, **values: Any) -> OfficeSettings:
    with transaction.atomic():
        row, _created = OfficeSettings.objects.select_for_update().get_or_create(office=office)
        before = {k: getattr(row, k) for k in values}
        for k, v in values.items():
            setattr(row, k, v)
        row.full_clean()
        row.save()
        audit_log(
            actor=actor,
            action=action,
            obj=row,
            office_id=office.pk,
            data={k: {"from": before[k], "to": v} for k, v in values.items() if before[k] != v},
        )
    return row


# --- General


def general_save(
    *,
    actor: User,
    office: Office,
    portal_name: str,
    key_figures_closed_only: bool,
    activation_by: str,
    payments_enabled: bool,
) -> Office:
    _guard(actor, office)
    portal_name = (portal_name or "").strip()
    if len(portal_name) > 200:
        raise ValidationError(_("The portal name is too long (200 characters at most)."))
    if activation_by not in ActivationBy.values:
        raise ValidationError(_("Choose who may activate dossiers."))
    with transaction.atomic():
        office = Office.objects.select_for_update().get(pk=office.pk)
        changes = {
            "portal_name": portal_name,
            "key_figures_closed_only": bool(key_figures_closed_only),
            "payments_enabled": bool(payments_enabled),
        }
        before = {k: getattr(office, k) for k in changes}
        for k, v in changes.items():
            setattr(office, k, v)
        office.full_clean()
        office.save(update_fields=list(changes))
        audit_log(
            actor=actor,
            action="office.settings_updated",
            obj=office,
            office_id=office.pk,
            data={k: {"from": before[k], "to": v} for k, v in changes.items() if before[k] != v},
        )
        _save_settings(actor, office, "office.activation_rule_updated", activation_by=activation_by)
    forget(actor)
    return office


# --- Collaborators


def _member_of(actor: User, member: OfficeMember) -> None:
    admin = office_member(actor)
    if admin is None or admin.role != OfficeRole.ADMIN or admin.office_id != member.office_id:
        raise PermissionDenied


def _other_admins(member: OfficeMember) -> int:
    return (
        OfficeMember.objects.filter(
            office_id=member.office_id, role=OfficeRole.ADMIN, is_active=True
        )
        .exclude(pk=member.pk)
        .count()
    )


def collaborator_update(
    *, actor: User, member: OfficeMember, role: str, is_active: bool
) -> OfficeMember:
    """Change a collaborator's profile or (de)activate them; never oneself, never the last
    active admin."""
    _member_of(actor, member)
    if role not in OfficeRole.values:
        raise ValidationError(_("Choose a profile."))
    if member.user_id == actor.pk and (role != member.role or not is_active):
        raise ValidationError(_("You cannot change your own profile or deactivate yourself."))
    loses_admin = member.role == OfficeRole.ADMIN and member.is_active
    loses_admin = loses_admin and (role != OfficeRole.ADMIN or not is_active)
    with transaction.atomic():
        # Lock the office's admins: two admins demoting each other at once keep one.
        list(
            OfficeMember.objects.select_for_update().filter(
                office_id=member.office_id, role=OfficeRole.ADMIN
            )
        )
        if loses_admin and _other_admins(member) == 0:
            raise ValidationError(_("The office needs at least one active admin."))
        before = {"role": member.role, "is_active": member.is_active}
        member.role = role
        member.is_active = bool(is_active)
        member.save(update_fields=["role", "is_active"])
        audit_log(
            actor=actor,
            action="office.collaborator_updated",
            obj=member,
            office_id=member.office_id,
            data={
                "email": member.user.email,
                "from": before,
                "to": {"role": role, "is_active": bool(is_active)},
            },
        )
    forget(member.user)
    return member


def collaborator_assign(*, actor: User, member: OfficeMember, dossiers, client_groups) -> None:
    """The dossiers a collaborator works on directly (a support user: whose worklists it
    works) and the client groups it belongs to; only the office's own."""
    _member_of(actor, member)
    dossiers = list(dossiers)
    client_groups = list(client_groups)
    if any(d.office_id != member.office_id for d in dossiers) or any(
        g.office_id != member.office_id for g in client_groups
    ):
        raise PermissionDenied
    user = member.user
    own_dossiers = Dossier.objects.filter(office_id=member.office_id)
    own_groups = ClientGroup.objects.filter(office_id=member.office_id)
    with transaction.atomic():
        relation = (
            user.support_dossiers if member.role == OfficeRole.SUPPORT else user.assigned_dossiers
        )
        relation.remove(*own_dossiers.exclude(pk__in=[d.pk for d in dossiers]))
        relation.add(*dossiers)
        user.client_groups.remove(*own_groups.exclude(pk__in=[g.pk for g in client_groups]))
        user.client_groups.add(*client_groups)
        audit_log(
            actor=actor,
            action="office.collaborator_assigned",
            obj=member,
            office_id=member.office_id,
            data={
                "email": user.email,
                "dossiers": sorted(d.pk for d in dossiers),
                "client_groups": sorted(g.name for g in client_groups),
            },
        )
    forget(user)


def collaborator_remove(*, actor: User, member: OfficeMember) -> None:
    """Take the person out of the office: the membership and every assignment go, the
    account is switched off (its rows stay for the audit trail)."""
    _member_of(actor, member)
    if member.user_id == actor.pk:
        raise ValidationError(_("You cannot remove yourself."))
    with transaction.atomic():
        if member.role == OfficeRole.ADMIN and member.is_active and _other_admins(member) == 0:
            raise ValidationError(_("The office needs at least one active admin."))
        user = member.user
        office_dossiers = Dossier.objects.filter(office_id=member.office_id)
        user.assigned_dossiers.remove(*office_dossiers)
        user.support_dossiers.remove(*office_dossiers)
        office_dossiers.filter(manager=user).update(manager=None)
        user.client_groups.remove(*ClientGroup.objects.filter(office_id=member.office_id))
        user.collaborator_groups.remove(
            *user.collaborator_groups.filter(office_id=member.office_id)
        )
        audit_log(
            actor=actor,
            action="office.collaborator_removed",
            obj=member,
            office_id=member.office_id,
            data={"email": user.email, "role": member.role},
        )
        member.delete()
        user.is_active = False
        user.save(update_fields=["is_active"])
    forget(user)


def pending_invitations(office: Office):
    return office.invitations.filter(
        dossier__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
    )


def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """A new link (only a hash of each is kept, so the old one cannot be sent again): the
    old invitation is withdrawn and a new one with the same details mailed."""
    _guard(actor, invitation.office)
    if invitation.dossier_id or invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation is no longer pending."))
    with transaction.atomic():
        invitation_revoke(actor=actor, invitation=invitation)
        new, _token = invitation_create(
            actor=actor,
            office=invitation.office,
            email=invitation.email,
            office_role=invitation.office_role,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            language=invitation.language,
        )
    return new


def invitation_withdraw(*, actor: User, invitation: Invitation) -> None:
    _guard(actor, invitation.office)
    if invitation.dossier_id or invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation is no longer pending."))
    invitation_revoke(actor=actor, invitation=invitation)


# --- Default journals of new dossiers

JOURNAL_CODE = re.compile(r"^[A-Z0-9]{1,8}$")


def default_journals() -> list[dict]:
    return [
        {
            "code": code,
            "kind": kind,
            "alias": alias,
            "description": description,
            "credit_note_only": cn_only,
            "account": account,
            "active": True,
        }
        for code, kind, alias, description, cn_only, account in JOURNALS
    ]


def journals_for(office: Office) -> list[dict]:
    return settings_for(office).journals or default_journals()


def journals_save(*, actor: User, office: Office, rows: list[dict]) -> OfficeSettings:
    """Rows: code, kind, alias, description, credit_note_only, active (account kept from
    the Belgian default of the same code for financial journals)."""
    _guard(actor, office)
    accounts = {j["code"]: j["account"] for j in default_journals()}
    clean: list[dict] = []
    seen: set[str] = set()
    for row in rows:
        code = (row.get("code") or "").strip().upper()
        if not code:
            continue
        if not JOURNAL_CODE.match(code):
            raise ValidationError(
                _("“%(code)s”: a journal code is 1 to 8 letters or digits.") % {"code": code}
            )
        if code in seen:
            raise ValidationError(_("The journal code %(code)s is used twice.") % {"code": code})
        seen.add(code)
        kind = row.get("kind") or ""
        if kind not in JournalKind.values:
            raise ValidationError(_("Choose the type of journal %(code)s.") % {"code": code})
        alias = (row.get("alias") or "").strip().upper()
        if len(alias) > 8:
            raise ValidationError(_("An alias is 8 characters at most."))
        description = (row.get("description") or "").strip()[:200]
        clean.append(
            {
                "code": code,
                "kind": kind,
                "alias": alias,
                "description": description,
                "credit_note_only": bool(row.get("credit_note_only"))
                and kind in ("purchases", "sales"),
                "account": accounts.get(code, "") if kind == "financial" else "",
                "active": bool(row.get("active")),
            }
        )
    active_kinds = {r["kind"] for r in clean if r["active"] and not r["credit_note_only"]}
    if not {"purchases", "sales"} <= active_kinds:
        raise ValidationError(
            _("Keep at least one active purchases journal and one active sales journal.")
        )
    if clean == default_journals():
        clean = []  # the Belgian defaults, as shown: nothing of the office's own to keep
    return _save_settings(actor, office, "office.journals_updated", journals=clean)


def journals_for_new_books(dossier: Dossier) -> dict:
    """The `default_journals` extension point ledger asks when it opens a dossier's books:
    the office's active journals, as ledger's tuples, when the office changed them."""
    row = OfficeSettings.objects.filter(office_id=dossier.office_id).first()
    out: dict[str, Any] = {}
    if row is not None and row.journals:
        out["journals"] = [
            (
                j["code"],
                j["kind"],
                j["alias"],
                j["description"],
                j["credit_note_only"],
                j["account"],
            )
            for j in row.journals
            if j.get("active")
        ]
    if row is not None and row.vat_overrides:
        out["vat_overrides"] = row.vat_overrides
    return out


# --- VAT codes: office overrides of the generic Belgian table (alias, type, region)

VAT_OVERRIDE_FIELDS = ("alias", "kind", "region")


def vat_table(office: Office) -> list[dict]:
    overrides = settings_for(office).vat_overrides or {}
    rows = []
    for v in vat_codes():
        o = overrides.get(v.code, {})
        rows.append(
            {
                "code": v.code,
                "names": v.names,
                "direction": v.direction,
                "rate": v.rate,
                "default_kind": v.kind,
                "default_region": v.region,
                "alias": o.get("alias", ""),
                "kind": o.get("kind", v.kind),
                "region": o.get("region", v.region),
                "changed": bool(o),
            }
        )
    return rows


def vat_overrides_save(*, actor: User, office: Office, rows: dict[str, dict]) -> OfficeSettings:
    """`rows`: code -> alias, kind, region. Only what differs from the Belgian default is
    kept. Rates, boxes and accounts (the posting rules) are never changed here."""
    _guard(actor, office)
    defaults = {v.code: v for v in vat_codes()}
    clean: dict[str, dict] = {}
    for code, row in rows.items():
        if code not in defaults:
            raise ValidationError(_("Unknown VAT code %(code)s.") % {"code": code})
        v = defaults[code]
        alias = (row.get("alias") or "").strip()
        if len(alias) > 12:
            raise ValidationError(_("An alias is 12 characters at most."))
        kind = row.get("kind") or v.kind
        region = row.get("region") or v.region
        if kind not in VatKind.values or region not in VatRegion.values:
            raise ValidationError(_("Choose a type and a region for %(code)s.") % {"code": code})
        o = {}
        if alias:
            o["alias"] = alias
        if kind != v.kind:
            o["kind"] = kind
        if region != v.region:
            o["region"] = region
        if o:
            clean[code] = o
    return _save_settings(actor, office, "office.vat_codes_updated", vat_overrides=clean)


# --- Help videos and the links and apps shown to clients


def _url(value: str) -> str:
    value = (value or "").strip()
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or len(value) > 500:
        raise ValidationError(_("“%(url)s” is not an https:// address.") % {"url": value[:80]})
    return value


def help_modules() -> dict[str, object]:
    from office.help import MODULES

    return {k: title for k, (title, _text) in MODULES.items()}


def help_videos_save(*, actor: User, office: Office, rows: list[dict]) -> OfficeSettings:
    _guard(actor, office)
    modules = help_modules()
    clean = []
    for row in rows:
        title = (row.get("title") or "").strip()
        url = (row.get("url") or "").strip()
        if not title and not url:
            continue
        if not title or len(title) > 120:
            raise ValidationError(_("Give each video a title (120 characters at most)."))
        if row.get("module") not in modules:
            raise ValidationError(_("Choose the module of the video “%(t)s”.") % {"t": title})
        clean.append({"module": row["module"], "title": title, "url": _url(url)})
    return _save_settings(actor, office, "office.help_videos_updated", help_videos=clean)


def help_videos_for(user: User, module: str) -> list[dict]:
    """The videos the user's office (a client: the offices of its dossiers) shows on a
    module's help page."""
    member = office_member(user)
    if member is not None:
        office_ids = [member.office_id]
    else:
        office_ids = list(
            Dossier.objects.filter(memberships__user=user).values_list("office_id", flat=True)
        )
    out: list[dict] = []
    for videos in OfficeSettings.objects.filter(office_id__in=set(office_ids)).values_list(
        "help_videos", flat=True
    ):
        out += [v for v in videos or [] if v.get("module") == module]
    return out


LINK_KINDS = {"link": gettext_lazy("Link"), "app": gettext_lazy("App")}


def client_links_save(*, actor: User, office: Office, rows: list[dict]) -> OfficeSettings:
    _guard(actor, office)
    clean = []
    for row in rows:
        title = (row.get("title") or "").strip()
        url = (row.get("url") or "").strip()
        if not title and not url:
            continue
        if not title or len(title) > 120:
            raise ValidationError(_("Give each link a title (120 characters at most)."))
        kind = row.get("kind") if row.get("kind") in LINK_KINDS else "link"
        clean.append({"kind": kind, "title": title, "url": _url(url)})
    return _save_settings(actor, office, "office.client_links_updated", client_links=clean)


def client_links_for(dossier: Dossier) -> list[dict]:
    """The links and apps the dossier's office shows its clients (archive's links page)."""
    row = OfficeSettings.objects.filter(office_id=dossier.office_id).values("client_links").first()
    return list(row["client_links"]) if row else []
