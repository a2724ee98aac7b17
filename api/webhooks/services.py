"""Managing webhook subscriptions from the staff screens, and the test event."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.webhooks.models import WebhookSubscription, webhook_secret_new
from common.exceptions import DomainError
from common.notifications.choices import Channel, NotificationStatus, WebhookEvent
from common.notifications.enqueue import task_enqueue
from common.notifications.models import Notification
from common.notifications.services import webhook_notifications_write
from common.notifications.tasks import deliver_notification
from common.notifications.webhooks import WebhookTarget

# Sent only by the "Send a test event" button, to one subscription, whatever events it chose.
WEBHOOK_TEST_EVENT = "webhook.test"


def _events_check(events) -> list[str]:
    events = [str(event) for event in events]
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise DomainError(_("Unknown events: %(events)s.") % {"events": ", ".join(unknown)}, field="events")
    if not events:
        raise DomainError(_("Choose at least one event."), field="events")
    return [event for event in WebhookEvent.values if event in events]  # in the catalogue's order


def webhook_subscription_create(
    *, name: str, target_url: str, events, note: str = "", by
) -> WebhookSubscription:
    with transaction.atomic():
        return WebhookSubscription.objects.create(
            name=name, target_url=target_url, events=_events_check(events), note=note, created_by=by
        )


def webhook_subscription_update(
    *, subscription: WebhookSubscription, name: str, target_url: str, events, note: str = "", new_secret=False
) -> WebhookSubscription:
    """Rows still waiting are sent to the new URL with the new secret: both are read at sending time."""
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        subscription.name, subscription.target_url, subscription.note = name, target_url, note
        subscription.events = _events_check(events)
        if new_secret:
            subscription.secret = webhook_secret_new()
        subscription.save()
    return subscription


def _pending_cancel(subscription: WebhookSubscription, reason: str) -> int:
    return Notification.objects.filter(
        channel=Channel.WEBHOOK,
        webhook_subscription_id=subscription.pk,
        status=NotificationStatus.PENDING,
    ).update(status=NotificationStatus.FAILED, last_error=reason, next_attempt_at=None)


def webhook_subscription_activation(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Switch a subscription off (its waiting deliveries are given up: a receiver switched off should not
    get a burst of old events when it comes back) or on again (it gets the events from now on)."""
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        subscription.is_active = not subscription.is_active
        subscription.save(update_fields=["is_active", "updated_at"])
        if not subscription.is_active:
            _pending_cancel(subscription, "Subscription deactivated before delivery.")
    return subscription


def webhook_subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Delete the subscription with its delivery log; waiting deliveries are given up."""
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        _pending_cancel(subscription, "Subscription deleted before delivery.")
        subscription.delete()


def webhook_test_send(*, subscription: WebhookSubscription, by) -> Notification:
    """One test event to this subscription, through the outbox like any other event."""
    if not subscription.is_active:
        raise DomainError(_("%(name)s is inactive: activate it before testing.") % {"name": subscription})
    payload = {
        "message": "Test event",
        "subscription": subscription.name,
        "sent_by": by.get_username(),
        "sent_at": timezone.now().isoformat(),
    }
    target = WebhookTarget(subscription_id=subscription.pk, url=subscription.target_url)
    with transaction.atomic():
        (row,) = webhook_notifications_write(event=WEBHOOK_TEST_EVENT, payload=payload, targets=[target])
    return row


def webhook_failed_resend(*, subscription: WebhookSubscription) -> int:
    """Queue this subscription's given-up deliveries again (after the receiver was fixed), each with a
    fresh count of attempts; returns how many. Their ids stay, so the receiver can still spot repeats."""
    if not subscription.is_active:
        raise DomainError(
            _("%(name)s is inactive: activate it before sending again.") % {"name": subscription}
        )
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update()
            .filter(
                channel=Channel.WEBHOOK,
                webhook_subscription_id=subscription.pk,
                status=NotificationStatus.FAILED,
            )
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(
            status=NotificationStatus.PENDING, attempts=0, next_attempt_at=None, last_error=""
        )
        for notification_id in ids:
            transaction.on_commit(partial(task_enqueue, deliver_notification, notification_id))
    return len(ids)
