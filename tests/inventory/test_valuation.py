"""Stock valuation at a past date is the sum of the moves up to the end of that date."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from inventory.models import StockMove
from inventory.selectors import stock_valuation, stock_valuation_totals
from tests.factories import CategoryFactory, LocationFactory, ProductFactory
from tests.inventory.operations import q
from tests.ledger import post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ledger_stays_exact")]


def at(day: datetime.date, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(move, when):
    """Tests only: give a move the time it would have had if it had been posted that day."""
    StockMove.objects.filter(pk=move.pk).update(created_at=when)


DAY1, DAY2, DAY3 = datetime.date(2026, 3, 1), datetime.date(2026, 3, 2), datetime.date(2026, 3, 3)


def test_valuation_at_a_past_date_equals_the_sum_of_moves_to_that_date(product, main_location, keeper):
    backdate(post(product, main_location, 10, by=keeper, unit_cost="2"), at(DAY1))
    backdate(post(product, main_location, 10, by=keeper, unit_cost="4"), at(DAY2, 9))
    backdate(post(product, main_location, -5, by=keeper), at(DAY2, 23))
    backdate(post(product, main_location, -15, by=keeper), at(DAY3))

    day1 = {row["product_id"]: row for row in stock_valuation(at=DAY1)}
    day2 = {row["product_id"]: row for row in stock_valuation(at=DAY2)}
    assert (day1[product.pk]["quantity"], day1[product.pk]["value"]) == (q(10), q(20))
    assert (day2[product.pk]["quantity"], day2[product.pk]["value"]) == (q(15), q(45))
    assert day2[product.pk]["average_cost"] == q(3)
    assert list(stock_valuation(at=DAY3)) == []  # nothing left, nothing shown
    for day in (DAY1, DAY2, DAY3):
        expected = StockMove.objects.filter(created_at__date__lte=day).aggregate(v=Sum("value"))["v"]
        assert stock_valuation_totals(at=day)["value"] == expected


def test_valuation_by_warehouse_and_category(main_location, keeper):
    category = CategoryFactory()
    inside = ProductFactory(category=CategoryFactory(parent=category))
    outside = ProductFactory()
    elsewhere = LocationFactory(code="Z-01")
    post(inside, main_location, 2, by=keeper, unit_cost="5")
    post(outside, main_location, 1, by=keeper, unit_cost="7")
    post(inside, elsewhere, 1, by=keeper, unit_cost="5")
    today = timezone.localdate()

    by_category = stock_valuation(at=today, category=category)
    by_warehouse = stock_valuation(at=today, warehouse=main_location.warehouse)

    assert [(r["product_id"], r["quantity"]) for r in by_category] == [(inside.pk, q(3))]
    assert {r["product_id"] for r in by_warehouse} == {inside.pk, outside.pk}
    assert stock_valuation_totals(at=today, warehouse=main_location.warehouse)["value"] == q(17)


def test_valuation_report_and_its_excel_export(product, main_location, keeper, client_for):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    from reports.definitions.inventory_operations import StockValuationReport
    from tests.factories import UserFactory

    backdate(post(product, main_location, 10, by=keeper, unit_cost="2"), at(DAY1))
    backdate(post(product, main_location, 10, by=keeper, unit_cost="4"), at(DAY2))

    report = StockValuationReport({"date": DAY1.isoformat()})
    assert [(row["product__sku"], row["quantity"], row["value"]) for row in report.rows()] == [
        (product.sku, q(10), q(20))
    ]
    assert report.totals()["value"] == q(20)
    assert report.totals()["average_cost"] == q(2)

    client = client_for(UserFactory(username="boss", is_superuser=True))
    response = client.get(reverse("reports:stock-valuation-export") + f"?date={DAY2.isoformat()}")
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == product.sku]
    assert values[0][4] == 20  # quantity at the end of day 2


def test_valuation_today_comes_from_the_balances_and_equals_every_move_so_far(product, main_location, keeper):
    from reports.definitions.inventory_operations import StockValuationReport

    backdate(post(product, main_location, 10, by=keeper, unit_cost="2"), at(DAY1))
    post(product, main_location, 4, by=keeper, unit_cost="5")
    post(product, main_location, -3, by=keeper)
    moves = StockMove.objects.aggregate(quantity=Sum("quantity"), value=Sum("value"))

    (row,) = stock_valuation(at=timezone.localdate())
    report = StockValuationReport({})  # today, by default

    assert (row["quantity"], row["value"]) == (q(11), moves["value"])
    assert moves["quantity"] == q(11)
    totals = report.totals()
    assert (totals["quantity"], totals["value"]) == (q(11), round(moves["value"], 2))  # shown in cents
    assert abs(totals["average_cost"] - moves["value"] / 11) < q("0.0001")
