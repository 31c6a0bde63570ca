"""Which report files a person may see: the office all of the dossier's; a client user the
ones they asked for and the ones the office published."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from feedback.models import ReportFile
from tenancy.models import Dossier
from tenancy.policy import Cap, can


def reports_for(*, user: Any, dossier: Dossier) -> QuerySet[ReportFile]:
    qs = ReportFile.objects.filter(dossier=dossier)
    if can(user, Cap.CONFIGURE, dossier):
        return qs
    return qs.filter(Q(requested_by=user) | Q(published_at__isnull=False))


def report_get_for_user(*, user: Any, dossier: Dossier, report_id: int) -> ReportFile:
    report = reports_for(user=user, dossier=dossier).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report
