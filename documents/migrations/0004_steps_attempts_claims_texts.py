"""Bounded step attempts with backoff, the processing claim, texts stored as codes, and the
`recognition` step row folded into `extraction` (the one row of recognition's step)."""

from django.db import migrations, models


def copy_texts(apps, schema_editor):
    # Plain text becomes a JSON string: core.texts.render shows it as before.
    Document = apps.get_model("documents", "Document")
    for pk, notice in Document.objects.exclude(notice="").values_list("pk", "notice"):
        Document.objects.filter(pk=pk).update(notice_code=notice)
    DocumentStep = apps.get_model("documents", "DocumentStep")
    for pk, reason in DocumentStep.objects.exclude(reason="").values_list("pk", "reason"):
        DocumentStep.objects.filter(pk=pk).update(reason_code=reason)


def copy_texts_back(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for pk, notice in Document.objects.values_list("pk", "notice_code"):
        if notice:
            Document.objects.filter(pk=pk).update(notice=str(notice))
    DocumentStep = apps.get_model("documents", "DocumentStep")
    for pk, reason in DocumentStep.objects.values_list("pk", "reason_code"):
        if reason:
            DocumentStep.objects.filter(pk=pk).update(reason=str(reason))


def fold_recognition_rows(apps, schema_editor):
    """Recognition kept its outcome on `extraction`; the runner's own `recognition` row goes.

    A document without an `extraction` row keeps its `recognition` row, renamed.
    """
    DocumentStep = apps.get_model("documents", "DocumentStep")
    with_extraction = DocumentStep.objects.filter(name="extraction").values("document_id")
    DocumentStep.objects.filter(name="recognition", document_id__in=with_extraction).delete()
    DocumentStep.objects.filter(name="recognition").update(name="extraction")


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_document_notice_document_source_ref_and_more")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="processing_state",
            field=models.CharField(blank=True, default="", max_length=10),
        ),
        migrations.AddField(
            model_name="document",
            name="processing_claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="document",
            name="processing_token",
            field=models.CharField(blank=True, default="", max_length=32),
        ),
        migrations.AddField(
            model_name="documentstep",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="documentstep",
            name="attempts",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="document",
            name="notice_code",
            field=models.JSONField(blank=True, default=str),
        ),
        migrations.AddField(
            model_name="documentstep",
            name="reason_code",
            field=models.JSONField(blank=True, default=str),
        ),
        migrations.RunPython(copy_texts, copy_texts_back),
        migrations.RemoveField(model_name="document", name="notice"),
        migrations.RemoveField(model_name="documentstep", name="reason"),
        migrations.RenameField(model_name="document", old_name="notice_code", new_name="notice"),
        migrations.RenameField(model_name="documentstep", old_name="reason_code", new_name="reason"),
        migrations.AlterField(
            model_name="document",
            name="notice",
            field=models.JSONField(blank=True, default=str, verbose_name="intake notice"),
        ),
        migrations.RunPython(fold_recognition_rows, migrations.RunPython.noop),
    ]
