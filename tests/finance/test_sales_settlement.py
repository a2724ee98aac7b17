"""Sales settles its own documents through ``finance.services.allocation_auto``: a counter sale's payment
its delivery, a payment against an order the order's shipped deliveries (oldest first). So receivables
show only what is really open."""

from decimal import Decimal

import pytest
from django.utils import timezone

from finance.choices import PartnerType
from finance.selectors import open_items, partner_balance
from reports.definitions.finance import MonthStatisticsReport, PeriodStatisticsReport
from sales import services as sales
from sales.services import DeliveryLineData, OrderLineData
from tests.factories import CustomerFactory, LocationFactory, ProductFactory, UserFactory, WarehouseFactory
from tests.finance.conftest import TODAY
from tests.ledger import post

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def setting():
    keeper = UserFactory(username="skeeper", role="warehouse_keeper")
    clerk = UserFactory(username="sclerk", role="sales_clerk")
    warehouse = WarehouseFactory()
    location = LocationFactory(warehouse=warehouse)
    product = ProductFactory(sale_price=D("15.00"), wholesale_price=D("12.00"))
    post(product, location, 20, by=keeper, unit_cost="8.00")
    return clerk, keeper, warehouse, product, location


def customer_open_items(customer):
    return list(
        open_items(as_of=TODAY.replace(year=2100), partner_type=PartnerType.CUSTOMER, partner_id=customer.pk)
    )


def test_a_counter_sale_leaves_nothing_open(setting):
    clerk, _keeper, warehouse, product, _location = setting
    result = sales.retail_sale_post(
        warehouse=warehouse,
        lines=[OrderLineData(product, D("2"))],
        payment_method="cash",
        paid_amount=D("30.00"),
        by=clerk,
    )
    customer = result.order.customer
    assert partner_balance(partner_type=PartnerType.CUSTOMER, partner_id=customer.pk) == 0
    assert customer_open_items(customer) == []


def test_payment_against_an_order_settles_its_deliveries_oldest_first(setting, accountant):
    clerk, keeper, warehouse, product, location = setting
    customer = CustomerFactory()
    order = sales.sales_order_create(
        customer=customer,
        warehouse=warehouse,
        order_date=TODAY,
        lines=[OrderLineData(product, D("10"))],
        by=clerk,
    )
    order = sales.sales_order_submit(order=order, by=clerk)
    if order.status == "submitted":
        order = sales.sales_order_approve(order=order, by=UserFactory(username="sapprover", role="approver"))
    line = order.lines.get()
    first = sales.delivery_create(
        order=order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, D("4"))]
    )
    first = sales.delivery_ship(delivery=first, by=keeper)
    # 30.00 of the first delivery's 48.00 is paid, then the rest of it and 10.00 of the second.
    sales.sales_payment_post(order=order, amount=D("30.00"), date=TODAY, method="transfer", by=accountant)
    rows = customer_open_items(customer)
    assert [(row["document_number"], row["open_signed"]) for row in rows] == [
        (first.number, first.total - 30)
    ]
    second = sales.delivery_create(
        order=order, by=keeper, date=TODAY, lines=[DeliveryLineData(line.pk, location, D("6"))]
    )
    second = sales.delivery_ship(delivery=second, by=keeper)
    sales.sales_payment_post(order=order, amount=first.total - 20, date=TODAY, method="cash", by=accountant)
    rows = customer_open_items(customer)
    assert [(row["document_number"], row["open_signed"]) for row in rows] == [
        (second.number, second.total - 10)
    ]
    assert partner_balance(partner_type=PartnerType.CUSTOMER, partner_id=customer.pk) == second.total - 10


def test_statistics_gross_margin_uses_the_cost_of_the_shipment_moves(setting):
    clerk, _keeper, warehouse, product, _location = setting
    day = timezone.localdate()
    sales.retail_sale_post(
        warehouse=warehouse,
        lines=[OrderLineData(product, D("2"))],
        payment_method="cash",
        paid_amount=D("30.00"),
        by=clerk,
        on=day,
    )
    report = PeriodStatisticsReport({"date_from": day.replace(day=1).isoformat(), "date_to": day.isoformat()})
    totals = report.totals()
    assert (totals["sales"], totals["cost_of_sales"], totals["gross_margin"]) == (
        D("30.00"),
        D("16.00"),
        D("14.00"),
    )
    month = MonthStatisticsReport({"date_from": day.isoformat(), "date_to": day.isoformat()})
    assert [row["gross_margin"] for row in month.rows()] == [D("14.00")]


def test_statistics_day_by_day_give_each_day_the_cost_of_its_own_shipments(setting):
    """Two pens shipped just after midnight yesterday (local time, still the day before in UTC) and one
    today: each day's row carries the cost of its own shipments."""
    from datetime import datetime, time, timedelta

    from inventory.models import StockMove

    clerk, _keeper, warehouse, product, _location = setting
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    night = sales.retail_sale_post(
        warehouse=warehouse,
        lines=[OrderLineData(product, D("2"))],
        payment_method="cash",
        paid_amount=D("30.00"),
        by=clerk,
        on=yesterday,
    )
    StockMove.objects.filter(
        document_id=night.order.deliveries.get().pk, document_type="sales.delivery"
    ).update(created_at=timezone.make_aware(datetime.combine(yesterday, time(0, 30))))
    sales.retail_sale_post(
        warehouse=warehouse,
        lines=[OrderLineData(product, D("1"))],
        payment_method="cash",
        paid_amount=D("15.00"),
        by=clerk,
        on=today,
    )

    report = MonthStatisticsReport({"date_from": yesterday.isoformat(), "date_to": today.isoformat()})

    rows = [(row["period"], row["sales"], row["cost_of_sales"], row["gross_margin"]) for row in report.rows()]
    assert rows == [
        (yesterday, D("30.00"), D("16.00"), D("14.00")),
        (today, D("15.00"), D("8.00"), D("7.00")),
    ]
    assert report.totals()["cost_of_sales"] == D("24.00")
