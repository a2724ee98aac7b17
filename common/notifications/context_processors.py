from common.notifications.choices import Channel
from common.notifications.models import Notification


def notifications(request):
    """The unread count of the top bar: one indexed COUNT query, only for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = Notification.objects.filter(recipient=user, channel=Channel.INAPP, read_at__isnull=True).count()
    return {"unread_notifications": unread}
