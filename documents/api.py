"""REST API of the documents app (B6): intake with a token, lists, edits, sending, split and merge."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from ninja import File, Form, Router, Schema
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.pagination import paginate

from core.storage import blob_open
from core.texts import render
from documents import services
from documents.history import record_download
from documents.intake import Incoming, IntakeMeta, IntakeRefused, intake_file, steps_of
from documents.models import Mailbox, Source
from documents.selectors import document_list, document_visible, documents_by_ids, intake_addresses
from tenancy.access import dossier_access, object_access
from tenancy.policy import Cap

router = Router(tags=["documents"])


class StepOut(Schema):
    name: str
    status: str
    reason: str


class DocumentOut(Schema):
    id: int
    dossier_id: int
    mailbox: str
    doc_type: str
    state: str
    title: str
    file_name: str
    content_type: str
    source: str
    sender: str
    page_count: int | None
    labels: list[str]
    note: str
    payment_status: str
    payment_method: str
    journal_code: str
    duplicate_of_id: int | None
    notice: str
    created_at: datetime
    sent_at: datetime | None
    visual_ready: bool
    steps: list[StepOut]

    @staticmethod
    def resolve_visual_ready(obj) -> bool:
        return obj.visual_id is not None and obj.pages.exists()

    @staticmethod
    def resolve_notice(obj) -> str:
        return render(obj.notice)  # stored as a code; given in the caller's language

    @staticmethod
    def resolve_steps(obj) -> list[dict]:
        return [
            {"name": s.name, "status": s.status, "reason": render(s.reason)} for s in steps_of(obj)
        ]


class IntakeOut(Schema):
    documents: list[DocumentOut]


class DocumentPatch(Schema):
    title: str | None = None
    doc_type: str | None = None
    mailbox: str | None = None
    labels: list[str] | None = None
    note: str | None = None
    payment_status: str | None = None
    payment_method: str | None = None
    journal_code: str | None = None


class SendIn(Schema):
    ids: list[int]
    summary: str = ""
    last_for_period: str = ""


class SendOut(Schema):
    dispatch_id: int
    sent: list[int]


class MergeIn(Schema):
    ids: list[int]
    title: str = ""


class SplitIn(Schema):
    groups: list[list[int]] | None = None
    first_pages: list[int] | None = None


class IntakeAddressesOut(Schema):
    email: dict[str, str]
    email_per_journal: str
    folders: dict[str, str]


def _doc_route(cap: Cap):
    return object_access("documents.Document", cap, kwarg="document_id", check=document_visible)


@router.post("/dossiers/{dossier_id}/documents", response={201: IntakeOut})
@decorate_view(dossier_access(Cap.UPLOAD))
def document_upload(
    request,
    dossier_id: int,
    file: File[UploadedFile],
    mailbox: Form[str],
    doc_type: Form[str] = "",
    payment_status: Form[str] = "",
    payment_method: Form[str] = "",
    journal_code: Form[str] = "",
    labels: Form[str] = "",
    note: Form[str] = "",
):
    """Send one file (multipart field `file`) to a mailbox (`purchases`, `sales`, `misc`)."""
    if mailbox not in Mailbox.values:
        raise ValidationError("mailbox must be purchases, sales or misc")
    meta = IntakeMeta(
        doc_type=doc_type,
        payment_status=payment_status,
        payment_method=payment_method,
        journal_code=journal_code,
        labels=tuple(x.strip() for x in labels.split(",") if x.strip()),
        note=note,
    )
    try:
        docs = intake_file(
            Incoming(
                dossier=request.dossier,
                mailbox=mailbox,
                source=Source.API,
                file_name=file.name or "",
                data=file.read(),
                actor=request.user,
                meta=meta,
            )
        )
    except IntakeRefused as exc:
        raise ValidationError(str(exc)) from exc
    return 201, {"documents": docs}


@router.get("/dossiers/{dossier_id}/documents", response=list[DocumentOut])
@decorate_view(dossier_access(Cap.MAILBOX))
@paginate
def document_index(request, dossier_id: int, tab: str = "inbox", mailbox: str = "", q: str = ""):
    return document_list(user=request.user, dossier=request.dossier, tab=tab, mailbox=mailbox, q=q)


@router.get("/dossiers/{dossier_id}/intake", response=IntakeAddressesOut)
@decorate_view(dossier_access(Cap.UPLOAD))
def dossier_intake(request, dossier_id: int):
    """The dossier's intake e-mail addresses and watched folders."""
    return intake_addresses(request.dossier)


@router.post("/dossiers/{dossier_id}/documents/send", response=SendOut)
@decorate_view(dossier_access(Cap.DOCUMENT_EDIT))
def documents_send(request, dossier_id: int, payload: SendIn):
    docs = documents_by_ids(user=request.user, dossier=request.dossier, ids=payload.ids)
    dispatch = services.document_send_to_office(
        actor=request.user,
        documents=docs,
        summary=payload.summary,
        last_for_period=payload.last_for_period,
    )
    return {"dispatch_id": dispatch.pk, "sent": [d.pk for d in docs]}


@router.post("/dossiers/{dossier_id}/documents/merge", response={201: DocumentOut})
@decorate_view(dossier_access(Cap.DOCUMENT_EDIT))
def documents_merge(request, dossier_id: int, payload: MergeIn):
    docs = documents_by_ids(user=request.user, dossier=request.dossier, ids=payload.ids)
    return 201, services.documents_merge(actor=request.user, documents=docs, title=payload.title)


@router.get("/documents/{document_id}", response=DocumentOut)
@decorate_view(_doc_route(Cap.VIEW))
def document_get(request, document_id: int):
    return request.fidu_object


@router.patch("/documents/{document_id}", response=DocumentOut)
@decorate_view(_doc_route(Cap.DOCUMENT_EDIT))
def document_patch(request, document_id: int, payload: DocumentPatch):
    changes = payload.dict(exclude_none=True)
    return services.document_update(actor=request.user, document=request.fidu_object, **changes)


@router.delete("/documents/{document_id}", response={204: None})
@decorate_view(_doc_route(Cap.DOCUMENT_EDIT))
def document_remove(request, document_id: int):
    services.document_delete(actor=request.user, document=request.fidu_object)
    return 204, None


@router.post("/documents/{document_id}/split", response={201: list[DocumentOut]})
@decorate_view(_doc_route(Cap.DOCUMENT_EDIT))
def document_split(request, document_id: int, payload: SplitIn):
    doc = request.fidu_object
    if payload.groups:
        return 201, services.document_split(actor=request.user, document=doc, groups=payload.groups)
    if payload.first_pages:
        return 201, services.document_split_at(
            actor=request.user, document=doc, first_pages=payload.first_pages
        )
    raise ValidationError("give groups or first_pages")


@router.get("/documents/{document_id}/original")
@decorate_view(_doc_route(Cap.VIEW))
def document_original(request, document_id: int):
    doc = request.fidu_object
    record_download(actor=request.user, document=doc, file="original")
    return FileResponse(
        blob_open(doc.original_id),
        as_attachment=True,
        filename=doc.file_name,
        content_type=doc.content_type or "application/octet-stream",
    )


@router.get("/documents/{document_id}/visual")
@decorate_view(_doc_route(Cap.VIEW))
def document_visual(request, document_id: int):
    doc = request.fidu_object
    if doc.visual_id is None:
        raise Http404
    record_download(actor=request.user, document=doc, file="pdf")
    return FileResponse(
        blob_open(doc.visual_id),
        filename=doc.file_name.rsplit(".", 1)[0] + ".pdf",
        content_type="application/pdf",
    )
