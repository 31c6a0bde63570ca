"""Pages of the books: the office's configuration of a dossier's ledger (D1-D7), its
entries, balances and open items, the file import/export, and the client's figures."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import extensions
from ledger import selectors as sel
from ledger.access import books_read_access
from ledger.connectors.base import connector_for
from ledger.forms import (
    AccountForm,
    ActivateForm,
    CounterpartyForm,
    EntryForm,
    EntryLineFormSet,
    FiscalYearForm,
    ImportForm,
    JournalForm,
    NewJournalForm,
    RubricForm,
    SyncForm,
)
from ledger.interchange.wording import report_results
from ledger.models import (
    Account,
    Books,
    Connector,
    Entry,
    FiscalYear,
    ImportRun,
    Journal,
    Period,
    Rubric,
)
from ledger.services.interchange import EXPORT_FORMATS, books_export, import_apply, import_check
from ledger.services.matching import lines_match
from ledger.services.periods import fiscal_year_create, period_set_active, period_set_closed
from ledger.services.posting import LineSpec, entry_post, entry_reverse, ogm_format
from ledger.services.rubrics import (
    dossier_scheme_override,
    dossier_scheme_reset,
    office_scheme_ensure,
    rubric_delete,
    rubric_save,
)
from ledger.services.setup import (
    account_changes_review,
    account_save,
    counterparty_save,
    journal_next_number,
    journal_save,
)
from ledger.services.sync import sent_counter_reset, sync_run
from tenancy.access import dossier_access, object_access, office_admin, office_staff
from tenancy.policy import Cap, dossiers_visible_to, office_member


def _books_or_redirect(request):
    books = sel.books_for(request.dossier)
    if books is None:
        messages.info(request, _("Activate the books of this dossier first."))
    return books


def _ctx(request, tab: str, **extra) -> dict:
    return {
        "dossier": request.dossier,
        "tab": tab,
        "books": sel.books_for(request.dossier),
        **extra,
    }


def _own(request, obj):
    if obj.dossier_id != request.dossier.pk or obj.dossier_id != int(
        request.resolver_match.kwargs["dossier_id"]
    ):
        raise Http404
    return obj


def _date_param(value: str | None, default: Date | None = None) -> Date | None:
    try:
        return Date.fromisoformat(value) if value else default
    except ValueError:
        return default


# --- Overview, activation, synchronisation (I3, D4, D5)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def books_home_view(request, dossier_id: int):
    dossier = request.dossier
    books = sel.books_for(dossier)
    if books is None:
        form = ActivateForm(
            request.POST or None,
            initial={"connector": Connector.BUILTIN, "year": timezone.localdate().year},
        )
        if request.method == "POST" and form.is_valid():
            connector_for(dossier.office, form.cleaned_data["connector"]).activate(
                dossier, actor=request.user, year=form.cleaned_data["year"]
            )
            messages.success(request, _("The books are activated."))
            return redirect("ledger_home", dossier_id=dossier.pk)
        return render(request, "ledger/activate.html", _ctx(request, "home", form=form))
    state = sel.sync_state_for(dossier)
    ctx = _ctx(
        request,
        "home",
        state=state,
        sync_form=SyncForm(initial={"updated_until": state.updated_until}),
        changes=sel.account_changes_pending(dossier=dossier)[:50],
        fiscal_years=sel.fiscal_years(dossier=dossier),
    )
    return render(request, "ledger/home.html", ctx)


@dossier_access(Cap.CONFIGURE)
@require_POST
def books_sync_view(request, dossier_id: int):
    dossier = request.dossier
    if sel.books_for(dossier) is None:
        raise Http404
    action = request.POST.get("action", "manual")
    if action == "reset":
        sent_counter_reset(actor=request.user, dossier=dossier)
        messages.success(request, _("The sent-proposals counter is reset."))
    elif action == "review":
        n = account_changes_review(actor=request.user, dossier=dossier)
        messages.success(request, _("%(n)s account changes marked as reviewed.") % {"n": n})
    else:
        form = SyncForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the date."))
            return redirect("ledger_home", dossier_id=dossier.pk)
        state = sync_run(
            actor=request.user,
            dossier=dossier,
            trigger="full" if action == "full" else "manual",
            updated_until=form.cleaned_data["updated_until"],
            reset_counter=form.cleaned_data["reset_counter"],
            notify_client=form.cleaned_data["notify_client"],
        )
        if state.status == "ok":
            messages.success(request, _("Synchronised."))
        else:
            messages.error(request, state.instruction or _("The synchronisation failed."))
    return redirect("ledger_home", dossier_id=dossier.pk)


# --- Chart of accounts and account history


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def accounts_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    form = AccountForm(request.POST or None, initial={"kind": "expense", "active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        try:
            account_save(actor=request.user, dossier=request.dossier, code=code, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Account %(code)s saved.") % {"code": code})
            return redirect("ledger_accounts", dossier_id=dossier_id)
    q = request.GET.get("q", "").strip()
    cls = request.GET.get("class", "")
    accounts = sel.account_list(dossier=request.dossier, search=q, account_class=cls[:1])
    ctx = _ctx(request, "accounts", form=form, accounts=accounts, q=q, cls=cls, classes="1234567")
    template = "ledger/_account_rows.html" if request.htmx else "ledger/accounts.html"
    return render(request, template, ctx)


@object_access("ledger.Account", Cap.CONFIGURE, kwarg="account_id")
def account_history_view(request, dossier_id: int, account_id: int):
    account = _own(request, request.fidu_object)
    today = timezone.localdate()
    date_from = _date_param(request.GET.get("from"), Date(today.year, 1, 1))
    date_to = _date_param(request.GET.get("to"), Date(today.year, 12, 31))
    try:
        page = sel.account_history(
            dossier=request.dossier,
            account=account,
            date_from=date_from,
            date_to=date_to,
            cursor=request.GET.get("after", ""),
        )
    except ValueError:
        raise Http404 from None
    form = AccountForm(
        initial={
            "code": account.code,
            "name_fr": account.name_fr,
            "name_nl": account.name_nl,
            "name_en": account.name_en,
            "name_de": account.name_de,
            "kind": account.kind,
            "active": account.active,
        }
    )
    ctx = _ctx(
        request,
        "accounts",
        account=account,
        page=page,
        date_from=date_from,
        date_to=date_to,
        form=form,
    )
    return render(request, "ledger/account_history.html", ctx)


# --- Journals (D2)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def journals_view(request, dossier_id: int):
    books = _books_or_redirect(request)
    if books is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    form = NewJournalForm(
        request.POST or None, initial={"currency": "EUR", "active": True, "visible_to_client": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            _journal_save(request, books, form.cleaned_data["code"].upper(), form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Journal saved."))
            return redirect("ledger_journals", dossier_id=dossier_id)
    fy = books.active_period.fiscal_year if books.active_period else None
    journals = [(j, journal_next_number(j, fy)) for j in sel.journal_list(dossier=request.dossier)]
    return render(
        request,
        "ledger/journals.html",
        _ctx(request, "journals", form=form, journals=journals, fiscal_year=fy),
    )


def _journal_save(request, books: Books, code: str, data: dict) -> Journal:
    data = dict(data)
    data.pop("code", None)
    next_number = data.pop("next_number", None)
    account_code = data.pop("account", "")
    account = None
    if account_code:
        account = Account.objects.filter(dossier=request.dossier, code=account_code).first()
        if account is None:
            raise ValidationError(_("Unknown account %(code)s.") % {"code": account_code})
    fy = books.active_period.fiscal_year if books.active_period else None
    return journal_save(
        actor=request.user,
        dossier=request.dossier,
        code=code,
        next_number=next_number,
        fiscal_year=fy,
        account=account,
        **data,
    )


@object_access("ledger.Journal", Cap.CONFIGURE, kwarg="journal_id")
@require_http_methods(["GET", "POST"])
def journal_edit_view(request, dossier_id: int, journal_id: int):
    journal = _own(request, request.fidu_object)
    books = sel.books_for(request.dossier)
    fy = books.active_period.fiscal_year if books and books.active_period else None
    initial = {f: getattr(journal, f) for f in JournalForm.base_fields if hasattr(journal, f)}
    initial["account"] = journal.account.code if journal.account_id else ""
    initial["next_number"] = journal_next_number(journal, fy)
    form = JournalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _journal_save(request, books, journal.code, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Journal saved."))
            return redirect("ledger_journals", dossier_id=dossier_id)
    return render(
        request,
        "ledger/journal_edit.html",
        _ctx(request, "journals", form=form, journal=journal, fiscal_year=fy),
    )


# --- Fiscal years and periods (D3)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def periods_view(request, dossier_id: int):
    books = _books_or_redirect(request)
    if books is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    form = FiscalYearForm(request.POST or None if request.POST.get("action") == "year" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "year":
                if form.is_valid():
                    fiscal_year_create(
                        actor=request.user, dossier=dossier, year=form.cleaned_data["year"]
                    )
                    messages.success(request, _("Fiscal year created."))
                    return redirect("ledger_periods", dossier_id=dossier_id)
            else:
                period = sel.period_get(dossier=dossier, period_id=request.POST.get("period"))
                journal = None
                if request.POST.get("journal"):
                    journal = sel.journal_get(
                        dossier=dossier, journal_id=request.POST.get("journal")
                    )
                if action == "active":
                    period_set_active(actor=request.user, dossier=dossier, period=period)
                    messages.success(request, _("Active period set; earlier periods are closed."))
                elif action in ("close", "open"):
                    period_set_closed(
                        actor=request.user, period=period, closed=action == "close", journal=journal
                    )
                    messages.success(request, _("Period updated."))
                return redirect("ledger_periods", dossier_id=dossier_id)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("ledger_periods", dossier_id=dossier_id)
    ctx = _ctx(
        request,
        "periods",
        form=form,
        fiscal_years=sel.fiscal_years(dossier=dossier),
        journals=list(sel.journal_list(dossier=dossier)),
    )
    return render(request, "ledger/periods.html", ctx)


# --- VAT codes (D6) and counterparties


@dossier_access(Cap.CONFIGURE)
def vat_codes_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    return render(
        request,
        "ledger/vat_codes.html",
        _ctx(request, "vat", vat_codes=sel.vat_code_list(dossier=request.dossier)),
    )


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def counterparties_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    form = CounterpartyForm(
        request.POST or None, initial={"language": dossier.language, "country": "BE"}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            counterparty_save(
                actor=request.user,
                dossier=dossier,
                kind=data.pop("kind"),
                reference=data.pop("reference"),
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Counterparty saved."))
            return redirect("ledger_counterparties", dossier_id=dossier_id)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    page = Paginator(sel.counterparty_list(dossier=dossier, kind=kind, search=q), 50).get_page(
        request.GET.get("page")
    )
    # Buttons later apps add beside Save (the office's VAT lookup, C14).
    tools = extensions.collect("counterparty_form_tools", request, dossier)
    return render(
        request,
        "ledger/counterparties.html",
        _ctx(request, "counterparties", form=form, page=page, q=q, kind=kind, form_tools=tools),
    )


# --- Entries


@dossier_access(Cap.CONFIGURE)
def entries_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    journal_id = request.GET.get("journal") or None
    period_id = request.GET.get("period") or None
    q = request.GET.get("q", "").strip()
    try:
        qs = sel.entry_list(
            dossier=dossier,
            journal_id=int(journal_id) if journal_id else None,
            period_id=int(period_id) if period_id else None,
            search=q,
        )
    except ValueError:
        raise Http404 from None
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    ctx = _ctx(
        request,
        "entries",
        page=page,
        q=q,
        journal_id=journal_id,
        period_id=period_id,
        journals=sel.journal_list(dossier=dossier),
        periods=sel.period_list(dossier=dossier),
    )
    return render(request, "ledger/entries.html", ctx)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def entry_new_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    journals = sel.journal_list(dossier=dossier).filter(active=True)
    form = EntryForm(
        request.POST or None,
        journals=journals,
        initial={"date": timezone.localdate(), "journal": "OD"},
    )
    formset = EntryLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = []
        counterparties = {c.reference: c for c in sel.counterparty_list(dossier=dossier)}
        try:
            for f in formset.cleaned_data:
                if not f or not f.get("account"):
                    continue
                cp = None
                if f.get("counterparty"):
                    cp = counterparties.get(f["counterparty"].strip().upper())
                    if cp is None:
                        raise ValidationError(
                            _("Unknown counterparty %(ref)s.") % {"ref": f["counterparty"]}
                        )
                lines.append(
                    LineSpec(
                        account=f["account"],
                        debit=f.get("debit") or Decimal("0"),
                        credit=f.get("credit") or Decimal("0"),
                        counterparty=cp,
                        vat_code=(f.get("vat_code") or "").upper() or None,
                        due_date=f.get("due_date"),
                        structured_ref=f.get("structured_ref") or "",
                        description=f.get("description") or "",
                    )
                )
            entry = entry_post(
                actor=request.user,
                dossier=dossier,
                journal=form.cleaned_data["journal"],
                date=form.cleaned_data["date"],
                lines=lines,
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Entry %(n)s posted.") % {"n": entry.number})
            return redirect("ledger_entry", dossier_id=dossier_id, entry_id=entry.pk)
    return render(
        request, "ledger/entry_new.html", _ctx(request, "entries", form=form, formset=formset)
    )


@object_access("ledger.Entry", Cap.CONFIGURE, kwarg="entry_id")
def entry_detail_view(request, dossier_id: int, entry_id: int):
    entry = _own(request, request.fidu_object)
    lines = list(sel.entry_lines(entry=entry))
    for line in lines:
        line.ogm = ogm_format(line.structured_ref)
    reversed_by = Entry.objects.filter(reversal_of=entry).first()
    return render(
        request,
        "ledger/entry_detail.html",
        _ctx(request, "entries", entry=entry, lines=lines, reversed_by=reversed_by),
    )


@object_access("ledger.Entry", Cap.CONFIGURE, kwarg="entry_id")
@require_POST
def entry_reverse_view(request, dossier_id: int, entry_id: int):
    entry = _own(request, request.fidu_object)
    day = _date_param(request.POST.get("date"))
    try:
        reversal = entry_reverse(actor=request.user, entry=entry, date=day)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ledger_entry", dossier_id=dossier_id, entry_id=entry.pk)
    messages.success(request, _("Reversal %(n)s posted.") % {"n": reversal.number})
    return redirect("ledger_entry", dossier_id=dossier_id, entry_id=reversal.pk)


# --- Balances and open items


@dossier_access(Cap.CONFIGURE)
def trial_balance_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    years = list(FiscalYear.objects.filter(dossier=dossier))
    # By default the year the office works in (the active period's), not the last opened.
    books = (
        Books.objects.filter(dossier=dossier).select_related("active_period__fiscal_year").first()
    )
    active = books.active_period if books is not None else None
    default = active.fiscal_year if active is not None else (years[-1] if years else None)
    year = request.GET.get("year") or (str(default.start.year) if default else "")
    try:
        first, last = sel.period_range(dossier=dossier, year=int(year)) if year else (None, None)
    except ValueError:
        raise Http404 from None
    tb = sel.trial_balance(dossier=dossier, period_from=first, period_to=last)
    return render(
        request,
        "ledger/trial_balance.html",
        _ctx(request, "balance", tb=tb, years=years, year=year),
    )


@dossier_access(Cap.CONFIGURE)
def vat_return_view(request, dossier_id: int):
    """The boxes of the periodic VAT return for a range of periods (the active one by
    default), read from the posted lines."""
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    periods = list(
        Period.objects.filter(dossier=dossier).select_related("fiscal_year").order_by("start")
    )
    if not periods:
        return redirect("ledger_periods", dossier_id=dossier_id)
    by_id = {str(p.pk): p for p in periods}
    books = Books.objects.filter(dossier=dossier).select_related("active_period").first()
    default = (books.active_period if books else None) or periods[-1]
    first = by_id.get(request.GET.get("from", ""), default)
    last = by_id.get(request.GET.get("to", ""), first)
    if last.start < first.start:
        first, last = last, first
    boxes = sel.vat_return(dossier=dossier, period_from=first, period_to=last)
    frames = [
        (frame, [(box, boxes.get(box, Decimal("0"))) for box in numbers])
        for frame, numbers in sel.VAT_RETURN_FRAMES
    ]
    return render(
        request,
        "ledger/vat_return.html",
        _ctx(request, "vat_return", periods=periods, first=first, last=last, frames=frames),
    )


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def open_items_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("line") if i.isdigit()]
        lines = list(sel.open_items(dossier=dossier).filter(pk__in=ids))
        try:
            lines_match(actor=request.user, dossier=dossier, lines=lines)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Items matched."))
        return redirect(request.get_full_path())
    kind = request.GET.get("kind", "")
    cp = None
    if request.GET.get("counterparty"):
        cp = sel.counterparty_get(dossier=dossier, counterparty_id=request.GET["counterparty"])
    qs = sel.open_items(
        dossier=dossier, counterparty=cp, kind=kind if kind in ("customer", "supplier") else ""
    )
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    for line in page:
        line.open_signed = sel.open_amount_of(line)
    return render(
        request,
        "ledger/open_items.html",
        _ctx(request, "open", page=page, kind=kind, counterparty=cp, today=timezone.localdate()),
    )


# --- Import and export (file connector)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def exchange_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        return redirect("ledger_home", dossier_id=dossier_id)
    dossier = request.dossier
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = import_check(
            actor=request.user,
            dossier=dossier,
            filename=upload.name,
            data=upload.read(),
            section=form.cleaned_data["section"],
        )
        return redirect("ledger_import", dossier_id=dossier_id, run_id=run.pk)
    ctx = _ctx(
        request,
        "exchange",
        form=form,
        runs=sel.import_runs(dossier=dossier)[:20],
        batches=sel.export_batches(dossier=dossier)[:20],
        formats=list(EXPORT_FORMATS),
    )
    return render(request, "ledger/exchange.html", ctx)


@object_access("ledger.ImportRun", Cap.CONFIGURE, kwarg="run_id")
@require_http_methods(["GET", "POST"])
def import_run_view(request, dossier_id: int, run_id: int):
    run = _own(request, request.fidu_object)
    if request.method == "POST":
        try:
            run = import_apply(actor=request.user, run=run)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if run.status == "applied":
                messages.success(request, _("The file is imported."))
            else:
                messages.error(request, _("The file could not be imported."))
        return redirect("ledger_import", dossier_id=dossier_id, run_id=run.pk)
    results = report_results((run.report or {}).get("counts", {}))
    return render(
        request, "ledger/import_run.html", _ctx(request, "exchange", run=run, results=results)
    )


@dossier_access(Cap.CONFIGURE)
def export_view(request, dossier_id: int):
    if _books_or_redirect(request) is None:
        raise Http404
    fmt = request.GET.get("fmt", "json")
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filename, data, content_type = books_export(dossier=request.dossier, fmt=fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Rubric scheme (D7)


@dossier_access(Cap.CONFIGURE)
@require_http_methods(["GET", "POST"])
def rubrics_view(request, dossier_id: int):
    dossier = request.dossier
    form = RubricForm(request.POST or None if request.POST.get("action") == "save" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "override":
            dossier_scheme_override(actor=request.user, dossier=dossier)
        elif action == "reset":
            dossier_scheme_reset(actor=request.user, dossier=dossier)
        elif action in ("save", "delete"):
            scheme = sel.rubric_scheme_for(dossier)
            if scheme is None or scheme.dossier_id != dossier.pk:
                raise PermissionDenied
            if action == "delete":
                rubric = Rubric.objects.filter(scheme=scheme, pk=request.POST.get("rubric")).first()
                if rubric is None:
                    raise Http404
                rubric_delete(actor=request.user, rubric=rubric)
            elif form.is_valid():
                rubric_save(actor=request.user, scheme=scheme, **form.cleaned_data)
            else:
                messages.error(request, _("Check the rubric."))
        return redirect("ledger_rubrics", dossier_id=dossier_id)
    scheme = sel.rubric_scheme_for(dossier) or office_scheme_ensure(
        actor=request.user, office=dossier.office
    )
    return render(
        request,
        "ledger/rubrics.html",
        _ctx(request, "rubrics", scheme=scheme, form=form, own=scheme.dossier_id == dossier.pk),
    )


# --- Office side: sync monitor (I4) and the office's default rubric scheme (I2)


@office_staff
def office_books_view(request):
    dossiers = dossiers_visible_to(request.user).select_related("office").order_by("name")
    rows = sel.sync_overview(dossiers=dossiers)
    return render(request, "ledger/office_books.html", {"rows": rows})


@office_admin
@require_http_methods(["GET", "POST"])
def office_rubrics_view(request):
    office = office_member(request.user).office
    scheme = office_scheme_ensure(actor=request.user, office=office)
    form = RubricForm(request.POST or None if request.POST.get("action") == "save" else None)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            rubric = Rubric.objects.filter(scheme=scheme, pk=request.POST.get("rubric")).first()
            if rubric is None:
                raise Http404
            rubric_delete(actor=request.user, rubric=rubric)
        elif form.is_valid():
            rubric_save(actor=request.user, scheme=scheme, **form.cleaned_data)
        else:
            messages.error(request, _("Check the rubric."))
        return redirect("ledger_office_rubrics")
    return render(
        request, "ledger/office_rubrics.html", {"scheme": scheme, "form": form, "own": True}
    )


# --- Client side: figures (the data behind F1)


@books_read_access()
def figures_view(request, dossier_id: int):
    """The first figures page; the feedback dashboard (F1) replaced it. Kept as a redirect
    for bookmarks: a URL name, not an import, so ledger stays below feedback."""
    return redirect("feedback_dashboard", dossier_id=dossier_id)


__all__ = ["ImportRun"]
