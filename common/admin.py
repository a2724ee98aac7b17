from django.contrib import admin

from common.models import TransitionLog


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    list_display = ["at", "document_number", "source", "target", "by"]
    search_fields = ["document_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from common.notifications.admin import NotificationAdmin  # noqa: E402, F401  (registers the outbox)
