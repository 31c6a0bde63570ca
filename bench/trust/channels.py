"""Send a hostile case through one intake channel and judge what came of it.

Channels: the upload page (Django test client, JSON answers), the API (a token), SMTP
(Fidu's aiosmtpd receiver on loopback) and the watched folder (`scan_once`). Needs a
configured Django with migrated tables; tasks should run inline (the immediate backend)
so each document's steps have run when the verdict is taken.

A verdict is one of:
  stored   the channel acknowledged the file and its original can be read back
  refused  nothing stored, and the sender was told why (4xx/5xx SMTP with a text, a
           refusal note in the folder's `_refused/`)
  crash    a 5xx page, an SMTP 451/disconnect, an exception, a file left in the folder
  ignored  (folder) the file was neither taken nor refused: it stays there for ever
and `lost` is set when the channel acknowledged a file whose original is not kept.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import os
import smtplib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from bench.trust.corpus import Case, as_bytes

Commit = Callable[[], contextlib.AbstractContextManager[Any]]
MAIL_FAMILIES = {"mail"}


@dataclass
class Outcome:
    case: str
    family: str
    channel: str
    expect: str
    verdict: str
    reason: str = ""
    documents: list[int] = field(default_factory=list)
    lost: bool = False
    step_failures: list[str] = field(default_factory=list)  # "step: reason"
    internal_errors: int = 0  # steps that ended in "Internal error (...)": a caught crash
    empty_documents: int = 0  # documents made of zero bytes (a check of the door skipped)
    seconds: float = 0.0

    @property
    def as_expected(self) -> bool:
        if self.lost or self.empty_documents or self.verdict not in ("stored", "refused"):
            return False
        return self.expect == "any" or self.expect == self.verdict


# -- a loopback listener that counts every request (SSRF beacon) -------------------------


class Beacon:
    """An HTTP server on 127.0.0.1 that answers 404 and remembers every path asked."""

    def __init__(self) -> None:
        hits: list[str] = []
        self.hits = hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            do_POST = do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Beacon:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- judging what was stored -------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _readable(sha256: str) -> bool:
    from core.storage import blob_bytes

    try:
        return _sha(blob_bytes(sha256)) == sha256
    except Exception:
        return False


def _judge_documents(outcome: Outcome, case: Case, ids: list[int]) -> Outcome:
    """Steps' failures and whether the original survived, for the documents made."""
    from documents.models import Document, DocumentStep, StepStatus

    outcome.documents = ids
    docs = list(Document.objects.filter(pk__in=ids))
    readable = [d for d in docs if _readable(d.original_id)]
    outcome.empty_documents = sum(d.original_id == _sha(b"") for d in docs)
    if case.family in MAIL_FAMILIES or any(d.original_id != _sha(case.data) for d in docs):
        # A mail handed in as a file becomes its attachments (or its body as a PDF).
        outcome.lost = not docs or len(readable) != len(docs)
    else:
        outcome.lost = not any(d.original_id == _sha(case.data) for d in readable)
    for step in DocumentStep.objects.filter(document_id__in=ids, status=StepStatus.FAILED):
        reason = render(step.reason)
        outcome.step_failures.append(f"{step.name}: {reason}")
        if is_internal_error(step.reason) or not reason.strip():
            outcome.internal_errors += 1
    return outcome


def render(value: Any) -> str:
    """A step's reason as shown: a stored text (a dict, core.texts) or an older plain one."""
    from core.texts import render as shown

    return shown(value)


def is_internal_error(reason: Any) -> bool:
    """A step ended on a caught crash: stored as the runner's INTERNAL code, or (older rows)
    as its text in the language active when the step ran."""
    from documents.intake.runner import INTERNAL

    if isinstance(reason, dict):
        return reason.get("msgid") == INTERNAL
    return str(reason).startswith(internal_error_prefixes())


@functools.cache
def internal_error_prefixes() -> tuple[str, ...]:
    """How the step runner words "Internal error (...)" in every language of the site:
    the reason is stored in the language active when the step ran."""
    from django.conf import settings
    from django.utils import translation

    prefixes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            text = translation.gettext("Internal error (%(err)s); try again later.")
        prefixes.add(text.split("(")[0])
    return tuple(sorted(prefixes))


def _timed(send: Callable[[], Outcome]) -> Outcome:
    start = time.perf_counter()
    outcome = send()
    outcome.seconds = time.perf_counter() - start
    return outcome


# -- the channels ------------------------------------------------------------------------

BOUNDARY = "----fidu-trust-7d3f9a"


def multipart(fields: dict[str, str], file_name: str, data: bytes) -> bytes:
    """A form as a browser sends it, the file name verbatim (Django's test client would
    reduce "../../x" to "x" and refuse an empty name before anything is sent). Like
    browsers, quotes and line breaks in the name are percent-escaped."""
    out = io.BytesIO()
    for key, value in fields.items():
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    name = file_name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    out.write(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode("utf-8", "surrogateescape")
    )
    out.write(data + f"\r\n--{BOUNDARY}--\r\n".encode())
    return out.getvalue()


def _post_form(client: Any, url: str, fields: dict[str, str], case: Case, **headers: str) -> Any:
    return client.post(
        url,
        data=multipart(fields, case.file_name, case.data),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        **headers,
    )


def via_upload(client: Any, dossier_id: int, case: Case, commit: Commit) -> Outcome:
    def send() -> Outcome:
        out = Outcome(case.name, case.family, "upload", case.expect, "crash")
        try:
            with commit():
                resp = _post_form(
                    client,
                    f"/d/{dossier_id}/documents/upload/",
                    {"mailbox": "purchases", "doc_type": "purchase_invoice"},
                    case,
                    HTTP_ACCEPT="application/json",
                )
        except Exception as exc:  # the test client re-raises what the view raised
            out.reason = f"{type(exc).__name__}: {exc}"[:300]
            return out
        if resp.status_code >= 500:
            out.reason = f"HTTP {resp.status_code}"
            return out
        if not resp.get("Content-Type", "").startswith("application/json"):
            # Django itself refused the request (a 400 page for a malformed upload).
            out.verdict, out.reason = "refused", f"HTTP {resp.status_code} page"
            return out
        body = resp.json()
        results = body.get("results") or []
        if resp.status_code == 200 and results and results[0]["ok"]:
            out.verdict = "stored"
            ids = [d["id"] for r in results for d in r["documents"]]
            return _judge_documents(out, case, ids)
        reason = (
            results[0].get("error", "")
            if results
            else str(body.get("errors") or body.get("detail") or "")
        )
        out.verdict, out.reason = ("refused", reason) if reason else ("crash", "no reason")
        return out

    return _timed(send)


def via_api(client: Any, token: str, dossier_id: int, case: Case, commit: Commit) -> Outcome:
    def send() -> Outcome:
        out = Outcome(case.name, case.family, "api", case.expect, "crash")
        try:
            with commit():
                resp = _post_form(
                    client,
                    f"/api/dossiers/{dossier_id}/documents",
                    {"mailbox": "purchases"},
                    case,
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                )
        except Exception as exc:
            out.reason = f"{type(exc).__name__}: {exc}"[:300]
            return out
        if resp.status_code >= 500:
            out.reason = f"HTTP {resp.status_code}"
            return out
        if resp.status_code == 201:
            out.verdict = "stored"
            return _judge_documents(out, case, [d["id"] for d in resp.json()["documents"]])
        if not resp.get("Content-Type", "").startswith("application/json"):
            out.verdict, out.reason = "refused", f"HTTP {resp.status_code} page"
            return out
        body = resp.json()
        reason = str(body.get("detail", "")) if isinstance(body, dict) else ""
        out.verdict, out.reason = ("refused", reason) if reason else ("crash", "no reason")
        return out

    return _timed(send)


def disk_name(name: str) -> str:
    """The case's name as a file on disk can carry it (no "/", no NUL, at most 200 bytes)."""
    safe = name.replace("/", "_").replace("\0", "_") or "unnamed"
    while len(safe.encode("utf-8", "surrogateescape")) > 200:
        safe = safe[:-1]
    return safe


def _last_document_pk() -> int:
    from documents.models import Document

    return Document.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def via_folder(root: Path, dossier: Any, case: Case, commit: Commit) -> Outcome:
    from documents.intake.channels.folder import REFUSED, scan_once

    def send() -> Outcome:
        name = disk_name(case.file_name)
        # The folder refuses hidden files (a name starting with a dot; issue 10 point 1).
        expect = "refused" if name.startswith(".") else case.expect
        out = Outcome(case.name, case.family, "folder", expect, "crash")
        folder = root / dossier.intake_key / "purchases"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(case.data)
        before = _last_document_pk()
        past = time.time() - 60
        os.utime(path, (past, past))
        try:
            with commit():
                scan_once(root, settle=0)
        except Exception as exc:
            out.reason = f"{type(exc).__name__}: {exc}"[:300]
            return out
        return _folder_verdict(out, case, root / REFUSED, dossier, name, path, before)

    return _timed(send)


def _folder_verdict(
    out: Outcome,
    case: Case,
    refused_root: Path,
    dossier: Any,
    name: str,
    path: Path,
    before: int,
) -> Outcome:
    """What the scan did with the file: documents made from its path since `before`, a
    refusal note beside its copy under `_refused/`, or the file still where it was."""
    from documents.models import Document, Source

    ref = f"{dossier.intake_key}/purchases/{name}"
    made = Document.objects.filter(
        dossier=dossier, source=Source.FOLDER, source_ref=ref, pk__gt=before
    )
    ids = list(made.values_list("pk", flat=True))
    # Set aside without its leading dots, so the refused copy is not hidden in turn.
    refused = refused_root / dossier.intake_key / (name.lstrip(".") or "entry")
    note = refused.with_name(refused.name + ".txt")
    if ids and not os.path.lexists(path):
        out.verdict = "stored"
        _judge_documents(out, case, ids)
    elif note.exists():
        out.verdict, out.reason = "refused", note.read_text(encoding="utf-8").strip()
        out.lost = not os.path.lexists(refused)
    elif os.path.lexists(path):
        out.verdict, out.reason = "ignored", "left in the watched folder"
    else:
        out.verdict, out.reason, out.lost = "crash", "file gone, nothing stored or refused", True
    for leftover in (path, refused, note):
        with contextlib.suppress(OSError):
            if leftover.is_dir() and not leftover.is_symlink():
                leftover.rmdir()
            else:
                leftover.unlink()
    return out


def folder_specials(root: Path, dossier: Any, secret: Path, commit: Commit) -> list[Outcome]:
    """What only a folder can hold: links out of the watched root, a FIFO, a sub-folder.
    None may become a document; each is refused with its reason (issue 10 point 1)."""
    from documents.intake.channels.folder import REFUSED, scan_once

    folder = root / dossier.intake_key / "purchases"
    folder.mkdir(parents=True, exist_ok=True)
    makers: dict[str, Callable[[Path], None]] = {
        "folder-symlink-to-secret": lambda p: p.symlink_to(secret),
        "folder-symlink-to-dir": lambda p: p.symlink_to(secret.parent, target_is_directory=True),
        "folder-dangling-symlink": lambda p: p.symlink_to(secret.parent / "no-such-file"),
        "folder-fifo": lambda p: os.mkfifo(p),
        "folder-subfolder": lambda p: p.mkdir(),
    }
    outcomes = []
    for name, make in makers.items():
        case = Case(name, "folder", f"{name}.pdf", secret.read_bytes(), "refused")
        start = time.perf_counter()
        out = Outcome(name, "folder", "folder", "refused", "crash")
        path = folder / case.file_name
        before = _last_document_pk()
        make(path)
        try:
            with commit():
                scan_once(root, settle=0)
        except Exception as exc:
            out.reason = f"{type(exc).__name__}: {exc}"[:300]
        else:
            out = _folder_verdict(out, case, root / REFUSED, dossier, case.file_name, path, before)
            out.lost = False  # nothing of the sender's to keep: the link or FIFO is the input
        out.seconds = time.perf_counter() - start
        outcomes.append(out)
    return outcomes


def leaked(secret: Path) -> int:
    """Documents whose original is the secret file's content (a read through a link)."""
    from documents.models import Document

    return Document.objects.filter(original_id=_sha(secret.read_bytes())).count()


def smtp_message(case: Case, to: str, n: int) -> bytes:
    if case.family in MAIL_FAMILIES:
        return case.data
    msg = EmailMessage()
    msg["From"] = "hostile@sender.test"
    msg["To"] = to
    msg["Subject"] = case.name
    msg["Message-ID"] = f"<trust-{n}-{case.name}@sender.test>"
    msg.set_content("See attached.")
    msg.add_attachment(
        case.data,
        maintype="application",
        subtype="octet-stream",
        # A header cannot carry a line break: a mail client would have folded it away.
        filename=case.file_name.replace("\r", " ").replace("\n", " "),
    )
    return as_bytes(msg)


def via_smtp(port: int, to: str, case: Case, n: int) -> Outcome:
    from documents.models import InboundMail

    def send() -> Outcome:
        # Whatever a mail carries, the receiver keeps the mail itself: a file that the
        # other channels refuse arrives here as an attachment of a mail that is stored.
        expect = case.expect if case.family in MAIL_FAMILIES else "stored"
        out = Outcome(case.name, case.family, "smtp", expect, "crash")
        raw = smtp_message(case, to, n)
        before = set(InboundMail.objects.values_list("pk", flat=True))
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=600) as smtp:
                smtp.sendmail("hostile@sender.test", [to], raw)
        except smtplib.SMTPResponseException as exc:
            error = exc.smtp_error
            text = error.decode("utf-8", "replace") if isinstance(error, bytes) else error
            code = exc.smtp_code
            if 400 <= code < 500:
                out.reason = f"SMTP {code} {text}"
            else:
                out.verdict, out.reason = "refused", f"SMTP {code} {text}"
            return out
        except (smtplib.SMTPException, OSError) as exc:
            out.reason = f"{type(exc).__name__}: {exc}"[:300]
            return out
        out.verdict = "stored"
        # smtplib ends every line with CRLF and the receiver may add a final one: the raw
        # kept is the mail as it arrived, checked against its own hash.
        new = InboundMail.objects.exclude(pk__in=before).order_by("pk")
        mails = [m for m in new if _readable(m.raw_id)]
        out.lost = not mails
        if mails:
            from documents.models import Document

            ids = list(
                Document.objects.filter(
                    dossier_id=mails[0].dossier_id, source_ref=mails[0].message_id
                ).values_list("pk", flat=True)
            )
            lost = out.lost
            _judge_documents(out, Case(case.name, "mail", "", raw), ids)
            out.lost = lost  # the raw mail is the original here; its parts may be none
        return out

    return _timed(send)


@contextlib.contextmanager
def smtp_receiver(max_bytes: int) -> Iterator[int]:
    import socket

    from django.conf import settings

    from documents.intake.channels.smtp import controller

    settings.FIDU_MAIL_MAX_BYTES = max_bytes
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = controller("127.0.0.1", port)
    ctl.start()
    try:
        yield port
    finally:
        ctl.stop()
