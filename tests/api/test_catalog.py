"""Products and stock availability: read with the stock scope and the screens' view permissions."""

import pytest

from api.scopes import Scope
from tests.api.conftest import D, error_of
from tests.factories import LocationFactory, ProductFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_products_show_what_is_available(api, pen, location, stock):
    stock(pen, location, "12")
    client = api("warehouse_keeper", Scope.STOCK_READ)

    response = client.get("/api/v1/products/", {"sku": "PEN-1"})

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["sku"], row["on_hand"], row["available"]) == ("PEN-1", "12.000", "12.000")


def test_stock_is_one_row_per_product_and_warehouse_filtered_by_sku_and_warehouse(
    api, pen, warehouse, location, stock
):
    other_shelf = LocationFactory(warehouse=warehouse, code="A-02")
    south = WarehouseFactory(code="SOUTH", name="South")
    stock(pen, location, "5")
    stock(pen, other_shelf, "3")
    stock(pen, LocationFactory(warehouse=south, code="S-01"), "7")
    stock(ProductFactory(sku="INK-1"), location, "9")
    client = api("warehouse_keeper", Scope.STOCK_READ)

    rows = client.get("/api/v1/stock/", {"sku": "PEN-1"}).json()["results"]
    main_only = client.get("/api/v1/stock/", {"sku": "PEN-1", "warehouse": "MAIN"}).json()["results"]

    assert {(r["warehouse"], D(r["on_hand"]), D(r["available"])) for r in rows} == {
        ("MAIN", D(8), D(8)),
        ("SOUTH", D(7), D(7)),
    }
    assert [(r["sku"], r["warehouse"], r["on_hand"]) for r in main_only] == [("PEN-1", "MAIN", "8.000")]


def test_stock_pages_follow_the_cursor_to_the_end(api, location, stock):
    for number in range(5):
        stock(ProductFactory(sku=f"P-{number}"), location, "1")
    client = api("warehouse_keeper", Scope.STOCK_READ)

    seen, url = [], "/api/v1/stock/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["sku"] for row in page["results"]]
        url = page["next"]

    assert seen == [f"P-{number}" for number in range(5)]


def test_a_token_without_the_stock_scope_is_refused(api, pen):
    client = api("warehouse_keeper", Scope.ORDERS_READ)

    response = client.get("/api/v1/stock/")

    assert response.status_code == 403
    assert error_of(response)["code"] == "scope_missing"


def test_a_user_without_the_permission_is_refused_despite_the_scope(api, pen):
    client = api(None, Scope.STOCK_READ)  # a user without any role

    response = client.get("/api/v1/products/")

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_an_unknown_product_is_a_json_404(api):
    response = api("warehouse_keeper", Scope.STOCK_READ).get("/api/v1/products/999999/")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
