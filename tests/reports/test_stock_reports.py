"""库存成本分析 and the stock list: every figure against the hand computation in ``conftest.stock``."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.definitions.stock import StockCostReport, StockListReport
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


def table(report):
    return [
        dict(zip([c.key for c in report.get_columns()], report.cells(row), strict=True))
        for row in report.rows()
    ]


def test_stock_cost_by_category_matches_hand_computation(stock):
    report = StockCostReport({"group_by": "category"})
    rows = table(report)
    # Sorted by value, largest first.
    assert [(r["category"], r["products"], r["on_hand"], r["value"], r["average_cost"]) for r in rows] == [
        ("Food / Fruit", 2, D("17.000"), D("81.50"), D("4.7941")),  # apple 10+4 (50+24), pear 3 (7.50)
        ("Drinks", 2, D("23.000"), D("42.00"), D("1.8261")),  # cola 15 (18.00), milk 8 (24.00)
        ("Food", 1, D("2.500"), D("10.00"), D("4.0000")),  # bread 2.5 (10.00)
    ]
    # The average cost of the total is value / quantity (133.50 / 42.5), not an average of averages.
    assert report.totals() == {"on_hand": D("42.500"), "value": D("133.50"), "average_cost": D("3.1412")}


def test_stock_cost_by_top_level_category(stock):
    rows = table(StockCostReport({"group_by": "top_category"}))
    assert [(r["category"], r["products"], r["on_hand"], r["value"], r["average_cost"]) for r in rows] == [
        ("Food", 3, D("19.500"), D("91.50"), D("4.6923")),
        ("Drinks", 2, D("23.000"), D("42.00"), D("1.8261")),
    ]


def test_stock_cost_by_warehouse(stock):
    report = StockCostReport({"group_by": "warehouse"})
    rows = table(report)
    assert [
        (r["warehouse_code"], r["products"], r["on_hand"], r["value"], r["average_cost"]) for r in rows
    ] == [
        ("NORTH", 4, D("36.000"), D("99.50"), D("2.7639")),  # 10+3+15+8; 50+7.50+18+24
        ("SOUTH", 2, D("6.500"), D("34.00"), D("5.2308")),  # 4+2.5; 24+10
    ]
    assert report.totals()["value"] == D("133.50")


def test_stock_cost_by_warehouse_and_category_filtered(stock):
    report = StockCostReport(
        {
            "group_by": "warehouse_category",
            "warehouse": stock["warehouses"]["south"].pk,
            "category": stock["categories"]["food"].pk,  # Food and everything below it
        }
    )
    rows = table(report)
    assert [(r["warehouse"], r["category"], r["on_hand"], r["value"]) for r in rows] == [
        ("South warehouse", "Food / Fruit", D("4.000"), D("24.00")),
        ("South warehouse", "Food", D("2.500"), D("10.00")),
    ]
    assert report.totals() == {"on_hand": D("6.500"), "value": D("34.00"), "average_cost": D("5.2308")}


def test_stock_cost_sorts_by_a_whitelisted_column_only(stock):
    by_name = StockCostReport({"group_by": "category", "sort": "category"})
    assert [r["category"] for r in table(by_name)] == ["Drinks", "Food", "Food / Fruit"]
    reversed_quantity = StockCostReport({"group_by": "category", "sort": "-on_hand"})
    assert [r["category"] for r in table(reversed_quantity)] == ["Drinks", "Food / Fruit", "Food"]
    injected = StockCostReport({"group_by": "category", "sort": "product__category__parent__name"})
    assert injected.ordering()[0] == "-value"


def test_stock_cost_chart_is_the_value_by_category(stock):
    (chart,) = StockCostReport({"group_by": "category"}).charts()
    config = chart.config()
    assert config["labels"] == ["Food / Fruit", "Drinks", "Food"]
    assert config["datasets"][0]["data"] == [81.5, 42.0, 10.0]


def test_stock_cost_chart_by_top_level_category_adds_up_its_subcategories(stock):
    (chart,) = StockCostReport({"group_by": "top_category"}).charts()
    config = chart.config()
    assert config["labels"] == ["Food", "Drinks"]
    assert config["datasets"][0]["data"] == [91.5, 42.0]  # Food 10 + Food / Fruit 81.5
    rows = {row["category"]: row["value"] for row in StockCostReport({"group_by": "top_category"}).rows()}
    assert [float(rows[label]) for label in config["labels"]] == config["datasets"][0]["data"]


def test_stock_list_matches_hand_computation(stock):
    report = StockListReport({})
    rows = table(report)
    assert [
        (
            r["sku"],
            r["warehouse_code"],
            r["on_hand"],
            r["reserved"],
            r["available"],
            r["average_cost"],
            r["value"],
        )
        for r in rows
    ] == [
        ("A-APPLE", "NORTH", D("10.000"), D("0.000"), D("10.000"), D("5.0000"), D("50.00")),
        ("A-APPLE", "SOUTH", D("4.000"), D("0.000"), D("4.000"), D("6.0000"), D("24.00")),
        ("A-PEAR", "NORTH", D("3.000"), D("0.000"), D("3.000"), D("2.5000"), D("7.50")),
        ("B-COLA", "NORTH", D("15.000"), D("4.000"), D("11.000"), D("1.2000"), D("18.00")),
        ("B-MILK", "NORTH", D("8.000"), D("0.000"), D("8.000"), D("3.0000"), D("24.00")),
        ("C-BREAD", "SOUTH", D("2.500"), D("0.000"), D("2.500"), D("4.0000"), D("10.00")),
    ]
    assert rows[4]["earliest_expiry"].isoformat() == "2027-03-01"
    assert report.totals() == {
        "on_hand": D("42.500"),
        "reserved": D("4.000"),
        "available": D("38.500"),
        "value": D("133.50"),
    }


def test_stock_list_search_and_warehouse_filter(stock):
    report = StockListReport({"q": "apple", "warehouse": stock["warehouses"]["south"].pk})
    assert [(r["sku"], r["warehouse_code"]) for r in table(report)] == [("A-APPLE", "SOUTH")]
    assert report.totals()["value"] == D("24.00")


def test_report_page_shows_rows_and_totals(stock, user_in_role, client_for):
    client = client_for(user_in_role("warehouse_keeper"))
    response = client.get(reverse("reports:stock-cost"), {"group_by": "warehouse"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "North warehouse" in content
    assert "133.50" in content
    assert 'id="report-charts"' in content
    assert "vendor/chartjs/chart.umd.min.js" in content


def test_report_page_paginates_and_keeps_the_filters_in_the_export_link(
    stock, user_in_role, client_for, monkeypatch
):
    monkeypatch.setattr(StockListReport, "page_size", 2)
    client = client_for(user_in_role("warehouse_keeper"))
    north = stock["warehouses"]["north"].pk
    response = client.get(reverse("reports:stock-list"), {"warehouse": north, "sort": "-value", "page": 2})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert response.context["paginator"].count == 4
    export_url = response.context["export_url"]
    assert export_url.startswith(reverse("reports:stock-list-export") + "?")
    assert "sort=-value" in export_url
    assert f"warehouse={north}" in export_url
    assert "page" not in export_url


def test_invalid_filter_shows_the_error_and_no_rows(stock, user_in_role, client_for):
    client = client_for(user_in_role("warehouse_keeper"))
    response = client.get(reverse("reports:stock-cost"), {"group_by": "colour"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert response.context["form"].errors["group_by"]


@pytest.mark.parametrize(
    "url_name", ["reports:stock-cost", "reports:stock-list", "reports:stock-list-export"]
)
def test_a_user_without_the_report_permission_gets_403(stock, user_in_role, client_for, url_name):
    client = client_for(user_in_role("sales_clerk"))
    assert client.get(reverse(url_name)).status_code == 403


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(reverse("reports:stock-cost"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ["warehouse_keeper", "approver", "accountant", "purchasing_clerk"])
def test_roles_with_stock_reports_see_them(stock, user_in_role, client_for, role):
    client = client_for(user_in_role(role))
    assert client.get(reverse("reports:stock-cost")).status_code == 200
    index = client.get(reverse("reports:index"))
    assert reverse("reports:stock-list") in index.content.decode()


def test_unknown_report_is_404(admin_user, client_for):
    assert client_for(admin_user).get("/reports/no-such-report/").status_code == 404


def test_index_lists_only_the_reports_the_user_may_see(db, client_for):
    user = UserFactory(username="nobody")
    response = client_for(user).get(reverse("reports:index"))
    assert response.status_code == 200
    assert reverse("reports:stock-cost") not in response.content.decode()


def test_dashboard_shows_stock_value_by_top_level_category(stock, user_in_role, client_for):
    response = client_for(user_in_role("accountant")).get(reverse("dashboard"))
    configs = response.context["chart_configs"]
    assert [c["title"] for c in configs] == ["Stock value by category"]
    assert configs[0]["labels"] == ["Food", "Drinks"]
    assert configs[0]["datasets"][0]["data"] == [91.5, 42.0]
    assert 'id="report-charts"' in response.content.decode()


def test_dashboard_has_no_stock_chart_without_the_permission(stock, user_in_role, client_for):
    response = client_for(user_in_role("sales_clerk")).get(reverse("dashboard"))
    assert response.context["chart_configs"] == []
    assert 'id="report-charts"' not in response.content.decode()
