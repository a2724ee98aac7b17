from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
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


class ReadOnlyLogEntryAdmin(AuditlogLogEntryAdmin):
    """The audit trail in the admin: readable, never added to, changed or deleted (not even in bulk)."""

    actions = None

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(LogEntry)
admin.site.register(LogEntry, ReadOnlyLogEntryAdmin)
