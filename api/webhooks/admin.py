from django.contrib import admin

from api.webhooks.models import WebhookDelivery, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "target_url", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "target_url"]
    exclude = ["secret"]  # shown on the staff screen to those who may change the subscription


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log is a record of what happened: read only."""

    list_display = [
        "sent_at",
        "subscription",
        "event",
        "attempt",
        "response_status",
        "succeeded",
        "duration_ms",
    ]
    list_filter = ["succeeded", "event"]
    search_fields = ["webhook_id", "request_url"]
    date_hierarchy = "sent_at"
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
