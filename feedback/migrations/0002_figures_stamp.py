import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_shared_reports"),
        ("tenancy", "0002_rate_events"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresStamp",
            fields=[
                (
                    "dossier",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="tenancy.dossier",
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=0)),
            ],
        ),
    ]
