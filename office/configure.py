"""I3/A3: dossier activation as a guided flow.

1. Pick a dossier: the ones the connectors know (the built-in ledger, imported files) whose
   books are not open yet, and the dossiers Fidu keeps as inactive (`activation_candidates`).
2. Start: the chosen connector opens the books (`activation_start`).
3. Configure on one page, section by section (modules, validation mode, processing mode
   per journal, VAT, manager, client users, journals the client sees); each section saves
   through the service of the app that owns the data, which audits it.
4. Activate (`dossier_activate`: `Dossier.is_active`, audited).

Who may start and activate: `office.activation.may_activate`, the one place deciding it.
The steps a person confirms (VAT exemption, modules, journals and rubrics, numbering) have
their button in their section; saving a section unchanged changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from ledger.connectors import ConnectorError, connector_for
from ledger.models import Books, Connector, Journal
from office.activation import may_activate
from tenancy.models import Dossier, Module, OfficeRole, User, ValidationMode
from tenancy.policy import forget
from tenancy.services import dossier_update


@dataclass
class Candidate:
    dossier_id: int
    name: str
    vat_number: str
    is_active: bool
    books: str  # the connector keeping its books, "" when not open yet
    known_to: list[str]  # labels of the connectors listing it


def activation_candidates(office) -> list[Candidate]:
    """Dossiers to activate: known to a connector without open books, or inactive in Fidu."""
    found: dict[int, Candidate] = {}
    labels = dict(Connector.choices)
    for code in Connector.values:
        try:
            remote = connector_for(office, code).list_dossiers()
        except ConnectorError:
            continue  # a connector that cannot list today: the others still can
        for r in remote:
            if r.activated or not r.key.isdigit():
                continue
            c = found.get(int(r.key))
            if c is None:
                c = found[int(r.key)] = Candidate(int(r.key), r.name, r.vat_number, True, "", [])
            c.known_to.append(str(labels[code]))
    books = dict(
        Books.objects.filter(dossier__office=office).values_list("dossier_id", "connector")
    )
    for d in Dossier.objects.filter(office=office, is_active=False).order_by("name"):
        c = found.get(d.pk)
        if c is None:
            c = found[d.pk] = Candidate(d.pk, d.name, d.vat_number, False, "", [])
        c.is_active = False
        c.books = books.get(d.pk, "")
    return sorted(found.values(), key=lambda c: c.name.lower())


def _require(actor: User, dossier: Dossier) -> None:
    if not may_activate(actor, dossier.office):
        raise PermissionDenied


def activation_start(*, actor: User, dossier: Dossier, connector: str) -> Books:
    """Step 2: the connector opens the dossier's books (chart, journals, VAT codes, the
    current fiscal year), unless they are open already. Audited by the ledger."""
    _require(actor, dossier)
    books = Books.objects.filter(dossier=dossier).first()
    if books is not None:
        return books
    if connector not in Connector.values:
        raise ValidationError(_("Unknown accounting software."))
    connector_for(dossier.office, connector).activate(dossier, actor=actor)
    audit_log(
        actor=actor,
        action="office.activation_started",
        obj=dossier,
        data={"connector": connector},
    )
    return Books.objects.get(dossier=dossier)


def dossier_activate(*, actor: User, dossier: Dossier) -> bool:
    """Step 4: the dossier becomes active (on the monitor, open to its client users)."""
    _require(actor, dossier)
    if not Books.objects.filter(dossier=dossier).exists():
        raise ValidationError(_("Open the books of this dossier first."))
    with transaction.atomic():
        changed = Dossier.objects.filter(pk=dossier.pk, is_active=False).update(is_active=True)
        dossier.is_active = True
        audit_log(
            actor=actor,
            action="office.dossier_activated",
            obj=dossier,
            data={"was_inactive": bool(changed)},
        )
    forget(actor)
    return bool(changed)


# --- the sections of the configuration page ------------------------------------------------


def modules_save(*, actor: User, dossier: Dossier, modules: list[str]) -> None:
    chosen = [m for m in Module.values if m in set(modules)]
    if set(chosen) != set(dossier.modules or []):
        dossier_update(actor=actor, dossier=dossier, modules=chosen)


def validation_save(*, actor: User, dossier: Dossier, mode: str) -> None:
    if mode not in ValidationMode.values:
        raise ValidationError(_("Choose a validation mode."))
    if dossier.validation_mode != mode:
        dossier_update(actor=actor, dossier=dossier, validation_mode=mode)


def manager_save(*, actor: User, dossier: Dossier, manager: User | None) -> None:
    if manager is not None:
        member = getattr(manager, "office_member", None)
        if (
            member is None
            or member.office_id != dossier.office_id
            or not member.is_active
            or member.role == OfficeRole.SUPPORT
        ):
            raise ValidationError(_("Choose a collaborator of the office."))
    if dossier.manager_id != (manager.pk if manager else None):
        dossier_update(actor=actor, dossier=dossier, manager=manager)


def vat_save(*, actor: User, dossier: Dossier, vat_exempt: bool, vat_filing: str) -> None:
    """The VAT-exempt flag (tenancy) and the VAT regime (messaging's deadline settings,
    which the VAT deadlines and the mass messages read)."""
    from messaging.models import VatFiling
    from messaging.tasks import calendar_of, calendar_save

    if vat_filing not in VatFiling.values:
        raise ValidationError(_("Choose a VAT regime."))
    with transaction.atomic():
        if dossier.vat_exempt != vat_exempt:
            dossier_update(actor=actor, dossier=dossier, vat_exempt=vat_exempt)
        cal = calendar_of(dossier)  # unsaved: the default (quarterly), stored once changed
        if cal.vat_filing != vat_filing:
            calendar_save(
                actor=actor,
                dossier=dossier,
                vat_filing=vat_filing,
                intra_eu_listing=cal.intra_eu_listing,
                advance_payments=cal.advance_payments,
            )


def journals_save(
    *,
    actor: User,
    dossier: Dossier,
    mode: str,
    journal_modes: dict[str, str],
    visible: set[str],
) -> list[str]:
    """Processing mode of the dossier and per journal (recognition) and the journals the
    client sees (ledger). Returns the codes of the journals whose visibility changed."""
    from ledger.services.setup import journal_save
    from recognition.modes import recognition_settings_for, recognition_settings_update

    journals = list(Journal.objects.filter(dossier=dossier, active=True).order_by("code"))
    codes = {j.code for j in journals}
    chosen = {code: m for code, m in journal_modes.items() if code in codes and m}
    changed = []
    with transaction.atomic():
        current = recognition_settings_for(dossier)
        # Modes of journals not shown here (inactive ones) are kept as they are.
        kept = {c: m for c, m in (current.journal_modes or {}).items() if c not in codes}
        modes = {**kept, **chosen}
        if current.mode != mode or (current.journal_modes or {}) != modes:
            recognition_settings_update(
                actor=actor, dossier=dossier, mode=mode, journal_modes=modes
            )
        for j in journals:
            want = j.code in visible
            if j.visible_to_client != want:
                journal_save(actor=actor, dossier=dossier, code=j.code, visible_to_client=want)
                changed.append(j.code)
    return changed


def configuration_state(dossier: Dossier) -> dict[str, Any]:
    """What the configuration page shows as saved, read once."""
    from messaging.tasks import calendar_of
    from recognition.modes import recognition_settings_for

    rec = recognition_settings_for(dossier)
    return {
        "books": Books.objects.filter(dossier=dossier).first(),
        "vat_filing": calendar_of(dossier).vat_filing,
        "mode": rec.mode,
        "journal_modes": dict(rec.journal_modes or {}),
        "journals": list(Journal.objects.filter(dossier=dossier, active=True).order_by("code")),
    }
