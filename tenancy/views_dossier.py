"""Home, dossier overview, the dossier's users and settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import extensions
from core.audit import AuditEvent
from tenancy.access import dossier_access, login_only
from tenancy.forms import (
    AccessRequestForm,
    DossierAssignmentForm,
    DossierClientSettingsForm,
    DossierOfficeSettingsForm,
    InviteClientForm,
    MembershipForm,
)
from tenancy.policy import Cap, caps_for, office_member
from tenancy.selectors import dossier_list_for_user, dossier_members, dossier_pending_invitations
from tenancy.services import (
    access_request_create,
    dossier_assign,
    dossier_update,
    invitation_create,
    invitation_revoke,
    membership_remove,
    membership_update,
)


@login_only
def home_view(request):
    if office_member(request.user) is not None:
        # A later app may offer the office a landing page (the cockpit's monitor).
        return redirect(extensions.collect("office_home").get("url_name", "office_dossiers"))
    dossiers = list(dossier_list_for_user(user=request.user)[:2])
    if len(dossiers) == 1:
        return redirect("dossier_home", dossier_id=dossiers[0].pk)
    return render(
        request, "tenancy/dossier_pick.html", {"dossiers": dossier_list_for_user(user=request.user)}
    )


@dossier_access(Cap.VIEW)
def dossier_home_view(request, dossier_id: int):
    dossier = request.dossier
    ctx = {"dossier": dossier, "caps": caps_for(request.user, dossier)}
    return render(request, "tenancy/dossier_home.html", ctx)


@dossier_access(Cap.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def dossier_users_view(request, dossier_id: int):
    dossier = request.dossier
    form = InviteClientForm(request.POST or None, initial={"language": dossier.language})
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(
                actor=request.user, office=dossier.office, dossier=dossier, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("email", exc.messages[0])
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("dossier_users", dossier_id=dossier.pk)
    ctx = {
        "dossier": dossier,
        "form": form,
        "members": dossier_members(dossier=dossier),
        "invitations": dossier_pending_invitations(dossier=dossier),
        "profile_form": MembershipForm(),
    }
    return render(request, "tenancy/dossier_users.html", ctx)


def _membership_of(request, membership_id: int):
    membership = (
        request.dossier.memberships.select_related("user", "dossier")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@dossier_access(Cap.MANAGE_USERS)
@require_POST
def dossier_user_update_view(request, dossier_id: int, membership_id: int):
    membership = _membership_of(request, membership_id)
    form = MembershipForm(request.POST)
    if form.is_valid():
        membership_update(
            actor=request.user, membership=membership, profile=form.cleaned_data["profile"]
        )
        messages.success(request, _("Profile changed."))
    return redirect("dossier_users", dossier_id=dossier_id)


@dossier_access(Cap.MANAGE_USERS)
@require_POST
def dossier_user_remove_view(request, dossier_id: int, membership_id: int):
    membership = _membership_of(request, membership_id)
    try:
        membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Access removed."))
    return redirect("dossier_users", dossier_id=dossier_id)


@dossier_access(Cap.MANAGE_USERS)
@require_POST
def dossier_invitation_revoke_view(request, dossier_id: int, invitation_id: int):
    invitation = (
        dossier_pending_invitations(dossier=request.dossier).filter(pk=invitation_id).first()
    )
    if invitation is None:
        raise Http404
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("dossier_users", dossier_id=dossier_id)


@dossier_access((Cap.CONFIGURE, Cap.CLIENT_SETTINGS))
@require_http_methods(["GET", "POST"])
def dossier_settings_view(request, dossier_id: int):
    dossier = request.dossier
    caps = caps_for(request.user, dossier)
    office_form = client_form = request_form = assignment_form = None
    action = request.POST.get("action")
    if Cap.CONFIGURE in caps:
        office_form = DossierOfficeSettingsForm(
            request.POST if action == "office" else None,
            initial={f: getattr(dossier, f) for f in DossierOfficeSettingsForm.base_fields},
        )
        assignment_form = DossierAssignmentForm(
            request.POST if action == "assignment" else None,
            office=dossier.office,
            initial={
                "manager": dossier.manager_id,
                "collaborators": list(dossier.collaborators.all()),
                "support_users": list(dossier.support_users.all()),
                "client_groups": list(dossier.client_groups.all()),
            },
        )
    if Cap.CLIENT_SETTINGS in caps:
        # The A6 consent belongs to the client: the office only reads it (template).
        client_form = DossierClientSettingsForm(
            request.POST if action == "client" else None,
            initial={"allow_accountant_unsent": dossier.allow_accountant_unsent},
        )
        request_form = AccessRequestForm(request.POST if action == "access_request" else None)
    if request.method == "POST":
        form = {
            "office": office_form,
            "client": client_form,
            "access_request": request_form,
            "assignment": assignment_form,
        }.get(action)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            if action == "access_request":
                access_request_create(actor=request.user, dossier=dossier, **form.cleaned_data)
                messages.success(request, _("Your request was sent to your accountant."))
            elif action == "assignment":
                dossier_assign(actor=request.user, dossier=dossier, **form.cleaned_data)
                messages.success(request, _("Settings saved."))
            else:
                dossier_update(actor=request.user, dossier=dossier, **form.cleaned_data)
                messages.success(request, _("Settings saved."))
            return redirect("dossier_settings", dossier_id=dossier.pk)
    history = AuditEvent.objects.filter(dossier_id=dossier.pk).select_related("actor")[:30]
    ctx = {
        "dossier": dossier,
        "office_form": office_form,
        "client_form": client_form,
        "request_form": request_form,
        "assignment_form": assignment_form,
        "history": history,
        "caps": caps,
    }
    return render(request, "tenancy/dossier_settings.html", ctx)
