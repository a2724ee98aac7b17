"""Delivery through a real Redis and a real Celery worker (see conftest.py)."""

import time

import pytest
from django.db import transaction

from common.notifications import notify_customer
from common.notifications.choices import Channel, NotificationStatus
from common.notifications.models import Notification
from common.notifications.tasks import deliver_notification, deliver_pending_notifications
from tests.notifications.conftest import CLOSED_BROKER_URL, TEST_BROKER_URL, celery_broker

pytestmark = pytest.mark.django_db(transaction=True)


def _status(pk):
    return Notification.objects.values_list("status", flat=True).get(pk=pk)


def test_return_approval_reaches_the_customer_once(worker):
    with transaction.atomic():
        (notification,) = notify_customer(
            name="Li Lei",
            email="li.lei@example.com",
            language="en",
            template="return_approved",
            context={"number": "RMA-209901-0007"},
            url="https://erp.example.com/r/progress",
        )
        assert _status(notification.pk) == NotificationStatus.PENDING

    worker.wait_for(lambda: _status(notification.pk) == NotificationStatus.SENT, what="delivery")
    time.sleep(0.5)  # a duplicate would have landed by now
    (text,) = worker.mails()
    assert "To: li.lei@example.com" in text
    assert "Your return request RMA-209901-0007 is approved" in text
    assert "https://erp.example.com/r/progress" in text
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.sent_at is not None


def _approve_then_fail():
    with transaction.atomic():
        notify_customer(
            name="Li Lei",
            email="li.lei@example.com",
            language="en",
            template="return_received",
            context={"number": "RMA-209901-0008"},
        )
        raise RuntimeError("the approval failed")


def test_nothing_is_sent_when_the_transaction_rolls_back(worker):
    with pytest.raises(RuntimeError):
        _approve_then_fail()

    assert not Notification.objects.exists()
    time.sleep(0.5)
    assert worker.mails() == []


def test_the_delivery_task_run_twice_sends_one_message(worker):
    notification = Notification.objects.create(
        channel=Channel.EMAIL,
        address="twice@example.com",
        kind="test",
        subject="Only once",
        body="Only once.",
    )
    mark = worker.log_mark()
    deliver_notification.delay(notification.pk)
    deliver_notification.delay(notification.pk)

    worker.wait_for(
        lambda: len(worker.succeeded("deliver_notification", mark)) == 2, what="both tasks to finish"
    )
    first, second = worker.succeeded("deliver_notification", mark)
    assert first.endswith(": True")
    assert second.endswith(": False")
    assert len(worker.mails()) == 1
    log = worker.log(mark)
    assert f"Notification {notification.pk} delivered by email" in log
    assert f"Notification {notification.pk}: nothing to deliver" in log
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1


@pytest.mark.urls("tests.notifications.urls")
def test_with_the_broker_down_the_request_is_quick_and_the_sweep_delivers_later(worker, client):
    with celery_broker(CLOSED_BROKER_URL, worker.queue):
        started = time.monotonic()
        response = client.get("/approve-return/", {"number": "RMA-209901-0009"})
        elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < 2, f"the request waited {elapsed:.2f} s on the broker"
    (pk,) = response.json()["ids"]
    time.sleep(0.5)
    assert _status(pk) == NotificationStatus.PENDING
    assert worker.mails() == []

    # The broker is back (this process publishes to the real Redis again): the sweep delivers the row.
    with celery_broker(TEST_BROKER_URL, worker.queue):
        deliver_pending_notifications.delay(0)
        worker.wait_for(lambda: _status(pk) == NotificationStatus.SENT, what="the sweep")
    (mail,) = worker.mails()
    assert "RMA-209901-0009" in mail

    # A second sweep finds nothing left to send.
    mark = worker.log_mark()
    deliver_pending_notifications.delay(0)
    worker.wait_for(lambda: worker.succeeded("deliver_pending_notifications", mark), what="second sweep")
    (line,) = worker.succeeded("deliver_pending_notifications", mark)
    assert "'sent': 0" in line
    assert len(worker.mails()) == 1
