"""Cartridges (C10): usage, one alert per threshold (also when workers race), the
recipients' language, and the transport fallback when a cartridge is used up."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.storage import blob_put
from core.texts import render
from documents.models import Document, DocumentStep
from documents.pdfgen import make_pdf
from recognition import quotas, services
from recognition.models import (
    Cartridge,
    CartridgeAlert,
    ProcessingMode,
    QuotaSettings,
    UsageCounter,
    WhenExhausted,
)

pytestmark = pytest.mark.django_db


def cartridge(world, mode=ProcessingMode.AUTOMATIC, capacity=10, **kw) -> Cartridge:
    today = timezone.localdate()
    return quotas.cartridge_save(
        actor=world.admin,
        office=world.office,
        mode=mode,
        capacity=capacity,
        starts_on=kw.get("starts_on", today - dt.timedelta(days=5)),
        ends_on=kw.get("ends_on", today + dt.timedelta(days=5)),
    )


def count(world, n: int, mode=ProcessingMode.AUTOMATIC, dossier=None) -> None:
    for _ in range(n):
        services.usage_count(dossier_id=(dossier or world.dossier).pk, mode=mode, pages=2)


def test_it_counts_the_offices_dossiers_in_the_mode_and_period_only(world):
    c = cartridge(world)
    count(world, 3)
    count(world, 2, dossier=world.other_dossier)  # same office, other dossier: counted
    count(world, 4, mode=ProcessingMode.TRANSPORT)  # other mode: not counted
    UsageCounter.objects.create(  # before the period: not counted
        dossier=world.dossier, day=c.starts_on - dt.timedelta(days=1), mode=c.mode, documents=7
    )
    assert quotas.cartridge_used(c) == 5
    by_dossier = {r["dossier__name"]: r["documents"] for r in quotas.cartridge_usage_by_dossier(c)}
    assert by_dossier == {"Alpha SRL": 3, "Beta BV": 2}


def test_it_mails_once_at_90_and_once_at_100_percent(world, django_capture_on_commit_callbacks):
    c = cartridge(world, capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 8)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 1)  # 9 of 10: 90 %
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.admin.email]
    assert "90" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 1)  # 10 of 10: used up
        count(world, 3)  # above: no more mails
    assert len(mail.outbox) == 2
    assert sorted(c.alerts.values_list("threshold", flat=True)) == [90, 100]
    assert CartridgeAlert.objects.get(cartridge=c, threshold=100).used == 10


def test_it_sends_one_mail_when_one_document_crosses_both_thresholds(
    world, django_capture_on_commit_callbacks
):
    c = cartridge(world, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 1)  # 50 %
        count(world, 1)  # 100 % (90 % crossed too)
    assert len(mail.outbox) == 1
    assert sorted(c.alerts.values_list("threshold", flat=True)) == [90, 100]


def test_a_worker_losing_the_race_sends_nothing(world, django_capture_on_commit_callbacks):
    c = cartridge(world, capacity=10)
    count(world, 9)  # the first worker recorded the 90 % alert (no mail here: not committed)
    assert c.alerts.count() == 1
    # A second worker read "not alerted yet" before the first one's row existed.
    with (
        mock.patch.object(quotas, "_alerted", return_value=set()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = quotas.quota_after_usage(
            dossier_id=world.dossier.pk, mode=c.mode, day=timezone.localdate()
        )
    assert created == [] and mail.outbox == [] and c.alerts.count() == 1


def test_it_mails_each_recipient_in_their_language(world, django_capture_on_commit_callbacks):
    from conftest import make_user
    from tenancy.models import OfficeMember, OfficeRole

    world.admin.language = "fr"
    world.admin.save()
    english = make_user("second-admin@office.test", language="en")
    OfficeMember.objects.create(office=world.office, user=english, role=OfficeRole.ADMIN)
    quotas.quota_settings_update(
        actor=world.admin,
        office=world.office,
        notify_admins=True,
        extra_email="boss@office.test",
        when_exhausted=WhenExhausted.CONTINUE,
    )
    cartridge(world, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 1)
    by_to = {tuple(sorted(m.to)): m for m in mail.outbox}
    assert set(by_to) == {("admin@office.test", "boss@office.test"), ("second-admin@office.test",)}
    # The mode's name is translated in each message (the first admin's language for the extra).
    assert "Automatique" in by_to[("admin@office.test", "boss@office.test")].body
    assert "Automatic" in by_to[("second-admin@office.test",)].body
    # Alerts are not for collaborators, and the admins can be left out.
    assert world.collaborator.email not in {a for m in mail.outbox for a in m.to}


def test_it_alerts_only_the_extra_address_when_admins_are_left_out(
    world, django_capture_on_commit_callbacks
):
    quotas.quota_settings_update(
        actor=world.admin,
        office=world.office,
        notify_admins=False,
        extra_email="licences@office.test",
        when_exhausted=WhenExhausted.CONTINUE,
    )
    cartridge(world, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 1)
    assert [m.to for m in mail.outbox] == [["licences@office.test"]]


def test_a_refilled_cartridge_alerts_again(world, django_capture_on_commit_callbacks):
    c = cartridge(world, capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 9)
    assert len(mail.outbox) == 1
    c = quotas.cartridge_save(
        actor=world.admin,
        office=world.office,
        cartridge=c,
        mode=c.mode,
        capacity=100,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
    )
    assert c.alerts.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        count(world, 81)  # 90 of 100
    assert len(mail.outbox) == 2


def test_it_refuses_overlapping_cartridges_of_one_mode(world):
    c = cartridge(world)
    with pytest.raises(ValidationError):
        cartridge(world, starts_on=c.ends_on, ends_on=c.ends_on + dt.timedelta(days=30))
    cartridge(world, mode=ProcessingMode.VERIFIED)  # another mode may overlap
    assert Cartridge.objects.filter(office=world.office).count() == 2


def _document(world) -> Document:
    blob = blob_put(
        make_pdf(["Facture 2026-17", "Total 121,00 EUR"]), content_type="application/pdf"
    )
    return Document.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        doc_type="purchase_invoice",
        file_name="f.pdf",
        original=blob,
        source="upload",
        page_count=1,
    )


def test_a_used_up_cartridge_falls_back_to_transport_when_the_office_chose_it(world):
    cartridge(world, capacity=2)
    count(world, 2)
    QuotaSettings.objects.create(office=world.office, when_exhausted=WhenExhausted.TRANSPORT)
    doc = _document(world)
    # The step's reason is written in the language active when the worker runs.
    with translation.override("en"):
        assert services.recognize_document(document_id=doc.pk) is None
    step = DocumentStep.objects.get(document=doc, name="extraction")
    with translation.override("en"):
        assert step.status == "skipped" and "used up" in render(step.reason)
    assert UsageCounter.objects.get(dossier=world.dossier, mode="transport").documents == 1
    assert Document.objects.filter(pk=doc.pk).exists()  # nothing lost: it goes on unrecognised


def test_a_used_up_cartridge_keeps_recognising_by_default(world):
    cartridge(world, capacity=2)
    count(world, 2)
    doc = _document(world)
    extraction = services.recognize_document(document_id=doc.pk)
    assert extraction is not None and extraction.mode == "automatic"
    assert quotas.cartridge_used(Cartridge.objects.get()) == 3


def test_the_fallback_waits_for_a_used_up_cartridge(world):
    cartridge(world, capacity=3)
    count(world, 2)
    QuotaSettings.objects.create(office=world.office, when_exhausted=WhenExhausted.TRANSPORT)
    extraction = services.recognize_document(document_id=_document(world).pk)
    assert extraction is not None and extraction.mode == "automatic"
