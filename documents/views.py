"""Pages of the documents app: mailboxes and tabs, upload, detail, pages editor, downloads."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import extensions
from core.storage import blob_bytes, blob_open
from documents import services
from documents.forms import (
    TYPES_BY_MAILBOX,
    CaptureForm,
    DocumentEditForm,
    FolderForm,
    ImapAccountForm,
    IntakeSettingsForm,
    SendForm,
    ShareForm,
    UploadForm,
)
from documents.history import record_download
from documents.intake import (
    Incoming,
    IntakeMeta,
    IntakeRefused,
    intake_file,
    is_processing,
    steps_of,
)
from documents.models import (
    DocState,
    DocumentFolder,
    ImapAccount,
    IntakeSettings,
    Mailbox,
    Source,
    StepStatus,
)
from documents.selectors import (
    document_history,
    document_list,
    document_visible,
    documents_by_ids,
    folders_for,
    folders_with_counts,
    intake_addresses,
)
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap, can, caps_for


def _doc(cap: Cap):
    return object_access("documents.Document", cap, kwarg="document_id", check=document_visible)


def _ids(request) -> list[int]:
    raw = request.POST.getlist("ids") or request.GET.getlist("ids")
    try:
        return [int(x) for x in raw]
    except ValueError:
        raise Http404 from None


# --- lists --------------------------------------------------------------------------------


def _list(request, tab: str):
    dossier = request.dossier
    mailbox = request.GET.get("mailbox", "")
    folder = request.GET.get("folder") or None
    docs = document_list(
        user=request.user,
        dossier=dossier,
        tab=tab,
        mailbox=mailbox,
        q=request.GET.get("q", "").strip(),
        folder_id=int(folder) if folder and folder.isdigit() else None,
    )
    shown = list(docs.select_related("original", "dossier")[:200])
    # Later apps' word on each row (e.g. recognition: "being verified", C1), one call a page.
    badges = extensions.collect("document_list_badges", shown, request.user)
    # ... and the payment indicator with its "Pay" link (payments, G5).
    payment: dict[Any, Any] = extensions.collect("document_payment_rows", shown, request.user)
    for doc in shown:
        doc.badge = badges.get(doc.pk, "")
        setattr(doc, "payment", payment.get(doc.pk))  # noqa: B010 (a template-only attribute)
    _attach_icons(shown, request.user)
    ctx = {
        "dossier": dossier,
        "tab": tab,
        "mailbox": mailbox,
        "mailboxes": Mailbox.choices,
        "documents": shown,
        "count": docs.count(),
        "caps": caps_for(request.user, dossier),
        "folders": folders_for(dossier=dossier),
        "folder": folder,
        "q": request.GET.get("q", ""),
    }
    template = "documents/_rows.html" if request.htmx else "documents/list.html"
    return render(request, template, ctx)


def _attach_icons(shown: list, user) -> None:
    """Later apps' icons on each row (messaging: a conversation about the document, H2):
    `collect` gives {provider key: {doc id: (icon, label, link)}}, one call a page."""
    icons = extensions.collect("document_icons", shown, user)
    for doc in shown:
        doc.icons = [per_doc[doc.pk] for per_doc in icons.values() if doc.pk in per_doc]


@dossier_access(Cap.MAILBOX)
@require_GET
def documents_view(request, dossier_id: int):
    tab = request.GET.get("tab", "inbox")
    if tab not in ("inbox", "sent"):
        tab = "inbox"
    return _list(request, tab)


@dossier_access(Cap.ARCHIVE)
@require_GET
def archive_view(request, dossier_id: int):
    # One archive: a later app with a richer archive page (F5 search) answers "archive_page";
    # this list stays for a folder's documents, which are at every stage.
    if not request.GET.get("folder"):
        richer = extensions.collect("archive_page", request.dossier).get("url")
        if richer:
            return redirect(richer)
    return _list(request, "archive")


@dossier_access(Cap.ARCHIVE)
@require_GET
def history_view(request, dossier_id: int):
    docs = list(document_history(user=request.user, dossier=request.dossier)[:1000])
    _attach_icons(docs, request.user)
    payment: dict[Any, Any] = extensions.collect("document_payment_rows", docs, request.user)
    for doc in docs:
        setattr(doc, "payment", payment.get(doc.pk))  # noqa: B010 (a template-only attribute)
    return render(
        request, "documents/history.html", {"dossier": request.dossier, "documents": docs}
    )


@dossier_access(Cap.ARCHIVE)
@require_http_methods(["GET", "POST"])
def folders_view(request, dossier_id: int):
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.folder_create(
                actor=request.user, dossier=request.dossier, name=form.cleaned_data["name"]
            )
            return redirect("documents_folders", dossier_id=dossier_id)
        except ValidationError as exc:
            form.add_error("name", exc)
    folders = folders_with_counts(user=request.user, dossier=request.dossier)
    return render(
        request,
        "documents/folders.html",
        {"dossier": request.dossier, "form": form, "folders": folders},
    )


@object_access("documents.DocumentFolder", Cap.ARCHIVE, kwarg="folder_id")
@require_POST
def folder_delete_view(request, folder_id: int):
    folder = request.fidu_object
    services.folder_delete(actor=request.user, folder=folder)
    messages.success(request, _("Folder deleted; its documents are kept."))
    return redirect("documents_folders", dossier_id=folder.dossier_id)


# --- intake ------------------------------------------------------------------------------------


@dossier_access(Cap.UPLOAD)
@require_http_methods(["GET", "POST"])
def upload_view(request, dossier_id: int):
    """The page (GET), and one or more files per POST (the page's script sends one at a time)."""
    dossier = request.dossier
    mailbox = request.POST.get("mailbox") or request.GET.get("mailbox") or Mailbox.PURCHASES
    if mailbox not in Mailbox.values:
        mailbox = Mailbox.PURCHASES
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        form = UploadForm(request.POST)
        files = request.FILES.getlist("file")
        if not form.is_valid() or not files:
            errors = {k: [str(e) for e in v] for k, v in form.errors.items()}
            if not files:
                errors["file"] = [_("Choose at least one file.")]
            if wants_json:
                return JsonResponse({"ok": False, "errors": errors}, status=400)
        else:
            data = form.cleaned_data
            meta = IntakeMeta(
                doc_type=data["doc_type"],
                payment_status=data.get("payment_status") or "",
                payment_method=data.get("payment_method") or "",
                journal_code=data.get("journal_code") or "",
                labels=tuple(data["labels"]),
                note=data.get("note") or "",
            )
            results = []
            for f in files:
                try:
                    docs = intake_file(
                        Incoming(
                            dossier=dossier,
                            mailbox=data["mailbox"],
                            source=Source.UPLOAD,
                            file_name=f.name,
                            data=f.read(),
                            actor=request.user,
                            meta=meta,
                        )
                    )
                    results.append(
                        {
                            "ok": True,
                            "file": f.name,
                            "documents": [
                                {
                                    "id": d.pk,
                                    "url": reverse("document_detail", args=[d.pk]),
                                    "title": str(d),
                                    "duplicate_of": d.duplicate_of_id,
                                }
                                for d in docs
                            ],
                        }
                    )
                except IntakeRefused as exc:
                    results.append({"ok": False, "file": f.name, "error": str(exc)})
            if wants_json:
                status = 200 if all(r["ok"] for r in results) else 422
                return JsonResponse({"ok": status == 200, "results": results}, status=status)
            for r in results:
                if r["ok"]:
                    messages.success(request, _("%(file)s received.") % {"file": r["file"]})
                else:
                    messages.error(request, r["error"])
            return redirect(f"{reverse('documents', args=[dossier_id])}?mailbox={data['mailbox']}")
    else:
        form = UploadForm(initial={"mailbox": mailbox, "doc_type": TYPES_BY_MAILBOX[mailbox][0]})
    ctx = {
        "dossier": dossier,
        "form": form,
        "mailbox": mailbox,
        "mailboxes": Mailbox.choices,
        "types_json": json.dumps(
            {str(k): [str(t) for t in v] for k, v in TYPES_BY_MAILBOX.items()}
        ),
    }
    return render(request, "documents/upload.html", ctx)


@dossier_access(Cap.UPLOAD)
@require_http_methods(["GET", "POST"])
def capture_view(request, dossier_id: int):
    """Mobile capture (B5): several photos of one receipt or invoice become one PDF."""
    from documents.conversions import ConversionError
    from documents.conversions.images import images_to_pdf

    dossier = request.dossier
    form = CaptureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        photos = [f.read() for f in request.FILES.getlist("photo")]
        photos = [p for p in photos if p]
        if not photos:
            form.add_error(None, _("Take at least one photo."))
        else:
            try:
                pdf = images_to_pdf(photos)
            except ConversionError as exc:
                form.add_error(None, str(exc))
            else:
                doc_type = form.cleaned_data["doc_type"]
                mailbox = Mailbox.MISC if doc_type == "receipt" else Mailbox.PURCHASES
                docs = intake_file(
                    Incoming(
                        dossier=dossier,
                        mailbox=mailbox,
                        source=Source.UPLOAD,
                        file_name="photo.pdf",
                        data=pdf,
                        actor=request.user,
                        meta=IntakeMeta(doc_type=doc_type, note=form.cleaned_data["note"]),
                    )
                )
                messages.success(
                    request,
                    ngettext(
                        "Sent: %(n)s page in one document.",
                        "Sent: %(n)s pages in one document.",
                        len(photos),
                    )
                    % {"n": len(photos)},
                )
                if can(request.user, Cap.MAILBOX, dossier):
                    return redirect("document_detail", document_id=docs[0].pk)
                return redirect("documents_capture", dossier_id=dossier_id)
    return render(request, "documents/capture.html", {"dossier": dossier, "form": form})


@dossier_access(Cap.UPLOAD)
@require_http_methods(["GET", "POST"])
def intake_settings_view(request, dossier_id: int):
    dossier = request.dossier
    may_settings = can(request.user, Cap.CLIENT_SETTINGS, dossier) or can(
        request.user, Cap.CONFIGURE, dossier
    )
    may_imap = can(request.user, Cap.CONFIGURE, dossier)
    cfg = IntakeSettings.objects.filter(dossier=dossier).first() or IntakeSettings(dossier=dossier)
    # Settings a later app switches off, with the reason (payments: invoice approval, B16).
    gates = extensions.collect("document_gates", dossier)
    form = IntakeSettingsForm(instance=cfg, gates=gates) if may_settings else None
    imap_form = ImapAccountForm() if may_imap else None
    if request.method == "POST":
        what = request.POST.get("form")
        if what == "settings":
            if not may_settings:
                raise PermissionDenied
            form = IntakeSettingsForm(request.POST, instance=cfg, gates=gates)
            if form.is_valid():
                services.intake_settings_update(
                    actor=request.user,
                    dossier=dossier,
                    **{k: form.cleaned_data[k] for k in IntakeSettingsForm.Meta.fields},
                )
                messages.success(request, _("Settings saved."))
                return redirect("documents_intake", dossier_id=dossier_id)
        elif what == "imap":
            if not may_imap:
                raise PermissionDenied
            imap_form = ImapAccountForm(request.POST)
            if imap_form.is_valid():
                from documents.intake.channels.imap import imap_account_save

                imap_account_save(actor=request.user, dossier=dossier, **imap_form.cleaned_data)
                messages.success(request, _("Mailbox connected; it is polled every few minutes."))
                return redirect("documents_intake", dossier_id=dossier_id)
        else:
            raise Http404
    ctx = {
        "dossier": dossier,
        "addresses": intake_addresses(dossier),
        "form": form,
        "imap_form": imap_form,
        "imap_accounts": ImapAccount.objects.filter(dossier=dossier) if may_imap else [],
    }
    return render(request, "documents/intake_settings.html", ctx)


# --- one document ----------------------------------------------------------------------------


@_doc(Cap.VIEW)
@require_GET
def document_detail_view(request, document_id: int):
    doc = request.fidu_object
    caps = caps_for(request.user, request.dossier)
    # A rejected invoice (B16) is only opened or deleted.
    editable = Cap.DOCUMENT_EDIT in caps and doc.state in services.SENDABLE | {
        DocState.AWAITING_APPROVAL,
    }
    form = DocumentEditForm(
        initial={
            "title": doc.title,
            "doc_type": doc.doc_type,
            "mailbox": doc.mailbox,
            "labels": ", ".join(doc.labels),
            "note": doc.note,
            "payment_status": doc.payment_status,
            "payment_method": doc.payment_method,
            "journal_code": doc.journal_code,
            "folder_id": doc.folder_id,
        },
        folders=folders_for(dossier=doc.dossier),
    )
    rows = steps_of(doc)
    ctx = {
        "dossier": request.dossier,
        "doc": doc,
        "caps": caps,
        "editable": editable,
        "form": form,
        "share_form": ShareForm(),
        "pages": doc.pages.all(),
        "steps": rows,
        "failed": any(r.status == StepStatus.FAILED for r in rows),
        "parents": doc.parents.all(),
        "children": doc.children.all(),
        "processing": is_processing(doc),
        # Later apps' word on the document (e.g. recognition: "being verified", C1).
        "notices": extensions.collect("document_notices", doc, request.user),
        # Later apps' panels (messaging: the conversations about the document, H2).
        "panels": extensions.collect("conversation_panel", request, request.dossier, doc),
        # Buttons later apps add (payments: "Pay"), each {url, label, icon}.
        "actions": extensions.collect("document_actions", doc, request.user),
        "deletable_only": Cap.DOCUMENT_EDIT in caps and doc.state == DocState.REJECTED,
    }
    return render(request, "documents/detail.html", ctx)


@_doc(Cap.VIEW)
@require_GET
def document_status_view(request, document_id: int):
    doc = request.fidu_object
    rows = steps_of(doc)
    ctx = {
        "doc": doc,
        "steps": rows,
        "failed": any(r.status == StepStatus.FAILED for r in rows),
        "pages": doc.pages.all(),
        "processing": is_processing(doc),
        "caps": caps_for(request.user, request.dossier),
    }
    return render(request, "documents/_status.html", ctx)


@_doc(Cap.VIEW)
@require_GET
def document_history_view(request, document_id: int):
    """A8: everything that happened to the document, who did it and when."""
    from documents.history import document_history

    doc = request.fidu_object
    return render(
        request,
        "documents/document_history.html",
        {"dossier": request.dossier, "doc": doc, "rows": document_history(doc)},
    )


@_doc(Cap.DOCUMENT_EDIT)
@require_POST
def document_edit_view(request, document_id: int):
    doc = request.fidu_object
    form = DocumentEditForm(request.POST, folders=folders_for(dossier=doc.dossier))
    if form.is_valid():
        try:
            services.document_update(actor=request.user, document=doc, **form.cleaned_data)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Please correct the form."))
    return redirect("document_detail", document_id=doc.pk)


@_doc(Cap.DOCUMENT_EDIT)
@require_POST
def document_delete_view(request, document_id: int):
    doc = request.fidu_object
    try:
        services.document_delete(actor=request.user, document=doc)
        messages.success(request, _("Document deleted."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("document_detail", document_id=doc.pk)
    return redirect(f"{reverse('documents', args=[doc.dossier_id])}?mailbox={doc.mailbox}")


@_doc(Cap.DOCUMENT_EDIT)
@require_POST
def document_share_view(request, document_id: int):
    doc = request.fidu_object
    form = ShareForm(request.POST)
    if form.is_valid():
        services.document_share_by_email(actor=request.user, document=doc, **form.cleaned_data)
        messages.success(request, _("Sent to %(to)s.") % {"to": form.cleaned_data["to"]})
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("document_detail", document_id=doc.pk)


@_doc(Cap.DOCUMENT_EDIT)
@require_POST
def document_retry_view(request, document_id: int):
    try:
        services.step_retry(actor=request.user, document=request.fidu_object)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("document_detail", document_id=document_id)


@_doc(Cap.DOCUMENT_EDIT)
@require_http_methods(["GET", "POST"])
def document_pages_view(request, document_id: int):
    """Split, bulk split, rotate, reorder and delete pages on thumbnails (B11)."""
    doc = request.fidu_object
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "split":
                # groups as "1,2;3;4-6"
                groups = [
                    _parse_pages(g) for g in request.POST.get("groups", "").split(";") if g.strip()
                ]
                made = services.document_split(actor=request.user, document=doc, groups=groups)
            elif action == "split_at":
                firsts = [int(x) for x in request.POST.getlist("first")]
                made = services.document_split_at(
                    actor=request.user, document=doc, first_pages=firsts
                )
            elif action == "edit":
                pages = []
                for item in request.POST.get("pages", "").split(","):
                    if item.strip():
                        num, _sep, rot = item.partition(":")
                        pages.append((int(num), int(rot or 0)))
                made = [services.document_pages_edit(actor=request.user, document=doc, pages=pages)]
            else:
                raise Http404
        except (ValueError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("document_pages", document_id=doc.pk)
        messages.success(
            request,
            ngettext(
                "%(n)s new document made; the original stays in the history.",
                "%(n)s new documents made; the original stays in the history.",
                len(made),
            )
            % {"n": len(made)},
        )
        if len(made) == 1:
            return redirect("document_detail", document_id=made[0].pk)
        return redirect(f"{reverse('documents', args=[doc.dossier_id])}?mailbox={doc.mailbox}")
    return render(
        request,
        "documents/pages.html",
        {"dossier": request.dossier, "doc": doc, "pages": doc.pages.all()},
    )


def _parse_pages(text: str) -> list[int]:
    pages: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-", 1)
            pages.extend(range(int(a), int(b) + 1))
        elif part:
            pages.append(int(part))
    return pages


# --- several documents ---------------------------------------------------------------------------


@dossier_access(Cap.DOCUMENT_EDIT)
@require_http_methods(["GET", "POST"])
def send_view(request, dossier_id: int):
    """B13: the summary page, then the sending."""
    docs = documents_by_ids(user=request.user, dossier=request.dossier, ids=_ids(request))
    form = SendForm(request.POST or None)
    if request.method == "POST" and request.POST.get("confirm") and form.is_valid():
        try:
            services.document_send_to_office(
                actor=request.user, documents=docs, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s document sent to your accountant.",
                    "%(n)s documents sent to your accountant.",
                    len(docs),
                )
                % {"n": len(docs)},
            )
            return redirect(f"{reverse('documents', args=[dossier_id])}?tab=sent")
    if not docs:
        messages.error(request, _("Select at least one document."))
        return redirect("documents", dossier_id=dossier_id)
    return render(
        request,
        "documents/send.html",
        {"dossier": request.dossier, "documents": docs, "form": form},
    )


@dossier_access(Cap.DOCUMENT_EDIT)
@require_http_methods(["GET", "POST"])
def merge_view(request, dossier_id: int):
    """Merge (B11): the picker lists the pages of the chosen documents in order (GET); the
    person keeps, turns and orders pages, and the merge makes one new document (POST)."""
    docs = documents_by_ids(user=request.user, dossier=request.dossier, ids=_ids(request))
    if request.method == "GET" or "picker" not in request.POST:
        # from the list's "Merge" button: show the picker, change nothing yet
        if len(docs) < 2:
            messages.error(request, _("Select at least two documents to merge."))
            return redirect("documents", dossier_id=dossier_id)
        return render(
            request,
            "documents/merge.html",
            {"dossier": request.dossier, "documents": docs, "pages": _merge_pages(docs)},
        )
    try:
        made = services.documents_merge(
            actor=request.user, documents=docs, pages=_picked_pages(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("documents", dossier_id=dossier_id)
    messages.success(request, _("Merged into one document."))
    return redirect("document_detail", document_id=made.pk)


def _merge_pages(docs) -> list:
    from documents.models import DocumentPage

    pages = DocumentPage.objects.filter(document__in=docs).order_by("number")
    order = {d.pk: i for i, d in enumerate(docs)}
    titles = {d.pk: str(d) for d in docs}
    out = sorted(pages, key=lambda p: (order[p.document_id], p.number))
    for p in out:
        p.document_title = titles[p.document_id]
    return out


def _picked_pages(request) -> list[tuple[int, int, int]]:
    """The picker's pages: "doc:page:turn,…" in the order set by the page's script, else the
    ticked boxes ("doc:page") in the listed order (without script)."""
    ordered = request.POST.get("pages", "").strip()
    raw = ordered.split(",") if ordered else request.POST.getlist("page")
    picked = []
    try:
        for item in raw:
            parts = [int(x) for x in item.split(":")]
            picked.append((parts[0], parts[1], parts[2] if len(parts) > 2 else 0))
    except (ValueError, IndexError):
        raise Http404 from None
    return picked


# --- files ------------------------------------------------------------------------------------------


@_doc(Cap.VIEW)
@require_GET
def original_view(request, document_id: int):
    doc = request.fidu_object
    record_download(actor=request.user, document=doc, file="original")
    return FileResponse(
        blob_open(doc.original_id),
        as_attachment=True,
        filename=doc.file_name,
        content_type=doc.content_type or "application/octet-stream",
    )


@_doc(Cap.VIEW)
@require_GET
def visual_view(request, document_id: int):
    doc = request.fidu_object
    if doc.visual_id is None:
        raise Http404
    name = doc.file_name.rsplit(".", 1)[0] + ".pdf"
    record_download(actor=request.user, document=doc, file="pdf")
    return FileResponse(
        blob_open(doc.visual_id),
        as_attachment="download" in request.GET,
        filename=name,
        content_type="application/pdf",
    )


@_doc(Cap.VIEW)
@require_GET
def thumb_view(request, document_id: int, number: int):
    page = request.fidu_object.pages.filter(number=number).first()
    if page is None:
        raise Http404
    response = HttpResponse(blob_bytes(page.thumb_id), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"  # content-addressed, never changes
    return response


@_doc(Cap.VIEW)
@require_GET
def page_image_view(request, document_id: int, number: int):
    from documents.pdfops import render_page

    doc = request.fidu_object
    if doc.visual_id is None:
        raise Http404
    try:
        jpeg = render_page(blob_bytes(doc.visual_id), number, width=1000)
    except IndexError:
        raise Http404 from None
    response = HttpResponse(jpeg, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


__all__ = ["DocumentFolder"]
