import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory.selectors import stock_ledger_mismatches
from purchasing import services as purchasing_services
from purchasing.services import OrderLineData as PurchaseLineData
from purchasing.services import ReceiptLineData as PurchaseReceiptLineData
from returns import services
from returns.choices import Condition, Disposition
from returns.models import ReturnPolicy
from returns.services import InspectionLineData, ReceiptLineData, RequestLineData
from sales import services as sales_services
from sales.services import OrderLineData
from tests.factories import (
    CustomerFactory,
    LocationFactory,
    ProductFactory,
    ReturnReasonFactory,
    SupplierFactory,
    UserFactory,
    WarehouseFactory,
)
from tests.ledger import post


@pytest.fixture(autouse=True)
def _stock_ledger_holds(request):
    """After every test: the moves add up to the balances and the reservations to the reserved quantity.
    The database fixture is requested from here so that it is torn down after this check runs."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        yield
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    yield
    assert stock_ledger_mismatches() == []


def today():
    return timezone.localdate()


def fresh(obj):
    """Read a document again (its protected FSM status rules out ``refresh_from_db``)."""
    return type(obj).objects.get(pk=obj.pk)


def D(value) -> Decimal:  # noqa: N802 - reads like the Decimal it makes
    return Decimal(str(value))


@pytest.fixture
def clerk(db):
    return UserFactory(username="sales-clerk", role="sales_clerk", email="clerk@example.com")


@pytest.fixture
def approver(db):
    return UserFactory(username="approver", role="approver")


@pytest.fixture
def keeper(db):
    return UserFactory(username="keeper", role="warehouse_keeper")


@pytest.fixture
def accountant(db):
    return UserFactory(username="accountant", role="accountant")


@pytest.fixture
def purchasing_clerk(db):
    return UserFactory(username="buyer", role="purchasing_clerk")


@pytest.fixture
def warehouse(db):
    return WarehouseFactory(code="MAIN", name="Main warehouse")


@pytest.fixture
def location(warehouse):
    return LocationFactory(warehouse=warehouse, code="A-01")


@pytest.fixture
def returns_location(warehouse):
    return LocationFactory(warehouse=warehouse, code="RET-01", name="Returns shelf")


@pytest.fixture
def customer(db):
    return CustomerFactory(
        name="Bright Office",
        credit_limit=Decimal("100000.00"),
        email="buyer@bright.example",
        phone="13800000000",
        language="en",
    )


@pytest.fixture
def product(db):
    return ProductFactory(
        sku="PEN-1", barcode="6900000000011", name="Pen", sale_price=D("15.00"), wholesale_price=D("12.00")
    )


@pytest.fixture
def marker_pen(db):
    return ProductFactory(sku="MRK-1", name="Marker", sale_price=D("35.00"), wholesale_price=D("30.00"))


@pytest.fixture
def eraser(db):
    return ProductFactory(sku="ERA-1", name="Eraser", sale_price=D("6.00"), wholesale_price=D("5.00"))


@pytest.fixture
def defect(db):
    # The data migration makes it; a transactional test before this one may have flushed it.
    return ReturnReasonFactory(code="quality_defect", name="Quality defect")


@pytest.fixture
def changed_mind(db):
    return ReturnReasonFactory(code="changed_mind", name="Changed mind", restocking_fee_percent=D("10"))


@pytest.fixture
def stock(keeper):
    def receive(product, location, quantity, unit_cost="8.00", lot=None):
        return post(product, location, quantity, by=keeper, unit_cost=unit_cost, lot=lot)

    return receive


@pytest.fixture
def deliver(clerk, keeper, customer, warehouse, location):
    """An order through sales services, approved automatically and shipped in full:
    ``deliver((product, qty[, price[, discount]]), ..., on=date)``; returns the order."""

    def make(*lines, on=None, cust=None):
        data = []
        for product, quantity, *rest in lines:
            price = D(rest[0]) if rest and rest[0] is not None else None
            discount = D(rest[1]) if len(rest) > 1 else Decimal("0")
            data.append(OrderLineData(product, D(quantity), price, discount))
        day = on or today()
        order = sales_services.sales_order_create(
            customer=cust or customer, warehouse=warehouse, order_date=day, lines=data, by=clerk
        )
        order = sales_services.sales_order_submit(order=order, by=clerk)
        assert order.status == "approved", order.approval_note
        delivery = sales_services.delivery_create(order=order, by=keeper, date=day)
        sales_services.delivery_ship(delivery=delivery, by=keeper, carrier="SF", tracking_number="SF1")
        return order

    return make


@pytest.fixture
def bought(purchasing_clerk, approver, keeper, warehouse, location):
    """Goods bought from a supplier through purchasing: ``bought(supplier, product, qty, price)``."""

    def make(supplier, product, quantity, price):
        order = purchasing_services.purchase_order_create(
            supplier=supplier,
            warehouse=warehouse,
            order_date=today(),
            lines=[PurchaseLineData(product, D(quantity), D(price))],
            by=purchasing_clerk,
        )
        purchasing_services.purchase_order_submit(order=order, by=purchasing_clerk)
        purchasing_services.purchase_order_approve(order=order, by=approver)
        line = order.lines.get()
        return purchasing_services.goods_receipt_post(
            order=order,
            lines=[PurchaseReceiptLineData(line.pk, location, D(quantity), D(quantity))],
            date=today(),
            by=keeper,
        )

    return make


@pytest.fixture
def supplier(db):
    return SupplierFactory(name="Pen Works")


@pytest.fixture
def make_request(clerk, customer, defect):
    """A draft through the service: ``make_request((product, qty[, reason]), ..., **kwargs)``."""

    def make(*lines, by=None, **kwargs):
        data = [
            RequestLineData(product, D(quantity), rest[0] if rest else defect, note="broken")
            for product, quantity, *rest in lines
        ]
        return services.return_request_create(
            customer=kwargs.pop("customer", customer), lines=data, by=by or clerk, **kwargs
        )

    return make


@pytest.fixture
def approved(clerk, approver):
    def run(request):
        services.return_request_submit(request=request, by=clerk)
        return services.return_request_approve(request=request, by=approver)

    return run


@pytest.fixture
def received(approved, keeper):
    def run(request, quantities=None):
        request = approved(request)
        quantities = quantities or {}
        return services.return_request_receive(
            request=request,
            by=keeper,
            lines=[
                ReceiptLineData(line.pk, D(quantities.get(line.pk, line.quantity)))
                for line in request.lines.all()
            ],
            carrier="YTO",
            tracking_number="YT123",
        )

    return run


@pytest.fixture
def inspect(keeper, location):
    """Inspect every line: accept all received, grade resalable, restock to ``location`` unless told."""

    def run(request, *, disposition=Disposition.RESTOCK, condition=Condition.RESALABLE, loc=None, **per_line):
        data = []
        for line in request.lines.all():
            extra = per_line.get(f"line{line.pk}", {})
            data.append(
                InspectionLineData(
                    line_id=line.pk,
                    accepted_quantity=D(extra.get("accepted", line.received_quantity)),
                    condition=extra.get("condition", condition),
                    note=extra.get("note", ""),
                    deduction=D(extra.get("deduction", "0")),
                    disposition=extra.get("disposition", disposition),
                    location=extra.get("location", loc or location),
                )
            )
        return services.return_request_inspect(request=request, by=keeper, lines=data)

    return run


@pytest.fixture
def policy(db):
    return ReturnPolicy.current()


OLD = datetime.timedelta(days=60)
