"""I3/A3: a dossier's activation checklist.

Each step is either proven by the data (client users exist, the validation owner is set,
old periods are closed) or confirmed by a person (a `ChecklistTick`: who and when,
audited). `left_counts` gives the monitor its "n left" badge in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.audit import audit_log
from ledger.models import FiscalYear, Journal, Period
from office.models import ChecklistTick
from tenancy.models import Dossier, DossierMembership, Invitation, User, ValidationMode

CONFIGURE = "office_activation_configure"  # the configuration page (office/views_configure.py)

# key, label, page (URL name taking dossier_id), how it is known: "data" or "person".
STEPS: list[tuple[str, object, str, str]] = [
    ("vat_exempt", _("VAT exemption set"), CONFIGURE, "person"),
    ("users", _("Client users created"), CONFIGURE, "data"),
    ("validation_owner", _("Validation owner chosen"), CONFIGURE, "data"),
    ("journals_rubrics", _("Journals and rubrics validated"), CONFIGURE, "person"),
    ("modules", _("Financial and payment modules decided"), CONFIGURE, "person"),
    ("periods_closed", _("Old periods closed"), "ledger_periods", "data"),
    ("numbering", _("Numbering format checked"), CONFIGURE, "person"),
]
PERSON_STEPS = {k for k, _label, _url, how in STEPS if how == "person"}
# The section of the configuration page each step links to.
SECTIONS = {
    "vat_exempt": "vat",
    "users": "users",
    "validation_owner": "validation",
    "journals_rubrics": "journals",
    "modules": "modules",
    "numbering": "journals",
}


def may_activate(user: User, office) -> bool:
    """Who may activate a dossier of `office` (I3). The one place that decides it: a member
    of that office whom the office settings allow (admins always, collaborators when the
    office says "admins and collaborators", I2)."""
    from office.office_settings import may_activate as allowed_by_settings
    from tenancy.policy import office_member

    member = office_member(user)
    return (
        member is not None
        and office is not None
        and member.office_id == getattr(office, "pk", office)
        and allowed_by_settings(user)
    )


def _open_invitations(dossier_ids: list[int]):
    return Invitation.objects.filter(
        dossier_id__in=dossier_ids,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


@dataclass
class Step:
    key: str
    label: str
    url: str
    how: str  # "data" or "person"
    done: bool
    done_by: str = ""
    done_at: datetime | None = None
    hint: str = ""


def _validation_owner_chosen(dossier: Dossier, has_users: bool) -> bool:
    # The office validates: someone of the office must own the worklist (manager or a
    # collaborator); the client (or both) validates: a client user must exist.
    if dossier.validation_mode == ValidationMode.COLLABORATOR:
        return dossier.manager_id is not None or dossier.collaborators.exists()
    return bool(dossier.validation_mode) and has_users


def _old_periods_closed(dossier_id: int, today: date) -> bool:
    """Every period of a fiscal year that ended before today is closed (for all journals)."""
    if not FiscalYear.objects.filter(dossier_id=dossier_id).exists():
        return False
    return not Period.objects.filter(
        dossier_id=dossier_id, fiscal_year__end__lt=today, closed=False
    ).exists()


def checklist(dossier: Dossier) -> list[Step]:
    ticks = {
        t.step: t for t in ChecklistTick.objects.filter(dossier=dossier).select_related("done_by")
    }
    # Users "created": a client user has access, or an invitation is on its way (A5).
    has_members = DossierMembership.objects.filter(dossier=dossier).exists()
    invited = 0 if has_members else _open_invitations([dossier.pk]).count()
    has_users = has_members or invited > 0
    today = timezone.localdate()
    computed = {
        "users": has_users,
        "validation_owner": _validation_owner_chosen(dossier, has_users),
        "periods_closed": _old_periods_closed(dossier.pk, today),
    }
    has_journals = Journal.objects.filter(dossier=dossier).exists()
    steps = []
    for key, label, url_name, how in STEPS:
        tick = ticks.get(key)
        step = Step(
            key=key,
            label=str(label),
            url=reverse(url_name, kwargs={"dossier_id": dossier.pk})
            + (f"#{SECTIONS[key]}" if key in SECTIONS and url_name == CONFIGURE else ""),
            how=how,
            done=computed[key] if how == "data" else tick is not None,
        )
        if tick is not None:
            step.done_by = tick.done_by.display_name if tick.done_by else ""
            step.done_at = tick.done_at
        if key in ("journals_rubrics", "numbering") and not has_journals:
            step.hint = str(_("The dossier has no journal yet."))
        if key == "users" and invited:
            step.hint = str(
                ngettext(
                    "%(n)s invitation not accepted yet.",
                    "%(n)s invitations not accepted yet.",
                    invited,
                )
                % {"n": invited}
            )
        if key == "periods_closed" and not step.done:
            step.hint = str(_("Close every period of the past fiscal years."))
        steps.append(step)
    return steps


def left_counts(dossier_ids: list[int]) -> dict[int, int]:
    """Steps left per dossier, in a fixed number of queries whatever the number of ids."""
    if not dossier_ids:
        return {}
    today = timezone.localdate()
    dossiers = Dossier.objects.filter(pk__in=dossier_ids).annotate(
        n_collab=Count("collaborators", distinct=True)
    )
    with_users = set(
        DossierMembership.objects.filter(dossier_id__in=dossier_ids).values_list(
            "dossier_id", flat=True
        )
    ) | set(_open_invitations(dossier_ids).values_list("dossier_id", flat=True))
    with_years = set(
        FiscalYear.objects.filter(dossier_id__in=dossier_ids).values_list("dossier_id", flat=True)
    )
    open_old = set(
        Period.objects.filter(
            Q(dossier_id__in=dossier_ids), fiscal_year__end__lt=today, closed=False
        ).values_list("dossier_id", flat=True)
    )
    ticked: dict[int, int] = {}
    for g in (
        ChecklistTick.objects.filter(dossier_id__in=dossier_ids, step__in=PERSON_STEPS)
        .values("dossier_id")
        .annotate(n=Count("*"))
    ):
        ticked[g["dossier_id"]] = g["n"]
    out = {}
    for d in dossiers.values("pk", "validation_mode", "manager_id", "n_collab"):
        pk = d["pk"]
        has_users = pk in with_users
        if d["validation_mode"] == ValidationMode.COLLABORATOR:
            owner = d["manager_id"] is not None or d["n_collab"] > 0
        else:
            owner = bool(d["validation_mode"]) and has_users
        done = ticked.get(pk, 0) + has_users + owner
        done += pk in with_years and pk not in open_old
        out[pk] = len(STEPS) - done
    return out


@transaction.atomic
def step_tick(*, actor: User, dossier: Dossier, step: str, done: bool) -> bool:
    """Confirm (or withdraw) a step a person checks. Returns False when nothing changed."""
    if step not in PERSON_STEPS:
        raise ValueError(step)
    if done:
        _tick, created = ChecklistTick.objects.get_or_create(
            dossier=dossier, step=step, defaults={"done_by": actor}
        )
        if not created:
            return False
        audit_log(actor=actor, action="office.checklist_ticked", obj=dossier, data={"step": step})
        return True
    deleted, _rows = ChecklistTick.objects.filter(dossier=dossier, step=step).delete()
    if not deleted:
        return False
    audit_log(actor=actor, action="office.checklist_unticked", obj=dossier, data={"step": step})
    return True
