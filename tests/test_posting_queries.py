"""Posting a document runs a bounded number of queries, whatever its number of lines.

Round trips are what make a posting slow under load (bench/posting.py compares the services to raw SQL
doing the same writes), so the three postings the benchmark times are pinned here: a 4-line delivery
(drafted from the reservations of an approved order, then shipped), a 1-line return inspection with
restock, and a 4-line goods receipt. Each test also checks the posting took place, so a bound met by
doing less work fails.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from common.models import TransitionLog
from finance.models import PartnerLedgerEntry
from inventory.models import StockBalance, StockMove, StockReservation
from inventory.selectors import stock_ledger_mismatches
from purchasing import services as purchasing_services
from returns import services as returns_services
from returns.choices import Condition, Disposition
from sales import services as sales_services
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

LINES = 4
# Reached: 33, 37, 23 and 19, and 26 for a delivery created and shipped in one call (with the SAVEPOINT
# and RELEASE of each service's transaction, which a request running outside a test transaction does not
# send); at d225a97 they were 106, 129, 45 and 59.
DELIVERY_MAX_QUERIES = 35
DELIVERY_AT_ONCE_MAX_QUERIES = 28
PARTIAL_DELIVERY_MAX_QUERIES = 39
INSPECTION_MAX_QUERIES = 24
RECEIPT_MAX_QUERIES = 21

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stock_ledger_holds():
    yield
    assert stock_ledger_mismatches() == []


@pytest.fixture(autouse=True)
def _content_types_cached(db):
    """A running process has looked its content types up once (the audit and transition logs use them);
    whether this test is the first of its worker to need them must not change the count."""
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", is_staff=True, is_superuser=True)


@pytest.fixture
def location(db):
    return LocationFactory(warehouse=WarehouseFactory(code="MAIN"), code="A-01")


@pytest.fixture
def products(db):
    return [
        ProductFactory(sku=f"P-{n}", sale_price=Decimal("15.00"), wholesale_price=Decimal("12.00"))
        for n in range(LINES)
    ]


def _approved_order(products, location, manager, quantity="3"):
    """An order of ``quantity`` of every product (10 in stock each), approved and holding reservations."""
    for product in products:
        post(product, location, 10, by=manager, unit_cost="8.00")
    order = sales_services.sales_order_create(
        customer=CustomerFactory(credit_limit=Decimal("100000.00")),
        warehouse=location.warehouse,
        order_date=timezone.localdate(),
        lines=[sales_services.OrderLineData(product, Decimal(quantity)) for product in products],
        by=manager,
    )
    order = sales_services.sales_order_submit(order=order, by=manager)
    assert order.status == "approved", order.approval_note
    return order


def test_delivery_of_four_lines_runs_a_bounded_number_of_queries(
    products, location, manager, django_assert_max_num_queries
):
    order = _approved_order(products, location, manager)
    assert StockReservation.objects.filter(document_id=order.pk).count() == LINES

    with django_assert_max_num_queries(DELIVERY_MAX_QUERIES):
        delivery = sales_services.delivery_create(order=order, by=manager, date=timezone.localdate())
        delivery = sales_services.delivery_ship(
            delivery=delivery, by=manager, carrier="SF", tracking_number="SF1"
        )

    assert delivery.status == "shipped"
    assert type(order).objects.get(pk=order.pk).status == "shipped"
    assert StockMove.objects.filter(document_type="sales.delivery", document_id=delivery.pk).count() == LINES
    for balance in StockBalance.objects.filter(product__in=products):
        assert (balance.on_hand, balance.reserved) == (Decimal("7"), Decimal("0"))
    assert not StockReservation.objects.filter(document_id=order.pk).exists()
    assert delivery.total == Decimal("144.00")  # 4 lines × 3 × 12.00
    assert delivery.cost_total == Decimal("96.00")
    assert PartnerLedgerEntry.objects.get(document_number=delivery.number).amount == Decimal("144.00")
    assert TransitionLog.objects.filter(document_number=delivery.number, target="shipped").exists()


def test_delivery_created_and_shipped_at_once_reads_nothing_twice(
    products, location, manager, django_assert_max_num_queries
):
    order = _approved_order(products, location, manager)

    with django_assert_max_num_queries(DELIVERY_AT_ONCE_MAX_QUERIES):
        delivery = sales_services.delivery_create(
            order=order, by=manager, date=timezone.localdate(), carrier="SF", tracking_number="SF1", ship=True
        )

    delivery = type(delivery).objects.get(pk=delivery.pk)
    assert (delivery.status, delivery.tracking_number) == ("shipped", "SF1")
    assert type(order).objects.get(pk=order.pk).status == "shipped"
    assert StockMove.objects.filter(document_type="sales.delivery", document_id=delivery.pk).count() == LINES
    for balance in StockBalance.objects.filter(product__in=products):
        assert (balance.on_hand, balance.reserved) == (Decimal("7"), Decimal("0"))
    assert delivery.cost_total == Decimal("96.00")
    assert PartnerLedgerEntry.objects.get(document_number=delivery.number).amount == Decimal("144.00")


def test_partial_delivery_keeps_the_rest_reserved(products, location, manager, django_assert_max_num_queries):
    order = _approved_order(products, location, manager)
    picks = [
        sales_services.DeliveryLineData(line.pk, location, Decimal("1"))
        for line in order.lines.order_by("pk")
    ]

    with django_assert_max_num_queries(PARTIAL_DELIVERY_MAX_QUERIES):
        delivery = sales_services.delivery_create(
            order=order, by=manager, date=timezone.localdate(), lines=picks
        )
        sales_services.delivery_ship(delivery=delivery, by=manager)

    assert type(order).objects.get(pk=order.pk).status == "partially_shipped"
    for balance in StockBalance.objects.filter(product__in=products):
        assert (balance.on_hand, balance.reserved) == (Decimal("9"), Decimal("2"))
    assert sorted(StockReservation.objects.values_list("quantity", flat=True)) == [Decimal("2")] * LINES


def test_inspection_of_one_line_with_restock_runs_a_bounded_number_of_queries(
    products, location, manager, django_assert_max_num_queries
):
    product = products[0]
    order = _approved_order([product], location, manager)
    delivery = sales_services.delivery_create(order=order, by=manager, date=timezone.localdate())
    sales_services.delivery_ship(delivery=delivery, by=manager)
    request = returns_services.return_request_create(
        customer=order.customer,
        order=order,
        lines=[returns_services.RequestLineData(product, Decimal("1"), ReturnReasonFactory())],
        by=manager,
    )
    returns_services.return_request_submit(request=request, by=manager)
    request = returns_services.return_request_approve(request=request, by=UserFactory(is_superuser=True))
    request = returns_services.return_request_receive(
        request=request,
        by=manager,
        lines=[returns_services.ReceiptLineData(line.pk, line.quantity) for line in request.lines.all()],
    )
    (line,) = request.lines.all()

    with django_assert_max_num_queries(INSPECTION_MAX_QUERIES):
        request = returns_services.return_request_inspect(
            request=request,
            by=manager,
            lines=[
                returns_services.InspectionLineData(
                    line_id=line.pk,
                    accepted_quantity=Decimal("1"),
                    condition=Condition.RESALABLE,
                    disposition=Disposition.RESTOCK,
                    location=location,
                )
            ],
        )

    assert request.status == "inspected"
    assert request.credit == Decimal("12.00")
    balance = StockBalance.objects.get(product=product, location=location)
    assert (balance.on_hand, balance.value) == (Decimal("8"), Decimal("64.0000"))
    move = StockMove.objects.get(document_type="returns.returnrequest", document_id=request.pk)
    assert (move.quantity, move.unit_cost) == (Decimal("1"), Decimal("8.0000"))
    assert PartnerLedgerEntry.objects.get(document_number=request.number).amount == Decimal("-12.00")


def test_goods_receipt_of_four_lines_runs_a_bounded_number_of_queries(
    products, location, manager, django_assert_max_num_queries
):
    order = purchasing_services.purchase_order_create(
        supplier=SupplierFactory(),
        warehouse=location.warehouse,
        order_date=timezone.localdate(),
        lines=[purchasing_services.OrderLineData(p, Decimal("10"), Decimal("5.00")) for p in products],
        by=manager,
    )
    purchasing_services.purchase_order_submit(order=order, by=manager)
    order = purchasing_services.purchase_order_approve(order=order, by=UserFactory(is_superuser=True))
    order_lines = list(order.lines.order_by("pk"))

    with django_assert_max_num_queries(RECEIPT_MAX_QUERIES):
        receipt = purchasing_services.goods_receipt_post(
            order=order,
            lines=[
                purchasing_services.ReceiptLineData(line.pk, location, Decimal("10"), Decimal("10"))
                for line in order_lines
            ],
            date=timezone.localdate(),
            by=manager,
        )

    assert receipt.total == Decimal("200.00")
    assert type(order).objects.get(pk=order.pk).status == "received"
    assert (
        StockMove.objects.filter(document_id=receipt.pk, document_type="purchasing.goodsreceipt").count() == 4
    )
    for balance in StockBalance.objects.filter(product__in=products):
        assert (balance.on_hand, balance.value) == (Decimal("10"), Decimal("50.0000"))
    assert PartnerLedgerEntry.objects.get(document_number=receipt.number).amount == Decimal("200.00")
