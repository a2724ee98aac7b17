"""Stock operations at the same moment as other work, on real PostgreSQL row locks (``transaction=True``)."""

from decimal import Decimal

import pytest

from common.notifications.models import Notification
from inventory.choices import TransferStatus
from inventory.exceptions import InsufficientStockError
from inventory.models import LowStockAlert, StockMove, Transfer
from inventory.selectors import stock_ledger_mismatches
from inventory.services import (
    low_stock_scan,
    stocktake_approve,
    stocktake_counts_save,
    stocktake_create,
    stocktake_start,
    stocktake_submit,
    transfer_create,
    transfer_dispatch,
    transfer_line_add,
)
from tests.factories import LocationFactory, ProductFactory, UserFactory, WarehouseFactory
from tests.ledger import balance_of, post
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal


def test_scans_running_together_open_one_alert_and_tell_once():
    clerk = UserFactory(username="clerk", role="purchasing_clerk")
    products = [ProductFactory(safety_stock=D(5)) for _ in range(5)]

    outcomes = run_together(6, lambda _index: low_stock_scan())

    assert all(kind == "ok" for kind, _result in outcomes), outcomes
    assert sum(result["opened"] for _kind, result in outcomes) == len(products)
    assert LowStockAlert.objects.count() == len(products)
    assert Notification.objects.filter(recipient=clerk).count() == len(products)


def test_dispatch_and_shipment_competing_for_the_same_stock():
    user = UserFactory()
    product = ProductFactory()
    source = LocationFactory(warehouse=WarehouseFactory(code="MAIN"), code="A-01")
    destination = LocationFactory(warehouse=WarehouseFactory(code="BRANCH"), code="B-01")
    post(product, source, 10, by=user, unit_cost="2")
    transfer = transfer_create(source_warehouse=source.warehouse, destination=destination, by=user)
    transfer_line_add(transfer=transfer, product=product, source=source, quantity=D(6))

    def work(index):
        if index == 0:
            return transfer_dispatch(transfer=transfer, by=user)
        return post(product, source, -6, by=user)

    outcomes = run_together(2, work)

    kinds = sorted(kind for kind, _result in outcomes)
    assert kinds == ["error", "ok"]
    assert all(isinstance(result, InsufficientStockError) for kind, result in outcomes if kind == "error")
    assert balance_of(product, source).on_hand == D(4)
    dispatched = Transfer.objects.get(pk=transfer.pk).status == TransferStatus.IN_TRANSIT
    assert StockMove.objects.filter(document_number=transfer.number).count() == (2 if dispatched else 0)
    assert stock_ledger_mismatches() == []


def test_moves_posted_while_the_snapshot_is_taken_are_counted_exactly_once():
    user, approver = UserFactory(), UserFactory(username="boss", is_superuser=True)
    product = ProductFactory()
    location = LocationFactory(code="A-01")
    post(product, location, 100, by=user, unit_cost="1")
    stocktake = stocktake_create(warehouse=location.warehouse, by=user)

    def work(index):
        if index == 0:
            return stocktake_start(stocktake=stocktake, by=user)
        return post(product, location, -1, by=user)

    outcomes = run_together(8, work)

    assert all(kind == "ok" for kind, _result in outcomes), outcomes
    line = stocktake.lines.get()
    # Whatever the order, the shelf holds 93: counted 93 means no variance.
    stocktake_counts_save(stocktake=stocktake, counts={line.pk: 93}, by=user)
    stocktake_submit(stocktake=stocktake, by=user)
    stocktake_approve(stocktake=stocktake, by=approver)
    assert balance_of(product, location).on_hand == D(93)
    assert not StockMove.objects.filter(move_type="count_adjustment").exists()
    assert stock_ledger_mismatches() == []
