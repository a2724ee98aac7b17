"""Customers and sales orders: created through the screens' form and the sales services, read with the
orders scope; refusals by scope, by permission and by the rules of the services."""

import pytest
from django.contrib.auth.models import Permission

from api.scopes import Scope
from sales.models import Customer, SalesOrder
from tests.api.conftest import D, error_of

pytestmark = pytest.mark.django_db


def order_body(**changes):
    body = {"customer": "C-100", "warehouse": "MAIN", "lines": [{"sku": "PEN-1", "quantity": "4"}]}
    return {**body, **changes}


# --- customers -------------------------------------------------------------------------------------------


def test_customer_is_created_with_the_screens_defaults_and_read_back(api):
    client = api("sales_clerk", Scope.ORDERS_READ, Scope.ORDERS_WRITE)

    created = client.post(
        "/api/v1/customers/", {"code": "C-NEW", "name": "Li Ming", "customer_type": "retail"}, format="json"
    )
    listed = client.get("/api/v1/customers/", {"code": "C-NEW"})

    assert created.status_code == 201
    customer = Customer.objects.get(code="C-NEW")
    assert (customer.stage, customer.payment_terms, customer.credit_limit) == ("customer", "cash", D(0))
    assert created.json()["id"] == customer.pk
    assert [row["name"] for row in listed.json()["results"]] == ["Li Ming"]
    assert client.get(f"/api/v1/customers/{customer.pk}/").json()["code"] == "C-NEW"


def test_customer_with_a_code_already_taken_is_a_field_error(api, customer):
    client = api("sales_clerk", Scope.ORDERS_WRITE)

    response = client.post(
        "/api/v1/customers/", {"code": "C-100", "name": "Copy", "customer_type": "retail"}, format="json"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == ["code"]
    assert Customer.objects.count() == 1


def test_customer_create_is_refused_without_the_write_scope_or_the_add_permission(api):
    body = {"code": "C-NEW", "name": "Li Ming", "customer_type": "retail"}

    no_scope = api("sales_clerk", Scope.ORDERS_READ).post("/api/v1/customers/", body, format="json")
    no_permission = api("warehouse_keeper", Scope.ORDERS_WRITE).post(
        "/api/v1/customers/", body, format="json"
    )

    assert (no_scope.status_code, error_of(no_scope)["code"]) == (403, "scope_missing")
    assert (no_permission.status_code, error_of(no_permission)["code"]) == (403, "permission_denied")
    assert not Customer.objects.exists()


# --- sales orders -----------------------------------------------------------------------------------------


def test_sales_order_submitted_within_credit_and_stock_is_approved_and_reserves(
    api, customer, warehouse, location, pen, stock
):
    stock(pen, location, "10")
    client = api("sales_clerk", Scope.ORDERS_READ, Scope.ORDERS_WRITE)

    response = client.post("/api/v1/sales-orders/", order_body(submit=True), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "approved"
    assert [(line["sku"], line["quantity"], line["unit_price"]) for line in body["lines"]] == [
        ("PEN-1", "4.000", "12.0000")  # the wholesale price list
    ]
    stock_row = api("warehouse_keeper", Scope.STOCK_READ).get("/api/v1/stock/", {"sku": "PEN-1"}).json()
    assert stock_row["results"][0]["reserved"] == "4.000"
    read = client.get(f"/api/v1/sales-orders/{body['number']}/").json()
    assert (read["number"], read["status"], read["total"]) == (body["number"], "approved", "48.00")
    assert SalesOrder.objects.get(number=body["number"]).created_by == client.user


def test_sales_order_without_submit_stays_a_draft(api, customer, warehouse, pen):
    client = api("sales_clerk", Scope.ORDERS_WRITE)

    response = client.post("/api/v1/sales-orders/", order_body(), format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "draft"


def test_sales_order_for_an_inactive_customer_is_refused_by_the_service(api, customer, warehouse, pen):
    customer.is_active = False
    customer.save()

    response = api("sales_clerk", Scope.ORDERS_WRITE).post(
        "/api/v1/sales-orders/", order_body(), format="json"
    )

    assert response.status_code == 422
    error = error_of(response)
    assert (error["code"], list(error["fields"])) == ("refused", ["customer"])
    assert "inactive" in error["message"]
    assert not SalesOrder.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer": "NOBODY"}, "customer"),
        ({"warehouse": "NOWHERE"}, "warehouse"),
        ({"lines": []}, "lines"),
        ({"lines": [{"sku": "NO-SUCH", "quantity": "1"}]}, "lines"),
        ({"lines": [{"sku": "PEN-1", "quantity": "-1"}]}, "lines"),
        ({"lines": [{"sku": "PEN-1", "quantity": "abc"}]}, "lines"),
        ({"order_date": "yesterday"}, "order_date"),
    ],
)
def test_sales_order_with_bad_input_is_a_400_naming_the_field(api, customer, warehouse, pen, changes, field):
    response = api("sales_clerk", Scope.ORDERS_WRITE).post(
        "/api/v1/sales-orders/", order_body(**changes), format="json"
    )

    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not SalesOrder.objects.exists()


def test_an_approver_may_not_create_orders_through_the_api_either(api, customer, warehouse, pen):
    refused = api("approver", Scope.ORDERS_WRITE).post("/api/v1/sales-orders/", order_body(), format="json")

    assert (refused.status_code, error_of(refused)["code"]) == (403, "permission_denied")
    assert not SalesOrder.objects.exists()


def test_submitting_needs_the_permission_to_change_orders_too(api, customer, warehouse, pen):
    client = api(None, Scope.ORDERS_WRITE)
    client.user.user_permissions.add(Permission.objects.get(codename="add_salesorder"))

    refused = client.post("/api/v1/sales-orders/", order_body(submit=True), format="json")
    draft = client.post("/api/v1/sales-orders/", order_body(), format="json")

    assert (refused.status_code, error_of(refused)["code"]) == (403, "permission_denied")
    assert "sales.change_salesorder" in error_of(refused)["message"]
    assert draft.status_code == 201
    assert SalesOrder.objects.get().status == "draft"


def test_sales_orders_are_read_only_with_the_read_scope(api, customer, warehouse, pen):
    client = api("sales_clerk", Scope.ORDERS_READ)

    response = client.post("/api/v1/sales-orders/", order_body(), format="json")

    assert (response.status_code, error_of(response)["code"]) == (403, "scope_missing")


def test_sales_order_list_filters_by_customer_and_status(api, shipped_order):
    client = api("sales_clerk", Scope.ORDERS_READ)

    mine = client.get("/api/v1/sales-orders/", {"customer": "C-100"}).json()["results"]
    drafts = client.get("/api/v1/sales-orders/", {"status": "draft"}).json()["results"]

    assert [order["number"] for order in mine] == [shipped_order.number]
    assert mine[0]["status"] == "shipped"
    assert mine[0]["deliveries"][0]["status"] == "shipped"
    assert drafts == []


def test_an_unknown_order_number_is_a_json_404(api):
    response = api("sales_clerk", Scope.ORDERS_READ).get("/api/v1/sales-orders/SO-209901-9999/")

    assert (response.status_code, error_of(response)["code"]) == (404, "not_found")
