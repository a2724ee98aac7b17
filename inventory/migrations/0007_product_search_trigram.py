"""Trigram indexes for searching products by any part of their SKU, name or barcode (PostgreSQL only).

A search box matches ``icontains`` (``UPPER(column::text) LIKE UPPER('%word%')``), which no B-tree index
serves: at 50,000 products every stock query with a search read the whole product table (55 ms). A GIN
index of the same expression's trigrams answers a word of three or more characters from the index;
shorter words, two Chinese characters say, are still read in full, as the planner decides. SQLite, the
embedded default, has neither, and skips this migration.
"""

from django.db import migrations

COLUMNS = ("sku", "name", "barcode")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("inventory", "Product")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS product_{column}_trigram ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS product_{column}_trigram")


class Migration(migrations.Migration):
    dependencies = [("inventory", "0006_balance_in_stock_by_product")]

    operations = [migrations.RunPython(create, drop)]
