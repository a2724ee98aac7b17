"""Celery tasks of the notification outbox. Both are safe to run twice."""

import logging

from celery import shared_task

from common.notifications.delivery import (
    DeliveryError,
    notification_deliver,
    pending_notifications_deliver,
)

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(DeliveryError,),
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=4,
)
def deliver_notification(self, notification_id: int) -> bool:
    """Deliver one notification. A failed send is retried four times with exponential back-off and
    jitter (pauses of up to 5, 10, 20 and 40 s); after that the sweep keeps trying with longer pauses
    (see ``delivery.MAX_ATTEMPTS``). Run eagerly (the embedded default) a failure is logged instead of
    retried in a tight loop, and the row stays pending for the sweep."""
    if self.request.is_eager:
        try:
            return notification_deliver(notification_id=notification_id)
        except DeliveryError:
            logger.warning("Notification %s not delivered; it stays pending.", notification_id)
            return False
    return notification_deliver(notification_id=notification_id)


@shared_task(acks_late=True)
def deliver_pending_notifications(older_than_seconds: int = 30) -> dict:
    """The periodic sweep (every minute by default, editable in the admin under Periodic tasks)."""
    return pending_notifications_deliver(older_than_seconds=older_than_seconds)
