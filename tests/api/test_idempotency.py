"""Idempotency-Key: a repeated create answers the first result and makes nothing more, also when two
identical calls arrive at the same moment; the same key with another body is refused."""

import pytest
from rest_framework.test import APIClient

from api.models import IdempotencyRecord
from api.scopes import Scope
from returns.models import ReturnRequest
from sales.models import Customer, SalesOrder
from tests.api.conftest import error_of
from tests.threads import run_together

ORDER = {"customer": "C-100", "warehouse": "MAIN", "lines": [{"sku": "PEN-1", "quantity": "4"}]}


def return_body(order):
    return {"order": order.number, "lines": [{"sku": "PEN-1", "quantity": "2", "reason": "quality_defect"}]}


@pytest.mark.django_db
def test_the_same_key_twice_answers_the_first_order_and_creates_one(api, customer, warehouse, pen):
    client = api("sales_clerk", Scope.ORDERS_WRITE)

    first = client.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="order-77")
    again = client.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="order-77")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert SalesOrder.objects.count() == 1


@pytest.mark.django_db
def test_another_key_makes_another_order_and_no_key_is_not_deduplicated(api, customer, warehouse, pen):
    client = api("sales_clerk", Scope.ORDERS_WRITE)

    client.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="a")
    client.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="b")
    client.post("/api/v1/sales-orders/", ORDER, format="json")

    assert SalesOrder.objects.count() == 3


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused(api, customer, warehouse, pen):
    client = api("sales_clerk", Scope.ORDERS_WRITE)
    client.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="order-77")

    changed = {**ORDER, "lines": [{"sku": "PEN-1", "quantity": "5"}]}
    response = client.post("/api/v1/sales-orders/", changed, format="json", HTTP_IDEMPOTENCY_KEY="order-77")

    assert response.status_code == 422
    assert error_of(response)["code"] == "idempotency_key_reused"
    assert SalesOrder.objects.get().lines.get().quantity == 4


@pytest.mark.django_db
def test_keys_belong_to_their_token(api, customer, warehouse, pen):
    shop = api("sales_clerk", Scope.ORDERS_WRITE, username="shop")
    marketplace = api("sales_clerk", Scope.ORDERS_WRITE, username="marketplace")

    shop.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="1")
    marketplace.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="1")

    assert SalesOrder.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_call_keeps_no_record_so_the_corrected_body_may_use_the_key(api, customer, warehouse, pen):
    client = api("sales_clerk", Scope.ORDERS_WRITE)
    wrong = {**ORDER, "customer": "NOBODY"}

    refused = client.post("/api/v1/sales-orders/", wrong, format="json", HTTP_IDEMPOTENCY_KEY="k")
    corrected = client.post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="k")

    assert refused.status_code == 400
    assert corrected.status_code == 201
    assert IdempotencyRecord.objects.get().status_code == 201


@pytest.mark.django_db
def test_customers_are_idempotent_too(api):
    client = api("sales_clerk", Scope.ORDERS_WRITE)
    body = {"code": "C-NEW", "name": "Li Ming", "customer_type": "retail"}

    first = client.post("/api/v1/customers/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")
    again = client.post("/api/v1/customers/", body, format="json", HTTP_IDEMPOTENCY_KEY="c-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Customer.objects.filter(code="C-NEW").count() == 1


def _clients(api, role, scope, count):
    token = api(role, scope).key
    clients = []
    for _ in range(count):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        clients.append(client)
    return clients


@pytest.mark.django_db(transaction=True)
def test_two_identical_order_calls_at_the_same_moment_make_one_order(api, customer, warehouse, pen):
    clients = _clients(api, "sales_clerk", Scope.ORDERS_WRITE, 2)

    outcomes = run_together(
        2,
        lambda i: clients[i].post("/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="same"),
    )

    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    responses = [response for _, response in outcomes]
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert SalesOrder.objects.count() == 1
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]


@pytest.mark.django_db(transaction=True)
def test_two_identical_return_calls_at_the_same_moment_make_one_request(api, shipped_order, defect):
    clients = _clients(api, "sales_clerk", Scope.RETURNS_WRITE, 2)
    body = return_body(shipped_order)

    outcomes = run_together(
        2,
        lambda i: clients[i].post(
            "/api/v1/return-requests/", body, format="json", HTTP_IDEMPOTENCY_KEY="rma-1"
        ),
    )

    responses = [response for _, response in outcomes]
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json()["number"] == responses[1].json()["number"]
    assert ReturnRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["k" * 256, "a\x00b"])
def test_an_unusable_key_is_a_field_error_and_creates_nothing(api, customer, warehouse, pen, key):
    response = api("sales_clerk", Scope.ORDERS_WRITE).post(
        "/api/v1/sales-orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY=key
    )

    assert (response.status_code, list(error_of(response)["fields"])) == (400, ["Idempotency-Key"])
    assert not SalesOrder.objects.exists()
