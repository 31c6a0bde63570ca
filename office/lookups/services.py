"""C14 writes: a proposal's (or a counterparty's) data completed from its VAT number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F

from core.audit import audit_log
from office.lookups import LookupFailed, VatInfo, split_vat, vat_lookup
from office.models import VatCheck

# Legal forms seen alone where recognition read only the form under the logo ("SRL", "BV").
LEGAL_FORMS = {
    "SRL", "SPRL", "SA", "NV", "BV", "BVBA", "EBVBA", "SPRLU", "VZW", "ASBL", "IVZW", "AISBL",
    "SC", "CV", "CVBA", "SCRL", "SCRI", "SNC", "VOF", "SCS", "COMMV", "SCA", "CommVA", "SE",
    "GMBH", "AG", "KG", "OHG", "UG", "EV", "GBR", "KGAA", "SARL", "SAS", "SASU", "EURL",
    "LTD", "PLC", "LLC", "LLP", "INC", "CORP", "SPA", "SRLS", "SL", "SLU", "OY", "AB", "AS",
    "APS", "SP", "ZOO", "SPZOO", "SRO", "KFT", "ZRT", "OU", "UAB", "SIA", "DOO",
}  # fmt: skip
_LEGAL_FORMS = {f.upper() for f in LEGAL_FORMS}


def is_legal_form_only(name: str) -> bool:
    """True for "", "SRL", "B.V.", "GmbH & Co. KG": nothing but legal forms."""
    tokens = [t for t in re.split(r"[\s&,()]+", (name or "").upper()) if t]
    cleaned = [re.sub(r"[.\-/]", "", t) for t in tokens]
    cleaned = [t for t in cleaned if t and t not in {"CO", "CIE"}]
    return all(t in _LEGAL_FORMS for t in cleaned)


def split_address(address: str) -> dict[str, str]:
    """street, postcode and city from VIES's free text ("RUE X 1\\n1000 BRUXELLES")."""
    lines = [ln.strip() for ln in (address or "").splitlines() if ln.strip()]
    if not lines:
        return {}
    last = re.match(r"^([A-Z]{0,2}-?\d{4,5}(?:\s?[A-Z]{2})?)\s+(.+)$", lines[-1])
    if last and len(lines) > 1:
        return {
            "street": ", ".join(lines[:-1])[:200],
            "postcode": last.group(1)[:12],
            "city": last.group(2)[:100],
        }
    return {"street": ", ".join(lines)[:200]}


@dataclass
class Outcome:
    info: VatInfo | None
    message: str = ""
    changed: list[str] | None = None


def _remember(dossier: Any, info: VatInfo) -> None:
    VatCheck.objects.update_or_create(
        dossier=dossier,
        vat=info.vat,
        defaults={"valid": info.valid, "name": info.name[:200], "address": info.address},
    )


def proposal_counterparty_lookup(*, actor: Any, proposal: Any) -> Outcome:
    """Look up the VAT number of a proposal's counterparty and complete what is missing.

    A new counterparty whose name is empty or only a legal form takes the legal name; a
    known counterparty gets its missing name and address. A failure is a message, never
    an exception: booking goes on without the lookup.
    """
    from booking.models import Proposal

    cp = proposal.counterparty
    raw = cp.vat_number if cp is not None else proposal.new_vat
    if not raw:
        return Outcome(None, "no_vat")
    try:
        info = vat_lookup(raw)
    except LookupFailed as exc:
        return Outcome(None, exc.message)
    changed: list[str] = []
    with transaction.atomic():
        _remember(proposal.dossier, info)
        if info.valid and cp is None and info.name and is_legal_form_only(proposal.new_name):
            Proposal.objects.filter(pk=proposal.pk).update(
                new_name=info.name[:200],
                counterparty_label=info.name[:200],
                version=F("version") + 1,
            )
            proposal.refresh_from_db()
            changed.append("name")
        if info.valid and cp is not None:
            changed += _complete_counterparty(cp, info)
        audit_log(
            actor=actor,
            action="office.vat_lookup",
            obj=proposal,
            data={"vat": info.vat, "valid": info.valid, "changed": changed},
        )
    return Outcome(info, "", changed)


def _complete_counterparty(cp: Any, info: VatInfo) -> list[str]:
    values: dict[str, str] = {}
    if info.name and is_legal_form_only(cp.name):
        values["name"] = info.name[:200]
    for key, value in split_address(info.address).items():
        if not getattr(cp, key):
            values[key] = value
    if values:
        type(cp).objects.filter(pk=cp.pk).update(**values)
        for key, value in values.items():
            setattr(cp, key, value)
    return sorted(values)


def new_counterparty_values(proposal: Any) -> dict[str, Any]:
    """The "new_counterparty_values" extension: the address VIES gave for a new
    counterparty, used when booking creates it at send time."""
    parts = split_vat(proposal.new_vat or "")
    if parts is None:
        return {}
    check = VatCheck.objects.filter(
        dossier=proposal.dossier_id, vat=f"{parts[0]}{parts[1]}", valid=True
    ).first()
    if check is None:
        return {}
    return split_address(check.address)


# Counterparty countries are ISO codes; VIES says "EL" for Greece and "XI" for Northern Ireland.
_ISO = {"EL": "GR", "XI": "GB"}


def counterparty_form_lookup(
    *, actor: Any, dossier: Any, vat: str, current: dict[str, str]
) -> tuple[Outcome, dict[str, str]]:
    """C14 on the counterparty form: the values VIES gives for `vat`, to fill the form.

    The name is taken when the form's is empty or only a legal form; the address when VIES
    has one. Nothing is saved but the answer (`VatCheck`) and an audit row: the person
    still saves the form. A failure is a message, never an exception.
    """
    if not (vat or "").strip():
        return Outcome(None, "no_vat"), {}
    try:
        info = vat_lookup(vat)
    except LookupFailed as exc:
        return Outcome(None, exc.message), {}
    values: dict[str, str] = {"vat_number": info.vat}
    with transaction.atomic():
        _remember(dossier, info)
        if info.valid:
            if info.name and is_legal_form_only(current.get("name", "")):
                values["name"] = info.name[:200]
            values.update(split_address(info.address))
            if info.address:
                values["country"] = _ISO.get(info.country, info.country)
        audit_log(
            actor=actor,
            action="office.vat_lookup",
            obj=dossier,
            data={"vat": info.vat, "valid": info.valid, "changed": sorted(values)},
        )
    return Outcome(info, "", sorted(values)), values
