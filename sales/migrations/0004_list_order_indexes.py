"""Lists show the newest documents first (ORDER BY created_at DESC, id DESC): with this index a page is
read from the end of the index and stops after its rows, instead of sorting the whole table per page.

Plain SQL (PostgreSQL and SQLite alike) so the models stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sales", "0003_deliveryline_returned_amount_and_more")]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "sales_salesorder_created_id_idx" ON "sales_salesorder" ("created_at", "id")',
            reverse_sql='DROP INDEX IF EXISTS "sales_salesorder_created_id_idx"',
        ),
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "sales_delivery_created_id_idx" ON "sales_delivery" ("created_at", "id")',
            reverse_sql='DROP INDEX IF EXISTS "sales_delivery_created_id_idx"',
        ),
    ]
