"""The postings' plain statements. ``rows_read`` gives what the ORM's queryset gives — every field, the
related rows without another query, the same order (NULLs included) — and locks like it; ``rows_insert``
stores what ``bulk_create`` stores and refuses what it refuses."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from common import bulk
from common.bulk import rows_insert, rows_read
from inventory.choices import MoveType
from inventory.models import StockMove, StockReservation
from sales.models import SalesOrder, SalesOrderLine
from tests.factories import (
    LocationFactory,
    LotFactory,
    ProductFactory,
    SalesOrderFactory,
    SalesOrderLineFactory,
    UserFactory,
    WarehouseFactory,
)


@pytest.fixture(params=["plain SQL", "ORM"], autouse=True)
def path(request, monkeypatch):
    """Every test runs both ways: the plain statements PostgreSQL gets, and the ORM other databases get."""
    if request.param == "ORM":
        monkeypatch.setattr(bulk, "plain_sql", lambda: False)
    return request.param


def values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


@pytest.mark.django_db
def test_an_order_with_its_customer_and_warehouse_is_read_as_the_orm_reads_it(django_assert_num_queries):
    order = SalesOrderFactory(note="rush", total=Decimal("123.45"))
    expected = SalesOrder.objects.select_related("customer", "warehouse").get(pk=order.pk)

    with django_assert_num_queries(1):
        (read,) = rows_read(SalesOrder, where={"pk": order.pk}, related=("customer", "warehouse"))
        assert read.customer.name == order.customer.name  # no second query for the related rows
        assert read.warehouse.code == order.warehouse.code

    assert values(read) == values(expected)
    assert values(read.customer) == values(expected.customer)
    assert values(read.warehouse) == values(expected.warehouse)
    assert read.loaded_values == expected.loaded_values  # what an audited save compares against
    assert not read._state.adding


@pytest.mark.django_db
def test_lines_with_product_and_unit_in_the_order_asked_and_by_a_list_of_ids(django_assert_num_queries):
    order = SalesOrderFactory()
    lines = [SalesOrderLineFactory(order=order, product=ProductFactory()) for _ in range(3)]
    SalesOrderLineFactory()  # another order's line

    read = rows_read(
        SalesOrderLine, where={"order_id": order.pk}, related=("product", "product__unit"), order_by=("-id",)
    )

    assert [line.pk for line in read] == [line.pk for line in reversed(lines)]
    with django_assert_num_queries(0):
        assert [line.product.unit.name for line in read] == [
            line.product.unit.name for line in reversed(lines)
        ]
    assert rows_read(SalesOrderLine, where={"pk": [lines[0].pk, lines[2].pk]}, order_by=("id",)) == [
        lines[0],
        lines[2],
    ]
    assert rows_read(SalesOrderLine, where={"pk": -1}) == []


@pytest.mark.django_db
def test_reservations_in_picking_order_with_lots_without_expiry_and_without_lot(django_assert_num_queries):
    warehouse = WarehouseFactory()
    product = ProductFactory(is_lot_tracked=True)
    soon, later = LotFactory(product=product), LotFactory(product=product)
    undated = LotFactory(product=product, expiry_date=None)
    places = [LocationFactory(warehouse=warehouse, code=code) for code in ("B-02", "A-01")]
    for lot in (undated, later, None, soon):
        for location in places:
            StockReservation.objects.create(
                product=product,
                location=location,
                lot=lot,
                quantity=Decimal("1"),
                document_type="sales.salesorder",
                document_id=7,
                document_number="SO-7",
                document_line_id=1,
            )
    order = ("document_line_id", "lot__expiry_date", "location__code", "id")
    expected = list(
        StockReservation.objects.filter(document_type="sales.salesorder", document_id=7)
        .select_related("location", "lot")
        .order_by(*order)
    )

    read = rows_read(
        StockReservation,
        where={"document_type": "sales.salesorder", "document_id": 7},
        related=("location", "lot"),
        order_by=order,
    )

    assert [r.pk for r in read] == [r.pk for r in expected]
    with django_assert_num_queries(0):
        assert [(r.location.code, r.lot and r.lot.number) for r in read] == [
            (r.location.code, r.lot and r.lot.number) for r in expected
        ]


@pytest.mark.django_db(transaction=True)
def test_a_locked_read_makes_another_locked_read_of_the_row_wait_for_the_commit():
    order = SalesOrderFactory()
    locked, released = threading.Event(), threading.Event()
    seen = {}

    def first():
        try:
            with transaction.atomic():
                rows_read(SalesOrder, where={"pk": order.pk}, lock=True)
                locked.set()
                released.wait(10)
                SalesOrder.objects.filter(pk=order.pk).update(note="changed by the first")
        finally:
            connection.close()

    def second():
        try:
            locked.wait(10)
            with transaction.atomic():
                started = time.monotonic()
                (row,) = rows_read(SalesOrder, where={"pk": order.pk}, lock=True)
                seen["waited"], seen["note"] = time.monotonic() - started, row.note
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    locked.wait(10)
    time.sleep(0.5)
    assert "note" not in seen  # still waiting for the first transaction
    released.set()
    for thread in threads:
        thread.join(20)

    assert seen["note"] == "changed by the first"
    assert seen["waited"] >= 0.4


@pytest.mark.django_db
def test_inserted_rows_get_their_ids_and_hold_every_value_given_and_their_creation_time():
    user, location, product = UserFactory(), LocationFactory(), ProductFactory()
    before = timezone.now()
    moves = [
        StockMove(
            product=product,
            location=location,
            quantity=Decimal(quantity),
            unit_cost=Decimal("2.5000"),
            value=Decimal(quantity) * Decimal("2.5"),
            move_type=MoveType.RECEIPT,
            document_type="purchasing.goodsreceipt",
            document_id=9,
            document_number="GR-9",
            document_line_id=line_id,
            created_by=user,
        )
        for quantity, line_id in (("4", 1), ("6", 2))
    ]

    assert rows_insert(moves) == moves
    assert all(move.pk and not move._state.adding for move in moves)
    stored = list(StockMove.objects.filter(document_number="GR-9").order_by("document_line_id"))
    assert [(m.pk, m.quantity, m.value, m.created_by_id) for m in stored] == [
        (moves[0].pk, Decimal("4.000"), Decimal("10.0000"), user.pk),
        (moves[1].pk, Decimal("6.000"), Decimal("15.0000"), user.pk),
    ]
    assert before <= stored[0].created_at <= timezone.now()
    assert rows_insert([]) == []


@pytest.mark.django_db
def test_an_insert_the_database_refuses_raises_the_integrity_error_and_writes_nothing():
    user, location, product = UserFactory(), LocationFactory(), ProductFactory()

    def move(quantity):  # the same document line and move type: the ledger takes it once
        return StockMove(
            product=product,
            location=location,
            quantity=Decimal(quantity),
            unit_cost=Decimal("1"),
            value=Decimal(quantity),
            move_type=MoveType.RECEIPT,
            document_type="purchasing.goodsreceipt",
            document_id=9,
            document_number="GR-9",
            document_line_id=1,
            created_by=user,
        )

    rows_insert([move("1")])
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert([move("2"), move("3")])
    assert list(StockMove.objects.values_list("quantity", flat=True)) == [Decimal("1.000")]
