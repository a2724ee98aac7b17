"""Reading and writing the rows of a posting in one plain statement each, for the posting services."""

from collections.abc import Iterable, Sequence

from django.db import connection


def plain_sql() -> bool:
    """Whether these helpers write their own SQL (PostgreSQL) or use the ORM equivalent (other databases)."""
    return connection.vendor == "postgresql"


def plain_cursor():
    """A cursor for these statements that binds its parameters on the server, as psycopg does by default:
    a statement a connection runs again and again is then planned once (psycopg prepares it the fifth
    time) instead of every time. Django's own cursors bind on the client unless the whole app sets
    ``server_side_binding``, which some of its queries do not support."""
    import psycopg

    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(psycopg.Cursor(connection.connection))


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
    if not plain_sql():
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
    with plain_cursor() as cursor:
        cursor.execute(sql, params)


def rows_insert(objs: Sequence, *, along: tuple[str, Sequence] | None = None) -> list:
    """Insert new model instances of one model in one ``INSERT … RETURNING`` and set their primary keys.

    For the rows a posting appends (stock moves, document lines, timeline events, transition logs, ledger
    entries), with ids the database generates: like ``bulk_create`` it sends no signals (so writes no audit
    rows) and calls no ``save()``. The ORM's ``create`` and ``bulk_create`` took several times as long to
    build such an insert as PostgreSQL took to run it. Other databases use ``bulk_create``.

    ``along`` is a data-modifying statement (SQL and parameters) that belongs with the rows, such as a
    running total they change: it runs as a ``WITH`` clause of the same statement, so it costs no round
    trip and takes place exactly when the rows are inserted. PostgreSQL only: a caller that passes it
    checks ``plain_sql()`` and does the ORM equivalent itself on other databases.
    """
    if not objs:
        return list(objs)
    model = type(objs[0])
    if not plain_sql():
        if along is not None:
            raise ValueError("rows_insert(along=...) is plain SQL for PostgreSQL only.")
        return model.objects.bulk_create(objs)
    fields, sql = _insert_shape(model, len(objs))
    params = []
    if along is not None:
        sql = f"WITH along AS ({along[0]}) {sql}"
        params += list(along[1])
    for obj in objs:
        params += [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with plain_cursor() as cursor:
        cursor.execute(sql, params)
        ids = cursor.fetchall()
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    return list(objs)


def _insert_shape(model, count: int):
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {', '.join([row] * count)} RETURNING {quote(meta.pk.column)}"
    )
    return fields, sql


def rows_read(
    model,
    *,
    where: dict,
    related: Sequence[str] = (),
    order_by: Sequence[str] = (),
    lock: bool = False,
) -> list:
    """Instances of ``model`` matching ``where`` (attname: value, or a list of values), with the foreign
    keys named in ``related`` (paths like ``"product__unit"``) read in the same statement and cached on
    them, in ``order_by`` (paths, ``-`` for descending), locked ``FOR UPDATE`` when ``lock``.

    What ``filter(**where).select_related(*related).order_by(*order_by)`` (with
    ``select_for_update(of=("self",))``) returns, for the reads every posting makes: the ORM took three to
    four times as long to build and unpack such a query as PostgreSQL took to answer it (a return request
    with its customer, warehouse and order: about 4,000 Python calls). Other databases use the ORM.
    """
    if not plain_sql():
        lookups = {
            f"{name}__in" if isinstance(value, list | tuple | set) else name: value
            for name, value in where.items()
        }
        queryset = model.objects.filter(**lookups).select_related(*related).order_by(*order_by)
        return list(queryset.select_for_update(of=("self",)) if lock else queryset)
    many = tuple((name, isinstance(value, list | tuple | set)) for name, value in where.items())
    shape = _read_shape(model, tuple(related), tuple(order_by), many, lock)
    params = [
        list(value) if is_list else value
        for (_name, is_list), value in zip(many, where.values(), strict=True)
    ]
    with plain_cursor() as cursor:
        cursor.execute(shape.sql, params)
        rows = cursor.fetchall()
    objs = []
    for row in rows:
        instances = []
        for part in shape.parts:
            values = [
                _converted(row[i], converters) if converters else row[i]
                for i, converters in zip(part.positions, part.converters, strict=True)
            ]
            parent = instances[part.parent] if part.parent is not None else None
            if parent is not None and getattr(parent, part.field.attname) is None:
                instance = None
            else:
                instance = part.model.from_db(connection.alias, part.attnames, values)
            if parent is not None:
                part.field.set_cached_value(parent, instance)
            instances.append(instance)
        objs.append(instances[0])
    return objs


def row_lock(model, pk, *, related: Sequence[str] = ()):
    """The row of ``model`` with this primary key, locked (``FOR UPDATE``) and read with its ``related``
    rows; ``model.DoesNotExist`` when there is none, as ``get`` raises."""
    rows = rows_read(model, where={"pk": pk}, related=related, lock=True)
    if not rows:
        raise model.DoesNotExist(f"No {model._meta.verbose_name} {pk}.")
    return rows[0]


def _converted(value, converters):
    for converter, expression in converters:
        value = converter(value, expression, connection)
    return value


class _Part:
    """One model of a read: its alias, columns and where its values sit in a row."""

    def __init__(self, model, alias, parent, field, start):
        self.model, self.alias, self.parent, self.field = model, alias, parent, field
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.columns = [f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields]
        self.positions = range(start, start + len(fields))
        self.converters = []
        for f in fields:
            column = f.get_col(alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            self.converters.append([(converter, column) for converter in found])


class _Shape:
    def __init__(self, sql, parts):
        self.sql, self.parts = sql, parts


_SHAPES: dict = {}


def _read_shape(model, related, order_by, where, lock) -> _Shape:
    key = (model, related, order_by, where, lock)
    if key in _SHAPES:
        return _SHAPES[key]
    quote = connection.ops.quote_name
    parts = [_Part(model, "t0", None, None, 0)]
    by_path = {"": 0}
    joins = []
    for path in sorted(related, key=lambda p: p.count("__")):
        parent_path, _sep, name = path.rpartition("__")
        parent_index = by_path[parent_path]
        parent = parts[parent_index]
        field = parent.model._meta.get_field(name)
        target = field.related_model
        alias = f"t{len(parts)}"
        start = parts[-1].positions.stop
        parts.append(_Part(target, alias, parent_index, field, start))
        by_path[path] = len(parts) - 1
        joins.append(
            f"LEFT JOIN {quote(target._meta.db_table)} {alias} "
            f"ON {alias}.{quote(field.target_field.column)} = {parent.alias}.{quote(field.column)}"
        )
    conditions = []
    meta = model._meta
    for name, is_list in where:
        column = f"t0.{quote(meta.pk.column if name == 'pk' else meta.get_field(name).column)}"
        conditions.append(f"{column} = ANY(%s)" if is_list else f"{column} = %s")
    orders = []
    for item in order_by:
        descending = item.startswith("-")
        parent_path, _sep, name = item.lstrip("-").rpartition("__")
        part = parts[by_path[parent_path]]
        field = part.model._meta.pk if name == "pk" else part.model._meta.get_field(name)
        orders.append(f"{part.alias}.{quote(field.column)}{' DESC' if descending else ''}")
    sql = (
        f"SELECT {', '.join(c for part in parts for c in part.columns)} "
        f"FROM {quote(meta.db_table)} t0 {' '.join(joins)} WHERE {' AND '.join(conditions) or 'TRUE'}"
        + (f" ORDER BY {', '.join(orders)}" if orders else "")
        + (" FOR UPDATE OF t0" if lock else "")
    )
    _SHAPES[key] = _Shape(sql, parts)
    return _SHAPES[key]
