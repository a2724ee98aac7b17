"""进货明细表 and 进货汇总表 against a hand computation.

Data (all in March 2026 unless said otherwise):
  Acme:  PO1  bolt 10 @ 5.00 = 50.00, screw 20 @ 0.50 = 10.00  -> both received (GR1)
  Acme:  PO2  bolt 10 @ 6.00 = 60.00                            -> 4 received (GR2) = 24.00
  Zeta:  PO3  screw 100 @ 0.40 = 40.00                           -> received (GR3)
  Return to Acme: 2 bolts shipped at their average cost
      bolts on hand 14 = 50.00 + 24.00 = 74.00 -> average 5.2857..., 2 leave at 5.2857 = 10.5714 -> 10.57
Categories: bolt in Hardware / Bolts, screw in Hardware.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from purchasing import services
from purchasing.services import ReturnLineData
from reports.definitions.purchasing import PurchaseDetailReport, PurchaseSummaryReport
from tests.factories import CategoryFactory, ProductFactory, SupplierFactory, UserFactory
from tests.purchasing.conftest import TODAY

pytestmark = pytest.mark.django_db

D = Decimal
PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


@pytest.fixture
def purchases(make_order, clerk, approver, keeper, receive, location, supplier):
    hardware = CategoryFactory(name="Hardware")
    bolts = CategoryFactory(name="Bolts", parent=hardware)
    bolt = ProductFactory(sku="BOLT", name="Bolt", category=bolts)
    screw = ProductFactory(sku="SCREW", name="Screw", category=hardware)
    zeta = SupplierFactory(name="Zeta", code="Z1")

    def approved(*lines, **kwargs):
        order = make_order(*lines, **kwargs)
        services.purchase_order_submit(order=order, by=clerk)
        return services.purchase_order_approve(order=order, by=approver)

    po1 = approved((bolt, 10, "5.00"), (screw, 20, "0.50"))
    bolt_line, screw_line = po1.lines.order_by("id")
    receive(po1, {bolt_line: 10, screw_line: 20})
    po2 = approved((bolt, 10, "6.00"))
    receive(po2, {po2.lines.get(): (4, 1, "bent")})
    po3 = approved((screw, 100, "0.40"), supplier=zeta)
    receive(po3, {po3.lines.get(): 100})
    document = services.purchase_return_create(
        supplier=supplier,
        warehouse=location.warehouse,
        date=TODAY,
        reason="Rust",
        lines=[ReturnLineData(product=bolt, location=location, quantity=D("2"))],
        by=clerk,
    )
    services.purchase_return_submit(document=document, by=clerk)
    services.purchase_return_approve(document=document, by=approver)
    services.purchase_return_ship(document=document, by=keeper)
    return {
        "acme": supplier,
        "zeta": zeta,
        "bolt": bolt,
        "screw": screw,
        "hardware": hardware,
        "bolts": bolts,
    }


@pytest.fixture(autouse=True)
def _march(monkeypatch):
    """Goods receipts carry TODAY's date; the return is dated by when it shipped, so pin "now"."""
    fixed = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Shanghai
    monkeypatch.setattr(timezone, "now", lambda: fixed)


def table(report):
    keys = [c.key for c in report.get_columns()]
    return [dict(zip(keys, report.cells(row), strict=True)) for row in report.rows()]


def test_detail_lists_receipts_and_returns(purchases):
    report = PurchaseDetailReport({**PERIOD, "sort": "line_amount"})
    rows = [
        (r["kind"], r["sku"], r["line_quantity"], r["line_price"], r["line_amount"]) for r in table(report)
    ]
    assert rows == [
        ("Return to supplier", "BOLT", D("-2.000"), D("5.2857"), D("-10.57")),
        ("Goods receipt", "SCREW", D("20.000"), D("0.5000"), D("10.00")),
        ("Goods receipt", "BOLT", D("4.000"), D("6.0000"), D("24.00")),
        ("Goods receipt", "SCREW", D("100.000"), D("0.4000"), D("40.00")),
        ("Goods receipt", "BOLT", D("10.000"), D("5.0000"), D("50.00")),
    ]
    # 50 + 10 + 24 + 40 - 10.57
    assert report.totals() == {"line_quantity": D("132.000"), "line_amount": D("113.43")}


def test_detail_filters(purchases):
    acme_bolts = PurchaseDetailReport({**PERIOD, "supplier": purchases["acme"].pk, "q": "bolt"})
    assert acme_bolts.totals() == {"line_quantity": D("12.000"), "line_amount": D("63.43")}
    returns_only = PurchaseDetailReport({**PERIOD, "kind": "return"})
    assert [r["kind"] for r in table(returns_only)] == ["Return to supplier"]
    assert returns_only.totals()["line_amount"] == D("-10.57")
    hardware = PurchaseDetailReport({**PERIOD, "category": purchases["bolts"].pk})
    assert {r["sku"] for r in table(hardware)} == {"BOLT"}
    april = PurchaseDetailReport({"date_from": "2026-04-01", "date_to": "2026-04-30"})
    assert table(april) == []
    assert april.totals() == {"line_quantity": D("0.000"), "line_amount": D("0.00")}


def test_summary_by_supplier(purchases):
    report = PurchaseSummaryReport({**PERIOD, "group_by": "supplier"})
    rows = [
        (r["group_name"], r["receipts"], r["received_amount"], r["returned_amount"], r["net_amount"])
        for r in table(report)
    ]
    assert rows == [
        ("Acme Trading", 2, D("84.00"), D("10.57"), D("73.43")),
        ("Zeta", 1, D("40.00"), D("0.00"), D("40.00")),
    ]
    assert report.totals() == {
        "received_amount": D("124.00"),
        "returned_amount": D("10.57"),
        "net_amount": D("113.43"),
    }


def test_summary_by_product_adds_up_quantities(purchases):
    report = PurchaseSummaryReport({**PERIOD, "group_by": "product", "sort": "group_code"})
    rows = [
        (
            r["group_code"],
            r["received_quantity"],
            r["received_amount"],
            r["returned_quantity"],
            r["net_amount"],
        )
        for r in table(report)
    ]
    assert rows == [
        ("BOLT", D("14.000"), D("74.00"), D("2.000"), D("63.43")),
        ("SCREW", D("120.000"), D("50.00"), D("0.000"), D("50.00")),
    ]
    assert report.totals()["received_quantity"] == D("134.000")


def test_summary_by_category(purchases):
    rows = table(PurchaseSummaryReport({**PERIOD, "group_by": "category"}))
    assert [(r["group_name"], r["net_amount"]) for r in rows] == [
        ("Bolts", D("63.43")),
        ("Hardware", D("50.00")),
    ]


def test_report_pages_and_excel(purchases, client_for):
    user = UserFactory(username="buyer", role="purchasing_clerk")
    client = client_for(user)
    for slug in ("purchase-detail", "purchase-summary"):
        page = client.get(reverse(f"reports:{slug}"), PERIOD)
        assert page.status_code == 200
        assert "113.43" in page.content.decode()
        export = client.get(reverse(f"reports:{slug}-export"), PERIOD)
        assert export.status_code == 200
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert any(v is not None and D(str(v)) == D("113.43") for v in values if isinstance(v, int | float))


def test_reports_need_the_purchase_report_permission(client_for):
    user = UserFactory(username="sales2", role="sales_clerk")
    assert client_for(user).get(reverse("reports:purchase-detail")).status_code == 403


def test_purchases_by_month_chart_from_receipts_or_from_their_lines(purchases):
    """Without a category the months sum whole receipts; with one, the lines of its products."""

    def march(report):
        (chart,) = report.charts()
        return {dataset["label"]: [D(str(value)) for value in dataset["data"]] for dataset in chart.datasets}

    assert march(PurchaseSummaryReport(PERIOD)) == {"received": [D("124")], "returned": [D("10.57")]}
    assert march(PurchaseSummaryReport({**PERIOD, "supplier": purchases["zeta"].pk}))["received"] == [D("40")]
    assert march(PurchaseSummaryReport({**PERIOD, "category": purchases["bolts"].pk}))["received"] == [
        D("74")
    ]
