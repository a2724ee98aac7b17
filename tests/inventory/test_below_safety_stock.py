"""Products below safety stock (the dashboard's count, the stock query's filter): available stock — on
hand less reserved, goods in transit left out — summed over every location, against the safety stock."""

from decimal import Decimal

import pytest

from inventory.selectors import products_below_safety_stock
from inventory.services import stock_reserve
from tests.factories import LocationFactory, ProductFactory, SalesOrderFactory, UserFactory, WarehouseFactory
from tests.ledger import post

pytestmark = pytest.mark.django_db


def test_below_safety_stock_counts_what_is_available_outside_transit_in_every_location():
    user, warehouse = UserFactory(), WarehouseFactory()
    shelf, other_shelf = LocationFactory(warehouse=warehouse), LocationFactory(warehouse=warehouse)
    transit = LocationFactory(warehouse=warehouse, is_transit=True)
    enough = ProductFactory(safety_stock=10)  # 6 + 4 on two shelves: exactly its safety stock
    short = ProductFactory(safety_stock=10)  # 9
    arriving = ProductFactory(safety_stock=10)  # 5 on the shelf, 20 still in transit
    held = ProductFactory(safety_stock=10)  # 12 on hand, 3 of them reserved for an order
    never_stocked = ProductFactory(safety_stock=1)
    sold_out = ProductFactory(safety_stock=1)  # 5 received, 5 shipped
    ProductFactory(safety_stock=0)  # no safety stock: never below it
    ProductFactory(safety_stock=5, is_active=False)
    for product, location, quantity in [
        (enough, shelf, 6),
        (enough, other_shelf, 4),
        (short, shelf, 9),
        (arriving, shelf, 5),
        (arriving, transit, 20),
        (held, shelf, 12),
        (sold_out, shelf, 5),
        (sold_out, shelf, -5),
    ]:
        post(product, location, quantity, unit_cost="1" if quantity > 0 else None, by=user)
    stock_reserve(
        product=held,
        warehouse=warehouse,
        quantity=Decimal("3"),
        document=SalesOrderFactory(warehouse=warehouse),
        line_id=1,
    )

    below = products_below_safety_stock()

    assert sorted(below.values_list("sku", flat=True)) == sorted(
        p.sku for p in (short, arriving, held, never_stocked, sold_out)
    )
    assert below.count() == 5
    assert below.get(pk=held.pk).stock_available == Decimal("9")
    assert below.get(pk=arriving.pk).stock_on_hand == Decimal("25")
