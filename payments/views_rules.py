"""Payment approval settings (G4): the switch and the rules, for the dossier's administrators."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from payments import approval
from payments.forms import RuleForm
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap


def _users(dossier):
    from tenancy.models import DossierMembership

    return [
        m.user
        for m in DossierMembership.objects.filter(dossier=dossier)
        .select_related("user")
        .order_by("user__email")
    ]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _save(request, form: RuleForm, rule=None) -> bool:
    if not form.is_valid():
        return False
    try:
        approval.rule_save(
            actor=request.user,
            dossier=request.dossier,
            name=form.cleaned_data["name"],
            members=form.members(),
            rule=rule,
        )
    except ValidationError as exc:
        form.add_error(None, _errors(exc))
        return False
    messages.success(request, _("Approval rule saved."))
    return True


@dossier_access(Cap.CLIENT_SETTINGS)
def rules_view(request, dossier_id: int):
    users = _users(request.dossier)
    form = RuleForm(request.POST or None, users=users)
    if request.method == "POST" and _save(request, form):
        return redirect("payments_rules", dossier_id=dossier_id)
    return render(
        request,
        "payments/rules.html",
        {
            "dossier": request.dossier,
            "rules": approval.rules_of(request.dossier),
            "form": form,
            "approval_on": approval.approval_on(request.dossier),
        },
    )


@object_access("payments.ApprovalRule", Cap.CLIENT_SETTINGS, "rule_id")
def rule_edit_view(request, rule_id: int):
    rule = request.fidu_object
    form = RuleForm(request.POST or None, users=_users(request.dossier), rule=rule)
    if request.method == "POST" and _save(request, form, rule):
        return redirect("payments_rules", dossier_id=request.dossier.pk)
    return render(
        request, "payments/rule_edit.html", {"dossier": request.dossier, "rule": rule, "form": form}
    )


@require_POST
@object_access("payments.ApprovalRule", Cap.CLIENT_SETTINGS, "rule_id")
def rule_delete_view(request, rule_id: int):
    try:
        approval.rule_delete(actor=request.user, rule=request.fidu_object)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Approval rule deleted."))
    return redirect("payments_rules", dossier_id=request.dossier.pk)


@require_POST
@dossier_access(Cap.CLIENT_SETTINGS)
def switch_view(request, dossier_id: int):
    enabled = request.POST.get("enabled") == "1"
    try:
        approval.approval_switch(actor=request.user, dossier=request.dossier, enabled=enabled)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("Payment approval is on.") if enabled else _("Payment approval is off.")
        )
    return redirect("payments_rules", dossier_id=dossier_id)
