from django.urls import path

from ledger import views

B = "d/<int:dossier_id>/books/"

urlpatterns = [
    path(B, views.books_home_view, name="ledger_home"),
    path(B + "sync/", views.books_sync_view, name="ledger_sync"),
    path(B + "accounts/", views.accounts_view, name="ledger_accounts"),
    path(B + "accounts/<int:account_id>/", views.account_history_view, name="ledger_account"),
    path(B + "journals/", views.journals_view, name="ledger_journals"),
    path(B + "journals/<int:journal_id>/", views.journal_edit_view, name="ledger_journal"),
    path(B + "periods/", views.periods_view, name="ledger_periods"),
    path(B + "vat-codes/", views.vat_codes_view, name="ledger_vat_codes"),
    path(B + "counterparties/", views.counterparties_view, name="ledger_counterparties"),
    path(B + "entries/", views.entries_view, name="ledger_entries"),
    path(B + "entries/new/", views.entry_new_view, name="ledger_entry_new"),
    path(B + "entries/<int:entry_id>/", views.entry_detail_view, name="ledger_entry"),
    path(
        B + "entries/<int:entry_id>/reverse/", views.entry_reverse_view, name="ledger_entry_reverse"
    ),
    path(B + "vat-return/", views.vat_return_view, name="ledger_vat_return"),
    path(B + "trial-balance/", views.trial_balance_view, name="ledger_trial_balance"),
    path(B + "open-items/", views.open_items_view, name="ledger_open_items"),
    path(B + "exchange/", views.exchange_view, name="ledger_exchange"),
    path(B + "exchange/<int:run_id>/", views.import_run_view, name="ledger_import"),
    path(B + "export/", views.export_view, name="ledger_export"),
    path(B + "rubrics/", views.rubrics_view, name="ledger_rubrics"),
    path("d/<int:dossier_id>/figures/", views.figures_view, name="ledger_figures"),
    path("office/books/", views.office_books_view, name="ledger_office_books"),
    path("office/books/rubrics/", views.office_rubrics_view, name="ledger_office_rubrics"),
]
