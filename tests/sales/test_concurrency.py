"""Real threads on PostgreSQL: two deliveries of the last units, two counter sales of the last units, and
a double submit of the order form. Stock never goes negative; the loser gets a clear error."""

import uuid
from decimal import Decimal

import pytest

from inventory.exceptions import InsufficientStockError
from inventory.models import StockBalance
from sales import services
from sales.choices import SalesOrderStatus
from sales.exceptions import ShipmentRefusedError
from sales.models import Delivery, SalesOrder
from sales.services import DeliveryLineData, OrderLineData
from tests.sales.conftest import TODAY
from tests.threads import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_deliveries_of_the_last_units_one_wins(approved_order, keeper, product, location, customer):
    line = approved_order.lines.get()
    drafts = [
        services.delivery_create(
            order=approved_order,
            by=keeper,
            date=TODAY,
            lines=[DeliveryLineData(line.pk, location, Decimal("10"))],
        )
        for _ in range(2)
    ]

    outcomes = run_together(2, lambda i: services.delivery_ship(delivery=drafts[i], by=keeper))

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, ShipmentRefusedError)
    assert isinstance(error, InsufficientStockError)
    assert "only 0 of 10 remain to be shipped" in error.message
    balance = StockBalance.objects.get(product=product, location=location)
    assert balance.on_hand == 0
    assert balance.reserved == 0
    assert sorted(Delivery.objects.values_list("status", flat=True)) == ["draft", "shipped"]
    assert SalesOrder.objects.get(pk=approved_order.pk).status == SalesOrderStatus.SHIPPED


def test_two_counter_sales_of_the_last_units_one_wins(clerk, stock, product, warehouse, location):
    stock(product, location, 3)

    def sell(_index):
        return services.retail_sale_post(
            warehouse=warehouse,
            lines=[OrderLineData(product, Decimal("2"))],
            payment_method="cash",
            paid_amount=Decimal("100"),
            by=clerk,
        )

    outcomes = run_together(2, sell)

    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["error", "ok"]
    error = next(value for kind, value in outcomes if kind == "error")
    assert isinstance(error, InsufficientStockError)
    assert "Not enough stock of PEN-1 Pen" in error.message
    assert StockBalance.objects.get(product=product, location=location).on_hand == Decimal("1")
    assert SalesOrder.objects.count() == 1


def test_a_double_submit_at_the_same_moment_creates_one_order(clerk, customer, warehouse, product):
    token = uuid.uuid4()

    def create(_index):
        return services.sales_order_create(
            customer=customer,
            warehouse=warehouse,
            order_date=TODAY,
            lines=[OrderLineData(product, Decimal("1"))],
            by=clerk,
            client_token=token,
        ).pk

    outcomes = run_together(3, create)

    assert {kind for kind, _ in outcomes} == {"ok"}
    assert len({value for _, value in outcomes}) == 1
    assert SalesOrder.objects.count() == 1
