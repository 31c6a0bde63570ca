"""The product's pages on given data: every route of the URL resolver, its ids filled with
sample objects of one dossier (the demo's or the `world` fixture's)."""

from __future__ import annotations

from django.apps import apps

from tenancy.tests.permission_harness import django_routes

# Ids that routes take without an object guard naming their model.
OTHER_IDS = {
    "membership_id": ("tenancy.DossierMembership", "dossier"),
    "cartridge_id": ("recognition.Cartridge", "office"),
    "request_id": ("tenancy.AccessRequest", "dossier"),
    "invitation_id": ("tenancy.Invitation", "dossier"),
    "counterparty_id": ("ledger.Counterparty", "dossier"),
}
# Not pages: the walk must not log out, and files and health checks render nothing.
SKIP = ("/accounts/logout/", "/healthz", "/favicon.ico", "/branding/")
# Documents the office may open too (A6: sent ones), so both sides see a real page.
PREFERRED = {"documents.Document": {"state": "sent"}, "booking.Proposal": {}}


def _sample(model: str, field: str, dossier) -> int | None:
    cls = apps.get_model(model)
    owner = dossier.office if field == "office" else dossier
    qs = cls.objects.filter(**{field.replace(".", "__"): owner}).order_by("pk")
    preferred = qs.filter(**PREFERRED.get(model, {}))
    obj = preferred.first() or qs.first()
    return obj.pk if obj else None


def sample_pages(dossier) -> list[str]:
    """Paths to GET; a route whose ids have no sample in the data is left out."""
    paths = set()
    for route in django_routes():
        template = route.url_template
        if template.startswith(("/static", "/media", "/__", "/api")) or template.startswith(SKIP):
            continue
        values: dict[str, int | None] = {}
        for param in route.params:
            access = route.access
            if param == "dossier_id":
                values[param] = dossier.pk
            elif param == "number":
                values[param] = 1
            elif access is not None and access.model and access.kwarg == param:
                values[param] = _sample(access.model, access.dossier_path, dossier)
            elif param in OTHER_IDS:
                values[param] = _sample(*OTHER_IDS[param], dossier)
            else:
                values[param] = None  # tokens of e-mailed links: no page of the walk
        if any(v is None for v in values.values()):
            continue
        paths.add(template.format(**values))
    return sorted(paths)
