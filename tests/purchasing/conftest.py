import datetime
from decimal import Decimal

import pytest

from inventory.selectors import stock_ledger_mismatches
from purchasing import services
from purchasing.services import OrderLineData, ReceiptLineData
from tests.factories import LocationFactory, ProductFactory, SupplierFactory, UserFactory, WarehouseFactory

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _stock_ledger_holds(request):
    """After every test: for every product, location and lot the moves add up to the balance.

    The database fixture is requested from here so that it is torn down after this check runs."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    yield
    assert stock_ledger_mismatches() == []


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", role="purchasing_clerk")


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
def supplier(db):
    return SupplierFactory(name="Acme Trading")


@pytest.fixture
def product(db):
    return ProductFactory(sku="BOLT-1", name="Bolt")


@pytest.fixture
def make_order(clerk, supplier, warehouse):
    """A draft order through the service: ``make_order((product, qty, price), ...)``."""

    def make(*lines, by=None, **kwargs):
        return services.purchase_order_create(
            supplier=kwargs.pop("supplier", supplier),
            warehouse=kwargs.pop("warehouse", warehouse),
            order_date=TODAY,
            lines=[OrderLineData(p, Decimal(str(q)), Decimal(str(price))) for p, q, price in lines],
            by=by or clerk,
            **kwargs,
        )

    return make


@pytest.fixture
def approved_order(make_order, clerk, approver, product):
    """An approved order for 10 bolts at 5.00."""
    order = make_order((product, 10, "5.00"))
    services.purchase_order_submit(order=order, by=clerk)
    return services.purchase_order_approve(order=order, by=approver)


@pytest.fixture
def receive(keeper, location):
    """Post a receipt: ``receive(order, {line: accepted})`` or with (accepted, rejected, note) tuples."""

    def post(order, quantities, *, by=None, loc=None, **kwargs):
        lines = []
        for line, value in quantities.items():
            accepted, rejected, note = value if isinstance(value, tuple) else (value, 0, "")
            accepted, rejected = Decimal(str(accepted)), Decimal(str(rejected))
            lines.append(
                ReceiptLineData(
                    order_line_id=line.pk,
                    location=loc or location,
                    arrived_quantity=accepted + rejected,
                    accepted_quantity=accepted,
                    rejected_quantity=rejected,
                    quality_note=note,
                    lot_number=kwargs.pop("lot_number", ""),
                )
            )
        return services.goods_receipt_post(order=order, lines=lines, date=TODAY, by=by or keeper, **kwargs)

    return post
