"""Suppliers and purchase orders: read-only, with the purchasing scope and the screens' view permissions."""

import pytest

from api.scopes import Scope
from purchasing import services as purchasing_services
from tests.api.conftest import D, error_of, today
from tests.factories import SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def purchase_order(warehouse, pen):
    buyer = UserFactory(username="buyer", role="purchasing_clerk")
    return purchasing_services.purchase_order_create(
        supplier=SupplierFactory(code="S-PEN", name="Pen Works"),
        warehouse=warehouse,
        order_date=today(),
        lines=[purchasing_services.OrderLineData(pen, D("100"), D("7.5"))],
        by=buyer,
    )


def test_purchase_order_is_read_with_its_lines_and_status(api, purchase_order):
    client = api("purchasing_clerk", Scope.PURCHASING_READ)

    listed = client.get("/api/v1/purchase-orders/", {"supplier": "S-PEN"}).json()["results"]
    detail = client.get(f"/api/v1/purchase-orders/{purchase_order.number}/").json()

    assert [order["number"] for order in listed] == [purchase_order.number]
    assert (detail["supplier"], detail["status"], detail["total"]) == ("S-PEN", "draft", "750.00")
    assert [(line["sku"], line["quantity"], line["received_quantity"]) for line in detail["lines"]] == [
        ("PEN-1", "100.000", "0.000")
    ]


def test_suppliers_are_found_by_code(api, purchase_order):
    client = api("purchasing_clerk", Scope.PURCHASING_READ)

    (supplier,) = client.get("/api/v1/suppliers/", {"code": "S-PEN"}).json()["results"]

    assert supplier["name"] == "Pen Works"
    assert client.get(f"/api/v1/suppliers/{supplier['id']}/").json()["code"] == "S-PEN"


def test_purchasing_is_refused_without_the_scope_or_the_permission(api, purchase_order):
    no_scope = api("purchasing_clerk", Scope.STOCK_READ).get("/api/v1/purchase-orders/")
    no_permission = api("sales_clerk", Scope.PURCHASING_READ).get("/api/v1/purchase-orders/")
    write = api("purchasing_clerk", Scope.PURCHASING_READ, username="buyer-2").post(
        "/api/v1/purchase-orders/", {}, format="json"
    )

    assert (no_scope.status_code, error_of(no_scope)["code"]) == (403, "scope_missing")
    assert (no_permission.status_code, error_of(no_permission)["code"]) == (403, "permission_denied")
    assert (write.status_code, error_of(write)["code"]) == (405, "method_not_allowed")
