"""IMAP: no private targets, sealed passwords, sizes read before bodies (issue 10 point 10, issue 12)."""

from __future__ import annotations

import socket

import pytest
from django.db import connection

from documents.intake.mail import Route, ingest_mail
from documents.models import Document, ImapAccount, InboundMail, Source
from documents.tests.mails import invoice_mail
from documents.tests.pdfs import make_pdf


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "10.1.2.3",
        "192.168.1.10",
        "172.16.0.5",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "100.64.0.1",
        "::ffff:127.0.0.1",
    ],
)
def test_private_loopback_and_link_local_servers_are_refused(host, settings):
    from documents.intake.channels.imap import HostRefused, checked_address

    settings.FIDU_IMAP_ALLOW_PRIVATE = False
    with pytest.raises(HostRefused):
        checked_address(host, 993)


def test_a_public_server_is_accepted_and_private_ones_when_allowed(settings):
    from documents.intake.channels.imap import checked_address

    settings.FIDU_IMAP_ALLOW_PRIVATE = False
    assert checked_address("8.8.8.8", 993) == "8.8.8.8"
    settings.FIDU_IMAP_ALLOW_PRIVATE = True
    assert checked_address("127.0.0.1", 143) == "127.0.0.1"


@pytest.mark.django_db
def test_the_form_refuses_a_private_server(settings):
    from documents.forms import ImapAccountForm

    settings.FIDU_IMAP_ALLOW_PRIVATE = False
    form = ImapAccountForm(
        {
            "mailbox": "purchases",
            "host": "169.254.169.254",
            "port": 993,
            "use_ssl": "on",
            "username": "u",
            "password": "p",
            "folder": "INBOX",
            "is_active": "on",
        }
    )
    assert not form.is_valid() and "host" in form.errors


@pytest.mark.django_db
def test_polling_never_connects_to_a_private_server(world, settings):
    """An account saved before the check (or by hand) is refused at poll time too."""
    from documents.intake.channels.imap import poll_account

    settings.FIDU_IMAP_ALLOW_PRIVATE = False
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    account = ImapAccount.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        host="127.0.0.1",
        port=listener.getsockname()[1],
        use_ssl=False,
        username="u",
        password="p",
    )
    try:
        assert poll_account(account) == []
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()
    account.refresh_from_db()
    assert "private" in account.last_error


@pytest.mark.django_db
def test_the_password_is_sealed_at_rest(world, settings):
    from core.sealed import SecretUnreadable

    account = ImapAccount.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        host="imap.example.com",
        username="u",
        password="hunter2-very-secret",
    )
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM documents_imapaccount WHERE id = %s", [account.pk])
        row = " ".join(str(v) for v in cur.fetchone())
    assert "hunter2" not in row and "fernet:" in row
    assert ImapAccount.objects.get().password == "hunter2-very-secret"
    # A key introduced later still opens what was sealed under the derived key...
    settings.FIDU_SECRETS_KEY = "a long passphrase from the environment"
    assert ImapAccount.objects.get().password == "hunter2-very-secret"
    account.password = "new-secret"
    account.save()
    # ...and what is sealed under that key does not open without it.
    settings.FIDU_SECRETS_KEY = "another key"
    with pytest.raises(SecretUnreadable):
        _ = ImapAccount.objects.get().password


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_existing_clear_passwords(world):
    from django.db.migrations.executor import MigrationExecutor

    before = [("documents", "0003_document_notice_document_source_ref_and_more")]
    after = [("documents", "0004_imap_secret_encrypted")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("documents", "ImapAccount")
    old.objects.create(
        dossier_id=world.dossier.pk,
        mailbox="purchases",
        host="imap.example.com",
        port=993,
        use_ssl=True,
        username="u",
        password="clear-text-pw",
        folder="INBOX",
        is_active=True,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    account = ImapAccount.objects.get()
    assert account.password_sealed.startswith("fernet:") and "clear" not in account.password_sealed
    assert account.password == "clear-text-pw"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


class FakeBox:
    def __init__(self, mails: dict[str, bytes], sizes: dict[str, int] | None = None):
        self.mails, self.sizes = mails, sizes or {}
        self.fetched: list[str] = []
        self.seen: list[str] = []

    def unseen_sizes(self):
        return [(uid, self.sizes.get(uid, len(raw))) for uid, raw in self.mails.items()]

    def fetch(self, uids):
        self.fetched += uids
        return [(uid, self.mails[uid]) for uid in uids]

    def mark_seen(self, uids):
        self.seen += uids


@pytest.mark.django_db
def test_a_mail_over_the_limit_is_never_downloaded(
    world, settings, django_capture_on_commit_callbacks
):
    from documents.intake.channels.imap import poll_account

    settings.FIDU_MAIL_MAX_BYTES = 500_000
    box = FakeBox(
        {"1": invoice_mail("x", msgid="<small@x>"), "2": b"never read"}, sizes={"2": 900_000_000}
    )
    account = ImapAccount.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        host="imap.example.com",
        username="u",
        password="p",
    )
    with django_capture_on_commit_callbacks(execute=True):
        received = poll_account(account, source=box)
    assert len(received) == 1 and box.fetched == ["1"] and box.seen == ["1"]
    account.refresh_from_db()
    assert "left unread" in account.last_error
    assert Document.objects.filter(source=Source.IMAP).count() == 1


@pytest.mark.django_db
def test_mail_parts_go_through_the_door_checks(world, settings, django_capture_on_commit_callbacks):
    settings.FIDU_INTAKE_MAX_BYTES = 50_000
    raw = invoice_mail(
        "x",
        msgid="<parts@x>",
        attachments=[
            ("ok.pdf", make_pdf(["OK"])),
            ("huge.pdf", make_pdf(["H"]) + b"0" * 60_000),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        inbound = ingest_mail(raw=raw, route=Route(world.dossier, "purchases"), source=Source.IMAP)
    assert list(Document.objects.values_list("file_name", flat=True)) == ["ok.pdf"]
    inbound.refresh_from_db()
    assert "huge.pdf" in inbound.reason and "nothing larger" in inbound.reason
    assert InboundMail.objects.count() == 1
