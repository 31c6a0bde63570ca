"""The watched folder never reads through a link, never leaves its root, never blocks on a FIFO."""

from __future__ import annotations

import os
import signal

import pytest

from core.models import Blob
from documents.models import Document, Source
from documents.tests.pdfs import make_pdf

SECRET = b"django-insecure-THE-SERVER-SECRET-KEY\n"


@pytest.fixture
def tree(world, tmp_path):
    root = tmp_path / "inbox"
    folder = root / world.dossier.intake_key / "purchases"
    folder.mkdir(parents=True)
    secret = tmp_path / "data" / "secret_key"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    return root, folder, secret


def _scan(root, capture):
    from documents.intake.channels.folder import scan_once

    with capture(execute=True):
        return scan_once(root, settle=0)


def _refused(root, world):
    return root / "_refused" / world.dossier.intake_key


def _no_blob_holds(content: bytes) -> bool:
    from core.storage import blob_bytes

    return all(blob_bytes(b.sha256) != content for b in Blob.objects.all())


@pytest.mark.django_db
def test_a_link_to_a_file_outside_is_refused_and_never_read(
    world, tree, django_capture_on_commit_callbacks
):
    root, folder, secret = tree
    (folder / "secret_key.pdf").symlink_to(secret)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    assert _scan(root, django_capture_on_commit_callbacks) == 0
    assert Document.objects.count() == 0 and _no_blob_holds(SECRET)
    refused = _refused(root, world)
    assert (refused / "secret_key.pdf").is_symlink()  # the link moved, not its target
    assert secret.read_bytes() == SECRET
    assert "Links are not taken" in (refused / "secret_key.pdf.txt").read_text()
    assert (refused / "passwd.txt").is_symlink()
    assert list(folder.iterdir()) == []


@pytest.mark.django_db
def test_a_link_to_a_file_inside_the_root_is_refused_too(
    world, tree, django_capture_on_commit_callbacks
):
    root, folder, _secret = tree
    other = root / world.dossier.intake_key / "sales"
    other.mkdir()
    (other / "b.pdf").write_bytes(make_pdf(["B"]))
    (folder / "b.pdf").symlink_to(other / "b.pdf")
    _scan(root, django_capture_on_commit_callbacks)
    assert not Document.objects.filter(mailbox="purchases").exists()
    assert "Links are not taken" in (_refused(root, world) / "b.pdf.txt").read_text()
    # the real file in its own mailbox is taken normally
    assert Document.objects.filter(mailbox="sales", source=Source.FOLDER).count() == 1


@pytest.mark.django_db
def test_a_hard_link_is_refused(world, tree, django_capture_on_commit_callbacks):
    root, folder, secret = tree
    try:
        os.link(secret, folder / "key.pdf")
    except OSError:
        pytest.skip("hard links not possible here")
    _scan(root, django_capture_on_commit_callbacks)
    assert Document.objects.count() == 0 and _no_blob_holds(SECRET)
    assert "Hard links" in (_refused(root, world) / "key.pdf.txt").read_text()


@pytest.mark.django_db
def test_a_fifo_does_not_block_and_is_refused(world, tree, django_capture_on_commit_callbacks):
    root, folder, _secret = tree
    os.mkfifo(folder / "pipe.pdf")
    (folder / "ok.pdf").write_bytes(make_pdf(["OK"]))

    def blocked(signum, frame):
        raise TimeoutError("the scan blocked on the FIFO")

    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(20)  # an open() of a FIFO without a writer would wait forever
    try:
        _scan(root, django_capture_on_commit_callbacks)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert Document.objects.filter(source=Source.FOLDER).count() == 1  # ok.pdf
    refused = _refused(root, world)
    assert "plain files" in (refused / "pipe.pdf.txt").read_text()
    assert list(folder.iterdir()) == []


@pytest.mark.django_db
def test_a_sub_folder_and_a_hidden_file_are_refused_not_left(
    world, tree, django_capture_on_commit_callbacks
):
    root, folder, _secret = tree
    (folder / "more").mkdir()
    (folder / "more" / "c.pdf").write_bytes(make_pdf(["C"]))
    (folder / ".hidden.pdf").write_bytes(make_pdf(["H"]))
    _scan(root, django_capture_on_commit_callbacks)
    assert Document.objects.count() == 0
    refused = _refused(root, world)
    assert (refused / "more" / "c.pdf").exists()
    assert "Sub-folders" in (refused / "more.txt").read_text()
    assert "Hidden files" in (refused / "hidden.pdf.txt").read_text()
    assert list(folder.iterdir()) == []


@pytest.mark.django_db
def test_a_mailbox_folder_that_is_a_link_is_not_followed(
    world, tmp_path, django_capture_on_commit_callbacks
):
    root = tmp_path / "inbox"
    (root / world.dossier.intake_key).mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.pdf").write_bytes(make_pdf(["X"]))
    (root / world.dossier.intake_key / "purchases").symlink_to(outside)
    _scan(root, django_capture_on_commit_callbacks)
    assert Document.objects.count() == 0 and (outside / "x.pdf").exists()


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_without_reading_it(
    world, tree, settings, django_capture_on_commit_callbacks
):
    root, folder, _secret = tree
    settings.FIDU_INTAKE_MAX_BYTES = 1000
    (folder / "big.pdf").write_bytes(make_pdf(["B"]) + b"0" * 5000)
    _scan(root, django_capture_on_commit_callbacks)
    assert Document.objects.count() == 0
    assert "nothing larger" in (_refused(root, world) / "big.pdf.txt").read_text()
