"""Which access point a dossier uses, from its settings (credentials unsealed here)."""

from __future__ import annotations

from invoicing.peppol.base import AccessPoint

PROVIDERS = {"recommand": "Recommand (recommand.eu)"}


def adapter_for(config) -> AccessPoint | None:
    """The access point of a dossier's `InvoicingSettings`, or None when none is set up."""
    from core.sealed import unseal

    if config is None or not config.ap_provider or not config.ap_base_url:
        return None
    if config.ap_provider == "recommand":
        from invoicing.peppol.recommand import RecommandAccessPoint

        return RecommandAccessPoint(
            base_url=config.ap_base_url,
            company_id=config.ap_company_id,
            key=unseal(config.ap_key_sealed) if config.ap_key_sealed else "",
            secret=unseal(config.ap_secret_sealed) if config.ap_secret_sealed else "",
        )
    return None
