import logging
import time
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from common.notifications import (
    notify_approvers,
    notify_customer,
    notify_permission_holders,
    notify_users,
    permission_holders,
)
from common.notifications.choices import Channel, NotificationStatus
from common.notifications.delivery import (
    MAX_ATTEMPTS,
    DeliveryError,
    next_attempt_after,
    notification_deliver,
    pending_notifications_deliver,
)
from common.notifications.enqueue import task_enqueue
from common.notifications.models import Notification
from common.notifications.schedules import SWEEP_TASK, SWEEP_TASK_NAME
from common.notifications.tasks import deliver_notification
from tests.factories import UserFactory
from tests.notifications.conftest import CLOSED_BROKER_URL, celery_broker
from tests.threads import run_together

pytestmark = pytest.mark.django_db


def _email(**kwargs):
    return Notification.objects.create(
        **{"channel": Channel.EMAIL, "address": "a@example.com", "kind": "test", "subject": "Hi", **kwargs}
    )


def test_in_app_messages_are_delivered_by_being_written(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        (row,) = notify_users(users=[user], kind="low_stock", subject="Low stock: bolts", body="5 left")
    assert callbacks == []  # nothing to send through the broker
    assert row.status == NotificationStatus.SENT
    assert row.recipient == user
    assert row.read_at is None


def test_e_mail_to_staff_goes_to_users_with_an_address(django_capture_on_commit_callbacks):
    with_address = UserFactory(email="keeper@example.com")
    without_address = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = notify_users(
            users=[with_address, without_address],
            kind="low_stock",
            subject="Low stock",
            body="Bolts are low.",
            url="/inventory/stock/",
            channels=("inapp", "email"),
        )
    assert [(row.channel, row.recipient) for row in rows] == [
        ("inapp", with_address),
        ("email", with_address),
        ("inapp", without_address),
    ]
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["keeper@example.com"]
    assert "/inventory/stock/" in message.body
    email_row = rows[1]
    email_row.refresh_from_db()
    assert email_row.status == NotificationStatus.SENT
    assert message.extra_headers["Message-ID"].startswith(f"<{email_row.idempotency_key}@")


def test_customer_gets_e_mail_and_sms_in_their_language(django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="common.notifications")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify_customer(
            name="王芳",
            email="wang@example.com",
            phone="13800000000",
            language="zh-hans",
            template="return_approved",
            context={"number": "RMA-209901-0001"},
            url="https://erp.example.com/r/x",
        )
    assert [row.channel for row in rows] == ["email", "sms"]
    assert all(row.language == "zh-hans" for row in rows)
    assert all(row.kind == "customer_return.return_approved" for row in rows)
    (message,) = mail.outbox
    assert message.subject == "您的退货申请 RMA-209901-0001 已获批准"
    assert "SMS to 13800000000" in caplog.text
    assert "https://erp.example.com/r/x" in caplog.text
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2


def test_a_customer_without_address_or_phone_gets_nothing():
    rows = notify_customer(
        name="X", email="", language="en", template="return_received", context={"number": "RMA-1"}
    )
    assert rows == []


def test_permission_holders_through_a_group_or_directly_and_active_only():
    approver = UserFactory(role="approver")
    direct = UserFactory()
    direct.user_permissions.add(Permission.objects.get(codename="view_transitionlog"))
    both = UserFactory(role="accountant")
    both.user_permissions.add(Permission.objects.get(codename="view_transitionlog"))
    UserFactory(role="approver", is_active=False)
    UserFactory(is_superuser=True)  # superuser status alone does not subscribe anyone
    UserFactory(role="sales_clerk")

    holders = list(permission_holders(permission="common.view_transitionlog"))

    assert holders == [approver, direct, both]
    assert list(permission_holders(permission="common.no_such_permission")) == []


def test_notify_permission_holders_leaves_out_the_excluded_user():
    creator = UserFactory(role="approver")
    other = UserFactory(role="approver")
    rows = notify_permission_holders(
        permission="common.view_transitionlog",
        kind="approval_waiting",
        subject="PO-1 waits",
        body="",
        exclude_user=creator,
    )
    assert [row.recipient for row in rows] == [other]


def test_notify_approvers_names_the_document():
    creator = UserFactory(role="approver")
    approver = UserFactory(role="approver")
    (row,) = notify_approvers(
        document_label="Purchase order",
        number="PO-209901-0003",
        url="/purchasing/orders/3/",
        permission="common.view_transitionlog",
        exclude_user=creator,
    )
    assert row.recipient == approver
    assert row.subject == "Purchase order PO-209901-0003 is waiting for your approval"
    assert row.kind == "approval_waiting"
    assert row.url == "/purchasing/orders/3/"


def test_a_notification_is_delivered_once_however_often_delivery_runs():
    row = _email()
    assert notification_deliver(notification_id=row.pk) is True
    assert notification_deliver(notification_id=row.pk) is False
    assert deliver_notification.delay(row.pk).get() is False
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 1)


def test_a_failed_send_is_recorded_and_raised_for_a_retry(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    row = _email()
    with pytest.raises(DeliveryError, match="mail server is down"):
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error


def test_after_a_failed_send_the_sweep_waits_for_the_back_off(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    row = _email()
    with pytest.raises(DeliveryError):
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.next_attempt_at > row.created_at
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert pending_notifications_deliver(older_than_seconds=0)["pending"] == 0  # still waiting
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)
    assert pending_notifications_deliver(older_than_seconds=0) == {"pending": 1, "sent": 1, "failed": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (NotificationStatus.SENT, 2, None)


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(1, 30), (2, 60), (3, 120), (10, 15360), (11, 6 * 3600), (MAX_ATTEMPTS, 6 * 3600)],
)
def test_the_back_off_doubles_up_to_six_hours(attempts, seconds):
    assert next_attempt_after(attempts).total_seconds() == seconds


def test_after_the_last_attempt_a_notification_is_failed_and_the_sweep_leaves_it(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    row = _email(attempts=MAX_ATTEMPTS - 1)
    with pytest.raises(DeliveryError):
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert pending_notifications_deliver(older_than_seconds=0) == {"pending": 0, "sent": 0, "failed": 0}
    assert mail.outbox == []


def test_run_eagerly_a_failing_send_neither_raises_nor_loops(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.FailingEmailBackend"
    row = _email()
    assert task_enqueue(deliver_notification, row.pk) is True
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.PENDING, 1)


def test_the_sweep_sends_pending_rows_older_than_the_grace_period():
    old = _email(address="old@example.com")
    Notification.objects.filter(pk=old.pk).update(created_at=old.created_at.replace(year=2000))
    _email(address="new@example.com")
    assert pending_notifications_deliver(older_than_seconds=30) == {"pending": 1, "sent": 1, "failed": 0}
    assert [message.to for message in mail.outbox] == [["old@example.com"]]


def test_enqueueing_with_the_broker_down_returns_quickly_and_logs(caplog):
    started = time.monotonic()
    with celery_broker(CLOSED_BROKER_URL):
        assert task_enqueue(deliver_notification, 1) is False
    assert time.monotonic() - started < 2
    assert "the periodic sweep will pick it up" in caplog.text


def test_the_sweep_is_scheduled_every_minute_and_editable_in_the_admin():
    task = PeriodicTask.objects.get(name=SWEEP_TASK_NAME)
    assert task.task == SWEEP_TASK
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.enabled


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_at_the_same_moment_send_one_message(settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.SlowEmailBackend"
    row = _email()
    outcomes = run_together(2, lambda _index: notification_deliver(notification_id=row.pk))
    assert sorted(outcomes) == [("ok", False), ("ok", True)]
    assert len(mail.outbox) == 1


def test_the_command_delivers_what_is_pending():
    _email()
    out = StringIO()
    call_command("deliver_notifications", stdout=out)
    assert out.getvalue().strip() == "1 pending, 1 sent, 0 failed."
    assert len(mail.outbox) == 1


def test_the_admin_queues_failed_notifications_again(admin_client):
    row = _email(status=NotificationStatus.FAILED, attempts=MAX_ATTEMPTS)
    sent = _email(status=NotificationStatus.SENT)
    response = admin_client.post(
        reverse("admin:common_notification_changelist"),
        {"action": "deliver_again", "_selected_action": [row.pk, sent.pk]},
        follow=True,
    )
    assert "1 notification queued." in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 1)
    assert len(mail.outbox) == 1


def test_the_progress_link_appears_once_in_a_customer_e_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_customer(
            name="Li",
            email="li@example.com",
            language="en",
            template="return_received",
            context={"number": "RMA-209901-0005"},
            url="https://erp.example.com/r/abc",
        )
    (message,) = mail.outbox
    assert message.body.count("https://erp.example.com/r/abc") == 1
