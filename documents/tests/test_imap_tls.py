"""IMAP over TLS checks the server's certificate against the host name the office typed,
although the socket goes to the address that was pinned (issue 10's open finding)."""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from documents.intake.channels.imap import ImapToolsSource, poll_account
from documents.models import ImapAccount


def _self_signed(tmp: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path):
    """A TLS listener on 127.0.0.1 with a certificate for `localhost` that greets like an
    IMAP server and refuses every login."""
    cert, key = _self_signed(tmp_path, "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(raw, server_side=True) as conn:
                    conn.sendall(b"* OK ready\r\n")
                    while line := conn.recv(4096):
                        tag, _, command = line.partition(b" ")
                        if command.upper().startswith(b"CAPABILITY"):
                            conn.sendall(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK done\r\n")
                        else:
                            conn.sendall(tag + b" NO [AUTHENTICATIONFAILED] wrong password\r\n")
                            break
            except (ssl.SSLError, OSError):
                pass  # the client refused our certificate: what the first test wants

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], cert
    stop.set()
    thread.join(2)
    listener.close()


def _account(world, host: str, port: int) -> ImapAccount:
    account = ImapAccount(
        dossier=world.dossier,
        mailbox="purchases",
        host=host,
        port=port,
        use_ssl=True,
        username="box@test",
    )
    account.password = "secret"
    account.save()
    return account


@pytest.mark.django_db
def test_a_certificate_no_authority_signed_is_refused_before_the_password_is_sent(
    world, tls_server, settings
):
    settings.FIDU_IMAP_ALLOW_PRIVATE = True
    port, _cert = tls_server
    with pytest.raises(ssl.SSLCertVerificationError):
        ImapToolsSource(_account(world, "localhost", port))
    account = ImapAccount.objects.get()
    poll_account(account)  # the poller keeps the reason for the office's settings page
    account.refresh_from_db()
    assert "certificate verify failed" in account.last_error


@pytest.mark.django_db
def test_a_certificate_for_another_name_is_refused(world, tls_server, settings):
    settings.FIDU_IMAP_ALLOW_PRIVATE = True
    port, cert = tls_server
    settings.FIDU_IMAP_CAFILE = str(cert)  # trusted, but issued for "localhost"
    with pytest.raises(ssl.SSLCertVerificationError, match="match"):
        ImapToolsSource(_account(world, "127.0.0.1", port))


@pytest.mark.django_db
def test_a_trusted_certificate_for_the_typed_name_gets_to_the_login(world, tls_server, settings):
    from imap_tools.errors import MailboxLoginError

    settings.FIDU_IMAP_ALLOW_PRIVATE = True
    port, cert = tls_server
    settings.FIDU_IMAP_CAFILE = str(cert)
    with pytest.raises(MailboxLoginError):  # TLS passed; our fake server refuses every login
        ImapToolsSource(_account(world, "localhost", port))
