"""Lists show the newest documents first (ORDER BY created_at DESC, id DESC): with this index a page is
read from the end of the index and stops after its rows, instead of sorting the whole table per page.

Plain SQL (PostgreSQL and SQLite alike) so the models stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("purchasing", "0002_replenishment")]

    operations = [
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "purchasing_purchaseorder_created_id_idx" ON "purchasing_purchaseorder" ("created_at", "id")',
            reverse_sql='DROP INDEX IF EXISTS "purchasing_purchaseorder_created_id_idx"',
        ),
        migrations.RunSQL(
            'CREATE INDEX IF NOT EXISTS "purchasing_goodsreceipt_created_id_idx" ON "purchasing_goodsreceipt" ("created_at", "id")',
            reverse_sql='DROP INDEX IF EXISTS "purchasing_goodsreceipt_created_id_idx"',
        ),
    ]
