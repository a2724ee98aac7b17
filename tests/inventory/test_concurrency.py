"""Many people posting stock at the same moment, on real PostgreSQL row locks.

Each test runs its threads in real transactions (``transaction=True``); a barrier releases them together.
"""

from decimal import Decimal

import pytest
from django.db import OperationalError

from inventory.choices import MoveType
from inventory.exceptions import InsufficientStockError
from inventory.models import StockBalance, StockMove
from inventory.selectors import stock_ledger_mismatches
from inventory.services import DocumentRef, MoveSpec, stock_moves_post
from tests.factories import LocationFactory, ProductFactory, UserFactory
from tests.ledger import balance_of, post
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
D = Decimal


def delivery(index):
    return DocumentRef("tests.delivery", index, f"D-{index:04d}")


def test_simultaneous_shipments_never_oversell():
    user = UserFactory()
    product = ProductFactory(sku="HOT-1", name="Best seller")
    location = LocationFactory(code="A-01")
    post(product, location, "25", unit_cost="4", by=user)
    each = D("3")

    def ship(index):
        return stock_moves_post(
            moves=[MoveSpec(product.pk, location.pk, -each, MoveType.SHIPMENT, document_line_id=index + 1)],
            document=delivery(index),
            by=user,
        )

    outcomes = run_together(THREADS, ship)

    shipped = [result for kind, result in outcomes if kind == "ok"]
    refused = [result for kind, result in outcomes if kind == "error"]
    assert all(isinstance(error, InsufficientStockError) for error in refused), refused
    balance = balance_of(product, location)
    assert balance.on_hand >= 0
    assert len(shipped) == 8  # 25 covers eight shipments of 3
    assert len(shipped) * each == D("25") - balance.on_hand
    for error in refused:
        assert "HOT-1 Best seller" in str(error)
        assert "1 available, 3 needed" in str(error)  # each refusal saw the stock the others had left
    assert StockMove.objects.filter(move_type=MoveType.SHIPMENT).count() == 8
    assert balance.value == D("4")
    assert stock_ledger_mismatches() == []


def test_simultaneous_first_receipts_into_an_empty_location_all_count():
    user = UserFactory()
    product = ProductFactory()
    location = LocationFactory()

    def receive(index):
        quantity = D(index + 1)
        return post(product, location, quantity, unit_cost=quantity, line_id=index + 1, by=user)

    outcomes = run_together(THREADS, receive)

    assert [kind for kind, _ in outcomes] == ["ok"] * THREADS, outcomes
    assert StockBalance.objects.filter(product=product, location=location).count() == 1
    balance = balance_of(product, location)
    assert balance.on_hand == sum(D(i) for i in range(1, THREADS + 1))
    assert balance.value == sum(D(i * i) for i in range(1, THREADS + 1))
    assert stock_ledger_mismatches() == []


def test_postings_listing_products_in_opposite_orders_do_not_deadlock():
    user = UserFactory()
    location = LocationFactory()
    first, second = ProductFactory(), ProductFactory()
    post(first, location, "100", unit_cost="1", by=user)
    post(second, location, "100", unit_cost="2", by=user)

    def ship_both(index):
        pair = (first, second) if index % 2 == 0 else (second, first)
        return stock_moves_post(
            moves=[MoveSpec(p.pk, location.pk, D("-1"), MoveType.SHIPMENT) for p in pair],
            document=delivery(index),
            by=user,
        )

    outcomes = run_together(THREADS, ship_both)

    errors = [result for kind, result in outcomes if kind == "error"]
    assert not [e for e in errors if isinstance(e, OperationalError)], errors  # "deadlock detected"
    assert errors == []
    assert balance_of(first, location).on_hand == D(100 - THREADS)
    assert balance_of(second, location).on_hand == D(100 - THREADS)
    assert stock_ledger_mismatches() == []
