"""I2: the office settings area at /office/settings/ (admins only), one tab per concern.

Tabs are either a form here or a link to the page that already does the job (groups,
rubric scheme, message templates); apps above office add their own tabs through the
`office_settings_tabs` extension point (archive: permanent-dossier categories).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core import extensions
from ledger.models import JournalKind, VatKind, VatRegion
from office import office_settings as svc
from office.forms_settings import CollaboratorForm, GeneralForm
from tenancy.access import office_admin
from tenancy.models import Invitation, Office, OfficeMember
from tenancy.policy import office_member
from tenancy.views_office import branding_form, invite_form

# key, label, URL name, order; `external` tabs open a page of their own.
TABS: list[tuple[str, object, str, int, bool]] = [
    ("general", gettext_lazy("General"), "office_settings", 0, False),
    ("branding", gettext_lazy("Branding"), "office_settings_branding", 10, False),
    ("collaborators", gettext_lazy("Collaborators"), "office_settings_collaborators", 20, False),
    ("groups", gettext_lazy("Collaborator and client groups"), "office_groups", 30, True),
    ("journals", gettext_lazy("Default journals"), "office_settings_journals", 50, False),
    ("vat", gettext_lazy("VAT codes"), "office_settings_vat", 60, False),
    ("rubrics", gettext_lazy("Rubric scheme"), "ledger_office_rubrics", 70, True),
    ("help", gettext_lazy("Help videos and client links"), "office_settings_help", 80, False),
    ("templates", gettext_lazy("Message templates"), "messaging_templates", 90, True),
]


def tabs(active: str) -> list[dict]:
    rows = [
        {"key": k, "label": str(label), "url": reverse(name), "order": o, "external": ext}
        for k, label, name, o, ext in TABS
    ]
    for key, tab in extensions.collect("office_settings_tabs").items():
        rows.append(
            {
                "key": key,
                "label": str(tab["label"]),
                "url": reverse(tab["url_name"]),
                "order": tab.get("order", 100),
                "external": tab.get("external", False),
            }
        )
    rows.sort(key=lambda t: (t["order"], t["key"]))
    for t in rows:
        t["active"] = t["key"] == active
    return rows


def settings_context(request, active: str, **extra) -> dict:
    """The context every settings tab renders with (apps above office use it too)."""
    office = office_member(request.user).office
    title = next((t["label"] for t in tabs(active) if t["active"]), "")
    return {
        "tabs": tabs(active),
        "tab": active,
        "tab_title": title,
        "settings_office": office,
        **extra,
    }


def _office(request) -> Office:
    return office_member(request.user).office


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# --- General


@office_admin
@require_http_methods(["GET", "POST"])
def general_view(request):
    office = _office(request)
    row = svc.settings_for(office)
    form = GeneralForm(
        request.POST or None,
        initial={
            "portal_name": office.portal_name,
            "key_figures_closed_only": office.key_figures_closed_only,
            "activation_by": row.activation_by,
            "payments_enabled": office.payments_enabled,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.general_save(actor=request.user, office=office, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("office_settings")
    return render(
        request, "office/settings/general.html", settings_context(request, "general", form=form)
    )


# --- Branding, with a live preview (office/static/office/settings.js)


@office_admin
@require_http_methods(["GET", "POST"])
def branding_view(request):
    office = _office(request)
    form, saved = branding_form(request, office)
    if saved:
        return redirect("office_settings_branding")
    return render(
        request,
        "office/settings/branding.html",
        settings_context(request, "branding", form=form, branded_office=office),
    )


# --- Collaborators


@office_admin
@require_http_methods(["GET", "POST"])
def collaborators_view(request):
    office = _office(request)
    form, sent = invite_form(request, office)
    if sent:
        return redirect("office_settings_collaborators")
    members = (
        OfficeMember.objects.filter(office=office)
        .select_related("user")
        .order_by("-is_active", "user__email")
    )
    return render(
        request,
        "office/settings/collaborators.html",
        settings_context(
            request,
            "collaborators",
            form=form,
            members=members,
            invitations=svc.pending_invitations(office),
        ),
    )


def _member(request, member_id: int) -> OfficeMember:
    member = (
        OfficeMember.objects.filter(office=_office(request), pk=member_id)
        .select_related("user")
        .first()
    )
    if member is None:
        raise Http404
    return member


@office_admin
@require_http_methods(["GET", "POST"])
def collaborator_view(request, member_id: int):
    office = _office(request)
    member = _member(request, member_id)
    user = member.user
    relation = user.support_dossiers if member.role == "support" else user.assigned_dossiers
    form = CollaboratorForm(
        request.POST or None,
        office=office,
        initial={
            "role": member.role,
            "is_active": member.is_active,
            "dossiers": list(relation.filter(office=office)),
            "client_groups": list(user.client_groups.filter(office=office)),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.collaborator_update(
                actor=request.user, member=member, role=data["role"], is_active=data["is_active"]
            )
            svc.collaborator_assign(
                actor=request.user,
                member=member,
                dossiers=data["dossiers"],
                client_groups=data["client_groups"],
            )
        except ValidationError as exc:
            member.refresh_from_db()
            form.add_error(None, exc)
        else:
            messages.success(request, _("Collaborator saved."))
            return redirect("office_settings_collaborators")
    return render(
        request,
        "office/settings/collaborator.html",
        settings_context(request, "collaborators", form=form, member=member),
    )


@office_admin
@require_POST
def collaborator_remove_view(request, member_id: int):
    member = _member(request, member_id)
    try:
        svc.collaborator_remove(actor=request.user, member=member)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("%(email)s no longer works for the office.") % {"email": member.user.email}
        )
    return redirect("office_settings_collaborators")


def _invitation(request, invitation_id: int) -> Invitation:
    invitation = svc.pending_invitations(_office(request)).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


@office_admin
@require_POST
def invitation_resend_view(request, invitation_id: int):
    invitation = _invitation(request, invitation_id)
    try:
        svc.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect("office_settings_collaborators")


@office_admin
@require_POST
def invitation_withdraw_view(request, invitation_id: int):
    invitation = _invitation(request, invitation_id)
    svc.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("office_settings_collaborators")


# --- Tables: rows posted as "<prefix>-<n>-<field>"


def _rows(post, prefix: str, fields: tuple[str, ...]) -> list[dict]:
    try:
        count = min(int(post.get(f"{prefix}-count", "0")), 200)
    except ValueError:
        count = 0
    return [{f: post.get(f"{prefix}-{i}-{f}", "") for f in fields} for i in range(count)]


JOURNAL_FIELDS = ("code", "kind", "alias", "description", "credit_note_only", "active")


@office_admin
@require_http_methods(["GET", "POST"])
def journals_view(request):
    office = _office(request)
    rows = svc.journals_for(office)
    if request.method == "POST":
        posted = _rows(request.POST, "j", JOURNAL_FIELDS)
        try:
            svc.journals_save(actor=request.user, office=office, rows=posted)
        except ValidationError as exc:
            _error(request, exc)
            rows = posted
        else:
            messages.success(request, _("Default journals saved."))
            return redirect("office_settings_journals")
    rows = [*rows, {"code": "", "kind": "purchases", "active": True}]
    return render(
        request,
        "office/settings/journals.html",
        settings_context(request, "journals", rows=rows, kinds=JournalKind.choices),
    )


@office_admin
@require_http_methods(["GET", "POST"])
def vat_view(request):
    office = _office(request)
    table = svc.vat_table(office)
    if request.method == "POST":
        posted = {
            r["code"]: {
                "alias": request.POST.get(f"v-{r['code']}-alias", ""),
                "kind": request.POST.get(f"v-{r['code']}-kind", ""),
                "region": request.POST.get(f"v-{r['code']}-region", ""),
            }
            for r in table
        }
        try:
            svc.vat_overrides_save(actor=request.user, office=office, rows=posted)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("VAT codes saved."))
            return redirect("office_settings_vat")
    return render(
        request,
        "office/settings/vat.html",
        settings_context(
            request, "vat", table=table, kinds=VatKind.choices, regions=VatRegion.choices
        ),
    )


@office_admin
@require_http_methods(["GET", "POST"])
def help_settings_view(request):
    office = _office(request)
    row = svc.settings_for(office)
    videos, links = list(row.help_videos or []), list(row.client_links or [])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "videos":
                videos = _rows(request.POST, "v", ("module", "title", "url"))
                svc.help_videos_save(actor=request.user, office=office, rows=videos)
            elif action == "links":
                links = _rows(request.POST, "l", ("kind", "title", "url"))
                svc.client_links_save(actor=request.user, office=office, rows=links)
            else:
                raise Http404
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("office_settings_help")
    return render(
        request,
        "office/settings/help.html",
        settings_context(
            request,
            "help",
            videos=[*videos, {"module": "documents", "title": "", "url": ""}],
            links=[*links, {"kind": "link", "title": "", "url": ""}],
            modules=[(k, str(v)) for k, v in svc.help_modules().items()],
            link_kinds=[(k, str(v)) for k, v in svc.LINK_KINDS.items()],
        ),
    )
