"""Webhook subscriptions: the signature, who gets which event, the events of the real services, and the
staff screens. Sending to a receiver is in ``test_webhooks_delivery.py``."""

import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from api.webhooks.models import WebhookDelivery, WebhookSubscription
from api.webhooks.signing import webhook_signature_header, webhook_signature_verify
from common.notifications.choices import Channel, NotificationStatus, WebhookEvent
from common.notifications.models import Notification
from common.notifications.services import webhook_event_emit
from inventory.tasks import low_stock_scan
from returns import services as returns_services
from returns.models import Refund
from tests.factories import UserFactory
from tests.returns import conftest as returns_fixtures

# Users per role, a customer, stock, a shipped order and a return request through its steps, made by
# the real services (the returns tests' fixtures).
clerk = returns_fixtures.clerk
approver = returns_fixtures.approver
keeper = returns_fixtures.keeper
accountant = returns_fixtures.accountant
warehouse = returns_fixtures.warehouse
location = returns_fixtures.location
customer = returns_fixtures.customer
product = returns_fixtures.product
defect = returns_fixtures.defect
stock = returns_fixtures.stock
deliver = returns_fixtures.deliver
make_request = returns_fixtures.make_request
approved = returns_fixtures.approved
received = returns_fixtures.received
inspect = returns_fixtures.inspect

ALL_EVENTS = list(WebhookEvent.values)


def webhook_rows(**filters):
    return list(Notification.objects.filter(channel=Channel.WEBHOOK, **filters).order_by("pk"))


def body_of(row) -> dict:
    return json.loads(row.body)


# --- the signature -------------------------------------------------------------------------------------


def test_signature_verifies_with_the_secret_and_fails_with_another():
    body = b'{"event":"return.approved","data":{"number":"RMA-202611-0001"}}'
    now = int(time.time())

    header = webhook_signature_header(secret="s3cret", body=body, timestamp=now)

    expected = hmac.new(b"s3cret", f"{now}.".encode() + body, hashlib.sha256).hexdigest()
    assert header == f"t={now},v1={expected}"
    assert webhook_signature_verify(secret="s3cret", header=header, body=body)
    assert not webhook_signature_verify(secret="another", header=header, body=body)
    assert not webhook_signature_verify(secret="s3cret", header=header, body=body.replace(b"0001", b"0002"))
    assert not webhook_signature_verify(secret="s3cret", header=header, body=body, now=now + 301)
    assert not webhook_signature_verify(secret="s3cret", header="v1=" + expected, body=body)
    assert not webhook_signature_verify(secret="s3cret", header="", body=body)


# --- who gets which event ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_event_reaches_only_the_active_subscribers_of_that_event():
    shop = WebhookSubscription.objects.create(
        name="Shop", target_url="https://shop.example.com/hooks", events=["return.approved", "stock.low"]
    )
    WebhookSubscription.objects.create(
        name="Carrier", target_url="https://carrier.example.com/hooks", events=["delivery.shipped"]
    )
    WebhookSubscription.objects.create(
        name="Old shop",
        target_url="https://old.example.com/hooks",
        events=["return.approved"],
        is_active=False,
    )

    (row,) = webhook_event_emit(event=WebhookEvent.RETURN_APPROVED, payload={"number": "RMA-1"})

    assert (row.webhook_subscription_id, row.address, row.kind) == (
        shop.pk,
        shop.target_url,
        "return.approved",
    )
    assert row.status == NotificationStatus.PENDING
    assert body_of(row)["id"] == str(row.idempotency_key)
    assert body_of(row)["data"] == {"number": "RMA-1"}

    def payload_nobody_needs():
        raise AssertionError("the payload is built only when somebody subscribes")

    assert webhook_event_emit(event=WebhookEvent.RETURN_REJECTED, payload=payload_nobody_needs) == []
    assert len(webhook_rows()) == 1


@pytest.mark.django_db
def test_each_state_change_emits_its_event_through_the_services(
    stock, product, location, deliver, make_request, received, inspect, clerk, approver, accountant
):
    WebhookSubscription.objects.create(
        name="ERP bridge", target_url="https://bridge.example.com/in", events=ALL_EVENTS
    )
    stock(product, location, 10)

    order = deliver((product, 3))
    request = inspect(received(make_request((product, 1))))
    refund = Refund.objects.get(request=request)
    returns_services.refund_approve(refund=refund, by=accountant)
    returns_services.refund_pay(refund=refund, by=accountant, method="transfer", reference="BANK-77")
    rejected = make_request((product, 1))
    returns_services.return_request_submit(request=rejected, by=clerk)
    returns_services.return_request_reject(request=rejected, by=approver, reason="Outside the warranty")
    product.safety_stock = Decimal("50")
    product.save(update_fields=["safety_stock"])
    low_stock_scan()

    rows = webhook_rows()
    assert [row.kind for row in rows] == [
        "delivery.shipped",
        "return.approved",
        "return.received",
        "return.refunded",
        "return.rejected",
        "stock.low",
    ]
    shipped, approved_, received_, refunded, rejected_, low = (body_of(row)["data"] for row in rows)
    delivery = order.deliveries.get()
    assert shipped == {
        "number": delivery.number,
        "status": "shipped",
        "order": order.number,
        "customer": {"code": order.customer.code, "name": "Bright Office"},
        "carrier": "SF",
        "tracking_number": "SF1",
        "total": str(delivery.total),
        "shipped_at": delivery.shipped_at.isoformat(),
        "lines": [{"sku": "PEN-1", "quantity": "3", "amount": str(delivery.total)}],
    }
    assert approved_["number"] == request.number
    assert (approved_["status"], approved_["orders"], approved_["amount"]) == (
        "approved",
        [order.number],
        str(request.amount),
    )
    assert received_["status"] == "received"
    assert (received_["carrier"], received_["tracking_number"]) == ("YTO", "YT123")
    assert received_["lines"] == [{"sku": "PEN-1", "quantity": "1"}]
    assert refunded["refund"] == {
        "number": refund.number,
        "amount": str(refund.amount),
        "method": "transfer",
        "reference": "BANK-77",
        "paid_on": timezone.localdate().isoformat(),
    }
    assert (rejected_["number"], rejected_["status"], rejected_["reason"]) == (
        rejected.number,
        "rejected",
        "Outside the warranty",
    )
    assert low == {
        "product": {"sku": "PEN-1", "name": "Pen"},
        "warehouse": None,
        "available": "8",  # 10 received, 3 shipped, 1 returned and restocked
        "safety_stock": "50",
        "unit": product.unit.code,
        "opened_at": low["opened_at"],
    }


@pytest.mark.django_db
def test_services_write_no_webhook_without_subscribers(stock, product, location, deliver):
    WebhookSubscription.objects.create(
        name="Returns only", target_url="https://shop.example.com/hooks", events=["return.approved"]
    )
    stock(product, location, 10)

    deliver((product, 2))

    assert webhook_rows() == []


# --- the staff screens ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin-user", role="administrator"))
    return client


@pytest.fixture
def subscription(db):
    return WebhookSubscription.objects.create(
        name="Web shop", target_url="https://shop.example.com/hooks", events=["return.approved"]
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_administrator_creates_a_subscription_and_is_shown_its_secret(admin_client, language):
    admin_client.cookies["django_language"] = language
    url = reverse("webhooks:subscription-create")
    assert admin_client.get(url).status_code == 200

    refused = admin_client.post(url, {"name": "Shop", "target_url": "ftp://shop.example.com", "events": []})

    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"target_url", "events"}
    assert not WebhookSubscription.objects.exists()

    response = admin_client.post(
        url,
        {
            "name": "Shop",
            "target_url": "https://shop.example.com/hooks",
            "events": ["stock.low", "return.approved"],
            "note": "Orders and stock of the web shop",
        },
        follow=True,
    )

    subscription = WebhookSubscription.objects.get()
    assert response.redirect_chain == [(subscription.get_absolute_url(), 302)]
    assert subscription.events == ["return.approved", "stock.low"]  # in the catalogue's order
    assert subscription.created_by.username == "admin-user"
    assert len(subscription.secret) == 64
    page = response.content.decode()
    assert subscription.secret in page
    assert reverse("webhooks:subscription-test", args=[subscription.pk]) in page


def test_list_shows_each_subscription_with_its_last_answer_and_filters_by_event(admin_client, subscription):
    other = WebhookSubscription.objects.create(
        name="Carrier", target_url="https://carrier.example.com/in", events=["delivery.shipped"]
    )
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="return.approved",
        webhook_id="6f1c7f64-7d4c-4b8e-9a51-0c2b6f6f2f10",
        attempt=1,
        request_url=subscription.target_url,
        request_body="{}",
        response_status=503,
        duration_ms=40,
        sent_at=timezone.now(),
    )
    url = reverse("webhooks:subscription-list")

    page = admin_client.get(url).content.decode()
    only_shipping = admin_client.get(url, {"event": "delivery.shipped"}).content.decode()
    searched = admin_client.get(url, {"q": "carrier"}).content.decode()

    assert "Web shop" in page
    assert "HTTP 503" in page
    assert "Carrier" in page
    assert other.get_absolute_url() in only_shipping
    assert subscription.get_absolute_url() not in only_shipping
    assert subscription.get_absolute_url() not in searched


def test_edit_changes_url_and_events_and_can_make_a_new_secret(admin_client, subscription):
    old_secret = subscription.secret
    url = reverse("webhooks:subscription-edit", args=[subscription.pk])
    data = {"name": "Web shop", "target_url": "https://shop.example.com/v2", "events": ["delivery.shipped"]}

    admin_client.post(url, data)
    subscription.refresh_from_db()
    assert (subscription.target_url, subscription.events, subscription.secret) == (
        "https://shop.example.com/v2",
        ["delivery.shipped"],
        old_secret,
    )

    admin_client.post(url, {**data, "new_secret": "on"})
    subscription.refresh_from_db()
    assert subscription.secret != old_secret


def test_deactivating_asks_first_and_gives_up_the_waiting_deliveries(admin_client, subscription):
    (waiting,) = webhook_event_emit(event=WebhookEvent.RETURN_APPROVED, payload={"number": "RMA-1"})
    url = reverse("webhooks:subscription-activation", args=[subscription.pk])

    question = admin_client.get(url)
    assert question.status_code == 200
    assert "Deactivate Web shop?" in question.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active

    admin_client.post(url)

    subscription.refresh_from_db()
    waiting.refresh_from_db()
    assert not subscription.is_active
    assert (waiting.status, waiting.last_error) == ("failed", "Subscription deactivated before delivery.")
    assert webhook_event_emit(event=WebhookEvent.RETURN_APPROVED, payload={"number": "RMA-2"}) == []

    admin_client.post(url)  # on again
    subscription.refresh_from_db()
    assert subscription.is_active


def test_deleting_asks_first_and_removes_the_subscription_with_its_log(admin_client, subscription):
    (waiting,) = webhook_event_emit(event=WebhookEvent.RETURN_APPROVED, payload={"number": "RMA-1"})
    WebhookDelivery.objects.create(
        subscription=subscription,
        notification=waiting,
        event="return.approved",
        webhook_id=waiting.idempotency_key,
        attempt=1,
        request_url=subscription.target_url,
        request_body=waiting.body,
        duration_ms=5000,
        error="TimeoutError: timed out",
        sent_at=timezone.now(),
    )
    url = reverse("webhooks:subscription-delete", args=[subscription.pk])

    assert "This cannot be undone." in admin_client.get(url).content.decode()
    assert WebhookSubscription.objects.exists()

    response = admin_client.post(url)

    assert response.url == reverse("webhooks:subscription-list")
    assert not WebhookSubscription.objects.exists()
    assert not WebhookDelivery.objects.exists()
    waiting.refresh_from_db()
    assert waiting.status == "failed"


def test_send_test_event_writes_one_outbox_row_for_this_subscription_only(admin_client, subscription):
    WebhookSubscription.objects.create(
        name="Other", target_url="https://other.example.com", events=ALL_EVENTS
    )
    url = reverse("webhooks:subscription-test", args=[subscription.pk])

    response = admin_client.post(url, follow=True)

    (row,) = webhook_rows()
    assert (row.kind, row.webhook_subscription_id) == ("webhook.test", subscription.pk)
    assert body_of(row)["data"]["sent_by"] == "admin-user"
    assert "Test event queued" in response.content.decode()

    subscription.is_active = False
    subscription.save()
    refused = admin_client.post(url, follow=True)
    assert "is inactive" in refused.content.decode()
    assert len(webhook_rows()) == 1


def test_given_up_deliveries_are_sent_again_on_request(admin_client, subscription):
    (given_up,) = webhook_event_emit(event=WebhookEvent.RETURN_APPROVED, payload={"number": "RMA-1"})
    Notification.objects.filter(pk=given_up.pk).update(status="failed", attempts=12, last_error="HTTP 502")
    url = reverse("webhooks:subscription-resend", args=[subscription.pk])
    assert (
        "Send the 1 given-up delivery again"
        in admin_client.get(subscription.get_absolute_url()).content.decode()
    )

    response = admin_client.post(url, follow=True)

    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts, given_up.last_error) == ("pending", 0, "")
    assert "1 delivery queued again." in response.content.decode()


def test_detail_shows_the_delivery_log_and_the_delivery_page_shows_request_and_response(
    admin_client, subscription
):
    (row,) = webhook_event_emit(event=WebhookEvent.RETURN_APPROVED, payload={"number": "RMA-202611-0042"})
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        notification=row,
        event="return.approved",
        webhook_id=row.idempotency_key,
        attempt=1,
        request_url=subscription.target_url,
        request_headers={"X-Webhook-Id": str(row.idempotency_key)},
        request_body=row.body,
        response_status=500,
        response_body="database is down",
        error="HTTP 500",
        duration_ms=87,
        sent_at=timezone.now(),
    )

    detail = admin_client.get(subscription.get_absolute_url()).content.decode()
    failed_only = admin_client.get(subscription.get_absolute_url(), {"outcome": "ok"}).content.decode()
    page = admin_client.get(delivery.get_absolute_url()).content.decode()

    assert delivery.get_absolute_url() in detail
    assert "database is down" in detail
    assert "Not delivered yet" in detail  # the row still waits in the outbox
    assert delivery.get_absolute_url() not in failed_only
    assert "RMA-202611-0042" in page
    assert str(row.idempotency_key) in page
    assert "database is down" in page
    assert "87" in page
