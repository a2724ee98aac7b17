"""The stock card: every move of a product with running balance and value, computed in SQL."""

import datetime

import pytest

from inventory.models import StockMove
from inventory.selectors import stock_card
from tests.factories import LocationFactory, LotFactory
from tests.inventory.operations import q
from tests.ledger import post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


def test_running_balance_and_value(product, main_location, keeper):
    post(product, main_location, 10, by=keeper, unit_cost="2")
    post(product, main_location, 10, by=keeper, unit_cost="4")
    post(product, main_location, -5, by=keeper)

    opening, moves = stock_card(product=product)

    rows = [(m.quantity_in, m.quantity_out, m.balance, m.balance_value) for m in moves]
    assert rows == [(q(10), None, q(10), q(20)), (q(10), None, q(20), q(60)), (None, q(5), q(15), q(45))]
    assert opening == {"quantity": 0, "value": 0}


def test_filters_by_location_lot_and_date_with_an_opening_balance(main_location, keeper):
    lot = LotFactory()
    product = lot.product
    other = LocationFactory(warehouse=main_location.warehouse, code="A-77")
    first = post(product, main_location, 5, by=keeper, unit_cost="1", lot=lot)
    StockMove.objects.filter(pk=first.pk).update(
        created_at=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)
    )
    post(product, main_location, 2, by=keeper, unit_cost="1", lot=lot)
    post(product, other, 7, by=keeper, unit_cost="1", lot=lot)

    opening, moves = stock_card(
        product=product, location=main_location, lot=lot, date_from=datetime.date(2026, 2, 1)
    )

    assert opening["quantity"] == q(5)
    assert [(m.quantity, m.balance) for m in moves] == [(q(2), q(7))]
    _opening, per_warehouse = stock_card(product=product, warehouse=main_location.warehouse)
    assert [m.balance for m in per_warehouse] == [q(5), q(7), q(14)]
    _opening, until = stock_card(product=product, date_to=datetime.date(2026, 1, 31))
    assert [m.balance for m in until] == [q(5)]
