from django.db.models import QuerySet

from common.notifications.choices import Channel
from common.notifications.models import Notification


def inbox_for(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The in-app messages of ``user``, newest first."""
    queryset = Notification.objects.filter(recipient=user, channel=Channel.INAPP).order_by(
        "-created_at", "-pk"
    )
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, channel=Channel.INAPP, read_at__isnull=True).count()
