"""H2: the annotation screen's questions (booking.Question, C7) become conversations on their
document, with their history: the question and its answer as two messages at their own
times, read by whoever wrote them. booking.Question is no longer written afterwards."""

from django.db import migrations


def _fallback_author(apps, office_id):
    # A question whose asker was deleted still needs an author: the office's first admin.
    member = (
        apps.get_model("tenancy", "OfficeMember")
        .objects.filter(office_id=office_id)
        .order_by("role", "pk")  # "admin" sorts first
        .first()
    )
    return member.user_id if member else None


def forwards(apps, schema_editor):
    Question = apps.get_model("booking", "Question")
    Conversation = apps.get_model("messaging", "Conversation")
    Message = apps.get_model("messaging", "Message")
    ReadState = apps.get_model("messaging", "ReadState")
    rows = Question.objects.select_related("document", "dossier").order_by("asked_at", "pk")
    for q in rows.iterator():
        author_id = q.asked_by_id or _fallback_author(apps, q.dossier.office_id)
        if author_id is None:
            continue  # no office user at all: nobody could have asked it
        conv = Conversation.objects.create(
            dossier_id=q.dossier_id,
            subject=(q.document.file_name or str(q.document_id))[:200],
            created_by_id=author_id,
            document_id=q.document_id,
        )
        # auto_now_add fields take "now" on create: put the history's own times back.
        Conversation.objects.filter(pk=conv.pk).update(created_at=q.asked_at)
        asked = Message.objects.create(conversation=conv, author_id=author_id, body=q.text)
        Message.objects.filter(pk=asked.pk).update(created_at=q.asked_at)
        ReadState.objects.create(conversation=conv, user_id=author_id, read_at=q.asked_at)
        last = q.asked_at
        if q.answer and q.answered_at:
            answerer = q.answered_by_id or author_id
            answer = Message.objects.create(conversation=conv, author_id=answerer, body=q.answer)
            Message.objects.filter(pk=answer.pk).update(created_at=q.answered_at)
            ReadState.objects.update_or_create(
                conversation=conv, user_id=answerer, defaults={"read_at": q.answered_at}
            )
            last = q.answered_at
        Conversation.objects.filter(pk=conv.pk).update(last_message_at=last)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_conversation_document"),
        ("booking", "0001_initial"),
        ("tenancy", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
