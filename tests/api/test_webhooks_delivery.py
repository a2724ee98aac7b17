"""Sending webhooks to a real HTTP receiver: signed, logged, retried with back-off, sent once.

The receiver is a small ``http.server`` on 127.0.0.1 in a thread; it records every request and can be
told to fail the first N times or to answer slowly. Delivery runs the outbox's own service (what the
Celery task runs) and, in the last test, the real worker on Redis.
"""

import datetime
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from api.webhooks.models import WebhookDelivery, WebhookSubscription
from api.webhooks.services import webhook_test_send
from api.webhooks.signing import webhook_signature_verify
from common.notifications.choices import NotificationStatus, WebhookEvent
from common.notifications.delivery import (
    DeliveryError,
    notification_deliver,
    pending_notifications_deliver,
)
from common.notifications.models import Notification
from common.notifications.services import webhook_event_emit
from tests.factories import UserFactory
from tests.notifications import conftest as worker_fixtures

celery_worker = worker_fixtures.celery_worker
worker = worker_fixtures.worker


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    """What the integration's endpoint saw; ``fail_first`` requests get a 500, ``delay`` slows answers."""

    url: str = ""
    fail_first: int = 0
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_for(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.requests) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"the receiver got {len(self.requests)} requests, expected {count}")


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.requests.append(Received(self.path, dict(self.headers), body))
                failing = len(state.requests) <= state.fail_first
            if state.delay:
                time.sleep(state.delay)
            answer = b'{"error": "try later"}' if failing else b'{"ok": true}'
            self.send_response(500 if failing else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/erp"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def subscribe(receiver, events=(WebhookEvent.RETURN_APPROVED,), **kwargs) -> WebhookSubscription:
    return WebhookSubscription.objects.create(
        name="Web shop", target_url=receiver.url, events=list(events), **kwargs
    )


def emit_one(event=WebhookEvent.RETURN_APPROVED, number="RMA-202611-0001") -> Notification:
    with transaction.atomic():
        (row,) = webhook_event_emit(event=event, payload={"number": number, "amount": "43.20"})
    return row


@pytest.mark.django_db
def test_delivery_is_signed_with_the_secret_and_logged_with_the_answer(receiver):
    subscription = subscribe(receiver)
    row = emit_one()

    assert notification_deliver(notification_id=row.pk) is True

    (request,) = receiver.requests
    assert request.path == "/hooks/erp"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.headers["X-Webhook-Id"] == str(row.idempotency_key)
    assert request.headers["X-Webhook-Event"] == "return.approved"
    signature = request.headers["X-Webhook-Signature"]
    assert webhook_signature_verify(secret=subscription.secret, header=signature, body=request.body)
    assert not webhook_signature_verify(secret="another-secret", header=signature, body=request.body)
    body = json.loads(request.body)
    assert body == {
        "id": str(row.idempotency_key),
        "event": "return.approved",
        "created_at": body["created_at"],
        "data": {"number": "RMA-202611-0001", "amount": "43.20"},
    }
    assert datetime.datetime.fromisoformat(body["created_at"]).tzinfo is not None
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 1)
    (log,) = WebhookDelivery.objects.filter(subscription=subscription)
    assert (log.attempt, log.response_status, log.succeeded, log.error) == (1, 200, True, "")
    assert log.response_body == '{"ok": true}'
    assert log.request_body == request.body.decode()
    assert log.request_headers["X-Webhook-Signature"] == signature
    assert log.webhook_id == row.idempotency_key
    assert 0 <= log.duration_ms < 5000


@pytest.mark.django_db
def test_failing_receiver_is_retried_with_back_off_and_the_log_shows_each_attempt(receiver):
    receiver.fail_first = 2
    subscription = subscribe(receiver)
    row = emit_one()
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    before = timezone.now()
    with pytest.raises(DeliveryError, match="HTTP 500"):
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (
        NotificationStatus.PENDING,
        1,
        "WebhookSendError: HTTP 500",
    )
    first_pause = row.next_attempt_at - before
    assert datetime.timedelta(seconds=30) <= first_pause <= datetime.timedelta(seconds=45)

    # The sweep leaves the row alone while its pause lasts.
    assert pending_notifications_deliver(older_than_seconds=0)["pending"] == 0
    assert len(receiver.requests) == 1

    # The pause is over: the sweep tries again, fails again, and waits twice as long.
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    before = timezone.now()
    assert pending_notifications_deliver(older_than_seconds=0) == {"pending": 1, "sent": 0, "failed": 1}
    row.refresh_from_db()
    assert row.attempts == 2
    second_pause = row.next_attempt_at - before
    assert datetime.timedelta(seconds=60) <= second_pause <= datetime.timedelta(seconds=75)

    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert pending_notifications_deliver(older_than_seconds=0) == {"pending": 1, "sent": 1, "failed": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 3)

    # Every attempt carried the same id (so the receiver can drop a repeat) and its own number.
    assert [r.headers["X-Webhook-Id"] for r in receiver.requests] == [str(row.idempotency_key)] * 3
    assert [r.headers["X-Webhook-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    log = WebhookDelivery.objects.filter(subscription=subscription).order_by("attempt")
    assert [(d.attempt, d.response_status, d.succeeded) for d in log] == [
        (1, 500, False),
        (2, 500, False),
        (3, 200, True),
    ]
    assert log[0].response_body == '{"error": "try later"}'


@pytest.mark.django_db
def test_delivery_run_twice_sends_once(receiver):
    subscribe(receiver)
    row = emit_one()

    assert notification_deliver(notification_id=row.pk) is True
    assert notification_deliver(notification_id=row.pk) is False
    assert pending_notifications_deliver(older_than_seconds=0)["pending"] == 0

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_slow_receiver_times_out_and_the_attempt_is_logged_without_an_answer(receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.5
    subscription = subscribe(receiver)
    row = emit_one()

    started = time.monotonic()
    with pytest.raises(DeliveryError, match="timed out"):
        notification_deliver(notification_id=row.pk)

    assert time.monotonic() - started < 1.4  # the short timeout, not the receiver's pace
    (log,) = WebhookDelivery.objects.filter(subscription=subscription)
    assert (log.response_status, log.succeeded) == (None, False)
    assert "timed out" in log.error
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.PENDING, 1)


@pytest.mark.django_db
def test_receiver_that_is_down_is_logged_and_retried_later(receiver):
    subscription = WebhookSubscription.objects.create(
        name="Gone", target_url="http://127.0.0.1:9/nobody-listens", events=["return.approved"]
    )
    row = emit_one()

    with pytest.raises(DeliveryError):
        notification_deliver(notification_id=row.pk)

    (log,) = WebhookDelivery.objects.filter(subscription=subscription)
    assert log.response_status is None
    assert "refused" in log.error.lower()
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING
    assert row.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_new_secret_and_url_apply_to_rows_still_waiting(receiver):
    subscription = WebhookSubscription.objects.create(
        name="Web shop", target_url="http://127.0.0.1:9/old", events=["return.approved"]
    )
    row = emit_one()
    subscription.target_url, subscription.secret = receiver.url, "rotated-secret"
    subscription.save()

    notification_deliver(notification_id=row.pk)

    (request,) = receiver.requests
    assert webhook_signature_verify(
        secret="rotated-secret", header=request.headers["X-Webhook-Signature"], body=request.body
    )


@pytest.mark.django_db(transaction=True)
def test_test_event_reaches_the_receiver_through_the_celery_worker(receiver, worker):
    subscription = subscribe(receiver, events=[WebhookEvent.STOCK_LOW])

    row = webhook_test_send(subscription=subscription, by=UserFactory(username="admin-user"))

    receiver.wait_for(1, timeout=60)
    (request,) = receiver.requests
    assert request.headers["X-Webhook-Event"] == "webhook.test"
    assert request.headers["X-Webhook-Id"] == str(row.idempotency_key)
    assert webhook_signature_verify(
        secret=subscription.secret, header=request.headers["X-Webhook-Signature"], body=request.body
    )
    worker.wait_for(
        lambda: Notification.objects.get(pk=row.pk).status == NotificationStatus.SENT,
        timeout=60,
        what="the row to be marked sent",
    )
    assert WebhookDelivery.objects.get(notification=row).response_status == 200
