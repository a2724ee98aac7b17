import datetime
from decimal import Decimal

import pytest

from inventory.selectors import stock_ledger_mismatches
from sales import services
from sales.services import OrderLineData
from tests.factories import CustomerFactory, LocationFactory, ProductFactory, UserFactory, WarehouseFactory
from tests.ledger import post

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _stock_ledger_holds(request):
    """After every test: for every product, location and lot the moves add up to the balance and the
    reservations to the reserved quantity. The database fixture is requested from here so that it is torn
    down after this check runs."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    yield
    assert stock_ledger_mismatches() == []


@pytest.fixture
def clerk(db):
    return UserFactory(username="sales-clerk", role="sales_clerk")


@pytest.fixture
def approver(db):
    return UserFactory(username="approver", role="approver")


@pytest.fixture
def keeper(db):
    return UserFactory(username="keeper", role="warehouse_keeper")


@pytest.fixture
def warehouse(db):
    return WarehouseFactory(code="MAIN", name="Main warehouse")


@pytest.fixture
def location(warehouse):
    return LocationFactory(warehouse=warehouse, code="A-01")


@pytest.fixture
def customer(db):
    return CustomerFactory(name="Bright Office", credit_limit=Decimal("10000.00"))


@pytest.fixture
def product(db):
    return ProductFactory(
        sku="PEN-1", name="Pen", sale_price=Decimal("15.00"), wholesale_price=Decimal("12.00")
    )


@pytest.fixture
def stock(keeper):
    """Receive goods: ``stock(product, location, quantity, unit_cost)``."""

    def receive(product, location, quantity, unit_cost="8.00", lot=None):
        return post(product, location, quantity, by=keeper, unit_cost=unit_cost, lot=lot)

    return receive


@pytest.fixture
def make_order(clerk, customer, warehouse):
    """A draft through the service: ``make_order((product, qty), (product, qty, price, discount), ...)``."""

    def make(*lines, by=None, **kwargs):
        data = []
        for product, quantity, *rest in lines:
            price = Decimal(str(rest[0])) if rest and rest[0] is not None else None
            discount = Decimal(str(rest[1])) if len(rest) > 1 else Decimal("0")
            data.append(OrderLineData(product, Decimal(str(quantity)), price, discount))
        return services.sales_order_create(
            customer=kwargs.pop("customer", customer),
            warehouse=kwargs.pop("warehouse", warehouse),
            order_date=TODAY,
            lines=data,
            by=by or clerk,
            **kwargs,
        )

    return make


@pytest.fixture
def approved_order(make_order, clerk, stock, product, location):
    """10 pens in stock at 8.00, an order for 10 at the wholesale price, approved automatically."""
    stock(product, location, 10, "8.00")
    order = make_order((product, 10))
    return services.sales_order_submit(order=order, by=clerk)
