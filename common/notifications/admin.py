from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.notifications.choices import NotificationStatus
from common.notifications.enqueue import task_enqueue
from common.notifications.models import Notification
from common.notifications.tasks import deliver_notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "kind",
        "recipient_name",
        "address",
        "subject",
        "status",
        "attempts",
    ]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["subject", "address", "recipient_name", "recipient__username"]
    date_hierarchy = "created_at"
    actions = ["deliver_again"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deliver the selected pending or failed notifications again"))
    def deliver_again(self, request, queryset):
        ids = list(queryset.exclude(status=NotificationStatus.SENT).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(
            status=NotificationStatus.PENDING, attempts=0, next_attempt_at=None
        )
        for notification_id in ids:
            task_enqueue(deliver_notification, notification_id)
        self.message_user(
            request,
            ngettext("%(count)d notification queued.", "%(count)d notifications queued.", len(ids))
            % {"count": len(ids)},
            messages.SUCCESS,
        )
