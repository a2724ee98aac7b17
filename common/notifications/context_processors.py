from common.notifications.selectors import unread_count


def notifications(request):
    """The unread count of the top bar: one indexed COUNT query, only for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user=user)}
