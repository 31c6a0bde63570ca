"""The full-text part of the archive index, per database (see archive/search/)."""

from django.db import migrations

SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS archive_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3')"
)
POSTGRES = [
    "ALTER TABLE archive_archiveentry ADD COLUMN IF NOT EXISTS search tsvector",
    "CREATE INDEX IF NOT EXISTS archive_entry_search ON archive_archiveentry USING GIN (search)",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS archive_fts")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE archive_archiveentry DROP COLUMN IF EXISTS search")


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
