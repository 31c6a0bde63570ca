from django.urls import path

from messaging import views, views_mass, views_tasks, views_vat_ok

urlpatterns = [
    path("d/<int:dossier_id>/messages/", views.conversations_view, name="messaging_conversations"),
    path("d/<int:dossier_id>/messages/new/", views.conversation_new_view, name="messaging_new"),
    path("messages/<int:conversation_id>/", views.conversation_view, name="messaging_conversation"),
    path(
        "messages/<int:conversation_id>/messages/",
        views.conversation_messages_view,
        name="messaging_messages",
    ),
    path(
        "messages/<int:conversation_id>/reply/",
        views.conversation_reply_view,
        name="messaging_reply",
    ),
    path(
        "messages/<int:conversation_id>/close/",
        views.conversation_close_view,
        name="messaging_close",
    ),
    path(
        "messages/<int:conversation_id>/read/", views.conversation_read_view, name="messaging_read"
    ),
    path(
        "messages/attachments/<int:attachment_id>/",
        views.attachment_view,
        name="messaging_attachment",
    ),
    path(
        "documents/<int:document_id>/conversation/",
        views.document_conversation_new_view,
        name="messaging_document_new",
    ),
    path("office/messages/", views.office_conversations_view, name="messaging_office"),
    path("d/<int:dossier_id>/vat-documents/", views_vat_ok.vat_ok_view, name="messaging_vat_ok"),
    path(
        "d/<int:dossier_id>/vat-documents/declare/",
        views_vat_ok.vat_ok_declare_view,
        name="messaging_vat_ok_declare",
    ),
    path("office/vat-documents/", views_vat_ok.office_vat_ok_view, name="messaging_office_vat_ok"),
    path("office/messages/mass/", views_mass.mass_view, name="messaging_mass"),
    path("office/messages/templates/", views_mass.templates_view, name="messaging_templates"),
    path(
        "office/messages/templates/<slug:key>/",
        views_mass.template_edit_view,
        name="messaging_template_edit",
    ),
    path(
        "office/messages/templates/<slug:key>/reset/",
        views_mass.template_reset_view,
        name="messaging_template_reset",
    ),
    path("d/<int:dossier_id>/tasks/", views_tasks.tasks_view, name="messaging_tasks"),
    path("d/<int:dossier_id>/tasks/new/", views_tasks.task_new_view, name="messaging_task_new"),
    path(
        "d/<int:dossier_id>/tasks/<int:task_id>/done/",
        views_tasks.task_done_view,
        name="messaging_task_done",
    ),
    path("d/<int:dossier_id>/tasks/month/", views_tasks.month_view, name="messaging_task_month"),
    path(
        "d/<int:dossier_id>/tasks/calendar/", views_tasks.calendar_view, name="messaging_calendar"
    ),
]
