"""The sales reports against figures worked out by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.definitions.sales import SalesDetailReport, SalesRankingReport, SalesSummaryReport
from sales import services
from sales.services import OrderLineData, ReturnLineData
from tests.factories import CustomerFactory, ProductFactory, UserFactory
from tests.sales.conftest import TODAY

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


@pytest.fixture
def sales(make_order, clerk, keeper, stock, product, location, warehouse):
    """Pens: 10 in at 8.00 and 10 at 11.00 (average 9.50); 12 sold wholesale at 12.00 less 5 % = 136.80,
    cost 114.00. Pads: 10 in at 3.00; 4 sold at the counter at 6.00 = 24.00, one returned: 18.00 net,
    cost 9.00. Totals: sales 154.80, cost 123.00, margin 31.80."""
    pad = ProductFactory(sku="PAD-1", name="Pad", sale_price=Decimal("6.00"), category=product.category)
    stock(product, location, 10, "8.00")
    stock(product, location, 10, "11.00")
    stock(pad, location, 10, "3.00")
    order = services.sales_order_submit(order=make_order((product, 12, "12.00", "5")), by=clerk)
    services.delivery_ship(delivery=services.delivery_create(order=order, by=keeper, date=TODAY), by=keeper)
    retail = services.retail_sale_post(
        warehouse=warehouse,
        lines=[OrderLineData(pad, Decimal("4"))],
        payment_method="cash",
        paid_amount=Decimal("24"),
        by=clerk,
        on=TODAY,
        customer=CustomerFactory(name="Walk-in", customer_type="retail"),
    ).order
    line = retail.deliveries.get().lines.get()
    services.retail_return_post(
        order=retail, lines=[ReturnLineData(line.pk, Decimal("1"))], refund_method="cash", by=clerk, on=TODAY
    )
    return product, pad


def test_summary_by_product_has_margin_and_share(sales):
    report = SalesSummaryReport({**PERIOD, "group": "product"})
    rows = {row["label"]: row for row in report.rows()}
    pen, pad = rows["PEN-1 Pen"], rows["PAD-1 Pad"]
    assert (pen["quantity"], pen["amount"], pen["cost"], pen["margin"]) == (
        Decimal("12"),
        Decimal("136.80"),
        Decimal("114.00"),
        Decimal("22.80"),
    )
    assert (pad["quantity"], pad["amount"], pad["cost"], pad["margin"]) == (
        Decimal("3"),
        Decimal("18.00"),
        Decimal("9.00"),
        Decimal("9.00"),
    )
    assert round(pen["margin_percent"], 2) == Decimal("16.67")  # 22.80 / 136.80
    assert round(pen["share"], 2) == Decimal("88.37")  # 136.80 / 154.80
    assert round(pad["share"], 2) == Decimal("11.63")
    totals = report.totals()
    assert totals["amount"] == Decimal("154.80")
    assert totals["cost"] == Decimal("123.00")
    assert totals["margin"] == Decimal("31.80")
    assert totals["margin_percent"] == Decimal("20.54")  # 31.80 / 154.80
    assert totals["share"] == Decimal("100.00")


@pytest.mark.parametrize("group", ["customer", "category", "salesperson", "month"])
def test_summary_groups_add_up_to_the_same_totals(sales, group):
    report = SalesSummaryReport({**PERIOD, "group": group})
    assert sum(row["amount"] for row in report.rows()) == Decimal("154.80")
    assert report.totals()["margin"] == Decimal("31.80")


def test_by_customer_each_sale_is_net_of_its_counter_returns(sales):
    """Summed from whole deliveries: the walk-in's pad sale keeps 3 of 4 after one came back at the
    counter, for 18.00 of sales at a cost of 9.00."""
    rows = {row["label"]: row for row in SalesSummaryReport({**PERIOD, "group": "customer"}).rows()}
    walk_in, bright = rows["Walk-in"], rows["Bright Office"]
    assert (walk_in["quantity"], walk_in["amount"], walk_in["cost"]) == (
        Decimal("3"),
        Decimal("18.00"),
        Decimal("9.00"),
    )
    assert (bright["quantity"], bright["amount"], bright["cost"]) == (
        Decimal("12"),
        Decimal("136.80"),
        Decimal("114.00"),
    )


def test_retail_and_wholesale_apart(sales):
    retail = SalesSummaryReport({**PERIOD, "group": "product", "kind": "retail"})
    assert [row["label"] for row in retail.rows()] == ["PAD-1 Pad"]
    wholesale = SalesDetailReport({**PERIOD, "kind": "wholesale"})
    assert [row["sku"] for row in wholesale.rows()] == ["PEN-1"]


def test_ranking_by_quantity_and_detail_rows(sales):
    ranking = list(SalesRankingReport({**PERIOD, "rank_by": "quantity"}).rows())
    assert [row["sku"] for row in ranking] == ["PEN-1", "PAD-1"]
    detail = list(SalesDetailReport(PERIOD).rows())
    assert len(detail) == 2
    assert {row["margin"] for row in detail} == {Decimal("22.80"), Decimal("9.00")}


def test_report_pages_and_excel_export(sales, client_for):
    manager = UserFactory(username="boss", role="approver")
    client = client_for(manager)
    for slug in ("sales-detail", "sales-summary", "sales-ranking"):
        page = client.get(reverse(f"reports:{slug}") + "?date_from=2026-03-01&date_to=2026-03-31")
        assert page.status_code == 200
        export = client.get(reverse(f"reports:{slug}-export") + "?date_from=2026-03-01&date_to=2026-03-31")
        assert export.status_code == 200
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_with_thousands_of_customers_the_report_takes_a_typed_customer(sales, client_for, customer):
    """Past 200 customers the filter is a search box (5,000 options would be rendered on every request);
    the customer's code picks its sales, and a code nobody has is said instead of showing every sale."""
    from sales.models import Customer

    Customer.objects.bulk_create(Customer(code=f"BULK{n:04d}", name=f"Bulk buyer {n}") for n in range(201))
    client = client_for(UserFactory(username="boss", role="approver"))
    url = reverse("reports:sales-summary") + "?date_from=2026-03-01&date_to=2026-03-31&group=product"

    page = client.get(url + f"&customer={customer.code}")
    html = page.content.decode()
    assert 'type="search" name="customer"' in html
    assert "Bulk buyer 200" not in html
    assert [row["label"] for row in page.context["report"].rows()] == ["PEN-1 Pen"]  # not the walk-in's pad

    unknown = client.get(url + "&customer=NOBODY")
    assert "No customer matches “NOBODY”." in unknown.content.decode()
    assert list(unknown.context["report"].rows()) == []


def test_summary_pages_count_the_groups_from_the_page_itself(sales, client_for, monkeypatch):
    """Pen and pad at one a page: the summary says two rows over two pages, with no separate count."""
    monkeypatch.setattr(SalesSummaryReport, "page_size", 1)
    client = client_for(UserFactory(username="boss", role="approver"))
    url = reverse("reports:sales-summary") + "?date_from=2026-03-01&date_to=2026-03-31&group=product"

    first, second = client.get(url), client.get(url + "&page=2")

    assert "2 rows" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert [row[0][1] for row in first.context["rows"]] == ["PEN-1 Pen"]  # the larger sale first
    assert [row[0][1] for row in second.context["rows"]] == ["PAD-1 Pad"]


def test_two_customers_of_the_same_name_are_two_rows(
    sales, make_order, clerk, keeper, stock, product, location
):
    from sales.models import Customer

    bright = Customer.objects.get(name="Bright Office")
    twin = CustomerFactory(name="Bright Office", credit_limit=Decimal("10000.00"))
    stock(product, location, 5, "9.50")
    order = services.sales_order_submit(order=make_order((product, 2, "12.00"), customer=twin), by=clerk)
    services.delivery_ship(delivery=services.delivery_create(order=order, by=keeper, date=TODAY), by=keeper)

    rows = SalesSummaryReport({**PERIOD, "group": "customer"}).rows()
    amounts = sorted(row["amount"] for row in rows if row["label"] == bright.name)
    assert amounts == [Decimal("24.00"), Decimal("136.80")]


def test_an_accepted_customer_return_comes_off_the_sale_it_undoes(
    sales, clerk, approver, keeper, customer, location
):
    """2 of the 12 pens come back through a return request (quality defect, no fee): the pen's figures
    lose 2 x 11.40 = 22.80 of sales and 2 x 9.50 = 19.00 of cost."""
    from returns import services as returns_services
    from returns.choices import Condition, Disposition
    from returns.models import ReturnReason
    from returns.services import InspectionLineData, ReceiptLineData, RequestLineData

    pen, _pad = sales
    defect = ReturnReason.objects.get(code="quality_defect")
    request = returns_services.return_request_create(
        customer=customer, lines=[RequestLineData(pen, Decimal("2"), defect, note="broken")], by=clerk
    )
    request = returns_services.return_request_submit(request=request, by=clerk)
    if request.status == "submitted":
        request = returns_services.return_request_approve(request=request, by=approver)
    line = request.lines.get()
    request = returns_services.return_request_receive(
        request=request, by=keeper, lines=[ReceiptLineData(line.pk, Decimal("2"))]
    )
    returns_services.return_request_inspect(
        request=request,
        by=keeper,
        lines=[
            InspectionLineData(
                line.pk, Decimal("2"), Condition.RESALABLE, disposition=Disposition.RESTOCK, location=location
            )
        ],
    )
    report = SalesSummaryReport({**PERIOD, "group": "product"})
    pen_row = {row["label"]: row for row in report.rows()}["PEN-1 Pen"]
    assert (pen_row["quantity"], pen_row["amount"], pen_row["cost"], pen_row["margin"]) == (
        Decimal("10"),
        Decimal("114.00"),
        Decimal("95.00"),
        Decimal("19.00"),
    )
    # By customer the figures come from the delivery, which the return has netted too.
    by_customer = SalesSummaryReport({**PERIOD, "group": "customer"})
    row = {row["label"]: row for row in by_customer.rows()}[customer.name]
    assert (row["quantity"], row["amount"], row["cost"]) == (
        Decimal("10"),
        Decimal("114.00"),
        Decimal("95.00"),
    )
    assert by_customer.totals()["amount"] == Decimal("132.00")  # 154.80 - 22.80


def test_sales_trend_chart_on_the_summary_and_the_dashboard(sales, client_for, user_in_role):
    (chart,) = SalesSummaryReport(PERIOD).charts()
    series = {dataset["label"]: dataset["data"] for dataset in chart.datasets}
    assert chart.labels == [f"{TODAY:%Y-%m}"]
    assert series["sales"] == [Decimal("154.80")]
    assert series["gross margin"] == [Decimal("31.80")]
    page = client_for(user_in_role("approver", "boss")).get(reverse("dashboard")).content.decode()
    assert "Sales by month" in page
