from __future__ import annotations

import hashlib
import io

import pytest
from django.conf import settings

from core.audit import audit_log, history_for
from core.models import AuditEvent, Blob
from core.storage import blob_bytes, blob_delete, blob_local_path, blob_put


@pytest.mark.django_db
def test_it_names_content_by_its_sha256_and_stores_it_once():
    data = b"%PDF-1.4 invoice"
    first = blob_put(data, content_type="application/pdf")
    second = blob_put(io.BytesIO(data))
    assert first.sha256 == second.sha256 == hashlib.sha256(data).hexdigest()
    assert Blob.objects.count() == 1
    assert blob_bytes(first.sha256) == data
    path = settings.FIDU_BLOB_DIR / first.sha256[:2] / first.sha256[2:4] / first.sha256
    assert path.read_bytes() == data


@pytest.mark.django_db
def test_it_streams_large_files_without_loading_them_whole():
    data = b"x" * (20 * 1024 * 1024 + 3)
    blob = blob_put(io.BytesIO(data))
    assert blob.size == len(data)
    with blob_local_path(blob.sha256) as path:
        assert path.stat().st_size == len(data)


@pytest.mark.django_db
def test_it_leaves_no_row_when_the_write_fails(monkeypatch):
    from core import storage

    def broken(self, sha256, source):
        raise OSError("disk full")

    monkeypatch.setattr(storage.LocalBackend, "write", broken)
    with pytest.raises(OSError):
        blob_put(b"never stored")
    assert Blob.objects.count() == 0


@pytest.mark.django_db
def test_it_deletes_only_through_an_audited_action(django_capture_on_commit_callbacks):
    blob = blob_put(b"to forget")
    with django_capture_on_commit_callbacks(execute=True):
        blob_delete(actor=None, sha256=blob.sha256, reason="GDPR request")
    assert not Blob.objects.filter(pk=blob.sha256).exists()
    event = AuditEvent.objects.get(action="blob.deleted")
    assert event.data == {"sha256": blob.sha256, "reason": "GDPR request"}
    with pytest.raises(FileNotFoundError):
        blob_bytes(blob.sha256)


def test_it_keeps_the_audit_trail_append_only(world):
    event = audit_log(actor=world.admin, action="dossier.updated", obj=world.dossier, data={"x": 1})
    assert event.dossier_id == world.dossier.pk and event.office_id == world.office.pk
    assert event.actor_label == "admin@office.test"
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")
    assert list(history_for(world.dossier).values_list("action", flat=True)) == ["dossier.updated"]
