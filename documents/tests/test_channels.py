"""Every external channel end to end: a real SMTP session, a real Dovecot, a real folder tree."""

from __future__ import annotations

import os
import shutil
import smtplib
import socket
import subprocess
import time
from pathlib import Path

import pytest

from documents.intake.mail import address_for
from documents.models import Document, ImapAccount, InboundMail, Source
from documents.tests.mails import invoice_mail
from documents.tests.pdfs import make_pdf


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from documents.intake.channels.smtp import controller

    settings.FIDU_MAIL_MAX_BYTES = 200_000
    port = free_port()
    ctl = controller("127.0.0.1", port)
    ctl.start()
    yield port
    ctl.stop()


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_smtp_session_stores_mail_and_refuses_unknown_and_oversize(world, smtp_server):
    to = address_for(world.dossier, "purchases")
    with smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as smtp:
        refused = smtp.sendmail("billing@supplier.test", [to], invoice_mail(to))
        assert refused == {}
    doc = Document.objects.get(source=Source.EMAIL)
    assert (
        doc.dossier == world.dossier
        and doc.sender == "billing@supplier.test"
        and doc.page_count == 1
    )
    with smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as smtp:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as exc:
            smtp.sendmail(
                "a@b.test",
                ["purchases.ffffffffff@fidu.localhost"],
                invoice_mail("x", msgid="<u@x>"),
            )
        assert exc.value.recipients["purchases.ffffffffff@fidu.localhost"][0] == 550
    big = invoice_mail(
        to, msgid="<big@x>", attachments=[("big.pdf", make_pdf(["x" * 60] * 2) + b"0" * 300_000)]
    )
    with (
        smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as smtp,
        pytest.raises(
            (smtplib.SMTPDataError, smtplib.SMTPSenderRefused, smtplib.SMTPServerDisconnected)
        ) as exc,
    ):
        smtp.sendmail("a@b.test", [to], big)
    assert InboundMail.objects.count() == 1


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_smtp_client_disconnecting_mid_data_leaves_nothing_and_the_server_lives(world, smtp_server):
    to = address_for(world.dossier, "sales")
    s = socket.create_connection(("127.0.0.1", smtp_server), timeout=10)
    f = s.makefile("rb")
    f.readline()
    for line in (
        b"HELO x\r\n",
        b"MAIL FROM:<a@b.test>\r\n",
        f"RCPT TO:<{to}>\r\n".encode(),
        b"DATA\r\n",
    ):
        s.sendall(line)
        f.readline()
    s.sendall(invoice_mail(to)[:500])
    s.close()
    time.sleep(0.3)
    assert InboundMail.objects.count() == 0 and Document.objects.count() == 0
    with smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as smtp:
        smtp.sendmail("a@b.test", [to], invoice_mail(to, msgid="<after@x>"))
    assert Document.objects.filter(mailbox="sales").count() == 1


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_smtp_answers_4xx_when_storing_fails(world, smtp_server, monkeypatch):
    import documents.intake.channels.smtp as smtp_mod

    def boom(**kw):
        raise OSError("disk full")

    monkeypatch.setattr(smtp_mod, "ingest_mail", boom)
    to = address_for(world.dossier, "purchases")
    with (
        smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as smtp,
        pytest.raises(smtplib.SMTPDataError) as exc,
    ):
        smtp.sendmail("a@b.test", [to], invoice_mail(to))
    assert exc.value.smtp_code == 451


# --- watched folders -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_folder_watcher_takes_files_and_empties_the_folder(world, tmp_path, settings):
    import threading

    from documents.intake.channels.folder import ensure_tree, watch

    settings.FIDU_WATCH_DIR = str(tmp_path / "inbox")
    root = tmp_path / "inbox"
    root.mkdir()
    ensure_tree(root)
    folder = root / world.dossier.intake_key / "purchases"
    assert folder.is_dir()
    stop = threading.Event()
    t = threading.Thread(
        target=watch,
        args=(root,),
        kwargs={"interval": 0.5, "settle": 0.2, "stop": stop},
        daemon=True,
    )
    t.start()
    try:
        (folder / "a.pdf").write_bytes(make_pdf(["A"]))
        (folder / "b.pdf").write_bytes(make_pdf(["B"]))
        (folder / "empty.pdf").write_bytes(b"")
        deadline = time.time() + 20
        while time.time() < deadline and Document.objects.filter(source=Source.FOLDER).count() < 2:
            time.sleep(0.2)
        time.sleep(0.5)
    finally:
        stop.set()
        t.join(timeout=10)
    assert Document.objects.filter(source=Source.FOLDER, dossier=world.dossier).count() == 2
    assert list(folder.iterdir()) == []
    refused = root / "_refused" / world.dossier.intake_key
    assert (refused / "empty.pdf").exists() and "empty" in (refused / "empty.pdf.txt").read_text()


@pytest.mark.django_db
def test_a_file_already_taken_before_a_crash_is_only_removed(
    world, tmp_path, django_capture_on_commit_callbacks
):
    from documents.intake.channels.folder import scan_once, take_file

    root = tmp_path / "inbox"
    folder = root / world.dossier.intake_key / "sales"
    folder.mkdir(parents=True)
    path = folder / "x.pdf"
    data = make_pdf(["X"])
    path.write_bytes(data)
    with django_capture_on_commit_callbacks(execute=True):
        take_file(path, world.dossier, "sales", root)
    path.write_bytes(data)  # as if the unlink never happened
    os.utime(path, (time.time() - 10, time.time() - 10))
    scan_once(root)
    assert Document.objects.count() == 1 and not path.exists()


# --- IMAP against a real Dovecot ----------------------------------------------------------------


@pytest.fixture
def dovecot(tmp_path):
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    import grp
    import pwd

    base = Path(f"/tmp/fidu-dovecot-{os.getpid()}-{free_port()}")
    base.mkdir()
    os.chmod(base, 0o755)
    port = free_port()
    if os.geteuid() == 0:  # dovecot refuses to run its logins and mail as root
        internal, login = "dovecot", "dovenull"
        uid, gid = pwd.getpwnam("dovecot").pw_uid, grp.getgrnam("dovecot").gr_gid
    else:
        internal = login = pwd.getpwuid(os.getuid()).pw_name
        uid, gid = os.getuid(), os.getgid()
    group = grp.getgrgid(gid).gr_name
    (base / "passwd").write_text("box@test:{PLAIN}secret\n")
    maildir = base / "home" / "box@test" / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    conf = base / "dovecot.conf"
    conf.write_text(f"""base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
""")

    def deliver(name: str, raw: bytes) -> None:
        (maildir / "new" / name).write_bytes(raw)
        if os.geteuid() == 0:
            for p in [base / "home", *(base / "home").rglob("*")]:
                os.chown(p, uid, gid)

    deliver(".keep", b"")
    (maildir / "new" / ".keep").unlink()
    # dovecot daemonises and keeps inherited pipes open: no capture, or run() waits forever
    subprocess.run(
        [binary, "-c", str(conf)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, deliver
    pid_file = base / "run" / "master.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text().strip()), 15)
    time.sleep(0.2)
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.live
@pytest.mark.django_db
def test_imap_polling_takes_mail_once(world, dovecot, settings, django_capture_on_commit_callbacks):
    from documents.intake.channels.imap import poll_all

    settings.FIDU_IMAP_ALLOW_PRIVATE = True  # the test server listens on 127.0.0.1
    port, deliver = dovecot
    ImapAccount.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        host="127.0.0.1",
        port=port,
        use_ssl=False,
        username="box@test",
        password="secret",
    )
    deliver("1.eml", invoice_mail("box@test", msgid="<imap-1@x>"))
    deliver("2.eml", invoice_mail("box@test", msgid="<imap-2@x>", attachments=[]))
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_all() == 2
    assert Document.objects.filter(source=Source.IMAP).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_all() == 0  # seen now
    # the same mail delivered twice (e.g. copied back): idempotent by Message-ID
    deliver("3.eml", invoice_mail("box@test", msgid="<imap-1@x>"))
    with django_capture_on_commit_callbacks(execute=True):
        poll_all()
    assert Document.objects.filter(source=Source.IMAP).count() == 2
    assert InboundMail.objects.filter(source=Source.IMAP).count() == 2
    assert ImapAccount.objects.get().last_error == ""


@pytest.mark.live
@pytest.mark.django_db
def test_imap_leaves_a_mail_over_the_limit_unread_without_downloading_it(
    world, dovecot, settings, django_capture_on_commit_callbacks
):
    from documents.intake.channels.imap import ImapToolsSource, poll_all

    settings.FIDU_IMAP_ALLOW_PRIVATE = True
    settings.FIDU_MAIL_MAX_BYTES = 100_000
    port, deliver = dovecot
    account = ImapAccount.objects.create(
        dossier=world.dossier,
        mailbox="purchases",
        host="127.0.0.1",
        port=port,
        use_ssl=False,
        username="box@test",
        password="secret",
    )
    big = invoice_mail(
        "box@test", msgid="<big@x>", attachments=[("big.pdf", make_pdf(["B"]) + b"0" * 200_000)]
    )
    deliver("1.eml", invoice_mail("box@test", msgid="<small@x>"))
    deliver("2.eml", big)
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_all() == 1
    assert InboundMail.objects.get().message_id == "<small@x>"
    account.refresh_from_db()
    assert "left unread" in account.last_error
    box = ImapToolsSource(account)
    try:
        sizes = box.unseen_sizes()  # the big one is still unread, for the office to handle
    finally:
        box.close()
    assert len(sizes) == 1 and sizes[0][1] > 100_000
