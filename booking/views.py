"""Pages of the booking factory: worklist (C6), annotation screen (C7), client views (C8, A6)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from booking import forms, selectors, services
from booking.models import DocKind, Kind, Proposal, State, Status
from booking.policy import is_office, may_edit, may_open, may_send
from booking.rules import problem_text
from core import extensions
from documents.models import DocState
from ledger.models import Account, Counterparty, Journal, Period, VatCode
from tenancy.access import dossier_access, object_access, office_staff
from tenancy.policy import Cap, can, dossiers_visible_to

PAGE_SIZE = 50


def _proposal(cap: Cap = Cap.VIEW):
    return object_access("booking.Proposal", cap, kwarg="proposal_id", check=may_open)


def _is_client(user, p: Proposal) -> bool:
    return not is_office(user, p.dossier)


def _list_url(dossier, user) -> str:
    name = "booking_worklist" if is_office(user, dossier) else "booking_client"
    return reverse(name, args=[dossier.pk])


def _safe_back(request, target: str | None, fallback: str) -> str:
    """A page of this site to go back to; anything else (another host, a scheme) is dropped."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _query(raw: str) -> str:
    """The worklist query carried through the annotation pages, parsed and re-encoded."""
    return QueryDict(raw or "").urlencode()


# --- worklist (C6) ---------------------------------------------------------------------------


def _worklist_ctx(request, dossier, *, office: bool) -> dict:
    f = forms.worklist_filter(request.GET)
    qs = selectors.worklist(dossier=dossier, f=f, client=not office)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    unpaged = request.GET.copy()
    unpaged.pop("page", None)

    def sort_url(col: str) -> str:
        # Third click on a column removes the sort (asc → desc → none).
        q = unpaged.copy()
        for key in ("sort", "dir"):
            q.pop(key, None)
        if f.sort != col:
            q.update({"sort": col, "dir": "asc"})
        elif f.dir == "asc":
            q.update({"sort": col, "dir": "desc"})
        return "?" + q.urlencode()

    columns = [
        ("type", _("Type")),
        ("journal", _("Journal")),
        ("date", _("Invoice date")),
        ("period", _("Period")),
        ("number", _("Number")),
        ("counterparty", _("Counterparty")),
        ("accounts", _("GL accounts")),
        ("vat", _("VAT %")),
        ("total", _("Total")),
        ("processed", _("Processed")),
        ("pages", "#"),
        ("notes", _("Notes")),
        ("status", _("Validation")),
    ]
    rows = list(page.object_list)
    first = rows[0].pk if rows else None
    # Later apps' icons on the documents (messaging: a conversation about it, H2).
    icons = extensions.collect("document_icons", [p.document for p in rows], request.user)
    for p in rows:
        # A display attribute for the row template (not a model field).
        vars(p)["icons"] = [
            per_doc[p.document_id] for per_doc in icons.values() if p.document_id in per_doc
        ]
    return {
        "dossier": dossier,
        "f": f,
        "page": page,
        "rows": rows,
        "first_id": first,
        "columns": [
            {"key": k, "label": label, "url": sort_url(k), "dir": f.dir if f.sort == k else ""}
            for k, label in columns
        ],
        "filter_query": unpaged.urlencode(),
        "counts": selectors.status_counts(dossier=dossier, direction=f.direction),
        "to_verify": selectors.verify_count(dossier=dossier, direction=f.direction)
        if office
        else 0,
        "statuses": Status.choices,
        "kinds": Kind.choices,
        "journals": Journal.objects.filter(
            dossier=dossier, active=True, kind="sales" if f.direction == "sales" else "purchases"
        ),
        "periods": Period.objects.filter(dossier=dossier, closed=False).select_related(
            "fiscal_year"
        ),
        "is_office": office,
        "can_send": may_send(request.user, dossier),
        "stats": selectors.learning_stats(dossier=dossier),
        "doc_types": _doc_types(),
        "annotate_prefix": reverse("booking_annotate", args=[0])[:-2],
        "select_label": _("Select"),
        "annotate_query": unpaged.urlencode(),
    }


def _doc_types():
    return [
        ("purchase:invoice", _("Purchase invoice")),
        ("purchase:credit_note", _("Purchase credit note")),
        ("sales:invoice", _("Sales invoice")),
        ("sales:credit_note", _("Sales credit note")),
    ]


@dossier_access(Cap.WORKLIST)
@require_GET
def worklist_view(request, dossier_id: int):
    # Reads only: proposals come from the intake pipeline and the documents.sent and
    # recognition.extracted events (a GET that built them made empty proposals of
    # documents still being read).
    ctx = _worklist_ctx(request, request.dossier, office=True)
    ctx["client_invoices"] = can(request.user, Cap.MAILBOX, request.dossier)
    template = "booking/_rows.html" if request.htmx else "booking/worklist.html"
    return render(request, template, ctx)


@dossier_access(Cap.DOCUMENT_EDIT)
@require_GET
def client_view(request, dossier_id: int):
    """C8: the client's own worklist in hybrid and client modes; questions in every mode."""
    dossier = request.dossier
    ctx = _worklist_ctx(request, dossier, office=False)
    ctx["editable"] = may_edit(request.user, dossier)
    # The office's questions about documents are conversations (messaging, H2).
    ctx["panels"] = extensions.collect("conversation_panel", request, dossier)
    if not ctx["editable"]:
        ctx["rows"] = list(selectors.client_proposals(dossier=dossier)[:PAGE_SIZE])
    return render(request, "booking/client.html", ctx)


def _ids(values: list[str]) -> list[int]:
    try:
        return [int(x) for x in values]
    except ValueError:
        raise Http404 from None


def _bulk(request, dossier, *, office: bool):
    ids = _ids(request.POST.getlist("ids"))
    proposals = selectors.proposals_by_ids(dossier=dossier, ids=ids, client=not office)
    action = request.POST.get("action", "")
    back = _safe_back(request, request.POST.get("back"), _list_url(dossier, request.user))
    if not proposals:
        messages.warning(request, _("Select at least one proposal."))
        return redirect(back)
    try:
        if action == "send":
            confirmed = set(_ids(request.POST.getlist("confirm")))
            result = services.proposals_send(
                actor=request.user, proposals=proposals, confirmed=confirmed
            )
            if result.sent:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s proposal sent to accounting.",
                        "%(n)s proposals sent to accounting.",
                        result.sent,
                    )
                    % {"n": result.sent},
                )
            for e in result.errors[:10]:
                messages.error(request, e)
            if result.to_confirm:
                return render(
                    request,
                    "booking/confirm_send.html",
                    {
                        "dossier": dossier,
                        "to_confirm": result.to_confirm,
                        "back": back,
                        "action_url": request.path,
                    },
                )
        elif action == "check":
            done, errors = services.proposals_mark_checked(actor=request.user, proposals=proposals)
            messages.success(
                request,
                ngettext("%(n)s proposal checked.", "%(n)s proposals checked.", done) % {"n": done},
            )
            for e in errors[:10]:
                messages.error(request, e)
        elif office and action in ("journal", "period", "type"):
            n = services.proposals_change(
                actor=request.user,
                proposals=proposals,
                journal_id=int(request.POST.get("journal") or 0) or None,
                period_id=int(request.POST.get("period") or 0) or None,
                doc_type=request.POST.get("doc_type", "") if action == "type" else "",
            )
            messages.success(
                request,
                ngettext("%(n)s proposal changed.", "%(n)s proposals changed.", n) % {"n": n},
            )
        elif office and action == "delete":
            for p in proposals:
                services.proposal_delete(actor=request.user, proposal=p)
            n = len(proposals)
            messages.success(
                request,
                ngettext("%(n)s proposal deleted.", "%(n)s proposals deleted.", n) % {"n": n},
            )
        elif office and action == "reprocess":
            for p in proposals:
                services.proposal_reprocess(actor=request.user, proposal=p)
            n = len(proposals)
            messages.success(
                request,
                ngettext("%(n)s proposal reprocessed.", "%(n)s proposals reprocessed.", n)
                % {"n": n},
            )
        else:
            messages.error(request, _("Unknown action."))
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(back)


@dossier_access(Cap.WORKLIST)
@require_POST
def bulk_view(request, dossier_id: int):
    return _bulk(request, request.dossier, office=True)


@dossier_access(Cap.DOCUMENT_EDIT)
@require_POST
def client_bulk_view(request, dossier_id: int):
    if not may_edit(request.user, request.dossier):
        raise Http404
    return _bulk(request, request.dossier, office=False)


# --- annotation screen (C7) -------------------------------------------------------------------


def _fields_from(p: Proposal) -> dict:
    return {
        "invoice_number": p.invoice_number,
        "invoice_date": p.invoice_date.isoformat() if p.invoice_date else "",
        "due_date": p.due_date.isoformat() if p.due_date else "",
        "counterparty_id": p.counterparty_id or "",
        "new_name": p.new_name,
        "new_vat": p.new_vat,
        "new_iban": p.new_iban,
        "journal_id": p.journal_id or "",
        "period_id": p.period_id or "",
        "total": p.total if p.total is not None else "",
        "total_currency": p.total_currency if p.total_currency is not None else "",
        "currency": p.currency,
        "exchange_rate": p.exchange_rate,
        "payment_reference": p.payment_reference,
        "instruction": p.instruction,
        "doc_kind": p.doc_kind,
    }


def _rows_from(p: Proposal) -> list[dict]:
    return [
        {
            "account": forms.account_label(ln.account) if ln.account_id else "",
            "vat_code_id": ln.vat_code_id or "",
            "base": ln.base,
            "vat": ln.vat,
            "note": ln.note,
            "source": ln.source,
        }
        for ln in p.lines.select_related("account")
    ]


def _annotation_ctx(request, p: Proposal, *, fields=None, rows=None, version=None) -> dict:
    from recognition.selectors import extraction_for_document

    dossier = p.dossier
    f = forms.worklist_filter(request.GET, direction=p.direction)
    prev_id, next_id, first_id = selectors.neighbours(
        proposal=p, f=f, client=_is_client(request.user, p)
    )
    extraction = extraction_for_document(document=p.document)
    boxes = []
    if extraction is not None:
        for name, fv in (extraction.fields or {}).items():
            if fv.get("box") and fv.get("page"):
                boxes.append(
                    {
                        "name": name,
                        "page": fv["page"],
                        "box": fv["box"],
                        "value": fv.get("value"),
                        "source": fv.get("source"),
                    }
                )
    cp_kind = "customer" if p.direction == "sales" else "supplier"
    query = request.GET.urlencode()
    live = selectors.live_problems(p)  # read now: a period closed since the last save shows
    problems = {pr["field"]: pr for pr in live}
    return {
        "p": p,
        "dossier": dossier,
        "doc": p.document,
        "fields": fields or _fields_from(p),
        "rows": rows if rows is not None else _rows_from(p),
        "version": version or p.version,
        "problems": [{**pr, "text": problem_text(pr)} for pr in live],
        "missing": {k for k, v in problems.items() if v["level"] == "error"},
        "boxes": boxes,
        "words": extraction.words if extraction is not None else [],
        "pages": range(1, (p.document.page_count or p.pages or 0) + 1),
        "journals": Journal.objects.filter(
            dossier=dossier, active=True, kind="sales" if p.direction == "sales" else "purchases"
        ),
        "periods": Period.objects.filter(dossier=dossier).select_related("fiscal_year"),
        "accounts": [
            forms.account_label(a)
            for a in Account.objects.filter(dossier=dossier, active=True)
            .only("code", "name_fr", "name_nl", "name_en", "name_de")
            .order_by("code")
        ],
        "vat_codes": VatCode.objects.filter(
            dossier=dossier, active=True, direction="sale" if p.direction == "sales" else "purchase"
        ),
        "counterparties": Counterparty.objects.filter(
            dossier=dossier, kind=cp_kind, active=True
        ).only("name", "reference")[:3000],
        "prev_url": _annotate_url(prev_id, query) if prev_id else "",
        "next_id": next_id,
        "first_url": _annotate_url(first_id, query) if first_id else "",
        "list_url": _list_url(dossier, request.user) + (f"?{query}" if query else ""),
        "query": query,
        "can_send": may_send(request.user, dossier) and p.state == State.OPEN,
        "is_office": is_office(request.user, dossier),
        "counterparty_url": reverse("ledger_counterparties", args=[dossier.pk])
        if can(request.user, Cap.CONFIGURE, dossier)
        else "",
        # Later apps' panels on the document: its conversations (messaging, H2), which
        # replaced the questions of this screen.
        "panels": extensions.collect("conversation_panel", request, dossier, p.document),
        "doc_kinds": DocKind.choices,
        "readonly": p.state != State.OPEN,
    }


def _annotate_url(pk, query: str) -> str:
    return reverse("booking_annotate", args=[pk]) + (f"?{query}" if query else "")


@_proposal()
@require_GET
def annotate_view(request, proposal_id: int):
    p = request.fidu_object
    return render(request, "booking/annotate.html", _annotation_ctx(request, p))


@_proposal()
@require_POST
def annotate_save_view(request, proposal_id: int):
    """Save; `go` says what next: stay, back (Ctrl+S), next (Ctrl+Right), prev (Ctrl+Left)."""
    p = request.fidu_object
    go = request.POST.get("go", "stay")
    check = go in ("back", "next") or request.POST.get("check") == "1"
    query = _query(request.POST.get("query", ""))
    try:
        changes, lines = forms.parse_annotation(request.POST, p.dossier)
        p = services.proposal_update(
            actor=request.user,
            proposal_id=p.pk,
            version=request.POST.get("version") or 0,
            changes=changes,
            lines=lines,
        )
        if check:
            try:
                p = services.proposal_update(
                    actor=request.user, proposal_id=p.pk, version=p.version, changes={}, check=True
                )
            except ValidationError as exc:
                messages.warning(request, _("Saved, not checked: ") + " ".join(exc.messages))
                return redirect(_annotate_url(p.pk, query))
    except ValidationError as exc:
        # Nothing lost: the page comes back with what the person typed and the reason.
        fresh = Proposal.objects.get(pk=p.pk)
        request.GET = QueryDict(query)
        ctx = _annotation_ctx(
            request,
            fresh,
            fields={**_fields_from(fresh), **request.POST.dict()},
            rows=forms.posted_rows(request.POST),
            version=request.POST.get("version"),
        )
        ctx["error"] = exc.messages
        ctx["conflict"] = isinstance(exc, services.EditConflict)
        return render(request, "booking/annotate.html", ctx, status=409 if ctx["conflict"] else 422)
    f = forms.worklist_filter(query, direction=p.direction)
    if go == "back":
        messages.success(request, _("Proposal saved and checked."))
        return redirect(_list_url(p.dossier, request.user) + (f"?{query}" if query else ""))
    if go in ("next", "prev"):
        prev_id, next_id, _first = selectors.neighbours(
            proposal=p, f=f, client=_is_client(request.user, p)
        )
        target = next_id if go == "next" else prev_id
        if target:
            return redirect(_annotate_url(target, query))
        messages.info(request, _("That was the last proposal of the list."))
        return redirect(_list_url(p.dossier, request.user) + (f"?{query}" if query else ""))
    messages.success(request, _("Proposal saved."))
    return redirect(_annotate_url(p.pk, query))


@_proposal()
@require_POST
def annotate_delete_view(request, proposal_id: int):
    p = request.fidu_object
    query = _query(request.POST.get("query", ""))
    f = forms.worklist_filter(query, direction=p.direction)
    _prev, next_id, _first = selectors.neighbours(
        proposal=p, f=f, client=_is_client(request.user, p)
    )
    try:
        services.proposal_delete(actor=request.user, proposal=p)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_annotate_url(p.pk, query))
    messages.success(request, _("Proposal and document deleted."))
    if next_id:
        return redirect(_annotate_url(next_id, query))
    return redirect(_list_url(p.dossier, request.user))


@_proposal()
@require_POST
def annotate_send_view(request, proposal_id: int):
    p = request.fidu_object
    try:
        p = services.proposal_send(actor=request.user, proposal_id=p.pk)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(_annotate_url(p.pk, _query(request.POST.get("query", ""))))
    messages.success(
        request, _("Sent to accounting as %(n)s; the document is in the archive.") % {"n": p.number}
    )
    return redirect(_list_url(p.dossier, request.user))


# --- office overview and the A6 view ----------------------------------------------------------


@office_staff
@require_GET
def office_view(request):
    dossiers = list(dossiers_visible_to(request.user).filter(is_active=True).order_by("name"))
    dossiers = [d for d in dossiers if is_office(request.user, d)]
    rows = selectors.office_overview(dossiers=dossiers)
    return render(request, "booking/office.html", {"rows": rows, "statuses": Status.choices})


@dossier_access(Cap.MAILBOX)
@require_GET
def client_invoices_view(request, dossier_id: int):
    """A6: the client's invoices not sent yet, for the office when the client allows it."""
    from recognition.models import Extraction

    dossier = request.dossier
    from documents.selectors import document_list

    docs = list(document_list(user=request.user, dossier=dossier, tab="inbox")[:200])
    extractions = {
        e.document_id: e
        for e in Extraction.objects.filter(document__in=docs).only(
            "document_id", "invoice_number", "issue_date", "counterparty_name", "total_incl_vat"
        )
    }
    rows = [(d, extractions.get(d.pk)) for d in docs if d.mailbox in ("purchases", "sales")]
    return render(
        request,
        "booking/client_invoices.html",
        {
            "dossier": dossier,
            "rows": rows,
            "is_office": is_office(request.user, dossier),
            "states": DocState,
        },
    )
