"""Return requests from an order number, through the returns services with source API; their status and
refund read back; tracking numbers posted by carriers for deliveries and return shipments."""

import pytest
from django.utils import timezone

from api.scopes import Scope
from returns import services as returns_services
from returns.choices import RequestSource
from returns.models import Refund, ReturnRequest
from sales import services as sales_services
from sales.models import Delivery
from tests.api.conftest import D, error_of

pytestmark = pytest.mark.django_db


def return_body(sales_order, **changes):
    body = {
        "order": sales_order.number,
        "lines": [{"sku": "PEN-1", "quantity": "2", "reason": "quality_defect", "note": "cap broken"}],
    }
    return {**body, **changes}


def test_return_request_is_created_from_the_order_number_and_submitted(api, shipped_order, defect):
    client = api("sales_clerk", Scope.RETURNS_READ, Scope.RETURNS_WRITE)

    response = client.post("/api/v1/return-requests/", return_body(shipped_order), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    request = ReturnRequest.objects.get(number=body["number"])
    assert (request.source, request.order, request.customer) == (
        RequestSource.API,
        shipped_order,
        shipped_order.customer,
    )
    assert body["status"] == request.status != "draft"
    assert [(line["sku"], line["quantity"], line["reason"]) for line in body["lines"]] == [
        ("PEN-1", "2.000", "quality_defect")
    ]
    assert body["amount"] == "24.00"  # 2 at the 12.00 charged
    assert body["refund"] is None
    assert client.get(f"/api/v1/return-requests/{body['number']}/").json()["number"] == body["number"]


def test_return_of_more_than_was_shipped_is_refused_by_the_service(api, shipped_order, defect):
    body = return_body(shipped_order, lines=[{"sku": "PEN-1", "quantity": "11", "reason": "quality_defect"}])

    response = api("sales_clerk", Scope.RETURNS_WRITE).post("/api/v1/return-requests/", body, format="json")

    assert response.status_code == 422
    assert "can still be returned" in error_of(response)["message"]
    assert not ReturnRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"order": "SO-209901-9999"}, "order"),
        ({"lines": [{"sku": "PEN-1", "quantity": "1", "reason": "no-such-reason"}]}, "lines"),
        ({"lines": [{"sku": "PEN-1", "quantity": "0", "reason": "quality_defect"}]}, "lines"),
        ({"lines": "two pens"}, "lines"),
        ({"contact_email": "not an address"}, "contact_email"),
    ],
)
def test_return_with_bad_input_is_a_400_naming_the_field(api, shipped_order, defect, changes, field):
    response = api("sales_clerk", Scope.RETURNS_WRITE).post(
        "/api/v1/return-requests/", return_body(shipped_order, **changes), format="json"
    )

    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert not ReturnRequest.objects.exists()


def test_return_create_is_refused_without_the_scope_or_the_permission(api, shipped_order, defect):
    no_scope = api("sales_clerk", Scope.RETURNS_READ).post(
        "/api/v1/return-requests/", return_body(shipped_order), format="json"
    )
    no_permission = api("warehouse_keeper", Scope.RETURNS_WRITE).post(
        "/api/v1/return-requests/", return_body(shipped_order), format="json"
    )

    assert error_of(no_scope)["code"] == "scope_missing"
    assert (no_permission.status_code, error_of(no_permission)["code"]) == (403, "permission_denied")
    assert not ReturnRequest.objects.exists()


def test_refund_status_and_amount_are_read_back(api, shipped_order, defect, keeper, location, admin):
    client = api("sales_clerk", Scope.RETURNS_READ, Scope.RETURNS_WRITE)
    number = client.post("/api/v1/return-requests/", return_body(shipped_order), format="json").json()[
        "number"
    ]
    request = ReturnRequest.objects.get(number=number)
    if request.status == "submitted":
        returns_services.return_request_approve(request=request, by=admin)
    line = request.lines.get()
    returns_services.return_request_receive(
        request=request, by=keeper, lines=[returns_services.ReceiptLineData(line.pk, D("2"))]
    )
    returns_services.return_request_inspect(
        request=ReturnRequest.objects.get(pk=request.pk),
        by=keeper,
        lines=[
            returns_services.InspectionLineData(
                line_id=line.pk,
                accepted_quantity=D("2"),
                condition="resalable",
                disposition="restock",
                location=location,
            )
        ],
    )

    body = client.get(f"/api/v1/return-requests/{number}/").json()

    refund = Refund.objects.get(request=request)
    assert body["status"] == "inspected"
    assert body["lines"][0]["accepted_quantity"] == "2.000"
    assert body["refund"] == {
        "number": refund.number,
        "status": "pending",
        "status_display": "Pending",
        "amount": "24.00",
        "method": "",
        "paid_on": None,
    }


def test_return_requests_are_listed_by_order(api, shipped_order, defect):
    client = api("sales_clerk", Scope.RETURNS_READ, Scope.RETURNS_WRITE)
    client.post("/api/v1/return-requests/", return_body(shipped_order), format="json")

    by_order = client.get("/api/v1/return-requests/", {"order": shipped_order.number}).json()["results"]
    other = client.get("/api/v1/return-requests/", {"order": "SO-209901-0001"}).json()["results"]

    assert len(by_order) == 1
    assert other == []


# --- tracking numbers --------------------------------------------------------------------------------------


def test_carrier_posts_the_tracking_number_of_a_delivery(api, shipped_order):
    delivery = Delivery.objects.get(order=shipped_order)
    client = api("warehouse_keeper", Scope.SHIPMENTS_WRITE)

    response = client.post(
        f"/api/v1/deliveries/{delivery.number}/tracking/",
        {"carrier": "SF Express", "tracking_number": "SF1234567890"},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["carrier"], response.json()["tracking_number"]) == ("SF Express", "SF1234567890")
    delivery = Delivery.objects.get(pk=delivery.pk)
    assert (delivery.carrier, delivery.tracking_number) == ("SF Express", "SF1234567890")
    order = api("sales_clerk", Scope.ORDERS_READ).get(f"/api/v1/sales-orders/{shipped_order.number}/").json()
    assert order["deliveries"][0]["tracking_number"] == "SF1234567890"


def test_tracking_number_of_the_customers_return_shipment_goes_on_the_timeline(
    api, shipped_order, defect, admin
):
    number = (
        api("sales_clerk", Scope.RETURNS_WRITE)
        .post("/api/v1/return-requests/", return_body(shipped_order), format="json")
        .json()["number"]
    )
    client = api("warehouse_keeper", Scope.SHIPMENTS_WRITE)

    response = client.post(
        f"/api/v1/return-requests/{number}/tracking/",
        {"carrier": "YTO", "tracking_number": "YT998877"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    request = ReturnRequest.objects.get(number=number)
    assert (request.carrier, request.tracking_number) == ("YTO", "YT998877")
    assert request.events.filter(text__contains="YT998877").exists()


def test_tracking_is_refused_for_a_cancelled_delivery_and_without_scope_or_permission(
    api, customer, warehouse, location, pen, stock, clerk, keeper
):
    stock(pen, location, "5")
    order = sales_services.sales_order_create(
        customer=customer,
        warehouse=warehouse,
        order_date=timezone.localdate(),
        lines=[sales_services.OrderLineData(pen, D("1"))],
        by=clerk,
    )
    order = sales_services.sales_order_submit(order=order, by=clerk)
    delivery = sales_services.delivery_create(order=order, by=keeper, date=timezone.localdate())
    sales_services.delivery_cancel(delivery=delivery, by=keeper)
    url, body = f"/api/v1/deliveries/{delivery.number}/tracking/", {"tracking_number": "SF1"}

    cancelled = api("warehouse_keeper", Scope.SHIPMENTS_WRITE).post(url, body, format="json")
    no_scope = api("warehouse_keeper", Scope.STOCK_READ, username="k2").post(url, body, format="json")
    no_permission = api("sales_clerk", Scope.SHIPMENTS_WRITE).post(url, body, format="json")
    empty = api("warehouse_keeper", Scope.SHIPMENTS_WRITE, username="k3").post(url, {}, format="json")

    assert (cancelled.status_code, error_of(cancelled)["code"]) == (409, "state_conflict")
    assert error_of(no_scope)["code"] == "scope_missing"
    assert (no_permission.status_code, error_of(no_permission)["code"]) == (403, "permission_denied")
    assert (empty.status_code, list(error_of(empty)["fields"])) == (400, ["tracking_number"])
    assert Delivery.objects.get(pk=delivery.pk).tracking_number == ""
