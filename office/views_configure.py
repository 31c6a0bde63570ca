"""I3/A3: pick a dossier to activate, configure it on one page, activate it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ledger.connectors import ConnectorError
from office.activation import checklist, may_activate, step_tick
from office.configure import (
    activation_candidates,
    activation_start,
    configuration_state,
    dossier_activate,
    journals_save,
    manager_save,
    modules_save,
    validation_save,
    vat_save,
)
from office.forms import (
    JournalsForm,
    ManagerForm,
    ModulesForm,
    StartForm,
    ValidationForm,
    VatForm,
)
from tenancy.access import dossier_access, office_staff
from tenancy.forms import InviteClientForm, MembershipForm
from tenancy.models import Dossier
from tenancy.policy import Cap, office_member
from tenancy.selectors import dossier_members, dossier_pending_invitations
from tenancy.services import invitation_create, membership_update

# The steps a person confirms, each from its section of the page.
TICKS_HERE = {
    "vat_exempt": "vat",
    "modules": "modules",
    "journals_rubrics": "journals",
    "numbering": "journals",
}


@office_staff
@require_http_methods(["GET", "POST"])
def activation_list_view(request):
    """Step 1: the dossiers the connectors know and Fidu has not activated; pick one."""
    office = office_member(request.user).office
    if not may_activate(request.user, office):
        raise PermissionDenied
    if request.method == "POST":
        form = StartForm(request.POST)
        if not form.is_valid():
            raise Http404
        dossier = Dossier.objects.filter(office=office, pk=form.cleaned_data["dossier"]).first()
        if dossier is None:
            raise Http404
        try:
            activation_start(
                actor=request.user, dossier=dossier, connector=form.cleaned_data["connector"]
            )
        except (ValidationError, ConnectorError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("office_activation")
        messages.success(request, _("The books are open. Configure the dossier, then activate it."))
        return redirect("office_activation_configure", dossier_id=dossier.pk)
    return render(
        request,
        "office/activation/list.html",
        {"candidates": activation_candidates(office), "form": StartForm()},
    )


def _section_url(dossier_id: int, section: str) -> str:
    return reverse("office_activation_configure", args=[dossier_id]) + f"#{section}"


def _forms(request, dossier, state, section: str | None):
    data = request.POST if section else None

    def bound(name):
        return data if section == name else None

    return {
        "modules": ModulesForm(bound("modules"), initial={"modules": dossier.modules}),
        "validation": ValidationForm(
            bound("validation"), initial={"validation_mode": dossier.validation_mode}
        ),
        "manager": ManagerForm(
            bound("manager"), office=dossier.office, initial={"manager": dossier.manager_id}
        ),
        "vat": VatForm(
            bound("vat"),
            initial={"vat_exempt": dossier.vat_exempt, "vat_filing": state["vat_filing"]},
        ),
        "journals": JournalsForm(
            bound("journals"),
            journals=state["journals"],
            initial={
                "mode": state["mode"],
                **{f"mode_{c}": m for c, m in state["journal_modes"].items()},
                **{f"visible_{j.code}": j.visible_to_client for j in state["journals"]},
            },
        ),
        "invite": InviteClientForm(
            bound("invite"), initial={"language": dossier.language}, auto_id="invite_%s"
        ),
    }


def _save(request, dossier, section: str, form) -> None:
    user = request.user
    d = form.cleaned_data
    if section == "modules":
        modules_save(actor=user, dossier=dossier, modules=d["modules"])
    elif section == "validation":
        validation_save(actor=user, dossier=dossier, mode=d["validation_mode"])
    elif section == "manager":
        manager_save(actor=user, dossier=dossier, manager=d["manager"])
    elif section == "vat":
        vat_save(
            actor=user, dossier=dossier, vat_exempt=d["vat_exempt"], vat_filing=d["vat_filing"]
        )
    elif section == "journals":
        journals_save(
            actor=user,
            dossier=dossier,
            mode=d["mode"],
            journal_modes=form.journal_modes(),
            visible=form.visible(),
        )
    elif section == "invite":
        invitation_create(actor=user, office=dossier.office, dossier=dossier, **d)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def configure_view(request, dossier_id: int):
    """Steps 2-3: every setting of the dossier on one page, then activate it."""
    dossier = request.dossier
    allowed = may_activate(request.user, dossier.office)
    section = request.POST.get("section", "") if request.method == "POST" else None
    if section == "activate":
        if not allowed:
            raise PermissionDenied
        try:
            dossier_activate(actor=request.user, dossier=dossier)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(_section_url(dossier.pk, "activate"))
        messages.success(request, _("The dossier is active."))
        return redirect("office_checklist", dossier_id=dossier.pk)
    if section == "tick":
        step = request.POST.get("step", "")
        if step not in TICKS_HERE:
            raise Http404
        step_tick(
            actor=request.user, dossier=dossier, step=step, done=request.POST.get("done") == "1"
        )
        messages.success(request, _("Saved."))
        return redirect(_section_url(dossier.pk, TICKS_HERE[step]))
    if section == "profile":
        membership = dossier.memberships.filter(pk=request.POST.get("membership") or 0).first()
        form = MembershipForm(request.POST)
        if membership is None or not form.is_valid():
            raise Http404
        membership_update(
            actor=request.user, membership=membership, profile=form.cleaned_data["profile"]
        )
        messages.success(request, _("Profile changed."))
        return redirect(_section_url(dossier.pk, "users"))
    state = configuration_state(dossier)
    forms = _forms(request, dossier, state, section)
    status = 200
    if section is not None:
        form = forms.get(section)
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                _save(request, dossier, section, form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(
                    _section_url(dossier.pk, "users" if section == "invite" else section)
                )
        status = 400
    steps = checklist(dossier)
    return render(
        request,
        "office/activation/configure.html",
        {
            "dossier": dossier,
            "state": state,
            "forms": forms,
            "steps": steps,
            "left": sum(not s.done for s in steps),
            "members": dossier_members(dossier=dossier),
            "invitations": dossier_pending_invitations(dossier=dossier),
            "profile_form": MembershipForm(),
            "may_activate": allowed,
            "ticks": {s.key: s for s in steps if s.key in TICKS_HERE},
        },
        status=status,
    )
