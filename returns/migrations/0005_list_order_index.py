"""Lists show the newest documents first (ORDER BY created_at DESC, id DESC): with this index a page is
read from the end of the index and stops after its rows, instead of sorting the whole table per page.

Plain SQL (PostgreSQL and SQLite alike) so the models stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("returns", "0004_return_step_limits")]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "returns_returnrequest_created_id_idx" ON "returns_returnrequest" ("created_at", "id")',
            reverse_sql='DROP INDEX IF EXISTS "returns_returnrequest_created_id_idx"',
        ),
    ]
