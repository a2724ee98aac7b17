"""Delivering notifications: one row at a time under a row lock, and the sweep over pending rows."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.notifications.channels import channel_for
from common.notifications.choices import NotificationStatus
from common.notifications.models import Notification

logger = logging.getLogger(__name__)

# After this many failed sends a row is marked failed and left alone (the admin can queue it again).
# The task tries five times within about a minute, then the sweep with pauses doubling (8 min, 16 min,
# … at most 6 h): about 14 hours in all.
MAX_ATTEMPTS = 12
BACKOFF_FIRST = datetime.timedelta(seconds=30)
BACKOFF_MAX = datetime.timedelta(hours=6)


def next_attempt_after(attempts: int) -> datetime.timedelta:
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


class DeliveryError(Exception):
    """A channel refused a message; the attempt is recorded and the task retries later."""


def notification_deliver(*, notification_id: int) -> bool:
    """Send one pending notification; return True when this call sent it, False when there was nothing
    to do (already sent, failed for good, or being sent right now by another worker).

    Exactly-once as far as one side effect allows: the row is locked with ``SELECT … FOR UPDATE SKIP
    LOCKED`` and must still be pending, so a second run of the task, a retry and the sweep all return
    without sending. The channel send happens inside that locked transaction and the row is marked sent
    in the same transaction: if the process dies after the mail server accepted the message but before
    the commit, the row is still pending and will be sent again (at-least-once in that crash window,
    never lost). The e-mail's Message-ID is the row's idempotency key, so such a duplicate is
    recognisable downstream. A failed send records the attempt and raises ``DeliveryError``.
    """
    error = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            logger.info("Notification %s: nothing to deliver (sent, failed or locked).", notification_id)
            return False
        notification.attempts += 1
        try:
            channel_for(notification.channel).send(notification)
        except Exception as exc:
            error = exc
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            notification.next_attempt_at = timezone.now() + next_attempt_after(notification.attempts)
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.next_attempt_at = None
            notification.save(
                update_fields=["attempts", "last_error", "status", "sent_at", "next_attempt_at"]
            )
    if error is not None:
        logger.warning(
            "Notification %s (%s to %s): attempt %s failed: %s",
            notification.pk,
            notification.channel,
            notification.address,
            notification.attempts,
            error,
        )
        raise DeliveryError(str(error)) from error
    logger.info(
        "Notification %s delivered by %s to %s (kind %s).",
        notification.pk,
        notification.channel,
        notification.address or notification.recipient_id,
        notification.kind,
    )
    return True


def pending_notifications_deliver(*, older_than_seconds: int = 30, limit: int = 200) -> dict:
    """The sweep: deliver pending rows older than ``older_than_seconds`` (younger ones are normally
    still on their way through the broker) whose back-off after a failed send is over. Returns counts
    of sent and failed attempts."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING, created_at__lte=cutoff)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for notification_id in ids:
        try:
            if notification_deliver(notification_id=notification_id):
                sent += 1
        except DeliveryError:
            failed += 1
    if ids:
        logger.info("Notification sweep: %s pending, %s sent, %s failed.", len(ids), sent, failed)
    return {"pending": len(ids), "sent": sent, "failed": failed}
