"""IMAP passwords sealed at rest (issue 10, point 10): existing clear passwords are sealed."""

from django.db import migrations, models


def seal_existing(apps, schema_editor):
    from core.sealed import seal

    ImapAccount = apps.get_model("documents", "ImapAccount")
    for account in ImapAccount.objects.all().only("pk", "password"):
        ImapAccount.objects.filter(pk=account.pk).update(password_sealed=seal(account.password))


def unseal_existing(apps, schema_editor):
    from core.sealed import unseal

    ImapAccount = apps.get_model("documents", "ImapAccount")
    for account in ImapAccount.objects.all().only("pk", "password_sealed"):
        ImapAccount.objects.filter(pk=account.pk).update(
            password=unseal(account.password_sealed)[:200]
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_document_notice_document_source_ref_and_more")]

    operations = [
        migrations.AddField(
            model_name="imapaccount",
            name="password_sealed",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(seal_existing, unseal_existing),
        migrations.RemoveField(model_name="imapaccount", name="password"),
    ]
