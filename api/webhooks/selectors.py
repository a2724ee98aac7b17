from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from api.webhooks.models import WebhookDelivery, WebhookSubscription
from common.notifications.choices import Channel, NotificationStatus
from common.notifications.models import Notification


def _pending_count():
    rows = (
        Notification.objects.filter(
            channel=Channel.WEBHOOK,
            webhook_subscription_id=OuterRef("pk"),
            status=NotificationStatus.PENDING,
        )
        .values("webhook_subscription_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def subscriptions_list() -> QuerySet[WebhookSubscription]:
    """Subscriptions with their last attempt (when, which status) and how many rows still wait."""
    last = WebhookDelivery.objects.filter(subscription=OuterRef("pk")).order_by("-sent_at", "-pk")
    return WebhookSubscription.objects.annotate(
        last_sent_at=Subquery(last.values("sent_at")[:1]),
        last_status=Subquery(last.values("response_status")[:1]),
        last_succeeded=Subquery(last.values("succeeded")[:1]),
        pending=_pending_count(),
    )


def deliveries_of(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-sent_at", "-pk")


def waiting_rows_of(*, subscription: WebhookSubscription) -> QuerySet[Notification]:
    """Outbox rows of this subscription not yet delivered: pending (with their next attempt) or failed."""
    return Notification.objects.filter(
        channel=Channel.WEBHOOK,
        webhook_subscription_id=subscription.pk,
        status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED],
    ).order_by("-created_at", "-pk")
