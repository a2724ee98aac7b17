"""Writing several rows of one model in one statement, for the posting services."""

from collections.abc import Iterable, Sequence

from django.db import connection


def rows_update(objs: Iterable, fields: Sequence[str]) -> None:
    """Write ``fields`` of the given model instances in one ``UPDATE … FROM (VALUES …)`` statement.

    Django's ``bulk_update`` builds a ``CASE WHEN pk = … THEN …`` expression for every field and row and
    resolves each against the query, which takes longer in Python than the database takes to post a whole
    delivery. Like ``bulk_update`` it sends no signals (no audit rows); other databases than PostgreSQL
    use ``bulk_update``.
    """
    objs = list(objs)
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields)
        return
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    casts = [f"%s::{field.db_type(connection)}" for field in (pk, *columns)]
    row = "(" + ", ".join(casts) + ")"
    names = ", ".join(quote(field.column) for field in (pk, *columns))
    assignments = ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in columns)
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
        f"FROM (VALUES {', '.join([row] * len(objs))}) AS v({names}) "
        f"WHERE t.{quote(pk.column)} = v.{quote(pk.column)}"
    )
    params = []
    for obj in objs:
        params.append(pk.get_db_prep_save(obj.pk, connection))
        params += [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
